//! Attribute opcodes with inline caches keyed by layout id.
//!
//! Cache units (3 after LOAD_ATTR / STORE_ATTR / LOAD_METHOD):
//! - unit 0: layout id + 1 of the receiver (0 = empty cache);
//! - unit 1: LOAD_ATTR/STORE_ATTR: bits 0-7 in-object slot index, bit 30 = the slot is in the
//!   overflow array (index in bits 0-7 then), bit 31 (STORE_ATTR only) = shape transition,
//!   with the target layout id in bits 8-27; LOAD_METHOD: bits 0-23 entry index in the
//!   defining type's dict, bits 24-31 that type's position in the receiver type's MRO;
//! - unit 2: the type version the entry was validated against.
//!
//! A hit needs the receiver's layout id to match and the layout table's mirrored type
//! version to equal unit 2 (any change to the type or a base bumps it). Caches are
//! monomorphic for now: FIXME(polymorphic-caches) add the 4-entry polymorphic state.

use ember_gc::{LayoutId, Value};

use crate::errors::PyResult;
use crate::layout::AttrLoc;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, type_};
use crate::protocol::attr::{self as pattr, DescrKind};
use crate::thread::Thread;

const OVERFLOW: u32 = 1 << 30;
const TRANSITION: u32 = 1 << 31;

#[inline]
fn cache_units(t: &Thread, fi: usize) -> (*mut u32, [u32; 3]) {
    let f = &t.frames[fi];
    let at = f.pc - 3;
    // SAFETY: the frame roots its code object; `at..at+3` are this instruction's cache units.
    unsafe {
        let c = &mut (*f.code).code;
        let p = c.as_mut_ptr().add(at);
        (p, [*p, *p.add(1), *p.add(2)])
    }
}

#[inline]
fn write_cache(p: *mut u32, units: [u32; 3]) {
    // SAFETY: `p` came from `cache_units` for the running instruction; the code vector is
    // alive and never resized while running.
    unsafe {
        *p = units[0];
        *p.add(1) = units[1];
        *p.add(2) = units[2];
    }
}

fn name_at(t: &Thread, fi: usize, arg: u32) -> Value {
    let sym = t.frames[fi].code().name_syms[arg as usize];
    t.sym_str(sym)
}

/// Whether the type's attribute protocol is the generic one (no `__getattribute__`,
/// `__getattr__` or `__setattr__` overrides), so caching by layout is sound.
fn is_plain_instance_type(t: &mut Thread, ty: Value, for_store: bool) -> PyResult<bool> {
    let h = t.root(ty);
    let ga = type_::lookup_str(t, ty, "__getattribute__")?;
    if let Some(g) = ga {
        if !pattr::is_object_method(t, g) {
            return Ok(false);
        }
    }
    if for_store {
        if let Some(s) = type_::lookup_str(t, t.get(h), "__setattr__")? {
            if !pattr::is_object_method(t, s) {
                return Ok(false);
            }
        }
    } else if type_::lookup_str(t, t.get(h), "__getattr__")?.is_some() {
        return Ok(false);
    }
    Ok(true)
}

/// LOAD_ATTR.
pub fn load_attr(t: &mut Thread, fi: usize, arg: u32, _lasti: usize) -> PyResult<()> {
    let obj = t.stack.top();
    let (p, c) = cache_units(t, fi);
    if c[0] != 0 && obj.is_heap() {
        let lid = t.heap.layout_id(obj);
        if lid.0 + 1 == c[0] && t.layouts.get(lid).type_version == c[2] {
            let v = if c[1] & OVERFLOW == 0 {
                t.heap.slot(obj, (c[1] & 0xff) as usize)
            } else {
                let ov = t.layouts.get(lid).overflow_slot.unwrap_or(0) as usize;
                t.heap.slot(t.heap.slot(obj, ov), (c[1] & 0xff) as usize)
            };
            let sp = t.stack.sp;
            t.stack.slots[sp - 1] = v;
            return Ok(());
        }
    }
    let name = name_at(t, fi, arg);
    // Try to fill the cache: an instance attribute in a layout slot, with no data
    // descriptor of that name on the type.
    if obj.is_heap() {
        let lid = t.heap.layout_id(obj);
        let layout = t.layouts.get(lid);
        if !layout.dict_mode
            && layout.overflow_slot.is_some()
            && !crate::objects::type_::is_type(t, obj)
        {
            if let Some(sym) = t.find_symbol(name) {
                if let Some(loc) = t.layouts.get(lid).lookup(sym) {
                    let ty = t.type_of(obj);
                    let hn = t.root(name);
                    let hty = t.root(ty);
                    let plain = is_plain_instance_type(t, ty, false)?;
                    let shadow = match type_::lookup(t, t.get(hty), t.get(hn)) {
                        Some(d) => pattr::descr_kind(t, d)? == DescrKind::Data,
                        None => false,
                    };
                    if plain && !shadow {
                        let unit1 = match loc {
                            AttrLoc::InObject(i) if i < 256 => Some(i),
                            AttrLoc::Overflow(i) if i < 256 => Some(i | OVERFLOW),
                            _ => None,
                        };
                        if let Some(u1) = unit1 {
                            let ver = t.layouts.get(lid).type_version;
                            write_cache(p, [lid.0 + 1, u1, ver]);
                        }
                    }
                    let obj = t.stack.top();
                    let name = t.get(hn);
                    let v = crate::protocol::getattr(t, obj, name)?;
                    let sp = t.stack.sp;
                    t.stack.slots[sp - 1] = v;
                    return Ok(());
                }
            }
        }
    }
    let v = crate::protocol::getattr(t, obj, name)?;
    let sp = t.stack.sp;
    t.stack.slots[sp - 1] = v;
    Ok(())
}

/// STORE_ATTR: `TOS.name = TOS1`.
pub fn store_attr(t: &mut Thread, fi: usize, arg: u32, _lasti: usize) -> PyResult<()> {
    let obj = t.stack.peek(1);
    let value = t.stack.peek(2);
    let (p, c) = cache_units(t, fi);
    if c[0] != 0 && obj.is_heap() {
        let lid = t.heap.layout_id(obj);
        if lid.0 + 1 == c[0] && t.layouts.get(lid).type_version == c[2] {
            let i = (c[1] & 0xff) as usize;
            if c[1] & TRANSITION != 0 {
                let new = LayoutId((c[1] >> 8) & 0xf_ffff);
                t.heap.set_layout_id(obj, new);
                t.heap.set_slot(obj, i, value);
            } else if c[1] & OVERFLOW == 0 {
                t.heap.set_slot(obj, i, value);
            } else {
                let ov = t.layouts.get(lid).overflow_slot.unwrap_or(0) as usize;
                let arr = t.heap.slot(obj, ov);
                t.heap.set_slot(arr, i, value);
            }
            t.stack.sp -= 2;
            return Ok(());
        }
    }
    let name = name_at(t, fi, arg);
    let before = if obj.is_heap() {
        Some(t.heap.layout_id(obj))
    } else {
        None
    };
    let cacheable = match before {
        Some(lid) => {
            let l = t.layouts.get(lid);
            !l.dict_mode && l.overflow_slot.is_some() && !type_::is_type(t, obj)
        }
        None => false,
    };
    let hn = t.root(name);
    let mut ok_to_cache = false;
    if cacheable {
        let ty = t.type_of(obj);
        let hty = t.root(ty);
        let plain = is_plain_instance_type(t, ty, true)?;
        let shadow = match type_::lookup(t, t.get(hty), t.get(hn)) {
            Some(d) => pattr::descr_kind(t, d)? != DescrKind::Plain,
            None => false,
        };
        ok_to_cache = plain && !shadow;
    }
    let obj = t.stack.peek(1);
    let value = t.stack.peek(2);
    crate::protocol::setattr(t, obj, t.get(hn), value)?;
    if ok_to_cache {
        let obj = t.stack.peek(1);
        let after = t.heap.layout_id(obj);
        if let (Some(before), Some(sym)) = (before, t.find_symbol(t.get(hn))) {
            let loc = t.layouts.get(after).lookup(sym);
            let ver = t.layouts.get(before).type_version;
            let unit = match loc {
                Some(AttrLoc::InObject(i)) if i < 256 && after == before => Some(i),
                Some(AttrLoc::Overflow(i)) if i < 256 && after == before => Some(i | OVERFLOW),
                Some(AttrLoc::InObject(i)) if i < 256 && after.0 < (1 << 20) => {
                    Some(i | (after.0 << 8) | TRANSITION)
                }
                _ => None,
            };
            if let Some(u) = unit {
                write_cache(p, [before.0 + 1, u, ver]);
            }
        }
    }
    t.stack.sp -= 2;
    Ok(())
}

/// DELETE_ATTR.
pub fn delete_attr(t: &mut Thread, fi: usize, arg: u32) -> PyResult<()> {
    let obj = t.stack.top();
    let name = name_at(t, fi, arg);
    crate::protocol::delattr(t, obj, name)?;
    t.stack.sp -= 1;
    Ok(())
}

/// LOAD_METHOD: pushes `(function, self)` when the attribute is a plain function found on
/// the type (no bound-method allocation), else `(NULL, attribute)`.
pub fn load_method(t: &mut Thread, fi: usize, arg: u32, _lasti: usize) -> PyResult<()> {
    let obj = t.stack.top();
    let (p, c) = cache_units(t, fi);
    if c[0] != 0 {
        let lid = t.layout_of(obj);
        if lid.0 + 1 == c[0] && t.layouts.get(lid).type_version == c[2] {
            let ty = t.layouts.get(lid).type_;
            let mro = type_::type_mro(t, ty);
            let owner = t.heap.slot(mro, (c[1] >> 24) as usize);
            let d = type_::type_dict(t, owner);
            let f = dict::value_at(t, d, (c[1] & 0xff_ffff) as usize);
            let sp = t.stack.sp;
            t.stack.slots[sp - 1] = f;
            t.stack.push(obj);
            return Ok(());
        }
    }
    let name = name_at(t, fi, arg);
    let hn = t.root(name);
    let ty = t.type_of(obj);
    let hty = t.root(ty);
    let is_super = t.layout_of(obj) == BuiltinType::Super.layout();
    if !is_super && !type_::is_type(t, obj) && !crate::objects::module::is_module(t, obj) {
        let plain = is_plain_instance_type(t, ty, false)?;
        if plain {
            // Find the attribute along the MRO, remembering where.
            let mro = type_::type_mro(t, t.get(hty));
            let n = t.heap.count(mro);
            let mut found = None;
            for i in 0..n {
                let mro = type_::type_mro(t, t.get(hty));
                let base = t.heap.slot(mro, i);
                let d = type_::type_dict(t, base);
                if let Some(ix) = dict::find_index(t, d, t.get(hn))? {
                    found = Some((i, ix));
                    break;
                }
            }
            if let Some((mi, ix)) = found {
                let mro = type_::type_mro(t, t.get(hty));
                let owner = t.heap.slot(mro, mi);
                let d = type_::type_dict(t, owner);
                let f = dict::value_at(t, d, ix);
                let fl = t.layout_of(f);
                let is_method = fl == BuiltinType::Function.layout()
                    || fl == BuiltinType::MethodDescriptor.layout();
                let obj = t.stack.top();
                let shadowed = pattr::instance_get(t, obj, t.get(hn))?.is_some();
                if is_method && !shadowed {
                    let obj = t.stack.top();
                    let lid = t.layout_of(obj);
                    let l = t.layouts.get(lid);
                    if !l.dict_mode && mi < 256 && ix < (1 << 24) {
                        let ver = l.type_version;
                        write_cache(p, [lid.0 + 1, ((mi as u32) << 24) | ix as u32, ver]);
                    }
                    let sp = t.stack.sp;
                    let mro = type_::type_mro(t, t.get(hty));
                    let owner = t.heap.slot(mro, mi);
                    let d = type_::type_dict(t, owner);
                    let f = dict::value_at(t, d, ix);
                    t.stack.slots[sp - 1] = f;
                    t.stack.push(obj);
                    return Ok(());
                }
            }
        }
    }
    let obj = t.stack.top();
    let v = crate::protocol::getattr(t, obj, t.get(hn))?;
    let sp = t.stack.sp;
    t.stack.slots[sp - 1] = Value::UNBOUND;
    t.stack.push(v);
    Ok(())
}

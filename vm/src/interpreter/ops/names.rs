//! Name access: locals (UnboundLocalError), cells, `LOAD_NAME`/`STORE_NAME` for module and
//! class bodies, and globals/builtins with the `LOAD_GLOBAL` inline cache.
//!
//! LOAD_GLOBAL's cache (3 units after the instruction): globals keys-version, builtins
//! keys-version, and the entry index (bit 31 set: the entry is in builtins). A dict's keys
//! version changes whenever its key set changes, so "version matches" proves the name still
//! sits at that entry; the value is read live from the entry.

use ember_gc::Value;

use crate::bytecode::Op;
use crate::errors::{PyResult, Raised};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, function, str as pystr};
use crate::thread::Thread;

#[cold]
pub fn unbound_local(t: &mut Thread, fi: usize, arg: u32) -> Raised {
    let name = t.frames[fi]
        .code()
        .varnames
        .get(arg as usize)
        .cloned()
        .unwrap_or_default();
    let msg =
        format!("cannot access local variable '{name}' where it is not associated with a value");
    t.raise_msg(BuiltinType::UnboundLocalError, &msg)
}

#[cold]
fn free_var_error(t: &mut Thread, fi: usize, arg: u32) -> Raised {
    let cd = t.frames[fi].code();
    let ncells = cd.ncells as usize;
    let i = arg as usize;
    let name = cd.name_of_cell(i);
    if i < ncells {
        let msg = format!(
            "cannot access local variable '{name}' where it is not associated with a value"
        );
        t.raise_msg(BuiltinType::UnboundLocalError, &msg)
    } else {
        let msg = format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope");
        t.raise_msg(BuiltinType::NameError, &msg)
    }
}

/// LOAD_DEREF, STORE_DEREF, DELETE_DEREF, LOAD_CLOSURE, LOAD_CLASSDEREF.
pub fn deref_op(t: &mut Thread, fi: usize, op: Op, arg: u32) -> PyResult<()> {
    let f = &t.frames[fi];
    let slot = f.base + f.code().nlocals as usize + arg as usize;
    let cell = t.stack.slots[slot];
    match op {
        Op::LOAD_CLOSURE => t.stack.push(cell),
        Op::LOAD_DEREF => {
            let v = t.heap.slot(cell, 0);
            if v.is_unbound() {
                return Err(free_var_error(t, fi, arg));
            }
            t.stack.push(v);
        }
        Op::STORE_DEREF => {
            let v = t.stack.pop();
            t.heap.set_slot(cell, 0, v);
        }
        Op::DELETE_DEREF => {
            if t.heap.slot(cell, 0).is_unbound() {
                return Err(free_var_error(t, fi, arg));
            }
            t.heap.set_slot(cell, 0, Value::UNBOUND);
        }
        _ => {
            // LOAD_CLASSDEREF: the class namespace first, then the cell.
            let locals = t.frames[fi].locals;
            let name = t.frames[fi].code().name_of_cell(arg as usize);
            let hc = t.root(cell);
            let key = pystr::new_str(t, &name)?;
            let found = mapping_get(t, locals, key)?;
            match found {
                Some(v) => t.stack.push(v),
                None => {
                    let v = t.heap.slot(t.get(hc), 0);
                    if v.is_unbound() {
                        return Err(free_var_error(t, fi, arg));
                    }
                    t.stack.push(v);
                }
            }
        }
    }
    Ok(())
}

/// `mapping[key]` for a locals mapping (dict fast path), None (Rust) when missing.
fn mapping_get(t: &mut Thread, m: Value, key: Value) -> PyResult<Option<Value>> {
    if dict::is_dict(t, m) && t.heap.layout_id(m) == BuiltinType::Dict.layout() {
        return dict::get(t, m, key);
    }
    match crate::protocol::getitem(t, m, key) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if t.exception_matches(BuiltinType::KeyError) {
                t.take_exception();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

fn name_at(t: &Thread, fi: usize, arg: u32) -> Value {
    let sym = t.frames[fi].code().name_syms[arg as usize];
    t.sym_str(sym)
}

#[cold]
fn name_error(t: &mut Thread, name: Value) -> Raised {
    let n = pystr::to_rust_string(t, name);
    let msg = format!("name '{n}' is not defined");
    let hn = t.root(name);
    let r = t.raise_msg(BuiltinType::NameError, &msg);
    let e = t.exception;
    let he = t.root(e);
    let _ = crate::protocol::attr::set_instance_attr_str(t, e, "name", t.get(hn));
    t.exception = t.get(he);
    r
}

/// LOAD_NAME, STORE_NAME, DELETE_NAME.
pub fn name_op(t: &mut Thread, fi: usize, op: Op, arg: u32) -> PyResult<()> {
    let name = name_at(t, fi, arg);
    let locals = t.frames[fi].locals;
    if locals.is_unbound() {
        return Err(t.system_error("no locals found"));
    }
    let hn = t.root(name);
    let hl = t.root(locals);
    match op {
        Op::STORE_NAME => {
            let v = t.stack.pop();
            if t.heap.layout_id(locals) == BuiltinType::Dict.layout() {
                dict::set(t, locals, name, v)?;
            } else {
                crate::protocol::setitem(t, locals, name, v)?;
            }
        }
        Op::DELETE_NAME => {
            let ok = if t.heap.layout_id(locals) == BuiltinType::Dict.layout() {
                dict::remove(t, locals, name)?.is_some()
            } else {
                crate::protocol::delitem(t, locals, name).is_ok()
            };
            if !ok {
                t.take_exception();
                return Err(name_error(t, t.get(hn)));
            }
        }
        _ => {
            if let Some(v) = mapping_get(t, t.get(hl), t.get(hn))? {
                t.stack.push(v);
                return Ok(());
            }
            let g = t.frames[fi].globals;
            if let Some(v) = dict::get(t, g, t.get(hn))? {
                t.stack.push(v);
                return Ok(());
            }
            let b = t.frames[fi].builtins;
            if let Some(v) = dict::get(t, b, t.get(hn))? {
                t.stack.push(v);
                return Ok(());
            }
            return Err(name_error(t, t.get(hn)));
        }
    }
    Ok(())
}

const IN_BUILTINS: u32 = 1 << 31;

/// LOAD_GLOBAL with its inline cache.
pub fn load_global(t: &mut Thread, fi: usize, arg: u32, lasti: usize) -> PyResult<()> {
    let f = &t.frames[fi];
    let (g, b) = (f.globals, f.builtins);
    let code = f.code;
    // The cache units follow the instruction unit at `lasti` (after any EXTENDED_ARG).
    let cache_at = lasti + 1;
    // SAFETY: the frame roots its code object; the cache units are inside the code vector.
    let (gv, bv, ix) = unsafe {
        let c = &(*code).code;
        (c[cache_at], c[cache_at + 1], c[cache_at + 2])
    };
    if gv != 0 && gv == dict::version(t, g) {
        let v = if ix & IN_BUILTINS == 0 {
            Some(dict::value_at(t, g, ix as usize))
        } else if bv == dict::version(t, b) {
            Some(dict::value_at(t, b, (ix & !IN_BUILTINS) as usize))
        } else {
            None
        };
        if let Some(v) = v {
            if arg & 1 == 1 {
                t.stack.push(Value::UNBOUND);
            }
            t.stack.push(v);
            return Ok(());
        }
    }
    let name = name_at(t, fi, arg >> 1);
    let hn = t.root(name);
    let (v, entry) = if let Some(i) = dict::find_index(t, g, name)? {
        let g = t.frames[fi].globals;
        (dict::value_at(t, g, i), Some((i as u32, 0u32)))
    } else {
        let b = t.frames[fi].builtins;
        match dict::find_index(t, b, t.get(hn))? {
            Some(i) => {
                let b = t.frames[fi].builtins;
                (
                    dict::value_at(t, b, i),
                    Some((i as u32 | IN_BUILTINS, dict::version(t, b))),
                )
            }
            None => return Err(name_error(t, t.get(hn))),
        }
    };
    if let Some((ix, bv)) = entry {
        let g = t.frames[fi].globals;
        let gv = dict::version(t, g);
        // SAFETY: as above; quickening writes only the instruction's own cache units.
        unsafe {
            let c = &mut (*code).code;
            c[cache_at] = gv;
            c[cache_at + 1] = bv;
            c[cache_at + 2] = ix;
        }
    }
    if arg & 1 == 1 {
        t.stack.push(Value::UNBOUND);
    }
    t.stack.push(v);
    Ok(())
}

/// STORE_GLOBAL, DELETE_GLOBAL.
pub fn global_op(t: &mut Thread, fi: usize, op: Op, arg: u32) -> PyResult<()> {
    let name = name_at(t, fi, arg);
    let g = t.frames[fi].globals;
    if op == Op::STORE_GLOBAL {
        let v = t.stack.pop();
        dict::set(t, g, name, v)
    } else {
        let hn = t.root(name);
        if dict::remove(t, g, name)?.is_none() {
            return Err(name_error(t, t.get(hn)));
        }
        Ok(())
    }
}

/// SETUP_ANNOTATIONS.
pub fn setup_annotations(t: &mut Thread, fi: usize) -> PyResult<()> {
    let locals = t.frames[fi].locals;
    let hl = t.root(locals);
    let key = pystr::new_str(t, "__annotations__")?;
    let hk = t.root(key);
    if mapping_get(t, t.get(hl), key)?.is_some() {
        return Ok(());
    }
    let d = dict::new_dict(t)?;
    crate::protocol::setitem(t, t.get(hl), t.get(hk), d)
}

/// The function object of a frame (for messages), if any.
pub fn frame_function(t: &Thread, fi: usize) -> Option<Value> {
    let f = t.frames[fi].func;
    function::is_function(t, f).then_some(f)
}

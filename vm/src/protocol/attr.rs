//! Attribute access: `object.__getattribute__`/`__setattr__`/`__delattr__` over layouts
//! (hidden classes), type and module attribute lookup, and the descriptor protocol.
//!
//! Instance attributes live where the object's layout says (in-object slot or overflow
//! array). Adding an attribute follows (or creates) an add transition; deleting one follows a
//! delete transition to a layout whose freed slot the next addition reuses. Past
//! `MAX_LAYOUT_ATTRS` or on `__dict__` access, the instance moves to dictionary mode: its
//! overflow slot then holds a real dict, which is what `__dict__` returns (live by
//! construction).

use ember_gc::{LayoutId, Value};

use crate::errors::PyResult;
use crate::layout::{AttrLoc, Layout, MAX_LAYOUT_ATTRS};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, function, module, str as pystr, type_};
use crate::symbols::Symbol;
use crate::thread::Thread;

/// What a class-level attribute is, for the descriptor protocol.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum DescrKind {
    /// Not a descriptor.
    Plain,
    /// Has `__get__` only (functions, classmethods, ...).
    NonData,
    /// Has `__set__` or `__delete__` (properties, slot descriptors, ...).
    Data,
}

/// Classifies a class attribute value.
pub fn descr_kind(t: &mut Thread, v: Value) -> PyResult<DescrKind> {
    if !v.is_heap() {
        return Ok(DescrKind::Plain);
    }
    let l = t.heap.layout_id(v);
    use BuiltinType as B;
    for (b, k) in [
        (B::Function, DescrKind::NonData),
        (B::MethodDescriptor, DescrKind::NonData),
        (B::ClassMethodDescriptor, DescrKind::NonData),
        (B::ClassMethod, DescrKind::NonData),
        (B::StaticMethod, DescrKind::NonData),
        (B::Property, DescrKind::Data),
        (B::MemberDescriptor, DescrKind::Data),
        (B::GetSetDescriptor, DescrKind::Data),
        (B::Str, DescrKind::Plain),
        (B::Int, DescrKind::Plain),
        (B::Float, DescrKind::Plain),
        (B::Tuple, DescrKind::Plain),
        (B::List, DescrKind::Plain),
        (B::Dict, DescrKind::Plain),
        (B::Type, DescrKind::Plain),
        (B::BuiltinFunction, DescrKind::Plain),
    ] {
        if l == b.layout() {
            return Ok(k);
        }
    }
    let ty = t.type_of(v);
    let h = t.root(ty);
    if type_::lookup_sym(t, t.get(h), crate::symbols::sym::__set__).is_some()
        || type_::lookup_sym(t, t.get(h), crate::symbols::sym::__delete__).is_some()
    {
        return Ok(DescrKind::Data);
    }
    if type_::lookup_sym(t, t.get(h), crate::symbols::sym::__get__).is_some() {
        return Ok(DescrKind::NonData);
    }
    Ok(DescrKind::Plain)
}

/// Calls `descr.__get__(obj, owner)`; `obj` is `Value::UNBOUND` for class access (so that
/// `None` itself can be an instance: `None.__class__`), which Python-level `__get__`
/// methods receive as None.
pub fn descr_get(t: &mut Thread, descr: Value, obj: Value, owner: Value) -> PyResult<Value> {
    let l = t.layout_of(descr);
    if l == BuiltinType::Function.layout() {
        if obj.is_unbound() {
            return Ok(descr);
        }
        return function::new_method(t, descr, obj);
    }
    if l == BuiltinType::MethodDescriptor.layout() {
        if obj.is_unbound() {
            return Ok(descr);
        }
        let name = t.heap.slot(descr, crate::objects::native::MD_NAME);
        let idx = t
            .heap
            .slot(descr, crate::objects::native::MD_INDEX)
            .as_small_int() as usize;
        let name = pystr::to_rust_string(t, name);
        return crate::objects::native::new_builtin_function(t, &name, idx, obj, Value::NONE);
    }
    if l == BuiltinType::ClassMethodDescriptor.layout() {
        let name = t.heap.slot(descr, crate::objects::native::MD_NAME);
        let idx = t
            .heap
            .slot(descr, crate::objects::native::MD_INDEX)
            .as_small_int() as usize;
        let name = pystr::to_rust_string(t, name);
        return crate::objects::native::new_builtin_function(t, &name, idx, owner, Value::NONE);
    }
    if l == BuiltinType::ClassMethod.layout() {
        let f = t.heap.slot(descr, 0);
        return function::new_method(t, f, owner);
    }
    if l == BuiltinType::StaticMethod.layout() {
        return Ok(t.heap.slot(descr, 0));
    }
    if l == BuiltinType::Property.layout() {
        if obj.is_unbound() {
            return Ok(descr);
        }
        return crate::objects::descriptors::property_descr_get(t, descr, obj);
    }
    if l == BuiltinType::MemberDescriptor.layout() {
        if obj.is_unbound() {
            return Ok(descr);
        }
        return crate::objects::descriptors::member_get(t, descr, obj);
    }
    if l == BuiltinType::GetSetDescriptor.layout() {
        if obj.is_unbound() {
            return Ok(descr);
        }
        return crate::objects::descriptors::getset_get(t, descr, obj);
    }
    let ty = t.type_of(descr);
    let hd = t.root(descr);
    let ho = t.root(if obj.is_unbound() { Value::NONE } else { obj });
    let hw = t.root(owner);
    match type_::lookup_sym(t, ty, crate::symbols::sym::__get__) {
        Some(g) => super::call::call_unbound(t, g, &[t.get(hd), t.get(ho), t.get(hw)]),
        None => Ok(t.get(hd)),
    }
}

/// Raises `AttributeError: 'T' object has no attribute 'name'`.
#[cold]
pub fn no_attribute(t: &mut Thread, obj: Value, name: Value) -> crate::errors::Raised {
    let n = pystr::to_rust_string(t, name);
    let msg = if type_::is_type(t, obj) {
        format!(
            "type object '{}' has no attribute '{}'",
            type_::native_name(t, obj),
            n
        )
    } else if module::is_module(t, obj) {
        let m = pystr::to_rust_string(t, t.heap.slot(obj, module::NAME));
        format!("module '{m}' has no attribute '{n}'")
    } else {
        format!(
            "'{}' object has no attribute '{}'",
            type_::type_name_of(t, obj),
            n
        )
    };
    let ho = t.root(obj);
    let hn = t.root(name);
    let r = t.raise_msg(BuiltinType::AttributeError, &msg);
    // CPython 3.11 records name and obj on the exception for suggestions.
    let exc = t.exception;
    let he = t.root(exc);
    let _ = set_instance_attr_str(t, t.get(he), "name", t.get(hn));
    let _ = set_instance_attr_str(t, t.get(he), "obj", t.get(ho));
    t.exception = t.get(he);
    r
}

// ----- instance attributes over layouts -----

/// Where an instance keeps its dynamic attributes.
enum AttrHome {
    /// It has none (no overflow slot), or it has an empty dictionary-mode slot.
    Nowhere,
    /// A dictionary-mode instance's dict.
    Dict(Value),
    /// The slots its layout names.
    Layout(LayoutId),
}

#[inline]
fn attr_home(t: &Thread, obj: Value) -> AttrHome {
    if !obj.is_heap() {
        return AttrHome::Nowhere;
    }
    let lid = t.heap.layout_id(obj);
    let layout = t.layouts.get(lid);
    match layout.overflow_slot {
        None => AttrHome::Nowhere,
        Some(ov) if layout.dict_mode => match t.heap.slot(obj, ov as usize) {
            d if d.is_none() => AttrHome::Nowhere,
            d => AttrHome::Dict(d),
        },
        Some(_) => AttrHome::Layout(lid),
    }
}

/// Reads a layout-backed (or dict-mode) instance attribute.
pub fn instance_get(t: &mut Thread, obj: Value, name: Value) -> PyResult<Option<Value>> {
    match attr_home(t, obj) {
        AttrHome::Nowhere => Ok(None),
        AttrHome::Dict(d) => dict::get(t, d, name),
        // A name never interned is in no layout.
        AttrHome::Layout(lid) => Ok(t.find_symbol(name).and_then(|s| read_loc(t, obj, lid, s))),
    }
}

/// `instance_get` by symbol.
pub fn instance_get_sym(t: &mut Thread, obj: Value, sym: Symbol) -> PyResult<Option<Value>> {
    match attr_home(t, obj) {
        AttrHome::Nowhere => Ok(None),
        AttrHome::Dict(d) => dict::get(t, d, t.sym_str(sym)),
        AttrHome::Layout(lid) => Ok(read_loc(t, obj, lid, sym)),
    }
}

/// Looks an attribute name up along the MRO, by symbol when the name has one.
#[inline]
fn lookup_opt(t: &mut Thread, ty: Value, name: Value, sym: Option<Symbol>) -> Option<Value> {
    match sym {
        Some(s) => type_::lookup_sym(t, ty, s),
        None => type_::lookup(t, ty, name),
    }
}

#[inline]
fn read_loc(t: &Thread, obj: Value, lid: LayoutId, sym: Symbol) -> Option<Value> {
    let layout = t.layouts.get(lid);
    match layout.lookup(sym)? {
        AttrLoc::InObject(i) => Some(t.heap.slot(obj, i as usize)),
        AttrLoc::Overflow(i) => {
            let ov = t.heap.slot(obj, layout.overflow_slot? as usize);
            Some(t.heap.slot(ov, i as usize))
        }
    }
}

/// Sets an instance attribute, transitioning the layout if the attribute is new. Returns
/// false if the object cannot hold dynamic attributes.
pub fn instance_set(t: &mut Thread, obj: Value, name: Value, value: Value) -> PyResult<bool> {
    if !obj.is_heap() {
        return Ok(false);
    }
    let lid = t.heap.layout_id(obj);
    let layout = t.layouts.get(lid);
    let Some(ov) = layout.overflow_slot else {
        return Ok(false);
    };
    if layout.dict_mode {
        let ho = t.root(obj);
        let hn = t.root(name);
        let hv = t.root(value);
        let mut d = t.heap.slot(obj, ov as usize);
        if d.is_none() {
            d = dict::new_dict(t)?;
            t.heap.set_slot(t.get(ho), ov as usize, d);
        }
        dict::set(t, d, t.get(hn), t.get(hv))?;
        return Ok(true);
    }
    let ho = t.root(obj);
    let hv = t.root(value);
    let sym = t.intern_value(name)?;
    let obj = t.get(ho);
    if let Some(loc) = t.layouts.get(lid).lookup(sym) {
        write_loc(t, obj, lid, loc, t.get(hv));
        return Ok(true);
    }
    // New attribute: follow or create the add transition.
    if t.layouts.get(lid).attrs.len() as u32 >= MAX_LAYOUT_ATTRS {
        to_dict_mode(t, obj)?;
        let obj = t.get(ho);
        let ov = t
            .layouts
            .get(t.heap.layout_id(obj))
            .overflow_slot
            .unwrap_or(0) as usize;
        let d = t.heap.slot(obj, ov);
        let key = t.sym_str(sym);
        dict::set(t, d, key, t.get(hv))?;
        return Ok(true);
    }
    let new_id = add_transition(t, lid, sym);
    let loc = match t.layouts.get(new_id).lookup(sym) {
        Some(l) => l,
        None => return Err(t.system_error("layout transition lost an attribute")),
    };
    if let AttrLoc::Overflow(i) = loc {
        ensure_overflow(t, ho, ov as usize, i as usize + 1)?;
    }
    let obj = t.get(ho);
    t.heap.set_layout_id(obj, new_id);
    write_loc(t, obj, new_id, loc, t.get(hv));
    Ok(true)
}

fn write_loc(t: &mut Thread, obj: Value, lid: LayoutId, loc: AttrLoc, v: Value) {
    match loc {
        AttrLoc::InObject(i) => t.heap.set_slot(obj, i as usize, v),
        AttrLoc::Overflow(i) => {
            let ovs = t.layouts.get(lid).overflow_slot.unwrap_or(0) as usize;
            let arr = t.heap.slot(obj, ovs);
            t.heap.set_slot(arr, i as usize, v);
        }
    }
}

/// Makes the overflow array of the object in `ho` hold at least `n` values.
fn ensure_overflow(
    t: &mut Thread,
    ho: crate::thread::Handle,
    slot: usize,
    n: usize,
) -> PyResult<()> {
    let obj = t.get(ho);
    let cur = t.heap.slot(obj, slot);
    let cap = if cur.is_none() { 0 } else { t.heap.count(cur) };
    if cap >= n {
        return Ok(());
    }
    let new_cap = n.max(cap * 2).max(4);
    let arr = t.alloc_slots(BuiltinType::Array.layout(), new_cap, Value::NONE)?;
    let obj = t.get(ho);
    let cur = t.heap.slot(obj, slot);
    if !cur.is_none() {
        t.heap.copy_slots(arr, 0, cur, 0, cap);
    }
    t.heap.set_slot(obj, slot, arr);
    Ok(())
}

/// The layout reached from `lid` by adding `sym` (created on first use). The new attribute
/// takes the lowest free in-object slot, else the lowest free overflow index.
fn add_transition(t: &mut Thread, lid: LayoutId, sym: Symbol) -> LayoutId {
    if let Some(&id) = t.layouts.get(lid).add_transitions.get(&sym) {
        return id;
    }
    let from = t.layouts.get(lid);
    let ov = from.overflow_slot.unwrap_or(0);
    let first = ov + 1;
    let loc = (first..first + from.in_object)
        .find(|i| !from.attrs.iter().any(|(_, l)| *l == AttrLoc::InObject(*i)))
        .map(AttrLoc::InObject)
        .unwrap_or_else(|| {
            let k = (0..)
                .find(|i| !from.attrs.iter().any(|(_, l)| *l == AttrLoc::Overflow(*i)))
                .unwrap_or(0);
            AttrLoc::Overflow(k)
        });
    let mut attrs = from.attrs.clone();
    attrs.push((sym, loc));
    let new = Layout {
        type_: from.type_,
        native: from.native,
        num_slots: from.num_slots,
        overflow_slot: from.overflow_slot,
        in_object: from.in_object,
        attrs,
        dict_mode: false,
        add_transitions: Default::default(),
        delete_transitions: Default::default(),
        type_version: from.type_version,
        depth: from.depth + 1,
    };
    let id = t.layouts.push(new);
    t.layouts.get_mut(lid).add_transitions.insert(sym, id);
    id
}

/// The layout reached from `lid` by deleting `sym`.
fn delete_transition(t: &mut Thread, lid: LayoutId, sym: Symbol) -> LayoutId {
    if let Some(&id) = t.layouts.get(lid).delete_transitions.get(&sym) {
        return id;
    }
    let from = t.layouts.get(lid);
    let attrs: Vec<_> = from
        .attrs
        .iter()
        .copied()
        .filter(|(s, _)| *s != sym)
        .collect();
    let new = Layout {
        type_: from.type_,
        native: from.native,
        num_slots: from.num_slots,
        overflow_slot: from.overflow_slot,
        in_object: from.in_object,
        attrs,
        dict_mode: false,
        add_transitions: Default::default(),
        delete_transitions: Default::default(),
        type_version: from.type_version,
        depth: from.depth + 1,
    };
    let id = t.layouts.push(new);
    t.layouts.get_mut(lid).delete_transitions.insert(sym, id);
    id
}

/// Deletes an instance attribute; Ok(false) when it does not exist.
pub fn instance_delete(t: &mut Thread, obj: Value, name: Value) -> PyResult<bool> {
    if !obj.is_heap() {
        return Ok(false);
    }
    let lid = t.heap.layout_id(obj);
    let layout = t.layouts.get(lid);
    let Some(ov) = layout.overflow_slot else {
        return Ok(false);
    };
    if layout.dict_mode {
        let d = t.heap.slot(obj, ov as usize);
        if d.is_none() {
            return Ok(false);
        }
        return Ok(dict::remove(t, d, name)?.is_some());
    }
    let Some(sym) = t.find_symbol(name) else {
        return Ok(false);
    };
    let Some(loc) = t.layouts.get(lid).lookup(sym) else {
        return Ok(false);
    };
    let new_id = delete_transition(t, lid, sym);
    write_loc(t, obj, lid, loc, Value::NONE);
    t.heap.set_layout_id(obj, new_id);
    Ok(true)
}

/// Moves an instance to dictionary mode: its attributes go into a dict in the overflow slot
/// and its layout becomes the type's dict-mode layout.
pub fn to_dict_mode(t: &mut Thread, obj: Value) -> PyResult<Value> {
    let lid = t.heap.layout_id(obj);
    let layout = t.layouts.get(lid);
    let Some(ov) = layout.overflow_slot else {
        return Err(t.system_error("object has no __dict__"));
    };
    if layout.dict_mode {
        let d = t.heap.slot(obj, ov as usize);
        if !d.is_none() {
            return Ok(d);
        }
        let ho = t.root(obj);
        let d = dict::new_dict(t)?;
        t.heap.set_slot(t.get(ho), ov as usize, d);
        return Ok(d);
    }
    let attrs = layout.attrs.clone();
    let ho = t.root(obj);
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    for (sym, _) in &attrs {
        let obj = t.get(ho);
        if let Some(v) = read_loc(t, obj, lid, *sym) {
            let k = t.sym_str(*sym);
            dict::set(t, t.get(hd), k, v)?;
        }
    }
    let dict_layout = dict_mode_layout(t, lid);
    let obj = t.get(ho);
    t.heap.set_layout_id(obj, dict_layout);
    // Clear the in-object slots so they do not keep values alive.
    let l = t.layouts.get(dict_layout);
    let (first, n) = (ov as usize + 1, l.in_object as usize);
    t.heap.fill_slots(obj, first, first + n, Value::NONE);
    t.heap.set_slot(obj, ov as usize, t.get(hd));
    Ok(t.get(hd))
}

/// The dict-mode sibling of a layout (same type, same slot count).
fn dict_mode_layout(t: &mut Thread, lid: LayoutId) -> LayoutId {
    let from = t.layouts.get(lid);
    let ty = from.type_;
    let n = from.num_slots;
    // Reuse an existing dict-mode layout of the same type and size.
    if let Some(i) = t.layouts.entries.iter().position(|l| {
        l.dict_mode && l.type_ == ty && l.num_slots == n && l.overflow_slot == from.overflow_slot
    }) {
        return LayoutId(i as u32);
    }
    let new = Layout {
        type_: ty,
        native: from.native,
        num_slots: n,
        overflow_slot: from.overflow_slot,
        in_object: from.in_object,
        attrs: Vec::new(),
        dict_mode: true,
        add_transitions: Default::default(),
        delete_transitions: Default::default(),
        type_version: from.type_version,
        depth: 0,
    };
    t.layouts.push(new)
}

/// Sets an instance attribute by Rust name (used by native code).
pub fn set_instance_attr_str(t: &mut Thread, obj: Value, name: &str, v: Value) -> PyResult<bool> {
    let ho = t.root(obj);
    let hv = t.root(v);
    let sym = t.intern(name)?;
    let n = t.sym_str(sym);
    instance_set(t, t.get(ho), n, t.get(hv))
}

// ----- getattr / setattr / delattr -----

/// `getattr(obj, name)` (name is a str).
pub fn getattr(t: &mut Thread, obj: Value, name: Value) -> PyResult<Value> {
    let sym = t.find_symbol(name);
    getattr_impl(t, obj, name, sym)
}

/// `getattr` of an interned name (the interpreter's attribute opcodes).
pub fn getattr_sym(t: &mut Thread, obj: Value, sym: Symbol) -> PyResult<Value> {
    getattr_impl(t, obj, t.sym_str(sym), Some(sym))
}

fn getattr_impl(t: &mut Thread, obj: Value, name: Value, sym: Option<Symbol>) -> PyResult<Value> {
    if obj.is_heap() && t.heap.layout_id(obj) == BuiltinType::Super.layout() {
        return crate::objects::descriptors::super_getattr(t, obj, name);
    }
    let ty = t.type_of(obj);
    // Fast path: types whose __getattribute__ is object's and with no __getattr__.
    let hty = t.root(ty);
    let ho = t.root(obj);
    let hn = t.root(name);
    let custom = type_::lookup_sym(t, ty, crate::symbols::sym::__getattribute__);
    let generic = match custom {
        None => true,
        Some(g) => is_native_getattribute(t, g),
    };
    let r = if generic {
        generic_getattr_impl(t, t.get(ho), t.get(hn), sym)
    } else {
        let g = custom.unwrap_or(Value::NONE);
        super::call::call_unbound(t, g, &[t.get(ho), t.get(hn)])
    };
    match r {
        Ok(v) => Ok(v),
        Err(e) => {
            if !t.exception_matches(BuiltinType::AttributeError) {
                return Err(e);
            }
            let ga = type_::lookup_sym(t, t.get(hty), crate::symbols::sym::__getattr__);
            match ga {
                Some(ga) => {
                    t.take_exception();
                    super::call::call_unbound(t, ga, &[t.get(ho), t.get(hn)])
                }
                None => Err(e),
            }
        }
    }
}

fn is_native_getattribute(t: &Thread, g: Value) -> bool {
    is_object_method(t, g)
}

/// Whether `v` is one of `object`'s own native methods (the generic attribute protocol).
pub fn is_object_method(t: &Thread, v: Value) -> bool {
    v.is_heap()
        && t.heap.layout_id(v) == BuiltinType::MethodDescriptor.layout()
        && t.heap.slot(v, crate::objects::native::MD_OWNER) == t.ty(BuiltinType::Object)
}

/// `getattr` with a Rust-string name.
pub fn getattr_str(t: &mut Thread, obj: Value, name: &str) -> PyResult<Value> {
    let ho = t.root(obj);
    let sym = t.intern(name)?;
    let n = t.sym_str(sym);
    getattr(t, t.get(ho), n)
}

/// `hasattr` with a Rust-string name (only AttributeError means "no").
pub fn hasattr_str(t: &mut Thread, obj: Value, name: &str) -> PyResult<bool> {
    match getattr_str(t, obj, name) {
        Ok(_) => Ok(true),
        Err(e) => {
            if t.exception_matches(BuiltinType::AttributeError) {
                t.take_exception();
                Ok(false)
            } else {
                Err(e)
            }
        }
    }
}

/// `object.__getattribute__(obj, name)` (and `type.__getattribute__` for types).
pub fn generic_getattr(t: &mut Thread, obj: Value, name: Value) -> PyResult<Value> {
    let sym = t.find_symbol(name);
    generic_getattr_impl(t, obj, name, sym)
}

fn generic_getattr_impl(
    t: &mut Thread,
    obj: Value,
    name: Value,
    sym: Option<Symbol>,
) -> PyResult<Value> {
    if type_::is_type(t, obj) {
        return type_getattr_impl(t, obj, name, sym);
    }
    let ho = t.root(obj);
    let hn = t.root(name);
    let ty = t.type_of(obj);
    let hty = t.root(ty);
    let descr = lookup_opt(t, ty, name, sym);
    let mut kind = DescrKind::Plain;
    let hd = t.root(descr.unwrap_or(Value::UNBOUND));
    if let Some(d) = descr {
        kind = descr_kind(t, d)?;
        if kind == DescrKind::Data {
            return descr_get(t, t.get(hd), t.get(ho), t.get(hty));
        }
    }
    let is_module = module::is_module(t, t.get(ho));
    if is_module {
        let d = module::module_dict(t, t.get(ho));
        if let Some(v) = dict::get(t, d, t.get(hn))? {
            return Ok(v);
        }
    } else if let Some(v) = match sym {
        Some(s) => instance_get_sym(t, t.get(ho), s)?,
        // Never interned: not in any layout, maybe in a dictionary-mode instance's dict.
        None => instance_get(t, t.get(ho), t.get(hn))?,
    } {
        return Ok(v);
    }
    if pystr::str_eq_rust(t, t.get(hn), "__dict__") {
        if let Some(d) = special_dict(t, t.get(ho))? {
            return Ok(d);
        }
    }
    if descr.is_some() {
        let d = t.get(hd);
        if kind == DescrKind::NonData {
            return descr_get(t, d, t.get(ho), t.get(hty));
        }
        return Ok(d);
    }
    if is_module {
        // Module-level __getattr__ (PEP 562), after the generic lookup as in CPython's
        // module_getattro.
        let d = module::module_dict(t, t.get(ho));
        if let Some(ga) = dict::get_rust_str(t, d, "__getattr__")? {
            return super::call(t, ga, &[t.get(hn)]);
        }
    }
    Err(no_attribute(t, t.get(ho), t.get(hn)))
}

/// `obj.__dict__` for objects that have one: instances (moved to dictionary mode), modules,
/// functions.
fn special_dict(t: &mut Thread, obj: Value) -> PyResult<Option<Value>> {
    if !obj.is_heap() {
        return Ok(None);
    }
    let l = t.layouts.get(t.heap.layout_id(obj));
    if l.native == crate::layout::NativeKind::Module {
        return Ok(Some(module::module_dict(t, obj)));
    }
    if l.overflow_slot.is_some() {
        return Ok(Some(to_dict_mode(t, obj)?));
    }
    Ok(None)
}

/// `obj.__dict__ = value` (`value` None: `del obj.__dict__`) for objects that have a
/// `__dict__`: the instance moves to dictionary mode and adopts `value` as its dict, as
/// CPython's `subtype_setdict` does. Returns false when `obj` has no `__dict__`.
fn set_special_dict(t: &mut Thread, obj: Value, value: Option<Value>) -> PyResult<bool> {
    if !obj.is_heap() {
        return Ok(false);
    }
    let l = t.layouts.get(t.heap.layout_id(obj));
    if l.native == crate::layout::NativeKind::Module {
        return Err(t.raise_msg(BuiltinType::AttributeError, "readonly attribute"));
    }
    let Some(ov) = l.overflow_slot else {
        return Ok(false);
    };
    let is_function = l.native == crate::layout::NativeKind::Function;
    let ho = t.root(obj);
    let new = match value {
        Some(v) => {
            if !dict::is_dict(t, v) {
                let msg = format!(
                    "__dict__ must be set to a dictionary, not a '{}'",
                    type_::type_name_of(t, v)
                );
                return Err(t.type_error(&msg));
            }
            v
        }
        // A deleted instance dict reads back as a fresh empty one (to_dict_mode makes it).
        None if is_function => return Err(t.type_error("cannot delete __dict__")),
        None => Value::NONE,
    };
    let hnew = t.root(new);
    to_dict_mode(t, t.get(ho))?;
    t.heap.set_slot(t.get(ho), ov as usize, t.get(hnew));
    Ok(true)
}

/// `type.__getattribute__(cls, name)`.
pub fn type_getattr(t: &mut Thread, cls: Value, name: Value) -> PyResult<Value> {
    let sym = t.find_symbol(name);
    type_getattr_impl(t, cls, name, sym)
}

fn type_getattr_impl(
    t: &mut Thread,
    cls: Value,
    name: Value,
    sym: Option<Symbol>,
) -> PyResult<Value> {
    let hc = t.root(cls);
    let hn = t.root(name);
    let meta = t.type_of(cls);
    let hm = t.root(meta);
    let meta_attr = lookup_opt(t, meta, name, sym);
    let hma = t.root(meta_attr.unwrap_or(Value::UNBOUND));
    let mut meta_kind = DescrKind::Plain;
    if let Some(ma) = meta_attr {
        meta_kind = descr_kind(t, ma)?;
        if meta_kind == DescrKind::Data {
            return descr_get(t, t.get(hma), t.get(hc), t.get(hm));
        }
    }
    if let Some(a) = lookup_opt(t, t.get(hc), t.get(hn), sym) {
        let ha = t.root(a);
        let k = descr_kind(t, a)?;
        if k != DescrKind::Plain {
            return descr_get(t, t.get(ha), Value::UNBOUND, t.get(hc));
        }
        return Ok(t.get(ha));
    }
    if pystr::str_eq_rust(t, t.get(hn), "__dict__") {
        let d = type_::type_dict(t, t.get(hc));
        return crate::objects::mappingproxy::new_mappingproxy(t, d);
    }
    if meta_attr.is_some() {
        if meta_kind == DescrKind::NonData {
            return descr_get(t, t.get(hma), t.get(hc), t.get(hm));
        }
        return Ok(t.get(hma));
    }
    Err(no_attribute(t, t.get(hc), t.get(hn)))
}

/// `setattr` of an interned name (the interpreter's STORE_ATTR).
pub fn setattr_sym(t: &mut Thread, obj: Value, sym: Symbol, value: Value) -> PyResult<()> {
    setattr(t, obj, t.sym_str(sym), value)
}

/// `setattr(obj, name, value)`.
pub fn setattr(t: &mut Thread, obj: Value, name: Value, value: Value) -> PyResult<()> {
    let ho = t.root(obj);
    let hn = t.root(name);
    let hv = t.root(value);
    let ty = t.type_of(obj);
    let hty = t.root(ty);
    if let Some(sa) = type_::lookup_sym(t, ty, crate::symbols::sym::__setattr__) {
        if !is_object_method(t, sa) {
            super::call::call_unbound(t, sa, &[t.get(ho), t.get(hn), t.get(hv)])?;
            return Ok(());
        }
    }
    generic_setattr(t, t.get(ho), t.get(hn), t.get(hv), t.get(hty))
}

/// `object.__setattr__`.
pub fn generic_setattr(
    t: &mut Thread,
    obj: Value,
    name: Value,
    value: Value,
    ty: Value,
) -> PyResult<()> {
    let ho = t.root(obj);
    let hn = t.root(name);
    let hv = t.root(value);
    let hty = t.root(ty);
    if type_::is_type(t, obj) {
        return type_setattr(t, obj, name, value);
    }
    if let Some(d) = type_::lookup(t, ty, name) {
        let hd = t.root(d);
        if descr_kind(t, d)? == DescrKind::Data {
            return descr_set(t, t.get(hd), t.get(ho), t.get(hv));
        }
    }
    if pystr::str_eq_rust(t, t.get(hn), "__dict__")
        && set_special_dict(t, t.get(ho), Some(t.get(hv)))?
    {
        return Ok(());
    }
    if module::is_module(t, t.get(ho)) {
        let d = module::module_dict(t, t.get(ho));
        return dict::set(t, d, t.get(hn), t.get(hv));
    }
    if instance_set(t, t.get(ho), t.get(hn), t.get(hv))? {
        return Ok(());
    }
    let n = pystr::to_rust_string(t, t.get(hn));
    let tn = type_::type_name_of(t, t.get(ho));
    let has_attr = type_::lookup(t, t.get(hty), t.get(hn)).is_some();
    let msg = if has_attr {
        format!("'{tn}' object attribute '{n}' is read-only")
    } else {
        format!("'{tn}' object has no attribute '{n}'")
    };
    Err(t.raise_msg(BuiltinType::AttributeError, &msg))
}

/// `descr.__set__(obj, value)`.
pub fn descr_set(t: &mut Thread, descr: Value, obj: Value, value: Value) -> PyResult<()> {
    let l = t.layout_of(descr);
    if l == BuiltinType::Property.layout() {
        return crate::objects::descriptors::property_descr_set(t, descr, obj, Some(value));
    }
    if l == BuiltinType::MemberDescriptor.layout() {
        return crate::objects::descriptors::member_set(t, descr, obj, value);
    }
    if l == BuiltinType::GetSetDescriptor.layout() {
        return crate::objects::descriptors::getset_set(t, descr, obj, value);
    }
    let hd = t.root(descr);
    let ho = t.root(obj);
    let hv = t.root(value);
    let ty = t.type_of(descr);
    match type_::lookup_sym(t, ty, crate::symbols::sym::__set__) {
        Some(s) => {
            super::call::call_unbound(t, s, &[t.get(hd), t.get(ho), t.get(hv)])?;
            Ok(())
        }
        None => Err(t.raise_msg(BuiltinType::AttributeError, "__set__")),
    }
}

/// `type.__setattr__(cls, name, value)`.
pub fn type_setattr(t: &mut Thread, cls: Value, name: Value, value: Value) -> PyResult<()> {
    let hc = t.root(cls);
    let hn = t.root(name);
    let hv = t.root(value);
    if type_::type_flags(t, cls) & type_::flags::BUILTIN != 0 {
        let msg = format!(
            "cannot set '{}' attribute of immutable type '{}'",
            pystr::to_rust_string(t, name),
            type_::tp_name(t, cls)?
        );
        return Err(t.type_error(&msg));
    }
    let meta = t.type_of(cls);
    if let Some(d) = type_::lookup(t, meta, name) {
        let hd = t.root(d);
        if descr_kind(t, d)? == DescrKind::Data {
            return descr_set(t, t.get(hd), t.get(hc), t.get(hv));
        }
    }
    let sym = t.intern_value(t.get(hn))?;
    let key = t.sym_str(sym);
    let d = type_::type_dict(t, t.get(hc));
    dict::set(t, d, key, t.get(hv))?;
    type_::invalidate(t, t.get(hc));
    Ok(())
}

/// `delattr(obj, name)`.
pub fn delattr(t: &mut Thread, obj: Value, name: Value) -> PyResult<()> {
    let ho = t.root(obj);
    let hn = t.root(name);
    let ty = t.type_of(obj);
    if let Some(da) = type_::lookup_sym(t, ty, crate::symbols::sym::__delattr__) {
        if !is_object_method(t, da) {
            super::call::call_unbound(t, da, &[t.get(ho), t.get(hn)])?;
            return Ok(());
        }
    }
    generic_delattr(t, t.get(ho), t.get(hn))
}

/// `object.__delattr__`.
pub fn generic_delattr(t: &mut Thread, obj: Value, name: Value) -> PyResult<()> {
    let ho = t.root(obj);
    let hn = t.root(name);
    if type_::is_type(t, obj) {
        if type_::type_flags(t, obj) & type_::flags::BUILTIN != 0 {
            // CPython words deletions like stores here (type_setattro with a NULL value).
            let msg = format!(
                "cannot set '{}' attribute of immutable type '{}'",
                pystr::to_rust_string(t, name),
                type_::tp_name(t, obj)?
            );
            return Err(t.type_error(&msg));
        }
        let d = type_::type_dict(t, obj);
        if dict::remove(t, d, t.get(hn))?.is_none() {
            return Err(no_attribute(t, t.get(ho), t.get(hn)));
        }
        type_::invalidate(t, t.get(ho));
        if pystr::str_eq_rust(t, t.get(hn), "__abstractmethods__") {
            type_::set_flag(t, t.get(ho), type_::flags::ABSTRACT, false);
        }
        return Ok(());
    }
    let ty = t.type_of(obj);
    if let Some(d) = type_::lookup(t, ty, name) {
        let hd = t.root(d);
        if descr_kind(t, d)? == DescrKind::Data {
            let l = t.layout_of(t.get(hd));
            if l == BuiltinType::Property.layout() {
                return crate::objects::descriptors::property_descr_set(
                    t,
                    t.get(hd),
                    t.get(ho),
                    None,
                );
            }
            if l == BuiltinType::MemberDescriptor.layout() {
                return crate::objects::descriptors::member_delete(t, t.get(hd), t.get(ho));
            }
            let ty = t.type_of(t.get(hd));
            if let Some(del) = type_::lookup_sym(t, ty, crate::symbols::sym::__delete__) {
                super::call::call_unbound(t, del, &[t.get(hd), t.get(ho)])?;
                return Ok(());
            }
        }
    }
    if pystr::str_eq_rust(t, t.get(hn), "__dict__") && set_special_dict(t, t.get(ho), None)? {
        return Ok(());
    }
    if module::is_module(t, t.get(ho)) {
        let d = module::module_dict(t, t.get(ho));
        if dict::remove(t, d, t.get(hn))?.is_some() {
            return Ok(());
        }
    } else if instance_delete(t, t.get(ho), t.get(hn))? {
        return Ok(());
    }
    Err(no_attribute(t, t.get(ho), t.get(hn)))
}

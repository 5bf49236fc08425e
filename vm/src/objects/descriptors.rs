//! Descriptor types: `property`, `classmethod`, `staticmethod`, slot (member) descriptors
//! for `__slots__`, getset descriptors for native attributes (`type.__name__`,
//! `object.__class__`, ...), and `super`.
//!
//! Property slots: fget, fset, fdel, doc, name (set by `__set_name__`, used in error
//! messages). classmethod/staticmethod slots: callable, then the overflow slot. Member
//! descriptor: name, owner type, slot index, `member_kind`. Getset descriptor: name, owner
//! type, getter native index, setter native index (or None). Super: type, object, object's
//! type (or the object itself when it is a class).

use ember_gc::Value;

use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args, NativeFn};
use crate::objects::{dict, function, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// Calls a native with explicit arguments (pushed on the value stack so they are rooted).
pub fn call_native_with(t: &mut Thread, f: NativeFn, args: &[Value]) -> PyResult<Value> {
    crate::interpreter::frame::check_stack(t, args.len() + 1)?;
    let base = t.stack.sp;
    for a in args {
        t.stack.push(*a);
    }
    let r = protocol::call::call_native(
        t,
        f,
        Args {
            base,
            nargs: args.len(),
            nkw: 0,
        },
    );
    t.stack.sp = base;
    r
}

/// Adds a getset descriptor `name` to `ty`.
pub fn add_getset(
    t: &mut Thread,
    ty: Value,
    name: &'static str,
    get: NativeFn,
    set: Option<NativeFn>,
) -> PyResult<()> {
    let hty = t.root(ty);
    let gi = t.natives.register(name, get);
    let si = match set {
        Some(s) => Value::small_int(t.natives.register(name, s) as i64),
        None => Value::NONE,
    };
    let n = pystr::new_str(t, name)?;
    let d = t.new_object(
        BuiltinType::GetSetDescriptor.layout(),
        &[n, t.get(hty), Value::small_int(gi as i64), si],
    )?;
    let hd = t.root(d);
    type_::define(t, t.get(hty), name, t.get(hd))
}

pub fn getset_get(t: &mut Thread, descr: Value, obj: Value) -> PyResult<Value> {
    let i = t.heap.slot(descr, 2).as_small_int() as usize;
    let f = t.natives.fns[i].f;
    call_native_with(t, f, &[obj])
}

pub fn getset_set(t: &mut Thread, descr: Value, obj: Value, value: Value) -> PyResult<()> {
    let s = t.heap.slot(descr, 3);
    if s.is_none() {
        let msg = format!(
            "attribute '{}' of '{}' objects is not writable",
            pystr::to_rust_string(t, t.heap.slot(descr, 0)),
            type_::native_name(t, t.heap.slot(descr, 1))
        );
        return Err(t.raise_msg(BuiltinType::AttributeError, &msg));
    }
    let f = t.natives.fns[s.as_small_int() as usize].f;
    call_native_with(t, f, &[obj, value])?;
    Ok(())
}

/// How a member descriptor (slot 3) reaches its value.
pub mod member_kind {
    /// Instance slot `index`, writable (`__slots__` entries).
    pub const SLOT: i64 = 0;
    /// Instance slot `index`, read-only (struct sequence fields outside the tuple).
    pub const READONLY_SLOT: i64 = 1;
    /// Item `index` of the tuple payload, read-only (struct sequence fields; CPython's
    /// structseq members point into `ob_item` the same way).
    pub const TUPLE_ITEM: i64 = 2;
}

/// Creates a member descriptor for `__slots__` entry `name` at slot `index`.
pub fn new_member(t: &mut Thread, name: Value, owner: Value, index: usize) -> PyResult<Value> {
    new_member_of_kind(t, name, owner, index, member_kind::SLOT)
}

/// Creates a member descriptor of the given `member_kind`.
pub fn new_member_of_kind(
    t: &mut Thread,
    name: Value,
    owner: Value,
    index: usize,
    kind: i64,
) -> PyResult<Value> {
    t.new_object(
        BuiltinType::MemberDescriptor.layout(),
        &[
            name,
            owner,
            Value::small_int(index as i64),
            Value::small_int(kind),
        ],
    )
}

/// Raises TypeError unless `obj` is an instance of the member's owner: the slot index is
/// only meaningful for the owner's layouts.
fn member_check(t: &mut Thread, descr: Value, obj: Value) -> PyResult<()> {
    let owner = t.heap.slot(descr, 1);
    let oty = t.type_of(obj);
    if !type_::is_subtype(t, oty, owner) {
        let msg = format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            pystr::to_rust_string(t, t.heap.slot(descr, 0)),
            type_::type_name(t, owner),
            type_::type_name(t, oty)
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

fn member_kind_of(t: &Thread, descr: Value) -> i64 {
    t.heap.slot(descr, 3).as_small_int()
}

pub fn member_get(t: &mut Thread, descr: Value, obj: Value) -> PyResult<Value> {
    member_check(t, descr, obj)?;
    let i = t.heap.slot(descr, 2).as_small_int() as usize;
    if member_kind_of(t, descr) == member_kind::TUPLE_ITEM {
        let tup = tuple::tuple_value(t, obj);
        return Ok(tuple::get(t, tup, i));
    }
    let v = t.heap.slot(obj, i);
    if v.is_unbound() {
        let name = t.heap.slot(descr, 0);
        return Err(crate::protocol::attr::no_attribute(t, obj, name));
    }
    Ok(v)
}

/// Checks a store or deletion through a member: right owner, writable member.
fn member_check_write(t: &mut Thread, descr: Value, obj: Value) -> PyResult<usize> {
    member_check(t, descr, obj)?;
    if member_kind_of(t, descr) != member_kind::SLOT {
        return Err(t.raise_msg(BuiltinType::AttributeError, "readonly attribute"));
    }
    Ok(t.heap.slot(descr, 2).as_small_int() as usize)
}

pub fn member_set(t: &mut Thread, descr: Value, obj: Value, value: Value) -> PyResult<()> {
    let i = member_check_write(t, descr, obj)?;
    t.heap.set_slot(obj, i, value);
    Ok(())
}

pub fn member_delete(t: &mut Thread, descr: Value, obj: Value) -> PyResult<()> {
    let i = member_check_write(t, descr, obj)?;
    if t.heap.slot(obj, i).is_unbound() {
        let name = t.heap.slot(descr, 0);
        return Err(crate::protocol::attr::no_attribute(t, obj, name));
    }
    t.heap.set_slot(obj, i, Value::UNBOUND);
    Ok(())
}

// ----- property -----

/// Number of fixed slots of a property (and of a property subclass instance's prefix).
pub const PROPERTY_SLOTS: u32 = 5;
const P_FGET: usize = 0;
const P_FSET: usize = 1;
const P_FDEL: usize = 2;
const P_DOC: usize = 3;
const P_NAME: usize = 4;

fn property_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    // property.__new__(cls, ...) allocates; __init__ fills.
    let cls = a.get(t, 0);
    crate::objects::object::new_instance(t, cls)
}

fn property_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    let names = ["fget", "fset", "fdel", "doc"];
    let p = a.get(t, 0);
    for (i, n) in names.iter().enumerate() {
        let v = a
            .opt(t, i + 1)
            .or_else(|| a.kwarg(t, n))
            .unwrap_or(Value::NONE);
        t.heap.set_slot(p, i, v);
    }
    // doc defaults to fget.__doc__.
    if t.heap.slot(p, P_DOC).is_none() {
        let fget = t.heap.slot(p, P_FGET);
        if function::is_function(t, fget) {
            let d = t.heap.slot(fget, function::DOC);
            let p = a.get(t, 0);
            t.heap.set_slot(p, P_DOC, d);
        }
    }
    Ok(Value::NONE)
}

fn property_copy_with(t: &mut Thread, a: Args, which: usize) -> PyResult<Value> {
    a.check(t, "property", 2, 2)?;
    let p = a.get(t, 0);
    let ty = t.type_of(p);
    let mut vals: Vec<Value> = (0..4).map(|i| t.heap.slot(p, i)).collect();
    vals[which] = a.get(t, 1);
    let new = protocol::call(t, ty, &vals)?;
    // CPython's property_copy carries the name over to the copy.
    if is_property(t, new) {
        let name = t.heap.slot(a.get(t, 0), P_NAME);
        t.heap.set_slot(new, P_NAME, name);
    }
    Ok(new)
}

fn property_getter(t: &mut Thread, a: Args) -> PyResult<Value> {
    property_copy_with(t, a, P_FGET)
}
fn property_setter(t: &mut Thread, a: Args) -> PyResult<Value> {
    property_copy_with(t, a, P_FSET)
}
fn property_deleter(t: &mut Thread, a: Args) -> PyResult<Value> {
    property_copy_with(t, a, P_FDEL)
}

/// Whether `v` is a property or an instance of a property subclass.
pub fn is_property(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::Property
}

/// CPython's "property 'name' of 'Owner' object has no getter/setter/deleter" (the name part
/// only when `__set_name__` named the property).
#[cold]
fn property_missing(t: &mut Thread, p: Value, obj: Value, what: &str) -> crate::errors::Raised {
    let ho = t.root(obj);
    let name = t.heap.slot(p, P_NAME);
    let name = if name.is_none() {
        None
    } else {
        match protocol::repr(t, name) {
            Ok(r) => Some(pystr::to_rust_string(t, r)),
            Err(e) => return e,
        }
    };
    let ty = t.type_of(t.get(ho));
    let qualname = pystr::to_rust_string(t, t.heap.slot(ty, type_::QUALNAME));
    let msg = match name {
        Some(n) => format!("property {n} of '{qualname}' object has no {what}"),
        None => format!("property of '{qualname}' object has no {what}"),
    };
    t.raise_msg(BuiltinType::AttributeError, &msg)
}

/// `property.__get__(obj)` for an instance access (`obj` is not None).
pub fn property_descr_get(t: &mut Thread, p: Value, obj: Value) -> PyResult<Value> {
    let fget = t.heap.slot(p, P_FGET);
    if fget.is_none() {
        return Err(property_missing(t, p, obj, "getter"));
    }
    protocol::call(t, fget, &[obj])
}

/// `property.__set__(obj, value)`, or `property.__delete__(obj)` when `value` is None.
pub fn property_descr_set(
    t: &mut Thread,
    p: Value,
    obj: Value,
    value: Option<Value>,
) -> PyResult<()> {
    let (i, what) = match value {
        Some(_) => (P_FSET, "setter"),
        None => (P_FDEL, "deleter"),
    };
    let f = t.heap.slot(p, i);
    if f.is_none() {
        return Err(property_missing(t, p, obj, what));
    }
    match value {
        Some(v) => protocol::call(t, f, &[obj, v])?,
        None => protocol::call(t, f, &[obj])?,
    };
    Ok(())
}

fn property_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__get__", 2, 3)?;
    let p = a.get(t, 0);
    let obj = a.get(t, 1);
    if obj.is_none() {
        return Ok(p);
    }
    property_descr_get(t, p, obj)
}

fn property_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__set__", 3, 3)?;
    property_descr_set(t, a.get(t, 0), a.get(t, 1), Some(a.get(t, 2)))?;
    Ok(Value::NONE)
}

fn property_delete(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__delete__", 2, 2)?;
    property_descr_set(t, a.get(t, 0), a.get(t, 1), None)?;
    Ok(Value::NONE)
}

fn property_set_name(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 3 {
        let msg = format!(
            "__set_name__() takes 2 positional arguments but {} were given",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    let (p, name) = (a.get(t, 0), a.get(t, 2));
    t.heap.set_slot(p, P_NAME, name);
    Ok(Value::NONE)
}

fn prop_fget(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), 0))
}
fn prop_fset(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), 1))
}
fn prop_fdel(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), 2))
}
fn prop_doc(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), 3))
}

// ----- classmethod / staticmethod -----

fn wrapper_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    if a.len() != 2 {
        let msg = format!(
            "{} expected 1 argument, got {}",
            type_::type_name(t, cls),
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    let obj = crate::objects::object::new_instance(t, cls)?;
    let f = a.get(t, 1);
    t.heap.set_slot(obj, 0, f);
    Ok(obj)
}

fn wrapper_init(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn wrapper_func(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), 0))
}

fn wrapper_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let d = a.get(t, 0);
    let obj = a.opt(t, 1).unwrap_or(Value::NONE);
    let mut owner = a.opt(t, 2).unwrap_or(Value::NONE);
    if owner.is_none() {
        owner = t.type_of(obj);
    }
    // Dispatch on the native shape, not the exact layout, so that subclass instances (whose
    // own `__get__` lookup lands here) do not re-enter the generic descriptor protocol.
    let f = t.heap.slot(d, 0);
    match t.layouts.get(t.heap.layout_id(d)).native {
        NativeKind::ClassMethod => function::new_method(t, f, owner),
        _ => Ok(f),
    }
}

fn staticmethod_call(t: &mut Thread, a: Args) -> PyResult<Value> {
    let f = t.heap.slot(a.get(t, 0), 0);
    let n = a.nargs + a.nkw;
    let args: Vec<Value> = (1..n).map(|i| t.stack.slots[a.base + i]).collect();
    let kwnames = if a.nkw > 0 { a.kwnames(t) } else { Value::NONE };
    protocol::call_with_kw(t, f, &args, kwnames)
}

// ----- super -----

fn super_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (ty, obj) = match a.len() {
        1 => zero_arg_super(t)?,
        2 => (a.get(t, 1), Value::NONE),
        _ => (a.get(t, 1), a.get(t, 2)),
    };
    if !type_::is_type(t, ty) {
        return Err(t.type_error("super() argument 1 must be a type"));
    }
    let hty = t.root(ty);
    let hobj = t.root(obj);
    let obj_type = if obj.is_none() {
        Value::NONE
    } else if type_::is_type(t, obj) && type_::is_subtype(t, obj, ty) {
        obj
    } else {
        let ot = t.type_of(obj);
        if !type_::is_subtype(t, ot, ty) {
            return Err(
                t.type_error("super(type, obj): obj must be an instance or subtype of type")
            );
        }
        ot
    };
    t.new_object(
        BuiltinType::Super.layout(),
        &[t.get(hty), t.get(hobj), obj_type],
    )
}

/// `super()` inside a method: `__class__` from the caller's cell and its first argument.
fn zero_arg_super(t: &mut Thread) -> PyResult<(Value, Value)> {
    let Some(f) = t.frames.last() else {
        return Err(t.runtime_error("super(): no current frame"));
    };
    let cd = f.code();
    if cd.argcount == 0 && !cd.flags.contains(crate::bytecode::CodeFlags::VARARGS) {
        return Err(t.runtime_error("super(): no arguments"));
    }
    let base = f.base;
    let nlocals = cd.nlocals as usize;
    let ncells = cd.ncells as usize;
    let mut first = t.stack.slots[base];
    // If the first argument is itself a cell variable, read it from its cell.
    if let Some(ci) = cd.cell2arg.iter().position(|c| *c == Some(0)) {
        let cell = t.stack.slots[base + nlocals + ci];
        first = t.heap.slot(cell, 0);
    }
    let Some(fi) = cd.freevars.iter().position(|n| n == "__class__") else {
        return Err(t.runtime_error("super(): __class__ cell not found"));
    };
    let cell = t.stack.slots[base + nlocals + ncells + fi];
    let cls = t.heap.slot(cell, 0);
    if cls.is_unbound() {
        return Err(t.runtime_error("super(): empty __class__ cell"));
    }
    if first.is_unbound() {
        return Err(t.runtime_error("super(): arg[0] deleted"));
    }
    Ok((cls, first))
}

/// Attribute lookup on a super object: search the MRO of the object's type after `type`.
pub fn super_getattr(t: &mut Thread, sup: Value, name: Value) -> PyResult<Value> {
    let hs = t.root(sup);
    let hn = t.root(name);
    if let Some(v) = super_lookup(t, sup, name) {
        let hv = t.root(v);
        let kind = protocol::attr::descr_kind(t, v)?;
        if kind == protocol::attr::DescrKind::Plain {
            return Ok(t.get(hv));
        }
        // Re-read after `descr_kind`, which may collect.
        let s = t.get(hs);
        let (obj, ot) = (t.heap.slot(s, 1), t.heap.slot(s, 2));
        let inst = if obj == ot { Value::UNBOUND } else { obj };
        return protocol::attr::descr_get(t, t.get(hv), inst, ot);
    }
    protocol::attr::generic_getattr(t, t.get(hs), t.get(hn))
}

/// The attribute `name` as found along the MRO of a super object's `obj_type`, after its
/// start class (no descriptor call); None when not found (or for `__class__`, which is the
/// super object's own). Allocates nothing.
pub fn super_lookup(t: &mut Thread, sup: Value, name: Value) -> Option<Value> {
    let start = t.heap.slot(sup, 0);
    let obj_type = t.heap.slot(sup, 2);
    if obj_type.is_none() || pystr::str_eq_rust(t, name, "__class__") {
        return None;
    }
    let mro = type_::type_mro(t, obj_type);
    let n = t.heap.count(mro);
    let pos = (0..n).find(|&i| t.heap.slot(mro, i) == start)?;
    for i in pos + 1..n {
        let d = type_::type_dict(t, t.heap.slot(mro, i));
        if let Some(v) = dict::get_str(t, d, name) {
            return Some(v);
        }
    }
    None
}

/// LOAD_METHOD on a super object bound to an instance: the plain function (or native
/// method) `super().name` would bind, so the call can pass the instance as its first
/// argument without allocating a bound method.
pub fn super_method(t: &mut Thread, sup: Value, name: Value) -> Option<(Value, Value)> {
    let obj = t.heap.slot(sup, 1);
    if obj == t.heap.slot(sup, 2) {
        return None;
    }
    let v = super_lookup(t, sup, name)?;
    let l = t.layout_of(v);
    (l == BuiltinType::Function.layout() || l == BuiltinType::MethodDescriptor.layout())
        .then_some((v, obj))
}

fn super_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = a.get(t, 0);
    let ty = type_::type_name(t, t.heap.slot(s, 0));
    let ot = t.heap.slot(s, 2);
    let text = if ot.is_none() {
        format!("<super: <class '{ty}'>, NULL>")
    } else {
        format!(
            "<super: <class '{ty}'>, <{} object>>",
            type_::type_name(t, ot)
        )
    };
    pystr::new_str(t, &text)
}

pub fn init(t: &mut Thread) -> PyResult<()> {
    let p = t.ty(BuiltinType::Property);
    native::add_static(t, p, "__new__", property_new)?;
    native::add_method(t, p, "__init__", property_init)?;
    native::add_method(t, p, "getter", property_getter)?;
    native::add_method(t, p, "setter", property_setter)?;
    native::add_method(t, p, "deleter", property_deleter)?;
    native::add_method(t, p, "__get__", property_get)?;
    native::add_method(t, p, "__set__", property_set)?;
    native::add_method(t, p, "__delete__", property_delete)?;
    native::add_method(t, p, "__set_name__", property_set_name)?;
    add_getset(t, p, "fget", prop_fget, None)?;
    add_getset(t, p, "fset", prop_fset, None)?;
    add_getset(t, p, "fdel", prop_fdel, None)?;
    add_getset(t, p, "__doc__", prop_doc, None)?;
    for bt in [BuiltinType::ClassMethod, BuiltinType::StaticMethod] {
        let ty = t.ty(bt);
        native::add_static(t, ty, "__new__", wrapper_new)?;
        native::add_method(t, ty, "__init__", wrapper_init)?;
        native::add_method(t, ty, "__get__", wrapper_get)?;
        add_getset(t, ty, "__func__", wrapper_func, None)?;
        add_getset(t, ty, "__wrapped__", wrapper_func, None)?;
    }
    let sm = t.ty(BuiltinType::StaticMethod);
    native::add_method(t, sm, "__call__", staticmethod_call)?;
    let s = t.ty(BuiltinType::Super);
    native::add_static(t, s, "__new__", super_new)?;
    native::add_method(t, s, "__init__", wrapper_init)?;
    native::add_method(t, s, "__repr__", super_repr)?;
    Ok(())
}

/// Whether `v` is a getset descriptor (a native attribute with getter and setter natives).
pub fn is_getset_descriptor(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::GetSetDescriptor.layout()
}

//! `object`: the root type's methods — allocation of plain instances (`object.__new__`),
//! the generic attribute protocol entry points, default comparison, hashing and reprs.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{dict, str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

/// Allocates a fresh instance of `cls` with its current instance layout (all attribute slots
/// empty). Used by `object.__new__` and by `type.__call__`'s fast path.
pub fn new_instance(t: &mut Thread, cls: Value) -> PyResult<Value> {
    let layout = type_::instance_layout(t, cls);
    let l = t.layouts.get(layout);
    let n = l.num_slots as usize;
    let (fixed, overflow) = (l.native.fixed_slots() as usize, l.overflow_slot);
    let obj = t.alloc_slots(layout, n, Value::UNBOUND)?;
    // The overflow slot starts as None (no overflow array / dict yet); fixed native slots
    // start as None too.
    if let Some(ov) = overflow {
        t.heap.set_slot(obj, ov as usize, Value::NONE);
    }
    for i in 0..fixed {
        t.heap.set_slot(obj, i, Value::NONE);
    }
    Ok(obj)
}

fn object_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("object.__new__(): not enough arguments"));
    }
    let cls = a.get(t, 0);
    if !type_::is_type(t, cls) {
        let msg = format!(
            "object.__new__(X): X is not a type object ({})",
            type_::type_name_of(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    if a.len() > 1 || a.nkw > 0 {
        // Excess arguments are an error unless __init__ is overridden and __new__ is not.
        let init = type_::lookup_sym(t, cls, crate::symbols::sym::__init__);
        let new = type_::lookup_sym(t, a.get(t, 0), crate::symbols::sym::__new__);
        let obj_init =
            type_::lookup_sym(t, t.ty(BuiltinType::Object), crate::symbols::sym::__init__);
        let obj_new = type_::lookup_sym(t, t.ty(BuiltinType::Object), crate::symbols::sym::__new__);
        if new != obj_new || init == obj_init {
            let msg = format!("{}() takes no arguments", type_::type_name(t, a.get(t, 0)));
            return Err(t.type_error(&msg));
        }
    }
    let cls = a.get(t, 0);
    let l = type_::instance_layout(t, cls);
    if !matches!(
        t.layouts.get(l).native,
        crate::layout::NativeKind::Object | crate::layout::NativeKind::Immediate
    ) {
        // A class whose instances have a native shape (a dict or exception subclass...)
        // needs its builtin base's __new__: object's would leave that shape uninitialised.
        let n = type_::type_name(t, cls);
        let msg = format!("object.__new__({n}) is not safe, use {n}.__new__()");
        return Err(t.type_error(&msg));
    }
    if type_::type_flags(t, cls) & type_::flags::ABSTRACT != 0 {
        return Err(abstract_error(t, cls));
    }
    new_instance(t, cls)
}

/// "Can't instantiate abstract class C with abstract method(s) a, b" (CPython 3.11's
/// object_new), for a class flagged ABSTRACT.
#[cold]
pub fn abstract_error(t: &mut Thread, cls: Value) -> crate::errors::Raised {
    let hc = t.root(cls);
    let names = match crate::protocol::getattr_str(t, cls, "__abstractmethods__")
        .and_then(|am| crate::protocol::to_list(t, am))
    {
        Ok(l) => l,
        Err(e) => return e,
    };
    let mut items: Vec<String> = Vec::new();
    for v in crate::objects::list::items(t, names) {
        match crate::protocol::str_string(t, v) {
            Ok(s) => items.push(s),
            Err(e) => return e,
        }
    }
    items.sort();
    let n = type_::type_name(t, t.get(hc));
    let msg = format!(
        "Can't instantiate abstract class {n} with abstract method{} {}",
        if items.len() == 1 { "" } else { "s" },
        items.join(", ")
    );
    t.type_error(&msg)
}

fn object_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 1 || a.nkw > 0 {
        let s = a.get(t, 0);
        let ty = t.type_of(s);
        let init = type_::lookup_sym(t, ty, crate::symbols::sym::__init__);
        let new = type_::lookup_sym(t, t.type_of(a.get(t, 0)), crate::symbols::sym::__new__);
        let obj_init =
            type_::lookup_sym(t, t.ty(BuiltinType::Object), crate::symbols::sym::__init__);
        let obj_new = type_::lookup_sym(t, t.ty(BuiltinType::Object), crate::symbols::sym::__new__);
        if init != obj_init || new == obj_new {
            let tn = type_::type_name_of(t, a.get(t, 0));
            let msg = if init != obj_init {
                "object.__init__() takes exactly one argument (the instance to initialize)"
                    .to_string()
            } else {
                format!("{tn}() takes no arguments")
            };
            return Err(t.type_error(&msg));
        }
    }
    Ok(Value::NONE)
}

fn object_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = a.get(t, 0);
    if !s.is_heap() {
        // None, booleans, small ints and the other immediates have their own reprs.
        return protocol::repr(t, s);
    }
    let text = protocol::default_repr(t, s);
    pystr::new_str(t, &text)
}

fn object_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    protocol::repr(t, a.get(t, 0))
}

fn object_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__eq__", 2, 2)?;
    Ok(if a.get(t, 0) == a.get(t, 1) {
        Value::TRUE
    } else {
        Value::NOT_IMPLEMENTED
    })
}

fn object_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__ne__", 2, 2)?;
    // Delegate to __eq__ and invert unless NotImplemented.
    let r = protocol::call_special(t, a.get(t, 0), crate::symbols::sym::__eq__, &[a.get(t, 1)])?;
    match r {
        Some(v) if v.is_not_implemented() => Ok(v),
        Some(v) => Ok(Value::from_bool(!protocol::truthy(t, v)?)),
        None => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn object_cmp_not_implemented(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    Ok(Value::NOT_IMPLEMENTED)
}

fn object_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = a.get(t, 0);
    let h = if s.is_heap() {
        t.heap.identity_hash(s) as i64
    } else {
        protocol::hash(t, s)?
    };
    Ok(Value::small_int(h))
}

fn object_getattribute(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getattribute__", 2, 2)?;
    let name = a.get(t, 1);
    if !pystr::is_str(t, name) {
        let msg = format!(
            "attribute name must be string, not '{}'",
            type_::type_name_of(t, name)
        );
        return Err(t.type_error(&msg));
    }
    protocol::attr::generic_getattr(t, a.get(t, 0), name)
}

/// CPython's check that an attribute name passed to `object.__setattr__` & co. is a str.
fn name_must_be_str(t: &mut Thread, name: Value) -> PyResult<()> {
    if pystr::is_str(t, name) {
        return Ok(());
    }
    let msg = format!(
        "attribute name must be string, not '{}'",
        type_::type_name_of(t, name)
    );
    Err(t.type_error(&msg))
}

fn object_setattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__setattr__", 3, 3)?;
    name_must_be_str(t, a.get(t, 1))?;
    let obj = a.get(t, 0);
    let ty = t.type_of(obj);
    protocol::attr::generic_setattr(t, obj, a.get(t, 1), a.get(t, 2), ty)?;
    Ok(Value::NONE)
}

fn object_delattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__delattr__", 2, 2)?;
    name_must_be_str(t, a.get(t, 1))?;
    protocol::attr::generic_delattr(t, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::NONE)
}

fn object_class(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.type_of(a.get(t, 0)))
}

/// `obj.__class__ = C`: allowed between heap types whose instances have the same native
/// shape and slot count; the instance moves to C's layout (attributes carried over through
/// dictionary mode when the layouts differ).
fn object_set_class(t: &mut Thread, a: Args) -> PyResult<Value> {
    let obj = a.get(t, 0);
    let cls = a.get(t, 1);
    if !type_::is_type(t, cls) {
        let msg = format!(
            "__class__ must be set to a class, not '{}' object",
            type_::type_name_of(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    let old = t.type_of(obj);
    let heap_types = type_::type_flags(t, cls) & type_::flags::HEAPTYPE != 0
        && type_::type_flags(t, old) & type_::flags::HEAPTYPE != 0;
    if !obj.is_heap() || !heap_types {
        return Err(t.type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        ));
    }
    let new_layout = type_::instance_layout(t, cls);
    let cur = t.heap.layout_id(obj);
    let (lc, ln) = (t.layouts.get(cur), t.layouts.get(new_layout));
    let record = lc.native == crate::layout::NativeKind::Record;
    if lc.native != ln.native
        || lc.overflow_slot != ln.overflow_slot
        || t.heap.count(obj) < ln.num_slots as usize
        // Native types' slots mean what their type's natives say: the same native base only.
        || (record && native_base(t, old) != native_base(t, cls))
    {
        let msg = format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            type_::type_name(t, cls),
            type_::type_name(t, old)
        );
        return Err(t.type_error(&msg));
    }
    // Carry the attributes across through dictionary mode, then switch the type.
    let d = protocol::attr::to_dict_mode(t, obj)?;
    let hd = t.root(d);
    let obj = a.get(t, 0);
    let cls = a.get(t, 1);
    let target = dict_mode_layout_for(t, cls, obj);
    t.heap.set_layout_id(obj, target);
    let ov = t.layouts.get(target).overflow_slot.unwrap_or(0) as usize;
    t.heap.set_slot(obj, ov, t.get(hd));
    Ok(Value::NONE)
}

/// The native type (`objects::native_type`) a class derives its instance slots from.
fn native_base(t: &Thread, ty: Value) -> Option<Value> {
    let mro = type_::type_mro(t, ty);
    (0..crate::objects::tuple::len(t, mro))
        .map(|i| crate::objects::tuple::get(t, mro, i))
        .find(|b| type_::type_flags(t, *b) & type_::flags::NATIVE != 0)
}

fn dict_mode_layout_for(t: &mut Thread, cls: Value, obj: Value) -> ember_gc::LayoutId {
    let base = type_::instance_layout(t, cls);
    let n = t.heap.count(obj) as u32;
    let from = t.layouts.get(base);
    if let Some(i) = t.layouts.entries.iter().position(|l| {
        l.dict_mode && l.type_ == cls && l.num_slots == n && l.overflow_slot == from.overflow_slot
    }) {
        return ember_gc::LayoutId(i as u32);
    }
    let l = crate::layout::Layout {
        type_: cls,
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
    t.layouts.push(l)
}

fn object_dir(t: &mut Thread, a: Args) -> PyResult<Value> {
    // Instance attributes plus the attributes of the type and its bases.
    let out = dict::new_dict(t)?;
    let ho = t.root(out);
    let obj = a.get(t, 0);
    if obj.is_heap()
        && t.layouts.get(t.heap.layout_id(obj)).overflow_slot.is_some()
        && !type_::is_type(t, obj)
    {
        let d = protocol::attr::to_dict_mode(t, a.get(t, 0))?;
        let keys: Vec<_> = dict::items(t, d)
            .into_iter()
            .map(|(k, _)| t.root(k))
            .collect();
        for k in keys {
            dict::set(t, t.get(ho), t.get(k), Value::NONE)?;
        }
    }
    let ty = if type_::is_type(t, a.get(t, 0)) {
        a.get(t, 0)
    } else {
        t.type_of(a.get(t, 0))
    };
    let hty = t.root(ty);
    let n = t.heap.count(type_::type_mro(t, ty));
    for i in 0..n {
        // `dict::set` allocates: re-fetch the class and its namespace for every entry.
        let mut j = 0;
        loop {
            let c = t.heap.slot(type_::type_mro(t, t.get(hty)), i);
            let d = type_::type_dict(t, c);
            if j >= dict::nentries(t, d) {
                break;
            }
            if let Some((k, _)) = dict::entry_at(t, d, j) {
                dict::set(t, t.get(ho), k, Value::NONE)?;
            }
            j += 1;
        }
    }
    let keys: Vec<Value> = dict::items(t, t.get(ho))
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    crate::objects::list::new_list_from(t, &keys)
}

fn object_format(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__format__", 2, 2)?;
    let spec = a.get(t, 1);
    if !pystr::is_str(t, spec) {
        let msg = format!(
            "__format__() argument must be str, not {}",
            type_::type_name_of(t, spec)
        );
        return Err(t.type_error(&msg));
    }
    if pystr::byte_len(t, spec) > 0 {
        let msg = format!(
            "unsupported format string passed to {}.__format__",
            type_::type_name_of(t, a.get(t, 0))
        );
        return Err(t.type_error(&msg));
    }
    protocol::str_(t, a.get(t, 0))
}

fn object_init_subclass(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn object_subclasshook(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    Ok(Value::NOT_IMPLEMENTED)
}

/// The Python half of pickling support (`reduce.py`), compiled on first use.
fn reduce_helpers(t: &mut Thread) -> PyResult<Value> {
    const KEY: &str = "_ember_reduce";
    if let Some(d) = crate::objects::native_type::native_type(t, KEY) {
        return Ok(d);
    }
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    let b = t.globals.builtins_module;
    dict::set_str(t, t.get(hd), "__builtins__", b)?;
    let name = pystr::new_str(t, "_ember_reduce")?;
    dict::set_str(t, t.get(hd), "__name__", name)?;
    native::add_function(t, t.get(hd), "_ember_reduce", "_has_native_state", has_native_state)?;
    native::add_function(t, t.get(hd), "_ember_reduce", "_tp_name", tp_name_of)?;
    crate::import::run_source(t, include_str!("reduce.py"), "<ember reduce>", t.get(hd))?;
    t.native_types.push((KEY, t.get(hd)));
    Ok(t.get(hd))
}

/// The name CPython's messages use for the type of `obj` (its tp_name).
fn tp_name_of(t: &mut Thread, a: Args) -> PyResult<Value> {
    let n = type_::type_name_of(t, a.get(t, 0));
    pystr::new_str(t, &n)
}

/// Whether `obj` has a native shape (builtin or native-module data) beyond its attributes.
fn has_native_state(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    if !v.is_heap() {
        return Ok(Value::TRUE);
    }
    let native = t.layouts.get(t.heap.layout_id(v)).native;
    Ok(Value::from_bool(!matches!(
        native,
        crate::layout::NativeKind::Object
    )))
}

fn call_helper(t: &mut Thread, name: &str, args: &[Value]) -> PyResult<Value> {
    let mark = t.handle_mark();
    let hs: Vec<_> = args.iter().map(|v| t.root(*v)).collect();
    let d = reduce_helpers(t)?;
    let f = match dict::get_rust_str(t, d, name)? {
        Some(f) => f,
        None => return Err(t.system_error("pickling helpers are missing")),
    };
    let vals: Vec<Value> = hs.iter().map(|h| t.get(*h)).collect();
    let r = protocol::call(t, f, &vals);
    t.handle_release(mark);
    r
}

/// `object.__reduce_ex__(protocol)` (CPython's object___reduce_ex___impl).
fn object_reduce_ex(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__reduce_ex__", 2, 2)?;
    let p = a.get(t, 1);
    if !crate::objects::int::is_int(t, p) {
        let msg = format!(
            "'{}' object cannot be interpreted as an integer",
            type_::type_name_of(t, p)
        );
        return Err(t.type_error(&msg));
    }
    call_helper(t, "reduce_ex", &[a.get(t, 0), a.get(t, 1)])
}

/// `object.__reduce__()`: protocol 0's reduction.
fn object_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__reduce__", 1, 1)?;
    call_helper(t, "common_reduce", &[a.get(t, 0), Value::small_int(0)])
}

/// `object.__getstate__()`: the instance `__dict__` (a copy, or None when empty) and the
/// slot values, as CPython 3.11's default.
fn object_getstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getstate__", 1, 1)?;
    call_helper(t, "getstate", &[a.get(t, 0)])
}

pub fn init(t: &mut Thread) -> PyResult<()> {
    native::add_static(t, t.ty(BuiltinType::Object), "__new__", object_new)?;
    native::add_method(t, t.ty(BuiltinType::Object), "__init__", object_init)?;
    native::add_method(t, t.ty(BuiltinType::Object), "__repr__", object_repr)?;
    native::add_method(t, t.ty(BuiltinType::Object), "__str__", object_str)?;
    native::add_method(t, t.ty(BuiltinType::Object), "__eq__", object_eq)?;
    native::add_method(t, t.ty(BuiltinType::Object), "__ne__", object_ne)?;
    for n in ["__lt__", "__le__", "__gt__", "__ge__"] {
        native::add_method(t, t.ty(BuiltinType::Object), n, object_cmp_not_implemented)?;
    }
    native::add_method(t, t.ty(BuiltinType::Object), "__hash__", object_hash)?;
    native::add_method(
        t,
        t.ty(BuiltinType::Object),
        "__getattribute__",
        object_getattribute,
    )?;
    native::add_method(t, t.ty(BuiltinType::Object), "__setattr__", object_setattr)?;
    native::add_method(t, t.ty(BuiltinType::Object), "__delattr__", object_delattr)?;
    native::add_method(t, t.ty(BuiltinType::Object), "__dir__", object_dir)?;
    native::add_method(t, t.ty(BuiltinType::Object), "__format__", object_format)?;
    native::add_classmethod(
        t,
        t.ty(BuiltinType::Object),
        "__init_subclass__",
        object_init_subclass,
    )?;
    native::add_classmethod(
        t,
        t.ty(BuiltinType::Object),
        "__subclasshook__",
        object_subclasshook,
    )?;
    native::add_method(
        t,
        t.ty(BuiltinType::Object),
        "__reduce_ex__",
        object_reduce_ex,
    )?;
    native::add_method(t, t.ty(BuiltinType::Object), "__reduce__", object_reduce)?;
    native::add_method(t, t.ty(BuiltinType::Object), "__getstate__", object_getstate)?;
    crate::objects::descriptors::add_getset(
        t,
        t.ty(BuiltinType::Object),
        "__class__",
        object_class,
        Some(object_set_class),
    )?;
    let doc = pystr::new_str(t, "The base class of the class hierarchy.")?;
    let o = t.ty(BuiltinType::Object);
    type_::define(t, o, "__doc__", doc)?;
    Ok(())
}

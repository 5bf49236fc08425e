//! `types.SimpleNamespace`: a plain object whose attributes are its keyword arguments, the
//! type of `sys.implementation`. Instances keep their attributes in layout slots like any
//! instance; repr and equality read them through a copy of `__dict__`.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{dict, object, sequence, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// A new exact SimpleNamespace with the given attributes.
pub fn new_namespace(t: &mut Thread, attrs: &[(&str, Value)]) -> PyResult<Value> {
    let mark = t.handle_mark();
    let hvals: Vec<_> = attrs.iter().map(|(_, v)| t.root(*v)).collect();
    let ty = t.ty(BuiltinType::SimpleNamespace);
    let ns = object::new_instance(t, ty)?;
    let hns = t.root(ns);
    for ((name, _), h) in attrs.iter().zip(&hvals) {
        let key = pystr::new_str(t, name)?;
        protocol::setattr(t, t.get(hns), key, t.get(*h))?;
    }
    let ns = t.get(hns);
    t.handle_release(mark);
    Ok(ns)
}

fn is_namespace(t: &Thread, v: Value) -> bool {
    let ty = t.type_of(v);
    type_::is_subtype(t, ty, t.ty(BuiltinType::SimpleNamespace))
}

/// A fresh dict holding the instance's attributes.
fn attrs_dict(t: &mut Thread, ns: Value) -> PyResult<Value> {
    let view = protocol::attr::getattr_str(t, ns, "__dict__")?;
    let hv = t.root(view);
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    protocol::dict_update_from_mapping(t, d, t.get(hv))?;
    Ok(t.get(hd))
}

fn ns_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 1 {
        return Err(t.type_error("no positional arguments expected"));
    }
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if !pystr::is_str(t, k) {
            return Err(t.type_error("keywords must be strings"));
        }
        protocol::setattr(t, a.get(t, 0), k, v)?;
    }
    Ok(Value::NONE)
}

fn ns_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ns = a.get(t, 0);
    let ty = t.type_of(ns);
    let name = if ty == t.ty(BuiltinType::SimpleNamespace) {
        "namespace".to_string()
    } else {
        type_::type_name(t, ty)
    };
    if !sequence::repr_enter(t, ns)? {
        return pystr::new_str(t, &format!("{name}(...)"));
    }
    let r = repr_body(t, ns);
    sequence::repr_leave(t, a.get(t, 0));
    let body = r?;
    pystr::new_str(t, &format!("{name}({body})"))
}

fn repr_body(t: &mut Thread, ns: Value) -> PyResult<String> {
    let d = attrs_dict(t, ns)?;
    let hd = t.root(d);
    let mut parts = Vec::new();
    let mut i = 0;
    // A value's repr may run code that changes the dict: re-read its size every time.
    while i < dict::nentries(t, t.get(hd)) {
        let entry = dict::entry_at(t, t.get(hd), i);
        i += 1;
        let Some((k, v)) = entry else {
            continue;
        };
        if !pystr::is_str(t, k) {
            continue;
        }
        let key = pystr::to_rust_string(t, k);
        let value = protocol::repr_string(t, v)?;
        parts.push(format!("{key}={value}"));
    }
    Ok(parts.join(", "))
}

fn ns_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__eq__", 2, 2)?;
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_namespace(t, x) || !is_namespace(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let dx = attrs_dict(t, x)?;
    let hx = t.root(dx);
    let dy = attrs_dict(t, a.get(t, 1))?;
    let eq = dict::dict_equal(t, t.get(hx), dy)?;
    Ok(Value::from_bool(eq))
}

fn ns_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__reduce__", 1, 1)?;
    let d = attrs_dict(t, a.get(t, 0))?;
    let hd = t.root(d);
    let empty = tuple::new_tuple(t, &[])?;
    let ty = t.type_of(a.get(t, 0));
    tuple::new_tuple(t, &[ty, empty, t.get(hd)])
}

/// Fills `types.SimpleNamespace`'s namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::SimpleNamespace);
    let h = t.root(ty);
    crate::objects::native_type::register_builtin(t, "types.SimpleNamespace", ty);
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__init__", ns_init),
        ("__repr__", ns_repr),
        ("__eq__", ns_eq),
        ("__reduce__", ns_reduce),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    let d = type_::type_dict(t, t.get(h));
    dict::set_str(t, d, "__hash__", Value::NONE)?;
    let m = pystr::new_str(t, "types")?;
    let d = type_::type_dict(t, t.get(h));
    dict::set_str(t, d, "__module__", m)
}

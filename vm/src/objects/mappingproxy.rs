//! `mappingproxy`: the read-only view of a mapping (slot 0) that `cls.__dict__` returns.
//! Every operation delegates to the wrapped mapping through the generic protocol, as
//! CPython's `descrobject.c` does, so a proxy over a dict or over any other mapping behaves
//! like that mapping minus mutation.

use ember_gc::Value;

use crate::bytecode::{BinaryOp, CompareOp};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{list, sequence, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// Wraps `mapping` in a new proxy (no checks: callers pass a mapping).
pub fn new_mappingproxy(t: &mut Thread, mapping: Value) -> PyResult<Value> {
    t.new_object(BuiltinType::MappingProxy.layout(), &[mapping])
}

/// Whether `v` is a mappingproxy.
pub fn is_mappingproxy(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::MappingProxy.layout()
}

/// The mapping a proxy wraps.
#[inline]
pub fn mapping(t: &Thread, proxy: Value) -> Value {
    t.heap.slot(proxy, 0)
}

/// `self` of a proxy method, checked (`mappingproxy.keys(5)` must not read slot 0 of 5).
fn this(t: &mut Thread, a: &Args, name: &str) -> PyResult<Value> {
    let p = a.get(t, 0);
    if is_mappingproxy(t, p) {
        return Ok(mapping(t, p));
    }
    let msg = format!(
        "descriptor '{name}' for 'mappingproxy' objects doesn't apply to a '{}' object",
        type_::type_name_of(t, p)
    );
    Err(t.type_error(&msg))
}

fn mp_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = match (a.len(), a.nkw) {
        (2, 0) => a.get(t, 1),
        (1, 1) if pystr::str_eq_rust(t, a.kw(t, 0).0, "mapping") => a.kw(t, 0).1,
        (1, 0) => {
            return Err(t.type_error("mappingproxy() missing required argument 'mapping' (pos 1)"))
        }
        _ => {
            let msg = format!(
                "mappingproxy() takes at most 1 argument ({} given)",
                a.len() - 1 + a.nkw
            );
            return Err(t.type_error(&msg));
        }
    };
    // CPython's PyMapping_Check minus the sequences that also define __getitem__.
    let hm = t.root(m);
    let ty = t.type_of(m);
    let is_seq = list::is_list(t, m) || tuple::is_tuple(t, m);
    if is_seq || type_::lookup_str(t, ty, "__getitem__")?.is_none() {
        let msg = format!(
            "mappingproxy() argument must be a mapping, not {}",
            type_::type_name_of(t, t.get(hm))
        );
        return Err(t.type_error(&msg));
    }
    new_mappingproxy(t, t.get(hm))
}

fn mp_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "mappingproxy.__getitem__")?;
    let m = this(t, &a, "__getitem__")?;
    protocol::getitem(t, m, a.get(t, 1))
}

fn mp_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = this(t, &a, "__len__")?;
    Ok(Value::small_int(protocol::len(t, m)? as i64))
}

fn mp_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "mappingproxy.__contains__")?;
    let m = this(t, &a, "__contains__")?;
    Ok(Value::from_bool(protocol::contains(t, m, a.get(t, 1))?))
}

fn mp_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = this(t, &a, "__iter__")?;
    protocol::iter(t, m)
}

/// A method that forwards its positional arguments to the same-named method of the mapping.
fn forward(t: &mut Thread, a: Args, name: &str, min: usize, max: usize) -> PyResult<Value> {
    a.check(t, name, min + 1, max + 1)?;
    let m = this(t, &a, name)?;
    // call_method roots the arguments itself.
    let args: Vec<Value> = (1..a.len()).map(|i| a.get(t, i)).collect();
    protocol::call_method(t, m, name, &args)
}

fn mp_reversed(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, a, "__reversed__", 0, 0)
}

fn mp_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, a, "get", 1, 2)
}

fn mp_keys(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, a, "keys", 0, 0)
}

fn mp_values(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, a, "values", 0, 0)
}

fn mp_items(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, a, "items", 0, 0)
}

fn mp_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, a, "copy", 0, 0)
}

fn mp_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = this(t, &a, "__repr__")?;
    let r = protocol::repr_string(t, m)?;
    pystr::new_str(t, &format!("mappingproxy({r})"))
}

fn mp_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = this(t, &a, "__str__")?;
    protocol::str_(t, m)
}

fn compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let m = this(t, &a, "__eq__")?;
    protocol::rich_compare(t, m, a.get(t, 1), op)
}

fn mp_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    compare(t, a, CompareOp::Eq)
}
fn mp_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    compare(t, a, CompareOp::Ne)
}
fn mp_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    compare(t, a, CompareOp::Lt)
}
fn mp_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    compare(t, a, CompareOp::Le)
}
fn mp_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    compare(t, a, CompareOp::Gt)
}
fn mp_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    compare(t, a, CompareOp::Ge)
}

/// `left | right` with either side unwrapped if it is a proxy (CPython's mappingproxy_or).
fn or(t: &mut Thread, left: Value, right: Value) -> PyResult<Value> {
    let left = if is_mappingproxy(t, left) {
        mapping(t, left)
    } else {
        left
    };
    let right = if is_mappingproxy(t, right) {
        mapping(t, right)
    } else {
        right
    };
    protocol::binary_op(t, left, right, BinaryOp::Or)
}

fn mp_or(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__or__", 2, 2)?;
    or(t, a.get(t, 0), a.get(t, 1))
}

fn mp_ror(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__ror__", 2, 2)?;
    or(t, a.get(t, 1), a.get(t, 0))
}

fn mp_ior(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__ior__", 2, 2)?;
    let msg = format!(
        "'|=' is not supported by {}; use '|' instead",
        type_::type_name_of(t, a.get(t, 0))
    );
    Err(t.type_error(&msg))
}

/// Fills `mappingproxy`'s namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::MappingProxy);
    let h = t.root(ty);
    native::add_static(t, t.get(h), "__new__", mp_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__getitem__", mp_getitem),
        ("__len__", mp_len),
        ("__contains__", mp_contains),
        ("__iter__", mp_iter),
        ("__reversed__", mp_reversed),
        ("__repr__", mp_repr),
        ("__str__", mp_str),
        ("__eq__", mp_eq),
        ("__ne__", mp_ne),
        ("__lt__", mp_lt),
        ("__le__", mp_le),
        ("__gt__", mp_gt),
        ("__ge__", mp_ge),
        ("__or__", mp_or),
        ("__ror__", mp_ror),
        ("__ior__", mp_ior),
        ("get", mp_get),
        ("keys", mp_keys),
        ("values", mp_values),
        ("items", mp_items),
        ("copy", mp_copy),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    // Unhashable in 3.11 (3.12 delegates to the mapping).
    let d = type_::type_dict(t, t.get(h));
    crate::objects::dict::set_str(t, d, "__hash__", Value::NONE)?;
    sequence::add_class_getitem(t, t.get(h))
}

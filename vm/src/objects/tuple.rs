//! `tuple`: an immutable sequence stored as a Slots-format object whose slots are the items.
//! Subclass instances keep their tuple in slot 0.

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::sequence::{self, Key};
use crate::objects::{slice, str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

/// Allocates a tuple of `items` (rooted across the allocation).
pub fn new_tuple(t: &mut Thread, items: &[Value]) -> PyResult<Value> {
    if items.is_empty() && !t.globals.empty_tuple.is_none() {
        return Ok(t.globals.empty_tuple);
    }
    t.new_object(BuiltinType::Tuple.layout(), items)
}

/// Allocates a tuple of `n` Nones for the caller to fill with `Heap::set_slot`.
pub fn new_tuple_uninit(t: &mut Thread, n: usize) -> PyResult<Value> {
    if n == 0 && !t.globals.empty_tuple.is_none() {
        return Ok(t.globals.empty_tuple);
    }
    t.alloc_slots(BuiltinType::Tuple.layout(), n, Value::NONE)
}

#[inline]
pub fn is_exact_tuple(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::Tuple.layout()
}

pub fn is_tuple(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::Tuple
}

/// The exact tuple behind a tuple or tuple-subclass instance.
#[inline]
pub fn tuple_value(t: &Thread, v: Value) -> Value {
    if is_exact_tuple(t, v) {
        v
    } else {
        t.heap.slot(v, 0)
    }
}

#[inline]
pub fn len(t: &Thread, tup: Value) -> usize {
    t.heap.count(tuple_value(t, tup))
}

#[inline]
pub fn get(t: &Thread, tup: Value, i: usize) -> Value {
    t.heap.slot(tuple_value(t, tup), i)
}

/// A copy of the items (for code that will allocate while iterating, root them first).
pub fn items(t: &Thread, tup: Value) -> Vec<Value> {
    t.heap.slots(tuple_value(t, tup)).to_vec()
}

/// A new tuple of items `start, start+step, ...` (`n` of them) of the list or tuple `seq`.
pub fn slice_of(t: &mut Thread, seq: Value, start: i64, step: i64, n: usize) -> PyResult<Value> {
    let h = t.root(seq);
    let out = new_tuple_uninit(t, n)?;
    let seq = t.get(h);
    for k in 0..n {
        let i = (start + step * k as i64) as usize;
        let v = sequence::seq_get(t, seq, i);
        t.heap.set_slot(out, k, v);
    }
    Ok(out)
}

/// `tuple(iterable)` as an exact tuple.
pub fn from_iterable(t: &mut Thread, iterable: Value) -> PyResult<Value> {
    if is_exact_tuple(t, iterable) {
        return Ok(iterable);
    }
    let seq = sequence::as_seq(t, iterable)?;
    let n = sequence::seq_len(t, seq);
    slice_of(t, seq, 0, 1, n)
}

/// Lexicographic comparison of two tuples.
pub fn compare_tuples(t: &mut Thread, a: Value, b: Value, op: CompareOp) -> PyResult<Value> {
    sequence::compare_sequences(t, a, b, op)
}

fn tuple_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Tuple)?;
    if a.nkw > 0 {
        return Err(t.type_error("tuple() takes no keyword arguments"));
    }
    let n = a.len() - 1;
    if n > 1 {
        let msg = format!("tuple expected at most 1 argument, got {n}");
        return Err(t.type_error(&msg));
    }
    let value = if n == 1 {
        from_iterable(t, a.get(t, 1))?
    } else {
        new_tuple(t, &[])?
    };
    let cls = a.get(t, 0);
    if cls == t.ty(BuiltinType::Tuple) {
        return Ok(value);
    }
    let hv = t.root(value);
    let layout = type_::instance_layout(t, cls);
    let num = t.layouts.get(layout).num_slots as usize;
    let obj = t.alloc_slots(layout, num.max(1), Value::NONE)?;
    let v = t.get(hv);
    t.heap.set_slot(obj, 0, v);
    Ok(obj)
}

fn tuple_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = a.get(t, 0);
    let n = len(t, s);
    if n == 0 {
        return pystr::new_str(t, "()");
    }
    if !sequence::repr_enter(t, s)? {
        return pystr::new_str(t, "(...)");
    }
    let tv = tuple_value(t, a.get(t, 0));
    let r = sequence::repr_items(t, tv);
    sequence::repr_leave(t, a.get(t, 0));
    let mut body = r?;
    if n == 1 {
        body.push(',');
    }
    pystr::new_str(t, &format!("({body})"))
}

fn tuple_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(len(t, a.get(t, 0)) as i64))
}

/// `tup[key]`.
pub fn getitem(t: &mut Thread, tup: Value, key: Value) -> PyResult<Value> {
    let h = t.root(tup);
    match sequence::classify_key(t, key)? {
        Key::Index(i) => {
            let tup = t.get(h);
            match sequence::norm_index(i, len(t, tup)) {
                Some(j) => Ok(get(t, tup, j)),
                None => Err(t.index_error("tuple index out of range")),
            }
        }
        Key::Overflow => Err(sequence::index_overflow(t)),
        Key::Slice => {
            let n = len(t, t.get(h));
            let (start, step, count) = slice::indices_for(t, key, t.get(h), len)?;
            let tv = tuple_value(t, t.get(h));
            if start == 0 && step == 1 && count == n && is_exact_tuple(t, t.get(h)) {
                return Ok(tv);
            }
            slice_of(t, tv, start, step, count)
        }
        Key::Other(tn) => Err(sequence::bad_index(t, "tuple", &tn)),
    }
}

fn tuple_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "tuple.__getitem__")?;
    getitem(t, a.get(t, 0), a.get(t, 1))
}

fn tuple_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    let tv = tuple_value(t, a.get(t, 0));
    Ok(Value::from_bool(sequence::seq_contains(
        t,
        tv,
        a.get(t, 1),
    )?))
}

fn tuple_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let tv = tuple_value(t, a.get(t, 0));
    t.new_object(
        BuiltinType::TupleIterator.layout(),
        &[tv, Value::small_int(0)],
    )
}

fn tuple_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    let tv = tuple_value(t, a.get(t, 0));
    let h = protocol::hash(t, tv)?;
    crate::objects::int::from_i64(t, h)
}

fn tuple_add(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_tuple(t, y) {
        if sequence::reflects(t, y, "__radd__")? {
            return Ok(Value::NOT_IMPLEMENTED);
        }
        let msg = format!(
            "can only concatenate tuple (not \"{}\") to tuple",
            type_::type_name_of(t, a.get(t, 1))
        );
        return Err(t.type_error(&msg));
    }
    let (nx, ny) = (len(t, x), len(t, y));
    if ny == 0 && is_exact_tuple(t, x) {
        return Ok(x);
    }
    if nx == 0 && is_exact_tuple(t, y) {
        return Ok(y);
    }
    let total = nx + ny;
    let out = new_tuple_uninit(t, total)?;
    let (x, y) = (tuple_value(t, a.get(t, 0)), tuple_value(t, a.get(t, 1)));
    t.heap.copy_slots(out, 0, x, 0, nx);
    t.heap.copy_slots(out, nx, y, 0, ny);
    Ok(out)
}

/// `tup * n`.
pub fn repeat(t: &mut Thread, tup: Value, n: Value) -> PyResult<Value> {
    let h = t.root(tup);
    let count = match sequence::repeat_arg(t, n)? {
        sequence::Repeat::Count(c) => c,
        sequence::Repeat::Done(v) => return Ok(v),
    };
    let tup = t.get(h);
    let len = len(t, tup);
    if count <= 0 || len == 0 {
        return new_tuple(t, &[]);
    }
    if count == 1 && is_exact_tuple(t, tup) {
        return Ok(tup);
    }
    let total = sequence::check_repeat_size(t, len, count as usize)?;
    let out = new_tuple_uninit(t, total)?;
    let tv = tuple_value(t, t.get(h));
    for k in 0..count as usize {
        t.heap.copy_slots(out, k * len, tv, 0, len);
    }
    Ok(out)
}

fn tuple_mul(t: &mut Thread, a: Args) -> PyResult<Value> {
    repeat(t, a.get(t, 0), a.get(t, 1))
}

fn tuple_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_tuple(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let (x, y) = (tuple_value(t, x), tuple_value(t, y));
    compare_tuples(t, x, y, op)
}

fn tuple_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    tuple_compare(t, a, CompareOp::Eq)
}
fn tuple_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    tuple_compare(t, a, CompareOp::Ne)
}
fn tuple_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    tuple_compare(t, a, CompareOp::Lt)
}
fn tuple_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    tuple_compare(t, a, CompareOp::Le)
}
fn tuple_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    tuple_compare(t, a, CompareOp::Gt)
}
fn tuple_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    tuple_compare(t, a, CompareOp::Ge)
}

fn tuple_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "tuple.count")?;
    let tv = tuple_value(t, a.get(t, 0));
    Ok(Value::small_int(
        sequence::seq_count(t, tv, a.get(t, 1))? as i64
    ))
}

fn tuple_index(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "index", 1, 3)?;
    let start = sequence::slice_index_arg(t, a.opt(t, 2), 0)?;
    let stop = sequence::slice_index_arg(t, a.opt(t, 3), i64::MAX)?;
    let tv = tuple_value(t, a.get(t, 0));
    match sequence::seq_index(t, tv, a.get(t, 1), start, stop)? {
        Some(i) => Ok(Value::small_int(i as i64)),
        None => Err(t.value_error("tuple.index(x): x not in tuple")),
    }
}

fn tuple_getnewargs(t: &mut Thread, a: Args) -> PyResult<Value> {
    let tv = tuple_value(t, a.get(t, 0));
    let items = items(t, tv);
    let copy = new_tuple(t, &items)?;
    new_tuple(t, &[copy])
}

/// Adds the type's methods to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::Tuple);
    let h = t.root(ty);
    native::add_static(t, ty, "__new__", tuple_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__repr__", tuple_repr),
        ("__len__", tuple_len),
        ("__getitem__", tuple_getitem),
        ("__contains__", tuple_contains),
        ("__iter__", tuple_iter),
        ("__hash__", tuple_hash),
        ("__add__", tuple_add),
        ("__mul__", tuple_mul),
        ("__rmul__", tuple_mul),
        ("__eq__", tuple_eq),
        ("__ne__", tuple_ne),
        ("__lt__", tuple_lt),
        ("__le__", tuple_le),
        ("__gt__", tuple_gt),
        ("__ge__", tuple_ge),
        ("count", tuple_count),
        ("index", tuple_index),
        ("__getnewargs__", tuple_getnewargs),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    sequence::add_class_getitem(t, t.get(h))
}

//! `range`: an immutable arithmetic sequence. Slots: 0 = start, 1 = stop, 2 = step,
//! 3 = length (all ints, arbitrarily large). Arithmetic goes through `BigInt`, so
//! `range(0, 10**20)` works everywhere except `len()`, which must fit an index as in
//! CPython.

use ember_gc::Value;
use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{int, sequence, slice, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

pub const START: usize = 0;
pub const STOP: usize = 1;
pub const STEP: usize = 2;
pub const LEN: usize = 3;

/// Number of items of `range(start, stop, step)` (step != 0).
pub fn range_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() && start < stop {
        (stop - start - 1) / step + 1
    } else if step.is_negative() && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        BigInt::zero()
    }
}

/// Allocates a range from exact bounds.
pub fn new_range(t: &mut Thread, start: &BigInt, stop: &BigInt, step: &BigInt) -> PyResult<Value> {
    let len = range_len(start, stop, step);
    let a = int::from_bigint(t, start)?;
    let ha = t.root(a);
    let b = int::from_bigint(t, stop)?;
    let hb = t.root(b);
    let c = int::from_bigint(t, step)?;
    let hc = t.root(c);
    let n = int::from_bigint(t, &len)?;
    t.new_object(
        BuiltinType::Range.layout(),
        &[t.get(ha), t.get(hb), t.get(hc), n],
    )
}

#[inline]
pub fn is_range(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::Range.layout()
}

/// (start, stop, step, len) as BigInts.
fn parts(t: &Thread, r: Value) -> (BigInt, BigInt, BigInt, BigInt) {
    (
        int::to_bigint(t, t.heap.slot(r, START)),
        int::to_bigint(t, t.heap.slot(r, STOP)),
        int::to_bigint(t, t.heap.slot(r, STEP)),
        int::to_bigint(t, t.heap.slot(r, LEN)),
    )
}

/// An argument converted with `__index__` (TypeError otherwise).
fn index_big(t: &mut Thread, v: Value) -> PyResult<BigInt> {
    match sequence::to_bigint_index(t, v)? {
        Some(b) => Ok(b),
        None => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

/// The length of a range whose bounds are SmallInts (i128 cannot overflow here).
fn small_len(start: i64, stop: i64, step: i64) -> i128 {
    let (start, stop, step) = (start as i128, stop as i128, step as i128);
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    }
}

/// `range(...)` when every argument is a SmallInt and so is the length: no big-int
/// arithmetic. None when the general path must run.
fn small_range(t: &mut Thread, a: &Args) -> Option<(Value, Value, Value, Value)> {
    let n = a.len() - 1;
    let arg = |i: usize| {
        let v = a.get(t, i);
        v.is_small_int().then(|| v.as_small_int())
    };
    let (start, stop, step) = match n {
        1 => (0, arg(1)?, 1),
        2 => (arg(1)?, arg(2)?, 1),
        3 => (arg(1)?, arg(2)?, arg(3)?),
        _ => return None,
    };
    if step == 0 {
        return None;
    }
    let len = i64::try_from(small_len(start, stop, step)).ok()?;
    Some((
        Value::small_int(start),
        Value::small_int(stop),
        Value::small_int(step),
        Value::from_i64(len)?,
    ))
}

fn range_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Range)?;
    if a.nkw > 0 {
        return Err(t.type_error("range() takes no keyword arguments"));
    }
    if let Some((start, stop, step, len)) = small_range(t, &a) {
        return t.new_object(BuiltinType::Range.layout(), &[start, stop, step, len]);
    }
    let n = a.len() - 1;
    let (start, stop, step) = match n {
        1 => (BigInt::zero(), index_big(t, a.get(t, 1))?, BigInt::one()),
        2 | 3 => {
            let start = index_big(t, a.get(t, 1))?;
            let stop = index_big(t, a.get(t, 2))?;
            let step = if n == 3 {
                index_big(t, a.get(t, 3))?
            } else {
                BigInt::one()
            };
            (start, stop, step)
        }
        0 => return Err(t.type_error("range expected at least 1 argument, got 0")),
        _ => {
            let msg = format!("range expected at most 3 arguments, got {n}");
            return Err(t.type_error(&msg));
        }
    };
    if step.is_zero() {
        return Err(t.value_error("range() arg 3 must not be zero"));
    }
    new_range(t, &start, &stop, &step)
}

fn range_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (start, stop, step, _) = parts(t, a.get(t, 0));
    let s = if step.is_one() {
        format!("range({start}, {stop})")
    } else {
        format!("range({start}, {stop}, {step})")
    };
    pystr::new_str(t, &s)
}

fn range_len_native(t: &mut Thread, a: Args) -> PyResult<Value> {
    let n = t.heap.slot(a.get(t, 0), LEN);
    match int::to_i64(t, n) {
        Some(_) => Ok(n),
        None => Err(t.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

fn range_bool(t: &mut Thread, a: Args) -> PyResult<Value> {
    let n = t.heap.slot(a.get(t, 0), LEN);
    Ok(Value::from_bool(
        !(n.is_small_int() && n.as_small_int() == 0),
    ))
}

/// `r[key]`.
pub fn getitem(t: &mut Thread, r: Value, key: Value) -> PyResult<Value> {
    let hr = t.root(r);
    if slice::is_slice(t, key) {
        let hk = t.root(key);
        let (start, _, step, len) = parts(t, r);
        let opt = |t: &mut Thread, v: Value| -> PyResult<Option<BigInt>> {
            if v.is_none() {
                Ok(None)
            } else {
                match sequence::to_bigint_index(t, v)? {
                    Some(b) => Ok(Some(b)),
                    None => Err(t.type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    )),
                }
            }
        };
        let s_step = t.heap.slot(t.get(hk), slice::STEP);
        let sl_step = opt(t, s_step)?;
        let s_start = t.heap.slot(t.get(hk), slice::START);
        let sl_start = opt(t, s_start)?;
        let s_stop = t.heap.slot(t.get(hk), slice::STOP);
        let sl_stop = opt(t, s_stop)?;
        let (x, y, z) = match slice::long_indices(sl_start, sl_stop, sl_step, &len) {
            Ok(v) => v,
            Err(m) => return Err(t.value_error(m)),
        };
        let new_start = &start + &x * &step;
        let new_stop = &start + &y * &step;
        let new_step = &step * &z;
        return new_range(t, &new_start, &new_stop, &new_step);
    }
    let hk = t.root(key);
    let Some(i) = sequence::to_bigint_index(t, key)? else {
        let tn = type_::type_name_of(t, t.get(hk));
        return Err(sequence::bad_index(t, "range", &tn));
    };
    let (start, _, step, len) = parts(t, t.get(hr));
    let i = if i.is_negative() { i + &len } else { i };
    if i.is_negative() || i >= len {
        return Err(t.index_error("range object index out of range"));
    }
    int::from_bigint(t, &(start + i * step))
}

fn range_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getitem__", 2, 2)?;
    getitem(t, a.get(t, 0), a.get(t, 1))
}

/// The position of int `x` in `r`, if it is an item.
fn int_position(t: &Thread, r: Value, x: Value) -> Option<BigInt> {
    let (start, stop, step, _) = parts(t, r);
    let x = int::to_bigint(t, x);
    let inside = if step.is_positive() {
        start <= x && x < stop
    } else {
        stop < x && x <= start
    };
    if !inside {
        return None;
    }
    let off = &x - &start;
    if (&off % &step).is_zero() {
        Some(off / step)
    } else {
        None
    }
}

/// Linear search for non-int items (CPython's fallback): position of the first equal item.
fn search(
    t: &mut Thread,
    r: Value,
    x: Value,
    count_all: bool,
) -> PyResult<(Option<BigInt>, usize)> {
    let hx = t.root(x);
    let it = protocol::iter(t, r)?;
    let hit = t.root(it);
    let mut i = BigInt::zero();
    let mut first = None;
    let mut n = 0;
    loop {
        let mark = t.handle_mark();
        let Some(v) = protocol::next(t, t.get(hit))? else {
            break;
        };
        if protocol::eq(t, v, t.get(hx))? {
            n += 1;
            if first.is_none() {
                first = Some(i.clone());
            }
            if !count_all {
                break;
            }
        }
        t.handle_release(mark);
        i += 1;
    }
    Ok((first, n))
}

/// Ints and bools use arithmetic; other values compare with every item.
fn is_exact_int(t: &Thread, x: Value) -> bool {
    x.is_small_int()
        || x.is_bool()
        || (x.is_heap() && t.heap.layout_id(x) == BuiltinType::Int.layout())
}

fn range_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (r, x) = (a.get(t, 0), a.get(t, 1));
    if is_exact_int(t, x) {
        return Ok(Value::from_bool(int_position(t, r, x).is_some()));
    }
    Ok(Value::from_bool(search(t, r, x, false)?.0.is_some()))
}

fn range_index(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "range.index")?;
    let (r, x) = (a.get(t, 0), a.get(t, 1));
    if is_exact_int(t, x) {
        return match int_position(t, r, x) {
            Some(p) => int::from_bigint(t, &p),
            None => {
                let rep = protocol::repr_string(t, a.get(t, 1))?;
                Err(t.value_error(&format!("{rep} is not in range")))
            }
        };
    }
    match search(t, r, x, false)?.0 {
        Some(p) => int::from_bigint(t, &p),
        None => Err(t.value_error("sequence.index(x): x not in sequence")),
    }
}

fn range_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "range.count")?;
    let (r, x) = (a.get(t, 0), a.get(t, 1));
    if is_exact_int(t, x) {
        return Ok(Value::small_int(int_position(t, r, x).is_some() as i64));
    }
    Ok(Value::small_int(search(t, r, x, true)?.1 as i64))
}

/// A range_iterator over `start, start+step, ...` (`len` items).
fn new_iter(t: &mut Thread, start: &BigInt, step: &BigInt, len: &BigInt) -> PyResult<Value> {
    let a = int::from_bigint(t, start)?;
    let ha = t.root(a);
    let b = int::from_bigint(t, step)?;
    let hb = t.root(b);
    let n = int::from_bigint(t, len)?;
    t.new_object(
        BuiltinType::RangeIterator.layout(),
        &[t.get(ha), t.get(hb), n],
    )
}

fn range_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = a.get(t, 0);
    let (start, step, len) = (
        t.heap.slot(r, START),
        t.heap.slot(r, STEP),
        t.heap.slot(r, LEN),
    );
    if start.is_small_int() && step.is_small_int() && len.is_small_int() {
        return t.new_object(BuiltinType::RangeIterator.layout(), &[start, step, len]);
    }
    let (start, _, step, len) = parts(t, r);
    new_iter(t, &start, &step, &len)
}

fn range_reversed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = a.get(t, 0);
    let (start, step, len) = (
        t.heap.slot(r, START),
        t.heap.slot(r, STEP),
        t.heap.slot(r, LEN),
    );
    if start.is_small_int() && step.is_small_int() && len.is_small_int() {
        let (s, st, n) = (start.as_small_int() as i128, step.as_small_int() as i128, len.as_small_int() as i128);
        let last = if n == 0 { s } else { s + (n - 1) * st };
        if let (Some(last), Some(neg)) = (
            i64::try_from(last).ok().and_then(Value::from_i64),
            i64::try_from(-st).ok().and_then(Value::from_i64),
        ) {
            return t.new_object(BuiltinType::RangeIterator.layout(), &[last, neg, len]);
        }
    }
    let (start, _, step, len) = parts(t, a.get(t, 0));
    let last = if len.is_zero() {
        start.clone()
    } else {
        &start + (&len - 1) * &step
    };
    new_iter(t, &last, &(-step), &len)
}

/// Whether two ranges denote the same sequence.
fn same_sequence(t: &Thread, x: Value, y: Value) -> bool {
    if x == y {
        return true;
    }
    let (s1, _, st1, l1) = parts(t, x);
    let (s2, _, st2, l2) = parts(t, y);
    if l1 != l2 {
        return false;
    }
    if l1.is_zero() {
        return true;
    }
    if s1 != s2 {
        return false;
    }
    l1.is_one() || st1 == st2
}

fn range_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_range(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let eq = same_sequence(t, x, y);
    Ok(Value::from_bool(eq == (op == CompareOp::Eq)))
}

fn range_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    range_compare(t, a, CompareOp::Eq)
}
fn range_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    range_compare(t, a, CompareOp::Ne)
}

fn range_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = a.get(t, 0);
    let (len, start, step) = (
        t.heap.slot(r, LEN),
        t.heap.slot(r, START),
        t.heap.slot(r, STEP),
    );
    let n = int::to_bigint(t, len);
    let tup = if n.is_zero() {
        tuple::new_tuple(t, &[len, Value::NONE, Value::NONE])?
    } else if n.is_one() {
        tuple::new_tuple(t, &[len, start, Value::NONE])?
    } else {
        tuple::new_tuple(t, &[len, start, step])?
    };
    let h = protocol::hash(t, tup)?;
    int::from_i64(t, h)
}

fn get_start(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), START))
}
fn get_stop(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), STOP))
}
fn get_step(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), STEP))
}

/// `len(r)` as a usize when it fits (for callers that size buffers).
pub fn len_usize(t: &Thread, r: Value) -> Option<usize> {
    int::to_bigint(t, t.heap.slot(r, LEN)).to_usize()
}

/// Adds the type's methods to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::Range);
    let h = t.root(ty);
    native::add_static(t, ty, "__new__", range_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__repr__", range_repr),
        ("__len__", range_len_native),
        ("__bool__", range_bool),
        ("__getitem__", range_getitem),
        ("__contains__", range_contains),
        ("__iter__", range_iter),
        ("__reversed__", range_reversed),
        ("__eq__", range_eq),
        ("__ne__", range_ne),
        ("__hash__", range_hash),
        ("index", range_index),
        ("count", range_count),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    crate::objects::descriptors::add_getset(t, t.get(h), "start", get_start, None)?;
    crate::objects::descriptors::add_getset(t, t.get(h), "stop", get_stop, None)?;
    crate::objects::descriptors::add_getset(t, t.get(h), "step", get_step, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        let b = |x: i64| BigInt::from(x);
        assert_eq!(range_len(&b(0), &b(10), &b(1)), b(10));
        assert_eq!(range_len(&b(0), &b(10), &b(3)), b(4));
        assert_eq!(range_len(&b(10), &b(0), &b(-3)), b(4));
        assert_eq!(range_len(&b(0), &b(-1), &b(1)), b(0));
        assert_eq!(range_len(&b(5), &b(5), &b(-1)), b(0));
    }
}

//! `slice`: the object `a[i:j:k]` passes to `__getitem__`. Slots: 0 = start, 1 = stop,
//! 2 = step (any objects; None when omitted).
//!
//! This file also owns the index arithmetic every sequence uses for slicing: `unpack`
//! (CPython's `PySlice_Unpack`, clamping huge bounds to the i64 range) and `adjust`
//! (`PySlice_AdjustIndices`). Keeping both here means list, tuple, str, bytes, bytearray
//! and range all clip slices identically.

use ember_gc::Value;
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{int, sequence, tuple};
use crate::protocol;
use crate::thread::Thread;

pub const START: usize = 0;
pub const STOP: usize = 1;
pub const STEP: usize = 2;

/// Allocates `slice(start, stop, step)` (inputs rooted by `new_object`).
pub fn new_slice(t: &mut Thread, start: Value, stop: Value, step: Value) -> PyResult<Value> {
    t.new_object(BuiltinType::Slice.layout(), &[start, stop, step])
}

#[inline]
pub fn is_slice(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::Slice.layout()
}

/// A slice bound: None gives `default`; ints (or `__index__`) are clamped to the i64 range,
/// as CPython's `_PyEval_SliceIndex` clamps to Py_ssize_t.
fn bound(t: &mut Thread, v: Value, default: i64) -> PyResult<i64> {
    if v.is_none() {
        return Ok(default);
    }
    if v.is_small_int() {
        return Ok(v.as_small_int());
    }
    match sequence::to_index(t, v)? {
        Some((i, _)) => Ok(i),
        None => {
            Err(t.type_error("slice indices must be integers or None or have an __index__ method"))
        }
    }
}

/// `PySlice_Unpack`: (start, stop, step) with defaults filled in, before adjusting to a
/// length. Raises ValueError for a zero step.
pub fn unpack(t: &mut Thread, slice: Value) -> PyResult<(i64, i64, i64)> {
    let h = t.root(slice);
    let step_v = t.heap.slot(slice, STEP);
    let mut step = bound(t, step_v, 1)?;
    if step == 0 {
        return Err(t.value_error("slice step cannot be zero"));
    }
    // -step must not overflow.
    if step < -i64::MAX {
        step = -i64::MAX;
    }
    let start_v = t.heap.slot(t.get(h), START);
    let start = bound(t, start_v, if step < 0 { i64::MAX } else { 0 })?;
    let stop_v = t.heap.slot(t.get(h), STOP);
    let stop = bound(t, stop_v, if step < 0 { i64::MIN } else { i64::MAX })?;
    Ok((start, stop, step))
}

/// `PySlice_AdjustIndices`: clips (start, stop) to a sequence of `len` items and returns
/// `(start, stop, slice length)`.
pub fn adjust(len: usize, start: i64, stop: i64, step: i64) -> (i64, i64, usize) {
    let len = len as i64;
    let clip = |mut x: i64| -> i64 {
        if x < 0 {
            x = x.saturating_add(len);
            if x < 0 {
                x = if step < 0 { -1 } else { 0 };
            }
        } else if x >= len {
            x = if step < 0 { len - 1 } else { len };
        }
        x
    };
    let start = clip(start);
    let stop = clip(stop);
    let n = if step < 0 {
        if stop < start {
            ((start - stop - 1) / (-step) + 1) as usize
        } else {
            0
        }
    } else if start < stop {
        ((stop - start - 1) / step + 1) as usize
    } else {
        0
    };
    (start, stop, n)
}

/// Unpacks and adjusts in one go: `(start, step, slice length)` for `obj`, whose length
/// `len` reads *after* unpacking (an `__index__` method may have resized it).
pub fn indices_for(
    t: &mut Thread,
    slice: Value,
    obj: Value,
    len: fn(&Thread, Value) -> usize,
) -> PyResult<(i64, i64, usize)> {
    let ho = t.root(obj);
    let (start, stop, step) = unpack(t, slice)?;
    let n = len(t, t.get(ho));
    let (start, _, count) = adjust(n, start, stop, step);
    Ok((start, step, count))
}

/// `slice.indices(length)` over arbitrary-precision ints (CPython's
/// `_PySlice_GetLongIndices`).
pub fn long_indices(
    start: Option<BigInt>,
    stop: Option<BigInt>,
    step: Option<BigInt>,
    length: &BigInt,
) -> Result<(BigInt, BigInt, BigInt), &'static str> {
    let step = step.unwrap_or_else(BigInt::one);
    if step.is_zero() {
        return Err("slice step cannot be zero");
    }
    let neg = step.is_negative();
    let (lower, upper) = if neg {
        (BigInt::from(-1), length - 1)
    } else {
        (BigInt::zero(), length.clone())
    };
    let fix = |v: Option<BigInt>, default: &BigInt| -> BigInt {
        match v {
            None => default.clone(),
            Some(mut x) => {
                if x.is_negative() {
                    x += length;
                    if x < lower {
                        x = lower.clone();
                    }
                } else if x > upper {
                    x = upper.clone();
                }
                x
            }
        }
    };
    let start = fix(start, if neg { &upper } else { &lower });
    let stop = fix(stop, if neg { &lower } else { &upper });
    Ok((start, stop, step))
}

fn slice_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Slice)?;
    a.no_kwargs(t, "slice")?;
    let n = a.len() - 1;
    match n {
        1 => new_slice(t, Value::NONE, a.get(t, 1), Value::NONE),
        2 => new_slice(t, a.get(t, 1), a.get(t, 2), Value::NONE),
        3 => new_slice(t, a.get(t, 1), a.get(t, 2), a.get(t, 3)),
        0 => Err(t.type_error("slice expected at least 1 argument, got 0")),
        _ => {
            let msg = format!("slice expected at most 3 arguments, got {n}");
            Err(t.type_error(&msg))
        }
    }
}

fn slice_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mut parts = Vec::with_capacity(3);
    for i in 0..3 {
        let v = t.heap.slot(a.get(t, 0), i);
        parts.push(protocol::repr_string(t, v)?);
    }
    let s = format!("slice({}, {}, {})", parts[0], parts[1], parts[2]);
    crate::objects::str::new_str(t, &s)
}

fn opt_big(t: &mut Thread, v: Value, what: &str) -> PyResult<Option<BigInt>> {
    if v.is_none() {
        return Ok(None);
    }
    if int::is_int(t, v) {
        return Ok(Some(int::to_bigint(t, v)));
    }
    match protocol::call_special(t, v, crate::symbols::sym::__index__, &[])? {
        Some(r) if int::is_int(t, r) => Ok(Some(int::to_bigint(t, r))),
        _ => {
            let _ = what;
            Err(t.type_error("slice indices must be integers or None or have an __index__ method"))
        }
    }
}

fn slice_indices(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "slice.indices")?;
    let len_v = a.get(t, 1);
    let length = match sequence::to_bigint_index(t, len_v)? {
        Some(b) => b,
        None => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                crate::objects::type_::type_name_of(t, a.get(t, 1))
            );
            return Err(t.type_error(&msg));
        }
    };
    if length.is_negative() {
        return Err(t.value_error("length should not be negative"));
    }
    let s = a.get(t, 0);
    let step_v = t.heap.slot(s, STEP);
    let step = opt_big(t, step_v, "step")?;
    let start_v = t.heap.slot(a.get(t, 0), START);
    let start = opt_big(t, start_v, "start")?;
    let stop_v = t.heap.slot(a.get(t, 0), STOP);
    let stop = opt_big(t, stop_v, "stop")?;
    let (x, y, z) = match long_indices(start, stop, step, &length) {
        Ok(r) => r,
        Err(m) => return Err(t.value_error(m)),
    };
    let x = int::from_bigint(t, &x)?;
    let hx = t.root(x);
    let y = int::from_bigint(t, &y)?;
    let hy = t.root(y);
    let z = int::from_bigint(t, &z)?;
    tuple::new_tuple(t, &[t.get(hx), t.get(hy), z])
}

/// Slices compare as the tuples `(start, stop, step)`.
fn slice_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_slice(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    if x == y && matches!(op, CompareOp::Eq | CompareOp::Le | CompareOp::Ge) {
        return Ok(Value::TRUE);
    }
    let xs: Vec<Value> = t.heap.slots(x).to_vec();
    let tx = tuple::new_tuple(t, &xs)?;
    let hx = t.root(tx);
    let y = a.get(t, 1);
    let ys: Vec<Value> = t.heap.slots(y).to_vec();
    let ty = tuple::new_tuple(t, &ys)?;
    crate::objects::tuple::compare_tuples(t, t.get(hx), ty, op)
}

fn slice_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    slice_compare(t, a, CompareOp::Eq)
}
fn slice_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    slice_compare(t, a, CompareOp::Ne)
}
fn slice_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    slice_compare(t, a, CompareOp::Lt)
}
fn slice_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    slice_compare(t, a, CompareOp::Le)
}
fn slice_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    slice_compare(t, a, CompareOp::Gt)
}
fn slice_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    slice_compare(t, a, CompareOp::Ge)
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

/// Adds the type's methods to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::Slice);
    let h = t.root(ty);
    native::add_static(t, ty, "__new__", slice_new)?;
    native::add_method(t, t.get(h), "__repr__", slice_repr)?;
    native::add_method(t, t.get(h), "indices", slice_indices)?;
    native::add_method(t, t.get(h), "__eq__", slice_eq)?;
    native::add_method(t, t.get(h), "__ne__", slice_ne)?;
    native::add_method(t, t.get(h), "__lt__", slice_lt)?;
    native::add_method(t, t.get(h), "__le__", slice_le)?;
    native::add_method(t, t.get(h), "__gt__", slice_gt)?;
    native::add_method(t, t.get(h), "__ge__", slice_ge)?;
    crate::objects::descriptors::add_getset(t, t.get(h), "start", get_start, None)?;
    crate::objects::descriptors::add_getset(t, t.get(h), "stop", get_stop, None)?;
    crate::objects::descriptors::add_getset(t, t.get(h), "step", get_step, None)?;
    crate::objects::type_::define(t, t.get(h), "__hash__", Value::NONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjust_matches_cpython() {
        assert_eq!(adjust(10, 0, i64::MAX, 1), (0, 10, 10));
        assert_eq!(adjust(10, i64::MAX, i64::MIN, -1), (9, -1, 10));
        assert_eq!(adjust(10, -3, i64::MAX, 1), (7, 10, 3));
        assert_eq!(adjust(10, 2, 8, 3), (2, 8, 2));
        assert_eq!(adjust(10, 8, 2, 1), (8, 2, 0));
        assert_eq!(adjust(0, 0, i64::MAX, 1), (0, 0, 0));
        assert_eq!(adjust(5, -100, 100, 2), (0, 5, 3));
        assert_eq!(adjust(5, 100, -100, -2), (4, -1, 3));
    }

    #[test]
    fn long_indices_matches_cpython() {
        let b = |x: i64| BigInt::from(x);
        assert_eq!(
            long_indices(None, None, None, &b(10)),
            Ok((b(0), b(10), b(1)))
        );
        assert_eq!(
            long_indices(None, None, Some(b(-1)), &b(10)),
            Ok((b(9), b(-1), b(-1)))
        );
        assert_eq!(
            long_indices(Some(b(-20)), Some(b(20)), Some(b(2)), &b(10)),
            Ok((b(0), b(10), b(2)))
        );
        assert!(long_indices(None, None, Some(b(0)), &b(10)).is_err());
    }
}

//! The number protocol: binary operators (`a + b`, `a += b`, ...), unary operators and the
//! comparison fast path, as CPython's `Objects/abstract.c` (`binary_op1`, `binary_iop1`,
//! `PyNumber_Negative`, ...) defines them over special methods.
//!
//! Dispatch order for `a op b`: builtin operand pairs whose result is fixed by their exact
//! types take direct Rust paths (int/bool, float, complex, and the immutable sequences
//! str/tuple, plus list for the non-in-place forms); everything else goes through
//! `type(a).__op__` and `type(b).__rop__`, the reflected method first when `type(b)` is a
//! proper subclass of `type(a)` that overrides it. In-place forms try `__iop__` first.
//! The arithmetic itself belongs to the type files (`int::binop`, `float::binop_f64`,
//! `complex::binop_c`); this file only chooses.
//!
//! `small_int_binop` and `fast_compare` never allocate and never call Python code, so the
//! interpreter can use them on raw values.

use std::cmp::Ordering;

use ember_gc::Value;
use num_integer::Integer;

use crate::bytecode::{BinaryOp, CompareOp, Op};
use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::{complex, float, int, list, str as pystr, tuple, type_};
use crate::thread::{Handle, Thread};

/// Special-method names of the 13 binary operators, in `BinaryOp` order:
/// (`__op__`, `__rop__`, `__iop__`).
const NAMES: [(&str, &str, &str); 13] = [
    ("__add__", "__radd__", "__iadd__"),
    ("__and__", "__rand__", "__iand__"),
    ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
    ("__lshift__", "__rlshift__", "__ilshift__"),
    ("__matmul__", "__rmatmul__", "__imatmul__"),
    ("__mul__", "__rmul__", "__imul__"),
    ("__mod__", "__rmod__", "__imod__"),
    ("__or__", "__ror__", "__ior__"),
    ("__pow__", "__rpow__", "__ipow__"),
    ("__rshift__", "__rrshift__", "__irshift__"),
    ("__sub__", "__rsub__", "__isub__"),
    ("__truediv__", "__rtruediv__", "__itruediv__"),
    ("__xor__", "__rxor__", "__ixor__"),
];

/// `a op b` with CPython's full binary-operator protocol (in-place forms included).
pub fn binary_op(t: &mut Thread, a: Value, b: Value, op: BinaryOp) -> PyResult<Value> {
    if let Some(r) = fast_binop(t, a, b, op)? {
        return Ok(r);
    }
    slow_binop(t, a, b, op)
}

/// Whether `v` is an exact int or a bool (whose arithmetic is int's).
#[inline]
fn is_plain_int(t: &Thread, v: Value) -> bool {
    v.is_bool() || int::is_exact_int(t, v)
}

/// The numeric class of an exact builtin operand: 0 = int/bool, 1 = float, 2 = complex.
fn numeric_rank(t: &Thread, v: Value) -> Option<u8> {
    if is_plain_int(t, v) {
        Some(0)
    } else if float::is_exact_float(t, v) {
        Some(1)
    } else if complex::is_exact_complex(t, v) {
        Some(2)
    } else {
        None
    }
}

/// Direct paths for builtin operand pairs; Ok(None) to take the special-method path.
fn fast_binop(t: &mut Thread, a: Value, b: Value, op: BinaryOp) -> PyResult<Option<Value>> {
    use BinaryOp::*;
    let base = op.base();
    if let (Some(ra), Some(rb)) = (numeric_rank(t, a), numeric_rank(t, b)) {
        return match ra.max(rb) {
            0 => {
                if a.is_bool() && b.is_bool() && matches!(base, And | Or | Xor) {
                    let (x, y) = (a.is_true(), b.is_true());
                    let r = match base {
                        And => x & y,
                        Or => x | y,
                        _ => x ^ y,
                    };
                    return Ok(Some(Value::from_bool(r)));
                }
                match base {
                    MatrixMultiply => Ok(None),
                    _ => int::binop(t, base, a, b).map(Some),
                }
            }
            1 => match base {
                Add | Subtract | Multiply | TrueDivide | FloorDivide | Remainder | Power => {
                    let x = as_f64(t, a)?;
                    let y = as_f64(t, b)?;
                    float::binop_f64(t, base, x, y).map(Some)
                }
                _ => Ok(None),
            },
            _ => match base {
                Add | Subtract | Multiply | TrueDivide | Power => {
                    let (Some(x), Some(y)) = (complex::coerce(t, a)?, complex::coerce(t, b)?)
                    else {
                        return Ok(None);
                    };
                    complex::binop_c(t, base, x, y).map(Some)
                }
                _ => Ok(None),
            },
        };
    }
    // Sequences with exact builtin types. list is mutable: its in-place forms extend the
    // list itself (list.__iadd__), so only the plain forms are handled here.
    match base {
        Add => {
            if pystr::is_exact_str(t, a) && pystr::is_exact_str(t, b) {
                return pystr::concat(t, a, b).map(Some);
            }
            if tuple::is_exact_tuple(t, a) && tuple::is_exact_tuple(t, b) {
                let mut items = tuple::items(t, a);
                items.extend(tuple::items(t, b));
                return tuple::new_tuple(t, &items).map(Some);
            }
            if !op.is_inplace() && list::is_exact_list(t, a) && list::is_exact_list(t, b) {
                let mut items = list::items(t, a);
                items.extend(list::items(t, b));
                return list::new_list_from(t, &items).map(Some);
            }
        }
        Multiply => {
            let (seq, n) = if is_plain_int(t, b) { (a, b) } else { (b, a) };
            if !is_plain_int(t, n) {
                return Ok(None);
            }
            if pystr::is_exact_str(t, seq) {
                return pystr::repeat(t, seq, n).map(Some);
            }
            if tuple::is_exact_tuple(t, seq) {
                return tuple::repeat(t, seq, n).map(Some);
            }
            if list::is_exact_list(t, seq) && !(op.is_inplace() && seq == a) {
                return list::repeat(t, seq, n).map(Some);
            }
        }
        _ => {}
    }
    Ok(None)
}

/// The double of an int or float operand (OverflowError for huge ints).
fn as_f64(t: &mut Thread, v: Value) -> PyResult<f64> {
    if float::is_float(t, v) {
        Ok(float::float_value(t, v))
    } else {
        int::to_f64(t, v)
    }
}

/// Calls `f(x, y)` unless `f` is None; Ok(None) when missing or NotImplemented.
fn try_call(t: &mut Thread, f: Option<Handle>, x: Handle, y: Handle) -> PyResult<Option<Value>> {
    let Some(f) = f else { return Ok(None) };
    let r = crate::protocol::call::call_unbound(t, t.get(f), &[t.get(x), t.get(y)])?;
    Ok((!r.is_not_implemented()).then_some(r))
}

/// Looks up a special method on a type, rooted.
fn lookup(t: &mut Thread, ty: Value, name: &str) -> PyResult<Option<Handle>> {
    Ok(type_::lookup_str(t, ty, name)?.map(|m| t.root(m)))
}

/// `type(a).__op__(a, b)` then `type(b).__rop__(b, a)` with the subclass-first rule
/// (CPython's `binary_op1` over `slot_nb_*`). Ok(None) when every candidate declined.
pub fn dispatch_binary(
    t: &mut Thread,
    a: Value,
    b: Value,
    name: &str,
    rname: &str,
) -> PyResult<Option<Value>> {
    let ha = t.root(a);
    let hb = t.root(b);
    let ta = t.type_of(a);
    let tb = t.type_of(b);
    let same_type = ta == tb;
    let hta = t.root(ta);
    let htb = t.root(tb);
    let fa = lookup(t, t.get(hta), name)?;
    let mut fb = if same_type {
        None
    } else {
        lookup(t, t.get(htb), rname)?
    };
    if let Some(f) = fb {
        let (ta, tb) = (t.get(hta), t.get(htb));
        if type_::is_subtype(t, tb, ta) {
            let own = type_::lookup_str(t, ta, rname)?;
            if own != Some(t.get(f)) {
                if let Some(r) = try_call(t, fb, hb, ha)? {
                    return Ok(Some(r));
                }
                fb = None;
            }
        }
    }
    if let Some(r) = try_call(t, fa, ha, hb)? {
        return Ok(Some(r));
    }
    try_call(t, fb, hb, ha)
}

#[cold]
fn slow_binop(t: &mut Thread, a: Value, b: Value, op: BinaryOp) -> PyResult<Value> {
    let base = op.base();
    let (name, rname, iname) = NAMES[base as usize];
    let ha = t.root(a);
    let hb = t.root(b);
    if op.is_inplace() {
        let ty = t.type_of(a);
        if let Some(f) = lookup(t, ty, iname)? {
            if let Some(r) = try_call(t, Some(f), ha, hb)? {
                return Ok(r);
            }
        }
    }
    if let Some(r) = dispatch_binary(t, t.get(ha), t.get(hb), name, rname)? {
        return Ok(r);
    }
    if let Some(msg) = sequence_error(t, t.get(ha), t.get(hb), base) {
        return Err(t.type_error(&msg));
    }
    let sym = if base == BinaryOp::Power && !op.is_inplace() {
        "** or pow()"
    } else {
        op.symbol()
    };
    let msg = format!(
        "unsupported operand type(s) for {sym}: '{}' and '{}'",
        type_::type_name_of(t, t.get(ha)),
        type_::type_name_of(t, t.get(hb))
    );
    Err(t.type_error(&msg))
}

/// The builtin sequences' own error when both number slots declined `a + b` or `a * b`
/// (CPython then falls back to `sq_concat`/`sq_repeat`, whose messages these are). Their
/// `__add__`/`__mul__` return NotImplemented when the other operand's class reflects the
/// operation, so the message must come from here when the reflected method declines too.
fn sequence_error(t: &Thread, a: Value, b: Value, op: BinaryOp) -> Option<String> {
    let kind = |v: Value| {
        v.is_heap()
            .then(|| t.layouts.get(t.heap.layout_id(v)).native)
    };
    let is_seq = |k: Option<NativeKind>| {
        matches!(
            k,
            Some(
                NativeKind::Str
                    | NativeKind::Bytes
                    | NativeKind::ByteArray
                    | NativeKind::List
                    | NativeKind::Tuple
            )
        )
    };
    let (ka, kb) = (
        if a.is_small_str() {
            Some(NativeKind::Str)
        } else {
            kind(a)
        },
        if b.is_small_str() {
            Some(NativeKind::Str)
        } else {
            kind(b)
        },
    );
    match op {
        BinaryOp::Add => {
            let other = type_::type_name_of(t, b);
            Some(match ka? {
                NativeKind::Str => format!("can only concatenate str (not \"{other}\") to str"),
                NativeKind::List => format!("can only concatenate list (not \"{other}\") to list"),
                NativeKind::Tuple => {
                    format!("can only concatenate tuple (not \"{other}\") to tuple")
                }
                NativeKind::Bytes => format!("can't concat {other} to bytes"),
                NativeKind::ByteArray => format!("can't concat {other} to bytearray"),
                _ => return None,
            })
        }
        BinaryOp::Multiply => {
            let other = if is_seq(ka) {
                b
            } else if is_seq(kb) {
                a
            } else {
                return None;
            };
            Some(format!(
                "can't multiply sequence by non-int of type '{}'",
                type_::type_name_of(t, other)
            ))
        }
        _ => None,
    }
}

/// `pow(a, b, m)` (CPython's `ternary_op`): `type(a).__pow__(a, b, m)`, then the builtin
/// slot of `type(b)` (`__rpow__` of a builtin type; heap types never reflect three-argument
/// powers), then the builtin numeric types' refusal of a non-integer modulus.
pub fn ternary_pow(t: &mut Thread, a: Value, b: Value, m: Value) -> PyResult<Value> {
    if m.is_none() {
        return binary_op(t, a, b, BinaryOp::Power);
    }
    if is_plain_int(t, a) && is_plain_int(t, b) && is_plain_int(t, m) {
        return int::pow3(t, a, b, m);
    }
    let ha = t.root(a);
    let hb = t.root(b);
    let hm = t.root(m);
    let ta = t.type_of(a);
    if let Some(f) = lookup(t, ta, "__pow__")? {
        let r =
            crate::protocol::call::call_unbound(t, t.get(f), &[t.get(ha), t.get(hb), t.get(hm)])?;
        if !r.is_not_implemented() {
            return Ok(r);
        }
    }
    let (ta, tb) = (t.type_of(t.get(ha)), t.type_of(t.get(hb)));
    if ta != tb && type_::type_flags(t, tb) & type_::flags::HEAPTYPE == 0 {
        if let Some(f) = lookup(t, tb, "__rpow__")? {
            let r = crate::protocol::call::call_unbound(
                t,
                t.get(f),
                &[t.get(hb), t.get(ha), t.get(hm)],
            )?;
            if !r.is_not_implemented() {
                return Ok(r);
            }
        }
    }
    let m = t.get(hm);
    if float::is_float(t, m) {
        return Err(
            t.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    }
    if complex::is_complex(t, m) {
        return Err(t.value_error("complex modulo"));
    }
    let msg = format!(
        "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
        type_::type_name_of(t, t.get(ha)),
        type_::type_name_of(t, t.get(hb)),
        type_::type_name_of(t, t.get(hm))
    );
    Err(t.type_error(&msg))
}

/// UNARY_POSITIVE / UNARY_NEGATIVE / UNARY_INVERT.
pub fn unary_op(t: &mut Thread, op: Op, v: Value) -> PyResult<Value> {
    let (which, name, sym) = match op {
        Op::UNARY_NEGATIVE => (0u8, "__neg__", '-'),
        Op::UNARY_POSITIVE => (1, "__pos__", '+'),
        _ => (2, "__invert__", '~'),
    };
    if is_plain_int(t, v) {
        return int::unary(t, which, v);
    }
    if float::is_exact_float(t, v) && which != 2 {
        if which == 1 {
            return Ok(v);
        }
        let x = float::float_value(t, v);
        return float::new_float(t, -x);
    }
    if complex::is_exact_complex(t, v) && which != 2 {
        if which == 1 {
            return Ok(v);
        }
        let (re, im) = complex::complex_value(t, v);
        return complex::new_complex(t, -re, -im);
    }
    let hv = t.root(v);
    match crate::protocol::call_special(t, v, name, &[])? {
        Some(r) => Ok(r),
        None => {
            let msg = format!(
                "bad operand type for unary {sym}: '{}'",
                type_::type_name_of(t, t.get(hv))
            );
            Err(t.type_error(&msg))
        }
    }
}

/// SmallInt fast path (no allocation): None when the result does not fit a SmallInt, the
/// divisor is zero (the slow path raises), or the operator needs more (`/`, `@`). `arg` is a
/// BINARY_OP argument, in-place codes included; both operands must be SmallInts.
#[inline]
pub fn small_int_binop(arg: u32, a: Value, b: Value) -> Option<Value> {
    debug_assert!(a.is_small_int() && b.is_small_int());
    let op = if arg >= 13 { arg - 13 } else { arg };
    let (x, y) = (a.as_small_int(), b.as_small_int());
    match op {
        0 => Value::small_int_add(a, b),
        1 => Some(Value::small_int(x & y)),
        2 => {
            if y == 0 {
                None
            } else {
                Value::from_i64(Integer::div_floor(&x, &y))
            }
        }
        3 => {
            if !(0..64).contains(&y) {
                return None;
            }
            let r = (x as i128) << y;
            i64::try_from(r).ok().and_then(Value::from_i64)
        }
        5 => Value::small_int_mul(a, b),
        6 => {
            if y == 0 {
                None
            } else {
                Some(Value::small_int(x.mod_floor(&y)))
            }
        }
        7 => Some(Value::small_int(x | y)),
        8 => {
            if !(0..64).contains(&y) {
                return None;
            }
            x.checked_pow(y as u32).and_then(Value::from_i64)
        }
        9 => {
            if y < 0 {
                None
            } else {
                Some(Value::small_int(x >> y.min(63)))
            }
        }
        10 => Value::small_int_sub(a, b),
        12 => Some(Value::small_int(x ^ y)),
        _ => None,
    }
}

fn ordering_result(o: Option<Ordering>, op: CompareOp) -> Value {
    let r = match o {
        None => op == CompareOp::Ne,
        Some(o) => match op {
            CompareOp::Lt => o == Ordering::Less,
            CompareOp::Le => o != Ordering::Greater,
            CompareOp::Eq => o == Ordering::Equal,
            CompareOp::Ne => o != Ordering::Equal,
            CompareOp::Gt => o == Ordering::Greater,
            CompareOp::Ge => o != Ordering::Less,
        },
    };
    Value::from_bool(r)
}

/// Comparison of builtin numbers/strs without Python calls; None to take the generic path.
/// Ints and floats compare exactly (a big int against a float never rounds).
pub fn fast_compare(t: &mut Thread, a: Value, b: Value, op: CompareOp) -> Option<Value> {
    if a.is_small_int() && b.is_small_int() {
        return Some(ordering_result(
            Some(a.as_small_int().cmp(&b.as_small_int())),
            op,
        ));
    }
    if let Some(r) = fast_compare_str(t, a, b, op) {
        return Some(r);
    }
    let (ra, rb) = (numeric_rank(t, a)?, numeric_rank(t, b)?);
    match (ra, rb) {
        (0, 0) => Some(ordering_result(Some(int::compare(t, a, b)), op)),
        (1, _) if rb < 2 => {
            let x = float::float_value(t, a);
            float::compare_with(t, x, b).map(|o| ordering_result(o, op))
        }
        (0, 1) => {
            let y = float::float_value(t, b);
            float::compare_with(t, y, a).map(|o| ordering_result(o.map(Ordering::reverse), op))
        }
        _ if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
            // complex against a number: equality only.
            let (c, other) = if ra == 2 { (a, b) } else { (b, a) };
            let cv = complex::complex_value(t, c);
            let eq = if is_plain_int(t, other) {
                cv.1 == 0.0 && float::compare_with(t, cv.0, other) == Some(Some(Ordering::Equal))
            } else if float::is_exact_float(t, other) {
                cv.0 == float::float_value(t, other) && cv.1 == 0.0
            } else {
                let d = complex::complex_value(t, other);
                cv.0 == d.0 && cv.1 == d.1
            };
            Some(Value::from_bool(eq == (op == CompareOp::Eq)))
        }
        _ => None,
    }
}

/// Exact strs compare by their UTF-8 bytes, whose order is code-point order.
fn fast_compare_str(t: &Thread, a: Value, b: Value, op: CompareOp) -> Option<Value> {
    if !(pystr::is_exact_str(t, a) && pystr::is_exact_str(t, b)) {
        return None;
    }
    let o = pystr::with_str_bytes(t, a, |t, x| pystr::with_str_bytes(t, b, |_, y| x.cmp(y)));
    Some(ordering_result(Some(o), op))
}

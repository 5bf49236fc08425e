//! `float`: IEEE-754 doubles, boxed as 8-byte Bytes-format heap objects. All float creation
//! and reading goes through `new_float`/`float_value`, so a later unboxed encoding is one
//! change. Subclass instances keep their float in slot 0.
//!
//! This file owns float arithmetic (`binop_f64`, `divmod_f64` with CPython's `float_divmod`
//! sign rules and error messages), the conversions `float(x)` and float → int, and the
//! methods of `float`. Text conversions are in `float_format.rs`, exact int/float conversions
//! in `float_convert.rs`.

use std::cmp::Ordering;

use ember_gc::Value;

use crate::bytecode::BinaryOp;
use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::float_convert as convert;
use crate::objects::float_format as format;
use crate::objects::native::{self, Args};
use crate::objects::{complex, format_spec, int, int_format, numeric, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

#[inline]
pub fn new_float(t: &mut Thread, f: f64) -> PyResult<Value> {
    if let Some(obj) = t
        .heap
        .try_alloc_word(BuiltinType::Float.layout(), f.to_bits())
    {
        return Ok(obj);
    }
    new_float_slow(t, f)
}

/// `new_float` when the nursery cannot simply be bumped (a collection may run).
#[inline(never)]
fn new_float_slow(t: &mut Thread, f: f64) -> PyResult<Value> {
    let obj = t.alloc_bytes(BuiltinType::Float.layout(), 8)?;
    t.heap.set_word(obj, 0, f.to_bits());
    Ok(obj)
}

#[inline]
pub fn is_exact_float(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::Float.layout()
}

#[inline]
pub fn is_float(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::Float
}

/// The double behind a float or float-subclass instance.
#[inline]
pub fn float_value(t: &Thread, v: Value) -> f64 {
    let v = if is_exact_float(t, v) {
        v
    } else {
        t.heap.slot(v, 0)
    };
    f64::from_bits(t.heap.word(v, 0))
}

/// The double of an exact float or a SmallInt, for the interpreter's fast paths. SmallInts
/// beyond 2**53 are left to the exact slow paths (comparisons must not round them).
#[inline]
fn fast_operand(t: &Thread, v: Value) -> Option<f64> {
    if v.is_small_int() {
        let i = v.as_small_int();
        return (i.unsigned_abs() <= 1 << 53).then_some(i as f64);
    }
    is_exact_float(t, v).then(|| f64::from_bits(t.heap.word(v, 0)))
}

/// BINARY_OP's fast path for `+ - * /` (and their in-place forms) on exact floats, also
/// mixed with SmallInts; None for everything else (including division by zero, whose
/// error the slow path raises).
#[inline]
pub fn fast_binop(t: &mut Thread, arg: u32, a: Value, b: Value) -> Option<PyResult<Value>> {
    let x = fast_operand(t, a)?;
    let y = fast_operand(t, b)?;
    if a.is_small_int() && b.is_small_int() {
        return None;
    }
    let r = match if arg >= 13 { arg - 13 } else { arg } {
        0 => x + y,
        10 => x - y,
        5 => x * y,
        11 if y != 0.0 => x / y,
        _ => return None,
    };
    Some(new_float(t, r))
}

/// COMPARE_OP's fast path for exact floats (also mixed with SmallInts up to 2**53, which
/// convert exactly).
#[inline]
pub fn fast_compare(t: &Thread, arg: u32, a: Value, b: Value) -> Option<bool> {
    let x = fast_operand(t, a)?;
    let y = fast_operand(t, b)?;
    Some(match arg {
        0 => x < y,
        1 => x <= y,
        2 => x == y,
        3 => x != y,
        4 => x > y,
        5 => x >= y,
        _ => return None,
    })
}

/// `repr(f)`: the shortest string that round-trips, formatted as CPython's `float_repr`.
pub fn repr_f64(f: f64) -> String {
    format::repr(f)
}

/// The double value of a float or int operand of a mixed operation: Ok(None) for other
/// types, OverflowError for ints beyond the double range.
pub fn coerce(t: &mut Thread, v: Value) -> PyResult<Option<f64>> {
    if is_float(t, v) {
        Ok(Some(float_value(t, v)))
    } else if int::is_int(t, v) {
        int::to_f64(t, v).map(Some)
    } else {
        Ok(None)
    }
}

// ----- arithmetic -----

/// CPython's `_float_div_mod`: floor quotient and modulo with the divisor's sign (`y != 0`).
pub fn div_mod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

/// CPython's `float_rem`.
pub fn rem(x: f64, y: f64) -> f64 {
    let m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m + y
        } else {
            m
        }
    } else {
        0.0f64.copysign(y)
    }
}

fn is_odd_integer(x: f64) -> bool {
    x.is_finite() && x % 2.0 != 0.0 && x.fract() == 0.0
}

/// CPython's `float_pow` for two doubles: Ok(Err((re, im))) when a negative base meets a
/// fractional exponent (the result is complex).
pub fn pow(t: &mut Thread, x: f64, y: f64) -> PyResult<Result<f64, ()>> {
    if y == 0.0 {
        return Ok(Ok(1.0));
    }
    if x.is_nan() {
        return Ok(Ok(x));
    }
    if y.is_nan() {
        return Ok(Ok(if x == 1.0 { 1.0 } else { y }));
    }
    if y.is_infinite() {
        let ax = x.abs();
        return Ok(Ok(if ax == 1.0 {
            1.0
        } else if (y > 0.0) == (ax > 1.0) {
            y.abs()
        } else {
            0.0
        }));
    }
    if x.is_infinite() {
        let odd = is_odd_integer(y);
        return Ok(Ok(if y > 0.0 {
            if odd {
                x
            } else {
                x.abs()
            }
        } else if odd {
            0.0f64.copysign(x)
        } else {
            0.0
        }));
    }
    if x == 0.0 {
        if y < 0.0 {
            return Err(t.zero_division("0.0 cannot be raised to a negative power"));
        }
        return Ok(Ok(if is_odd_integer(y) { x } else { 0.0 }));
    }
    let mut base = x;
    let mut negate = false;
    if x < 0.0 {
        if y != y.floor() {
            return Ok(Err(()));
        }
        base = -x;
        negate = is_odd_integer(y);
    }
    if base == 1.0 {
        return Ok(Ok(if negate { -1.0 } else { 1.0 }));
    }
    let r = base.powf(y);
    if r.is_infinite() {
        return Err(range_error(t));
    }
    Ok(Ok(if negate { -r } else { r }))
}

/// `OverflowError: (34, 'Numerical result out of range')`, as CPython's errno-based raise.
pub fn range_error(t: &mut Thread) -> crate::errors::Raised {
    match pystr::new_str(t, "Numerical result out of range") {
        Ok(s) => t.raise_with_args(BuiltinType::OverflowError, &[Value::small_int(34), s]),
        Err(r) => r,
    }
}

/// `x op y` for two doubles (`+ - * / // % **`); NotImplemented for the other operators.
pub fn binop_f64(t: &mut Thread, op: BinaryOp, x: f64, y: f64) -> PyResult<Value> {
    use BinaryOp::*;
    let r = match op.base() {
        Add => x + y,
        Subtract => x - y,
        Multiply => x * y,
        TrueDivide => {
            if y == 0.0 {
                return Err(t.zero_division("float division by zero"));
            }
            x / y
        }
        FloorDivide => {
            if y == 0.0 {
                return Err(t.zero_division("float floor division by zero"));
            }
            div_mod(x, y).0
        }
        Remainder => {
            if y == 0.0 {
                return Err(t.zero_division("float modulo"));
            }
            rem(x, y)
        }
        Power => match pow(t, x, y)? {
            Ok(r) => r,
            Err(()) => return complex::pow_values(t, (x, 0.0), (y, 0.0)),
        },
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    new_float(t, r)
}

/// `divmod(x, y)` for two doubles.
pub fn divmod_f64(t: &mut Thread, x: f64, y: f64) -> PyResult<Value> {
    if y == 0.0 {
        return Err(t.zero_division("float divmod()"));
    }
    let (q, m) = div_mod(x, y);
    let q = new_float(t, q)?;
    let hq = t.root(q);
    let m = new_float(t, m)?;
    numeric::pair(t, t.get(hq), m)
}

/// The int part of a double (`int(f)`): ValueError for NaN, OverflowError for infinities.
pub fn to_int(t: &mut Thread, f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(t.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(t.overflow_error("cannot convert float infinity to integer"));
    }
    if f.abs() < 4.0e18 {
        return int::from_i64(t, f.trunc() as i64);
    }
    int::from_bigint(t, &convert::f64_to_bigint(f))
}

/// Exact comparison of a double with a float or int operand; None when `other` is neither
/// (or the comparison involves a NaN, reported as Some(None)).
pub fn compare_with(t: &Thread, x: f64, other: Value) -> Option<Option<Ordering>> {
    if is_float(t, other) {
        return Some(x.partial_cmp(&float_value(t, other)));
    }
    if int::is_int(t, other) {
        if let Some(i) = int::small_value(t, other) {
            if i.unsigned_abs() <= 1 << 53 {
                return Some(x.partial_cmp(&(i as f64)));
            }
        }
        let b = int::to_bigint(t, other);
        return Some(convert::compare_int_float(&b, x).map(Ordering::reverse));
    }
    None
}

// ----- conversions -----

/// `float(text)` for a str, bytes or bytearray (subclasses included); None (Rust) for other
/// types.
pub fn from_text(t: &mut Thread, text: Value) -> PyResult<Option<f64>> {
    let parsed = if pystr::is_str(t, text) {
        let s = pystr::to_rust_string(t, text);
        int_format::to_ascii_number(&s).and_then(|a| format::parse_float(&a))
    } else if let Some(b) = numeric::bytes_like(t, text) {
        format::parse_float(&b)
    } else {
        return Ok(None);
    };
    match parsed {
        Some(f) => Ok(Some(f)),
        None => {
            let shown = protocol::repr_string(t, text)?;
            let msg = format!("could not convert string to float: {shown}");
            Err(t.value_error(&msg))
        }
    }
}

/// `float(x)` (CPython's `PyNumber_Float`) as a double.
pub fn number_float(t: &mut Thread, x: Value) -> PyResult<f64> {
    if is_float(t, x) && is_exact_float(t, x) {
        return Ok(float_value(t, x));
    }
    if int::is_int(t, x) {
        return int::to_f64(t, x);
    }
    let hx = t.root(x);
    if let Some(r) = protocol::call_special(t, x, crate::symbols::sym::__float__, &[])? {
        if !is_float(t, r) {
            let msg = format!(
                "{}.__float__ returned non-float (type {})",
                type_::type_name_of(t, t.get(hx)),
                type_::type_name_of(t, r)
            );
            return Err(t.type_error(&msg));
        }
        return Ok(float_value(t, r));
    }
    let ty = t.type_of(t.get(hx));
    if type_::lookup_sym(t, ty, crate::symbols::sym::__index__).is_some() {
        let i = numeric::index(t, t.get(hx))?;
        return int::to_f64(t, i);
    }
    if is_float(t, t.get(hx)) {
        return Ok(float_value(t, t.get(hx)));
    }
    if let Some(f) = from_text(t, t.get(hx))? {
        return Ok(f);
    }
    let msg = format!(
        "float() argument must be a string or a real number, not '{}'",
        type_::type_name_of(t, t.get(hx))
    );
    Err(t.type_error(&msg))
}

/// CPython's `PyFloat_AsDouble`: floats (subclasses included) directly, then `__float__`,
/// then `__index__`; `TypeError: must be real number, not T` otherwise. Used by `math`.
pub fn as_double(t: &mut Thread, v: Value) -> PyResult<f64> {
    if is_float(t, v) {
        return Ok(float_value(t, v));
    }
    if int::is_int(t, v) {
        return int::to_f64(t, v);
    }
    let hv = t.root(v);
    if let Some(r) = protocol::call_special(t, v, crate::symbols::sym::__float__, &[])? {
        if !is_float(t, r) {
            let msg = format!(
                "{}.__float__ returned non-float (type {})",
                type_::type_name_of(t, t.get(hv)),
                type_::type_name_of(t, r)
            );
            return Err(t.type_error(&msg));
        }
        return Ok(float_value(t, r));
    }
    let ty = t.type_of(t.get(hv));
    if type_::lookup_sym(t, ty, crate::symbols::sym::__index__).is_some() {
        let i = numeric::index(t, t.get(hv))?;
        return int::to_f64(t, i);
    }
    let msg = format!(
        "must be real number, not {}",
        type_::type_name_of(t, t.get(hv))
    );
    Err(t.type_error(&msg))
}

// ----- natives -----

fn float_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = numeric::check_new_cls(t, &a, BuiltinType::Float)?;
    let hcls = t.root(cls);
    if a.nkw > 0 {
        return Err(t.type_error("float() takes no keyword arguments"));
    }
    if a.len() > 2 {
        let msg = format!(
            "float expected at most 1 argument, got {}",
            a.len().saturating_sub(1)
        );
        return Err(t.type_error(&msg));
    }
    let f = match a.opt(t, 1) {
        Some(x) => number_float(t, x)?,
        None => 0.0,
    };
    if t.get(hcls) == t.ty(BuiltinType::Float) {
        if let Some(x) = a.opt(t, 1) {
            if is_exact_float(t, x) {
                return Ok(x);
            }
        }
        return new_float(t, f);
    }
    let v = new_float(t, f)?;
    numeric::new_subclass_instance(t, t.get(hcls), v)
}

/// A binary special method of float: NotImplemented unless `other` is a float or an int.
fn float_binop_method(
    t: &mut Thread,
    a: &Args,
    name: &str,
    op: BinaryOp,
    reflected: bool,
) -> PyResult<Value> {
    numeric::wrapper_args(t, a, name, 1)?;
    let x = float_value(t, a.get(t, 0));
    let Some(y) = coerce(t, a.get(t, 1))? else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    if reflected {
        binop_f64(t, op, y, x)
    } else {
        binop_f64(t, op, x, y)
    }
}

macro_rules! float_binops {
    ($($f:ident $rf:ident $name:literal $rname:literal $op:ident;)*) => {
        $(
            fn $f(t: &mut Thread, a: Args) -> PyResult<Value> {
                float_binop_method(t, &a, $name, BinaryOp::$op, false)
            }
            fn $rf(t: &mut Thread, a: Args) -> PyResult<Value> {
                float_binop_method(t, &a, $rname, BinaryOp::$op, true)
            }
        )*
        const FLOAT_BINOPS: &[(&str, &str, native::NativeFn, native::NativeFn)] = &[
            $(($name, $rname, $f, $rf),)*
        ];
    };
}

float_binops! {
    float_add float_radd "__add__" "__radd__" Add;
    float_sub float_rsub "__sub__" "__rsub__" Subtract;
    float_mul float_rmul "__mul__" "__rmul__" Multiply;
    float_truediv float_rtruediv "__truediv__" "__rtruediv__" TrueDivide;
    float_floordiv float_rfloordiv "__floordiv__" "__rfloordiv__" FloorDivide;
    float_mod float_rmod "__mod__" "__rmod__" Remainder;
}

fn float_divmod_common(t: &mut Thread, a: &Args, name: &str, reflected: bool) -> PyResult<Value> {
    numeric::wrapper_args(t, a, name, 1)?;
    let x = float_value(t, a.get(t, 0));
    let Some(y) = coerce(t, a.get(t, 1))? else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    if reflected {
        divmod_f64(t, y, x)
    } else {
        divmod_f64(t, x, y)
    }
}

fn float_divmod(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_divmod_common(t, &a, "__divmod__", false)
}

fn float_rdivmod(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_divmod_common(t, &a, "__rdivmod__", true)
}

fn float_pow_common(t: &mut Thread, a: &Args, name: &str, reflected: bool) -> PyResult<Value> {
    if a.nkw > 0 {
        return Err(t.type_error(&format!("wrapper {name}() takes no keyword arguments")));
    }
    if a.len() < 2 || a.len() > 3 {
        let msg = if a.len() < 2 {
            format!("expected 1 argument, got {}", a.len().saturating_sub(1))
        } else {
            format!(
                "{name} expected at most 2 arguments, got {}",
                a.len().saturating_sub(1)
            )
        };
        return Err(t.type_error(&msg));
    }
    let x = float_value(t, a.get(t, 0));
    let Some(y) = coerce(t, a.get(t, 1))? else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    if a.opt(t, 2).is_some_and(|m| !m.is_none()) {
        return Err(
            t.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    }
    if reflected {
        binop_f64(t, BinaryOp::Power, y, x)
    } else {
        binop_f64(t, BinaryOp::Power, x, y)
    }
}

fn float_pow(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_pow_common(t, &a, "__pow__", false)
}

fn float_rpow(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_pow_common(t, &a, "__rpow__", true)
}

fn float_unary(t: &mut Thread, a: &Args, name: &str, f: fn(f64) -> f64) -> PyResult<Value> {
    numeric::wrapper_args(t, a, name, 0)?;
    let x = float_value(t, a.get(t, 0));
    new_float(t, f(x))
}

fn float_neg(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_unary(t, &a, "__neg__", |x| -x)
}

fn float_pos(t: &mut Thread, a: Args) -> PyResult<Value> {
    if is_exact_float(t, a.get(t, 0)) && a.len() == 1 {
        return Ok(a.get(t, 0));
    }
    float_unary(t, &a, "__pos__", |x| x)
}

fn float_abs(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_unary(t, &a, "__abs__", f64::abs)
}

/// `__float__`, `conjugate`, `.real`: the exact float value.
fn float_float(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    if is_exact_float(t, v) {
        return Ok(v);
    }
    let x = float_value(t, v);
    new_float(t, x)
}

fn float_conjugate(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "float.conjugate")?;
    float_float(t, a)
}

fn float_get_zero(t: &mut Thread, _a: Args) -> PyResult<Value> {
    new_float(t, 0.0)
}

fn float_bool(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__bool__", 0)?;
    Ok(Value::from_bool(float_value(t, a.get(t, 0)) != 0.0))
}

fn float_int(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__int__", 0)?;
    to_int(t, float_value(t, a.get(t, 0)))
}

fn float_trunc(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "float.__trunc__")?;
    to_int(t, float_value(t, a.get(t, 0)))
}

fn float_floor(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "float.__floor__")?;
    to_int(t, float_value(t, a.get(t, 0)).floor())
}

fn float_ceil(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "float.__ceil__")?;
    to_int(t, float_value(t, a.get(t, 0)).ceil())
}

fn float_round(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.nkw > 0 {
        return Err(t.type_error("__round__() takes no keyword arguments"));
    }
    if a.len() > 2 {
        let msg = format!(
            "__round__ expected at most 1 argument, got {}",
            a.len().saturating_sub(1)
        );
        return Err(t.type_error(&msg));
    }
    let x = float_value(t, a.get(t, 0));
    match a.opt(t, 1) {
        Some(nd) if !nd.is_none() => {
            let n = numeric::as_ssize(t, nd, None)?;
            match format::round(x, n) {
                Ok(r) => new_float(t, r),
                Err(format::RoundOverflow) => {
                    Err(t.overflow_error("rounded value too large to represent"))
                }
            }
        }
        _ => to_int(t, format::round_half_even(x)),
    }
}

fn float_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__hash__", 0)?;
    let h = protocol::hash_f64(float_value(t, a.get(t, 0)));
    int::from_i64(t, h)
}

fn float_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__repr__", 0)?;
    let s = format::repr(float_value(t, a.get(t, 0)));
    pystr::new_str(t, &s)
}

/// `format(float, spec)`.
pub fn format_value(t: &mut Thread, v: Value, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        let hv = t.root(v);
        return protocol::str_string(t, t.get(hv));
    }
    let tn = type_::type_name_of(t, v);
    let x = float_value(t, v);
    let r = format_spec::parse(spec, &tn, '>').and_then(|p| format::format_float(x, &p, &tn));
    r.map_err(|e| int::raise_format_error(t, e))
}

fn float_format(t: &mut Thread, a: Args) -> PyResult<Value> {
    let spec = int::format_spec_arg(t, &a, "float")?;
    let s = format_value(t, a.get(t, 0), &spec)?;
    pystr::new_str(t, &s)
}

fn float_compare(
    t: &mut Thread,
    a: &Args,
    name: &str,
    test: fn(Ordering) -> bool,
) -> PyResult<Value> {
    numeric::wrapper_args(t, a, name, 1)?;
    let x = float_value(t, a.get(t, 0));
    match compare_with(t, x, a.get(t, 1)) {
        None => Ok(Value::NOT_IMPLEMENTED),
        Some(None) => Ok(Value::from_bool(name == "__ne__")),
        Some(Some(o)) => Ok(Value::from_bool(test(o))),
    }
}

fn float_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_compare(t, &a, "__eq__", |o| o == Ordering::Equal)
}

fn float_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_compare(t, &a, "__ne__", |o| o != Ordering::Equal)
}

fn float_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_compare(t, &a, "__lt__", |o| o == Ordering::Less)
}

fn float_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_compare(t, &a, "__le__", |o| o != Ordering::Greater)
}

fn float_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_compare(t, &a, "__gt__", |o| o == Ordering::Greater)
}

fn float_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    float_compare(t, &a, "__ge__", |o| o != Ordering::Less)
}

fn float_getnewargs(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "float.__getnewargs__")?;
    let x = float_value(t, a.get(t, 0));
    let f = new_float(t, x)?;
    tuple::new_tuple(t, &[f])
}

fn float_sizeof(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "float.__sizeof__")?;
    Ok(Value::small_int(24))
}

fn float_is_integer(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "float.is_integer")?;
    let x = float_value(t, a.get(t, 0));
    Ok(Value::from_bool(x.is_finite() && x == x.floor()))
}

fn float_as_integer_ratio(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "float.as_integer_ratio")?;
    let x = float_value(t, a.get(t, 0));
    if x.is_nan() {
        return Err(t.value_error("cannot convert NaN to integer ratio"));
    }
    if x.is_infinite() {
        return Err(t.overflow_error("cannot convert Infinity to integer ratio"));
    }
    let (n, d) = convert::as_integer_ratio(x);
    let n = int::from_bigint(t, &n)?;
    let hn = t.root(n);
    let d = int::from_bigint(t, &d)?;
    numeric::pair(t, t.get(hn), d)
}

fn float_hex(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "float.hex")?;
    let s = format::to_hex(float_value(t, a.get(t, 0)));
    pystr::new_str(t, &s)
}

fn float_fromhex(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.nkw > 0 {
        return Err(t.type_error("float.fromhex() takes no keyword arguments"));
    }
    if a.len() != 2 {
        let msg = format!(
            "float.fromhex() takes exactly one argument ({} given)",
            a.len().saturating_sub(1)
        );
        return Err(t.type_error(&msg));
    }
    let s = a.get(t, 1);
    if !pystr::is_str(t, s) {
        return Err(t.type_error("bad argument type for built-in operation"));
    }
    let text = pystr::to_rust_string(t, s);
    let f = match format::from_hex(&text) {
        Ok(f) => f,
        Err(format::FromHexError::Invalid) => {
            return Err(t.value_error("invalid hexadecimal floating-point string"))
        }
        Err(format::FromHexError::Overflow) => {
            return Err(t.overflow_error("hexadecimal value too large to represent as a float"))
        }
    };
    let r = new_float(t, f)?;
    let cls = a.get(t, 0);
    if cls == t.ty(BuiltinType::Float) {
        return Ok(r);
    }
    protocol::call(t, cls, &[r])
}

fn float_getformat(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 2 || a.nkw > 0 {
        let msg = format!(
            "float.__getformat__() takes exactly one argument ({} given)",
            a.len().saturating_sub(1)
        );
        return Err(t.type_error(&msg));
    }
    let s = a.get(t, 1);
    if !pystr::is_str(t, s) {
        let msg = format!(
            "__getformat__() argument must be str, not {}",
            type_::type_name_of(t, s)
        );
        return Err(t.type_error(&msg));
    }
    if pystr::str_eq_rust(t, s, "double") || pystr::str_eq_rust(t, s, "float") {
        return pystr::new_str(t, "IEEE, little-endian");
    }
    Err(t.value_error("__getformat__() argument 1 must be 'double' or 'float'"))
}

/// Adds the methods of `float` to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::Float);
    let h = t.root(ty);
    native::add_static(t, t.get(h), "__new__", float_new)?;
    for &(name, rname, f, rf) in FLOAT_BINOPS {
        native::add_method(t, t.get(h), name, f)?;
        native::add_method(t, t.get(h), rname, rf)?;
    }
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__divmod__", float_divmod),
        ("__rdivmod__", float_rdivmod),
        ("__pow__", float_pow),
        ("__rpow__", float_rpow),
        ("__neg__", float_neg),
        ("__pos__", float_pos),
        ("__abs__", float_abs),
        ("__bool__", float_bool),
        ("__int__", float_int),
        ("__float__", float_float),
        ("__trunc__", float_trunc),
        ("__floor__", float_floor),
        ("__ceil__", float_ceil),
        ("__round__", float_round),
        ("__hash__", float_hash),
        ("__repr__", float_repr),
        ("__format__", float_format),
        ("__eq__", float_eq),
        ("__ne__", float_ne),
        ("__lt__", float_lt),
        ("__le__", float_le),
        ("__gt__", float_gt),
        ("__ge__", float_ge),
        ("__getnewargs__", float_getnewargs),
        ("__sizeof__", float_sizeof),
        ("is_integer", float_is_integer),
        ("as_integer_ratio", float_as_integer_ratio),
        ("hex", float_hex),
        ("conjugate", float_conjugate),
    ];
    for &(name, f) in methods {
        native::add_method(t, t.get(h), name, f)?;
    }
    native::add_classmethod(t, t.get(h), "fromhex", float_fromhex)?;
    native::add_classmethod(t, t.get(h), "__getformat__", float_getformat)?;
    use crate::objects::descriptors::add_getset;
    add_getset(t, t.get(h), "real", float_float, None)?;
    add_getset(t, t.get(h), "imag", float_get_zero, None)?;
    Ok(())
}

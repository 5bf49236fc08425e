//! `int`: arbitrary-precision integers. Values in the SmallInt range are immediates; larger
//! ones are Bytes-format heap objects holding the two's-complement little-endian bytes of the
//! number (num-bigint does the arithmetic). `bool` is a subclass whose two values are
//! immediates. Subclass instances keep their int in slot 0.
//!
//! This file owns int arithmetic on values (`binop`, `unary`, `divmod`, `pow3`, `compare`),
//! conversions (`to_f64`, `repr_checked`), and the methods of `int` and `bool`. Text parsing
//! and formatting are in `int_format.rs`; the operator protocol that picks between types is
//! `protocol::number`.
//!
//! **Invariant:** a heap int never holds a value that fits a SmallInt, so equal ints in the
//! SmallInt range are equal words.
//!
//! **Invariant:** no operation builds an integer of more than `MAX_INT_BITS` bits: such
//! requests raise MemoryError before any allocation, so a Python program cannot make the
//! process abort on a failed Rust allocation.

use std::cmp::Ordering;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use ember_gc::Value;
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::bytecode::BinaryOp;
use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::float_convert as fconv;
use crate::objects::int_format as format;
use crate::objects::native::{self, Args};
use crate::objects::{bytes, float, format_spec, numeric, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

use crate::objects::format_spec::FormatError;
use crate::objects::int_format::ParseIntError;

/// The largest integer, in bits, that arithmetic will build (2**32 bits = 512 MiB).
pub const MAX_INT_BITS: u64 = 1 << 32;

static MAX_STR_DIGITS: AtomicUsize = AtomicUsize::new(format::DEFAULT_MAX_STR_DIGITS);

/// `sys.get_int_max_str_digits()` (0 = no limit).
pub fn max_str_digits() -> usize {
    MAX_STR_DIGITS.load(AtomicOrdering::Relaxed)
}

/// `sys.set_int_max_str_digits(n)` (the caller validates `n`: 0 or >= 640).
pub fn set_max_str_digits(n: usize) {
    MAX_STR_DIGITS.store(n, AtomicOrdering::Relaxed);
}

// ----- representation -----

/// An int from an i64 (heap-allocated outside the SmallInt range).
pub fn from_i64(t: &mut Thread, i: i64) -> PyResult<Value> {
    match Value::from_i64(i) {
        Some(v) => Ok(v),
        None => from_bigint(t, &BigInt::from(i)),
    }
}

/// An int from an i128.
pub fn from_i128(t: &mut Thread, i: i128) -> PyResult<Value> {
    match i64::try_from(i).ok().and_then(Value::from_i64) {
        Some(v) => Ok(v),
        None => from_bigint(t, &BigInt::from(i)),
    }
}

/// An int from a BigInt, normalised to a SmallInt when it fits.
pub fn from_bigint(t: &mut Thread, b: &BigInt) -> PyResult<Value> {
    if let Some(i) = b.to_i64() {
        if let Some(v) = Value::from_i64(i) {
            return Ok(v);
        }
    }
    if b.bits() > MAX_INT_BITS {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    }
    let bytes = b.to_signed_bytes_le();
    let obj = t.alloc_bytes(BuiltinType::Int.layout(), bytes.len())?;
    t.heap.bytes_mut(obj).copy_from_slice(&bytes);
    Ok(obj)
}

/// Whether `v` is an int (including bool and subclasses).
#[inline]
pub fn is_int(t: &Thread, v: Value) -> bool {
    v.is_small_int()
        || v.is_bool()
        || (v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::LargeInt)
}

/// Whether `v` is exactly an int (not a bool or subclass instance).
#[inline]
pub fn is_exact_int(t: &Thread, v: Value) -> bool {
    v.is_small_int() || (v.is_heap() && t.heap.layout_id(v) == BuiltinType::Int.layout())
}

/// The exact int value behind an int, bool or int-subclass instance (bools become 0/1).
#[inline]
pub fn int_value(t: &Thread, v: Value) -> Value {
    if v.is_small_int() {
        v
    } else if v.is_bool() {
        Value::small_int(v.is_true() as i64)
    } else if !v.is_heap() {
        // Not an int at all (callers check `is_int` first); never read it as one.
        Value::small_int(0)
    } else if t.heap.layout_id(v) == BuiltinType::Int.layout() {
        v
    } else {
        int_value(t, t.heap.slot(v, 0))
    }
}

/// The value as an i64 when it is in the SmallInt range (no BigInt conversion).
#[inline]
pub fn small_value(t: &Thread, v: Value) -> Option<i64> {
    let v = int_value(t, v);
    v.is_small_int().then(|| v.as_small_int())
}

/// The value as a BigInt.
pub fn to_bigint(t: &Thread, v: Value) -> BigInt {
    let v = int_value(t, v);
    if v.is_small_int() {
        BigInt::from(v.as_small_int())
    } else {
        BigInt::from_signed_bytes_le(t.heap.bytes(v))
    }
}

/// The value as an i64, if it fits.
pub fn to_i64(t: &Thread, v: Value) -> Option<i64> {
    let v = int_value(t, v);
    if v.is_small_int() {
        Some(v.as_small_int())
    } else {
        to_bigint(t, v).to_i64()
    }
}

/// Decimal representation, without the conversion-length limit (see `repr_checked`).
pub fn repr(t: &Thread, v: Value) -> String {
    let v = int_value(t, v);
    if v.is_small_int() {
        v.as_small_int().to_string()
    } else {
        to_bigint(t, v).to_string()
    }
}

/// Decimal representation, raising ValueError past `sys.get_int_max_str_digits()`.
pub fn repr_checked(t: &mut Thread, v: Value) -> PyResult<String> {
    if let Some(i) = small_value(t, v) {
        return Ok(i.to_string());
    }
    let limit = max_str_digits();
    match format::to_decimal(&to_bigint(t, v), limit) {
        Some(s) => Ok(s),
        None => Err(t.value_error(&format::too_many_digits_to_str(limit))),
    }
}

/// The int as a correctly rounded double (`OverflowError: int too large to convert to float`).
pub fn to_f64(t: &mut Thread, v: Value) -> PyResult<f64> {
    if let Some(i) = small_value(t, v) {
        if i.unsigned_abs() <= 1 << 53 {
            return Ok(i as f64);
        }
    }
    match fconv::bigint_to_f64(&to_bigint(t, v)) {
        Some(f) => Ok(f),
        None => Err(t.overflow_error("int too large to convert to float")),
    }
}

/// `hash(int)`: CPython's reduction modulo 2**61 - 1.
pub fn hash(t: &Thread, v: Value) -> i64 {
    if let Some(i) = small_value(t, v) {
        return protocol::hash_i64(i);
    }
    let b = to_bigint(t, v);
    let m = BigInt::from((1i64 << 61) - 1);
    let r = (b.abs() % m).to_i64().unwrap_or(0);
    let h = if b.is_negative() { -r } else { r };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Three-way comparison of two ints (no allocation).
pub fn compare(t: &Thread, a: Value, b: Value) -> Ordering {
    match (small_value(t, a), small_value(t, b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => to_bigint(t, a).cmp(&to_bigint(t, b)),
    }
}

// ----- arithmetic -----

fn memory_error(t: &mut Thread) -> crate::errors::Raised {
    t.raise_empty(BuiltinType::MemoryError)
}

/// `a op b` for two ints (bools and subclass instances included; the result is an exact
/// int, or a float for `/` and negative powers). `@` gives NotImplemented.
pub fn binop(t: &mut Thread, op: BinaryOp, a: Value, b: Value) -> PyResult<Value> {
    let op = op.base();
    if let (Some(x), Some(y)) = (small_value(t, a), small_value(t, b)) {
        if let Some(r) = small_binop(t, op, x, y)? {
            return Ok(r);
        }
    }
    let x = to_bigint(t, a);
    let y = to_bigint(t, b);
    big_binop(t, op, &x, &y)
}

/// The SmallInt-operand fast path: Ok(None) when the result needs the BigInt path.
fn small_binop(t: &mut Thread, op: BinaryOp, x: i64, y: i64) -> PyResult<Option<Value>> {
    use BinaryOp::*;
    let (wx, wy) = (x as i128, y as i128);
    let r = match op {
        Add => from_i128(t, wx + wy)?,
        Subtract => from_i128(t, wx - wy)?,
        Multiply => from_i128(t, wx * wy)?,
        FloorDivide => {
            if y == 0 {
                return Err(t.zero_division("integer division or modulo by zero"));
            }
            from_i64(t, Integer::div_floor(&x, &y))?
        }
        Remainder => {
            if y == 0 {
                return Err(t.zero_division("integer modulo by zero"));
            }
            Value::small_int(x.mod_floor(&y))
        }
        TrueDivide => {
            if y == 0 {
                return Err(t.zero_division("division by zero"));
            }
            if x.unsigned_abs() <= 1 << 53 && y.unsigned_abs() <= 1 << 53 {
                float::new_float(t, x as f64 / y as f64)?
            } else {
                return Ok(None);
            }
        }
        Power => {
            if y < 0 {
                return float::binop_f64(t, Power, x as f64, y as f64).map(Some);
            }
            match u32::try_from(y).ok().and_then(|e| x.checked_pow(e)) {
                Some(p) => from_i64(t, p)?,
                None => return Ok(None),
            }
        }
        Lshift => {
            if y < 0 {
                return Err(t.value_error("negative shift count"));
            }
            if x == 0 {
                Value::small_int(0)
            } else if y < 64 {
                // |x| < 2**62, so the shifted value stays below 2**126.
                from_i128(t, wx << y)?
            } else {
                return Ok(None);
            }
        }
        Rshift => {
            if y < 0 {
                return Err(t.value_error("negative shift count"));
            }
            Value::small_int(x >> y.min(63))
        }
        And => Value::small_int(x & y),
        Or => Value::small_int(x | y),
        Xor => Value::small_int(x ^ y),
        _ => Value::NOT_IMPLEMENTED,
    };
    Ok(Some(r))
}

/// The shift count of a BigInt right operand: None when it is beyond any useful size.
fn shift_count(y: &BigInt) -> Option<u64> {
    y.to_u64()
}

fn big_binop(t: &mut Thread, op: BinaryOp, x: &BigInt, y: &BigInt) -> PyResult<Value> {
    use BinaryOp::*;
    let r = match op {
        Add => x + y,
        Subtract => x - y,
        Multiply => {
            if x.bits() + y.bits() > MAX_INT_BITS {
                return Err(memory_error(t));
            }
            x * y
        }
        FloorDivide => {
            if y.is_zero() {
                return Err(t.zero_division("integer division or modulo by zero"));
            }
            x.div_floor(y)
        }
        Remainder => {
            if y.is_zero() {
                return Err(t.zero_division("integer modulo by zero"));
            }
            x.mod_floor(y)
        }
        TrueDivide => {
            if y.is_zero() {
                return Err(t.zero_division("division by zero"));
            }
            return match fconv::true_divide(x, y) {
                Some(f) => float::new_float(t, f),
                None => Err(t.overflow_error("integer division result too large for a float")),
            };
        }
        Power => {
            if y.is_negative() {
                let fx = match fconv::bigint_to_f64(x) {
                    Some(f) => f,
                    None => return Err(t.overflow_error("int too large to convert to float")),
                };
                let fy = match fconv::bigint_to_f64(y) {
                    Some(f) => f,
                    None => return Err(t.overflow_error("int too large to convert to float")),
                };
                return float::binop_f64(t, Power, fx, fy);
            }
            return pow_nonneg(t, x, y);
        }
        Lshift => {
            if y.is_negative() {
                return Err(t.value_error("negative shift count"));
            }
            if x.is_zero() {
                return Ok(Value::small_int(0));
            }
            match shift_count(y) {
                Some(n) if x.bits().saturating_add(n) <= MAX_INT_BITS => x << (n as usize),
                _ => return Err(memory_error(t)),
            }
        }
        Rshift => {
            if y.is_negative() {
                return Err(t.value_error("negative shift count"));
            }
            match shift_count(y) {
                Some(n) if n < x.bits() + 1 => x >> (n as usize),
                _ => BigInt::from(if x.is_negative() { -1 } else { 0 }),
            }
        }
        And => x & y,
        Or => x | y,
        Xor => x ^ y,
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    from_bigint(t, &r)
}

/// `x ** y` for `y >= 0`, refusing results beyond `MAX_INT_BITS`.
fn pow_nonneg(t: &mut Thread, x: &BigInt, y: &BigInt) -> PyResult<Value> {
    if x.is_zero() {
        return Ok(Value::small_int(if y.is_zero() { 1 } else { 0 }));
    }
    if x.is_one() {
        return Ok(Value::small_int(1));
    }
    if x == &BigInt::from(-1) {
        return Ok(Value::small_int(if y.is_even() { 1 } else { -1 }));
    }
    let e = match y.to_u64() {
        Some(e) if (x.bits() - 1).saturating_mul(e) <= MAX_INT_BITS => e,
        _ => return Err(memory_error(t)),
    };
    let r = num_traits::pow::Pow::pow(x, e);
    from_bigint(t, &r)
}

/// `pow(a, b, m)` for three ints.
pub fn pow3(t: &mut Thread, a: Value, b: Value, m: Value) -> PyResult<Value> {
    let (x, y, m) = (to_bigint(t, a), to_bigint(t, b), to_bigint(t, m));
    if m.is_zero() {
        return Err(t.value_error("pow() 3rd argument cannot be 0"));
    }
    let modulus = m.abs();
    let mut base = x.mod_floor(&modulus);
    let mut exp = y;
    if exp.is_negative() {
        match mod_inverse(&base, &modulus) {
            Some(inv) => base = inv,
            None => return Err(t.value_error("base is not invertible for the given modulus")),
        }
        exp = -exp;
    }
    let mut r = base.modpow(&exp, &modulus);
    if m.is_negative() && !r.is_zero() {
        r += &m;
    }
    from_bigint(t, &r)
}

/// The inverse of `a` modulo `m` (`m > 0`, `0 <= a < m`), if it exists.
fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let e = a.extended_gcd(m);
    if !e.gcd.is_one() {
        return None;
    }
    Some(e.x.mod_floor(m))
}

/// `divmod(a, b)` for two ints.
pub fn divmod(t: &mut Thread, a: Value, b: Value) -> PyResult<Value> {
    if let (Some(x), Some(y)) = (small_value(t, a), small_value(t, b)) {
        if y == 0 {
            return Err(t.zero_division("integer division or modulo by zero"));
        }
        let q = from_i64(t, Integer::div_floor(&x, &y))?;
        let r = Value::small_int(x.mod_floor(&y));
        return numeric::pair(t, q, r);
    }
    let (x, y) = (to_bigint(t, a), to_bigint(t, b));
    if y.is_zero() {
        return Err(t.zero_division("integer division or modulo by zero"));
    }
    let (q, r) = x.div_mod_floor(&y);
    let q = from_bigint(t, &q)?;
    let hq = t.root(q);
    let r = from_bigint(t, &r)?;
    numeric::pair(t, t.get(hq), r)
}

/// Unary `-`, `+`, `~` and `abs()` of an int: 0 = neg, 1 = pos, 2 = invert, 3 = abs.
pub fn unary(t: &mut Thread, which: u8, v: Value) -> PyResult<Value> {
    if let Some(x) = small_value(t, v) {
        let r = match which {
            0 => -(x as i128),
            1 => x as i128,
            2 => !(x as i128),
            _ => (x as i128).abs(),
        };
        return from_i128(t, r);
    }
    let x = to_bigint(t, v);
    let r = match which {
        0 => -x,
        1 => x,
        2 => -x - 1,
        _ => x.abs(),
    };
    from_bigint(t, &r)
}

/// `round(v, ndigits)` for an int and a negative `ndigits`: the nearest multiple of
/// 10**-ndigits, ties to even.
fn round_negative(t: &mut Thread, v: Value, ndigits: &BigInt) -> PyResult<Value> {
    let x = to_bigint(t, v);
    let k = match (-ndigits).to_u64() {
        // 10**k > 2|x| rounds to zero; k * log2(10) > bits + 1 guarantees it.
        Some(k) if (k as f64) * std::f64::consts::LOG2_10 <= x.bits() as f64 + 2.0 => k,
        _ => return Ok(Value::small_int(0)),
    };
    let p = num_traits::pow::Pow::pow(BigInt::from(10), k);
    let (q, r) = x.div_mod_floor(&p);
    let twice = &r << 1usize;
    let q = match twice.cmp(&p) {
        Ordering::Greater => q + 1,
        Ordering::Equal if q.is_odd() => q + 1,
        _ => q,
    };
    from_bigint(t, &(q * p))
}

// ----- parsing -----

/// `int(text, base)` for a str, bytes or bytearray `text` (subclasses included); None (Rust)
/// when `text` is none of those.
pub fn from_text(t: &mut Thread, text: Value, base: u32) -> PyResult<Option<Value>> {
    let limit = max_str_digits();
    let (parsed, is_str) = if pystr::is_str(t, text) {
        let s = pystr::to_rust_string(t, text);
        let r = match format::to_ascii_number(&s) {
            Some(ascii) => format::parse_int(&ascii, base, limit),
            None => Err(ParseIntError::Invalid),
        };
        (r, true)
    } else if let Some(b) = numeric::bytes_like(t, text) {
        (format::parse_int(&b, base, limit), false)
    } else {
        return Ok(None);
    };
    match parsed {
        Ok(v) => from_bigint(t, &v).map(Some),
        Err(ParseIntError::TooManyDigits { digits }) => {
            Err(t.value_error(&format::too_many_digits_to_int(limit, digits)))
        }
        Err(ParseIntError::Invalid) => {
            let shown = if is_str {
                let r = protocol::repr_string(t, text)?;
                r.chars().take(200).collect::<String>()
            } else {
                let b = numeric::bytes_like(t, text).unwrap_or_default();
                bytes::repr_bytes(&b[..b.len().min(200)])
            };
            let msg = format!("invalid literal for int() with base {base}: {shown}");
            Err(t.value_error(&msg))
        }
    }
}

/// `int(x)` with one argument (CPython's `PyNumber_Long`): `__int__`, `__index__`,
/// `__trunc__`, then text.
pub fn number_long(t: &mut Thread, x: Value) -> PyResult<Value> {
    if is_int(t, x) {
        return Ok(int_value(t, x));
    }
    if float::is_float(t, x) {
        return float::to_int(t, float::float_value(t, x));
    }
    let hx = t.root(x);
    if let Some(r) = protocol::call_special(t, x, crate::symbols::sym::__int__, &[])? {
        if !is_int(t, r) {
            let msg = format!(
                "__int__ returned non-int (type {})",
                type_::type_name_of(t, r)
            );
            return Err(t.type_error(&msg));
        }
        return Ok(int_value(t, r));
    }
    let ty = t.type_of(t.get(hx));
    if type_::lookup_sym(t, ty, crate::symbols::sym::__index__).is_some() {
        return numeric::index(t, t.get(hx));
    }
    if let Some(r) = protocol::call_special(t, t.get(hx), crate::symbols::sym::__trunc__, &[])? {
        if is_int(t, r) {
            return Ok(int_value(t, r));
        }
        let hr = t.root(r);
        let rty = t.type_of(r);
        if type_::lookup_sym(t, rty, crate::symbols::sym::__index__).is_none() {
            let msg = format!(
                "__trunc__ returned non-Integral (type {})",
                type_::type_name_of(t, t.get(hr))
            );
            return Err(t.type_error(&msg));
        }
        return numeric::index(t, t.get(hr));
    }
    if let Some(v) = from_text(t, t.get(hx), 10)? {
        return Ok(v);
    }
    let msg = format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        type_::type_name_of(t, t.get(hx))
    );
    Err(t.type_error(&msg))
}

// ----- natives: int -----

fn int_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = numeric::check_new_cls(t, &a, BuiltinType::Int)?;
    let hcls = t.root(cls);
    // `x` is positional-only: a keyword named x is rejected by CPython.
    if a.nkw > 0 && (0..a.nkw).any(|k| pystr::str_eq_rust(t, a.kw(t, k).0, "x")) {
        return Err(t.type_error("'x' is an invalid keyword argument for int()"));
    }
    let p = numeric::bind(t, &a, "int", 1, &["x", "base"], 0, 2)?;
    let value = match (p[0], p[1]) {
        (None, None) => Value::small_int(0),
        (None, Some(_)) => return Err(t.type_error("int() missing string argument")),
        (Some(hx), None) => number_long(t, t.get(hx))?,
        (Some(hx), Some(hb)) => {
            let base = numeric::as_ssize(t, t.get(hb), None)?;
            if (base != 0 && base < 2) || base > 36 {
                return Err(t.value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            match from_text(t, t.get(hx), base as u32)? {
                Some(v) => v,
                None => {
                    return Err(t.type_error("int() can't convert non-string with explicit base"))
                }
            }
        }
    };
    if t.get(hcls) == t.ty(BuiltinType::Int) {
        return Ok(value);
    }
    numeric::new_subclass_instance(t, t.get(hcls), value)
}

/// A binary special method of int: `self op other`, or the reflected `other op self`;
/// NotImplemented unless `other` is an int.
fn int_binop_method(
    t: &mut Thread,
    a: &Args,
    name: &str,
    op: BinaryOp,
    reflected: bool,
) -> PyResult<Value> {
    numeric::wrapper_args(t, a, name, 1)?;
    let (s, o) = (a.get(t, 0), a.get(t, 1));
    if !is_int(t, o) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    if reflected {
        binop(t, op, o, s)
    } else {
        binop(t, op, s, o)
    }
}

macro_rules! int_binops {
    ($($f:ident $rf:ident $name:literal $rname:literal $op:ident;)*) => {
        $(
            fn $f(t: &mut Thread, a: Args) -> PyResult<Value> {
                int_binop_method(t, &a, $name, BinaryOp::$op, false)
            }
            fn $rf(t: &mut Thread, a: Args) -> PyResult<Value> {
                int_binop_method(t, &a, $rname, BinaryOp::$op, true)
            }
        )*
        const INT_BINOPS: &[(&str, &str, native::NativeFn, native::NativeFn)] = &[
            $(($name, $rname, $f, $rf),)*
        ];
    };
}

int_binops! {
    int_add int_radd "__add__" "__radd__" Add;
    int_sub int_rsub "__sub__" "__rsub__" Subtract;
    int_mul int_rmul "__mul__" "__rmul__" Multiply;
    int_floordiv int_rfloordiv "__floordiv__" "__rfloordiv__" FloorDivide;
    int_truediv int_rtruediv "__truediv__" "__rtruediv__" TrueDivide;
    int_mod int_rmod "__mod__" "__rmod__" Remainder;
    int_lshift int_rlshift "__lshift__" "__rlshift__" Lshift;
    int_rshift int_rrshift "__rshift__" "__rrshift__" Rshift;
    int_and int_rand "__and__" "__rand__" And;
    int_or int_ror "__or__" "__ror__" Or;
    int_xor int_rxor "__xor__" "__rxor__" Xor;
}

fn int_divmod(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__divmod__", 1)?;
    if !is_int(t, a.get(t, 1)) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    divmod(t, a.get(t, 0), a.get(t, 1))
}

fn int_rdivmod(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__rdivmod__", 1)?;
    if !is_int(t, a.get(t, 1)) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    divmod(t, a.get(t, 1), a.get(t, 0))
}

/// `__pow__(self, other, mod=None)` / `__rpow__`.
fn int_pow_common(t: &mut Thread, a: &Args, name: &str, reflected: bool) -> PyResult<Value> {
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
    let (s, o) = (a.get(t, 0), a.get(t, 1));
    if !is_int(t, o) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let (x, y) = if reflected { (o, s) } else { (s, o) };
    match a.opt(t, 2) {
        Some(m) if !m.is_none() => {
            if !is_int(t, m) {
                return Ok(Value::NOT_IMPLEMENTED);
            }
            pow3(t, x, y, m)
        }
        _ => binop(t, BinaryOp::Power, x, y),
    }
}

fn int_pow(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_pow_common(t, &a, "__pow__", false)
}

fn int_rpow(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_pow_common(t, &a, "__rpow__", true)
}

fn int_unary(t: &mut Thread, a: &Args, name: &str, which: u8) -> PyResult<Value> {
    numeric::wrapper_args(t, a, name, 0)?;
    unary(t, which, a.get(t, 0))
}

fn int_neg(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_unary(t, &a, "__neg__", 0)
}

fn int_pos(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_unary(t, &a, "__pos__", 1)
}

fn int_invert(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_unary(t, &a, "__invert__", 2)
}

fn int_abs(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_unary(t, &a, "__abs__", 3)
}

/// `__int__`, `__index__`, `__trunc__`, `__floor__`, `__ceil__`, `conjugate`, `.real`,
/// `.numerator`: the exact int value.
fn int_int(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("expected 0 arguments, got 0"));
    }
    if a.len() > 1 {
        return Err(t.type_error(&format!(
            "expected 0 arguments, got {}",
            a.len().saturating_sub(1)
        )));
    }
    Ok(int_value(t, a.get(t, 0)))
}

fn int_conjugate(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "int.conjugate")?;
    Ok(int_value(t, a.get(t, 0)))
}

fn int_get_self(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(int_value(t, a.get(t, 0)))
}

fn int_get_zero(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    Ok(Value::small_int(0))
}

fn int_get_one(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    Ok(Value::small_int(1))
}

fn int_float(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__float__", 0)?;
    let f = to_f64(t, a.get(t, 0))?;
    float::new_float(t, f)
}

fn int_bool(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__bool__", 0)?;
    let v = int_value(t, a.get(t, 0));
    Ok(Value::from_bool(
        !(v.is_small_int() && v.as_small_int() == 0),
    ))
}

fn int_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__hash__", 0)?;
    let h = hash(t, a.get(t, 0));
    from_i64(t, h)
}

fn int_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__repr__", 0)?;
    let s = repr_checked(t, a.get(t, 0))?;
    pystr::new_str(t, &s)
}

/// Raises a format-spec error as the matching Python exception.
pub fn raise_format_error(t: &mut Thread, e: FormatError) -> crate::errors::Raised {
    match e {
        FormatError::Value(m) => t.value_error(&m),
        FormatError::Overflow(m) => t.overflow_error(&m),
        FormatError::Memory => t.raise_empty(BuiltinType::MemoryError),
    }
}

/// The spec argument of `T.__format__` (`owner` = "int", "float"...) as a Rust string.
pub fn format_spec_arg(t: &mut Thread, a: &Args, owner: &str) -> PyResult<String> {
    if a.len() != 2 || a.nkw > 0 {
        let msg = format!(
            "{owner}.__format__() takes exactly one argument ({} given)",
            a.len().saturating_sub(1)
        );
        return Err(t.type_error(&msg));
    }
    let spec = a.get(t, 1);
    if !pystr::is_str(t, spec) {
        let msg = format!(
            "__format__() argument must be str, not {}",
            type_::type_name_of(t, spec)
        );
        return Err(t.type_error(&msg));
    }
    Ok(pystr::to_rust_string(t, spec))
}

/// `format(int, spec)`.
pub fn format_value(t: &mut Thread, v: Value, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        if is_exact_int(t, v) {
            return repr_checked(t, v);
        }
        let hv = t.root(v);
        return protocol::str_string(t, t.get(hv));
    }
    let tn = type_::type_name_of(t, v);
    let parsed = match format_spec::parse(spec, &tn, '>') {
        Ok(p) => p,
        Err(e) => return Err(raise_format_error(t, e)),
    };
    let mut parsed = parsed;
    if parsed.ty == '\0' {
        parsed.ty = 'd';
    }
    let r = match parsed.ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {
            format::format_int(&to_bigint(t, v), &parsed, max_str_digits())
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let f = to_f64(t, v)?;
            crate::objects::float_format::format_float(f, &parsed, &tn)
        }
        other => Err(format_spec::unknown_type(other, &tn)),
    };
    r.map_err(|e| raise_format_error(t, e))
}

fn int_format(t: &mut Thread, a: Args) -> PyResult<Value> {
    let spec = format_spec_arg(t, &a, "int")?;
    let s = format_value(t, a.get(t, 0), &spec)?;
    pystr::new_str(t, &s)
}

fn int_compare(
    t: &mut Thread,
    a: &Args,
    name: &str,
    test: fn(Ordering) -> bool,
) -> PyResult<Value> {
    numeric::wrapper_args(t, a, name, 1)?;
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_int(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    Ok(Value::from_bool(test(compare(t, x, y))))
}

fn int_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_compare(t, &a, "__eq__", |o| o == Ordering::Equal)
}

fn int_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_compare(t, &a, "__ne__", |o| o != Ordering::Equal)
}

fn int_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_compare(t, &a, "__lt__", |o| o == Ordering::Less)
}

fn int_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_compare(t, &a, "__le__", |o| o != Ordering::Greater)
}

fn int_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_compare(t, &a, "__gt__", |o| o == Ordering::Greater)
}

fn int_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    int_compare(t, &a, "__ge__", |o| o != Ordering::Less)
}

fn int_round(t: &mut Thread, a: Args) -> PyResult<Value> {
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
    let Some(nd) = a.opt(t, 1) else {
        return Ok(int_value(t, a.get(t, 0)));
    };
    let nd = numeric::index(t, nd)?;
    let nd = to_bigint(t, nd);
    if !nd.is_negative() {
        return Ok(int_value(t, a.get(t, 0)));
    }
    round_negative(t, a.get(t, 0), &nd)
}

fn int_getnewargs(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "int.__getnewargs__")?;
    let v = int_value(t, a.get(t, 0));
    tuple::new_tuple(t, &[v])
}

fn int_sizeof(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "int.__sizeof__")?;
    let b = to_bigint(t, a.get(t, 0));
    // CPython stores 30-bit digits after a 24-byte header, at least one (zero included).
    let digits = b.bits().div_ceil(30).max(1);
    Ok(Value::small_int(24 + 4 * digits as i64))
}

fn int_bit_length(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "int.bit_length")?;
    if let Some(x) = small_value(t, a.get(t, 0)) {
        return Ok(Value::small_int(
            64 - x.unsigned_abs().leading_zeros() as i64,
        ));
    }
    let b = to_bigint(t, a.get(t, 0));
    from_i64(t, b.bits() as i64)
}

fn int_bit_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "int.bit_count")?;
    if let Some(x) = small_value(t, a.get(t, 0)) {
        return Ok(Value::small_int(x.unsigned_abs().count_ones() as i64));
    }
    let b = to_bigint(t, a.get(t, 0));
    let n: u64 = b
        .magnitude()
        .iter_u64_digits()
        .map(|d| d.count_ones() as u64)
        .sum();
    from_i64(t, n as i64)
}

fn int_as_integer_ratio(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "int.as_integer_ratio")?;
    let v = int_value(t, a.get(t, 0));
    tuple::new_tuple(t, &[v, Value::small_int(1)])
}

/// Reads the `byteorder` argument: true for little-endian.
fn byteorder_arg(t: &mut Thread, v: Option<Value>, fname: &str) -> PyResult<bool> {
    let Some(v) = v else { return Ok(false) };
    if !pystr::is_str(t, v) {
        let msg = format!(
            "{fname}() argument 'byteorder' must be str, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    if pystr::str_eq_rust(t, v, "little") {
        Ok(true)
    } else if pystr::str_eq_rust(t, v, "big") {
        Ok(false)
    } else {
        Err(t.value_error("byteorder must be either 'little' or 'big'"))
    }
}

fn int_to_bytes(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = numeric::bind(
        t,
        &a,
        "to_bytes",
        1,
        &["length", "byteorder", "signed"],
        0,
        2,
    )?;
    let length = match p[0] {
        Some(h) => numeric::as_ssize(
            t,
            t.get(h),
            Some("Python int too large to convert to C ssize_t"),
        )?,
        None => 1,
    };
    if length < 0 {
        return Err(t.value_error("length argument must be non-negative"));
    }
    let little = byteorder_arg(t, p[1].map(|h| t.get(h)), "to_bytes")?;
    let signed = match p[2] {
        Some(h) => protocol::truthy(t, t.get(h))?,
        None => false,
    };
    let v = to_bigint(t, a.get(t, 0));
    if v.is_negative() && !signed {
        return Err(t.overflow_error("can't convert negative int to unsigned"));
    }
    let n = length as u64;
    let fits = if signed {
        // -2**(8n-1) <= v < 2**(8n-1); CPython also accepts -1 in zero bytes.
        (n == 0 && (v.is_zero() || v == BigInt::from(-1)))
            || (n > 0 && {
                let bits = if v.is_negative() {
                    (-&v - 1u32).bits()
                } else {
                    v.bits()
                };
                bits < 8 * n
            })
    } else {
        v.bits() <= 8 * n
    };
    if !fits {
        return Err(t.overflow_error("int too big to convert"));
    }
    if n > MAX_INT_BITS / 8 {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    }
    let mut out = if n == 0 {
        Vec::new()
    } else {
        v.to_signed_bytes_le()
    };
    let fill = if v.is_negative() { 0xff } else { 0 };
    out.resize(n as usize, fill);
    if !little {
        out.reverse();
    }
    bytes::new_bytes(t, &out)
}

fn int_from_bytes(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = numeric::bind(
        t,
        &a,
        "from_bytes",
        1,
        &["bytes", "byteorder", "signed"],
        1,
        2,
    )?;
    let Some(hb) = p[0] else {
        return Err(t.type_error("from_bytes() missing required argument 'bytes' (pos 1)"));
    };
    let little = byteorder_arg(t, p[1].map(|h| t.get(h)), "from_bytes")?;
    let signed = match p[2] {
        Some(h) => protocol::truthy(t, t.get(h))?,
        None => false,
    };
    let data = bytes_of(t, t.get(hb))?;
    let mut data = data;
    if !little {
        data.reverse();
    }
    let v = if signed {
        BigInt::from_signed_bytes_le(&data)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &data)
    };
    let r = from_bigint(t, &v)?;
    let cls = a.get(t, 0);
    if cls == t.ty(BuiltinType::Int) {
        return Ok(r);
    }
    protocol::call(t, cls, &[r])
}

/// `bytes(x)` for `int.from_bytes`: bytes-like objects, or an iterable of ints in 0..256.
fn bytes_of(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    if let Some(b) = numeric::bytes_like(t, v) {
        return Ok(b);
    }
    if pystr::is_str(t, v) || is_int(t, v) || float::is_float(t, v) || v.is_none() {
        let msg = format!(
            "cannot convert '{}' object to bytes",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    let it = protocol::iter(t, v)?;
    let hit = t.root(it);
    let mut out = Vec::new();
    while let Some(x) = protocol::next(t, t.get(hit))? {
        let i = numeric::index(t, x)?;
        match to_i64(t, i) {
            Some(b @ 0..=255) => out.push(b as u8),
            _ => return Err(t.value_error("bytes must be in range(0, 256)")),
        }
    }
    Ok(out)
}

// ----- natives: bool -----

fn bool_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::check_new_cls(t, &a, BuiltinType::Bool)?;
    if a.nkw > 0 {
        return Err(t.type_error("bool() takes no keyword arguments"));
    }
    if a.len() > 2 {
        let msg = format!(
            "bool expected at most 1 argument, got {}",
            a.len().saturating_sub(1)
        );
        return Err(t.type_error(&msg));
    }
    match a.opt(t, 1) {
        Some(v) => Ok(Value::from_bool(protocol::truthy(t, v)?)),
        None => Ok(Value::FALSE),
    }
}

fn bool_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__repr__", 0)?;
    let s = if a.get(t, 0).is_true() {
        "True"
    } else {
        "False"
    };
    pystr::new_str(t, s)
}

fn bool_logic(t: &mut Thread, a: &Args, name: &str, op: BinaryOp) -> PyResult<Value> {
    numeric::wrapper_args(t, a, name, 1)?;
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_int(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    if x.is_bool() && y.is_bool() {
        let (p, q) = (x.is_true(), y.is_true());
        return Ok(Value::from_bool(match op {
            BinaryOp::And => p & q,
            BinaryOp::Or => p | q,
            _ => p ^ q,
        }));
    }
    binop(t, op, x, y)
}

fn bool_and(t: &mut Thread, a: Args) -> PyResult<Value> {
    bool_logic(t, &a, "__and__", BinaryOp::And)
}

fn bool_or(t: &mut Thread, a: Args) -> PyResult<Value> {
    bool_logic(t, &a, "__or__", BinaryOp::Or)
}

fn bool_xor(t: &mut Thread, a: Args) -> PyResult<Value> {
    bool_logic(t, &a, "__xor__", BinaryOp::Xor)
}

/// Adds the methods of `int` and `bool` to their namespaces.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::Int);
    let h = t.root(ty);
    native::add_static(t, t.get(h), "__new__", int_new)?;
    for &(name, rname, f, rf) in INT_BINOPS {
        native::add_method(t, t.get(h), name, f)?;
        native::add_method(t, t.get(h), rname, rf)?;
    }
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__divmod__", int_divmod),
        ("__rdivmod__", int_rdivmod),
        ("__pow__", int_pow),
        ("__rpow__", int_rpow),
        ("__neg__", int_neg),
        ("__pos__", int_pos),
        ("__invert__", int_invert),
        ("__abs__", int_abs),
        ("__int__", int_int),
        ("__index__", int_int),
        ("__trunc__", int_int),
        ("__floor__", int_int),
        ("__ceil__", int_int),
        ("__float__", int_float),
        ("__bool__", int_bool),
        ("__hash__", int_hash),
        ("__repr__", int_repr),
        ("__format__", int_format),
        ("__eq__", int_eq),
        ("__ne__", int_ne),
        ("__lt__", int_lt),
        ("__le__", int_le),
        ("__gt__", int_gt),
        ("__ge__", int_ge),
        ("__round__", int_round),
        ("__getnewargs__", int_getnewargs),
        ("__sizeof__", int_sizeof),
        ("bit_length", int_bit_length),
        ("bit_count", int_bit_count),
        ("to_bytes", int_to_bytes),
        ("as_integer_ratio", int_as_integer_ratio),
        ("conjugate", int_conjugate),
    ];
    for &(name, f) in methods {
        native::add_method(t, t.get(h), name, f)?;
    }
    native::add_classmethod(t, t.get(h), "from_bytes", int_from_bytes)?;
    use crate::objects::descriptors::add_getset;
    add_getset(t, t.get(h), "real", int_get_self, None)?;
    add_getset(t, t.get(h), "imag", int_get_zero, None)?;
    add_getset(t, t.get(h), "numerator", int_get_self, None)?;
    add_getset(t, t.get(h), "denominator", int_get_one, None)?;

    let bty = t.ty(BuiltinType::Bool);
    let hb = t.root(bty);
    native::add_static(t, t.get(hb), "__new__", bool_new)?;
    native::add_method(t, t.get(hb), "__repr__", bool_repr)?;
    for (name, f) in [
        ("__and__", bool_and as native::NativeFn),
        ("__rand__", bool_and),
        ("__or__", bool_or),
        ("__ror__", bool_or),
        ("__xor__", bool_xor),
        ("__rxor__", bool_xor),
    ] {
        native::add_method(t, t.get(hb), name, f)?;
    }
    Ok(())
}

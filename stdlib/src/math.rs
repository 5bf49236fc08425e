//! The `math` module: CPython 3.11's functions and constants with its error conventions —
//! ValueError `math domain error` for invalid arguments, OverflowError `math range error`
//! for results too large, exact integer functions (`factorial`, `comb`, `perm`, `gcd`,
//! `lcm`, `isqrt`), an exactly rounded `fsum` (Shewchuk's partials, as CPython), logarithms
//! of ints beyond the float range, and CPython's own algorithms where it does not defer to
//! libm (`gamma`, `lgamma`, `remainder`, `hypot`/`dist`).
//!
//! The elementary functions call the platform libm through Rust's `f64` methods, as CPython
//! does. Those Rust computes itself (`asinh`, `acosh`, `atanh`, `cbrt`) or lacks on stable
//! (`erf`, `erfc`) are in `math_special.rs`, with the algorithms of glibc's libm, so results
//! match CPython on glibc to the last bit.

#[path = "math_special.rs"]
pub(crate) mod special;

use std::cmp::Ordering;

use ember_gc::Value;
use ember_vm::bytecode::BinaryOp;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{float, float_convert, int, module, numeric, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::{Handle, Thread};
use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The outcome of a libm-style computation that can fail (CPython's errno values).
enum MathError {
    Domain,
    Range,
}

type MathResult = Result<f64, MathError>;

fn domain_error(t: &mut Thread) -> Raised {
    t.value_error("math domain error")
}

fn range_error(t: &mut Thread) -> Raised {
    t.overflow_error("math range error")
}

fn raise(t: &mut Thread, e: MathError) -> Raised {
    match e {
        MathError::Domain => domain_error(t),
        MathError::Range => range_error(t),
    }
}

/// CPython's `is_error` for ERANGE: underflows (|r| < 1.5) are not errors.
fn check_range(t: &mut Thread, r: f64) -> PyResult<f64> {
    if r.abs() < 1.5 {
        Ok(r)
    } else {
        Err(range_error(t))
    }
}

fn new_float(t: &mut Thread, f: f64) -> PyResult<Value> {
    float::new_float(t, f)
}

fn arg_f64(t: &mut Thread, v: Value) -> PyResult<f64> {
    float::as_double(t, v)
}

/// CPython's `math_1`: a NaN from a non-NaN argument is a domain error; an infinity from a
/// finite argument is a range error (`can_overflow`) or a domain error (a singularity).
fn math_1(
    t: &mut Thread,
    a: &Args,
    name: &str,
    f: fn(f64) -> f64,
    can_overflow: bool,
) -> PyResult<Value> {
    a.check(t, name, 1, 1)?;
    let x = arg_f64(t, a.get(t, 0))?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(t));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error(t)
        } else {
            domain_error(t)
        });
    }
    new_float(t, r)
}

/// CPython's `math_1a`: the function reports its own errors.
fn math_1a(t: &mut Thread, a: &Args, name: &str, f: fn(f64) -> MathResult) -> PyResult<Value> {
    a.check(t, name, 1, 1)?;
    let x = arg_f64(t, a.get(t, 0))?;
    match f(x) {
        Ok(r) => new_float(t, r),
        Err(MathError::Range) => {
            // Only overflow reaches here (underflows return Ok).
            Err(range_error(t))
        }
        Err(e) => Err(raise(t, e)),
    }
}

/// CPython's `math_2`.
fn math_2(t: &mut Thread, a: &Args, name: &str, f: fn(f64, f64) -> f64) -> PyResult<Value> {
    a.check(t, name, 2, 2)?;
    let x = arg_f64(t, a.get(t, 0))?;
    let y = arg_f64(t, a.get(t, 1))?;
    let r = f(x, y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(t));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        let r = check_range(t, r)?;
        return new_float(t, r);
    }
    new_float(t, r)
}

macro_rules! func1 {
    ($($fname:ident $name:literal $f:expr, $overflow:expr;)*) => {
        $(
            fn $fname(t: &mut Thread, a: Args) -> PyResult<Value> {
                math_1(t, &a, concat!("math.", $name), $f, $overflow)
            }
        )*
    };
}

func1! {
    math_acos "acos" f64::acos, false;
    math_acosh "acosh" special::acosh, false;
    math_asin "asin" f64::asin, false;
    math_asinh "asinh" special::asinh, false;
    math_atan "atan" f64::atan, false;
    math_atanh "atanh" special::atanh, false;
    math_cbrt "cbrt" special::cbrt, false;
    math_cos "cos" f64::cos, false;
    math_cosh "cosh" f64::cosh, true;
    math_erf "erf" special::erf, false;
    math_erfc "erfc" special::erfc, false;
    math_exp "exp" f64::exp, true;
    math_exp2 "exp2" f64::exp2, true;
    math_expm1 "expm1" f64::exp_m1, true;
    math_fabs "fabs" f64::abs, false;
    math_log1p "log1p" f64::ln_1p, false;
    math_sin "sin" f64::sin, false;
    math_sinh "sinh" f64::sinh, true;
    math_sqrt "sqrt" f64::sqrt, false;
    math_tan "tan" f64::tan, false;
    math_tanh "tanh" f64::tanh, false;
}

fn math_gamma(t: &mut Thread, a: Args) -> PyResult<Value> {
    math_1a(t, &a, "math.gamma", tgamma)
}

fn math_lgamma(t: &mut Thread, a: Args) -> PyResult<Value> {
    math_1a(t, &a, "math.lgamma", lgamma)
}

fn math_degrees(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.degrees", 1, 1)?;
    let x = arg_f64(t, a.get(t, 0))?;
    new_float(t, x * (180.0 / std::f64::consts::PI))
}

fn math_radians(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.radians", 1, 1)?;
    let x = arg_f64(t, a.get(t, 0))?;
    new_float(t, x * (std::f64::consts::PI / 180.0))
}

fn math_isfinite(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.isfinite", 1, 1)?;
    let x = arg_f64(t, a.get(t, 0))?;
    Ok(Value::from_bool(x.is_finite()))
}

fn math_isinf(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.isinf", 1, 1)?;
    let x = arg_f64(t, a.get(t, 0))?;
    Ok(Value::from_bool(x.is_infinite()))
}

fn math_isnan(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.isnan", 1, 1)?;
    let x = arg_f64(t, a.get(t, 0))?;
    Ok(Value::from_bool(x.is_nan()))
}

// ----- two-argument functions -----

fn atan2(y: f64, x: f64) -> f64 {
    use std::f64::consts::PI;
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if y.is_infinite() {
        if x.is_infinite() {
            return if x.is_sign_positive() {
                (0.25 * PI).copysign(y)
            } else {
                (0.75 * PI).copysign(y)
            };
        }
        return (0.5 * PI).copysign(y);
    }
    if x.is_infinite() || y == 0.0 {
        return if x.is_sign_positive() {
            0.0f64.copysign(y)
        } else {
            PI.copysign(y)
        };
    }
    y.atan2(x)
}

fn math_atan2(t: &mut Thread, a: Args) -> PyResult<Value> {
    math_2(t, &a, "atan2", atan2)
}

fn math_copysign(t: &mut Thread, a: Args) -> PyResult<Value> {
    math_2(t, &a, "copysign", f64::copysign)
}

/// CPython's `m_remainder`: IEEE 754 remainder (the quotient rounded to even).
fn remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = absx % absy;
        let c = absy - m;
        let r = match m.partial_cmp(&c) {
            Some(Ordering::Less) => m,
            Some(Ordering::Greater) => -c,
            _ => m - 2.0 * ((0.5 * (absx - m)) % absy),
        };
        return 1.0f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

fn math_remainder(t: &mut Thread, a: Args) -> PyResult<Value> {
    math_2(t, &a, "remainder", remainder)
}

fn math_fmod(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "fmod", 2, 2)?;
    let x = arg_f64(t, a.get(t, 0))?;
    let y = arg_f64(t, a.get(t, 1))?;
    if y.is_infinite() && x.is_finite() {
        return new_float(t, x);
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(t));
    }
    new_float(t, r)
}

fn math_pow(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "pow", 2, 2)?;
    let x = arg_f64(t, a.get(t, 0))?;
    let y = arg_f64(t, a.get(t, 1))?;
    let r = if !x.is_finite() || !y.is_finite() {
        if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && y.abs() % 2.0 == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if y > 0.0 && x.abs() > 1.0 {
            y
        } else if y < 0.0 && x.abs() < 1.0 {
            -y
        } else {
            0.0
        }
    } else {
        let r = x.powf(y);
        if r.is_nan() {
            return Err(domain_error(t));
        }
        if r.is_infinite() {
            if x == 0.0 {
                return Err(domain_error(t));
            }
            return Err(range_error(t));
        }
        r
    };
    new_float(t, r)
}

// ----- rounding -----

/// `math.floor`/`math.ceil`: exact floats directly, else `__floor__`/`__ceil__`, else the
/// float value.
fn floor_ceil(
    t: &mut Thread,
    a: &Args,
    name: &str,
    dunder: &str,
    f: fn(f64) -> f64,
) -> PyResult<Value> {
    a.check(t, name, 1, 1)?;
    let v = a.get(t, 0);
    if float::is_exact_float(t, v) {
        return float::to_int(t, f(float::float_value(t, v)));
    }
    if let Some(r) = protocol::call_special(t, v, dunder, &[])? {
        return Ok(r);
    }
    let x = arg_f64(t, a.get(t, 0))?;
    float::to_int(t, f(x))
}

fn math_floor(t: &mut Thread, a: Args) -> PyResult<Value> {
    floor_ceil(t, &a, "math.floor", "__floor__", f64::floor)
}

fn math_ceil(t: &mut Thread, a: Args) -> PyResult<Value> {
    floor_ceil(t, &a, "math.ceil", "__ceil__", f64::ceil)
}

fn math_trunc(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.trunc", 1, 1)?;
    let v = a.get(t, 0);
    if float::is_exact_float(t, v) {
        return float::to_int(t, float::float_value(t, v));
    }
    match protocol::call_special(t, v, "__trunc__", &[])? {
        Some(r) => Ok(r),
        None => {
            let msg = format!(
                "type {} doesn't define __trunc__ method",
                type_::type_name_of(t, a.get(t, 0))
            );
            Err(t.type_error(&msg))
        }
    }
}

// ----- decomposition -----

/// C's `frexp` for finite non-zero `x`: `(m, e)` with `x == m * 2**e`, `0.5 <= |m| < 1`.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (m, e) = float_convert::decompose(x);
    let bits = 64 - m.unsigned_abs().leading_zeros() as i32;
    let mant = float_convert::scale2(m as f64, -(bits as i64));
    (mant, e + bits)
}

fn math_frexp(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.frexp", 1, 1)?;
    let x = arg_f64(t, a.get(t, 0))?;
    let (m, e) = frexp(x);
    let m = new_float(t, m)?;
    numeric::pair(t, m, Value::small_int(e as i64))
}

/// `x * 2**e` correctly rounded (CPython calls libm's `ldexp`).
fn ldexp(x: f64, e: i64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let (m, k) = float_convert::decompose(x);
    let r = float_convert::round_biguint(&BigUint::from(m.unsigned_abs()), k as i64 + e)
        .unwrap_or(f64::INFINITY);
    r.copysign(x)
}

fn math_ldexp(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "ldexp", 2, 2)?;
    let x = arg_f64(t, a.get(t, 0))?;
    let i = a.get(t, 1);
    if !int::is_int(t, i) {
        return Err(t.type_error("Expected an int as second argument to ldexp."));
    }
    let e = match int::to_i64(t, i) {
        Some(e) => e,
        None => {
            if int::to_bigint(t, i).is_negative() {
                i64::MIN
            } else {
                i64::MAX
            }
        }
    };
    let r = if x == 0.0 || !x.is_finite() {
        x
    } else if e > i32::MAX as i64 {
        return Err(range_error(t));
    } else if e < i32::MIN as i64 {
        0.0f64.copysign(x)
    } else {
        let r = ldexp(x, e);
        if r.is_infinite() {
            return Err(range_error(t));
        }
        r
    };
    new_float(t, r)
}

fn math_modf(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.modf", 1, 1)?;
    let x = arg_f64(t, a.get(t, 0))?;
    let (frac, int_part) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        let i = x.trunc();
        ((x - i).copysign(x), i)
    };
    let f = new_float(t, frac)?;
    let hf = t.root(f);
    let i = new_float(t, int_part)?;
    numeric::pair(t, t.get(hf), i)
}

/// C's `nextafter`.
fn nextafter(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

fn math_nextafter(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "nextafter", 2, 2)?;
    let x = arg_f64(t, a.get(t, 0))?;
    let y = arg_f64(t, a.get(t, 1))?;
    new_float(t, nextafter(x, y))
}

fn math_ulp(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.ulp", 1, 1)?;
    let x = arg_f64(t, a.get(t, 0))?;
    let r = if x.is_nan() {
        x
    } else {
        let x = x.abs();
        if x.is_infinite() {
            x
        } else {
            let x2 = nextafter(x, f64::INFINITY);
            if x2.is_infinite() {
                x - nextafter(x, f64::NEG_INFINITY)
            } else {
                x2 - x
            }
        }
    };
    new_float(t, r)
}

// ----- logarithms -----

fn m_log(x: f64) -> MathResult {
    if x.is_finite() {
        if x > 0.0 {
            Ok(x.ln())
        } else {
            Err(MathError::Domain)
        }
    } else if x.is_nan() || x > 0.0 {
        Ok(x)
    } else {
        Err(MathError::Domain)
    }
}

fn m_log2(x: f64) -> MathResult {
    m_log(x).map(|_| x.log2())
}

fn m_log10(x: f64) -> MathResult {
    m_log(x).map(|_| x.log10())
}

/// CPython's `loghelper`: ints beyond the float range are handled as `m * 2**e`.
fn loghelper(t: &mut Thread, v: Value, f: fn(f64) -> MathResult) -> PyResult<f64> {
    if int::is_int(t, v) {
        let b = int::to_bigint(t, v);
        if b.sign() != Sign::Plus {
            return Err(domain_error(t));
        }
        if let Some(x) = float_convert::bigint_to_f64(&b) {
            return f(x).map_err(|e| raise(t, e));
        }
        // frexp of the int: x in [0.5, 1), b ~= x * 2**e.
        let e = b.bits() as i64;
        let x = float_convert::round_biguint(b.magnitude(), -e).unwrap_or(1.0);
        let (x, e) = if x >= 1.0 { (x / 2.0, e + 1) } else { (x, e) };
        let lx = f(x).map_err(|err| raise(t, err))?;
        let l2 = f(2.0).map_err(|err| raise(t, err))?;
        return Ok(lx + l2 * e as f64);
    }
    let x = arg_f64(t, v)?;
    match f(x) {
        Ok(r) => Ok(r),
        Err(e) => Err(raise(t, e)),
    }
}

fn math_log(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "log")?;
    if a.is_empty() || a.len() > 2 {
        return Err(t.type_error("math.log requires 1 to 2 arguments"));
    }
    let num = loghelper(t, a.get(t, 0), m_log)?;
    let r = match a.opt(t, 1) {
        None => num,
        Some(b) => {
            let den = loghelper(t, b, m_log)?;
            if den == 0.0 {
                return Err(t.zero_division("float division by zero"));
            }
            num / den
        }
    };
    new_float(t, r)
}

fn math_log2(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.log2", 1, 1)?;
    let r = loghelper(t, a.get(t, 0), m_log2)?;
    new_float(t, r)
}

fn math_log10(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.log10", 1, 1)?;
    let r = loghelper(t, a.get(t, 0), m_log10)?;
    new_float(t, r)
}

// ----- gamma -----

const LANCZOS_G: f64 = 6.024680040776729583740234375;
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];
const GAMMA_INTEGRAL: [f64; 23] = [
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
];
const LOGPI: f64 = 1.144729885849400174143427351353058711647;

/// Lanczos' sum L_g(x) for positive x (CPython's `lanczos_sum`).
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// sin(pi * x), exact at integers and half-integers (CPython's `m_sinpi`).
fn sinpi(x: f64) -> f64 {
    use std::f64::consts::PI;
    let y = x.abs() % 2.0;
    let n = (2.0 * y).round() as i32;
    let r = match n {
        0 => (PI * y).sin(),
        1 => (PI * (y - 0.5)).cos(),
        2 => (PI * (1.0 - y)).sin(),
        3 => -(PI * (y - 1.5)).cos(),
        _ => (PI * (y - 2.0)).sin(),
    };
    1.0f64.copysign(x) * r
}

/// CPython's `m_tgamma`.
fn tgamma(x: f64) -> MathResult {
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            return Ok(x);
        }
        return Err(MathError::Domain);
    }
    if x == 0.0 {
        return Err(MathError::Domain);
    }
    if x == x.floor() {
        if x < 0.0 {
            return Err(MathError::Domain);
        }
        if x <= 23.0 {
            return Ok(GAMMA_INTEGRAL[x as usize - 1]);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() {
            Err(MathError::Range)
        } else {
            Ok(r)
        };
    }
    if absx > 200.0 {
        if x < 0.0 {
            return Ok(0.0 / sinpi(x));
        }
        return Err(MathError::Range);
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -std::f64::consts::PI / sinpi(absx) / absx * y.exp() / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / y.exp();
        r += z * r;
        if absx < 140.0 {
            r *= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if r.is_infinite() {
        return Err(MathError::Range);
    }
    Ok(r)
}

/// CPython's `m_lgamma`.
fn lgamma(x: f64) -> MathResult {
    if !x.is_finite() {
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        if x <= 0.0 {
            return Err(MathError::Domain);
        }
        return Ok(0.0);
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Ok(-absx.ln());
    }
    let mut r = lanczos_sum(absx).ln() - LANCZOS_G;
    r += (absx - 0.5) * ((absx + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        r = LOGPI - sinpi(absx).abs().ln() - absx.ln() - r;
    }
    if r.is_infinite() {
        return Err(MathError::Range);
    }
    Ok(r)
}

// ----- sums and norms -----

/// Reads the next double of an iteration for `fsum`/`hypot`/`dist`.
fn item_f64(t: &mut Thread, v: Value) -> PyResult<f64> {
    arg_f64(t, v)
}

fn math_fsum(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.fsum", 1, 1)?;
    let it = protocol::iter(t, a.get(t, 0))?;
    let hit = t.root(it);
    let mut p: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    loop {
        let mark = t.handle_mark();
        let Some(item) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let mut x = item_f64(t, item)?;
        t.handle_release(mark);
        let xsave = x;
        let mut i = 0;
        for j in 0..p.len() {
            let mut y = p[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let yr = hi - x;
            let lo = y - yr;
            if lo != 0.0 {
                p[i] = lo;
                i += 1;
            }
            x = hi;
        }
        p.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(t.overflow_error("intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                p.clear();
            } else {
                p.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(t.value_error("-inf + inf in fsum"));
        }
        return new_float(t, special_sum);
    }
    let mut hi = 0.0;
    let mut n = p.len();
    if n > 0 {
        n -= 1;
        hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    new_float(t, hi)
}

/// CPython 3.11's `vector_norm`: the Euclidean norm of `vec` (absolute values, `max` their
/// maximum) with lossless scaling and a differential correction.
fn vector_norm(vec: &[f64], max: f64, found_nan: bool) -> f64 {
    const T27: f64 = 134217729.0;
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = frexp(max);
    let (mut csum, mut frac1, mut frac2, mut frac3) = (1.0f64, 0.0f64, 0.0f64, 0.0f64);
    let split = |x: f64| {
        let t = x * T27;
        let hi = t - (t - x);
        (hi, x - hi)
    };
    let add = |csum: &mut f64, frac: &mut f64, x: f64| {
        let old = *csum;
        *csum += x;
        *frac += (old - *csum) + x;
    };
    if max_e >= -1023 {
        let scale = ldexp(1.0, -(max_e as i64));
        for &v in vec.iter() {
            let x = v * scale;
            let (hi, lo) = split(x);
            add(&mut csum, &mut frac1, hi * hi);
            add(&mut csum, &mut frac2, 2.0 * hi * lo);
            frac3 += lo * lo;
        }
        let h = (csum - 1.0 + (frac1 + frac2 + frac3)).sqrt();
        let (hi, lo) = split(h);
        add(&mut csum, &mut frac1, -hi * hi);
        add(&mut csum, &mut frac2, -2.0 * hi * lo);
        add(&mut csum, &mut frac3, -lo * lo);
        let x = csum - 1.0 + (frac1 + frac2 + frac3);
        return (h + x / (2.0 * h)) / scale;
    }
    for &v in vec.iter() {
        let x = v / max;
        add(&mut csum, &mut frac1, x * x);
    }
    max * (csum - 1.0 + frac1).sqrt()
}

fn math_hypot(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "hypot")?;
    let mut vec = Vec::with_capacity(a.len());
    let (mut max, mut found_nan) = (0.0f64, false);
    for i in 0..a.len() {
        let x = arg_f64(t, a.get(t, i))?.abs();
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
        vec.push(x);
    }
    new_float(t, vector_norm(&vec, max, found_nan))
}

/// The items of a point argument of `dist` (any iterable).
fn point(t: &mut Thread, v: Value) -> PyResult<Handle> {
    let tup = if tuple::is_exact_tuple(t, v) {
        v
    } else {
        tuple::from_iterable(t, v)?
    };
    Ok(t.root(tup))
}

fn math_dist(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "dist", 2, 2)?;
    let hp = point(t, a.get(t, 0))?;
    let hq = point(t, a.get(t, 1))?;
    let n = tuple::len(t, t.get(hp));
    if n != tuple::len(t, t.get(hq)) {
        return Err(t.value_error("both points must have the same number of dimensions"));
    }
    let mut vec = Vec::with_capacity(n);
    let (mut max, mut found_nan) = (0.0f64, false);
    for i in 0..n {
        let pi = tuple::get(t, t.get(hp), i);
        let px = arg_f64(t, pi)?;
        let qi = tuple::get(t, t.get(hq), i);
        let qx = arg_f64(t, qi)?;
        let x = (px - qx).abs();
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
        vec.push(x);
    }
    new_float(t, vector_norm(&vec, max, found_nan))
}

fn math_isclose(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 2 {
        let msg = format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            a.len()
        );
        return Err(t.type_error(&msg));
    }
    let p = numeric::bind(t, &a, "isclose", 0, &["a", "b", "rel_tol", "abs_tol"], 2, 2)?;
    let (Some(ha), Some(hb)) = (p[0], p[1]) else {
        return Err(t.type_error("isclose() missing required argument 'a' (pos 1)"));
    };
    let x = arg_f64(t, t.get(ha))?;
    let y = arg_f64(t, t.get(hb))?;
    let rel_tol = match p[2] {
        Some(h) => arg_f64(t, t.get(h))?,
        None => 1e-9,
    };
    let abs_tol = match p[3] {
        Some(h) => arg_f64(t, t.get(h))?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(t.value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::TRUE);
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::FALSE);
    }
    let diff = (y - x).abs();
    let close = (diff <= (rel_tol * y).abs()) || (diff <= (rel_tol * x).abs()) || (diff <= abs_tol);
    Ok(Value::from_bool(close))
}

fn math_prod(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 1 {
        let msg = format!(
            "prod() takes exactly 1 positional argument ({} given)",
            a.len()
        );
        return Err(t.type_error(&msg));
    }
    let p = numeric::bind(t, &a, "prod", 1, &["start"], 0, 0)?;
    let start = match p[0] {
        Some(h) => t.get(h),
        None => Value::small_int(1),
    };
    let hacc = t.root(start);
    let it = protocol::iter(t, a.get(t, 0))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(item) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let r = protocol::binary_op(t, t.get(hacc), item, BinaryOp::Multiply)?;
        t.set(hacc, r);
        t.handle_release(mark);
    }
    Ok(t.get(hacc))
}

// ----- integer functions -----

/// An int argument through `__index__`, as a BigInt.
fn index_arg(t: &mut Thread, v: Value) -> PyResult<BigInt> {
    let i = numeric::index(t, v)?;
    Ok(int::to_bigint(t, i))
}

fn new_int(t: &mut Thread, b: &BigInt) -> PyResult<Value> {
    int::from_bigint(t, b)
}

/// The product of the integers in `lo..hi` by binary splitting (balanced operands keep
/// big multiplications fast).
fn range_product(lo: u64, hi: u64) -> BigUint {
    if hi <= lo {
        return BigUint::one();
    }
    if hi - lo <= 16 {
        let mut acc = BigUint::one();
        for k in lo..hi {
            acc *= k;
        }
        return acc;
    }
    let mid = lo + (hi - lo) / 2;
    range_product(lo, mid) * range_product(mid, hi)
}

/// Refuses products whose result would exceed the VM's integer size limit.
fn check_bits(t: &mut Thread, bits: f64) -> PyResult<()> {
    if bits > int::MAX_INT_BITS as f64 {
        return Err(t.raise_empty(ember_vm::objects::builtin_types::BuiltinType::MemoryError));
    }
    Ok(())
}

fn factorial(t: &mut Thread, n: &BigInt) -> PyResult<Value> {
    if n.is_negative() {
        return Err(t.value_error("factorial() not defined for negative values"));
    }
    let Some(n) = n.to_i64() else {
        return Err(t.overflow_error("factorial() argument should not exceed 9223372036854775807"));
    };
    let n = n as u64;
    check_bits(t, (n as f64) * ((n.max(2)) as f64).log2())?;
    let r = BigInt::from(range_product(2, n + 1));
    new_int(t, &r)
}

fn math_factorial(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.factorial", 1, 1)?;
    let n = index_arg(t, a.get(t, 0))?;
    factorial(t, &n)
}

fn math_isqrt(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "math.isqrt", 1, 1)?;
    let n = index_arg(t, a.get(t, 0))?;
    if n.is_negative() {
        return Err(t.value_error("isqrt() argument must be nonnegative"));
    }
    let r = BigInt::from(n.magnitude().sqrt());
    new_int(t, &r)
}

fn math_gcd(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "gcd")?;
    let mut g = BigInt::zero();
    for i in 0..a.len() {
        let x = index_arg(t, a.get(t, i))?;
        g = g.gcd(&x);
    }
    new_int(t, &g)
}

fn math_lcm(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "lcm")?;
    let mut l = BigInt::one();
    for i in 0..a.len() {
        let x = index_arg(t, a.get(t, i))?;
        if l.is_zero() || x.is_zero() {
            l = BigInt::zero();
            continue;
        }
        check_bits(t, (l.bits() + x.bits()) as f64)?;
        l = l.lcm(&x);
    }
    new_int(t, &l.abs())
}

/// n! / (n-k)! for 0 <= k <= n.
fn falling_factorial(n: &BigInt, k: u64) -> BigInt {
    if let Some(n64) = n.to_u64() {
        return BigInt::from(range_product(n64 - k + 1, n64 + 1));
    }
    let mut acc = BigInt::one();
    for i in 0..k {
        acc *= n - BigInt::from(i);
    }
    acc
}

fn comb_perm_args(t: &mut Thread, n: Value, k: Value) -> PyResult<(BigInt, BigInt)> {
    let hk = t.root(k);
    let n = index_arg(t, n)?;
    let k = index_arg(t, t.get(hk))?;
    if n.is_negative() {
        return Err(t.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(t.value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

fn math_comb(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "comb", 2, 2)?;
    let (n, k) = comb_perm_args(t, a.get(t, 0), a.get(t, 1))?;
    if k > n {
        return Ok(Value::small_int(0));
    }
    let nk = &n - &k;
    let k = if nk < k { nk } else { k };
    let Some(k) = k.to_u64().filter(|k| *k <= i64::MAX as u64) else {
        return Err(t.overflow_error("min(n - k, k) must not exceed 9223372036854775807"));
    };
    check_bits(t, k as f64 * (n.bits() as f64))?;
    let r = falling_factorial(&n, k) / BigInt::from(range_product(2, k + 1));
    new_int(t, &r)
}

fn math_perm(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "perm", 1, 2)?;
    let k = a.opt(t, 1).filter(|k| !k.is_none());
    let Some(k) = k else {
        let n = index_arg(t, a.get(t, 0))?;
        return factorial(t, &n);
    };
    let (n, k) = comb_perm_args(t, a.get(t, 0), k)?;
    if k > n {
        return Ok(Value::small_int(0));
    }
    let Some(k) = k.to_u64().filter(|k| *k <= i64::MAX as u64) else {
        return Err(t.overflow_error("k must not exceed 9223372036854775807"));
    };
    check_bits(t, k as f64 * (n.bits() as f64))?;
    let r = falling_factorial(&n, k);
    new_int(t, &r)
}

/// Creates the `math` module.
pub fn init_math(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "math")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let functions: &[(&'static str, native::NativeFn)] = &[
        ("acos", math_acos),
        ("acosh", math_acosh),
        ("asin", math_asin),
        ("asinh", math_asinh),
        ("atan", math_atan),
        ("atan2", math_atan2),
        ("atanh", math_atanh),
        ("cbrt", math_cbrt),
        ("ceil", math_ceil),
        ("comb", math_comb),
        ("copysign", math_copysign),
        ("cos", math_cos),
        ("cosh", math_cosh),
        ("degrees", math_degrees),
        ("dist", math_dist),
        ("erf", math_erf),
        ("erfc", math_erfc),
        ("exp", math_exp),
        ("exp2", math_exp2),
        ("expm1", math_expm1),
        ("fabs", math_fabs),
        ("factorial", math_factorial),
        ("floor", math_floor),
        ("fmod", math_fmod),
        ("frexp", math_frexp),
        ("fsum", math_fsum),
        ("gamma", math_gamma),
        ("gcd", math_gcd),
        ("hypot", math_hypot),
        ("isclose", math_isclose),
        ("isfinite", math_isfinite),
        ("isinf", math_isinf),
        ("isnan", math_isnan),
        ("isqrt", math_isqrt),
        ("lcm", math_lcm),
        ("ldexp", math_ldexp),
        ("lgamma", math_lgamma),
        ("log", math_log),
        ("log10", math_log10),
        ("log1p", math_log1p),
        ("log2", math_log2),
        ("modf", math_modf),
        ("nextafter", math_nextafter),
        ("perm", math_perm),
        ("pow", math_pow),
        ("prod", math_prod),
        ("radians", math_radians),
        ("remainder", math_remainder),
        ("sin", math_sin),
        ("sinh", math_sinh),
        ("sqrt", math_sqrt),
        ("tan", math_tan),
        ("tanh", math_tanh),
        ("trunc", math_trunc),
        ("ulp", math_ulp),
    ];
    for &(name, f) in functions {
        native::add_function(t, t.get(hd), "math", name, f)?;
    }
    let constants = [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ];
    for (name, value) in constants {
        let v = new_float(t, value)?;
        ember_vm::objects::dict::set_str(t, t.get(hd), name, v)?;
    }
    Ok(t.get(hm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_match_c() {
        assert_eq!(remainder(5.0, 2.0), 1.0);
        assert_eq!(remainder(7.0, 2.0), -1.0);
        assert_eq!(remainder(-7.0, 2.0), 1.0);
        assert_eq!(nextafter(0.0, -1.0), -5e-324);
        assert_eq!(nextafter(1.0, 2.0), 1.0000000000000002);
        assert_eq!(frexp(24.0), (0.75, 5));
        assert_eq!(frexp(5e-324), (0.5, -1073));
        assert_eq!(ldexp(1.5, -1074), 1e-323);
        assert_eq!(ldexp(1.0, 1024), f64::INFINITY);
        assert!(matches!(tgamma(0.0), Err(MathError::Domain)));
        assert_eq!(tgamma(5.0).ok(), Some(24.0));
        assert_eq!(lgamma(1.0).ok(), Some(0.0));
        assert_eq!(vector_norm(&[3.0, 4.0], 4.0, false), 5.0);
        assert_eq!(range_product(1, 6), BigUint::from(120u32));
    }
}

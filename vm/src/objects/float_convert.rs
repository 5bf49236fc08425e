//! Exact conversions between floats and integers: correctly rounded (half-even) int → float
//! and int / int, float → int truncation, `as_integer_ratio`, and exact int-versus-float
//! comparison — CPython's `PyLong_AsDouble`, `long_true_divide`, `PyLong_FromDouble` and
//! `float_richcompare` semantics.
//!
//! Pure Rust over num-bigint; nothing here touches values or the thread.

use std::cmp::Ordering;

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// `f * 2**e`, exact whenever the result is representable (it multiplies by powers of two
/// that are themselves normal, so no intermediate step rounds).
pub fn scale2(mut f: f64, mut e: i64) -> f64 {
    let p = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    while e > 1000 {
        f *= p(1000);
        e -= 1000;
        if f.is_infinite() {
            return f;
        }
    }
    while e < -1000 {
        f *= p(-1000);
        e += 1000;
        if f == 0.0 {
            return f;
        }
    }
    f * p(e)
}

/// `m * 2**exp` correctly rounded to a double (ties to even, subnormals included), or None
/// when it overflows.
pub fn round_biguint(m: &BigUint, exp: i64) -> Option<f64> {
    if m.is_zero() {
        return Some(0.0);
    }
    let len = m.bits() as i64;
    let top = len + exp; // the value lies in [2**(top-1), 2**top)
    if top > 1024 {
        return None;
    }
    // Exponent of the last bit the result can keep: 53 significant bits, but never below
    // the smallest subnormal 2**-1074.
    let q = (top - 53).max(-1074);
    let mant: u64 = if exp >= q {
        (m << ((exp - q) as usize)).to_u64().unwrap_or(0)
    } else {
        let shift = (q - exp) as u64;
        let kept: BigUint = m >> shift;
        let mut kept = kept.to_u64().unwrap_or(0);
        // Round half to even on the dropped bits.
        let half_bit = shift - 1;
        if m.bit(half_bit) {
            let low_nonzero = m.trailing_zeros().map(|tz| tz < half_bit).unwrap_or(false);
            if low_nonzero || kept & 1 == 1 {
                kept += 1;
            }
        }
        kept
    };
    if mant == 0 {
        return Some(0.0);
    }
    if 64 - mant.leading_zeros() as i64 + q > 1024 {
        return None;
    }
    Some(scale2(mant as f64, q))
}

/// The int as a correctly rounded double, or None when it is too large
/// (`OverflowError: int too large to convert to float`).
pub fn bigint_to_f64(v: &BigInt) -> Option<f64> {
    if let Some(i) = v.to_i64() {
        if i.unsigned_abs() <= 1 << 53 {
            return Some(i as f64);
        }
    }
    let f = round_biguint(v.magnitude(), 0)?;
    Some(if v.is_negative() { -f } else { f })
}

/// `a / b` correctly rounded, for `b != 0`; None when the quotient overflows a double
/// (`integer division result too large for a float`).
pub fn true_divide(a: &BigInt, b: &BigInt) -> Option<f64> {
    let negate = a.is_negative() != b.is_negative();
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() <= 1 << 53 && y.unsigned_abs() <= 1 << 53 {
            return Some(x as f64 / y as f64);
        }
    }
    let (am, bm) = (a.magnitude(), b.magnitude());
    let zero = Some(if negate { -0.0 } else { 0.0 });
    if am.is_zero() {
        return zero;
    }
    // Quotients below 2**-1076 round to zero and those above 2**1025 overflow, whatever
    // the digits: decide them without building huge shifted operands.
    if am.bits() + 1076 < bm.bits() {
        return zero;
    }
    if am.bits() > bm.bits() + 1026 {
        return None;
    }
    // Scale so that the integer quotient has at least 55 significant bits, then fold the
    // remainder into a sticky bit: rounding that to 53 bits is then exact rounding of a/b.
    let s = 56 + bm.bits() as i64 - am.bits() as i64;
    let (num, den) = if s >= 0 {
        (am << (s as usize), bm.clone())
    } else {
        (am.clone(), bm << ((-s) as usize))
    };
    let (q, r) = num.div_rem(&den);
    let q = (q << 1usize) + if r.is_zero() { 0u32 } else { 1u32 };
    let f = round_biguint(&q, -(s + 1))?;
    Some(if negate { -f } else { f })
}

/// `(mantissa, exponent)` with `x == mantissa * 2**exponent` exactly, for finite `x`;
/// the mantissa is odd or zero.
pub fn decompose(x: f64) -> (i64, i32) {
    if x == 0.0 {
        return (0, 0);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = (bits & ((1u64 << 52) - 1)) as i64;
    let (mut m, mut e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    };
    let tz = m.trailing_zeros();
    m >>= tz;
    e += tz as i32;
    (if x < 0.0 { -m } else { m }, e)
}

/// The integer part of a finite float (truncation toward zero), exactly.
pub fn f64_to_bigint(x: f64) -> BigInt {
    let t = x.trunc();
    if t.abs() < 9.2e18 {
        return BigInt::from(t as i64);
    }
    let (m, e) = decompose(t);
    // |t| >= 2**63 here, so e > 0.
    BigInt::from(m) << (e.max(0) as usize)
}

/// `float.as_integer_ratio()` of a finite float: the fraction in lowest terms.
pub fn as_integer_ratio(x: f64) -> (BigInt, BigInt) {
    let (m, e) = decompose(x);
    if e >= 0 {
        (BigInt::from(m) << (e as usize), BigInt::one())
    } else {
        (BigInt::from(m), BigInt::one() << ((-e) as usize))
    }
}

/// Exact comparison of an int with a float: None when the float is a NaN.
pub fn compare_int_float(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if let Some(small) = i.to_i64() {
        if small.unsigned_abs() <= 1 << 53 {
            return (small as f64).partial_cmp(&f);
        }
    }
    let floor = f.floor();
    Some(match i.cmp(&f64_to_bigint(floor)) {
        Ordering::Equal if f > floor => Ordering::Less,
        other => other,
    })
}

/// Whether a finite float holds an integral value equal to the int (for `int == float`).
pub fn int_eq_float(i: &BigInt, f: f64) -> bool {
    compare_int_float(i, f) == Some(Ordering::Equal)
}

/// The sign of a BigInt as -1, 0 or 1.
pub fn sign_of(v: &BigInt) -> i32 {
    match v.sign() {
        Sign::Minus => -1,
        Sign::NoSign => 0,
        Sign::Plus => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(s: &str) -> BigInt {
        s.parse().unwrap()
    }

    #[test]
    fn int_to_float_rounds_half_even() {
        assert_eq!(
            bigint_to_f64(&big("9007199254740993")),
            Some(9007199254740992.0)
        );
        assert_eq!(
            bigint_to_f64(&big("9007199254740995")),
            Some(9007199254740996.0)
        );
        assert_eq!(bigint_to_f64(&(BigInt::one() << 1024usize)), None);
        let max = big("179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368");
        assert_eq!(bigint_to_f64(&max), Some(f64::MAX));
        // Halfway between MAX and 2**1024 rounds up: overflow.
        let halfway = (BigInt::one() << 1024usize) - (BigInt::one() << 970usize);
        assert_eq!(bigint_to_f64(&halfway), None);
        assert_eq!(bigint_to_f64(&(halfway - 1)), Some(f64::MAX));
    }

    #[test]
    fn divides_exactly() {
        let a = big("1") << 200usize;
        let b = big("3") << 150usize;
        assert_eq!(true_divide(&a, &b), Some(2f64.powi(50) / 3.0));
        assert_eq!(true_divide(&big("10").pow(400), &big("1")), None);
        assert_eq!(true_divide(&big("1"), &big("10").pow(400)), Some(0.0));
        assert_eq!(
            true_divide(&big("1"), &(big("1") << 1074usize)),
            Some(5e-324)
        );
        assert_eq!(true_divide(&big("-1"), &big("3")), Some(-1.0 / 3.0));
        assert_eq!(
            true_divide(&big("0"), &big("-3")).map(|f| f.is_sign_negative()),
            Some(true)
        );
    }

    #[test]
    fn compares_exactly() {
        let p = (BigInt::one() << 53usize) + 1;
        assert_eq!(
            compare_int_float(&p, 9007199254740992.0),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare_int_float(&big("10").pow(400), f64::MAX),
            Some(Ordering::Greater)
        );
        assert_eq!(compare_int_float(&big("-3"), -2.5), Some(Ordering::Less));
        assert_eq!(compare_int_float(&big("1"), f64::NAN), None);
        assert_eq!(as_integer_ratio(-0.1).1, BigInt::one() << 55usize);
        assert_eq!(f64_to_bigint(1e20), big("100000000000000000000"));
        assert_eq!(f64_to_bigint(-2.5), big("-2"));
    }
}

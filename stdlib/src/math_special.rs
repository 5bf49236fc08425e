//! Special functions the `math` module needs bit-for-bit as glibc computes them: the error
//! functions (Rust's std has none on stable) and the inverse hyperbolic functions (Rust's
//! std computes its own approximations rather than calling libm). The methods are those of
//! Sun's fdlibm (`s_erf.c`, `s_asinh.c`, `e_acosh.c`, `e_atanh.c`), with the polynomial
//! evaluation order glibc's `dbl-64` port uses, so the roundings agree with CPython on
//! glibc. Pure functions of one double; the caller maps NaN/infinite results to errors.

const LN2: f64 = std::f64::consts::LN_2;

/// The high 32 bits of a double's representation.
fn high_word(x: f64) -> u32 {
    (x.to_bits() >> 32) as u32
}

/// `x` with its low 32 bits cleared.
fn clear_low_word(x: f64) -> f64 {
    f64::from_bits(x.to_bits() & 0xffff_ffff_0000_0000)
}

/// Inverse hyperbolic sine.
pub fn asinh(x: f64) -> f64 {
    let ix = high_word(x) & 0x7fff_ffff;
    if ix >= 0x7ff0_0000 {
        return x + x;
    }
    if ix < 0x3e30_0000 {
        // |x| < 2**-28: asinh(x) = x to double precision.
        return x;
    }
    let ax = x.abs();
    let w = if ix > 0x41b0_0000 {
        // |x| > 2**28
        ax.ln() + LN2
    } else if ix > 0x4000_0000 {
        // 2 < |x| <= 2**28
        (2.0 * ax + 1.0 / ((x * x + 1.0).sqrt() + ax)).ln()
    } else {
        let t = x * x;
        (ax + t / (1.0 + (1.0 + t).sqrt())).ln_1p()
    };
    w.copysign(x)
}

/// Inverse hyperbolic cosine (NaN below 1).
pub fn acosh(x: f64) -> f64 {
    let hx = high_word(x);
    if (hx as i32) < 0x3ff0_0000 {
        return f64::NAN;
    }
    if hx >= 0x41b0_0000 {
        if hx >= 0x7ff0_0000 {
            return x + x;
        }
        return x.ln() + LN2;
    }
    if x == 1.0 {
        return 0.0;
    }
    if hx > 0x4000_0000 {
        let t = x * x;
        return (2.0 * x - 1.0 / (x + (t - 1.0).sqrt())).ln();
    }
    let t = x - 1.0;
    (t + (2.0 * t + t * t).sqrt()).ln_1p()
}

/// Inverse hyperbolic tangent (NaN beyond ±1, ±inf at ±1).
pub fn atanh(x: f64) -> f64 {
    let ax = x.abs();
    if ax.is_nan() {
        return x;
    }
    if ax > 1.0 {
        return f64::NAN;
    }
    if ax == 1.0 {
        return f64::INFINITY.copysign(x);
    }
    if high_word(ax) < 0x3e30_0000 {
        return x;
    }
    let t = if ax < 0.5 {
        let t = ax + ax;
        0.5 * (t + t * ax / (1.0 - ax)).ln_1p()
    } else {
        0.5 * ((ax + ax) / (1.0 - ax)).ln_1p()
    };
    t.copysign(x)
}

/// Cube root, as glibc's `dbl-64/s_cbrt.c` (not correctly rounded: `cbrt(-27.0)` is
/// `-3.0000000000000004` there, and CPython shows that): a polynomial first guess on the
/// mantissa in [0.5, 1), one Halley step, and the cube root of the exponent's remainder.
pub fn cbrt(x: f64) -> f64 {
    const CBRT2: f64 = 1.2599210498948731648;
    const SQR_CBRT2: f64 = 1.5874010519681994748;
    const FACTOR: [f64; 5] = [1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2];
    if x == 0.0 || !x.is_finite() {
        return x + x;
    }
    let (xm, xe) = frexp_abs(x);
    let u = 0.354895765043919860
        + ((1.50819193781584896
            + ((-2.11499494167371287
                + ((2.44693122563534430
                    + ((-1.83469277483613086
                        + (0.784932344976639262 - 0.145263899385486377 * xm) * xm)
                        * xm))
                    * xm))
                * xm))
            * xm);
    let t2 = u * u * u;
    let ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * FACTOR[(2 + xe % 3) as usize];
    let r = if x > 0.0 { ym } else { -ym };
    // ym * 2**(xe/3) is a normal number here, so this scaling is exact.
    r * 2.0f64.powi(xe / 3)
}

/// `frexp(|x|)` for finite non-zero x: `(m, e)` with `|x| = m * 2**e`, `0.5 <= m < 1`.
fn frexp_abs(x: f64) -> (f64, i32) {
    let mut bits = x.abs().to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i32;
    let mut adjust = 0;
    if e == 0 {
        // Subnormal: scale into the normal range first.
        bits = (x.abs() * f64::from_bits(0x4350_0000_0000_0000)).to_bits(); // 2**54
        e = ((bits >> 52) & 0x7ff) as i32;
        adjust = -54;
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, e - 1022 + adjust)
}

// Coefficients of fdlibm's erf/erfc approximations.
const ERX: f64 = 8.45062911510467529297e-01;
const EFX: f64 = 1.28379167095512586316e-01;
const PP: [f64; 5] = [
    1.28379167095512558561e-01,
    -3.25042107247001499370e-01,
    -2.84817495755985104766e-02,
    -5.77027029648944159157e-03,
    -2.37630166566501626084e-05,
];
const QQ: [f64; 6] = [
    0.0,
    3.97917223959155352819e-01,
    6.50222499887672944485e-02,
    5.08130628187576562776e-03,
    1.32494738004321644526e-04,
    -3.96022827877536812320e-06,
];
const PA: [f64; 7] = [
    -2.36211856075265944077e-03,
    4.14856118683748331666e-01,
    -3.72207876035701323847e-01,
    3.18346619901161753674e-01,
    -1.10894694282396677476e-01,
    3.54783043256182359371e-02,
    -2.16637559486879084300e-03,
];
const QA: [f64; 7] = [
    0.0,
    1.06420880400844228286e-01,
    5.40397917702171048937e-01,
    7.18286544141962662868e-02,
    1.26171219808761642112e-01,
    1.36370839120290507362e-02,
    1.19844998467991074170e-02,
];
const RA: [f64; 8] = [
    -9.86494403484714822705e-03,
    -6.93858572707181764372e-01,
    -1.05586262253232909814e+01,
    -6.23753324503260060396e+01,
    -1.62396669462573470355e+02,
    -1.84605092906711035994e+02,
    -8.12874355063065934246e+01,
    -9.81432934416914548592e+00,
];
const SA: [f64; 9] = [
    0.0,
    1.96512716674392571292e+01,
    1.37657754143519042600e+02,
    4.34565877475229228821e+02,
    6.45387271733267880336e+02,
    4.29008140027567833386e+02,
    1.08635005541779435134e+02,
    6.57024977031928170135e+00,
    -6.04244152148580987438e-02,
];
const RB: [f64; 7] = [
    -9.86494292470009928597e-03,
    -7.99283237680523006574e-01,
    -1.77579549177547519889e+01,
    -1.60636384855821916062e+02,
    -6.37566443368389627722e+02,
    -1.02509513161107724954e+03,
    -4.83519191608651397019e+02,
];
const SB: [f64; 8] = [
    0.0,
    3.03380607434824582924e+01,
    3.25792512996573918826e+02,
    1.53672958608443695994e+03,
    3.19985821950859553908e+03,
    2.55305040643316442583e+03,
    4.74528541206955367215e+02,
    -2.24409524465858183362e+01,
];

/// erf(x) - x over x, for |x| < 0.84375, as P(x²)/Q(x²) evaluated in glibc's order.
fn small_ratio(x: f64) -> f64 {
    let z = x * x;
    let z2 = z * z;
    let z4 = z2 * z2;
    let r = (PP[0] + z * PP[1]) + z2 * (PP[2] + z * PP[3]) + z4 * PP[4];
    let s = (1.0 + z * QQ[1]) + z2 * (QQ[2] + z * QQ[3]) + z4 * (QQ[4] + z * QQ[5]);
    r / s
}

/// P/Q of the expansion around 1, for 0.84375 <= |x| < 1.25 (`s = |x| - 1`).
fn near_one(s: f64) -> f64 {
    let s2 = s * s;
    let s4 = s2 * s2;
    let s6 = s4 * s2;
    let p = (PA[0] + s * PA[1]) + s2 * (PA[2] + s * PA[3]) + s4 * (PA[4] + s * PA[5]) + s6 * PA[6];
    let q = (1.0 + s * QA[1]) + s2 * (QA[2] + s * QA[3]) + s4 * (QA[4] + s * QA[5]) + s6 * QA[6];
    p / q
}

/// x·erfc(x)·exp(x² + 0.5625)'s logarithm correction R/S for 1.25 <= x < 28; `ix` is the
/// high word of x.
fn tail(x: f64, ix: u32, boundary: u32) -> f64 {
    let s = 1.0 / (x * x);
    let s2 = s * s;
    let s4 = s2 * s2;
    let s6 = s4 * s2;
    let (r, q) = if ix < boundary {
        let s8 = s4 * s4;
        let r = (RA[0] + s * RA[1])
            + s2 * (RA[2] + s * RA[3])
            + s4 * (RA[4] + s * RA[5])
            + s6 * (RA[6] + s * RA[7]);
        let q = (1.0 + s * SA[1])
            + s2 * (SA[2] + s * SA[3])
            + s4 * (SA[4] + s * SA[5])
            + s6 * (SA[6] + s * SA[7])
            + s8 * SA[8];
        (r, q)
    } else {
        let r =
            (RB[0] + s * RB[1]) + s2 * (RB[2] + s * RB[3]) + s4 * (RB[4] + s * RB[5]) + s6 * RB[6];
        let q = (1.0 + s * SB[1])
            + s2 * (SB[2] + s * SB[3])
            + s4 * (SB[4] + s * SB[5])
            + s6 * (SB[6] + s * SB[7]);
        (r, q)
    };
    let z = clear_low_word(x);
    (-z * z - 0.5625).exp() * ((z - x) * (z + x) + r / q).exp() / x
}

/// The error function.
pub fn erf(x: f64) -> f64 {
    let hx = high_word(x);
    let ix = hx & 0x7fff_ffff;
    let negative = (hx as i32) < 0;
    if ix >= 0x7ff0_0000 {
        if x.is_nan() {
            return x;
        }
        return if negative { -1.0 } else { 1.0 };
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3e30_0000 {
            if ix < 0x0080_0000 {
                return 0.0625 * (16.0 * x + (16.0 * EFX) * x);
            }
            return x + EFX * x;
        }
        return x + x * small_ratio(x);
    }
    if ix < 0x3ff4_0000 {
        let r = near_one(x.abs() - 1.0);
        return if negative { -ERX - r } else { ERX + r };
    }
    if ix >= 0x4018_0000 {
        return if negative { -1.0 } else { 1.0 };
    }
    let r = tail(x.abs(), ix, 0x4006_db6e);
    if negative {
        r - 1.0
    } else {
        1.0 - r
    }
}

/// The complementary error function.
pub fn erfc(x: f64) -> f64 {
    let hx = high_word(x);
    let ix = hx & 0x7fff_ffff;
    let negative = (hx as i32) < 0;
    if ix >= 0x7ff0_0000 {
        if x.is_nan() {
            return x;
        }
        return if negative { 2.0 } else { 0.0 };
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3c70_0000 {
            return 1.0 - x;
        }
        let y = small_ratio(x);
        if (hx as i32) < 0x3fd0_0000 {
            return 1.0 - (x + x * y);
        }
        let r = x * y + (x - 0.5);
        return 0.5 - r;
    }
    if ix < 0x3ff4_0000 {
        let r = near_one(x.abs() - 1.0);
        return if negative {
            1.0 + (ERX + r)
        } else {
            (1.0 - ERX) - r
        };
    }
    if ix < 0x403c_0000 {
        if negative && ix >= 0x4018_0000 {
            return 2.0;
        }
        let r = tail(x.abs(), ix, 0x4006_db6d);
        return if negative { 2.0 - r } else { r };
    }
    if negative {
        2.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(erf(0.0), 0.0);
        assert_eq!(erf(0.5), 0.5204998778130465);
        assert_eq!(erfc(10.0), 2.088487583762545e-45);
        assert_eq!(asinh(0.0), 0.0);
        assert_eq!(acosh(1.0), 0.0);
        assert!(acosh(0.5).is_nan());
        assert_eq!(atanh(1.0), f64::INFINITY);
        assert_eq!(cbrt(-27.0), -3.0000000000000004);
        assert_eq!(cbrt(8.0), 2.0);
        assert_eq!(frexp_abs(5e-324), (0.5, -1073));
        assert!(atanh(2.0).is_nan());
    }
}

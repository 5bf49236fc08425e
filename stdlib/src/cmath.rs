//! The `cmath` module: CPython 3.11's complex functions with its numerics and error
//! conventions. Each function follows C99 Annex G: non-finite arguments are answered from
//! a 7×7 table indexed by the classes of the real and imaginary parts (Annex G's values, as
//! CPython tabulates them), finite ones by formulas arranged to avoid spurious overflow and
//! cancellation — the same formulas, in the same evaluation order, as CPython's
//! `cmathmodule.c`, over the same libm (`f64` methods call glibc; `asinh` comes from
//! `math_special.rs`, which reproduces glibc's), so results agree to the bit.
//!
//! Errors are CPython's errno protocol made explicit: every kernel returns its result with
//! an `Errno`, and the binding raises ValueError "math domain error" (EDOM) or
//! OverflowError "math range error" (ERANGE).

use std::f64::consts::{E, LN_10, LN_2, PI};

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{complex, dict, float, module, numeric, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

use crate::math::special;

type C = (f64, f64);

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Errno {
    Ok,
    Domain,
    Range,
}

use Errno::{Domain, Range};

const INF: f64 = f64::INFINITY;
const N: f64 = f64::NAN;
/// Table entries no argument reaches (finite × finite).
const U: f64 = f64::NAN;
const P12: f64 = 0.5 * PI;
const P14: f64 = 0.25 * PI;
const P34: f64 = 0.75 * PI;

/// Arguments beyond this may overflow in the usual formulas.
const LARGE: f64 = f64::MAX / 4.0;
const DBL_MIN: f64 = f64::MIN_POSITIVE;
const MANT_DIG: i32 = 53;

fn sqrt_large() -> f64 {
    LARGE.sqrt()
}

fn log_large() -> f64 {
    LARGE.ln()
}

fn sqrt_dbl_min() -> f64 {
    DBL_MIN.sqrt()
}

/// `x * 2**e` for the small exact scalings used here (C's `ldexp`).
fn ldexp(x: f64, e: i32) -> f64 {
    x * 2f64.powi(e)
}

fn log1p(x: f64) -> f64 {
    if x == 0.0 {
        x
    } else {
        x.ln_1p()
    }
}

/// The class of a double that indexes the special-value tables: -inf, negative, -0, +0,
/// positive, +inf, nan.
fn class(x: f64) -> usize {
    if x.is_nan() {
        6
    } else if x.is_infinite() {
        if x > 0.0 {
            5
        } else {
            0
        }
    } else if x == 0.0 {
        if x.is_sign_negative() {
            2
        } else {
            3
        }
    } else if x > 0.0 {
        4
    } else {
        1
    }
}

type Table = [[C; 7]; 7];

fn special(table: &Table, z: C) -> C {
    table[class(z.0)][class(z.1)]
}

fn finite(z: C) -> bool {
    z.0.is_finite() && z.1.is_finite()
}

// Rows: class of the real part; columns: class of the imaginary part (C99 Annex G).
#[rustfmt::skip]
const ACOS: Table = [
    [(P34, INF), (PI, INF), (PI, INF), (PI, -INF), (PI, -INF), (P34, -INF), (N, INF)],
    [(P12, INF), (U, U), (U, U), (U, U), (U, U), (P12, -INF), (N, N)],
    [(P12, INF), (U, U), (P12, 0.0), (P12, -0.0), (U, U), (P12, -INF), (P12, N)],
    [(P12, INF), (U, U), (P12, 0.0), (P12, -0.0), (U, U), (P12, -INF), (P12, N)],
    [(P12, INF), (U, U), (U, U), (U, U), (U, U), (P12, -INF), (N, N)],
    [(P14, INF), (0.0, INF), (0.0, INF), (0.0, -INF), (0.0, -INF), (P14, -INF), (N, INF)],
    [(N, INF), (N, N), (N, N), (N, N), (N, N), (N, -INF), (N, N)],
];

#[rustfmt::skip]
const ACOSH: Table = [
    [(INF, -P34), (INF, -PI), (INF, -PI), (INF, PI), (INF, PI), (INF, P34), (INF, N)],
    [(INF, -P12), (U, U), (U, U), (U, U), (U, U), (INF, P12), (N, N)],
    [(INF, -P12), (U, U), (0.0, -P12), (0.0, P12), (U, U), (INF, P12), (N, N)],
    [(INF, -P12), (U, U), (0.0, -P12), (0.0, P12), (U, U), (INF, P12), (N, N)],
    [(INF, -P12), (U, U), (U, U), (U, U), (U, U), (INF, P12), (N, N)],
    [(INF, -P14), (INF, -0.0), (INF, -0.0), (INF, 0.0), (INF, 0.0), (INF, P14), (INF, N)],
    [(INF, N), (N, N), (N, N), (N, N), (N, N), (INF, N), (N, N)],
];

#[rustfmt::skip]
const ASINH: Table = [
    [(-INF, -P14), (-INF, -0.0), (-INF, -0.0), (-INF, 0.0), (-INF, 0.0), (-INF, P14), (-INF, N)],
    [(-INF, -P12), (U, U), (U, U), (U, U), (U, U), (-INF, P12), (N, N)],
    [(-INF, -P12), (U, U), (-0.0, -0.0), (-0.0, 0.0), (U, U), (-INF, P12), (N, N)],
    [(INF, -P12), (U, U), (0.0, -0.0), (0.0, 0.0), (U, U), (INF, P12), (N, N)],
    [(INF, -P12), (U, U), (U, U), (U, U), (U, U), (INF, P12), (N, N)],
    [(INF, -P14), (INF, -0.0), (INF, -0.0), (INF, 0.0), (INF, 0.0), (INF, P14), (INF, N)],
    [(INF, N), (N, N), (N, -0.0), (N, 0.0), (N, N), (INF, N), (N, N)],
];

#[rustfmt::skip]
const ATANH: Table = [
    [(-0.0, -P12), (-0.0, -P12), (-0.0, -P12), (-0.0, P12), (-0.0, P12), (-0.0, P12), (-0.0, N)],
    [(-0.0, -P12), (U, U), (U, U), (U, U), (U, U), (-0.0, P12), (N, N)],
    [(-0.0, -P12), (U, U), (-0.0, -0.0), (-0.0, 0.0), (U, U), (-0.0, P12), (-0.0, N)],
    [(0.0, -P12), (U, U), (0.0, -0.0), (0.0, 0.0), (U, U), (0.0, P12), (0.0, N)],
    [(0.0, -P12), (U, U), (U, U), (U, U), (U, U), (0.0, P12), (N, N)],
    [(0.0, -P12), (0.0, -P12), (0.0, -P12), (0.0, P12), (0.0, P12), (0.0, P12), (0.0, N)],
    [(0.0, -P12), (N, N), (N, N), (N, N), (N, N), (0.0, P12), (N, N)],
];

#[rustfmt::skip]
const COSH: Table = [
    [(INF, N), (U, U), (INF, 0.0), (INF, -0.0), (U, U), (INF, N), (INF, N)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(N, 0.0), (U, U), (1.0, 0.0), (1.0, -0.0), (U, U), (N, 0.0), (N, 0.0)],
    [(N, 0.0), (U, U), (1.0, -0.0), (1.0, 0.0), (U, U), (N, 0.0), (N, 0.0)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(INF, N), (U, U), (INF, -0.0), (INF, 0.0), (U, U), (INF, N), (INF, N)],
    [(N, N), (N, N), (N, 0.0), (N, 0.0), (N, N), (N, N), (N, N)],
];

#[rustfmt::skip]
const EXP: Table = [
    [(0.0, 0.0), (U, U), (0.0, -0.0), (0.0, 0.0), (U, U), (0.0, 0.0), (0.0, 0.0)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(N, N), (U, U), (1.0, -0.0), (1.0, 0.0), (U, U), (N, N), (N, N)],
    [(N, N), (U, U), (1.0, -0.0), (1.0, 0.0), (U, U), (N, N), (N, N)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(INF, N), (U, U), (INF, -0.0), (INF, 0.0), (U, U), (INF, N), (INF, N)],
    [(N, N), (N, N), (N, -0.0), (N, 0.0), (N, N), (N, N), (N, N)],
];

#[rustfmt::skip]
const LOG: Table = [
    [(INF, -P34), (INF, -PI), (INF, -PI), (INF, PI), (INF, PI), (INF, P34), (INF, N)],
    [(INF, -P12), (U, U), (U, U), (U, U), (U, U), (INF, P12), (N, N)],
    [(INF, -P12), (U, U), (-INF, -PI), (-INF, PI), (U, U), (INF, P12), (N, N)],
    [(INF, -P12), (U, U), (-INF, -0.0), (-INF, 0.0), (U, U), (INF, P12), (N, N)],
    [(INF, -P12), (U, U), (U, U), (U, U), (U, U), (INF, P12), (N, N)],
    [(INF, -P14), (INF, -0.0), (INF, -0.0), (INF, 0.0), (INF, 0.0), (INF, P14), (INF, N)],
    [(INF, N), (N, N), (N, N), (N, N), (N, N), (INF, N), (N, N)],
];

#[rustfmt::skip]
const SINH: Table = [
    [(INF, N), (U, U), (-INF, -0.0), (-INF, 0.0), (U, U), (INF, N), (INF, N)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(0.0, N), (U, U), (-0.0, -0.0), (-0.0, 0.0), (U, U), (0.0, N), (0.0, N)],
    [(0.0, N), (U, U), (0.0, -0.0), (0.0, 0.0), (U, U), (0.0, N), (0.0, N)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(INF, N), (U, U), (INF, -0.0), (INF, 0.0), (U, U), (INF, N), (INF, N)],
    [(N, N), (N, N), (N, -0.0), (N, 0.0), (N, N), (N, N), (N, N)],
];

#[rustfmt::skip]
const SQRT: Table = [
    [(INF, -INF), (0.0, -INF), (0.0, -INF), (0.0, INF), (0.0, INF), (INF, INF), (N, INF)],
    [(INF, -INF), (U, U), (U, U), (U, U), (U, U), (INF, INF), (N, N)],
    [(INF, -INF), (U, U), (0.0, -0.0), (0.0, 0.0), (U, U), (INF, INF), (N, N)],
    [(INF, -INF), (U, U), (0.0, -0.0), (0.0, 0.0), (U, U), (INF, INF), (N, N)],
    [(INF, -INF), (U, U), (U, U), (U, U), (U, U), (INF, INF), (N, N)],
    [(INF, -INF), (INF, -0.0), (INF, -0.0), (INF, 0.0), (INF, 0.0), (INF, INF), (INF, N)],
    [(INF, -INF), (N, N), (N, N), (N, N), (N, N), (INF, INF), (N, N)],
];

#[rustfmt::skip]
const TANH: Table = [
    [(-1.0, 0.0), (U, U), (-1.0, -0.0), (-1.0, 0.0), (U, U), (-1.0, 0.0), (-1.0, 0.0)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(N, N), (U, U), (-0.0, -0.0), (-0.0, 0.0), (U, U), (N, N), (N, N)],
    [(N, N), (U, U), (0.0, -0.0), (0.0, 0.0), (U, U), (N, N), (N, N)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(1.0, 0.0), (U, U), (1.0, -0.0), (1.0, 0.0), (U, U), (1.0, 0.0), (1.0, 0.0)],
    [(N, N), (N, N), (N, -0.0), (N, 0.0), (N, N), (N, N), (N, N)],
];

#[rustfmt::skip]
const RECT: Table = [
    [(INF, N), (U, U), (-INF, 0.0), (-INF, -0.0), (U, U), (INF, N), (INF, N)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(0.0, 0.0), (U, U), (-0.0, 0.0), (-0.0, -0.0), (U, U), (0.0, 0.0), (0.0, 0.0)],
    [(0.0, 0.0), (U, U), (0.0, -0.0), (0.0, 0.0), (U, U), (0.0, 0.0), (0.0, 0.0)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(INF, N), (U, U), (INF, -0.0), (INF, 0.0), (U, U), (INF, N), (INF, N)],
    [(N, N), (N, N), (N, 0.0), (N, 0.0), (N, N), (N, N), (N, N)],
];

// ----- the kernels -----

fn c_sqrt(z: C) -> (C, Errno) {
    if !finite(z) {
        return (special(&SQRT, z), Errno::Ok);
    }
    if z.0 == 0.0 && z.1 == 0.0 {
        return ((0.0, z.1), Errno::Ok);
    }
    let (mut ax, ay) = (z.0.abs(), z.1.abs());
    let s = if ax < DBL_MIN && ay < DBL_MIN {
        // Both parts subnormal: scale up so the hypot keeps full precision.
        let up = 2 * (MANT_DIG / 2) + 1;
        ax = ldexp(ax, up);
        ldexp((ax + ax.hypot(ldexp(ay, up))).sqrt(), -(up + 1) / 2)
    } else {
        ax /= 8.0;
        2.0 * (ax + ax.hypot(ay / 8.0)).sqrt()
    };
    let d = ay / (2.0 * s);
    if z.0 >= 0.0 {
        ((s, d.copysign(z.1)), Errno::Ok)
    } else {
        ((d, s.copysign(z.1)), Errno::Ok)
    }
}

fn c_log(z: C) -> (C, Errno) {
    if !finite(z) {
        return (special(&LOG, z), Errno::Ok);
    }
    let (ax, ay) = (z.0.abs(), z.1.abs());
    let re = if ax > LARGE || ay > LARGE {
        (ax / 2.0).hypot(ay / 2.0).ln() + LN_2
    } else if ax < DBL_MIN && ay < DBL_MIN {
        if ax > 0.0 || ay > 0.0 {
            ldexp(ax, MANT_DIG).hypot(ldexp(ay, MANT_DIG)).ln() - MANT_DIG as f64 * LN_2
        } else {
            return ((-INF, z.1.atan2(z.0)), Domain);
        }
    } else {
        let h = ax.hypot(ay);
        if (0.71..=1.73).contains(&h) {
            let (am, an) = if ax > ay { (ax, ay) } else { (ay, ax) };
            log1p((am - 1.0) * (am + 1.0) + an * an) / 2.0
        } else {
            h.ln()
        }
    };
    ((re, z.1.atan2(z.0)), Errno::Ok)
}

fn c_log10(z: C) -> (C, Errno) {
    let (r, e) = c_log(z);
    ((r.0 / LN_10, r.1 / LN_10), e)
}

fn c_exp(z: C) -> (C, Errno) {
    if !finite(z) {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0.0 {
            if z.0 > 0.0 {
                (INF.copysign(z.1.cos()), INF.copysign(z.1.sin()))
            } else {
                (0f64.copysign(z.1.cos()), 0f64.copysign(z.1.sin()))
            }
        } else {
            special(&EXP, z)
        };
        let e = if z.1.is_infinite() && (z.0.is_finite() || z.0 == INF) {
            Domain
        } else {
            Errno::Ok
        };
        return (r, e);
    }
    let r = if z.0 > log_large() {
        let l = (z.0 - 1.0).exp();
        (l * z.1.cos() * E, l * z.1.sin() * E)
    } else {
        let l = z.0.exp();
        (l * z.1.cos(), l * z.1.sin())
    };
    (r, overflowed(r))
}

fn overflowed(r: C) -> Errno {
    if r.0.is_infinite() || r.1.is_infinite() {
        Range
    } else {
        Errno::Ok
    }
}

fn c_cosh(z: C) -> (C, Errno) {
    if !finite(z) {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0.0 {
            let (c, s) = (INF.copysign(z.1.cos()), INF.copysign(z.1.sin()));
            if z.0 > 0.0 {
                (c, s)
            } else {
                (c, -s)
            }
        } else {
            special(&COSH, z)
        };
        let e = if z.1.is_infinite() && !z.0.is_nan() {
            Domain
        } else {
            Errno::Ok
        };
        return (r, e);
    }
    let r = if z.0.abs() > log_large() {
        let xm1 = z.0 - 1f64.copysign(z.0);
        (z.1.cos() * xm1.cosh() * E, z.1.sin() * xm1.sinh() * E)
    } else {
        (z.1.cos() * z.0.cosh(), z.1.sin() * z.0.sinh())
    };
    (r, overflowed(r))
}

fn c_sinh(z: C) -> (C, Errno) {
    if !finite(z) {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0.0 {
            let (c, s) = (INF.copysign(z.1.cos()), INF.copysign(z.1.sin()));
            if z.0 > 0.0 {
                (c, s)
            } else {
                (-c, s)
            }
        } else {
            special(&SINH, z)
        };
        let e = if z.1.is_infinite() && !z.0.is_nan() {
            Domain
        } else {
            Errno::Ok
        };
        return (r, e);
    }
    let r = if z.0.abs() > log_large() {
        let xm1 = z.0 - 1f64.copysign(z.0);
        (z.1.cos() * xm1.sinh() * E, z.1.sin() * xm1.cosh() * E)
    } else {
        (z.1.cos() * z.0.sinh(), z.1.sin() * z.0.cosh())
    };
    (r, overflowed(r))
}

fn c_tanh(z: C) -> (C, Errno) {
    if !finite(z) {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0.0 {
            let im = 0f64.copysign(2.0 * z.1.sin() * z.1.cos());
            (if z.0 > 0.0 { 1.0 } else { -1.0 }, im)
        } else {
            special(&TANH, z)
        };
        let e = if z.1.is_infinite() && z.0.is_finite() {
            Domain
        } else {
            Errno::Ok
        };
        return (r, e);
    }
    let r = if z.0.abs() > log_large() {
        (
            1f64.copysign(z.0),
            4.0 * z.1.sin() * z.1.cos() * (-2.0 * z.0.abs()).exp(),
        )
    } else {
        // tanh(x+iy) = (tanh x (1 + tan²y) + i tan y / cosh²x) / (1 + tan²y tanh²x)
        let tx = z.0.tanh();
        let ty = z.1.tan();
        let cx = 1.0 / z.0.cosh();
        let txty = tx * ty;
        let denom = 1.0 + txty * txty;
        (tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx)
    };
    (r, Errno::Ok)
}

fn c_acos(z: C) -> (C, Errno) {
    if !finite(z) {
        return (special(&ACOS, z), Errno::Ok);
    }
    let r = if z.0.abs() > LARGE || z.1.abs() > LARGE {
        let l = (z.0 / 2.0).hypot(z.1 / 2.0).ln() + LN_2 * 2.0;
        (z.1.abs().atan2(z.0), -l.copysign(z.1))
    } else {
        let s1 = c_sqrt((1.0 - z.0, -z.1)).0;
        let s2 = c_sqrt((1.0 + z.0, z.1)).0;
        (
            2.0 * s1.0.atan2(s2.0),
            special::asinh(s2.0 * s1.1 - s2.1 * s1.0),
        )
    };
    (r, Errno::Ok)
}

fn c_acosh(z: C) -> (C, Errno) {
    if !finite(z) {
        return (special(&ACOSH, z), Errno::Ok);
    }
    let r = if z.0.abs() > LARGE || z.1.abs() > LARGE {
        (
            (z.0 / 2.0).hypot(z.1 / 2.0).ln() + LN_2 * 2.0,
            z.1.atan2(z.0),
        )
    } else {
        let s1 = c_sqrt((z.0 - 1.0, z.1)).0;
        let s2 = c_sqrt((z.0 + 1.0, z.1)).0;
        (
            special::asinh(s1.0 * s2.0 + s1.1 * s2.1),
            2.0 * s1.1.atan2(s2.0),
        )
    };
    (r, Errno::Ok)
}

fn c_asinh(z: C) -> (C, Errno) {
    if !finite(z) {
        return (special(&ASINH, z), Errno::Ok);
    }
    let r = if z.0.abs() > LARGE || z.1.abs() > LARGE {
        let l = (z.0 / 2.0).hypot(z.1 / 2.0).ln() + LN_2 * 2.0;
        let re = if z.1 >= 0.0 {
            l.copysign(z.0)
        } else {
            -l.copysign(-z.0)
        };
        (re, z.1.atan2(z.0.abs()))
    } else {
        let s1 = c_sqrt((1.0 + z.1, -z.0)).0;
        let s2 = c_sqrt((1.0 - z.1, z.0)).0;
        (
            special::asinh(s1.0 * s2.1 - s2.0 * s1.1),
            z.1.atan2(s1.0 * s2.0 - s1.1 * s2.1),
        )
    };
    (r, Errno::Ok)
}

fn c_atanh(z: C) -> (C, Errno) {
    if !finite(z) {
        return (special(&ATANH, z), Errno::Ok);
    }
    // atanh(-z) = -atanh(z): reduce to a non-negative real part.
    if z.0 < 0.0 {
        let (r, e) = c_atanh((-z.0, -z.1));
        return ((-r.0, -r.1), e);
    }
    let ay = z.1.abs();
    if z.0 > sqrt_large() || ay > sqrt_large() {
        // Large |z|: atanh(z) ≈ 1/z ± iπ/2.
        let h = (z.0 / 2.0).hypot(z.1 / 2.0);
        return ((z.0 / 4.0 / h / h, (PI / 2.0).copysign(z.1)), Errno::Ok);
    }
    if z.0 == 1.0 && ay < sqrt_dbl_min() {
        if ay == 0.0 {
            return ((INF, z.1), Domain);
        }
        let re = -(ay.sqrt() / ay.hypot(2.0).sqrt()).ln();
        return ((re, (2f64.atan2(-ay) / 2.0).copysign(z.1)), Errno::Ok);
    }
    let one_minus = 1.0 - z.0;
    let re = log1p(4.0 * z.0 / (one_minus * one_minus + ay * ay)) / 4.0;
    let im = -(-2.0 * z.1).atan2(one_minus * (1.0 + z.0) - ay * ay) / 2.0;
    ((re, im), Errno::Ok)
}

/// `f(i z)` rotated back by `-i`: asin from asinh, atan from atanh, sin from sinh, tan
/// from tanh.
fn rotated(f: fn(C) -> (C, Errno), z: C) -> (C, Errno) {
    let (s, e) = f((-z.1, z.0));
    ((s.1, -s.0), e)
}

fn c_asin(z: C) -> (C, Errno) {
    rotated(c_asinh, z)
}

fn c_atan(z: C) -> (C, Errno) {
    rotated(c_atanh, z)
}

fn c_sin(z: C) -> (C, Errno) {
    rotated(c_sinh, z)
}

fn c_tan(z: C) -> (C, Errno) {
    rotated(c_tanh, z)
}

fn c_cos(z: C) -> (C, Errno) {
    c_cosh((-z.1, z.0))
}

/// CPython 3.11's `_Py_c_quot` (EDOM on division by zero).
fn c_quot(a: C, b: C) -> (C, Errno) {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return ((0.0, 0.0), Domain);
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        (
            ((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom),
            Errno::Ok,
        )
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        (
            ((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom),
            Errno::Ok,
        )
    } else {
        ((N, N), Errno::Ok)
    }
}

/// CPython's `_Py_c_abs`: an infinite part wins over a NaN; ERANGE on overflow.
fn c_abs(z: C) -> (f64, Errno) {
    if !finite(z) {
        if z.0.is_infinite() {
            return (z.0.abs(), Errno::Ok);
        }
        if z.1.is_infinite() {
            return (z.1.abs(), Errno::Ok);
        }
        return (N, Errno::Ok);
    }
    let r = z.0.hypot(z.1);
    (r, if r.is_finite() { Errno::Ok } else { Range })
}

fn c_rect(r: f64, phi: f64) -> (C, Errno) {
    if !r.is_finite() || !phi.is_finite() {
        let z = if r.is_infinite() && phi.is_finite() && phi != 0.0 {
            let (c, s) = (INF.copysign(phi.cos()), INF.copysign(phi.sin()));
            if r > 0.0 {
                (c, s)
            } else {
                (-c, -s)
            }
        } else {
            special(&RECT, (r, phi))
        };
        let e = if r != 0.0 && !r.is_nan() && phi.is_infinite() {
            Domain
        } else {
            Errno::Ok
        };
        return (z, e);
    }
    if phi == 0.0 {
        // r * phi keeps the sign of a zero angle.
        return ((r, r * phi), Errno::Ok);
    }
    ((r * phi.cos(), r * phi.sin()), Errno::Ok)
}

// ----- arguments and results -----

fn raise(t: &mut Thread, e: Errno) -> ember_vm::errors::Raised {
    match e {
        Range => t.overflow_error("math range error"),
        _ => t.value_error("math domain error"),
    }
}

/// CPython's `PyComplex_AsCComplex`: a complex's value, else `__complex__`, else the
/// argument as a float (`__float__`, `__index__`).
fn complex_arg(t: &mut Thread, v: Value) -> PyResult<C> {
    if complex::is_complex(t, v) {
        return Ok(complex::complex_value(t, v));
    }
    let hv = t.root(v);
    if let Some(c) = protocol::call_special(t, v, ember_vm::symbols::sym::__complex__, &[])? {
        if !complex::is_complex(t, c) {
            let msg = format!(
                "__complex__ returned non-complex (type {})",
                type_::type_name_of(t, c)
            );
            return Err(t.type_error(&msg));
        }
        return Ok(complex::complex_value(t, c));
    }
    Ok((float::as_double(t, t.get(hv))?, 0.0))
}

fn result(t: &mut Thread, (z, e): (C, Errno)) -> PyResult<Value> {
    if e != Errno::Ok {
        return Err(raise(t, e));
    }
    complex::new_complex(t, z.0, z.1)
}

macro_rules! func1 {
    ($($fname:ident $name:literal $kernel:ident;)*) => {
        $(
            fn $fname(t: &mut Thread, a: Args) -> PyResult<Value> {
                a.check(t, concat!("cmath.", $name), 1, 1)?;
                let z = complex_arg(t, a.get(t, 0))?;
                result(t, $kernel(z))
            }
        )*
    };
}

func1! {
    cmath_acos "acos" c_acos;
    cmath_acosh "acosh" c_acosh;
    cmath_asin "asin" c_asin;
    cmath_asinh "asinh" c_asinh;
    cmath_atan "atan" c_atan;
    cmath_atanh "atanh" c_atanh;
    cmath_cos "cos" c_cos;
    cmath_cosh "cosh" c_cosh;
    cmath_exp "exp" c_exp;
    cmath_log10 "log10" c_log10;
    cmath_sin "sin" c_sin;
    cmath_sinh "sinh" c_sinh;
    cmath_sqrt "sqrt" c_sqrt;
    cmath_tan "tan" c_tan;
    cmath_tanh "tanh" c_tanh;
}

fn cmath_log(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "cmath.log")?;
    a.check_positional(t, "log", 1, 2)?;
    let x = complex_arg(t, a.get(t, 0))?;
    let (lx, ex) = c_log(x);
    let r = match a.opt(t, 1) {
        None => (lx, ex),
        Some(base) => {
            // As in CPython, the base's logarithm decides errno; its quotient may add EDOM.
            let y = complex_arg(t, base)?;
            let (ly, ey) = c_log(y);
            let (q, eq) = c_quot(lx, ly);
            (q, if eq != Errno::Ok { eq } else { ey })
        }
    };
    result(t, r)
}

fn cmath_phase(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "cmath.phase", 1, 1)?;
    let z = complex_arg(t, a.get(t, 0))?;
    let phi = z.1.atan2(z.0);
    // glibc's atan2 sets ERANGE when the result underflows to zero, and CPython's phase
    // reports any errno: phase(1e300+1e-300j) raises OverflowError there.
    if phi == 0.0 && z.1 != 0.0 && z.0.is_finite() {
        return Err(raise(t, Range));
    }
    float::new_float(t, phi)
}

fn cmath_polar(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "cmath.polar", 1, 1)?;
    let z = complex_arg(t, a.get(t, 0))?;
    let phi = z.1.atan2(z.0);
    let (r, e) = c_abs(z);
    if e != Errno::Ok {
        return Err(raise(t, e));
    }
    let r = float::new_float(t, r)?;
    let hr = t.root(r);
    let p = float::new_float(t, phi)?;
    tuple::new_tuple(t, &[t.get(hr), p])
}

fn cmath_rect(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "cmath.rect")?;
    a.check_positional(t, "rect", 2, 2)?;
    let r = float::as_double(t, a.get(t, 0))?;
    let phi = float::as_double(t, a.get(t, 1))?;
    result(t, c_rect(r, phi))
}

fn cmath_isfinite(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "cmath.isfinite", 1, 1)?;
    let z = complex_arg(t, a.get(t, 0))?;
    Ok(Value::from_bool(finite(z)))
}

fn cmath_isnan(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "cmath.isnan", 1, 1)?;
    let z = complex_arg(t, a.get(t, 0))?;
    Ok(Value::from_bool(z.0.is_nan() || z.1.is_nan()))
}

fn cmath_isinf(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "cmath.isinf", 1, 1)?;
    let z = complex_arg(t, a.get(t, 0))?;
    Ok(Value::from_bool(z.0.is_infinite() || z.1.is_infinite()))
}

fn cmath_isclose(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 2 {
        let msg = format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            a.len()
        );
        return Err(t.type_error(&msg));
    }
    let p = numeric::bind(t, &a, "isclose", 0, &["a", "b", "rel_tol", "abs_tol"], 2, 2)?;
    let Some(ha) = p[0] else {
        return Err(t.type_error("isclose() missing required argument 'a' (pos 1)"));
    };
    let Some(hb) = p[1] else {
        return Err(t.type_error("isclose() missing required argument 'b' (pos 2)"));
    };
    let x = complex_arg(t, t.get(ha))?;
    let y = complex_arg(t, t.get(hb))?;
    let rel_tol = match p[2] {
        Some(h) => float::as_double(t, t.get(h))?,
        None => 1e-9,
    };
    let abs_tol = match p[3] {
        Some(h) => float::as_double(t, t.get(h))?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(t.value_error("tolerances must be non-negative"));
    }
    if x.0 == y.0 && x.1 == y.1 {
        return Ok(Value::TRUE);
    }
    if x.0.is_infinite() || x.1.is_infinite() || y.0.is_infinite() || y.1.is_infinite() {
        return Ok(Value::FALSE);
    }
    let diff = c_abs((x.0 - y.0, x.1 - y.1)).0;
    let close = diff <= rel_tol * c_abs(y).0 || diff <= rel_tol * c_abs(x).0 || diff <= abs_tol;
    Ok(Value::from_bool(close))
}

pub fn init_cmath(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "cmath")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let functions: &[(&'static str, native::NativeFn)] = &[
        ("acos", cmath_acos),
        ("acosh", cmath_acosh),
        ("asin", cmath_asin),
        ("asinh", cmath_asinh),
        ("atan", cmath_atan),
        ("atanh", cmath_atanh),
        ("cos", cmath_cos),
        ("cosh", cmath_cosh),
        ("exp", cmath_exp),
        ("isclose", cmath_isclose),
        ("isfinite", cmath_isfinite),
        ("isinf", cmath_isinf),
        ("isnan", cmath_isnan),
        ("log", cmath_log),
        ("log10", cmath_log10),
        ("phase", cmath_phase),
        ("polar", cmath_polar),
        ("rect", cmath_rect),
        ("sin", cmath_sin),
        ("sinh", cmath_sinh),
        ("sqrt", cmath_sqrt),
        ("tan", cmath_tan),
        ("tanh", cmath_tanh),
    ];
    for &(name, f) in functions {
        native::add_function(t, t.get(hd), "cmath", name, f)?;
    }
    for (name, value) in [
        ("pi", PI),
        ("e", E),
        ("tau", std::f64::consts::TAU),
        ("inf", INF),
        ("nan", N),
    ] {
        let v = float::new_float(t, value)?;
        dict::set_str(t, t.get(hd), name, v)?;
    }
    for (name, im) in [("infj", INF), ("nanj", N)] {
        let v = complex::new_complex(t, 0.0, im)?;
        dict::set_str(t, t.get(hd), name, v)?;
    }
    Ok(t.get(hm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels() {
        assert_eq!(c_sqrt((-1.0, 0.0)).0, (0.0, 1.0));
        assert_eq!(c_sqrt((4.0, 0.0)).0, (2.0, 0.0));
        assert_eq!(c_log((0.0, 0.0)).1, Domain);
        assert_eq!(c_exp((0.0, 0.0)).0, (1.0, 0.0));
        assert_eq!(c_exp((1000.0, 0.0)).1, Range);
        assert_eq!(c_atanh((1.0, 0.0)).1, Domain);
        assert_eq!(c_quot((1.0, 0.0), (0.0, 0.0)).1, Domain);
        assert_eq!(class(-0.0), 2);
        assert_eq!(c_rect(1.0, 0.0).0, (1.0, 0.0));
    }
}

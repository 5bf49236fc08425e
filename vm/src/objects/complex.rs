//! `complex`: a pair of doubles in a 16-byte Bytes-format object. Subclass instances keep
//! their complex in slot 0.
//!
//! This file owns complex arithmetic with CPython's algorithms (Smith's division, `c_powi`
//! for small integral exponents, `_Py_c_pow` otherwise) and error messages, `complex(...)`
//! construction and string parsing, the repr and format-spec output, and the methods of
//! `complex`.

use ember_gc::Value;

use crate::bytecode::BinaryOp;
use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::float_format::{self as ffmt, ShortFlags};
use crate::objects::format_spec::{self, FormatError, FormatSpec, NumberParts};
use crate::objects::native::{self, Args};
use crate::objects::numeric;
use crate::objects::{float, int, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

pub fn new_complex(t: &mut Thread, re: f64, im: f64) -> PyResult<Value> {
    let obj = t.alloc_bytes(BuiltinType::Complex.layout(), 16)?;
    let b = t.heap.bytes_mut(obj);
    b[..8].copy_from_slice(&re.to_le_bytes());
    b[8..].copy_from_slice(&im.to_le_bytes());
    Ok(obj)
}

#[inline]
pub fn is_exact_complex(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::Complex.layout()
}

#[inline]
pub fn is_complex(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::Complex
}

/// `(re, im)` of a complex (or subclass instance: slot 0).
pub fn complex_value(t: &Thread, v: Value) -> (f64, f64) {
    let v = if t.heap.layout_id(v) == BuiltinType::Complex.layout() {
        v
    } else {
        t.heap.slot(v, 0)
    };
    let b = t.heap.bytes(v);
    let mut re = [0u8; 8];
    let mut im = [0u8; 8];
    re.copy_from_slice(&b[..8]);
    im.copy_from_slice(&b[8..16]);
    (f64::from_le_bytes(re), f64::from_le_bytes(im))
}

/// The value of a complex, float or int operand of a complex operation; Ok(None) for other
/// types (CPython's `TO_COMPLEX`).
pub fn coerce(t: &mut Thread, v: Value) -> PyResult<Option<(f64, f64)>> {
    if is_complex(t, v) {
        return Ok(Some(complex_value(t, v)));
    }
    Ok(float::coerce(t, v)?.map(|f| (f, 0.0)))
}

// ----- arithmetic -----

type C = (f64, f64);

fn prod(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `_Py_c_quot`: None for division by zero.
fn quot(a: C, b: C) -> Option<C> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

fn powu(x: C, n: u64) -> C {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask: u64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = prod(r, p);
        }
        mask <<= 1;
        p = prod(p, p);
    }
    r
}

/// Why a complex power failed (CPython's errno values).
enum PowError {
    Domain,
    Range,
}

fn pow_c(a: C, b: C) -> Result<C, PowError> {
    let r = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        if n > 0 {
            powu(a, n as u64)
        } else {
            quot((1.0, 0.0), powu(a, n.unsigned_abs())).ok_or(PowError::Domain)?
        }
    } else if b.0 == 0.0 && b.1 == 0.0 {
        (1.0, 0.0)
    } else if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(PowError::Domain);
        }
        (0.0, 0.0)
    } else {
        let vabs = a.0.hypot(a.1);
        let mut len = vabs.powf(b.0);
        let at = a.1.atan2(a.0);
        let mut phase = at * b.0;
        if b.1 != 0.0 {
            len /= (at * b.1).exp();
            phase += b.1 * vabs.ln();
        }
        (len * phase.cos(), len * phase.sin())
    };
    if r.0.is_infinite() || r.1.is_infinite() {
        return Err(PowError::Range);
    }
    Ok(r)
}

/// `a ** b` for two complex values, as a new complex.
pub fn pow_values(t: &mut Thread, a: C, b: C) -> PyResult<Value> {
    match pow_c(a, b) {
        Ok(r) => new_complex(t, r.0, r.1),
        Err(PowError::Domain) => Err(t.zero_division("0.0 to a negative or complex power")),
        Err(PowError::Range) => Err(t.overflow_error("complex exponentiation")),
    }
}

/// `a op b` for two complex values (`+ - * / **`); NotImplemented for the others.
pub fn binop_c(t: &mut Thread, op: BinaryOp, a: C, b: C) -> PyResult<Value> {
    use BinaryOp::*;
    let r = match op.base() {
        Add => (a.0 + b.0, a.1 + b.1),
        Subtract => (a.0 - b.0, a.1 - b.1),
        Multiply => prod(a, b),
        TrueDivide => match quot(a, b) {
            Some(r) => r,
            None => return Err(t.zero_division("complex division by zero")),
        },
        Power => return pow_values(t, a, b),
        _ => return Ok(Value::NOT_IMPLEMENTED),
    };
    new_complex(t, r.0, r.1)
}

/// `hash(complex)`.
pub fn hash_c(c: C) -> i64 {
    let hr = protocol::hash_f64(c.0) as u64;
    let hi = protocol::hash_f64(c.1) as u64;
    let h = hr.wrapping_add(1000003u64.wrapping_mul(hi)) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

// ----- text -----

/// `repr(complex)`.
pub fn repr_c(c: C) -> String {
    let plain = ShortFlags::default();
    if c.0 == 0.0 && c.0.is_sign_positive() {
        format!("{}j", ffmt::format_float_short(c.1, 'r', 0, plain))
    } else {
        let re = ffmt::format_float_short(c.0, 'r', 0, plain);
        let im = ffmt::format_float_short(
            c.1,
            'r',
            0,
            ShortFlags {
                sign: true,
                ..plain
            },
        );
        format!("({re}{im}j)")
    }
}

/// `format(complex, spec)` for a parsed, non-empty spec (CPython's
/// `format_complex_internal`).
pub fn format_c(c: C, spec: &FormatSpec, type_name: &str) -> Result<String, FormatError> {
    if !matches!(spec.ty, '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n') {
        return Err(format_spec::unknown_type(spec.ty, type_name));
    }
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err(FormatError::value("precision too big"));
    }
    if spec.fill == '0' {
        return Err(FormatError::value(
            "Zero padding is not allowed in complex format specifier",
        ));
    }
    if spec.align == '=' {
        return Err(FormatError::value(
            "'=' alignment flag is not allowed in complex format specifier",
        ));
    }
    format_spec::check_sizes(spec)?;
    let (re, im) = c;
    let mut flags = ShortFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_0,
        ..Default::default()
    };
    let mut ty = spec.ty;
    let mut default_precision = 6;
    let mut skip_re = false;
    let mut add_parens = false;
    if ty == '\0' {
        ty = 'r';
        default_precision = 0;
        if re == 0.0 && re.is_sign_positive() {
            skip_re = true;
        } else {
            add_parens = true;
        }
    }
    if ty == 'n' {
        ty = 'g';
    }
    let precision = match spec.precision {
        Some(p) => {
            if ty == 'r' {
                ty = 'g';
            }
            p
        }
        None => default_precision,
    };
    if ty.is_ascii_uppercase() {
        flags.upper = true;
        ty = ty.to_ascii_lowercase();
    }
    let re_s = ffmt::format_float_short(re, ty, precision, flags);
    let im_s = ffmt::format_float_short(im, ty, precision, flags);
    let mut part_spec = spec.clone();
    part_spec.fill = ' ';
    part_spec.align = '<';
    part_spec.width = None;
    let re_text = layout_part(&re_s, &part_spec);
    if !skip_re {
        part_spec.sign = '+';
    }
    let im_text = layout_part(&im_s, &part_spec);
    let mut body = String::new();
    if add_parens {
        body.push('(');
    }
    if !skip_re {
        body.push_str(&re_text);
    }
    body.push_str(&im_text);
    body.push('j');
    if add_parens {
        body.push(')');
    }
    let n = body.chars().count();
    let total = spec.width.map_or(n, |w| w.max(n));
    let lpad = match spec.align {
        '>' => total - n,
        '^' => (total - n) / 2,
        _ => 0,
    };
    let rpad = total - n - lpad;
    let mut out = String::with_capacity(total);
    out.extend(std::iter::repeat_n(spec.fill, lpad));
    out.push_str(&body);
    out.extend(std::iter::repeat_n(spec.fill, rpad));
    Ok(out)
}

fn layout_part(body: &str, spec: &FormatSpec) -> String {
    let (sign, rest) = match body.strip_prefix('-') {
        Some(r) => ('-', r),
        None => ('\0', body),
    };
    let n_int = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
    let has_decimal = rest.as_bytes().get(n_int) == Some(&b'.');
    let remainder = &rest[n_int + has_decimal as usize..];
    format_spec::layout_number(
        spec,
        &NumberParts {
            sign,
            prefix: "",
            digits: &rest[..n_int],
            has_decimal,
            remainder,
        },
    )
}

/// Why `complex(text)` failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ParseComplexError {
    /// `complex() arg is a malformed string`.
    Malformed,
    /// Misplaced underscores: `could not convert string to complex: ...`.
    Underscores,
}

/// Parses complex text (after Unicode digits and spaces were mapped to ASCII), as CPython's
/// `complex_from_string_inner` behind `_Py_string_to_number_with_underscores`.
pub fn parse_complex(text: &[u8]) -> Result<C, ParseComplexError> {
    let cleaned;
    let mut s = text;
    if s.contains(&b'_') {
        let mut out = Vec::with_capacity(s.len());
        let mut prev = 0u8;
        for &c in s {
            if c == b'_' {
                if !prev.is_ascii_digit() {
                    return Err(ParseComplexError::Underscores);
                }
            } else {
                out.push(c);
                if prev == b'_' && !c.is_ascii_digit() {
                    return Err(ParseComplexError::Underscores);
                }
            }
            prev = c;
        }
        if prev == b'_' {
            return Err(ParseComplexError::Underscores);
        }
        cleaned = out;
        s = &cleaned;
    }
    let bad = Err(ParseComplexError::Malformed);
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while is_space(at(i)) {
        i += 1;
    }
    let got_bracket = at(i) == b'(';
    if got_bracket {
        i += 1;
        while is_space(at(i)) {
            i += 1;
        }
    }
    let (mut x, mut y) = (0.0, 0.0);
    match ffmt::parse_float_prefix(&s[i..]) {
        Some((z, n)) => {
            i += n;
            if at(i) == b'+' || at(i) == b'-' {
                x = z;
                match ffmt::parse_float_prefix(&s[i..]) {
                    Some((w, m)) => {
                        y = w;
                        i += m;
                    }
                    None => {
                        y = if at(i) == b'+' { 1.0 } else { -1.0 };
                        i += 1;
                    }
                }
                if !(at(i) == b'j' || at(i) == b'J') {
                    return bad;
                }
                i += 1;
            } else if at(i) == b'j' || at(i) == b'J' {
                i += 1;
                y = z;
            } else {
                x = z;
            }
        }
        None => {
            if at(i) == b'+' || at(i) == b'-' {
                y = if at(i) == b'+' { 1.0 } else { -1.0 };
                i += 1;
            } else {
                y = 1.0;
            }
            if !(at(i) == b'j' || at(i) == b'J') {
                return bad;
            }
            i += 1;
        }
    }
    while is_space(at(i)) {
        i += 1;
    }
    if got_bracket {
        if at(i) != b')' {
            return bad;
        }
        i += 1;
        while is_space(at(i)) {
            i += 1;
        }
    }
    if i != s.len() {
        return bad;
    }
    Ok((x, y))
}

// ----- construction -----

/// Whether `v` can be a real or imaginary part: it is a number with `__float__`,
/// `__index__` or a complex.
fn is_numberish(t: &mut Thread, v: Value) -> PyResult<bool> {
    if int::is_int(t, v) || float::is_float(t, v) || is_complex(t, v) {
        return Ok(true);
    }
    let ty = t.type_of(v);
    let h = t.root(ty);
    Ok(
        type_::lookup_sym(t, t.get(h), crate::symbols::sym::__float__).is_some()
            || type_::lookup_sym(t, t.get(h), crate::symbols::sym::__index__).is_some(),
    )
}

/// `complex(r, i)` as CPython's `complex_new_impl` computes it (None = argument absent).
fn complex_from_args(t: &mut Thread, r: Option<Value>, i: Option<Value>) -> PyResult<C> {
    let hi = i.map(|v| t.root(v));
    let Some(r) = r else {
        return match hi {
            None => Ok((0.0, 0.0)),
            Some(h) => imag_part(t, t.get(h), (0.0, 0.0), false),
        };
    };
    if pystr::is_str(t, r) {
        if hi.is_some() {
            return Err(t.type_error("complex() can't take second arg if first is a string"));
        }
        let text = pystr::to_rust_string(t, r);
        let parsed = match crate::objects::int_format::to_ascii_number(&text) {
            Some(a) => parse_complex(&a),
            None => Err(ParseComplexError::Malformed),
        };
        return match parsed {
            Ok(c) => Ok(c),
            Err(ParseComplexError::Malformed) => {
                Err(t.value_error("complex() arg is a malformed string"))
            }
            Err(ParseComplexError::Underscores) => {
                let shown = protocol::repr_string(t, r)?;
                Err(t.value_error(&format!("could not convert string to complex: {shown}")))
            }
        };
    }
    if let Some(h) = hi {
        if pystr::is_str(t, t.get(h)) {
            return Err(t.type_error("complex() second arg can't be a string"));
        }
    }
    let hr = t.root(r);
    // __complex__ first (complex instances use their value directly).
    let mut r = t.get(hr);
    if !is_complex(t, r) {
        if let Some(c) = protocol::call_special(t, r, crate::symbols::sym::__complex__, &[])? {
            if !is_complex(t, c) {
                let msg = format!(
                    "__complex__ returned non-complex (type {})",
                    type_::type_name_of(t, c)
                );
                return Err(t.type_error(&msg));
            }
            r = c;
            t.set(hr, c);
        }
    }
    if !is_numberish(t, r)? {
        let msg = format!(
            "complex() first argument must be a string or a number, not '{}'",
            type_::type_name_of(t, t.get(hr))
        );
        return Err(t.type_error(&msg));
    }
    if let Some(h) = hi {
        if !is_numberish(t, t.get(h))? {
            let msg = format!(
                "complex() second argument must be a number, not '{}'",
                type_::type_name_of(t, t.get(h))
            );
            return Err(t.type_error(&msg));
        }
    }
    let r = t.get(hr);
    let (cr, cr_is_complex) = if is_complex(t, r) {
        (complex_value(t, r), true)
    } else {
        ((float::number_float(t, r)?, 0.0), false)
    };
    match hi {
        None => Ok(cr),
        Some(h) => imag_part(t, t.get(h), cr, cr_is_complex),
    }
}

fn imag_part(t: &mut Thread, i: Value, cr: C, cr_is_complex: bool) -> PyResult<C> {
    let hi = t.root(i);
    let (re, mut im) = if is_complex(t, i) {
        let ci = complex_value(t, i);
        (cr.0 - ci.1, ci.0)
    } else {
        if pystr::is_str(t, i) {
            return Err(t.type_error("complex() second arg can't be a string"));
        }
        if !is_numberish(t, i)? {
            let msg = format!(
                "complex() second argument must be a number, not '{}'",
                type_::type_name_of(t, t.get(hi))
            );
            return Err(t.type_error(&msg));
        }
        (cr.0, float::number_float(t, t.get(hi))?)
    };
    if cr_is_complex {
        im += cr.1;
    }
    Ok((re, im))
}

fn complex_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = numeric::check_new_cls(t, &a, BuiltinType::Complex)?;
    let hcls = t.root(cls);
    let p = numeric::bind(t, &a, "complex", 1, &["real", "imag"], 0, 2)?;
    let r = p[0].map(|h| t.get(h));
    let i = p[1].map(|h| t.get(h));
    if i.is_none() && t.get(hcls) == t.ty(BuiltinType::Complex) {
        if let Some(r) = r {
            if is_exact_complex(t, r) {
                return Ok(r);
            }
        }
    }
    let c = complex_from_args(t, r, i)?;
    let v = new_complex(t, c.0, c.1)?;
    if t.get(hcls) == t.ty(BuiltinType::Complex) {
        return Ok(v);
    }
    numeric::new_subclass_instance(t, t.get(hcls), v)
}

// ----- natives -----

fn complex_binop_method(
    t: &mut Thread,
    a: &Args,
    name: &str,
    op: BinaryOp,
    reflected: bool,
) -> PyResult<Value> {
    numeric::wrapper_args(t, a, name, 1)?;
    let x = complex_value(t, a.get(t, 0));
    let Some(y) = coerce(t, a.get(t, 1))? else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    if reflected {
        binop_c(t, op, y, x)
    } else {
        binop_c(t, op, x, y)
    }
}

macro_rules! complex_binops {
    ($($f:ident $rf:ident $name:literal $rname:literal $op:ident;)*) => {
        $(
            fn $f(t: &mut Thread, a: Args) -> PyResult<Value> {
                complex_binop_method(t, &a, $name, BinaryOp::$op, false)
            }
            fn $rf(t: &mut Thread, a: Args) -> PyResult<Value> {
                complex_binop_method(t, &a, $rname, BinaryOp::$op, true)
            }
        )*
        const COMPLEX_BINOPS: &[(&str, &str, native::NativeFn, native::NativeFn)] = &[
            $(($name, $rname, $f, $rf),)*
        ];
    };
}

complex_binops! {
    complex_add complex_radd "__add__" "__radd__" Add;
    complex_sub complex_rsub "__sub__" "__rsub__" Subtract;
    complex_mul complex_rmul "__mul__" "__rmul__" Multiply;
    complex_truediv complex_rtruediv "__truediv__" "__rtruediv__" TrueDivide;
}

fn complex_pow_common(t: &mut Thread, a: &Args, name: &str, reflected: bool) -> PyResult<Value> {
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
    let x = complex_value(t, a.get(t, 0));
    let Some(y) = coerce(t, a.get(t, 1))? else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    if a.opt(t, 2).is_some_and(|m| !m.is_none()) {
        return Err(t.value_error("complex modulo"));
    }
    if reflected {
        pow_values(t, y, x)
    } else {
        pow_values(t, x, y)
    }
}

fn complex_pow(t: &mut Thread, a: Args) -> PyResult<Value> {
    complex_pow_common(t, &a, "__pow__", false)
}

fn complex_rpow(t: &mut Thread, a: Args) -> PyResult<Value> {
    complex_pow_common(t, &a, "__rpow__", true)
}

fn complex_neg(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__neg__", 0)?;
    let (re, im) = complex_value(t, a.get(t, 0));
    new_complex(t, -re, -im)
}

fn complex_pos(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__pos__", 0)?;
    complex_complex(t, a)
}

/// `abs(c)`: OverflowError when the magnitude overflows with finite parts.
pub fn abs_value(t: &mut Thread, c: C) -> PyResult<f64> {
    let (re, im) = c;
    if re.is_infinite() || im.is_infinite() {
        return Ok(f64::INFINITY);
    }
    if re.is_nan() || im.is_nan() {
        return Ok(f64::NAN);
    }
    let r = re.hypot(im);
    if r.is_infinite() {
        return Err(t.overflow_error("absolute value too large"));
    }
    Ok(r)
}

fn complex_abs(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__abs__", 0)?;
    let c = complex_value(t, a.get(t, 0));
    let r = abs_value(t, c)?;
    float::new_float(t, r)
}

fn complex_bool(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__bool__", 0)?;
    let (re, im) = complex_value(t, a.get(t, 0));
    Ok(Value::from_bool(re != 0.0 || im != 0.0))
}

/// `__complex__`, `__pos__` and the identity parts: an exact complex with the same value.
fn complex_complex(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    if is_exact_complex(t, v) {
        return Ok(v);
    }
    let (re, im) = complex_value(t, v);
    new_complex(t, re, im)
}

fn complex_conjugate(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "complex.conjugate")?;
    let (re, im) = complex_value(t, a.get(t, 0));
    new_complex(t, re, -im)
}

fn complex_real(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (re, _) = complex_value(t, a.get(t, 0));
    float::new_float(t, re)
}

fn complex_imag(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (_, im) = complex_value(t, a.get(t, 0));
    float::new_float(t, im)
}

fn complex_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__hash__", 0)?;
    let h = hash_c(complex_value(t, a.get(t, 0)));
    int::from_i64(t, h)
}

fn complex_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__repr__", 0)?;
    let s = repr_c(complex_value(t, a.get(t, 0)));
    pystr::new_str(t, &s)
}

/// `format(complex, spec)`.
pub fn format_value(t: &mut Thread, v: Value, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        let hv = t.root(v);
        return protocol::str_string(t, t.get(hv));
    }
    let tn = type_::type_name_of(t, v);
    let c = complex_value(t, v);
    let r = format_spec::parse(spec, &tn, '>').and_then(|p| format_c(c, &p, &tn));
    r.map_err(|e| int::raise_format_error(t, e))
}

fn complex_format(t: &mut Thread, a: Args) -> PyResult<Value> {
    let spec = int::format_spec_arg(t, &a, "complex")?;
    let s = format_value(t, a.get(t, 0), &spec)?;
    pystr::new_str(t, &s)
}

/// `complex == other` (None when `other` is not a number: NotImplemented).
pub fn eq_value(t: &mut Thread, c: C, other: Value) -> PyResult<Option<bool>> {
    if int::is_int(t, other) {
        if c.1 != 0.0 {
            return Ok(Some(false));
        }
        return Ok(float::compare_with(t, c.0, other).map(|o| o == Some(std::cmp::Ordering::Equal)));
    }
    if float::is_float(t, other) {
        return Ok(Some(c.0 == float::float_value(t, other) && c.1 == 0.0));
    }
    if is_complex(t, other) {
        let d = complex_value(t, other);
        return Ok(Some(c.0 == d.0 && c.1 == d.1));
    }
    Ok(None)
}

fn complex_eq_common(t: &mut Thread, a: &Args, name: &str, negate: bool) -> PyResult<Value> {
    numeric::wrapper_args(t, a, name, 1)?;
    let c = complex_value(t, a.get(t, 0));
    match eq_value(t, c, a.get(t, 1))? {
        Some(e) => Ok(Value::from_bool(e != negate)),
        None => Ok(Value::NOT_IMPLEMENTED),
    }
}

fn complex_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    complex_eq_common(t, &a, "__eq__", false)
}

fn complex_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    complex_eq_common(t, &a, "__ne__", true)
}

fn complex_getnewargs(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "complex.__getnewargs__")?;
    let (re, im) = complex_value(t, a.get(t, 0));
    let r = float::new_float(t, re)?;
    let hr = t.root(r);
    let i = float::new_float(t, im)?;
    tuple::new_tuple(t, &[t.get(hr), i])
}

fn complex_sizeof(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::no_args(t, &a, "complex.__sizeof__")?;
    Ok(Value::small_int(32))
}

/// Adds the methods of `complex` to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::Complex);
    let h = t.root(ty);
    native::add_static(t, t.get(h), "__new__", complex_new)?;
    for &(name, rname, f, rf) in COMPLEX_BINOPS {
        native::add_method(t, t.get(h), name, f)?;
        native::add_method(t, t.get(h), rname, rf)?;
    }
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__pow__", complex_pow),
        ("__rpow__", complex_rpow),
        ("__neg__", complex_neg),
        ("__pos__", complex_pos),
        ("__abs__", complex_abs),
        ("__bool__", complex_bool),
        ("__complex__", complex_complex),
        ("__hash__", complex_hash),
        ("__repr__", complex_repr),
        ("__format__", complex_format),
        ("__eq__", complex_eq),
        ("__ne__", complex_ne),
        ("__getnewargs__", complex_getnewargs),
        ("__sizeof__", complex_sizeof),
        ("conjugate", complex_conjugate),
    ];
    for &(name, f) in methods {
        native::add_method(t, t.get(h), name, f)?;
    }
    use crate::objects::descriptors::add_getset;
    add_getset(t, t.get(h), "real", complex_real, None)?;
    add_getset(t, t.get(h), "imag", complex_imag, None)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<C, ParseComplexError> {
        parse_complex(s.as_bytes())
    }

    #[test]
    fn parses_like_cpython() {
        assert_eq!(p("1+2j"), Ok((1.0, 2.0)));
        assert_eq!(p(" ( 1+2j ) "), Ok((1.0, 2.0)));
        assert_eq!(p("j"), Ok((0.0, 1.0)));
        assert_eq!(p("-j"), Ok((0.0, -1.0)));
        assert_eq!(p("1-j"), Ok((1.0, -1.0)));
        assert_eq!(p("1e3J"), Ok((0.0, 1000.0)));
        assert_eq!(p("1_0+2_0j"), Ok((10.0, 20.0)));
        assert_eq!(p("2"), Ok((2.0, 0.0)));
        assert_eq!(p("1e"), Err(ParseComplexError::Malformed));
        assert_eq!(p("(1+2j"), Err(ParseComplexError::Malformed));
        assert_eq!(p(""), Err(ParseComplexError::Malformed));
        assert_eq!(p("1__0j"), Err(ParseComplexError::Underscores));
        assert!(p("nan+infj").is_ok_and(|c| c.0.is_nan() && c.1.is_infinite()));
    }

    #[test]
    fn reprs_and_formats() {
        assert_eq!(repr_c((1.0, 2.0)), "(1+2j)");
        assert_eq!(repr_c((0.0, 2.0)), "2j");
        assert_eq!(repr_c((-0.0, 2.0)), "(-0+2j)");
        assert_eq!(repr_c((1.0, f64::NAN)), "(1+nanj)");
        assert_eq!(repr_c((1.5, -0.0)), "(1.5-0j)");
        let f = |c: C, s: &str| {
            format_c(
                c,
                &format_spec::parse(s, "complex", '>').unwrap(),
                "complex",
            )
            .unwrap()
        };
        assert_eq!(f((1.0, 2.0), ".2f"), "1.00+2.00j");
        assert_eq!(f((1.0, 2.0), "^15"), "    (1+2j)     ");
        assert_eq!(f((0.0, 2.0), "+"), "+2j");
        assert_eq!(f((3.0, -4.0), "10.1e"), "3.0e+00-4.0e+00j");
        assert_eq!(f((3.0, -4.0), "20.1e"), "    3.0e+00-4.0e+00j");
    }

    #[test]
    fn pow_and_quot() {
        assert_eq!(quot((1.0, 0.0), (0.0, 0.0)), None);
        assert!(matches!(
            pow_c((0.0, 0.0), (-1.0, 0.0)),
            Err(PowError::Domain)
        ));
        assert!(matches!(
            pow_c((1.0, 2.0), (1000.0, 0.0)),
            Err(PowError::Range)
        ));
        let r = pow_c((0.0, 1.0), (2.0, 0.0)).ok().unwrap();
        assert_eq!(r, (-1.0, 0.0));
    }
}

//! Text conversions of `float`: `repr` (shortest round-trip), the format-spec mini-language
//! (`e f g % n` and none, as CPython's `format_float_internal` and `format_float_short`),
//! `float(text)` parsing, `float.hex`/`float.fromhex`, and `round(x, ndigits)` with CPython's
//! correctly rounded decimal semantics.
//!
//! Decimal digit generation uses Rust's float formatting, which is exact: the shortest
//! round-trip digits for `{:e}`, and correctly rounded (ties to even on the exact binary
//! value) digits for explicit precisions — the same results as David Gay's `dtoa` that
//! CPython uses. Pure Rust; nothing here touches values or the thread.

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::Zero;

use crate::objects::float_convert;
use crate::objects::format_spec::{self, FormatError, FormatSpec, NumberParts};

/// Digit-generation modes of `dtoa` (CPython's modes 0, 2 and 3).
#[derive(Copy, Clone, Debug)]
pub enum Digits {
    /// The shortest digit string that rounds back to the same double.
    Shortest,
    /// `n >= 1` significant digits.
    Significant(usize),
    /// `n` digits after the decimal point.
    Fixed(usize),
}

/// The decimal digits of `|x|` (finite) in `mode`: `(digits, decpt)` meaning
/// `0.digits * 10**decpt`, with no leading or trailing zeros. Zero gives `("0", 1)`; a value
/// that rounds to zero in `Fixed` mode gives `("", -n)`, as `dtoa` does.
pub fn dtoa(x: f64, mode: Digits) -> (String, i32) {
    let x = x.abs();
    if x == 0.0 {
        return ("0".into(), 1);
    }
    match mode {
        Digits::Shortest => {
            let (digits, decpt) = from_exp_form(&format!("{x:e}"));
            // Rust's shortest digits round ties away from zero; dtoa picks the correctly
            // rounded string of that length (ties to even) whenever it also round-trips.
            // Ties need long digit strings, so shorter results are final. A tie also needs
            // an exact expansion of at most 17 significant digits; for x = m * 2**e (m odd,
            // e < 0) that expansion is m * 5**-e, longer than 17 digits once e < -24.
            let n = digits.len();
            if n >= 15 && float_convert::decompose(x).1 >= -26 {
                let exact = format!("{:.*e}", n - 1, x);
                if exact.parse::<f64>().ok() == Some(x) {
                    return from_exp_form(&exact);
                }
            }
            (digits, decpt)
        }
        // A double's exact decimal expansion has at most 767 significant digits and 1074
        // digits after the point, so longer requests only add trailing zeros (which dtoa
        // trims). Capping them also keeps within Rust's formatting precision limit.
        Digits::Significant(n) => from_exp_form(&format!("{:.*e}", n.clamp(1, 800) - 1, x)),
        Digits::Fixed(n) => {
            let p = n.min(1100);
            let s = format!("{x:.p$}");
            let (int_part, frac) = s.split_once('.').unwrap_or((&s, ""));
            let mut all = String::with_capacity(int_part.len() + frac.len());
            all.push_str(int_part);
            all.push_str(frac);
            let lead = all.bytes().take_while(|&b| b == b'0').count();
            if lead == all.len() {
                return (String::new(), -(n as i32));
            }
            let decpt = int_part.len() as i32 - lead as i32;
            let digits = all[lead..].trim_end_matches('0').to_string();
            (digits, decpt)
        }
    }
}

/// Splits Rust's `d.ddde±x` into trimmed digits and the decimal-point position.
fn from_exp_form(s: &str) -> (String, i32) {
    let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let trimmed = digits.trim_end_matches('0').len().max(1);
    digits.truncate(trimmed);
    (digits, exp + 1)
}

/// Options of `format_float_short` (CPython's `Py_DTSF_*` flags).
#[derive(Copy, Clone, Debug, Default)]
pub struct ShortFlags {
    /// Always show a sign (`+` for non-negative values and NaNs).
    pub sign: bool,
    pub add_dot_0: bool,
    pub alt: bool,
    pub no_neg_0: bool,
    pub upper: bool,
}

/// CPython's `format_float_short`: `code` is `e`, `f`, `g` or `r` (`r` = repr digits, for
/// which `precision` is unused).
pub fn format_float_short(x: f64, code: char, precision: usize, flags: ShortFlags) -> String {
    if !x.is_finite() {
        let mut out = String::new();
        if x.is_nan() {
            if flags.sign {
                out.push('+');
            }
            out.push_str(if flags.upper { "NAN" } else { "nan" });
        } else {
            if x < 0.0 {
                out.push('-');
            } else if flags.sign {
                out.push('+');
            }
            out.push_str(if flags.upper { "INF" } else { "inf" });
        }
        return out;
    }
    let mut precision = precision as i64;
    let mode = match code {
        'e' => {
            precision += 1;
            Digits::Significant(precision as usize)
        }
        'f' => Digits::Fixed(precision as usize),
        'g' => {
            if precision == 0 {
                precision = 1;
            }
            Digits::Significant(precision as usize)
        }
        _ => Digits::Shortest,
    };
    let (digits, decpt) = dtoa(x, mode);
    let mut negative = x.is_sign_negative();
    let digits_len = digits.len() as i64;
    if flags.no_neg_0 && negative && (digits.is_empty() || digits == "0") {
        negative = false;
    }
    let mut decpt = decpt as i64;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if flags.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if flags.alt {
                vdigits_end = precision;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    if !use_exp && flags.add_dot_0 {
        vdigits_end = vdigits_end.max(decpt + 1);
    } else {
        vdigits_end = vdigits_end.max(decpt);
    }
    let mut out = String::with_capacity((vdigits_end - vdigits_start) as usize + 8);
    if negative {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }
    let zeros = |out: &mut String, n: i64| {
        for _ in 0..n.max(0) {
            out.push('0');
        }
    };
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    } else {
        out.push_str(&digits);
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        out.push(if flags.upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

/// `repr(x)` / `str(x)`.
pub fn repr(x: f64) -> String {
    format_float_short(
        x,
        'r',
        0,
        ShortFlags {
            add_dot_0: true,
            ..Default::default()
        },
    )
}

/// `format(x, spec)` for a parsed spec whose type is a float presentation type or none
/// (CPython's `format_float_internal`). The caller handles the empty spec (`str(x)`).
pub fn format_float(x: f64, spec: &FormatSpec, type_name: &str) -> Result<String, FormatError> {
    if !matches!(
        spec.ty,
        '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%'
    ) {
        return Err(format_spec::unknown_type(spec.ty, type_name));
    }
    let body = float_body(x, spec)?;
    Ok(layout_float(&body, spec))
}

/// The digits part of a formatted float (sign included, no padding).
pub fn float_body(x: f64, spec: &FormatSpec) -> Result<String, FormatError> {
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err(FormatError::value("precision too big"));
    }
    format_spec::check_sizes(spec)?;
    let mut flags = ShortFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_0,
        ..Default::default()
    };
    let mut ty = spec.ty;
    let mut default_precision = 6;
    if ty == '\0' {
        flags.add_dot_0 = true;
        ty = 'r';
        default_precision = 0;
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut x = x;
    let mut add_pct = false;
    if ty == '%' {
        ty = 'f';
        x *= 100.0;
        add_pct = true;
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
    let mut s = format_float_short(x, ty, precision, flags);
    if add_pct {
        s.push('%');
    }
    Ok(s)
}

/// Pads and groups a float body as `fill_number` does.
pub fn layout_float(body: &str, spec: &FormatSpec) -> String {
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

/// Parses ASCII float text as `float(text)` does after Unicode digits and spaces were
/// mapped to ASCII (CPython's `_Py_string_to_number_with_underscores` +
/// `float_from_string_inner`): surrounding whitespace, single underscores between digits,
/// decimal literals and `inf`/`infinity`/`nan` in any case. None when invalid.
pub fn parse_float(text: &[u8]) -> Option<f64> {
    let mut cleaned;
    let mut s = text;
    if s.contains(&b'_') {
        cleaned = Vec::with_capacity(s.len());
        let mut prev = 0u8;
        for &c in s {
            if c == b'_' {
                if !prev.is_ascii_digit() {
                    return None;
                }
            } else {
                cleaned.push(c);
                if prev == b'_' && !c.is_ascii_digit() {
                    return None;
                }
            }
            prev = c;
        }
        if prev == b'_' {
            return None;
        }
        s = &cleaned;
    }
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let start = s.iter().position(|b| !is_space(b))?;
    let end = s.iter().rposition(|b| !is_space(b))? + 1;
    let s = &s[start..end];
    let body = match s.first() {
        Some(b'+') | Some(b'-') => &s[1..],
        _ => s,
    };
    let lower = body.to_ascii_lowercase();
    if lower == b"inf" || lower == b"infinity" || lower == b"nan" {
        let v = if lower == b"nan" {
            f64::NAN
        } else {
            f64::INFINITY
        };
        return Some(if s[0] == b'-' { -v } else { v });
    }
    // [digits][.digits][(e|E)[sign]digits], at least one mantissa digit.
    let mut i = 0;
    let n = body.len();
    let mut mant_digits = 0;
    while i < n && body[i].is_ascii_digit() {
        i += 1;
        mant_digits += 1;
    }
    if i < n && body[i] == b'.' {
        i += 1;
        while i < n && body[i].is_ascii_digit() {
            i += 1;
            mant_digits += 1;
        }
    }
    if mant_digits == 0 {
        return None;
    }
    if i < n && (body[i] == b'e' || body[i] == b'E') {
        i += 1;
        if i < n && (body[i] == b'+' || body[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < n && body[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != n {
        return None;
    }
    let text = std::str::from_utf8(s).ok()?;
    text.parse::<f64>().ok()
}

/// The longest prefix of `s` that is a float literal (CPython's `_PyOS_ascii_strtod` with
/// an end pointer): `(value, bytes consumed)`, or None when no prefix parses. No whitespace
/// or underscores are accepted.
pub fn parse_float_prefix(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    if matches!(s.first(), Some(b'+') | Some(b'-')) {
        i = 1;
    }
    let negative = s.first() == Some(&b'-');
    let rest = &s[i..];
    let starts =
        |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);
    if starts(b"infinity") || starts(b"inf") {
        let n = if starts(b"infinity") { 8 } else { 3 };
        return Some((
            if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            },
            i + n,
        ));
    }
    if starts(b"nan") {
        return Some((if negative { -f64::NAN } else { f64::NAN }, i + 3));
    }
    let mut j = i;
    let mut digits = 0;
    while j < s.len() && s[j].is_ascii_digit() {
        j += 1;
        digits += 1;
    }
    if j < s.len() && s[j] == b'.' {
        let mut k = j + 1;
        let mut frac = 0;
        while k < s.len() && s[k].is_ascii_digit() {
            k += 1;
            frac += 1;
        }
        if digits + frac > 0 {
            j = k;
            digits += frac;
        }
    }
    if digits == 0 {
        return None;
    }
    if j < s.len() && (s[j] == b'e' || s[j] == b'E') {
        let mut k = j + 1;
        if k < s.len() && (s[k] == b'+' || s[k] == b'-') {
            k += 1;
        }
        let start = k;
        while k < s.len() && s[k].is_ascii_digit() {
            k += 1;
        }
        if k > start {
            j = k;
        }
    }
    let text = std::str::from_utf8(&s[..j]).ok()?;
    text.parse::<f64>().ok().map(|f| (f, j))
}

/// `float.hex()`.
pub fn to_hex(x: f64) -> String {
    if !x.is_finite() {
        return repr(x);
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0x0.0p+0".into()
        } else {
            "0x0.0p+0".into()
        };
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    // Normal numbers print as 1.xxx; subnormals as 0.xxx with the minimum exponent.
    let (lead, exp) = if biased == 0 {
        (0, -1022)
    } else {
        (1, biased - 1023)
    };
    format!(
        "{}0x{}.{:013x}p{}{}",
        if x < 0.0 { "-" } else { "" },
        lead,
        frac,
        if exp < 0 { '-' } else { '+' },
        exp.abs()
    )
}

/// Why `float.fromhex` failed.
#[derive(Debug, PartialEq, Eq)]
pub enum FromHexError {
    Invalid,
    Overflow,
}

/// `float.fromhex(text)`.
pub fn from_hex(text: &str) -> Result<f64, FromHexError> {
    let s = text.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let mut i = 0;
    let n = s.len();
    while i < n && is_space(s[i]) {
        i += 1;
    }
    let mut end = n;
    while end > i && is_space(s[end - 1]) {
        end -= 1;
    }
    let s = &s[i..end];
    let (negative, body) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    if lower == b"inf" || lower == b"infinity" {
        return Ok(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == b"nan" {
        return Ok(f64::NAN);
    }
    let mut body = body;
    if lower.starts_with(b"0x") {
        body = &body[2..];
    }
    let n = body.len();
    let mut i = 0;
    let mut mant = BigUint::zero();
    let mut frac_digits: i64 = 0;
    let mut ndigits = 0;
    while i < n && body[i].is_ascii_hexdigit() {
        mant = (mant << 4usize) + BigUint::from((body[i] as char).to_digit(16).unwrap_or(0));
        i += 1;
        ndigits += 1;
    }
    if i < n && body[i] == b'.' {
        i += 1;
        while i < n && body[i].is_ascii_hexdigit() {
            mant = (mant << 4usize) + BigUint::from((body[i] as char).to_digit(16).unwrap_or(0));
            i += 1;
            ndigits += 1;
            frac_digits += 1;
        }
    }
    if ndigits == 0 {
        return Err(FromHexError::Invalid);
    }
    let mut exp: i64 = 0;
    if i < n && (body[i] == b'p' || body[i] == b'P') {
        i += 1;
        let mut eneg = false;
        if i < n && (body[i] == b'+' || body[i] == b'-') {
            eneg = body[i] == b'-';
            i += 1;
        }
        let start = i;
        while i < n && body[i].is_ascii_digit() {
            // Saturate: such exponents overflow or underflow regardless of the digits.
            exp = (exp.saturating_mul(10))
                .saturating_add((body[i] - b'0') as i64)
                .min(1 << 40);
            i += 1;
        }
        if i == start {
            return Err(FromHexError::Invalid);
        }
        if eneg {
            exp = -exp;
        }
    }
    if i != n {
        return Err(FromHexError::Invalid);
    }
    let f =
        float_convert::round_biguint(&mant, exp - 4 * frac_digits).ok_or(FromHexError::Overflow)?;
    Ok(if negative { -f } else { f })
}

/// `round(x, ndigits)` overflowed (`OverflowError: rounded value too large to represent`).
#[derive(Debug, PartialEq, Eq)]
pub struct RoundOverflow;

/// `round(x, ndigits)` for finite or non-finite `x`.
pub fn round(x: f64, ndigits: i64) -> Result<f64, RoundOverflow> {
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return Ok(x);
    }
    if ndigits < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    let text = if ndigits >= 0 {
        format!("{:.*}", ndigits as usize, x)
    } else {
        // Round |x| / 10**k to an integer, ties to even, exactly.
        let k = (-ndigits) as u32;
        let (m, e) = float_convert::decompose(x.abs());
        let pow10 = BigInt::from(10u32).pow(k);
        let (num, den) = if e >= 0 {
            (BigInt::from(m) << (e as usize), pow10)
        } else {
            (BigInt::from(m), pow10 << ((-e) as usize))
        };
        let (q, r) = num.div_rem(&den);
        let twice = r << 1usize;
        let q = match twice.cmp(&den) {
            std::cmp::Ordering::Greater => q + 1,
            std::cmp::Ordering::Equal if q.is_odd() => q + 1,
            _ => q,
        };
        let sign = if x.is_sign_negative() { "-" } else { "" };
        if q.is_zero() {
            format!("{sign}0")
        } else {
            format!("{sign}{q}e{k}")
        }
    };
    let r: f64 = text.parse().unwrap_or(f64::NAN);
    if r.is_infinite() {
        return Err(RoundOverflow);
    }
    Ok(r)
}

/// `round(x)` (no ndigits): the nearest integer, ties to even, as a float.
pub fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - r).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(x: f64, spec: &str) -> String {
        let s = format_spec::parse(spec, "float", '>').unwrap();
        format_float(x, &s, "float").unwrap()
    }

    #[test]
    fn reprs() {
        assert_eq!(repr(0.1), "0.1");
        assert_eq!(repr(1e16), "1e+16");
        assert_eq!(repr(1e15), "1000000000000000.0");
        assert_eq!(repr(1e-5), "1e-05");
        assert_eq!(repr(0.0001), "0.0001");
        assert_eq!(repr(-0.0), "-0.0");
        assert_eq!(repr(5e-324), "5e-324");
        assert_eq!(repr(1.7976931348623157e308), "1.7976931348623157e+308");
        assert_eq!(repr(123456789012345678.0), "1.2345678901234568e+17");
        assert_eq!(repr(f64::NAN), "nan");
        assert_eq!(repr(f64::NEG_INFINITY), "-inf");
        assert_eq!(repr(2.0f64.powi(53) + 8.0 * 2.0), "9007199254741008.0");
    }

    #[test]
    fn formats() {
        assert_eq!(fmt(1.23456, ".2f"), "1.23");
        assert_eq!(fmt(2.5, ".0f"), "2");
        assert_eq!(fmt(0.125, ".2f"), "0.12");
        assert_eq!(fmt(1234567.891, ",.2f"), "1,234,567.89");
        assert_eq!(fmt(1e-7, "g"), "1e-07");
        assert_eq!(fmt(123456789.0, "g"), "1.23457e+08");
        assert_eq!(fmt(100.0, "g"), "100");
        assert_eq!(fmt(100.0, "#g"), "100.000");
        assert_eq!(fmt(0.5, "%"), "50.000000%");
        assert_eq!(fmt(0.5, ".1%"), "50.0%");
        assert_eq!(fmt(1.5, "e"), "1.500000e+00");
        assert_eq!(fmt(1.5, "E"), "1.500000E+00");
        assert_eq!(fmt(f64::INFINITY, "F"), "INF");
        assert_eq!(fmt(f64::INFINITY, "010"), "0000000inf");
        assert_eq!(fmt(-1.5, "010.2f"), "-000001.50");
        assert_eq!(fmt(1.0, ""), "1.0");
        assert_eq!(fmt(1e16, ".3"), "1e+16");
        assert_eq!(fmt(12.0, ".3"), "12.0");
        assert_eq!(fmt(123.0, ".3"), "1.23e+02");
        assert_eq!(fmt(-0.0001, "z.2f"), "0.00");
        assert_eq!(fmt(-0.0, "z"), "0.0");
        assert_eq!(fmt(1234.5, "_"), "1_234.5");
        assert_eq!(fmt(1e20, ","), "1e+20");
        assert_eq!(fmt(12345.678, "015,.2f"), "0,000,012,345.68");
        assert_eq!(fmt(3.0, "#.0f"), "3.");
        assert_eq!(fmt(3.0, "#.0e"), "3.e+00");
    }

    #[test]
    fn parses() {
        let p = |s: &str| parse_float(s.as_bytes());
        assert_eq!(p(" 1_000.5 "), Some(1000.5));
        assert_eq!(p("1e5"), Some(1e5));
        assert_eq!(p(".5"), Some(0.5));
        assert_eq!(p("5."), Some(5.0));
        assert_eq!(p("1.e5"), Some(1e5));
        assert_eq!(p("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(p("nAn").is_some_and(|f| f.is_nan()));
        assert_eq!(p("1e500"), Some(f64::INFINITY));
        assert_eq!(p("1__0"), None);
        assert_eq!(p("1_e5"), None);
        assert_eq!(p("_1"), None);
        assert_eq!(p("1e"), None);
        assert_eq!(p("."), None);
        assert_eq!(p(""), None);
        assert_eq!(p("infinit"), None);
        assert_eq!(p("0x10"), None);
        assert_eq!(p("1.5\x1c"), None);
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(to_hex(1.5), "0x1.8000000000000p+0");
        assert_eq!(to_hex(0.1), "0x1.999999999999ap-4");
        assert_eq!(to_hex(5e-324), "0x0.0000000000001p-1022");
        assert_eq!(to_hex(-0.0), "-0x0.0p+0");
        assert_eq!(from_hex("0x1.8p1"), Ok(3.0));
        assert_eq!(from_hex(" -0X.8p-1 "), Ok(-0.25));
        assert_eq!(from_hex("1p1024"), Err(FromHexError::Overflow));
        assert_eq!(
            from_hex("0x1.fffffffffffff8p1023"),
            Err(FromHexError::Overflow)
        );
        assert_eq!(from_hex("0x1p-1075"), Ok(0.0));
        assert_eq!(from_hex("0x1.8p-1074"), Ok(1e-323));
        assert_eq!(from_hex("zz"), Err(FromHexError::Invalid));
        assert_eq!(from_hex("0x"), Err(FromHexError::Invalid));
    }

    #[test]
    fn rounds() {
        assert_eq!(round(2.675, 2), Ok(2.67));
        assert_eq!(round(1234.5678, -2), Ok(1200.0));
        assert_eq!(round(1250.0, -2), Ok(1200.0));
        assert_eq!(round(1350.0, -2), Ok(1400.0));
        assert_eq!(round(0.5, 0), Ok(0.0));
        assert_eq!(round(1e308, -308), Ok(1e308));
        assert_eq!(round(1.7976931348623157e308, -308), Err(RoundOverflow));
        assert!(round(-0.4, 0).unwrap().is_sign_negative());
        assert_eq!(round_half_even(2.5), 2.0);
        assert_eq!(round_half_even(-3.5), -4.0);
    }
}

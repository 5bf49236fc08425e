//! Text conversions of `int`: parsing `int(text, base)` with CPython's rules (sign, base
//! prefixes, single underscores between digits, surrounding whitespace, Unicode decimal
//! digits, the integer-string conversion length limit) and formatting ints for `str`,
//! `bin`/`oct`/`hex` and the format-spec mini-language.
//!
//! Pure Rust over `num_bigint::BigInt`: nothing here touches values or the thread.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};

use crate::objects::format_spec::{self, FormatError, FormatSpec, NumberParts};

/// CPython's default `sys.get_int_max_str_digits()`.
pub const DEFAULT_MAX_STR_DIGITS: usize = 4300;

/// Why `int(text, base)` failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ParseIntError {
    /// `invalid literal for int() with base N: ...` (N is the base the caller passed).
    Invalid,
    /// More decimal digits than the conversion limit allows; carries the digit count.
    TooManyDigits { digits: usize },
}

/// The first code points of the 66 Unicode blocks of ten decimal digits (category Nd), each
/// block being `0`..`9` in order.
const DECIMAL_BLOCKS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The value of a Unicode decimal digit (`Py_UNICODE_TODECIMAL`).
pub fn decimal_value(c: char) -> Option<u32> {
    let n = c as u32;
    let i = DECIMAL_BLOCKS.partition_point(|&s| s <= n);
    if i == 0 {
        return None;
    }
    let d = n - DECIMAL_BLOCKS[i - 1];
    (d < 10).then_some(d)
}

/// Python's `str.isspace` (`Py_UNICODE_ISSPACE`).
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// C's `isspace` on ASCII (`Py_ISSPACE`), used once text is reduced to ASCII.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`: non-ASCII whitespace becomes a
/// space and Unicode decimal digits their ASCII digit. Any other non-ASCII character makes
/// the text unparseable (None).
pub fn to_ascii_number(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if is_py_space(c) {
            out.push(b' ');
        } else {
            out.push(b'0' + decimal_value(c)? as u8);
        }
    }
    Some(out)
}

fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => (b - b'0') as u32,
        b'a'..=b'z' => (b - b'a') as u32 + 10,
        b'A'..=b'Z' => (b - b'A') as u32 + 10,
        _ => 99,
    }
}

/// Parses ASCII `text` as `int(text, base)` does (CPython's `PyLong_FromString`), `base` being
/// 0 or 2..=36 (the caller checks). `max_digits` is the conversion limit for bases that are
/// not powers of two (0 = unlimited).
pub fn parse_int(text: &[u8], base: u32, max_digits: usize) -> Result<BigInt, ParseIntError> {
    let invalid = || Err(ParseIntError::Invalid);
    let mut s = text;
    while let Some((&b, rest)) = s.split_first() {
        if !is_ascii_space(b) {
            break;
        }
        s = rest;
    }
    let mut negative = false;
    match s.first() {
        Some(b'+') => s = &s[1..],
        Some(b'-') => {
            negative = true;
            s = &s[1..];
        }
        _ => {}
    }
    let at = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(0);
    let mut base = base;
    let mut error_if_nonzero = false;
    if base == 0 {
        base = if at(s, 0) != b'0' {
            10
        } else {
            match at(s, 1) {
                b'x' | b'X' => 16,
                b'o' | b'O' => 8,
                b'b' | b'B' => 2,
                _ => {
                    error_if_nonzero = true;
                    10
                }
            }
        };
    }
    if at(s, 0) == b'0'
        && ((base == 16 && matches!(at(s, 1), b'x' | b'X'))
            || (base == 8 && matches!(at(s, 1), b'o' | b'O'))
            || (base == 2 && matches!(at(s, 1), b'b' | b'B')))
    {
        s = &s[2..];
        if at(s, 0) == b'_' {
            s = &s[1..];
        }
    }
    if at(s, 0) == b'_' {
        return invalid();
    }
    let mut digits = Vec::with_capacity(s.len());
    let mut i = 0;
    let mut prev = 0u8;
    while i < s.len() && (digit_value(s[i]) < base || s[i] == b'_') {
        if s[i] == b'_' {
            if prev == b'_' {
                return invalid();
            }
        } else {
            digits.push(s[i]);
        }
        prev = s[i];
        i += 1;
    }
    if prev == b'_' {
        return invalid();
    }
    if digits.is_empty() {
        return invalid();
    }
    if !base.is_power_of_two() && max_digits > 0 && digits.len() > max_digits {
        return Err(ParseIntError::TooManyDigits {
            digits: digits.len(),
        });
    }
    while i < s.len() && is_ascii_space(s[i]) {
        i += 1;
    }
    if i != s.len() {
        return invalid();
    }
    let Some(mut value) = BigInt::parse_bytes(&digits, base) else {
        return invalid();
    };
    if error_if_nonzero && !value.is_zero() {
        return invalid();
    }
    if negative {
        value = -value;
    }
    Ok(value)
}

/// The message of `ParseIntError::TooManyDigits`.
pub fn too_many_digits_to_int(limit: usize, digits: usize) -> String {
    format!(
        "Exceeds the limit ({limit} digits) for integer string conversion: value has {digits} \
         digits; use sys.set_int_max_str_digits() to increase the limit"
    )
}

/// The message raised when converting a too-long int to decimal text.
pub fn too_many_digits_to_str(limit: usize) -> String {
    format!(
        "Exceeds the limit ({limit} digits) for integer string conversion; use \
         sys.set_int_max_str_digits() to increase the limit"
    )
}

/// Decimal text of `v`, or None when it has more than `max_digits` digits (0 = unlimited).
pub fn to_decimal(v: &BigInt, max_digits: usize) -> Option<String> {
    if max_digits > 0 {
        // bits * log10(2) underestimates the digit count by less than one: reject early
        // only when the number certainly has too many digits.
        let bits = v.bits();
        if bits as f64 * std::f64::consts::LOG10_2 > max_digits as f64 + 1.0 {
            return None;
        }
    }
    let s = v.to_str_radix(10);
    let n = s.len() - (v.sign() == Sign::Minus) as usize;
    if max_digits > 0 && n > max_digits {
        return None;
    }
    Some(s)
}

/// `bin`/`oct`/`hex` text: sign, `0b`/`0o`/`0x` prefix when `prefix`, lowercase digits.
pub fn to_radix(v: &BigInt, base: u32, prefix: bool) -> String {
    let digits = v.magnitude().to_str_radix(base);
    let mut out = String::with_capacity(digits.len() + 3);
    if v.is_negative() {
        out.push('-');
    }
    if prefix {
        out.push_str(match base {
            2 => "0b",
            8 => "0o",
            16 => "0x",
            _ => "",
        });
    }
    out.push_str(&digits);
    out
}

/// Formats `v` with an integer presentation type (`b c d n o x X`, or none), as CPython's
/// `format_long_internal`. `max_digits` applies to decimal output. Float presentation types
/// are the caller's (it converts to float first).
pub fn format_int(v: &BigInt, spec: &FormatSpec, max_digits: usize) -> Result<String, FormatError> {
    if spec.precision.is_some() {
        return Err(FormatError::value(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_0 {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    format_spec::check_sizes(spec)?;
    if spec.ty == 'c' {
        if spec.sign != '\0' {
            return Err(FormatError::value(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(FormatError::value(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let Some(n) = num_traits::ToPrimitive::to_i64(v) else {
            return Err(FormatError::Overflow(
                "Python int too large to convert to C long".into(),
            ));
        };
        let ch = u32::try_from(n)
            .ok()
            .filter(|n| *n <= 0x10ffff)
            .ok_or_else(|| FormatError::Overflow("%c arg not in range(0x110000)".into()))?;
        // Lone surrogates cannot be represented in a Rust string.
        // FIXME(surrogates): str has no surrogate code points yet; use U+FFFD.
        let c = char::from_u32(ch).unwrap_or('\u{fffd}');
        let mut buf = [0u8; 4];
        let text = c.encode_utf8(&mut buf);
        return Ok(format_spec::layout_number(
            spec,
            &NumberParts {
                sign: '\0',
                prefix: "",
                digits: "",
                has_decimal: false,
                remainder: text,
            },
        ));
    }
    let (base, prefix) = match spec.ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let digits = if base == 10 {
        match to_decimal(&v.abs(), max_digits) {
            Some(d) => d,
            None => return Err(FormatError::value(too_many_digits_to_str(max_digits))),
        }
    } else {
        let d = v.magnitude().to_str_radix(base);
        if spec.ty == 'X' {
            d.to_ascii_uppercase()
        } else {
            d
        }
    };
    let sign = if v.is_negative() { '-' } else { '\0' };
    Ok(format_spec::layout_number(
        spec,
        &NumberParts {
            sign,
            prefix: if spec.alternate { prefix } else { "" },
            digits: &digits,
            has_decimal: false,
            remainder: "",
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str, base: u32) -> Result<String, ParseIntError> {
        let a = to_ascii_number(s).ok_or(ParseIntError::Invalid)?;
        parse_int(&a, base, DEFAULT_MAX_STR_DIGITS).map(|v| v.to_string())
    }

    fn fmt(v: i64, spec: &str) -> String {
        let s = format_spec::parse(spec, "int", '>').unwrap();
        format_int(&BigInt::from(v), &s, DEFAULT_MAX_STR_DIGITS).unwrap()
    }

    #[test]
    fn parses_like_cpython() {
        assert_eq!(parse("  0x_1f  ", 0), Ok("31".into()));
        assert_eq!(parse("abc", 16), Ok("2748".into()));
        assert_eq!(parse("-1_000", 10), Ok("-1000".into()));
        assert_eq!(parse("00", 0), Ok("0".into()));
        assert_eq!(parse("0_0", 0), Ok("0".into()));
        assert_eq!(parse("010", 0), Err(ParseIntError::Invalid));
        assert_eq!(parse("1__0", 10), Err(ParseIntError::Invalid));
        assert_eq!(parse("_1", 10), Err(ParseIntError::Invalid));
        assert_eq!(parse("1_", 10), Err(ParseIntError::Invalid));
        assert_eq!(parse("", 10), Err(ParseIntError::Invalid));
        assert_eq!(parse("12\x1c", 10), Err(ParseIntError::Invalid));
        assert_eq!(parse("\u{3000}12\u{3000}", 10), Ok("12".into()));
        assert_eq!(parse("١٢٣", 10), Ok("123".into()));
        assert_eq!(parse("0b101", 0), Ok("5".into()));
        assert_eq!(parse("0b101", 16), Ok("45313".into()));
        assert_eq!(parse("z", 36), Ok("35".into()));
        let long = "1".repeat(5000);
        assert_eq!(
            parse(&long, 10),
            Err(ParseIntError::TooManyDigits { digits: 5000 })
        );
        assert!(parse(&long, 16).is_ok());
    }

    #[test]
    fn formats_like_cpython() {
        assert_eq!(fmt(1234567, ","), "1,234,567");
        assert_eq!(fmt(-1234567, "_"), "-1_234_567");
        assert_eq!(fmt(255, "#x"), "0xff");
        assert_eq!(fmt(255, "#X"), "0XFF");
        assert_eq!(fmt(255, "#010b"), "0b11111111");
        assert_eq!(fmt(-255, "#012_b"), "-0b1111_1111");
        assert_eq!(fmt(42, "+"), "+42");
        assert_eq!(fmt(42, " 5"), "   42");
        assert_eq!(fmt(-42, "*^9"), "***-42***");
        assert_eq!(fmt(-42, "=+8"), "-     42");
        assert_eq!(fmt(1234, "010,"), "00,001,234");
        assert_eq!(fmt(65, "c"), "A");
        assert_eq!(fmt(65, "^5c"), "  A  ");
        assert_eq!(fmt(-17, "o"), "-21");
        assert_eq!(fmt(0, "#o"), "0o0");
        assert_eq!(to_radix(&BigInt::from(-10), 2, true), "-0b1010");
    }
}

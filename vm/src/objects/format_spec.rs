//! The format-specification mini-language of `int`, `float` and `complex` (`format(x, spec)`,
//! f-string `{x:spec}`): parsing a spec and laying out a formatted number (padding, sign,
//! prefix, digit grouping), as CPython's `Python/formatter_unicode.c` does.
//!
//! This file is pure Rust: it knows nothing of values or the thread, so it is unit-tested
//! directly. It must not format the digits themselves (that is `int_format.rs` and
//! `float_format.rs`); it only parses specs and assembles the pieces.

/// A parsed `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatSpec {
    pub fill: char,
    /// One of `<`, `>`, `=`, `^`.
    pub align: char,
    /// `'\0'` (not given), `+`, `-` or ` `.
    pub sign: char,
    /// `z`: coerce negative zero to positive zero (floats only).
    pub no_neg_0: bool,
    /// `#`.
    pub alternate: bool,
    /// Minimum width, if given.
    pub width: Option<usize>,
    pub grouping: Grouping,
    pub precision: Option<usize>,
    /// The presentation type, `'\0'` when absent.
    pub ty: char,
}

/// Thousands separators requested by the spec.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Grouping {
    None,
    /// `,` every three digits.
    Comma,
    /// `_` every three digits.
    Underscore,
    /// `_` every four digits (binary, octal and hexadecimal presentation types).
    UnderscoreFour,
}

/// A formatting failure: CPython raises ValueError for all of these except the 'c'
/// presentation type's range check (OverflowError) and results too large to build
/// (MemoryError).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    Value(String),
    Overflow(String),
    Memory,
}

/// The largest width or precision a spec may request: beyond it the output could not be
/// allocated, and CPython's attempt ends in MemoryError.
pub const MAX_FORMAT_SIZE: usize = 1 << 28;

impl FormatError {
    pub fn value(msg: impl Into<String>) -> FormatError {
        FormatError::Value(msg.into())
    }
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// Reads a run of ASCII digits at `*pos` (CPython's `get_integer`): Ok(None) when there are
/// none, an error when the number exceeds `isize::MAX`.
fn get_integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, FormatError> {
    let start = *pos;
    let mut acc: usize = 0;
    while *pos < chars.len() {
        let Some(d) = chars[*pos]
            .to_digit(10)
            .filter(|_| chars[*pos].is_ascii_digit())
        else {
            break;
        };
        acc = acc
            .checked_mul(10)
            .and_then(|a| a.checked_add(d as usize))
            .filter(|a| *a <= isize::MAX as usize)
            .ok_or_else(|| FormatError::value("Too many decimal digits in format string"))?;
        *pos += 1;
    }
    Ok(if *pos == start { None } else { Some(acc) })
}

/// Parses `spec` for an object of type `type_name` (CPython's
/// `parse_internal_render_format_spec`). `default_align` is `>` for numbers.
pub fn parse(spec: &str, type_name: &str, default_align: char) -> Result<FormatSpec, FormatError> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut pos = 0;
    let mut f = FormatSpec {
        fill: ' ',
        align: default_align,
        sign: '\0',
        no_neg_0: false,
        alternate: false,
        width: None,
        grouping: Grouping::None,
        precision: None,
        ty: '\0',
    };
    let mut fill_given = false;
    let mut align_given = false;
    if end - pos >= 2 && is_align(chars[pos + 1]) {
        f.align = chars[pos + 1];
        f.fill = chars[pos];
        fill_given = true;
        align_given = true;
        pos += 2;
    } else if end - pos >= 1 && is_align(chars[pos]) {
        f.align = chars[pos];
        align_given = true;
        pos += 1;
    }
    if pos < end && matches!(chars[pos], '+' | '-' | ' ') {
        f.sign = chars[pos];
        pos += 1;
    }
    if pos < end && chars[pos] == 'z' {
        f.no_neg_0 = true;
        pos += 1;
    }
    if pos < end && chars[pos] == '#' {
        f.alternate = true;
        pos += 1;
    }
    if !fill_given && pos < end && chars[pos] == '0' {
        f.fill = '0';
        if !align_given && default_align == '>' {
            f.align = '=';
        }
        pos += 1;
    }
    f.width = get_integer(&chars, &mut pos)?;
    let both = || FormatError::value("Cannot specify both ',' and '_'.");
    if pos < end && chars[pos] == ',' {
        f.grouping = Grouping::Comma;
        pos += 1;
    }
    if pos < end && chars[pos] == '_' {
        if f.grouping != Grouping::None {
            return Err(both());
        }
        f.grouping = Grouping::Underscore;
        pos += 1;
    }
    if pos < end && chars[pos] == ',' && f.grouping == Grouping::Underscore {
        return Err(both());
    }
    if pos < end && chars[pos] == '.' {
        pos += 1;
        f.precision = get_integer(&chars, &mut pos)?;
        if f.precision.is_none() {
            return Err(FormatError::value("Format specifier missing precision"));
        }
    }
    if end - pos > 1 {
        return Err(FormatError::value(format!(
            "Invalid format specifier '{spec}' for object of type '{type_name}'"
        )));
    }
    if end - pos == 1 {
        f.ty = chars[pos];
    }
    if f.grouping != Grouping::None {
        match f.ty {
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => {}
            'b' | 'o' | 'x' | 'X' if f.grouping == Grouping::Underscore => {
                f.grouping = Grouping::UnderscoreFour;
            }
            other => {
                let sep = if f.grouping == Grouping::Comma {
                    ','
                } else {
                    '_'
                };
                return Err(FormatError::value(format!(
                    "Cannot specify '{sep}' with {}.",
                    quote_type(other)
                )));
            }
        }
    }
    Ok(f)
}

/// `'x'` for printable ASCII presentation types, `'\xNN'` otherwise (CPython's messages).
fn quote_type(c: char) -> String {
    let n = c as u32;
    if n > 32 && n < 128 {
        format!("'{c}'")
    } else {
        format!("'\\x{n:x}'")
    }
}

/// MemoryError for widths or precisions whose output could not be built.
pub fn check_sizes(spec: &FormatSpec) -> Result<(), FormatError> {
    if spec.width.unwrap_or(0) > MAX_FORMAT_SIZE || spec.precision.unwrap_or(0) > MAX_FORMAT_SIZE {
        return Err(FormatError::Memory);
    }
    Ok(())
}

/// `Unknown format code 'q' for object of type 'int'`.
pub fn unknown_type(ty: char, type_name: &str) -> FormatError {
    FormatError::value(format!(
        "Unknown format code {} for object of type '{type_name}'",
        quote_type(ty)
    ))
}

/// The pieces of a formatted number: `sign` is `'-'` or `'\0'` (the spec decides whether to
/// show `+`/space), `prefix` (`0x`...), the integer `digits`, whether a decimal point follows,
/// and the `remainder` (fraction digits, exponent, `%`, or everything for `inf`/`nan`/`c`).
pub struct NumberParts<'a> {
    pub sign: char,
    pub prefix: &'a str,
    pub digits: &'a str,
    pub has_decimal: bool,
    pub remainder: &'a str,
}

/// Lays out a number as CPython's `calc_number_widths` + `fill_number`:
/// `<lpad><sign><prefix><spad><grouped digits><decimal><remainder><rpad>`.
pub fn layout_number(spec: &FormatSpec, parts: &NumberParts<'_>) -> String {
    let sign = match spec.sign {
        '+' => Some(if parts.sign == '-' { '-' } else { '+' }),
        ' ' => Some(if parts.sign == '-' { '-' } else { ' ' }),
        _ => (parts.sign == '-').then_some('-'),
    };
    let n_sign = sign.is_some() as usize;
    let n_prefix = parts.prefix.chars().count();
    let n_decimal = parts.has_decimal as usize;
    let n_remainder = parts.remainder.chars().count();
    let non_digit = n_sign + n_prefix + n_decimal + n_remainder;
    let width = spec.width.map(|w| w as isize).unwrap_or(-1);
    let min_width = if spec.fill == '0' && spec.align == '=' {
        width - non_digit as isize
    } else {
        0
    };
    let (group, sep) = match spec.grouping {
        Grouping::None => (0, ""),
        Grouping::Comma => (3, ","),
        Grouping::Underscore => (3, "_"),
        Grouping::UnderscoreFour => (4, "_"),
    };
    let grouped = if parts.digits.is_empty() {
        String::new()
    } else {
        group_digits(parts.digits, min_width, group, sep)
    };
    let n_grouped = grouped.chars().count();
    let padding = width - (non_digit + n_grouped) as isize;
    let (mut lpad, mut spad, mut rpad) = (0usize, 0usize, 0usize);
    if padding > 0 {
        let p = padding as usize;
        match spec.align {
            '<' => rpad = p,
            '^' => {
                lpad = p / 2;
                rpad = p - lpad;
            }
            '=' => spad = p,
            _ => lpad = p,
        }
    }
    let mut out = String::with_capacity(width.max(0) as usize + non_digit + n_grouped);
    push_n(&mut out, spec.fill, lpad);
    if let Some(s) = sign {
        out.push(s);
    }
    out.push_str(parts.prefix);
    push_n(&mut out, spec.fill, spad);
    out.push_str(&grouped);
    if parts.has_decimal {
        out.push('.');
    }
    out.push_str(parts.remainder);
    push_n(&mut out, spec.fill, rpad);
    out
}

fn push_n(out: &mut String, c: char, n: usize) {
    for _ in 0..n {
        out.push(c);
    }
}

/// Inserts `sep` every `group` digits from the right (no grouping when `group` is 0),
/// left-padding with zeros (separated too) to at least `min_width` characters, as CPython's
/// `_PyUnicode_InsertThousandsGrouping`.
pub fn group_digits(digits: &str, min_width: isize, group: usize, sep: &str) -> String {
    let digits: Vec<char> = digits.chars().collect();
    let mut min_width = min_width.max(0);
    let mut remaining = digits.len() as isize;
    let sep_len = sep.chars().count() as isize;
    // Chunks are produced right to left, then reversed.
    let mut chunks: Vec<String> = Vec::new();
    let mut end = digits.len();
    let emit = |len: isize, remaining: isize, end: &mut usize, chunks: &mut Vec<String>| {
        let n_zeros = (len - remaining).max(0) as usize;
        let n_chars = remaining.min(len).max(0) as usize;
        let mut s = String::new();
        for _ in 0..n_zeros {
            s.push('0');
        }
        s.extend(digits[*end - n_chars..*end].iter());
        *end -= n_chars;
        chunks.push(s);
        n_chars as isize
    };
    if group > 0 {
        loop {
            let len = (group as isize).min(remaining.max(min_width).max(1));
            let used = emit(len, remaining, &mut end, &mut chunks);
            remaining -= used;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                break;
            }
            min_width -= sep_len;
        }
    } else {
        let len = remaining.max(min_width).max(1);
        emit(len, remaining, &mut end, &mut chunks);
    }
    chunks.reverse();
    chunks.join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> FormatSpec {
        parse(s, "int", '>').unwrap()
    }

    #[test]
    fn parses_full_spec() {
        let f = p("*^+#012,.3f");
        assert_eq!(f.fill, '*');
        assert_eq!(f.align, '^');
        assert_eq!(f.sign, '+');
        assert!(f.alternate);
        assert_eq!(f.width, Some(12));
        assert_eq!(f.grouping, Grouping::Comma);
        assert_eq!(f.precision, Some(3));
        assert_eq!(f.ty, 'f');
        let z = p("010");
        assert_eq!((z.fill, z.align, z.width), ('0', '=', Some(10)));
    }

    #[test]
    fn parse_errors() {
        let e = |s: &str| match parse(s, "int", '>') {
            Err(FormatError::Value(m)) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            e("abc"),
            "Invalid format specifier 'abc' for object of type 'int'"
        );
        assert_eq!(e(",_"), "Cannot specify both ',' and '_'.");
        assert_eq!(e("_,"), "Cannot specify both ',' and '_'.");
        assert_eq!(e("."), "Format specifier missing precision");
        assert_eq!(e(",c"), "Cannot specify ',' with 'c'.");
        assert_eq!(
            e("99999999999999999999999"),
            "Too many decimal digits in format string"
        );
        assert_eq!(p("_x").grouping, Grouping::UnderscoreFour);
    }

    #[test]
    fn groups_with_zero_padding() {
        assert_eq!(group_digits("1234567", 0, 3, ","), "1,234,567");
        assert_eq!(group_digits("1234", 9, 3, ","), "0,001,234");
        assert_eq!(group_digits("1234", 8, 3, ","), "0,001,234");
        assert_eq!(group_digits("12", 5, 0, ""), "00012");
        assert_eq!(group_digits("ffff1", 0, 4, "_"), "f_fff1");
    }
}

//! Formatting: `format(value, spec)` (`PyObject_Format`, used by FORMAT_VALUE), the format
//! specification mini-language as `str.__format__` applies it, `str.format`/`format_map`
//! (CPython's `MarkupIterator` and field lookup), and printf-style `%` formatting for both
//! `str` and `bytes`/`bytearray` (one engine over UTF-8 or raw bytes).
//!
//! Numbers format themselves: `%e/%f/%g` build a format spec and call the float's
//! `__format__`; ints under `%d/%x/%o` are rendered here from their exact value.

use ember_gc::Value;
use num_bigint::BigInt;
use num_traits::Signed;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::str::{self as pystr, codecs, is_str, new_str, to_rust_string, with_str};
use crate::objects::{bytes, dict, float, int, sequence, tuple, type_};
use crate::protocol;
use crate::thread::{Handle, Thread};

// ----- format() -----

/// `format(value, spec)`: `type(value).__format__(value, spec)`, whose result must be a str.
pub fn format_value(t: &mut Thread, v: Value, spec: Value) -> PyResult<Value> {
    let empty = spec.is_none() || (is_str(t, spec) && pystr::char_len(t, spec) == 0);
    if empty {
        if pystr::is_exact_str(t, v) {
            return Ok(v);
        }
        if v.is_small_int() || (v.is_heap() && t.heap.layout_id(v) == BuiltinType::Int.layout()) {
            return protocol::str_(t, v);
        }
    }
    if pystr::is_exact_str(t, v) && is_str(t, spec) {
        let text = to_rust_string(t, v);
        let sp = to_rust_string(t, spec);
        return match format_str_spec(&text, &sp) {
            Ok(s) => new_str(t, &s),
            Err(m) => Err(raise_spec_error(t, &m)),
        };
    }
    let hv = t.root(v);
    let spec = if spec.is_none() {
        new_str(t, "")?
    } else {
        spec
    };
    let r = match protocol::call_special(t, t.get(hv), crate::symbols::sym::__format__, &[spec])? {
        Some(r) => r,
        None => {
            let msg = format!(
                "Type {} doesn't define __format__",
                type_::type_name_of(t, t.get(hv))
            );
            return Err(t.type_error(&msg));
        }
    };
    if !is_str(t, r) {
        let msg = format!(
            "__format__ must return a str, not {}",
            type_::type_name_of(t, r)
        );
        return Err(t.type_error(&msg));
    }
    Ok(r)
}

/// `ascii(v)`.
pub fn ascii(t: &mut Thread, v: Value) -> PyResult<Value> {
    let r = protocol::repr(t, v)?;
    if pystr::is_ascii(t, r) {
        return Ok(r);
    }
    let s = with_str(t, r, pystr::ascii_escape);
    new_str(t, &s)
}

/// Applies a `!s`/`!r`/`!a` conversion.
pub fn convert(t: &mut Thread, v: Value, conv: char) -> PyResult<Value> {
    match conv {
        's' => protocol::str_(t, v),
        'r' => protocol::repr(t, v),
        'a' => ascii(t, v),
        c => {
            let msg = if (' '..='~').contains(&c) {
                format!("Unknown conversion specifier {c}")
            } else {
                format!("Unknown conversion specifier \\x{:x}", c as u32)
            };
            Err(t.value_error(&msg))
        }
    }
}

/// A parsed standard format specifier.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub no_neg_zero: bool,
    pub alternate: bool,
    pub zero: bool,
    pub width: Option<usize>,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

fn read_int(chars: &[char], pos: &mut usize) -> Result<Option<usize>, String> {
    let start = *pos;
    let mut v: usize = 0;
    while *pos < chars.len() && chars[*pos].is_ascii_digit() {
        let d = chars[*pos] as usize - '0' as usize;
        v = match v.checked_mul(10).and_then(|x| x.checked_add(d)) {
            Some(x) if x <= i64::MAX as usize => x,
            _ => return Err("Too many decimal digits in format string".into()),
        };
        *pos += 1;
    }
    Ok(if *pos == start { None } else { Some(v) })
}

/// CPython's `parse_internal_render_format_spec`. `type_name` is for the error message.
pub fn parse_spec(spec: &str, type_name: &str, default_ty: Option<char>) -> Result<Spec, String> {
    let c: Vec<char> = spec.chars().collect();
    let mut s = Spec::default();
    let mut pos = 0;
    let is_align = |x: char| matches!(x, '<' | '>' | '=' | '^');
    if c.len() >= 2 && is_align(c[1]) {
        s.fill = Some(c[0]);
        s.align = Some(c[1]);
        pos = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        s.align = Some(c[0]);
        pos = 1;
    }
    if pos < c.len() && matches!(c[pos], '+' | '-' | ' ') {
        s.sign = Some(c[pos]);
        pos += 1;
    }
    if pos < c.len() && c[pos] == 'z' {
        s.no_neg_zero = true;
        pos += 1;
    }
    if pos < c.len() && c[pos] == '#' {
        s.alternate = true;
        pos += 1;
    }
    if s.fill.is_none() && pos < c.len() && c[pos] == '0' {
        s.zero = true;
        pos += 1;
    }
    s.width = read_int(&c, &mut pos)?;
    if pos < c.len() && c[pos] == ',' {
        s.grouping = Some(',');
        pos += 1;
    }
    if pos < c.len() && c[pos] == '_' {
        if s.grouping.is_some() {
            return Err("Cannot specify both ',' and '_'.".into());
        }
        s.grouping = Some('_');
        pos += 1;
    }
    if pos < c.len() && c[pos] == ',' && s.grouping == Some('_') {
        return Err("Cannot specify both ',' and '_'.".into());
    }
    if pos < c.len() && c[pos] == '.' {
        pos += 1;
        s.precision = read_int(&c, &mut pos)?;
        if s.precision.is_none() {
            return Err("Format specifier missing precision".into());
        }
    }
    if c.len() - pos > 1 {
        return Err(format!(
            "Invalid format specifier '{spec}' for object of type '{type_name}'"
        ));
    }
    if pos < c.len() {
        s.ty = Some(c[pos]);
    }
    if let Some(g) = s.grouping {
        match s.ty.or(default_ty) {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
            Some('b' | 'o' | 'x' | 'X') if g == '_' => {}
            Some(ty) => return Err(format!("Cannot specify '{g}' with '{ty}'.")),
        }
    }
    Ok(s)
}

/// Pads `text` (of `len` code points) to `width` with `fill` according to `align`
/// ('<' '>' '^'; anything else behaves as `default`).
pub fn pad(text: &str, len: usize, width: Option<usize>, fill: char, align: char) -> String {
    let width = width.unwrap_or(0);
    if width <= len {
        return text.to_string();
    }
    let total = width - len;
    let left = match align {
        '>' => total,
        '^' => total / 2,
        _ => 0,
    };
    let mut out = String::with_capacity(text.len() + total * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(text);
    out.extend(std::iter::repeat_n(fill, total - left));
    out
}

/// The message `format_str_spec` returns for a result too large to build (MemoryError).
pub const MEMORY_ERROR: &str = "\0MemoryError";

/// Raises a `format_str_spec` error: ValueError, or MemoryError for `MEMORY_ERROR`.
fn raise_spec_error(t: &mut Thread, m: &str) -> crate::errors::Raised {
    if m == MEMORY_ERROR {
        t.raise_empty(BuiltinType::MemoryError)
    } else {
        t.value_error(m)
    }
}

/// `str.__format__`: the mini-language applied to text.
pub fn format_str_spec(text: &str, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(text.to_string());
    }
    let s = parse_spec(spec, "str", Some('s'))?;
    match s.ty {
        None | Some('s') => {}
        Some(c) => {
            return Err(format!(
                "Unknown format code '{c}' for object of type 'str'"
            ))
        }
    }
    match s.sign {
        Some(' ') => return Err("Space not allowed in string format specifier".into()),
        Some(_) => return Err("Sign not allowed in string format specifier".into()),
        None => {}
    }
    if s.no_neg_zero {
        return Err("Negative zero coercion (z) not allowed in string format specifier".into());
    }
    if s.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".into());
    }
    if s.align == Some('=') {
        return Err("'=' alignment not allowed in string format specifier".into());
    }
    let mut len = text.chars().count();
    let body: String = match s.precision {
        Some(p) if p < len => {
            len = p;
            text.chars().take(p).collect()
        }
        _ => text.to_string(),
    };
    let fill = s.fill.unwrap_or(if s.zero { '0' } else { ' ' });
    if s.width.unwrap_or(0) > sequence::MAX_BUILD_BYTES / 4 {
        return Err(MEMORY_ERROR.into());
    }
    Ok(pad(&body, len, s.width, fill, s.align.unwrap_or('<')))
}

fn str_format_native(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_one(t, a, "str.__format__")?;
    let spec = a.get(t, 1);
    if !is_str(t, spec) {
        let msg = format!(
            "__format__() argument must be str, not {}",
            type_::type_name_of(t, spec)
        );
        return Err(t.type_error(&msg));
    }
    let text = to_rust_string(t, a.get(t, 0));
    let sp = to_rust_string(t, spec);
    match format_str_spec(&text, &sp) {
        Ok(s) => new_str(t, &s),
        Err(m) => Err(raise_spec_error(t, &m)),
    }
}

// ----- str.format -----

/// Positional and keyword arguments of a `format` call.
struct FormatArgs {
    /// Tuple of positional arguments (rooted).
    args: Handle,
    /// Mapping of keyword arguments (rooted; None when absent).
    kwargs: Handle,
    /// Next automatic field number, or None once manual numbering was used.
    auto: AutoNumber,
}

#[derive(PartialEq, Eq)]
enum AutoNumber {
    Unknown,
    Auto(usize),
    Manual,
}

fn vformat(t: &mut Thread, fmt: &str, fa: &mut FormatArgs, depth: u32) -> PyResult<String> {
    if depth == 0 {
        return Err(t.value_error("Max string recursion exceeded"));
    }
    let c: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len());
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch != '{' && ch != '}' {
            out.push(ch);
            i += 1;
            continue;
        }
        let at_end = i + 1 >= c.len();
        if ch == '}' {
            if at_end || c[i + 1] != '}' {
                return Err(t.value_error("Single '}' encountered in format string"));
            }
            out.push('}');
            i += 2;
            continue;
        }
        if at_end {
            return Err(t.value_error("Single '{' encountered in format string"));
        }
        if c[i + 1] == '{' {
            out.push('{');
            i += 2;
            continue;
        }
        i += 1;
        let field = match parse_field(&c, &mut i) {
            Ok(f) => f,
            Err(m) => return Err(t.value_error(m)),
        };
        let rendered = render_field(t, field, fa, depth)?;
        out.push_str(&rendered);
    }
    Ok(out)
}

/// A replacement field: name, conversion, spec, and whether the spec has nested fields.
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub conv: Option<char>,
    pub spec: String,
    pub nested: bool,
}

/// CPython's `parse_field`: reads a field starting at `c[*i]` (just after its `{`) and
/// leaves `*i` after its closing `}`.
pub fn parse_field(c: &[char], i: &mut usize) -> Result<Field, &'static str> {
    let start = *i;
    let mut last = '\0';
    while *i < c.len() {
        last = c[*i];
        *i += 1;
        match last {
            '{' => return Err("unexpected '{' in field name"),
            '[' => {
                while *i < c.len() && c[*i] != ']' {
                    *i += 1;
                }
                continue;
            }
            '}' | ':' | '!' => break,
            _ => continue,
        }
    }
    let name_end = if matches!(last, '}' | ':' | '!') && *i > start {
        *i - 1
    } else {
        *i
    };
    let name: String = c[start..name_end].iter().collect();
    let mut conv = None;
    if last == '!' || last == ':' {
        if last == '!' {
            if *i >= c.len() {
                return Err("end of string while looking for conversion specifier");
            }
            conv = Some(c[*i]);
            *i += 1;
            if *i < c.len() {
                let n = c[*i];
                *i += 1;
                if n == '}' {
                    return Ok(Field {
                        name,
                        conv,
                        spec: String::new(),
                        nested: false,
                    });
                }
                if n != ':' {
                    return Err("expected ':' after conversion specifier");
                }
            }
        }
        let spec_start = *i;
        let mut count = 1;
        let mut nested = false;
        while *i < c.len() {
            let ch = c[*i];
            *i += 1;
            if ch == '{' {
                nested = true;
                count += 1;
            } else if ch == '}' {
                count -= 1;
                if count == 0 {
                    let spec: String = c[spec_start..*i - 1].iter().collect();
                    return Ok(Field {
                        name,
                        conv,
                        spec,
                        nested,
                    });
                }
            }
        }
        return Err("unmatched '{' in format spec");
    }
    if last != '}' {
        return Err("expected '}' before end of string");
    }
    Ok(Field {
        name,
        conv,
        spec: String::new(),
        nested: false,
    })
}

fn render_field(t: &mut Thread, field: Field, fa: &mut FormatArgs, depth: u32) -> PyResult<String> {
    let obj = lookup_field(t, &field.name, fa)?;
    let ho = t.root(obj);
    let obj = match field.conv {
        Some(c) => convert(t, obj, c)?,
        None => obj,
    };
    t.set(ho, obj);
    let spec = if field.nested {
        vformat(t, &field.spec, fa, depth - 1)?
    } else {
        field.spec
    };
    let spec_v = new_str(t, &spec)?;
    let r = format_value(t, t.get(ho), spec_v)?;
    Ok(to_rust_string(t, r))
}

/// Resolves `arg_name ("." attr | "[" key "]")*`.
fn lookup_field(t: &mut Thread, name: &str, fa: &mut FormatArgs) -> PyResult<Value> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let first = &name[..first_end];
    let mut obj = if first.is_empty() || first.bytes().all(|b| b.is_ascii_digit()) {
        let index = if first.is_empty() {
            match fa.auto {
                AutoNumber::Manual => return Err(t.value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                )),
                AutoNumber::Unknown => {
                    fa.auto = AutoNumber::Auto(1);
                    0
                }
                AutoNumber::Auto(n) => {
                    fa.auto = AutoNumber::Auto(n + 1);
                    n
                }
            }
        } else {
            if let AutoNumber::Auto(_) = fa.auto {
                return Err(t.value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
            fa.auto = AutoNumber::Manual;
            match first.parse::<usize>() {
                Ok(i) => i,
                Err(_) => return Err(t.value_error("Too many decimal digits in format string")),
            }
        };
        let args = t.get(fa.args);
        if args.is_none() {
            return Err(t.value_error("Format string contains positional fields"));
        }
        if index >= tuple::len(t, args) {
            let msg = format!("Replacement index {index} out of range for positional args tuple");
            return Err(t.index_error(&msg));
        }
        tuple::get(t, args, index)
    } else {
        let key = new_str(t, first)?;
        let kw = t.get(fa.kwargs);
        if kw.is_none() {
            return Err(t.key_error(key));
        }
        protocol::getitem(t, kw, key)?
    };
    let mut rest = &name[first_end..];
    while !rest.is_empty() {
        let ho = t.root(obj);
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let attr = &r[..end];
            if attr.is_empty() {
                return Err(t.value_error("Empty attribute in format string"));
            }
            obj = protocol::getattr_str(t, t.get(ho), attr)?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return Err(t.value_error("Missing ']' in format string"));
            };
            let key_s = &r[..end];
            if key_s.is_empty() {
                return Err(t.value_error("Empty attribute in format string"));
            }
            let key = match key_s.parse::<i64>() {
                Ok(i) if key_s.bytes().all(|b| b.is_ascii_digit()) => Value::small_int(i),
                _ => new_str(t, key_s)?,
            };
            obj = protocol::getitem(t, t.get(ho), key)?;
            rest = &r[end + 1..];
            if !rest.is_empty() && !rest.starts_with(['.', '[']) {
                return Err(
                    t.value_error("Only '.' or '[' may follow ']' in format field specifier")
                );
            }
        } else {
            return Err(t.value_error("Only '.' or '[' may follow ']' in format field specifier"));
        }
    }
    Ok(obj)
}

fn str_format(t: &mut Thread, a: Args) -> PyResult<Value> {
    let n = a.len() - 1;
    let args = tuple::new_tuple_uninit(t, n)?;
    for i in 0..n {
        let v = a.get(t, i + 1);
        t.heap.set_slot(args, i, v);
    }
    let hargs = t.root(args);
    let kw = if a.nkw > 0 {
        let d = dict::new_dict(t)?;
        let hd = t.root(d);
        for i in 0..a.nkw {
            let (k, v) = a.kw(t, i);
            dict::set(t, t.get(hd), k, v)?;
        }
        t.get(hd)
    } else {
        Value::NONE
    };
    let hkw = t.root(kw);
    let fmt = to_rust_string(t, a.get(t, 0));
    let mut fa = FormatArgs {
        args: hargs,
        kwargs: hkw,
        auto: AutoNumber::Unknown,
    };
    let s = vformat(t, &fmt, &mut fa, 2)?;
    new_str(t, &s)
}

fn str_format_map(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 2 || a.nkw > 0 {
        let msg = format!(
            "format_map() takes exactly one argument ({} given)",
            a.len() - 1 + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    let hargs = t.root(Value::NONE);
    let hkw = t.root(a.get(t, 1));
    let fmt = to_rust_string(t, a.get(t, 0));
    let mut fa = FormatArgs {
        args: hargs,
        kwargs: hkw,
        auto: AutoNumber::Unknown,
    };
    let s = vformat(t, &fmt, &mut fa, 2)?;
    new_str(t, &s)
}

// ----- printf-style formatting -----

/// Argument state of one `%` operation (CPython's `unicode_formatter_t`).
struct PercentArgs {
    args: Handle,
    arglen: i64,
    argidx: i64,
    dict: bool,
}

impl PercentArgs {
    fn next(&mut self, t: &mut Thread) -> PyResult<Value> {
        if self.argidx < self.arglen {
            let i = self.argidx;
            self.argidx += 1;
            let args = t.get(self.args);
            if self.arglen < 0 {
                return Ok(args);
            }
            return Ok(tuple::get(t, args, i as usize));
        }
        Err(t.type_error("not enough arguments for format string"))
    }
}

#[derive(Default)]
struct Flags {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
}

/// Text length in the engine's unit (code points for str, bytes for bytes).
fn unit_len(b: &[u8], text: bool) -> usize {
    if text {
        b.iter().filter(|&&c| (c & 0xc0) != 0x80).count()
    } else {
        b.len()
    }
}

/// Truncates to `prec` units.
fn truncate(b: &[u8], prec: usize, text: bool) -> &[u8] {
    if text {
        &b[..pystr::byte_offset(b, prec)]
    } else {
        &b[..prec.min(b.len())]
    }
}

fn pad_right_or_left(out: &mut Vec<u8>, body: &[u8], width: usize, left: bool, text: bool) {
    let len = unit_len(body, text);
    let fill = width.saturating_sub(len);
    if !left {
        out.extend(std::iter::repeat_n(b' ', fill));
    }
    out.extend_from_slice(body);
    if left {
        out.extend(std::iter::repeat_n(b' ', fill));
    }
}

/// Renders an integer conversion (`d i u x X o`) of the exact value `n`.
fn format_int(n: &BigInt, conv: u8, prec: Option<usize>, f: &Flags, width: usize) -> Vec<u8> {
    let digits = match conv {
        b'x' => n.abs().to_str_radix(16),
        b'X' => n.abs().to_str_radix(16).to_uppercase(),
        b'o' => n.abs().to_str_radix(8),
        _ => n.abs().to_string(),
    };
    let mut digits = digits.into_bytes();
    if let Some(p) = prec {
        if digits.len() < p {
            let mut z = vec![b'0'; p - digits.len()];
            z.extend_from_slice(&digits);
            digits = z;
        }
    }
    let mut prefix = Vec::new();
    if n.is_negative() {
        prefix.push(b'-');
    } else if f.plus {
        prefix.push(b'+');
    } else if f.space {
        prefix.push(b' ');
    }
    if f.alt {
        match conv {
            b'x' => prefix.extend_from_slice(b"0x"),
            b'X' => prefix.extend_from_slice(b"0X"),
            b'o' => prefix.extend_from_slice(b"0o"),
            _ => {}
        }
    }
    let len = prefix.len() + digits.len();
    let mut out = Vec::with_capacity(width.max(len));
    if f.left {
        out.extend_from_slice(&prefix);
        out.extend_from_slice(&digits);
        out.extend(std::iter::repeat_n(b' ', width.saturating_sub(len)));
    } else if f.zero {
        out.extend_from_slice(&prefix);
        out.extend(std::iter::repeat_n(b'0', width.saturating_sub(len)));
        out.extend_from_slice(&digits);
    } else {
        out.extend(std::iter::repeat_n(b' ', width.saturating_sub(len)));
        out.extend_from_slice(&prefix);
        out.extend_from_slice(&digits);
    }
    out
}

/// The int a `%d`/`%x` conversion formats.
fn int_arg(t: &mut Thread, v: Value, conv: u8) -> PyResult<BigInt> {
    if int::is_int(t, v) {
        return Ok(int::to_bigint(t, v));
    }
    let hv0 = t.root(v);
    let decimal = matches!(conv, b'd' | b'i' | b'u');
    if decimal && !pystr::is_str(t, v) && !bytes::is_bytes_like(t, v) {
        let ty = t.type_of(v);
        let hv = t.root(v);
        let numeric = float::is_float(t, v)
            || type_::lookup_sym(t, ty, crate::symbols::sym::__int__).is_some()
            || type_::lookup_sym(t, t.type_of(t.get(hv)), crate::symbols::sym::__index__).is_some()
            || type_::lookup_sym(t, t.type_of(t.get(hv)), crate::symbols::sym::__float__).is_some();
        if numeric {
            let r = protocol::call(t, t.ty(BuiltinType::Int), &[t.get(hv)])?;
            return Ok(int::to_bigint(t, r));
        }
    } else if !decimal {
        if let Some(b) = sequence::to_bigint_index(t, v)? {
            return Ok(b);
        }
    }
    let v = t.get(hv0);
    let c = conv as char;
    let msg = if decimal {
        format!(
            "%{c} format: a real number is required, not {}",
            type_::type_name_of(t, v)
        )
    } else {
        format!(
            "%{c} format: an integer is required, not {}",
            type_::type_name_of(t, v)
        )
    };
    Err(t.type_error(&msg))
}

/// Renders `%e %E %f %F %g %G` through the float's `__format__`.
fn format_float(
    t: &mut Thread,
    v: Value,
    conv: u8,
    prec: Option<usize>,
    f: &Flags,
    width: Option<usize>,
) -> PyResult<Vec<u8>> {
    let fv = if float::is_float(t, v) {
        v
    } else if pystr::is_str(t, v) || bytes::is_bytes_like(t, v) {
        let msg = format!("must be real number, not {}", type_::type_name_of(t, v));
        return Err(t.type_error(&msg));
    } else {
        protocol::call(t, t.ty(BuiltinType::Float), &[v])?
    };
    let mut spec = String::new();
    if f.left {
        spec.push('<');
    }
    if f.plus {
        spec.push('+');
    } else if f.space {
        spec.push(' ');
    }
    if f.alt {
        spec.push('#');
    }
    if f.zero && !f.left {
        spec.push('0');
    }
    if let Some(w) = width {
        spec.push_str(&w.to_string());
    }
    spec.push('.');
    spec.push_str(&prec.unwrap_or(6).to_string());
    spec.push(conv as char);
    let hv = t.root(fv);
    let sp = new_str(t, &spec)?;
    let r = format_value(t, t.get(hv), sp)?;
    Ok(pystr::str_bytes_owned(t, r))
}

/// The bytes of a `%s`/`%b` argument in bytes formatting.
fn bytes_arg(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    if let Some(b) = bytes::bytes_like(t, v) {
        return Ok(b.to_vec());
    }
    let hv = t.root(v);
    if let Some(r) = protocol::call_special(t, v, crate::symbols::sym::__bytes__, &[])? {
        if let Some(b) = bytes::bytes_like(t, r) {
            return Ok(b.to_vec());
        }
        let msg = format!(
            "__bytes__ returned non-bytes (type {})",
            type_::type_name_of(t, r)
        );
        return Err(t.type_error(&msg));
    }
    let msg = format!(
        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
        type_::type_name_of(t, t.get(hv))
    );
    Err(t.type_error(&msg))
}

/// The `%`-formatting engine over `fmt` (UTF-8 text when `text`, else raw bytes).
pub fn percent_format(t: &mut Thread, fmt: &[u8], args: Value, text: bool) -> PyResult<Vec<u8>> {
    let is_tuple = tuple::is_tuple(t, args);
    let excluded = if text {
        pystr::is_str(t, args)
    } else {
        bytes::is_bytes_like(t, args)
    };
    let is_mapping = !is_tuple && !excluded && {
        let ty = t.type_of(args);
        type_::lookup_sym(t, ty, crate::symbols::sym::__getitem__).is_some()
    };
    let arglen = if is_tuple {
        tuple::len(t, args) as i64
    } else {
        -1
    };
    let ha = t.root(args);
    let hdict = t.root(args);
    let mut st = PercentArgs {
        args: ha,
        arglen,
        argidx: if is_tuple { 0 } else { -2 },
        dict: is_mapping,
    };
    let mut out: Vec<u8> = Vec::with_capacity(fmt.len() + 16);
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        if c != b'%' {
            out.push(c);
            i += 1;
            continue;
        }
        let directive_start = i;
        i += 1;
        let mark = t.handle_mark();
        // Mapping key: the value becomes the argument list.
        if i < fmt.len() && fmt[i] == b'(' {
            if !st.dict {
                return Err(t.type_error("format requires a mapping"));
            }
            let mut depth = 1;
            let kstart = i + 1;
            let mut j = kstart;
            while j < fmt.len() && depth > 0 {
                if fmt[j] == b'(' {
                    depth += 1;
                } else if fmt[j] == b')' {
                    depth -= 1;
                }
                j += 1;
            }
            if depth > 0 {
                return Err(t.value_error("incomplete format key"));
            }
            let key_bytes = &fmt[kstart..j - 1];
            let key = if text {
                pystr::new_str(t, &String::from_utf8_lossy(key_bytes))?
            } else {
                bytes::new_bytes(t, key_bytes)?
            };
            let v = protocol::getitem(t, t.get(hdict), key)?;
            t.set(st.args, v);
            st.arglen = -1;
            st.argidx = -2;
            i = j;
        }
        let mut f = Flags::default();
        while i < fmt.len() {
            match fmt[i] {
                b'-' => f.left = true,
                b'+' => f.plus = true,
                b' ' => f.space = true,
                b'#' => f.alt = true,
                b'0' => f.zero = true,
                _ => break,
            }
            i += 1;
        }
        let mut width: Option<usize> = None;
        if i < fmt.len() && fmt[i] == b'*' {
            let v = st.next(t)?;
            if !int::is_int(t, v) {
                return Err(t.type_error("* wants int"));
            }
            let w = int::to_i64(t, v).unwrap_or(0);
            if w < 0 {
                f.left = true;
            }
            width = Some(w.unsigned_abs() as usize);
            i += 1;
        } else {
            let mut w: Option<usize> = None;
            while i < fmt.len() && fmt[i].is_ascii_digit() {
                let d = (fmt[i] - b'0') as usize;
                let nw = w.unwrap_or(0).saturating_mul(10).saturating_add(d);
                if nw > isize::MAX as usize / 10 {
                    return Err(t.value_error("width too big"));
                }
                w = Some(nw);
                i += 1;
            }
            width = width.or(w);
        }
        let mut prec: Option<usize> = None;
        if i < fmt.len() && fmt[i] == b'.' {
            i += 1;
            if i < fmt.len() && fmt[i] == b'*' {
                let v = st.next(t)?;
                if !int::is_int(t, v) {
                    return Err(t.type_error("* wants int"));
                }
                prec = Some(int::to_i64(t, v).unwrap_or(0).max(0) as usize);
                i += 1;
            } else {
                let mut p = 0usize;
                while i < fmt.len() && fmt[i].is_ascii_digit() {
                    p = p
                        .saturating_mul(10)
                        .saturating_add((fmt[i] - b'0') as usize);
                    if p > i32::MAX as usize {
                        return Err(t.value_error("precision too big"));
                    }
                    i += 1;
                }
                prec = Some(p);
            }
        }
        // Length modifiers are accepted and ignored.
        while i < fmt.len() && matches!(fmt[i], b'h' | b'l' | b'L') {
            i += 1;
        }
        if i >= fmt.len() {
            return Err(t.value_error("incomplete format"));
        }
        let conv = fmt[i];
        i += 1;
        if conv == b'%' {
            out.push(b'%');
            t.handle_release(mark);
            continue;
        }
        let v = st.next(t)?;
        let w = width.unwrap_or(0);
        sequence::check_build_size(t, Some(w))?;
        if let Some(p) = prec.filter(|_| matches!(conv, b'd' | b'i' | b'u' | b'x' | b'X' | b'o')) {
            sequence::check_build_size(t, Some(p))?;
        }
        match conv {
            b's' | b'r' | b'a' | b'b' => {
                let body: Vec<u8> = if text {
                    let s = match conv {
                        b's' => protocol::str_(t, v)?,
                        b'r' => protocol::repr(t, v)?,
                        b'a' => ascii(t, v)?,
                        _ => return Err(unsupported(t, fmt, directive_start, i - 1, conv, text)),
                    };
                    pystr::str_bytes_owned(t, s)
                } else if conv == b'r' || conv == b'a' {
                    let s = ascii(t, v)?;
                    pystr::str_bytes_owned(t, s)
                } else {
                    bytes_arg(t, v)?
                };
                let body = match prec {
                    Some(p) => truncate(&body, p, text).to_vec(),
                    None => body,
                };
                pad_right_or_left(&mut out, &body, w, f.left, text);
            }
            b'c' => {
                let body = char_arg(t, v, text)?;
                pad_right_or_left(&mut out, &body, w, f.left, text);
            }
            b'd' | b'i' | b'u' | b'x' | b'X' | b'o' => {
                let n = int_arg(t, v, conv)?;
                let conv = if conv == b'i' || conv == b'u' {
                    b'd'
                } else {
                    conv
                };
                // Decimal text obeys sys.set_int_max_str_digits, as str(int) does.
                let limit = int::max_str_digits();
                // (Only numbers that may have more than `limit` digits are converted twice.)
                if conv == b'd'
                    && limit > 0
                    && n.bits() as f64 * std::f64::consts::LOG10_2 + 1.0 > limit as f64
                    && crate::objects::int_format::to_decimal(&n, limit).is_none()
                {
                    let msg = crate::objects::int_format::too_many_digits_to_str(limit);
                    return Err(t.value_error(&msg));
                }
                out.extend_from_slice(&format_int(&n, conv, prec, &f, w));
            }
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
                let body = format_float(t, v, conv, prec, &f, width)?;
                out.extend_from_slice(&body);
            }
            _ => return Err(unsupported(t, fmt, directive_start, i - 1, conv, text)),
        }
        t.handle_release(mark);
    }
    if st.argidx < st.arglen && !st.dict {
        return Err(t.type_error("not all arguments converted during string formatting"));
    }
    Ok(out)
}

#[cold]
fn unsupported(
    t: &mut Thread,
    fmt: &[u8],
    _start: usize,
    at: usize,
    conv: u8,
    text: bool,
) -> crate::errors::Raised {
    let (shown, code, index) = if text {
        let s = String::from_utf8_lossy(&fmt[at..]);
        let ch = s.chars().next().unwrap_or('?');
        let index = unit_len(&fmt[..at], true);
        let shown = if (' '..='~').contains(&ch) { ch } else { '?' };
        (shown, ch as u32, index)
    } else {
        let shown = if (32..=126).contains(&conv) {
            conv as char
        } else {
            '?'
        };
        (shown, conv as u32, at)
    };
    let msg = format!("unsupported format character '{shown}' (0x{code:x}) at index {index}");
    t.value_error(&msg)
}

/// The body of `%c`.
fn char_arg(t: &mut Thread, v: Value, text: bool) -> PyResult<Vec<u8>> {
    if text {
        if is_str(t, v) {
            let s = to_rust_string(t, v);
            if s.chars().count() == 1 {
                return Ok(s.into_bytes());
            }
            return Err(t.type_error("%c requires int or char"));
        }
        if int::is_int(t, v) {
            return match int::to_i64(t, v)
                .and_then(|n| u32::try_from(n).ok())
                .and_then(char::from_u32)
            {
                Some(c) => Ok(c.to_string().into_bytes()),
                None => Err(t.overflow_error("%c arg not in range(0x110000)")),
            };
        }
        return Err(t.type_error("%c requires int or char"));
    }
    if let Some(b) = bytes::bytes_like(t, v) {
        if b.len() == 1 {
            return Ok(b.to_vec());
        }
    } else if int::is_int(t, v) {
        return match int::to_i64(t, v) {
            Some(n) if (0..256).contains(&n) => Ok(vec![n as u8]),
            _ => Err(t.overflow_error("%c arg not in range(256)")),
        };
    }
    Err(t.type_error("%c requires an integer in range(256) or a single byte"))
}

/// `fmt % args` for a str `fmt`.
pub fn percent_format_str(t: &mut Thread, fmt: Value, args: Value) -> PyResult<Value> {
    let f = pystr::str_bytes_owned(t, fmt);
    let out = percent_format(t, &f, args, true)?;
    let chars = unit_len(&out, true);
    pystr::new_str_from_utf8(t, &out, chars)
}

// ----- decoding for str() -----

/// `str(object, encoding, errors)`.
pub fn decode_object(
    t: &mut Thread,
    object: Value,
    encoding: Option<Value>,
    errors: Option<Value>,
) -> PyResult<Value> {
    let ho = t.root(object);
    let mut get = |v: Option<Value>, what: &str, dflt: &str| -> PyResult<String> {
        match v {
            None => Ok(dflt.into()),
            Some(v) if is_str(t, v) => Ok(to_rust_string(t, v)),
            Some(v) => {
                let msg = format!(
                    "str() argument '{what}' must be str, not {}",
                    type_::type_name_of(t, v)
                );
                Err(t.type_error(&msg))
            }
        }
    };
    let enc = get(encoding, "encoding", "utf-8")?;
    let err = get(errors, "errors", "strict")?;
    let object = t.get(ho);
    if is_str(t, object) {
        return Err(t.type_error("decoding str is not supported"));
    }
    let Some(data) = bytes::bytes_like(t, object).map(|b| b.to_vec()) else {
        let msg = format!(
            "decoding to str: need a bytes-like object, {} found",
            type_::type_name_of(t, object)
        );
        return Err(t.type_error(&msg));
    };
    codecs::decode_object(t, t.get(ho), &data, &enc, &err)
}

/// Adds `format`, `format_map` and `__format__` to `str`.
pub fn init(t: &mut Thread, ty: Value) -> PyResult<()> {
    let h = t.root(ty);
    native::add_method(t, ty, "format", str_format)?;
    native::add_method(t, t.get(h), "format_map", str_format_map)?;
    native::add_method(t, t.get(h), "__format__", str_format_native)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_specs() {
        assert_eq!(format_str_spec("a", "05"), Ok("a0000".into()));
        assert_eq!(format_str_spec("a", ">05"), Ok("0000a".into()));
        assert_eq!(format_str_spec("abc", "^7"), Ok("  abc  ".into()));
        assert_eq!(format_str_spec("abc", "*^8"), Ok("**abc***".into()));
        assert_eq!(format_str_spec("abc", ".1"), Ok("a".into()));
        assert_eq!(format_str_spec("abc", "10.2"), Ok("ab        ".into()));
        assert!(format_str_spec("abc", "xx").is_err());
        assert_eq!(
            format_str_spec("abc", ",s"),
            Err("Cannot specify ',' with 's'.".into())
        );
        assert_eq!(
            format_str_spec("a", "d"),
            Err("Unknown format code 'd' for object of type 'str'".into())
        );
    }

    fn field(s: &str) -> Result<Field, &'static str> {
        let c: Vec<char> = s.chars().collect();
        let mut i = 0;
        parse_field(&c, &mut i)
    }

    #[test]
    fn fields_parse() {
        let f = field("0!r:>5}").unwrap_or_else(|_| Field {
            name: "?".into(),
            conv: None,
            spec: "".into(),
            nested: false,
        });
        assert_eq!(
            (f.name.as_str(), f.conv, f.spec.as_str()),
            ("0", Some('r'), ">5")
        );
        let f = field("a[:]}").unwrap_or_else(|_| Field {
            name: "?".into(),
            conv: None,
            spec: "".into(),
            nested: false,
        });
        assert_eq!(f.name, "a[:]");
        let f = field(":{}}").unwrap_or_else(|_| Field {
            name: "?".into(),
            conv: None,
            spec: "".into(),
            nested: false,
        });
        assert!(f.nested && f.spec == "{}");
        assert_eq!(
            field("0!rr}"),
            Err("expected ':' after conversion specifier")
        );
        assert_eq!(field("0!}"), Err("unmatched '{' in format spec"));
        assert_eq!(field("0[}"), Err("expected '}' before end of string"));
        assert_eq!(field("0"), Err("expected '}' before end of string"));
    }

    #[test]
    fn ints_render() {
        let f = Flags {
            alt: true,
            ..Flags::default()
        };
        assert_eq!(format_int(&BigInt::from(255), b'x', None, &f, 0), b"0xff");
        let f = Flags {
            zero: true,
            space: true,
            ..Flags::default()
        };
        assert_eq!(format_int(&BigInt::from(42), b'd', None, &f, 5), b" 0042");
        let f = Flags::default();
        assert_eq!(
            format_int(&BigInt::from(-255), b'x', Some(4), &f, 0),
            b"-00ff"
        );
    }
}

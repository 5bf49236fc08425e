//! The methods of `str` (searching, splitting, case mapping, padding, predicates, encoding,
//! translation). Each copies the text out of the heap, computes in Rust, then allocates the
//! results, so no heap view is held across an allocation. Indices in and out are code
//! points; searches run over UTF-8 bytes (a valid UTF-8 needle only matches at character
//! boundaries) and convert positions.
//!
//! Character classes follow CPython: whitespace is `str.isspace()` (Unicode White_Space plus
//! U+001C..U+001F), line breaks are those of `str.splitlines`, and the `is*` predicates use
//! the tables in `str_unicode.rs`.
//! FIXME(unicode-casing): case mapping uses Rust's tables (a newer Unicode version than
//! CPython 3.11's 14.0) plus the titlecase digraphs and a few case-folding specials.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::dict;
use crate::objects::int;
use crate::objects::list;
use crate::objects::native::{self, Args};
use crate::objects::sequence;
use crate::objects::str::{
    self as pystr, char_len, codecs, is_str, new_str, to_rust_string, unicode, with_str,
    with_str_bytes,
};
use crate::objects::tuple;
use crate::objects::type_;
use crate::protocol;
use crate::thread::Thread;

// ----- character classes -----

/// `str.isspace()` for one character.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Line boundaries of `str.splitlines`.
fn is_linebreak(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    unicode::in_table(unicode::ALPHA, c)
}

fn is_decimal(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    unicode::in_table(unicode::DECIMAL, c)
}

fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    unicode::in_table(unicode::DIGIT, c)
}

fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    unicode::in_table(unicode::NUMERIC, c)
}

/// Titlecase letters (category Lt).
fn is_title(c: char) -> bool {
    matches!(
        c as u32,
        0x1c5 | 0x1c8 | 0x1cb | 0x1f2 | 0x1f88..=0x1f8f | 0x1f98..=0x1f9f | 0x1fa8..=0x1faf
            | 0x1fbc | 0x1fcc | 0x1ffc
    )
}

fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_title(c)
}

/// The full titlecase mapping of `c`.
fn to_title(c: char, out: &mut String) {
    match unicode::title_special(c) {
        Some(t) => out.push_str(t),
        None => out.extend(c.to_uppercase()),
    }
}

fn lower_char(c: char, out: &mut String) {
    if is_title(c) {
        // Titlecase digraphs lower to their lowercase forms.
        out.extend(c.to_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ς' => out.push('σ'),
            'ſ' => out.push('s'),
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            lower_char(c, &mut out);
        } else {
            to_title(c, &mut out);
        }
        prev_cased = is_cased(c);
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        to_title(c, &mut out);
    }
    let rest: String = chars.collect();
    out.push_str(&rest.to_lowercase());
    out
}

fn swapcase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

// ----- searching -----

/// First byte position of `needle` in `hay` at or after `from`.
pub fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    if needle.is_empty() {
        return Some(from);
    }
    if needle.len() > hay.len() - from {
        return None;
    }
    let first = needle[0];
    let last_start = hay.len() - needle.len();
    let mut i = from;
    while i <= last_start {
        match hay[i..=last_start].iter().position(|&b| b == first) {
            None => return None,
            Some(p) => {
                i += p;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

/// Last byte position of `needle` in `hay[..end]` (whole match inside).
pub fn rfind_bytes(hay: &[u8], needle: &[u8], start: usize, end: usize) -> Option<usize> {
    if end < start || end - start < needle.len() {
        return None;
    }
    let mut i = end - needle.len();
    loop {
        if &hay[i..i + needle.len()] == needle {
            return Some(i);
        }
        if i == start {
            return None;
        }
        i -= 1;
    }
}

/// Number of non-overlapping occurrences of `needle` in `hay`.
pub fn count_bytes(hay: &[u8], needle: &[u8]) -> usize {
    if needle.is_empty() {
        return hay.len() + 1;
    }
    let mut n = 0;
    let mut i = 0;
    while let Some(p) = find_bytes(hay, needle, i) {
        n += 1;
        i = p + needle.len();
    }
    n
}

/// Code points in a UTF-8 slice.
fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| (c & 0xc0) != 0x80).count()
}

/// Requires a str argument ("must be str, not T" unless `msg` says otherwise).
fn need_str(t: &mut Thread, v: Value, msg: Option<&str>) -> PyResult<()> {
    if is_str(t, v) {
        return Ok(());
    }
    let tn = type_::type_name_of(t, v);
    let m = match msg {
        Some(prefix) => format!("{prefix} must be str, not {tn}"),
        None => format!("must be str, not {tn}"),
    };
    Err(t.type_error(&m))
}

/// The code point range `[start, end)` of a find-style call, and the text.
struct Window {
    text: Vec<u8>,
    /// Byte offsets of the window.
    lo: usize,
    hi: usize,
    /// Code point index of `lo`.
    lo_char: usize,
    /// Whether start > len (nothing can match, not even "").
    empty: bool,
}

fn window(t: &mut Thread, a: Args, name: &str) -> PyResult<(Window, Value)> {
    if a.len() < 2 {
        let msg = format!("{name}() takes at least 1 argument ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    if a.len() > 4 {
        let msg = format!("{name}() takes at most 3 arguments ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    a.no_kwargs(t, name)?;
    let start = sequence::slice_index_arg(t, a.opt(t, 2), 0)?;
    let end = sequence::slice_index_arg(t, a.opt(t, 3), i64::MAX)?;
    let s = a.get(t, 0);
    let n = char_len(t, s);
    let (start, end) = sequence::adjust_range(start, end, n);
    let text = pystr::str_bytes_owned(t, s);
    let ascii = text.len() == n;
    let off = |i: usize| {
        if ascii {
            i.min(text.len())
        } else {
            pystr::byte_offset(&text, i)
        }
    };
    let (lo, hi) = (off(start), off(end.max(start)));
    let w = Window {
        lo,
        hi,
        lo_char: start,
        empty: start > n,
        text,
    };
    Ok((w, a.get(t, 1)))
}

impl Window {
    fn char_index(&self, byte: usize) -> usize {
        self.lo_char + count_chars(&self.text[self.lo..byte])
    }
}

fn find_common(t: &mut Thread, a: Args, name: &str, reverse: bool) -> PyResult<Option<usize>> {
    let (w, sub) = window(t, a, name)?;
    need_str(t, sub, None)?;
    if w.empty {
        return Ok(None);
    }
    let needle = pystr::str_bytes_owned(t, sub);
    let hay = &w.text[..w.hi];
    let pos = if reverse {
        rfind_bytes(hay, &needle, w.lo, w.hi)
    } else {
        find_bytes(hay, &needle, w.lo)
    };
    Ok(pos.map(|p| w.char_index(p)))
}

fn str_find(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = find_common(t, a, "find", false)?;
    Ok(Value::small_int(r.map(|i| i as i64).unwrap_or(-1)))
}

fn str_rfind(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = find_common(t, a, "rfind", true)?;
    Ok(Value::small_int(r.map(|i| i as i64).unwrap_or(-1)))
}

fn str_index(t: &mut Thread, a: Args) -> PyResult<Value> {
    match find_common(t, a, "index", false)? {
        Some(i) => Ok(Value::small_int(i as i64)),
        None => Err(t.value_error("substring not found")),
    }
}

fn str_rindex(t: &mut Thread, a: Args) -> PyResult<Value> {
    match find_common(t, a, "rindex", true)? {
        Some(i) => Ok(Value::small_int(i as i64)),
        None => Err(t.value_error("substring not found")),
    }
}

fn str_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (w, sub) = window(t, a, "count")?;
    need_str(t, sub, None)?;
    if w.empty {
        return Ok(Value::small_int(0));
    }
    let needle = pystr::str_bytes_owned(t, sub);
    let hay = &w.text[w.lo..w.hi];
    let n = if needle.is_empty() {
        count_chars(hay) + 1
    } else {
        count_bytes(hay, &needle)
    };
    Ok(Value::small_int(n as i64))
}

/// startswith/endswith: `prefix` is a str or a tuple of strs.
fn tailmatch(t: &mut Thread, a: Args, name: &str, end_match: bool) -> PyResult<Value> {
    let (w, sub) = window(t, a, name)?;
    let candidates: Vec<Value> = if tuple::is_tuple(t, sub) {
        let items = tuple::items(t, sub);
        for &x in &items {
            if !is_str(t, x) {
                let msg = format!(
                    "tuple for {name} must only contain str, not {}",
                    type_::type_name_of(t, x)
                );
                return Err(t.type_error(&msg));
            }
        }
        items
    } else if is_str(t, sub) {
        vec![sub]
    } else {
        let msg = format!(
            "{name} first arg must be str or a tuple of str, not {}",
            type_::type_name_of(t, sub)
        );
        return Err(t.type_error(&msg));
    };
    if w.empty {
        return Ok(Value::FALSE);
    }
    let hay = &w.text[w.lo..w.hi];
    let found = candidates.iter().any(|&c| {
        with_str_bytes(t, c, |_, needle| {
            if end_match {
                hay.ends_with(needle)
            } else {
                hay.starts_with(needle)
            }
        })
    });
    Ok(Value::from_bool(found))
}

fn str_startswith(t: &mut Thread, a: Args) -> PyResult<Value> {
    tailmatch(t, a, "startswith", false)
}

fn str_endswith(t: &mut Thread, a: Args) -> PyResult<Value> {
    tailmatch(t, a, "endswith", true)
}

// ----- splitting and joining -----

/// A new list of strs.
fn str_list(t: &mut Thread, parts: &[&str]) -> PyResult<Value> {
    let l = list::new_list(t, parts.len())?;
    let hl = t.root(l);
    for p in parts {
        let s = new_str(t, p)?;
        list::append(t, t.get(hl), s)?;
    }
    Ok(t.get(hl))
}

/// Parses `(sep=None, maxsplit=-1)`.
fn split_args(t: &mut Thread, a: Args, name: &str) -> PyResult<(Option<String>, i64)> {
    if a.len() > 3 {
        let msg = format!("{name}() takes at most 2 arguments ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let mut sep = a.opt(t, 1);
    let mut maxsplit = a.opt(t, 2);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "sep") && sep.is_none() {
            sep = Some(v);
        } else if pystr::str_eq_rust(t, k, "maxsplit") && maxsplit.is_none() {
            maxsplit = Some(v);
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for {name}()",
                to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    // The separator is read before `maxsplit`'s conversion, which may allocate.
    let hsep = t.root(sep.unwrap_or(Value::NONE));
    let max = match maxsplit {
        Some(m) => sequence::index_arg(t, m)?,
        None => -1,
    };
    let sep = sep.map(|_| t.get(hsep));
    let sep = match sep {
        None => None,
        Some(s) if s.is_none() => None,
        Some(s) if is_str(t, s) => {
            let s = to_rust_string(t, s);
            if s.is_empty() {
                return Err(t.value_error("empty separator"));
            }
            Some(s)
        }
        Some(s) => {
            let msg = format!("must be str or None, not {}", type_::type_name_of(t, s));
            return Err(t.type_error(&msg));
        }
    };
    Ok((sep, max))
}

/// `str.split()` without a separator.
pub fn split_whitespace(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut count = if maxsplit < 0 { i64::MAX } else { maxsplit };
    let idx: Vec<(usize, char)> = s.char_indices().collect();
    let n = idx.len();
    let at = |i: usize| if i < n { idx[i].0 } else { s.len() };
    let mut i = 0;
    while count > 0 {
        while i < n && is_space(idx[i].1) {
            i += 1;
        }
        if i == n {
            break;
        }
        let j = i;
        i += 1;
        while i < n && !is_space(idx[i].1) {
            i += 1;
        }
        out.push(&s[at(j)..at(i)]);
        count -= 1;
    }
    if i < n {
        while i < n && is_space(idx[i].1) {
            i += 1;
        }
        if i != n {
            out.push(&s[at(i)..]);
        }
    }
    out
}

/// `str.rsplit()` without a separator.
pub fn rsplit_whitespace(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut count = if maxsplit < 0 { i64::MAX } else { maxsplit };
    let idx: Vec<(usize, char)> = s.char_indices().collect();
    let at = |i: usize| if i < idx.len() { idx[i].0 } else { s.len() };
    let mut i = idx.len() as i64 - 1;
    while count > 0 {
        while i >= 0 && is_space(idx[i as usize].1) {
            i -= 1;
        }
        if i < 0 {
            break;
        }
        let j = i;
        i -= 1;
        while i >= 0 && !is_space(idx[i as usize].1) {
            i -= 1;
        }
        out.push(&s[at((i + 1) as usize)..at((j + 1) as usize)]);
        count -= 1;
    }
    if i >= 0 {
        while i >= 0 && is_space(idx[i as usize].1) {
            i -= 1;
        }
        if i >= 0 {
            out.push(&s[..at((i + 1) as usize)]);
        }
    }
    out.reverse();
    out
}

fn str_split(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (sep, max) = split_args(t, a, "split")?;
    let s = to_rust_string(t, a.get(t, 0));
    let parts: Vec<&str> = match &sep {
        None => split_whitespace(&s, max),
        Some(sep) if max < 0 => s.split(sep.as_str()).collect(),
        Some(sep) => s.splitn(max as usize + 1, sep.as_str()).collect(),
    };
    str_list(t, &parts)
}

fn str_rsplit(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (sep, max) = split_args(t, a, "rsplit")?;
    let s = to_rust_string(t, a.get(t, 0));
    let parts: Vec<&str> = match &sep {
        None => rsplit_whitespace(&s, max),
        Some(sep) => {
            let mut v: Vec<&str> = if max < 0 {
                s.rsplit(sep.as_str()).collect()
            } else {
                s.rsplitn(max as usize + 1, sep.as_str()).collect()
            };
            v.reverse();
            v
        }
    };
    str_list(t, &parts)
}

/// `str.splitlines` parts.
pub fn splitlines(s: &str, keepends: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_linebreak(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' {
            if let Some(&(_, '\n')) = iter.peek() {
                iter.next();
                end += 1;
            }
        }
        out.push(if keepends {
            &s[start..end]
        } else {
            &s[start..i]
        });
        start = end;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn str_splitlines(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 2 {
        let msg = format!(
            "splitlines() takes at most 1 argument ({} given)",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    let mut ke = a.opt(t, 1);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "keepends") && ke.is_none() {
            ke = Some(v);
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for splitlines()",
                to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    let keepends = match ke {
        Some(v) => {
            if crate::objects::float::is_float(t, v) {
                return Err(t.type_error("'float' object cannot be interpreted as an integer"));
            }
            protocol::truthy(t, v)?
        }
        None => false,
    };
    let s = to_rust_string(t, a.get(t, 0));
    let parts = splitlines(&s, keepends);
    str_list(t, &parts)
}

fn str_join(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 2 || a.nkw > 0 {
        let msg = format!(
            "str.join() takes exactly one argument ({} given)",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    let seq = sequence::as_seq_msg(t, a.get(t, 1), "can only join an iterable")?;
    let hs = t.root(seq);
    let n = sequence::seq_len(t, seq);
    if n == 1 {
        let only = sequence::seq_get(t, seq, 0);
        if pystr::is_exact_str(t, only) {
            return Ok(only);
        }
    }
    let sep = pystr::str_bytes_owned(t, a.get(t, 0));
    let sep_chars = char_len(t, a.get(t, 0));
    let mut out = Vec::new();
    let mut chars = 0;
    for i in 0..n {
        let item = sequence::seq_get(t, t.get(hs), i);
        if !is_str(t, item) {
            let msg = format!(
                "sequence item {i}: expected str instance, {} found",
                type_::type_name_of(t, item)
            );
            return Err(t.type_error(&msg));
        }
        if i > 0 {
            out.extend_from_slice(&sep);
            chars += sep_chars;
        }
        chars += char_len(t, item);
        with_str_bytes(t, item, |_, b| out.extend_from_slice(b));
    }
    pystr::new_str_from_utf8(t, &out, chars)
}

fn partition_common(t: &mut Thread, a: Args, name: &str, reverse: bool) -> PyResult<Value> {
    sequence::check_one(t, a, &format!("str.{name}"))?;
    let sep = a.get(t, 1);
    need_str(t, sep, None)?;
    let sep_s = to_rust_string(t, sep);
    if sep_s.is_empty() {
        return Err(t.value_error("empty separator"));
    }
    let s = to_rust_string(t, a.get(t, 0));
    let found = if reverse {
        s.rfind(&sep_s)
    } else {
        s.find(&sep_s)
    };
    let (x, y, z) = match found {
        Some(p) => (&s[..p], sep_s.as_str(), &s[p + sep_s.len()..]),
        None if reverse => ("", "", s.as_str()),
        None => (s.as_str(), "", ""),
    };
    let x = new_str(t, x)?;
    let hx = t.root(x);
    let y = new_str(t, y)?;
    let hy = t.root(y);
    let z = new_str(t, z)?;
    tuple::new_tuple(t, &[t.get(hx), t.get(hy), z])
}

fn str_partition(t: &mut Thread, a: Args) -> PyResult<Value> {
    partition_common(t, a, "partition", false)
}

fn str_rpartition(t: &mut Thread, a: Args) -> PyResult<Value> {
    partition_common(t, a, "rpartition", true)
}

// ----- stripping, replacing -----

fn strip_common(t: &mut Thread, a: Args, name: &str, left: bool, right: bool) -> PyResult<Value> {
    sequence::check_range(t, a, name, 0, 1)?;
    let chars: Option<Vec<char>> = match a.opt(t, 1) {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) if is_str(t, v) => Some(with_str(t, v, |x| x.chars().collect())),
        Some(_) => {
            let msg = format!("{name} arg must be None or str");
            return Err(t.type_error(&msg));
        }
    };
    let s = to_rust_string(t, a.get(t, 0));
    let pred = |c: char| match &chars {
        None => is_space(c),
        Some(set) => set.contains(&c),
    };
    let mut r: &str = &s;
    if left {
        r = r.trim_start_matches(pred);
    }
    if right {
        r = r.trim_end_matches(pred);
    }
    if r.len() == s.len() && pystr::is_exact_str(t, a.get(t, 0)) {
        return Ok(a.get(t, 0));
    }
    new_str(t, r)
}

fn str_strip(t: &mut Thread, a: Args) -> PyResult<Value> {
    strip_common(t, a, "strip", true, true)
}

fn str_lstrip(t: &mut Thread, a: Args) -> PyResult<Value> {
    strip_common(t, a, "lstrip", true, false)
}

fn str_rstrip(t: &mut Thread, a: Args) -> PyResult<Value> {
    strip_common(t, a, "rstrip", false, true)
}

fn str_replace(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "replace")?;
    if a.len() < 3 || a.len() > 4 {
        let n = a.len() - 1;
        let msg = if n < 2 {
            format!("replace expected at least 2 arguments, got {n}")
        } else {
            format!("replace expected at most 3 arguments, got {n}")
        };
        return Err(t.type_error(&msg));
    }
    need_str(t, a.get(t, 1), Some("replace() argument 1"))?;
    need_str(t, a.get(t, 2), Some("replace() argument 2"))?;
    let count = match a.opt(t, 3) {
        Some(v) => sequence::index_arg(t, v)?,
        None => -1,
    };
    let s = to_rust_string(t, a.get(t, 0));
    let old = to_rust_string(t, a.get(t, 1));
    let new = to_rust_string(t, a.get(t, 2));
    if new.len() > old.len() {
        let mut n = if old.is_empty() {
            s.chars().count() + 1
        } else {
            count_bytes(s.as_bytes(), old.as_bytes())
        };
        if count >= 0 {
            n = n.min(count as usize);
        }
        let size = n
            .checked_mul(new.len() - old.len())
            .and_then(|x| x.checked_add(s.len()));
        sequence::check_build_size(t, size)?;
    }
    let r = if count < 0 {
        s.replace(&old, &new)
    } else {
        s.replacen(&old, &new, count as usize)
    };
    new_str(t, &r)
}

fn affix_common(t: &mut Thread, a: Args, name: &str, prefix: bool) -> PyResult<Value> {
    sequence::check_one(t, a, &format!("str.{name}"))?;
    let x = a.get(t, 1);
    if !is_str(t, x) {
        let msg = format!(
            "{name}() argument must be str, not {}",
            type_::type_name_of(t, x)
        );
        return Err(t.type_error(&msg));
    }
    let s = to_rust_string(t, a.get(t, 0));
    let affix = to_rust_string(t, x);
    let r = if prefix {
        s.strip_prefix(affix.as_str())
    } else {
        s.strip_suffix(affix.as_str())
    };
    match r {
        Some(r) if !affix.is_empty() => new_str(t, r),
        _ => Ok(pystr::str_value(t, a.get(t, 0))),
    }
}

fn str_removeprefix(t: &mut Thread, a: Args) -> PyResult<Value> {
    affix_common(t, a, "removeprefix", true)
}

fn str_removesuffix(t: &mut Thread, a: Args) -> PyResult<Value> {
    affix_common(t, a, "removesuffix", false)
}

// ----- case -----

fn case_common(t: &mut Thread, a: Args, name: &str, f: fn(&str) -> String) -> PyResult<Value> {
    if a.len() != 1 || a.nkw > 0 {
        let msg = format!(
            "str.{name}() takes no arguments ({} given)",
            a.len() - 1 + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    let s = to_rust_string(t, a.get(t, 0));
    new_str(t, &f(&s))
}

fn str_upper(t: &mut Thread, a: Args) -> PyResult<Value> {
    case_common(t, a, "upper", |s| s.to_uppercase())
}
fn str_lower(t: &mut Thread, a: Args) -> PyResult<Value> {
    case_common(t, a, "lower", |s| s.to_lowercase())
}
fn str_casefold(t: &mut Thread, a: Args) -> PyResult<Value> {
    case_common(t, a, "casefold", casefold)
}
fn str_title(t: &mut Thread, a: Args) -> PyResult<Value> {
    case_common(t, a, "title", title)
}
fn str_capitalize(t: &mut Thread, a: Args) -> PyResult<Value> {
    case_common(t, a, "capitalize", capitalize)
}
fn str_swapcase(t: &mut Thread, a: Args) -> PyResult<Value> {
    case_common(t, a, "swapcase", swapcase)
}

// ----- padding -----

/// The fill character argument of center/ljust/rjust.
fn fill_char(t: &mut Thread, v: Option<Value>, name: &str) -> PyResult<char> {
    let Some(v) = v else {
        return Ok(' ');
    };
    if !is_str(t, v) {
        let msg = format!(
            "The fill character must be a unicode character, not {}",
            type_::type_name_of(t, v)
        );
        let _ = name;
        return Err(t.type_error(&msg));
    }
    let chars: Vec<char> = with_str(t, v, |x| x.chars().collect());
    if chars.len() != 1 {
        return Err(t.type_error("The fill character must be exactly one character long"));
    }
    Ok(chars[0])
}

fn pad_common(t: &mut Thread, a: Args, name: &str) -> PyResult<Value> {
    sequence::check_range(t, a, name, 1, 2)?;
    let width = sequence::index_arg(t, a.get(t, 1))?;
    let fill = fill_char(t, a.opt(t, 2), name)?;
    let s = a.get(t, 0);
    let n = char_len(t, s) as i64;
    if width <= n {
        return Ok(pystr::str_value(t, s));
    }
    let marg = (width - n) as usize;
    let (left, right) = match name {
        "ljust" => (0, marg),
        "rjust" => (marg, 0),
        _ => {
            let left = marg / 2 + (marg & width as usize & 1);
            (left, marg - left)
        }
    };
    let text = to_rust_string(t, s);
    let size = marg
        .checked_mul(fill.len_utf8())
        .and_then(|x| x.checked_add(text.len()));
    let size = sequence::check_build_size(t, size)?;
    let mut out = String::with_capacity(size);
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(&text);
    out.extend(std::iter::repeat_n(fill, right));
    new_str(t, &out)
}

fn str_center(t: &mut Thread, a: Args) -> PyResult<Value> {
    pad_common(t, a, "center")
}
fn str_ljust(t: &mut Thread, a: Args) -> PyResult<Value> {
    pad_common(t, a, "ljust")
}
fn str_rjust(t: &mut Thread, a: Args) -> PyResult<Value> {
    pad_common(t, a, "rjust")
}

fn str_zfill(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 2 || a.nkw > 0 {
        let msg = format!(
            "str.zfill() takes exactly one argument ({} given)",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    let width = sequence::index_arg(t, a.get(t, 1))?;
    let s = a.get(t, 0);
    let n = char_len(t, s) as i64;
    if width <= n {
        return Ok(pystr::str_value(t, s));
    }
    let text = to_rust_string(t, s);
    let fill = (width - n) as usize;
    let size = sequence::check_build_size(t, fill.checked_add(text.len()))?;
    let mut out = String::with_capacity(size);
    let body = match text.chars().next() {
        Some(c @ ('+' | '-')) => {
            out.push(c);
            &text[1..]
        }
        _ => text.as_str(),
    };
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(body);
    new_str(t, &out)
}

fn str_expandtabs(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 2 {
        let msg = format!(
            "expandtabs() takes at most 1 argument ({} given)",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    let mut ts = a.opt(t, 1);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "tabsize") && ts.is_none() {
            ts = Some(v);
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for expandtabs()",
                to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    let tabsize = match ts {
        Some(v) => sequence::c_int_arg(t, v)?,
        None => 8,
    };
    let s = to_rust_string(t, a.get(t, 0));
    let size = expanded_size(s.chars().map(|c| (c as u32, c.len_utf8())), tabsize);
    let size = sequence::check_build_size(t, size)?;
    let mut out = String::with_capacity(size);
    let mut col: i64 = 0;
    for c in s.chars() {
        if c == '\t' {
            if tabsize > 0 {
                let incr = tabsize - col % tabsize;
                col += incr;
                out.extend(std::iter::repeat_n(' ', incr as usize));
            }
        } else {
            col += 1;
            out.push(c);
            if c == '\n' || c == '\r' {
                col = 0;
            }
        }
    }
    new_str(t, &out)
}

/// The byte size of `expandtabs(tabsize)`'s result over (code point, byte width) pairs;
/// None when it overflows.
pub fn expanded_size(chars: impl Iterator<Item = (u32, usize)>, tabsize: i64) -> Option<usize> {
    let (mut col, mut size): (u64, usize) = (0, 0);
    for (c, w) in chars {
        if c == '\t' as u32 {
            if tabsize > 0 {
                let incr = tabsize as u64 - col % tabsize as u64;
                col = col.checked_add(incr)?;
                size = size.checked_add(incr as usize)?;
            }
        } else {
            col += 1;
            size = size.checked_add(w)?;
            if c == '\n' as u32 || c == '\r' as u32 {
                col = 0;
            }
        }
    }
    Some(size)
}

// ----- predicates -----

fn predicate(t: &mut Thread, a: Args, name: &str, f: fn(&str) -> bool) -> PyResult<Value> {
    if a.len() != 1 || a.nkw > 0 {
        let msg = format!(
            "str.{name}() takes no arguments ({} given)",
            a.len() - 1 + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    Ok(Value::from_bool(with_str(t, a.get(t, 0), f)))
}

fn nonempty_all(s: &str, f: fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

fn isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() || is_title(c) {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

fn islower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_uppercase() || is_title(c) {
            return false;
        }
        if c.is_lowercase() {
            cased = true;
        }
    }
    cased
}

fn istitle(s: &str) -> bool {
    let (mut cased, mut prev_cased) = (false, false);
    for c in s.chars() {
        if c.is_uppercase() || is_title(c) {
            if prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    cased
}

fn isidentifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        None => false,
        Some(c) => {
            (c == '_'
                || c.is_ascii_alphabetic()
                || (!c.is_ascii() && unicode::in_table(unicode::XID_START, c)))
                && chars.all(|c| {
                    c == '_'
                        || c.is_ascii_alphanumeric()
                        || (!c.is_ascii() && unicode::in_table(unicode::XID_CONTINUE, c))
                })
        }
    }
}

fn str_isalpha(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "isalpha", |s| nonempty_all(s, is_alpha))
}
fn str_isalnum(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "isalnum", |s| {
        nonempty_all(s, |c| {
            is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
        })
    })
}
fn str_isdigit(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "isdigit", |s| nonempty_all(s, is_digit))
}
fn str_isdecimal(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "isdecimal", |s| nonempty_all(s, is_decimal))
}
fn str_isnumeric(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "isnumeric", |s| nonempty_all(s, is_numeric))
}
fn str_isspace(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "isspace", |s| nonempty_all(s, is_space))
}
fn str_isupper(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "isupper", isupper)
}
fn str_islower(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "islower", islower)
}
fn str_istitle(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "istitle", istitle)
}
fn str_isidentifier(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "isidentifier", isidentifier)
}
fn str_isprintable(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "isprintable", |s| s.chars().all(pystr::is_printable))
}
fn str_isascii(t: &mut Thread, a: Args) -> PyResult<Value> {
    predicate(t, a, "isascii", |s| s.is_ascii())
}

// ----- encoding, translation -----

/// Parses `(encoding='utf-8', errors='strict')` of `encode`/`decode`/`str()`.
pub fn codec_args(
    t: &mut Thread,
    a: Args,
    fname: &str,
    first: usize,
) -> PyResult<(String, String)> {
    let n = a.len() - first;
    if n > 2 {
        let msg = format!("{fname}() takes at most 2 arguments ({} given)", n);
        return Err(t.type_error(&msg));
    }
    let mut enc = a.opt(t, first);
    let mut err = a.opt(t, first + 1);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "encoding") && enc.is_none() {
            enc = Some(v);
        } else if pystr::str_eq_rust(t, k, "errors") && err.is_none() {
            err = Some(v);
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for {fname}()",
                to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    let mut get = |v: Option<Value>, what: &str, dflt: &str| -> PyResult<String> {
        match v {
            None => Ok(dflt.to_string()),
            Some(v) if is_str(t, v) => Ok(to_rust_string(t, v)),
            Some(v) => {
                let msg = format!(
                    "{fname}() argument '{what}' must be str, not {}",
                    type_::type_name_of(t, v)
                );
                Err(t.type_error(&msg))
            }
        }
    };
    let e = get(enc, "encoding", "utf-8")?;
    let r = get(err, "errors", "strict")?;
    Ok((e, r))
}

fn str_encode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (enc, errors) = codec_args(t, a, "encode", 1)?;
    let text = pystr::str_value(t, a.get(t, 0));
    codecs::encode_object(t, text, &enc, &errors)
}

fn str_maketrans(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "maketrans", 1, 3)?;
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    if a.len() == 1 {
        let x = a.get(t, 0);
        if !dict::is_dict(t, x) {
            return Err(
                t.type_error("if you give only one argument to maketrans it must be a dict")
            );
        }
        let mut i = 0;
        while i < dict::nentries(t, a.get(t, 0)) {
            if let Some((k, v)) = dict::entry_at(t, a.get(t, 0), i) {
                let mark = t.handle_mark();
                let hv = t.root(v);
                let key = if is_str(t, k) {
                    let cs: Vec<char> = with_str(t, k, |x| x.chars().collect());
                    if cs.len() != 1 {
                        return Err(
                            t.value_error("string keys in translate table must be of length 1")
                        );
                    }
                    Value::small_int(cs[0] as i64)
                } else if int::is_int(t, k) {
                    k
                } else {
                    return Err(t.type_error("keys in translate table must be strings or integers"));
                };
                dict::set(t, t.get(hd), key, t.get(hv))?;
                t.handle_release(mark);
            }
            i += 1;
        }
        return Ok(t.get(hd));
    }
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_str(t, x) {
        return Err(t.type_error(
            "first maketrans argument must be a string if there is a second argument",
        ));
    }
    if !is_str(t, y) {
        let msg = format!(
            "maketrans() argument 2 must be str, not {}",
            type_::type_name_of(t, y)
        );
        return Err(t.type_error(&msg));
    }
    let xs: Vec<char> = with_str(t, x, |s| s.chars().collect());
    let ys: Vec<char> = with_str(t, y, |s| s.chars().collect());
    if xs.len() != ys.len() {
        return Err(t.value_error("the first two maketrans arguments must have equal length"));
    }
    for (cx, cy) in xs.iter().zip(ys.iter()) {
        dict::set(
            t,
            t.get(hd),
            Value::small_int(*cx as i64),
            Value::small_int(*cy as i64),
        )?;
    }
    if let Some(z) = a.opt(t, 2) {
        if !is_str(t, z) {
            let msg = format!(
                "maketrans() argument 3 must be str, not {}",
                type_::type_name_of(t, z)
            );
            return Err(t.type_error(&msg));
        }
        let zs: Vec<char> = with_str(t, z, |s| s.chars().collect());
        for c in zs {
            dict::set(t, t.get(hd), Value::small_int(c as i64), Value::NONE)?;
        }
    }
    Ok(t.get(hd))
}

fn str_translate(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 2 || a.nkw > 0 {
        let msg = format!(
            "str.translate() takes exactly one argument ({} given)",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    let s = to_rust_string(t, a.get(t, 0));
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mark = t.handle_mark();
        let r = protocol::getitem(t, a.get(t, 1), Value::small_int(c as i64));
        let v = match r {
            Ok(v) => v,
            Err(e) => {
                if t.exception_matches(crate::objects::builtin_types::BuiltinType::LookupError) {
                    t.take_exception();
                    out.push(c);
                    t.handle_release(mark);
                    continue;
                }
                return Err(e);
            }
        };
        if v.is_none() {
        } else if int::is_int(t, v) {
            match int::to_i64(t, v)
                .and_then(|n| u32::try_from(n).ok())
                .and_then(char::from_u32)
            {
                Some(m) => out.push(m),
                None => return Err(t.value_error("character mapping must be in range(0x110000)")),
            }
        } else if is_str(t, v) {
            with_str(t, v, |x| out.push_str(x));
        } else {
            return Err(t.type_error("character mapping must return integer, None or str"));
        }
        t.handle_release(mark);
    }
    new_str(t, &out)
}

/// Adds the methods to `str`'s namespace.
pub fn init(t: &mut Thread, ty: Value) -> PyResult<()> {
    let h = t.root(ty);
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("find", str_find),
        ("rfind", str_rfind),
        ("index", str_index),
        ("rindex", str_rindex),
        ("count", str_count),
        ("startswith", str_startswith),
        ("endswith", str_endswith),
        ("split", str_split),
        ("rsplit", str_rsplit),
        ("splitlines", str_splitlines),
        ("join", str_join),
        ("partition", str_partition),
        ("rpartition", str_rpartition),
        ("strip", str_strip),
        ("lstrip", str_lstrip),
        ("rstrip", str_rstrip),
        ("replace", str_replace),
        ("removeprefix", str_removeprefix),
        ("removesuffix", str_removesuffix),
        ("upper", str_upper),
        ("lower", str_lower),
        ("casefold", str_casefold),
        ("title", str_title),
        ("capitalize", str_capitalize),
        ("swapcase", str_swapcase),
        ("center", str_center),
        ("ljust", str_ljust),
        ("rjust", str_rjust),
        ("zfill", str_zfill),
        ("expandtabs", str_expandtabs),
        ("isalpha", str_isalpha),
        ("isalnum", str_isalnum),
        ("isdigit", str_isdigit),
        ("isdecimal", str_isdecimal),
        ("isnumeric", str_isnumeric),
        ("isspace", str_isspace),
        ("isupper", str_isupper),
        ("islower", str_islower),
        ("istitle", str_istitle),
        ("isidentifier", str_isidentifier),
        ("isprintable", str_isprintable),
        ("isascii", str_isascii),
        ("encode", str_encode),
        ("translate", str_translate),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    native::add_static(t, t.get(h), "maketrans", str_maketrans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_splits_like_cpython() {
        assert_eq!(split_whitespace("  a  b ", -1), vec!["a", "b"]);
        assert_eq!(split_whitespace("a b c", 1), vec!["a", "b c"]);
        assert_eq!(split_whitespace("a  b  c  ", 1), vec!["a", "b  c  "]);
        assert_eq!(split_whitespace("", -1), Vec::<&str>::new());
        assert_eq!(split_whitespace("a\x1cb", -1), vec!["a", "b"]);
        assert_eq!(rsplit_whitespace("  a  b  c  ", 1), vec!["  a  b", "c"]);
        assert_eq!(rsplit_whitespace("a b c", -1), vec!["a", "b", "c"]);
    }

    #[test]
    fn splitlines_like_cpython() {
        assert_eq!(splitlines("a\nb\r\nc\n", false), vec!["a", "b", "c"]);
        assert_eq!(splitlines("x\ny\n", true), vec!["x\n", "y\n"]);
        assert_eq!(
            splitlines("a\u{1c}b\u{85}c\u{2028}d", false),
            vec!["a", "b", "c", "d"]
        );
        assert_eq!(splitlines("", false), Vec::<&str>::new());
    }

    #[test]
    fn case_mappings() {
        assert_eq!(title("hello world"), "Hello World");
        assert_eq!(title("they're bill's"), "They'Re Bill'S");
        assert_eq!(title("ß"), "Ss");
        assert_eq!(title("ǆa"), "ǅa");
        assert_eq!(capitalize("hELLO wORLD"), "Hello world");
        assert_eq!(casefold("ß"), "ss");
        assert_eq!(swapcase("aBc"), "AbC");
        assert!(istitle("Hello World"));
        assert!(!istitle("Hello world"));
        assert!(isidentifier("abc_1"));
        assert!(!isidentifier("1abc"));
    }

    #[test]
    fn searching() {
        assert_eq!(find_bytes(b"hello", b"l", 0), Some(2));
        assert_eq!(find_bytes(b"hello", b"", 5), Some(5));
        assert_eq!(find_bytes(b"hello", b"", 6), None);
        assert_eq!(rfind_bytes(b"hello", b"l", 0, 5), Some(3));
        assert_eq!(rfind_bytes(b"hello", b"h", 1, 5), None);
        assert_eq!(count_bytes(b"mississippi", b"ss"), 2);
        assert_eq!(count_bytes(b"aaaa", b"aa"), 2);
    }
}

//! The text-processing methods `bytes` and `bytearray` share (decode/hex, join/split,
//! strip, find/count/replace, case mapping, predicates, padding, partition, translate).
//! Each reads its receiver with `bytes_like` and builds results of the receiver's kind with
//! `make_like`; see `bytes.rs` for the type itself.

use ember_gc::Value;

use super::{
    a_bytes_like, byte_value, bytes_like, bytes_owned, make_like, me, need_bytes, new_bytes, qual,
};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::Args;
use crate::objects::sequence;
use crate::objects::str::{self as pystr, codecs};
use crate::objects::{bytearray, int, list, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

pub(super) fn bytes_decode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (enc, errors) = crate::objects::str::codec_args(t, a, "decode", 1)?;
    let data = me(t, a);
    codecs::decode_object(t, a.get(t, 0), &data, &enc, &errors)
}

pub(super) fn bytes_hex(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 3 {
        let msg = format!("hex() takes at most 2 arguments ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let mut sep = a.opt(t, 1);
    let mut per = a.opt(t, 2);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "sep") {
            sep = Some(v);
        } else if pystr::str_eq_rust(t, k, "bytes_per_sep") {
            per = Some(v);
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for hex()",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    let sep: Option<String> = match sep {
        None => None,
        Some(s) if pystr::is_str(t, s) => Some(pystr::to_rust_string(t, s)),
        Some(s) => match bytes_owned(t, s) {
            Some(b) => Some(String::from_utf8_lossy(&b).into_owned()),
            None => return Err(t.type_error("sep must be str or bytes.")),
        },
    };
    if let Some(s) = &sep {
        if s.chars().count() != 1 {
            return Err(t.value_error("sep must be length 1."));
        }
    }
    let per = match per {
        Some(v) => sequence::index_arg(t, v)?,
        None => 1,
    };
    let data = me(t, a);
    let s = hex_string(&data, sep.as_deref(), per);
    pystr::new_str(t, &s)
}

/// `bytes.hex(sep, bytes_per_sep)`: groups of `|per|` bytes counted from the right (from
/// the left when `per` is negative).
pub fn hex_string(data: &[u8], sep: Option<&str>, per: i64) -> String {
    let digits: Vec<String> = data.iter().map(|b| format!("{b:02x}")).collect();
    let Some(sep) = sep.filter(|_| per != 0) else {
        return digits.concat();
    };
    let n = per.unsigned_abs() as usize;
    let mut out = String::with_capacity(data.len() * 3);
    for (i, d) in digits.iter().enumerate() {
        if i > 0 {
            let boundary = if per > 0 {
                (data.len() - i).is_multiple_of(n)
            } else {
                i.is_multiple_of(n)
            };
            if boundary {
                out.push_str(sep);
            }
        }
        out.push_str(d);
    }
    out
}

/// Parses `bytes.fromhex`'s argument; Err(position) at the first bad character.
pub fn parse_hex(s: &str) -> Result<Vec<u8>, usize> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = c[i].to_digit(16).ok_or(i)?;
        let lo = match c.get(i + 1) {
            Some(ch) => ch.to_digit(16).ok_or(i + 1)?,
            None => return Err(i + 1),
        };
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    Ok(out)
}

pub(super) fn bytes_fromhex(t: &mut Thread, a: Args) -> PyResult<Value> {
    let q = if a.get(t, 0) == t.ty(BuiltinType::ByteArray) {
        "bytearray.fromhex"
    } else {
        "bytes.fromhex"
    };
    sequence::check_one(t, a, q)?;
    let s = a.get(t, 1);
    if !pystr::is_str(t, s) {
        let msg = format!(
            "fromhex() argument must be str, not {}",
            type_::type_name_of(t, s)
        );
        return Err(t.type_error(&msg));
    }
    let text = pystr::to_rust_string(t, s);
    let data = match parse_hex(&text) {
        Ok(d) => d,
        Err(pos) => {
            let msg = format!("non-hexadecimal number found in fromhex() arg at position {pos}");
            return Err(t.value_error(&msg));
        }
    };
    let cls = a.get(t, 0);
    if cls == t.ty(BuiltinType::Bytes) {
        return new_bytes(t, &data);
    }
    if cls == t.ty(BuiltinType::ByteArray) {
        return bytearray::new_bytearray(t, &data);
    }
    let b = new_bytes(t, &data)?;
    protocol::call(t, a.get(t, 0), &[b])
}

pub(super) fn bytes_join(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, &qual(t, a, "join"))?;
    let seq = sequence::as_seq_msg(t, a.get(t, 1), "can only join an iterable")?;
    let hs = t.root(seq);
    let sep = me(t, a);
    let mut out = Vec::new();
    for i in 0..sequence::seq_len(t, seq) {
        let item = sequence::seq_get(t, t.get(hs), i);
        let Some(b) = bytes_like(t, item) else {
            let msg = format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                type_::type_name_of(t, item)
            );
            return Err(t.type_error(&msg));
        };
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(b);
    }
    make_like(t, a.get(t, 0), &out)
}

pub(super) fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// A list of objects of `like`'s kind.
pub(super) fn parts_list(t: &mut Thread, like: Value, parts: &[&[u8]]) -> PyResult<Value> {
    let hl = t.root(like);
    let l = list::new_list(t, parts.len())?;
    let h = t.root(l);
    for p in parts {
        let v = make_like(t, t.get(hl), p)?;
        list::append(t, t.get(h), v)?;
    }
    Ok(t.get(h))
}

pub(super) fn split_args(t: &mut Thread, a: Args, name: &str) -> PyResult<(Option<Vec<u8>>, i64)> {
    if a.len() > 3 {
        let msg = format!("{name}() takes at most 2 arguments ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let mut sep = a.opt(t, 1);
    let mut max = a.opt(t, 2);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "sep") {
            sep = Some(v);
        } else if pystr::str_eq_rust(t, k, "maxsplit") {
            max = Some(v);
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for {name}()",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    let hsep = t.root(sep.unwrap_or(Value::NONE));
    let max = match max {
        Some(m) => sequence::index_arg(t, m)?,
        None => -1,
    };
    let sep = sep.map(|_| t.get(hsep));
    let sep = match sep {
        None => None,
        Some(s) if s.is_none() => None,
        Some(s) => {
            let b = need_bytes(t, s, a_bytes_like)?;
            if b.is_empty() {
                return Err(t.value_error("empty separator"));
            }
            Some(b)
        }
    };
    Ok((sep, max))
}

pub(super) fn split_ws(d: &[u8], max: i64, reverse: bool) -> Vec<&[u8]> {
    let mut count = if max < 0 { i64::MAX } else { max };
    let mut out = Vec::new();
    if !reverse {
        let mut i = 0;
        while count > 0 {
            while i < d.len() && is_ascii_space(d[i]) {
                i += 1;
            }
            if i == d.len() {
                break;
            }
            let j = i;
            while i < d.len() && !is_ascii_space(d[i]) {
                i += 1;
            }
            out.push(&d[j..i]);
            count -= 1;
        }
        while i < d.len() && is_ascii_space(d[i]) {
            i += 1;
        }
        if i < d.len() {
            out.push(&d[i..]);
        }
    } else {
        let mut i = d.len();
        while count > 0 {
            while i > 0 && is_ascii_space(d[i - 1]) {
                i -= 1;
            }
            if i == 0 {
                break;
            }
            let j = i;
            while i > 0 && !is_ascii_space(d[i - 1]) {
                i -= 1;
            }
            out.push(&d[i..j]);
            count -= 1;
        }
        while i > 0 && is_ascii_space(d[i - 1]) {
            i -= 1;
        }
        if i > 0 {
            out.push(&d[..i]);
        }
        out.reverse();
    }
    out
}

pub(super) fn split_sep<'a>(d: &'a [u8], sep: &[u8], max: i64, reverse: bool) -> Vec<&'a [u8]> {
    let mut count = if max < 0 { usize::MAX } else { max as usize };
    let mut out = Vec::new();
    if !reverse {
        let mut start = 0;
        while count > 0 {
            match pystr::methods_find(d, sep, start) {
                Some(p) => {
                    out.push(&d[start..p]);
                    start = p + sep.len();
                    count -= 1;
                }
                None => break,
            }
        }
        out.push(&d[start..]);
    } else {
        let mut end = d.len();
        while count > 0 {
            match pystr::methods_rfind(d, sep, 0, end) {
                Some(p) => {
                    out.push(&d[p + sep.len()..end]);
                    end = p;
                    count -= 1;
                }
                None => break,
            }
        }
        out.push(&d[..end]);
        out.reverse();
    }
    out
}

pub(super) fn bytes_split(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (sep, max) = split_args(t, a, "split")?;
    let d = me(t, a);
    let parts = match &sep {
        None => split_ws(&d, max, false),
        Some(s) => split_sep(&d, s, max, false),
    };
    parts_list(t, a.get(t, 0), &parts)
}

pub(super) fn bytes_rsplit(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (sep, max) = split_args(t, a, "rsplit")?;
    let d = me(t, a);
    let parts = match &sep {
        None => split_ws(&d, max, true),
        Some(s) => split_sep(&d, s, max, true),
    };
    parts_list(t, a.get(t, 0), &parts)
}

pub(super) fn bytes_splitlines(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mut ke = a.opt(t, 1);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "keepends") {
            ke = Some(v);
        }
    }
    let keep = match ke {
        Some(v) => protocol::truthy(t, v)?,
        None => false,
    };
    let d = me(t, a);
    let mut parts: Vec<&[u8]> = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < d.len() {
        if d[i] == b'\n' || d[i] == b'\r' {
            let mut end = i + 1;
            if d[i] == b'\r' && i + 1 < d.len() && d[i + 1] == b'\n' {
                end += 1;
            }
            parts.push(if keep { &d[start..end] } else { &d[start..i] });
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < d.len() {
        parts.push(&d[start..]);
    }
    parts_list(t, a.get(t, 0), &parts)
}

pub(super) fn strip_common(
    t: &mut Thread,
    a: Args,
    name: &str,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    sequence::check_range(t, a, name, 0, 1)?;
    let set: Option<Vec<u8>> = match a.opt(t, 1) {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => Some(need_bytes(t, v, a_bytes_like)?),
    };
    let d = me(t, a);
    let keep = |c: &u8| match &set {
        None => !is_ascii_space(*c),
        Some(s) => !s.contains(c),
    };
    let mut lo = 0;
    let mut hi = d.len();
    if left {
        lo = d.iter().position(keep).unwrap_or(d.len());
    }
    if right {
        hi = d.iter().rposition(keep).map(|p| p + 1).unwrap_or(0).max(lo);
    }
    make_like(t, a.get(t, 0), &d[lo..hi.max(lo)])
}

pub(super) fn bytes_strip(t: &mut Thread, a: Args) -> PyResult<Value> {
    strip_common(t, a, "strip", true, true)
}
pub(super) fn bytes_lstrip(t: &mut Thread, a: Args) -> PyResult<Value> {
    strip_common(t, a, "lstrip", true, false)
}
pub(super) fn bytes_rstrip(t: &mut Thread, a: Args) -> PyResult<Value> {
    strip_common(t, a, "rstrip", false, true)
}

/// A sub argument of find/count/index: an int byte value or bytes-like.
pub(super) fn sub_arg(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    if let Some(b) = bytes_owned(t, v) {
        return Ok(b);
    }
    let hv = t.root(v);
    if int::is_int(t, v) || sequence::to_index(t, v)?.is_some() {
        return Ok(vec![byte_value(t, t.get(hv))?]);
    }
    let msg = format!(
        "argument should be integer or bytes-like object, not '{}'",
        type_::type_name_of(t, t.get(hv))
    );
    Err(t.type_error(&msg))
}

pub(super) fn find_window(
    t: &mut Thread,
    a: Args,
    name: &str,
) -> PyResult<(Vec<u8>, Vec<u8>, usize, usize)> {
    if a.len() < 2 || a.len() > 4 {
        let msg = if a.len() < 2 {
            format!("{name}() takes at least 1 argument ({} given)", a.len() - 1)
        } else {
            format!("{name}() takes at most 3 arguments ({} given)", a.len() - 1)
        };
        return Err(t.type_error(&msg));
    }
    let sub = sub_arg(t, a.get(t, 1))?;
    let start = sequence::slice_index_arg(t, a.opt(t, 2), 0)?;
    let end = sequence::slice_index_arg(t, a.opt(t, 3), i64::MAX)?;
    let d = me(t, a);
    let (s, e) = sequence::adjust_range(start, end, d.len());
    Ok((d, sub, s, e))
}

pub(super) fn find_common(
    t: &mut Thread,
    a: Args,
    name: &str,
    reverse: bool,
) -> PyResult<Option<usize>> {
    let (d, sub, s, e) = find_window(t, a, name)?;
    if s > d.len() || e < s || e - s < sub.len() {
        return Ok(None);
    }
    Ok(if reverse {
        pystr::methods_rfind(&d[..e], &sub, s, e)
    } else {
        pystr::methods_find(&d[..e], &sub, s)
    })
}

pub(super) fn bytes_find(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = find_common(t, a, "find", false)?;
    Ok(Value::small_int(r.map(|i| i as i64).unwrap_or(-1)))
}
pub(super) fn bytes_rfind(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = find_common(t, a, "rfind", true)?;
    Ok(Value::small_int(r.map(|i| i as i64).unwrap_or(-1)))
}
pub(super) fn bytes_index(t: &mut Thread, a: Args) -> PyResult<Value> {
    match find_common(t, a, "index", false)? {
        Some(i) => Ok(Value::small_int(i as i64)),
        None => Err(t.value_error("subsection not found")),
    }
}
pub(super) fn bytes_rindex(t: &mut Thread, a: Args) -> PyResult<Value> {
    match find_common(t, a, "rindex", true)? {
        Some(i) => Ok(Value::small_int(i as i64)),
        None => Err(t.value_error("subsection not found")),
    }
}

pub(super) fn bytes_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (d, sub, s, e) = find_window(t, a, "count")?;
    if s > d.len() || e < s || e - s < sub.len() {
        return Ok(Value::small_int(0));
    }
    Ok(Value::small_int(pystr::methods_count(&d[s..e], &sub) as i64))
}

pub(super) fn tailmatch(t: &mut Thread, a: Args, name: &str, end_match: bool) -> PyResult<Value> {
    if a.len() < 2 || a.len() > 4 {
        let msg = format!("{name}() takes at least 1 argument ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let x = a.get(t, 1);
    let cands: Vec<Vec<u8>> = if tuple::is_tuple(t, x) {
        let mut v = Vec::new();
        for item in tuple::items(t, x) {
            match bytes_owned(t, item) {
                Some(b) => v.push(b),
                None => {
                    let msg = format!(
                        "a bytes-like object is required, not '{}'",
                        type_::type_name_of(t, item)
                    );
                    return Err(t.type_error(&msg));
                }
            }
        }
        v
    } else if let Some(b) = bytes_owned(t, x) {
        vec![b]
    } else {
        let msg = format!(
            "{name} first arg must be bytes or a tuple of bytes, not {}",
            type_::type_name_of(t, x)
        );
        return Err(t.type_error(&msg));
    };
    let start = sequence::slice_index_arg(t, a.opt(t, 2), 0)?;
    let end = sequence::slice_index_arg(t, a.opt(t, 3), i64::MAX)?;
    let d = me(t, a);
    let (s, e) = sequence::adjust_range(start, end, d.len());
    if s > d.len() || e < s {
        return Ok(Value::FALSE);
    }
    let w = &d[s..e];
    let found = cands.iter().any(|c| {
        if end_match {
            w.ends_with(c)
        } else {
            w.starts_with(c)
        }
    });
    Ok(Value::from_bool(found))
}

pub(super) fn bytes_startswith(t: &mut Thread, a: Args) -> PyResult<Value> {
    tailmatch(t, a, "startswith", false)
}
pub(super) fn bytes_endswith(t: &mut Thread, a: Args) -> PyResult<Value> {
    tailmatch(t, a, "endswith", true)
}

pub(super) fn bytes_replace(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "replace", 2, 3)?;
    let old = need_bytes(t, a.get(t, 1), a_bytes_like)?;
    let new = need_bytes(t, a.get(t, 2), a_bytes_like)?;
    let count = match a.opt(t, 3) {
        Some(v) => sequence::index_arg(t, v)?,
        None => -1,
    };
    let d = me(t, a);
    if new.len() > old.len() {
        let mut n = if old.is_empty() {
            d.len() + 1
        } else {
            pystr::methods_count(&d, &old)
        };
        if count >= 0 {
            n = n.min(count as usize);
        }
        let size = n
            .checked_mul(new.len() - old.len())
            .and_then(|x| x.checked_add(d.len()));
        sequence::check_build_size(t, size)?;
    }
    let out = replace_bytes(&d, &old, &new, count);
    make_like(t, a.get(t, 0), &out)
}

/// `bytes.replace` semantics (an empty `old` inserts between every byte).
pub fn replace_bytes(d: &[u8], old: &[u8], new: &[u8], count: i64) -> Vec<u8> {
    let mut left = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let mut out = Vec::with_capacity(d.len());
    if old.is_empty() {
        for (i, &c) in d.iter().enumerate() {
            if left > 0 {
                out.extend_from_slice(new);
                left -= 1;
            }
            out.push(c);
            let _ = i;
        }
        if left > 0 {
            out.extend_from_slice(new);
        }
        return out;
    }
    let mut i = 0;
    while left > 0 {
        match pystr::methods_find(d, old, i) {
            Some(p) => {
                out.extend_from_slice(&d[i..p]);
                out.extend_from_slice(new);
                i = p + old.len();
                left -= 1;
            }
            None => break,
        }
    }
    out.extend_from_slice(&d[i..]);
    out
}

pub(super) fn map_bytes(
    t: &mut Thread,
    a: Args,
    name: &str,
    f: fn(&[u8]) -> Vec<u8>,
) -> PyResult<Value> {
    sequence::check_noargs(t, a, &qual(t, a, name))?;
    let d = me(t, a);
    make_like(t, a.get(t, 0), &f(&d))
}

pub(super) fn b_title(d: &[u8]) -> Vec<u8> {
    let mut prev = false;
    d.iter()
        .map(|&c| {
            let r = if prev {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            };
            prev = c.is_ascii_alphabetic();
            r
        })
        .collect()
}

pub(super) fn b_capitalize(d: &[u8]) -> Vec<u8> {
    d.iter()
        .enumerate()
        .map(|(i, &c)| {
            if i == 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

pub(super) fn b_swapcase(d: &[u8]) -> Vec<u8> {
    d.iter()
        .map(|&c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

pub(super) fn bytes_upper(t: &mut Thread, a: Args) -> PyResult<Value> {
    map_bytes(t, a, "upper", |d| d.to_ascii_uppercase())
}
pub(super) fn bytes_lower(t: &mut Thread, a: Args) -> PyResult<Value> {
    map_bytes(t, a, "lower", |d| d.to_ascii_lowercase())
}
pub(super) fn bytes_title(t: &mut Thread, a: Args) -> PyResult<Value> {
    map_bytes(t, a, "title", b_title)
}
pub(super) fn bytes_capitalize(t: &mut Thread, a: Args) -> PyResult<Value> {
    map_bytes(t, a, "capitalize", b_capitalize)
}
pub(super) fn bytes_swapcase(t: &mut Thread, a: Args) -> PyResult<Value> {
    map_bytes(t, a, "swapcase", b_swapcase)
}

pub(super) fn pred(t: &mut Thread, a: Args, name: &str, f: fn(&[u8]) -> bool) -> PyResult<Value> {
    sequence::check_noargs(t, a, &qual(t, a, name))?;
    let d = me(t, a);
    Ok(Value::from_bool(f(&d)))
}

pub(super) fn b_istitle(d: &[u8]) -> bool {
    let (mut cased, mut prev) = (false, false);
    for &c in d {
        if c.is_ascii_uppercase() {
            if prev {
                return false;
            }
            prev = true;
            cased = true;
        } else if c.is_ascii_lowercase() {
            if !prev {
                return false;
            }
            prev = true;
            cased = true;
        } else {
            prev = false;
        }
    }
    cased
}

pub(super) fn bytes_isalnum(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isalnum", |d| {
        !d.is_empty() && d.iter().all(|c| c.is_ascii_alphanumeric())
    })
}
pub(super) fn bytes_isalpha(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isalpha", |d| {
        !d.is_empty() && d.iter().all(|c| c.is_ascii_alphabetic())
    })
}
pub(super) fn bytes_isascii(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isascii", |d| d.is_ascii())
}
pub(super) fn bytes_isdigit(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isdigit", |d| {
        !d.is_empty() && d.iter().all(|c| c.is_ascii_digit())
    })
}
pub(super) fn bytes_isspace(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isspace", |d| {
        !d.is_empty() && d.iter().all(|&c| is_ascii_space(c))
    })
}
pub(super) fn bytes_islower(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "islower", |d| {
        d.iter().any(|c| c.is_ascii_lowercase()) && !d.iter().any(|c| c.is_ascii_uppercase())
    })
}
pub(super) fn bytes_isupper(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isupper", |d| {
        d.iter().any(|c| c.is_ascii_uppercase()) && !d.iter().any(|c| c.is_ascii_lowercase())
    })
}
pub(super) fn bytes_istitle(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "istitle", b_istitle)
}

pub(super) fn pad_common(t: &mut Thread, a: Args, name: &str) -> PyResult<Value> {
    sequence::check_range(t, a, name, 1, 2)?;
    let width = sequence::index_arg(t, a.get(t, 1))?;
    let fill = match a.opt(t, 2) {
        None => b' ',
        Some(v) => match bytes_owned(t, v) {
            Some(b) if b.len() == 1 => b[0],
            _ => {
                let msg = format!(
                    "{name}() argument 2 must be a byte string of length 1, not {}",
                    type_::type_name_of(t, v)
                );
                return Err(t.type_error(&msg));
            }
        },
    };
    let d = me(t, a);
    let n = d.len() as i64;
    if width <= n {
        return make_like(t, a.get(t, 0), &d);
    }
    let marg = (width - n) as usize;
    sequence::check_build_size(t, marg.checked_add(d.len()))?;
    let left = match name {
        "ljust" => 0,
        "rjust" => marg,
        _ => marg / 2 + (marg & width as usize & 1),
    };
    let mut out = vec![fill; left];
    out.extend_from_slice(&d);
    out.extend(std::iter::repeat_n(fill, marg - left));
    make_like(t, a.get(t, 0), &out)
}

pub(super) fn bytes_center(t: &mut Thread, a: Args) -> PyResult<Value> {
    pad_common(t, a, "center")
}
pub(super) fn bytes_ljust(t: &mut Thread, a: Args) -> PyResult<Value> {
    pad_common(t, a, "ljust")
}
pub(super) fn bytes_rjust(t: &mut Thread, a: Args) -> PyResult<Value> {
    pad_common(t, a, "rjust")
}

pub(super) fn bytes_zfill(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, &qual(t, a, "zfill"))?;
    let width = sequence::index_arg(t, a.get(t, 1))?;
    let d = me(t, a);
    if width <= d.len() as i64 {
        return make_like(t, a.get(t, 0), &d);
    }
    let fill = width as usize - d.len();
    sequence::check_build_size(t, Some(width as usize))?;
    let mut out = Vec::with_capacity(width as usize);
    let body = match d.first() {
        Some(&c @ (b'+' | b'-')) => {
            out.push(c);
            &d[1..]
        }
        _ => &d[..],
    };
    out.extend(std::iter::repeat_n(b'0', fill));
    out.extend_from_slice(body);
    make_like(t, a.get(t, 0), &out)
}

pub(super) fn bytes_expandtabs(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mut ts = a.opt(t, 1);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "tabsize") {
            ts = Some(v);
        }
    }
    let tabsize = match ts {
        Some(v) => sequence::c_int_arg(t, v)?,
        None => 8,
    };
    let d = me(t, a);
    let size = crate::objects::str::expanded_size(d.iter().map(|&c| (c as u32, 1)), tabsize);
    sequence::check_build_size(t, size)?;
    let mut out = Vec::with_capacity(d.len());
    let mut col: i64 = 0;
    for &c in &d {
        if c == b'\t' {
            if tabsize > 0 {
                let incr = tabsize - col % tabsize;
                col += incr;
                out.extend(std::iter::repeat_n(b' ', incr as usize));
            }
        } else {
            col += 1;
            out.push(c);
            if c == b'\n' || c == b'\r' {
                col = 0;
            }
        }
    }
    make_like(t, a.get(t, 0), &out)
}

pub(super) fn partition_common(
    t: &mut Thread,
    a: Args,
    name: &str,
    reverse: bool,
) -> PyResult<Value> {
    sequence::check_one(t, a, &qual(t, a, name))?;
    let sep = need_bytes(t, a.get(t, 1), a_bytes_like)?;
    if sep.is_empty() {
        return Err(t.value_error("empty separator"));
    }
    let d = me(t, a);
    let found = if reverse {
        pystr::methods_rfind(&d, &sep, 0, d.len())
    } else {
        pystr::methods_find(&d, &sep, 0)
    };
    let empty: &[u8] = &[];
    let (x, y, z): (&[u8], &[u8], &[u8]) = match found {
        Some(p) => (&d[..p], &sep, &d[p + sep.len()..]),
        None if reverse => (empty, empty, &d),
        None => (&d, empty, empty),
    };
    let x = make_like(t, a.get(t, 0), x)?;
    let hx = t.root(x);
    let y = make_like(t, a.get(t, 0), y)?;
    let hy = t.root(y);
    let z = make_like(t, a.get(t, 0), z)?;
    tuple::new_tuple(t, &[t.get(hx), t.get(hy), z])
}

pub(super) fn bytes_partition(t: &mut Thread, a: Args) -> PyResult<Value> {
    partition_common(t, a, "partition", false)
}
pub(super) fn bytes_rpartition(t: &mut Thread, a: Args) -> PyResult<Value> {
    partition_common(t, a, "rpartition", true)
}

pub(super) fn affix(t: &mut Thread, a: Args, name: &str, prefix: bool) -> PyResult<Value> {
    sequence::check_one(t, a, &qual(t, a, name))?;
    let x = need_bytes(t, a.get(t, 1), a_bytes_like)?;
    let d = me(t, a);
    let r: &[u8] = if prefix {
        d.strip_prefix(&x[..]).unwrap_or(&d)
    } else {
        d.strip_suffix(&x[..]).unwrap_or(&d)
    };
    make_like(t, a.get(t, 0), r)
}

pub(super) fn bytes_removeprefix(t: &mut Thread, a: Args) -> PyResult<Value> {
    affix(t, a, "removeprefix", true)
}
pub(super) fn bytes_removesuffix(t: &mut Thread, a: Args) -> PyResult<Value> {
    affix(t, a, "removesuffix", false)
}

pub(super) fn bytes_translate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "translate")?;
    a.check_positional(t, "translate", 2, 3)?;
    let table = a.get(t, 1);
    let table: Option<Vec<u8>> = if table.is_none() {
        None
    } else {
        let b = need_bytes(t, table, a_bytes_like)?;
        if b.len() != 256 {
            return Err(t.value_error("translation table must be 256 characters long"));
        }
        Some(b)
    };
    let delete = match a.opt(t, 2) {
        Some(v) => need_bytes(t, v, a_bytes_like)?,
        None => Vec::new(),
    };
    let d = me(t, a);
    let out: Vec<u8> = d
        .iter()
        .filter(|c| !delete.contains(c))
        .map(|&c| table.as_ref().map(|tb| tb[c as usize]).unwrap_or(c))
        .collect();
    make_like(t, a.get(t, 0), &out)
}

pub(super) fn bytes_maketrans(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "maketrans", 2, 2)?;
    let from = need_bytes(t, a.get(t, 0), a_bytes_like)?;
    let to = need_bytes(t, a.get(t, 1), a_bytes_like)?;
    if from.len() != to.len() {
        return Err(t.value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (f, x) in from.iter().zip(to.iter()) {
        table[*f as usize] = *x;
    }
    new_bytes(t, &table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_groups() {
        assert_eq!(hex_string(&[1, 2, 3], None, 1), "010203");
        assert_eq!(hex_string(&[1, 2, 3], Some(":"), 1), "01:02:03");
        assert_eq!(hex_string(&[1, 2, 3], Some(":"), 2), "01:0203");
        assert_eq!(hex_string(&[1, 2, 3], Some(":"), -2), "0102:03");
        assert_eq!(parse_hex("0a ff"), Ok(vec![10, 255]));
        assert_eq!(parse_hex("zz"), Err(0));
        assert_eq!(parse_hex("0"), Err(1));
    }

    #[test]
    fn splitting_and_replacing() {
        assert_eq!(split_ws(b"  a  b ", -1, false), vec![&b"a"[..], b"b"]);
        assert_eq!(split_ws(b"a b c", 1, true), vec![&b"a b"[..], b"c"]);
        assert_eq!(
            split_sep(b"a,b,,c", b",", -1, false),
            vec![&b"a"[..], b"b", b"", b"c"]
        );
        assert_eq!(split_sep(b"a,b,c", b",", 1, true), vec![&b"a,b"[..], b"c"]);
        assert_eq!(replace_bytes(b"abc", b"", b"-", -1), b"-a-b-c-");
        assert_eq!(replace_bytes(b"aaa", b"a", b"b", 2), b"bba");
        assert_eq!(super::super::repr_bytes(b"a'\x00\xff"), "b\"a'\\x00\\xff\"");
    }
}

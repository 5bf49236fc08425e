//! `str`: immutable text. Strings of up to 7 UTF-8 bytes are immediates (small strs) held
//! in the value word; longer ones are Bytes-format heap objects laid out as
//! `[cached hash: u64][code point count: u64][UTF-8 bytes]`.
//!
//! **Invariant:** a str whose UTF-8 encoding has 7 bytes or fewer is always a small str, so two
//! small strs are equal iff their words are equal and a small str never equals a heap str.
//! Subclass instances keep their str value in slot 0.
//!
//! Code-point indexing is O(1) for ASCII strings (byte length == code point count).
//! FIXME(surrogates): text is UTF-8 here; lone surrogates (WTF-8) are not represented yet.
//!
//! `hash()` is CPython's: SipHash-1-3 with the zero key (CPython with PYTHONHASHSEED=0)
//! over the string's canonical Latin-1/UCS-2/UCS-4 form, so sets of strs iterate in
//! CPython's order. This file holds the type's core (storage, hashing, indexing, operators);
//! the methods are in `str_methods.rs`, formatting in `str_format.rs` and the Unicode
//! character tables in `str_unicode.rs`.

#[path = "str_codecs.rs"]
pub mod codecs;
#[path = "str_format.rs"]
pub mod format;
#[path = "str_methods.rs"]
mod methods;
pub use methods::{
    codec_args, count_bytes as methods_count, expanded_size, find_bytes as methods_find, is_space,
    rfind_bytes as methods_rfind,
};
#[path = "str_unicode.rs"]
pub mod unicode;

use std::cmp::Ordering;

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::sequence::{self, Key};
use crate::objects::{int, slice, type_};
use crate::protocol;
use crate::thread::Thread;

const STR_HEADER_BYTES: usize = 16;

/// Allocates a str holding `s`.
pub fn new_str(t: &mut Thread, s: &str) -> PyResult<Value> {
    new_str_from_utf8(t, s.as_bytes(), s.chars().count())
}

/// Allocates a str from UTF-8 bytes whose code point count is `chars`.
pub fn new_str_from_utf8(t: &mut Thread, bytes: &[u8], chars: usize) -> PyResult<Value> {
    if let Some(v) = Value::small_str(bytes) {
        return Ok(v);
    }
    let obj = t.alloc_bytes(BuiltinType::Str.layout(), STR_HEADER_BYTES + bytes.len())?;
    let raw = t.heap.bytes_mut(obj);
    raw[8..16].copy_from_slice(&(chars as u64).to_le_bytes());
    raw[STR_HEADER_BYTES..].copy_from_slice(bytes);
    Ok(obj)
}

/// Whether `v` is exactly a str (not a subclass).
#[inline]
pub fn is_exact_str(t: &Thread, v: Value) -> bool {
    v.is_small_str() || (v.is_heap() && t.heap.layout_id(v) == BuiltinType::Str.layout())
}

/// Whether `v` is a str or an instance of a str subclass.
pub fn is_str(t: &Thread, v: Value) -> bool {
    is_exact_str(t, v)
        || (v.is_heap()
            && t.layouts.get(t.heap.layout_id(v)).native == crate::layout::NativeKind::Str)
}

/// The underlying exact str of a str or str-subclass instance.
#[inline]
pub fn str_value(t: &Thread, v: Value) -> Value {
    if is_exact_str(t, v) {
        v
    } else {
        t.heap.slot(v, 0)
    }
}

/// Calls `f` with the UTF-8 bytes of the str `s` (exact or subclass instance).
pub fn with_str_bytes<R>(t: &Thread, s: Value, f: impl FnOnce(&Thread, &[u8]) -> R) -> R {
    let s = str_value(t, s);
    if s.is_small_str() {
        let (buf, len) = s.small_str_bytes();
        f(t, &buf[..len])
    } else {
        f(t, &t.heap.bytes(s)[STR_HEADER_BYTES..])
    }
}

/// The UTF-8 bytes of a heap str, borrowing the heap (no allocation may happen while held).
/// Small strs have no heap bytes: use `with_str_bytes` for those.
pub fn heap_str_bytes(t: &Thread, s: Value) -> &[u8] {
    &t.heap.bytes(s)[STR_HEADER_BYTES..]
}

/// A copy of the str's UTF-8 bytes.
pub fn str_bytes_owned(t: &Thread, s: Value) -> Vec<u8> {
    with_str_bytes(t, s, |_, b| b.to_vec())
}

/// A Rust `String` copy of the str.
pub fn to_rust_string(t: &Thread, s: Value) -> String {
    with_str_bytes(t, s, |_, b| String::from_utf8_lossy(b).into_owned())
}

/// Number of code points.
pub fn char_len(t: &Thread, s: Value) -> usize {
    let s = str_value(t, s);
    if s.is_small_str() {
        let (buf, len) = s.small_str_bytes();
        std::str::from_utf8(&buf[..len])
            .map(|x| x.chars().count())
            .unwrap_or(len)
    } else {
        let raw = t.heap.bytes(s);
        let mut n = [0u8; 8];
        n.copy_from_slice(&raw[8..16]);
        u64::from_le_bytes(n) as usize
    }
}

/// Byte length of the UTF-8 encoding.
pub fn byte_len(t: &Thread, s: Value) -> usize {
    let s = str_value(t, s);
    if s.is_small_str() {
        s.small_str_len()
    } else {
        t.heap.count(s) - STR_HEADER_BYTES
    }
}

/// Equality of two strs (exact or subclass instances).
pub fn str_eq(t: &Thread, a: Value, b: Value) -> bool {
    let a = str_value(t, a);
    let b = str_value(t, b);
    if a == b {
        return true;
    }
    if a.is_small_str() || b.is_small_str() {
        return false;
    }
    t.heap.bytes(a)[STR_HEADER_BYTES..] == t.heap.bytes(b)[STR_HEADER_BYTES..]
}

/// Whether the str equals the Rust string `s`.
pub fn str_eq_rust(t: &Thread, a: Value, s: &str) -> bool {
    with_str_bytes(t, a, |_, b| b == s.as_bytes())
}

/// The Python repr of a str (`'abc'`, choosing quotes and escapes as CPython).
pub fn repr_string(text: &str) -> String {
    let use_double = text.contains('\'') && !text.contains('"');
    let quote = if use_double { '"' } else { '\'' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if !is_printable(c) => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{:02x}", n));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{:04x}", n));
                } else {
                    out.push_str(&format!("\\U{:08x}", n));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// CPython's `Py_UNICODE_ISPRINTABLE` (used by `repr` and `str.isprintable`).
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    unicode::in_table(unicode::PRINTABLE, c)
}

/// `ascii(obj)`'s escaping of a repr: non-ASCII characters become `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN`.
pub fn ascii_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n <= 0xff {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n <= 0xffff {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

/// Calls `f` with the text of the str `s` (exact or subclass instance).
pub fn with_str<R>(t: &Thread, s: Value, f: impl FnOnce(&str) -> R) -> R {
    with_str_bytes(t, s, |_, b| match std::str::from_utf8(b) {
        Ok(text) => f(text),
        Err(_) => f(&String::from_utf8_lossy(b)),
    })
}

/// Number of bytes of the UTF-8 sequence that starts with `first`.
#[inline]
pub fn utf8_width(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xff => 4,
        _ => 1,
    }
}

/// Byte offset of code point `index` in UTF-8 `b` (b.len() when past the end).
pub fn byte_offset(b: &[u8], index: usize) -> usize {
    if index >= b.len() {
        return b.len();
    }
    let mut off = 0;
    for _ in 0..index {
        if off >= b.len() {
            return b.len();
        }
        off += utf8_width(b[off]);
    }
    off.min(b.len())
}

/// Whether every character of the str is ASCII.
pub fn is_ascii(t: &Thread, s: Value) -> bool {
    byte_len(t, s) == char_len(t, s)
}

/// SipHash-1-3 with the zero key, as CPython's `pysiphash` with PYTHONHASHSEED=0.
pub fn siphash13(data: &[u8]) -> u64 {
    let (k0, k1) = (0u64, 0u64);
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v2 = v2.wrapping_add(*v3);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v1);
        *v0 = v0.wrapping_add(*v3);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.rotate_left(32);
    };
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let mi = u64::from_le_bytes(w);
        v3 ^= mi;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= mi;
    }
    let mut b = (data.len() as u64) << 56;
    for (i, &byte) in chunks.remainder().iter().enumerate() {
        b |= (byte as u64) << (8 * i);
    }
    v3 ^= b;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    (v0 ^ v1) ^ (v2 ^ v3)
}

/// CPython's `_Py_HashBytes`: 0 for empty input, never -1.
pub fn hash_bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    let h = siphash13(b) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// The hash of UTF-8 text over its canonical CPython representation (1, 2 or 4 bytes per
/// code point depending on the largest).
fn hash_text(b: &[u8]) -> i64 {
    if b.is_ascii() {
        return hash_bytes(b);
    }
    let text = String::from_utf8_lossy(b);
    let max = text.chars().map(|c| c as u32).max().unwrap_or(0);
    let mut canon = Vec::with_capacity(text.len() * 2);
    for c in text.chars() {
        let n = c as u32;
        if max < 0x100 {
            canon.push(n as u8);
        } else if max < 0x10000 {
            canon.extend_from_slice(&(n as u16).to_le_bytes());
        } else {
            canon.extend_from_slice(&n.to_le_bytes());
        }
    }
    hash_bytes(&canon)
}

thread_local! {
    /// Hashes of recently hashed small strs, direct-mapped by their word: a small str has no
    /// heap object to cache its hash in, and names (`i`, `append`) are hashed constantly.
    static SMALL_HASHES: std::cell::RefCell<Vec<(u64, i64)>> =
        std::cell::RefCell::new(vec![(u64::MAX, 0); 1024]);
}

fn small_str_hash(s: Value) -> i64 {
    let w = s.raw();
    let slot = ((w ^ (w >> 29) ^ (w >> 47)) as usize) & 1023;
    SMALL_HASHES.with(|c| {
        let mut c = c.borrow_mut();
        if c[slot].0 == w {
            return c[slot].1;
        }
        let (buf, len) = s.small_str_bytes();
        let h = hash_text(&buf[..len]);
        c[slot] = (w, h);
        h
    })
}

/// `hash(s)`, cached in heap strs (0 in the cache means "not computed").
pub fn str_hash(t: &mut Thread, s: Value) -> i64 {
    let s = str_value(t, s);
    if s.is_small_str() {
        return small_str_hash(s);
    }
    let raw = t.heap.bytes(s);
    let mut cached = [0u8; 8];
    cached.copy_from_slice(&raw[0..8]);
    let c = i64::from_le_bytes(cached);
    if c != 0 {
        return c;
    }
    let h = hash_text(&raw[STR_HEADER_BYTES..]);
    t.heap.bytes_mut(s)[0..8].copy_from_slice(&h.to_le_bytes());
    h
}

/// Code point order of two strs (UTF-8 byte order is code point order).
pub fn compare(t: &Thread, a: Value, b: Value) -> Ordering {
    with_str_bytes(t, a, |t, x| with_str_bytes(t, b, |_, y| x.cmp(y)))
}

/// Concatenation.
pub fn concat(t: &mut Thread, a: Value, b: Value) -> PyResult<Value> {
    let mut bytes = str_bytes_owned(t, a);
    let chars = char_len(t, a) + char_len(t, b);
    with_str_bytes(t, b, |_, bb| bytes.extend_from_slice(bb));
    new_str_from_utf8(t, &bytes, chars)
}

/// The str `s[start..end]` in code points (clipped to the string).
pub fn substring(t: &mut Thread, s: Value, start: usize, end: usize) -> PyResult<Value> {
    let n = char_len(t, s);
    let end = end.min(n);
    if start >= end {
        return new_str(t, "");
    }
    if start == 0 && end == n && is_exact_str(t, s) {
        return Ok(s);
    }
    let ascii = is_ascii(t, s);
    let bytes = with_str_bytes(t, s, |_, b| {
        if ascii {
            b[start..end].to_vec()
        } else {
            let lo = byte_offset(b, start);
            let hi = lo + byte_offset(&b[lo..], end - start);
            b[lo..hi].to_vec()
        }
    });
    new_str_from_utf8(t, &bytes, end - start)
}

/// `s[i]` for an int index.
pub fn getitem_index(t: &mut Thread, s: Value, i: i64) -> PyResult<Value> {
    let n = char_len(t, s);
    let Some(j) = sequence::norm_index(i, n) else {
        return Err(t.index_error("string index out of range"));
    };
    let ascii = is_ascii(t, s);
    let v = with_str_bytes(t, s, |_, b| {
        let off = if ascii { j } else { byte_offset(b, j) };
        let w = utf8_width(b[off]).min(b.len() - off);
        Value::small_str(&b[off..off + w])
    });
    match v {
        Some(v) => Ok(v),
        None => Err(t.system_error("malformed str")),
    }
}

/// `s[key]`.
pub fn getitem(t: &mut Thread, s: Value, key: Value) -> PyResult<Value> {
    let h = t.root(s);
    match sequence::classify_key(t, key)? {
        Key::Index(i) => getitem_index(t, t.get(h), i),
        Key::Overflow => Err(t.index_error("cannot fit 'int' into an index-sized integer")),
        Key::Slice => {
            let (start, step, count) = slice::indices_for(t, key, t.get(h), char_len)?;
            if step == 1 {
                return substring(t, t.get(h), start as usize, start as usize + count);
            }
            let chars: Vec<char> = with_str(t, t.get(h), |x| x.chars().collect());
            let out: String = (0..count)
                .map(|k| chars[(start + step * k as i64) as usize])
                .collect();
            new_str(t, &out)
        }
        Key::Other(tn) => {
            let msg = format!("string indices must be integers, not '{tn}'");
            Err(t.type_error(&msg))
        }
    }
}

/// `s * n`. The result is allocated on the heap before it is filled, so a repetition too
/// large for the heap raises MemoryError without touching memory.
pub fn repeat(t: &mut Thread, s: Value, n: Value) -> PyResult<Value> {
    let h = t.root(s);
    let count = match sequence::repeat_arg(t, n)? {
        sequence::Repeat::Count(c) => c,
        sequence::Repeat::Done(v) => return Ok(v),
    };
    let s = t.get(h);
    let blen = byte_len(t, s);
    if count <= 0 || blen == 0 {
        return new_str(t, "");
    }
    if count == 1 && is_exact_str(t, s) {
        return Ok(s);
    }
    let count = count as usize;
    let total = match blen.checked_mul(count) {
        Some(x) if x <= isize::MAX as usize => x,
        _ => return Err(t.overflow_error("repeated string is too long")),
    };
    let src = str_bytes_owned(t, s);
    let chars = char_len(t, s) * count;
    if total <= 7 {
        return new_str_from_utf8(t, &src.repeat(count), chars);
    }
    let obj = t.alloc_bytes(BuiltinType::Str.layout(), STR_HEADER_BYTES + total)?;
    let raw = t.heap.bytes_mut(obj);
    raw[8..16].copy_from_slice(&(chars as u64).to_le_bytes());
    for chunk in raw[STR_HEADER_BYTES..].chunks_exact_mut(blen) {
        chunk.copy_from_slice(&src);
    }
    Ok(obj)
}

/// A str-subclass instance of `cls` holding the exact str `value` (or `value` itself when
/// `cls` is `str`).
pub fn new_of_class(t: &mut Thread, cls: Value, value: Value) -> PyResult<Value> {
    if cls == t.ty(BuiltinType::Str) {
        return Ok(value);
    }
    let hv = t.root(value);
    let layout = type_::instance_layout(t, cls);
    let num = t.layouts.get(layout).num_slots as usize;
    let obj = t.alloc_slots(layout, num.max(1), Value::NONE)?;
    let v = t.get(hv);
    t.heap.set_slot(obj, 0, v);
    Ok(obj)
}

// ----- natives -----

/// `str(object='')` / `str(object=b'', encoding='utf-8', errors='strict')`.
fn str_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Str)?;
    let mut object = a.opt(t, 1);
    let mut encoding = a.opt(t, 2);
    let mut errors = a.opt(t, 3);
    if a.len() > 4 {
        let msg = format!(
            "str() takes at most 3 arguments ({} given)",
            a.len() - 1 + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        let slot = if str_eq_rust(t, k, "object") {
            &mut object
        } else if str_eq_rust(t, k, "encoding") {
            &mut encoding
        } else if str_eq_rust(t, k, "errors") {
            &mut errors
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for str()",
                to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        };
        *slot = Some(v);
    }
    let value = if encoding.is_none() && errors.is_none() {
        match object {
            None => new_str(t, "")?,
            Some(o) => {
                let r = protocol::str_(t, o)?;
                str_value(t, r)
            }
        }
    } else {
        let o = object.unwrap_or(Value::NONE);
        format::decode_object(t, o, encoding, errors)?
    };
    new_of_class(t, a.get(t, 0), value)
}

fn str_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = with_str(t, a.get(t, 0), repr_string);
    new_str(t, &s)
}

fn str_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(str_value(t, a.get(t, 0)))
}

fn str_hash_native(t: &mut Thread, a: Args) -> PyResult<Value> {
    let h = str_hash(t, a.get(t, 0));
    int::from_i64(t, h)
}

fn str_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(char_len(t, a.get(t, 0)) as i64))
}

fn str_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getitem__", 2, 2)?;
    getitem(t, a.get(t, 0), a.get(t, 1))
}

fn str_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    let x = a.get(t, 1);
    if !is_str(t, x) {
        let msg = format!(
            "'in <string>' requires string as left operand, not {}",
            type_::type_name_of(t, x)
        );
        return Err(t.type_error(&msg));
    }
    let found = with_str_bytes(t, a.get(t, 0), |t, hay| {
        with_str_bytes(t, x, |_, needle| {
            methods::find_bytes(hay, needle, 0).is_some()
        })
    });
    Ok(Value::from_bool(found))
}

fn str_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = str_value(t, a.get(t, 0));
    t.new_object(BuiltinType::StrIterator.layout(), &[s, Value::small_int(0)])
}

fn str_add(t: &mut Thread, a: Args) -> PyResult<Value> {
    let y = a.get(t, 1);
    if !is_str(t, y) {
        if sequence::reflects(t, y, "__radd__")? {
            return Ok(Value::NOT_IMPLEMENTED);
        }
        let msg = format!(
            "can only concatenate str (not \"{}\") to str",
            type_::type_name_of(t, a.get(t, 1))
        );
        return Err(t.type_error(&msg));
    }
    concat(t, a.get(t, 0), a.get(t, 1))
}

fn str_mul(t: &mut Thread, a: Args) -> PyResult<Value> {
    repeat(t, a.get(t, 0), a.get(t, 1))
}

fn str_mod(t: &mut Thread, a: Args) -> PyResult<Value> {
    format::percent_format_str(t, a.get(t, 0), a.get(t, 1))
}

fn str_rmod(t: &mut Thread, a: Args) -> PyResult<Value> {
    let fmt = a.get(t, 1);
    if !is_str(t, fmt) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    format::percent_format_str(t, fmt, a.get(t, 0))
}

fn str_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_str(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let o = compare(t, x, y);
    let r = match op {
        CompareOp::Lt => o == Ordering::Less,
        CompareOp::Le => o != Ordering::Greater,
        CompareOp::Eq => o == Ordering::Equal,
        CompareOp::Ne => o != Ordering::Equal,
        CompareOp::Gt => o == Ordering::Greater,
        CompareOp::Ge => o != Ordering::Less,
    };
    Ok(Value::from_bool(r))
}

fn str_eq_native(t: &mut Thread, a: Args) -> PyResult<Value> {
    str_compare(t, a, CompareOp::Eq)
}
fn str_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    str_compare(t, a, CompareOp::Ne)
}
fn str_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    str_compare(t, a, CompareOp::Lt)
}
fn str_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    str_compare(t, a, CompareOp::Le)
}
fn str_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    str_compare(t, a, CompareOp::Gt)
}
fn str_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    str_compare(t, a, CompareOp::Ge)
}

fn str_getnewargs(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = str_value(t, a.get(t, 0));
    crate::objects::tuple::new_tuple(t, &[s])
}

/// Adds the type's methods to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::Str);
    let h = t.root(ty);
    native::add_static(t, ty, "__new__", str_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__repr__", str_repr),
        ("__str__", str_str),
        ("__hash__", str_hash_native),
        ("__len__", str_len),
        ("__getitem__", str_getitem),
        ("__contains__", str_contains),
        ("__iter__", str_iter),
        ("__add__", str_add),
        ("__mul__", str_mul),
        ("__rmul__", str_mul),
        ("__mod__", str_mod),
        ("__rmod__", str_rmod),
        ("__eq__", str_eq_native),
        ("__ne__", str_ne),
        ("__lt__", str_lt),
        ("__le__", str_le),
        ("__gt__", str_gt),
        ("__ge__", str_ge),
        ("__getnewargs__", str_getnewargs),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    methods::init(t, t.get(h))?;
    format::init(t, t.get(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_matches_cpython_with_zero_seed() {
        assert_eq!(hash_text(b""), 0);
        assert_eq!(hash_text(b"abc"), -4594863902769663758);
        assert_eq!(hash_text(b"a"), 4644417185603328019);
        assert_eq!(hash_text(b"hello world!"), 839851713330019024);
        assert_eq!(hash_text(b"abcdefgh"), 4574395652268504554);
        assert_eq!(hash_text("é".as_bytes()), 6047309291227476195);
        assert_eq!(hash_text("☃".as_bytes()), 5658562226297181912);
        assert_eq!(hash_text("😀x".as_bytes()), -8926728262118538918);
    }

    #[test]
    fn repr_escapes_like_cpython() {
        assert_eq!(repr_string("a'b"), "\"a'b\"");
        assert_eq!(repr_string("a'\"b"), "'a\\'\"b'");
        assert_eq!(repr_string("\u{0}\u{7f}\u{a0}é"), "'\\x00\\x7f\\xa0é'");
        assert_eq!(repr_string("\u{2028}"), "'\\u2028'");
    }

    #[test]
    fn byte_offsets() {
        let b = "héllo".as_bytes();
        assert_eq!(byte_offset(b, 0), 0);
        assert_eq!(byte_offset(b, 2), 3);
        assert_eq!(byte_offset(b, 5), 6);
        assert_eq!(byte_offset(b, 9), 6);
        assert_eq!(ascii_escape("aé☃😀"), "a\\xe9\\u2603\\U0001f600");
    }
}

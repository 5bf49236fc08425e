//! `bytes`: immutable byte strings, Bytes-format heap objects holding the bytes themselves.
//! Subclass instances keep their bytes in slot 0.
//!
//! The non-mutating methods are shared with `bytearray`: each native reads its receiver
//! through `bytes_like` (either type, subclasses included) and builds results of the
//! receiver's kind with `make_like`, so `bytearray.upper()` returns a bytearray.

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args, NativeFn};
use crate::objects::sequence::{self, Key};
use crate::objects::str::{self as pystr, codecs};
use crate::objects::{bytearray, int, list, slice, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

pub fn new_bytes(t: &mut Thread, b: &[u8]) -> PyResult<Value> {
    let obj = t.alloc_bytes(BuiltinType::Bytes.layout(), b.len())?;
    t.heap.bytes_mut(obj).copy_from_slice(b);
    Ok(obj)
}

/// The exact bytes object behind a bytes or bytes-subclass instance.
pub fn bytes_value(t: &Thread, v: Value) -> Value {
    if t.heap.layout_id(v) == BuiltinType::Bytes.layout() {
        v
    } else {
        t.heap.slot(v, 0)
    }
}

/// Whether `v` is a bytes (or subclass instance).
pub fn is_bytes(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::Bytes
}

/// Whether `v` is a bytes or bytearray (or subclass instance).
pub fn is_bytes_like(t: &Thread, v: Value) -> bool {
    v.is_heap()
        && matches!(
            t.layouts.get(t.heap.layout_id(v)).native,
            NativeKind::Bytes | NativeKind::ByteArray
        )
}

/// The contents of a bytes or bytearray, borrowing the heap; None for other values.
pub fn bytes_like(t: &Thread, v: Value) -> Option<&[u8]> {
    if !v.is_heap() {
        return None;
    }
    match t.layouts.get(t.heap.layout_id(v)).native {
        NativeKind::Bytes => Some(t.heap.bytes(bytes_value(t, v))),
        NativeKind::ByteArray => Some(bytearray::data(t, v)),
        _ => None,
    }
}

/// A copy of the contents of a bytes-like value.
pub fn bytes_owned(t: &Thread, v: Value) -> Option<Vec<u8>> {
    bytes_like(t, v).map(|b| b.to_vec())
}

/// A new object of `like`'s kind (bytes or bytearray) holding `data`.
pub fn make_like(t: &mut Thread, like: Value, data: &[u8]) -> PyResult<Value> {
    if bytearray::is_bytearray(t, like) {
        bytearray::new_bytearray(t, data)
    } else {
        new_bytes(t, data)
    }
}

/// `repr(b)`: `b'...'` with CPython's escapes and quote choice.
pub fn repr_bytes(b: &[u8]) -> String {
    repr_bytes_impl(b, false)
}

/// The `b'...'` part of `repr(bytearray)`, which (as CPython's) escapes `'` even inside
/// double quotes.
pub fn repr_bytearray_body(b: &[u8]) -> String {
    repr_bytes_impl(b, true)
}

fn repr_bytes_impl(b: &[u8], always_escape_single: bool) -> String {
    let use_double = b.contains(&b'\'') && !b.contains(&b'"');
    let q = if use_double { '"' } else { '\'' };
    let mut out = String::from("b");
    out.push(q);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == q || (always_escape_single && c == b'\'') => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            _ => out.push_str(&format!("\\x{:02x}", c)),
        }
    }
    out.push(q);
    out
}

/// A bytes-like argument, or TypeError with `msg` (formatted with the type name).
fn need_bytes(t: &mut Thread, v: Value, msg: impl FnOnce(&str) -> String) -> PyResult<Vec<u8>> {
    if let Some(b) = bytes_owned(t, v) {
        return Ok(b);
    }
    let m = msg(&type_::type_name_of(t, v));
    Err(t.type_error(&m))
}

fn a_bytes_like(tn: &str) -> String {
    format!("a bytes-like object is required, not '{tn}'")
}

/// `bytes.name` or `bytearray.name`, for error messages.
fn qual(t: &Thread, a: Args, name: &str) -> String {
    if bytearray::is_bytearray(t, a.get(t, 0)) {
        format!("bytearray.{name}")
    } else {
        format!("bytes.{name}")
    }
}

/// The contents of the receiver (arg 0).
fn me(t: &Thread, a: Args) -> Vec<u8> {
    bytes_owned(t, a.get(t, 0)).unwrap_or_default()
}

/// What `bytes(x)` / `bytearray(x)` contain: data, or `n` zero bytes (allocated directly
/// on the heap, so a huge count fails with MemoryError before anything is written).
pub enum Contents {
    Data(Vec<u8>),
    Zeros(usize),
}

impl Contents {
    /// The data (zeros materialised: only for counts known to be small).
    pub fn into_vec(self) -> Vec<u8> {
        match self {
            Contents::Data(d) => d,
            Contents::Zeros(n) => vec![0; n],
        }
    }
}

/// A new exact bytes object with `c`.
pub fn new_bytes_from(t: &mut Thread, c: Contents) -> PyResult<Value> {
    match c {
        Contents::Data(d) => new_bytes(t, &d),
        Contents::Zeros(n) => t.alloc_bytes(BuiltinType::Bytes.layout(), n),
    }
}

/// The contents of `bytes(x)` / `bytearray(x)` (without encoding).
pub fn from_object(t: &mut Thread, x: Value, plural: bool) -> PyResult<Contents> {
    if let Some(b) = bytes_owned(t, x) {
        return Ok(Contents::Data(b));
    }
    if pystr::is_str(t, x) {
        return Err(t.type_error("string argument without an encoding"));
    }
    let hx = t.root(x);
    if let Some(r) = protocol::call_special(t, x, "__bytes__", &[])? {
        if let Some(b) = bytes_owned(t, r) {
            return Ok(Contents::Data(b));
        }
        let msg = format!(
            "__bytes__ returned non-bytes (type {})",
            type_::type_name_of(t, r)
        );
        return Err(t.type_error(&msg));
    }
    if let Some((n, over)) = sequence::to_index(t, t.get(hx))? {
        if over && n > 0 {
            return Err(t.overflow_error("cannot fit 'int' into an index-sized integer"));
        }
        if n < 0 {
            return Err(t.value_error("negative count"));
        }
        return Ok(Contents::Zeros(n as usize));
    }
    if !sequence::is_iterable(t, t.get(hx))? {
        let msg = format!(
            "cannot convert '{}' object to bytes",
            type_::type_name_of(t, t.get(hx))
        );
        return Err(t.type_error(&msg));
    }
    iterable_of_ints(t, t.get(hx), plural).map(Contents::Data)
}

/// The bytes of an iterable of ints in range(256) (`bytes()` says "bytes must be in
/// range(0, 256)", `bytearray()` "byte must be ...").
pub fn iterable_of_ints(t: &mut Thread, x: Value, plural: bool) -> PyResult<Vec<u8>> {
    let it = protocol::iter(t, x)?;
    let hit = t.root(it);
    let mut out = Vec::new();
    loop {
        let mark = t.handle_mark();
        let Some(v) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let n = sequence::index_arg(t, v)?;
        if !(0..256).contains(&n) {
            return Err(t.value_error(if plural {
                "bytes must be in range(0, 256)"
            } else {
                "byte must be in range(0, 256)"
            }));
        }
        out.push(n as u8);
        t.handle_release(mark);
    }
    Ok(out)
}

/// An int argument that must be a byte value.
pub fn byte_value(t: &mut Thread, v: Value) -> PyResult<u8> {
    let n = sequence::index_arg(t, v)?;
    if !(0..256).contains(&n) {
        return Err(t.value_error("byte must be in range(0, 256)"));
    }
    Ok(n as u8)
}

/// `bytes(source, encoding, errors)` / `bytearray(...)` arguments to contents.
pub fn constructor_bytes(t: &mut Thread, a: Args, fname: &str) -> PyResult<Contents> {
    let mut source = a.opt(t, 1);
    let mut encoding = a.opt(t, 2);
    let mut errors = a.opt(t, 3);
    if a.len() > 4 {
        let msg = format!(
            "{fname}() takes at most 3 arguments ({} given)",
            a.len() - 1 + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        let slot = if pystr::str_eq_rust(t, k, "source") {
            &mut source
        } else if pystr::str_eq_rust(t, k, "encoding") {
            &mut encoding
        } else if pystr::str_eq_rust(t, k, "errors") {
            &mut errors
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for {fname}()",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        };
        *slot = Some(v);
    }
    let Some(source) = source else {
        if encoding.is_some() {
            return Err(t.type_error("encoding without a string argument"));
        }
        if errors.is_some() {
            return Err(t.type_error("errors without a string argument"));
        }
        return Ok(Contents::Data(Vec::new()));
    };
    if encoding.is_some() || errors.is_some() {
        if !pystr::is_str(t, source) {
            let msg = if encoding.is_some() {
                "encoding without a string argument"
            } else {
                "errors without a string argument"
            };
            return Err(t.type_error(msg));
        }
        let mut get = |v: Option<Value>, what: &str, dflt: &str| -> PyResult<String> {
            match v {
                None => Ok(dflt.into()),
                Some(v) if pystr::is_str(t, v) => Ok(pystr::to_rust_string(t, v)),
                Some(v) => {
                    let msg = format!(
                        "{fname}() argument '{what}' must be str, not {}",
                        type_::type_name_of(t, v)
                    );
                    Err(t.type_error(&msg))
                }
            }
        };
        let enc = get(encoding, "encoding", "utf-8")?;
        let err = get(errors, "errors", "strict")?;
        let text = pystr::to_rust_string(t, source);
        return match codecs::encode(&text, &enc, &err) {
            Ok(b) => Ok(Contents::Data(b)),
            Err(e) => Err(codecs::raise(t, e, source)),
        };
    }
    from_object(t, source, fname == "bytes")
}

// ----- natives shared with bytearray -----

fn bytes_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Bytes)?;
    let cls = a.get(t, 0);
    let hc = t.root(cls);
    if a.len() == 2 && a.nkw == 0 && cls == t.ty(BuiltinType::Bytes) {
        let x = a.get(t, 1);
        if x.is_heap() && t.heap.layout_id(x) == BuiltinType::Bytes.layout() {
            return Ok(x);
        }
    }
    let data = constructor_bytes(t, a, "bytes")?;
    let b = new_bytes_from(t, data)?;
    let cls = t.get(hc);
    if cls == t.ty(BuiltinType::Bytes) {
        return Ok(b);
    }
    let hb = t.root(b);
    let layout = type_::instance_layout(t, cls);
    let num = t.layouts.get(layout).num_slots as usize;
    let obj = t.alloc_slots(layout, num.max(1), Value::NONE)?;
    let b = t.get(hb);
    t.heap.set_slot(obj, 0, b);
    Ok(obj)
}

fn bytes_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = repr_bytes(&me(t, a));
    pystr::new_str(t, &s)
}

fn bytes_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    let h = pystr::hash_bytes(&me(t, a));
    int::from_i64(t, h)
}

fn bytes_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    let n = bytes_like(t, a.get(t, 0)).map(|b| b.len()).unwrap_or(0);
    Ok(Value::small_int(n as i64))
}

/// `b[key]` for bytes and bytearray.
pub fn getitem(t: &mut Thread, obj: Value, key: Value) -> PyResult<Value> {
    let h = t.root(obj);
    let ba = bytearray::is_bytearray(t, obj);
    match sequence::classify_key(t, key)? {
        Key::Index(i) => {
            let data = bytes_like(t, t.get(h)).unwrap_or(&[]);
            match sequence::norm_index(i, data.len()) {
                Some(j) => Ok(Value::small_int(data[j] as i64)),
                None => Err(t.index_error(if ba {
                    "bytearray index out of range"
                } else {
                    "index out of range"
                })),
            }
        }
        Key::Overflow => Err(sequence::index_overflow(t)),
        Key::Slice => {
            let n = bytes_like(t, t.get(h)).map(|b| b.len()).unwrap_or(0);
            let (start, step, count) = slice::indices_for(t, key, n)?;
            let data = bytes_owned(t, t.get(h)).unwrap_or_default();
            let out: Vec<u8> = (0..count)
                .map(|k| data[(start + step * k as i64) as usize])
                .collect();
            make_like(t, t.get(h), &out)
        }
        Key::Other(tn) => Err(sequence::bad_index(t, if ba { "bytearray" } else { "byte" }, &tn)),
    }
}

fn bytes_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getitem__", 2, 2)?;
    getitem(t, a.get(t, 0), a.get(t, 1))
}

/// `x in b`: an int byte value or a bytes-like subsequence.
pub fn contains(t: &mut Thread, b: Value, x: Value) -> PyResult<bool> {
    let hb = t.root(b);
    let hx = t.root(x);
    let needle = if let Some(n) = bytes_owned(t, x) {
        n
    } else if int::is_int(t, x) || sequence::to_index(t, x)?.is_some() {
        vec![byte_value(t, t.get(hx))?]
    } else {
        let msg = a_bytes_like(&type_::type_name_of(t, t.get(hx)));
        return Err(t.type_error(&msg));
    };
    let hay = bytes_owned(t, t.get(hb)).unwrap_or_default();
    Ok(crate::objects::str::methods_find(&hay, &needle, 0).is_some())
}

fn bytes_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(contains(t, a.get(t, 0), a.get(t, 1))?))
}

fn bytes_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let b = a.get(t, 0);
    let b = if is_bytes(t, b) { bytes_value(t, b) } else { b };
    t.new_object(BuiltinType::BytesIterator.layout(), &[b, Value::small_int(0)])
}

fn bytes_add(t: &mut Thread, a: Args) -> PyResult<Value> {
    let y = a.get(t, 1);
    let Some(other) = bytes_owned(t, y) else {
        if sequence::reflects(t, y, "__radd__")? {
            return Ok(Value::NOT_IMPLEMENTED);
        }
        let msg = format!(
            "can't concat {} to {}",
            type_::type_name_of(t, a.get(t, 1)),
            type_::type_name_of(t, a.get(t, 0))
        );
        return Err(t.type_error(&msg));
    };
    let mut data = me(t, a);
    data.extend_from_slice(&other);
    make_like(t, a.get(t, 0), &data)
}

/// `b * n` (for bytes and bytearray), allocated before it is filled.
pub fn repeat(t: &mut Thread, b: Value, n: Value) -> PyResult<Value> {
    let hb = t.root(b);
    let count = match sequence::repeat_arg(t, n)? {
        sequence::Repeat::Count(c) => c,
        sequence::Repeat::Done(v) => return Ok(v),
    };
    let data = bytes_owned(t, t.get(hb)).unwrap_or_default();
    if count <= 0 || data.is_empty() {
        return make_like(t, t.get(hb), &[]);
    }
    let total = match data.len().checked_mul(count as usize) {
        Some(x) if x <= isize::MAX as usize => x,
        _ if bytearray::is_bytearray(t, t.get(hb)) => {
            return Err(t.raise_empty(BuiltinType::MemoryError))
        }
        _ => return Err(t.overflow_error("repeated bytes are too long")),
    };
    let out = make_zeroed_like(t, t.get(hb), total)?;
    let buf = if bytearray::is_bytearray(t, out) {
        t.heap.slot(out, 0)
    } else {
        out
    };
    for chunk in t.heap.bytes_mut(buf)[..total].chunks_exact_mut(data.len()) {
        chunk.copy_from_slice(&data);
    }
    Ok(out)
}

/// A zero-filled object of `like`'s kind with `n` bytes (the heap refuses sizes it cannot
/// hold with MemoryError before anything is written).
pub fn make_zeroed_like(t: &mut Thread, like: Value, n: usize) -> PyResult<Value> {
    if bytearray::is_bytearray(t, like) {
        bytearray::new_zeroed(t, n)
    } else {
        t.alloc_bytes(BuiltinType::Bytes.layout(), n)
    }
}

fn bytes_mul(t: &mut Thread, a: Args) -> PyResult<Value> {
    repeat(t, a.get(t, 0), a.get(t, 1))
}

fn bytes_mod(t: &mut Thread, a: Args) -> PyResult<Value> {
    let fmt = me(t, a);
    let out = crate::objects::str::format::percent_format(t, &fmt, a.get(t, 1), false)?;
    make_like(t, a.get(t, 0), &out)
}

fn bytes_rmod(t: &mut Thread, a: Args) -> PyResult<Value> {
    let Some(fmt) = bytes_owned(t, a.get(t, 1)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let out = crate::objects::str::format::percent_format(t, &fmt, a.get(t, 0), false)?;
    make_like(t, a.get(t, 1), &out)
}

fn bytes_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (Some(x), Some(y)) = (bytes_like(t, a.get(t, 0)), bytes_like(t, a.get(t, 1))) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let o = x.cmp(y);
    use std::cmp::Ordering::*;
    let r = match op {
        CompareOp::Lt => o == Less,
        CompareOp::Le => o != Greater,
        CompareOp::Eq => o == Equal,
        CompareOp::Ne => o != Equal,
        CompareOp::Gt => o == Greater,
        CompareOp::Ge => o != Less,
    };
    Ok(Value::from_bool(r))
}

fn bytes_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    bytes_compare(t, a, CompareOp::Eq)
}
fn bytes_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    bytes_compare(t, a, CompareOp::Ne)
}
fn bytes_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    bytes_compare(t, a, CompareOp::Lt)
}
fn bytes_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    bytes_compare(t, a, CompareOp::Le)
}
fn bytes_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    bytes_compare(t, a, CompareOp::Gt)
}
fn bytes_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    bytes_compare(t, a, CompareOp::Ge)
}

fn bytes_bytes(t: &mut Thread, a: Args) -> PyResult<Value> {
    let b = a.get(t, 0);
    if t.heap.layout_id(b) == BuiltinType::Bytes.layout() {
        return Ok(b);
    }
    let data = me(t, a);
    new_bytes(t, &data)
}

fn bytes_getnewargs(t: &mut Thread, a: Args) -> PyResult<Value> {
    let data = me(t, a);
    let b = new_bytes(t, &data)?;
    tuple::new_tuple(t, &[b])
}

fn bytes_decode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (enc, errors) = crate::objects::str::codec_args(t, a, "decode", 1)?;
    let data = me(t, a);
    match codecs::decode(&data, &enc, &errors) {
        Ok(s) => pystr::new_str(t, &s),
        Err(e) => Err(codecs::raise(t, e, a.get(t, 0))),
    }
}

fn bytes_hex(t: &mut Thread, a: Args) -> PyResult<Value> {
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

fn bytes_fromhex(t: &mut Thread, a: Args) -> PyResult<Value> {
    let q = if a.get(t, 0) == t.ty(BuiltinType::ByteArray) { "bytearray.fromhex" } else { "bytes.fromhex" };
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

fn bytes_join(t: &mut Thread, a: Args) -> PyResult<Value> {
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

fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// A list of objects of `like`'s kind.
fn parts_list(t: &mut Thread, like: Value, parts: &[&[u8]]) -> PyResult<Value> {
    let hl = t.root(like);
    let l = list::new_list(t, parts.len())?;
    let h = t.root(l);
    for p in parts {
        let v = make_like(t, t.get(hl), p)?;
        list::append(t, t.get(h), v)?;
    }
    Ok(t.get(h))
}

fn split_args(t: &mut Thread, a: Args, name: &str) -> PyResult<(Option<Vec<u8>>, i64)> {
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

fn split_ws(d: &[u8], max: i64, reverse: bool) -> Vec<&[u8]> {
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

fn split_sep<'a>(d: &'a [u8], sep: &[u8], max: i64, reverse: bool) -> Vec<&'a [u8]> {
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

fn bytes_split(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (sep, max) = split_args(t, a, "split")?;
    let d = me(t, a);
    let parts = match &sep {
        None => split_ws(&d, max, false),
        Some(s) => split_sep(&d, s, max, false),
    };
    parts_list(t, a.get(t, 0), &parts)
}

fn bytes_rsplit(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (sep, max) = split_args(t, a, "rsplit")?;
    let d = me(t, a);
    let parts = match &sep {
        None => split_ws(&d, max, true),
        Some(s) => split_sep(&d, s, max, true),
    };
    parts_list(t, a.get(t, 0), &parts)
}

fn bytes_splitlines(t: &mut Thread, a: Args) -> PyResult<Value> {
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

fn strip_common(t: &mut Thread, a: Args, name: &str, left: bool, right: bool) -> PyResult<Value> {
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

fn bytes_strip(t: &mut Thread, a: Args) -> PyResult<Value> {
    strip_common(t, a, "strip", true, true)
}
fn bytes_lstrip(t: &mut Thread, a: Args) -> PyResult<Value> {
    strip_common(t, a, "lstrip", true, false)
}
fn bytes_rstrip(t: &mut Thread, a: Args) -> PyResult<Value> {
    strip_common(t, a, "rstrip", false, true)
}

/// A sub argument of find/count/index: an int byte value or bytes-like.
fn sub_arg(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
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

fn find_window(t: &mut Thread, a: Args, name: &str) -> PyResult<(Vec<u8>, Vec<u8>, usize, usize)> {
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

fn find_common(t: &mut Thread, a: Args, name: &str, reverse: bool) -> PyResult<Option<usize>> {
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

fn bytes_find(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = find_common(t, a, "find", false)?;
    Ok(Value::small_int(r.map(|i| i as i64).unwrap_or(-1)))
}
fn bytes_rfind(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = find_common(t, a, "rfind", true)?;
    Ok(Value::small_int(r.map(|i| i as i64).unwrap_or(-1)))
}
fn bytes_index(t: &mut Thread, a: Args) -> PyResult<Value> {
    match find_common(t, a, "index", false)? {
        Some(i) => Ok(Value::small_int(i as i64)),
        None => Err(t.value_error("subsection not found")),
    }
}
fn bytes_rindex(t: &mut Thread, a: Args) -> PyResult<Value> {
    match find_common(t, a, "rindex", true)? {
        Some(i) => Ok(Value::small_int(i as i64)),
        None => Err(t.value_error("subsection not found")),
    }
}

fn bytes_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (d, sub, s, e) = find_window(t, a, "count")?;
    if s > d.len() || e < s || e - s < sub.len() {
        return Ok(Value::small_int(0));
    }
    Ok(Value::small_int(pystr::methods_count(&d[s..e], &sub) as i64))
}

fn tailmatch(t: &mut Thread, a: Args, name: &str, end_match: bool) -> PyResult<Value> {
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
    let found = cands
        .iter()
        .any(|c| if end_match { w.ends_with(c) } else { w.starts_with(c) });
    Ok(Value::from_bool(found))
}

fn bytes_startswith(t: &mut Thread, a: Args) -> PyResult<Value> {
    tailmatch(t, a, "startswith", false)
}
fn bytes_endswith(t: &mut Thread, a: Args) -> PyResult<Value> {
    tailmatch(t, a, "endswith", true)
}

fn bytes_replace(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "replace", 2, 3)?;
    let old = need_bytes(t, a.get(t, 1), a_bytes_like)?;
    let new = need_bytes(t, a.get(t, 2), a_bytes_like)?;
    let count = match a.opt(t, 3) {
        Some(v) => sequence::index_arg(t, v)?,
        None => -1,
    };
    let d = me(t, a);
    if new.len() > old.len() {
        let mut n = if old.is_empty() { d.len() + 1 } else { pystr::methods_count(&d, &old) };
        if count >= 0 {
            n = n.min(count as usize);
        }
        let size = n.checked_mul(new.len() - old.len()).and_then(|x| x.checked_add(d.len()));
        sequence::check_build_size(t, size)?;
    }
    let out = replace_bytes(&d, &old, &new, count);
    make_like(t, a.get(t, 0), &out)
}

/// `bytes.replace` semantics (an empty `old` inserts between every byte).
pub fn replace_bytes(d: &[u8], old: &[u8], new: &[u8], count: i64) -> Vec<u8> {
    let mut left = if count < 0 { usize::MAX } else { count as usize };
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

fn map_bytes(t: &mut Thread, a: Args, name: &str, f: fn(&[u8]) -> Vec<u8>) -> PyResult<Value> {
    sequence::check_noargs(t, a, &qual(t, a, name))?;
    let d = me(t, a);
    make_like(t, a.get(t, 0), &f(&d))
}

fn b_title(d: &[u8]) -> Vec<u8> {
    let mut prev = false;
    d.iter()
        .map(|&c| {
            let r = if prev { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() };
            prev = c.is_ascii_alphabetic();
            r
        })
        .collect()
}

fn b_capitalize(d: &[u8]) -> Vec<u8> {
    d.iter()
        .enumerate()
        .map(|(i, &c)| if i == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
        .collect()
}

fn b_swapcase(d: &[u8]) -> Vec<u8> {
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

fn bytes_upper(t: &mut Thread, a: Args) -> PyResult<Value> {
    map_bytes(t, a, "upper", |d| d.to_ascii_uppercase())
}
fn bytes_lower(t: &mut Thread, a: Args) -> PyResult<Value> {
    map_bytes(t, a, "lower", |d| d.to_ascii_lowercase())
}
fn bytes_title(t: &mut Thread, a: Args) -> PyResult<Value> {
    map_bytes(t, a, "title", b_title)
}
fn bytes_capitalize(t: &mut Thread, a: Args) -> PyResult<Value> {
    map_bytes(t, a, "capitalize", b_capitalize)
}
fn bytes_swapcase(t: &mut Thread, a: Args) -> PyResult<Value> {
    map_bytes(t, a, "swapcase", b_swapcase)
}

fn pred(t: &mut Thread, a: Args, name: &str, f: fn(&[u8]) -> bool) -> PyResult<Value> {
    sequence::check_noargs(t, a, &qual(t, a, name))?;
    let d = me(t, a);
    Ok(Value::from_bool(f(&d)))
}

fn b_istitle(d: &[u8]) -> bool {
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

fn bytes_isalnum(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isalnum", |d| !d.is_empty() && d.iter().all(|c| c.is_ascii_alphanumeric()))
}
fn bytes_isalpha(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isalpha", |d| !d.is_empty() && d.iter().all(|c| c.is_ascii_alphabetic()))
}
fn bytes_isascii(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isascii", |d| d.is_ascii())
}
fn bytes_isdigit(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isdigit", |d| !d.is_empty() && d.iter().all(|c| c.is_ascii_digit()))
}
fn bytes_isspace(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isspace", |d| !d.is_empty() && d.iter().all(|&c| is_ascii_space(c)))
}
fn bytes_islower(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "islower", |d| {
        d.iter().any(|c| c.is_ascii_lowercase()) && !d.iter().any(|c| c.is_ascii_uppercase())
    })
}
fn bytes_isupper(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "isupper", |d| {
        d.iter().any(|c| c.is_ascii_uppercase()) && !d.iter().any(|c| c.is_ascii_lowercase())
    })
}
fn bytes_istitle(t: &mut Thread, a: Args) -> PyResult<Value> {
    pred(t, a, "istitle", b_istitle)
}

fn pad_common(t: &mut Thread, a: Args, name: &str) -> PyResult<Value> {
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

fn bytes_center(t: &mut Thread, a: Args) -> PyResult<Value> {
    pad_common(t, a, "center")
}
fn bytes_ljust(t: &mut Thread, a: Args) -> PyResult<Value> {
    pad_common(t, a, "ljust")
}
fn bytes_rjust(t: &mut Thread, a: Args) -> PyResult<Value> {
    pad_common(t, a, "rjust")
}

fn bytes_zfill(t: &mut Thread, a: Args) -> PyResult<Value> {
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

fn bytes_expandtabs(t: &mut Thread, a: Args) -> PyResult<Value> {
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

fn partition_common(t: &mut Thread, a: Args, name: &str, reverse: bool) -> PyResult<Value> {
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

fn bytes_partition(t: &mut Thread, a: Args) -> PyResult<Value> {
    partition_common(t, a, "partition", false)
}
fn bytes_rpartition(t: &mut Thread, a: Args) -> PyResult<Value> {
    partition_common(t, a, "rpartition", true)
}

fn affix(t: &mut Thread, a: Args, name: &str, prefix: bool) -> PyResult<Value> {
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

fn bytes_removeprefix(t: &mut Thread, a: Args) -> PyResult<Value> {
    affix(t, a, "removeprefix", true)
}
fn bytes_removesuffix(t: &mut Thread, a: Args) -> PyResult<Value> {
    affix(t, a, "removesuffix", false)
}

fn bytes_translate(t: &mut Thread, a: Args) -> PyResult<Value> {
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

fn bytes_maketrans(t: &mut Thread, a: Args) -> PyResult<Value> {
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

/// The methods `bytes` and `bytearray` share.
pub fn common_methods() -> &'static [(&'static str, NativeFn)] {
    &[
        ("__len__", bytes_len),
        ("__getitem__", bytes_getitem),
        ("__contains__", bytes_contains),
        ("__iter__", bytes_iter),
        ("__add__", bytes_add),
        ("__mul__", bytes_mul),
        ("__rmul__", bytes_mul),
        ("__mod__", bytes_mod),
        ("__rmod__", bytes_rmod),
        ("__eq__", bytes_eq),
        ("__ne__", bytes_ne),
        ("__lt__", bytes_lt),
        ("__le__", bytes_le),
        ("__gt__", bytes_gt),
        ("__ge__", bytes_ge),
        ("decode", bytes_decode),
        ("hex", bytes_hex),
        ("join", bytes_join),
        ("split", bytes_split),
        ("rsplit", bytes_rsplit),
        ("splitlines", bytes_splitlines),
        ("strip", bytes_strip),
        ("lstrip", bytes_lstrip),
        ("rstrip", bytes_rstrip),
        ("find", bytes_find),
        ("rfind", bytes_rfind),
        ("index", bytes_index),
        ("rindex", bytes_rindex),
        ("count", bytes_count),
        ("startswith", bytes_startswith),
        ("endswith", bytes_endswith),
        ("replace", bytes_replace),
        ("upper", bytes_upper),
        ("lower", bytes_lower),
        ("title", bytes_title),
        ("capitalize", bytes_capitalize),
        ("swapcase", bytes_swapcase),
        ("isalnum", bytes_isalnum),
        ("isalpha", bytes_isalpha),
        ("isascii", bytes_isascii),
        ("isdigit", bytes_isdigit),
        ("isspace", bytes_isspace),
        ("islower", bytes_islower),
        ("isupper", bytes_isupper),
        ("istitle", bytes_istitle),
        ("center", bytes_center),
        ("ljust", bytes_ljust),
        ("rjust", bytes_rjust),
        ("zfill", bytes_zfill),
        ("expandtabs", bytes_expandtabs),
        ("partition", bytes_partition),
        ("rpartition", bytes_rpartition),
        ("removeprefix", bytes_removeprefix),
        ("removesuffix", bytes_removesuffix),
        ("translate", bytes_translate),
    ]
}

/// Registers `fromhex` and `maketrans` on `ty` (bytes or bytearray).
pub fn add_type_functions(t: &mut Thread, ty: Value) -> PyResult<()> {
    let h = t.root(ty);
    native::add_classmethod(t, ty, "fromhex", bytes_fromhex)?;
    native::add_static(t, t.get(h), "maketrans", bytes_maketrans)
}

/// Adds the type's methods to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::Bytes);
    let h = t.root(ty);
    native::add_static(t, ty, "__new__", bytes_new)?;
    for (name, f) in common_methods() {
        native::add_method(t, t.get(h), name, *f)?;
    }
    native::add_method(t, t.get(h), "__repr__", bytes_repr)?;
    native::add_method(t, t.get(h), "__hash__", bytes_hash)?;
    native::add_method(t, t.get(h), "__bytes__", bytes_bytes)?;
    native::add_method(t, t.get(h), "__getnewargs__", bytes_getnewargs)?;
    add_type_functions(t, t.get(h))
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
        assert_eq!(split_sep(b"a,b,,c", b",", -1, false), vec![&b"a"[..], b"b", b"", b"c"]);
        assert_eq!(split_sep(b"a,b,c", b",", 1, true), vec![&b"a,b"[..], b"c"]);
        assert_eq!(replace_bytes(b"abc", b"", b"-", -1), b"-a-b-c-");
        assert_eq!(replace_bytes(b"aaa", b"a", b"b", 2), b"bba");
        assert_eq!(repr_bytes(b"a'\x00\xff"), "b\"a'\\x00\\xff\"");
    }
}

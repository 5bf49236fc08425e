//! `bytes`: immutable byte strings, Bytes-format heap objects holding the bytes themselves.
//! Subclass instances keep their bytes in slot 0.
//!
//! The non-mutating methods are shared with `bytearray`: each native reads its receiver
//! through `bytes_like` (either type, subclasses included) and builds results of the
//! receiver's kind with `make_like`, so `bytearray.upper()` returns a bytearray.

#[path = "bytes_methods.rs"]
mod methods;

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args, NativeFn};
use crate::objects::sequence::{self, Key};
use crate::objects::str::{self as pystr, codecs};
use crate::objects::{bytearray, int, memoryview, native_type, slice, tuple, type_};
use crate::protocol;
use crate::thread::Thread;
use methods::*;

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

/// The contents of an object that exports a buffer (bytes, bytearray, or a native type
/// marked by `native_type::set_buffer_exporter`, such as `array.array`), borrowing the heap;
/// None for other values.
pub fn exporter_data(t: &Thread, v: Value) -> Option<&[u8]> {
    if !v.is_heap() {
        return None;
    }
    match t.layouts.get(t.heap.layout_id(v)).native {
        NativeKind::Bytes => Some(t.heap.bytes(bytes_value(t, v))),
        NativeKind::ByteArray => Some(bytearray::data(t, v)),
        NativeKind::Record => native_type::buffer_data(t, v),
        _ => None,
    }
}

/// The contents of a writable exporter (bytearray or a native buffer exporter), mutably.
pub fn exporter_data_mut(t: &mut Thread, v: Value) -> Option<&mut [u8]> {
    if bytearray::is_bytearray(t, v) {
        return Some(bytearray::data_mut(t, v));
    }
    native_type::buffer_data_mut(t, v)
}

/// Whether `v` exports a buffer (see `exporter_data`).
pub fn is_exporter(t: &Thread, v: Value) -> bool {
    is_bytes_like(t, v) || native_type::is_buffer(t, v)
}

/// The contents of a bytes-like value (bytes, bytearray or a C-contiguous memoryview),
/// borrowing the heap; None for other values.
pub fn bytes_like(t: &Thread, v: Value) -> Option<&[u8]> {
    match exporter_data(t, v) {
        Some(d) => Some(d),
        None if memoryview::is_memoryview(t, v) => memoryview::contiguous_contents(t, v),
        None => None,
    }
}

/// A copy of the contents of a bytes-like value (any memoryview, in C order).
pub fn bytes_owned(t: &Thread, v: Value) -> Option<Vec<u8>> {
    if memoryview::is_memoryview(t, v) {
        return memoryview::contents(t, v);
    }
    exporter_data(t, v).map(|b| b.to_vec())
}

/// The text of `bytes.hex(sep, bytes_per_sep)` (also `binascii.hexlify`'s).
pub fn hex_string_pub(data: &[u8], sep: Option<&str>, per: i64) -> String {
    hex_string(data, sep, per)
}

/// `hex()` of the receiver's bytes, for the types that share it.
pub fn hex_native(t: &mut Thread, a: Args) -> PyResult<Value> {
    bytes_hex(t, a)
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
    if let Some(r) = protocol::call_special(t, x, crate::symbols::sym::__bytes__, &[])? {
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
        let text = pystr::str_value(t, source);
        let b = codecs::encode_object(t, text, &enc, &err)?;
        return Ok(Contents::Data(bytes_owned(t, b).unwrap_or_default()));
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
            let (start, step, count) = slice::indices_for(t, key, t.get(h), |t, v| {
                bytes_like(t, v).map(|b| b.len()).unwrap_or(0)
            })?;
            let data = bytes_owned(t, t.get(h)).unwrap_or_default();
            let out: Vec<u8> = (0..count)
                .map(|k| data[(start + step * k as i64) as usize])
                .collect();
            make_like(t, t.get(h), &out)
        }
        Key::Other(tn) => Err(sequence::bad_index(
            t,
            if ba { "bytearray" } else { "byte" },
            &tn,
        )),
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
    t.new_object(
        BuiltinType::BytesIterator.layout(),
        &[b, Value::small_int(0)],
    )
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
    // CPython's bytes compare only with bytes; bytearray compares with any buffer.
    if !bytearray::is_bytearray(t, a.get(t, 0)) && native_type::is_buffer(t, a.get(t, 1)) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
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

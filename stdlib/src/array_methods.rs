//! The named methods of `array.array` (list-like editing, conversions to and from bytes,
//! lists, str and files, copying and pickling) and `array._array_reconstructor`.
//!
//! Every method re-reads its receiver (`this`) after anything that may run Python code
//! (item conversion, comparisons, file calls), since that code may change the array.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{bytes, int, list, sequence, str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

use super::items::{self, Code};
use super::{
    array_type, bytes_arg, check_multiple, construct, data, data_mut, extend, find, item, len,
    new_exact, push_bytes, this, typecode_arg,
};

/// The items as a new list.
pub(super) fn to_list(t: &mut Thread, arr: Value, code: Code) -> PyResult<Value> {
    let ha = t.root(arr);
    let n = len(t, arr, code);
    let out = list::new_list(t, n)?;
    let ho = t.root(out);
    for i in 0..n {
        let mark = t.handle_mark();
        let v = item(t, t.get(ha), code, i)?;
        list::append(t, t.get(ho), v)?;
        t.handle_release(mark);
    }
    Ok(t.get(ho))
}

/// The characters of a 'u' array as a str.
pub(super) fn to_unicode(t: &mut Thread, arr: Value) -> PyResult<Value> {
    let raw = data(t, arr).to_vec();
    let mut s = String::with_capacity(raw.len() / 4);
    for w in raw.chunks_exact(4) {
        let c = u32::from_ne_bytes([w[0], w[1], w[2], w[3]]);
        s.push(items::wchar(t, c, true)?);
    }
    pystr::new_str(t, &s)
}

/// The argument check of CPython's methods that take the defining class (`extend`,
/// `fromfile`, `tofile`, `__reduce_ex__`): `n` positional arguments, no keywords.
pub(super) fn check_defining(t: &mut Thread, a: Args, name: &str, n: usize) -> PyResult<()> {
    let given = a.len() - 1;
    let s = if n == 1 { "" } else { "s" };
    if given < n {
        let msg = format!("{name}() takes exactly {n} positional argument{s} ({given} given)");
        return Err(t.type_error(&msg));
    }
    if given > n || a.nkw > 0 {
        let total = given + a.nkw;
        let msg = format!("{name}() takes at most {n} argument{s} ({total} given)");
        return Err(t.type_error(&msg));
    }
    Ok(())
}

fn append(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "array.append")?;
    let (_, code) = this(t, &a)?;
    let packed = items::pack(t, code, a.get(t, 1))?;
    let (arr, _) = this(t, &a)?;
    push_bytes(t, arr, &packed[..code.itemsize()])?;
    Ok(Value::NONE)
}

fn buffer_info(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "array.buffer_info")?;
    let (arr, code) = this(t, &a)?;
    // The address moves with the collector; it is only good until the next allocation.
    let address = data(t, arr).as_ptr() as usize as i128;
    let n = len(t, arr, code) as i64;
    let addr = int::from_i128(t, address)?;
    tuple::new_tuple(t, &[addr, Value::small_int(n)])
}

fn byteswap(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "array.byteswap")?;
    let (arr, code) = this(t, &a)?;
    let size = code.itemsize();
    for chunk in data_mut(t, arr).chunks_exact_mut(size) {
        chunk.reverse();
    }
    Ok(Value::NONE)
}

fn count(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "array.count")?;
    let mut n = 0i64;
    let mut i = 0;
    while let Some(j) = find(t, &a, 1, i, usize::MAX)? {
        n += 1;
        i = j + 1;
    }
    Ok(Value::small_int(n))
}

fn extend_method(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_defining(t, a, "extend", 1)?;
    let (arr, code) = this(t, &a)?;
    extend(t, arr, code, a.get(t, 1))?;
    Ok(Value::NONE)
}

fn frombytes(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "array.frombytes")?;
    let (_, code) = this(t, &a)?;
    let more = bytes_arg(t, a.get(t, 1))?;
    check_multiple(t, more.len(), code)?;
    let (arr, _) = this(t, &a)?;
    push_bytes(t, arr, &more)?;
    Ok(Value::NONE)
}

fn fromfile(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_defining(t, a, "fromfile", 2)?;
    let (_, code) = this(t, &a)?;
    let n = sequence::index_arg(t, a.get(t, 2))?;
    if n < 0 {
        return Err(t.value_error("negative count"));
    }
    let Some(nbytes) = (n as usize)
        .checked_mul(code.itemsize())
        .filter(|b| *b <= isize::MAX as usize)
    else {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    };
    let want = int::from_i128(t, nbytes as i128)?;
    let got = protocol::call_method(t, a.get(t, 1), "read", &[want])?;
    if !bytes::is_bytes(t, got) {
        return Err(t.type_error("read() didn't return bytes"));
    }
    let more = bytes::exporter_data(t, got).unwrap_or(&[]).to_vec();
    check_multiple(t, more.len(), code)?;
    let (arr, _) = this(t, &a)?;
    push_bytes(t, arr, &more)?;
    if more.len() != nbytes {
        return Err(t.raise_msg(BuiltinType::EOFError, "read() didn't return enough bytes"));
    }
    Ok(Value::NONE)
}

fn fromlist(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "array.fromlist")?;
    let (_, code) = this(t, &a)?;
    if !list::is_list(t, a.get(t, 1)) {
        return Err(t.type_error("arg must be list"));
    }
    let n = list::len(t, a.get(t, 1));
    let size = code.itemsize();
    let mut more = Vec::with_capacity(n.min(1 << 20) * size);
    for i in 0..n {
        let v = list::get(t, a.get(t, 1), i);
        let mark = t.handle_mark();
        let packed = items::pack(t, code, v)?;
        t.handle_release(mark);
        more.extend_from_slice(&packed[..size]);
        if list::len(t, a.get(t, 1)) != n {
            return Err(t.runtime_error("list changed size during iteration"));
        }
    }
    let (arr, _) = this(t, &a)?;
    push_bytes(t, arr, &more)?;
    Ok(Value::NONE)
}

fn fromunicode(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "array.fromunicode")?;
    let (arr, code) = this(t, &a)?;
    let s = a.get(t, 1);
    if !pystr::is_str(t, s) {
        let msg = format!(
            "fromunicode() argument must be str, not {}",
            type_::type_name_of(t, s)
        );
        return Err(t.type_error(&msg));
    }
    if code != Code::Wchar {
        return Err(t.value_error("fromunicode() may only be called on unicode type arrays"));
    }
    let more = super::wide_chars(t, s);
    push_bytes(t, arr, &more)?;
    Ok(Value::NONE)
}

/// A `start`/`stop` argument of `index` (Py_ssize_t, saturating; None is refused).
fn slice_index(t: &mut Thread, v: Option<Value>, default: i64) -> PyResult<i64> {
    let Some(v) = v else {
        return Ok(default);
    };
    match sequence::to_index(t, v)? {
        Some((i, _)) => Ok(i),
        None => Err(t.type_error("slice indices must be integers or have an __index__ method")),
    }
}

fn index(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "index", 1, 3)?;
    this(t, &a)?;
    let mut start = slice_index(t, a.opt(t, 2), 0)?;
    let mut stop = slice_index(t, a.opt(t, 3), i64::MAX)?;
    let (arr, code) = this(t, &a)?;
    let n = len(t, arr, code) as i64;
    if start < 0 {
        start = (start + n).max(0);
    }
    if stop < 0 {
        stop += n;
    }
    let found = if stop <= start {
        None
    } else {
        find(t, &a, 1, start as usize, stop as usize)?
    };
    match found {
        Some(i) => Ok(Value::small_int(i as i64)),
        None => Err(t.value_error("array.index(x): x not in array")),
    }
}

fn insert(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "insert", 2, 2)?;
    let (_, code) = this(t, &a)?;
    let mut i = sequence::index_arg(t, a.get(t, 1))?;
    let packed = items::pack(t, code, a.get(t, 2))?;
    let (arr, _) = this(t, &a)?;
    let n = len(t, arr, code) as i64;
    if i < 0 {
        i = (i + n).max(0);
    }
    let size = code.itemsize();
    let at = i.min(n) as usize * size;
    let old = data(t, arr).len();
    let ha = t.root(arr);
    super::resize(t, arr, old + size)?;
    let d = data_mut(t, t.get(ha));
    d.copy_within(at..old, at + size);
    d[at..at + size].copy_from_slice(&packed[..size]);
    Ok(Value::NONE)
}

/// Removes item `i` (`i < len`), moving the tail down in place.
fn delete_at(t: &mut Thread, arr: Value, code: Code, i: usize) -> PyResult<()> {
    let size = code.itemsize();
    let d = data_mut(t, arr);
    let n = d.len();
    d.copy_within((i + 1) * size..n, i * size);
    super::resize(t, arr, n - size)
}

fn pop(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "pop", 0, 1)?;
    this(t, &a)?;
    let i = match a.opt(t, 1) {
        Some(v) => sequence::index_arg(t, v)?,
        None => -1,
    };
    let (arr, code) = this(t, &a)?;
    let n = len(t, arr, code);
    if n == 0 {
        return Err(t.index_error("pop from empty array"));
    }
    let Some(i) = sequence::norm_index(i, n) else {
        return Err(t.index_error("pop index out of range"));
    };
    let v = item(t, arr, code, i)?;
    let hv = t.root(v);
    let (arr, _) = this(t, &a)?;
    delete_at(t, arr, code, i)?;
    Ok(t.get(hv))
}

fn remove(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "array.remove")?;
    match find(t, &a, 1, 0, usize::MAX)? {
        Some(i) => {
            let (arr, code) = this(t, &a)?;
            delete_at(t, arr, code, i)?;
            Ok(Value::NONE)
        }
        None => Err(t.value_error("array.remove(x): x not in array")),
    }
}

fn reverse(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "array.reverse")?;
    let (arr, code) = this(t, &a)?;
    let size = code.itemsize();
    let d = data_mut(t, arr);
    let n = d.len() / size;
    for i in 0..n / 2 {
        let j = n - 1 - i;
        for k in 0..size {
            d.swap(i * size + k, j * size + k);
        }
    }
    Ok(Value::NONE)
}

fn tobytes(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "array.tobytes")?;
    let (arr, _) = this(t, &a)?;
    let d = data(t, arr).to_vec();
    bytes::new_bytes(t, &d)
}

/// CPython writes in blocks of this many bytes.
const TOFILE_BLOCK: usize = 64 * 1024;

fn tofile(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_defining(t, a, "tofile", 1)?;
    let mut offset = 0;
    loop {
        let (arr, _) = this(t, &a)?;
        let d = data(t, arr);
        if offset >= d.len() {
            return Ok(Value::NONE);
        }
        let block = d[offset..d.len().min(offset + TOFILE_BLOCK)].to_vec();
        offset += block.len();
        let b = bytes::new_bytes(t, &block)?;
        protocol::call_method(t, a.get(t, 1), "write", &[b])?;
    }
}

fn tolist(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "array.tolist")?;
    let (arr, code) = this(t, &a)?;
    to_list(t, arr, code)
}

fn tounicode(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "array.tounicode")?;
    let (arr, code) = this(t, &a)?;
    if code != Code::Wchar {
        return Err(t.value_error("tounicode() may only be called on unicode type arrays"));
    }
    to_unicode(t, arr)
}

fn copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "array.__copy__")?;
    let (arr, code) = this(t, &a)?;
    let d = data(t, arr).to_vec();
    new_exact(t, code, &d)
}

fn deepcopy(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "array.__deepcopy__")?;
    let (arr, code) = this(t, &a)?;
    let d = data(t, arr).to_vec();
    new_exact(t, code, &d)
}

fn sizeof(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "array.__sizeof__")?;
    let (arr, _) = this(t, &a)?;
    let storage = t.heap.slot(arr, super::STORAGE);
    Ok(Value::small_int(64 + t.heap.count(storage) as i64))
}

/// `a.__reduce_ex__(protocol)`: `array._array_reconstructor` over the raw bytes from
/// protocol 3 on, `type(a)(typecode, list)` before (CPython's choice, since Python 2
/// would unpickle bytes as str).
fn reduce_ex(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_defining(t, a, "__reduce_ex__", 1)?;
    let (_, code) = this(t, &a)?;
    let p = a.get(t, 1);
    if !int::is_int(t, p) {
        return Err(t.type_error("__reduce_ex__ argument should be an integer"));
    }
    let Some(protocol_no) = int::to_i64(t, p) else {
        return Err(t.overflow_error("Python int too large to convert to C long"));
    };
    let state = match protocol::getattr_str(t, a.get(t, 0), "__dict__") {
        Ok(d) => d,
        Err(e) => {
            if !t.exception_matches(BuiltinType::AttributeError) {
                return Err(e);
            }
            t.take_exception();
            Value::NONE
        }
    };
    let hs = t.root(state);
    let tc = pystr::new_str(t, code.to_char().encode_utf8(&mut [0u8; 4]))?;
    let htc = t.root(tc);
    let (arr, _) = this(t, &a)?;
    let cls = t.type_of(arr);
    let hcls = t.root(cls);
    if protocol_no < 3 {
        let l = to_list(t, arr, code)?;
        let args = tuple::new_tuple(t, &[t.get(htc), l])?;
        return tuple::new_tuple(t, &[t.get(hcls), args, t.get(hs)]);
    }
    let module = ember_vm::import::import_dotted(t, "array")?;
    let f = protocol::getattr_str(t, module, "_array_reconstructor")?;
    let hf = t.root(f);
    let (arr, _) = this(t, &a)?;
    let raw = data(t, arr).to_vec();
    let b = bytes::new_bytes(t, &raw)?;
    let args = tuple::new_tuple(
        t,
        &[
            t.get(hcls),
            t.get(htc),
            Value::small_int(items::mformat_of(code)),
            b,
        ],
    )?;
    tuple::new_tuple(t, &[t.get(hf), args, t.get(hs)])
}

/// `array._array_reconstructor(arraytype, typecode, mformat_code, items)`: rebuilds a
/// pickled array, decoding `items` when they were written in another machine format.
pub(super) fn array_reconstructor(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "_array_reconstructor", 4, 4)?;
    let cls = a.get(t, 0);
    if !type_::is_type(t, cls) {
        let msg = format!(
            "first argument must be a type object, not {}",
            type_::tp_name(t, t.type_of(cls))?
        );
        return Err(t.type_error(&msg));
    }
    let aty = array_type(t)?;
    if !type_::is_subtype(t, a.get(t, 0), aty) {
        let msg = format!(
            "{} is not a subtype of array.array",
            type_::tp_name(t, a.get(t, 0))?
        );
        return Err(t.type_error(&msg));
    }
    let c = typecode_arg(t, a.get(t, 1), "_array_reconstructor", 2)?;
    let m = sequence::c_int_arg(t, a.get(t, 2))?;
    let Some(code) = Code::from_char(c) else {
        return Err(t.value_error("second argument must be a valid type code"));
    };
    if !(0..=items::MFORMAT_MAX).contains(&m) {
        return Err(t.value_error("third argument must be a valid machine format code."));
    }
    let raw_v = a.get(t, 3);
    if !bytes::is_bytes(t, raw_v) {
        let msg = format!(
            "fourth argument should be bytes, not {}",
            type_::tp_name(t, t.type_of(raw_v))?
        );
        return Err(t.type_error(&msg));
    }
    if m == items::mformat_of(code) {
        return construct(t, a.get(t, 0), c, Some(a.get(t, 3)));
    }
    let raw = bytes::exporter_data(t, raw_v).unwrap_or(&[]).to_vec();
    let (size, signed, big) = items::mformat_layout(m);
    if raw.len() % size != 0 {
        return Err(t.value_error("string length not a multiple of item size"));
    }
    let mut c = c;
    let converted = match m {
        14..=17 => {
            let l = list::new_list(t, raw.len() / size)?;
            let hl = t.root(l);
            for w in raw.chunks_exact(size) {
                let mut b = [0u8; 8];
                b[..size].copy_from_slice(w);
                let x = match (size, big) {
                    (4, false) => f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
                    (4, true) => f32::from_be_bytes([b[0], b[1], b[2], b[3]]) as f64,
                    (_, false) => f64::from_le_bytes(b),
                    (_, true) => f64::from_be_bytes(b),
                };
                let f = ember_vm::objects::float::new_float(t, x)?;
                list::append(t, t.get(hl), f)?;
            }
            t.get(hl)
        }
        18..=21 => {
            let codec = match m {
                18 => "utf-16-le",
                19 => "utf-16-be",
                20 => "utf-32-le",
                _ => "utf-32-be",
            };
            let enc = pystr::new_str(t, codec)?;
            protocol::call_method(t, a.get(t, 3), "decode", &[enc])?
        }
        _ => {
            if let Some(ic) = items::int_code_for(size, signed) {
                c = ic.to_char();
            }
            let l = list::new_list(t, raw.len() / size)?;
            let hl = t.root(l);
            for w in raw.chunks_exact(size) {
                let mut v: u128 = 0;
                for k in 0..size {
                    let byte = if big { w[k] } else { w[size - 1 - k] };
                    v = (v << 8) | byte as u128;
                }
                let bits = 8 * size as u32;
                let n = if signed && v >> (bits - 1) & 1 == 1 {
                    v as i128 - (1i128 << bits)
                } else {
                    v as i128
                };
                let x = int::from_i128(t, n)?;
                list::append(t, t.get(hl), x)?;
            }
            t.get(hl)
        }
    };
    construct(t, a.get(t, 0), c, Some(converted))
}

pub(super) const METHODS: &[(&str, native::NativeFn)] = &[
    ("append", append),
    ("buffer_info", buffer_info),
    ("byteswap", byteswap),
    ("count", count),
    ("extend", extend_method),
    ("frombytes", frombytes),
    ("fromfile", fromfile),
    ("fromlist", fromlist),
    ("fromunicode", fromunicode),
    ("index", index),
    ("insert", insert),
    ("pop", pop),
    ("remove", remove),
    ("reverse", reverse),
    ("tobytes", tobytes),
    ("tofile", tofile),
    ("tolist", tolist),
    ("tounicode", tounicode),
    ("__copy__", copy),
    ("__deepcopy__", deepcopy),
    ("__reduce_ex__", reduce_ex),
    ("__sizeof__", sizeof),
];

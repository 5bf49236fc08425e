//! The `zlib` module over zlib itself (the `libz-sys` crate builds its bundled source), so
//! compressed bytes are zlib's: one-shot `compress`/`decompress`, streaming `Compress` and
//! `Decompress` objects, `crc32`/`adler32`. A stream's `z_stream` is a native resource
//! (boxed, so zlib's internal pointers to it stay valid) ended when the object dies.

use std::ffi::CStr;

use ember_gc::Value;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::{bytes, dict, int, module, sequence, str as pystr, tuple};
use ember_vm::protocol;
use ember_vm::resources;
use ember_vm::thread::Thread;
use libz_sys as z;

const ERROR_KEY: &str = "zlib.error";
const COMPRESS_KEY: &str = "zlib.Compress";
const DECOMPRESS_KEY: &str = "zlib.Decompress";
const DEF_BUF_SIZE: usize = 16384;

unsafe extern "C" fn zalloc(_opaque: z::voidpf, items: z::uInt, size: z::uInt) -> z::voidpf {
    // SAFETY: calloc with the sizes zlib asks for.
    unsafe { libc::calloc(items as usize, size as usize) }
}

unsafe extern "C" fn zfree(_opaque: z::voidpf, p: z::voidpf) {
    // SAFETY: `p` came from `zalloc`.
    unsafe { libc::free(p) }
}

fn new_stream() -> Box<z::z_stream> {
    Box::new(z::z_stream {
        next_in: std::ptr::null_mut(),
        avail_in: 0,
        total_in: 0,
        next_out: std::ptr::null_mut(),
        avail_out: 0,
        total_out: 0,
        msg: std::ptr::null_mut(),
        state: std::ptr::null_mut(),
        zalloc,
        zfree,
        opaque: std::ptr::null_mut(),
        data_type: 0,
        adler: 0,
        reserved: 0,
    })
}

#[derive(PartialEq, Eq)]
enum Kind {
    Deflate,
    Inflate,
}

/// A live zlib stream; ended on drop.
struct Stream {
    s: Box<z::z_stream>,
    kind: Kind,
    /// Inflate: the end of the compressed stream was reached.
    eof: bool,
}

impl Drop for Stream {
    fn drop(&mut self) {
        // SAFETY: the stream was initialised by deflateInit2_/inflateInit2_ (or copied).
        unsafe {
            match self.kind {
                Kind::Deflate => z::deflateEnd(&mut *self.s),
                Kind::Inflate => z::inflateEnd(&mut *self.s),
            };
        }
    }
}

fn zerror(t: &mut Thread, s: &z::z_stream, code: i32, what: &str) -> Raised {
    let msg = if !s.msg.is_null() && code != z::Z_VERSION_ERROR {
        // SAFETY: zlib's messages are static NUL-terminated strings.
        unsafe { CStr::from_ptr(s.msg) }.to_string_lossy().into_owned()
    } else {
        match code {
            z::Z_BUF_ERROR => "incomplete or truncated stream".into(),
            z::Z_STREAM_ERROR => "inconsistent stream state".into(),
            z::Z_DATA_ERROR => "invalid input data".into(),
            _ => "library version mismatch".into(),
        }
    };
    let text = format!("Error {code} while {what}: {msg}");
    match native_type::native_type(t, ERROR_KEY) {
        Some(ty) => t.raise_type_msg(ty, &text),
        None => t.runtime_error(&text),
    }
}

fn data_arg(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    match bytes::bytes_owned(t, v) {
        Some(b) if !pystr::is_str(t, v) => Ok(b),
        _ => {
            let msg = format!(
                "a bytes-like object is required, not '{}'",
                ember_vm::objects::type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

fn int_kw(t: &mut Thread, a: &Args, pos: usize, name: &str, default: i64) -> PyResult<i64> {
    let mut v = a.opt(t, pos);
    for i in 0..a.nkw {
        let (k, val) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, name) {
            v = Some(val);
        }
    }
    match v {
        Some(v) => sequence::index_arg(t, v),
        None => Ok(default),
    }
}

fn deflate_init(s: &mut z::z_stream, level: i32, method: i32, wbits: i32, mem: i32, strategy: i32) -> i32 {
    // SAFETY: `s` is a fresh stream; the version string and size are zlib's own.
    unsafe {
        z::deflateInit2_(
            s,
            level,
            method,
            wbits,
            mem,
            strategy,
            z::zlibVersion(),
            std::mem::size_of::<z::z_stream>() as i32,
        )
    }
}

fn inflate_init(s: &mut z::z_stream, wbits: i32) -> i32 {
    // SAFETY: as above.
    unsafe { z::inflateInit2_(s, wbits, z::zlibVersion(), std::mem::size_of::<z::z_stream>() as i32) }
}

/// Runs deflate over `input` with `flush`, collecting all output.
fn run_deflate(t: &mut Thread, s: &mut z::z_stream, input: &[u8], flush: i32) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    s.next_in = input.as_ptr() as *mut u8;
    s.avail_in = input.len() as u32;
    loop {
        let mut buf = vec![0u8; DEF_BUF_SIZE];
        s.next_out = buf.as_mut_ptr();
        s.avail_out = buf.len() as u32;
        // SAFETY: the in/out buffers are valid for the sizes given.
        let r = unsafe { z::deflate(s, flush) };
        if r == z::Z_STREAM_ERROR {
            return Err(zerror(t, s, r, "compressing data"));
        }
        let produced = buf.len() - s.avail_out as usize;
        out.extend_from_slice(&buf[..produced]);
        if s.avail_out != 0 || r == z::Z_STREAM_END {
            break;
        }
    }
    Ok(out)
}

fn z_compress(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("compress() missing required argument 'data' (pos 1)"));
    }
    let data = data_arg(t, a.get(t, 0))?;
    let level = int_kw(t, &a, 1, "level", -1)? as i32;
    let wbits = int_kw(t, &a, 2, "wbits", 15)? as i32;
    let mut s = new_stream();
    let r = deflate_init(&mut s, level, z::Z_DEFLATED, wbits, 8, 0);
    if r != z::Z_OK {
        if r == z::Z_STREAM_ERROR {
            let ty = native_type::native_type(t, ERROR_KEY);
            return Err(match ty {
                Some(ty) => t.raise_type_msg(ty, "Bad compression level"),
                None => t.value_error("Bad compression level"),
            });
        }
        return Err(zerror(t, &s, r, "compressing data"));
    }
    let stream = Stream { s, kind: Kind::Deflate, eof: false };
    let mut stream = stream;
    let out = run_deflate(t, &mut stream.s, &data, z::Z_FINISH)?;
    bytes::new_bytes(t, &out)
}

/// Inflates `input`; returns (output, bytes of input consumed, stream ended).
fn run_inflate(
    t: &mut Thread,
    s: &mut z::z_stream,
    input: &[u8],
    max_length: usize,
    bufsize: usize,
) -> PyResult<(Vec<u8>, usize, bool)> {
    let mut out = Vec::new();
    s.next_in = input.as_ptr() as *mut u8;
    s.avail_in = input.len() as u32;
    let mut ended = false;
    loop {
        let room = if max_length > 0 {
            (max_length - out.len()).min(bufsize.max(1))
        } else {
            bufsize.max(1)
        };
        if room == 0 {
            break;
        }
        let mut buf = vec![0u8; room];
        s.next_out = buf.as_mut_ptr();
        s.avail_out = room as u32;
        // SAFETY: the in/out buffers are valid for the sizes given.
        let r = unsafe { z::inflate(s, z::Z_SYNC_FLUSH) };
        let produced = room - s.avail_out as usize;
        out.extend_from_slice(&buf[..produced]);
        match r {
            z::Z_STREAM_END => {
                ended = true;
                break;
            }
            z::Z_OK => {}
            z::Z_BUF_ERROR if s.avail_out != 0 => break,
            z::Z_BUF_ERROR => {}
            z::Z_NEED_DICT | z::Z_DATA_ERROR | z::Z_STREAM_ERROR | z::Z_MEM_ERROR => {
                let code = if r == z::Z_NEED_DICT { z::Z_DATA_ERROR } else { r };
                return Err(zerror(t, s, code, "decompressing data"));
            }
            _ => return Err(zerror(t, s, r, "decompressing data")),
        }
        if s.avail_in == 0 && s.avail_out != 0 {
            break;
        }
        if max_length > 0 && out.len() >= max_length {
            break;
        }
    }
    let consumed = input.len() - s.avail_in as usize;
    Ok((out, consumed, ended))
}

fn z_decompress(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("decompress() missing required argument 'data' (pos 1)"));
    }
    let data = data_arg(t, a.get(t, 0))?;
    let wbits = int_kw(t, &a, 1, "wbits", 15)? as i32;
    let bufsize = int_kw(t, &a, 2, "bufsize", DEF_BUF_SIZE as i64)?;
    if bufsize < 0 {
        return Err(t.value_error("bufsize must be non-negative"));
    }
    let mut s = new_stream();
    let r = inflate_init(&mut s, wbits);
    if r != z::Z_OK {
        return Err(zerror(t, &s, r, "preparing to decompress data"));
    }
    let mut stream = Stream { s, kind: Kind::Inflate, eof: false };
    let (out, _, ended) = run_inflate(t, &mut stream.s, &data, 0, bufsize as usize)?;
    if !ended {
        return Err(zerror(t, &stream.s, z::Z_BUF_ERROR, "decompressing data"));
    }
    bytes::new_bytes(t, &out)
}

// ----- stream objects -----

// Compress slots: 0 = resource id. Decompress slots: 0 = resource id, 1 = unused_data,
// 2 = unconsumed_tail.
const RES: usize = 0;
const UNUSED: usize = 1;
const TAIL: usize = 2;

fn new_stream_object(t: &mut Thread, key: &str, slots: &[Value], stream: Stream) -> PyResult<Value> {
    let ty = match native_type::native_type(t, key) {
        Some(ty) => ty,
        None => return Err(t.system_error("zlib is not initialised")),
    };
    let obj = native_type::new_instance(t, ty, slots)?;
    let id = resources::attach(t, obj, stream);
    t.heap.set_slot(obj, RES, Value::small_int(id as i64));
    Ok(obj)
}

fn stream_of<'a>(t: &'a mut Thread, obj: Value) -> PyResult<&'a mut Stream> {
    if resources::of::<Stream>(t, obj, RES).is_none() {
        return Err(t.value_error("stream is not initialised"));
    }
    Ok(resources::of::<Stream>(t, obj, RES).expect("checked above"))
}

fn zdict_arg(t: &mut Thread, a: &Args, pos: usize) -> PyResult<Option<Vec<u8>>> {
    let mut v = a.opt(t, pos);
    for i in 0..a.nkw {
        let (k, val) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "zdict") {
            v = Some(val);
        }
    }
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => Ok(Some(data_arg(t, v)?)),
    }
}

fn z_compressobj(t: &mut Thread, a: Args) -> PyResult<Value> {
    let level = int_kw(t, &a, 0, "level", -1)? as i32;
    let method = int_kw(t, &a, 1, "method", z::Z_DEFLATED as i64)? as i32;
    let wbits = int_kw(t, &a, 2, "wbits", 15)? as i32;
    let mem = int_kw(t, &a, 3, "memLevel", 8)? as i32;
    let strategy = int_kw(t, &a, 4, "strategy", 0)? as i32;
    let zdict = zdict_arg(t, &a, 5)?;
    let mut s = new_stream();
    let r = deflate_init(&mut s, level, method, wbits, mem, strategy);
    if r == z::Z_STREAM_ERROR {
        return Err(t.value_error("Invalid initialization option"));
    }
    if r != z::Z_OK {
        return Err(zerror(t, &s, r, "creating compression object"));
    }
    if let Some(d) = zdict {
        // SAFETY: the dictionary buffer is valid for the call.
        let r = unsafe { z::deflateSetDictionary(&mut *s, d.as_ptr(), d.len() as u32) };
        if r != z::Z_OK {
            return Err(t.value_error("Invalid dictionary"));
        }
    }
    new_stream_object(t, COMPRESS_KEY, &[Value::NONE], Stream { s, kind: Kind::Deflate, eof: false })
}

fn c_compress(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "compress", 2, 2)?;
    let data = data_arg(t, a.get(t, 1))?;
    let obj = a.get(t, 0);
    let mut s = std::mem::replace(&mut stream_of(t, obj)?.s, new_stream());
    let r = run_deflate(t, &mut s, &data, z::Z_NO_FLUSH);
    let obj = a.get(t, 0);
    stream_of(t, obj)?.s = s;
    bytes::new_bytes(t, &r?)
}

fn c_flush(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "flush", 1, 2)?;
    let mode = match a.opt(t, 1) {
        Some(v) => sequence::index_arg(t, v)? as i32,
        None => z::Z_FINISH,
    };
    if mode == z::Z_NO_FLUSH {
        return bytes::new_bytes(t, &[]);
    }
    let obj = a.get(t, 0);
    let mut s = std::mem::replace(&mut stream_of(t, obj)?.s, new_stream());
    let r = run_deflate(t, &mut s, &[], mode);
    let obj = a.get(t, 0);
    stream_of(t, obj)?.s = s;
    bytes::new_bytes(t, &r?)
}

fn z_decompressobj(t: &mut Thread, a: Args) -> PyResult<Value> {
    let wbits = int_kw(t, &a, 0, "wbits", 15)? as i32;
    let zdict = zdict_arg(t, &a, 1)?;
    let mut s = new_stream();
    let r = inflate_init(&mut s, wbits);
    if r == z::Z_STREAM_ERROR {
        return Err(t.value_error("Invalid initialization option"));
    }
    if r != z::Z_OK {
        return Err(zerror(t, &s, r, "creating decompression object"));
    }
    if let Some(d) = &zdict {
        if wbits < 0 {
            // SAFETY: as for deflateSetDictionary.
            unsafe { z::inflateSetDictionary(&mut *s, d.as_ptr(), d.len() as u32) };
        }
    }
    let empty = bytes::new_bytes(t, &[])?;
    let obj = new_stream_object(
        t,
        DECOMPRESS_KEY,
        &[Value::NONE, empty, empty],
        Stream { s, kind: Kind::Inflate, eof: false },
    )?;
    Ok(obj)
}

fn d_decompress(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "decompress", 2, 3)?;
    let data = data_arg(t, a.get(t, 1))?;
    let max_length = int_kw(t, &a, 2, "max_length", 0)?;
    if max_length < 0 {
        return Err(t.value_error("max_length must be non-negative"));
    }
    let obj = a.get(t, 0);
    if stream_of(t, obj)?.eof {
        // After the end, everything is unused data.
        let old = bytes::bytes_owned(t, t.heap.slot(a.get(t, 0), UNUSED)).unwrap_or_default();
        let mut all = old;
        all.extend_from_slice(&data);
        let u = bytes::new_bytes(t, &all)?;
        t.heap.set_slot(a.get(t, 0), UNUSED, u);
        return bytes::new_bytes(t, &[]);
    }
    let mut s = std::mem::replace(&mut stream_of(t, obj)?.s, new_stream());
    let r = run_inflate(t, &mut s, &data, max_length as usize, DEF_BUF_SIZE);
    let obj = a.get(t, 0);
    let st = stream_of(t, obj)?;
    st.s = s;
    let (out, consumed, ended) = r?;
    if ended {
        stream_of(t, a.get(t, 0))?.eof = true;
        let u = bytes::new_bytes(t, &data[consumed..])?;
        t.heap.set_slot(a.get(t, 0), UNUSED, u);
        let e = bytes::new_bytes(t, &[])?;
        t.heap.set_slot(a.get(t, 0), TAIL, e);
    } else {
        let tail = bytes::new_bytes(t, &data[consumed..])?;
        t.heap.set_slot(a.get(t, 0), TAIL, tail);
    }
    bytes::new_bytes(t, &out)
}

fn d_flush(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "flush", 1, 2)?;
    let tail = bytes::bytes_owned(t, t.heap.slot(a.get(t, 0), TAIL)).unwrap_or_default();
    let obj = a.get(t, 0);
    if stream_of(t, obj)?.eof {
        return bytes::new_bytes(t, &[]);
    }
    let mut s = std::mem::replace(&mut stream_of(t, obj)?.s, new_stream());
    let r = run_inflate(t, &mut s, &tail, 0, DEF_BUF_SIZE);
    let obj = a.get(t, 0);
    stream_of(t, obj)?.s = s;
    let (out, consumed, ended) = r?;
    if ended {
        stream_of(t, a.get(t, 0))?.eof = true;
        let u = bytes::new_bytes(t, &tail[consumed..])?;
        t.heap.set_slot(a.get(t, 0), UNUSED, u);
    }
    let e = bytes::new_bytes(t, &[])?;
    t.heap.set_slot(a.get(t, 0), TAIL, e);
    bytes::new_bytes(t, &out)
}

fn d_unused_data(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), UNUSED))
}

fn d_unconsumed_tail(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), TAIL))
}

fn d_eof(t: &mut Thread, a: Args) -> PyResult<Value> {
    let obj = a.get(t, 0);
    Ok(Value::from_bool(stream_of(t, obj)?.eof))
}

fn checksum(t: &mut Thread, a: &Args, fname: &str, default: u32, adler: bool) -> PyResult<Value> {
    a.check(t, fname, 1, 2)?;
    let data = data_arg(t, a.get(t, 0))?;
    let mut v = match a.opt(t, 1) {
        Some(x) => {
            let n = int::to_bigint(t, x);
            let m: num_bigint::BigInt = n & num_bigint::BigInt::from(0xffff_ffffu32);
            num_traits::ToPrimitive::to_u32(&m).unwrap_or(0)
        }
        None => default,
    } as z::uLong;
    for chunk in data.chunks(1 << 30) {
        // SAFETY: the chunk is valid for its length.
        v = unsafe {
            if adler {
                z::adler32(v, chunk.as_ptr(), chunk.len() as u32)
            } else {
                z::crc32(v, chunk.as_ptr(), chunk.len() as u32)
            }
        };
    }
    int::from_i64(t, (v & 0xffff_ffff) as i64)
}

fn z_crc32(t: &mut Thread, a: Args) -> PyResult<Value> {
    checksum(t, &a, "crc32", 0, false)
}

fn z_adler32(t: &mut Thread, a: Args) -> PyResult<Value> {
    checksum(t, &a, "adler32", 1, true)
}

pub fn init_zlib(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "zlib")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    for (n, f) in [
        ("compress", z_compress as native::NativeFn),
        ("decompress", z_decompress),
        ("compressobj", z_compressobj),
        ("decompressobj", z_decompressobj),
        ("crc32", z_crc32),
        ("adler32", z_adler32),
    ] {
        native::add_function(t, t.get(hd), "zlib", n, f)?;
    }
    if native_type::native_type(t, ERROR_KEY).is_none() {
        let n = pystr::new_str(t, "error")?;
        let hn = t.root(n);
        let exc = t.ty(BuiltinType::Exception);
        let bases = tuple::new_tuple(t, &[exc])?;
        let hb = t.root(bases);
        let ns = dict::new_dict(t)?;
        let hns = t.root(ns);
        let modname = pystr::new_str(t, "zlib")?;
        dict::set_str(t, t.get(hns), "__module__", modname)?;
        let ty_type = t.ty(BuiltinType::Type);
        let e = protocol::call(t, ty_type, &[t.get(hn), t.get(hb), t.get(hns)])?;
        t.native_types.push((ERROR_KEY, e));
        let spec = NativeTypeSpec { module: "zlib", name: "Compress", slots: 1, basetype: false, dict: false };
        let ty = native_type::new_native_type(t, COMPRESS_KEY, &spec)?;
        let h = t.root(ty);
        native_type::forbid_new(t, ty)?;
        native::add_method(t, t.get(h), "compress", c_compress)?;
        native::add_method(t, t.get(h), "flush", c_flush)?;
        let spec = NativeTypeSpec { module: "zlib", name: "Decompress", slots: 3, basetype: false, dict: false };
        let ty = native_type::new_native_type(t, DECOMPRESS_KEY, &spec)?;
        let h = t.root(ty);
        native_type::forbid_new(t, ty)?;
        native::add_method(t, t.get(h), "decompress", d_decompress)?;
        native::add_method(t, t.get(h), "flush", d_flush)?;
        for (n, f) in [
            ("unused_data", d_unused_data as native::NativeFn),
            ("unconsumed_tail", d_unconsumed_tail),
            ("eof", d_eof),
        ] {
            ember_vm::objects::descriptors::add_getset(t, t.get(h), n, f, None)?;
        }
    }
    let e = native_type::native_type(t, ERROR_KEY).unwrap_or(Value::NONE);
    dict::set_str(t, t.get(hd), "error", e)?;
    // SAFETY: zlibVersion returns a static string.
    let version = unsafe { CStr::from_ptr(z::zlibVersion()) }.to_string_lossy().into_owned();
    for name in ["ZLIB_VERSION", "ZLIB_RUNTIME_VERSION"] {
        let v = pystr::new_str(t, &version)?;
        dict::set_str(t, t.get(hd), name, v)?;
    }
    let consts: &[(&str, i64)] = &[
        ("DEFLATED", 8),
        ("DEF_BUF_SIZE", DEF_BUF_SIZE as i64),
        ("DEF_MEM_LEVEL", 8),
        ("MAX_WBITS", 15),
        ("Z_BEST_COMPRESSION", 9),
        ("Z_BEST_SPEED", 1),
        ("Z_BLOCK", 5),
        ("Z_DEFAULT_COMPRESSION", -1),
        ("Z_DEFAULT_STRATEGY", 0),
        ("Z_FILTERED", 1),
        ("Z_FINISH", 4),
        ("Z_FIXED", 4),
        ("Z_FULL_FLUSH", 3),
        ("Z_HUFFMAN_ONLY", 2),
        ("Z_NO_COMPRESSION", 0),
        ("Z_NO_FLUSH", 0),
        ("Z_PARTIAL_FLUSH", 1),
        ("Z_RLE", 3),
        ("Z_SYNC_FLUSH", 2),
        ("Z_TREES", 6),
    ];
    for (n, v) in consts {
        dict::set_str(t, t.get(hd), n, Value::small_int(*v))?;
    }
    Ok(t.get(hm))
}

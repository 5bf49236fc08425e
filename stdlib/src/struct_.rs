//! The `_struct` module: packing Python values into C structs described by format strings
//! (`struct.pack('<hI', 1, 2)`), and back.
//!
//! A format compiles to a list of items (code, count, offset) with the byte order, sizes and
//! alignment of its mode (`@` native with alignment, `=` native order with standard sizes,
//! `<` little-endian, `>`/`!` big-endian). Compiled formats are plain Rust data kept in a
//! small per-thread cache keyed by the format bytes, so `Struct` objects and the module
//! functions share them; no heap values are held outside the heap.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use ember_gc::Value;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::{bytes, dict, float, int, memoryview, module, sequence};
use ember_vm::objects::{str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

const STRUCT_TYPE: &str = "_struct.Struct";
const ITER_TYPE: &str = "_struct.unpack_iterator";
/// Where the module keeps `struct.error` (the exception class) for the natives.
const ERROR_KEY: &str = "struct.error";

// Struct slots: 0 = format (str), 1 = size.
const S_FORMAT: usize = 0;
const S_SIZE: usize = 1;
// unpack_iterator slots: 0 = the Struct, 1 = the buffer contents (bytes), 2 = offset.
const I_STRUCT: usize = 0;
const I_DATA: usize = 1;
const I_OFFSET: usize = 2;

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Mode {
    /// `@`: native order, sizes and alignment.
    Native,
    /// `=`: native order, standard sizes, no alignment.
    NativeStd,
    Little,
    Big,
}

impl Mode {
    fn little(self) -> bool {
        match self {
            Mode::Native | Mode::NativeStd => cfg!(target_endian = "little"),
            Mode::Little => true,
            Mode::Big => false,
        }
    }
}

/// One compiled format item: `count` values of `code` (or one string of `count` bytes for
/// 's'/'p'; `count` zero bytes for 'x') starting at byte `offset`.
#[derive(Copy, Clone, Debug)]
struct Item {
    code: u8,
    count: usize,
    offset: usize,
    size: usize,
}

#[derive(Debug)]
struct Compiled {
    mode: Mode,
    items: Vec<Item>,
    /// Total size in bytes.
    size: usize,
    /// How many values `pack` takes and `unpack` returns.
    nvalues: usize,
}

/// (size, alignment) of `code` in `mode`, None for a bad code.
fn code_size(mode: Mode, code: u8) -> Option<(usize, usize)> {
    let native = mode == Mode::Native;
    let size = match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => {
            if native {
                8
            } else {
                4
            }
        }
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if native => 8,
        _ => return None,
    };
    let align = if native { size } else { 1 };
    Some((size, align))
}

fn compile(fmt: &[u8]) -> Result<Compiled, &'static str> {
    let (mode, body) = match fmt.first() {
        Some(b'@') => (Mode::Native, &fmt[1..]),
        Some(b'=') => (Mode::NativeStd, &fmt[1..]),
        Some(b'<') => (Mode::Little, &fmt[1..]),
        Some(b'>') | Some(b'!') => (Mode::Big, &fmt[1..]),
        _ => (Mode::Native, fmt),
    };
    let mut items = Vec::new();
    let mut size: usize = 0;
    let mut nvalues = 0;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count: usize = 1;
        if c.is_ascii_digit() {
            let mut n: usize = 0;
            while i < body.len() && body[i].is_ascii_digit() {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add((body[i] - b'0') as usize))
                    .ok_or("total struct size too long")?;
                i += 1;
            }
            if i >= body.len() {
                return Err("repeat count given without format specifier");
            }
            count = n;
        }
        let code = body[i];
        i += 1;
        let (isize_, align) = code_size(mode, code).ok_or("bad char in struct format")?;
        if count > 0 && align > 1 {
            size = size.div_ceil(align) * align;
        }
        let bytes = isize_
            .checked_mul(count)
            .and_then(|b| size.checked_add(b))
            .ok_or("total struct size too long")?;
        items.push(Item {
            code,
            count,
            offset: size,
            size: isize_,
        });
        size = bytes;
        nvalues += match code {
            b'x' => 0,
            b's' | b'p' => 1,
            _ => count,
        };
    }
    if size > isize::MAX as usize {
        return Err("total struct size too long");
    }
    Ok(Compiled {
        mode,
        items,
        size,
        nvalues,
    })
}

thread_local! {
    static CACHE: RefCell<HashMap<Vec<u8>, Rc<Compiled>>> = RefCell::new(HashMap::new());
}

/// The compiled form of `fmt` (a str or bytes), raising struct.error for a bad format.
fn compiled(t: &mut Thread, fmt: Value) -> PyResult<Rc<Compiled>> {
    let key: Vec<u8> = if pystr::is_str(t, fmt) {
        pystr::to_rust_string(t, fmt).into_bytes()
    } else if bytes::is_bytes(t, fmt) {
        bytes::bytes_owned(t, fmt).unwrap_or_default()
    } else {
        let msg = format!(
            "Struct() argument 1 must be a str or bytes object, not {}",
            type_::type_name_of(t, fmt)
        );
        return Err(t.type_error(&msg));
    };
    if let Some(c) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(c);
    }
    match compile(&key) {
        Ok(c) => {
            let c = Rc::new(c);
            CACHE.with(|cache| {
                let mut cache = cache.borrow_mut();
                if cache.len() >= 256 {
                    cache.clear();
                }
                cache.insert(key, c.clone());
            });
            Ok(c)
        }
        Err(m) => Err(struct_error(t, m)),
    }
}

fn struct_error(t: &mut Thread, msg: &str) -> Raised {
    match native_type::native_type(t, ERROR_KEY) {
        Some(ty) => t.raise_type_msg(ty, msg),
        None => t.system_error(msg),
    }
}

// ----- packing -----

fn put_uint(out: &mut [u8], v: u64, size: usize, little: bool) {
    let b = v.to_le_bytes();
    for k in 0..size {
        let byte = b[k];
        if little {
            out[k] = byte;
        } else {
            out[size - 1 - k] = byte;
        }
    }
}

fn get_uint(data: &[u8], size: usize, little: bool) -> u64 {
    let mut v: u64 = 0;
    for k in 0..size {
        let byte = if little { data[size - 1 - k] } else { data[k] };
        v = (v << 8) | byte as u64;
    }
    v
}

/// The integer value of `v` for an integer code (`__index__` honoured).
fn int_arg(t: &mut Thread, v: Value) -> PyResult<BigInt> {
    if int::is_int(t, v) {
        return Ok(int::to_bigint(t, v));
    }
    match sequence::to_bigint_index(t, v)? {
        Some(n) => Ok(n),
        None => Err(struct_error(t, "required argument is not an integer")),
    }
}

fn range_error(t: &mut Thread, code: u8, size: usize, unsigned: bool) -> Raised {
    let msg = if unsigned {
        let max: u64 = if size >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * size)) - 1
        };
        format!("'{}' format requires 0 <= number <= {max}", code as char)
    } else {
        let max: i64 = if size >= 8 {
            i64::MAX
        } else {
            (1i64 << (8 * size - 1)) - 1
        };
        format!(
            "'{}' format requires {} <= number <= {max}",
            code as char,
            -max - 1
        )
    };
    struct_error(t, &msg)
}

/// Packs an integer code: CPython's range checks and their messages, mode by mode.
fn pack_int(t: &mut Thread, c: &Compiled, item: &Item, v: Value, out: &mut [u8]) -> PyResult<()> {
    let n = int_arg(t, v)?;
    let code = item.code;
    let size = item.size;
    let unsigned = code.is_ascii_uppercase() || code == b'P';
    // The C type the value must first fit (C long / unsigned long or wider).
    let wide: Option<i128> = n.to_i128();
    let fits_c = match wide {
        Some(w) if unsigned => w >= 0 && w <= u64::MAX as i128,
        Some(w) => w >= i64::MIN as i128 && w <= i64::MAX as i128,
        None => false,
    };
    let msg_byte = |t: &mut Thread, code: u8| -> Raised {
        let m = match code {
            b'b' => "byte format requires -128 <= number <= 127",
            b'B' => "ubyte format requires 0 <= number <= 255",
            b'h' => "short format requires -32768 <= number <= 32767",
            _ => "ushort format requires 0 <= number <= 65535",
        };
        struct_error(t, m)
    };
    if matches!(code, b'b' | b'B' | b'h' | b'H') {
        // These convert to a C long first, then check their own range.
        let Some(w) = wide.filter(|w| (i64::MIN as i128..=i64::MAX as i128).contains(w)) else {
            return Err(struct_error(t, "argument out of range"));
        };
        let (lo, hi): (i128, i128) = match code {
            b'b' => (-128, 127),
            b'B' => (0, 255),
            b'h' => (-32768, 32767),
            _ => (0, 65535),
        };
        if !(lo..=hi).contains(&w) {
            return Err(msg_byte(t, code));
        }
        put_uint(out, w as u64, size, c.mode.little());
        return Ok(());
    }
    if !fits_c {
        return Err(struct_error(t, "argument out of range"));
    }
    let w = wide.unwrap_or(0);
    if size < 8 {
        let ok = if unsigned {
            w >= 0 && w < (1i128 << (8 * size))
        } else {
            w >= -(1i128 << (8 * size - 1)) && w < (1i128 << (8 * size - 1))
        };
        if !ok {
            return Err(range_error(t, code, size, unsigned));
        }
    }
    put_uint(out, w as u64, size, c.mode.little());
    Ok(())
}

/// IEEE 754 binary16 bits of `x` (round half to even), or None when it overflows.
fn f64_to_half(x: f64) -> Option<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    let a = x.abs();
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    if a < 6.103515625e-05 {
        // Subnormal (or zero): units of 2^-24; rounding up to 1024 gives the smallest
        // normal number's encoding, as it should.
        let q = (a * 16777216.0).round_ties_even() as u16;
        return Some(sign | q);
    }
    let e = a.log2().floor() as i32;
    // log2 may be off by one near powers of two: settle `m` in [1, 2).
    let mut e = e;
    let mut m = a / 2f64.powi(e);
    if m >= 2.0 {
        m /= 2.0;
        e += 1;
    } else if m < 1.0 {
        m *= 2.0;
        e -= 1;
    }
    let mut q = ((m - 1.0) * 1024.0).round_ties_even() as u32;
    if q == 1024 {
        q = 0;
        e += 1;
    }
    if e > 15 {
        return None;
    }
    Some(sign | (((e + 15) as u16) << 10) | q as u16)
}

fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let f = (h & 0x3ff) as f64;
    sign * match e {
        0 => f * 2f64.powi(-24),
        31 => {
            if f == 0.0 {
                f64::INFINITY
            } else {
                f64::NAN
            }
        }
        _ => (1.0 + f / 1024.0) * 2f64.powi(e - 15),
    }
}

fn float_arg(t: &mut Thread, v: Value) -> PyResult<f64> {
    match float::as_double(t, v) {
        Ok(x) => Ok(x),
        Err(e) => {
            if t.exception_matches(BuiltinType::TypeError) {
                t.take_exception();
                Err(struct_error(t, "required argument is not a float"))
            } else {
                Err(e)
            }
        }
    }
}

fn pack_one(t: &mut Thread, c: &Compiled, item: &Item, v: Value, out: &mut [u8]) -> PyResult<()> {
    let little = c.mode.little();
    match item.code {
        b'c' => match bytes::bytes_like(t, v) {
            Some(b) if bytes::is_bytes(t, v) && b.len() == 1 => {
                out[0] = b[0];
                Ok(())
            }
            _ => Err(struct_error(
                t,
                "char format requires a bytes object of length 1",
            )),
        },
        b'?' => {
            out[0] = protocol::truthy(t, v)? as u8;
            Ok(())
        }
        b'e' => {
            let x = float_arg(t, v)?;
            match f64_to_half(x) {
                Some(h) => {
                    put_uint(out, h as u64, 2, little);
                    Ok(())
                }
                None => Err(t.overflow_error("float too large to pack with e format")),
            }
        }
        b'f' => {
            let x = float_arg(t, v)?;
            let y = x as f32;
            if c.mode != Mode::Native && y.is_infinite() && x.is_finite() {
                return Err(t.overflow_error("float too large to pack with f format"));
            }
            put_uint(out, y.to_bits() as u64, 4, little);
            Ok(())
        }
        b'd' => {
            let x = float_arg(t, v)?;
            put_uint(out, x.to_bits(), 8, little);
            Ok(())
        }
        _ => pack_int(t, c, item, v, out),
    }
}

/// Packs `values` (read from `args` starting at `first`) into `out` (`c.size` bytes).
fn pack_values(t: &mut Thread, c: &Compiled, a: &Args, first: usize, out: &mut [u8]) -> PyResult<()> {
    let given = a.len() - first;
    if given != c.nvalues {
        let msg = format!(
            "pack expected {} items for packing (got {given})",
            c.nvalues
        );
        return Err(struct_error(t, &msg));
    }
    let mut k = first;
    for item in &c.items {
        match item.code {
            b'x' => {}
            b's' | b'p' => {
                let v = a.get(t, k);
                k += 1;
                let Some(data) = (if bytes::is_bytes_like(t, v) {
                    bytes::bytes_owned(t, v)
                } else {
                    None
                }) else {
                    let msg = format!(
                        "argument for '{}' must be a bytes object",
                        item.code as char
                    );
                    return Err(struct_error(t, &msg));
                };
                let dst = &mut out[item.offset..item.offset + item.count];
                if item.code == b's' {
                    let n = data.len().min(item.count);
                    dst[..n].copy_from_slice(&data[..n]);
                } else if item.count > 0 {
                    let n = data.len().min(item.count - 1).min(255);
                    dst[0] = n as u8;
                    dst[1..1 + n].copy_from_slice(&data[..n]);
                }
            }
            _ => {
                for r in 0..item.count {
                    let v = a.get(t, k);
                    k += 1;
                    let at = item.offset + r * item.size;
                    pack_one(t, c, item, v, &mut out[at..at + item.size])?;
                }
            }
        }
    }
    Ok(())
}

fn unpack_values(t: &mut Thread, c: &Compiled, data: &[u8]) -> PyResult<Value> {
    let little = c.mode.little();
    let result = tuple::new_tuple_uninit(t, c.nvalues)?;
    let hr = t.root(result);
    let mut k = 0;
    for item in &c.items {
        let mut put = |t: &mut Thread, v: Value| {
            t.heap.set_slot(t.get(hr), k, v);
            k += 1;
        };
        match item.code {
            b'x' => {}
            b's' => {
                let v = bytes::new_bytes(t, &data[item.offset..item.offset + item.count])?;
                put(t, v);
            }
            b'p' => {
                let field = &data[item.offset..item.offset + item.count];
                let v = if field.is_empty() {
                    bytes::new_bytes(t, &[])?
                } else {
                    let n = (field[0] as usize).min(item.count - 1);
                    bytes::new_bytes(t, &field[1..1 + n])?
                };
                put(t, v);
            }
            _ => {
                for r in 0..item.count {
                    let at = item.offset + r * item.size;
                    let raw = &data[at..at + item.size];
                    let v = match item.code {
                        b'c' => bytes::new_bytes(t, raw)?,
                        b'?' => Value::from_bool(raw[0] != 0),
                        b'e' => float::new_float(t, half_to_f64(get_uint(raw, 2, little) as u16))?,
                        b'f' => float::new_float(
                            t,
                            f32::from_bits(get_uint(raw, 4, little) as u32) as f64,
                        )?,
                        b'd' => float::new_float(t, f64::from_bits(get_uint(raw, 8, little)))?,
                        code => {
                            let u = get_uint(raw, item.size, little);
                            if code.is_ascii_uppercase() || code == b'P' {
                                int::from_i128(t, u as i128)?
                            } else {
                                let shift = 64 - 8 * item.size as u32;
                                int::from_i64(t, ((u << shift) as i64) >> shift)?
                            }
                        }
                    };
                    put(t, v);
                }
            }
        }
    }
    Ok(t.get(hr))
}

// ----- buffers -----

fn read_buffer(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    match bytes::bytes_owned(t, v) {
        Some(d) => Ok(d),
        None => {
            let msg = format!(
                "a bytes-like object is required, not '{}'",
                type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

/// Resolves a possibly negative `offset` into a buffer of `len` bytes for `need` bytes.
fn resolve_offset(
    t: &mut Thread,
    offset: i64,
    len: usize,
    need: usize,
    what: &str,
) -> PyResult<usize> {
    let len_i = len as i64;
    let off = if offset < 0 {
        if offset + len_i < 0 {
            let msg = format!("offset {offset} out of range for {len}-byte buffer");
            return Err(struct_error(t, &msg));
        }
        if offset + (need as i64) > 0 {
            let msg = if what == "pack_into" {
                format!("no space to pack {need} bytes at offset {offset}")
            } else {
                format!("not enough data to unpack {need} bytes at offset {offset}")
            };
            return Err(struct_error(t, &msg));
        }
        (offset + len_i) as usize
    } else {
        offset as usize
    };
    if len < need || off > len - need {
        let msg = if what == "pack_into" {
            format!(
                "pack_into requires a buffer of at least {} bytes for packing {need} bytes at offset {off} (actual buffer size is {len})",
                off.saturating_add(need)
            )
        } else {
            format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {need} bytes at offset {off} (actual buffer size is {len})",
                off.saturating_add(need)
            )
        };
        return Err(struct_error(t, &msg));
    }
    Ok(off)
}

// ----- the functions, shared by the module and Struct -----

fn do_pack(t: &mut Thread, c: &Compiled, a: &Args, first: usize) -> PyResult<Value> {
    let mut out = vec![0u8; c.size];
    pack_values(t, c, a, first, &mut out)?;
    bytes::new_bytes(t, &out)
}

fn do_unpack(t: &mut Thread, c: &Compiled, buffer: Value) -> PyResult<Value> {
    let data = read_buffer(t, buffer)?;
    if data.len() != c.size {
        let msg = format!("unpack requires a buffer of {} bytes", c.size);
        return Err(struct_error(t, &msg));
    }
    unpack_values(t, c, &data)
}

fn do_pack_into(t: &mut Thread, c: &Compiled, a: &Args, first: usize) -> PyResult<Value> {
    // a: [..., buffer, offset, values...] starting at `first`.
    if a.len() < first + 2 {
        let msg = if a.len() <= first {
            "pack_into expected buffer argument".to_string()
        } else {
            "pack_into expected offset argument".to_string()
        };
        return Err(t.type_error(&msg));
    }
    let buffer = a.get(t, first);
    let Some(len) = memoryview::writable_len(t, buffer) else {
        let msg = format!(
            "argument must be read-write bytes-like object, not {}",
            type_::type_name_of(t, buffer)
        );
        return Err(t.type_error(&msg));
    };
    let offset = sequence::index_arg(t, a.get(t, first + 1))?;
    let mut out = vec![0u8; c.size];
    pack_values(t, c, a, first + 2, &mut out)?;
    let len = memoryview::writable_len(t, a.get(t, first)).unwrap_or(len);
    let off = resolve_offset(t, offset, len, c.size, "pack_into")?;
    memoryview::write_at(t, a.get(t, first), off, &out)?;
    Ok(Value::NONE)
}

fn do_unpack_from(t: &mut Thread, c: &Compiled, buffer: Value, offset: i64) -> PyResult<Value> {
    let data = read_buffer(t, buffer)?;
    let off = resolve_offset(t, offset, data.len(), c.size, "unpack_from")?;
    unpack_values(t, c, &data[off..off + c.size])
}

fn do_iter_unpack(t: &mut Thread, st: Value, c: &Compiled, buffer: Value) -> PyResult<Value> {
    let hs = t.root(st);
    let data = read_buffer(t, buffer)?;
    if c.size == 0 {
        return Err(struct_error(
            t,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    if data.len() % c.size != 0 {
        let msg = format!(
            "iterative unpacking requires a buffer of a multiple of {} bytes",
            c.size
        );
        return Err(struct_error(t, &msg));
    }
    let b = bytes::new_bytes(t, &data)?;
    let ty = type_of_key(t, ITER_TYPE)?;
    native_type::new_instance(t, ty, &[t.get(hs), b, Value::small_int(0)])
}

fn type_of_key(t: &mut Thread, key: &str) -> PyResult<Value> {
    match native_type::native_type(t, key) {
        Some(ty) => Ok(ty),
        None => Err(t.system_error("_struct is not initialised")),
    }
}

/// A Struct for `fmt` (module functions build one for iter_unpack).
fn new_struct(t: &mut Thread, cls: Value, fmt: Value) -> PyResult<Value> {
    let hcls = t.root(cls);
    let c = compiled(t, fmt)?;
    let text = if pystr::is_str(t, fmt) {
        fmt
    } else {
        let s = String::from_utf8_lossy(&bytes::bytes_owned(t, fmt).unwrap_or_default()).into_owned();
        pystr::new_str(t, &s)?
    };
    native_type::new_instance(
        t,
        t.get(hcls),
        &[text, Value::small_int(c.size as i64)],
    )
}

// ----- module-level natives -----

fn m_pack(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("pack expected at least 1 argument, got 0"));
    }
    let c = compiled(t, a.get(t, 0))?;
    do_pack(t, &c, &a, 1)
}

fn m_unpack(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "unpack", 2, 2)?;
    let c = compiled(t, a.get(t, 0))?;
    do_unpack(t, &c, a.get(t, 1))
}

fn m_calcsize(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "calcsize", 1, 1)?;
    let c = compiled(t, a.get(t, 0))?;
    Ok(Value::small_int(c.size as i64))
}

fn m_pack_into(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("pack_into expected at least 1 argument, got 0"));
    }
    let c = compiled(t, a.get(t, 0))?;
    do_pack_into(t, &c, &a, 1)
}

/// `(buffer, offset)` of `unpack_from(fmt, /, buffer, offset=0)` (`first` = index of buffer).
fn from_args(t: &mut Thread, a: &Args, first: usize, what: &str) -> PyResult<(Value, i64)> {
    let mut buffer = a.opt(t, first);
    let mut offset = a.opt(t, first + 1);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "buffer") && buffer.is_none() {
            buffer = Some(v);
        } else if pystr::str_eq_rust(t, k, "offset") && offset.is_none() {
            offset = Some(v);
        } else {
            let msg = format!(
                "{what}() got an unexpected keyword argument '{}'",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    if a.len() > first + 2 {
        let msg = format!(
            "{what}() takes at most {} arguments ({} given)",
            first + 2,
            a.len()
        );
        return Err(t.type_error(&msg));
    }
    let Some(buffer) = buffer else {
        let msg = format!("{what}() missing required argument 'buffer' (pos {})", first + 1);
        return Err(t.type_error(&msg));
    };
    let hb = t.root(buffer);
    let offset = match offset {
        Some(o) => sequence::index_arg(t, o)?,
        None => 0,
    };
    Ok((t.get(hb), offset))
}

fn m_unpack_from(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("unpack_from() missing required argument 'format' (pos 1)"));
    }
    let c = compiled(t, a.get(t, 0))?;
    let (buffer, offset) = from_args(t, &a, 1, "unpack_from")?;
    do_unpack_from(t, &c, buffer, offset)
}

fn m_iter_unpack(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "iter_unpack", 2, 2)?;
    let ty = type_of_key(t, STRUCT_TYPE)?;
    let st = new_struct(t, ty, a.get(t, 0))?;
    let hs = t.root(st);
    let c = compiled(t, a.get(t, 0))?;
    do_iter_unpack(t, t.get(hs), &c, a.get(t, 1))
}

fn m_clearcache(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "_clearcache", 0, 0)?;
    CACHE.with(|c| c.borrow_mut().clear());
    Ok(Value::NONE)
}

// ----- Struct -----

fn st_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    let mut fmt = a.opt(t, 1);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "format") && fmt.is_none() {
            fmt = Some(v);
        }
    }
    let Some(fmt) = fmt else {
        return Err(t.type_error("Struct() missing required argument 'format' (pos 1)"));
    };
    new_struct(t, cls, fmt)
}

fn st_init(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn st_compiled(t: &mut Thread, st: Value) -> PyResult<Rc<Compiled>> {
    let fmt = t.heap.slot(st, S_FORMAT);
    compiled(t, fmt)
}

fn st_pack(t: &mut Thread, a: Args) -> PyResult<Value> {
    let c = st_compiled(t, a.get(t, 0))?;
    do_pack(t, &c, &a, 1)
}

fn st_unpack(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "unpack", 2, 2)?;
    let c = st_compiled(t, a.get(t, 0))?;
    do_unpack(t, &c, a.get(t, 1))
}

fn st_pack_into(t: &mut Thread, a: Args) -> PyResult<Value> {
    let c = st_compiled(t, a.get(t, 0))?;
    do_pack_into(t, &c, &a, 1)
}

fn st_unpack_from(t: &mut Thread, a: Args) -> PyResult<Value> {
    let c = st_compiled(t, a.get(t, 0))?;
    let (buffer, offset) = from_args(t, &a, 1, "unpack_from")?;
    do_unpack_from(t, &c, buffer, offset)
}

fn st_iter_unpack(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "iter_unpack", 2, 2)?;
    let c = st_compiled(t, a.get(t, 0))?;
    do_iter_unpack(t, a.get(t, 0), &c, a.get(t, 1))
}

fn st_format(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), S_FORMAT))
}

fn st_size(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), S_SIZE))
}

// ----- unpack_iterator -----

fn it_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let it = a.get(t, 0);
    let st = t.heap.slot(it, I_STRUCT);
    let c = st_compiled(t, st)?;
    let it = a.get(t, 0);
    let data = t.heap.slot(it, I_DATA);
    let off = t.heap.slot(it, I_OFFSET).as_small_int() as usize;
    let all = bytes::bytes_owned(t, data).unwrap_or_default();
    if off + c.size > all.len() {
        return Err(t.raise_empty(BuiltinType::StopIteration));
    }
    t.heap
        .set_slot(a.get(t, 0), I_OFFSET, Value::small_int((off + c.size) as i64));
    unpack_values(t, &c, &all[off..off + c.size])
}

fn it_length_hint(t: &mut Thread, a: Args) -> PyResult<Value> {
    let it = a.get(t, 0);
    let st = t.heap.slot(it, I_STRUCT);
    let size = t.heap.slot(st, S_SIZE).as_small_int().max(1) as usize;
    let data = t.heap.slot(it, I_DATA);
    let len = t.heap.count(data);
    let off = t.heap.slot(it, I_OFFSET).as_small_int() as usize;
    Ok(Value::small_int((len.saturating_sub(off) / size) as i64))
}

fn it_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(a.get(t, 0))
}

pub fn init_struct(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_struct")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    // struct.error: a plain Exception subclass whose __module__ is "struct".
    let error = match native_type::native_type(t, ERROR_KEY) {
        Some(e) => e,
        None => {
            let name = pystr::new_str(t, "error")?;
            let hn = t.root(name);
            let exc = t.ty(BuiltinType::Exception);
            let bases = tuple::new_tuple(t, &[exc])?;
            let hb = t.root(bases);
            let ns = dict::new_dict(t)?;
            let hns = t.root(ns);
            let modname = pystr::new_str(t, "struct")?;
            dict::set_str(t, t.get(hns), "__module__", modname)?;
            let ty_type = t.ty(BuiltinType::Type);
            let e = protocol::call(t, ty_type, &[t.get(hn), t.get(hb), t.get(hns)])?;
            t.native_types.push((ERROR_KEY, e));
            e
        }
    };
    dict::set_str(t, t.get(hd), "error", error)?;
    let st = match native_type::native_type(t, STRUCT_TYPE) {
        Some(s) => s,
        None => {
            let spec = NativeTypeSpec {
                module: "_struct",
                name: "Struct",
                slots: 2,
                basetype: true,
                dict: false,
            };
            let ty = native_type::new_native_type(t, STRUCT_TYPE, &spec)?;
            let hty = t.root(ty);
            native::add_static(t, t.get(hty), "__new__", st_new)?;
            let methods: &[(&'static str, native::NativeFn)] = &[
                ("__init__", st_init),
                ("pack", st_pack),
                ("unpack", st_unpack),
                ("pack_into", st_pack_into),
                ("unpack_from", st_unpack_from),
                ("iter_unpack", st_iter_unpack),
            ];
            for (name, f) in methods {
                native::add_method(t, t.get(hty), name, *f)?;
            }
            ember_vm::objects::descriptors::add_getset(t, t.get(hty), "format", st_format, None)?;
            ember_vm::objects::descriptors::add_getset(t, t.get(hty), "size", st_size, None)?;
            let spec = NativeTypeSpec {
                module: "_struct",
                name: "unpack_iterator",
                slots: 3,
                basetype: false,
                dict: false,
            };
            let it = native_type::new_native_type(t, ITER_TYPE, &spec)?;
            let hit = t.root(it);
            native_type::forbid_new(t, it)?;
            native::add_method(t, t.get(hit), "__iter__", it_iter)?;
            native::add_method(t, t.get(hit), "__next__", it_next)?;
            native::add_method(t, t.get(hit), "__length_hint__", it_length_hint)?;
            t.get(hty)
        }
    };
    dict::set_str(t, t.get(hd), "Struct", st)?;
    let fns: &[(&'static str, native::NativeFn)] = &[
        ("pack", m_pack),
        ("unpack", m_unpack),
        ("calcsize", m_calcsize),
        ("pack_into", m_pack_into),
        ("unpack_from", m_unpack_from),
        ("iter_unpack", m_iter_unpack),
        ("_clearcache", m_clearcache),
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "_struct", name, *f)?;
    }
    Ok(t.get(hm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_alignment() {
        assert_eq!(compile(b"@bhiq").unwrap().size, 16);
        assert_eq!(compile(b"=bhiq").unwrap().size, 15);
        assert_eq!(compile(b"<5s2xd").unwrap().size, 15);
        assert_eq!(compile(b" i  2h ").unwrap().size, 8);
        assert_eq!(compile(b"0s").unwrap().nvalues, 1);
        assert!(compile(b"<P").is_err());
        assert!(compile(b"3").is_err());
    }

    #[test]
    fn half_floats() {
        assert_eq!(f64_to_half(1.5), Some(0x3e00));
        assert_eq!(f64_to_half(65504.0), Some(0x7bff));
        assert_eq!(f64_to_half(65520.0), None);
        assert_eq!(f64_to_half(5.960464477539063e-08), Some(1));
        assert_eq!(f64_to_half(2.9802322387695312e-08), Some(0));
        assert_eq!(half_to_f64(0x3e00), 1.5);
        assert_eq!(half_to_f64(1), 5.960464477539063e-08);
    }
}

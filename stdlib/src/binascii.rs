//! The `binascii` module: base64, hex, uuencode and the CRC-32 / CRC-CCITT checksums, with
//! CPython's lenient and strict base64 decoding and its error messages. Quoted-printable
//! (`a2b_qp`/`b2a_qp`) is not here: `quopri` falls back to its pure-Python codec.

use ember_gc::Value;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type;
use ember_vm::objects::{bytes, dict, int, module, sequence, str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

const ERROR_KEY: &str = "binascii.Error";
const INCOMPLETE_KEY: &str = "binascii.Incomplete";

fn error(t: &mut Thread, msg: &str) -> Raised {
    match native_type::native_type(t, ERROR_KEY) {
        Some(ty) => t.raise_type_msg(ty, msg),
        None => t.value_error(msg),
    }
}

/// Binary data arguments: any bytes-like object.
fn data_arg(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    match bytes::bytes_owned(t, v) {
        Some(b) => Ok(b),
        None => {
            let msg = format!(
                "a bytes-like object is required, not '{}'",
                type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

/// ASCII data arguments: bytes-like, or a str of ASCII characters.
fn ascii_arg(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    if pystr::is_str(t, v) {
        let s = pystr::to_rust_string(t, v);
        if !s.is_ascii() {
            return Err(t.value_error(
                "string argument should contain only ASCII characters",
            ));
        }
        return Ok(s.into_bytes());
    }
    match bytes::bytes_owned(t, v) {
        Some(b) => Ok(b),
        None => {
            let msg = format!(
                "argument should be bytes, buffer or ASCII string, not '{}'",
                type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

/// A keyword-only flag of `fname` (`newline`, `backtick`, `strict_mode`).
fn flag_kw(t: &mut Thread, a: &Args, fname: &str, name: &str, default: bool) -> PyResult<bool> {
    let mut out = default;
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, name) {
            out = protocol::truthy(t, v)?;
        } else {
            let msg = format!(
                "{fname}() got an unexpected keyword argument '{}'",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    Ok(out)
}

// ----- base64 -----

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

fn b2a_base64(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 1 {
        let msg = format!("b2a_base64() takes exactly 1 positional argument ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    let newline = flag_kw(t, &a, "b2a_base64", "newline", true)?;
    let data = data_arg(t, a.get(t, 0))?;
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let v = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        out.push(B64[(v >> 18) as usize & 63]);
        out.push(B64[(v >> 12) as usize & 63]);
        out.push(if n > 1 { B64[(v >> 6) as usize & 63] } else { b'=' });
        out.push(if n > 2 { B64[v as usize & 63] } else { b'=' });
    }
    if newline {
        out.push(b'\n');
    }
    bytes::new_bytes(t, &out)
}

fn a2b_base64(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 1 {
        let msg = format!("a2b_base64() takes exactly 1 positional argument ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    let strict = flag_kw(t, &a, "a2b_base64", "strict_mode", false)?;
    let data = ascii_arg(t, a.get(t, 0))?;
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    if strict && data.first() == Some(&b'=') {
        return Err(error(t, "Leading padding not allowed"));
    }
    let (mut quad_pos, mut pads, mut leftchar) = (0u32, 0u32, 0u32);
    let mut padding_started = false;
    let mut data_chars = 0usize;
    let mut i = 0;
    let mut done = false;
    while i < data.len() {
        let c = data[i];
        i += 1;
        if c == b'=' {
            padding_started = true;
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    if strict && i < data.len() {
                        return Err(error(t, "Excess data after padding"));
                    }
                    done = true;
                    break;
                }
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(error(t, "Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(error(t, "Discontinuous padding not allowed"));
        }
        pads = 0;
        data_chars += 1;
        match quad_pos {
            0 => {
                quad_pos = 1;
                leftchar = v;
            }
            1 => {
                quad_pos = 2;
                out.push(((leftchar << 2) | (v >> 4)) as u8);
                leftchar = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push(((leftchar << 4) | (v >> 2)) as u8);
                leftchar = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push(((leftchar << 6) | v) as u8);
                leftchar = 0;
            }
        }
    }
    if !done && quad_pos != 0 {
        if quad_pos == 1 {
            let msg = format!(
                "Invalid base64-encoded string: number of data characters ({data_chars}) cannot be 1 more than a multiple of 4"
            );
            return Err(error(t, &msg));
        }
        return Err(error(t, "Incorrect padding"));
    }
    bytes::new_bytes(t, &out)
}

// ----- hex -----

fn hexlify(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() || a.len() > 3 {
        let msg = format!("hexlify() takes from 1 to 3 arguments ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    let data = data_arg(t, a.get(t, 0))?;
    let mut sep = a.opt(t, 1);
    let mut per = a.opt(t, 2);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "sep") {
            sep = Some(v);
        } else if pystr::str_eq_rust(t, k, "bytes_per_sep") {
            per = Some(v);
        } else if pystr::str_eq_rust(t, k, "data") {
            continue;
        } else {
            let msg = format!(
                "hexlify() got an unexpected keyword argument '{}'",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    let sep: Option<String> = match sep {
        None => None,
        Some(s) if s.is_none() => None,
        Some(s) if pystr::is_str(t, s) => Some(pystr::to_rust_string(t, s)),
        Some(s) => match bytes::bytes_owned(t, s) {
            Some(b) => Some(String::from_utf8_lossy(&b).into_owned()),
            None => return Err(t.type_error("sep must be str or bytes.")),
        },
    };
    if let Some(s) = &sep {
        if s.chars().count() != 1 {
            return Err(t.value_error("sep must be length 1."));
        }
        if !s.is_ascii() {
            return Err(t.value_error("sep must be ASCII."));
        }
    }
    let per = match per {
        Some(v) => sequence::index_arg(t, v)?,
        None => 1,
    };
    let s = ember_vm::objects::bytes::hex_string_pub(&data, sep.as_deref(), per);
    bytes::new_bytes(t, s.as_bytes())
}

fn unhexlify(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "unhexlify", 1, 1)?;
    let data = ascii_arg(t, a.get(t, 0))?;
    if data.len() % 2 != 0 {
        return Err(error(t, "Odd-length string"));
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks(2) {
        let hi = (pair[0] as char).to_digit(16);
        let lo = (pair[1] as char).to_digit(16);
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => return Err(error(t, "Non-hexadecimal digit found")),
        }
    }
    bytes::new_bytes(t, &out)
}

// ----- uuencode -----

fn b2a_uu(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 1 {
        let msg = format!("b2a_uu() takes exactly 1 positional argument ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    let backtick = flag_kw(t, &a, "b2a_uu", "backtick", false)?;
    let data = data_arg(t, a.get(t, 0))?;
    if data.len() > 45 {
        return Err(error(t, "At most 45 bytes at once"));
    }
    let mut out = Vec::with_capacity(2 + data.len().div_ceil(3) * 4);
    out.push(if backtick && data.is_empty() {
        b'`'
    } else {
        b' ' + data.len() as u8
    });
    let (mut leftchar, mut leftbits) = (0u32, 0u32);
    let mut i = 0;
    while i < data.len() || leftbits != 0 {
        if i < data.len() {
            leftchar = (leftchar << 8) | data[i] as u32;
        } else {
            leftchar <<= 8;
        }
        i += 1;
        leftbits += 8;
        while leftbits >= 6 {
            let c = (leftchar >> (leftbits - 6)) & 0x3f;
            leftbits -= 6;
            out.push(if backtick && c == 0 { b'`' } else { c as u8 + b' ' });
        }
        leftchar &= (1 << leftbits) - 1;
    }
    out.push(b'\n');
    bytes::new_bytes(t, &out)
}

fn a2b_uu(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "a2b_uu", 1, 1)?;
    let data = ascii_arg(t, a.get(t, 0))?;
    let first = *data.first().unwrap_or(&0);
    let mut bin_len = (first.wrapping_sub(b' ') & 0x3f) as usize;
    let mut out = Vec::with_capacity(bin_len);
    let (mut leftchar, mut leftbits) = (0u32, 0u32);
    let mut i = 1;
    while bin_len > 0 {
        let c = data.get(i).copied();
        i += 1;
        let v = match c {
            None | Some(b'\n') | Some(b'\r') => 0,
            Some(c) => {
                if !(b' '..=b' ' + 64).contains(&c) {
                    return Err(error(t, "Illegal char"));
                }
                ((c - b' ') & 0x3f) as u32
            }
        };
        leftchar = (leftchar << 6) | v;
        leftbits += 6;
        if leftbits >= 8 {
            leftbits -= 8;
            out.push((leftchar >> leftbits) as u8);
            leftchar &= (1 << leftbits) - 1;
            bin_len -= 1;
        }
    }
    while i < data.len() {
        let c = data[i];
        i += 1;
        if c != b' ' && c != b' ' + 64 && c != b'\n' && c != b'\r' {
            return Err(error(t, "Trailing garbage"));
        }
    }
    bytes::new_bytes(t, &out)
}

// ----- checksums -----

fn crc32_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    for (i, e) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *e = c;
    }
    table
}

/// The zlib CRC-32 of `data` continuing from `crc`.
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    thread_local! {
        static TABLE: [u32; 256] = crc32_table();
    }
    TABLE.with(|table| {
        let mut c = !crc;
        for &b in data {
            c = table[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
        }
        !c
    })
}

/// An unsigned 32-bit start value (`crc` arguments are taken modulo 2**32, as C does).
fn u32_arg(t: &mut Thread, v: Option<Value>) -> PyResult<u32> {
    match v {
        None => Ok(0),
        Some(v) => {
            let n = sequence::to_bigint_index(t, v)?;
            let Some(n) = n else {
                let msg = format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_::type_name_of(t, v)
                );
                return Err(t.type_error(&msg));
            };
            let m: num_bigint::BigInt = n & num_bigint::BigInt::from(0xffff_ffffu32);
            Ok(num_traits::ToPrimitive::to_u32(&m).unwrap_or(0))
        }
    }
}

fn crc32(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "crc32", 1, 2)?;
    let data = data_arg(t, a.get(t, 0))?;
    let start = u32_arg(t, a.opt(t, 1))?;
    int::from_i64(t, crc32_update(start, &data) as i64)
}

fn crc_hqx(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "crc_hqx", 2, 2)?;
    let data = data_arg(t, a.get(t, 0))?;
    let mut crc = (u32_arg(t, a.opt(t, 1))? & 0xffff) as u16;
    for &b in &data {
        crc ^= (b as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    Ok(Value::small_int(crc as i64))
}

fn exception_class(
    t: &mut Thread,
    key: &'static str,
    name: &str,
    base: BuiltinType,
) -> PyResult<Value> {
    if let Some(e) = native_type::native_type(t, key) {
        return Ok(e);
    }
    let n = pystr::new_str(t, name)?;
    let hn = t.root(n);
    let b = t.ty(base);
    let bases = tuple::new_tuple(t, &[b])?;
    let hb = t.root(bases);
    let ns = dict::new_dict(t)?;
    let hns = t.root(ns);
    let m = pystr::new_str(t, "binascii")?;
    dict::set_str(t, t.get(hns), "__module__", m)?;
    let ty_type = t.ty(BuiltinType::Type);
    let e = protocol::call(t, ty_type, &[t.get(hn), t.get(hb), t.get(hns)])?;
    t.native_types.push((key, e));
    Ok(e)
}

pub fn init_binascii(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "binascii")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let e = exception_class(t, ERROR_KEY, "Error", BuiltinType::ValueError)?;
    dict::set_str(t, t.get(hd), "Error", e)?;
    let e = exception_class(t, INCOMPLETE_KEY, "Incomplete", BuiltinType::Exception)?;
    dict::set_str(t, t.get(hd), "Incomplete", e)?;
    let fns: &[(&'static str, native::NativeFn)] = &[
        ("b2a_base64", b2a_base64),
        ("a2b_base64", a2b_base64),
        ("hexlify", hexlify),
        ("b2a_hex", hexlify),
        ("unhexlify", unhexlify),
        ("a2b_hex", unhexlify),
        ("b2a_uu", b2a_uu),
        ("a2b_uu", a2b_uu),
        ("crc32", crc32),
        ("crc_hqx", crc_hqx),
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "binascii", name, *f)?;
    }
    Ok(t.get(hm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_reference() {
        assert_eq!(crc32_update(0, b"hello"), 907060870);
        assert_eq!(crc32_update(crc32_update(0, b"hello "), b"world"), 222957957);
    }
}

//! The item types of `array.array`: the typecodes, their C sizes (LP64 Linux: `long` is 8
//! bytes, `wchar_t` 4), and the conversion of one item between Python values and its raw
//! native-endian bytes, with the exceptions and messages CPython's `*_setitem` functions
//! raise (they go through `PyArg_Parse` formats, whose range checks differ by code).
//!
//! Also the machine-format codes of pickling (`_array_reconstructor`), which name an item
//! layout independently of the platform.
//!
//! Nothing here touches an array object: conversions return bytes or values and may run
//! Python code (`__index__`, `__float__`), so callers re-read their arrays afterwards.

use ember_gc::Value;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::{float, int, sequence, str as pystr, type_};
use ember_vm::thread::Thread;

/// An array typecode.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Code {
    I8,
    U8,
    /// 'u': a `wchar_t`, one code point.
    Wchar,
    I16,
    U16,
    I32,
    U32,
    /// 'l' (C long).
    Long,
    /// 'L' (C unsigned long).
    ULong,
    /// 'q' (C long long).
    LongLong,
    /// 'Q' (C unsigned long long).
    ULongLong,
    F32,
    F64,
}

/// `array.typecodes`, in CPython's order.
pub(crate) const TYPECODES: &str = "bBuhHiIlLqQfd";

pub(crate) const BAD_TYPECODE: &str =
    "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)";

impl Code {
    pub(crate) fn from_char(c: char) -> Option<Code> {
        Some(match c {
            'b' => Code::I8,
            'B' => Code::U8,
            'u' => Code::Wchar,
            'h' => Code::I16,
            'H' => Code::U16,
            'i' => Code::I32,
            'I' => Code::U32,
            'l' => Code::Long,
            'L' => Code::ULong,
            'q' => Code::LongLong,
            'Q' => Code::ULongLong,
            'f' => Code::F32,
            'd' => Code::F64,
            _ => return None,
        })
    }

    pub(crate) fn to_char(self) -> char {
        match self {
            Code::I8 => 'b',
            Code::U8 => 'B',
            Code::Wchar => 'u',
            Code::I16 => 'h',
            Code::U16 => 'H',
            Code::I32 => 'i',
            Code::U32 => 'I',
            Code::Long => 'l',
            Code::ULong => 'L',
            Code::LongLong => 'q',
            Code::ULongLong => 'Q',
            Code::F32 => 'f',
            Code::F64 => 'd',
        }
    }

    pub(crate) fn itemsize(self) -> usize {
        match self {
            Code::I8 | Code::U8 => 1,
            Code::I16 | Code::U16 => 2,
            Code::Wchar | Code::I32 | Code::U32 | Code::F32 => 4,
            Code::Long | Code::ULong | Code::LongLong | Code::ULongLong | Code::F64 => 8,
        }
    }

    /// The buffer format memoryviews see: CPython 3.11 exports a 4-byte 'u' as "w".
    pub(crate) fn format(self) -> &'static str {
        match self {
            Code::I8 => "b",
            Code::U8 => "B",
            Code::Wchar => "w",
            Code::I16 => "h",
            Code::U16 => "H",
            Code::I32 => "i",
            Code::U32 => "I",
            Code::Long => "l",
            Code::ULong => "L",
            Code::LongLong => "q",
            Code::ULongLong => "Q",
            Code::F32 => "f",
            Code::F64 => "d",
        }
    }

    pub(crate) fn is_integer(self) -> bool {
        !matches!(self, Code::Wchar | Code::F32 | Code::F64)
    }

    pub(crate) fn is_signed(self) -> bool {
        matches!(
            self,
            Code::I8 | Code::I16 | Code::I32 | Code::Long | Code::LongLong
        )
    }
}

// ----- reading items -----

/// The number stored in one item (`raw` holds exactly `itemsize` bytes).
#[derive(Copy, Clone, Debug, PartialEq)]
pub(crate) enum Num {
    Int(i128),
    Float(f64),
    Char(u32),
}

pub(crate) fn decode(code: Code, raw: &[u8]) -> Num {
    let mut w = [0u8; 8];
    w[..raw.len()].copy_from_slice(raw);
    let b2 = [w[0], w[1]];
    let b4 = [w[0], w[1], w[2], w[3]];
    match code {
        Code::I8 => Num::Int(w[0] as i8 as i128),
        Code::U8 => Num::Int(w[0] as i128),
        Code::I16 => Num::Int(i16::from_ne_bytes(b2) as i128),
        Code::U16 => Num::Int(u16::from_ne_bytes(b2) as i128),
        Code::I32 => Num::Int(i32::from_ne_bytes(b4) as i128),
        Code::U32 => Num::Int(u32::from_ne_bytes(b4) as i128),
        Code::Long | Code::LongLong => Num::Int(i64::from_ne_bytes(w) as i128),
        Code::ULong | Code::ULongLong => Num::Int(u64::from_ne_bytes(w) as i128),
        Code::F32 => Num::Float(f32::from_ne_bytes(b4) as f64),
        Code::F64 => Num::Float(f64::from_ne_bytes(w)),
        Code::Wchar => Num::Char(u32::from_ne_bytes(b4)),
    }
}

/// The character of a 'u' item; ValueError for values no str can hold (CPython's
/// `PyUnicode_FromOrdinal` message for those beyond U+10FFFF; a lone surrogate, which
/// CPython would return, cannot be an ember str).
pub(crate) fn wchar(t: &mut Thread, c: u32, tounicode: bool) -> PyResult<char> {
    match char::from_u32(c) {
        Some(ch) => Ok(ch),
        None if c > 0x10ffff && tounicode => Err(t.value_error(&format!(
            "character U+{c:x} is not in range [U+0000; U+10ffff]"
        ))),
        None if c > 0x10ffff => Err(t.value_error("chr() arg not in range(0x110000)")),
        None => Err(t.value_error(&format!(
            "character U+{c:x} is a lone surrogate, which ember's str cannot hold"
        ))),
    }
}

/// The Python value of one item.
pub(crate) fn unpack(t: &mut Thread, code: Code, raw: &[u8]) -> PyResult<Value> {
    match decode(code, raw) {
        Num::Int(i) => int::from_i128(t, i),
        Num::Float(f) => float::new_float(t, f),
        Num::Char(c) => {
            let ch = wchar(t, c, false)?;
            pystr::new_str(t, ch.encode_utf8(&mut [0u8; 4]))
        }
    }
}

// ----- writing items -----

/// One packed item, native-endian, in the first `itemsize` bytes.
pub(crate) type Packed = [u8; 8];

fn overflow(t: &mut Thread, msg: &str) -> Raised {
    t.overflow_error(msg)
}

/// The int behind `v` through `__index__` ("'T' object cannot be interpreted as an
/// integer" otherwise).
fn int_of(t: &mut Thread, v: Value) -> PyResult<BigInt> {
    let name = type_::type_name_of(t, v);
    match sequence::to_bigint_index(t, v)? {
        Some(n) => Ok(n),
        None => Err(t.type_error(&format!(
            "'{name}' object cannot be interpreted as an integer"
        ))),
    }
}

/// `PyLong_AsLong`: the value as a C long.
fn as_long(t: &mut Thread, n: &BigInt) -> PyResult<i64> {
    n.to_i64()
        .ok_or_else(|| overflow(t, "Python int too large to convert to C long"))
}

/// `PyLong_AsUnsignedLong`.
fn as_ulong(t: &mut Thread, n: &BigInt) -> PyResult<u64> {
    if n.sign() == num_bigint::Sign::Minus {
        return Err(overflow(t, "can't convert negative value to unsigned int"));
    }
    n.to_u64()
        .ok_or_else(|| overflow(t, "Python int too large to convert to C unsigned long"))
}

/// A range check of `PyArg_Parse`'s integer formats: "<what> is less than minimum" /
/// "<what> is greater than maximum".
fn check_range(t: &mut Thread, x: i64, lo: i64, hi: i64, what: &str) -> PyResult<i64> {
    if x < lo {
        return Err(overflow(t, &format!("{what} is less than minimum")));
    }
    if x > hi {
        return Err(overflow(t, &format!("{what} is greater than maximum")));
    }
    Ok(x)
}

/// Converts `v` to one item of type `code` (CPython's `<code>_setitem` with a negative
/// index: check only).
pub(crate) fn pack(t: &mut Thread, code: Code, v: Value) -> PyResult<Packed> {
    let mut out = [0u8; 8];
    match code {
        Code::F32 | Code::F64 => {
            let x = float::as_double(t, v)?;
            if code == Code::F64 {
                out.copy_from_slice(&x.to_ne_bytes());
            } else {
                // A C conversion: out-of-range doubles become infinities.
                out[..4].copy_from_slice(&(x as f32).to_ne_bytes());
            }
        }
        Code::Wchar => {
            let c = if pystr::is_str(t, v) && pystr::char_len(t, v) == 1 {
                pystr::with_str(t, v, |s| s.chars().next().map(|c| c as u32))
            } else {
                None
            };
            let Some(c) = c else {
                return Err(t.type_error("array item must be unicode character"));
            };
            out[..4].copy_from_slice(&c.to_ne_bytes());
        }
        _ => {
            let n = int_of(t, v)?;
            match code {
                Code::I8 => {
                    // 'h' format first, then the signed char range.
                    let x = as_long(t, &n)?;
                    let x = check_range(t, x, -32768, 32767, "signed short integer")?;
                    let x = check_range(t, x, -128, 127, "signed char")?;
                    out[0] = x as i8 as u8;
                }
                Code::U8 => {
                    let x = as_long(t, &n)?;
                    let x = check_range(t, x, 0, 255, "unsigned byte integer")?;
                    out[0] = x as u8;
                }
                Code::I16 => {
                    let x = as_long(t, &n)?;
                    let x = check_range(t, x, -32768, 32767, "signed short integer")?;
                    out[..2].copy_from_slice(&(x as i16).to_ne_bytes());
                }
                Code::U16 => {
                    // 'i' format first, then the unsigned short range.
                    let x = as_long(t, &n)?;
                    let x = check_range(t, x, i32::MIN as i64, i32::MAX as i64, "signed integer")?;
                    let x = check_range(t, x, 0, 65535, "unsigned short")?;
                    out[..2].copy_from_slice(&(x as u16).to_ne_bytes());
                }
                Code::I32 => {
                    let x = as_long(t, &n)?;
                    let x = check_range(t, x, i32::MIN as i64, i32::MAX as i64, "signed integer")?;
                    out[..4].copy_from_slice(&(x as i32).to_ne_bytes());
                }
                Code::U32 => {
                    let x = as_ulong(t, &n)?;
                    if x > u32::MAX as u64 {
                        return Err(overflow(t, "unsigned int is greater than maximum"));
                    }
                    out[..4].copy_from_slice(&(x as u32).to_ne_bytes());
                }
                Code::Long => out = as_long(t, &n)?.to_ne_bytes(),
                Code::ULong => out = as_ulong(t, &n)?.to_ne_bytes(),
                Code::LongLong => match n.to_i64() {
                    Some(x) => out = x.to_ne_bytes(),
                    None => return Err(overflow(t, "int too big to convert")),
                },
                Code::ULongLong => {
                    if n.sign() == num_bigint::Sign::Minus {
                        return Err(overflow(t, "can't convert negative int to unsigned"));
                    }
                    match n.to_u64() {
                        Some(x) => out = x.to_ne_bytes(),
                        None => return Err(overflow(t, "int too big to convert")),
                    }
                }
                Code::Wchar | Code::F32 | Code::F64 => unreachable!("handled above"),
            }
        }
    }
    Ok(out)
}

// ----- machine formats (pickling) -----

/// CPython's `machine_format_code` of `code` on this (little-endian, LP64) machine.
pub(crate) fn mformat_of(code: Code) -> i64 {
    match code {
        Code::U8 => 0,
        Code::I8 => 1,
        Code::U16 => 2,
        Code::I16 => 4,
        Code::U32 => 6,
        Code::I32 => 8,
        Code::ULong | Code::ULongLong => 10,
        Code::Long | Code::LongLong => 12,
        Code::F32 => 14,
        Code::F64 => 16,
        Code::Wchar => 20,
    }
}

pub(crate) const MFORMAT_MAX: i64 = 21;

/// The layout a machine-format code names: (size, signed, big-endian). The sizes of the
/// UTF-16 and UTF-32 codes are CPython 3.11's table entries (4 and 8), which decide which
/// byte lengths `_array_reconstructor` accepts.
pub(crate) fn mformat_layout(m: i64) -> (usize, bool, bool) {
    let be = m % 2 == 1;
    match m {
        0 | 1 => (1, m == 1, false),
        2..=5 => (2, m >= 4, be),
        6..=9 => (4, m >= 8, be),
        10..=13 => (8, m >= 12, be),
        14 | 15 => (4, false, be),
        16 | 17 => (8, false, be),
        18 | 19 => (4, false, be),
        _ => (8, false, be),
    }
}

/// The integer typecode `_array_reconstructor` picks for integers of `size` bytes: the
/// last such code in CPython's descriptor table.
pub(crate) fn int_code_for(size: usize, signed: bool) -> Option<Code> {
    TYPECODES
        .chars()
        .filter_map(Code::from_char)
        .filter(|c| c.is_integer() && c.itemsize() == size && c.is_signed() == signed)
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typecodes_round_trip() {
        for c in TYPECODES.chars() {
            let code = Code::from_char(c).expect("typecode");
            assert_eq!(code.to_char(), c);
            assert!(matches!(code.itemsize(), 1 | 2 | 4 | 8));
        }
        assert_eq!(Code::from_char('w'), None);
        assert_eq!(Code::Wchar.format(), "w");
    }

    #[test]
    fn decode_is_native_endian() {
        assert_eq!(decode(Code::I8, &[0xff]), Num::Int(-1));
        assert_eq!(
            decode(Code::U16, &0xbeefu16.to_ne_bytes()),
            Num::Int(0xbeef)
        );
        assert_eq!(
            decode(Code::ULongLong, &u64::MAX.to_ne_bytes()),
            Num::Int(u64::MAX as i128)
        );
        assert_eq!(decode(Code::F32, &1.5f32.to_ne_bytes()), Num::Float(1.5));
        assert_eq!(
            decode(Code::Wchar, &0x1f600u32.to_ne_bytes()),
            Num::Char(0x1f600)
        );
    }

    #[test]
    fn machine_formats() {
        assert_eq!(mformat_of(Code::I16), 4);
        assert_eq!(mformat_layout(5), (2, true, true));
        assert_eq!(mformat_layout(19), (4, false, true));
        assert_eq!(int_code_for(8, true), Some(Code::LongLong));
        assert_eq!(int_code_for(4, false), Some(Code::U32));
        assert_eq!(int_code_for(1, true), Some(Code::I8));
    }
}

//! The text codecs `str.encode`, `bytes.decode` and `str(b, encoding)` support without the
//! `codecs` module: UTF-8, ASCII, Latin-1, UTF-16 and UTF-32 (with or without byte order),
//! under the error handlers strict, ignore, replace, backslashreplace and (encoding only)
//! xmlcharrefreplace. Encoding names are normalised as `encodings.normalize_encoding` does
//! and matched against CPython's aliases for these codecs.
//!
//! The functions here are pure; `raise` turns a `CodecError` into CPython's exception.

use ember_gc::Value;

use crate::errors::{PyResult, Raised};
use crate::objects::builtin_types::BuiltinType;
use crate::thread::Thread;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Codec {
    Utf8,
    Ascii,
    Latin1,
    Utf16(Option<bool>),
    Utf32(Option<bool>),
}

impl Codec {
    /// The name CPython's error messages use.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
            Codec::Utf16(None) => "utf-16",
            Codec::Utf16(Some(true)) => "utf-16-le",
            Codec::Utf16(Some(false)) => "utf-16-be",
            Codec::Utf32(None) => "utf-32",
            Codec::Utf32(Some(true)) => "utf-32-le",
            Codec::Utf32(Some(false)) => "utf-32-be",
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum CodecError {
    UnknownEncoding(String),
    UnknownHandler(String),
    /// Code point range `start..end` of the text could not be encoded.
    Encode {
        codec: Codec,
        start: usize,
        end: usize,
        reason: &'static str,
    },
    /// Byte range `start..end` could not be decoded.
    Decode {
        codec: Codec,
        start: usize,
        end: usize,
        reason: &'static str,
    },
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum Handler {
    Strict,
    Ignore,
    Replace,
    BackslashReplace,
    XmlCharRefReplace,
}

fn handler(errors: &str) -> Result<Handler, CodecError> {
    Ok(match errors {
        // Without lone surrogates in text (FIXME(surrogates) in str.rs), `surrogatepass`
        // behaves as strict, and `surrogateescape` does for encoding; for decoding it would
        // need lone surrogates, so undecodable bytes still raise.
        "strict" | "surrogatepass" | "surrogateescape" => Handler::Strict,
        "ignore" => Handler::Ignore,
        "replace" => Handler::Replace,
        "backslashreplace" => Handler::BackslashReplace,
        "xmlcharrefreplace" => Handler::XmlCharRefReplace,
        other => return Err(CodecError::UnknownHandler(other.to_string())),
    })
}

/// Finds the codec for an encoding name, as `codecs.lookup` would.
pub fn lookup(encoding: &str) -> Result<Codec, CodecError> {
    let mut norm = String::with_capacity(encoding.len());
    let mut pending_sep = false;
    for c in encoding.chars() {
        if c.is_alphanumeric() || c == '.' {
            if pending_sep && !norm.is_empty() {
                norm.push('_');
            }
            pending_sep = false;
            norm.push(c.to_ascii_lowercase());
        } else {
            pending_sep = true;
        }
    }
    Ok(match norm.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" | "cp65001" => Codec::Utf8,
        "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968"
        | "ansi_x3.4_1986" | "cp367" | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991"
        | "iso_ir_6" => Codec::Ascii,
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819"
        | "iso_ir_100" | "csisolatin1" | "ibm819" | "iso_8859_1_1987" => Codec::Latin1,
        "utf_16" | "utf16" | "u16" => Codec::Utf16(None),
        "utf_16_le" | "utf_16le" | "unicodelittleunmarked" => Codec::Utf16(Some(true)),
        "utf_16_be" | "utf_16be" | "unicodebigunmarked" => Codec::Utf16(Some(false)),
        "utf_32" | "utf32" | "u32" => Codec::Utf32(None),
        "utf_32_le" | "utf_32le" => Codec::Utf32(Some(true)),
        "utf_32_be" | "utf_32be" => Codec::Utf32(Some(false)),
        _ => return Err(CodecError::UnknownEncoding(encoding.to_string())),
    })
}

/// Encodes `text`.
pub fn encode(text: &str, encoding: &str, errors: &str) -> Result<Vec<u8>, CodecError> {
    let codec = lookup(encoding)?;
    match codec {
        Codec::Utf8 => Ok(text.as_bytes().to_vec()),
        Codec::Ascii => encode_limited(text, codec, 0x80, errors),
        Codec::Latin1 => encode_limited(text, codec, 0x100, errors),
        Codec::Utf16(order) => {
            let le = order.unwrap_or(true);
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            if order.is_none() {
                out.extend_from_slice(&[0xff, 0xfe]);
            }
            let mut buf = [0u16; 2];
            for c in text.chars() {
                for u in c.encode_utf16(&mut buf) {
                    out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
                }
            }
            Ok(out)
        }
        Codec::Utf32(order) => {
            let le = order.unwrap_or(true);
            let mut out = Vec::with_capacity(text.len() * 4 + 4);
            if order.is_none() {
                out.extend_from_slice(&[0xff, 0xfe, 0, 0]);
            }
            for c in text.chars() {
                let n = c as u32;
                out.extend_from_slice(&if le { n.to_le_bytes() } else { n.to_be_bytes() });
            }
            Ok(out)
        }
    }
}

/// ASCII and Latin-1: code points below `limit` map to one byte.
fn encode_limited(
    text: &str,
    codec: Codec,
    limit: u32,
    errors: &str,
) -> Result<Vec<u8>, CodecError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i] as u32;
        if c < limit {
            out.push(c as u8);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len() && chars[end] as u32 >= limit {
            end += 1;
        }
        let reason = if limit == 0x80 {
            "ordinal not in range(128)"
        } else {
            "ordinal not in range(256)"
        };
        match handler(errors)? {
            Handler::Strict => {
                return Err(CodecError::Encode {
                    codec,
                    start: i,
                    end,
                    reason,
                });
            }
            Handler::Ignore => {}
            Handler::Replace => out.extend(std::iter::repeat_n(b'?', end - i)),
            Handler::BackslashReplace => {
                for &c in &chars[i..end] {
                    out.extend_from_slice(backslash_escape(c as u32).as_bytes());
                }
            }
            Handler::XmlCharRefReplace => {
                for &c in &chars[i..end] {
                    out.extend_from_slice(format!("&#{};", c as u32).as_bytes());
                }
            }
        }
        i = end;
    }
    Ok(out)
}

fn backslash_escape(n: u32) -> String {
    if n <= 0xff {
        format!("\\x{n:02x}")
    } else if n <= 0xffff {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    }
}

/// Decodes `b`.
pub fn decode(b: &[u8], encoding: &str, errors: &str) -> Result<String, CodecError> {
    let codec = lookup(encoding)?;
    match codec {
        Codec::Utf8 => decode_utf8(b, errors),
        Codec::Latin1 => Ok(b.iter().map(|&c| c as char).collect()),
        Codec::Ascii => {
            let mut out = String::with_capacity(b.len());
            for (i, &c) in b.iter().enumerate() {
                if c < 0x80 {
                    out.push(c as char);
                    continue;
                }
                match handler(errors)? {
                    Handler::Strict | Handler::XmlCharRefReplace => {
                        return Err(CodecError::Decode {
                            codec,
                            start: i,
                            end: i + 1,
                            reason: "ordinal not in range(128)",
                        })
                    }
                    Handler::Ignore => {}
                    Handler::Replace => out.push('\u{fffd}'),
                    Handler::BackslashReplace => out.push_str(&format!("\\x{c:02x}")),
                }
            }
            Ok(out)
        }
        Codec::Utf16(order) => decode_utf16(b, codec, order, errors),
        Codec::Utf32(order) => decode_utf32(b, codec, order, errors),
    }
}

fn decode_utf8(b: &[u8], errors: &str) -> Result<String, CodecError> {
    let mut out = String::with_capacity(b.len());
    let mut rest = b;
    let mut base = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return Ok(out);
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or(""));
                let (len, reason) = match e.error_len() {
                    None => (rest.len() - good, "unexpected end of data"),
                    Some(n) => {
                        let first = rest[good];
                        if (0xc2..=0xf4).contains(&first) {
                            (n, "invalid continuation byte")
                        } else {
                            (n, "invalid start byte")
                        }
                    }
                };
                let start = base + good;
                match handler(errors)? {
                    Handler::Strict | Handler::XmlCharRefReplace => {
                        return Err(CodecError::Decode {
                            codec: Codec::Utf8,
                            start,
                            end: start + len,
                            reason,
                        })
                    }
                    Handler::Ignore => {}
                    Handler::Replace => out.push('\u{fffd}'),
                    Handler::BackslashReplace => {
                        for &c in &rest[good..good + len] {
                            out.push_str(&format!("\\x{c:02x}"));
                        }
                    }
                }
                rest = &rest[good + len..];
                base = start + len;
            }
        }
    }
}

fn decode_error(
    errors: &str,
    codec: Codec,
    start: usize,
    end: usize,
    reason: &'static str,
    out: &mut String,
    raw: &[u8],
) -> Result<(), CodecError> {
    match handler(errors)? {
        Handler::Strict | Handler::XmlCharRefReplace => Err(CodecError::Decode {
            codec,
            start,
            end,
            reason,
        }),
        Handler::Ignore => Ok(()),
        Handler::Replace => {
            out.push('\u{fffd}');
            Ok(())
        }
        Handler::BackslashReplace => {
            for &c in raw {
                out.push_str(&format!("\\x{c:02x}"));
            }
            Ok(())
        }
    }
}

fn decode_utf16(
    b: &[u8],
    codec: Codec,
    order: Option<bool>,
    errors: &str,
) -> Result<String, CodecError> {
    let (mut le, mut i) = (order.unwrap_or(true), 0);
    if order.is_none() && b.len() >= 2 {
        if b[0] == 0xff && b[1] == 0xfe {
            i = 2;
        } else if b[0] == 0xfe && b[1] == 0xff {
            le = false;
            i = 2;
        }
    }
    let unit = |j: usize| -> u16 {
        if le {
            u16::from_le_bytes([b[j], b[j + 1]])
        } else {
            u16::from_be_bytes([b[j], b[j + 1]])
        }
    };
    let mut out = String::with_capacity(b.len() / 2);
    while i < b.len() {
        if i + 1 >= b.len() {
            decode_error(
                errors,
                codec,
                i,
                b.len(),
                "truncated data",
                &mut out,
                &b[i..],
            )?;
            break;
        }
        let u = unit(i);
        if !(0xd800..0xe000).contains(&u) {
            out.push(char::from_u32(u as u32).unwrap_or('\u{fffd}'));
            i += 2;
            continue;
        }
        if u >= 0xdc00 {
            decode_error(
                errors,
                codec,
                i,
                i + 2,
                "illegal encoding",
                &mut out,
                &b[i..i + 2],
            )?;
            i += 2;
            continue;
        }
        if i + 3 >= b.len() {
            decode_error(
                errors,
                codec,
                i,
                b.len(),
                "unexpected end of data",
                &mut out,
                &b[i..],
            )?;
            break;
        }
        let u2 = unit(i + 2);
        if !(0xdc00..0xe000).contains(&u2) {
            decode_error(
                errors,
                codec,
                i,
                i + 2,
                "illegal UTF-16 surrogate",
                &mut out,
                &b[i..i + 2],
            )?;
            i += 2;
            continue;
        }
        let c = 0x10000 + (((u as u32) - 0xd800) << 10) + ((u2 as u32) - 0xdc00);
        out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
        i += 4;
    }
    Ok(out)
}

fn decode_utf32(
    b: &[u8],
    codec: Codec,
    order: Option<bool>,
    errors: &str,
) -> Result<String, CodecError> {
    let (mut le, mut i) = (order.unwrap_or(true), 0);
    if order.is_none() && b.len() >= 4 {
        if b[..4] == [0xff, 0xfe, 0, 0] {
            i = 4;
        } else if b[..4] == [0, 0, 0xfe, 0xff] {
            le = false;
            i = 4;
        }
    }
    let mut out = String::with_capacity(b.len() / 4);
    while i < b.len() {
        if i + 3 >= b.len() {
            decode_error(
                errors,
                codec,
                i,
                b.len(),
                "truncated data",
                &mut out,
                &b[i..],
            )?;
            break;
        }
        let w = [b[i], b[i + 1], b[i + 2], b[i + 3]];
        let n = if le {
            u32::from_le_bytes(w)
        } else {
            u32::from_be_bytes(w)
        };
        match char::from_u32(n) {
            Some(c) => out.push(c),
            None => {
                let reason = if n > 0x10ffff {
                    "code point not in range(0x110000)"
                } else {
                    "code point in surrogate code point range(0xd800, 0xe000)"
                };
                decode_error(errors, codec, i, i + 4, reason, &mut out, &b[i..i + 4])?;
            }
        }
        i += 4;
    }
    Ok(out)
}

/// Raises the Python exception for a codec error. `text`/`bytes` is the object that was
/// being encoded or decoded (for the exception's `object` attribute).
#[cold]
pub fn raise(t: &mut Thread, e: CodecError, object: Value) -> Raised {
    match e {
        CodecError::UnknownEncoding(name) => t.raise_msg(
            BuiltinType::LookupError,
            &format!("unknown encoding: {name}"),
        ),
        CodecError::UnknownHandler(name) => t.raise_msg(
            BuiltinType::LookupError,
            &format!("unknown error handler name '{name}'"),
        ),
        CodecError::Encode {
            codec,
            start,
            end,
            reason,
        } => raise_unicode_error(
            t,
            BuiltinType::UnicodeEncodeError,
            codec,
            object,
            start,
            end,
            reason,
        ),
        CodecError::Decode {
            codec,
            start,
            end,
            reason,
        } => raise_unicode_error(
            t,
            BuiltinType::UnicodeDecodeError,
            codec,
            object,
            start,
            end,
            reason,
        ),
    }
}

fn raise_unicode_error(
    t: &mut Thread,
    ty: BuiltinType,
    codec: Codec,
    object: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> Raised {
    let ho = t.root(object);
    let enc = match crate::objects::str::new_str(t, codec.name()) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let he = t.root(enc);
    let r = match crate::objects::str::new_str(t, reason) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let args = [
        t.get(he),
        t.get(ho),
        Value::small_int(start as i64),
        Value::small_int(end as i64),
        r,
    ];
    t.raise_with_args(ty, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(lookup("UTF-8"), Ok(Codec::Utf8));
        assert_eq!(lookup("utf8"), Ok(Codec::Utf8));
        assert_eq!(lookup("Latin_1"), Ok(Codec::Latin1));
        assert_eq!(lookup("iso-8859-1"), Ok(Codec::Latin1));
        assert_eq!(lookup("US-ASCII"), Ok(Codec::Ascii));
        assert_eq!(lookup("utf-16-le"), Ok(Codec::Utf16(Some(true))));
        assert!(lookup("ascii2").is_err());
    }

    #[test]
    fn encode_errors() {
        assert_eq!(encode("é", "ascii", "replace"), Ok(b"?".to_vec()));
        assert_eq!(encode("é", "ascii", "ignore"), Ok(vec![]));
        assert_eq!(
            encode("é", "ascii", "xmlcharrefreplace"),
            Ok(b"&#233;".to_vec())
        );
        assert_eq!(
            encode("é", "ascii", "backslashreplace"),
            Ok(b"\\xe9".to_vec())
        );
        assert_eq!(
            encode("aé☃b", "ascii", "strict"),
            Err(CodecError::Encode {
                codec: Codec::Ascii,
                start: 1,
                end: 3,
                reason: "ordinal not in range(128)"
            })
        );
        assert_eq!(encode("☃", "utf-16-le", "strict"), Ok(vec![0x03, 0x26]));
    }

    #[test]
    fn decode_utf8_errors() {
        assert_eq!(
            decode(b"\xff", "utf-8", "strict"),
            Err(CodecError::Decode {
                codec: Codec::Utf8,
                start: 0,
                end: 1,
                reason: "invalid start byte"
            })
        );
        assert_eq!(
            decode(b"a\xc3", "utf-8", "strict"),
            Err(CodecError::Decode {
                codec: Codec::Utf8,
                start: 1,
                end: 2,
                reason: "unexpected end of data"
            })
        );
        assert_eq!(
            decode(b"\xed\xa0\x80", "utf-8", "strict"),
            Err(CodecError::Decode {
                codec: Codec::Utf8,
                start: 0,
                end: 1,
                reason: "invalid continuation byte"
            })
        );
        assert_eq!(
            decode(b"\xff\xfe", "utf-8", "replace"),
            Ok("\u{fffd}\u{fffd}".into())
        );
        assert_eq!(
            decode(b"\xff\xfe", "utf-8", "backslashreplace"),
            Ok("\\xff\\xfe".into())
        );
    }
}

/// Whether the codec registry (`_codecs`, written in Python terms by the stdlib) should get
/// the call: encodings and error handlers the codecs here do not know.
fn registry_case(e: &CodecError) -> bool {
    matches!(
        e,
        CodecError::UnknownEncoding(_) | CodecError::UnknownHandler(_)
    )
}

/// The `_codecs` module, if the embedder provides it.
fn registry_module(t: &mut Thread) -> Option<Value> {
    match crate::import::import_dotted(t, "_codecs") {
        Ok(m) => Some(m),
        Err(_) => {
            t.take_exception();
            None
        }
    }
}

/// CPython's `_PyCodec_EncodeText`/`_PyCodec_DecodeText` through the registry: the codec
/// must be a text encoding and give bytes (encoding) or str (decoding).
fn through_registry(
    t: &mut Thread,
    object: Value,
    encoding: &str,
    errors: &str,
    decoding: bool,
) -> PyResult<Option<Value>> {
    let ho = t.root(object);
    let Some(m) = registry_module(t) else {
        return Ok(None);
    };
    let lookup = crate::protocol::getattr_str(t, m, "lookup")?;
    let hl = t.root(lookup);
    let enc = crate::objects::str::new_str(t, encoding)?;
    let info = crate::protocol::call(t, t.get(hl), &[enc])?;
    let hi = t.root(info);
    let is_text = match crate::protocol::getattr_str(t, info, "_is_text_encoding") {
        Ok(v) => crate::protocol::truthy(t, v)?,
        Err(_) => {
            t.take_exception();
            true
        }
    };
    if !is_text {
        let f = if decoding { "decode" } else { "encode" };
        let msg = format!(
            "'{encoding}' is not a text encoding; use codecs.{f}() to handle arbitrary codecs"
        );
        return Err(t.raise_msg(BuiltinType::LookupError, &msg));
    }
    let f = crate::objects::tuple::get(t, t.get(hi), if decoding { 1 } else { 0 });
    let hf = t.root(f);
    let err = crate::objects::str::new_str(t, errors)?;
    let r = crate::protocol::call(t, t.get(hf), &[t.get(ho), err])?;
    if !crate::objects::tuple::is_tuple(t, r) || crate::objects::tuple::len(t, r) != 2 {
        let msg = if decoding {
            "decoder must return a tuple (object, integer)"
        } else {
            "encoder must return a tuple (object, integer)"
        };
        return Err(t.type_error(msg));
    }
    let v = crate::objects::tuple::get(t, r, 0);
    let ok = if decoding {
        crate::objects::str::is_str(t, v)
    } else {
        crate::objects::bytes::is_bytes(t, v)
    };
    if !ok {
        let tn = crate::objects::type_::type_name_of(t, v);
        let msg = if decoding {
            format!("'{encoding}' decoder returned '{tn}' instead of 'str'; use codecs.decode() to decode to arbitrary types")
        } else {
            format!("'{encoding}' encoder returned '{tn}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types")
        };
        return Err(t.type_error(&msg));
    }
    Ok(Some(v))
}

/// `str.encode`: the codecs here, else the registry. `text` is the str object (for errors
/// and for Python codecs).
pub fn encode_object(t: &mut Thread, text: Value, encoding: &str, errors: &str) -> PyResult<Value> {
    let s = crate::objects::str::to_rust_string(t, text);
    match encode(&s, encoding, errors) {
        Ok(b) => crate::objects::bytes::new_bytes(t, &b),
        Err(e) if registry_case(&e) => match through_registry(t, text, encoding, errors, false)? {
            Some(v) => Ok(v),
            None => Err(raise(t, e, text)),
        },
        Err(e) => Err(raise(t, e, text)),
    }
}

/// `bytes.decode` / `str(b, encoding)`: the codecs here, else the registry. `object` is
/// the bytes-like object whose contents are `data`.
pub fn decode_object(
    t: &mut Thread,
    object: Value,
    data: &[u8],
    encoding: &str,
    errors: &str,
) -> PyResult<Value> {
    match decode(data, encoding, errors) {
        Ok(s) => crate::objects::str::new_str(t, &s),
        Err(e) if registry_case(&e) => match through_registry(t, object, encoding, errors, true)? {
            Some(v) => Ok(v),
            None => Err(raise(t, e, object)),
        },
        Err(e) => Err(raise(t, e, object)),
    }
}

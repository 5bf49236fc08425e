//! `_io.TextIOWrapper` (CPython's textio.c): text over a buffered binary stream, with the
//! codecs of `objects/str_codecs.rs` and CPython's newline rules.
//!
//! Slots: 1 = buffer; 2 = encoding (the name given, for the attribute); 3 = errors;
//! 4 = decoded text not yet consumed (a str, *before* newline translation, or None) and
//! 5 = the UTF-8 byte offset of its first unconsumed character; 6 = flags (`F_*`);
//! 7 = undecoded trailing bytes (an incomplete character; bytes or None); 8 = the newline
//! kinds seen; 9 = `_CHUNK_SIZE`; 10 = the codec name used for decoding (fixed to one byte
//! order once a UTF-16/32 stream's BOM has been read).
//!
//! Translation happens when text is consumed, so the unconsumed decoded text still
//! corresponds byte for byte to the stream: `tell()` is the buffer's position minus the
//! undecoded bytes minus the encoded length of the unconsumed text, a plain byte position
//! (CPython's cookies also carry decoder state; for the codecs ember supports, which are
//! stateless past the BOM, the byte position is enough).
//!
//! Writes are encoded and handed to the buffer at once (CPython collects up to
//! `_CHUNK_SIZE` bytes first); a native buffer is written through directly.

use ember_gc::Value;

use super::buffered::{self, RANDOM, WRITER};
use super::iobase::TEXTIOBASE;
use super::newlines::{newlines_value, SEEN_CR, SEEN_CRLF, SEEN_LF};
use super::{arg, check_args, check_self, index_i64, make_type, size_arg, unsupported, CLOSED};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::native::Args;
use crate::objects::str::codecs::{self as str_codecs, Codec};
use crate::objects::{bytes, int, str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

pub(crate) static KEY: &str = "_io.TextIOWrapper";

pub(crate) const BUFFER: usize = 1;
const ENCODING: usize = 2;
const ERRORS: usize = 3;
const DECODED: usize = 4;
const DPOS: usize = 5;
pub(crate) const FLAGS: usize = 6;
const RAWPEND: usize = 7;
const SEEN: usize = 8;
const CHUNK: usize = 9;
const DECNAME: usize = 10;

pub(crate) const F_LINE_BUF: i64 = 1;
const F_WRITE_THROUGH: i64 = 2;
/// newline None or '': '\r', '\n' and "\r\n" end lines on input.
const F_UNIVERSAL: i64 = 4;
/// newline None: input line endings become '\n'.
const F_TRANSLATE: i64 = 8;
/// newline '\r' / '\r\n': output '\n' becomes that, and input lines end at it.
pub(crate) const F_NL_CR: i64 = 16;
pub(crate) const F_NL_CRLF: i64 = 32;
const F_DETACHED: i64 = 64;
const F_SEEKABLE: i64 = 128;
const F_READABLE: i64 = 256;
const F_WRITABLE: i64 = 512;
/// A UTF-16/32 BOM has been written (later writes leave it out).
const F_BOM_DONE: i64 = 1024;
/// The encoding is UTF-8: text is written as its UTF-8 bytes (ember's str holds no lone
/// surrogates, so no error handler can be needed).
pub(crate) const F_UTF8: i64 = 2048;
/// The encoding is "utf-8-sig": UTF-8 with a BOM written first and skipped on reading.
const F_SIG: i64 = 4096;
/// State that rules out `print`'s fast path (see `io::std_fast_fd`).
pub(crate) const F_STREAM_STATE: i64 = F_DETACHED;

fn flags(t: &Thread, s: Value) -> i64 {
    let f = t.heap.slot(s, FLAGS);
    if f.is_small_int() {
        f.as_small_int()
    } else {
        0
    }
}

fn set_flags(t: &mut Thread, s: Value, f: i64) {
    t.heap.set_slot(s, FLAGS, Value::small_int(f));
}

/// `self`, initialised and attached.
fn attached(t: &mut Thread, a: &Args, meth: &str) -> PyResult<Value> {
    let s = check_self(t, a, KEY, meth)?;
    let f = t.heap.slot(s, FLAGS);
    if !f.is_small_int() {
        return Err(super::uninitialized_error(t));
    }
    if f.as_small_int() & F_DETACHED != 0 {
        return Err(t.value_error("underlying buffer has been detached"));
    }
    Ok(s)
}

/// `self`, attached and open (`buffer.closed` false).
fn ready(t: &mut Thread, a: &Args, meth: &str) -> PyResult<Value> {
    let s = attached(t, a, meth)?;
    if buffer_closed(t, s)? {
        return Err(super::closed_error(t));
    }
    Ok(a.get(t, 0))
}

fn buffer_closed(t: &mut Thread, s: Value) -> PyResult<bool> {
    let b = t.heap.slot(s, BUFFER);
    if super::is_exact(t, b, buffered::READER)
        || super::is_exact(t, b, WRITER)
        || super::is_exact(t, b, RANDOM)
    {
        let raw = t.heap.slot(b, buffered::RAW);
        if super::fileio::raw_fd(t, raw).is_some() {
            return Ok(false);
        }
    }
    super::is_closed(t, b)
}

/// Whether `write_text` may be called on `s` directly (what `write` would check passes):
/// an exact, initialised, attached, writable TextIOWrapper over an open native buffer.
pub(crate) fn fast_writable(t: &Thread, s: Value) -> bool {
    if !super::is_exact(t, s, KEY) {
        return false;
    }
    let f = t.heap.slot(s, FLAGS);
    if !f.is_small_int() || f.as_small_int() & F_DETACHED != 0 || f.as_small_int() & F_WRITABLE == 0
    {
        return false;
    }
    let b = t.heap.slot(s, BUFFER);
    (super::is_exact(t, b, WRITER) || super::is_exact(t, b, RANDOM))
        && super::fileio::raw_fd(t, t.heap.slot(b, buffered::RAW)).is_some()
}

/// Whether an encoding name means "utf-8-sig" (which `str_codecs` does not know).
fn is_utf8_sig(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace(['-', ' '], "_");
    matches!(n.as_str(), "utf_8_sig" | "utf8_sig")
}

fn codec_of(t: &Thread, s: Value, slot: usize) -> Codec {
    let name = pystr::to_rust_string(t, t.heap.slot(s, slot));
    str_codecs::lookup(&name).unwrap_or(Codec::Utf8)
}

fn errors_of(t: &Thread, s: Value) -> String {
    pystr::to_rust_string(t, t.heap.slot(s, ERRORS))
}

/// How many trailing bytes of `b` may start a character that the next chunk completes.
fn incomplete_tail(b: &[u8], codec: Codec) -> usize {
    match codec {
        Codec::Utf8 => {
            for back in 1..=3.min(b.len()) {
                let c = b[b.len() - back];
                if c & 0xc0 == 0x80 {
                    continue;
                }
                let need = if c >= 0xf0 {
                    4
                } else if c >= 0xe0 {
                    3
                } else if c >= 0xc0 {
                    2
                } else {
                    1
                };
                return if need > back { back } else { 0 };
            }
            0
        }
        Codec::Utf16(order) => {
            let mut n = b.len() % 2;
            let end = b.len() - n;
            if end >= 2 {
                let le = order.unwrap_or(true);
                let u = if le {
                    u16::from_le_bytes([b[end - 2], b[end - 1]])
                } else {
                    u16::from_be_bytes([b[end - 2], b[end - 1]])
                };
                if (0xd800..0xdc00).contains(&u) {
                    n += 2;
                }
            }
            n
        }
        Codec::Utf32(_) => b.len() % 4,
        _ => 0,
    }
}

/// The encoded length of `text` (for `tell`).
fn encoded_len(text: &str, codec: Codec) -> usize {
    match codec {
        Codec::Utf8 => text.len(),
        Codec::Ascii | Codec::Latin1 => text.chars().count(),
        Codec::Utf16(_) => text
            .chars()
            .map(|c| if (c as u32) > 0xffff { 4 } else { 2 })
            .sum(),
        Codec::Utf32(_) => text.chars().count() * 4,
    }
}

/// Decodes `data` (after the pending undecoded bytes); keeps an incomplete tail unless
/// `final_`. Returns the text.
fn decode_chunk(t: &mut Thread, s: Value, data: &[u8], final_: bool) -> PyResult<String> {
    let hs = t.root(s);
    let mut input = {
        let p = t.heap.slot(s, RAWPEND);
        if p.is_none() {
            Vec::new()
        } else {
            t.heap.bytes(p).to_vec()
        }
    };
    input.extend_from_slice(data);
    let mut codec = codec_of(t, s, DECNAME);
    // utf-8-sig skips a BOM at the start, once.
    if is_utf8_sig(&pystr::to_rust_string(t, t.heap.slot(s, DECNAME))) {
        if input.len() < 3 && b"\xef\xbb\xbf".starts_with(&input) {
            if final_ {
                // A partial BOM at the end decodes to nothing (CPython's utf_8_sig).
                t.heap.set_slot(t.get(hs), RAWPEND, Value::NONE);
                return Ok(String::new());
            }
            let p = bytes::new_bytes(t, &input)?;
            t.heap.set_slot(t.get(hs), RAWPEND, p);
            return Ok(String::new());
        }
        if input.starts_with(b"\xef\xbb\xbf") {
            input.drain(..3);
        }
        let n = pystr::new_str(t, "utf-8")?;
        t.heap.set_slot(t.get(hs), DECNAME, n);
        codec = Codec::Utf8;
    }
    // A UTF-16/32 stream without a byte order reads it from the BOM, once.
    if matches!(codec, Codec::Utf16(None) | Codec::Utf32(None)) {
        let width = if matches!(codec, Codec::Utf16(None)) {
            2
        } else {
            4
        };
        if input.len() < width && !final_ {
            let p = bytes::new_bytes(t, &input)?;
            t.heap.set_slot(t.get(hs), RAWPEND, p);
            return Ok(String::new());
        }
        let (le, skip) = match (width, input.as_slice()) {
            (2, [0xff, 0xfe, ..]) => (true, 2),
            (2, [0xfe, 0xff, ..]) => (false, 2),
            (4, [0xff, 0xfe, 0, 0, ..]) => (true, 4),
            (4, [0, 0, 0xfe, 0xff, ..]) => (false, 4),
            _ => (true, 0),
        };
        input.drain(..skip.min(input.len()));
        let name = match (width, le) {
            (2, true) => "utf-16-le",
            (2, false) => "utf-16-be",
            (_, true) => "utf-32-le",
            _ => "utf-32-be",
        };
        codec = str_codecs::lookup(name).unwrap_or(Codec::Utf8);
        let n = pystr::new_str(t, name)?;
        t.heap.set_slot(t.get(hs), DECNAME, n);
    }
    let tail = if final_ {
        0
    } else {
        incomplete_tail(&input, codec)
    };
    let body = &input[..input.len() - tail];
    let s = t.get(hs);
    let errors = errors_of(t, s);
    let text = match str_codecs::decode(body, codec.name(), &errors) {
        Ok(text) => text,
        Err(e) => {
            let b = bytes::new_bytes(t, body)?;
            return Err(str_codecs::raise(t, e, b));
        }
    };
    let rest = input[input.len() - tail..].to_vec();
    let p = if rest.is_empty() {
        Value::NONE
    } else {
        bytes::new_bytes(t, &rest)?
    };
    t.heap.set_slot(t.get(hs), RAWPEND, p);
    Ok(text)
}

/// Reads one chunk from the buffer and appends its text to the decoded text; false at EOF.
fn fill(t: &mut Thread, s: Value) -> PyResult<bool> {
    let hs = t.root(s);
    let chunk = t.heap.slot(s, CHUNK);
    let n = if chunk.is_small_int() {
        chunk.as_small_int()
    } else {
        8192
    };
    let b = t.heap.slot(s, BUFFER);
    let has_read1 = super::is_exact(t, b, buffered::READER) || super::is_exact(t, b, RANDOM) || {
        let r = protocol::getattr_str(t, b, "read1");
        if r.is_err() {
            t.take_exception();
        }
        r.is_ok()
    };
    let b = t.heap.slot(t.get(hs), BUFFER);
    let meth = if has_read1 { "read1" } else { "read" };
    let r = protocol::call_method(t, b, meth, &[Value::small_int(n)])?;
    let data = match bytes::bytes_like(t, r) {
        Some(d) => d.to_vec(),
        None if r.is_none() => Vec::new(),
        None => {
            let msg = format!(
                "underlying {meth}() should have returned a bytes-like object, not '{}'",
                type_::type_name_of(t, r)
            );
            return Err(t.type_error(&msg));
        }
    };
    let eof = data.is_empty();
    let text = decode_chunk(t, t.get(hs), &data, eof)?;
    let s = t.get(hs);
    let (old, dpos) = decoded(t, s);
    let mut all = old[dpos.min(old.len())..].to_string();
    all.push_str(&text);
    let v = if all.is_empty() {
        Value::NONE
    } else {
        pystr::new_str(t, &all)?
    };
    let s = t.get(hs);
    t.heap.set_slot(s, DECODED, v);
    t.heap.set_slot(s, DPOS, Value::small_int(0));
    Ok(!eof)
}

/// The decoded text (copied out) and the offset of its first unconsumed byte.
fn decoded(t: &Thread, s: Value) -> (String, usize) {
    let d = t.heap.slot(s, DECODED);
    if d.is_none() {
        return (String::new(), 0);
    }
    let p = t.heap.slot(s, DPOS);
    let p = if p.is_small_int() {
        p.as_small_int() as usize
    } else {
        0
    };
    (pystr::to_rust_string(t, d), p)
}

fn clear_decoded(t: &mut Thread, s: Value) {
    t.heap.set_slot(s, DECODED, Value::NONE);
    t.heap.set_slot(s, DPOS, Value::small_int(0));
    t.heap.set_slot(s, RAWPEND, Value::NONE);
}

/// What a read wants from the decoded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    Chars(usize),
    Line(Option<usize>),
    All,
}

/// What `scan` produced: bytes consumed, the output (UTF-8) and its length in characters,
/// and the newline kinds seen.
type Scanned = (usize, Vec<u8>, usize, u8);

/// Consumes from `b` (UTF-8 text) what `want` asks, translating newlines as the flags say.
/// Returns None when the text may end in the middle of the answer and more input is needed
/// (never when `eof`).
fn scan(b: &[u8], want: Want, f: i64, eof: bool) -> Option<Scanned> {
    let translate = f & F_TRANSLATE != 0;
    let universal = f & F_UNIVERSAL != 0;
    let readnl: &[u8] = if f & F_NL_CR != 0 {
        b"\r"
    } else if f & F_NL_CRLF != 0 {
        b"\r\n"
    } else {
        b"\n"
    };
    let line = matches!(want, Want::Line(_));
    let mut out: Vec<u8> = Vec::new();
    let mut count = 0usize;
    let mut seen = 0u8;
    let mut i = 0;
    let limit = match want {
        Want::Chars(n) => Some(n),
        Want::Line(l) => l,
        Want::All => None,
    };
    loop {
        if limit.is_some_and(|l| count >= l) {
            return Some((i, out, count, seen));
        }
        if i >= b.len() {
            if eof || want == Want::All {
                return Some((i, out, count, seen));
            }
            return None;
        }
        let c = b[i];
        if universal && c == b'\r' {
            let next = b.get(i + 1).copied();
            if next.is_none() && !eof {
                return None;
            }
            let crlf = next == Some(b'\n');
            seen |= if crlf { SEEN_CRLF } else { SEEN_CR };
            if translate {
                out.push(b'\n');
                count += 1;
                i += if crlf { 2 } else { 1 };
            } else if crlf {
                if limit.is_some_and(|l| count + 2 > l) {
                    // The limit splits "\r\n": take the '\r' alone, as CPython does.
                    out.push(b'\r');
                    return Some((i + 1, out, count + 1, seen));
                }
                out.extend_from_slice(b"\r\n");
                count += 2;
                i += 2;
            } else {
                out.push(b'\r');
                count += 1;
                i += 1;
            }
            if line {
                return Some((i, out, count, seen));
            }
            continue;
        }
        if c == b'\n' {
            if universal {
                seen |= SEEN_LF;
            }
            out.push(b'\n');
            count += 1;
            i += 1;
            if line && (universal || readnl == b"\n") {
                return Some((i, out, count, seen));
            }
            continue;
        }
        if !universal && readnl != b"\n" && line && c == b'\r' {
            if readnl == b"\r" {
                out.push(b'\r');
                return Some((i + 1, out, count + 1, seen));
            }
            match b.get(i + 1) {
                Some(b'\n') => {
                    out.extend_from_slice(b"\r\n");
                    return Some((i + 2, out, count + 2, seen));
                }
                None if !eof => return None,
                _ => {}
            }
        }
        if c < 0x80 {
            // A run of plain ASCII up to the next newline character or the limit.
            let mut j = i + 1;
            let room = limit.map_or(usize::MAX, |l| l - count);
            while j < b.len() && j - i < room && b[j] < 0x80 && b[j] != b'\n' && b[j] != b'\r' {
                j += 1;
            }
            out.extend_from_slice(&b[i..j]);
            count += j - i;
            i = j;
            continue;
        }
        let w = pystr::utf8_width(c).max(1);
        let end = (i + w).min(b.len());
        out.extend_from_slice(&b[i..end]);
        count += 1;
        i = end;
    }
}

/// Runs `scan` over the decoded text, reading more as needed.
fn read_text(t: &mut Thread, s: Value, want: Want) -> PyResult<Value> {
    let hs = t.root(s);
    let mut eof = false;
    loop {
        let s = t.get(hs);
        let f = flags(t, s);
        let d = t.heap.slot(s, DECODED);
        let p = t.heap.slot(s, DPOS);
        let dpos = if p.is_small_int() {
            p.as_small_int() as usize
        } else {
            0
        };
        // Scan in place: copying the decoded chunk per line would make reading lines
        // quadratic in the chunk size.
        let r = if d.is_none() {
            scan(b"", want, f, eof)
        } else {
            pystr::with_str_bytes(t, d, |_, text| {
                scan(&text[dpos.min(text.len())..], want, f, eof)
            })
        };
        if let Some((n, out, chars, seen)) = r {
            let s = t.get(hs);
            t.heap
                .set_slot(s, DPOS, Value::small_int((dpos + n) as i64));
            if seen != 0 {
                let old = t.heap.slot(s, SEEN);
                let old = if old.is_small_int() {
                    old.as_small_int()
                } else {
                    0
                };
                t.heap
                    .set_slot(s, SEEN, Value::small_int(old | seen as i64));
            }
            return pystr::new_str_from_utf8(t, &out, chars);
        }
        if !fill(t, t.get(hs))? {
            eof = true;
        }
    }
}

fn check_readable(t: &mut Thread, s: Value) -> PyResult<()> {
    if flags(t, s) & F_READABLE == 0 {
        return Err(unsupported(t, "not readable"));
    }
    Ok(())
}

fn tw_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "read", 1, 2)?;
    let n = size_arg(t, a.opt(t, 1))?;
    let s = ready(t, &a, "read")?;
    check_readable(t, s)?;
    let s = a.get(t, 0);
    match n {
        Some(n) => read_text(t, s, Want::Chars(n)),
        None => {
            // Everything: one buffer.read(), decoded as final.
            let b = t.heap.slot(s, BUFFER);
            let r = protocol::call_method(t, b, "read", &[])?;
            let data = match bytes::bytes_like(t, r) {
                Some(d) => d.to_vec(),
                None if r.is_none() => Vec::new(),
                None => {
                    let msg = format!(
                        "underlying read() should have returned a bytes object, not '{}'",
                        type_::type_name_of(t, r)
                    );
                    return Err(t.type_error(&msg));
                }
            };
            let s = a.get(t, 0);
            let text = decode_chunk(t, s, &data, true)?;
            let s = a.get(t, 0);
            let (old, dpos) = decoded(t, s);
            let mut all = old[dpos.min(old.len())..].to_string();
            all.push_str(&text);
            let f = flags(t, s);
            let (_, out, chars, seen) =
                scan(all.as_bytes(), Want::All, f, true).unwrap_or_default();
            clear_decoded(t, s);
            if seen != 0 {
                let old = t.heap.slot(s, SEEN);
                let old = if old.is_small_int() {
                    old.as_small_int()
                } else {
                    0
                };
                t.heap
                    .set_slot(s, SEEN, Value::small_int(old | seen as i64));
            }
            pystr::new_str_from_utf8(t, &out, chars)
        }
    }
}

fn tw_readline(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "readline", 1, 2)?;
    let n = size_arg(t, a.opt(t, 1))?;
    let s = ready(t, &a, "readline")?;
    check_readable(t, s)?;
    let s = a.get(t, 0);
    read_text(t, s, Want::Line(n))
}

fn tw_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "__next__")?;
    check_readable(t, s)?;
    let s = a.get(t, 0);
    let line = if super::is_exact(t, s, KEY) {
        read_text(t, s, Want::Line(None))?
    } else {
        let l = protocol::call_method(t, s, "readline", &[])?;
        if !pystr::is_str(t, l) {
            let msg = format!(
                "readline() should have returned a str object, not '{}'",
                type_::type_name_of(t, l)
            );
            return Err(t.raise_msg(BuiltinType::OSError, &msg));
        }
        l
    };
    if pystr::char_len(t, line) == 0 {
        return Err(t.raise_empty(BuiltinType::StopIteration));
    }
    Ok(line)
}

/// Encodes and writes `text` (already a Rust string) to the wrapper's buffer.
pub(crate) fn write_text(t: &mut Thread, s: Value, text: &str) -> PyResult<()> {
    let hs = t.root(s);
    let f = flags(t, s);
    let translated;
    let text = if f & F_NL_CR != 0 && text.contains('\n') {
        translated = text.replace('\n', "\r");
        translated.as_str()
    } else if f & F_NL_CRLF != 0 && text.contains('\n') {
        translated = text.replace('\n', "\r\n");
        translated.as_str()
    } else {
        text
    };
    let needflush = f & F_LINE_BUF != 0 && (text.contains('\n') || text.contains('\r'));
    let owned;
    let data: &[u8] = if f & F_UTF8 != 0 {
        text.as_bytes()
    } else {
        let codec = codec_of(t, s, ENCODING);
        let errors = errors_of(t, s);
        let mut enc = match str_codecs::encode(text, codec.name(), &errors) {
            Ok(e) => e,
            Err(e) => {
                let v = pystr::new_str(t, text)?;
                return Err(str_codecs::raise(t, e, v));
            }
        };
        if f & F_SIG != 0 && f & F_BOM_DONE == 0 && !enc.is_empty() {
            enc.splice(0..0, [0xef, 0xbb, 0xbf]);
            let s = t.get(hs);
            set_flags(t, s, f | F_BOM_DONE);
        }
        let bom = match codec {
            Codec::Utf16(None) => 2,
            Codec::Utf32(None) => 4,
            _ => 0,
        };
        if bom > 0 {
            let s = t.get(hs);
            if f & F_BOM_DONE != 0 {
                enc.drain(..bom.min(enc.len()));
            } else if !enc.is_empty() {
                set_flags(t, s, f | F_BOM_DONE);
            }
        }
        owned = enc;
        &owned
    };
    let s = t.get(hs);
    // A write drops what was decoded ahead (CPython resets its decoder the same way).
    if !t.heap.slot(s, DECODED).is_none() || !t.heap.slot(s, RAWPEND).is_none() {
        clear_decoded(t, s);
    }
    let b = t.heap.slot(s, BUFFER);
    if super::is_exact(t, b, WRITER) || super::is_exact(t, b, RANDOM) {
        let k = t.heap.slot(b, buffered::KIND);
        if k.is_small_int() && k.as_small_int() & buffered::K_DETACHED == 0 {
            buffered::buffered_write(t, b, data)?;
        } else {
            let bv = bytes::new_bytes(t, data)?;
            let b = t.heap.slot(t.get(hs), BUFFER);
            protocol::call_method(t, b, "write", &[bv])?;
        }
    } else {
        let bv = bytes::new_bytes(t, data)?;
        let b = t.heap.slot(t.get(hs), BUFFER);
        protocol::call_method(t, b, "write", &[bv])?;
    }
    if needflush || f & F_WRITE_THROUGH != 0 {
        let b = t.heap.slot(t.get(hs), BUFFER);
        protocol::call_method(t, b, "flush", &[])?;
    }
    Ok(())
}

fn tw_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "write", 2, 2)?;
    let v = a.get(t, 1);
    if !pystr::is_str(t, v) {
        let msg = format!(
            "write() argument must be str, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    let s = ready(t, &a, "write")?;
    if flags(t, s) & F_WRITABLE == 0 {
        return Err(unsupported(t, "not writable"));
    }
    let v = a.get(t, 1);
    let n = pystr::char_len(t, v);
    let text = pystr::to_rust_string(t, v);
    let s = a.get(t, 0);
    write_text(t, s, &text)?;
    int::from_i64(t, n as i64)
}

fn call_buffer(t: &mut Thread, a: &Args, meth: &'static str, check_open: bool) -> PyResult<Value> {
    let s = if check_open {
        ready(t, a, meth)?
    } else {
        attached(t, a, meth)?
    };
    let b = t.heap.slot(s, BUFFER);
    protocol::call_method(t, b, meth, &[])
}

fn tw_flush(t: &mut Thread, a: Args) -> PyResult<Value> {
    call_buffer(t, &a, "flush", true)
}

fn tw_fileno(t: &mut Thread, a: Args) -> PyResult<Value> {
    call_buffer(t, &a, "fileno", false)
}

fn tw_isatty(t: &mut Thread, a: Args) -> PyResult<Value> {
    call_buffer(t, &a, "isatty", false)
}

fn tw_seekable(t: &mut Thread, a: Args) -> PyResult<Value> {
    call_buffer(t, &a, "seekable", false)
}

fn tw_readable(t: &mut Thread, a: Args) -> PyResult<Value> {
    call_buffer(t, &a, "readable", false)
}

fn tw_writable(t: &mut Thread, a: Args) -> PyResult<Value> {
    call_buffer(t, &a, "writable", false)
}

fn tw_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = attached(t, &a, "close")?;
    if buffer_closed(t, s)? {
        return Ok(Value::NONE);
    }
    let s = a.get(t, 0);
    t.heap.set_slot(s, CLOSED, Value::TRUE);
    let r = protocol::call_method(t, s, "flush", &[]);
    if r.is_err() {
        let e = t.take_exception();
        let he = t.root(e);
        let s = a.get(t, 0);
        let b = t.heap.slot(s, BUFFER);
        if protocol::call_method(t, b, "close", &[]).is_err() {
            t.take_exception();
        }
        return Err(t.raise(t.get(he)));
    }
    let s = a.get(t, 0);
    let b = t.heap.slot(s, BUFFER);
    protocol::call_method(t, b, "close", &[])
}

fn tw_tell(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "tell")?;
    if flags(t, s) & F_SEEKABLE == 0 {
        return Err(unsupported(t, "underlying stream is not seekable"));
    }
    protocol::call_method(t, s, "flush", &[])?;
    let s = a.get(t, 0);
    let b = t.heap.slot(s, BUFFER);
    let r = protocol::call_method(t, b, "tell", &[])?;
    let pos = index_i64(t, r, false)?;
    let s = a.get(t, 0);
    let (text, dpos) = decoded(t, s);
    let codec = codec_of(t, s, DECNAME);
    let unconsumed = encoded_len(&text[dpos.min(text.len())..], codec);
    let p = t.heap.slot(s, RAWPEND);
    let pend = if p.is_none() {
        0
    } else {
        t.heap.bytes(p).len()
    };
    int::from_i64(t, (pos - unconsumed as i64 - pend as i64).max(0))
}

fn tw_seek(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "seek", 2, 3)?;
    let s = ready(t, &a, "seek")?;
    let _ = s;
    let whence = match a.opt(t, 2) {
        Some(w) => index_i64(t, w, false)?,
        None => 0,
    };
    let s = a.get(t, 0);
    if flags(t, s) & F_SEEKABLE == 0 {
        return Err(unsupported(t, "underlying stream is not seekable"));
    }
    let c = a.get(t, 1);
    let cookie = if crate::objects::float::is_float(t, c) {
        return Err(t.type_error("an integer is required"));
    } else {
        index_i64(t, c, false)?
    };
    match whence {
        1 => {
            if cookie != 0 {
                return Err(unsupported(t, "can't do nonzero cur-relative seeks"));
            }
            let s = a.get(t, 0);
            let here = protocol::call_method(t, s, "tell", &[])?;
            let here = index_i64(t, here, false)?;
            seek_to(t, &a, here)
        }
        2 => {
            if cookie != 0 {
                return Err(unsupported(t, "can't do nonzero end-relative seeks"));
            }
            let s = a.get(t, 0);
            protocol::call_method(t, s, "flush", &[])?;
            let s = a.get(t, 0);
            clear_decoded(t, s);
            let b = t.heap.slot(s, BUFFER);
            protocol::call_method(t, b, "seek", &[Value::small_int(0), Value::small_int(2)])
        }
        0 => {
            if cookie < 0 {
                let r = protocol::repr_string(t, a.get(t, 1))?;
                return Err(t.value_error(&format!("negative seek position {r}")));
            }
            seek_to(t, &a, cookie)
        }
        _ => {
            let msg = format!("invalid whence ({whence}, should be 0, 1 or 2)");
            Err(t.value_error(&msg))
        }
    }
}

fn seek_to(t: &mut Thread, a: &Args, pos: i64) -> PyResult<Value> {
    let s = a.get(t, 0);
    protocol::call_method(t, s, "flush", &[])?;
    let s = a.get(t, 0);
    clear_decoded(t, s);
    let p = int::from_i64(t, pos)?;
    let s = a.get(t, 0);
    let b = t.heap.slot(s, BUFFER);
    protocol::call_method(t, b, "seek", &[p])?;
    int::from_i64(t, pos)
}

fn tw_truncate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "truncate", 1, 2)?;
    let s = ready(t, &a, "truncate")?;
    protocol::call_method(t, s, "flush", &[])?;
    let s = a.get(t, 0);
    let b = t.heap.slot(s, BUFFER);
    let pos = a.opt(t, 1).unwrap_or(Value::NONE);
    protocol::call_method(t, b, "truncate", &[pos])
}

fn tw_detach(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = attached(t, &a, "detach")?;
    protocol::call_method(t, s, "flush", &[])?;
    let s = a.get(t, 0);
    let f = flags(t, s);
    set_flags(t, s, f | F_DETACHED);
    Ok(t.heap.slot(s, BUFFER))
}

/// Validates `newline` and returns its flags.
fn newline_flags(t: &mut Thread, v: Option<Value>, fname: &str) -> PyResult<i64> {
    let Some(v) = v else {
        return Ok(F_UNIVERSAL | F_TRANSLATE);
    };
    if v.is_none() {
        return Ok(F_UNIVERSAL | F_TRANSLATE);
    }
    if !pystr::is_str(t, v) {
        let msg = format!(
            "{fname}() argument 'newline' must be str or None, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    let nl = pystr::to_rust_string(t, v);
    Ok(match nl.as_str() {
        "" => F_UNIVERSAL,
        "\n" => 0,
        "\r" => F_NL_CR,
        "\r\n" => F_NL_CRLF,
        _ => return Err(t.value_error(&format!("illegal newline value: {nl}"))),
    })
}

fn str_or_none_arg(
    t: &mut Thread,
    v: Option<Value>,
    fname: &str,
    what: &str,
) -> PyResult<Option<Value>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) if pystr::is_str(t, v) => Ok(Some(v)),
        Some(v) => {
            let msg = format!(
                "{fname}() argument '{what}' must be str or None, not {}",
                type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

/// Sets encoding and errors (validated) and the derived flags.
fn set_codec(t: &mut Thread, s: Value, enc: Option<Value>, errors: Option<Value>) -> PyResult<()> {
    let hs = t.root(s);
    let he = errors.map(|e| t.root(e));
    let enc = match enc {
        Some(e) if !pystr::str_eq_rust(t, e, "locale") => e,
        _ => pystr::new_str(t, "UTF-8")?,
    };
    let name = pystr::to_rust_string(t, enc);
    let sig = is_utf8_sig(&name);
    let codec = match str_codecs::lookup(&name) {
        Ok(c) => c,
        Err(_) if sig => Codec::Utf8,
        Err(e) => return Err(str_codecs::raise(t, e, Value::NONE)),
    };
    let henc = t.root(enc);
    let errors = match he {
        Some(h) => t.get(h),
        None => pystr::new_str(t, "strict")?,
    };
    let s = t.get(hs);
    t.heap.set_slot(s, ENCODING, t.get(henc));
    t.heap.set_slot(s, DECNAME, t.get(henc));
    t.heap.set_slot(s, ERRORS, errors);
    let f = flags(t, s) & !(F_UTF8 | F_BOM_DONE | F_SIG);
    let f = if sig {
        f | F_SIG
    } else if codec == Codec::Utf8 {
        f | F_UTF8
    } else {
        f
    };
    set_flags(t, s, f);
    Ok(())
}

fn tw_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, KEY, "__init__")?;
    const NAMES: [&str; 6] = [
        "buffer",
        "encoding",
        "errors",
        "newline",
        "line_buffering",
        "write_through",
    ];
    check_args(t, &a, "TextIOWrapper", &NAMES, 1)?;
    let Some(buffer) = arg(t, &a, 1, "buffer") else {
        return Err(t.type_error("TextIOWrapper() missing required argument 'buffer' (pos 1)"));
    };
    let hb = t.root(buffer);
    let _enc = str_or_none_arg(t, arg(t, &a, 2, "encoding"), "TextIOWrapper", "encoding")?;
    let errors = str_or_none_arg(t, arg(t, &a, 3, "errors"), "TextIOWrapper", "errors")?;
    let hen = errors.map(|e| t.root(e));
    let nlf = newline_flags(t, arg(t, &a, 4, "newline"), "TextIOWrapper")?;
    let lb = match arg(t, &a, 5, "line_buffering") {
        Some(v) => protocol::truthy(t, v)?,
        None => false,
    };
    let wt = match arg(t, &a, 6, "write_through") {
        Some(v) => protocol::truthy(t, v)?,
        None => false,
    };
    let s = a.get(t, 0);
    set_flags(t, s, 0);
    let enc = arg(t, &a, 2, "encoding").filter(|e| !e.is_none());
    let errors = hen.map(|h| t.get(h));
    set_codec(t, s, enc, errors)?;
    let mut f = nlf;
    if lb {
        f |= F_LINE_BUF;
    }
    if wt {
        f |= F_WRITE_THROUGH;
    }
    for (meth, bit) in [
        ("readable", F_READABLE),
        ("writable", F_WRITABLE),
        ("seekable", F_SEEKABLE),
    ] {
        let r = protocol::call_method(t, t.get(hb), meth, &[])?;
        if protocol::truthy(t, r)? {
            f |= bit;
        }
    }
    // Appending (or starting mid-stream) writes no BOM, as CPython resets its encoder.
    if f & F_SEEKABLE != 0 && f & F_WRITABLE != 0 {
        let pos = protocol::call_method(t, t.get(hb), "tell", &[])?;
        if pos != Value::small_int(0) {
            f |= F_BOM_DONE;
        }
    }
    let s = a.get(t, 0);
    let keep = flags(t, s) & (F_UTF8 | F_SIG);
    set_flags(t, s, f | keep);
    t.heap.set_slot(s, BUFFER, t.get(hb));
    t.heap.set_slot(s, SEEN, Value::small_int(0));
    t.heap.set_slot(s, CHUNK, Value::small_int(8192));
    t.heap.set_slot(s, CLOSED, Value::FALSE);
    clear_decoded(t, s);
    Ok(Value::NONE)
}

fn tw_reconfigure(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = attached(t, &a, "reconfigure")?;
    let _ = s;
    if a.len() > 1 {
        let msg = format!(
            "reconfigure() takes exactly 0 positional arguments ({} given)",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    check_args(
        t,
        &a,
        "reconfigure",
        &[
            "encoding",
            "errors",
            "newline",
            "line_buffering",
            "write_through",
        ],
        1,
    )?;
    let enc = str_or_none_arg(t, a.kwarg(t, "encoding"), "reconfigure", "encoding")?;
    let henc = enc.map(|e| t.root(e));
    let errors = str_or_none_arg(t, a.kwarg(t, "errors"), "reconfigure", "errors")?;
    let herr = errors.map(|e| t.root(e));
    let nl = a.kwarg(t, "newline");
    let nlf = match nl {
        Some(v) => Some(newline_flags(t, Some(v), "reconfigure")?),
        None => None,
    };
    let s = a.get(t, 0);
    if (henc.is_some() || nlf.is_some()) && !t.heap.slot(s, DECODED).is_none() {
        return Err(unsupported(
            t,
            "It is not possible to set the encoding or newline of stream after the first read",
        ));
    }
    protocol::call_method(t, s, "flush", &[])?;
    if henc.is_some() || herr.is_some() {
        let s = a.get(t, 0);
        let enc = match henc {
            Some(h) => t.get(h),
            None => t.heap.slot(s, ENCODING),
        };
        let errors = match (herr, henc) {
            (Some(h), _) => Some(t.get(h)),
            (None, Some(_)) => None,
            (None, None) => Some(t.heap.slot(s, ERRORS)),
        };
        set_codec(t, s, Some(enc), errors)?;
    }
    let s = a.get(t, 0);
    let mut f = flags(t, s);
    if let Some(nf) = nlf {
        f &= !(F_UNIVERSAL | F_TRANSLATE | F_NL_CR | F_NL_CRLF);
        f |= nf;
    }
    if let Some(v) = a.kwarg(t, "line_buffering").filter(|v| !v.is_none()) {
        f &= !F_LINE_BUF;
        if protocol::truthy(t, v)? {
            f |= F_LINE_BUF;
        }
    }
    if let Some(v) = a.kwarg(t, "write_through").filter(|v| !v.is_none()) {
        f &= !F_WRITE_THROUGH;
        if protocol::truthy(t, v)? {
            f |= F_WRITE_THROUGH;
        }
    }
    let s = a.get(t, 0);
    set_flags(t, s, f);
    Ok(Value::NONE)
}

fn tw_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, KEY, "__repr__")?;
    // textio.c names the type literally, subclass or not.
    let mut text = String::from("<_io.TextIOWrapper");
    for attr in ["name", "mode"] {
        let s = a.get(t, 0);
        match protocol::getattr_str(t, s, attr) {
            Ok(v) => {
                let r = protocol::repr_string(t, v)?;
                text.push_str(&format!(" {attr}={r}"));
            }
            Err(r) => {
                if !t.exception_matches(BuiltinType::Exception) {
                    return Err(r);
                }
                t.take_exception();
            }
        }
    }
    let s = a.get(t, 0);
    let e = t.heap.slot(s, ENCODING);
    if !e.is_none() {
        let r = protocol::repr_string(t, e)?;
        text.push_str(&format!(" encoding={r}"));
    }
    text.push('>');
    pystr::new_str(t, &text)
}

/// `self`, initialised (attached or not: some attributes survive `detach`).
fn initialised(t: &mut Thread, a: &Args, meth: &str) -> PyResult<Value> {
    let s = check_self(t, a, KEY, meth)?;
    if !t.heap.slot(s, FLAGS).is_small_int() {
        return Err(super::uninitialized_error(t));
    }
    Ok(s)
}

fn getter(t: &mut Thread, a: &Args, meth: &str, slot: usize) -> PyResult<Value> {
    let s = initialised(t, a, meth)?;
    Ok(t.heap.slot(s, slot))
}

fn tw_encoding(t: &mut Thread, a: Args) -> PyResult<Value> {
    getter(t, &a, "encoding", ENCODING)
}

fn tw_errors(t: &mut Thread, a: Args) -> PyResult<Value> {
    getter(t, &a, "errors", ERRORS)
}

fn tw_buffer(t: &mut Thread, a: Args) -> PyResult<Value> {
    getter(t, &a, "buffer", BUFFER)
}

fn tw_line_buffering(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = initialised(t, &a, "line_buffering")?;
    Ok(Value::from_bool(flags(t, s) & F_LINE_BUF != 0))
}

fn tw_write_through(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = initialised(t, &a, "write_through")?;
    Ok(Value::from_bool(flags(t, s) & F_WRITE_THROUGH != 0))
}

fn tw_newlines(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = attached(t, &a, "newlines")?;
    if flags(t, s) & F_UNIVERSAL == 0 || flags(t, s) & F_READABLE == 0 {
        return Ok(Value::NONE);
    }
    let seen = t.heap.slot(s, SEEN);
    let seen = if seen.is_small_int() {
        seen.as_small_int() as u8
    } else {
        0
    };
    newlines_value(t, seen)
}

fn tw_name(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = attached(t, &a, "name")?;
    let b = t.heap.slot(s, BUFFER);
    protocol::getattr_str(t, b, "name")
}

fn tw_closed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = attached(t, &a, "closed")?;
    let b = t.heap.slot(s, BUFFER);
    protocol::getattr_str(t, b, "closed")
}

fn tw_chunk(t: &mut Thread, a: Args) -> PyResult<Value> {
    getter(t, &a, "_CHUNK_SIZE", CHUNK)
}

fn tw_set_chunk(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = attached(t, &a, "_CHUNK_SIZE")?;
    let _ = s;
    let v = a.get(t, 1);
    let n = index_i64(t, v, false)?;
    if n <= 0 {
        return Err(t.value_error("a strictly positive integer is required"));
    }
    let s = a.get(t, 0);
    t.heap
        .set_slot(s, CHUNK, Value::small_int(n.min(super::MAX_POS)));
    Ok(Value::NONE)
}

pub(crate) fn init(t: &mut Thread) -> PyResult<()> {
    let ty = make_type(
        t,
        KEY,
        "TextIOWrapper",
        11,
        Some(TEXTIOBASE),
        &[
            ("__init__", tw_init),
            ("__repr__", tw_repr),
            ("__next__", tw_next),
            ("detach", tw_detach),
            ("reconfigure", tw_reconfigure),
            ("write", tw_write),
            ("read", tw_read),
            ("readline", tw_readline),
            ("flush", tw_flush),
            ("close", tw_close),
            ("fileno", tw_fileno),
            ("seekable", tw_seekable),
            ("readable", tw_readable),
            ("writable", tw_writable),
            ("isatty", tw_isatty),
            ("seek", tw_seek),
            ("tell", tw_tell),
            ("truncate", tw_truncate),
        ],
    )?;
    let hty = t.root(ty);
    add_getset(t, t.get(hty), "encoding", tw_encoding, None)?;
    add_getset(t, t.get(hty), "errors", tw_errors, None)?;
    add_getset(t, t.get(hty), "buffer", tw_buffer, None)?;
    add_getset(t, t.get(hty), "line_buffering", tw_line_buffering, None)?;
    add_getset(t, t.get(hty), "write_through", tw_write_through, None)?;
    add_getset(t, t.get(hty), "newlines", tw_newlines, None)?;
    add_getset(t, t.get(hty), "name", tw_name, None)?;
    add_getset(t, t.get(hty), "closed", tw_closed, None)?;
    add_getset(t, t.get(hty), "_CHUNK_SIZE", tw_chunk, Some(tw_set_chunk))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_lines_and_chars() {
        let u = F_UNIVERSAL | F_TRANSLATE;
        let sc = |s: &str, w, f, eof| {
            scan(s.as_bytes(), w, f, eof)
                .map(|(n, o, c, seen)| (n, String::from_utf8(o).unwrap(), c, seen))
        };
        assert_eq!(
            sc("a\r\nb", Want::Line(None), u, false),
            Some((3, "a\n".into(), 2, SEEN_CRLF))
        );
        assert_eq!(sc("a\r", Want::Line(None), u, false), None);
        assert_eq!(
            sc("a\r", Want::Line(None), u, true),
            Some((2, "a\n".into(), 2, SEEN_CR))
        );
        assert_eq!(
            sc("ab\ncd", Want::Chars(4), 0, false),
            Some((4, "ab\nc".into(), 4, 0))
        );
        assert_eq!(sc("ab", Want::Chars(4), 0, false), None);
        assert_eq!(
            sc("x\r\ny\rz", Want::Line(None), F_NL_CRLF, true),
            Some((3, "x\r\n".into(), 3, 0))
        );
        assert_eq!(
            sc("é\n", Want::Line(None), 0, true),
            Some((3, "é\n".into(), 2, 0))
        );
        assert_eq!(
            sc("abcdef", Want::Chars(3), 0, false),
            Some((3, "abc".into(), 3, 0))
        );
    }

    #[test]
    fn incomplete_tails() {
        assert_eq!(incomplete_tail("é".as_bytes(), Codec::Utf8), 0);
        assert_eq!(incomplete_tail(&"é".as_bytes()[..1], Codec::Utf8), 1);
        assert_eq!(incomplete_tail(&"€".as_bytes()[..2], Codec::Utf8), 2);
        assert_eq!(incomplete_tail(b"abc", Codec::Utf16(Some(true))), 1);
    }
}

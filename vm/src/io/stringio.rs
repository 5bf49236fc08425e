//! `_io.StringIO`: an in-memory text stream (CPython's stringio.c).
//!
//! Slots: 1 = the text, as a bytearray of UCS-4 little-endian code points (None until
//! `__init__`: the object is uninitialised), so positions are O(1) character indices as
//! in CPython's Py_UCS4 buffer; 2 = position (characters, may lie past the end);
//! 3 = newline flags (`F_*`); 4 = the newline kinds seen (`newlines::SEEN_*`); 5 = closed.
//! StringIO keeps its own closed flag, as stringio.c does: `_IOBase`'s stays unset, so
//! the inherited `flush` of a closed StringIO succeeds, as in CPython.

use ember_gc::Value;

use super::iobase::TEXTIOBASE;
use super::newlines::{find_line_ending, newlines_value, translate, NlState};
use super::{arg, check_args, check_self, index_i64, make_type, size_arg, uninitialized_error};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::native::Args;
use crate::objects::{bytearray, int, str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

pub(crate) static KEY: &str = "_io.StringIO";

const BUF: usize = 1;
const POS: usize = 2;
const FLAGS: usize = 3;
const SEEN: usize = 4;
const SCLOSED: usize = 5;

/// newline=None or '': lines end at '\r', '\n' or "\r\n" (a decoder records them).
const F_UNIVERSAL: i64 = 1;
/// newline=None: '\r' and "\r\n" are written as '\n'.
const F_TRANSLATE: i64 = 2;
/// newline='\r' / '\r\n': '\n' is written as that (and lines end at it).
const F_NL_CR: i64 = 4;
const F_NL_CRLF: i64 = 8;

fn closed_err(t: &mut Thread) -> crate::errors::Raised {
    // stringio.c's message has no final period.
    t.value_error("I/O operation on closed file")
}

/// Checks initialisation then closedness (CHECK_INITIALIZED, CHECK_CLOSED).
fn ready(t: &mut Thread, a: &Args, meth: &str) -> PyResult<Value> {
    let s = check_self(t, a, KEY, meth)?;
    if t.heap.slot(s, BUF).is_none() {
        return Err(uninitialized_error(t));
    }
    if t.heap.slot(s, SCLOSED) == Value::TRUE {
        return Err(closed_err(t));
    }
    Ok(s)
}

fn flags(t: &Thread, s: Value) -> i64 {
    let f = t.heap.slot(s, FLAGS);
    if f.is_small_int() {
        f.as_small_int()
    } else {
        0
    }
}

fn pos(t: &Thread, s: Value) -> usize {
    let p = t.heap.slot(s, POS);
    if p.is_small_int() {
        p.as_small_int().max(0) as usize
    } else {
        0
    }
}

fn set_pos(t: &mut Thread, s: Value, p: usize) {
    t.heap.set_slot(s, POS, Value::small_int(p as i64));
}

fn len_chars(t: &Thread, s: Value) -> usize {
    bytearray::data(t, t.heap.slot(s, BUF)).len() / 4
}

fn chars(t: &Thread, s: Value, start: usize, end: usize) -> Vec<char> {
    let d = bytearray::data(t, t.heap.slot(s, BUF));
    let end = end.min(d.len() / 4);
    let start = start.min(end);
    d[start * 4..end * 4]
        .chunks_exact(4)
        .map(|c| char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]])).unwrap_or('\u{fffd}'))
        .collect()
}

fn new_text(t: &mut Thread, cs: &[char]) -> PyResult<Value> {
    let s: String = cs.iter().collect();
    pystr::new_str(t, &s)
}

fn ucs4(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 4);
    for c in text.chars() {
        out.extend_from_slice(&(c as u32).to_le_bytes());
    }
    out
}

/// Writes `text` at the position (padding a gap past the end with NULs), after newline
/// translation; advances the position.
fn write_str(t: &mut Thread, s: Value, text: &str) -> PyResult<()> {
    let hs = t.root(s);
    let f = flags(t, s);
    let mut decoded = if f & F_UNIVERSAL != 0 {
        let seen = t.heap.slot(s, SEEN);
        let mut st = NlState {
            pendingcr: false,
            seen: if seen.is_small_int() {
                seen.as_small_int() as u8
            } else {
                0
            },
        };
        let out = translate(text, &mut st, f & F_TRANSLATE != 0, true);
        t.heap.set_slot(s, SEEN, Value::small_int(st.seen as i64));
        out
    } else {
        text.to_string()
    };
    if f & F_NL_CR != 0 {
        decoded = decoded.replace('\n', "\r");
    } else if f & F_NL_CRLF != 0 {
        decoded = decoded.replace('\n', "\r\n");
    }
    let data = ucs4(&decoded);
    if pos(t, s) as i64 > super::MAX_POS {
        return Err(super::too_big(t));
    }
    let p = pos(t, s) * 4;
    let buf = t.heap.slot(s, BUF);
    let cur = bytearray::data(t, buf).len();
    if p > cur {
        let zeros = vec![0u8; p - cur];
        bytearray::push_bytes(t, buf, &zeros)?;
    }
    let s = t.get(hs);
    let buf = t.heap.slot(s, BUF);
    let cur = bytearray::data(t, buf).len();
    let overlap = cur.saturating_sub(p).min(data.len());
    bytearray::data_mut(t, buf)[p..p + overlap].copy_from_slice(&data[..overlap]);
    if overlap < data.len() {
        bytearray::push_bytes(t, buf, &data[overlap..])?;
    }
    let s = t.get(hs);
    set_pos(t, s, (p + data.len()) / 4);
    Ok(())
}

fn sio_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, KEY, "__init__")?;
    check_args(t, &a, "StringIO", &["initial_value", "newline"], 1)?;
    let init = arg(t, &a, 1, "initial_value");
    if let Some(v) = init {
        if !v.is_none() && !pystr::is_str(t, v) {
            let msg = format!(
                "initial_value must be str or None, not {}",
                type_::type_name_of(t, v)
            );
            return Err(t.type_error(&msg));
        }
    }
    let nl: Option<String> = match arg(t, &a, 2, "newline") {
        None => Some("\n".to_string()),
        Some(v) if v.is_none() => None,
        Some(v) if pystr::is_str(t, v) => Some(pystr::to_rust_string(t, v)),
        Some(v) => {
            let msg = format!(
                "newline must be str or None, not {}",
                type_::type_name_of(t, v)
            );
            return Err(t.type_error(&msg));
        }
    };
    if let Some(n) = &nl {
        if !matches!(n.as_str(), "" | "\n" | "\r" | "\r\n") {
            let r = protocol::repr_string(t, arg(t, &a, 2, "newline").unwrap_or(Value::NONE))?;
            return Err(t.value_error(&format!("illegal newline value: {r}")));
        }
    }
    let mut f = 0;
    match nl.as_deref() {
        None => f |= F_UNIVERSAL | F_TRANSLATE,
        Some("") => f |= F_UNIVERSAL,
        Some("\r") => f |= F_NL_CR,
        Some("\r\n") => f |= F_NL_CRLF,
        _ => {}
    }
    let buf = bytearray::new_bytearray(t, &[])?;
    let s = a.get(t, 0);
    t.heap.set_slot(s, BUF, buf);
    t.heap.set_slot(s, FLAGS, Value::small_int(f));
    t.heap.set_slot(s, SEEN, Value::small_int(0));
    t.heap.set_slot(s, SCLOSED, Value::FALSE);
    set_pos(t, s, 0);
    if let Some(v) = arg(t, &a, 1, "initial_value").filter(|v| !v.is_none()) {
        let text = pystr::to_rust_string(t, v);
        let s = a.get(t, 0);
        write_str(t, s, &text)?;
        let s = a.get(t, 0);
        set_pos(t, s, 0);
    }
    Ok(Value::NONE)
}

fn sio_getvalue(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "getvalue")?;
    let cs = chars(t, s, 0, usize::MAX);
    new_text(t, &cs)
}

fn sio_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "read", 1, 2)?;
    let s = ready(t, &a, "read")?;
    let _ = s;
    let n = size_arg(t, a.opt(t, 1))?;
    let s = a.get(t, 0);
    let p = pos(t, s);
    let len = len_chars(t, s);
    if p >= len {
        return pystr::new_str(t, "");
    }
    let end = match n {
        Some(n) => (p + n).min(len),
        None => len,
    };
    let cs = chars(t, s, p, end);
    set_pos(t, s, end);
    new_text(t, &cs)
}

/// One line from the position (at most `limit` characters), advancing past it.
fn read_line(t: &mut Thread, s: Value, limit: Option<usize>) -> PyResult<Value> {
    let p = pos(t, s);
    let len = len_chars(t, s);
    if p >= len {
        return pystr::new_str(t, "");
    }
    let end = match limit {
        Some(n) => (p + n).min(len),
        None => len,
    };
    let cs = chars(t, s, p, end);
    let f = flags(t, s);
    let readnl: &[char] = if f & F_NL_CR != 0 {
        &['\r']
    } else if f & F_NL_CRLF != 0 {
        &['\r', '\n']
    } else {
        &['\n']
    };
    let n = find_line_ending(&cs, f & F_TRANSLATE != 0, f & F_UNIVERSAL != 0, readnl)
        .unwrap_or(cs.len());
    set_pos(t, s, p + n);
    new_text(t, &cs[..n])
}

fn sio_readline(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "readline", 1, 2)?;
    ready(t, &a, "readline")?;
    let n = size_arg(t, a.opt(t, 1))?;
    let s = a.get(t, 0);
    read_line(t, s, n)
}

fn sio_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "__next__")?;
    let line = if super::is_exact(t, s, KEY) {
        read_line(t, s, None)?
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

fn sio_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "write", 2, 2)?;
    let s = check_self(t, &a, KEY, "write")?;
    if t.heap.slot(s, BUF).is_none() {
        return Err(uninitialized_error(t));
    }
    let v = a.get(t, 1);
    if !pystr::is_str(t, v) {
        let msg = format!(
            "string argument expected, got '{}'",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    if t.heap.slot(s, SCLOSED) == Value::TRUE {
        return Err(closed_err(t));
    }
    let n = pystr::char_len(t, v);
    if n > 0 {
        let text = pystr::to_rust_string(t, v);
        write_str(t, s, &text)?;
    }
    int::from_i64(t, n as i64)
}

fn sio_tell(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "tell")?;
    int::from_i64(t, pos(t, s) as i64)
}

fn sio_seek(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "seek", 2, 3)?;
    ready(t, &a, "seek")?;
    let p = index_i64(t, a.get(t, 1), false)?;
    let whence = match a.opt(t, 2) {
        Some(w) => index_i64(t, w, false)?,
        None => 0,
    };
    if !(0..=2).contains(&whence) {
        let msg = format!("Invalid whence ({whence}, should be 0, 1 or 2)");
        return Err(t.value_error(&msg));
    }
    if p < 0 && whence == 0 {
        return Err(t.value_error(&format!("Negative seek position {p}")));
    }
    if whence != 0 && p != 0 {
        return Err(t.raise_msg(BuiltinType::OSError, "Can't do nonzero cur-relative seeks"));
    }
    let s = a.get(t, 0);
    let np = match whence {
        1 => pos(t, s),
        2 => len_chars(t, s),
        _ => p.min(super::MAX_POS * 4) as usize,
    };
    set_pos(t, s, np);
    int::from_i64(t, np as i64)
}

fn sio_truncate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "truncate", 1, 2)?;
    let s = ready(t, &a, "truncate")?;
    let size = match a.opt(t, 1) {
        None => pos(t, s) as i64,
        Some(v) if v.is_none() => pos(t, s) as i64,
        Some(v) => index_i64(t, v, true)?,
    };
    if size < 0 {
        return Err(t.value_error(&format!("Negative size value {size}")));
    }
    let s = a.get(t, 0);
    if (size as usize) < len_chars(t, s) {
        let buf = t.heap.slot(s, BUF);
        let keep = bytearray::data(t, buf)[..size as usize * 4].to_vec();
        bytearray::set_contents(t, buf, &keep)?;
    }
    int::from_i64(t, size)
}

fn sio_true(t: &mut Thread, a: Args) -> PyResult<Value> {
    ready(t, &a, "readable")?;
    Ok(Value::TRUE)
}

fn sio_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "close")?;
    t.heap.set_slot(s, SCLOSED, Value::TRUE);
    Ok(Value::NONE)
}

fn sio_closed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "closed")?;
    if t.heap.slot(s, BUF).is_none() {
        return Err(uninitialized_error(t));
    }
    Ok(Value::from_bool(t.heap.slot(s, SCLOSED) == Value::TRUE))
}

fn sio_line_buffering(t: &mut Thread, a: Args) -> PyResult<Value> {
    ready(t, &a, "line_buffering")?;
    Ok(Value::FALSE)
}

fn sio_newlines(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "newlines")?;
    if flags(t, s) & F_UNIVERSAL == 0 {
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

pub(crate) fn init(t: &mut Thread) -> PyResult<()> {
    let ty = make_type(
        t,
        KEY,
        "StringIO",
        6,
        Some(TEXTIOBASE),
        &[
            ("__init__", sio_init),
            ("getvalue", sio_getvalue),
            ("read", sio_read),
            ("readline", sio_readline),
            ("write", sio_write),
            ("tell", sio_tell),
            ("seek", sio_seek),
            ("truncate", sio_truncate),
            ("readable", sio_true),
            ("writable", sio_true),
            ("seekable", sio_true),
            ("close", sio_close),
            ("__next__", sio_next),
        ],
    )?;
    let hty = t.root(ty);
    add_getset(t, t.get(hty), "closed", sio_closed, None)?;
    add_getset(t, t.get(hty), "line_buffering", sio_line_buffering, None)?;
    add_getset(t, t.get(hty), "newlines", sio_newlines, None)?;
    Ok(())
}

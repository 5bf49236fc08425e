//! `_io.BytesIO`: an in-memory binary stream (CPython's bytesio.c).
//!
//! Slots: 1 = the contents, a bytearray (None until first use: `BytesIO.__new__` gives an
//! empty stream, as CPython's does); 2 = position (may lie past the end; a write there
//! pads the gap with zeros).
//!
//! **Difference from CPython:** `getbuffer()` returns a memoryview of that bytearray, so
//! writes through it reach the stream as in CPython, but the stream does not refuse to
//! resize while the view is alive (ember does not count buffer exports, see
//! ARCHITECTURE.md "Buffers"); a view whose data shrank raises BufferError when used.

use ember_gc::Value;

use super::iobase::BUFFEREDIOBASE;
use super::{arg, check_args, check_self, closed_error, index_i64, make_type, size_arg, CLOSED};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::native::Args;
use crate::objects::{bytearray, bytes, int, list, memoryview, type_};
use crate::protocol;
use crate::thread::Thread;

pub(crate) static KEY: &str = "_io.BytesIO";

const BUF: usize = 1;
const POS: usize = 2;

/// `self`, checked open; makes sure the buffer exists.
fn ready(t: &mut Thread, a: &Args, meth: &str) -> PyResult<Value> {
    let s = check_self(t, a, KEY, meth)?;
    if t.heap.slot(s, CLOSED) == Value::TRUE {
        return Err(closed_error(t));
    }
    buffer(t, s)?;
    Ok(a.get(t, 0))
}

/// The bytearray of `s`, created empty on first use.
fn buffer(t: &mut Thread, s: Value) -> PyResult<Value> {
    let b = t.heap.slot(s, BUF);
    if !b.is_none() {
        return Ok(b);
    }
    let hs = t.root(s);
    let b = bytearray::new_bytearray(t, &[])?;
    let s = t.get(hs);
    t.heap.set_slot(s, BUF, b);
    t.heap.set_slot(s, POS, Value::small_int(0));
    Ok(b)
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

fn data(t: &Thread, s: Value) -> &[u8] {
    bytearray::data(t, t.heap.slot(s, BUF))
}

/// Takes up to `n` bytes (all when None) from the position.
fn take(t: &mut Thread, s: Value, n: Option<usize>) -> PyResult<Value> {
    let p = pos(t, s);
    let d = data(t, s);
    let start = p.min(d.len());
    let end = match n {
        Some(n) => start.saturating_add(n).min(d.len()),
        None => d.len(),
    };
    let out = d[start..end].to_vec();
    set_pos(t, s, p.max(start) + out.len());
    bytes::new_bytes(t, &out)
}

/// One line from the position (at most `limit` bytes).
fn take_line(t: &mut Thread, s: Value, limit: Option<usize>) -> PyResult<Value> {
    let p = pos(t, s);
    let d = data(t, s);
    let start = p.min(d.len());
    let mut end = d.len();
    if let Some(l) = limit {
        end = end.min(start.saturating_add(l));
    }
    if let Some(i) = d[start..end].iter().position(|b| *b == b'\n') {
        end = start + i + 1;
    }
    let out = d[start..end].to_vec();
    set_pos(t, s, p.max(start) + out.len());
    bytes::new_bytes(t, &out)
}

/// Writes `bytes` at the position, padding a gap with zeros; advances the position.
pub(crate) fn write_bytes(t: &mut Thread, s: Value, new: &[u8]) -> PyResult<()> {
    let hs = t.root(s);
    let buf = buffer(t, s)?;
    let hb = t.root(buf);
    let s = t.get(hs);
    let p = pos(t, s);
    let cur = bytearray::data(t, buf).len();
    if p as i64 > super::MAX_POS {
        return Err(super::too_big(t));
    }
    if p > cur {
        bytearray::push_bytes(t, buf, &vec![0u8; p - cur])?;
    }
    let buf = t.get(hb);
    let cur = bytearray::data(t, buf).len();
    let overlap = cur.saturating_sub(p).min(new.len());
    bytearray::data_mut(t, buf)[p..p + overlap].copy_from_slice(&new[..overlap]);
    if overlap < new.len() {
        bytearray::push_bytes(t, buf, &new[overlap..])?;
    }
    let s = t.get(hs);
    set_pos(t, s, p + new.len());
    Ok(())
}

fn bio_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, KEY, "__init__")?;
    check_args(t, &a, "BytesIO", &["initial_bytes"], 1)?;
    let init = match arg(t, &a, 1, "initial_bytes") {
        Some(v) if !v.is_none() => match bytes::bytes_owned(t, v) {
            Some(d) => d,
            None => {
                let msg = format!(
                    "a bytes-like object is required, not '{}'",
                    type_::type_name_of(t, v)
                );
                return Err(t.type_error(&msg));
            }
        },
        _ => Vec::new(),
    };
    let b = bytearray::new_bytearray(t, &init)?;
    let s = a.get(t, 0);
    t.heap.set_slot(s, BUF, b);
    t.heap.set_slot(s, CLOSED, Value::FALSE);
    set_pos(t, s, 0);
    Ok(Value::NONE)
}

fn bio_getvalue(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "getvalue")?;
    let d = data(t, s).to_vec();
    bytes::new_bytes(t, &d)
}

fn bio_getbuffer(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "getbuffer")?;
    let b = t.heap.slot(s, BUF);
    memoryview::from_object(t, b)
}

fn bio_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "read", 1, 2)?;
    let n = size_arg(t, a.opt(t, 1))?;
    let s = ready(t, &a, "read")?;
    take(t, s, n)
}

fn bio_read1(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "read1", 1, 2)?;
    let n = size_arg(t, a.opt(t, 1))?;
    let s = ready(t, &a, "read1")?;
    take(t, s, n)
}

fn bio_readline(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "readline", 1, 2)?;
    let n = size_arg(t, a.opt(t, 1))?;
    let s = ready(t, &a, "readline")?;
    take_line(t, s, n)
}

fn bio_readlines(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "readlines", 1, 2)?;
    let hint = match a.opt(t, 1) {
        None => -1,
        Some(v) if v.is_none() => -1,
        Some(v) => index_i64(t, v, true)?,
    };
    ready(t, &a, "readlines")?;
    let l = list::new_list(t, 0)?;
    let hl = t.root(l);
    let mut total = 0i64;
    loop {
        let s = a.get(t, 0);
        let line = take_line(t, s, None)?;
        let n = bytes::bytes_like(t, line).map_or(0, |d| d.len());
        if n == 0 {
            break;
        }
        list::append(t, t.get(hl), line)?;
        total += n as i64;
        if hint > 0 && total >= hint {
            break;
        }
    }
    Ok(t.get(hl))
}

fn bio_readinto(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "readinto", 2, 2)?;
    let b = a.get(t, 1);
    let Some(n) = memoryview::writable_len(t, b) else {
        let msg = format!(
            "readinto() argument must be read-write bytes-like object, not {}",
            type_::type_name_of(t, b)
        );
        return Err(t.type_error(&msg));
    };
    let s = ready(t, &a, "readinto")?;
    let p = pos(t, s);
    let d = data(t, s);
    let start = p.min(d.len());
    let end = start.saturating_add(n).min(d.len());
    let chunk = d[start..end].to_vec();
    set_pos(t, s, p.max(start) + chunk.len());
    let b = a.get(t, 1);
    memoryview::write_at(t, b, 0, &chunk)?;
    int::from_i64(t, chunk.len() as i64)
}

fn bio_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "write", 2, 2)?;
    let s = ready(t, &a, "write")?;
    let _ = s;
    let v = a.get(t, 1);
    let Some(d) = bytes::bytes_owned(t, v) else {
        let msg = format!(
            "a bytes-like object is required, not '{}'",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    };
    let s = a.get(t, 0);
    if !d.is_empty() {
        write_bytes(t, s, &d)?;
    }
    int::from_i64(t, d.len() as i64)
}

fn bio_writelines(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "writelines", 2, 2)?;
    ready(t, &a, "writelines")?;
    let it = protocol::iter(t, a.get(t, 1))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(line) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let Some(d) = bytes::bytes_owned(t, line) else {
            let msg = format!(
                "a bytes-like object is required, not '{}'",
                type_::type_name_of(t, line)
            );
            return Err(t.type_error(&msg));
        };
        let s = a.get(t, 0);
        write_bytes(t, s, &d)?;
        t.handle_release(mark);
    }
    Ok(Value::NONE)
}

fn bio_seek(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "seek", 2, 3)?;
    let p = index_i64(t, a.get(t, 1), false)?;
    let whence = match a.opt(t, 2) {
        Some(w) => index_i64(t, w, false)?,
        None => 0,
    };
    let s = ready(t, &a, "seek")?;
    if p < 0 && whence == 0 {
        return Err(t.value_error(&format!("negative seek value {p}")));
    }
    let base = match whence {
        0 => 0,
        1 => pos(t, s) as i64,
        2 => data(t, s).len() as i64,
        _ => {
            let msg = format!("invalid whence ({whence}, should be 0, 1 or 2)");
            return Err(t.value_error(&msg));
        }
    };
    let np = base.saturating_add(p).clamp(0, super::MAX_POS * 4);
    set_pos(t, s, np as usize);
    int::from_i64(t, np)
}

fn bio_tell(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "tell")?;
    int::from_i64(t, pos(t, s) as i64)
}

fn bio_truncate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "truncate", 1, 2)?;
    let s = ready(t, &a, "truncate")?;
    let size = match a.opt(t, 1) {
        None => pos(t, s) as i64,
        Some(v) if v.is_none() => pos(t, s) as i64,
        Some(v) => index_i64(t, v, true)?,
    };
    if size < 0 {
        return Err(t.value_error(&format!("negative size value {size}")));
    }
    let s = a.get(t, 0);
    if (size as usize) < data(t, s).len() {
        let keep = data(t, s)[..size as usize].to_vec();
        let buf = t.heap.slot(s, BUF);
        bytearray::set_contents(t, buf, &keep)?;
    }
    int::from_i64(t, size)
}

fn bio_true(t: &mut Thread, a: Args) -> PyResult<Value> {
    ready(t, &a, "readable")?;
    Ok(Value::TRUE)
}

fn bio_flush(t: &mut Thread, a: Args) -> PyResult<Value> {
    ready(t, &a, "flush")?;
    Ok(Value::NONE)
}

fn bio_isatty(t: &mut Thread, a: Args) -> PyResult<Value> {
    ready(t, &a, "isatty")?;
    Ok(Value::FALSE)
}

fn bio_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "close")?;
    t.heap.set_slot(s, CLOSED, Value::TRUE);
    Ok(Value::NONE)
}

fn bio_closed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "closed")?;
    Ok(Value::from_bool(t.heap.slot(s, CLOSED) == Value::TRUE))
}

/// `__iter__` returns the stream even when closed (bytesio.c does not check).
fn bio_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, KEY, "__iter__")
}

fn bio_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "__next__")?;
    let line = take_line(t, s, None)?;
    if bytes::bytes_like(t, line).is_some_and(|d| d.is_empty()) {
        return Err(t.raise_empty(BuiltinType::StopIteration));
    }
    Ok(line)
}

pub(crate) fn init(t: &mut Thread) -> PyResult<()> {
    let ty = make_type(
        t,
        KEY,
        "BytesIO",
        3,
        Some(BUFFEREDIOBASE),
        &[
            ("__init__", bio_init),
            ("__iter__", bio_iter),
            ("__next__", bio_next),
            ("readable", bio_true),
            ("seekable", bio_true),
            ("writable", bio_true),
            ("close", bio_close),
            ("flush", bio_flush),
            ("isatty", bio_isatty),
            ("tell", bio_tell),
            ("write", bio_write),
            ("writelines", bio_writelines),
            ("read1", bio_read1),
            ("readinto", bio_readinto),
            ("readline", bio_readline),
            ("readlines", bio_readlines),
            ("read", bio_read),
            ("getbuffer", bio_getbuffer),
            ("getvalue", bio_getvalue),
            ("seek", bio_seek),
            ("truncate", bio_truncate),
        ],
    )?;
    add_getset(t, ty, "closed", bio_closed, None)?;
    Ok(())
}

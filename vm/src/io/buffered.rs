//! `_io.BufferedReader`, `_io.BufferedWriter` and `_io.BufferedRandom` (CPython's
//! bufferedio.c): one implementation whose `KIND` slot says which operations the type
//! offers. The raw stream is any object with the raw interface, called through the
//! protocol; a raw `FileIO` is called directly (`fileio::read_fd`/`write_fd`/`lseek`).
//!
//! Slots: 1 = raw; 2 = read buffer (a bytes object or None) and 3 = the offset of its
//! first unread byte; 4 = pending writes (a bytearray); 5 = buffer size; 6 = kind flags
//! (`K_*`; 0 before `__init__`).
//!
//! **Invariant:** the raw stream's position is the logical position plus the unread bytes
//! of the read buffer, minus the pending writes; at most one of the two is non-empty.
//!
//! The writer behind `sys.stdout`/`sys.stderr` has `K_STD`: its writes go to the process's
//! shared stdout buffer (`builtins/io.rs`), or straight to fd 2, so `print`'s fast path and
//! writes through `sys.stdout.buffer` keep program order.

use ember_gc::Value;

use super::fileio::{self, raw_fd};
use super::iobase::BUFFEREDIOBASE;
use super::{
    arg, check_args, check_self, index_i64, make_type, unsupported, CLOSED, DEFAULT_BUFFER_SIZE,
};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::native::{Args, NativeFn};
use crate::objects::{bytearray, bytes, int, memoryview, str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

pub(crate) static READER: &str = "_io.BufferedReader";
pub(crate) static WRITER: &str = "_io.BufferedWriter";
pub(crate) static RANDOM: &str = "_io.BufferedRandom";

pub(crate) const RAW: usize = 1;
const RBUF: usize = 2;
const RPOS: usize = 3;
const WBUF: usize = 4;
const SIZE: usize = 5;
pub(crate) const KIND: usize = 6;

pub(crate) const K_READ: i64 = 1;
pub(crate) const K_WRITE: i64 = 2;
pub(crate) const K_DETACHED: i64 = 4;
/// sys.stdout's / sys.stderr's writer (see the module comment).
pub(crate) const K_STD: i64 = 8;

fn kind(t: &Thread, s: Value) -> i64 {
    let k = t.heap.slot(s, KIND);
    if k.is_small_int() {
        k.as_small_int()
    } else {
        0
    }
}

/// `self` for method `meth` of a buffered object: initialised and attached.
fn ready(t: &mut Thread, a: &Args, meth: &str) -> PyResult<Value> {
    let exact = !a.is_empty() && {
        let s = a.get(t, 0);
        super::is_exact(t, s, READER)
            || super::is_exact(t, s, WRITER)
            || super::is_exact(t, s, RANDOM)
    };
    if !exact {
        let s = check_self(t, a, BUFFEREDIOBASE, meth)?;
        if !(super::is_io(t, s, READER) || super::is_io(t, s, WRITER) || super::is_io(t, s, RANDOM))
        {
            let msg = format!(
                "descriptor '{meth}' for '_io.BufferedReader' objects doesn't apply to a '{}' object",
                type_::type_name_of(t, s)
            );
            return Err(t.type_error(&msg));
        }
    }
    let s = a.get(t, 0);
    let k = kind(t, s);
    if k == 0 {
        return Err(super::uninitialized_error(t));
    }
    if k & K_DETACHED != 0 {
        return Err(t.value_error("raw stream has been detached"));
    }
    Ok(s)
}

/// Whether the raw stream is closed.
fn raw_closed(t: &mut Thread, s: Value) -> PyResult<bool> {
    let raw = t.heap.slot(s, RAW);
    if raw_fd(t, raw).is_some() {
        return Ok(false);
    }
    super::is_closed(t, raw)
}

fn check_closed(t: &mut Thread, s: Value, msg: &str) -> PyResult<()> {
    if raw_closed(t, s)? {
        return Err(t.value_error(msg));
    }
    Ok(())
}

fn unread(t: &Thread, s: Value) -> &[u8] {
    let b = t.heap.slot(s, RBUF);
    if b.is_none() {
        return &[];
    }
    let p = t.heap.slot(s, RPOS).as_small_int() as usize;
    let d = t.heap.bytes(b);
    &d[p.min(d.len())..]
}

fn set_unread(t: &mut Thread, s: Value, data: &[u8]) -> PyResult<()> {
    let hs = t.root(s);
    let b = if data.is_empty() {
        Value::NONE
    } else {
        bytes::new_bytes(t, data)?
    };
    let s = t.get(hs);
    t.heap.set_slot(s, RBUF, b);
    t.heap.set_slot(s, RPOS, Value::small_int(0));
    Ok(())
}

fn consume(t: &mut Thread, s: Value, n: usize) {
    let p = t.heap.slot(s, RPOS).as_small_int();
    t.heap.set_slot(s, RPOS, Value::small_int(p + n as i64));
}

fn pending(t: &Thread, s: Value) -> &[u8] {
    let w = t.heap.slot(s, WBUF);
    if w.is_none() {
        return &[];
    }
    bytearray::data(t, w)
}

fn buffer_size(t: &Thread, s: Value) -> usize {
    let n = t.heap.slot(s, SIZE);
    if n.is_small_int() {
        n.as_small_int().max(1) as usize
    } else {
        DEFAULT_BUFFER_SIZE
    }
}

/// One raw read of up to `n` bytes: Some(empty) at EOF, None when it would block.
fn raw_read(t: &mut Thread, s: Value, n: usize) -> PyResult<Option<Vec<u8>>> {
    let raw = t.heap.slot(s, RAW);
    if let Some(fd) = raw_fd(t, raw) {
        if fd == 0 {
            crate::builtins::flush_stdout_raw();
        }
        return fileio::read_fd(t, fd, n);
    }
    let n = n.min(super::MAX_POS as usize) as i64;
    let r = protocol::call_method(t, raw, "read", &[Value::small_int(n)])?;
    if r.is_none() {
        return Ok(None);
    }
    match bytes::bytes_like(t, r) {
        Some(d) => Ok(Some(d.to_vec())),
        None => {
            let msg = format!(
                "read() should return bytes, not {}",
                type_::type_name_of(t, r)
            );
            Err(t.type_error(&msg))
        }
    }
}

/// Writes all of `data` to the raw stream.
fn raw_write_all(t: &mut Thread, s: Value, data: &[u8]) -> PyResult<()> {
    let hs = t.root(s);
    let k = kind(t, s);
    let raw = t.heap.slot(s, RAW);
    if let Some(fd) = raw_fd(t, raw) {
        if k & K_STD != 0 {
            if fd == 2 {
                crate::builtins::stderr_raw(data);
            } else {
                crate::builtins::stdout_write(data);
            }
            return Ok(());
        }
        let mut off = 0;
        while off < data.len() {
            match fileio::write_fd(t, fd, &data[off..])? {
                Some(n) => off += n,
                None => {
                    return Err(t.raise_msg(
                        BuiltinType::BlockingIOError,
                        "write could not complete without blocking",
                    ))
                }
            }
        }
        return Ok(());
    }
    let mut off = 0;
    while off < data.len() {
        let b = bytes::new_bytes(t, &data[off..])?;
        let raw = t.heap.slot(t.get(hs), RAW);
        let r = protocol::call_method(t, raw, "write", &[b])?;
        if r.is_none() {
            return Err(t.raise_msg(
                BuiltinType::BlockingIOError,
                "write could not complete without blocking",
            ));
        }
        let n = index_i64(t, r, false)?;
        if n < 0 || n as usize > data.len() - off {
            let msg = format!(
                "raw write() returned invalid length {n} (should have been between 0 and {})",
                data.len() - off
            );
            return Err(t.raise_msg(BuiltinType::OSError, &msg));
        }
        off += n as usize;
    }
    Ok(())
}

fn raw_seek(t: &mut Thread, s: Value, pos: i64, whence: i64) -> PyResult<i64> {
    let raw = t.heap.slot(s, RAW);
    if let Some(fd) = raw_fd(t, raw) {
        return fileio::lseek(t, fd, pos, whence as i32);
    }
    let p = int::from_i64(t, pos)?;
    let raw = t.heap.slot(s, RAW);
    let r = protocol::call_method(t, raw, "seek", &[p, Value::small_int(whence)])?;
    let n = index_i64(t, r, false)?;
    if n < 0 {
        let msg = format!("Raw stream returned invalid position {n}");
        return Err(t.raise_msg(BuiltinType::OSError, &msg));
    }
    Ok(n)
}

fn raw_tell(t: &mut Thread, s: Value) -> PyResult<i64> {
    let raw = t.heap.slot(s, RAW);
    if let Some(fd) = raw_fd(t, raw) {
        return fileio::lseek(t, fd, 0, libc::SEEK_CUR);
    }
    let r = protocol::call_method(t, raw, "tell", &[])?;
    let n = index_i64(t, r, false)?;
    if n < 0 {
        let msg = format!("Raw stream returned invalid position {n}");
        return Err(t.raise_msg(BuiltinType::OSError, &msg));
    }
    Ok(n)
}

/// Writes out the pending writes.
pub(crate) fn flush_writes(t: &mut Thread, s: Value) -> PyResult<()> {
    let data = pending(t, s).to_vec();
    if data.is_empty() {
        return Ok(());
    }
    let hs = t.root(s);
    let w = t.heap.slot(s, WBUF);
    bytearray::set_contents(t, w, &[])?;
    raw_write_all(t, t.get(hs), &data)
}

/// Gives back the unread bytes of the read buffer (moves the raw position back over them).
fn drop_read(t: &mut Thread, s: Value) -> PyResult<()> {
    let n = unread(t, s).len();
    let hs = t.root(s);
    if n > 0 {
        raw_seek(t, s, -(n as i64), 1)?;
    }
    let s = t.get(hs);
    t.heap.set_slot(s, RBUF, Value::NONE);
    t.heap.set_slot(s, RPOS, Value::small_int(0));
    Ok(())
}

/// Appends one raw read (of at least the buffer size) to the read buffer; false at EOF or
/// when the raw stream would block.
fn fill(t: &mut Thread, s: Value, want: usize) -> PyResult<bool> {
    let hs = t.root(s);
    let n = buffer_size(t, s).max(want);
    let Some(chunk) = raw_read(t, s, n)? else {
        return Ok(false);
    };
    if chunk.is_empty() {
        return Ok(false);
    }
    let s = t.get(hs);
    let mut d = unread(t, s).to_vec();
    d.extend_from_slice(&chunk);
    set_unread(t, s, &d)?;
    Ok(true)
}

/// Takes `n` bytes from the read buffer (the caller made sure they are there).
fn take(t: &mut Thread, s: Value, n: usize) -> PyResult<Value> {
    let d = unread(t, s);
    let n = n.min(d.len());
    let out = d[..n].to_vec();
    consume(t, s, n);
    bytes::new_bytes(t, &out)
}

fn prepare_read(t: &mut Thread, a: &Args, meth: &str, closed_msg: &str) -> PyResult<Value> {
    let s = ready(t, a, meth)?;
    if kind(t, s) & K_READ == 0 {
        return Err(unsupported(t, meth));
    }
    check_closed(t, s, closed_msg)?;
    let s = a.get(t, 0);
    flush_writes(t, s)?;
    Ok(a.get(t, 0))
}

fn read_size(t: &mut Thread, a: &Args) -> PyResult<Option<usize>> {
    match a.opt(t, 1) {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => {
            let n = index_i64(t, v, true)?;
            if n < -1 {
                return Err(t.value_error("read length must be non-negative or -1"));
            }
            Ok((n >= 0).then_some(n as usize))
        }
    }
}

fn b_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "read", 1, 2)?;
    let n = read_size(t, &a)?;
    let s = prepare_read(t, &a, "read", "read of closed file")?;
    match n {
        Some(n) => {
            while unread(t, a.get(t, 0)).len() < n {
                let s = a.get(t, 0);
                if !fill(t, s, n)? {
                    break;
                }
            }
            let s = a.get(t, 0);
            if n > 0 && unread(t, s).is_empty() {
                // The raw stream would block (fill saw None) or is at EOF.
                return bytes::new_bytes(t, b"");
            }
            take(t, s, n)
        }
        None => {
            let mut out = unread(t, s).to_vec();
            let s = a.get(t, 0);
            t.heap.set_slot(s, RBUF, Value::NONE);
            t.heap.set_slot(s, RPOS, Value::small_int(0));
            loop {
                let s = a.get(t, 0);
                let Some(chunk) = raw_read(t, s, 65536.max(out.len()))? else {
                    if out.is_empty() {
                        return Ok(Value::NONE);
                    }
                    break;
                };
                if chunk.is_empty() {
                    break;
                }
                out.extend_from_slice(&chunk);
            }
            bytes::new_bytes(t, &out)
        }
    }
}

fn b_read1(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "read1", 1, 2)?;
    let n = read_size(t, &a)?;
    let s = prepare_read(t, &a, "read1", "read of closed file")?;
    let n = n.unwrap_or_else(|| buffer_size(t, s));
    if n == 0 {
        return bytes::new_bytes(t, b"");
    }
    if unread(t, s).is_empty() {
        fill(t, s, 0)?;
    }
    let s = a.get(t, 0);
    take(t, s, n)
}

fn b_peek(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "peek", 1, 2)?;
    let s = prepare_read(t, &a, "peek", "peek of closed file")?;
    if unread(t, s).is_empty() {
        fill(t, s, 0)?;
    }
    let s = a.get(t, 0);
    let d = unread(t, s).to_vec();
    bytes::new_bytes(t, &d)
}

fn b_readline(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "readline", 1, 2)?;
    let limit = super::size_arg(t, a.opt(t, 1))?;
    prepare_read(t, &a, "readline", "readline of closed file")?;
    let mut scanned = 0;
    loop {
        let s = a.get(t, 0);
        let d = unread(t, s);
        let end = limit.map_or(d.len(), |l| l.min(d.len()));
        if let Some(i) = d[scanned.min(end)..end].iter().position(|b| *b == b'\n') {
            let n = scanned + i + 1;
            return take(t, s, n);
        }
        if limit.is_some_and(|l| d.len() >= l) {
            return take(t, s, limit.unwrap_or(0));
        }
        scanned = d.len();
        if !fill(t, s, 0)? {
            let s = a.get(t, 0);
            let n = unread(t, s).len();
            return take(t, s, n);
        }
    }
}

fn readinto_with(t: &mut Thread, a: &Args, meth: &str, one: bool) -> PyResult<Value> {
    a.check(t, meth, 2, 2)?;
    let b = a.get(t, 1);
    let Some(n) = memoryview::writable_len(t, b) else {
        let msg = format!(
            "{meth}() argument must be read-write bytes-like object, not {}",
            type_::type_name_of(t, b)
        );
        return Err(t.type_error(&msg));
    };
    let closed_msg = format!("{meth} of closed file");
    prepare_read(t, a, meth, &closed_msg)?;
    loop {
        let s = a.get(t, 0);
        let have = unread(t, s).len();
        if have >= n || (one && have > 0) {
            break;
        }
        if !fill(t, s, n - have)? || one {
            break;
        }
    }
    let s = a.get(t, 0);
    let d = unread(t, s);
    let m = n.min(d.len());
    let chunk = d[..m].to_vec();
    consume(t, s, m);
    let b = a.get(t, 1);
    memoryview::write_at(t, b, 0, &chunk)?;
    int::from_i64(t, m as i64)
}

fn b_readinto(t: &mut Thread, a: Args) -> PyResult<Value> {
    readinto_with(t, &a, "readinto", false)
}

fn b_readinto1(t: &mut Thread, a: Args) -> PyResult<Value> {
    readinto_with(t, &a, "readinto1", true)
}

/// Appends `data` to the pending writes (flushing when the buffer fills).
pub(crate) fn buffered_write(t: &mut Thread, s: Value, data: &[u8]) -> PyResult<()> {
    let hs = t.root(s);
    if !unread(t, s).is_empty() {
        drop_read(t, s)?;
    }
    let s = t.get(hs);
    if kind(t, s) & K_STD != 0 && pending(t, s).is_empty() {
        return raw_write_all(t, s, data);
    }
    let w = t.heap.slot(s, WBUF);
    bytearray::push_bytes(t, w, data)?;
    let s = t.get(hs);
    if pending(t, s).len() >= buffer_size(t, s) {
        flush_writes(t, s)?;
    }
    Ok(())
}

fn b_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "write", 2, 2)?;
    let s = ready(t, &a, "write")?;
    if kind(t, s) & K_WRITE == 0 {
        return Err(unsupported(t, "write"));
    }
    let v = a.get(t, 1);
    let Some(d) = bytes::bytes_owned(t, v) else {
        let msg = format!(
            "a bytes-like object is required, not '{}'",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    };
    check_closed(t, s, "write to closed file")?;
    let s = a.get(t, 0);
    buffered_write(t, s, &d)?;
    int::from_i64(t, d.len() as i64)
}

fn b_flush(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "flush")?;
    if kind(t, s) & K_WRITE == 0 {
        // BufferedReader.flush is the raw stream's.
        let raw = t.heap.slot(s, RAW);
        return protocol::call_method(t, raw, "flush", &[]);
    }
    check_closed(t, s, "flush of closed file")?;
    let s = a.get(t, 0);
    flush_writes(t, s)?;
    let s = a.get(t, 0);
    if kind(t, s) & K_STD != 0 {
        crate::builtins::flush_stdout_raw();
    }
    Ok(Value::NONE)
}

fn b_tell(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "tell")?;
    let pos = raw_tell(t, s)?;
    let s = a.get(t, 0);
    let p = pos - unread(t, s).len() as i64 + pending(t, s).len() as i64;
    int::from_i64(t, p.max(0))
}

fn b_seek(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "seek", 2, 3)?;
    let s = ready(t, &a, "seek")?;
    let _ = s;
    let target = a.get(t, 1);
    if crate::objects::float::is_float(t, target) {
        return Err(t.type_error("'float' object cannot be interpreted as an integer"));
    }
    let pos = index_i64(t, target, false)?;
    let whence = match a.opt(t, 2) {
        Some(w) => index_i64(t, w, false)?,
        None => 0,
    };
    if !(0..=4).contains(&whence) {
        return Err(t.value_error(&format!("whence value {whence} unsupported")));
    }
    let s = a.get(t, 0);
    check_closed(t, s, "seek of closed file")?;
    let s = a.get(t, 0);
    flush_writes(t, s)?;
    let s = a.get(t, 0);
    let mut pos = pos;
    if whence == 1 {
        pos -= unread(t, s).len() as i64;
    }
    t.heap.set_slot(s, RBUF, Value::NONE);
    t.heap.set_slot(s, RPOS, Value::small_int(0));
    let r = raw_seek(t, s, pos, whence)?;
    int::from_i64(t, r)
}

fn b_truncate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "truncate", 1, 2)?;
    let s = ready(t, &a, "truncate")?;
    check_closed(t, s, "truncate of closed file")?;
    let s = a.get(t, 0);
    if kind(t, s) & K_WRITE == 0 {
        return Err(unsupported(t, "truncate"));
    }
    flush_writes(t, s)?;
    let s = a.get(t, 0);
    let pos = match a.opt(t, 1) {
        Some(v) if !v.is_none() => v,
        _ => {
            let p = raw_tell(t, s)? - unread(t, a.get(t, 0)).len() as i64;
            int::from_i64(t, p)?
        }
    };
    let hp = t.root(pos);
    let s = a.get(t, 0);
    drop_read(t, s)?;
    let s = a.get(t, 0);
    let raw = t.heap.slot(s, RAW);
    protocol::call_method(t, raw, "truncate", &[t.get(hp)])
}

fn b_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "close")?;
    if raw_closed(t, s)? {
        return Ok(Value::NONE);
    }
    let s = a.get(t, 0);
    let r = flush_writes(t, s);
    if r.is_err() {
        // CPython closes the raw stream anyway and chains the flush error.
        let e = t.take_exception();
        let he = t.root(e);
        let s = a.get(t, 0);
        let raw = t.heap.slot(s, RAW);
        let _ = protocol::call_method(t, raw, "close", &[]);
        if t.exception != Value::UNBOUND {
            t.take_exception();
        }
        return Err(t.raise(t.get(he)));
    }
    let s = a.get(t, 0);
    t.heap.set_slot(s, CLOSED, Value::TRUE);
    let raw = t.heap.slot(s, RAW);
    protocol::call_method(t, raw, "close", &[])?;
    Ok(Value::NONE)
}

fn b_detach(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "detach")?;
    let hs = t.root(s);
    protocol::call_method(t, s, "flush", &[])?;
    let s = t.get(hs);
    let k = kind(t, s);
    t.heap.set_slot(s, KIND, Value::small_int(k | K_DETACHED));
    Ok(t.heap.slot(s, RAW))
}

/// Methods that forward to the raw stream.
fn forward(t: &mut Thread, a: &Args, meth: &'static str) -> PyResult<Value> {
    let s = ready(t, a, meth)?;
    let raw = t.heap.slot(s, RAW);
    protocol::call_method(t, raw, meth, &[])
}

fn b_fileno(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, &a, "fileno")
}

fn b_isatty(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, &a, "isatty")
}

fn b_seekable(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, &a, "seekable")
}

fn b_readable(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, &a, "readable")
}

fn b_writable(t: &mut Thread, a: Args) -> PyResult<Value> {
    forward(t, &a, "writable")
}

fn b_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "__next__")?;
    let line = protocol::call_method(t, s, "readline", &[])?;
    if bytes::bytes_like(t, line).is_some_and(|d| d.is_empty()) {
        return Err(t.raise_empty(BuiltinType::StopIteration));
    }
    Ok(line)
}

fn b_raw(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "raw")?;
    Ok(t.heap.slot(s, RAW))
}

fn b_closed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "closed")?;
    let raw = t.heap.slot(s, RAW);
    protocol::getattr_str(t, raw, "closed")
}

fn b_name(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "name")?;
    let raw = t.heap.slot(s, RAW);
    protocol::getattr_str(t, raw, "name")
}

fn b_mode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = ready(t, &a, "mode")?;
    let raw = t.heap.slot(s, RAW);
    protocol::getattr_str(t, raw, "mode")
}

fn b_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, BUFFEREDIOBASE, "__repr__")?;
    let tn = type_::tp_name(t, t.type_of(s))?;
    let s = a.get(t, 0);
    let name = match protocol::getattr_str(t, s, "name") {
        Ok(n) => Some(n),
        Err(r) => {
            if !t.exception_matches(BuiltinType::AttributeError)
                && !t.exception_matches(BuiltinType::ValueError)
            {
                return Err(r);
            }
            t.take_exception();
            None
        }
    };
    let text = match name {
        Some(n) => {
            let r = protocol::repr_string(t, n)?;
            format!("<{tn} name={r}>")
        }
        None => format!("<{tn}>"),
    };
    pystr::new_str(t, &text)
}

/// `__init__(raw, buffer_size=DEFAULT_BUFFER_SIZE)` for the three types.
fn init_common(t: &mut Thread, a: &Args, fname: &str, k: i64) -> PyResult<Value> {
    check_args(t, a, fname, &["raw", "buffer_size"], 1)?;
    let Some(raw) = arg(t, a, 1, "raw") else {
        let msg = format!("{fname}() missing required argument 'raw' (pos 1)");
        return Err(t.type_error(&msg));
    };
    let hraw = t.root(raw);
    if k & K_READ != 0 {
        let r = protocol::call_method(t, t.get(hraw), "readable", &[])?;
        if r != Value::TRUE {
            return Err(unsupported(t, "File or stream is not readable."));
        }
    }
    if k & K_WRITE != 0 {
        let r = protocol::call_method(t, t.get(hraw), "writable", &[])?;
        if r != Value::TRUE {
            return Err(unsupported(t, "File or stream is not writable."));
        }
    }
    if k & K_READ != 0 && k & K_WRITE != 0 {
        let r = protocol::call_method(t, t.get(hraw), "seekable", &[])?;
        if r != Value::TRUE {
            return Err(unsupported(t, "File or stream is not seekable."));
        }
    }
    let size = match arg(t, a, 2, "buffer_size") {
        Some(v) => index_i64(t, v, false)?,
        None => DEFAULT_BUFFER_SIZE as i64,
    };
    if size <= 0 {
        return Err(t.value_error("buffer size must be strictly positive"));
    }
    let w = bytearray::new_bytearray(t, &[])?;
    let s = a.get(t, 0);
    t.heap.set_slot(s, RAW, t.get(hraw));
    t.heap.set_slot(s, WBUF, w);
    t.heap.set_slot(s, RBUF, Value::NONE);
    t.heap.set_slot(s, RPOS, Value::small_int(0));
    t.heap
        .set_slot(s, SIZE, Value::small_int(size.min(super::MAX_POS)));
    t.heap.set_slot(s, KIND, Value::small_int(k));
    t.heap.set_slot(s, CLOSED, Value::FALSE);
    // Closed (flushed) when it becomes garbage or at exit, as CPython's finaliser does;
    // the standard streams are flushed by the embedder instead.
    let raw = t.heap.slot(s, RAW);
    if !matches!(raw_fd(t, raw), Some(0..=2)) {
        t.heap.register_finalizer(s);
    }
    Ok(Value::NONE)
}

fn reader_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, READER, "__init__")?;
    init_common(t, &a, "BufferedReader", K_READ)
}

fn writer_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, WRITER, "__init__")?;
    init_common(t, &a, "BufferedWriter", K_WRITE)
}

fn random_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, RANDOM, "__init__")?;
    init_common(t, &a, "BufferedRandom", K_READ | K_WRITE)
}

/// Marks a writer as sys.stdout's or sys.stderr's.
pub(crate) fn set_std(t: &mut Thread, s: Value) {
    let k = kind(t, s);
    t.heap.set_slot(s, KIND, Value::small_int(k | K_STD));
}

/// Whether `v` is an attached std writer (for `print`'s fast path).
pub(crate) fn is_std_writer(t: &Thread, v: Value) -> bool {
    super::is_exact_fast(t, v, 1) && kind(t, v) == K_WRITE | K_STD
}

/// Whether a std writer has pending writes (then the fast path must go through it).
pub(crate) fn has_pending(t: &Thread, v: Value) -> bool {
    !pending(t, v).is_empty()
}

pub(crate) fn init(t: &mut Thread) -> PyResult<()> {
    let common: [(&'static str, NativeFn); 12] = [
        ("__repr__", b_repr),
        ("detach", b_detach),
        ("flush", b_flush),
        ("close", b_close),
        ("seekable", b_seekable),
        ("fileno", b_fileno),
        ("isatty", b_isatty),
        ("seek", b_seek),
        ("tell", b_tell),
        ("truncate", b_truncate),
        ("readable", b_readable),
        ("writable", b_writable),
    ];
    let reading: [(&'static str, NativeFn); 7] = [
        ("read", b_read),
        ("peek", b_peek),
        ("read1", b_read1),
        ("readinto", b_readinto),
        ("readinto1", b_readinto1),
        ("readline", b_readline),
        ("__next__", b_next),
    ];
    let specs: [(&'static str, &'static str, NativeFn, bool, bool); 3] = [
        (READER, "BufferedReader", reader_init, true, false),
        (WRITER, "BufferedWriter", writer_init, false, true),
        (RANDOM, "BufferedRandom", random_init, true, true),
    ];
    for (key, name, init, r, w) in specs {
        let mut methods: Vec<(&'static str, NativeFn)> = vec![("__init__", init)];
        for m in common {
            if (m.0 == "readable" && !r) || (m.0 == "writable" && !w) {
                continue;
            }
            methods.push(m);
        }
        if r {
            methods.extend_from_slice(&reading);
        }
        if w {
            methods.push(("write", b_write));
        }
        let ty = make_type(t, key, name, 7, Some(BUFFEREDIOBASE), &methods)?;
        let hty = t.root(ty);
        add_getset(t, t.get(hty), "raw", b_raw, None)?;
        add_getset(t, t.get(hty), "closed", b_closed, None)?;
        add_getset(t, t.get(hty), "name", b_name, None)?;
        add_getset(t, t.get(hty), "mode", b_mode, None)?;
    }
    Ok(())
}

// ----- BufferedRWPair -----

pub(crate) static RWPAIR: &str = "_io.BufferedRWPair";

/// Slots of a BufferedRWPair: its BufferedReader and BufferedWriter.
const PAIR_READER: usize = 1;
const PAIR_WRITER: usize = 2;

fn pair_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, RWPAIR, "__init__")?;
    check_args(
        t,
        &a,
        "BufferedRWPair",
        &["reader", "writer", "buffer_size"],
        1,
    )?;
    a.no_kwargs(t, "BufferedRWPair")?;
    if a.len() < 3 {
        let msg = format!(
            "BufferedRWPair expected at least 2 arguments, got {}",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    let size = match a.opt(t, 3) {
        Some(v) => v,
        None => Value::small_int(DEFAULT_BUFFER_SIZE as i64),
    };
    let hsize = t.root(size);
    let rcls = super::io_type(t, READER);
    let r = protocol::call(t, rcls, &[a.get(t, 1), t.get(hsize)])?;
    let hr = t.root(r);
    let wcls = super::io_type(t, WRITER);
    let w = protocol::call(t, wcls, &[a.get(t, 2), t.get(hsize)])?;
    let s = a.get(t, 0);
    t.heap.set_slot(s, PAIR_READER, t.get(hr));
    t.heap.set_slot(s, PAIR_WRITER, w);
    t.heap.set_slot(s, CLOSED, Value::FALSE);
    Ok(Value::NONE)
}

/// Calls `meth` on the pair's reader (or writer) with the call's arguments.
fn pair_forward(t: &mut Thread, a: &Args, meth: &str, slot: usize) -> PyResult<Value> {
    let s = check_self(t, a, RWPAIR, meth)?;
    let target = t.heap.slot(s, slot);
    if target.is_none() {
        return Err(super::uninitialized_error(t));
    }
    let args: Vec<Value> = (1..a.len()).map(|i| a.get(t, i)).collect();
    protocol::call_method(t, target, meth, &args)
}

fn pair_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    pair_forward(t, &a, "read", PAIR_READER)
}

fn pair_peek(t: &mut Thread, a: Args) -> PyResult<Value> {
    pair_forward(t, &a, "peek", PAIR_READER)
}

fn pair_read1(t: &mut Thread, a: Args) -> PyResult<Value> {
    pair_forward(t, &a, "read1", PAIR_READER)
}

fn pair_readinto(t: &mut Thread, a: Args) -> PyResult<Value> {
    pair_forward(t, &a, "readinto", PAIR_READER)
}

fn pair_readinto1(t: &mut Thread, a: Args) -> PyResult<Value> {
    pair_forward(t, &a, "readinto1", PAIR_READER)
}

fn pair_readable(t: &mut Thread, a: Args) -> PyResult<Value> {
    pair_forward(t, &a, "readable", PAIR_READER)
}

fn pair_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    pair_forward(t, &a, "write", PAIR_WRITER)
}

fn pair_flush(t: &mut Thread, a: Args) -> PyResult<Value> {
    pair_forward(t, &a, "flush", PAIR_WRITER)
}

fn pair_writable(t: &mut Thread, a: Args) -> PyResult<Value> {
    pair_forward(t, &a, "writable", PAIR_WRITER)
}

/// `isatty()`: the writer's, or the reader's when the writer is no terminal.
fn pair_isatty(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = pair_forward(t, &a, "isatty", PAIR_WRITER)?;
    if r == Value::TRUE {
        return Ok(r);
    }
    pair_forward(t, &a, "isatty", PAIR_READER)
}

/// `close()`: closes the writer, then the reader, even if the first fails.
fn pair_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = pair_forward(t, &a, "close", PAIR_WRITER);
    if r.is_err() {
        let e = t.take_exception();
        let he = t.root(e);
        if pair_forward(t, &a, "close", PAIR_READER).is_err() {
            t.take_exception();
        }
        return Err(t.raise(t.get(he)));
    }
    pair_forward(t, &a, "close", PAIR_READER)
}

fn pair_closed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, RWPAIR, "closed")?;
    let w = t.heap.slot(s, PAIR_WRITER);
    if w.is_none() {
        return Err(super::uninitialized_error(t));
    }
    protocol::getattr_str(t, w, "closed")
}

pub(crate) fn init_pair(t: &mut Thread) -> PyResult<()> {
    let ty = make_type(
        t,
        RWPAIR,
        "BufferedRWPair",
        3,
        Some(BUFFEREDIOBASE),
        &[
            ("__init__", pair_init),
            ("read", pair_read),
            ("peek", pair_peek),
            ("read1", pair_read1),
            ("readinto", pair_readinto),
            ("readinto1", pair_readinto1),
            ("write", pair_write),
            ("flush", pair_flush),
            ("readable", pair_readable),
            ("writable", pair_writable),
            ("close", pair_close),
            ("isatty", pair_isatty),
        ],
    )?;
    add_getset(t, ty, "closed", pair_closed, None)?;
    Ok(())
}

//! The abstract bases of the io hierarchy: `_IOBase`, `_RawIOBase`, `_BufferedIOBase`
//! and `_TextIOBase`, with CPython's default methods (iobase.c, bufferedio.c, textio.c).
//! The defaults only call other methods through the protocol (`self.read`, `self.closed`,
//! ...), so they work for Python subclasses as for the concrete native types.
//!
//! `_IOBase`'s closed flag is native slot 0 of every io object (CPython keeps it in the
//! `__IOBase_closed` attribute).

use ember_gc::Value;

use super::{
    check_self, closed_error, index_i64, is_closed, make_type, size_arg, unsupported, CLOSED,
    DEFAULT_BUFFER_SIZE,
};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::native::{Args, NativeFn};
use crate::objects::{bytearray, bytes, int, list, memoryview, type_};
use crate::protocol;
use crate::thread::Thread;

pub(crate) static IOBASE: &str = "_io._IOBase";
pub(crate) static RAWIOBASE: &str = "_io._RawIOBase";
pub(crate) static BUFFEREDIOBASE: &str = "_io._BufferedIOBase";
pub(crate) static TEXTIOBASE: &str = "_io._TextIOBase";

/// Whether the `_IOBase` closed flag of `obj` is set (slot 0; None before any close).
pub(crate) fn flag_closed(t: &Thread, obj: Value) -> bool {
    t.heap.slot(obj, CLOSED) == Value::TRUE
}

/// Raises ValueError when `obj.closed` is true.
pub(crate) fn check_closed(t: &mut Thread, obj: Value) -> PyResult<()> {
    if is_closed(t, obj)? {
        return Err(closed_error(t));
    }
    Ok(())
}

fn unsupported_fn(t: &mut Thread, a: &Args, key: &str, name: &str) -> PyResult<Value> {
    check_self(t, a, key, name)?;
    Err(unsupported(t, name))
}

// ----- _IOBase -----

fn iob_seek(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, IOBASE, "seek")
}

fn iob_tell(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "tell")?;
    protocol::call_method(t, s, "seek", &[Value::small_int(0), Value::small_int(1)])
}

fn iob_truncate(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, IOBASE, "truncate")
}

fn iob_fileno(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, IOBASE, "fileno")
}

fn iob_flush(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "flush")?;
    if flag_closed(t, s) {
        return Err(closed_error(t));
    }
    Ok(Value::NONE)
}

fn iob_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "close")?;
    if flag_closed(t, s) {
        return Ok(Value::NONE);
    }
    let r = protocol::call_method(t, s, "flush", &[]);
    let s = a.get(t, 0);
    t.heap.set_slot(s, CLOSED, Value::TRUE);
    r.map(|_| Value::NONE)
}

fn iob_closed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "closed")?;
    Ok(Value::from_bool(flag_closed(t, s)))
}

fn iob_false(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, IOBASE, "readable")?;
    Ok(Value::FALSE)
}

fn iob_isatty(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "isatty")?;
    check_closed(t, s)?;
    Ok(Value::FALSE)
}

fn check_bool_method(t: &mut Thread, a: &Args, meth: &str, what: &str) -> PyResult<Value> {
    let s = check_self(t, a, IOBASE, meth)?;
    let r = protocol::call_method(t, s, what, &[])?;
    if r != Value::TRUE {
        if r != Value::FALSE && !r.is_none() && protocol::truthy(t, r)? {
            return Ok(Value::TRUE);
        }
        let msg = match what {
            "seekable" => "File or stream is not seekable.",
            "readable" => "File or stream is not readable.",
            _ => "File or stream is not writable.",
        };
        return Err(unsupported(t, msg));
    }
    Ok(Value::TRUE)
}

fn iob_check_closed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "_checkClosed")?;
    check_closed(t, s)?;
    Ok(Value::NONE)
}

fn iob_check_seekable(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_bool_method(t, &a, "_checkSeekable", "seekable")
}

fn iob_check_readable(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_bool_method(t, &a, "_checkReadable", "readable")
}

fn iob_check_writable(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_bool_method(t, &a, "_checkWritable", "writable")
}

fn iob_enter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "__enter__")?;
    check_closed(t, s)?;
    Ok(a.get(t, 0))
}

fn iob_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "__exit__")?;
    protocol::call_method(t, s, "close", &[])
}

fn iob_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "__iter__")?;
    check_closed(t, s)?;
    Ok(a.get(t, 0))
}

fn iob_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "__next__")?;
    let line = protocol::call_method(t, s, "readline", &[])?;
    if protocol::len(t, line)? == 0 {
        return Err(t.raise_empty(BuiltinType::StopIteration));
    }
    Ok(line)
}

fn iob_del(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "__del__")?;
    if !is_closed(t, s)? {
        let s = a.get(t, 0);
        protocol::call_method(t, s, "close", &[])?;
    }
    Ok(Value::NONE)
}

/// `_IOBase.readline(size=-1)`: bytes up to and including b"\n", through `peek` when the
/// object has it and `read(n)` otherwise.
fn iob_readline(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "readline")?;
    let hs = t.root(s);
    let limit = size_arg(t, a.opt(t, 1))?;
    let has_peek = protocol::getattr_str(t, s, "peek").is_ok();
    if !has_peek {
        t.take_exception();
    }
    let mut out: Vec<u8> = Vec::new();
    loop {
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
        let mut nreadahead = 1;
        if has_peek {
            let ra = protocol::call_method(t, t.get(hs), "peek", &[Value::small_int(1)])?;
            let Some(data) = bytes::bytes_like(t, ra) else {
                let msg = format!(
                    "peek() should have returned a bytes object, not '{}'",
                    type_::type_name_of(t, ra)
                );
                return Err(t.raise_msg(BuiltinType::OSError, &msg));
            };
            if !data.is_empty() {
                let mut n = data
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(data.len(), |i| i + 1);
                if let Some(l) = limit {
                    n = n.min(l - out.len());
                }
                nreadahead = n;
            }
        }
        let b =
            protocol::call_method(t, t.get(hs), "read", &[Value::small_int(nreadahead as i64)])?;
        let Some(data) = bytes::bytes_like(t, b) else {
            if b.is_none() {
                break;
            }
            let msg = format!(
                "read() should have returned a bytes object, not '{}'",
                type_::type_name_of(t, b)
            );
            return Err(t.raise_msg(BuiltinType::OSError, &msg));
        };
        if data.is_empty() {
            break;
        }
        out.extend_from_slice(data);
        if out.last() == Some(&b'\n') {
            break;
        }
    }
    bytes::new_bytes(t, &out)
}

fn iob_readlines(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, IOBASE, "readlines")?;
    let hs = t.root(s);
    let hint = match a.opt(t, 1) {
        None => -1,
        Some(v) if v.is_none() => -1,
        Some(v) => index_i64(t, v, true)?,
    };
    let result = list::new_list(t, 0)?;
    let hr = t.root(result);
    let it = protocol::iter(t, t.get(hs))?;
    let hit = t.root(it);
    let mut total: i64 = 0;
    loop {
        let mark = t.handle_mark();
        let Some(line) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let hl = t.root(line);
        let n = protocol::len(t, line)? as i64;
        list::append(t, t.get(hr), t.get(hl))?;
        t.handle_release(mark);
        total += n;
        if hint > 0 && total > hint {
            break;
        }
    }
    Ok(t.get(hr))
}

fn iob_writelines(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "writelines", 2, 2)?;
    let s = check_self(t, &a, IOBASE, "writelines")?;
    check_closed(t, s)?;
    let it = protocol::iter(t, a.get(t, 1))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(line) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let s = a.get(t, 0);
        protocol::call_method(t, s, "write", &[line])?;
        t.handle_release(mark);
    }
    Ok(Value::NONE)
}

// ----- _RawIOBase -----

/// `_RawIOBase.read(size=-1)`: `readall()` for a negative size, else `readinto` of a new
/// bytearray.
fn raw_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, RAWIOBASE, "read")?;
    let hs = t.root(s);
    let n = size_arg(t, a.opt(t, 1))?;
    let Some(n) = n else {
        return protocol::call_method(t, t.get(hs), "readall", &[]);
    };
    let b = bytearray::new_zeroed(t, n)?;
    let hb = t.root(b);
    let r = protocol::call_method(t, t.get(hs), "readinto", &[b])?;
    if r.is_none() {
        return Ok(Value::NONE);
    }
    let got = index_i64(t, r, false)?;
    if got < 0 || got as usize > n {
        let msg = format!("readinto returned {got} outside buffer size {n}");
        return Err(t.value_error(&msg));
    }
    let data = bytearray::data(t, t.get(hb))[..got as usize].to_vec();
    bytes::new_bytes(t, &data)
}

fn raw_readall(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, RAWIOBASE, "readall")?;
    let hs = t.root(s);
    let mut out: Vec<u8> = Vec::new();
    loop {
        let d = protocol::call_method(
            t,
            t.get(hs),
            "read",
            &[Value::small_int(DEFAULT_BUFFER_SIZE as i64)],
        )?;
        if d.is_none() {
            if out.is_empty() {
                return Ok(Value::NONE);
            }
            break;
        }
        let Some(data) = bytes::bytes_like(t, d) else {
            return Err(t.type_error("read() should return bytes"));
        };
        if data.is_empty() {
            break;
        }
        out.extend_from_slice(data);
    }
    bytes::new_bytes(t, &out)
}

fn raw_not_implemented(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, RAWIOBASE, "readinto")?;
    Err(t.raise_empty(BuiltinType::NotImplementedError))
}

// ----- _BufferedIOBase -----

fn buf_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, BUFFEREDIOBASE, "read")
}

fn buf_read1(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, BUFFEREDIOBASE, "read1")
}

fn buf_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, BUFFEREDIOBASE, "write")
}

fn buf_detach(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, BUFFEREDIOBASE, "detach")
}

/// `readinto(b)` / `readinto1(b)` through `read(len(b))` / `read1(len(b))`.
fn buf_readinto_with(t: &mut Thread, a: &Args, meth: &str, read: &str) -> PyResult<Value> {
    a.check(t, meth, 2, 2)?;
    let s = check_self(t, a, BUFFEREDIOBASE, meth)?;
    let b = a.get(t, 1);
    let Some(n) = memoryview::writable_len(t, b) else {
        let msg = format!(
            "{meth}() argument must be read-write bytes-like object, not {}",
            type_::type_name_of(t, b)
        );
        return Err(t.type_error(&msg));
    };
    let d = protocol::call_method(t, s, read, &[Value::small_int(n as i64)])?;
    let Some(data) = bytes::bytes_like(t, d) else {
        return Err(t.type_error("read() should return bytes"));
    };
    if data.len() > n {
        let msg = format!(
            "read() returned too much data: {n} bytes requested, {} returned",
            data.len()
        );
        return Err(t.value_error(&msg));
    }
    let data = data.to_vec();
    let b = a.get(t, 1);
    memoryview::write_at(t, b, 0, &data)?;
    int::from_i64(t, data.len() as i64)
}

fn buf_readinto(t: &mut Thread, a: Args) -> PyResult<Value> {
    buf_readinto_with(t, &a, "readinto", "read")
}

fn buf_readinto1(t: &mut Thread, a: Args) -> PyResult<Value> {
    buf_readinto_with(t, &a, "readinto1", "read1")
}

// ----- _TextIOBase -----

fn text_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, TEXTIOBASE, "read")
}

fn text_readline(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, TEXTIOBASE, "readline")
}

fn text_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, TEXTIOBASE, "write")
}

fn text_detach(t: &mut Thread, a: Args) -> PyResult<Value> {
    unsupported_fn(t, &a, TEXTIOBASE, "detach")
}

fn text_none(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, TEXTIOBASE, "encoding")?;
    Ok(Value::NONE)
}

pub(crate) fn init(t: &mut Thread) -> PyResult<()> {
    let methods: [(&'static str, NativeFn); 22] = [
        ("seek", iob_seek),
        ("tell", iob_tell),
        ("truncate", iob_truncate),
        ("flush", iob_flush),
        ("close", iob_close),
        ("seekable", iob_false),
        ("readable", iob_false),
        ("writable", iob_false),
        ("_checkClosed", iob_check_closed),
        ("_checkSeekable", iob_check_seekable),
        ("_checkReadable", iob_check_readable),
        ("_checkWritable", iob_check_writable),
        ("fileno", iob_fileno),
        ("isatty", iob_isatty),
        ("__enter__", iob_enter),
        ("__exit__", iob_exit),
        ("__iter__", iob_iter),
        ("__next__", iob_next),
        ("__del__", iob_del),
        ("readline", iob_readline),
        ("readlines", iob_readlines),
        ("writelines", iob_writelines),
    ];
    let ty = make_type(t, IOBASE, "_IOBase", 1, None, &methods)?;
    let hty = t.root(ty);
    add_getset(t, t.get(hty), "closed", iob_closed, None)?;
    let _ = t.get(hty);
    make_type(
        t,
        RAWIOBASE,
        "_RawIOBase",
        1,
        Some(IOBASE),
        &[
            ("read", raw_read),
            ("readall", raw_readall),
            ("readinto", raw_not_implemented),
            ("write", raw_not_implemented),
        ],
    )?;
    make_type(
        t,
        BUFFEREDIOBASE,
        "_BufferedIOBase",
        1,
        Some(IOBASE),
        &[
            ("detach", buf_detach),
            ("read", buf_read),
            ("read1", buf_read1),
            ("readinto", buf_readinto),
            ("readinto1", buf_readinto1),
            ("write", buf_write),
        ],
    )?;
    let tt = make_type(
        t,
        TEXTIOBASE,
        "_TextIOBase",
        1,
        Some(IOBASE),
        &[
            ("detach", text_detach),
            ("read", text_read),
            ("readline", text_readline),
            ("write", text_write),
        ],
    )?;
    let htt = t.root(tt);
    for n in ["encoding", "newlines", "errors"] {
        add_getset(t, t.get(htt), n, text_none, None)?;
    }
    Ok(())
}

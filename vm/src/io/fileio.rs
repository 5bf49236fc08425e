//! `_io.FileIO`: raw, unbuffered I/O over an OS file descriptor with libc's
//! open/read/write/lseek/ftruncate/close (CPython's fileio.c).
//!
//! Slots: 1 = the descriptor (SmallInt; -1 once closed, None before `__init__`),
//! 2 = mode flags (`M_*`), 3 = st_blksize. `name` lives in the instance `__dict__` as in
//! CPython. The descriptor is the only OS state, and it is a plain integer in a slot, so
//! nothing Rust-side needs cleaning when a FileIO dies.
//!
//! **Difference from CPython:** an unclosed FileIO is not closed when it becomes garbage
//! (no finalisers for io objects yet); its descriptor stays open until exit.

use ember_gc::Value;

use super::iobase::RAWIOBASE;
use super::{
    arg, check_args, check_self, index_i64, make_type, os_error, size_arg, unsupported, CLOSED,
};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::native::Args;
use crate::objects::{bytes, int, memoryview, str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

pub(crate) static KEY: &str = "_io.FileIO";

const FD: usize = 1;
const MODE: usize = 2;
const BLKSIZE: usize = 3;

const M_READABLE: i64 = 1;
const M_WRITABLE: i64 = 2;
const M_APPENDING: i64 = 4;
const M_CREATED: i64 = 8;
const M_CLOSEFD: i64 = 16;
/// Seekability has been determined (`M_SEEKABLE` then says which).
const M_SEEK_KNOWN: i64 = 32;
const M_SEEKABLE: i64 = 64;

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn closed_err(t: &mut Thread) -> crate::errors::Raised {
    t.value_error("I/O operation on closed file")
}

/// The descriptor of an open FileIO `self` (ValueError when closed or uninitialised).
fn fd_of(t: &mut Thread, a: &Args, meth: &str) -> PyResult<i32> {
    let s = check_self(t, a, KEY, meth)?;
    let fd = t.heap.slot(s, FD);
    if !fd.is_small_int() || fd.as_small_int() < 0 {
        return Err(closed_err(t));
    }
    Ok(fd.as_small_int() as i32)
}

fn mode(t: &Thread, s: Value) -> i64 {
    let m = t.heap.slot(s, MODE);
    if m.is_small_int() {
        m.as_small_int()
    } else {
        0
    }
}

/// The descriptor of a FileIO object (for the fast paths of the layers above), or None.
pub(crate) fn raw_fd(t: &Thread, v: Value) -> Option<i32> {
    if !super::is_exact_fast(t, v, 2) {
        return None;
    }
    let fd = t.heap.slot(v, FD);
    (fd.is_small_int() && fd.as_small_int() >= 0).then(|| fd.as_small_int() as i32)
}

/// Parses a FileIO mode: (open flags, M_* flags).
fn parse_mode(t: &mut Thread, m: &str) -> PyResult<(i32, i64)> {
    let bad = "Must have exactly one of create/read/write/append mode and at most one plus";
    let (mut rwa, mut plus) = (false, false);
    let mut flags = 0;
    let mut mf = 0;
    for c in m.chars() {
        match c {
            'x' | 'r' | 'w' | 'a' => {
                if rwa {
                    return Err(t.value_error(bad));
                }
                rwa = true;
                match c {
                    'x' => {
                        mf |= M_CREATED | M_WRITABLE;
                        flags |= libc::O_EXCL | libc::O_CREAT;
                    }
                    'r' => mf |= M_READABLE,
                    'w' => {
                        mf |= M_WRITABLE;
                        flags |= libc::O_CREAT | libc::O_TRUNC;
                    }
                    _ => {
                        mf |= M_WRITABLE | M_APPENDING;
                        flags |= libc::O_APPEND | libc::O_CREAT;
                    }
                }
            }
            'b' => {}
            '+' => {
                if plus {
                    return Err(t.value_error(bad));
                }
                mf |= M_READABLE | M_WRITABLE;
                plus = true;
            }
            _ => {
                return Err(t.value_error(&format!("invalid mode: {m}")));
            }
        }
    }
    if !rwa {
        return Err(t.value_error(bad));
    }
    flags |= if mf & M_READABLE != 0 && mf & M_WRITABLE != 0 {
        libc::O_RDWR
    } else if mf & M_READABLE != 0 {
        libc::O_RDONLY
    } else {
        libc::O_WRONLY
    };
    Ok((flags | libc::O_CLOEXEC, mf))
}

fn fi_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, &a, KEY, "__init__")?;
    check_args(t, &a, "FileIO", &["file", "mode", "closefd", "opener"], 1)?;
    // Re-initialising an open FileIO closes its descriptor first, as CPython does.
    let s = a.get(t, 0);
    let old = t.heap.slot(s, FD);
    if old.is_small_int() && old.as_small_int() >= 0 && mode(t, s) & M_CLOSEFD != 0 {
        // SAFETY: closing a descriptor this object owns; no memory is involved.
        unsafe { libc::close(old.as_small_int() as i32) };
    }
    t.heap.set_slot(s, FD, Value::small_int(-1));
    let Some(file) = arg(t, &a, 1, "file") else {
        return Err(t.type_error("FileIO() missing required argument 'file' (pos 1)"));
    };
    let mode_s = match arg(t, &a, 2, "mode") {
        None => "r".to_string(),
        Some(m) if pystr::is_str(t, m) => pystr::to_rust_string(t, m),
        Some(m) => {
            let msg = format!(
                "FileIO() argument 'mode' must be str, not {}",
                type_::type_name_of(t, m)
            );
            return Err(t.type_error(&msg));
        }
    };
    let closefd = match arg(t, &a, 3, "closefd") {
        Some(v) => protocol::truthy(t, v)?,
        None => true,
    };
    let _ = file;
    let file = arg(t, &a, 1, "file").unwrap_or(Value::NONE);
    if crate::objects::float::is_float(t, file) {
        return Err(t.type_error("integer argument expected, got float"));
    }
    let mut fd: i32 = -1;
    let mut path: Option<Vec<u8>> = None;
    if int::is_int(t, file) {
        let n = int::to_i64(t, file).unwrap_or(-1);
        if n < 0 {
            return Err(t.value_error("negative file descriptor"));
        }
        fd = n.min(i32::MAX as i64) as i32;
    } else {
        let p = super::fspath(t, file)?;
        if p.contains(&0) {
            return Err(t.value_error("embedded null byte"));
        }
        path = Some(p);
    }
    let (flags, mut mf) = parse_mode(t, &mode_s)?;
    if closefd {
        mf |= M_CLOSEFD;
    }
    if path.is_some() && !closefd {
        return Err(t.value_error("Cannot use closefd=False with file name"));
    }
    if let Some(p) = &path {
        let opener = arg(t, &a, 4, "opener").filter(|o| !o.is_none());
        if let Some(op) = opener {
            let hop = t.root(op);
            let fl = Value::small_int(flags as i64);
            let file = arg(t, &a, 1, "file").unwrap_or(Value::NONE);
            let r = protocol::call(t, t.get(hop), &[file, fl])?;
            if !int::is_int(t, r) {
                return Err(t.type_error("expected integer from opener"));
            }
            let n = int::to_i64(t, r).unwrap_or(-1);
            if n < 0 {
                return Err(t.value_error(&format!("opener returned {n}")));
            }
            fd = n as i32;
        } else {
            let Ok(c) = std::ffi::CString::new(p.clone()) else {
                return Err(t.value_error("embedded null byte"));
            };
            // SAFETY: `c` is a NUL-terminated path that outlives the call.
            fd = unsafe { libc::open(c.as_ptr(), flags, 0o666) };
            if fd < 0 {
                let e = errno();
                let file = arg(t, &a, 1, "file").unwrap_or(Value::NONE);
                return Err(os_error(t, e, Some(file)));
            }
        }
    }
    // SAFETY: `st` is a plain-data struct fstat fills in; `fd` is an integer.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: as above; fstat writes only into `st`.
    let r = unsafe { libc::fstat(fd, &mut st) };
    let mut blksize = super::DEFAULT_BUFFER_SIZE as i64;
    if r < 0 {
        let e = errno();
        if e == libc::EBADF {
            return Err(os_error(t, e, None));
        }
    } else {
        if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
            if path.is_some() {
                // SAFETY: closing the descriptor just opened.
                unsafe { libc::close(fd) };
            }
            let file = arg(t, &a, 1, "file").unwrap_or(Value::NONE);
            return Err(os_error(t, libc::EISDIR, Some(file)));
        }
        if st.st_blksize > 1 {
            blksize = st.st_blksize as i64;
        }
    }
    let s = a.get(t, 0);
    t.heap.set_slot(s, FD, Value::small_int(fd as i64));
    t.heap.set_slot(s, MODE, Value::small_int(mf));
    t.heap.set_slot(s, BLKSIZE, Value::small_int(blksize));
    t.heap.set_slot(s, CLOSED, Value::FALSE);
    let file = arg(t, &a, 1, "file").unwrap_or(Value::NONE);
    let s = a.get(t, 0);
    crate::protocol::attr::set_instance_attr_str(t, s, "name", file)?;
    if mf & M_APPENDING != 0 {
        // SAFETY: lseek on an integer descriptor.
        unsafe { libc::lseek(fd, 0, libc::SEEK_END) };
    }
    Ok(Value::NONE)
}

/// Reads up to `n` bytes from `fd`; None when the call would block.
pub(crate) fn read_fd(t: &mut Thread, fd: i32, n: usize) -> PyResult<Option<Vec<u8>>> {
    // One read returns at most 64 MiB (a raw read may return less than asked).
    let n = n.min(1 << 26);
    let mut buf = vec![0u8; n];
    loop {
        // SAFETY: `buf` has `n` writable bytes.
        let r = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), n) };
        if r >= 0 {
            buf.truncate(r as usize);
            return Ok(Some(buf));
        }
        let e = errno();
        if e == libc::EINTR {
            continue;
        }
        if e == libc::EAGAIN {
            return Ok(None);
        }
        return Err(os_error(t, e, None));
    }
}

/// Writes `data` to `fd` once (a partial write returns less); None when it would block.
pub(crate) fn write_fd(t: &mut Thread, fd: i32, data: &[u8]) -> PyResult<Option<usize>> {
    loop {
        // SAFETY: `data` is a readable slice of `data.len()` bytes.
        let r = unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) };
        if r >= 0 {
            return Ok(Some(r as usize));
        }
        let e = errno();
        if e == libc::EINTR {
            continue;
        }
        if e == libc::EAGAIN {
            return Ok(None);
        }
        return Err(os_error(t, e, None));
    }
}

fn check_mode(t: &mut Thread, a: &Args, bit: i64, what: &str) -> PyResult<()> {
    let s = a.get(t, 0);
    if mode(t, s) & bit == 0 {
        return Err(unsupported(t, &format!("File not open for {what}")));
    }
    Ok(())
}

fn fi_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "read", 1, 2)?;
    let fd = fd_of(t, &a, "read")?;
    check_mode(t, &a, M_READABLE, "reading")?;
    let n = size_arg(t, a.opt(t, 1))?;
    let Some(n) = n else {
        return readall(t, fd);
    };
    match read_fd(t, fd, n)? {
        Some(d) => bytes::new_bytes(t, &d),
        None => Ok(Value::NONE),
    }
}

fn readall(t: &mut Thread, fd: i32) -> PyResult<Value> {
    let mut out = Vec::new();
    loop {
        let chunk = if out.len() < 65536 { 65536 } else { out.len() };
        match read_fd(t, fd, chunk)? {
            Some(d) if d.is_empty() => break,
            Some(d) => out.extend_from_slice(&d),
            None => {
                if out.is_empty() {
                    return Ok(Value::NONE);
                }
                break;
            }
        }
    }
    bytes::new_bytes(t, &out)
}

fn fi_readall(t: &mut Thread, a: Args) -> PyResult<Value> {
    let fd = fd_of(t, &a, "readall")?;
    check_mode(t, &a, M_READABLE, "reading")?;
    readall(t, fd)
}

fn fi_readinto(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "readinto", 2, 2)?;
    let b = a.get(t, 1);
    let Some(n) = memoryview::writable_len(t, b) else {
        let msg = format!(
            "readinto() argument must be read-write bytes-like object, not {}",
            type_::type_name_of(t, b)
        );
        return Err(t.type_error(&msg));
    };
    let fd = fd_of(t, &a, "readinto")?;
    check_mode(t, &a, M_READABLE, "reading")?;
    match read_fd(t, fd, n)? {
        Some(d) => {
            let b = a.get(t, 1);
            memoryview::write_at(t, b, 0, &d)?;
            int::from_i64(t, d.len() as i64)
        }
        None => Ok(Value::NONE),
    }
}

fn fi_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "write", 2, 2)?;
    let fd = fd_of(t, &a, "write")?;
    let v = a.get(t, 1);
    let Some(d) = bytes::bytes_owned(t, v) else {
        let msg = format!(
            "a bytes-like object is required, not '{}'",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    };
    check_mode(t, &a, M_WRITABLE, "writing")?;
    match write_fd(t, fd, &d)? {
        Some(n) => int::from_i64(t, n as i64),
        None => Ok(Value::NONE),
    }
}

pub(crate) fn lseek(t: &mut Thread, fd: i32, pos: i64, whence: i32) -> PyResult<i64> {
    // SAFETY: lseek on an integer descriptor.
    let r = unsafe { libc::lseek(fd, pos as libc::off_t, whence) };
    if r < 0 {
        return Err(os_error(t, errno(), None));
    }
    Ok(r as i64)
}

fn fi_seek(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "seek", 2, 3)?;
    let fd = fd_of(t, &a, "seek")?;
    let p = a.get(t, 1);
    if crate::objects::float::is_float(t, p) {
        return Err(t.type_error("an integer is required"));
    }
    let pos = index_i64(t, p, false)?;
    let whence = match a.opt(t, 2) {
        Some(w) => index_i64(t, w, false)?,
        None => 0,
    };
    let r = lseek(t, fd, pos, whence as i32)?;
    int::from_i64(t, r)
}

fn fi_tell(t: &mut Thread, a: Args) -> PyResult<Value> {
    let fd = fd_of(t, &a, "tell")?;
    let r = lseek(t, fd, 0, libc::SEEK_CUR)?;
    int::from_i64(t, r)
}

fn fi_truncate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "truncate", 1, 2)?;
    let fd = fd_of(t, &a, "truncate")?;
    check_mode(t, &a, M_WRITABLE, "writing")?;
    let size = match a.opt(t, 1) {
        Some(v) if !v.is_none() => index_i64(t, v, false)?,
        _ => lseek(t, fd, 0, libc::SEEK_CUR)?,
    };
    // SAFETY: ftruncate on an integer descriptor.
    let r = unsafe { libc::ftruncate(fd, size as libc::off_t) };
    if r < 0 {
        return Err(os_error(t, errno(), None));
    }
    int::from_i64(t, size)
}

fn fi_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "close")?;
    let fd = t.heap.slot(s, FD);
    if !fd.is_small_int() || fd.as_small_int() < 0 {
        t.heap.set_slot(s, CLOSED, Value::TRUE);
        return Ok(Value::NONE);
    }
    // _RawIOBase.close: flush (a no-op for FileIO), then mark closed.
    t.heap.set_slot(s, CLOSED, Value::TRUE);
    t.heap.set_slot(s, FD, Value::small_int(-1));
    if mode(t, s) & M_CLOSEFD != 0 {
        // SAFETY: closing the descriptor this object owned.
        let r = unsafe { libc::close(fd.as_small_int() as i32) };
        if r < 0 {
            return Err(os_error(t, errno(), None));
        }
    }
    Ok(Value::NONE)
}

fn fi_seekable(t: &mut Thread, a: Args) -> PyResult<Value> {
    let fd = fd_of(t, &a, "seekable")?;
    let s = a.get(t, 0);
    let m = mode(t, s);
    if m & M_SEEK_KNOWN != 0 {
        return Ok(Value::from_bool(m & M_SEEKABLE != 0));
    }
    // SAFETY: lseek on an integer descriptor.
    let ok = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) } >= 0;
    let nm = m | M_SEEK_KNOWN | if ok { M_SEEKABLE } else { 0 };
    t.heap.set_slot(s, MODE, Value::small_int(nm));
    Ok(Value::from_bool(ok))
}

fn fi_readable(t: &mut Thread, a: Args) -> PyResult<Value> {
    fd_of(t, &a, "readable")?;
    let s = a.get(t, 0);
    Ok(Value::from_bool(mode(t, s) & M_READABLE != 0))
}

fn fi_writable(t: &mut Thread, a: Args) -> PyResult<Value> {
    fd_of(t, &a, "writable")?;
    let s = a.get(t, 0);
    Ok(Value::from_bool(mode(t, s) & M_WRITABLE != 0))
}

fn fi_fileno(t: &mut Thread, a: Args) -> PyResult<Value> {
    let fd = fd_of(t, &a, "fileno")?;
    Ok(Value::small_int(fd as i64))
}

pub(crate) fn isatty_fd(fd: i32) -> bool {
    // SAFETY: isatty on an integer descriptor.
    unsafe { libc::isatty(fd) == 1 }
}

fn fi_isatty(t: &mut Thread, a: Args) -> PyResult<Value> {
    let fd = fd_of(t, &a, "isatty")?;
    Ok(Value::from_bool(isatty_fd(fd)))
}

fn mode_string(m: i64) -> &'static str {
    let r = m & M_READABLE != 0;
    if m & M_CREATED != 0 {
        if r {
            "xb+"
        } else {
            "xb"
        }
    } else if m & M_APPENDING != 0 {
        if r {
            "ab+"
        } else {
            "ab"
        }
    } else if r {
        if m & M_WRITABLE != 0 {
            "rb+"
        } else {
            "rb"
        }
    } else {
        "wb"
    }
}

fn fi_mode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "mode")?;
    let m = mode(t, s);
    pystr::new_str(t, mode_string(m))
}

fn fi_closed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "closed")?;
    let fd = t.heap.slot(s, FD);
    Ok(Value::from_bool(
        !fd.is_small_int() || fd.as_small_int() < 0,
    ))
}

fn fi_closefd(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "closefd")?;
    Ok(Value::from_bool(mode(t, s) & M_CLOSEFD != 0))
}

fn fi_blksize(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "_blksize")?;
    let b = t.heap.slot(s, BLKSIZE);
    Ok(if b.is_small_int() {
        b
    } else {
        Value::small_int(super::DEFAULT_BUFFER_SIZE as i64)
    })
}

fn fi_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "__repr__")?;
    // fileio.c names the type literally, subclass or not.
    let tn = "_io.FileIO";
    let fd = t.heap.slot(s, FD);
    if !fd.is_small_int() || fd.as_small_int() < 0 {
        return pystr::new_str(t, &format!("<{tn} [closed]>"));
    }
    let m = mode(t, s);
    let closefd = if m & M_CLOSEFD != 0 { "True" } else { "False" };
    let ms = mode_string(m);
    let fdn = fd.as_small_int();
    let name = match protocol::getattr_str(t, s, "name") {
        Ok(n) => Some(n),
        Err(r) => {
            if !t.exception_matches(BuiltinType::AttributeError) {
                return Err(r);
            }
            t.take_exception();
            None
        }
    };
    let text = match name {
        Some(n) => {
            let r = protocol::repr_string(t, n)?;
            format!("<{tn} name={r} mode='{ms}' closefd={closefd}>")
        }
        None => format!("<{tn} fd={fdn} mode='{ms}' closefd={closefd}>"),
    };
    pystr::new_str(t, &text)
}

pub(crate) fn init(t: &mut Thread) -> PyResult<()> {
    let ty = make_type(
        t,
        KEY,
        "FileIO",
        4,
        Some(RAWIOBASE),
        &[
            ("__init__", fi_init),
            ("__repr__", fi_repr),
            ("read", fi_read),
            ("readall", fi_readall),
            ("readinto", fi_readinto),
            ("write", fi_write),
            ("seek", fi_seek),
            ("tell", fi_tell),
            ("truncate", fi_truncate),
            ("close", fi_close),
            ("seekable", fi_seekable),
            ("readable", fi_readable),
            ("writable", fi_writable),
            ("fileno", fi_fileno),
            ("isatty", fi_isatty),
        ],
    )?;
    let hty = t.root(ty);
    add_getset(t, t.get(hty), "mode", fi_mode, None)?;
    add_getset(t, t.get(hty), "closed", fi_closed, None)?;
    add_getset(t, t.get(hty), "closefd", fi_closefd, None)?;
    add_getset(t, t.get(hty), "_blksize", fi_blksize, None)?;
    Ok(())
}

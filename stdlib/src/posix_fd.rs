//! posix calls on file descriptors: `open`, `close`/`closerange`, `read`/`write`,
//! `pread`/`pwrite`, `lseek`, `sendfile`, `dup`/`dup2`, `pipe`/`pipe2`, `openpty`,
//! `fsync`/`fdatasync`, `ftruncate`, `fchmod`, `fchdir`, `lockf`, `posix_fallocate`,
//! `posix_fadvise`, the inheritable and blocking flags, `isatty`, `ttyname`,
//! `device_encoding` and `get_terminal_size` (with `os.terminal_size`). Descriptors created
//! here are non-inheritable (O_CLOEXEC), as PEP 446 makes CPython's.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::Args;
use ember_vm::objects::structseq::{self, StructSeqDesc};
use ember_vm::objects::{bytes, int, native_type, str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::{Handle, Thread};

use crate::posix::{
    add_functions, bind, c_int, c_long, dir_fd, errno, fd_arg, noargs, opt, os_error, path_arg,
    path_error, posonly, truth,
};

/// Runs a system call, retrying while it fails with EINTR (PEP 475).
fn retry<T: PartialEq + From<i8> + Copy>(mut f: impl FnMut() -> T) -> T {
    loop {
        let r = f();
        if r != T::from(-1) || errno() != libc::EINTR {
            return r;
        }
    }
}

/// `open(path, flags, mode=0o777, *, dir_fd=None)`.
fn posix_open(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "open", &["path", "flags", "mode", "dir_fd"], 2, 3)?;
    let path = path_arg(t, opt(t, p[0]), "open", "path", false, false)?;
    let flags = c_int(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    let mode = match opt(t, p[2]) {
        Some(m) => c_int(t, m)?,
        None => 0o777,
    };
    let dirfd = dir_fd(t, opt(t, p[3]))?;
    let flags = flags | libc::O_CLOEXEC;
    // SAFETY: the path is NUL-terminated.
    let fd = retry(|| unsafe { libc::openat(dirfd, path.ptr(), flags, mode as libc::c_uint) });
    if fd < 0 {
        return Err(path_error(t, &path));
    }
    Ok(Value::small_int(fd as i64))
}

/// `close(fd)`.
fn posix_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "close", &["fd"], 1, 1)?;
    let fd = fd_arg(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    // SAFETY: closing a descriptor number; invalid ones fail with EBADF.
    if unsafe { libc::close(fd) } != 0 && errno() != libc::EINTR {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `closerange(fd_low, fd_high, /)`: closes every descriptor in the range, ignoring errors.
fn posix_closerange(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "closerange", 2, 2)?;
    let lo = c_int(t, a.get(t, 0))?.max(0);
    let hi = c_int(t, a.get(t, 1))?;
    for fd in lo..hi {
        // SAFETY: closing descriptor numbers; errors are ignored as CPython does.
        unsafe { libc::close(fd) };
    }
    Ok(Value::NONE)
}

/// `read(fd, length, /)`.
fn posix_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "read", 2, 2)?;
    let fd = c_int(t, a.get(t, 0))?;
    let n = ember_vm::objects::numeric::as_ssize(
        t,
        a.get(t, 1),
        Some("Python int too large to convert to C ssize_t"),
    )?;
    if n < 0 {
        return Err(crate::posix::raise_errno(t, libc::EINVAL, None, None));
    }
    let mut buf = vec![0u8; (n as usize).min(1 << 30)];
    // SAFETY: buf has buf.len() writable bytes.
    let r = retry(|| unsafe { libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len()) });
    if r < 0 {
        return Err(os_error(t));
    }
    buf.truncate(r as usize);
    bytes::new_bytes(t, &buf)
}

/// `write(fd, data, /)`: the number of bytes written.
fn posix_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "write", 2, 2)?;
    let fd = c_int(t, a.get(t, 0))?;
    let Some(data) = bytes::bytes_owned(t, a.get(t, 1)) else {
        let msg = format!(
            "a bytes-like object is required, not '{}'",
            type_::type_name_of(t, a.get(t, 1))
        );
        return Err(t.type_error(&msg));
    };
    // SAFETY: data has data.len() readable bytes.
    let r = retry(|| unsafe { libc::write(fd, data.as_ptr() as *const libc::c_void, data.len()) });
    if r < 0 {
        return Err(os_error(t));
    }
    int::from_i64(t, r as i64)
}

/// `pread(fd, length, offset, /)`: read at an offset without moving the file position.
fn posix_pread(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "pread", 3, 3)?;
    let fd = c_int(t, a.get(t, 0))?;
    let n = ember_vm::objects::numeric::as_ssize(
        t,
        a.get(t, 1),
        Some("Python int too large to convert to C ssize_t"),
    )?;
    let off = c_long(t, a.get(t, 2))?;
    if n < 0 {
        return Err(crate::posix::raise_errno(t, libc::EINVAL, None, None));
    }
    let mut buf = vec![0u8; (n as usize).min(1 << 30)];
    // SAFETY: buf has buf.len() writable bytes.
    let r = retry(|| unsafe {
        libc::pread(
            fd,
            buf.as_mut_ptr() as *mut libc::c_void,
            buf.len(),
            off as libc::off_t,
        )
    });
    if r < 0 {
        return Err(os_error(t));
    }
    buf.truncate(r as usize);
    bytes::new_bytes(t, &buf)
}

/// `pwrite(fd, buffer, offset, /)`: write at an offset without moving the file position.
fn posix_pwrite(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "pwrite", 3, 3)?;
    let fd = c_int(t, a.get(t, 0))?;
    let Some(data) = bytes::bytes_owned(t, a.get(t, 1)) else {
        let msg = format!(
            "a bytes-like object is required, not '{}'",
            type_::type_name_of(t, a.get(t, 1))
        );
        return Err(t.type_error(&msg));
    };
    let off = c_long(t, a.get(t, 2))?;
    // SAFETY: data has data.len() readable bytes.
    let r = retry(|| unsafe {
        libc::pwrite(
            fd,
            data.as_ptr() as *const libc::c_void,
            data.len(),
            off as libc::off_t,
        )
    });
    if r < 0 {
        return Err(os_error(t));
    }
    int::from_i64(t, r as i64)
}

/// `sendfile(out_fd, in_fd, offset, count)`: bytes copied between descriptors; offset None
/// uses (and advances) in_fd's position.
fn posix_sendfile(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "sendfile",
        &["out_fd", "in_fd", "offset", "count"],
        4,
        4,
    )?;
    let out_fd = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let in_fd = c_int(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    let offv = opt(t, p[2]).unwrap_or(Value::NONE);
    let mut off: Option<libc::off_t> = None;
    if !offv.is_none() {
        off = Some(c_long(t, offv)? as libc::off_t);
    }
    let count = ember_vm::objects::numeric::as_ssize(
        t,
        opt(t, p[3]).unwrap_or(Value::NONE),
        Some("Python int too large to convert to C ssize_t"),
    )?;
    let r = retry(|| {
        let offp = match off.as_mut() {
            Some(o) => o as *mut libc::off_t,
            None => std::ptr::null_mut(),
        };
        // SAFETY: offp is null or points at our offset.
        unsafe { libc::sendfile(out_fd, in_fd, offp, count as usize) }
    });
    if r < 0 {
        return Err(os_error(t));
    }
    int::from_i64(t, r as i64)
}

/// `lockf(fd, command, length, /)`.
fn posix_lockf(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "lockf", 3, 3)?;
    let fd = c_int(t, a.get(t, 0))?;
    let cmd = c_int(t, a.get(t, 1))?;
    let len = c_long(t, a.get(t, 2))?;
    // SAFETY: plain library call.
    if unsafe { libc::lockf(fd, cmd, len as libc::off_t) } != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `posix_fallocate(fd, offset, length, /)`; the call returns its error number.
fn posix_posix_fallocate(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "posix_fallocate", 3, 3)?;
    let fd = c_int(t, a.get(t, 0))?;
    let off = c_long(t, a.get(t, 1))?;
    let len = c_long(t, a.get(t, 2))?;
    let r = loop {
        // SAFETY: plain library call.
        let r = unsafe { libc::posix_fallocate(fd, off as libc::off_t, len as libc::off_t) };
        if r != libc::EINTR {
            break r;
        }
    };
    if r != 0 {
        return Err(crate::posix::raise_errno(t, r, None, None));
    }
    Ok(Value::NONE)
}

/// `posix_fadvise(fd, offset, length, advice, /)`; the call returns its error number.
fn posix_posix_fadvise(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "posix_fadvise", 4, 4)?;
    let fd = c_int(t, a.get(t, 0))?;
    let off = c_long(t, a.get(t, 1))?;
    let len = c_long(t, a.get(t, 2))?;
    let advice = c_int(t, a.get(t, 3))?;
    let r = loop {
        // SAFETY: plain library call.
        let r = unsafe { libc::posix_fadvise(fd, off as libc::off_t, len as libc::off_t, advice) };
        if r != libc::EINTR {
            break r;
        }
    };
    if r != 0 {
        return Err(crate::posix::raise_errno(t, r, None, None));
    }
    Ok(Value::NONE)
}

/// `lseek(fd, position, whence, /)`: the new offset.
fn posix_lseek(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "lseek", 3, 3)?;
    let fd = c_int(t, a.get(t, 0))?;
    let pos = c_long(t, a.get(t, 1))?;
    let how = c_int(t, a.get(t, 2))?;
    // SAFETY: plain system call.
    let r = unsafe { libc::lseek(fd, pos as libc::off_t, how) };
    if r < 0 {
        return Err(os_error(t));
    }
    int::from_i64(t, r as i64)
}

/// `isatty(fd, /)`.
fn posix_isatty(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "isatty", 1, 1)?;
    let fd = c_int(t, a.get(t, 0))?;
    // SAFETY: plain library call.
    Ok(Value::from_bool(unsafe { libc::isatty(fd) } == 1))
}

/// `dup(fd, /)`: a new non-inheritable descriptor.
fn posix_dup(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "dup", 1, 1)?;
    let fd = c_int(t, a.get(t, 0))?;
    // SAFETY: plain system call.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if r < 0 {
        return Err(os_error(t));
    }
    Ok(Value::small_int(r as i64))
}

/// `dup2(fd, fd2, inheritable=True)`: returns fd2.
fn posix_dup2(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "dup2", &["fd", "fd2", "inheritable"], 2, 3)?;
    let fd = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let fd2 = c_int(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    let inheritable = truth(t, opt(t, p[2]), true)?;
    let r = if inheritable {
        // SAFETY: plain system call.
        unsafe { libc::dup2(fd, fd2) }
    } else {
        // SAFETY: plain system call.
        unsafe { libc::dup3(fd, fd2, libc::O_CLOEXEC) }
    };
    if r < 0 {
        return Err(os_error(t));
    }
    Ok(Value::small_int(fd2 as i64))
}

/// `pipe()`: `(read_fd, write_fd)`, both non-inheritable.
fn posix_pipe(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "posix.pipe", 0)?;
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: fds has room for the two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(os_error(t));
    }
    tuple::new_tuple(
        t,
        &[
            Value::small_int(fds[0] as i64),
            Value::small_int(fds[1] as i64),
        ],
    )
}

/// `pipe2(flags, /)`.
fn posix_pipe2(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "pipe2", 1, 1)?;
    let flags = c_int(t, a.get(t, 0))?;
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: fds has room for the two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), flags) } != 0 {
        return Err(os_error(t));
    }
    tuple::new_tuple(
        t,
        &[
            Value::small_int(fds[0] as i64),
            Value::small_int(fds[1] as i64),
        ],
    )
}

/// `openpty()`: `(master_fd, slave_fd)` of a new pseudo-terminal, both non-inheritable.
fn posix_openpty(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "posix.openpty", 0)?;
    let (mut master, mut slave) = (-1 as libc::c_int, -1 as libc::c_int);
    // SAFETY: openpty writes the two descriptors; the optional arguments are null.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    if r != 0 {
        return Err(os_error(t));
    }
    for fd in [master, slave] {
        // SAFETY: plain system calls on descriptors we just opened.
        unsafe {
            let f = libc::fcntl(fd, libc::F_GETFD);
            if f >= 0 {
                libc::fcntl(fd, libc::F_SETFD, f | libc::FD_CLOEXEC);
            }
        }
    }
    tuple::new_tuple(
        t,
        &[
            Value::small_int(master as i64),
            Value::small_int(slave as i64),
        ],
    )
}

/// `ttyname(fd, /)`: the terminal device of fd.
fn posix_ttyname(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "ttyname", 1, 1)?;
    let fd = c_int(t, a.get(t, 0))?;
    let mut buf = vec![0u8; 4096];
    // SAFETY: buf has buf.len() writable bytes.
    let r = unsafe { libc::ttyname_r(fd, buf.as_mut_ptr() as *mut libc::c_char, buf.len()) };
    if r != 0 {
        return Err(crate::posix::raise_errno(t, r, None, None));
    }
    let n = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    crate::posix::fs_result(t, &buf[..n], false)
}

/// CPython's `PyObject_AsFileDescriptor`: an int, or the result of `fileno()`.
pub(crate) fn fildes(t: &mut Thread, v: Value) -> PyResult<i32> {
    let hv = t.root(v);
    let fdv = if int::is_int(t, v) {
        v
    } else {
        let ty = t.type_of(v);
        if type_::lookup_str(t, ty, "fileno")?.is_none() {
            return Err(t.type_error("argument must be an int, or have a fileno() method."));
        }
        let r = protocol::call_method(t, t.get(hv), "fileno", &[])?;
        if !int::is_int(t, r) {
            return Err(t.type_error("fileno() returned a non-integer"));
        }
        r
    };
    let fd = c_int(t, fdv)?;
    if fd < 0 {
        let msg = format!("file descriptor cannot be a negative integer ({fd})");
        return Err(t.value_error(&msg));
    }
    Ok(fd)
}

fn sync_impl(t: &mut Thread, a: &Args, fname: &str, data_only: bool) -> PyResult<Value> {
    let p = bind(t, a, fname, &["fd"], 1, 1)?;
    let fd = fildes(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    // SAFETY: plain system calls.
    let r = retry(|| unsafe {
        if data_only {
            libc::fdatasync(fd)
        } else {
            libc::fsync(fd)
        }
    });
    if r != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `fsync(fd)` (fd may be an object with `fileno()`).
fn posix_fsync(t: &mut Thread, a: Args) -> PyResult<Value> {
    sync_impl(t, &a, "fsync", false)
}

/// `fdatasync(fd)`.
fn posix_fdatasync(t: &mut Thread, a: Args) -> PyResult<Value> {
    sync_impl(t, &a, "fdatasync", true)
}

/// `ftruncate(fd, length, /)`.
fn posix_ftruncate(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "ftruncate", 2, 2)?;
    let fd = c_int(t, a.get(t, 0))?;
    let len = c_long(t, a.get(t, 1))?;
    // SAFETY: plain system call.
    let r = retry(|| unsafe { libc::ftruncate(fd, len as libc::off_t) });
    if r != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `fchmod(fd, mode)`.
fn posix_fchmod(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "fchmod", &["fd", "mode"], 2, 2)?;
    let fd = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let mode = c_int(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    // SAFETY: plain system call.
    if unsafe { libc::fchmod(fd, mode as libc::mode_t) } != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `fchdir(fd)`.
fn posix_fchdir(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "fchdir", &["fd"], 1, 1)?;
    let fd = fildes(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    // SAFETY: plain system call.
    if unsafe { libc::fchdir(fd) } != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

fn fd_flags(t: &mut Thread, fd: i32, cmd: i32) -> PyResult<i32> {
    // SAFETY: plain system call.
    let r = unsafe { libc::fcntl(fd, cmd) };
    if r < 0 {
        return Err(os_error(t));
    }
    Ok(r)
}

fn set_fd_flags(t: &mut Thread, fd: i32, cmd: i32, flags: i32) -> PyResult<()> {
    // SAFETY: plain system call.
    if unsafe { libc::fcntl(fd, cmd, flags) } < 0 {
        return Err(os_error(t));
    }
    Ok(())
}

/// `get_inheritable(fd, /)`.
fn posix_get_inheritable(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "get_inheritable", 1, 1)?;
    let fd = c_int(t, a.get(t, 0))?;
    let f = fd_flags(t, fd, libc::F_GETFD)?;
    Ok(Value::from_bool(f & libc::FD_CLOEXEC == 0))
}

/// `set_inheritable(fd, inheritable, /)`.
fn posix_set_inheritable(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "set_inheritable", 2, 2)?;
    let fd = c_int(t, a.get(t, 0))?;
    let inheritable = c_int(t, a.get(t, 1))? != 0;
    let f = fd_flags(t, fd, libc::F_GETFD)?;
    let nf = if inheritable {
        f & !libc::FD_CLOEXEC
    } else {
        f | libc::FD_CLOEXEC
    };
    if nf != f {
        set_fd_flags(t, fd, libc::F_SETFD, nf)?;
    }
    Ok(Value::NONE)
}

/// `get_blocking(fd, /)`.
fn posix_get_blocking(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "get_blocking", 1, 1)?;
    let fd = c_int(t, a.get(t, 0))?;
    let f = fd_flags(t, fd, libc::F_GETFL)?;
    Ok(Value::from_bool(f & libc::O_NONBLOCK == 0))
}

/// `set_blocking(fd, blocking, /)`.
fn posix_set_blocking(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "set_blocking", 2, 2)?;
    let fd = c_int(t, a.get(t, 0))?;
    let blocking = c_int(t, a.get(t, 1))? != 0;
    let f = fd_flags(t, fd, libc::F_GETFL)?;
    let nf = if blocking {
        f & !libc::O_NONBLOCK
    } else {
        f | libc::O_NONBLOCK
    };
    if nf != f {
        set_fd_flags(t, fd, libc::F_SETFL, nf)?;
    }
    Ok(Value::NONE)
}

/// `device_encoding(fd)`: the terminal's encoding, None when fd is not a terminal.
fn posix_device_encoding(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "device_encoding", &["fd"], 1, 1)?;
    let fd = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    // SAFETY: plain library call.
    if unsafe { libc::isatty(fd) } != 1 {
        return Ok(Value::NONE);
    }
    // FIXME(locale): CPython reports the locale's codeset; ember runs in UTF-8 mode.
    pystr::new_str(t, "utf-8")
}

const TERMINAL_SIZE: StructSeqDesc = StructSeqDesc {
    module: "os",
    name: "terminal_size",
    doc: "A tuple of (columns, lines) for holding terminal window size",
    fields: &["columns", "lines"],
    n_in_sequence: 2,
    instantiable: true,
};

const TERMINAL_SIZE_KEY: &str = "os.terminal_size";

/// `get_terminal_size(fd=1, /)`.
fn posix_get_terminal_size(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "get_terminal_size", 0, 1)?;
    let fd = match a.opt(t, 0) {
        Some(v) => c_int(t, v)?,
        None => 1,
    };
    let mut ws = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes the winsize we own.
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } != 0 {
        return Err(os_error(t));
    }
    let Some(ty) = native_type::native_type(t, TERMINAL_SIZE_KEY) else {
        return Err(t.system_error("os.terminal_size is not initialised"));
    };
    structseq::new(
        t,
        ty,
        &[
            Value::small_int(ws.ws_col as i64),
            Value::small_int(ws.ws_row as i64),
        ],
    )
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    add_functions(
        t,
        hd,
        &[
            ("open", posix_open),
            ("close", posix_close),
            ("closerange", posix_closerange),
            ("read", posix_read),
            ("write", posix_write),
            ("lseek", posix_lseek),
            ("lockf", posix_lockf),
            ("posix_fallocate", posix_posix_fallocate),
            ("posix_fadvise", posix_posix_fadvise),
            ("pread", posix_pread),
            ("pwrite", posix_pwrite),
            ("sendfile", posix_sendfile),
            ("pipe2", posix_pipe2),
            ("ttyname", posix_ttyname),
            ("openpty", posix_openpty),
            ("isatty", posix_isatty),
            ("dup", posix_dup),
            ("dup2", posix_dup2),
            ("pipe", posix_pipe),
            ("fsync", posix_fsync),
            ("fdatasync", posix_fdatasync),
            ("ftruncate", posix_ftruncate),
            ("fchmod", posix_fchmod),
            ("fchdir", posix_fchdir),
            ("get_inheritable", posix_get_inheritable),
            ("set_inheritable", posix_set_inheritable),
            ("get_blocking", posix_get_blocking),
            ("set_blocking", posix_set_blocking),
            ("device_encoding", posix_device_encoding),
            ("get_terminal_size", posix_get_terminal_size),
        ],
    )?;
    let ty = structseq::new_type(t, &TERMINAL_SIZE)?;
    t.native_types.push((TERMINAL_SIZE_KEY, ty));
    ember_vm::objects::dict::set_str(t, t.get(hd), "terminal_size", ty)
}

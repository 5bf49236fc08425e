//! The `posix` module (what `os` is built on): the module table and constants, and the
//! conventions every posix function shares — Argument Clinic argument binding, CPython's
//! `path_converter` (str, bytes, os.PathLike and, where allowed, file descriptors), results
//! that mirror the path's type, and OSErrors built from errno and the offending filename(s).
//! File-system calls live in `posix_fs` (ownership, special files, extended attributes
//! and `statvfs` in `posix_fsmeta`, `os.stat_result` in `posix_statresult`),
//! file-descriptor calls in `posix_fd` (vectored I/O in `posix_iov`, Linux-only calls in
//! `posix_linux`), `scandir` in `posix_scandir`, process and environment calls in
//! `posix_proc` (ids and scheduling in `posix_ident`), `sysconf` and friends in
//! `posix_conf`.
//!
//! Paths cross into C as NUL-free byte strings: str paths are UTF-8 encoded, and names read
//! back from the system are decoded as UTF-8. FIXME(surrogates): CPython decodes with
//! `surrogateescape`; ember's str has no lone surrogates, so undecodable bytes are replaced.

use std::ffi::CString;

use ember_gc::Value;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{bytes, dict, int, list, module, numeric, str as pystr, type_};
use ember_vm::protocol;
use ember_vm::thread::{Handle, Thread};

use crate::{
    posix_conf, posix_fd, posix_fs, posix_fsmeta, posix_ident, posix_iov, posix_linux, posix_proc,
    posix_scandir,
};

// ----- argument binding -----

/// Binds a call's arguments to `params` as CPython's Argument Clinic does
/// (`_PyArg_UnpackKeywords`): the first `required` parameters are mandatory, those from
/// `kw_only` on are keyword-only. Returns rooted values in parameter order.
pub(crate) fn bind(
    t: &mut Thread,
    a: &Args,
    fname: &str,
    params: &[&str],
    required: usize,
    kw_only: usize,
) -> PyResult<Vec<Option<Handle>>> {
    let npos = a.len();
    let max_pos = kw_only.min(params.len());
    let min_pos = required.min(max_pos);
    if npos + a.nkw > params.len() {
        let msg = format!(
            "{fname}() takes at most {} {}argument{} ({} given)",
            params.len(),
            if npos == 0 { "keyword " } else { "" },
            if params.len() == 1 { "" } else { "s" },
            npos + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    if npos > max_pos {
        let msg = if max_pos == 0 {
            format!("{fname}() takes no positional arguments")
        } else {
            format!(
                "{fname}() takes {} {max_pos} positional argument{} ({npos} given)",
                if min_pos < max_pos {
                    "at most"
                } else {
                    "exactly"
                },
                if max_pos == 1 { "" } else { "s" }
            )
        };
        return Err(t.type_error(&msg));
    }
    let mut out: Vec<Option<Handle>> = vec![None; params.len()];
    for (i, slot) in out.iter_mut().enumerate().take(npos) {
        let v = a.get(t, i);
        *slot = Some(t.root(v));
    }
    // Parameters after the positional ones, in order, from the keywords.
    let find =
        |t: &Thread, name: &str| (0..a.nkw).find(|&k| pystr::str_eq_rust(t, a.kw(t, k).0, name));
    let mut used = 0;
    for (i, p) in params.iter().enumerate().skip(npos) {
        if let Some(k) = find(t, p) {
            let v = a.kw(t, k).1;
            out[i] = Some(t.root(v));
            used += 1;
        } else if i < required {
            let msg = format!("{fname}() missing required argument '{p}' (pos {})", i + 1);
            return Err(t.type_error(&msg));
        }
    }
    if used < a.nkw {
        for (i, p) in params.iter().enumerate().take(npos) {
            if find(t, p).is_some() {
                let msg = format!(
                    "argument for {fname}() given by name ('{p}') and position ({})",
                    i + 1
                );
                return Err(t.type_error(&msg));
            }
        }
        for k in 0..a.nkw {
            let name = a.kw(t, k).0;
            if !params.iter().any(|p| pystr::str_eq_rust(t, name, p)) {
                let name = protocol::str_string(t, name)?;
                let msg = format!("'{name}' is an invalid keyword argument for {fname}()");
                return Err(t.type_error(&msg));
            }
        }
    }
    Ok(out)
}

/// Checks the arguments of a function with positional-only parameters (CPython's METH_O and
/// `_PyArg_CheckPositional` messages; keywords are refused naming `posix.{name}`).
pub(crate) fn posonly(
    t: &mut Thread,
    a: &Args,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<()> {
    let qual = format!("posix.{name}");
    a.no_kwargs(t, &qual)?;
    if min == 1 && max == 1 {
        a.check_positional(t, &qual, 1, 1)
    } else {
        a.check_positional(t, name, min, max)
    }
}

/// Checks that a METH_NOARGS function or method (`qualname` like "posix.getcwd" or
/// "DirEntry.inode") got no arguments besides `skip` receivers.
pub(crate) fn noargs(t: &mut Thread, a: &Args, qualname: &str, skip: usize) -> PyResult<()> {
    a.no_kwargs(t, qualname)?;
    let n = a.len().saturating_sub(skip);
    if n > 0 {
        let msg = format!("{qualname}() takes no arguments ({n} given)");
        return Err(t.type_error(&msg));
    }
    Ok(())
}

/// The value bound to an optional parameter.
pub(crate) fn opt(t: &Thread, h: Option<Handle>) -> Option<Value> {
    h.map(|h| t.get(h))
}

// ----- integer arguments -----

/// A C `int` (CPython's `_PyLong_AsInt` after `__index__`).
pub(crate) fn c_int(t: &mut Thread, v: Value) -> PyResult<i32> {
    let i = numeric::index(t, v)?;
    match int::to_i64(t, i) {
        Some(n) if n >= i32::MIN as i64 && n <= i32::MAX as i64 => Ok(n as i32),
        _ => Err(t.overflow_error("Python int too large to convert to C int")),
    }
}

/// A C `long` / `off_t` (CPython's `PyLong_AsLong` after `__index__`).
pub(crate) fn c_long(t: &mut Thread, v: Value) -> PyResult<i64> {
    let i = numeric::index(t, v)?;
    match int::to_i64(t, i) {
        Some(n) => Ok(n),
        None => Err(t.overflow_error("Python int too large to convert to C long")),
    }
}

/// A file descriptor given as a plain `int` parameter (`close(fd)`).
pub(crate) fn fd_arg(t: &mut Thread, v: Value) -> PyResult<i32> {
    c_int(t, v)
}

/// A `bool` parameter given as any object (CPython's `p` converter: truth value).
pub(crate) fn truth(t: &mut Thread, v: Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => protocol::truthy(t, v),
        None => Ok(default),
    }
}

/// CPython's `_Py_Uid_Converter`/`_Py_Gid_Converter`: an index in `0..=u32::MAX`, or -1
/// ("leave unchanged").
pub(crate) fn id_arg(t: &mut Thread, v: Option<Value>, what: &str) -> PyResult<u32> {
    let v = v.unwrap_or(Value::NONE);
    let is_index = int::is_int(t, v) || {
        let ty = t.type_of(v);
        type_::lookup_sym(t, ty, ember_vm::symbols::sym::__index__).is_some()
    };
    if !is_index {
        let msg = format!(
            "{what} should be integer, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    let i = numeric::index(t, v)?;
    match int::to_i64(t, i) {
        Some(-1) => Ok(u32::MAX),
        // CPython reports a C long that does not fit uid_t as "less than minimum" too.
        Some(n) if n < 0 || n > u32::MAX as i64 => {
            Err(t.overflow_error(&format!("{what} is less than minimum")))
        }
        Some(n) => Ok(n as u32),
        None => {
            let neg = int::to_bigint(t, i).sign() == num_bigint::Sign::Minus;
            let msg = if neg {
                format!("{what} is less than minimum")
            } else {
                format!("{what} is greater than maximum")
            };
            Err(t.overflow_error(&msg))
        }
    }
}

/// A `pid_t` (CPython's `_Py_PARSE_PID`, a C int with the "signed integer" messages).
pub(crate) fn pid_arg(t: &mut Thread, v: Value) -> PyResult<i32> {
    let i = numeric::index(t, v)?;
    match int::to_i64(t, i) {
        Some(n) if n > i32::MAX as i64 => {
            Err(t.overflow_error("signed integer is greater than maximum"))
        }
        Some(n) if n < i32::MIN as i64 => {
            Err(t.overflow_error("signed integer is less than minimum"))
        }
        Some(n) => Ok(n as i32),
        None => Err(t.overflow_error("Python int too large to convert to C long")),
    }
}

/// The `dir_fd` keyword (CPython's `dir_fd_converter`): None means the current directory.
pub(crate) fn dir_fd(t: &mut Thread, v: Option<Value>) -> PyResult<i32> {
    match v {
        None => Ok(libc::AT_FDCWD),
        Some(v) if v.is_none() => Ok(libc::AT_FDCWD),
        Some(v) => {
            let is_index = int::is_int(t, v) || {
                let ty = t.type_of(v);
                type_::lookup_sym(t, ty, ember_vm::symbols::sym::__index__).is_some()
            };
            if !is_index {
                let msg = format!(
                    "argument should be integer or None, not {}",
                    type_::type_name_of(t, v)
                );
                return Err(t.type_error(&msg));
            }
            fd_number(t, v)
        }
    }
}

/// CPython's `_fd_converter`: an index that fits a C int, with the fd-specific messages.
fn fd_number(t: &mut Thread, v: Value) -> PyResult<i32> {
    let i = numeric::index(t, v)?;
    match int::to_i64(t, i) {
        Some(n) if n > i32::MAX as i64 => Err(t.overflow_error("fd is greater than maximum")),
        Some(n) if n < i32::MIN as i64 => Err(t.overflow_error("fd is less than minimum")),
        Some(n) => Ok(n as i32),
        None => {
            let neg = int::to_bigint(t, i).sign() == num_bigint::Sign::Minus;
            Err(t.overflow_error(if neg {
                "fd is less than minimum"
            } else {
                "fd is greater than maximum"
            }))
        }
    }
}

// ----- paths -----

/// A converted path argument (CPython's `path_t`).
pub(crate) struct PathArg {
    /// The path as a C string ("." for an omitted nullable path; empty for an fd).
    pub c: CString,
    /// The file descriptor given instead of a path, if any.
    pub fd: Option<i32>,
    /// Whether results derived from the path are bytes.
    pub bytes: bool,
    /// The argument as given (the filename of errors); None when omitted.
    pub obj: Handle,
    /// CPython's `path_t` uses fd -1 as "no fd", so an fd argument of -1 leaves no path at
    /// all: the system calls get a null path (and fail with EFAULT), while listdir and
    /// scandir fall back to "." (which `c` then holds).
    pub null: bool,
}

impl PathArg {
    /// The path for a system call: null for the fd -1 (see `null`).
    pub(crate) fn ptr(&self) -> *const libc::c_char {
        if self.null {
            std::ptr::null()
        } else {
            self.c.as_ptr()
        }
    }
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.c.as_bytes()
    }
}

fn type_has(t: &mut Thread, v: Value, sym: ember_vm::symbols::Symbol) -> bool {
    let ty = t.type_of(v);
    type_::lookup_sym(t, ty, sym).is_some()
}

/// `os.fspath(v)` for a value that is neither str nor bytes: the result of `__fspath__`,
/// or None (Rust) when the type has no `__fspath__`.
fn call_fspath(t: &mut Thread, v: Value) -> PyResult<Option<Value>> {
    if !type_has(t, v, ember_vm::symbols::sym::__fspath__) {
        return Ok(None);
    }
    let hv = t.root(v);
    let r = protocol::call_method(t, v, "__fspath__", &[])?;
    if pystr::is_str(t, r) || bytes::is_bytes(t, r) {
        return Ok(Some(r));
    }
    let msg = format!(
        "expected {}.__fspath__() to return str or bytes, not {}",
        type_::type_name_of(t, t.get(hv)),
        type_::type_name_of(t, r)
    );
    Err(t.type_error(&msg))
}

/// `os.fspath(path)`.
fn posix_fspath(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "fspath", &["path"], 1, 1)?;
    let v = opt(t, p[0]).unwrap_or(Value::NONE);
    if pystr::is_str(t, v) || bytes::is_bytes(t, v) {
        return Ok(v);
    }
    match call_fspath(t, v)? {
        Some(r) => Ok(r),
        None => {
            let msg = format!(
                "expected str, bytes or os.PathLike object, not {}",
                type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

/// CPython's `_Py_normpath`: collapses separators and "." components and resolves ".."
/// lexically; one or two leading slashes are kept (three or more become one). An empty
/// result stays empty (`posixpath.normpath` turns it into "."), except that "." itself is
/// returned unchanged.
pub(crate) fn normpath_bytes(path: &[u8]) -> Vec<u8> {
    if path == b"." {
        return path.to_vec();
    }
    let initial = if path.starts_with(b"//") && !path.starts_with(b"///") {
        2
    } else if path.starts_with(b"/") {
        1
    } else {
        0
    };
    let mut comps: Vec<&[u8]> = Vec::new();
    for comp in path.split(|&b| b == b'/') {
        if comp.is_empty() || comp == b"." {
            continue;
        }
        if comp != b".." || (initial == 0 && comps.is_empty()) || comps.last() == Some(&&b".."[..])
        {
            comps.push(comp);
        } else {
            comps.pop();
        }
    }
    let mut out = vec![b'/'; initial];
    out.extend_from_slice(&comps.join(&b'/'));
    out
}

/// `_path_normpath(path)`: the native half of `posixpath.normpath` (str only).
fn posix_path_normpath(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "_path_normpath", &["path"], 1, 1)?;
    let v = opt(t, p[0]).unwrap_or(Value::NONE);
    if !pystr::is_str(t, v) {
        let msg = format!("expected 'str', not '{}'", type_::type_name_of(t, v));
        return Err(t.type_error(&msg));
    }
    let b = pystr::str_bytes_owned(t, pystr::str_value(t, v));
    let out = normpath_bytes(&b);
    // Splitting UTF-8 at '/' bytes keeps every component valid UTF-8.
    pystr::new_str(t, &String::from_utf8_lossy(&out))
}

/// CPython's `path_converter`: str, bytes, os.PathLike, an fd when `allow_fd`, None when
/// `nullable` (meaning "."). `v` None (Rust) is an omitted argument.
pub(crate) fn path_arg(
    t: &mut Thread,
    v: Option<Value>,
    fname: &str,
    argname: &str,
    allow_fd: bool,
    nullable: bool,
) -> PyResult<PathArg> {
    let v = v.unwrap_or(Value::NONE);
    let obj = t.root(v);
    if nullable && v.is_none() {
        return Ok(PathArg {
            c: CString::from(c"."),
            fd: None,
            bytes: false,
            obj,
            null: false,
        });
    }
    let mut cur = v;
    if !pystr::is_str(t, cur) && !bytes::is_bytes(t, cur) {
        if allow_fd && (int::is_int(t, cur) || type_has(t, cur, ember_vm::symbols::sym::__index__))
        {
            let fd = fd_number(t, cur)?;
            return Ok(PathArg {
                c: if fd == -1 {
                    CString::from(c".")
                } else {
                    CString::default()
                },
                fd: (fd != -1).then_some(fd),
                bytes: false,
                obj,
                null: fd == -1,
            });
        }
        if let Some(r) = call_fspath(t, cur)? {
            // Errors name the path `__fspath__` returned, as CPython's do.
            cur = r;
            t.set(obj, r);
        } else if let Some(b) = bytes::bytes_like(t, cur).map(|b| b.to_vec()) {
            // FIXME(warnings): CPython accepts other bytes-like objects with a
            // DeprecationWarning.
            return finish_bytes(t, b, fname, argname, obj);
        } else {
            let allowed = match (allow_fd, nullable) {
                (true, true) => "string, bytes, os.PathLike, integer or None",
                (true, false) => "string, bytes, os.PathLike or integer",
                (false, true) => "string, bytes, os.PathLike or None",
                (false, false) => "string, bytes or os.PathLike",
            };
            let msg = format!(
                "{fname}: {argname} should be {allowed}, not {}",
                type_::type_name_of(t, cur)
            );
            return Err(t.type_error(&msg));
        }
    }
    if pystr::is_str(t, cur) {
        let s = pystr::str_bytes_owned(t, pystr::str_value(t, cur));
        match CString::new(s) {
            Ok(c) => Ok(PathArg {
                c,
                fd: None,
                bytes: false,
                obj,
                null: false,
            }),
            Err(_) => Err(t.value_error("embedded null byte")),
        }
    } else {
        let b = bytes::bytes_like(t, cur)
            .map(|b| b.to_vec())
            .unwrap_or_default();
        finish_bytes(t, b, fname, argname, obj)
    }
}

fn finish_bytes(
    t: &mut Thread,
    b: Vec<u8>,
    fname: &str,
    argname: &str,
    obj: Handle,
) -> PyResult<PathArg> {
    match CString::new(b) {
        Ok(c) => Ok(PathArg {
            c,
            fd: None,
            bytes: true,
            obj,
            null: false,
        }),
        Err(_) => {
            let msg = format!("{fname}: embedded null character in {argname}");
            Err(t.value_error(&msg))
        }
    }
}

/// A name or path read from the system, as bytes when `as_bytes`, else str.
pub(crate) fn fs_result(t: &mut Thread, data: &[u8], as_bytes: bool) -> PyResult<Value> {
    if as_bytes {
        bytes::new_bytes(t, data)
    } else {
        let s = String::from_utf8_lossy(data);
        pystr::new_str(t, &s)
    }
}

// ----- errors -----

/// The calling thread's errno after a failed C call.
pub(crate) fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `strerror(code)`, as CPython's `os.strerror` prints it.
pub(crate) fn strerror_text(code: i32) -> String {
    let mut msg = std::io::Error::from_raw_os_error(code).to_string();
    if let Some(i) = msg.find(" (os error") {
        msg.truncate(i);
    }
    msg
}

/// Raises `OSError(code, strerror(code)[, filename[, None, filename2]])` (the subclass
/// OSError's constructor picks for the errno), as CPython's `path_error`/`path_error2`.
pub(crate) fn raise_errno(
    t: &mut Thread,
    code: i32,
    filename: Option<Value>,
    filename2: Option<Value>,
) -> Raised {
    let hf = filename.map(|v| t.root(v));
    let hf2 = filename2.map(|v| t.root(v));
    let msg = match pystr::new_str(t, &strerror_text(code)) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut args = vec![Value::small_int(code as i64), msg];
    if let Some(h) = hf {
        args.push(t.get(h));
        if let Some(h2) = hf2 {
            args.push(Value::NONE);
            args.push(t.get(h2));
        }
    }
    let ose = t.ty(BuiltinType::OSError);
    match protocol::call(t, ose, &args) {
        Ok(exc) => t.raise(exc),
        Err(r) => r,
    }
}

/// Raises the OSError for the current errno, without a filename (`posix_error`).
pub(crate) fn os_error(t: &mut Thread) -> Raised {
    raise_errno(t, errno(), None, None)
}

/// Raises the OSError for the current errno about `path` (`path_error`).
pub(crate) fn path_error(t: &mut Thread, path: &PathArg) -> Raised {
    let code = errno();
    let f = t.get(path.obj);
    raise_errno(t, code, Some(f), None)
}

/// Raises the OSError for the current errno about `src` and `dst` (`path_error2`).
pub(crate) fn path_error2(t: &mut Thread, src: &PathArg, dst: &PathArg) -> Raised {
    let code = errno();
    let (f, f2) = (t.get(src.obj), t.get(dst.obj));
    raise_errno(t, code, Some(f), Some(f2))
}

// ----- the module -----

/// `posix.strerror(code)`.
fn posix_strerror(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "strerror", 1, 1)?;
    let code = c_int(t, a.get(t, 0))?;
    pystr::new_str(t, &strerror_text(code))
}

/// The integer constants CPython's posix module defines on Linux (x86-64 values where the
/// libc crate does not name them).
const CONSTANTS: &[(&str, i64)] = &[
    ("F_OK", libc::F_OK as i64),
    ("R_OK", libc::R_OK as i64),
    ("W_OK", libc::W_OK as i64),
    ("X_OK", libc::X_OK as i64),
    ("NGROUPS_MAX", 65536),
    ("TMP_MAX", 238328),
    ("WCONTINUED", libc::WCONTINUED as i64),
    ("WNOHANG", libc::WNOHANG as i64),
    ("WUNTRACED", libc::WUNTRACED as i64),
    ("O_RDONLY", libc::O_RDONLY as i64),
    ("O_WRONLY", libc::O_WRONLY as i64),
    ("O_RDWR", libc::O_RDWR as i64),
    ("O_NDELAY", libc::O_NDELAY as i64),
    ("O_NONBLOCK", libc::O_NONBLOCK as i64),
    ("O_APPEND", libc::O_APPEND as i64),
    ("O_DSYNC", libc::O_DSYNC as i64),
    ("O_RSYNC", libc::O_RSYNC as i64),
    ("O_SYNC", libc::O_SYNC as i64),
    ("O_NOCTTY", libc::O_NOCTTY as i64),
    ("O_CREAT", libc::O_CREAT as i64),
    ("O_EXCL", libc::O_EXCL as i64),
    ("O_TRUNC", libc::O_TRUNC as i64),
    // glibc defines O_LARGEFILE as 0 on 64-bit targets; CPython reports that value.
    ("O_LARGEFILE", 0),
    ("O_PATH", libc::O_PATH as i64),
    ("O_TMPFILE", libc::O_TMPFILE as i64),
    ("PRIO_PROCESS", 0),
    ("PRIO_PGRP", 1),
    ("PRIO_USER", 2),
    ("O_CLOEXEC", libc::O_CLOEXEC as i64),
    ("O_ACCMODE", libc::O_ACCMODE as i64),
    ("O_FSYNC", libc::O_FSYNC as i64),
    ("SEEK_HOLE", libc::SEEK_HOLE as i64),
    ("SEEK_DATA", libc::SEEK_DATA as i64),
    ("O_ASYNC", libc::O_ASYNC as i64),
    ("O_DIRECT", libc::O_DIRECT as i64),
    ("O_DIRECTORY", libc::O_DIRECTORY as i64),
    ("O_NOFOLLOW", libc::O_NOFOLLOW as i64),
    ("O_NOATIME", libc::O_NOATIME as i64),
    ("EX_OK", 0),
    ("EX_USAGE", 64),
    ("EX_DATAERR", 65),
    ("EX_NOINPUT", 66),
    ("EX_NOUSER", 67),
    ("EX_NOHOST", 68),
    ("EX_UNAVAILABLE", 69),
    ("EX_SOFTWARE", 70),
    ("EX_OSERR", 71),
    ("EX_OSFILE", 72),
    ("EX_CANTCREAT", 73),
    ("EX_IOERR", 74),
    ("EX_TEMPFAIL", 75),
    ("EX_PROTOCOL", 76),
    ("EX_NOPERM", 77),
    ("EX_CONFIG", 78),
    ("ST_RDONLY", 1),
    ("ST_NOSUID", 2),
    ("ST_NODEV", 4),
    ("ST_NOEXEC", 8),
    ("ST_SYNCHRONOUS", 16),
    ("ST_MANDLOCK", 64),
    ("ST_WRITE", 128),
    ("ST_APPEND", 256),
    ("ST_NOATIME", 1024),
    ("ST_NODIRATIME", 2048),
    ("ST_RELATIME", 4096),
    ("POSIX_FADV_NORMAL", 0),
    ("POSIX_FADV_SEQUENTIAL", 2),
    ("POSIX_FADV_RANDOM", 1),
    ("POSIX_FADV_NOREUSE", 5),
    ("POSIX_FADV_WILLNEED", 3),
    ("POSIX_FADV_DONTNEED", 4),
    ("P_PID", 1),
    ("P_PGID", 2),
    ("P_ALL", 0),
    ("P_PIDFD", 3),
    ("WEXITED", 4),
    ("WNOWAIT", 16777216),
    ("WSTOPPED", 2),
    ("CLD_EXITED", 1),
    ("CLD_KILLED", 2),
    ("CLD_DUMPED", 3),
    ("CLD_TRAPPED", 4),
    ("CLD_STOPPED", 5),
    ("CLD_CONTINUED", 6),
    ("F_LOCK", 1),
    ("F_TLOCK", 2),
    ("F_ULOCK", 0),
    ("F_TEST", 3),
    ("RWF_DSYNC", 2),
    ("RWF_HIPRI", 1),
    ("RWF_SYNC", 4),
    ("RWF_NOWAIT", 8),
    ("RWF_APPEND", 16),
    ("SPLICE_F_MOVE", 1),
    ("SPLICE_F_NONBLOCK", 2),
    ("SPLICE_F_MORE", 4),
    ("POSIX_SPAWN_OPEN", 0),
    ("POSIX_SPAWN_CLOSE", 1),
    ("POSIX_SPAWN_DUP2", 2),
    ("SCHED_OTHER", 0),
    ("SCHED_FIFO", 1),
    ("SCHED_RR", 2),
    ("SCHED_BATCH", 3),
    ("SCHED_IDLE", 5),
    ("SCHED_RESET_ON_FORK", 1073741824),
    ("XATTR_CREATE", 1),
    ("XATTR_REPLACE", 2),
    ("XATTR_SIZE_MAX", 65536),
    ("RTLD_LAZY", 1),
    ("RTLD_NOW", 2),
    ("RTLD_GLOBAL", 256),
    ("RTLD_LOCAL", 0),
    ("RTLD_NODELETE", 4096),
    ("RTLD_NOLOAD", 4),
    ("RTLD_DEEPBIND", 8),
    ("GRND_RANDOM", 2),
    ("GRND_NONBLOCK", 1),
    ("MFD_CLOEXEC", 1),
    ("MFD_ALLOW_SEALING", 2),
    ("MFD_HUGETLB", 4),
    ("MFD_HUGE_SHIFT", 26),
    ("MFD_HUGE_MASK", 63),
    ("MFD_HUGE_64KB", 1073741824),
    ("MFD_HUGE_512KB", 1275068416),
    ("MFD_HUGE_1MB", 1342177280),
    ("MFD_HUGE_2MB", 1409286144),
    ("MFD_HUGE_8MB", 1543503872),
    ("MFD_HUGE_16MB", 1610612736),
    ("MFD_HUGE_32MB", 1677721600),
    ("MFD_HUGE_256MB", 1879048192),
    ("MFD_HUGE_512MB", 1946157056),
    ("MFD_HUGE_1GB", 2013265920),
    ("MFD_HUGE_2GB", 2080374784),
    ("MFD_HUGE_16GB", 2281701376),
    ("EFD_CLOEXEC", 524288),
    ("EFD_NONBLOCK", 2048),
    ("EFD_SEMAPHORE", 1),
];

/// The `HAVE_*` names `os` reads to build `supports_fd`, `supports_dir_fd` and
/// `supports_follow_symlinks`: those CPython reports on Linux for what this module
/// implements.
const HAVE_FUNCTIONS: &[&str] = &[
    "HAVE_EVENTFD",
    "HAVE_FACCESSAT",
    "HAVE_FCHDIR",
    "HAVE_FCHMOD",
    "HAVE_FCHMODAT",
    "HAVE_FCHOWN",
    "HAVE_FCHOWNAT",
    "HAVE_FDOPENDIR",
    "HAVE_FPATHCONF",
    "HAVE_FSTATAT",
    "HAVE_FSTATVFS",
    "HAVE_FTRUNCATE",
    "HAVE_FUTIMENS",
    "HAVE_FUTIMES",
    "HAVE_FUTIMESAT",
    "HAVE_LCHOWN",
    "HAVE_LINKAT",
    "HAVE_LSTAT",
    "HAVE_LUTIMES",
    "HAVE_MEMFD_CREATE",
    "HAVE_MKDIRAT",
    "HAVE_MKFIFOAT",
    "HAVE_MKNODAT",
    "HAVE_OPENAT",
    "HAVE_READLINKAT",
    "HAVE_RENAMEAT",
    "HAVE_SYMLINKAT",
    "HAVE_UNLINKAT",
    "HAVE_UTIMENSAT",
];

const DOC: &str = "This module provides access to operating system functionality that is\n\
standardized by the C Standard and the POSIX standard (a thinly\n\
disguised Unix interface).  Refer to the library manual and\n\
corresponding Unix manual entries for more information on calls.";

/// Adds the natives `fns` to the module namespace `d`.
pub(crate) fn add_functions(
    t: &mut Thread,
    d: Handle,
    fns: &[(&'static str, native::NativeFn)],
) -> PyResult<()> {
    for (name, f) in fns {
        native::add_function(t, t.get(d), "posix", name, *f)?;
    }
    Ok(())
}

pub fn init_posix(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "posix")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let doc = pystr::new_str(t, DOC)?;
    dict::set_str(t, t.get(hd), "__doc__", doc)?;
    add_functions(
        t,
        hd,
        &[
            ("fspath", posix_fspath),
            ("strerror", posix_strerror),
            ("_path_normpath", posix_path_normpath),
        ],
    )?;
    for &(name, v) in CONSTANTS {
        let mark = t.handle_mark();
        let n = int::from_i64(t, v)?;
        dict::set_str(t, t.get(hd), name, n)?;
        t.handle_release(mark);
    }
    let have = list::new_list(t, HAVE_FUNCTIONS.len())?;
    let hh = t.root(have);
    for name in HAVE_FUNCTIONS {
        let s = pystr::new_str(t, name)?;
        list::append(t, t.get(hh), s)?;
    }
    dict::set_str(t, t.get(hd), "_have_functions", t.get(hh))?;
    let ose = t.ty(BuiltinType::OSError);
    dict::set_str(t, t.get(hd), "error", ose)?;
    posix_fs::init(t, hd)?;
    posix_fsmeta::init(t, hd)?;
    posix_conf::init(t, hd)?;
    posix_ident::init(t, hd)?;
    posix_linux::init(t, hd)?;
    posix_iov::init(t, hd)?;
    posix_fd::init(t, hd)?;
    posix_proc::init(t, hd)?;
    crate::posix_exec::init(t, hd)?;
    posix_scandir::init(t, hd)?;
    Ok(t.get(hm))
}

#[cfg(test)]
mod tests {
    use super::normpath_bytes;

    fn norm(p: &str) -> String {
        String::from_utf8(normpath_bytes(p.as_bytes())).unwrap_or_default()
    }

    #[test]
    fn normpath_matches_cpython() {
        let cases = [
            ("", ""),
            (".", "."),
            ("./", ""),
            ("a/..", ""),
            ("..", ".."),
            ("/", "/"),
            ("//", "//"),
            ("///", "/"),
            ("./a", "a"),
            ("a/./", "a"),
            ("/..", "/"),
            ("./../a", "../a"),
            ("x/../..", ".."),
            ("a//b/./c/../d", "a/b/d"),
            ("//a/../b", "//b"),
        ];
        for (p, want) in cases {
            assert_eq!(norm(p), want, "{p:?}");
        }
    }
}

//! posix file-system calls on paths: `stat`/`lstat`/`fstat`, the working directory
//! (`getcwd`, `chdir`, `chroot`), `listdir` (and the directory reading `scandir` shares),
//! creating, removing, renaming and linking files, `access`, `chmod`, `utime`, `truncate`
//! and `readlink`. Calls that accept `dir_fd` always go through the `*at` system call
//! (with AT_FDCWD by default), as CPython does on Linux.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::Args;
use ember_vm::objects::{float, int, list, tuple};
use ember_vm::thread::{Handle, Thread};

use crate::posix::{
    add_functions, bind, c_int, dir_fd, fd_arg, fs_result, noargs, opt, os_error, path_arg,
    path_error, path_error2, raise_errno, truth, PathArg,
};
use crate::posix_statresult::stat_result;

fn empty_stat() -> libc::stat {
    // SAFETY: struct stat is plain old data; all-zero bytes are a valid value.
    unsafe { std::mem::zeroed() }
}

/// `fstatat` (or `fstat` for an fd) of a converted path.
pub(crate) fn stat_path(path: &PathArg, dirfd: i32, follow: bool) -> Result<libc::stat, i32> {
    let mut st = empty_stat();
    let r = match path.fd {
        // SAFETY: fstat writes the stat buffer we own.
        Some(fd) => unsafe { libc::fstat(fd, &mut st) },
        None => {
            let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            // SAFETY: the path is NUL-terminated and outlives the call; st is ours.
            unsafe { libc::fstatat(dirfd, path.ptr(), &mut st, flags) }
        }
    };
    if r == 0 {
        Ok(st)
    } else {
        Err(crate::posix::errno())
    }
}

/// CPython's rule that an fd argument leaves no path for `dir_fd` to be relative to.
fn check_fd_combination(t: &mut Thread, fname: &str, path: &PathArg, dirfd: i32) -> PyResult<()> {
    if (path.fd.is_some() || path.null) && dirfd != libc::AT_FDCWD {
        let msg = format!("{fname}: can't specify dir_fd without matching path");
        return Err(t.value_error(&msg));
    }
    Ok(())
}

fn do_stat(
    t: &mut Thread,
    fname: &str,
    path: &PathArg,
    dirfd: i32,
    follow: bool,
) -> PyResult<Value> {
    check_fd_combination(t, fname, path, dirfd)?;
    match stat_path(path, dirfd, follow) {
        Ok(st) => stat_result(t, &st),
        Err(e) => {
            let f = t.get(path.obj);
            Err(raise_errno(t, e, Some(f), None))
        }
    }
}

/// `stat(path, *, dir_fd=None, follow_symlinks=True)`.
fn posix_stat(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "stat", &["path", "dir_fd", "follow_symlinks"], 1, 1)?;
    let path = path_arg(t, opt(t, p[0]), "stat", "path", true, false)?;
    let dirfd = dir_fd(t, opt(t, p[1]))?;
    let follow = truth(t, opt(t, p[2]), true)?;
    do_stat(t, "stat", &path, dirfd, follow)
}

/// `lstat(path, *, dir_fd=None)`.
fn posix_lstat(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "lstat", &["path", "dir_fd"], 1, 1)?;
    let path = path_arg(t, opt(t, p[0]), "lstat", "path", false, false)?;
    let dirfd = dir_fd(t, opt(t, p[1]))?;
    do_stat(t, "lstat", &path, dirfd, false)
}

/// `fstat(fd)`.
fn posix_fstat(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "fstat", &["fd"], 1, 1)?;
    let fd = fd_arg(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let mut st = empty_stat();
    // SAFETY: fstat writes the stat buffer we own.
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return Err(os_error(t));
    }
    stat_result(t, &st)
}

fn cwd_bytes() -> Result<Vec<u8>, i32> {
    let mut size = 1024usize;
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: buf has `size` writable bytes.
        let r = unsafe { libc::getcwd(buf.as_mut_ptr() as *mut libc::c_char, size) };
        if !r.is_null() {
            let n = buf.iter().position(|&b| b == 0).unwrap_or(size);
            buf.truncate(n);
            return Ok(buf);
        }
        let e = crate::posix::errno();
        if e != libc::ERANGE || size > 1 << 20 {
            return Err(e);
        }
        size *= 2;
    }
}

fn getcwd_impl(t: &mut Thread, a: &Args, name: &str, as_bytes: bool) -> PyResult<Value> {
    noargs(t, a, &format!("posix.{name}"), 0)?;
    match cwd_bytes() {
        Ok(b) => fs_result(t, &b, as_bytes),
        Err(e) => Err(raise_errno(t, e, None, None)),
    }
}

fn posix_getcwd(t: &mut Thread, a: Args) -> PyResult<Value> {
    getcwd_impl(t, &a, "getcwd", false)
}

fn posix_getcwdb(t: &mut Thread, a: Args) -> PyResult<Value> {
    getcwd_impl(t, &a, "getcwdb", true)
}

/// `chdir(path)` (an fd means `fchdir`).
fn posix_chdir(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "chdir", &["path"], 1, 1)?;
    let path = path_arg(t, opt(t, p[0]), "chdir", "path", true, false)?;
    let r = match path.fd {
        // SAFETY: plain system calls on an fd / a NUL-terminated path.
        Some(fd) => unsafe { libc::fchdir(fd) },
        // SAFETY: as above.
        None => unsafe { libc::chdir(path.ptr()) },
    };
    if r != 0 {
        return Err(path_error(t, &path));
    }
    Ok(Value::NONE)
}

/// `chroot(path)`.
fn posix_chroot(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "chroot", &["path"], 1, 1)?;
    let path = path_arg(t, opt(t, p[0]), "chroot", "path", false, false)?;
    // SAFETY: the path is NUL-terminated.
    if unsafe { libc::chroot(path.ptr()) } != 0 {
        return Err(path_error(t, &path));
    }
    Ok(Value::NONE)
}

/// The entries of an open directory stream except "." and "..": (name, d_type, d_ino).
/// Closes the stream.
///
/// # Safety
/// `dir` must be a valid, open `DIR*` that nothing else uses or closes.
pub(crate) unsafe fn read_dir_stream(dir: *mut libc::DIR) -> Result<DirEntries, i32> {
    let mut out = Vec::new();
    loop {
        // SAFETY: errno is thread-local; clearing it tells end-of-stream from an error.
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: the caller guarantees `dir` is open.
        let ent = unsafe { libc::readdir(dir) };
        if ent.is_null() {
            let e = crate::posix::errno();
            // SAFETY: `dir` is open and closed exactly once, here.
            unsafe { libc::closedir(dir) };
            return if e == 0 { Ok(out) } else { Err(e) };
        }
        // SAFETY: readdir returned a valid dirent whose d_name is NUL-terminated; it stays
        // valid until the next readdir/closedir on this stream.
        let (name, d_type, ino) = unsafe {
            let e = &*ent;
            let name = std::ffi::CStr::from_ptr(e.d_name.as_ptr())
                .to_bytes()
                .to_vec();
            (name, e.d_type, e.d_ino)
        };
        if name == b"." || name == b".." {
            continue;
        }
        out.push((name, d_type, ino));
    }
}

/// Entries of a directory: (name, d_type, d_ino).
pub(crate) type DirEntries = Vec<(Vec<u8>, u8, u64)>;

/// Opens the directory `path` (or a duplicate of its fd) and reads all its entries. The
/// error says whether CPython would name the path in the OSError: it does not when
/// duplicating the fd fails.
pub(crate) fn read_dir(path: &PathArg) -> Result<DirEntries, (i32, bool)> {
    let dir = match path.fd {
        Some(fd) => {
            // fdopendir takes ownership of the fd it is given; CPython dups it and rewinds.
            // SAFETY: plain system calls on an fd.
            let dupfd = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
            if dupfd < 0 {
                return Err((crate::posix::errno(), false));
            }
            // SAFETY: dupfd is an fd we own; on success the stream owns it.
            let dir = unsafe { libc::fdopendir(dupfd) };
            if dir.is_null() {
                let e = crate::posix::errno();
                // SAFETY: fdopendir failed, so we still own dupfd.
                unsafe { libc::close(dupfd) };
                return Err((e, true));
            }
            // SAFETY: dir is a valid stream.
            unsafe { libc::rewinddir(dir) };
            dir
        }
        // SAFETY: the path is NUL-terminated ("." for the fd -1, never null).
        None => unsafe { libc::opendir(path.c.as_ptr()) },
    };
    if dir.is_null() {
        return Err((crate::posix::errno(), true));
    }
    // SAFETY: dir is a freshly opened stream that only this call uses.
    unsafe { read_dir_stream(dir) }.map_err(|e| (e, true))
}

/// Raises the OSError of a failed `read_dir`.
pub(crate) fn read_dir_error(
    t: &mut Thread,
    path: &PathArg,
    err: (i32, bool),
) -> ember_vm::errors::Raised {
    let f = err.1.then(|| t.get(path.obj));
    raise_errno(t, err.0, f, None)
}

/// `listdir(path=None)`.
fn posix_listdir(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "listdir", &["path"], 0, 1)?;
    let path = path_arg(t, opt(t, p[0]), "listdir", "path", true, true)?;
    let entries = read_dir(&path).map_err(|e| read_dir_error(t, &path, e))?;
    let out = list::new_list(t, entries.len())?;
    let hout = t.root(out);
    for (name, _, _) in &entries {
        let mark = t.handle_mark();
        let v = fs_result(t, name, path.bytes)?;
        list::append(t, t.get(hout), v)?;
        t.handle_release(mark);
    }
    Ok(t.get(hout))
}

/// `mkdir(path, mode=0o777, *, dir_fd=None)`.
fn posix_mkdir(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "mkdir", &["path", "mode", "dir_fd"], 1, 2)?;
    let path = path_arg(t, opt(t, p[0]), "mkdir", "path", false, false)?;
    let mode = match opt(t, p[1]) {
        Some(m) => c_int(t, m)?,
        None => 0o777,
    };
    let dirfd = dir_fd(t, opt(t, p[2]))?;
    // SAFETY: the path is NUL-terminated.
    if unsafe { libc::mkdirat(dirfd, path.ptr(), mode as libc::mode_t) } != 0 {
        return Err(path_error(t, &path));
    }
    Ok(Value::NONE)
}

/// `rmdir(path, *, dir_fd=None)`.
fn posix_rmdir(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "rmdir", &["path", "dir_fd"], 1, 1)?;
    let path = path_arg(t, opt(t, p[0]), "rmdir", "path", false, false)?;
    let dirfd = dir_fd(t, opt(t, p[1]))?;
    // SAFETY: the path is NUL-terminated.
    if unsafe { libc::unlinkat(dirfd, path.ptr(), libc::AT_REMOVEDIR) } != 0 {
        return Err(path_error(t, &path));
    }
    Ok(Value::NONE)
}

fn unlink_impl(t: &mut Thread, a: &Args, fname: &str) -> PyResult<Value> {
    let p = bind(t, a, fname, &["path", "dir_fd"], 1, 1)?;
    let path = path_arg(t, opt(t, p[0]), fname, "path", false, false)?;
    let dirfd = dir_fd(t, opt(t, p[1]))?;
    // SAFETY: the path is NUL-terminated.
    if unsafe { libc::unlinkat(dirfd, path.ptr(), 0) } != 0 {
        return Err(path_error(t, &path));
    }
    Ok(Value::NONE)
}

/// `unlink(path, *, dir_fd=None)`.
fn posix_unlink(t: &mut Thread, a: Args) -> PyResult<Value> {
    unlink_impl(t, &a, "unlink")
}

/// `remove(path, *, dir_fd=None)`.
fn posix_remove(t: &mut Thread, a: Args) -> PyResult<Value> {
    unlink_impl(t, &a, "remove")
}

fn rename_impl(t: &mut Thread, a: &Args, fname: &str) -> PyResult<Value> {
    let p = bind(
        t,
        a,
        fname,
        &["src", "dst", "src_dir_fd", "dst_dir_fd"],
        2,
        2,
    )?;
    let src = path_arg(t, opt(t, p[0]), fname, "src", false, false)?;
    let dst = path_arg(t, opt(t, p[1]), fname, "dst", false, false)?;
    let sfd = dir_fd(t, opt(t, p[2]))?;
    let dfd = dir_fd(t, opt(t, p[3]))?;
    // SAFETY: both paths are NUL-terminated.
    if unsafe { libc::renameat(sfd, src.ptr(), dfd, dst.ptr()) } != 0 {
        return Err(path_error2(t, &src, &dst));
    }
    Ok(Value::NONE)
}

/// `rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None)`.
fn posix_rename(t: &mut Thread, a: Args) -> PyResult<Value> {
    rename_impl(t, &a, "rename")
}

/// `replace(src, dst, *, src_dir_fd=None, dst_dir_fd=None)`.
fn posix_replace(t: &mut Thread, a: Args) -> PyResult<Value> {
    rename_impl(t, &a, "replace")
}

/// `link(src, dst, *, src_dir_fd=None, dst_dir_fd=None, follow_symlinks=True)`.
fn posix_link(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "link",
        &["src", "dst", "src_dir_fd", "dst_dir_fd", "follow_symlinks"],
        2,
        2,
    )?;
    let src = path_arg(t, opt(t, p[0]), "link", "src", false, false)?;
    let dst = path_arg(t, opt(t, p[1]), "link", "dst", false, false)?;
    let sfd = dir_fd(t, opt(t, p[2]))?;
    let dfd = dir_fd(t, opt(t, p[3]))?;
    let follow = truth(t, opt(t, p[4]), true)?;
    let flags = if follow { libc::AT_SYMLINK_FOLLOW } else { 0 };
    // SAFETY: both paths are NUL-terminated.
    if unsafe { libc::linkat(sfd, src.ptr(), dfd, dst.ptr(), flags) } != 0 {
        return Err(path_error2(t, &src, &dst));
    }
    Ok(Value::NONE)
}

/// `symlink(src, dst, target_is_directory=False, *, dir_fd=None)`.
fn posix_symlink(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "symlink",
        &["src", "dst", "target_is_directory", "dir_fd"],
        2,
        3,
    )?;
    let src = path_arg(t, opt(t, p[0]), "symlink", "src", false, false)?;
    let dst = path_arg(t, opt(t, p[1]), "symlink", "dst", false, false)?;
    truth(t, opt(t, p[2]), false)?;
    let dfd = dir_fd(t, opt(t, p[3]))?;
    // SAFETY: both paths are NUL-terminated.
    if unsafe { libc::symlinkat(src.ptr(), dfd, dst.ptr()) } != 0 {
        return Err(path_error2(t, &src, &dst));
    }
    Ok(Value::NONE)
}

/// `readlink(path, *, dir_fd=None)`: the target, str or bytes as the path.
fn posix_readlink(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "readlink", &["path", "dir_fd"], 1, 1)?;
    let path = path_arg(t, opt(t, p[0]), "readlink", "path", false, false)?;
    let dirfd = dir_fd(t, opt(t, p[1]))?;
    let mut size = 4096usize;
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: buf has `size` writable bytes; the path is NUL-terminated.
        let n = unsafe {
            libc::readlinkat(
                dirfd,
                path.ptr(),
                buf.as_mut_ptr() as *mut libc::c_char,
                size,
            )
        };
        if n < 0 {
            return Err(path_error(t, &path));
        }
        let n = n as usize;
        if n < size {
            buf.truncate(n);
            return fs_result(t, &buf, path.bytes);
        }
        size *= 2;
    }
}

/// `access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True)`.
fn posix_access(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "access",
        &["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"],
        2,
        2,
    )?;
    let path = path_arg(t, opt(t, p[0]), "access", "path", false, false)?;
    let mode = c_int(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    let dirfd = dir_fd(t, opt(t, p[2]))?;
    let effective = truth(t, opt(t, p[3]), false)?;
    let follow = truth(t, opt(t, p[4]), true)?;
    let mut flags = 0;
    if effective {
        flags |= libc::AT_EACCESS;
    }
    if !follow {
        flags |= libc::AT_SYMLINK_NOFOLLOW;
    }
    // SAFETY: the path is NUL-terminated.
    let r = unsafe { libc::faccessat(dirfd, path.ptr(), mode, flags) };
    Ok(Value::from_bool(r == 0))
}

/// `chmod(path, mode, *, dir_fd=None, follow_symlinks=True)`.
fn posix_chmod(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "chmod",
        &["path", "mode", "dir_fd", "follow_symlinks"],
        2,
        2,
    )?;
    let path = path_arg(t, opt(t, p[0]), "chmod", "path", true, false)?;
    let mode = c_int(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    let dirfd = dir_fd(t, opt(t, p[2]))?;
    let follow = truth(t, opt(t, p[3]), true)?;
    let r = match path.fd {
        // SAFETY: plain system call on an fd.
        Some(fd) => unsafe { libc::fchmod(fd, mode as libc::mode_t) },
        None => {
            let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            // SAFETY: the path is NUL-terminated.
            unsafe { libc::fchmodat(dirfd, path.ptr(), mode as libc::mode_t, flags) }
        }
    };
    if r != 0 {
        if !follow && crate::posix::errno() == libc::ENOTSUP {
            return Err(t.raise_msg(
                ember_vm::objects::builtin_types::BuiltinType::NotImplementedError,
                "chmod: follow_symlinks unavailable on this platform",
            ));
        }
        return Err(path_error(t, &path));
    }
    Ok(Value::NONE)
}

/// A time given to `utime` as seconds (int or float), as a timespec rounded toward
/// negative infinity (CPython's `_PyTime_ObjectToTimespec` with ROUND_FLOOR).
fn timespec_from(t: &mut Thread, v: Value) -> PyResult<libc::timespec> {
    if float::is_float(t, v) {
        let f = float::float_value(t, v);
        if f.is_nan() {
            return Err(t.value_error("Invalid value NaN (not a number)"));
        }
        let secs = f.floor();
        if !(secs >= i64::MIN as f64 && secs < i64::MAX as f64) {
            return Err(t.overflow_error("timestamp out of range for platform time_t"));
        }
        let mut ns = ((f - secs) * 1e9).floor() as i64;
        let mut s = secs as i64;
        if ns >= 1_000_000_000 {
            ns -= 1_000_000_000;
            s += 1;
        }
        return Ok(libc::timespec {
            tv_sec: s as libc::time_t,
            tv_nsec: ns as _,
        });
    }
    let i = ember_vm::objects::numeric::index(t, v)?;
    let Some(s) = int::to_i64(t, i) else {
        return Err(t.overflow_error("timestamp out of range for platform time_t"));
    };
    Ok(libc::timespec {
        tv_sec: s as libc::time_t,
        tv_nsec: 0,
    })
}

/// A timespec from an integer number of nanoseconds.
fn timespec_from_ns(t: &mut Thread, v: Value) -> PyResult<libc::timespec> {
    let i = ember_vm::objects::numeric::index(t, v)?;
    let ns = i128::try_from(int::to_bigint(t, i))
        .ok()
        .filter(|ns| ns.div_euclid(1_000_000_000) <= i64::MAX as i128)
        .filter(|ns| ns.div_euclid(1_000_000_000) >= i64::MIN as i128);
    let Some(ns) = ns else {
        return Err(t.overflow_error("timestamp out of range for platform time_t"));
    };
    Ok(libc::timespec {
        tv_sec: ns.div_euclid(1_000_000_000) as libc::time_t,
        tv_nsec: ns.rem_euclid(1_000_000_000) as _,
    })
}

fn pair_items(t: &mut Thread, v: Value) -> Option<(Value, Value)> {
    if tuple::is_tuple(t, v) {
        let tv = tuple::tuple_value(t, v);
        if tuple::len(t, tv) == 2 {
            return Some((tuple::get(t, tv, 0), tuple::get(t, tv, 1)));
        }
    }
    None
}

/// `utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True)`.
fn posix_utime(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "utime",
        &["path", "times", "ns", "dir_fd", "follow_symlinks"],
        1,
        2,
    )?;
    let path = path_arg(t, opt(t, p[0]), "utime", "path", true, false)?;
    let times = opt(t, p[1]).filter(|v| !v.is_none());
    let ns = opt(t, p[2]);
    if times.is_some() && ns.is_some() {
        return Err(t.value_error("utime: you may specify either 'times' or 'ns' but not both"));
    }
    let mut spec: Option<[libc::timespec; 2]> = None;
    if let Some(tv) = times {
        let Some((x, y)) = pair_items(t, tv) else {
            return Err(t.type_error("utime: 'times' must be either a tuple of two ints or None"));
        };
        let hy = t.root(y);
        let at = timespec_from(t, x)?;
        let mt = timespec_from(t, t.get(hy))?;
        spec = Some([at, mt]);
    } else if let Some(nv) = ns {
        let Some((x, y)) = pair_items(t, nv) else {
            return Err(t.type_error("utime: 'ns' must be a tuple of two ints"));
        };
        let hy = t.root(y);
        let at = timespec_from_ns(t, x)?;
        let mt = timespec_from_ns(t, t.get(hy))?;
        spec = Some([at, mt]);
    }
    let dirfd = dir_fd(t, opt(t, p[3]))?;
    let follow = truth(t, opt(t, p[4]), true)?;
    check_fd_combination(t, "utime", &path, dirfd)?;
    let ptr = spec.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
    let r = match path.fd {
        // CPython then calls utimensat without a path, which fails with EINVAL.
        Some(_) if !follow => {
            return Err(raise_errno(t, libc::EINVAL, None, None));
        }
        // SAFETY: ptr is null or points at two timespecs that outlive the call.
        Some(fd) => unsafe { libc::futimens(fd, ptr) },
        None => {
            let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            // SAFETY: as above; the path is NUL-terminated.
            unsafe { libc::utimensat(dirfd, path.ptr(), ptr, flags) }
        }
    };
    if r != 0 {
        // CPython's utime reports the error without the filename.
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `truncate(path, length)` (an fd means `ftruncate`).
fn posix_truncate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "truncate", &["path", "length"], 2, 2)?;
    let path = path_arg(t, opt(t, p[0]), "truncate", "path", true, false)?;
    let len = crate::posix::c_long(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    let r = match path.fd {
        // SAFETY: plain system call on an fd.
        Some(fd) => unsafe { libc::ftruncate(fd, len as libc::off_t) },
        // SAFETY: the path is NUL-terminated.
        None => unsafe { libc::truncate(path.ptr(), len as libc::off_t) },
    };
    if r != 0 {
        // CPython names the path only when it is one.
        return Err(if path.fd.is_some() {
            os_error(t)
        } else {
            path_error(t, &path)
        });
    }
    Ok(Value::NONE)
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    add_functions(
        t,
        hd,
        &[
            ("stat", posix_stat),
            ("lstat", posix_lstat),
            ("fstat", posix_fstat),
            ("getcwd", posix_getcwd),
            ("getcwdb", posix_getcwdb),
            ("chdir", posix_chdir),
            ("chroot", posix_chroot),
            ("listdir", posix_listdir),
            ("mkdir", posix_mkdir),
            ("rmdir", posix_rmdir),
            ("unlink", posix_unlink),
            ("remove", posix_remove),
            ("rename", posix_rename),
            ("replace", posix_replace),
            ("link", posix_link),
            ("symlink", posix_symlink),
            ("readlink", posix_readlink),
            ("access", posix_access),
            ("chmod", posix_chmod),
            ("utime", posix_utime),
            ("truncate", posix_truncate),
        ],
    )?;
    crate::posix_statresult::init(t, hd)
}

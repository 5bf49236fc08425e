//! posix calls about file ownership, special files, extended attributes and file systems:
//! `chown`, `lchown`, `fchown`, `mkfifo`, `mknod`, the device-number helpers
//! `major`/`minor`/`makedev`, `getxattr`/`setxattr`/`removexattr`/`listxattr`, and
//! `statvfs`/`fstatvfs` with `os.statvfs_result`.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::Args;
use ember_vm::objects::structseq::{self, StructSeqDesc};
use ember_vm::objects::{int, native_type};
use ember_vm::thread::{Handle, Thread};

use crate::posix::{
    add_functions, bind, c_int, dir_fd, id_arg, opt, os_error, path_arg, path_error, posonly,
    truth, PathArg,
};

/// `chown(path, uid, gid, *, dir_fd=None, follow_symlinks=True)`.
fn posix_chown(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "chown",
        &["path", "uid", "gid", "dir_fd", "follow_symlinks"],
        3,
        3,
    )?;
    let path = path_arg(t, opt(t, p[0]), "chown", "path", true, false)?;
    let uid = id_arg(t, opt(t, p[1]), "uid")?;
    let gid = id_arg(t, opt(t, p[2]), "gid")?;
    let dirfd = dir_fd(t, opt(t, p[3]))?;
    let follow = truth(t, opt(t, p[4]), true)?;
    let r = match path.fd {
        // SAFETY: plain system call on an fd.
        Some(fd) => unsafe { libc::fchown(fd, uid, gid) },
        None => {
            let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            // SAFETY: the path is NUL-terminated.
            unsafe { libc::fchownat(dirfd, path.ptr(), uid, gid, flags) }
        }
    };
    if r != 0 {
        return Err(path_error(t, &path));
    }
    Ok(Value::NONE)
}

/// `lchown(path, uid, gid)`.
fn posix_lchown(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "lchown", &["path", "uid", "gid"], 3, 3)?;
    let path = path_arg(t, opt(t, p[0]), "lchown", "path", false, false)?;
    let uid = id_arg(t, opt(t, p[1]), "uid")?;
    let gid = id_arg(t, opt(t, p[2]), "gid")?;
    // SAFETY: the path is NUL-terminated.
    if unsafe { libc::lchown(path.ptr(), uid, gid) } != 0 {
        return Err(path_error(t, &path));
    }
    Ok(Value::NONE)
}

/// `fchown(fd, uid, gid)`.
fn posix_fchown(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "fchown", &["fd", "uid", "gid"], 3, 3)?;
    let fd = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let uid = id_arg(t, opt(t, p[1]), "uid")?;
    let gid = id_arg(t, opt(t, p[2]), "gid")?;
    // SAFETY: plain system call.
    if unsafe { libc::fchown(fd, uid, gid) } != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `mkfifo(path, mode=0o666, *, dir_fd=None)`; errors do not name the path, as CPython's.
fn posix_mkfifo(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "mkfifo", &["path", "mode", "dir_fd"], 1, 2)?;
    let path = path_arg(t, opt(t, p[0]), "mkfifo", "path", false, false)?;
    let mode = match opt(t, p[1]) {
        Some(m) => c_int(t, m)?,
        None => 0o666,
    };
    let dirfd = dir_fd(t, opt(t, p[2]))?;
    // SAFETY: the path is NUL-terminated.
    if unsafe { libc::mkfifoat(dirfd, path.ptr(), mode as libc::mode_t) } != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// A `dev_t` argument (CPython's `_Py_Dev_Converter`: an int, no `__index__`, that fits an
/// unsigned 64-bit value).
fn dev_arg(t: &mut Thread, v: Value) -> PyResult<u64> {
    if !int::is_int(t, v) {
        return Err(t.type_error("an integer is required"));
    }
    let i = int::int_value(t, v);
    let b = int::to_bigint(t, i);
    if b.sign() == num_bigint::Sign::Minus {
        return Err(t.overflow_error("can't convert negative int to unsigned"));
    }
    u64::try_from(&b).map_err(|_| t.overflow_error("int too big to convert"))
}

/// A dev_t result, as CPython's `_PyLong_FromDev` (a signed long long).
fn dev_result(t: &mut Thread, d: u64) -> PyResult<Value> {
    int::from_i64(t, d as i64)
}

/// `mknod(path, mode=0o600, device=0, *, dir_fd=None)`.
fn posix_mknod(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "mknod", &["path", "mode", "device", "dir_fd"], 1, 3)?;
    let path = path_arg(t, opt(t, p[0]), "mknod", "path", false, false)?;
    let mode = match opt(t, p[1]) {
        Some(m) => c_int(t, m)?,
        None => 0o600,
    };
    let dev = match opt(t, p[2]) {
        Some(d) => dev_arg(t, d)?,
        None => 0,
    };
    let dirfd = dir_fd(t, opt(t, p[3]))?;
    // SAFETY: the path is NUL-terminated.
    if unsafe { libc::mknodat(dirfd, path.ptr(), mode as libc::mode_t, dev as libc::dev_t) } != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `major(device, /)`.
fn posix_major(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "major", 1, 1)?;
    let d = dev_arg(t, a.get(t, 0))?;
    Ok(Value::small_int(libc::major(d as libc::dev_t) as i64))
}

/// `minor(device, /)`.
fn posix_minor(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "minor", 1, 1)?;
    let d = dev_arg(t, a.get(t, 0))?;
    Ok(Value::small_int(libc::minor(d as libc::dev_t) as i64))
}

/// A major or minor number: a C int, reinterpreted as unsigned as C's `makedev` does.
fn devpart_arg(t: &mut Thread, v: Value) -> PyResult<u32> {
    Ok(c_int(t, v)? as u32)
}

/// `makedev(major, minor, /)`.
fn posix_makedev(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "makedev", 2, 2)?;
    let ma = devpart_arg(t, a.get(t, 0))?;
    let mi = devpart_arg(t, a.get(t, 1))?;
    dev_result(t, libc::makedev(ma, mi))
}

const STATVFS_RESULT: StructSeqDesc = StructSeqDesc {
    module: "os",
    name: "statvfs_result",
    doc: "statvfs_result: Result from statvfs or fstatvfs.\n\n\
This object may be accessed either as a tuple of\n  \
(bsize, frsize, blocks, bfree, bavail, files, ffree, favail, flag, namemax),\n\
or via the attributes f_bsize, f_frsize, f_blocks, f_bfree, and so on.\n\n\
See os.statvfs for more information.",
    fields: &[
        "f_bsize",
        "f_frsize",
        "f_blocks",
        "f_bfree",
        "f_bavail",
        "f_files",
        "f_ffree",
        "f_favail",
        "f_flag",
        "f_namemax",
        "f_fsid",
    ],
    n_in_sequence: 10,
    instantiable: true,
};

const STATVFS_KEY: &str = "os.statvfs_result";

// The field types of struct statvfs differ between targets; the casts are not no-ops
// everywhere.
#[allow(clippy::unnecessary_cast)]
fn statvfs_result(t: &mut Thread, st: &libc::statvfs) -> PyResult<Value> {
    let fields = [
        st.f_bsize as u64,
        st.f_frsize as u64,
        st.f_blocks as u64,
        st.f_bfree as u64,
        st.f_bavail as u64,
        st.f_files as u64,
        st.f_ffree as u64,
        st.f_favail as u64,
        st.f_flag as u64,
        st.f_namemax as u64,
        st.f_fsid as u64,
    ];
    let mark = t.handle_mark();
    let mut hs: Vec<Handle> = Vec::with_capacity(fields.len());
    for f in fields {
        let v = int::from_i128(t, f as i128)?;
        hs.push(t.root(v));
    }
    let Some(ty) = native_type::native_type(t, STATVFS_KEY) else {
        return Err(t.system_error("os.statvfs_result is not initialised"));
    };
    let vals: Vec<Value> = hs.iter().map(|h| t.get(*h)).collect();
    let r = structseq::new(t, ty, &vals)?;
    t.handle_release(mark);
    Ok(r)
}

fn empty_statvfs() -> libc::statvfs {
    // SAFETY: struct statvfs is plain old data; all-zero bytes are a valid value.
    unsafe { std::mem::zeroed() }
}

/// `statvfs(path)` (an fd means `fstatvfs`).
fn posix_statvfs(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "statvfs", &["path"], 1, 1)?;
    let path = path_arg(t, opt(t, p[0]), "statvfs", "path", true, false)?;
    let mut st = empty_statvfs();
    let r = match path.fd {
        // SAFETY: fstatvfs writes the buffer we own.
        Some(fd) => unsafe { libc::fstatvfs(fd, &mut st) },
        // SAFETY: the path is NUL-terminated; statvfs writes the buffer we own.
        None => unsafe { libc::statvfs(path.ptr(), &mut st) },
    };
    if r != 0 {
        return Err(path_error(t, &path));
    }
    statvfs_result(t, &st)
}

/// `fstatvfs(fd, /)`.
fn posix_fstatvfs(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "fstatvfs", 1, 1)?;
    let fd = c_int(t, a.get(t, 0))?;
    let mut st = empty_statvfs();
    // SAFETY: fstatvfs writes the buffer we own.
    if unsafe { libc::fstatvfs(fd, &mut st) } != 0 {
        return Err(os_error(t));
    }
    statvfs_result(t, &st)
}

// ----- extended attributes -----

/// The path and follow_symlinks of an xattr call, with CPython's fd check.
fn xattr_target(
    t: &mut Thread,
    fname: &str,
    path: Option<Value>,
    follow: Option<Value>,
    nullable: bool,
) -> PyResult<(PathArg, bool)> {
    let path = path_arg(t, path, fname, "path", true, nullable)?;
    let follow = truth(t, follow, true)?;
    if path.fd.is_some() && !follow {
        let msg = format!("{fname}: cannot use fd and follow_symlinks together");
        return Err(t.value_error(&msg));
    }
    Ok((path, follow))
}

/// The attribute name (CPython converts it with `path_converter`, no fd).
fn xattr_name(t: &mut Thread, fname: &str, v: Option<Value>) -> PyResult<PathArg> {
    path_arg(t, v, fname, "attribute", false, false)
}

/// `getxattr(path, attribute, *, follow_symlinks=True)`: the value as bytes.
fn posix_getxattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "getxattr",
        &["path", "attribute", "follow_symlinks"],
        2,
        2,
    )?;
    let (path, follow) = xattr_target(t, "getxattr", opt(t, p[0]), opt(t, p[2]), false)?;
    let attr = xattr_name(t, "getxattr", opt(t, p[1]))?;
    // CPython tries a small buffer, then the largest value the kernel allows.
    for size in [128usize, 65536] {
        let mut buf = vec![0u8; size];
        let data = buf.as_mut_ptr() as *mut libc::c_void;
        // SAFETY: buf has `size` writable bytes; the names are NUL-terminated.
        let r = unsafe {
            match path.fd {
                Some(fd) => libc::fgetxattr(fd, attr.ptr(), data, size),
                None if follow => libc::getxattr(path.ptr(), attr.ptr(), data, size),
                None => libc::lgetxattr(path.ptr(), attr.ptr(), data, size),
            }
        };
        if r >= 0 {
            buf.truncate(r as usize);
            return ember_vm::objects::bytes::new_bytes(t, &buf);
        }
        if crate::posix::errno() != libc::ERANGE || size == 65536 {
            return Err(path_error(t, &path));
        }
    }
    Err(path_error(t, &path))
}

/// `setxattr(path, attribute, value, flags=0, *, follow_symlinks=True)`.
fn posix_setxattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "setxattr",
        &["path", "attribute", "value", "flags", "follow_symlinks"],
        3,
        4,
    )?;
    let (path, follow) = xattr_target(t, "setxattr", opt(t, p[0]), opt(t, p[4]), false)?;
    let attr = xattr_name(t, "setxattr", opt(t, p[1]))?;
    let v = opt(t, p[2]).unwrap_or(Value::NONE);
    let Some(value) = ember_vm::objects::bytes::bytes_owned(t, v) else {
        let msg = format!(
            "a bytes-like object is required, not '{}'",
            ember_vm::objects::type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    };
    let flags = match opt(t, p[3]) {
        Some(f) => c_int(t, f)?,
        None => 0,
    };
    let data = value.as_ptr() as *const libc::c_void;
    let n = value.len();
    // SAFETY: value has n readable bytes; the names are NUL-terminated.
    let r = unsafe {
        match path.fd {
            Some(fd) => libc::fsetxattr(fd, attr.ptr(), data, n, flags),
            None if follow => libc::setxattr(path.ptr(), attr.ptr(), data, n, flags),
            None => libc::lsetxattr(path.ptr(), attr.ptr(), data, n, flags),
        }
    };
    if r != 0 {
        return Err(path_error(t, &path));
    }
    Ok(Value::NONE)
}

/// `removexattr(path, attribute, *, follow_symlinks=True)`.
fn posix_removexattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "removexattr",
        &["path", "attribute", "follow_symlinks"],
        2,
        2,
    )?;
    let (path, follow) = xattr_target(t, "removexattr", opt(t, p[0]), opt(t, p[2]), false)?;
    let attr = xattr_name(t, "removexattr", opt(t, p[1]))?;
    // SAFETY: the names are NUL-terminated.
    let r = unsafe {
        match path.fd {
            Some(fd) => libc::fremovexattr(fd, attr.ptr()),
            None if follow => libc::removexattr(path.ptr(), attr.ptr()),
            None => libc::lremovexattr(path.ptr(), attr.ptr()),
        }
    };
    if r != 0 {
        return Err(path_error(t, &path));
    }
    Ok(Value::NONE)
}

/// `listxattr(path=None, *, follow_symlinks=True)`: the attribute names, as str.
fn posix_listxattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "listxattr", &["path", "follow_symlinks"], 0, 1)?;
    let (path, follow) = xattr_target(t, "listxattr", opt(t, p[0]), opt(t, p[1]), true)?;
    let c = path.c.as_ptr();
    for size in [256usize, 65536] {
        let mut buf = vec![0u8; size];
        let data = buf.as_mut_ptr() as *mut libc::c_char;
        // SAFETY: buf has `size` writable bytes; the path is NUL-terminated ("." if None).
        let r = unsafe {
            match path.fd {
                Some(fd) => libc::flistxattr(fd, data, size),
                None if follow => libc::listxattr(c, data, size),
                None => libc::llistxattr(c, data, size),
            }
        };
        if r >= 0 {
            buf.truncate(r as usize);
            let out = ember_vm::objects::list::new_list(t, 0)?;
            let hout = t.root(out);
            for name in buf.split(|&b| b == 0).filter(|n| !n.is_empty()) {
                let s = crate::posix::fs_result(t, name, false)?;
                ember_vm::objects::list::append(t, t.get(hout), s)?;
            }
            return Ok(t.get(hout));
        }
        if crate::posix::errno() != libc::ERANGE || size == 65536 {
            return Err(path_error(t, &path));
        }
    }
    Err(path_error(t, &path))
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    add_functions(
        t,
        hd,
        &[
            ("chown", posix_chown),
            ("lchown", posix_lchown),
            ("fchown", posix_fchown),
            ("mkfifo", posix_mkfifo),
            ("mknod", posix_mknod),
            ("major", posix_major),
            ("minor", posix_minor),
            ("makedev", posix_makedev),
            ("statvfs", posix_statvfs),
            ("getxattr", posix_getxattr),
            ("setxattr", posix_setxattr),
            ("removexattr", posix_removexattr),
            ("listxattr", posix_listxattr),
            ("fstatvfs", posix_fstatvfs),
        ],
    )?;
    let ty = structseq::new_type(t, &STATVFS_RESULT)?;
    t.native_types.push((STATVFS_KEY, ty));
    ember_vm::objects::dict::set_str(t, t.get(hd), "statvfs_result", ty)
}

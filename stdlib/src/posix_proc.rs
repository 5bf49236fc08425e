//! posix calls about the process and its environment: `environ` (a snapshot of the process
//! environment as bytes, taken at import), `putenv`/`unsetenv`, process and user ids,
//! `getgroups`, `getlogin`, `kill`, `umask`, `nice`, `uname`, `times`, `urandom`,
//! `getrandom`, `cpu_count`, `getloadavg`, `ctermid`, `sync`, wait-status decoding,
//! `system`, `abort` and `_exit`.

use std::ffi::CString;

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::Args;
use ember_vm::objects::structseq::{self, StructSeqDesc};
use ember_vm::objects::{bytes, dict, float, int, native_type, str as pystr, type_};
use ember_vm::protocol;
use ember_vm::thread::{Handle, Thread};

use crate::posix::{
    add_functions, bind, c_int, errno, fs_result, noargs, opt, os_error, pid_arg, posonly,
};

/// CPython's `PyUnicode_FSConverter`: str (UTF-8 encoded), bytes or os.PathLike, without
/// NUL bytes.
pub(crate) fn fs_converter(t: &mut Thread, v: Value) -> PyResult<CString> {
    let mut cur = v;
    if !pystr::is_str(t, cur) && !bytes::is_bytes(t, cur) {
        let ty = t.type_of(cur);
        if type_::lookup_sym(t, ty, ember_vm::symbols::sym::__fspath__).is_none() {
            let msg = format!(
                "expected str, bytes or os.PathLike object, not {}",
                type_::type_name_of(t, cur)
            );
            return Err(t.type_error(&msg));
        }
        let hv = t.root(cur);
        cur = protocol::call_method(t, cur, "__fspath__", &[])?;
        if !pystr::is_str(t, cur) && !bytes::is_bytes(t, cur) {
            let msg = format!(
                "expected {}.__fspath__() to return str or bytes, not {}",
                type_::type_name_of(t, t.get(hv)),
                type_::type_name_of(t, cur)
            );
            return Err(t.type_error(&msg));
        }
    }
    let data = if pystr::is_str(t, cur) {
        pystr::str_bytes_owned(t, pystr::str_value(t, cur))
    } else {
        bytes::bytes_like(t, cur)
            .map(|b| b.to_vec())
            .unwrap_or_default()
    };
    CString::new(data).map_err(|_| t.value_error("embedded null byte"))
}

/// `putenv(name, value, /)`.
fn posix_putenv(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "putenv", 2, 2)?;
    let name = fs_converter(t, a.get(t, 0))?;
    let value = fs_converter(t, a.get(t, 1))?;
    if name.as_bytes().contains(&b'=') {
        return Err(t.value_error("illegal environment variable name"));
    }
    // SAFETY: both strings are NUL-terminated; ember runs Python code on one thread.
    if unsafe { libc::setenv(name.as_ptr(), value.as_ptr(), 1) } != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `unsetenv(name, /)`.
fn posix_unsetenv(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "unsetenv", 1, 1)?;
    let name = fs_converter(t, a.get(t, 0))?;
    // SAFETY: the name is NUL-terminated; ember runs Python code on one thread.
    if unsafe { libc::unsetenv(name.as_ptr()) } != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `posix.environ`: bytes keys and values; the first definition of a name wins.
fn make_environ(t: &mut Thread) -> PyResult<Value> {
    use std::os::unix::ffi::OsStrExt;
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    for (k, v) in std::env::vars_os() {
        let mark = t.handle_mark();
        let kb = bytes::new_bytes(t, k.as_bytes())?;
        let hk = t.root(kb);
        if dict::get(t, t.get(hd), kb)?.is_none() {
            let vb = bytes::new_bytes(t, v.as_bytes())?;
            dict::set(t, t.get(hd), t.get(hk), vb)?;
        }
        t.handle_release(mark);
    }
    Ok(t.get(hd))
}

fn no_args(t: &mut Thread, a: &Args, name: &str) -> PyResult<()> {
    noargs(t, a, &format!("posix.{name}"), 0)
}

macro_rules! id_getter {
    ($fn:ident, $name:literal, $call:ident) => {
        fn $fn(t: &mut Thread, a: Args) -> PyResult<Value> {
            no_args(t, &a, $name)?;
            // SAFETY: this library call takes no arguments and cannot fail.
            let v = unsafe { libc::$call() };
            int::from_i64(t, v as i64)
        }
    };
}

id_getter!(posix_getpid, "getpid", getpid);
id_getter!(posix_getppid, "getppid", getppid);
id_getter!(posix_getuid, "getuid", getuid);
id_getter!(posix_geteuid, "geteuid", geteuid);
id_getter!(posix_getgid, "getgid", getgid);
id_getter!(posix_getegid, "getegid", getegid);
id_getter!(posix_getpgrp, "getpgrp", getpgrp);

/// `getgroups()`: the supplementary group ids.
fn posix_getgroups(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "getgroups")?;
    // SAFETY: a zero-sized query only returns the count.
    let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    if n < 0 {
        return Err(os_error(t));
    }
    let mut groups = vec![0 as libc::gid_t; n as usize + 1];
    // SAFETY: groups has room for groups.len() ids.
    let n = unsafe { libc::getgroups(groups.len() as libc::c_int, groups.as_mut_ptr()) };
    if n < 0 {
        return Err(os_error(t));
    }
    let l = ember_vm::objects::list::new_list(t, n as usize)?;
    let hl = t.root(l);
    for g in &groups[..n as usize] {
        let v = int::from_i64(t, *g as i64)?;
        ember_vm::objects::list::append(t, t.get(hl), v)?;
    }
    Ok(t.get(hl))
}

/// `nice(increment, /)`: the new niceness.
fn posix_nice(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "nice", 1, 1)?;
    let inc = c_int(t, a.get(t, 0))?;
    // SAFETY: errno is thread-local; -1 is a valid niceness, so errno tells failure.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: plain library call.
    let r = unsafe { libc::nice(inc) };
    if r == -1 && errno() != 0 {
        return Err(os_error(t));
    }
    Ok(Value::small_int(r as i64))
}

/// `sync()`.
fn posix_sync(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "sync")?;
    // SAFETY: plain system call.
    unsafe { libc::sync() };
    Ok(Value::NONE)
}

/// `getlogin()`.
fn posix_getlogin(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "getlogin")?;
    // SAFETY: errno is thread-local; clearing it tells "no name" from an error.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: getlogin returns null or a NUL-terminated string valid until the next call.
    let p = unsafe { libc::getlogin() };
    if p.is_null() {
        if errno() != 0 {
            return Err(os_error(t));
        }
        return Err(t.raise_msg(BuiltinType::OSError, "unable to determine login name"));
    }
    // SAFETY: see above.
    let name = unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes().to_vec();
    fs_result(t, &name, false)
}

/// `kill(pid, signal, /)`.
fn posix_kill(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "kill", 2, 2)?;
    let pid = pid_arg(t, a.get(t, 0))?;
    let sig = c_int(t, a.get(t, 1))?;
    // SAFETY: plain system call.
    if unsafe { libc::kill(pid, sig) } != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

/// `umask(mask, /)`: the previous mask.
fn posix_umask(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "umask", 1, 1)?;
    let mask = c_int(t, a.get(t, 0))?;
    // SAFETY: plain system call.
    let old = unsafe { libc::umask(mask as libc::mode_t) };
    Ok(Value::small_int(old as i64))
}

const UNAME_RESULT: StructSeqDesc = StructSeqDesc {
    module: "posix",
    name: "uname_result",
    doc: "uname_result: Result from os.uname().\n\n\
This object may be accessed either as a tuple of\n  \
(sysname, nodename, release, version, machine),\n\
or via the attributes sysname, nodename, release, version, and machine.\n\n\
See os.uname for more information.",
    fields: &["sysname", "nodename", "release", "version", "machine"],
    n_in_sequence: 5,
    instantiable: true,
};

const TIMES_RESULT: StructSeqDesc = StructSeqDesc {
    module: "posix",
    name: "times_result",
    doc: "times_result: Result from os.times().\n\n\
This object may be accessed either as a tuple of\n  \
(user, system, children_user, children_system, elapsed),\n\
or via the attributes user, system, children_user, children_system,\n\
and elapsed.\n\n\
See os.times for more information.",
    fields: &[
        "user",
        "system",
        "children_user",
        "children_system",
        "elapsed",
    ],
    n_in_sequence: 5,
    instantiable: true,
};

fn registered(t: &mut Thread, key: &str) -> PyResult<Value> {
    match native_type::native_type(t, key) {
        Some(ty) => Ok(ty),
        None => Err(t.system_error("posix struct sequence type is not initialised")),
    }
}

/// `uname()`.
fn posix_uname(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "uname")?;
    // SAFETY: utsname is plain old data; all-zero bytes are a valid value.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: uname writes the utsname we own.
    if unsafe { libc::uname(&mut u) } != 0 {
        return Err(os_error(t));
    }
    let fields = [&u.sysname, &u.nodename, &u.release, &u.version, &u.machine];
    let mut hs = Vec::with_capacity(5);
    for f in fields {
        let b: Vec<u8> = f
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        let v = fs_result(t, &b, false)?;
        hs.push(t.root(v));
    }
    let ty = registered(t, "posix.uname_result")?;
    let vals: Vec<Value> = hs.iter().map(|h| t.get(*h)).collect();
    structseq::new(t, ty, &vals)
}

/// `times()`: CPU times of the process and its children, and the elapsed real time.
fn posix_times(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "times")?;
    // SAFETY: tms is plain old data; all-zero bytes are a valid value.
    let mut tms: libc::tms = unsafe { std::mem::zeroed() };
    // SAFETY: times writes the tms we own.
    let c = unsafe { libc::times(&mut tms) };
    if c == (-1i64) as libc::clock_t {
        return Err(os_error(t));
    }
    // SAFETY: plain library call.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let secs = [
        tms.tms_utime as f64 / ticks,
        tms.tms_stime as f64 / ticks,
        tms.tms_cutime as f64 / ticks,
        tms.tms_cstime as f64 / ticks,
        c as f64 / ticks,
    ];
    let mut hs = Vec::with_capacity(5);
    for s in secs {
        let v = float::new_float(t, s)?;
        hs.push(t.root(v));
    }
    let ty = registered(t, "posix.times_result")?;
    let vals: Vec<Value> = hs.iter().map(|h| t.get(*h)).collect();
    structseq::new(t, ty, &vals)
}

/// `urandom(size, /)`.
fn posix_urandom(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "urandom", 1, 1)?;
    let n = ember_vm::objects::numeric::as_ssize(
        t,
        a.get(t, 0),
        Some("Python int too large to convert to C ssize_t"),
    )?;
    if n < 0 {
        return Err(t.value_error("negative argument not allowed"));
    }
    let mut buf = Vec::new();
    if buf.try_reserve_exact(n as usize).is_err() {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    }
    buf.resize(n as usize, 0u8);
    let mut filled = 0;
    while filled < buf.len() {
        // SAFETY: the destination range lies inside buf.
        let r = unsafe {
            libc::getrandom(
                buf[filled..].as_mut_ptr() as *mut libc::c_void,
                buf.len() - filled,
                0,
            )
        };
        if r < 0 {
            if errno() == libc::EINTR {
                continue;
            }
            return Err(os_error(t));
        }
        filled += r as usize;
    }
    bytes::new_bytes(t, &buf)
}

/// `getrandom(size, flags=0)`.
fn posix_getrandom(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "getrandom", &["size", "flags"], 1, 2)?;
    let n = ember_vm::objects::numeric::as_ssize(
        t,
        opt(t, p[0]).unwrap_or(Value::NONE),
        Some("Python int too large to convert to C ssize_t"),
    )?;
    let flags = match opt(t, p[1]) {
        Some(f) => c_int(t, f)?,
        None => 0,
    };
    if n < 0 {
        return Err(crate::posix::raise_errno(t, libc::EINVAL, None, None));
    }
    let mut buf = Vec::new();
    if buf.try_reserve_exact(n as usize).is_err() {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    }
    buf.resize(n as usize, 0u8);
    loop {
        // SAFETY: buf has buf.len() writable bytes.
        let r = unsafe {
            libc::getrandom(
                buf.as_mut_ptr() as *mut libc::c_void,
                buf.len(),
                flags as libc::c_uint,
            )
        };
        if r < 0 {
            if errno() == libc::EINTR {
                continue;
            }
            return Err(os_error(t));
        }
        buf.truncate(r as usize);
        return bytes::new_bytes(t, &buf);
    }
}

/// `abort()`: kills the process with SIGABRT.
fn posix_abort(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "abort")?;
    // SAFETY: abort never returns.
    unsafe { libc::abort() }
}

/// `ctermid()`: the name of the controlling terminal.
fn posix_ctermid(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "ctermid")?;
    let mut buf = [0 as libc::c_char; 1024];
    // SAFETY: buf is larger than L_ctermid.
    let p = unsafe { libc::ctermid(buf.as_mut_ptr()) };
    if p.is_null() {
        return Err(os_error(t));
    }
    // SAFETY: ctermid wrote a NUL-terminated string into buf.
    let name = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
        .to_bytes()
        .to_vec();
    fs_result(t, &name, false)
}

/// `cpu_count()`: online processors, or None.
fn posix_cpu_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "cpu_count")?;
    // SAFETY: plain library call.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    Ok(if n >= 1 {
        Value::small_int(n as i64)
    } else {
        Value::NONE
    })
}

/// `getloadavg()`.
fn posix_getloadavg(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "getloadavg")?;
    let mut l = [0f64; 3];
    // SAFETY: l has room for three samples.
    if unsafe { libc::getloadavg(l.as_mut_ptr(), 3) } != 3 {
        return Err(t.raise_msg(BuiltinType::OSError, "Load averages are unobtainable"));
    }
    let x = float::new_float(t, l[0])?;
    let hx = t.root(x);
    let y = float::new_float(t, l[1])?;
    let hy = t.root(y);
    let z = float::new_float(t, l[2])?;
    ember_vm::objects::tuple::new_tuple(t, &[t.get(hx), t.get(hy), z])
}

/// `sched_yield()`.
fn posix_sched_yield(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "sched_yield")?;
    // SAFETY: plain system call.
    unsafe { libc::sched_yield() };
    Ok(Value::NONE)
}

/// The `status` argument of the wait-status functions.
fn status_arg(t: &mut Thread, a: &Args, fname: &str, positional_only: bool) -> PyResult<i32> {
    let v = if positional_only {
        posonly(t, a, fname, 1, 1)?;
        a.get(t, 0)
    } else {
        let p = bind(t, a, fname, &["status"], 1, 1)?;
        opt(t, p[0]).unwrap_or(Value::NONE)
    };
    c_int(t, v)
}

/// `waitstatus_to_exitcode(status)`.
fn posix_waitstatus_to_exitcode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = status_arg(t, &a, "waitstatus_to_exitcode", false)?;
    if libc::WIFEXITED(s) {
        return Ok(Value::small_int(libc::WEXITSTATUS(s) as i64));
    }
    if libc::WIFSIGNALED(s) {
        return Ok(Value::small_int(-(libc::WTERMSIG(s) as i64)));
    }
    let msg = if libc::WIFSTOPPED(s) {
        format!(
            "process stopped by delivery of signal {}",
            libc::WSTOPSIG(s)
        )
    } else {
        format!("invalid wait status: {s}")
    };
    Err(t.value_error(&msg))
}

macro_rules! wait_macro {
    ($fn:ident, $name:literal, $posonly:literal, |$s:ident| $body:expr) => {
        fn $fn(t: &mut Thread, a: Args) -> PyResult<Value> {
            let $s = status_arg(t, &a, $name, $posonly)?;
            Ok($body)
        }
    };
}

wait_macro!(posix_wifexited, "WIFEXITED", false, |s| Value::from_bool(
    libc::WIFEXITED(s)
));
wait_macro!(posix_wexitstatus, "WEXITSTATUS", false, |s| {
    Value::small_int(libc::WEXITSTATUS(s) as i64)
});
wait_macro!(posix_wifsignaled, "WIFSIGNALED", false, |s| {
    Value::from_bool(libc::WIFSIGNALED(s))
});
wait_macro!(posix_wtermsig, "WTERMSIG", false, |s| Value::small_int(
    libc::WTERMSIG(s) as i64
));
wait_macro!(posix_wifstopped, "WIFSTOPPED", false, |s| Value::from_bool(
    libc::WIFSTOPPED(s)
));
wait_macro!(posix_wstopsig, "WSTOPSIG", false, |s| Value::small_int(
    libc::WSTOPSIG(s) as i64
));
wait_macro!(posix_wcoredump, "WCOREDUMP", true, |s| Value::from_bool(
    libc::WCOREDUMP(s)
));
wait_macro!(posix_wifcontinued, "WIFCONTINUED", false, |s| {
    Value::from_bool(libc::WIFCONTINUED(s))
});

/// `_exit(status)`: ends the process at once, without cleanup or flushing.
fn posix_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "_exit", &["status"], 1, 1)?;
    let code = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    // SAFETY: _exit never returns; nothing in the VM needs to run after it.
    unsafe { libc::_exit(code) }
}

/// `system(command)`: the raw wait status of `/bin/sh -c command`.
fn posix_system(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "system", &["command"], 1, 1)?;
    let cmd = fs_converter(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    // SAFETY: the command is NUL-terminated.
    let r = unsafe { libc::system(cmd.as_ptr()) };
    int::from_i64(t, r as i64)
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    add_functions(
        t,
        hd,
        &[
            ("putenv", posix_putenv),
            ("unsetenv", posix_unsetenv),
            ("getpid", posix_getpid),
            ("getppid", posix_getppid),
            ("getuid", posix_getuid),
            ("geteuid", posix_geteuid),
            ("getgid", posix_getgid),
            ("getegid", posix_getegid),
            ("getpgrp", posix_getpgrp),
            ("getlogin", posix_getlogin),
            ("getgroups", posix_getgroups),
            ("nice", posix_nice),
            ("sync", posix_sync),
            ("kill", posix_kill),
            ("umask", posix_umask),
            ("uname", posix_uname),
            ("times", posix_times),
            ("urandom", posix_urandom),
            ("getrandom", posix_getrandom),
            ("abort", posix_abort),
            ("ctermid", posix_ctermid),
            ("cpu_count", posix_cpu_count),
            ("getloadavg", posix_getloadavg),
            ("sched_yield", posix_sched_yield),
            ("waitstatus_to_exitcode", posix_waitstatus_to_exitcode),
            ("WIFEXITED", posix_wifexited),
            ("WEXITSTATUS", posix_wexitstatus),
            ("WIFSIGNALED", posix_wifsignaled),
            ("WTERMSIG", posix_wtermsig),
            ("WIFSTOPPED", posix_wifstopped),
            ("WSTOPSIG", posix_wstopsig),
            ("WCOREDUMP", posix_wcoredump),
            ("WIFCONTINUED", posix_wifcontinued),
            ("_exit", posix_exit),
            ("system", posix_system),
        ],
    )?;
    let env = make_environ(t)?;
    dict::set_str(t, t.get(hd), "environ", env)?;
    for (key, desc) in [
        ("posix.uname_result", &UNAME_RESULT),
        ("posix.times_result", &TIMES_RESULT),
    ] {
        let ty = structseq::new_type(t, desc)?;
        t.native_types.push((key, ty));
        dict::set_str(t, t.get(hd), desc.name, ty)?;
    }
    Ok(())
}

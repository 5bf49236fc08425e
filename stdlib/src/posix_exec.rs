//! Creating and waiting for processes: `posix.fork`, `wait`, `waitpid`, `execv`, `execve`,
//! and the `_posixsubprocess` module's `fork_exec`, which `subprocess.Popen` uses.
//!
//! Everything the child needs (argument vectors, environment, working directory) is
//! converted to C strings before `fork`, so the child of `fork_exec` touches neither the
//! heap nor the allocator before `exec` — except to run a `preexec_fn`, which is Python
//! code and runs on the child's copy of the VM, as in CPython.

use std::ffi::CString;

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{int, list, module, sequence, tuple};
use ember_vm::protocol;
use ember_vm::signals;
use ember_vm::thread::{Handle, Thread};

use crate::posix::{add_functions, c_int, errno, os_error, pid_arg, posonly};
use crate::posix_proc::fs_converter;

/// The `register_at_fork` callables: before (called last registered first), then after in
/// the child or the parent (in registration order).
const AT_FORK: [&str; 3] = [
    "posix.atfork.before",
    "posix.atfork.after_in_child",
    "posix.atfork.after_in_parent",
];

fn at_fork_list(t: &mut Thread, i: usize) -> PyResult<Value> {
    if let Some(l) = ember_vm::objects::native_type::native_type(t, AT_FORK[i]) {
        return Ok(l);
    }
    let l = list::new_list(t, 0)?;
    t.native_types.push((AT_FORK[i], l));
    Ok(l)
}

/// Calls the hooks of list `i`; exceptions are reported as unraisable, as CPython's.
fn run_at_fork(t: &mut Thread, i: usize, reverse: bool) -> PyResult<()> {
    let l = at_fork_list(t, i)?;
    let hl = t.root(l);
    let n = list::len(t, l);
    for k in 0..n {
        let idx = if reverse { n - 1 - k } else { k };
        if idx >= list::len(t, t.get(hl)) {
            continue;
        }
        let f = list::get(t, t.get(hl), idx);
        let hf = t.root(f);
        if protocol::call(t, f, &[]).is_err() {
            let exc = t.take_exception();
            let what = protocol::repr_string(t, t.get(hf)).unwrap_or_default();
            ember_vm::interpreter::traceback::print_unraisable(t, exc, &what);
        }
    }
    Ok(())
}

fn posix_register_at_fork(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 0 {
        return Err(t.type_error("register_at_fork() takes no positional arguments"));
    }
    if a.nkw == 0 {
        return Err(t.type_error("At least one argument is required."));
    }
    let mut found = [None; 3];
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        let k = ember_vm::objects::str::to_rust_string(t, k);
        let idx = match k.as_str() {
            "before" => 0,
            "after_in_child" => 1,
            "after_in_parent" => 2,
            _ => {
                let msg = format!("register_at_fork() got an unexpected keyword argument '{k}'");
                return Err(t.type_error(&msg));
            }
        };
        if !v.is_none() && !ember_vm::builtins::introspection::is_callable(t, v)? {
            let msg = format!("'{k}' must be callable, not {}", ember_vm::objects::type_::type_name_of(t, v));
            return Err(t.type_error(&msg));
        }
        found[idx] = Some(i);
    }
    for (idx, f) in found.iter().enumerate() {
        if let Some(i) = f {
            let v = a.kw(t, *i).1;
            if v.is_none() {
                continue;
            }
            let l = at_fork_list(t, idx)?;
            let v = a.kw(t, *i).1;
            list::append(t, l, v)?;
        }
    }
    Ok(Value::NONE)
}

fn posix_fork(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "fork", 0, 0)?;
    run_at_fork(t, 0, true)?;
    ember_vm::builtins::flush_stdout(t);
    // SAFETY: the VM is single-threaded; the child continues with a copy of it.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(os_error(t));
    }
    run_at_fork(t, if pid == 0 { 1 } else { 2 }, false)?;
    int::from_i64(t, pid as i64)
}

/// waitpid with PEP 475's retry: EINTR runs the signal handlers and tries again.
fn wait_retrying(t: &mut Thread, pid: i32, options: i32) -> PyResult<(i32, i32)> {
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: `status` is a valid out-parameter.
        let r = unsafe { libc::waitpid(pid, &mut status, options) };
        if r >= 0 {
            return Ok((r, status));
        }
        if errno() != libc::EINTR {
            return Err(os_error(t));
        }
        signals::run_handlers(t)?;
    }
}

fn pid_status(t: &mut Thread, pid: i32, status: i32) -> PyResult<Value> {
    let p = int::from_i64(t, pid as i64)?;
    let hp = t.root(p);
    let s = int::from_i64(t, status as i64)?;
    tuple::new_tuple(t, &[t.get(hp), s])
}

fn posix_waitpid(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "waitpid", 2, 2)?;
    let pid = pid_arg(t, a.get(t, 0))?;
    let options = c_int(t, a.get(t, 1))?;
    let (r, status) = wait_retrying(t, pid, options)?;
    pid_status(t, r, status)
}

fn posix_wait(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "wait", 0, 0)?;
    let (r, status) = wait_retrying(t, -1, 0)?;
    pid_status(t, r, status)
}

/// The C strings of an argv sequence (a list or tuple of str/bytes/PathLike).
fn argv_strings(t: &mut Thread, v: Value, fname: &str, n: usize) -> PyResult<Vec<CString>> {
    if !list::is_list(t, v) && !tuple::is_tuple(t, v) {
        let msg = format!("{fname}() arg {n} must be a tuple or list");
        return Err(t.type_error(&msg));
    }
    let items = protocol::to_list(t, v)?;
    let hi = t.root(items);
    let mut out = Vec::new();
    for i in 0..list::len(t, t.get(hi)) {
        let x = list::get(t, t.get(hi), i);
        out.push(fs_converter(t, x)?);
    }
    Ok(out)
}

/// `KEY=VALUE` C strings of an environment mapping.
fn env_strings(t: &mut Thread, env: Value, fname: &str) -> PyResult<Vec<CString>> {
    let keys = protocol::call_method(t, env, "keys", &[])?;
    let keys = protocol::to_list(t, keys)?;
    let hk = t.root(keys);
    let he = t.root(env);
    let mut out = Vec::new();
    for i in 0..list::len(t, t.get(hk)) {
        let k = list::get(t, t.get(hk), i);
        let hkey = t.root(k);
        let v = protocol::getitem(t, t.get(he), k)?;
        let key = fs_converter(t, t.get(hkey))?;
        let val = fs_converter(t, v)?;
        let kb = key.as_bytes();
        if kb.is_empty() || kb.contains(&b'=') {
            let msg = "illegal environment variable name";
            let _ = fname;
            return Err(t.value_error(msg));
        }
        let mut entry = kb.to_vec();
        entry.push(b'=');
        entry.extend_from_slice(val.as_bytes());
        out.push(CString::new(entry).unwrap_or_default());
    }
    Ok(out)
}

fn c_ptrs(v: &[CString]) -> Vec<*const libc::c_char> {
    let mut p: Vec<*const libc::c_char> = v.iter().map(|s| s.as_ptr()).collect();
    p.push(std::ptr::null());
    p
}

fn exec_common(t: &mut Thread, a: &Args, fname: &str, with_env: bool) -> PyResult<Value> {
    let path = fs_converter(t, a.get(t, 0))?;
    let argv = argv_strings(t, a.get(t, 1), fname, 2)?;
    if argv.is_empty() {
        let msg = format!("{fname}() arg 2 must not be empty");
        return Err(t.value_error(&msg));
    }
    if argv[0].as_bytes().is_empty() {
        let msg = format!("{fname}() arg 2 first element cannot be empty");
        return Err(t.value_error(&msg));
    }
    let env = if with_env {
        let e = a.get(t, 2);
        Some(env_strings(t, e, fname)?)
    } else {
        None
    };
    let argvp = c_ptrs(&argv);
    // SAFETY: the pointer arrays are NULL-terminated and their strings outlive the call.
    unsafe {
        match &env {
            Some(e) => {
                let envp = c_ptrs(e);
                libc::execve(path.as_ptr(), argvp.as_ptr(), envp.as_ptr());
            }
            None => {
                libc::execv(path.as_ptr(), argvp.as_ptr());
            }
        }
    }
    Err(os_error(t))
}

fn posix_execv(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "execv", 2, 2)?;
    exec_common(t, &a, "execv", false)
}

fn posix_execve(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "execve", 3, 3)?;
    exec_common(t, &a, "execve", true)
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    add_functions(
        t,
        hd,
        &[
            ("fork", posix_fork),
            ("register_at_fork", posix_register_at_fork),
            ("wait", posix_wait),
            ("waitpid", posix_waitpid),
            ("execv", posix_execv),
            ("execve", posix_execve),
        ],
    )
}

// ----- _posixsubprocess -----

/// Writes the failure report `subprocess` parses ("OSError:<hex errno>:<msg>") and exits.
fn child_fail(errpipe: i32, errno_: i32, noexec: bool) -> ! {
    let msg = format!(
        "OSError:{:x}:{}",
        errno_,
        if noexec { "noexec" } else { "" }
    );
    // SAFETY: plain system calls in the child before exiting.
    unsafe {
        libc::write(errpipe, msg.as_ptr().cast(), msg.len());
        libc::_exit(255);
    }
}

fn child_fail_text(errpipe: i32, text: &str) -> ! {
    // SAFETY: as above.
    unsafe {
        libc::write(errpipe, text.as_ptr().cast(), text.len());
        libc::_exit(255);
    }
}

fn int_or(t: &mut Thread, v: Value, default: i64) -> PyResult<i64> {
    if v.is_none() {
        return Ok(default);
    }
    sequence::index_arg(t, v)
}

/// `fork_exec(args, executable_list, close_fds, fds_to_keep, cwd, env, p2cread, p2cwrite,
/// c2pread, c2pwrite, errread, errwrite, errpipe_read, errpipe_write, restore_signals,
/// call_setsid, pgid_to_set, gid, extra_groups, uid, child_umask, preexec_fn, allow_vfork)`.
fn fork_exec(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 23 || a.nkw > 0 {
        let msg = format!("fork_exec() takes exactly 23 arguments ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    let args = a.get(t, 0);
    let argv = if args.is_none() {
        Vec::new()
    } else {
        argv_strings(t, args, "fork_exec", 1)?
    };
    let exes = {
        let l = protocol::to_list(t, a.get(t, 1))?;
        let hl = t.root(l);
        let mut v = Vec::new();
        for i in 0..list::len(t, t.get(hl)) {
            let x = list::get(t, t.get(hl), i);
            v.push(fs_converter(t, x)?);
        }
        v
    };
    let close_fds = protocol::truthy(t, a.get(t, 2))?;
    let keep: Vec<i32> = {
        let l = protocol::to_list(t, a.get(t, 3))?;
        let hl = t.root(l);
        let mut v = Vec::new();
        for i in 0..list::len(t, t.get(hl)) {
            let x = list::get(t, t.get(hl), i);
            v.push(sequence::index_arg(t, x)? as i32);
        }
        v
    };
    let cwd = {
        let c = a.get(t, 4);
        if c.is_none() {
            None
        } else {
            Some(fs_converter(t, c)?)
        }
    };
    let env = {
        let e = a.get(t, 5);
        if e.is_none() {
            None
        } else {
            let l = protocol::to_list(t, e)?;
            let hl = t.root(l);
            let mut v = Vec::new();
            for i in 0..list::len(t, t.get(hl)) {
                let x = list::get(t, t.get(hl), i);
                v.push(fs_converter(t, x)?);
            }
            Some(v)
        }
    };
    let mut fds = [0i32; 8];
    for (k, f) in fds.iter_mut().enumerate() {
        let v = a.get(t, 6 + k);
        *f = int_or(t, v, -1)? as i32;
    }
    let [p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite, _errpipe_read, errpipe_write] =
        fds;
    let restore_signals = protocol::truthy(t, a.get(t, 14))?;
    let call_setsid = protocol::truthy(t, a.get(t, 15))?;
    let pgid = {
        let v = a.get(t, 16);
        int_or(t, v, -1)?
    };
    let gid = {
        let v = a.get(t, 17);
        int_or(t, v, -1)?
    };
    let groups: Option<Vec<libc::gid_t>> = {
        let v = a.get(t, 18);
        if v.is_none() {
            None
        } else {
            let l = protocol::to_list(t, v)?;
            let hl = t.root(l);
            let mut out = Vec::new();
            for i in 0..list::len(t, t.get(hl)) {
                let x = list::get(t, t.get(hl), i);
                out.push(sequence::index_arg(t, x)? as libc::gid_t);
            }
            Some(out)
        }
    };
    let uid = {
        let v = a.get(t, 19);
        int_or(t, v, -1)?
    };
    let umask = {
        let v = a.get(t, 20);
        int_or(t, v, -1)?
    };
    let preexec = a.get(t, 21);
    let has_preexec = !preexec.is_none();
    if has_preexec && !ember_vm::builtins::introspection::is_callable(t, preexec)? {
        return Err(t.type_error("preexec_fn must be callable"));
    }
    let argvp = c_ptrs(&argv);
    let envp = env.as_ref().map(|e| c_ptrs(e));
    ember_vm::builtins::flush_stdout(t);
    // SAFETY: the VM is single-threaded; the child only makes system calls on data prepared
    // above (and runs preexec_fn on its own copy of the VM).
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(os_error(t));
    }
    if pid > 0 {
        return int::from_i64(t, pid as i64);
    }
    // ----- the child -----
    // SAFETY: system calls on descriptors and C strings owned by this process.
    unsafe {
        for fd in [p2cwrite, c2pread, errread] {
            if fd != -1 {
                libc::close(fd);
            }
        }
        let mut c2pwrite = c2pwrite;
        let mut errwrite = errwrite;
        if c2pwrite == 0 {
            c2pwrite = libc::dup(c2pwrite);
        }
        while errwrite == 0 || errwrite == 1 {
            errwrite = libc::dup(errwrite);
        }
        let dup_to = |from: i32, to: i32| {
            if from == to {
                // Keep it across exec: clear FD_CLOEXEC.
                let flags = libc::fcntl(from, libc::F_GETFD);
                libc::fcntl(from, libc::F_SETFD, flags & !libc::FD_CLOEXEC) >= 0
            } else if from != -1 {
                libc::dup2(from, to) >= 0
            } else {
                true
            }
        };
        if !dup_to(p2cread, 0) || !dup_to(c2pwrite, 1) || !dup_to(errwrite, 2) {
            child_fail(errpipe_write, errno(), false);
        }
        if let Some(c) = &cwd {
            if libc::chdir(c.as_ptr()) != 0 {
                child_fail(errpipe_write, errno(), true);
            }
        }
        if umask >= 0 {
            libc::umask(umask as libc::mode_t);
        }
        if restore_signals {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
        }
        // The VM catches SIGINT; exec resets caught signals to their defaults anyway.
        if call_setsid && libc::setsid() < 0 {
            child_fail(errpipe_write, errno(), false);
        }
        if pgid >= 0 && libc::setpgid(0, pgid as libc::pid_t) < 0 {
            child_fail(errpipe_write, errno(), false);
        }
        if let Some(g) = &groups {
            if libc::setgroups(g.len(), g.as_ptr()) < 0 {
                child_fail(errpipe_write, errno(), false);
            }
        }
        if gid >= 0 && libc::setregid(gid as libc::gid_t, gid as libc::gid_t) < 0 {
            child_fail(errpipe_write, errno(), false);
        }
        if uid >= 0 && libc::setreuid(uid as libc::uid_t, uid as libc::uid_t) < 0 {
            child_fail(errpipe_write, errno(), false);
        }
        if has_preexec {
            let f = a.get(t, 21);
            if protocol::call(t, f, &[]).is_err() {
                child_fail_text(errpipe_write, "SubprocessError:0:Exception occurred in preexec_fn.");
            }
        }
        if close_fds {
            close_open_fds(&keep, errpipe_write);
        }
        let mut saved = 0;
        for exe in &exes {
            match &envp {
                Some(e) => libc::execve(exe.as_ptr(), argvp.as_ptr(), e.as_ptr()),
                None => libc::execv(exe.as_ptr(), argvp.as_ptr()),
            };
            let e = errno();
            if e != libc::ENOENT && e != libc::ENOTDIR && saved == 0 {
                saved = e;
            }
        }
        child_fail(errpipe_write, if saved != 0 { saved } else { errno() }, false);
    }
}

/// Closes every descriptor above 2 except those to keep (and the error pipe, which is
/// close-on-exec), as CPython's `_close_open_fds`.
///
/// # Safety
/// Runs in the child after fork: only system calls.
unsafe fn close_open_fds(keep: &[i32], errpipe: i32) {
    let mut keep: Vec<u32> = keep.iter().filter(|f| **f >= 3).map(|f| *f as u32).collect();
    keep.push(errpipe as u32);
    keep.sort_unstable();
    let mut lo: u32 = 3;
    // SAFETY: the caller is the forked child; closing descriptors it owns.
    unsafe {
        for k in keep.iter().chain(std::iter::once(&u32::MAX)) {
            if *k > lo {
                let hi = if *k == u32::MAX { u32::MAX } else { k - 1 };
                if libc::syscall(libc::SYS_close_range, lo, hi, 0) != 0 {
                    // No close_range (old kernel): close one by one up to the limit.
                    let max = libc::sysconf(libc::_SC_OPEN_MAX);
                    let max = if max < 0 { 1024 } else { max.min(1 << 16) } as u32;
                    for fd in lo..hi.min(max) {
                        libc::close(fd as i32);
                    }
                }
            }
            if *k != u32::MAX {
                lo = k + 1;
            }
        }
    }
}

pub fn init_posixsubprocess(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_posixsubprocess")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    native::add_function(t, t.get(hd), "_posixsubprocess", "fork_exec", fork_exec)?;
    Ok(t.get(hm))
}

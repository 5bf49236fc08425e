//! The `_signal` module (what `signal` wraps): Python-level handlers over the VM's signal
//! recording (`ember_vm::signals`), alarms and interval timers, signal masks.
//!
//! Handlers run at the interpreter's next safe point after the signal arrives, with `None`
//! for the frame argument (ember has no frame objects yet).

use ember_gc::Value;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{dict, float, int, module, sequence, set, str as pystr, tuple};
use ember_vm::protocol;
use ember_vm::signals::{self, NSIG};
use ember_vm::thread::Thread;

const DEFAULT_INT_HANDLER: &str = "_signal.default_int_handler";
const ITIMER_ERROR: &str = "signal.itimer_error";

fn os_error(t: &mut Thread, e: std::io::Error) -> Raised {
    let code = e.raw_os_error().unwrap_or(0);
    // SAFETY: strerror returns a pointer to a static or thread-local message string.
    let msg = unsafe { std::ffi::CStr::from_ptr(libc::strerror(code)) }
        .to_string_lossy()
        .into_owned();
    match pystr::new_str(t, &msg) {
        Ok(m) => t.raise_with_args(BuiltinType::OSError, &[Value::small_int(code as i64), m]),
        Err(r) => r,
    }
}

fn signum_arg(t: &mut Thread, v: Value) -> PyResult<i32> {
    let n = sequence::index_arg(t, v)?;
    if n < 1 || n >= NSIG as i64 {
        return Err(t.value_error("signal number out of range"));
    }
    Ok(n as i32)
}

fn default_handler(t: &mut Thread) -> Value {
    ember_vm::objects::native_type::native_type(t, DEFAULT_INT_HANDLER).unwrap_or(Value::NONE)
}

/// The value `getsignal` reports for `n`.
fn current_handler(t: &mut Thread, n: i32) -> Value {
    let h = t.signal_handlers[n as usize];
    if !h.is_none() {
        return h;
    }
    match signals::disposition(n) {
        Some(d) if d == libc::SIG_DFL => Value::small_int(0),
        Some(d) if d == libc::SIG_IGN => Value::small_int(1),
        Some(d) if d == signals::trip_handler() && n == libc::SIGINT => default_handler(t),
        _ => Value::NONE,
    }
}

fn s_signal(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "signal", 2, 2)?;
    let n = signum_arg(t, a.get(t, 0))?;
    let handler = a.get(t, 1);
    let old = current_handler(t, n);
    let hold = t.root(old);
    let code = if handler.is_small_int() {
        Some(handler.as_small_int())
    } else {
        None
    };
    match code {
        Some(0) => {
            signals::set_disposition(n, libc::SIG_DFL).map_err(|e| os_error(t, e))?;
            t.signal_handlers[n as usize] = Value::small_int(0);
        }
        Some(1) => {
            signals::set_disposition(n, libc::SIG_IGN).map_err(|e| os_error(t, e))?;
            t.signal_handlers[n as usize] = Value::small_int(1);
        }
        _ => {
            if !ember_vm::builtins::introspection::is_callable(t, handler)? {
                return Err(t.type_error(
                    "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
                ));
            }
            signals::catch(n).map_err(|e| os_error(t, e))?;
            let h = a.get(t, 1);
            // The builtin default_int_handler is SIGINT's "no Python handler" state.
            t.signal_handlers[n as usize] = if h == default_handler(t) && n == libc::SIGINT {
                Value::NONE
            } else {
                h
            };
        }
    }
    Ok(t.get(hold))
}

fn s_getsignal(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getsignal", 1, 1)?;
    let n = signum_arg(t, a.get(t, 0))?;
    Ok(current_handler(t, n))
}

fn s_default_int_handler(t: &mut Thread, _a: Args) -> PyResult<Value> {
    Err(t.raise_empty(BuiltinType::KeyboardInterrupt))
}

fn s_raise_signal(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "raise_signal", 1, 1)?;
    let n = signum_arg(t, a.get(t, 0))?;
    // SAFETY: raise has no memory-safety preconditions.
    if unsafe { libc::raise(n) } != 0 {
        return Err(os_error(t, std::io::Error::last_os_error()));
    }
    // As CPython: the handler runs before raise_signal returns.
    signals::run_handlers(t)?;
    Ok(Value::NONE)
}

fn s_strsignal(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "strsignal", 1, 1)?;
    let n = signum_arg(t, a.get(t, 0))?;
    // SAFETY: strsignal returns a valid C string (possibly "Unknown signal N").
    let s = unsafe { std::ffi::CStr::from_ptr(libc::strsignal(n)) }
        .to_string_lossy()
        .into_owned();
    if s.starts_with("Unknown signal") {
        return Ok(Value::NONE);
    }
    pystr::new_str(t, &s)
}

fn sigset_to_set(t: &mut Thread, mask: &libc::sigset_t) -> PyResult<Value> {
    let s = set::new_set(t)?;
    let hs = t.root(s);
    for n in 1..NSIG as i32 {
        // SAFETY: `mask` is an initialised sigset.
        if unsafe { libc::sigismember(mask, n) } == 1 {
            set::add(t, t.get(hs), Value::small_int(n as i64))?;
        }
    }
    Ok(t.get(hs))
}

fn iterable_to_sigset(t: &mut Thread, v: Value) -> PyResult<libc::sigset_t> {
    // SAFETY: sigemptyset initialises the set.
    let mut mask: libc::sigset_t = unsafe { std::mem::zeroed() };
    unsafe { libc::sigemptyset(&mut mask) };
    let l = protocol::to_list(t, v)?;
    for x in ember_vm::objects::list::items(t, l) {
        let n = sequence::index_arg(t, x)?;
        if n < 1 || n >= NSIG as i64 {
            let msg = format!("signal number {n} out of range [1; {}]", NSIG - 1);
            return Err(t.value_error(&msg));
        }
        // SAFETY: `mask` is initialised; `n` is a valid signal number.
        unsafe { libc::sigaddset(&mut mask, n as i32) };
    }
    Ok(mask)
}

fn s_valid_signals(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "valid_signals", 0, 0)?;
    // SAFETY: sigfillset initialises the set.
    let mut mask: libc::sigset_t = unsafe { std::mem::zeroed() };
    unsafe { libc::sigfillset(&mut mask) };
    sigset_to_set(t, &mask)
}

fn s_pthread_sigmask(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "pthread_sigmask", 2, 2)?;
    let how = sequence::index_arg(t, a.get(t, 0))? as i32;
    let mask = iterable_to_sigset(t, a.get(t, 1))?;
    // SAFETY: both sets are valid; `old` is written by the call.
    let mut old: libc::sigset_t = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::pthread_sigmask(how, &mask, &mut old) };
    if r != 0 {
        return Err(os_error(t, std::io::Error::from_raw_os_error(r)));
    }
    signals::run_handlers(t)?;
    sigset_to_set(t, &old)
}

fn s_sigpending(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "sigpending", 0, 0)?;
    // SAFETY: `mask` is written by sigpending.
    let mut mask: libc::sigset_t = unsafe { std::mem::zeroed() };
    if unsafe { libc::sigpending(&mut mask) } != 0 {
        return Err(os_error(t, std::io::Error::last_os_error()));
    }
    sigset_to_set(t, &mask)
}

fn s_sigwait(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "sigwait", 1, 1)?;
    let mask = iterable_to_sigset(t, a.get(t, 0))?;
    let mut sig: libc::c_int = 0;
    // SAFETY: `mask` is initialised; `sig` receives the signal number.
    let r = unsafe { libc::sigwait(&mask, &mut sig) };
    if r != 0 {
        return Err(os_error(t, std::io::Error::from_raw_os_error(r)));
    }
    Ok(Value::small_int(sig as i64))
}

fn s_pthread_kill(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "pthread_kill", 2, 2)?;
    let id = int::to_bigint(t, a.get(t, 0));
    let id = num_traits::ToPrimitive::to_u64(&id).unwrap_or(0);
    let n = sequence::index_arg(t, a.get(t, 1))? as i32;
    // SAFETY: pthread_kill validates the thread id and signal.
    let r = unsafe { libc::pthread_kill(id as libc::pthread_t, n) };
    if r != 0 {
        return Err(os_error(t, std::io::Error::from_raw_os_error(r)));
    }
    signals::run_handlers(t)?;
    Ok(Value::NONE)
}

fn s_alarm(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "alarm", 1, 1)?;
    let n = sequence::index_arg(t, a.get(t, 0))?;
    // SAFETY: alarm has no preconditions.
    let r = unsafe { libc::alarm(n.clamp(0, u32::MAX as i64) as u32) };
    Ok(Value::small_int(r as i64))
}

fn s_pause(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "pause", 0, 0)?;
    // SAFETY: pause has no preconditions; it returns when a handled signal arrives.
    unsafe { libc::pause() };
    signals::run_handlers(t)?;
    Ok(Value::NONE)
}

fn s_siginterrupt(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "siginterrupt", 2, 2)?;
    let n = signum_arg(t, a.get(t, 0))?;
    let flag = protocol::truthy(t, a.get(t, 1))?;
    // SAFETY: reads and rewrites the current action of a valid signal.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(n, std::ptr::null(), &mut act) != 0 {
            return Err(os_error(t, std::io::Error::last_os_error()));
        }
        if flag {
            act.sa_flags &= !libc::SA_RESTART;
        } else {
            act.sa_flags |= libc::SA_RESTART;
        }
        if libc::sigaction(n, &act, std::ptr::null_mut()) != 0 {
            return Err(os_error(t, std::io::Error::last_os_error()));
        }
    }
    Ok(Value::NONE)
}

fn s_set_wakeup_fd(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "set_wakeup_fd", 1, 1)?;
    let fd = sequence::index_arg(t, a.get(t, 0))?;
    if fd != -1 {
        // SAFETY: fstat only checks the descriptor.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        if unsafe { libc::fstat(fd as i32, &mut st) } != 0 {
            return Err(os_error(t, std::io::Error::last_os_error()));
        }
    }
    let old = signals::set_wakeup_fd(fd as i32);
    Ok(Value::small_int(old as i64))
}

fn timer_tuple(t: &mut Thread, v: &libc::itimerval) -> PyResult<Value> {
    let secs = |tv: &libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    let a = float::new_float(t, secs(&v.it_value))?;
    let ha = t.root(a);
    let b = float::new_float(t, secs(&v.it_interval))?;
    tuple::new_tuple(t, &[t.get(ha), b])
}

fn itimer_error(t: &mut Thread, e: std::io::Error) -> Raised {
    let code = e.raw_os_error().unwrap_or(0);
    match ember_vm::objects::native_type::native_type(t, ITIMER_ERROR) {
        Some(ty) => {
            // SAFETY: strerror returns a valid C string.
            let msg = unsafe { std::ffi::CStr::from_ptr(libc::strerror(code)) }
                .to_string_lossy()
                .into_owned();
            let m = match pystr::new_str(t, &msg) {
                Ok(m) => m,
                Err(r) => return r,
            };
            let hm = t.root(m);
            match protocol::call(t, ty, &[Value::small_int(code as i64), t.get(hm)]) {
                Ok(exc) => t.raise(exc),
                Err(r) => r,
            }
        }
        None => os_error(t, e),
    }
}

fn to_timeval(secs: f64) -> libc::timeval {
    let s = secs.trunc();
    libc::timeval {
        tv_sec: s as libc::time_t,
        tv_usec: ((secs - s) * 1e6).round() as libc::suseconds_t,
    }
}

fn s_setitimer(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "setitimer", 2, 3)?;
    let which = sequence::index_arg(t, a.get(t, 0))? as i32;
    let v = float::as_double(t, a.get(t, 1))?;
    let iv = match a.opt(t, 2) {
        Some(x) => float::as_double(t, x)?,
        None => 0.0,
    };
    let new = libc::itimerval {
        it_value: to_timeval(v),
        it_interval: to_timeval(iv),
    };
    // SAFETY: both structs are valid; `old` is written by the call.
    let mut old: libc::itimerval = unsafe { std::mem::zeroed() };
    if unsafe { libc::setitimer(which, &new, &mut old) } != 0 {
        return Err(itimer_error(t, std::io::Error::last_os_error()));
    }
    timer_tuple(t, &old)
}

fn s_getitimer(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getitimer", 1, 1)?;
    let which = sequence::index_arg(t, a.get(t, 0))? as i32;
    // SAFETY: `cur` is written by the call.
    let mut cur: libc::itimerval = unsafe { std::mem::zeroed() };
    if unsafe { libc::getitimer(which, &mut cur) } != 0 {
        return Err(itimer_error(t, std::io::Error::last_os_error()));
    }
    timer_tuple(t, &cur)
}

const SIGNALS: &[(&str, i32)] = &[
    ("SIGHUP", libc::SIGHUP),
    ("SIGINT", libc::SIGINT),
    ("SIGQUIT", libc::SIGQUIT),
    ("SIGILL", libc::SIGILL),
    ("SIGTRAP", libc::SIGTRAP),
    ("SIGABRT", libc::SIGABRT),
    ("SIGIOT", libc::SIGIOT),
    ("SIGBUS", libc::SIGBUS),
    ("SIGFPE", libc::SIGFPE),
    ("SIGKILL", libc::SIGKILL),
    ("SIGUSR1", libc::SIGUSR1),
    ("SIGSEGV", libc::SIGSEGV),
    ("SIGUSR2", libc::SIGUSR2),
    ("SIGPIPE", libc::SIGPIPE),
    ("SIGALRM", libc::SIGALRM),
    ("SIGTERM", libc::SIGTERM),
    ("SIGSTKFLT", libc::SIGSTKFLT),
    ("SIGCHLD", libc::SIGCHLD),
    ("SIGCLD", libc::SIGCHLD),
    ("SIGCONT", libc::SIGCONT),
    ("SIGSTOP", libc::SIGSTOP),
    ("SIGTSTP", libc::SIGTSTP),
    ("SIGTTIN", libc::SIGTTIN),
    ("SIGTTOU", libc::SIGTTOU),
    ("SIGURG", libc::SIGURG),
    ("SIGXCPU", libc::SIGXCPU),
    ("SIGXFSZ", libc::SIGXFSZ),
    ("SIGVTALRM", libc::SIGVTALRM),
    ("SIGPROF", libc::SIGPROF),
    ("SIGWINCH", libc::SIGWINCH),
    ("SIGIO", libc::SIGIO),
    ("SIGPOLL", libc::SIGPOLL),
    ("SIGPWR", libc::SIGPWR),
    ("SIGSYS", libc::SIGSYS),
];

pub fn init_signal(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_signal")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let fns: &[(&'static str, native::NativeFn)] = &[
        ("signal", s_signal),
        ("getsignal", s_getsignal),
        ("default_int_handler", s_default_int_handler),
        ("raise_signal", s_raise_signal),
        ("strsignal", s_strsignal),
        ("valid_signals", s_valid_signals),
        ("pthread_sigmask", s_pthread_sigmask),
        ("sigpending", s_sigpending),
        ("sigwait", s_sigwait),
        ("pthread_kill", s_pthread_kill),
        ("alarm", s_alarm),
        ("pause", s_pause),
        ("siginterrupt", s_siginterrupt),
        ("set_wakeup_fd", s_set_wakeup_fd),
        ("setitimer", s_setitimer),
        ("getitimer", s_getitimer),
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "_signal", name, *f)?;
    }
    if ember_vm::objects::native_type::native_type(t, DEFAULT_INT_HANDLER).is_none() {
        let h = dict::get_rust_str(t, t.get(hd), "default_int_handler")?.unwrap_or(Value::NONE);
        t.native_types.push((DEFAULT_INT_HANDLER, h));
    }
    for (name, n) in SIGNALS {
        dict::set_str(t, t.get(hd), name, Value::small_int(*n as i64))?;
    }
    let (rtmin, rtmax) = (libc::SIGRTMIN(), libc::SIGRTMAX());
    let consts: &[(&str, i64)] = &[
        ("SIGRTMIN", rtmin as i64),
        ("SIGRTMAX", rtmax as i64),
        ("NSIG", NSIG as i64),
        ("SIG_DFL", 0),
        ("SIG_IGN", 1),
        ("SIG_BLOCK", libc::SIG_BLOCK as i64),
        ("SIG_UNBLOCK", libc::SIG_UNBLOCK as i64),
        ("SIG_SETMASK", libc::SIG_SETMASK as i64),
        ("ITIMER_REAL", libc::ITIMER_REAL as i64),
        ("ITIMER_VIRTUAL", libc::ITIMER_VIRTUAL as i64),
        ("ITIMER_PROF", libc::ITIMER_PROF as i64),
    ];
    for (name, v) in consts {
        dict::set_str(t, t.get(hd), name, Value::small_int(*v))?;
    }
    // signal.itimer_error: an OSError subclass.
    let err = match ember_vm::objects::native_type::native_type(t, ITIMER_ERROR) {
        Some(e) => e,
        None => {
            let n = pystr::new_str(t, "itimer_error")?;
            let hn = t.root(n);
            let ose = t.ty(BuiltinType::OSError);
            let bases = tuple::new_tuple(t, &[ose])?;
            let hb = t.root(bases);
            let ns = dict::new_dict(t)?;
            let hns = t.root(ns);
            let modname = pystr::new_str(t, "signal")?;
            dict::set_str(t, t.get(hns), "__module__", modname)?;
            let ty_type = t.ty(BuiltinType::Type);
            let e = protocol::call(t, ty_type, &[t.get(hn), t.get(hb), t.get(hns)])?;
            t.native_types.push((ITIMER_ERROR, e));
            e
        }
    };
    dict::set_str(t, t.get(hd), "ItimerError", err)?;
    Ok(t.get(hm))
}

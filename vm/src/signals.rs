//! POSIX signals: the C-level handler only records that a signal arrived; the interpreter
//! runs the Python handlers at its next safe point (a loop back-edge, or right away after
//! `signal.raise_signal`), as CPython's eval breaker does.
//!
//! `Thread::signal_handlers[n]` is the Python-level handler of signal `n` (a callable, or
//! the ints SIG_DFL/SIG_IGN), None when Python never set one. SIGINT is caught from startup
//! (`install_default_sigint`): with no Python handler it raises KeyboardInterrupt, which is
//! what `signal.default_int_handler` does.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::thread::Thread;

/// One more than the highest signal number (Linux: 64 real-time included).
pub const NSIG: usize = 65;

static PENDING: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
static ANY: AtomicBool = AtomicBool::new(false);
/// `signal.set_wakeup_fd`'s descriptor (-1: none): the handler writes the signal number's
/// low byte to it, so event loops blocked in select() wake up.
static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);

/// Sets the wakeup descriptor; returns the previous one.
pub fn set_wakeup_fd(fd: i32) -> i32 {
    WAKEUP_FD.swap(fd, Ordering::SeqCst)
}

/// Whether a caught signal waits for its Python handler.
#[inline]
pub fn pending() -> bool {
    ANY.load(Ordering::Relaxed)
}

extern "C" fn trip(sig: libc::c_int) {
    let n = sig as usize;
    if n < NSIG {
        PENDING[n].store(true, Ordering::SeqCst);
        ANY.store(true, Ordering::SeqCst);
        let fd = WAKEUP_FD.load(Ordering::SeqCst);
        if fd >= 0 {
            let byte = n as u8;
            // SAFETY: write is async-signal-safe; the buffer is one valid byte.
            unsafe {
                libc::write(fd, (&byte as *const u8).cast(), 1);
            }
        }
    }
}

/// The address of the C handler that records signals, for `sigaction`.
pub fn trip_handler() -> libc::sighandler_t {
    trip as extern "C" fn(libc::c_int) as usize as libc::sighandler_t
}

/// Installs the recording handler for `sig` (without SA_RESTART, so blocking calls return
/// EINTR as in CPython). Returns the OS error on failure.
pub fn catch(sig: i32) -> std::io::Result<()> {
    set_disposition(sig, trip_handler())
}

/// Sets the OS disposition of `sig` (SIG_DFL, SIG_IGN or a handler address).
pub fn set_disposition(sig: i32, handler: libc::sighandler_t) -> std::io::Result<()> {
    // SAFETY: `act` is fully initialised (zeroed, then the handler and an empty mask); the
    // handler is either a libc constant or `trip`, which only stores to atomics.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = handler;
        act.sa_flags = libc::SA_ONSTACK;
        libc::sigemptyset(&mut act.sa_mask);
        if libc::sigaction(sig, &act, std::ptr::null_mut()) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// The current OS disposition of `sig` (None when it cannot be read).
pub fn disposition(sig: i32) -> Option<libc::sighandler_t> {
    // SAFETY: a null new action only reads the current one into `old`.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(sig, std::ptr::null(), &mut old) != 0 {
            return None;
        }
        Some(old.sa_sigaction)
    }
}

/// Catches SIGINT from startup, so Ctrl-C raises KeyboardInterrupt (CPython's default),
/// unless the process inherited SIGINT ignored.
pub fn install_default_sigint(t: &mut Thread) {
    if t.signal_handlers.len() < NSIG {
        t.signal_handlers.resize(NSIG, Value::NONE);
    }
    if disposition(libc::SIGINT) == Some(libc::SIG_DFL) {
        let _ = catch(libc::SIGINT);
    }
}

/// Runs the Python handlers of the signals that arrived, lowest number first, as
/// `PyErr_CheckSignals`. An exception from a handler propagates (the rest stay pending).
pub fn run_handlers(t: &mut Thread) -> PyResult<()> {
    if !ANY.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    for n in 1..NSIG {
        if !PENDING[n].swap(false, Ordering::SeqCst) {
            continue;
        }
        let h = t.signal_handlers.get(n).copied().unwrap_or(Value::NONE);
        if h.is_none() || h.is_small_int() {
            // No Python handler: SIGINT's default is KeyboardInterrupt; SIG_DFL/SIG_IGN
            // set from Python never reach the recording handler.
            if n == libc::SIGINT as usize && h.is_none() {
                requeue_after(n);
                return Err(t.raise_empty(BuiltinType::KeyboardInterrupt));
            }
            continue;
        }
        if let Err(e) = crate::protocol::call(t, h, &[Value::small_int(n as i64), Value::NONE]) {
            requeue_after(n);
            return Err(e);
        }
    }
    Ok(())
}

/// Keeps the signals after `n` pending when a handler raised (CPython leaves them tripped).
fn requeue_after(n: usize) {
    if PENDING[n + 1..].iter().any(|p| p.load(Ordering::SeqCst)) {
        ANY.store(true, Ordering::SeqCst);
    }
}

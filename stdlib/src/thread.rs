//! The `_thread` module for a VM that runs exactly one thread: locks (`lock`/`LockType`),
//! re-entrant locks (`RLock`), thread-local storage (`_local`), thread identity, and the
//! module's constants, with CPython 3.11's argument handling and messages.
//!
//! Single-thread semantics: a lock acquired by the only thread can be released by nobody
//! else, so an acquire of a held lock either fails at once (`blocking=False`), waits out its
//! timeout and fails (`timeout > 0`, as CPython would with no other thread), or, when asked
//! to wait forever, raises RuntimeError instead of hanging the process: CPython would
//! deadlock there (FIXME(threads): block for real once ember runs several threads).
//! `start_new_thread` raises RuntimeError("can't start new thread"), CPython's message when
//! the OS refuses a thread. `_local` is a plain object with a `__dict__`, which is exactly
//! what per-thread storage looks like from the one thread.

use std::cell::Cell;
use std::time::Duration;

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::sequence;
use ember_vm::objects::{dict, float, int, module, str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

const LOCK: &str = "_thread.lock";
const RLOCK: &str = "_thread.RLock";
const LOCAL: &str = "_thread._local";

/// CPython's `PY_TIMEOUT_MAX` on Linux, in microseconds (LLONG_MAX / 1000).
const PY_TIMEOUT_MAX_US: i128 = (i64::MAX / 1000) as i128;
/// `_thread.TIMEOUT_MAX`: PY_TIMEOUT_MAX in seconds, as CPython computes it.
const TIMEOUT_MAX: f64 = 9223372036.0;
/// The "no timeout" marker (-1 s) in nanoseconds.
const UNSET: i128 = -1_000_000_000;

// lock slots
const L_LOCKED: usize = 0;
// RLock slots
const R_OWNER: usize = 0;
const R_COUNT: usize = 1;

thread_local! {
    static STACK_SIZE: Cell<i64> = const { Cell::new(0) };
}

/// `get_ident()`: the pthread id, as CPython reports it.
fn ident() -> i64 {
    // SAFETY: pthread_self has no preconditions and always succeeds.
    let id = unsafe { libc::pthread_self() } as u64;
    // Keep it a positive SmallInt-sized value (pthread ids are user-space addresses).
    (id & ((1u64 << 60) - 1)) as i64
}

fn native_id() -> i64 {
    // SAFETY: the gettid system call takes no arguments and cannot fail.
    unsafe { libc::syscall(libc::SYS_gettid) as i64 }
}

fn no_args(t: &mut Thread, a: &Args, qualname: &str) -> PyResult<()> {
    if a.nkw > 0 {
        return Err(t.type_error(&format!("{qualname}() takes no keyword arguments")));
    }
    if !a.is_empty() {
        let msg = format!("{qualname}() takes no arguments ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    Ok(())
}

// ----- acquire(blocking=True, timeout=-1) -----

/// A C `int` argument (`i` format): "signed integer is greater than maximum" beyond 32 bits.
fn c_int(t: &mut Thread, v: Value) -> PyResult<i64> {
    let hv = t.root(v);
    let i = match sequence::to_index(t, v)? {
        Some((i, _)) => i,
        None => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                type_::type_name_of(t, t.get(hv))
            );
            return Err(t.type_error(&msg));
        }
    };
    if i > i32::MAX as i64 {
        return Err(t.overflow_error("signed integer is greater than maximum"));
    }
    if i < i32::MIN as i64 {
        return Err(t.overflow_error("signed integer is less than minimum"));
    }
    Ok(i)
}

/// CPython's `_PyTime_FromSecondsObject(..., _PyTime_ROUND_TIMEOUT)`: nanoseconds.
fn timeout_ns(t: &mut Thread, v: Value) -> PyResult<i128> {
    if float::is_float(t, v) {
        let d = float::float_value(t, v);
        if d.is_nan() {
            return Err(t.value_error("Invalid value NaN (not a number)"));
        }
        let ns = d * 1e9;
        // Rounded away from zero (ROUND_TIMEOUT is ROUND_UP).
        let ns = if ns >= 0.0 { ns.ceil() } else { ns.floor() };
        let lim = 2f64.powi(63);
        if !(-lim..lim).contains(&ns) {
            return Err(t.overflow_error("timestamp out of range for platform time_t"));
        }
        return Ok(ns as i128);
    }
    let hv = t.root(v);
    let secs = match sequence::to_index(t, v)? {
        Some((i, false)) => i as i128,
        Some((_, true)) => {
            return Err(t.overflow_error("timestamp too large to convert to C _PyTime_t"))
        }
        None => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                type_::type_name_of(t, t.get(hv))
            );
            return Err(t.type_error(&msg));
        }
    };
    let ns = secs * 1_000_000_000;
    if ns > i64::MAX as i128 || ns < i64::MIN as i128 {
        return Err(t.overflow_error("timestamp too large to convert to C _PyTime_t"));
    }
    Ok(ns)
}

/// Parses `acquire(blocking=True, timeout=-1)` into a timeout in nanoseconds: 0 = try once,
/// UNSET = wait forever (CPython's `lock_acquire_parse_args`).
fn acquire_args(t: &mut Thread, a: &Args) -> PyResult<i128> {
    let n = a.len() - 1;
    if n > 2 {
        let msg = format!("acquire() takes at most 2 arguments ({} given)", n + a.nkw);
        return Err(t.type_error(&msg));
    }
    // Positions in the argument area (positional then keyword values are consecutive).
    let mut blocking = (n >= 1).then_some(1usize);
    let mut timeout = (n >= 2).then_some(2usize);
    for i in 0..a.nkw {
        let (k, _) = a.kw(t, i);
        let slot = if pystr::str_eq_rust(t, k, "blocking") {
            (&mut blocking, "blocking", 1)
        } else if pystr::str_eq_rust(t, k, "timeout") {
            (&mut timeout, "timeout", 2)
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for acquire()",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        };
        if slot.0.is_some() {
            let msg = format!(
                "argument for acquire() given by name ('{}') and position ({})",
                slot.1, slot.2
            );
            return Err(t.type_error(&msg));
        }
        *slot.0 = Some(a.len() + i);
    }
    let arg = |t: &Thread, pos: usize| t.stack.slots[a.base + pos];
    let blocking = match blocking {
        Some(p) => {
            let v = arg(t, p);
            c_int(t, v)? != 0
        }
        None => true,
    };
    let mut ns = match timeout {
        Some(p) => {
            let v = arg(t, p);
            timeout_ns(t, v)?
        }
        None => UNSET,
    };
    if !blocking && ns != UNSET {
        return Err(t.value_error("can't specify a timeout for a non-blocking call"));
    }
    if ns < 0 && ns != UNSET {
        return Err(t.value_error("timeout value must be positive"));
    }
    if !blocking {
        ns = 0;
    } else if ns != UNSET {
        let us = (ns + 999) / 1000;
        if us > PY_TIMEOUT_MAX_US {
            return Err(t.overflow_error("timeout value is too large"));
        }
    }
    Ok(ns)
}

/// Waits for a lock that only this (the only) thread could release: fails after the
/// timeout, or raises instead of deadlocking forever.
fn wait_held(t: &mut Thread, ns: i128) -> PyResult<Value> {
    if ns == UNSET {
        return Err(t.runtime_error(
            "deadlock: acquiring a lock held by the only running thread would block forever",
        ));
    }
    if ns > 0 {
        std::thread::sleep(Duration::from_nanos(ns.min(u64::MAX as i128) as u64));
    }
    Ok(Value::FALSE)
}

fn addr(t: &mut Thread, v: Value) -> String {
    format!("{:#x}", protocol::identity(t, v))
}

// ----- lock -----

fn lock_type(t: &mut Thread) -> PyResult<Value> {
    match native_type::native_type(t, LOCK) {
        Some(ty) => Ok(ty),
        None => Err(t.system_error("_thread.lock is not initialised")),
    }
}

fn new_lock(t: &mut Thread) -> PyResult<Value> {
    let ty = lock_type(t)?;
    native_type::new_instance(t, ty, &[Value::FALSE])
}

fn is_locked(t: &Thread, l: Value) -> bool {
    t.heap.slot(l, L_LOCKED).is_true()
}

fn lock_acquire(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ns = acquire_args(t, &a)?;
    let l = a.get(t, 0);
    if !is_locked(t, l) {
        t.heap.set_slot(l, L_LOCKED, Value::TRUE);
        return Ok(Value::TRUE);
    }
    wait_held(t, ns)
}

fn lock_release(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "lock.release")?;
    release_lock(t, a)
}

fn lock_release_lock(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "lock.release_lock")?;
    release_lock(t, a)
}

fn release_lock(t: &mut Thread, a: Args) -> PyResult<Value> {
    let l = a.get(t, 0);
    if !is_locked(t, l) {
        return Err(t.runtime_error("release unlocked lock"));
    }
    t.heap.set_slot(l, L_LOCKED, Value::FALSE);
    Ok(Value::NONE)
}

fn lock_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    release_lock(t, a)
}

fn lock_locked(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "lock.locked")?;
    Ok(Value::from_bool(is_locked(t, a.get(t, 0))))
}

fn lock_locked_lock(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "lock.locked_lock")?;
    Ok(Value::from_bool(is_locked(t, a.get(t, 0))))
}

fn lock_at_fork_reinit(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "lock._at_fork_reinit")?;
    let l = a.get(t, 0);
    t.heap.set_slot(l, L_LOCKED, Value::FALSE);
    Ok(Value::NONE)
}

fn lock_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let l = a.get(t, 0);
    let state = if is_locked(t, l) {
        "locked"
    } else {
        "unlocked"
    };
    let name = type_::tp_name(t, t.type_of(l))?;
    let at = addr(t, a.get(t, 0));
    pystr::new_str(t, &format!("<{state} {name} object at {at}>"))
}

// ----- RLock -----

fn rlock_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("_thread.RLock.__new__(): not enough arguments"));
    }
    let cls = a.get(t, 0);
    let Some(rty) = native_type::native_type(t, RLOCK) else {
        return Err(t.system_error("_thread.RLock is not initialised"));
    };
    if !type_::is_type(t, cls) || !type_::is_subtype(t, cls, rty) {
        let msg = format!(
            "_thread.RLock.__new__(X): X is not a subtype of _thread.RLock ({})",
            type_::type_name_of(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    native_type::new_instance(t, cls, &[Value::small_int(0), Value::small_int(0)])
}

fn rl_this(t: &mut Thread, a: &Args) -> PyResult<(i64, i64)> {
    let r = a.get(t, 0);
    let (o, c) = (t.heap.slot(r, R_OWNER), t.heap.slot(r, R_COUNT));
    if o.is_small_int() && c.is_small_int() {
        return Ok((o.as_small_int(), c.as_small_int()));
    }
    Err(t.type_error("RLock object is not initialized"))
}

fn rl_set(t: &mut Thread, a: &Args, owner: i64, count: i64) {
    let r = a.get(t, 0);
    t.heap.set_slot(r, R_OWNER, Value::small_int(owner));
    t.heap.set_slot(r, R_COUNT, Value::small_int(count));
}

fn rlock_acquire(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ns = acquire_args(t, &a)?;
    let (owner, count) = rl_this(t, &a)?;
    let me = ident();
    if count > 0 && owner == me {
        if count >= (1 << 40) {
            return Err(t.overflow_error("Internal lock count overflowed"));
        }
        rl_set(t, &a, me, count + 1);
        return Ok(Value::TRUE);
    }
    if count == 0 {
        rl_set(t, &a, me, 1);
        return Ok(Value::TRUE);
    }
    wait_held(t, ns)
}

fn rlock_release(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "RLock.release")?;
    rlock_release_impl(t, a)
}

fn rlock_release_impl(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (owner, count) = rl_this(t, &a)?;
    if count == 0 || owner != ident() {
        return Err(t.runtime_error("cannot release un-acquired lock"));
    }
    if count == 1 {
        rl_set(t, &a, 0, 0);
    } else {
        rl_set(t, &a, owner, count - 1);
    }
    Ok(Value::NONE)
}

fn rlock_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    rlock_release_impl(t, a)
}

fn rlock_is_owned(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "RLock._is_owned")?;
    let (owner, count) = rl_this(t, &a)?;
    Ok(Value::from_bool(count > 0 && owner == ident()))
}

fn rlock_recursion_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "RLock._recursion_count")?;
    let (owner, count) = rl_this(t, &a)?;
    Ok(Value::small_int(if owner == ident() { count } else { 0 }))
}

fn rlock_release_save(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "RLock._release_save")?;
    let (owner, count) = rl_this(t, &a)?;
    if count == 0 {
        return Err(t.runtime_error("cannot release un-acquired lock"));
    }
    rl_set(t, &a, 0, 0);
    let o = int::from_i64(t, owner)?;
    tuple::new_tuple(t, &[Value::small_int(count), o])
}

fn rlock_acquire_restore(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "RLock._acquire_restore")?;
    rl_this(t, &a)?;
    let st = a.get(t, 1);
    if !sequence::is_list_or_tuple(t, st) {
        let msg = format!(
            "_acquire_restore() argument 1 must be 2-item sequence, not {}",
            type_::type_name_of(t, st)
        );
        return Err(t.type_error(&msg));
    }
    let n = sequence::seq_len(t, st);
    if n != 2 {
        let msg = format!("_acquire_restore() argument 1 must be sequence of length 2, not {n}");
        return Err(t.type_error(&msg));
    }
    // Items are re-read after each conversion, which may run `__index__`.
    let c = sequence::seq_get(t, a.get(t, 1), 0);
    let count = sequence::index_arg(t, c)?;
    let o = sequence::seq_get(t, a.get(t, 1), 1);
    let owner = sequence::index_arg(t, o)?;
    let (_, cur_count) = rl_this(t, &a)?;
    if cur_count > 0 {
        // CPython blocks on the underlying lock, which nobody else can release.
        return wait_held(t, UNSET);
    }
    if !(0..(1 << 60)).contains(&owner) || !(0..(1 << 60)).contains(&count) {
        return Err(t.overflow_error("Python int too large to convert to C ssize_t"));
    }
    rl_set(t, &a, owner, count);
    Ok(Value::NONE)
}

fn rlock_at_fork_reinit(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "RLock._at_fork_reinit")?;
    rl_this(t, &a)?;
    rl_set(t, &a, 0, 0);
    Ok(Value::NONE)
}

fn rlock_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (owner, count) = rl_this(t, &a)?;
    let state = if count > 0 { "locked" } else { "unlocked" };
    let name = type_::tp_name(t, t.type_of(a.get(t, 0)))?;
    let at = addr(t, a.get(t, 0));
    pystr::new_str(
        t,
        &format!("<{state} {name} object owner={owner} count={count} at {at}>"),
    )
}

// ----- _local -----

fn local_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("_thread._local.__new__(): not enough arguments"));
    }
    let cls = a.get(t, 0);
    let Some(lty) = native_type::native_type(t, LOCAL) else {
        return Err(t.system_error("_thread._local is not initialised"));
    };
    if !type_::is_type(t, cls) || !type_::is_subtype(t, cls, lty) {
        let msg = format!(
            "_thread._local.__new__(X): X is not a subtype of _thread._local ({})",
            type_::type_name_of(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    if a.len() > 1 || a.nkw > 0 {
        let init = type_::lookup_str(t, cls, "__init__")?;
        let obj = t.ty(BuiltinType::Object);
        let obj_init = type_::lookup_str(t, obj, "__init__")?;
        if init == obj_init {
            return Err(t.type_error("Initialization arguments are not supported"));
        }
    }
    native_type::new_instance(t, a.get(t, 0), &[])
}

// ----- module functions -----

fn thread_get_ident(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "_thread.get_ident")?;
    int::from_i64(t, ident())
}

fn thread_get_native_id(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "_thread.get_native_id")?;
    int::from_i64(t, native_id())
}

fn thread_allocate_lock(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "_thread.allocate_lock")?;
    new_lock(t)
}

fn thread_allocate(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "_thread.allocate")?;
    new_lock(t)
}

fn thread_set_sentinel(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "_thread._set_sentinel")?;
    new_lock(t)
}

fn thread_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "_thread._count")?;
    // Threads started through this module that are still running: never any.
    Ok(Value::small_int(0))
}

fn thread_daemon_threads_allowed(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "_thread.daemon_threads_allowed")?;
    Ok(Value::TRUE)
}

fn thread_stack_size(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "stack_size")?;
    if a.len() > 1 {
        let msg = format!("stack_size() takes at most 1 argument ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    let old = STACK_SIZE.with(|s| s.get());
    if let Some(v) = a.opt(t, 0) {
        let size = sequence::index_arg(t, v)?;
        if size < 0 {
            return Err(t.value_error("size must be 0 or a positive value"));
        }
        if size != 0 && size < 32768 {
            return Err(t.value_error(&format!("size not valid: {size} bytes")));
        }
        STACK_SIZE.with(|s| s.set(size));
    }
    Ok(Value::small_int(old))
}

fn thread_interrupt_main(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "interrupt_main", 0, 1)?;
    let signum = match a.opt(t, 0) {
        Some(v) => c_int(t, v)?,
        None => libc::SIGINT as i64,
    };
    if !(1..65).contains(&signum) {
        return Err(t.value_error("signal number out of range"));
    }
    // The main thread is the caller, so the simulated signal is handled at once: only
    // SIGINT has a Python-level handler (default_int_handler) in ember.
    if signum == libc::SIGINT as i64 {
        return Err(t.raise_empty(BuiltinType::KeyboardInterrupt));
    }
    Ok(Value::NONE)
}

fn thread_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "_thread.exit")?;
    Err(t.raise_empty(BuiltinType::SystemExit))
}

fn thread_exit_thread(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "_thread.exit_thread")?;
    Err(t.raise_empty(BuiltinType::SystemExit))
}

fn start_new_impl(t: &mut Thread, a: Args, name: &str) -> PyResult<Value> {
    a.check(t, name, 2, 3)?;
    let f = a.get(t, 0);
    if !ember_vm::builtins::is_callable(t, f)? {
        return Err(t.type_error("first arg must be callable"));
    }
    let args = a.get(t, 1);
    if !tuple::is_tuple(t, args) {
        return Err(t.type_error("2nd arg must be a tuple"));
    }
    if let Some(kw) = a.opt(t, 2) {
        if !dict::is_dict(t, kw) {
            return Err(t.type_error("optional 3rd arg must be a dictionary"));
        }
    }
    // FIXME(threads): ember runs one thread; this is CPython's error when the OS cannot
    // create another.
    Err(t.runtime_error("can't start new thread"))
}

fn thread_start_new_thread(t: &mut Thread, a: Args) -> PyResult<Value> {
    start_new_impl(t, a, "start_new_thread")
}

fn thread_start_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    start_new_impl(t, a, "start_new")
}

// ----- module -----

fn init_types(t: &mut Thread, md: Value) -> PyResult<()> {
    let hmd = t.root(md);
    // A re-import shares the first import's types (FIXME(threads): CPython 3.11 makes new
    // heap types per module object; sharing keeps `allocate_lock()` and `LockType` agreeing).
    let types = [(LOCK, "LockType"), (RLOCK, "RLock"), (LOCAL, "_local")];
    if crate::collections::reuse_types(t, md, &types)? {
        return Ok(());
    }
    let spec = NativeTypeSpec {
        module: "_thread",
        name: "lock",
        slots: 1,
        basetype: false,
        dict: false,
    };
    let ty = native_type::new_native_type(t, LOCK, &spec)?;
    let hty = t.root(ty);
    native_type::forbid_new(t, ty)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("acquire", lock_acquire),
        ("acquire_lock", lock_acquire),
        ("__enter__", lock_acquire),
        ("release", lock_release),
        ("release_lock", lock_release_lock),
        ("__exit__", lock_exit),
        ("locked", lock_locked),
        ("locked_lock", lock_locked_lock),
        ("_at_fork_reinit", lock_at_fork_reinit),
        ("__repr__", lock_repr),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(hty), name, *f)?;
    }
    dict::set_str(t, t.get(hmd), "LockType", t.get(hty))?;

    let spec = NativeTypeSpec {
        module: "_thread",
        name: "RLock",
        slots: 2,
        basetype: true,
        dict: false,
    };
    let ty = native_type::new_native_type(t, RLOCK, &spec)?;
    let hty = t.root(ty);
    native::add_static(t, ty, "__new__", rlock_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("acquire", rlock_acquire),
        ("__enter__", rlock_acquire),
        ("release", rlock_release),
        ("__exit__", rlock_exit),
        ("_is_owned", rlock_is_owned),
        ("_recursion_count", rlock_recursion_count),
        ("_release_save", rlock_release_save),
        ("_acquire_restore", rlock_acquire_restore),
        ("_at_fork_reinit", rlock_at_fork_reinit),
        ("__repr__", rlock_repr),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(hty), name, *f)?;
    }
    dict::set_str(t, t.get(hmd), "RLock", t.get(hty))?;

    let spec = NativeTypeSpec {
        module: "_thread",
        name: "_local",
        slots: 0,
        basetype: true,
        dict: true,
    };
    let ty = native_type::new_native_type(t, LOCAL, &spec)?;
    let hty = t.root(ty);
    native::add_static(t, ty, "__new__", local_new)?;
    let doc = pystr::new_str(t, "Thread-local data")?;
    let d = type_::type_dict(t, t.get(hty));
    dict::set_str(t, d, "__doc__", doc)?;
    dict::set_str(t, t.get(hmd), "_local", t.get(hty))?;
    Ok(())
}

pub fn init_thread(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_thread")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let doc = pystr::new_str(
        t,
        "This module provides primitive operations to write multi-threaded programs.\n\
         The 'threading' module provides a more convenient interface.",
    )?;
    dict::set_str(t, t.get(hd), "__doc__", doc)?;
    init_types(t, t.get(hd))?;
    let fns: [(&'static str, native::NativeFn); 13] = [
        ("get_ident", thread_get_ident),
        ("get_native_id", thread_get_native_id),
        ("allocate_lock", thread_allocate_lock),
        ("allocate", thread_allocate),
        ("_set_sentinel", thread_set_sentinel),
        ("_count", thread_count),
        ("daemon_threads_allowed", thread_daemon_threads_allowed),
        ("stack_size", thread_stack_size),
        ("interrupt_main", thread_interrupt_main),
        ("exit", thread_exit),
        ("exit_thread", thread_exit_thread),
        ("start_new_thread", thread_start_new_thread),
        ("start_new", thread_start_new),
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "_thread", name, f)?;
    }
    let err = t.ty(BuiltinType::RuntimeError);
    dict::set_str(t, t.get(hd), "error", err)?;
    let tm = float::new_float(t, TIMEOUT_MAX)?;
    dict::set_str(t, t.get(hd), "TIMEOUT_MAX", tm)?;
    Ok(t.get(hm))
}

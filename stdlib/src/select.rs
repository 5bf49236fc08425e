//! The `select` module: `select()`, `poll` objects and `epoll` objects over the Linux
//! system calls. Calls interrupted by a signal run the signal handlers and retry with the
//! remaining timeout (PEP 475). An epoll object owns its descriptor as a native resource,
//! so a forgotten one is closed when the collector finds it dead.

use ember_gc::Value;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::{dict, float, int, list, module, sequence, str as pystr, tuple};
use ember_vm::protocol;
use ember_vm::resources;
use ember_vm::signals;
use ember_vm::thread::Thread;

const POLL_TYPE: &str = "select.poll";
const EPOLL_TYPE: &str = "select.epoll";

fn os_error(t: &mut Thread, code: i32) -> Raised {
    // SAFETY: strerror returns a valid C string.
    let msg = unsafe { std::ffi::CStr::from_ptr(libc::strerror(code)) }
        .to_string_lossy()
        .into_owned();
    match pystr::new_str(t, &msg) {
        Ok(m) => t.raise_with_args(BuiltinType::OSError, &[Value::small_int(code as i64), m]),
        Err(r) => r,
    }
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// The descriptor of `v`: an int, or the result of its `fileno()` (CPython's
/// PyObject_AsFileDescriptor).
fn fd_of(t: &mut Thread, v: Value) -> PyResult<i32> {
    let n = if int::is_int(t, v) {
        int::to_i64(t, v)
    } else {
        match protocol::getattr_str(t, v, "fileno") {
            Ok(f) => {
                let r = protocol::call(t, f, &[])?;
                if !int::is_int(t, r) {
                    return Err(t.type_error("fileno() returned a non-integer"));
                }
                int::to_i64(t, r)
            }
            Err(_) => {
                t.take_exception();
                return Err(t.type_error(
                    "argument must be an int, or have a fileno() method.",
                ));
            }
        }
    };
    match n {
        Some(n) if (0..=i32::MAX as i64).contains(&n) => Ok(n as i32),
        Some(n) if n < 0 => {
            let msg = format!("file descriptor cannot be a negative integer ({n})");
            Err(t.value_error(&msg))
        }
        _ => Err(t.overflow_error("fd is greater than maximum")),
    }
}

/// A timeout in seconds (None = block), as a deadline-relative duration.
fn timeout_secs(t: &mut Thread, v: Option<Value>) -> PyResult<Option<f64>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => {
            let secs = float::as_double(t, v)?;
            if secs.is_nan() {
                return Err(t.value_error("Invalid value NaN (not a number)"));
            }
            Ok(Some(secs))
        }
    }
}

fn now() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid out-parameter.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

// ----- select() -----

fn fd_list(t: &mut Thread, seq: Value) -> PyResult<(Value, Vec<i32>)> {
    let l = protocol::to_list(t, seq)?;
    let hl = t.root(l);
    let mut fds = Vec::new();
    for i in 0..list::len(t, t.get(hl)) {
        let v = list::get(t, t.get(hl), i);
        fds.push(fd_of(t, v)?);
    }
    Ok((t.get(hl), fds))
}

fn s_select(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "select", 3, 4)?;
    let timeout = timeout_secs(t, a.opt(t, 3))?;
    if timeout.is_some_and(|s| s < 0.0) {
        return Err(t.value_error("timeout must be non-negative"));
    }
    let (r, rfds) = fd_list(t, a.get(t, 0))?;
    let hr = t.root(r);
    let (w, wfds) = fd_list(t, a.get(t, 1))?;
    let hw = t.root(w);
    let (x, xfds) = fd_list(t, a.get(t, 2))?;
    let hx = t.root(x);
    let all = rfds.iter().chain(&wfds).chain(&xfds);
    if all.clone().any(|fd| *fd >= libc::FD_SETSIZE as i32) {
        return Err(t.value_error("filedescriptor out of range in select()"));
    }
    let deadline = timeout.map(|s| now() + s);
    let (mut rs, mut ws, mut xs);
    loop {
        // SAFETY: the fd_sets are zero-initialised, then filled with descriptors below
        // FD_SETSIZE; the timeval lives across the call.
        unsafe {
            rs = std::mem::zeroed::<libc::fd_set>();
            ws = std::mem::zeroed::<libc::fd_set>();
            xs = std::mem::zeroed::<libc::fd_set>();
            for fd in &rfds {
                libc::FD_SET(*fd, &mut rs);
            }
            for fd in &wfds {
                libc::FD_SET(*fd, &mut ws);
            }
            for fd in &xfds {
                libc::FD_SET(*fd, &mut xs);
            }
        }
        let nfds = rfds.iter().chain(&wfds).chain(&xfds).max().map(|m| m + 1).unwrap_or(0);
        let mut tv;
        let tvp = match deadline {
            None => std::ptr::null_mut(),
            Some(d) => {
                let left = (d - now()).max(0.0);
                tv = libc::timeval {
                    tv_sec: left.trunc() as libc::time_t,
                    tv_usec: ((left - left.trunc()) * 1e6) as libc::suseconds_t,
                };
                &mut tv as *mut libc::timeval
            }
        };
        // SAFETY: all pointers are valid for the call.
        let n = unsafe { libc::select(nfds, &mut rs, &mut ws, &mut xs, tvp) };
        if n >= 0 {
            break;
        }
        let e = errno();
        if e != libc::EINTR {
            return Err(os_error(t, e));
        }
        signals::run_handlers(t)?;
    }
    let pick = |t: &mut Thread, h: ember_vm::thread::Handle, fds: &[i32], set: &libc::fd_set| -> PyResult<Value> {
        let out = list::new_list(t, 0)?;
        let ho = t.root(out);
        for (i, fd) in fds.iter().enumerate() {
            // SAFETY: `set` was filled by select for descriptors below FD_SETSIZE.
            if unsafe { libc::FD_ISSET(*fd, set) } {
                let v = list::get(t, t.get(h), i);
                list::append(t, t.get(ho), v)?;
            }
        }
        Ok(t.get(ho))
    };
    let ro = pick(t, hr, &rfds, &rs)?;
    let hro = t.root(ro);
    let wo = pick(t, hw, &wfds, &ws)?;
    let hwo = t.root(wo);
    let xo = pick(t, hx, &xfds, &xs)?;
    tuple::new_tuple(t, &[t.get(hro), t.get(hwo), xo])
}

// ----- poll -----

// poll slots: 0 = dict fd -> events.
const P_FDS: usize = 0;

fn p_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "poll", 0, 0)?;
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    let ty = match native_type::native_type(t, POLL_TYPE) {
        Some(ty) => ty,
        None => return Err(t.system_error("select is not initialised")),
    };
    native_type::new_instance(t, ty, &[t.get(hd)])
}

fn mask_arg(t: &mut Thread, v: Option<Value>, default: i64) -> PyResult<i64> {
    match v {
        None => Ok(default),
        Some(v) => {
            let n = sequence::index_arg(t, v)?;
            if !(0..=0xffff).contains(&n) {
                return Err(t.overflow_error("Python int too large for C unsigned short"));
            }
            Ok(n)
        }
    }
}

fn p_register(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "register", 2, 3)?;
    let fd = fd_of(t, a.get(t, 1))?;
    let mask = mask_arg(t, a.opt(t, 2), (libc::POLLIN | libc::POLLPRI | libc::POLLOUT) as i64)?;
    let d = t.heap.slot(a.get(t, 0), P_FDS);
    dict::set(t, d, Value::small_int(fd as i64), Value::small_int(mask))?;
    Ok(Value::NONE)
}

fn p_modify(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "modify", 3, 3)?;
    let fd = fd_of(t, a.get(t, 1))?;
    let mask = mask_arg(t, a.opt(t, 2), 0)?;
    let d = t.heap.slot(a.get(t, 0), P_FDS);
    if dict::get(t, d, Value::small_int(fd as i64))?.is_none() {
        return Err(os_error(t, libc::ENOENT));
    }
    let d = t.heap.slot(a.get(t, 0), P_FDS);
    dict::set(t, d, Value::small_int(fd as i64), Value::small_int(mask))?;
    Ok(Value::NONE)
}

fn p_unregister(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "unregister", 2, 2)?;
    let fd = fd_of(t, a.get(t, 1))?;
    let d = t.heap.slot(a.get(t, 0), P_FDS);
    if dict::remove(t, d, Value::small_int(fd as i64))?.is_none() {
        return Err(t.key_error(Value::small_int(fd as i64)));
    }
    Ok(Value::NONE)
}

fn p_poll(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "poll", 1, 2)?;
    // poll() takes milliseconds; None or negative blocks.
    let ms = match a.opt(t, 1) {
        None => -1.0,
        Some(v) if v.is_none() => -1.0,
        Some(v) => {
            let x = float::as_double(t, v)?;
            x.ceil()
        }
    };
    let d = t.heap.slot(a.get(t, 0), P_FDS);
    let mut fds: Vec<libc::pollfd> = dict::items(t, d)
        .iter()
        .map(|(k, v)| libc::pollfd {
            fd: k.as_small_int() as i32,
            events: v.as_small_int() as i16,
            revents: 0,
        })
        .collect();
    let deadline = (ms >= 0.0).then(|| now() + ms / 1000.0);
    loop {
        let wait = match deadline {
            None => -1,
            Some(d) => (((d - now()) * 1000.0).ceil().max(0.0)).min(i32::MAX as f64) as i32,
        };
        // SAFETY: `fds` is a valid array of pollfd for the call.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, wait) };
        if n >= 0 {
            break;
        }
        let e = errno();
        if e != libc::EINTR {
            return Err(os_error(t, e));
        }
        signals::run_handlers(t)?;
    }
    let out = list::new_list(t, 0)?;
    let ho = t.root(out);
    for p in fds.iter().filter(|p| p.revents != 0) {
        let pair = tuple::new_tuple(
            t,
            &[
                Value::small_int(p.fd as i64),
                Value::small_int(p.revents as u16 as i64),
            ],
        )?;
        list::append(t, t.get(ho), pair)?;
    }
    Ok(t.get(ho))
}

// ----- epoll -----

/// The epoll descriptor, closed when the object dies (or by `close()`).
struct EpollFd(i32);

impl Drop for EpollFd {
    fn drop(&mut self) {
        if self.0 >= 0 {
            // SAFETY: closing a descriptor this resource owns.
            unsafe { libc::close(self.0) };
        }
    }
}

// epoll slots: 0 = resource id.
const E_RES: usize = 0;

fn epfd(t: &mut Thread, obj: Value) -> PyResult<i32> {
    let fd = resources::of::<EpollFd>(t, obj, E_RES).map(|r| r.0).unwrap_or(-1);
    if fd < 0 {
        return Err(t.value_error("I/O operation on closed epoll object"));
    }
    Ok(fd)
}

fn new_epoll(t: &mut Thread, cls: Value, fd: i32) -> PyResult<Value> {
    let obj = native_type::new_instance(t, cls, &[Value::NONE])?;
    let id = resources::attach(t, obj, EpollFd(fd));
    t.heap.set_slot(obj, E_RES, Value::small_int(id as i64));
    Ok(obj)
}

fn e_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    let hcls = t.root(cls);
    let mut sizehint = a.opt(t, 1);
    let mut flags = a.opt(t, 2);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "sizehint") {
            sizehint = Some(v);
        } else if pystr::str_eq_rust(t, k, "flags") {
            flags = Some(v);
        }
    }
    if let Some(s) = sizehint {
        let n = sequence::index_arg(t, s)?;
        if n == 0 || n < -1 {
            return Err(t.value_error("negative sizehint"));
        }
    }
    if let Some(f) = flags {
        sequence::index_arg(t, f)?;
    }
    // SAFETY: epoll_create1 has no memory-safety preconditions.
    let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    if fd < 0 {
        return Err(os_error(t, errno()));
    }
    new_epoll(t, t.get(hcls), fd)
}

fn e_fromfd(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "fromfd", 2, 2)?;
    let fd = sequence::index_arg(t, a.get(t, 1))? as i32;
    new_epoll(t, a.get(t, 0), fd)
}

fn e_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    if let Some(r) = resources::of::<EpollFd>(t, a.get(t, 0), E_RES) {
        let fd = std::mem::replace(&mut r.0, -1);
        if fd >= 0 {
            // SAFETY: closing the descriptor this object owned.
            unsafe { libc::close(fd) };
        }
    }
    Ok(Value::NONE)
}

fn e_closed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let fd = resources::of::<EpollFd>(t, a.get(t, 0), E_RES).map(|r| r.0).unwrap_or(-1);
    Ok(Value::from_bool(fd < 0))
}

fn e_fileno(t: &mut Thread, a: Args) -> PyResult<Value> {
    let fd = epfd(t, a.get(t, 0))?;
    Ok(Value::small_int(fd as i64))
}

fn e_ctl(t: &mut Thread, a: &Args, op: i32, default_mask: u32) -> PyResult<Value> {
    let ep = epfd(t, a.get(t, 0))?;
    let fd = fd_of(t, a.get(t, 1))?;
    let mask = match a.opt(t, 2) {
        Some(v) => sequence::index_arg(t, v)? as u32,
        None => default_mask,
    };
    let mut ev = libc::epoll_event {
        events: mask,
        u64: fd as u64,
    };
    // SAFETY: `ev` is valid for the call.
    if unsafe { libc::epoll_ctl(ep, op, fd, &mut ev) } != 0 {
        return Err(os_error(t, errno()));
    }
    Ok(Value::NONE)
}

fn e_register(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "register", 2, 3)?;
    let default = (libc::EPOLLIN | libc::EPOLLPRI | libc::EPOLLOUT) as u32;
    e_ctl(t, &a, libc::EPOLL_CTL_ADD, default)
}

fn e_modify(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "modify", 3, 3)?;
    e_ctl(t, &a, libc::EPOLL_CTL_MOD, 0)
}

fn e_unregister(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "unregister", 2, 2)?;
    e_ctl(t, &a, libc::EPOLL_CTL_DEL, 0)
}

fn e_poll(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "poll", 1, 3)?;
    let ep = epfd(t, a.get(t, 0))?;
    let mut timeout = a.opt(t, 1);
    let mut maxevents = a.opt(t, 2);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "timeout") {
            timeout = Some(v);
        } else if pystr::str_eq_rust(t, k, "maxevents") {
            maxevents = Some(v);
        }
    }
    let secs = timeout_secs(t, timeout)?;
    let maxevents = match maxevents {
        Some(v) => sequence::index_arg(t, v)?,
        None => -1,
    };
    let maxevents = if maxevents == -1 {
        libc::FD_SETSIZE as i64 - 1
    } else if maxevents <= 0 {
        let msg = format!("maxevents must be greater than 0, got {maxevents}");
        return Err(t.value_error(&msg));
    } else {
        maxevents
    };
    let deadline = secs.filter(|s| *s >= 0.0).map(|s| now() + s);
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; maxevents as usize];
    let n = loop {
        let wait = match deadline {
            None => -1,
            Some(d) => (((d - now()) * 1000.0).ceil().max(0.0)).min(i32::MAX as f64) as i32,
        };
        // SAFETY: `events` has room for `maxevents` entries.
        let n = unsafe { libc::epoll_wait(ep, events.as_mut_ptr(), maxevents as i32, wait) };
        if n >= 0 {
            break n as usize;
        }
        let e = errno();
        if e != libc::EINTR {
            return Err(os_error(t, e));
        }
        signals::run_handlers(t)?;
    };
    let out = list::new_list(t, n)?;
    let ho = t.root(out);
    for ev in &events[..n] {
        let fd = ev.u64 as i64;
        let evs = ev.events as i64;
        let pair = tuple::new_tuple(t, &[Value::small_int(fd), Value::small_int(evs)])?;
        list::append(t, t.get(ho), pair)?;
    }
    Ok(t.get(ho))
}

fn e_enter(t: &mut Thread, a: Args) -> PyResult<Value> {
    epfd(t, a.get(t, 0))?;
    Ok(a.get(t, 0))
}

fn e_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    e_close(t, a)
}

pub fn init_select(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "select")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    native::add_function(t, t.get(hd), "select", "select", s_select)?;
    native::add_function(t, t.get(hd), "select", "poll", p_new)?;
    if native_type::native_type(t, POLL_TYPE).is_none() {
        let spec = NativeTypeSpec { module: "select", name: "poll", slots: 1, basetype: false, dict: false };
        let ty = native_type::new_native_type(t, POLL_TYPE, &spec)?;
        let h = t.root(ty);
        native_type::forbid_new(t, ty)?;
        for (n, f) in [
            ("register", p_register as native::NativeFn),
            ("modify", p_modify),
            ("unregister", p_unregister),
            ("poll", p_poll),
        ] {
            native::add_method(t, t.get(h), n, f)?;
        }
        let spec = NativeTypeSpec { module: "select", name: "epoll", slots: 1, basetype: true, dict: false };
        let ty = native_type::new_native_type(t, EPOLL_TYPE, &spec)?;
        let h = t.root(ty);
        native::add_static(t, t.get(h), "__new__", e_new)?;
        native::add_classmethod(t, t.get(h), "fromfd", e_fromfd)?;
        for (n, f) in [
            ("close", e_close as native::NativeFn),
            ("fileno", e_fileno),
            ("register", e_register),
            ("modify", e_modify),
            ("unregister", e_unregister),
            ("poll", e_poll),
            ("__enter__", e_enter),
            ("__exit__", e_exit),
        ] {
            native::add_method(t, t.get(h), n, f)?;
        }
        ember_vm::objects::descriptors::add_getset(t, t.get(h), "closed", e_closed, None)?;
    }
    let ety = native_type::native_type(t, EPOLL_TYPE).unwrap_or(Value::NONE);
    dict::set_str(t, t.get(hd), "epoll", ety)?;
    let ose = t.ty(BuiltinType::OSError);
    dict::set_str(t, t.get(hd), "error", ose)?;
    let consts: &[(&str, i64)] = &[
        ("POLLIN", libc::POLLIN as i64),
        ("POLLPRI", libc::POLLPRI as i64),
        ("POLLOUT", libc::POLLOUT as i64),
        ("POLLERR", libc::POLLERR as i64),
        ("POLLHUP", libc::POLLHUP as i64),
        ("POLLNVAL", libc::POLLNVAL as i64),
        ("POLLRDNORM", libc::POLLRDNORM as i64),
        ("POLLRDBAND", libc::POLLRDBAND as i64),
        ("POLLWRNORM", libc::POLLWRNORM as i64),
        ("POLLWRBAND", libc::POLLWRBAND as i64),
        ("POLLMSG", 0x400),
        ("POLLRDHUP", libc::POLLRDHUP as i64),
        ("EPOLLIN", libc::EPOLLIN as i64),
        ("EPOLLOUT", libc::EPOLLOUT as i64),
        ("EPOLLPRI", libc::EPOLLPRI as i64),
        ("EPOLLERR", libc::EPOLLERR as i64),
        ("EPOLLHUP", libc::EPOLLHUP as i64),
        ("EPOLLET", libc::EPOLLET as u32 as i64),
        ("EPOLLONESHOT", libc::EPOLLONESHOT as i64),
        ("EPOLLEXCLUSIVE", libc::EPOLLEXCLUSIVE as i64),
        ("EPOLLRDHUP", libc::EPOLLRDHUP as i64),
        ("EPOLLRDNORM", libc::EPOLLRDNORM as i64),
        ("EPOLLRDBAND", libc::EPOLLRDBAND as i64),
        ("EPOLLWRNORM", libc::EPOLLWRNORM as i64),
        ("EPOLLWRBAND", libc::EPOLLWRBAND as i64),
        ("EPOLLMSG", libc::EPOLLMSG as i64),
        ("EPOLL_CLOEXEC", libc::EPOLL_CLOEXEC as i64),
        ("PIPE_BUF", libc::PIPE_BUF as i64),
    ];
    for (n, v) in consts {
        dict::set_str(t, t.get(hd), n, Value::small_int(*v))?;
    }
    Ok(t.get(hm))
}

//! posix calls about the process's identity and scheduling: the real/effective/saved user
//! and group ids (`getresuid`, `setuid`, `setreuid`, ...), supplementary groups
//! (`setgroups`, `initgroups`, `getgrouplist`), `getpriority`/`setpriority`, the CPU
//! affinity and the scheduling-priority ranges. (Process-group and session calls are not
//! provided.)

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::Args;
use ember_vm::objects::{int, set, tuple};
use ember_vm::thread::{Handle, Thread};

use crate::posix::{
    add_functions, bind, c_int, errno, id_arg, noargs, opt, os_error, pid_arg, posonly,
};

/// Runs an id-changing system call and maps failure to OSError.
fn check(t: &mut Thread, r: libc::c_int) -> PyResult<Value> {
    if r != 0 {
        return Err(os_error(t));
    }
    Ok(Value::NONE)
}

macro_rules! set_one_id {
    ($fn:ident, $name:literal, $what:literal, $call:ident) => {
        fn $fn(t: &mut Thread, a: Args) -> PyResult<Value> {
            posonly(t, &a, $name, 1, 1)?;
            let id = id_arg(t, Some(a.get(t, 0)), $what)?;
            // SAFETY: plain system call.
            let r = unsafe { libc::$call(id) };
            check(t, r)
        }
    };
}

set_one_id!(posix_setuid, "setuid", "uid", setuid);
set_one_id!(posix_seteuid, "seteuid", "uid", seteuid);
set_one_id!(posix_setgid, "setgid", "gid", setgid);
set_one_id!(posix_setegid, "setegid", "gid", setegid);

/// `setreuid(ruid, euid, /)`.
fn posix_setreuid(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "setreuid", 2, 2)?;
    let r = id_arg(t, Some(a.get(t, 0)), "uid")?;
    let e = id_arg(t, Some(a.get(t, 1)), "uid")?;
    // SAFETY: plain system call.
    let rc = unsafe { libc::setreuid(r, e) };
    check(t, rc)
}

/// `setregid(rgid, egid, /)`.
fn posix_setregid(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "setregid", 2, 2)?;
    let r = id_arg(t, Some(a.get(t, 0)), "gid")?;
    let e = id_arg(t, Some(a.get(t, 1)), "gid")?;
    // SAFETY: plain system call.
    let rc = unsafe { libc::setregid(r, e) };
    check(t, rc)
}

/// `setresuid(ruid, euid, suid, /)`.
fn posix_setresuid(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "setresuid", 3, 3)?;
    let r = id_arg(t, Some(a.get(t, 0)), "uid")?;
    let e = id_arg(t, Some(a.get(t, 1)), "uid")?;
    let s = id_arg(t, Some(a.get(t, 2)), "uid")?;
    // SAFETY: plain system call.
    let rc = unsafe { libc::setresuid(r, e, s) };
    check(t, rc)
}

/// `setresgid(rgid, egid, sgid, /)`.
fn posix_setresgid(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "setresgid", 3, 3)?;
    let r = id_arg(t, Some(a.get(t, 0)), "gid")?;
    let e = id_arg(t, Some(a.get(t, 1)), "gid")?;
    let s = id_arg(t, Some(a.get(t, 2)), "gid")?;
    // SAFETY: plain system call.
    let rc = unsafe { libc::setresgid(r, e, s) };
    check(t, rc)
}

fn id_triple(t: &mut Thread, ids: [u32; 3]) -> PyResult<Value> {
    let a = int::from_i64(t, ids[0] as i64)?;
    let ha = t.root(a);
    let b = int::from_i64(t, ids[1] as i64)?;
    let hb = t.root(b);
    let c = int::from_i64(t, ids[2] as i64)?;
    tuple::new_tuple(t, &[t.get(ha), t.get(hb), c])
}

/// `getresuid()`: (ruid, euid, suid).
fn posix_getresuid(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "posix.getresuid", 0)?;
    let mut ids = [0u32; 3];
    // SAFETY: the three pointers address our array.
    let r = unsafe { libc::getresuid(&mut ids[0], &mut ids[1], &mut ids[2]) };
    if r != 0 {
        return Err(os_error(t));
    }
    id_triple(t, ids)
}

/// `getresgid()`: (rgid, egid, sgid).
fn posix_getresgid(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "posix.getresgid", 0)?;
    let mut ids = [0u32; 3];
    // SAFETY: the three pointers address our array.
    let r = unsafe { libc::getresgid(&mut ids[0], &mut ids[1], &mut ids[2]) };
    if r != 0 {
        return Err(os_error(t));
    }
    id_triple(t, ids)
}

/// `getgrouplist(user, group, /)`: the groups `user` belongs to, plus `group`.
fn posix_getgrouplist(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "getgrouplist", 2, 2)?;
    let u = a.get(t, 0);
    if !ember_vm::objects::str::is_str(t, u) {
        let msg = format!(
            "getgrouplist() argument 1 must be str, not {}",
            ember_vm::objects::type_::type_name_of(t, u)
        );
        return Err(t.type_error(&msg));
    }
    let user = ember_vm::objects::str::to_rust_string(t, u);
    let Ok(user) = std::ffi::CString::new(user) else {
        return Err(t.value_error("embedded null character"));
    };
    let group = id_arg(t, Some(a.get(t, 1)), "gid")?;
    let mut n: libc::c_int = 64;
    let groups = loop {
        let mut groups = vec![0 as libc::gid_t; n as usize];
        let mut count = n;
        // SAFETY: groups has room for `count` ids; getgrouplist updates count.
        let r =
            unsafe { libc::getgrouplist(user.as_ptr(), group, groups.as_mut_ptr(), &mut count) };
        if r >= 0 {
            groups.truncate(count.max(0) as usize);
            break groups;
        }
        if n >= 1 << 16 {
            return Err(t.raise_empty(ember_vm::objects::builtin_types::BuiltinType::MemoryError));
        }
        n = count.max(n * 2);
    };
    let l = ember_vm::objects::list::new_list(t, groups.len())?;
    let hl = t.root(l);
    for g in groups {
        let v = int::from_i64(t, g as i64)?;
        ember_vm::objects::list::append(t, t.get(hl), v)?;
    }
    Ok(t.get(hl))
}

/// `setgroups(groups, /)`: sets the supplementary group ids.
fn posix_setgroups(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "setgroups", 1, 1)?;
    let v = a.get(t, 0);
    let hv = t.root(v);
    let is_seq = ember_vm::objects::list::is_list(t, v) || tuple::is_tuple(t, v) || {
        let ty = t.type_of(v);
        !ember_vm::objects::dict::is_dict(t, v)
            && ember_vm::objects::type_::lookup_sym(t, ty, ember_vm::symbols::sym::__getitem__)
                .is_some()
    };
    if !is_seq {
        return Err(t.type_error("setgroups argument must be a sequence"));
    }
    let n = ember_vm::protocol::len(t, t.get(hv))?;
    if n > 65536 {
        return Err(t.value_error("too many groups"));
    }
    let mut groups: Vec<libc::gid_t> = Vec::with_capacity(n);
    for i in 0..n {
        let item = ember_vm::protocol::getitem(t, t.get(hv), Value::small_int(i as i64))?;
        if !int::is_int(t, item) {
            return Err(t.type_error("groups must be integers"));
        }
        groups.push(id_arg(t, Some(item), "gid")?);
    }
    // SAFETY: groups holds groups.len() ids.
    let r = unsafe { libc::setgroups(groups.len(), groups.as_ptr()) };
    check(t, r)
}

/// `initgroups(username, gid, /)`.
fn posix_initgroups(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "initgroups", 2, 2)?;
    let user = crate::posix_proc::fs_converter(t, a.get(t, 0))?;
    let gid = id_arg(t, Some(a.get(t, 1)), "gid")?;
    // SAFETY: the name is NUL-terminated.
    let r = unsafe { libc::initgroups(user.as_ptr(), gid) };
    check(t, r)
}

/// `getpriority(which, who)`.
fn posix_getpriority(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "getpriority", &["which", "who"], 2, 2)?;
    let which = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let who = c_int(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    // SAFETY: errno is thread-local; -1 is a valid priority, so errno tells failure.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: plain system call.
    let r = unsafe { libc::getpriority(which as libc::__priority_which_t, who as libc::id_t) };
    if r == -1 && errno() != 0 {
        return Err(os_error(t));
    }
    Ok(Value::small_int(r as i64))
}

/// `setpriority(which, who, priority)`.
fn posix_setpriority(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "setpriority", &["which", "who", "priority"], 3, 3)?;
    let which = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let who = c_int(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    let prio = c_int(t, opt(t, p[2]).unwrap_or(Value::NONE))?;
    // SAFETY: plain system call.
    let r =
        unsafe { libc::setpriority(which as libc::__priority_which_t, who as libc::id_t, prio) };
    check(t, r)
}

fn sched_priority(t: &mut Thread, a: &Args, fname: &str, max: bool) -> PyResult<Value> {
    let p = bind(t, a, fname, &["policy"], 1, 1)?;
    let policy = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    // SAFETY: plain system calls.
    let r = unsafe {
        if max {
            libc::sched_get_priority_max(policy)
        } else {
            libc::sched_get_priority_min(policy)
        }
    };
    if r < 0 {
        return Err(os_error(t));
    }
    Ok(Value::small_int(r as i64))
}

/// `sched_get_priority_max(policy)`.
fn posix_sched_get_priority_max(t: &mut Thread, a: Args) -> PyResult<Value> {
    sched_priority(t, &a, "sched_get_priority_max", true)
}

/// `sched_get_priority_min(policy)`.
fn posix_sched_get_priority_min(t: &mut Thread, a: Args) -> PyResult<Value> {
    sched_priority(t, &a, "sched_get_priority_min", false)
}

/// `sched_setaffinity(pid, mask, /)`: restricts the process to the CPUs in `mask`.
fn posix_sched_setaffinity(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "sched_setaffinity", 2, 2)?;
    let pid = pid_arg(t, a.get(t, 0))?;
    let it = ember_vm::protocol::iter(t, a.get(t, 1))?;
    let hit = t.root(it);
    // SAFETY: cpu_set_t is plain old data; all-zero bytes are the empty set.
    let mut cpus: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let mut invalid = false;
    while let Some(item) = ember_vm::protocol::next(t, t.get(hit))? {
        if !int::is_int(t, item) {
            let ty = t.type_of(item);
            let r = ember_vm::protocol::repr_string(t, ty)?;
            let msg = format!("expected an iterator of ints, but iterator yielded {r}");
            return Err(t.type_error(&msg));
        }
        let cpu = crate::posix::c_long(t, item)?;
        if cpu < 0 {
            return Err(t.value_error("negative CPU number"));
        }
        if cpu as usize >= libc::CPU_SETSIZE as usize {
            // CPython grows its set; the kernel then refuses CPUs that do not exist.
            invalid = true;
            continue;
        }
        // SAFETY: cpu < CPU_SETSIZE, so the bit lies inside the set.
        unsafe { libc::CPU_SET(cpu as usize, &mut cpus) };
    }
    if invalid {
        return Err(crate::posix::raise_errno(t, libc::EINVAL, None, None));
    }
    // SAFETY: the kernel reads size_of::<cpu_set_t>() bytes of cpus.
    let r = unsafe { libc::sched_setaffinity(pid, std::mem::size_of::<libc::cpu_set_t>(), &cpus) };
    check(t, r)
}

/// `sched_getaffinity(pid, /)`: the set of CPUs the process may run on.
fn posix_sched_getaffinity(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "sched_getaffinity", 1, 1)?;
    let pid = pid_arg(t, a.get(t, 0))?;
    // SAFETY: cpu_set_t is plain old data; all-zero bytes are the empty set.
    let mut cpus: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: the kernel writes at most size_of::<cpu_set_t>() bytes into cpus.
    let r =
        unsafe { libc::sched_getaffinity(pid, std::mem::size_of::<libc::cpu_set_t>(), &mut cpus) };
    if r != 0 {
        return Err(os_error(t));
    }
    let s = set::new_set(t)?;
    let hs = t.root(s);
    for cpu in 0..libc::CPU_SETSIZE as usize {
        // SAFETY: cpu < CPU_SETSIZE, so the bit lies inside the set.
        if unsafe { libc::CPU_ISSET(cpu, &cpus) } {
            set::add(t, t.get(hs), Value::small_int(cpu as i64))?;
        }
    }
    Ok(t.get(hs))
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    add_functions(
        t,
        hd,
        &[
            ("setuid", posix_setuid),
            ("seteuid", posix_seteuid),
            ("setgid", posix_setgid),
            ("setegid", posix_setegid),
            ("setreuid", posix_setreuid),
            ("setregid", posix_setregid),
            ("setresuid", posix_setresuid),
            ("setresgid", posix_setresgid),
            ("getresuid", posix_getresuid),
            ("getresgid", posix_getresgid),
            ("getpriority", posix_getpriority),
            ("getgrouplist", posix_getgrouplist),
            ("setpriority", posix_setpriority),
            ("sched_getaffinity", posix_sched_getaffinity),
            ("sched_setaffinity", posix_sched_setaffinity),
            ("setgroups", posix_setgroups),
            ("initgroups", posix_initgroups),
            ("sched_get_priority_max", posix_sched_get_priority_max),
            ("sched_get_priority_min", posix_sched_get_priority_min),
        ],
    )
}

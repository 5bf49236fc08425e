//! posix configuration queries: `sysconf`, `pathconf`/`fpathconf` and `confstr`, and the
//! `*_names` dicts mapping their symbolic names to the C library's numbers (glibc's values,
//! as CPython's tables list them on Linux).

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::Args;
use ember_vm::objects::{dict, int, str as pystr};
use ember_vm::thread::{Handle, Thread};

use crate::posix::{
    add_functions, bind, c_int, errno, opt, os_error, path_arg, path_error, posonly,
};

const PATHCONF_NAMES: &[(&str, i32)] = &[
    ("PC_ALLOC_SIZE_MIN", 18),
    ("PC_ASYNC_IO", 10),
    ("PC_CHOWN_RESTRICTED", 6),
    ("PC_FILESIZEBITS", 13),
    ("PC_LINK_MAX", 0),
    ("PC_MAX_CANON", 1),
    ("PC_MAX_INPUT", 2),
    ("PC_NAME_MAX", 3),
    ("PC_NO_TRUNC", 7),
    ("PC_PATH_MAX", 4),
    ("PC_PIPE_BUF", 5),
    ("PC_PRIO_IO", 11),
    ("PC_REC_INCR_XFER_SIZE", 14),
    ("PC_REC_MAX_XFER_SIZE", 15),
    ("PC_REC_MIN_XFER_SIZE", 16),
    ("PC_REC_XFER_ALIGN", 17),
    ("PC_SOCK_MAXBUF", 12),
    ("PC_SYMLINK_MAX", 19),
    ("PC_SYNC_IO", 9),
    ("PC_VDISABLE", 8),
];

const SYSCONF_NAMES: &[(&str, i32)] = &[
    ("SC_2_CHAR_TERM", 95),
    ("SC_2_C_BIND", 47),
    ("SC_2_C_DEV", 48),
    ("SC_2_C_VERSION", 96),
    ("SC_2_FORT_DEV", 49),
    ("SC_2_FORT_RUN", 50),
    ("SC_2_LOCALEDEF", 52),
    ("SC_2_SW_DEV", 51),
    ("SC_2_UPE", 97),
    ("SC_2_VERSION", 46),
    ("SC_AIO_LISTIO_MAX", 23),
    ("SC_AIO_MAX", 24),
    ("SC_AIO_PRIO_DELTA_MAX", 25),
    ("SC_ARG_MAX", 0),
    ("SC_ASYNCHRONOUS_IO", 12),
    ("SC_ATEXIT_MAX", 87),
    ("SC_AVPHYS_PAGES", 86),
    ("SC_BC_BASE_MAX", 36),
    ("SC_BC_DIM_MAX", 37),
    ("SC_BC_SCALE_MAX", 38),
    ("SC_BC_STRING_MAX", 39),
    ("SC_CHARCLASS_NAME_MAX", 45),
    ("SC_CHAR_BIT", 101),
    ("SC_CHAR_MAX", 102),
    ("SC_CHAR_MIN", 103),
    ("SC_CHILD_MAX", 1),
    ("SC_CLK_TCK", 2),
    ("SC_COLL_WEIGHTS_MAX", 40),
    ("SC_DELAYTIMER_MAX", 26),
    ("SC_EQUIV_CLASS_MAX", 41),
    ("SC_EXPR_NEST_MAX", 42),
    ("SC_FSYNC", 15),
    ("SC_GETGR_R_SIZE_MAX", 69),
    ("SC_GETPW_R_SIZE_MAX", 70),
    ("SC_INT_MAX", 104),
    ("SC_INT_MIN", 105),
    ("SC_IOV_MAX", 60),
    ("SC_JOB_CONTROL", 7),
    ("SC_LINE_MAX", 43),
    ("SC_LOGIN_NAME_MAX", 71),
    ("SC_LONG_BIT", 106),
    ("SC_MAPPED_FILES", 16),
    ("SC_MB_LEN_MAX", 108),
    ("SC_MEMLOCK", 17),
    ("SC_MEMLOCK_RANGE", 18),
    ("SC_MEMORY_PROTECTION", 19),
    ("SC_MESSAGE_PASSING", 20),
    ("SC_MINSIGSTKSZ", 249),
    ("SC_MQ_OPEN_MAX", 27),
    ("SC_MQ_PRIO_MAX", 28),
    ("SC_NGROUPS_MAX", 3),
    ("SC_NL_ARGMAX", 119),
    ("SC_NL_LANGMAX", 120),
    ("SC_NL_MSGMAX", 121),
    ("SC_NL_NMAX", 122),
    ("SC_NL_SETMAX", 123),
    ("SC_NL_TEXTMAX", 124),
    ("SC_NPROCESSORS_CONF", 83),
    ("SC_NPROCESSORS_ONLN", 84),
    ("SC_NZERO", 109),
    ("SC_OPEN_MAX", 4),
    ("SC_PAGESIZE", 30),
    ("SC_PAGE_SIZE", 30),
    ("SC_PASS_MAX", 88),
    ("SC_PHYS_PAGES", 85),
    ("SC_PII", 53),
    ("SC_PII_INTERNET", 56),
    ("SC_PII_INTERNET_DGRAM", 62),
    ("SC_PII_INTERNET_STREAM", 61),
    ("SC_PII_OSI", 57),
    ("SC_PII_OSI_CLTS", 64),
    ("SC_PII_OSI_COTS", 63),
    ("SC_PII_OSI_M", 65),
    ("SC_PII_SOCKET", 55),
    ("SC_PII_XTI", 54),
    ("SC_POLL", 58),
    ("SC_PRIORITIZED_IO", 13),
    ("SC_PRIORITY_SCHEDULING", 10),
    ("SC_REALTIME_SIGNALS", 9),
    ("SC_RE_DUP_MAX", 44),
    ("SC_RTSIG_MAX", 31),
    ("SC_SAVED_IDS", 8),
    ("SC_SCHAR_MAX", 111),
    ("SC_SCHAR_MIN", 112),
    ("SC_SELECT", 59),
    ("SC_SEMAPHORES", 21),
    ("SC_SEM_NSEMS_MAX", 32),
    ("SC_SEM_VALUE_MAX", 33),
    ("SC_SHARED_MEMORY_OBJECTS", 22),
    ("SC_SHRT_MAX", 113),
    ("SC_SHRT_MIN", 114),
    ("SC_SIGQUEUE_MAX", 34),
    ("SC_SSIZE_MAX", 110),
    ("SC_STREAM_MAX", 5),
    ("SC_SYNCHRONIZED_IO", 14),
    ("SC_THREADS", 67),
    ("SC_THREAD_ATTR_STACKADDR", 77),
    ("SC_THREAD_ATTR_STACKSIZE", 78),
    ("SC_THREAD_DESTRUCTOR_ITERATIONS", 73),
    ("SC_THREAD_KEYS_MAX", 74),
    ("SC_THREAD_PRIORITY_SCHEDULING", 79),
    ("SC_THREAD_PRIO_INHERIT", 80),
    ("SC_THREAD_PRIO_PROTECT", 81),
    ("SC_THREAD_PROCESS_SHARED", 82),
    ("SC_THREAD_SAFE_FUNCTIONS", 68),
    ("SC_THREAD_STACK_MIN", 75),
    ("SC_THREAD_THREADS_MAX", 76),
    ("SC_TIMERS", 11),
    ("SC_TIMER_MAX", 35),
    ("SC_TTY_NAME_MAX", 72),
    ("SC_TZNAME_MAX", 6),
    ("SC_T_IOV_MAX", 66),
    ("SC_UCHAR_MAX", 115),
    ("SC_UINT_MAX", 116),
    ("SC_UIO_MAXIOV", 60),
    ("SC_ULONG_MAX", 117),
    ("SC_USHRT_MAX", 118),
    ("SC_VERSION", 29),
    ("SC_WORD_BIT", 107),
    ("SC_XBS5_ILP32_OFF32", 125),
    ("SC_XBS5_ILP32_OFFBIG", 126),
    ("SC_XBS5_LP64_OFF64", 127),
    ("SC_XBS5_LPBIG_OFFBIG", 128),
    ("SC_XOPEN_CRYPT", 92),
    ("SC_XOPEN_ENH_I18N", 93),
    ("SC_XOPEN_LEGACY", 129),
    ("SC_XOPEN_REALTIME", 130),
    ("SC_XOPEN_REALTIME_THREADS", 131),
    ("SC_XOPEN_SHM", 94),
    ("SC_XOPEN_UNIX", 91),
    ("SC_XOPEN_VERSION", 89),
    ("SC_XOPEN_XCU_VERSION", 90),
    ("SC_XOPEN_XPG2", 98),
    ("SC_XOPEN_XPG3", 99),
    ("SC_XOPEN_XPG4", 100),
];

const CONFSTR_NAMES: &[(&str, i32)] = &[
    ("CS_GNU_LIBC_VERSION", 2),
    ("CS_GNU_LIBPTHREAD_VERSION", 3),
    ("CS_LFS64_CFLAGS", 1004),
    ("CS_LFS64_LDFLAGS", 1005),
    ("CS_LFS64_LIBS", 1006),
    ("CS_LFS64_LINTFLAGS", 1007),
    ("CS_LFS_CFLAGS", 1000),
    ("CS_LFS_LDFLAGS", 1001),
    ("CS_LFS_LIBS", 1002),
    ("CS_LFS_LINTFLAGS", 1003),
    ("CS_PATH", 0),
    ("CS_XBS5_ILP32_OFF32_CFLAGS", 1100),
    ("CS_XBS5_ILP32_OFF32_LDFLAGS", 1101),
    ("CS_XBS5_ILP32_OFF32_LIBS", 1102),
    ("CS_XBS5_ILP32_OFF32_LINTFLAGS", 1103),
    ("CS_XBS5_ILP32_OFFBIG_CFLAGS", 1104),
    ("CS_XBS5_ILP32_OFFBIG_LDFLAGS", 1105),
    ("CS_XBS5_ILP32_OFFBIG_LIBS", 1106),
    ("CS_XBS5_ILP32_OFFBIG_LINTFLAGS", 1107),
    ("CS_XBS5_LP64_OFF64_CFLAGS", 1108),
    ("CS_XBS5_LP64_OFF64_LDFLAGS", 1109),
    ("CS_XBS5_LP64_OFF64_LIBS", 1110),
    ("CS_XBS5_LP64_OFF64_LINTFLAGS", 1111),
    ("CS_XBS5_LPBIG_OFFBIG_CFLAGS", 1112),
    ("CS_XBS5_LPBIG_OFFBIG_LDFLAGS", 1113),
    ("CS_XBS5_LPBIG_OFFBIG_LIBS", 1114),
    ("CS_XBS5_LPBIG_OFFBIG_LINTFLAGS", 1115),
];

/// CPython's `conv_confname`: an int, or a name from `table`.
fn conf_name(t: &mut Thread, v: Value, table: &[(&str, i32)]) -> PyResult<i32> {
    if int::is_int(t, v) {
        return c_int(t, v);
    }
    if !pystr::is_str(t, v) {
        return Err(t.type_error("configuration names must be strings or integers"));
    }
    let name = pystr::to_rust_string(t, v);
    match table.binary_search_by(|(k, _)| (*k).cmp(name.as_str())) {
        Ok(i) => Ok(table[i].1),
        Err(_) => Err(t.value_error("unrecognized configuration name")),
    }
}

fn clear_errno() {
    // SAFETY: errno is thread-local; clearing it tells a -1 result from an error.
    unsafe { *libc::__errno_location() = 0 };
}

/// `sysconf(name, /)`.
fn posix_sysconf(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "sysconf", 1, 1)?;
    let name = conf_name(t, a.get(t, 0), SYSCONF_NAMES)?;
    clear_errno();
    // SAFETY: plain library call.
    let r = unsafe { libc::sysconf(name) };
    if r == -1 && errno() != 0 {
        return Err(os_error(t));
    }
    int::from_i64(t, r as i64)
}

/// `pathconf(path, name)` (an fd means `fpathconf`).
fn posix_pathconf(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "pathconf", &["path", "name"], 2, 2)?;
    let path = path_arg(t, opt(t, p[0]), "pathconf", "path", true, false)?;
    let name = conf_name(t, opt(t, p[1]).unwrap_or(Value::NONE), PATHCONF_NAMES)?;
    if path.null {
        // The C library would dereference the null path (CPython crashes here).
        let f = t.get(path.obj);
        return Err(crate::posix::raise_errno(t, libc::EFAULT, Some(f), None));
    }
    clear_errno();
    let r = match path.fd {
        // SAFETY: plain library call.
        Some(fd) => unsafe { libc::fpathconf(fd, name) },
        // SAFETY: the path is NUL-terminated.
        None => unsafe { libc::pathconf(path.ptr(), name) },
    };
    if r == -1 && errno() != 0 {
        // EINVAL may be about the name as well as the path: CPython names no file then.
        if errno() == libc::EINVAL {
            return Err(os_error(t));
        }
        return Err(path_error(t, &path));
    }
    int::from_i64(t, r as i64)
}

/// `fpathconf(fd, name, /)` (fd may be an object with `fileno()`).
fn posix_fpathconf(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "fpathconf", 2, 2)?;
    let fd = crate::posix_fd::fildes(t, a.get(t, 0))?;
    let name = conf_name(t, a.get(t, 1), PATHCONF_NAMES)?;
    clear_errno();
    // SAFETY: plain library call.
    let r = unsafe { libc::fpathconf(fd, name) };
    if r == -1 && errno() != 0 {
        return Err(os_error(t));
    }
    int::from_i64(t, r as i64)
}

/// `confstr(name, /)`: the string value, or None when the name has none.
fn posix_confstr(t: &mut Thread, a: Args) -> PyResult<Value> {
    posonly(t, &a, "confstr", 1, 1)?;
    let name = conf_name(t, a.get(t, 0), CONFSTR_NAMES)?;
    clear_errno();
    // SAFETY: a null buffer of size 0 only asks for the length.
    let n = unsafe { libc::confstr(name, std::ptr::null_mut(), 0) };
    if n == 0 {
        if errno() != 0 {
            return Err(os_error(t));
        }
        return Ok(Value::NONE);
    }
    let mut buf = vec![0u8; n];
    // SAFETY: buf has n writable bytes.
    unsafe { libc::confstr(name, buf.as_mut_ptr() as *mut libc::c_char, n) };
    let len = buf.iter().position(|&b| b == 0).unwrap_or(n);
    crate::posix::fs_result(t, &buf[..len], false)
}

fn names_dict(t: &mut Thread, table: &[(&str, i32)]) -> PyResult<Value> {
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    for &(k, v) in table {
        dict::set_str(t, t.get(hd), k, Value::small_int(v as i64))?;
    }
    Ok(t.get(hd))
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    add_functions(
        t,
        hd,
        &[
            ("sysconf", posix_sysconf),
            ("pathconf", posix_pathconf),
            ("fpathconf", posix_fpathconf),
            ("confstr", posix_confstr),
        ],
    )?;
    for (name, table) in [
        ("pathconf_names", PATHCONF_NAMES),
        ("sysconf_names", SYSCONF_NAMES),
        ("confstr_names", CONFSTR_NAMES),
    ] {
        let d = names_dict(t, table)?;
        dict::set_str(t, t.get(hd), name, d)?;
    }
    Ok(())
}

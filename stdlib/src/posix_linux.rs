//! Linux-specific posix calls on descriptors: `memfd_create`, `eventfd` with
//! `eventfd_read`/`eventfd_write`, and the in-kernel copies `copy_file_range` and `splice`.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::Args;
use ember_vm::objects::{int, numeric};
use ember_vm::thread::{Handle, Thread};

use crate::posix::{add_functions, bind, c_int, c_long, errno, opt, os_error};

/// An `unsigned int` taken modulo 2**32, as CPython's `unsigned_int(bitwise=True)`.
fn uint_mask(t: &mut Thread, v: Value) -> PyResult<u32> {
    let i = numeric::index(t, v)?;
    let b = int::to_bigint(t, i);
    let digits = b.to_u32_digits();
    let low = digits.1.first().copied().unwrap_or(0);
    Ok(if digits.0 == num_bigint::Sign::Minus {
        low.wrapping_neg()
    } else {
        low
    })
}

/// An int that must be non-negative and fit `max` (CPython's unsigned converters).
fn unsigned_arg(t: &mut Thread, v: Value, max: u64, too_big: &str) -> PyResult<u64> {
    if !int::is_int(t, v) {
        return Err(t.type_error("an integer is required"));
    }
    let b = int::to_bigint(t, int::int_value(t, v));
    if b.sign() == num_bigint::Sign::Minus {
        return Err(t.value_error("value must be positive"));
    }
    match u64::try_from(&b) {
        Ok(n) if n <= max => Ok(n),
        _ => Err(t.overflow_error(too_big)),
    }
}

/// `memfd_create(name, flags=MFD_CLOEXEC)`: an anonymous in-memory file.
fn posix_memfd_create(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "memfd_create", &["name", "flags"], 1, 2)?;
    let name = crate::posix_proc::fs_converter(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let flags = match opt(t, p[1]) {
        Some(f) => uint_mask(t, f)?,
        None => libc::MFD_CLOEXEC,
    };
    // SAFETY: the name is NUL-terminated.
    let fd = unsafe { libc::memfd_create(name.as_ptr(), flags) };
    if fd < 0 {
        return Err(os_error(t));
    }
    Ok(Value::small_int(fd as i64))
}

/// `eventfd(initval, flags=EFD_CLOEXEC)`.
fn posix_eventfd(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "eventfd", &["initval", "flags"], 1, 2)?;
    let init = unsigned_arg(
        t,
        opt(t, p[0]).unwrap_or(Value::NONE),
        u32::MAX as u64,
        "Python int too large for C unsigned int",
    )?;
    let flags = match opt(t, p[1]) {
        Some(f) => c_int(t, f)?,
        None => libc::EFD_CLOEXEC,
    };
    // SAFETY: plain system call.
    let fd = unsafe { libc::eventfd(init as libc::c_uint, flags) };
    if fd < 0 {
        return Err(os_error(t));
    }
    Ok(Value::small_int(fd as i64))
}

/// `eventfd_read(fd)`: the counter's value.
fn posix_eventfd_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "eventfd_read", &["fd"], 1, 1)?;
    let fd = crate::posix_fd::fildes(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let mut value: libc::eventfd_t = 0;
    loop {
        // SAFETY: eventfd_read writes the counter we own.
        if unsafe { libc::eventfd_read(fd, &mut value) } == 0 {
            break;
        }
        if errno() != libc::EINTR {
            return Err(os_error(t));
        }
    }
    int::from_i128(t, value as i128)
}

/// `eventfd_write(fd, value)`.
fn posix_eventfd_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "eventfd_write", &["fd", "value"], 2, 2)?;
    let fd = crate::posix_fd::fildes(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let value = unsigned_arg(
        t,
        opt(t, p[1]).unwrap_or(Value::NONE),
        u64::MAX,
        "int too big to convert",
    )?;
    loop {
        // SAFETY: plain library call.
        if unsafe { libc::eventfd_write(fd, value) } == 0 {
            return Ok(Value::NONE);
        }
        if errno() != libc::EINTR {
            return Err(os_error(t));
        }
    }
}

/// The `count` and offsets shared by copy_file_range and splice.
struct Copy {
    count: usize,
    off_src: Option<i64>,
    off_dst: Option<i64>,
}

fn copy_args(t: &mut Thread, p: &[Option<Handle>]) -> PyResult<Copy> {
    let count = numeric::as_ssize(
        t,
        opt(t, p[2]).unwrap_or(Value::NONE),
        Some("Python int too large to convert to C ssize_t"),
    )?;
    if count < 0 {
        return Err(t.value_error("negative value for 'count' not allowed"));
    }
    let mut offs = [None, None];
    for (i, off) in offs.iter_mut().enumerate() {
        if let Some(v) = opt(t, p[3 + i]).filter(|v| !v.is_none()) {
            *off = Some(c_long(t, v)?);
        }
    }
    Ok(Copy {
        count: count as usize,
        off_src: offs[0],
        off_dst: offs[1],
    })
}

fn off_ptr(off: &mut Option<i64>) -> *mut i64 {
    match off.as_mut() {
        Some(o) => o as *mut i64,
        None => std::ptr::null_mut(),
    }
}

/// `copy_file_range(src, dst, count, offset_src=None, offset_dst=None)`.
fn posix_copy_file_range(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "copy_file_range",
        &["src", "dst", "count", "offset_src", "offset_dst"],
        3,
        5,
    )?;
    let src = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let dst = c_int(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    let mut c = copy_args(t, &p)?;
    let r = loop {
        // SAFETY: the offset pointers are null or point at our offsets.
        let r = unsafe {
            libc::copy_file_range(
                src,
                off_ptr(&mut c.off_src),
                dst,
                off_ptr(&mut c.off_dst),
                c.count,
                0,
            )
        };
        if r >= 0 || errno() != libc::EINTR {
            break r;
        }
    };
    if r < 0 {
        return Err(os_error(t));
    }
    int::from_i64(t, r as i64)
}

/// `splice(src, dst, count, offset_src=None, offset_dst=None, flags=0)`.
fn posix_splice(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(
        t,
        &a,
        "splice",
        &["src", "dst", "count", "offset_src", "offset_dst", "flags"],
        3,
        6,
    )?;
    let src = c_int(t, opt(t, p[0]).unwrap_or(Value::NONE))?;
    let dst = c_int(t, opt(t, p[1]).unwrap_or(Value::NONE))?;
    let mut c = copy_args(t, &p)?;
    let flags = match opt(t, p[5]) {
        Some(f) => unsigned_arg(
            t,
            f,
            u32::MAX as u64,
            "Python int too large for C unsigned int",
        )? as u32,
        None => 0,
    };
    let r = loop {
        // SAFETY: the offset pointers are null or point at our offsets.
        let r = unsafe {
            libc::splice(
                src,
                off_ptr(&mut c.off_src),
                dst,
                off_ptr(&mut c.off_dst),
                c.count,
                flags,
            )
        };
        if r >= 0 || errno() != libc::EINTR {
            break r;
        }
    };
    if r < 0 {
        return Err(os_error(t));
    }
    int::from_i64(t, r as i64)
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    add_functions(
        t,
        hd,
        &[
            ("memfd_create", posix_memfd_create),
            ("eventfd", posix_eventfd),
            ("eventfd_read", posix_eventfd_read),
            ("eventfd_write", posix_eventfd_write),
            ("copy_file_range", posix_copy_file_range),
            ("splice", posix_splice),
        ],
    )
}

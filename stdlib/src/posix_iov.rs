//! Vectored I/O: `readv`/`writev` at the file position and `preadv`/`pwritev` at an offset
//! (with `RWF_*` flags through `preadv2`/`pwritev2`). Data goes through Rust buffers, so no
//! pointer into the moving heap is ever given to the kernel.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::Args;
use ember_vm::objects::{bytearray, bytes, dict, int, list, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::{Handle, Thread};

use crate::posix::{add_functions, c_int, c_long, errno, os_error, posonly};

/// The items of the `buffers` argument (CPython's `PySequence_Check` and
/// `PySequence_Fast`), rooted.
fn buffer_items(t: &mut Thread, v: Value, fname: &str) -> PyResult<Vec<Handle>> {
    let hv = t.root(v);
    let is_seq = list::is_list(t, v) || tuple::is_tuple(t, v) || {
        let ty = t.type_of(v);
        !dict::is_dict(t, v)
            && type_::lookup_sym(t, ty, ember_vm::symbols::sym::__getitem__).is_some()
    };
    if !is_seq {
        return Err(t.type_error(&format!("{fname}() arg 2 must be a sequence")));
    }
    let n = protocol::len(t, t.get(hv))?;
    // `n` comes from a `__len__` that Python code controls: do not trust it for capacity.
    let mut out = Vec::with_capacity(n.min(1024));
    for i in 0..n {
        let item = protocol::getitem(t, t.get(hv), Value::small_int(i as i64))?;
        out.push(t.root(item));
    }
    Ok(out)
}

/// Where a transfer happens: at (and advancing) the file position, or at an offset.
#[derive(Clone, Copy)]
enum At {
    Position,
    Offset { offset: i64, flags: i32 },
}

/// The fd, the buffers and the place of a vectored call (`fd, buffers[, offset[, flags]]`).
fn parse(
    t: &mut Thread,
    a: &Args,
    fname: &str,
    at_offset: bool,
) -> PyResult<(i32, Vec<Handle>, At)> {
    if at_offset {
        posonly(t, a, fname, 3, 4)?;
    } else {
        posonly(t, a, fname, 2, 2)?;
    }
    let fd = c_int(t, a.get(t, 0))?;
    let items = buffer_items(t, a.get(t, 1), fname)?;
    let at = if at_offset {
        let offset = c_long(t, a.get(t, 2))?;
        let flags = match a.opt(t, 3) {
            Some(f) => c_int(t, f)?,
            None => 0,
        };
        At::Offset { offset, flags }
    } else {
        At::Position
    };
    Ok((fd, items, at))
}

/// Runs `f` until it does not fail with EINTR.
fn retry(mut f: impl FnMut() -> isize) -> isize {
    loop {
        let r = f();
        if r >= 0 || errno() != libc::EINTR {
            return r;
        }
    }
}

fn write_impl(t: &mut Thread, a: &Args, fname: &str, at_offset: bool) -> PyResult<Value> {
    let (fd, items, at) = parse(t, a, fname, at_offset)?;
    let mut bufs: Vec<Vec<u8>> = Vec::with_capacity(items.len());
    for h in items {
        let v = t.get(h);
        match bytes::bytes_owned(t, v) {
            Some(b) => bufs.push(b),
            None => {
                let msg = format!(
                    "a bytes-like object is required, not '{}'",
                    type_::type_name_of(t, v)
                );
                return Err(t.type_error(&msg));
            }
        }
    }
    let iov: Vec<libc::iovec> = bufs
        .iter()
        .map(|b| libc::iovec {
            iov_base: b.as_ptr() as *mut libc::c_void,
            iov_len: b.len(),
        })
        .collect();
    let n = iov.len() as libc::c_int;
    // SAFETY: every iovec points into a buffer of `bufs`, alive for the call.
    let r = retry(|| unsafe {
        match at {
            At::Position => libc::writev(fd, iov.as_ptr(), n),
            At::Offset { offset, flags: 0 } => libc::pwritev(fd, iov.as_ptr(), n, offset),
            At::Offset { offset, flags } => libc::pwritev2(fd, iov.as_ptr(), n, offset, flags),
        }
    });
    if r < 0 {
        return Err(os_error(t));
    }
    int::from_i64(t, r as i64)
}

fn read_impl(t: &mut Thread, a: &Args, fname: &str, at_offset: bool) -> PyResult<Value> {
    let (fd, items, at) = parse(t, a, fname, at_offset)?;
    let mut sizes = Vec::with_capacity(items.len());
    for h in &items {
        let v = t.get(*h);
        if bytearray::is_bytearray(t, v) {
            sizes.push(bytearray::data(t, v).len());
        } else if bytes::bytes_like(t, v).is_some() {
            // FIXME(buffers): a memoryview of a bytearray is writable in CPython.
            return Err(t.raise_msg(BuiltinType::BufferError, "Object is not writable."));
        } else {
            let msg = format!(
                "a bytes-like object is required, not '{}'",
                type_::type_name_of(t, v)
            );
            return Err(t.type_error(&msg));
        }
    }
    let mut bufs: Vec<Vec<u8>> = sizes.iter().map(|n| vec![0u8; *n]).collect();
    let iov: Vec<libc::iovec> = bufs
        .iter_mut()
        .map(|b| libc::iovec {
            iov_base: b.as_mut_ptr() as *mut libc::c_void,
            iov_len: b.len(),
        })
        .collect();
    let n = iov.len() as libc::c_int;
    // SAFETY: every iovec points into a buffer of `bufs`, alive for the call.
    let r = retry(|| unsafe {
        match at {
            At::Position => libc::readv(fd, iov.as_ptr(), n),
            At::Offset { offset, flags: 0 } => libc::preadv(fd, iov.as_ptr(), n, offset),
            At::Offset { offset, flags } => libc::preadv2(fd, iov.as_ptr(), n, offset, flags),
        }
    });
    if r < 0 {
        return Err(os_error(t));
    }
    // Copy what was read back into the bytearrays, in order.
    let mut left = r as usize;
    for (h, b) in items.iter().zip(&bufs) {
        if left == 0 {
            break;
        }
        let v = t.get(*h);
        let dst = bytearray::data_mut(t, v);
        let n = left.min(b.len()).min(dst.len());
        dst[..n].copy_from_slice(&b[..n]);
        left -= n;
    }
    int::from_i64(t, r as i64)
}

/// `writev(fd, buffers, /)`: the number of bytes written.
fn posix_writev(t: &mut Thread, a: Args) -> PyResult<Value> {
    write_impl(t, &a, "writev", false)
}

/// `readv(fd, buffers, /)`: fills the given bytearrays in order; the number of bytes read.
fn posix_readv(t: &mut Thread, a: Args) -> PyResult<Value> {
    read_impl(t, &a, "readv", false)
}

/// `pwritev(fd, buffers, offset, flags=0, /)`.
fn posix_pwritev(t: &mut Thread, a: Args) -> PyResult<Value> {
    write_impl(t, &a, "pwritev", true)
}

/// `preadv(fd, buffers, offset, flags=0, /)`.
fn posix_preadv(t: &mut Thread, a: Args) -> PyResult<Value> {
    read_impl(t, &a, "preadv", true)
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    add_functions(
        t,
        hd,
        &[
            ("readv", posix_readv),
            ("writev", posix_writev),
            ("preadv", posix_preadv),
            ("pwritev", posix_pwritev),
        ],
    )
}

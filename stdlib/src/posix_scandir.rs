//! `scandir` and its types, `posix.DirEntry` and `posix.ScandirIterator`.
//!
//! Unlike CPython, `scandir` reads the whole directory when called and closes the stream
//! at once (ember has no finalizers to close a forgotten stream); the iterator then walks
//! the list of entries. A DirEntry keeps the `d_type` and inode the directory listing
//! reported and caches its `stat`/`lstat` results, as CPython's does.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::descriptors::{self, member_kind};
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::{bytes, dict, int, list, str as pystr, tuple};
use ember_vm::protocol;
use ember_vm::thread::{Handle, Thread};

use crate::posix::{add_functions, bind, fs_result, noargs, opt, path_arg, raise_errno, truth};
use crate::posix_statresult::stat_result;

const DIR_ENTRY: NativeTypeSpec = NativeTypeSpec {
    module: "posix",
    name: "DirEntry",
    slots: 7,
    basetype: false,
    dict: false,
};
const DIR_ENTRY_KEY: &str = "posix.DirEntry";

// DirEntry slots.
const NAME: usize = 0;
const PATH: usize = 1;
const D_TYPE: usize = 2;
const INO: usize = 3;
const STAT: usize = 4;
const LSTAT: usize = 5;
/// The directory fd given to scandir, or None (paths are then relative to the cwd).
const DIR_FD: usize = 6;

const ITERATOR: NativeTypeSpec = NativeTypeSpec {
    module: "posix",
    name: "ScandirIterator",
    slots: 2,
    basetype: false,
    dict: false,
};
const ITERATOR_KEY: &str = "posix.ScandirIterator";

// ScandirIterator slots: the list of entries (None once closed) and the next index.
const ENTRIES: usize = 0;
const NEXT: usize = 1;

fn registered(t: &mut Thread, key: &str) -> PyResult<Value> {
    match native_type::native_type(t, key) {
        Some(ty) => Ok(ty),
        None => Err(t.system_error("posix scandir types are not initialised")),
    }
}

/// `scandir(path=None)`.
fn posix_scandir(t: &mut Thread, a: Args) -> PyResult<Value> {
    let p = bind(t, &a, "scandir", &["path"], 0, 1)?;
    let path = path_arg(t, opt(t, p[0]), "scandir", "path", true, true)?;
    let entries = crate::posix_fs::read_dir(&path)
        .map_err(|e| crate::posix_fs::read_dir_error(t, &path, e))?;
    let entry_ty = registered(t, DIR_ENTRY_KEY)?;
    let hty = t.root(entry_ty);
    let out = list::new_list(t, entries.len())?;
    let hout = t.root(out);
    let mut prefix = path.as_bytes().to_vec();
    if !prefix.is_empty() && !prefix.ends_with(b"/") {
        prefix.push(b'/');
    }
    let dir_fd = match path.fd {
        Some(fd) => Value::small_int(fd as i64),
        None => Value::NONE,
    };
    for (name, d_type, ino) in &entries {
        let mark = t.handle_mark();
        let n = fs_result(t, name, path.bytes)?;
        let hn = t.root(n);
        let full = if path.fd.is_some() {
            n
        } else {
            let mut full = prefix.clone();
            full.extend_from_slice(name);
            fs_result(t, &full, path.bytes)?
        };
        let hfull = t.root(full);
        let inode = int::from_i128(t, *ino as i128)?;
        let e = native_type::new_instance(
            t,
            t.get(hty),
            &[
                t.get(hn),
                t.get(hfull),
                Value::small_int(*d_type as i64),
                inode,
                Value::NONE,
                Value::NONE,
                dir_fd,
            ],
        )?;
        list::append(t, t.get(hout), e)?;
        t.handle_release(mark);
    }
    let it_ty = registered(t, ITERATOR_KEY)?;
    native_type::new_instance(t, it_ty, &[t.get(hout), Value::small_int(0)])
}

// ----- ScandirIterator -----

fn it_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "ScandirIterator.__iter__", 1)?;
    Ok(a.get(t, 0))
}

fn it_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "ScandirIterator.__next__", 1)?;
    let it = a.get(t, 0);
    let entries = t.heap.slot(it, ENTRIES);
    let i = t.heap.slot(it, NEXT).as_small_int().max(0) as usize;
    if !list::is_list(t, entries) || i >= list::len(t, entries) {
        t.heap.set_slot(it, ENTRIES, Value::NONE);
        return Err(t.raise_empty(BuiltinType::StopIteration));
    }
    let e = list::get(t, entries, i);
    t.heap.set_slot(it, NEXT, Value::small_int(i as i64 + 1));
    Ok(e)
}

fn it_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "ScandirIterator.close", 1)?;
    t.heap.set_slot(a.get(t, 0), ENTRIES, Value::NONE);
    Ok(Value::NONE)
}

fn it_enter(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "ScandirIterator.__enter__", 1)?;
    Ok(a.get(t, 0))
}

fn it_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "ScandirIterator.__exit__")?;
    t.heap.set_slot(a.get(t, 0), ENTRIES, Value::NONE);
    Ok(Value::NONE)
}

// ----- DirEntry -----

/// The arguments after self, as their own `Args` (keywords stay where they are).
fn after_self(a: &Args) -> Args {
    Args {
        base: a.base + 1,
        nargs: a.nargs.saturating_sub(1),
        nkw: a.nkw,
    }
}

fn follow_arg(t: &mut Thread, a: &Args, fname: &str) -> PyResult<bool> {
    let p = bind(t, &after_self(a), fname, &["follow_symlinks"], 0, 0)?;
    truth(t, opt(t, p[0]), true)
}

/// Stats the entry (following symlinks or not), caching the result in the entry.
fn entry_stat(t: &mut Thread, e: Handle, follow: bool) -> PyResult<Value> {
    let slot = if follow { STAT } else { LSTAT };
    let cached = t.heap.slot(t.get(e), slot);
    if !cached.is_none() {
        return Ok(cached);
    }
    let obj = t.get(e);
    let dirfd = t.heap.slot(obj, DIR_FD);
    let dirfd = if dirfd.is_small_int() {
        dirfd.as_small_int() as i32
    } else {
        libc::AT_FDCWD
    };
    let pathv = t.heap.slot(obj, PATH);
    let raw = if bytes::is_bytes(t, pathv) {
        bytes::bytes_like(t, pathv)
            .map(|b| b.to_vec())
            .unwrap_or_default()
    } else {
        pystr::str_bytes_owned(t, pathv)
    };
    let c = std::ffi::CString::new(raw).unwrap_or_default();
    // SAFETY: struct stat is plain old data; all-zero bytes are a valid value.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: the path is NUL-terminated; st is ours.
    if unsafe { libc::fstatat(dirfd, c.as_ptr(), &mut st, flags) } != 0 {
        let code = crate::posix::errno();
        let f = t.heap.slot(t.get(e), PATH);
        return Err(raise_errno(t, code, Some(f), None));
    }
    let r = stat_result(t, &st)?;
    t.heap.set_slot(t.get(e), slot, r);
    Ok(r)
}

/// `st_mode` of a stat_result.
fn mode_of(t: &Thread, st: Value) -> u32 {
    let tup = tuple::tuple_value(t, st);
    tuple::get(t, tup, 0).as_small_int() as u32
}

fn is_symlink_impl(t: &mut Thread, e: Handle) -> PyResult<bool> {
    let d_type = t.heap.slot(t.get(e), D_TYPE).as_small_int() as u8;
    if d_type != libc::DT_UNKNOWN {
        return Ok(d_type == libc::DT_LNK);
    }
    let st = entry_stat(t, e, false)?;
    Ok(mode_of(t, st) & libc::S_IFMT == libc::S_IFLNK)
}

/// CPython's `DirEntry_test_mode`: whether the entry is of file type `bits`.
fn test_mode(t: &mut Thread, e: Handle, follow: bool, bits: u32) -> PyResult<bool> {
    let d_type = t.heap.slot(t.get(e), D_TYPE).as_small_int() as u8;
    let need_stat = d_type == libc::DT_UNKNOWN || (follow && is_symlink_impl(t, e)?);
    if need_stat {
        let st = match entry_stat(t, e, follow) {
            Ok(st) => st,
            Err(r) => {
                if t.exception_matches(BuiltinType::FileNotFoundError) {
                    t.take_exception();
                    return Ok(false);
                }
                return Err(r);
            }
        };
        return Ok(mode_of(t, st) & libc::S_IFMT == bits);
    }
    Ok(if bits == libc::S_IFDIR {
        d_type == libc::DT_DIR
    } else {
        d_type == libc::DT_REG
    })
}

fn entry_is_dir(t: &mut Thread, a: Args) -> PyResult<Value> {
    let follow = follow_arg(t, &a, "is_dir")?;
    let e = t.root(a.get(t, 0));
    test_mode(t, e, follow, libc::S_IFDIR).map(Value::from_bool)
}

fn entry_is_file(t: &mut Thread, a: Args) -> PyResult<Value> {
    let follow = follow_arg(t, &a, "is_file")?;
    let e = t.root(a.get(t, 0));
    test_mode(t, e, follow, libc::S_IFREG).map(Value::from_bool)
}

fn entry_is_symlink(t: &mut Thread, a: Args) -> PyResult<Value> {
    // CPython's clinic signature takes no parameters and ignores keywords.
    if a.len() > 1 {
        return Err(t.type_error("is_symlink() takes no arguments"));
    }
    let e = t.root(a.get(t, 0));
    is_symlink_impl(t, e).map(Value::from_bool)
}

fn entry_stat_method(t: &mut Thread, a: Args) -> PyResult<Value> {
    let follow = follow_arg(t, &a, "stat")?;
    let e = t.root(a.get(t, 0));
    if follow && is_symlink_impl(t, e)? {
        entry_stat(t, e, true)
    } else {
        // A non-symlink's stat is its lstat; cache it under both.
        let st = entry_stat(t, e, false)?;
        if follow {
            t.heap.set_slot(t.get(e), STAT, st);
        }
        Ok(st)
    }
}

fn entry_inode(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "DirEntry.inode", 1)?;
    Ok(t.heap.slot(a.get(t, 0), INO))
}

fn entry_fspath(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "DirEntry.__fspath__", 1)?;
    Ok(t.heap.slot(a.get(t, 0), PATH))
}

fn entry_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "DirEntry.__repr__", 1)?;
    let name = t.heap.slot(a.get(t, 0), NAME);
    let r = protocol::repr_string(t, name)?;
    pystr::new_str(t, &format!("<DirEntry {r}>"))
}

fn entry_class_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "DirEntry.__class_getitem__", 2, 2)?;
    let ga = t.ty(BuiltinType::GenericAlias);
    let (cls, item) = (a.get(t, 0), a.get(t, 1));
    protocol::call(t, ga, &[cls, item])
}

fn add_member(t: &mut Thread, ty: Handle, name: &str, index: usize) -> PyResult<()> {
    let n = pystr::new_str(t, name)?;
    let m = descriptors::new_member_of_kind(t, n, t.get(ty), index, member_kind::READONLY_SLOT)?;
    let d = ember_vm::objects::type_::type_dict(t, t.get(ty));
    dict::set_str(t, d, name, m)
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    add_functions(t, hd, &[("scandir", posix_scandir)])?;
    let ty = native_type::new_native_type(t, DIR_ENTRY_KEY, &DIR_ENTRY)?;
    let hty = t.root(ty);
    native_type::forbid_new(t, ty)?;
    add_member(t, hty, "name", NAME)?;
    add_member(t, hty, "path", PATH)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("is_dir", entry_is_dir),
        ("is_file", entry_is_file),
        ("is_symlink", entry_is_symlink),
        ("stat", entry_stat_method),
        ("inode", entry_inode),
        ("__fspath__", entry_fspath),
        ("__repr__", entry_repr),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(hty), name, *f)?;
    }
    native::add_classmethod(t, t.get(hty), "__class_getitem__", entry_class_getitem)?;
    dict::set_str(t, t.get(hd), "DirEntry", t.get(hty))?;

    let it = native_type::new_native_type(t, ITERATOR_KEY, &ITERATOR)?;
    let hit = t.root(it);
    native_type::forbid_new(t, it)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__iter__", it_iter),
        ("__next__", it_next),
        ("close", it_close),
        ("__enter__", it_enter),
        ("__exit__", it_exit),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(hit), name, *f)?;
    }
    Ok(())
}

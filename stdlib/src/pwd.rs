//! The `pwd` and `grp` modules: the password and group databases through libc's reentrant
//! lookups (`getpwnam_r`, `getgrgid_r`, ...), as struct sequences.

use std::ffi::{CStr, CString};

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::structseq::{self, StructSeqDesc};
use ember_vm::objects::{dict, int, list, module, native_type, str as pystr, type_};
use ember_vm::thread::Thread;

const PASSWD: StructSeqDesc = StructSeqDesc {
    module: "pwd",
    name: "struct_passwd",
    doc: "pwd.struct_passwd: Results from getpw*() routines.\n\nThis object may be accessed either as a tuple of\n  (pw_name,pw_passwd,pw_uid,pw_gid,pw_gecos,pw_dir,pw_shell)\nor via the object attributes as named in the above tuple.",
    fields: &[
        "pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell",
    ],
    n_in_sequence: 7,
    instantiable: true,
};

const GROUP: StructSeqDesc = StructSeqDesc {
    module: "grp",
    name: "struct_group",
    doc: "grp.struct_group: Results from getgr*() routines.\n\nThis object may be accessed either as a tuple of\n  (gr_name,gr_passwd,gr_gid,gr_mem)\nor via the object attributes as named in the above tuple.\n",
    fields: &["gr_name", "gr_passwd", "gr_gid", "gr_mem"],
    n_in_sequence: 4,
    instantiable: true,
};

const PASSWD_KEY: &str = "pwd.struct_passwd";
const GROUP_KEY: &str = "grp.struct_group";

fn seq_type(t: &mut Thread, key: &'static str, desc: &StructSeqDesc) -> PyResult<Value> {
    if let Some(ty) = native_type::native_type(t, key) {
        return Ok(ty);
    }
    let ty = structseq::new_type(t, desc)?;
    t.native_types.push((key, ty));
    Ok(ty)
}

/// A C string field as str (the file system encoding, lossy for undecodable bytes).
fn cstr(t: &mut Thread, p: *const libc::c_char) -> PyResult<Value> {
    if p.is_null() {
        return pystr::new_str(t, "");
    }
    // SAFETY: libc returned a valid NUL-terminated string inside the caller's buffer.
    let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    pystr::new_str(t, &s)
}

fn passwd_value(t: &mut Thread, p: &libc::passwd) -> PyResult<Value> {
    let ty = seq_type(t, PASSWD_KEY, &PASSWD)?;
    let hty = t.root(ty);
    let mark = t.handle_mark();
    let mut hs = Vec::new();
    for v in [p.pw_name, p.pw_passwd] {
        let s = cstr(t, v)?;
        hs.push(t.root(s));
    }
    let uid = int::from_i64(t, p.pw_uid as i64)?;
    hs.push(t.root(uid));
    let gid = int::from_i64(t, p.pw_gid as i64)?;
    hs.push(t.root(gid));
    for v in [p.pw_gecos, p.pw_dir, p.pw_shell] {
        let s = cstr(t, v)?;
        hs.push(t.root(s));
    }
    let vals: Vec<Value> = hs.iter().map(|h| t.get(*h)).collect();
    let r = structseq::new(t, t.get(hty), &vals);
    t.handle_release(mark);
    r
}

fn group_value(t: &mut Thread, g: &libc::group) -> PyResult<Value> {
    let ty = seq_type(t, GROUP_KEY, &GROUP)?;
    let hty = t.root(ty);
    let mark = t.handle_mark();
    let name = cstr(t, g.gr_name)?;
    let hn = t.root(name);
    let pw = cstr(t, g.gr_passwd)?;
    let hp = t.root(pw);
    let gid = int::from_i64(t, g.gr_gid as i64)?;
    let hg = t.root(gid);
    let mem = list::new_list(t, 0)?;
    let hm = t.root(mem);
    let mut p = g.gr_mem;
    // SAFETY: gr_mem is a NULL-terminated array of C strings in the caller's buffer.
    unsafe {
        while !p.is_null() && !(*p).is_null() {
            let s = cstr(t, *p)?;
            list::append(t, t.get(hm), s)?;
            p = p.add(1);
        }
    }
    let vals = [t.get(hn), t.get(hp), t.get(hg), t.get(hm)];
    let r = structseq::new(t, t.get(hty), &vals);
    t.handle_release(mark);
    r
}

/// Runs a `get*_r` lookup with a growing buffer and converts the entry with `convert`
/// while the buffer its strings point into is alive; None when there is no entry.
fn lookup_r<T, R>(
    mut f: impl FnMut(&mut T, &mut [libc::c_char], &mut *mut T) -> libc::c_int,
    convert: impl FnOnce(&T) -> R,
) -> Option<R> {
    let mut size = 1024usize;
    loop {
        let mut buf = vec![0 as libc::c_char; size];
        // SAFETY: the entry struct is plain old data that the call fills in.
        let mut entry: T = unsafe { std::mem::zeroed() };
        let mut result: *mut T = std::ptr::null_mut();
        let r = f(&mut entry, &mut buf, &mut result);
        if r == libc::ERANGE && size < (1 << 24) {
            size *= 2;
            continue;
        }
        if r != 0 || result.is_null() {
            return None;
        }
        return Some(convert(&entry));
    }
}

fn id_arg(t: &mut Thread, v: Value, what: &str) -> PyResult<i64> {
    if !int::is_int(t, v) {
        let msg = format!(
            "{what} should be integer, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    Ok(int::to_i64(t, v).unwrap_or(-1))
}

fn name_arg(t: &mut Thread, v: Value, fname: &str) -> PyResult<String> {
    if !pystr::is_str(t, v) {
        let msg = format!(
            "{fname}() argument must be str, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    Ok(pystr::to_rust_string(t, v))
}

fn not_found(t: &mut Thread, msg: String) -> ember_vm::errors::Raised {
    match pystr::new_str(t, &msg) {
        Ok(s) => t.key_error(s),
        Err(r) => r,
    }
}

fn getpwuid(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getpwuid", 1, 1)?;
    let uid = id_arg(t, a.get(t, 0), "uid")?;
    let found = if (0..=u32::MAX as i64).contains(&uid) {
        lookup_r(
            // SAFETY: the buffers and out-pointer are valid for the call.
            |e: &mut libc::passwd, b, r| unsafe {
                libc::getpwuid_r(uid as libc::uid_t, e, b.as_mut_ptr(), b.len(), r)
            },
            |p| passwd_value(t, p),
        )
    } else {
        None
    };
    match found {
        Some(v) => v,
        None => Err(not_found(t, format!("getpwuid(): uid not found: {uid}"))),
    }
}

fn getpwnam(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getpwnam", 1, 1)?;
    let name = name_arg(t, a.get(t, 0), "getpwnam")?;
    let found = match CString::new(name) {
        Ok(c) => lookup_r(
            // SAFETY: as for getpwuid.
            |e: &mut libc::passwd, b, r| unsafe {
                libc::getpwnam_r(c.as_ptr(), e, b.as_mut_ptr(), b.len(), r)
            },
            |p| passwd_value(t, p),
        ),
        Err(_) => None,
    };
    match found {
        Some(v) => v,
        None => {
            let r = ember_vm::protocol::repr_string(t, a.get(t, 0))?;
            Err(not_found(t, format!("getpwnam(): name not found: {r}")))
        }
    }
}

fn getpwall(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getpwall", 0, 0)?;
    let l = list::new_list(t, 0)?;
    let hl = t.root(l);
    // SAFETY: the non-reentrant iteration is used from the one interpreter thread; each
    // entry is converted before the next call.
    unsafe {
        libc::setpwent();
        loop {
            let p = libc::getpwent();
            if p.is_null() {
                break;
            }
            let v = passwd_value(t, &*p)?;
            list::append(t, t.get(hl), v)?;
        }
        libc::endpwent();
    }
    Ok(t.get(hl))
}

fn getgrgid(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getgrgid", 1, 1)?;
    let gid = id_arg(t, a.get(t, 0), "gid")?;
    let found = if (0..=u32::MAX as i64).contains(&gid) {
        lookup_r(
            // SAFETY: the buffers and out-pointer are valid for the call.
            |e: &mut libc::group, b, r| unsafe {
                libc::getgrgid_r(gid as libc::gid_t, e, b.as_mut_ptr(), b.len(), r)
            },
            |g| group_value(t, g),
        )
    } else {
        None
    };
    match found {
        Some(v) => v,
        None => Err(not_found(t, format!("getgrgid(): gid not found: {gid}"))),
    }
}

fn getgrnam(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getgrnam", 1, 1)?;
    let name = name_arg(t, a.get(t, 0), "getgrnam")?;
    let found = match CString::new(name) {
        Ok(c) => lookup_r(
            // SAFETY: as for getgrgid.
            |e: &mut libc::group, b, r| unsafe {
                libc::getgrnam_r(c.as_ptr(), e, b.as_mut_ptr(), b.len(), r)
            },
            |g| group_value(t, g),
        ),
        Err(_) => None,
    };
    match found {
        Some(v) => v,
        None => {
            let r = ember_vm::protocol::repr_string(t, a.get(t, 0))?;
            Err(not_found(t, format!("getgrnam(): name not found: {r}")))
        }
    }
}

fn getgrall(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getgrall", 0, 0)?;
    let l = list::new_list(t, 0)?;
    let hl = t.root(l);
    // SAFETY: as for getpwall.
    unsafe {
        libc::setgrent();
        loop {
            let g = libc::getgrent();
            if g.is_null() {
                break;
            }
            let v = group_value(t, &*g)?;
            list::append(t, t.get(hl), v)?;
        }
        libc::endgrent();
    }
    Ok(t.get(hl))
}

pub fn init_pwd(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "pwd")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    for (name, f) in [
        ("getpwuid", getpwuid as native::NativeFn),
        ("getpwnam", getpwnam),
        ("getpwall", getpwall),
    ] {
        native::add_function(t, t.get(hd), "pwd", name, f)?;
    }
    let ty = seq_type(t, PASSWD_KEY, &PASSWD)?;
    dict::set_str(t, t.get(hd), "struct_passwd", ty)?;
    Ok(t.get(hm))
}

pub fn init_grp(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "grp")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    for (name, f) in [
        ("getgrgid", getgrgid as native::NativeFn),
        ("getgrnam", getgrnam),
        ("getgrall", getgrall),
    ] {
        native::add_function(t, t.get(hd), "grp", name, f)?;
    }
    let ty = seq_type(t, GROUP_KEY, &GROUP)?;
    dict::set_str(t, t.get(hd), "struct_group", ty)?;
    Ok(t.get(hm))
}

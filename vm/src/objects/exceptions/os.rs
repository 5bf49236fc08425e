//! `OSError`: the `(errno, strerror[, filename[, winerror[, filename2]]])` signature, the
//! errno-to-subclass mapping of `OSError.__new__`, and `__str__`.
//!
//! As in CPython, arguments are parsed in `__new__` unless a subclass overrides `__init__`
//! (and not `__new__`), in which case `OSError.__init__` parses them when the subclass
//! calls it.

use ember_gc::Value;

use super::{field, new_exception_tuple, no_keywords, rest_tuple, self_exc, set_field};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{int, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// The subclass `OSError(errno, ...)` creates, as CPython's errnomap (Linux values).
pub(super) fn errno_subclass(errno: i64) -> Option<BuiltinType> {
    use BuiltinType as B;
    Some(match errno {
        11 | 114 | 115 => B::BlockingIOError,
        10 => B::ChildProcessError,
        32 | 108 => B::BrokenPipeError,
        103 => B::ConnectionAbortedError,
        111 => B::ConnectionRefusedError,
        104 => B::ConnectionResetError,
        17 => B::FileExistsError,
        2 => B::FileNotFoundError,
        21 => B::IsADirectoryError,
        20 => B::NotADirectoryError,
        4 => B::InterruptedError,
        1 | 13 => B::PermissionError,
        3 => B::ProcessLookupError,
        110 => B::TimeoutError,
        _ => return None,
    })
}

/// CPython's `oserror_use_init`: a subclass overriding `__init__` but not `__new__` parses
/// its arguments in `__init__`.
fn use_init(t: &mut Thread, ty: Value) -> PyResult<bool> {
    let hty = t.root(ty);
    let ose = t.ty(BuiltinType::OSError);
    let hose = t.root(ose);
    let os_init = type_::lookup_sym(t, t.get(hose), crate::symbols::sym::__init__);
    let os_new = type_::lookup_sym(t, t.get(hose), crate::symbols::sym::__new__);
    let init = type_::lookup_sym(t, t.get(hty), crate::symbols::sym::__init__);
    let new = type_::lookup_sym(t, t.get(hty), crate::symbols::sym::__new__);
    Ok(init != os_init && new == os_new)
}

/// The parsed `(errno, strerror, filename, filename2)` (each None when not given).
struct OsArgs {
    errno: Option<Value>,
    strerror: Option<Value>,
    filename: Option<Value>,
    filename2: Option<Value>,
}

fn parse(t: &Thread, argt: Value) -> OsArgs {
    let n = tuple::len(t, argt);
    let get = |i: usize| (i < n).then(|| tuple::get(t, argt, i));
    if (2..=5).contains(&n) {
        OsArgs {
            errno: get(0),
            strerror: get(1),
            filename: get(2),
            filename2: get(4),
        }
    } else {
        OsArgs {
            errno: None,
            strerror: None,
            filename: None,
            filename2: None,
        }
    }
}

/// CPython's `oserror_init`: stores the fields and the (possibly shortened) args.
pub(super) fn init_fields(t: &mut Thread, exc: Value, argt: Value) -> PyResult<()> {
    let he = t.root(exc);
    let ha = t.root(argt);
    let p = parse(t, argt);
    let hf = p.filename.map(|v| t.root(v));
    let hf2 = p.filename2.map(|v| t.root(v));
    let herr = p.errno.map(|v| t.root(v));
    let hstr = p.strerror.map(|v| t.root(v));
    let nargs = tuple::len(t, argt);
    if let Some(hf) = hf {
        let f = t.get(hf);
        if !f.is_none() {
            let is_blocking = t.type_of(t.get(he)) == t.ty(BuiltinType::BlockingIOError);
            if is_blocking && int::is_int(t, f) {
                set_field(t, t.get(he), "characters_written", f)?;
            } else {
                set_field(t, t.get(he), "filename", f)?;
                if let Some(hf2) = hf2 {
                    let f2 = t.get(hf2);
                    if !f2.is_none() {
                        set_field(t, t.get(he), "filename2", f2)?;
                    }
                }
                if (2..=5).contains(&nargs) {
                    let a = t.get(ha);
                    let pair = [tuple::get(t, a, 0), tuple::get(t, a, 1)];
                    let short = tuple::new_tuple(t, &pair)?;
                    t.set(ha, short);
                }
            }
        }
    }
    if let Some(h) = herr {
        set_field(t, t.get(he), "errno", t.get(h))?;
    }
    if let Some(h) = hstr {
        set_field(t, t.get(he), "strerror", t.get(h))?;
    }
    t.heap.set_slot(t.get(he), super::ARGS, t.get(ha));
    Ok(())
}

fn os_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("OSError.__new__(): not enough arguments"));
    }
    let cls = a.get(t, 0);
    if !type_::is_type(t, cls) || !type_::is_subtype(t, cls, t.ty(BuiltinType::OSError)) {
        let msg = format!(
            "OSError.__new__({0}): {0} is not a subtype of OSError",
            type_::type_name_of(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    if use_init(t, cls)? {
        let empty = tuple::new_tuple(t, &[])?;
        return new_exception_tuple(t, a.get(t, 0), empty);
    }
    no_keywords(t, &a, a.get(t, 0))?;
    let argt = rest_tuple(t, &a, 1)?;
    let hargs = t.root(argt);
    let mut cls = a.get(t, 0);
    if cls == t.ty(BuiltinType::OSError) {
        if let Some(e) = parse(t, argt).errno {
            if int::is_int(t, e) {
                if let Some(sub) = int::to_i64(t, e).and_then(errno_subclass) {
                    cls = t.ty(sub);
                }
            }
        }
    }
    let exc = new_exception_tuple(t, cls, t.get(hargs))?;
    let he = t.root(exc);
    init_fields(t, exc, t.get(hargs))?;
    Ok(t.get(he))
}

fn os_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = self_exc(t, &a, "__init__")?;
    let ty = t.type_of(s);
    if !use_init(t, ty)? {
        return Ok(Value::NONE);
    }
    let ty = t.type_of(a.get(t, 0));
    no_keywords(t, &a, ty)?;
    let argt = rest_tuple(t, &a, 1)?;
    init_fields(t, a.get(t, 0), argt)?;
    Ok(Value::NONE)
}

/// `str(x)` where a missing field prints as None (CPython's `OR_NONE`).
fn str_or_none(t: &mut Thread, v: Option<Value>) -> PyResult<String> {
    protocol::str_string(t, v.unwrap_or(Value::NONE))
}

fn os_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = self_exc(t, &a, "__str__")?;
    let hs = t.root(s);
    let errno = field(t, s, "errno")?;
    let herr = errno.map(|v| t.root(v));
    let strerror = field(t, t.get(hs), "strerror")?;
    let hstr = strerror.map(|v| t.root(v));
    let filename = field(t, t.get(hs), "filename")?;
    let text = if let Some(f) = filename {
        let hf = t.root(f);
        let filename2 = field(t, t.get(hs), "filename2")?;
        let hf2 = filename2.map(|v| t.root(v));
        let e = str_or_none(t, herr.map(|h| t.get(h)))?;
        let m = str_or_none(t, hstr.map(|h| t.get(h)))?;
        let fr = protocol::repr_string(t, t.get(hf))?;
        match hf2 {
            Some(h2) => {
                let f2 = protocol::repr_string(t, t.get(h2))?;
                format!("[Errno {e}] {m}: {fr} -> {f2}")
            }
            None => format!("[Errno {e}] {m}: {fr}"),
        }
    } else if let (Some(he), Some(hm)) = (herr, hstr) {
        let e = protocol::str_string(t, t.get(he))?;
        let m = protocol::str_string(t, t.get(hm))?;
        format!("[Errno {e}] {m}")
    } else {
        return super::base_str_value(t, t.get(hs));
    };
    pystr::new_str(t, &text)
}

pub(super) fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::OSError);
    let h = t.root(ty);
    native::add_static(t, t.get(h), "__new__", os_new)?;
    native::add_method(t, t.get(h), "__init__", os_init)?;
    native::add_method(t, t.get(h), "__str__", os_str)?;
    super::field_defaults(
        t,
        BuiltinType::OSError,
        &["errno", "strerror", "filename", "filename2"],
    )?;
    Ok(())
}

//! Builtins that inspect objects and namespaces: `getattr`, `setattr`, `delattr`,
//! `hasattr`, `isinstance`, `issubclass`, `callable`, `id`, `len`, `repr`, `iter`, `next`,
//! `aiter`, `anext`, `vars`, `dir`, `globals`, `locals`.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::Args;
use crate::objects::{dict, int, iterators, list, module, str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

fn check_name(t: &mut Thread, name: Value) -> PyResult<()> {
    if !pystr::is_str(t, name) {
        let msg = format!(
            "attribute name must be string, not '{}'",
            type_::type_name_of(t, name)
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

pub(super) fn builtin_getattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getattr", 2, 3)?;
    check_name(t, a.get(t, 1))?;
    match protocol::getattr(t, a.get(t, 0), a.get(t, 1)) {
        Ok(v) => Ok(v),
        Err(e) => {
            if a.len() == 3 && t.exception_matches(BuiltinType::AttributeError) {
                t.take_exception();
                return Ok(a.get(t, 2));
            }
            Err(e)
        }
    }
}

pub(super) fn builtin_hasattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "hasattr", 2, 2)?;
    check_name(t, a.get(t, 1))?;
    match protocol::getattr(t, a.get(t, 0), a.get(t, 1)) {
        Ok(_) => Ok(Value::TRUE),
        Err(e) => {
            if t.exception_matches(BuiltinType::AttributeError) {
                t.take_exception();
                return Ok(Value::FALSE);
            }
            Err(e)
        }
    }
}

pub(super) fn builtin_setattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "setattr", 3, 3)?;
    check_name(t, a.get(t, 1))?;
    protocol::setattr(t, a.get(t, 0), a.get(t, 1), a.get(t, 2))?;
    Ok(Value::NONE)
}

pub(super) fn builtin_delattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "delattr", 2, 2)?;
    check_name(t, a.get(t, 1))?;
    protocol::delattr(t, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::NONE)
}

pub(super) fn builtin_isinstance(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "isinstance", 2, 2)?;
    let r = protocol::isinstance(t, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::from_bool(r))
}

pub(super) fn builtin_issubclass(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "issubclass", 2, 2)?;
    let r = protocol::issubclass(t, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::from_bool(r))
}

/// `callable(v)`: types, functions and anything whose type has `__call__`.
pub fn is_callable(t: &mut Thread, v: Value) -> PyResult<bool> {
    if type_::is_type(t, v) {
        return Ok(true);
    }
    let l = t.layout_of(v);
    use BuiltinType as B;
    if [
        B::Function,
        B::BuiltinFunction,
        B::Method,
        B::MethodDescriptor,
        B::ClassMethodDescriptor,
        B::WrapperDescriptor,
    ]
    .iter()
    .any(|b| b.layout() == l)
    {
        return Ok(true);
    }
    let ty = t.type_of(v);
    Ok(type_::lookup_sym(t, ty, crate::symbols::sym::__call__).is_some())
}

pub(super) fn builtin_callable(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "callable", 1, 1)?;
    Ok(Value::from_bool(is_callable(t, a.get(t, 0))?))
}

pub(super) fn builtin_id(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "id", 1, 1)?;
    let id = protocol::identity(t, a.get(t, 0));
    int::from_i64(t, id as i64)
}

pub(super) fn builtin_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "len", 1, 1)?;
    let n = protocol::len(t, a.get(t, 0))?;
    int::from_i64(t, n as i64)
}

pub(super) fn builtin_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "repr", 1, 1)?;
    protocol::repr(t, a.get(t, 0))
}

pub(super) fn builtin_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "iter", 1, 2)?;
    if a.len() == 1 {
        return protocol::iter(t, a.get(t, 0));
    }
    if !is_callable(t, a.get(t, 0))? {
        return Err(t.type_error("iter(v, w): v must be callable"));
    }
    iterators::new_callable_iterator(t, a.get(t, 0), a.get(t, 1))
}

pub(super) fn builtin_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "next", 1, 2)?;
    let it = a.get(t, 0);
    if let Some(r) = iterators::fast_next(t, it)? {
        return match r {
            Some(v) => Ok(v),
            None => match a.opt(t, 1) {
                Some(d) => Ok(d),
                None => Err(t.raise_empty(BuiltinType::StopIteration)),
            },
        };
    }
    let it = a.get(t, 0);
    let ty = t.type_of(it);
    if type_::lookup_sym(t, ty, crate::symbols::sym::__next__).is_none() {
        let msg = format!(
            "'{}' object is not an iterator",
            type_::type_name_of(t, a.get(t, 0))
        );
        return Err(t.type_error(&msg));
    }
    match protocol::call_special(t, a.get(t, 0), crate::symbols::sym::__next__, &[]) {
        Ok(v) => Ok(v.unwrap_or(Value::NONE)),
        Err(e) => {
            if a.len() == 2 && t.exception_matches(BuiltinType::StopIteration) {
                t.take_exception();
                return Ok(a.get(t, 1));
            }
            Err(e)
        }
    }
}

pub(super) fn builtin_aiter(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "aiter", 1, 1)?;
    let ty = t.type_of(a.get(t, 0));
    if type_::lookup_sym(t, ty, crate::symbols::sym::__aiter__).is_none() {
        let msg = format!(
            "'{}' object is not an async iterable",
            type_::type_name_of(t, a.get(t, 0))
        );
        return Err(t.type_error(&msg));
    }
    let r = protocol::call_special(t, a.get(t, 0), crate::symbols::sym::__aiter__, &[])?
        .unwrap_or(Value::NONE);
    let hr = t.root(r);
    let rty = t.type_of(r);
    if type_::lookup_sym(t, rty, crate::symbols::sym::__anext__).is_none() {
        let msg = format!(
            "aiter() returned not an async iterator of type '{}'",
            type_::type_name_of(t, t.get(hr))
        );
        return Err(t.type_error(&msg));
    }
    Ok(t.get(hr))
}

pub(super) fn builtin_anext(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "anext", 1, 2)?;
    let ty = t.type_of(a.get(t, 0));
    if type_::lookup_sym(t, ty, crate::symbols::sym::__anext__).is_none() {
        let msg = format!(
            "'{}' object is not an async iterator",
            type_::type_name_of(t, a.get(t, 0))
        );
        return Err(t.type_error(&msg));
    }
    // FIXME(anext-default): with a default, CPython wraps the awaitable so that
    // StopAsyncIteration becomes the default; the awaitable is returned unwrapped here.
    Ok(
        protocol::call_special(t, a.get(t, 0), crate::symbols::sym::__anext__, &[])?
            .unwrap_or(Value::NONE),
    )
}

pub(super) fn builtin_breakpoint(t: &mut Thread, _a: Args) -> PyResult<Value> {
    // FIXME(pdb): no debugger hook yet; breakpoint() is a no-op as with PYTHONBREAKPOINT=0.
    let _ = t;
    Ok(Value::NONE)
}

pub(super) fn builtin_globals(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "globals", 0, 0)?;
    match t.frames.last() {
        Some(f) => Ok(f.globals),
        None => dict::new_dict(t),
    }
}

pub(super) fn builtin_locals(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "locals", 0, 0)?;
    super::compile::frame_locals(t)
}

pub(super) fn builtin_vars(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "vars", 0, 1)?;
    if a.is_empty() {
        return super::compile::frame_locals(t);
    }
    match protocol::getattr_str(t, a.get(t, 0), "__dict__") {
        Ok(d) => Ok(d),
        Err(e) => {
            if t.exception_matches(BuiltinType::AttributeError) {
                t.take_exception();
                return Err(t.type_error("vars() argument must have __dict__ attribute"));
            }
            Err(e)
        }
    }
}

/// Sorts a list in place: strs by code point in Rust, anything else through `list.sort`.
fn sort_list(t: &mut Thread, l: Value) -> PyResult<()> {
    let items = list::items(t, l);
    if items.iter().all(|v| pystr::is_str(t, *v)) {
        let mut keyed: Vec<(String, Value)> = items
            .iter()
            .map(|v| (pystr::to_rust_string(t, *v), *v))
            .collect();
        keyed.sort_by(|x, y| x.0.cmp(&y.0));
        for (i, (_, v)) in keyed.into_iter().enumerate() {
            list::set(t, l, i, v);
        }
        return Ok(());
    }
    protocol::call_method(t, l, "sort", &[])?;
    Ok(())
}

/// `dir(obj)` as a sorted list value.
fn dir_of(t: &mut Thread, obj: Value) -> PyResult<Value> {
    let ho = t.root(obj);
    let ty = t.type_of(obj);
    let custom = type_::lookup_sym(t, ty, crate::symbols::sym::__dir__);
    let hcustom = t.root(custom.unwrap_or(Value::UNBOUND));
    let object_dir = {
        let o = t.ty(BuiltinType::Object);
        type_::lookup_sym(t, o, crate::symbols::sym::__dir__)
    };
    let custom = Some(t.get(hcustom)).filter(|c| !c.is_unbound());
    let names = if module::is_module(t, t.get(ho)) && custom == object_dir {
        let d = module::module_dict(t, t.get(ho));
        let keys: Vec<Value> = dict::items(t, d).into_iter().map(|(k, _)| k).collect();
        list::new_list_from(t, &keys)?
    } else if custom.is_some() {
        let r = protocol::call_special(t, t.get(ho), crate::symbols::sym::__dir__, &[])?
            .unwrap_or(Value::NONE);
        list::from_iterable(t, r)?
    } else {
        list::new_list(t, 0)?
    };
    let hl = t.root(names);
    sort_list(t, names)?;
    Ok(t.get(hl))
}

/// The sorted attribute names of `obj` as Rust strings (for "Did you mean" suggestions).
pub fn dir_names(t: &mut Thread, obj: Value) -> PyResult<Vec<String>> {
    let l = dir_of(t, obj)?;
    let items = list::items(t, l);
    Ok(items
        .into_iter()
        .filter(|v| pystr::is_str(t, *v))
        .map(|v| pystr::to_rust_string(t, v))
        .collect())
}

pub(super) fn builtin_dir(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "dir", 0, 1)?;
    if a.is_empty() {
        let locals = super::compile::frame_locals(t)?;
        let keys = if dict::is_dict(t, locals) {
            let k: Vec<Value> = dict::items(t, locals).into_iter().map(|(k, _)| k).collect();
            list::new_list_from(t, &k)?
        } else {
            let m = protocol::call_method(t, locals, "keys", &[])?;
            list::from_iterable(t, m)?
        };
        let hl = t.root(keys);
        sort_list(t, keys)?;
        return Ok(t.get(hl));
    }
    dir_of(t, a.get(t, 0))
}

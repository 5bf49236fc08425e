//! Helpers shared by the numeric types (`int`, `bool`, `float`, `complex`): argument checking
//! and binding with CPython's messages, `operator.index` (`PyNumber_Index`) and its
//! index-sized form, bytes-like access for `int(b"12")`/`int.from_bytes`, and the checks
//! and allocation of `__new__` for builtin-number subclasses.
//!
//! It must not hold arithmetic: that lives in each type's file and in `protocol::number`.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::Args;
use crate::objects::{int, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::{Handle, Thread};

/// Checks the argument count of a special-method wrapper (`(1).__add__()`): `n` arguments
/// besides self, no keywords — `expected 1 argument, got 0`.
pub fn wrapper_args(t: &mut Thread, a: &Args, name: &str, n: usize) -> PyResult<()> {
    if a.nkw > 0 {
        return Err(t.type_error(&format!("wrapper {name}() takes no keyword arguments")));
    }
    let got = a.len().saturating_sub(1);
    if got != n {
        let msg = format!(
            "expected {n} argument{}, got {got}",
            if n == 1 { "" } else { "s" }
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

/// Checks a method that takes only self (`int.bit_length() takes no arguments (1 given)`).
pub fn no_args(t: &mut Thread, a: &Args, qualname: &str) -> PyResult<()> {
    if a.nkw > 0 {
        return Err(t.type_error(&format!("{qualname}() takes no keyword arguments")));
    }
    if a.len() != 1 {
        let msg = format!(
            "{qualname}() takes no arguments ({} given)",
            a.len().saturating_sub(1)
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

/// Binds the arguments of a native with positional-or-keyword parameters `params` (after
/// `skip` leading arguments such as self), of which the first `required` are mandatory and
/// those from `kw_only` on are keyword-only. Returns rooted values in parameter order.
/// Messages follow CPython's Argument Clinic.
pub fn bind(
    t: &mut Thread,
    a: &Args,
    fname: &str,
    skip: usize,
    params: &[&str],
    required: usize,
    kw_only: usize,
) -> PyResult<Vec<Option<Handle>>> {
    let npos = a.len().saturating_sub(skip);
    let max_pos = kw_only.min(params.len());
    if npos > max_pos {
        let msg = if max_pos == params.len() && a.nkw == 0 {
            format!(
                "{fname}() takes at most {max_pos} argument{} ({npos} given)",
                if max_pos == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{fname}() takes at most {max_pos} positional argument{} ({npos} given)",
                if max_pos == 1 { "" } else { "s" }
            )
        };
        return Err(t.type_error(&msg));
    }
    let mut out: Vec<Option<Handle>> = vec![None; params.len()];
    for (i, slot) in out.iter_mut().enumerate().take(npos) {
        let v = a.get(t, skip + i);
        *slot = Some(t.root(v));
    }
    for k in 0..a.nkw {
        let (name, v) = a.kw(t, k);
        let name = pystr::to_rust_string(t, name);
        match params.iter().position(|p| *p == name) {
            Some(i) if out[i].is_some() => {
                let msg = format!(
                    "argument for {fname}() given by name ('{name}') and position ({})",
                    i + 1
                );
                return Err(t.type_error(&msg));
            }
            Some(i) => out[i] = Some(t.root(v)),
            None => {
                let msg = format!("'{name}' is an invalid keyword argument for {fname}()");
                return Err(t.type_error(&msg));
            }
        }
    }
    for (i, p) in params.iter().enumerate().take(required) {
        if out[i].is_none() {
            let msg = if i < kw_only {
                format!("{fname}() missing required argument '{p}' (pos {})", i + 1)
            } else {
                format!("{fname}() missing required keyword-only argument '{p}'")
            };
            return Err(t.type_error(&msg));
        }
    }
    Ok(out)
}

/// `operator.index(v)` (CPython's `PyNumber_Index`): the int itself (exact ints and bools
/// as they are, subclass instances as their exact value), or the result of `__index__`.
pub fn index(t: &mut Thread, v: Value) -> PyResult<Value> {
    if int::is_int(t, v) {
        return Ok(if v.is_bool() { v } else { int::int_value(t, v) });
    }
    let hv = t.root(v);
    match protocol::call_special(t, v, crate::symbols::sym::__index__, &[])? {
        Some(r) if int::is_int(t, r) => Ok(int::int_value(t, r)),
        Some(r) => {
            let msg = format!(
                "__index__ returned non-int (type {})",
                type_::type_name_of(t, r)
            );
            Err(t.type_error(&msg))
        }
        None => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                type_::type_name_of(t, t.get(hv))
            );
            Err(t.type_error(&msg))
        }
    }
}

/// `PyNumber_AsSsize_t`: an index as i64; out-of-range values raise OverflowError with
/// `overflow` as message, or saturate when `overflow` is None.
pub fn as_ssize(t: &mut Thread, v: Value, overflow: Option<&str>) -> PyResult<i64> {
    let i = index(t, v)?;
    match int::to_i64(t, i) {
        Some(n) => Ok(n),
        None => match overflow {
            Some(msg) => Err(t.overflow_error(msg)),
            None => Ok(if int::to_bigint(t, i).sign() == num_bigint::Sign::Minus {
                i64::MIN
            } else {
                i64::MAX
            }),
        },
    }
}

/// The bytes of a bytes-like object (bytes, bytearray, memoryview), else None.
pub fn bytes_like(t: &Thread, v: Value) -> Option<Vec<u8>> {
    crate::objects::bytes::bytes_owned(t, v)
}

/// Whether `v` is a bytes object (not bytearray), for error-message reprs.
pub fn is_bytes(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::Bytes
}

/// Validates `cls` for `T.__new__(cls, ...)` of the builtin type `bt`: it must be a type and
/// a subtype of `bt` (CPython's `tp_new_wrapper` checks).
pub fn check_new_cls(t: &mut Thread, a: &Args, bt: BuiltinType) -> PyResult<Value> {
    let name = bt.name();
    if a.is_empty() {
        return Err(t.type_error(&format!("{name}.__new__(): not enough arguments")));
    }
    let cls = a.get(t, 0);
    if !type_::is_type(t, cls) {
        let msg = format!(
            "{name}.__new__(X): X is not a type object ({})",
            type_::type_name_of(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    if !type_::is_subtype(t, cls, t.ty(bt)) {
        let cn = type_::type_name(t, cls);
        let msg = format!("{name}.__new__({cn}): {cn} is not a subtype of {name}");
        return Err(t.type_error(&msg));
    }
    if bt == BuiltinType::Int && cls == t.ty(BuiltinType::Bool) {
        return Err(t.type_error("int.__new__(bool) is not safe, use bool.__new__()"));
    }
    Ok(cls)
}

/// Wraps the exact value `payload` in an instance of the builtin-number subclass `cls`
/// (payload in slot 0, attribute slots empty).
pub fn new_subclass_instance(t: &mut Thread, cls: Value, payload: Value) -> PyResult<Value> {
    let hp = t.root(payload);
    let obj = crate::objects::object::new_instance(t, cls)?;
    let p = t.get(hp);
    t.heap.set_slot(obj, 0, p);
    Ok(obj)
}

/// A 1- or 2-tuple result helper.
pub fn pair(t: &mut Thread, a: Value, b: Value) -> PyResult<Value> {
    tuple::new_tuple(t, &[a, b])
}

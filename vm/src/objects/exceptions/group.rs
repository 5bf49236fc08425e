//! `BaseExceptionGroup` / `ExceptionGroup` (PEP 654): `__new__`'s validation and class
//! selection, `message`, `exceptions`, `__str__`, `derive`, `split` and `subgroup`.
//!
//! `split` and `subgroup` copy the original group's `__traceback__`, `__context__`,
//! `__cause__` and `__notes__` onto each derived group, as CPython's
//! `exceptiongroup_subset` does.

use ember_gc::Value;

use super::{exc_is, field, is_exception, iterate_to_handles, new_exception_tuple, rest_tuple};
use super::{self_exc, set_field, CAUSE, CONTEXT, TRACEBACK};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{dict, list, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::{Handle, Thread};

/// How `split`/`subgroup` select leaf exceptions.
#[derive(Copy, Clone)]
pub enum EgMatcher {
    /// An exception class or a tuple of them (rooted).
    ByType(Handle),
    /// A callable taking the exception and returning a truth value (rooted).
    Predicate(Handle),
}

/// CPython's `get_matcher_type`.
fn get_matcher(t: &mut Thread, cond: Value) -> PyResult<EgMatcher> {
    let is_exc_class = |t: &Thread, c: Value| {
        type_::is_type(t, c) && type_::is_subtype(t, c, t.ty(BuiltinType::BaseException))
    };
    if !type_::is_type(t, cond) && crate::builtins::is_callable(t, cond)? {
        return Ok(EgMatcher::Predicate(t.root(cond)));
    }
    if is_exc_class(t, cond) {
        return Ok(EgMatcher::ByType(t.root(cond)));
    }
    if tuple::is_exact_tuple(t, cond) && tuple::items(t, cond).iter().all(|c| is_exc_class(t, *c)) {
        return Ok(EgMatcher::ByType(t.root(cond)));
    }
    Err(t.type_error("expected a function, exception type or tuple of exception types"))
}

fn matches(t: &mut Thread, m: EgMatcher, exc: Value) -> PyResult<bool> {
    match m {
        EgMatcher::ByType(h) => {
            let c = t.get(h);
            let et = t.type_of(exc);
            if tuple::is_tuple(t, c) {
                Ok(tuple::items(t, c)
                    .iter()
                    .any(|x| type_::is_subtype(t, et, *x)))
            } else {
                Ok(type_::is_subtype(t, et, c))
            }
        }
        EgMatcher::Predicate(h) => {
            let r = protocol::call(t, t.get(h), &[exc])?;
            protocol::truthy(t, r)
        }
    }
}

fn is_group(t: &Thread, v: Value) -> bool {
    is_exception(t, v) && exc_is(t, v, BuiltinType::BaseExceptionGroup)
}

/// The `exceptions` tuple of a group (empty when missing).
fn group_exceptions(t: &mut Thread, eg: Value) -> PyResult<Vec<Handle>> {
    match field(t, eg, "exceptions")? {
        Some(e) if tuple::is_tuple(t, e) => {
            let items = tuple::items(t, e);
            Ok(items.into_iter().map(|x| t.root(x)).collect())
        }
        _ => Ok(Vec::new()),
    }
}

/// CPython's `exceptiongroup_subset`: `orig.derive(excs)` with the metadata of `orig`
/// copied over, or None when `excs` is empty.
fn subset(t: &mut Thread, orig: Value, excs: &[Handle]) -> PyResult<Value> {
    if excs.is_empty() {
        return Ok(Value::NONE);
    }
    let ho = t.root(orig);
    let items: Vec<Value> = excs.iter().map(|h| t.get(*h)).collect();
    let l = list::new_list_from(t, &items)?;
    let eg = protocol::call_method(t, t.get(ho), "derive", &[l])?;
    if !is_group(t, eg) {
        return Err(t.type_error("derive must return an instance of BaseExceptionGroup"));
    }
    let he = t.root(eg);
    let o = t.get(ho);
    let (tb, ctx, cause) = (
        t.heap.slot(o, TRACEBACK),
        t.heap.slot(o, CONTEXT),
        t.heap.slot(o, CAUSE),
    );
    let e = t.get(he);
    t.heap.set_slot(e, TRACEBACK, tb);
    t.heap.set_slot(e, CONTEXT, ctx);
    super::set_cause(t, e, cause);
    let notes = match protocol::getattr_str(t, t.get(ho), "__notes__") {
        Ok(n) => Some(n),
        Err(err) => {
            if !t.exception_matches(BuiltinType::AttributeError) {
                return Err(err);
            }
            t.take_exception();
            None
        }
    };
    if let Some(n) = notes {
        let hn = t.root(n);
        let is_seq = !dict::is_dict(t, n) && {
            let ty = t.type_of(n);
            type_::lookup_sym(t, ty, crate::symbols::sym::__getitem__).is_some()
        };
        if is_seq {
            let hs = iterate_to_handles(t, t.get(hn))?;
            let vals: Vec<Value> = hs.iter().map(|h| t.get(*h)).collect();
            let copy = list::new_list_from(t, &vals)?;
            let hc = t.root(copy);
            let key = t.intern("__notes__")?;
            let key = t.sym_str(key);
            protocol::setattr(t, t.get(he), key, t.get(hc))?;
        }
    }
    Ok(t.get(he))
}

/// CPython's `exceptiongroup_split_recursive`: the (match, rest) parts of `exc` (None where
/// empty; rest is only built when `construct_rest`).
pub fn eg_split(
    t: &mut Thread,
    exc: Value,
    m: EgMatcher,
    construct_rest: bool,
) -> PyResult<(Value, Value)> {
    let he = t.root(exc);
    if matches(t, m, exc)? {
        return Ok((t.get(he), Value::NONE));
    }
    if !is_group(t, t.get(he)) {
        let rest = if construct_rest {
            t.get(he)
        } else {
            Value::NONE
        };
        return Ok((Value::NONE, rest));
    }
    let subs = group_exceptions(t, t.get(he))?;
    let mut match_list = Vec::new();
    let mut rest_list = Vec::new();
    for h in subs {
        let (mv, rv) = eg_split(t, t.get(h), m, construct_rest)?;
        if !mv.is_none() {
            match_list.push(t.root(mv));
        }
        if !rv.is_none() {
            rest_list.push(t.root(rv));
        }
    }
    let mv = subset(t, t.get(he), &match_list)?;
    let hm = t.root(mv);
    let rv = if construct_rest {
        subset(t, t.get(he), &rest_list)?
    } else {
        Value::NONE
    };
    Ok((t.get(hm), rv))
}

fn eg_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    if !type_::is_type(t, cls) || !type_::is_subtype(t, cls, t.ty(BuiltinType::BaseExceptionGroup))
    {
        return Err(t.type_error(
            "BaseExceptionGroup.__new__(X): X is not a subtype of BaseExceptionGroup",
        ));
    }
    let n = a.len() - 1;
    if n != 2 {
        let msg = format!("BaseExceptionGroup.__new__() takes exactly 2 arguments ({n} given)");
        return Err(t.type_error(&msg));
    }
    let message = a.get(t, 1);
    if !pystr::is_str(t, message) {
        let msg = format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
            type_::type_name_of(t, message)
        );
        return Err(t.type_error(&msg));
    }
    let excs = a.get(t, 2);
    let is_seq = !dict::is_dict(t, excs) && {
        let ty = t.type_of(excs);
        type_::lookup_sym(t, ty, crate::symbols::sym::__getitem__).is_some()
    };
    if !is_seq {
        return Err(t.type_error("second argument (exceptions) must be a sequence"));
    }
    let hs = iterate_to_handles(t, a.get(t, 2))?;
    if hs.is_empty() {
        return Err(t.value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let mut nested_base = false;
    for (i, h) in hs.iter().enumerate() {
        let e = t.get(*h);
        if !is_exception(t, e) {
            let msg = format!("Item {i} of second argument (exceptions) is not an exception");
            return Err(t.value_error(&msg));
        }
        if !exc_is(t, e, BuiltinType::Exception) {
            nested_base = true;
        }
    }
    let mut cls = a.get(t, 0);
    if cls == t.ty(BuiltinType::BaseExceptionGroup) {
        if !nested_base {
            cls = t.ty(BuiltinType::ExceptionGroup);
        }
    } else if cls == t.ty(BuiltinType::ExceptionGroup) {
        if nested_base {
            return Err(t.type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
        }
    } else if nested_base && type_::is_subtype(t, cls, t.ty(BuiltinType::Exception)) {
        let msg = format!(
            "Cannot nest BaseExceptions in '{}'",
            type_::type_name(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    let hcls = t.root(cls);
    let items: Vec<Value> = hs.iter().map(|h| t.get(*h)).collect();
    let exc_tuple = tuple::new_tuple(t, &items)?;
    let hx = t.root(exc_tuple);
    let argt = rest_tuple(t, &a, 1)?;
    let eg = new_exception_tuple(t, t.get(hcls), argt)?;
    let heg = t.root(eg);
    set_field(t, eg, "message", a.get(t, 1))?;
    set_field(t, t.get(heg), "exceptions", t.get(hx))?;
    Ok(t.get(heg))
}

fn eg_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = self_exc(t, &a, "__str__")?;
    let hs = t.root(s);
    let message = field(t, s, "message")?.unwrap_or(Value::NONE);
    let m = protocol::str_string(t, message)?;
    let n = group_exceptions(t, t.get(hs))?.len();
    let text = format!("{m} ({n} sub-exception{})", if n == 1 { "" } else { "s" });
    pystr::new_str(t, &text)
}

fn eg_derive(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "derive", 2, 2)?;
    let s = self_exc(t, &a, "derive")?;
    let message = field(t, s, "message")?.unwrap_or(Value::NONE);
    let beg = t.ty(BuiltinType::BaseExceptionGroup);
    let excs = a.get(t, 1);
    protocol::call(t, beg, &[message, excs])
}

fn eg_split_method(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "split", 2, 2)?;
    self_exc(t, &a, "split")?;
    let m = get_matcher(t, a.get(t, 1))?;
    let (mv, rv) = eg_split(t, a.get(t, 0), m, true)?;
    tuple::new_tuple(t, &[mv, rv])
}

fn eg_subgroup(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "subgroup", 2, 2)?;
    self_exc(t, &a, "subgroup")?;
    let m = get_matcher(t, a.get(t, 1))?;
    let (mv, _) = eg_split(t, a.get(t, 0), m, false)?;
    Ok(mv)
}

fn eg_class_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::generic_alias::class_getitem(t, a)
}

pub(super) fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::BaseExceptionGroup);
    let h = t.root(ty);
    native::add_static(t, t.get(h), "__new__", eg_new)?;
    native::add_method(t, t.get(h), "__str__", eg_str)?;
    native::add_method(t, t.get(h), "derive", eg_derive)?;
    native::add_method(t, t.get(h), "split", eg_split_method)?;
    native::add_method(t, t.get(h), "subgroup", eg_subgroup)?;
    native::add_classmethod(t, t.get(h), "__class_getitem__", eg_class_getitem)?;
    super::field_defaults(
        t,
        BuiltinType::BaseExceptionGroup,
        &["message", "exceptions"],
    )?;
    Ok(())
}

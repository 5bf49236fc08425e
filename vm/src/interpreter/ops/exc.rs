//! Exception opcodes: RAISE_VARARGS, CHECK_EXC_MATCH, except* support, and the `with`
//! protocol (BEFORE_WITH, WITH_EXCEPT_START).

use ember_gc::Value;

use crate::errors::{PyResult, Raised};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{exceptions, tuple, type_};
use crate::thread::Thread;

/// Turns `raise X` operands into an exception instance: classes are instantiated.
fn make_exception(t: &mut Thread, v: Value, what: &str) -> PyResult<Value> {
    if type_::is_type(t, v) {
        if !type_::is_subtype(t, v, t.ty(BuiltinType::BaseException)) {
            return Err(t.type_error(&format!("{what} must derive from BaseException")));
        }
        let e = crate::protocol::call(t, v, &[])?;
        if !exceptions::is_exception(t, e) {
            let msg = format!(
                "calling {} should have returned an instance of BaseException, not {}",
                type_::type_name(t, v),
                type_::type_name_of(t, e)
            );
            return Err(t.type_error(&msg));
        }
        return Ok(e);
    }
    if exceptions::is_exception(t, v) {
        return Ok(v);
    }
    Err(t.type_error(&format!("{what} must derive from BaseException")))
}

/// RAISE_VARARGS(argc). Always returns the raised token.
pub fn raise_varargs(t: &mut Thread, argc: u32) -> Raised {
    match argc {
        0 => {
            let h = crate::interpreter::generator::topmost_handled(t);
            if h.is_none() {
                return t.runtime_error("No active exception to reraise");
            }
            t.exception = h;
            t.reraise = true;
            Raised::new()
        }
        1 => {
            let v = t.stack.pop();
            match make_exception(t, v, "exceptions") {
                Ok(e) => t.raise(e),
                Err(r) => r,
            }
        }
        _ => {
            let cause = t.stack.pop();
            let v = t.stack.pop();
            let hc = t.root(cause);
            let e = match make_exception(t, v, "exceptions") {
                Ok(e) => e,
                Err(r) => return r,
            };
            let he = t.root(e);
            let cause = t.get(hc);
            let cause = if cause.is_none() {
                Value::NONE
            } else {
                match make_exception(t, cause, "exception causes") {
                    Ok(c) => c,
                    Err(_) => {
                        return t.type_error("exception causes must derive from BaseException")
                    }
                }
            };
            let e = t.get(he);
            t.heap.set_slot(e, exceptions::CAUSE, cause);
            t.heap
                .set_slot(e, exceptions::SUPPRESS_CONTEXT, Value::TRUE);
            t.raise(e)
        }
    }
}

/// Whether exception `exc` matches `ty` (a class or tuple of classes) for `except ty:`.
pub fn exception_matches(t: &mut Thread, exc: Value, ty: Value) -> PyResult<bool> {
    check_except_type(t, ty)?;
    let et = t.type_of(exc);
    if tuple::is_tuple(t, ty) {
        for c in tuple::items(t, ty) {
            if type_::is_subtype(t, et, c) {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    Ok(type_::is_subtype(t, et, ty))
}

fn check_except_type(t: &mut Thread, ty: Value) -> PyResult<()> {
    let base = t.ty(BuiltinType::BaseException);
    let ok = |t: &Thread, c: Value| type_::is_type(t, c) && type_::is_subtype(t, c, base);
    let good = if tuple::is_tuple(t, ty) {
        tuple::items(t, ty).iter().all(|c| ok(t, *c))
    } else {
        ok(t, ty)
    };
    if !good {
        return Err(
            t.type_error("catching classes that do not inherit from BaseException is not allowed")
        );
    }
    Ok(())
}

/// CHECK_EG_MATCH: `[exc, type] -> [rest, match]` (as CPython 3.11).
pub fn check_eg_match(t: &mut Thread) -> PyResult<()> {
    let ty = t.stack.peek(1);
    let exc = t.stack.peek(2);
    check_except_type(t, ty)?;
    if tuple::is_tuple(t, ty) {
        for c in tuple::items(t, ty) {
            if type_::is_subtype(t, c, t.ty(BuiltinType::BaseExceptionGroup)) {
                return Err(t.type_error(
                    "catching ExceptionGroup with except* is not allowed. Use except instead.",
                ));
            }
        }
    } else if type_::is_subtype(t, ty, t.ty(BuiltinType::BaseExceptionGroup)) {
        return Err(t.type_error(
            "catching ExceptionGroup with except* is not allowed. Use except instead.",
        ));
    }
    let is_group = type_::is_subtype(t, t.type_of(exc), t.ty(BuiltinType::BaseExceptionGroup));
    if !is_group {
        // A naked exception matching the type is wrapped in an ExceptionGroup("", [exc]).
        if exception_matches(t, exc, ty)? {
            let msg = crate::objects::str::new_str(t, "")?;
            let hm = t.root(msg);
            let exc = t.stack.peek(2);
            let l = crate::objects::tuple::new_tuple(t, &[exc])?;
            let egt = t.ty(BuiltinType::ExceptionGroup);
            let eg = crate::protocol::call(t, egt, &[t.get(hm), l])?;
            // Keep the original traceback on the wrapper, as CPython does.
            let exc = t.stack.peek(2);
            let tb = t.heap.slot(exc, exceptions::TRACEBACK);
            t.heap.set_slot(eg, exceptions::TRACEBACK, tb);
            t.stack.sp -= 2;
            t.stack.push(Value::NONE);
            t.stack.push(eg);
        } else {
            t.stack.sp -= 1;
            let sp = t.stack.sp;
            t.stack.slots[sp - 1] = exc;
            t.stack.push(Value::NONE);
        }
        return Ok(());
    }
    let pair = crate::protocol::call_method(t, exc, "split", &[ty])?;
    let m = tuple::get(t, pair, 0);
    let rest = tuple::get(t, pair, 1);
    t.stack.sp -= 2;
    t.stack.push(rest);
    t.stack.push(m);
    Ok(())
}

/// PREP_RERAISE_STAR: `[orig, list of raised] -> exception to re-raise or None`.
pub fn prep_reraise_star(t: &mut Thread) -> PyResult<()> {
    let raised = t.stack.peek(1);
    let orig = t.stack.peek(2);
    let items = crate::objects::list::items(t, raised);
    let live: Vec<Value> = items.into_iter().filter(|v| !v.is_none()).collect();
    let result = if live.is_empty() {
        Value::NONE
    } else if !type_::is_subtype(t, t.type_of(orig), t.ty(BuiltinType::BaseExceptionGroup)) {
        // The original was a naked exception: re-raise it (or the one raised).
        live[0]
    } else {
        // Keep the re-raised leaves of the original group and add the newly raised ones.
        let ho = t.root(orig);
        let mark = t.handle_mark();
        let hs: Vec<_> = live.iter().map(|v| t.root(*v)).collect();
        let mut reraised = Vec::new();
        let mut new_raised = Vec::new();
        for h in &hs {
            let v = t.get(*h);
            if is_leaf_of(t, v, t.get(ho)) {
                reraised.push(*h);
            } else {
                new_raised.push(*h);
            }
        }
        let keep = if reraised.is_empty() {
            Value::NONE
        } else {
            let rl: Vec<Value> = reraised.iter().map(|h| t.get(*h)).collect();
            let l = crate::objects::list::new_list_from(t, &rl)?;
            let hl = t.root(l);
            let pred = crate::protocol::getattr_str(t, t.get(hl), "__contains__")?;
            let sub = crate::protocol::call_method(t, t.get(ho), "subgroup", &[pred])?;
            sub
        };
        let hk = t.root(keep);
        let mut all: Vec<Value> = new_raised.iter().map(|h| t.get(*h)).collect();
        if !t.get(hk).is_none() {
            all.insert(0, t.get(hk));
        }
        let r = if all.len() == 1 {
            all[0]
        } else if all.is_empty() {
            Value::NONE
        } else {
            let l = crate::objects::list::new_list_from(t, &all)?;
            let hl = t.root(l);
            let msg = crate::objects::str::new_str(t, "")?;
            let egt = t.ty(BuiltinType::ExceptionGroup);
            crate::protocol::call(t, egt, &[msg, t.get(hl)])?
        };
        t.handle_release(mark);
        r
    };
    t.stack.sp -= 2;
    t.stack.push(result);
    Ok(())
}

fn is_leaf_of(t: &Thread, e: Value, group: Value) -> bool {
    if e == group {
        return true;
    }
    if !exceptions::is_exception(t, group) {
        return false;
    }
    // Identity membership among the group's leaves (args[1] holds the exceptions).
    let args = exceptions::args(t, group);
    if tuple::len(t, args) < 2 {
        return false;
    }
    let subs = tuple::get(t, args, 1);
    let items = if tuple::is_tuple(t, subs) {
        tuple::items(t, subs)
    } else if crate::objects::list::is_list(t, subs) {
        crate::objects::list::items(t, subs)
    } else {
        return false;
    };
    items.iter().any(|s| is_leaf_of(t, e, *s))
}

/// BEFORE_WITH / BEFORE_ASYNC_WITH: `[mgr] -> [bound __exit__, __enter__()]`.
pub fn before_with(t: &mut Thread, is_async: bool) -> PyResult<()> {
    let mgr = t.stack.top();
    let (enter, exit) = if is_async {
        ("__aenter__", "__aexit__")
    } else {
        ("__enter__", "__exit__")
    };
    let ty = t.type_of(mgr);
    let hty = t.root(ty);
    let en = type_::lookup_str(t, ty, enter)?;
    let Some(en) = en else {
        let msg = if is_async {
            format!(
                "'{}' object does not support the asynchronous context manager protocol",
                type_::type_name(t, t.get(hty))
            )
        } else {
            format!(
                "'{}' object does not support the context manager protocol",
                type_::type_name(t, t.get(hty))
            )
        };
        return Err(t.type_error(&msg));
    };
    let hen = t.root(en);
    let ex = type_::lookup_str(t, t.get(hty), exit)?;
    let Some(ex) = ex else {
        let msg = if is_async {
            format!("'{}' object does not support the asynchronous context manager protocol (missed __aexit__ method)", type_::type_name(t, t.get(hty)))
        } else {
            format!("'{}' object does not support the context manager protocol (missed __exit__ method)", type_::type_name(t, t.get(hty)))
        };
        return Err(t.type_error(&msg));
    };
    let mgr = t.stack.top();
    let hm = t.root(mgr);
    let bound_exit = crate::protocol::attr::descr_get(t, ex, mgr, t.get(hty))?;
    let sp = t.stack.sp;
    t.stack.slots[sp - 1] = bound_exit;
    let mgr = t.get(hm);
    let r = crate::protocol::call::call_unbound(t, t.get(hen), &[mgr])?;
    t.stack.push(r);
    Ok(())
}

/// WITH_EXCEPT_START: `[exit, lasti, prev_exc, exc] -> [..., exit(type, exc, tb)]`.
pub fn with_except_start(t: &mut Thread) -> PyResult<()> {
    let exc = t.stack.peek(1);
    let exit = t.stack.peek(4);
    let ty = t.type_of(exc);
    let tb = if exceptions::is_exception(t, exc) {
        t.heap.slot(exc, exceptions::TRACEBACK)
    } else {
        Value::NONE
    };
    let r = crate::protocol::call(t, exit, &[ty, exc, tb])?;
    t.stack.push(r);
    Ok(())
}

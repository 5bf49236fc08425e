//! `async_generator` and its awaitables `async_generator_asend` (what `__anext__()` and
//! `asend()` return) and `async_generator_athrow` (`athrow()`, `aclose()`), plus the
//! internal `async_generator_wrapped_value` that ASYNC_GEN_WRAP puts around the values an
//! async generator yields, so they can be told apart from values its `await`s pass through
//! to the event loop. Semantics follow CPython 3.11's `Objects/genobject.c`.
//!
//! An async generator is a generator object (layout in `objects/generator.rs`) with two more
//! slots: AG_RUNNING_ASYNC (an awaitable is iterating it: `ag_running`) and AG_CLOSED.
//!
//! FIXME(asyncgen-hooks): `sys.set_asyncgen_hooks` firstiter/finalizer hooks are not called.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::interpreter::generator::{self as machinery, SendResult};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::generator::{self as gen_obj, yielded_or_stop, AG_CLOSED, AG_RUNNING_ASYNC};
use crate::objects::native::{self, Args};
use crate::objects::{str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

// asend slots.
const AS_GEN: usize = 0;
const AS_SENDVAL: usize = 1;
const AS_STATE: usize = 2;

// athrow slots (ARGS is the argument tuple of athrow(), or None for aclose()).
const AT_GEN: usize = 0;
const AT_ARGS: usize = 1;
const AT_STATE: usize = 2;

/// Awaitable states.
const INIT: i64 = 0;
const ITER: i64 = 1;
const CLOSED: i64 = 2;

// wrapped value slot.
const WV_VALUE: usize = 0;

fn is_wrapped(t: &Thread, v: Value) -> bool {
    gen_obj::is_kind(t, v, BuiltinType::AsyncGenWrappedValue)
}

fn awaitable_state(t: &Thread, o: Value, slot: usize) -> i64 {
    t.heap.slot(o, slot).as_small_int()
}

fn set_awaitable_state(t: &mut Thread, o: Value, slot: usize, s: i64) {
    t.heap.set_slot(o, slot, Value::small_int(s));
}

fn set_flag(t: &mut Thread, agen: Value, slot: usize, b: bool) {
    t.heap.set_slot(agen, slot, Value::from_bool(b));
}

/// `agen.__anext__()`: an asend awaitable that sends None.
pub fn anext(t: &mut Thread, agen: Value) -> PyResult<Value> {
    t.new_object(
        BuiltinType::AsyncGenASend.layout(),
        &[agen, Value::NONE, Value::small_int(INIT)],
    )
}

/// CPython's `async_gen_unwrap_value` over the result of resuming `agen` (with gen_send_ex's
/// mapping of a return to StopAsyncIteration): a wrapped value is the awaitable's result
/// (`Returned`), an unwrapped one passes through to the event loop (`Yielded`).
fn unwrap_value(t: &mut Thread, agen: Value, r: PyResult<SendResult>) -> PyResult<SendResult> {
    let hg = t.root(agen);
    match r {
        Ok(SendResult::Yielded(v)) => {
            if is_wrapped(t, v) {
                set_flag(t, t.get(hg), AG_RUNNING_ASYNC, false);
                Ok(SendResult::Returned(t.heap.slot(v, WV_VALUE)))
            } else {
                Ok(SendResult::Yielded(v))
            }
        }
        Ok(SendResult::Returned(_)) => {
            let e = t.raise_empty(BuiltinType::StopAsyncIteration);
            set_flag(t, t.get(hg), AG_CLOSED, true);
            set_flag(t, t.get(hg), AG_RUNNING_ASYNC, false);
            Err(e)
        }
        Err(e) => {
            if t.exception_matches(BuiltinType::StopAsyncIteration)
                || t.exception_matches(BuiltinType::GeneratorExit)
            {
                set_flag(t, t.get(hg), AG_CLOSED, true);
            }
            set_flag(t, t.get(hg), AG_RUNNING_ASYNC, false);
            Err(e)
        }
    }
}

fn is_done(r: &PyResult<SendResult>) -> bool {
    matches!(r, Err(_) | Ok(SendResult::Returned(_)))
}

/// `asend.send(v)` at the Rust level.
pub fn asend_send(t: &mut Thread, o: Value, v: Value) -> PyResult<SendResult> {
    let mark = t.handle_mark();
    let ho = t.root(o);
    let r = asend_send_inner(t, o, v);
    if is_done(&r) {
        set_awaitable_state(t, t.get(ho), AS_STATE, CLOSED);
    }
    t.handle_release(mark);
    r
}

fn asend_send_inner(t: &mut Thread, o: Value, mut v: Value) -> PyResult<SendResult> {
    let st = awaitable_state(t, o, AS_STATE);
    if st == CLOSED {
        return Err(t.runtime_error("cannot reuse already awaited __anext__()/asend()"));
    }
    let agen = t.heap.slot(o, AS_GEN);
    if st == INIT {
        if t.heap.slot(agen, AG_RUNNING_ASYNC).is_true() {
            return Err(t.runtime_error("anext(): asynchronous generator is already running"));
        }
        if v.is_none() {
            v = t.heap.slot(o, AS_SENDVAL);
        }
        set_awaitable_state(t, o, AS_STATE, ITER);
    }
    set_flag(t, agen, AG_RUNNING_ASYNC, true);
    let hg = t.root(agen);
    let r = machinery::send(t, agen, v);
    unwrap_value(t, t.get(hg), r)
}

/// `asend.throw(typ[, val[, tb]])` at the Rust level.
fn asend_throw(
    t: &mut Thread,
    o: Value,
    typ: Value,
    val: Value,
    tb: Value,
) -> PyResult<SendResult> {
    if awaitable_state(t, o, AS_STATE) == CLOSED {
        return Err(t.runtime_error("cannot reuse already awaited __anext__()/asend()"));
    }
    let mark = t.handle_mark();
    let ho = t.root(o);
    let agen = t.heap.slot(o, AS_GEN);
    let hg = t.root(agen);
    let r = machinery::throw(t, agen, typ, val, tb, true);
    let r = unwrap_value(t, t.get(hg), r);
    if is_done(&r) {
        set_awaitable_state(t, t.get(ho), AS_STATE, CLOSED);
    }
    t.handle_release(mark);
    r
}

/// "async generator ignored GeneratorExit" after an `aclose()` saw the generator yield.
fn yield_close(t: &mut Thread, o: Value, agen: Value) -> PyResult<SendResult> {
    set_flag(t, agen, AG_RUNNING_ASYNC, false);
    set_awaitable_state(t, o, AT_STATE, CLOSED);
    Err(t.runtime_error("async generator ignored GeneratorExit"))
}

/// CPython's `check_error` label of `async_gen_athrow_send`: the awaitable is done; for
/// `aclose()`, StopAsyncIteration and GeneratorExit mean "closed" and end the await quietly.
fn check_error(
    t: &mut Thread,
    o: Value,
    agen: Value,
    r: PyResult<SendResult>,
) -> PyResult<SendResult> {
    set_flag(t, agen, AG_RUNNING_ASYNC, false);
    set_awaitable_state(t, o, AT_STATE, CLOSED);
    let aclose = t.heap.slot(o, AT_ARGS).is_none();
    match r {
        Err(e) => {
            if aclose
                && (t.exception_matches(BuiltinType::StopAsyncIteration)
                    || t.exception_matches(BuiltinType::GeneratorExit))
            {
                t.take_exception();
                Ok(SendResult::Returned(Value::NONE))
            } else {
                Err(e)
            }
        }
        other => other,
    }
}

/// `athrow.send(v)` / `aclose().send(v)` at the Rust level.
pub fn athrow_send(t: &mut Thread, o: Value, v: Value) -> PyResult<SendResult> {
    let mark = t.handle_mark();
    let r = athrow_send_inner(t, o, v);
    t.handle_release(mark);
    r
}

fn athrow_send_inner(t: &mut Thread, o: Value, v: Value) -> PyResult<SendResult> {
    let ho = t.root(o);
    let st = awaitable_state(t, o, AT_STATE);
    if st == CLOSED {
        return Err(t.runtime_error("cannot reuse already awaited aclose()/athrow()"));
    }
    let agen = t.heap.slot(o, AT_GEN);
    let hg = t.root(agen);
    if gen_obj::get_state(t, agen) == gen_obj::state::COMPLETED {
        set_awaitable_state(t, o, AT_STATE, CLOSED);
        return Ok(SendResult::Returned(Value::NONE));
    }
    let args = t.heap.slot(o, AT_ARGS);
    let aclose = args.is_none();
    if st == INIT {
        if t.heap.slot(agen, AG_RUNNING_ASYNC).is_true() {
            set_awaitable_state(t, o, AT_STATE, CLOSED);
            let msg = if aclose {
                "aclose(): asynchronous generator is already running"
            } else {
                "athrow(): asynchronous generator is already running"
            };
            return Err(t.runtime_error(msg));
        }
        if t.heap.slot(agen, AG_CLOSED).is_true() {
            set_awaitable_state(t, o, AT_STATE, CLOSED);
            return Err(t.raise_empty(BuiltinType::StopAsyncIteration));
        }
        if !v.is_none() {
            return Err(t.runtime_error("can't send non-None value to a just-started coroutine"));
        }
        set_awaitable_state(t, o, AT_STATE, ITER);
        set_flag(t, agen, AG_RUNNING_ASYNC, true);
        if aclose {
            set_flag(t, agen, AG_CLOSED, true);
            let ge = t.ty(BuiltinType::GeneratorExit);
            let r = machinery::throw(t, agen, ge, Value::UNBOUND, Value::UNBOUND, false);
            let r = match r {
                Ok(SendResult::Yielded(w)) => {
                    if is_wrapped(t, w) {
                        return yield_close(t, t.get(ho), t.get(hg));
                    }
                    return Ok(SendResult::Yielded(w));
                }
                // The generator returned: CPython's StopAsyncIteration, which ends aclose().
                Ok(SendResult::Returned(_)) => Ok(SendResult::Returned(Value::NONE)),
                Err(e) => Err(e),
            };
            return check_error(t, t.get(ho), t.get(hg), r);
        }
        let n = tuple::len(t, args);
        if n < 1 {
            return Err(t.type_error(&format!("athrow expected at least 1 argument, got {n}")));
        }
        if n > 3 {
            return Err(t.type_error(&format!("athrow expected at most 3 arguments, got {n}")));
        }
        let typ = tuple::get(t, args, 0);
        let val = if n > 1 {
            tuple::get(t, args, 1)
        } else {
            Value::UNBOUND
        };
        let tb = if n > 2 {
            tuple::get(t, args, 2)
        } else {
            Value::UNBOUND
        };
        let r = machinery::throw(t, agen, typ, val, tb, false);
        let r = unwrap_value(t, t.get(hg), r);
        if is_done(&r) {
            return check_error(t, t.get(ho), t.get(hg), r);
        }
        return r;
    }
    // ITER: the generator awaited something; keep driving it.
    let r = machinery::send(t, agen, v);
    if !aclose {
        return unwrap_value(t, t.get(hg), r);
    }
    match r {
        Ok(SendResult::Yielded(w)) => {
            if is_wrapped(t, w) {
                yield_close(t, t.get(ho), t.get(hg))
            } else {
                Ok(SendResult::Yielded(w))
            }
        }
        Ok(SendResult::Returned(_)) => {
            let e = t.raise_empty(BuiltinType::StopAsyncIteration);
            check_error(t, t.get(ho), t.get(hg), Err(e))
        }
        Err(e) => check_error(t, t.get(ho), t.get(hg), Err(e)),
    }
}

/// `athrow.throw(...)` / `aclose().throw(...)` at the Rust level.
fn athrow_throw(
    t: &mut Thread,
    o: Value,
    typ: Value,
    val: Value,
    tb: Value,
) -> PyResult<SendResult> {
    if awaitable_state(t, o, AT_STATE) == CLOSED {
        return Err(t.runtime_error("cannot reuse already awaited aclose()/athrow()"));
    }
    let mark = t.handle_mark();
    let ho = t.root(o);
    let agen = t.heap.slot(o, AT_GEN);
    let hg = t.root(agen);
    let r = machinery::throw(t, agen, typ, val, tb, true);
    let aclose = t.heap.slot(t.get(ho), AT_ARGS).is_none();
    let out = if !aclose {
        unwrap_value(t, t.get(hg), r)
    } else {
        match r {
            Ok(SendResult::Yielded(w)) if is_wrapped(t, w) => {
                set_flag(t, t.get(hg), AG_RUNNING_ASYNC, false);
                set_awaitable_state(t, t.get(ho), AT_STATE, CLOSED);
                Err(t.runtime_error("async generator ignored GeneratorExit"))
            }
            Ok(SendResult::Yielded(w)) => Ok(SendResult::Yielded(w)),
            // A return is StopAsyncIteration for an async generator: the aclose() is done.
            Ok(SendResult::Returned(_)) => Ok(SendResult::Returned(Value::NONE)),
            Err(e) => {
                if t.exception_matches(BuiltinType::StopAsyncIteration)
                    || t.exception_matches(BuiltinType::GeneratorExit)
                {
                    t.take_exception();
                    Ok(SendResult::Returned(Value::NONE))
                } else {
                    Err(e)
                }
            }
        }
    };
    t.handle_release(mark);
    out
}

// ----- Python-level methods -----

fn self_of(t: &mut Thread, a: &Args, bt: BuiltinType, what: &str) -> PyResult<Value> {
    let v = if a.is_empty() {
        Value::NONE
    } else {
        a.get(t, 0)
    };
    if gen_obj::is_kind(t, v, bt) {
        return Ok(v);
    }
    let msg = format!(
        "descriptor '{what}' for '{}' objects doesn't apply to a '{}' object",
        bt.name(),
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

fn no_args(t: &mut Thread, a: &Args, owner: &str, name: &str) -> PyResult<()> {
    if a.nkw > 0 {
        return Err(t.type_error(&format!("{owner}.{name}() takes no keyword arguments")));
    }
    if a.len() != 1 {
        let msg = format!(
            "{owner}.{name}() takes no arguments ({} given)",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

fn one_arg(t: &mut Thread, a: &Args, owner: &str, name: &str) -> PyResult<()> {
    if a.nkw > 0 {
        return Err(t.type_error(&format!("{owner}.{name}() takes no keyword arguments")));
    }
    if a.len() != 2 {
        let msg = format!(
            "{owner}.{name}() takes exactly one argument ({} given)",
            a.len().saturating_sub(1)
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

fn wrapper_no_args(t: &mut Thread, a: &Args) -> PyResult<()> {
    if a.len() != 1 || a.nkw > 0 {
        let msg = format!(
            "expected 0 arguments, got {}",
            a.len().saturating_sub(1) + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

fn agen_aiter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = self_of(t, &a, BuiltinType::AsyncGenerator, "__aiter__")?;
    wrapper_no_args(t, &a)?;
    Ok(g)
}

fn agen_anext(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = self_of(t, &a, BuiltinType::AsyncGenerator, "__anext__")?;
    wrapper_no_args(t, &a)?;
    anext(t, g)
}

fn agen_asend(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = self_of(t, &a, BuiltinType::AsyncGenerator, "asend")?;
    one_arg(t, &a, "async_generator", "asend")?;
    let v = a.get(t, 1);
    t.new_object(
        BuiltinType::AsyncGenASend.layout(),
        &[g, v, Value::small_int(INIT)],
    )
}

fn agen_athrow(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = self_of(t, &a, BuiltinType::AsyncGenerator, "athrow")?;
    a.no_kwargs(t, "athrow")?;
    let hg = t.root(g);
    let items: Vec<Value> = (1..a.len()).map(|i| a.get(t, i)).collect();
    let args = tuple::new_tuple(t, &items)?;
    t.new_object(
        BuiltinType::AsyncGenAThrow.layout(),
        &[t.get(hg), args, Value::small_int(INIT)],
    )
}

fn agen_aclose(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = self_of(t, &a, BuiltinType::AsyncGenerator, "aclose")?;
    no_args(t, &a, "async_generator", "aclose")?;
    t.new_object(
        BuiltinType::AsyncGenAThrow.layout(),
        &[g, Value::NONE, Value::small_int(INIT)],
    )
}

fn agen_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = self_of(t, &a, BuiltinType::AsyncGenerator, "__repr__")?;
    let q = t.heap.slot(g, gen_obj::QUALNAME);
    let q = if pystr::is_str(t, q) {
        pystr::to_rust_string(t, q)
    } else {
        "?".to_string()
    };
    let id = protocol::identity(t, g);
    pystr::new_str(t, &format!("<async_generator object {q} at {id:#x}>"))
}

fn asend_self(t: &mut Thread, a: Args) -> PyResult<Value> {
    let o = self_of(t, &a, BuiltinType::AsyncGenASend, "__await__")?;
    wrapper_no_args(t, &a)?;
    Ok(o)
}

fn asend_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let o = self_of(t, &a, BuiltinType::AsyncGenASend, "__next__")?;
    wrapper_no_args(t, &a)?;
    let r = asend_send(t, o, Value::NONE)?;
    yielded_or_stop(t, r)
}

fn asend_send_py(t: &mut Thread, a: Args) -> PyResult<Value> {
    let o = self_of(t, &a, BuiltinType::AsyncGenASend, "send")?;
    one_arg(t, &a, "async_generator_asend", "send")?;
    let v = a.get(t, 1);
    let r = asend_send(t, o, v)?;
    yielded_or_stop(t, r)
}

fn asend_throw_py(t: &mut Thread, a: Args) -> PyResult<Value> {
    let o = self_of(t, &a, BuiltinType::AsyncGenASend, "throw")?;
    let (typ, val, tb) = gen_obj::throw_args(t, &a, 1)?;
    let r = asend_throw(t, o, typ, val, tb)?;
    yielded_or_stop(t, r)
}

fn asend_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let o = self_of(t, &a, BuiltinType::AsyncGenASend, "close")?;
    no_args(t, &a, "async_generator_asend", "close")?;
    set_awaitable_state(t, o, AS_STATE, CLOSED);
    Ok(Value::NONE)
}

fn athrow_self(t: &mut Thread, a: Args) -> PyResult<Value> {
    let o = self_of(t, &a, BuiltinType::AsyncGenAThrow, "__await__")?;
    wrapper_no_args(t, &a)?;
    Ok(o)
}

fn athrow_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let o = self_of(t, &a, BuiltinType::AsyncGenAThrow, "__next__")?;
    wrapper_no_args(t, &a)?;
    let r = athrow_send(t, o, Value::NONE)?;
    yielded_or_stop(t, r)
}

fn athrow_send_py(t: &mut Thread, a: Args) -> PyResult<Value> {
    let o = self_of(t, &a, BuiltinType::AsyncGenAThrow, "send")?;
    one_arg(t, &a, "async_generator_athrow", "send")?;
    let v = a.get(t, 1);
    let r = athrow_send(t, o, v)?;
    yielded_or_stop(t, r)
}

fn athrow_throw_py(t: &mut Thread, a: Args) -> PyResult<Value> {
    let o = self_of(t, &a, BuiltinType::AsyncGenAThrow, "throw")?;
    let (typ, val, tb) = gen_obj::throw_args(t, &a, 1)?;
    let r = athrow_throw(t, o, typ, val, tb)?;
    yielded_or_stop(t, r)
}

fn athrow_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let o = self_of(t, &a, BuiltinType::AsyncGenAThrow, "close")?;
    no_args(t, &a, "async_generator_athrow", "close")?;
    set_awaitable_state(t, o, AT_STATE, CLOSED);
    Ok(Value::NONE)
}

/// Fills the namespaces of the async generator types (the `ag_*`, `__name__` and
/// `__qualname__` attributes are added by `objects::generator::init`).
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ag = t.ty(BuiltinType::AsyncGenerator);
    native::add_method(t, ag, "__aiter__", agen_aiter)?;
    native::add_method(t, ag, "__anext__", agen_anext)?;
    native::add_method(t, ag, "asend", agen_asend)?;
    native::add_method(t, ag, "athrow", agen_athrow)?;
    native::add_method(t, ag, "aclose", agen_aclose)?;
    native::add_method(t, ag, "__repr__", agen_repr)?;

    let s = t.ty(BuiltinType::AsyncGenASend);
    native::add_method(t, s, "__await__", asend_self)?;
    native::add_method(t, s, "__iter__", asend_self)?;
    native::add_method(t, s, "__next__", asend_next)?;
    native::add_method(t, s, "send", asend_send_py)?;
    native::add_method(t, s, "throw", asend_throw_py)?;
    native::add_method(t, s, "close", asend_close)?;

    let w = t.ty(BuiltinType::AsyncGenAThrow);
    native::add_method(t, w, "__await__", athrow_self)?;
    native::add_method(t, w, "__iter__", athrow_self)?;
    native::add_method(t, w, "__next__", athrow_next)?;
    native::add_method(t, w, "send", athrow_send_py)?;
    native::add_method(t, w, "throw", athrow_throw_py)?;
    native::add_method(t, w, "close", athrow_close)?;
    Ok(())
}

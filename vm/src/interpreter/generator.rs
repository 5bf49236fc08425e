//! Generators, coroutines and async generators: creating them, resuming and suspending their
//! frames, `throw`/`close`, and the opcodes that drive them (SEND, GET_YIELD_FROM_ITER,
//! GET_AWAITABLE, GET_AITER, GET_ANEXT, END_ASYNC_FOR, ASYNC_GEN_WRAP). The object layouts
//! and the Python-visible methods live in `objects/generator.rs` and
//! `objects/async_generator.rs`; this file must not grow Python-level API.
//!
//! Life of a generator frame (DESIGN.md: "Generators and coroutines keep their frame in a heap
//! object; `send` returns a status rather than raising StopIteration internally"):
//!
//! 1. `create` binds the arguments with `frame::push_function_frame`, copies the new frame's
//!    value-stack region `[base, sp)` into an `_array` sized for the whole frame
//!    (`nlocalsplus + stacksize`), stores the frame record's roots and counters in a new
//!    generator object, and pops the frame again.
//! 2. `resume` copies the region back on top of the value stack, rebuilds the `Frame`
//!    (`entry = true`, `generator = gen`), pushes the sent value (not on the first resumption:
//!    generator code starts without RETURN_GENERATOR/POP_TOP), and calls `interpreter::run`.
//!    A `throw` instead raises at the suspension point through the interpreter's `unwind`, so
//!    the frame's own exception table decides.
//! 3. YIELD_VALUE pops the frame and calls `suspend`, which copies the region back into the
//!    array *without allocating* (the loop still holds the yielded value in a Rust local) and
//!    restores the caller's stack height.
//!
//! **Invariant:** `resume` maps every outcome to `SendResult::Yielded`,
//! `SendResult::Returned` or `Err`; StopIteration is created only at the Python boundary
//! (`objects/generator.rs`) or when a Python-level `send`/`__next__` is called.
//!
//! Exception state: as CPython's `gi_exc_state`, each generator has its own "exception being
//! handled". While a generator frame runs, `Thread::handled` is the generator's own state
//! (so PUSH_EXC_INFO/POP_EXCEPT inside it save and restore the generator's values) and the
//! caller's value waits in the generator's CALLER_EXC slot; suspension and completion swap
//! them back. `topmost_handled` walks that chain as CPython's `_PyErr_GetTopmostException`
//! does: readers of "the exception being handled" (`sys.exc_info()`, implicit chaining, a
//! bare `raise`) must use it rather than `Thread::handled`.

use ember_gc::Value;

use super::frame::{self, Frame};
use super::Exit;
use crate::bytecode::{unit_arg, unit_op, CodeFlags, Op};
use crate::errors::{PyResult, Raised};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::code::{self, CodeData};
use crate::objects::generator::{self as gen_obj, state, GenKind};
use crate::objects::{async_generator, exceptions, function, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// How a resumption of a generator or coroutine ended (when it did not raise).
#[derive(Copy, Clone, Debug)]
pub enum SendResult {
    /// The frame suspended at a `yield` (or a delegated `yield from`/`await` yielded).
    Yielded(Value),
    /// The frame returned this value (None for exhausted generators).
    Returned(Value),
}

pub fn init(t: &mut Thread) -> PyResult<()> {
    gen_obj::init(t)?;
    async_generator::init(t)
}

/// The CodeData of a code object, borrowed from the thread's code table (no `unsafe`).
fn code_ref(t: &Thread, code_obj: Value) -> Option<&CodeData> {
    let id = t.heap.slot(code_obj, code::CODE_ID).as_small_int();
    t.codes.entries.get(usize::try_from(id).ok()?)?.as_deref()
}

// ----- creation, suspension, completion -----

/// Called instead of running a generator/coroutine function: binds the arguments at
/// `stack[fslot+1..]` into a new frame, saves it in a new generator object and returns it.
/// The value stack is left as it was on entry (the caller resets it anyway).
pub fn create(t: &mut Thread, fslot: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
    let sp0 = t.stack.sp;
    let nframes = t.frames.len();
    frame::push_function_frame(t, fslot, nargs, nkw, fslot)?;
    // Until the frame is popped below, its record and its stack region are roots.
    let r = save_new_frame(t, nframes);
    t.frames.truncate(nframes);
    t.depth = t.depth.saturating_sub(1);
    t.stack.sp = sp0;
    r
}

fn save_new_frame(t: &mut Thread, fi: usize) -> PyResult<Value> {
    let code_obj = t.frames[fi].code_obj;
    let (capacity, flags) = match code_ref(t, code_obj) {
        Some(cd) => (cd.nlocalsplus() + cd.stacksize as usize + 1, cd.flags),
        None => return Err(t.system_error("code object without data")),
    };
    let arr = t.alloc_slots(BuiltinType::Array.layout(), capacity, Value::NONE)?;
    let harr = t.root(arr);
    let f = &t.frames[fi];
    let base = f.base;
    let n = t.stack.sp - base;
    if n > capacity {
        return Err(t.system_error("generator frame larger than its code's stack size"));
    }
    let func = f.func;
    let values = [
        t.get(harr),
        Value::small_int(n as i64),
        f.code_obj,
        func,
        f.globals,
        f.builtins,
        Value::small_int(0),
        Value::small_int(0),
        Value::small_int(state::CREATED),
        t.heap.slot(func, function::NAME),
        t.heap.slot(func, function::QUALNAME),
        Value::NONE,
        Value::NONE,
        Value::FALSE,
    ];
    debug_assert_eq!(values.len(), gen_obj::GEN_SLOTS);
    let gen = if flags.contains(CodeFlags::ASYNC_GENERATOR) {
        t.new_object_with(
            BuiltinType::AsyncGenerator.layout(),
            &values,
            gen_obj::AGEN_SLOTS - gen_obj::GEN_SLOTS,
            Value::FALSE,
        )?
    } else if flags.contains(CodeFlags::COROUTINE) {
        t.new_object(BuiltinType::Coroutine.layout(), &values)?
    } else {
        t.new_object(BuiltinType::Generator.layout(), &values)?
    };
    let arr = t.get(harr);
    t.heap.store_slots(arr, 0, &t.stack.slots[base..base + n]);
    Ok(gen)
}

/// YIELD_VALUE: the frame `f` (already popped from t.frames) suspends; save its stack region
/// into its generator and restore the caller's stack height. Never allocates on the normal
/// path: the interpreter holds the yielded value in a Rust local across this call.
pub fn suspend(t: &mut Thread, f: Frame) -> PyResult<()> {
    let gen = f.generator;
    if gen_obj::kind(t, gen).is_none() {
        t.stack.sp = f.ret_sp;
        return Err(t.system_error("yield outside a generator frame"));
    }
    let base = f.base;
    let n = t.stack.sp - base;
    let arr = t.heap.slot(gen, gen_obj::FRAME);
    let old_n = t.heap.slot(gen, gen_obj::SP).as_small_int().max(0) as usize;
    if !arr.is_heap() || t.heap.count(arr) < n {
        // Unreachable while the compiler's stack sizes are right. Grow the array with the
        // frame pushed back so its roots survive the allocation.
        t.frames.push(f);
        let r = t.alloc_slots(BuiltinType::Array.layout(), n, Value::NONE);
        let f2 = t.frames.pop().unwrap_or_else(|| std::process::abort());
        let gen = f2.generator;
        match r {
            Ok(a) => {
                t.heap.set_slot(gen, gen_obj::FRAME, a);
                return suspend(t, f2);
            }
            Err(e) => {
                t.stack.sp = f2.ret_sp;
                return Err(e);
            }
        }
    }
    let gen = f.generator;
    t.heap.store_slots(arr, 0, &t.stack.slots[base..base + n]);
    if old_n > n {
        let cap = t.heap.count(arr);
        t.heap.fill_slots(arr, n, old_n.min(cap), Value::NONE);
    }
    t.heap
        .set_slot(gen, gen_obj::SP, Value::small_int(n as i64));
    t.heap
        .set_slot(gen, gen_obj::PC, Value::small_int(f.pc as i64));
    t.heap
        .set_slot(gen, gen_obj::LASTI, Value::small_int(f.lasti as i64));
    gen_obj::set_state(t, gen, state::SUSPENDED);
    // A generator suspended where closing it runs code (inside a try/with block, or
    // delegating to an iterator that must be closed) is closed if it becomes garbage.
    if !t.heap.slot(gen, gen_obj::FINALIZER).is_true()
        && (f.code().handler_for(f.lasti as u32).is_some()
            || (matches!(decode(&f.code().code, f.pc), Some((Op::JUMP_NO_INTERRUPT, _)))
                && yield_from(t, gen).is_some()))
    {
        t.heap.set_slot(gen, gen_obj::FINALIZER, Value::TRUE);
        t.heap.register_finalizer(gen);
    }
    // Keep the generator's own exception state; give the caller back its own.
    let caller = t.heap.slot(gen, gen_obj::CALLER_EXC);
    let own = t.handled;
    t.heap.set_slot(gen, gen_obj::EXC_STATE, own);
    t.heap.set_slot(gen, gen_obj::CALLER_EXC, Value::NONE);
    t.handled = caller;
    t.stack.sp = f.ret_sp;
    Ok(())
}

/// Marks a generator finished and drops its saved frame.
fn mark_completed(t: &mut Thread, gen: Value) {
    if gen_obj::kind(t, gen).is_none() {
        return;
    }
    gen_obj::set_state(t, gen, state::COMPLETED);
    t.heap.set_slot(gen, gen_obj::FRAME, Value::NONE);
    t.heap.set_slot(gen, gen_obj::SP, Value::small_int(0));
}

/// The generator's frame returned (mark it finished).
pub fn on_frame_return(t: &mut Thread, gen: Value) {
    mark_completed(t, gen);
}

/// The generator's frame was popped by an exception (mark it finished).
pub fn on_frame_error(t: &mut Thread, gen: Value) {
    mark_completed(t, gen);
}

// ----- resumption -----

/// CPython's `gen_send_ex2`: resumes `gen` with `arg` pushed (or, with `exc`, with the
/// thread's raised exception thrown in at the suspension point). `closing` is set by
/// `close()`, which must stay silent on exhausted coroutines.
fn resume(
    t: &mut Thread,
    gen: Value,
    arg: Value,
    exc: bool,
    closing: bool,
) -> PyResult<SendResult> {
    let Some(kind) = gen_obj::kind(t, gen) else {
        return Err(t.system_error("resume of a non-generator"));
    };
    let st = gen_obj::get_state(t, gen);
    if st == state::CREATED && !exc && !arg.is_none() {
        let msg = format!(
            "can't send non-None value to a just-started {}",
            kind.noun()
        );
        return Err(t.type_error(&msg));
    }
    if st == state::RUNNING {
        let msg = format!("{} already executing", kind.noun());
        return Err(t.value_error(&msg));
    }
    if st == state::COMPLETED {
        if kind == GenKind::Coroutine && !closing {
            return Err(t.runtime_error("cannot reuse already awaited coroutine"));
        }
        if !exc {
            return Ok(SendResult::Returned(Value::NONE));
        }
        // The thrown exception is already set.
        return Err(Raised::new());
    }
    if exc && st == state::CREATED {
        // No instruction has run, so no handler covers the suspension point: the exception
        // passes straight through the frame, which is then finished.
        mark_completed(t, gen);
        return Err(convert_stop(t, kind));
    }
    if t.depth >= t.recursion_limit {
        return Err(t.raise_msg(
            BuiltinType::RecursionError,
            "maximum recursion depth exceeded",
        ));
    }
    let mark = t.handle_mark();
    let hg = t.root(gen);
    let ha = t.root(arg);
    let code_obj = t.heap.slot(gen, gen_obj::CODE);
    let (nlocalsplus, stacksize) = match code_ref(t, code_obj) {
        Some(cd) => (cd.nlocalsplus(), cd.stacksize as usize),
        None => {
            t.handle_release(mark);
            return Err(t.system_error("code object without data"));
        }
    };
    let data = code::code_data(t, code_obj);
    let n = t.heap.slot(gen, gen_obj::SP).as_small_int().max(0) as usize;
    if let Err(e) = frame::check_stack(t, n + stacksize + 1) {
        t.handle_release(mark);
        return Err(e);
    }
    // Copy the saved region back on top of the value stack (no allocation from here until
    // the frame is pushed, so raw values stay valid).
    let gen = t.get(hg);
    let arr = t.heap.slot(gen, gen_obj::FRAME);
    let base = t.stack.sp;
    t.stack.slots[base..base + n].copy_from_slice(&t.heap.slots(arr)[..n]);
    t.stack.sp = base + n;
    if st != state::CREATED && !exc {
        let a = t.get(ha);
        t.stack.push(a);
    }
    let func = t.heap.slot(gen, gen_obj::FUNC);
    t.frames.push(Frame {
        code: data,
        code_obj,
        func,
        globals: t.heap.slot(gen, gen_obj::GLOBALS),
        builtins: t.heap.slot(gen, gen_obj::BUILTINS),
        locals: Value::UNBOUND,
        consts: t.heap.slot(code_obj, code::CONSTS),
        base,
        stack_base: base + nlocalsplus,
        ret_sp: base,
        pc: t.heap.slot(gen, gen_obj::PC).as_small_int() as usize,
        lasti: t.heap.slot(gen, gen_obj::LASTI).as_small_int() as usize,
        entry: true,
        generator: gen,
        init_self: Value::UNBOUND,
    });
    t.depth += 1;
    gen_obj::set_state(t, gen, state::RUNNING);
    let caller = t.handled;
    t.heap.set_slot(gen, gen_obj::CALLER_EXC, caller);
    let own = t.heap.slot(gen, gen_obj::EXC_STATE);
    t.handled = own;
    let r = if exc {
        if !own.is_none() {
            // CPython's _PyErr_ChainStackItem: the thrown exception's context is the
            // exception the generator was handling when it suspended.
            let e = t.exception;
            super::set_context(t, e);
        }
        match super::unwind(t) {
            Ok(Some(exit)) => Ok(exit),
            Ok(None) => super::run(t),
            Err(e) => Err(e),
        }
    } else {
        super::run(t)
    };
    let gen = t.get(hg);
    let out = match r {
        Ok(Exit::Yield(v)) => Ok(SendResult::Yielded(v)),
        Ok(Exit::Return(v)) => {
            restore_caller_exc(t, gen);
            Ok(SendResult::Returned(v))
        }
        Err(_) => {
            restore_caller_exc(t, gen);
            Err(convert_stop(t, kind))
        }
    };
    t.handle_release(mark);
    out
}

/// The exception being handled as `sys.exc_info()` sees it (CPython's
/// `_PyErr_GetTopmostException`): the innermost non-None state along the chain of running
/// generators (each keeps its caller's state in CALLER_EXC), else None.
pub fn topmost_handled(t: &Thread) -> Value {
    if !t.handled.is_none() {
        return t.handled;
    }
    for f in t.frames.iter().rev() {
        if gen_obj::kind(t, f.generator).is_some() {
            let c = t.heap.slot(f.generator, gen_obj::CALLER_EXC);
            if !c.is_none() && !c.is_unbound() {
                return c;
            }
        }
    }
    Value::NONE
}

/// The frame finished: the caller's exception state comes back, the generator's is dropped.
fn restore_caller_exc(t: &mut Thread, gen: Value) {
    let caller = t.heap.slot(gen, gen_obj::CALLER_EXC);
    t.handled = caller;
    t.heap.set_slot(gen, gen_obj::CALLER_EXC, Value::NONE);
    t.heap.set_slot(gen, gen_obj::EXC_STATE, Value::NONE);
    mark_completed(t, gen);
}

/// PEP 479: a StopIteration (or, in an async generator, StopAsyncIteration) escaping the
/// frame becomes a RuntimeError caused by it.
fn convert_stop(t: &mut Thread, kind: GenKind) -> Raised {
    if t.exception_matches(BuiltinType::StopIteration) {
        let msg = format!("{} raised StopIteration", kind.noun());
        return raise_from_cause(t, BuiltinType::RuntimeError, &msg);
    }
    if kind == GenKind::AsyncGenerator && t.exception_matches(BuiltinType::StopAsyncIteration) {
        return raise_from_cause(
            t,
            BuiltinType::RuntimeError,
            "async generator raised StopAsyncIteration",
        );
    }
    Raised::new()
}

/// CPython's `_PyErr_FormatFromCause`: raises `ty(msg)` with the current exception as both
/// its `__cause__` and `__context__`.
pub fn raise_from_cause(t: &mut Thread, ty: BuiltinType, msg: &str) -> Raised {
    let cause = t.take_exception();
    let hc = t.root(cause);
    let s = match pystr::new_str(t, msg) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let tyv = t.ty(ty);
    let e = match exceptions::new_exception(t, tyv, &[s]) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let cause = t.get(hc);
    if exceptions::is_exception(t, cause) {
        t.heap.set_slot(e, exceptions::CAUSE, cause);
        t.heap.set_slot(e, exceptions::CONTEXT, cause);
        t.heap
            .set_slot(e, exceptions::SUPPRESS_CONTEXT, Value::TRUE);
    }
    t.exception = e;
    Raised::new()
}

/// `gen.send(value)` (also `__next__` with None) at the Rust level.
pub fn send(t: &mut Thread, gen: Value, value: Value) -> PyResult<SendResult> {
    resume(t, gen, value, false, false)
}

/// `next(gen)` for loops: Some(value), or None when the generator finished (its return
/// value is dropped, as `for` does).
pub fn next_value(t: &mut Thread, gen: Value) -> PyResult<Option<Value>> {
    match resume(t, gen, Value::NONE, false, false)? {
        SendResult::Yielded(v) => Ok(Some(v)),
        SendResult::Returned(_) => Ok(None),
    }
}

// ----- yield from / await delegation -----

/// Decodes the instruction at `pc`, folding EXTENDED_ARG prefixes (bounds-checked).
fn decode(code: &[u32], mut pc: usize) -> Option<(Op, u32)> {
    let mut arg: u32 = 0;
    loop {
        let u = *code.get(pc)?;
        pc += 1;
        let op = unit_op(u);
        arg = (arg << 24) | unit_arg(u);
        if op != Op::EXTENDED_ARG {
            return Some((op, arg));
        }
    }
}

/// If `gen` is suspended inside `yield from`/`await` (CPython's `_PyGen_yf`): the
/// sub-iterator and the instruction where the delegation ends (SEND's target). The compiler
/// lays the loop out as CPython 3.11 does — `SEND exit; YIELD_VALUE; JUMP_NO_INTERRUPT
/// <SEND>` — so a frame suspended in it resumes at a JUMP_NO_INTERRUPT back to a SEND, and
/// the sub-iterator is the top of its saved stack.
fn yield_from_info(t: &Thread, gen: Value) -> Option<(Value, usize)> {
    gen_obj::kind(t, gen)?;
    if gen_obj::get_state(t, gen) != state::SUSPENDED {
        return None;
    }
    let code_obj = t.heap.slot(gen, gen_obj::CODE);
    let cd = code_ref(t, code_obj)?;
    let pc = usize::try_from(t.heap.slot(gen, gen_obj::PC).as_small_int()).ok()?;
    let (op, target) = decode(&cd.code, pc)?;
    if op != Op::JUMP_NO_INTERRUPT {
        return None;
    }
    let (op2, exit) = decode(&cd.code, target as usize)?;
    if op2 != Op::SEND {
        return None;
    }
    let n = usize::try_from(t.heap.slot(gen, gen_obj::SP).as_small_int()).ok()?;
    let arr = t.heap.slot(gen, gen_obj::FRAME);
    if n == 0 || !arr.is_heap() || n > t.heap.count(arr) {
        return None;
    }
    Some((t.heap.slot(arr, n - 1), exit as usize))
}

/// `gi_yieldfrom` / `cr_await` / `ag_await`.
pub fn yield_from(t: &Thread, gen: Value) -> Option<Value> {
    yield_from_info(t, gen).map(|(yf, _)| yf)
}

/// Ends the delegation of a suspended generator: pops the sub-iterator and moves the resume
/// point to the end of the SEND loop (CPython's `_gen_throw` does the same jump).
fn abandon_yield_from(t: &mut Thread, gen: Value) {
    let Some((_, exit)) = yield_from_info(t, gen) else {
        return;
    };
    let n = t.heap.slot(gen, gen_obj::SP).as_small_int() as usize;
    let arr = t.heap.slot(gen, gen_obj::FRAME);
    t.heap.set_slot(arr, n - 1, Value::NONE);
    t.heap
        .set_slot(gen, gen_obj::SP, Value::small_int(n as i64 - 1));
    t.heap
        .set_slot(gen, gen_obj::PC, Value::small_int(exit as i64));
}

/// CPython's `PyIter_Send`: sends `v` into `receiver`, natively for generators, coroutines
/// and the async-generator awaitables, else through `__next__` (when `v` is None and the
/// receiver is an iterator) or `send`.
pub fn iter_send(t: &mut Thread, receiver: Value, v: Value) -> PyResult<SendResult> {
    if receiver.is_heap() {
        let l = t.heap.layout_id(receiver);
        if l == BuiltinType::Generator.layout() || l == BuiltinType::Coroutine.layout() {
            return resume(t, receiver, v, false, false);
        }
        if l == BuiltinType::CoroutineWrapper.layout() {
            let coro = t.heap.slot(receiver, gen_obj::CW_CORO);
            return resume(t, coro, v, false, false);
        }
        if l == BuiltinType::AsyncGenASend.layout() {
            return async_generator::asend_send(t, receiver, v);
        }
        if l == BuiltinType::AsyncGenAThrow.layout() {
            return async_generator::athrow_send(t, receiver, v);
        }
    }
    let mark = t.handle_mark();
    let hr = t.root(receiver);
    let hv = t.root(v);
    let r = iter_send_generic(t, hr, hv);
    t.handle_release(mark);
    r
}

fn iter_send_generic(
    t: &mut Thread,
    hr: crate::thread::Handle,
    hv: crate::thread::Handle,
) -> PyResult<SendResult> {
    let receiver = t.get(hr);
    let r = if t.get(hv).is_none() && has_next(t, receiver)? {
        if let Some(x) = crate::objects::iterators::fast_next(t, t.get(hr))? {
            return Ok(match x {
                Some(v) => SendResult::Yielded(v),
                None => SendResult::Returned(Value::NONE),
            });
        }
        protocol::call_special(t, t.get(hr), crate::symbols::sym::__next__, &[])
            .map(|o| o.unwrap_or(Value::NONE))
    } else {
        protocol::call_method(t, t.get(hr), "send", &[t.get(hv)])
    };
    match r {
        Ok(v) => Ok(SendResult::Yielded(v)),
        Err(e) => {
            if t.exception_matches(BuiltinType::StopIteration) {
                let exc = t.take_exception();
                Ok(SendResult::Returned(stop_iteration_value(t, exc)))
            } else {
                Err(e)
            }
        }
    }
}

fn has_next(t: &mut Thread, v: Value) -> PyResult<bool> {
    let ty = t.type_of(v);
    Ok(type_::lookup_sym(t, ty, crate::symbols::sym::__next__).is_some())
}

/// The `value` of a caught StopIteration instance (its first argument, or None).
pub fn stop_iteration_value(t: &Thread, exc: Value) -> Value {
    if !exceptions::is_exception(t, exc) {
        return Value::NONE;
    }
    let args = exceptions::args(t, exc);
    if tuple::is_tuple(t, args) && tuple::len(t, args) > 0 {
        tuple::get(t, args, 0)
    } else {
        Value::NONE
    }
}

// ----- throw and close -----

/// Whether `v` (a class, an instance or a tuple of classes) matches the builtin exception
/// type `bt` (CPython's PyErr_GivenExceptionMatches).
fn given_matches(t: &Thread, v: Value, bt: BuiltinType) -> bool {
    let target = t.ty(bt);
    if type_::is_type(t, v) {
        return type_::is_subtype(t, v, target);
    }
    if exceptions::is_exception(t, v) {
        let ty = t.type_of(v);
        return type_::is_subtype(t, ty, target);
    }
    if tuple::is_tuple(t, v) {
        return (0..tuple::len(t, v)).any(|i| given_matches(t, tuple::get(t, v, i), bt));
    }
    false
}

fn is_exception_class(t: &Thread, v: Value) -> bool {
    type_::is_type(t, v) && type_::is_subtype(t, v, t.ty(BuiltinType::BaseException))
}

/// `throw(typ[, val[, tb]])` (CPython's `_gen_throw`): delegates to the sub-iterator of a
/// `yield from`/`await` first, else raises the exception at the suspension point. Absent
/// arguments are UNBOUND. `close_on_genexit` is false for async generators' `athrow`.
pub fn throw(
    t: &mut Thread,
    gen: Value,
    typ: Value,
    val: Value,
    tb: Value,
    close_on_genexit: bool,
) -> PyResult<SendResult> {
    let mark = t.handle_mark();
    let hg = t.root(gen);
    let ht = t.root(typ);
    let hv = t.root(val);
    let htb = t.root(tb);
    let r = throw_inner(t, hg, ht, hv, htb, close_on_genexit);
    t.handle_release(mark);
    r
}

fn throw_inner(
    t: &mut Thread,
    hg: crate::thread::Handle,
    ht: crate::thread::Handle,
    hv: crate::thread::Handle,
    htb: crate::thread::Handle,
    close_on_genexit: bool,
) -> PyResult<SendResult> {
    if let Some((yf, _)) = yield_from_info(t, t.get(hg)) {
        let hyf = t.root(yf);
        let saved = gen_obj::get_state(t, t.get(hg));
        if close_on_genexit && given_matches(t, t.get(ht), BuiltinType::GeneratorExit) {
            // Close the sub-iterator, then raise GeneratorExit here (or its close error).
            gen_obj::set_state(t, t.get(hg), state::RUNNING);
            let err = close_iter(t, t.get(hyf));
            gen_obj::set_state(t, t.get(hg), saved);
            if err.is_err() {
                return resume(t, t.get(hg), Value::NONE, true, false);
            }
        } else {
            gen_obj::set_state(t, t.get(hg), state::RUNNING);
            let ret = if gen_obj::is_gen_or_coro(t, t.get(hyf)) {
                throw(
                    t,
                    t.get(hyf),
                    t.get(ht),
                    t.get(hv),
                    t.get(htb),
                    close_on_genexit,
                )
            } else {
                match protocol::getattr_str(t, t.get(hyf), "throw") {
                    Ok(meth) => {
                        let mut args = vec![t.get(ht)];
                        if !t.get(hv).is_unbound() {
                            args.push(t.get(hv));
                            if !t.get(htb).is_unbound() {
                                args.push(t.get(htb));
                            }
                        }
                        match protocol::call(t, meth, &args) {
                            Ok(v) => Ok(SendResult::Yielded(v)),
                            Err(e) => {
                                if t.exception_matches(BuiltinType::StopIteration) {
                                    let exc = t.take_exception();
                                    Ok(SendResult::Returned(stop_iteration_value(t, exc)))
                                } else {
                                    Err(e)
                                }
                            }
                        }
                    }
                    Err(e) => {
                        gen_obj::set_state(t, t.get(hg), saved);
                        if !t.exception_matches(BuiltinType::AttributeError) {
                            return Err(e);
                        }
                        t.take_exception();
                        return throw_here(t, hg, ht, hv, htb);
                    }
                }
            };
            gen_obj::set_state(t, t.get(hg), saved);
            return match ret {
                Ok(SendResult::Yielded(v)) => Ok(SendResult::Yielded(v)),
                Ok(SendResult::Returned(v)) => {
                    // The sub-iterator finished: continue after the delegation with its value.
                    let hr = t.root(v);
                    abandon_yield_from(t, t.get(hg));
                    resume(t, t.get(hg), t.get(hr), false, false)
                }
                Err(_) => {
                    // The sub-iterator raised: raise that in this frame.
                    abandon_yield_from(t, t.get(hg));
                    resume(t, t.get(hg), Value::NONE, true, false)
                }
            };
        }
    }
    throw_here(t, hg, ht, hv, htb)
}

/// Validates and normalises `throw`'s arguments into the raised exception, then raises it at
/// the generator's suspension point.
fn throw_here(
    t: &mut Thread,
    hg: crate::thread::Handle,
    ht: crate::thread::Handle,
    hv: crate::thread::Handle,
    htb: crate::thread::Handle,
) -> PyResult<SendResult> {
    let tb = t.get(htb);
    let tb = if tb.is_unbound() || tb.is_none() {
        Value::NONE
    } else if gen_obj::is_kind(t, tb, BuiltinType::Traceback) {
        tb
    } else {
        return Err(t.type_error("throw() third argument must be a traceback object"));
    };
    let htb = t.root(tb);
    let typ = t.get(ht);
    let val = t.get(hv);
    if is_exception_class(t, typ) {
        // PyErr_NormalizeException; an error while instantiating is thrown in instead.
        if normalize_exception(t, typ, val).is_ok() {
            let tb = t.get(htb);
            if !tb.is_none() {
                let e = t.exception;
                t.heap.set_slot(e, exceptions::TRACEBACK, tb);
            }
        }
    } else if exceptions::is_exception(t, typ) {
        if !val.is_unbound() && !val.is_none() {
            return Err(t.type_error("instance exception may not have a separate value"));
        }
        let tb = t.get(htb);
        if !tb.is_none() {
            t.heap.set_slot(typ, exceptions::TRACEBACK, tb);
        }
        t.exception = typ;
    } else {
        let msg = format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            type_::type_name_of(t, typ)
        );
        return Err(t.type_error(&msg));
    }
    resume(t, t.get(hg), Value::NONE, true, false)
}

/// Sets `t.exception` to the instance `typ` and `val` describe (CPython's
/// PyErr_NormalizeException + _PyErr_CreateException), without implicit chaining.
fn normalize_exception(t: &mut Thread, typ: Value, val: Value) -> PyResult<()> {
    if exceptions::is_exception(t, val) {
        let vt = t.type_of(val);
        if type_::is_subtype(t, vt, typ) {
            t.exception = val;
            return Ok(());
        }
    }
    let ht = t.root(typ);
    let e = if val.is_unbound() || val.is_none() {
        protocol::call(t, typ, &[])
    } else if tuple::is_tuple(t, val) {
        let items = tuple::items(t, val);
        protocol::call(t, typ, &items)
    } else {
        protocol::call(t, typ, &[val])
    };
    let e = e?;
    if !exceptions::is_exception(t, e) {
        let he = t.root(e);
        let r = protocol::repr_string(t, t.get(ht))?;
        let msg = format!(
            "calling {r} should have returned an instance of BaseException, not {}",
            type_::type_name_of(t, t.get(he))
        );
        return Err(t.type_error(&msg));
    }
    t.exception = e;
    Ok(())
}

/// `close()` of a sub-iterator during delegation (CPython's `gen_close_iter`).
fn close_iter(t: &mut Thread, yf: Value) -> PyResult<()> {
    if gen_obj::is_gen_or_coro(t, yf) {
        return close(t, yf);
    }
    let hy = t.root(yf);
    match protocol::getattr_str(t, t.get(hy), "close") {
        Ok(m) => {
            protocol::call(t, m, &[])?;
            Ok(())
        }
        Err(_) => {
            // CPython reports a failing lookup as unraisable and carries on.
            // FIXME(unraisable): route non-AttributeError failures to sys.unraisablehook.
            t.take_exception();
            Ok(())
        }
    }
}

/// `gen.close()`: raises GeneratorExit at the suspension point; "ignored GeneratorExit" if
/// the frame yields again.
pub fn close(t: &mut Thread, gen: Value) -> PyResult<()> {
    let Some(kind) = gen_obj::kind(t, gen) else {
        return Err(t.system_error("close of a non-generator"));
    };
    match gen_obj::get_state(t, gen) {
        s if s == state::CREATED => {
            // Nothing has run: CPython's throw passes through the frame without a handler.
            mark_completed(t, gen);
            return Ok(());
        }
        s if s == state::COMPLETED => return Ok(()),
        _ => {}
    }
    let mark = t.handle_mark();
    let hg = t.root(gen);
    let mut err = false;
    if let Some(yf) = yield_from(t, gen) {
        let saved = gen_obj::get_state(t, gen);
        gen_obj::set_state(t, gen, state::RUNNING);
        err = close_iter(t, yf).is_err();
        gen_obj::set_state(t, t.get(hg), saved);
    }
    if !err {
        let _ = t.raise_empty(BuiltinType::GeneratorExit);
    }
    let r = resume(t, t.get(hg), Value::NONE, true, true);
    t.handle_release(mark);
    match r {
        Ok(SendResult::Yielded(_)) => {
            let msg = if kind == GenKind::AsyncGenerator {
                "async generator ignored GeneratorExit".to_string()
            } else {
                format!("{} ignored GeneratorExit", kind.noun())
            };
            Err(t.runtime_error(&msg))
        }
        Ok(SendResult::Returned(_)) => Ok(()),
        Err(e) => {
            if t.exception_matches(BuiltinType::StopIteration)
                || t.exception_matches(BuiltinType::GeneratorExit)
            {
                t.take_exception();
                Ok(())
            } else {
                Err(e)
            }
        }
    }
}

/// Runs the finalisation work collections queued, at a safe point: closes the generators
/// queued for finalisation, then calls the callbacks of weak references whose referents
/// died (`objects::weakref::run_callbacks`). The generators are those the collector found dead while
/// suspended in a try/with block (it kept them alive for this; `gc` invariant 6), as
/// CPython's `_PyGen_Finalize` does when a suspended generator is deallocated. Runs at safe
/// points only (see ARCHITECTURE.md, "Finalisation"); an exception from `close` is reported
/// as "Exception ignored in" and dropped, as unraisable exceptions are.
pub fn close_queued_generators(t: &mut Thread) {
    if t.finalizing {
        return;
    }
    t.finalizing = true;
    let saved = t.take_exception();
    let hsaved = t.root(saved);
    while let Some(gen) = t.heap.pop_finalize_ready() {
        let mark = t.handle_mark();
        // io objects register too: closing them flushes their buffers.
        if crate::io::finalize(t, gen) {
            t.handle_release(mark);
            continue;
        }
        let hg = t.root(gen);
        if gen_obj::kind(t, gen).is_some()
            && gen_obj::get_state(t, gen) == state::SUSPENDED
            && close(t, gen).is_err()
        {
            let exc = t.take_exception();
            let he = t.root(exc);
            let what =
                protocol::repr_string(t, t.get(hg)).unwrap_or_else(|_| "<generator>".to_string());
            t.exception = Value::UNBOUND;
            crate::interpreter::traceback::print_unraisable(t, t.get(he), &what);
        }
        t.handle_release(mark);
    }
    // Weak references whose referents the same collections found dead.
    crate::objects::weakref::run_callbacks(t);
    t.exception = t.get(hsaved);
    t.finalizing = false;
}

/// At exit, closes every generator still suspended in a try/with block, alive or not, as
/// CPython's finalisation does when it clears the modules that reference them.
pub fn close_generators_at_exit(t: &mut Thread) {
    t.heap.queue_all_finalizable();
    close_queued_generators(t);
}

// ----- opcodes -----

/// SEND: `[receiver, v]` → `[receiver, yielded]` (falls through to YIELD_VALUE), or, when the
/// receiver finished, `[result]` and Ok(true) (the loop jumps to arg).
pub fn send_op(t: &mut Thread, _fi: usize, _arg: u32) -> PyResult<bool> {
    let v = t.stack.peek(1);
    let receiver = t.stack.peek(2);
    let mark = t.handle_mark();
    let r = iter_send(t, receiver, v);
    t.handle_release(mark);
    match r? {
        SendResult::Yielded(y) => {
            let sp = t.stack.sp;
            t.stack.slots[sp - 1] = y;
            Ok(false)
        }
        SendResult::Returned(r) => {
            t.stack.sp -= 1;
            let sp = t.stack.sp;
            t.stack.slots[sp - 1] = r;
            Ok(true)
        }
    }
}

/// The code flags of the running frame.
fn current_flags(t: &Thread) -> CodeFlags {
    match t.frames.last() {
        Some(f) => f.code().flags,
        None => CodeFlags::empty(),
    }
}

/// GET_YIELD_FROM_ITER: generators (and coroutines inside coroutines) are kept, anything
/// else is replaced by `iter(TOS)`.
pub fn get_yield_from_iter(t: &mut Thread) -> PyResult<()> {
    let v = t.stack.top();
    match gen_obj::kind(t, v) {
        Some(GenKind::Generator) => Ok(()),
        Some(GenKind::Coroutine) => {
            if current_flags(t).intersects(CodeFlags::COROUTINE | CodeFlags::ITERABLE_COROUTINE) {
                Ok(())
            } else {
                Err(t.type_error(
                    "cannot 'yield from' a coroutine object in a non-coroutine generator",
                ))
            }
        }
        _ => {
            let it = protocol::iter(t, v)?;
            let sp = t.stack.sp;
            t.stack.slots[sp - 1] = it;
            Ok(())
        }
    }
}

/// Whether a generator was made awaitable by `types.coroutine` (CO_ITERABLE_COROUTINE).
fn is_iterable_coroutine(t: &Thread, v: Value) -> bool {
    if gen_obj::kind(t, v) != Some(GenKind::Generator) {
        return false;
    }
    let code_obj = t.heap.slot(v, gen_obj::CODE);
    code_ref(t, code_obj).is_some_and(|cd| cd.flags.contains(CodeFlags::ITERABLE_COROUTINE))
}

fn is_coroutine_like(t: &Thread, v: Value) -> bool {
    gen_obj::kind(t, v) == Some(GenKind::Coroutine) || is_iterable_coroutine(t, v)
}

/// CPython's `_PyCoro_GetAwaitableIter`: the iterator that `await o` drives.
pub fn awaitable_iter(t: &mut Thread, o: Value) -> PyResult<Value> {
    if is_coroutine_like(t, o) {
        return Ok(o);
    }
    let ho = t.root(o);
    let ty = t.type_of(o);
    let Some(m) = type_::lookup_sym(t, ty, crate::symbols::sym::__await__) else {
        let msg = format!(
            "object {} can't be used in 'await' expression",
            type_::type_name_of(t, t.get(ho))
        );
        return Err(t.type_error(&msg));
    };
    let res = protocol::call::call_unbound(t, m, &[t.get(ho)])?;
    if is_coroutine_like(t, res) {
        return Err(t.type_error("__await__() returned a coroutine"));
    }
    let hr = t.root(res);
    if !has_next(t, res)? {
        let msg = format!(
            "__await__() returned non-iterator of type '{}'",
            type_::type_name_of(t, t.get(hr))
        );
        return Err(t.type_error(&msg));
    }
    Ok(t.get(hr))
}

/// GET_AWAITABLE: TOS = the awaitable iterator of TOS (arg 1/2: from `__aenter__`/`__aexit__`
/// in `async with`, for CPython's error messages).
pub fn get_awaitable(t: &mut Thread, arg: u32) -> PyResult<()> {
    let o = t.stack.top();
    let ho = t.root(o);
    let it = match awaitable_iter(t, o) {
        Ok(it) => it,
        Err(e) => {
            if arg == 1 || arg == 2 {
                let ty = t.type_of(t.get(ho));
                let has_await = type_::lookup_sym(t, ty, crate::symbols::sym::__await__).is_some();
                if !has_await {
                    t.take_exception();
                    let msg = format!(
                        "'async with' received an object from __a{}__ that does not implement __await__: {}",
                        if arg == 1 { "enter" } else { "exit" },
                        type_::type_name_of(t, t.get(ho))
                    );
                    return Err(t.type_error(&msg));
                }
            }
            return Err(e);
        }
    };
    if gen_obj::kind(t, it) == Some(GenKind::Coroutine) && yield_from(t, it).is_some() {
        return Err(t.runtime_error("coroutine is being awaited already"));
    }
    let sp = t.stack.sp;
    t.stack.slots[sp - 1] = it;
    Ok(())
}

/// GET_AITER: TOS = TOS.__aiter__(), which must have `__anext__`.
pub fn get_aiter(t: &mut Thread) -> PyResult<()> {
    let obj = t.stack.top();
    let ho = t.root(obj);
    let ty = t.type_of(obj);
    let Some(m) = type_::lookup_sym(t, ty, crate::symbols::sym::__aiter__) else {
        let msg = format!(
            "'async for' requires an object with __aiter__ method, got {}",
            type_::type_name_of(t, t.get(ho))
        );
        return Err(t.type_error(&msg));
    };
    let it = protocol::call::call_unbound(t, m, &[t.get(ho)])?;
    let hi = t.root(it);
    let ity = t.type_of(it);
    if type_::lookup_sym(t, ity, crate::symbols::sym::__anext__).is_none() {
        let msg = format!(
            "'async for' received an object from __aiter__ that does not implement __anext__: {}",
            type_::type_name_of(t, t.get(hi))
        );
        return Err(t.type_error(&msg));
    }
    let sp = t.stack.sp;
    t.stack.slots[sp - 1] = t.get(hi);
    Ok(())
}

/// GET_ANEXT: pushes the awaitable of `TOS.__anext__()`.
pub fn get_anext(t: &mut Thread) -> PyResult<()> {
    let aiter = t.stack.top();
    let awaitable = if gen_obj::kind(t, aiter) == Some(GenKind::AsyncGenerator) {
        async_generator::anext(t, aiter)?
    } else {
        let ha = t.root(aiter);
        let ty = t.type_of(aiter);
        let Some(m) = type_::lookup_sym(t, ty, crate::symbols::sym::__anext__) else {
            let msg = format!(
                "'async for' requires an iterator with __anext__ method, got {}",
                type_::type_name_of(t, t.get(ha))
            );
            return Err(t.type_error(&msg));
        };
        let next_iter = protocol::call::call_unbound(t, m, &[t.get(ha)])?;
        let hn = t.root(next_iter);
        match awaitable_iter(t, next_iter) {
            Ok(a) => a,
            Err(_) => {
                let msg = format!(
                    "'async for' received an invalid object from __anext__: {}",
                    type_::type_name_of(t, t.get(hn))
                );
                return Err(raise_from_cause(t, BuiltinType::TypeError, &msg));
            }
        }
    };
    t.stack.push(awaitable);
    Ok(())
}

/// END_ASYNC_FOR: `[aiter, exc]`; StopAsyncIteration ends the loop (both popped), anything
/// else is re-raised.
pub fn end_async_for(t: &mut Thread) -> PyResult<()> {
    let exc = t.stack.pop();
    let ty = t.type_of(exc);
    if type_::is_subtype(t, ty, t.ty(BuiltinType::StopAsyncIteration)) {
        t.stack.sp -= 1;
        return Ok(());
    }
    t.exception = exc;
    Err(Raised::new())
}

/// ASYNC_GEN_WRAP: marks TOS as a value the async generator yields to its consumer (as
/// opposed to a value an `await` inside it passes through to the event loop).
pub fn async_gen_wrap(t: &mut Thread) -> PyResult<()> {
    let v = t.stack.top();
    let w = t.new_object(BuiltinType::AsyncGenWrappedValue.layout(), &[v])?;
    let sp = t.stack.sp;
    t.stack.slots[sp - 1] = w;
    Ok(())
}

//! `generator`, `coroutine` and `coroutine_wrapper`: the Python-visible side of suspended
//! frames. The machinery that creates, resumes and suspends them lives in
//! `interpreter::generator`; this file owns the object layout (shared by `async_generator`,
//! which appends a few slots) and the methods and attributes Python code sees.
//!
//! A generator object holds everything a `Frame` record holds, plus its frame's region of the
//! value stack (locals, cells, free variables and temporaries) in an `_array` allocated once
//! with room for the code's whole frame (`nlocalsplus + stacksize`), so that suspending never
//! allocates.
//!
//! **Invariant:** slot FRAME holds the saved region exactly while the state is CREATED or
//! SUSPENDED; while RUNNING the live region is on the value stack (the array's contents are
//! stale), and once COMPLETED the slot is None.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::interpreter::generator::{self as machinery, SendResult};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::native::{self, Args};
use crate::objects::{str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

/// `_array` of the frame's saved value-stack region (None once completed).
pub const FRAME: usize = 0;
/// Number of live values in FRAME (SmallInt).
pub const SP: usize = 1;
pub const CODE: usize = 2;
pub const FUNC: usize = 3;
pub const GLOBALS: usize = 4;
pub const BUILTINS: usize = 5;
/// Next instruction to run on resumption (SmallInt unit index).
pub const PC: usize = 6;
/// The instruction that suspended (the YIELD_VALUE), for exception handlers and `throw`.
pub const LASTI: usize = 7;
/// One of the `state` constants (SmallInt).
pub const STATE: usize = 8;
pub const NAME: usize = 9;
pub const QUALNAME: usize = 10;
/// The generator's own "exception being handled" while it is suspended inside an `except`
/// block (CPython's `gi_exc_state`), else None.
pub const EXC_STATE: usize = 11;
/// While RUNNING: the caller's `Thread::handled`, restored when the frame suspends or ends.
pub const CALLER_EXC: usize = 12;
/// True once the generator is registered with the collector for closing when it dies
/// (`interpreter::generator::suspend`).
pub const FINALIZER: usize = 13;
pub const GEN_SLOTS: usize = 14;

// Async generators append these slots.
/// `ag_running`: an `asend`/`athrow` awaitable is iterating the generator (bool).
pub const AG_RUNNING_ASYNC: usize = GEN_SLOTS;
/// `aclose()` was called or the generator finished (bool).
pub const AG_CLOSED: usize = GEN_SLOTS + 1;
pub const AGEN_SLOTS: usize = GEN_SLOTS + 2;

/// coroutine_wrapper slot: the coroutine.
pub const CW_CORO: usize = 0;

/// Generator states (slot STATE).
pub mod state {
    pub const CREATED: i64 = 0;
    pub const SUSPENDED: i64 = 1;
    pub const RUNNING: i64 = 2;
    pub const COMPLETED: i64 = 3;
}

/// Which of the three frame-holding types an object is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum GenKind {
    Generator,
    Coroutine,
    AsyncGenerator,
}

impl GenKind {
    /// The word CPython uses in messages ("generator already executing").
    pub fn noun(self) -> &'static str {
        match self {
            GenKind::Generator => "generator",
            GenKind::Coroutine => "coroutine",
            GenKind::AsyncGenerator => "async generator",
        }
    }

    pub fn builtin_type(self) -> BuiltinType {
        match self {
            GenKind::Generator => BuiltinType::Generator,
            GenKind::Coroutine => BuiltinType::Coroutine,
            GenKind::AsyncGenerator => BuiltinType::AsyncGenerator,
        }
    }
}

/// The kind of `v` if it is a generator, coroutine or async generator (none of these types
/// can be subclassed, so the layout id decides).
#[inline]
pub fn kind(t: &Thread, v: Value) -> Option<GenKind> {
    if !v.is_heap() {
        return None;
    }
    let l = t.heap.layout_id(v);
    if l == BuiltinType::Generator.layout() {
        Some(GenKind::Generator)
    } else if l == BuiltinType::Coroutine.layout() {
        Some(GenKind::Coroutine)
    } else if l == BuiltinType::AsyncGenerator.layout() {
        Some(GenKind::AsyncGenerator)
    } else {
        None
    }
}

/// Whether `v` is a generator or a coroutine (CPython's `PyGen_CheckExact || PyCoro_CheckExact`).
#[inline]
pub fn is_gen_or_coro(t: &Thread, v: Value) -> bool {
    matches!(kind(t, v), Some(GenKind::Generator | GenKind::Coroutine))
}

#[inline]
pub fn is_kind(t: &Thread, v: Value, bt: BuiltinType) -> bool {
    v.is_heap() && t.heap.layout_id(v) == bt.layout()
}

#[inline]
pub fn get_state(t: &Thread, gen: Value) -> i64 {
    t.heap.slot(gen, STATE).as_small_int()
}

#[inline]
pub fn set_state(t: &mut Thread, gen: Value, s: i64) {
    t.heap.set_slot(gen, STATE, Value::small_int(s));
}

/// A coroutine_wrapper (what `coroutine.__await__()` returns) around `coro`.
pub fn new_coroutine_wrapper(t: &mut Thread, coro: Value) -> PyResult<Value> {
    t.new_object(BuiltinType::CoroutineWrapper.layout(), &[coro])
}

/// Raises `StopIteration(value)` the way a generator's return does at the Python boundary:
/// no arguments for None, else one argument (a tuple or exception value stays whole).
pub fn raise_stop_iteration(t: &mut Thread, value: Value) -> crate::errors::Raised {
    if value.is_none() {
        t.raise_empty(BuiltinType::StopIteration)
    } else {
        t.raise_with_args(BuiltinType::StopIteration, &[value])
    }
}

/// Maps a Rust-level send result to the Python-level one (`StopIteration` on return).
pub fn yielded_or_stop(t: &mut Thread, r: SendResult) -> PyResult<Value> {
    match r {
        SendResult::Yielded(v) => Ok(v),
        SendResult::Returned(v) => Err(raise_stop_iteration(t, v)),
    }
}

/// `self` of a method of the frame-holding type `bt`, checked (the call machinery checks
/// method descriptors, but getset natives and direct calls must not read a foreign layout).
fn self_of(t: &mut Thread, a: &Args, bt: BuiltinType, what: &str) -> PyResult<Value> {
    let v = if a.is_empty() {
        Value::NONE
    } else {
        a.get(t, 0)
    };
    if is_kind(t, v, bt) {
        return Ok(v);
    }
    let msg = format!(
        "descriptor '{what}' for '{}' objects doesn't apply to a '{}' object",
        bt.name(),
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

fn owner_name(bt: BuiltinType) -> &'static str {
    bt.name()
}

/// Checks a METH_NOARGS call: `generator.close() takes no arguments (1 given)`.
fn check_noargs(t: &mut Thread, a: &Args, bt: BuiltinType, name: &str) -> PyResult<()> {
    if a.nkw > 0 {
        let msg = format!("{}.{name}() takes no keyword arguments", owner_name(bt));
        return Err(t.type_error(&msg));
    }
    if a.len() != 1 {
        let msg = format!(
            "{}.{name}() takes no arguments ({} given)",
            owner_name(bt),
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

/// Checks a METH_O call: `generator.send() takes exactly one argument (0 given)`.
fn check_one_arg(t: &mut Thread, a: &Args, bt: BuiltinType, name: &str) -> PyResult<()> {
    if a.nkw > 0 {
        let msg = format!("{}.{name}() takes no keyword arguments", owner_name(bt));
        return Err(t.type_error(&msg));
    }
    if a.len() != 2 {
        let msg = format!(
            "{}.{name}() takes exactly one argument ({} given)",
            owner_name(bt),
            a.len().saturating_sub(1)
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

/// Checks a slot wrapper with no arguments (`__next__`, `__iter__`, `__await__`).
fn check_wrapper_noargs(t: &mut Thread, a: &Args, name: &str) -> PyResult<()> {
    if a.nkw > 0 {
        let msg = format!("{name}() takes no keyword arguments");
        return Err(t.type_error(&msg));
    }
    if a.len() != 1 {
        let msg = format!("expected 0 arguments, got {}", a.len().saturating_sub(1));
        return Err(t.type_error(&msg));
    }
    Ok(())
}

/// Arguments of `throw(typ[, val[, tb]])`, as (typ, val, tb) with UNBOUND for absent ones.
pub fn throw_args(t: &mut Thread, a: &Args, first: usize) -> PyResult<(Value, Value, Value)> {
    a.no_kwargs(t, "throw")?;
    let n = a.len() - first;
    if n < 1 {
        return Err(t.type_error(&format!("throw expected at least 1 argument, got {n}")));
    }
    if n > 3 {
        return Err(t.type_error(&format!("throw expected at most 3 arguments, got {n}")));
    }
    let typ = a.get(t, first);
    let val = a.opt(t, first + 1).unwrap_or(Value::UNBOUND);
    let tb = a.opt(t, first + 2).unwrap_or(Value::UNBOUND);
    Ok((typ, val, tb))
}

/// `<generator object f at 0x...>` (the qualname, as CPython).
fn frame_holder_repr(t: &mut Thread, gen: Value, what: &str) -> PyResult<Value> {
    let q = t.heap.slot(gen, QUALNAME);
    let q = if pystr::is_str(t, q) {
        pystr::to_rust_string(t, q)
    } else {
        "?".to_string()
    };
    let id = protocol::identity(t, gen);
    pystr::new_str(t, &format!("<{what} object {q} at {id:#x}>"))
}

// ----- methods shared by generator and coroutine -----

fn gen_send_common(t: &mut Thread, a: Args, bt: BuiltinType) -> PyResult<Value> {
    let gen = self_of(t, &a, bt, "send")?;
    check_one_arg(t, &a, bt, "send")?;
    let v = a.get(t, 1);
    let r = machinery::send(t, gen, v)?;
    yielded_or_stop(t, r)
}

fn gen_throw_common(t: &mut Thread, a: Args, bt: BuiltinType) -> PyResult<Value> {
    let gen = self_of(t, &a, bt, "throw")?;
    let (typ, val, tb) = throw_args(t, &a, 1)?;
    let r = machinery::throw(t, gen, typ, val, tb, true)?;
    yielded_or_stop(t, r)
}

fn gen_close_common(t: &mut Thread, a: Args, bt: BuiltinType) -> PyResult<Value> {
    let gen = self_of(t, &a, bt, "close")?;
    check_noargs(t, &a, bt, "close")?;
    machinery::close(t, gen)?;
    Ok(Value::NONE)
}

fn gen_send(t: &mut Thread, a: Args) -> PyResult<Value> {
    gen_send_common(t, a, BuiltinType::Generator)
}
fn gen_throw(t: &mut Thread, a: Args) -> PyResult<Value> {
    gen_throw_common(t, a, BuiltinType::Generator)
}
fn gen_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    gen_close_common(t, a, BuiltinType::Generator)
}
fn coro_send(t: &mut Thread, a: Args) -> PyResult<Value> {
    gen_send_common(t, a, BuiltinType::Coroutine)
}
fn coro_throw(t: &mut Thread, a: Args) -> PyResult<Value> {
    gen_throw_common(t, a, BuiltinType::Coroutine)
}
fn coro_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    gen_close_common(t, a, BuiltinType::Coroutine)
}

fn gen_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let gen = self_of(t, &a, BuiltinType::Generator, "__iter__")?;
    check_wrapper_noargs(t, &a, "__iter__")?;
    Ok(gen)
}

fn gen_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let gen = self_of(t, &a, BuiltinType::Generator, "__next__")?;
    check_wrapper_noargs(t, &a, "__next__")?;
    let r = machinery::send(t, gen, Value::NONE)?;
    yielded_or_stop(t, r)
}

fn gen_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let gen = self_of(t, &a, BuiltinType::Generator, "__repr__")?;
    frame_holder_repr(t, gen, "generator")
}

fn coro_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let gen = self_of(t, &a, BuiltinType::Coroutine, "__repr__")?;
    frame_holder_repr(t, gen, "coroutine")
}

fn coro_await(t: &mut Thread, a: Args) -> PyResult<Value> {
    let gen = self_of(t, &a, BuiltinType::Coroutine, "__await__")?;
    check_wrapper_noargs(t, &a, "__await__")?;
    new_coroutine_wrapper(t, gen)
}

// ----- attributes (getset natives receive [self] or [self, value]) -----

/// `self` of a getset native for any of the three frame-holding types.
fn holder(t: &mut Thread, a: &Args, what: &str) -> PyResult<Value> {
    let v = if a.is_empty() {
        Value::NONE
    } else {
        a.get(t, 0)
    };
    if kind(t, v).is_some() {
        return Ok(v);
    }
    let msg = format!(
        "descriptor '{what}' for 'generator' objects doesn't apply to a '{}' object",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

fn get_name(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = holder(t, &a, "__name__")?;
    Ok(t.heap.slot(g, NAME))
}

fn get_qualname(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = holder(t, &a, "__qualname__")?;
    Ok(t.heap.slot(g, QUALNAME))
}

fn set_name_slot(t: &mut Thread, a: Args, slot: usize, what: &str) -> PyResult<Value> {
    let g = holder(t, &a, what)?;
    let v = a.opt(t, 1).unwrap_or(Value::UNBOUND);
    if !pystr::is_str(t, v) {
        let msg = format!("{what} must be set to a string object");
        return Err(t.type_error(&msg));
    }
    t.heap.set_slot(g, slot, v);
    Ok(Value::NONE)
}

fn set_name(t: &mut Thread, a: Args) -> PyResult<Value> {
    set_name_slot(t, a, NAME, "__name__")
}

fn set_qualname(t: &mut Thread, a: Args) -> PyResult<Value> {
    set_name_slot(t, a, QUALNAME, "__qualname__")
}

fn get_code(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = holder(t, &a, "gi_code")?;
    Ok(t.heap.slot(g, CODE))
}

fn get_running(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = holder(t, &a, "gi_running")?;
    Ok(Value::from_bool(get_state(t, g) == state::RUNNING))
}

fn get_suspended(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = holder(t, &a, "gi_suspended")?;
    Ok(Value::from_bool(get_state(t, g) == state::SUSPENDED))
}

fn get_yieldfrom(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = holder(t, &a, "gi_yieldfrom")?;
    Ok(machinery::yield_from(t, g).unwrap_or(Value::NONE))
}

fn get_frame(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = holder(t, &a, "gi_frame")?;
    if get_state(t, g) == state::COMPLETED {
        return Ok(Value::NONE);
    }
    t.new_object(BuiltinType::Frame.layout(), &[g])
}

// ----- frame views -----
//
// FIXME(frame-objects): ember has no general frame objects yet. `gi_frame`/`cr_frame`/
// `ag_frame` return a `frame` that views the generator's frame: one slot, the generator, from
// which the attributes below are read live. When real frame objects exist, this moves there.

/// Slot of a frame view: the generator whose frame it shows.
const FV_GEN: usize = 0;

// A frame snapshot (`sys._getframe`, `tb_frame`): what the frame showed when the object was
// made. Slots: code, globals, builtins, line, lasti (units), f_back, locals (dict or None).
const SNAP_SLOTS: usize = 7;
const SN_CODE: usize = 0;
const SN_GLOBALS: usize = 1;
const SN_BUILTINS: usize = 2;
const SN_LINE: usize = 3;
const SN_LASTI: usize = 4;
const SN_BACK: usize = 5;
const SN_LOCALS: usize = 6;

/// A frame snapshot object.
#[allow(clippy::too_many_arguments)]
pub fn new_frame_snapshot(
    t: &mut Thread,
    code: Value,
    globals: Value,
    builtins: Value,
    line: i64,
    lasti: usize,
    back: Value,
    locals: Value,
) -> PyResult<Value> {
    t.new_object(
        BuiltinType::Frame.layout(),
        &[
            code,
            globals,
            builtins,
            Value::small_int(line),
            Value::small_int(lasti as i64),
            back,
            locals,
        ],
    )
}

/// A snapshot of the running frame `fi` (its locals copied into a dict) whose `f_back` is
/// the snapshot of the frame below it, down to the bottom of the stack.
pub fn snapshot_stack(t: &mut Thread, fi: usize) -> PyResult<Value> {
    let mut back = Value::NONE;
    for i in 0..=fi {
        let hb = t.root(back);
        let (code, globals, builtins, lasti, locals_map, base) = {
            let f = &t.frames[i];
            (f.code_obj, f.globals, f.builtins, f.lasti, f.locals, f.base)
        };
        let (line, names, nlocals, newlocals) = {
            let cd = t.frames[i].code();
            (
                cd.location(lasti as u32).line as i64,
                cd.varnames.clone(),
                cd.nlocals as usize,
                cd.flags.contains(crate::bytecode::CodeFlags::NEWLOCALS),
            )
        };
        let locals = if !newlocals && !locals_map.is_none() {
            locals_map
        } else {
            let hc = t.root(code);
            let hg = t.root(globals);
            let hbi = t.root(builtins);
            let d = crate::objects::dict::new_dict(t)?;
            let hd = t.root(d);
            for (k, name) in names.iter().enumerate().take(nlocals) {
                let v = t.stack.slots[base + k];
                if !v.is_unbound() {
                    crate::objects::dict::set_str(t, t.get(hd), name, v)?;
                }
            }
            let snap = new_frame_snapshot(
                t,
                t.get(hc),
                t.get(hg),
                t.get(hbi),
                line,
                lasti,
                t.get(hb),
                t.get(hd),
            )?;
            back = snap;
            continue;
        };
        back = new_frame_snapshot(t, code, globals, builtins, line, lasti, t.get(hb), locals)?;
    }
    Ok(back)
}

/// The snapshot frame `a.get(0)`, if it is one.
fn snapshot(t: &Thread, a: &Args) -> Option<Value> {
    if a.is_empty() {
        return None;
    }
    let v = a.get(t, 0);
    (is_kind(t, v, BuiltinType::Frame) && t.heap.count(v) == SNAP_SLOTS).then_some(v)
}

fn frame_view(t: &mut Thread, a: &Args) -> PyResult<Value> {
    let v = if a.is_empty() {
        Value::NONE
    } else {
        a.get(t, 0)
    };
    if is_kind(t, v, BuiltinType::Frame) && t.heap.count(v) == 1 {
        let g = t.heap.slot(v, FV_GEN);
        if kind(t, g).is_some() {
            return Ok(g);
        }
    }
    let msg = format!(
        "descriptor for 'frame' objects doesn't apply to a '{}' object",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

/// The CodeData of the generator's code.
fn gen_code_data(t: &Thread, g: Value) -> Option<&crate::objects::code::CodeData> {
    let code_obj = t.heap.slot(g, CODE);
    let id = t
        .heap
        .slot(code_obj, crate::objects::code::CODE_ID)
        .as_small_int();
    t.codes.entries.get(usize::try_from(id).ok()?)?.as_deref()
}

/// The instruction the generator's frame is at: the running frame's, else the saved one.
fn gen_lasti(t: &Thread, g: Value) -> usize {
    if let Some(f) = t.frames.iter().rev().find(|f| f.generator == g) {
        return f.lasti;
    }
    t.heap.slot(g, LASTI).as_small_int().max(0) as usize
}

fn f_lineno(t: &mut Thread, a: Args) -> PyResult<Value> {
    if let Some(s) = snapshot(t, &a) {
        return Ok(t.heap.slot(s, SN_LINE));
    }
    let g = frame_view(t, &a)?;
    let created = get_state(t, g) == state::CREATED;
    let lasti = gen_lasti(t, g);
    let line = match gen_code_data(t, g) {
        Some(cd) if created => cd.firstlineno,
        Some(cd) => cd.location(lasti as u32).line,
        None => 0,
    };
    Ok(Value::small_int(line as i64))
}

fn f_lasti(t: &mut Thread, a: Args) -> PyResult<Value> {
    if let Some(s) = snapshot(t, &a) {
        return Ok(Value::small_int(t.heap.slot(s, SN_LASTI).as_small_int() * 2));
    }
    let g = frame_view(t, &a)?;
    if get_state(t, g) == state::CREATED {
        return Ok(Value::small_int(0));
    }
    // CPython reports byte offsets of 2-byte code units.
    Ok(Value::small_int(gen_lasti(t, g) as i64 * 2))
}

fn f_code(t: &mut Thread, a: Args) -> PyResult<Value> {
    if let Some(s) = snapshot(t, &a) {
        return Ok(t.heap.slot(s, SN_CODE));
    }
    let g = frame_view(t, &a)?;
    Ok(t.heap.slot(g, CODE))
}

fn f_globals(t: &mut Thread, a: Args) -> PyResult<Value> {
    if let Some(s) = snapshot(t, &a) {
        return Ok(t.heap.slot(s, SN_GLOBALS));
    }
    let g = frame_view(t, &a)?;
    Ok(t.heap.slot(g, GLOBALS))
}

fn f_builtins(t: &mut Thread, a: Args) -> PyResult<Value> {
    if let Some(s) = snapshot(t, &a) {
        return Ok(t.heap.slot(s, SN_BUILTINS));
    }
    let g = frame_view(t, &a)?;
    Ok(t.heap.slot(g, BUILTINS))
}

fn f_back(t: &mut Thread, a: Args) -> PyResult<Value> {
    if let Some(s) = snapshot(t, &a) {
        return Ok(t.heap.slot(s, SN_BACK));
    }
    frame_view(t, &a)?;
    Ok(Value::NONE)
}

/// `f_locals`: a fresh dict of the bound locals, cell and free variables.
fn f_locals(t: &mut Thread, a: Args) -> PyResult<Value> {
    if let Some(s) = snapshot(t, &a) {
        let l = t.heap.slot(s, SN_LOCALS);
        if l.is_none() {
            return crate::objects::dict::new_dict(t);
        }
        return Ok(l);
    }
    let g = frame_view(t, &a)?;
    let hg = t.root(g);
    let names: Vec<String> = match gen_code_data(t, g) {
        Some(cd) => cd
            .varnames
            .iter()
            .chain(cd.cellvars.iter())
            .chain(cd.freevars.iter())
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let nlocals = gen_code_data(t, g).map_or(0, |cd| cd.nlocals as usize);
    let d = crate::objects::dict::new_dict(t)?;
    let hd = t.root(d);
    for (i, name) in names.iter().enumerate() {
        let g = t.get(hg);
        let v = match t.frames.iter().rev().find(|f| f.generator == g) {
            Some(f) => t.stack.slots.get(f.base + i).copied(),
            None => {
                let arr = t.heap.slot(g, FRAME);
                let n = t.heap.slot(g, SP).as_small_int().max(0) as usize;
                (arr.is_heap() && i < n.min(t.heap.count(arr))).then(|| t.heap.slot(arr, i))
            }
        };
        let Some(mut v) = v else { continue };
        if i >= nlocals {
            // Cells hold the value.
            if !is_kind(t, v, BuiltinType::Cell) {
                continue;
            }
            v = t.heap.slot(v, 0);
        }
        if v.is_unbound() {
            continue;
        }
        crate::objects::dict::set_str(t, t.get(hd), name, v)?;
    }
    Ok(t.get(hd))
}

fn frame_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (file, name) = if let Some(s) = snapshot(t, &a) {
        let code = t.heap.slot(s, SN_CODE);
        let cd = crate::objects::code::code_data(t, code);
        if cd.is_null() {
            (String::new(), String::new())
        } else {
            // SAFETY: the snapshot roots the code object through the argument stack.
            let cd = unsafe { &*cd };
            (cd.filename.clone(), cd.name.clone())
        }
    } else {
        let g = frame_view(t, &a)?;
        match gen_code_data(t, g) {
            Some(cd) => (cd.filename.clone(), cd.name.clone()),
            None => (String::new(), String::new()),
        }
    };
    let line = f_lineno(t, a)?.as_small_int();
    let fv = a.get(t, 0);
    let id = protocol::identity(t, fv);
    let text = format!(
        "<frame at {id:#x}, file {}, line {line}, code {name}>",
        pystr::repr_string(&file)
    );
    pystr::new_str(t, &text)
}

fn init_frame_view(t: &mut Thread) -> PyResult<()> {
    let f = t.ty(BuiltinType::Frame);
    let h = t.root(f);
    add_getset(t, t.get(h), "f_lineno", f_lineno, None)?;
    add_getset(t, t.get(h), "f_lasti", f_lasti, None)?;
    add_getset(t, t.get(h), "f_code", f_code, None)?;
    add_getset(t, t.get(h), "f_globals", f_globals, None)?;
    add_getset(t, t.get(h), "f_builtins", f_builtins, None)?;
    add_getset(t, t.get(h), "f_back", f_back, None)?;
    add_getset(t, t.get(h), "f_locals", f_locals, None)?;
    native::add_method(t, t.get(h), "__repr__", frame_repr)?;
    Ok(())
}

fn get_origin(t: &mut Thread, a: Args) -> PyResult<Value> {
    holder(t, &a, "cr_origin")?;
    Ok(Value::NONE)
}

fn get_ag_running(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = holder(t, &a, "ag_running")?;
    if kind(t, g) != Some(GenKind::AsyncGenerator) {
        return Ok(Value::FALSE);
    }
    Ok(t.heap.slot(g, AG_RUNNING_ASYNC))
}

// ----- coroutine_wrapper -----

fn wrapper_coro(t: &mut Thread, a: &Args, what: &str) -> PyResult<Value> {
    let w = self_of(t, a, BuiltinType::CoroutineWrapper, what)?;
    Ok(t.heap.slot(w, CW_CORO))
}

fn cw_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    wrapper_coro(t, &a, "__iter__")?;
    check_wrapper_noargs(t, &a, "__iter__")?;
    Ok(a.get(t, 0))
}

fn cw_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let coro = wrapper_coro(t, &a, "__next__")?;
    check_wrapper_noargs(t, &a, "__next__")?;
    let r = machinery::send(t, coro, Value::NONE)?;
    yielded_or_stop(t, r)
}

fn cw_send(t: &mut Thread, a: Args) -> PyResult<Value> {
    let coro = wrapper_coro(t, &a, "send")?;
    check_one_arg(t, &a, BuiltinType::CoroutineWrapper, "send")?;
    let v = a.get(t, 1);
    let r = machinery::send(t, coro, v)?;
    yielded_or_stop(t, r)
}

fn cw_throw(t: &mut Thread, a: Args) -> PyResult<Value> {
    let coro = wrapper_coro(t, &a, "throw")?;
    let hc = t.root(coro);
    let (typ, val, tb) = throw_args(t, &a, 1)?;
    let r = machinery::throw(t, t.get(hc), typ, val, tb, true)?;
    yielded_or_stop(t, r)
}

fn cw_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let coro = wrapper_coro(t, &a, "close")?;
    check_noargs(t, &a, BuiltinType::CoroutineWrapper, "close")?;
    machinery::close(t, coro)?;
    Ok(Value::NONE)
}

/// Fills the namespaces of `generator`, `coroutine` and `coroutine_wrapper`.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let g = t.ty(BuiltinType::Generator);
    native::add_method(t, g, "__iter__", gen_iter)?;
    native::add_method(t, g, "__next__", gen_next)?;
    native::add_method(t, g, "send", gen_send)?;
    native::add_method(t, g, "throw", gen_throw)?;
    native::add_method(t, g, "close", gen_close)?;
    native::add_method(t, g, "__repr__", gen_repr)?;
    let g = t.ty(BuiltinType::Generator);
    add_getset(t, g, "gi_code", get_code, None)?;
    add_getset(t, g, "gi_frame", get_frame, None)?;
    add_getset(t, g, "gi_running", get_running, None)?;
    add_getset(t, g, "gi_suspended", get_suspended, None)?;
    add_getset(t, g, "gi_yieldfrom", get_yieldfrom, None)?;

    let c = t.ty(BuiltinType::Coroutine);
    native::add_method(t, c, "send", coro_send)?;
    native::add_method(t, c, "throw", coro_throw)?;
    native::add_method(t, c, "close", coro_close)?;
    native::add_method(t, c, "__await__", coro_await)?;
    native::add_method(t, c, "__repr__", coro_repr)?;
    let c = t.ty(BuiltinType::Coroutine);
    add_getset(t, c, "cr_await", get_yieldfrom, None)?;
    add_getset(t, c, "cr_code", get_code, None)?;
    add_getset(t, c, "cr_frame", get_frame, None)?;
    add_getset(t, c, "cr_origin", get_origin, None)?;
    add_getset(t, c, "cr_running", get_running, None)?;
    add_getset(t, c, "cr_suspended", get_suspended, None)?;

    let ag = t.ty(BuiltinType::AsyncGenerator);
    add_getset(t, ag, "ag_await", get_yieldfrom, None)?;
    add_getset(t, ag, "ag_code", get_code, None)?;
    add_getset(t, ag, "ag_frame", get_frame, None)?;
    add_getset(t, ag, "ag_running", get_ag_running, None)?;

    for bt in [
        BuiltinType::Generator,
        BuiltinType::Coroutine,
        BuiltinType::AsyncGenerator,
    ] {
        let ty = t.ty(bt);
        add_getset(t, ty, "__name__", get_name, Some(set_name))?;
        let ty = t.ty(bt);
        add_getset(t, ty, "__qualname__", get_qualname, Some(set_qualname))?;
    }

    let w = t.ty(BuiltinType::CoroutineWrapper);
    native::add_method(t, w, "__iter__", cw_iter)?;
    native::add_method(t, w, "__next__", cw_next)?;
    native::add_method(t, w, "send", cw_send)?;
    native::add_method(t, w, "throw", cw_throw)?;
    native::add_method(t, w, "close", cw_close)?;
    init_frame_view(t)
}

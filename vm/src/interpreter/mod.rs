//! The interpreter: fetch, decode and dispatch over ember bytecode. Python-to-Python calls
//! push a frame and continue in the same loop (no Rust recursion, no argument tuple);
//! calls into native code, and native code calling back into Python, re-enter `run`.
//! Handlers for the opcode families live in `ops/`; this file keeps the loop.
//!
//! **Invariant:** between instructions, every live value of a frame is in the value stack
//! (`t.stack`, below `t.stack.sp`) or in the frame record, both roots. Handlers read their
//! operands from the stack and write results back before anything can allocate twice.

pub mod frame;
pub mod generator;
pub mod ops;
pub mod traceback;

use ember_gc::Value;

use crate::bytecode::{unit_arg, Op};
use crate::errors::{PyResult, Raised};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{code, exceptions, function};
use crate::thread::Thread;

/// How a frame run ended.
pub enum Exit {
    Return(Value),
    /// A generator/coroutine frame suspended with this value.
    Yield(Value),
}

/// Runs `code_obj` as a module or exec body with `globals` and `locals`.
pub fn run_code(t: &mut Thread, code_obj: Value, globals: Value, locals: Value) -> PyResult<Value> {
    let sp = t.stack.sp;
    let depth = t.frames.len();
    if let Err(e) = frame::push_code_frame(t, code_obj, globals, locals, Value::NONE) {
        t.stack.sp = sp;
        return Err(e);
    }
    t.frames[depth].entry = true;
    match run(t) {
        Ok(Exit::Return(v)) => Ok(v),
        Ok(Exit::Yield(_)) => Err(t.system_error("module code yielded")),
        Err(e) => Err(e),
    }
}

/// Runs a class body `code_obj` with the namespace `ns` and the closure of the enclosing
/// function (for `__class__` and outer variables).
pub fn run_class_body(t: &mut Thread, func: Value, ns: Value) -> PyResult<Value> {
    let code_obj = t.heap.slot(func, function::CODE);
    let globals = t.heap.slot(func, function::GLOBALS);
    let closure = t.heap.slot(func, function::CLOSURE);
    let depth = t.frames.len();
    let sp = t.stack.sp;
    if let Err(e) = frame::push_code_frame(t, code_obj, globals, ns, closure) {
        t.stack.sp = sp;
        return Err(e);
    }
    t.frames[depth].entry = true;
    match run(t)? {
        Exit::Return(v) => Ok(v),
        Exit::Yield(_) => Err(t.system_error("class body yielded")),
    }
}

/// Calls the Python function at `stack[fslot]` with arguments above it, from Rust.
/// The caller restores `t.stack.sp` afterwards.
pub fn call_function(t: &mut Thread, fslot: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
    let func = t.stack.slots[fslot];
    let code_obj = t.heap.slot(func, function::CODE);
    let data = code::code_data(t, code_obj);
    // SAFETY: the function is rooted at stack[fslot].
    let flags = unsafe { (*data).flags };
    if flags.intersects(
        crate::bytecode::CodeFlags::GENERATOR
            | crate::bytecode::CodeFlags::COROUTINE
            | crate::bytecode::CodeFlags::ASYNC_GENERATOR,
    ) {
        return generator::create(t, fslot, nargs, nkw);
    }
    let depth = t.frames.len();
    frame::push_function_frame(t, fslot, nargs, nkw, fslot - 1)?;
    t.frames[depth].entry = true;
    match run(t)? {
        Exit::Return(v) => Ok(v),
        Exit::Yield(_) => Err(t.system_error("function yielded")),
    }
}

/// Reads the argument of the instruction at `pc`, folding EXTENDED_ARG prefixes.
///
/// # Safety
/// `code` must point at a live code vector and `*pc` (and any EXTENDED_ARG continuation) must
/// index an instruction inside it; the compiler guarantees every instruction is followed by
/// its operands and that code ends with a return.
#[inline]
unsafe fn fetch(code: *const u32, pc: &mut usize) -> (Op, u32) {
    // SAFETY: guaranteed by the caller.
    let u = unsafe { *code.add(*pc) };
    *pc += 1;
    let mut op = crate::bytecode::unit_op(u);
    let mut arg = unit_arg(u);
    while op == Op::EXTENDED_ARG {
        // SAFETY: an EXTENDED_ARG is always followed by the instruction it extends.
        let u = unsafe { *code.add(*pc) };
        *pc += 1;
        op = crate::bytecode::unit_op(u);
        arg = (arg << 24) | unit_arg(u);
    }
    (op, arg)
}

/// Runs frames from the top of `t.frames` until the entry frame returns or yields.
pub fn run(t: &mut Thread) -> PyResult<Exit> {
    let handle_base = t.handle_mark();
    loop {
        let r = run_inner(t);
        t.handle_release(handle_base);
        match r {
            Ok(exit) => return Ok(exit),
            Err(_) => {
                // Unwind: find a handler in the current frame or pop frames.
                if let Some(exit) = unwind(t)? {
                    return Ok(exit);
                }
                // A handler was found: continue running.
            }
        }
    }
}

/// Handles a raised exception in the top frame: records the traceback entry, jumps to the
/// frame's handler if one covers the failing instruction, else pops the frame. Returns
/// Err when the entry frame is popped (the exception goes to the Rust caller), Ok(None) to
/// resume execution.
#[cold]
fn unwind(t: &mut Thread) -> PyResult<Option<Exit>> {
    loop {
        let fi = t.frames.len() - 1;
        if !std::mem::replace(&mut t.reraise, false) {
            traceback::add_entry(t, fi);
        }
        let (lasti, stack_base) = {
            let f = &t.frames[fi];
            (f.lasti, f.stack_base)
        };
        let handler = t.frames[fi].code().handler_for(lasti as u32);
        if let Some(h) = handler {
            let exc = t.take_exception();
            t.stack.sp = stack_base + h.depth as usize;
            if h.push_lasti {
                t.stack.push(Value::small_int(lasti as i64));
            }
            t.stack.push(exc);
            t.frames[fi].pc = h.target as usize;
            return Ok(None);
        }
        let f = t.frames.pop().unwrap_or_else(|| unreachable_frame());
        t.depth = t.depth.saturating_sub(1);
        t.stack.sp = f.ret_sp;
        if !f.generator.is_none() {
            generator::on_frame_error(t, f.generator);
        }
        if f.entry {
            return Err(Raised::new());
        }
    }
}

#[cold]
fn unreachable_frame() -> frame::Frame {
    // The frame stack is never empty while `run` executes: `run` is entered with an entry
    // frame and returns when that frame is popped.
    std::process::abort()
}

macro_rules! pop {
    ($t:expr) => {
        $t.stack.pop()
    };
}
macro_rules! push {
    ($t:expr, $v:expr) => {{
        let v = $v;
        // SAFETY: the frame reserved its maximum stack depth when it was pushed
        // (`frame::check_stack`), and the compiler's depth accounting bounds every push.
        unsafe { $t.stack.push_unchecked(v) }
    }};
}
/// LOAD_FAST: pushes local `arg`, raising UnboundLocalError if it is unbound.
macro_rules! load_fast {
    ($t:expr, $fi:expr, $base:expr, $arg:expr) => {{
        let v = $t.stack.at($base + $arg as usize);
        if v.is_unbound() {
            return Err(ops::names::unbound_local($t, $fi, $arg));
        }
        push!($t, v);
    }};
}
/// Enters the second half of a superinstruction: records it as the running instruction,
/// skips its unit and yields its arg.
macro_rules! second_half {
    ($t:expr, $fi:expr, $code:expr, $pc:expr) => {{
        // SAFETY: quickening pairs a superinstruction with the instruction unit after it.
        let arg2 = unit_arg(unsafe { *$code.add($pc) });
        frame!($t, $fi).lasti = $pc;
        $pc += 1;
        arg2
    }};
}
/// The running frame's record, without a bounds check.
macro_rules! frame {
    ($t:expr, $fi:expr) => {{
        debug_assert!($fi < $t.frames.len());
        // SAFETY: frame `fi` stays on `t.frames` while it runs; the pointer is re-derived
        // at every use, so a reallocation of `t.frames` by a callee cannot leave it dangling.
        unsafe { $t.frames.get_unchecked_mut($fi) }
    }};
}

/// Work that waits for a safe point: closing generators the collector found dead, weak
/// reference callbacks, Python signal handlers (whose exception propagates).
#[cold]
#[inline(never)]
fn safe_point(t: &mut Thread) -> PyResult<()> {
    if t.heap.has_pending_finalization() {
        generator::close_queued_generators(t);
    }
    if crate::signals::pending() {
        crate::signals::run_handlers(t)?;
    }
    Ok(())
}

/// The dispatch loop. Returns Err on an exception (the caller unwinds) and Ok when the
/// entry frame returns or yields.
fn run_inner(t: &mut Thread) -> PyResult<Exit> {
    // Handlers' handles are temporaries: release them before every instruction so a long
    // loop does not grow the handle stack (which every collection scans).
    let hmark = t.handle_mark();
    'frame: loop {
        // Handlers' handles are released at frame switches and backward jumps: straight-line
        // code between them creates a bounded number.
        t.handle_release(hmark);
        let fi = t.frames.len() - 1;
        let code_ptr = frame!(t, fi).code;
        // The instruction vector is never resized while code runs; quickening rewrites cache
        // units in place through raw pointers, so no reference to the vector is held here.
        // SAFETY: the frame roots its code object, so its CodeData is alive.
        let code: *const u32 = unsafe { (*code_ptr).code.as_ptr() };
        let mut pc = frame!(t, fi).pc;
        let base = frame!(t, fi).base;
        // Stack index of the frame's first cell (cells and free variables follow locals).
        // SAFETY: as for `code` above.
        let cells = base + unsafe { (*code_ptr).nlocals } as usize;
        // KW_NAMES sets this for the CALL that follows it.
        let mut kwnames: Option<u32> = None;
        // `pc` lives in this local; the frame's copy is written only where the frame may be
        // left (calls, yields), and the frame's `lasti` (the unit of the running
        // instruction, after any EXTENDED_ARG) before every instruction, for tracebacks,
        // handlers and the inline caches that follow that unit. Instructions with cache
        // units skip them in their arms (`skip_caches!`).
        macro_rules! skip_caches {
            ($op:expr) => {
                pc += const { $op.cache_units() }
            };
        }
        loop {
            // SAFETY: pc is the frame's next instruction, inside its code (see `fetch`).
            let (op, arg) = unsafe { fetch(code, &mut pc) };
            let lasti = pc - 1;
            frame!(t, fi).lasti = lasti;
            match op {
                Op::NOP | Op::EXTENDED_ARG => {}
                Op::POP_TOP => {
                    t.stack.sp -= 1;
                }
                Op::PUSH_NULL => push!(t, Value::UNBOUND),
                Op::COPY => {
                    let v = t.stack.peek(arg as usize);
                    push!(t, v);
                }
                Op::SWAP => {
                    let a = t.stack.peek(1);
                    let b = t.stack.peek(arg as usize);
                    t.stack.set_peek(1, b);
                    t.stack.set_peek(arg as usize, a);
                }
                Op::LOAD_CONST => {
                    let c = frame!(t, fi).consts;
                    let v = t.heap.slot(c, arg as usize);
                    push!(t, v);
                }
                Op::LOAD_FAST => {
                    let v = t.stack.at(base + arg as usize);
                    if v.is_unbound() {
                        return Err(ops::names::unbound_local(t, fi, arg));
                    }
                    push!(t, v);
                }
                // Superinstructions: the first half runs with `arg`, the second with the
                // arg of the next unit, which it then skips; `lasti` moves to the second
                // half so its errors report its own line.
                Op::LOAD_FAST__LOAD_FAST => {
                    load_fast!(t, fi, base, arg);
                    let arg2 = second_half!(t, fi, code, pc);
                    load_fast!(t, fi, base, arg2);
                }
                Op::LOAD_FAST__LOAD_CONST => {
                    load_fast!(t, fi, base, arg);
                    let arg2 = second_half!(t, fi, code, pc);
                    let c = frame!(t, fi).consts;
                    push!(t, t.heap.slot(c, arg2 as usize));
                }
                Op::LOAD_CONST__LOAD_FAST => {
                    let c = frame!(t, fi).consts;
                    push!(t, t.heap.slot(c, arg as usize));
                    let arg2 = second_half!(t, fi, code, pc);
                    load_fast!(t, fi, base, arg2);
                }
                Op::STORE_FAST__LOAD_FAST => {
                    let v = pop!(t);
                    t.stack.set_at(base + arg as usize, v);
                    let arg2 = second_half!(t, fi, code, pc);
                    load_fast!(t, fi, base, arg2);
                }
                Op::STORE_FAST__STORE_FAST => {
                    let v = pop!(t);
                    t.stack.set_at(base + arg as usize, v);
                    let arg2 = second_half!(t, fi, code, pc);
                    let v = pop!(t);
                    t.stack.set_at(base + arg2 as usize, v);
                }
                Op::STORE_FAST => {
                    let v = pop!(t);
                    t.stack.set_at(base + arg as usize, v);
                }
                Op::DELETE_FAST => {
                    if t.stack.at(base + arg as usize).is_unbound() {
                        return Err(ops::names::unbound_local(t, fi, arg));
                    }
                    t.stack.set_at(base + arg as usize, Value::UNBOUND);
                }
                Op::LOAD_DEREF => {
                    let cell = t.stack.at(cells + arg as usize);
                    let v = t.heap.slot(cell, 0);
                    if v.is_unbound() {
                        ops::names::deref_op(t, fi, op, arg)?;
                    } else {
                        push!(t, v);
                    }
                }
                Op::STORE_DEREF => {
                    let cell = t.stack.at(cells + arg as usize);
                    let v = pop!(t);
                    t.heap.set_slot(cell, 0, v);
                }
                Op::DELETE_DEREF | Op::LOAD_CLOSURE | Op::LOAD_CLASSDEREF => {
                    ops::names::deref_op(t, fi, op, arg)?
                }
                Op::LOAD_NAME | Op::STORE_NAME | Op::DELETE_NAME => {
                    ops::names::name_op(t, fi, op, arg)?
                }
                Op::LOAD_GLOBAL => {
                    skip_caches!(Op::LOAD_GLOBAL);
                    ops::names::load_global(t, fi, arg, lasti)?
                }
                Op::STORE_GLOBAL | Op::DELETE_GLOBAL => ops::names::global_op(t, fi, op, arg)?,
                Op::LOAD_ATTR => {
                    skip_caches!(Op::LOAD_ATTR);
                    ops::attr::load_attr(t, fi, arg, lasti)?
                }
                Op::STORE_ATTR => {
                    skip_caches!(Op::STORE_ATTR);
                    ops::attr::store_attr(t, fi, arg, lasti)?
                }
                Op::DELETE_ATTR => ops::attr::delete_attr(t, fi, arg)?,
                Op::LOAD_METHOD => {
                    skip_caches!(Op::LOAD_METHOD);
                    ops::attr::load_method(t, fi, arg, lasti)?
                }

                Op::UNARY_POSITIVE | Op::UNARY_NEGATIVE | Op::UNARY_INVERT => {
                    let v = t.stack.top();
                    let r = crate::protocol::unary_op(t, op, v)?;
                    t.stack.set_peek(1, r);
                }
                Op::UNARY_NOT => {
                    let v = t.stack.top();
                    let b = crate::protocol::truthy(t, v)?;
                    t.stack.set_peek(1, Value::from_bool(!b));
                }
                Op::BINARY_OP => {
                    skip_caches!(Op::BINARY_OP);
                    let b = t.stack.peek(1);
                    let a = t.stack.peek(2);
                    let r = if a.is_small_int() && b.is_small_int() {
                        match crate::protocol::number::small_int_binop(arg, a, b) {
                            Some(r) => r,
                            None => ops::binary::binary_op(t, arg, a, b)?,
                        }
                    } else if let Some(r) = crate::objects::float::fast_binop(t, arg, a, b) {
                        r?
                    } else {
                        ops::binary::binary_op(t, arg, a, b)?
                    };
                    t.stack.sp -= 1;
                    t.stack.set_peek(1, r);
                }
                Op::COMPARE_OP => {
                    skip_caches!(Op::COMPARE_OP);
                    let b = t.stack.peek(1);
                    let a = t.stack.peek(2);
                    let r = if a.is_small_int() && b.is_small_int() {
                        let (x, y) = (a.as_small_int(), b.as_small_int());
                        Value::from_bool(match arg {
                            0 => x < y,
                            1 => x <= y,
                            2 => x == y,
                            3 => x != y,
                            4 => x > y,
                            _ => x >= y,
                        })
                    } else if let Some(r) = crate::objects::float::fast_compare(t, arg, a, b) {
                        Value::from_bool(r)
                    } else {
                        ops::binary::compare_op(t, arg, a, b)?
                    };
                    t.stack.sp -= 1;
                    t.stack.set_peek(1, r);
                }
                Op::IS_OP => {
                    let b = pop!(t);
                    let a = pop!(t);
                    push!(t, Value::from_bool((a == b) != (arg == 1)));
                }
                Op::CONTAINS_OP => {
                    let c = t.stack.peek(1);
                    let item = t.stack.peek(2);
                    let r = crate::protocol::contains(t, c, item)?;
                    t.stack.sp -= 2;
                    push!(t, Value::from_bool(r != (arg == 1)));
                }
                Op::BINARY_SUBSCR => {
                    skip_caches!(Op::BINARY_SUBSCR);
                    let k = t.stack.peek(1);
                    let o = t.stack.peek(2);
                    let r = match ops::binary::subscr_fast(t, o, k) {
                        Some(r) => r,
                        None => crate::protocol::getitem(t, o, k)?,
                    };
                    t.stack.sp -= 2;
                    push!(t, r);
                }
                Op::STORE_SUBSCR => {
                    skip_caches!(Op::STORE_SUBSCR);
                    let k = t.stack.peek(1);
                    let o = t.stack.peek(2);
                    let v = t.stack.peek(3);
                    if !ops::binary::store_subscr_fast(t, o, k, v) {
                        crate::protocol::setitem(t, o, k, v)?;
                    }
                    t.stack.sp -= 3;
                }
                Op::DELETE_SUBSCR => {
                    let k = t.stack.peek(1);
                    let o = t.stack.peek(2);
                    crate::protocol::delitem(t, o, k)?;
                    t.stack.sp -= 2;
                }
                Op::GET_ITER => {
                    let v = t.stack.top();
                    let it = crate::protocol::iter(t, v)?;
                    t.stack.set_peek(1, it);
                }
                Op::GET_YIELD_FROM_ITER => generator::get_yield_from_iter(t)?,
                Op::FOR_ITER => {
                    skip_caches!(Op::FOR_ITER);
                    let it = t.stack.top();
                    let next = match crate::objects::iterators::for_iter_fast(t, it) {
                        Some(r) => r,
                        // A loop drops the generator's return value, so resume it directly.
                        None if t.layout_of(it) == BuiltinType::Generator.layout() => {
                            generator::next_value(t, it)?
                        }
                        None => crate::protocol::next(t, it)?,
                    };
                    match next {
                        Some(v) => push!(t, v),
                        None => {
                            t.stack.sp -= 1;
                            if (arg as usize) < pc {
                                t.handle_release(hmark);
                            }
                            pc = arg as usize;
                            continue;
                        }
                    }
                }
                Op::BUILD_TUPLE
                | Op::BUILD_LIST
                | Op::BUILD_SET
                | Op::BUILD_MAP
                | Op::BUILD_CONST_KEY_MAP
                | Op::BUILD_STRING
                | Op::BUILD_SLICE
                | Op::LIST_APPEND
                | Op::SET_ADD
                | Op::MAP_ADD
                | Op::LIST_EXTEND
                | Op::SET_UPDATE
                | Op::DICT_UPDATE
                | Op::DICT_MERGE
                | Op::LIST_TO_TUPLE
                | Op::UNPACK_EX
                | Op::FORMAT_VALUE => ops::build::build_op(t, fi, op, arg)?,

                Op::UNPACK_SEQUENCE => {
                    skip_caches!(Op::UNPACK_SEQUENCE);
                    if !ops::build::unpack_fast(t, arg as usize) {
                        ops::build::build_op(t, fi, op, arg)?
                    }
                }
                Op::JUMP | Op::JUMP_NO_INTERRUPT => {
                    if (arg as usize) < pc {
                        // A loop: release the handles its body's handlers created.
                        t.handle_release(hmark);
                    }
                    pc = arg as usize;
                    // A safe point: close generators the collector found dead, call the
                    // callbacks of cleared weak references, run signal handlers.
                    if op == Op::JUMP
                        && (t.heap.has_pending_finalization() || crate::signals::pending())
                    {
                        safe_point(t)?;
                    }
                    continue;
                }
                Op::POP_JUMP_IF_FALSE | Op::POP_JUMP_IF_TRUE => {
                    let v = pop!(t);
                    let b = if v.is_bool() {
                        v.is_true()
                    } else if v.is_small_int() {
                        v.as_small_int() != 0
                    } else if v.is_none() {
                        false
                    } else {
                        crate::protocol::truthy(t, v)?
                    };
                    if b == (op == Op::POP_JUMP_IF_TRUE) {
                        if (arg as usize) < pc {
                            t.handle_release(hmark);
                            // A loop back-edge (`while cond:`): also a safe point.
                            if t.heap.has_pending_finalization() || crate::signals::pending() {
                                pc = arg as usize;
                                frame!(t, fi).pc = pc;
                                safe_point(t)?;
                                continue;
                            }
                        }
                        pc = arg as usize;
                        continue;
                    }
                }
                Op::POP_JUMP_IF_NONE | Op::POP_JUMP_IF_NOT_NONE => {
                    let v = pop!(t);
                    if v.is_none() == (op == Op::POP_JUMP_IF_NONE) {
                        if (arg as usize) < pc {
                            t.handle_release(hmark);
                        }
                        pc = arg as usize;
                        continue;
                    }
                }
                Op::JUMP_IF_FALSE_OR_POP | Op::JUMP_IF_TRUE_OR_POP => {
                    let v = t.stack.top();
                    let b = crate::protocol::truthy(t, v)?;
                    if b == (op == Op::JUMP_IF_TRUE_OR_POP) {
                        if (arg as usize) < pc {
                            t.handle_release(hmark);
                        }
                        pc = arg as usize;
                        continue;
                    }
                    t.stack.sp -= 1;
                }
                Op::KW_NAMES => kwnames = Some(arg),
                Op::CALL => {
                    skip_caches!(Op::CALL);
                    // Earlier instructions' handles are dead: drop them before the callee
                    // runs, so they do not keep garbage alive through it (`gc.collect()`).
                    t.handle_release(hmark);
                    // The callee's frame may be pushed: the return resumes at `pc`.
                    frame!(t, fi).pc = pc;
                    let kw = kwnames.take();
                    if ops::call::call(t, fi, arg, kw)? {
                        // A Python frame was pushed: run it.
                        continue 'frame;
                    }
                }
                Op::CALL_FUNCTION_EX => {
                    t.handle_release(hmark);
                    frame!(t, fi).pc = pc;
                    if ops::call::call_function_ex(t, fi, arg)? {
                        continue 'frame;
                    }
                }
                Op::MAKE_FUNCTION => ops::call::make_function(t, fi, arg)?,
                Op::RETURN_VALUE => {
                    let mut v = pop!(t);
                    let init_self = frame!(t, fi).init_self;
                    if !init_self.is_unbound() {
                        // An `__init__` frame pushed by a class call returns the instance.
                        if !v.is_none() {
                            return Err(ops::call::init_returned(t, v));
                        }
                        v = init_self;
                    }
                    let f = t.frames.pop().unwrap_or_else(|| unreachable_frame());
                    t.depth = t.depth.saturating_sub(1);
                    t.stack.sp = f.ret_sp;
                    if !f.generator.is_none() {
                        generator::on_frame_return(t, f.generator);
                    }
                    if f.entry {
                        return Ok(Exit::Return(v));
                    }
                    push!(t, v);
                    continue 'frame;
                }
                Op::YIELD_VALUE => {
                    frame!(t, fi).pc = pc;
                    let v = pop!(t);
                    let f = t.frames.pop().unwrap_or_else(|| unreachable_frame());
                    t.depth = t.depth.saturating_sub(1);
                    generator::suspend(t, f)?;
                    return Ok(Exit::Yield(v));
                }
                Op::SEND => {
                    if generator::send_op(t, fi, arg)? {
                        if (arg as usize) < pc {
                            t.handle_release(hmark);
                        }
                        pc = arg as usize;
                        continue;
                    }
                }
                Op::LOAD_BUILD_CLASS => {
                    let b = frame!(t, fi).builtins;
                    let v = crate::objects::dict::get_rust_str(t, b, "__build_class__")?;
                    match v {
                        Some(v) => push!(t, v),
                        None => {
                            return Err(
                                t.raise_msg(BuiltinType::NameError, "__build_class__ not found")
                            )
                        }
                    }
                }
                Op::LOAD_ASSERTION_ERROR => {
                    let v = t.ty(BuiltinType::AssertionError);
                    push!(t, v);
                }
                Op::SETUP_ANNOTATIONS => ops::names::setup_annotations(t, fi)?,
                Op::IMPORT_NAME => ops::import::import_name(t, fi, arg)?,
                Op::IMPORT_FROM => ops::import::import_from(t, fi, arg)?,
                Op::IMPORT_STAR => ops::import::import_star(t, fi)?,
                Op::PRINT_EXPR => ops::misc::print_expr(t)?,

                Op::RAISE_VARARGS => return Err(ops::exc::raise_varargs(t, arg)),
                Op::PUSH_EXC_INFO => {
                    let exc = pop!(t);
                    let prev = t.handled;
                    push!(t, prev);
                    push!(t, exc);
                    t.handled = exc;
                }
                Op::POP_EXCEPT => {
                    let prev = pop!(t);
                    t.handled = prev;
                }
                Op::CHECK_EXC_MATCH => {
                    let ty = t.stack.peek(1);
                    let exc = t.stack.peek(2);
                    let r = ops::exc::exception_matches(t, exc, ty)?;
                    t.stack.set_peek(1, Value::from_bool(r));
                }
                Op::CHECK_EG_MATCH => ops::exc::check_eg_match(t)?,
                Op::PREP_RERAISE_STAR => ops::exc::prep_reraise_star(t)?,
                Op::RERAISE => {
                    // The handler lookup uses this instruction; the saved lasti on the stack
                    // (arg != 0) only matters for the frame's line number, which tracebacks
                    // already recorded when the exception was first raised here.
                    let exc = pop!(t);
                    t.exception = exc;
                    t.reraise = true;
                    return Err(Raised::new());
                }
                Op::WITH_EXCEPT_START => ops::exc::with_except_start(t)?,
                Op::BEFORE_WITH => ops::exc::before_with(t, false)?,
                Op::BEFORE_ASYNC_WITH => ops::exc::before_with(t, true)?,

                Op::GET_AWAITABLE => generator::get_awaitable(t, arg)?,
                Op::GET_AITER => generator::get_aiter(t)?,
                Op::GET_ANEXT => generator::get_anext(t)?,
                Op::END_ASYNC_FOR => generator::end_async_for(t)?,
                Op::ASYNC_GEN_WRAP => generator::async_gen_wrap(t)?,

                Op::MATCH_MAPPING
                | Op::MATCH_SEQUENCE
                | Op::MATCH_KEYS
                | Op::MATCH_CLASS
                | Op::GET_LEN => ops::pattern::match_op(t, op, arg)?,
            }
        }
    }
}

/// Sets `exc.__context__` to the exception being handled (CPython's implicit chaining),
/// cutting a cycle if `exc` already appears in that context chain.
pub fn set_context(t: &mut Thread, exc: Value) {
    let handled = generator::topmost_handled(t);
    if handled.is_none() || handled == exc || !exceptions::is_exception(t, exc) {
        return;
    }
    let mut o = handled;
    let mut steps = 0;
    while exceptions::is_exception(t, o) && steps < 100_000 {
        let c = t.heap.slot(o, exceptions::CONTEXT);
        if c == exc {
            t.heap.set_slot(o, exceptions::CONTEXT, Value::NONE);
            break;
        }
        o = c;
        steps += 1;
    }
    t.heap.set_slot(exc, exceptions::CONTEXT, handled);
}

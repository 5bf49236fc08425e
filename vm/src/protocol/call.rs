//! Calling any callable. Arguments are laid out on the value stack —
//! `[spare, callable, positional..., keyword values..., kwnames]` — so that Python functions
//! bind them in place and natives read them through `Args` without copying. `call_on_stack`
//! dispatches on the callable's type.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{function, str as pystr, tuple, type_};
use crate::thread::Thread;

/// `f(*args)`.
pub fn call(t: &mut Thread, f: Value, args: &[Value]) -> PyResult<Value> {
    call_with_kw(t, f, args, Value::NONE)
}

/// Same as `call`; used where `f` was looked up on a type and `args[0]` is self.
#[inline]
pub fn call_unbound(t: &mut Thread, f: Value, args: &[Value]) -> PyResult<Value> {
    call_with_kw(t, f, args, Value::NONE)
}

/// `f(*args, **kw)` where the last `len(kwnames)` of `args` are keyword values named by the
/// tuple `kwnames` (None for no keywords).
pub fn call_with_kw(t: &mut Thread, f: Value, args: &[Value], kwnames: Value) -> PyResult<Value> {
    let nkw = if kwnames.is_none() {
        0
    } else {
        tuple::len(t, kwnames)
    };
    crate::interpreter::frame::check_stack(t, args.len() + 4)?;
    let base = t.stack.sp;
    t.stack.push(Value::UNBOUND);
    t.stack.push(f);
    for a in args {
        t.stack.push(*a);
    }
    if nkw > 0 {
        t.stack.push(kwnames);
    }
    let r = call_on_stack(t, base + 1, args.len() - nkw, nkw);
    t.stack.sp = base;
    r
}

/// `obj.name(*args)`.
pub fn call_method(t: &mut Thread, obj: Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let mark = t.handle_mark();
    let hargs: Vec<_> = args.iter().map(|a| t.root(*a)).collect();
    let m = super::attr::getattr_str(t, obj, name)?;
    let args: Vec<Value> = hargs.iter().map(|h| t.get(*h)).collect();
    let r = call(t, m, &args);
    t.handle_release(mark);
    r
}

/// Calls the callable at `stack[fslot]` with `nargs` positional and `nkw` keyword arguments
/// above it (and the kwnames tuple after them). `stack[fslot - 1]` is a spare slot the call
/// may overwrite. The caller resets `t.stack.sp`.
pub fn call_on_stack(t: &mut Thread, fslot: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
    let f = t.stack.slots[fslot];
    if !f.is_heap() {
        return call_slow(t, fslot, nargs, nkw);
    }
    let l = t.heap.layout_id(f);
    if l == BuiltinType::Function.layout() {
        return crate::interpreter::call_function(t, fslot, nargs, nkw);
    }
    if l == BuiltinType::BuiltinFunction.layout() {
        let self_ = t.heap.slot(f, native::BF_SELF);
        let fp = native::native_of(t, f, native::BF_INDEX);
        let args = if self_.is_unbound() {
            Args {
                base: fslot + 1,
                nargs,
                nkw,
            }
        } else {
            t.stack.slots[fslot] = self_;
            Args {
                base: fslot,
                nargs: nargs + 1,
                nkw,
            }
        };
        return call_native(t, fp, args);
    }
    if l == BuiltinType::MethodDescriptor.layout() {
        if nargs == 0 {
            let msg = format!(
                "unbound method {}() needs an argument",
                descr_qualname(t, f)
            );
            return Err(t.type_error(&msg));
        }
        let owner = t.heap.slot(f, native::MD_OWNER);
        let self_ = t.stack.slots[fslot + 1];
        let sty = t.type_of(self_);
        if !type_::is_subtype(t, sty, owner) {
            let msg = format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                pystr::to_rust_string(t, t.heap.slot(f, native::MD_NAME)),
                type_::native_name(t, owner),
                type_::native_name(t, sty)
            );
            return Err(t.type_error(&msg));
        }
        let fp = native::native_of(t, f, native::MD_INDEX);
        return call_native(
            t,
            fp,
            Args {
                base: fslot + 1,
                nargs,
                nkw,
            },
        );
    }
    if l == BuiltinType::Method.layout() {
        let func = t.heap.slot(f, function::METHOD_FUNC);
        let self_ = t.heap.slot(f, function::METHOD_SELF);
        t.stack.slots[fslot - 1] = func;
        t.stack.slots[fslot] = self_;
        let fl = t.layout_of(func);
        if fl == BuiltinType::Function.layout() || fl == BuiltinType::BuiltinFunction.layout() {
            // These never touch the spare slot below `fslot - 1` (which is the caller's).
            return call_on_stack(t, fslot - 1, nargs + 1, nkw);
        }
        return call_copied(t, fslot - 1, nargs + 1, nkw);
    }
    if type_::is_type(t, f) && !metaclass_overrides_call(t, f)? {
        return crate::objects::type_new::type_call(t, fslot, nargs, nkw);
    }
    call_slow(t, fslot, nargs, nkw)
}

/// Whether calling the class `cls` must go through its metaclass's own `__call__` rather
/// than `type.__call__` (a metaclass such as a singleton registry overriding `__call__`).
fn metaclass_overrides_call(t: &mut Thread, cls: Value) -> PyResult<bool> {
    let meta = t.type_of(cls);
    let type_ty = t.ty(BuiltinType::Type);
    if meta == type_ty {
        return Ok(false);
    }
    let own = type_::lookup_str(t, meta, "__call__")?;
    let type_ty = t.ty(BuiltinType::Type);
    let base = type_::lookup_str(t, type_ty, "__call__")?;
    Ok(own != base)
}

/// Re-pushes the call at `fslot` on top of the stack with a fresh spare slot, then calls.
fn call_copied(t: &mut Thread, fslot: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
    let n = 1 + nargs + nkw + (nkw > 0) as usize;
    crate::interpreter::frame::check_stack(t, n + 1)?;
    let base = t.stack.sp;
    t.stack.push(Value::UNBOUND);
    for i in 0..n {
        let v = t.stack.slots[fslot + i];
        t.stack.push(v);
    }
    let r = call_on_stack(t, base + 1, nargs, nkw);
    t.stack.sp = base;
    r
}

/// Calls objects with a `__call__` method (and reports non-callables).
fn call_slow(t: &mut Thread, fslot: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
    let f = t.stack.slots[fslot];
    let ty = t.type_of(f);
    let m = type_::lookup_sym(t, ty, crate::symbols::sym::__call__);
    let Some(m) = m else {
        let msg = format!(
            "'{}' object is not callable",
            type_::type_name_of(t, t.stack.slots[fslot])
        );
        return Err(t.type_error(&msg));
    };
    // [spare, f, args] -> [m, f(self), args]
    t.stack.slots[fslot - 1] = m;
    call_copied(t, fslot - 1, nargs + 1, nkw)
}

/// Runs a native function, releasing the handles it created.
#[inline]
pub fn call_native(t: &mut Thread, f: native::NativeFn, args: Args) -> PyResult<Value> {
    let mark = t.handle_mark();
    t.depth += 1;
    if t.depth > t.recursion_limit + 50 {
        t.depth -= 1;
        t.handle_release(mark);
        return Err(t.raise_msg(
            BuiltinType::RecursionError,
            "maximum recursion depth exceeded while calling a Python object",
        ));
    }
    let r = f(t, args);
    t.depth -= 1;
    t.handle_release(mark);
    r
}

fn descr_qualname(t: &Thread, d: Value) -> String {
    let owner = t.heap.slot(d, native::MD_OWNER);
    format!(
        "{}.{}",
        type_::type_name(t, owner),
        pystr::to_rust_string(t, t.heap.slot(d, native::MD_NAME))
    )
}

//! Native (Rust) functions callable from Python: the registry of function pointers, the
//! builtin-function and method-descriptor objects that refer to them by index, and `Args`,
//! the view of a call's arguments.
//!
//! **Invariant:** a native function's arguments live in the interpreter's value stack for
//! the duration of the call, so they are rooted; `Args` reads them afresh on every access and
//! is therefore valid across allocations. Handles created during a native call are released
//! when it returns.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{str as pystr, tuple};
use crate::thread::Thread;

pub type NativeFn = fn(&mut Thread, Args) -> PyResult<Value>;

pub struct NativeInfo {
    pub name: &'static str,
    pub f: NativeFn,
}

#[derive(Default)]
pub struct NativeRegistry {
    pub fns: Vec<NativeInfo>,
}

impl NativeRegistry {
    pub fn new() -> NativeRegistry {
        NativeRegistry::default()
    }

    pub fn register(&mut self, name: &'static str, f: NativeFn) -> usize {
        self.fns.push(NativeInfo { name, f });
        self.fns.len() - 1
    }

    pub fn visit_roots(&mut self, _visit: &mut dyn FnMut(&mut Value)) {}
}

/// The arguments of a native call: `nargs` positional values at `stack[base..]`, then `nkw`
/// keyword values, then (if `nkw > 0`) the tuple of keyword names.
#[derive(Copy, Clone, Debug)]
pub struct Args {
    pub base: usize,
    pub nargs: usize,
    pub nkw: usize,
}

impl Args {
    #[inline]
    pub fn len(&self) -> usize {
        self.nargs
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.nargs == 0
    }

    /// Positional argument `i` (caller checks `i < len()`).
    #[inline]
    pub fn get(&self, t: &Thread, i: usize) -> Value {
        debug_assert!(i < self.nargs);
        t.stack.slots[self.base + i]
    }

    /// Positional argument `i`, or None (Rust) when absent.
    #[inline]
    pub fn opt(&self, t: &Thread, i: usize) -> Option<Value> {
        if i < self.nargs {
            Some(t.stack.slots[self.base + i])
        } else {
            None
        }
    }

    /// Keyword names tuple (only when `nkw > 0`).
    pub fn kwnames(&self, t: &Thread) -> Value {
        t.stack.slots[self.base + self.nargs + self.nkw]
    }

    /// Keyword `i`: (name, value).
    pub fn kw(&self, t: &Thread, i: usize) -> (Value, Value) {
        let names = self.kwnames(t);
        (
            tuple::get(t, names, i),
            t.stack.slots[self.base + self.nargs + i],
        )
    }

    /// The value of keyword `name`, if given.
    pub fn kwarg(&self, t: &Thread, name: &str) -> Option<Value> {
        (0..self.nkw).find_map(|i| {
            let (k, v) = self.kw(t, i);
            pystr::str_eq_rust(t, k, name).then_some(v)
        })
    }

    /// Raises TypeError unless there are no keyword arguments.
    pub fn no_kwargs(&self, t: &mut Thread, fname: &str) -> PyResult<()> {
        if self.nkw > 0 {
            return Err(t.type_error(&format!("{fname}() takes no keyword arguments")));
        }
        Ok(())
    }

    /// Checks a positional count in `min..=max` (CPython's messages), and no keywords.
    pub fn check(&self, t: &mut Thread, fname: &str, min: usize, max: usize) -> PyResult<()> {
        self.no_kwargs(t, fname)?;
        self.check_positional(t, fname, min, max)
    }

    /// Checks a positional count in `min..=max`, allowing keywords.
    pub fn check_positional(
        &self,
        t: &mut Thread,
        fname: &str,
        min: usize,
        max: usize,
    ) -> PyResult<()> {
        let n = self.nargs;
        if n >= min && n <= max {
            return Ok(());
        }
        let msg = if min == max {
            match min {
                0 => format!("{fname}() takes no arguments ({n} given)"),
                1 => format!("{fname}() takes exactly one argument ({n} given)"),
                _ => format!("{fname} expected {min} arguments, got {n}"),
            }
        } else if n < min {
            format!(
                "{fname} expected at least {min} argument{}, got {n}",
                plural(min)
            )
        } else {
            format!(
                "{fname} expected at most {max} argument{}, got {n}",
                plural(max)
            )
        };
        Err(t.type_error(&msg))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

// Builtin function object slots.
pub const BF_NAME: usize = 0;
pub const BF_SELF: usize = 1;
pub const BF_INDEX: usize = 2;
pub const BF_MODULE: usize = 3;

// Method descriptor slots.
pub const MD_NAME: usize = 0;
pub const MD_OWNER: usize = 1;
pub const MD_INDEX: usize = 2;

/// Creates a builtin function object for native `index`, bound to `self_` (UNBOUND for
/// module-level functions).
pub fn new_builtin_function(
    t: &mut Thread,
    name: &str,
    index: usize,
    self_: Value,
    module: Value,
) -> PyResult<Value> {
    let hs = t.root(self_);
    let hm = t.root(module);
    let n = pystr::new_str(t, name)?;
    t.new_object(
        BuiltinType::BuiltinFunction.layout(),
        &[n, t.get(hs), Value::small_int(index as i64), t.get(hm)],
    )
}

/// Registers `f` and stores a method descriptor for it as `name` in the type's dict.
pub fn add_method(t: &mut Thread, ty: Value, name: &'static str, f: NativeFn) -> PyResult<()> {
    add_descriptor(t, ty, name, f, BuiltinType::MethodDescriptor)
}

/// As `add_method`, for a method whose first argument is the class (`dict.fromkeys`).
pub fn add_classmethod(t: &mut Thread, ty: Value, name: &'static str, f: NativeFn) -> PyResult<()> {
    add_descriptor(t, ty, name, f, BuiltinType::ClassMethodDescriptor)
}

/// Stores a static native function (`str.maketrans`, `__new__`) in the type's dict.
pub fn add_static(t: &mut Thread, ty: Value, name: &'static str, f: NativeFn) -> PyResult<()> {
    let hty = t.root(ty);
    let index = t.natives.register(name, f);
    let fobj = new_builtin_function(t, name, index, Value::UNBOUND, Value::NONE)?;
    let hf = t.root(fobj);
    crate::objects::type_::define(t, t.get(hty), name, t.get(hf))
}

fn add_descriptor(
    t: &mut Thread,
    ty: Value,
    name: &'static str,
    f: NativeFn,
    kind: BuiltinType,
) -> PyResult<()> {
    let hty = t.root(ty);
    let index = t.natives.register(name, f);
    let n = pystr::new_str(t, name)?;
    let desc = t.new_object(
        kind.layout(),
        &[n, t.get(hty), Value::small_int(index as i64)],
    )?;
    let hd = t.root(desc);
    crate::objects::type_::define(t, t.get(hty), name, t.get(hd))
}

/// Adds a module-level native function `name` to the dict `ns` (module namespace).
pub fn add_function(
    t: &mut Thread,
    ns: Value,
    module_name: &str,
    name: &'static str,
    f: NativeFn,
) -> PyResult<()> {
    let hns = t.root(ns);
    let index = t.natives.register(name, f);
    let m = pystr::new_str(t, module_name)?;
    let fobj = new_builtin_function(t, name, index, Value::UNBOUND, m)?;
    let hf = t.root(fobj);
    crate::objects::dict::set_str(t, t.get(hns), name, t.get(hf))
}

/// The native behind a builtin function or descriptor object.
#[inline]
pub fn native_of(t: &Thread, obj: Value, index_slot: usize) -> NativeFn {
    let i = t.heap.slot(obj, index_slot).as_small_int() as usize;
    t.natives.fns[i].f
}

/// `f.__call__(*args, **kwargs)` for the builtin callables (functions, methods, builtin
/// functions): calls the receiver with the remaining arguments.
pub fn call_receiver(t: &mut Thread, a: Args) -> PyResult<Value> {
    let f = a.get(t, 0);
    call_forwarding(t, f, a)
}

/// Calls `callee` with the arguments of the native call `a` after its receiver (positional
/// and keyword), as a method that forwards its call does.
pub fn call_forwarding(t: &mut Thread, callee: Value, a: Args) -> PyResult<Value> {
    call_forwarding_from(t, callee, a, 1)
}

/// Calls `callee` with all the arguments of the native call `a` (a function that defers to
/// another).
pub fn call_forwarding_all(t: &mut Thread, callee: Value, a: Args) -> PyResult<Value> {
    call_forwarding_from(t, callee, a, 0)
}

fn call_forwarding_from(t: &mut Thread, callee: Value, a: Args, first: usize) -> PyResult<Value> {
    let hf = t.root(callee);
    let mut args: Vec<Value> = (first..a.len()).map(|i| a.get(t, i)).collect();
    if a.nkw == 0 {
        return crate::protocol::call(t, t.get(hf), &args);
    }
    for i in 0..a.nkw {
        args.push(a.kw(t, i).1);
    }
    let names = a.kwnames(t);
    crate::protocol::call::call_with_kw(t, t.get(hf), &args, names)
}

//! CALL, CALL_FUNCTION_EX and MAKE_FUNCTION. A call of a Python function pushes its frame
//! and returns `true` so the loop continues in the callee without Rust recursion; other
//! callables are called through `protocol::call::call_on_stack` and their result pushed.

use ember_gc::Value;

use crate::bytecode::opcodes::make_function as mf;
use crate::bytecode::CodeFlags;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{code, dict, function, list, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// CALL(argc) with optional KW_NAMES constant index. Returns true if a frame was pushed.
pub fn call(t: &mut Thread, fi: usize, argc: u32, kw: Option<u32>) -> PyResult<bool> {
    let argc = argc as usize;
    let sp = t.stack.sp;
    let base = sp - argc - 2;
    let (fslot, nargs_total) = if t.stack.slots[base].is_unbound() {
        (base + 1, argc)
    } else {
        (base, argc + 1)
    };
    let nkw = match kw {
        Some(ci) => {
            let consts = t.frames[fi].consts;
            let names = t.heap.slot(consts, ci as usize);
            let n = tuple::len(t, names);
            // The kwnames tuple goes right after the keyword values.
            t.stack.push(names);
            n
        }
        None => 0,
    };
    let nargs = nargs_total - nkw;
    let f = t.stack.slots[fslot];
    if f.is_heap() && t.heap.layout_id(f) == BuiltinType::Function.layout() {
        let code_obj = t.heap.slot(f, function::CODE);
        let data = code::code_data(t, code_obj);
        // SAFETY: the function is rooted in the value stack.
        let flags = unsafe { (*data).flags };
        if !flags
            .intersects(CodeFlags::GENERATOR | CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR)
        {
            match super::super::frame::push_function_frame(t, fslot, nargs, nkw, base) {
                Ok(()) => return Ok(true),
                Err(e) => {
                    t.stack.sp = sp;
                    return Err(e);
                }
            }
        }
    }
    if fslot == base + 1 && type_::is_type(t, f) {
        match init_frame(t, base, nargs, nkw) {
            Ok(true) => return Ok(true),
            Ok(false) => {}
            Err(e) => {
                t.stack.sp = sp;
                return Err(e);
            }
        }
    }
    // The spare slot for call_on_stack is `fslot - 1`, which is `base` (NULL) or, for method
    // calls, the slot below the call site: use a copy in that case.
    let r = if fslot == base + 1 {
        crate::protocol::call::call_on_stack(t, fslot, nargs, nkw)
    } else {
        let n = nargs + nkw + 1 + (nkw > 0) as usize;
        let top = t.stack.sp;
        t.stack.push(Value::UNBOUND);
        for i in 0..n {
            let v = t.stack.slots[fslot + i];
            t.stack.push(v);
        }
        let r = crate::protocol::call::call_on_stack(t, top + 1, nargs, nkw);
        t.stack.sp = top;
        r
    };
    let v = match r {
        Ok(v) => v,
        Err(e) => {
            t.stack.sp = sp;
            return Err(e);
        }
    };
    t.stack.sp = base;
    t.stack.push(v);
    Ok(false)
}

/// A class call `[NULL, cls, args...]` whose class has metaclass `type`, object's
/// `__new__` and a Python `__init__`: allocates the instance and pushes `__init__`'s frame
/// in this loop (no Rust re-entry), laid out as the method call `[__init__, self, args...]`.
/// RETURN_VALUE then checks that `__init__` returned None and yields the instance
/// (`Frame::init_self`). Ok(false) when the class does not qualify (the caller takes
/// `type.__call__`).
fn init_frame(t: &mut Thread, base: usize, nargs: usize, nkw: usize) -> PyResult<bool> {
    use crate::symbols::sym;
    let cls = t.stack.slots[base + 1];
    if t.heap.layout_id(cls) != BuiltinType::Type.layout()
        || type_::type_flags(t, cls) & (type_::flags::HEAPTYPE | type_::flags::ABSTRACT)
            != type_::flags::HEAPTYPE
    {
        return Ok(false);
    }
    let object = t.ty(BuiltinType::Object);
    let new = type_::lookup_sym(t, cls, sym::__new__);
    if new.is_none() || new != type_::lookup_sym(t, object, sym::__new__) {
        return Ok(false);
    }
    let Some(init) = type_::lookup_sym(t, cls, sym::__init__) else {
        return Ok(false);
    };
    if t.layout_of(init) != BuiltinType::Function.layout() {
        return Ok(false);
    }
    let code_obj = t.heap.slot(init, function::CODE);
    let data = code::code_data(t, code_obj);
    // SAFETY: `init` is reachable from the class, which the stack roots at `base + 1`, and
    // nothing allocates before this read.
    let flags = unsafe { (*data).flags };
    if flags.intersects(CodeFlags::GENERATOR | CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR) {
        return Ok(false);
    }
    let inst = crate::objects::object::new_instance(t, cls)?;
    // Re-read after the allocation: the class is rooted by the stack.
    let cls = t.stack.slots[base + 1];
    let init = type_::lookup_sym(t, cls, sym::__init__).unwrap_or(Value::NONE);
    t.stack.slots[base] = init;
    t.stack.slots[base + 1] = inst;
    let depth = t.frames.len();
    super::super::frame::push_function_frame(t, base, nargs + 1, nkw, base)?;
    let inst = t.stack.slots[base + 1];
    t.frames[depth].init_self = inst;
    Ok(true)
}

/// The TypeError of an `__init__` that returned something other than None.
#[cold]
pub fn init_returned(t: &mut Thread, v: Value) -> crate::errors::Raised {
    let msg = format!(
        "__init__() should return None, not '{}'",
        crate::objects::type_::type_name_of(t, v)
    );
    t.type_error(&msg)
}

/// CALL_FUNCTION_EX: `[NULL, callable, args (tuple or iterable), kwargs (if arg & 1)]`.
pub fn call_function_ex(t: &mut Thread, _fi: usize, arg: u32) -> PyResult<bool> {
    let has_kw = arg & 1 == 1;
    let sp = t.stack.sp;
    let base = sp - 3 - has_kw as usize;
    let fslot = base + 1;
    let argsv = t.stack.slots[fslot + 1];
    // Normalise the positional arguments to a tuple.
    let args_tuple = if tuple::is_exact_tuple(t, argsv) {
        argsv
    } else {
        let f = t.stack.slots[fslot];
        let hf = t.root(f);
        match crate::protocol::to_tuple(t, argsv) {
            Ok(tup) => tup,
            Err(e) => {
                if t.exception_matches(BuiltinType::TypeError)
                    && !is_iterable(t, t.stack.slots[fslot + 1])
                {
                    t.take_exception();
                    let msg = format!(
                        "{} argument after * must be an iterable, not {}",
                        function_str(t, t.get(hf))?,
                        crate::objects::type_::type_name_of(t, t.stack.slots[fslot + 1])
                    );
                    t.stack.sp = sp;
                    return Err(t.type_error(&msg));
                }
                t.stack.sp = sp;
                return Err(e);
            }
        }
    };
    t.stack.slots[fslot + 1] = args_tuple;
    // Keyword arguments: a dict (or mapping) of str keys.
    let mut kwpairs: Vec<(Value, Value)> = Vec::new();
    if has_kw {
        let kw = t.stack.slots[fslot + 2];
        let d = if dict::is_dict(t, kw) {
            kw
        } else {
            let f = t.stack.slots[fslot];
            let hf = t.root(f);
            let nd = dict::new_dict(t)?;
            let hd = t.root(nd);
            let kw = t.stack.slots[fslot + 2];
            if let Err(e) = crate::protocol::dict_update_from_mapping(t, t.get(hd), kw) {
                if t.exception_matches(BuiltinType::AttributeError) {
                    t.take_exception();
                    let msg = format!(
                        "{} argument after ** must be a mapping, not {}",
                        function_str(t, t.get(hf))?,
                        crate::objects::type_::type_name_of(t, t.stack.slots[fslot + 2])
                    );
                    t.stack.sp = sp;
                    return Err(t.type_error(&msg));
                }
                t.stack.sp = sp;
                return Err(e);
            }
            t.get(hd)
        };
        t.stack.slots[fslot + 2] = d;
        for (k, v) in dict::items(t, d) {
            if !pystr::is_str(t, k) {
                t.stack.sp = sp;
                return Err(t.type_error("keywords must be strings"));
            }
            kwpairs.push((k, v));
        }
    }
    // Lay the call out on the stack: [spare, f, positional..., kw values..., kwnames].
    let args_tuple = t.stack.slots[fslot + 1];
    let npos = tuple::len(t, args_tuple);
    let nkw = kwpairs.len();
    super::super::frame::check_stack(t, npos + 2 * nkw + 4)?;
    let names = if nkw > 0 {
        let keys: Vec<Value> = kwpairs.iter().map(|(k, _)| *k).collect();
        // Root the values across the tuple allocation by pushing them first.
        let top = t.stack.sp;
        for (_, v) in &kwpairs {
            t.stack.push(*v);
        }
        for k in &keys {
            t.stack.push(*k);
        }
        let tup = tuple::new_tuple_uninit(t, nkw)?;
        for i in 0..nkw {
            let k = t.stack.slots[top + nkw + i];
            t.heap.set_slot(tup, i, k);
        }
        t.stack.sp = top;
        Some(tup)
    } else {
        None
    };
    let hnames = names.map(|n| t.root(n));
    let top = t.stack.sp;
    let f = t.stack.slots[fslot];
    t.stack.push(Value::UNBOUND);
    t.stack.push(f);
    let args_tuple = t.stack.slots[fslot + 1];
    for i in 0..npos {
        let v = tuple::get(t, args_tuple, i);
        t.stack.push(v);
    }
    if nkw > 0 {
        let d = t.stack.slots[fslot + 2];
        for (_, v) in dict::items(t, d) {
            t.stack.push(v);
        }
        if let Some(h) = hnames {
            let n = t.get(h);
            t.stack.push(n);
        }
    }
    let r = crate::protocol::call::call_on_stack(t, top + 1, npos, nkw);
    t.stack.sp = top;
    let v = match r {
        Ok(v) => v,
        Err(e) => {
            t.stack.sp = sp;
            return Err(e);
        }
    };
    t.stack.sp = base;
    t.stack.push(v);
    Ok(false)
}

fn is_iterable(t: &mut Thread, v: Value) -> bool {
    let ty = t.type_of(v);
    matches!(
        crate::objects::type_::lookup_str(t, ty, "__iter__"),
        Ok(Some(_))
    ) || matches!(
        crate::objects::type_::lookup_str(t, t.type_of(v), "__getitem__"),
        Ok(Some(_))
    )
}

/// CPython's `_PyObject_FunctionStr`: `module.qualname()` (no module for builtins).
pub(crate) fn function_str(t: &mut Thread, f: Value) -> PyResult<String> {
    let l = t.layout_of(f);
    let (name_slot, module_slot) = if l == BuiltinType::Function.layout() {
        (
            Some(crate::objects::function::QUALNAME),
            crate::objects::function::MODULE,
        )
    } else {
        (None, 0)
    };
    if let Some(ns) = name_slot {
        let q = pystr::to_rust_string(t, t.heap.slot(f, ns));
        let m = t.heap.slot(f, module_slot);
        if pystr::is_str(t, m) && !pystr::str_eq_rust(t, m, "builtins") {
            return Ok(format!("{}.{q}()", pystr::to_rust_string(t, m)));
        }
        return Ok(format!("{q}()"));
    }
    let hf = t.root(f);
    let qualname = match protocol::getattr_str(t, f, "__qualname__") {
        Ok(q) => q,
        Err(e) => {
            if !t.exception_matches(BuiltinType::AttributeError) {
                return Err(e);
            }
            t.take_exception();
            return protocol::str_string(t, t.get(hf));
        }
    };
    let q = protocol::str_string(t, qualname)?;
    let module = match protocol::getattr_str(t, t.get(hf), "__module__") {
        Ok(m) => m,
        Err(e) => {
            if !t.exception_matches(BuiltinType::AttributeError) {
                return Err(e);
            }
            t.take_exception();
            Value::NONE
        }
    };
    let is_builtins = pystr::is_str(t, module) && pystr::str_eq_rust(t, module, "builtins");
    if !module.is_none() && !is_builtins {
        let m = protocol::str_string(t, module)?;
        return Ok(format!("{m}.{q}()"));
    }
    Ok(format!("{q}()"))
}

/// MAKE_FUNCTION(flags).
pub fn make_function(t: &mut Thread, fi: usize, flags: u32) -> PyResult<()> {
    let code_obj = t.stack.pop();
    let globals = t.frames[fi].globals;
    let f = function::new_function(t, code_obj, globals)?;
    if flags & mf::CLOSURE != 0 {
        let c = t.stack.pop();
        t.heap.set_slot(f, function::CLOSURE, c);
    }
    if flags & mf::ANNOTATIONS != 0 {
        let a = t.stack.pop();
        t.heap.set_slot(f, function::ANNOTATIONS, a);
    }
    if flags & mf::KWDEFAULTS != 0 {
        let k = t.stack.pop();
        t.heap.set_slot(f, function::KWDEFAULTS, k);
    }
    if flags & mf::DEFAULTS != 0 {
        let d = t.stack.pop();
        t.heap.set_slot(f, function::DEFAULTS, d);
    }
    t.stack.push(f);
    let _ = list::len;
    Ok(())
}

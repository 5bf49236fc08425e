//! `function` (Python functions), `method` (bound methods) and `cell`.
//! A function's slots hold its code, globals, defaults and closure; its `__dict__` lives in
//! the overflow slot that follows the fixed ones.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::thread::Thread;

pub const CODE: usize = 0;
pub const GLOBALS: usize = 1;
pub const NAME: usize = 2;
pub const QUALNAME: usize = 3;
pub const DEFAULTS: usize = 4;
pub const KWDEFAULTS: usize = 5;
pub const CLOSURE: usize = 6;
pub const DOC: usize = 7;
pub const MODULE: usize = 8;
pub const ANNOTATIONS: usize = 9;
pub const BUILTINS: usize = 10;
pub const FUNC_SLOTS: u32 = 11;

/// Creates a function for `code` with the given globals; name, qualname and docstring come
/// from the code object, `__module__` from `globals['__name__']`.
pub fn new_function(t: &mut Thread, code: Value, globals: Value) -> PyResult<Value> {
    let hc = t.root(code);
    let hg = t.root(globals);
    let key = t.sym_str(crate::symbols::sym::__name__);
    let module = crate::objects::dict::get_str(t, t.get(hg), key).unwrap_or(Value::NONE);
    let hm = t.root(module);
    let code = t.get(hc);
    let name = t.heap.slot(code, crate::objects::code::NAME);
    let qualname = t.heap.slot(code, crate::objects::code::QUALNAME);
    let consts = t.heap.slot(code, crate::objects::code::CONSTS);
    let data = crate::objects::code::code_data(t, code);
    // SAFETY: code_data returns a pointer to the live CodeData of the rooted code object.
    let is_function_code = unsafe {
        !data.is_null()
            && (*data)
                .flags
                .contains(crate::bytecode::CodeFlags::NEWLOCALS)
    };
    let doc = if is_function_code && t.heap.count(consts) > 0 {
        let c0 = t.heap.slot(consts, 0);
        if crate::objects::str::is_str(t, c0) {
            c0
        } else {
            Value::NONE
        }
    } else {
        Value::NONE
    };
    let builtins = t.globals.builtins;
    let (_, overflow) = BuiltinType::Function.instance_slots();
    let f = t.new_object_with(
        BuiltinType::Function.layout(),
        &[
            code,
            t.get(hg),
            name,
            qualname,
            Value::NONE,
            Value::NONE,
            Value::NONE,
            doc,
            t.get(hm),
            Value::NONE,
            builtins,
        ],
        overflow.map(|_| 1).unwrap_or(0),
        Value::NONE,
    )?;
    Ok(f)
}

pub fn is_function(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::Function.layout()
}

/// A bound method `func.__get__(self)`.
pub fn new_method(t: &mut Thread, func: Value, self_: Value) -> PyResult<Value> {
    t.new_object(BuiltinType::Method.layout(), &[func, self_])
}

pub const METHOD_FUNC: usize = 0;
pub const METHOD_SELF: usize = 1;

/// A cell holding `v` (UNBOUND for an empty cell).
pub fn new_cell(t: &mut Thread, v: Value) -> PyResult<Value> {
    t.new_object(BuiltinType::Cell.layout(), &[v])
}

// ----- Python-visible attributes and methods -----

use crate::objects::descriptors::add_getset;
use crate::objects::native::{self, Args};
use crate::objects::{dict, str as pystr, tuple, type_};
use crate::protocol;

macro_rules! slot_getter {
    ($name:ident, $slot:expr) => {
        fn $name(t: &mut Thread, a: Args) -> PyResult<Value> {
            Ok(t.heap.slot(a.get(t, 0), $slot))
        }
    };
}

slot_getter!(func_code, CODE);
slot_getter!(func_globals, GLOBALS);
slot_getter!(func_name, NAME);
slot_getter!(func_qualname, QUALNAME);
slot_getter!(func_defaults, DEFAULTS);
slot_getter!(func_kwdefaults, KWDEFAULTS);
slot_getter!(func_closure, CLOSURE);
slot_getter!(func_doc, DOC);
slot_getter!(func_module, MODULE);
slot_getter!(func_builtins, BUILTINS);
slot_getter!(method_func, METHOD_FUNC);
slot_getter!(method_self, METHOD_SELF);

fn set_str_slot(t: &mut Thread, a: Args, slot: usize, what: &str) -> PyResult<Value> {
    let v = a.get(t, 1);
    if !pystr::is_str(t, v) {
        let msg = format!("{what} must be set to a string object");
        return Err(t.type_error(&msg));
    }
    t.heap.set_slot(a.get(t, 0), slot, v);
    Ok(Value::NONE)
}
fn func_set_name(t: &mut Thread, a: Args) -> PyResult<Value> {
    set_str_slot(t, a, NAME, "__name__")
}
fn func_set_qualname(t: &mut Thread, a: Args) -> PyResult<Value> {
    set_str_slot(t, a, QUALNAME, "__qualname__")
}
fn func_set_defaults(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 1);
    if !v.is_none() && !tuple::is_tuple(t, v) {
        return Err(t.type_error("__defaults__ must be set to a tuple object"));
    }
    t.heap.set_slot(a.get(t, 0), DEFAULTS, v);
    Ok(Value::NONE)
}
fn func_set_kwdefaults(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 1);
    if !v.is_none() && !dict::is_dict(t, v) {
        return Err(t.type_error("__kwdefaults__ must be set to a dict object"));
    }
    t.heap.set_slot(a.get(t, 0), KWDEFAULTS, v);
    Ok(Value::NONE)
}
fn func_set_doc(t: &mut Thread, a: Args) -> PyResult<Value> {
    t.heap.set_slot(a.get(t, 0), DOC, a.get(t, 1));
    Ok(Value::NONE)
}
fn func_set_module(t: &mut Thread, a: Args) -> PyResult<Value> {
    t.heap.set_slot(a.get(t, 0), MODULE, a.get(t, 1));
    Ok(Value::NONE)
}
fn func_set_code(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 1);
    if t.layout_of(v) != BuiltinType::Code.layout() {
        return Err(t.type_error("__code__ must be set to a code object"));
    }
    t.heap.set_slot(a.get(t, 0), CODE, v);
    Ok(Value::NONE)
}
fn func_annotations(t: &mut Thread, a: Args) -> PyResult<Value> {
    let f = a.get(t, 0);
    let ann = t.heap.slot(f, ANNOTATIONS);
    if dict::is_dict(t, ann) {
        return Ok(ann);
    }
    // MAKE_FUNCTION stores annotations as a flat (name, value, ...) tuple.
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    let ann = t.heap.slot(a.get(t, 0), ANNOTATIONS);
    if tuple::is_tuple(t, ann) {
        let n = tuple::len(t, ann);
        let mut i = 0;
        while i + 1 < n {
            let ann = t.heap.slot(a.get(t, 0), ANNOTATIONS);
            let k = tuple::get(t, ann, i);
            let v = tuple::get(t, ann, i + 1);
            dict::set(t, t.get(hd), k, v)?;
            i += 2;
        }
    }
    t.heap.set_slot(a.get(t, 0), ANNOTATIONS, t.get(hd));
    Ok(t.get(hd))
}
fn func_set_annotations(t: &mut Thread, a: Args) -> PyResult<Value> {
    t.heap.set_slot(a.get(t, 0), ANNOTATIONS, a.get(t, 1));
    Ok(Value::NONE)
}
fn func_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let f = a.get(t, 0);
    let obj = a.opt(t, 1).unwrap_or(Value::NONE);
    if obj.is_none() {
        return Ok(f);
    }
    new_method(t, f, obj)
}
fn func_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let f = a.get(t, 0);
    let q = pystr::to_rust_string(t, t.heap.slot(f, QUALNAME));
    let id = protocol::identity(t, f);
    pystr::new_str(t, &format!("<function {q} at {id:#x}>"))
}
fn method_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = a.get(t, 0);
    let f = t.heap.slot(m, METHOD_FUNC);
    let name = match protocol::getattr_str(t, f, "__qualname__") {
        Ok(n) if pystr::is_str(t, n) => pystr::to_rust_string(t, n),
        _ => {
            t.take_exception();
            "?".to_string()
        }
    };
    let s = t.heap.slot(a.get(t, 0), METHOD_SELF);
    let sr = protocol::repr_string(t, s)?;
    pystr::new_str(t, &format!("<bound method {name} of {sr}>"))
}
fn method_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if t.layout_of(y) != BuiltinType::Method.layout() {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    Ok(Value::from_bool(
        t.heap.slot(x, METHOD_FUNC) == t.heap.slot(y, METHOD_FUNC)
            && t.heap.slot(x, METHOD_SELF) == t.heap.slot(y, METHOD_SELF),
    ))
}
fn method_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = a.get(t, 0);
    let f = t.heap.slot(m, METHOD_FUNC);
    let h1 = protocol::hash(t, f)?;
    let s = t.heap.slot(a.get(t, 0), METHOD_SELF);
    let h2 = protocol::hash(t, s)?;
    Ok(Value::small_int((h1 ^ h2) >> 1))
}
fn method_getattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    // Unknown attributes of a bound method come from its function.
    let m = a.get(t, 0);
    let name = a.get(t, 1);
    match protocol::attr::generic_getattr(t, m, name) {
        Ok(v) => Ok(v),
        Err(e) => {
            if !t.exception_matches(BuiltinType::AttributeError) {
                return Err(e);
            }
            t.take_exception();
            let f = t.heap.slot(a.get(t, 0), METHOD_FUNC);
            protocol::getattr(t, f, a.get(t, 1))
        }
    }
}
fn cell_contents(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = t.heap.slot(a.get(t, 0), 0);
    if v.is_unbound() {
        return Err(t.value_error("Cell is empty"));
    }
    Ok(v)
}
fn cell_set_contents(t: &mut Thread, a: Args) -> PyResult<Value> {
    t.heap.set_slot(a.get(t, 0), 0, a.get(t, 1));
    Ok(Value::NONE)
}
fn builtin_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let f = a.get(t, 0);
    let l = t.layout_of(f);
    let name = pystr::to_rust_string(t, t.heap.slot(f, 0));
    let s = if l == BuiltinType::BuiltinFunction.layout() {
        let self_ = t.heap.slot(f, native::BF_SELF);
        if self_.is_unbound() || crate::objects::module::is_module(t, self_) {
            format!("<built-in function {name}>")
        } else {
            let tn = type_::type_name_of(t, self_);
            let id = protocol::identity(t, self_);
            if type_::is_type(t, self_) {
                format!("<built-in method {name} of type object at {id:#x}>")
            } else {
                format!("<built-in method {name} of {tn} object at {id:#x}>")
            }
        }
    } else {
        let owner = t.heap.slot(f, native::MD_OWNER);
        let tn = type_::type_name(t, owner);
        if l == BuiltinType::ClassMethodDescriptor.layout() {
            format!("<method '{name}' of '{tn}' objects>")
        } else {
            format!("<method '{name}' of '{tn}' objects>")
        }
    };
    pystr::new_str(t, &s)
}
fn builtin_name(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), 0))
}
fn builtin_qualname(t: &mut Thread, a: Args) -> PyResult<Value> {
    let f = a.get(t, 0);
    let name = pystr::to_rust_string(t, t.heap.slot(f, 0));
    let owner = if t.layout_of(f) == BuiltinType::BuiltinFunction.layout() {
        let s = t.heap.slot(f, native::BF_SELF);
        if s.is_unbound() || crate::objects::module::is_module(t, s) {
            None
        } else if type_::is_type(t, s) {
            Some(type_::type_name(t, s))
        } else {
            Some(type_::type_name_of(t, s))
        }
    } else {
        Some(type_::type_name(t, t.heap.slot(f, native::MD_OWNER)))
    };
    match owner {
        Some(o) => pystr::new_str(t, &format!("{o}.{name}")),
        None => pystr::new_str(t, &name),
    }
}
fn builtin_self(t: &mut Thread, a: Args) -> PyResult<Value> {
    let f = a.get(t, 0);
    if t.layout_of(f) == BuiltinType::BuiltinFunction.layout() {
        let s = t.heap.slot(f, native::BF_SELF);
        if s.is_unbound() {
            return Ok(t.heap.slot(f, native::BF_MODULE));
        }
        return Ok(s);
    }
    Ok(Value::NONE)
}
/// `builtin_function_or_method.__module__`: the defining module's name for module-level
/// functions, None for methods bound to an object (CPython's `m_module`).
fn builtin_module(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = t.heap.slot(a.get(t, 0), native::BF_MODULE);
    Ok(if pystr::is_str(t, m) { m } else { Value::NONE })
}
/// `method.__module__` is its function's.
fn method_module(t: &mut Thread, a: Args) -> PyResult<Value> {
    let f = t.heap.slot(a.get(t, 0), METHOD_FUNC);
    protocol::getattr_str(t, f, "__module__")
}
fn builtin_objclass(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), native::MD_OWNER))
}
fn descriptor_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let d = a.get(t, 0);
    // Python's `__get__(None, cls)` is class access.
    let obj = match a.opt(t, 1) {
        Some(v) if !v.is_none() => v,
        _ => Value::UNBOUND,
    };
    let owner = a.opt(t, 2).unwrap_or(Value::NONE);
    protocol::attr::descr_get(t, d, obj, owner)
}

/// `builtin_function_or_method.__reduce__`: the name, for functions of a module (pickle
/// stores them as globals), else `(getattr, (self, name))`, as CPython's meth_reduce.
fn builtin_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    let f = a.get(t, 0);
    let name = t.heap.slot(f, native::BF_NAME);
    let slf = t.heap.slot(f, native::BF_SELF);
    if slf.is_unbound() || slf.is_none() || crate::objects::module::is_module(t, slf) {
        return Ok(name);
    }
    let bd = t.globals.builtins;
    let getattr = match dict::get_rust_str(t, bd, "getattr")? {
        Some(g) => g,
        None => return Ok(a.get(t, 0)),
    };
    let hg = t.root(getattr);
    let f = a.get(t, 0);
    let pair = tuple::new_tuple(t, &[t.heap.slot(f, native::BF_SELF), t.heap.slot(f, native::BF_NAME)])?;
    tuple::new_tuple(t, &[t.get(hg), pair])
}

/// `types.MethodType(func, obj)`.
fn method_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.nkw > 0 {
        return Err(t.type_error("method() takes no keyword arguments"));
    }
    if a.len() != 3 {
        let msg = format!("method expected 2 arguments, got {}", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    if !crate::builtins::introspection::is_callable(t, a.get(t, 1))? {
        return Err(t.type_error("first argument must be callable"));
    }
    if a.get(t, 2).is_none() {
        return Err(t.type_error("instance must not be None"));
    }
    new_method(t, a.get(t, 1), a.get(t, 2))
}

pub fn init(t: &mut Thread) -> PyResult<()> {
    for bt in [
        BuiltinType::Function,
        BuiltinType::Method,
        BuiltinType::BuiltinFunction,
    ] {
        let ty = t.ty(bt);
        crate::objects::native::add_method(t, ty, "__call__", crate::objects::native::call_receiver)?;
    }
    let f = t.ty(BuiltinType::Function);
    add_getset(t, f, "__code__", func_code, Some(func_set_code))?;
    add_getset(t, f, "__globals__", func_globals, None)?;
    add_getset(t, f, "__builtins__", func_builtins, None)?;
    add_getset(t, f, "__name__", func_name, Some(func_set_name))?;
    add_getset(t, f, "__qualname__", func_qualname, Some(func_set_qualname))?;
    add_getset(t, f, "__defaults__", func_defaults, Some(func_set_defaults))?;
    add_getset(
        t,
        f,
        "__kwdefaults__",
        func_kwdefaults,
        Some(func_set_kwdefaults),
    )?;
    add_getset(t, f, "__closure__", func_closure, None)?;
    add_getset(t, f, "__doc__", func_doc, Some(func_set_doc))?;
    add_getset(t, f, "__module__", func_module, Some(func_set_module))?;
    add_getset(
        t,
        f,
        "__annotations__",
        func_annotations,
        Some(func_set_annotations),
    )?;
    native::add_method(t, f, "__get__", func_get)?;
    native::add_method(t, f, "__repr__", func_repr)?;
    let m = t.ty(BuiltinType::Method);
    native::add_static(t, m, "__new__", method_new)?;
    let bf = t.ty(BuiltinType::BuiltinFunction);
    native::add_method(t, bf, "__reduce__", builtin_reduce)?;
    let m = t.ty(BuiltinType::Method);
    add_getset(t, m, "__func__", method_func, None)?;
    add_getset(t, m, "__self__", method_self, None)?;
    add_getset(t, m, "__module__", method_module, None)?;
    native::add_method(t, m, "__repr__", method_repr)?;
    native::add_method(t, m, "__eq__", method_eq)?;
    native::add_method(t, m, "__hash__", method_hash)?;
    native::add_method(t, m, "__getattribute__", method_getattr)?;
    let c = t.ty(BuiltinType::Cell);
    add_getset(
        t,
        c,
        "cell_contents",
        cell_contents,
        Some(cell_set_contents),
    )?;
    for bt in [
        BuiltinType::BuiltinFunction,
        BuiltinType::MethodDescriptor,
        BuiltinType::ClassMethodDescriptor,
    ] {
        let ty = t.ty(bt);
        native::add_method(t, ty, "__repr__", builtin_repr)?;
        add_getset(t, ty, "__name__", builtin_name, None)?;
        add_getset(t, ty, "__qualname__", builtin_qualname, None)?;
        add_getset(t, ty, "__self__", builtin_self, None)?;
    }
    for bt in [
        BuiltinType::MethodDescriptor,
        BuiltinType::ClassMethodDescriptor,
    ] {
        let ty = t.ty(bt);
        native::add_method(t, ty, "__get__", descriptor_get)?;
        add_getset(t, ty, "__objclass__", builtin_objclass, None)?;
    }
    let bf = t.ty(BuiltinType::BuiltinFunction);
    add_getset(t, bf, "__module__", builtin_module, None)?;
    let gs = t.ty(BuiltinType::GetSetDescriptor);
    native::add_method(t, gs, "__get__", descriptor_get)?;
    let md = t.ty(BuiltinType::MemberDescriptor);
    native::add_method(t, md, "__get__", descriptor_get)?;
    Ok(())
}

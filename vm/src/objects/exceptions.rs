//! Exceptions: `BaseException` instances carry fixed slots for `args`, `__traceback__`,
//! `__cause__`, `__context__` and `__suppress_context__`, then the overflow slot for other
//! attributes (subclass layouts add attribute slots after it).
//!
//! This file owns `BaseException`'s methods and the small subclasses; `OSError` lives in
//! `exceptions/os.rs`, `SyntaxError` and the `UnicodeError` family in
//! `exceptions/syntax.rs`, and `BaseExceptionGroup` in `exceptions/group.rs`.
//!
//! The attributes CPython keeps in C struct members (`StopIteration.value`, `OSError.errno`,
//! `SyntaxError.lineno`, `AttributeError.name`, ...) are ordinary instance attributes here,
//! set by `__init__`/`__new__` (and by the VM through `attr::set_instance_attr_str`), with a
//! class-level `None` default so that an instance whose `__init__` never ran reads `None`,
//! as CPython's NULL members do. Only a field that was given is stored (`field` tells "given"
//! from "absent", which some `__str__`s need, like CPython's NULL checks).

mod group;
mod os;
mod syntax;

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::native::{self, Args};
use crate::objects::{dict, int, list, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::{Handle, Thread};

pub use group::{eg_split, EgMatcher};

pub const ARGS: usize = 0;
pub const TRACEBACK: usize = 1;
pub const CAUSE: usize = 2;
pub const CONTEXT: usize = 3;
pub const SUPPRESS_CONTEXT: usize = 4;
pub const EXC_SLOTS: u32 = 5;

/// Allocates an instance of the exception type `ty` with `args` (no `__init__` call), with
/// the fields the builtin `__init__`s would set (`StopIteration.value`, `SystemExit.code`,
/// `OSError.errno`, `SyntaxError.msg`, ...) filled from `args`, and `OSError(errno, ...)`
/// mapped to its errno subclass: the exceptions the VM raises look as if the class had been
/// called, as CPython's exception normalisation makes them.
pub fn new_exception(t: &mut Thread, ty: Value, args: &[Value]) -> PyResult<Value> {
    let mut ty = ty;
    if ty == t.ty(BuiltinType::OSError) && (2..=5).contains(&args.len()) && int::is_int(t, args[0])
    {
        if let Some(sub) = int::to_i64(t, args[0]).and_then(os::errno_subclass) {
            ty = t.ty(sub);
        }
    }
    let hty = t.root(ty);
    let argt = tuple::new_tuple(t, args)?;
    let e = new_exception_tuple(t, t.get(hty), argt)?;
    let he = t.root(e);
    normalize_fields(t, he)?;
    Ok(t.get(he))
}

/// Sets the fields of a freshly allocated builtin exception from its `args`, as its class's
/// `__init__` would (see `new_exception`).
fn normalize_fields(t: &mut Thread, he: Handle) -> PyResult<()> {
    let e = t.get(he);
    let items = args_items(t, e);
    if items.is_empty() {
        return Ok(());
    }
    let first = t.root(items[0]);
    use BuiltinType as B;
    if exc_is(t, e, B::StopIteration) {
        set_field(t, e, "value", t.get(first))?;
    } else if exc_is(t, e, B::SystemExit) {
        let code = if items.len() == 1 {
            t.get(first)
        } else {
            args(t, e)
        };
        set_field(t, e, "code", code)?;
    } else if exc_is(t, e, B::ImportError) {
        if items.len() == 1 {
            set_field(t, e, "msg", t.get(first))?;
        }
    } else if exc_is(t, e, B::OSError) {
        os::init_fields(t, e, args(t, e))?;
    } else if exc_is(t, e, B::SyntaxError) {
        syntax::init_fields(t, e)?;
    } else if exc_is(t, e, B::UnicodeError) {
        syntax::unicode_fields(t, e)?;
    }
    Ok(())
}

/// Allocates an instance of the exception type `ty` whose `args` is the tuple `argt`.
pub fn new_exception_tuple(t: &mut Thread, ty: Value, argt: Value) -> PyResult<Value> {
    let layout = type_::instance_layout(t, ty);
    let n = t.layouts.get(layout).num_slots as usize;
    let e = t.new_object_with(
        layout,
        &[argt, Value::NONE, Value::NONE, Value::NONE, Value::FALSE],
        n.saturating_sub(EXC_SLOTS as usize),
        Value::NONE,
    )?;
    Ok(e)
}

pub fn is_exception(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == crate::layout::NativeKind::Exception
}

#[inline]
pub fn args(t: &Thread, e: Value) -> Value {
    t.heap.slot(e, ARGS)
}

/// Whether the exception `e` is an instance of the builtin exception type `bt` (subclasses
/// included).
pub fn exc_is(t: &Thread, e: Value, bt: BuiltinType) -> bool {
    type_::is_instance_of(t, e, bt)
}

/// The `args` tuple of `e` as a vector (an empty one if `args` is not a tuple).
fn args_items(t: &Thread, e: Value) -> Vec<Value> {
    let a = args(t, e);
    if tuple::is_tuple(t, a) {
        tuple::items(t, a)
    } else {
        Vec::new()
    }
}

// ----- instance fields -----

/// The instance attribute `name` of `exc`, or None (Rust) when it was never set. Class-level
/// defaults are not consulted: this is CPython's "member is NULL" test.
pub fn field(t: &mut Thread, exc: Value, name: &str) -> PyResult<Option<Value>> {
    let h = t.root(exc);
    let sym = t.intern(name)?;
    let key = t.sym_str(sym);
    protocol::attr::instance_get(t, t.get(h), key)
}

/// Sets the instance attribute `name` of `exc`.
pub fn set_field(t: &mut Thread, exc: Value, name: &str, v: Value) -> PyResult<()> {
    protocol::attr::set_instance_attr_str(t, exc, name, v)?;
    Ok(())
}

// ----- argument helpers shared by the exception files -----

/// A tuple of the positional arguments from index `from` on.
fn rest_tuple(t: &mut Thread, a: &Args, from: usize) -> PyResult<Value> {
    let items: Vec<Value> = (from..a.len()).map(|i| a.get(t, i)).collect();
    tuple::new_tuple(t, &items)
}

/// The exception instance a method was called on (argument 0).
fn self_exc(t: &mut Thread, a: &Args, name: &str) -> PyResult<Value> {
    if a.is_empty() {
        let msg = format!("descriptor '{name}' of 'BaseException' object needs an argument");
        return Err(t.type_error(&msg));
    }
    let s = a.get(t, 0);
    if !is_exception(t, s) {
        let msg = format!(
            "descriptor '{name}' for 'BaseException' objects doesn't apply to a '{}' object",
            type_::type_name_of(t, s)
        );
        return Err(t.type_error(&msg));
    }
    Ok(s)
}

/// CPython's `_PyArg_NoKeywords(Py_TYPE(self)->tp_name, kwds)`.
fn no_keywords(t: &mut Thread, a: &Args, ty: Value) -> PyResult<()> {
    if a.nkw > 0 {
        let msg = format!("{}() takes no keyword arguments", type_::type_name(t, ty));
        return Err(t.type_error(&msg));
    }
    Ok(())
}

/// Collects the items of an iterable into rooted handles (released with the caller's native
/// call).
pub fn iterate_to_handles(t: &mut Thread, v: Value) -> PyResult<Vec<Handle>> {
    if tuple::is_tuple(t, v) {
        let items = tuple::items(t, v);
        return Ok(items.into_iter().map(|x| t.root(x)).collect());
    }
    if list::is_list(t, v) {
        let items = list::items(t, v);
        return Ok(items.into_iter().map(|x| t.root(x)).collect());
    }
    let it = protocol::iter(t, v)?;
    let hit = t.root(it);
    let mut out = Vec::new();
    while let Some(x) = protocol::next(t, t.get(hit))? {
        out.push(t.root(x));
    }
    Ok(out)
}

/// `tuple(v)` for any iterable.
pub fn to_tuple(t: &mut Thread, v: Value) -> PyResult<Value> {
    if tuple::is_exact_tuple(t, v) {
        return Ok(v);
    }
    let hs = iterate_to_handles(t, v)?;
    let items: Vec<Value> = hs.iter().map(|h| t.get(*h)).collect();
    tuple::new_tuple(t, &items)
}

/// Parses keyword-only arguments of an exception `__init__` (CPython's
/// `PyArg_ParseTupleAndKeywords(empty, kwds, "|$OO:Name", ...)`): returns the value of each
/// allowed name (None when absent).
/// Which keyword argument (by index, for `Args::kw`) gives each of the `allowed` fields.
/// Indexes, not values: the caller allocates before using them, and `Args` re-reads.
fn keyword_fields(
    t: &mut Thread,
    a: &Args,
    allowed: &[&str],
    fname: &str,
) -> PyResult<Vec<Option<usize>>> {
    let mut out = vec![None; allowed.len()];
    for i in 0..a.nkw {
        let (k, _) = a.kw(t, i);
        match allowed.iter().position(|n| pystr::str_eq_rust(t, k, n)) {
            Some(j) => out[j] = Some(i),
            None => {
                let k = pystr::to_rust_string(t, k);
                let msg = format!("'{k}' is an invalid keyword argument for {fname}()");
                return Err(t.type_error(&msg));
            }
        }
    }
    Ok(out)
}

// ----- BaseException -----

fn base_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("BaseException.__new__(): not enough arguments"));
    }
    let cls = a.get(t, 0);
    if !type_::is_type(t, cls) {
        let msg = format!(
            "BaseException.__new__(X): X is not a type object ({})",
            type_::type_name_of(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    if !type_::is_subtype(t, cls, t.ty(BuiltinType::BaseException)) {
        let n = type_::type_name(t, cls);
        let msg = format!("BaseException.__new__({n}): {n} is not a subtype of BaseException");
        return Err(t.type_error(&msg));
    }
    let argt = rest_tuple(t, &a, 1)?;
    new_exception_tuple(t, a.get(t, 0), argt)
}

/// `BaseException.__init__`: rejects keywords and stores `args`.
fn base_init_common(t: &mut Thread, a: &Args) -> PyResult<()> {
    let s = self_exc(t, a, "__init__")?;
    let ty = t.type_of(s);
    no_keywords(t, a, ty)?;
    let argt = rest_tuple(t, a, 1)?;
    let s = a.get(t, 0);
    t.heap.set_slot(s, ARGS, argt);
    Ok(())
}

fn base_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    base_init_common(t, &a)?;
    Ok(Value::NONE)
}

fn base_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = self_exc(t, &a, "__repr__")?;
    let name = type_::type_name_of(t, s);
    let items = args_items(t, s);
    let text = if items.len() == 1 {
        let r = protocol::repr_string(t, items[0])?;
        format!("{name}({r})")
    } else {
        let argv = args(t, a.get(t, 0));
        let argv = if tuple::is_tuple(t, argv) {
            argv
        } else {
            tuple::new_tuple(t, &[])?
        };
        let r = protocol::repr_string(t, argv)?;
        format!("{name}{r}")
    };
    pystr::new_str(t, &text)
}

/// `BaseException.__str__`: '' for no args, `str(arg)` for one, `str(args)` otherwise.
pub fn base_str_value(t: &mut Thread, e: Value) -> PyResult<Value> {
    let items = args_items(t, e);
    match items.len() {
        0 => pystr::new_str(t, ""),
        1 => protocol::str_(t, items[0]),
        _ => {
            let argv = args(t, e);
            protocol::str_(t, argv)
        }
    }
}

fn base_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = self_exc(t, &a, "__str__")?;
    base_str_value(t, s)
}

fn with_traceback(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "with_traceback", 2, 2)?;
    let s = self_exc(t, &a, "with_traceback")?;
    set_traceback(t, s, a.get(t, 1))?;
    Ok(a.get(t, 0))
}

fn add_note(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "add_note", 2, 2)?;
    let s = self_exc(t, &a, "add_note")?;
    let hs = t.root(s);
    let note = a.get(t, 1);
    if !pystr::is_str(t, note) {
        let msg = format!("note must be a str, not '{}'", type_::type_name_of(t, note));
        return Err(t.type_error(&msg));
    }
    let notes = match protocol::getattr_str(t, t.get(hs), "__notes__") {
        Ok(n) => n,
        Err(e) => {
            if !t.exception_matches(BuiltinType::AttributeError) {
                return Err(e);
            }
            t.take_exception();
            let l = list::new_list(t, 0)?;
            let hl = t.root(l);
            let name = t.intern("__notes__")?;
            let key = t.sym_str(name);
            protocol::setattr(t, t.get(hs), key, t.get(hl))?;
            t.get(hl)
        }
    };
    if !list::is_list(t, notes) {
        return Err(t.type_error("Cannot add note: __notes__ is not a list"));
    }
    let note = a.get(t, 1);
    list::append(t, notes, note)?;
    Ok(Value::NONE)
}

fn base_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = self_exc(t, &a, "__reduce__")?;
    let hs = t.root(s);
    let ty = t.type_of(s);
    let hty = t.root(ty);
    let argv = args(t, s);
    let hargs = t.root(argv);
    let has_attrs = {
        let l = t.layouts.get(t.heap.layout_id(s));
        l.dict_mode || !l.attrs.is_empty()
    };
    if has_attrs {
        let d = protocol::getattr_str(t, t.get(hs), "__dict__")?;
        if !dict::is_dict(t, d) || dict::len(t, d) > 0 {
            return tuple::new_tuple(t, &[t.get(hty), t.get(hargs), d]);
        }
    }
    tuple::new_tuple(t, &[t.get(hty), t.get(hargs)])
}

fn base_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__setstate__", 2, 2)?;
    let s = self_exc(t, &a, "__setstate__")?;
    let hs = t.root(s);
    let state = a.get(t, 1);
    if state.is_none() {
        return Ok(Value::NONE);
    }
    if !dict::is_dict(t, state) {
        return Err(t.type_error("state is not a dictionary"));
    }
    let items = dict::items(t, state);
    let mark = t.handle_mark();
    let hitems: Vec<(Handle, Handle)> = items
        .into_iter()
        .map(|(k, v)| (t.root(k), t.root(v)))
        .collect();
    for (k, v) in hitems {
        protocol::setattr(t, t.get(hs), t.get(k), t.get(v))?;
    }
    t.handle_release(mark);
    Ok(Value::NONE)
}

// ----- getset descriptors of BaseException -----

fn getset_self(t: &mut Thread, a: &Args) -> PyResult<Value> {
    let s = a.get(t, 0);
    if !is_exception(t, s) {
        let msg = format!(
            "descriptor for 'BaseException' objects doesn't apply to a '{}' object",
            type_::type_name_of(t, s)
        );
        return Err(t.type_error(&msg));
    }
    Ok(s)
}

fn args_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = getset_self(t, &a)?;
    Ok(t.heap.slot(s, ARGS))
}

fn args_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    getset_self(t, &a)?;
    let v = to_tuple(t, a.get(t, 1))?;
    let s = a.get(t, 0);
    t.heap.set_slot(s, ARGS, v);
    Ok(Value::NONE)
}

fn traceback_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = getset_self(t, &a)?;
    Ok(t.heap.slot(s, TRACEBACK))
}

/// Sets `__traceback__` (None or a traceback object).
pub fn set_traceback(t: &mut Thread, exc: Value, tb: Value) -> PyResult<()> {
    let ok = tb.is_none() || t.layout_of(tb) == BuiltinType::Traceback.layout();
    if !ok {
        return Err(t.type_error("__traceback__ must be a traceback or None"));
    }
    t.heap.set_slot(exc, TRACEBACK, tb);
    Ok(())
}

fn traceback_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = getset_self(t, &a)?;
    set_traceback(t, s, a.get(t, 1))?;
    Ok(Value::NONE)
}

fn context_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = getset_self(t, &a)?;
    Ok(t.heap.slot(s, CONTEXT))
}

fn context_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = getset_self(t, &a)?;
    let v = a.get(t, 1);
    if !v.is_none() && !is_exception(t, v) {
        return Err(t.type_error("exception context must be None or derive from BaseException"));
    }
    t.heap.set_slot(s, CONTEXT, v);
    Ok(Value::NONE)
}

fn cause_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = getset_self(t, &a)?;
    Ok(t.heap.slot(s, CAUSE))
}

/// CPython's `PyException_SetCause`: also sets `__suppress_context__`.
pub fn set_cause(t: &mut Thread, exc: Value, cause: Value) {
    t.heap.set_slot(exc, SUPPRESS_CONTEXT, Value::TRUE);
    t.heap.set_slot(exc, CAUSE, cause);
}

fn cause_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = getset_self(t, &a)?;
    let v = a.get(t, 1);
    if !v.is_none() && !is_exception(t, v) {
        return Err(t.type_error("exception cause must be None or derive from BaseException"));
    }
    set_cause(t, s, v);
    Ok(Value::NONE)
}

fn suppress_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = getset_self(t, &a)?;
    Ok(t.heap.slot(s, SUPPRESS_CONTEXT))
}

fn suppress_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = getset_self(t, &a)?;
    let v = a.get(t, 1);
    if !v.is_bool() {
        return Err(t.type_error("attribute value type must be bool"));
    }
    t.heap.set_slot(s, SUPPRESS_CONTEXT, v);
    Ok(Value::NONE)
}

// ----- small subclasses -----

fn stop_iteration_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    base_init_common(t, &a)?;
    if a.len() > 1 {
        set_field(t, a.get(t, 0), "value", a.get(t, 1))?;
    }
    Ok(Value::NONE)
}

fn system_exit_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    base_init_common(t, &a)?;
    match a.len() {
        1 => {}
        2 => set_field(t, a.get(t, 0), "code", a.get(t, 1))?,
        _ => {
            let argt = args(t, a.get(t, 0));
            set_field(t, a.get(t, 0), "code", argt)?;
        }
    }
    Ok(Value::NONE)
}

fn key_error_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = self_exc(t, &a, "__str__")?;
    let items = args_items(t, s);
    if items.len() == 1 {
        return protocol::repr(t, items[0]);
    }
    base_str_value(t, s)
}

/// Stores `args` from the positional arguments (BaseException_init without the keyword
/// check), for `__init__`s that take keyword-only fields.
fn store_args(t: &mut Thread, a: &Args) -> PyResult<()> {
    self_exc(t, a, "__init__")?;
    let argt = rest_tuple(t, a, 1)?;
    let s = a.get(t, 0);
    t.heap.set_slot(s, ARGS, argt);
    Ok(())
}

fn import_error_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    self_exc(t, &a, "__init__")?;
    let kws = keyword_fields(t, &a, &["name", "path"], "ImportError")?;
    store_args(t, &a)?;
    if a.len() == 2 {
        set_field(t, a.get(t, 0), "msg", a.get(t, 1))?;
    }
    for (i, n) in ["name", "path"].iter().enumerate() {
        if let Some(k) = kws[i] {
            let v = a.kw(t, k).1;
            set_field(t, a.get(t, 0), n, v)?;
        }
    }
    Ok(Value::NONE)
}

fn import_error_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = self_exc(t, &a, "__str__")?;
    if let Some(m) = field(t, s, "msg")? {
        if pystr::is_exact_str(t, m) {
            return Ok(m);
        }
    }
    base_str_value(t, a.get(t, 0))
}

fn name_error_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    self_exc(t, &a, "__init__")?;
    store_args(t, &a)?;
    let kws = keyword_fields(t, &a, &["name"], "NameError")?;
    if let Some(k) = kws[0] {
        let v = a.kw(t, k).1;
        set_field(t, a.get(t, 0), "name", v)?;
    }
    Ok(Value::NONE)
}

fn attribute_error_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    self_exc(t, &a, "__init__")?;
    store_args(t, &a)?;
    let kws = keyword_fields(t, &a, &["name", "obj"], "AttributeError")?;
    for (i, n) in ["name", "obj"].iter().enumerate() {
        if let Some(k) = kws[i] {
            let v = a.kw(t, k).1;
            set_field(t, a.get(t, 0), n, v)?;
        }
    }
    Ok(Value::NONE)
}

/// Puts `name = None` class attributes on a builtin exception type (the defaults of its
/// instance fields).
fn field_defaults(t: &mut Thread, bt: BuiltinType, names: &[&str]) -> PyResult<()> {
    let ty = t.ty(bt);
    let hty = t.root(ty);
    for n in names {
        type_::define(t, t.get(hty), n, Value::NONE)?;
    }
    Ok(())
}

/// Adds the type's methods to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let be = t.ty(BuiltinType::BaseException);
    let hbe = t.root(be);
    native::add_static(t, t.get(hbe), "__new__", base_new)?;
    native::add_method(t, t.get(hbe), "__init__", base_init)?;
    native::add_method(t, t.get(hbe), "__repr__", base_repr)?;
    native::add_method(t, t.get(hbe), "__str__", base_str)?;
    native::add_method(t, t.get(hbe), "with_traceback", with_traceback)?;
    native::add_method(t, t.get(hbe), "add_note", add_note)?;
    native::add_method(t, t.get(hbe), "__reduce__", base_reduce)?;
    native::add_method(t, t.get(hbe), "__setstate__", base_setstate)?;
    add_getset(t, t.get(hbe), "args", args_get, Some(args_set))?;
    add_getset(
        t,
        t.get(hbe),
        "__traceback__",
        traceback_get,
        Some(traceback_set),
    )?;
    add_getset(t, t.get(hbe), "__context__", context_get, Some(context_set))?;
    add_getset(t, t.get(hbe), "__cause__", cause_get, Some(cause_set))?;
    add_getset(
        t,
        t.get(hbe),
        "__suppress_context__",
        suppress_get,
        Some(suppress_set),
    )?;

    let si = t.ty(BuiltinType::StopIteration);
    native::add_method(t, si, "__init__", stop_iteration_init)?;
    field_defaults(t, BuiltinType::StopIteration, &["value"])?;

    let se = t.ty(BuiltinType::SystemExit);
    native::add_method(t, se, "__init__", system_exit_init)?;
    field_defaults(t, BuiltinType::SystemExit, &["code"])?;

    let ke = t.ty(BuiltinType::KeyError);
    native::add_method(t, ke, "__str__", key_error_str)?;

    let ie = t.ty(BuiltinType::ImportError);
    native::add_method(t, ie, "__init__", import_error_init)?;
    let ie = t.ty(BuiltinType::ImportError);
    native::add_method(t, ie, "__str__", import_error_str)?;
    field_defaults(t, BuiltinType::ImportError, &["msg", "name", "path"])?;

    let ne = t.ty(BuiltinType::NameError);
    native::add_method(t, ne, "__init__", name_error_init)?;
    field_defaults(t, BuiltinType::NameError, &["name"])?;

    let ae = t.ty(BuiltinType::AttributeError);
    native::add_method(t, ae, "__init__", attribute_error_init)?;
    field_defaults(t, BuiltinType::AttributeError, &["name", "obj"])?;

    os::init(t)?;
    syntax::init(t)?;
    group::init(t)?;
    crate::interpreter::traceback::init(t)?;
    Ok(())
}

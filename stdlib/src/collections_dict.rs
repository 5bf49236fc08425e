//! `_collections.defaultdict`, `_count_elements` (Counter's helper) and `_tuplegetter`
//! (namedtuple's field descriptor).
//!
//! A defaultdict is a real dict: its type derives from `dict` through
//! `native_type::new_native_subtype`, so its instances carry the dict slots (every dict
//! method and fast path works on them) plus one native slot for `default_factory`. Dict
//! subscription calls `__missing__` for dict subclasses, which is where the factory runs.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::descriptors;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::sequence;
use ember_vm::objects::{dict, int, str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

const DEFDICT: &str = "collections.defaultdict";
const TUPLEGETTER: &str = "_collections._tuplegetter";

// ----- defaultdict -----

/// Slot of `default_factory` in defaultdict instances.
fn factory_slot(t: &Thread) -> usize {
    native_type::native_slot(t, BuiltinType::Dict, 0)
}

fn is_defdict(t: &Thread, v: Value) -> bool {
    match native_type::native_type(t, DEFDICT) {
        Some(ty) => native_type::is_instance(t, v, ty) && dict::is_dict(t, v),
        None => false,
    }
}

/// The receiver's `default_factory` (None when unset).
fn factory(t: &Thread, d: Value) -> Value {
    let i = factory_slot(t);
    if i < t.heap.count(d) {
        let f = t.heap.slot(d, i);
        if !f.is_unbound() {
            return f;
        }
    }
    Value::NONE
}

fn set_factory(t: &mut Thread, d: Value, f: Value) {
    let i = factory_slot(t);
    if i < t.heap.count(d) {
        t.heap.set_slot(d, i, f);
    }
}

fn this(t: &mut Thread, a: &Args) -> PyResult<Value> {
    let d = a.get(t, 0);
    if is_defdict(t, d) {
        return Ok(d);
    }
    let msg = format!(
        "descriptor for 'collections.defaultdict' objects doesn't apply to a '{}' object",
        type_::type_name_of(t, d)
    );
    Err(t.type_error(&msg))
}

fn defdict_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    this(t, &a)?;
    let n = a.len() - 1;
    if n > 0 {
        let f = a.get(t, 1);
        if !f.is_none() && !ember_vm::builtins::is_callable(t, f)? {
            return Err(t.type_error("first argument must be callable or None"));
        }
    }
    let d = a.get(t, 0);
    set_factory(t, d, a.opt(t, 1).unwrap_or(Value::NONE));
    if n > 2 {
        let msg = format!("dict expected at most 1 argument, got {}", n - 1);
        return Err(t.type_error(&msg));
    }
    if n == 2 {
        dict::update_arg(t, a.get(t, 0), a.get(t, 2))?;
    }
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        dict::set(t, a.get(t, 0), k, v)?;
    }
    Ok(Value::NONE)
}

fn defdict_missing(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "defaultdict.__missing__")?;
    let d = this(t, &a)?;
    let f = factory(t, d);
    if f.is_none() {
        let key = a.get(t, 1);
        return Err(t.key_error(key));
    }
    let v = protocol::call(t, f, &[])?;
    let hv = t.root(v);
    protocol::setitem(t, a.get(t, 0), a.get(t, 1), v)?;
    Ok(t.get(hv))
}

/// `type(d)(d.default_factory, arg)` (CPython's `new_defdict`).
fn new_like(t: &mut Thread, d: Value, arg: Value) -> PyResult<Value> {
    let cls = t.type_of(d);
    let f = factory(t, d);
    protocol::call(t, cls, &[f, arg])
}

fn defdict_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "defaultdict.copy")?;
    let d = this(t, &a)?;
    new_like(t, d, d)
}

fn defdict_copy_dunder(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "defaultdict.__copy__")?;
    let d = this(t, &a)?;
    new_like(t, d, d)
}

fn defdict_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "defaultdict.__reduce__")?;
    let d = this(t, &a)?;
    let f = factory(t, d);
    let args = if f.is_none() {
        tuple::new_tuple(t, &[])?
    } else {
        tuple::new_tuple(t, &[f])?
    };
    let ha = t.root(args);
    let items = protocol::call_method(t, a.get(t, 0), "items", &[])?;
    let it = protocol::iter(t, items)?;
    let cls = t.type_of(a.get(t, 0));
    tuple::new_tuple(t, &[cls, t.get(ha), Value::NONE, Value::NONE, it])
}

fn defdict_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "defaultdict.__repr__")?;
    let d = this(t, &a)?;
    let base = dict::repr(t, d)?;
    let f = factory(t, a.get(t, 0));
    let hf = t.root(f);
    let defrepr = if f.is_none() {
        "None".to_string()
    } else if sequence::repr_enter(t, f)? {
        let r = protocol::repr_string(t, t.get(hf));
        sequence::repr_leave(t, t.get(hf));
        r?
    } else {
        "...".to_string()
    };
    let name = type_::type_name(t, t.type_of(a.get(t, 0)));
    pystr::new_str(t, &format!("{name}({defrepr}, {base})"))
}

/// `left | right` where one side is a defaultdict (CPython's `defdict_or`).
fn defdict_or_impl(t: &mut Thread, left: Value, right: Value) -> PyResult<Value> {
    let hl = t.root(left);
    let hr = t.root(right);
    let (self_, other) = if is_defdict(t, left) {
        (left, right)
    } else {
        (right, left)
    };
    if !dict::is_dict(t, other) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let new = new_like(t, self_, t.get(hl))?;
    let hn = t.root(new);
    dict::update_arg(t, new, t.get(hr))?;
    Ok(t.get(hn))
}

fn defdict_or(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "defaultdict.__or__")?;
    this(t, &a)?;
    defdict_or_impl(t, a.get(t, 0), a.get(t, 1))
}

fn defdict_ror(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "defaultdict.__ror__")?;
    this(t, &a)?;
    defdict_or_impl(t, a.get(t, 1), a.get(t, 0))
}

// ----- _count_elements -----

fn count_elements(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "_collections._count_elements")?;
    if a.len() != 2 {
        let msg = format!("_count_elements expected 2 arguments, got {}", a.len());
        return Err(t.type_error(&msg));
    }
    let it = protocol::iter(t, a.get(t, 1))?;
    let hit = t.root(it);
    let mapping = a.get(t, 0);
    let mty = t.type_of(mapping);
    let hmty = t.root(mty);
    let dty = t.ty(BuiltinType::Dict);
    let hdty = t.root(dty);
    let same = |t: &mut Thread, name: &str| -> PyResult<bool> {
        let own = type_::lookup_str(t, t.get(hmty), name)?;
        let base = type_::lookup_str(t, t.get(hdty), name)?;
        Ok(own.is_some() && own == base)
    };
    let fast = same(t, "get")? && same(t, "__setitem__")? && dict::is_dict(t, a.get(t, 0));
    if fast {
        loop {
            let mark = t.handle_mark();
            let Some(key) = protocol::next(t, t.get(hit))? else {
                break;
            };
            let hk = t.root(key);
            let new = match dict::get(t, a.get(t, 0), key)? {
                None => Value::small_int(1),
                Some(old) => super::add_one(t, old)?,
            };
            dict::set(t, a.get(t, 0), t.get(hk), new)?;
            t.handle_release(mark);
        }
        return Ok(Value::NONE);
    }
    let get = protocol::getattr_str(t, a.get(t, 0), "get")?;
    let hget = t.root(get);
    loop {
        let mark = t.handle_mark();
        let Some(key) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let hk = t.root(key);
        let old = protocol::call(t, t.get(hget), &[key, Value::small_int(0)])?;
        let new = super::add_one(t, old)?;
        protocol::setitem(t, a.get(t, 0), t.get(hk), new)?;
        t.handle_release(mark);
    }
    Ok(Value::NONE)
}

// ----- _tuplegetter -----

const TG_INDEX: usize = 0;
const TG_DOC: usize = 1;

/// The receiver and its index (a Py_ssize_t, stored as an int).
fn tg_this(t: &mut Thread, a: &Args) -> PyResult<(Value, i64)> {
    let g = a.get(t, 0);
    let i = t.heap.slot(g, TG_INDEX);
    match int::is_int(t, i).then(|| int::to_i64(t, i)).flatten() {
        Some(index) => Ok((g, index)),
        None => Err(t.type_error("_tuplegetter object is not initialized")),
    }
}

fn tg_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "_tuplegetter")?;
    let n = a.len().saturating_sub(1);
    if n != 2 {
        let msg = format!("_tuplegetter expected 2 arguments, got {n}");
        return Err(t.type_error(&msg));
    }
    let index = sequence::index_arg(t, a.get(t, 1))?;
    let i = int::from_i64(t, index)?;
    let cls = a.get(t, 0);
    native_type::new_instance(t, cls, &[i, a.get(t, 2)])
}

fn tg_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "__get__", 1, 2)?;
    let (g, index) = tg_this(t, &a)?;
    let obj = a.get(t, 1);
    if obj.is_none() {
        return Ok(g);
    }
    if !tuple::is_tuple(t, obj) {
        let name = type_::type_name_of(t, obj);
        let msg = format!(
            "descriptor for index '{index}' for tuple subclasses doesn't apply to '{name}' object"
        );
        return Err(t.type_error(&msg));
    }
    let tup = tuple::tuple_value(t, obj);
    if index < 0 || index as usize >= tuple::len(t, tup) {
        return Err(t.index_error("tuple index out of range"));
    }
    Ok(tuple::get(t, tup, index as usize))
}

fn tg_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "__set__", 2, 2)?;
    Err(t.raise_msg(BuiltinType::AttributeError, "can't set attribute"))
}

fn tg_delete(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "_tuplegetter.__delete__")?;
    Err(t.raise_msg(BuiltinType::AttributeError, "can't delete attribute"))
}

fn tg_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (g, _) = tg_this(t, &a)?;
    let (i, doc) = (t.heap.slot(g, TG_INDEX), t.heap.slot(g, TG_DOC));
    let args = tuple::new_tuple(t, &[i, doc])?;
    let cls = t.type_of(a.get(t, 0));
    tuple::new_tuple(t, &[cls, args])
}

fn tg_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (g, index) = tg_this(t, &a)?;
    let doc = protocol::repr_string(t, t.heap.slot(g, TG_DOC))?;
    let name = type_::type_name(t, t.type_of(a.get(t, 0)));
    pystr::new_str(t, &format!("{name}({index}, {doc})"))
}

fn tg_get_doc(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (g, _) = tg_this(t, &a)?;
    Ok(t.heap.slot(g, TG_DOC))
}

fn tg_set_doc(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (g, _) = tg_this(t, &a)?;
    let v = a.get(t, 1);
    t.heap.set_slot(g, TG_DOC, v);
    Ok(Value::NONE)
}

// ----- registration -----

pub(super) fn init(t: &mut Thread, md: Value) -> PyResult<()> {
    let hmd = t.root(md);
    native::add_function(t, md, "_collections", "_count_elements", count_elements)?;
    if super::reuse_types(
        t,
        t.get(hmd),
        &[(DEFDICT, "defaultdict"), (TUPLEGETTER, "_tuplegetter")],
    )? {
        return Ok(());
    }
    let spec = NativeTypeSpec {
        module: "collections",
        name: "defaultdict",
        slots: 1,
        basetype: true,
        dict: false,
    };
    let ty = native_type::new_native_subtype(t, DEFDICT, &spec, BuiltinType::Dict)?;
    let hty = t.root(ty);
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__init__", defdict_init),
        ("__missing__", defdict_missing),
        ("copy", defdict_copy),
        ("__copy__", defdict_copy_dunder),
        ("__reduce__", defdict_reduce),
        ("__repr__", defdict_repr),
        ("__or__", defdict_or),
        ("__ror__", defdict_ror),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(hty), name, *f)?;
    }
    // A member descriptor over the native slot, as CPython's T_OBJECT member.
    let name = pystr::new_str(t, "default_factory")?;
    let slot = factory_slot(t);
    let member = descriptors::new_member(t, name, t.get(hty), slot)?;
    let d = type_::type_dict(t, t.get(hty));
    dict::set_str(t, d, "default_factory", member)?;
    sequence::add_class_getitem(t, t.get(hty))?;
    let doc = pystr::new_str(
        t,
        "defaultdict(default_factory=None, /, [...]) --> dict with default factory\n\n\
         The default factory is called without arguments to produce\n\
         a new value when a key is not present, in __getitem__ only.\n\
         A defaultdict compares equal to a dict with the same items.\n\
         All remaining arguments are treated the same as if they were\n\
         passed to the dict constructor, including keyword arguments.\n",
    )?;
    let d = type_::type_dict(t, t.get(hty));
    dict::set_str(t, d, "__doc__", doc)?;
    dict::set_str(t, t.get(hmd), "defaultdict", t.get(hty))?;

    let spec = NativeTypeSpec {
        module: "_collections",
        name: "_tuplegetter",
        slots: 2,
        basetype: false,
        dict: false,
    };
    let ty = native_type::new_native_type(t, TUPLEGETTER, &spec)?;
    let hty = t.root(ty);
    native::add_static(t, ty, "__new__", tg_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__get__", tg_get),
        ("__set__", tg_set),
        ("__delete__", tg_delete),
        ("__reduce__", tg_reduce),
        ("__repr__", tg_repr),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(hty), name, *f)?;
    }
    descriptors::add_getset(t, t.get(hty), "__doc__", tg_get_doc, Some(tg_set_doc))?;
    dict::set_str(t, t.get(hmd), "_tuplegetter", t.get(hty))?;
    Ok(())
}

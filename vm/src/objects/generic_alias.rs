//! `types.GenericAlias`: what `list[int]` and the other builtin generics' `__class_getitem__`
//! return (CPython's `genericaliasobject.c`). Slots: the origin class, the argument tuple,
//! and the `__parameters__` tuple (None until first asked for).
//!
//! Attribute reads other than the alias's own forward to the origin (`list[int].__name__`
//! is `'list'`), calling creates an instance of the origin, and class statements use the
//! origin as the base (`__mro_entries__`). Substitution of type variables is not supported
//! yet: FIXME(typevar-subst) (`__getitem__` needs `typing.TypeVar`'s `__typing_subst__`).

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{dict, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

const ORIGIN: usize = 0;
const ARGS: usize = 1;
const PARAMETERS: usize = 2;

/// `GenericAlias(origin, args)`; a non-tuple `args` becomes a 1-tuple.
pub fn new_generic_alias(t: &mut Thread, origin: Value, args: Value) -> PyResult<Value> {
    let ho = t.root(origin);
    let args = if tuple::is_tuple(t, args) {
        args
    } else {
        tuple::new_tuple(t, &[args])?
    };
    t.new_object(
        BuiltinType::GenericAlias.layout(),
        &[t.get(ho), args, Value::NONE],
    )
}

/// Whether `v` is a GenericAlias or an instance of a subclass of it.
pub fn is_generic_alias(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == crate::layout::NativeKind::GenericAlias
}

/// `cls[item]` for the builtin generic classes (`list[int]`, `dict[str, int]`).
pub fn class_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__class_getitem__", 2, 2)?;
    new_generic_alias(t, a.get(t, 0), a.get(t, 1))
}

fn this(t: &mut Thread, a: &Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    if is_generic_alias(t, v) {
        return Ok(v);
    }
    let msg = format!(
        "descriptor for 'types.GenericAlias' objects doesn't apply to a '{}' object",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

fn ga_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.nkw > 0 {
        return Err(t.type_error("GenericAlias() takes no keyword arguments"));
    }
    if a.len() != 3 {
        let msg = format!("GenericAlias expected 2 arguments, got {}", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let cls = a.get(t, 0);
    if cls == t.ty(BuiltinType::GenericAlias) {
        return new_generic_alias(t, a.get(t, 1), a.get(t, 2));
    }
    // A subclass (`_collections_abc._CallableGenericAlias`): an instance of `cls`.
    let cls = crate::objects::numeric::check_new_cls(t, &a, BuiltinType::GenericAlias)?;
    let obj = crate::objects::object::new_instance(t, cls)?;
    let hobj = t.root(obj);
    let args = a.get(t, 2);
    let args = if tuple::is_tuple(t, args) {
        args
    } else {
        tuple::new_tuple(t, &[args])?
    };
    let obj = t.get(hobj);
    t.heap.set_slot(obj, ORIGIN, a.get(t, 1));
    t.heap.set_slot(obj, ARGS, args);
    t.heap.set_slot(obj, PARAMETERS, Value::NONE);
    Ok(obj)
}

/// CPython's `ga_repr_item`: `...`, a nested alias's repr, `module.qualname` for classes
/// (the bare qualname for builtins), else `repr(item)`.
/// How an argument of a GenericAlias or a union prints (`int`, `mod.C`, `list[int]`, `...`).
pub fn repr_item(t: &mut Thread, v: Value) -> PyResult<String> {
    if v.is_ellipsis() {
        return Ok("...".to_string());
    }
    let hv = t.root(v);
    if is_generic_alias(t, v) {
        return protocol::repr_string(t, v);
    }
    let qualname = lookup_quiet(t, t.get(hv), "__qualname__")?;
    // Rooted across the second lookup, which allocates.
    let hq = qualname.map(|q| t.root(q));
    let module = lookup_quiet(t, t.get(hv), "__module__")?;
    let qualname = hq.map(|h| t.get(h));
    match (qualname, module) {
        (Some(q), Some(m)) if pystr::is_str(t, q) && pystr::is_str(t, m) => {
            let q = pystr::to_rust_string(t, q);
            if pystr::str_eq_rust(t, m, "builtins") {
                Ok(q)
            } else {
                Ok(format!("{}.{q}", pystr::to_rust_string(t, m)))
            }
        }
        _ => protocol::repr_string(t, t.get(hv)),
    }
}

/// `getattr(v, name)`, None when it raises AttributeError.
fn lookup_quiet(t: &mut Thread, v: Value, name: &str) -> PyResult<Option<Value>> {
    match protocol::getattr_str(t, v, name) {
        Ok(r) => Ok(Some(r)),
        Err(e) => {
            if t.exception_matches(BuiltinType::AttributeError) {
                t.take_exception();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

fn ga_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ga = this(t, &a)?;
    let mut out = repr_item(t, t.heap.slot(ga, ORIGIN))?;
    out.push('[');
    let args = t.heap.slot(a.get(t, 0), ARGS);
    let hargs = t.root(args);
    let n = tuple::len(t, args);
    if n == 0 {
        out.push_str("()");
    }
    for i in 0..n {
        if i > 0 {
            out.push_str(", ");
        }
        let item = tuple::get(t, t.get(hargs), i);
        out.push_str(&repr_item(t, item)?);
    }
    out.push(']');
    pystr::new_str(t, &out)
}

/// The names a GenericAlias answers itself; every other attribute comes from the origin.
const OWN_ATTRS: &[&str] = &[
    "__class__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
];

fn ga_getattribute(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ga = this(t, &a)?;
    let name = a.get(t, 1);
    if pystr::is_str(t, name) {
        let n = pystr::to_rust_string(t, name);
        if !OWN_ATTRS.contains(&n.as_str()) {
            let origin = t.heap.slot(ga, ORIGIN);
            return protocol::getattr(t, origin, a.get(t, 1));
        }
    }
    protocol::attr::generic_getattr(t, a.get(t, 0), a.get(t, 1))
}

fn ga_origin(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ga = this(t, &a)?;
    Ok(t.heap.slot(ga, ORIGIN))
}

fn ga_args(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ga = this(t, &a)?;
    Ok(t.heap.slot(ga, ARGS))
}

fn ga_unpacked(t: &mut Thread, a: Args) -> PyResult<Value> {
    this(t, &a)?;
    Ok(Value::FALSE)
}

/// `__parameters__`: the type variables among the arguments (objects whose type has
/// `__typing_subst__`) and those of nested aliases, in order, without repeats.
fn ga_parameters(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ga = this(t, &a)?;
    let cached = t.heap.slot(ga, PARAMETERS);
    if !cached.is_none() {
        return Ok(cached);
    }
    let args = t.heap.slot(ga, ARGS);
    let params = make_parameters(t, args)?;
    let ga = a.get(t, 0);
    t.heap.set_slot(ga, PARAMETERS, params);
    Ok(params)
}

/// The type variables among `args` (a tuple), in order and without repeats (CPython's
/// `_Py_make_parameters`): those with `__typing_subst__`, and the `__parameters__` of the
/// others.
pub fn make_parameters(t: &mut Thread, args: Value) -> PyResult<Value> {
    let hargs = t.root(args);
    let found = crate::objects::list::new_list(t, 0)?;
    let hfound = t.root(found);
    for i in 0..tuple::len(t, args) {
        let mark = t.handle_mark();
        let item = tuple::get(t, t.get(hargs), i);
        let hitem = t.root(item);
        if type_::is_type(t, item) {
            t.handle_release(mark);
            continue;
        }
        let ty = t.type_of(item);
        let candidates = if type_::lookup_str(t, ty, "__typing_subst__")?.is_some() {
            tuple::new_tuple(t, &[t.get(hitem)])?
        } else {
            match lookup_quiet(t, t.get(hitem), "__parameters__")? {
                Some(p) if tuple::is_tuple(t, p) => p,
                _ => t.globals.empty_tuple,
            }
        };
        let hc = t.root(candidates);
        for j in 0..tuple::len(t, candidates) {
            let p = tuple::get(t, t.get(hc), j);
            if !protocol::contains(t, t.get(hfound), p)? {
                let p = tuple::get(t, t.get(hc), j);
                crate::objects::list::append(t, t.get(hfound), p)?;
            }
        }
        t.handle_release(mark);
    }
    protocol::to_tuple(t, t.get(hfound))
}

fn ga_mro_entries(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__mro_entries__", 2, 2)?;
    let ga = this(t, &a)?;
    let origin = t.heap.slot(ga, ORIGIN);
    tuple::new_tuple(t, &[origin])
}

fn ga_call(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ga = this(t, &a)?;
    let origin = t.heap.slot(ga, ORIGIN);
    let n = a.nargs + a.nkw;
    let args: Vec<Value> = (1..n).map(|i| t.stack.slots[a.base + i]).collect();
    let kwnames = if a.nkw > 0 { a.kwnames(t) } else { Value::NONE };
    let obj = protocol::call_with_kw(t, origin, &args, kwnames)?;
    let hobj = t.root(obj);
    // CPython records the alias on the instance when it can, ignoring failures.
    let key = pystr::new_str(t, "__orig_class__")?;
    if protocol::setattr(t, t.get(hobj), key, a.get(t, 0)).is_err()
        && (t.exception_matches(BuiltinType::AttributeError)
            || t.exception_matches(BuiltinType::TypeError))
    {
        t.take_exception();
    }
    Ok(t.get(hobj))
}

fn ga_eq_impl(t: &mut Thread, a: &Args) -> PyResult<Option<bool>> {
    let ga = this(t, a)?;
    let other = a.get(t, 1);
    if !is_generic_alias(t, other) {
        return Ok(None);
    }
    let (o1, o2) = (t.heap.slot(ga, ORIGIN), t.heap.slot(other, ORIGIN));
    if !protocol::eq(t, o1, o2)? {
        return Ok(Some(false));
    }
    let ga = a.get(t, 0);
    let other = a.get(t, 1);
    let (a1, a2) = (t.heap.slot(ga, ARGS), t.heap.slot(other, ARGS));
    let r = protocol::rich_compare(t, a1, a2, CompareOp::Eq)?;
    Ok(Some(protocol::truthy(t, r)?))
}

fn ga_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(match ga_eq_impl(t, &a)? {
        Some(b) => Value::from_bool(b),
        None => Value::NOT_IMPLEMENTED,
    })
}

fn ga_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(match ga_eq_impl(t, &a)? {
        Some(b) => Value::from_bool(!b),
        None => Value::NOT_IMPLEMENTED,
    })
}

fn ga_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ga = this(t, &a)?;
    let h1 = protocol::hash(t, t.heap.slot(ga, ORIGIN))?;
    let ga = a.get(t, 0);
    let h2 = protocol::hash(t, t.heap.slot(ga, ARGS))?;
    let h = h1 ^ h2;
    crate::objects::int::from_i64(t, if h == -1 { -2 } else { h })
}

fn ga_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ga = this(t, &a)?;
    let pair = tuple::new_tuple(t, &[t.heap.slot(ga, ORIGIN), t.heap.slot(ga, ARGS)])?;
    let cls = t.ty(BuiltinType::GenericAlias);
    tuple::new_tuple(t, &[cls, pair])
}

fn ga_instancecheck(t: &mut Thread, a: Args) -> PyResult<Value> {
    this(t, &a)?;
    Err(t.type_error("isinstance() argument 2 cannot be a parameterized generic"))
}

fn ga_subclasscheck(t: &mut Thread, a: Args) -> PyResult<Value> {
    this(t, &a)?;
    Err(t.type_error("issubclass() argument 2 cannot be a parameterized generic"))
}

fn ga_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getitem__", 2, 2)?;
    let params = ga_parameters(t, a)?;
    if tuple::len(t, params) == 0 {
        let r = protocol::repr_string(t, a.get(t, 0))?;
        return Err(t.type_error(&format!("{r} is not a generic class")));
    }
    Err(t.type_error("substituting type variables in a GenericAlias is not supported yet"))
}

/// Fills `types.GenericAlias`'s namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::GenericAlias);
    let h = t.root(ty);
    crate::objects::native_type::register_builtin(t, "types.GenericAlias", ty);
    native::add_static(t, t.get(h), "__new__", ga_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__repr__", ga_repr),
        ("__getattribute__", ga_getattribute),
        ("__mro_entries__", ga_mro_entries),
        ("__call__", ga_call),
        ("__eq__", ga_eq),
        ("__ne__", ga_ne),
        ("__hash__", ga_hash),
        ("__reduce__", ga_reduce),
        ("__instancecheck__", ga_instancecheck),
        ("__subclasscheck__", ga_subclasscheck),
        ("__getitem__", ga_getitem),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    let getsets: &[(&'static str, native::NativeFn)] = &[
        ("__origin__", ga_origin),
        ("__args__", ga_args),
        ("__parameters__", ga_parameters),
        ("__unpacked__", ga_unpacked),
    ];
    for (name, f) in getsets {
        crate::objects::descriptors::add_getset(t, t.get(h), name, *f, None)?;
    }
    let m = pystr::new_str(t, "types")?;
    let d = type_::type_dict(t, t.get(h));
    dict::set_str(t, d, "__module__", m)
}

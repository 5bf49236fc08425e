//! Weak references: `weakref.ref` (ReferenceType) and the proxies (ProxyType,
//! CallableProxyType), the `_weakref` module's objects.
//!
//! A weak reference is a Weak-format heap object (`gc` header format): slot 0 is the
//! referent, which the collector does not trace and sets to None when the referent dies;
//! slot 1 is the callback (None for none), which also tells the collector to queue the
//! reference for `run_callbacks`; slot 2 caches the referent's hash. Subclass instances
//! (`weakref.KeyedRef`, `WeakMethod`) keep these three slots first.
//!
//! **Differences from CPython** (ARCHITECTURE.md, "Weak references"): a referent dies at a
//! collection, not when its last reference goes, so callbacks run at the next safe point
//! after the collection that found it dead; and `ref(o)` makes a new reference each time
//! instead of reusing the one without a callback.

use ember_gc::Value;

use crate::bytecode::{BinaryOp, CompareOp};
use crate::errors::{PyResult, Raised};
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{dict, int, list, object, str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

pub const REFERENT: usize = 0;
pub const CALLBACK: usize = 1;
pub const HASH: usize = 2;
/// Native slots of a weak reference or proxy.
pub const WEAKREF_SLOTS: u32 = 3;

/// Whether `v` is a weak reference, a proxy, or an instance of a subclass of `ref`.
pub fn is_weak(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::WeakRef
}

fn is_proxy(t: &Thread, v: Value) -> bool {
    v.is_heap() && {
        let l = t.heap.layout_id(v);
        l == BuiltinType::WeakProxy.layout() || l == BuiltinType::WeakCallableProxy.layout()
    }
}

/// Whether Python code may take weak references to `v` (CPython: the type has a
/// `tp_weaklistoffset`): instances of classes, functions, types, sets, generators and
/// the like, but not ints, strs, tuples, lists, dicts or other weak references.
fn weakrefable(t: &Thread, v: Value) -> bool {
    if !v.is_heap() {
        return false;
    }
    let ty = t.type_of(v);
    if type_::type_flags(t, ty) & type_::flags::HEAPTYPE != 0 {
        // Subclasses of the types whose instances are variable-sized in CPython (int,
        // bytes, tuple) have no room for the weak reference list.
        return !matches!(
            t.layouts.get(t.heap.layout_id(v)).native,
            NativeKind::LargeInt | NativeKind::Bytes | NativeKind::Tuple
        );
    }
    use BuiltinType as B;
    [
        B::Type,
        B::Function,
        B::BuiltinFunction,
        B::Method,
        B::Set,
        B::FrozenSet,
        B::Generator,
        B::Coroutine,
        B::AsyncGenerator,
        B::Code,
        B::Module,
        B::MemoryView,
        B::Property,
        B::SimpleNamespace,
        B::GenericAlias,
    ]
    .iter()
    .any(|b| ty == t.ty(*b))
        || type_::type_flags(t, ty) & type_::flags::NATIVE != 0
}

fn cannot_weakref(t: &mut Thread, v: Value) -> Raised {
    let msg = format!(
        "cannot create weak reference to '{}' object",
        type_::type_name_of(t, v)
    );
    t.type_error(&msg)
}

/// A new weak reference (or proxy) of class `cls` to `obj` calling `callback` (None for
/// none) when `obj` dies.
pub fn new_weak(t: &mut Thread, cls: Value, obj: Value, callback: Value) -> PyResult<Value> {
    if !weakrefable(t, obj) {
        return Err(cannot_weakref(t, obj));
    }
    let ho = t.root(obj);
    let hc = t.root(callback);
    let w = object::new_instance(t, cls)?;
    t.heap.set_slot(w, REFERENT, t.get(ho));
    t.heap.set_slot(w, CALLBACK, t.get(hc));
    t.heap.set_slot(w, HASH, Value::NONE);
    t.heap.make_weak(w);
    Ok(w)
}

/// The referent, or None once it died.
#[inline]
pub fn referent(t: &Thread, w: Value) -> Value {
    t.heap.slot(w, REFERENT)
}

/// `ref.__new__(cls, ob, callback=None)`.
fn ref_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = crate::objects::numeric::check_new_cls(t, &a, BuiltinType::WeakRef)?;
    let hcls = t.root(cls);
    let (ob, cb) = ref_args(t, &a, "__new__")?;
    new_weak(t, t.get(hcls), ob, cb)
}

/// The `(ob, callback)` of a `ref(...)` call (arguments after the receiver).
fn ref_args(t: &mut Thread, a: &Args, _what: &str) -> PyResult<(Value, Value)> {
    if a.nkw > 0 {
        return Err(t.type_error("ref() takes no keyword arguments"));
    }
    let n = a.len() - 1;
    if n == 0 {
        return Err(t.type_error("__new__ expected at least 1 argument, got 0"));
    }
    if n > 2 {
        let msg = format!("__new__ expected at most 2 arguments, got {n}");
        return Err(t.type_error(&msg));
    }
    Ok((a.get(t, 1), a.opt(t, 2).unwrap_or(Value::NONE)))
}

fn ref_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    ref_args(t, &a, "__init__")?;
    Ok(Value::NONE)
}

fn ref_call(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 1 || a.nkw > 0 {
        let msg = format!(
            "weakref() takes no arguments ({} given)",
            a.len() - 1 + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    Ok(referent(t, a.get(t, 0)))
}

fn ref_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    let w = a.get(t, 0);
    let cached = t.heap.slot(w, HASH);
    if !cached.is_none() {
        return Ok(cached);
    }
    let obj = referent(t, w);
    if obj.is_none() {
        return Err(t.type_error("weak object has gone away"));
    }
    let h = protocol::hash(t, obj)?;
    let v = int::from_i64(t, h)?;
    t.heap.set_slot(a.get(t, 0), HASH, v);
    Ok(v)
}

fn ref_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_weak(t, y) || is_proxy(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let (rx, ry) = (referent(t, x), referent(t, y));
    if rx.is_none() || ry.is_none() {
        let same = x == y;
        return Ok(Value::from_bool(same == (op == CompareOp::Eq)));
    }
    protocol::rich_compare(t, rx, ry, op)
}

fn ref_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__eq__", 2, 2)?;
    ref_compare(t, a, CompareOp::Eq)
}

fn ref_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__ne__", 2, 2)?;
    ref_compare(t, a, CompareOp::Ne)
}

/// " to 'T' at 0x... (name)" for a live referent.
fn describe_referent(t: &mut Thread, obj: Value) -> PyResult<String> {
    let ho = t.root(obj);
    let tyname = {
        let ty = t.type_of(obj);
        type_::tp_name(t, ty)?
    };
    let id = protocol::identity(t, t.get(ho));
    let name = match protocol::getattr_str(t, t.get(ho), "__name__") {
        Ok(n) if pystr::is_str(t, n) => Some(pystr::to_rust_string(t, n)),
        Ok(_) => None,
        Err(e) => {
            if t.exception_matches(BuiltinType::AttributeError) {
                t.take_exception();
                None
            } else {
                return Err(e);
            }
        }
    };
    Ok(match name {
        Some(n) => format!("to '{tyname}' at {id:#x} ({n})"),
        None => format!("to '{tyname}' at {id:#x}"),
    })
}

fn ref_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let w = a.get(t, 0);
    let id = protocol::identity(t, w);
    let obj = referent(t, w);
    let s = if obj.is_none() {
        format!("<weakref at {id:#x}; dead>")
    } else {
        format!("<weakref at {id:#x}; {}>", describe_referent(t, obj)?)
    };
    pystr::new_str(t, &s)
}

fn ref_callback(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), CALLBACK))
}

// ----- proxies -----

fn dead_proxy(t: &mut Thread) -> Raised {
    t.raise_msg(
        BuiltinType::ReferenceError,
        "weakly-referenced object no longer exists",
    )
}

/// The object a proxy stands for (ReferenceError once dead); other values as they are.
fn unwrap(t: &mut Thread, v: Value) -> PyResult<Value> {
    if !is_proxy(t, v) {
        return Ok(v);
    }
    let obj = referent(t, v);
    if obj.is_none() {
        return Err(dead_proxy(t));
    }
    Ok(obj)
}

/// `proxy(obj, callback=None)`: a CallableProxyType for callables, else a ProxyType.
pub fn new_proxy(t: &mut Thread, obj: Value, callback: Value) -> PyResult<Value> {
    let ho = t.root(obj);
    let hc = t.root(callback);
    let callable = weakrefable(t, obj) && crate::builtins::introspection::is_callable(t, obj)?;
    let cls = t.ty(if callable {
        BuiltinType::WeakCallableProxy
    } else {
        BuiltinType::WeakProxy
    });
    new_weak(t, cls, t.get(ho), t.get(hc))
}

fn proxy_getattribute(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getattribute__", 2, 2)?;
    let obj = unwrap(t, a.get(t, 0))?;
    protocol::getattr(t, obj, a.get(t, 1))
}

fn proxy_setattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__setattr__", 3, 3)?;
    let obj = unwrap(t, a.get(t, 0))?;
    protocol::setattr(t, obj, a.get(t, 1), a.get(t, 2))?;
    Ok(Value::NONE)
}

fn proxy_delattr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__delattr__", 2, 2)?;
    let obj = unwrap(t, a.get(t, 0))?;
    protocol::delattr(t, obj, a.get(t, 1))?;
    Ok(Value::NONE)
}

fn proxy_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let w = a.get(t, 0);
    let id = protocol::identity(t, w);
    let obj = referent(t, w);
    let ho = t.root(obj);
    let tyname = {
        let ty = t.type_of(obj);
        type_::tp_name(t, ty)?
    };
    let oid = protocol::identity(t, t.get(ho));
    pystr::new_str(t, &format!("<weakproxy at {id:#x}; to '{tyname}' at {oid:#x}>"))
}

fn proxy_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    let obj = unwrap(t, a.get(t, 0))?;
    protocol::str_(t, obj)
}

fn proxy_bool(t: &mut Thread, a: Args) -> PyResult<Value> {
    let obj = unwrap(t, a.get(t, 0))?;
    Ok(Value::from_bool(protocol::truthy(t, obj)?))
}

fn proxy_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    let obj = unwrap(t, a.get(t, 0))?;
    Ok(Value::small_int(protocol::len(t, obj)? as i64))
}

fn proxy_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let obj = unwrap(t, a.get(t, 0))?;
    protocol::iter(t, obj)
}

fn proxy_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let obj = unwrap(t, a.get(t, 0))?;
    let ty = t.type_of(obj);
    if type_::lookup_sym(t, ty, crate::symbols::sym::__next__).is_none() {
        let msg = format!(
            "Weakref proxy referenced a non-iterator '{}' object",
            type_::type_name_of(t, obj)
        );
        return Err(t.type_error(&msg));
    }
    match protocol::next(t, obj)? {
        Some(v) => Ok(v),
        None => Err(t.raise_empty(BuiltinType::StopIteration)),
    }
}

fn proxy_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getitem__", 2, 2)?;
    let obj = unwrap(t, a.get(t, 0))?;
    protocol::getitem(t, obj, a.get(t, 1))
}

fn proxy_setitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__setitem__", 3, 3)?;
    let obj = unwrap(t, a.get(t, 0))?;
    protocol::setitem(t, obj, a.get(t, 1), a.get(t, 2))?;
    Ok(Value::NONE)
}

fn proxy_delitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__delitem__", 2, 2)?;
    let obj = unwrap(t, a.get(t, 0))?;
    protocol::delitem(t, obj, a.get(t, 1))?;
    Ok(Value::NONE)
}

fn proxy_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__contains__", 2, 2)?;
    let obj = unwrap(t, a.get(t, 0))?;
    Ok(Value::from_bool(protocol::contains(t, obj, a.get(t, 1))?))
}

fn proxy_call(t: &mut Thread, a: Args) -> PyResult<Value> {
    let obj = unwrap(t, a.get(t, 0))?;
    native::call_forwarding(t, obj, a)
}

fn proxy_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let x = unwrap(t, a.get(t, 0))?;
    let hx = t.root(x);
    let y = unwrap(t, a.get(t, 1))?;
    protocol::rich_compare(t, t.get(hx), y, op)
}

macro_rules! proxy_compares {
    ($($name:ident $op:ident;)*) => {
        $(fn $name(t: &mut Thread, a: Args) -> PyResult<Value> {
            a.check(t, stringify!($name), 2, 2)?;
            proxy_compare(t, a, CompareOp::$op)
        })*
    };
}

proxy_compares! {
    proxy_lt Lt;
    proxy_le Le;
    proxy_eq Eq;
    proxy_ne Ne;
    proxy_gt Gt;
    proxy_ge Ge;
}

fn proxy_binary(t: &mut Thread, a: Args, op: BinaryOp, reflected: bool) -> PyResult<Value> {
    a.check(t, "binary operator", 2, 2)?;
    let x = unwrap(t, a.get(t, 0))?;
    let hx = t.root(x);
    let y = unwrap(t, a.get(t, 1))?;
    if reflected {
        protocol::number::binary_op(t, y, t.get(hx), op)
    } else {
        protocol::number::binary_op(t, t.get(hx), y, op)
    }
}

macro_rules! proxy_binaries {
    ($($name:ident $rname:ident $iname:ident $op:ident $iop:ident $d:literal $rd:literal $id:literal;)*) => {
        $(
            fn $name(t: &mut Thread, a: Args) -> PyResult<Value> {
                proxy_binary(t, a, BinaryOp::$op, false)
            }
            fn $rname(t: &mut Thread, a: Args) -> PyResult<Value> {
                proxy_binary(t, a, BinaryOp::$op, true)
            }
            fn $iname(t: &mut Thread, a: Args) -> PyResult<Value> {
                proxy_binary(t, a, BinaryOp::$iop, false)
            }
        )*
        /// (name, function) of every forwarded binary operator, reflected and in-place.
        const PROXY_BINARIES: &[(&str, native::NativeFn)] = &[
            $(($d, $name), ($rd, $rname), ($id, $iname),)*
        ];
    };
}

proxy_binaries! {
    proxy_add proxy_radd proxy_iadd Add InplaceAdd "__add__" "__radd__" "__iadd__";
    proxy_sub proxy_rsub proxy_isub Subtract InplaceSubtract "__sub__" "__rsub__" "__isub__";
    proxy_mul proxy_rmul proxy_imul Multiply InplaceMultiply "__mul__" "__rmul__" "__imul__";
    proxy_truediv proxy_rtruediv proxy_itruediv TrueDivide InplaceTrueDivide
        "__truediv__" "__rtruediv__" "__itruediv__";
    proxy_floordiv proxy_rfloordiv proxy_ifloordiv FloorDivide InplaceFloorDivide
        "__floordiv__" "__rfloordiv__" "__ifloordiv__";
    proxy_mod proxy_rmod proxy_imod Remainder InplaceRemainder "__mod__" "__rmod__" "__imod__";
    proxy_pow proxy_rpow proxy_ipow Power InplacePower "__pow__" "__rpow__" "__ipow__";
    proxy_lshift proxy_rlshift proxy_ilshift Lshift InplaceLshift
        "__lshift__" "__rlshift__" "__ilshift__";
    proxy_rshift proxy_rrshift proxy_irshift Rshift InplaceRshift
        "__rshift__" "__rrshift__" "__irshift__";
    proxy_and proxy_rand proxy_iand And InplaceAnd "__and__" "__rand__" "__iand__";
    proxy_or proxy_ror proxy_ior Or InplaceOr "__or__" "__ror__" "__ior__";
    proxy_xor proxy_rxor proxy_ixor Xor InplaceXor "__xor__" "__rxor__" "__ixor__";
    proxy_matmul proxy_rmatmul proxy_imatmul MatrixMultiply InplaceMatrixMultiply
        "__matmul__" "__rmatmul__" "__imatmul__";
}

fn proxy_unary(t: &mut Thread, a: Args, name: &str) -> PyResult<Value> {
    let obj = unwrap(t, a.get(t, 0))?;
    protocol::call_method(t, obj, name, &[])
}

macro_rules! proxy_unaries {
    ($($name:ident $dunder:literal;)*) => {
        $(fn $name(t: &mut Thread, a: Args) -> PyResult<Value> {
            proxy_unary(t, a, $dunder)
        })*
        const PROXY_UNARIES: &[(&str, native::NativeFn)] = &[$(($dunder, $name),)*];
    };
}

proxy_unaries! {
    proxy_neg "__neg__";
    proxy_pos "__pos__";
    proxy_abs "__abs__";
    proxy_invert "__invert__";
    proxy_int "__int__";
    proxy_float "__float__";
    proxy_index "__index__";
    proxy_bytes "__bytes__";
    proxy_reversed "__reversed__";
}

// ----- the _weakref module's functions -----

/// The weak references and proxies to `obj`, oldest first.
fn refs_to(t: &Thread, obj: Value) -> Vec<Value> {
    t.heap
        .weak_objects()
        .iter()
        .copied()
        .filter(|w| t.heap.slot(*w, REFERENT) == obj)
        .collect()
}

pub fn getweakrefcount(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getweakrefcount", 1, 1)?;
    let obj = a.get(t, 0);
    if !obj.is_heap() {
        return Ok(Value::small_int(0));
    }
    Ok(Value::small_int(refs_to(t, obj).len() as i64))
}

pub fn getweakrefs(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getweakrefs", 1, 1)?;
    let obj = a.get(t, 0);
    let refs = if obj.is_heap() {
        refs_to(t, obj)
    } else {
        Vec::new()
    };
    list::new_list_from(t, &refs)
}

pub fn proxy(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "proxy", 1, 2)?;
    let cb = a.opt(t, 1).unwrap_or(Value::NONE);
    new_proxy(t, a.get(t, 0), cb)
}

/// `_remove_dead_weakref(dict, key)`: deletes `dict[key]` if it is a dead weak reference.
pub fn remove_dead_weakref(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "_remove_dead_weakref", 2, 2)?;
    let d = a.get(t, 0);
    if !dict::is_dict(t, d) {
        let msg = format!(
            "_remove_dead_weakref() argument 1 must be dict, not {}",
            type_::type_name_of(t, d)
        );
        return Err(t.type_error(&msg));
    }
    let v = dict::get(t, d, a.get(t, 1))?;
    if let Some(v) = v {
        if is_weak(t, v) && referent(t, v).is_none() {
            dict::remove(t, a.get(t, 0), a.get(t, 1))?;
        }
    }
    Ok(Value::NONE)
}

/// Calls the callbacks of the weak references whose referents the collector found dead
/// (`gc` invariant 7), oldest first; an exception is reported as unraisable ("Exception
/// ignored in: <callback>"), as CPython's `handle_callback` does. Runs at safe points only.
pub fn run_callbacks(t: &mut Thread) {
    while let Some(w) = t.heap.pop_weak_cleared() {
        let mark = t.handle_mark();
        let hw = t.root(w);
        let cb = t.heap.slot(w, CALLBACK);
        let hcb = t.root(cb);
        // A callback runs once: afterwards `__callback__` is None, as in CPython.
        t.heap.set_slot(w, CALLBACK, Value::NONE);
        if !cb.is_none() && protocol::call(t, cb, &[t.get(hw)]).is_err() {
            let exc = t.take_exception();
            let he = t.root(exc);
            let what = protocol::repr_string(t, t.get(hcb))
                .unwrap_or_else(|_| "<weakref callback>".to_string());
            t.exception = Value::UNBOUND;
            crate::interpreter::traceback::print_unraisable(t, t.get(he), &what);
        }
        t.handle_release(mark);
    }
}

/// Fills the namespaces of the weak reference types.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::WeakRef);
    crate::objects::native_type::register_builtin(t, "weakref.ReferenceType", ty);
    let h = t.root(ty);
    native::add_static(t, t.get(h), "__new__", ref_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__init__", ref_init),
        ("__call__", ref_call),
        ("__hash__", ref_hash),
        ("__eq__", ref_eq),
        ("__ne__", ref_ne),
        ("__repr__", ref_repr),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    crate::objects::descriptors::add_getset(t, t.get(h), "__callback__", ref_callback, None)?;
    crate::objects::sequence::add_class_getitem(t, t.get(h))?;
    let m = pystr::new_str(t, "weakref")?;
    let d = type_::type_dict(t, t.get(h));
    dict::set_str(t, d, "__module__", m)?;

    for (bt, key) in [
        (BuiltinType::WeakProxy, "weakref.ProxyType"),
        (BuiltinType::WeakCallableProxy, "weakref.CallableProxyType"),
    ] {
        let ty = t.ty(bt);
        crate::objects::native_type::register_builtin(t, key, ty);
        let h = t.root(ty);
        crate::objects::native_type::forbid_new(t, t.get(h))?;
        let methods: &[(&'static str, native::NativeFn)] = &[
            ("__getattribute__", proxy_getattribute),
            ("__getattr__", proxy_getattribute),
            ("__setattr__", proxy_setattr),
            ("__delattr__", proxy_delattr),
            ("__repr__", proxy_repr),
            ("__str__", proxy_str),
            ("__bool__", proxy_bool),
            ("__len__", proxy_len),
            ("__iter__", proxy_iter),
            ("__next__", proxy_next),
            ("__getitem__", proxy_getitem),
            ("__setitem__", proxy_setitem),
            ("__delitem__", proxy_delitem),
            ("__contains__", proxy_contains),
            ("__lt__", proxy_lt),
            ("__le__", proxy_le),
            ("__eq__", proxy_eq),
            ("__ne__", proxy_ne),
            ("__gt__", proxy_gt),
            ("__ge__", proxy_ge),
        ];
        for (name, f) in methods {
            native::add_method(t, t.get(h), name, *f)?;
        }
        for (name, f) in PROXY_BINARIES {
            native::add_method(t, t.get(h), name, *f)?;
        }
        for (name, f) in PROXY_UNARIES {
            native::add_method(t, t.get(h), name, *f)?;
        }
        if bt == BuiltinType::WeakCallableProxy {
            native::add_method(t, t.get(h), "__call__", proxy_call)?;
        }
        let d = type_::type_dict(t, t.get(h));
        dict::set_str(t, d, "__hash__", Value::NONE)?;
        let m = pystr::new_str(t, "weakref")?;
        let d = type_::type_dict(t, t.get(h));
        dict::set_str(t, d, "__module__", m)?;
    }
    Ok(())
}

//! The abstract object protocol: the operations every value supports (`repr`, `hash`,
//! equality and rich comparison, truth, length, iteration, item access), dispatching to Rust
//! fast paths for builtin types and to special methods looked up on the type otherwise.
//! Attribute access is in `attr.rs`, calls in `call.rs`, arithmetic in `number.rs`.
//!
//! Special methods are looked up on the *type* (never the instance), as CPython does.

pub mod attr;
pub mod call;
pub mod number;

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, float, int, list, str as pystr, tuple, type_};
use crate::thread::Thread;

pub use attr::{delattr, getattr, getattr_str, hasattr_str, setattr};
pub use call::{call, call_method, call_with_kw};
pub use number::{binary_op, unary_op};

/// A special-method name: a fixed symbol (`sym::__len__`), or a Rust string (resolved
/// to its fixed symbol, or interned).
pub trait SpecialName: Copy {
    fn symbol(self, t: &mut Thread) -> PyResult<crate::symbols::Symbol>;
}

impl SpecialName for crate::symbols::Symbol {
    #[inline]
    fn symbol(self, _t: &mut Thread) -> PyResult<crate::symbols::Symbol> {
        Ok(self)
    }
}

impl SpecialName for &str {
    fn symbol(self, t: &mut Thread) -> PyResult<crate::symbols::Symbol> {
        match crate::symbols::known(self) {
            Some(s) => Ok(s),
            None => t.intern(self),
        }
    }
}

/// Looks up special method `name` on `type(obj)` and calls it with `obj` and `args`.
/// Returns None (Rust) when the type has no such method.
pub fn call_special(
    t: &mut Thread,
    obj: Value,
    name: impl SpecialName,
    args: &[Value],
) -> PyResult<Option<Value>> {
    let mark = t.handle_mark();
    let ho = t.root(obj);
    // Handles are consecutive: the arguments are `ho + 1 ..`, re-read after the lookup
    // (which may allocate when `name` is not interned yet).
    for a in args {
        t.root(*a);
    }
    let sym = name.symbol(t)?;
    let ty = t.type_of(t.get(ho));
    let m = type_::lookup_sym(t, ty, sym);
    let Some(m) = m else {
        t.handle_release(mark);
        return Ok(None);
    };
    let r = if args.len() < 4 {
        let mut all = [Value::NONE; 4];
        for (i, slot) in all.iter_mut().enumerate().take(args.len() + 1) {
            *slot = t.handle_at(mark, i);
        }
        call::call_unbound(t, m, &all[..args.len() + 1])
    } else {
        let all: Vec<Value> = (0..=args.len()).map(|i| t.handle_at(mark, i)).collect();
        call::call_unbound(t, m, &all)
    };
    t.handle_release(mark);
    r.map(Some)
}

/// `repr(v)` as a str value.
pub fn repr(t: &mut Thread, v: Value) -> PyResult<Value> {
    if v.is_heap() && t.heap.layout_id(v) == BuiltinType::Int.layout() {
        // Big ints obey the int/str conversion digit limit.
        let s = int::repr_checked(t, v)?;
        return pystr::new_str(t, &s);
    }
    if let Some(s) = fast_repr(t, v) {
        return pystr::new_str(t, &s);
    }
    match call_special(t, v, crate::symbols::sym::__repr__, &[])? {
        Some(r) if pystr::is_str(t, r) => Ok(r),
        Some(r) => {
            let msg = format!(
                "__repr__ returned non-string (type {})",
                type_::type_name_of(t, r)
            );
            Err(t.type_error(&msg))
        }
        None => {
            let s = default_repr(t, v);
            pystr::new_str(t, &s)
        }
    }
}

/// `repr(v)` as a Rust string.
pub fn repr_string(t: &mut Thread, v: Value) -> PyResult<String> {
    let r = repr(t, v)?;
    Ok(pystr::to_rust_string(t, r))
}

/// `<module.Class object at 0x...>`.
pub fn default_repr(t: &mut Thread, v: Value) -> String {
    let ty = t.type_of(v);
    if type_::type_flags(t, ty) & type_::flags::NATIVE != 0 {
        // Native modules' types print their tp_name ("module.Name").
        let name = type_::type_name_of(t, v);
        let id = identity(t, v);
        return format!("<{name} object at {:#x}>", id);
    }
    let name = type_::type_name(t, ty);
    let id = identity(t, v);
    let module = type_module_prefix(t, ty);
    format!("<{module}{name} object at {:#x}>", id)
}

/// "module." for classes and native modules' types (CPython's `type_module`), "" for the
/// builtins.
fn type_module_prefix(t: &mut Thread, ty: Value) -> String {
    // Heap types and native-module types (whose CPython tp_name is "module.name") show
    // their module; the builtins do not.
    if type_::type_flags(t, ty) & (type_::flags::HEAPTYPE | type_::flags::NATIVE) == 0 {
        return String::new();
    }
    let d = type_::type_dict(t, ty);
    match dict::get_rust_str(t, d, "__module__") {
        Ok(Some(m)) if pystr::is_str(t, m) => {
            let m = pystr::to_rust_string(t, m);
            if m == "builtins" {
                String::new()
            } else {
                format!("{m}.")
            }
        }
        _ => String::new(),
    }
}

/// A stable identity number for `id()` and default reprs.
pub fn identity(t: &mut Thread, v: Value) -> u64 {
    if v.is_heap() {
        // Identity hashes are 30-bit and unique enough for reprs; id() uniqueness beyond
        // that is FIXME(id-table).
        0x7f00_0000_0000 + (t.heap.identity_hash(v) << 4)
    } else {
        v.raw()
    }
}

/// Reprs of builtin values that need no Python calls.
fn fast_repr(t: &mut Thread, v: Value) -> Option<String> {
    if v.is_small_int() {
        return Some(v.as_small_int().to_string());
    }
    if v.is_none() {
        return Some("None".into());
    }
    if v.is_bool() {
        return Some(if v.is_true() { "True" } else { "False" }.into());
    }
    if v.is_ellipsis() {
        return Some("Ellipsis".into());
    }
    if v.is_not_implemented() {
        return Some("NotImplemented".into());
    }
    if pystr::is_exact_str(t, v) {
        return Some(pystr::with_str_bytes(t, v, |_, b| {
            pystr::repr_string(&String::from_utf8_lossy(b))
        }));
    }
    if !v.is_heap() {
        return None;
    }
    let l = t.heap.layout_id(v);
    if l == BuiltinType::Int.layout() {
        return Some(int::repr(t, v));
    }
    if l == BuiltinType::Float.layout() {
        return Some(float::repr_f64(float::float_value(t, v)));
    }
    if l == BuiltinType::Bytes.layout() {
        return Some(crate::objects::bytes::repr_bytes(t.heap.bytes(v)));
    }
    None
}

/// `str(v)` as a str value.
pub fn str_(t: &mut Thread, v: Value) -> PyResult<Value> {
    if pystr::is_exact_str(t, v) {
        return Ok(v);
    }
    if v.is_small_int() || v.is_none() || v.is_bool() {
        return repr(t, v);
    }
    match call_special(t, v, crate::symbols::sym::__str__, &[])? {
        Some(r) if pystr::is_str(t, r) => Ok(r),
        Some(r) => {
            let msg = format!(
                "__str__ returned non-string (type {})",
                type_::type_name_of(t, r)
            );
            Err(t.type_error(&msg))
        }
        None => repr(t, v),
    }
}

/// `str(v)` as a Rust string.
pub fn str_string(t: &mut Thread, v: Value) -> PyResult<String> {
    let s = str_(t, v)?;
    Ok(pystr::to_rust_string(t, s))
}

pub(crate) const HASH_MODULUS: i64 = (1 << 61) - 1;

/// CPython's hash of an integer (reduction modulo 2**61 - 1, -1 mapped to -2).
pub fn hash_i64(i: i64) -> i64 {
    let neg = i < 0;
    let m = (i.unsigned_abs() % HASH_MODULUS as u64) as i64;
    let h = if neg { -m } else { m };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython's hash of a float (equal to the int hash for integral values).
pub fn hash_f64(f: f64) -> i64 {
    if f.is_nan() {
        return 0;
    }
    if f.is_infinite() {
        return if f > 0.0 { 314159 } else { -314159 };
    }
    let (mut m, mut e) = frexp(f);
    let sign = if m < 0.0 {
        m = -m;
        -1i64
    } else {
        1
    };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & HASH_MODULUS as u64) | (x >> (61 - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= HASH_MODULUS as u64 {
            x -= HASH_MODULUS as u64;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    };
    x = ((x << e) & HASH_MODULUS as u64) | (x >> (61 - e));
    let h = (x as i64) * sign;
    if h == -1 {
        -2
    } else {
        h
    }
}

fn frexp(f: f64) -> (f64, i32) {
    if f == 0.0 {
        return (f, 0);
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(f * (1u64 << 54) as f64);
        return (m, e - 54);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, e)
}

/// `hash(v)`.
pub fn hash(t: &mut Thread, v: Value) -> PyResult<i64> {
    if v.is_small_int() {
        return Ok(hash_i64(v.as_small_int()));
    }
    if pystr::is_exact_str(t, v) {
        return Ok(pystr::str_hash(t, v));
    }
    if v.is_bool() {
        return Ok(v.is_true() as i64);
    }
    if v.is_none() || v.is_not_implemented() || v.is_ellipsis() {
        return Ok((v.raw() >> 4) as i64);
    }
    let l = t.heap.layout_id(v);
    if l == BuiltinType::Float.layout() {
        return Ok(hash_f64(float::float_value(t, v)));
    }
    if l == BuiltinType::Int.layout() {
        let b = int::to_bigint(t, v);
        let m = num_bigint::BigInt::from(HASH_MODULUS);
        let r: num_bigint::BigInt = &b % &m;
        let r = num_traits::ToPrimitive::to_i64(&r).unwrap_or(0);
        return Ok(if r == -1 { -2 } else { r });
    }
    if l == BuiltinType::Tuple.layout() {
        return hash_tuple(t, v);
    }
    let ty = t.type_of(v);
    let hty = t.root(ty);
    let hv = t.root(v);
    match type_::lookup_sym(t, t.get(hty), crate::symbols::sym::__hash__) {
        Some(h) if h.is_none() => {
            let msg = format!("unhashable type: '{}'", type_::tp_name(t, t.get(hty))?);
            Err(t.type_error(&msg))
        }
        Some(h) => {
            let r = call::call_unbound(t, h, &[t.get(hv)])?;
            if let Some(i) = int::to_i64(t, r).filter(|_| int::is_int(t, r)) {
                Ok(if i == -1 { -2 } else { i })
            } else if int::is_int(t, r) {
                Ok(hash(t, r)?)
            } else {
                Err(t.type_error("__hash__ method should return an integer"))
            }
        }
        None => Ok((t.heap.identity_hash(t.get(hv)) >> 0) as i64),
    }
}

/// CPython's tuple hash (xxHash-based, 3.8+).
fn hash_tuple(t: &mut Thread, tup: Value) -> PyResult<i64> {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let h = t.root(tup);
    let n = tuple::len(t, tup);
    let mut acc: u64 = P5;
    for i in 0..n {
        let item = tuple::get(t, t.get(h), i);
        let lane = hash(t, item)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((n as u64) ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        return Ok(1546275796);
    }
    Ok(acc as i64)
}

/// `a == b` as a bool.
pub fn eq(t: &mut Thread, a: Value, b: Value) -> PyResult<bool> {
    if a == b {
        // Identity implies equality for containers' purposes (CPython's PyObject_RichCompareBool),
        // NaN included.
        return Ok(true);
    }
    let r = rich_compare(t, a, b, CompareOp::Eq)?;
    truthy(t, r)
}

/// Rich comparison `a op b` with CPython's reflected-operand and fallback rules.
pub fn rich_compare(t: &mut Thread, a: Value, b: Value, op: CompareOp) -> PyResult<Value> {
    if let Some(r) = number::fast_compare(t, a, b, op) {
        return Ok(r);
    }
    use crate::symbols::sym;
    let ta = t.type_of(a);
    let tb = t.type_of(b);
    if matches!(op, CompareOp::Eq | CompareOp::Ne)
        && inherits_object_eq(t, ta)
        && (ta == tb || inherits_object_eq(t, tb))
    {
        // Both sides compare by identity (object.__eq__/__ne__): no method calls needed.
        return Ok(Value::from_bool((a == b) == (op == CompareOp::Eq)));
    }
    let ha = t.root(a);
    let hb = t.root(b);
    let names = [
        sym::__lt__,
        sym::__le__,
        sym::__eq__,
        sym::__ne__,
        sym::__gt__,
        sym::__ge__,
    ];
    let reflected_first = ta != tb && type_::is_subtype(t, tb, ta);
    let mut tried_reflected = false;
    if reflected_first {
        tried_reflected = true;
        let r = call_special(t, t.get(hb), names[op.swapped() as usize], &[t.get(ha)])?;
        if let Some(r) = r {
            if !r.is_not_implemented() {
                return Ok(r);
            }
        }
    }
    let r = call_special(t, t.get(ha), names[op as usize], &[t.get(hb)])?;
    if let Some(r) = r {
        if !r.is_not_implemented() {
            return Ok(r);
        }
    }
    if !tried_reflected {
        let r = call_special(t, t.get(hb), names[op.swapped() as usize], &[t.get(ha)])?;
        if let Some(r) = r {
            if !r.is_not_implemented() {
                return Ok(r);
            }
        }
    }
    match op {
        CompareOp::Eq => Ok(Value::from_bool(t.get(ha) == t.get(hb))),
        CompareOp::Ne => Ok(Value::from_bool(t.get(ha) != t.get(hb))),
        _ => {
            let msg = format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                type_::type_name_of(t, t.get(ha)),
                type_::type_name_of(t, t.get(hb))
            );
            Err(t.type_error(&msg))
        }
    }
}

/// Whether `ty`'s `__eq__` and `__ne__` are `object`'s own (equality is identity).
fn inherits_object_eq(t: &mut Thread, ty: Value) -> bool {
    use crate::symbols::sym;
    let is_object = |t: &mut Thread, s| match type_::lookup_sym(t, ty, s) {
        Some(m) => attr::is_object_method(t, m),
        None => true,
    };
    is_object(t, sym::__eq__) && is_object(t, sym::__ne__)
}

/// `bool(v)`.
pub fn truthy(t: &mut Thread, v: Value) -> PyResult<bool> {
    if v.is_bool() {
        return Ok(v.is_true());
    }
    if v.is_none() {
        return Ok(false);
    }
    if v.is_small_int() {
        return Ok(v.as_small_int() != 0);
    }
    if v.is_small_str() {
        return Ok(v.small_str_len() != 0);
    }
    let l = t.heap.layout_id(v);
    if l == BuiltinType::List.layout() {
        return Ok(list::len(t, v) != 0);
    }
    if l == BuiltinType::Tuple.layout() {
        return Ok(tuple::len(t, v) != 0);
    }
    if l == BuiltinType::Dict.layout() {
        return Ok(dict::len(t, v) != 0);
    }
    if l == BuiltinType::Float.layout() {
        return Ok(float::float_value(t, v) != 0.0);
    }
    if l == BuiltinType::Str.layout() || l == BuiltinType::Int.layout() {
        return Ok(true);
    }
    let h = t.root(v);
    if let Some(r) = call_special(t, v, crate::symbols::sym::__bool__, &[])? {
        if r.is_bool() {
            return Ok(r.is_true());
        }
        let msg = format!(
            "__bool__ should return bool, returned {}",
            type_::type_name_of(t, r)
        );
        return Err(t.type_error(&msg));
    }
    if let Some(r) = call_special(t, t.get(h), crate::symbols::sym::__len__, &[])? {
        return Ok(len_result(t, r)? != 0);
    }
    Ok(true)
}

fn len_result(t: &mut Thread, r: Value) -> PyResult<usize> {
    if !int::is_int(t, r) {
        let msg = format!(
            "'{}' object cannot be interpreted as an integer",
            type_::type_name_of(t, r)
        );
        return Err(t.type_error(&msg));
    }
    match int::to_i64(t, r) {
        Some(n) if n >= 0 => Ok(n as usize),
        Some(_) => Err(t.value_error("__len__() should return >= 0")),
        None => Err(t.overflow_error("cannot fit 'int' into an index-sized integer")),
    }
}

/// CPython's `PyObject_LengthHint`: `len(v)` when the type has `__len__` (a TypeError from
/// it falls through), else `v.__length_hint__()` (NotImplemented or absent: `default`).
/// Consumers preallocate from it, so a huge hint is a MemoryError there, as in CPython.
pub fn length_hint(t: &mut Thread, v: Value, default: usize) -> PyResult<usize> {
    if t.layout_of(v) == BuiltinType::Generator.layout() {
        return Ok(default);
    }
    let h = t.root(v);
    let ty = t.type_of(v);
    if type_::lookup_sym(t, ty, crate::symbols::sym::__len__).is_some() {
        match len(t, t.get(h)) {
            Ok(n) => return Ok(n),
            Err(_) if t.exception_matches(BuiltinType::TypeError) => {
                t.take_exception();
            }
            Err(e) => return Err(e),
        }
    }
    let Some(r) = call_special(t, t.get(h), "__length_hint__", &[])? else {
        return Ok(default);
    };
    if r == Value::NOT_IMPLEMENTED {
        return Ok(default);
    }
    if !int::is_int(t, r) {
        let msg = format!(
            "__length_hint__ must be an integer, not {}",
            type_::type_name_of(t, r)
        );
        return Err(t.type_error(&msg));
    }
    match int::to_i64(t, r) {
        Some(n) if n >= 0 => Ok(n as usize),
        Some(_) => Err(t.value_error("__length_hint__() should return >= 0")),
        None => Err(t.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

/// `len(v)`.
pub fn len(t: &mut Thread, v: Value) -> PyResult<usize> {
    if v.is_small_str() {
        return Ok(pystr::char_len(t, v));
    }
    if v.is_heap() {
        let l = t.heap.layout_id(v);
        if l == BuiltinType::List.layout() {
            return Ok(list::len(t, v));
        }
        if l == BuiltinType::Tuple.layout() {
            return Ok(tuple::len(t, v));
        }
        if l == BuiltinType::Str.layout() {
            return Ok(pystr::char_len(t, v));
        }
        if l == BuiltinType::Dict.layout() {
            return Ok(dict::len(t, v));
        }
    }
    match call_special(t, v, crate::symbols::sym::__len__, &[])? {
        Some(r) => len_result(t, r),
        None => {
            let msg = format!(
                "object of type '{}' has no len()",
                type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

/// `iter(v)`.
pub fn iter(t: &mut Thread, v: Value) -> PyResult<Value> {
    // Exact builtin iterables and iterators (their `__iter__` cannot be overridden).
    if let Some(it) = crate::objects::iterators::fast_iter(t, v)? {
        return Ok(it);
    }
    let h = t.root(v);
    if let Some(r) = call_special(t, v, crate::symbols::sym::__iter__, &[])? {
        if !has_next(t, r)? {
            let msg = format!(
                "iter() returned non-iterator of type '{}'",
                type_::type_name_of(t, r)
            );
            return Err(t.type_error(&msg));
        }
        return Ok(r);
    }
    let v = t.get(h);
    let ty = t.type_of(v);
    if type_::lookup_sym(t, ty, crate::symbols::sym::__getitem__).is_some() {
        let v = t.get(h);
        return t.new_object(BuiltinType::SeqIterator.layout(), &[v, Value::small_int(0)]);
    }
    let msg = format!(
        "'{}' object is not iterable",
        type_::type_name_of(t, t.get(h))
    );
    Err(t.type_error(&msg))
}

fn has_next(t: &mut Thread, it: Value) -> PyResult<bool> {
    let ty = t.type_of(it);
    Ok(type_::lookup_sym(t, ty, crate::symbols::sym::__next__).is_some())
}

/// `next(it)`: Some(value), or None (Rust) when exhausted (StopIteration is not raised).
pub fn next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    if let Some(r) = crate::objects::iterators::fast_next(t, it)? {
        return Ok(r);
    }
    if t.layout_of(it) == BuiltinType::Generator.layout() {
        // Callers of `next` drop a finished generator's return value, as for loops do.
        return crate::interpreter::generator::next_value(t, it);
    }
    if it.is_heap() {
        let l = t.heap.layout_id(it);
        if let Some(&(_, f)) = t.native_iternext.iter().find(|(nl, _)| *nl == l) {
            // Called from the dispatch loop too (FOR_ITER): release the handles it creates.
            let mark = t.handle_mark();
            let r = f(t, it);
            t.handle_release(mark);
            // A StopIteration raised inside the step (by a callable it ran) ends the
            // iteration, as it does when `__next__` raises it.
            if r.is_err() && t.exception_matches(BuiltinType::StopIteration) {
                t.take_exception();
                return Ok(None);
            }
            return r;
        }
    }
    match call_special(t, it, crate::symbols::sym::__next__, &[]) {
        Ok(Some(v)) => Ok(Some(v)),
        Ok(None) => {
            let msg = format!("'{}' object is not an iterator", type_::type_name_of(t, it));
            Err(t.type_error(&msg))
        }
        Err(e) => {
            if t.exception_matches(BuiltinType::StopIteration) {
                t.take_exception();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

/// `obj[key]`.
pub fn getitem(t: &mut Thread, obj: Value, key: Value) -> PyResult<Value> {
    if let Some(r) = crate::objects::sequence::fast_getitem(t, obj, key)? {
        return Ok(r);
    }
    let ho = t.root(obj);
    let hk = t.root(key);
    if let Some(r) = call_special(t, obj, crate::symbols::sym::__getitem__, &[key])? {
        return Ok(r);
    }
    let obj = t.get(ho);
    if obj == t.ty(BuiltinType::Type) {
        // `type[int]`: CPython special-cases `type` itself.
        return crate::objects::generic_alias::new_generic_alias(t, obj, t.get(hk));
    }
    if type_::is_type(t, obj) {
        // Generic alias support (`list[int]`) goes through __class_getitem__.
        let f = getattr_str(t, obj, "__class_getitem__");
        if let Ok(f) = f {
            return call(t, f, &[t.get(hk)]);
        }
        t.take_exception();
        let msg = format!(
            "type '{}' is not subscriptable",
            type_::tp_name(t, t.get(ho))?
        );
        return Err(t.type_error(&msg));
    }
    let msg = format!(
        "'{}' object is not subscriptable",
        type_::type_name_of(t, t.get(ho))
    );
    Err(t.type_error(&msg))
}

/// `obj[key] = value`.
pub fn setitem(t: &mut Thread, obj: Value, key: Value, value: Value) -> PyResult<()> {
    if crate::objects::sequence::fast_setitem(t, obj, key, value)? {
        return Ok(());
    }
    let ho = t.root(obj);
    if call_special(t, obj, crate::symbols::sym::__setitem__, &[key, value])?.is_some() {
        return Ok(());
    }
    let msg = format!(
        "'{}' object does not support item assignment",
        type_::type_name_of(t, t.get(ho))
    );
    Err(t.type_error(&msg))
}

/// `del obj[key]`.
pub fn delitem(t: &mut Thread, obj: Value, key: Value) -> PyResult<()> {
    let ho = t.root(obj);
    let hk = t.root(key);
    if call_special(t, obj, crate::symbols::sym::__delitem__, &[key])?.is_some() {
        return Ok(());
    }
    // CPython words the error after the path PyObject_DelItem took: an index key on a type
    // with sequence methods fails in PySequence_DelItem ("doesn't"), anything else in
    // PyObject_DelItem itself ("does not"). Heap types always carry sequence methods.
    let ty = t.type_of(t.get(ho));
    let hty = t.root(ty);
    let key = t.get(hk);
    let is_index =
        int::is_int(t, key) || type_::lookup_str(t, t.type_of(key), "__index__")?.is_some();
    let has_sequence = type_::type_flags(t, t.get(hty)) & type_::flags::HEAPTYPE != 0
        || type_::lookup_str(t, t.get(hty), "__len__")?.is_some()
        || type_::lookup_str(t, t.get(hty), "__contains__")?.is_some();
    let verb = if is_index && has_sequence {
        "doesn't"
    } else {
        "does not"
    };
    let msg = format!(
        "'{}' object {verb} support item deletion",
        type_::type_name(t, t.get(hty))
    );
    Err(t.type_error(&msg))
}

/// `item in container`.
pub fn contains(t: &mut Thread, container: Value, item: Value) -> PyResult<bool> {
    let hc = t.root(container);
    let hi = t.root(item);
    if let Some(r) = call_special(t, container, crate::symbols::sym::__contains__, &[item])? {
        return truthy(t, r);
    }
    // Fall back to iteration.
    let it = match iter(t, t.get(hc)) {
        Ok(it) => it,
        Err(e) => {
            if t.exception_matches(BuiltinType::TypeError) {
                t.take_exception();
                let msg = format!(
                    "argument of type '{}' is not iterable",
                    type_::type_name_of(t, t.get(hc))
                );
                return Err(t.type_error(&msg));
            }
            return Err(e);
        }
    };
    let hit = t.root(it);
    while let Some(v) = next(t, t.get(hit))? {
        if eq(t, v, t.get(hi))? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `isinstance(obj, cls)` for a single class, honouring `__instancecheck__` on metaclasses.
pub fn isinstance(t: &mut Thread, obj: Value, cls: Value) -> PyResult<bool> {
    let ty = t.type_of(obj);
    if ty == cls {
        return Ok(true);
    }
    if type_::is_type(t, cls) && t.type_of(cls) == t.ty(BuiltinType::Type) {
        if type_::is_subtype(t, ty, cls) {
            return Ok(true);
        }
        // `__class__` may differ from the type (proxies); check it too.
        return Ok(false);
    }
    if tuple::is_tuple(t, cls) {
        let hc = t.root(cls);
        let ho = t.root(obj);
        for i in 0..tuple::len(t, cls) {
            let c = tuple::get(t, t.get(hc), i);
            if isinstance(t, t.get(ho), c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let hc = t.root(cls);
    if let Some(r) = call_special(t, cls, crate::symbols::sym::__instancecheck__, &[obj])? {
        return truthy(t, r);
    }
    let _ = hc;
    Err(t.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union"))
}

/// `issubclass(sub, cls)`.
pub fn issubclass(t: &mut Thread, sub: Value, cls: Value) -> PyResult<bool> {
    if tuple::is_tuple(t, cls) {
        let hc = t.root(cls);
        let hs = t.root(sub);
        for i in 0..tuple::len(t, cls) {
            let c = tuple::get(t, t.get(hc), i);
            if issubclass(t, t.get(hs), c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if type_::is_type(t, cls) && t.type_of(cls) == t.ty(BuiltinType::Type) {
        if !type_::is_type(t, sub) {
            return Err(t.type_error("issubclass() arg 1 must be a class"));
        }
        return Ok(type_::is_subtype(t, sub, cls));
    }
    if let Some(r) = call_special(t, cls, crate::symbols::sym::__subclasscheck__, &[sub])? {
        return truthy(t, r);
    }
    Err(t.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"))
}

/// `tuple(iterable)`.
pub fn to_tuple(t: &mut Thread, iterable: Value) -> PyResult<Value> {
    if tuple::is_exact_tuple(t, iterable) {
        return Ok(iterable);
    }
    let l = to_list(t, iterable)?;
    let items = list::items(t, l);
    tuple::new_tuple(t, &items)
}

/// `list(iterable)` (a new list).
pub fn to_list(t: &mut Thread, iterable: Value) -> PyResult<Value> {
    let hi = t.root(iterable);
    let out = list::new_list(t, 0)?;
    let ho = t.root(out);
    let it = iter(t, t.get(hi))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(v) = next(t, t.get(hit))? else {
            break;
        };
        list::append(t, t.get(ho), v)?;
        t.handle_release(mark);
    }
    Ok(t.get(ho))
}

/// `d.update(mapping)` for a mapping with `keys()` (or a dict).
pub fn dict_update_from_mapping(t: &mut Thread, d: Value, m: Value) -> PyResult<()> {
    let hd = t.root(d);
    let hm = t.root(m);
    if dict::is_dict(t, m) {
        // Walk entries by index, reading each afresh: inserting may allocate and move them.
        let mut i = 0;
        while i < dict::nentries(t, t.get(hm)) {
            if let Some((k, v)) = dict::entry_at(t, t.get(hm), i) {
                let mark = t.handle_mark();
                dict::set(t, t.get(hd), k, v)?;
                t.handle_release(mark);
            }
            i += 1;
        }
        return Ok(());
    }
    let keys = call_method(t, t.get(hm), "keys", &[])?;
    let keys = to_list(t, keys)?;
    let hk = t.root(keys);
    for i in 0..list::len(t, keys) {
        let mark = t.handle_mark();
        let k = list::get(t, t.get(hk), i);
        let hkey = t.root(k);
        let v = getitem(t, t.get(hm), k)?;
        dict::set(t, t.get(hd), t.get(hkey), v)?;
        t.handle_release(mark);
    }
    Ok(())
}

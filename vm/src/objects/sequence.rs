//! Helpers shared by the builtin sequences and containers: index conversion through
//! `__index__`, list/tuple views of arbitrary iterables, lexicographic comparison, the
//! repr-recursion guard, and the interpreter's subscript fast paths (`fast_getitem`,
//! `fast_setitem`) for exact builtin containers.
//!
//! **Invariant:** the fast paths never run Python code for list, tuple and str receivers and
//! never return a stale value: they read the container afresh and allocate at most the
//! result (a one-character str) or the KeyError/IndexError they raise.

use std::sync::atomic::{AtomicUsize, Ordering};

use ember_gc::Value;
use num_bigint::BigInt;
use num_traits::Signed;

use crate::bytecode::CompareOp;
use crate::errors::{PyResult, Raised};
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, int, list, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// Converts `v` to an integer index through `__index__`. Ok(None) when `v` has no
/// `__index__`. Values outside the i64 range are saturated, with the flag set.
pub fn to_index(t: &mut Thread, v: Value) -> PyResult<Option<(i64, bool)>> {
    if v.is_small_int() {
        return Ok(Some((v.as_small_int(), false)));
    }
    let r = if int::is_int(t, v) {
        v
    } else {
        match protocol::call_special(t, v, crate::symbols::sym::__index__, &[])? {
            None => return Ok(None),
            Some(r) => {
                if !int::is_int(t, r) {
                    let msg = format!(
                        "__index__ returned non-int (type {})",
                        type_::type_name_of(t, r)
                    );
                    return Err(t.type_error(&msg));
                }
                r
            }
        }
    };
    match int::to_i64(t, r) {
        Some(i) => Ok(Some((i, false))),
        None => {
            let neg = int::to_bigint(t, r).is_negative();
            Ok(Some((if neg { i64::MIN } else { i64::MAX }, true)))
        }
    }
}

/// As `to_index`, keeping the exact value.
pub fn to_bigint_index(t: &mut Thread, v: Value) -> PyResult<Option<BigInt>> {
    if int::is_int(t, v) {
        return Ok(Some(int::to_bigint(t, v)));
    }
    match protocol::call_special(t, v, crate::symbols::sym::__index__, &[])? {
        None => Ok(None),
        Some(r) if int::is_int(t, r) => Ok(Some(int::to_bigint(t, r))),
        Some(r) => {
            let msg = format!(
                "__index__ returned non-int (type {})",
                type_::type_name_of(t, r)
            );
            Err(t.type_error(&msg))
        }
    }
}

/// An integer argument that must fit an index (`list.insert(i)`, `str.center(width)`):
/// TypeError "'T' object cannot be interpreted as an integer" otherwise, OverflowError when
/// it does not fit.
pub fn index_arg(t: &mut Thread, v: Value) -> PyResult<i64> {
    if v.is_small_int() {
        return Ok(v.as_small_int());
    }
    let hv = t.root(v);
    match to_index(t, v)? {
        Some((i, false)) => Ok(i),
        Some((_, true)) => Err(t.overflow_error("Python int too large to convert to C ssize_t")),
        None => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                type_::type_name_of(t, t.get(hv))
            );
            Err(t.type_error(&msg))
        }
    }
}

/// An optional `start`/`end` argument of `find`/`index`/`count` (None means absent); huge
/// values saturate as CPython's `_PyEval_SliceIndex` does.
pub fn slice_index_arg(t: &mut Thread, v: Option<Value>, default: i64) -> PyResult<i64> {
    match v {
        None => Ok(default),
        Some(v) if v.is_none() => Ok(default),
        Some(v) => match to_index(t, v)? {
            Some((i, _)) => Ok(i),
            None => Err(
                t.type_error("slice indices must be integers or None or have an __index__ method")
            ),
        },
    }
}

/// Clips `(start, end)` of `find`-style methods to a sequence of length `len`
/// (CPython's ADJUST_INDICES).
pub fn adjust_range(start: i64, end: i64, len: usize) -> (usize, usize) {
    let len = len as i64;
    let mut s = start;
    let mut e = end;
    if e > len {
        e = len;
    } else if e < 0 {
        e += len;
        if e < 0 {
            e = 0;
        }
    }
    if s < 0 {
        s += len;
        if s < 0 {
            s = 0;
        }
    }
    (s as usize, e.max(0) as usize)
}

/// Normalises a possibly negative index; None when out of range.
#[inline]
pub fn norm_index(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    if j >= 0 && (j as u64) < len as u64 {
        Some(j as usize)
    } else {
        None
    }
}

/// What a subscript key is.
pub enum Key {
    Index(i64),
    /// An int too large for an index (IndexError "cannot fit 'int' into an index-sized
    /// integer" at the use site).
    Overflow,
    Slice,
    /// Neither: the key's type name, for the TypeError.
    Other(String),
}

/// Classifies a subscript key.
pub fn classify_key(t: &mut Thread, key: Value) -> PyResult<Key> {
    if key.is_small_int() {
        return Ok(Key::Index(key.as_small_int()));
    }
    if crate::objects::slice::is_slice(t, key) {
        return Ok(Key::Slice);
    }
    let hk = t.root(key);
    Ok(match to_index(t, key)? {
        Some((i, false)) => Key::Index(i),
        Some((_, true)) => Key::Overflow,
        None => Key::Other(type_::type_name_of(t, t.get(hk))),
    })
}

#[cold]
pub fn index_overflow(t: &mut Thread) -> Raised {
    t.index_error("cannot fit 'int' into an index-sized integer")
}

/// "`what` indices must be integers or slices, not T" (`type_name` is the key's type).
#[cold]
pub fn bad_index(t: &mut Thread, what: &str, type_name: &str) -> Raised {
    let msg = format!("{what} indices must be integers or slices, not {type_name}");
    t.type_error(&msg)
}

/// The right operand of `seq * n`.
pub enum Repeat {
    /// Repeat this many times.
    Count(i64),
    /// Not an int: return this from `__mul__` (NotImplemented).
    Done(Value),
}

/// Converts the count of `seq * n`. Counts beyond the index range raise OverflowError; a
/// non-int raises "can't multiply sequence by non-int of type 'T'", or gives NotImplemented
/// when the other operand's (user-defined) type reflects the operation.
pub fn repeat_arg(t: &mut Thread, n: Value) -> PyResult<Repeat> {
    if n.is_small_int() {
        return Ok(Repeat::Count(n.as_small_int()));
    }
    let hn = t.root(n);
    if !crate::objects::float::is_float(t, n) {
        match to_index(t, n)? {
            Some((i, false)) => return Ok(Repeat::Count(i)),
            Some((_, true)) => {
                return Err(t.overflow_error("cannot fit 'int' into an index-sized integer"))
            }
            None => {}
        }
    }
    if reflects(t, t.get(hn), "__rmul__")? {
        return Ok(Repeat::Done(Value::NOT_IMPLEMENTED));
    }
    let msg = format!(
        "can't multiply sequence by non-int of type '{}'",
        type_::type_name_of(t, t.get(hn))
    );
    Err(t.type_error(&msg))
}

/// Whether `other` is an instance of a class statement's type that defines `reflected`
/// (`__radd__`...). Builtin sequence operators return NotImplemented only then, so that
/// `[1] + Vec()` reaches `Vec.__radd__` while `[1] + 1` keeps CPython's message (raised by
/// the sequence's `sq_concat` after both number slots declined).
pub fn reflects(t: &mut Thread, other: Value, reflected: &str) -> PyResult<bool> {
    let ty = t.type_of(other);
    if type_::type_flags(t, ty) & type_::flags::HEAPTYPE == 0 {
        return Ok(false);
    }
    Ok(type_::lookup_str(t, ty, reflected)?.is_some())
}

/// Checks that `len * n` items fit (MemoryError otherwise, without trying to allocate).
pub fn check_repeat_size(t: &mut Thread, len: usize, n: usize) -> PyResult<usize> {
    match len.checked_mul(n) {
        Some(total) if total <= (isize::MAX as usize) / 8 && total < (1usize << 40) => Ok(total),
        _ => Err(t.raise_empty(BuiltinType::MemoryError)),
    }
}

/// Largest result (in bytes) built in a Rust buffer before being copied to the heap.
/// FIXME(heap-limit): ask the heap for its real limit instead of this fixed bound.
pub const MAX_BUILD_BYTES: usize = 1 << 32;

/// MemoryError unless a result of `bytes` bytes (None: the size overflowed) can be built.
pub fn check_build_size(t: &mut Thread, bytes: Option<usize>) -> PyResult<usize> {
    match bytes {
        Some(n) if n <= MAX_BUILD_BYTES => Ok(n),
        _ => Err(t.raise_empty(BuiltinType::MemoryError)),
    }
}

/// A C `int` argument (`expandtabs(tabsize)`): OverflowError beyond 32 bits.
pub fn c_int_arg(t: &mut Thread, v: Value) -> PyResult<i64> {
    let i = index_arg(t, v)?;
    if i > i32::MAX as i64 || i < i32::MIN as i64 {
        return Err(t.overflow_error("Python int too large to convert to C int"));
    }
    Ok(i)
}

// ----- list/tuple views -----

/// Whether `v` is a list or tuple (subclasses included).
#[inline]
pub fn is_list_or_tuple(t: &Thread, v: Value) -> bool {
    v.is_heap()
        && matches!(
            t.layouts.get(t.heap.layout_id(v)).native,
            NativeKind::List | NativeKind::Tuple
        )
}

/// Length of a list or tuple.
#[inline]
pub fn seq_len(t: &Thread, v: Value) -> usize {
    if t.layouts.get(t.heap.layout_id(v)).native == NativeKind::List {
        list::len(t, v)
    } else {
        tuple::len(t, v)
    }
}

/// Item `i` of a list or tuple (`i < seq_len`).
#[inline]
pub fn seq_get(t: &Thread, v: Value, i: usize) -> Value {
    if t.layouts.get(t.heap.layout_id(v)).native == NativeKind::List {
        list::get(t, v, i)
    } else {
        tuple::get(t, v, i)
    }
}

/// The items of `iterable` as a list or tuple object: exact lists and tuples themselves,
/// else a new list (CPython's `PySequence_Fast`).
pub fn as_seq(t: &mut Thread, iterable: Value) -> PyResult<Value> {
    if iterable.is_heap() {
        let l = t.heap.layout_id(iterable);
        if l == BuiltinType::List.layout() || l == BuiltinType::Tuple.layout() {
            return Ok(iterable);
        }
    }
    let hi = t.root(iterable);
    let out = list::new_list(t, 0)?;
    let ho = t.root(out);
    list::extend(t, out, t.get(hi))?;
    Ok(t.get(ho))
}

/// `PySequence_Fast(v, msg)`: as `as_seq`, but a TypeError from `iter()` becomes `msg`.
pub fn as_seq_msg(t: &mut Thread, iterable: Value, msg: &str) -> PyResult<Value> {
    let h = t.root(iterable);
    match as_seq(t, iterable) {
        Ok(v) => Ok(v),
        Err(e) => {
            if t.exception_matches(BuiltinType::TypeError) && !is_iterable(t, t.get(h))? {
                t.take_exception();
                return Err(t.type_error(msg));
            }
            Err(e)
        }
    }
}

/// Whether the type of `v` has `__iter__` or `__getitem__`.
pub fn is_iterable(t: &mut Thread, v: Value) -> PyResult<bool> {
    let ty = t.type_of(v);
    let h = t.root(ty);
    if type_::lookup_sym(t, ty, crate::symbols::sym::__iter__).is_some() {
        return Ok(true);
    }
    Ok(type_::lookup_sym(t, t.get(h), crate::symbols::sym::__getitem__).is_some())
}

/// Lexicographic rich comparison of two lists or two tuples (CPython's
/// `list_richcompare`/`tuple_richcompare`). Items are read afresh on every step because
/// comparisons may run Python code that mutates a list.
pub fn compare_sequences(t: &mut Thread, a: Value, b: Value, op: CompareOp) -> PyResult<Value> {
    check_recursion(t, " in comparison")?;
    let ha = t.root(a);
    let hb = t.root(b);
    let (la, lb) = (seq_len(t, a), seq_len(t, b));
    if la != lb && matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(Value::from_bool(op == CompareOp::Ne));
    }
    let mut i = 0;
    loop {
        let (a, b) = (t.get(ha), t.get(hb));
        if i >= seq_len(t, a) || i >= seq_len(t, b) {
            break;
        }
        let (x, y) = (seq_get(t, a, i), seq_get(t, b, i));
        let mark = t.handle_mark();
        let same = protocol::eq(t, x, y)?;
        t.handle_release(mark);
        if !same {
            break;
        }
        i += 1;
    }
    let (a, b) = (t.get(ha), t.get(hb));
    let (la, lb) = (seq_len(t, a), seq_len(t, b));
    if i >= la || i >= lb {
        let r = match op {
            CompareOp::Lt => la < lb,
            CompareOp::Le => la <= lb,
            CompareOp::Eq => la == lb,
            CompareOp::Ne => la != lb,
            CompareOp::Gt => la > lb,
            CompareOp::Ge => la >= lb,
        };
        return Ok(Value::from_bool(r));
    }
    match op {
        CompareOp::Eq => Ok(Value::FALSE),
        CompareOp::Ne => Ok(Value::TRUE),
        _ => {
            let (x, y) = (seq_get(t, a, i), seq_get(t, b, i));
            protocol::rich_compare(t, x, y, op)
        }
    }
}

/// `x in seq` for a list or tuple: identity, then `==`, re-reading the length each step.
pub fn seq_contains(t: &mut Thread, seq: Value, x: Value) -> PyResult<bool> {
    let hs = t.root(seq);
    let hx = t.root(x);
    let mut i = 0;
    while i < seq_len(t, t.get(hs)) {
        let item = seq_get(t, t.get(hs), i);
        let mark = t.handle_mark();
        let found = protocol::eq(t, item, t.get(hx))?;
        t.handle_release(mark);
        if found {
            return Ok(true);
        }
        i += 1;
    }
    Ok(false)
}

/// Number of items equal to `x` in a list or tuple.
pub fn seq_count(t: &mut Thread, seq: Value, x: Value) -> PyResult<usize> {
    let hs = t.root(seq);
    let hx = t.root(x);
    let mut n = 0;
    let mut i = 0;
    while i < seq_len(t, t.get(hs)) {
        let item = seq_get(t, t.get(hs), i);
        let mark = t.handle_mark();
        if protocol::eq(t, item, t.get(hx))? {
            n += 1;
        }
        t.handle_release(mark);
        i += 1;
    }
    Ok(n)
}

/// First index of `x` in `seq[start:stop]` (list or tuple), if any.
pub fn seq_index(
    t: &mut Thread,
    seq: Value,
    x: Value,
    start: i64,
    stop: i64,
) -> PyResult<Option<usize>> {
    let hs = t.root(seq);
    let hx = t.root(x);
    let (mut i, _) = adjust_range(start, stop, seq_len(t, seq));
    loop {
        let n = seq_len(t, t.get(hs));
        let (_, end) = adjust_range(start, stop, n);
        if i >= end {
            return Ok(None);
        }
        let item = seq_get(t, t.get(hs), i);
        let mark = t.handle_mark();
        let found = protocol::eq(t, item, t.get(hx))?;
        t.handle_release(mark);
        if found {
            return Ok(Some(i));
        }
        i += 1;
    }
}

// ----- repr recursion guard -----

/// Index in `t.globals.extra` of the list of objects whose repr is in progress.
static REPR_GUARD: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Reserves the repr guard's slot in `t.globals.extra` (called from `list::init`).
pub fn init_repr_guard(t: &mut Thread) -> PyResult<()> {
    let l = list::new_list(t, 8)?;
    t.globals.extra.push(l);
    REPR_GUARD.store(t.globals.extra.len() - 1, Ordering::Relaxed);
    Ok(())
}

fn guard_list(t: &mut Thread) -> PyResult<Value> {
    let i = REPR_GUARD.load(Ordering::Relaxed);
    if let Some(&v) = t.globals.extra.get(i) {
        if v.is_heap() && t.heap.layout_id(v) == BuiltinType::List.layout() {
            return Ok(v);
        }
    }
    init_repr_guard(t)?;
    guard_list(t)
}

/// CPython's `_Py_EnterRecursiveCall(where)` for the container operations that recurse
/// into their items (repr, comparison): RecursionError past the recursion limit, with
/// CPython's message, before the generic native-call check would fire.
pub fn check_recursion(t: &mut Thread, what: &str) -> PyResult<()> {
    if t.depth > t.recursion_limit {
        let msg = format!("maximum recursion depth exceeded{what}");
        return Err(t.raise_msg(BuiltinType::RecursionError, &msg));
    }
    Ok(())
}

/// CPython's `Py_ReprEnter`: Ok(false) when `obj`'s repr is already in progress (the caller
/// prints `[...]`), else records it and returns Ok(true); pair with `repr_leave`.
pub fn repr_enter(t: &mut Thread, obj: Value) -> PyResult<bool> {
    check_recursion(t, " while getting the repr of an object")?;
    let h = t.root(obj);
    let g = guard_list(t)?;
    let obj = t.get(h);
    if list::items(t, g).contains(&obj) {
        return Ok(false);
    }
    list::append(t, g, obj)?;
    Ok(true)
}

/// CPython's `Py_ReprLeave`.
pub fn repr_leave(t: &mut Thread, obj: Value) {
    let Ok(g) = guard_list(t) else {
        return;
    };
    let n = list::len(t, g);
    for i in (0..n).rev() {
        if list::get(t, g, i) == obj {
            list::remove_at(t, g, i);
            return;
        }
    }
}

/// Reprs of the items of a list or tuple joined by ", " (items read afresh: a repr may
/// mutate the list).
pub fn repr_items(t: &mut Thread, seq: Value) -> PyResult<String> {
    let hs = t.root(seq);
    let mut out = String::new();
    let mut i = 0;
    while i < seq_len(t, t.get(hs)) {
        let item = seq_get(t, t.get(hs), i);
        let mark = t.handle_mark();
        let r = protocol::repr(t, item)?;
        if i > 0 {
            out.push_str(", ");
        }
        pystr::with_str(t, r, |s| out.push_str(s));
        t.handle_release(mark);
        i += 1;
    }
    Ok(out)
}

// ----- interpreter fast paths -----

/// `obj[key]` for builtin sequences and mappings without Python calls: Some(result) when
/// handled, None (Rust) to fall back to `__getitem__`.
pub fn fast_getitem(t: &mut Thread, obj: Value, key: Value) -> PyResult<Option<Value>> {
    // Called straight from the dispatch loop, which does not release handles between
    // instructions: release ours here so a long loop does not accumulate them.
    let mark = t.handle_mark();
    let r = fast_getitem_inner(t, obj, key);
    t.handle_release(mark);
    r
}

fn fast_getitem_inner(t: &mut Thread, obj: Value, key: Value) -> PyResult<Option<Value>> {
    if !obj.is_heap() {
        if obj.is_small_str() && key.is_small_int() {
            return pystr::getitem_index(t, obj, key.as_small_int()).map(Some);
        }
        return Ok(None);
    }
    let l = t.heap.layout_id(obj);
    if key.is_small_int() {
        let i = key.as_small_int();
        if l == BuiltinType::List.layout() {
            let n = list::len(t, obj);
            return match norm_index(i, n) {
                Some(j) => Ok(Some(list::get(t, obj, j))),
                None => Err(t.index_error("list index out of range")),
            };
        }
        if l == BuiltinType::Tuple.layout() {
            let n = tuple::len(t, obj);
            return match norm_index(i, n) {
                Some(j) => Ok(Some(tuple::get(t, obj, j))),
                None => Err(t.index_error("tuple index out of range")),
            };
        }
        if l == BuiltinType::Str.layout() {
            return pystr::getitem_index(t, obj, i).map(Some);
        }
    }
    if crate::objects::slice::is_slice(t, key) && simple_slice(t, key) {
        if l == BuiltinType::List.layout() {
            return list::getitem(t, obj, key).map(Some);
        }
        if l == BuiltinType::Tuple.layout() {
            return tuple::getitem(t, obj, key).map(Some);
        }
        if l == BuiltinType::Str.layout() {
            return pystr::getitem(t, obj, key).map(Some);
        }
    }
    if l == BuiltinType::Dict.layout() {
        let hk = t.root(key);
        return match dict::get(t, obj, key)? {
            Some(v) => Ok(Some(v)),
            None => Err(t.key_error(t.get(hk))),
        };
    }
    Ok(None)
}

/// `item in container` for exact builtin containers without a Python-level
/// `__contains__` call: Some(result) when handled. (For `protocol::contains`'s fast path.)
pub fn fast_contains(t: &mut Thread, container: Value, item: Value) -> PyResult<Option<bool>> {
    let mark = t.handle_mark();
    let r = fast_contains_inner(t, container, item);
    t.handle_release(mark);
    r
}

fn fast_contains_inner(t: &mut Thread, container: Value, item: Value) -> PyResult<Option<bool>> {
    if !container.is_heap() {
        return Ok(None);
    }
    let l = t.heap.layout_id(container);
    if l == BuiltinType::List.layout() || l == BuiltinType::Tuple.layout() {
        return seq_contains(t, container, item).map(Some);
    }
    if l == BuiltinType::Dict.layout() {
        return dict::contains(t, container, item).map(Some);
    }
    if l == BuiltinType::Set.layout() || l == BuiltinType::FrozenSet.layout() {
        return crate::objects::set::contains(t, container, item).map(Some);
    }
    Ok(None)
}

/// Whether a slice's bounds are None or SmallInts (slicing it runs no Python code).
fn simple_slice(t: &Thread, s: Value) -> bool {
    (0..3).all(|i| {
        let v = t.heap.slot(s, i);
        v.is_none() || v.is_small_int()
    })
}

/// `obj[key] = value` for builtin containers; Ok(false) to fall back to `__setitem__`.
pub fn fast_setitem(t: &mut Thread, obj: Value, key: Value, value: Value) -> PyResult<bool> {
    let mark = t.handle_mark();
    let r = fast_setitem_inner(t, obj, key, value);
    t.handle_release(mark);
    r
}

fn fast_setitem_inner(t: &mut Thread, obj: Value, key: Value, value: Value) -> PyResult<bool> {
    if !obj.is_heap() {
        return Ok(false);
    }
    let l = t.heap.layout_id(obj);
    if l == BuiltinType::List.layout() && key.is_small_int() {
        let n = list::len(t, obj);
        return match norm_index(key.as_small_int(), n) {
            Some(j) => {
                list::set(t, obj, j, value);
                Ok(true)
            }
            None => Err(t.index_error("list assignment index out of range")),
        };
    }
    if l == BuiltinType::Dict.layout() {
        dict::set(t, obj, key, value)?;
        return Ok(true);
    }
    if l == BuiltinType::List.layout() && crate::objects::slice::is_slice(t, key) {
        list::setitem(t, obj, key, value)?;
        return Ok(true);
    }
    Ok(false)
}

/// Registers `__class_getitem__` on the builtin generic container types: `list[int]` is a
/// `types.GenericAlias`.
pub fn add_class_getitem(t: &mut Thread, ty: Value) -> PyResult<()> {
    crate::objects::native::add_classmethod(
        t,
        ty,
        "__class_getitem__",
        crate::objects::generic_alias::class_getitem,
    )
}

// ----- argument-count checks with CPython's messages (self excluded from the counts) -----

/// A METH_NOARGS method: "list.copy() takes no arguments (1 given)".
pub fn check_noargs(
    t: &mut Thread,
    a: crate::objects::native::Args,
    qualname: &str,
) -> PyResult<()> {
    if a.nkw > 0 {
        return Err(t.type_error(&format!("{qualname}() takes no keyword arguments")));
    }
    if a.len() != 1 {
        let msg = format!("{qualname}() takes no arguments ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    Ok(())
}

/// A METH_O method: "list.append() takes exactly one argument (0 given)".
pub fn check_one(t: &mut Thread, a: crate::objects::native::Args, qualname: &str) -> PyResult<()> {
    if a.nkw > 0 {
        return Err(t.type_error(&format!("{qualname}() takes no keyword arguments")));
    }
    if a.len() != 2 {
        let msg = format!(
            "{qualname}() takes exactly one argument ({} given)",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

/// An Argument Clinic positional range: "get expected at least 1 argument, got 0".
pub fn check_range(
    t: &mut Thread,
    a: crate::objects::native::Args,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<()> {
    if a.nkw > 0 {
        return Err(t.type_error(&format!("{name}() takes no keyword arguments")));
    }
    let n = a.len() - 1;
    if n >= min && n <= max {
        return Ok(());
    }
    let s = |k: usize| if k == 1 { "" } else { "s" };
    let msg = if min == max {
        format!("{name} expected {min} argument{}, got {n}", s(min))
    } else if n < min {
        format!("{name} expected at least {min} argument{}, got {n}", s(min))
    } else {
        format!("{name} expected at most {max} argument{}, got {n}", s(max))
    };
    Err(t.type_error(&msg))
}

/// The checks of CPython's `tp_new_wrapper` for `T.__new__(cls, ...)`: `cls` must be a
/// subtype of builtin `bt`.
pub fn check_new(t: &mut Thread, a: crate::objects::native::Args, bt: BuiltinType) -> PyResult<()> {
    let name = bt.name();
    if a.is_empty() {
        return Err(t.type_error(&format!("{name}.__new__(): not enough arguments")));
    }
    let cls = a.get(t, 0);
    if !type_::is_type(t, cls) {
        let tn = type_::type_name_of(t, cls);
        return Err(t.type_error(&format!("{name}.__new__(X): X is not a type object ({tn})")));
    }
    if !type_::is_subtype(t, cls, t.ty(bt)) {
        let c = type_::type_name(t, cls);
        return Err(t.type_error(&format!(
            "{name}.__new__({c}): {c} is not a subtype of {name}"
        )));
    }
    Ok(())
}

/// Adds nothing: sequences have no type of their own (kept for the `init` convention).
pub fn init(_t: &mut Thread) -> PyResult<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_index_handles_negatives() {
        assert_eq!(norm_index(0, 3), Some(0));
        assert_eq!(norm_index(-1, 3), Some(2));
        assert_eq!(norm_index(-3, 3), Some(0));
        assert_eq!(norm_index(-4, 3), None);
        assert_eq!(norm_index(3, 3), None);
        assert_eq!(norm_index(i64::MIN, 3), None);
    }

    #[test]
    fn adjust_range_matches_cpython() {
        assert_eq!(adjust_range(0, i64::MAX, 5), (0, 5));
        assert_eq!(adjust_range(-2, i64::MAX, 5), (3, 5));
        assert_eq!(adjust_range(-10, -1, 5), (0, 4));
        assert_eq!(adjust_range(7, 9, 5), (7, 5));
    }
}

//! `list`: a growable sequence. Slots: 0 = items array (an `_array` Slots object whose length
//! is the capacity), 1 = length (SmallInt). Subclass instances share the same two slots.
//!
//! **Invariant:** slots `len..capacity` of the items array hold None (never a stale
//! reference), so shrinking a list always clears the vacated slots.
//!
//! Sorting lives in `list_sort.rs`.

#[path = "list_sort.rs"]
pub mod sort;

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::sequence::{self, Key};
use crate::objects::{dict, slice, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

pub const ITEMS: usize = 0;
pub const LEN: usize = 1;

/// Allocates an empty list with room for `capacity` items.
pub fn new_list(t: &mut Thread, capacity: usize) -> PyResult<Value> {
    let arr = t.alloc_slots(BuiltinType::Array.layout(), capacity, Value::NONE)?;
    t.new_object(BuiltinType::List.layout(), &[arr, Value::small_int(0)])
}

/// Allocates a list holding `items`.
pub fn new_list_from(t: &mut Thread, items: &[Value]) -> PyResult<Value> {
    let arr = t.new_object(BuiltinType::Array.layout(), items)?;
    t.new_object(
        BuiltinType::List.layout(),
        &[arr, Value::small_int(items.len() as i64)],
    )
}

pub fn is_list(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::List
}

#[inline]
pub fn is_exact_list(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::List.layout()
}

#[inline]
pub fn len(t: &Thread, list: Value) -> usize {
    t.heap.slot(list, LEN).as_small_int() as usize
}

#[inline]
pub fn get(t: &Thread, list: Value, i: usize) -> Value {
    t.heap.slot(t.heap.slot(list, ITEMS), i)
}

#[inline]
pub fn set(t: &mut Thread, list: Value, i: usize, v: Value) {
    let arr = t.heap.slot(list, ITEMS);
    t.heap.set_slot(arr, i, v);
}

#[inline]
fn set_len(t: &mut Thread, list: Value, n: usize) {
    t.heap.set_slot(list, LEN, Value::small_int(n as i64));
}

/// Ensures capacity for `extra` more items.
pub fn reserve(t: &mut Thread, list: Value, extra: usize) -> PyResult<()> {
    let n = len(t, list);
    let arr = t.heap.slot(list, ITEMS);
    let cap = t.heap.count(arr);
    let need = match n.checked_add(extra) {
        Some(x) => x,
        None => return Err(t.raise_empty(BuiltinType::MemoryError)),
    };
    if need <= cap {
        return Ok(());
    }
    let new_cap = need.max(cap + (cap >> 1) + 4);
    let hl = t.root(list);
    let new_arr = t.alloc_slots(BuiltinType::Array.layout(), new_cap, Value::NONE)?;
    let list = t.get(hl);
    let old = t.heap.slot(list, ITEMS);
    t.heap.copy_slots(new_arr, 0, old, 0, n);
    t.heap.set_slot(list, ITEMS, new_arr);
    Ok(())
}

/// `list.append(v)`; `v` is rooted across the possible growth.
pub fn append(t: &mut Thread, list: Value, v: Value) -> PyResult<()> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = append_impl(t, list, v);
    t.handle_release(mark);
    r
}

fn append_impl(t: &mut Thread, list: Value, v: Value) -> PyResult<()> {
    let n = len(t, list);
    let arr = t.heap.slot(list, ITEMS);
    if n < t.heap.count(arr) {
        t.heap.set_slot(arr, n, v);
        t.heap.set_slot(list, LEN, Value::small_int(n as i64 + 1));
        return Ok(());
    }
    let hl = t.root(list);
    let hv = t.root(v);
    reserve(t, list, 1)?;
    let list = t.get(hl);
    let v = t.get(hv);
    let arr = t.heap.slot(list, ITEMS);
    t.heap.set_slot(arr, n, v);
    t.heap.set_slot(list, LEN, Value::small_int(n as i64 + 1));
    Ok(())
}

/// A copy of the items.
pub fn items(t: &Thread, list: Value) -> Vec<Value> {
    let n = len(t, list);
    t.heap.slots(t.heap.slot(list, ITEMS))[..n].to_vec()
}

/// Removes item `i` (< len), shifting the rest down. Never allocates.
pub fn remove_at(t: &mut Thread, list: Value, i: usize) -> Value {
    let n = len(t, list);
    let arr = t.heap.slot(list, ITEMS);
    let v = t.heap.slot(arr, i);
    t.heap.copy_slots(arr, i, arr, i + 1, n - i - 1);
    t.heap.set_slot(arr, n - 1, Value::NONE);
    set_len(t, list, n - 1);
    v
}

/// Inserts `v` before index `i` (<= len).
pub fn insert(t: &mut Thread, list: Value, i: usize, v: Value) -> PyResult<()> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = insert_impl(t, list, i, v);
    t.handle_release(mark);
    r
}

fn insert_impl(t: &mut Thread, list: Value, i: usize, v: Value) -> PyResult<()> {
    let hl = t.root(list);
    let hv = t.root(v);
    reserve(t, list, 1)?;
    let list = t.get(hl);
    let n = len(t, list);
    let arr = t.heap.slot(list, ITEMS);
    t.heap.copy_slots(arr, i + 1, arr, i, n - i);
    let v = t.get(hv);
    t.heap.set_slot(arr, i, v);
    set_len(t, list, n + 1);
    Ok(())
}

/// Removes every item (keeping a small array).
pub fn clear(t: &mut Thread, list: Value) -> PyResult<()> {
    let h = t.root(list);
    let arr = t.alloc_slots(BuiltinType::Array.layout(), 0, Value::NONE)?;
    let list = t.get(h);
    t.heap.set_slot(list, ITEMS, arr);
    set_len(t, list, 0);
    Ok(())
}

/// `list.extend(iterable)`, with fast paths for lists and tuples (a list extended by itself
/// copies its items first).
pub fn extend(t: &mut Thread, list: Value, iterable: Value) -> PyResult<()> {
    let hl = t.root(list);
    let hi = t.root(iterable);
    // Only exact lists and tuples (and the list itself): a subclass may override __iter__.
    let l = t.layout_of(iterable);
    if l == BuiltinType::List.layout() || l == BuiltinType::Tuple.layout() || iterable == list {
        let n = sequence::seq_len(t, iterable);
        reserve(t, list, n)?;
        let (list, src) = (t.get(hl), t.get(hi));
        let base = len(t, list);
        let arr = t.heap.slot(list, ITEMS);
        if is_list(t, src) {
            let sarr = t.heap.slot(src, ITEMS);
            t.heap.copy_slots(arr, base, sarr, 0, n);
        } else {
            let tv = tuple::tuple_value(t, src);
            t.heap.copy_slots(arr, base, tv, 0, n);
        }
        set_len(t, list, base + n);
        return Ok(());
    }
    if dict::is_dict(t, iterable) && t.heap.layout_id(iterable) == BuiltinType::Dict.layout() {
        let mut i = 0;
        while i < dict::nentries(t, t.get(hi)) {
            if let Some((k, _)) = dict::entry_at(t, t.get(hi), i) {
                append(t, t.get(hl), k)?;
            }
            i += 1;
        }
        return Ok(());
    }
    // Preallocate from the length hint, as CPython's list_extend does (an impossible
    // size fails here with MemoryError instead of after filling the heap).
    let hint = protocol::length_hint(t, t.get(hi), 8)?;
    if hint > 8 {
        reserve(t, t.get(hl), hint)?;
    }
    let it = protocol::iter(t, t.get(hi))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(v) = protocol::next(t, t.get(hit))? else {
            break;
        };
        append(t, t.get(hl), v)?;
        t.handle_release(mark);
    }
    Ok(())
}

/// `list(iterable)` as a new exact list.
pub fn from_iterable(t: &mut Thread, iterable: Value) -> PyResult<Value> {
    let hi = t.root(iterable);
    let cap = if sequence::is_list_or_tuple(t, iterable) {
        sequence::seq_len(t, iterable)
    } else {
        0
    };
    let l = new_list(t, cap)?;
    let hl = t.root(l);
    extend(t, l, t.get(hi))?;
    Ok(t.get(hl))
}

/// A new list of items `start, start+step, ...` (`n` of them) of the list `src`.
pub fn slice_of(t: &mut Thread, src: Value, start: i64, step: i64, n: usize) -> PyResult<Value> {
    let h = t.root(src);
    let l = new_list(t, n)?;
    let src = t.get(h);
    let arr = t.heap.slot(l, ITEMS);
    if step == 1 {
        let sarr = t.heap.slot(src, ITEMS);
        t.heap.copy_slots(arr, 0, sarr, start as usize, n);
    } else {
        for k in 0..n {
            let v = get(t, src, (start + step * k as i64) as usize);
            t.heap.set_slot(arr, k, v);
        }
    }
    set_len(t, l, n);
    Ok(l)
}

/// `list[key]`.
pub fn getitem(t: &mut Thread, list: Value, key: Value) -> PyResult<Value> {
    let h = t.root(list);
    match sequence::classify_key(t, key)? {
        Key::Index(i) => {
            let list = t.get(h);
            match sequence::norm_index(i, len(t, list)) {
                Some(j) => Ok(get(t, list, j)),
                None => Err(t.index_error("list index out of range")),
            }
        }
        Key::Overflow => Err(sequence::index_overflow(t)),
        Key::Slice => {
            let (start, step, count) = slice::indices_for(t, key, t.get(h), len)?;
            slice_of(t, t.get(h), start, step, count)
        }
        Key::Other(tn) => Err(sequence::bad_index(t, "list", &tn)),
    }
}

/// Replaces `list[lo:hi]` by the items of the list or tuple `v` (CPython's
/// `list_ass_slice`, with `v` already materialised and not aliasing `list`).
fn assign_range(t: &mut Thread, list: Value, lo: usize, hi: usize, v: Value) -> PyResult<()> {
    let hl = t.root(list);
    let hv = t.root(v);
    let m = if v.is_none() {
        0
    } else {
        sequence::seq_len(t, v)
    };
    let n = len(t, list);
    let lo = lo.min(n);
    let hi = hi.clamp(lo, n);
    let d = hi - lo;
    if m > d {
        reserve(t, list, m - d)?;
    }
    let list = t.get(hl);
    let arr = t.heap.slot(list, ITEMS);
    // Move the tail.
    t.heap.copy_slots(arr, lo + m, arr, hi, n - hi);
    let new_len = n - d + m;
    if new_len < n {
        t.heap.fill_slots(arr, new_len, n, Value::NONE);
    }
    let v = t.get(hv);
    for k in 0..m {
        let x = sequence::seq_get(t, v, k);
        t.heap.set_slot(arr, lo + k, x);
    }
    set_len(t, list, new_len);
    Ok(())
}

/// `list[slice] = value` (value None = deletion).
fn set_slice(t: &mut Thread, list: Value, key: Value, value: Value) -> PyResult<()> {
    let hl = t.root(list);
    let hk = t.root(key);
    // Materialise the new items first: iterating may run code that changes the list.
    let seq = if value.is_none() {
        Value::NONE
    } else if value == list {
        let items = items(t, list);
        tuple::new_tuple(t, &items)?
    } else {
        sequence::as_seq_msg(t, value, "can only assign an iterable")?
    };
    let hs = t.root(seq);
    let (start, stop, step) = slice::unpack(t, t.get(hk))?;
    let n = len(t, t.get(hl));
    let (start, stop, count) = slice::adjust(n, start, stop, step);
    if step == 1 {
        let lo = start.max(0) as usize;
        let hi = (stop.max(start)).max(0) as usize;
        return assign_range(t, t.get(hl), lo, hi, t.get(hs));
    }
    let list = t.get(hl);
    if t.get(hs).is_none() {
        // Extended-slice deletion: keep the items not selected.
        if count == 0 {
            return Ok(());
        }
        let n = len(t, list);
        let mut drop = vec![false; n];
        for k in 0..count {
            drop[(start + step * k as i64) as usize] = true;
        }
        let arr = t.heap.slot(list, ITEMS);
        let mut w = 0;
        for (r, d) in drop.iter().enumerate() {
            if !d {
                let v = t.heap.slot(arr, r);
                t.heap.set_slot(arr, w, v);
                w += 1;
            }
        }
        t.heap.fill_slots(arr, w, n, Value::NONE);
        set_len(t, list, w);
        return Ok(());
    }
    let m = sequence::seq_len(t, t.get(hs));
    if m != count {
        let msg =
            format!("attempt to assign sequence of size {m} to extended slice of size {count}");
        return Err(t.value_error(&msg));
    }
    for k in 0..count {
        let x = sequence::seq_get(t, t.get(hs), k);
        set(t, t.get(hl), (start + step * k as i64) as usize, x);
    }
    Ok(())
}

/// `list[key] = value`.
pub fn setitem(t: &mut Thread, list: Value, key: Value, value: Value) -> PyResult<()> {
    let hl = t.root(list);
    let hv = t.root(value);
    match sequence::classify_key(t, key)? {
        Key::Index(i) => {
            let list = t.get(hl);
            match sequence::norm_index(i, len(t, list)) {
                Some(j) => {
                    let v = t.get(hv);
                    set(t, list, j, v);
                    Ok(())
                }
                None => Err(t.index_error("list assignment index out of range")),
            }
        }
        Key::Overflow => Err(sequence::index_overflow(t)),
        Key::Slice => set_slice(t, t.get(hl), key, t.get(hv)),
        Key::Other(tn) => Err(sequence::bad_index(t, "list", &tn)),
    }
}

/// `del list[key]`.
pub fn delitem(t: &mut Thread, list: Value, key: Value) -> PyResult<()> {
    let hl = t.root(list);
    match sequence::classify_key(t, key)? {
        Key::Index(i) => {
            let list = t.get(hl);
            match sequence::norm_index(i, len(t, list)) {
                Some(j) => {
                    remove_at(t, list, j);
                    Ok(())
                }
                None => Err(t.index_error("list assignment index out of range")),
            }
        }
        Key::Overflow => Err(sequence::index_overflow(t)),
        Key::Slice => set_slice(t, t.get(hl), key, Value::NONE),
        Key::Other(tn) => Err(sequence::bad_index(t, "list", &tn)),
    }
}

/// `list * n` as a new list.
pub fn repeat(t: &mut Thread, list: Value, n: Value) -> PyResult<Value> {
    let h = t.root(list);
    let count = match sequence::repeat_arg(t, n)? {
        sequence::Repeat::Count(c) => c,
        sequence::Repeat::Done(v) => return Ok(v),
    };
    let n = len(t, t.get(h));
    if count <= 0 || n == 0 {
        return new_list(t, 0);
    }
    let total = sequence::check_repeat_size(t, n, count as usize)?;
    let out = new_list(t, total)?;
    let src = t.heap.slot(t.get(h), ITEMS);
    let arr = t.heap.slot(out, ITEMS);
    for k in 0..count as usize {
        t.heap.copy_slots(arr, k * n, src, 0, n);
    }
    set_len(t, out, total);
    Ok(out)
}

// ----- natives -----

fn list_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::List)?;
    let cls = a.get(t, 0);
    if cls == t.ty(BuiltinType::List) {
        return new_list(t, 0);
    }
    let layout = type_::instance_layout(t, cls);
    let num = t.layouts.get(layout).num_slots as usize;
    let arr = t.alloc_slots(BuiltinType::Array.layout(), 0, Value::NONE)?;
    let ha = t.root(arr);
    let obj = t.alloc_slots(layout, num.max(2), Value::NONE)?;
    t.heap.set_slot(obj, ITEMS, t.get(ha));
    set_len(t, obj, 0);
    Ok(obj)
}

fn list_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.nkw > 0 {
        return Err(t.type_error("list() takes no keyword arguments"));
    }
    let n = a.len() - 1;
    if n > 1 {
        let msg = format!("list expected at most 1 argument, got {n}");
        return Err(t.type_error(&msg));
    }
    clear(t, a.get(t, 0))?;
    if n == 1 {
        extend(t, a.get(t, 0), a.get(t, 1))?;
    }
    Ok(Value::NONE)
}

fn list_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let l = a.get(t, 0);
    if len(t, l) == 0 {
        return pystr::new_str(t, "[]");
    }
    if !sequence::repr_enter(t, l)? {
        return pystr::new_str(t, "[...]");
    }
    let r = sequence::repr_items(t, a.get(t, 0));
    sequence::repr_leave(t, a.get(t, 0));
    pystr::new_str(t, &format!("[{}]", r?))
}

fn list_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(len(t, a.get(t, 0)) as i64))
}

fn list_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "list.__getitem__")?;
    getitem(t, a.get(t, 0), a.get(t, 1))
}

fn list_setitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "__setitem__", 2, 2)?;
    setitem(t, a.get(t, 0), a.get(t, 1), a.get(t, 2))?;
    Ok(Value::NONE)
}

fn list_delitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "list.__delitem__")?;
    delitem(t, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::NONE)
}

fn list_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(sequence::seq_contains(
        t,
        a.get(t, 0),
        a.get(t, 1),
    )?))
}

fn list_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    t.new_object(
        BuiltinType::ListIterator.layout(),
        &[a.get(t, 0), Value::small_int(0)],
    )
}

fn list_reversed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let n = len(t, a.get(t, 0)) as i64;
    t.new_object(
        BuiltinType::ListReverseIterator.layout(),
        &[a.get(t, 0), Value::small_int(n - 1)],
    )
}

fn list_add(t: &mut Thread, a: Args) -> PyResult<Value> {
    let y = a.get(t, 1);
    if !is_list(t, y) {
        if sequence::reflects(t, y, "__radd__")? {
            return Ok(Value::NOT_IMPLEMENTED);
        }
        let msg = format!(
            "can only concatenate list (not \"{}\") to list",
            type_::type_name_of(t, a.get(t, 1))
        );
        return Err(t.type_error(&msg));
    }
    let (nx, ny) = (len(t, a.get(t, 0)), len(t, y));
    let out = new_list(t, nx + ny)?;
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    let arr = t.heap.slot(out, ITEMS);
    let (xa, ya) = (t.heap.slot(x, ITEMS), t.heap.slot(y, ITEMS));
    t.heap.copy_slots(arr, 0, xa, 0, nx);
    t.heap.copy_slots(arr, nx, ya, 0, ny);
    set_len(t, out, nx + ny);
    Ok(out)
}

fn list_iadd(t: &mut Thread, a: Args) -> PyResult<Value> {
    extend(t, a.get(t, 0), a.get(t, 1))?;
    Ok(a.get(t, 0))
}

fn list_mul(t: &mut Thread, a: Args) -> PyResult<Value> {
    repeat(t, a.get(t, 0), a.get(t, 1))
}

fn list_imul(t: &mut Thread, a: Args) -> PyResult<Value> {
    let count = match sequence::repeat_arg(t, a.get(t, 1))? {
        sequence::Repeat::Count(c) => c,
        sequence::Repeat::Done(v) => return Ok(v),
    };
    let l = a.get(t, 0);
    let n = len(t, l);
    if count <= 0 || n == 0 {
        clear(t, l)?;
        return Ok(a.get(t, 0));
    }
    let total = sequence::check_repeat_size(t, n, count as usize)?;
    reserve(t, l, total - n)?;
    let l = a.get(t, 0);
    let arr = t.heap.slot(l, ITEMS);
    for k in 1..count as usize {
        t.heap.copy_slots(arr, k * n, arr, 0, n);
    }
    set_len(t, l, total);
    Ok(l)
}

fn list_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_list(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    sequence::compare_sequences(t, x, y, op)
}

fn list_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    list_compare(t, a, CompareOp::Eq)
}
fn list_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    list_compare(t, a, CompareOp::Ne)
}
fn list_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    list_compare(t, a, CompareOp::Lt)
}
fn list_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    list_compare(t, a, CompareOp::Le)
}
fn list_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    list_compare(t, a, CompareOp::Gt)
}
fn list_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    list_compare(t, a, CompareOp::Ge)
}

fn list_append(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "list.append")?;
    append(t, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::NONE)
}

fn list_extend(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "list.extend")?;
    extend(t, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::NONE)
}

fn list_insert(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "insert")?;
    if a.len() != 3 {
        let msg = format!("insert expected 2 arguments, got {}", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let i = sequence::index_arg(t, a.get(t, 1))?;
    let l = a.get(t, 0);
    let n = len(t, l) as i64;
    let pos = if i < 0 { (i + n).max(0) } else { i.min(n) };
    insert(t, l, pos as usize, a.get(t, 2))?;
    Ok(Value::NONE)
}

fn list_pop(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "pop", 0, 1)?;
    let i = match a.opt(t, 1) {
        Some(v) => sequence::index_arg(t, v)?,
        None => -1,
    };
    let l = a.get(t, 0);
    let n = len(t, l);
    if n == 0 {
        return Err(t.index_error("pop from empty list"));
    }
    match sequence::norm_index(i, n) {
        Some(j) => Ok(remove_at(t, l, j)),
        None => Err(t.index_error("pop index out of range")),
    }
}

fn list_remove(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "list.remove")?;
    match sequence::seq_index(t, a.get(t, 0), a.get(t, 1), 0, i64::MAX)? {
        Some(i) => {
            let l = a.get(t, 0);
            if i < len(t, l) {
                remove_at(t, l, i);
            }
            Ok(Value::NONE)
        }
        None => Err(t.value_error("list.remove(x): x not in list")),
    }
}

fn list_index(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "index", 1, 3)?;
    let start = sequence::slice_index_arg(t, a.opt(t, 2), 0)?;
    let stop = sequence::slice_index_arg(t, a.opt(t, 3), i64::MAX)?;
    match sequence::seq_index(t, a.get(t, 0), a.get(t, 1), start, stop)? {
        Some(i) => Ok(Value::small_int(i as i64)),
        None => {
            let r = protocol::repr_string(t, a.get(t, 1))?;
            Err(t.value_error(&format!("{r} is not in list")))
        }
    }
}

fn list_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "list.count")?;
    Ok(Value::small_int(
        sequence::seq_count(t, a.get(t, 0), a.get(t, 1))? as i64,
    ))
}

fn list_clear(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "list.clear")?;
    clear(t, a.get(t, 0))?;
    Ok(Value::NONE)
}

fn list_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "list.copy")?;
    let n = len(t, a.get(t, 0));
    slice_of(t, a.get(t, 0), 0, 1, n)
}

fn list_reverse(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "list.reverse")?;
    let l = a.get(t, 0);
    let n = len(t, l);
    for i in 0..n / 2 {
        let (x, y) = (get(t, l, i), get(t, l, n - 1 - i));
        set(t, l, i, y);
        set(t, l, n - 1 - i, x);
    }
    Ok(Value::NONE)
}

fn list_sort(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 1 {
        return Err(t.type_error("sort() takes no positional arguments"));
    }
    let mut key = Value::NONE;
    let mut reverse = false;
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "key") {
            key = v;
        } else if pystr::str_eq_rust(t, k, "reverse") {
            let hk = t.root(key);
            reverse = protocol::truthy(t, v)?;
            key = t.get(hk);
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for sort()",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    sort::sort(t, a.get(t, 0), key, reverse)?;
    Ok(Value::NONE)
}

/// Adds the type's methods to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    sequence::init_repr_guard(t)?;
    let ty = t.ty(BuiltinType::List);
    let h = t.root(ty);
    native::add_static(t, ty, "__new__", list_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__init__", list_init),
        ("__repr__", list_repr),
        ("__len__", list_len),
        ("__getitem__", list_getitem),
        ("__setitem__", list_setitem),
        ("__delitem__", list_delitem),
        ("__contains__", list_contains),
        ("__iter__", list_iter),
        ("__reversed__", list_reversed),
        ("__add__", list_add),
        ("__iadd__", list_iadd),
        ("__mul__", list_mul),
        ("__rmul__", list_mul),
        ("__imul__", list_imul),
        ("__eq__", list_eq),
        ("__ne__", list_ne),
        ("__lt__", list_lt),
        ("__le__", list_le),
        ("__gt__", list_gt),
        ("__ge__", list_ge),
        ("append", list_append),
        ("extend", list_extend),
        ("insert", list_insert),
        ("pop", list_pop),
        ("remove", list_remove),
        ("index", list_index),
        ("count", list_count),
        ("clear", list_clear),
        ("copy", list_copy),
        ("reverse", list_reverse),
        ("sort", list_sort),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    sequence::add_class_getitem(t, t.get(h))?;
    type_::define(t, t.get(h), "__hash__", Value::NONE)
}

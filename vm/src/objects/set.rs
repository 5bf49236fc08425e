//! `set` and `frozenset`: open-addressing hash tables that follow CPython's `setobject.c`
//! probe sequence (linear probes of 9, then perturbed jumps), resize policy and update paths
//! (`set_merge`'s table copy, the presized dict path, `set_insert_clean`) exactly, so
//! iteration order — which programs print — matches CPython's for the same hashes.
//!
//! Slots: 0 = table (`_array` of 2 × size values: hash (SmallInt), key), 1 = used (live
//! keys), 2 = fill (live + dummy), 3 = finger (where `pop` resumes), 4 = cached frozenset
//! hash (None until computed). An empty entry is (0, UNBOUND); a dummy (deleted) entry is
//! (-1, UNBOUND). Subclass instances share these slots.
//!
//! Hashes are folded to 63 bits (`dict::fold_hash`) before use; the slot a key lands in is
//! CPython's unless its probe chain runs past a dozen perturbations.

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::dict::{self, fold_hash};
use crate::objects::native::{self, Args};
use crate::objects::{sequence, str as pystr, type_};
use crate::protocol;
use crate::thread::{Handle, Thread};

pub const SET_SLOTS: u32 = 5;
const TABLE: usize = 0;
const USED: usize = 1;
const FILL: usize = 2;
const FINGER: usize = 3;
const HASH: usize = 4;
const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

pub fn new_set(t: &mut Thread) -> PyResult<Value> {
    new_set_of(t, BuiltinType::Set)
}

fn new_set_of(t: &mut Thread, bt: BuiltinType) -> PyResult<Value> {
    let table = new_table(t, MIN_SIZE)?;
    t.new_object(
        bt.layout(),
        &[
            table,
            Value::small_int(0),
            Value::small_int(0),
            Value::small_int(0),
            Value::NONE,
        ],
    )
}

/// A new empty instance of `cls` (set, frozenset or a subclass).
pub fn new_set_of_type(t: &mut Thread, cls: Value) -> PyResult<Value> {
    if cls == t.ty(BuiltinType::Set) {
        return new_set_of(t, BuiltinType::Set);
    }
    if cls == t.ty(BuiltinType::FrozenSet) {
        return new_set_of(t, BuiltinType::FrozenSet);
    }
    let hc = t.root(cls);
    let table = new_table(t, MIN_SIZE)?;
    let htab = t.root(table);
    let layout = type_::instance_layout(t, t.get(hc));
    let num = t.layouts.get(layout).num_slots as usize;
    t.new_object_with(
        layout,
        &[
            t.get(htab),
            Value::small_int(0),
            Value::small_int(0),
            Value::small_int(0),
            Value::NONE,
        ],
        num.saturating_sub(SET_SLOTS as usize),
        Value::NONE,
    )
}

fn new_table(t: &mut Thread, size: usize) -> PyResult<Value> {
    let tab = t.alloc_slots(BuiltinType::Array.layout(), size * 2, Value::UNBOUND)?;
    for i in 0..size {
        t.heap.set_slot(tab, 2 * i, Value::small_int(0));
    }
    Ok(tab)
}

/// A frozenset holding the items of the tuple `items`: the compiler's frozenset constant.
/// CPython builds such a constant twice (the second time from the first one's iteration
/// order, in `merge_consts_recursive`), which decides its table layout; so do we.
pub fn new_frozenset_from(t: &mut Thread, tup: Value) -> PyResult<Value> {
    let hi = t.root(tup);
    let s = new_set_of(t, BuiltinType::FrozenSet)?;
    let hs = t.root(s);
    let n = crate::objects::tuple::len(t, t.get(hi));
    for i in 0..n {
        let k = crate::objects::tuple::get(t, t.get(hi), i);
        add(t, t.get(hs), k)?;
    }
    let order = items(t, t.get(hs));
    let order = crate::objects::tuple::new_tuple(t, &order)?;
    let ho = t.root(order);
    let s2 = new_set_of(t, BuiltinType::FrozenSet)?;
    let hs2 = t.root(s2);
    for i in 0..crate::objects::tuple::len(t, t.get(ho)) {
        let k = crate::objects::tuple::get(t, t.get(ho), i);
        add(t, t.get(hs2), k)?;
    }
    Ok(t.get(hs2))
}

#[inline]
pub fn len(t: &Thread, s: Value) -> usize {
    t.heap.slot(s, USED).as_small_int() as usize
}

fn size(t: &Thread, s: Value) -> usize {
    t.heap.count(t.heap.slot(s, TABLE)) / 2
}

#[inline]
fn fill(t: &Thread, s: Value) -> usize {
    t.heap.slot(s, FILL).as_small_int() as usize
}

/// Entry `i` of the table: the key if live.
pub fn entry_at(t: &Thread, s: Value, i: usize) -> Option<Value> {
    let tab = t.heap.slot(s, TABLE);
    if 2 * i + 1 >= t.heap.count(tab) {
        return None;
    }
    let k = t.heap.slot(tab, 2 * i + 1);
    (!k.is_unbound()).then_some(k)
}

/// Entry `i` with its stored hash.
fn entry_hash_at(t: &Thread, s: Value, i: usize) -> Option<(i64, Value)> {
    let tab = t.heap.slot(s, TABLE);
    let k = t.heap.slot(tab, 2 * i + 1);
    (!k.is_unbound()).then(|| (t.heap.slot(tab, 2 * i).as_small_int(), k))
}

/// Number of table entries (iteration walks `0..table_size`).
pub fn table_size(t: &Thread, s: Value) -> usize {
    size(t, s)
}

/// Live keys in table order.
pub fn items(t: &Thread, s: Value) -> Vec<Value> {
    (0..size(t, s)).filter_map(|i| entry_at(t, s, i)).collect()
}

pub fn is_set_like(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == crate::layout::NativeKind::Set
}

#[inline]
pub fn is_exact_set(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::Set.layout()
}

#[inline]
fn is_exact_any(t: &Thread, v: Value) -> bool {
    v.is_heap()
        && (t.heap.layout_id(v) == BuiltinType::Set.layout()
            || t.heap.layout_id(v) == BuiltinType::FrozenSet.layout())
}

/// Whether `v` is a frozenset (or subclass instance).
pub fn is_frozenset(t: &Thread, v: Value) -> bool {
    is_set_like(t, v) && type_::is_instance_of(t, v, BuiltinType::FrozenSet)
}

enum Found {
    Active(usize),
    /// Free entry index to use and whether it was never used (not a dummy).
    Free(usize, bool),
}

fn find(t: &mut Thread, hs: Handle, hk: Handle, hash: i64) -> PyResult<Found> {
    let hash = fold_hash(hash);
    'restart: loop {
        let s = t.get(hs);
        let mask = size(t, s) - 1;
        let mut i = (hash as u64 as usize) & mask;
        let mut perturb = hash as u64;
        let mut freeslot: Option<usize> = None;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut j = i;
            for _ in 0..=probes {
                let s = t.get(hs);
                let tab = t.heap.slot(s, TABLE);
                let eh = t.heap.slot(tab, 2 * j).as_small_int();
                let ek = t.heap.slot(tab, 2 * j + 1);
                if ek.is_unbound() && eh == 0 {
                    return Ok(match freeslot {
                        Some(f) => Found::Free(f, false),
                        None => Found::Free(j, true),
                    });
                }
                if ek.is_unbound() {
                    if freeslot.is_none() {
                        freeslot = Some(j);
                    }
                } else if eh == hash {
                    let key = t.get(hk);
                    if ek == key {
                        return Ok(Found::Active(j));
                    }
                    let both_str = pystr::is_exact_str(t, ek) && pystr::is_exact_str(t, key);
                    if both_str {
                        if pystr::str_eq(t, ek, key) {
                            return Ok(Found::Active(j));
                        }
                    } else {
                        let htab = t.root(tab);
                        let eq = protocol::eq(t, ek, key)?;
                        let s2 = t.get(hs);
                        if t.heap.slot(s2, TABLE) != t.get(htab) {
                            continue 'restart;
                        }
                        if eq {
                            return Ok(Found::Active(j));
                        }
                    }
                }
                j += 1;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }
}

/// Hashes `key`; a set key that is unhashable is retried as a frozenset (CPython's
/// `set_contains`/`set_discard`), returned in place of the key.
fn hash_key(t: &mut Thread, key: Value) -> PyResult<(Value, i64)> {
    let hk = t.root(key);
    match protocol::hash(t, key) {
        Ok(h) => Ok((t.get(hk), h)),
        Err(e) => {
            let k = t.get(hk);
            if !t.exception_matches(BuiltinType::TypeError)
                || !is_set_like(t, k)
                || is_frozenset(t, k)
            {
                return Err(e);
            }
            t.take_exception();
            let f = make_new(t, t.ty(BuiltinType::FrozenSet), k)?;
            let hf = t.root(f);
            let h = protocol::hash(t, f)?;
            Ok((t.get(hf), h))
        }
    }
}

/// `key in s`.
pub fn contains(t: &mut Thread, s: Value, key: Value) -> PyResult<bool> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = contains_impl(t, s, key);
    t.handle_release(mark);
    r
}

fn contains_impl(t: &mut Thread, s: Value, key: Value) -> PyResult<bool> {
    let hs = t.root(s);
    let (k, h) = hash_key(t, key)?;
    let hk = t.root(k);
    Ok(matches!(find(t, hs, hk, h)?, Found::Active(_)))
}

fn contains_hashed(t: &mut Thread, s: Value, key: Value, hash: i64) -> PyResult<bool> {
    let hs = t.root(s);
    let hk = t.root(key);
    Ok(matches!(find(t, hs, hk, hash)?, Found::Active(_)))
}

/// `s.add(key)`.
pub fn add(t: &mut Thread, s: Value, key: Value) -> PyResult<()> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = add_impl(t, s, key);
    t.handle_release(mark);
    r
}

fn add_impl(t: &mut Thread, s: Value, key: Value) -> PyResult<()> {
    let hs = t.root(s);
    let hk = t.root(key);
    let h = protocol::hash(t, key)?;
    add_hashed(t, hs, hk, h)
}

fn add_hashed(t: &mut Thread, hs: Handle, hk: Handle, hash: i64) -> PyResult<()> {
    let hash = fold_hash(hash);
    match find(t, hs, hk, hash)? {
        Found::Active(_) => Ok(()),
        Found::Free(j, fresh) => {
            let s = t.get(hs);
            let tab = t.heap.slot(s, TABLE);
            let key = t.get(hk);
            t.heap.set_slot(tab, 2 * j, Value::small_int(hash));
            t.heap.set_slot(tab, 2 * j + 1, key);
            let used = len(t, s) + 1;
            t.heap.set_slot(s, USED, Value::small_int(used as i64));
            if !fresh {
                return Ok(());
            }
            let fill = fill(t, s) + 1;
            t.heap.set_slot(s, FILL, Value::small_int(fill as i64));
            let mask = size(t, s) - 1;
            if fill * 5 < mask * 3 {
                return Ok(());
            }
            resize(t, hs, if used > 50000 { used * 2 } else { used * 4 })
        }
    }
}

/// CPython's `set_insert_clean`: places a key known to be absent in a table without dummies.
fn insert_clean(t: &mut Thread, tab: Value, mask: usize, key: Value, hash: i64) {
    let mut i = (hash as u64 as usize) & mask;
    let mut perturb = hash as u64;
    'probe: loop {
        if t.heap.slot(tab, 2 * i + 1).is_unbound() {
            break 'probe;
        }
        if i + LINEAR_PROBES <= mask {
            for _ in 0..LINEAR_PROBES {
                i += 1;
                if t.heap.slot(tab, 2 * i + 1).is_unbound() {
                    break 'probe;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize))
            & mask;
    }
    t.heap.set_slot(tab, 2 * i, Value::small_int(hash));
    t.heap.set_slot(tab, 2 * i + 1, key);
}

fn resize(t: &mut Thread, hs: Handle, minused: usize) -> PyResult<()> {
    let mut newsize = MIN_SIZE;
    while newsize <= minused {
        newsize <<= 1;
    }
    let newtab = new_table(t, newsize)?;
    let s = t.get(hs);
    let old = t.heap.slot(s, TABLE);
    let oldsize = t.heap.count(old) / 2;
    for e in 0..oldsize {
        let k = t.heap.slot(old, 2 * e + 1);
        if k.is_unbound() {
            continue;
        }
        let h = t.heap.slot(old, 2 * e).as_small_int();
        insert_clean(t, newtab, newsize - 1, k, h);
    }
    let s = t.get(hs);
    let used = len(t, s);
    t.heap.set_slot(s, TABLE, newtab);
    t.heap.set_slot(s, FILL, Value::small_int(used as i64));
    Ok(())
}

/// `s.discard(key)`; returns whether it was present.
pub fn discard(t: &mut Thread, s: Value, key: Value) -> PyResult<bool> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = discard_impl(t, s, key);
    t.handle_release(mark);
    r
}

fn discard_impl(t: &mut Thread, s: Value, key: Value) -> PyResult<bool> {
    let hs = t.root(s);
    let (k, h) = hash_key(t, key)?;
    let hk = t.root(k);
    discard_found(t, hs, hk, h)
}

fn discard_found(t: &mut Thread, hs: Handle, hk: Handle, h: i64) -> PyResult<bool> {
    match find(t, hs, hk, h)? {
        Found::Active(j) => {
            let s = t.get(hs);
            let tab = t.heap.slot(s, TABLE);
            t.heap.set_slot(tab, 2 * j, Value::small_int(-1));
            t.heap.set_slot(tab, 2 * j + 1, Value::UNBOUND);
            let used = len(t, s) - 1;
            t.heap.set_slot(s, USED, Value::small_int(used as i64));
            Ok(true)
        }
        Found::Free(..) => Ok(false),
    }
}

fn discard_with_hash(t: &mut Thread, s: Value, key: Value, hash: i64) -> PyResult<bool> {
    let hs = t.root(s);
    let hk = t.root(key);
    discard_found(t, hs, hk, hash)
}

/// Empties the set (a fresh minimum-size table).
pub fn clear(t: &mut Thread, s: Value) -> PyResult<()> {
    let hs = t.root(s);
    let tab = new_table(t, MIN_SIZE)?;
    let s = t.get(hs);
    t.heap.set_slot(s, TABLE, tab);
    t.heap.set_slot(s, USED, Value::small_int(0));
    t.heap.set_slot(s, FILL, Value::small_int(0));
    Ok(())
}

/// CPython's `set_merge`: adds every key of the set `other` to `s`.
fn merge(t: &mut Thread, hs: Handle, other: Value) -> PyResult<()> {
    let ho = t.root(other);
    let s = t.get(hs);
    let other_used = len(t, other);
    if s == other || other_used == 0 {
        return Ok(());
    }
    if (fill(t, s) + other_used) * 5 >= (size(t, s) - 1) * 3 {
        resize(t, hs, (len(t, s) + other_used) * 2)?;
    }
    let (s, other) = (t.get(hs), t.get(ho));
    let other_size = size(t, other);
    if fill(t, s) == 0 && size(t, s) == other_size && fill(t, other) == other_used {
        // Same-size tables and no dummies: copy entry by entry.
        let (tab, otab) = (t.heap.slot(s, TABLE), t.heap.slot(other, TABLE));
        for i in 0..other_size {
            let k = t.heap.slot(otab, 2 * i + 1);
            if !k.is_unbound() {
                let h = t.heap.slot(otab, 2 * i);
                t.heap.set_slot(tab, 2 * i, h);
                t.heap.set_slot(tab, 2 * i + 1, k);
            }
        }
        t.heap
            .set_slot(s, FILL, Value::small_int(other_used as i64));
        t.heap
            .set_slot(s, USED, Value::small_int(other_used as i64));
        return Ok(());
    }
    if fill(t, s) == 0 {
        let tab = t.heap.slot(s, TABLE);
        let mask = size(t, s) - 1;
        t.heap
            .set_slot(s, FILL, Value::small_int(other_used as i64));
        t.heap
            .set_slot(s, USED, Value::small_int(other_used as i64));
        for i in 0..other_size {
            if let Some((h, k)) = entry_hash_at(t, other, i) {
                insert_clean(t, tab, mask, k, h);
            }
        }
        return Ok(());
    }
    let mut i = 0;
    while i < size(t, t.get(ho)) {
        if let Some((h, k)) = entry_hash_at(t, t.get(ho), i) {
            let mark = t.handle_mark();
            let hk = t.root(k);
            add_hashed(t, hs, hk, h)?;
            t.handle_release(mark);
        }
        i += 1;
    }
    Ok(())
}

/// CPython's `set_update_internal`: `s |= other` for any iterable, with the set and
/// exact-dict paths that size the table up front.
pub fn update(t: &mut Thread, s: Value, other: Value) -> PyResult<()> {
    let hs = t.root(s);
    let ho = t.root(other);
    if is_set_like(t, other) {
        return merge(t, hs, other);
    }
    if dict::is_exact_dict(t, other) {
        let n = dict::len(t, other);
        let s = t.get(hs);
        if (fill(t, s) + n) * 5 >= (size(t, s) - 1) * 3 {
            resize(t, hs, (len(t, s) + n) * 2)?;
        }
        let mut i = 0;
        while i < dict::nentries(t, t.get(ho)) {
            if let Some((h, k, _)) = dict::entry_with_hash(t, t.get(ho), i) {
                let mark = t.handle_mark();
                let hk = t.root(k);
                add_hashed(t, hs, hk, h)?;
                t.handle_release(mark);
            }
            i += 1;
        }
        return Ok(());
    }
    let it = protocol::iter(t, other)?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(k) = protocol::next(t, t.get(hit))? else {
            break;
        };
        add(t, t.get(hs), k)?;
        t.handle_release(mark);
    }
    Ok(())
}

/// `make_new_set(cls, iterable)`.
fn make_new(t: &mut Thread, cls: Value, iterable: Value) -> PyResult<Value> {
    let hi = t.root(iterable);
    let s = new_set_of_type(t, cls)?;
    let hs = t.root(s);
    if !iterable.is_unbound() {
        update(t, s, t.get(hi))?;
    }
    Ok(t.get(hs))
}

/// `set(iterable)` as an exact set.
pub fn set_from_iterable(t: &mut Thread, iterable: Value) -> PyResult<Value> {
    make_new(t, t.ty(BuiltinType::Set), iterable)
}

/// The builtin base of `s`'s type: set or frozenset (`make_new_set_basetype`).
fn base_type(t: &Thread, s: Value) -> Value {
    if is_frozenset(t, s) {
        t.ty(BuiltinType::FrozenSet)
    } else {
        t.ty(BuiltinType::Set)
    }
}

/// `s.copy()` (of the base type).
pub fn copy(t: &mut Thread, s: Value) -> PyResult<Value> {
    let cls = base_type(t, s);
    make_new(t, cls, s)
}

/// `set_intersection`.
fn intersection(t: &mut Thread, s: Value, other: Value) -> PyResult<Value> {
    if s == other {
        return copy(t, s);
    }
    let hs = t.root(s);
    let ho = t.root(other);
    let cls = base_type(t, s);
    let result = new_set_of_type(t, cls)?;
    let hr = t.root(result);
    if is_set_like(t, t.get(ho)) {
        let (mut a, mut b) = (t.get(hs), t.get(ho));
        if len(t, b) > len(t, a) {
            std::mem::swap(&mut a, &mut b);
        }
        let (ha, hb) = (t.root(a), t.root(b));
        let mut i = 0;
        while i < size(t, t.get(hb)) {
            if let Some((h, k)) = entry_hash_at(t, t.get(hb), i) {
                let mark = t.handle_mark();
                let hk = t.root(k);
                if contains_hashed(t, t.get(ha), k, h)? {
                    add_hashed(t, hr, hk, h)?;
                }
                t.handle_release(mark);
            }
            i += 1;
        }
        return Ok(t.get(hr));
    }
    let it = protocol::iter(t, t.get(ho))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(k) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let hk = t.root(k);
        let h = protocol::hash(t, k)?;
        if contains_hashed(t, t.get(hs), t.get(hk), h)? {
            add_hashed(t, hr, hk, h)?;
        }
        t.handle_release(mark);
    }
    Ok(t.get(hr))
}

/// Replaces the contents of `s` by those of `tmp` (CPython's `set_swap_bodies`).
fn take_body(t: &mut Thread, s: Value, tmp: Value) {
    for slot in [TABLE, USED, FILL] {
        let v = t.heap.slot(tmp, slot);
        t.heap.set_slot(s, slot, v);
    }
}

/// `set_difference_update_internal`.
pub fn difference_update(t: &mut Thread, s: Value, other: Value) -> PyResult<()> {
    if s == other {
        return clear(t, s);
    }
    let hs = t.root(s);
    let ho = t.root(other);
    if is_set_like(t, other) {
        if len(t, other) >> 3 > len(t, s) {
            let r = intersection(t, s, other)?;
            t.set(ho, r);
        }
        let mut i = 0;
        while i < size(t, t.get(ho)) {
            if let Some((h, k)) = entry_hash_at(t, t.get(ho), i) {
                let mark = t.handle_mark();
                discard_with_hash(t, t.get(hs), k, h)?;
                t.handle_release(mark);
            }
            i += 1;
        }
    } else {
        let it = protocol::iter(t, other)?;
        let hit = t.root(it);
        loop {
            let mark = t.handle_mark();
            let Some(k) = protocol::next(t, t.get(hit))? else {
                break;
            };
            discard(t, t.get(hs), k)?;
            t.handle_release(mark);
        }
    }
    let s = t.get(hs);
    if fill(t, s) - len(t, s) <= (size(t, s) - 1) / 4 {
        return Ok(());
    }
    let used = len(t, s);
    resize(t, hs, if used > 50000 { used * 2 } else { used * 4 })
}

/// `set_difference`.
fn difference(t: &mut Thread, s: Value, other: Value) -> PyResult<Value> {
    let hs = t.root(s);
    let ho = t.root(other);
    let other_size = if is_set_like(t, other) {
        len(t, other)
    } else if dict::is_exact_dict(t, other) {
        dict::len(t, other)
    } else {
        usize::MAX
    };
    if other_size == usize::MAX || (len(t, s) >> 2) > other_size {
        let r = copy(t, s)?;
        let hr = t.root(r);
        difference_update(t, r, t.get(ho))?;
        return Ok(t.get(hr));
    }
    let cls = base_type(t, s);
    let result = new_set_of_type(t, cls)?;
    let hr = t.root(result);
    let other_is_dict = dict::is_exact_dict(t, t.get(ho));
    let mut i = 0;
    while i < size(t, t.get(hs)) {
        if let Some((h, k)) = entry_hash_at(t, t.get(hs), i) {
            let mark = t.handle_mark();
            let hk = t.root(k);
            let found = if other_is_dict {
                dict::contains_hashed(t, t.get(ho), k, h)?
            } else {
                contains_hashed(t, t.get(ho), k, h)?
            };
            if !found {
                add_hashed(t, hr, hk, h)?;
            }
            t.handle_release(mark);
        }
        i += 1;
    }
    Ok(t.get(hr))
}

/// `set_symmetric_difference_update`.
pub fn symmetric_difference_update(t: &mut Thread, s: Value, other: Value) -> PyResult<()> {
    if s == other {
        return clear(t, s);
    }
    let hs = t.root(s);
    let ho = t.root(other);
    if dict::is_exact_dict(t, other) {
        let mut i = 0;
        while i < dict::nentries(t, t.get(ho)) {
            if let Some((h, k, _)) = dict::entry_with_hash(t, t.get(ho), i) {
                let mark = t.handle_mark();
                let hk = t.root(k);
                if !discard_with_hash(t, t.get(hs), k, h)? {
                    add_hashed(t, hs, hk, h)?;
                }
                t.handle_release(mark);
            }
            i += 1;
        }
        return Ok(());
    }
    if !is_set_like(t, other) {
        let cls = base_type(t, s);
        let o = make_new(t, cls, other)?;
        t.set(ho, o);
    }
    let mut i = 0;
    while i < size(t, t.get(ho)) {
        if let Some((h, k)) = entry_hash_at(t, t.get(ho), i) {
            let mark = t.handle_mark();
            let hk = t.root(k);
            if !discard_with_hash(t, t.get(hs), k, h)? {
                add_hashed(t, hs, hk, h)?;
            }
            t.handle_release(mark);
        }
        i += 1;
    }
    Ok(())
}

/// `set_symmetric_difference`.
fn symmetric_difference(t: &mut Thread, s: Value, other: Value) -> PyResult<Value> {
    let hs = t.root(s);
    let cls = base_type(t, s);
    let o = make_new(t, cls, other)?;
    let hr = t.root(o);
    symmetric_difference_update(t, o, t.get(hs))?;
    Ok(t.get(hr))
}

/// `s <= other` (other any iterable).
fn issubset(t: &mut Thread, s: Value, other: Value) -> PyResult<bool> {
    let hs = t.root(s);
    let ho = t.root(other);
    if !is_set_like(t, other) {
        let o = make_new(t, t.ty(BuiltinType::Set), other)?;
        t.set(ho, o);
    }
    if len(t, t.get(hs)) > len(t, t.get(ho)) {
        return Ok(false);
    }
    let mut i = 0;
    while i < size(t, t.get(hs)) {
        if let Some((h, k)) = entry_hash_at(t, t.get(hs), i) {
            let mark = t.handle_mark();
            if !contains_hashed(t, t.get(ho), k, h)? {
                return Ok(false);
            }
            t.handle_release(mark);
        }
        i += 1;
    }
    Ok(true)
}

/// `s >= other` (other any iterable).
fn issuperset(t: &mut Thread, s: Value, other: Value) -> PyResult<bool> {
    if is_set_like(t, other) {
        return issubset(t, other, s);
    }
    let hs = t.root(s);
    let it = protocol::iter(t, other)?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(k) = protocol::next(t, t.get(hit))? else {
            return Ok(true);
        };
        if !contains(t, t.get(hs), k)? {
            return Ok(false);
        }
        t.handle_release(mark);
    }
}

fn isdisjoint(t: &mut Thread, s: Value, other: Value) -> PyResult<bool> {
    if s == other {
        return Ok(len(t, s) == 0);
    }
    let hs = t.root(s);
    let ho = t.root(other);
    if is_exact_any(t, other) {
        let (mut a, mut b) = (s, other);
        if len(t, b) > len(t, a) {
            std::mem::swap(&mut a, &mut b);
        }
        let (ha, hb) = (t.root(a), t.root(b));
        let mut i = 0;
        while i < size(t, t.get(hb)) {
            if let Some((h, k)) = entry_hash_at(t, t.get(hb), i) {
                let mark = t.handle_mark();
                if contains_hashed(t, t.get(ha), k, h)? {
                    return Ok(false);
                }
                t.handle_release(mark);
            }
            i += 1;
        }
        return Ok(true);
    }
    let it = protocol::iter(t, t.get(ho))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(k) = protocol::next(t, t.get(hit))? else {
            return Ok(true);
        };
        if contains(t, t.get(hs), k)? {
            return Ok(false);
        }
        t.handle_release(mark);
    }
}

/// CPython's `frozenset_hash`, cached in slot HASH. Entry hashes are recomputed at full
/// width (the table keeps folded ones).
pub fn frozenset_hash(t: &mut Thread, s: Value) -> PyResult<i64> {
    let c = t.heap.slot(s, HASH);
    if c.is_small_int() {
        return Ok(c.as_small_int());
    }
    let hs = t.root(s);
    let shuffle = |h: u64| ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167);
    let mut hash: u64 = 0;
    let mut i = 0;
    while i < size(t, t.get(hs)) {
        if let Some(k) = entry_at(t, t.get(hs), i) {
            hash ^= shuffle(protocol::hash(t, k)? as u64);
        }
        i += 1;
    }
    let n = len(t, t.get(hs)) as u64;
    hash ^= (n + 1).wrapping_mul(1927868237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69069).wrapping_add(907133923);
    if hash == u64::MAX {
        hash = 590923713;
    }
    let h = hash as i64;
    if let Some(v) = Value::from_i64(h) {
        t.heap.set_slot(t.get(hs), HASH, v);
    }
    Ok(h)
}

/// `repr(s)`: `{1, 2}`, `set()`, `frozenset({1})`, `Sub({1})`.
pub fn repr(t: &mut Thread, s: Value) -> PyResult<String> {
    let hs = t.root(s);
    let name = type_::type_name_of(t, s);
    if !sequence::repr_enter(t, s)? {
        return Ok(format!("{name}(...)"));
    }
    if len(t, s) == 0 {
        sequence::repr_leave(t, t.get(hs));
        return Ok(format!("{name}()"));
    }
    let r = (|| -> PyResult<String> {
        let items = items(t, t.get(hs));
        let l = crate::objects::list::new_list_from(t, &items)?;
        sequence::repr_items(t, l)
    })();
    sequence::repr_leave(t, t.get(hs));
    let body = r?;
    if is_exact_set(t, t.get(hs)) {
        Ok(format!("{{{body}}}"))
    } else {
        Ok(format!("{name}({{{body}}})"))
    }
}

// ----- natives -----

fn set_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_new(t, a, BuiltinType::Set)?;
    new_set_of_type(t, a.get(t, 0))
}

fn set_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.nkw > 0 {
        return Err(t.type_error("set() takes no keyword arguments"));
    }
    let n = a.len() - 1;
    if n > 1 {
        let msg = format!("set expected at most 1 argument, got {n}");
        return Err(t.type_error(&msg));
    }
    let s = a.get(t, 0);
    if fill(t, s) > 0 {
        clear(t, s)?;
    }
    if n == 1 {
        update(t, a.get(t, 0), a.get(t, 1))?;
    }
    Ok(Value::NONE)
}

fn frozenset_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_new(t, a, BuiltinType::FrozenSet)?;
    let cls = a.get(t, 0);
    let exact = cls == t.ty(BuiltinType::FrozenSet);
    if a.nkw > 0 && exact {
        return Err(t.type_error("frozenset() takes no keyword arguments"));
    }
    let n = a.len() - 1;
    if n > 1 {
        let msg = format!("frozenset expected at most 1 argument, got {n}");
        return Err(t.type_error(&msg));
    }
    if n == 1 && exact {
        let it = a.get(t, 1);
        if it.is_heap() && t.heap.layout_id(it) == BuiltinType::FrozenSet.layout() {
            return Ok(it);
        }
    }
    let iterable = if n == 1 { a.get(t, 1) } else { Value::UNBOUND };
    make_new(t, cls, iterable)
}

fn set_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = repr(t, a.get(t, 0))?;
    pystr::new_str(t, &s)
}

fn set_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(len(t, a.get(t, 0)) as i64))
}

fn set_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(contains(t, a.get(t, 0), a.get(t, 1))?))
}

fn set_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = a.get(t, 0);
    let n = Value::small_int(len(t, s) as i64);
    t.new_object(
        BuiltinType::SetIterator.layout(),
        &[s, Value::small_int(0), n, n],
    )
}

fn set_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    let h = frozenset_hash(t, a.get(t, 0))?;
    crate::objects::int::from_i64(t, h)
}

fn set_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (v, w) = (a.get(t, 0), a.get(t, 1));
    if !is_set_like(t, w) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let (lv, lw) = (len(t, v), len(t, w));
    let r = match op {
        CompareOp::Eq | CompareOp::Ne => {
            let eq = lv == lw && issubset(t, v, w)?;
            eq == (op == CompareOp::Eq)
        }
        CompareOp::Le => issubset(t, v, w)?,
        CompareOp::Ge => issuperset(t, v, w)?,
        CompareOp::Lt => lv < lw && issubset(t, v, w)?,
        CompareOp::Gt => lv > lw && issuperset(t, v, w)?,
    };
    Ok(Value::from_bool(r))
}

fn set_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    set_compare(t, a, CompareOp::Eq)
}
fn set_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    set_compare(t, a, CompareOp::Ne)
}
fn set_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    set_compare(t, a, CompareOp::Lt)
}
fn set_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    set_compare(t, a, CompareOp::Le)
}
fn set_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    set_compare(t, a, CompareOp::Gt)
}
fn set_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    set_compare(t, a, CompareOp::Ge)
}

/// Runs a binary set operator on `(x, y)` when both are sets, else NotImplemented.
fn binop(
    t: &mut Thread,
    x: Value,
    y: Value,
    f: fn(&mut Thread, Value, Value) -> PyResult<Value>,
) -> PyResult<Value> {
    if !is_set_like(t, x) || !is_set_like(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    f(t, x, y)
}

fn union2(t: &mut Thread, x: Value, y: Value) -> PyResult<Value> {
    let hy = t.root(y);
    let r = copy(t, x)?;
    let hr = t.root(r);
    update(t, r, t.get(hy))?;
    Ok(t.get(hr))
}

fn set_or(t: &mut Thread, a: Args) -> PyResult<Value> {
    binop(t, a.get(t, 0), a.get(t, 1), union2)
}
fn set_ror(t: &mut Thread, a: Args) -> PyResult<Value> {
    binop(t, a.get(t, 1), a.get(t, 0), union2)
}
fn set_and(t: &mut Thread, a: Args) -> PyResult<Value> {
    binop(t, a.get(t, 0), a.get(t, 1), intersection)
}
fn set_rand(t: &mut Thread, a: Args) -> PyResult<Value> {
    binop(t, a.get(t, 1), a.get(t, 0), intersection)
}
fn set_sub(t: &mut Thread, a: Args) -> PyResult<Value> {
    binop(t, a.get(t, 0), a.get(t, 1), difference)
}
fn set_rsub(t: &mut Thread, a: Args) -> PyResult<Value> {
    binop(t, a.get(t, 1), a.get(t, 0), difference)
}
fn set_xor(t: &mut Thread, a: Args) -> PyResult<Value> {
    binop(t, a.get(t, 0), a.get(t, 1), symmetric_difference)
}
fn set_rxor(t: &mut Thread, a: Args) -> PyResult<Value> {
    binop(t, a.get(t, 1), a.get(t, 0), symmetric_difference)
}

fn inplace(
    t: &mut Thread,
    a: Args,
    f: fn(&mut Thread, Value, Value) -> PyResult<()>,
) -> PyResult<Value> {
    if !is_set_like(t, a.get(t, 1)) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    f(t, a.get(t, 0), a.get(t, 1))?;
    Ok(a.get(t, 0))
}

fn intersection_update(t: &mut Thread, s: Value, other: Value) -> PyResult<()> {
    let hs = t.root(s);
    let r = intersection(t, s, other)?;
    take_body(t, t.get(hs), r);
    Ok(())
}

fn set_ior(t: &mut Thread, a: Args) -> PyResult<Value> {
    inplace(t, a, update)
}
fn set_iand(t: &mut Thread, a: Args) -> PyResult<Value> {
    inplace(t, a, intersection_update)
}
fn set_isub(t: &mut Thread, a: Args) -> PyResult<Value> {
    inplace(t, a, difference_update)
}
fn set_ixor(t: &mut Thread, a: Args) -> PyResult<Value> {
    inplace(t, a, symmetric_difference_update)
}

/// `set.name` or `frozenset.name` for error messages.
fn qual(t: &Thread, a: Args, name: &str) -> String {
    if is_frozenset(t, a.get(t, 0)) {
        format!("frozenset.{name}")
    } else {
        format!("set.{name}")
    }
}

fn set_add(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "set.add")?;
    add(t, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::NONE)
}

fn set_discard(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "set.discard")?;
    discard(t, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::NONE)
}

fn set_remove(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "set.remove")?;
    if !discard(t, a.get(t, 0), a.get(t, 1))? {
        return Err(t.key_error(a.get(t, 1)));
    }
    Ok(Value::NONE)
}

fn set_pop(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "set.pop")?;
    let s = a.get(t, 0);
    if len(t, s) == 0 {
        let msg = pystr::new_str(t, "pop from an empty set")?;
        return Err(t.key_error(msg));
    }
    let s = a.get(t, 0);
    let n = size(t, s);
    let mut i = (t.heap.slot(s, FINGER).as_small_int() as usize) & (n - 1);
    let tab = t.heap.slot(s, TABLE);
    while t.heap.slot(tab, 2 * i + 1).is_unbound() {
        i += 1;
        if i >= n {
            i = 0;
        }
    }
    let key = t.heap.slot(tab, 2 * i + 1);
    t.heap.set_slot(tab, 2 * i, Value::small_int(-1));
    t.heap.set_slot(tab, 2 * i + 1, Value::UNBOUND);
    let used = len(t, s) - 1;
    t.heap.set_slot(s, USED, Value::small_int(used as i64));
    t.heap.set_slot(s, FINGER, Value::small_int(i as i64 + 1));
    Ok(key)
}

fn set_clear(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "set.clear")?;
    clear(t, a.get(t, 0))?;
    Ok(Value::NONE)
}

fn set_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, &qual(t, a, "copy"))?;
    let s = a.get(t, 0);
    if s.is_heap() && t.heap.layout_id(s) == BuiltinType::FrozenSet.layout() {
        return Ok(s);
    }
    copy(t, s)
}

fn set_union(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "union")?;
    let r = copy(t, a.get(t, 0))?;
    let hr = t.root(r);
    for i in 1..a.len() {
        if a.get(t, i) == a.get(t, 0) {
            continue;
        }
        update(t, t.get(hr), a.get(t, i))?;
    }
    Ok(t.get(hr))
}

fn set_update(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "update")?;
    for i in 1..a.len() {
        update(t, a.get(t, 0), a.get(t, i))?;
    }
    Ok(Value::NONE)
}

fn intersection_multi(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() == 1 {
        return copy(t, a.get(t, 0));
    }
    let hr = t.root(a.get(t, 0));
    for i in 1..a.len() {
        let r = intersection(t, t.get(hr), a.get(t, i))?;
        t.set(hr, r);
    }
    Ok(t.get(hr))
}

fn set_intersection(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "intersection")?;
    intersection_multi(t, a)
}

fn set_intersection_update(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "intersection_update")?;
    let r = intersection_multi(t, a)?;
    take_body(t, a.get(t, 0), r);
    Ok(Value::NONE)
}

fn set_difference(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "difference")?;
    if a.len() == 1 {
        return copy(t, a.get(t, 0));
    }
    let r = difference(t, a.get(t, 0), a.get(t, 1))?;
    let hr = t.root(r);
    for i in 2..a.len() {
        difference_update(t, t.get(hr), a.get(t, i))?;
    }
    Ok(t.get(hr))
}

fn set_difference_update(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "difference_update")?;
    for i in 1..a.len() {
        difference_update(t, a.get(t, 0), a.get(t, i))?;
    }
    Ok(Value::NONE)
}

fn set_symmetric_difference(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, &qual(t, a, "symmetric_difference"))?;
    symmetric_difference(t, a.get(t, 0), a.get(t, 1))
}

fn set_symmetric_difference_update(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "set.symmetric_difference_update")?;
    symmetric_difference_update(t, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::NONE)
}

fn set_issubset(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, &qual(t, a, "issubset"))?;
    Ok(Value::from_bool(issubset(t, a.get(t, 0), a.get(t, 1))?))
}

fn set_issuperset(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, &qual(t, a, "issuperset"))?;
    Ok(Value::from_bool(issuperset(t, a.get(t, 0), a.get(t, 1))?))
}

fn set_isdisjoint(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, &qual(t, a, "isdisjoint"))?;
    Ok(Value::from_bool(isdisjoint(t, a.get(t, 0), a.get(t, 1))?))
}

/// Adds the types' methods to their namespaces.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let common: &[(&'static str, native::NativeFn)] = &[
        ("__repr__", set_repr),
        ("__len__", set_len),
        ("__contains__", set_contains),
        ("__iter__", set_iter),
        ("__eq__", set_eq),
        ("__ne__", set_ne),
        ("__lt__", set_lt),
        ("__le__", set_le),
        ("__gt__", set_gt),
        ("__ge__", set_ge),
        ("__or__", set_or),
        ("__ror__", set_ror),
        ("__and__", set_and),
        ("__rand__", set_rand),
        ("__sub__", set_sub),
        ("__rsub__", set_rsub),
        ("__xor__", set_xor),
        ("__rxor__", set_rxor),
        ("copy", set_copy),
        ("union", set_union),
        ("intersection", set_intersection),
        ("difference", set_difference),
        ("symmetric_difference", set_symmetric_difference),
        ("issubset", set_issubset),
        ("issuperset", set_issuperset),
        ("isdisjoint", set_isdisjoint),
    ];
    let mutating: &[(&'static str, native::NativeFn)] = &[
        ("__init__", set_init),
        ("__ior__", set_ior),
        ("__iand__", set_iand),
        ("__isub__", set_isub),
        ("__ixor__", set_ixor),
        ("add", set_add),
        ("discard", set_discard),
        ("remove", set_remove),
        ("pop", set_pop),
        ("clear", set_clear),
        ("update", set_update),
        ("intersection_update", set_intersection_update),
        ("difference_update", set_difference_update),
        (
            "symmetric_difference_update",
            set_symmetric_difference_update,
        ),
    ];
    let st = t.ty(BuiltinType::Set);
    let hs = t.root(st);
    native::add_static(t, st, "__new__", set_new)?;
    for (name, f) in common.iter().chain(mutating.iter()) {
        native::add_method(t, t.get(hs), name, *f)?;
    }
    type_::define(t, t.get(hs), "__hash__", Value::NONE)?;
    let ft = t.ty(BuiltinType::FrozenSet);
    let hf = t.root(ft);
    native::add_static(t, ft, "__new__", frozenset_new)?;
    for (name, f) in common {
        native::add_method(t, t.get(hf), name, *f)?;
    }
    sequence::add_class_getitem(t, t.get(hs))?;
    sequence::add_class_getitem(t, t.get(hf))?;
    native::add_method(t, t.get(hf), "__hash__", set_hash)
}

//! `dict`: an insertion-ordered hash table in CPython's compact form. Slots:
//! 0 = indices (Bytes object of i32: -1 empty, -2 deleted, else an entry index),
//! 1 = entries (`_array` of 3 × capacity values: hash (SmallInt), key, value; a deleted entry
//! has key `Value::UNBOUND`), 2 = number of live items, 3 = number of used entries,
//! 4 = keys version.
//!
//! **Invariant:** slot 4 (the keys version) changes whenever the set of keys or their entry
//! positions change (insert of a new key, delete, resize, clear), and only then. Global-load
//! caches key on it: "version V ⇒ name N is at entry E", reading the value live.
//!
//! Key comparison calls `__eq__` for non-builtin keys, which may run Python code that
//! mutates the dict; lookups then restart, as CPython's do.
//!
//! The views (`dict_keys`, `dict_values`, `dict_items`) live in `dict_views.rs`.

#[path = "dict_views.rs"]
pub mod views;

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{sequence, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::{Handle, Thread};

pub const DICT_SLOTS: u32 = 5;
const INDICES: usize = 0;
const ENTRIES: usize = 1;
const USED: usize = 2;
const NENTRIES: usize = 3;
const VERSION: usize = 4;

const EMPTY: i32 = -1;
const DELETED: i32 = -2;
const MIN_SIZE: usize = 8;

pub fn new_dict(t: &mut Thread) -> PyResult<Value> {
    new_dict_sized(t, MIN_SIZE)
}

/// A dict with an index table of `size` (a power of two) slots.
pub fn new_dict_sized(t: &mut Thread, size: usize) -> PyResult<Value> {
    let size = size.max(MIN_SIZE).next_power_of_two();
    let (indices, entries) = alloc_tables(t, size)?;
    let hi = t.root(indices);
    let he = t.root(entries);
    let version = next_version(t);
    let d = t.new_object(
        BuiltinType::Dict.layout(),
        &[
            t.get(hi),
            t.get(he),
            Value::small_int(0),
            Value::small_int(0),
            Value::small_int(version as i64),
        ],
    )?;
    Ok(d)
}

fn alloc_tables(t: &mut Thread, size: usize) -> PyResult<(Value, Value)> {
    let usable = usable_for(size);
    let entries = t.alloc_slots(BuiltinType::Array.layout(), usable * 3, Value::NONE)?;
    let he = t.root(entries);
    let indices = t.alloc_bytes(BuiltinType::Array.layout(), size * 4)?;
    for b in t.heap.bytes_mut(indices).chunks_exact_mut(4) {
        b.copy_from_slice(&EMPTY.to_le_bytes());
    }
    Ok((indices, t.get(he)))
}

fn usable_for(size: usize) -> usize {
    (size * 2) / 3
}

fn next_version(t: &mut Thread) -> u32 {
    let v = t.next_dict_version;
    t.next_dict_version = t.next_dict_version.wrapping_add(1).max(1);
    v
}

fn bump_version(t: &mut Thread, d: Value) {
    let v = next_version(t);
    t.heap.set_slot(d, VERSION, Value::small_int(v as i64));
}

#[inline]
pub fn version(t: &Thread, d: Value) -> u32 {
    t.heap.slot(d, VERSION).as_small_int() as u32
}

#[inline]
pub fn len(t: &Thread, d: Value) -> usize {
    t.heap.slot(d, USED).as_small_int() as usize
}

/// Number of entry positions in use (live and deleted); iteration walks `0..nentries`.
#[inline]
pub fn nentries(t: &Thread, d: Value) -> usize {
    t.heap.slot(d, NENTRIES).as_small_int() as usize
}

#[inline]
fn index_at(t: &Thread, indices: Value, i: usize) -> i32 {
    let b = t.heap.bytes(indices);
    i32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]])
}

#[inline]
fn set_index_at(t: &mut Thread, indices: Value, i: usize, v: i32) {
    t.heap.bytes_mut(indices)[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
}

/// The entry at position `i`: `(key, value)`, or None for a deleted entry.
#[inline]
pub fn entry_at(t: &Thread, d: Value, i: usize) -> Option<(Value, Value)> {
    let e = t.heap.slot(d, ENTRIES);
    let k = t.heap.slot(e, 3 * i + 1);
    if k.is_unbound() {
        None
    } else {
        Some((k, t.heap.slot(e, 3 * i + 2)))
    }
}

/// The value at entry `i` (for caches that know the position).
#[inline]
pub fn value_at(t: &Thread, d: Value, i: usize) -> Value {
    let e = t.heap.slot(d, ENTRIES);
    t.heap.slot(e, 3 * i + 2)
}

/// Hashes are stored as SmallInts, which hold 63 bits: tables fold every hash to that range
/// (sign-extending bit 62) before probing or storing, so the stored hash is the one probed
/// with. The low bits, which pick the first slot, are CPython's.
#[inline]
pub fn fold_hash(h: i64) -> i64 {
    (h << 1) >> 1
}

/// Outcome of probing for a key.
enum Probe {
    /// Found at entry index.
    Found(usize),
    /// Absent.
    Absent,
}

/// Keys that compare without running Python code: identical words, or both exact strs.
/// Returns None when a `__eq__` call is needed.
#[inline]
fn fast_eq(t: &Thread, a: Value, b: Value) -> Option<bool> {
    if a == b {
        return Some(true);
    }
    let sa = crate::objects::str::is_exact_str(t, a);
    let sb = crate::objects::str::is_exact_str(t, b);
    if sa && sb {
        return Some(crate::objects::str::str_eq(t, a, b));
    }
    if (a.is_small_int() || sa) && (b.is_small_int() || sb) {
        return Some(false);
    }
    None
}

/// The probe without allocation or Python calls: None when some candidate's equality
/// needs `__eq__` (then `probe` takes over).
#[inline]
fn probe_fast(t: &Thread, d: Value, key: Value, hash: i64) -> Option<Probe> {
    let indices = t.heap.slot(d, INDICES);
    let entries = t.heap.slot(d, ENTRIES);
    let mask = t.heap.count(indices) / 4 - 1;
    let mut perturb = hash as u64;
    let mut i = (hash as u64 as usize) & mask;
    loop {
        let ix = index_at(t, indices, i);
        if ix == EMPTY {
            return Some(Probe::Absent);
        }
        if ix != DELETED {
            let ix = ix as usize;
            if t.heap.slot(entries, 3 * ix).as_small_int() == hash {
                let ek = t.heap.slot(entries, 3 * ix + 1);
                if fast_eq(t, ek, key)? {
                    return Some(Probe::Found(ix));
                }
            }
        }
        perturb >>= 5;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(perturb as usize)
            .wrapping_add(1))
            & mask;
    }
}

/// Finds `key` (with hash `hash`) in `d`. May run `__eq__`; restarts if that mutates `d`.
fn probe(t: &mut Thread, d: Value, key: Value, hash: i64) -> PyResult<(Value, Probe)> {
    let hash = fold_hash(hash);
    if let Some(p) = probe_fast(t, d, key, hash) {
        return Ok((d, p));
    }
    let hd = t.root(d);
    let hk = t.root(key);
    'restart: loop {
        let d0 = t.get(hd);
        let mask = t.heap.count(t.heap.slot(d0, INDICES)) / 4 - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            // Re-read every step: an `__eq__` call below may have moved the tables.
            let d = t.get(hd);
            let indices = t.heap.slot(d, INDICES);
            let ix = index_at(t, indices, i);
            if ix == EMPTY {
                return Ok((d, Probe::Absent));
            }
            if ix != DELETED {
                let ix = ix as usize;
                let entries = t.heap.slot(d, ENTRIES);
                let eh = t.heap.slot(entries, 3 * ix).as_small_int();
                let ek = t.heap.slot(entries, 3 * ix + 1);
                let key = t.get(hk);
                if eh == hash {
                    let eq = match fast_eq(t, ek, key) {
                        Some(b) => b,
                        None => {
                            let ver = version(t, d);
                            let ents = t.root(entries);
                            let r = crate::protocol::eq(t, ek, key)?;
                            let d2 = t.get(hd);
                            if version(t, d2) != ver || t.heap.slot(d2, ENTRIES) != t.get(ents) {
                                continue 'restart;
                            }
                            r
                        }
                    };
                    if eq {
                        return Ok((t.get(hd), Probe::Found(ix)));
                    }
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
    }
}

/// `d.get(key)` with a precomputed hash; `None` (Rust) when missing.
pub fn get_hashed(t: &mut Thread, d: Value, key: Value, hash: i64) -> PyResult<Option<Value>> {
    match probe(t, d, key, hash)? {
        (d, Probe::Found(ix)) => Ok(Some(value_at(t, d, ix))),
        _ => Ok(None),
    }
}

/// `d.get(key)`; `None` (Rust) when missing.
pub fn get(t: &mut Thread, d: Value, key: Value) -> PyResult<Option<Value>> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = get_impl(t, d, key);
    t.handle_release(mark);
    r
}

fn get_impl(t: &mut Thread, d: Value, key: Value) -> PyResult<Option<Value>> {
    let hd = t.root(d);
    let hk = t.root(key);
    let h = crate::protocol::hash(t, key)?;
    get_hashed(t, t.get(hd), t.get(hk), h)
}

/// Entry index of `key`, if present (for caches).
pub fn find_index(t: &mut Thread, d: Value, key: Value) -> PyResult<Option<usize>> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = find_index_impl(t, d, key);
    t.handle_release(mark);
    r
}

fn find_index_impl(t: &mut Thread, d: Value, key: Value) -> PyResult<Option<usize>> {
    let hd = t.root(d);
    let hk = t.root(key);
    let h = crate::protocol::hash(t, key)?;
    match probe(t, t.get(hd), t.get(hk), h)? {
        (_, Probe::Found(ix)) => Ok(Some(ix)),
        _ => Ok(None),
    }
}

/// Looks up a str key without allocating or running Python code (str keys compare by bytes).
/// Non-str keys in the dict never match.
pub fn get_str(t: &mut Thread, d: Value, key: Value) -> Option<Value> {
    find_str_index(t, d, key).map(|ix| value_at(t, d, ix))
}

/// The entry index of a str key, as `get_str`.
pub fn find_str_index(t: &mut Thread, d: Value, key: Value) -> Option<usize> {
    let h = fold_hash(crate::objects::str::str_hash(t, key));
    let indices = t.heap.slot(d, INDICES);
    let mask = t.heap.count(indices) / 4 - 1;
    let mut perturb = h as u64;
    let mut i = (h as u64 as usize) & mask;
    loop {
        let ix = index_at(t, indices, i);
        if ix == EMPTY {
            return None;
        }
        if ix >= 0 {
            let ix = ix as usize;
            let entries = t.heap.slot(d, ENTRIES);
            if t.heap.slot(entries, 3 * ix).as_small_int() == h {
                let ek = t.heap.slot(entries, 3 * ix + 1);
                if ek == key
                    || (crate::objects::str::is_str(t, ek)
                        && crate::objects::str::str_eq(t, ek, key))
                {
                    return Some(ix);
                }
            }
        }
        perturb >>= 5;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(perturb as usize)
            .wrapping_add(1))
            & mask;
    }
}

/// `d[key] = value`.
pub fn set(t: &mut Thread, d: Value, key: Value, value: Value) -> PyResult<()> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = set_impl(t, d, key, value);
    t.handle_release(mark);
    r
}

fn set_impl(t: &mut Thread, d: Value, key: Value, value: Value) -> PyResult<()> {
    let hd = t.root(d);
    let hk = t.root(key);
    let hv = t.root(value);
    let h = crate::protocol::hash(t, key)?;
    set_hashed(t, hd, hk, hv, h)
}

fn set_hashed(
    t: &mut Thread,
    hd: crate::thread::Handle,
    hk: crate::thread::Handle,
    hv: crate::thread::Handle,
    hash: i64,
) -> PyResult<()> {
    let (d, p) = probe(t, t.get(hd), t.get(hk), hash)?;
    match p {
        Probe::Found(ix) => {
            let entries = t.heap.slot(d, ENTRIES);
            let v = t.get(hv);
            t.heap.set_slot(entries, 3 * ix + 2, v);
            Ok(())
        }
        Probe::Absent => {
            let entries = t.heap.slot(d, ENTRIES);
            let n = nentries(t, d);
            if n * 3 >= t.heap.count(entries) {
                let used = len(t, d);
                resize(t, hd, (used * 3).max(MIN_SIZE))?;
            }
            let d = t.get(hd);
            insert_new(t, d, t.get(hk), t.get(hv), hash);
            Ok(())
        }
    }
}

/// Inserts a key known to be absent, with room guaranteed.
fn insert_new(t: &mut Thread, d: Value, key: Value, value: Value, hash: i64) {
    let hash = fold_hash(hash);
    let indices = t.heap.slot(d, INDICES);
    let mask = t.heap.count(indices) / 4 - 1;
    let mut perturb = hash as u64;
    let mut i = (hash as u64 as usize) & mask;
    while index_at(t, indices, i) >= 0 {
        perturb >>= 5;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(perturb as usize)
            .wrapping_add(1))
            & mask;
    }
    let n = nentries(t, d);
    set_index_at(t, indices, i, n as i32);
    let entries = t.heap.slot(d, ENTRIES);
    t.heap.set_slot(entries, 3 * n, Value::small_int(hash));
    t.heap.set_slot(entries, 3 * n + 1, key);
    t.heap.set_slot(entries, 3 * n + 2, value);
    t.heap.set_slot(d, NENTRIES, Value::small_int(n as i64 + 1));
    let used = len(t, d);
    t.heap.set_slot(d, USED, Value::small_int(used as i64 + 1));
    bump_version(t, d);
}

/// Rebuilds the tables for at least `min_used` items, compacting deleted entries.
fn resize(t: &mut Thread, hd: crate::thread::Handle, min_used: usize) -> PyResult<()> {
    let mut size = MIN_SIZE;
    while usable_for(size) <= min_used {
        size *= 2;
    }
    let (indices, entries) = alloc_tables(t, size)?;
    let d = t.get(hd);
    let old = t.heap.slot(d, ENTRIES);
    let n = nentries(t, d);
    t.heap.set_slot(d, INDICES, indices);
    t.heap.set_slot(d, ENTRIES, entries);
    t.heap.set_slot(d, NENTRIES, Value::small_int(0));
    t.heap.set_slot(d, USED, Value::small_int(0));
    for i in 0..n {
        let k = t.heap.slot(old, 3 * i + 1);
        if k.is_unbound() {
            continue;
        }
        let h = t.heap.slot(old, 3 * i).as_small_int();
        let v = t.heap.slot(old, 3 * i + 2);
        insert_new(t, d, k, v, h);
    }
    bump_version(t, d);
    Ok(())
}

/// Removes `key`; returns its value, or None (Rust) when absent.
pub fn remove(t: &mut Thread, d: Value, key: Value) -> PyResult<Option<Value>> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = remove_impl(t, d, key);
    t.handle_release(mark);
    r
}

fn remove_impl(t: &mut Thread, d: Value, key: Value) -> PyResult<Option<Value>> {
    let hd = t.root(d);
    let hk = t.root(key);
    let h = fold_hash(crate::protocol::hash(t, key)?);
    let (d, p) = probe(t, t.get(hd), t.get(hk), h)?;
    let ix = match p {
        Probe::Found(ix) => ix,
        Probe::Absent => return Ok(None),
    };
    // Find the index slot that points at entry ix.
    let indices = t.heap.slot(d, INDICES);
    let mask = t.heap.count(indices) / 4 - 1;
    let mut perturb = h as u64;
    let mut i = (h as u64 as usize) & mask;
    while index_at(t, indices, i) != ix as i32 {
        perturb >>= 5;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(perturb as usize)
            .wrapping_add(1))
            & mask;
    }
    set_index_at(t, indices, i, DELETED);
    let entries = t.heap.slot(d, ENTRIES);
    let old = t.heap.slot(entries, 3 * ix + 2);
    t.heap.set_slot(entries, 3 * ix + 1, Value::UNBOUND);
    t.heap.set_slot(entries, 3 * ix + 2, Value::NONE);
    let used = len(t, d);
    t.heap.set_slot(d, USED, Value::small_int(used as i64 - 1));
    bump_version(t, d);
    Ok(Some(old))
}

/// Removes every item.
pub fn clear(t: &mut Thread, d: Value) -> PyResult<()> {
    let hd = t.root(d);
    let (indices, entries) = alloc_tables(t, MIN_SIZE)?;
    let d = t.get(hd);
    t.heap.set_slot(d, INDICES, indices);
    t.heap.set_slot(d, ENTRIES, entries);
    t.heap.set_slot(d, NENTRIES, Value::small_int(0));
    t.heap.set_slot(d, USED, Value::small_int(0));
    bump_version(t, d);
    Ok(())
}

/// Sets `d[name] = value` for a Rust string key (interned).
pub fn set_str(t: &mut Thread, d: Value, name: &str, value: Value) -> PyResult<()> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = set_str_impl(t, d, name, value);
    t.handle_release(mark);
    r
}

fn set_str_impl(t: &mut Thread, d: Value, name: &str, value: Value) -> PyResult<()> {
    let hd = t.root(d);
    let hv = t.root(value);
    let sym = t.intern(name)?;
    let k = t.sym_str(sym);
    set(t, t.get(hd), k, t.get(hv))
}

/// `d.get(name)` for a Rust string key.
pub fn get_rust_str(t: &mut Thread, d: Value, name: &str) -> PyResult<Option<Value>> {
    // Called from the dispatch loop too, which does not release handles between
    // instructions: release the ones this creates.
    let mark = t.handle_mark();
    let r = get_rust_str_impl(t, d, name);
    t.handle_release(mark);
    r
}

fn get_rust_str_impl(t: &mut Thread, d: Value, name: &str) -> PyResult<Option<Value>> {
    // An interned name needs no allocation (and its hash is cached).
    if let Some(sym) = t.symbols.find(name.as_bytes()) {
        let k = t.sym_str(sym);
        return Ok(get_str(t, d, k));
    }
    let hd = t.root(d);
    let k = crate::objects::str::new_str(t, name)?;
    Ok(get_str(t, t.get(hd), k))
}

/// Snapshot of the live `(key, value)` pairs, in order.
pub fn items(t: &Thread, d: Value) -> Vec<(Value, Value)> {
    (0..nentries(t, d))
        .filter_map(|i| entry_at(t, d, i))
        .collect()
}

pub fn is_dict(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == crate::layout::NativeKind::Dict
}

/// The live entry at position `i` with its stored hash: `(hash, key, value)`.
#[inline]
pub fn entry_with_hash(t: &Thread, d: Value, i: usize) -> Option<(i64, Value, Value)> {
    let e = t.heap.slot(d, ENTRIES);
    let k = t.heap.slot(e, 3 * i + 1);
    if k.is_unbound() {
        None
    } else {
        Some((
            t.heap.slot(e, 3 * i).as_small_int(),
            k,
            t.heap.slot(e, 3 * i + 2),
        ))
    }
}

/// `d[key] = value` with a precomputed hash.
pub fn set_with_hash(
    t: &mut Thread,
    d: Value,
    key: Value,
    value: Value,
    hash: i64,
) -> PyResult<()> {
    let hd = t.root(d);
    let hk = t.root(key);
    let hv = t.root(value);
    set_hashed(t, hd, hk, hv, hash)
}

/// Whether `d` contains `key` whose hash is known.
pub fn contains_hashed(t: &mut Thread, d: Value, key: Value, hash: i64) -> PyResult<bool> {
    Ok(get_hashed(t, d, key, hash)?.is_some())
}

/// Whether `v` is exactly a dict.
#[inline]
pub fn is_exact_dict(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::Dict.layout()
}

/// A new empty instance of `cls` (dict or a subclass).
pub fn new_dict_of(t: &mut Thread, cls: Value) -> PyResult<Value> {
    if cls == t.ty(BuiltinType::Dict) {
        return new_dict(t);
    }
    let hc = t.root(cls);
    let (indices, entries) = alloc_tables(t, MIN_SIZE)?;
    let hi = t.root(indices);
    let he = t.root(entries);
    let layout = type_::instance_layout(t, t.get(hc));
    let num = t.layouts.get(layout).num_slots as usize;
    let version = next_version(t);
    t.new_object_with(
        layout,
        &[
            t.get(hi),
            t.get(he),
            Value::small_int(0),
            Value::small_int(0),
            Value::small_int(version as i64),
        ],
        num.saturating_sub(DICT_SLOTS as usize),
        Value::NONE,
    )
}

/// A shallow copy as an exact dict.
pub fn copy(t: &mut Thread, d: Value) -> PyResult<Value> {
    let hd = t.root(d);
    let n = len(t, d);
    let out = new_dict_sized(t, (n * 3 / 2 + 1).next_power_of_two())?;
    let ho = t.root(out);
    let mut i = 0;
    while i < nentries(t, t.get(hd)) {
        if let Some((h, k, v)) = entry_with_hash(t, t.get(hd), i) {
            let mark = t.handle_mark();
            set_with_hash(t, t.get(ho), k, v, h)?;
            t.handle_release(mark);
        }
        i += 1;
    }
    Ok(t.get(ho))
}

/// How `merge` treats keys already present.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Override {
    /// Keep the existing value.
    Keep,
    /// Replace it (`update`).
    Replace,
    /// Raise KeyError(key) (`DICT_MERGE`, for `f(**a, **b)`).
    Error,
}

/// CPython's `dict_merge(a, b, override)`: `b` is a dict (walked directly) or any mapping
/// with `keys()` (an AttributeError propagates when it has none).
pub fn merge(t: &mut Thread, a: Value, b: Value, ov: Override) -> PyResult<()> {
    let ha = t.root(a);
    let hb = t.root(b);
    if is_dict(t, b) && !overrides_iter(t, b)? {
        if t.get(ha) == t.get(hb) {
            return Ok(());
        }
        let mut i = 0;
        while i < nentries(t, t.get(hb)) {
            let mark = t.handle_mark();
            if let Some((h, k, v)) = entry_with_hash(t, t.get(hb), i) {
                if ov != Override::Replace {
                    let hk = t.root(k);
                    let hv = t.root(v);
                    if contains_hashed(t, t.get(ha), k, h)? {
                        if ov == Override::Error {
                            return Err(t.key_error(t.get(hk)));
                        }
                        t.handle_release(mark);
                        i += 1;
                        continue;
                    }
                    set_with_hash(t, t.get(ha), t.get(hk), t.get(hv), h)?;
                } else {
                    set_with_hash(t, t.get(ha), k, v, h)?;
                }
            }
            t.handle_release(mark);
            i += 1;
        }
        return Ok(());
    }
    let keys = protocol::call_method(t, t.get(hb), "keys", &[])?;
    let it = protocol::iter(t, keys)?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(k) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let hk = t.root(k);
        if ov != Override::Replace && contains(t, t.get(ha), k)? {
            if ov == Override::Error {
                return Err(t.key_error(t.get(hk)));
            }
            t.handle_release(mark);
            continue;
        }
        let v = protocol::getitem(t, t.get(hb), t.get(hk))?;
        set(t, t.get(ha), t.get(hk), v)?;
        t.handle_release(mark);
    }
    Ok(())
}

/// Whether a dict subclass defines its own `__iter__` (then `merge` goes through `keys()`).
pub fn overrides_iter(t: &mut Thread, d: Value) -> PyResult<bool> {
    if is_exact_dict(t, d) {
        return Ok(false);
    }
    let ty = t.type_of(d);
    let own = type_::lookup_sym(t, ty, crate::symbols::sym::__iter__);
    let base = type_::lookup_sym(t, t.ty(BuiltinType::Dict), crate::symbols::sym::__iter__);
    Ok(own != base)
}

/// `key in d`.
pub fn contains(t: &mut Thread, d: Value, key: Value) -> PyResult<bool> {
    Ok(get(t, d, key)?.is_some())
}

/// CPython's `dict_update_arg`: a dict or an object with `keys` merges as a mapping; anything
/// else is an iterable of key/value pairs.
pub fn update_arg(t: &mut Thread, d: Value, arg: Value) -> PyResult<()> {
    let hd = t.root(d);
    let ha = t.root(arg);
    if is_exact_dict(t, arg) || protocol::hasattr_str(t, arg, "keys")? {
        return merge(t, t.get(hd), t.get(ha), Override::Replace);
    }
    merge_from_pairs(t, t.get(hd), t.get(ha))
}

/// `PyDict_MergeFromSeq2`: `d[k] = v` for each pair of the iterable.
fn merge_from_pairs(t: &mut Thread, d: Value, pairs: Value) -> PyResult<()> {
    let hd = t.root(d);
    let it = protocol::iter(t, pairs)?;
    let hit = t.root(it);
    let mut i = 0usize;
    loop {
        let mark = t.handle_mark();
        let Some(item) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let msg = format!("cannot convert dictionary update sequence element #{i} to a sequence");
        let seq = sequence::as_seq_msg(t, item, &msg)?;
        let n = sequence::seq_len(t, seq);
        if n != 2 {
            let msg =
                format!("dictionary update sequence element #{i} has length {n}; 2 is required");
            return Err(t.value_error(&msg));
        }
        let (k, v) = (sequence::seq_get(t, seq, 0), sequence::seq_get(t, seq, 1));
        set(t, t.get(hd), k, v)?;
        t.handle_release(mark);
        i += 1;
    }
    Ok(())
}

/// `d.update(*args, **kwargs)` body shared by `__init__` and `update`.
fn update_common(t: &mut Thread, a: Args, fname: &str) -> PyResult<()> {
    let n = a.len() - 1;
    if n > 1 {
        let msg = format!("{fname} expected at most 1 argument, got {n}");
        return Err(t.type_error(&msg));
    }
    if n == 1 {
        update_arg(t, a.get(t, 0), a.get(t, 1))?;
    }
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        set(t, a.get(t, 0), k, v)?;
    }
    Ok(())
}

/// Removes and returns the last item: Ok(None) when empty.
pub fn popitem(t: &mut Thread, d: Value) -> PyResult<Option<(Value, Value)>> {
    let hd = t.root(d);
    let mut i = nentries(t, d);
    while i > 0 {
        i -= 1;
        if let Some((k, v)) = entry_at(t, t.get(hd), i) {
            let hk = t.root(k);
            let hv = t.root(v);
            remove(t, t.get(hd), k)?;
            return Ok(Some((t.get(hk), t.get(hv))));
        }
    }
    Ok(None)
}

/// `repr(d)`, with `{...}` for a dict already being printed.
pub fn repr(t: &mut Thread, d: Value) -> PyResult<String> {
    let hd = t.root(d);
    // As CPython's dict_repr, the recursion check comes first: an empty dict whose repr is
    // already in progress (a defaultdict that is its own default_factory) prints `{...}`.
    if !sequence::repr_enter(t, d)? {
        return Ok("{...}".into());
    }
    if len(t, t.get(hd)) == 0 {
        sequence::repr_leave(t, t.get(hd));
        return Ok("{}".into());
    }
    let r = repr_body(t, hd);
    sequence::repr_leave(t, t.get(hd));
    r
}

fn repr_body(t: &mut Thread, hd: Handle) -> PyResult<String> {
    let mut out = String::from("{");
    let mut first = true;
    let mut i = 0;
    while i < nentries(t, t.get(hd)) {
        if let Some((k, v)) = entry_at(t, t.get(hd), i) {
            let mark = t.handle_mark();
            let hv = t.root(v);
            let ks = protocol::repr(t, k)?;
            let hks = t.root(ks);
            let vs = protocol::repr(t, t.get(hv))?;
            if !first {
                out.push_str(", ");
            }
            first = false;
            pystr::with_str(t, t.get(hks), |s| out.push_str(s));
            out.push_str(": ");
            pystr::with_str(t, vs, |s| out.push_str(s));
            t.handle_release(mark);
        }
        i += 1;
    }
    out.push('}');
    Ok(out)
}

/// `a == b` for two dicts.
pub fn dict_equal(t: &mut Thread, a: Value, b: Value) -> PyResult<bool> {
    if len(t, a) != len(t, b) {
        return Ok(false);
    }
    sequence::check_recursion(t, " in comparison")?;
    let ha = t.root(a);
    let hb = t.root(b);
    let mut i = 0;
    while i < nentries(t, t.get(ha)) {
        if let Some((h, k, v)) = entry_with_hash(t, t.get(ha), i) {
            let mark = t.handle_mark();
            let hv = t.root(v);
            let other = get_hashed(t, t.get(hb), k, h)?;
            let Some(bv) = other else {
                return Ok(false);
            };
            if !protocol::eq(t, t.get(hv), bv)? {
                return Ok(false);
            }
            t.handle_release(mark);
        }
        i += 1;
    }
    Ok(true)
}

// ----- natives -----

fn dict_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Dict)?;
    new_dict_of(t, a.get(t, 0))
}

fn dict_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    update_common(t, a, "dict")?;
    Ok(Value::NONE)
}

fn dict_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = repr(t, a.get(t, 0))?;
    pystr::new_str(t, &s)
}

fn dict_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(len(t, a.get(t, 0)) as i64))
}

/// `d[key]`, calling `__missing__` for subclasses that define it.
pub fn getitem(t: &mut Thread, d: Value, key: Value) -> PyResult<Value> {
    let hd = t.root(d);
    let hk = t.root(key);
    if let Some(v) = get(t, d, key)? {
        return Ok(v);
    }
    if !is_exact_dict(t, t.get(hd)) {
        let ty = t.type_of(t.get(hd));
        if let Some(m) = type_::lookup_sym(t, ty, crate::symbols::sym::__missing__) {
            return protocol::call::call_unbound(t, m, &[t.get(hd), t.get(hk)]);
        }
    }
    Err(t.key_error(t.get(hk)))
}

fn dict_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "dict.__getitem__")?;
    getitem(t, a.get(t, 0), a.get(t, 1))
}

fn dict_setitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "__setitem__", 2, 2)?;
    set(t, a.get(t, 0), a.get(t, 1), a.get(t, 2))?;
    Ok(Value::NONE)
}

fn dict_delitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "dict.__delitem__")?;
    match remove(t, a.get(t, 0), a.get(t, 1))? {
        Some(_) => Ok(Value::NONE),
        None => Err(t.key_error(a.get(t, 1))),
    }
}

fn dict_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(contains(t, a.get(t, 0), a.get(t, 1))?))
}

/// A key/value/item iterator over `d` (`reverse` walks from the end).
pub fn new_iterator(t: &mut Thread, d: Value, kind: BuiltinType, reverse: bool) -> PyResult<Value> {
    let n = len(t, d) as i64;
    let pos = if reverse {
        nentries(t, d) as i64 - 1
    } else {
        0
    };
    t.new_object(
        kind.layout(),
        &[
            d,
            Value::small_int(pos),
            Value::small_int(n),
            Value::small_int(n),
            Value::from_bool(reverse),
        ],
    )
}

fn dict_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    new_iterator(t, a.get(t, 0), BuiltinType::DictKeyIterator, false)
}

fn dict_reversed(t: &mut Thread, a: Args) -> PyResult<Value> {
    new_iterator(t, a.get(t, 0), BuiltinType::DictKeyIterator, true)
}

fn dict_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_dict(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let eq = dict_equal(t, x, y)?;
    Ok(Value::from_bool(eq == (op == CompareOp::Eq)))
}

fn dict_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    dict_compare(t, a, CompareOp::Eq)
}

fn dict_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    dict_compare(t, a, CompareOp::Ne)
}

fn dict_or(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_dict(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let out = copy(t, x)?;
    let h = t.root(out);
    update_arg(t, out, a.get(t, 1))?;
    Ok(t.get(h))
}

fn dict_ror(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !is_dict(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let out = copy(t, y)?;
    let h = t.root(out);
    update_arg(t, out, a.get(t, 0))?;
    let _ = x;
    Ok(t.get(h))
}

fn dict_ior(t: &mut Thread, a: Args) -> PyResult<Value> {
    update_arg(t, a.get(t, 0), a.get(t, 1))?;
    Ok(a.get(t, 0))
}

fn dict_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "get", 1, 2)?;
    match get(t, a.get(t, 0), a.get(t, 1))? {
        Some(v) => Ok(v),
        None => Ok(a.opt(t, 2).unwrap_or(Value::NONE)),
    }
}

fn dict_setdefault(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "setdefault", 1, 2)?;
    if let Some(v) = get(t, a.get(t, 0), a.get(t, 1))? {
        return Ok(v);
    }
    let dflt = a.opt(t, 2).unwrap_or(Value::NONE);
    set(t, a.get(t, 0), a.get(t, 1), dflt)?;
    Ok(a.opt(t, 2).unwrap_or(Value::NONE))
}

fn dict_pop(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "pop", 1, 2)?;
    match remove(t, a.get(t, 0), a.get(t, 1))? {
        Some(v) => Ok(v),
        None => match a.opt(t, 2) {
            Some(d) => Ok(d),
            None => Err(t.key_error(a.get(t, 1))),
        },
    }
}

fn dict_popitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "dict.popitem")?;
    match popitem(t, a.get(t, 0))? {
        Some((k, v)) => tuple::new_tuple(t, &[k, v]),
        None => {
            let msg = pystr::new_str(t, "popitem(): dictionary is empty")?;
            Err(t.key_error(msg))
        }
    }
}

fn dict_keys(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "dict.keys")?;
    t.new_object(BuiltinType::DictKeys.layout(), &[a.get(t, 0)])
}

fn dict_values(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "dict.values")?;
    t.new_object(BuiltinType::DictValues.layout(), &[a.get(t, 0)])
}

fn dict_items(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "dict.items")?;
    t.new_object(BuiltinType::DictItems.layout(), &[a.get(t, 0)])
}

fn dict_update(t: &mut Thread, a: Args) -> PyResult<Value> {
    update_common(t, a, "update")?;
    Ok(Value::NONE)
}

fn dict_clear(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "dict.clear")?;
    clear(t, a.get(t, 0))?;
    Ok(Value::NONE)
}

fn dict_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "dict.copy")?;
    copy(t, a.get(t, 0))
}

fn dict_fromkeys(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "fromkeys", 1, 2)?;
    let d = protocol::call(t, a.get(t, 0), &[])?;
    let hd = t.root(d);
    let value = a.opt(t, 2).unwrap_or(Value::NONE);
    let hv = t.root(value);
    let exact = is_exact_dict(t, d);
    let it = protocol::iter(t, a.get(t, 1))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(k) = protocol::next(t, t.get(hit))? else {
            break;
        };
        if exact {
            set(t, t.get(hd), k, t.get(hv))?;
        } else {
            protocol::setitem(t, t.get(hd), k, t.get(hv))?;
        }
        t.handle_release(mark);
    }
    Ok(t.get(hd))
}

/// Adds the type's methods to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::Dict);
    let h = t.root(ty);
    native::add_static(t, ty, "__new__", dict_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__init__", dict_init),
        ("__repr__", dict_repr),
        ("__len__", dict_len),
        ("__getitem__", dict_getitem),
        ("__setitem__", dict_setitem),
        ("__delitem__", dict_delitem),
        ("__contains__", dict_contains),
        ("__iter__", dict_iter),
        ("__reversed__", dict_reversed),
        ("__eq__", dict_eq),
        ("__ne__", dict_ne),
        ("__or__", dict_or),
        ("__ror__", dict_ror),
        ("__ior__", dict_ior),
        ("get", dict_get),
        ("setdefault", dict_setdefault),
        ("pop", dict_pop),
        ("popitem", dict_popitem),
        ("keys", dict_keys),
        ("values", dict_values),
        ("items", dict_items),
        ("update", dict_update),
        ("clear", dict_clear),
        ("copy", dict_copy),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    native::add_classmethod(t, t.get(h), "fromkeys", dict_fromkeys)?;
    sequence::add_class_getitem(t, t.get(h))?;
    let d = type_::type_dict(t, t.get(h));
    set_str(t, d, "__hash__", Value::NONE)?;
    views::init(t)
}

//! `type`: type objects, the MRO (C3 linearisation), attribute lookup along the MRO, and the
//! creation of user classes with their instance layouts.
//!
//! **Invariant:** a type's version (slot VERSION) changes whenever its namespace, or the
//! namespace of any type in its MRO, changes after creation; every layout of the type mirrors
//! the version in `Layout::type_version`, so an inline cache that recorded the version can
//! validate itself with one load from the layout table.

use ember_gc::{LayoutId, Value};

use crate::errors::PyResult;
use crate::layout::{Layout, NativeKind};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, list, str as pystr, tuple};
use crate::symbols::Symbol;
use crate::thread::Thread;

pub const NAME: usize = 0;
pub const QUALNAME: usize = 1;
pub const BASES: usize = 2;
pub const MRO: usize = 3;
pub const DICT: usize = 4;
pub const BASE: usize = 5;
pub const FLAGS: usize = 6;
pub const INSTANCE_LAYOUT: usize = 7;
pub const VERSION: usize = 8;
pub const SUBCLASSES: usize = 9;
pub const TYPE_SLOTS: u32 = 10;

/// Type flags (slot FLAGS).
pub mod flags {
    /// Defined by a class statement or `type(...)` (CPython's Py_TPFLAGS_HEAPTYPE).
    pub const HEAPTYPE: i64 = 1 << 0;
    /// May be subclassed.
    pub const BASETYPE: i64 = 1 << 1;
    /// Instances of the type have no dynamic attributes (`__slots__` without `__dict__`).
    pub const NO_DICT: i64 = 1 << 2;
    /// A builtin type (attributes may not be set).
    pub const BUILTIN: i64 = 1 << 3;
    /// Subclass of BaseException.
    pub const EXCEPTION: i64 = 1 << 4;
    /// Registered in `Thread::native_types`, whose key is its tp_name ("module.name").
    pub const NATIVE: i64 = 1 << 5;
    /// A true `__abstractmethods__` was assigned (CPython's Py_TPFLAGS_IS_ABSTRACT):
    /// `object.__new__` refuses to instantiate the class.
    pub const ABSTRACT: i64 = 1 << 6;
    /// Matched by sequence patterns (CPython's Py_TPFLAGS_SEQUENCE), for native types.
    pub const SEQUENCE: i64 = 1 << 7;
    /// Matched by mapping patterns (CPython's Py_TPFLAGS_MAPPING), for native types.
    pub const MAPPING: i64 = 1 << 8;
    /// Instances export a buffer kept in their native slots by the convention of
    /// `native_type::BUF_*` (`array.array`); inherited by subclasses.
    pub const BUFFER: i64 = 1 << 9;
}

/// Whether `v` is a type object (an instance of `type` or of a metaclass).
#[inline]
pub fn is_type(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::Type
}

#[inline]
pub fn type_flags(t: &Thread, ty: Value) -> i64 {
    t.heap.slot(ty, FLAGS).as_small_int()
}

#[inline]
pub fn type_dict(t: &Thread, ty: Value) -> Value {
    t.heap.slot(ty, DICT)
}

#[inline]
pub fn type_mro(t: &Thread, ty: Value) -> Value {
    t.heap.slot(ty, MRO)
}

#[inline]
pub fn instance_layout(t: &Thread, ty: Value) -> LayoutId {
    LayoutId(t.heap.slot(ty, INSTANCE_LAYOUT).as_small_int() as u32)
}

#[inline]
pub fn version(t: &Thread, ty: Value) -> u32 {
    t.heap.slot(ty, VERSION).as_small_int() as u32
}

/// The type's `__name__` as a Rust string.
pub fn type_name(t: &Thread, ty: Value) -> String {
    pystr::to_rust_string(t, t.heap.slot(ty, NAME))
}

/// CPython's `tp_name`, which its messages about builtin types use: the `__name__` of a
/// class, `module.name` for a builtin type defined outside `builtins` (`time.struct_time`,
/// `_io.TextIOWrapper`).
pub fn tp_name(t: &mut Thread, ty: Value) -> PyResult<String> {
    let name = type_name(t, ty);
    if type_flags(t, ty) & flags::HEAPTYPE != 0 {
        return Ok(name);
    }
    let d = type_dict(t, ty);
    match dict::get_rust_str(t, d, "__module__")? {
        Some(m) if pystr::is_str(t, m) && !pystr::str_eq_rust(t, m, "builtins") => {
            Ok(format!("{}.{name}", pystr::to_rust_string(t, m)))
        }
        _ => Ok(name),
    }
}

/// The name of `type(v)`.
pub fn type_name_of(t: &Thread, v: Value) -> String {
    let ty = t.type_of(v);
    native_name(t, ty)
}

/// The name messages use for the type `ty`: the registered tp_name ("collections.deque") of
/// a native type, else `__name__`.
pub fn native_name(t: &Thread, ty: Value) -> String {
    if type_flags(t, ty) & flags::NATIVE != 0 {
        if let Some((key, _)) = t.native_types.iter().find(|(_, nt)| *nt == ty) {
            return key.to_string();
        }
    }
    type_name(t, ty)
}

/// `issubclass(sub, sup)` by MRO membership.
pub fn is_subtype(t: &Thread, sub: Value, sup: Value) -> bool {
    if sub == sup {
        return true;
    }
    let mro = type_mro(t, sub);
    if mro.is_none() {
        return false;
    }
    t.heap.slots(mro).contains(&sup)
}

/// `isinstance(v, builtin type)` without calling `__instancecheck__`.
#[inline]
pub fn is_instance_of(t: &Thread, v: Value, bt: BuiltinType) -> bool {
    let ty = t.type_of(v);
    is_subtype(t, ty, t.ty(bt))
}

/// Looks `name` (a str) up along the MRO of `ty`, without calling descriptors.
pub fn lookup(t: &mut Thread, ty: Value, name: Value) -> Option<Value> {
    match t.find_symbol(name) {
        Some(sym) => lookup_sym(t, ty, sym),
        // A name never interned may still be a key (`type('C', (), {name: v})`).
        None => lookup_uncached(t, ty, name).map(|(mi, ix)| resolve(t, ty, mi, ix)),
    }
}

/// Looks a Rust-string name up along the MRO (interning it).
pub fn lookup_str(t: &mut Thread, ty: Value, name: &str) -> PyResult<Option<Value>> {
    let sym = match crate::symbols::known(name) {
        Some(s) => s,
        None => {
            let h = t.root(ty);
            let s = t.intern(name)?;
            return Ok(lookup_sym(t, t.get(h), s));
        }
    };
    Ok(lookup_sym(t, ty, sym))
}

/// Number of entries of the type-attribute cache (a power of two).
pub const TYPE_CACHE_SIZE: usize = 4096;

/// One entry of the type-attribute cache: "along the MRO of the type whose version is
/// `version`, `sym` is first found in the dict of MRO entry `mro_ix`, at entry `dict_ix`"
/// (`mro_ix == NOT_FOUND`: nowhere). Entries hold no references, so the collector ignores
/// them; versions are never reused, so a changed namespace simply stops matching.
#[derive(Copy, Clone, Default)]
pub struct TypeCacheEntry {
    version: u32,
    sym: u32,
    mro_ix: u32,
    dict_ix: u32,
}

const NOT_FOUND: u32 = u32::MAX;

#[inline]
fn cache_slot(version: u32, sym: Symbol) -> usize {
    let h = (version.wrapping_mul(0x9e37_79b9)) ^ sym.0.wrapping_mul(0x85eb_ca6b);
    (h >> 20) as usize & (TYPE_CACHE_SIZE - 1)
}

#[inline]
fn resolve(t: &Thread, ty: Value, mro_ix: usize, dict_ix: usize) -> Value {
    let base = t.heap.slot(type_mro(t, ty), mro_ix);
    dict::value_at(t, type_dict(t, base), dict_ix)
}

/// Looks the symbol up along the MRO of `ty` through the type-attribute cache (CPython's
/// method cache): a hit costs one probe and three loads; a miss walks the MRO and fills
/// the entry. Sound because every change to a type's namespace or MRO gives the type (and
/// its subclasses) a new version (`invalidate`).
#[inline]
pub fn lookup_sym(t: &mut Thread, ty: Value, sym: Symbol) -> Option<Value> {
    let version = version(t, ty);
    let slot = cache_slot(version, sym);
    let e = t.type_cache[slot];
    if e.version == version && e.sym == sym.0 {
        if e.mro_ix == NOT_FOUND {
            return None;
        }
        return Some(resolve(t, ty, e.mro_ix as usize, e.dict_ix as usize));
    }
    lookup_sym_miss(t, ty, sym, version, slot)
}

#[inline(never)]
fn lookup_sym_miss(
    t: &mut Thread,
    ty: Value,
    sym: Symbol,
    version: u32,
    slot: usize,
) -> Option<Value> {
    let name = t.sym_str(sym);
    let found = lookup_uncached(t, ty, name);
    let (mro_ix, dict_ix) = match found {
        Some((mi, ix)) => (mi as u32, ix as u32),
        None => (NOT_FOUND, 0),
    };
    if version != 0 {
        t.type_cache[slot] = TypeCacheEntry {
            version,
            sym: sym.0,
            mro_ix,
            dict_ix,
        };
    }
    found.map(|(mi, ix)| resolve(t, ty, mi, ix))
}

/// Walks the MRO: (MRO position, dict entry index) of the first definition of `name`.
fn lookup_uncached(t: &mut Thread, ty: Value, name: Value) -> Option<(usize, usize)> {
    let mro = type_mro(t, ty);
    if mro.is_none() {
        return None;
    }
    let n = t.heap.count(mro);
    for i in 0..n {
        let base = t.heap.slot(mro, i);
        let d = type_dict(t, base);
        if let Some(ix) = dict::find_str_index(t, d, name) {
            return Some((i, ix));
        }
    }
    None
}

/// Defines `name` in a type's namespace from Rust (type initialisers, class creation):
/// the dict store plus the version change every namespace change needs.
pub fn define(t: &mut Thread, ty: Value, name: &str, value: Value) -> PyResult<()> {
    let hty = t.root(ty);
    let d = type_dict(t, ty);
    dict::set_str(t, d, name, value)?;
    invalidate(t, t.get(hty));
    Ok(())
}

/// Records that the namespace of `ty` changed: gives it and all its subclasses new versions
/// and mirrors them into their layouts.
pub fn invalidate(t: &mut Thread, ty: Value) {
    let mut work = vec![t.root(ty)];
    while let Some(h) = work.pop() {
        let ty = t.get(h);
        let v = t.next_type_version;
        t.next_type_version = t.next_type_version.wrapping_add(1).max(1);
        t.heap.set_slot(ty, VERSION, Value::small_int(v as i64));
        let type_raw = ty;
        for l in t.layouts.entries.iter_mut() {
            if l.type_ == type_raw {
                l.type_version = v;
            }
        }
        let subs = t.heap.slot(ty, SUBCLASSES);
        if list::is_list(t, subs) {
            for s in list::items(t, subs) {
                work.push(t.root(s));
            }
        }
    }
}

/// Allocates a bare type object. `bases` and `mro` are tuples; the caller fills the dict.
pub fn alloc_type(
    t: &mut Thread,
    metatype_layout: LayoutId,
    name: Value,
    bases: Value,
    flags: i64,
) -> PyResult<Value> {
    let hn = t.root(name);
    let hb = t.root(bases);
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    let subs = list::new_list(t, 0)?;
    let hs = t.root(subs);
    let version = t.next_type_version;
    t.next_type_version += 1;
    let num = t.layouts.get(metatype_layout).num_slots.max(TYPE_SLOTS) as usize;
    let ty = t.new_object_with(
        metatype_layout,
        &[
            t.get(hn),
            t.get(hn),
            t.get(hb),
            Value::NONE,
            t.get(hd),
            Value::NONE,
            Value::small_int(flags),
            Value::small_int(0),
            Value::small_int(version as i64),
            t.get(hs),
        ],
        num - TYPE_SLOTS as usize,
        Value::NONE,
    )?;
    Ok(ty)
}

/// Computes the C3 linearisation of a type with the given bases (a tuple); the result starts
/// with `ty`. Raises TypeError when no consistent order exists.
pub fn compute_mro(t: &mut Thread, ty: Value, bases: Value) -> PyResult<Value> {
    let hty = t.root(ty);
    let base_list = tuple::items(t, bases);
    // Sequences to merge: each base's MRO, then the list of bases.
    let mut seqs: Vec<Vec<Value>> = Vec::new();
    for b in &base_list {
        seqs.push(t.heap.slots(type_mro(t, *b)).to_vec());
    }
    seqs.push(base_list.clone());
    // These raw values are only read until the single allocation at the end, which roots
    // them through new_tuple.
    let mut out = vec![t.get(hty)];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            break;
        }
        let mut chosen = None;
        for s in &seqs {
            let cand = s[0];
            if !seqs.iter().any(|o| o[1..].contains(&cand)) {
                chosen = Some(cand);
                break;
            }
        }
        let Some(c) = chosen else {
            let mut names: Vec<String> = Vec::new();
            for s in &seqs {
                let n = type_name(t, s[0]);
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            let msg = format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            );
            return Err(t.type_error(&msg));
        };
        out.push(c);
        for s in seqs.iter_mut() {
            if s[0] == c {
                s.remove(0);
            }
        }
    }
    tuple::new_tuple(t, &out)
}

/// Creates a layout for instances of `ty` whose native shape is `native`, with
/// `in_object` attribute slots after the overflow slot (or none when `no_dict`).
pub fn new_instance_layout(
    t: &mut Thread,
    ty: Value,
    native: NativeKind,
    in_object: u32,
    no_dict: bool,
) -> LayoutId {
    let fixed = native.fixed_slots();
    let (num_slots, overflow_slot) = if no_dict {
        (fixed, None)
    } else {
        (fixed + 1 + in_object, Some(fixed))
    };
    let version = version(t, ty);
    t.layouts.push(Layout {
        type_: ty,
        native,
        num_slots,
        overflow_slot,
        in_object: if no_dict { 0 } else { in_object },
        attrs: Vec::new(),
        dict_mode: false,
        add_transitions: Default::default(),
        delete_transitions: Default::default(),
        type_version: version,
        depth: 0,
    })
}

/// Sets the type's instance layout.
pub fn set_instance_layout(t: &mut Thread, ty: Value, id: LayoutId) {
    t.heap
        .set_slot(ty, INSTANCE_LAYOUT, Value::small_int(id.0 as i64));
}

/// The native shape shared by all of `bases` (the "solid base"), or a TypeError for an
/// instance lay-out conflict.
pub fn solid_native(t: &mut Thread, bases: Value) -> PyResult<NativeKind> {
    let mut kind = NativeKind::Object;
    for b in tuple::items(t, bases) {
        let k = t.layouts.get(instance_layout(t, b)).native;
        let k = if k == NativeKind::Immediate {
            NativeKind::Object
        } else {
            k
        };
        if k == NativeKind::Object {
            continue;
        }
        if kind == NativeKind::Object {
            kind = k;
        } else if kind != k {
            return Err(t.type_error("multiple bases have instance lay-out conflict"));
        }
    }
    if kind == NativeKind::Record {
        // Native-module types share the Record shape but not their slots: their most
        // derived native types must lie on one line of inheritance.
        let mut root: Option<Value> = None;
        for b in tuple::items(t, bases) {
            let Some(r) = native_root(t, b) else {
                continue;
            };
            root = match root {
                None => Some(r),
                Some(cur) if is_subtype(t, r, cur) => Some(r),
                Some(cur) if is_subtype(t, cur, r) => Some(cur),
                Some(_) => {
                    return Err(t.type_error("multiple bases have instance lay-out conflict"))
                }
            };
        }
    }
    Ok(kind)
}

/// Sets or clears one of the type's flags.
pub fn set_flag(t: &mut Thread, ty: Value, flag: i64, on: bool) {
    let f = type_flags(t, ty);
    let f = if on { f | flag } else { f & !flag };
    t.heap.set_slot(ty, FLAGS, Value::small_int(f));
}

/// The first native-module type in the MRO of `ty` (the one whose slots its instances
/// carry), if any.
fn native_root(t: &Thread, ty: Value) -> Option<Value> {
    let mro = type_mro(t, ty);
    if !tuple::is_tuple(t, mro) {
        return None;
    }
    tuple::items(t, mro).into_iter().find(|c| {
        type_flags(t, *c) & flags::NATIVE != 0
            && t.layouts.get(instance_layout(t, *c)).native == NativeKind::Record
    })
}

//! `bytearray`: a mutable byte buffer. Slots: 0 = buffer (Bytes-format object whose length
//! is the capacity), 1 = length (SmallInt). Subclass instances share the same two slots.
//!
//! The read-only methods come from `bytes.rs` (`bytes::common_methods`); this file adds the
//! constructor, repr and the mutating methods. Mutations that rewrite the middle copy the
//! contents out, edit them in Rust and store them back; appends grow the buffer
//! geometrically.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::sequence::{self, Key};
use crate::objects::{bytes, int, slice, str as pystr, type_};
use crate::thread::Thread;

const BUF: usize = 0;
const LEN: usize = 1;

pub fn is_bytearray(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == NativeKind::ByteArray
}

/// The current contents, borrowing the heap.
pub fn data(t: &Thread, ba: Value) -> &[u8] {
    let n = t.heap.slot(ba, LEN).as_small_int() as usize;
    let buf = t.heap.slot(ba, BUF);
    &t.heap.bytes(buf)[..n]
}

/// The current contents, mutably (for writes through a memoryview).
pub fn data_mut(t: &mut Thread, ba: Value) -> &mut [u8] {
    let n = t.heap.slot(ba, LEN).as_small_int() as usize;
    let buf = t.heap.slot(ba, BUF);
    &mut t.heap.bytes_mut(buf)[..n]
}

fn alloc_buffer(t: &mut Thread, cap: usize) -> PyResult<Value> {
    t.alloc_bytes(BuiltinType::Array.layout(), cap)
}

/// A new exact bytearray holding `data`.
pub fn new_bytearray(t: &mut Thread, d: &[u8]) -> PyResult<Value> {
    let buf = alloc_buffer(t, d.len())?;
    t.heap.bytes_mut(buf).copy_from_slice(d);
    t.new_object(
        BuiltinType::ByteArray.layout(),
        &[buf, Value::small_int(d.len() as i64)],
    )
}

/// A new exact bytearray of `n` zero bytes.
pub fn new_zeroed(t: &mut Thread, n: usize) -> PyResult<Value> {
    let buf = alloc_buffer(t, n)?;
    t.new_object(
        BuiltinType::ByteArray.layout(),
        &[buf, Value::small_int(n as i64)],
    )
}

/// Replaces the contents of `ba` with `d`.
pub fn set_contents(t: &mut Thread, ba: Value, d: &[u8]) -> PyResult<()> {
    let buf = t.heap.slot(ba, BUF);
    if t.heap.count(buf) >= d.len() {
        t.heap.bytes_mut(buf)[..d.len()].copy_from_slice(d);
        t.heap.set_slot(ba, LEN, Value::small_int(d.len() as i64));
        return Ok(());
    }
    let h = t.root(ba);
    let nb = alloc_buffer(t, d.len())?;
    t.heap.bytes_mut(nb).copy_from_slice(d);
    let ba = t.get(h);
    t.heap.set_slot(ba, BUF, nb);
    t.heap.set_slot(ba, LEN, Value::small_int(d.len() as i64));
    Ok(())
}

/// Appends `d`, growing the buffer geometrically.
pub fn push_bytes(t: &mut Thread, ba: Value, d: &[u8]) -> PyResult<()> {
    let n = t.heap.slot(ba, LEN).as_small_int() as usize;
    let buf = t.heap.slot(ba, BUF);
    let cap = t.heap.count(buf);
    let need = n + d.len();
    if need > cap {
        let h = t.root(ba);
        let nb = alloc_buffer(t, need.max(cap + (cap >> 1) + 8))?;
        let ba = t.get(h);
        let old = t.heap.slot(ba, BUF);
        let prefix = t.heap.bytes(old)[..n].to_vec();
        t.heap.bytes_mut(nb)[..n].copy_from_slice(&prefix);
        t.heap.set_slot(ba, BUF, nb);
        return push_bytes(t, ba, d);
    }
    t.heap.bytes_mut(buf)[n..need].copy_from_slice(d);
    t.heap.set_slot(ba, LEN, Value::small_int(need as i64));
    Ok(())
}

fn contents(t: &Thread, ba: Value) -> Vec<u8> {
    data(t, ba).to_vec()
}

// ----- natives -----

fn ba_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::ByteArray)?;
    let cls = a.get(t, 0);
    if cls == t.ty(BuiltinType::ByteArray) {
        return new_bytearray(t, &[]);
    }
    let layout = type_::instance_layout(t, cls);
    let num = t.layouts.get(layout).num_slots as usize;
    let buf = alloc_buffer(t, 0)?;
    let hb = t.root(buf);
    let obj = t.alloc_slots(layout, num.max(2), Value::NONE)?;
    t.heap.set_slot(obj, BUF, t.get(hb));
    t.heap.set_slot(obj, LEN, Value::small_int(0));
    Ok(obj)
}

fn ba_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    match bytes::constructor_bytes(t, a, "bytearray")? {
        bytes::Contents::Data(d) => set_contents(t, a.get(t, 0), &d)?,
        bytes::Contents::Zeros(n) => {
            let buf = alloc_buffer(t, n)?;
            let ba = a.get(t, 0);
            t.heap.set_slot(ba, BUF, buf);
            t.heap.set_slot(ba, LEN, Value::small_int(n as i64));
        }
    }
    Ok(Value::NONE)
}

fn ba_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let name = type_::type_name_of(t, a.get(t, 0));
    let d = contents(t, a.get(t, 0));
    let s = format!("{name}({})", bytes::repr_bytearray_body(&d));
    pystr::new_str(t, &s)
}

/// Bytes for a slice assignment: bytes-like or an iterable of ints (not an int).
fn assigned_bytes(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    // (A count never reaches here: ints are rejected first.)
    if let Some(b) = bytes::bytes_owned(t, v) {
        return Ok(b);
    }
    if int::is_int(t, v) || pystr::is_str(t, v) {
        return Err(
            t.type_error("can assign only bytes, buffers, or iterables of ints in range(0, 256)")
        );
    }
    Ok(bytes::from_object(t, v, false)?.into_vec())
}

fn set_slice(t: &mut Thread, ba: Value, key: Value, value: Option<Value>) -> PyResult<()> {
    let hb = t.root(ba);
    let hk = t.root(key);
    let new = match value {
        Some(v) => Some(assigned_bytes(t, v)?),
        None => None,
    };
    let (start, stop, step) = slice::unpack(t, t.get(hk))?;
    let mut d = contents(t, t.get(hb));
    let (start, stop, count) = slice::adjust(d.len(), start, stop, step);
    if step == 1 {
        let lo = start.max(0) as usize;
        let hi = (stop.max(start)).max(0) as usize;
        let lo = lo.min(d.len());
        let hi = hi.clamp(lo, d.len());
        d.splice(lo..hi, new.unwrap_or_default());
        return set_contents(t, t.get(hb), &d);
    }
    let idx: Vec<usize> = (0..count)
        .map(|k| (start + step * k as i64) as usize)
        .collect();
    match new {
        None => {
            let mut keep = vec![true; d.len()];
            for &i in &idx {
                keep[i] = false;
            }
            let out: Vec<u8> = d
                .iter()
                .zip(keep)
                .filter(|(_, k)| *k)
                .map(|(c, _)| *c)
                .collect();
            set_contents(t, t.get(hb), &out)
        }
        Some(n) => {
            if n.len() != count {
                let msg = format!(
                    "attempt to assign bytes of size {} to extended slice of size {count}",
                    n.len()
                );
                return Err(t.value_error(&msg));
            }
            for (k, &i) in idx.iter().enumerate() {
                d[i] = n[k];
            }
            set_contents(t, t.get(hb), &d)
        }
    }
}

fn ba_setitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "__setitem__", 2, 2)?;
    let key = a.get(t, 1);
    match sequence::classify_key(t, key)? {
        Key::Index(i) => {
            let v = bytes::byte_value(t, a.get(t, 2))?;
            let ba = a.get(t, 0);
            let n = data(t, ba).len();
            match sequence::norm_index(i, n) {
                Some(j) => {
                    let buf = t.heap.slot(ba, BUF);
                    t.heap.bytes_mut(buf)[j] = v;
                    Ok(Value::NONE)
                }
                None => Err(t.index_error("bytearray index out of range")),
            }
        }
        Key::Overflow => Err(sequence::index_overflow(t)),
        Key::Slice => {
            set_slice(t, a.get(t, 0), a.get(t, 1), Some(a.get(t, 2)))?;
            Ok(Value::NONE)
        }
        Key::Other(tn) => Err(sequence::bad_index(t, "bytearray", &tn)),
    }
}

fn ba_delitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "bytearray.__delitem__")?;
    match sequence::classify_key(t, a.get(t, 1))? {
        Key::Index(i) => {
            let mut d = contents(t, a.get(t, 0));
            match sequence::norm_index(i, d.len()) {
                Some(j) => {
                    d.remove(j);
                    set_contents(t, a.get(t, 0), &d)?;
                    Ok(Value::NONE)
                }
                None => Err(t.index_error("bytearray index out of range")),
            }
        }
        Key::Overflow => Err(sequence::index_overflow(t)),
        Key::Slice => {
            set_slice(t, a.get(t, 0), a.get(t, 1), None)?;
            Ok(Value::NONE)
        }
        Key::Other(tn) => Err(sequence::bad_index(t, "bytearray", &tn)),
    }
}

fn ba_iadd(t: &mut Thread, a: Args) -> PyResult<Value> {
    let Some(d) = bytes::bytes_owned(t, a.get(t, 1)) else {
        let msg = format!(
            "can't concat {} to {}",
            type_::type_name_of(t, a.get(t, 1)),
            type_::type_name_of(t, a.get(t, 0))
        );
        return Err(t.type_error(&msg));
    };
    push_bytes(t, a.get(t, 0), &d)?;
    Ok(a.get(t, 0))
}

fn ba_imul(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = bytes::repeat(t, a.get(t, 0), a.get(t, 1))?;
    if r.is_not_implemented() {
        return Ok(r);
    }
    let d = contents(t, r);
    set_contents(t, a.get(t, 0), &d)?;
    Ok(a.get(t, 0))
}

fn ba_append(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "bytearray.append")?;
    let v = bytes::byte_value(t, a.get(t, 1))?;
    push_bytes(t, a.get(t, 0), &[v])?;
    Ok(Value::NONE)
}

fn ba_extend(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "bytearray.extend")?;
    let x = a.get(t, 1);
    let d = if let Some(b) = bytes::bytes_owned(t, x) {
        b
    } else {
        if !sequence::is_iterable(t, x)? {
            let msg = format!(
                "can't extend bytearray with {}",
                type_::type_name_of(t, a.get(t, 1))
            );
            return Err(t.type_error(&msg));
        }
        bytes::iterable_of_ints(t, a.get(t, 1), false)?
    };
    push_bytes(t, a.get(t, 0), &d)?;
    Ok(Value::NONE)
}

fn ba_pop(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "pop", 0, 1)?;
    let i = match a.opt(t, 1) {
        Some(v) => sequence::index_arg(t, v)?,
        None => -1,
    };
    let mut d = contents(t, a.get(t, 0));
    if d.is_empty() {
        return Err(t.index_error("pop from empty bytearray"));
    }
    let Some(j) = sequence::norm_index(i, d.len()) else {
        return Err(t.index_error("pop index out of range"));
    };
    let v = d.remove(j);
    set_contents(t, a.get(t, 0), &d)?;
    Ok(Value::small_int(v as i64))
}

fn ba_insert(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "insert", 2, 2)?;
    let i = sequence::index_arg(t, a.get(t, 1))?;
    let v = bytes::byte_value(t, a.get(t, 2))?;
    let mut d = contents(t, a.get(t, 0));
    let n = d.len() as i64;
    let pos = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    d.insert(pos, v);
    set_contents(t, a.get(t, 0), &d)?;
    Ok(Value::NONE)
}

fn ba_remove(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "bytearray.remove")?;
    let v = bytes::byte_value(t, a.get(t, 1))?;
    let mut d = contents(t, a.get(t, 0));
    match d.iter().position(|&c| c == v) {
        Some(p) => {
            d.remove(p);
            set_contents(t, a.get(t, 0), &d)?;
            Ok(Value::NONE)
        }
        None => Err(t.value_error("value not found in bytearray")),
    }
}

fn ba_clear(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "bytearray.clear")?;
    set_contents(t, a.get(t, 0), &[])?;
    Ok(Value::NONE)
}

fn ba_reverse(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "bytearray.reverse")?;
    let mut d = contents(t, a.get(t, 0));
    d.reverse();
    set_contents(t, a.get(t, 0), &d)?;
    Ok(Value::NONE)
}

fn ba_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "bytearray.copy")?;
    let d = contents(t, a.get(t, 0));
    new_bytearray(t, &d)
}

fn ba_alloc(t: &mut Thread, a: Args) -> PyResult<Value> {
    let buf = t.heap.slot(a.get(t, 0), BUF);
    Ok(Value::small_int(t.heap.count(buf) as i64 + 1))
}

/// Adds the type's methods to its namespace.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::ByteArray);
    let h = t.root(ty);
    native::add_static(t, ty, "__new__", ba_new)?;
    for (name, f) in bytes::common_methods() {
        native::add_method(t, t.get(h), name, *f)?;
    }
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__init__", ba_init),
        ("__repr__", ba_repr),
        ("__setitem__", ba_setitem),
        ("__delitem__", ba_delitem),
        ("__iadd__", ba_iadd),
        ("__imul__", ba_imul),
        ("__alloc__", ba_alloc),
        ("append", ba_append),
        ("extend", ba_extend),
        ("pop", ba_pop),
        ("insert", ba_insert),
        ("remove", ba_remove),
        ("clear", ba_clear),
        ("reverse", ba_reverse),
        ("copy", ba_copy),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    bytes::add_type_functions(t, t.get(h))?;
    type_::define(t, t.get(h), "__hash__", Value::NONE)?;
    Ok(())
}

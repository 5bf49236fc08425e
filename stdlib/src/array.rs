//! The `array` module: `array.array`, a mutable sequence of fixed-size C numbers, with its
//! iterator, `typecodes`, `ArrayType` and `_array_reconstructor` (pickling).
//!
//! An array is a native instance whose first slots follow the buffer-exporter convention
//! of `native_type::BUF_*`: slot 0 holds a Bytes-format storage object (its length is the
//! capacity), slot 1 the bytes in use, slot 2 the item format, slot 3 the item size; slot 4
//! holds the typecode (a SmallInt character). The elements themselves are raw
//! native-endian bytes in the storage object, so the collector never traces them, and
//! `bytes(a)`, `memoryview(a)`, file `write`/`readinto` and `struct.pack_into` see them
//! through the vm's buffer hooks without calling back into this module.
//!
//! **Invariant:** the bytes in use are a whole number of items: every mutation computes
//! the new contents (converting and range-checking every new item first, which may run
//! Python code) and only then writes them, so a failed conversion leaves the array as it
//! was, except where CPython itself keeps a prefix (`extend` from an iterator).
//!
//! This file holds the storage, the sequence protocol and the module; the named methods
//! are in `array_methods.rs`, the typecodes and item conversions in `array_items.rs`.
//!
//! **Differences from CPython:**
//! - CPython refuses to resize an array while a buffer export (a memoryview) is alive
//!   ("BufferError: cannot resize an array that is exporting buffers"); ember does not
//!   count exports (ARCHITECTURE.md, "Buffers"), so the array resizes and a view that then
//!   reaches past its end raises BufferError when used.
//! - A 'u' item holding a lone surrogate (possible through `frombytes`) raises ValueError
//!   when read, because an ember str cannot hold one; CPython returns it.
//! - `buffer_info()`'s address is only good until the next allocation: the collector
//!   moves the storage.

use ember_gc::Value;
use ember_vm::bytecode::CompareOp;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::sequence::{self, Key, Repeat};
use ember_vm::objects::{
    bytes, descriptors, dict, list, module, slice, str as pystr, tuple, type_,
};
use ember_vm::protocol;
use ember_vm::thread::Thread;

#[path = "array_items.rs"]
mod items;
#[path = "array_methods.rs"]
mod methods;

use items::{Code, Num};

const STORAGE: usize = native_type::BUF_STORAGE;
const NBYTES: usize = native_type::BUF_LEN;
const TYPECODE: usize = 4;
const ARRAY_SLOTS: u32 = 5;

// Iterator slots: the array (None once exhausted) and the next index.
const IT_ARRAY: usize = 0;
const IT_INDEX: usize = 1;

const ARRAY: &str = "array.array";
const ITER: &str = "array.arrayiterator";

// ----- the storage -----

fn array_type(t: &mut Thread) -> PyResult<Value> {
    match native_type::native_type(t, ARRAY) {
        Some(ty) => Ok(ty),
        None => Err(t.system_error("array.array is not initialised")),
    }
}

/// The typecode of an initialised array.
fn code_of(t: &Thread, a: Value) -> Option<Code> {
    let c = t.heap.slot(a, TYPECODE);
    if !c.is_small_int() {
        return None;
    }
    char::from_u32(c.as_small_int() as u32).and_then(Code::from_char)
}

/// Whether `v` is an array (or subclass instance) whose slots are initialised.
fn is_array(t: &Thread, v: Value) -> bool {
    let Some(ty) = native_type::native_type(t, ARRAY) else {
        return false;
    };
    native_type::is_instance(t, v, ty) && native_type::is_buffer(t, v) && code_of(t, v).is_some()
}

/// The receiver of an array method and its typecode.
fn this(t: &mut Thread, a: &Args) -> PyResult<(Value, Code)> {
    let v = a.get(t, 0);
    if is_array(t, v) {
        if let Some(code) = code_of(t, v) {
            return Ok((v, code));
        }
    }
    Err(t.type_error("array.array object is not initialized"))
}

/// The bytes in use.
fn data(t: &Thread, a: Value) -> &[u8] {
    native_type::buffer_data(t, a).unwrap_or(&[])
}

fn data_mut(t: &mut Thread, a: Value) -> &mut [u8] {
    native_type::buffer_data_mut(t, a).unwrap_or(&mut [])
}

/// The number of items.
fn len(t: &Thread, a: Value, code: Code) -> usize {
    data(t, a).len() / code.itemsize()
}

/// A new array of class `cls` with `nbytes` zero bytes (a whole number of items), which
/// `fill` then writes. The storage is allocated on the heap before anything is built in
/// Rust, so a huge request fails with MemoryError instead of aborting.
fn new_array_with(
    t: &mut Thread,
    cls: Value,
    code: Code,
    nbytes: usize,
    fill: impl FnOnce(&mut [u8]),
) -> PyResult<Value> {
    let hc = t.root(cls);
    let storage = t.alloc_bytes(BuiltinType::Array.layout(), nbytes)?;
    fill(t.heap.bytes_mut(storage));
    let hs = t.root(storage);
    let fmt = pystr::new_str(t, code.format())?;
    native_type::new_instance(
        t,
        t.get(hc),
        &[
            t.get(hs),
            Value::small_int(nbytes as i64),
            fmt,
            Value::small_int(code.itemsize() as i64),
            Value::small_int(code.to_char() as i64),
        ],
    )
}

/// A new array of class `cls` holding `contents`.
fn new_array(t: &mut Thread, cls: Value, code: Code, contents: &[u8]) -> PyResult<Value> {
    new_array_with(t, cls, code, contents.len(), |d| {
        d.copy_from_slice(contents)
    })
}

/// A new exact `array.array` holding `contents` (slices, `+`, `*`, copies).
fn new_exact(t: &mut Thread, code: Code, contents: &[u8]) -> PyResult<Value> {
    let ty = array_type(t)?;
    new_array(t, ty, code, contents)
}

/// Sets the number of bytes in use to `n`, keeping the first `min(old, n)` bytes (new
/// bytes are zero). Grows the capacity by about 1/16 beyond what is needed, as CPython's
/// `array_resize`, and gives memory back when the array shrinks below a quarter of it.
fn resize(t: &mut Thread, a: Value, n: usize) -> PyResult<()> {
    let storage = t.heap.slot(a, STORAGE);
    let cap = t.heap.count(storage);
    let old = t.heap.slot(a, NBYTES).as_small_int() as usize;
    if n <= cap && (n >= cap / 4 || cap <= 64) {
        if n > old {
            t.heap.bytes_mut(storage)[old..n].fill(0);
        }
        t.heap.set_slot(a, NBYTES, Value::small_int(n as i64));
        return Ok(());
    }
    if n > isize::MAX as usize {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    }
    let new_cap = if n > cap { n + (n >> 4) + 32 } else { n };
    let ha = t.root(a);
    let fresh = t.alloc_bytes(BuiltinType::Array.layout(), new_cap)?;
    let a = t.get(ha);
    let keep = old.min(n);
    let prefix = data(t, a)[..keep].to_vec();
    t.heap.bytes_mut(fresh)[..keep].copy_from_slice(&prefix);
    t.heap.set_slot(a, STORAGE, fresh);
    t.heap.set_slot(a, NBYTES, Value::small_int(n as i64));
    Ok(())
}

/// Replaces the contents of `a` with `contents`.
fn set_contents(t: &mut Thread, a: Value, contents: &[u8]) -> PyResult<()> {
    let ha = t.root(a);
    resize(t, a, contents.len())?;
    data_mut(t, t.get(ha)).copy_from_slice(contents);
    Ok(())
}

/// Appends raw items.
fn push_bytes(t: &mut Thread, a: Value, more: &[u8]) -> PyResult<()> {
    let ha = t.root(a);
    let old = data(t, a).len();
    let Some(n) = old.checked_add(more.len()) else {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    };
    resize(t, a, n)?;
    data_mut(t, t.get(ha))[old..].copy_from_slice(more);
    Ok(())
}

/// Item `i` (`i < len`) as a Python value.
fn item(t: &mut Thread, a: Value, code: Code, i: usize) -> PyResult<Value> {
    let size = code.itemsize();
    let mut raw = [0u8; 8];
    raw[..size].copy_from_slice(&data(t, a)[i * size..(i + 1) * size]);
    items::unpack(t, code, &raw[..size])
}

/// The number stored at item `i` (`i < len`).
fn num(t: &Thread, a: Value, code: Code, i: usize) -> Num {
    let size = code.itemsize();
    items::decode(code, &data(t, a)[i * size..(i + 1) * size])
}

/// Appends the items of any iterable, converting each as it comes (a failure keeps the
/// items appended before it, as CPython's `array_iter_extend`).
fn extend_iter(t: &mut Thread, a: Value, code: Code, iterable: Value) -> PyResult<()> {
    let ha = t.root(a);
    let it = protocol::iter(t, iterable)?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(v) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let packed = items::pack(t, code, v)?;
        push_bytes(t, t.get(ha), &packed[..code.itemsize()])?;
        t.handle_release(mark);
    }
    Ok(())
}

/// `a.extend(x)` and the tail of `a += x`: arrays of the same typecode are copied, other
/// iterables converted item by item.
fn extend(t: &mut Thread, a: Value, code: Code, other: Value) -> PyResult<()> {
    if !is_array(t, other) {
        return extend_iter(t, a, code, other);
    }
    if code_of(t, other) != Some(code) {
        return Err(t.type_error("can only extend with array of same kind"));
    }
    let more = data(t, other).to_vec();
    push_bytes(t, a, &more)
}

/// The raw items of `v` converted to `code`, for initialisers that are lists or tuples.
fn pack_sequence(t: &mut Thread, code: Code, seq: Value) -> PyResult<Vec<u8>> {
    let hs = t.root(seq);
    let n = sequence::seq_len(t, seq);
    let size = code.itemsize();
    let mut out = Vec::with_capacity(n.min(1 << 20) * size);
    for i in 0..n {
        let seq = t.get(hs);
        if i >= sequence::seq_len(t, seq) {
            let what = if list::is_list(t, seq) {
                "list"
            } else {
                "tuple"
            };
            return Err(t.index_error(&format!("{what} index out of range")));
        }
        let v = sequence::seq_get(t, seq, i);
        let mark = t.handle_mark();
        let packed = items::pack(t, code, v)?;
        t.handle_release(mark);
        out.extend_from_slice(&packed[..size]);
    }
    Ok(out)
}

/// The contents of a bytes-like argument of `frombytes` (a buffer of single bytes).
fn bytes_arg(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    let hv = t.root(v);
    let single = match native_type::buffer_format(t, v) {
        Some((_, size)) => size == 1,
        None if bytes::is_exporter(t, v) => true,
        None if ember_vm::objects::memoryview::is_memoryview(t, v) => {
            protocol::getattr_str(t, v, "itemsize")? == Value::small_int(1)
        }
        None => {
            let msg = format!(
                "a bytes-like object is required, not '{}'",
                type_::type_name_of(t, v)
            );
            return Err(t.type_error(&msg));
        }
    };
    if !single {
        return Err(t.type_error("a bytes-like object is required"));
    }
    match bytes::bytes_owned(t, t.get(hv)) {
        Some(d) => Ok(d),
        None => Err(t.value_error("operation forbidden on released memoryview object")),
    }
}

/// Checks that `n` bytes are a whole number of items.
fn check_multiple(t: &mut Thread, n: usize, code: Code) -> PyResult<()> {
    if n % code.itemsize() != 0 {
        return Err(t.value_error("bytes length not a multiple of item size"));
    }
    Ok(())
}

/// The raw items of a str for a 'u' array.
fn wide_chars(t: &Thread, s: Value) -> Vec<u8> {
    pystr::with_str(t, s, |s| {
        s.chars().flat_map(|c| (c as u32).to_ne_bytes()).collect()
    })
}

/// `array(typecode, initializer)` for class `cls` (CPython's `array_new` after argument
/// parsing; `_array_reconstructor` calls it too).
fn construct(t: &mut Thread, cls: Value, c: char, initial: Option<Value>) -> PyResult<Value> {
    let hc = t.root(cls);
    let hi = t.root(initial.unwrap_or(Value::NONE));
    if let Some(init) = initial {
        if c != 'u' {
            if pystr::is_str(t, init) {
                let msg = format!("cannot use a str to initialize an array with typecode '{c}'");
                return Err(t.type_error(&msg));
            }
            if is_array(t, init) && code_of(t, init) == Some(Code::Wchar) {
                let msg = format!(
                    "cannot use a unicode array to initialize an array with typecode '{c}'"
                );
                return Err(t.type_error(&msg));
            }
        }
    }
    let direct = match initial {
        None => true,
        Some(v) => {
            list::is_list(t, v)
                || tuple::is_tuple(t, v)
                || bytes::is_bytes_like(t, v)
                || (c == 'u' && pystr::is_str(t, v))
                || (is_array(t, v) && code_of(t, v).map(Code::to_char) == Some(c))
        }
    };
    // CPython asks for the iterator before it checks the typecode.
    let hit = if direct {
        None
    } else {
        let it = protocol::iter(t, t.get(hi))?;
        Some(t.root(it))
    };
    let Some(code) = Code::from_char(c) else {
        return Err(t.value_error(items::BAD_TYPECODE));
    };
    let init = t.get(hi);
    let contents = if initial.is_none() || hit.is_some() {
        Vec::new()
    } else if list::is_list(t, init) || tuple::is_tuple(t, init) {
        pack_sequence(t, code, init)?
    } else if bytes::is_bytes_like(t, init) {
        let d = bytes::exporter_data(t, init).unwrap_or(&[]).to_vec();
        check_multiple(t, d.len(), code)?;
        d
    } else if pystr::is_str(t, init) {
        wide_chars(t, init)
    } else {
        data(t, init).to_vec()
    };
    let a = new_array(t, t.get(hc), code, &contents)?;
    if let Some(hit) = hit {
        let ha = t.root(a);
        extend_iter(t, a, code, t.get(hit))?;
        return Ok(t.get(ha));
    }
    Ok(a)
}

/// A typecode argument: a str of one character ("<fname>() argument <n> must be a
/// unicode character, not T" otherwise).
fn typecode_arg(t: &mut Thread, v: Value, fname: &str, pos: usize) -> PyResult<char> {
    if pystr::is_str(t, v) && pystr::char_len(t, v) == 1 {
        if let Some(c) = pystr::with_str(t, v, |s| s.chars().next()) {
            return Ok(c);
        }
    }
    let msg = format!(
        "{fname}() argument {pos} must be a unicode character, not {}",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

/// The argument check of CPython's slot wrappers (`a.__len__()`, `a.__getitem__(k)`): no
/// keywords and exactly `n` arguments after self. The wrappers that unpack an argument
/// tuple (`__setitem__`, `__mul__`, `__imul__`) start their message with their empty name.
fn check_slot(t: &mut Thread, a: Args, name: &str, n: usize, unpack: bool) -> PyResult<()> {
    if a.nkw > 0 {
        return Err(t.type_error(&format!("wrapper {name}() takes no keyword arguments")));
    }
    let given = a.len() - 1;
    if given != n {
        let s = if n == 1 { "" } else { "s" };
        let lead = if unpack { " " } else { "" };
        return Err(t.type_error(&format!("{lead}expected {n} argument{s}, got {given}")));
    }
    Ok(())
}

// ----- natives: construction and the sequence protocol -----

fn array_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("array.array.__new__(): not enough arguments"));
    }
    let cls = a.get(t, 0);
    let aty = array_type(t)?;
    if !type_::is_type(t, cls) {
        let msg = format!(
            "array.array.__new__(X): X is not a type object ({})",
            type_::type_name_of(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    if !type_::is_subtype(t, cls, aty) {
        let c = type_::type_name(t, cls);
        let msg = format!("array.array.__new__({c}): {c} is not a subtype of array.array");
        return Err(t.type_error(&msg));
    }
    if a.nkw > 0 {
        // Keywords are refused unless a subclass's own __init__ may want them.
        let init = type_::lookup_str(t, a.get(t, 0), "__init__")?;
        let obj = t.ty(BuiltinType::Object);
        let obj_init = type_::lookup_str(t, obj, "__init__")?;
        if a.get(t, 0) == aty || init == obj_init {
            return Err(t.type_error("array.array() takes no keyword arguments"));
        }
    }
    let n = a.len() - 1;
    if n == 0 {
        return Err(t.type_error("array() takes at least 1 argument (0 given)"));
    }
    if n > 2 {
        let msg = format!("array() takes at most 2 arguments ({n} given)");
        return Err(t.type_error(&msg));
    }
    let c = typecode_arg(t, a.get(t, 1), "array", 1)?;
    construct(t, a.get(t, 0), c, a.opt(t, 2))
}

fn array_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__len__", 0, false)?;
    let (arr, code) = this(t, &a)?;
    Ok(Value::small_int(len(t, arr, code) as i64))
}

/// The items of `arr` selected by a slice, as raw bytes.
fn gather(t: &Thread, arr: Value, code: Code, start: i64, step: i64, count: usize) -> Vec<u8> {
    let size = code.itemsize();
    let d = data(t, arr);
    let mut out = Vec::with_capacity(count * size);
    for k in 0..count {
        let i = (start + k as i64 * step) as usize;
        out.extend_from_slice(&d[i * size..(i + 1) * size]);
    }
    out
}

fn array_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__getitem__", 1, false)?;
    this(t, &a)?;
    match sequence::classify_key(t, a.get(t, 1))? {
        Key::Index(i) => {
            let (arr, code) = this(t, &a)?;
            match sequence::norm_index(i, len(t, arr, code)) {
                Some(i) => item(t, arr, code, i),
                None => Err(t.index_error("array index out of range")),
            }
        }
        Key::Overflow => Err(sequence::index_overflow(t)),
        Key::Slice => {
            let (start, stop, step) = slice::unpack(t, a.get(t, 1))?;
            let (arr, code) = this(t, &a)?;
            let (start, _, count) = slice::adjust(len(t, arr, code), start, stop, step);
            let out = gather(t, arr, code, start, step, count);
            new_exact(t, code, &out)
        }
        Key::Other(_) => Err(t.type_error("array indices must be integers")),
    }
}

/// Where a subscript assignment or deletion applies: (start, step, count) in items.
fn target(t: &mut Thread, a: &Args) -> PyResult<(i64, i64, usize)> {
    match sequence::classify_key(t, a.get(t, 1))? {
        Key::Index(i) => {
            let (arr, code) = this(t, a)?;
            match sequence::norm_index(i, len(t, arr, code)) {
                Some(i) => Ok((i as i64, 1, 1)),
                None => Err(t.index_error("array assignment index out of range")),
            }
        }
        Key::Overflow => Err(sequence::index_overflow(t)),
        Key::Slice => {
            let (start, stop, step) = slice::unpack(t, a.get(t, 1))?;
            let (arr, code) = this(t, a)?;
            let (start, _, count) = slice::adjust(len(t, arr, code), start, stop, step);
            Ok((start, step, count))
        }
        Key::Other(_) => Err(t.type_error("array indices must be integers")),
    }
}

/// Deletes the `count` items at `start, start + step, ...` from `d` (raw items of `size`).
fn delete_items(d: &mut Vec<u8>, size: usize, start: i64, step: i64, count: usize) {
    if count == 0 {
        return;
    }
    let mut doomed: Vec<usize> = (0..count)
        .map(|k| (start + k as i64 * step) as usize)
        .collect();
    doomed.sort_unstable();
    let n = d.len() / size;
    let mut out = Vec::with_capacity(d.len() - count * size);
    let mut next = 0;
    for i in 0..n {
        if next < doomed.len() && doomed[next] == i {
            next += 1;
            continue;
        }
        out.extend_from_slice(&d[i * size..(i + 1) * size]);
    }
    *d = out;
}

fn array_setitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__setitem__", 2, true)?;
    let (_, code) = this(t, &a)?;
    let is_slice = slice::is_slice(t, a.get(t, 1));
    let (start, step, count) = target(t, &a)?;
    let size = code.itemsize();
    if !is_slice {
        let packed = items::pack(t, code, a.get(t, 2))?;
        let (arr, _) = this(t, &a)?;
        let i = start as usize;
        // The conversion may have shrunk the array; CPython then writes into the spare
        // capacity, where the item is invisible, so the store is dropped.
        if i < len(t, arr, code) {
            data_mut(t, arr)[i * size..(i + 1) * size].copy_from_slice(&packed[..size]);
        }
        return Ok(Value::NONE);
    }
    let value = a.get(t, 2);
    if !is_array(t, value) {
        let msg = format!(
            "can only assign array (not \"{}\") to array slice",
            type_::tp_name(t, t.type_of(value))?
        );
        return Err(t.type_error(&msg));
    }
    if code_of(t, value) != Some(code) {
        return Err(t.type_error("bad argument type for built-in operation"));
    }
    // A copy first: `a[i:j] = a` reads the old contents.
    let other = data(t, value).to_vec();
    let needed = other.len() / size;
    let (arr, _) = this(t, &a)?;
    let mut d = data(t, arr).to_vec();
    if step == 1 {
        let s = start as usize * size;
        d.splice(s..s + count * size, other);
    } else if needed == 0 {
        // CPython deletes an extended slice that is assigned an empty array.
        delete_items(&mut d, size, start, step, count);
    } else if needed != count {
        let msg =
            format!("attempt to assign array of size {needed} to extended slice of size {count}");
        return Err(t.value_error(&msg));
    } else {
        for k in 0..count {
            let i = (start + k as i64 * step) as usize;
            d[i * size..(i + 1) * size].copy_from_slice(&other[k * size..(k + 1) * size]);
        }
    }
    set_contents(t, arr, &d)?;
    Ok(Value::NONE)
}

fn array_delitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__delitem__", 1, false)?;
    let (_, code) = this(t, &a)?;
    let (start, step, count) = target(t, &a)?;
    let (arr, _) = this(t, &a)?;
    let mut d = data(t, arr).to_vec();
    delete_items(&mut d, code.itemsize(), start, step, count);
    set_contents(t, arr, &d)?;
    Ok(Value::NONE)
}

/// The first index in `start..stop` (clipped to the current length at every step) whose
/// item equals `x`; comparisons may run Python code that changes the array.
fn find(t: &mut Thread, a: &Args, x: usize, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let mut i = start;
    loop {
        let (arr, code) = this(t, a)?;
        if i >= stop || i >= len(t, arr, code) {
            return Ok(None);
        }
        let mark = t.handle_mark();
        let v = item(t, arr, code, i)?;
        let found = protocol::eq(t, v, a.get(t, x))?;
        t.handle_release(mark);
        if found {
            return Ok(Some(i));
        }
        i += 1;
    }
}

fn array_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__contains__", 1, false)?;
    this(t, &a)?;
    Ok(Value::from_bool(find(t, &a, 1, 0, usize::MAX)?.is_some()))
}

fn array_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__iter__", 0, false)?;
    let (arr, _) = this(t, &a)?;
    let ha = t.root(arr);
    let Some(ty) = native_type::native_type(t, ITER) else {
        return Err(t.system_error("array iterators are not initialised"));
    };
    native_type::new_instance(t, ty, &[t.get(ha), Value::small_int(0)])
}

/// `repr(a)`: `array('d', [1.0, 2.0])`, `array('u', 'text')`, `array('b')`; a subclass
/// shows its own name.
fn array_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__repr__", 0, false)?;
    let (arr, code) = this(t, &a)?;
    let name = type_::type_name(t, t.type_of(arr));
    let c = code.to_char();
    if len(t, arr, code) == 0 {
        return pystr::new_str(t, &format!("{name}('{c}')"));
    }
    let body = if code == Code::Wchar {
        methods::to_unicode(t, arr)?
    } else {
        methods::to_list(t, arr, code)?
    };
    let r = protocol::repr_string(t, body)?;
    pystr::new_str(t, &format!("{name}('{c}', {r})"))
}

/// Rich comparison: arrays only (NotImplemented otherwise), item by item as numbers.
fn compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (v, w) = (a.get(t, 0), a.get(t, 1));
    if !is_array(t, v) || !is_array(t, w) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let (Some(vc), Some(wc)) = (code_of(t, v), code_of(t, w)) else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let (vn, wn) = (len(t, v, vc), len(t, w, wc));
    if vn != wn && matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(Value::from_bool(op == CompareOp::Ne));
    }
    for i in 0..vn.min(wn) {
        // Re-read: the mixed-kind path below allocates.
        let (v, w) = (a.get(t, 0), a.get(t, 1));
        let (x, y) = (num(t, v, vc, i), num(t, w, wc, i));
        let differ = match (x, y) {
            (Num::Int(p), Num::Int(q)) => Some(p.partial_cmp(&q)),
            (Num::Float(p), Num::Float(q)) => Some(p.partial_cmp(&q)),
            (Num::Char(p), Num::Char(q)) => Some(p.partial_cmp(&q)),
            _ => None,
        };
        match differ {
            Some(Some(std::cmp::Ordering::Equal)) => continue,
            Some(ord) => {
                let r = match op {
                    CompareOp::Eq => false,
                    CompareOp::Ne => true,
                    CompareOp::Lt => ord == Some(std::cmp::Ordering::Less),
                    CompareOp::Le => ord == Some(std::cmp::Ordering::Less),
                    CompareOp::Gt => ord == Some(std::cmp::Ordering::Greater),
                    CompareOp::Ge => ord == Some(std::cmp::Ordering::Greater),
                };
                return Ok(Value::from_bool(r));
            }
            None => {
                // Mixed kinds: Python's own comparison of the two items.
                let xi = item(t, a.get(t, 0), vc, i)?;
                let hx = t.root(xi);
                let yi = item(t, a.get(t, 1), wc, i)?;
                let hy = t.root(yi);
                if protocol::eq(t, t.get(hx), t.get(hy))? {
                    continue;
                }
                return match op {
                    CompareOp::Eq => Ok(Value::FALSE),
                    CompareOp::Ne => Ok(Value::TRUE),
                    _ => protocol::rich_compare(t, t.get(hx), t.get(hy), op),
                };
            }
        }
    }
    let r = match op {
        CompareOp::Lt => vn < wn,
        CompareOp::Le => vn <= wn,
        CompareOp::Eq => vn == wn,
        CompareOp::Ne => vn != wn,
        CompareOp::Gt => vn > wn,
        CompareOp::Ge => vn >= wn,
    };
    Ok(Value::from_bool(r))
}

fn array_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__eq__", 1, false)?;
    compare(t, a, CompareOp::Eq)
}
fn array_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__ne__", 1, false)?;
    compare(t, a, CompareOp::Ne)
}
fn array_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__lt__", 1, false)?;
    compare(t, a, CompareOp::Lt)
}
fn array_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__le__", 1, false)?;
    compare(t, a, CompareOp::Le)
}
fn array_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__gt__", 1, false)?;
    compare(t, a, CompareOp::Gt)
}
fn array_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__ge__", 1, false)?;
    compare(t, a, CompareOp::Ge)
}

fn bad_argument(t: &mut Thread) -> Raised {
    t.type_error("bad argument type for built-in operation")
}

fn array_add(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__add__", 1, false)?;
    let (arr, code) = this(t, &a)?;
    let other = a.get(t, 1);
    if !is_array(t, other) {
        if sequence::reflects(t, other, "__radd__")? {
            return Ok(Value::NOT_IMPLEMENTED);
        }
        let msg = format!(
            "can only append array (not \"{}\") to array",
            type_::tp_name(t, t.type_of(a.get(t, 1)))?
        );
        return Err(t.type_error(&msg));
    }
    if code_of(t, other) != Some(code) {
        return Err(bad_argument(t));
    }
    let mut out = data(t, arr).to_vec();
    out.extend_from_slice(data(t, other));
    new_exact(t, code, &out)
}

fn array_iadd(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__iadd__", 1, false)?;
    let (arr, code) = this(t, &a)?;
    let other = a.get(t, 1);
    if !is_array(t, other) {
        let msg = format!(
            "can only extend array with array (not \"{}\")",
            type_::tp_name(t, t.type_of(other))?
        );
        return Err(t.type_error(&msg));
    }
    extend(t, arr, code, other)?;
    Ok(a.get(t, 0))
}

/// The byte size of `n` repetitions of `a`, or MemoryError.
fn repeat_size(t: &mut Thread, arr: Value, n: usize) -> PyResult<usize> {
    let nb = data(t, arr).len();
    match nb.checked_mul(n) {
        Some(total) if total <= isize::MAX as usize => Ok(total),
        _ => Err(t.raise_empty(BuiltinType::MemoryError)),
    }
}

fn array_mul(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__mul__", 1, true)?;
    this(t, &a)?;
    let n = match sequence::repeat_arg(t, a.get(t, 1))? {
        Repeat::Count(n) => n.max(0) as usize,
        Repeat::Done(v) => return Ok(v),
    };
    let (arr, code) = this(t, &a)?;
    let total = repeat_size(t, arr, n)?;
    let unit = data(t, arr).to_vec();
    let ty = array_type(t)?;
    new_array_with(t, ty, code, total, |d| {
        if !unit.is_empty() {
            for chunk in d.chunks_mut(unit.len()) {
                chunk.copy_from_slice(&unit);
            }
        }
    })
}

fn array_imul(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__imul__", 1, true)?;
    this(t, &a)?;
    let n = match sequence::repeat_arg(t, a.get(t, 1))? {
        Repeat::Count(n) => n.max(0) as usize,
        Repeat::Done(v) => return Ok(v),
    };
    let (arr, _) = this(t, &a)?;
    if n != 1 && !data(t, arr).is_empty() {
        let total = repeat_size(t, arr, n)?;
        let unit = data(t, arr).to_vec();
        resize(t, arr, total)?;
        let (arr, _) = this(t, &a)?;
        for chunk in data_mut(t, arr).chunks_mut(unit.len()) {
            chunk.copy_from_slice(&unit);
        }
    }
    Ok(a.get(t, 0))
}

fn array_typecode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (_, code) = this(t, &a)?;
    pystr::new_str(t, code.to_char().encode_utf8(&mut [0u8; 4]))
}

fn array_itemsize(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (_, code) = this(t, &a)?;
    Ok(Value::small_int(code.itemsize() as i64))
}

// ----- the iterator -----

/// `tp_iternext` of `array.arrayiterator`.
fn iter_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let arr = t.heap.slot(it, IT_ARRAY);
    let index = t.heap.slot(it, IT_INDEX);
    if !is_array(t, arr) || !index.is_small_int() {
        return Ok(None);
    }
    let Some(code) = code_of(t, arr) else {
        return Ok(None);
    };
    let i = index.as_small_int() as usize;
    if i >= len(t, arr, code) {
        t.heap.set_slot(it, IT_ARRAY, Value::NONE);
        return Ok(None);
    }
    t.heap
        .set_slot(it, IT_INDEX, Value::small_int(i as i64 + 1));
    item(t, arr, code, i).map(Some)
}

fn iter_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_slot(t, a, "__next__", 0, false)?;
    match iter_step(t, a.get(t, 0))? {
        Some(v) => Ok(v),
        None => Err(t.raise_empty(BuiltinType::StopIteration)),
    }
}

fn iter_self(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(a.get(t, 0))
}

fn iter_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 1 || a.nkw > 0 {
        return Err(t.type_error("__reduce__() takes no arguments"));
    }
    let builtins = t.globals.builtins;
    let Some(iter_fn) = dict::get_rust_str(t, builtins, "iter")? else {
        return Err(t.system_error("builtins.iter is missing"));
    };
    let hf = t.root(iter_fn);
    let it = a.get(t, 0);
    let arr = t.heap.slot(it, IT_ARRAY);
    if arr.is_none() {
        let empty = tuple::new_tuple(t, &[])?;
        let args = tuple::new_tuple(t, &[empty])?;
        return tuple::new_tuple(t, &[t.get(hf), args]);
    }
    let index = t.heap.slot(it, IT_INDEX);
    let args = tuple::new_tuple(t, &[arr])?;
    tuple::new_tuple(t, &[t.get(hf), args, index])
}

fn iter_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "arrayiterator.__setstate__")?;
    // PyLong_AsSsize_t: ints only, no __index__.
    let state = a.get(t, 1);
    if !ember_vm::objects::int::is_int(t, state) {
        return Err(t.type_error("an integer is required"));
    }
    let Some(i) = ember_vm::objects::int::to_i64(t, state) else {
        return Err(t.overflow_error("Python int too large to convert to C ssize_t"));
    };
    let it = a.get(t, 0);
    let arr = t.heap.slot(it, IT_ARRAY);
    if is_array(t, arr) {
        let code = code_of(t, arr).unwrap_or(Code::U8);
        let n = len(t, arr, code) as i64;
        t.heap
            .set_slot(it, IT_INDEX, Value::small_int(i.clamp(0, n)));
    }
    Ok(Value::NONE)
}

// ----- the module -----

const ARRAY_DOC: &str = "array(typecode [, initializer]) -> array\n\nReturn a new array whose items are restricted by typecode, and\ninitialized from the optional initializer value, which must be a list,\nstring or iterable over elements of the appropriate type.\n\nArrays represent basic values and behave very much like lists, except\nthe type of objects stored in them is constrained. The type is specified\nat object creation time by using a type code, which is a single character.\nThe following type codes are defined:\n\n    Type code   C Type             Minimum size in bytes\n    'b'         signed integer     1\n    'B'         unsigned integer   1\n    'u'         Unicode character  2 (see note)\n    'h'         signed integer     2\n    'H'         unsigned integer   2\n    'i'         signed integer     2\n    'I'         unsigned integer   2\n    'l'         signed integer     4\n    'L'         unsigned integer   4\n    'q'         signed integer     8 (see note)\n    'Q'         unsigned integer   8 (see note)\n    'f'         floating point     4\n    'd'         floating point     8\n\nNOTE: The 'u' typecode corresponds to Python's unicode character. On\nnarrow builds this is 2-bytes on wide builds this is 4-bytes.\n\nNOTE: The 'q' and 'Q' type codes are only available if the platform\nC compiler used to build Python supports 'long long', or, on Windows,\n'__int64'.\n\nMethods:\n\nappend() -- append a new item to the end of the array\nbuffer_info() -- return information giving the current memory info\nbyteswap() -- byteswap all the items of the array\ncount() -- return number of occurrences of an object\nextend() -- extend array by appending multiple elements from an iterable\nfromfile() -- read items from a file object\nfromlist() -- append items from the list\nfrombytes() -- append items from the string\nindex() -- return index of first occurrence of an object\ninsert() -- insert a new item into the array at a provided position\npop() -- remove and return item (default last)\nremove() -- remove first occurrence of an object\nreverse() -- reverse the order of the items in the array\ntofile() -- write all items to a file object\ntolist() -- return the array converted to an ordinary list\ntobytes() -- return the array converted to a string\n\nAttributes:\n\ntypecode -- the typecode character used to create the array\nitemsize -- the length in bytes of one array item\n";

const MODULE_DOC: &str = "This module defines an object type which can efficiently represent\nan array of basic values: characters, integers, floating point\nnumbers.  Arrays are sequence types and behave very much like lists,\nexcept that the type of objects stored in them is constrained.\n";

fn init_types(t: &mut Thread) -> PyResult<()> {
    let spec = NativeTypeSpec {
        module: "array",
        name: "array",
        slots: ARRAY_SLOTS,
        basetype: true,
        dict: false,
    };
    let ty = native_type::new_native_type(t, ARRAY, &spec)?;
    let hty = t.root(ty);
    native_type::set_buffer_exporter(t, ty);
    type_::set_flag(t, ty, type_::flags::SEQUENCE, true);
    native::add_static(t, ty, "__new__", array_new)?;
    let core: &[(&'static str, native::NativeFn)] = &[
        ("__len__", array_len),
        ("__getitem__", array_getitem),
        ("__setitem__", array_setitem),
        ("__delitem__", array_delitem),
        ("__contains__", array_contains),
        ("__iter__", array_iter),
        ("__repr__", array_repr),
        ("__eq__", array_eq),
        ("__ne__", array_ne),
        ("__lt__", array_lt),
        ("__le__", array_le),
        ("__gt__", array_gt),
        ("__ge__", array_ge),
        ("__add__", array_add),
        ("__iadd__", array_iadd),
        ("__mul__", array_mul),
        ("__rmul__", array_mul),
        ("__imul__", array_imul),
    ];
    for (name, f) in core.iter().chain(methods::METHODS) {
        native::add_method(t, t.get(hty), name, *f)?;
    }
    descriptors::add_getset(t, t.get(hty), "typecode", array_typecode, None)?;
    descriptors::add_getset(t, t.get(hty), "itemsize", array_itemsize, None)?;
    let d = type_::type_dict(t, t.get(hty));
    dict::set_str(t, d, "__hash__", Value::NONE)?;
    let doc = pystr::new_str(t, ARRAY_DOC)?;
    let d = type_::type_dict(t, t.get(hty));
    dict::set_str(t, d, "__doc__", doc)?;

    let spec = NativeTypeSpec {
        module: "array",
        name: "arrayiterator",
        slots: 2,
        basetype: false,
        dict: false,
    };
    let ity = native_type::new_native_type(t, ITER, &spec)?;
    let hi = t.root(ity);
    native_type::forbid_new(t, ity)?;
    native::add_method(t, t.get(hi), "__next__", iter_next)?;
    native::add_method(t, t.get(hi), "__iter__", iter_self)?;
    native::add_method(t, t.get(hi), "__reduce__", iter_reduce)?;
    native::add_method(t, t.get(hi), "__setstate__", iter_setstate)?;
    native_type::set_iternext(t, t.get(hi), iter_step);
    Ok(())
}

pub fn init_array(t: &mut Thread) -> PyResult<Value> {
    if native_type::native_type(t, ARRAY).is_none() {
        init_types(t)?;
    }
    let m = module::new_module(t, "array")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let doc = pystr::new_str(t, MODULE_DOC)?;
    dict::set_str(t, t.get(hd), "__doc__", doc)?;
    let ty = array_type(t)?;
    dict::set_str(t, t.get(hd), "array", ty)?;
    dict::set_str(t, t.get(hd), "ArrayType", ty)?;
    let codes = pystr::new_str(t, items::TYPECODES)?;
    dict::set_str(t, t.get(hd), "typecodes", codes)?;
    native::add_function(
        t,
        t.get(hd),
        "array",
        "_array_reconstructor",
        methods::array_reconstructor,
    )?;
    // CPython registers the type as a MutableSequence.
    let abc = ember_vm::import::import_dotted(t, "collections.abc")?;
    let ms = protocol::getattr_str(t, abc, "MutableSequence")?;
    let ty = array_type(t)?;
    protocol::call_method(t, ms, "register", &[ty])?;
    Ok(t.get(hm))
}

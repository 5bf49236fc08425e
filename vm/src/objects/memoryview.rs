//! `memoryview`: a typed, strided window on another object's bytes.
//!
//! Slots: 0 = the exporting object (a bytes or bytearray; a view of a view refers to the
//! first view's exporter), 1 = byte offset of the first item, 2 = item size, 3 = format
//! (str, a native `struct` code with an optional `@`), 4 = shape (tuple of ints), 5 = strides
//! in bytes (tuple of ints), 6 = flags (`RELEASED`, `READONLY`).
//!
//! A view holds the exporter, never an address: every access reads the exporter's current
//! bytes afresh and checks that the items it touches are inside them, so a moving collection
//! cannot invalidate a view. CPython also forbids resizing a bytearray while a view of it is
//! alive; ember does not count exports (with no reference counts, a dead temporary view
//! would pin the bytearray until the next collection), so a view whose bytearray shrank
//! under it raises BufferError on access instead (ARCHITECTURE.md, "Buffers").
//! The same holds for native buffer exporters (`array.array`, `native_type::BUF_*`), whose
//! views carry the exporter's item format and size.

use ember_gc::Value;
use num_traits::ToPrimitive;

use crate::bytecode::CompareOp;
use crate::errors::{PyResult, Raised};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::sequence::{self, Key};
use crate::objects::{
    bytearray, bytes, float, int, list, native_type, slice, str as pystr, tuple, type_,
};
use crate::protocol;
use crate::thread::Thread;

const OBJ: usize = 0;
const START: usize = 1;
const ITEMSIZE: usize = 2;
const FORMAT: usize = 3;
const SHAPE: usize = 4;
const STRIDES: usize = 5;
const FLAGS: usize = 6;

const RELEASED: i64 = 1;
const READONLY: i64 = 2;

/// CPython's limit on the number of dimensions (`PyBUF_MAX_NDIM`).
const MAX_NDIM: usize = 64;

pub fn is_memoryview(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::MemoryView.layout()
}

// ----- item formats -----

/// A native `struct` item code.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Item {
    Char,
    I8,
    U8,
    Bool,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
    Ptr,
}

impl Item {
    /// The item code of a format string: one native code, optionally after `@`.
    fn parse(fmt: &str) -> Option<Item> {
        let code = fmt.strip_prefix('@').unwrap_or(fmt);
        Some(match code {
            "c" => Item::Char,
            "b" => Item::I8,
            "B" => Item::U8,
            "?" => Item::Bool,
            "h" => Item::I16,
            "H" => Item::U16,
            "i" => Item::I32,
            "I" => Item::U32,
            "l" | "q" | "n" => Item::I64,
            "L" | "Q" | "N" => Item::U64,
            "f" => Item::F32,
            "d" => Item::F64,
            "P" => Item::Ptr,
            _ => return None,
        })
    }

    fn size(self) -> usize {
        match self {
            Item::Char | Item::I8 | Item::U8 | Item::Bool => 1,
            Item::I16 | Item::U16 => 2,
            Item::I32 | Item::U32 | Item::F32 => 4,
            Item::I64 | Item::U64 | Item::F64 | Item::Ptr => 8,
        }
    }

    /// 'b', 'B' and 'c': the formats a cast may convert from or to anything.
    fn is_byte(self) -> bool {
        matches!(self, Item::Char | Item::I8 | Item::U8)
    }

    /// The range of an integer code, as (min, max).
    fn int_range(self) -> Option<(i128, i128)> {
        Some(match self {
            Item::I8 => (i8::MIN as i128, i8::MAX as i128),
            Item::U8 => (0, u8::MAX as i128),
            Item::I16 => (i16::MIN as i128, i16::MAX as i128),
            Item::U16 => (0, u16::MAX as i128),
            Item::I32 => (i32::MIN as i128, i32::MAX as i128),
            Item::U32 => (0, u32::MAX as i128),
            Item::I64 => (i64::MIN as i128, i64::MAX as i128),
            Item::U64 | Item::Ptr => (0, u64::MAX as i128),
            _ => return None,
        })
    }
}

fn invalid_type(t: &mut Thread, fmt: &str) -> Raised {
    t.type_error(&format!("memoryview: invalid type for format '{fmt}'"))
}

fn invalid_value(t: &mut Thread, fmt: &str) -> Raised {
    t.value_error(&format!("memoryview: invalid value for format '{fmt}'"))
}

fn unsupported(t: &mut Thread, fmt: &str) -> Raised {
    let ty = t.ty(BuiltinType::NotImplementedError);
    t.raise_type_msg(ty, &format!("memoryview: format {fmt} not supported"))
}

fn not_implemented(t: &mut Thread, msg: &str) -> Raised {
    let ty = t.ty(BuiltinType::NotImplementedError);
    t.raise_type_msg(ty, msg)
}

/// The Python value of one item.
fn unpack(t: &mut Thread, item: Item, b: &[u8]) -> PyResult<Value> {
    let arr = |n: usize| -> [u8; 8] {
        let mut a = [0u8; 8];
        a[..n].copy_from_slice(&b[..n]);
        a
    };
    match item {
        Item::Char => bytes::new_bytes(t, &b[..1]),
        Item::I8 => Ok(Value::small_int(b[0] as i8 as i64)),
        Item::U8 => Ok(Value::small_int(b[0] as i64)),
        Item::Bool => Ok(Value::from_bool(b[0] != 0)),
        Item::I16 => Ok(Value::small_int(i16::from_ne_bytes([b[0], b[1]]) as i64)),
        Item::U16 => Ok(Value::small_int(u16::from_ne_bytes([b[0], b[1]]) as i64)),
        Item::I32 => Ok(Value::small_int(
            i32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64,
        )),
        Item::U32 => Ok(Value::small_int(
            u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64,
        )),
        Item::I64 => int::from_i64(t, i64::from_ne_bytes(arr(8))),
        Item::U64 | Item::Ptr => int::from_i128(t, u64::from_ne_bytes(arr(8)) as i128),
        Item::F32 => float::new_float(t, f32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as f64),
        Item::F64 => float::new_float(t, f64::from_ne_bytes(arr(8))),
    }
}

/// The bytes of `v` as one item of format `fmt` (CPython's `pack_single`: a TypeError for a
/// value of the wrong type, a ValueError for one out of range).
fn pack(t: &mut Thread, item: Item, fmt: &str, v: Value) -> PyResult<Vec<u8>> {
    match item {
        Item::Char => match bytes::bytes_like(t, v) {
            Some(b) if bytes::is_bytes(t, v) => {
                if b.len() != 1 {
                    return Err(invalid_value(t, fmt));
                }
                Ok(b.to_vec())
            }
            _ => Err(invalid_type(t, fmt)),
        },
        Item::Bool => Ok(vec![protocol::truthy(t, v)? as u8]),
        Item::F32 | Item::F64 => {
            let x = match float::as_double(t, v) {
                Ok(x) => x,
                Err(e) => return Err(fix_error(t, e, fmt)),
            };
            if item == Item::F64 {
                return Ok(x.to_ne_bytes().to_vec());
            }
            // A plain C conversion, as CPython's: out-of-range values become infinities.
            Ok((x as f32).to_ne_bytes().to_vec())
        }
        _ => {
            let Some(n) = sequence::to_bigint_index(t, v)? else {
                return Err(invalid_type(t, fmt));
            };
            let (lo, hi) = item.int_range().expect("integer format");
            let Some(n) = n.to_i128().filter(|n| *n >= lo && *n <= hi) else {
                return Err(invalid_value(t, fmt));
            };
            let size = item.size();
            Ok(if lo < 0 {
                (n as i64).to_ne_bytes()[..size].to_vec()
            } else {
                (n as u64).to_ne_bytes()[..size].to_vec()
            })
        }
    }
}

/// CPython's `fix_error_int`: a conversion's TypeError becomes "invalid type", its
/// ValueError or OverflowError "invalid value"; other exceptions pass through.
fn fix_error(t: &mut Thread, e: Raised, fmt: &str) -> Raised {
    if t.exception_matches(BuiltinType::TypeError) {
        t.take_exception();
        invalid_type(t, fmt)
    } else if t.exception_matches(BuiltinType::ValueError)
        || t.exception_matches(BuiltinType::OverflowError)
    {
        t.take_exception();
        invalid_value(t, fmt)
    } else {
        e
    }
}

// ----- the view's geometry -----

/// A view's geometry, read out of its slots (plain numbers, safe across allocations).
#[derive(Clone, Debug)]
struct Geometry {
    start: i64,
    itemsize: usize,
    format: String,
    shape: Vec<usize>,
    strides: Vec<i64>,
    readonly: bool,
}

impl Geometry {
    fn ndim(&self) -> usize {
        self.shape.len()
    }

    fn count(&self) -> usize {
        self.shape.iter().product()
    }

    fn nbytes(&self) -> usize {
        self.count() * self.itemsize
    }

    /// The byte offsets of every item in C (row-major) order.
    fn offsets(&self) -> Vec<i64> {
        let mut out = Vec::with_capacity(self.count());
        if self.shape.contains(&0) {
            return out;
        }
        let mut idx = vec![0usize; self.ndim()];
        loop {
            let off = self.start
                + idx
                    .iter()
                    .zip(&self.strides)
                    .map(|(i, s)| *i as i64 * s)
                    .sum::<i64>();
            out.push(off);
            // Advance the multi-index, last dimension fastest.
            let mut d = self.ndim();
            loop {
                if d == 0 {
                    return out;
                }
                d -= 1;
                idx[d] += 1;
                if idx[d] < self.shape[d] {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    /// The lowest and one-past-highest byte the view touches (None when it has no items).
    fn extent(&self) -> Option<(i64, i64)> {
        if self.shape.contains(&0) {
            return None;
        }
        let (mut lo, mut hi) = (self.start, self.start);
        for (n, s) in self.shape.iter().zip(&self.strides) {
            let reach = (*n as i64 - 1) * s;
            if reach < 0 {
                lo += reach;
            } else {
                hi += reach;
            }
        }
        Some((lo, hi + self.itemsize as i64))
    }

    fn is_c_contiguous(&self) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        let mut want = self.itemsize as i64;
        for (n, s) in self.shape.iter().zip(&self.strides).rev() {
            if *n != 1 && *s != want {
                return false;
            }
            want *= *n as i64;
        }
        true
    }

    fn is_f_contiguous(&self) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        let mut want = self.itemsize as i64;
        for (n, s) in self.shape.iter().zip(&self.strides) {
            if *n != 1 && *s != want {
                return false;
            }
            want *= *n as i64;
        }
        true
    }
}

fn int_tuple_values(t: &Thread, tup: Value) -> Vec<i64> {
    tuple::items(t, tup)
        .iter()
        .map(|v| v.as_small_int())
        .collect()
}

/// The geometry of a live view; ValueError for a released one.
fn geometry(t: &mut Thread, mv: Value) -> PyResult<Geometry> {
    let flags = t.heap.slot(mv, FLAGS).as_small_int();
    if flags & RELEASED != 0 {
        return Err(t.value_error("operation forbidden on released memoryview object"));
    }
    Ok(read_geometry(t, mv))
}

fn read_geometry(t: &Thread, mv: Value) -> Geometry {
    let flags = t.heap.slot(mv, FLAGS).as_small_int();
    Geometry {
        start: t.heap.slot(mv, START).as_small_int(),
        itemsize: t.heap.slot(mv, ITEMSIZE).as_small_int() as usize,
        format: pystr::to_rust_string(t, t.heap.slot(mv, FORMAT)),
        shape: int_tuple_values(t, t.heap.slot(mv, SHAPE))
            .into_iter()
            .map(|n| n as usize)
            .collect(),
        strides: int_tuple_values(t, t.heap.slot(mv, STRIDES)),
        readonly: flags & READONLY != 0,
    }
}

/// The exporter's whole buffer.
fn exporter_bytes(t: &Thread, obj: Value) -> &[u8] {
    bytes::exporter_data(t, obj).unwrap_or(&[])
}

/// Whether every byte the view touches is inside its exporter's current buffer.
fn in_bounds(t: &Thread, mv: Value, g: &Geometry) -> bool {
    match g.extent() {
        None => true,
        Some((lo, hi)) => {
            lo >= 0 && hi as usize <= exporter_bytes(t, t.heap.slot(mv, OBJ)).len()
        }
    }
}

/// The exporter's buffer, checked to hold every item of the view.
fn checked_buffer<'a>(t: &'a mut Thread, mv: Value, g: &Geometry) -> PyResult<&'a [u8]> {
    if !in_bounds(t, mv, g) {
        let ty = t.ty(BuiltinType::BufferError);
        return Err(t.raise_type_msg(ty, "memoryview: underlying buffer was resized"));
    }
    Ok(exporter_bytes(t, t.heap.slot(mv, OBJ)))
}

/// The view's items in C order as raw bytes (`tobytes`).
fn gather(buf: &[u8], g: &Geometry) -> Vec<u8> {
    if g.is_c_contiguous() {
        if g.count() == 0 {
            return Vec::new();
        }
        let s = g.start as usize;
        return buf[s..s + g.nbytes()].to_vec();
    }
    let mut out = Vec::with_capacity(g.nbytes());
    for off in g.offsets() {
        out.extend_from_slice(&buf[off as usize..off as usize + g.itemsize]);
    }
    out
}

/// The contents of a live view in C order, for the bytes-like readers (`bytes(view)`,
/// `b"".join`, ...); None if it was released or its bytearray shrank under it.
pub fn contents(t: &Thread, mv: Value) -> Option<Vec<u8>> {
    if t.heap.slot(mv, FLAGS).as_small_int() & RELEASED != 0 {
        return None;
    }
    let g = read_geometry(t, mv);
    if !in_bounds(t, mv, &g) {
        return None;
    }
    Some(gather(exporter_bytes(t, t.heap.slot(mv, OBJ)), &g))
}

/// The contents of a live C-contiguous view, borrowing the heap (None otherwise).
pub fn contiguous_contents(t: &Thread, mv: Value) -> Option<&[u8]> {
    if t.heap.slot(mv, FLAGS).as_small_int() & RELEASED != 0 {
        return None;
    }
    let g = read_geometry(t, mv);
    if !g.is_c_contiguous() || !in_bounds(t, mv, &g) {
        return None;
    }
    let buf = exporter_bytes(t, t.heap.slot(mv, OBJ));
    if g.count() == 0 {
        return Some(&[]);
    }
    let s = g.start as usize;
    Some(&buf[s..s + g.nbytes()])
}

/// The length of a writable buffer (a bytearray, a native buffer exporter or a writable
/// C-contiguous view), None for anything else.
pub fn writable_len(t: &Thread, v: Value) -> Option<usize> {
    if bytearray::is_bytearray(t, v) {
        return Some(bytearray::data(t, v).len());
    }
    if let Some(d) = native_type::buffer_data(t, v) {
        return Some(d.len());
    }
    if !is_memoryview(t, v) || t.heap.slot(v, FLAGS).as_small_int() & (RELEASED | READONLY) != 0 {
        return None;
    }
    let g = read_geometry(t, v);
    (g.is_c_contiguous() && in_bounds(t, v, &g)).then(|| g.nbytes())
}

/// Writes `data` at byte `offset` of a writable buffer (`writable_len` said how long it
/// is; the caller checked the range).
pub fn write_at(t: &mut Thread, v: Value, offset: usize, data: &[u8]) -> PyResult<()> {
    if !is_memoryview(t, v) {
        if let Some(dst) = bytes::exporter_data_mut(t, v) {
            dst[offset..offset + data.len()].copy_from_slice(data);
        }
        return Ok(());
    }
    let g = geometry(t, v)?;
    checked_buffer(t, v, &g)?;
    let obj = t.heap.slot(v, OBJ);
    let start = g.start as usize + offset;
    if let Some(dst) = bytes::exporter_data_mut(t, obj) {
        dst[start..start + data.len()].copy_from_slice(data);
    }
    Ok(())
}

// ----- construction -----

fn int_tuple(t: &mut Thread, xs: &[i64]) -> PyResult<Value> {
    let vals: Vec<Value> = xs.iter().map(|x| Value::small_int(*x)).collect();
    tuple::new_tuple(t, &vals)
}

/// A new view of `obj`'s bytes with geometry `g`.
fn new_view(t: &mut Thread, obj: Value, g: &Geometry) -> PyResult<Value> {
    let ho = t.root(obj);
    let format = pystr::new_str(t, &g.format)?;
    let hf = t.root(format);
    let shape: Vec<i64> = g.shape.iter().map(|n| *n as i64).collect();
    let shape = int_tuple(t, &shape)?;
    let hs = t.root(shape);
    let strides = int_tuple(t, &g.strides)?;
    let flags = if g.readonly { READONLY } else { 0 };
    t.new_object(
        BuiltinType::MemoryView.layout(),
        &[
            t.get(ho),
            Value::small_int(g.start),
            Value::small_int(g.itemsize as i64),
            t.get(hf),
            t.get(hs),
            strides,
            Value::small_int(flags),
        ],
    )
}

/// `memoryview(obj)`.
pub fn from_object(t: &mut Thread, obj: Value) -> PyResult<Value> {
    if is_memoryview(t, obj) {
        let g = geometry(t, obj)?;
        let base = t.heap.slot(obj, OBJ);
        return new_view(t, base, &g);
    }
    if let Some((format, itemsize)) = native_type::buffer_format(t, obj) {
        let n = exporter_bytes(t, obj).len();
        let g = Geometry {
            start: 0,
            itemsize,
            format,
            shape: vec![n / itemsize],
            strides: vec![itemsize as i64],
            readonly: false,
        };
        return new_view(t, obj, &g);
    }
    let readonly = if bytes::is_bytes(t, obj) {
        true
    } else if bytearray::is_bytearray(t, obj) {
        false
    } else {
        let msg = format!(
            "memoryview: a bytes-like object is required, not '{}'",
            type_::type_name_of(t, obj)
        );
        return Err(t.type_error(&msg));
    };
    let n = exporter_bytes(t, obj).len();
    let g = Geometry {
        start: 0,
        itemsize: 1,
        format: "B".into(),
        shape: vec![n],
        strides: vec![1],
        readonly,
    };
    new_view(t, obj, &g)
}

fn mv_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_new(t, a, BuiltinType::MemoryView)?;
    let mut obj = a.opt(t, 1);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "object") && obj.is_none() {
            obj = Some(v);
        } else if pystr::str_eq_rust(t, k, "object") {
            return Err(t.type_error(
                "argument for memoryview() given by name ('object') and position (1)",
            ));
        } else {
            let msg = format!(
                "memoryview() got an unexpected keyword argument '{}'",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    if a.len() > 2 {
        let msg = format!(
            "memoryview() takes at most 1 argument ({} given)",
            a.len() - 1 + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    match obj {
        Some(o) => from_object(t, o),
        None => Err(t.type_error("memoryview() missing required argument 'object' (pos 1)")),
    }
}

// ----- item access -----

fn item_format(t: &mut Thread, g: &Geometry) -> PyResult<Item> {
    match Item::parse(&g.format) {
        Some(i) => Ok(i),
        None => Err(unsupported(t, &g.format)),
    }
}

/// The item at byte offset `off`.
fn read_item(t: &mut Thread, mv: Value, g: &Geometry, off: i64) -> PyResult<Value> {
    let item = item_format(t, g)?;
    let buf = checked_buffer(t, mv, g)?;
    let mut raw = [0u8; 8];
    raw[..g.itemsize].copy_from_slice(&buf[off as usize..off as usize + g.itemsize]);
    unpack(t, item, &raw[..g.itemsize])
}

/// Writes one packed item at byte offset `off` (the packing ran first: it may call Python).
fn write_bytes(t: &mut Thread, mv: Value, g: &Geometry, offsets: &[i64], data: &[u8]) -> PyResult<()> {
    checked_buffer(t, mv, g)?;
    let obj = t.heap.slot(mv, OBJ);
    let Some(dst) = bytes::exporter_data_mut(t, obj) else {
        return Ok(());
    };
    for (k, off) in offsets.iter().enumerate() {
        let off = *off as usize;
        dst[off..off + g.itemsize].copy_from_slice(&data[k * g.itemsize..(k + 1) * g.itemsize]);
    }
    Ok(())
}

/// The byte offset of item `i` along dimension `dim` (0-based) from `base`.
fn index_offset(t: &mut Thread, g: &Geometry, dim: usize, i: i64, base: i64) -> PyResult<i64> {
    let n = g.shape[dim];
    match sequence::norm_index(i, n) {
        Some(j) => Ok(base + j as i64 * g.strides[dim]),
        None => Err(t.index_error(&format!("index out of bounds on dimension {}", dim + 1))),
    }
}

/// What a subscript names.
enum Target {
    /// One item at this byte offset.
    Item(i64),
    /// The view itself (`view[...]` of a 0-dim view).
    Whole,
    /// A slice of the first dimension: (start, step, count).
    Slice(i64, i64, usize),
}

fn target(t: &mut Thread, mv: Value, g: &Geometry, key: Value) -> PyResult<Target> {
    let hk = t.root(key);
    if g.ndim() == 0 {
        if tuple::is_tuple(t, key) && tuple::len(t, key) == 0 {
            return Ok(Target::Item(g.start));
        }
        if key.is_ellipsis() {
            return Ok(Target::Whole);
        }
        return Err(t.type_error("invalid indexing of 0-dim memory"));
    }
    let hm = t.root(mv);
    if tuple::is_tuple(t, key) {
        let items = tuple::items(t, key);
        let all_index = items.iter().all(|k| k.is_small_int() || int::is_int(t, *k));
        if !all_index || items.iter().any(|k| slice::is_slice(t, *k)) {
            if items.iter().all(|k| slice::is_slice(t, *k)) && !items.is_empty() {
                return Err(not_implemented(t, "multi-dimensional slicing is not implemented"));
            }
            return Err(t.type_error("memoryview: invalid slice key"));
        }
        if items.len() < g.ndim() {
            return Err(not_implemented(t, "sub-views are not implemented"));
        }
        if items.len() > g.ndim() {
            let msg = format!(
                "cannot index {}-dimension view with {}-element tuple",
                g.ndim(),
                items.len()
            );
            return Err(t.type_error(&msg));
        }
        let mut off = g.start;
        for dim in 0..items.len() {
            // Re-read the key: converting an index may allocate.
            let k = tuple::get(t, t.get(hk), dim);
            let i = match sequence::to_index(t, k)? {
                Some((i, false)) => i,
                _ => return Err(sequence::index_overflow(t)),
            };
            off = index_offset(t, g, dim, i, off)?;
        }
        return Ok(Target::Item(off));
    }
    match sequence::classify_key(t, t.get(hk))? {
        Key::Index(i) => {
            if g.ndim() > 1 {
                return Err(not_implemented(t, "multi-dimensional sub-views are not implemented"));
            }
            Ok(Target::Item(index_offset(t, g, 0, i, g.start)?))
        }
        Key::Overflow => Err(sequence::index_overflow(t)),
        Key::Slice => {
            let (start, stop, step) = slice::unpack(t, t.get(hk))?;
            // Re-read the length: an `__index__` in the slice may have released the view.
            let g2 = geometry(t, t.get(hm))?;
            let (start, _, count) = slice::adjust(g2.shape[0], start, stop, step);
            Ok(Target::Slice(start, step, count))
        }
        Key::Other(_) => Err(t.type_error("memoryview: invalid slice key")),
    }
}

fn mv_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getitem__", 2, 2)?;
    let mv = a.get(t, 0);
    let g = geometry(t, mv)?;
    match target(t, mv, &g, a.get(t, 1))? {
        Target::Whole => Ok(a.get(t, 0)),
        Target::Item(off) => {
            let g = geometry(t, a.get(t, 0))?;
            read_item(t, a.get(t, 0), &g, off)
        }
        Target::Slice(start, step, count) => {
            let mut g = geometry(t, a.get(t, 0))?;
            g.start += start * g.strides[0];
            g.strides[0] *= step;
            g.shape[0] = count;
            let obj = t.heap.slot(a.get(t, 0), OBJ);
            new_view(t, obj, &g)
        }
    }
}

fn mv_setitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__setitem__", 3, 3)?;
    let mv = a.get(t, 0);
    let g = geometry(t, mv)?;
    if g.readonly {
        return Err(t.type_error("cannot modify read-only memory"));
    }
    let key = a.get(t, 1);
    if g.ndim() > 1 && slice::is_slice(t, key) {
        return Err(not_implemented(
            t,
            "memoryview slice assignments are currently restricted to ndim = 1",
        ));
    }
    let item = item_format(t, &g)?;
    match target(t, mv, &g, key)? {
        Target::Item(off) => {
            let data = pack(t, item, &g.format, a.get(t, 2))?;
            let g = geometry(t, a.get(t, 0))?;
            write_bytes(t, a.get(t, 0), &g, &[off], &data)?;
        }
        Target::Whole => {
            let data = pack(t, item, &g.format, a.get(t, 2))?;
            let g = geometry(t, a.get(t, 0))?;
            write_bytes(t, a.get(t, 0), &g, &[g.start], &data)?;
        }
        Target::Slice(start, step, count) => {
            let src = a.get(t, 2);
            let src = if is_memoryview(t, src) {
                src
            } else if bytes::is_exporter(t, src) {
                from_object(t, src)?
            } else {
                let msg = format!(
                    "a bytes-like object is required, not '{}'",
                    type_::type_name_of(t, src)
                );
                return Err(t.type_error(&msg));
            };
            let sg = geometry(t, src)?;
            let mut dg = geometry(t, a.get(t, 0))?;
            dg.start += start * dg.strides[0];
            dg.strides[0] *= step;
            dg.shape[0] = count;
            let same_format = sg.format.trim_start_matches('@') == dg.format.trim_start_matches('@');
            if !same_format || sg.shape != dg.shape || sg.itemsize != dg.itemsize {
                return Err(t.value_error(
                    "memoryview assignment: lvalue and rvalue have different structures",
                ));
            }
            // Copy the source out first: it may overlap the destination.
            let data = gather(checked_buffer(t, src, &sg)?, &sg);
            let offsets = dg.offsets();
            write_bytes(t, a.get(t, 0), &dg, &offsets, &data)?;
        }
    }
    Ok(Value::NONE)
}

fn mv_delitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mv = a.get(t, 0);
    let g = geometry(t, mv)?;
    if g.readonly {
        return Err(t.type_error("cannot modify read-only memory"));
    }
    Err(t.type_error("cannot delete memory"))
}

fn mv_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = geometry(t, a.get(t, 0))?;
    let n = if g.ndim() == 0 { 1 } else { g.shape[0] };
    Ok(Value::small_int(n as i64))
}

// ----- conversions -----

/// The items in C order as a (nested, for ndim > 1) list, or the one item of a 0-dim view.
fn to_list(t: &mut Thread, mv: Value) -> PyResult<Value> {
    let g = geometry(t, mv)?;
    let item = item_format(t, &g)?;
    let raw = gather(checked_buffer(t, mv, &g)?, &g);
    if g.ndim() == 0 {
        return unpack(t, item, &raw);
    }
    nested_list(t, item, &raw, g.itemsize, &g.shape, 0)
}

/// The list for dimension `shape[0]` of the C-ordered items `raw` starting at item `first`.
fn nested_list(
    t: &mut Thread,
    item: Item,
    raw: &[u8],
    itemsize: usize,
    shape: &[usize],
    first: usize,
) -> PyResult<Value> {
    let l = list::new_list(t, shape[0])?;
    let hl = t.root(l);
    let per: usize = shape[1..].iter().product();
    for i in 0..shape[0] {
        let v = if shape.len() == 1 {
            let at = (first + i) * itemsize;
            unpack(t, item, &raw[at..at + itemsize])?
        } else {
            nested_list(t, item, raw, itemsize, &shape[1..], first + i * per)?
        };
        list::append(t, t.get(hl), v)?;
    }
    Ok(t.get(hl))
}

fn mv_tolist(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "tolist", 1, 1)?;
    to_list(t, a.get(t, 0))
}

fn mv_tobytes(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 2 {
        let msg = format!("tobytes() takes at most 1 argument ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let mut order = a.opt(t, 1);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "order") {
            order = Some(v);
        } else {
            let msg = format!(
                "tobytes() got an unexpected keyword argument '{}'",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    let mv = a.get(t, 0);
    let g = geometry(t, mv)?;
    let fortran = match order {
        None => false,
        Some(o) if o.is_none() => false,
        Some(o) if pystr::is_str(t, o) => match pystr::to_rust_string(t, o).as_str() {
            "C" | "A" => false,
            "F" => true,
            _ => return Err(t.value_error("order must be 'C', 'F' or 'A'")),
        },
        Some(o) => {
            let msg = format!(
                "tobytes() argument 'order' must be str or None, not {}",
                type_::type_name_of(t, o)
            );
            return Err(t.type_error(&msg));
        }
    };
    let data = if fortran && g.ndim() > 1 {
        // Fortran order: the first index varies fastest.
        let mut fg = g.clone();
        fg.shape.reverse();
        fg.strides.reverse();
        gather(checked_buffer(t, mv, &g)?, &fg)
    } else {
        gather(checked_buffer(t, mv, &g)?, &g)
    };
    bytes::new_bytes(t, &data)
}

fn mv_hex(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mv = a.get(t, 0);
    let g = geometry(t, mv)?;
    checked_buffer(t, mv, &g)?;
    bytes::hex_native(t, a)
}

fn mv_cast(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 3 {
        let msg = format!("cast() takes at most 2 arguments ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let mut format = a.opt(t, 1);
    let mut shape = a.opt(t, 2);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "format") && format.is_none() {
            format = Some(v);
        } else if pystr::str_eq_rust(t, k, "shape") && shape.is_none() {
            shape = Some(v);
        } else {
            let msg = format!(
                "cast() got an unexpected keyword argument '{}'",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    let Some(format) = format else {
        return Err(t.type_error("cast() missing required argument 'format' (pos 1)"));
    };
    let mv = a.get(t, 0);
    let g = geometry(t, mv)?;
    if !pystr::is_str(t, format) {
        return Err(t.type_error("memoryview: format argument must be a string"));
    }
    if !g.is_c_contiguous() {
        return Err(t.type_error("memoryview: casts are restricted to C-contiguous views"));
    }
    let shape = shape.filter(|s| !s.is_none());
    if (shape.is_some() || g.ndim() != 1) && g.shape.contains(&0) {
        return Err(t.type_error("memoryview: cannot cast view with zeros in shape or strides"));
    }
    let dims: Option<Vec<Value>> = match shape {
        None => None,
        Some(s) if tuple::is_tuple(t, s) => Some(tuple::items(t, s)),
        Some(s) if list::is_list(t, s) => Some(list::items(t, s)),
        Some(_) => return Err(t.type_error("shape must be a list or a tuple")),
    };
    if let Some(d) = &dims {
        if g.ndim() != 1 && d.len() != 1 {
            return Err(t.type_error("memoryview: cast must be 1D -> ND or ND -> 1D"));
        }
    }
    let fmt = pystr::to_rust_string(t, format);
    let Some(dest) = Item::parse(&fmt) else {
        return Err(t.value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        ));
    };
    let src_is_byte = Item::parse(&g.format).is_some_and(Item::is_byte);
    if !dest.is_byte() && !src_is_byte {
        return Err(t.type_error("memoryview: cannot cast between two non-byte formats"));
    }
    let len = g.nbytes();
    let itemsize = dest.size();
    if len % itemsize != 0 {
        return Err(t.type_error("memoryview: length is not a multiple of itemsize"));
    }
    let new_shape: Vec<usize> = match dims {
        None => vec![len / itemsize],
        Some(d) => {
            if d.len() > MAX_NDIM {
                return Err(t.value_error(
                    "memoryview: number of dimensions must not exceed 64",
                ));
            }
            let mut out = Vec::with_capacity(d.len());
            let mut product: usize = 1;
            for v in d {
                if !int::is_int(t, v) {
                    return Err(t.type_error(
                        "memoryview.cast(): elements of shape must be integers",
                    ));
                }
                let n = int::to_i64(t, v).unwrap_or(-1);
                if n <= 0 {
                    return Err(t.value_error(
                        "memoryview.cast(): elements of shape must be integers > 0",
                    ));
                }
                product = match product.checked_mul(n as usize) {
                    Some(p) if p <= isize::MAX as usize => p,
                    _ => {
                        return Err(t.value_error("memoryview.cast(): product(shape) > SSIZE_MAX"))
                    }
                };
                out.push(n as usize);
            }
            if product.checked_mul(itemsize) != Some(len) {
                return Err(t.type_error("memoryview: product(shape) * itemsize != buffer size"));
            }
            out
        }
    };
    // C-order strides for the new shape.
    let mut strides = vec![0i64; new_shape.len()];
    let mut step = itemsize as i64;
    for d in (0..new_shape.len()).rev() {
        strides[d] = step;
        step *= new_shape[d] as i64;
    }
    let ng = Geometry {
        start: if g.count() == 0 { 0 } else { g.extent().map(|e| e.0).unwrap_or(0) },
        itemsize,
        format: fmt,
        shape: new_shape,
        strides,
        readonly: g.readonly,
    };
    let obj = t.heap.slot(a.get(t, 0), OBJ);
    new_view(t, obj, &ng)
}

fn mv_toreadonly(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "toreadonly", 1, 1)?;
    let mut g = geometry(t, a.get(t, 0))?;
    g.readonly = true;
    let obj = t.heap.slot(a.get(t, 0), OBJ);
    new_view(t, obj, &g)
}

fn mv_release(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "release", 1, 1)?;
    let mv = a.get(t, 0);
    let flags = t.heap.slot(mv, FLAGS).as_small_int();
    t.heap.set_slot(mv, FLAGS, Value::small_int(flags | RELEASED));
    Ok(Value::NONE)
}

fn mv_enter(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__enter__", 1, 1)?;
    geometry(t, a.get(t, 0))?;
    Ok(a.get(t, 0))
}

fn mv_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mv = a.get(t, 0);
    let flags = t.heap.slot(mv, FLAGS).as_small_int();
    t.heap.set_slot(mv, FLAGS, Value::small_int(flags | RELEASED));
    Ok(Value::NONE)
}

fn mv_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mv = a.get(t, 0);
    let released = t.heap.slot(mv, FLAGS).as_small_int() & RELEASED != 0;
    let id = protocol::identity(t, mv);
    let s = if released {
        format!("<released memory at {id:#x}>")
    } else {
        format!("<memory at {id:#x}>")
    };
    pystr::new_str(t, &s)
}

fn mv_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mv = a.get(t, 0);
    let g = geometry(t, mv)?;
    if !g.readonly {
        return Err(t.value_error("cannot hash writable memoryview object"));
    }
    if !Item::parse(&g.format).is_some_and(Item::is_byte) {
        return Err(t.value_error(
            "memoryview: hashing is restricted to formats 'B', 'b' or 'c'",
        ));
    }
    let data = gather(checked_buffer(t, mv, &g)?, &g);
    int::from_i64(t, pystr::hash_bytes(&data))
}

/// `view == other`: item by item through the formats' values (CPython's
/// `memory_richcompare`); NotImplemented for objects without a buffer.
fn mv_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    a.check(t, if op == CompareOp::Eq { "__eq__" } else { "__ne__" }, 2, 2)?;
    let (v, w) = (a.get(t, 0), a.get(t, 1));
    let result = |eq: bool| Ok(Value::from_bool(eq == (op == CompareOp::Eq)));
    if v == w {
        return result(true);
    }
    let released = |t: &Thread, x: Value| {
        is_memoryview(t, x) && t.heap.slot(x, FLAGS).as_small_int() & RELEASED != 0
    };
    if released(t, v) || released(t, w) {
        return result(false);
    }
    let other = if is_memoryview(t, w) {
        w
    } else if bytes::is_exporter(t, w) {
        from_object(t, w)?
    } else {
        return Ok(Value::NOT_IMPLEMENTED);
    };
    let ho = t.root(other);
    let vg = geometry(t, a.get(t, 0))?;
    let wg = geometry(t, other)?;
    if vg.shape != wg.shape {
        return result(false);
    }
    let vraw = gather(checked_buffer(t, a.get(t, 0), &vg)?, &vg);
    let wraw = gather(checked_buffer(t, t.get(ho), &wg)?, &wg);
    let (vi, wi) = (item_format(t, &vg)?, item_format(t, &wg)?);
    let same = vg.format.trim_start_matches('@') == wg.format.trim_start_matches('@');
    if same && !matches!(vi, Item::F32 | Item::F64) {
        return result(vraw == wraw);
    }
    for k in 0..vg.count() {
        let x = unpack(t, vi, &vraw[k * vg.itemsize..(k + 1) * vg.itemsize])?;
        let hx = t.root(x);
        let y = unpack(t, wi, &wraw[k * wg.itemsize..(k + 1) * wg.itemsize])?;
        if !protocol::eq(t, t.get(hx), y)? {
            return result(false);
        }
    }
    result(true)
}

fn mv_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    mv_compare(t, a, CompareOp::Eq)
}

fn mv_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    mv_compare(t, a, CompareOp::Ne)
}

fn mv_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mv = a.get(t, 0);
    let g = geometry(t, mv)?;
    if g.ndim() == 0 {
        return Err(t.type_error("invalid indexing of 0-dim memory"));
    }
    if g.ndim() > 1 {
        return Err(not_implemented(t, "multi-dimensional sub-views are not implemented"));
    }
    item_format(t, &g)?;
    t.new_object(
        BuiltinType::MemoryIterator.layout(),
        &[a.get(t, 0), Value::small_int(0)],
    )
}

fn mv_iter_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let it = a.get(t, 0);
    let mv = t.heap.slot(it, 0);
    if mv.is_none() {
        return Err(t.raise_empty(BuiltinType::StopIteration));
    }
    let i = t.heap.slot(it, 1).as_small_int();
    let g = geometry(t, mv)?;
    if i as usize >= g.shape[0] {
        t.heap.set_slot(a.get(t, 0), 0, Value::NONE);
        return Err(t.raise_empty(BuiltinType::StopIteration));
    }
    t.heap.set_slot(it, 1, Value::small_int(i + 1));
    let off = g.start + i * g.strides[0];
    read_item(t, mv, &g, off)
}

fn mv_iter_self(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(a.get(t, 0))
}

// ----- attributes -----

fn get_obj(t: &mut Thread, a: Args) -> PyResult<Value> {
    geometry(t, a.get(t, 0))?;
    Ok(t.heap.slot(a.get(t, 0), OBJ))
}

fn get_nbytes(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = geometry(t, a.get(t, 0))?;
    Ok(Value::small_int(g.nbytes() as i64))
}

fn get_readonly(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(geometry(t, a.get(t, 0))?.readonly))
}

fn get_itemsize(t: &mut Thread, a: Args) -> PyResult<Value> {
    geometry(t, a.get(t, 0))?;
    Ok(t.heap.slot(a.get(t, 0), ITEMSIZE))
}

fn get_format(t: &mut Thread, a: Args) -> PyResult<Value> {
    geometry(t, a.get(t, 0))?;
    Ok(t.heap.slot(a.get(t, 0), FORMAT))
}

fn get_ndim(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(geometry(t, a.get(t, 0))?.ndim() as i64))
}

fn get_shape(t: &mut Thread, a: Args) -> PyResult<Value> {
    geometry(t, a.get(t, 0))?;
    Ok(t.heap.slot(a.get(t, 0), SHAPE))
}

fn get_strides(t: &mut Thread, a: Args) -> PyResult<Value> {
    geometry(t, a.get(t, 0))?;
    Ok(t.heap.slot(a.get(t, 0), STRIDES))
}

fn get_suboffsets(t: &mut Thread, a: Args) -> PyResult<Value> {
    geometry(t, a.get(t, 0))?;
    tuple::new_tuple(t, &[])
}

fn get_c_contiguous(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(geometry(t, a.get(t, 0))?.is_c_contiguous()))
}

fn get_f_contiguous(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(geometry(t, a.get(t, 0))?.is_f_contiguous()))
}

fn get_contiguous(t: &mut Thread, a: Args) -> PyResult<Value> {
    let g = geometry(t, a.get(t, 0))?;
    Ok(Value::from_bool(g.is_c_contiguous() || g.is_f_contiguous()))
}

/// Fills the namespaces of `memoryview` and its iterator.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::MemoryView);
    let h = t.root(ty);
    native::add_static(t, t.get(h), "__new__", mv_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__repr__", mv_repr),
        ("__hash__", mv_hash),
        ("__eq__", mv_eq),
        ("__ne__", mv_ne),
        ("__len__", mv_len),
        ("__getitem__", mv_getitem),
        ("__setitem__", mv_setitem),
        ("__delitem__", mv_delitem),
        ("__iter__", mv_iter),
        ("__enter__", mv_enter),
        ("__exit__", mv_exit),
        ("tolist", mv_tolist),
        ("tobytes", mv_tobytes),
        ("hex", mv_hex),
        ("cast", mv_cast),
        ("toreadonly", mv_toreadonly),
        ("release", mv_release),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    let getsets: &[(&'static str, native::NativeFn)] = &[
        ("obj", get_obj),
        ("nbytes", get_nbytes),
        ("readonly", get_readonly),
        ("itemsize", get_itemsize),
        ("format", get_format),
        ("ndim", get_ndim),
        ("shape", get_shape),
        ("strides", get_strides),
        ("suboffsets", get_suboffsets),
        ("c_contiguous", get_c_contiguous),
        ("f_contiguous", get_f_contiguous),
        ("contiguous", get_contiguous),
    ];
    for (name, f) in getsets {
        crate::objects::descriptors::add_getset(t, t.get(h), name, *f, None)?;
    }
    let it = t.ty(BuiltinType::MemoryIterator);
    let hi = t.root(it);
    native::add_method(t, t.get(hi), "__iter__", mv_iter_self)?;
    native::add_method(t, t.get(hi), "__next__", mv_iter_next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo(start: i64, itemsize: usize, shape: &[usize], strides: &[i64]) -> Geometry {
        Geometry {
            start,
            itemsize,
            format: "B".into(),
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            readonly: true,
        }
    }

    #[test]
    fn formats() {
        assert_eq!(Item::parse("B"), Some(Item::U8));
        assert_eq!(Item::parse("@d"), Some(Item::F64));
        assert_eq!(Item::parse("e"), None);
        assert_eq!(Item::parse("<i"), None);
        assert_eq!(Item::parse("L").map(Item::size), Some(8));
    }

    #[test]
    fn offsets_and_extent() {
        let g = geo(1, 1, &[3], &[2]);
        assert_eq!(g.offsets(), vec![1, 3, 5]);
        assert_eq!(g.extent(), Some((1, 6)));
        assert!(!g.is_c_contiguous());
        let r = geo(5, 1, &[3], &[-2]);
        assert_eq!(r.offsets(), vec![5, 3, 1]);
        assert_eq!(r.extent(), Some((1, 6)));
        let m = geo(0, 1, &[2, 3], &[3, 1]);
        assert_eq!(m.offsets(), vec![0, 1, 2, 3, 4, 5]);
        assert!(m.is_c_contiguous() && !m.is_f_contiguous());
        assert_eq!(geo(0, 1, &[0], &[1]).extent(), None);
    }
}

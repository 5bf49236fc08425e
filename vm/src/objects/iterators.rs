//! The builtin iterator types and `fast_next`, the interpreter's `next()` for them.
//! Every iterator is an `Iterator`-kind object with a few generic slots:
//!
//! | type                     | slots                                              |
//! |--------------------------|----------------------------------------------------|
//! | list_iterator            | list, index                                        |
//! | list_reverseiterator     | list, index (counting down)                        |
//! | tuple_iterator           | tuple, index                                       |
//! | range_iterator           | next value, step, remaining count (ints)           |
//! | str_ascii_iterator       | str, byte offset                                   |
//! | bytes_iterator           | bytes or bytearray, index                          |
//! | set_iterator             | set, table position, size at start, remaining      |
//! | dict_*iterator           | dict, entry position, size at start, remaining, reversed |
//! | iterator (`__getitem__`) | sequence, index                                    |
//! | callable_iterator        | callable, sentinel                                 |
//! | enumerate                | iterator, count                                    |
//! | zip                      | tuple of iterators, strict                         |
//! | map                      | function, tuple of iterators                       |
//! | filter                   | function, iterator                                 |
//! | reversed                 | sequence, index (counting down)                    |
//!
//! An exhausted iterator drops its container (slot 0 becomes None) so it stays exhausted.
//!
//! **Invariant:** `fast_next` runs no Python code for the list, tuple, range, str, bytes, set
//! and dict iterators; the others call `protocol` functions and root what they hold.

use ember_gc::Value;
use num_bigint::BigInt;
use num_traits::Zero;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{bytes, dict, int, list, set, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// `next(it)` for builtin iterators: Some(Some(v)) next value, Some(None) exhausted, None
/// (Rust) when `it` is not a builtin iterator (the caller calls `__next__`).
pub fn fast_next(t: &mut Thread, it: Value) -> PyResult<Option<Option<Value>>> {
    if !it.is_heap() {
        return Ok(None);
    }
    // Called straight from the dispatch loop (FOR_ITER): release the handles we create.
    let mark = t.handle_mark();
    let r = fast_next_inner(t, it);
    t.handle_release(mark);
    r
}

/// FOR_ITER's inline path for list iterators and SmallInt range iterators:
/// Some(next item or None at the end), or None to take `protocol::next`.
#[inline(always)]
pub fn for_iter_fast(t: &mut Thread, it: Value) -> Option<Option<Value>> {
    if !it.is_heap() {
        return None;
    }
    let l = t.heap.layout_id(it);
    if l == BuiltinType::ListIterator.layout() {
        return Some(list_next(t, it));
    }
    if l == BuiltinType::RangeIterator.layout() {
        let (cur, step, rem) = (t.heap.slot(it, 0), t.heap.slot(it, 1), t.heap.slot(it, 2));
        if rem.is_small_int() && cur.is_small_int() && step.is_small_int() {
            let r = rem.as_small_int();
            if r <= 0 {
                return Some(None);
            }
            if r > 1 {
                let next = Value::small_int_add(cur, step)?;
                t.heap.set_slot(it, 0, next);
            }
            t.heap.set_slot(it, 2, Value::small_int(r - 1));
            return Some(Some(cur));
        }
    }
    None
}

fn fast_next_inner(t: &mut Thread, it: Value) -> PyResult<Option<Option<Value>>> {
    let l = t.heap.layout_id(it);
    use BuiltinType as B;
    let r = if l == B::ListIterator.layout() {
        list_next(t, it)
    } else if l == B::RangeIterator.layout() {
        range_next(t, it)?
    } else if l == B::TupleIterator.layout() {
        tuple_next(t, it)
    } else if l == B::StrIterator.layout() {
        str_next(t, it)
    } else if l == B::DictKeyIterator.layout()
        || l == B::DictValueIterator.layout()
        || l == B::DictItemIterator.layout()
    {
        dict_next(t, it)?
    } else if l == B::SetIterator.layout() {
        set_next(t, it)?
    } else if l == B::ListReverseIterator.layout() {
        list_reverse_next(t, it)
    } else if l == B::BytesIterator.layout() {
        bytes_next(t, it)
    } else if l == B::Enumerate.layout() {
        enumerate_next(t, it)?
    } else if l == B::Zip.layout() {
        zip_next(t, it)?
    } else if l == B::Map.layout() {
        map_next(t, it)?
    } else if l == B::Filter.layout() {
        filter_next(t, it)?
    } else if l == B::SeqIterator.layout() {
        seq_next(t, it)?
    } else if l == B::Reversed.layout() {
        reversed_next(t, it)?
    } else if l == B::CallableIterator.layout() {
        callable_next(t, it)?
    } else {
        return Ok(None);
    };
    Ok(Some(r))
}

#[inline]
fn exhaust(t: &mut Thread, it: Value) -> Option<Value> {
    t.heap.set_slot(it, 0, Value::NONE);
    None
}

#[inline]
fn index_slot(t: &Thread, it: Value) -> usize {
    t.heap.slot(it, 1).as_small_int() as usize
}

fn list_next(t: &mut Thread, it: Value) -> Option<Value> {
    let l = t.heap.slot(it, 0);
    if l.is_none() {
        return None;
    }
    let i = index_slot(t, it);
    if i < list::len(t, l) {
        t.heap.set_slot(it, 1, Value::small_int(i as i64 + 1));
        Some(list::get(t, l, i))
    } else {
        exhaust(t, it)
    }
}

fn list_reverse_next(t: &mut Thread, it: Value) -> Option<Value> {
    let l = t.heap.slot(it, 0);
    if l.is_none() {
        return None;
    }
    let i = t.heap.slot(it, 1).as_small_int();
    if i >= 0 && (i as usize) < list::len(t, l) {
        t.heap.set_slot(it, 1, Value::small_int(i - 1));
        Some(list::get(t, l, i as usize))
    } else {
        exhaust(t, it)
    }
}

fn tuple_next(t: &mut Thread, it: Value) -> Option<Value> {
    let tup = t.heap.slot(it, 0);
    if tup.is_none() {
        return None;
    }
    let i = index_slot(t, it);
    if i < tuple::len(t, tup) {
        t.heap.set_slot(it, 1, Value::small_int(i as i64 + 1));
        Some(tuple::get(t, tup, i))
    } else {
        exhaust(t, it)
    }
}

fn str_next(t: &mut Thread, it: Value) -> Option<Value> {
    let s = t.heap.slot(it, 0);
    if s.is_none() {
        return None;
    }
    let off = index_slot(t, it);
    let next = pystr::with_str_bytes(t, s, |_, b| {
        if off >= b.len() {
            return None;
        }
        let w = pystr::utf8_width(b[off]).min(b.len() - off);
        Value::small_str(&b[off..off + w]).map(|v| (v, w))
    });
    match next {
        Some((v, w)) => {
            t.heap.set_slot(it, 1, Value::small_int((off + w) as i64));
            Some(v)
        }
        None => exhaust(t, it),
    }
}

fn bytes_next(t: &mut Thread, it: Value) -> Option<Value> {
    let b = t.heap.slot(it, 0);
    if b.is_none() {
        return None;
    }
    let i = index_slot(t, it);
    match bytes::bytes_like(t, b).and_then(|d| d.get(i).copied()) {
        Some(c) => {
            t.heap.set_slot(it, 1, Value::small_int(i as i64 + 1));
            Some(Value::small_int(c as i64))
        }
        None => exhaust(t, it),
    }
}

fn range_next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let (cur, step, rem) = (t.heap.slot(it, 0), t.heap.slot(it, 1), t.heap.slot(it, 2));
    if rem.is_small_int() && cur.is_small_int() && step.is_small_int() {
        let r = rem.as_small_int();
        if r <= 0 {
            return Ok(None);
        }
        let c = cur.as_small_int();
        let next = c as i128 + step.as_small_int() as i128;
        t.heap.set_slot(it, 2, Value::small_int(r - 1));
        if r > 1 {
            match Value::from_i64(next as i64).filter(|_| next == next as i64 as i128) {
                Some(v) => t.heap.set_slot(it, 0, v),
                None => {
                    // Past the SmallInt range: the allocation may move the iterator.
                    let h = t.root(it);
                    let nv = int::from_bigint(t, &BigInt::from(next))?;
                    t.heap.set_slot(t.get(h), 0, nv);
                }
            }
        }
        return Ok(Some(cur));
    }
    // Big values.
    let rem_b = int::to_bigint(t, rem);
    if rem_b <= BigInt::zero() {
        return Ok(None);
    }
    let h = t.root(it);
    let cur_b = int::to_bigint(t, cur);
    let next_b = &cur_b + int::to_bigint(t, step);
    let out = int::from_bigint(t, &cur_b)?;
    let ho = t.root(out);
    let nv = int::from_bigint(t, &next_b)?;
    t.heap.set_slot(t.get(h), 0, nv);
    let rv = int::from_bigint(t, &(rem_b - 1))?;
    t.heap.set_slot(t.get(h), 2, rv);
    Ok(Some(t.get(ho)))
}

fn dict_next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let d = t.heap.slot(it, 0);
    if d.is_none() {
        return Ok(None);
    }
    let used_at_start = t.heap.slot(it, 2).as_small_int();
    if used_at_start != dict::len(t, d) as i64 {
        t.heap.set_slot(it, 2, Value::small_int(-1));
        return Err(t.runtime_error("dictionary changed size during iteration"));
    }
    let reverse = t.heap.slot(it, 4).is_true();
    let mut pos = t.heap.slot(it, 1).as_small_int();
    let n = dict::nentries(t, d) as i64;
    let found = loop {
        if pos < 0 || pos >= n {
            break None;
        }
        if let Some(e) = dict::entry_at(t, d, pos as usize) {
            break Some(e);
        }
        pos += if reverse { -1 } else { 1 };
    };
    let Some((k, v)) = found else {
        return Ok(exhaust(t, it));
    };
    let remaining = t.heap.slot(it, 3).as_small_int();
    if remaining == 0 {
        exhaust(t, it);
        return Err(t.runtime_error("dictionary keys changed during iteration"));
    }
    t.heap
        .set_slot(it, 1, Value::small_int(pos + if reverse { -1 } else { 1 }));
    t.heap.set_slot(it, 3, Value::small_int(remaining - 1));
    let l = t.heap.layout_id(it);
    if l == BuiltinType::DictKeyIterator.layout() {
        Ok(Some(k))
    } else if l == BuiltinType::DictValueIterator.layout() {
        Ok(Some(v))
    } else {
        tuple::new_tuple(t, &[k, v]).map(Some)
    }
}

fn set_next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let s = t.heap.slot(it, 0);
    if s.is_none() {
        return Ok(None);
    }
    let used_at_start = t.heap.slot(it, 2).as_small_int();
    if used_at_start != set::len(t, s) as i64 {
        t.heap.set_slot(it, 2, Value::small_int(-1));
        return Err(t.runtime_error("Set changed size during iteration"));
    }
    let mut pos = index_slot(t, it);
    let n = set::table_size(t, s);
    while pos < n {
        if let Some(k) = set::entry_at(t, s, pos) {
            t.heap.set_slot(it, 1, Value::small_int(pos as i64 + 1));
            let rem = t.heap.slot(it, 3).as_small_int();
            t.heap.set_slot(it, 3, Value::small_int(rem - 1));
            return Ok(Some(k));
        }
        pos += 1;
    }
    Ok(exhaust(t, it))
}

fn enumerate_next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let h = t.root(it);
    let inner = t.heap.slot(it, 0);
    let Some(v) = protocol::next(t, inner)? else {
        return Ok(None);
    };
    let hv = t.root(v);
    let count = t.heap.slot(t.get(h), 1);
    let next = match count.try_small_int().and_then(|c| Value::from_i64(c + 1)) {
        Some(n) => n,
        None => {
            let b = int::to_bigint(t, count) + 1;
            int::from_bigint(t, &b)?
        }
    };
    let it = t.get(h);
    let count = t.heap.slot(it, 1);
    t.heap.set_slot(it, 1, next);
    tuple::new_tuple(t, &[count, t.get(hv)]).map(Some)
}

fn zip_next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let h = t.root(it);
    let its = t.heap.slot(it, 0);
    if its.is_none() {
        return Ok(None);
    }
    let n = tuple::len(t, its);
    if n == 0 {
        return Ok(None);
    }
    let out = tuple::new_tuple_uninit(t, n)?;
    let ho = t.root(out);
    for i in 0..n {
        let its = t.heap.slot(t.get(h), 0);
        let inner = tuple::get(t, its, i);
        let item = protocol::next(t, inner)?;
        match item {
            Some(v) => {
                let out = t.get(ho);
                t.heap.set_slot(out, i, v);
            }
            None => {
                let strict = t.heap.slot(t.get(h), 1).is_true();
                if strict {
                    zip_strict_check(t, h, i, n)?;
                }
                exhaust(t, t.get(h));
                return Ok(None);
            }
        }
    }
    Ok(Some(t.get(ho)))
}

/// `zip(strict=True)` found iterator `i` exhausted: the others must be too.
fn zip_strict_check(t: &mut Thread, h: crate::thread::Handle, i: usize, n: usize) -> PyResult<()> {
    let plural = |i: usize| {
        if i == 1 {
            " ".to_string()
        } else {
            "s 1-".to_string()
        }
    };
    if i > 0 {
        let msg = format!(
            "zip() argument {} is shorter than argument{}{}",
            i + 1,
            plural(i),
            i
        );
        exhaust(t, t.get(h));
        return Err(t.value_error(&msg));
    }
    for j in 1..n {
        let its = t.heap.slot(t.get(h), 0);
        let inner = tuple::get(t, its, j);
        if protocol::next(t, inner)?.is_some() {
            let msg = format!(
                "zip() argument {} is longer than argument{}{}",
                j + 1,
                plural(j),
                j
            );
            exhaust(t, t.get(h));
            return Err(t.value_error(&msg));
        }
    }
    Ok(())
}

fn map_next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let h = t.root(it);
    let its = t.heap.slot(it, 1);
    let n = tuple::len(t, its);
    let args = tuple::new_tuple_uninit(t, n)?;
    let ha = t.root(args);
    for i in 0..n {
        let its = t.heap.slot(t.get(h), 1);
        let inner = tuple::get(t, its, i);
        let Some(v) = protocol::next(t, inner)? else {
            return Ok(None);
        };
        let args = t.get(ha);
        t.heap.set_slot(args, i, v);
    }
    let f = t.heap.slot(t.get(h), 0);
    let args = tuple::items(t, t.get(ha));
    protocol::call(t, f, &args).map(Some)
}

fn filter_next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let h = t.root(it);
    loop {
        let mark = t.handle_mark();
        let inner = t.heap.slot(t.get(h), 1);
        let Some(v) = protocol::next(t, inner)? else {
            return Ok(None);
        };
        let hv = t.root(v);
        let f = t.heap.slot(t.get(h), 0);
        let keep = if f.is_none() || f == t.ty(BuiltinType::Bool) {
            protocol::truthy(t, v)?
        } else {
            let r = protocol::call(t, f, &[v])?;
            protocol::truthy(t, r)?
        };
        if keep {
            return Ok(Some(t.get(hv)));
        }
        t.handle_release(mark);
    }
}

/// Whether the raised exception is IndexError or StopIteration (then cleared).
fn end_of_sequence(t: &mut Thread) -> bool {
    if t.exception_matches(BuiltinType::IndexError)
        || t.exception_matches(BuiltinType::StopIteration)
    {
        t.take_exception();
        true
    } else {
        false
    }
}

fn seq_next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let seq = t.heap.slot(it, 0);
    if seq.is_none() {
        return Ok(None);
    }
    let h = t.root(it);
    let i = t.heap.slot(it, 1);
    match protocol::getitem(t, seq, i) {
        Ok(v) => {
            let it = t.get(h);
            let i = t.heap.slot(it, 1).as_small_int();
            t.heap.set_slot(it, 1, Value::small_int(i + 1));
            Ok(Some(v))
        }
        Err(e) => {
            if end_of_sequence(t) {
                Ok(exhaust(t, t.get(h)))
            } else {
                Err(e)
            }
        }
    }
}

fn reversed_next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let seq = t.heap.slot(it, 0);
    if seq.is_none() {
        return Ok(None);
    }
    let i = t.heap.slot(it, 1);
    if i.as_small_int() < 0 {
        return Ok(exhaust(t, it));
    }
    let h = t.root(it);
    match protocol::getitem(t, seq, i) {
        Ok(v) => {
            let it = t.get(h);
            let i = t.heap.slot(it, 1).as_small_int();
            t.heap.set_slot(it, 1, Value::small_int(i - 1));
            Ok(Some(v))
        }
        Err(e) => {
            if end_of_sequence(t) {
                Ok(exhaust(t, t.get(h)))
            } else {
                Err(e)
            }
        }
    }
}

fn callable_next(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let f = t.heap.slot(it, 0);
    if f.is_none() {
        return Ok(None);
    }
    let h = t.root(it);
    let v = match protocol::call(t, f, &[]) {
        Ok(v) => v,
        Err(e) => {
            if t.exception_matches(BuiltinType::StopIteration) {
                t.take_exception();
                return Ok(exhaust(t, t.get(h)));
            }
            return Err(e);
        }
    };
    let hv = t.root(v);
    let sentinel = t.heap.slot(t.get(h), 1);
    if protocol::eq(t, v, sentinel)? {
        return Ok(exhaust(t, t.get(h)));
    }
    Ok(Some(t.get(hv)))
}

/// `iter(v)` for exact builtin containers without a Python-level `__iter__` call: Some(it)
/// when handled, None to take the generic path. (For `protocol::iter`'s fast path.)
pub fn fast_iter(t: &mut Thread, v: Value) -> PyResult<Option<Value>> {
    let mark = t.handle_mark();
    let r = fast_iter_inner(t, v);
    t.handle_release(mark);
    r
}

fn fast_iter_inner(t: &mut Thread, v: Value) -> PyResult<Option<Value>> {
    if v.is_small_str() {
        return t
            .new_object(BuiltinType::StrIterator.layout(), &[v, Value::small_int(0)])
            .map(Some);
    }
    if !v.is_heap() {
        return Ok(None);
    }
    use BuiltinType as B;
    let l = t.heap.layout_id(v);
    let zero = Value::small_int(0);
    let it = if l == B::List.layout() {
        t.new_object(B::ListIterator.layout(), &[v, zero])?
    } else if l == B::Tuple.layout() {
        t.new_object(B::TupleIterator.layout(), &[v, zero])?
    } else if l == B::Str.layout() {
        t.new_object(B::StrIterator.layout(), &[v, zero])?
    } else if l == B::Dict.layout() {
        dict::new_iterator(t, v, B::DictKeyIterator, false)?
    } else if l == B::Set.layout() || l == B::FrozenSet.layout() {
        let n = Value::small_int(set::len(t, v) as i64);
        t.new_object(B::SetIterator.layout(), &[v, zero, n, n])?
    } else if l == B::Bytes.layout() {
        t.new_object(B::BytesIterator.layout(), &[v, zero])?
    } else if l == B::Range.layout() {
        let (start, step, len) = (t.heap.slot(v, 0), t.heap.slot(v, 2), t.heap.slot(v, 3));
        if !(start.is_small_int() && step.is_small_int() && len.is_small_int()) {
            return Ok(None);
        }
        t.new_object(B::RangeIterator.layout(), &[start, step, len])?
    } else if (matches!(t.layouts.get(l).native, crate::layout::NativeKind::Iterator)
        && fast_next_kind(l))
        || l == B::Generator.layout()
    {
        // Builtin iterators are their own iterators.
        v
    } else {
        return Ok(None);
    };
    Ok(Some(it))
}

/// Whether layout `l` is one of the iterator types `fast_next` serves.
fn fast_next_kind(l: ember_gc::LayoutId) -> bool {
    use BuiltinType as B;
    [
        B::ListIterator,
        B::ListReverseIterator,
        B::TupleIterator,
        B::RangeIterator,
        B::StrIterator,
        B::BytesIterator,
        B::SetIterator,
        B::DictKeyIterator,
        B::DictValueIterator,
        B::DictItemIterator,
        B::SeqIterator,
        B::CallableIterator,
        B::Enumerate,
        B::Zip,
        B::Map,
        B::Filter,
        B::Reversed,
    ]
    .iter()
    .any(|b| b.layout() == l)
}

// ----- constructors -----

/// `iter(callable, sentinel)`.
pub fn new_callable_iterator(t: &mut Thread, callable: Value, sentinel: Value) -> PyResult<Value> {
    t.new_object(
        BuiltinType::CallableIterator.layout(),
        &[callable, sentinel],
    )
}

/// The generic iterator over `seq.__getitem__(0, 1, ...)`.
pub fn new_seq_iterator(t: &mut Thread, seq: Value) -> PyResult<Value> {
    t.new_object(
        BuiltinType::SeqIterator.layout(),
        &[seq, Value::small_int(0)],
    )
}

fn enumerate_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Enumerate)?;
    let mut iterable = a.opt(t, 1);
    let mut start = a.opt(t, 2);
    if a.len() > 3 {
        let msg = format!(
            "enumerate() takes at most 2 arguments ({} given)",
            a.len() - 1 + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "iterable") && iterable.is_none() {
            iterable = Some(v);
        } else if pystr::str_eq_rust(t, k, "start") && start.is_none() {
            start = Some(v);
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for enumerate()",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    let Some(iterable) = iterable else {
        return Err(t.type_error("enumerate() missing required argument 'iterable'"));
    };
    let hs = t.root(start.unwrap_or(Value::small_int(0)));
    let it = protocol::iter(t, iterable)?;
    let hi = t.root(it);
    let s = t.get(hs);
    let count = if int::is_int(t, s) {
        int::int_value(t, s)
    } else {
        match crate::objects::sequence::to_bigint_index(t, s)? {
            Some(b) => int::from_bigint(t, &b)?,
            None => {
                let msg = format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_::type_name_of(t, t.get(hs))
                );
                return Err(t.type_error(&msg));
            }
        }
    };
    t.new_object(BuiltinType::Enumerate.layout(), &[t.get(hi), count])
}

/// A tuple of `iter(x)` for the positional arguments `from..` of a native call.
fn iter_args(t: &mut Thread, a: Args, from: usize) -> PyResult<Value> {
    let n = a.len() - from;
    let out = tuple::new_tuple_uninit(t, n)?;
    let ho = t.root(out);
    for i in 0..n {
        let it = protocol::iter(t, a.get(t, from + i))?;
        let out = t.get(ho);
        t.heap.set_slot(out, i, it);
    }
    Ok(t.get(ho))
}

fn zip_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Zip)?;
    let mut strict = false;
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "strict") {
            strict = protocol::truthy(t, v)?;
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for zip()",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    let its = iter_args(t, a, 1)?;
    t.new_object(BuiltinType::Zip.layout(), &[its, Value::from_bool(strict)])
}

fn map_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Map)?;
    a.no_kwargs(t, "map")?;
    if a.len() < 3 {
        return Err(t.type_error("map() must have at least two arguments."));
    }
    let its = iter_args(t, a, 2)?;
    t.new_object(BuiltinType::Map.layout(), &[a.get(t, 1), its])
}

fn filter_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Filter)?;
    a.no_kwargs(t, "filter")?;
    if a.len() != 3 {
        let msg = format!("filter expected 2 arguments, got {}", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let it = protocol::iter(t, a.get(t, 2))?;
    t.new_object(BuiltinType::Filter.layout(), &[a.get(t, 1), it])
}

/// `reversed(seq)`.
pub fn reversed(t: &mut Thread, seq: Value) -> PyResult<Value> {
    let hs = t.root(seq);
    let ty = t.type_of(seq);
    let m = type_::lookup_sym(t, ty, crate::symbols::sym::__reversed__);
    let not_reversible = |t: &mut Thread, v: Value| {
        let msg = format!("'{}' object is not reversible", type_::type_name_of(t, v));
        t.type_error(&msg)
    };
    match m {
        Some(m) if m.is_none() => return Err(not_reversible(t, t.get(hs))),
        Some(m) => return protocol::call::call_unbound(t, m, &[t.get(hs)]),
        None => {}
    }
    let ty = t.type_of(t.get(hs));
    if dict::is_dict(t, t.get(hs))
        || type_::lookup_sym(t, ty, crate::symbols::sym::__getitem__).is_none()
    {
        return Err(not_reversible(t, t.get(hs)));
    }
    let n = protocol::len(t, t.get(hs))?;
    t.new_object(
        BuiltinType::Reversed.layout(),
        &[t.get(hs), Value::small_int(n as i64 - 1)],
    )
}

fn reversed_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_new(t, a, BuiltinType::Reversed)?;
    a.no_kwargs(t, "reversed")?;
    if a.len() != 2 {
        let msg = format!("reversed expected 1 argument, got {}", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    reversed(t, a.get(t, 1))
}

/// `reversed.__reduce__`: `(reversed, (seq,), index)`, or `(reversed, ((),))` once
/// exhausted.
fn reversed_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_noargs(t, a, "reversed.__reduce__")?;
    let it = a.get(t, 0);
    let seq = t.heap.slot(it, 0);
    let ty = t.ty(BuiltinType::Reversed);
    let hty = t.root(ty);
    if seq.is_none() {
        let empty = tuple::new_tuple(t, &[])?;
        let args = tuple::new_tuple(t, &[empty])?;
        return tuple::new_tuple(t, &[t.get(hty), args]);
    }
    let args = tuple::new_tuple(t, &[seq])?;
    let index = t.heap.slot(a.get(t, 0), 1);
    tuple::new_tuple(t, &[t.get(hty), args, index])
}

/// `reversed.__setstate__(index)`: the next index to produce, clipped to `-1..len`.
fn reversed_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::objects::sequence::check_one(t, a, "reversed.__setstate__")?;
    let state = a.get(t, 1);
    if !int::is_int(t, state) {
        return Err(t.type_error("an integer is required"));
    }
    let Some(i) = int::to_i64(t, state) else {
        return Err(t.overflow_error("Python int too large to convert to C ssize_t"));
    };
    let seq = t.heap.slot(a.get(t, 0), 0);
    if !seq.is_none() {
        let n = protocol::len(t, seq)? as i64;
        let it = a.get(t, 0);
        t.heap.set_slot(it, 1, Value::small_int(i.clamp(-1, n - 1)));
    }
    Ok(Value::NONE)
}

// ----- iterator protocol natives -----

fn iter_self(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(a.get(t, 0))
}

fn iter_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    match fast_next(t, a.get(t, 0))? {
        Some(Some(v)) => Ok(v),
        _ => Err(t.raise_empty(BuiltinType::StopIteration)),
    }
}

fn length_hint(t: &mut Thread, a: Args) -> PyResult<Value> {
    let it = a.get(t, 0);
    let c = t.heap.slot(it, 0);
    if c.is_none() {
        return Ok(Value::small_int(0));
    }
    let l = t.heap.layout_id(it);
    let n = if l == BuiltinType::ListIterator.layout() {
        list::len(t, c).saturating_sub(index_slot(t, it))
    } else if l == BuiltinType::TupleIterator.layout() {
        tuple::len(t, c).saturating_sub(index_slot(t, it))
    } else if l == BuiltinType::RangeIterator.layout() {
        return Ok(t.heap.slot(it, 2));
    } else if l == BuiltinType::ListReverseIterator.layout() {
        let i = t.heap.slot(it, 1).as_small_int();
        if i >= 0 && (i as usize) < list::len(t, c) {
            i as usize + 1
        } else {
            0
        }
    } else {
        0
    };
    Ok(Value::small_int(n as i64))
}

/// Adds the types' methods to their namespaces.
pub fn init(t: &mut Thread) -> PyResult<()> {
    use BuiltinType as B;
    for bt in [
        B::ListIterator,
        B::ListReverseIterator,
        B::TupleIterator,
        B::RangeIterator,
        B::StrIterator,
        B::BytesIterator,
        B::SetIterator,
        B::DictKeyIterator,
        B::DictValueIterator,
        B::DictItemIterator,
        B::SeqIterator,
        B::CallableIterator,
        B::Enumerate,
        B::Zip,
        B::Map,
        B::Filter,
        B::Reversed,
    ] {
        let ty = t.ty(bt);
        let h = t.root(ty);
        native::add_method(t, ty, "__iter__", iter_self)?;
        native::add_method(t, t.get(h), "__next__", iter_next)?;
        if matches!(
            bt,
            B::ListIterator | B::ListReverseIterator | B::TupleIterator | B::RangeIterator
        ) {
            native::add_method(t, t.get(h), "__length_hint__", length_hint)?;
        }
    }
    let rty = t.ty(B::Reversed);
    let hr = t.root(rty);
    native::add_method(t, rty, "__reduce__", reversed_reduce)?;
    native::add_method(t, t.get(hr), "__setstate__", reversed_setstate)?;
    let news: [(B, native::NativeFn); 5] = [
        (B::Enumerate, enumerate_new),
        (B::Zip, zip_new),
        (B::Map, map_new),
        (B::Filter, filter_new),
        (B::Reversed, reversed_new),
    ];
    for (bt, f) in news {
        let ty = t.ty(bt);
        native::add_static(t, ty, "__new__", f)?;
    }
    Ok(())
}

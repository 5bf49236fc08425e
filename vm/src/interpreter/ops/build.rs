//! Handlers for the container-building and unpacking opcodes: BUILD_TUPLE/LIST/SET/MAP/
//! CONST_KEY_MAP/STRING/SLICE, LIST_APPEND, SET_ADD, MAP_ADD, LIST_EXTEND, SET_UPDATE,
//! DICT_UPDATE, DICT_MERGE, LIST_TO_TUPLE, UNPACK_SEQUENCE, UNPACK_EX and FORMAT_VALUE,
//! with CPython 3.11's semantics and error messages.
//!
//! **Invariant:** operands stay on the value stack (rooted) until the result is complete;
//! each handler pops them only after the last allocation that needs them.

use ember_gc::Value;

use crate::bytecode::opcodes::format_value as fv;
use crate::bytecode::Op;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::str as pystr;
use crate::objects::{dict, list, sequence, set, slice, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// BUILD_*, LIST_APPEND/SET_ADD/MAP_ADD, *_EXTEND/UPDATE/MERGE, LIST_TO_TUPLE,
/// UNPACK_SEQUENCE/UNPACK_EX, FORMAT_VALUE.
pub fn build_op(t: &mut Thread, fi: usize, op: Op, arg: u32) -> PyResult<()> {
    // The dispatch loop does not release handles between instructions: release ours.
    let mark = t.handle_mark();
    let r = build_op_inner(t, fi, op, arg);
    t.handle_release(mark);
    r
}

fn build_op_inner(t: &mut Thread, _fi: usize, op: Op, arg: u32) -> PyResult<()> {
    let n = arg as usize;
    match op {
        Op::BUILD_TUPLE => {
            let out = tuple::new_tuple_uninit(t, n)?;
            let base = t.stack.sp - n;
            for i in 0..n {
                let v = t.stack.slots[base + i];
                t.heap.set_slot(out, i, v);
            }
            replace_top(t, n, out);
        }
        Op::BUILD_LIST => {
            let out = list::new_list(t, n)?;
            let base = t.stack.sp - n;
            let arr = t.heap.slot(out, list::ITEMS);
            for i in 0..n {
                let v = t.stack.slots[base + i];
                t.heap.set_slot(arr, i, v);
            }
            t.heap.set_slot(out, list::LEN, Value::small_int(n as i64));
            replace_top(t, n, out);
        }
        Op::BUILD_SET => {
            let s = set::new_set(t)?;
            let hs = t.root(s);
            let base = t.stack.sp - n;
            for i in 0..n {
                let v = t.stack.slots[base + i];
                set::add(t, t.get(hs), v)?;
            }
            let s = t.get(hs);
            replace_top(t, n, s);
        }
        Op::BUILD_MAP => {
            let d = dict::new_dict_sized(t, (n * 3 / 2 + 1).next_power_of_two())?;
            let hd = t.root(d);
            let base = t.stack.sp - 2 * n;
            for i in 0..n {
                let (k, v) = (t.stack.slots[base + 2 * i], t.stack.slots[base + 2 * i + 1]);
                dict::set(t, t.get(hd), k, v)?;
            }
            let d = t.get(hd);
            replace_top(t, 2 * n, d);
        }
        Op::BUILD_CONST_KEY_MAP => {
            let d = dict::new_dict_sized(t, (n * 3 / 2 + 1).next_power_of_two())?;
            let hd = t.root(d);
            let base = t.stack.sp - n - 1;
            for i in 0..n {
                let keys = t.stack.top();
                let k = tuple::get(t, keys, i);
                let v = t.stack.slots[base + i];
                dict::set(t, t.get(hd), k, v)?;
            }
            let d = t.get(hd);
            replace_top(t, n + 1, d);
        }
        Op::BUILD_STRING => {
            let base = t.stack.sp - n;
            let mut bytes = Vec::new();
            let mut chars = 0;
            for i in 0..n {
                let s = t.stack.slots[base + i];
                chars += pystr::char_len(t, s);
                pystr::with_str_bytes(t, s, |_, b| bytes.extend_from_slice(b));
            }
            let s = pystr::new_str_from_utf8(t, &bytes, chars)?;
            replace_top(t, n, s);
        }
        Op::BUILD_SLICE => {
            let (start, stop, step) = if n == 3 {
                (t.stack.peek(3), t.stack.peek(2), t.stack.peek(1))
            } else {
                (t.stack.peek(2), t.stack.peek(1), Value::NONE)
            };
            let s = slice::new_slice(t, start, stop, step)?;
            replace_top(t, n, s);
        }
        Op::LIST_APPEND => {
            let (l, v) = (t.stack.peek(n + 1), t.stack.peek(1));
            list::append(t, l, v)?;
            t.stack.sp -= 1;
        }
        Op::SET_ADD => {
            let (s, v) = (t.stack.peek(n + 1), t.stack.peek(1));
            set::add(t, s, v)?;
            t.stack.sp -= 1;
        }
        Op::MAP_ADD => {
            let (d, k, v) = (t.stack.peek(n + 2), t.stack.peek(2), t.stack.peek(1));
            dict::set(t, d, k, v)?;
            t.stack.sp -= 2;
        }
        Op::LIST_EXTEND => list_extend(t, n)?,
        Op::SET_UPDATE => {
            let (s, it) = (t.stack.peek(n + 1), t.stack.peek(1));
            set::update(t, s, it)?;
            t.stack.sp -= 1;
        }
        Op::DICT_UPDATE => dict_update(t, n)?,
        Op::DICT_MERGE => dict_merge(t, n)?,
        Op::LIST_TO_TUPLE => {
            let l = t.stack.top();
            let items = list::items(t, l);
            let tup = tuple::new_tuple(t, &items)?;
            replace_top(t, 1, tup);
        }
        Op::UNPACK_SEQUENCE => unpack_sequence(t, n)?,
        Op::UNPACK_EX => unpack_ex(t, n & 0xff, n >> 8)?,
        Op::FORMAT_VALUE => format_value(t, arg)?,
        _ => return Err(t.system_error("build_op: unexpected opcode")),
    }
    Ok(())
}

/// Pops `n` values and pushes `v`.
#[inline]
fn replace_top(t: &mut Thread, n: usize, v: Value) {
    t.stack.sp -= n;
    t.stack.push(v);
}

fn list_extend(t: &mut Thread, n: usize) -> PyResult<()> {
    let (l, it) = (t.stack.peek(n + 1), t.stack.peek(1));
    if let Err(e) = list::extend(t, l, it) {
        let it = t.stack.peek(1);
        if t.exception_matches(BuiltinType::TypeError) && !sequence::is_iterable(t, it)? {
            t.take_exception();
            let msg = format!(
                "Value after * must be an iterable, not {}",
                type_::type_name_of(t, t.stack.peek(1))
            );
            return Err(t.type_error(&msg));
        }
        return Err(e);
    }
    t.stack.sp -= 1;
    Ok(())
}

fn dict_update(t: &mut Thread, n: usize) -> PyResult<()> {
    let (d, m) = (t.stack.peek(n + 1), t.stack.peek(1));
    if let Err(e) = dict::merge(t, d, m, dict::Override::Replace) {
        if t.exception_matches(BuiltinType::AttributeError) {
            t.take_exception();
            let msg = format!(
                "'{}' object is not a mapping",
                type_::type_name_of(t, t.stack.peek(1))
            );
            return Err(t.type_error(&msg));
        }
        return Err(e);
    }
    t.stack.sp -= 1;
    Ok(())
}

/// DICT_MERGE: `f(**a, **b)`; a key already present is "got multiple values".
fn dict_merge(t: &mut Thread, n: usize) -> PyResult<()> {
    let (d, m) = (t.stack.peek(n + 1), t.stack.peek(1));
    let hd = t.root(d);
    let hm = t.root(m);
    let keys = if dict::is_dict(t, m) && !dict::overrides_iter(t, m)? {
        let l = list::new_list(t, dict::len(t, t.get(hm)))?;
        let hl = t.root(l);
        let mut i = 0;
        while i < dict::nentries(t, t.get(hm)) {
            if let Some((k, _)) = dict::entry_at(t, t.get(hm), i) {
                list::append(t, t.get(hl), k)?;
            }
            i += 1;
        }
        t.get(hl)
    } else {
        match protocol::call_method(t, t.get(hm), "keys", &[]) {
            Ok(k) => list::from_iterable(t, k)?,
            Err(e) => {
                if t.exception_matches(BuiltinType::AttributeError) {
                    t.take_exception();
                    let f = t.stack.peek(n + 3);
                    let fs = super::call::function_str(t, f)?;
                    let msg = format!(
                        "{fs} argument after ** must be a mapping, not {}",
                        type_::type_name_of(t, t.stack.peek(1))
                    );
                    return Err(t.type_error(&msg));
                }
                return Err(e);
            }
        }
    };
    let hk = t.root(keys);
    for i in 0..list::len(t, keys) {
        let mark = t.handle_mark();
        let k = list::get(t, t.get(hk), i);
        let hkey = t.root(k);
        if dict::contains(t, t.get(hd), k)? {
            let f = t.stack.peek(n + 3);
            let fs = super::call::function_str(t, f)?;
            let ks = protocol::str_string(t, t.get(hkey))?;
            let msg = format!("{fs} got multiple values for keyword argument '{ks}'");
            return Err(t.type_error(&msg));
        }
        let v = protocol::getitem(t, t.get(hm), t.get(hkey))?;
        dict::set(t, t.get(hd), t.get(hkey), v)?;
        t.handle_release(mark);
    }
    t.stack.sp -= 1;
    Ok(())
}

/// `iter(v)` for unpacking: "cannot unpack non-iterable T object" when `v` is not iterable.
fn unpack_iter(t: &mut Thread, v: Value) -> PyResult<Value> {
    let hv = t.root(v);
    match protocol::iter(t, v) {
        Ok(it) => Ok(it),
        Err(e) => {
            if t.exception_matches(BuiltinType::TypeError) && !sequence::is_iterable(t, t.get(hv))?
            {
                t.take_exception();
                let msg = format!(
                    "cannot unpack non-iterable {} object",
                    type_::type_name_of(t, t.get(hv))
                );
                return Err(t.type_error(&msg));
            }
            Err(e)
        }
    }
}

/// Pops the sequence at TOS and pushes the items of the list `items` so that item 0 ends up
/// on top.
fn push_reversed(t: &mut Thread, items: Value, from: usize, to: usize) {
    for i in (from..to).rev() {
        let v = list::get(t, items, i);
        t.stack.push(v);
    }
}

/// UNPACK_SEQUENCE's inline path: an exact tuple or list of exactly `n` items. Returns
/// whether it unpacked.
#[inline(always)]
pub fn unpack_fast(t: &mut Thread, n: usize) -> bool {
    let v = t.stack.top();
    if !v.is_heap() {
        return false;
    }
    let l = t.heap.layout_id(v);
    let arr = if l == BuiltinType::Tuple.layout() && tuple::len(t, v) == n {
        tuple::tuple_value(t, v)
    } else if l == BuiltinType::List.layout() && list::len(t, v) == n {
        t.heap.slot(v, list::ITEMS)
    } else {
        return false;
    };
    // The sequence's slot is the first output: items go in reverse, last item lowest.
    let base = t.stack.sp - 1;
    let src = &t.heap.slots(arr)[..n];
    // The compiler's stack depth for UNPACK_SEQUENCE counts its `n` outputs, and the frame
    // reserved that depth, so the range is in bounds (checked once here).
    let dst = &mut t.stack.slots[base..base + n];
    for (d, s) in dst.iter_mut().zip(src.iter().rev()) {
        *d = *s;
    }
    t.stack.sp = base + n;
    true
}

fn unpack_sequence(t: &mut Thread, n: usize) -> PyResult<()> {
    let v = t.stack.top();
    if v.is_heap() {
        let l = t.heap.layout_id(v);
        if l == BuiltinType::Tuple.layout() && tuple::len(t, v) == n {
            t.stack.sp -= 1;
            for i in (0..n).rev() {
                let x = tuple::get(t, v, i);
                t.stack.push(x);
            }
            return Ok(());
        }
        if l == BuiltinType::List.layout() && list::len(t, v) == n {
            t.stack.sp -= 1;
            for i in (0..n).rev() {
                let x = list::get(t, v, i);
                t.stack.push(x);
            }
            return Ok(());
        }
    }
    crate::interpreter::frame::check_stack(t, n)?;
    let it = unpack_iter(t, v)?;
    let hit = t.root(it);
    let items = list::new_list(t, n)?;
    let hl = t.root(items);
    for i in 0..n {
        match protocol::next(t, t.get(hit))? {
            Some(x) => list::append(t, t.get(hl), x)?,
            None => {
                let msg = format!("not enough values to unpack (expected {n}, got {i})");
                return Err(t.value_error(&msg));
            }
        }
    }
    if protocol::next(t, t.get(hit))?.is_some() {
        let msg = format!("too many values to unpack (expected {n})");
        return Err(t.value_error(&msg));
    }
    t.stack.sp -= 1;
    push_reversed(t, t.get(hl), 0, n);
    Ok(())
}

fn unpack_ex(t: &mut Thread, before: usize, after: usize) -> PyResult<()> {
    crate::interpreter::frame::check_stack(t, before + after + 1)?;
    let v = t.stack.top();
    let it = unpack_iter(t, v)?;
    let hit = t.root(it);
    let head = list::new_list(t, before)?;
    let hh = t.root(head);
    for i in 0..before {
        match protocol::next(t, t.get(hit))? {
            Some(x) => list::append(t, t.get(hh), x)?,
            None => {
                let msg = format!(
                    "not enough values to unpack (expected at least {}, got {i})",
                    before + after
                );
                return Err(t.value_error(&msg));
            }
        }
    }
    let rest = list::from_iterable(t, t.get(hit))?;
    let hr = t.root(rest);
    let ll = list::len(t, rest);
    if ll < after {
        let msg = format!(
            "not enough values to unpack (expected at least {}, got {})",
            before + after,
            before + ll
        );
        return Err(t.value_error(&msg));
    }
    // The trailing items come off the end of the starred list.
    let tail = list::new_list(t, after)?;
    let ht = t.root(tail);
    for i in ll - after..ll {
        let x = list::get(t, t.get(hr), i);
        list::append(t, t.get(ht), x)?;
    }
    let rest = t.get(hr);
    for _ in 0..after {
        let n = list::len(t, rest);
        list::remove_at(t, rest, n - 1);
    }
    t.stack.sp -= 1;
    push_reversed(t, t.get(ht), 0, after);
    t.stack.push(t.get(hr));
    push_reversed(t, t.get(hh), 0, before);
    Ok(())
}

fn format_value(t: &mut Thread, arg: u32) -> PyResult<()> {
    let have_spec = arg & fv::HAVE_SPEC != 0;
    let nops = 1 + have_spec as usize;
    let spec = if have_spec {
        t.stack.peek(1)
    } else {
        Value::NONE
    };
    let hs = t.root(spec);
    let value = t.stack.peek(nops);
    let value = match arg & fv::CONVERSION_MASK {
        fv::CONV_STR => protocol::str_(t, value)?,
        fv::CONV_REPR => protocol::repr(t, value)?,
        fv::CONV_ASCII => pystr::format::ascii(t, value)?,
        _ => value,
    };
    let result = if pystr::is_exact_str(t, value) && !have_spec {
        value
    } else {
        pystr::format::format_value(t, value, t.get(hs))?
    };
    replace_top(t, nops, result);
    Ok(())
}

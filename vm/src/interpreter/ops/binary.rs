//! BINARY_OP and COMPARE_OP slow paths (the loop handles SmallInt operands inline).

use ember_gc::Value;

use crate::bytecode::{BinaryOp, CompareOp};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{list, tuple};
use crate::thread::Thread;

/// BINARY_SUBSCR's inline path: an exact list or tuple indexed by an in-range SmallInt.
#[inline(always)]
pub fn subscr_fast(t: &Thread, o: Value, k: Value) -> Option<Value> {
    if !(k.is_small_int() && o.is_heap()) {
        return None;
    }
    let l = t.heap.layout_id(o);
    let i = k.as_small_int();
    if l == BuiltinType::List.layout() {
        let n = list::len(t, o) as i64;
        let j = if i < 0 { i + n } else { i };
        return (0..n).contains(&j).then(|| list::get(t, o, j as usize));
    }
    if l == BuiltinType::Tuple.layout() {
        let n = tuple::len(t, o) as i64;
        let j = if i < 0 { i + n } else { i };
        return (0..n).contains(&j).then(|| tuple::get(t, o, j as usize));
    }
    None
}

/// STORE_SUBSCR's inline path: `list[i] = v` for an exact list and an in-range SmallInt.
/// Returns whether it stored.
#[inline(always)]
pub fn store_subscr_fast(t: &mut Thread, o: Value, k: Value, v: Value) -> bool {
    if !(k.is_small_int() && o.is_heap()) || t.heap.layout_id(o) != BuiltinType::List.layout() {
        return false;
    }
    let i = k.as_small_int();
    let n = list::len(t, o) as i64;
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return false;
    }
    list::set(t, o, j as usize, v);
    true
}

pub fn binary_op(t: &mut Thread, arg: u32, a: Value, b: Value) -> PyResult<Value> {
    match BinaryOp::from_arg(arg) {
        Some(op) => crate::protocol::binary_op(t, a, b, op),
        None => Err(t.system_error("bad BINARY_OP argument")),
    }
}

pub fn compare_op(t: &mut Thread, arg: u32, a: Value, b: Value) -> PyResult<Value> {
    match CompareOp::from_arg(arg) {
        Some(op) => crate::protocol::rich_compare(t, a, b, op),
        None => Err(t.system_error("bad COMPARE_OP argument")),
    }
}

//! BINARY_OP and COMPARE_OP slow paths (the loop handles SmallInt operands inline).

use ember_gc::Value;

use crate::bytecode::{BinaryOp, CompareOp};
use crate::errors::PyResult;
use crate::thread::Thread;

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

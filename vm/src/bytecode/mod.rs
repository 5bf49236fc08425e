//! ember's bytecode: the opcode table, the compiled-code data the compiler produces, and the
//! disassembler. Nothing here touches the heap.

pub mod code;
pub mod dis;
pub mod opcodes;
pub mod stack_effect;

pub use code::{CodeFlags, CodeObject, Const, ExceptionEntry, LineEntry, Location};
pub use opcodes::{unit, unit_arg, unit_op, BinaryOp, CompareOp, Op, ALL_OPS, MAX_UNIT_ARG};

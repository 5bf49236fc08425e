//! Stack effect of every base opcode, as CPython 3.11's `stack_effect()`: the net change in
//! value-stack depth when the instruction falls through (`jump == false`) or when it jumps
//! (`jump == true`). The compiler's depth analysis and the disassembler use it; it must agree
//! with what the interpreter's handlers actually push and pop.

use super::opcodes::Op;

/// Net stack-depth change of `op` with argument `arg`; `jump` selects the branch-taken effect
/// for instructions that may jump (for other instructions it is ignored).
pub fn stack_effect(op: Op, arg: u32, jump: bool) -> i32 {
    let a = arg as i32;
    match op {
        Op::NOP | Op::EXTENDED_ARG | Op::SWAP => 0,
        Op::POP_TOP => -1,
        Op::PUSH_NULL | Op::COPY => 1,

        Op::UNARY_POSITIVE | Op::UNARY_NEGATIVE | Op::UNARY_NOT | Op::UNARY_INVERT => 0,
        Op::BINARY_OP | Op::COMPARE_OP | Op::IS_OP | Op::CONTAINS_OP | Op::BINARY_SUBSCR => -1,
        Op::STORE_SUBSCR => -3,
        Op::DELETE_SUBSCR => -2,

        Op::GET_ITER | Op::GET_YIELD_FROM_ITER => 0,
        Op::FOR_ITER => {
            if jump {
                -1
            } else {
                1
            }
        }

        Op::LOAD_CONST | Op::LOAD_FAST | Op::LOAD_DEREF | Op::LOAD_CLOSURE => 1,
        Op::LOAD_CLASSDEREF | Op::LOAD_NAME => 1,
        Op::STORE_FAST | Op::STORE_DEREF | Op::STORE_NAME | Op::STORE_GLOBAL => -1,
        Op::DELETE_FAST | Op::DELETE_DEREF | Op::DELETE_NAME | Op::DELETE_GLOBAL => 0,
        Op::LOAD_GLOBAL => 1 + (a & 1),
        Op::LOAD_ATTR => 0,
        Op::STORE_ATTR => -2,
        Op::DELETE_ATTR => -1,
        Op::LOAD_METHOD => 1,

        Op::BUILD_TUPLE | Op::BUILD_LIST | Op::BUILD_SET | Op::BUILD_STRING => 1 - a,
        Op::BUILD_MAP => 1 - 2 * a,
        Op::BUILD_CONST_KEY_MAP => -a,
        Op::BUILD_SLICE => {
            if a == 3 {
                -2
            } else {
                -1
            }
        }
        Op::LIST_APPEND | Op::SET_ADD => -1,
        Op::MAP_ADD => -2,
        Op::LIST_EXTEND | Op::SET_UPDATE | Op::DICT_UPDATE | Op::DICT_MERGE => -1,
        Op::LIST_TO_TUPLE => 0,
        Op::UNPACK_SEQUENCE => a - 1,
        Op::UNPACK_EX => (a & 0xff) + (a >> 8),

        Op::JUMP | Op::JUMP_NO_INTERRUPT => 0,
        Op::POP_JUMP_IF_FALSE
        | Op::POP_JUMP_IF_TRUE
        | Op::POP_JUMP_IF_NONE
        | Op::POP_JUMP_IF_NOT_NONE => -1,
        Op::JUMP_IF_FALSE_OR_POP | Op::JUMP_IF_TRUE_OR_POP => {
            if jump {
                0
            } else {
                -1
            }
        }

        Op::KW_NAMES => 0,
        Op::CALL => -a - 1,
        Op::CALL_FUNCTION_EX => -2 - (a & 1),
        Op::MAKE_FUNCTION => -(((a & 0x0f) as u32).count_ones() as i32),
        Op::RETURN_VALUE => -1,
        Op::LOAD_BUILD_CLASS | Op::LOAD_ASSERTION_ERROR => 1,
        Op::SETUP_ANNOTATIONS => 0,
        Op::IMPORT_NAME => -1,
        Op::IMPORT_FROM => 1,
        Op::IMPORT_STAR => -1,
        Op::FORMAT_VALUE if a & 0x04 != 0 => -1,
        Op::PRINT_EXPR => -1,

        Op::RAISE_VARARGS => -a,
        Op::PUSH_EXC_INFO => 1,
        Op::POP_EXCEPT => -1,
        Op::CHECK_EXC_MATCH | Op::CHECK_EG_MATCH => 0,
        Op::PREP_RERAISE_STAR => -1,
        Op::RERAISE => -1,
        Op::WITH_EXCEPT_START | Op::BEFORE_WITH | Op::BEFORE_ASYNC_WITH => 1,

        Op::YIELD_VALUE => 0,
        Op::SEND if jump => -1,
        Op::GET_AWAITABLE | Op::GET_AITER | Op::ASYNC_GEN_WRAP => 0,
        Op::GET_ANEXT => 1,
        Op::END_ASYNC_FOR => -2,

        Op::MATCH_MAPPING | Op::MATCH_SEQUENCE | Op::MATCH_KEYS | Op::GET_LEN => 1,
        Op::MATCH_CLASS => -2,
        // Quickened forms keep the stack effect of their base opcode; the compiler never
        // emits them.
        #[allow(unreachable_patterns)]
        _ => 0,
    }
}

/// Whether control never falls through to the next instruction.
pub fn is_terminator(op: Op) -> bool {
    matches!(
        op,
        Op::JUMP | Op::JUMP_NO_INTERRUPT | Op::RETURN_VALUE | Op::RAISE_VARARGS | Op::RERAISE
    )
}

//! The one opcode table. Everything that knows about opcodes — the `Op` enum, the
//! disassembler, stack effects, cache sizes, the emit helpers — expands from
//! `for_each_opcode!`. Add an opcode by adding one line here (see docs/interpreter.md).
//!
//! Encoding: code is a `Vec<u32>` of *units*. An instruction unit is `op | arg << 8`
//! (`arg` is 24 bits; `EXTENDED_ARG` prefixes supply the high bits of larger arguments).
//! An instruction with `cache: N` is followed by N cache units that the compiler emits as
//! zero and the interpreter owns (inline caches keyed by layout id). Jump arguments are
//! absolute unit indices of the target instruction (the target may be an `EXTENDED_ARG`).
//!
//! Semantics follow CPython 3.11's opcode of the same name unless the doc line says
//! otherwise. Differences from CPython 3.11, once: no RESUME, PRECALL, CACHE, RETURN_GENERATOR,
//! MAKE_CELL or COPY_FREE_VARS (frame setup makes cells and copies free variables from
//! code metadata; calling a generator function creates the generator directly, and its
//! first resumption pushes nothing); jumps are absolute and not split into
//! forward/backward forms; cell/free variable opargs index `cellvars ++ freevars`
//! (the 3.10 model); `LOAD_FAST` raises UnboundLocalError itself.
//!
//! Stack effects are given as `(pops, pushes)` expressions over `arg`; `jump` effects
//! (when the instruction jumps) are given separately where they differ.

/// `$m!` is invoked once with the whole table. Columns:
/// name, kind (Base: emitted by the compiler; Spec: quickened form, interpreter-only),
/// has_arg, cache units, jump kind (No, Rel = arg is a jump target), doc line.
#[macro_export]
macro_rules! for_each_opcode {
    ($m:ident) => {
        $m! {
            // name                  kind  arg   cache jump  doc
            NOP                      Base  false 0     No    "Does nothing.";
            POP_TOP                  Base  false 0     No    "Pops TOS.";
            PUSH_NULL                Base  false 0     No    "Pushes the NULL marker (Value::UNBOUND) used by CALL.";
            COPY                     Base  true  0     No    "Pushes a copy of the arg-th item (1 = TOS).";
            SWAP                     Base  true  0     No    "Swaps TOS with the arg-th item (arg >= 2).";
            EXTENDED_ARG             Base  true  0     No    "Supplies the high bits of the next instruction's arg.";

            UNARY_POSITIVE           Base  false 0     No    "TOS = +TOS.";
            UNARY_NEGATIVE           Base  false 0     No    "TOS = -TOS.";
            UNARY_NOT                Base  false 0     No    "TOS = not TOS.";
            UNARY_INVERT             Base  false 0     No    "TOS = ~TOS.";
            BINARY_OP                Base  true  1     No    "TOS = TOS1 op TOS; arg is a BinaryOp (CPython NB_* numbering, in-place forms included).";
            COMPARE_OP               Base  true  1     No    "TOS = TOS1 cmp TOS; arg is a CompareOp (Lt=0 Le Eq Ne Gt Ge).";
            IS_OP                    Base  true  0     No    "TOS = TOS1 is TOS (arg=1: is not).";
            CONTAINS_OP              Base  true  0     No    "TOS = TOS1 in TOS (arg=1: not in).";
            BINARY_SUBSCR            Base  false 1     No    "TOS = TOS1[TOS].";
            STORE_SUBSCR             Base  false 1     No    "TOS1[TOS] = TOS2.";
            DELETE_SUBSCR            Base  false 0     No    "del TOS1[TOS].";

            GET_ITER                 Base  false 0     No    "TOS = iter(TOS).";
            GET_YIELD_FROM_ITER      Base  false 0     No    "As CPython: coroutine/generator kept, else iter(TOS).";
            FOR_ITER                 Base  true  1     Rel   "Push next(TOS); on exhaustion pop the iterator and jump to arg.";

            LOAD_CONST               Base  true  0     No    "Push co_consts[arg].";
            LOAD_FAST                Base  true  0     No    "Push local arg; UnboundLocalError if unbound.";
            STORE_FAST               Base  true  0     No    "Local arg = TOS.";
            DELETE_FAST              Base  true  0     No    "Unbind local arg (UnboundLocalError if unbound).";
            LOAD_DEREF               Base  true  0     No    "Push the contents of cell arg (cellvars ++ freevars).";
            STORE_DEREF              Base  true  0     No    "Cell arg contents = TOS.";
            DELETE_DEREF             Base  true  0     No    "Empty cell arg.";
            LOAD_CLOSURE             Base  true  0     No    "Push cell object arg itself.";
            LOAD_CLASSDEREF          Base  true  0     No    "Class body: look in locals mapping, then cell arg.";
            LOAD_NAME                Base  true  0     No    "Push name co_names[arg] from locals, globals, builtins.";
            STORE_NAME               Base  true  0     No    "locals[co_names[arg]] = TOS.";
            DELETE_NAME              Base  true  0     No    "del locals[co_names[arg]].";
            LOAD_GLOBAL              Base  true  3     No    "Push global co_names[arg >> 1]; if arg & 1 push NULL first.";
            STORE_GLOBAL             Base  true  0     No    "globals[co_names[arg]] = TOS.";
            DELETE_GLOBAL            Base  true  0     No    "del globals[co_names[arg]].";
            LOAD_ATTR                Base  true  3     No    "TOS = getattr(TOS, co_names[arg]).";
            STORE_ATTR               Base  true  3     No    "TOS.co_names[arg] = TOS1.";
            DELETE_ATTR              Base  true  0     No    "del TOS.co_names[arg].";
            LOAD_METHOD              Base  true  3     No    "Replace TOS with (method, self) or (NULL, bound attr), as CPython 3.11.";

            BUILD_TUPLE              Base  true  0     No    "Pop arg items, push a tuple.";
            BUILD_LIST               Base  true  0     No    "Pop arg items, push a list.";
            BUILD_SET                Base  true  0     No    "Pop arg items, push a set.";
            BUILD_MAP                Base  true  0     No    "Pop 2*arg items (k, v pairs), push a dict.";
            BUILD_CONST_KEY_MAP      Base  true  0     No    "TOS is a key tuple; pop arg values below it, push a dict.";
            BUILD_STRING             Base  true  0     No    "Pop arg strs, push their concatenation.";
            BUILD_SLICE              Base  true  0     No    "Pop 2 or 3 items (arg), push a slice.";
            LIST_APPEND              Base  true  0     No    "list at STACK[-arg-1] (after popping TOS) .append(TOS).";
            SET_ADD                  Base  true  0     No    "set at STACK[-arg-1] .add(TOS).";
            MAP_ADD                  Base  true  0     No    "dict at STACK[-arg-2] [TOS1] = TOS.";
            LIST_EXTEND              Base  true  0     No    "STACK[-arg-1].extend(TOS); pop TOS.";
            SET_UPDATE               Base  true  0     No    "STACK[-arg-1].update(TOS); pop TOS.";
            DICT_UPDATE              Base  true  0     No    "STACK[-arg-1].update(TOS); pop TOS.";
            DICT_MERGE               Base  true  0     No    "As DICT_UPDATE but duplicate keys raise TypeError (for **kwargs).";
            LIST_TO_TUPLE            Base  false 0     No    "TOS = tuple(TOS).";
            UNPACK_SEQUENCE          Base  true  1     No    "Pop a sequence, push its arg items in reverse order.";
            UNPACK_EX                Base  true  0     No    "Star unpack: low byte = before count, next byte = after count.";

            JUMP                     Base  true  0     Rel   "Jump to arg.";
            JUMP_NO_INTERRUPT        Base  true  0     Rel   "Jump to arg (backward jump that must not check for signals).";
            POP_JUMP_IF_FALSE        Base  true  0     Rel   "Pop TOS; jump to arg if it is false.";
            POP_JUMP_IF_TRUE         Base  true  0     Rel   "Pop TOS; jump to arg if it is true.";
            POP_JUMP_IF_NONE         Base  true  0     Rel   "Pop TOS; jump to arg if it is None.";
            POP_JUMP_IF_NOT_NONE     Base  true  0     Rel   "Pop TOS; jump to arg if it is not None.";
            JUMP_IF_FALSE_OR_POP     Base  true  0     Rel   "If TOS is false jump to arg keeping it, else pop.";
            JUMP_IF_TRUE_OR_POP      Base  true  0     Rel   "If TOS is true jump to arg keeping it, else pop.";

            KW_NAMES                 Base  true  0     No    "The next CALL's last len(co_consts[arg]) args are keywords with these names.";
            CALL                     Base  true  1     No    "Stack: [NULL|method, callable|self, args...]; call with arg positional args (see CPython 3.11 CALL).";
            CALL_FUNCTION_EX         Base  true  0     No    "Stack: [NULL, callable, args tuple, kwargs dict if arg & 1]; call.";
            MAKE_FUNCTION            Base  true  0     No    "Pop code (+ closure 0x08, annotations 0x04, kwdefaults 0x02, defaults 0x01 below it); push a function.";
            RETURN_VALUE             Base  false 0     No    "Return TOS to the caller.";
            LOAD_BUILD_CLASS         Base  false 0     No    "Push builtins.__build_class__.";
            LOAD_ASSERTION_ERROR     Base  false 0     No    "Push AssertionError.";
            SETUP_ANNOTATIONS        Base  false 0     No    "Create __annotations__ in locals if missing.";
            IMPORT_NAME              Base  true  0     No    "Pop fromlist and level; push __import__(co_names[arg], ...).";
            IMPORT_FROM              Base  true  0     No    "Push attribute co_names[arg] of the module at TOS (ImportError if missing).";
            IMPORT_STAR              Base  false 0     No    "Pop a module; copy its public names into locals.";
            FORMAT_VALUE             Base  true  0     No    "Format TOS (with spec below if arg & 4); arg & 3: 0 none, 1 str, 2 repr, 3 ascii.";
            PRINT_EXPR               Base  false 0     No    "Interactive mode: pass TOS to sys.displayhook.";

            RAISE_VARARGS            Base  true  0     No    "raise (arg=0 re-raise, 1 exc, 2 exc from cause).";
            PUSH_EXC_INFO            Base  false 0     No    "As CPython 3.11: push the current exception below TOS, make TOS current.";
            POP_EXCEPT               Base  false 0     No    "Pop the saved exception and restore it as current.";
            CHECK_EXC_MATCH          Base  false 0     No    "Push whether TOS1 matches the exception type(s) TOS; pop TOS.";
            CHECK_EG_MATCH           Base  false 0     No    "except*: split the group, as CPython 3.11.";
            PREP_RERAISE_STAR        Base  false 0     No    "except*: combine raised and re-raised groups, as CPython 3.11.";
            RERAISE                  Base  true  0     No    "Re-raise TOS; if arg, set f_lasti from STACK[-arg-1]... (as CPython 3.11).";
            WITH_EXCEPT_START        Base  false 0     No    "Call __exit__(type, val, tb) with the exception at TOS; push the result.";
            BEFORE_WITH              Base  false 0     No    "Push __exit__ bound, then the result of __enter__().";
            BEFORE_ASYNC_WITH        Base  false 0     No    "Push __aexit__ bound, then the awaitable from __aenter__().";

            YIELD_VALUE              Base  false 0     No    "Suspend, yielding TOS; on resume TOS is the value sent.";
            SEND                     Base  true  0     Rel   "TOS1.send(TOS); on return, pop and push the value and jump to arg.";
            GET_AWAITABLE            Base  true  0     No    "TOS = awaitable of TOS (arg for error messages, as CPython).";
            GET_AITER                Base  false 0     No    "TOS = TOS.__aiter__().";
            GET_ANEXT                Base  false 0     No    "Push awaitable of TOS.__anext__().";
            END_ASYNC_FOR            Base  false 0     No    "Finish async for on StopAsyncIteration, else re-raise.";
            ASYNC_GEN_WRAP           Base  false 0     No    "Wrap TOS for yielding from an async generator.";

            MATCH_MAPPING            Base  false 0     No    "Push whether TOS is a mapping.";
            MATCH_SEQUENCE           Base  false 0     No    "Push whether TOS is a sequence for match.";
            MATCH_KEYS               Base  false 0     No    "Push a tuple of values for keys TOS from mapping TOS1, or None.";
            MATCH_CLASS              Base  true  0     No    "Class pattern with arg positional sub-patterns, as CPython 3.11.";
            GET_LEN                  Base  false 0     No    "Push len(TOS).";

            // Superinstructions (CPython 3.11's): quickening rewrites the first of two
            // adjacent instructions into one of these, which also runs the second (whose arg
            // it reads from the next unit) and skips it. The second stays in place for jumps.
            LOAD_FAST__LOAD_FAST     Spec  true  0     No    "LOAD_FAST arg, then LOAD_FAST of the next unit's arg.";
            LOAD_FAST__LOAD_CONST    Spec  true  0     No    "LOAD_FAST arg, then LOAD_CONST of the next unit's arg.";
            LOAD_CONST__LOAD_FAST    Spec  true  0     No    "LOAD_CONST arg, then LOAD_FAST of the next unit's arg.";
            STORE_FAST__LOAD_FAST    Spec  true  0     No    "STORE_FAST arg, then LOAD_FAST of the next unit's arg.";
            STORE_FAST__STORE_FAST   Spec  true  0     No    "STORE_FAST arg, then STORE_FAST of the next unit's arg.";
        }
    };
}

macro_rules! define_opcodes {
    ($($name:ident $kind:ident $arg:ident $cache:literal $jump:ident $doc:literal;)*) => {
        /// One bytecode operation. The discriminant is the unit's low byte.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Op { $( #[doc = $doc] $name, )* }

        /// Every opcode in table order.
        pub const ALL_OPS: &[Op] = &[$(Op::$name),*];

        impl Op {
            /// The opcode's name as the disassembler prints it.
            pub const fn name(self) -> &'static str {
                match self { $(Op::$name => stringify!($name),)* }
            }
            /// Number of inline cache units that follow the instruction.
            pub const fn cache_units(self) -> usize {
                match self { $(Op::$name => $cache,)* }
            }
            /// Whether the instruction's argument is meaningful.
            pub const fn has_arg(self) -> bool {
                match self { $(Op::$name => $arg,)* }
            }
            /// Whether the argument is an absolute jump target.
            pub const fn is_jump(self) -> bool {
                match self { $(Op::$name => matches!(JumpKind::$jump, JumpKind::Rel),)* }
            }
            /// Whether the compiler may emit this opcode (false for quickened forms).
            pub const fn is_base(self) -> bool {
                match self { $(Op::$name => matches!(OpKind::$kind, OpKind::Base),)* }
            }
            /// Decodes a unit's low byte. Returns None for bytes that are not opcodes.
            pub fn from_u8(b: u8) -> Option<Op> {
                ALL_OPS.get(b as usize).copied()
            }
            /// Decodes a unit's low byte through a 256-entry table (bytes that are not
            /// opcodes decode as NOP): one load, no bounds check, for the dispatch loop.
            #[inline(always)]
            pub fn decode(b: u8) -> Op {
                DECODE[b as usize]
            }
        }
    };
}

#[allow(dead_code)]
enum OpKind {
    Base,
    Spec,
}
#[allow(dead_code)]
enum JumpKind {
    No,
    Rel,
}

for_each_opcode!(define_opcodes);

const _: () = assert!(ALL_OPS.len() <= 256);

/// `Op::decode`'s table.
static DECODE: [Op; 256] = {
    let mut t = [Op::NOP; 256];
    let mut i = 0;
    while i < ALL_OPS.len() {
        t[i] = ALL_OPS[i];
        i += 1;
    }
    t
};

/// Packs an instruction unit.
#[inline]
pub const fn unit(op: Op, arg: u32) -> u32 {
    (op as u32) | (arg << 8)
}

impl Op {
    /// The instruction the compiler emitted where quickening put `self` (a superinstruction
    /// stands for its first half); base opcodes map to themselves.
    pub const fn base_form(self) -> Op {
        match self {
            Op::LOAD_FAST__LOAD_FAST | Op::LOAD_FAST__LOAD_CONST => Op::LOAD_FAST,
            Op::LOAD_CONST__LOAD_FAST => Op::LOAD_CONST,
            Op::STORE_FAST__LOAD_FAST | Op::STORE_FAST__STORE_FAST => Op::STORE_FAST,
            op => op,
        }
    }

    /// The superinstruction for `self` followed by `next`, if there is one.
    pub const fn superinstruction(self, next: Op) -> Option<Op> {
        Some(match (self, next) {
            (Op::LOAD_FAST, Op::LOAD_FAST) => Op::LOAD_FAST__LOAD_FAST,
            (Op::LOAD_FAST, Op::LOAD_CONST) => Op::LOAD_FAST__LOAD_CONST,
            (Op::LOAD_CONST, Op::LOAD_FAST) => Op::LOAD_CONST__LOAD_FAST,
            (Op::STORE_FAST, Op::LOAD_FAST) => Op::STORE_FAST__LOAD_FAST,
            (Op::STORE_FAST, Op::STORE_FAST) => Op::STORE_FAST__STORE_FAST,
            _ => return None,
        })
    }
}

/// Quickening at code-object creation: rewrites each instruction that starts a
/// superinstruction pair. The second instruction must have no EXTENDED_ARG prefix (its arg
/// is read from its own unit).
pub fn quicken(code: &mut [u32]) {
    let mut prev: Option<(usize, Op)> = None;
    let mut i = 0;
    while i < code.len() {
        let start = i;
        let mut op = unit_op(code[i]);
        while op == Op::EXTENDED_ARG && i + 1 < code.len() {
            i += 1;
            op = unit_op(code[i]);
        }
        if let Some((at, p)) = prev {
            if start == i {
                if let Some(sup) = p.superinstruction(op) {
                    code[at] = (code[at] & !0xff) | sup as u32;
                }
            }
        }
        prev = Some((i, op));
        i += 1 + op.cache_units();
    }
}

/// Undoes `quicken` and clears cache units: the code as the compiler emitted it
/// (`co_code`).
pub fn dequicken(code: &mut [u32]) {
    let mut i = 0;
    while i < code.len() {
        let op = unit_op(code[i]);
        code[i] = (code[i] & !0xff) | op.base_form() as u32;
        for c in 0..op.cache_units() {
            if let Some(u) = code.get_mut(i + 1 + c) {
                *u = 0;
            }
        }
        i += 1 + op.cache_units();
    }
}

/// The opcode byte of a unit (unchecked: the unit must be an instruction, not a cache unit).
#[inline]
pub fn unit_op(u: u32) -> Op {
    // All code is produced by the compiler from `Op` values, so every instruction unit's
    // low byte is a valid discriminant; the table maps any other byte to NOP regardless.
    Op::decode(u as u8)
}

/// The 24-bit argument of a unit.
#[inline]
pub const fn unit_arg(u: u32) -> u32 {
    u >> 8
}

/// Largest argument that fits one unit without EXTENDED_ARG.
pub const MAX_UNIT_ARG: u32 = (1 << 24) - 1;

/// BINARY_OP arguments, in CPython's NB_* numbering.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum BinaryOp {
    Add = 0,
    And = 1,
    FloorDivide = 2,
    Lshift = 3,
    MatrixMultiply = 4,
    Multiply = 5,
    Remainder = 6,
    Or = 7,
    Power = 8,
    Rshift = 9,
    Subtract = 10,
    TrueDivide = 11,
    Xor = 12,
    InplaceAdd = 13,
    InplaceAnd = 14,
    InplaceFloorDivide = 15,
    InplaceLshift = 16,
    InplaceMatrixMultiply = 17,
    InplaceMultiply = 18,
    InplaceRemainder = 19,
    InplaceOr = 20,
    InplacePower = 21,
    InplaceRshift = 22,
    InplaceSubtract = 23,
    InplaceTrueDivide = 24,
    InplaceXor = 25,
}

impl BinaryOp {
    pub const COUNT: u32 = 26;
    pub fn from_arg(a: u32) -> Option<BinaryOp> {
        if a < Self::COUNT {
            // SAFETY: BinaryOp is repr(u8) with contiguous discriminants 0..COUNT.
            Some(unsafe { std::mem::transmute::<u8, BinaryOp>(a as u8) })
        } else {
            None
        }
    }
    /// The in-place form's plain counterpart (Add for InplaceAdd), or self.
    pub fn base(self) -> BinaryOp {
        let a = self as u32;
        if a >= 13 {
            BinaryOp::from_arg(a - 13).unwrap_or(self)
        } else {
            self
        }
    }
    pub fn is_inplace(self) -> bool {
        self as u32 >= 13
    }
    /// The operator as Python source spells it ("+", "+=").
    pub fn symbol(self) -> &'static str {
        const S: [&str; 13] = [
            "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^",
        ];
        const I: [&str; 13] = [
            "+=", "&=", "//=", "<<=", "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
        ];
        let a = self as usize;
        if a >= 13 {
            I[a - 13]
        } else {
            S[a]
        }
    }
}

/// COMPARE_OP arguments (CPython's Py_LT.. numbering).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum CompareOp {
    Lt = 0,
    Le = 1,
    Eq = 2,
    Ne = 3,
    Gt = 4,
    Ge = 5,
}

impl CompareOp {
    pub fn from_arg(a: u32) -> Option<CompareOp> {
        Some(match a {
            0 => CompareOp::Lt,
            1 => CompareOp::Le,
            2 => CompareOp::Eq,
            3 => CompareOp::Ne,
            4 => CompareOp::Gt,
            5 => CompareOp::Ge,
            _ => return None,
        })
    }
    pub fn symbol(self) -> &'static str {
        ["<", "<=", "==", "!=", ">", ">="][self as usize]
    }
    /// The operation with operands swapped (for reflected rich comparison).
    pub fn swapped(self) -> CompareOp {
        match self {
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Eq => CompareOp::Eq,
            CompareOp::Ne => CompareOp::Ne,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
        }
    }
}

/// MAKE_FUNCTION flag bits.
pub mod make_function {
    pub const DEFAULTS: u32 = 0x01;
    pub const KWDEFAULTS: u32 = 0x02;
    pub const ANNOTATIONS: u32 = 0x04;
    pub const CLOSURE: u32 = 0x08;
}

/// FORMAT_VALUE flag bits.
pub mod format_value {
    pub const CONVERSION_MASK: u32 = 0x03;
    pub const CONV_NONE: u32 = 0;
    pub const CONV_STR: u32 = 1;
    pub const CONV_REPR: u32 = 2;
    pub const CONV_ASCII: u32 = 3;
    pub const HAVE_SPEC: u32 = 0x04;
}

//! The compiler's output: a code object as plain Rust data, before the VM turns it into a
//! heap `code` object. Owning no heap values keeps the compiler independent of the
//! collector: it can run, be tested and be fuzzed without a `Thread`.

use bitflags::bitflags;
use num_bigint::BigInt;

bitflags! {
    /// `co_flags`, with CPython's bit values.
    #[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
    pub struct CodeFlags: u32 {
        const OPTIMIZED = 0x0001;
        const NEWLOCALS = 0x0002;
        const VARARGS = 0x0004;
        const VARKEYWORDS = 0x0008;
        const NESTED = 0x0010;
        const GENERATOR = 0x0020;
        const NOFREE = 0x0040;
        const COROUTINE = 0x0080;
        const ITERABLE_COROUTINE = 0x0100;
        const ASYNC_GENERATOR = 0x0200;
        // __future__ flags that reach the compiler.
        const FUTURE_ANNOTATIONS = 0x0100_0000;
    }
}

/// A compile-time constant (`co_consts` entry).
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    None,
    Ellipsis,
    Bool(bool),
    /// Integer that fits an i64 (the VM stores it as a SmallInt when it fits 63 bits).
    Int(i64),
    BigInt(BigInt),
    Float(f64),
    Complex {
        re: f64,
        im: f64,
    },
    /// FIXME(surrogates): rustpython-parser decodes literals into Rust Strings, which cannot
    /// hold lone surrogates; the compiler should re-decode such literals from source.
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<Const>),
    FrozenSet(Vec<Const>),
    Code(Box<CodeObject>),
}

/// Source position of an instruction: 1-based lines, 0-based UTF-8 byte columns (CPython's
/// `co_positions`). `line == 0` means "no line" (artificial instructions).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct Location {
    pub line: u32,
    pub end_line: u32,
    pub col: u32,
    pub end_col: u32,
}

/// One run of the line table: instructions from `start` (unit index) up to the next entry's
/// `start` have location `loc`. Entries are sorted by `start`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct LineEntry {
    pub start: u32,
    pub loc: Location,
}

/// One exception-table entry, as CPython 3.11's: an exception raised by an instruction in
/// `start..end` (unit indices) pops the value stack down to `depth` items (above the frame's
/// locals), pushes the offset of the raising instruction if `push_lasti`, pushes the
/// exception, and jumps to `target`. Entries are sorted by `start` and never overlap: nested
/// handlers are flattened into disjoint ranges, as CPython 3.11's assembler does.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub push_lasti: bool,
}

/// A compiled code object.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeObject {
    pub flags: CodeFlags,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    /// Maximum value-stack depth the code needs (excluding locals).
    pub stacksize: u32,
    /// Instruction and cache units (see `opcodes.rs`).
    pub code: Vec<u32>,
    /// For functions, `consts[0]` is the docstring or None.
    pub consts: Vec<Const>,
    pub names: Vec<String>,
    /// Locals: arguments first (positional-only, positional, keyword-only, then *args, then
    /// **kwargs), then the other local variables.
    pub varnames: Vec<String>,
    /// Variables of this scope that inner scopes capture.
    pub cellvars: Vec<String>,
    /// Variables captured from enclosing scopes.
    pub freevars: Vec<String>,
    /// For each cellvar, the index of the argument it is initialised from, if it is one.
    pub cell2arg: Vec<Option<u32>>,
    pub filename: String,
    pub name: String,
    pub qualname: String,
    pub firstlineno: u32,
    pub linetable: Vec<LineEntry>,
    pub exception_table: Vec<ExceptionEntry>,
    /// Attribute names this function assigns on its first argument (`self.x = ...`), in first-
    /// assignment order; the VM sizes instance layouts from `__init__`'s list (as Skybison).
    pub self_attributes: Vec<String>,
}

impl CodeObject {
    /// The location of the instruction at unit `pc`, by binary search over the line table.
    pub fn location(&self, pc: u32) -> Location {
        match self.linetable.binary_search_by(|e| e.start.cmp(&pc)) {
            Ok(i) => self.linetable[i].loc,
            Err(0) => Location::default(),
            Err(i) => self.linetable[i - 1].loc,
        }
    }

    /// The innermost exception-table entry covering unit `pc`.
    pub fn handler_for(&self, pc: u32) -> Option<&ExceptionEntry> {
        let i = self.exception_table.partition_point(|e| e.end <= pc);
        self.exception_table
            .get(i)
            .filter(|e| e.start <= pc && pc < e.end)
    }
}

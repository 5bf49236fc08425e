//! The code generator: walks the AST of one compilation and emits instructions into basic
//! blocks, one `Unit` per code object being compiled (module, class body, function, lambda,
//! comprehension). Its shape mirrors CPython 3.11's `Python/compile.c`: the same
//! frame-block stack for unwinding `return`/`break`/`continue`, the same pseudo-instructions
//! (`SETUP_FINALLY`, `SETUP_CLEANUP`, `SETUP_WITH`, `POP_BLOCK`) from which the assembler
//! derives the exception table, and the same instruction sequences per construct.
//!
//! Files: this one holds the unit and block plumbing, name resolution and constants;
//! `expr.rs`, `stmt.rs`, `function.rs` (functions, lambdas, classes, closures),
//! `comprehension.rs`, `pattern.rs` (match) and `assemble.rs` (the flow graph passes and
//! the final layout) hold the rest.
//!
//! Invariant: nothing here panics on user input. Recursion over the AST goes through
//! `Compiler::expr`/`Compiler::stmt`, which count depth and fail with a RecursionError-kind
//! error past `MAX_DEPTH`.

mod assemble;
mod comprehension;
mod expr;
mod function;
mod pattern;
mod stmt;
pub(crate) mod unparse;

use std::collections::HashMap;

use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

use super::errors::Error;
use super::source::SourceMap;
use super::symtable::{mangle, NameScope, ScopeKind, SymbolTable};
use crate::bytecode::{CodeFlags, CodeObject, Const, Location, Op};

/// Depth of nested `expr`/`stmt` visits past which compilation fails, as CPython's
/// "maximum recursion depth exceeded during compilation".
pub(crate) const MAX_DEPTH: u32 = 10_000;

pub(crate) type BlockId = usize;

/// An instruction while it sits in a basic block: real opcodes plus the pseudo-instructions
/// that delimit exception-handling regions.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum IOp {
    Real(Op),
    SetupFinally,
    SetupCleanup,
    SetupWith,
    PopBlock,
}

#[derive(Clone, Debug)]
pub(crate) struct Instr {
    pub op: IOp,
    pub arg: u32,
    pub target: Option<BlockId>,
    pub loc: Location,
    /// The handler block covering this instruction (set by the assembler).
    pub except: Option<BlockId>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Block {
    pub instrs: Vec<Instr>,
    /// Next block in layout order (fallthrough successor unless the block ends in a
    /// terminator).
    pub next: Option<BlockId>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum FBlockKind {
    WhileLoop,
    ForLoop,
    TryExcept,
    FinallyTry,
    FinallyEnd,
    With,
    AsyncWith,
    HandlerCleanup,
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
}

/// What a frame block needs to unwind: `FinallyTry` the finally body, `With` the statement's
/// location, `HandlerCleanup` the bound exception name.
#[derive(Clone, Copy)]
pub(crate) enum FBlockDatum<'a> {
    None,
    Finally(&'a [ast::Stmt]),
    Stmt(TextRange),
    Name(&'a str),
}

#[derive(Clone, Copy)]
pub(crate) struct FBlock<'a> {
    pub kind: FBlockKind,
    pub block: Option<BlockId>,
    pub exit: Option<BlockId>,
    pub datum: FBlockDatum<'a>,
}

pub(crate) struct Unit<'a> {
    pub scope: usize,
    pub kind: UnitKind,
    pub blocks: Vec<Block>,
    pub entry: BlockId,
    pub cur: BlockId,
    pub consts: Vec<Const>,
    /// `const_key` -> index in `consts`, for de-duplication.
    consts_map: HashMap<Vec<u8>, u32>,
    pub names: Vec<String>,
    names_map: HashMap<String, u32>,
    pub varnames: Vec<String>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub fblocks: Vec<FBlock<'a>>,
    pub name: String,
    pub qualname: String,
    pub firstlineno: u32,
    pub private: Option<String>,
    pub loc: Location,
    /// Name of the first positional parameter (for `self_attributes`).
    pub self_name: Option<String>,
    pub self_attributes: Vec<String>,
}

pub(crate) struct Compiler<'a> {
    pub st: SymbolTable,
    pub src: &'a SourceMap<'a>,
    pub filename: String,
    pub units: Vec<Unit<'a>>,
    pub future_annotations: bool,
    pub interactive: bool,
    pub inherited_flags: CodeFlags,
    pub depth: u32,
    /// CPython's ranges for generator expressions that are a call's sole argument.
    pub genexp_ranges: HashMap<usize, TextRange>,
}

pub(crate) type CResult<T = ()> = Result<T, Error>;

/// Const equality that distinguishes what Python's constant cache distinguishes: types,
/// the sign of zero, and NaN payloads by bits.
fn const_same(a: &Const, b: &Const) -> bool {
    match (a, b) {
        (Const::Float(x), Const::Float(y)) => x.to_bits() == y.to_bits(),
        (Const::Complex { re: a, im: b }, Const::Complex { re: c, im: d }) => {
            a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
        }
        (Const::Tuple(x), Const::Tuple(y)) | (Const::FrozenSet(x), Const::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| const_same(p, q))
        }
        (Const::Code(_), _) | (_, Const::Code(_)) => false,
        _ => a == b,
    }
}

/// A byte key that is equal exactly when `const_same` holds (code objects never share).
fn const_key(c: &Const) -> Option<Vec<u8>> {
    fn put(c: &Const, out: &mut Vec<u8>) -> bool {
        match c {
            Const::None => out.push(0),
            Const::Ellipsis => out.push(1),
            Const::Bool(b) => out.extend([2, *b as u8]),
            Const::Int(i) => {
                out.push(3);
                out.extend(i.to_le_bytes());
            }
            Const::BigInt(b) => {
                out.push(4);
                let v = b.to_signed_bytes_le();
                out.extend((v.len() as u64).to_le_bytes());
                out.extend(v);
            }
            Const::Float(f) => {
                out.push(5);
                out.extend(f.to_bits().to_le_bytes());
            }
            Const::Complex { re, im } => {
                out.push(6);
                out.extend(re.to_bits().to_le_bytes());
                out.extend(im.to_bits().to_le_bytes());
            }
            Const::Str(s) => {
                out.push(7);
                out.extend((s.len() as u64).to_le_bytes());
                out.extend(s.as_bytes());
            }
            Const::Bytes(b) => {
                out.push(8);
                out.extend((b.len() as u64).to_le_bytes());
                out.extend(b);
            }
            Const::Tuple(v) | Const::FrozenSet(v) => {
                out.push(if matches!(c, Const::Tuple(_)) { 9 } else { 10 });
                out.extend((v.len() as u64).to_le_bytes());
                for x in v {
                    if !put(x, out) {
                        return false;
                    }
                }
            }
            Const::Code(_) => return false,
        }
        true
    }
    let mut out = Vec::new();
    put(c, &mut out).then_some(out)
}

impl<'a> Compiler<'a> {
    pub fn new(
        st: SymbolTable,
        src: &'a SourceMap<'a>,
        filename: &str,
        future_annotations: bool,
        inherited_flags: CodeFlags,
    ) -> Self {
        Compiler {
            st,
            src,
            filename: filename.to_string(),
            units: Vec::new(),
            future_annotations,
            interactive: false,
            inherited_flags,
            depth: 0,
            genexp_ranges: HashMap::new(),
        }
    }

    // ---- units ----

    pub fn u(&mut self) -> &mut Unit<'a> {
        // A unit is always pushed before any emission; the fallback is unreachable in
        // practice but keeps this panic-free.
        if self.units.is_empty() {
            self.units
                .push(Self::blank_unit(0, UnitKind::Module, "<module>", 1, None));
        }
        let n = self.units.len() - 1;
        &mut self.units[n]
    }

    pub fn ur(&self) -> &Unit<'a> {
        &self.units[self.units.len() - 1]
    }

    fn blank_unit(
        scope: usize,
        kind: UnitKind,
        name: &str,
        firstlineno: u32,
        private: Option<String>,
    ) -> Unit<'a> {
        Unit {
            scope,
            kind,
            blocks: vec![Block::default()],
            entry: 0,
            cur: 0,
            consts: Vec::new(),
            consts_map: HashMap::new(),
            names: Vec::new(),
            names_map: HashMap::new(),
            varnames: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            fblocks: Vec::new(),
            name: name.to_string(),
            qualname: name.to_string(),
            firstlineno,
            private,
            loc: Location {
                line: firstlineno,
                end_line: firstlineno,
                col: 0,
                end_col: 0,
            },
            self_name: None,
            self_attributes: Vec::new(),
        }
    }

    /// Starts compiling a new code object for symbol-table scope `scope`.
    pub fn enter_scope(&mut self, name: &str, kind: UnitKind, scope: usize, firstlineno: u32) {
        let private = if self.units.is_empty() {
            None
        } else {
            self.ur().private.clone()
        };
        let mut u = Self::blank_unit(scope, kind, name, firstlineno, private);
        let ste = &self.st.scopes[scope];
        u.varnames = ste.varnames.clone();
        let mut cells: Vec<String> = ste
            .symbols
            .iter()
            .filter(|(_, s)| s.scope == NameScope::Cell)
            .map(|(n, _)| n.clone())
            .collect();
        cells.sort();
        if ste.needs_class_closure {
            cells.push("__class__".to_string());
            cells.sort();
        }
        let mut frees: Vec<String> = ste
            .symbols
            .iter()
            .filter(|(_, s)| {
                s.scope == NameScope::Free || s.flags & super::symtable::DEF_FREE_CLASS != 0
            })
            .map(|(n, _)| n.clone())
            .collect();
        frees.sort();
        u.cellvars = cells;
        u.freevars = frees;
        // qualname, as compiler_set_qualname
        if let Some(parent) = self.units.last() {
            if parent.kind != UnitKind::Module {
                let mut force_global = false;
                if matches!(
                    kind,
                    UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Class
                ) {
                    let mangled = mangle(parent.private.as_deref(), name);
                    force_global = self.st.scopes[parent.scope].scope_of(&mangled)
                        == NameScope::GlobalExplicit;
                }
                if !force_global {
                    let base = if matches!(
                        parent.kind,
                        UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Lambda
                    ) {
                        format!("{}.<locals>", parent.qualname)
                    } else {
                        parent.qualname.clone()
                    };
                    u.qualname = format!("{base}.{name}");
                }
            }
        }
        self.units.push(u);
    }

    // ---- blocks and emission ----

    pub fn new_block(&mut self) -> BlockId {
        let u = self.u();
        u.blocks.push(Block::default());
        u.blocks.len() - 1
    }

    /// Makes `b` the current block, placing it after the current one in layout order.
    pub fn use_block(&mut self, b: BlockId) {
        let u = self.u();
        let cur = u.cur;
        u.blocks[cur].next = Some(b);
        u.cur = b;
    }

    /// Starts a fresh block after the current one (CPython's NEXT_BLOCK).
    pub fn next_block(&mut self) {
        let b = self.new_block();
        self.use_block(b);
    }

    fn push_instr(&mut self, op: IOp, arg: u32, target: Option<BlockId>) {
        let u = self.u();
        let loc = u.loc;
        let cur = u.cur;
        u.blocks[cur].instrs.push(Instr {
            op,
            arg,
            target,
            loc,
            except: None,
        });
    }

    pub fn emit(&mut self, op: Op, arg: u32) {
        self.push_instr(IOp::Real(op), arg, None);
    }

    pub fn emit0(&mut self, op: Op) {
        self.push_instr(IOp::Real(op), 0, None);
    }

    pub fn emit_jump(&mut self, op: Op, target: BlockId) {
        self.push_instr(IOp::Real(op), 0, Some(target));
    }

    pub fn emit_jump_noline(&mut self, op: Op, target: BlockId) {
        let saved = self.u().loc;
        self.u().loc.line = 0;
        self.emit_jump(op, target);
        self.u().loc = saved;
    }

    pub fn emit_pseudo(&mut self, op: IOp, target: Option<BlockId>) {
        self.push_instr(op, 0, target);
    }

    pub fn pop_block_noline(&mut self) {
        let saved = self.u().loc;
        self.u().loc.line = 0;
        self.emit_pseudo(IOp::PopBlock, None);
        self.u().loc = saved;
    }

    // ---- locations ----

    pub fn loc_of(&self, r: TextRange) -> Location {
        self.src.location(r)
    }

    pub fn set_loc(&mut self, r: TextRange) {
        let l = self.loc_of(r);
        self.u().loc = l;
    }

    /// Marks following instructions as artificial (CPython's UNSET_LOC).
    pub fn unset_loc(&mut self) {
        self.u().loc.line = 0;
    }

    pub fn error(&self, msg: impl Into<String>, r: TextRange) -> Error {
        Error::syntax(msg, r)
    }

    /// An error located at the current instruction location (as CPython's compiler_error).
    pub fn error_here(&self, msg: impl Into<String>) -> Error {
        let l = self.ur().loc;
        Error::at_loc(msg, l)
    }

    // ---- constants and names ----

    pub fn add_const(&mut self, c: Const) -> u32 {
        let u = self.u();
        if let Const::Code(code) = &c {
            // Equal code objects share one constant, as in CPython (a `while` test is
            // compiled twice, for instance).
            if let Some(i) = u
                .consts
                .iter()
                .position(|k| matches!(k, Const::Code(x) if x == code))
            {
                return i as u32;
            }
        }
        let key = const_key(&c);
        if let Some(k) = &key {
            if let Some(&i) = u.consts_map.get(k) {
                return i;
            }
        }
        u.consts.push(c);
        let i = (u.consts.len() - 1) as u32;
        if let Some(k) = key {
            u.consts_map.insert(k, i);
        }
        i
    }

    pub fn load_const(&mut self, c: Const) {
        let i = self.add_const(c);
        self.emit(Op::LOAD_CONST, i);
    }

    /// Index of `name` in co_names, without mangling.
    pub fn name_index(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(&i) = u.names_map.get(name) {
            return i;
        }
        let i = u.names.len() as u32;
        u.names.push(name.to_string());
        u.names_map.insert(name.to_string(), i);
        i
    }

    pub fn mangle(&self, name: &str) -> String {
        mangle(self.ur().private.as_deref(), name)
    }

    /// Emits `op` with the (mangled) name as argument (CPython's ADDOP_NAME).
    pub fn emit_name(&mut self, op: Op, name: &str) {
        let m = self.mangle(name);
        let i = self.name_index(&m);
        self.emit(op, i);
    }

    pub fn varname_index(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(i) = u.varnames.iter().position(|x| x == name) {
            return i as u32;
        }
        u.varnames.push(name.to_string());
        (u.varnames.len() - 1) as u32
    }

    fn cell_index(&self, name: &str) -> Option<u32> {
        let u = self.ur();
        if let Some(i) = u.cellvars.iter().position(|x| x == name) {
            return Some(i as u32);
        }
        u.freevars
            .iter()
            .position(|x| x == name)
            .map(|i| (i + u.cellvars.len()) as u32)
    }

    fn scope_kind(&self) -> ScopeKind {
        self.st.scopes[self.ur().scope].kind
    }

    /// Emits a load, store or delete of a variable (CPython's compiler_nameop).
    pub fn nameop(&mut self, name: &str, ctx: NameCtx, range: TextRange) -> CResult {
        if name == "__debug__" {
            match ctx {
                NameCtx::Load => {
                    self.load_const(Const::Bool(true));
                    return Ok(());
                }
                NameCtx::Store => return Err(self.error("cannot assign to __debug__", range)),
                NameCtx::Del => return Err(self.error("cannot delete __debug__", range)),
            }
        }
        let mangled = self.mangle(name);
        let scope_id = self.ur().scope;
        let sc = self.st.scopes[scope_id].scope_of(&mangled);
        let is_function = self.scope_kind() == ScopeKind::Function;
        enum K {
            Fast,
            Deref,
            Global,
            Name,
        }
        let k = match sc {
            NameScope::Free | NameScope::Cell => K::Deref,
            NameScope::Local if is_function => K::Fast,
            NameScope::GlobalImplicit if is_function => K::Global,
            NameScope::GlobalExplicit => K::Global,
            _ => K::Name,
        };
        match k {
            K::Deref => {
                let idx = match self.cell_index(&mangled) {
                    Some(i) => i,
                    None => {
                        // Should not happen: the symbol table put it in cell/free vars.
                        return Err(
                            self.error(format!("internal error: no cell for '{mangled}'"), range)
                        );
                    }
                };
                let op = match ctx {
                    NameCtx::Load => {
                        if self.scope_kind() == ScopeKind::Class {
                            Op::LOAD_CLASSDEREF
                        } else {
                            Op::LOAD_DEREF
                        }
                    }
                    NameCtx::Store => Op::STORE_DEREF,
                    NameCtx::Del => Op::DELETE_DEREF,
                };
                self.emit(op, idx);
            }
            K::Fast => {
                let i = self.varname_index(&mangled);
                let op = match ctx {
                    NameCtx::Load => Op::LOAD_FAST,
                    NameCtx::Store => Op::STORE_FAST,
                    NameCtx::Del => Op::DELETE_FAST,
                };
                self.emit(op, i);
            }
            K::Global => {
                let i = self.name_index(&mangled);
                match ctx {
                    NameCtx::Load => self.emit(Op::LOAD_GLOBAL, i << 1),
                    NameCtx::Store => self.emit(Op::STORE_GLOBAL, i),
                    NameCtx::Del => self.emit(Op::DELETE_GLOBAL, i),
                }
            }
            K::Name => {
                let i = self.name_index(&mangled);
                let op = match ctx {
                    NameCtx::Load => Op::LOAD_NAME,
                    NameCtx::Store => Op::STORE_NAME,
                    NameCtx::Del => Op::DELETE_NAME,
                };
                self.emit(op, i);
            }
        }
        Ok(())
    }

    // ---- frame blocks ----

    pub fn push_fblock(
        &mut self,
        kind: FBlockKind,
        block: Option<BlockId>,
        exit: Option<BlockId>,
        datum: FBlockDatum<'a>,
        range: TextRange,
    ) -> CResult {
        if self.ur().fblocks.len() >= 20 {
            return Err(self.error("too many statically nested blocks", range));
        }
        self.u().fblocks.push(FBlock {
            kind,
            block,
            exit,
            datum,
        });
        Ok(())
    }

    pub fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }

    // ---- recursion guard ----

    pub fn enter_recursion(&mut self, r: TextRange) -> CResult {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::recursion(r));
        }
        Ok(())
    }

    pub fn leave_recursion(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // ---- finishing a unit ----

    /// Computes co_flags for the current unit (compute_code_flags).
    fn code_flags(&self) -> CodeFlags {
        let u = self.ur();
        let ste = &self.st.scopes[u.scope];
        let mut f = CodeFlags::empty();
        if ste.kind == ScopeKind::Function {
            f |= CodeFlags::NEWLOCALS | CodeFlags::OPTIMIZED;
            if ste.nested {
                f |= CodeFlags::NESTED;
            }
            if ste.generator && !ste.coroutine {
                f |= CodeFlags::GENERATOR;
            }
            if !ste.generator && ste.coroutine {
                f |= CodeFlags::COROUTINE;
            }
            if ste.generator && ste.coroutine {
                f |= CodeFlags::ASYNC_GENERATOR;
            }
            if ste.varargs {
                f |= CodeFlags::VARARGS;
            }
            if ste.varkeywords {
                f |= CodeFlags::VARKEYWORDS;
            }
        }
        f |= self.inherited_flags & CodeFlags::FUTURE_ANNOTATIONS;
        if self.future_annotations {
            f |= CodeFlags::FUTURE_ANNOTATIONS;
        }
        f
    }

    /// Assembles the current unit into a code object and pops it.
    pub fn finish_unit(&mut self, add_none: bool) -> CResult<CodeObject> {
        // Ensure the last block ends in a return.
        let needs_return = {
            let u = self.ur();
            let mut b = u.entry;
            let mut last = b;
            let mut seen = 0usize;
            while let Some(n) = u.blocks[b].next {
                b = n;
                last = n;
                seen += 1;
                if seen > u.blocks.len() {
                    break;
                }
            }
            !matches!(
                u.blocks[last].instrs.last().map(|i| i.op),
                Some(IOp::Real(Op::RETURN_VALUE))
            )
        };
        if needs_return {
            self.unset_loc();
            if add_none {
                self.load_const(Const::None);
            }
            self.emit0(Op::RETURN_VALUE);
        }
        let flags = self.code_flags();
        let Some(u) = self.units.pop() else {
            return Err(Error::syntax(
                "internal error: no unit",
                TextRange::default(),
            ));
        };
        assemble::assemble(u, flags, &self.filename)
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum NameCtx {
    Load,
    Store,
    Del,
}

impl From<&ast::ExprContext> for NameCtx {
    fn from(c: &ast::ExprContext) -> Self {
        match c {
            ast::ExprContext::Load => NameCtx::Load,
            ast::ExprContext::Store => NameCtx::Store,
            ast::ExprContext::Del => NameCtx::Del,
        }
    }
}

/// Compiles a whole module (or interactive input, or an expression).
#[allow(clippy::too_many_arguments)]
pub(crate) fn compile_module(
    st: SymbolTable,
    src: &SourceMap,
    filename: &str,
    body: &[ast::Stmt],
    expr: Option<&ast::Expr>,
    interactive: bool,
    future_annotations: bool,
    inherited: CodeFlags,
) -> CResult<CodeObject> {
    let mut c = Compiler::new(st, src, filename, future_annotations, inherited);
    c.interactive = interactive;
    c.enter_scope("<module>", UnitKind::Module, 0, 1);
    if let Some(e) = expr {
        c.set_loc(e.range());
        c.expr(e)?;
        c.emit0(Op::RETURN_VALUE);
        return c.finish_unit(false);
    }
    if interactive {
        if stmt::find_ann(body) {
            c.emit0(Op::SETUP_ANNOTATIONS);
        }
        for s in body {
            c.stmt(s)?;
        }
    } else {
        c.body(body, true)?;
    }
    c.finish_unit(true)
}

//! ember's compiler: Python 3.11 source to ember bytecode (`bytecode::CodeObject`).
//!
//! Pipeline: `checks` (CPython's nesting limits, before the parser builds a deep tree) ->
//! rustpython-parser -> `checks` again on the tree (depth, assignment targets and the other
//! checks CPython's grammar makes but rustpython's does not) -> `symtable` (scopes) ->
//! `codegen` (blocks of instructions) -> `codegen::assemble` (exception table, stack depth,
//! layout). Errors carry CPython's messages and positions (`errors`).
//!
//! The compiler owns no heap values and never panics on user input. It recurses over the
//! AST, bounded by CPython's limits (`checks`) and `codegen::MAX_DEPTH`; callers should run
//! it on a thread with a large stack (the VM uses 256 MiB), as rustpython-parser itself
//! recurses when dropping trees.
//!
//! Known gaps, each marked where it lives:
//! - FIXME(surrogates): string literals with lone surrogates (`'\ud800'`) arrive from
//!   rustpython-parser as U+FFFD; `Const::Str` cannot hold them.
//! - FIXME(unicode tables): identifiers get a partial NFKC normalisation
//!   (`symtable::normalize_identifier`).
//! - rustpython-parser 0.4.0 rejects `f'{"""a"b"""}'` (a triple-quoted string holding the
//!   outer quote inside a replacement field), and its error recovery is first-error-only;
//!   `errors` maps its errors to CPython's wording where a rule is known, else
//!   "invalid syntax" at the offending token.
//! - CPython 3.11's SyntaxWarnings (`"is" with a literal`, ...) are not produced.

mod checks;
mod codegen;
mod errors;
pub(crate) mod source;
mod symtable;
#[cfg(test)]
mod tests;

use rustpython_parser::ast;

pub use crate::bytecode::CodeFlags;
use crate::bytecode::CodeObject;

/// What the source is: a module, one expression, or one interactive statement.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Exec,
    Eval,
    Single,
}

/// The exception class a compile error maps to.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
    /// CPython raises RecursionError("maximum recursion depth exceeded during compilation")
    /// for over-deep expressions; the fields besides `msg` are best effort.
    RecursionError,
    /// CPython raises MemoryError for some inputs its parser cannot handle.
    MemoryError,
}

/// A compile error with CPython's SyntaxError attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub kind: SyntaxErrorKind,
    pub msg: String,
    pub filename: String,
    pub lineno: u32,
    /// 1-based column, as CPython's SyntaxError.offset (characters for parser errors, byte
    /// column + 1 for compiler errors, as CPython 3.11).
    pub offset: u32,
    pub end_lineno: u32,
    pub end_offset: u32,
    /// The source line, with a trailing newline, as CPython.
    pub text: Option<String>,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?}: {} ({}, line {})",
            self.kind, self.msg, self.filename, self.lineno
        )
    }
}

/// Compiles `source` into a code object. `flags` carries inherited `__future__` flags
/// (`CodeFlags::FUTURE_ANNOTATIONS`).
pub fn compile(
    source: &str,
    filename: &str,
    mode: Mode,
    flags: CodeFlags,
) -> Result<CodeObject, CompileError> {
    let src = source::SourceMap::new(source);
    compile_inner(source, filename, mode, flags, &src)
        .map_err(|e| finish_error(e, source, filename, mode, &src))
}

/// Parses `source` into rustpython's AST, with CPython's syntax errors (the tree that
/// `ast.parse` converts to Python objects; `crate::ast`).
pub fn parse(source: &str, filename: &str, mode: Mode) -> Result<ast::Mod, CompileError> {
    let src = source::SourceMap::new(source);
    parse_checked(source, filename, mode, &src)
        .map_err(|e| finish_error(e, source, filename, mode, &src))
}

fn parse_checked(
    source: &str,
    filename: &str,
    mode: Mode,
    src: &source::SourceMap,
) -> Result<ast::Mod, errors::Error> {
    let parsed = parse_inner(source, filename, mode, src)?;
    let (body, expr): (Vec<ast::Stmt>, Option<Box<ast::Expr>>) = match parsed {
        ast::Mod::Module(m) => (m.body, None),
        ast::Mod::Interactive(m) => (m.body, None),
        ast::Mod::Expression(e) => (Vec::new(), Some(e.body)),
        ast::Mod::FunctionType(_) => (Vec::new(), None),
    };
    // Over-deep trees are taken apart iteratively so that dropping them cannot overflow.
    if let Err(e) = checks::check_depth(&body, expr.as_deref()) {
        checks::dismantle(body, expr);
        return Err(e);
    }
    checks::check_grammar(&body, expr.as_deref(), src)?;
    Ok(match (mode, expr) {
        (_, Some(body)) => ast::Mod::Expression(ast::ModExpression {
            range: rustpython_parser::text_size::TextRange::default().into(),
            body,
        }),
        (Mode::Single, None) => ast::Mod::Interactive(ast::ModInteractive {
            range: rustpython_parser::text_size::TextRange::default().into(),
            body,
        }),
        _ => ast::Mod::Module(ast::ModModule {
            range: rustpython_parser::text_size::TextRange::default().into(),
            body,
            type_ignores: Vec::new(),
        }),
    })
}

/// Compiles an AST built from Python node objects (`compile(ast_object, ...)`); `src` is the
/// synthetic position table `crate::ast` made for it.
pub(crate) fn compile_mod(
    parsed: ast::Mod,
    filename: &str,
    mode: Mode,
    flags: CodeFlags,
    src: &source::SourceMap,
) -> Result<CodeObject, CompileError> {
    compile_parsed(parsed, filename, mode, flags, src)
        .map_err(|e| e.into_compile_error(src, filename))
}

fn finish_error(
    e: errors::Error,
    source: &str,
    filename: &str,
    mode: Mode,
    src: &source::SourceMap,
) -> CompileError {
    let mut e = e.into_compile_error(src, filename);
    if source.trim().is_empty() && mode != Mode::Exec {
        // CPython reports empty eval/single input at line 0.
        e.lineno = 0;
        e.offset = 0;
        e.end_lineno = 0;
        e.end_offset = 0;
        e.text = Some(String::new());
    } else if mode == Mode::Eval {
        // Without exec mode's implicit trailing newline, the text is the raw line.
        if let Some(t) = &mut e.text {
            if !source.ends_with('\n') && e.lineno as usize >= source.lines().count() {
                while t.ends_with('\n') {
                    t.pop();
                }
            }
        }
    }
    e
}

fn parse_inner(
    source: &str,
    filename: &str,
    mode: Mode,
    src: &source::SourceMap,
) -> Result<ast::Mod, errors::Error> {
    checks::check_tokens(source, mode)?;
    let pmode = match mode {
        Mode::Exec => rustpython_parser::Mode::Module,
        Mode::Eval => rustpython_parser::Mode::Expression,
        Mode::Single => rustpython_parser::Mode::Interactive,
    };
    let parsed = rustpython_parser::parse(source, pmode, filename)
        .map_err(|e| errors::map_parse_error(&e, src))?;
    if let ast::Mod::Interactive(m) = &parsed {
        if m.body.is_empty() {
            return Err(errors::Error::parser(
                SyntaxErrorKind::SyntaxError,
                "invalid syntax",
                0,
                0,
            ));
        }
        // One statement (or one line of simple statements) only.
        if let (Some(first), Some(second)) = (m.body.first(), m.body.get(1)) {
            let end = u32::from(ast::Ranged::range(first).end());
            let (l1, _) = src.line_col(end);
            let (l2, _) = src.line_col(u32::from(ast::Ranged::range(second).start()));
            if l2 > l1 {
                let line_end = src
                    .text
                    .get(end as usize..)
                    .and_then(|r| r.find(['\n', '\r']))
                    .map_or(end, |p| end + p as u32);
                return Err(errors::Error::parser(
                    SyntaxErrorKind::SyntaxError,
                    "multiple statements found while compiling a single statement",
                    line_end,
                    line_end,
                ));
            }
        }
    }
    Ok(parsed)
}

fn compile_inner(
    source: &str,
    filename: &str,
    mode: Mode,
    flags: CodeFlags,
    src: &source::SourceMap,
) -> Result<CodeObject, errors::Error> {
    let parsed = parse_inner(source, filename, mode, src)?;
    compile_parsed(parsed, filename, mode, flags, src)
}

fn compile_parsed(
    parsed: ast::Mod,
    filename: &str,
    mode: Mode,
    flags: CodeFlags,
    src: &source::SourceMap,
) -> Result<CodeObject, errors::Error> {
    let (body, expr): (Vec<ast::Stmt>, Option<Box<ast::Expr>>) = match parsed {
        ast::Mod::Module(m) => (m.body, None),
        ast::Mod::Interactive(m) => (m.body, None),
        ast::Mod::Expression(e) => (Vec::new(), Some(e.body)),
        ast::Mod::FunctionType(_) => (Vec::new(), None),
    };
    // Over-deep trees are taken apart iteratively so that dropping them cannot overflow.
    if let Err(e) = checks::check_depth(&body, expr.as_deref()) {
        checks::dismantle(body, expr);
        return Err(e);
    }
    let future = checks::check_module(&body, expr.as_deref(), src)?;
    let future_annotations = future || flags.contains(CodeFlags::FUTURE_ANNOTATIONS);
    let st = symtable::build(&body, expr.as_deref(), future_annotations)?;
    codegen::compile_module(
        st,
        src,
        filename,
        &body,
        expr.as_deref(),
        mode == Mode::Single,
        future_annotations,
        flags,
    )
}

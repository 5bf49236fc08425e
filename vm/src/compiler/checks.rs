//! Checks CPython makes that rustpython-parser does not:
//!
//! - `check_tokens`, before parsing: CPython's tokenizer limits (200 nested brackets,
//!   100 indentation levels) and a bound on operator chains, so the parser never builds a
//!   tree deep enough to overflow the stack when it is dropped;
//! - `check_depth`, on the tree: CPython's compiler recursion limit (RecursionError);
//! - `check_module`, on the tree: assignment/deletion targets with CPython's messages,
//!   unparenthesised generator arguments, `__future__` imports, and 3.12-only syntax.
//!
//! All walks here are depth-bounded: `check_depth` runs first and stops descending at
//! `MAX_AST_DEPTH`, and the later walks only see trees that passed it.

use rustpython_parser::ast::{self, Constant, Ranged};
use rustpython_parser::text_size::TextRange;

use super::errors::{Error, Pos};
use super::source::SourceMap;
use super::{Mode, SyntaxErrorKind};

/// Deepest AST (module, statements and expressions counted) CPython 3.11 compiles.
const MAX_AST_DEPTH: u32 = 2992;
/// Operators in one comma-separated run of a logical line beyond which the tree would be
/// deeper than anything CPython compiles; rejected before parsing.
const MAX_OPERATOR_RUN: u32 = 50_000;

/// One pass over the bytes of the source (strings and comments skipped): bracket depth,
/// indentation levels, and operator runs. Cheaper than running the lexer, which the parser
/// runs anyway.
pub(crate) fn check_tokens(source: &str, _mode: Mode) -> Result<(), Error> {
    let b = source.as_bytes();
    let mut i = 0usize;
    let mut depth = 0u32;
    let mut run = 0u32;
    let mut indents: Vec<usize> = vec![0];
    let mut at_line_start = true;
    let mut continuation = false;
    let op_error = |at: usize| {
        Error::new(
            SyntaxErrorKind::RecursionError,
            "maximum recursion depth exceeded during compilation",
            Pos::CharAt {
                start: at as u32,
                end: at as u32,
            },
        )
    };
    while i < b.len() {
        if at_line_start {
            at_line_start = false;
            if depth == 0 && !continuation {
                // Measure indentation (tabs to multiples of 8, as the tokenizer).
                let mut col = 0usize;
                let mut j = i;
                while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\x0c') {
                    col = match b[j] {
                        b'\t' => (col / 8 + 1) * 8,
                        b'\x0c' => 0,
                        _ => col + 1,
                    };
                    j += 1;
                }
                let blank = j >= b.len() || matches!(b[j], b'#' | b'\n' | b'\r');
                if !blank {
                    let top = indents.last().copied().unwrap_or(0);
                    if col > top {
                        indents.push(col);
                        // CPython's tokenizer allows 99 nested indents (MAXINDENT 100).
                        if indents.len() > 100 {
                            let line =
                                source[..i].bytes().filter(|&c| c == b'\n').count() as u32 + 1;
                            return Err(Error::new(
                                SyntaxErrorKind::IndentationError,
                                "too many levels of indentation",
                                Pos::Explicit {
                                    lineno: line,
                                    offset: 1,
                                    end_lineno: line,
                                    end_offset: 0,
                                },
                            ));
                        }
                    } else {
                        while indents.len() > 1 && indents.last().is_some_and(|&t| t > col) {
                            indents.pop();
                        }
                    }
                }
                i = j;
                continue;
            }
            continuation = false;
        }
        let c = b[i];
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\n' => {
                at_line_start = true;
                if depth == 0 {
                    run = 0;
                }
            }
            b'\\' => {
                // Line continuation: the next line does not start a new logical line.
                if matches!(b.get(i + 1), Some(b'\n' | b'\r')) {
                    continuation = true;
                }
            }
            b'\'' | b'"' => {
                let q = c;
                let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
                i += if triple { 3 } else { 1 };
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 1,
                        x if x == q => {
                            if !triple {
                                break;
                            }
                            if b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                                i += 2;
                                break;
                            }
                        }
                        b'\n' if !triple => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                run += 1;
                if depth > 200 {
                    return Err(Error::new(
                        SyntaxErrorKind::SyntaxError,
                        "too many nested parentheses",
                        Pos::CharAt {
                            start: i as u32,
                            end: i as u32,
                        },
                    ));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b',' | b';' => run = 0,
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'~' | b'<' | b'>'
            | b'.' | b'=' | b':' => {
                run += 1;
                if run > MAX_OPERATOR_RUN {
                    return Err(op_error(i));
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let s = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                if matches!(
                    &b[s..i],
                    b"not" | b"lambda" | b"await" | b"if" | b"else" | b"and" | b"or" | b"yield"
                ) {
                    run += 1;
                    if run > MAX_OPERATOR_RUN {
                        return Err(op_error(s));
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

// ---- depth ----

struct Depth {
    limit: u32,
}

type DR = Result<(), TextRange>;

impl Depth {
    fn stmts(&self, b: &[ast::Stmt], d: u32) -> DR {
        for s in b {
            self.stmt(s, d)?;
        }
        Ok(())
    }

    fn exprs<'e>(&self, v: impl IntoIterator<Item = &'e ast::Expr>, d: u32) -> DR {
        for e in v {
            self.expr(e, d)?;
        }
        Ok(())
    }

    fn args(&self, a: &ast::Arguments, d: u32) -> DR {
        for x in a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs) {
            if let Some(v) = &x.default {
                self.expr(v, d)?;
            }
            if let Some(v) = &x.def.annotation {
                self.expr(v, d)?;
            }
        }
        for x in a.vararg.iter().chain(&a.kwarg) {
            if let Some(v) = &x.annotation {
                self.expr(v, d)?;
            }
        }
        Ok(())
    }

    fn stmt(&self, s: &ast::Stmt, d: u32) -> DR {
        use ast::Stmt as S;
        let d = d + 1;
        if d > self.limit {
            return Err(s.range());
        }
        match s {
            S::FunctionDef(f) => {
                self.args(&f.args, d)?;
                self.exprs(&f.decorator_list, d)?;
                self.exprs(f.returns.as_deref(), d)?;
                self.stmts(&f.body, d)
            }
            S::AsyncFunctionDef(f) => {
                self.args(&f.args, d)?;
                self.exprs(&f.decorator_list, d)?;
                self.exprs(f.returns.as_deref(), d)?;
                self.stmts(&f.body, d)
            }
            S::ClassDef(c) => {
                self.exprs(&c.bases, d)?;
                self.exprs(c.keywords.iter().map(|k| &k.value), d)?;
                self.exprs(&c.decorator_list, d)?;
                self.stmts(&c.body, d)
            }
            S::Return(r) => self.exprs(r.value.as_deref(), d),
            S::Delete(x) => self.exprs(&x.targets, d),
            S::Assign(a) => {
                self.exprs(&a.targets, d)?;
                self.expr(&a.value, d)
            }
            S::TypeAlias(t) => self.expr(&t.value, d),
            S::AugAssign(a) => {
                self.expr(&a.target, d)?;
                self.expr(&a.value, d)
            }
            S::AnnAssign(a) => {
                self.expr(&a.target, d)?;
                self.expr(&a.annotation, d)?;
                self.exprs(a.value.as_deref(), d)
            }
            S::For(f) => {
                self.expr(&f.target, d)?;
                self.expr(&f.iter, d)?;
                self.stmts(&f.body, d)?;
                self.stmts(&f.orelse, d)
            }
            S::AsyncFor(f) => {
                self.expr(&f.target, d)?;
                self.expr(&f.iter, d)?;
                self.stmts(&f.body, d)?;
                self.stmts(&f.orelse, d)
            }
            S::While(w) => {
                self.expr(&w.test, d)?;
                self.stmts(&w.body, d)?;
                self.stmts(&w.orelse, d)
            }
            S::If(i) => {
                self.expr(&i.test, d)?;
                self.stmts(&i.body, d)?;
                self.stmts(&i.orelse, d)
            }
            S::With(w) => {
                for it in &w.items {
                    self.expr(&it.context_expr, d)?;
                    self.exprs(it.optional_vars.as_deref(), d)?;
                }
                self.stmts(&w.body, d)
            }
            S::AsyncWith(w) => {
                for it in &w.items {
                    self.expr(&it.context_expr, d)?;
                    self.exprs(it.optional_vars.as_deref(), d)?;
                }
                self.stmts(&w.body, d)
            }
            S::Match(m) => {
                self.expr(&m.subject, d)?;
                for c in &m.cases {
                    self.pattern(&c.pattern, d)?;
                    self.exprs(c.guard.as_deref(), d)?;
                    self.stmts(&c.body, d)?;
                }
                Ok(())
            }
            S::Raise(r) => {
                self.exprs(r.exc.as_deref(), d)?;
                self.exprs(r.cause.as_deref(), d)
            }
            S::Try(t) => self.try_(&t.body, &t.handlers, &t.orelse, &t.finalbody, d),
            S::TryStar(t) => self.try_(&t.body, &t.handlers, &t.orelse, &t.finalbody, d),
            S::Assert(a) => {
                self.expr(&a.test, d)?;
                self.exprs(a.msg.as_deref(), d)
            }
            S::Expr(e) => self.expr(&e.value, d),
            _ => Ok(()),
        }
    }

    fn try_(
        &self,
        b: &[ast::Stmt],
        h: &[ast::ExceptHandler],
        o: &[ast::Stmt],
        f: &[ast::Stmt],
        d: u32,
    ) -> DR {
        self.stmts(b, d)?;
        for x in h {
            let ast::ExceptHandler::ExceptHandler(x) = x;
            self.exprs(x.type_.as_deref(), d)?;
            self.stmts(&x.body, d)?;
        }
        self.stmts(o, d)?;
        self.stmts(f, d)
    }

    fn pattern(&self, p: &ast::Pattern, d: u32) -> DR {
        use ast::Pattern as P;
        let d = d + 1;
        if d > self.limit {
            return Err(p.range());
        }
        match p {
            P::MatchValue(v) => self.expr(&v.value, d),
            P::MatchSingleton(_) | P::MatchStar(_) => Ok(()),
            P::MatchSequence(s) => s.patterns.iter().try_for_each(|x| self.pattern(x, d)),
            P::MatchMapping(m) => {
                self.exprs(&m.keys, d)?;
                m.patterns.iter().try_for_each(|x| self.pattern(x, d))
            }
            P::MatchClass(c) => {
                self.expr(&c.cls, d)?;
                c.patterns
                    .iter()
                    .chain(&c.kwd_patterns)
                    .try_for_each(|x| self.pattern(x, d))
            }
            P::MatchAs(a) => match &a.pattern {
                Some(x) => self.pattern(x, d),
                None => Ok(()),
            },
            P::MatchOr(o) => o.patterns.iter().try_for_each(|x| self.pattern(x, d)),
        }
    }

    fn comps(&self, g: &[ast::Comprehension], d: u32) -> DR {
        for c in g {
            self.expr(&c.target, d)?;
            self.expr(&c.iter, d)?;
            self.exprs(&c.ifs, d)?;
        }
        Ok(())
    }

    fn expr(&self, e: &ast::Expr, d: u32) -> DR {
        use ast::Expr as E;
        let d = d + 1;
        if d > self.limit {
            return Err(e.range());
        }
        match e {
            E::BoolOp(b) => self.exprs(&b.values, d),
            E::NamedExpr(n) => {
                self.expr(&n.target, d)?;
                self.expr(&n.value, d)
            }
            E::BinOp(b) => {
                self.expr(&b.left, d)?;
                self.expr(&b.right, d)
            }
            E::UnaryOp(u) => self.expr(&u.operand, d),
            E::Lambda(l) => {
                self.args(&l.args, d)?;
                self.expr(&l.body, d)
            }
            E::IfExp(i) => {
                self.expr(&i.test, d)?;
                self.expr(&i.body, d)?;
                self.expr(&i.orelse, d)
            }
            E::Dict(x) => {
                self.exprs(x.keys.iter().flatten(), d)?;
                self.exprs(&x.values, d)
            }
            E::Set(s) => self.exprs(&s.elts, d),
            E::ListComp(c) => {
                self.expr(&c.elt, d)?;
                self.comps(&c.generators, d)
            }
            E::SetComp(c) => {
                self.expr(&c.elt, d)?;
                self.comps(&c.generators, d)
            }
            E::GeneratorExp(c) => {
                self.expr(&c.elt, d)?;
                self.comps(&c.generators, d)
            }
            E::DictComp(c) => {
                self.expr(&c.key, d)?;
                self.expr(&c.value, d)?;
                self.comps(&c.generators, d)
            }
            E::Await(a) => self.expr(&a.value, d),
            E::Yield(y) => self.exprs(y.value.as_deref(), d),
            E::YieldFrom(y) => self.expr(&y.value, d),
            E::Compare(c) => {
                self.expr(&c.left, d)?;
                self.exprs(&c.comparators, d)
            }
            E::Call(c) => {
                self.expr(&c.func, d)?;
                self.exprs(&c.args, d)?;
                self.exprs(c.keywords.iter().map(|k| &k.value), d)
            }
            E::FormattedValue(f) => {
                self.expr(&f.value, d)?;
                self.exprs(f.format_spec.as_deref(), d)
            }
            E::JoinedStr(j) => self.exprs(&j.values, d),
            E::Constant(_) | E::Name(_) => Ok(()),
            E::Attribute(a) => self.expr(&a.value, d),
            E::Subscript(s) => {
                self.expr(&s.value, d)?;
                self.expr(&s.slice, d)
            }
            E::Starred(s) => self.expr(&s.value, d),
            E::List(l) => self.exprs(&l.elts, d),
            E::Tuple(t) => self.exprs(&t.elts, d),
            E::Slice(s) => {
                self.exprs(s.lower.as_deref(), d)?;
                self.exprs(s.upper.as_deref(), d)?;
                self.exprs(s.step.as_deref(), d)
            }
        }
    }
}

pub(crate) fn check_depth(body: &[ast::Stmt], expr: Option<&ast::Expr>) -> Result<(), Error> {
    let d = Depth {
        limit: MAX_AST_DEPTH,
    };
    let r = match expr {
        Some(e) => d.expr(e, 1),
        None => d.stmts(body, 1),
    };
    r.map_err(Error::recursion)
}

/// Kept for API symmetry with the drop strategy described in mod.rs: trees that fail the
/// depth check are at most `MAX_OPERATOR_RUN` deep (see `check_tokens`), which the
/// compiler's large stack drops safely.
pub(crate) fn dismantle(body: Vec<ast::Stmt>, expr: Option<Box<ast::Expr>>) {
    drop(body);
    drop(expr);
}

// ---- targets and other grammar checks ----

pub(crate) fn expr_name(e: &ast::Expr) -> &'static str {
    use ast::Expr as E;
    match e {
        E::Attribute(_) => "attribute",
        E::Subscript(_) => "subscript",
        E::Starred(_) => "starred",
        E::Name(_) => "name",
        E::List(_) => "list",
        E::Tuple(_) => "tuple",
        E::Lambda(_) => "lambda",
        E::Call(_) => "function call",
        E::BoolOp(_) | E::BinOp(_) | E::UnaryOp(_) => "expression",
        E::GeneratorExp(_) => "generator expression",
        E::Yield(_) | E::YieldFrom(_) => "yield expression",
        E::Await(_) => "await expression",
        E::ListComp(_) => "list comprehension",
        E::SetComp(_) => "set comprehension",
        E::DictComp(_) => "dict comprehension",
        E::Dict(_) => "dict literal",
        E::Set(_) => "set display",
        E::JoinedStr(_) | E::FormattedValue(_) => "f-string expression",
        E::Constant(c) => match c.value {
            Constant::None => "None",
            Constant::Bool(true) => "True",
            Constant::Bool(false) => "False",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        E::Compare(_) => "comparison",
        E::IfExp(_) => "conditional expression",
        E::NamedExpr(_) => "named expression",
        E::Slice(_) => "slice",
    }
}

#[derive(Copy, Clone, PartialEq)]
enum TargetKind {
    Star,
    Del,
    For,
}

/// CPython's `_PyPegen_get_invalid_target`.
fn invalid_target(e: &ast::Expr, kind: TargetKind) -> Option<&ast::Expr> {
    use ast::Expr as E;
    match e {
        E::List(l) => l.elts.iter().find_map(|x| invalid_target(x, kind)),
        E::Tuple(t) => t.elts.iter().find_map(|x| invalid_target(x, kind)),
        E::Starred(s) => {
            if kind == TargetKind::Del {
                Some(e)
            } else {
                invalid_target(&s.value, kind)
            }
        }
        E::Compare(c) => {
            if kind == TargetKind::For {
                if let Some(ast::CmpOp::In) = c.ops.first() {
                    return invalid_target(&c.left, kind);
                }
                return None;
            }
            Some(e)
        }
        E::Name(_) | E::Subscript(_) | E::Attribute(_) => None,
        _ => Some(e),
    }
}

struct Checker<'s> {
    src: &'s SourceMap<'s>,
}

fn perr(msg: impl Into<String>, r: TextRange) -> Error {
    Error::new(
        SyntaxErrorKind::SyntaxError,
        msg.into(),
        Pos::CharAt {
            start: u32::from(r.start()),
            end: u32::from(r.end()),
        },
    )
}

type CR = Result<(), Error>;

impl<'s> Checker<'s> {
    fn starts_with_paren(&self, r: TextRange) -> bool {
        // A tree built from Python AST objects has no text and no parentheses to check:
        // its structure is the grouping.
        self.src.is_synthetic()
            || self.src.text.as_bytes().get(u32::from(r.start()) as usize) == Some(&b'(')
    }

    fn bitwise_or_level(e: &ast::Expr) -> bool {
        !matches!(
            e,
            ast::Expr::Compare(_)
                | ast::Expr::BoolOp(_)
                | ast::Expr::IfExp(_)
                | ast::Expr::Lambda(_)
                | ast::Expr::NamedExpr(_)
                | ast::Expr::Starred(_)
                | ast::Expr::List(_)
                | ast::Expr::Tuple(_)
                | ast::Expr::GeneratorExp(_)
        ) && !matches!(e, ast::Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::Not))
            && !matches!(e, ast::Expr::Constant(c) if matches!(c.value, Constant::None | Constant::Bool(_)))
    }

    fn value_starts_bitwise_or(&self, v: &ast::Expr) -> bool {
        match v {
            ast::Expr::Yield(_)
            | ast::Expr::YieldFrom(_)
            | ast::Expr::Lambda(_)
            | ast::Expr::Starred(_) => false,
            ast::Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::Not) => false,
            ast::Expr::Tuple(t) if !self.starts_with_paren(t.range) => t
                .elts
                .first()
                .is_some_and(|x| self.value_starts_bitwise_or(x)),
            _ => true,
        }
    }

    fn assign(&self, a: &ast::StmtAssign) -> CR {
        let single = a.targets.len() == 1 && self.value_starts_bitwise_or(&a.value);
        for (i, t) in a.targets.iter().enumerate() {
            if let Some(bad) = invalid_target(t, TargetKind::Star) {
                let name = expr_name(bad);
                let here_candidate = i == 0
                    && single
                    && Self::bitwise_or_level(bad)
                    && (std::ptr::eq(bad, t)
                        || matches!(t, ast::Expr::Tuple(tt) if !self.starts_with_paren(tt.range)
                            && tt.elts.last().is_some_and(|l| std::ptr::eq(l, bad))));
                if matches!(bad, ast::Expr::Yield(_) | ast::Expr::YieldFrom(_)) && !here_candidate {
                    // A parenthesised `(yield)` is an atom: the generic message applies.
                    let before = self
                        .src
                        .text
                        .get(..u32::from(bad.range().start()) as usize)
                        .unwrap_or("");
                    if !before.trim_end().ends_with('(') {
                        return Err(perr(
                            "assignment to yield expression not possible",
                            bad.range(),
                        ));
                    }
                }
                if here_candidate {
                    return Err(perr(
                        format!(
                            "cannot assign to {name} here. Maybe you meant '==' instead of '='?"
                        ),
                        bad.range(),
                    ));
                }
                return Err(perr(format!("cannot assign to {name}"), bad.range()));
            }
        }
        Ok(())
    }

    fn target(&self, t: &ast::Expr, kind: TargetKind) -> CR {
        if let Some(bad) = invalid_target(t, kind) {
            let name = expr_name(bad);
            let msg = if kind == TargetKind::Del {
                format!("cannot delete {name}")
            } else {
                format!("cannot assign to {name}")
            };
            return Err(perr(msg, bad.range()));
        }
        Ok(())
    }

    fn stmts(&self, b: &[ast::Stmt]) -> CR {
        for s in b {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&self, s: &ast::Stmt) -> CR {
        use ast::Stmt as S;
        match s {
            S::FunctionDef(f) => {
                if let Some(tp) = f.type_params.first() {
                    let at = u32::from(tp.range().start()).saturating_sub(1);
                    return Err(Error::new(
                        SyntaxErrorKind::SyntaxError,
                        "expected '('",
                        Pos::CharAt {
                            start: at,
                            end: at + 1,
                        },
                    ));
                }
                self.arguments(&f.args)?;
                self.exprs(&f.decorator_list)?;
                self.opt(f.returns.as_deref())?;
                self.stmts(&f.body)
            }
            S::AsyncFunctionDef(f) => {
                if let Some(tp) = f.type_params.first() {
                    let at = u32::from(tp.range().start()).saturating_sub(1);
                    return Err(Error::new(
                        SyntaxErrorKind::SyntaxError,
                        "expected '('",
                        Pos::CharAt {
                            start: at,
                            end: at + 1,
                        },
                    ));
                }
                self.arguments(&f.args)?;
                self.exprs(&f.decorator_list)?;
                self.opt(f.returns.as_deref())?;
                self.stmts(&f.body)
            }
            S::ClassDef(c) => {
                if let Some(tp) = c.type_params.first() {
                    let at = u32::from(tp.range().start()).saturating_sub(1);
                    return Err(perr(
                        "invalid syntax",
                        TextRange::new(at.into(), (at + 1).into()),
                    ));
                }
                // An unparenthesised generator is not a valid base: CPython stops at `for`.
                for b in &c.bases {
                    if let ast::Expr::GeneratorExp(g) = b {
                        if !self.starts_with_paren(g.range) {
                            let from = u32::from(g.elt.range().end()) as usize;
                            let rest = self.src.text.get(from..).unwrap_or("");
                            let at = (from + rest.find("for").unwrap_or(0)) as u32;
                            return Err(perr(
                                "invalid syntax",
                                TextRange::new(at.into(), (at + 3).into()),
                            ));
                        }
                    }
                }
                self.call_args(&c.bases, c.keywords.len())?;
                self.exprs(&c.bases)?;
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
                self.exprs(&c.decorator_list)?;
                self.stmts(&c.body)
            }
            S::TypeAlias(t) => Err(perr("invalid syntax", t.name.range())),
            S::Return(r) => self.opt(r.value.as_deref()),
            S::Delete(d) => {
                for t in &d.targets {
                    self.target(t, TargetKind::Del)?;
                    self.expr(t)?;
                }
                Ok(())
            }
            S::Assign(a) => {
                self.assign(a)?;
                self.exprs(&a.targets)?;
                self.expr(&a.value)
            }
            S::AugAssign(a) => {
                if !matches!(
                    &*a.target,
                    ast::Expr::Name(_) | ast::Expr::Attribute(_) | ast::Expr::Subscript(_)
                ) {
                    return Err(perr(
                        format!(
                            "'{}' is an illegal expression for augmented assignment",
                            expr_name(&a.target)
                        ),
                        a.target.range(),
                    ));
                }
                self.expr(&a.target)?;
                self.expr(&a.value)
            }
            S::AnnAssign(a) => {
                match &*a.target {
                    ast::Expr::Name(_) | ast::Expr::Attribute(_) | ast::Expr::Subscript(_) => {}
                    ast::Expr::Tuple(_) | ast::Expr::List(_) => {
                        return Err(perr(
                            format!(
                                "only single target (not {}) can be annotated",
                                expr_name(&a.target)
                            ),
                            a.target.range(),
                        ))
                    }
                    t => return Err(perr("illegal target for annotation", t.range())),
                }
                self.expr(&a.target)?;
                self.expr(&a.annotation)?;
                self.opt(a.value.as_deref())
            }
            S::For(f) => {
                self.target(&f.target, TargetKind::For)?;
                self.expr(&f.target)?;
                self.expr(&f.iter)?;
                self.stmts(&f.body)?;
                self.stmts(&f.orelse)
            }
            S::AsyncFor(f) => {
                self.target(&f.target, TargetKind::For)?;
                self.expr(&f.target)?;
                self.expr(&f.iter)?;
                self.stmts(&f.body)?;
                self.stmts(&f.orelse)
            }
            S::While(w) => {
                self.expr(&w.test)?;
                self.stmts(&w.body)?;
                self.stmts(&w.orelse)
            }
            S::If(i) => {
                self.expr(&i.test)?;
                self.stmts(&i.body)?;
                self.stmts(&i.orelse)
            }
            S::With(w) => {
                for it in &w.items {
                    self.expr(&it.context_expr)?;
                    if let Some(v) = &it.optional_vars {
                        self.target(v, TargetKind::Star)?;
                        self.expr(v)?;
                    }
                }
                self.stmts(&w.body)
            }
            S::AsyncWith(w) => {
                for it in &w.items {
                    self.expr(&it.context_expr)?;
                    if let Some(v) = &it.optional_vars {
                        self.target(v, TargetKind::Star)?;
                        self.expr(v)?;
                    }
                }
                self.stmts(&w.body)
            }
            S::Match(m) => {
                self.expr(&m.subject)?;
                for c in &m.cases {
                    self.opt(c.guard.as_deref())?;
                    self.stmts(&c.body)?;
                }
                Ok(())
            }
            S::Raise(r) => {
                self.opt(r.exc.as_deref())?;
                self.opt(r.cause.as_deref())
            }
            S::Try(t) => self.try_(&t.body, &t.handlers, &t.orelse, &t.finalbody),
            S::TryStar(t) => self.try_(&t.body, &t.handlers, &t.orelse, &t.finalbody),
            S::Assert(a) => {
                self.expr(&a.test)?;
                self.opt(a.msg.as_deref())
            }
            S::Expr(e) => self.expr(&e.value),
            _ => Ok(()),
        }
    }

    fn try_(
        &self,
        b: &[ast::Stmt],
        h: &[ast::ExceptHandler],
        o: &[ast::Stmt],
        f: &[ast::Stmt],
    ) -> CR {
        self.stmts(b)?;
        for x in h {
            let ast::ExceptHandler::ExceptHandler(x) = x;
            self.opt(x.type_.as_deref())?;
            self.stmts(&x.body)?;
        }
        self.stmts(o)?;
        self.stmts(f)
    }

    fn arguments(&self, a: &ast::Arguments) -> CR {
        for x in a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs) {
            self.opt(x.default.as_deref())?;
            self.opt(x.def.annotation.as_deref())?;
        }
        for x in a.vararg.iter().chain(&a.kwarg) {
            self.opt(x.annotation.as_deref())?;
        }
        Ok(())
    }

    fn opt(&self, e: Option<&ast::Expr>) -> CR {
        match e {
            Some(e) => self.expr(e),
            None => Ok(()),
        }
    }

    fn exprs(&self, v: &[ast::Expr]) -> CR {
        for e in v {
            self.expr(e)?;
        }
        Ok(())
    }

    fn call_args(&self, args: &[ast::Expr], nkw: usize) -> CR {
        if args.len() + nkw > 1 {
            for a in args {
                if let ast::Expr::GeneratorExp(g) = a {
                    if !self.starts_with_paren(g.range) {
                        return Err(perr("Generator expression must be parenthesized", g.range));
                    }
                }
            }
        }
        Ok(())
    }

    fn comps(&self, gens: &[ast::Comprehension]) -> CR {
        for g in gens {
            self.target(&g.target, TargetKind::For)?;
            self.expr(&g.target)?;
            self.expr(&g.iter)?;
            self.exprs(&g.ifs)?;
        }
        Ok(())
    }

    fn expr(&self, e: &ast::Expr) -> CR {
        use ast::Expr as E;
        match e {
            E::BoolOp(b) => self.exprs(&b.values),
            E::NamedExpr(n) => {
                if !matches!(&*n.target, E::Name(_)) {
                    return Err(perr(
                        format!(
                            "cannot use assignment expressions with {}",
                            expr_name(&n.target)
                        ),
                        n.target.range(),
                    ));
                }
                self.expr(&n.value)
            }
            E::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)
            }
            E::UnaryOp(u) => self.expr(&u.operand),
            E::Lambda(l) => {
                self.arguments(&l.args)?;
                self.expr(&l.body)
            }
            E::IfExp(i) => {
                self.expr(&i.test)?;
                self.expr(&i.body)?;
                self.expr(&i.orelse)
            }
            E::Dict(d) => {
                for k in d.keys.iter().flatten() {
                    self.expr(k)?;
                }
                self.exprs(&d.values)
            }
            E::Set(s) => self.exprs(&s.elts),
            E::ListComp(c) => {
                self.expr(&c.elt)?;
                self.comps(&c.generators)
            }
            E::SetComp(c) => {
                self.expr(&c.elt)?;
                self.comps(&c.generators)
            }
            E::GeneratorExp(c) => {
                self.expr(&c.elt)?;
                self.comps(&c.generators)
            }
            E::DictComp(c) => {
                self.expr(&c.key)?;
                self.expr(&c.value)?;
                self.comps(&c.generators)
            }
            E::Await(a) => self.expr(&a.value),
            E::Yield(y) => self.opt(y.value.as_deref()),
            E::YieldFrom(y) => self.expr(&y.value),
            E::Compare(c) => {
                self.expr(&c.left)?;
                self.exprs(&c.comparators)
            }
            E::Call(c) => {
                self.call_args(&c.args, c.keywords.len())?;
                self.expr(&c.func)?;
                self.exprs(&c.args)?;
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
                Ok(())
            }
            E::FormattedValue(f) => {
                self.expr(&f.value)?;
                self.opt(f.format_spec.as_deref())
            }
            E::JoinedStr(j) => self.exprs(&j.values),
            E::Constant(_) | E::Name(_) => Ok(()),
            E::Attribute(a) => self.expr(&a.value),
            E::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)
            }
            E::Starred(s) => self.expr(&s.value),
            E::List(l) => self.exprs(&l.elts),
            E::Tuple(t) => self.exprs(&t.elts),
            E::Slice(s) => {
                self.opt(s.lower.as_deref())?;
                self.opt(s.upper.as_deref())?;
                self.opt(s.step.as_deref())
            }
        }
    }
}

const FUTURE_FEATURES: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// Runs the grammar checks and the `__future__` rules; returns whether
/// `from __future__ import annotations` is in effect.
/// The grammar checks alone (assignment targets and the other rules CPython's parser
/// enforces), without the `__future__` checks CPython makes when compiling: `ast.parse`.
pub(crate) fn check_grammar(
    body: &[ast::Stmt],
    expr: Option<&ast::Expr>,
    src: &SourceMap,
) -> Result<(), Error> {
    let c = Checker { src };
    match expr {
        Some(e) => c.expr(e),
        None => c.stmts(body),
    }
}

pub(crate) fn check_module(
    body: &[ast::Stmt],
    expr: Option<&ast::Expr>,
    src: &SourceMap,
) -> Result<bool, Error> {
    let c = Checker { src };
    if let Some(e) = expr {
        c.expr(e)?;
        return Ok(false);
    }
    let mut annotations = false;
    let mut may_be_future = true;
    for (i, s) in body.iter().enumerate() {
        let is_doc = i == 0
            && matches!(s, ast::Stmt::Expr(e) if matches!(&*e.value, ast::Expr::Constant(k) if matches!(k.value, Constant::Str(_))));
        match s {
            ast::Stmt::ImportFrom(f)
                if f.module.as_deref() == Some("__future__")
                    && f.level.map_or(0, |l| l.to_u32()) == 0 =>
            {
                if !may_be_future {
                    return Err(Error::syntax(
                        "from __future__ imports must occur at the beginning of the file",
                        f.range,
                    ));
                }
                for a in &f.names {
                    let n = a.name.as_str();
                    if n == "braces" {
                        return Err(Error::syntax("not a chance", a.range));
                    }
                    if !FUTURE_FEATURES.contains(&n) {
                        return Err(Error::syntax(
                            format!("future feature {n} is not defined"),
                            a.range,
                        ));
                    }
                    if n == "annotations" {
                        annotations = true;
                    }
                }
            }
            _ if is_doc => {}
            _ => may_be_future = false,
        }
    }
    c.stmts(body)?;
    Ok(annotations)
}

//! The symbol table: one scope per module, class, function, lambda and comprehension, and
//! the resolution of every name to local, cell, free or global, as CPython 3.11's
//! `Python/symtable.c` does (same flags, same two passes, same error messages).
//!
//! Scopes are keyed by the address of the AST node that opens them. The tree is borrowed
//! immutably for the whole compilation, so addresses are stable, and the code generator can
//! visit nodes in a different order than this pass did (class bases are evaluated after the
//! class body is compiled, for instance).
//!
//! This pass must not emit code; it only records facts the code generator reads.

use std::collections::{HashMap, HashSet};

use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

use super::errors::Error;

pub(crate) const DEF_GLOBAL: u32 = 1;
pub(crate) const DEF_LOCAL: u32 = 2;
pub(crate) const DEF_PARAM: u32 = 4;
pub(crate) const DEF_NONLOCAL: u32 = 8;
pub(crate) const USE: u32 = 16;
pub(crate) const DEF_FREE_CLASS: u32 = 64;
pub(crate) const DEF_IMPORT: u32 = 128;
pub(crate) const DEF_ANNOT: u32 = 256;
pub(crate) const DEF_COMP_ITER: u32 = 512;
const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

/// Where a name lives, after analysis.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum NameScope {
    Unknown,
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    Module,
    Class,
    Function,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum CompKind {
    None,
    List,
    Set,
    Dict,
    Generator,
}

#[derive(Clone, Debug)]
pub(crate) struct Symbol {
    pub flags: u32,
    pub scope: NameScope,
}

#[derive(Debug)]
pub(crate) struct Scope {
    pub kind: ScopeKind,
    /// The scope's name (for debugging).
    #[allow(dead_code)]
    pub name: String,
    /// Symbols in first-seen order (the order matters for nothing but determinism).
    pub order: Vec<String>,
    pub symbols: HashMap<String, Symbol>,
    /// Parameters, in CPython's `co_varnames` order.
    pub varnames: Vec<String>,
    pub children: Vec<usize>,
    /// Where each `global`/`nonlocal` (or walrus-implied) declaration was, for errors.
    pub directives: HashMap<String, TextRange>,
    pub nested: bool,
    pub generator: bool,
    pub coroutine: bool,
    pub comprehension: CompKind,
    pub varargs: bool,
    pub varkeywords: bool,
    pub returns_value: bool,
    pub free: bool,
    pub child_free: bool,
    pub needs_class_closure: bool,
    pub comp_iter_target: bool,
    pub comp_iter_expr: u32,
    /// The enclosing class name used to mangle `__private` names (None outside classes).
    pub private: Option<String>,
    pub is_async_def: bool,
}

impl Scope {
    fn new(kind: ScopeKind, name: &str, nested: bool, private: Option<String>) -> Scope {
        Scope {
            kind,
            name: name.to_string(),
            order: Vec::new(),
            symbols: HashMap::new(),
            varnames: Vec::new(),
            children: Vec::new(),
            directives: HashMap::new(),
            nested,
            generator: false,
            coroutine: false,
            comprehension: CompKind::None,
            varargs: false,
            varkeywords: false,
            returns_value: false,
            free: false,
            child_free: false,
            needs_class_closure: false,
            comp_iter_target: false,
            comp_iter_expr: 0,
            private,
            is_async_def: false,
        }
    }

    pub fn flags(&self, name: &str) -> u32 {
        self.symbols.get(name).map_or(0, |s| s.flags)
    }

    pub fn scope_of(&self, name: &str) -> NameScope {
        self.symbols
            .get(name)
            .map_or(NameScope::Unknown, |s| s.scope)
    }

    pub fn is_function(&self) -> bool {
        self.kind == ScopeKind::Function
    }
}

/// The analysed symbol table of one compilation.
pub(crate) struct SymbolTable {
    pub scopes: Vec<Scope>,
    /// AST node address -> scope index.
    pub by_node: HashMap<usize, usize>,
}

impl SymbolTable {
    pub fn scope_for<T>(&self, node: &T) -> Option<usize> {
        self.by_node.get(&(node as *const T as usize)).copied()
    }
}

/// NFKC normalisation of an identifier, as CPython's tokenizer applies to non-ASCII
/// names (`ｗｉｄｔｈ` is `width`). FIXME(unicode tables): only the compatibility mappings
/// that occur in practice are covered (fullwidth forms, mathematical alphanumerics,
/// letterlike symbols, ligatures, micro sign, long s, ordinal indicators); canonical
/// composition of combining sequences is not done.
pub(crate) fn normalize_identifier(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_ascii() {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let n = c as u32;
        let latin = |base: u32| -> Option<char> {
            let k = n.checked_sub(base)?;
            if k < 26 {
                char::from_u32('A' as u32 + k)
            } else if k < 52 {
                char::from_u32('a' as u32 + k - 26)
            } else {
                None
            }
        };
        let mapped: Option<&str> = match c {
            '\u{b5}' => Some("\u{3bc}"),
            '\u{17f}' => Some("s"),
            '\u{aa}' => Some("a"),
            '\u{ba}' => Some("o"),
            '\u{fb00}' => Some("ff"),
            '\u{fb01}' => Some("fi"),
            '\u{fb02}' => Some("fl"),
            '\u{fb03}' => Some("ffi"),
            '\u{fb04}' => Some("ffl"),
            '\u{fb05}' | '\u{fb06}' => Some("st"),
            '\u{210e}' => Some("h"),
            '\u{2102}' | '\u{212d}' => Some("C"),
            '\u{210b}' | '\u{210c}' | '\u{210d}' => Some("H"),
            '\u{2110}' | '\u{2111}' => Some("I"),
            '\u{2112}' => Some("L"),
            '\u{2115}' => Some("N"),
            '\u{2119}' => Some("P"),
            '\u{211a}' => Some("Q"),
            '\u{211b}' | '\u{211c}' | '\u{211d}' => Some("R"),
            '\u{2124}' | '\u{2128}' => Some("Z"),
            '\u{212c}' => Some("B"),
            '\u{2130}' => Some("E"),
            '\u{2131}' => Some("F"),
            '\u{2133}' => Some("M"),
            '\u{210a}' => Some("g"),
            '\u{212f}' => Some("e"),
            '\u{2134}' => Some("o"),
            _ => None,
        };
        if let Some(m) = mapped {
            out.push_str(m);
            continue;
        }
        let ch = match n {
            0xFF01..=0xFF5E => char::from_u32(n - 0xFF01 + 0x21),
            0x1D400..=0x1D6A3 => latin(0x1D400 + (n - 0x1D400) / 52 * 52),
            0x1D7CE..=0x1D7FF => char::from_u32('0' as u32 + (n - 0x1D7CE) % 10),
            _ => None,
        };
        out.push(ch.unwrap_or(c));
    }
    std::borrow::Cow::Owned(out)
}

/// CPython's `_Py_Mangle`: `__name` inside class `C` becomes `_C__name`. The name is
/// NFKC-normalised first.
pub(crate) fn mangle(private: Option<&str>, name: &str) -> String {
    let name = &*normalize_identifier(name);
    let Some(p) = private else {
        return name.to_string();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = p.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

struct Builder {
    scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
    stack: Vec<usize>,
    future_annotations: bool,
    /// Current class name for mangling (st_private).
    private: Option<String>,
}

type R = Result<(), Error>;

fn err(msg: impl Into<String>, range: TextRange) -> Error {
    Error::syntax(msg, range)
}

/// Builds and analyses the symbol table of a module, expression or interactive input.
pub(crate) fn build(
    body: &[ast::Stmt],
    expr: Option<&ast::Expr>,
    future_annotations: bool,
) -> Result<SymbolTable, Error> {
    let mut b = Builder {
        scopes: vec![Scope::new(ScopeKind::Module, "top", false, None)],
        by_node: HashMap::new(),
        stack: vec![0],
        future_annotations,
        private: None,
    };
    for s in body {
        b.stmt(s)?;
    }
    if let Some(e) = expr {
        b.expr(e)?;
    }
    let mut st = SymbolTable {
        scopes: b.scopes,
        by_node: b.by_node,
    };
    analyze(&mut st)?;
    Ok(st)
}

impl Builder {
    fn cur(&mut self) -> &mut Scope {
        let i = *self.stack.last().unwrap_or(&0);
        &mut self.scopes[i]
    }

    fn enter<T>(&mut self, node: &T, kind: ScopeKind, name: &str) -> usize {
        let parent = *self.stack.last().unwrap_or(&0);
        let nested = self.scopes[parent].nested || self.scopes[parent].kind == ScopeKind::Function;
        let id = self.scopes.len();
        self.scopes
            .push(Scope::new(kind, name, nested, self.private.clone()));
        self.scopes[parent].children.push(id);
        self.by_node.insert(node as *const T as usize, id);
        self.stack.push(id);
        id
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    fn add_def_in(&mut self, scope: usize, name: &str, flag: u32, range: TextRange) -> R {
        let mangled = mangle(self.private.as_deref(), name);
        let s = &mut self.scopes[scope];
        let comp_iter_target = s.comp_iter_target;
        let old = s.symbols.get(&mangled).map(|x| x.flags);
        let mut val = flag;
        if let Some(old) = old {
            if flag & DEF_PARAM != 0 && old & DEF_PARAM != 0 {
                return Err(err(
                    format!("duplicate argument '{mangled}' in function definition"),
                    range,
                ));
            }
            val |= old;
        } else {
            s.order.push(mangled.clone());
        }
        if comp_iter_target {
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(err(
                    format!("comprehension inner loop cannot rebind assignment expression target '{mangled}'"),
                    range,
                ));
            }
            val |= DEF_COMP_ITER;
        }
        if flag & DEF_PARAM != 0 {
            s.varnames.push(mangled.clone());
        }
        s.symbols.insert(
            mangled.clone(),
            Symbol {
                flags: val,
                scope: NameScope::Unknown,
            },
        );
        if flag & DEF_GLOBAL != 0 && scope != 0 {
            // As CPython: a `global` declaration anywhere marks the name global in the
            // module's own table too.
            let m = &mut self.scopes[0];
            match m.symbols.get_mut(&mangled) {
                Some(sym) => sym.flags |= flag,
                None => {
                    m.order.push(mangled.clone());
                    m.symbols.insert(
                        mangled,
                        Symbol {
                            flags: flag,
                            scope: NameScope::Unknown,
                        },
                    );
                }
            }
        }
        Ok(())
    }

    fn add_def(&mut self, name: &str, flag: u32, range: TextRange) -> R {
        let cur = *self.stack.last().unwrap_or(&0);
        self.add_def_in(cur, name, flag, range)
    }

    fn lookup(&mut self, name: &str) -> u32 {
        let mangled = mangle(self.private.as_deref(), name);
        self.cur().flags(&mangled)
    }

    fn record_directive(&mut self, name: &str, range: TextRange) {
        let mangled = mangle(self.private.as_deref(), name);
        self.cur().directives.entry(mangled).or_insert(range);
    }

    fn stmts(&mut self, body: &[ast::Stmt]) -> R {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn exprs(&mut self, v: &[ast::Expr]) -> R {
        for e in v {
            self.expr(e)?;
        }
        Ok(())
    }

    fn arg_defaults(&mut self, a: &ast::Arguments) -> R {
        for d in a.posonlyargs.iter().chain(&a.args) {
            if let Some(x) = &d.default {
                self.expr(x)?;
            }
        }
        for d in &a.kwonlyargs {
            if let Some(x) = &d.default {
                self.expr(x)?;
            }
        }
        Ok(())
    }

    fn annotation(&mut self, e: &ast::Expr) -> R {
        if self.future_annotations {
            // Stringified; the expression is never evaluated, so it binds nothing.
            return Ok(());
        }
        self.expr(e)
    }

    fn arg_annotations(&mut self, a: &ast::Arguments, returns: Option<&ast::Expr>) -> R {
        for d in a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs) {
            if let Some(x) = &d.def.annotation {
                self.annotation(x)?;
            }
        }
        for v in a.vararg.iter().chain(a.kwarg.iter()) {
            if let Some(x) = &v.annotation {
                self.annotation(x)?;
            }
        }
        if let Some(r) = returns {
            self.annotation(r)?;
        }
        Ok(())
    }

    fn params(&mut self, a: &ast::Arguments) -> R {
        for d in a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs) {
            self.add_def(&d.def.arg, DEF_PARAM, d.def.range)?;
        }
        if let Some(v) = &a.vararg {
            self.add_def(&v.arg, DEF_PARAM, v.range)?;
            self.cur().varargs = true;
        }
        if let Some(v) = &a.kwarg {
            self.add_def(&v.arg, DEF_PARAM, v.range)?;
            self.cur().varkeywords = true;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn function(
        &mut self,
        node_addr: &ast::Stmt,
        name: &str,
        args: &ast::Arguments,
        body: &[ast::Stmt],
        decorators: &[ast::Expr],
        returns: Option<&ast::Expr>,
        is_async: bool,
        range: TextRange,
    ) -> R {
        self.add_def(name, DEF_LOCAL, range)?;
        self.arg_defaults(args)?;
        self.arg_annotations(args, returns)?;
        self.exprs(decorators)?;
        self.enter(node_addr, ScopeKind::Function, name);
        if is_async {
            self.cur().coroutine = true;
            self.cur().is_async_def = true;
        }
        self.params(args)?;
        self.stmts(body)?;
        self.exit();
        Ok(())
    }

    fn stmt(&mut self, s: &ast::Stmt) -> R {
        use ast::Stmt as S;
        match s {
            S::FunctionDef(f) => self.function(
                s,
                &f.name,
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                false,
                f.range,
            )?,
            S::AsyncFunctionDef(f) => self.function(
                s,
                &f.name,
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                true,
                f.range,
            )?,
            S::ClassDef(c) => {
                self.add_def(&c.name, DEF_LOCAL, c.range)?;
                self.exprs(&c.bases)?;
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
                self.exprs(&c.decorator_list)?;
                let saved = self
                    .private
                    .replace(normalize_identifier(&c.name).into_owned());
                self.enter(s, ScopeKind::Class, &c.name);
                // The scope's own private name is the class name.
                self.cur().private = self.private.clone();
                self.stmts(&c.body)?;
                self.exit();
                self.private = saved;
            }
            S::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v)?;
                    self.cur().returns_value = true;
                }
            }
            S::Delete(d) => self.exprs(&d.targets)?,
            S::Assign(a) => {
                self.exprs(&a.targets)?;
                self.expr(&a.value)?;
            }
            S::AugAssign(a) => {
                self.expr(&a.target)?;
                self.expr(&a.value)?;
            }
            S::AnnAssign(a) => {
                // rustpython-parser marks `(x): int` simple too; CPython does not.
                let simple = a.simple && a.range.start() == a.target.range().start();
                if let ast::Expr::Name(n) = &*a.target {
                    let cur = self.lookup(&n.id);
                    let is_module = *self.stack.last().unwrap_or(&0) == 0;
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && !is_module && simple {
                        let msg = if cur & DEF_GLOBAL != 0 {
                            format!("annotated name '{}' can't be global", n.id)
                        } else {
                            format!("annotated name '{}' can't be nonlocal", n.id)
                        };
                        return Err(err(msg, a.range));
                    }
                    if simple {
                        self.add_def(&n.id, DEF_ANNOT | DEF_LOCAL, n.range)?;
                    } else if a.value.is_some() {
                        self.add_def(&n.id, DEF_LOCAL, n.range)?;
                    }
                } else {
                    self.expr(&a.target)?;
                }
                self.annotation(&a.annotation)?;
                if let Some(v) = &a.value {
                    self.expr(v)?;
                }
            }
            S::TypeAlias(_) => {}
            S::For(f) => {
                self.expr(&f.target)?;
                self.expr(&f.iter)?;
                self.stmts(&f.body)?;
                self.stmts(&f.orelse)?;
            }
            S::AsyncFor(f) => {
                self.expr(&f.target)?;
                self.expr(&f.iter)?;
                self.stmts(&f.body)?;
                self.stmts(&f.orelse)?;
            }
            S::While(w) => {
                self.expr(&w.test)?;
                self.stmts(&w.body)?;
                self.stmts(&w.orelse)?;
            }
            S::If(i) => {
                self.expr(&i.test)?;
                self.stmts(&i.body)?;
                self.stmts(&i.orelse)?;
            }
            S::With(w) => {
                for it in &w.items {
                    self.expr(&it.context_expr)?;
                    if let Some(v) = &it.optional_vars {
                        self.expr(v)?;
                    }
                }
                self.stmts(&w.body)?;
            }
            S::AsyncWith(w) => {
                for it in &w.items {
                    self.expr(&it.context_expr)?;
                    if let Some(v) = &it.optional_vars {
                        self.expr(v)?;
                    }
                }
                self.stmts(&w.body)?;
            }
            S::Match(m) => {
                self.expr(&m.subject)?;
                for c in &m.cases {
                    self.pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.expr(g)?;
                    }
                    self.stmts(&c.body)?;
                }
            }
            S::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                    }
                }
            }
            S::Try(t) => self.try_(&t.body, &t.handlers, &t.orelse, &t.finalbody)?,
            S::TryStar(t) => self.try_(&t.body, &t.handlers, &t.orelse, &t.finalbody)?,
            S::Assert(a) => {
                self.expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                }
            }
            S::Import(i) => {
                for a in &i.names {
                    self.alias(a)?;
                }
            }
            S::ImportFrom(i) => {
                for a in &i.names {
                    self.alias(a)?;
                }
            }
            S::Global(g) => {
                for n in &g.names {
                    let cur = self.lookup(n);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{n}' is parameter and global")
                        } else if cur & USE != 0 {
                            format!("name '{n}' is used prior to global declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{n}' can't be global")
                        } else {
                            format!("name '{n}' is assigned to before global declaration")
                        };
                        return Err(err(msg, g.range));
                    }
                    self.add_def(n, DEF_GLOBAL, g.range)?;
                    self.record_directive(n, g.range);
                }
            }
            S::Nonlocal(g) => {
                for n in &g.names {
                    let cur = self.lookup(n);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{n}' is parameter and nonlocal")
                        } else if cur & USE != 0 {
                            format!("name '{n}' is used prior to nonlocal declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{n}' can't be nonlocal")
                        } else {
                            format!("name '{n}' is assigned to before nonlocal declaration")
                        };
                        return Err(err(msg, g.range));
                    }
                    self.add_def(n, DEF_NONLOCAL, g.range)?;
                    self.record_directive(n, g.range);
                }
            }
            S::Expr(e) => self.expr(&e.value)?,
            S::Pass(_) | S::Break(_) | S::Continue(_) => {}
        }
        Ok(())
    }

    fn try_(
        &mut self,
        body: &[ast::Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[ast::Stmt],
        finalbody: &[ast::Stmt],
    ) -> R {
        self.stmts(body)?;
        self.stmts(orelse)?;
        for h in handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            if let Some(t) = &h.type_ {
                self.expr(t)?;
            }
            if let Some(n) = &h.name {
                self.add_def(n, DEF_LOCAL, h.range)?;
            }
            self.stmts(&h.body)?;
        }
        self.stmts(finalbody)
    }

    fn alias(&mut self, a: &ast::Alias) -> R {
        let store = a
            .asname
            .as_deref()
            .unwrap_or_else(|| a.name.split('.').next().unwrap_or(""));
        if store == "*" {
            if self.cur().kind != ScopeKind::Module {
                return Err(err("import * only allowed at module level", a.range));
            }
            return Ok(());
        }
        self.add_def(store, DEF_IMPORT, a.range)
    }

    fn pattern(&mut self, p: &ast::Pattern) -> R {
        use ast::Pattern as P;
        match p {
            P::MatchValue(v) => self.expr(&v.value)?,
            P::MatchSingleton(_) => {}
            P::MatchSequence(s) => {
                for x in &s.patterns {
                    self.pattern(x)?;
                }
            }
            P::MatchMapping(m) => {
                self.exprs(&m.keys)?;
                for x in &m.patterns {
                    self.pattern(x)?;
                }
                if let Some(r) = &m.rest {
                    self.add_def(r, DEF_LOCAL, m.range)?;
                }
            }
            P::MatchClass(c) => {
                self.expr(&c.cls)?;
                for x in c.patterns.iter().chain(&c.kwd_patterns) {
                    self.pattern(x)?;
                }
            }
            P::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.add_def(n, DEF_LOCAL, s.range)?;
                }
            }
            P::MatchAs(a) => {
                if let Some(x) = &a.pattern {
                    self.pattern(x)?;
                }
                if let Some(n) = &a.name {
                    self.add_def(n, DEF_LOCAL, a.range)?;
                }
            }
            P::MatchOr(o) => {
                for x in &o.patterns {
                    self.pattern(x)?;
                }
            }
        }
        Ok(())
    }

    fn extend_namedexpr_scope(&mut self, target: &ast::ExprName, range: TextRange) -> R {
        let name = target.id.as_str();
        for i in (0..self.stack.len()).rev() {
            let sid = self.stack[i];
            let (kind, comp) = (self.scopes[sid].kind, self.scopes[sid].comprehension);
            let mangled = mangle(self.private.as_deref(), name);
            if comp != CompKind::None {
                if self.scopes[sid].flags(&mangled) & DEF_COMP_ITER != 0 {
                    return Err(err(
                        format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                        range,
                    ));
                }
                continue;
            }
            match kind {
                ScopeKind::Function => {
                    let in_scope = self.scopes[sid].flags(&mangled);
                    if in_scope & DEF_GLOBAL != 0 {
                        self.add_def(name, DEF_GLOBAL, range)?;
                    } else {
                        self.add_def(name, DEF_NONLOCAL, range)?;
                    }
                    self.record_directive(name, range);
                    return self.add_def_in(sid, name, DEF_LOCAL, range);
                }
                ScopeKind::Module => {
                    self.add_def(name, DEF_GLOBAL, range)?;
                    self.record_directive(name, range);
                    return self.add_def_in(sid, name, DEF_GLOBAL, range);
                }
                ScopeKind::Class => {
                    return Err(err(
                        "assignment expression within a comprehension cannot be used in a class body",
                        range,
                    ));
                }
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        node: &ast::Expr,
        name: &str,
        kind: CompKind,
        generators: &[ast::Comprehension],
        elt: &ast::Expr,
        value: Option<&ast::Expr>,
    ) -> R {
        let Some(outermost) = generators.first() else {
            return Ok(());
        };
        self.cur().comp_iter_expr += 1;
        let r = self.expr(&outermost.iter);
        self.cur().comp_iter_expr -= 1;
        r?;
        self.enter(node, ScopeKind::Function, name);
        self.cur().comprehension = kind;
        if outermost.is_async {
            self.cur().coroutine = true;
        }
        self.add_def(".0", DEF_PARAM, node.range())?;
        self.cur().comp_iter_target = true;
        let r = self.expr(&outermost.target);
        self.cur().comp_iter_target = false;
        r?;
        self.exprs(&outermost.ifs)?;
        for g in &generators[1..] {
            self.cur().comp_iter_target = true;
            let r = self.expr(&g.target);
            self.cur().comp_iter_target = false;
            r?;
            self.cur().comp_iter_expr += 1;
            let r = self.expr(&g.iter);
            self.cur().comp_iter_expr -= 1;
            r?;
            self.exprs(&g.ifs)?;
            if g.is_async {
                self.cur().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.expr(v)?;
        }
        self.expr(elt)?;
        let is_gen = kind == CompKind::Generator;
        self.cur().generator = is_gen;
        let is_async = self.cur().coroutine && !is_gen;
        self.exit();
        if is_async {
            self.cur().coroutine = true;
        }
        Ok(())
    }

    fn yield_in_comprehension(&mut self, range: TextRange) -> R {
        let msg = match self.cur().comprehension {
            CompKind::List => "'yield' inside list comprehension",
            CompKind::Set => "'yield' inside set comprehension",
            CompKind::Dict => "'yield' inside dict comprehension",
            CompKind::Generator => "'yield' inside generator expression",
            CompKind::None => return Ok(()),
        };
        Err(err(msg, range))
    }

    fn expr(&mut self, e: &ast::Expr) -> R {
        use ast::Expr as E;
        match e {
            E::BoolOp(b) => self.exprs(&b.values)?,
            E::NamedExpr(n) => {
                if self.cur().comp_iter_expr > 0 {
                    return Err(err(
                        "assignment expression cannot be used in a comprehension iterable expression",
                        n.range,
                    ));
                }
                if self.cur().comprehension != CompKind::None {
                    if let E::Name(t) = &*n.target {
                        self.extend_namedexpr_scope(t, n.target.range())?;
                    }
                }
                self.expr(&n.value)?;
                self.expr(&n.target)?;
            }
            E::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
            }
            E::UnaryOp(u) => self.expr(&u.operand)?,
            E::Lambda(l) => {
                self.arg_defaults(&l.args)?;
                self.enter(e, ScopeKind::Function, "lambda");
                self.params(&l.args)?;
                self.expr(&l.body)?;
                self.exit();
            }
            E::IfExp(i) => {
                self.expr(&i.test)?;
                self.expr(&i.body)?;
                self.expr(&i.orelse)?;
            }
            E::Dict(d) => {
                for (k, v) in d.keys.iter().zip(&d.values) {
                    if let Some(k) = k {
                        self.expr(k)?;
                    }
                    self.expr(v)?;
                }
            }
            E::Set(s) => self.exprs(&s.elts)?,
            E::GeneratorExp(g) => self.comprehension(
                e,
                "genexpr",
                CompKind::Generator,
                &g.generators,
                &g.elt,
                None,
            )?,
            E::ListComp(g) => {
                self.comprehension(e, "listcomp", CompKind::List, &g.generators, &g.elt, None)?
            }
            E::SetComp(g) => {
                self.comprehension(e, "setcomp", CompKind::Set, &g.generators, &g.elt, None)?
            }
            E::DictComp(g) => self.comprehension(
                e,
                "dictcomp",
                CompKind::Dict,
                &g.generators,
                &g.key,
                Some(&g.value),
            )?,
            E::Yield(y) => {
                if let Some(v) = &y.value {
                    self.expr(v)?;
                }
                self.cur().generator = true;
                self.yield_in_comprehension(y.range)?;
            }
            E::YieldFrom(y) => {
                self.expr(&y.value)?;
                self.cur().generator = true;
                self.yield_in_comprehension(y.range)?;
            }
            E::Await(a) => {
                self.expr(&a.value)?;
                self.cur().coroutine = true;
            }
            E::Compare(c) => {
                self.expr(&c.left)?;
                self.exprs(&c.comparators)?;
            }
            E::Call(c) => {
                self.expr(&c.func)?;
                self.exprs(&c.args)?;
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
            }
            E::FormattedValue(f) => {
                self.expr(&f.value)?;
                if let Some(s) = &f.format_spec {
                    self.expr(s)?;
                }
            }
            E::JoinedStr(j) => self.exprs(&j.values)?,
            E::Constant(_) => {}
            E::Attribute(a) => self.expr(&a.value)?,
            E::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
            }
            E::Starred(s) => self.expr(&s.value)?,
            E::Slice(s) => {
                for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.expr(x)?;
                }
            }
            E::Name(n) => {
                let flag = if matches!(n.ctx, ast::ExprContext::Load) {
                    USE
                } else {
                    DEF_LOCAL
                };
                self.add_def(&n.id, flag, n.range)?;
                if matches!(n.ctx, ast::ExprContext::Load)
                    && self.cur().kind == ScopeKind::Function
                    && n.id.as_str() == "super"
                {
                    self.add_def("__class__", USE, n.range)?;
                }
            }
            E::List(l) => self.exprs(&l.elts)?,
            E::Tuple(t) => self.exprs(&t.elts)?,
        }
        Ok(())
    }
}

// ---- analysis (second pass) ----

fn analyze(st: &mut SymbolTable) -> R {
    let mut free = HashSet::new();
    let mut global = HashSet::new();
    analyze_block(st, 0, None, &mut free, &mut global)
}

fn analyze_block(
    st: &mut SymbolTable,
    id: usize,
    mut bound: Option<&mut HashSet<String>>,
    free: &mut HashSet<String>,
    global: &mut HashSet<String>,
) -> R {
    let kind = st.scopes[id].kind;
    let mut local: HashSet<String> = HashSet::new();
    let mut scopes: HashMap<String, NameScope> = HashMap::new();
    let mut newglobal: HashSet<String> = HashSet::new();
    let mut newbound: HashSet<String> = HashSet::new();
    let mut newfree: HashSet<String> = HashSet::new();

    if kind == ScopeKind::Class {
        newglobal.extend(global.iter().cloned());
        if let Some(b) = bound.as_deref() {
            newbound.extend(b.iter().cloned());
        }
    }

    let names = st.scopes[id].order.clone();
    for name in &names {
        let flags = st.scopes[id].flags(name);
        analyze_name(
            st,
            id,
            &mut scopes,
            name,
            flags,
            bound.as_deref_mut(),
            &mut local,
            free,
            global,
        )?;
    }

    if kind != ScopeKind::Class {
        if kind == ScopeKind::Function {
            newbound.extend(local.iter().cloned());
        }
        if let Some(b) = bound.as_deref() {
            newbound.extend(b.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    } else {
        newbound.insert("__class__".to_string());
    }

    let mut allfree: HashSet<String> = HashSet::new();
    let children = st.scopes[id].children.clone();
    for c in children {
        let mut tb = newbound.clone();
        let mut tf = newfree.clone();
        let mut tg = newglobal.clone();
        analyze_block(st, c, Some(&mut tb), &mut tf, &mut tg)?;
        allfree.extend(tf);
        if st.scopes[c].free || st.scopes[c].child_free {
            st.scopes[id].child_free = true;
        }
    }
    newfree.extend(allfree);

    if kind == ScopeKind::Function {
        for (name, sc) in scopes.iter_mut() {
            if *sc == NameScope::Local && newfree.contains(name) {
                *sc = NameScope::Cell;
                newfree.remove(name);
            }
        }
    } else if kind == ScopeKind::Class && newfree.remove("__class__") {
        st.scopes[id].needs_class_closure = true;
    }

    // update_symbols
    let scope = &mut st.scopes[id];
    for (name, sym) in scope.symbols.iter_mut() {
        if let Some(sc) = scopes.get(name) {
            sym.scope = *sc;
        }
    }
    let mut newfree_sorted: Vec<&String> = newfree.iter().collect();
    newfree_sorted.sort();
    for name in newfree_sorted {
        if let Some(sym) = scope.symbols.get_mut(name) {
            if kind == ScopeKind::Class && sym.flags & (DEF_BOUND | DEF_GLOBAL) != 0 {
                sym.flags |= DEF_FREE_CLASS;
            }
            continue;
        }
        if let Some(b) = bound.as_deref() {
            if !b.contains(name) {
                continue;
            }
        } else {
            continue;
        }
        scope.order.push(name.clone());
        scope.symbols.insert(
            name.clone(),
            Symbol {
                flags: 0,
                scope: NameScope::Free,
            },
        );
    }
    free.extend(newfree);
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn analyze_name(
    st: &mut SymbolTable,
    id: usize,
    scopes: &mut HashMap<String, NameScope>,
    name: &str,
    flags: u32,
    bound: Option<&mut HashSet<String>>,
    local: &mut HashSet<String>,
    free: &mut HashSet<String>,
    global: &mut HashSet<String>,
) -> R {
    let directive = || {
        st.scopes[id]
            .directives
            .get(name)
            .copied()
            .unwrap_or_default()
    };
    if flags & DEF_GLOBAL != 0 {
        if flags & DEF_NONLOCAL != 0 {
            return Err(err(
                format!("name '{name}' is nonlocal and global"),
                directive(),
            ));
        }
        scopes.insert(name.to_string(), NameScope::GlobalExplicit);
        global.insert(name.to_string());
        if let Some(b) = bound {
            b.remove(name);
        }
        return Ok(());
    }
    if flags & DEF_NONLOCAL != 0 {
        let Some(b) = bound else {
            return Err(err(
                "nonlocal declaration not allowed at module level",
                directive(),
            ));
        };
        if !b.contains(name) {
            return Err(err(
                format!("no binding for nonlocal '{name}' found"),
                directive(),
            ));
        }
        scopes.insert(name.to_string(), NameScope::Free);
        st.scopes[id].free = true;
        free.insert(name.to_string());
        return Ok(());
    }
    if flags & DEF_BOUND != 0 {
        scopes.insert(name.to_string(), NameScope::Local);
        local.insert(name.to_string());
        global.remove(name);
        return Ok(());
    }
    if let Some(b) = bound.as_deref() {
        if b.contains(name) {
            scopes.insert(name.to_string(), NameScope::Free);
            st.scopes[id].free = true;
            free.insert(name.to_string());
            return Ok(());
        }
    }
    if global.contains(name) {
        scopes.insert(name.to_string(), NameScope::GlobalImplicit);
        return Ok(());
    }
    if st.scopes[id].nested {
        st.scopes[id].free = true;
    }
    scopes.insert(name.to_string(), NameScope::GlobalImplicit);
    Ok(())
}

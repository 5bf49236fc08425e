//! `_ast` node objects back to rustpython's AST, for `compile(ast_object, filename, mode)`.
//!
//! Reading follows CPython's `obj2ast_*`: position attributes first ("required field
//! \"lineno\" missing from stmt"), then the node's kind, then its fields. The tree has no
//! source text, so each position is recorded in a table and the `TextSize` offsets of the
//! tree index that table (`SourceMap::synthetic`). The converter holds node objects only in
//! handles and releases them per node; what it produces is plain Rust data.

use ember_gc::Value;
use num_bigint::BigInt;
use rustpython_parser::ast;
use rustpython_parser::text_size::{TextRange, TextSize};

use crate::bytecode::CodeFlags;
use crate::compiler::source::SourceMap;
use crate::compiler::{self, Mode};
use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{bytes, complex, dict, float, int, list, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::{Handle, Thread};

use super::validate;

/// Whether `v` is an instance of `_ast.AST` (str and bytes-like sources are not).
pub(crate) fn is_ast_object(t: &mut Thread, v: Value) -> PyResult<bool> {
    if pystr::is_str(t, v) || !v.is_heap() {
        return Ok(false);
    }
    let hv = t.root(v);
    let ns = super::ast_namespace(t)?;
    let Some(cls) = dict::get_rust_str(t, ns, "AST")? else {
        return Ok(false);
    };
    protocol::isinstance(t, t.get(hv), cls)
}

/// `compile()` of an AST object: a code object, or the object itself with PyCF_ONLY_AST.
pub(crate) fn compile_object(
    t: &mut Thread,
    obj: Value,
    filename: &str,
    mode: Mode,
    flags: CodeFlags,
    only_ast: bool,
) -> PyResult<Value> {
    let h = t.root(obj);
    let mut c = FromPy {
        positions: Vec::new(),
        depth: t.depth,
    };
    let (want, got) = (
        match mode {
            Mode::Exec => "Module",
            Mode::Eval => "Expression",
            Mode::Single => "Interactive",
        },
        c.kind(t, h)?,
    );
    if want != got {
        let msg = format!("expected {want} node, got {got}");
        return Err(t.type_error(&msg));
    }
    let m = match mode {
        Mode::Exec => {
            let body = c.stmts(t, h, "body", "Module")?;
            // Type ignores carry no code; only their list is checked.
            c.seq(t, h, "type_ignores", "Module", |_, _, _| Ok(()))?;
            ast::Mod::Module(ast::ModModule {
                range: TextRange::default().into(),
                body,
                type_ignores: Vec::new(),
            })
        }
        Mode::Single => ast::Mod::Interactive(ast::ModInteractive {
            range: TextRange::default().into(),
            body: c.stmts(t, h, "body", "Interactive")?,
        }),
        Mode::Eval => ast::Mod::Expression(ast::ModExpression {
            range: TextRange::default().into(),
            body: Box::new(c.expr_field(t, h, "body", "Expression")?),
        }),
    };
    if only_ast {
        return Ok(t.get(h));
    }
    let src = SourceMap::synthetic(std::mem::take(&mut c.positions));
    match compiler::compile_mod(m, filename, mode, flags, &src) {
        Ok(co) => crate::objects::code::new_code(t, &co),
        Err(e) => Err(crate::builtins::compile_error_to_exception(t, &e)),
    }
}

struct FromPy {
    /// (0-based line, byte column) of each `TextSize` in the tree being built.
    positions: Vec<(u32, u32)>,
    /// Python call depth plus the nesting of the node being read: CPython counts AST
    /// traversal against the recursion limit, which also stops cyclic trees.
    depth: usize,
}

type R<T> = PyResult<T>;

/// Raises a validation failure.
fn check(t: &mut Thread, r: Result<(), validate::Invalid>) -> R<()> {
    match r {
        Ok(()) => Ok(()),
        Err((bt, msg)) => Err(t.raise_msg(bt, &msg)),
    }
}

impl FromPy {
    /// The `_ast` class name of the node: the first class in `type(obj).__mro__` that is the
    /// `_ast` module's class of that name.
    fn kind(&mut self, t: &mut Thread, h: Handle) -> R<String> {
        let ns = super::ast_namespace(t)?;
        let hns = t.root(ns);
        let ty = t.type_of(t.get(h));
        let mro = protocol::getattr_str(t, ty, "__mro__")?;
        let hm = t.root(mro);
        let n = tuple::len(t, mro);
        for i in 0..n {
            let c = tuple::get(t, t.get(hm), i);
            let hc = t.root(c);
            let name = protocol::getattr_str(t, c, "__name__")?;
            if !pystr::is_str(t, name) {
                continue;
            }
            let name = pystr::to_rust_string(t, name);
            if let Some(k) = dict::get_rust_str(t, t.get(hns), &name)? {
                if k == t.get(hc) {
                    return Ok(name);
                }
            }
        }
        Ok(type_::type_name_of(t, t.get(h)))
    }

    /// The attribute `name` of the node, None when it is missing.
    fn lookup(&mut self, t: &mut Thread, h: Handle, name: &str) -> R<Option<Handle>> {
        match protocol::getattr_str(t, t.get(h), name) {
            Ok(v) => Ok(Some(t.root(v))),
            Err(e) => {
                if t.exception_matches(BuiltinType::AttributeError) {
                    t.take_exception();
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }

    /// An optional field: None when missing or None.
    fn get(&mut self, t: &mut Thread, h: Handle, name: &str) -> R<Option<Handle>> {
        Ok(self.lookup(t, h, name)?.filter(|v| !t.get(*v).is_none()))
    }

    /// A field that must be present (it may still be None).
    fn required(&mut self, t: &mut Thread, h: Handle, name: &str, owner: &str) -> R<Handle> {
        match self.lookup(t, h, name)? {
            Some(v) => Ok(v),
            None => {
                let msg = format!("required field \"{name}\" missing from {owner}");
                Err(t.type_error(&msg))
            }
        }
    }

    /// A required node field: present and not None (CPython's constructors refuse NULL).
    fn required_node(&mut self, t: &mut Thread, h: Handle, name: &str, owner: &str) -> R<Handle> {
        let v = self.required(t, h, name, owner)?;
        if t.get(v).is_none() {
            let msg = format!("field '{name}' is required for {owner}");
            return Err(t.value_error(&msg));
        }
        Ok(v)
    }

    /// An int field (a C int in CPython).
    fn int(&mut self, t: &mut Thread, h: Handle, name: &str, owner: &str) -> R<i64> {
        let v = self.required(t, h, name, owner)?;
        self.int_value(t, t.get(v))
    }

    fn int_value(&mut self, t: &mut Thread, v: Value) -> R<i64> {
        if !int::is_int(t, v) {
            let msg = format!("invalid integer value: {}", protocol::repr_string(t, v)?);
            return Err(t.value_error(&msg));
        }
        match int::to_i64(t, v) {
            Some(i) if i32::try_from(i).is_ok() => Ok(i),
            _ => Err(t.overflow_error("Python int too large to convert to C int")),
        }
    }

    fn opt_int(&mut self, t: &mut Thread, h: Handle, name: &str) -> R<Option<i64>> {
        match self.get(t, h, name)? {
            Some(v) => Ok(Some(self.int_value(t, t.get(v))?)),
            None => Ok(None),
        }
    }

    /// The node's position, recorded in the table. `validate` applies CPython's checks
    /// for statements, expressions and patterns (`VALIDATE_POSITIONS`).
    fn range(&mut self, t: &mut Thread, h: Handle, owner: &str, validate: bool) -> R<TextRange> {
        let line = self.int(t, h, "lineno", owner)?;
        let col = self.int(t, h, "col_offset", owner)?;
        let end_line = self.opt_int(t, h, "end_lineno")?.unwrap_or(line);
        let end_col = self.opt_int(t, h, "end_col_offset")?.unwrap_or(col);
        if validate {
            if line > end_line {
                let msg = format!("AST node line range ({line}, {end_line}) is not valid");
                return Err(t.value_error(&msg));
            }
            if (line < 0 && end_line != line) || (col < 0 && col != end_col) {
                let msg = format!(
                    "AST node column range ({col}, {end_col}) for line range ({line}, {end_line}) is not valid"
                );
                return Err(t.value_error(&msg));
            }
            if line == end_line && col > end_col {
                let msg = format!("line {line}, column {col}-{end_col} is not a valid range");
                return Err(t.value_error(&msg));
            }
        }
        let clamp = |v: i64| v.clamp(0, u32::MAX as i64) as u32;
        let start = self.positions.len() as u32;
        self.positions
            .push((clamp(line).saturating_sub(1), clamp(col)));
        self.positions
            .push((clamp(end_line).saturating_sub(1), clamp(end_col)));
        Ok(TextRange::new(
            TextSize::from(start),
            TextSize::from(start + 1),
        ))
    }

    fn ident_value(&mut self, t: &mut Thread, v: Value) -> R<ast::Identifier> {
        if !pystr::is_str(t, v) {
            return Err(t.type_error("AST identifier must be of type str"));
        }
        Ok(ast::Identifier::new(pystr::to_rust_string(t, v)))
    }

    fn ident(&mut self, t: &mut Thread, h: Handle, name: &str, owner: &str) -> R<ast::Identifier> {
        let v = self.required_node(t, h, name, owner)?;
        self.ident_value(t, t.get(v))
    }

    fn opt_ident(&mut self, t: &mut Thread, h: Handle, name: &str) -> R<Option<ast::Identifier>> {
        match self.get(t, h, name)? {
            Some(v) => Ok(Some(self.ident_value(t, t.get(v))?)),
            None => Ok(None),
        }
    }

    fn opt_string(&mut self, t: &mut Thread, h: Handle, name: &str) -> R<Option<String>> {
        match self.get(t, h, name)? {
            Some(v) if pystr::is_str(t, t.get(v)) => Ok(Some(pystr::to_rust_string(t, t.get(v)))),
            Some(_) => Err(t.type_error("AST string must be of type str")),
            None => Ok(None),
        }
    }

    /// The list field `name`, each item converted by `f`.
    fn seq<T>(
        &mut self,
        t: &mut Thread,
        h: Handle,
        name: &str,
        owner: &str,
        f: fn(&mut Self, &mut Thread, Handle) -> R<T>,
    ) -> R<Vec<T>> {
        let l = self.required(t, h, name, owner)?;
        if !list::is_list(t, t.get(l)) {
            let msg = format!(
                "{owner} field \"{name}\" must be a list, not a {}",
                type_::type_name_of(t, t.get(l))
            );
            return Err(t.type_error(&msg));
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < list::len(t, t.get(l)) {
            let m = t.handle_mark();
            let item = list::get(t, t.get(l), i);
            let hi = t.root(item);
            out.push(f(self, t, hi)?);
            t.handle_release(m);
            i += 1;
        }
        Ok(out)
    }

    fn stmts(&mut self, t: &mut Thread, h: Handle, name: &str, owner: &str) -> R<Vec<ast::Stmt>> {
        self.seq(t, h, name, owner, |c, t, h| {
            if t.get(h).is_none() {
                return Err(t.value_error("None disallowed in statement list"));
            }
            c.stmt(t, h)
        })
    }

    fn exprs(&mut self, t: &mut Thread, h: Handle, name: &str, owner: &str) -> R<Vec<ast::Expr>> {
        self.seq(t, h, name, owner, Self::load_item)
    }

    fn load_item(&mut self, t: &mut Thread, h: Handle) -> R<ast::Expr> {
        self.list_item(t, h, ast::ExprContext::Load)
    }

    fn store_item(&mut self, t: &mut Thread, h: Handle) -> R<ast::Expr> {
        self.list_item(t, h, ast::ExprContext::Store)
    }

    fn del_item(&mut self, t: &mut Thread, h: Handle) -> R<ast::Expr> {
        self.list_item(t, h, ast::ExprContext::Del)
    }

    fn list_item(&mut self, t: &mut Thread, h: Handle, want: ast::ExprContext) -> R<ast::Expr> {
        if t.get(h).is_none() {
            return Err(t.value_error("None disallowed in expression list"));
        }
        self.expr_ctx(t, h, want)
    }

    /// A list field of expressions that must all have context `want`.
    fn exprs_ctx(
        &mut self,
        t: &mut Thread,
        h: Handle,
        name: &str,
        owner: &str,
        want: ast::ExprContext,
    ) -> R<Vec<ast::Expr>> {
        match want {
            ast::ExprContext::Load => self.seq(t, h, name, owner, Self::load_item),
            ast::ExprContext::Store => self.seq(t, h, name, owner, Self::store_item),
            ast::ExprContext::Del => self.seq(t, h, name, owner, Self::del_item),
        }
    }

    /// A required assignment-target field.
    fn target(&mut self, t: &mut Thread, h: Handle, name: &str, owner: &str) -> R<Box<ast::Expr>> {
        let v = self.required_node(t, h, name, owner)?;
        Ok(Box::new(self.expr_ctx(t, v, ast::ExprContext::Store)?))
    }

    fn expr_field(&mut self, t: &mut Thread, h: Handle, name: &str, owner: &str) -> R<ast::Expr> {
        let v = self.required_node(t, h, name, owner)?;
        self.expr(t, v)
    }

    fn bexpr(&mut self, t: &mut Thread, h: Handle, name: &str, owner: &str) -> R<Box<ast::Expr>> {
        Ok(Box::new(self.expr_field(t, h, name, owner)?))
    }

    fn opt_expr(&mut self, t: &mut Thread, h: Handle, name: &str) -> R<Option<Box<ast::Expr>>> {
        match self.get(t, h, name)? {
            Some(v) => Ok(Some(Box::new(self.expr(t, v)?))),
            None => Ok(None),
        }
    }

    fn expected(&mut self, t: &mut Thread, what: &str, h: Handle) -> crate::errors::Raised {
        let r = match protocol::repr_string(t, t.get(h)) {
            Ok(r) => r,
            Err(e) => return e,
        };
        let msg = format!("expected some sort of {what}, but got {r}");
        t.type_error(&msg)
    }

    /// Enters one level of node nesting, raising CPython's RecursionError past the limit.
    fn enter(&mut self, t: &mut Thread, what: &str) -> R<()> {
        self.depth += 1;
        if self.depth > t.recursion_limit {
            let msg = format!("maximum recursion depth exceeded while traversing '{what}' node");
            return Err(t.raise_msg(BuiltinType::RecursionError, &msg));
        }
        Ok(())
    }

    fn stmt(&mut self, t: &mut Thread, h: Handle) -> R<ast::Stmt> {
        self.enter(t, "stmt")?;
        let r = self.stmt_inner(t, h);
        self.depth -= 1;
        let s = r?;
        check(t, validate::stmt(&s))?;
        Ok(s)
    }

    fn stmt_inner(&mut self, t: &mut Thread, h: Handle) -> R<ast::Stmt> {
        use ast::Stmt as S;
        let range = self.range(t, h, "stmt", true)?;
        let k = self.kind(t, h)?;
        let o = k.as_str();
        Ok(match o {
            "FunctionDef" | "AsyncFunctionDef" => {
                let name = self.ident(t, h, "name", o)?;
                let args = Box::new(self.arguments_field(t, h, o)?);
                let body = self.stmts(t, h, "body", o)?;
                let decorator_list = self.exprs(t, h, "decorator_list", o)?;
                let returns = self.opt_expr(t, h, "returns")?;
                let type_comment = self.opt_string(t, h, "type_comment")?;
                if o == "FunctionDef" {
                    S::FunctionDef(ast::StmtFunctionDef {
                        range,
                        name,
                        args,
                        body,
                        decorator_list,
                        returns,
                        type_comment,
                        type_params: Vec::new(),
                    })
                } else {
                    S::AsyncFunctionDef(ast::StmtAsyncFunctionDef {
                        range,
                        name,
                        args,
                        body,
                        decorator_list,
                        returns,
                        type_comment,
                        type_params: Vec::new(),
                    })
                }
            }
            "ClassDef" => S::ClassDef(ast::StmtClassDef {
                range,
                name: self.ident(t, h, "name", o)?,
                bases: self.exprs(t, h, "bases", o)?,
                keywords: self.seq(t, h, "keywords", o, Self::keyword)?,
                body: self.stmts(t, h, "body", o)?,
                decorator_list: self.exprs(t, h, "decorator_list", o)?,
                type_params: Vec::new(),
            }),
            "Return" => S::Return(ast::StmtReturn {
                range,
                value: self.opt_expr(t, h, "value")?,
            }),
            "Delete" => S::Delete(ast::StmtDelete {
                range,
                targets: self.exprs_ctx(t, h, "targets", o, ast::ExprContext::Del)?,
            }),
            "Assign" => S::Assign(ast::StmtAssign {
                range,
                targets: self.exprs_ctx(t, h, "targets", o, ast::ExprContext::Store)?,
                value: self.bexpr(t, h, "value", o)?,
                type_comment: self.opt_string(t, h, "type_comment")?,
            }),
            "AugAssign" => S::AugAssign(ast::StmtAugAssign {
                range,
                target: self.target(t, h, "target", o)?,
                op: self.operator(t, h, o)?,
                value: self.bexpr(t, h, "value", o)?,
            }),
            "AnnAssign" => S::AnnAssign(ast::StmtAnnAssign {
                range,
                target: self.target(t, h, "target", o)?,
                annotation: self.bexpr(t, h, "annotation", o)?,
                value: self.opt_expr(t, h, "value")?,
                simple: self.int(t, h, "simple", o)? != 0,
            }),
            "For" | "AsyncFor" => {
                let target = self.target(t, h, "target", o)?;
                let iter = self.bexpr(t, h, "iter", o)?;
                let body = self.stmts(t, h, "body", o)?;
                let orelse = self.stmts(t, h, "orelse", o)?;
                let type_comment = self.opt_string(t, h, "type_comment")?;
                if o == "For" {
                    S::For(ast::StmtFor {
                        range,
                        target,
                        iter,
                        body,
                        orelse,
                        type_comment,
                    })
                } else {
                    S::AsyncFor(ast::StmtAsyncFor {
                        range,
                        target,
                        iter,
                        body,
                        orelse,
                        type_comment,
                    })
                }
            }
            "While" => S::While(ast::StmtWhile {
                range,
                test: self.bexpr(t, h, "test", o)?,
                body: self.stmts(t, h, "body", o)?,
                orelse: self.stmts(t, h, "orelse", o)?,
            }),
            "If" => S::If(ast::StmtIf {
                range,
                test: self.bexpr(t, h, "test", o)?,
                body: self.stmts(t, h, "body", o)?,
                orelse: self.stmts(t, h, "orelse", o)?,
            }),
            "With" | "AsyncWith" => {
                let items = self.seq(t, h, "items", o, Self::withitem)?;
                let body = self.stmts(t, h, "body", o)?;
                let type_comment = self.opt_string(t, h, "type_comment")?;
                if o == "With" {
                    S::With(ast::StmtWith {
                        range,
                        items,
                        body,
                        type_comment,
                    })
                } else {
                    S::AsyncWith(ast::StmtAsyncWith {
                        range,
                        items,
                        body,
                        type_comment,
                    })
                }
            }
            "Match" => S::Match(ast::StmtMatch {
                range,
                subject: self.bexpr(t, h, "subject", o)?,
                cases: self.seq(t, h, "cases", o, Self::match_case)?,
            }),
            "Raise" => S::Raise(ast::StmtRaise {
                range,
                exc: self.opt_expr(t, h, "exc")?,
                cause: self.opt_expr(t, h, "cause")?,
            }),
            "Try" | "TryStar" => {
                let body = self.stmts(t, h, "body", o)?;
                let handlers = self.seq(t, h, "handlers", o, Self::handler)?;
                let orelse = self.stmts(t, h, "orelse", o)?;
                let finalbody = self.stmts(t, h, "finalbody", o)?;
                if o == "Try" {
                    S::Try(ast::StmtTry {
                        range,
                        body,
                        handlers,
                        orelse,
                        finalbody,
                    })
                } else {
                    S::TryStar(ast::StmtTryStar {
                        range,
                        body,
                        handlers,
                        orelse,
                        finalbody,
                    })
                }
            }
            "Assert" => S::Assert(ast::StmtAssert {
                range,
                test: self.bexpr(t, h, "test", o)?,
                msg: self.opt_expr(t, h, "msg")?,
            }),
            "Import" => S::Import(ast::StmtImport {
                range,
                names: self.seq(t, h, "names", o, Self::alias)?,
            }),
            "ImportFrom" => S::ImportFrom(ast::StmtImportFrom {
                range,
                module: self.opt_ident(t, h, "module")?,
                names: self.seq(t, h, "names", o, Self::alias)?,
                level: match self.opt_int(t, h, "level")? {
                    Some(l) if l < 0 => {
                        return Err(t.value_error("Negative ImportFrom level"));
                    }
                    Some(l) => Some(ast::Int::new(l.min(u32::MAX as i64) as u32)),
                    None => None,
                },
            }),
            "Global" => S::Global(ast::StmtGlobal {
                range,
                names: self.seq(t, h, "names", o, |c, t, h| c.ident_value(t, t.get(h)))?,
            }),
            "Nonlocal" => S::Nonlocal(ast::StmtNonlocal {
                range,
                names: self.seq(t, h, "names", o, |c, t, h| c.ident_value(t, t.get(h)))?,
            }),
            "Expr" => S::Expr(ast::StmtExpr {
                range,
                value: self.bexpr(t, h, "value", o)?,
            }),
            "Pass" => S::Pass(ast::StmtPass { range }),
            "Break" => S::Break(ast::StmtBreak { range }),
            "Continue" => S::Continue(ast::StmtContinue { range }),
            _ => return Err(self.expected(t, "stmt", h)),
        })
    }

    /// The singleton-like node in field `name` (operators, contexts): its class name.
    fn unit(&mut self, t: &mut Thread, h: Handle, name: &str, owner: &str) -> R<String> {
        let v = self.required(t, h, name, owner)?;
        self.kind(t, v)
    }

    fn operator(&mut self, t: &mut Thread, h: Handle, owner: &str) -> R<ast::Operator> {
        use ast::Operator as O;
        let v = self.required(t, h, "op", owner)?;
        let k = self.kind(t, v)?;
        Ok(match k.as_str() {
            "Add" => O::Add,
            "Sub" => O::Sub,
            "Mult" => O::Mult,
            "MatMult" => O::MatMult,
            "Div" => O::Div,
            "Mod" => O::Mod,
            "Pow" => O::Pow,
            "LShift" => O::LShift,
            "RShift" => O::RShift,
            "BitOr" => O::BitOr,
            "BitXor" => O::BitXor,
            "BitAnd" => O::BitAnd,
            "FloorDiv" => O::FloorDiv,
            _ => return Err(self.expected(t, "operator", v)),
        })
    }

    fn ctx(
        &mut self,
        t: &mut Thread,
        h: Handle,
        owner: &str,
        want: ast::ExprContext,
    ) -> R<ast::ExprContext> {
        let v = self.required_node(t, h, "ctx", owner)?;
        let k = self.kind(t, v)?;
        let actual = match k.as_str() {
            "Load" => ast::ExprContext::Load,
            "Store" => ast::ExprContext::Store,
            "Del" => ast::ExprContext::Del,
            _ => return Err(self.expected(t, "expr_context", v)),
        };
        if actual != want {
            let msg = format!("expression must have {want:?} context but has {actual:?} instead");
            return Err(t.value_error(&msg));
        }
        Ok(actual)
    }

    fn cmpop(&mut self, t: &mut Thread, h: Handle) -> R<ast::CmpOp> {
        use ast::CmpOp as C;
        let k = self.kind(t, h)?;
        Ok(match k.as_str() {
            "Eq" => C::Eq,
            "NotEq" => C::NotEq,
            "Lt" => C::Lt,
            "LtE" => C::LtE,
            "Gt" => C::Gt,
            "GtE" => C::GtE,
            "Is" => C::Is,
            "IsNot" => C::IsNot,
            "In" => C::In,
            "NotIn" => C::NotIn,
            _ => return Err(self.expected(t, "cmpop", h)),
        })
    }

    fn expr(&mut self, t: &mut Thread, h: Handle) -> R<ast::Expr> {
        self.expr_ctx(t, h, ast::ExprContext::Load)
    }

    /// An expression whose context (where it has one) must be `want`, as CPython's
    /// validator requires.
    fn expr_ctx(&mut self, t: &mut Thread, h: Handle, want: ast::ExprContext) -> R<ast::Expr> {
        self.enter(t, "expr")?;
        let r = self.expr_inner(t, h, want);
        self.depth -= 1;
        let e = r?;
        check(t, validate::expr(&e))?;
        if let ast::Expr::Name(n) = &e {
            check(t, validate::identifier(n.id.as_str()))?;
        }
        Ok(e)
    }

    fn expr_inner(&mut self, t: &mut Thread, h: Handle, want: ast::ExprContext) -> R<ast::Expr> {
        use ast::Expr as E;
        let m = t.handle_mark();
        let range = self.range(t, h, "expr", true)?;
        let k = self.kind(t, h)?;
        let o = k.as_str();
        let e = match o {
            "BoolOp" => {
                let op = match self.unit(t, h, "op", o)?.as_str() {
                    "And" => ast::BoolOp::And,
                    "Or" => ast::BoolOp::Or,
                    _ => {
                        let v = self.required(t, h, "op", o)?;
                        return Err(self.expected(t, "boolop", v));
                    }
                };
                E::BoolOp(ast::ExprBoolOp {
                    range,
                    op,
                    values: self.exprs(t, h, "values", o)?,
                })
            }
            "NamedExpr" => E::NamedExpr(ast::ExprNamedExpr {
                range,
                target: self.target(t, h, "target", o)?,
                value: self.bexpr(t, h, "value", o)?,
            }),
            "BinOp" => E::BinOp(ast::ExprBinOp {
                range,
                left: self.bexpr(t, h, "left", o)?,
                op: self.operator(t, h, o)?,
                right: self.bexpr(t, h, "right", o)?,
            }),
            "UnaryOp" => {
                let op = match self.unit(t, h, "op", o)?.as_str() {
                    "Invert" => ast::UnaryOp::Invert,
                    "Not" => ast::UnaryOp::Not,
                    "UAdd" => ast::UnaryOp::UAdd,
                    "USub" => ast::UnaryOp::USub,
                    _ => {
                        let v = self.required(t, h, "op", o)?;
                        return Err(self.expected(t, "unaryop", v));
                    }
                };
                E::UnaryOp(ast::ExprUnaryOp {
                    range,
                    op,
                    operand: self.bexpr(t, h, "operand", o)?,
                })
            }
            "Lambda" => E::Lambda(ast::ExprLambda {
                range,
                args: Box::new(self.arguments_field(t, h, o)?),
                body: self.bexpr(t, h, "body", o)?,
            }),
            "IfExp" => E::IfExp(ast::ExprIfExp {
                range,
                test: self.bexpr(t, h, "test", o)?,
                body: self.bexpr(t, h, "body", o)?,
                orelse: self.bexpr(t, h, "orelse", o)?,
            }),
            "Dict" => E::Dict(ast::ExprDict {
                range,
                keys: self.seq(t, h, "keys", o, |c, t, h| {
                    if t.get(h).is_none() {
                        Ok(None)
                    } else {
                        Ok(Some(c.expr(t, h)?))
                    }
                })?,
                values: self.exprs(t, h, "values", o)?,
            }),
            "Set" => E::Set(ast::ExprSet {
                range,
                elts: self.exprs(t, h, "elts", o)?,
            }),
            "ListComp" => E::ListComp(ast::ExprListComp {
                range,
                elt: self.bexpr(t, h, "elt", o)?,
                generators: self.seq(t, h, "generators", o, Self::comprehension)?,
            }),
            "SetComp" => E::SetComp(ast::ExprSetComp {
                range,
                elt: self.bexpr(t, h, "elt", o)?,
                generators: self.seq(t, h, "generators", o, Self::comprehension)?,
            }),
            "DictComp" => E::DictComp(ast::ExprDictComp {
                range,
                key: self.bexpr(t, h, "key", o)?,
                value: self.bexpr(t, h, "value", o)?,
                generators: self.seq(t, h, "generators", o, Self::comprehension)?,
            }),
            "GeneratorExp" => E::GeneratorExp(ast::ExprGeneratorExp {
                range,
                elt: self.bexpr(t, h, "elt", o)?,
                generators: self.seq(t, h, "generators", o, Self::comprehension)?,
            }),
            "Await" => E::Await(ast::ExprAwait {
                range,
                value: self.bexpr(t, h, "value", o)?,
            }),
            "Yield" => E::Yield(ast::ExprYield {
                range,
                value: self.opt_expr(t, h, "value")?,
            }),
            "YieldFrom" => E::YieldFrom(ast::ExprYieldFrom {
                range,
                value: self.bexpr(t, h, "value", o)?,
            }),
            "Compare" => E::Compare(ast::ExprCompare {
                range,
                left: self.bexpr(t, h, "left", o)?,
                ops: self.seq(t, h, "ops", o, Self::cmpop)?,
                comparators: self.exprs(t, h, "comparators", o)?,
            }),
            "Call" => E::Call(ast::ExprCall {
                range,
                func: self.bexpr(t, h, "func", o)?,
                args: self.exprs(t, h, "args", o)?,
                keywords: self.seq(t, h, "keywords", o, Self::keyword)?,
            }),
            "FormattedValue" => E::FormattedValue(ast::ExprFormattedValue {
                range,
                value: self.bexpr(t, h, "value", o)?,
                conversion: match self.int(t, h, "conversion", o)? {
                    115 => ast::ConversionFlag::Str,
                    114 => ast::ConversionFlag::Repr,
                    97 => ast::ConversionFlag::Ascii,
                    _ => ast::ConversionFlag::None,
                },
                format_spec: self.opt_expr(t, h, "format_spec")?,
            }),
            "JoinedStr" => E::JoinedStr(ast::ExprJoinedStr {
                range,
                values: self.exprs(t, h, "values", o)?,
            }),
            "Constant" => {
                let v = self.required(t, h, "value", o)?;
                E::Constant(ast::ExprConstant {
                    range,
                    value: self.constant(t, t.get(v))?,
                    kind: self.opt_string(t, h, "kind")?,
                })
            }
            "Attribute" => E::Attribute(ast::ExprAttribute {
                range,
                value: self.bexpr(t, h, "value", o)?,
                attr: self.ident(t, h, "attr", o)?,
                ctx: self.ctx(t, h, o, want)?,
            }),
            "Subscript" => E::Subscript(ast::ExprSubscript {
                range,
                value: self.bexpr(t, h, "value", o)?,
                slice: self.bexpr(t, h, "slice", o)?,
                ctx: self.ctx(t, h, o, want)?,
            }),
            "Starred" => E::Starred(ast::ExprStarred {
                range,
                value: {
                    let v = self.required_node(t, h, "value", o)?;
                    Box::new(self.expr_ctx(t, v, want)?)
                },
                ctx: self.ctx(t, h, o, want)?,
            }),
            "Name" => E::Name(ast::ExprName {
                range,
                id: self.ident(t, h, "id", o)?,
                ctx: self.ctx(t, h, o, want)?,
            }),
            "List" => E::List(ast::ExprList {
                range,
                elts: self.exprs_ctx(t, h, "elts", o, want)?,
                ctx: self.ctx(t, h, o, want)?,
            }),
            "Tuple" => E::Tuple(ast::ExprTuple {
                range,
                elts: self.exprs_ctx(t, h, "elts", o, want)?,
                ctx: self.ctx(t, h, o, want)?,
            }),
            "Slice" => E::Slice(ast::ExprSlice {
                range,
                lower: self.opt_expr(t, h, "lower")?,
                upper: self.opt_expr(t, h, "upper")?,
                step: self.opt_expr(t, h, "step")?,
            }),
            _ => return Err(self.expected(t, "expr", h)),
        };
        t.handle_release(m);
        Ok(e)
    }

    /// A constant's value: None, bool, int, float, complex, str, bytes, Ellipsis, or a
    /// tuple of those.
    fn constant(&mut self, t: &mut Thread, v: Value) -> R<ast::Constant> {
        use ast::Constant as K;
        if v.is_none() {
            return Ok(K::None);
        }
        if v == Value::TRUE || v == Value::FALSE {
            return Ok(K::Bool(v == Value::TRUE));
        }
        if v == Value::ELLIPSIS {
            return Ok(K::Ellipsis);
        }
        if pystr::is_str(t, v) {
            return Ok(K::Str(pystr::to_rust_string(t, v)));
        }
        if int::is_int(t, v) {
            let big: BigInt = int::to_bigint(t, v);
            return Ok(K::Int(big));
        }
        let native = t.layouts.get(t.layout_of(v)).native;
        match native {
            NativeKind::Float => return Ok(K::Float(float::float_value(t, v))),
            NativeKind::Complex => {
                let (re, im) = complex::complex_value(t, v);
                return Ok(K::Complex { real: re, imag: im });
            }
            NativeKind::Bytes => {
                let b = bytes::bytes_value(t, v);
                return Ok(K::Bytes(t.heap.bytes(b).to_vec()));
            }
            NativeKind::Tuple => {
                let hv = t.root(v);
                let mut items = Vec::new();
                for i in 0..tuple::len(t, t.get(hv)) {
                    let item = tuple::get(t, t.get(hv), i);
                    items.push(self.constant(t, item)?);
                }
                return Ok(K::Tuple(items));
            }
            _ => {}
        }
        let msg = format!(
            "got an invalid type in Constant: {}",
            type_::type_name_of(t, v)
        );
        Err(t.type_error(&msg))
    }

    fn arguments_field(&mut self, t: &mut Thread, h: Handle, owner: &str) -> R<ast::Arguments> {
        let a = self.required(t, h, "args", owner)?;
        let o = "arguments";
        let posonly = self.seq(t, a, "posonlyargs", o, Self::arg)?;
        let args = self.seq(t, a, "args", o, Self::arg)?;
        let vararg = match self.get(t, a, "vararg")? {
            Some(v) => Some(Box::new(self.arg(t, v)?)),
            None => None,
        };
        let kwonly = self.seq(t, a, "kwonlyargs", o, Self::arg)?;
        let kw_defaults = self.seq(t, a, "kw_defaults", o, |c, t, h| {
            if t.get(h).is_none() {
                Ok(None)
            } else {
                Ok(Some(Box::new(c.expr(t, h)?)))
            }
        })?;
        let kwarg = match self.get(t, a, "kwarg")? {
            Some(v) => Some(Box::new(self.arg(t, v)?)),
            None => None,
        };
        let defaults = self.exprs(t, a, "defaults", o)?;
        if defaults.len() > posonly.len() + args.len() {
            return Err(t.value_error("more positional defaults than args on arguments"));
        }
        if kw_defaults.len() != kwonly.len() {
            return Err(
                t.value_error("length of kwonlyargs is not the same as kw_defaults on arguments")
            );
        }
        let first_default = posonly.len() + args.len() - defaults.len();
        let mut defaults = defaults.into_iter().map(Box::new);
        let mut with_defaults = |list: Vec<ast::Arg>, start: usize| -> Vec<ast::ArgWithDefault> {
            list.into_iter()
                .enumerate()
                .map(|(i, def)| ast::ArgWithDefault {
                    range: def.range.into(),
                    default: if start + i >= first_default {
                        defaults.next()
                    } else {
                        None
                    },
                    def,
                })
                .collect()
        };
        let n_posonly = posonly.len();
        let posonlyargs = with_defaults(posonly, 0);
        let args = with_defaults(args, n_posonly);
        let kwonlyargs = kwonly
            .into_iter()
            .zip(kw_defaults)
            .map(|(def, default)| ast::ArgWithDefault {
                range: def.range.into(),
                def,
                default,
            })
            .collect();
        Ok(ast::Arguments {
            range: TextRange::default().into(),
            posonlyargs,
            args,
            vararg,
            kwonlyargs,
            kwarg,
        })
    }

    fn arg(&mut self, t: &mut Thread, h: Handle) -> R<ast::Arg> {
        let range = self.range(t, h, "arg", false)?;
        Ok(ast::Arg {
            range,
            arg: self.ident(t, h, "arg", "arg")?,
            annotation: self.opt_expr(t, h, "annotation")?,
            type_comment: self.opt_string(t, h, "type_comment")?,
        })
    }

    fn keyword(&mut self, t: &mut Thread, h: Handle) -> R<ast::Keyword> {
        let range = self.range(t, h, "keyword", false)?;
        Ok(ast::Keyword {
            range,
            arg: self.opt_ident(t, h, "arg")?,
            value: self.expr_field(t, h, "value", "keyword")?,
        })
    }

    fn alias(&mut self, t: &mut Thread, h: Handle) -> R<ast::Alias> {
        let range = self.range(t, h, "alias", false)?;
        Ok(ast::Alias {
            range,
            name: self.ident(t, h, "name", "alias")?,
            asname: self.opt_ident(t, h, "asname")?,
        })
    }

    fn withitem(&mut self, t: &mut Thread, h: Handle) -> R<ast::WithItem> {
        Ok(ast::WithItem {
            range: TextRange::default().into(),
            context_expr: self.expr_field(t, h, "context_expr", "withitem")?,
            optional_vars: match self.get(t, h, "optional_vars")? {
                Some(v) => Some(Box::new(self.expr_ctx(t, v, ast::ExprContext::Store)?)),
                None => None,
            },
        })
    }

    fn comprehension(&mut self, t: &mut Thread, h: Handle) -> R<ast::Comprehension> {
        let o = "comprehension";
        Ok(ast::Comprehension {
            range: TextRange::default().into(),
            target: *self.target(t, h, "target", o)?,
            iter: self.expr_field(t, h, "iter", o)?,
            ifs: self.exprs(t, h, "ifs", o)?,
            is_async: self.int(t, h, "is_async", o)? != 0,
        })
    }

    fn handler(&mut self, t: &mut Thread, h: Handle) -> R<ast::ExceptHandler> {
        let range = self.range(t, h, "excepthandler", false)?;
        let o = "ExceptHandler";
        Ok(ast::ExceptHandler::ExceptHandler(
            ast::ExceptHandlerExceptHandler {
                range,
                type_: self.opt_expr(t, h, "type")?,
                name: self.opt_ident(t, h, "name")?,
                body: self.stmts(t, h, "body", o)?,
            },
        ))
    }

    fn match_case(&mut self, t: &mut Thread, h: Handle) -> R<ast::MatchCase> {
        let o = "match_case";
        let p = self.required_node(t, h, "pattern", o)?;
        let pattern = self.pattern(t, p)?;
        check(t, validate::case_pattern(&pattern))?;
        Ok(ast::MatchCase {
            range: TextRange::default().into(),
            pattern,
            guard: self.opt_expr(t, h, "guard")?,
            body: self.stmts(t, h, "body", o)?,
        })
    }

    fn patterns(&mut self, t: &mut Thread, h: Handle, name: &str, o: &str) -> R<Vec<ast::Pattern>> {
        self.seq(t, h, name, o, Self::pattern)
    }

    fn pattern(&mut self, t: &mut Thread, h: Handle) -> R<ast::Pattern> {
        self.enter(t, "pattern")?;
        let r = self.pattern_inner(t, h);
        self.depth -= 1;
        let p = r?;
        check(t, validate::pattern(&p))?;
        Ok(p)
    }

    fn pattern_inner(&mut self, t: &mut Thread, h: Handle) -> R<ast::Pattern> {
        use ast::Pattern as P;
        let m = t.handle_mark();
        let range = self.range(t, h, "pattern", true)?;
        let k = self.kind(t, h)?;
        let o = k.as_str();
        let p = match o {
            "MatchValue" => P::MatchValue(ast::PatternMatchValue {
                range,
                value: self.bexpr(t, h, "value", o)?,
            }),
            "MatchSingleton" => {
                let v = self.get(t, h, "value")?;
                let value = match v {
                    Some(v) => self.constant(t, t.get(v))?,
                    None => ast::Constant::None,
                };
                P::MatchSingleton(ast::PatternMatchSingleton { range, value })
            }
            "MatchSequence" => P::MatchSequence(ast::PatternMatchSequence {
                range,
                patterns: self.patterns(t, h, "patterns", o)?,
            }),
            "MatchMapping" => P::MatchMapping(ast::PatternMatchMapping {
                range,
                keys: self.exprs(t, h, "keys", o)?,
                patterns: self.patterns(t, h, "patterns", o)?,
                rest: self.opt_ident(t, h, "rest")?,
            }),
            "MatchClass" => P::MatchClass(ast::PatternMatchClass {
                range,
                cls: self.bexpr(t, h, "cls", o)?,
                patterns: self.patterns(t, h, "patterns", o)?,
                kwd_attrs: self.seq(t, h, "kwd_attrs", o, |c, t, h| c.ident_value(t, t.get(h)))?,
                kwd_patterns: self.patterns(t, h, "kwd_patterns", o)?,
            }),
            "MatchStar" => P::MatchStar(ast::PatternMatchStar {
                range,
                name: self.opt_ident(t, h, "name")?,
            }),
            "MatchAs" => P::MatchAs(ast::PatternMatchAs {
                range,
                pattern: match self.get(t, h, "pattern")? {
                    Some(p) => Some(Box::new(self.pattern(t, p)?)),
                    None => None,
                },
                name: self.opt_ident(t, h, "name")?,
            }),
            "MatchOr" => P::MatchOr(ast::PatternMatchOr {
                range,
                patterns: self.patterns(t, h, "patterns", o)?,
            }),
            _ => return Err(self.expected(t, "pattern", h)),
        };
        t.handle_release(m);
        Ok(p)
    }
}

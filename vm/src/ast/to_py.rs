//! rustpython's AST to `_ast` node objects: what `ast.parse` and
//! `compile(..., PyCF_ONLY_AST)` return.
//!
//! Nodes are plain instances of the `_ast` classes (`object::new_instance`, then one
//! instance attribute per field in `_fields` order, then the position attributes), so no
//! Python `__init__` runs. Positions are CPython's: 1-based lines and 0-based UTF-8 byte
//! columns, which is what `SourceMap::location` gives for rustpython's byte offsets.
//!
//! Rooting: each converter returns a raw `Value` that its caller stores at once (the setter
//! roots it before allocating); everything held longer is a handle, and every node releases
//! the handles it made before returning.

use ember_gc::Value;
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

use crate::compiler::source::SourceMap;
use crate::compiler::{self, Mode};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{bytes, complex, dict, float, int, list, object, str as pystr, tuple};
use crate::protocol::attr::set_instance_attr_str;
use crate::thread::{Handle, Thread};

/// Parses `source` and returns the `_ast` tree for `mode` (`ast.parse`).
pub(crate) fn parse_to_object(
    t: &mut Thread,
    source: &str,
    filename: &str,
    mode: Mode,
) -> PyResult<Value> {
    let parsed = match compiler::parse(source, filename, mode) {
        Ok(m) => m,
        Err(mut e) => {
            // CPython's parser accepts what ember's depth check refuses here; it fails
            // later, while building the node objects.
            if e.kind == compiler::SyntaxErrorKind::RecursionError {
                e.msg = "maximum recursion depth exceeded during ast construction".to_string();
            }
            return Err(crate::builtins::compile_error_to_exception(t, &e));
        }
    };
    let ns = super::ast_namespace(t)?;
    let ns = t.root(ns);
    let src = SourceMap::new(source);
    let mut c = ToPy { src: &src, ns };
    c.module(t, &parsed)
}

struct ToPy<'s> {
    src: &'s SourceMap<'s>,
    /// The `_ast` module namespace (the node classes).
    ns: Handle,
}

type Conv<'s, T> = fn(&mut ToPy<'s>, &mut Thread, &T) -> PyResult<Value>;

/// A field of a node being built: its name and how to make its value.
type Field<'a, 's> = (
    &'a str,
    &'a dyn Fn(&mut ToPy<'s>, &mut Thread) -> PyResult<Value>,
);

impl<'s> ToPy<'s> {
    /// A new, empty instance of node class `name`, rooted.
    fn node(&mut self, t: &mut Thread, name: &str) -> PyResult<Handle> {
        let Some(cls) = dict::get_rust_str(t, t.get(self.ns), name)? else {
            let msg = format!("_ast has no node class {name}");
            return Err(t.system_error(&msg));
        };
        let obj = object::new_instance(t, cls)?;
        Ok(t.root(obj))
    }

    fn set(&mut self, t: &mut Thread, h: Handle, field: &str, v: Value) -> PyResult<()> {
        set_instance_attr_str(t, t.get(h), field, v)?;
        Ok(())
    }

    fn set_pos(&mut self, t: &mut Thread, h: Handle, r: TextRange) -> PyResult<()> {
        let loc = self.src.location(r);
        self.set(t, h, "lineno", Value::small_int(loc.line as i64))?;
        self.set(t, h, "col_offset", Value::small_int(loc.col as i64))?;
        self.set(t, h, "end_lineno", Value::small_int(loc.end_line as i64))?;
        self.set(t, h, "end_col_offset", Value::small_int(loc.end_col as i64))
    }

    /// A node with no fields (operators, contexts): the shared instance.
    fn unit(&mut self, t: &mut Thread, name: &str) -> PyResult<Value> {
        if let Some(v) = super::classes::singleton(t, name) {
            return Ok(v);
        }
        let h = self.node(t, name)?;
        Ok(t.get(h))
    }

    fn list<T>(&mut self, t: &mut Thread, items: &[T], f: Conv<'s, T>) -> PyResult<Value> {
        let l = list::new_list(t, items.len())?;
        let hl = t.root(l);
        for it in items {
            let m = t.handle_mark();
            let v = f(self, t, it)?;
            list::append(t, t.get(hl), v)?;
            t.handle_release(m);
        }
        Ok(t.get(hl))
    }

    fn opt<T>(&mut self, t: &mut Thread, item: Option<&T>, f: Conv<'s, T>) -> PyResult<Value> {
        match item {
            Some(x) => f(self, t, x),
            None => Ok(Value::NONE),
        }
    }

    fn ident(&mut self, t: &mut Thread, s: &ast::Identifier) -> PyResult<Value> {
        pystr::new_str(t, s.as_str())
    }

    fn opt_ident(&mut self, t: &mut Thread, s: Option<&ast::Identifier>) -> PyResult<Value> {
        match s {
            Some(s) => pystr::new_str(t, s.as_str()),
            None => Ok(Value::NONE),
        }
    }

    fn idents(&mut self, t: &mut Thread, names: &[ast::Identifier]) -> PyResult<Value> {
        self.list(t, names, |c, t, s| c.ident(t, s))
    }

    fn opt_string(&mut self, t: &mut Thread, s: Option<&String>) -> PyResult<Value> {
        match s {
            Some(s) => pystr::new_str(t, s),
            None => Ok(Value::NONE),
        }
    }

    fn module(&mut self, t: &mut Thread, m: &ast::Mod) -> PyResult<Value> {
        match m {
            ast::Mod::Module(m) => {
                let h = self.node(t, "Module")?;
                let body = self.stmts(t, &m.body)?;
                self.set(t, h, "body", body)?;
                let ti = list::new_list(t, 0)?;
                self.set(t, h, "type_ignores", ti)?;
                Ok(t.get(h))
            }
            ast::Mod::Interactive(m) => {
                let h = self.node(t, "Interactive")?;
                let body = self.stmts(t, &m.body)?;
                self.set(t, h, "body", body)?;
                Ok(t.get(h))
            }
            ast::Mod::Expression(e) => {
                let h = self.node(t, "Expression")?;
                let body = self.expr(t, &e.body)?;
                self.set(t, h, "body", body)?;
                Ok(t.get(h))
            }
            ast::Mod::FunctionType(f) => {
                let h = self.node(t, "FunctionType")?;
                let a = self.list(t, &f.argtypes, Self::expr)?;
                self.set(t, h, "argtypes", a)?;
                let r = self.expr(t, &f.returns)?;
                self.set(t, h, "returns", r)?;
                Ok(t.get(h))
            }
        }
    }

    fn stmts(&mut self, t: &mut Thread, body: &[ast::Stmt]) -> PyResult<Value> {
        self.list(t, body, Self::stmt)
    }

    fn exprs(&mut self, t: &mut Thread, es: &[ast::Expr]) -> PyResult<Value> {
        self.list(t, es, Self::expr)
    }

    fn opt_expr(&mut self, t: &mut Thread, e: Option<&ast::Expr>) -> PyResult<Value> {
        self.opt(t, e, Self::expr)
    }

    /// Sets `(name, value)` fields on a new node `name` and its position.
    fn fields(
        &mut self,
        t: &mut Thread,
        name: &str,
        r: Option<TextRange>,
        fields: &[Field<'_, 's>],
    ) -> PyResult<Value> {
        let m = t.handle_mark();
        let h = self.node(t, name)?;
        for (f, conv) in fields {
            let v = conv(self, t)?;
            self.set(t, h, f, v)?;
        }
        if let Some(r) = r {
            self.set_pos(t, h, r)?;
        }
        let v = t.get(h);
        t.handle_release(m);
        Ok(v)
    }

    fn stmt(&mut self, t: &mut Thread, s: &ast::Stmt) -> PyResult<Value> {
        use ast::Stmt as S;
        let r = Some(s.range());
        match s {
            S::FunctionDef(f) => self.fields(
                t,
                "FunctionDef",
                r,
                &[
                    ("name", &|c, t| c.ident(t, &f.name)),
                    ("args", &|c, t| c.arguments(t, &f.args)),
                    ("body", &|c, t| c.stmts(t, &f.body)),
                    ("decorator_list", &|c, t| c.exprs(t, &f.decorator_list)),
                    ("returns", &|c, t| c.opt_expr(t, f.returns.as_deref())),
                    ("type_comment", &|c, t| {
                        c.opt_string(t, f.type_comment.as_ref())
                    }),
                ],
            ),
            S::AsyncFunctionDef(f) => self.fields(
                t,
                "AsyncFunctionDef",
                r,
                &[
                    ("name", &|c, t| c.ident(t, &f.name)),
                    ("args", &|c, t| c.arguments(t, &f.args)),
                    ("body", &|c, t| c.stmts(t, &f.body)),
                    ("decorator_list", &|c, t| c.exprs(t, &f.decorator_list)),
                    ("returns", &|c, t| c.opt_expr(t, f.returns.as_deref())),
                    ("type_comment", &|c, t| {
                        c.opt_string(t, f.type_comment.as_ref())
                    }),
                ],
            ),
            S::ClassDef(f) => self.fields(
                t,
                "ClassDef",
                r,
                &[
                    ("name", &|c, t| c.ident(t, &f.name)),
                    ("bases", &|c, t| c.exprs(t, &f.bases)),
                    ("keywords", &|c, t| c.list(t, &f.keywords, Self::keyword)),
                    ("body", &|c, t| c.stmts(t, &f.body)),
                    ("decorator_list", &|c, t| c.exprs(t, &f.decorator_list)),
                ],
            ),
            S::Return(x) => self.fields(
                t,
                "Return",
                r,
                &[("value", &|c, t| c.opt_expr(t, x.value.as_deref()))],
            ),
            S::Delete(x) => self.fields(
                t,
                "Delete",
                r,
                &[("targets", &|c, t| c.exprs(t, &x.targets))],
            ),
            S::Assign(x) => self.fields(
                t,
                "Assign",
                r,
                &[
                    ("targets", &|c, t| c.exprs(t, &x.targets)),
                    ("value", &|c, t| c.expr(t, &x.value)),
                    ("type_comment", &|c, t| {
                        c.opt_string(t, x.type_comment.as_ref())
                    }),
                ],
            ),
            S::TypeAlias(_) => Err(t.raise_msg(BuiltinType::SyntaxError, "invalid syntax")),
            S::AugAssign(x) => self.fields(
                t,
                "AugAssign",
                r,
                &[
                    ("target", &|c, t| c.expr(t, &x.target)),
                    ("op", &|c, t| c.unit(t, &format!("{:?}", x.op))),
                    ("value", &|c, t| c.expr(t, &x.value)),
                ],
            ),
            S::AnnAssign(x) => self.fields(
                t,
                "AnnAssign",
                r,
                &[
                    ("target", &|c, t| c.expr(t, &x.target)),
                    ("annotation", &|c, t| c.expr(t, &x.annotation)),
                    ("value", &|c, t| c.opt_expr(t, x.value.as_deref())),
                    ("simple", &|_, _| Ok(Value::small_int(x.simple as i64))),
                ],
            ),
            S::For(x) => self.fields(
                t,
                "For",
                r,
                &[
                    ("target", &|c, t| c.expr(t, &x.target)),
                    ("iter", &|c, t| c.expr(t, &x.iter)),
                    ("body", &|c, t| c.stmts(t, &x.body)),
                    ("orelse", &|c, t| c.stmts(t, &x.orelse)),
                    ("type_comment", &|c, t| {
                        c.opt_string(t, x.type_comment.as_ref())
                    }),
                ],
            ),
            S::AsyncFor(x) => self.fields(
                t,
                "AsyncFor",
                r,
                &[
                    ("target", &|c, t| c.expr(t, &x.target)),
                    ("iter", &|c, t| c.expr(t, &x.iter)),
                    ("body", &|c, t| c.stmts(t, &x.body)),
                    ("orelse", &|c, t| c.stmts(t, &x.orelse)),
                    ("type_comment", &|c, t| {
                        c.opt_string(t, x.type_comment.as_ref())
                    }),
                ],
            ),
            S::While(x) => self.fields(
                t,
                "While",
                r,
                &[
                    ("test", &|c, t| c.expr(t, &x.test)),
                    ("body", &|c, t| c.stmts(t, &x.body)),
                    ("orelse", &|c, t| c.stmts(t, &x.orelse)),
                ],
            ),
            S::If(x) => self.fields(
                t,
                "If",
                r,
                &[
                    ("test", &|c, t| c.expr(t, &x.test)),
                    ("body", &|c, t| c.stmts(t, &x.body)),
                    ("orelse", &|c, t| c.stmts(t, &x.orelse)),
                ],
            ),
            S::With(x) => self.fields(
                t,
                "With",
                r,
                &[
                    ("items", &|c, t| c.list(t, &x.items, Self::withitem)),
                    ("body", &|c, t| c.stmts(t, &x.body)),
                    ("type_comment", &|c, t| {
                        c.opt_string(t, x.type_comment.as_ref())
                    }),
                ],
            ),
            S::AsyncWith(x) => self.fields(
                t,
                "AsyncWith",
                r,
                &[
                    ("items", &|c, t| c.list(t, &x.items, Self::withitem)),
                    ("body", &|c, t| c.stmts(t, &x.body)),
                    ("type_comment", &|c, t| {
                        c.opt_string(t, x.type_comment.as_ref())
                    }),
                ],
            ),
            S::Match(x) => self.fields(
                t,
                "Match",
                r,
                &[
                    ("subject", &|c, t| c.expr(t, &x.subject)),
                    ("cases", &|c, t| c.list(t, &x.cases, Self::match_case)),
                ],
            ),
            S::Raise(x) => self.fields(
                t,
                "Raise",
                r,
                &[
                    ("exc", &|c, t| c.opt_expr(t, x.exc.as_deref())),
                    ("cause", &|c, t| c.opt_expr(t, x.cause.as_deref())),
                ],
            ),
            S::Try(x) => self.fields(
                t,
                "Try",
                r,
                &[
                    ("body", &|c, t| c.stmts(t, &x.body)),
                    ("handlers", &|c, t| c.list(t, &x.handlers, Self::handler)),
                    ("orelse", &|c, t| c.stmts(t, &x.orelse)),
                    ("finalbody", &|c, t| c.stmts(t, &x.finalbody)),
                ],
            ),
            S::TryStar(x) => self.fields(
                t,
                "TryStar",
                r,
                &[
                    ("body", &|c, t| c.stmts(t, &x.body)),
                    ("handlers", &|c, t| c.list(t, &x.handlers, Self::handler)),
                    ("orelse", &|c, t| c.stmts(t, &x.orelse)),
                    ("finalbody", &|c, t| c.stmts(t, &x.finalbody)),
                ],
            ),
            S::Assert(x) => self.fields(
                t,
                "Assert",
                r,
                &[
                    ("test", &|c, t| c.expr(t, &x.test)),
                    ("msg", &|c, t| c.opt_expr(t, x.msg.as_deref())),
                ],
            ),
            S::Import(x) => self.fields(
                t,
                "Import",
                r,
                &[("names", &|c, t| c.list(t, &x.names, Self::alias))],
            ),
            S::ImportFrom(x) => self.fields(
                t,
                "ImportFrom",
                r,
                &[
                    ("module", &|c, t| c.opt_ident(t, x.module.as_ref())),
                    ("names", &|c, t| c.list(t, &x.names, Self::alias)),
                    ("level", &|_, _| {
                        Ok(Value::small_int(x.level.map_or(0, |l| l.to_u32()) as i64))
                    }),
                ],
            ),
            S::Global(x) => {
                self.fields(t, "Global", r, &[("names", &|c, t| c.idents(t, &x.names))])
            }
            S::Nonlocal(x) => self.fields(
                t,
                "Nonlocal",
                r,
                &[("names", &|c, t| c.idents(t, &x.names))],
            ),
            S::Expr(x) => self.fields(t, "Expr", r, &[("value", &|c, t| c.expr(t, &x.value))]),
            S::Pass(_) => self.fields(t, "Pass", r, &[]),
            S::Break(_) => self.fields(t, "Break", r, &[]),
            S::Continue(_) => self.fields(t, "Continue", r, &[]),
        }
    }

    fn ctx(&mut self, t: &mut Thread, c: &ast::ExprContext) -> PyResult<Value> {
        self.unit(t, &format!("{c:?}"))
    }

    fn expr(&mut self, t: &mut Thread, e: &ast::Expr) -> PyResult<Value> {
        use ast::Expr as E;
        let r = Some(e.range());
        match e {
            E::BoolOp(x) => self.fields(
                t,
                "BoolOp",
                r,
                &[
                    ("op", &|c, t| c.unit(t, &format!("{:?}", x.op))),
                    ("values", &|c, t| c.exprs(t, &x.values)),
                ],
            ),
            E::NamedExpr(x) => self.fields(
                t,
                "NamedExpr",
                r,
                &[
                    ("target", &|c, t| c.expr(t, &x.target)),
                    ("value", &|c, t| c.expr(t, &x.value)),
                ],
            ),
            E::BinOp(x) => self.fields(
                t,
                "BinOp",
                r,
                &[
                    ("left", &|c, t| c.expr(t, &x.left)),
                    ("op", &|c, t| c.unit(t, &format!("{:?}", x.op))),
                    ("right", &|c, t| c.expr(t, &x.right)),
                ],
            ),
            E::UnaryOp(x) => self.fields(
                t,
                "UnaryOp",
                r,
                &[
                    ("op", &|c, t| c.unit(t, &format!("{:?}", x.op))),
                    ("operand", &|c, t| c.expr(t, &x.operand)),
                ],
            ),
            E::Lambda(x) => self.fields(
                t,
                "Lambda",
                r,
                &[
                    ("args", &|c, t| c.arguments(t, &x.args)),
                    ("body", &|c, t| c.expr(t, &x.body)),
                ],
            ),
            E::IfExp(x) => self.fields(
                t,
                "IfExp",
                r,
                &[
                    ("test", &|c, t| c.expr(t, &x.test)),
                    ("body", &|c, t| c.expr(t, &x.body)),
                    ("orelse", &|c, t| c.expr(t, &x.orelse)),
                ],
            ),
            E::Dict(x) => self.fields(
                t,
                "Dict",
                r,
                &[
                    ("keys", &|c, t| {
                        c.list(t, &x.keys, |c, t, k| c.opt_expr(t, k.as_ref()))
                    }),
                    ("values", &|c, t| c.exprs(t, &x.values)),
                ],
            ),
            E::Set(x) => self.fields(t, "Set", r, &[("elts", &|c, t| c.exprs(t, &x.elts))]),
            E::ListComp(x) => self.fields(
                t,
                "ListComp",
                r,
                &[
                    ("elt", &|c, t| c.expr(t, &x.elt)),
                    ("generators", &|c, t| {
                        c.list(t, &x.generators, Self::comprehension)
                    }),
                ],
            ),
            E::SetComp(x) => self.fields(
                t,
                "SetComp",
                r,
                &[
                    ("elt", &|c, t| c.expr(t, &x.elt)),
                    ("generators", &|c, t| {
                        c.list(t, &x.generators, Self::comprehension)
                    }),
                ],
            ),
            E::DictComp(x) => self.fields(
                t,
                "DictComp",
                r,
                &[
                    ("key", &|c, t| c.expr(t, &x.key)),
                    ("value", &|c, t| c.expr(t, &x.value)),
                    ("generators", &|c, t| {
                        c.list(t, &x.generators, Self::comprehension)
                    }),
                ],
            ),
            E::GeneratorExp(x) => self.fields(
                t,
                "GeneratorExp",
                r,
                &[
                    ("elt", &|c, t| c.expr(t, &x.elt)),
                    ("generators", &|c, t| {
                        c.list(t, &x.generators, Self::comprehension)
                    }),
                ],
            ),
            E::Await(x) => self.fields(t, "Await", r, &[("value", &|c, t| c.expr(t, &x.value))]),
            E::Yield(x) => self.fields(
                t,
                "Yield",
                r,
                &[("value", &|c, t| c.opt_expr(t, x.value.as_deref()))],
            ),
            E::YieldFrom(x) => {
                self.fields(t, "YieldFrom", r, &[("value", &|c, t| c.expr(t, &x.value))])
            }
            E::Compare(x) => self.fields(
                t,
                "Compare",
                r,
                &[
                    ("left", &|c, t| c.expr(t, &x.left)),
                    ("ops", &|c, t| {
                        c.list(t, &x.ops, |c, t, o| c.unit(t, &format!("{o:?}")))
                    }),
                    ("comparators", &|c, t| c.exprs(t, &x.comparators)),
                ],
            ),
            E::Call(x) => {
                let args = self.exprs(t, &x.args)?;
                let ha = t.root(args);
                // CPython: a generator expression that is the sole argument of a call
                // (`f(x for x in y)`) spans the call's parentheses; rustpython gives it the
                // range of its text without them.
                if let ([E::GeneratorExp(g)], true) = (&x.args[..], x.keywords.is_empty()) {
                    let text = self.src.text.as_bytes();
                    let (fend, gstart) =
                        (u32::from(x.func.range().end()), u32::from(g.range.start()));
                    let gtext = text.get(gstart as usize..u32::from(g.range.end()) as usize);
                    if !gtext.is_some_and(wrapped_in_parens) {
                        let open = text
                            .get(fend as usize..gstart as usize)
                            .and_then(|b| b.iter().position(|&c| c == b'('));
                        if let Some(p) = open {
                            let start =
                                rustpython_parser::text_size::TextSize::from(fend + p as u32);
                            let gen = list::get(t, t.get(ha), 0);
                            let hg = t.root(gen);
                            self.set_pos(t, hg, TextRange::new(start, x.range.end()))?;
                        }
                    }
                }
                self.fields(
                    t,
                    "Call",
                    r,
                    &[
                        ("func", &|c, t| c.expr(t, &x.func)),
                        ("args", &|_, t| Ok(t.get(ha))),
                        ("keywords", &|c, t| c.list(t, &x.keywords, Self::keyword)),
                    ],
                )
            }
            E::FormattedValue(x) => self.fields(
                t,
                "FormattedValue",
                r,
                &[
                    ("value", &|c, t| c.expr(t, &x.value)),
                    ("conversion", &|_, _| {
                        Ok(Value::small_int(x.conversion as i8 as i64))
                    }),
                    ("format_spec", &|c, t| {
                        c.opt_expr(t, x.format_spec.as_deref())
                    }),
                ],
            ),
            E::JoinedStr(x) => {
                // CPython 3.11 gives every part of an f-string the position of the whole
                // (implicitly concatenated) string; rustpython gives a replacement field of
                // a concatenated f-string the range of its own literal.
                let values = self.exprs(t, &x.values)?;
                let hv = t.root(values);
                for i in 0..list::len(t, values) {
                    let part = list::get(t, t.get(hv), i);
                    let hp = t.root(part);
                    self.set_pos(t, hp, x.range)?;
                }
                self.fields(t, "JoinedStr", r, &[("values", &|_, t| Ok(t.get(hv)))])
            }
            E::Constant(x) => self.fields(
                t,
                "Constant",
                r,
                &[
                    ("value", &|c, t| c.constant(t, &x.value)),
                    ("kind", &|c, t| c.opt_string(t, x.kind.as_ref())),
                ],
            ),
            E::Attribute(x) => self.fields(
                t,
                "Attribute",
                r,
                &[
                    ("value", &|c, t| c.expr(t, &x.value)),
                    ("attr", &|c, t| c.ident(t, &x.attr)),
                    ("ctx", &|c, t| c.ctx(t, &x.ctx)),
                ],
            ),
            E::Subscript(x) => self.fields(
                t,
                "Subscript",
                r,
                &[
                    ("value", &|c, t| c.expr(t, &x.value)),
                    ("slice", &|c, t| c.expr(t, &x.slice)),
                    ("ctx", &|c, t| c.ctx(t, &x.ctx)),
                ],
            ),
            E::Starred(x) => self.fields(
                t,
                "Starred",
                r,
                &[
                    ("value", &|c, t| c.expr(t, &x.value)),
                    ("ctx", &|c, t| c.ctx(t, &x.ctx)),
                ],
            ),
            E::Name(x) => self.fields(
                t,
                "Name",
                r,
                &[
                    ("id", &|c, t| c.ident(t, &x.id)),
                    ("ctx", &|c, t| c.ctx(t, &x.ctx)),
                ],
            ),
            E::List(x) => self.fields(
                t,
                "List",
                r,
                &[
                    ("elts", &|c, t| c.exprs(t, &x.elts)),
                    ("ctx", &|c, t| c.ctx(t, &x.ctx)),
                ],
            ),
            E::Tuple(x) => self.fields(
                t,
                "Tuple",
                r,
                &[
                    ("elts", &|c, t| c.exprs(t, &x.elts)),
                    ("ctx", &|c, t| c.ctx(t, &x.ctx)),
                ],
            ),
            E::Slice(x) => self.fields(
                t,
                "Slice",
                r,
                &[
                    ("lower", &|c, t| c.opt_expr(t, x.lower.as_deref())),
                    ("upper", &|c, t| c.opt_expr(t, x.upper.as_deref())),
                    ("step", &|c, t| c.opt_expr(t, x.step.as_deref())),
                ],
            ),
        }
    }

    fn constant(&mut self, t: &mut Thread, k: &ast::Constant) -> PyResult<Value> {
        use ast::Constant as K;
        match k {
            K::None => Ok(Value::NONE),
            K::Bool(b) => Ok(if *b { Value::TRUE } else { Value::FALSE }),
            K::Str(s) => pystr::new_str(t, s),
            K::Bytes(b) => bytes::new_bytes(t, b),
            K::Int(i) => int::from_bigint(t, i),
            K::Float(f) => float::new_float(t, *f),
            K::Complex { real, imag } => complex::new_complex(t, *real, *imag),
            K::Ellipsis => Ok(Value::ELLIPSIS),
            K::Tuple(items) => {
                let l = self.list(t, items, Self::constant)?;
                let items = list::items(t, l);
                tuple::new_tuple(t, &items)
            }
        }
    }

    fn arguments(&mut self, t: &mut Thread, a: &ast::Arguments) -> PyResult<Value> {
        let defaults: Vec<&ast::Expr> = a
            .posonlyargs
            .iter()
            .chain(a.args.iter())
            .filter_map(|d| d.default.as_deref())
            .collect();
        let kw_defaults: Vec<Option<&ast::Expr>> =
            a.kwonlyargs.iter().map(|d| d.default.as_deref()).collect();
        self.fields(
            t,
            "arguments",
            None,
            &[
                ("posonlyargs", &|c, t| {
                    c.list(t, &a.posonlyargs, |c, t, d| c.arg(t, &d.def))
                }),
                ("args", &|c, t| {
                    c.list(t, &a.args, |c, t, d| c.arg(t, &d.def))
                }),
                ("vararg", &|c, t| c.opt(t, a.vararg.as_deref(), Self::arg)),
                ("kwonlyargs", &|c, t| {
                    c.list(t, &a.kwonlyargs, |c, t, d| c.arg(t, &d.def))
                }),
                ("kw_defaults", &|c, t| {
                    c.list(t, &kw_defaults, |c, t, d| c.opt_expr(t, *d))
                }),
                ("kwarg", &|c, t| c.opt(t, a.kwarg.as_deref(), Self::arg)),
                ("defaults", &|c, t| {
                    c.list(t, &defaults, |c, t, d| c.expr(t, d))
                }),
            ],
        )
    }

    fn arg(&mut self, t: &mut Thread, a: &ast::Arg) -> PyResult<Value> {
        self.fields(
            t,
            "arg",
            Some(a.range),
            &[
                ("arg", &|c, t| c.ident(t, &a.arg)),
                ("annotation", &|c, t| c.opt_expr(t, a.annotation.as_deref())),
                ("type_comment", &|c, t| {
                    c.opt_string(t, a.type_comment.as_ref())
                }),
            ],
        )
    }

    fn keyword(&mut self, t: &mut Thread, k: &ast::Keyword) -> PyResult<Value> {
        self.fields(
            t,
            "keyword",
            Some(k.range),
            &[
                ("arg", &|c, t| c.opt_ident(t, k.arg.as_ref())),
                ("value", &|c, t| c.expr(t, &k.value)),
            ],
        )
    }

    fn alias(&mut self, t: &mut Thread, a: &ast::Alias) -> PyResult<Value> {
        self.fields(
            t,
            "alias",
            Some(a.range),
            &[
                ("name", &|c, t| c.ident(t, &a.name)),
                ("asname", &|c, t| c.opt_ident(t, a.asname.as_ref())),
            ],
        )
    }

    fn withitem(&mut self, t: &mut Thread, w: &ast::WithItem) -> PyResult<Value> {
        self.fields(
            t,
            "withitem",
            None,
            &[
                ("context_expr", &|c, t| c.expr(t, &w.context_expr)),
                ("optional_vars", &|c, t| {
                    c.opt_expr(t, w.optional_vars.as_deref())
                }),
            ],
        )
    }

    fn comprehension(&mut self, t: &mut Thread, g: &ast::Comprehension) -> PyResult<Value> {
        self.fields(
            t,
            "comprehension",
            None,
            &[
                ("target", &|c, t| c.expr(t, &g.target)),
                ("iter", &|c, t| c.expr(t, &g.iter)),
                ("ifs", &|c, t| c.exprs(t, &g.ifs)),
                ("is_async", &|_, _| Ok(Value::small_int(g.is_async as i64))),
            ],
        )
    }

    fn handler(&mut self, t: &mut Thread, h: &ast::ExceptHandler) -> PyResult<Value> {
        let ast::ExceptHandler::ExceptHandler(h) = h;
        self.fields(
            t,
            "ExceptHandler",
            Some(h.range),
            &[
                ("type", &|c, t| c.opt_expr(t, h.type_.as_deref())),
                ("name", &|c, t| c.opt_ident(t, h.name.as_ref())),
                ("body", &|c, t| c.stmts(t, &h.body)),
            ],
        )
    }

    fn match_case(&mut self, t: &mut Thread, m: &ast::MatchCase) -> PyResult<Value> {
        self.fields(
            t,
            "match_case",
            None,
            &[
                ("pattern", &|c, t| c.pattern(t, &m.pattern)),
                ("guard", &|c, t| c.opt_expr(t, m.guard.as_deref())),
                ("body", &|c, t| c.stmts(t, &m.body)),
            ],
        )
    }

    fn patterns(&mut self, t: &mut Thread, ps: &[ast::Pattern]) -> PyResult<Value> {
        self.list(t, ps, Self::pattern)
    }

    fn pattern(&mut self, t: &mut Thread, p: &ast::Pattern) -> PyResult<Value> {
        use ast::Pattern as P;
        let r = Some(p.range());
        match p {
            P::MatchValue(x) => self.fields(
                t,
                "MatchValue",
                r,
                &[("value", &|c, t| c.expr(t, &x.value))],
            ),
            P::MatchSingleton(x) => self.fields(
                t,
                "MatchSingleton",
                r,
                &[("value", &|c, t| c.constant(t, &x.value))],
            ),
            P::MatchSequence(x) => self.fields(
                t,
                "MatchSequence",
                r,
                &[("patterns", &|c, t| c.patterns(t, &x.patterns))],
            ),
            P::MatchMapping(x) => self.fields(
                t,
                "MatchMapping",
                r,
                &[
                    ("keys", &|c, t| c.exprs(t, &x.keys)),
                    ("patterns", &|c, t| c.patterns(t, &x.patterns)),
                    ("rest", &|c, t| c.opt_ident(t, x.rest.as_ref())),
                ],
            ),
            P::MatchClass(x) => self.fields(
                t,
                "MatchClass",
                r,
                &[
                    ("cls", &|c, t| c.expr(t, &x.cls)),
                    ("patterns", &|c, t| c.patterns(t, &x.patterns)),
                    ("kwd_attrs", &|c, t| c.idents(t, &x.kwd_attrs)),
                    ("kwd_patterns", &|c, t| c.patterns(t, &x.kwd_patterns)),
                ],
            ),
            P::MatchStar(x) => self.fields(
                t,
                "MatchStar",
                r,
                &[("name", &|c, t| c.opt_ident(t, x.name.as_ref()))],
            ),
            P::MatchAs(x) => self.fields(
                t,
                "MatchAs",
                r,
                &[
                    ("pattern", &|c, t| {
                        c.opt(t, x.pattern.as_deref(), Self::pattern)
                    }),
                    ("name", &|c, t| c.opt_ident(t, x.name.as_ref())),
                ],
            ),
            P::MatchOr(x) => self.fields(
                t,
                "MatchOr",
                r,
                &[("patterns", &|c, t| c.patterns(t, &x.patterns))],
            ),
        }
    }
}

/// Whether `text` is one parenthesized group, `(...)`, whose first parenthesis closes at the
/// end (an explicitly parenthesized generator expression, not `(a, b) for ...`). Brackets
/// inside string literals are not told apart: FIXME(genexp-parens) for such rare cases.
fn wrapped_in_parens(text: &[u8]) -> bool {
    if text.first() != Some(&b'(') || text.last() != Some(&b')') {
        return false;
    }
    let mut depth = 0i32;
    for (i, &c) in text.iter().enumerate() {
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i == text.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

//! CPython's structural AST validation (`Python/ast.c`) for trees built from Python
//! objects: ember's compiler assumes a tree the parser could have produced, so a node the
//! grammar cannot make (a Compare without comparators, an empty body) must be refused here,
//! with CPython's exception and message, before code generation sees it. Each check runs
//! on one node right after `from_py` built it; its children were checked already.

use rustpython_parser::ast;

use crate::objects::builtin_types::BuiltinType;

/// A validation failure: the exception type and message to raise.
pub(crate) type Invalid = (BuiltinType, String);

fn value_error(msg: impl Into<String>) -> Result<(), Invalid> {
    Err((BuiltinType::ValueError, msg.into()))
}

fn non_empty<T>(items: &[T], what: &str, owner: &str) -> Result<(), Invalid> {
    if items.is_empty() {
        return value_error(format!("empty {what} on {owner}"));
    }
    Ok(())
}

/// Identifiers may not name the constants (`ast.Name('None')`).
pub(crate) fn identifier(name: &str) -> Result<(), Invalid> {
    if matches!(name, "None" | "True" | "False") {
        return value_error(format!(
            "identifier field can't represent '{name}' constant"
        ));
    }
    Ok(())
}

pub(crate) fn stmt(s: &ast::Stmt) -> Result<(), Invalid> {
    use ast::Stmt as S;
    match s {
        S::FunctionDef(f) => non_empty(&f.body, "body", "FunctionDef"),
        S::AsyncFunctionDef(f) => non_empty(&f.body, "body", "AsyncFunctionDef"),
        S::ClassDef(c) => non_empty(&c.body, "body", "ClassDef"),
        S::Delete(d) => non_empty(&d.targets, "targets", "Delete"),
        S::Assign(a) => non_empty(&a.targets, "targets", "Assign"),
        S::AugAssign(a) => match &*a.target {
            ast::Expr::Name(_) | ast::Expr::Attribute(_) | ast::Expr::Subscript(_) => Ok(()),
            _ => Err((
                BuiltinType::SystemError,
                "invalid node type for augmented assignment".to_string(),
            )),
        },
        S::AnnAssign(a) => {
            if a.simple && !matches!(&*a.target, ast::Expr::Name(_)) {
                return Err((
                    BuiltinType::TypeError,
                    "AnnAssign with simple non-Name target".to_string(),
                ));
            }
            Ok(())
        }
        S::For(f) => non_empty(&f.body, "body", "For"),
        S::AsyncFor(f) => non_empty(&f.body, "body", "AsyncFor"),
        S::While(w) => non_empty(&w.body, "body", "While"),
        S::If(i) => non_empty(&i.body, "body", "If"),
        S::With(w) => {
            non_empty(&w.items, "items", "With")?;
            non_empty(&w.body, "body", "With")
        }
        S::AsyncWith(w) => {
            non_empty(&w.items, "items", "AsyncWith")?;
            non_empty(&w.body, "body", "AsyncWith")
        }
        S::Match(m) => {
            non_empty(&m.cases, "cases", "Match")?;
            for c in &m.cases {
                non_empty(&c.body, "body", "match_case")?;
            }
            Ok(())
        }
        S::Raise(r) => {
            if r.exc.is_none() && r.cause.is_some() {
                return value_error("Raise with cause but no exception");
            }
            Ok(())
        }
        S::Try(x) => try_(&x.body, &x.handlers, &x.orelse, &x.finalbody, "Try"),
        S::TryStar(x) => try_(&x.body, &x.handlers, &x.orelse, &x.finalbody, "TryStar"),
        S::Import(i) => non_empty(&i.names, "names", "Import"),
        S::ImportFrom(i) => non_empty(&i.names, "names", "ImportFrom"),
        S::Global(g) => non_empty(&g.names, "names", "Global"),
        S::Nonlocal(n) => non_empty(&n.names, "names", "Nonlocal"),
        _ => Ok(()),
    }
}

fn try_(
    body: &[ast::Stmt],
    handlers: &[ast::ExceptHandler],
    orelse: &[ast::Stmt],
    finalbody: &[ast::Stmt],
    owner: &str,
) -> Result<(), Invalid> {
    non_empty(body, "body", owner)?;
    if handlers.is_empty() && finalbody.is_empty() {
        return value_error(format!("{owner} has neither except handlers nor finalbody"));
    }
    if handlers.is_empty() && !orelse.is_empty() {
        return value_error(format!("{owner} has orelse but no except handlers"));
    }
    for h in handlers {
        let ast::ExceptHandler::ExceptHandler(h) = h;
        non_empty(&h.body, "body", "ExceptHandler")?;
    }
    Ok(())
}

pub(crate) fn expr(e: &ast::Expr) -> Result<(), Invalid> {
    use ast::Expr as E;
    match e {
        E::BoolOp(b) if b.values.len() < 2 => value_error("BoolOp with less than 2 values"),
        E::Dict(d) if d.keys.len() != d.values.len() => {
            value_error("Dict doesn't have the same number of keys as values")
        }
        E::Compare(c) => {
            if c.comparators.is_empty() {
                return value_error("Compare with no comparators");
            }
            if c.comparators.len() != c.ops.len() {
                return value_error("Compare has a different number of comparators and operands");
            }
            Ok(())
        }
        E::ListComp(c) if c.generators.is_empty() => no_generators(),
        E::SetComp(c) if c.generators.is_empty() => no_generators(),
        E::DictComp(c) if c.generators.is_empty() => no_generators(),
        E::GeneratorExp(c) if c.generators.is_empty() => no_generators(),
        E::NamedExpr(n) if !matches!(&*n.target, E::Name(_)) => Err((
            BuiltinType::TypeError,
            "NamedExpr target must be a Name".to_string(),
        )),
        _ => Ok(()),
    }
}

fn no_generators() -> Result<(), Invalid> {
    value_error("comprehension with no generators")
}

pub(crate) fn pattern(p: &ast::Pattern) -> Result<(), Invalid> {
    use ast::Pattern as P;
    match p {
        P::MatchValue(v) => match_value(&v.value),
        P::MatchSingleton(s) => match s.value {
            ast::Constant::None | ast::Constant::Bool(_) => Ok(()),
            _ => value_error("MatchSingleton can only contain True, False and None"),
        },
        P::MatchSequence(s) => stars_ok(&s.patterns, true),
        P::MatchMapping(m) => {
            if m.keys.len() != m.patterns.len() {
                return value_error(
                    "MatchMapping doesn't have the same number of keys as patterns",
                );
            }
            for k in &m.keys {
                match_value(k)?;
            }
            stars_ok(&m.patterns, false)
        }
        P::MatchClass(c) => {
            if c.kwd_attrs.len() != c.kwd_patterns.len() {
                return value_error(
                    "MatchClass doesn't have the same number of keyword attributes as patterns",
                );
            }
            stars_ok(&c.patterns, false)?;
            stars_ok(&c.kwd_patterns, false)
        }
        P::MatchAs(a) => {
            if let Some(p) = &a.pattern {
                if a.name.is_none() {
                    return value_error("MatchAs must specify a target name if a pattern is given");
                }
                stars_ok(std::slice::from_ref(p), false)?;
            }
            Ok(())
        }
        P::MatchOr(o) => {
            if o.patterns.len() < 2 {
                return value_error("MatchOr requires at least 2 patterns");
            }
            stars_ok(&o.patterns, false)
        }
        P::MatchStar(_) => Ok(()),
    }
}

/// What a value pattern or mapping key may be: a literal (signed or complex included) or an
/// attribute lookup.
fn match_value(e: &ast::Expr) -> Result<(), Invalid> {
    match e {
        ast::Expr::Constant(_) | ast::Expr::Attribute(_) => Ok(()),
        ast::Expr::UnaryOp(_) | ast::Expr::BinOp(_) => Ok(()),
        _ => value_error("patterns may only match literals and attribute lookups"),
    }
}

/// `MatchStar` may only be a direct element of a sequence pattern.
fn stars_ok(ps: &[ast::Pattern], in_sequence: bool) -> Result<(), Invalid> {
    if !in_sequence && ps.iter().any(|p| matches!(p, ast::Pattern::MatchStar(_))) {
        return value_error("can't use MatchStar here");
    }
    Ok(())
}

/// A match case's top-level pattern may not be a star either.
pub(crate) fn case_pattern(p: &ast::Pattern) -> Result<(), Invalid> {
    stars_ok(std::slice::from_ref(p), false)
}

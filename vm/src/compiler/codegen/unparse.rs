//! Expression unparsing for `from __future__ import annotations`, following CPython's
//! `Python/ast_unparse.c`: the same precedence rules and parenthesisation, so the strings
//! stored in `__annotations__` match CPython's.

use std::fmt::Write;

use rustpython_parser::ast::{self, Constant};

use crate::bytecode::dis::const_repr;

// Precedence levels, as ast_unparse.c.
const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_BOR: u8 = 7;
const PR_BXOR: u8 = 8;
const PR_BAND: u8 = 9;
const PR_SHIFT: u8 = 10;
const PR_ARITH: u8 = 11;
const PR_TERM: u8 = 12;
const PR_FACTOR: u8 = 13;
const PR_POWER: u8 = 14;
const PR_AWAIT: u8 = 15;
const PR_ATOM: u8 = 16;

pub(crate) fn unparse(e: &ast::Expr) -> String {
    let mut s = String::new();
    expr(&mut s, e, PR_TEST);
    s
}

fn constant(out: &mut String, c: &Constant) {
    match c {
        Constant::Ellipsis => out.push_str("..."),
        Constant::Float(f) if f.is_infinite() => {
            out.push_str(if *f > 0.0 { "1e309" } else { "-1e309" })
        }
        Constant::Complex { real, imag } if imag.is_infinite() && *real == 0.0 => {
            out.push_str("1e309j")
        }
        _ => out.push_str(&const_repr(&super::expr::constant_to_const(c))),
    }
}

fn seq(out: &mut String, v: &[ast::Expr]) {
    for (i, e) in v.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr(out, e, PR_TEST);
    }
}

fn comps(out: &mut String, gens: &[ast::Comprehension]) {
    for g in gens {
        out.push_str(if g.is_async { " async for " } else { " for " });
        expr(out, &g.target, PR_TUPLE);
        out.push_str(" in ");
        expr(out, &g.iter, PR_TEST + 1);
        for c in &g.ifs {
            out.push_str(" if ");
            expr(out, c, PR_TEST + 1);
        }
    }
}

fn args(out: &mut String, a: &ast::Arguments) {
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push_str(", ");
        }
        first = false;
    };
    let npos = a.posonlyargs.len();
    for (i, x) in a.posonlyargs.iter().chain(&a.args).enumerate() {
        sep(out);
        out.push_str(&x.def.arg);
        if let Some(d) = &x.default {
            out.push('=');
            expr(out, d, PR_TEST);
        }
        if i + 1 == npos {
            out.push_str(", /");
        }
    }
    if let Some(v) = &a.vararg {
        sep(out);
        out.push('*');
        out.push_str(&v.arg);
    } else if !a.kwonlyargs.is_empty() {
        sep(out);
        out.push('*');
    }
    for x in &a.kwonlyargs {
        sep(out);
        out.push_str(&x.def.arg);
        if let Some(d) = &x.default {
            out.push('=');
            expr(out, d, PR_TEST);
        }
    }
    if let Some(k) = &a.kwarg {
        sep(out);
        out.push_str("**");
        out.push_str(&k.arg);
    }
}

fn fstring_body(out: &mut String, values: &[ast::Expr]) {
    for v in values {
        match v {
            ast::Expr::Constant(c) => {
                if let Constant::Str(s) = &c.value {
                    out.push_str(&s.replace('{', "{{").replace('}', "}}"));
                }
            }
            ast::Expr::FormattedValue(f) => {
                let mut inner = String::new();
                expr(&mut inner, &f.value, PR_TEST + 1);
                out.push('{');
                if inner.starts_with('{') {
                    out.push(' ');
                }
                out.push_str(&inner);
                match f.conversion {
                    ast::ConversionFlag::Str => out.push_str("!s"),
                    ast::ConversionFlag::Repr => out.push_str("!r"),
                    ast::ConversionFlag::Ascii => out.push_str("!a"),
                    ast::ConversionFlag::None => {}
                }
                if let Some(spec) = &f.format_spec {
                    out.push(':');
                    if let ast::Expr::JoinedStr(j) = &**spec {
                        fstring_body(out, &j.values);
                    }
                }
                out.push('}');
            }
            _ => {}
        }
    }
}

fn expr(out: &mut String, e: &ast::Expr, level: u8) {
    use ast::Expr as E;
    let paren = |out: &mut String, need: bool, f: &mut dyn FnMut(&mut String)| {
        if need {
            out.push('(');
        }
        f(out);
        if need {
            out.push(')');
        }
    };
    match e {
        E::BoolOp(b) => {
            let (op, pr) = match b.op {
                ast::BoolOp::And => (" and ", PR_AND),
                ast::BoolOp::Or => (" or ", PR_OR),
            };
            paren(out, level > pr, &mut |out| {
                for (i, v) in b.values.iter().enumerate() {
                    if i > 0 {
                        out.push_str(op);
                    }
                    expr(out, v, pr + 1);
                }
            });
        }
        E::NamedExpr(n) => paren(out, level > PR_TUPLE, &mut |out| {
            expr(out, &n.target, PR_ATOM);
            out.push_str(" := ");
            expr(out, &n.value, PR_ATOM);
        }),
        E::BinOp(b) => {
            use ast::Operator as O;
            let (op, pr) = match b.op {
                O::Add => ("+", PR_ARITH),
                O::Sub => ("-", PR_ARITH),
                O::Mult => ("*", PR_TERM),
                O::MatMult => ("@", PR_TERM),
                O::Div => ("/", PR_TERM),
                O::Mod => ("%", PR_TERM),
                O::FloorDiv => ("//", PR_TERM),
                O::LShift => ("<<", PR_SHIFT),
                O::RShift => (">>", PR_SHIFT),
                O::BitOr => ("|", PR_BOR),
                O::BitXor => ("^", PR_BXOR),
                O::BitAnd => ("&", PR_BAND),
                O::Pow => ("**", PR_POWER),
            };
            let rassoc = matches!(b.op, O::Pow);
            paren(out, level > pr, &mut |out| {
                expr(out, &b.left, if rassoc { pr + 1 } else { pr });
                let _ = write!(out, " {op} ");
                expr(out, &b.right, if rassoc { pr } else { pr + 1 });
            });
        }
        E::UnaryOp(u) => {
            let (op, pr) = match u.op {
                ast::UnaryOp::Invert => ("~", PR_FACTOR),
                ast::UnaryOp::Not => ("not ", PR_NOT),
                ast::UnaryOp::UAdd => ("+", PR_FACTOR),
                ast::UnaryOp::USub => ("-", PR_FACTOR),
            };
            paren(out, level > pr, &mut |out| {
                out.push_str(op);
                expr(out, &u.operand, pr);
            });
        }
        E::Lambda(l) => paren(out, level > PR_TEST, &mut |out| {
            let mut a = String::new();
            args(&mut a, &l.args);
            if a.is_empty() {
                out.push_str("lambda: ");
            } else {
                let _ = write!(out, "lambda {a}: ");
            }
            expr(out, &l.body, PR_TEST);
        }),
        E::IfExp(i) => paren(out, level > PR_TEST, &mut |out| {
            expr(out, &i.body, PR_TEST + 1);
            out.push_str(" if ");
            expr(out, &i.test, PR_TEST + 1);
            out.push_str(" else ");
            expr(out, &i.orelse, PR_TEST);
        }),
        E::Dict(d) => {
            out.push('{');
            for (i, (k, v)) in d.keys.iter().zip(&d.values).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match k {
                    Some(k) => {
                        expr(out, k, PR_TEST);
                        out.push_str(": ");
                        expr(out, v, PR_TEST);
                    }
                    None => {
                        out.push_str("**");
                        expr(out, v, PR_BOR);
                    }
                }
            }
            out.push('}');
        }
        E::Set(s) => {
            if s.elts.is_empty() {
                out.push_str("{*()}");
            } else {
                out.push('{');
                seq(out, &s.elts);
                out.push('}');
            }
        }
        E::ListComp(c) => {
            out.push('[');
            expr(out, &c.elt, PR_TEST);
            comps(out, &c.generators);
            out.push(']');
        }
        E::SetComp(c) => {
            out.push('{');
            expr(out, &c.elt, PR_TEST);
            comps(out, &c.generators);
            out.push('}');
        }
        E::DictComp(c) => {
            out.push('{');
            expr(out, &c.key, PR_TEST);
            out.push_str(": ");
            expr(out, &c.value, PR_TEST);
            comps(out, &c.generators);
            out.push('}');
        }
        E::GeneratorExp(c) => {
            out.push('(');
            expr(out, &c.elt, PR_TEST);
            comps(out, &c.generators);
            out.push(')');
        }
        E::Await(a) => paren(out, level > PR_AWAIT, &mut |out| {
            out.push_str("await ");
            expr(out, &a.value, PR_ATOM);
        }),
        E::Yield(y) => {
            out.push('(');
            out.push_str("yield");
            if let Some(v) = &y.value {
                out.push(' ');
                expr(out, v, PR_TEST);
            }
            out.push(')');
        }
        E::YieldFrom(y) => {
            out.push_str("(yield from ");
            expr(out, &y.value, PR_TEST);
            out.push(')');
        }
        E::Compare(c) => paren(out, level > PR_CMP, &mut |out| {
            expr(out, &c.left, PR_CMP + 1);
            for (op, r) in c.ops.iter().zip(&c.comparators) {
                let s = match op {
                    ast::CmpOp::Eq => " == ",
                    ast::CmpOp::NotEq => " != ",
                    ast::CmpOp::Lt => " < ",
                    ast::CmpOp::LtE => " <= ",
                    ast::CmpOp::Gt => " > ",
                    ast::CmpOp::GtE => " >= ",
                    ast::CmpOp::Is => " is ",
                    ast::CmpOp::IsNot => " is not ",
                    ast::CmpOp::In => " in ",
                    ast::CmpOp::NotIn => " not in ",
                };
                out.push_str(s);
                expr(out, r, PR_CMP + 1);
            }
        }),
        E::Call(c) => {
            expr(out, &c.func, PR_ATOM);
            if c.args.len() == 1 && c.keywords.is_empty() {
                if let E::GeneratorExp(g) = &c.args[0] {
                    expr(out, &E::GeneratorExp(g.clone()), PR_TEST);
                    return;
                }
            }
            out.push('(');
            let mut first = true;
            for a in &c.args {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                expr(out, a, PR_TEST);
            }
            for k in &c.keywords {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                match &k.arg {
                    Some(n) => {
                        out.push_str(n);
                        out.push('=');
                    }
                    None => out.push_str("**"),
                }
                expr(out, &k.value, PR_TEST);
            }
            out.push(')');
        }
        E::FormattedValue(_) | E::JoinedStr(_) => {
            let mut body = String::new();
            match e {
                E::JoinedStr(j) => fstring_body(&mut body, &j.values),
                _ => fstring_body(&mut body, std::slice::from_ref(e)),
            }
            let q = const_repr(&crate::bytecode::Const::Str(body));
            out.push('f');
            out.push_str(&q);
        }
        E::Constant(c) => constant(out, &c.value),
        E::Attribute(a) => {
            expr(out, &a.value, PR_ATOM);
            if let E::Constant(c) = &*a.value {
                if matches!(c.value, Constant::Int(_)) {
                    out.push(' ');
                }
            }
            out.push('.');
            out.push_str(&a.attr);
        }
        E::Subscript(s) => {
            expr(out, &s.value, PR_ATOM);
            out.push('[');
            match &*s.slice {
                E::Tuple(t) if !t.elts.is_empty() => {
                    for (i, x) in t.elts.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        expr(out, x, PR_TEST);
                    }
                    if t.elts.len() == 1 {
                        out.push(',');
                    }
                }
                E::Starred(_) => {
                    expr(out, &s.slice, PR_TEST);
                    out.push(',');
                }
                other => expr(out, other, PR_TUPLE),
            }
            out.push(']');
        }
        E::Starred(s) => {
            out.push('*');
            expr(out, &s.value, PR_BOR);
        }
        E::Name(n) => out.push_str(&n.id),
        E::List(l) => {
            out.push('[');
            seq(out, &l.elts);
            out.push(']');
        }
        E::Tuple(t) => {
            if t.elts.is_empty() {
                out.push_str("()");
            } else {
                paren(out, level > PR_TUPLE, &mut |out| {
                    seq(out, &t.elts);
                    if t.elts.len() == 1 {
                        out.push(',');
                    }
                });
            }
        }
        E::Slice(s) => {
            if let Some(x) = &s.lower {
                expr(out, x, PR_TEST);
            }
            out.push(':');
            if let Some(x) = &s.upper {
                expr(out, x, PR_TEST);
            }
            if let Some(x) = &s.step {
                out.push(':');
                expr(out, x, PR_TEST);
            }
        }
    }
}

//! Expressions: loads, operators, calls, displays, f-strings, conditional jumps and
//! assignment targets, as CPython 3.11's `compiler_visit_expr1` and friends. Constant
//! folding of the kind CPython's AST optimiser does (negative numbers, arithmetic on
//! literals, tuples of constants) happens here, on the fly.

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use rustpython_parser::ast::{self, Constant, Ranged};
use rustpython_parser::text_size::TextRange;

use super::{BlockId, CResult, Compiler, NameCtx, UnitKind};
use crate::bytecode::opcodes::format_value;
use crate::bytecode::{BinaryOp, CompareOp, Const, Op};

/// CPython's STACK_USE_GUIDELINE: above this many items, displays and calls are built
/// incrementally.
pub(crate) const STACK_USE_GUIDELINE: usize = 30;

pub(crate) fn int_const(b: &BigInt) -> Const {
    match b.to_i64() {
        Some(i) => Const::Int(i),
        None => Const::BigInt(b.clone()),
    }
}

fn const_to_bigint(c: &Const) -> Option<BigInt> {
    match c {
        Const::Int(i) => Some(BigInt::from(*i)),
        Const::BigInt(b) => Some(b.clone()),
        Const::Bool(b) => Some(BigInt::from(*b as i64)),
        _ => None,
    }
}

fn const_to_f64(c: &Const) -> Option<f64> {
    match c {
        Const::Float(f) => Some(*f),
        Const::Int(i) => Some(*i as f64),
        Const::BigInt(b) => b.to_f64(),
        Const::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

pub(crate) fn constant_to_const(c: &Constant) -> Const {
    match c {
        Constant::None => Const::None,
        Constant::Bool(b) => Const::Bool(*b),
        Constant::Str(s) => Const::Str(s.clone()),
        Constant::Bytes(b) => Const::Bytes(b.clone()),
        Constant::Int(i) => int_const(i),
        Constant::Tuple(t) => Const::Tuple(t.iter().map(constant_to_const).collect()),
        Constant::Float(f) => Const::Float(*f),
        Constant::Complex { real, imag } => Const::Complex {
            re: *real,
            im: *imag,
        },
        Constant::Ellipsis => Const::Ellipsis,
    }
}

const MAX_INT_BITS: u64 = 128;
const MAX_STR_SIZE: usize = 4096;

/// The value of `e` if CPython's AST optimiser would fold it to a constant.
pub(crate) fn fold_const(e: &ast::Expr) -> Option<Const> {
    use ast::Expr as E;
    match e {
        E::Constant(c) => Some(constant_to_const(&c.value)),
        E::Name(n) if n.id.as_str() == "__debug__" && matches!(n.ctx, ast::ExprContext::Load) => {
            Some(Const::Bool(true))
        }
        E::Tuple(t) if matches!(t.ctx, ast::ExprContext::Load) => {
            let mut v = Vec::with_capacity(t.elts.len());
            for x in &t.elts {
                v.push(fold_const(x)?);
            }
            Some(Const::Tuple(v))
        }
        E::UnaryOp(u) => {
            let v = fold_const(&u.operand)?;
            match u.op {
                ast::UnaryOp::USub => match v {
                    Const::Int(i) => Some(
                        i.checked_neg()
                            .map(Const::Int)
                            .unwrap_or_else(|| int_const(&-BigInt::from(i))),
                    ),
                    Const::BigInt(b) => Some(int_const(&-b)),
                    Const::Float(f) => Some(Const::Float(-f)),
                    Const::Complex { re, im } => Some(Const::Complex { re: -re, im: -im }),
                    Const::Bool(b) => Some(Const::Int(-(b as i64))),
                    _ => None,
                },
                ast::UnaryOp::UAdd => match v {
                    Const::Int(_) | Const::BigInt(_) | Const::Float(_) | Const::Complex { .. } => {
                        Some(v)
                    }
                    Const::Bool(b) => Some(Const::Int(b as i64)),
                    _ => None,
                },
                ast::UnaryOp::Invert => match v {
                    Const::Int(i) => Some(Const::Int(!i)),
                    Const::BigInt(b) => Some(int_const(&(-b - 1))),
                    Const::Bool(b) => Some(Const::Int(!(b as i64))),
                    _ => None,
                },
                ast::UnaryOp::Not => {
                    let t = match &v {
                        Const::None => false,
                        Const::Bool(b) => *b,
                        Const::Int(i) => *i != 0,
                        Const::BigInt(b) => !b.is_zero(),
                        Const::Float(f) => *f != 0.0,
                        Const::Complex { re, im } => *re != 0.0 || *im != 0.0,
                        Const::Str(s) => !s.is_empty(),
                        Const::Bytes(b) => !b.is_empty(),
                        Const::Tuple(t) => !t.is_empty(),
                        Const::Ellipsis => true,
                        _ => return None,
                    };
                    Some(Const::Bool(!t))
                }
            }
        }
        E::BinOp(b) => {
            let l = fold_const(&b.left)?;
            let r = fold_const(&b.right)?;
            fold_binop(&l, b.op, &r)
        }
        E::Subscript(s) if matches!(s.ctx, ast::ExprContext::Load) => {
            // fold_subscr: constant[constant] with an integer index in range.
            let v = fold_const(&s.value)?;
            let Const::Int(i) = fold_const(&s.slice)? else {
                return None;
            };
            let pick = |len: usize| -> Option<usize> {
                let n = len as i64;
                let k = if i < 0 { i + n } else { i };
                (0..n).contains(&k).then_some(k as usize)
            };
            match v {
                Const::Str(st) => {
                    let chars: Vec<char> = st.chars().collect();
                    Some(Const::Str(chars[pick(chars.len())?].to_string()))
                }
                Const::Bytes(bs) => Some(Const::Int(bs[pick(bs.len())?] as i64)),
                Const::Tuple(t) => {
                    let k = pick(t.len())?;
                    t.into_iter().nth(k)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn fold_binop(l: &Const, op: ast::Operator, r: &Const) -> Option<Const> {
    use ast::Operator as O;
    // bool is an int subclass: `True + 1` folds; `True & False` stays a bool.
    if let (Const::Bool(a), Const::Bool(b)) = (l, r) {
        match op {
            O::BitAnd => return Some(Const::Bool(*a & *b)),
            O::BitOr => return Some(Const::Bool(*a | *b)),
            O::BitXor => return Some(Const::Bool(*a ^ *b)),
            _ => {}
        }
    }
    let is_int = |c: &Const| matches!(c, Const::Int(_) | Const::BigInt(_) | Const::Bool(_));
    if is_int(l) && is_int(r) {
        let a = const_to_bigint(l)?;
        let b = const_to_bigint(r)?;
        let res = match op {
            O::Add => a + b,
            O::Sub => a - b,
            O::Mult => {
                if a.bits() + b.bits() > MAX_INT_BITS {
                    return None;
                }
                a * b
            }
            O::FloorDiv | O::Mod => {
                if b.is_zero() {
                    return None;
                }
                let q = num_integer::Integer::div_floor(&a, &b);
                if matches!(op, O::FloorDiv) {
                    q
                } else {
                    a - q * b
                }
            }
            O::Pow => {
                if b < BigInt::zero() {
                    // int ** negative int is a float.
                    if a.is_zero() {
                        return None;
                    }
                    let v = a.to_f64()?.powf(b.to_f64()?);
                    return v.is_finite().then_some(Const::Float(v));
                }
                let e = b.to_u64()?;
                if a.bits().saturating_mul(e) > MAX_INT_BITS {
                    return None;
                }
                num_traits::pow(a, e as usize)
            }
            O::LShift => {
                let s = b.to_u64()?;
                if a.bits() + s > MAX_INT_BITS {
                    return None;
                }
                a << s as usize
            }
            O::RShift => {
                let s = b.to_u64()?;
                a >> s.min(4096) as usize
            }
            O::BitAnd => a & b,
            O::BitOr => a | b,
            O::BitXor => a ^ b,
            O::Div => {
                // True division of ints: exact operands give Python's correctly rounded result.
                const EXACT: u64 = 53;
                if b.is_zero() || a.bits() > EXACT || b.bits() > EXACT {
                    return None;
                }
                return Some(Const::Float(a.to_f64()? / b.to_f64()?));
            }
            O::MatMult => return None,
        };
        return Some(int_const(&res));
    }
    let is_num = |c: &Const| {
        matches!(
            c,
            Const::Int(_) | Const::BigInt(_) | Const::Bool(_) | Const::Float(_)
        )
    };
    if is_num(l) && is_num(r) && (matches!(l, Const::Float(_)) || matches!(r, Const::Float(_))) {
        let a = const_to_f64(l)?;
        let b = const_to_f64(r)?;
        let v = match op {
            O::Add => a + b,
            O::Sub => a - b,
            O::Mult => a * b,
            O::Div if b != 0.0 => a / b,
            O::FloorDiv | O::Mod if b != 0.0 => {
                // Python's float floor division and modulo (floatobject.c's divmod).
                let mut m = a % b;
                let mut div = (a - m) / b;
                if m != 0.0 {
                    if (b < 0.0) != (m < 0.0) {
                        m += b;
                        div -= 1.0;
                    }
                } else {
                    m = 0.0f64.copysign(b);
                }
                let fd = if div != 0.0 {
                    let f = div.floor();
                    if div - f > 0.5 {
                        f + 1.0
                    } else {
                        f
                    }
                } else {
                    0.0f64.copysign(a / b)
                };
                if matches!(op, O::FloorDiv) {
                    fd
                } else {
                    m
                }
            }
            O::Pow => {
                if (a < 0.0 && b.fract() != 0.0) || (a == 0.0 && b < 0.0) {
                    return None;
                }
                let p = a.powf(b);
                // Python raises OverflowError where C's pow overflows to infinity.
                if !p.is_finite() && a.is_finite() && b.is_finite() {
                    return None;
                }
                p
            }
            _ => return None,
        };
        return Some(Const::Float(v));
    }
    let as_complex = |c: &Const| -> Option<(f64, f64)> {
        match c {
            Const::Complex { re, im } => Some((*re, *im)),
            _ => const_to_f64(c).map(|f| (f, 0.0)),
        }
    };
    if (matches!(l, Const::Complex { .. }) || matches!(r, Const::Complex { .. }))
        && !matches!(l, Const::Str(_) | Const::Bytes(_) | Const::Tuple(_))
        && !matches!(r, Const::Str(_) | Const::Bytes(_) | Const::Tuple(_))
    {
        let (a, b) = as_complex(l)?;
        let (c, d) = as_complex(r)?;
        return match op {
            O::Add => Some(Const::Complex {
                re: a + c,
                im: b + d,
            }),
            O::Sub => Some(Const::Complex {
                re: a - c,
                im: b - d,
            }),
            O::Mult => Some(Const::Complex {
                re: a * c - b * d,
                im: a * d + b * c,
            }),
            O::Div => {
                // CPython's _Py_c_quot (Smith's algorithm).
                let (abs_c, abs_d) = (c.abs(), d.abs());
                if abs_c >= abs_d {
                    if abs_c == 0.0 {
                        return None;
                    }
                    let ratio = d / c;
                    let denom = c + d * ratio;
                    Some(Const::Complex {
                        re: (a + b * ratio) / denom,
                        im: (b - a * ratio) / denom,
                    })
                } else if abs_d >= abs_c {
                    let ratio = c / d;
                    let denom = c * ratio + d;
                    Some(Const::Complex {
                        re: (a * ratio + b) / denom,
                        im: (b * ratio - a) / denom,
                    })
                } else {
                    None
                }
            }
            _ => None,
        };
    }
    if matches!(op, O::Div) && is_int(l) && is_int(r) {
        let b = const_to_f64(r)?;
        if b == 0.0 {
            return None;
        }
        return Some(Const::Float(const_to_f64(l)? / b));
    }
    match (l, op, r) {
        // Concatenation has no size limit in CPython's folding (only repetition does).
        (Const::Str(a), O::Add, Const::Str(b)) => Some(Const::Str(format!("{a}{b}"))),
        (Const::Bytes(a), O::Add, Const::Bytes(b)) => {
            let mut v = a.clone();
            v.extend_from_slice(b);
            Some(Const::Bytes(v))
        }
        (Const::Tuple(a), O::Add, Const::Tuple(b)) => {
            Some(Const::Tuple(a.iter().chain(b).cloned().collect()))
        }
        (Const::Str(_) | Const::Bytes(_) | Const::Tuple(_), O::Mult, Const::Int(_))
        | (Const::Int(_), O::Mult, Const::Str(_) | Const::Bytes(_) | Const::Tuple(_)) => {
            // safe_multiply: sequences repeated up to CPython's size limits.
            let (seq, n) = match (l, r) {
                (Const::Int(n), s) | (s, Const::Int(n)) => (s, (*n).max(0) as usize),
                _ => return None,
            };
            match seq {
                Const::Str(a) if a.chars().count().saturating_mul(n) <= MAX_STR_SIZE => {
                    Some(Const::Str(a.repeat(n)))
                }
                Const::Bytes(a) if a.len().saturating_mul(n) <= MAX_STR_SIZE => {
                    Some(Const::Bytes(a.repeat(n)))
                }
                Const::Tuple(t) if t.len().saturating_mul(n) <= 256 => Some(Const::Tuple(
                    t.iter().cloned().cycle().take(t.len() * n).collect(),
                )),
                _ => None,
            }
        }
        _ => None,
    }
}

pub(crate) fn binop_arg(op: ast::Operator, inplace: bool) -> u32 {
    use ast::Operator as O;
    let b = match op {
        O::Add => BinaryOp::Add,
        O::Sub => BinaryOp::Subtract,
        O::Mult => BinaryOp::Multiply,
        O::MatMult => BinaryOp::MatrixMultiply,
        O::Div => BinaryOp::TrueDivide,
        O::Mod => BinaryOp::Remainder,
        O::Pow => BinaryOp::Power,
        O::LShift => BinaryOp::Lshift,
        O::RShift => BinaryOp::Rshift,
        O::BitOr => BinaryOp::Or,
        O::BitXor => BinaryOp::Xor,
        O::BitAnd => BinaryOp::And,
        O::FloorDiv => BinaryOp::FloorDivide,
    };
    b as u32 + if inplace { 13 } else { 0 }
}

pub(crate) enum FormatPart<'a> {
    Lit(String),
    Arg {
        expr: &'a ast::Expr,
        conv: u32,
        spec: Option<String>,
    },
}

/// CPython's optimize_format: `'...%s...' % (a, b)` with only `%s`/`%r`/`%a` units (and
/// `-`, width, precision) becomes an f-string. Returns None when the rewrite does not apply.
pub(crate) fn percent_format(b: &ast::ExprBinOp) -> Option<Vec<FormatPart<'_>>> {
    if !matches!(b.op, ast::Operator::Mod) {
        return None;
    }
    let Some(Const::Str(fmt)) = fold_const(&b.left) else {
        return None;
    };
    let ast::Expr::Tuple(t) = &*b.right else {
        return None;
    };
    if has_starred(&t.elts) || fold_const(&b.right).is_some() {
        return None;
    }
    let chars: Vec<char> = fmt.chars().collect();
    let mut parts = Vec::new();
    let mut pos = 0;
    let mut cnt = 0;
    loop {
        let start = pos;
        let mut lit = String::new();
        while pos < chars.len() {
            if chars[pos] != '%' {
                lit.push(chars[pos]);
                pos += 1;
            } else if pos + 1 < chars.len() && chars[pos + 1] == '%' {
                lit.push('%');
                pos += 2;
            } else {
                break;
            }
        }
        if pos != start {
            parts.push(FormatPart::Lit(lit));
        }
        if pos >= chars.len() {
            break;
        }
        if cnt >= t.elts.len() {
            return None;
        }
        pos += 1;
        let mut ljust = false;
        let next = |pos: &mut usize| -> Option<char> {
            let c = chars.get(*pos).copied();
            *pos += 1;
            c
        };
        let mut ch = next(&mut pos)?;
        loop {
            match ch {
                '-' => {
                    ljust = true;
                    ch = next(&mut pos)?;
                }
                '+' | ' ' | '#' | '0' => return None,
                _ => break,
            }
        }
        let mut width: i64 = -1;
        if ch.is_ascii_digit() {
            width = 0;
            let mut digits = 0;
            while ch.is_ascii_digit() {
                width = width * 10 + (ch as i64 - '0' as i64);
                ch = next(&mut pos)?;
                digits += 1;
                if digits >= 3 {
                    return None;
                }
            }
        }
        let mut prec: i64 = -1;
        if ch == '.' {
            ch = next(&mut pos)?;
            prec = 0;
            let mut digits = 0;
            while ch.is_ascii_digit() {
                prec = prec * 10 + (ch as i64 - '0' as i64);
                ch = next(&mut pos)?;
                digits += 1;
                if digits >= 3 {
                    return None;
                }
            }
        }
        let conv = match ch {
            's' => format_value::CONV_STR,
            'r' => format_value::CONV_REPR,
            'a' => format_value::CONV_ASCII,
            _ => return None,
        };
        let mut spec = String::new();
        if !ljust && width > 0 {
            spec.push('>');
        }
        if width >= 0 {
            spec.push_str(&width.to_string());
        }
        if prec >= 0 {
            spec.push_str(&format!(".{prec}"));
        }
        parts.push(FormatPart::Arg {
            expr: &t.elts[cnt],
            conv,
            spec: if spec.is_empty() { None } else { Some(spec) },
        });
        cnt += 1;
    }
    if cnt < t.elts.len() {
        return None;
    }
    Some(parts)
}

/// `not (a in b)` and friends: CPython's AST optimiser turns them into `a not in b`.
pub(crate) fn inverted_compare(e: &ast::Expr) -> Option<(&ast::Expr, ast::CmpOp, &ast::Expr)> {
    let ast::Expr::UnaryOp(u) = e else {
        return None;
    };
    if !matches!(u.op, ast::UnaryOp::Not) {
        return None;
    }
    let ast::Expr::Compare(c) = &*u.operand else {
        return None;
    };
    if c.ops.len() != 1 {
        return None;
    }
    let op = match c.ops[0] {
        ast::CmpOp::Is => ast::CmpOp::IsNot,
        ast::CmpOp::IsNot => ast::CmpOp::Is,
        ast::CmpOp::In => ast::CmpOp::NotIn,
        ast::CmpOp::NotIn => ast::CmpOp::In,
        _ => return None,
    };
    Some((&c.left, op, &c.comparators[0]))
}

/// Set semantics for a frozenset constant: equal elements (1, 1.0 and True are equal)
/// keep their first occurrence.
pub(crate) fn dedup_set(items: Vec<Const>) -> Vec<Const> {
    let int = |c: &Const| -> Option<i64> {
        match c {
            Const::Int(i) => Some(*i),
            Const::Bool(b) => Some(*b as i64),
            _ => None,
        }
    };
    let float = |c: &Const| -> Option<f64> {
        match c {
            Const::Float(f) => Some(*f),
            Const::Complex { re, im } if *im == 0.0 => Some(*re),
            _ => None,
        }
    };
    let same = |a: &Const, b: &Const| -> bool {
        match (int(a), int(b), float(a), float(b)) {
            (Some(x), Some(y), _, _) => x == y,
            (Some(x), None, _, Some(y)) | (None, Some(x), Some(y), _) => {
                y.fract() == 0.0 && y == x as f64 && (y as i64) == x
            }
            (None, None, Some(x), Some(y)) => x == y,
            _ => a == b,
        }
    };
    let mut out: Vec<Const> = Vec::with_capacity(items.len());
    for c in items {
        let dup = out.iter().any(|o| same(o, &c));
        if !dup {
            out.push(c);
        }
    }
    out
}

/// A keyword argument's name, NFKC-normalised as CPython's parser does.
fn kw_name(k: &ast::Keyword) -> String {
    k.arg
        .as_ref()
        .map(|a| crate::compiler::symtable::normalize_identifier(a).into_owned())
        .unwrap_or_default()
}

fn has_starred(v: &[ast::Expr]) -> bool {
    v.iter().any(|e| matches!(e, ast::Expr::Starred(_)))
}

impl<'a> Compiler<'a> {
    /// Compiles one expression, with its location (CPython's compiler_visit_expr).
    pub fn expr(&mut self, e: &'a ast::Expr) -> CResult {
        self.enter_recursion(e.range())?;
        let saved = self.u().loc;
        let r = self.node_range(e);
        self.set_loc(r);
        let r = self.expr_inner(e);
        self.u().loc = saved;
        self.leave_recursion();
        r
    }

    pub fn exprs(&mut self, v: &'a [ast::Expr]) -> CResult {
        for e in v {
            self.expr(e)?;
        }
        Ok(())
    }

    fn expr_inner(&mut self, e: &'a ast::Expr) -> CResult {
        use ast::Expr as E;
        if matches!(
            e,
            E::Tuple(_) | E::UnaryOp(_) | E::BinOp(_) | E::Subscript(_)
        ) {
            if let Some(c) = fold_const(e) {
                self.load_const(c);
                return Ok(());
            }
        }
        match e {
            E::NamedExpr(n) => {
                self.expr(&n.value)?;
                self.emit(Op::COPY, 1);
                self.store_target(&n.target)?;
            }
            E::BoolOp(b) => {
                let end = self.new_block();
                let jop = match b.op {
                    ast::BoolOp::And => Op::JUMP_IF_FALSE_OR_POP,
                    ast::BoolOp::Or => Op::JUMP_IF_TRUE_OR_POP,
                };
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < n {
                        self.emit_jump(jop, end);
                        self.next_block();
                    }
                }
                self.use_block(end);
            }
            E::BinOp(b) => {
                if let Some(parts) = percent_format(b) {
                    return self.format_parts(parts);
                }
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.emit(Op::BINARY_OP, binop_arg(b.op, false));
            }
            E::UnaryOp(_) if inverted_compare(e).is_some() => {
                if let Some((l, op, r)) = inverted_compare(e) {
                    self.expr(l)?;
                    self.expr(r)?;
                    self.emit_compare(&op);
                }
            }
            E::UnaryOp(u) => {
                self.expr(&u.operand)?;
                let op = match u.op {
                    ast::UnaryOp::Invert => Op::UNARY_INVERT,
                    ast::UnaryOp::Not => Op::UNARY_NOT,
                    ast::UnaryOp::UAdd => Op::UNARY_POSITIVE,
                    ast::UnaryOp::USub => Op::UNARY_NEGATIVE,
                };
                self.emit0(op);
            }
            E::Lambda(l) => self.lambda(e, l)?,
            E::IfExp(i) => {
                let end = self.new_block();
                let next = self.new_block();
                self.jump_if(&i.test, next, false)?;
                self.expr(&i.body)?;
                self.emit_jump_noline(Op::JUMP, end);
                self.use_block(next);
                self.expr(&i.orelse)?;
                self.use_block(end);
            }
            E::Dict(d) => self.dict(d)?,
            E::Set(s) => self.starunpack(
                &s.elts,
                0,
                Op::BUILD_SET,
                Op::SET_ADD,
                Op::SET_UPDATE,
                false,
            )?,
            E::List(l) => match l.ctx {
                ast::ExprContext::Load => self.starunpack(
                    &l.elts,
                    0,
                    Op::BUILD_LIST,
                    Op::LIST_APPEND,
                    Op::LIST_EXTEND,
                    false,
                )?,
                ast::ExprContext::Store => self.assignment_helper(&l.elts)?,
                ast::ExprContext::Del => {
                    for x in &l.elts {
                        self.expr(x)?;
                    }
                }
            },
            E::Tuple(t) => match t.ctx {
                ast::ExprContext::Load => self.starunpack(
                    &t.elts,
                    0,
                    Op::BUILD_LIST,
                    Op::LIST_APPEND,
                    Op::LIST_EXTEND,
                    true,
                )?,
                ast::ExprContext::Store => self.assignment_helper(&t.elts)?,
                ast::ExprContext::Del => {
                    for x in &t.elts {
                        self.expr(x)?;
                    }
                }
            },
            E::ListComp(_) | E::SetComp(_) | E::DictComp(_) | E::GeneratorExp(_) => {
                self.comprehension(e)?
            }
            E::Yield(y) => {
                if !self.st.scopes[self.ur().scope].is_function() {
                    return Err(self.error("'yield' outside function", y.range));
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.emit_yield();
            }
            E::YieldFrom(y) => {
                if !self.st.scopes[self.ur().scope].is_function() {
                    return Err(self.error("'yield' outside function", y.range));
                }
                if self.ur().kind == UnitKind::AsyncFunction {
                    return Err(self.error("'yield from' inside async function", y.range));
                }
                self.expr(&y.value)?;
                self.emit0(Op::GET_YIELD_FROM_ITER);
                self.load_const(Const::None);
                self.add_yield_from(false);
            }
            E::Await(a) => {
                if !self.st.scopes[self.ur().scope].is_function() {
                    return Err(self.error("'await' outside function", a.range));
                }
                if !matches!(
                    self.ur().kind,
                    UnitKind::AsyncFunction | UnitKind::Comprehension
                ) {
                    return Err(self.error("'await' outside async function", a.range));
                }
                self.expr(&a.value)?;
                self.emit(Op::GET_AWAITABLE, 0);
                self.load_const(Const::None);
                self.add_yield_from(true);
            }
            E::Compare(c) => self.compare(c)?,
            E::Call(c) => self.call(c)?,
            E::FormattedValue(f) => self.formatted_value(f)?,
            E::JoinedStr(j) => self.joined_str(j)?,
            E::Constant(c) => self.load_const(constant_to_const(&c.value)),
            E::Attribute(a) => {
                self.expr(&a.value)?;
                self.match_attr_line(a);
                match a.ctx {
                    ast::ExprContext::Load => self.emit_name(Op::LOAD_ATTR, &a.attr),
                    ast::ExprContext::Store => {
                        self.note_self_attribute(a);
                        self.emit_name(Op::STORE_ATTR, &a.attr)
                    }
                    ast::ExprContext::Del => self.emit_name(Op::DELETE_ATTR, &a.attr),
                }
            }
            E::Subscript(s) => {
                self.expr(&s.value)?;
                if let E::Starred(_) = &*s.slice {
                    // PEP 646 `a[*b]`: rustpython gives the Starred itself, CPython a
                    // one-element tuple.
                    self.starunpack(
                        std::slice::from_ref(&*s.slice),
                        0,
                        Op::BUILD_LIST,
                        Op::LIST_APPEND,
                        Op::LIST_EXTEND,
                        true,
                    )?;
                } else {
                    self.expr(&s.slice)?;
                }
                match s.ctx {
                    ast::ExprContext::Load => self.emit0(Op::BINARY_SUBSCR),
                    ast::ExprContext::Store => self.emit0(Op::STORE_SUBSCR),
                    ast::ExprContext::Del => self.emit0(Op::DELETE_SUBSCR),
                }
            }
            E::Starred(s) => {
                return Err(match s.ctx {
                    ast::ExprContext::Store => self.error(
                        "starred assignment target must be in a list or tuple",
                        s.range,
                    ),
                    _ => self.error("can't use starred expression here", s.range),
                });
            }
            E::Slice(s) => {
                let mut n = 2;
                match &s.lower {
                    Some(x) => self.expr(x)?,
                    None => self.load_const(Const::None),
                }
                match &s.upper {
                    Some(x) => self.expr(x)?,
                    None => self.load_const(Const::None),
                }
                if let Some(x) = &s.step {
                    self.expr(x)?;
                    n = 3;
                }
                self.emit(Op::BUILD_SLICE, n);
            }
            E::Name(n) => self.nameop(&n.id, NameCtx::from(&n.ctx), n.range)?,
        }
        Ok(())
    }

    /// update_start_location_to_match_attr (CPython 3.11): when the attribute name is on a
    /// later line than the current location starts, the location starts at the name.
    pub fn match_attr_line(&mut self, a: &ast::ExprAttribute) {
        let al = self.loc_of(a.range);
        let loc = &mut self.u().loc;
        if loc.line != al.end_line {
            loc.line = al.end_line;
            let len = a.attr.chars().count() as u32;
            if len <= al.end_col {
                loc.col = al.end_col - len;
            }
            loc.end_line = loc.end_line.max(loc.line);
            if loc.line == loc.end_line {
                loc.end_col = loc.end_col.max(loc.col);
            }
        }
    }

    fn note_self_attribute(&mut self, a: &ast::ExprAttribute) {
        if let ast::Expr::Name(n) = &*a.value {
            let u = self.ur();
            if u.self_name.as_deref() == Some(n.id.as_str())
                && !u.self_attributes.iter().any(|x| x == a.attr.as_str())
            {
                let s = a.attr.to_string();
                self.u().self_attributes.push(s);
            }
        }
    }

    /// Stores TOS into an assignment target.
    pub fn store_target(&mut self, t: &'a ast::Expr) -> CResult {
        self.expr(t)
    }

    pub fn emit_yield(&mut self) {
        let scope = &self.st.scopes[self.ur().scope];
        if scope.generator && scope.coroutine {
            self.emit0(Op::ASYNC_GEN_WRAP);
        }
        self.emit0(Op::YIELD_VALUE);
    }

    /// The SEND loop of `yield from` / `await` (CPython 3.11's compiler_add_yield_from).
    pub fn add_yield_from(&mut self, _await: bool) {
        let send = self.new_block();
        let exit = self.new_block();
        self.use_block(send);
        self.emit_jump(Op::SEND, exit);
        self.emit0(Op::YIELD_VALUE);
        self.emit_jump(Op::JUMP_NO_INTERRUPT, send);
        self.use_block(exit);
    }

    fn assignment_helper(&mut self, elts: &'a [ast::Expr]) -> CResult {
        let n = elts.len();
        let mut seen_star = false;
        for (i, e) in elts.iter().enumerate() {
            if matches!(e, ast::Expr::Starred(_)) {
                if seen_star {
                    return Err(self.error_here("multiple starred expressions in assignment"));
                }
                if i >= 256 || n - i > (i32::MAX >> 8) as usize {
                    return Err(
                        self.error_here("too many expressions in star-unpacking assignment")
                    );
                }
                self.emit(Op::UNPACK_EX, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.emit(Op::UNPACK_SEQUENCE, n as u32);
        }
        for e in elts {
            match e {
                ast::Expr::Starred(s) => self.expr(&s.value)?,
                _ => self.expr(e)?,
            }
        }
        Ok(())
    }

    /// starunpack_helper: builds a list/set/tuple from elements that may be starred.
    pub fn starunpack(
        &mut self,
        elts: &'a [ast::Expr],
        pushed: u32,
        build: Op,
        add: Op,
        extend: Op,
        tuple: bool,
    ) -> CResult {
        let n = elts.len();
        if n > 2 {
            let consts: Option<Vec<Const>> = elts
                .iter()
                .map(|e| {
                    if matches!(e, ast::Expr::Starred(_)) {
                        None
                    } else {
                        fold_const(e)
                    }
                })
                .collect();
            if let Some(items) = consts {
                if tuple && pushed == 0 {
                    self.load_const(Const::Tuple(items));
                } else {
                    self.emit(build, pushed);
                    let c = if add == Op::SET_ADD {
                        Const::FrozenSet(dedup_set(items))
                    } else {
                        Const::Tuple(items)
                    };
                    self.load_const(c);
                    self.emit(extend, 1);
                    if tuple {
                        self.emit0(Op::LIST_TO_TUPLE);
                    }
                }
                return Ok(());
            }
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = has_starred(elts);
        if !seen_star && !big {
            for e in elts {
                self.expr(e)?;
            }
            self.emit(
                if tuple { Op::BUILD_TUPLE } else { build },
                n as u32 + pushed,
            );
            return Ok(());
        }
        let mut built = false;
        if big {
            self.emit(build, pushed);
            built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let ast::Expr::Starred(s) = e {
                if !built {
                    self.emit(build, i as u32 + pushed);
                    built = true;
                }
                self.expr(&s.value)?;
                self.emit(extend, 1);
            } else {
                self.expr(e)?;
                if built {
                    self.emit(add, 1);
                }
            }
        }
        if tuple {
            self.emit0(Op::LIST_TO_TUPLE);
        }
        Ok(())
    }

    fn subdict(&mut self, d: &'a ast::ExprDict, begin: usize, end: usize) -> CResult {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            let keys: Option<Vec<Const>> = d.keys[begin..end]
                .iter()
                .map(|k| k.as_ref().and_then(fold_const))
                .collect();
            if let Some(keys) = keys {
                for v in &d.values[begin..end] {
                    self.expr(v)?;
                }
                self.load_const(Const::Tuple(keys));
                self.emit(Op::BUILD_CONST_KEY_MAP, n as u32);
                return Ok(());
            }
        }
        if big {
            self.emit(Op::BUILD_MAP, 0);
        }
        for i in begin..end {
            if let Some(k) = &d.keys[i] {
                self.expr(k)?;
            }
            self.expr(&d.values[i])?;
            if big {
                self.emit(Op::MAP_ADD, 1);
            }
        }
        if !big {
            self.emit(Op::BUILD_MAP, n as u32);
        }
        Ok(())
    }

    fn dict(&mut self, d: &'a ast::ExprDict) -> CResult {
        let n = d.values.len();
        let mut have_dict = false;
        let mut elements = 0usize;
        for i in 0..n {
            let is_unpacking = d.keys.get(i).is_none_or(|k| k.is_none());
            if is_unpacking {
                if elements > 0 {
                    self.subdict(d, i - elements, i)?;
                    if have_dict {
                        self.emit(Op::DICT_UPDATE, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.emit(Op::BUILD_MAP, 0);
                    have_dict = true;
                }
                self.expr(&d.values[i])?;
                self.emit(Op::DICT_UPDATE, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(d, i - elements, i + 1)?;
                if have_dict {
                    self.emit(Op::DICT_UPDATE, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(d, n - elements, n)?;
            if have_dict {
                self.emit(Op::DICT_UPDATE, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.emit(Op::BUILD_MAP, 0);
        }
        Ok(())
    }

    /// A comparison operand; the last one of `in`/`not in` goes through fold_iter.
    fn compare_operand(&mut self, c: &'a ast::ExprCompare, i: usize) -> CResult {
        let e = &c.comparators[i];
        if i + 1 == c.ops.len() && matches!(c.ops[i], ast::CmpOp::In | ast::CmpOp::NotIn) {
            return self.iter_expr(e);
        }
        self.expr(e)
    }

    /// CPython's fold_iter: a list display being iterated or searched becomes a tuple, and a
    /// set display of constants a frozenset constant.
    pub fn iter_expr(&mut self, e: &'a ast::Expr) -> CResult {
        match e {
            ast::Expr::List(l)
                if matches!(l.ctx, ast::ExprContext::Load) && !has_starred(&l.elts) =>
            {
                let saved = self.u().loc;
                self.set_loc(l.range);
                let consts: Option<Vec<Const>> = l.elts.iter().map(fold_const).collect();
                match consts {
                    Some(items) => self.load_const(Const::Tuple(items)),
                    None => self.starunpack(
                        &l.elts,
                        0,
                        Op::BUILD_LIST,
                        Op::LIST_APPEND,
                        Op::LIST_EXTEND,
                        true,
                    )?,
                }
                self.u().loc = saved;
                Ok(())
            }
            ast::Expr::Set(st) => {
                let consts: Option<Vec<Const>> = st
                    .elts
                    .iter()
                    .map(|x| {
                        if matches!(x, ast::Expr::Starred(_)) {
                            None
                        } else {
                            fold_const(x)
                        }
                    })
                    .collect();
                match consts {
                    Some(items) => {
                        let saved = self.u().loc;
                        self.set_loc(st.range);
                        self.load_const(Const::FrozenSet(dedup_set(items)));
                        self.u().loc = saved;
                        Ok(())
                    }
                    None => self.expr(e),
                }
            }
            _ => self.expr(e),
        }
    }

    pub fn emit_compare(&mut self, op: &ast::CmpOp) {
        use ast::CmpOp as C;
        match op {
            C::Is => self.emit(Op::IS_OP, 0),
            C::IsNot => self.emit(Op::IS_OP, 1),
            C::In => self.emit(Op::CONTAINS_OP, 0),
            C::NotIn => self.emit(Op::CONTAINS_OP, 1),
            C::Eq => self.emit(Op::COMPARE_OP, CompareOp::Eq as u32),
            C::NotEq => self.emit(Op::COMPARE_OP, CompareOp::Ne as u32),
            C::Lt => self.emit(Op::COMPARE_OP, CompareOp::Lt as u32),
            C::LtE => self.emit(Op::COMPARE_OP, CompareOp::Le as u32),
            C::Gt => self.emit(Op::COMPARE_OP, CompareOp::Gt as u32),
            C::GtE => self.emit(Op::COMPARE_OP, CompareOp::Ge as u32),
        }
    }

    fn compare(&mut self, c: &'a ast::ExprCompare) -> CResult {
        self.expr(&c.left)?;
        let n = c.ops.len();
        if n == 0 {
            return Ok(());
        }
        if n == 1 {
            self.compare_operand(c, 0)?;
            self.emit_compare(&c.ops[0]);
            return Ok(());
        }
        let cleanup = self.new_block();
        for i in 0..n - 1 {
            self.expr(&c.comparators[i])?;
            self.emit(Op::SWAP, 2);
            self.emit(Op::COPY, 2);
            self.emit_compare(&c.ops[i]);
            self.emit_jump(Op::JUMP_IF_FALSE_OR_POP, cleanup);
            self.next_block();
        }
        self.compare_operand(c, n - 1)?;
        self.emit_compare(&c.ops[n - 1]);
        let end = self.new_block();
        self.emit_jump_noline(Op::JUMP, end);
        self.use_block(cleanup);
        self.emit(Op::SWAP, 2);
        self.emit0(Op::POP_TOP);
        self.use_block(end);
        Ok(())
    }

    /// compiler_jump_if: jumps to `next` if `e` is `cond`, falling through otherwise.
    pub fn jump_if(&mut self, e: &'a ast::Expr, next: BlockId, cond: bool) -> CResult {
        self.enter_recursion(e.range())?;
        let r = self.jump_if_inner(e, next, cond);
        self.leave_recursion();
        r?;
        Ok(())
    }

    fn jump_if_inner(&mut self, e: &'a ast::Expr, next: BlockId, cond: bool) -> CResult {
        use ast::Expr as E;
        match e {
            E::UnaryOp(u) if matches!(u.op, ast::UnaryOp::Not) && inverted_compare(e).is_none() => {
                return self.jump_if(&u.operand, next, !cond)
            }
            E::BoolOp(b) => {
                let cond2 = matches!(b.op, ast::BoolOp::Or);
                let next2 = if cond2 != cond {
                    self.new_block()
                } else {
                    next
                };
                let n = b.values.len();
                for v in &b.values[..n.saturating_sub(1)] {
                    self.jump_if(v, next2, cond2)?;
                    self.next_block();
                }
                if let Some(last) = b.values.last() {
                    self.jump_if(last, next, cond)?;
                }
                if next2 != next {
                    self.use_block(next2);
                }
                return Ok(());
            }
            E::IfExp(i) => {
                let end = self.new_block();
                let next2 = self.new_block();
                self.jump_if(&i.test, next2, false)?;
                self.next_block();
                self.jump_if(&i.body, next, cond)?;
                self.emit_jump_noline(Op::JUMP, end);
                self.use_block(next2);
                self.jump_if(&i.orelse, next, cond)?;
                self.use_block(end);
                return Ok(());
            }
            E::Compare(c) if c.ops.len() > 1 => {
                let n = c.ops.len() - 1;
                let cleanup = self.new_block();
                // CPython 3.11 sets the comparison's location here and leaves it set.
                self.set_loc(c.range);
                self.expr(&c.left)?;
                for i in 0..n {
                    self.expr(&c.comparators[i])?;
                    self.emit(Op::SWAP, 2);
                    self.emit(Op::COPY, 2);
                    self.emit_compare(&c.ops[i]);
                    self.emit_jump(Op::POP_JUMP_IF_FALSE, cleanup);
                    self.next_block();
                }
                self.compare_operand(c, n)?;
                self.emit_compare(&c.ops[n]);
                self.emit_jump(
                    if cond {
                        Op::POP_JUMP_IF_TRUE
                    } else {
                        Op::POP_JUMP_IF_FALSE
                    },
                    next,
                );
                self.next_block();
                let end = self.new_block();
                self.emit_jump_noline(Op::JUMP, end);
                self.use_block(cleanup);
                self.emit0(Op::POP_TOP);
                if !cond {
                    self.emit_jump_noline(Op::JUMP, next);
                }
                self.use_block(end);
                return Ok(());
            }
            _ => {}
        }
        // A comparison's conditional jump carries the comparison's location, and CPython
        // 3.11 leaves that location set for what follows.
        if matches!(e, E::Compare(_)) {
            self.set_loc(e.range());
        }
        if let Some((l, op, r)) = inverted_compare(e) {
            self.expr(l)?;
            self.expr(r)?;
            self.emit_compare(&op);
        } else {
            self.expr(e)?;
        }
        self.emit_jump(
            if cond {
                Op::POP_JUMP_IF_TRUE
            } else {
                Op::POP_JUMP_IF_FALSE
            },
            next,
        );
        self.next_block();
        Ok(())
    }

    // ---- calls ----

    /// The range CPython gives `e`: a generator expression that is a call's sole argument
    /// includes the call's parentheses (rustpython-parser's range excludes them).
    pub fn node_range(&self, e: &ast::Expr) -> TextRange {
        if let ast::Expr::GeneratorExp(_) = e {
            if let Some(r) = self.genexp_ranges.get(&(e as *const ast::Expr as usize)) {
                return *r;
            }
        }
        e.range()
    }

    fn note_sole_genexp(&mut self, c: &'a ast::ExprCall) {
        if c.args.len() != 1 || !c.keywords.is_empty() {
            return;
        }
        let g = &c.args[0];
        if !matches!(g, ast::Expr::GeneratorExp(_)) {
            return;
        }
        let text = self.src.text.as_bytes();
        let gs = u32::from(g.range().start()) as usize;
        if text.get(gs) == Some(&b'(') {
            return;
        }
        // Walk back from the generator to the call's opening parenthesis.
        let fe = u32::from(c.func.range().end()) as usize;
        let mut p = gs;
        while p > fe {
            p -= 1;
            if text.get(p) == Some(&b'(') {
                let r = TextRange::new((p as u32).into(), c.range.end());
                self.genexp_ranges.insert(g as *const ast::Expr as usize, r);
                return;
            }
        }
    }

    fn call(&mut self, c: &'a ast::ExprCall) -> CResult {
        self.note_sole_genexp(c);
        if self.maybe_method_call(c)? {
            return Ok(());
        }
        let saved = self.u().loc;
        self.set_loc(c.func.range());
        self.emit0(Op::PUSH_NULL);
        self.u().loc = saved;
        self.expr(&c.func)?;
        self.call_helper(0, &c.args, &c.keywords)
    }

    fn maybe_method_call(&mut self, c: &'a ast::ExprCall) -> CResult<bool> {
        let ast::Expr::Attribute(meth) = &*c.func else {
            return Ok(false);
        };
        if !matches!(meth.ctx, ast::ExprContext::Load) {
            return Ok(false);
        }
        let argsl = c.args.len();
        let kwdsl = c.keywords.len();
        if argsl + kwdsl + usize::from(kwdsl != 0) >= STACK_USE_GUIDELINE {
            return Ok(false);
        }
        if has_starred(&c.args) || c.keywords.iter().any(|k| k.arg.is_none()) {
            return Ok(false);
        }
        // is_import_originated: methods of imported modules are plain attribute calls.
        if let ast::Expr::Name(n) = &*meth.value {
            if self.st.scopes[0].flags(n.id.as_str()) & crate::compiler::symtable::DEF_IMPORT != 0 {
                return Ok(false);
            }
        }
        self.validate_keywords(&c.keywords)?;
        self.expr(&meth.value)?;
        let saved = self.u().loc;
        self.set_loc(meth.range);
        self.match_attr_line(meth);
        self.emit_name(Op::LOAD_METHOD, &meth.attr);
        // The call's location, starting at the method name, holds until the CALL.
        self.u().loc = saved;
        self.match_attr_line(meth);
        self.exprs(&c.args)?;
        if kwdsl > 0 {
            for k in &c.keywords {
                self.expr(&k.value)?;
            }
            self.kw_names(&c.keywords);
        }
        self.emit(Op::CALL, (argsl + kwdsl) as u32);
        self.u().loc = saved;
        Ok(true)
    }

    fn validate_keywords(&mut self, kws: &'a [ast::Keyword]) -> CResult {
        for (i, k) in kws.iter().enumerate() {
            let Some(name) = &k.arg else { continue };
            if name.as_str() == "__debug__" {
                return Err(self.error("cannot assign to __debug__", k.range));
            }
            for k2 in &kws[i + 1..] {
                if k2.arg.as_ref().is_some_and(|n| n == name) {
                    return Err(self.error(format!("keyword argument repeated: {name}"), k2.range));
                }
            }
        }
        Ok(())
    }

    fn kw_names(&mut self, kws: &[ast::Keyword]) {
        let names: Vec<Const> = kws.iter().map(|k| Const::Str(kw_name(k))).collect();
        let i = self.add_const(Const::Tuple(names));
        self.emit(Op::KW_NAMES, i);
    }

    /// compiler_call_helper: `n` arguments are already on the stack (class name, ...).
    pub fn call_helper(
        &mut self,
        n: u32,
        args: &'a [ast::Expr],
        kws: &'a [ast::Keyword],
    ) -> CResult {
        self.validate_keywords(kws)?;
        let nelts = args.len();
        let nkw = kws.len();
        let ex_call = nelts + nkw * 2 > STACK_USE_GUIDELINE
            || has_starred(args)
            || kws.iter().any(|k| k.arg.is_none());
        if !ex_call {
            self.exprs(args)?;
            if nkw > 0 {
                for k in kws {
                    self.expr(&k.value)?;
                }
                self.kw_names(kws);
            }
            self.emit(Op::CALL, n + (nelts + nkw) as u32);
            return Ok(());
        }
        if n == 0 && nelts == 1 {
            if let ast::Expr::Starred(s) = &args[0] {
                self.expr(&s.value)?;
            } else {
                self.starunpack(
                    args,
                    n,
                    Op::BUILD_LIST,
                    Op::LIST_APPEND,
                    Op::LIST_EXTEND,
                    true,
                )?;
            }
        } else {
            self.starunpack(
                args,
                n,
                Op::BUILD_LIST,
                Op::LIST_APPEND,
                Op::LIST_EXTEND,
                true,
            )?;
        }
        if nkw > 0 {
            let mut have_dict = false;
            let mut nseen = 0usize;
            for i in 0..nkw {
                if kws[i].arg.is_none() {
                    if nseen > 0 {
                        self.subkwargs(&kws[i - nseen..i])?;
                        if have_dict {
                            self.emit(Op::DICT_MERGE, 1);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.emit(Op::BUILD_MAP, 0);
                        have_dict = true;
                    }
                    self.expr(&kws[i].value)?;
                    self.emit(Op::DICT_MERGE, 1);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.subkwargs(&kws[nkw - nseen..])?;
                if have_dict {
                    self.emit(Op::DICT_MERGE, 1);
                }
            }
        }
        self.emit(Op::CALL_FUNCTION_EX, u32::from(nkw > 0));
        Ok(())
    }

    fn subkwargs(&mut self, kws: &'a [ast::Keyword]) -> CResult {
        let n = kws.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in kws {
                self.expr(&k.value)?;
            }
            let names: Vec<Const> = kws.iter().map(|k| Const::Str(kw_name(k))).collect();
            self.load_const(Const::Tuple(names));
            self.emit(Op::BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        // As CPython, the incremental map building has no location of its own.
        let saved = self.u().loc;
        if big {
            self.unset_loc();
            self.emit(Op::BUILD_MAP, 0);
            self.u().loc = saved;
        }
        for k in kws {
            self.load_const(Const::Str(kw_name(k)));
            self.expr(&k.value)?;
            if big {
                self.unset_loc();
                self.emit(Op::MAP_ADD, 1);
                self.u().loc = saved;
            }
        }
        if !big {
            self.emit(Op::BUILD_MAP, n as u32);
        }
        Ok(())
    }

    // ---- f-strings ----

    fn formatted_value(&mut self, f: &'a ast::ExprFormattedValue) -> CResult {
        self.expr(&f.value)?;
        let mut oparg = match f.conversion {
            ast::ConversionFlag::None => format_value::CONV_NONE,
            ast::ConversionFlag::Str => format_value::CONV_STR,
            ast::ConversionFlag::Repr => format_value::CONV_REPR,
            ast::ConversionFlag::Ascii => format_value::CONV_ASCII,
        };
        if let Some(spec) = &f.format_spec {
            self.expr(spec)?;
            oparg |= format_value::HAVE_SPEC;
        }
        self.emit(Op::FORMAT_VALUE, oparg);
        Ok(())
    }

    fn joined_str(&mut self, j: &'a ast::ExprJoinedStr) -> CResult {
        let n = j.values.len();
        if n == 0 {
            self.emit(Op::BUILD_STRING, 0);
            return Ok(());
        }
        // The parts of an f-string carry the location of the whole literal (CPython 3.11).
        let part = |c: &mut Self, v: &'a ast::Expr| -> CResult {
            match v {
                ast::Expr::FormattedValue(f) => c.formatted_value(f),
                ast::Expr::Constant(k) => {
                    c.load_const(constant_to_const(&k.value));
                    Ok(())
                }
                _ => c.expr(v),
            }
        };
        if n > STACK_USE_GUIDELINE {
            self.load_const(Const::Str(String::new()));
            self.emit_name(Op::LOAD_METHOD, "join");
            self.emit(Op::BUILD_LIST, 0);
            for v in &j.values {
                part(self, v)?;
                self.emit(Op::LIST_APPEND, 1);
            }
            self.emit(Op::CALL, 1);
        } else {
            for v in &j.values {
                part(self, v)?;
            }
            if n != 1 {
                self.emit(Op::BUILD_STRING, n as u32);
            }
        }
        Ok(())
    }

    /// Compiles `'%s...' % (args,)` rewritten as an f-string (CPython's optimize_format).
    fn format_parts(&mut self, parts: Vec<FormatPart<'a>>) -> CResult {
        let n = parts.len();
        let saved = self.u().loc;
        for p in &parts {
            match p {
                FormatPart::Lit(s) => {
                    // The literal pieces have no location in CPython's rewritten tree.
                    self.unset_loc();
                    self.load_const(Const::Str(s.clone()));
                    self.u().loc = saved;
                }
                FormatPart::Arg { expr, conv, spec } => {
                    self.expr(expr)?;
                    self.set_loc(expr.range());
                    let mut oparg = *conv;
                    if let Some(sp) = spec {
                        let l = self.u().loc;
                        self.unset_loc();
                        self.load_const(Const::Str(sp.clone()));
                        self.u().loc = l;
                        oparg |= format_value::HAVE_SPEC;
                    }
                    self.emit(Op::FORMAT_VALUE, oparg);
                    self.u().loc = saved;
                }
            }
        }
        if n != 1 {
            self.emit(Op::BUILD_STRING, n as u32);
        }
        Ok(())
    }
}

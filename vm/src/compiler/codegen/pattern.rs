//! `match` statements, as CPython 3.11's pattern compiler: the subject stays on the stack
//! while each case's pattern is tried; captured values accumulate on the stack (rotated
//! below the items still being examined) and are stored only once the whole pattern
//! matched; failure jumps to a "fail_pop" block that pops exactly the items pushed so far.

use rustpython_parser::ast::{self, Constant, Ranged};

use super::expr::fold_const;
use super::{BlockId, CResult, Compiler, NameCtx};
use crate::bytecode::dis::const_repr;
use crate::bytecode::{BinaryOp, CompareOp, Const, Op};

struct PatternContext {
    stores: Vec<String>,
    allow_irrefutable: bool,
    fail_pop: Vec<BlockId>,
    on_top: usize,
}

fn is_wildcard(p: &ast::Pattern) -> bool {
    matches!(p, ast::Pattern::MatchAs(a) if a.pattern.is_none() && a.name.is_none())
}

fn is_wildcard_star(p: &ast::Pattern) -> bool {
    matches!(p, ast::Pattern::MatchStar(s) if s.name.is_none())
}

impl<'a> Compiler<'a> {
    pub fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> CResult {
        self.match_subject(m)?;
        let end = self.new_block();
        let cases = m.cases.len();
        let Some(last) = m.cases.last() else {
            return Ok(());
        };
        let has_default = is_wildcard(&last.pattern) && cases > 1;
        let n = cases - usize::from(has_default);
        for (i, case) in m.cases[..n].iter().enumerate() {
            self.set_loc(case.pattern.range());
            if i != n - 1 {
                self.emit(Op::COPY, 1);
            }
            let mut pc = PatternContext {
                stores: Vec::new(),
                allow_irrefutable: case.guard.is_some() || i == cases - 1,
                fail_pop: Vec::new(),
                on_top: 0,
            };
            self.pattern(&case.pattern, &mut pc)?;
            let stores = std::mem::take(&mut pc.stores);
            for name in &stores {
                self.nameop(name, NameCtx::Store, case.pattern.range())?;
            }
            if let Some(g) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let target = pc.fail_pop[0];
                self.jump_if(g, target, false)?;
            }
            if i != n - 1 {
                self.emit0(Op::POP_TOP);
            }
            self.stmts(&case.body)?;
            self.emit_jump(Op::JUMP, end);
            self.set_loc(case.pattern.range());
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            self.set_loc(last.pattern.range());
            if cases == 1 {
                self.emit0(Op::POP_TOP);
            } else {
                self.emit0(Op::NOP);
            }
            if let Some(g) = &last.guard {
                self.jump_if(g, end, false)?;
            }
            self.stmts(&last.body)?;
        }
        self.use_block(end);
        Ok(())
    }

    /// The subject, working around two rustpython-parser 0.4.0 bugs: `match x,:` loses its
    /// one-element tuple, and an unparenthesised tuple subject spans the whole statement.
    fn match_subject(&mut self, m: &'a ast::StmtMatch) -> CResult {
        let text = self.src.text;
        match &*m.subject {
            ast::Expr::Tuple(t)
                if text.as_bytes().get(u32::from(t.range.start()) as usize) != Some(&b'(') =>
            {
                let (Some(first), Some(last)) = (t.elts.first(), t.elts.last()) else {
                    return self.expr(&m.subject);
                };
                let r = rustpython_parser::text_size::TextRange::new(
                    first.range().start(),
                    last.range().end(),
                );
                let saved = self.u().loc;
                self.set_loc(r);
                self.starunpack(
                    &t.elts,
                    0,
                    Op::BUILD_LIST,
                    Op::LIST_APPEND,
                    Op::LIST_EXTEND,
                    true,
                )?;
                self.u().loc = saved;
                Ok(())
            }
            subject => {
                self.expr(subject)?;
                // A trailing comma before the colon makes it a 1-tuple.
                let end = u32::from(subject.range().end()) as usize;
                let rest = text.get(end..).unwrap_or("");
                let mut trailing_comma = false;
                for c in rest.chars() {
                    match c {
                        ',' => trailing_comma = true,
                        ':' => break,
                        c if c.is_whitespace() || c == ')' || c == '\\' => {}
                        _ => {
                            trailing_comma = false;
                            break;
                        }
                    }
                }
                if trailing_comma {
                    let r = rustpython_parser::text_size::TextRange::new(
                        subject.range().start(),
                        (end as u32 + rest.find(',').unwrap_or(0) as u32 + 1).into(),
                    );
                    let saved = self.u().loc;
                    self.set_loc(r);
                    self.emit(Op::BUILD_TUPLE, 1);
                    self.u().loc = saved;
                }
                Ok(())
            }
        }
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let b = self.new_block();
            pc.fail_pop.push(b);
        }
    }

    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, op: Op) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.emit_jump(op, pc.fail_pop[pops]);
        self.next_block();
    }

    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for i in (1..pc.fail_pop.len()).rev() {
            self.use_block(pc.fail_pop[i]);
            self.emit0(Op::POP_TOP);
        }
        self.use_block(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    fn rotate(&mut self, mut count: usize) {
        while count > 1 {
            self.emit(Op::SWAP, count as u32);
            count -= 1;
        }
    }

    fn store_capture(
        &mut self,
        name: Option<&str>,
        pc: &mut PatternContext,
        r: rustpython_parser::text_size::TextRange,
    ) -> CResult {
        let Some(n) = name else {
            self.emit0(Op::POP_TOP);
            return Ok(());
        };
        if n == "__debug__" {
            return Err(self.error("cannot assign to __debug__", r));
        }
        if pc.stores.iter().any(|s| s == n) {
            return Err(self.error_here(format!("multiple assignments to name '{n}' in pattern")));
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.rotate(rotations);
        pc.stores.push(n.to_string());
        Ok(())
    }

    fn subpattern(&mut self, p: &'a ast::Pattern, pc: &mut PatternContext) -> CResult {
        let saved = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = saved;
        Ok(())
    }

    fn pattern(&mut self, p: &'a ast::Pattern, pc: &mut PatternContext) -> CResult {
        self.enter_recursion(p.range())?;
        self.set_loc(p.range());
        let r = self.pattern_inner(p, pc);
        self.leave_recursion();
        r
    }

    fn pattern_inner(&mut self, p: &'a ast::Pattern, pc: &mut PatternContext) -> CResult {
        use ast::Pattern as P;
        match p {
            P::MatchValue(v) => {
                match &*v.value {
                    ast::Expr::Attribute(_) => self.expr(&v.value)?,
                    e => match fold_const(e) {
                        Some(c) => self.load_const(c),
                        None => {
                            return Err(self.error_here(
                                "patterns may only match literals and attribute lookups",
                            ))
                        }
                    },
                }
                self.emit(Op::COMPARE_OP, CompareOp::Eq as u32);
                self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
            }
            P::MatchSingleton(s) => {
                self.load_const(super::expr::constant_to_const(&s.value));
                self.emit(Op::IS_OP, 0);
                self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
            }
            P::MatchSequence(s) => self.pattern_sequence(&s.patterns, pc)?,
            P::MatchMapping(m) => self.pattern_mapping(m, pc)?,
            P::MatchClass(c) => self.pattern_class(c, pc)?,
            P::MatchStar(s) => self.store_capture(s.name.as_deref(), pc, s.range)?,
            P::MatchAs(a) => match &a.pattern {
                None => {
                    if !pc.allow_irrefutable {
                        return Err(match &a.name {
                            Some(n) => self.error_here(format!(
                                "name capture '{n}' makes remaining patterns unreachable"
                            )),
                            None => {
                                self.error_here("wildcard makes remaining patterns unreachable")
                            }
                        });
                    }
                    self.store_capture(a.name.as_deref(), pc, a.range)?;
                }
                Some(inner) => {
                    pc.on_top += 1;
                    self.emit(Op::COPY, 1);
                    self.pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.store_capture(a.name.as_deref(), pc, a.range)?;
                }
            },
            P::MatchOr(o) => self.pattern_or(o, pc)?,
        }
        Ok(())
    }

    fn pattern_sequence(
        &mut self,
        patterns: &'a [ast::Pattern],
        pc: &mut PatternContext,
    ) -> CResult {
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if matches!(p, ast::Pattern::MatchStar(_)) {
                if star.is_some() {
                    return Err(self.error_here("multiple starred names in sequence pattern"));
                }
                star_wildcard = is_wildcard_star(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        pc.on_top += 1;
        self.emit0(Op::MATCH_SEQUENCE);
        self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
        match star {
            None => {
                self.emit0(Op::GET_LEN);
                self.load_const(Const::Int(size as i64));
                self.emit(Op::COMPARE_OP, CompareOp::Eq as u32);
                self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
            }
            Some(_) if size > 1 => {
                self.emit0(Op::GET_LEN);
                self.load_const(Const::Int(size as i64 - 1));
                self.emit(Op::COMPARE_OP, CompareOp::Ge as u32);
                self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.emit0(Op::POP_TOP);
        } else if star_wildcard {
            // pattern_helper_sequence_subscr
            let star = star.unwrap_or(0);
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.emit(Op::COPY, 1);
                if i < star {
                    self.load_const(Const::Int(i as i64));
                } else {
                    self.emit0(Op::GET_LEN);
                    self.load_const(Const::Int((size - i) as i64));
                    self.emit(Op::BINARY_OP, BinaryOp::Subtract as u32);
                }
                self.emit0(Op::BINARY_SUBSCR);
                self.subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.emit0(Op::POP_TOP);
        } else {
            // pattern_helper_sequence_unpack
            match star {
                Some(i) => {
                    if i >= 256 {
                        return Err(self.error_here(
                            "too many expressions in star-unpacking sequence pattern",
                        ));
                    }
                    self.emit(Op::UNPACK_EX, (i + ((size - i - 1) << 8)) as u32);
                }
                None => self.emit(Op::UNPACK_SEQUENCE, size as u32),
            }
            pc.on_top += size;
            for p in patterns {
                pc.on_top -= 1;
                self.subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    fn pattern_mapping(
        &mut self,
        m: &'a ast::PatternMatchMapping,
        pc: &mut PatternContext,
    ) -> CResult {
        let size = m.keys.len();
        if size != m.patterns.len() {
            return Err(
                self.error_here("keys (%d) / patterns (%d) length mismatch in mapping pattern")
            );
        }
        let star_target = m.rest.as_deref();
        pc.on_top += 1;
        self.emit0(Op::MATCH_MAPPING);
        self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
        if size == 0 && star_target.is_none() {
            pc.on_top -= 1;
            self.emit0(Op::POP_TOP);
            return Ok(());
        }
        if size > 0 {
            self.emit0(Op::GET_LEN);
            self.load_const(Const::Int(size as i64));
            self.emit(Op::COMPARE_OP, CompareOp::Ge as u32);
            self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
        }
        let mut seen: Vec<Const> = Vec::new();
        let mut all_const = true;
        let mut key_consts = Vec::new();
        for key in &m.keys {
            match key {
                ast::Expr::Attribute(_) => {
                    all_const = false;
                }
                e => match fold_const(e) {
                    Some(c) => {
                        if matches!(e, ast::Expr::Constant(_)) || !matches!(c, Const::Tuple(_)) {
                            if seen.iter().any(|s| keys_equal(s, &c)) {
                                return Err(self.error_here(format!(
                                    "mapping pattern checks duplicate key ({})",
                                    const_repr(&c)
                                )));
                            }
                            seen.push(c.clone());
                        }
                        key_consts.push(c);
                    }
                    None => {
                        return Err(self.error_here(
                            "mapping pattern keys may only match literals and attribute lookups",
                        ));
                    }
                },
            }
        }
        if all_const {
            self.load_const(Const::Tuple(key_consts));
        } else {
            for key in &m.keys {
                self.expr(key)?;
            }
            self.emit(Op::BUILD_TUPLE, size as u32);
        }
        self.emit0(Op::MATCH_KEYS);
        pc.on_top += 2;
        self.emit(Op::COPY, 1);
        self.load_const(Const::None);
        self.emit(Op::IS_OP, 1);
        self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
        self.emit(Op::UNPACK_SEQUENCE, size as u32);
        pc.on_top += size;
        pc.on_top -= 1;
        for p in &m.patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        match star_target {
            Some(name) => {
                self.emit(Op::BUILD_MAP, 0);
                self.emit(Op::SWAP, 3);
                self.emit(Op::DICT_UPDATE, 2);
                self.emit(Op::UNPACK_SEQUENCE, size as u32);
                let mut s = size;
                while s > 0 {
                    self.emit(Op::COPY, 1 + s as u32);
                    s -= 1;
                    self.emit(Op::SWAP, 2);
                    self.emit0(Op::DELETE_SUBSCR);
                }
                self.store_capture(Some(name), pc, m.range)?;
            }
            None => {
                self.emit0(Op::POP_TOP);
                self.emit0(Op::POP_TOP);
            }
        }
        Ok(())
    }

    fn pattern_class(&mut self, c: &'a ast::PatternMatchClass, pc: &mut PatternContext) -> CResult {
        let nargs = c.patterns.len();
        let nattrs = c.kwd_attrs.len();
        if nattrs != c.kwd_patterns.len() {
            return Err(
                self.error_here("kwd_attrs / kwd_patterns length mismatch in class pattern")
            );
        }
        if nattrs > 0 {
            for i in 0..nattrs {
                let attr = c.kwd_attrs[i].as_str();
                self.set_loc(c.kwd_patterns[i].range());
                if attr == "__debug__" {
                    return Err(self.error_here("cannot assign to __debug__"));
                }
                for j in i + 1..nattrs {
                    if c.kwd_attrs[j].as_str() == attr {
                        self.set_loc(c.kwd_patterns[j].range());
                        return Err(self.error_here(format!(
                            "attribute name repeated in class pattern: {attr}"
                        )));
                    }
                }
            }
            self.set_loc(c.range);
        }
        self.expr(&c.cls)?;
        let names: Vec<Const> = c
            .kwd_attrs
            .iter()
            .map(|a| Const::Str(crate::compiler::symtable::normalize_identifier(a).into_owned()))
            .collect();
        self.load_const(Const::Tuple(names));
        self.emit(Op::MATCH_CLASS, nargs as u32);
        self.emit(Op::COPY, 1);
        self.load_const(Const::None);
        self.emit(Op::IS_OP, 1);
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
        self.emit(Op::UNPACK_SEQUENCE, (nargs + nattrs) as u32);
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        for p in c.patterns.iter().chain(&c.kwd_patterns) {
            pc.on_top -= 1;
            if is_wildcard(p) {
                self.emit0(Op::POP_TOP);
                continue;
            }
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    fn pattern_or(&mut self, o: &'a ast::PatternMatchOr, pc: &mut PatternContext) -> CResult {
        let end = self.new_block();
        let size = o.patterns.len();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_allow = pc.allow_irrefutable;
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in o.patterns.iter().enumerate() {
            self.set_loc(alt.range());
            pc.stores = Vec::new();
            pc.allow_irrefutable = i == size - 1 && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.emit(Op::COPY, 1);
            self.pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) => {
                    if nstores != ctl.len() {
                        return Err(self.error_here("alternative patterns bind different names"));
                    }
                    if nstores > 0 {
                        let mut icontrol = nstores;
                        while icontrol > 0 {
                            icontrol -= 1;
                            let name = &ctl[icontrol];
                            let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                                return Err(
                                    self.error_here("alternative patterns bind different names")
                                );
                            };
                            if icontrol != istores {
                                let rotations = istores + 1;
                                let rotated: Vec<String> = pc.stores.drain(..rotations).collect();
                                let at = icontrol - istores;
                                for (k, r) in rotated.into_iter().enumerate() {
                                    pc.stores.insert(at + k, r);
                                }
                                for _ in 0..rotations {
                                    self.rotate(icontrol + 1);
                                }
                            }
                        }
                    }
                }
            }
            self.emit_jump(Op::JUMP, end);
            self.emit_and_reset_fail_pop(pc);
        }
        pc.stores = old_stores;
        pc.allow_irrefutable = old_allow;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        self.emit0(Op::POP_TOP);
        self.jump_to_fail_pop(pc, Op::JUMP);
        self.use_block(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.rotate(nrots);
            if pc.stores.contains(&name) {
                return Err(
                    self.error_here(format!("multiple assignments to name '{name}' in pattern"))
                );
            }
            pc.stores.push(name);
        }
        self.emit0(Op::POP_TOP);
        Ok(())
    }
}

/// Key equality for duplicate detection, as Python's `==` on constants of the same kind
/// (1 == 1.0 == True are duplicates).
fn keys_equal(a: &Const, b: &Const) -> bool {
    let num = |c: &Const| -> Option<f64> {
        match c {
            Const::Int(i) => Some(*i as f64),
            Const::Bool(b) => Some(*b as i64 as f64),
            Const::Float(f) => Some(*f),
            _ => None,
        }
    };
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[allow(dead_code)]
fn constant_is_str(c: &Constant) -> bool {
    matches!(c, Constant::Str(_))
}

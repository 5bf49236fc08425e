//! Comprehensions and generator expressions, compiled as nested code objects called with
//! the outermost iterator, as in CPython 3.11 (no inlining), including async comprehensions
//! (`async for` clauses and `await` inside).

use rustpython_parser::ast::{self, Ranged};

use super::{CResult, Compiler, FBlockDatum, FBlockKind, IOp, UnitKind};
use crate::bytecode::{Const, Op};
use crate::compiler::errors::Error;

#[derive(Copy, Clone, PartialEq, Eq)]
enum CompType {
    Gen,
    List,
    Set,
    Dict,
}

impl<'a> Compiler<'a> {
    pub fn comprehension(&mut self, e: &'a ast::Expr) -> CResult {
        use ast::Expr as E;
        let (ty, name, gens, elt, val): (
            CompType,
            &str,
            &'a [ast::Comprehension],
            &'a ast::Expr,
            Option<&'a ast::Expr>,
        ) = match e {
            E::GeneratorExp(g) => (CompType::Gen, "<genexpr>", &g.generators, &g.elt, None),
            E::ListComp(g) => (CompType::List, "<listcomp>", &g.generators, &g.elt, None),
            E::SetComp(g) => (CompType::Set, "<setcomp>", &g.generators, &g.elt, None),
            E::DictComp(g) => (
                CompType::Dict,
                "<dictcomp>",
                &g.generators,
                &g.key,
                Some(&g.value),
            ),
            _ => return Err(Error::internal("not a comprehension")),
        };
        let Some(outermost) = gens.first() else {
            return Err(Error::internal("empty comprehension"));
        };
        let Some(scope) = self.st.scope_for(e) else {
            return Err(Error::internal("comprehension without scope"));
        };
        let erange = self.node_range(e);
        let is_async_gen = self.st.scopes[scope].coroutine;
        let outer_kind = self.ur().kind;
        if is_async_gen
            && ty != CompType::Gen
            && outer_kind != UnitKind::AsyncFunction
            && outer_kind != UnitKind::Comprehension
        {
            return Err(self.error(
                "asynchronous comprehension outside of an asynchronous function",
                erange,
            ));
        }
        let line = self.loc_of(erange).line;
        self.enter_scope(name, UnitKind::Comprehension, scope, line);
        self.set_loc(erange);
        self.u().argcount = 1;
        match ty {
            CompType::List => self.emit(Op::BUILD_LIST, 0),
            CompType::Set => self.emit(Op::BUILD_SET, 0),
            CompType::Dict => self.emit(Op::BUILD_MAP, 0),
            CompType::Gen => {}
        }
        self.comp_generator(gens, 0, 0, elt, val, ty)?;
        if ty != CompType::Gen {
            self.emit0(Op::RETURN_VALUE);
        }
        let code = self.finish_unit(true)?;
        self.make_closure(code, 0, e.range())?;
        self.iter_expr(&outermost.iter)?;
        if outermost.is_async {
            self.emit0(Op::GET_AITER);
        } else {
            self.emit0(Op::GET_ITER);
        }
        self.emit(Op::CALL, 0);
        if is_async_gen && ty != CompType::Gen {
            self.emit(Op::GET_AWAITABLE, 0);
            self.load_const(Const::None);
            self.add_yield_from(true);
        }
        Ok(())
    }

    fn comp_generator(
        &mut self,
        gens: &'a [ast::Comprehension],
        idx: usize,
        depth: u32,
        elt: &'a ast::Expr,
        val: Option<&'a ast::Expr>,
        ty: CompType,
    ) -> CResult {
        self.enter_recursion(elt.range())?;
        let r = if gens[idx].is_async {
            self.async_comp_generator(gens, idx, depth, elt, val, ty)
        } else {
            self.sync_comp_generator(gens, idx, depth, elt, val, ty)
        };
        self.leave_recursion();
        r
    }

    fn comp_element(
        &mut self,
        depth: u32,
        elt: &'a ast::Expr,
        val: Option<&'a ast::Expr>,
        ty: CompType,
    ) -> CResult {
        match ty {
            CompType::Gen => {
                self.expr(elt)?;
                self.emit_yield();
                self.emit0(Op::POP_TOP);
            }
            CompType::List => {
                self.expr(elt)?;
                self.emit(Op::LIST_APPEND, depth + 1);
            }
            CompType::Set => {
                self.expr(elt)?;
                self.emit(Op::SET_ADD, depth + 1);
            }
            CompType::Dict => {
                self.expr(elt)?;
                if let Some(v) = val {
                    self.expr(v)?;
                }
                self.emit(Op::MAP_ADD, depth + 1);
            }
        }
        Ok(())
    }

    fn sync_comp_generator(
        &mut self,
        gens: &'a [ast::Comprehension],
        idx: usize,
        mut depth: u32,
        elt: &'a ast::Expr,
        val: Option<&'a ast::Expr>,
        ty: CompType,
    ) -> CResult {
        let gen = &gens[idx];
        let mut start = Some(self.new_block());
        let if_cleanup = self.new_block();
        let anchor = self.new_block();
        if idx == 0 {
            self.emit(Op::LOAD_FAST, 0);
        } else {
            let single = match &gen.iter {
                ast::Expr::List(l) if l.elts.len() == 1 => l.elts.first(),
                ast::Expr::Tuple(t) if t.elts.len() == 1 => t.elts.first(),
                _ => None,
            };
            match single {
                Some(x) if !matches!(x, ast::Expr::Starred(_)) => {
                    self.expr(x)?;
                    start = None;
                }
                _ => {
                    self.iter_expr(&gen.iter)?;
                    self.emit0(Op::GET_ITER);
                }
            }
        }
        if let Some(s) = start {
            depth += 1;
            self.use_block(s);
            self.emit_jump(Op::FOR_ITER, anchor);
            self.next_block();
        }
        self.expr(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        if idx + 1 < gens.len() {
            self.comp_generator(gens, idx + 1, depth, elt, val, ty)?;
        } else {
            self.comp_element(depth, elt, val, ty)?;
        }
        self.use_block(if_cleanup);
        if let Some(s) = start {
            self.emit_jump(Op::JUMP, s);
            self.use_block(anchor);
        }
        Ok(())
    }

    fn async_comp_generator(
        &mut self,
        gens: &'a [ast::Comprehension],
        idx: usize,
        mut depth: u32,
        elt: &'a ast::Expr,
        val: Option<&'a ast::Expr>,
        ty: CompType,
    ) -> CResult {
        let gen = &gens[idx];
        let start = self.new_block();
        let except = self.new_block();
        let if_cleanup = self.new_block();
        if idx == 0 {
            self.emit(Op::LOAD_FAST, 0);
        } else {
            self.expr(&gen.iter)?;
            self.emit0(Op::GET_AITER);
        }
        self.use_block(start);
        self.push_fblock(
            FBlockKind::AsyncComprehensionGenerator,
            Some(start),
            None,
            FBlockDatum::None,
            gen.iter.range(),
        )?;
        self.emit_pseudo(IOp::SetupFinally, Some(except));
        self.emit0(Op::GET_ANEXT);
        self.load_const(Const::None);
        self.add_yield_from(true);
        self.emit_pseudo(IOp::PopBlock, None);
        self.expr(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        depth += 1;
        if idx + 1 < gens.len() {
            self.comp_generator(gens, idx + 1, depth, elt, val, ty)?;
        } else {
            self.comp_element(depth, elt, val, ty)?;
        }
        self.use_block(if_cleanup);
        self.emit_jump(Op::JUMP, start);
        self.pop_fblock();
        self.use_block(except);
        self.emit0(Op::END_ASYNC_FOR);
        Ok(())
    }
}

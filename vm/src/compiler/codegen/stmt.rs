//! Statements: assignments, control flow, exception handling (`try`/`except`/`finally`,
//! `except*`, `with`), imports, and the frame-block unwinding that `return`, `break` and
//! `continue` perform, as CPython 3.11's compile.c.

use rustpython_parser::ast::{self, Constant, Ranged};
use rustpython_parser::text_size::TextRange;

use super::expr::binop_arg;
use super::{BlockId, CResult, Compiler, FBlock, FBlockDatum, FBlockKind, IOp, NameCtx, UnitKind};
use crate::bytecode::{Const, Op};
use crate::compiler::symtable::ScopeKind;

/// find_ann: whether a block (not counting nested scopes) contains an annotated assignment.
pub(crate) fn find_ann(body: &[ast::Stmt]) -> bool {
    use ast::Stmt as S;
    body.iter().any(|s| match s {
        S::AnnAssign(_) => true,
        S::For(f) => find_ann(&f.body) || find_ann(&f.orelse),
        S::AsyncFor(f) => find_ann(&f.body) || find_ann(&f.orelse),
        S::While(w) => find_ann(&w.body) || find_ann(&w.orelse),
        S::If(i) => find_ann(&i.body) || find_ann(&i.orelse),
        S::With(w) => find_ann(&w.body),
        S::AsyncWith(w) => find_ann(&w.body),
        S::Try(t) => {
            find_ann(&t.body)
                || find_ann(&t.orelse)
                || find_ann(&t.finalbody)
                || t.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    find_ann(&h.body)
                })
        }
        S::TryStar(t) => {
            find_ann(&t.body)
                || find_ann(&t.orelse)
                || find_ann(&t.finalbody)
                || t.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    find_ann(&h.body)
                })
        }
        S::Match(m) => m.cases.iter().any(|c| find_ann(&c.body)),
        _ => false,
    })
}

/// The docstring of a body, if its first statement is a string literal.
pub(crate) fn docstring(body: &[ast::Stmt]) -> Option<&str> {
    match body.first() {
        Some(ast::Stmt::Expr(e)) => match &*e.value {
            ast::Expr::Constant(c) => match &c.value {
                Constant::Str(s) => Some(s.as_str()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

impl<'a> Compiler<'a> {
    /// compiler_body: module and class bodies (docstring to `__doc__`, SETUP_ANNOTATIONS).
    pub fn body(&mut self, body: &'a [ast::Stmt], is_module: bool) -> CResult {
        if is_module {
            if let Some(first) = body.first() {
                self.set_loc(first.range());
            }
        }
        if find_ann(body) {
            self.emit0(Op::SETUP_ANNOTATIONS);
        }
        let mut rest = body;
        if let (Some(doc), Some(first)) = (docstring(body), body.first()) {
            let _ = doc;
            if let ast::Stmt::Expr(e) = first {
                self.set_loc(first.range());
                self.expr(&e.value)?;
                self.unset_loc();
                self.nameop("__doc__", NameCtx::Store, first.range())?;
                rest = &body[1..];
            }
        }
        for s in rest {
            self.stmt(s)?;
        }
        Ok(())
    }

    pub fn stmts(&mut self, body: &'a [ast::Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    pub fn stmt(&mut self, s: &'a ast::Stmt) -> CResult {
        self.enter_recursion(s.range())?;
        self.set_loc(s.range());
        let r = self.stmt_inner(s);
        self.leave_recursion();
        r
    }

    fn stmt_inner(&mut self, s: &'a ast::Stmt) -> CResult {
        use ast::Stmt as S;
        match s {
            S::FunctionDef(f) => self.function_def(
                s,
                f.name.as_str(),
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                false,
                f.range,
            ),
            S::AsyncFunctionDef(f) => self.function_def(
                s,
                f.name.as_str(),
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                true,
                f.range,
            ),
            S::ClassDef(c) => self.class_def(s, c),
            S::Return(r) => self.return_(r),
            S::Delete(d) => self.exprs(&d.targets),
            S::Assign(a) => {
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(Op::COPY, 1);
                    }
                    self.expr(t)?;
                }
                Ok(())
            }
            S::TypeAlias(t) => Err(self.error("invalid syntax", t.range)),
            S::AugAssign(a) => self.aug_assign(a),
            S::AnnAssign(a) => self.ann_assign(a),
            S::For(f) => self.for_(&f.target, &f.iter, &f.body, &f.orelse, s.range()),
            S::AsyncFor(f) => self.async_for(&f.target, &f.iter, &f.body, &f.orelse, s.range()),
            S::While(w) => self.while_(w),
            S::If(i) => {
                let end = self.new_block();
                let next = if i.orelse.is_empty() {
                    end
                } else {
                    self.new_block()
                };
                self.jump_if(&i.test, next, false)?;
                self.stmts(&i.body)?;
                if !i.orelse.is_empty() {
                    self.emit_jump_noline(Op::JUMP, end);
                    self.use_block(next);
                    self.stmts(&i.orelse)?;
                }
                self.use_block(end);
                Ok(())
            }
            S::With(w) => self.with_(&w.items, &w.body, 0, s.range(), false),
            S::AsyncWith(w) => {
                if !self.in_async_function() {
                    return Err(self.error("'async with' outside async function", w.range));
                }
                self.with_(&w.items, &w.body, 0, s.range(), true)
            }
            S::Match(m) => self.match_stmt(m),
            S::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n += 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n += 1;
                    }
                }
                self.emit(Op::RAISE_VARARGS, n);
                self.next_block();
                Ok(())
            }
            S::Try(t) => {
                if t.finalbody.is_empty() {
                    self.try_except(&t.body, &t.handlers, &t.orelse, s.range())
                } else {
                    self.try_finally(t, s.range())
                }
            }
            S::TryStar(t) => {
                if t.finalbody.is_empty() {
                    self.try_star_except(&t.body, &t.handlers, &t.orelse, s.range())
                } else {
                    self.try_star_finally(t, s.range())
                }
            }
            S::Assert(a) => {
                let end = self.new_block();
                self.jump_if(&a.test, end, true)?;
                self.emit0(Op::LOAD_ASSERTION_ERROR);
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                    self.emit(Op::CALL, 0);
                }
                self.emit(Op::RAISE_VARARGS, 1);
                self.use_block(end);
                Ok(())
            }
            S::Import(i) => self.import(i),
            S::ImportFrom(i) => self.import_from(i),
            S::Global(_) | S::Nonlocal(_) => Ok(()),
            S::Expr(e) => {
                if self.interactive && self.units.len() <= 1 {
                    self.expr(&e.value)?;
                    self.emit0(Op::PRINT_EXPR);
                    return Ok(());
                }
                // A constant expression statement (after folding) only marks its line.
                if super::expr::fold_const(&e.value).is_some() {
                    self.emit0(Op::NOP);
                    return Ok(());
                }
                self.expr(&e.value)?;
                self.unset_loc();
                self.emit0(Op::POP_TOP);
                Ok(())
            }
            S::Pass(_) => {
                self.emit0(Op::NOP);
                Ok(())
            }
            S::Break(b) => {
                self.emit0(Op::NOP);
                let loop_ = self.unwind_fblock_stack(false, true, b.range)?;
                let Some(l) = loop_ else {
                    return Err(self.error("'break' outside loop", b.range));
                };
                self.unwind_fblock(&l, false, b.range)?;
                if let Some(x) = l.exit {
                    self.emit_jump(Op::JUMP, x);
                }
                self.next_block();
                Ok(())
            }
            S::Continue(c) => {
                self.emit0(Op::NOP);
                let loop_ = self.unwind_fblock_stack(false, true, c.range)?;
                let Some(l) = loop_ else {
                    return Err(self.error("'continue' not properly in loop", c.range));
                };
                if let Some(x) = l.block {
                    self.emit_jump(Op::JUMP, x);
                }
                self.next_block();
                Ok(())
            }
        }
    }

    pub fn in_async_function(&self) -> bool {
        matches!(self.ur().kind, UnitKind::AsyncFunction)
            || (self.ur().kind == UnitKind::Comprehension
                && self.st.scopes[self.ur().scope].coroutine)
    }

    fn return_(&mut self, r: &'a ast::StmtReturn) -> CResult {
        // A value that folds to a constant is loaded after unwinding (CPython's AST
        // optimiser has turned it into a Constant node by then).
        let folded = r.value.as_deref().and_then(super::expr::fold_const);
        let preserve_tos = r.value.is_some() && folded.is_none();
        let ste = &self.st.scopes[self.ur().scope];
        if ste.kind != ScopeKind::Function {
            return Err(self.error("'return' outside function", r.range));
        }
        if r.value.is_some() && ste.coroutine && ste.generator {
            return Err(self.error("'return' with value in async generator", r.range));
        }
        if preserve_tos {
            if let Some(v) = &r.value {
                self.expr(v)?;
            }
        } else if let Some(v) = &r.value {
            self.set_loc(v.range());
            self.emit0(Op::NOP);
        }
        let stmt_line = self.loc_of(r.range).line;
        if r.value
            .as_ref()
            .is_none_or(|v| self.loc_of(v.range()).line != stmt_line)
        {
            self.set_loc(r.range);
            self.emit0(Op::NOP);
        }
        self.unwind_fblock_stack(preserve_tos, false, r.range)?;
        match (&r.value, folded) {
            (None, _) => self.load_const(Const::None),
            (Some(_), Some(c)) => self.load_const(c),
            _ => {}
        }
        self.emit0(Op::RETURN_VALUE);
        self.next_block();
        Ok(())
    }

    /// compiler_unwind_fblock_stack: unwinds frame blocks down to (not including) the
    /// innermost loop when `want_loop`, returning it; or all of them.
    pub fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        want_loop: bool,
        r: TextRange,
    ) -> CResult<Option<FBlock<'a>>> {
        let Some(top) = self.ur().fblocks.last().copied() else {
            return Ok(None);
        };
        if top.kind == FBlockKind::ExceptionGroupHandler {
            return Err(self.error(
                "'break', 'continue' and 'return' cannot appear in an except* block",
                r,
            ));
        }
        if want_loop && matches!(top.kind, FBlockKind::WhileLoop | FBlockKind::ForLoop) {
            return Ok(Some(top));
        }
        self.u().fblocks.pop();
        let res = self
            .unwind_fblock(&top, preserve_tos, r)
            .and_then(|_| self.unwind_fblock_stack(preserve_tos, want_loop, r));
        self.u().fblocks.push(top);
        res
    }

    pub fn unwind_fblock(&mut self, f: &FBlock<'a>, preserve_tos: bool, r: TextRange) -> CResult {
        match f.kind {
            FBlockKind::WhileLoop
            | FBlockKind::ExceptionHandler
            | FBlockKind::ExceptionGroupHandler
            | FBlockKind::AsyncComprehensionGenerator => {}
            FBlockKind::ForLoop => {
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.emit0(Op::POP_TOP);
            }
            FBlockKind::TryExcept => self.emit_pseudo(IOp::PopBlock, None),
            FBlockKind::FinallyTry => {
                self.emit_pseudo(IOp::PopBlock, None);
                if preserve_tos {
                    self.push_fblock(FBlockKind::PopValue, None, None, FBlockDatum::None, r)?;
                }
                if let FBlockDatum::Finally(body) = f.datum {
                    self.stmts(body)?;
                }
                if preserve_tos {
                    self.pop_fblock();
                }
                self.unset_loc();
            }
            FBlockKind::FinallyEnd => {
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.emit0(Op::POP_TOP);
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.emit_pseudo(IOp::PopBlock, None);
                self.emit0(Op::POP_EXCEPT);
            }
            FBlockKind::With | FBlockKind::AsyncWith => {
                if let FBlockDatum::Stmt(sr) = f.datum {
                    self.set_loc(sr);
                }
                self.emit_pseudo(IOp::PopBlock, None);
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.call_exit_with_nones();
                if f.kind == FBlockKind::AsyncWith {
                    self.emit(Op::GET_AWAITABLE, 2);
                    self.load_const(Const::None);
                    self.add_yield_from(true);
                }
                self.emit0(Op::POP_TOP);
                self.unset_loc();
            }
            FBlockKind::HandlerCleanup => {
                let name = if let FBlockDatum::Name(n) = f.datum {
                    Some(n)
                } else {
                    None
                };
                if name.is_some() {
                    self.emit_pseudo(IOp::PopBlock, None);
                }
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.emit_pseudo(IOp::PopBlock, None);
                self.emit0(Op::POP_EXCEPT);
                if let Some(n) = name {
                    self.load_const(Const::None);
                    self.nameop(n, NameCtx::Store, r)?;
                    self.nameop(n, NameCtx::Del, r)?;
                }
            }
            FBlockKind::PopValue => {
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.emit0(Op::POP_TOP);
            }
        }
        Ok(())
    }

    pub fn call_exit_with_nones(&mut self) {
        self.load_const(Const::None);
        self.load_const(Const::None);
        self.load_const(Const::None);
        self.emit(Op::CALL, 2);
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> CResult {
        let saved = self.u().loc;
        let t = &*a.target;
        self.set_loc(t.range());
        match t {
            ast::Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Op::COPY, 1);
                self.match_attr_line(at);
                self.emit_name(Op::LOAD_ATTR, &at.attr);
            }
            ast::Expr::Subscript(sb) => {
                self.expr(&sb.value)?;
                self.expr(&sb.slice)?;
                self.emit(Op::COPY, 2);
                self.emit(Op::COPY, 2);
                self.emit0(Op::BINARY_SUBSCR);
            }
            ast::Expr::Name(n) => self.nameop(&n.id, NameCtx::Load, n.range)?,
            _ => {
                return Err(self.error(
                    format!(
                        "'{}' is an illegal expression for augmented assignment",
                        crate::compiler::checks::expr_name(t)
                    ),
                    t.range(),
                ))
            }
        }
        self.u().loc = saved;
        self.expr(&a.value)?;
        self.emit(Op::BINARY_OP, binop_arg(a.op, true));
        self.set_loc(t.range());
        match t {
            ast::Expr::Attribute(at) => {
                self.match_attr_line(at);
                self.emit(Op::SWAP, 2);
                if let ast::Expr::Name(n) = &*at.value {
                    if self.ur().self_name.as_deref() == Some(n.id.as_str())
                        && !self
                            .ur()
                            .self_attributes
                            .iter()
                            .any(|x| x == at.attr.as_str())
                    {
                        let s = at.attr.to_string();
                        self.u().self_attributes.push(s);
                    }
                }
                self.emit_name(Op::STORE_ATTR, &at.attr);
            }
            ast::Expr::Subscript(_) => {
                self.emit(Op::SWAP, 3);
                self.emit(Op::SWAP, 2);
                self.emit0(Op::STORE_SUBSCR);
            }
            ast::Expr::Name(n) => self.nameop(&n.id, NameCtx::Store, n.range)?,
            _ => {}
        }
        Ok(())
    }

    fn check_ann_expr(&mut self, e: &'a ast::Expr) -> CResult {
        self.expr(e)?;
        self.emit0(Op::POP_TOP);
        Ok(())
    }

    fn check_ann_subscr(&mut self, e: &'a ast::Expr) -> CResult {
        match e {
            ast::Expr::Slice(s) => {
                for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.check_ann_expr(x)?;
                }
                Ok(())
            }
            ast::Expr::Tuple(t) => {
                for x in &t.elts {
                    self.check_ann_subscr(x)?;
                }
                Ok(())
            }
            _ => self.check_ann_expr(e),
        }
    }

    fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign) -> CResult {
        // rustpython-parser marks `(x): int` simple too; CPython does not.
        let simple = a.simple && a.range.start() == a.target.range().start();
        if let Some(v) = &a.value {
            self.expr(v)?;
            self.expr(&a.target)?;
        }
        let module_or_class = matches!(self.ur().kind, UnitKind::Module | UnitKind::Class);
        match &*a.target {
            ast::Expr::Name(n) => {
                if n.id.as_str() == "__debug__" {
                    return Err(self.error("cannot assign to __debug__", n.range));
                }
                if simple && module_or_class {
                    self.annotation(&a.annotation)?;
                    self.emit_name(Op::LOAD_NAME, "__annotations__");
                    let m = self.mangle(&n.id);
                    self.load_const(Const::Str(m));
                    self.emit0(Op::STORE_SUBSCR);
                }
            }
            ast::Expr::Attribute(at) if a.value.is_none() => {
                self.check_ann_expr(&at.value)?;
            }
            ast::Expr::Subscript(sb) if a.value.is_none() => {
                self.check_ann_expr(&sb.value)?;
                self.check_ann_subscr(&sb.slice)?;
            }
            _ => {}
        }
        if !simple && !self.future_annotations && module_or_class {
            self.check_ann_expr(&a.annotation)?;
        }
        Ok(())
    }

    /// An annotation value: the expression, or its source text under
    /// `from __future__ import annotations`.
    pub fn annotation(&mut self, e: &'a ast::Expr) -> CResult {
        if self.future_annotations {
            // The string constant carries the enclosing statement's location, as CPython.
            let s = super::unparse::unparse(e);
            self.load_const(Const::Str(s));
            Ok(())
        } else {
            self.expr(e)
        }
    }

    fn for_(
        &mut self,
        target: &'a ast::Expr,
        iter: &'a ast::Expr,
        body: &'a [ast::Stmt],
        orelse: &'a [ast::Stmt],
        r: TextRange,
    ) -> CResult {
        let start = self.new_block();
        let bodyb = self.new_block();
        let cleanup = self.new_block();
        let end = self.new_block();
        self.push_fblock(
            FBlockKind::ForLoop,
            Some(start),
            Some(end),
            FBlockDatum::None,
            r,
        )?;
        self.iter_expr(iter)?;
        self.emit0(Op::GET_ITER);
        self.use_block(start);
        self.emit_jump(Op::FOR_ITER, cleanup);
        self.use_block(bodyb);
        self.expr(target)?;
        self.stmts(body)?;
        self.unset_loc();
        self.emit_jump(Op::JUMP, start);
        self.use_block(cleanup);
        self.pop_fblock();
        self.stmts(orelse)?;
        self.use_block(end);
        Ok(())
    }

    fn async_for(
        &mut self,
        target: &'a ast::Expr,
        iter: &'a ast::Expr,
        body: &'a [ast::Stmt],
        orelse: &'a [ast::Stmt],
        r: TextRange,
    ) -> CResult {
        if !self.in_async_function() {
            return Err(self.error("'async for' outside async function", r));
        }
        let start = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        self.expr(iter)?;
        self.emit0(Op::GET_AITER);
        self.use_block(start);
        self.push_fblock(
            FBlockKind::ForLoop,
            Some(start),
            Some(end),
            FBlockDatum::None,
            r,
        )?;
        self.emit_pseudo(IOp::SetupFinally, Some(except));
        self.emit0(Op::GET_ANEXT);
        self.load_const(Const::None);
        self.add_yield_from(true);
        self.emit_pseudo(IOp::PopBlock, None);
        self.expr(target)?;
        self.stmts(body)?;
        self.unset_loc();
        self.emit_jump(Op::JUMP, start);
        self.pop_fblock();
        self.use_block(except);
        self.set_loc(iter.range());
        self.emit0(Op::END_ASYNC_FOR);
        self.stmts(orelse)?;
        self.use_block(end);
        Ok(())
    }

    fn while_(&mut self, w: &'a ast::StmtWhile) -> CResult {
        let loop_ = self.new_block();
        let body = self.new_block();
        let anchor = self.new_block();
        let exit = self.new_block();
        self.use_block(loop_);
        self.push_fblock(
            FBlockKind::WhileLoop,
            Some(loop_),
            Some(exit),
            FBlockDatum::None,
            w.range,
        )?;
        self.jump_if(&w.test, anchor, false)?;
        self.use_block(body);
        self.stmts(&w.body)?;
        self.set_loc(w.range);
        self.jump_if(&w.test, body, true)?;
        self.pop_fblock();
        self.use_block(anchor);
        self.stmts(&w.orelse)?;
        self.use_block(exit);
        Ok(())
    }

    fn with_(
        &mut self,
        items: &'a [ast::WithItem],
        body: &'a [ast::Stmt],
        pos: usize,
        r: TextRange,
        is_async: bool,
    ) -> CResult {
        let Some(item) = items.get(pos) else {
            return self.stmts(body);
        };
        let block = self.new_block();
        let final_ = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        if is_async {
            self.emit0(Op::BEFORE_ASYNC_WITH);
            self.emit(Op::GET_AWAITABLE, 1);
            self.load_const(Const::None);
            self.add_yield_from(true);
        } else {
            self.emit0(Op::BEFORE_WITH);
        }
        self.emit_pseudo(IOp::SetupWith, Some(final_));
        self.use_block(block);
        let kind = if is_async {
            FBlockKind::AsyncWith
        } else {
            FBlockKind::With
        };
        self.push_fblock(kind, Some(block), Some(final_), FBlockDatum::Stmt(r), r)?;
        match &item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.emit0(Op::POP_TOP),
        }
        if pos + 1 == items.len() {
            self.stmts(body)?;
        } else {
            self.with_(items, body, pos + 1, r, is_async)?;
        }
        self.unset_loc();
        self.emit_pseudo(IOp::PopBlock, None);
        self.pop_fblock();
        self.set_loc(r);
        self.call_exit_with_nones();
        if is_async {
            self.emit(Op::GET_AWAITABLE, 2);
            self.load_const(Const::None);
            self.add_yield_from(true);
        }
        self.emit0(Op::POP_TOP);
        self.emit_jump(Op::JUMP, exit);
        self.use_block(final_);
        self.emit_pseudo(IOp::SetupCleanup, Some(cleanup));
        self.emit0(Op::PUSH_EXC_INFO);
        self.emit0(Op::WITH_EXCEPT_START);
        if is_async {
            self.emit(Op::GET_AWAITABLE, 2);
            self.load_const(Const::None);
            self.add_yield_from(true);
        }
        self.with_except_finish(cleanup);
        self.use_block(exit);
        Ok(())
    }

    pub fn with_except_finish(&mut self, cleanup: BlockId) {
        self.unset_loc();
        let exit = self.new_block();
        self.emit_jump(Op::POP_JUMP_IF_TRUE, exit);
        self.next_block();
        self.emit(Op::RERAISE, 2);
        self.use_block(cleanup);
        self.pop_except_and_reraise();
        self.use_block(exit);
        self.emit0(Op::POP_TOP);
        self.emit_pseudo(IOp::PopBlock, None);
        self.emit0(Op::POP_EXCEPT);
        self.emit0(Op::POP_TOP);
        self.emit0(Op::POP_TOP);
    }

    pub fn pop_except_and_reraise(&mut self) {
        self.emit(Op::COPY, 3);
        self.emit0(Op::POP_EXCEPT);
        self.emit(Op::RERAISE, 1);
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry, r: TextRange) -> CResult {
        let body = self.new_block();
        let end = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.emit_pseudo(IOp::SetupFinally, Some(end));
        self.use_block(body);
        self.push_fblock(
            FBlockKind::FinallyTry,
            Some(body),
            Some(end),
            FBlockDatum::Finally(&t.finalbody),
            r,
        )?;
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
        } else {
            self.try_except(&t.body, &t.handlers, &t.orelse, r)?;
        }
        self.pop_block_noline();
        self.pop_fblock();
        self.stmts(&t.finalbody)?;
        self.emit_jump_noline(Op::JUMP, exit);
        self.use_block(end);
        self.unset_loc();
        self.emit_pseudo(IOp::SetupCleanup, Some(cleanup));
        self.emit0(Op::PUSH_EXC_INFO);
        self.push_fblock(
            FBlockKind::FinallyEnd,
            Some(end),
            None,
            FBlockDatum::None,
            r,
        )?;
        self.stmts(&t.finalbody)?;
        self.pop_fblock();
        self.emit(Op::RERAISE, 0);
        self.use_block(cleanup);
        self.pop_except_and_reraise();
        self.use_block(exit);
        Ok(())
    }

    fn try_star_finally(&mut self, t: &'a ast::StmtTryStar, r: TextRange) -> CResult {
        let body = self.new_block();
        let end = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.emit_pseudo(IOp::SetupFinally, Some(end));
        self.use_block(body);
        self.push_fblock(
            FBlockKind::FinallyTry,
            Some(body),
            Some(end),
            FBlockDatum::Finally(&t.finalbody),
            r,
        )?;
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
        } else {
            self.try_star_except(&t.body, &t.handlers, &t.orelse, r)?;
        }
        self.pop_block_noline();
        self.pop_fblock();
        self.stmts(&t.finalbody)?;
        self.emit_jump_noline(Op::JUMP, exit);
        self.use_block(end);
        self.unset_loc();
        self.emit_pseudo(IOp::SetupCleanup, Some(cleanup));
        self.emit0(Op::PUSH_EXC_INFO);
        self.push_fblock(
            FBlockKind::FinallyEnd,
            Some(end),
            None,
            FBlockDatum::None,
            r,
        )?;
        self.stmts(&t.finalbody)?;
        self.pop_fblock();
        self.emit(Op::RERAISE, 0);
        self.use_block(cleanup);
        self.pop_except_and_reraise();
        self.use_block(exit);
        Ok(())
    }

    fn try_except(
        &mut self,
        body_s: &'a [ast::Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [ast::Stmt],
        r: TextRange,
    ) -> CResult {
        let body = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        self.emit_pseudo(IOp::SetupFinally, Some(except));
        self.use_block(body);
        self.push_fblock(
            FBlockKind::TryExcept,
            Some(body),
            None,
            FBlockDatum::None,
            r,
        )?;
        self.stmts(body_s)?;
        self.pop_fblock();
        self.pop_block_noline();
        self.stmts(orelse)?;
        self.emit_jump_noline(Op::JUMP, end);
        let n = handlers.len();
        self.use_block(except);
        self.unset_loc();
        self.emit_pseudo(IOp::SetupCleanup, Some(cleanup));
        self.emit0(Op::PUSH_EXC_INFO);
        self.push_fblock(
            FBlockKind::ExceptionHandler,
            None,
            None,
            FBlockDatum::None,
            r,
        )?;
        for (i, h) in handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(h.range);
            if h.type_.is_none() && i + 1 < n {
                return Err(self.error("default 'except:' must be last", h.range));
            }
            let next_except = self.new_block();
            if let Some(t) = &h.type_ {
                self.expr(t)?;
                self.emit0(Op::CHECK_EXC_MATCH);
                self.emit_jump(Op::POP_JUMP_IF_FALSE, next_except);
                self.next_block();
            }
            if let Some(name) = &h.name {
                let cleanup_end = self.new_block();
                let cleanup_body = self.new_block();
                self.nameop(name, NameCtx::Store, h.range)?;
                self.emit_pseudo(IOp::SetupCleanup, Some(cleanup_end));
                self.use_block(cleanup_body);
                self.push_fblock(
                    FBlockKind::HandlerCleanup,
                    Some(cleanup_body),
                    None,
                    FBlockDatum::Name(name.as_str()),
                    h.range,
                )?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.emit_pseudo(IOp::PopBlock, None);
                self.emit_pseudo(IOp::PopBlock, None);
                self.emit0(Op::POP_EXCEPT);
                self.load_const(Const::None);
                self.nameop(name, NameCtx::Store, h.range)?;
                self.nameop(name, NameCtx::Del, h.range)?;
                self.emit_jump(Op::JUMP, end);
                self.use_block(cleanup_end);
                self.unset_loc();
                self.load_const(Const::None);
                self.nameop(name, NameCtx::Store, h.range)?;
                self.nameop(name, NameCtx::Del, h.range)?;
                self.emit(Op::RERAISE, 1);
            } else {
                let cleanup_body = self.new_block();
                self.emit0(Op::POP_TOP);
                self.use_block(cleanup_body);
                self.push_fblock(
                    FBlockKind::HandlerCleanup,
                    Some(cleanup_body),
                    None,
                    FBlockDatum::None,
                    h.range,
                )?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.emit_pseudo(IOp::PopBlock, None);
                self.emit0(Op::POP_EXCEPT);
                self.emit_jump(Op::JUMP, end);
            }
            self.use_block(next_except);
        }
        self.unset_loc();
        self.pop_fblock();
        self.emit(Op::RERAISE, 0);
        self.use_block(cleanup);
        self.pop_except_and_reraise();
        self.use_block(end);
        Ok(())
    }

    fn try_star_except(
        &mut self,
        body_s: &'a [ast::Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse_s: &'a [ast::Stmt],
        r: TextRange,
    ) -> CResult {
        let body = self.new_block();
        let except0 = self.new_block();
        let orelse = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        let reraise_star = self.new_block();
        self.emit_pseudo(IOp::SetupFinally, Some(except0));
        self.use_block(body);
        self.push_fblock(
            FBlockKind::TryExcept,
            Some(body),
            None,
            FBlockDatum::None,
            r,
        )?;
        self.stmts(body_s)?;
        self.pop_fblock();
        self.pop_block_noline();
        self.emit_jump_noline(Op::JUMP, orelse);
        let n = handlers.len();
        self.use_block(except0);
        self.unset_loc();
        self.emit_pseudo(IOp::SetupCleanup, Some(cleanup));
        self.emit0(Op::PUSH_EXC_INFO);
        self.push_fblock(
            FBlockKind::ExceptionGroupHandler,
            None,
            None,
            FBlockDatum::None,
            r,
        )?;
        for (i, h) in handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(h.range);
            let except = self.new_block();
            let except_with_error = self.new_block();
            let no_match = self.new_block();
            if i == 0 {
                self.emit(Op::COPY, 1);
                self.emit(Op::BUILD_LIST, 0);
                self.emit(Op::SWAP, 2);
            }
            if let Some(t) = &h.type_ {
                self.expr(t)?;
                self.emit0(Op::CHECK_EG_MATCH);
                self.emit(Op::COPY, 1);
                self.emit_jump(Op::POP_JUMP_IF_NONE, no_match);
                self.next_block();
            }
            let cleanup_end = self.new_block();
            let cleanup_body = self.new_block();
            match &h.name {
                Some(name) => self.nameop(name, NameCtx::Store, h.range)?,
                None => self.emit0(Op::POP_TOP),
            }
            self.emit_pseudo(IOp::SetupCleanup, Some(cleanup_end));
            self.use_block(cleanup_body);
            let datum = match &h.name {
                Some(n) => FBlockDatum::Name(n.as_str()),
                None => FBlockDatum::None,
            };
            self.push_fblock(
                FBlockKind::HandlerCleanup,
                Some(cleanup_body),
                None,
                datum,
                h.range,
            )?;
            self.stmts(&h.body)?;
            self.pop_fblock();
            self.emit_pseudo(IOp::PopBlock, None);
            if let Some(name) = &h.name {
                self.load_const(Const::None);
                self.nameop(name, NameCtx::Store, h.range)?;
                self.nameop(name, NameCtx::Del, h.range)?;
            }
            self.emit_jump(Op::JUMP, except);
            self.use_block(cleanup_end);
            self.unset_loc();
            if let Some(name) = &h.name {
                self.load_const(Const::None);
                self.nameop(name, NameCtx::Store, h.range)?;
                self.nameop(name, NameCtx::Del, h.range)?;
            }
            self.emit(Op::LIST_APPEND, 3);
            self.emit0(Op::POP_TOP);
            self.emit_jump(Op::JUMP, except_with_error);
            self.use_block(except);
            self.emit0(Op::NOP);
            self.emit_jump(Op::JUMP, except_with_error);
            self.use_block(no_match);
            self.emit0(Op::POP_TOP);
            self.use_block(except_with_error);
            if i + 1 == n {
                self.emit(Op::LIST_APPEND, 1);
                self.emit_jump(Op::JUMP, reraise_star);
            }
        }
        self.unset_loc();
        self.pop_fblock();
        let reraise = self.new_block();
        self.use_block(reraise_star);
        self.emit0(Op::PREP_RERAISE_STAR);
        self.emit(Op::COPY, 1);
        self.emit_jump(Op::POP_JUMP_IF_NOT_NONE, reraise);
        self.next_block();
        self.emit0(Op::POP_TOP);
        self.emit_pseudo(IOp::PopBlock, None);
        self.emit0(Op::POP_EXCEPT);
        self.emit_jump(Op::JUMP, end);
        self.use_block(reraise);
        self.emit_pseudo(IOp::PopBlock, None);
        self.emit(Op::SWAP, 2);
        self.emit0(Op::POP_EXCEPT);
        self.emit(Op::RERAISE, 0);
        self.use_block(cleanup);
        self.pop_except_and_reraise();
        self.use_block(orelse);
        self.stmts(orelse_s)?;
        self.use_block(end);
        Ok(())
    }

    fn import(&mut self, i: &'a ast::StmtImport) -> CResult {
        for a in &i.names {
            self.set_loc(i.range);
            self.load_const(Const::Int(0));
            self.load_const(Const::None);
            self.emit_name(Op::IMPORT_NAME, &a.name);
            if let Some(asname) = &a.asname {
                let name = a.name.as_str();
                if name.contains('.') {
                    let parts: Vec<&str> = name.split('.').collect();
                    for (k, p) in parts.iter().enumerate().skip(1) {
                        let idx = self.name_index(p);
                        self.emit(Op::IMPORT_FROM, idx);
                        if k + 1 < parts.len() {
                            self.emit(Op::SWAP, 2);
                            self.emit0(Op::POP_TOP);
                        }
                    }
                    self.nameop(asname, NameCtx::Store, a.range)?;
                    self.emit0(Op::POP_TOP);
                } else {
                    self.nameop(asname, NameCtx::Store, a.range)?;
                }
            } else {
                let first = a.name.split('.').next().unwrap_or("");
                self.nameop(first, NameCtx::Store, a.range)?;
            }
        }
        Ok(())
    }

    fn import_from(&mut self, i: &'a ast::StmtImportFrom) -> CResult {
        let level = i.level.map_or(0, |l| l.to_u32());
        self.load_const(Const::Int(level as i64));
        let names: Vec<Const> = i
            .names
            .iter()
            .map(|a| {
                Const::Str(crate::compiler::symtable::normalize_identifier(&a.name).into_owned())
            })
            .collect();
        self.load_const(Const::Tuple(names));
        match &i.module {
            Some(m) => self.emit_name(Op::IMPORT_NAME, m),
            None => self.emit_name(Op::IMPORT_NAME, ""),
        }
        for (k, a) in i.names.iter().enumerate() {
            if k == 0 && a.name.as_str().starts_with('*') {
                if self.ur().kind != UnitKind::Module {
                    return Err(self.error("import * only allowed at module level", a.range));
                }
                self.emit0(Op::IMPORT_STAR);
                return Ok(());
            }
            self.emit_name(Op::IMPORT_FROM, &a.name);
            let store = a.asname.as_ref().unwrap_or(&a.name);
            self.nameop(store, NameCtx::Store, a.range)?;
        }
        self.emit0(Op::POP_TOP);
        Ok(())
    }
}

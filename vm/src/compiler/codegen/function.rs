//! Functions, lambdas and classes: defaults, annotations, decorators, closures
//! (`LOAD_CLOSURE`/`MAKE_FUNCTION`), class bodies with `__module__`, `__qualname__` and the
//! `__classcell__` for zero-argument `super()`, as CPython 3.11's compiler_function,
//! compiler_lambda, compiler_class and compiler_make_closure.

use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

use super::stmt::docstring;
use super::{CResult, Compiler, NameCtx, UnitKind};
use crate::bytecode::opcodes::make_function;
use crate::bytecode::{CodeObject, Const, Op};
use crate::compiler::errors::Error;

impl<'a> Compiler<'a> {
    /// Pushes defaults and keyword-only defaults; returns the MAKE_FUNCTION flags.
    fn default_arguments(&mut self, args: &'a ast::Arguments) -> CResult<u32> {
        let mut flags = 0;
        let defaults: Vec<&ast::Expr> = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.emit(Op::BUILD_TUPLE, defaults.len() as u32);
            flags |= make_function::DEFAULTS;
        }
        let mut keys = Vec::new();
        for a in &args.kwonlyargs {
            if let Some(d) = &a.default {
                keys.push(Const::Str(self.mangle(&a.def.arg)));
                self.expr(d)?;
            }
        }
        if !keys.is_empty() {
            let n = keys.len() as u32;
            self.load_const(Const::Tuple(keys));
            self.emit(Op::BUILD_CONST_KEY_MAP, n);
            flags |= make_function::KWDEFAULTS;
        }
        Ok(flags)
    }

    fn arg_annotation(
        &mut self,
        name: &str,
        ann: Option<&'a ast::Expr>,
        count: &mut u32,
    ) -> CResult {
        let Some(ann) = ann else { return Ok(()) };
        let m = self.mangle(name);
        self.load_const(Const::Str(m));
        if self.future_annotations {
            self.annotation(ann)?;
        } else if let ast::Expr::Starred(s) = ann {
            self.expr(&s.value)?;
            self.emit(Op::UNPACK_SEQUENCE, 1);
        } else {
            self.expr(ann)?;
        }
        *count += 2;
        Ok(())
    }

    fn annotations(
        &mut self,
        args: &'a ast::Arguments,
        returns: Option<&'a ast::Expr>,
    ) -> CResult<bool> {
        let mut n = 0;
        for a in &args.args {
            self.arg_annotation(&a.def.arg, a.def.annotation.as_deref(), &mut n)?;
        }
        for a in &args.posonlyargs {
            self.arg_annotation(&a.def.arg, a.def.annotation.as_deref(), &mut n)?;
        }
        if let Some(v) = &args.vararg {
            self.arg_annotation(&v.arg, v.annotation.as_deref(), &mut n)?;
        }
        for a in &args.kwonlyargs {
            self.arg_annotation(&a.def.arg, a.def.annotation.as_deref(), &mut n)?;
        }
        if let Some(v) = &args.kwarg {
            self.arg_annotation(&v.arg, v.annotation.as_deref(), &mut n)?;
        }
        self.arg_annotation("return", returns, &mut n)?;
        if n > 0 {
            self.emit(Op::BUILD_TUPLE, n);
        }
        Ok(n > 0)
    }

    fn check_debug_args(&self, args: &ast::Arguments, r: TextRange) -> CResult {
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            if a.def.arg.as_str() == "__debug__" {
                return Err(self.error("cannot assign to __debug__", r));
            }
        }
        for a in args.vararg.iter().chain(&args.kwarg) {
            if a.arg.as_str() == "__debug__" {
                return Err(self.error("cannot assign to __debug__", r));
            }
        }
        Ok(())
    }

    fn set_arg_counts(&mut self, args: &ast::Arguments) {
        let u = self.u();
        u.argcount = (args.posonlyargs.len() + args.args.len()) as u32;
        u.posonlyargcount = args.posonlyargs.len() as u32;
        u.kwonlyargcount = args.kwonlyargs.len() as u32;
        u.self_name = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .next()
            .map(|a| a.def.arg.to_string());
    }

    fn firstlineno(&self, r: TextRange, decorators: &[ast::Expr]) -> u32 {
        match decorators.first() {
            Some(d) => self.loc_of(d.range()).line,
            None => self.loc_of(r).line,
        }
    }

    fn apply_decorators(&mut self, decorators: &'a [ast::Expr], r: TextRange) {
        for d in decorators.iter().rev() {
            self.set_loc(d.range());
            self.emit(Op::CALL, 0);
        }
        self.set_loc(r);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn function_def(
        &mut self,
        node: &'a ast::Stmt,
        name: &'a str,
        args: &'a ast::Arguments,
        body: &'a [ast::Stmt],
        decorators: &'a [ast::Expr],
        returns: Option<&'a ast::Expr>,
        is_async: bool,
        r: TextRange,
    ) -> CResult {
        self.check_debug_args(args, r)?;
        self.exprs(decorators)?;
        let firstlineno = self.firstlineno(r, decorators);
        let mut flags = self.default_arguments(args)?;
        if self.annotations(args, returns)? {
            flags |= make_function::ANNOTATIONS;
        }
        let Some(scope) = self.st.scope_for(node) else {
            return Err(Error::internal("function without scope"));
        };
        let kind = if is_async {
            UnitKind::AsyncFunction
        } else {
            UnitKind::Function
        };
        let name = &*crate::compiler::symtable::normalize_identifier(name);
        self.enter_scope(name, kind, scope, firstlineno);
        self.set_loc(r);
        self.u().loc.line = firstlineno;
        let doc = docstring(body);
        self.add_const(match doc {
            Some(d) => Const::Str(d.to_string()),
            None => Const::None,
        });
        self.set_arg_counts(args);
        let rest = if doc.is_some() { &body[1..] } else { body };
        for s in rest {
            self.stmt(s)?;
        }
        let code = self.finish_unit(true)?;
        self.set_loc(r);
        self.make_closure(code, flags, r)?;
        self.apply_decorators(decorators, r);
        self.nameop(name, NameCtx::Store, r)
    }

    pub fn lambda(&mut self, node: &'a ast::Expr, l: &'a ast::ExprLambda) -> CResult {
        self.check_debug_args(&l.args, l.range)?;
        let flags = self.default_arguments(&l.args)?;
        let Some(scope) = self.st.scope_for(node) else {
            return Err(Error::internal("lambda without scope"));
        };
        let line = self.loc_of(l.range).line;
        self.enter_scope("<lambda>", UnitKind::Lambda, scope, line);
        self.set_loc(l.range);
        self.add_const(Const::None);
        self.set_arg_counts(&l.args);
        self.expr(&l.body)?;
        self.emit0(Op::RETURN_VALUE);
        let code = self.finish_unit(false)?;
        self.make_closure(code, flags, l.range)
    }

    pub fn class_def(&mut self, node: &'a ast::Stmt, c: &'a ast::StmtClassDef) -> CResult {
        self.exprs(&c.decorator_list)?;
        let firstlineno = self.firstlineno(c.range, &c.decorator_list);
        let Some(scope) = self.st.scope_for(node) else {
            return Err(Error::internal("class without scope"));
        };
        let cname = crate::compiler::symtable::normalize_identifier(c.name.as_str()).into_owned();
        self.enter_scope(&cname, UnitKind::Class, scope, firstlineno);
        self.u().private = Some(cname.clone());
        self.set_loc(c.range);
        self.u().loc.line = firstlineno;
        self.nameop("__name__", NameCtx::Load, c.range)?;
        self.nameop("__module__", NameCtx::Store, c.range)?;
        let q = self.ur().qualname.clone();
        self.load_const(Const::Str(q));
        self.nameop("__qualname__", NameCtx::Store, c.range)?;
        self.body(&c.body, false)?;
        self.unset_loc();
        if self.st.scopes[scope].needs_class_closure {
            let i = self
                .ur()
                .cellvars
                .iter()
                .position(|x| x == "__class__")
                .unwrap_or(0) as u32;
            self.emit(Op::LOAD_CLOSURE, i);
            self.emit(Op::COPY, 1);
            let idx = self.name_index("__classcell__");
            self.emit(Op::STORE_NAME, idx);
        } else {
            self.load_const(Const::None);
        }
        self.emit0(Op::RETURN_VALUE);
        let code = self.finish_unit(true)?;
        self.set_loc(c.range);
        self.emit0(Op::PUSH_NULL);
        self.emit0(Op::LOAD_BUILD_CLASS);
        self.make_closure(code, 0, c.range)?;
        self.load_const(Const::Str(cname));
        self.call_helper(2, &c.bases, &c.keywords)?;
        self.apply_decorators(&c.decorator_list, c.range);
        self.nameop(&c.name, NameCtx::Store, c.range)
    }

    /// compiler_make_closure: pushes the closure cells the code needs, then the function.
    pub fn make_closure(&mut self, code: CodeObject, mut flags: u32, r: TextRange) -> CResult {
        if !code.freevars.is_empty() {
            for name in &code.freevars {
                let idx = {
                    let u = self.ur();
                    u.cellvars.iter().position(|x| x == name).or_else(|| {
                        u.freevars
                            .iter()
                            .position(|x| x == name)
                            .map(|i| i + u.cellvars.len())
                    })
                };
                let Some(idx) = idx else {
                    return Err(Error::syntax(
                        format!("internal compiler error: no cell for free variable '{name}'"),
                        r,
                    ));
                };
                self.emit(Op::LOAD_CLOSURE, idx as u32);
            }
            self.emit(Op::BUILD_TUPLE, code.freevars.len() as u32);
            flags |= make_function::CLOSURE;
        }
        self.load_const(Const::Code(Box::new(code)));
        self.emit(Op::MAKE_FUNCTION, flags);
        Ok(())
    }
}

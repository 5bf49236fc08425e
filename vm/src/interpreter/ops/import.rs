//! IMPORT_NAME, IMPORT_FROM and IMPORT_STAR.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, module, str as pystr};
use crate::thread::Thread;

/// IMPORT_NAME: `[level, fromlist] -> module`. Goes through `builtins.__import__` when a
/// program replaced it, else straight to the import system.
pub fn import_name(t: &mut Thread, fi: usize, arg: u32) -> PyResult<()> {
    let sym = t.frames[fi].code().name_syms[arg as usize];
    let builtins = t.frames[fi].builtins;
    // The lookup allocates its key: read every other operand only after it.
    let hook = dict::get_rust_str(t, builtins, "__import__")?;
    let native = Some(t.globals.import_fn);
    let m = match hook {
        Some(h) if Some(h) != native => {
            let fromlist = t.stack.peek(1);
            let level = t.stack.peek(2);
            let globals = t.frames[fi].globals;
            let locals = t.frames[fi].locals;
            let locals = if locals.is_unbound() {
                Value::NONE
            } else {
                locals
            };
            crate::protocol::call(t, h, &[t.sym_str(sym), globals, locals, fromlist, level])?
        }
        _ => {
            let level = t.stack.peek(2);
            let lvl = level.try_small_int().unwrap_or(0).max(0) as usize;
            let n = pystr::to_rust_string(t, t.sym_str(sym));
            let (globals, fromlist) = (t.frames[fi].globals, t.stack.peek(1));
            crate::import::import(t, &n, globals, fromlist, lvl)?
        }
    };
    t.stack.sp -= 2;
    t.stack.push(m);
    Ok(())
}

/// IMPORT_FROM: push `getattr(TOS, name)`, falling back to `sys.modules[f"{pkg}.{name}"]`.
pub fn import_from(t: &mut Thread, fi: usize, arg: u32) -> PyResult<()> {
    let m = t.stack.top();
    let sym = t.frames[fi].code().name_syms[arg as usize];
    let name = t.sym_str(sym);
    match crate::protocol::getattr(t, m, name) {
        Ok(v) => {
            t.stack.push(v);
            Ok(())
        }
        Err(e) => {
            if !t.exception_matches(BuiltinType::AttributeError) {
                return Err(e);
            }
            t.take_exception();
            let n = pystr::to_rust_string(t, t.sym_str(sym));
            // The module's __name__ and __file__ values (ImportError.name and .path).
            let (mut modname, mut file) = (Value::NONE, Value::NONE);
            if module::is_module(t, t.stack.top()) {
                let d = module::module_dict(t, t.stack.top());
                modname = dict::get_rust_str(t, d, "__name__")?
                    .filter(|v| pystr::is_str(t, *v))
                    .unwrap_or(Value::NONE);
                let hname = t.root(modname);
                let d = module::module_dict(t, t.stack.top());
                file = dict::get_rust_str(t, d, "__file__")?
                    .filter(|v| pystr::is_str(t, *v))
                    .unwrap_or(Value::NONE);
                modname = t.get(hname);
            }
            let hname = t.root(modname);
            let hfile = t.root(file);
            let mn = (!modname.is_none()).then(|| pystr::to_rust_string(t, modname));
            if let Some(mn) = &mn {
                if let Some(sub) = crate::import::get_module(t, &format!("{mn}.{n}"))? {
                    t.stack.push(sub);
                    return Ok(());
                }
            }
            let mn = mn.unwrap_or_else(|| "<unknown module name>".into());
            let file = t.get(hfile);
            let msg = if file.is_none() {
                format!("cannot import name '{n}' from '{mn}' (unknown location)")
            } else {
                let f = pystr::to_rust_string(t, file);
                format!("cannot import name '{n}' from '{mn}' ({f})")
            };
            let r = t.raise_msg(BuiltinType::ImportError, &msg);
            let he = t.root(t.exception);
            crate::objects::exceptions::set_field(t, t.get(he), "name", t.get(hname))?;
            crate::objects::exceptions::set_field(t, t.get(he), "path", t.get(hfile))?;
            t.exception = t.get(he);
            Err(r)
        }
    }
}

/// IMPORT_STAR.
pub fn import_star(t: &mut Thread, fi: usize) -> PyResult<()> {
    let m = t.stack.top();
    let locals = t.frames[fi].locals;
    if locals.is_unbound() {
        return Err(t.system_error("no locals found during 'import *'"));
    }
    crate::import::import_star(t, m, locals)?;
    t.stack.sp -= 1;
    Ok(())
}

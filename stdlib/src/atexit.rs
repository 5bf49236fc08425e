//! The `atexit` module: functions to call when the program ends. The `ember` binary calls
//! `run_exitfuncs` after the main module finished (and after an uncaught exception was
//! reported), last registered first, as CPython's finalisation does.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type;
use ember_vm::objects::{dict, list, module, tuple};
use ember_vm::protocol;
use ember_vm::thread::Thread;

/// The registered `(func, args, kwargs)` tuples, oldest first.
const CALLBACKS: &str = "atexit.callbacks";

fn callbacks(t: &mut Thread) -> PyResult<Value> {
    if let Some(l) = native_type::native_type(t, CALLBACKS) {
        return Ok(l);
    }
    let l = list::new_list(t, 0)?;
    t.native_types.push((CALLBACKS, l));
    Ok(l)
}

fn register(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("register() takes at least 1 argument (0 given)"));
    }
    if !ember_vm::builtins::introspection::is_callable(t, a.get(t, 0))? {
        return Err(t.type_error("the first argument must be callable"));
    }
    let args: Vec<Value> = (1..a.len()).map(|i| a.get(t, i)).collect();
    let args = tuple::new_tuple(t, &args)?;
    let hargs = t.root(args);
    let kwargs = dict::new_dict(t)?;
    let hkw = t.root(kwargs);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        dict::set(t, t.get(hkw), k, v)?;
    }
    let entry = tuple::new_tuple(t, &[a.get(t, 0), t.get(hargs), t.get(hkw)])?;
    let he = t.root(entry);
    let l = callbacks(t)?;
    list::append(t, l, t.get(he))?;
    Ok(a.get(t, 0))
}

fn unregister(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "unregister", 1, 1)?;
    let l = callbacks(t)?;
    let hl = t.root(l);
    let mut i = 0;
    while i < list::len(t, t.get(hl)) {
        let entry = list::get(t, t.get(hl), i);
        let f = tuple::get(t, entry, 0);
        if protocol::eq(t, f, a.get(t, 0))? {
            list::remove_at(t, t.get(hl), i);
        } else {
            i += 1;
        }
    }
    Ok(Value::NONE)
}

/// Calls the registered functions, last first, and forgets them. An exception in one is
/// reported ("Exception ignored in atexit callback") and the others still run.
pub fn run_exitfuncs(t: &mut Thread) {
    let Ok(l) = callbacks(t) else {
        t.take_exception();
        return;
    };
    let hl = t.root(l);
    while list::len(t, t.get(hl)) > 0 {
        let mark = t.handle_mark();
        let n = list::len(t, t.get(hl));
        let entry = list::remove_at(t, t.get(hl), n - 1);
        let he = t.root(entry);
        let f = tuple::get(t, entry, 0);
        let args = tuple::items(t, tuple::get(t, entry, 1));
        let kwargs = tuple::get(t, t.get(he), 2);
        let r = if dict::len(t, kwargs) == 0 {
            protocol::call(t, f, &args)
        } else {
            let mut all = args;
            let items = dict::items(t, kwargs);
            let names: Vec<Value> = items.iter().map(|(k, _)| *k).collect();
            all.extend(items.iter().map(|(_, v)| *v));
            match tuple::new_tuple(t, &names) {
                Ok(kwnames) => {
                    let f = tuple::get(t, t.get(he), 0);
                    protocol::call::call_with_kw(t, f, &all, kwnames)
                }
                Err(e) => Err(e),
            }
        };
        if r.is_err() {
            let exc = t.take_exception();
            let hx = t.root(exc);
            let f = tuple::get(t, t.get(he), 0);
            let what = protocol::repr_string(t, f).unwrap_or_else(|_| "<callback>".into());
            let sysexit = t.ty(ember_vm::objects::builtin_types::BuiltinType::SystemExit);
            let ety = t.type_of(t.get(hx));
            if ember_vm::objects::type_::is_subtype(t, ety, sysexit) {
                // SystemExit from a callback is silently dropped, as in CPython.
            } else {
                ember_vm::interpreter::traceback::print_unraisable_with(
                    t,
                    t.get(hx),
                    &format!("Exception ignored in atexit callback: {what}"),
                );
            }
        }
        t.handle_release(mark);
    }
}

fn run_exitfuncs_native(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "_run_exitfuncs", 0, 0)?;
    run_exitfuncs(t);
    Ok(Value::NONE)
}

fn clear(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "_clear", 0, 0)?;
    let l = callbacks(t)?;
    list::clear(t, l)?;
    Ok(Value::NONE)
}

fn ncallbacks(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "_ncallbacks", 0, 0)?;
    let l = callbacks(t)?;
    Ok(Value::small_int(list::len(t, l) as i64))
}

pub fn init_atexit(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "atexit")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let fns: &[(&'static str, native::NativeFn)] = &[
        ("register", register),
        ("unregister", unregister),
        ("_run_exitfuncs", run_exitfuncs_native),
        ("_clear", clear),
        ("_ncallbacks", ncallbacks),
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "atexit", name, *f)?;
    }
    Ok(t.get(hm))
}

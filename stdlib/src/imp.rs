//! `_imp`, the builtin half of `importlib`, for ember's import system: builtin (native)
//! modules are found and created through ember's own importer; there are no frozen modules,
//! no import lock to take (one thread) and no C extensions yet (`create_dynamic` says so).
//! Also `_warnings`, whose `warn` defers to the pure-Python `warnings` module (which
//! `warnings.py` uses itself when `_warnings` lacks its filters, as here).

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{dict, list, module, str as pystr, tuple};
use ember_vm::protocol;
use ember_vm::thread::Thread;

fn name_of(t: &mut Thread, v: Value, fname: &str) -> PyResult<String> {
    if pystr::is_str(t, v) {
        return Ok(pystr::to_rust_string(t, v));
    }
    let msg = format!(
        "{fname}() argument must be str, not {}",
        ember_vm::objects::type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

fn is_native(t: &Thread, name: &str) -> bool {
    matches!(name, "sys" | "builtins") || t.native_modules.iter().any(|(n, _)| *n == name)
}

fn imp_is_builtin(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "is_builtin", 1, 1)?;
    let n = name_of(t, a.get(t, 0), "is_builtin")?;
    // CPython: -1 for modules that cannot be re-initialised (sys, builtins), 1 otherwise.
    let v = if matches!(n.as_str(), "sys" | "builtins") {
        -1
    } else if is_native(t, &n) {
        1
    } else {
        0
    };
    Ok(Value::small_int(v))
}

fn imp_create_builtin(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "create_builtin", 1, 1)?;
    let name = protocol::getattr_str(t, a.get(t, 0), "name")?;
    let n = name_of(t, name, "create_builtin")?;
    if !is_native(t, &n) {
        let msg = format!("no built-in module named {n}");
        return Err(t.raise_msg(BuiltinType::ImportError, &msg));
    }
    ember_vm::import::import_dotted(t, &n)
}

fn imp_exec_builtin(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "exec_builtin", 1, 1)?;
    Ok(Value::small_int(0))
}

fn imp_false(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "is_frozen", 1, 2)?;
    Ok(Value::FALSE)
}

fn imp_none(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "find_frozen", 1, 2)?;
    Ok(Value::NONE)
}

fn imp_get_frozen_object(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "get_frozen_object", 1, 2)?;
    let n = name_of(t, a.get(t, 0), "get_frozen_object")?;
    let msg = format!("No such frozen object named '{n}'");
    Err(t.raise_msg(BuiltinType::ImportError, &msg))
}

fn imp_noop(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn imp_lock_held(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "lock_held", 0, 0)?;
    Ok(Value::FALSE)
}

fn imp_extension_suffixes(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "extension_suffixes", 0, 0)?;
    list::new_list(t, 0)
}

fn imp_create_dynamic(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "create_dynamic", 1, 2)?;
    Err(t.raise_msg(
        BuiltinType::ImportError,
        "ember cannot load C extension modules yet",
    ))
}

fn imp_frozen_module_names(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "_frozen_module_names", 0, 0)?;
    tuple::new_tuple(t, &[])
}

pub fn init_imp(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_imp")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let fns: &[(&'static str, native::NativeFn)] = &[
        ("is_builtin", imp_is_builtin),
        ("create_builtin", imp_create_builtin),
        ("exec_builtin", imp_exec_builtin),
        ("is_frozen", imp_false),
        ("is_frozen_package", imp_false),
        ("find_frozen", imp_none),
        ("get_frozen_object", imp_get_frozen_object),
        ("acquire_lock", imp_noop),
        ("release_lock", imp_noop),
        ("lock_held", imp_lock_held),
        ("_fix_co_filename", imp_noop),
        ("extension_suffixes", imp_extension_suffixes),
        ("create_dynamic", imp_create_dynamic),
        ("exec_dynamic", imp_exec_builtin),
        ("_frozen_module_names", imp_frozen_module_names),
        ("_override_frozen_modules_for_tests", imp_noop),
        ("_override_multi_interp_extensions_check", imp_noop),
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "_imp", name, *f)?;
    }
    let never = pystr::new_str(t, "never")?;
    dict::set_str(t, t.get(hd), "check_hash_based_pycs", never)?;
    Ok(t.get(hm))
}

/// `_warnings.warn(...)`: the `warnings` module's.
fn warnings_warn(t: &mut Thread, a: Args) -> PyResult<Value> {
    let w = ember_vm::import::import_dotted(t, "warnings")?;
    let f = protocol::getattr_str(t, w, "warn")?;
    ember_vm::objects::native::call_forwarding_all(t, f, a)
}

pub fn init_warnings(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_warnings")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    native::add_function(t, t.get(hd), "_warnings", "warn", warnings_warn)?;
    Ok(t.get(hm))
}

// ----- importlib's view of ember's importer -----

/// `find_spec(name, path=None, target=None)` of the meta path entry that lets `importlib`
/// (`import_module`, `util.find_spec`) see modules through ember's own importer: the module
/// is imported, and its spec names this module as the loader.
fn ember_find_spec(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "find_spec", 1, 3)?;
    let name = name_of(t, a.get(t, 0), "find_spec")?;
    if let Err(e) = ember_vm::import::import_dotted(t, &name) {
        if t.exception_matches(BuiltinType::ModuleNotFoundError) {
            t.take_exception();
            return Ok(Value::NONE);
        }
        return Err(e);
    }
    let boot = ember_vm::import::import_dotted(t, "importlib._bootstrap")?;
    let f = protocol::getattr_str(t, boot, "spec_from_loader")?;
    let hf = t.root(f);
    let loader = ember_vm::import::import_dotted(t, "_ember_importer")?;
    let hl = t.root(loader);
    let n = pystr::new_str(t, &name)?;
    protocol::call(t, t.get(hf), &[n, t.get(hl)])
}

/// `create_module(spec)`: the module ember already imported.
fn ember_create_module(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "create_module", 1, 1)?;
    let name = protocol::getattr_str(t, a.get(t, 0), "name")?;
    let n = name_of(t, name, "create_module")?;
    ember_vm::import::import_dotted(t, &n)
}

pub fn init_ember_importer(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_ember_importer")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    native::add_function(t, t.get(hd), "_ember_importer", "find_spec", ember_find_spec)?;
    native::add_function(t, t.get(hd), "_ember_importer", "create_module", ember_create_module)?;
    native::add_function(t, t.get(hd), "_ember_importer", "exec_module", imp_noop)?;
    Ok(t.get(hm))
}

/// Puts `_ember_importer` on `sys.meta_path` (ember's own imports do not consult it; it is
/// there for `importlib`).
pub fn install_meta_path(t: &mut Thread) -> PyResult<()> {
    let m = ember_vm::import::import_dotted(t, "_ember_importer")?;
    let hm = t.root(m);
    let sys = t.globals.sys;
    let mp = protocol::getattr_str(t, sys, "meta_path")?;
    if list::is_list(t, mp) {
        list::append(t, mp, t.get(hm))?;
    }
    Ok(())
}

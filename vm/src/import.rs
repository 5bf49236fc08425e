//! The import system: `__import__` over `sys.modules`, the native module table (modules
//! written in Rust, registered by `main.rs` through `Thread::native_modules`), and source
//! modules and packages found on `sys.path` (or a package's `__path__`), including relative
//! imports. A module is entered in `sys.modules` before its body runs and removed if the body
//! fails, as CPython does.

use ember_gc::Value;

use crate::compiler::{self, Mode};
use crate::errors::{PyResult, Raised};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, list, module, str as pystr, tuple};
use crate::thread::Thread;

/// Creates a native module: called with the thread, returns the module object.
pub type NativeModuleInit = fn(&mut Thread) -> PyResult<Value>;

/// `__import__(name, globals, locals, fromlist, level)`.
pub fn import(
    t: &mut Thread,
    name: &str,
    globals: Value,
    fromlist: Value,
    level: usize,
) -> PyResult<Value> {
    let hf = t.root(fromlist);
    let abs = if level > 0 {
        resolve_relative(t, name, globals, level)?
    } else {
        if name.is_empty() {
            return Err(t.value_error("Empty module name"));
        }
        name.to_string()
    };
    let m = import_dotted(t, &abs)?;
    let hm = t.root(m);
    let fromlist = t.get(hf);
    let has_from = !fromlist.is_none() && crate::protocol::truthy(t, fromlist)?;
    if has_from {
        // `from pkg import sub`: import submodules named in the fromlist when pkg is a package.
        if is_package(t, t.get(hm))? {
            let names = crate::protocol::to_list(t, t.get(hf))?;
            let hn = t.root(names);
            for i in 0..list::len(t, names) {
                let n = list::get(t, t.get(hn), i);
                if !pystr::is_str(t, n) {
                    continue;
                }
                let n = pystr::to_rust_string(t, n);
                if n == "*" {
                    continue;
                }
                let d = module::module_dict(t, t.get(hm));
                if dict::get_rust_str(t, d, &n)?.is_none() {
                    let full = format!("{abs}.{n}");
                    match import_dotted(t, &full) {
                        Ok(_) => {}
                        Err(e) => {
                            // Only "not found" for exactly this submodule is ignored here;
                            // IMPORT_FROM reports the missing name.
                            if t.exception_matches(BuiltinType::ModuleNotFoundError)
                                && exception_module_name(t).as_deref() == Some(full.as_str())
                            {
                                t.take_exception();
                            } else {
                                return Err(e);
                            }
                        }
                    }
                }
            }
        }
        return Ok(t.get(hm));
    }
    if level == 0 {
        if let Some(top) = abs.split('.').next() {
            if top != abs {
                return get_module(t, top)?
                    .ok_or_else(|| t.system_error("top-level module missing after import"));
            }
        }
    } else if let Some(first) = name.split('.').next() {
        if !name.is_empty() && first != name {
            // `from . import a.b` is not valid syntax; `import` with level>0 and no fromlist
            // only happens for `__import__` calls: return the first component.
            let cut = abs.len() - (name.len() - first.len());
            return get_module(t, &abs[..cut])?
                .ok_or_else(|| t.system_error("parent module missing after import"));
        }
    }
    Ok(t.get(hm))
}

fn exception_module_name(t: &mut Thread) -> Option<String> {
    let e = t.exception;
    let sym = t.symbols.find(b"name")?;
    let key = t.sym_str(sym);
    match crate::protocol::attr::instance_get(t, e, key) {
        Ok(Some(n)) if pystr::is_str(t, n) => Some(pystr::to_rust_string(t, n)),
        _ => None,
    }
}

/// Turns a relative import into an absolute module name.
fn resolve_relative(t: &mut Thread, name: &str, globals: Value, level: usize) -> PyResult<String> {
    let hg = t.root(globals);
    let mut package = None;
    if dict::is_dict(t, globals) {
        if let Some(p) = dict::get_rust_str(t, t.get(hg), "__package__")? {
            if pystr::is_str(t, p) {
                package = Some(pystr::to_rust_string(t, p));
            }
        }
        if package.is_none() {
            if let Some(n) = dict::get_rust_str(t, t.get(hg), "__name__")? {
                if pystr::is_str(t, n) {
                    let n = pystr::to_rust_string(t, n);
                    let is_pkg = dict::get_rust_str(t, t.get(hg), "__path__")?.is_some();
                    package = Some(if is_pkg {
                        n
                    } else {
                        n.rsplit_once('.')
                            .map(|(p, _)| p.to_string())
                            .unwrap_or_default()
                    });
                }
            }
        }
    }
    let package = match package {
        Some(p) if !p.is_empty() => p,
        _ => {
            return Err(t.raise_msg(
                BuiltinType::ImportError,
                "attempted relative import with no known parent package",
            ))
        }
    };
    let parts: Vec<&str> = package.split('.').collect();
    if level - 1 >= parts.len() {
        return Err(t.raise_msg(
            BuiltinType::ImportError,
            "attempted relative import beyond top-level package",
        ));
    }
    let base = parts[..parts.len() - (level - 1)].join(".");
    Ok(if name.is_empty() {
        base
    } else {
        format!("{base}.{name}")
    })
}

/// `sys.modules.get(name)`.
pub fn get_module(t: &mut Thread, name: &str) -> PyResult<Option<Value>> {
    let mods = t.globals.modules;
    let r = dict::get_rust_str(t, mods, name)?;
    Ok(r.filter(|m| !m.is_none()))
}

fn is_package(t: &mut Thread, m: Value) -> PyResult<bool> {
    if !module::is_module(t, m) {
        return Ok(false);
    }
    let d = module::module_dict(t, m);
    Ok(dict::get_rust_str(t, d, "__path__")?.is_some())
}

/// Imports `a.b.c`, importing `a` and `a.b` first, and returns module `a.b.c`.
pub fn import_dotted(t: &mut Thread, name: &str) -> PyResult<Value> {
    if let Some(m) = get_module(t, name)? {
        return Ok(m);
    }
    let mut path = Value::NONE;
    let parent_name = name.rsplit_once('.').map(|(p, _)| p.to_string());
    if let Some(p) = &parent_name {
        let parent = import_dotted(t, p)?;
        let hparent = t.root(parent);
        // The parent's import may have imported us.
        if let Some(m) = get_module(t, name)? {
            return Ok(m);
        }
        let d = module::module_dict(t, t.get(hparent));
        match dict::get_rust_str(t, d, "__path__")? {
            Some(pp) => path = pp,
            None => {
                let msg = format!("No module named '{name}'; '{p}' is not a package");
                return Err(not_found(t, &msg, name));
            }
        }
    }
    let hp = t.root(path);
    let m = load_module(t, name, t.get(hp))?;
    let hm = t.root(m);
    if let Some(p) = &parent_name {
        // Bind the submodule as an attribute of its parent.
        if let Some(parent) = get_module(t, p)? {
            let short = &name[p.len() + 1..];
            let d = module::module_dict(t, parent);
            dict::set_str(t, d, short, t.get(hm))?;
        }
    }
    Ok(t.get(hm))
}

#[cold]
fn not_found(t: &mut Thread, msg: &str, name: &str) -> Raised {
    let r = t.raise_msg(BuiltinType::ModuleNotFoundError, msg);
    let e = t.exception;
    let he = t.root(e);
    if let Ok(n) = pystr::new_str(t, name) {
        let _ = crate::protocol::attr::set_instance_attr_str(t, t.get(he), "name", n);
    }
    t.exception = t.get(he);
    r
}

/// Finds and executes module `name` (its parent is already imported; `path` is the
/// parent's `__path__`, or None for top-level modules which search `sys.path`).
fn load_module(t: &mut Thread, name: &str, path: Value) -> PyResult<Value> {
    if path.is_none() {
        if let Some(init) = t
            .native_modules
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
        {
            // Native module initialisers run paused, like the type initialisers.
            let m = t.paused(init)?;
            let hm = t.root(m);
            let mods = t.globals.modules;
            dict::set_str(t, mods, name, t.get(hm))?;
            return Ok(t.get(hm));
        }
    }
    let dirs = if path.is_none() {
        let sys = t.globals.sys;
        let d = module::module_dict(t, sys);
        match dict::get_rust_str(t, d, "path")? {
            Some(p) => string_list(t, p)?,
            None => Vec::new(),
        }
    } else {
        string_list(t, path)?
    };
    let short = name.rsplit('.').next().unwrap_or(name);
    for dir in dirs {
        let base = if dir.is_empty() {
            ".".to_string()
        } else {
            dir.clone()
        };
        let pkg_dir = std::path::Path::new(&base).join(short);
        let init = pkg_dir.join("__init__.py");
        if init.is_file() {
            let pkg_path = pkg_dir.to_string_lossy().into_owned();
            return exec_source_module(t, name, &init.to_string_lossy(), Some(&pkg_path));
        }
        let file = std::path::Path::new(&base).join(format!("{short}.py"));
        if file.is_file() {
            return exec_source_module(t, name, &file.to_string_lossy(), None);
        }
    }
    let msg = format!("No module named '{name}'");
    Err(not_found(t, &msg, name))
}

fn string_list(t: &mut Thread, v: Value) -> PyResult<Vec<String>> {
    let l = crate::protocol::to_list(t, v)?;
    let items = list::items(t, l);
    Ok(items
        .into_iter()
        .filter(|s| pystr::is_str(t, *s))
        .map(|s| pystr::to_rust_string(t, s))
        .collect())
}

/// Reads, compiles and runs a source module, registering it in `sys.modules`.
pub fn exec_source_module(
    t: &mut Thread,
    name: &str,
    file: &str,
    package_path: Option<&str>,
) -> PyResult<Value> {
    let source = match read_source(file) {
        Ok(s) => s,
        Err(e) => {
            let msg = format!(
                "[Errno {}] {}: '{}'",
                e.raw_os_error().unwrap_or(0),
                e,
                file
            );
            return Err(t.raise_msg(BuiltinType::OSError, &msg));
        }
    };
    let m = module::new_module(t, name)?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let f = pystr::new_str(t, file)?;
    dict::set_str(t, t.get(hd), "__file__", f)?;
    let builtins_mod = t.globals.builtins_module;
    dict::set_str(t, t.get(hd), "__builtins__", builtins_mod)?;
    let package = match package_path {
        Some(p) => {
            let ps = pystr::new_str(t, p)?;
            let pl = list::new_list_from(t, &[ps])?;
            dict::set_str(t, t.get(hd), "__path__", pl)?;
            name.to_string()
        }
        None => name
            .rsplit_once('.')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default(),
    };
    let pv = pystr::new_str(t, &package)?;
    dict::set_str(t, t.get(hd), "__package__", pv)?;
    let mods = t.globals.modules;
    dict::set_str(t, mods, name, t.get(hm))?;
    let r = run_source(t, &source, file, t.get(hd));
    if let Err(e) = r {
        let mods = t.globals.modules;
        let key = pystr::new_str(t, name);
        if let Ok(k) = key {
            let saved = t.take_exception();
            let _ = dict::remove(t, mods, k);
            t.exception = saved;
        }
        return Err(e);
    }
    // Return what sys.modules holds (a module may replace itself).
    Ok(get_module(t, name)?.unwrap_or(t.get(hm)))
}

/// Reads a source file, honouring a UTF-8 BOM. FIXME(coding-cookies): PEP 263 cookies naming
/// other encodings are not decoded yet.
pub fn read_source(path: &str) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// Compiles `source` and runs it in the namespace `globals`.
pub fn run_source(t: &mut Thread, source: &str, filename: &str, globals: Value) -> PyResult<Value> {
    let hg = t.root(globals);
    let code = compile_source(t, source, filename, Mode::Exec)?;
    crate::interpreter::run_code(t, code, t.get(hg), t.get(hg))
}

/// Compiles source to a heap code object, raising SyntaxError on failure.
pub fn compile_source(t: &mut Thread, source: &str, filename: &str, mode: Mode) -> PyResult<Value> {
    // The parser recurses; the interpreter thread runs on a large stack (see main.rs).
    let co = compiler::compile(source, filename, mode, crate::bytecode::CodeFlags::empty());
    match co {
        Ok(co) => crate::objects::code::new_code(t, &co),
        Err(e) => Err(crate::builtins::compile_error_to_exception(t, &e)),
    }
}

/// IMPORT_STAR's work: copies the public names of `m` into the mapping `locals`.
pub fn import_star(t: &mut Thread, m: Value, locals: Value) -> PyResult<()> {
    let hm = t.root(m);
    let hl = t.root(locals);
    let d = if module::is_module(t, m) {
        module::module_dict(t, m)
    } else {
        crate::protocol::getattr_str(t, m, "__dict__")?
    };
    let hd = t.root(d);
    let all = dict::get_rust_str(t, d, "__all__")?;
    let names = match all {
        Some(a) => crate::protocol::to_list(t, a)?,
        None => {
            let keys: Vec<Value> = dict::items(t, t.get(hd))
                .into_iter()
                .map(|(k, _)| k)
                .filter(|k| {
                    !(pystr::is_str(t, *k)
                        && pystr::with_str_bytes(t, *k, |_, b| b.first() == Some(&b'_')))
                })
                .collect();
            list::new_list_from(t, &keys)?
        }
    };
    let hn = t.root(names);
    for i in 0..list::len(t, names) {
        let mark = t.handle_mark();
        let k = list::get(t, t.get(hn), i);
        let hk = t.root(k);
        let v = crate::protocol::getattr(t, t.get(hm), k)?;
        crate::protocol::setitem(t, t.get(hl), t.get(hk), v)?;
        t.handle_release(mark);
    }
    let _ = tuple::len;
    Ok(())
}

//! The `_ast` module object: CPython 3.11's node class hierarchy and the `PyCF_*` flags.
//!
//! The classes are ordinary Python classes (`type(name, bases, ns)` with
//! `__module__ = 'ast'`), so Python code subclasses them and `ast.py` uses them unmodified.
//! They are created by running `classes.py` (generated from CPython 3.11's `_ast`: names,
//! bases, `_fields`, `_attributes`, docs and the class-level None of optional fields) in the
//! module's namespace; `AST.__init__` there gives CPython's constructor behaviour and errors.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::{dict, module};
use crate::thread::Thread;

const CLASSES_PY: &str = include_str!("classes.py");

/// The `_ast` native module initialiser (registered in `Thread::native_modules`).
pub fn init_ast(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_ast")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    crate::import::run_source(t, CLASSES_PY, "<_ast>", t.get(hd))?;
    // Frames of functions defined above find the VM's builtins without `__builtins__`.
    if let Some(k) = dict::get_rust_str(t, t.get(hd), "__builtins__")? {
        let _ = k;
        let key = crate::objects::str::new_str(t, "__builtins__")?;
        dict::remove(t, t.get(hd), key)?;
    }
    Ok(t.get(hm))
}

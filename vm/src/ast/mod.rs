//! CPython's `_ast` module: the node classes (`classes`), the conversion of rustpython's
//! AST into node objects for `ast.parse` / `compile(..., PyCF_ONLY_AST)` (`to_py`), and the
//! conversion of node objects back into rustpython's AST for `compile(ast_object, ...)`
//! (`from_py`), which refuses what CPython's validator refuses (`validate`). It must not
//! keep heap values outside handles: every conversion step may allocate and move the
//! objects it is reading or building.

mod classes;
mod from_py;
mod to_py;
mod validate;

pub use classes::init_ast;
pub(crate) use from_py::{compile_object, is_ast_object};
pub(crate) use to_py::parse_to_object;

use ember_gc::Value;

use crate::errors::PyResult;
use crate::thread::Thread;

/// The dict of `_ast` node classes by name (a copy of the module's namespace made when it
/// was initialised), importing `_ast` first if needed.
pub(crate) fn ast_namespace(t: &mut Thread) -> PyResult<Value> {
    if let Some(d) = registry(t) {
        return Ok(d);
    }
    crate::import::import(t, "_ast", Value::NONE, Value::NONE, 0)?;
    match registry(t) {
        Some(d) => Ok(d),
        None => Err(t.system_error("_ast is not initialised")),
    }
}

fn registry(t: &Thread) -> Option<Value> {
    t.native_types
        .iter()
        .find(|(k, _)| *k == classes::REGISTRY)
        .map(|(_, v)| *v)
}

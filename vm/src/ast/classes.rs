//! The `_ast` module object: CPython 3.11's node class hierarchy and the `PyCF_*` flags.
//!
//! The classes are ordinary Python classes (`type(name, bases, ns)` with
//! `__module__ = 'ast'`), so Python code subclasses them and `ast.py` uses them unmodified.
//! They are created by running `classes.py` (generated from CPython 3.11's `_ast`: names,
//! bases, `_fields`, `_attributes`, docs and the class-level None of optional fields) in the
//! module's namespace; `AST.__init__` there gives CPython's constructor behaviour and errors.
//! The initialiser runs with collection paused (as every native module's), so it may keep
//! the fresh singleton instances in locals while it allocates.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::{dict, module};
use crate::thread::Thread;

const CLASSES_PY: &str = include_str!("classes.py");

/// The `Thread::native_types` key of the dict of node classes by name.
pub(crate) const REGISTRY: &str = "_ast.classes";

/// The field-less nodes `ast.parse` shares, as CPython does (`ast.parse('x').body[0]
/// .value.ctx is ast.parse('y').body[0].value.ctx`), with their `Thread::native_types` keys.
const SINGLETONS: [&str; 32] = [
    "_ast.Load",
    "_ast.Store",
    "_ast.Del",
    "_ast.And",
    "_ast.Or",
    "_ast.Add",
    "_ast.Sub",
    "_ast.Mult",
    "_ast.MatMult",
    "_ast.Div",
    "_ast.Mod",
    "_ast.Pow",
    "_ast.LShift",
    "_ast.RShift",
    "_ast.BitOr",
    "_ast.BitXor",
    "_ast.BitAnd",
    "_ast.FloorDiv",
    "_ast.Invert",
    "_ast.Not",
    "_ast.UAdd",
    "_ast.USub",
    "_ast.Eq",
    "_ast.NotEq",
    "_ast.Lt",
    "_ast.LtE",
    "_ast.Gt",
    "_ast.GtE",
    "_ast.Is",
    "_ast.IsNot",
    "_ast.In",
    "_ast.NotIn",
];

/// The shared instance of field-less node class `name` (`Load`, `Add`, ...), if any.
pub(crate) fn singleton(t: &Thread, name: &str) -> Option<Value> {
    t.native_types
        .iter()
        .find(|(k, _)| k.strip_prefix("_ast.") == Some(name))
        .map(|(_, v)| *v)
}

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
    // A re-import makes new classes: drop the instances and registry of the old ones.
    t.native_types
        .retain(|(k, _)| !SINGLETONS.contains(k) && *k != REGISTRY);
    // The conversions use this copy of the namespace, as CPython uses its module state:
    // rebinding `_ast.Name` does not change what `ast.parse` builds.
    let dict_ty = t.ty(crate::objects::builtin_types::BuiltinType::Dict);
    let registry = crate::protocol::call(t, dict_ty, &[t.get(hd)])?;
    t.native_types.push((REGISTRY, registry));
    for key in SINGLETONS {
        let name = &key["_ast.".len()..];
        if let Some(cls) = dict::get_rust_str(t, t.get(hd), name)? {
            let inst = crate::objects::object::new_instance(t, cls)?;
            t.native_types.push((key, inst));
        }
    }
    Ok(t.get(hm))
}

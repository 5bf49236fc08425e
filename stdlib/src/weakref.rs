//! The `_weakref` module: weak references over the collector's Weak-format objects. The
//! types and their behaviour live in the VM (`ember_vm::objects::weakref`); this module
//! exposes them under CPython's names.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::weakref;
use ember_vm::objects::{dict, module, native};
use ember_vm::thread::Thread;

pub fn init_weakref(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_weakref")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let functions: &[(&'static str, native::NativeFn)] = &[
        ("getweakrefcount", weakref::getweakrefcount),
        ("getweakrefs", weakref::getweakrefs),
        ("proxy", weakref::proxy),
        ("_remove_dead_weakref", weakref::remove_dead_weakref),
    ];
    for (name, f) in functions {
        native::add_function(t, t.get(hd), "_weakref", name, *f)?;
    }
    for (name, bt) in [
        ("ref", BuiltinType::WeakRef),
        ("ReferenceType", BuiltinType::WeakRef),
        ("ProxyType", BuiltinType::WeakProxy),
        ("CallableProxyType", BuiltinType::WeakCallableProxy),
    ] {
        let ty = t.ty(bt);
        dict::set_str(t, t.get(hd), name, ty)?;
    }
    Ok(t.get(hm))
}

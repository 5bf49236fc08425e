//! `module`: slots 0 = namespace dict, 1 = name. Attribute access on modules reads and writes
//! the namespace dict.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, str as pystr};
use crate::thread::Thread;

pub const DICT: usize = 0;
pub const NAME: usize = 1;

/// Creates a module named `name` with a fresh namespace holding `__name__`, `__doc__`
/// (None), `__package__`, `__loader__` and `__spec__` (None).
pub fn new_module(t: &mut Thread, name: &str) -> PyResult<Value> {
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    let n = pystr::new_str(t, name)?;
    let hn = t.root(n);
    dict::set_str(t, t.get(hd), "__name__", t.get(hn))?;
    dict::set_str(t, t.get(hd), "__doc__", Value::NONE)?;
    dict::set_str(t, t.get(hd), "__package__", Value::NONE)?;
    dict::set_str(t, t.get(hd), "__loader__", Value::NONE)?;
    dict::set_str(t, t.get(hd), "__spec__", Value::NONE)?;
    t.new_object(BuiltinType::Module.layout(), &[t.get(hd), t.get(hn)])
}

pub fn is_module(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.layouts.get(t.heap.layout_id(v)).native == crate::layout::NativeKind::Module
}

#[inline]
pub fn module_dict(t: &Thread, m: Value) -> Value {
    t.heap.slot(m, DICT)
}

// ----- methods -----

use crate::objects::native::{self, Args};

fn module_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = a.get(t, 0);
    let d = module_dict(t, m);
    let hd = t.root(d);
    let name = dict::get_rust_str(t, d, "__name__")?
        .filter(|n| pystr::is_str(t, *n))
        .map(|n| pystr::to_rust_string(t, n))
        .unwrap_or_else(|| "?".into());
    let file = dict::get_rust_str(t, t.get(hd), "__file__")?
        .filter(|n| pystr::is_str(t, *n))
        .map(|n| pystr::to_rust_string(t, n));
    let s = match file {
        Some(f) => format!("<module '{name}' from '{f}'>"),
        None => format!("<module '{name}' (built-in)>"),
    };
    pystr::new_str(t, &s)
}

fn module_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    let layout = crate::objects::type_::instance_layout(t, cls);
    let n = t.layouts.get(layout).num_slots.max(2) as usize;
    let m = t.alloc_slots(layout, n, Value::NONE)?;
    t.heap.set_slot(m, DICT, t.get(hd));
    Ok(m)
}

fn module_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    let name = a.opt(t, 1).or_else(|| a.kwarg(t, "name"));
    let Some(name) = name else {
        return Err(t.type_error("module.__init__() missing required argument 'name' (pos 1)"));
    };
    if !pystr::is_str(t, name) {
        return Err(t.type_error("module.__init__() argument 'name' must be str"));
    }
    let doc = a
        .opt(t, 2)
        .or_else(|| a.kwarg(t, "doc"))
        .unwrap_or(Value::NONE);
    let m = a.get(t, 0);
    t.heap.set_slot(m, NAME, name);
    let d = module_dict(t, m);
    let hd = t.root(d);
    dict::set_str(
        t,
        d,
        "__name__",
        a.opt(t, 1)
            .or_else(|| a.kwarg(t, "name"))
            .unwrap_or(Value::NONE),
    )?;
    dict::set_str(t, t.get(hd), "__doc__", doc)?;
    for k in ["__package__", "__loader__", "__spec__"] {
        if dict::get_rust_str(t, t.get(hd), k)?.is_none() {
            dict::set_str(t, t.get(hd), k, Value::NONE)?;
        }
    }
    Ok(Value::NONE)
}

fn module_dir(t: &mut Thread, a: Args) -> PyResult<Value> {
    let d = module_dict(t, a.get(t, 0));
    let keys: Vec<Value> = dict::items(t, d).into_iter().map(|(k, _)| k).collect();
    crate::objects::list::new_list_from(t, &keys)
}

pub fn init(t: &mut Thread) -> PyResult<()> {
    native::add_method(t, t.ty(BuiltinType::Module), "__repr__", module_repr)?;
    native::add_static(t, t.ty(BuiltinType::Module), "__new__", module_new)?;
    native::add_method(t, t.ty(BuiltinType::Module), "__init__", module_init)?;
    native::add_method(t, t.ty(BuiltinType::Module), "__dir__", module_dir)?;
    Ok(())
}

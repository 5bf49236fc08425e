//! Bootstrap: creates the builtin type objects (whose instance layouts have fixed ids), wires
//! them into the layout table, fills their namespaces, and creates `builtins` and `sys`.
//! Runs once per thread before any Python code. A failure here (MemoryError at startup) is
//! unrecoverable and aborts with a message.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, str as pystr, tuple, type_};
use crate::thread::Thread;

pub fn bootstrap(t: &mut Thread) {
    // Bootstrap runs paused: it creates a bounded set of long-lived objects, and the type
    // initialisers hold type objects in locals while filling their namespaces.
    if let Err(_e) = t.paused(try_bootstrap) {
        let exc = t.take_exception();
        let msg = if exc.is_unbound() {
            "unknown error".to_string()
        } else {
            let name = type_::type_name_of(t, exc);
            let args = crate::objects::exceptions::args(t, exc);
            if tuple::is_tuple(t, args) && tuple::len(t, args) > 0 {
                let a0 = tuple::get(t, args, 0);
                if pystr::is_str(t, a0) {
                    format!("{name}: {}", pystr::to_rust_string(t, a0))
                } else {
                    name
                }
            } else {
                name
            }
        };
        eprintln!("Fatal Python error: failed to initialise ember: {msg}");
        std::process::exit(1);
    }
}

fn try_bootstrap(t: &mut Thread) -> PyResult<()> {
    // 0. The fixed symbols first, so `Symbol(i)` is `KNOWN[i]`.
    for (i, name) in crate::symbols::KNOWN.iter().enumerate() {
        let s = t.intern(name)?;
        debug_assert_eq!(s.0 as usize, i);
    }
    let empty = t.alloc_slots(BuiltinType::Tuple.layout(), 0, Value::NONE)?;
    t.globals.empty_tuple = empty;
    // 1. Type objects.
    let type_layout = BuiltinType::Type.layout();
    for &bt in BuiltinType::ALL {
        let name = pystr::new_str(t, bt.name())?;
        let mut flags = type_::flags::BUILTIN;
        if bt.is_base_type() {
            flags |= type_::flags::BASETYPE;
        }
        if bt.native_kind() == crate::layout::NativeKind::Exception {
            flags |= type_::flags::EXCEPTION;
        }
        let empty = t.globals.empty_tuple;
        let ty = type_::alloc_type(t, type_layout, name, empty, flags)?;
        t.types[bt as usize] = ty;
        type_::set_instance_layout(t, ty, bt.layout());
        let v = type_::version(t, ty);
        let l = t.layouts.get_mut(bt.layout());
        l.type_ = ty;
        l.type_version = v;
    }
    // 2. Bases and MROs (bases are created before subclasses in the table).
    for &bt in BuiltinType::ALL {
        let ty = t.ty(bt);
        let hty = t.root(ty);
        let bases = if bt == BuiltinType::Object {
            t.globals.empty_tuple
        } else if bt == BuiltinType::ExceptionGroup {
            let a = t.ty(BuiltinType::BaseExceptionGroup);
            let b = t.ty(BuiltinType::Exception);
            tuple::new_tuple(t, &[a, b])?
        } else {
            let b = t.ty(bt.base());
            tuple::new_tuple(t, &[b])?
        };
        let hb = t.root(bases);
        t.heap.set_slot(t.get(hty), type_::BASES, bases);
        let mro = type_::compute_mro(t, t.get(hty), t.get(hb))?;
        t.heap.set_slot(t.get(hty), type_::MRO, mro);
        let base = if bt == BuiltinType::Object {
            Value::NONE
        } else {
            tuple::get(t, t.get(hb), 0)
        };
        t.heap.set_slot(t.get(hty), type_::BASE, base);
        if bt != BuiltinType::Object {
            let subs = t.heap.slot(t.ty(bt.base()), type_::SUBCLASSES);
            crate::objects::list::append(t, subs, t.get(hty))?;
        }
    }
    // 3. Preallocated MemoryError.
    let me = t.ty(BuiltinType::MemoryError);
    let e = crate::objects::exceptions::new_exception(t, me, &[])?;
    t.globals.memory_error = e;
    // 4. Methods.
    crate::objects::init_all(t)?;
    // 5. __module__ of builtin types.
    for &bt in BuiltinType::ALL {
        let ty = t.ty(bt);
        let d = type_::type_dict(t, ty);
        let hd = t.root(d);
        let m = pystr::new_str(t, "builtins")?;
        if dict::get_rust_str(t, t.get(hd), "__module__")?.is_none() {
            dict::set_str(t, t.get(hd), "__module__", m)?;
        }
    }
    // 6. sys.modules, builtins, sys.
    let modules = dict::new_dict(t)?;
    t.globals.modules = modules;
    let bm = crate::builtins::init_builtins(t)?;
    t.globals.builtins_module = bm;
    let bd = crate::objects::module::module_dict(t, bm);
    t.globals.builtins = bd;
    crate::objects::type_new::add_build_class(t, bd)?;
    let bd = t.globals.builtins;
    crate::sysmodule::add_import_builtin(t, bd)?;
    let mods = t.globals.modules;
    let bm = t.globals.builtins_module;
    dict::set_str(t, mods, "builtins", bm)?;
    let sys = crate::sysmodule::init_sys(t)?;
    t.globals.sys = sys;
    let mods = t.globals.modules;
    dict::set_str(t, mods, "sys", sys)?;
    Ok(())
}

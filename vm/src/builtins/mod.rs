//! The `builtins` module: CPython 3.11's builtin namespace — the builtin types and exception
//! classes by name, the constants, and the builtin functions. The functions live by theme:
//! `io.rs` (print, input, the stdout buffer; `open` is `_io.open`, see `vm/src/io/`), `functional.rs` (sorted, min, max, sum,
//! all, any), `introspection.rs` (getattr and friends, isinstance, vars, dir, globals,
//! locals, callable), `compile.rs` (compile, eval, exec) and `numeric.rs` (abs, divmod,
//! pow, round, bin/oct/hex, chr/ord, format, ...). `__build_class__` and `__import__` are
//! added by the object model and the import system.
//!
//! This module never holds the interpreter's state; the only process-wide state it owns is
//! the stdout buffer (`io.rs`).

mod compile;
mod functional;
pub mod introspection;
mod io;
mod numeric;

use ember_gc::Value;

use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args, NativeFn};
use crate::objects::{dict, module, str as pystr};
use crate::thread::Thread;

pub use crate::io::open::new_std_stream;
pub use compile::{compile_error_to_exception, frame_locals};
pub use introspection::{dir_names, is_callable};
pub use io::{flush_stdout, write_stderr};
pub(crate) use io::{flush_stdout_raw, stderr_raw, stdout_write};

/// The builtin types exposed by name (exception classes are added from the type table).
const TYPES: [BuiltinType; 26] = [
    BuiltinType::Object,
    BuiltinType::Type,
    BuiltinType::Int,
    BuiltinType::Bool,
    BuiltinType::Float,
    BuiltinType::Complex,
    BuiltinType::Str,
    BuiltinType::Bytes,
    BuiltinType::ByteArray,
    BuiltinType::MemoryView,
    BuiltinType::Tuple,
    BuiltinType::List,
    BuiltinType::Dict,
    BuiltinType::Set,
    BuiltinType::FrozenSet,
    BuiltinType::Range,
    BuiltinType::Slice,
    BuiltinType::Property,
    BuiltinType::ClassMethod,
    BuiltinType::StaticMethod,
    BuiltinType::Super,
    BuiltinType::Enumerate,
    BuiltinType::Zip,
    BuiltinType::Map,
    BuiltinType::Filter,
    BuiltinType::Reversed,
];

const DOC: &str = "Built-in functions, exceptions, and other objects.\n\nNoteworthy: None is \
the `nil' object; Ellipsis represents `...' in slices.";

/// The builtin functions (`__build_class__` and `__import__` excepted).
const FUNCTIONS: [(&str, NativeFn); 44] = [
    ("abs", numeric::builtin_abs),
    ("aiter", introspection::builtin_aiter),
    ("all", functional::builtin_all),
    ("anext", introspection::builtin_anext),
    ("any", functional::builtin_any),
    ("ascii", numeric::builtin_ascii),
    ("bin", numeric::builtin_bin),
    ("breakpoint", introspection::builtin_breakpoint),
    ("callable", introspection::builtin_callable),
    ("chr", numeric::builtin_chr),
    ("compile", compile::builtin_compile),
    ("delattr", introspection::builtin_delattr),
    ("dir", introspection::builtin_dir),
    ("divmod", numeric::builtin_divmod),
    ("eval", compile::builtin_eval),
    ("exec", compile::builtin_exec),
    ("format", numeric::builtin_format),
    ("getattr", introspection::builtin_getattr),
    ("globals", introspection::builtin_globals),
    ("hasattr", introspection::builtin_hasattr),
    ("hash", numeric::builtin_hash),
    ("hex", numeric::builtin_hex),
    ("id", introspection::builtin_id),
    ("input", io::builtin_input),
    ("isinstance", introspection::builtin_isinstance),
    ("issubclass", introspection::builtin_issubclass),
    ("iter", introspection::builtin_iter),
    ("len", introspection::builtin_len),
    ("locals", introspection::builtin_locals),
    ("max", functional::builtin_max),
    ("min", functional::builtin_min),
    ("next", introspection::builtin_next),
    ("oct", numeric::builtin_oct),
    ("ord", numeric::builtin_ord),
    ("pow", numeric::builtin_pow),
    ("print", io::builtin_print),
    ("repr", introspection::builtin_repr),
    ("round", numeric::builtin_round),
    ("setattr", introspection::builtin_setattr),
    ("sorted", functional::builtin_sorted),
    ("sum", functional::builtin_sum),
    ("vars", introspection::builtin_vars),
    ("exit", builtin_exit),
    ("quit", builtin_exit),
];

/// `exit(code=None)` / `quit(code=None)` (what `site` installs): raise SystemExit.
fn builtin_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "exit", 0, 1)?;
    match a.opt(t, 0) {
        Some(code) => Err(t.raise_with_args(BuiltinType::SystemExit, &[code])),
        None => Err(t.raise_empty(BuiltinType::SystemExit)),
    }
}

/// Creates the `builtins` module and returns it.
pub fn init_builtins(t: &mut Thread) -> PyResult<Value> {
    crate::io::init_types(t)?;
    let m = module::new_module(t, "builtins")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let doc = pystr::new_str(t, DOC)?;
    dict::set_str(t, t.get(hd), "__doc__", doc)?;
    let empty = pystr::new_str(t, "")?;
    dict::set_str(t, t.get(hd), "__package__", empty)?;
    for bt in TYPES {
        let ty = t.ty(bt);
        dict::set_str(t, t.get(hd), bt.name(), ty)?;
    }
    for &bt in BuiltinType::ALL {
        if bt.native_kind() == NativeKind::Exception {
            let ty = t.ty(bt);
            dict::set_str(t, t.get(hd), bt.name(), ty)?;
        }
    }
    let ose = t.ty(BuiltinType::OSError);
    dict::set_str(t, t.get(hd), "EnvironmentError", ose)?;
    let ose = t.ty(BuiltinType::OSError);
    dict::set_str(t, t.get(hd), "IOError", ose)?;
    for (name, v) in [
        ("None", Value::NONE),
        ("True", Value::TRUE),
        ("False", Value::FALSE),
        ("Ellipsis", Value::ELLIPSIS),
        ("NotImplemented", Value::NOT_IMPLEMENTED),
        ("__debug__", Value::TRUE),
    ] {
        dict::set_str(t, t.get(hd), name, v)?;
    }
    for (name, f) in FUNCTIONS {
        native::add_function(t, t.get(hd), "builtins", name, f)?;
    }
    crate::io::add_open(t, t.get(hd))?;
    Ok(t.get(hm))
}

//! The `sys` module (the parts the VM itself owns: argv, path, modules, recursion limit,
//! exc_info, version information, exit) and `builtins.__import__`.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::structseq::{self, StructSeqDesc};
use crate::objects::{dict, float, int, list, module, str as pystr, tuple};
use crate::thread::Thread;

/// ember's version, reported in `sys.implementation`.
pub const EMBER_VERSION: &str = env!("CARGO_PKG_VERSION");

fn sys_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "exit", 0, 1)?;
    let args: Vec<Value> = a.opt(t, 0).into_iter().collect();
    Err(t.raise_with_args(BuiltinType::SystemExit, &args))
}

fn sys_getrecursionlimit(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getrecursionlimit", 0, 0)?;
    Ok(Value::small_int(t.recursion_limit as i64))
}

fn sys_setrecursionlimit(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "setrecursionlimit", 1, 1)?;
    let v = a.get(t, 0);
    if !int::is_int(t, v) {
        let msg = format!(
            "'{}' object cannot be interpreted as an integer",
            crate::objects::type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    let n = int::to_i64(t, v).unwrap_or(i64::MAX);
    if n < 1 {
        return Err(t.value_error("recursion limit must be greater or equal than 1"));
    }
    let n = n.min(i32::MAX as i64) as usize;
    if n <= t.depth {
        let msg = format!(
            "cannot set the recursion limit to {n} at the recursion depth {}: the limit is too low",
            t.depth
        );
        return Err(t.raise_msg(BuiltinType::RecursionError, &msg));
    }
    t.recursion_limit = n;
    Ok(Value::NONE)
}

fn sys_exc_info(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "exc_info", 0, 0)?;
    let e = crate::interpreter::generator::topmost_handled(t);
    if e.is_none() {
        return tuple::new_tuple(t, &[Value::NONE, Value::NONE, Value::NONE]);
    }
    let ty = t.type_of(e);
    let tb = t.heap.slot(e, crate::objects::exceptions::TRACEBACK);
    tuple::new_tuple(t, &[ty, e, tb])
}

fn sys_exception(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "exception", 0, 0)?;
    Ok(crate::interpreter::generator::topmost_handled(t))
}

fn sys_intern(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "intern", 1, 1)?;
    let s = a.get(t, 0);
    if !pystr::is_exact_str(t, s) {
        let msg = format!(
            "intern() argument must be str, not {}",
            crate::objects::type_::type_name_of(t, s)
        );
        return Err(t.type_error(&msg));
    }
    let sym = t.intern_value(s)?;
    Ok(t.sym_str(sym))
}

fn sys_get_int_max_str_digits(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "get_int_max_str_digits", 0, 0)?;
    Ok(Value::small_int(int::max_str_digits() as i64))
}

fn sys_set_int_max_str_digits(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.opt(t, 0).or_else(|| a.kwarg(t, "maxdigits"));
    let Some(v) = v else {
        return Err(
            t.type_error("set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)")
        );
    };
    let n = if int::is_int(t, v) {
        int::to_i64(t, v)
    } else {
        None
    };
    let Some(n) = n else {
        return Err(t.type_error("'maxdigits' must be an integer"));
    };
    if n != 0 && n < 640 {
        return Err(t.value_error("maxdigits must be 0 or larger than 640"));
    }
    int::set_max_str_digits(n as usize);
    Ok(Value::NONE)
}

fn sys_getsizeof(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    let n = if v.is_heap() {
        8 + 8 * t.heap.count(v)
    } else {
        8
    };
    Ok(Value::small_int(n as i64))
}

fn sys_getdefaultencoding(t: &mut Thread, _a: Args) -> PyResult<Value> {
    pystr::new_str(t, "utf-8")
}

/// `sys.getfilesystemencodeerrors()`: CPython's error handler for file names on POSIX
/// (`os.fsencode`/`os.fsdecode` read it when `os` is imported).
fn sys_getfilesystemencodeerrors(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getfilesystemencodeerrors", 0, 0)?;
    pystr::new_str(t, "surrogateescape")
}

/// `sys.audit(event, *args)`: ember has no audit hooks (no `sys.addaudithook`), so raising
/// an event does nothing; library code such as `os.walk` calls it unconditionally.
fn sys_audit(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "sys.audit")?;
    if a.is_empty() {
        return Err(t.type_error("audit() missing 1 required positional argument: 'event'"));
    }
    Ok(Value::NONE)
}

fn sys_getrefcount(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    // No reference counts: a moving collector owns the heap. 2 is what CPython reports for
    // an object referenced once by the caller.
    Ok(Value::small_int(2))
}

/// `sys._getframe(depth=0)`: a snapshot of the calling frame (and of the frames below it,
/// through `f_back`).
fn sys_getframe(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "_getframe", 0, 1)?;
    let depth = match a.opt(t, 0) {
        Some(v) => crate::objects::sequence::index_arg(t, v)?,
        None => 0,
    };
    let n = t.frames.len() as i64;
    if depth < 0 || depth >= n {
        return Err(t.value_error("call stack is not deep enough"));
    }
    crate::objects::generator::snapshot_stack(t, (n - 1 - depth) as usize)
}

/// `sys.excepthook(type, value, traceback)`: prints the exception and its traceback to
/// stderr, as for an uncaught exception.
fn sys_excepthook(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "excepthook", 3, 3)?;
    let v = a.get(t, 1);
    if crate::objects::exceptions::is_exception(t, v) {
        crate::interpreter::traceback::print_exception(t, v);
    } else {
        let text = crate::interpreter::traceback::format_exception_only(t, v);
        crate::builtins::write_stderr(t, &text);
    }
    Ok(Value::NONE)
}

fn sys_displayhook(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    if v.is_none() {
        return Ok(Value::NONE);
    }
    let r = crate::protocol::repr(t, v)?;
    let hr = t.root(r);
    let bd = t.globals.builtins;
    if let Some(p) = dict::get_rust_str(t, bd, "print")? {
        crate::protocol::call(t, p, &[t.get(hr)])?;
    }
    let bd = t.globals.builtins;
    dict::set_str(t, bd, "_", a.get(t, 0))?;
    Ok(Value::NONE)
}

fn str_list(t: &mut Thread, items: &[String]) -> PyResult<Value> {
    let l = list::new_list(t, items.len())?;
    let hl = t.root(l);
    for s in items {
        let v = pystr::new_str(t, s)?;
        list::append(t, t.get(hl), v)?;
    }
    Ok(t.get(hl))
}

fn set(t: &mut Thread, d: crate::thread::Handle, name: &str, v: Value) -> PyResult<()> {
    dict::set_str(t, t.get(d), name, v)
}

const VERSION_INFO: StructSeqDesc = StructSeqDesc {
    module: "sys",
    name: "version_info",
    doc: "sys.version_info\n\nVersion information as a named tuple.",
    fields: &["major", "minor", "micro", "releaselevel", "serial"],
    n_in_sequence: 5,
    instantiable: false,
};

const FLAGS: StructSeqDesc = StructSeqDesc {
    module: "sys",
    name: "flags",
    doc: "sys.flags\n\nFlags provided through command line arguments or environment vars.",
    fields: &[
        "debug",
        "inspect",
        "interactive",
        "optimize",
        "dont_write_bytecode",
        "no_user_site",
        "no_site",
        "ignore_environment",
        "verbose",
        "bytes_warning",
        "quiet",
        "hash_randomization",
        "isolated",
        "dev_mode",
        "utf8_mode",
        "warn_default_encoding",
        "safe_path",
        "int_max_str_digits",
    ],
    n_in_sequence: 18,
    instantiable: false,
};

const FLOAT_INFO: StructSeqDesc = StructSeqDesc {
    module: "sys",
    name: "float_info",
    doc: "sys.float_info\n\nA named tuple holding information about the float type.",
    fields: &[
        "max",
        "max_exp",
        "max_10_exp",
        "min",
        "min_exp",
        "min_10_exp",
        "dig",
        "mant_dig",
        "epsilon",
        "radix",
        "rounds",
    ],
    n_in_sequence: 11,
    instantiable: false,
};

const HASH_INFO: StructSeqDesc = StructSeqDesc {
    module: "sys",
    name: "hash_info",
    doc: "hash_info\n\nA named tuple providing parameters used for computing\nhashes.",
    fields: &[
        "width",
        "modulus",
        "inf",
        "nan",
        "imag",
        "algorithm",
        "hash_bits",
        "seed_bits",
        "cutoff",
    ],
    n_in_sequence: 9,
    instantiable: false,
};

const INT_INFO: StructSeqDesc = StructSeqDesc {
    module: "sys",
    name: "int_info",
    doc: "sys.int_info\n\nA named tuple that holds information about Python's\ninternal representation of integers.",
    fields: &[
        "bits_per_digit",
        "sizeof_digit",
        "default_max_str_digits",
        "str_digits_check_threshold",
    ],
    n_in_sequence: 4,
    instantiable: false,
};

/// Creates a struct sequence type and its one instance holding `values`.
fn new_info(t: &mut Thread, desc: &StructSeqDesc, values: &[Value]) -> PyResult<Value> {
    let mark = t.handle_mark();
    let hvals: Vec<_> = values.iter().map(|v| t.root(*v)).collect();
    let ty = structseq::new_type(t, desc)?;
    let vals: Vec<Value> = hvals.iter().map(|h| t.get(*h)).collect();
    let r = structseq::new(t, ty, &vals);
    t.handle_release(mark);
    r
}

/// `sys.implementation`: ember's name and version. `cache_tag` is None because ember neither
/// reads nor writes `.pyc` files.
fn implementation(t: &mut Thread) -> PyResult<Value> {
    let mut nums = EMBER_VERSION.split('.').map(|p| p.parse::<i64>().unwrap_or(0));
    let (major, minor, micro) = (
        nums.next().unwrap_or(0),
        nums.next().unwrap_or(0),
        nums.next().unwrap_or(0),
    );
    let parts = [
        Value::small_int(major),
        Value::small_int(minor),
        Value::small_int(micro),
        pystr::new_str(t, "alpha")?,
        Value::small_int(0),
    ];
    let version = new_info(t, &VERSION_INFO, &parts)?;
    let hv = t.root(version);
    let name = pystr::new_str(t, "ember")?;
    let hn = t.root(name);
    let multiarch = pystr::new_str(t, &format!("{}-linux-gnu", std::env::consts::ARCH))?;
    let hexversion = (major << 24) | (minor << 16) | (micro << 8) | 0xa0;
    crate::objects::namespace::new_namespace(
        t,
        &[
            ("name", t.get(hn)),
            ("cache_tag", Value::NONE),
            ("version", t.get(hv)),
            ("hexversion", Value::small_int(hexversion)),
            ("_multiarch", multiarch),
        ],
    )
}

/// Fills `sys.builtin_module_names` from the native modules the embedder registered.
pub fn set_builtin_module_names(t: &mut Thread) -> PyResult<()> {
    let mut names: Vec<&str> = vec!["builtins", "sys"];
    names.extend(t.native_modules.iter().map(|(n, _)| *n));
    names.sort_unstable();
    names.dedup();
    let tup = tuple::new_tuple_uninit(t, names.len())?;
    let htup = t.root(tup);
    for (i, n) in names.iter().enumerate() {
        let s = pystr::new_str(t, n)?;
        t.heap.set_slot(t.get(htup), i, s);
    }
    let sys = t.globals.sys;
    let d = module::module_dict(t, sys);
    dict::set_str(t, d, "builtin_module_names", t.get(htup))
}

/// Creates `sys`. `sys.path` is filled by the embedder (main.rs) through `Thread::argv` /
/// `stdlib_paths` before the main module runs (see `set_path`).
pub fn init_sys(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "sys")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let mods = t.globals.modules;
    set(t, hd, "modules", mods)?;
    let argv = t.argv.clone();
    let v = str_list(t, &argv)?;
    set(t, hd, "argv", v)?;
    let v = str_list(t, &[])?;
    set(t, hd, "path", v)?;
    let v = str_list(t, &[])?;
    set(t, hd, "meta_path", v)?;
    let v = str_list(t, &[])?;
    set(t, hd, "path_hooks", v)?;
    let v = dict::new_dict(t)?;
    set(t, hd, "path_importer_cache", v)?;
    let v = str_list(t, &[])?;
    set(t, hd, "warnoptions", v)?;
    let v = dict::new_dict(t)?;
    set(t, hd, "_xoptions", v)?;
    let v = pystr::new_str(t, "3.11.7 (ember) [rustc]")?;
    set(t, hd, "version", v)?;
    let parts = [
        Value::small_int(3),
        Value::small_int(11),
        Value::small_int(7),
        pystr::new_str(t, "final")?,
        Value::small_int(0),
    ];
    let v = new_info(t, &VERSION_INFO, &parts)?;
    set(t, hd, "version_info", v)?;
    let v = implementation(t)?;
    set(t, hd, "implementation", v)?;
    let v = pystr::new_str(t, "lib")?;
    set(t, hd, "platlibdir", v)?;
    // The defaults of a plain `python3 script.py` run (ember never writes bytecode).
    let mut flags = [Value::small_int(0); 18];
    flags[4] = Value::small_int(1); // dont_write_bytecode
    flags[11] = Value::small_int(1); // hash_randomization
    flags[13] = Value::FALSE; // dev_mode
    flags[16] = Value::FALSE; // safe_path
    flags[17] = Value::small_int(-1); // int_max_str_digits
    let v = new_info(t, &FLAGS, &flags)?;
    set(t, hd, "flags", v)?;
    let fparts = [
        float::new_float(t, f64::MAX)?,
        Value::small_int(f64::MAX_EXP as i64),
        Value::small_int(f64::MAX_10_EXP as i64),
        float::new_float(t, f64::MIN_POSITIVE)?,
        Value::small_int(f64::MIN_EXP as i64),
        Value::small_int(f64::MIN_10_EXP as i64),
        Value::small_int(f64::DIGITS as i64),
        Value::small_int(f64::MANTISSA_DIGITS as i64),
        float::new_float(t, f64::EPSILON)?,
        Value::small_int(f64::RADIX as i64),
        Value::small_int(1),
    ];
    let v = new_info(t, &FLOAT_INFO, &fparts)?;
    set(t, hd, "float_info", v)?;
    let hparts = [
        Value::small_int(64),
        Value::small_int(crate::protocol::HASH_MODULUS),
        Value::small_int(314159),
        Value::small_int(0),
        Value::small_int(1000003),
        pystr::new_str(t, "siphash13")?,
        Value::small_int(64),
        Value::small_int(128),
        Value::small_int(0),
    ];
    let v = new_info(t, &HASH_INFO, &hparts)?;
    set(t, hd, "hash_info", v)?;
    // ember's big ints are not stored in CPython's 30-bit digits; these are the values
    // CPython reports, which programs use for the str-conversion limits.
    let iparts = [
        Value::small_int(30),
        Value::small_int(4),
        Value::small_int(crate::objects::int_format::DEFAULT_MAX_STR_DIGITS as i64),
        Value::small_int(640),
    ];
    let v = new_info(t, &INT_INFO, &iparts)?;
    set(t, hd, "int_info", v)?;
    let v = Value::small_int(0x030b07f0);
    set(t, hd, "hexversion", v)?;
    let v = pystr::new_str(t, "linux")?;
    set(t, hd, "platform", v)?;
    let v = pystr::new_str(t, "little")?;
    set(t, hd, "byteorder", v)?;
    let v = int::from_i64(t, i64::MAX)?;
    set(t, hd, "maxsize", v)?;
    let v = Value::small_int(0x10ffff);
    set(t, hd, "maxunicode", v)?;
    let exe = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let v = pystr::new_str(t, &exe)?;
    set(t, hd, "executable", v)?;
    let v = pystr::new_str(t, "/usr")?;
    set(t, hd, "prefix", v)?;
    let v = pystr::new_str(t, "/usr")?;
    set(t, hd, "exec_prefix", v)?;
    let v = pystr::new_str(t, "/usr")?;
    set(t, hd, "base_prefix", v)?;
    let v = pystr::new_str(t, "/usr")?;
    set(t, hd, "base_exec_prefix", v)?;
    let v = pystr::new_str(t, "")?;
    set(t, hd, "abiflags", v)?;
    let v = tuple::new_tuple(t, &[])?;
    set(t, hd, "builtin_module_names", v)?;
    let v = Value::FALSE;
    set(t, hd, "dont_write_bytecode", Value::TRUE)?;
    let _ = v;
    let v = Value::small_int(4300);
    set(t, hd, "_int_max_str_digits", v)?;
    let v = pystr::new_str(t, "ember")?;
    set(t, hd, "_ember", v)?;
    native::add_function(t, t.get(hd), "sys", "exit", sys_exit)?;
    native::add_function(
        t,
        t.get(hd),
        "sys",
        "getrecursionlimit",
        sys_getrecursionlimit,
    )?;
    native::add_function(
        t,
        t.get(hd),
        "sys",
        "setrecursionlimit",
        sys_setrecursionlimit,
    )?;
    native::add_function(t, t.get(hd), "sys", "exc_info", sys_exc_info)?;
    native::add_function(t, t.get(hd), "sys", "exception", sys_exception)?;
    native::add_function(t, t.get(hd), "sys", "intern", sys_intern)?;
    native::add_function(t, t.get(hd), "sys", "getsizeof", sys_getsizeof)?;
    native::add_function(
        t,
        t.get(hd),
        "sys",
        "get_int_max_str_digits",
        sys_get_int_max_str_digits,
    )?;
    native::add_function(
        t,
        t.get(hd),
        "sys",
        "set_int_max_str_digits",
        sys_set_int_max_str_digits,
    )?;
    native::add_function(t, t.get(hd), "sys", "getrefcount", sys_getrefcount)?;
    native::add_function(
        t,
        t.get(hd),
        "sys",
        "getdefaultencoding",
        sys_getdefaultencoding,
    )?;
    native::add_function(
        t,
        t.get(hd),
        "sys",
        "getfilesystemencoding",
        sys_getdefaultencoding,
    )?;
    native::add_function(
        t,
        t.get(hd),
        "sys",
        "getfilesystemencodeerrors",
        sys_getfilesystemencodeerrors,
    )?;
    native::add_function(t, t.get(hd), "sys", "audit", sys_audit)?;
    native::add_function(t, t.get(hd), "sys", "displayhook", sys_displayhook)?;
    native::add_function(t, t.get(hd), "sys", "excepthook", sys_excepthook)?;
    native::add_function(t, t.get(hd), "sys", "_getframe", sys_getframe)?;
    for (alias, name) in [("__displayhook__", "displayhook"), ("__excepthook__", "excepthook")] {
        if let Some(f) = dict::get_rust_str(t, t.get(hd), name)? {
            dict::set_str(t, t.get(hd), alias, f)?;
        }
    }
    for (fd, names) in [
        (0, ["stdin", "__stdin__"]),
        (1, ["stdout", "__stdout__"]),
        (2, ["stderr", "__stderr__"]),
    ] {
        let stream = crate::builtins::new_std_stream(t, fd)?;
        let hs = t.root(stream);
        for n in names {
            set(t, hd, n, t.get(hs))?;
        }
    }
    Ok(t.get(hm))
}

/// Sets `sys.argv` and `sys.path`.
pub fn set_argv_and_path(t: &mut Thread, argv: &[String], path: &[String]) -> PyResult<()> {
    let sys = t.globals.sys;
    let d = module::module_dict(t, sys);
    let hd = t.root(d);
    let v = str_list(t, argv)?;
    set(t, hd, "argv", v)?;
    let v = str_list(t, path)?;
    set(t, hd, "path", v)?;
    Ok(())
}

fn builtin_import(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("__import__() missing required argument 'name' (pos 1)"));
    }
    let name = a.get(t, 0);
    if !pystr::is_str(t, name) {
        let msg = format!(
            "__import__() argument 1 must be str, not {}",
            crate::objects::type_::type_name_of(t, name)
        );
        return Err(t.type_error(&msg));
    }
    let globals = a
        .opt(t, 1)
        .or_else(|| a.kwarg(t, "globals"))
        .unwrap_or(Value::NONE);
    let fromlist = a
        .opt(t, 3)
        .or_else(|| a.kwarg(t, "fromlist"))
        .unwrap_or(Value::NONE);
    let level = a
        .opt(t, 4)
        .or_else(|| a.kwarg(t, "level"))
        .unwrap_or(Value::small_int(0));
    let level = int::to_i64(t, level).unwrap_or(0);
    if level < 0 {
        return Err(t.value_error("level must be >= 0"));
    }
    let n = pystr::to_rust_string(t, name);
    crate::import::import(t, &n, globals, fromlist, level as usize)
}

/// Adds `__import__` to the builtins namespace and remembers it (`globals.import_fn`), so
/// IMPORT_NAME can tell whether a program replaced it.
pub fn add_import_builtin(t: &mut Thread, ns: Value) -> PyResult<()> {
    let hns = t.root(ns);
    native::add_function(t, ns, "builtins", "__import__", builtin_import)?;
    let f = dict::get_rust_str(t, t.get(hns), "__import__")?.unwrap_or(Value::NONE);
    t.globals.import_fn = f;
    Ok(())
}

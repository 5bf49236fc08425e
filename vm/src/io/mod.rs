//! The `_io` module: CPython 3.11's I/O stack written in Rust — the abstract bases
//! (`iobase.rs`), the in-memory streams (`stringio.rs`, `bytesio.rs`), and `open()` with
//! the file types it composes. `builtins.open` is `_io.open`, and the types are created at
//! bootstrap (`init_types`) because `builtins` and `sys` need them before any import; the
//! `_io` module object itself is built on first import from the registered types.
//!
//! Every io type is a native type (`objects/native_type.rs`) registered under
//! "_io.<name>"; its state lives in native slots (Values the collector moves), never in
//! Rust-side tables, so dead io objects leave nothing behind. Slot 0 of every io object
//! is the `_IOBase` closed flag (CPython's `__IOBase_closed`); each type documents the rest.

pub(crate) mod buffered;
pub(crate) mod bytesio;
pub(crate) mod fileio;
pub(crate) mod iobase;
pub(crate) mod newlines;
pub mod open;
pub(crate) mod stringio;
pub(crate) mod textio;

use ember_gc::Value;

use crate::errors::{PyResult, Raised};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args, NativeFn};
use crate::objects::native_type::{self, NativeTypeSpec};
use crate::objects::{dict, int, module, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// CPython's `io.DEFAULT_BUFFER_SIZE`.
pub const DEFAULT_BUFFER_SIZE: usize = 8192;

pub(crate) static UNSUPPORTED_KEY: &str = "_io.UnsupportedOperation";

thread_local! {
    /// Instance layouts of TextIOWrapper, BufferedWriter and FileIO (this thread's), for
    /// the exact-type tests of `print`'s fast path.
    static FAST_LAYOUTS: std::cell::Cell<Option<[ember_gc::LayoutId; 3]>> =
        const { std::cell::Cell::new(None) };
}

/// Whether `v` is an exact instance of TextIOWrapper (0), BufferedWriter (1) or FileIO (2).
/// (An instance's own layout changes as attributes are added, its type's instance layout
/// does not.)
#[inline]
pub(crate) fn is_exact_fast(t: &Thread, v: Value, which: usize) -> bool {
    v.is_heap()
        && FAST_LAYOUTS
            .with(|c| c.get())
            .is_some_and(|l| l[which] == type_::instance_layout(t, t.type_of(v)))
}

/// The io type registered under `key` ("_io.StringIO"); created at bootstrap.
pub(crate) fn io_type(t: &Thread, key: &str) -> Value {
    native_type::native_type(t, key).unwrap_or(Value::NONE)
}

thread_local! {
    /// (key, instance layout) of every io type of this thread, for exact-type tests that
    /// cost a compare instead of a search of `Thread::native_types`.
    static LAYOUTS: std::cell::RefCell<Vec<(&'static str, ember_gc::LayoutId)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn cached_layout(key: &str) -> Option<ember_gc::LayoutId> {
    LAYOUTS.with(|l| {
        let l = l.borrow();
        l.iter()
            .find(|(k, _)| std::ptr::eq(k.as_ptr(), key.as_ptr()) && k.len() == key.len())
            .or_else(|| l.iter().find(|(k, _)| *k == key))
            .map(|(_, id)| *id)
    })
}

/// Whether `v` is an instance of exactly the io type `key`.
#[inline]
pub(crate) fn is_exact(t: &Thread, v: Value, key: &str) -> bool {
    v.is_heap() && cached_layout(key) == Some(type_::instance_layout(t, t.type_of(v)))
}

/// Whether `v` is an instance of the io type `key` (or of a subclass).
pub(crate) fn is_io(t: &Thread, v: Value, key: &str) -> bool {
    if is_exact(t, v, key) {
        return true;
    }
    let ty = io_type(t, key);
    !ty.is_none() && type_::is_subtype(t, t.type_of(v), ty)
}

/// Checks that argument 0 (`self`) is an instance of the io type `key`; raises CPython's
/// descriptor error otherwise. Returns `self`.
pub(crate) fn check_self(t: &mut Thread, a: &Args, key: &str, meth: &str) -> PyResult<Value> {
    if a.is_empty() {
        let msg = format!("unbound method {meth}() needs an argument");
        return Err(t.type_error(&msg));
    }
    let s = a.get(t, 0);
    if is_io(t, s, key) {
        return Ok(s);
    }
    let msg = format!(
        "descriptor '{meth}' for '{key}' objects doesn't apply to a '{}' object",
        type_::type_name_of(t, s)
    );
    Err(t.type_error(&msg))
}

/// `io.UnsupportedOperation(msg)`.
pub(crate) fn unsupported(t: &mut Thread, msg: &str) -> Raised {
    let ty = io_type(t, UNSUPPORTED_KEY);
    if ty.is_none() {
        return t.raise_msg(BuiltinType::OSError, msg);
    }
    t.raise_type_msg(ty, msg)
}

pub(crate) fn closed_error(t: &mut Thread) -> Raised {
    t.value_error("I/O operation on closed file.")
}

pub(crate) fn uninitialized_error(t: &mut Thread) -> Raised {
    t.value_error("I/O operation on uninitialized object")
}

/// Positional argument `pos` or keyword `name`.
pub(crate) fn arg(t: &Thread, a: &Args, pos: usize, name: &str) -> Option<Value> {
    a.opt(t, pos).or_else(|| a.kwarg(t, name))
}

/// Argument Clinic's checks for `fname(names...)`: at most `names.len()` arguments, only
/// known keywords, none given twice. `skip` leading positionals (self) are not counted.
pub(crate) fn check_args(
    t: &mut Thread,
    a: &Args,
    fname: &str,
    names: &[&str],
    skip: usize,
) -> PyResult<()> {
    let npos = a.len().saturating_sub(skip);
    if npos + a.nkw > names.len() {
        let n = npos + a.nkw;
        let msg = format!(
            "{fname}() takes at most {} argument{} ({n} given)",
            names.len(),
            if names.len() == 1 { "" } else { "s" }
        );
        return Err(t.type_error(&msg));
    }
    for i in 0..a.nkw {
        let (k, _) = a.kw(t, i);
        match names.iter().position(|n| pystr::str_eq_rust(t, k, n)) {
            None => {
                let k = pystr::to_rust_string(t, k);
                let msg = format!("'{k}' is an invalid keyword argument for {fname}()");
                return Err(t.type_error(&msg));
            }
            Some(p) if p < npos => {
                let msg = format!(
                    "argument for {fname}() given by name ('{}') and position ({})",
                    names[p],
                    p + 1
                );
                return Err(t.type_error(&msg));
            }
            _ => {}
        }
    }
    Ok(())
}

/// An optional size argument (`size=-1`, None allowed): None or a negative value mean
/// "all". CPython's `_Py_convert_optional_to_ssize_t`.
pub(crate) fn size_arg(t: &mut Thread, v: Option<Value>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => {
            let n = index_i64(t, v, true)?;
            Ok((n >= 0).then_some(n as usize))
        }
    }
}

/// An integer argument through `__index__` (OverflowError beyond i64).
pub(crate) fn index_i64(t: &mut Thread, v: Value, or_none_msg: bool) -> PyResult<i64> {
    if !int::is_int(t, v) {
        let ty = t.type_of(v);
        if type_::lookup_sym(t, ty, crate::symbols::sym::__index__).is_none() {
            let msg = if or_none_msg {
                format!(
                    "argument should be integer or None, not '{}'",
                    type_::type_name_of(t, v)
                )
            } else {
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_::type_name_of(t, v)
                )
            };
            return Err(t.type_error(&msg));
        }
    }
    let i = crate::objects::numeric::index(t, v)?;
    match int::to_i64(t, i) {
        Some(n) => Ok(n),
        None => Err(t.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

/// Raises the OSError subclass for `errno` (`OSError(errno, strerror[, filename])`).
pub(crate) fn os_error(t: &mut Thread, errno: i32, filename: Option<Value>) -> Raised {
    let hf = filename.map(|f| t.root(f));
    let mut msg = std::io::Error::from_raw_os_error(errno).to_string();
    if let Some(i) = msg.find(" (os error") {
        msg.truncate(i);
    }
    let m = match pystr::new_str(t, &msg) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut args = vec![Value::small_int(errno as i64), m];
    if let Some(h) = hf {
        args.push(t.get(h));
    }
    let ose = t.ty(BuiltinType::OSError);
    match protocol::call(t, ose, &args) {
        Ok(exc) => t.raise(exc),
        Err(r) => r,
    }
}

/// The bytes of a path: a str (UTF-8), bytes, or an `os.PathLike` returning one of them.
pub(crate) fn fspath(t: &mut Thread, file: Value) -> PyResult<Vec<u8>> {
    let hfile = t.root(file);
    let mut p = file;
    if !pystr::is_str(t, p) && !crate::objects::bytes::is_bytes(t, p) {
        let ty = t.type_of(p);
        if type_::lookup_sym(t, ty, crate::symbols::sym::__fspath__).is_none() {
            let msg = format!(
                "expected str, bytes or os.PathLike object, not {}",
                type_::type_name_of(t, p)
            );
            return Err(t.type_error(&msg));
        }
        p = protocol::call_method(t, p, "__fspath__", &[])?;
        if !pystr::is_str(t, p) && !crate::objects::bytes::is_bytes(t, p) {
            let msg = format!(
                "expected {}.__fspath__() to return str or bytes, not {}",
                type_::type_name_of(t, t.get(hfile)),
                type_::type_name_of(t, p)
            );
            return Err(t.type_error(&msg));
        }
    }
    if pystr::is_str(t, p) {
        return Ok(pystr::str_bytes_owned(t, p));
    }
    let b = crate::objects::bytes::bytes_value(t, p);
    Ok(t.heap.bytes(b).to_vec())
}

/// Largest stream position or size the in-memory streams accept: beyond it a write would
/// need an impossible buffer (CPython raises MemoryError or OverflowError there too).
pub(crate) const MAX_POS: i64 = 1 << 40;

/// MemoryError for a position past `MAX_POS`.
pub(crate) fn too_big(t: &mut Thread) -> Raised {
    t.raise_empty(BuiltinType::MemoryError)
}

/// The `closed` attribute of any object, as a bool.
pub(crate) fn is_closed(t: &mut Thread, obj: Value) -> PyResult<bool> {
    let c = protocol::getattr_str(t, obj, "closed")?;
    protocol::truthy(t, c)
}

/// Native slots of the abstract bases: only the closed flag.
pub(crate) const CLOSED: usize = 0;

/// Creates an io type (a subclass of `base`, or of `object` when `base` is None).
pub(crate) fn make_type(
    t: &mut Thread,
    key: &'static str,
    name: &'static str,
    slots: u32,
    base: Option<&str>,
    methods: &[(&'static str, NativeFn)],
) -> PyResult<Value> {
    let spec = NativeTypeSpec {
        module: "_io",
        name,
        slots,
        basetype: true,
        dict: true,
    };
    let base = match base {
        Some(k) => io_type(t, k),
        None => t.ty(BuiltinType::Object),
    };
    let ty = native_type::new_native_subtype_of(t, key, &spec, base)?;
    let hty = t.root(ty);
    native::add_static(t, ty, "__new__", new_for(key))?;
    for (n, f) in methods {
        native::add_method(t, t.get(hty), n, *f)?;
    }
    Ok(t.get(hty))
}

/// `__new__` of the io type `key`: an instance whose native slots are None (the state
/// `__init__` fills in; methods of an uninitialised object raise ValueError).
fn io_new(t: &mut Thread, a: &Args, key: &str) -> PyResult<Value> {
    if a.is_empty() {
        let msg = format!("{key}.__new__(): not enough arguments");
        return Err(t.type_error(&msg));
    }
    let cls = a.get(t, 0);
    if !type_::is_type(t, cls) {
        let msg = format!(
            "{key}.__new__(X): X is not a type object ({})",
            type_::type_name_of(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    let own = io_type(t, key);
    if own.is_none() || !type_::is_subtype(t, cls, own) {
        let n = type_::type_name(t, cls);
        let msg = format!("{key}.__new__({n}): {n} is not a subtype of {key}");
        return Err(t.type_error(&msg));
    }
    native_type::new_instance(t, cls, &[Value::FALSE])
}

macro_rules! io_new_fns {
    ($($f:ident => $key:expr),* $(,)?) => {
        $(fn $f(t: &mut Thread, a: Args) -> PyResult<Value> {
            io_new(t, &a, $key)
        })*

        /// The `__new__` of the io type `key`.
        fn new_for(key: &str) -> NativeFn {
            $(if key == $key {
                return $f;
            })*
            new_iobase
        }
    };
}

io_new_fns! {
    new_iobase => "_io._IOBase",
    new_rawiobase => "_io._RawIOBase",
    new_bufferediobase => "_io._BufferedIOBase",
    new_textiobase => "_io._TextIOBase",
    new_stringio => "_io.StringIO",
    new_bytesio => "_io.BytesIO",
    new_fileio => "_io.FileIO",
    new_reader => "_io.BufferedReader",
    new_writer => "_io.BufferedWriter",
    new_random => "_io.BufferedRandom",
    new_rwpair => "_io.BufferedRWPair",
    new_textiowrapper => "_io.TextIOWrapper",
    new_nldecoder => "_io.IncrementalNewlineDecoder",
}

/// Creates `io.UnsupportedOperation` (OSError, ValueError) with `__module__` "io".
fn make_unsupported(t: &mut Thread) -> PyResult<()> {
    let name = pystr::new_str(t, "UnsupportedOperation")?;
    let hn = t.root(name);
    let bases = [t.ty(BuiltinType::OSError), t.ty(BuiltinType::ValueError)];
    let bases = tuple::new_tuple(t, &bases)?;
    let hb = t.root(bases);
    let ns = dict::new_dict(t)?;
    let hns = t.root(ns);
    let m = pystr::new_str(t, "io")?;
    dict::set_str(t, t.get(hns), "__module__", m)?;
    let meta = t.ty(BuiltinType::Type);
    let ty = protocol::call(t, meta, &[t.get(hn), t.get(hb), t.get(hns)])?;
    t.native_types.push((UNSUPPORTED_KEY, ty));
    Ok(())
}

/// Creates the io types; called once at bootstrap (paused) by `init_builtins`.
pub fn init_types(t: &mut Thread) -> PyResult<()> {
    make_unsupported(t)?;
    iobase::init(t)?;
    newlines::init(t)?;
    stringio::init(t)?;
    bytesio::init(t)?;
    fileio::init(t)?;
    buffered::init(t)?;
    textio::init(t)?;
    buffered::init_pair(t)?;
    let keys: Vec<&'static str> = t
        .native_types
        .iter()
        .filter(|(k, _)| k.starts_with("_io."))
        .map(|(k, _)| *k)
        .collect();
    let cache: Vec<_> = keys
        .into_iter()
        .map(|k| {
            let ty = io_type(t, k);
            (k, type_::instance_layout(t, ty))
        })
        .collect();
    LAYOUTS.with(|l| *l.borrow_mut() = cache);
    let l = [textio::KEY, buffered::WRITER, fileio::KEY].map(|k| {
        let ty = io_type(t, k);
        type_::instance_layout(t, ty)
    });
    FAST_LAYOUTS.with(|c| c.set(Some(l)));
    Ok(())
}

/// The names `_io` exports that are types registered under "_io.<name>".
const TYPE_NAMES: [(&str, &str); 14] = [
    ("FileIO", fileio::KEY),
    ("BufferedReader", buffered::READER),
    ("BufferedWriter", buffered::WRITER),
    ("BufferedRandom", buffered::RANDOM),
    ("TextIOWrapper", textio::KEY),
    ("_IOBase", "_io._IOBase"),
    ("_RawIOBase", "_io._RawIOBase"),
    ("_BufferedIOBase", "_io._BufferedIOBase"),
    ("_TextIOBase", "_io._TextIOBase"),
    ("UnsupportedOperation", UNSUPPORTED_KEY),
    ("StringIO", stringio::KEY),
    ("BytesIO", bytesio::KEY),
    ("IncrementalNewlineDecoder", newlines::KEY),
    ("BufferedRWPair", buffered::RWPAIR),
];

/// Module functions.
const FUNCTIONS: [(&str, NativeFn); 3] = [
    ("open", open::io_open),
    ("open_code", io_open_code),
    ("text_encoding", io_text_encoding),
];

/// The builtin `open` function object (for `builtins.open`): `_io.open`.
pub fn add_open(t: &mut Thread, builtins_dict: Value) -> PyResult<()> {
    native::add_function(t, builtins_dict, "_io", "open", open::io_open)
}

/// Creates the `_io` module (registered in `Thread::native_modules`).
pub fn init_io_module(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_io")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    for (name, key) in TYPE_NAMES {
        let ty = io_type(t, key);
        if !ty.is_none() {
            dict::set_str(t, t.get(hd), name, ty)?;
        }
    }
    let size = Value::small_int(DEFAULT_BUFFER_SIZE as i64);
    dict::set_str(t, t.get(hd), "DEFAULT_BUFFER_SIZE", size)?;
    let bio = t.ty(BuiltinType::BlockingIOError);
    dict::set_str(t, t.get(hd), "BlockingIOError", bio)?;
    for (name, f) in FUNCTIONS {
        native::add_function(t, t.get(hd), "_io", name, f)?;
    }
    // `builtins.open` and `_io.open` are the same function object, as in CPython.
    let bd = t.globals.builtins;
    if let Some(open) = dict::get_rust_str(t, bd, "open")? {
        dict::set_str(t, t.get(hd), "open", open)?;
    }
    Ok(t.get(hm))
}

/// `open_code(path)`: `open(path, 'rb')`.
fn io_open_code(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_args(t, &a, "open_code", &["path"], 0)?;
    let Some(p) = arg(t, &a, 0, "path") else {
        return Err(t.type_error("open_code() missing required argument 'path' (pos 1)"));
    };
    if !pystr::is_str(t, p) {
        let msg = format!(
            "open_code() argument 'path' must be str, not {}",
            type_::type_name_of(t, p)
        );
        return Err(t.type_error(&msg));
    }
    let hp = t.root(p);
    let mode = pystr::new_str(t, "rb")?;
    let bd = t.globals.builtins;
    let open = dict::get_rust_str(t, bd, "open")?.unwrap_or(Value::NONE);
    protocol::call(t, open, &[t.get(hp), mode])
}

/// `text_encoding(encoding, stacklevel=2)`: "locale" for None (ember's locale encoding is
/// UTF-8 and it never warns: `sys.flags.warn_default_encoding` is 0).
fn io_text_encoding(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_args(t, &a, "text_encoding", &["encoding", "stacklevel"], 0)?;
    let Some(e) = arg(t, &a, 0, "encoding") else {
        return Err(t.type_error("text_encoding() missing required argument 'encoding' (pos 1)"));
    };
    if e.is_none() {
        return pystr::new_str(t, "locale");
    }
    Ok(e)
}

/// The fd (1 or 2) when `file` is `sys.stdout`'s or `sys.stderr`'s TextIOWrapper in the
/// state where its `write` would only append the text's UTF-8 to the process's stream:
/// exact type, UTF-8, no newline translation, attached, open, no read state, and a std
/// writer below with nothing pending. `print` then skips the method calls.
pub fn std_fast_fd(t: &Thread, file: Value) -> Option<i32> {
    if !is_exact_fast(t, file, 0) {
        return None;
    }
    let f = t.heap.slot(file, textio::FLAGS);
    if !f.is_small_int() {
        return None;
    }
    let f = f.as_small_int();
    let bad = textio::F_NL_CR | textio::F_NL_CRLF;
    if f & textio::F_UTF8 == 0 || f & bad != 0 || f & textio::F_STREAM_STATE != 0 {
        return None;
    }
    let b = t.heap.slot(file, textio::BUFFER);
    if !buffered::is_std_writer(t, b) || buffered::has_pending(t, b) {
        return None;
    }
    let raw = t.heap.slot(b, buffered::RAW);
    fileio::raw_fd(t, raw).filter(|fd| *fd == 1 || *fd == 2)
}

/// Whether `print` may write to `file` with `write_text_fast` (a TextIOWrapper over a
/// file, in the state where its `write` method would do just that).
pub fn text_fast(t: &Thread, file: Value) -> bool {
    textio::fast_writable(t, file)
}

/// `file.write(text)` for a `file` that `text_fast` accepted.
pub fn write_text_fast(t: &mut Thread, file: Value, text: &str) -> PyResult<()> {
    textio::write_text(t, file, text)
}

/// Finalises an io object the collector found dead (or every registered one at exit):
/// CPython's `iobase_finalize` closes it. Returns false when `obj` is not an io object.
pub fn finalize(t: &mut Thread, obj: Value) -> bool {
    if !obj.is_heap() || !is_io(t, obj, iobase::IOBASE) {
        return false;
    }
    let h = t.root(obj);
    let closed = match is_closed(t, obj) {
        Ok(c) => c,
        Err(_) => {
            t.take_exception();
            true
        }
    };
    if !closed && protocol::call_method(t, t.get(h), "close", &[]).is_err() {
        let exc = t.take_exception();
        let he = t.root(exc);
        let what = protocol::repr_string(t, t.get(h)).unwrap_or_else(|_| "<io object>".into());
        t.exception = Value::UNBOUND;
        crate::interpreter::traceback::print_unraisable(t, t.get(he), &what);
    }
    true
}

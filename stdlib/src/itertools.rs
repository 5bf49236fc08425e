//! The `itertools` module: CPython 3.11's iterator building blocks as native types — the
//! infinite iterators (`count`, `cycle`, `repeat`), the iterators over iterables
//! (`accumulate`, `chain`, `compress`, `dropwhile`, `filterfalse`, `groupby`, `islice`,
//! `pairwise`, `starmap`, `takewhile`, `tee`, `zip_longest`) and the combinatoric ones
//! (`product`, `permutations`, `combinations`, `combinations_with_replacement`), with
//! CPython's argument handling, messages, reprs, docstrings, laziness and pickling support
//! (`__reduce__`/`__setstate__`). Each type's step (CPython's `tp_iternext`) is registered
//! with `native_type::set_iternext`, so `for` loops and builtins call it directly.
//! Not provided: `__sizeof__` (CPython's byte counts describe its own object layouts).
//!
//! Every iterator is an instance of a native type (`objects::native_type`) whose state lives
//! in its native value slots; integer state that may exceed the SmallInt range or is a
//! vector (islice's bounds, the combinatoric index vectors) lives in a raw-bytes `Array`
//! object of native-endian i64s held in a slot ("ivec"). No Rust-side table holds Values.
//! `NULL` (Value::UNBOUND) marks CPython's NULL fields ("no value yet", "exhausted").
//!
//! **Invariant:** a `__next__` implementation roots `self` before anything that may
//! allocate or run Python code, and re-reads every slot afterwards; the state may also have
//! been changed by re-entrant calls, as in CPython.

#[path = "itertools_combinatoric.rs"]
mod combinatoric;
#[path = "itertools_docs.rs"]
mod docs;
#[path = "itertools_groupby_tee.rs"]
mod groupby_tee;
#[path = "itertools_simple.rs"]
mod simple;

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::{dict, int, module, numeric, str as pystr, tuple, type_};
use ember_vm::thread::{Handle, Thread};

/// CPython's NULL in an iterator's fields.
pub(crate) const NULL: Value = Value::UNBOUND;

/// The registered native type `key` ("itertools.count").
pub(crate) fn itype(t: &mut Thread, key: &str) -> PyResult<Value> {
    match native_type::native_type(t, key) {
        Some(ty) => Ok(ty),
        None => Err(t.raise_msg(
            BuiltinType::SystemError,
            &format!("{key} is not initialised"),
        )),
    }
}

/// The checks of CPython's `tp_new_wrapper` for `T.__new__(cls, ...)`: `cls` must be a
/// subtype of the native type `key`. Returns the class.
pub(crate) fn check_new(t: &mut Thread, a: &Args, key: &str) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error(&format!("{key}.__new__(): not enough arguments")));
    }
    let cls = a.get(t, 0);
    if !type_::is_type(t, cls) {
        let tn = type_::type_name_of(t, cls);
        return Err(t.type_error(&format!(
            "{key}.__new__(X): X is not a type object ({tn})"
        )));
    }
    let ty = itype(t, key)?;
    let cls = a.get(t, 0);
    if !type_::is_subtype(t, cls, ty) {
        let c = type_::tp_name(t, cls)?;
        return Err(t.type_error(&format!(
            "{key}.__new__({c}): {c} is not a subtype of {key}"
        )));
    }
    Ok(a.get(t, 0))
}

/// Binds the arguments after `cls` as Argument Clinic's `_PyArg_UnpackKeywords` does:
/// `params` in order, the first `maxpos` positional-or-keyword (the rest keyword-only), the
/// first `required` mandatory. Returns rooted values in parameter order.
pub(crate) fn parse_args(
    t: &mut Thread,
    a: &Args,
    fname: &str,
    params: &[&str],
    maxpos: usize,
    required: usize,
) -> PyResult<Vec<Option<Handle>>> {
    let nargs = a.len().saturating_sub(1);
    let nkw = a.nkw;
    let maxargs = params.len();
    let s = |n: usize| if n == 1 { "" } else { "s" };
    if nargs + nkw > maxargs {
        let msg = format!(
            "{fname}() takes at most {maxargs} {}argument{} ({} given)",
            if nargs == 0 { "keyword " } else { "" },
            s(maxargs),
            nargs + nkw
        );
        return Err(t.type_error(&msg));
    }
    if nargs > maxpos {
        let msg = if maxpos == 0 {
            format!("{fname}() takes no positional arguments")
        } else {
            format!(
                "{fname}() takes {} {maxpos} positional argument{} ({nargs} given)",
                if required < maxpos { "at most" } else { "exactly" },
                s(maxpos)
            )
        };
        return Err(t.type_error(&msg));
    }
    let mut out: Vec<Option<Handle>> = Vec::with_capacity(maxargs);
    let mut used = 0;
    for (i, p) in params.iter().enumerate() {
        if i < nargs {
            let v = a.get(t, 1 + i);
            out.push(Some(t.root(v)));
            continue;
        }
        let found = (0..nkw).find(|&k| pystr::str_eq_rust(t, a.kw(t, k).0, p));
        match found {
            Some(k) => {
                let v = a.kw(t, k).1;
                out.push(Some(t.root(v)));
                used += 1;
            }
            None if i < required => {
                let msg = format!("{fname}() missing required argument '{p}' (pos {})", i + 1);
                return Err(t.type_error(&msg));
            }
            None => out.push(None),
        }
    }
    if used < nkw {
        for k in 0..nkw {
            let name = pystr::to_rust_string(t, a.kw(t, k).0);
            if let Some(i) = params.iter().position(|p| *p == name) {
                if i < nargs {
                    let msg = format!(
                        "argument for {fname}() given by name ('{name}') and position ({})",
                        i + 1
                    );
                    return Err(t.type_error(&msg));
                }
            } else {
                let msg = format!("'{name}' is an invalid keyword argument for {fname}()");
                return Err(t.type_error(&msg));
            }
        }
    }
    Ok(out)
}

/// A constructor taking no keywords and `min..=max` positional arguments after `cls`
/// (CPython's `_PyArg_NoKeywords` then `_PyArg_CheckPositional`).
pub(crate) fn check_positional(
    t: &mut Thread,
    a: &Args,
    fname: &str,
    min: usize,
    max: usize,
) -> PyResult<()> {
    ember_vm::objects::sequence::check_range(t, *a, fname, min, max)
}

/// `PyNumber_AsSsize_t(v, PyExc_OverflowError)` as the `n` converter uses it.
pub(crate) fn ssize_arg(t: &mut Thread, v: Value) -> PyResult<i64> {
    numeric::as_ssize(t, v, Some("Python int too large to convert to C ssize_t"))
}

// ----- pickling support (`__reduce__` / `__setstate__`) -----

/// A METH_NOARGS method's check: "count.__reduce__() takes no arguments (1 given)".
pub(crate) fn noargs(t: &mut Thread, a: &Args, qualname: &str) -> PyResult<()> {
    ember_vm::objects::sequence::check_noargs(t, *a, qualname)
}

/// A METH_O method's check (`__setstate__`): returns the argument.
pub(crate) fn one_arg(t: &mut Thread, a: &Args, qualname: &str) -> PyResult<Value> {
    ember_vm::objects::sequence::check_one(t, *a, qualname)?;
    Ok(a.get(t, 1))
}

/// `__setstate__`'s "state is not a tuple" check, then PyArg_ParseTuple's count check.
/// Returns the items of the state tuple, rooted.
pub(crate) fn state_items(
    t: &mut Thread,
    state: Value,
    min: usize,
    max: usize,
) -> PyResult<Vec<Handle>> {
    if !tuple::is_tuple(t, state) {
        return Err(t.type_error("state is not a tuple"));
    }
    let n = tuple::len(t, state);
    if n < min || n > max {
        let s = |k: usize| if k == 1 { "" } else { "s" };
        let msg = if min == max {
            format!("function takes exactly {min} argument{} ({n} given)", s(min))
        } else if n < min {
            format!("function takes at least {min} argument{} ({n} given)", s(min))
        } else {
            format!("function takes at most {max} argument{} ({n} given)", s(max))
        };
        return Err(t.type_error(&msg));
    }
    Ok(tuple::items(t, state).into_iter().map(|v| t.root(v)).collect())
}

/// PyArg_ParseTuple's "O!" type check: "argument 1 must be list, not int".
pub(crate) fn check_arg_type(t: &mut Thread, v: Value, ty: Value, pos: usize) -> PyResult<()> {
    if type_::is_subtype(t, t.type_of(v), ty) {
        return Ok(());
    }
    let want = type_::tp_name(t, ty)?;
    let msg = format!(
        "argument {pos} must be {want}, not {}",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

/// PyArg_ParseTuple's "i" format (a C int through `__index__`).
pub(crate) fn c_int(t: &mut Thread, v: Value) -> PyResult<i64> {
    let i = numeric::index(t, v)?;
    match int::to_i64(t, i) {
        Some(i) if i > i32::MAX as i64 => {
            Err(t.overflow_error("signed integer is greater than maximum"))
        }
        Some(i) if i < i32::MIN as i64 => {
            Err(t.overflow_error("signed integer is less than minimum"))
        }
        Some(i) => Ok(i),
        None => Err(t.overflow_error("Python int too large to convert to C long")),
    }
}

/// `PyLong_AsSsize_t`: an int (no `__index__`) that fits a ssize_t.
pub(crate) fn as_ssize_strict(t: &mut Thread, v: Value) -> PyResult<i64> {
    if !int::is_int(t, v) {
        return Err(t.type_error("an integer is required"));
    }
    match int::to_i64(t, int::int_value(t, v)) {
        Some(i) => Ok(i),
        None => Err(t.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

/// `(type(obj), args)` or `(type(obj), args, state)` as `__reduce__` returns.
pub(crate) fn reduce_value(
    t: &mut Thread,
    obj: Value,
    args: Value,
    state: Option<Value>,
) -> PyResult<Value> {
    let ty = t.type_of(obj);
    match state {
        Some(s) => tuple::new_tuple(t, &[ty, args, s]),
        None => tuple::new_tuple(t, &[ty, args]),
    }
}

// ----- raw i64 vectors (index vectors and wide counters) -----

/// A new zero-filled vector of `n` i64s; MemoryError when it cannot exist.
pub(crate) fn new_ivec(t: &mut Thread, n: usize) -> PyResult<Value> {
    match n.checked_mul(8) {
        Some(len) if len <= (1usize << 40) => t.alloc_bytes(BuiltinType::Array.layout(), len),
        _ => Err(t.raise_empty(BuiltinType::MemoryError)),
    }
}

#[inline]
pub(crate) fn iget(t: &Thread, v: Value, i: usize) -> i64 {
    let b = t.heap.bytes(v);
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i * 8..i * 8 + 8]);
    i64::from_ne_bytes(w)
}

#[inline]
pub(crate) fn iset(t: &mut Thread, v: Value, i: usize, x: i64) {
    t.heap.bytes_mut(v)[i * 8..i * 8 + 8].copy_from_slice(&x.to_ne_bytes());
}

// ----- shared natives -----

/// `__iter__` of every itertools iterator.
pub(crate) fn iter_self(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__iter__", 0)?;
    Ok(a.get(t, 0))
}

/// Runs a `tp_iternext`-style step behind a `__next__` method: None (Rust) raises a bare
/// StopIteration (an exception the step raised passes through).
pub(crate) fn next_wrapper(
    t: &mut Thread,
    a: &Args,
    step: fn(&mut Thread, Value) -> PyResult<Option<Value>>,
) -> PyResult<Value> {
    numeric::wrapper_args(t, a, "__next__", 0)?;
    match step(t, a.get(t, 0))? {
        Some(v) => Ok(v),
        None => Err(t.raise_empty(BuiltinType::StopIteration)),
    }
}

/// `_PyType_Name(Py_TYPE(v))`: the part of the type's name after the last dot.
pub(crate) fn short_type_name(t: &Thread, v: Value) -> String {
    let ty = t.type_of(v);
    let n = type_::type_name(t, ty);
    match n.rfind('.') {
        Some(i) => n[i + 1..].to_string(),
        None => n,
    }
}

/// One native type of the module: its spec and the natives to install.
pub(crate) struct TypeDef {
    pub key: &'static str,
    pub name: &'static str,
    pub slots: u32,
    pub basetype: bool,
    pub new: Option<native::NativeFn>,
    pub next: Option<native::NativeFn>,
    /// The `tp_iternext` behind `next` (the same step), for `protocol::next`'s direct path.
    pub step: Option<native_type::IterNextFn>,
    pub methods: &'static [(&'static str, native::NativeFn)],
}

fn define_type(t: &mut Thread, def: &TypeDef) -> PyResult<Value> {
    let spec = NativeTypeSpec {
        module: "itertools",
        name: def.name,
        slots: def.slots,
        basetype: def.basetype,
        dict: false,
    };
    let ty = native_type::new_native_type(t, def.key, &spec)?;
    let h = t.root(ty);
    match def.new {
        Some(f) => native::add_static(t, t.get(h), "__new__", f)?,
        None => native_type::forbid_new(t, t.get(h))?,
    }
    if let Some(f) = def.next {
        native::add_method(t, t.get(h), "__iter__", iter_self)?;
        native::add_method(t, t.get(h), "__next__", f)?;
    }
    if let Some(f) = def.step {
        native_type::set_iternext(t, t.get(h), f);
    }
    for (name, f) in def.methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    if let Some((_, Some(doc))) = docs::TYPES.iter().find(|(n, _)| *n == def.name) {
        let d = pystr::new_str(t, doc)?;
        type_::define(t, t.get(h), "__doc__", d)?;
    }
    Ok(t.get(h))
}

pub fn init_itertools(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "itertools")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let defs = simple::TYPES
        .iter()
        .chain(groupby_tee::TYPES.iter())
        .chain(combinatoric::TYPES.iter());
    for def in defs {
        let mark = t.handle_mark();
        let ty = define_type(t, def)?;
        let hty = t.root(ty);
        if def.key == "itertools.chain" {
            native::add_classmethod(t, t.get(hty), "from_iterable", simple::chain_from_iterable)?;
            ember_vm::objects::sequence::add_class_getitem(t, t.get(hty))?;
        }
        dict::set_str(t, t.get(hd), def.name, t.get(hty))?;
        t.handle_release(mark);
    }
    native::add_function(t, t.get(hd), "itertools", "tee", groupby_tee::tee)?;
    let doc = pystr::new_str(t, docs::MODULE)?;
    dict::set_str(t, t.get(hd), "__doc__", doc)?;
    Ok(t.get(hm))
}

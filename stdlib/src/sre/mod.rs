//! The `_sre` module: CPython's regular-expression engine, which runs the code that the
//! pure-Python compiler (`re._parser`, `re._compiler`, used unmodified) produces.
//!
//! - `engine/` — the backtracking matcher over code words, with no VM knowledge (`mod.rs`:
//!   state and the opcode interpreter; `sets.rs`: charsets, AT tests, counting;
//!   `search.rs`: search and the match drivers);
//! - `chars.rs` — character categories and case mappings;
//! - `subject.rs` — reading str/bytes subjects without copying;
//! - `pattern.rs` — `re.Pattern` (`_sre.compile`, match/search/sub/split/findall...);
//! - `matchobj.rs` — `re.Match` and `_sre.SRE_Scanner`;
//! - `validate.rs` — the code validator `_sre.compile` runs.
//!
//! Compiled code is kept in the pattern object as a bytes object of little-endian u32
//! words, which the engine reads in place, so no Rust-side table outlives its pattern.
//! `gen_sre_engine_test.py` regenerates `tests/py/stdlib/sre_engine.py` from CPython;
//! `fuzz_sre.py` compares the engine with CPython's on random patterns; `bench_sre.py`
//! times both.

pub mod chars;
pub mod engine;
mod matchobj;
mod pattern;
pub(crate) mod subject;
mod validate;

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::{dict, int, module, numeric, str as pystr};
use ember_vm::thread::Thread;

pub const MAGIC: i64 = 20220615;
pub const CODESIZE: i64 = 4;
pub const MAXGROUPS: i64 = 0x3fff_ffff;

pub(crate) const PATTERN_TYPE: &str = "re.Pattern";
pub(crate) const MATCH_TYPE: &str = "re.Match";
pub(crate) const SCANNER_TYPE: &str = "_sre.SRE_Scanner";

pub(crate) fn sre_type(t: &mut Thread, key: &str) -> PyResult<Value> {
    match native_type::native_type(t, key) {
        Some(ty) => Ok(ty),
        None => Err(t.system_error("_sre types are not initialised")),
    }
}

/// A C `int` argument (CPython's `_PyLong_AsInt`).
fn int_arg(t: &mut Thread, v: Value) -> PyResult<i64> {
    let i = numeric::index(t, v)?;
    match int::to_i64(t, i) {
        Some(n) if i32::try_from(n).is_ok() => Ok(n),
        _ => Err(t.overflow_error("Python int too large to convert to C int")),
    }
}

fn char_fn(t: &mut Thread, a: Args, name: &str, f: fn(u32) -> i64) -> PyResult<Value> {
    a.check(t, name, 1, 1)?;
    let c = int_arg(t, a.get(t, 0))?;
    // The C functions work on `int`: a negative argument comes back as the same int.
    Ok(Value::small_int(f(c as u32) as i32 as i64))
}

fn sre_ascii_iscased(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = char_fn(t, a, "ascii_iscased", |c| chars::ascii_iscased(c) as i64)?;
    Ok(Value::from_bool(r.as_small_int() != 0))
}

fn sre_unicode_iscased(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = char_fn(t, a, "unicode_iscased", |c| {
        chars::unicode_iscased(c) as i64
    })?;
    Ok(Value::from_bool(r.as_small_int() != 0))
}

fn sre_ascii_tolower(t: &mut Thread, a: Args) -> PyResult<Value> {
    char_fn(t, a, "ascii_tolower", |c| chars::lower_ascii(c) as i64)
}

fn sre_unicode_tolower(t: &mut Thread, a: Args) -> PyResult<Value> {
    char_fn(t, a, "unicode_tolower", |c| chars::lower_unicode(c) as i64)
}

fn sre_getcodesize(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getcodesize", 0, 0)?;
    Ok(Value::small_int(CODESIZE))
}

fn new_type(
    t: &mut Thread,
    key: &'static str,
    module: &'static str,
    name: &'static str,
    slots: u32,
) -> PyResult<Value> {
    if let Some(ty) = native_type::native_type(t, key) {
        return Ok(ty);
    }
    let spec = NativeTypeSpec {
        module,
        name,
        slots,
        basetype: false,
        dict: false,
    };
    let ty = native_type::new_native_type(t, key, &spec)?;
    native_type::forbid_new(t, ty)?;
    Ok(ty)
}

pub fn init_sre(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_sre")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let pat = new_type(t, PATTERN_TYPE, "re", "Pattern", pattern::NSLOTS)?;
    pattern::init_type(t, pat)?;
    let mat = new_type(t, MATCH_TYPE, "re", "Match", matchobj::M_NSLOTS)?;
    matchobj::init_match_type(t, mat)?;
    let scn = new_type(t, SCANNER_TYPE, "_sre", "SRE_Scanner", matchobj::S_NSLOTS)?;
    matchobj::init_scanner_type(t, scn)?;

    let funcs: [(&'static str, native::NativeFn); 6] = [
        ("compile", pattern::sre_compile),
        ("getcodesize", sre_getcodesize),
        ("ascii_iscased", sre_ascii_iscased),
        ("unicode_iscased", sre_unicode_iscased),
        ("ascii_tolower", sre_ascii_tolower),
        ("unicode_tolower", sre_unicode_tolower),
    ];
    for (name, f) in funcs {
        native::add_function(t, t.get(hd), "_sre", name, f)?;
    }
    dict::set_str(t, t.get(hd), "MAGIC", Value::small_int(MAGIC))?;
    dict::set_str(t, t.get(hd), "CODESIZE", Value::small_int(CODESIZE))?;
    dict::set_str(
        t,
        t.get(hd),
        "MAXREPEAT",
        Value::small_int(engine::MAXREPEAT as i64),
    )?;
    dict::set_str(t, t.get(hd), "MAXGROUPS", Value::small_int(MAXGROUPS))?;
    let c = pystr::new_str(t, " SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB ")?;
    dict::set_str(t, t.get(hd), "copyright", c)?;
    Ok(t.get(hm))
}

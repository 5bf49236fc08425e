//! The `unicodedata` module: CPython 3.11's interface to the Unicode Character Database,
//! Unicode 14.0.0, and the `UCD` type whose one instance, `ucd_3_2_0`, answers the same
//! questions from Unicode 3.2.0 (what `stringprep` and the `idna` codec need).
//!
//! The data is in `tables.rs` and `data/`, generated from CPython 3.11's own `unicodedata`
//! by `gen_tables.py` (see there to regenerate); `db.rs` reads it, `normalize.rs`
//! implements the normalization forms. This file only binds them to Python: argument
//! checking and CPython's error messages. It owns no heap state beyond the module and the
//! `UCD` type; the name index built by the first `lookup` is plain Rust data.
//!
//! Difference from CPython: there is no `_ucnhash_CAPI` capsule (nothing in ember consumes
//! it; the compiler resolves `\N{...}` escapes itself).

mod db;
mod normalize;
#[rustfmt::skip]
mod tables;

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::{bytes, descriptors, dict, float, module, str as pystr, type_};
use ember_vm::thread::Thread;

use db::{Named, Version};

const UCD_KEY: &str = "unicodedata.UCD";

/// How a call reached a function: the module-level function (current database, arguments
/// from 0) or a `UCD` method (the 3.2 database, `self` at 0).
#[derive(Copy, Clone)]
struct Call {
    v: Version,
    off: usize,
    n: usize,
}

impl Call {
    fn module(a: &Args) -> Call {
        Call {
            v: Version::Current,
            off: 0,
            n: a.len(),
        }
    }

    fn method(t: &mut Thread, a: &Args, name: &str) -> PyResult<Call> {
        let me = a.opt(t, 0).unwrap_or(Value::NONE);
        let is_ucd = native_type::native_type(t, UCD_KEY)
            .map_or(false, |ty| native_type::is_instance(t, me, ty));
        if !is_ucd {
            let msg = format!(
                "descriptor '{name}' for 'unicodedata.UCD' objects doesn't apply to a '{}' object",
                type_::type_name_of(t, me)
            );
            return Err(t.type_error(&msg));
        }
        Ok(Call {
            v: Version::V3_2,
            off: 1,
            n: a.len() - 1,
        })
    }

    fn qualified(&self, name: &str) -> String {
        if self.off == 0 {
            format!("unicodedata.{name}")
        } else {
            format!("UCD.{name}")
        }
    }

    fn arg(&self, t: &Thread, a: &Args, i: usize) -> Value {
        a.get(t, self.off + i)
    }

    fn opt(&self, t: &Thread, a: &Args, i: usize) -> Option<Value> {
        a.opt(t, self.off + i)
    }

    /// A METH_O function's check: exactly one positional argument, no keywords.
    fn one(&self, t: &mut Thread, a: &Args, name: &str) -> PyResult<Value> {
        let q = self.qualified(name);
        a.no_kwargs(t, &q)?;
        if self.n != 1 {
            let msg = format!("{q}() takes exactly one argument ({} given)", self.n);
            return Err(t.type_error(&msg));
        }
        Ok(self.arg(t, a, 0))
    }

    /// An Argument Clinic positional-only function's check: `min..=max` arguments.
    fn range(&self, t: &mut Thread, a: &Args, name: &str, min: usize, max: usize) -> PyResult<()> {
        a.no_kwargs(t, &self.qualified(name))?;
        let n = self.n;
        if n >= min && n <= max {
            return Ok(());
        }
        let s = |k: usize| if k == 1 { "" } else { "s" };
        let msg = if min == max {
            format!("{name} expected {min} argument{}, got {n}", s(min))
        } else if n < min {
            format!("{name} expected at least {min} argument{}, got {n}", s(min))
        } else {
            format!("{name} expected at most {max} argument{}, got {n}", s(max))
        };
        Err(t.type_error(&msg))
    }
}

/// A one-character str argument as its code point. `numbered`: the function takes more than
/// one argument, so CPython's message says "argument 1".
fn char_arg(t: &mut Thread, v: Value, fname: &str, numbered: bool) -> PyResult<u32> {
    if pystr::is_str(t, v) && pystr::char_len(t, v) == 1 {
        let cp = pystr::with_str_bytes(t, v, |_, b| {
            std::str::from_utf8(b)
                .ok()
                .and_then(|s| s.chars().next())
                .map_or(0, |c| c as u32)
        });
        return Ok(cp);
    }
    let msg = format!(
        "{fname}() argument{} must be a unicode character, not {}",
        if numbered { " 1" } else { "" },
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

fn str_arg(t: &mut Thread, v: Value, fname: &str, pos: usize) -> PyResult<Vec<u32>> {
    if !pystr::is_str(t, v) {
        let msg = format!(
            "{fname}() argument {pos} must be str, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    Ok(pystr::with_str_bytes(t, v, |_, b| {
        String::from_utf8_lossy(b)
            .chars()
            .map(|c| c as u32)
            .collect()
    }))
}

fn new_str_cps(t: &mut Thread, cps: &[u32]) -> PyResult<Value> {
    let s: String = cps.iter().filter_map(|&c| char::from_u32(c)).collect();
    pystr::new_str(t, &s)
}

// ----- the properties -----

/// `decimal`, `digit` and `numeric`: the value, or the default, or ValueError.
fn numeric_value(
    t: &mut Thread,
    a: &Args,
    c: Call,
    name: &str,
    get: fn(&db::Record) -> Option<f64>,
    as_int: bool,
    error: &str,
) -> PyResult<Value> {
    c.range(t, a, name, 1, 2)?;
    let cp = char_arg(t, c.arg(t, a, 0), name, true)?;
    match get(&db::record(c.v, cp)) {
        Some(x) if as_int => Ok(Value::small_int(x as i64)),
        Some(x) => float::new_float(t, x),
        None => match c.opt(t, a, 1) {
            Some(d) => Ok(d),
            None => Err(t.value_error(error)),
        },
    }
}

fn decimal(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    numeric_value(
        t,
        &a,
        c,
        "decimal",
        |r| r.decimal().map(f64::from),
        true,
        "not a decimal",
    )
}

fn digit(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    numeric_value(
        t,
        &a,
        c,
        "digit",
        |r| r.digit().map(f64::from),
        true,
        "not a digit",
    )
}

fn numeric(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    numeric_value(
        t,
        &a,
        c,
        "numeric",
        db::Record::numeric,
        false,
        "not a numeric character",
    )
}

fn one_char(t: &mut Thread, a: &Args, c: Call, name: &str) -> PyResult<u32> {
    let v = c.one(t, a, name)?;
    char_arg(t, v, name, false)
}

fn category(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    let cp = one_char(t, &a, c, "category")?;
    pystr::new_str(t, db::record(c.v, cp).category())
}

fn bidirectional(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    let cp = one_char(t, &a, c, "bidirectional")?;
    pystr::new_str(t, db::record(c.v, cp).bidirectional())
}

fn combining(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    let cp = one_char(t, &a, c, "combining")?;
    Ok(Value::small_int(db::record(c.v, cp).combining as i64))
}

fn mirrored(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    let cp = one_char(t, &a, c, "mirrored")?;
    Ok(Value::small_int(db::record(c.v, cp).mirrored() as i64))
}

fn east_asian_width(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    let cp = one_char(t, &a, c, "east_asian_width")?;
    pystr::new_str(t, db::record(c.v, cp).east_asian_width())
}

fn decomposition(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    let cp = one_char(t, &a, c, "decomposition")?;
    let s = db::decomposition_text(c.v, cp);
    pystr::new_str(t, &s)
}

// ----- names -----

fn name(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    c.range(t, &a, "name", 1, 2)?;
    let cp = char_arg(t, c.arg(t, &a, 0), "name", true)?;
    match db::name(c.v, cp) {
        Some(n) => pystr::new_str(t, &n),
        None => match c.opt(t, &a, 1) {
            Some(d) => Ok(d),
            None => Err(t.value_error("no such name")),
        },
    }
}

/// CPython's NAME_MAXLEN: longer names are refused before any search.
const NAME_MAXLEN: usize = 256;

fn lookup(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    let arg = c.one(t, &a, "lookup")?;
    let text: Vec<u8> = if pystr::is_str(t, arg) {
        pystr::str_bytes_owned(t, arg)
    } else if bytes::is_bytes(t, arg) {
        bytes::bytes_like(t, arg)
            .map(|b| b.to_vec())
            .unwrap_or_default()
    } else if bytes::is_bytes_like(t, arg) {
        let msg = format!(
            "lookup() argument must be read-only bytes-like object, not {}",
            type_::type_name_of(t, arg)
        );
        return Err(t.type_error(&msg));
    } else {
        let msg = format!(
            "a bytes-like object is required, not '{}'",
            type_::type_name_of(t, arg)
        );
        return Err(t.type_error(&msg));
    };
    if text.len() > NAME_MAXLEN {
        let k = pystr::new_str(t, "name too long")?;
        return Err(t.key_error(k));
    }
    match db::lookup(c.v, &text) {
        Some(Named::Char(cp)) | Some(Named::Alias(cp)) => new_str_cps(t, &[cp]),
        Some(Named::Sequence(seq)) => new_str_cps(t, &seq),
        None => {
            // CPython formats the name with "%s" up to its first NUL byte.
            let shown = text.split(|&b| b == 0).next().unwrap_or(&[]);
            let msg = format!(
                "undefined character name '{}'",
                String::from_utf8_lossy(shown)
            );
            let k = pystr::new_str(t, &msg)?;
            Err(t.key_error(k))
        }
    }
}

// ----- normalization -----

/// Checks `(form, unistr)` and returns the form's (compose, compat) flags with the text, or
/// None (Rust) for an empty text, which CPython returns before looking at the form.
fn normal_form(
    t: &mut Thread,
    a: &Args,
    c: Call,
    name: &str,
) -> PyResult<Option<((bool, bool), Vec<u32>)>> {
    c.range(t, a, name, 2, 2)?;
    let form = c.arg(t, a, 0);
    if !pystr::is_str(t, form) {
        let msg = format!(
            "{name}() argument 1 must be str, not {}",
            type_::type_name_of(t, form)
        );
        return Err(t.type_error(&msg));
    }
    let text = str_arg(t, c.arg(t, a, 1), name, 2)?;
    if text.is_empty() {
        return Ok(None);
    }
    let flags = match pystr::to_rust_string(t, form).as_str() {
        "NFC" => (true, false),
        "NFKC" => (true, true),
        "NFD" => (false, false),
        "NFKD" => (false, true),
        _ => return Err(t.value_error("invalid normalization form")),
    };
    Ok(Some((flags, text)))
}

fn normalized(v: Version, (compose, compat): (bool, bool), text: &[u32]) -> Vec<u32> {
    if compose {
        normalize::compose(v, text, compat)
    } else {
        normalize::decompose(v, text, compat)
    }
}

fn normalize_(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    let Some((form, text)) = normal_form(t, &a, c, "normalize")? else {
        return Ok(c.arg(t, &a, 1));
    };
    let out = normalized(c.v, form, &text);
    if out == text {
        // CPython returns the argument itself when its quick check says it is normalized.
        return Ok(c.arg(t, &a, 1));
    }
    new_str_cps(t, &out)
}

fn is_normalized(t: &mut Thread, a: Args, c: Call) -> PyResult<Value> {
    let Some((form, text)) = normal_form(t, &a, c, "is_normalized")? else {
        return Ok(Value::TRUE);
    };
    Ok(Value::from_bool(normalized(c.v, form, &text) == text))
}

// ----- bindings -----

macro_rules! bindings {
    ($($name:literal $op:ident $module_fn:ident $method_fn:ident;)*) => {
        $(
            fn $module_fn(t: &mut Thread, a: Args) -> PyResult<Value> {
                let c = Call::module(&a);
                $op(t, a, c)
            }
            fn $method_fn(t: &mut Thread, a: Args) -> PyResult<Value> {
                let c = Call::method(t, &a, $name)?;
                $op(t, a, c)
            }
        )*
        const FUNCTIONS: &[(&str, native::NativeFn, native::NativeFn)] = &[
            $(($name, $module_fn, $method_fn),)*
        ];
    };
}

bindings! {
    "bidirectional" bidirectional m_bidirectional u_bidirectional;
    "category" category m_category u_category;
    "combining" combining m_combining u_combining;
    "decimal" decimal m_decimal u_decimal;
    "decomposition" decomposition m_decomposition u_decomposition;
    "digit" digit m_digit u_digit;
    "east_asian_width" east_asian_width m_east_asian_width u_east_asian_width;
    "is_normalized" is_normalized m_is_normalized u_is_normalized;
    "lookup" lookup m_lookup u_lookup;
    "mirrored" mirrored m_mirrored u_mirrored;
    "name" name m_name u_name;
    "normalize" normalize_ m_normalize u_normalize;
    "numeric" numeric m_numeric u_numeric;
}

pub fn init_unicodedata(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "unicodedata")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    for &(name, f, _) in FUNCTIONS {
        native::add_function(t, t.get(hd), "unicodedata", name, f)?;
    }
    let version = pystr::new_str(t, tables::UNIDATA_VERSION)?;
    dict::set_str(t, t.get(hd), "unidata_version", version)?;
    let ty = match native_type::native_type(t, UCD_KEY) {
        Some(ty) => ty,
        None => {
            let spec = NativeTypeSpec {
                module: "unicodedata",
                name: "UCD",
                // Slot 0: the database version, a read-only member as in CPython.
                slots: 1,
                basetype: false,
                dict: false,
            };
            let ty = native_type::new_native_type(t, UCD_KEY, &spec)?;
            let hty = t.root(ty);
            native_type::forbid_new(t, ty)?;
            for &(name, _, f) in FUNCTIONS {
                native::add_method(t, t.get(hty), name, f)?;
            }
            let n = pystr::new_str(t, "unidata_version")?;
            let member = descriptors::new_member_of_kind(
                t,
                n,
                t.get(hty),
                0,
                descriptors::member_kind::READONLY_SLOT,
            )?;
            type_::define(t, t.get(hty), "unidata_version", member)?;
            t.get(hty)
        }
    };
    dict::set_str(t, t.get(hd), "UCD", ty)?;
    let hty = t.root(ty);
    let version = pystr::new_str(t, "3.2.0")?;
    let ucd = native_type::new_instance(t, t.get(hty), &[version])?;
    dict::set_str(t, t.get(hd), "ucd_3_2_0", ucd)?;
    Ok(t.get(hm))
}

//! Numeric and character builtins: `abs`, `divmod`, `pow`, `round`, `bin`, `oct`, `hex`,
//! `chr`, `ord`, `ascii`, `format`, `hash`. They dispatch through the special methods of
//! the operands' types, so they work for every numeric type the object model defines.

use ember_gc::Value;
use num_bigint::Sign;

use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::Args;
use crate::objects::{bytes, int, str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

/// `operator.index(v)`: an int, or TypeError "'T' object cannot be interpreted as an
/// integer".
pub fn index_value(t: &mut Thread, v: Value) -> PyResult<Value> {
    if int::is_int(t, v) {
        return Ok(int::int_value(t, v));
    }
    let hv = t.root(v);
    let ty = t.type_of(v);
    if type_::lookup_sym(t, ty, crate::symbols::sym::__index__).is_none() {
        let msg = format!(
            "'{}' object cannot be interpreted as an integer",
            type_::type_name_of(t, t.get(hv))
        );
        return Err(t.type_error(&msg));
    }
    let r = protocol::call_special(t, t.get(hv), crate::symbols::sym::__index__, &[])?
        .unwrap_or(Value::NONE);
    if !int::is_int(t, r) {
        let msg = format!(
            "__index__ returned non-int (type {})",
            type_::type_name_of(t, r)
        );
        return Err(t.type_error(&msg));
    }
    Ok(int::int_value(t, r))
}

/// Calls `a.name(b)`, then `b.rname(a)`, with CPython's binary-operator rules (a subclass
/// operand's reflected method first). None when both return NotImplemented or are missing.
fn binary_special(
    t: &mut Thread,
    a: Value,
    b: Value,
    name: &str,
    rname: &str,
) -> PyResult<Option<Value>> {
    let ha = t.root(a);
    let hb = t.root(b);
    let ta = t.type_of(a);
    let tb = t.type_of(b);
    let reflected_first = ta != tb && type_::is_subtype(t, tb, ta) && {
        let r = type_::lookup_str(t, tb, rname)?;
        let l = type_::lookup_str(t, t.type_of(t.get(ha)), rname)?;
        r.is_some() && r != l
    };
    if reflected_first {
        if let Some(r) = protocol::call_special(t, t.get(hb), rname, &[t.get(ha)])? {
            if !r.is_not_implemented() {
                return Ok(Some(r));
            }
        }
    }
    if let Some(r) = protocol::call_special(t, t.get(ha), name, &[t.get(hb)])? {
        if !r.is_not_implemented() {
            return Ok(Some(r));
        }
    }
    if !reflected_first && t.type_of(t.get(ha)) != t.type_of(t.get(hb)) {
        if let Some(r) = protocol::call_special(t, t.get(hb), rname, &[t.get(ha)])? {
            if !r.is_not_implemented() {
                return Ok(Some(r));
            }
        }
    }
    Ok(None)
}

pub(super) fn builtin_abs(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "abs", 1, 1)?;
    let v = a.get(t, 0);
    if v.is_small_int() {
        return int::from_i64(t, v.as_small_int().abs());
    }
    match protocol::call_special(t, v, crate::symbols::sym::__abs__, &[])? {
        Some(r) => Ok(r),
        None => {
            let msg = format!(
                "bad operand type for abs(): '{}'",
                type_::type_name_of(t, a.get(t, 0))
            );
            Err(t.type_error(&msg))
        }
    }
}

pub(super) fn builtin_divmod(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "divmod", 2, 2)?;
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    match binary_special(t, x, y, "__divmod__", "__rdivmod__")? {
        Some(r) => Ok(r),
        None => {
            let msg = format!(
                "unsupported operand type(s) for divmod(): '{}' and '{}'",
                type_::type_name_of(t, a.get(t, 0)),
                type_::type_name_of(t, a.get(t, 1))
            );
            Err(t.type_error(&msg))
        }
    }
}

pub(super) fn builtin_pow(t: &mut Thread, a: Args) -> PyResult<Value> {
    let names = ["base", "exp", "mod"];
    for i in 0..a.nkw {
        let (k, _) = a.kw(t, i);
        if !names.iter().any(|n| pystr::str_eq_rust(t, k, n)) {
            let k = pystr::to_rust_string(t, k);
            let msg = format!("pow() got an unexpected keyword argument '{k}'");
            return Err(t.type_error(&msg));
        }
    }
    if a.len() > 3 {
        let msg = format!("pow() takes at most 3 arguments ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    let get = |t: &Thread, i: usize| a.opt(t, i).or_else(|| a.kwarg(t, names[i]));
    let (Some(base), Some(exp)) = (get(t, 0), get(t, 1)) else {
        let missing = if get(t, 0).is_none() {
            ("base", 1)
        } else {
            ("exp", 2)
        };
        let msg = format!(
            "pow() missing required argument '{}' (pos {})",
            missing.0, missing.1
        );
        return Err(t.type_error(&msg));
    };
    let modulus = get(t, 2).unwrap_or(Value::NONE);
    protocol::number::ternary_pow(t, base, exp, modulus)
}

pub(super) fn builtin_round(t: &mut Thread, a: Args) -> PyResult<Value> {
    for i in 0..a.nkw {
        let (k, _) = a.kw(t, i);
        if !pystr::str_eq_rust(t, k, "number") && !pystr::str_eq_rust(t, k, "ndigits") {
            let k = pystr::to_rust_string(t, k);
            let msg = format!("round() got an unexpected keyword argument '{k}'");
            return Err(t.type_error(&msg));
        }
    }
    if a.len() > 2 {
        let msg = format!("round() takes at most 2 arguments ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    let Some(number) = a.opt(t, 0).or_else(|| a.kwarg(t, "number")) else {
        return Err(t.type_error("round() missing required argument 'number' (pos 1)"));
    };
    let ndigits = a
        .opt(t, 1)
        .or_else(|| a.kwarg(t, "ndigits"))
        .unwrap_or(Value::NONE);
    let hn = t.root(number);
    let hd = t.root(ndigits);
    let ty = t.type_of(number);
    if type_::lookup_sym(t, ty, crate::symbols::sym::__round__).is_none() {
        let msg = format!(
            "type {} doesn't define __round__ method",
            type_::type_name_of(t, t.get(hn))
        );
        return Err(t.type_error(&msg));
    }
    let r = if t.get(hd).is_none() {
        protocol::call_special(t, t.get(hn), crate::symbols::sym::__round__, &[])?
    } else {
        protocol::call_special(t, t.get(hn), crate::symbols::sym::__round__, &[t.get(hd)])?
    };
    Ok(r.unwrap_or(Value::NONE))
}

/// `bin`/`oct`/`hex`: the magnitude in `radix` with `prefix`, signed.
fn radix_string(t: &mut Thread, a: &Args, name: &str, radix: u32, prefix: &str) -> PyResult<Value> {
    a.check(t, name, 1, 1)?;
    let v = index_value(t, a.get(t, 0))?;
    let b = int::to_bigint(t, v);
    let (sign, mag) = (b.sign(), b.magnitude().to_str_radix(radix));
    let s = if sign == Sign::Minus {
        format!("-{prefix}{mag}")
    } else {
        format!("{prefix}{mag}")
    };
    pystr::new_str(t, &s)
}

pub(super) fn builtin_bin(t: &mut Thread, a: Args) -> PyResult<Value> {
    radix_string(t, &a, "bin", 2, "0b")
}

pub(super) fn builtin_oct(t: &mut Thread, a: Args) -> PyResult<Value> {
    radix_string(t, &a, "oct", 8, "0o")
}

pub(super) fn builtin_hex(t: &mut Thread, a: Args) -> PyResult<Value> {
    radix_string(t, &a, "hex", 16, "0x")
}

pub(super) fn builtin_chr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "chr", 1, 1)?;
    let v = index_value(t, a.get(t, 0))?;
    let i = int::to_i64(t, v);
    let Some(i) = i.filter(|i| (0..=0x10ffff).contains(i)) else {
        if i.is_none() {
            return Err(t.overflow_error("Python int too large to convert to C int"));
        }
        return Err(t.value_error("chr() arg not in range(0x110000)"));
    };
    // FIXME(surrogates): lone surrogates cannot be represented in ember's UTF-8 strs yet.
    let c = char::from_u32(i as u32).unwrap_or('\u{fffd}');
    let mut buf = [0u8; 4];
    pystr::new_str(t, c.encode_utf8(&mut buf))
}

pub(super) fn builtin_ord(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "ord", 1, 1)?;
    let v = a.get(t, 0);
    if pystr::is_str(t, v) {
        let n = pystr::char_len(t, v);
        if n != 1 {
            let msg = format!("ord() expected a character, but string of length {n} found");
            return Err(t.type_error(&msg));
        }
        let s = pystr::to_rust_string(t, v);
        let c = s.chars().next().map_or(0, |c| c as i64);
        return Ok(Value::small_int(c));
    }
    let native = t.layouts.get(t.layout_of(v)).native;
    if native == NativeKind::Bytes || native == NativeKind::ByteArray {
        let data: Vec<u8> = if native == NativeKind::Bytes {
            t.heap.bytes(bytes::bytes_value(t, v)).to_vec()
        } else {
            let bt = t.ty(BuiltinType::Bytes);
            let b = protocol::call(t, bt, &[v])?;
            t.heap.bytes(bytes::bytes_value(t, b)).to_vec()
        };
        if data.len() != 1 {
            let msg = format!(
                "ord() expected a character, but string of length {} found",
                data.len()
            );
            return Err(t.type_error(&msg));
        }
        return Ok(Value::small_int(data[0] as i64));
    }
    let msg = format!(
        "ord() expected string of length 1, but {} found",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

/// `repr(v)` with non-ASCII characters escaped (`ascii()`).
pub fn ascii_of(t: &mut Thread, v: Value) -> PyResult<String> {
    let r = protocol::repr_string(t, v)?;
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n <= 0xff {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n <= 0xffff {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    Ok(out)
}

pub(super) fn builtin_ascii(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "ascii", 1, 1)?;
    let s = ascii_of(t, a.get(t, 0))?;
    pystr::new_str(t, &s)
}

pub(super) fn builtin_format(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "format", 1, 2)?;
    let spec = match a.opt(t, 1) {
        Some(s) => {
            if !pystr::is_str(t, s) {
                let msg = format!(
                    "format() argument 2 must be str, not {}",
                    type_::type_name_of(t, s)
                );
                return Err(t.type_error(&msg));
            }
            s
        }
        None => pystr::new_str(t, "")?,
    };
    let v = a.get(t, 0);
    let r = protocol::call_special(t, v, crate::symbols::sym::__format__, &[spec])?;
    match r {
        Some(r) if pystr::is_str(t, r) => Ok(r),
        Some(r) => {
            let msg = format!(
                "__format__ must return a str, not {}",
                type_::type_name_of(t, r)
            );
            Err(t.type_error(&msg))
        }
        None => {
            let msg = format!(
                "Type {} doesn't define __format__",
                type_::type_name_of(t, a.get(t, 0))
            );
            Err(t.type_error(&msg))
        }
    }
}

pub(super) fn builtin_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "hash", 1, 1)?;
    let h = protocol::hash(t, a.get(t, 0))?;
    int::from_i64(t, h)
}

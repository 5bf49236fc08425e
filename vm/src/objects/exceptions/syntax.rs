//! `SyntaxError` (`msg`, `filename`, `lineno`, `offset`, `text`, `end_lineno`,
//! `end_offset`, `print_file_and_line`) and the `UnicodeError` family (`encoding`, `object`,
//! `start`, `end`, `reason`), with CPython's argument parsing and `__str__`.

use ember_gc::Value;

use super::{base_init_common, field, self_exc, set_field, to_tuple};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{bytes, int, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

pub const SYNTAX_FIELDS: [&str; 8] = [
    "msg",
    "filename",
    "lineno",
    "offset",
    "text",
    "end_lineno",
    "end_offset",
    "print_file_and_line",
];

fn syntax_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    base_init_common(t, &a)?;
    init_fields(t, a.get(t, 0))?;
    Ok(Value::NONE)
}

/// Sets the SyntaxError fields from `args`: `msg`, and with a second argument the
/// `(filename, lineno, offset, text[, end_lineno, end_offset])` details.
pub(super) fn init_fields(t: &mut Thread, exc: Value) -> PyResult<()> {
    let he = t.root(exc);
    let argt = super::args(t, exc);
    let n = if tuple::is_tuple(t, argt) {
        tuple::len(t, argt)
    } else {
        0
    };
    if n >= 1 {
        let msg = tuple::get(t, argt, 0);
        set_field(t, t.get(he), "msg", msg)?;
    }
    if n == 2 {
        let argt = super::args(t, t.get(he));
        let info = to_tuple(t, tuple::get(t, argt, 1))?;
        let hi = t.root(info);
        let k = tuple::len(t, info);
        if k < 4 {
            let msg = format!("function takes at least 4 arguments ({k} given)");
            return Err(t.type_error(&msg));
        }
        if k > 6 {
            let msg = format!("function takes at most 6 arguments ({k} given)");
            return Err(t.type_error(&msg));
        }
        for (i, name) in SYNTAX_FIELDS[1..7].iter().enumerate() {
            let v = if i < k {
                tuple::get(t, t.get(hi), i)
            } else {
                Value::NONE
            };
            set_field(t, t.get(he), name, v)?;
        }
        if k == 5 {
            return Err(t.type_error("end_offset must be provided when end_lineno is provided"));
        }
    }
    Ok(())
}

/// The last path component (CPython's `my_basename`).
fn basename(s: &str) -> &str {
    match s.rfind('/') {
        Some(i) => &s[i + 1..],
        None => s,
    }
}

fn syntax_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = self_exc(t, &a, "__str__")?;
    let hs = t.root(s);
    let filename = match field(t, s, "filename")? {
        Some(f) if pystr::is_str(t, f) => Some(basename(&pystr::to_rust_string(t, f)).to_string()),
        _ => None,
    };
    let lineno = match field(t, t.get(hs), "lineno")? {
        Some(l) if l.is_small_int() || t.layout_of(l) == BuiltinType::Int.layout() => {
            Some(int::repr(t, l))
        }
        _ => None,
    };
    let msg = field(t, t.get(hs), "msg")?.unwrap_or(Value::NONE);
    let m = protocol::str_string(t, msg)?;
    let text = match (filename, lineno) {
        (None, None) => m,
        (Some(f), Some(l)) => format!("{m} ({f}, line {l})"),
        (Some(f), None) => format!("{m} ({f})"),
        (None, Some(l)) => format!("{m} (line {l})"),
    };
    pystr::new_str(t, &text)
}

// ----- UnicodeError family -----

#[derive(Copy, Clone, PartialEq, Eq)]
enum UnicodeKind {
    Decode,
    Encode,
    Translate,
}

fn str_arg(t: &mut Thread, v: Value, pos: usize) -> PyResult<()> {
    if !pystr::is_str(t, v) {
        let msg = format!(
            "argument {pos} must be str, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

fn index_arg(t: &mut Thread, v: Value) -> PyResult<()> {
    if !int::is_int(t, v) {
        let msg = format!(
            "'{}' object cannot be interpreted as an integer",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    Ok(())
}

fn unicode_init(t: &mut Thread, a: &Args, kind: UnicodeKind) -> PyResult<()> {
    base_init_common(t, a)?;
    let n = a.len() - 1;
    let want = if kind == UnicodeKind::Translate { 4 } else { 5 };
    if n != want {
        let msg = format!("function takes exactly {want} arguments ({n} given)");
        return Err(t.type_error(&msg));
    }
    let off = if kind == UnicodeKind::Translate { 0 } else { 1 };
    if kind != UnicodeKind::Translate {
        str_arg(t, a.get(t, 1), 1)?;
    }
    let obj = a.get(t, 1 + off);
    let obj = match kind {
        UnicodeKind::Decode => {
            let l = t.layout_of(obj);
            let is_bytes_like = t.layouts.get(l).native == crate::layout::NativeKind::Bytes
                || t.layouts.get(l).native == crate::layout::NativeKind::ByteArray;
            if !is_bytes_like {
                let msg = format!(
                    "a bytes-like object is required, not '{}'",
                    type_::type_name_of(t, obj)
                );
                return Err(t.type_error(&msg));
            }
            if t.layouts.get(l).native == crate::layout::NativeKind::Bytes {
                bytes::bytes_value(t, obj)
            } else {
                protocol::call(t, t.ty(BuiltinType::Bytes), &[obj])?
            }
        }
        _ => {
            str_arg(t, obj, 1 + off)?;
            obj
        }
    };
    let ho = t.root(obj);
    index_arg(t, a.get(t, 2 + off))?;
    index_arg(t, a.get(t, 3 + off))?;
    str_arg(t, a.get(t, 4 + off), 4 + off)?;
    let s = a.get(t, 0);
    if kind != UnicodeKind::Translate {
        set_field(t, s, "encoding", a.get(t, 1))?;
    } else {
        set_field(t, s, "encoding", Value::NONE)?;
    }
    set_field(t, a.get(t, 0), "object", t.get(ho))?;
    set_field(t, a.get(t, 0), "start", a.get(t, 2 + off))?;
    set_field(t, a.get(t, 0), "end", a.get(t, 3 + off))?;
    set_field(t, a.get(t, 0), "reason", a.get(t, 4 + off))?;
    Ok(())
}

fn decode_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    unicode_init(t, &a, UnicodeKind::Decode)?;
    Ok(Value::NONE)
}

fn encode_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    unicode_init(t, &a, UnicodeKind::Encode)?;
    Ok(Value::NONE)
}

fn translate_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    unicode_init(t, &a, UnicodeKind::Translate)?;
    Ok(Value::NONE)
}

/// `'\xNN'`, `'\uNNNN'` or `'\UNNNNNNNN'` for a code point.
fn escape_char(c: u32) -> String {
    if c <= 0xff {
        format!("\\x{c:02x}")
    } else if c <= 0xffff {
        format!("\\u{c:04x}")
    } else {
        format!("\\U{c:08x}")
    }
}

fn unicode_str(t: &mut Thread, a: &Args, kind: UnicodeKind) -> PyResult<Value> {
    let s = self_exc(t, a, "__str__")?;
    let hs = t.root(s);
    let Some(obj) = field(t, s, "object")? else {
        return pystr::new_str(t, "");
    };
    let ho = t.root(obj);
    let start = field(t, t.get(hs), "start")?
        .and_then(|v| int::to_i64(t, v))
        .unwrap_or(0);
    let end = field(t, t.get(hs), "end")?
        .and_then(|v| int::to_i64(t, v))
        .unwrap_or(0);
    let reason = field(t, t.get(hs), "reason")?.unwrap_or(Value::NONE);
    let reason = protocol::str_string(t, reason)?;
    let encoding = match kind {
        UnicodeKind::Translate => String::new(),
        _ => {
            let e = field(t, t.get(hs), "encoding")?.unwrap_or(Value::NONE);
            protocol::str_string(t, e)?
        }
    };
    let obj = t.get(ho);
    let text = match kind {
        UnicodeKind::Decode => {
            let b: Vec<u8> = if t.layout_of(obj) == BuiltinType::Bytes.layout() {
                t.heap.bytes(obj).to_vec()
            } else {
                Vec::new()
            };
            if start >= 0 && (start as usize) < b.len() && end == start + 1 {
                format!(
                    "'{encoding}' codec can't decode byte 0x{:02x} in position {start}: {reason}",
                    b[start as usize]
                )
            } else {
                format!(
                    "'{encoding}' codec can't decode bytes in position {start}-{}: {reason}",
                    end - 1
                )
            }
        }
        UnicodeKind::Encode | UnicodeKind::Translate => {
            let chars: Vec<char> = if pystr::is_str(t, obj) {
                pystr::to_rust_string(t, obj).chars().collect()
            } else {
                Vec::new()
            };
            let what = if kind == UnicodeKind::Encode {
                format!("'{encoding}' codec can't encode")
            } else {
                "can't translate".to_string()
            };
            if start >= 0 && (start as usize) < chars.len() && end == start + 1 {
                let c = escape_char(chars[start as usize] as u32);
                format!("{what} character '{c}' in position {start}: {reason}")
            } else {
                format!(
                    "{what} characters in position {start}-{}: {reason}",
                    end - 1
                )
            }
        }
    };
    pystr::new_str(t, &text)
}

fn decode_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    unicode_str(t, &a, UnicodeKind::Decode)
}

fn encode_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    unicode_str(t, &a, UnicodeKind::Encode)
}

fn translate_str(t: &mut Thread, a: Args) -> PyResult<Value> {
    unicode_str(t, &a, UnicodeKind::Translate)
}

/// Sets the UnicodeError fields from `args` without checking their types (for exceptions
/// the VM creates; `__init__` validates).
pub(super) fn unicode_fields(t: &mut Thread, exc: Value) -> PyResult<()> {
    let he = t.root(exc);
    let argt = super::args(t, exc);
    let n = if tuple::is_tuple(t, argt) {
        tuple::len(t, argt)
    } else {
        0
    };
    let translate = exc_is_translate(t, exc);
    let names: &[&str] = if translate {
        &["object", "start", "end", "reason"]
    } else {
        &["encoding", "object", "start", "end", "reason"]
    };
    if n != names.len() {
        return Ok(());
    }
    for (i, name) in names.iter().enumerate() {
        let argt = super::args(t, t.get(he));
        let v = tuple::get(t, argt, i);
        set_field(t, t.get(he), name, v)?;
    }
    Ok(())
}

fn exc_is_translate(t: &Thread, e: Value) -> bool {
    super::exc_is(t, e, BuiltinType::UnicodeTranslateError)
}

pub(super) fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::SyntaxError);
    native::add_method(t, ty, "__init__", syntax_init)?;
    let ty = t.ty(BuiltinType::SyntaxError);
    native::add_method(t, ty, "__str__", syntax_str)?;
    super::field_defaults(t, BuiltinType::SyntaxError, &SYNTAX_FIELDS)?;
    let table: [(BuiltinType, native::NativeFn, native::NativeFn); 3] = [
        (BuiltinType::UnicodeDecodeError, decode_init, decode_str),
        (BuiltinType::UnicodeEncodeError, encode_init, encode_str),
        (
            BuiltinType::UnicodeTranslateError,
            translate_init,
            translate_str,
        ),
    ];
    for (bt, i, s) in table {
        let ty = t.ty(bt);
        native::add_method(t, ty, "__init__", i)?;
        let ty = t.ty(bt);
        native::add_method(t, ty, "__str__", s)?;
    }
    super::field_defaults(
        t,
        BuiltinType::UnicodeError,
        &["encoding", "object", "start", "end", "reason"],
    )?;
    Ok(())
}

//! The `_string` module: the format-string parser behind `string.Formatter`.
//!
//! `formatter_parser(s)` iterates over `(literal, field_name, format_spec, conversion)`
//! pieces and `formatter_field_name_split(name)` splits a field name into its first part
//! and an iterator over `(is_attribute, key)`. Both iterators parse lazily, as CPython's do:
//! a malformed string raises ValueError only when iteration reaches the bad part. They share
//! the field parser of `str.format` (`ember_vm::objects::str::format::parse_field`).

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::str::format::parse_field;
use ember_vm::objects::{dict, module, str as pystr, tuple, type_};
use ember_vm::thread::Thread;

const FORMATTER_ITER: &str = "formatteriterator";
const FIELDNAME_ITER: &str = "fieldnameiterator";

// Iterator slots: 0 = the string, 1 = position (in chars) of the next piece.
const TEXT: usize = 0;
const POS: usize = 1;

fn str_arg(t: &mut Thread, v: Value) -> PyResult<()> {
    if pystr::is_str(t, v) {
        return Ok(());
    }
    let msg = format!("expected str, got {}", type_::type_name_of(t, v));
    Err(t.type_error(&msg))
}

fn iter_type(t: &mut Thread, key: &str) -> PyResult<Value> {
    match native_type::native_type(t, key) {
        Some(ty) => Ok(ty),
        None => Err(t.system_error("_string types are not initialised")),
    }
}

fn formatter_parser(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "formatter_parser", 1, 1)?;
    str_arg(t, a.get(t, 0))?;
    let ty = iter_type(t, FORMATTER_ITER)?;
    native_type::new_instance(t, ty, &[a.get(t, 0), Value::small_int(0)])
}

/// One piece of a format string: the literal text before a field, and the field.
struct Piece {
    literal: String,
    field: Option<(String, String, Option<char>)>,
}

/// CPython's `MarkupIterator_next`: the piece starting at char `*pos`, None at the end.
fn next_piece(c: &[char], pos: &mut usize) -> Result<Option<Piece>, &'static str> {
    let mut literal = String::new();
    let mut i = *pos;
    if i >= c.len() {
        return Ok(None);
    }
    while i < c.len() {
        let ch = c[i];
        if ch != '{' && ch != '}' {
            literal.push(ch);
            i += 1;
            continue;
        }
        let doubled = i + 1 < c.len() && c[i + 1] == ch;
        if doubled {
            // An escaped brace ends the literal, keeping one brace.
            literal.push(ch);
            *pos = i + 2;
            return Ok(Some(Piece {
                literal,
                field: None,
            }));
        }
        if ch == '}' {
            return Err("Single '}' encountered in format string");
        }
        if i + 1 >= c.len() {
            return Err("Single '{' encountered in format string");
        }
        let mut j = i + 1;
        let f = parse_field(c, &mut j)?;
        *pos = j;
        return Ok(Some(Piece {
            literal,
            field: Some((f.name, f.spec, f.conv)),
        }));
    }
    *pos = i;
    Ok(Some(Piece {
        literal,
        field: None,
    }))
}

fn formatter_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let it = a.get(t, 0);
    let text = pystr::to_rust_string(t, t.heap.slot(it, TEXT));
    let chars: Vec<char> = text.chars().collect();
    let mut pos = t.heap.slot(it, POS).as_small_int() as usize;
    let piece = match next_piece(&chars, &mut pos) {
        Ok(p) => p,
        Err(m) => return Err(t.value_error(m)),
    };
    t.heap
        .set_slot(a.get(t, 0), POS, Value::small_int(pos as i64));
    let Some(piece) = piece else {
        return Err(t.raise_empty(ember_vm::objects::builtin_types::BuiltinType::StopIteration));
    };
    let lit = pystr::new_str(t, &piece.literal)?;
    let hl = t.root(lit);
    let (name, spec, conv) = match piece.field {
        None => (Value::NONE, Value::NONE, Value::NONE),
        Some((name, spec, conv)) => {
            let n = pystr::new_str(t, &name)?;
            let hn = t.root(n);
            let s = pystr::new_str(t, &spec)?;
            let hs = t.root(s);
            let c = match conv {
                Some(c) => pystr::new_str(t, c.encode_utf8(&mut [0; 4]))?,
                None => Value::NONE,
            };
            (t.get(hn), t.get(hs), c)
        }
    };
    tuple::new_tuple(t, &[t.get(hl), name, spec, conv])
}

/// A field-name part as CPython gives it: an int when it is all ASCII digits, else a str.
fn key_value(t: &mut Thread, s: &str) -> PyResult<Value> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = s.parse::<i64>() {
            return ember_vm::objects::int::from_i64(t, i);
        }
        let n: num_bigint::BigInt = s.parse().unwrap_or_default();
        return ember_vm::objects::int::from_bigint(t, &n);
    }
    pystr::new_str(t, s)
}

fn formatter_field_name_split(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "formatter_field_name_split", 1, 1)?;
    str_arg(t, a.get(t, 0))?;
    let name = pystr::to_rust_string(t, a.get(t, 0));
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let first = key_value(t, &name[..first_end])?;
    let hf = t.root(first);
    let first_chars = name[..first_end].chars().count();
    let ty = iter_type(t, FIELDNAME_ITER)?;
    let it = native_type::new_instance(
        t,
        ty,
        &[a.get(t, 0), Value::small_int(first_chars as i64)],
    )?;
    tuple::new_tuple(t, &[t.get(hf), it])
}

fn fieldname_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let it = a.get(t, 0);
    let text = pystr::to_rust_string(t, t.heap.slot(it, TEXT));
    let c: Vec<char> = text.chars().collect();
    let pos = t.heap.slot(it, POS).as_small_int() as usize;
    if pos >= c.len() {
        return Err(t.raise_empty(ember_vm::objects::builtin_types::BuiltinType::StopIteration));
    }
    let (is_attr, key, next) = match c[pos] {
        '.' => {
            let mut end = pos + 1;
            while end < c.len() && c[end] != '.' && c[end] != '[' {
                end += 1;
            }
            if end == pos + 1 {
                return Err(t.value_error("Empty attribute in format string"));
            }
            (true, c[pos + 1..end].iter().collect::<String>(), end)
        }
        '[' => {
            let mut end = pos + 1;
            while end < c.len() && c[end] != ']' {
                end += 1;
            }
            if end >= c.len() {
                return Err(t.value_error("Missing ']' in format string"));
            }
            if end == pos + 1 {
                return Err(t.value_error("Empty attribute in format string"));
            }
            let next = end + 1;
            if next < c.len() && c[next] != '.' && c[next] != '[' {
                return Err(t.value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ));
            }
            (false, c[pos + 1..end].iter().collect::<String>(), next)
        }
        _ => {
            return Err(t.value_error(
                "Only '.' or '[' may follow ']' in format field specifier",
            ))
        }
    };
    t.heap
        .set_slot(a.get(t, 0), POS, Value::small_int(next as i64));
    let k = if is_attr {
        pystr::new_str(t, &key)?
    } else {
        key_value(t, &key)?
    };
    tuple::new_tuple(t, &[Value::from_bool(is_attr), k])
}

fn iter_self(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(a.get(t, 0))
}

pub fn init_string(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_string")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    for (key, next) in [
        (FORMATTER_ITER, formatter_next as native::NativeFn),
        (FIELDNAME_ITER, fieldname_next),
    ] {
        if native_type::native_type(t, key).is_some() {
            continue;
        }
        let spec = NativeTypeSpec {
            module: "builtins",
            name: key,
            slots: 2,
            basetype: false,
            dict: false,
        };
        let ty = native_type::new_native_type(t, key, &spec)?;
        let hty = t.root(ty);
        native_type::forbid_new(t, ty)?;
        native::add_method(t, t.get(hty), "__iter__", iter_self)?;
        native::add_method(t, t.get(hty), "__next__", next)?;
    }
    native::add_function(t, t.get(hd), "_string", "formatter_parser", formatter_parser)?;
    native::add_function(
        t,
        t.get(hd),
        "_string",
        "formatter_field_name_split",
        formatter_field_name_split,
    )?;
    let doc = pystr::new_str(t, "string helper module")?;
    dict::set_str(t, t.get(hd), "__doc__", doc)?;
    Ok(t.get(hm))
}

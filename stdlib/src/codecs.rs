//! The `_codecs` module: the codec registry (`register`, `lookup`, `encode`, `decode`), the
//! error-handler registry (`register_error`, `lookup_error` and the builtin handlers), and
//! the codec functions the `encodings` package is built from (`utf_8_decode`,
//! `charmap_encode`, `unicode_escape_decode`, ...).
//!
//! The UTF-8/16/32, ASCII and Latin-1 codecs themselves are the VM's
//! (`ember_vm::objects::str::codecs`): this module adds what the registry needs on top —
//! stateful decoding (`final=False` stops before an incomplete trailing sequence), error
//! handlers written in Python (the codec runs strictly, and each failure is handed to the
//! handler, which returns the replacement and where to resume), charmaps and the escape
//! codecs. The registries live in `Thread::native_types` (roots) under "_codecs.*" keys.
//!
//! Not here yet: UTF-7, `\N{...}` escapes (no Unicode name table), and handlers that
//! produce lone surrogates (`surrogateescape`/`surrogatepass` act as `strict`, as in the
//! VM's codecs, because ember's str holds no lone surrogates).

use ember_gc::Value;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::str::codecs::{self as vmc, CodecError};
use ember_vm::objects::{bytes, dict, exceptions, int, list, module, sequence};
use ember_vm::objects::{str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

const SEARCH_PATH: &str = "_codecs.search_path";
const SEARCH_CACHE: &str = "_codecs.search_cache";
const ERROR_REGISTRY: &str = "_codecs.error_registry";

fn registry(t: &mut Thread, key: &'static str, list_kind: bool) -> PyResult<Value> {
    if let Some(v) = ember_vm::objects::native_type::native_type(t, key) {
        return Ok(v);
    }
    let v = if list_kind {
        list::new_list(t, 0)?
    } else {
        dict::new_dict(t)?
    };
    t.native_types.push((key, v));
    Ok(v)
}

// ----- argument helpers -----

fn str_arg(t: &mut Thread, v: Value, fname: &str, n: usize) -> PyResult<String> {
    if pystr::is_str(t, v) {
        return Ok(pystr::to_rust_string(t, v));
    }
    let msg = format!(
        "{fname}() argument {n} must be str, not {}",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

/// The `errors` argument: None means "strict".
fn errors_arg(t: &mut Thread, v: Option<Value>, fname: &str, n: usize) -> PyResult<String> {
    match v {
        None => Ok("strict".into()),
        Some(v) if v.is_none() => Ok("strict".into()),
        Some(v) => {
            if pystr::is_str(t, v) {
                Ok(pystr::to_rust_string(t, v))
            } else {
                let msg = format!(
                    "{fname}() argument {n} must be str or None, not {}",
                    type_::type_name_of(t, v)
                );
                Err(t.type_error(&msg))
            }
        }
    }
}

fn buffer_arg(t: &mut Thread, v: Value, fname: &str) -> PyResult<Vec<u8>> {
    match bytes::bytes_owned(t, v) {
        Some(b) => Ok(b),
        None => {
            let msg = format!(
                "{fname}() argument 1 must be bytes-like object, not {}",
                type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

fn bool_arg(t: &mut Thread, v: Option<Value>) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(v) => protocol::truthy(t, v),
    }
}

/// `(text, consumed)` / `(bytes, consumed)`.
fn pair(t: &mut Thread, v: Value, n: usize) -> PyResult<Value> {
    let hv = t.root(v);
    let n = int::from_i64(t, n as i64)?;
    tuple::new_tuple(t, &[t.get(hv), n])
}

// ----- the codec registry -----

/// CPython's `normalizestring`: lower case, spaces to hyphens.
fn normalize(name: &str) -> String {
    name.chars()
        .map(|c| if c == ' ' { '-' } else { c.to_ascii_lowercase() })
        .collect()
}

/// `codecs.lookup(encoding)`: the CodecInfo a search function returns, cached.
pub fn lookup_codec(t: &mut Thread, encoding: &str) -> PyResult<Value> {
    let norm = normalize(encoding);
    let cache = registry(t, SEARCH_CACHE, false)?;
    let hcache = t.root(cache);
    let key = pystr::new_str(t, &norm)?;
    let hkey = t.root(key);
    if let Some(c) = dict::get(t, t.get(hcache), t.get(hkey))? {
        return Ok(c);
    }
    let mut path = registry(t, SEARCH_PATH, true)?;
    if list::len(t, path) == 0 {
        // As CPython's registry initialisation: the encodings package registers its
        // search function when imported.
        ember_vm::import::import_dotted(t, "encodings")?;
        path = registry(t, SEARCH_PATH, true)?;
        if list::len(t, path) == 0 {
            return Err(t.raise_msg(
                BuiltinType::LookupError,
                "no codec search functions registered: can't find encoding",
            ));
        }
    }
    let hpath = t.root(path);
    let mut i = 0;
    while i < list::len(t, t.get(hpath)) {
        let f = list::get(t, t.get(hpath), i);
        i += 1;
        let r = protocol::call(t, f, &[t.get(hkey)])?;
        if r.is_none() {
            continue;
        }
        if !tuple::is_tuple(t, r) || tuple::len(t, r) != 4 {
            return Err(t.type_error("codec search functions must return 4-tuples"));
        }
        let hr = t.root(r);
        dict::set(t, t.get(hcache), t.get(hkey), r)?;
        return Ok(t.get(hr));
    }
    Err(t.raise_msg(
        BuiltinType::LookupError,
        &format!("unknown encoding: {encoding}"),
    ))
}

fn c_register(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "register", 1, 1)?;
    if !ember_vm::builtins::introspection::is_callable(t, a.get(t, 0))? {
        return Err(t.type_error("argument must be callable"));
    }
    let path = registry(t, SEARCH_PATH, true)?;
    list::append(t, path, a.get(t, 0))?;
    Ok(Value::NONE)
}

fn c_unregister(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "unregister", 1, 1)?;
    let path = registry(t, SEARCH_PATH, true)?;
    let n = list::len(t, path);
    for i in 0..n {
        if list::get(t, path, i) == a.get(t, 0) {
            list::remove_at(t, path, i);
            let cache = registry(t, SEARCH_CACHE, false)?;
            dict::clear(t, cache)?;
            break;
        }
    }
    Ok(Value::NONE)
}

fn c_lookup(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "lookup", 1, 1)?;
    let enc = str_arg(t, a.get(t, 0), "lookup", 1)?;
    lookup_codec(t, &enc)
}

fn c_forget_codec(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "_forget_codec", 1, 1)?;
    let enc = str_arg(t, a.get(t, 0), "_forget_codec", 1)?;
    let cache = registry(t, SEARCH_CACHE, false)?;
    let hc = t.root(cache);
    let key = pystr::new_str(t, &normalize(&enc))?;
    dict::remove(t, t.get(hc), key)?;
    Ok(Value::NONE)
}

/// `(obj, encoding, errors)` of `encode`/`decode`, keywords allowed.
fn coder_args(t: &mut Thread, a: &Args, fname: &str) -> PyResult<(Value, String, String)> {
    let mut obj = a.opt(t, 0);
    let mut enc = a.opt(t, 1);
    let mut err = a.opt(t, 2);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        let k = pystr::to_rust_string(t, k);
        match k.as_str() {
            "obj" if obj.is_none() => obj = Some(v),
            "encoding" if enc.is_none() => enc = Some(v),
            "errors" if err.is_none() => err = Some(v),
            _ => {
                let msg = format!("{fname}() got an unexpected keyword argument '{k}'");
                return Err(t.type_error(&msg));
            }
        }
    }
    let Some(obj) = obj else {
        let msg = format!("{fname}() missing required argument 'obj' (pos 1)");
        return Err(t.type_error(&msg));
    };
    let ho = t.root(obj);
    let enc = match enc {
        Some(e) => str_arg(t, e, fname, 2)?,
        None => "utf-8".into(),
    };
    let err = match err {
        Some(e) => str_arg(t, e, fname, 3)?,
        None => "strict".into(),
    };
    Ok((t.get(ho), enc, err))
}

/// Runs codec function `index` (0 = encoder, 1 = decoder) of `encoding` on `obj`.
fn run_codec(t: &mut Thread, obj: Value, enc: &str, err: &str, index: usize) -> PyResult<Value> {
    let ho = t.root(obj);
    let info = lookup_codec(t, enc)?;
    let f = tuple::get(t, info, index);
    let hf = t.root(f);
    let e = pystr::new_str(t, err)?;
    let r = protocol::call(t, t.get(hf), &[t.get(ho), e])?;
    if !tuple::is_tuple(t, r) || tuple::len(t, r) != 2 {
        let msg = if index == 0 {
            "encoder must return a tuple (object, integer)"
        } else {
            "decoder must return a tuple (object, integer)"
        };
        return Err(t.type_error(msg));
    }
    Ok(tuple::get(t, r, 0))
}

fn c_encode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (obj, enc, err) = coder_args(t, &a, "encode")?;
    run_codec(t, obj, &enc, &err, 0)
}

fn c_decode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (obj, enc, err) = coder_args(t, &a, "decode")?;
    run_codec(t, obj, &enc, &err, 1)
}

// ----- error handlers -----

const BUILTIN_HANDLERS: &[&str] = &[
    "strict",
    "ignore",
    "replace",
    "xmlcharrefreplace",
    "backslashreplace",
    "surrogateescape",
    "surrogatepass",
];

fn is_builtin_handler(name: &str) -> bool {
    BUILTIN_HANDLERS.contains(&name)
}

fn c_register_error(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "register_error", 2, 2)?;
    str_arg(t, a.get(t, 0), "register_error", 1)?;
    if !ember_vm::builtins::introspection::is_callable(t, a.get(t, 1))? {
        return Err(t.type_error("handler must be callable"));
    }
    let reg = registry(t, ERROR_REGISTRY, false)?;
    dict::set(t, reg, a.get(t, 0), a.get(t, 1))?;
    Ok(Value::NONE)
}

/// The handler registered under `name` (a builtin one is a builtin function of this
/// module, registered at import).
fn lookup_handler(t: &mut Thread, name: &str) -> PyResult<Value> {
    let reg = registry(t, ERROR_REGISTRY, false)?;
    let hreg = t.root(reg);
    let key = pystr::new_str(t, name)?;
    match dict::get(t, t.get(hreg), key)? {
        Some(h) => Ok(h),
        None => Err(t.raise_msg(
            BuiltinType::LookupError,
            &format!("unknown error handler name '{name}'"),
        )),
    }
}

fn c_lookup_error(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "lookup_error", 1, 1)?;
    let name = str_arg(t, a.get(t, 0), "lookup_error", 1)?;
    lookup_handler(t, &name)
}

/// The (kind, start, end) of a UnicodeError instance handed to a handler.
#[derive(Copy, Clone, PartialEq, Eq)]
enum ErrKind {
    Encode,
    Decode,
    Translate,
}

fn unicode_error_kind(t: &mut Thread, exc: Value) -> PyResult<ErrKind> {
    let ty = t.type_of(exc);
    for (bt, k) in [
        (BuiltinType::UnicodeEncodeError, ErrKind::Encode),
        (BuiltinType::UnicodeDecodeError, ErrKind::Decode),
        (BuiltinType::UnicodeTranslateError, ErrKind::Translate),
    ] {
        if type_::is_subtype(t, ty, t.ty(bt)) {
            return Ok(k);
        }
    }
    let msg = format!(
        "don't know how to handle {} in error callback",
        type_::type_name_of(t, exc)
    );
    Err(t.type_error(&msg))
}

fn int_attr(t: &mut Thread, obj: Value, name: &str) -> PyResult<i64> {
    let v = protocol::getattr_str(t, obj, name)?;
    sequence::index_arg(t, v)
}

/// `exc.object[start:end]` as code points (text errors) or bytes (decode errors).
fn error_range(t: &mut Thread, exc: Value, kind: ErrKind) -> PyResult<(Vec<u32>, i64)> {
    let he = t.root(exc);
    let start = int_attr(t, exc, "start")?;
    let end = int_attr(t, t.get(he), "end")?;
    let obj = protocol::getattr_str(t, t.get(he), "object")?;
    let units: Vec<u32> = if kind == ErrKind::Decode {
        bytes::bytes_owned(t, obj).unwrap_or_default().into_iter().map(u32::from).collect()
    } else {
        pystr::to_rust_string(t, obj).chars().map(u32::from).collect()
    };
    let s = (start.max(0) as usize).min(units.len());
    let e = (end.max(0) as usize).min(units.len()).max(s);
    Ok((units[s..e].to_vec(), end))
}

fn handler_result(t: &mut Thread, text: &str, end: i64) -> PyResult<Value> {
    let s = pystr::new_str(t, text)?;
    let hs = t.root(s);
    let e = int::from_i64(t, end)?;
    tuple::new_tuple(t, &[t.get(hs), e])
}

fn h_strict(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "strict_errors", 1, 1)?;
    let exc = a.get(t, 0);
    if exceptions::is_exception(t, exc) {
        return Err(t.raise(exc));
    }
    Err(t.type_error("codec must pass exception instance"))
}

fn h_ignore(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "ignore_errors", 1, 1)?;
    unicode_error_kind(t, a.get(t, 0))?;
    let end = int_attr(t, a.get(t, 0), "end")?;
    handler_result(t, "", end)
}

fn h_replace(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "replace_errors", 1, 1)?;
    let kind = unicode_error_kind(t, a.get(t, 0))?;
    let (units, end) = error_range(t, a.get(t, 0), kind)?;
    let text = match kind {
        ErrKind::Encode => "?".repeat(units.len()),
        ErrKind::Decode => "\u{fffd}".to_string(),
        ErrKind::Translate => "\u{fffd}".repeat(units.len()),
    };
    handler_result(t, &text, end)
}

fn backslash_escape(c: u32) -> String {
    if c < 0x100 {
        format!("\\x{c:02x}")
    } else if c < 0x10000 {
        format!("\\u{c:04x}")
    } else {
        format!("\\U{c:08x}")
    }
}

fn h_backslashreplace(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "backslashreplace_errors", 1, 1)?;
    let kind = unicode_error_kind(t, a.get(t, 0))?;
    let (units, end) = error_range(t, a.get(t, 0), kind)?;
    let text: String = units.iter().map(|c| backslash_escape(*c)).collect();
    handler_result(t, &text, end)
}

fn h_xmlcharrefreplace(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "xmlcharrefreplace_errors", 1, 1)?;
    let kind = unicode_error_kind(t, a.get(t, 0))?;
    if kind != ErrKind::Encode {
        let msg = format!(
            "don't know how to handle {} in error callback",
            type_::type_name_of(t, a.get(t, 0))
        );
        return Err(t.type_error(&msg));
    }
    let (units, end) = error_range(t, a.get(t, 0), kind)?;
    let text: String = units.iter().map(|c| format!("&#{c};")).collect();
    handler_result(t, &text, end)
}

/// A UnicodeEncodeError/UnicodeDecodeError instance for `object[start:end]`.
fn new_unicode_error(
    t: &mut Thread,
    decode: bool,
    encoding: &str,
    object: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> PyResult<Value> {
    let ho = t.root(object);
    let enc = pystr::new_str(t, encoding)?;
    let he = t.root(enc);
    let reason = pystr::new_str(t, reason)?;
    let hr = t.root(reason);
    let s = int::from_i64(t, start as i64)?;
    let e = int::from_i64(t, end as i64)?;
    let ty = t.ty(if decode {
        BuiltinType::UnicodeDecodeError
    } else {
        BuiltinType::UnicodeEncodeError
    });
    exceptions::new_exception(t, ty, &[t.get(he), t.get(ho), s, e, t.get(hr)])
}

/// Calls the handler `errors` on a new exception for `object[start:end]`; returns the
/// replacement (str) and the position to resume at (negative counts from the end).
fn call_handler(
    t: &mut Thread,
    errors: &str,
    decode: bool,
    encoding: &str,
    object: Value,
    start: usize,
    end: usize,
    reason: &str,
    len: usize,
) -> PyResult<(Value, usize)> {
    let ho = t.root(object);
    let handler = lookup_handler(t, errors)?;
    let hh = t.root(handler);
    let exc = new_unicode_error(t, decode, encoding, t.get(ho), start, end, reason)?;
    let r = protocol::call(t, t.get(hh), &[exc])?;
    let bad = |t: &mut Thread| -> Raised {
        let what = if decode { "decoding" } else { "encoding" };
        t.type_error(&format!(
            "{what} error handler must return (str, int) tuple"
        ))
    };
    if !tuple::is_tuple(t, r) || tuple::len(t, r) != 2 {
        return Err(bad(t));
    }
    let hr = t.root(r);
    let repl = tuple::get(t, r, 0);
    let ok_repl = pystr::is_str(t, repl) || (!decode && bytes::is_bytes(t, repl));
    if !ok_repl {
        return Err(bad(t));
    }
    let pos = tuple::get(t, t.get(hr), 1);
    let Some(pos) = int::to_i64(t, pos).filter(|_| int::is_int(t, pos)) else {
        return Err(bad(t));
    };
    let pos = if pos < 0 { pos + len as i64 } else { pos };
    if pos < 0 || pos as usize > len {
        let msg = format!("position {pos} from error handler out of bounds");
        return Err(t.index_error(&msg));
    }
    Ok((tuple::get(t, t.get(hr), 0), pos as usize))
}

// ----- decoding and encoding with any handler -----

/// Decodes `data` with the VM codec `encoding`, handing failures to the handler `errors`
/// when it is not one the VM knows.
fn decode_with(t: &mut Thread, data: &[u8], encoding: &str, errors: &str, object: Value) -> PyResult<String> {
    if is_builtin_handler(errors) {
        return match vmc::decode(data, encoding, errors) {
            Ok(s) => Ok(s),
            Err(e) => Err(vmc::raise(t, e, object)),
        };
    }
    let ho = t.root(object);
    let mut out = String::new();
    let mut pos = 0;
    while pos < data.len() {
        match vmc::decode(&data[pos..], encoding, "strict") {
            Ok(s) => {
                out.push_str(&s);
                break;
            }
            Err(CodecError::Decode {
                codec,
                start,
                end,
                reason,
            }) => {
                if let Ok(s) = vmc::decode(&data[pos..pos + start], encoding, "strict") {
                    out.push_str(&s);
                }
                let (repl, next) = call_handler(
                    t,
                    errors,
                    true,
                    codec.name(),
                    t.get(ho),
                    pos + start,
                    pos + end,
                    reason,
                    data.len(),
                )?;
                out.push_str(&pystr::to_rust_string(t, repl));
                pos = next;
            }
            Err(e) => return Err(vmc::raise(t, e, t.get(ho))),
        }
    }
    Ok(out)
}

fn encode_with(t: &mut Thread, text: &str, encoding: &str, errors: &str, object: Value) -> PyResult<Vec<u8>> {
    if is_builtin_handler(errors) {
        return match vmc::encode(text, encoding, errors) {
            Ok(b) => Ok(b),
            Err(e) => Err(vmc::raise(t, e, object)),
        };
    }
    let ho = t.root(object);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < chars.len() {
        let rest: String = chars[pos..].iter().collect();
        match vmc::encode(&rest, encoding, "strict") {
            Ok(b) => {
                out.extend_from_slice(&b);
                break;
            }
            Err(CodecError::Encode {
                codec,
                start,
                end,
                reason,
            }) => {
                let head: String = chars[pos..pos + start].iter().collect();
                if let Ok(b) = vmc::encode(&head, encoding, "strict") {
                    out.extend_from_slice(&b);
                }
                let (repl, next) = call_handler(
                    t,
                    errors,
                    false,
                    codec.name(),
                    t.get(ho),
                    pos + start,
                    pos + end,
                    reason,
                    chars.len(),
                )?;
                if bytes::is_bytes(t, repl) {
                    out.extend_from_slice(&bytes::bytes_owned(t, repl).unwrap_or_default());
                } else {
                    let r = pystr::to_rust_string(t, repl);
                    match vmc::encode(&r, encoding, "strict") {
                        Ok(b) => out.extend_from_slice(&b),
                        Err(e) => return Err(vmc::raise(t, e, t.get(ho))),
                    }
                }
                pos = next;
            }
            Err(e) => return Err(vmc::raise(t, e, t.get(ho))),
        }
    }
    Ok(out)
}

/// Length of an incomplete but valid UTF-8 sequence at the end of `b` (0 if none).
fn utf8_incomplete_tail(b: &[u8]) -> usize {
    for back in 1..=3.min(b.len()) {
        let i = b.len() - back;
        let lead = b[i];
        if lead & 0xc0 == 0x80 {
            continue; // a continuation byte: keep looking for the lead
        }
        let need = match lead {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return 0,
        };
        if back >= need {
            return 0;
        }
        // The bytes present must be a valid prefix.
        if back >= 2 {
            let second = b[i + 1];
            let ok = match lead {
                0xe0 => (0xa0..=0xbf).contains(&second),
                0xed => (0x80..=0x9f).contains(&second),
                0xf0 => (0x90..=0xbf).contains(&second),
                0xf4 => (0x80..=0x8f).contains(&second),
                _ => (0x80..=0xbf).contains(&second),
            };
            if !ok {
                return 0;
            }
        }
        return back;
    }
    0
}

/// Length of an incomplete UTF-16 unit or surrogate pair at the end (after `start`).
fn utf16_incomplete_tail(b: &[u8], start: usize, le: bool) -> usize {
    let n = b.len() - start;
    let odd = n % 2;
    if n - odd >= 2 {
        let j = b.len() - odd - 2;
        let u = if le {
            u16::from_le_bytes([b[j], b[j + 1]])
        } else {
            u16::from_be_bytes([b[j], b[j + 1]])
        };
        if (0xd800..0xdc00).contains(&u) {
            return odd + 2;
        }
    }
    odd
}

fn decode_args(t: &mut Thread, a: &Args, fname: &str, max: usize) -> PyResult<(Vec<u8>, String, bool)> {
    if a.is_empty() || a.len() > max {
        let msg = format!("{fname} expected at least 1 argument, got {}", a.len());
        return Err(t.type_error(&msg));
    }
    let data = buffer_arg(t, a.get(t, 0), fname)?;
    let errors = errors_arg(t, a.opt(t, 1), fname, 2)?;
    let fin = bool_arg(t, a.opt(t, 2))?;
    Ok((data, errors, fin))
}

fn d_utf8(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (data, errors, fin) = decode_args(t, &a, "utf_8_decode", 3)?;
    let n = if fin { data.len() } else { data.len() - utf8_incomplete_tail(&data) };
    let s = decode_with(t, &data[..n], "utf-8", &errors, a.get(t, 0))?;
    let v = pystr::new_str(t, &s)?;
    pair(t, v, n)
}

/// utf-16/utf-32 decoding with an explicit or detected byte order; returns the text, the
/// bytes consumed and the byte order in effect (-1 little, 1 big, 0 undecided).
fn decode_utf_wide(
    t: &mut Thread,
    data: &[u8],
    errors: &str,
    fin: bool,
    unit: usize,
    mut order: i64,
    object: Value,
) -> PyResult<(String, usize, i64)> {
    let mut start = 0;
    if order == 0 && data.len() >= unit {
        let bom_le: &[u8] = if unit == 2 { &[0xff, 0xfe] } else { &[0xff, 0xfe, 0, 0] };
        let bom_be: &[u8] = if unit == 2 { &[0xfe, 0xff] } else { &[0, 0, 0xfe, 0xff] };
        if &data[..unit] == bom_le {
            order = -1;
            start = unit;
        } else if &data[..unit] == bom_be {
            order = 1;
            start = unit;
        }
    }
    if order == 0 && !fin && data.len() < unit {
        return Ok((String::new(), 0, 0));
    }
    let le = order <= 0;
    let tail = if fin {
        0
    } else if unit == 2 {
        utf16_incomplete_tail(data, start, le)
    } else {
        (data.len() - start) % 4
    };
    let end = data.len() - tail;
    let enc = match (unit, le) {
        (2, true) => "utf-16-le",
        (2, false) => "utf-16-be",
        (_, true) => "utf-32-le",
        (_, false) => "utf-32-be",
    };
    let s = decode_with(t, &data[start..end], enc, errors, object)?;
    Ok((s, end, order))
}

fn wide_decoder(t: &mut Thread, a: Args, fname: &str, unit: usize, order: i64) -> PyResult<Value> {
    let (data, errors, fin) = decode_args(t, &a, fname, 3)?;
    let (s, n, _) = decode_utf_wide(t, &data, &errors, fin, unit, order, a.get(t, 0))?;
    let v = pystr::new_str(t, &s)?;
    pair(t, v, n)
}

fn wide_ex_decoder(t: &mut Thread, a: Args, fname: &str, unit: usize) -> PyResult<Value> {
    if a.is_empty() || a.len() > 4 {
        let msg = format!("{fname} expected at least 1 argument, got {}", a.len());
        return Err(t.type_error(&msg));
    }
    let data = buffer_arg(t, a.get(t, 0), fname)?;
    let errors = errors_arg(t, a.opt(t, 1), fname, 2)?;
    let order = match a.opt(t, 2) {
        Some(v) => sequence::index_arg(t, v)?,
        None => 0,
    };
    let fin = bool_arg(t, a.opt(t, 3))?;
    let order = order.signum();
    let (s, n, order) = decode_utf_wide(t, &data, &errors, fin, unit, order, a.get(t, 0))?;
    let v = pystr::new_str(t, &s)?;
    let hv = t.root(v);
    let n = int::from_i64(t, n as i64)?;
    tuple::new_tuple(t, &[t.get(hv), n, Value::small_int(order)])
}

fn d_utf16(t: &mut Thread, a: Args) -> PyResult<Value> {
    wide_decoder(t, a, "utf_16_decode", 2, 0)
}
fn d_utf16_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    wide_decoder(t, a, "utf_16_le_decode", 2, -1)
}
fn d_utf16_be(t: &mut Thread, a: Args) -> PyResult<Value> {
    wide_decoder(t, a, "utf_16_be_decode", 2, 1)
}
fn d_utf16_ex(t: &mut Thread, a: Args) -> PyResult<Value> {
    wide_ex_decoder(t, a, "utf_16_ex_decode", 2)
}
fn d_utf32(t: &mut Thread, a: Args) -> PyResult<Value> {
    wide_decoder(t, a, "utf_32_decode", 4, 0)
}
fn d_utf32_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    wide_decoder(t, a, "utf_32_le_decode", 4, -1)
}
fn d_utf32_be(t: &mut Thread, a: Args) -> PyResult<Value> {
    wide_decoder(t, a, "utf_32_be_decode", 4, 1)
}
fn d_utf32_ex(t: &mut Thread, a: Args) -> PyResult<Value> {
    wide_ex_decoder(t, a, "utf_32_ex_decode", 4)
}

fn simple_decoder(t: &mut Thread, a: Args, fname: &str, enc: &str) -> PyResult<Value> {
    let (data, errors, _) = decode_args(t, &a, fname, 2)?;
    let s = decode_with(t, &data, enc, &errors, a.get(t, 0))?;
    let v = pystr::new_str(t, &s)?;
    pair(t, v, data.len())
}

fn d_latin1(t: &mut Thread, a: Args) -> PyResult<Value> {
    simple_decoder(t, a, "latin_1_decode", "latin-1")
}
fn d_ascii(t: &mut Thread, a: Args) -> PyResult<Value> {
    simple_decoder(t, a, "ascii_decode", "ascii")
}

fn encode_args(t: &mut Thread, a: &Args, fname: &str, max: usize) -> PyResult<(String, String)> {
    if a.is_empty() || a.len() > max {
        let msg = format!("{fname} expected at least 1 argument, got {}", a.len());
        return Err(t.type_error(&msg));
    }
    let s = str_arg(t, a.get(t, 0), fname, 1)?;
    let errors = errors_arg(t, a.opt(t, 1), fname, 2)?;
    Ok((s, errors))
}

fn simple_encoder(t: &mut Thread, a: Args, fname: &str, enc: &str) -> PyResult<Value> {
    let (s, errors) = encode_args(t, &a, fname, 2)?;
    let out = encode_with(t, &s, enc, &errors, a.get(t, 0))?;
    let b = bytes::new_bytes(t, &out)?;
    pair(t, b, s.chars().count())
}

fn e_utf8(t: &mut Thread, a: Args) -> PyResult<Value> {
    simple_encoder(t, a, "utf_8_encode", "utf-8")
}
fn e_latin1(t: &mut Thread, a: Args) -> PyResult<Value> {
    simple_encoder(t, a, "latin_1_encode", "latin-1")
}
fn e_ascii(t: &mut Thread, a: Args) -> PyResult<Value> {
    simple_encoder(t, a, "ascii_encode", "ascii")
}
fn e_utf16_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    simple_encoder(t, a, "utf_16_le_encode", "utf-16-le")
}
fn e_utf16_be(t: &mut Thread, a: Args) -> PyResult<Value> {
    simple_encoder(t, a, "utf_16_be_encode", "utf-16-be")
}
fn e_utf32_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    simple_encoder(t, a, "utf_32_le_encode", "utf-32-le")
}
fn e_utf32_be(t: &mut Thread, a: Args) -> PyResult<Value> {
    simple_encoder(t, a, "utf_32_be_encode", "utf-32-be")
}

/// utf_16_encode / utf_32_encode(str, errors=None, byteorder=0): a BOM for byteorder 0.
fn wide_encoder(t: &mut Thread, a: Args, fname: &str, unit: usize) -> PyResult<Value> {
    let (s, errors) = encode_args(t, &a, fname, 3)?;
    let order = match a.opt(t, 2) {
        Some(v) => sequence::index_arg(t, v)?,
        None => 0,
    };
    let enc = match (unit, order) {
        (2, 0) => "utf-16",
        (2, o) if o < 0 => "utf-16-le",
        (2, _) => "utf-16-be",
        (_, 0) => "utf-32",
        (_, o) if o < 0 => "utf-32-le",
        _ => "utf-32-be",
    };
    let out = encode_with(t, &s, enc, &errors, a.get(t, 0))?;
    let b = bytes::new_bytes(t, &out)?;
    pair(t, b, s.chars().count())
}

fn e_utf16(t: &mut Thread, a: Args) -> PyResult<Value> {
    wide_encoder(t, a, "utf_16_encode", 2)
}
fn e_utf32(t: &mut Thread, a: Args) -> PyResult<Value> {
    wide_encoder(t, a, "utf_32_encode", 4)
}

fn readbuffer_encode(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "readbuffer_encode", 1, 2)?;
    let v = a.get(t, 0);
    let data = if pystr::is_str(t, v) {
        pystr::to_rust_string(t, v).into_bytes()
    } else {
        buffer_arg(t, v, "readbuffer_encode")?
    };
    let n = data.len();
    let b = bytes::new_bytes(t, &data)?;
    pair(t, b, n)
}

// ----- charmaps -----

fn charmap_build(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "charmap_build", 1, 1)?;
    let table = str_arg(t, a.get(t, 0), "charmap_build", 1)?;
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    for (i, c) in table.chars().enumerate() {
        if c == '\u{fffe}' {
            continue;
        }
        let k = int::from_i64(t, c as i64)?;
        dict::set(t, t.get(hd), k, Value::small_int(i as i64))?;
    }
    Ok(t.get(hd))
}

/// What `mapping[key]` gives a charmap codec: None for "undefined" (LookupError or None).
fn map_lookup(t: &mut Thread, mapping: Value, key: i64) -> PyResult<Option<Value>> {
    let k = int::from_i64(t, key)?;
    match protocol::getitem(t, mapping, k) {
        Ok(v) if v.is_none() => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if t.exception_matches(BuiltinType::LookupError) {
                t.take_exception();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

fn charmap_decode(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() || a.len() > 3 {
        return Err(t.type_error("charmap_decode expected at least 1 argument"));
    }
    let data = buffer_arg(t, a.get(t, 0), "charmap_decode")?;
    let errors = errors_arg(t, a.opt(t, 1), "charmap_decode", 2)?;
    let mapping = a.opt(t, 2).unwrap_or(Value::NONE);
    if mapping.is_none() {
        let s = decode_with(t, &data, "latin-1", &errors, a.get(t, 0))?;
        let v = pystr::new_str(t, &s)?;
        return pair(t, v, data.len());
    }
    let table: Option<Vec<char>> = if pystr::is_str(t, mapping) {
        Some(pystr::to_rust_string(t, mapping).chars().collect())
    } else {
        None
    };
    let mut out = String::with_capacity(data.len());
    let mut pos = 0;
    while pos < data.len() {
        let b = data[pos];
        let got: Option<String> = match &table {
            Some(tab) => tab
                .get(b as usize)
                .filter(|c| **c != '\u{fffe}')
                .map(|c| c.to_string()),
            None => {
                let m = a.get(t, 2);
                match map_lookup(t, m, b as i64)? {
                    None => None,
                    Some(v) if pystr::is_str(t, v) => {
                        let s = pystr::to_rust_string(t, v);
                        if s == "\u{fffe}" {
                            None
                        } else {
                            Some(s)
                        }
                    }
                    Some(v) if int::is_int(t, v) => {
                        let n = int::to_i64(t, v).unwrap_or(-1);
                        match u32::try_from(n).ok().and_then(char::from_u32) {
                            Some('\u{fffe}') => None,
                            Some(c) => Some(c.to_string()),
                            None => {
                                return Err(t.type_error(
                                    "character mapping must be in range(0x110000)",
                                ))
                            }
                        }
                    }
                    Some(_) => {
                        return Err(t.type_error(
                            "character mapping must return integer, None or str",
                        ))
                    }
                }
            }
        };
        match got {
            Some(s) => {
                out.push_str(&s);
                pos += 1;
            }
            None => match errors.as_str() {
                "strict" | "surrogateescape" | "surrogatepass" => {
                    let exc = new_unicode_error(
                        t,
                        true,
                        "charmap",
                        a.get(t, 0),
                        pos,
                        pos + 1,
                        "character maps to <undefined>",
                    )?;
                    return Err(t.raise(exc));
                }
                "ignore" => pos += 1,
                "replace" => {
                    out.push('\u{fffd}');
                    pos += 1;
                }
                "backslashreplace" => {
                    out.push_str(&format!("\\x{b:02x}"));
                    pos += 1;
                }
                _ => {
                    let (repl, next) = call_handler(
                        t,
                        &errors,
                        true,
                        "charmap",
                        a.get(t, 0),
                        pos,
                        pos + 1,
                        "character maps to <undefined>",
                        data.len(),
                    )?;
                    out.push_str(&pystr::to_rust_string(t, repl));
                    pos = next;
                }
            },
        }
    }
    let v = pystr::new_str(t, &out)?;
    pair(t, v, data.len())
}

/// Encodes one character through a charmap: its bytes, or None when undefined.
fn charmap_encode_char(t: &mut Thread, mapping: Value, c: char) -> PyResult<Option<Vec<u8>>> {
    match map_lookup(t, mapping, c as i64)? {
        None => Ok(None),
        Some(v) if int::is_int(t, v) => match int::to_i64(t, v) {
            Some(n) if (0..256).contains(&n) => Ok(Some(vec![n as u8])),
            _ => Err(t.type_error("character mapping must be in range(256)")),
        },
        Some(v) if bytes::is_bytes(t, v) => Ok(bytes::bytes_owned(t, v)),
        Some(_) => Err(t.type_error(
            "character mapping must return integer, bytes or None, not str",
        )),
    }
}

fn charmap_encode(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() || a.len() > 3 {
        return Err(t.type_error("charmap_encode expected at least 1 argument"));
    }
    let s = str_arg(t, a.get(t, 0), "charmap_encode", 1)?;
    let errors = errors_arg(t, a.opt(t, 1), "charmap_encode", 2)?;
    let mapping = a.opt(t, 2).unwrap_or(Value::NONE);
    let chars: Vec<char> = s.chars().collect();
    if mapping.is_none() {
        let out = encode_with(t, &s, "latin-1", &errors, a.get(t, 0))?;
        let b = bytes::new_bytes(t, &out)?;
        return pair(t, b, chars.len());
    }
    let mut out = Vec::with_capacity(chars.len());
    let mut pos = 0;
    while pos < chars.len() {
        let m = a.get(t, 2);
        if let Some(b) = charmap_encode_char(t, m, chars[pos])? {
            out.extend_from_slice(&b);
            pos += 1;
            continue;
        }
        // The run of unencodable characters starting here.
        let mut end = pos + 1;
        while end < chars.len() {
            let m = a.get(t, 2);
            if charmap_encode_char(t, m, chars[end])?.is_some() {
                break;
            }
            end += 1;
        }
        let replacement: Option<String> = match errors.as_str() {
            "strict" | "surrogateescape" | "surrogatepass" => {
                let exc = new_unicode_error(
                    t,
                    false,
                    "charmap",
                    a.get(t, 0),
                    pos,
                    end,
                    "character maps to <undefined>",
                )?;
                return Err(t.raise(exc));
            }
            "ignore" => Some(String::new()),
            "replace" => Some("?".repeat(end - pos)),
            "backslashreplace" => Some(
                chars[pos..end]
                    .iter()
                    .map(|c| backslash_escape(*c as u32))
                    .collect(),
            ),
            "xmlcharrefreplace" => Some(
                chars[pos..end]
                    .iter()
                    .map(|c| format!("&#{};", *c as u32))
                    .collect(),
            ),
            _ => None,
        };
        let (text, next) = match replacement {
            Some(r) => (r, end),
            None => {
                let (repl, next) = call_handler(
                    t,
                    &errors,
                    false,
                    "charmap",
                    a.get(t, 0),
                    pos,
                    end,
                    "character maps to <undefined>",
                    chars.len(),
                )?;
                if bytes::is_bytes(t, repl) {
                    out.extend_from_slice(&bytes::bytes_owned(t, repl).unwrap_or_default());
                    pos = next;
                    continue;
                }
                (pystr::to_rust_string(t, repl), next)
            }
        };
        // The replacement text goes through the mapping too.
        for c in text.chars() {
            let m = a.get(t, 2);
            match charmap_encode_char(t, m, c)? {
                Some(b) => out.extend_from_slice(&b),
                None => {
                    let exc = new_unicode_error(
                        t,
                        false,
                        "charmap",
                        a.get(t, 0),
                        pos,
                        end,
                        "character maps to <undefined>",
                    )?;
                    return Err(t.raise(exc));
                }
            }
        }
        pos = next;
    }
    let b = bytes::new_bytes(t, &out)?;
    pair(t, b, chars.len())
}

// ----- escape codecs -----

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

fn escape_decode(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "escape_decode", 1, 2)?;
    let v = a.get(t, 0);
    let data = if pystr::is_str(t, v) {
        pystr::to_rust_string(t, v).into_bytes()
    } else {
        buffer_arg(t, v, "escape_decode")?
    };
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if i >= data.len() {
            return Err(t.value_error("Trailing \\ in string"));
        }
        let e = data[i];
        i += 1;
        match e {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(11),
            b'a' => out.push(7),
            b'0'..=b'7' => {
                let mut n = (e - b'0') as u32;
                for _ in 0..2 {
                    if i < data.len() && (b'0'..=b'7').contains(&data[i]) {
                        n = n * 8 + (data[i] - b'0') as u32;
                        i += 1;
                    }
                }
                out.push((n & 0xff) as u8);
            }
            b'x' => {
                let h = (i + 1 < data.len())
                    .then(|| Some(hex_value(data[i])? * 16 + hex_value(data[i + 1])?))
                    .flatten();
                match h {
                    Some(n) => {
                        out.push(n as u8);
                        i += 2;
                    }
                    None => {
                        let msg = format!("invalid \\x escape at position {}", i - 2);
                        return Err(t.value_error(&msg));
                    }
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    let n = data.len();
    let b = bytes::new_bytes(t, &out)?;
    pair(t, b, n)
}

fn escape_encode(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "escape_encode", 1, 2)?;
    let v = a.get(t, 0);
    if !bytes::is_bytes(t, v) {
        let msg = format!(
            "escape_encode() argument 1 must be bytes, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    let data = bytes::bytes_owned(t, v).unwrap_or_default();
    let mut out = Vec::with_capacity(data.len());
    for &c in &data {
        match c {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\'' => out.extend_from_slice(b"\\'"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(c),
            _ => out.extend_from_slice(format!("\\x{c:02x}").as_bytes()),
        }
    }
    let b = bytes::new_bytes(t, &out)?;
    pair(t, b, data.len())
}

/// Decodes `unicode_escape` (`raw` = `raw_unicode_escape`: only \u and \U escapes).
fn unicode_escape_decode_impl(t: &mut Thread, a: Args, raw: bool) -> PyResult<Value> {
    let fname = if raw {
        "raw_unicode_escape_decode"
    } else {
        "unicode_escape_decode"
    };
    if a.is_empty() || a.len() > 3 {
        let msg = format!("{fname} expected at least 1 argument, got {}", a.len());
        return Err(t.type_error(&msg));
    }
    let v = a.get(t, 0);
    let data = if pystr::is_str(t, v) {
        pystr::to_rust_string(t, v).into_bytes()
    } else {
        buffer_arg(t, v, fname)?
    };
    let errors = errors_arg(t, a.opt(t, 1), fname, 2)?;
    let codec = if raw { "rawunicodeescape" } else { "unicodeescape" };
    let mut out = String::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c != b'\\' {
            out.push(c as char);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        if i >= data.len() {
            if raw {
                out.push('\\');
                break;
            }
            let err = fail_escape(t, &errors, codec, a.get(t, 0), start, data.len(), "\\ at end of string", &mut out, data.len())?;
            i = err;
            continue;
        }
        let e = data[i];
        i += 1;
        let digits = match e {
            b'u' => 4,
            b'U' => 8,
            b'x' if !raw => 2,
            _ => 0,
        };
        if digits > 0 {
            let mut n: u32 = 0;
            let mut ok = true;
            for k in 0..digits {
                match data.get(i + k).and_then(|b| hex_value(*b)) {
                    Some(h) => n = n * 16 + h,
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            let reason = match e {
                b'x' => "truncated \\xXX escape",
                b'u' => "truncated \\uXXXX escape",
                _ => "truncated \\UXXXXXXXX escape",
            };
            if !ok {
                let end = (i..data.len().min(i + digits))
                    .take_while(|k| hex_value(data[*k]).is_some())
                    .last()
                    .map(|k| k + 1)
                    .unwrap_or(i);
                i = fail_escape(t, &errors, codec, a.get(t, 0), start, end, reason, &mut out, data.len())?;
                continue;
            }
            i += digits;
            match char::from_u32(n) {
                Some(ch) => out.push(ch),
                None => {
                    let reason = if n > 0x10ffff {
                        "illegal Unicode character"
                    } else {
                        // A lone surrogate: ember's str cannot hold one.
                        "surrogates not allowed"
                    };
                    i = fail_escape(t, &errors, codec, a.get(t, 0), start, i, reason, &mut out, data.len())?;
                }
            }
            continue;
        }
        if raw {
            out.push('\\');
            out.push(e as char);
            continue;
        }
        match e {
            b'\n' => {}
            b'\\' => out.push('\\'),
            b'\'' => out.push('\''),
            b'"' => out.push('"'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b't' => out.push('\t'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b'v' => out.push('\u{b}'),
            b'a' => out.push('\u{7}'),
            b'0'..=b'7' => {
                let mut n = (e - b'0') as u32;
                for _ in 0..2 {
                    if i < data.len() && (b'0'..=b'7').contains(&data[i]) {
                        n = n * 8 + (data[i] - b'0') as u32;
                        i += 1;
                    }
                }
                out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
            }
            b'N' => {
                i = fail_escape(
                    t,
                    &errors,
                    codec,
                    a.get(t, 0),
                    start,
                    i,
                    "unknown Unicode character name",
                    &mut out,
                    data.len(),
                )?;
            }
            other => {
                out.push('\\');
                out.push(other as char);
            }
        }
    }
    let v = pystr::new_str(t, &out)?;
    pair(t, v, data.len())
}

/// Handles a malformed escape at `start..end`: raises for strict, else appends the
/// handler's replacement and returns where to resume.
#[allow(clippy::too_many_arguments)]
fn fail_escape(
    t: &mut Thread,
    errors: &str,
    codec: &str,
    object: Value,
    start: usize,
    end: usize,
    reason: &str,
    out: &mut String,
    len: usize,
) -> PyResult<usize> {
    let ho = t.root(object);
    let obj = if pystr::is_str(t, object) {
        let s = pystr::to_rust_string(t, object);
        bytes::new_bytes(t, s.as_bytes())?
    } else {
        t.get(ho)
    };
    match errors {
        "strict" | "surrogateescape" | "surrogatepass" => {
            let exc = new_unicode_error(t, true, codec, obj, start, end, reason)?;
            Err(t.raise(exc))
        }
        "ignore" => Ok(end),
        "replace" => {
            out.push('\u{fffd}');
            Ok(end)
        }
        _ => {
            let (repl, next) = call_handler(t, errors, true, codec, obj, start, end, reason, len)?;
            out.push_str(&pystr::to_rust_string(t, repl));
            Ok(next)
        }
    }
}

fn unicode_escape_decode(t: &mut Thread, a: Args) -> PyResult<Value> {
    unicode_escape_decode_impl(t, a, false)
}

fn raw_unicode_escape_decode(t: &mut Thread, a: Args) -> PyResult<Value> {
    unicode_escape_decode_impl(t, a, true)
}

fn unicode_escape_encode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (s, _) = encode_args(t, &a, "unicode_escape_encode", 2)?;
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let n = c as u32;
        match c {
            '\\' => out.extend_from_slice(b"\\\\"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            ' '..='~' => out.push(n as u8),
            _ => out.extend_from_slice(backslash_escape(n).as_bytes()),
        }
    }
    let b = bytes::new_bytes(t, &out)?;
    pair(t, b, s.chars().count())
}

fn raw_unicode_escape_encode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let (s, _) = encode_args(t, &a, "raw_unicode_escape_encode", 2)?;
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let n = c as u32;
        if n < 0x100 {
            out.push(n as u8);
        } else if n < 0x10000 {
            out.extend_from_slice(format!("\\u{n:04x}").as_bytes());
        } else {
            out.extend_from_slice(format!("\\U{n:08x}").as_bytes());
        }
    }
    let b = bytes::new_bytes(t, &out)?;
    pair(t, b, s.chars().count())
}

pub fn init_codecs(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_codecs")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let fns: &[(&'static str, native::NativeFn)] = &[
        ("register", c_register),
        ("unregister", c_unregister),
        ("lookup", c_lookup),
        ("encode", c_encode),
        ("decode", c_decode),
        ("_forget_codec", c_forget_codec),
        ("register_error", c_register_error),
        ("lookup_error", c_lookup_error),
        ("utf_8_encode", e_utf8),
        ("utf_8_decode", d_utf8),
        ("utf_16_encode", e_utf16),
        ("utf_16_decode", d_utf16),
        ("utf_16_le_encode", e_utf16_le),
        ("utf_16_le_decode", d_utf16_le),
        ("utf_16_be_encode", e_utf16_be),
        ("utf_16_be_decode", d_utf16_be),
        ("utf_16_ex_decode", d_utf16_ex),
        ("utf_32_encode", e_utf32),
        ("utf_32_decode", d_utf32),
        ("utf_32_le_encode", e_utf32_le),
        ("utf_32_le_decode", d_utf32_le),
        ("utf_32_be_encode", e_utf32_be),
        ("utf_32_be_decode", d_utf32_be),
        ("utf_32_ex_decode", d_utf32_ex),
        ("latin_1_encode", e_latin1),
        ("latin_1_decode", d_latin1),
        ("ascii_encode", e_ascii),
        ("ascii_decode", d_ascii),
        ("charmap_build", charmap_build),
        ("charmap_encode", charmap_encode),
        ("charmap_decode", charmap_decode),
        ("escape_encode", escape_encode),
        ("escape_decode", escape_decode),
        ("unicode_escape_encode", unicode_escape_encode),
        ("unicode_escape_decode", unicode_escape_decode),
        ("raw_unicode_escape_encode", raw_unicode_escape_encode),
        ("raw_unicode_escape_decode", raw_unicode_escape_decode),
        ("readbuffer_encode", readbuffer_encode),
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "_codecs", name, *f)?;
    }
    // The builtin error handlers, registered once per process.
    let reg = registry(t, ERROR_REGISTRY, false)?;
    let hreg = t.root(reg);
    if dict::len(t, reg) == 0 {
        let scratch = dict::new_dict(t)?;
        let hs = t.root(scratch);
        let handlers: &[(&'static str, &'static str, native::NativeFn)] = &[
            ("strict", "strict_errors", h_strict),
            ("ignore", "ignore_errors", h_ignore),
            ("replace", "replace_errors", h_replace),
            ("xmlcharrefreplace", "xmlcharrefreplace_errors", h_xmlcharrefreplace),
            ("backslashreplace", "backslashreplace_errors", h_backslashreplace),
            // No lone surrogates in ember's str: these cannot do better than strict.
            ("surrogateescape", "surrogateescape", h_strict),
            ("surrogatepass", "surrogatepass", h_strict),
        ];
        for (key, fname, f) in handlers {
            native::add_function(t, t.get(hs), "_codecs", fname, *f)?;
            let h = dict::get_rust_str(t, t.get(hs), fname)?.unwrap_or(Value::NONE);
            dict::set_str(t, t.get(hreg), key, h)?;
        }
    }
    Ok(t.get(hm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incomplete_utf8() {
        assert_eq!(utf8_incomplete_tail(b"ab\xe2\x82"), 2);
        assert_eq!(utf8_incomplete_tail(b"ab\xe2\x82\xac"), 0);
        assert_eq!(utf8_incomplete_tail(b"\xf0\x9f"), 2);
        assert_eq!(utf8_incomplete_tail(b"\xed\xa0"), 0, "a surrogate prefix is invalid");
        assert_eq!(utf8_incomplete_tail(b"a\xc3"), 1);
        assert_eq!(utf8_incomplete_tail(b"\xff"), 0);
    }

    #[test]
    fn incomplete_utf16() {
        assert_eq!(utf16_incomplete_tail(b"a\x00b", 0, true), 1);
        assert_eq!(utf16_incomplete_tail(b"\x3d\xd8", 0, true), 2);
        assert_eq!(utf16_incomplete_tail(b"a\x00", 0, true), 0);
    }
}

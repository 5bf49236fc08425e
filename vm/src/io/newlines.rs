//! Newline handling shared by the text streams: `IncrementalNewlineDecoder` (CPython's
//! textio.c), the pure `translate` step it performs on decoded text, and the line-ending
//! search `find_line_ending` (`_PyIO_find_line_ending`).
//!
//! Decoder slots: 1 = the wrapped decoder (or None), 2 = translate (bool), 3 = pending
//! '\r' (bool), 4 = the kinds of newline seen (SmallInt of `SEEN_*` bits), 5 = errors.

use ember_gc::Value;

use super::{arg, check_args, check_self, make_type};
use crate::errors::PyResult;
use crate::objects::descriptors::add_getset;
use crate::objects::native::Args;
use crate::objects::{bytes, int, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

pub(crate) static KEY: &str = "_io.IncrementalNewlineDecoder";

pub(crate) const SEEN_CR: u8 = 1;
pub(crate) const SEEN_LF: u8 = 2;
pub(crate) const SEEN_CRLF: u8 = 4;

const DECODER: usize = 1;
const TRANSLATE: usize = 2;
const PENDINGCR: usize = 3;
const SEENNL: usize = 4;
const ERRORS: usize = 5;

/// The newline state of a decoding text stream.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(crate) struct NlState {
    pub pendingcr: bool,
    pub seen: u8,
}

/// CPython's `_PyIncrementalNewlineDecoder_decode` on already-decoded text: keeps a
/// trailing '\r' pending unless `final`, records the newline kinds seen, and with
/// `translate` turns "\r\n" and "\r" into "\n".
pub(crate) fn translate(input: &str, st: &mut NlState, translate: bool, final_: bool) -> String {
    let mut out = String::with_capacity(input.len() + 1);
    if st.pendingcr && (final_ || !input.is_empty()) {
        out.push('\r');
        st.pendingcr = false;
    }
    out.push_str(input);
    if !final_ && out.ends_with('\r') {
        out.pop();
        st.pendingcr = true;
    }
    if !out.contains('\r') {
        if out.contains('\n') {
            st.seen |= SEEN_LF;
        }
        return out;
    }
    let b = out.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                st.seen |= SEEN_CRLF;
                i += 2;
                continue;
            }
            b'\r' => st.seen |= SEEN_CR,
            b'\n' => st.seen |= SEEN_LF,
            _ => {}
        }
        i += 1;
    }
    if translate {
        out = out.replace("\r\n", "\n").replace('\r', "\n");
    }
    out
}

/// The `newlines` attribute for the kinds seen: None, one str, or a tuple of them.
pub(crate) fn newlines_value(t: &mut Thread, seen: u8) -> PyResult<Value> {
    let mut kinds = Vec::new();
    if seen & SEEN_CR != 0 {
        kinds.push("\r");
    }
    if seen & SEEN_LF != 0 {
        kinds.push("\n");
    }
    if seen & SEEN_CRLF != 0 {
        kinds.push("\r\n");
    }
    match kinds.len() {
        0 => Ok(Value::NONE),
        1 => pystr::new_str(t, kinds[0]),
        _ => {
            let mut hs = Vec::new();
            for k in kinds {
                let s = pystr::new_str(t, k)?;
                hs.push(t.root(s));
            }
            let vals: Vec<Value> = hs.iter().map(|h| t.get(*h)).collect();
            tuple::new_tuple(t, &vals)
        }
    }
}

/// Where the first line of `text` ends (the index after its ending), or None. `translated`:
/// only '\n' ends lines; `universal`: '\r', '\n' and "\r\n" do; otherwise `readnl` does.
pub(crate) fn find_line_ending(
    text: &[char],
    translated: bool,
    universal: bool,
    readnl: &[char],
) -> Option<usize> {
    if translated {
        return text.iter().position(|c| *c == '\n').map(|i| i + 1);
    }
    if universal {
        let i = text.iter().position(|c| *c == '\n' || *c == '\r')?;
        if text[i] == '\r' && text.get(i + 1) == Some(&'\n') {
            return Some(i + 2);
        }
        return Some(i + 1);
    }
    if readnl.is_empty() {
        return None;
    }
    text.windows(readnl.len())
        .position(|w| w == readnl)
        .map(|i| i + readnl.len())
}

// ----- IncrementalNewlineDecoder -----

fn state_of(t: &Thread, s: Value) -> NlState {
    let p = t.heap.slot(s, PENDINGCR);
    let seen = t.heap.slot(s, SEENNL);
    NlState {
        pendingcr: p == Value::TRUE,
        seen: if seen.is_small_int() {
            seen.as_small_int() as u8
        } else {
            0
        },
    }
}

fn store_state(t: &mut Thread, s: Value, st: NlState) {
    t.heap
        .set_slot(s, PENDINGCR, Value::from_bool(st.pendingcr));
    t.heap.set_slot(s, SEENNL, Value::small_int(st.seen as i64));
}

fn initialized(t: &mut Thread, s: Value) -> PyResult<()> {
    let tr = t.heap.slot(s, TRANSLATE);
    if tr != Value::TRUE && tr != Value::FALSE {
        return Err(t.value_error("IncrementalNewlineDecoder.__init__() not called"));
    }
    Ok(())
}

fn nd_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "__init__")?;
    let _ = s;
    check_args(
        t,
        &a,
        "IncrementalNewlineDecoder",
        &["decoder", "translate", "errors"],
        1,
    )?;
    if arg(t, &a, 1, "decoder").is_none() {
        return Err(t.type_error(
            "IncrementalNewlineDecoder() missing required argument 'decoder' (pos 1)",
        ));
    }
    let Some(tr) = arg(t, &a, 2, "translate") else {
        return Err(t.type_error(
            "IncrementalNewlineDecoder() missing required argument 'translate' (pos 2)",
        ));
    };
    let translate = protocol::truthy(t, tr)?;
    let errors = match arg(t, &a, 3, "errors") {
        Some(e) => e,
        None => pystr::new_str(t, "strict")?,
    };
    let s = a.get(t, 0);
    t.heap.set_slot(s, ERRORS, errors);
    let dec = arg(t, &a, 1, "decoder").unwrap_or(Value::NONE);
    t.heap.set_slot(s, DECODER, dec);
    t.heap.set_slot(s, TRANSLATE, Value::from_bool(translate));
    store_state(t, s, NlState::default());
    Ok(Value::NONE)
}

fn nd_decode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "decode")?;
    initialized(t, s)?;
    check_args(t, &a, "decode", &["input", "final"], 1)?;
    if arg(t, &a, 1, "input").is_none() {
        return Err(t.type_error("decode() missing required argument 'input' (pos 1)"));
    }
    let final_ = match arg(t, &a, 2, "final") {
        Some(f) => protocol::truthy(t, f)?,
        None => false,
    };
    // Read after `truthy`, which may have run Python code (and moved objects).
    let input = arg(t, &a, 1, "input").unwrap_or(Value::NONE);
    let s = a.get(t, 0);
    let dec = t.heap.slot(s, DECODER);
    let output = if dec.is_none() {
        input
    } else {
        let f = Value::from_bool(final_);
        protocol::call_method(t, dec, "decode", &[input, f])?
    };
    if !pystr::is_str(t, output) {
        let msg = format!(
            "decoder should return a string result, not '{}'",
            type_::type_name_of(t, output)
        );
        return Err(t.type_error(&msg));
    }
    let text = pystr::to_rust_string(t, output);
    let s = a.get(t, 0);
    let mut st = state_of(t, s);
    let tr = t.heap.slot(s, TRANSLATE) == Value::TRUE;
    let out = translate(&text, &mut st, tr, final_);
    store_state(t, s, st);
    pystr::new_str(t, &out)
}

fn nd_getstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "getstate")?;
    initialized(t, s)?;
    let dec = t.heap.slot(s, DECODER);
    let (buf, flag) = if dec.is_none() {
        (bytes::new_bytes(t, b"")?, 0i64)
    } else {
        let st = protocol::call_method(t, dec, "getstate", &[])?;
        if !tuple::is_tuple(t, st) || tuple::len(t, st) != 2 {
            return Err(t.type_error("illegal decoder state"));
        }
        let f = tuple::get(t, st, 1);
        let flag = int::to_i64(t, f).unwrap_or(0);
        (tuple::get(t, st, 0), flag)
    };
    let hb = t.root(buf);
    let s = a.get(t, 0);
    let pending = state_of(t, s).pendingcr as i64;
    let flag = int::from_i64(t, (flag << 1) | pending)?;
    tuple::new_tuple(t, &[t.get(hb), flag])
}

fn nd_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "setstate", 2, 2)?;
    let s = check_self(t, &a, KEY, "setstate")?;
    initialized(t, s)?;
    let st = a.get(t, 1);
    if !tuple::is_tuple(t, st) || tuple::len(t, st) != 2 {
        return Err(t.type_error("state argument must be a tuple"));
    }
    let buf = tuple::get(t, st, 0);
    let hb = t.root(buf);
    let f = tuple::get(t, st, 1);
    let flag = index_flag(t, f)?;
    let s = a.get(t, 0);
    let mut ns = state_of(t, s);
    ns.pendingcr = flag & 1 == 1;
    store_state(t, s, ns);
    let dec = t.heap.slot(s, DECODER);
    if !dec.is_none() {
        let f2 = int::from_i64(t, flag >> 1)?;
        let hf = t.root(f2);
        let pair = tuple::new_tuple(t, &[t.get(hb), t.get(hf)])?;
        let s = a.get(t, 0);
        let dec = t.heap.slot(s, DECODER);
        protocol::call_method(t, dec, "setstate", &[pair])?;
    }
    Ok(Value::NONE)
}

fn index_flag(t: &mut Thread, f: Value) -> PyResult<i64> {
    super::index_i64(t, f, false)
}

fn nd_reset(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "reset")?;
    initialized(t, s)?;
    store_state(t, s, NlState::default());
    let dec = t.heap.slot(s, DECODER);
    if !dec.is_none() {
        protocol::call_method(t, dec, "reset", &[])?;
    }
    Ok(Value::NONE)
}

fn nd_newlines(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = check_self(t, &a, KEY, "newlines")?;
    initialized(t, s)?;
    let seen = state_of(t, s).seen;
    newlines_value(t, seen)
}

pub(crate) fn init(t: &mut Thread) -> PyResult<()> {
    let ty = make_type(
        t,
        KEY,
        "IncrementalNewlineDecoder",
        6,
        None,
        &[
            ("__init__", nd_init),
            ("decode", nd_decode),
            ("getstate", nd_getstate),
            ("setstate", nd_setstate),
            ("reset", nd_reset),
        ],
    )?;
    add_getset(t, ty, "newlines", nd_newlines, None)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_and_records() {
        let mut st = NlState::default();
        assert_eq!(translate("a\r", &mut st, true, false), "a");
        assert!(st.pendingcr);
        assert_eq!(translate("\nb\rc", &mut st, true, false), "\nb\nc");
        assert_eq!(st.seen, SEEN_CRLF | SEEN_CR);
        let mut st = NlState::default();
        assert_eq!(translate("x\r\ny", &mut st, false, true), "x\r\ny");
        assert_eq!(st.seen, SEEN_CRLF);
    }

    #[test]
    fn line_endings() {
        let t: Vec<char> = "ab\r\ncd".chars().collect();
        assert_eq!(find_line_ending(&t, false, true, &[]), Some(4));
        assert_eq!(find_line_ending(&t, true, false, &[]), Some(4));
        assert_eq!(find_line_ending(&t, false, false, &['\r']), Some(3));
        assert_eq!(find_line_ending(&t, false, false, &['x']), None);
    }
}

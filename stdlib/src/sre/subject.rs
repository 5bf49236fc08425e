//! The subjects patterns run over, and how the engine reads them without copying.
//!
//! A subject is a str or a bytes-like object. The engine needs indexable code units, so:
//! ASCII strs (one byte per code point) and contiguous bytes-like objects are read in place,
//! borrowing the heap for the duration of one engine run (the engine never allocates on
//! the Python heap, so nothing can move meanwhile); other strs are decoded once per call
//! into a `Vec<u32>` of code points. Non-contiguous memoryviews are refused, as CPython's
//! `getstring` refuses them. A scanner keeps
//! the decoded code points of a non-ASCII str in a bytes object (little-endian u32s) so that
//! `finditer` decodes its subject once.
//!
//! **Boundary:** a borrowed view is only valid inside `with_text!`; the caller re-reads the
//! subject after anything that may allocate (a callback, a new object).

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::{bytes, str as pystr, type_};
use ember_vm::thread::Thread;

/// Where the code units come from (see the module doc).
pub enum Buf {
    /// Read in place: an ASCII str or a contiguous bytes-like object.
    Borrow,
    /// A non-ASCII str's code points.
    Wide(Vec<u32>),
    /// A scanner's cached code points (little-endian u32s in a bytes object).
    Cache,
}

pub struct Subject {
    pub isbytes: bool,
    /// Length in code units.
    pub len: usize,
    pub buf: Buf,
}

/// Checks `s` against a pattern whose `isbytes` is -1 (either), 0 (str) or 1 (bytes) and
/// prepares it for the engine (CPython's `state_init`/`getstring`).
pub fn prepare(t: &mut Thread, pattern_isbytes: i64, s: Value) -> PyResult<Subject> {
    let subj = if pystr::is_str(t, s) {
        let sv = pystr::str_value(t, s);
        let ascii = if sv.is_small_str() {
            let (b, n) = sv.small_str_bytes();
            b[..n].is_ascii()
        } else {
            pystr::is_ascii(t, sv)
        };
        if ascii {
            Subject {
                isbytes: false,
                len: pystr::byte_len(t, s),
                buf: Buf::Borrow,
            }
        } else {
            let w: Vec<u32> = pystr::with_str(t, s, |x| x.chars().map(|c| c as u32).collect());
            Subject {
                isbytes: false,
                len: w.len(),
                buf: Buf::Wide(w),
            }
        }
    } else if let Some(b) = bytes::bytes_like(t, s) {
        Subject {
            isbytes: true,
            len: b.len(),
            buf: Buf::Borrow,
        }
    } else {
        let msg = format!(
            "expected string or bytes-like object, got '{}'",
            type_::type_name_of(t, s)
        );
        return Err(t.type_error(&msg));
    };
    if pattern_isbytes == 0 && subj.isbytes {
        return Err(t.type_error("cannot use a string pattern on a bytes-like object"));
    }
    if pattern_isbytes == 1 && !subj.isbytes {
        return Err(t.type_error("cannot use a bytes pattern on a string-like object"));
    }
    Ok(subj)
}

/// Calls `f` with the code units of a subject read in place (`Buf::Borrow`).
pub fn with_narrow<R>(t: &Thread, s: Value, f: impl FnOnce(&[u8]) -> R) -> R {
    if pystr::is_str(t, s) {
        pystr::with_str_bytes(t, s, |_, b| f(b))
    } else {
        match bytes::bytes_like(t, s) {
            Some(b) => f(b),
            None => f(&[]),
        }
    }
}

/// The little-endian u32 encoding of `w`, for a scanner's cache.
pub fn wide_bytes(w: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(w.len() * 4);
    for c in w {
        out.extend_from_slice(&c.to_le_bytes());
    }
    out
}

/// Runs `$body` with `$text` bound to the subject's code units as an `engine::Text`
/// (the body is instantiated once per representation).
macro_rules! with_text {
    ($t:expr, $subj:expr, $string:expr, $cache:expr, |$text:ident| $body:expr) => {{
        match &$subj.buf {
            $crate::sre::subject::Buf::Wide(w) => {
                let $text: &[u32] = &w[..];
                $body
            }
            $crate::sre::subject::Buf::Cache => {
                let raw = ember_vm::objects::bytes::exporter_data($t, $cache).unwrap_or(&[]);
                let $text = $crate::sre::engine::Wide(raw);
                $body
            }
            $crate::sre::subject::Buf::Borrow => {
                $crate::sre::subject::with_narrow($t, $string, |$text: &[u8]| $body)
            }
        }
    }};
}
pub(crate) use with_text;

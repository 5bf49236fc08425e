//! The subjects patterns run over, and how the engine reads them without copying.
//!
//! A subject is a str or a bytes-like object. The engine needs indexable code units, so:
//! ASCII strs (one byte per code point) and contiguous bytes-like objects are read in place,
//! borrowing the heap for the duration of one engine run (the engine never allocates on
//! the Python heap, so nothing can move meanwhile); other strs are decoded into a `Vec<u32>`
//! of code points (long ones through a small cache, see `decoded`). Non-contiguous
//! memoryviews are refused, as CPython's `getstring` refuses them. A scanner keeps the
//! decoded code points of a non-ASCII str in a bytes object (little-endian u32s) so that
//! `finditer` decodes its subject once.
//!
//! Slicing a non-ASCII str by code point needs UTF-8 byte offsets, which ember's str finds
//! by scanning from the start. So a match over such a str records the byte offsets of its
//! group boundaries when it is made (`byte_offsets`), and a scanner keeps an index of every
//! `CHECKPOINT`-th offset, keeping `finditer` + `group()` linear in the subject's length.
//!
//! **Boundary:** a borrowed view is only valid inside `with_text!`; the caller re-reads the
//! subject after anything that may allocate (a callback, a new object).

use std::cell::RefCell;
use std::rc::Rc;

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::{bytes, str as pystr, type_};
use ember_vm::thread::Thread;

use super::engine;

/// Where the code units come from (see the module doc).
pub enum Buf {
    /// Read in place: an ASCII str or a contiguous bytes-like object.
    Borrow,
    /// A non-ASCII str's code points, with its byte-offset checkpoints when the decoding
    /// is cached (see `decoded`).
    Wide(Rc<Vec<u32>>, Option<Rc<Vec<u8>>>),
    /// A scanner's cached code points (little-endian u32s in a bytes object).
    Cache,
}

pub struct Subject {
    pub isbytes: bool,
    /// Length in code units.
    pub len: usize,
    pub buf: Buf,
}

/// Strs shorter than this are decoded on every call; longer ones go through the cache.
const CACHE_MIN_CHARS: usize = 256;

/// The most recently decoded long str: its value word, the collection count when it was
/// decoded, its code points and byte-offset checkpoints.
///
/// **Invariant:** an entry is only used while no collection has run since it was made.
/// Between collections no object moves or dies and no memory is reused, so an equal value
/// word is the same (immutable) str. Any collection invalidates the entry, so a tokenizer
/// calling `pattern.match(text, pos)` over a long non-ASCII text decodes it once per
/// collection cycle instead of once per call.
struct Decoded {
    key: u64,
    epoch: u64,
    chars: Rc<Vec<u32>>,
    index: Rc<Vec<u8>>,
}

thread_local! {
    static DECODED: RefCell<Option<Decoded>> = const { RefCell::new(None) };
}

fn epoch(t: &Thread) -> u64 {
    let st = t.heap.stats();
    st.minor_collections + st.major_collections
}

/// The code points of the non-ASCII str `sv` (an exact str value), from the cache when
/// possible; long strs also get their byte-offset checkpoints.
fn decoded(t: &Thread, sv: Value) -> (Rc<Vec<u32>>, Option<Rc<Vec<u8>>>) {
    let decode = |t: &Thread| -> Vec<u32> {
        pystr::with_str(t, sv, |x| x.chars().map(|c| c as u32).collect())
    };
    if sv.is_small_str() || pystr::char_len(t, sv) < CACHE_MIN_CHARS {
        return (Rc::new(decode(t)), None);
    }
    let now = epoch(t);
    let hit = DECODED.with(|d| {
        d.borrow().as_ref().and_then(|e| {
            (e.key == sv.raw() && e.epoch == now).then(|| (e.chars.clone(), e.index.clone()))
        })
    });
    if let Some((c, ix)) = hit {
        return (c, Some(ix));
    }
    let chars = Rc::new(decode(t));
    let index = Rc::new(checkpoint_index(&chars));
    DECODED.with(|d| {
        *d.borrow_mut() = Some(Decoded {
            key: sv.raw(),
            epoch: now,
            chars: chars.clone(),
            index: index.clone(),
        })
    });
    (chars, Some(index))
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
            let (w, ix) = decoded(t, sv);
            Subject {
                isbytes: false,
                len: w.len(),
                buf: Buf::Wide(w, ix),
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
            $crate::sre::subject::Buf::Wide(w, _) => {
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

/// Code points between two checkpoints of a scanner's byte-offset index.
pub const CHECKPOINT: usize = 16;

#[inline]
fn utf8_width(c: u32) -> u64 {
    match c {
        0..=0x7f => 1,
        0x80..=0x7ff => 2,
        0x800..=0xffff => 3,
        _ => 4,
    }
}

/// The byte-offset index of a decoded str: the UTF-8 offset of every `CHECKPOINT`-th code
/// point, as little-endian u64s.
pub fn checkpoint_index(w: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity((w.len() / CHECKPOINT + 1) * 8);
    let mut off = 0u64;
    for (i, &c) in w.iter().enumerate() {
        if i % CHECKPOINT == 0 {
            out.extend_from_slice(&off.to_le_bytes());
        }
        off += utf8_width(c);
    }
    out
}

/// The UTF-8 byte offsets of the code-point positions `pos` (negative stays -1) in a str
/// given as code points, walking from the nearest checkpoint of `index` when there is one
/// (else from the start, in one pass over the sorted positions).
pub fn byte_offsets<T: engine::Text>(text: T, pos: &[i64], index: Option<&[u8]>) -> Vec<i64> {
    let len = text.len();
    let mut out = vec![-1i64; pos.len()];
    if let Some(ix) = index {
        for (k, &p) in pos.iter().enumerate() {
            if p < 0 {
                continue;
            }
            let p = (p as usize).min(len);
            let cp = p / CHECKPOINT;
            let mut off = match ix.get(cp * 8..cp * 8 + 8) {
                Some(b) => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
                None => 0,
            };
            let from = if ix.len() >= cp * 8 + 8 {
                cp * CHECKPOINT
            } else {
                0
            };
            for i in from..p {
                off += utf8_width(text.at(i));
            }
            out[k] = off as i64;
        }
        return out;
    }
    let mut order: Vec<usize> = (0..pos.len()).filter(|&k| pos[k] >= 0).collect();
    order.sort_by_key(|&k| pos[k]);
    let (mut i, mut off) = (0usize, 0u64);
    for k in order {
        let p = (pos[k] as usize).min(len);
        while i < p {
            off += utf8_width(text.at(i));
            i += 1;
        }
        out[k] = off as i64;
    }
    out
}

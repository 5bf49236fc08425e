//! `re.Pattern`: `_sre.compile` and the pattern methods (CPython's `pattern_*` in
//! `Modules/_sre/sre.c`).
//!
//! Every method runs the engine while borrowing the subject (see `subject.rs`) and turns
//! the plain `Found` results into Python objects only afterwards. `sub` with a callable
//! runs one search per match, re-reading the subject after each callback.

use ember_gc::Value;
use ember_vm::builtins::is_callable;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{bytes, dict, generic_alias, int, iterators, list, mappingproxy, numeric};
use ember_vm::objects::{str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::{Handle, Thread};

use super::engine::{self, Found, Mode};
use super::matchobj;
use super::subject::{self, with_text, Buf, Subject};

// Pattern slots.
pub const P_PATTERN: usize = 0;
pub const P_FLAGS: usize = 1;
/// The code words, a bytes object of little-endian u32s.
pub const P_CODE: usize = 2;
pub const P_GROUPS: usize = 3;
/// name -> group number (dict).
pub const P_GROUPINDEX: usize = 4;
/// group number -> name or None (tuple).
pub const P_INDEXGROUP: usize = 5;
/// -1 (pattern None: any subject), 0 (str), 1 (bytes).
pub const P_ISBYTES: usize = 6;
pub const NSLOTS: u32 = 7;

const SSIZE_OVERFLOW: &str = "Python int too large to convert to C ssize_t";

pub(crate) fn engine_error(t: &mut Thread, _e: engine::Error) -> Raised {
    t.runtime_error("internal error in regular expression engine")
}

/// The pattern's code words (little-endian u32s), borrowing the heap.
pub(crate) fn code_of(t: &Thread, pat: Value) -> &[u8] {
    let b = t.heap.slot(pat, P_CODE);
    bytes::exporter_data(t, b).unwrap_or(&[])
}

pub(crate) fn ngroups(t: &Thread, pat: Value) -> usize {
    t.heap.slot(pat, P_GROUPS).as_small_int().max(0) as usize
}

pub(crate) fn isbytes(t: &Thread, pat: Value) -> i64 {
    t.heap.slot(pat, P_ISBYTES).as_small_int()
}

fn check_self(t: &mut Thread, v: Value, name: &str) -> PyResult<()> {
    let ty = super::sre_type(t, super::PATTERN_TYPE)?;
    if ember_vm::objects::native_type::is_instance(t, v, ty) {
        return Ok(());
    }
    let msg = format!(
        "descriptor '{name}' for 're.Pattern' objects doesn't apply to a '{}' object",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

/// A Py_ssize_t argument.
pub(crate) fn ssize_arg(t: &mut Thread, v: Value) -> PyResult<i64> {
    numeric::as_ssize(t, v, Some(SSIZE_OVERFLOW))
}

/// CPython's `state_init` boundary adjustment: `pos`/`endpos` clipped to `0..=len`.
pub(crate) fn clip(pos: i64, endpos: i64, len: usize) -> (usize, usize) {
    let c = |x: i64| x.clamp(0, len as i64) as usize;
    (c(pos), c(endpos))
}

/// `getslice`: `string[a:b]` as an exact str or bytes.
pub(crate) fn getslice(
    t: &mut Thread,
    subj: &Subject,
    s: Value,
    a: usize,
    b: usize,
) -> PyResult<Value> {
    let (a, b) = (a.min(subj.len), b.min(subj.len));
    let b = b.max(a);
    if subj.isbytes {
        if t.type_of(s) == t.ty(BuiltinType::Bytes) && a == 0 && b == subj.len {
            return Ok(s);
        }
        let data: Vec<u8> = bytes::bytes_like(t, s)
            .map(|d| d[a.min(d.len())..b.min(d.len())].to_vec())
            .unwrap_or_default();
        return bytes::new_bytes(t, &data);
    }
    match &subj.buf {
        Buf::Wide(w, _) => {
            let text: String = w[a..b].iter().filter_map(|&c| char::from_u32(c)).collect();
            pystr::new_str_from_utf8(t, text.as_bytes(), b - a)
        }
        _ => pystr::substring(t, s, a, b),
    }
}

/// Binds `(string, pos=0, endpos=sys.maxsize)` after self.
fn bind_span(t: &mut Thread, a: &Args, fname: &str) -> PyResult<(Handle, i64, i64)> {
    if a.nkw == 0 && a.len() == 2 {
        // The common call: just the subject (an int pos/endpos needs no conversion).
        let hs = t.root(a.get(t, 1));
        return Ok((hs, 0, i64::MAX));
    }
    let h = numeric::bind(t, a, fname, 1, &["string", "pos", "endpos"], 1, 3)?;
    let Some(hs) = h[0] else {
        return Err(t.type_error(&format!(
            "{fname}() missing required argument 'string' (pos 1)"
        )));
    };
    let pos = match h[1] {
        Some(hp) => ssize_arg(t, t.get(hp))?,
        None => 0,
    };
    let endpos = match h[2] {
        Some(he) => ssize_arg(t, t.get(he))?,
        None => i64::MAX,
    };
    Ok((hs, pos, endpos))
}

fn pattern_once(t: &mut Thread, a: Args, fname: &str, mode: Mode) -> PyResult<Value> {
    check_self(t, a.get(t, 0), fname)?;
    let (hs, pos, endpos) = bind_span(t, &a, fname)?;
    let pat = a.get(t, 0);
    let subj = subject::prepare(t, isbytes(t, pat), t.get(hs))?;
    let (start, end) = clip(pos, endpos, subj.len);
    let groups = ngroups(t, pat);
    let s = t.get(hs);
    let r = with_text!(t, subj, s, Value::NONE, |text| engine::run_once(
        text,
        code_of(t, pat),
        start,
        end,
        false,
        mode,
        groups
    ));
    match r {
        Err(e) => Err(engine_error(t, e)),
        Ok(None) => Ok(Value::NONE),
        Ok(Some(f)) => {
            let offs = wide_offsets(&subj, &f);
            matchobj::new_match(t, a.get(t, 0), t.get(hs), start, end, &f, offs.as_deref())
        }
    }
}

/// The byte offsets a match over a decoded (non-ASCII) str records.
fn wide_offsets(subj: &Subject, f: &Found) -> Option<Vec<i64>> {
    match &subj.buf {
        Buf::Wide(w, ix) => Some(subject::byte_offsets(
            &w[..],
            &matchobj::positions(f),
            ix.as_ref().map(|i| &i[..]),
        )),
        _ => None,
    }
}

fn pattern_match(t: &mut Thread, a: Args) -> PyResult<Value> {
    pattern_once(t, a, "match", Mode::Match)
}

fn pattern_fullmatch(t: &mut Thread, a: Args) -> PyResult<Value> {
    pattern_once(t, a, "fullmatch", Mode::FullMatch)
}

fn pattern_search(t: &mut Thread, a: Args) -> PyResult<Value> {
    pattern_once(t, a, "search", Mode::Search)
}

/// All matches from `start` to `end` (at most `limit`, 0 for all).
fn all_matches(
    t: &mut Thread,
    pat: Value,
    subj: &Subject,
    s: Value,
    start: usize,
    end: usize,
    limit: usize,
) -> PyResult<Vec<Found>> {
    let groups = ngroups(t, pat);
    let r = with_text!(t, subj, s, Value::NONE, |text| engine::find_all(
        text,
        code_of(t, pat),
        start,
        end,
        groups,
        limit
    ));
    r.map_err(|e| engine_error(t, e))
}

fn pattern_findall(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, a.get(t, 0), "findall")?;
    let (hs, pos, endpos) = bind_span(t, &a, "findall")?;
    let pat = a.get(t, 0);
    let subj = subject::prepare(t, isbytes(t, pat), t.get(hs))?;
    let (start, end) = clip(pos, endpos, subj.len);
    let found = all_matches(t, pat, &subj, t.get(hs), start, end, 0)?;
    let groups = ngroups(t, a.get(t, 0));
    let l = list::new_list(t, found.len())?;
    let hl = t.root(l);
    for f in &found {
        let m = t.handle_mark();
        let item = match groups {
            0 => getslice(t, &subj, t.get(hs), f.start, f.end)?,
            1 => group_or_empty(t, &subj, t.get(hs), f.groups[0])?,
            n => {
                let tup = tuple::new_tuple_uninit(t, n)?;
                let ht = t.root(tup);
                for (i, &g) in f.groups.iter().enumerate() {
                    let v = group_or_empty(t, &subj, t.get(hs), g)?;
                    t.heap.set_slot(t.get(ht), i, v);
                }
                t.get(ht)
            }
        };
        list::append(t, t.get(hl), item)?;
        t.handle_release(m);
    }
    Ok(t.get(hl))
}

/// `state_getslice(..., empty=1)`: an unmatched group is the empty string.
fn group_or_empty(t: &mut Thread, subj: &Subject, s: Value, g: (isize, isize)) -> PyResult<Value> {
    if g.0 > g.1 {
        return Err(matchobj::wrong_span(t));
    }
    if g.0 < 0 {
        getslice(t, subj, s, 0, 0)
    } else {
        getslice(t, subj, s, g.0 as usize, g.1 as usize)
    }
}

fn pattern_scanner(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, a.get(t, 0), "scanner")?;
    let (hs, pos, endpos) = bind_span(t, &a, "scanner")?;
    matchobj::new_scanner(t, a.get(t, 0), t.get(hs), pos, endpos)
}

fn pattern_finditer(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, a.get(t, 0), "finditer")?;
    let (hs, pos, endpos) = bind_span(t, &a, "finditer")?;
    let sc = matchobj::new_scanner(t, a.get(t, 0), t.get(hs), pos, endpos)?;
    let search = protocol::getattr_str(t, sc, "search")?;
    iterators::new_callable_iterator(t, search, Value::NONE)
}

fn pattern_split(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, a.get(t, 0), "split")?;
    let h = numeric::bind(t, &a, "split", 1, &["string", "maxsplit"], 1, 2)?;
    let Some(hs) = h[0] else {
        return Err(t.type_error("split() missing required argument 'string' (pos 1)"));
    };
    let maxsplit = match h[1] {
        Some(hm) => ssize_arg(t, t.get(hm))?,
        None => 0,
    };
    let pat = a.get(t, 0);
    let subj = subject::prepare(t, isbytes(t, pat), t.get(hs))?;
    let found = if maxsplit < 0 {
        Vec::new()
    } else {
        all_matches(t, pat, &subj, t.get(hs), 0, subj.len, maxsplit as usize)?
    };
    let l = list::new_list(t, 0)?;
    let hl = t.root(l);
    let mut last = 0;
    for f in &found {
        let m = t.handle_mark();
        let item = getslice(t, &subj, t.get(hs), last, f.start)?;
        list::append(t, t.get(hl), item)?;
        for &g in &f.groups {
            if g.0 > g.1 {
                return Err(matchobj::wrong_span(t));
            }
            let item = if g.0 < 0 {
                Value::NONE
            } else {
                getslice(t, &subj, t.get(hs), g.0 as usize, g.1 as usize)?
            };
            list::append(t, t.get(hl), item)?;
        }
        last = f.end;
        t.handle_release(m);
    }
    let item = getslice(t, &subj, t.get(hs), last, subj.len)?;
    list::append(t, t.get(hl), item)?;
    Ok(t.get(hl))
}

/// A piece of `sub`'s result: a stretch of the subject or a replacement object (index
/// into the rooted list of replacements).
enum Piece {
    Seg(usize, usize),
    Obj(usize),
}

/// Whether a replacement template has no backslash (CPython's literal check); None when it
/// is neither a str nor a bytes-like object.
fn template_is_literal(t: &Thread, v: Value) -> bool {
    if pystr::is_str(t, v) {
        return pystr::with_str_bytes(t, v, |_, b| !b.contains(&b'\\'));
    }
    if let Some(b) = bytes::bytes_like(t, v) {
        return !b.contains(&b'\\');
    }
    match bytes::bytes_owned(t, v) {
        Some(b) => !b.contains(&b'\\'),
        None => false,
    }
}

fn pattern_subx(t: &mut Thread, a: Args, fname: &str, subn: bool) -> PyResult<Value> {
    check_self(t, a.get(t, 0), fname)?;
    let h = numeric::bind(t, &a, fname, 1, &["repl", "string", "count"], 2, 3)?;
    let (Some(hr), Some(hs)) = (h[0], h[1]) else {
        let which = if h[0].is_none() {
            ("repl", 1)
        } else {
            ("string", 2)
        };
        let msg = format!(
            "{fname}() missing required argument '{}' (pos {})",
            which.0, which.1
        );
        return Err(t.type_error(&msg));
    };
    let count = match h[2] {
        Some(hc) => ssize_arg(t, t.get(hc))?,
        None => 0,
    };
    let hpat = t.root(a.get(t, 0));
    let repl = t.get(hr);
    let (filter, callable) = if is_callable(t, repl)? {
        (t.get(hr), true)
    } else if template_is_literal(t, t.get(hr)) {
        (t.get(hr), false)
    } else {
        let re = ember_vm::import::import_dotted(t, "re")?;
        let subx = protocol::getattr_str(t, re, "_subx")?;
        let f = protocol::call(t, subx, &[t.get(hpat), t.get(hr)])?;
        let hf = t.root(f);
        let c = is_callable(t, f)?;
        (t.get(hf), c)
    };
    let hfilter = t.root(filter);
    let subj = subject::prepare(t, isbytes(t, t.get(hpat)), t.get(hs))?;
    let len = subj.len;
    let objs = list::new_list(t, 0)?;
    let hobjs = t.root(objs);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut n = 0usize;
    let mut i = 0usize;
    if count >= 0 {
        if !callable {
            let found = all_matches(t, t.get(hpat), &subj, t.get(hs), 0, len, count as usize)?;
            let filter_none = t.get(hfilter).is_none();
            if !filter_none {
                list::append(t, t.get(hobjs), t.get(hfilter))?;
            }
            for f in &found {
                if i < f.start {
                    pieces.push(Piece::Seg(i, f.start));
                }
                if !filter_none {
                    pieces.push(Piece::Obj(0));
                }
                i = f.end;
            }
            n = found.len();
        } else {
            let groups = ngroups(t, t.get(hpat));
            let mut start = 0usize;
            let mut must_advance = false;
            while count == 0 || n < count as usize {
                let (s, pat) = (t.get(hs), t.get(hpat));
                let r = with_text!(t, subj, s, Value::NONE, |text| engine::run_once(
                    text,
                    code_of(t, pat),
                    start,
                    len,
                    must_advance,
                    Mode::Search,
                    groups
                ));
                let f = match r {
                    Err(e) => return Err(engine_error(t, e)),
                    Ok(None) => break,
                    Ok(Some(f)) => f,
                };
                if i < f.start {
                    pieces.push(Piece::Seg(i, f.start));
                }
                let m = t.handle_mark();
                let offs = wide_offsets(&subj, &f);
                let mo =
                    matchobj::new_match(t, t.get(hpat), t.get(hs), 0, len, &f, offs.as_deref())?;
                let item = protocol::call(t, t.get(hfilter), &[mo])?;
                if !item.is_none() {
                    pieces.push(Piece::Obj(list::len(t, t.get(hobjs))));
                    list::append(t, t.get(hobjs), item)?;
                }
                t.handle_release(m);
                i = f.end;
                n += 1;
                must_advance = f.end == f.start;
                start = f.end;
            }
        }
    }
    if i < len {
        pieces.push(Piece::Seg(i, len));
    }
    let result = join(t, &subj, t.get(hs), &pieces, t.get(hobjs))?;
    if subn {
        let hres = t.root(result);
        let nv = int::from_i64(t, n as i64)?;
        tuple::new_tuple(t, &[t.get(hres), nv])
    } else {
        Ok(result)
    }
}

/// Joins `pieces` as `str.join`/`bytes.join` would join the equivalent list, with their
/// TypeErrors for replacement objects of the wrong type.
fn join(
    t: &mut Thread,
    subj: &Subject,
    s: Value,
    pieces: &[Piece],
    objs: Value,
) -> PyResult<Value> {
    // Check the replacement objects first, naming each by its index in the list.
    for (idx, p) in pieces.iter().enumerate() {
        if let Piece::Obj(k) = p {
            let v = list::get(t, objs, *k);
            let ok = if subj.isbytes {
                bytes::bytes_like(t, v).is_some() || memoryview_ok(t, v)
            } else {
                pystr::is_str(t, v)
            };
            if !ok {
                let tn = type_::type_name_of(t, v);
                let msg = if subj.isbytes {
                    format!("sequence item {idx}: expected a bytes-like object, {tn} found")
                } else {
                    format!("sequence item {idx}: expected str instance, {tn} found")
                };
                return Err(t.type_error(&msg));
            }
        }
    }
    // The result as bytes (a str's UTF-8) and, for a str, its length in code points.
    let mut out: Vec<u8> = Vec::new();
    let mut chars = 0usize;
    with_text!(t, subj, s, Value::NONE, |text| {
        use engine::Text;
        for p in pieces {
            match p {
                Piece::Seg(a, b) => {
                    let b = (*b).min(text.len());
                    text.extend_utf8(*a, b, &mut out);
                    chars += b.saturating_sub(*a);
                }
                Piece::Obj(k) => {
                    let v = list::get(t, objs, *k);
                    if subj.isbytes {
                        match bytes::bytes_like(t, v) {
                            Some(b) => out.extend_from_slice(b),
                            None => out.extend(bytes::bytes_owned(t, v).unwrap_or_default()),
                        }
                    } else {
                        pystr::with_str_bytes(t, v, |_, b| out.extend_from_slice(b));
                        chars += pystr::char_len(t, v);
                    }
                }
            }
        }
    });
    if subj.isbytes {
        bytes::new_bytes(t, &out)
    } else {
        pystr::new_str_from_utf8(t, &out, chars)
    }
}

fn memoryview_ok(t: &Thread, v: Value) -> bool {
    ember_vm::objects::memoryview::is_memoryview(t, v)
}

fn pattern_sub(t: &mut Thread, a: Args) -> PyResult<Value> {
    pattern_subx(t, a, "sub", false)
}

fn pattern_subn(t: &mut Thread, a: Args) -> PyResult<Value> {
    pattern_subx(t, a, "subn", true)
}

// ----- attributes, comparison, repr -----

fn pattern_get_pattern(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, a.get(t, 0), "pattern")?;
    Ok(t.heap.slot(a.get(t, 0), P_PATTERN))
}

fn pattern_get_flags(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, a.get(t, 0), "flags")?;
    Ok(t.heap.slot(a.get(t, 0), P_FLAGS))
}

fn pattern_get_groups(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, a.get(t, 0), "groups")?;
    Ok(t.heap.slot(a.get(t, 0), P_GROUPS))
}

fn pattern_get_groupindex(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, a.get(t, 0), "groupindex")?;
    let d = t.heap.slot(a.get(t, 0), P_GROUPINDEX);
    mappingproxy::new_mappingproxy(t, d)
}

const FLAG_NAMES: [(&str, i64); 9] = [
    ("re.TEMPLATE", 1),
    ("re.IGNORECASE", 2),
    ("re.LOCALE", 4),
    ("re.MULTILINE", 8),
    ("re.DOTALL", 16),
    ("re.UNICODE", 32),
    ("re.VERBOSE", 64),
    ("re.DEBUG", 128),
    ("re.ASCII", 256),
];

/// `%.Nr`: the first `n` code points of the repr.
pub(crate) fn truncated_repr(t: &mut Thread, v: Value, n: usize) -> PyResult<String> {
    let r = protocol::repr_string(t, v)?;
    Ok(r.chars().take(n).collect())
}

fn pattern_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_self(t, a.get(t, 0), "__repr__")?;
    let pat = a.get(t, 0);
    let mut flags = int::to_i64(t, t.heap.slot(pat, P_FLAGS)).unwrap_or(0);
    let is_str = pystr::is_str(t, t.heap.slot(pat, P_PATTERN));
    let p = truncated_repr(t, t.heap.slot(a.get(t, 0), P_PATTERN), 200)?;
    if is_str && flags & (4 | 32 | 256) == 32 {
        flags &= !32;
    }
    let mut names: Vec<String> = Vec::new();
    for (name, v) in FLAG_NAMES {
        if flags & v != 0 {
            names.push(name.to_string());
            flags &= !v;
        }
    }
    if flags != 0 {
        names.push(format!("0x{flags:x}"));
    }
    let s = if names.is_empty() {
        format!("re.compile({p})")
    } else {
        format!("re.compile({p}, {})", names.join("|"))
    };
    pystr::new_str(t, &s)
}

fn same_pattern(t: &mut Thread, x: Value, y: Value) -> PyResult<bool> {
    if x == y {
        return Ok(true);
    }
    let same = t.heap.slot(x, P_FLAGS) == t.heap.slot(y, P_FLAGS)
        && isbytes(t, x) == isbytes(t, y)
        && code_of(t, x) == code_of(t, y);
    if !same {
        return Ok(false);
    }
    protocol::eq(t, t.heap.slot(x, P_PATTERN), t.heap.slot(y, P_PATTERN))
}

fn pattern_richcmp(t: &mut Thread, a: Args, name: &str, want_eq: bool) -> PyResult<Value> {
    a.check(t, name, 2, 2)?;
    check_self(t, a.get(t, 0), name)?;
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if t.type_of(x) != t.type_of(y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let r = same_pattern(t, x, y)?;
    Ok(Value::from_bool(r == want_eq))
}

fn pattern_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    pattern_richcmp(t, a, "__eq__", true)
}

fn pattern_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    pattern_richcmp(t, a, "__ne__", false)
}

fn pattern_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__hash__", 1, 1)?;
    check_self(t, a.get(t, 0), "__hash__")?;
    let mut h = protocol::hash(t, t.heap.slot(a.get(t, 0), P_PATTERN))?;
    let pat = a.get(t, 0);
    let code = t.heap.slot(pat, P_CODE);
    let raw = bytes::exporter_data(t, code)
        .map(|b| b.to_vec())
        .unwrap_or_default();
    h ^= pystr::hash_bytes(&raw);
    h ^= int::to_i64(t, t.heap.slot(pat, P_FLAGS)).unwrap_or(0);
    h ^= isbytes(t, pat);
    h ^= (raw.len() / 4) as i64;
    if h == -1 {
        h = -2;
    }
    int::from_i64(t, h)
}

fn pattern_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__copy__", 1, 1)?;
    check_self(t, a.get(t, 0), "__copy__")?;
    Ok(a.get(t, 0))
}

fn pattern_deepcopy(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__deepcopy__", 2, 2)?;
    check_self(t, a.get(t, 0), "__deepcopy__")?;
    Ok(a.get(t, 0))
}

// ----- _sre.compile -----

fn arg_type_error(t: &mut Thread, arg: &str, want: &str, v: Value) -> Raised {
    let msg = format!(
        "compile() argument '{arg}' must be {want}, not {}",
        type_::type_name_of(t, v)
    );
    t.type_error(&msg)
}

/// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`.
pub fn sre_compile(t: &mut Thread, a: Args) -> PyResult<Value> {
    let params = [
        "pattern",
        "flags",
        "code",
        "groups",
        "groupindex",
        "indexgroup",
    ];
    let h = numeric::bind(t, &a, "compile", 0, &params, 6, 6)?;
    let mut hs = Vec::with_capacity(6);
    for (i, p) in params.iter().enumerate() {
        match h[i] {
            Some(x) => hs.push(x),
            None => {
                let msg = format!("compile() missing required argument '{p}' (pos {})", i + 1);
                return Err(t.type_error(&msg));
            }
        }
    }
    let flags = super::int_arg(t, t.get(hs[1]))?;
    let code = t.get(hs[2]);
    if !list::is_list(t, code) {
        return Err(arg_type_error(t, "code", "list", code));
    }
    let groups = ssize_arg(t, t.get(hs[3]))?;
    let gi = t.get(hs[4]);
    if !dict::is_dict(t, gi) {
        return Err(arg_type_error(t, "groupindex", "dict", gi));
    }
    let ig = t.get(hs[5]);
    if !tuple::is_tuple(t, ig) {
        return Err(arg_type_error(t, "indexgroup", "tuple", ig));
    }
    let n = list::len(t, t.get(hs[2]));
    let mut words: Vec<u8> = Vec::with_capacity(n * 4);
    for i in 0..n {
        let code = t.get(hs[2]);
        if i >= list::len(t, code) {
            break;
        }
        let item = list::get(t, code, i);
        if !int::is_int(t, item) {
            return Err(t.type_error("an integer is required"));
        }
        let v = int::to_bigint(t, item);
        if v.sign() == num_bigint::Sign::Minus {
            return Err(t.overflow_error("can't convert negative value to unsigned int"));
        }
        let w: u32 = match u32::try_from(&v) {
            Ok(w) => w,
            Err(_) => return Err(t.overflow_error("regular expression code size limit exceeded")),
        };
        words.extend_from_slice(&w.to_le_bytes());
    }
    let pattern = t.get(hs[0]);
    let isb: i64 = if pattern.is_none() {
        -1
    } else if pystr::is_str(t, pattern) {
        0
    } else if bytes::bytes_like(t, pattern).is_some() || memoryview_ok(t, pattern) {
        1
    } else {
        let msg = format!(
            "expected string or bytes-like object, got '{}'",
            type_::type_name_of(t, pattern)
        );
        return Err(t.type_error(&msg));
    };
    let code_words: Vec<u32> = words
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    if !super::validate::validate(&code_words, groups) {
        return Err(t.runtime_error("invalid SRE code"));
    }
    let code_obj = bytes::new_bytes(t, &words)?;
    let hc = t.root(code_obj);
    let gi_copy = dict::copy(t, t.get(hs[4]))?;
    let hgi = t.root(gi_copy);
    let fl = int::from_i64(t, flags)?;
    let hfl = t.root(fl);
    let gv = int::from_i64(t, groups)?;
    let hgv = t.root(gv);
    let ty = super::sre_type(t, super::PATTERN_TYPE)?;
    ember_vm::objects::native_type::new_instance(
        t,
        ty,
        &[
            t.get(hs[0]),
            t.get(hfl),
            t.get(hc),
            t.get(hgv),
            t.get(hgi),
            t.get(hs[5]),
            Value::small_int(isb),
        ],
    )
}

pub fn init_type(t: &mut Thread, ty: Value) -> PyResult<()> {
    let hty = t.root(ty);
    let methods: [(&'static str, native::NativeFn); 15] = [
        ("match", pattern_match),
        ("fullmatch", pattern_fullmatch),
        ("search", pattern_search),
        ("findall", pattern_findall),
        ("finditer", pattern_finditer),
        ("scanner", pattern_scanner),
        ("split", pattern_split),
        ("sub", pattern_sub),
        ("subn", pattern_subn),
        ("__repr__", pattern_repr),
        ("__eq__", pattern_eq),
        ("__ne__", pattern_ne),
        ("__hash__", pattern_hash),
        ("__copy__", pattern_copy),
        ("__deepcopy__", pattern_deepcopy),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(hty), name, f)?;
    }
    native::add_classmethod(
        t,
        t.get(hty),
        "__class_getitem__",
        generic_alias::class_getitem,
    )?;
    use ember_vm::objects::descriptors::add_getset;
    add_getset(t, t.get(hty), "pattern", pattern_get_pattern, None)?;
    add_getset(t, t.get(hty), "flags", pattern_get_flags, None)?;
    add_getset(t, t.get(hty), "groups", pattern_get_groups, None)?;
    add_getset(t, t.get(hty), "groupindex", pattern_get_groupindex, None)?;
    Ok(())
}

//! `re.Match` and `_sre.SRE_Scanner` (CPython's `match_*` and `scanner_*`).
//!
//! A match keeps its subject, pattern, `pos`/`endpos`, `lastindex` and the flat tuple of
//! group boundaries (`-1` for groups that did not participate); group text is sliced from
//! the subject on demand. A scanner keeps its position and, for a non-ASCII str subject,
//! the decoded code points (see `subject.rs`).

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type;
use ember_vm::objects::{bytes, dict, generic_alias, int, numeric, str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

use super::engine::{self, Found, Mode};
use super::pattern::{self, P_GROUPINDEX, P_INDEXGROUP};
use super::subject::{self, with_text, Buf, Subject};

// Match slots.
const M_STRING: usize = 0;
const M_PATTERN: usize = 1;
const M_POS: usize = 2;
const M_ENDPOS: usize = 3;
const M_LASTINDEX: usize = 4;
/// A tuple of 2 * (groups + 1) ints: start and end of each group; for a non-ASCII str
/// subject followed by as many UTF-8 byte offsets of the same boundaries.
const M_REGS: usize = 5;
/// True when `M_REGS` carries byte offsets, else None.
const M_BYTEOFFS: usize = 6;
pub const M_NSLOTS: u32 = 7;

// Scanner slots.
const S_PATTERN: usize = 0;
const S_STRING: usize = 1;
/// Where the next attempt starts; None once a step found nothing.
const S_START: usize = 2;
const S_END: usize = 3;
const S_MUST_ADVANCE: usize = 4;
const S_POS: usize = 5;
/// The decoded code points of a non-ASCII str subject (bytes), else None.
const S_CACHE: usize = 6;
/// Its byte-offset checkpoints (`subject::checkpoint_index`), else None.
const S_INDEX: usize = 7;
pub const S_NSLOTS: u32 = 8;

/// The positions of a match's boundaries in `M_REGS` order.
pub fn positions(f: &Found) -> Vec<i64> {
    let mut v = Vec::with_capacity(2 + 2 * f.groups.len());
    v.push(f.start as i64);
    v.push(f.end as i64);
    for &(a, b) in &f.groups {
        v.push(a as i64);
        v.push(b as i64);
    }
    v
}

/// A new match object for `f` (CPython's `pattern_new_match`).
pub fn new_match(
    t: &mut Thread,
    pat: Value,
    string: Value,
    pos: usize,
    endpos: usize,
    f: &Found,
    byte_offsets: Option<&[i64]>,
) -> PyResult<Value> {
    if f.groups.iter().any(|&(a, b)| a > b) {
        return Err(wrong_span(t));
    }
    let hp = t.root(pat);
    let hs = t.root(string);
    let mut regs: Vec<Value> = positions(f).into_iter().map(Value::small_int).collect();
    let has_offs = match byte_offsets {
        Some(o) if o.len() == regs.len() => {
            regs.extend(o.iter().map(|&x| Value::small_int(x)));
            Value::TRUE
        }
        _ => Value::NONE,
    };
    let regs = tuple::new_tuple(t, &regs)?;
    let hr = t.root(regs);
    let ty = super::sre_type(t, super::MATCH_TYPE)?;
    native_type::new_instance(
        t,
        ty,
        &[
            t.get(hs),
            t.get(hp),
            Value::small_int(pos as i64),
            Value::small_int(endpos as i64),
            Value::small_int(f.lastindex as i64),
            t.get(hr),
            has_offs,
        ],
    )
}

/// CPython's complaint about a group whose end lies before its start (which its engine can
/// produce for some patterns with backtracking into lookbehinds; ours mirrors it).
pub fn wrong_span(t: &mut Thread) -> ember_vm::errors::Raised {
    t.system_error("The span of capturing group is wrong, please report a bug for the re module.")
}

fn check_match(t: &mut Thread, v: Value, name: &str) -> PyResult<()> {
    let ty = super::sre_type(t, super::MATCH_TYPE)?;
    if native_type::is_instance(t, v, ty) {
        return Ok(());
    }
    let msg = format!(
        "descriptor '{name}' for 're.Match' objects doesn't apply to a '{}' object",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

fn reg(t: &Thread, m: Value, i: usize) -> i64 {
    let regs = t.heap.slot(m, M_REGS);
    if i < tuple::len(t, regs) {
        tuple::get(t, regs, i).as_small_int()
    } else {
        -1
    }
}

fn ngroups1(t: &Thread, m: Value) -> usize {
    let n = tuple::len(t, t.heap.slot(m, M_REGS));
    if t.heap.slot(m, M_BYTEOFFS).is_none() {
        n / 2
    } else {
        n / 4
    }
}

/// `match_getindex`: the group number `idx` names (None: group 0).
fn group_index(t: &mut Thread, m: Value, idx: Option<Value>) -> PyResult<usize> {
    let Some(idx) = idx else { return Ok(0) };
    let hm = t.root(m);
    let i = if int::is_int(t, idx) {
        numeric::as_ssize(t, idx, None)?
    } else {
        let gi = t.heap.slot(t.heap.slot(m, M_PATTERN), P_GROUPINDEX);
        if dict::is_dict(t, gi) && dict::len(t, gi) > 0 {
            match dict::get(t, gi, idx)? {
                Some(v) if int::is_int(t, v) => int::to_i64(t, v).unwrap_or(-1),
                _ => -1,
            }
        } else {
            -1
        }
    };
    if i < 0 || i as usize >= ngroups1(t, t.get(hm)) {
        return Err(t.index_error("no such group"));
    }
    Ok(i as usize)
}

/// `string[a:b]` as `getslice` makes it (exact str or bytes).
fn slice_of(t: &mut Thread, s: Value, a: usize, b: usize) -> PyResult<Value> {
    if pystr::is_str(t, s) {
        return pystr::substring(t, s, a, b);
    }
    let data = match bytes::bytes_like(t, s) {
        Some(d) => {
            if t.type_of(s) == t.ty(BuiltinType::Bytes) && a == 0 && b == d.len() {
                return Ok(s);
            }
            d[a.min(d.len())..b.min(d.len())].to_vec()
        }
        None => {
            let d = bytes::bytes_owned(t, s).unwrap_or_default();
            d[a.min(d.len())..b.min(d.len())].to_vec()
        }
    };
    bytes::new_bytes(t, &data)
}

/// `match_getslice_by_index`: group `g`'s text, or `default` when it did not participate.
fn group_text(t: &mut Thread, m: Value, g: usize, default: Value) -> PyResult<Value> {
    let (a, b) = (reg(t, m, 2 * g), reg(t, m, 2 * g + 1));
    if a < 0 || b < 0 {
        return Ok(default);
    }
    let s = t.heap.slot(m, M_STRING);
    if !t.heap.slot(m, M_BYTEOFFS).is_none() && pystr::is_str(t, s) {
        // Slice the UTF-8 directly at the recorded byte offsets.
        let base = 2 * ngroups1(t, m);
        let bo = reg(t, m, base + 2 * g).max(0) as usize;
        let be = reg(t, m, base + 2 * g + 1).max(0) as usize;
        let bytes = pystr::with_str_bytes(t, s, |_, raw| {
            let be = be.min(raw.len());
            raw[bo.min(be)..be].to_vec()
        });
        let n = (b - a).max(0) as usize;
        return pystr::new_str_from_utf8(t, &bytes, n);
    }
    slice_of(t, s, a as usize, b as usize)
}

fn match_group(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_match(t, a.get(t, 0), "group")?;
    a.no_kwargs(t, "group")?;
    match a.len() {
        1 => group_text(t, a.get(t, 0), 0, Value::NONE),
        2 => {
            let g = group_index(t, a.get(t, 0), Some(a.get(t, 1)))?;
            group_text(t, a.get(t, 0), g, Value::NONE)
        }
        n => {
            let tup = tuple::new_tuple_uninit(t, n - 1)?;
            let ht = t.root(tup);
            for i in 1..n {
                let g = group_index(t, a.get(t, 0), Some(a.get(t, i)))?;
                let v = group_text(t, a.get(t, 0), g, Value::NONE)?;
                t.heap.set_slot(t.get(ht), i - 1, v);
            }
            Ok(t.get(ht))
        }
    }
}

fn match_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getitem__", 2, 2)?;
    check_match(t, a.get(t, 0), "__getitem__")?;
    let g = group_index(t, a.get(t, 0), Some(a.get(t, 1)))?;
    group_text(t, a.get(t, 0), g, Value::NONE)
}

fn default_arg(t: &mut Thread, a: &Args, fname: &str) -> PyResult<Value> {
    let h = numeric::bind(t, a, fname, 1, &["default"], 0, 1)?;
    Ok(match h[0] {
        Some(hd) => t.get(hd),
        None => Value::NONE,
    })
}

fn match_groups(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_match(t, a.get(t, 0), "groups")?;
    let d = default_arg(t, &a, "groups")?;
    let hd = t.root(d);
    let n = ngroups1(t, a.get(t, 0)) - 1;
    let tup = tuple::new_tuple_uninit(t, n)?;
    let ht = t.root(tup);
    for g in 1..=n {
        let v = group_text(t, a.get(t, 0), g, t.get(hd))?;
        t.heap.set_slot(t.get(ht), g - 1, v);
    }
    Ok(t.get(ht))
}

fn match_groupdict(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_match(t, a.get(t, 0), "groupdict")?;
    let d = default_arg(t, &a, "groupdict")?;
    let hd = t.root(d);
    let out = dict::new_dict(t)?;
    let ho = t.root(out);
    let gi = t
        .heap
        .slot(t.heap.slot(a.get(t, 0), M_PATTERN), P_GROUPINDEX);
    let hgi = t.root(gi);
    let mut i = 0;
    loop {
        let gi = t.get(hgi);
        if i >= dict::nentries(t, gi) {
            break;
        }
        let entry = dict::entry_at(t, gi, i);
        i += 1;
        let Some((k, _)) = entry else { continue };
        let m = t.handle_mark();
        let hk = t.root(k);
        let g = group_index(t, a.get(t, 0), Some(k))?;
        let v = group_text(t, a.get(t, 0), g, t.get(hd))?;
        dict::set(t, t.get(ho), t.get(hk), v)?;
        t.handle_release(m);
    }
    Ok(t.get(ho))
}

fn group_arg(t: &mut Thread, a: &Args, fname: &str) -> PyResult<usize> {
    a.no_kwargs(t, fname)?;
    if a.len() > 2 {
        let msg = format!("{fname} expected at most 1 argument, got {}", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    group_index(t, a.get(t, 0), a.opt(t, 1))
}

fn match_start(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_match(t, a.get(t, 0), "start")?;
    let g = group_arg(t, &a, "start")?;
    Ok(Value::small_int(reg(t, a.get(t, 0), 2 * g)))
}

fn match_end(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_match(t, a.get(t, 0), "end")?;
    let g = group_arg(t, &a, "end")?;
    Ok(Value::small_int(reg(t, a.get(t, 0), 2 * g + 1)))
}

fn match_span(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_match(t, a.get(t, 0), "span")?;
    let g = group_arg(t, &a, "span")?;
    let m = a.get(t, 0);
    let (s, e) = (reg(t, m, 2 * g), reg(t, m, 2 * g + 1));
    tuple::new_tuple(t, &[Value::small_int(s), Value::small_int(e)])
}

fn match_expand(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "expand", 2, 2)?;
    check_match(t, a.get(t, 0), "expand")?;
    let re = ember_vm::import::import_dotted(t, "re")?;
    let f = protocol::getattr_str(t, re, "_expand")?;
    let m = a.get(t, 0);
    protocol::call(t, f, &[t.heap.slot(m, M_PATTERN), m, a.get(t, 1)])
}

fn match_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__repr__", 1, 1)?;
    check_match(t, a.get(t, 0), "__repr__")?;
    let g0 = group_text(t, a.get(t, 0), 0, Value::NONE)?;
    let r = pattern::truncated_repr(t, g0, 50)?;
    let m = a.get(t, 0);
    let s = format!(
        "<re.Match object; span=({}, {}), match={r}>",
        reg(t, m, 0),
        reg(t, m, 1)
    );
    pystr::new_str(t, &s)
}

fn match_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__copy__", 1, 1)?;
    check_match(t, a.get(t, 0), "__copy__")?;
    Ok(a.get(t, 0))
}

fn match_deepcopy(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__deepcopy__", 2, 2)?;
    check_match(t, a.get(t, 0), "__deepcopy__")?;
    Ok(a.get(t, 0))
}

fn getter(t: &mut Thread, a: &Args, name: &str) -> PyResult<Value> {
    check_match(t, a.get(t, 0), name)?;
    Ok(a.get(t, 0))
}

fn match_get_string(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = getter(t, &a, "string")?;
    Ok(t.heap.slot(m, M_STRING))
}

fn match_get_re(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = getter(t, &a, "re")?;
    Ok(t.heap.slot(m, M_PATTERN))
}

fn match_get_pos(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = getter(t, &a, "pos")?;
    Ok(t.heap.slot(m, M_POS))
}

fn match_get_endpos(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = getter(t, &a, "endpos")?;
    Ok(t.heap.slot(m, M_ENDPOS))
}

fn match_get_lastindex(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = getter(t, &a, "lastindex")?;
    let li = t.heap.slot(m, M_LASTINDEX);
    Ok(if li.as_small_int() < 0 {
        Value::NONE
    } else {
        li
    })
}

fn match_get_lastgroup(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = getter(t, &a, "lastgroup")?;
    let li = t.heap.slot(m, M_LASTINDEX).as_small_int();
    let ig = t.heap.slot(t.heap.slot(m, M_PATTERN), P_INDEXGROUP);
    if li >= 0 && tuple::is_tuple(t, ig) && (li as usize) < tuple::len(t, ig) {
        let ig = tuple::tuple_value(t, ig);
        return Ok(tuple::get(t, ig, li as usize));
    }
    Ok(Value::NONE)
}

fn match_get_regs(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = getter(t, &a, "regs")?;
    let n = ngroups1(t, m);
    let out = tuple::new_tuple_uninit(t, n)?;
    let ho = t.root(out);
    for g in 0..n {
        let m = a.get(t, 0);
        let (s, e) = (reg(t, m, 2 * g), reg(t, m, 2 * g + 1));
        let pair = tuple::new_tuple(t, &[Value::small_int(s), Value::small_int(e)])?;
        t.heap.set_slot(t.get(ho), g, pair);
    }
    Ok(t.get(ho))
}

pub fn init_match_type(t: &mut Thread, ty: Value) -> PyResult<()> {
    let hty = t.root(ty);
    let methods: [(&'static str, native::NativeFn); 12] = [
        ("group", match_group),
        ("__getitem__", match_getitem),
        ("groups", match_groups),
        ("groupdict", match_groupdict),
        ("start", match_start),
        ("end", match_end),
        ("span", match_span),
        ("expand", match_expand),
        ("__repr__", match_repr),
        ("__copy__", match_copy),
        ("__deepcopy__", match_deepcopy),
        ("__class_getitem__", generic_alias::class_getitem),
    ];
    for (name, f) in methods {
        if name == "__class_getitem__" {
            native::add_classmethod(t, t.get(hty), name, f)?;
        } else {
            native::add_method(t, t.get(hty), name, f)?;
        }
    }
    use ember_vm::objects::descriptors::add_getset;
    let getters: [(&'static str, native::NativeFn); 7] = [
        ("string", match_get_string),
        ("re", match_get_re),
        ("pos", match_get_pos),
        ("endpos", match_get_endpos),
        ("lastindex", match_get_lastindex),
        ("lastgroup", match_get_lastgroup),
        ("regs", match_get_regs),
    ];
    for (name, f) in getters {
        add_getset(t, t.get(hty), name, f, None)?;
    }
    Ok(())
}

// ----- scanner -----

/// `pattern.scanner(string, pos, endpos)`.
pub fn new_scanner(
    t: &mut Thread,
    pat: Value,
    string: Value,
    pos: i64,
    endpos: i64,
) -> PyResult<Value> {
    let hp = t.root(pat);
    let hs = t.root(string);
    let subj = subject::prepare(t, pattern::isbytes(t, pat), string)?;
    let (start, end) = pattern::clip(pos, endpos, subj.len);
    let (cache, index) = match &subj.buf {
        Buf::Wide(w, _) => {
            let c = bytes::new_bytes(t, &subject::wide_bytes(w))?;
            let hc = t.root(c);
            let ix = bytes::new_bytes(t, &subject::checkpoint_index(w))?;
            (t.get(hc), ix)
        }
        _ => (Value::NONE, Value::NONE),
    };
    let hc = t.root(cache);
    let hix = t.root(index);
    let ty = super::sre_type(t, super::SCANNER_TYPE)?;
    native_type::new_instance(
        t,
        ty,
        &[
            t.get(hp),
            t.get(hs),
            Value::small_int(start as i64),
            Value::small_int(end as i64),
            Value::FALSE,
            Value::small_int(start as i64),
            t.get(hc),
            t.get(hix),
        ],
    )
}

fn check_scanner(t: &mut Thread, v: Value, name: &str) -> PyResult<()> {
    let ty = super::sre_type(t, super::SCANNER_TYPE)?;
    if native_type::is_instance(t, v, ty) {
        return Ok(());
    }
    let msg = format!(
        "descriptor '{name}' for '_sre.SRE_Scanner' objects doesn't apply to a '{}' object",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

fn scanner_step(t: &mut Thread, a: Args, name: &str, mode: Mode) -> PyResult<Value> {
    a.check(t, name, 1, 1)?;
    check_scanner(t, a.get(t, 0), name)?;
    let sc = a.get(t, 0);
    let start = t.heap.slot(sc, S_START);
    if start.is_none() {
        return Ok(Value::NONE);
    }
    let start = start.as_small_int() as usize;
    let end = t.heap.slot(sc, S_END).as_small_int() as usize;
    let pos = t.heap.slot(sc, S_POS).as_small_int() as usize;
    let must_advance = t.heap.slot(sc, S_MUST_ADVANCE) == Value::TRUE;
    let string = t.heap.slot(sc, S_STRING);
    let cache = t.heap.slot(sc, S_CACHE);
    let subj = if cache.is_none() {
        subject::prepare(t, -1, string)?
    } else {
        Subject {
            isbytes: false,
            len: bytes::exporter_data(t, cache)
                .map(|b| b.len() / 4)
                .unwrap_or(0),
            buf: Buf::Cache,
        }
    };
    let sc = a.get(t, 0);
    let (pat, string, cache) = (
        t.heap.slot(sc, S_PATTERN),
        t.heap.slot(sc, S_STRING),
        t.heap.slot(sc, S_CACHE),
    );
    let groups = pattern::ngroups(t, pat);
    let end = end.min(subj.len);
    let r = with_text!(t, subj, string, cache, |text| engine::run_once(
        text,
        pattern::code_of(t, pat),
        start,
        end,
        must_advance,
        mode,
        groups
    ));
    let f = match r {
        Err(e) => return Err(pattern::engine_error(t, e)),
        Ok(f) => f,
    };
    let sc = a.get(t, 0);
    match f {
        None => {
            t.heap.set_slot(sc, S_START, Value::NONE);
            Ok(Value::NONE)
        }
        Some(f) => {
            t.heap
                .set_slot(sc, S_MUST_ADVANCE, Value::from_bool(f.end == f.start));
            t.heap.set_slot(sc, S_START, Value::small_int(f.end as i64));
            let (pat, string) = (t.heap.slot(sc, S_PATTERN), t.heap.slot(sc, S_STRING));
            let (cache, index) = (t.heap.slot(sc, S_CACHE), t.heap.slot(sc, S_INDEX));
            let offs = if cache.is_none() {
                None
            } else {
                let raw = bytes::exporter_data(t, cache).unwrap_or(&[]);
                let ix = bytes::exporter_data(t, index);
                Some(subject::byte_offsets(engine::Wide(raw), &positions(&f), ix))
            };
            new_match(t, pat, string, pos, end, &f, offs.as_deref())
        }
    }
}

fn scanner_match(t: &mut Thread, a: Args) -> PyResult<Value> {
    scanner_step(t, a, "match", Mode::Match)
}

fn scanner_search(t: &mut Thread, a: Args) -> PyResult<Value> {
    scanner_step(t, a, "search", Mode::Search)
}

fn scanner_get_pattern(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_scanner(t, a.get(t, 0), "pattern")?;
    Ok(t.heap.slot(a.get(t, 0), S_PATTERN))
}

pub fn init_scanner_type(t: &mut Thread, ty: Value) -> PyResult<()> {
    let hty = t.root(ty);
    native::add_method(t, t.get(hty), "match", scanner_match)?;
    native::add_method(t, t.get(hty), "search", scanner_search)?;
    ember_vm::objects::descriptors::add_getset(
        t,
        t.get(hty),
        "pattern",
        scanner_get_pattern,
        None,
    )?;
    Ok(())
}

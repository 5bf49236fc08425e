//! `os.stat_result`, the struct sequence `stat`, `lstat`, `fstat` and `DirEntry.stat`
//! return.
//!
//! CPython's stat_result is a struct sequence with 10 tuple items of which the last three
//! (the integer times) are *unnamed*, followed by 9 attribute-only fields (`st_atime` as a
//! float, the `*_ns` times, `st_blksize`, `st_blocks`, `st_rdev`). The generic struct
//! sequence machinery (`objects::structseq`) names every item, so this module builds the
//! type with it and then gives the type CPython's own `__new__` (which also fills missing
//! float times from the integer ones), `__repr__`, `__reduce__`, `__match_args__` and
//! `n_unnamed_fields`.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::structseq::{self, StructSeqDesc};
use ember_vm::objects::{dict, float, int, native_type, str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::{Handle, Thread};

use crate::posix::{bind, opt};

/// Items 7..=9 are given the names of the float attributes: the struct sequence machinery
/// then makes the later float members win the attribute names, and the names are the ones
/// CPython's repr prints for those items.
const STAT_RESULT: StructSeqDesc = StructSeqDesc {
    module: "os",
    name: "stat_result",
    doc: "stat_result: Result from stat, fstat, or lstat.\n\n\
This object may be accessed either as a tuple of\n  \
(mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime)\n\
or via the attributes st_mode, st_ino, st_dev, st_nlink, st_uid, and so on.\n\n\
Posix/windows: If your platform supports st_blksize, st_blocks, st_rdev,\n\
or st_flags, they are available as attributes only.\n\n\
See os.stat for more information.",
    fields: &[
        "st_mode",
        "st_ino",
        "st_dev",
        "st_nlink",
        "st_uid",
        "st_gid",
        "st_size",
        "st_atime",
        "st_mtime",
        "st_ctime",
        "st_atime",
        "st_mtime",
        "st_ctime",
        "st_atime_ns",
        "st_mtime_ns",
        "st_ctime_ns",
        "st_blksize",
        "st_blocks",
        "st_rdev",
    ],
    n_in_sequence: 10,
    instantiable: true,
};

const KEY: &str = "os.stat_result";
/// Tuple items, of which the last three are unnamed.
const N_SEQ: usize = 10;
const N_UNNAMED: usize = 3;
/// All fields.
const N_FIELDS: usize = 19;

/// The names of the fields outside the tuple (instance slots 1..=9).
fn hidden_names() -> &'static [&'static str] {
    &STAT_RESULT.fields[N_SEQ..]
}

/// The `os.stat_result` for a C `struct stat`.
pub(crate) fn stat_result(t: &mut Thread, st: &libc::stat) -> PyResult<Value> {
    let Some(ty) = native_type::native_type(t, KEY) else {
        return Err(t.system_error("os.stat_result is not initialised"));
    };
    let hty = t.root(ty);
    let mark = t.handle_mark();
    let mut hs: Vec<Handle> = Vec::with_capacity(N_FIELDS);
    let ints: [i128; 7] = [
        st.st_mode as i128,
        st.st_ino as i128,
        st.st_dev as i128,
        st.st_nlink as i128,
        st.st_uid as i128,
        st.st_gid as i128,
        st.st_size as i128,
    ];
    for i in ints {
        let v = int::from_i128(t, i)?;
        hs.push(t.root(v));
    }
    let times = [
        (st.st_atime, st.st_atime_nsec),
        (st.st_mtime, st.st_mtime_nsec),
        (st.st_ctime, st.st_ctime_nsec),
    ];
    for (s, _) in times {
        let v = int::from_i64(t, s)?;
        hs.push(t.root(v));
    }
    for (s, ns) in times {
        let v = float::new_float(t, s as f64 + ns as f64 * 1e-9)?;
        hs.push(t.root(v));
    }
    for (s, ns) in times {
        let v = int::from_i128(t, s as i128 * 1_000_000_000 + ns as i128)?;
        hs.push(t.root(v));
    }
    for i in [
        st.st_blksize as i128,
        st.st_blocks as i128,
        st.st_rdev as i128,
    ] {
        let v = int::from_i128(t, i)?;
        hs.push(t.root(v));
    }
    let vals: Vec<Value> = hs.iter().map(|h| t.get(*h)).collect();
    let r = structseq::new(t, t.get(hty), &vals)?;
    t.handle_release(mark);
    Ok(r)
}

/// `os.stat_result(sequence, dict=None)` (CPython's `structseq_new` followed by
/// `statresult_new`'s copying of the integer times into missing float times).
fn stat_result_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    let hcls = t.root(cls);
    let rest = Args {
        base: a.base + 1,
        nargs: a.nargs.saturating_sub(1),
        nkw: a.nkw,
    };
    let p = bind(t, &rest, "structseq", &["sequence", "dict"], 1, 2)?;
    let name = type_::tp_name(t, t.get(hcls))?;
    let seq = opt(t, p[0]).unwrap_or(Value::NONE);
    let items = match protocol::to_tuple(t, seq) {
        Ok(v) => v,
        Err(e) => {
            if t.exception_matches(ember_vm::objects::builtin_types::BuiltinType::TypeError) {
                t.take_exception();
                return Err(t.type_error("constructor requires a sequence"));
            }
            return Err(e);
        }
    };
    let hitems = t.root(items);
    // An explicit None is not a dict either (only an omitted dict is).
    if let Some(extra) = opt(t, p[1]) {
        if !dict::is_dict(t, extra) {
            let msg = format!("{name}() takes a dict as second arg, if any");
            return Err(t.type_error(&msg));
        }
    }
    let n = tuple::len(t, t.get(hitems));
    if !(N_SEQ..=N_FIELDS).contains(&n) {
        let msg = if n < N_SEQ {
            format!("{name}() takes an at least {N_SEQ}-sequence ({n}-sequence given)")
        } else {
            format!("{name}() takes an at most {N_FIELDS}-sequence ({n}-sequence given)")
        };
        return Err(t.type_error(&msg));
    }
    let mut hvals: Vec<Handle> = Vec::with_capacity(N_FIELDS);
    for i in 0..N_FIELDS {
        let v = if i < n {
            tuple::get(t, t.get(hitems), i)
        } else if p[1].is_some() {
            let key = pystr::new_str(t, hidden_names()[i - N_SEQ])?;
            let d = opt(t, p[1]).unwrap_or(Value::NONE);
            dict::get(t, d, key)?.unwrap_or(Value::NONE)
        } else {
            Value::NONE
        };
        hvals.push(t.root(v));
    }
    // Missing float times take the integer ones (items 7..=9).
    for i in 0..3 {
        if t.get(hvals[N_SEQ + i]).is_none() {
            let v = t.get(hvals[7 + i]);
            t.set(hvals[N_SEQ + i], v);
        }
    }
    let vals: Vec<Value> = hvals.iter().map(|h| t.get(*h)).collect();
    structseq::new(t, t.get(hcls), &vals)
}

/// The receiver of a stat_result method, checked.
fn self_items(t: &mut Thread, a: &Args, method: &str) -> PyResult<Value> {
    let s = a.get(t, 0);
    let ty = native_type::native_type(t, KEY).unwrap_or(Value::NONE);
    if !tuple::is_tuple(t, s) || !type_::is_subtype(t, t.type_of(s), ty) {
        let msg = format!(
            "descriptor '{method}' for 'os.stat_result' objects doesn't apply to a '{}' object",
            type_::type_name_of(t, s)
        );
        return Err(t.type_error(&msg));
    }
    Ok(s)
}

/// `repr(st)`: the 10 tuple items, named as CPython names them (the unnamed integer times
/// print under the names of the float attributes).
fn stat_result_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::posix::noargs(t, &a, "stat_result.__repr__", 1)?;
    let s = self_items(t, &a, "__repr__")?;
    let name = type_::tp_name(t, t.type_of(s))?;
    let mut out = format!("{name}(");
    for i in 0..N_SEQ {
        let mark = t.handle_mark();
        let tup = tuple::tuple_value(t, a.get(t, 0));
        let v = tuple::get(t, tup, i);
        let r = protocol::repr_string(t, v)?;
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(STAT_RESULT.fields[i]);
        out.push('=');
        out.push_str(&r);
        t.handle_release(mark);
    }
    out.push(')');
    pystr::new_str(t, &out)
}

/// `st.__reduce__()`: `(type, (tuple(items), {attribute fields}))`.
fn stat_result_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    crate::posix::noargs(t, &a, "stat_result.__reduce__", 1)?;
    self_items(t, &a, "__reduce__")?;
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    for (i, name) in hidden_names().iter().enumerate() {
        let v = t.heap.slot(a.get(t, 0), 1 + i);
        let hv = t.root(v);
        let k = pystr::new_str(t, name)?;
        dict::set(t, t.get(hd), k, t.get(hv))?;
    }
    let tup = tuple::tuple_value(t, a.get(t, 0));
    let args = tuple::new_tuple(t, &[tup, t.get(hd)])?;
    let ty = t.type_of(a.get(t, 0));
    tuple::new_tuple(t, &[ty, args])
}

pub(crate) fn init(t: &mut Thread, hd: Handle) -> PyResult<()> {
    let ty = structseq::new_type(t, &STAT_RESULT)?;
    let hty = t.root(ty);
    t.native_types.push((KEY, ty));
    native::add_static(t, t.get(hty), "__new__", stat_result_new)?;
    native::add_method(t, t.get(hty), "__repr__", stat_result_repr)?;
    native::add_method(t, t.get(hty), "__reduce__", stat_result_reduce)?;
    let mut names = Vec::with_capacity(N_SEQ - N_UNNAMED);
    for f in &STAT_RESULT.fields[..N_SEQ - N_UNNAMED] {
        let s = pystr::new_str(t, f)?;
        names.push(t.root(s));
    }
    let vals: Vec<Value> = names.iter().map(|h| t.get(*h)).collect();
    let match_args = tuple::new_tuple(t, &vals)?;
    type_::define(t, t.get(hty), "__match_args__", match_args)?;
    type_::define(
        t,
        t.get(hty),
        "n_unnamed_fields",
        Value::small_int(N_UNNAMED as i64),
    )?;
    dict::set_str(t, t.get(hd), "stat_result", t.get(hty))
}

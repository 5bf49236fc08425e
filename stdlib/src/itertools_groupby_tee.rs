//! itertools' iterators that share state between objects: `groupby` with its `_grouper`
//! sub-iterators, and `tee`, whose `_tee` iterators read one shared buffer — a linked list
//! of `_tee_dataobject` cells of LINKCELLS items each, filled by whichever `_tee` is ahead,
//! exactly CPython's design (a cell is freed once no `_tee` points into it).

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::Args;
use ember_vm::objects::native_type;
use ember_vm::objects::{list, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

use super::{
    c_int, check_arg_type, check_new, check_positional, itype, next_wrapper, noargs, one_arg,
    parse_args, reduce_value, ssize_arg, state_items, TypeDef, NULL,
};

pub(crate) const TYPES: &[TypeDef] = &[
    TypeDef {
        key: "itertools.groupby",
        name: "groupby",
        slots: 6,
        basetype: true,
        new: Some(groupby_new),
        next: Some(groupby_next),
        step: Some(groupby_iter_step),
        methods: &[("__reduce__", groupby_reduce), ("__setstate__", groupby_setstate)],
    },
    TypeDef {
        key: "itertools._grouper",
        name: "_grouper",
        slots: 2,
        basetype: false,
        new: Some(grouper_new),
        next: Some(grouper_next),
        step: Some(grouper_step),
        methods: &[("__reduce__", grouper_reduce)],
    },
    TypeDef {
        key: "itertools._tee_dataobject",
        name: "_tee_dataobject",
        slots: TD_VALUES as u32 + LINKCELLS as u32,
        basetype: false,
        new: Some(teedata_new),
        next: None,
        step: None,
        methods: &[("__reduce__", teedata_reduce)],
    },
    TypeDef {
        key: "itertools._tee",
        name: "_tee",
        slots: 2,
        basetype: false,
        new: Some(tee_new),
        next: Some(tee_next),
        step: Some(tee_step),
        methods: &[("__copy__", tee_copy_method), ("__reduce__", tee_reduce), ("__setstate__", tee_setstate)],
    },
];

// ----- groupby -----

const GB_IT: usize = 0;
const GB_KEYFUNC: usize = 1;
const GB_TGTKEY: usize = 2;
const GB_CURRKEY: usize = 3;
const GB_CURRVALUE: usize = 4;
const GB_CURRGROUPER: usize = 5;

fn groupby_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.groupby")?;
    let p = parse_args(t, &a, "groupby", &["iterable", "key"], 2, 1)?;
    let Some(hi) = p[0] else {
        return Err(t.type_error("groupby() missing required argument 'iterable' (pos 1)"));
    };
    let it = protocol::iter(t, t.get(hi))?;
    let key = p[1].map_or(Value::NONE, |h| t.get(h));
    native_type::new_instance(t, a.get(t, 0), &[it, key, NULL, NULL, NULL, NULL])
}

/// CPython's `groupby_step`: reads the next value and its key into currvalue/currkey.
/// Ok(false) when the iterator is exhausted.
fn groupby_step(t: &mut Thread, gbo: Value) -> PyResult<bool> {
    let h = t.root(gbo);
    let it = t.heap.slot(gbo, GB_IT);
    let Some(v) = protocol::next(t, it)? else {
        return Ok(false);
    };
    let hv = t.root(v);
    let keyfunc = t.heap.slot(t.get(h), GB_KEYFUNC);
    let key = if keyfunc.is_none() {
        v
    } else {
        protocol::call(t, keyfunc, &[v])?
    };
    let gbo = t.get(h);
    t.heap.set_slot(gbo, GB_CURRVALUE, t.get(hv));
    t.heap.set_slot(gbo, GB_CURRKEY, key);
    Ok(true)
}

fn groupby_iter_step(t: &mut Thread, gbo: Value) -> PyResult<Option<Value>> {
    let h = t.root(gbo);
    t.heap.set_slot(gbo, GB_CURRGROUPER, NULL);
    loop {
        let gbo = t.get(h);
        let currkey = t.heap.slot(gbo, GB_CURRKEY);
        let tgtkey = t.heap.slot(gbo, GB_TGTKEY);
        if currkey != NULL
            && (tgtkey == NULL || !protocol::eq(t, tgtkey, currkey)?)
            // The comparison may have consumed the key re-entrantly: then read on.
            && t.heap.slot(t.get(h), GB_CURRKEY) != NULL
        {
            break;
        }
        let mark = t.handle_mark();
        if !groupby_step(t, t.get(h))? {
            return Ok(None);
        }
        t.handle_release(mark);
    }
    let gbo = t.get(h);
    let currkey = t.heap.slot(gbo, GB_CURRKEY);
    t.heap.set_slot(gbo, GB_TGTKEY, currkey);
    let grouper = grouper_create(t, gbo, currkey)?;
    let currkey = t.heap.slot(t.get(h), GB_CURRKEY);
    tuple::new_tuple(t, &[currkey, grouper]).map(Some)
}

fn groupby_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, groupby_iter_step)
}

// ----- _grouper -----

/// A `_grouper` over `parent`'s group with key `tgtkey`, made the parent's current one.
fn grouper_create(t: &mut Thread, parent: Value, tgtkey: Value) -> PyResult<Value> {
    let hp = t.root(parent);
    let cls = itype(t, "itertools._grouper")?;
    let g = native_type::new_instance(t, cls, &[t.get(hp), tgtkey])?;
    t.heap.set_slot(t.get(hp), GB_CURRGROUPER, g);
    Ok(g)
}

fn grouper_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools._grouper")?;
    check_positional(t, &a, "_grouper", 2, 2)?;
    let gb = itype(t, "itertools.groupby")?;
    let parent = a.get(t, 1);
    if t.type_of(parent) != gb {
        let msg = format!(
            "_grouper() argument 1 must be itertools.groupby, not {}",
            type_::type_name_of(t, parent)
        );
        return Err(t.type_error(&msg));
    }
    grouper_create(t, a.get(t, 1), a.get(t, 2))
}

fn grouper_step(t: &mut Thread, igo: Value) -> PyResult<Option<Value>> {
    let h = t.root(igo);
    let gbo = t.heap.slot(igo, 0);
    let hg = t.root(gbo);
    if t.heap.slot(gbo, GB_CURRGROUPER) != igo {
        return Ok(None);
    }
    if t.heap.slot(gbo, GB_CURRVALUE) == NULL && !groupby_step(t, gbo)? {
        return Ok(None);
    }
    let tgtkey = t.heap.slot(t.get(h), 1);
    let currkey = t.heap.slot(t.get(hg), GB_CURRKEY);
    // NULL only after re-entrant use of the groupby (CPython asserts it cannot happen).
    if currkey == NULL || !protocol::eq(t, tgtkey, currkey)? {
        return Ok(None);
    }
    let gbo = t.get(hg);
    let r = t.heap.slot(gbo, GB_CURRVALUE);
    if r == NULL {
        // The comparison consumed the value re-entrantly: CPython returns NULL, ending
        // the group.
        return Ok(None);
    }
    t.heap.set_slot(gbo, GB_CURRVALUE, NULL);
    t.heap.set_slot(gbo, GB_CURRKEY, NULL);
    Ok(Some(r))
}

fn grouper_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, grouper_step)
}

// ----- _tee_dataobject -----

/// Items per buffer cell (CPython's LINKCELLS).
const LINKCELLS: usize = 57;
const TD_IT: usize = 0;
const TD_NUMREAD: usize = 1;
const TD_RUNNING: usize = 2;
const TD_NEXTLINK: usize = 3;
const TD_VALUES: usize = 4;

fn teedata_new_internal(t: &mut Thread, it: Value) -> PyResult<Value> {
    let hit = t.root(it);
    let cls = itype(t, "itertools._tee_dataobject")?;
    native_type::new_instance(
        t,
        cls,
        &[t.get(hit), Value::small_int(0), Value::FALSE, NULL],
    )
}

/// `_tee_dataobject(iterable, values, next)` (the pickle constructor).
fn teedata_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools._tee_dataobject")?;
    a.no_kwargs(t, "teedataobject")?;
    check_positional(t, &a, "teedataobject", 3, 3)?;
    let values = a.get(t, 2);
    if !list::is_list(t, values) {
        let msg = format!(
            "teedataobject() argument 2 must be list, not {}",
            type_::type_name_of(t, values)
        );
        return Err(t.type_error(&msg));
    }
    let n = list::len(t, values);
    if n > LINKCELLS {
        return Err(t.value_error("Invalid arguments"));
    }
    let td_ty = itype(t, "itertools._tee_dataobject")?;
    let next = a.get(t, 3);
    if !next.is_none() && t.type_of(next) != td_ty {
        return Err(t.value_error("Invalid arguments"));
    }
    let td = teedata_new_internal(t, a.get(t, 1))?;
    let values = a.get(t, 2);
    for i in 0..n {
        let v = list::get(t, values, i);
        t.heap.set_slot(td, TD_VALUES + i, v);
    }
    t.heap.set_slot(td, TD_NUMREAD, Value::small_int(n as i64));
    let next = a.get(t, 3);
    if !next.is_none() {
        t.heap.set_slot(td, TD_NEXTLINK, next);
    }
    Ok(td)
}

/// The cell after `td`, created on first use.
fn teedata_jumplink(t: &mut Thread, td: Value) -> PyResult<Value> {
    let link = t.heap.slot(td, TD_NEXTLINK);
    if link != NULL {
        return Ok(link);
    }
    let h = t.root(td);
    let it = t.heap.slot(td, TD_IT);
    let link = teedata_new_internal(t, it)?;
    t.heap.set_slot(t.get(h), TD_NEXTLINK, link);
    Ok(link)
}

/// Item `i` of the cell `td`, reading it from the shared iterator when `i` is the next unread.
fn teedata_getitem(t: &mut Thread, td: Value, i: usize) -> PyResult<Option<Value>> {
    let numread = t.heap.slot(td, TD_NUMREAD).as_small_int() as usize;
    if i < numread {
        return Ok(Some(t.heap.slot(td, TD_VALUES + i)));
    }
    if t.heap.slot(td, TD_RUNNING).is_true() {
        return Err(t.raise_msg(
            BuiltinType::RuntimeError,
            "cannot re-enter the tee iterator",
        ));
    }
    let h = t.root(td);
    t.heap.set_slot(td, TD_RUNNING, Value::TRUE);
    let it = t.heap.slot(td, TD_IT);
    let r = protocol::next(t, it);
    let td = t.get(h);
    t.heap.set_slot(td, TD_RUNNING, Value::FALSE);
    let Some(v) = r? else {
        return Ok(None);
    };
    let numread = t.heap.slot(td, TD_NUMREAD).as_small_int() as usize;
    if numread >= LINKCELLS {
        // Only reachable through re-entrancy that CPython's assert rules out.
        return Err(t.raise_msg(BuiltinType::RuntimeError, "cannot re-enter the tee iterator"));
    }
    t.heap.set_slot(td, TD_VALUES + numread, v);
    t.heap.set_slot(td, TD_NUMREAD, Value::small_int(numread as i64 + 1));
    Ok(Some(v))
}

// ----- _tee -----

/// A `_tee` reading the cell `td` from position `index`.
fn tee_create(t: &mut Thread, td: Value, index: i64) -> PyResult<Value> {
    let h = t.root(td);
    let cls = itype(t, "itertools._tee")?;
    native_type::new_instance(t, cls, &[t.get(h), Value::small_int(index)])
}

/// CPython's `tee_fromiterable`: a `_tee` over `iterable` (a copy if its iterator is a
/// `_tee`).
fn tee_fromiterable(t: &mut Thread, iterable: Value) -> PyResult<Value> {
    let it = protocol::iter(t, iterable)?;
    let tee_ty = itype(t, "itertools._tee")?;
    if type_::is_subtype(t, t.type_of(it), tee_ty) {
        let (td, index) = (t.heap.slot(it, 0), t.heap.slot(it, 1).as_small_int());
        return tee_create(t, td, index);
    }
    let td = teedata_new_internal(t, it)?;
    tee_create(t, td, 0)
}

fn tee_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools._tee")?;
    check_positional(t, &a, "_tee", 1, 1)?;
    tee_fromiterable(t, a.get(t, 1))
}

fn tee_step(t: &mut Thread, to: Value) -> PyResult<Option<Value>> {
    let h = t.root(to);
    let mut index = t.heap.slot(to, 1).as_small_int() as usize;
    if index >= LINKCELLS {
        let td = t.heap.slot(to, 0);
        let link = teedata_jumplink(t, td)?;
        let to = t.get(h);
        t.heap.set_slot(to, 0, link);
        t.heap.set_slot(to, 1, Value::small_int(0));
        index = 0;
    }
    let td = t.heap.slot(t.get(h), 0);
    let Some(v) = teedata_getitem(t, td, index)? else {
        return Ok(None);
    };
    t.heap
        .set_slot(t.get(h), 1, Value::small_int(index as i64 + 1));
    Ok(Some(v))
}

fn tee_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, tee_step)
}

fn tee_copy_method(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "_tee.__copy__")?;
    let to = a.get(t, 0);
    let (td, index) = (t.heap.slot(to, 0), t.heap.slot(to, 1).as_small_int());
    tee_create(t, td, index)
}

/// `itertools.tee(iterable, n=2, /)`.
pub(crate) fn tee(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.nkw > 0 {
        return Err(t.type_error("itertools.tee() takes no keyword arguments"));
    }
    a.check_positional(t, "tee", 1, 2)?;
    let n = match a.opt(t, 1) {
        Some(v) => ssize_arg(t, v)?,
        None => 2,
    };
    if n < 0 {
        return Err(t.value_error("n must be >= 0"));
    }
    let n = n as usize;
    if n == 0 {
        return tuple::new_tuple(t, &[]);
    }
    if n > (1 << 32) {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    }
    let result = tuple::new_tuple_uninit(t, n)?;
    let hr = t.root(result);
    let it = protocol::iter(t, a.get(t, 0))?;
    let hit = t.root(it);
    let copyfunc = match protocol::getattr_str(t, it, "__copy__") {
        Ok(f) => Some(f),
        Err(_) if t.exception_matches(BuiltinType::AttributeError) => {
            t.take_exception();
            None
        }
        Err(e) => return Err(e),
    };
    let (copyable, copyfunc) = match copyfunc {
        Some(f) => (t.get(hit), f),
        None => {
            let c = tee_fromiterable(t, t.get(hit))?;
            let hc = t.root(c);
            let f = protocol::getattr_str(t, c, "__copy__")?;
            (t.get(hc), f)
        }
    };
    t.heap.set_slot(t.get(hr), 0, copyable);
    let hf = t.root(copyfunc);
    for i in 1..n {
        let mark = t.handle_mark();
        let c = protocol::call(t, t.get(hf), &[])?;
        t.heap.set_slot(t.get(hr), i, c);
        t.handle_release(mark);
    }
    Ok(t.get(hr))
}

// ----- pickling support (`__reduce__` / `__setstate__`, CPython 3.11's formats) -----

fn groupby_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "groupby.__reduce__")?;
    let lz = a.get(t, 0);
    let args = tuple::new_tuple(t, &[t.heap.slot(lz, GB_IT), t.heap.slot(lz, GB_KEYFUNC)])?;
    let hargs = t.root(args);
    let lz = a.get(t, 0);
    let (tgt, key, value) = (
        t.heap.slot(lz, GB_TGTKEY),
        t.heap.slot(lz, GB_CURRKEY),
        t.heap.slot(lz, GB_CURRVALUE),
    );
    if tgt != NULL && key != NULL && value != NULL {
        let state = tuple::new_tuple(t, &[key, value, tgt])?;
        return reduce_value(t, a.get(t, 0), t.get(hargs), Some(state));
    }
    reduce_value(t, a.get(t, 0), t.get(hargs), None)
}

fn groupby_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let state = one_arg(t, &a, "groupby.__setstate__")?;
    let items = state_items(t, state, 3, 3)?;
    let lz = a.get(t, 0);
    t.heap.set_slot(lz, GB_CURRKEY, t.get(items[0]));
    t.heap.set_slot(lz, GB_CURRVALUE, t.get(items[1]));
    t.heap.set_slot(lz, GB_TGTKEY, t.get(items[2]));
    Ok(Value::NONE)
}

fn grouper_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "_grouper.__reduce__")?;
    let lz = a.get(t, 0);
    let parent = t.heap.slot(lz, 0);
    if t.heap.slot(parent, GB_CURRGROUPER) != lz {
        // An expired group pickles as an empty iterator: iter(()).
        let empty = tuple::new_tuple(t, &[])?;
        let args = tuple::new_tuple(t, &[empty])?;
        let hargs = t.root(args);
        let builtins = t.globals.builtins;
        let iter = ember_vm::objects::dict::get_rust_str(t, builtins, "iter")?.unwrap_or(Value::NONE);
        return tuple::new_tuple(t, &[iter, t.get(hargs)]);
    }
    let tgtkey = t.heap.slot(lz, 1);
    let args = tuple::new_tuple(t, &[parent, tgtkey])?;
    reduce_value(t, a.get(t, 0), args, None)
}

fn teedata_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "_tee_dataobject.__reduce__")?;
    let n = t.heap.slot(a.get(t, 0), TD_NUMREAD).as_small_int() as usize;
    let values = list::new_list(t, n)?;
    let hv = t.root(values);
    for i in 0..n {
        let v = t.heap.slot(a.get(t, 0), TD_VALUES + i);
        list::append(t, t.get(hv), v)?;
    }
    let td = a.get(t, 0);
    let next = t.heap.slot(td, TD_NEXTLINK);
    let next = if next == NULL { Value::NONE } else { next };
    let args = tuple::new_tuple(t, &[t.heap.slot(td, TD_IT), t.get(hv), next])?;
    reduce_value(t, a.get(t, 0), args, None)
}

fn tee_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "_tee.__reduce__")?;
    let empty = tuple::new_tuple(t, &[])?;
    let args = tuple::new_tuple(t, &[empty])?;
    let hargs = t.root(args);
    let to = a.get(t, 0);
    let state = tuple::new_tuple(t, &[t.heap.slot(to, 0), t.heap.slot(to, 1)])?;
    reduce_value(t, a.get(t, 0), t.get(hargs), Some(state))
}

fn tee_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let state = one_arg(t, &a, "_tee.__setstate__")?;
    let items = state_items(t, state, 2, 2)?;
    let td_ty = itype(t, "itertools._tee_dataobject")?;
    check_arg_type(t, t.get(items[0]), td_ty, 1)?;
    let index = c_int(t, t.get(items[1]))?;
    if index < 0 || index > LINKCELLS as i64 {
        return Err(t.value_error("Index out of range"));
    }
    // An index past the cell's values reads on from the shared iterator: teedata_getitem
    // fills a cell in order, so no tee ever reads an unfilled slot.
    let td = t.get(items[0]);
    let to = a.get(t, 0);
    t.heap.set_slot(to, 0, td);
    t.heap.set_slot(to, 1, Value::small_int(index));
    Ok(Value::NONE)
}

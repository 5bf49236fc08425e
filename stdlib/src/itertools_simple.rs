//! itertools' iterators that carry a few fields each: `count`, `cycle`, `repeat`,
//! `accumulate`, `chain`, `compress`, `dropwhile`, `takewhile`, `filterfalse`, `starmap`,
//! `pairwise`, `islice` and `zip_longest`. Each `*_step` is CPython's `tp_iternext`:
//! Some(item), or None when exhausted.

use ember_gc::Value;
use ember_vm::bytecode::BinaryOp;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::Args;
use ember_vm::objects::native_type;
use ember_vm::objects::{float, int, list, numeric, str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

use super::{
    as_ssize_strict, c_int, check_arg_type, check_new, check_positional, iget, iset, itype,
    new_ivec, next_wrapper, noargs, one_arg, parse_args, reduce_value, short_type_name,
    ssize_arg, state_items, TypeDef, NULL,
};

pub(crate) const TYPES: &[TypeDef] = &[
    TypeDef {
        key: "itertools.count",
        name: "count",
        slots: 3,
        basetype: true,
        new: Some(count_new),
        next: Some(count_next),
        step: Some(count_step),
        methods: &[("__repr__", count_repr), ("__reduce__", count_reduce)],
    },
    TypeDef {
        key: "itertools.cycle",
        name: "cycle",
        slots: 4,
        basetype: true,
        new: Some(cycle_new),
        next: Some(cycle_next),
        step: Some(cycle_step),
        methods: &[("__reduce__", cycle_reduce), ("__setstate__", cycle_setstate)],
    },
    TypeDef {
        key: "itertools.repeat",
        name: "repeat",
        slots: 2,
        basetype: true,
        new: Some(repeat_new),
        next: Some(repeat_next),
        step: Some(repeat_step),
        methods: &[
            ("__repr__", repeat_repr),
            ("__length_hint__", repeat_length_hint),
            ("__reduce__", repeat_reduce),
        ],
    },
    TypeDef {
        key: "itertools.accumulate",
        name: "accumulate",
        slots: 4,
        basetype: true,
        new: Some(accumulate_new),
        next: Some(accumulate_next),
        step: Some(accumulate_step),
        methods: &[("__reduce__", accumulate_reduce), ("__setstate__", accumulate_setstate)],
    },
    TypeDef {
        key: "itertools.chain",
        name: "chain",
        slots: 2,
        basetype: true,
        new: Some(chain_new),
        next: Some(chain_next),
        step: Some(chain_step),
        methods: &[("__reduce__", chain_reduce), ("__setstate__", chain_setstate)],
    },
    TypeDef {
        key: "itertools.compress",
        name: "compress",
        slots: 2,
        basetype: true,
        new: Some(compress_new),
        next: Some(compress_next),
        step: Some(compress_step),
        methods: &[("__reduce__", compress_reduce)],
    },
    TypeDef {
        key: "itertools.dropwhile",
        name: "dropwhile",
        slots: 3,
        basetype: true,
        new: Some(dropwhile_new),
        next: Some(dropwhile_next),
        step: Some(dropwhile_step),
        methods: &[("__reduce__", dropwhile_reduce), ("__setstate__", dropwhile_setstate)],
    },
    TypeDef {
        key: "itertools.takewhile",
        name: "takewhile",
        slots: 3,
        basetype: true,
        new: Some(takewhile_new),
        next: Some(takewhile_next),
        step: Some(takewhile_step),
        methods: &[("__reduce__", takewhile_reduce), ("__setstate__", takewhile_setstate)],
    },
    TypeDef {
        key: "itertools.filterfalse",
        name: "filterfalse",
        slots: 2,
        basetype: true,
        new: Some(filterfalse_new),
        next: Some(filterfalse_next),
        step: Some(filterfalse_step),
        methods: &[("__reduce__", filterfalse_reduce)],
    },
    TypeDef {
        key: "itertools.starmap",
        name: "starmap",
        slots: 2,
        basetype: true,
        new: Some(starmap_new),
        next: Some(starmap_next),
        step: Some(starmap_step),
        methods: &[("__reduce__", starmap_reduce)],
    },
    TypeDef {
        key: "itertools.pairwise",
        name: "pairwise",
        slots: 2,
        basetype: true,
        new: Some(pairwise_new),
        next: Some(pairwise_next),
        step: Some(pairwise_step),
        methods: &[],
    },
    TypeDef {
        key: "itertools.islice",
        name: "islice",
        slots: 2,
        basetype: true,
        new: Some(islice_new),
        next: Some(islice_next),
        step: Some(islice_step),
        methods: &[("__reduce__", islice_reduce), ("__setstate__", islice_setstate)],
    },
    TypeDef {
        key: "itertools.zip_longest",
        name: "zip_longest",
        slots: 3,
        basetype: true,
        new: Some(zip_longest_new),
        next: Some(zip_longest_next),
        step: Some(zip_longest_step),
        methods: &[("__reduce__", zip_longest_reduce), ("__setstate__", zip_longest_setstate)],
    },
];

/// `protocol::next` on the iterator in slot `i` of `obj`; None (Rust) when the slot is
/// NULL (a re-entrant call may have dropped the iterator while Python code ran).
fn next_of(t: &mut Thread, obj: Value, i: usize) -> PyResult<Option<Value>> {
    let it = t.heap.slot(obj, i);
    if it == NULL {
        return Ok(None);
    }
    protocol::next(t, it)
}

/// A constructor `T(func, iterable)` without keywords (dropwhile, takewhile, filterfalse,
/// starmap): the instance holds `[func, iter(iterable)]` then `extra`.
fn func_iter_new(t: &mut Thread, a: &Args, key: &str, name: &str, extra: &[Value]) -> PyResult<Value> {
    check_new(t, a, key)?;
    check_positional(t, a, name, 2, 2)?;
    let it = protocol::iter(t, a.get(t, 2))?;
    let mut slots = vec![a.get(t, 1), it];
    slots.extend_from_slice(extra);
    native_type::new_instance(t, a.get(t, 0), &slots)
}

// ----- count -----

/// CPython's `PyNumber_Check`.
fn number_check(t: &mut Thread, v: Value) -> PyResult<bool> {
    if int::is_int(t, v)
        || float::is_float(t, v)
        || type_::is_instance_of(t, v, BuiltinType::Complex)
    {
        return Ok(true);
    }
    let ty = t.type_of(v);
    let h = t.root(ty);
    for name in ["__index__", "__int__", "__float__"] {
        if type_::lookup_str(t, t.get(h), name)?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Slots: the next value, the step, whether CPython would be in "fast mode" (an int start
/// that fits a ssize_t and an int step equal to 1; it lasts while the count is below
/// sys.maxsize). In fast mode the start is stored as an exact int and the step as 1, which
/// makes the generic path's results and repr identical to fast mode's; only `__reduce__`
/// tells the modes apart.
fn count_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.count")?;
    let p = parse_args(t, &a, "count", &["start", "step"], 2, 0)?;
    for h in p.iter().flatten() {
        let v = t.get(*h);
        if !number_check(t, v)? {
            return Err(t.type_error("a number is required"));
        }
    }
    let start = p[0].map(|h| t.get(h));
    let step = p[1].map(|h| t.get(h));
    let int_or_absent = |t: &Thread, v: Option<Value>| v.is_none_or(|v| int::is_int(t, v));
    let mut fast = int_or_absent(t, start) && int_or_absent(t, step);
    if fast {
        if let Some(s) = start {
            fast = int::to_i64(t, int::int_value(t, s)).is_some();
        }
        if let Some(s) = step {
            fast = fast && int::to_i64(t, int::int_value(t, s)) == Some(1);
        }
    }
    let (cnt, stepv) = if fast {
        let c = match start {
            Some(s) => {
                let i = int::to_i64(t, int::int_value(t, s)).unwrap_or(0);
                int::from_i64(t, i)?
            }
            None => Value::small_int(0),
        };
        (c, Value::small_int(1))
    } else {
        let c = p[0].map_or(Value::small_int(0), |h| t.get(h));
        let s = p[1].map_or(Value::small_int(1), |h| t.get(h));
        (c, s)
    };
    native_type::new_instance(t, a.get(t, 0), &[cnt, stepv, Value::from_bool(fast)])
}

fn count_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let (cnt, step) = (t.heap.slot(it, 0), t.heap.slot(it, 1));
    if let (Some(c), Some(s)) = (cnt.try_small_int(), step.try_small_int()) {
        if let Some(n) = c.checked_add(s).and_then(Value::from_i64) {
            t.heap.set_slot(it, 0, n);
            return Ok(Some(cnt));
        }
    }
    let h = t.root(it);
    let hc = t.root(cnt);
    let n = protocol::binary_op(t, cnt, step, BinaryOp::Add)?;
    t.heap.set_slot(t.get(h), 0, n);
    Ok(Some(t.get(hc)))
}

fn count_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, count_step)
}

/// Whether count's step is an int equal to 1 (then repr and reduce leave it out).
fn step_is_one(t: &Thread, step: Value) -> bool {
    int::is_int(t, step) && int::to_i64(t, int::int_value(t, step)) == Some(1)
}

fn count_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__repr__", 0)?;
    let it = a.get(t, 0);
    let name = short_type_name(t, it);
    let step = t.heap.slot(it, 1);
    let cnt = protocol::repr_string(t, t.heap.slot(a.get(t, 0), 0))?;
    let s = if step_is_one(t, step) {
        format!("{name}({cnt})")
    } else {
        let step = protocol::repr_string(t, t.heap.slot(a.get(t, 0), 1))?;
        format!("{name}({cnt}, {step})")
    };
    pystr::new_str(t, &s)
}

fn count_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "count.__reduce__")?;
    let it = a.get(t, 0);
    let (cnt, step) = (t.heap.slot(it, 0), t.heap.slot(it, 1));
    let fast = t.heap.slot(it, 2).is_true() && int::to_i64(t, cnt).is_some_and(|c| c < i64::MAX);
    let args = if fast {
        tuple::new_tuple(t, &[cnt])?
    } else {
        tuple::new_tuple(t, &[cnt, step])?
    };
    let ty = t.type_of(a.get(t, 0));
    tuple::new_tuple(t, &[ty, args])
}

// ----- cycle -----

/// Slots: the iterator (NULL once exhausted), the saved items (list), the replay index,
/// whether the saved items are already complete (`firstpass`, set by `__setstate__`).
fn cycle_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.cycle")?;
    check_positional(t, &a, "cycle", 1, 1)?;
    let it = protocol::iter(t, a.get(t, 1))?;
    let hit = t.root(it);
    let saved = list::new_list(t, 0)?;
    native_type::new_instance(
        t,
        a.get(t, 0),
        &[t.get(hit), saved, Value::small_int(0), Value::FALSE],
    )
}

fn cycle_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let it = if t.heap.slot(it, 0) != NULL {
        let h = t.root(it);
        if let Some(v) = next_of(t, it, 0)? {
            if t.heap.slot(t.get(h), 3).is_true() {
                return Ok(Some(v));
            }
            let hv = t.root(v);
            let saved = t.heap.slot(t.get(h), 1);
            list::append(t, saved, v)?;
            return Ok(Some(t.get(hv)));
        }
        t.heap.set_slot(t.get(h), 0, NULL);
        t.get(h)
    } else {
        // Replaying the saved items allocates nothing.
        it
    };
    let saved = t.heap.slot(it, 1);
    let n = list::len(t, saved);
    if n == 0 {
        return Ok(None);
    }
    let mut i = t.heap.slot(it, 2).as_small_int() as usize;
    if i >= n {
        i = 0;
    }
    let v = list::get(t, saved, i);
    let next = if i + 1 >= n { 0 } else { i + 1 };
    t.heap.set_slot(it, 2, Value::small_int(next as i64));
    Ok(Some(v))
}

fn cycle_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, cycle_step)
}

// ----- repeat -----

/// Slots: the object, the remaining count (an int; -1 means forever).
fn repeat_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.repeat")?;
    let p = parse_args(t, &a, "repeat", &["object", "times"], 2, 1)?;
    let mut cnt = -1;
    if let Some(h) = p[1] {
        cnt = ssize_arg(t, t.get(h))?;
        // A negative count given explicitly means 0 (-1 is "forever" only by default).
        if cnt < 0 {
            cnt = 0;
        }
    }
    let c = int::from_i64(t, cnt)?;
    let obj = p[0].map_or(Value::NONE, |h| t.get(h));
    native_type::new_instance(t, a.get(t, 0), &[obj, c])
}

fn repeat_count(t: &Thread, it: Value) -> i64 {
    int::to_i64(t, t.heap.slot(it, 1)).unwrap_or(0)
}

fn repeat_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    if let Some(c) = t.heap.slot(it, 1).try_small_int() {
        if c == 0 {
            return Ok(None);
        }
        if c > 0 {
            t.heap.set_slot(it, 1, Value::small_int(c - 1));
        }
        return Ok(Some(t.heap.slot(it, 0)));
    }
    let cnt = repeat_count(t, it);
    if cnt == 0 {
        return Ok(None);
    }
    let h = t.root(it);
    if cnt > 0 {
        let c = int::from_i64(t, cnt - 1)?;
        t.heap.set_slot(t.get(h), 1, c);
    }
    Ok(Some(t.heap.slot(t.get(h), 0)))
}

fn repeat_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, repeat_step)
}

fn repeat_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    numeric::wrapper_args(t, &a, "__repr__", 0)?;
    let it = a.get(t, 0);
    let name = short_type_name(t, it);
    let cnt = repeat_count(t, it);
    let obj = protocol::repr_string(t, t.heap.slot(it, 0))?;
    let s = if cnt == -1 {
        format!("{name}({obj})")
    } else {
        format!("{name}({obj}, {cnt})")
    };
    pystr::new_str(t, &s)
}

fn repeat_length_hint(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "repeat.__length_hint__")?;
    let cnt = repeat_count(t, a.get(t, 0));
    if cnt == -1 {
        return Err(t.type_error("len() of unsized object"));
    }
    int::from_i64(t, cnt)
}

fn repeat_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "repeat.__reduce__")?;
    let it = a.get(t, 0);
    let cnt = repeat_count(t, it);
    let (obj, c) = (t.heap.slot(it, 0), t.heap.slot(it, 1));
    let args = if cnt == -1 {
        tuple::new_tuple(t, &[obj])?
    } else {
        tuple::new_tuple(t, &[obj, c])?
    };
    let ty = t.type_of(a.get(t, 0));
    tuple::new_tuple(t, &[ty, args])
}

// ----- accumulate -----

/// Slots: the iterator, the function (None: addition), the running total (NULL before the
/// first item), the initial value (None once used).
fn accumulate_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.accumulate")?;
    let p = parse_args(t, &a, "accumulate", &["iterable", "func", "initial"], 2, 1)?;
    let Some(hi) = p[0] else {
        return Err(t.type_error("accumulate() missing required argument 'iterable' (pos 1)"));
    };
    let it = protocol::iter(t, t.get(hi))?;
    let func = p[1].map_or(Value::NONE, |h| t.get(h));
    let initial = p[2].map_or(Value::NONE, |h| t.get(h));
    native_type::new_instance(t, a.get(t, 0), &[it, func, NULL, initial])
}

fn accumulate_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let initial = t.heap.slot(it, 3);
    if !initial.is_none() {
        t.heap.set_slot(it, 2, initial);
        t.heap.set_slot(it, 3, Value::NONE);
        return Ok(Some(initial));
    }
    let h = t.root(it);
    let Some(v) = next_of(t, it, 0)? else {
        return Ok(None);
    };
    let it = t.get(h);
    let total = t.heap.slot(it, 2);
    if total == NULL {
        t.heap.set_slot(it, 2, v);
        return Ok(Some(v));
    }
    let func = t.heap.slot(it, 1);
    let new = if func.is_none() {
        protocol::binary_op(t, total, v, BinaryOp::Add)?
    } else {
        protocol::call(t, func, &[total, v])?
    };
    t.heap.set_slot(t.get(h), 2, new);
    Ok(Some(new))
}

fn accumulate_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, accumulate_step)
}

// ----- chain -----

/// Slots: the iterator over the iterables (NULL when done), the active iterator (NULL
/// between iterables).
fn chain_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.chain")?;
    a.no_kwargs(t, "chain")?;
    let n = a.len() - 1;
    let args = tuple::new_tuple_uninit(t, n)?;
    for i in 0..n {
        let v = a.get(t, 1 + i);
        t.heap.set_slot(args, i, v);
    }
    let source = protocol::iter(t, args)?;
    native_type::new_instance(t, a.get(t, 0), &[source, NULL])
}

/// `chain.from_iterable(iterable)`, a classmethod.
pub(crate) fn chain_from_iterable(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "chain.from_iterable")?;
    if a.len() != 2 {
        let msg = format!(
            "chain.from_iterable() takes exactly one argument ({} given)",
            a.len().saturating_sub(1)
        );
        return Err(t.type_error(&msg));
    }
    let source = protocol::iter(t, a.get(t, 1))?;
    native_type::new_instance(t, a.get(t, 0), &[source, NULL])
}

fn chain_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let h = t.root(it);
    loop {
        let it = t.get(h);
        if t.heap.slot(it, 0) == NULL {
            return Ok(None);
        }
        if t.heap.slot(it, 1) == NULL {
            let iterable = match next_of(t, it, 0) {
                Ok(Some(v)) => v,
                Ok(None) => {
                    t.heap.set_slot(t.get(h), 0, NULL);
                    return Ok(None);
                }
                Err(e) => {
                    t.heap.set_slot(t.get(h), 0, NULL);
                    return Err(e);
                }
            };
            match protocol::iter(t, iterable) {
                Ok(active) => t.heap.set_slot(t.get(h), 1, active),
                Err(e) => {
                    t.heap.set_slot(t.get(h), 0, NULL);
                    return Err(e);
                }
            }
        }
        if let Some(v) = next_of(t, t.get(h), 1)? {
            return Ok(Some(v));
        }
        t.heap.set_slot(t.get(h), 1, NULL);
    }
}

fn chain_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, chain_step)
}

// ----- compress -----

fn compress_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.compress")?;
    let p = parse_args(t, &a, "compress", &["data", "selectors"], 2, 2)?;
    let (Some(hd), Some(hs)) = (p[0], p[1]) else {
        return Err(t.type_error("compress() missing required argument"));
    };
    let data = protocol::iter(t, t.get(hd))?;
    let hdata = t.root(data);
    let sel = protocol::iter(t, t.get(hs))?;
    native_type::new_instance(t, a.get(t, 0), &[t.get(hdata), sel])
}

fn compress_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let h = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(datum) = next_of(t, t.get(h), 0)? else {
            return Ok(None);
        };
        let hd = t.root(datum);
        let Some(sel) = next_of(t, t.get(h), 1)? else {
            return Ok(None);
        };
        if protocol::truthy(t, sel)? {
            return Ok(Some(t.get(hd)));
        }
        t.handle_release(mark);
    }
}

fn compress_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, compress_step)
}

// ----- dropwhile, takewhile, filterfalse, starmap -----

/// Slots: predicate, iterator, whether dropping is over.
fn dropwhile_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    func_iter_new(t, &a, "itertools.dropwhile", "dropwhile", &[Value::FALSE])
}

fn dropwhile_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let h = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(v) = next_of(t, t.get(h), 1)? else {
            return Ok(None);
        };
        if t.heap.slot(t.get(h), 2).is_true() {
            return Ok(Some(v));
        }
        let hv = t.root(v);
        let f = t.heap.slot(t.get(h), 0);
        let good = protocol::call(t, f, &[v])?;
        if !protocol::truthy(t, good)? {
            t.heap.set_slot(t.get(h), 2, Value::TRUE);
            return Ok(Some(t.get(hv)));
        }
        t.handle_release(mark);
    }
}

fn dropwhile_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, dropwhile_step)
}

/// Slots: predicate, iterator, whether taking has stopped.
fn takewhile_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    func_iter_new(t, &a, "itertools.takewhile", "takewhile", &[Value::FALSE])
}

fn takewhile_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    if t.heap.slot(it, 2).is_true() {
        return Ok(None);
    }
    let h = t.root(it);
    let Some(v) = next_of(t, it, 1)? else {
        return Ok(None);
    };
    let hv = t.root(v);
    let f = t.heap.slot(t.get(h), 0);
    let good = protocol::call(t, f, &[v])?;
    if protocol::truthy(t, good)? {
        return Ok(Some(t.get(hv)));
    }
    t.heap.set_slot(t.get(h), 2, Value::TRUE);
    Ok(None)
}

fn takewhile_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, takewhile_step)
}

/// Slots: predicate (None or bool: the item's truth), iterator.
fn filterfalse_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    func_iter_new(t, &a, "itertools.filterfalse", "filterfalse", &[])
}

fn filterfalse_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let h = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(v) = next_of(t, t.get(h), 1)? else {
            return Ok(None);
        };
        let hv = t.root(v);
        let f = t.heap.slot(t.get(h), 0);
        let ok = if f.is_none() || f == t.ty(BuiltinType::Bool) {
            protocol::truthy(t, v)?
        } else {
            let good = protocol::call(t, f, &[v])?;
            protocol::truthy(t, good)?
        };
        if !ok {
            return Ok(Some(t.get(hv)));
        }
        t.handle_release(mark);
    }
}

fn filterfalse_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, filterfalse_step)
}

/// Slots: function, iterator of argument sequences.
fn starmap_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    func_iter_new(t, &a, "itertools.starmap", "starmap", &[])
}

fn starmap_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let h = t.root(it);
    let Some(args) = next_of(t, it, 1)? else {
        return Ok(None);
    };
    let args = protocol::to_tuple(t, args)?;
    let items = tuple::items(t, args);
    let f = t.heap.slot(t.get(h), 0);
    protocol::call(t, f, &items).map(Some)
}

fn starmap_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, starmap_step)
}

// ----- pairwise -----

/// Slots: the iterator (NULL when exhausted), the previous item (NULL before the first).
fn pairwise_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.pairwise")?;
    check_positional(t, &a, "pairwise", 1, 1)?;
    let it = protocol::iter(t, a.get(t, 1))?;
    native_type::new_instance(t, a.get(t, 0), &[it, NULL])
}

fn pairwise_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let inner = t.heap.slot(it, 0);
    if inner == NULL {
        return Ok(None);
    }
    let h = t.root(it);
    let hit = t.root(inner);
    if t.heap.slot(it, 1) == NULL {
        match protocol::next(t, inner) {
            Ok(Some(v)) => t.heap.set_slot(t.get(h), 1, v),
            r => {
                t.heap.set_slot(t.get(h), 0, NULL);
                return r;
            }
        }
        if t.heap.slot(t.get(h), 0) == NULL {
            t.heap.set_slot(t.get(h), 1, NULL);
            return Ok(None);
        }
    }
    // As CPython, the pair holds the previous item as read before this step's call, even
    // if a re-entrant call advanced the iterator meanwhile.
    let hold = t.root(t.heap.slot(t.get(h), 1));
    let new = match protocol::next(t, t.get(hit)) {
        Ok(Some(v)) => v,
        r => {
            t.heap.set_slot(t.get(h), 0, NULL);
            t.heap.set_slot(t.get(h), 1, NULL);
            return r;
        }
    };
    let hn = t.root(new);
    let pair = tuple::new_tuple(t, &[t.get(hold), new])?;
    t.heap.set_slot(t.get(h), 1, t.get(hn));
    Ok(Some(pair))
}

fn pairwise_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, pairwise_step)
}

// ----- islice -----

const IS_NEXT: usize = 0;
const IS_STOP: usize = 1;
const IS_STEP: usize = 2;
const IS_CNT: usize = 3;

/// `PyNumber_AsSsize_t(v, PyExc_OverflowError)` with the error cleared: None (Rust) when
/// `v` is not an integer or does not fit a ssize_t.
fn islice_index(t: &mut Thread, v: Value) -> PyResult<Option<i64>> {
    match numeric::index(t, v) {
        Ok(i) => Ok(int::to_i64(t, i)),
        Err(_) => {
            t.take_exception();
            Ok(None)
        }
    }
}

/// Slots: the iterator (NULL when done), an ivec [next, stop (-1: none), step, cnt].
fn islice_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.islice")?;
    a.no_kwargs(t, "islice")?;
    check_positional(t, &a, "islice", 2, 4)?;
    const STOP_MSG: &str =
        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let nargs = a.len() - 1;
    let (mut start, mut step) = (0i64, 1i64);
    let stop;
    let stop_arg = |t: &mut Thread, v: Value| -> PyResult<i64> {
        if v.is_none() {
            return Ok(-1);
        }
        match islice_index(t, v)? {
            Some(s) if s != -1 => Ok(s),
            _ => Err(t.value_error(STOP_MSG)),
        }
    };
    if nargs == 2 {
        stop = stop_arg(t, a.get(t, 2))?;
    } else {
        let a1 = a.get(t, 2);
        if !a1.is_none() {
            start = islice_index(t, a1)?.unwrap_or(-1);
        }
        stop = stop_arg(t, a.get(t, 3))?;
    }
    if start < 0 || stop < -1 {
        return Err(t.value_error(
            "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
        ));
    }
    if nargs == 4 {
        let a3 = a.get(t, 4);
        if !a3.is_none() {
            step = islice_index(t, a3)?.unwrap_or(-1);
        }
    }
    if step < 1 {
        return Err(t.value_error("Step for islice() must be a positive integer or None."));
    }
    let it = protocol::iter(t, a.get(t, 1))?;
    let hit = t.root(it);
    let st = new_ivec(t, 4)?;
    iset(t, st, IS_NEXT, start);
    iset(t, st, IS_STOP, stop);
    iset(t, st, IS_STEP, step);
    iset(t, st, IS_CNT, 0);
    native_type::new_instance(t, a.get(t, 0), &[t.get(hit), st])
}

fn islice_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    if t.heap.slot(it, 0) == NULL {
        return Ok(None);
    }
    let h = t.root(it);
    let empty = |t: &mut Thread, r: PyResult<Option<Value>>| {
        t.heap.set_slot(t.get(h), 0, NULL);
        r.map(|_| None)
    };
    loop {
        let st = t.heap.slot(t.get(h), 1);
        if iget(t, st, IS_CNT) >= iget(t, st, IS_NEXT) {
            break;
        }
        let mark = t.handle_mark();
        match next_of(t, t.get(h), 0) {
            Ok(Some(_)) => {}
            r => return empty(t, r),
        }
        t.handle_release(mark);
        let st = t.heap.slot(t.get(h), 1);
        let c = iget(t, st, IS_CNT);
        iset(t, st, IS_CNT, c + 1);
    }
    let st = t.heap.slot(t.get(h), 1);
    let stop = iget(t, st, IS_STOP);
    if stop != -1 && iget(t, st, IS_CNT) >= stop {
        return empty(t, Ok(None));
    }
    let item = match next_of(t, t.get(h), 0) {
        Ok(Some(v)) => v,
        r => return empty(t, r),
    };
    let st = t.heap.slot(t.get(h), 1);
    let c = iget(t, st, IS_CNT);
    iset(t, st, IS_CNT, c + 1);
    let old = iget(t, st, IS_NEXT);
    let mut next = old.wrapping_add(iget(t, st, IS_STEP));
    if next < old || (stop != -1 && next > stop) {
        next = stop;
    }
    iset(t, st, IS_NEXT, next);
    Ok(Some(item))
}

fn islice_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, islice_step)
}

// ----- zip_longest -----

/// Slots: an `Array` of the iterators (NULL once exhausted), the number still active, the
/// fill value.
fn zip_longest_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.zip_longest")?;
    let mut fill = Value::NONE;
    if a.nkw > 0 {
        let (k, v) = a.kw(t, 0);
        if a.nkw != 1 || !pystr::str_eq_rust(t, k, "fillvalue") {
            return Err(t.type_error("zip_longest() got an unexpected keyword argument"));
        }
        fill = v;
    }
    let hf = t.root(fill);
    let n = a.len() - 1;
    let its = t.alloc_slots(BuiltinType::Array.layout(), n, NULL)?;
    let hits = t.root(its);
    for i in 0..n {
        let it = protocol::iter(t, a.get(t, 1 + i))?;
        t.heap.set_slot(t.get(hits), i, it);
    }
    native_type::new_instance(
        t,
        a.get(t, 0),
        &[t.get(hits), Value::small_int(n as i64), t.get(hf)],
    )
}

fn zip_longest_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    let n = t.heap.count(t.heap.slot(it, 0));
    if n == 0 || t.heap.slot(it, 1).as_small_int() == 0 {
        return Ok(None);
    }
    let h = t.root(it);
    let result = tuple::new_tuple_uninit(t, n)?;
    let hr = t.root(result);
    for i in 0..n {
        let its = t.heap.slot(t.get(h), 0);
        let inner = t.heap.slot(its, i);
        let item = if inner == NULL {
            t.heap.slot(t.get(h), 2)
        } else {
            let r = protocol::next(t, inner);
            match r {
                Ok(Some(v)) => v,
                Ok(None) | Err(_) => {
                    let it = t.get(h);
                    let active = t.heap.slot(it, 1).as_small_int() - 1;
                    if active <= 0 || r.is_err() {
                        t.heap.set_slot(it, 1, Value::small_int(0));
                        return r;
                    }
                    t.heap.set_slot(it, 1, Value::small_int(active));
                    let its = t.heap.slot(it, 0);
                    t.heap.set_slot(its, i, NULL);
                    t.heap.slot(it, 2)
                }
            }
        };
        t.heap.set_slot(t.get(hr), i, item);
    }
    Ok(Some(t.get(hr)))
}

fn zip_longest_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, zip_longest_step)
}

// ----- pickling support (`__reduce__` / `__setstate__`, CPython 3.11's formats) -----

fn cycle_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "cycle.__reduce__")?;
    let lz = a.get(t, 0);
    if t.heap.slot(lz, 0) == NULL {
        // A new cycle over the saved items, positioned at the replay index (CPython calls
        // list_iterator.__setstate__(index); advancing the iterator is the same).
        let it = protocol::iter(t, t.heap.slot(lz, 1))?;
        let hit = t.root(it);
        let index = t.heap.slot(a.get(t, 0), 2).as_small_int();
        for _ in 0..index {
            protocol::next(t, t.get(hit))?;
        }
        let args = tuple::new_tuple(t, &[t.get(hit)])?;
        let hargs = t.root(args);
        let saved = t.heap.slot(a.get(t, 0), 1);
        let state = tuple::new_tuple(t, &[saved, Value::TRUE])?;
        return reduce_value(t, a.get(t, 0), t.get(hargs), Some(state));
    }
    let args = tuple::new_tuple(t, &[t.heap.slot(lz, 0)])?;
    let hargs = t.root(args);
    let lz = a.get(t, 0);
    let (saved, firstpass) = (t.heap.slot(lz, 1), t.heap.slot(lz, 3));
    let state = tuple::new_tuple(t, &[saved, firstpass])?;
    reduce_value(t, a.get(t, 0), t.get(hargs), Some(state))
}

fn cycle_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let state = one_arg(t, &a, "cycle.__setstate__")?;
    let items = state_items(t, state, 2, 2)?;
    let list_ty = t.ty(BuiltinType::List);
    check_arg_type(t, t.get(items[0]), list_ty, 1)?;
    let firstpass = c_int(t, t.get(items[1]))?;
    let lz = a.get(t, 0);
    t.heap.set_slot(lz, 1, t.get(items[0]));
    t.heap.set_slot(lz, 2, Value::small_int(0));
    t.heap.set_slot(lz, 3, Value::from_bool(firstpass != 0));
    Ok(Value::NONE)
}

fn accumulate_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "accumulate.__reduce__")?;
    let lz = a.get(t, 0);
    let initial = t.heap.slot(lz, 3);
    let total = t.heap.slot(lz, 2);
    if !initial.is_none() || total.is_none() {
        // chain((initial or total,), it) replays the value before the rest.
        let first = tuple::new_tuple(t, &[if initial.is_none() { total } else { initial }])?;
        let chain_ty = itype(t, "itertools.chain")?;
        let it = t.heap.slot(a.get(t, 0), 0);
        let ch = protocol::call(t, chain_ty, &[first, it])?;
        let hch = t.root(ch);
        let binop = t.heap.slot(a.get(t, 0), 1);
        if !t.heap.slot(a.get(t, 0), 3).is_none() {
            let args = tuple::new_tuple(t, &[t.get(hch), binop])?;
            return reduce_value(t, a.get(t, 0), args, Some(Value::NONE));
        }
        // accumulate(chain((None,), it), func) sliced past its first result.
        let ty = t.type_of(a.get(t, 0));
        let acc = protocol::call(t, ty, &[t.get(hch), binop])?;
        let args = tuple::new_tuple(t, &[acc, Value::small_int(1), Value::NONE])?;
        let hargs = t.root(args);
        let islice_ty = itype(t, "itertools.islice")?;
        return tuple::new_tuple(t, &[islice_ty, t.get(hargs)]);
    }
    let args = tuple::new_tuple(t, &[t.heap.slot(lz, 0), t.heap.slot(lz, 1)])?;
    let total = t.heap.slot(a.get(t, 0), 2);
    let state = if total == NULL { Value::NONE } else { total };
    reduce_value(t, a.get(t, 0), args, Some(state))
}

fn accumulate_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let state = one_arg(t, &a, "accumulate.__setstate__")?;
    t.heap.set_slot(a.get(t, 0), 2, state);
    Ok(Value::NONE)
}

fn chain_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "chain.__reduce__")?;
    let empty = tuple::new_tuple(t, &[])?;
    let lz = a.get(t, 0);
    let (source, active) = (t.heap.slot(lz, 0), t.heap.slot(lz, 1));
    if source == NULL {
        return reduce_value(t, a.get(t, 0), empty, None);
    }
    let he = t.root(empty);
    let state = if active == NULL {
        tuple::new_tuple(t, &[source])?
    } else {
        tuple::new_tuple(t, &[source, active])?
    };
    reduce_value(t, a.get(t, 0), t.get(he), Some(state))
}

/// CPython's `PyIter_Check`.
fn is_iterator(t: &mut Thread, v: Value) -> PyResult<bool> {
    let ty = t.type_of(v);
    Ok(type_::lookup_str(t, ty, "__next__")?.is_some())
}

fn chain_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let state = one_arg(t, &a, "chain.__setstate__")?;
    let items = state_items(t, state, 1, 2)?;
    for h in &items {
        if !is_iterator(t, t.get(*h))? {
            return Err(t.type_error("Arguments must be iterators."));
        }
    }
    let lz = a.get(t, 0);
    t.heap.set_slot(lz, 0, t.get(items[0]));
    let active = items.get(1).map_or(NULL, |h| t.get(*h));
    t.heap.set_slot(lz, 1, active);
    Ok(Value::NONE)
}

/// `(type(lz), (slot i, slot j))`.
fn reduce_two(t: &mut Thread, a: &Args, i: usize, j: usize, state: Option<Value>) -> PyResult<Value> {
    let lz = a.get(t, 0);
    let args = tuple::new_tuple(t, &[t.heap.slot(lz, i), t.heap.slot(lz, j)])?;
    reduce_value(t, a.get(t, 0), args, state)
}

fn compress_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "compress.__reduce__")?;
    reduce_two(t, &a, 0, 1, None)
}

fn filterfalse_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "filterfalse.__reduce__")?;
    reduce_two(t, &a, 0, 1, None)
}

fn starmap_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "starmap.__reduce__")?;
    reduce_two(t, &a, 0, 1, None)
}

fn dropwhile_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "dropwhile.__reduce__")?;
    let flag = t.heap.slot(a.get(t, 0), 2).is_true() as i64;
    reduce_two(t, &a, 0, 1, Some(Value::small_int(flag)))
}

fn takewhile_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "takewhile.__reduce__")?;
    let flag = t.heap.slot(a.get(t, 0), 2).is_true() as i64;
    reduce_two(t, &a, 0, 1, Some(Value::small_int(flag)))
}

fn flag_setstate(t: &mut Thread, a: &Args, qualname: &str) -> PyResult<Value> {
    let state = one_arg(t, a, qualname)?;
    let flag = protocol::truthy(t, state)?;
    t.heap.set_slot(a.get(t, 0), 2, Value::from_bool(flag));
    Ok(Value::NONE)
}

fn dropwhile_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    flag_setstate(t, &a, "dropwhile.__setstate__")
}

fn takewhile_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    flag_setstate(t, &a, "takewhile.__setstate__")
}

fn islice_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "islice.__reduce__")?;
    let lz = a.get(t, 0);
    if t.heap.slot(lz, 0) == NULL {
        let l = list::new_list(t, 0)?;
        let it = protocol::iter(t, l)?;
        let args = tuple::new_tuple(t, &[it, Value::small_int(0)])?;
        return reduce_value(t, a.get(t, 0), args, Some(Value::small_int(0)));
    }
    let st = t.heap.slot(lz, 1);
    let (next, stop, step, cnt) = (
        iget(t, st, IS_NEXT),
        iget(t, st, IS_STOP),
        iget(t, st, IS_STEP),
        iget(t, st, IS_CNT),
    );
    let next = int::from_i64(t, next)?;
    let hnext = t.root(next);
    let stop = if stop == -1 {
        Value::NONE
    } else {
        int::from_i64(t, stop)?
    };
    let hstop = t.root(stop);
    let cnt = int::from_i64(t, cnt)?;
    let hcnt = t.root(cnt);
    let step = int::from_i64(t, step)?;
    let it = t.heap.slot(a.get(t, 0), 0);
    let args = tuple::new_tuple(t, &[it, t.get(hnext), t.get(hstop), step])?;
    reduce_value(t, a.get(t, 0), args, Some(t.get(hcnt)))
}

fn islice_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let state = one_arg(t, &a, "islice.__setstate__")?;
    let cnt = as_ssize_strict(t, state)?;
    let st = t.heap.slot(a.get(t, 0), 1);
    iset(t, st, IS_CNT, cnt);
    Ok(Value::NONE)
}

fn zip_longest_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "zip_longest.__reduce__")?;
    let n = t.heap.count(t.heap.slot(a.get(t, 0), 0));
    let empty = tuple::new_tuple(t, &[])?;
    let he = t.root(empty);
    let args = tuple::new_tuple_uninit(t, n)?;
    let its = t.heap.slot(a.get(t, 0), 0);
    let empty = t.get(he);
    for i in 0..n {
        let v = t.heap.slot(its, i);
        t.heap.set_slot(args, i, if v == NULL { empty } else { v });
    }
    let fill = t.heap.slot(a.get(t, 0), 2);
    reduce_value(t, a.get(t, 0), args, Some(fill))
}

fn zip_longest_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let state = one_arg(t, &a, "zip_longest.__setstate__")?;
    t.heap.set_slot(a.get(t, 0), 2, state);
    Ok(Value::NONE)
}

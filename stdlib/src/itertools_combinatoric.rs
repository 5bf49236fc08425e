//! itertools' combinatoric iterators: `product`, `permutations`, `combinations` and
//! `combinations_with_replacement`, CPython's algorithms step for step. Each keeps its pools
//! as tuples, its index vectors in ivecs, and the previous result tuple; a step allocates only
//! the new result tuple (a copy of the previous one with the changed positions replaced).

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::Args;
use ember_vm::objects::native_type;
use ember_vm::objects::{int, str as pystr, tuple};
use ember_vm::protocol;
use ember_vm::thread::{Handle, Thread};

use super::{
    as_ssize_strict, check_new, iget, iset, new_ivec, next_wrapper, noargs, one_arg, parse_args,
    reduce_value, ssize_arg, TypeDef, NULL,
};

pub(crate) const TYPES: &[TypeDef] = &[
    TypeDef {
        key: "itertools.product",
        name: "product",
        slots: 4,
        basetype: true,
        new: Some(product_new),
        next: Some(product_next),
        step: Some(product_step),
        methods: &[("__reduce__", product_reduce), ("__setstate__", product_setstate)],
    },
    TypeDef {
        key: "itertools.combinations",
        name: "combinations",
        slots: 5,
        basetype: true,
        new: Some(combinations_new),
        next: Some(combinations_next),
        step: Some(combinations_step),
        methods: &[("__reduce__", combinations_reduce), ("__setstate__", combinations_setstate)],
    },
    TypeDef {
        key: "itertools.combinations_with_replacement",
        name: "combinations_with_replacement",
        slots: 5,
        basetype: true,
        new: Some(cwr_new),
        next: Some(cwr_next),
        step: Some(cwr_step),
        methods: &[("__reduce__", cwr_reduce), ("__setstate__", cwr_setstate)],
    },
    TypeDef {
        key: "itertools.permutations",
        name: "permutations",
        slots: 6,
        basetype: true,
        new: Some(permutations_new),
        next: Some(permutations_next),
        step: Some(permutations_step),
        methods: &[("__reduce__", permutations_reduce), ("__setstate__", permutations_setstate)],
    },
];

/// The most result positions we agree to index (beyond it CPython's allocation would fail).
const MAX_POSITIONS: usize = 1 << 28;

/// A new tuple that copies the result tuple in slot `result_slot` of the rooted iterator
/// `h` (to be updated in place before it is returned).
fn copy_result(t: &mut Thread, h: Handle, result_slot: usize) -> PyResult<Value> {
    let n = tuple::len(t, t.heap.slot(t.get(h), result_slot));
    let out = tuple::new_tuple_uninit(t, n)?;
    let prev = t.heap.slot(t.get(h), result_slot);
    for i in 0..n {
        let v = tuple::get(t, prev, i);
        t.heap.set_slot(out, i, v);
    }
    Ok(out)
}

/// A new tuple `pool[indices[0]], ..., pool[indices[r-1]]`.
fn gather(t: &mut Thread, h: Handle, pool_slot: usize, ind_slot: usize, r: usize) -> PyResult<Value> {
    let out = tuple::new_tuple_uninit(t, r)?;
    let it = t.get(h);
    let (pool, ind) = (t.heap.slot(it, pool_slot), t.heap.slot(it, ind_slot));
    for i in 0..r {
        let v = tuple::get(t, pool, iget(t, ind, i) as usize);
        t.heap.set_slot(out, i, v);
    }
    Ok(out)
}

// ----- product -----

const PR_POOLS: usize = 0;
const PR_INDICES: usize = 1;
const PR_RESULT: usize = 2;
const PR_STOPPED: usize = 3;

fn product_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.product")?;
    let mut repeat = 1i64;
    if a.nkw > 0 {
        // PyArg_ParseTupleAndKeywords((), kwds, "|n:product", ["repeat"]).
        if a.nkw > 1 {
            let msg = format!(
                "product() takes at most 1 keyword argument ({} given)",
                a.nkw
            );
            return Err(t.type_error(&msg));
        }
        let (k, v) = a.kw(t, 0);
        if !pystr::str_eq_rust(t, k, "repeat") {
            let msg = format!(
                "'{}' is an invalid keyword argument for product()",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
        repeat = ssize_arg(t, v)?;
        if repeat < 0 {
            return Err(t.value_error("repeat argument cannot be negative"));
        }
    }
    let nargs = if repeat == 0 { 0 } else { a.len() - 1 };
    if repeat > 0 && nargs as i64 > i64::MAX / 8 / repeat {
        return Err(t.overflow_error("repeat argument too large"));
    }
    let npools = nargs * repeat as usize;
    if npools > MAX_POSITIONS {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    }
    let indices = new_ivec(t, npools)?;
    let hind = t.root(indices);
    let pools = tuple::new_tuple_uninit(t, npools)?;
    let hp = t.root(pools);
    for i in 0..nargs {
        let pool = protocol::to_tuple(t, a.get(t, 1 + i))?;
        t.heap.set_slot(t.get(hp), i, pool);
    }
    for i in nargs..npools {
        let pools = t.get(hp);
        let pool = t.heap.slot(pools, i - nargs);
        t.heap.set_slot(pools, i, pool);
    }
    native_type::new_instance(
        t,
        a.get(t, 0),
        &[t.get(hp), t.get(hind), NULL, Value::FALSE],
    )
}

fn product_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    if t.heap.slot(it, PR_STOPPED).is_true() {
        return Ok(None);
    }
    let h = t.root(it);
    let npools = tuple::len(t, t.heap.slot(it, PR_POOLS));
    if t.heap.slot(it, PR_RESULT) == NULL {
        let pools = t.heap.slot(it, PR_POOLS);
        if (0..npools).any(|i| tuple::len(t, tuple::get(t, pools, i)) == 0) {
            t.heap.set_slot(it, PR_STOPPED, Value::TRUE);
            return Ok(None);
        }
        let out = tuple::new_tuple_uninit(t, npools)?;
        let it = t.get(h);
        let pools = t.heap.slot(it, PR_POOLS);
        for i in 0..npools {
            let v = tuple::get(t, tuple::get(t, pools, i), 0);
            t.heap.set_slot(out, i, v);
        }
        t.heap.set_slot(it, PR_RESULT, out);
        return Ok(Some(out));
    }
    let out = copy_result(t, h, PR_RESULT)?;
    let it = t.get(h);
    let (pools, ind) = (t.heap.slot(it, PR_POOLS), t.heap.slot(it, PR_INDICES));
    let mut done = true;
    for i in (0..npools).rev() {
        let pool = tuple::get(t, pools, i);
        let k = iget(t, ind, i) + 1;
        if k as usize == tuple::len(t, pool) {
            iset(t, ind, i, 0);
            let v = tuple::get(t, pool, 0);
            t.heap.set_slot(out, i, v);
        } else {
            iset(t, ind, i, k);
            let v = tuple::get(t, pool, k as usize);
            t.heap.set_slot(out, i, v);
            done = false;
            break;
        }
    }
    if done {
        t.heap.set_slot(it, PR_STOPPED, Value::TRUE);
        return Ok(None);
    }
    t.heap.set_slot(it, PR_RESULT, out);
    Ok(Some(out))
}

fn product_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, product_step)
}

// ----- combinations and combinations_with_replacement -----

const CO_POOL: usize = 0;
const CO_INDICES: usize = 1;
const CO_RESULT: usize = 2;
const CO_R: usize = 3;
const CO_STOPPED: usize = 4;

/// `(iterable, r)` with `r` converted first, as Argument Clinic does: (pool, r).
fn pool_and_r(t: &mut Thread, a: &Args, fname: &str) -> PyResult<(Handle, usize)> {
    let p = parse_args(t, a, fname, &["iterable", "r"], 2, 2)?;
    let (Some(hi), Some(hr)) = (p[0], p[1]) else {
        return Err(t.type_error("missing required argument"));
    };
    let r = ssize_arg(t, t.get(hr))?;
    let pool = protocol::to_tuple(t, t.get(hi))?;
    let hp = t.root(pool);
    if r < 0 {
        return Err(t.value_error("r must be non-negative"));
    }
    Ok((hp, r as usize))
}

fn combinations_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.combinations")?;
    let (hp, r) = pool_and_r(t, &a, "combinations")?;
    let n = tuple::len(t, t.get(hp));
    let stopped = r > n;
    let ind = new_ivec(t, if stopped { 0 } else { r })?;
    if !stopped {
        for i in 0..r {
            iset(t, ind, i, i as i64);
        }
    }
    let rv = int::from_i64(t, r as i64)?;
    native_type::new_instance(
        t,
        a.get(t, 0),
        &[t.get(hp), ind, NULL, rv, Value::from_bool(stopped)],
    )
}

fn combinations_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    if t.heap.slot(it, CO_STOPPED).is_true() {
        return Ok(None);
    }
    let h = t.root(it);
    let r = t.heap.slot(it, CO_R).as_small_int() as usize;
    if t.heap.slot(it, CO_RESULT) == NULL {
        let out = gather(t, h, CO_POOL, CO_INDICES, r)?;
        t.heap.set_slot(t.get(h), CO_RESULT, out);
        return Ok(Some(out));
    }
    let out = copy_result(t, h, CO_RESULT)?;
    let it = t.get(h);
    let (pool, ind) = (t.heap.slot(it, CO_POOL), t.heap.slot(it, CO_INDICES));
    let n = tuple::len(t, pool) as i64;
    let r_i = r as i64;
    // The rightmost index not at its maximum (i + n - r).
    let mut i = r_i - 1;
    while i >= 0 && iget(t, ind, i as usize) == i + n - r_i {
        i -= 1;
    }
    if i < 0 {
        t.heap.set_slot(it, CO_STOPPED, Value::TRUE);
        return Ok(None);
    }
    let i = i as usize;
    let k = iget(t, ind, i) + 1;
    iset(t, ind, i, k);
    for j in i + 1..r {
        let prev = iget(t, ind, j - 1);
        iset(t, ind, j, prev + 1);
    }
    for j in i..r {
        let v = tuple::get(t, pool, iget(t, ind, j) as usize);
        t.heap.set_slot(out, j, v);
    }
    t.heap.set_slot(it, CO_RESULT, out);
    Ok(Some(out))
}

fn combinations_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, combinations_step)
}

fn cwr_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.combinations_with_replacement")?;
    let (hp, r) = pool_and_r(t, &a, "combinations_with_replacement")?;
    let n = tuple::len(t, t.get(hp));
    let stopped = n == 0 && r > 0;
    if !stopped && r > MAX_POSITIONS {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    }
    let ind = new_ivec(t, if stopped { 0 } else { r })?;
    let rv = int::from_i64(t, r as i64)?;
    native_type::new_instance(
        t,
        a.get(t, 0),
        &[t.get(hp), ind, NULL, rv, Value::from_bool(stopped)],
    )
}

fn cwr_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    if t.heap.slot(it, CO_STOPPED).is_true() {
        return Ok(None);
    }
    let h = t.root(it);
    let r = t.heap.slot(it, CO_R).as_small_int() as usize;
    if t.heap.slot(it, CO_RESULT) == NULL {
        let out = gather(t, h, CO_POOL, CO_INDICES, r)?;
        t.heap.set_slot(t.get(h), CO_RESULT, out);
        return Ok(Some(out));
    }
    let out = copy_result(t, h, CO_RESULT)?;
    let it = t.get(h);
    let (pool, ind) = (t.heap.slot(it, CO_POOL), t.heap.slot(it, CO_INDICES));
    let n = tuple::len(t, pool) as i64;
    // The rightmost index not at its maximum (n - 1).
    let mut i = r as i64 - 1;
    while i >= 0 && iget(t, ind, i as usize) == n - 1 {
        i -= 1;
    }
    if i < 0 {
        t.heap.set_slot(it, CO_STOPPED, Value::TRUE);
        return Ok(None);
    }
    let i = i as usize;
    let k = iget(t, ind, i) + 1;
    let v = tuple::get(t, pool, k as usize);
    for j in i..r {
        iset(t, ind, j, k);
        t.heap.set_slot(out, j, v);
    }
    t.heap.set_slot(it, CO_RESULT, out);
    Ok(Some(out))
}

fn cwr_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, cwr_step)
}

// ----- permutations -----

const PE_POOL: usize = 0;
const PE_INDICES: usize = 1;
const PE_CYCLES: usize = 2;
const PE_RESULT: usize = 3;
const PE_R: usize = 4;
const PE_STOPPED: usize = 5;

fn permutations_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_new(t, &a, "itertools.permutations")?;
    let p = parse_args(t, &a, "permutations", &["iterable", "r"], 2, 1)?;
    let Some(hi) = p[0] else {
        return Err(t.type_error("permutations() missing required argument 'iterable' (pos 1)"));
    };
    let pool = protocol::to_tuple(t, t.get(hi))?;
    let hp = t.root(pool);
    let n = tuple::len(t, pool);
    let mut r = n as i64;
    if let Some(hr) = p[1] {
        let robj = t.get(hr);
        if !robj.is_none() {
            if !int::is_int(t, robj) {
                return Err(t.type_error("Expected int as r"));
            }
            r = match int::to_i64(t, robj) {
                Some(r) => r,
                None => {
                    return Err(t.overflow_error("Python int too large to convert to C ssize_t"))
                }
            };
        }
    }
    if r < 0 {
        return Err(t.value_error("r must be non-negative"));
    }
    let r = r as usize;
    let stopped = r > n;
    let ind = new_ivec(t, n)?;
    let hind = t.root(ind);
    for i in 0..n {
        iset(t, ind, i, i as i64);
    }
    let cyc = new_ivec(t, if stopped { 0 } else { r })?;
    if !stopped {
        for i in 0..r {
            iset(t, cyc, i, (n - i) as i64);
        }
    }
    let hc = t.root(cyc);
    let rv = int::from_i64(t, r as i64)?;
    native_type::new_instance(
        t,
        a.get(t, 0),
        &[
            t.get(hp),
            t.get(hind),
            t.get(hc),
            NULL,
            rv,
            Value::from_bool(stopped),
        ],
    )
}

fn permutations_step(t: &mut Thread, it: Value) -> PyResult<Option<Value>> {
    if t.heap.slot(it, PE_STOPPED).is_true() {
        return Ok(None);
    }
    let h = t.root(it);
    let r = t.heap.slot(it, PE_R).as_small_int() as usize;
    if t.heap.slot(it, PE_RESULT) == NULL {
        let out = gather(t, h, PE_POOL, PE_INDICES, r)?;
        t.heap.set_slot(t.get(h), PE_RESULT, out);
        return Ok(Some(out));
    }
    let n = tuple::len(t, t.heap.slot(it, PE_POOL));
    if n == 0 {
        t.heap.set_slot(it, PE_STOPPED, Value::TRUE);
        return Ok(None);
    }
    let out = copy_result(t, h, PE_RESULT)?;
    let it = t.get(h);
    let pool = t.heap.slot(it, PE_POOL);
    let (ind, cyc) = (t.heap.slot(it, PE_INDICES), t.heap.slot(it, PE_CYCLES));
    // Decrement the rightmost cycle, moving leftward upon zero rollover.
    let mut found = false;
    for i in (0..r).rev() {
        let c = iget(t, cyc, i) - 1;
        iset(t, cyc, i, c);
        if c == 0 {
            // indices[i:] = indices[i+1:] + indices[i:i+1]
            let index = iget(t, ind, i);
            for j in i..n - 1 {
                let next = iget(t, ind, j + 1);
                iset(t, ind, j, next);
            }
            iset(t, ind, n - 1, index);
            iset(t, cyc, i, (n - i) as i64);
        } else {
            let j = c as usize;
            let index = iget(t, ind, i);
            let other = iget(t, ind, n - j);
            iset(t, ind, i, other);
            iset(t, ind, n - j, index);
            for k in i..r {
                let v = tuple::get(t, pool, iget(t, ind, k) as usize);
                t.heap.set_slot(out, k, v);
            }
            found = true;
            break;
        }
    }
    if !found {
        t.heap.set_slot(it, PE_STOPPED, Value::TRUE);
        return Ok(None);
    }
    t.heap.set_slot(it, PE_RESULT, out);
    Ok(Some(out))
}

fn permutations_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    next_wrapper(t, &a, permutations_step)
}

// ----- pickling support (`__reduce__` / `__setstate__`, CPython 3.11's formats) -----

/// A tuple of the ints `ivec[0..n]`.
fn ivec_tuple(t: &mut Thread, h: Handle, slot: usize, n: usize) -> PyResult<Value> {
    let out = tuple::new_tuple_uninit(t, n)?;
    let ho = t.root(out);
    for i in 0..n {
        let ind = t.heap.slot(t.get(h), slot);
        let v = int::from_i64(t, iget(t, ind, i))?;
        t.heap.set_slot(t.get(ho), i, v);
    }
    Ok(t.get(ho))
}

/// The ssize_t items of a state tuple that must have `n` of them ("invalid arguments").
fn state_indices(t: &mut Thread, state: Value, n: usize) -> PyResult<Vec<i64>> {
    if !tuple::is_tuple(t, state) || tuple::len(t, state) != n {
        return Err(t.value_error("invalid arguments"));
    }
    let h = t.root(state);
    (0..n)
        .map(|i| {
            let v = tuple::get(t, t.get(h), i);
            as_ssize_strict(t, v)
        })
        .collect()
}

fn product_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "product.__reduce__")?;
    let h = t.root(a.get(t, 0));
    let lz = t.get(h);
    if t.heap.slot(lz, PR_STOPPED).is_true() {
        let empty = tuple::new_tuple(t, &[])?;
        let args = tuple::new_tuple(t, &[empty])?;
        return reduce_value(t, t.get(h), args, None);
    }
    let pools = t.heap.slot(lz, PR_POOLS);
    if t.heap.slot(lz, PR_RESULT) == NULL {
        return reduce_value(t, lz, pools, None);
    }
    let n = tuple::len(t, pools);
    let indices = ivec_tuple(t, h, PR_INDICES, n)?;
    let pools = t.heap.slot(t.get(h), PR_POOLS);
    reduce_value(t, t.get(h), pools, Some(indices))
}

fn product_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let state = one_arg(t, &a, "product.__setstate__")?;
    let n = tuple::len(t, t.heap.slot(a.get(t, 0), PR_POOLS));
    let indices = state_indices(t, state, n)?;
    let lz = a.get(t, 0);
    let (pools, ind) = (t.heap.slot(lz, PR_POOLS), t.heap.slot(lz, PR_INDICES));
    for (i, &index) in indices.iter().enumerate() {
        let size = tuple::len(t, tuple::get(t, pools, i)) as i64;
        if size == 0 {
            t.heap.set_slot(lz, PR_STOPPED, Value::TRUE);
            return Ok(Value::NONE);
        }
        iset(t, ind, i, index.clamp(0, size - 1));
    }
    let h = t.root(lz);
    let result = tuple::new_tuple_uninit(t, n)?;
    let lz = t.get(h);
    let (pools, ind) = (t.heap.slot(lz, PR_POOLS), t.heap.slot(lz, PR_INDICES));
    for i in 0..n {
        let v = tuple::get(t, tuple::get(t, pools, i), iget(t, ind, i) as usize);
        t.heap.set_slot(result, i, v);
    }
    t.heap.set_slot(lz, PR_RESULT, result);
    Ok(Value::NONE)
}

/// combinations' and combinations_with_replacement's `__reduce__`.
fn co_reduce(t: &mut Thread, a: &Args, qualname: &str) -> PyResult<Value> {
    noargs(t, a, qualname)?;
    let h = t.root(a.get(t, 0));
    let lz = t.get(h);
    let rv = t.heap.slot(lz, CO_R);
    if t.heap.slot(lz, CO_RESULT) == NULL {
        let args = tuple::new_tuple(t, &[t.heap.slot(lz, CO_POOL), rv])?;
        return reduce_value(t, t.get(h), args, None);
    }
    if t.heap.slot(lz, CO_STOPPED).is_true() {
        let empty = tuple::new_tuple(t, &[])?;
        let rv = t.heap.slot(t.get(h), CO_R);
        let args = tuple::new_tuple(t, &[empty, rv])?;
        return reduce_value(t, t.get(h), args, None);
    }
    let r = rv.as_small_int() as usize;
    let indices = ivec_tuple(t, h, CO_INDICES, r)?;
    let hi = t.root(indices);
    let lz = t.get(h);
    let args = tuple::new_tuple(t, &[t.heap.slot(lz, CO_POOL), t.heap.slot(lz, CO_R)])?;
    reduce_value(t, t.get(h), args, Some(t.get(hi)))
}

/// combinations' and combinations_with_replacement's `__setstate__`: clamps each index to
/// `lo(i)..=hi(i)`, then rebuilds the result tuple.
fn co_setstate(
    t: &mut Thread,
    a: &Args,
    qualname: &str,
    bound: fn(i: i64, n: i64, r: i64) -> i64,
) -> PyResult<Value> {
    let state = one_arg(t, a, qualname)?;
    let lz = a.get(t, 0);
    let rv = t.heap.slot(lz, CO_R);
    let r = int::to_i64(t, rv).unwrap_or(i64::MAX);
    let n = tuple::len(t, t.heap.slot(lz, CO_POOL)) as i64;
    let indices = state_indices(t, state, r as usize)?;
    let lz = a.get(t, 0);
    let ind = t.heap.slot(lz, CO_INDICES);
    if t.heap.count(ind) < r as usize * 8 || n == 0 {
        // A stopped iterator without index storage (r > n), or an empty pool: CPython
        // would index past its arrays here; the iterator stays exhausted.
        return Ok(Value::NONE);
    }
    for (i, &index) in indices.iter().enumerate() {
        let max = bound(i as i64, n, r);
        iset(t, ind, i, index.min(max).max(0));
    }
    let h = t.root(lz);
    let out = gather(t, h, CO_POOL, CO_INDICES, r as usize)?;
    t.heap.set_slot(t.get(h), CO_RESULT, out);
    Ok(Value::NONE)
}

fn combinations_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    co_reduce(t, &a, "combinations.__reduce__")
}

fn combinations_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    co_setstate(t, &a, "combinations.__setstate__", |i, n, r| i + n - r)
}

fn cwr_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    co_reduce(t, &a, "combinations_with_replacement.__reduce__")
}

fn cwr_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    co_setstate(t, &a, "combinations_with_replacement.__setstate__", |_, n, _| n - 1)
}

fn permutations_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    noargs(t, &a, "permutations.__reduce__")?;
    let h = t.root(a.get(t, 0));
    let lz = t.get(h);
    if t.heap.slot(lz, PE_RESULT) == NULL {
        let args = tuple::new_tuple(t, &[t.heap.slot(lz, PE_POOL), t.heap.slot(lz, PE_R)])?;
        return reduce_value(t, t.get(h), args, None);
    }
    if t.heap.slot(lz, PE_STOPPED).is_true() {
        let empty = tuple::new_tuple(t, &[])?;
        let rv = t.heap.slot(t.get(h), PE_R);
        let args = tuple::new_tuple(t, &[empty, rv])?;
        return reduce_value(t, t.get(h), args, None);
    }
    let n = tuple::len(t, t.heap.slot(lz, PE_POOL));
    let r = t.heap.slot(lz, PE_R).as_small_int() as usize;
    let indices = ivec_tuple(t, h, PE_INDICES, n)?;
    let hi = t.root(indices);
    let cycles = ivec_tuple(t, h, PE_CYCLES, r)?;
    let state = tuple::new_tuple(t, &[t.get(hi), cycles])?;
    let hs = t.root(state);
    let lz = t.get(h);
    let args = tuple::new_tuple(t, &[t.heap.slot(lz, PE_POOL), t.heap.slot(lz, PE_R)])?;
    reduce_value(t, t.get(h), args, Some(t.get(hs)))
}

fn permutations_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    let state = one_arg(t, &a, "permutations.__setstate__")?;
    let items = super::state_items(t, state, 2, 2)?;
    let tuple_ty = t.ty(BuiltinType::Tuple);
    super::check_arg_type(t, t.get(items[0]), tuple_ty, 1)?;
    super::check_arg_type(t, t.get(items[1]), tuple_ty, 2)?;
    let lz = a.get(t, 0);
    let n = tuple::len(t, t.heap.slot(lz, PE_POOL));
    let r = int::to_i64(t, t.heap.slot(lz, PE_R)).unwrap_or(i64::MAX);
    if tuple::len(t, t.get(items[0])) != n || tuple::len(t, t.get(items[1])) as i64 != r {
        return Err(t.value_error("invalid arguments"));
    }
    let indices = state_indices(t, t.get(items[0]), n)?;
    let cycles = state_indices(t, t.get(items[1]), r as usize)?;
    let lz = a.get(t, 0);
    let (ind, cyc) = (t.heap.slot(lz, PE_INDICES), t.heap.slot(lz, PE_CYCLES));
    if t.heap.count(cyc) < r as usize * 8 || n == 0 {
        // r > n (stopped, no cycle storage) or an empty pool: CPython would index past its
        // arrays; the iterator stays as it is.
        return Ok(Value::NONE);
    }
    for (i, &index) in indices.iter().enumerate() {
        iset(t, ind, i, index.clamp(0, n as i64 - 1));
    }
    for (i, &c) in cycles.iter().enumerate() {
        iset(t, cyc, i, c.min(n as i64 - i as i64).max(1));
    }
    let h = t.root(lz);
    let out = gather(t, h, PE_POOL, PE_INDICES, r as usize)?;
    t.heap.set_slot(t.get(h), PE_RESULT, out);
    Ok(Value::NONE)
}

//! Builtins that consume iterables: `all`, `any`, `sum`, `min`, `max`, `sorted`.
//!
//! Loops keep the iterator and the running result in handles and release per-iteration
//! handles, so they run in constant handle space over any number of items.

use ember_gc::Value;

use crate::bytecode::{BinaryOp, CompareOp};
use crate::errors::PyResult;
use crate::objects::native::Args;
use crate::objects::{float, int, list, str as pystr, tuple};
use crate::protocol;
use crate::thread::Thread;

pub(super) fn builtin_all(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "all", 1, 1)?;
    let it = protocol::iter(t, a.get(t, 0))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(v) = protocol::next(t, t.get(hit))? else {
            return Ok(Value::TRUE);
        };
        if !protocol::truthy(t, v)? {
            return Ok(Value::FALSE);
        }
        t.handle_release(mark);
    }
}

pub(super) fn builtin_any(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "any", 1, 1)?;
    let it = protocol::iter(t, a.get(t, 0))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(v) = protocol::next(t, t.get(hit))? else {
            return Ok(Value::FALSE);
        };
        if protocol::truthy(t, v)? {
            return Ok(Value::TRUE);
        }
        t.handle_release(mark);
    }
}

pub(super) fn builtin_sum(t: &mut Thread, a: Args) -> PyResult<Value> {
    for i in 0..a.nkw {
        let (k, _) = a.kw(t, i);
        if !pystr::str_eq_rust(t, k, "start") {
            let k = pystr::to_rust_string(t, k);
            let msg = format!("sum() got an unexpected keyword argument '{k}'");
            return Err(t.type_error(&msg));
        }
    }
    if a.is_empty() {
        return Err(t.type_error("sum() takes at least 1 positional argument (0 given)"));
    }
    if a.len() > 2 {
        let msg = format!("sum() takes at most 2 arguments ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    let start = a
        .opt(t, 1)
        .or_else(|| a.kwarg(t, "start"))
        .unwrap_or(Value::small_int(0));
    if pystr::is_str(t, start) {
        return Err(t.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    let l = t.layout_of(start);
    if t.layouts.get(l).native == crate::layout::NativeKind::Bytes {
        return Err(t.type_error("sum() can't sum bytes [use b''.join(seq) instead]"));
    }
    if t.layouts.get(l).native == crate::layout::NativeKind::ByteArray {
        return Err(t.type_error("sum() can't sum bytearray [use b''.join(seq) instead]"));
    }
    let hres = t.root(start);
    // Fast paths as CPython's: a running i64 while all items are small ints, then a running
    // f64 while the result is a float and items are floats or ints that fit.
    let mut acc_int: Option<i64> = start.is_small_int().then(|| start.as_small_int());
    let it = protocol::iter(t, a.get(t, 0))?;
    let hit = t.root(it);
    let mut acc_float: Option<f64> = None;
    loop {
        let mark = t.handle_mark();
        let Some(item) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let hi = t.root(item);
        if let Some(acc) = acc_int {
            let n = if item.is_small_int() {
                Some(item.as_small_int())
            } else if item.is_bool() {
                Some(item.is_true() as i64)
            } else {
                None
            };
            if let Some(n) = n {
                if let Some(s) = acc.checked_add(n) {
                    acc_int = Some(s);
                    t.handle_release(mark);
                    continue;
                }
            }
            // Leave the int fast path: materialise the running sum.
            let v = int::from_i64(t, acc)?;
            t.set(hres, v);
            acc_int = None;
        }
        if acc_float.is_none() && float::is_exact_float(t, t.get(hres)) {
            acc_float = Some(float::float_value(t, t.get(hres)));
        }
        let item = t.get(hi);
        if let Some(acc) = acc_float {
            if float::is_exact_float(t, item) {
                acc_float = Some(acc + float::float_value(t, item));
                t.handle_release(mark);
                continue;
            }
            if item.is_small_int() || item.is_bool() {
                let n = int::to_i64(t, item).unwrap_or(0);
                acc_float = Some(acc + n as f64);
                t.handle_release(mark);
                continue;
            }
            let v = float::new_float(t, acc)?;
            t.set(hres, v);
            acc_float = None;
            let r = protocol::binary_op(t, t.get(hres), t.get(hi), BinaryOp::Add)?;
            t.set(hres, r);
            t.handle_release(mark);
            continue;
        }
        let r = protocol::binary_op(t, t.get(hres), t.get(hi), BinaryOp::Add)?;
        t.set(hres, r);
        t.handle_release(mark);
    }
    if let Some(acc) = acc_int {
        return int::from_i64(t, acc);
    }
    if let Some(acc) = acc_float {
        return float::new_float(t, acc);
    }
    Ok(t.get(hres))
}

/// `min`/`max`: `op` is Lt for min and Gt for max.
fn min_max(t: &mut Thread, a: Args, name: &str, op: CompareOp) -> PyResult<Value> {
    let mut key = None;
    let mut default = None;
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "key") {
            key = Some(v);
        } else if pystr::str_eq_rust(t, k, "default") {
            default = Some(v);
        } else {
            let k = pystr::to_rust_string(t, k);
            let msg = format!("'{k}' is an invalid keyword argument for {name}()");
            return Err(t.type_error(&msg));
        }
    }
    if a.is_empty() {
        let msg = format!("{name} expected at least 1 argument, got 0");
        return Err(t.type_error(&msg));
    }
    if a.len() > 1 && default.is_some() {
        let msg =
            format!("Cannot specify a default for {name}() with multiple positional arguments");
        return Err(t.type_error(&msg));
    }
    let hkey = t.root(key.filter(|k| !k.is_none()).unwrap_or(Value::UNBOUND));
    let hdefault = t.root(default.unwrap_or(Value::UNBOUND));
    let source = if a.len() == 1 {
        a.get(t, 0)
    } else {
        let items: Vec<Value> = (0..a.len()).map(|i| a.get(t, i)).collect();
        tuple::new_tuple(t, &items)?
    };
    let it = protocol::iter(t, source)?;
    let hit = t.root(it);
    let hbest = t.root(Value::UNBOUND);
    let hbest_key = t.root(Value::UNBOUND);
    loop {
        let mark = t.handle_mark();
        let Some(item) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let hi = t.root(item);
        let k = if t.get(hkey).is_unbound() {
            item
        } else {
            protocol::call(t, t.get(hkey), &[item])?
        };
        if t.get(hbest).is_unbound() {
            t.set(hbest, t.get(hi));
            t.set(hbest_key, k);
        } else {
            let hk = t.root(k);
            let r = protocol::rich_compare(t, k, t.get(hbest_key), op)?;
            if protocol::truthy(t, r)? {
                t.set(hbest, t.get(hi));
                t.set(hbest_key, t.get(hk));
            }
        }
        t.handle_release(mark);
    }
    if t.get(hbest).is_unbound() {
        if !t.get(hdefault).is_unbound() {
            return Ok(t.get(hdefault));
        }
        let msg = format!("{name}() arg is an empty sequence");
        return Err(t.value_error(&msg));
    }
    Ok(t.get(hbest))
}

pub(super) fn builtin_min(t: &mut Thread, a: Args) -> PyResult<Value> {
    min_max(t, a, "min", CompareOp::Lt)
}

pub(super) fn builtin_max(t: &mut Thread, a: Args) -> PyResult<Value> {
    min_max(t, a, "max", CompareOp::Gt)
}

pub(super) fn builtin_sorted(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() != 1 {
        let msg = format!("sorted expected 1 argument, got {}", a.len());
        return Err(t.type_error(&msg));
    }
    let l = list::from_iterable(t, a.get(t, 0))?;
    let hl = t.root(l);
    let sort = protocol::getattr_str(t, l, "sort")?;
    let hs = t.root(sort);
    if a.nkw == 0 {
        protocol::call(t, sort, &[])?;
    } else {
        let kwnames = a.kwnames(t);
        let vals: Vec<Value> = (0..a.nkw).map(|i| a.kw(t, i).1).collect();
        protocol::call_with_kw(t, t.get(hs), &vals, kwnames)?;
    }
    Ok(t.get(hl))
}

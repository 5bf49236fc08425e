//! The `gc` module over ember's moving collector: `collect` runs a full (major) collection,
//! `enable`/`disable`/`isenabled` gate automatic collections requested from Python's point
//! of view, `get_stats`/`get_count` report the collector's counters.
//! FIXME(gc-disable): `disable()` is recorded but allocation still collects when the nursery
//! fills, because a copying nursery cannot grow without bound.

use std::cell::Cell;

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{dict, list, module};
use ember_vm::thread::Thread;

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(true) };
}

fn gc_collect(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check_positional(t, "collect", 0, 1)?;
    t.collect(true);
    // As CPython's gc.collect() runs finalizers before returning.
    ember_vm::interpreter::generator::close_queued_generators(t);
    Ok(Value::small_int(0))
}
fn gc_enable(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "enable", 0, 0)?;
    ENABLED.with(|e| e.set(true));
    Ok(Value::NONE)
}
fn gc_disable(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "disable", 0, 0)?;
    ENABLED.with(|e| e.set(false));
    Ok(Value::NONE)
}
fn gc_isenabled(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "isenabled", 0, 0)?;
    Ok(Value::from_bool(ENABLED.with(|e| e.get())))
}
fn gc_get_count(t: &mut Thread, _a: Args) -> PyResult<Value> {
    let s = t.heap.stats();
    let n = (s.nursery_used / 64) as i64;
    ember_vm::objects::tuple::new_tuple(
        t,
        &[
            Value::small_int(n),
            Value::small_int(0),
            Value::small_int(0),
        ],
    )
}
fn gc_get_stats(t: &mut Thread, _a: Args) -> PyResult<Value> {
    let s = t.heap.stats();
    let l = list::new_list(t, 3)?;
    let hl = t.root(l);
    for collections in [s.minor_collections, 0, s.major_collections] {
        let d = dict::new_dict(t)?;
        let hd = t.root(d);
        dict::set_str(
            t,
            t.get(hd),
            "collections",
            Value::small_int(collections as i64),
        )?;
        dict::set_str(t, t.get(hd), "collected", Value::small_int(0))?;
        dict::set_str(t, t.get(hd), "uncollectable", Value::small_int(0))?;
        list::append(t, t.get(hl), t.get(hd))?;
    }
    Ok(t.get(hl))
}
fn gc_noop(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    Ok(Value::NONE)
}
fn gc_is_tracked(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "is_tracked", 1, 1)?;
    Ok(Value::from_bool(a.get(t, 0).is_heap()))
}

pub fn init_gc(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "gc")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let fns: [(&'static str, native::NativeFn); 9] = [
        ("collect", gc_collect),
        ("enable", gc_enable),
        ("disable", gc_disable),
        ("isenabled", gc_isenabled),
        ("get_count", gc_get_count),
        ("get_stats", gc_get_stats),
        ("freeze", gc_noop),
        ("unfreeze", gc_noop),
        ("is_tracked", gc_is_tracked),
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "gc", name, f)?;
    }
    let l = list::new_list(t, 0)?;
    dict::set_str(t, t.get(hd), "garbage", l)?;
    let l = list::new_list(t, 0)?;
    dict::set_str(t, t.get(hd), "callbacks", l)?;
    Ok(t.get(hm))
}

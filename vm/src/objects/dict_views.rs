//! The dict views `dict_keys`, `dict_values` and `dict_items`: live windows on a dict
//! (slot 0). Keys and items views are set-like: they compare with sets and other views and
//! support `& | - ^` (results are `set`s built as CPython builds them) and `isdisjoint`.

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{dict, list, sequence, set, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

#[inline]
fn view_dict(t: &Thread, v: Value) -> Value {
    t.heap.slot(v, 0)
}

/// Whether `v` is a keys or items view (CPython's `PyDictViewSet_Check`).
pub fn is_set_view(t: &Thread, v: Value) -> bool {
    v.is_heap()
        && (t.heap.layout_id(v) == BuiltinType::DictKeys.layout()
            || t.heap.layout_id(v) == BuiltinType::DictItems.layout())
}

fn iter_kind(t: &Thread, view: Value) -> BuiltinType {
    let l = t.heap.layout_id(view);
    if l == BuiltinType::DictKeys.layout() {
        BuiltinType::DictKeyIterator
    } else if l == BuiltinType::DictValues.layout() {
        BuiltinType::DictValueIterator
    } else {
        BuiltinType::DictItemIterator
    }
}

fn view_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    let d = view_dict(t, a.get(t, 0));
    Ok(Value::small_int(dict::len(t, d) as i64))
}

fn view_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    let kind = iter_kind(t, v);
    dict::new_iterator(t, view_dict(t, v), kind, false)
}

fn view_reversed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    let kind = iter_kind(t, v);
    dict::new_iterator(t, view_dict(t, v), kind, true)
}

/// `x in view`.
pub fn view_contains(t: &mut Thread, view: Value, x: Value) -> PyResult<bool> {
    let d = view_dict(t, view);
    let l = t.heap.layout_id(view);
    if l == BuiltinType::DictKeys.layout() {
        return dict::contains(t, d, x);
    }
    if l == BuiltinType::DictItems.layout() {
        if !tuple::is_tuple(t, x) || tuple::len(t, x) != 2 {
            return Ok(false);
        }
        let hx = t.root(x);
        let k = tuple::get(t, x, 0);
        let Some(found) = dict::get(t, d, k)? else {
            return Ok(false);
        };
        let want = tuple::get(t, t.get(hx), 1);
        return protocol::eq(t, found, want);
    }
    // Values: a linear search.
    let hd = t.root(d);
    let hx = t.root(x);
    let mut i = 0;
    while i < dict::nentries(t, t.get(hd)) {
        if let Some((_, v)) = dict::entry_at(t, t.get(hd), i) {
            let mark = t.handle_mark();
            if protocol::eq(t, v, t.get(hx))? {
                return Ok(true);
            }
            t.handle_release(mark);
        }
        i += 1;
    }
    Ok(false)
}

fn view_contains_native(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(view_contains(
        t,
        a.get(t, 0),
        a.get(t, 1),
    )?))
}

fn view_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    let name = type_::type_name_of(t, v);
    if !sequence::repr_enter(t, v)? {
        return pystr::new_str(t, "...");
    }
    let r = (|| -> PyResult<String> {
        let l = list::from_iterable(t, a.get(t, 0))?;
        let lr = protocol::repr_string(t, l)?;
        Ok(format!("{name}({lr})"))
    })();
    sequence::repr_leave(t, a.get(t, 0));
    let s = r?;
    pystr::new_str(t, &s)
}

/// `set(view)`, through the dict itself for keys views of exact dicts (CPython's
/// `dictviews_to_set`, which keeps the set's table sizing identical).
fn to_set(t: &mut Thread, v: Value) -> PyResult<Value> {
    let src = if v.is_heap() && t.heap.layout_id(v) == BuiltinType::DictKeys.layout() {
        let d = view_dict(t, v);
        if dict::is_exact_dict(t, d) {
            d
        } else {
            v
        }
    } else {
        v
    };
    set::set_from_iterable(t, src)
}

/// Every item of iterable `a` is in `b` (`PySequence_Contains`).
fn all_contained_in(t: &mut Thread, a: Value, b: Value) -> PyResult<bool> {
    let hb = t.root(b);
    let it = protocol::iter(t, a)?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(x) = protocol::next(t, t.get(hit))? else {
            return Ok(true);
        };
        if !protocol::contains(t, t.get(hb), x)? {
            return Ok(false);
        }
        t.handle_release(mark);
    }
}

fn view_compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    if !set::is_set_like(t, y) && !is_set_view(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let lx = protocol::len(t, x)?;
    let ly = protocol::len(t, a.get(t, 1))?;
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    let ok = match op {
        CompareOp::Eq | CompareOp::Ne => {
            let r = lx == ly && all_contained_in(t, x, y)?;
            r == (op == CompareOp::Eq)
        }
        CompareOp::Lt => lx < ly && all_contained_in(t, x, y)?,
        CompareOp::Le => lx <= ly && all_contained_in(t, x, y)?,
        CompareOp::Gt => lx > ly && all_contained_in(t, y, x)?,
        CompareOp::Ge => lx >= ly && all_contained_in(t, y, x)?,
    };
    Ok(Value::from_bool(ok))
}

fn view_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    view_compare(t, a, CompareOp::Eq)
}
fn view_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    view_compare(t, a, CompareOp::Ne)
}
fn view_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    view_compare(t, a, CompareOp::Lt)
}
fn view_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    view_compare(t, a, CompareOp::Le)
}
fn view_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    view_compare(t, a, CompareOp::Gt)
}
fn view_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    view_compare(t, a, CompareOp::Ge)
}

/// `_PyDictView_Intersect`.
fn intersect(t: &mut Thread, a: Value, b: Value) -> PyResult<Value> {
    let (mut s, mut o) = if is_set_view(t, a) { (a, b) } else { (b, a) };
    let hs = t.root(s);
    let ho = t.root(o);
    let len_self = dict::len(t, view_dict(t, s));
    if set::is_exact_set(t, o) && len_self <= set::len(t, o) {
        return protocol::call_method(t, t.get(ho), "intersection", &[t.get(hs)]);
    }
    if is_set_view(t, o) && dict::len(t, view_dict(t, o)) > len_self {
        std::mem::swap(&mut s, &mut o);
        t.set(hs, s);
        t.set(ho, o);
    }
    let result = set::new_set(t)?;
    let hr = t.root(result);
    let it = protocol::iter(t, t.get(ho))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(k) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let hk = t.root(k);
        if view_contains(t, t.get(hs), k)? {
            set::add(t, t.get(hr), t.get(hk))?;
        }
        t.handle_release(mark);
    }
    Ok(t.get(hr))
}

fn view_and(t: &mut Thread, a: Args) -> PyResult<Value> {
    intersect(t, a.get(t, 0), a.get(t, 1))
}

fn view_or(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = to_set(t, a.get(t, 0))?;
    let h = t.root(r);
    set::update(t, r, a.get(t, 1))?;
    Ok(t.get(h))
}

fn view_ror(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = to_set(t, a.get(t, 1))?;
    let h = t.root(r);
    set::update(t, r, a.get(t, 0))?;
    Ok(t.get(h))
}

fn view_sub(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = to_set(t, a.get(t, 0))?;
    let h = t.root(r);
    set::difference_update(t, r, a.get(t, 1))?;
    Ok(t.get(h))
}

fn view_rsub(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = to_set(t, a.get(t, 1))?;
    let h = t.root(r);
    set::difference_update(t, r, a.get(t, 0))?;
    Ok(t.get(h))
}

fn view_xor(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = to_set(t, a.get(t, 0))?;
    let h = t.root(r);
    set::symmetric_difference_update(t, r, a.get(t, 1))?;
    Ok(t.get(h))
}

fn view_rxor(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = to_set(t, a.get(t, 1))?;
    let h = t.root(r);
    set::symmetric_difference_update(t, r, a.get(t, 0))?;
    Ok(t.get(h))
}

fn view_isdisjoint(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "isdisjoint", 2, 2)?;
    let it = protocol::iter(t, a.get(t, 1))?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(x) = protocol::next(t, t.get(hit))? else {
            return Ok(Value::TRUE);
        };
        if view_contains(t, a.get(t, 0), x)? {
            return Ok(Value::FALSE);
        }
        t.handle_release(mark);
    }
}

fn view_mapping(t: &mut Thread, a: Args) -> PyResult<Value> {
    let d = view_dict(t, a.get(t, 0));
    crate::objects::mappingproxy::new_mappingproxy(t, d)
}

/// Adds the views' methods to their namespaces.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let common: &[(&'static str, native::NativeFn)] = &[
        ("__len__", view_len),
        ("__iter__", view_iter),
        ("__reversed__", view_reversed),
        ("__contains__", view_contains_native),
        ("__repr__", view_repr),
    ];
    let setlike: &[(&'static str, native::NativeFn)] = &[
        ("__eq__", view_eq),
        ("__ne__", view_ne),
        ("__lt__", view_lt),
        ("__le__", view_le),
        ("__gt__", view_gt),
        ("__ge__", view_ge),
        ("__and__", view_and),
        ("__rand__", view_and),
        ("__or__", view_or),
        ("__ror__", view_ror),
        ("__sub__", view_sub),
        ("__rsub__", view_rsub),
        ("__xor__", view_xor),
        ("__rxor__", view_rxor),
        ("isdisjoint", view_isdisjoint),
    ];
    for bt in [
        BuiltinType::DictKeys,
        BuiltinType::DictValues,
        BuiltinType::DictItems,
    ] {
        let ty = t.ty(bt);
        let h = t.root(ty);
        for (name, f) in common {
            native::add_method(t, t.get(h), name, *f)?;
        }
        crate::objects::descriptors::add_getset(t, t.get(h), "mapping", view_mapping, None)?;
        if bt != BuiltinType::DictValues {
            for (name, f) in setlike {
                native::add_method(t, t.get(h), name, *f)?;
            }
            type_::define(t, t.get(h), "__hash__", Value::NONE)?;
        }
    }
    Ok(())
}

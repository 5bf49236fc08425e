//! Structural pattern matching (PEP 634): MATCH_MAPPING, MATCH_SEQUENCE, MATCH_KEYS,
//! MATCH_CLASS and GET_LEN, with CPython 3.11's semantics and error messages
//! (`Python/ceval.c`: `match_keys`, `match_class`, `match_class_attr`).
//!
//! CPython decides "mapping" and "sequence" by the type flags Py_TPFLAGS_MAPPING/SEQUENCE,
//! which a class inherits from the first class along its MRO that has one, and which ABCs
//! set from `__abc_tpflags__` (`collections.abc.Mapping` has `1 << 6`, `Sequence` has
//! `1 << 5`). ember reads the same facts where they live: the builtin container types by
//! identity, native types (`collections.deque`) by the type flags SEQUENCE/MAPPING, other
//! classes by an `__abc_tpflags__` entry in their own namespace.
//!
//! FIXME(abc-register): `Mapping.register(C)`/`Sequence.register(C)` set the flag on `C` in
//! CPython (`_abc._abc_register`); registered virtual subclasses are not recognised here.

use ember_gc::Value;

use crate::bytecode::Op;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{dict, int, set, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

const TPFLAGS_SEQUENCE: i64 = 1 << 5;
const TPFLAGS_MAPPING: i64 = 1 << 6;

/// MATCH_MAPPING, MATCH_SEQUENCE, MATCH_KEYS, MATCH_CLASS, GET_LEN.
pub fn match_op(t: &mut Thread, op: Op, arg: u32) -> PyResult<()> {
    match op {
        Op::MATCH_MAPPING => {
            let v = t.stack.top();
            let ty = t.type_of(v);
            let f = collection_flags(t, ty)?;
            t.stack.push(Value::from_bool(f == TPFLAGS_MAPPING));
            Ok(())
        }
        Op::MATCH_SEQUENCE => {
            let v = t.stack.top();
            let ty = t.type_of(v);
            let f = collection_flags(t, ty)?;
            t.stack.push(Value::from_bool(f == TPFLAGS_SEQUENCE));
            Ok(())
        }
        Op::MATCH_KEYS => {
            let keys = t.stack.peek(1);
            let subject = t.stack.peek(2);
            let mark = t.handle_mark();
            let r = match_keys(t, subject, keys);
            t.handle_release(mark);
            let r = r?;
            t.stack.push(r);
            Ok(())
        }
        Op::MATCH_CLASS => {
            let names = t.stack.peek(1);
            let cls = t.stack.peek(2);
            let subject = t.stack.peek(3);
            let mark = t.handle_mark();
            let r = match_class(t, subject, cls, arg as usize, names);
            t.handle_release(mark);
            let r = r?.unwrap_or(Value::NONE);
            t.stack.sp -= 2;
            let sp = t.stack.sp;
            t.stack.slots[sp - 1] = r;
            Ok(())
        }
        Op::GET_LEN => {
            let v = t.stack.top();
            let n = protocol::len(t, v)?;
            let n = int::from_i64(t, n as i64)?;
            t.stack.push(n);
            Ok(())
        }
        _ => Err(t.system_error("match_op: not a pattern-matching opcode")),
    }
}

/// The collection flag (TPFLAGS_MAPPING, TPFLAGS_SEQUENCE or 0) of the type `ty`: the first
/// class along its MRO that declares one decides, as CPython's `inherit_patma_flags`.
fn collection_flags(t: &mut Thread, ty: Value) -> PyResult<i64> {
    let hty = t.root(ty);
    let mro = type_::type_mro(t, ty);
    if !tuple::is_tuple(t, mro) {
        return Ok(0);
    }
    let n = tuple::len(t, mro);
    for i in 0..n {
        let mro = type_::type_mro(t, t.get(hty));
        let b = tuple::get(t, mro, i);
        if let Some(f) = builtin_flags(t, b) {
            return Ok(f);
        }
        let tf = type_::type_flags(t, b);
        if tf & type_::flags::SEQUENCE != 0 {
            return Ok(TPFLAGS_SEQUENCE);
        }
        if tf & type_::flags::MAPPING != 0 {
            return Ok(TPFLAGS_MAPPING);
        }
        let d = type_::type_dict(t, b);
        if !dict::is_dict(t, d) {
            continue;
        }
        if let Some(v) = dict::get_rust_str(t, d, "__abc_tpflags__")? {
            if let Some(f) = int::to_i64(t, v).filter(|_| int::is_int(t, v)) {
                let f = f & (TPFLAGS_MAPPING | TPFLAGS_SEQUENCE);
                if f != 0 {
                    return Ok(f);
                }
            }
        }
    }
    Ok(0)
}

/// The flags CPython's builtin types carry statically.
fn builtin_flags(t: &Thread, b: Value) -> Option<i64> {
    for bt in [BuiltinType::Dict, BuiltinType::MappingProxy] {
        if b == t.ty(bt) {
            return Some(TPFLAGS_MAPPING);
        }
    }
    for bt in [BuiltinType::List, BuiltinType::Tuple, BuiltinType::Range] {
        if b == t.ty(bt) {
            return Some(TPFLAGS_SEQUENCE);
        }
    }
    None
}

/// CPython's `match_keys`: a tuple of `map[key]` for each key, None if one is missing.
fn match_keys(t: &mut Thread, map: Value, keys: Value) -> PyResult<Value> {
    let nkeys = tuple::len(t, keys);
    if nkeys == 0 {
        return tuple::new_tuple(t, &[]);
    }
    let hm = t.root(map);
    let hk = t.root(keys);
    let exact_dict = map.is_heap() && t.heap.layout_id(map) == BuiltinType::Dict.layout();
    // The two-argument `get` never creates keys (defaultdict) and tells absence apart.
    let hget = if exact_dict {
        t.root(Value::NONE)
    } else {
        let g = protocol::getattr_str(t, map, "get")?;
        t.root(g)
    };
    let seen = set::new_set(t)?;
    let hs = t.root(seen);
    let dummy = t.new_object(BuiltinType::Object.layout(), &[])?;
    let hd = t.root(dummy);
    let values = tuple::new_tuple_uninit(t, nkeys)?;
    let hv = t.root(values);
    for i in 0..nkeys {
        let key = tuple::get(t, t.get(hk), i);
        let hkey = t.root(key);
        if set::contains(t, t.get(hs), key)? {
            let r = protocol::repr_string(t, t.get(hkey))?;
            let msg = format!("mapping pattern checks duplicate key ({r})");
            return Err(t.value_error(&msg));
        }
        set::add(t, t.get(hs), t.get(hkey))?;
        let value = if exact_dict {
            dict::get(t, t.get(hm), t.get(hkey))?
        } else {
            let v = protocol::call(t, t.get(hget), &[t.get(hkey), t.get(hd)])?;
            if v == t.get(hd) {
                None
            } else {
                Some(v)
            }
        };
        match value {
            Some(v) => t.heap.set_slot(t.get(hv), i, v),
            None => return Ok(Value::NONE),
        }
    }
    Ok(t.get(hv))
}

/// Whether instances of `cls` match a single positional sub-pattern against themselves
/// (CPython's _Py_TPFLAGS_MATCH_SELF, inherited by subclasses).
fn matches_self(t: &Thread, cls: Value) -> bool {
    use BuiltinType as B;
    let mro = type_::type_mro(t, cls);
    if !tuple::is_tuple(t, mro) {
        return false;
    }
    let selfish = [
        B::Bool,
        B::ByteArray,
        B::Bytes,
        B::Dict,
        B::Float,
        B::FrozenSet,
        B::Int,
        B::List,
        B::Set,
        B::Str,
        B::Tuple,
    ];
    (0..tuple::len(t, mro)).any(|i| {
        let b = tuple::get(t, mro, i);
        selfish.iter().any(|bt| t.ty(*bt) == b)
    })
}

/// CPython's `match_class`: Some(tuple of the sub-pattern subjects) on a match, None on a
/// mismatch.
fn match_class(
    t: &mut Thread,
    subject: Value,
    cls: Value,
    nargs: usize,
    kwargs: Value,
) -> PyResult<Option<Value>> {
    if !type_::is_type(t, cls) {
        return Err(t.type_error("called match pattern must be a type"));
    }
    let hs = t.root(subject);
    let hc = t.root(cls);
    let hk = t.root(kwargs);
    if !protocol::isinstance(t, subject, cls)? {
        return Ok(None);
    }
    let seen = set::new_set(t)?;
    let hseen = t.root(seen);
    let mut attrs: Vec<crate::thread::Handle> = Vec::new();
    if nargs > 0 {
        let mut match_self = false;
        let match_args = match protocol::getattr_str(t, t.get(hc), "__match_args__") {
            Ok(m) => {
                if !tuple::is_exact_tuple(t, m) {
                    let msg = format!(
                        "{}.__match_args__ must be a tuple (got {})",
                        type_::type_name(t, t.get(hc)),
                        type_::type_name_of(t, m)
                    );
                    return Err(t.type_error(&msg));
                }
                m
            }
            Err(e) => {
                if !t.exception_matches(BuiltinType::AttributeError) {
                    return Err(e);
                }
                t.take_exception();
                match_self = matches_self(t, t.get(hc));
                t.globals.empty_tuple
            }
        };
        let hma = t.root(match_args);
        let allowed = if match_self {
            1
        } else {
            tuple::len(t, match_args)
        };
        if allowed < nargs {
            let msg = format!(
                "{}() accepts {} positional sub-pattern{} ({} given)",
                type_::type_name(t, t.get(hc)),
                allowed,
                if allowed == 1 { "" } else { "s" },
                nargs
            );
            return Err(t.type_error(&msg));
        }
        if match_self {
            attrs.push(hs);
        } else {
            for i in 0..nargs {
                let name = tuple::get(t, t.get(hma), i);
                if !pystr::is_exact_str(t, name) {
                    let msg = format!(
                        "__match_args__ elements must be strings (got {})",
                        type_::type_name_of(t, name)
                    );
                    return Err(t.type_error(&msg));
                }
                match match_class_attr(t, t.get(hs), t.get(hc), name, t.get(hseen))? {
                    Some(v) => attrs.push(t.root(v)),
                    None => return Ok(None),
                }
            }
        }
    }
    let nkw = tuple::len(t, t.get(hk));
    for i in 0..nkw {
        let name = tuple::get(t, t.get(hk), i);
        match match_class_attr(t, t.get(hs), t.get(hc), name, t.get(hseen))? {
            Some(v) => attrs.push(t.root(v)),
            None => return Ok(None),
        }
    }
    let vals: Vec<Value> = attrs.iter().map(|h| t.get(*h)).collect();
    Ok(Some(tuple::new_tuple(t, &vals)?))
}

/// CPython's `match_class_attr`: `getattr(subject, name)`, None (Rust) when the attribute is
/// missing; a name used twice is a TypeError.
fn match_class_attr(
    t: &mut Thread,
    subject: Value,
    cls: Value,
    name: Value,
    seen: Value,
) -> PyResult<Option<Value>> {
    let hs = t.root(subject);
    let hc = t.root(cls);
    let hn = t.root(name);
    let hseen = t.root(seen);
    if set::contains(t, seen, name)? {
        let r = protocol::repr_string(t, t.get(hn))?;
        let msg = format!(
            "{}() got multiple sub-patterns for attribute {r}",
            type_::type_name(t, t.get(hc))
        );
        return Err(t.type_error(&msg));
    }
    set::add(t, t.get(hseen), t.get(hn))?;
    match protocol::getattr(t, t.get(hs), t.get(hn)) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if t.exception_matches(BuiltinType::AttributeError) {
                t.take_exception();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

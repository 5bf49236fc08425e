//! Struct sequences (CPython's `structseq.c`): named-tuple-like builtin types such as
//! `sys.version_info`, `sys.float_info` and `time.struct_time`. A struct sequence type is a
//! builtin (immutable) subclass of `tuple`; its first `n_in_sequence` fields are the tuple's
//! items, read through member descriptors of kind `TUPLE_ITEM`; the remaining fields
//! (`tm_zone`, `tm_gmtoff`) are not part of the tuple and live in read-only instance slots
//! after the tuple payload.
//!
//! Instance layout: slot 0 the payload tuple (as for every tuple subclass), then one slot per
//! field outside the sequence. Type creation runs from native-module initialisers, so it
//! roots what it holds but assumes nothing about collection being paused.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::layout::{Layout, NativeKind};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::{self, member_kind};
use crate::objects::native::{self, Args};
use crate::objects::{dict, list, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// A struct sequence type's static description.
pub struct StructSeqDesc {
    /// The defining module (`"time"`), its `__module__`.
    pub module: &'static str,
    /// The type's `__name__` (`"struct_time"`).
    pub name: &'static str,
    pub doc: &'static str,
    /// Every field, the sequence fields first.
    pub fields: &'static [&'static str],
    /// How many of `fields` are tuple items.
    pub n_in_sequence: usize,
    /// Whether Python code may create instances (`time.struct_time(seq)`); the types of
    /// `sys` values refuse, as CPython's do.
    pub instantiable: bool,
}

/// Creates the struct sequence type described by `desc`.
pub fn new_type(t: &mut Thread, desc: &StructSeqDesc) -> PyResult<Value> {
    let n = pystr::new_str(t, desc.name)?;
    let hn = t.root(n);
    let tuple_ty = t.ty(BuiltinType::Tuple);
    let bases = tuple::new_tuple(t, &[tuple_ty])?;
    let hb = t.root(bases);
    let ty = type_::alloc_type(
        t,
        BuiltinType::Type.layout(),
        t.get(hn),
        t.get(hb),
        type_::flags::BUILTIN | type_::flags::NO_DICT,
    )?;
    let hty = t.root(ty);
    let mro = type_::compute_mro(t, ty, t.get(hb))?;
    t.heap.set_slot(t.get(hty), type_::MRO, mro);
    let tuple_ty = t.ty(BuiltinType::Tuple);
    t.heap.set_slot(t.get(hty), type_::BASE, tuple_ty);
    let hidden = desc.fields.len() - desc.n_in_sequence;
    let version = type_::version(t, t.get(hty));
    let layout = t.layouts.push(Layout {
        type_: t.get(hty),
        native: NativeKind::Tuple,
        num_slots: 1 + hidden as u32,
        overflow_slot: None,
        in_object: 0,
        attrs: Vec::new(),
        dict_mode: false,
        add_transitions: Default::default(),
        delete_transitions: Default::default(),
        type_version: version,
        depth: 0,
    });
    type_::set_instance_layout(t, t.get(hty), layout);

    let set = |t: &mut Thread, name: &str, v: Value| -> PyResult<()> {
        let d = type_::type_dict(t, t.get(hty));
        dict::set_str(t, d, name, v)
    };
    let v = pystr::new_str(t, desc.module)?;
    set(t, "__module__", v)?;
    let v = pystr::new_str(t, desc.doc)?;
    set(t, "__doc__", v)?;
    set(
        t,
        "n_sequence_fields",
        Value::small_int(desc.n_in_sequence as i64),
    )?;
    set(t, "n_fields", Value::small_int(desc.fields.len() as i64))?;
    set(t, "n_unnamed_fields", Value::small_int(0))?;
    for (i, field) in desc.fields.iter().enumerate() {
        let (index, kind) = if i < desc.n_in_sequence {
            (i, member_kind::TUPLE_ITEM)
        } else {
            (1 + i - desc.n_in_sequence, member_kind::READONLY_SLOT)
        };
        let name = pystr::new_str(t, field)?;
        let m = descriptors::new_member_of_kind(t, name, t.get(hty), index, kind)?;
        set(t, field, m)?;
    }
    let names = field_names(t, &desc.fields[..desc.n_in_sequence])?;
    set(t, "__match_args__", names)?;
    let new: native::NativeFn = if desc.instantiable {
        structseq_new
    } else {
        structseq_no_new
    };
    native::add_static(t, t.get(hty), "__new__", new)?;
    native::add_method(t, t.get(hty), "__repr__", structseq_repr)?;
    native::add_method(t, t.get(hty), "__reduce__", structseq_reduce)?;
    let subs = t.heap.slot(t.ty(BuiltinType::Tuple), type_::SUBCLASSES);
    if list::is_list(t, subs) {
        list::append(t, subs, t.get(hty))?;
    }
    Ok(t.get(hty))
}

fn field_names(t: &mut Thread, names: &[&str]) -> PyResult<Value> {
    let tup = tuple::new_tuple_uninit(t, names.len())?;
    let h = t.root(tup);
    for (i, n) in names.iter().enumerate() {
        let s = pystr::new_str(t, n)?;
        t.heap.set_slot(t.get(h), i, s);
    }
    Ok(t.get(h))
}

/// Creates an instance of the struct sequence type `ty` from all its field values (the
/// sequence fields first).
pub fn new(t: &mut Thread, ty: Value, values: &[Value]) -> PyResult<Value> {
    let mark = t.handle_mark();
    let hty = t.root(ty);
    let hvals: Vec<_> = values.iter().map(|v| t.root(*v)).collect();
    let n_seq = n_sequence_fields(t, ty)?;
    let seq: Vec<Value> = hvals[..n_seq.min(values.len())]
        .iter()
        .map(|h| t.get(*h))
        .collect();
    let tup = tuple::new_tuple(t, &seq)?;
    let htup = t.root(tup);
    let layout = type_::instance_layout(t, t.get(hty));
    let nslots = t.layouts.get(layout).num_slots as usize;
    let obj = t.alloc_slots(layout, nslots, Value::NONE)?;
    t.heap.set_slot(obj, 0, t.get(htup));
    for (i, h) in hvals.iter().enumerate().skip(n_seq) {
        let slot = 1 + i - n_seq;
        if slot < nslots {
            let v = t.get(*h);
            t.heap.set_slot(obj, slot, v);
        }
    }
    t.handle_release(mark);
    Ok(obj)
}

fn class_int(t: &mut Thread, ty: Value, name: &str) -> PyResult<usize> {
    let v = protocol::getattr_str(t, ty, name)?;
    Ok(v.as_small_int().max(0) as usize)
}

fn n_sequence_fields(t: &mut Thread, ty: Value) -> PyResult<usize> {
    class_int(t, ty, "n_sequence_fields")
}

/// The names of all fields, in order.
fn all_fields(t: &mut Thread, ty: Value) -> PyResult<Vec<Value>> {
    let hty = t.root(ty);
    let n = class_int(t, ty, "n_fields")?;
    let n_seq = n_sequence_fields(t, t.get(hty))?;
    // Sequence field names come from __match_args__, the others from the members that read
    // instance slots (their order is the slot order).
    let names = protocol::getattr_str(t, t.get(hty), "__match_args__")?;
    let mut out: Vec<Value> = tuple::items(t, names);
    let d = type_::type_dict(t, t.get(hty));
    let mut hidden: Vec<(i64, Value)> = dict::items(t, d)
        .into_iter()
        .filter(|(_, v)| {
            v.is_heap()
                && t.heap.layout_id(*v) == BuiltinType::MemberDescriptor.layout()
                && t.heap.slot(*v, 3).as_small_int() == member_kind::READONLY_SLOT
        })
        .map(|(k, v)| (t.heap.slot(v, 2).as_small_int(), k))
        .collect();
    hidden.sort_by_key(|(i, _)| *i);
    out.extend(hidden.into_iter().map(|(_, k)| k));
    out.truncate(n.max(n_seq));
    Ok(out)
}

/// `__new__` of the types Python code may not instantiate.
fn structseq_no_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let name = type_::tp_name(t, a.get(t, 0))?;
    Err(t.type_error(&format!("cannot create '{name}' instances")))
}

/// `T(sequence, dict=None)`: the first `n_sequence_fields` items are required; later fields
/// come from the rest of `sequence`, then from `dict`, else None.
fn structseq_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    let hcls = t.root(cls);
    let name = type_::tp_name(t, cls)?;
    let mut seq = a.opt(t, 1).or_else(|| a.kwarg(t, "sequence"));
    let mut extra = a.opt(t, 2).or_else(|| a.kwarg(t, "dict"));
    if a.len() > 3 {
        let msg = format!(
            "{name}() takes at most 2 arguments ({} given)",
            a.len() - 1 + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    let Some(s) = seq.take() else {
        let msg = format!("{name}() missing required argument 'sequence' (pos 1)");
        return Err(t.type_error(&msg));
    };
    let hextra = t.root(extra.take().unwrap_or(Value::NONE));
    let items = match protocol::to_tuple(t, s) {
        Ok(v) => v,
        Err(e) => {
            if t.exception_matches(BuiltinType::TypeError) {
                t.take_exception();
                return Err(t.type_error("constructor requires a sequence"));
            }
            return Err(e);
        }
    };
    let hitems = t.root(items);
    let extra = t.get(hextra);
    if !extra.is_none() && !dict::is_dict(t, extra) {
        let msg = format!("{name}() takes a dict as second arg, if any");
        return Err(t.type_error(&msg));
    }
    let n = tuple::len(t, items);
    let min = n_sequence_fields(t, t.get(hcls))?;
    let max = class_int(t, t.get(hcls), "n_fields")?;
    if n < min || n > max {
        let msg = if min == max {
            format!("{name}() takes a {min}-sequence ({n}-sequence given)")
        } else if n < min {
            format!("{name}() takes an at least {min}-sequence ({n}-sequence given)")
        } else {
            format!("{name}() takes an at most {max}-sequence ({n}-sequence given)")
        };
        return Err(t.type_error(&msg));
    }
    let fields = all_fields(t, t.get(hcls))?;
    let hfields: Vec<_> = fields.iter().map(|f| t.root(*f)).collect();
    let mut hvals = Vec::with_capacity(max);
    for (i, hf) in hfields.iter().enumerate().take(max) {
        let v = if i < n {
            tuple::get(t, t.get(hitems), i)
        } else if !t.get(hextra).is_none() {
            dict::get(t, t.get(hextra), t.get(*hf))?.unwrap_or(Value::NONE)
        } else {
            Value::NONE
        };
        hvals.push(t.root(v));
    }
    let vals: Vec<Value> = hvals.iter().map(|h| t.get(*h)).collect();
    new(t, t.get(hcls), &vals)
}

fn self_type(t: &mut Thread, a: &Args) -> PyResult<Value> {
    let s = a.get(t, 0);
    if !s.is_heap() || t.layouts.get(t.heap.layout_id(s)).num_slots == 0 {
        return Err(t.type_error("descriptor requires a struct sequence"));
    }
    Ok(t.type_of(s))
}

/// `time.struct_time(tm_year=1970, ...)`: the sequence fields only.
fn structseq_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ty = self_type(t, &a)?;
    let hty = t.root(ty);
    let name = type_::tp_name(t, ty)?;
    let names = protocol::getattr_str(t, t.get(hty), "__match_args__")?;
    let hnames = t.root(names);
    let mut out = format!("{name}(");
    let n = tuple::len(t, names);
    for i in 0..n {
        let mark = t.handle_mark();
        let field = pystr::to_rust_string(t, tuple::get(t, t.get(hnames), i));
        let tup = tuple::tuple_value(t, a.get(t, 0));
        let v = tuple::get(t, tup, i);
        let r = protocol::repr_string(t, v)?;
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&field);
        out.push('=');
        out.push_str(&r);
        t.handle_release(mark);
    }
    out.push(')');
    pystr::new_str(t, &out)
}

/// `(type, (tuple(self), {other fields}))`.
fn structseq_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ty = self_type(t, &a)?;
    let hty = t.root(ty);
    let fields = all_fields(t, ty)?;
    let hfields: Vec<_> = fields.iter().map(|f| t.root(*f)).collect();
    let n_seq = n_sequence_fields(t, t.get(hty))?;
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    for (i, hf) in hfields.iter().enumerate().skip(n_seq) {
        let v = t.heap.slot(a.get(t, 0), 1 + i - n_seq);
        dict::set(t, t.get(hd), t.get(*hf), v)?;
    }
    let tup = tuple::tuple_value(t, a.get(t, 0));
    let args = tuple::new_tuple(t, &[tup, t.get(hd)])?;
    tuple::new_tuple(t, &[t.get(hty), args])
}

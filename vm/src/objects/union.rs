//! `types.UnionType`: the value of `int | str` (PEP 604). Slots: 0 = the member types (a
//! tuple, flattened and without repeats, `None` stored as `NoneType`), 1 = `__parameters__`
//! (None until first asked for).
//!
//! `type.__or__`/`__ror__` and GenericAlias's build unions; `isinstance` and `issubclass`
//! accept them through `__instancecheck__`/`__subclasscheck__`.

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::generic_alias::{self, is_generic_alias};
use crate::objects::native::{self, Args};
use crate::objects::{list, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

const ARGS: usize = 0;
const PARAMETERS: usize = 1;

pub fn is_union(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::UnionType.layout()
}

/// Whether `v` may be an operand of `|` between types: None, a type, a GenericAlias or a
/// union.
fn is_unionable(t: &Thread, v: Value) -> bool {
    v.is_none() || type_::is_type(t, v) || is_generic_alias(t, v) || is_union(t, v)
}

/// CPython's `is_same`: identity, except that generic aliases compare by value.
fn is_same(t: &mut Thread, a: Value, b: Value) -> PyResult<bool> {
    if is_generic_alias(t, a) && is_generic_alias(t, b) {
        protocol::eq(t, a, b)
    } else {
        Ok(a == b)
    }
}

/// `a | b` for unionable operands: the flattened, de-duplicated members, or the one member
/// left; NotImplemented when either operand is not unionable.
pub fn union_or(t: &mut Thread, a: Value, b: Value) -> PyResult<Value> {
    if !is_unionable(t, a) || !is_unionable(t, b) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let ha = t.root(a);
    let hb = t.root(b);
    let members = list::new_list(t, 2)?;
    let hm = t.root(members);
    for h in [ha, hb] {
        let v = t.get(h);
        let parts = if is_union(t, v) {
            tuple::items(t, t.heap.slot(v, ARGS))
        } else if v.is_none() {
            vec![t.ty(BuiltinType::NoneType)]
        } else {
            vec![v]
        };
        let hparts: Vec<_> = parts.iter().map(|p| t.root(*p)).collect();
        for hp in hparts {
            let mut seen = false;
            for i in 0..list::len(t, t.get(hm)) {
                let m = list::get(t, t.get(hm), i);
                if is_same(t, m, t.get(hp))? {
                    seen = true;
                    break;
                }
            }
            if !seen {
                list::append(t, t.get(hm), t.get(hp))?;
            }
        }
    }
    if list::len(t, t.get(hm)) == 1 {
        return Ok(list::get(t, t.get(hm), 0));
    }
    let args = protocol::to_tuple(t, t.get(hm))?;
    t.new_object(BuiltinType::UnionType.layout(), &[args, Value::NONE])
}

fn this(t: &mut Thread, a: &Args) -> PyResult<Value> {
    let u = a.get(t, 0);
    if !is_union(t, u) {
        let msg = format!(
            "descriptor requires a 'types.UnionType' object but received a '{}'",
            type_::type_name_of(t, u)
        );
        return Err(t.type_error(&msg));
    }
    Ok(u)
}

fn union_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let u = this(t, &a)?;
    let args = t.heap.slot(u, ARGS);
    let hargs = t.root(args);
    let mut parts = Vec::new();
    for i in 0..tuple::len(t, args) {
        let item = tuple::get(t, t.get(hargs), i);
        if item == t.ty(BuiltinType::NoneType) {
            parts.push("None".to_string());
        } else {
            parts.push(generic_alias::repr_item(t, item)?);
        }
    }
    pystr::new_str(t, &parts.join(" | "))
}

fn union_args(t: &mut Thread, a: Args) -> PyResult<Value> {
    let u = this(t, &a)?;
    Ok(t.heap.slot(u, ARGS))
}

fn union_parameters(t: &mut Thread, a: Args) -> PyResult<Value> {
    let u = this(t, &a)?;
    let cached = t.heap.slot(u, PARAMETERS);
    if !cached.is_none() {
        return Ok(cached);
    }
    let params = generic_alias::make_parameters(t, t.heap.slot(u, ARGS))?;
    t.heap.set_slot(a.get(t, 0), PARAMETERS, params);
    Ok(params)
}

fn union_or_native(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__or__", 2, 2)?;
    union_or(t, a.get(t, 0), a.get(t, 1))
}

fn union_ror_native(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__ror__", 2, 2)?;
    union_or(t, a.get(t, 1), a.get(t, 0))
}

/// Whether every member of `x` is a member of `y` (both unions), by identity.
fn members_within(t: &Thread, x: Value, y: Value) -> bool {
    let ys = tuple::items(t, t.heap.slot(y, ARGS));
    tuple::items(t, t.heap.slot(x, ARGS))
        .iter()
        .all(|m| ys.contains(m))
}

fn union_compare(t: &mut Thread, a: Args, eq: bool) -> PyResult<Value> {
    a.check(t, if eq { "__eq__" } else { "__ne__" }, 2, 2)?;
    let (x, y) = (this(t, &a)?, a.get(t, 1));
    if !is_union(t, y) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let same = members_within(t, x, y) && members_within(t, y, x);
    Ok(Value::from_bool(same == eq))
}

fn union_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    union_compare(t, a, true)
}

fn union_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    union_compare(t, a, false)
}

/// `hash(frozenset(args))`, as CPython's, so equal unions hash alike whatever the order.
fn union_hash(t: &mut Thread, a: Args) -> PyResult<Value> {
    let u = this(t, &a)?;
    let args = t.heap.slot(u, ARGS);
    let fs = crate::objects::set::new_frozenset_from(t, args)?;
    let h = protocol::hash(t, fs)?;
    crate::objects::int::from_i64(t, h)
}

/// `isinstance(obj, int | str)` / `issubclass(cls, int | str)`: true if it holds for any
/// member; a parameterized generic member is an error, as for a lone one.
fn union_check(t: &mut Thread, a: Args, instance: bool) -> PyResult<Value> {
    let u = this(t, &a)?;
    let args = t.heap.slot(u, ARGS);
    let hargs = t.root(args);
    for i in 0..tuple::len(t, args) {
        let m = tuple::get(t, t.get(hargs), i);
        if is_generic_alias(t, m) {
            let msg = if instance {
                "isinstance() argument 2 cannot be a parameterized generic"
            } else {
                "issubclass() argument 2 cannot be a parameterized generic"
            };
            return Err(t.type_error(msg));
        }
    }
    for i in 0..tuple::len(t, t.get(hargs)) {
        let m = tuple::get(t, t.get(hargs), i);
        let hit = if instance {
            protocol::isinstance(t, a.get(t, 1), m)?
        } else {
            protocol::issubclass(t, a.get(t, 1), m)?
        };
        if hit {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

fn union_instancecheck(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__instancecheck__", 2, 2)?;
    union_check(t, a, true)
}

fn union_subclasscheck(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__subclasscheck__", 2, 2)?;
    union_check(t, a, false)
}

fn union_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getitem__", 2, 2)?;
    let params = union_parameters(t, a)?;
    if tuple::len(t, params) == 0 {
        let r = protocol::repr_string(t, a.get(t, 0))?;
        return Err(t.type_error(&format!("{r} is not a generic class")));
    }
    Err(t.type_error("substituting type variables in a union is not supported yet"))
}

fn type_or(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__or__", 2, 2)?;
    union_or(t, a.get(t, 0), a.get(t, 1))
}

fn type_ror(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__ror__", 2, 2)?;
    union_or(t, a.get(t, 1), a.get(t, 0))
}

/// Fills `types.UnionType`'s namespace and gives `type` and `GenericAlias` their `|`.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::UnionType);
    let h = t.root(ty);
    crate::objects::native_type::register_builtin(t, "types.UnionType", ty);
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__repr__", union_repr),
        ("__or__", union_or_native),
        ("__ror__", union_ror_native),
        ("__eq__", union_eq),
        ("__ne__", union_ne),
        ("__hash__", union_hash),
        ("__instancecheck__", union_instancecheck),
        ("__subclasscheck__", union_subclasscheck),
        ("__getitem__", union_getitem),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(h), name, *f)?;
    }
    crate::objects::descriptors::add_getset(t, t.get(h), "__args__", union_args, None)?;
    crate::objects::descriptors::add_getset(
        t,
        t.get(h),
        "__parameters__",
        union_parameters,
        None,
    )?;
    let m = pystr::new_str(t, "types")?;
    let d = type_::type_dict(t, t.get(h));
    crate::objects::dict::set_str(t, d, "__module__", m)?;
    for owner in [BuiltinType::Type, BuiltinType::GenericAlias] {
        let o = t.ty(owner);
        let ho = t.root(o);
        native::add_method(t, o, "__or__", type_or)?;
        native::add_method(t, t.get(ho), "__ror__", type_ror)?;
    }
    Ok(())
}

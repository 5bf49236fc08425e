//! Class creation and type calls: `type.__call__` (construct instances: `__new__` then
//! `__init__`), `type.__new__` (build a class: MRO, namespace, `__slots__`, instance layout,
//! `__set_name__`, `__init_subclass__`, `__classcell__`), `__build_class__` (the `class`
//! statement: metaclass selection, `__prepare__`, running the body), and `type`'s own
//! attributes (`__name__`, `__mro__`, `mro()`, ...).

use ember_gc::Value;

use crate::errors::PyResult;
use crate::layout::Layout;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::native::{self, Args};
use crate::objects::{code, dict, function, list, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// Calls the type at `stack[fslot]` with the arguments above it.
pub fn type_call(t: &mut Thread, fslot: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
    let cls = t.stack.slots[fslot];
    if cls == t.ty(BuiltinType::Type) && nargs == 1 && nkw == 0 {
        return Ok(t.type_of(t.stack.slots[fslot + 1]));
    }
    let hcls = t.root(cls);
    let new = type_::lookup_sym(t, cls, crate::symbols::sym::__new__);
    let Some(new) = new else {
        let msg = format!("cannot create '{}' instances", type_::type_name(t, cls));
        return Err(t.type_error(&msg));
    };
    // `__new__` is stored as a staticmethod: call the function inside.
    let new = if t.layout_of(new) == BuiltinType::StaticMethod.layout() {
        t.heap.slot(new, 0)
    } else {
        new
    };
    let hnew = t.root(new);
    let object_new_fn = {
        let o = t.ty(BuiltinType::Object);
        type_::lookup_sym(t, o, crate::symbols::sym::__new__)
    };
    let obj = if Some(t.get(hnew)) == object_new_fn
        && type_::type_flags(t, t.get(hcls)) & type_::flags::HEAPTYPE != 0
        && type_::type_flags(t, t.get(hcls)) & type_::flags::ABSTRACT == 0
        && (nargs == 0 && nkw == 0 || has_custom_init(t, t.get(hcls))?)
    {
        crate::objects::object::new_instance(t, t.get(hcls))?
    } else {
        // new(cls, *args, **kw): lay out [spare, new, cls, args..., kwnames].
        call_with_prefix(t, t.get(hnew), t.get(hcls), fslot, nargs, nkw)?
    };
    let hobj = t.root(obj);
    // __init__ runs only when __new__ returned an instance of cls.
    let oty = t.type_of(obj);
    if !type_::is_subtype(t, oty, t.get(hcls)) {
        return Ok(obj);
    }
    let init = type_::lookup_sym(t, oty, crate::symbols::sym::__init__);
    if let Some(init) = init {
        let r = call_with_prefix(t, init, t.get(hobj), fslot, nargs, nkw)?;
        if !r.is_none() {
            let msg = format!(
                "__init__() should return None, not '{}'",
                type_::type_name_of(t, r)
            );
            return Err(t.type_error(&msg));
        }
    }
    Ok(t.get(hobj))
}

fn has_custom_init(t: &mut Thread, cls: Value) -> PyResult<bool> {
    let init = type_::lookup_sym(t, cls, crate::symbols::sym::__init__);
    let o = t.ty(BuiltinType::Object);
    let obj_init = type_::lookup_sym(t, o, crate::symbols::sym::__init__);
    Ok(init != obj_init)
}

/// Calls `f(first, *args, **kw)` where args/kw are the call at `fslot` (copied to the top of
/// the stack so the original stays intact for a second call).
fn call_with_prefix(
    t: &mut Thread,
    f: Value,
    first: Value,
    fslot: usize,
    nargs: usize,
    nkw: usize,
) -> PyResult<Value> {
    let n = nargs + nkw + (nkw > 0) as usize;
    crate::interpreter::frame::check_stack(t, n + 4)?;
    let top = t.stack.sp;
    t.stack.push(Value::UNBOUND);
    t.stack.push(f);
    t.stack.push(first);
    for i in 0..n {
        let v = t.stack.slots[fslot + 1 + i];
        t.stack.push(v);
    }
    let r = protocol::call::call_on_stack(t, top + 1, nargs + 1, nkw);
    t.stack.sp = top;
    r
}

// ----- type.__new__ -----

/// CPython's `_PyType_CalculateMetaclass`: the most derived of `meta` and the metaclasses of
/// `bases`, or a TypeError when they are not ordered by subclassing.
pub fn calculate_metaclass(t: &mut Thread, meta: Value, bases: Value) -> PyResult<Value> {
    let mut winner = meta;
    for b in tuple::items(t, bases) {
        let bt = t.type_of(b);
        if type_::is_subtype(t, winner, bt) {
            continue;
        }
        if type_::is_subtype(t, bt, winner) {
            winner = bt;
            continue;
        }
        return Err(t.type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

fn type_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let meta = a.get(t, 0);
    if a.len() == 2 {
        if meta == t.ty(BuiltinType::Type) {
            return Ok(t.type_of(a.get(t, 1)));
        }
    }
    if a.len() != 4 {
        return Err(t.type_error("type() takes 1 or 3 arguments"));
    }
    let (name, bases, ns) = (a.get(t, 1), a.get(t, 2), a.get(t, 3));
    if !pystr::is_str(t, name) {
        let msg = format!(
            "type.__new__() argument 1 must be str, not {}",
            type_::type_name_of(t, name)
        );
        return Err(t.type_error(&msg));
    }
    if !tuple::is_tuple(t, bases) {
        let msg = format!(
            "type.__new__() argument 2 must be tuple, not {}",
            type_::type_name_of(t, bases)
        );
        return Err(t.type_error(&msg));
    }
    if !dict::is_dict(t, ns) {
        let msg = format!(
            "type.__new__() argument 3 must be dict, not {}",
            type_::type_name_of(t, ns)
        );
        return Err(t.type_error(&msg));
    }
    let mut meta = calculate_metaclass(t, meta, bases)?;
    if meta != a.get(t, 0) {
        // A more derived metaclass wins; CPython hands the whole call to its __new__ unless
        // that is type.__new__ itself.
        let hwinner = t.root(meta);
        let wnew = type_::lookup_str(t, meta, "__new__")?;
        let type_ty = t.ty(BuiltinType::Type);
        let tnew = type_::lookup_str(t, type_ty, "__new__")?;
        if let Some(wnew) = wnew.filter(|w| Some(*w) != tnew) {
            let mut args = vec![t.get(hwinner)];
            args.extend((1..a.nargs + a.nkw).map(|i| t.stack.slots[a.base + i]));
            let kwnames = if a.nkw > 0 { a.kwnames(t) } else { Value::NONE };
            return protocol::call_with_kw(t, wnew, &args, kwnames);
        }
        meta = t.get(hwinner);
    }
    let (name, bases, ns) = (a.get(t, 1), a.get(t, 2), a.get(t, 3));
    let kw: Vec<(Value, Value)> = (0..a.nkw).map(|i| a.kw(t, i)).collect();
    let mark = t.handle_mark();
    let hkw: Vec<_> = kw.iter().map(|(k, v)| (t.root(*k), t.root(*v))).collect();
    let cls = new_class(t, meta, name, bases, ns)?;
    let hcls = t.root(cls);
    // __init_subclass__ of the parent, with the class keywords.
    let sup = t.new_object(
        BuiltinType::Super.layout(),
        &[t.get(hcls), t.get(hcls), t.get(hcls)],
    )?;
    let init_sub = protocol::getattr_str(t, sup, "__init_subclass__")?;
    let mut args = Vec::new();
    let mut names = Vec::new();
    for (hk, hv) in &hkw {
        names.push(t.get(*hk));
        args.push(t.get(*hv));
    }
    if names.is_empty() {
        protocol::call(t, init_sub, &[])?;
    } else {
        let hi = t.root(init_sub);
        let kwn = tuple::new_tuple(t, &names)?;
        let args: Vec<Value> = hkw.iter().map(|(_, hv)| t.get(*hv)).collect();
        protocol::call_with_kw(t, t.get(hi), &args, kwn)?;
    }
    let cls = t.get(hcls);
    t.handle_release(mark);
    Ok(cls)
}

/// The core of class creation (no `__init_subclass__`).
pub fn new_class(
    t: &mut Thread,
    meta: Value,
    name: Value,
    bases: Value,
    ns: Value,
) -> PyResult<Value> {
    let hmeta = t.root(meta);
    let hname = t.root(name);
    let hns = t.root(ns);
    let bases = if tuple::len(t, bases) == 0 {
        let o = t.ty(BuiltinType::Object);
        tuple::new_tuple(t, &[o])?
    } else {
        bases
    };
    let hbases = t.root(bases);
    for b in tuple::items(t, bases) {
        if !type_::is_type(t, b) {
            return Err(t.type_error("bases must be types"));
        }
        if type_::type_flags(t, b) & type_::flags::BASETYPE == 0 {
            let msg = format!(
                "type '{}' is not an acceptable base type",
                type_::tp_name(t, b)?
            );
            return Err(t.type_error(&msg));
        }
    }
    let native = type_::solid_native(t, bases)?;
    let mut flags = type_::flags::HEAPTYPE | type_::flags::BASETYPE;
    let ebase = t.ty(BuiltinType::BaseException);
    if tuple::items(t, bases)
        .iter()
        .any(|b| type_::is_subtype(t, *b, ebase))
    {
        flags |= type_::flags::EXCEPTION;
    }
    // A native buffer exporter's slots are its subclasses' prefix, so they export too.
    if tuple::items(t, bases)
        .iter()
        .any(|b| type_::type_flags(t, *b) & type_::flags::BUFFER != 0)
    {
        flags |= type_::flags::BUFFER;
    }
    let meta_layout = type_::instance_layout(t, t.get(hmeta));
    let cls = type_::alloc_type(t, meta_layout, t.get(hname), t.get(hbases), flags)?;
    let hcls = t.root(cls);
    let mro = type_::compute_mro(t, cls, t.get(hbases))?;
    t.heap.set_slot(t.get(hcls), type_::MRO, mro);
    let b0 = tuple::get(t, t.get(hbases), 0);
    t.heap.set_slot(t.get(hcls), type_::BASE, b0);
    // Copy the namespace.
    let d = type_::type_dict(t, t.get(hcls));
    let hd = t.root(d);
    let mut i = 0;
    while i < dict::nentries(t, t.get(hns)) {
        if let Some((k, v)) = dict::entry_at(t, t.get(hns), i) {
            // Keys are interned so that lookups by symbol find them.
            let hv = t.root(v);
            let key = if pystr::is_str(t, k) {
                let s = t.intern_value(k)?;
                t.sym_str(s)
            } else {
                k
            };
            dict::set(t, t.get(hd), key, t.get(hv))?;
        }
        i += 1;
    }
    // A class that defines __eq__ but not __hash__ is unhashable: CPython stores
    // `__hash__ = None` in its namespace so that instances do not inherit object's hash.
    if dict::get_rust_str(t, t.get(hd), "__eq__")?.is_some()
        && dict::get_rust_str(t, t.get(hd), "__hash__")?.is_none()
    {
        dict::set_str(t, t.get(hd), "__hash__", Value::NONE)?;
    }
    // __qualname__ comes from the namespace (and is removed from it).
    let qk = pystr::new_str(t, "__qualname__")?;
    if let Some(q) = dict::remove(t, t.get(hd), qk)? {
        if !pystr::is_str(t, q) {
            let msg = format!(
                "type __qualname__ must be a str, not {}",
                type_::type_name_of(t, q)
            );
            return Err(t.type_error(&msg));
        }
        t.heap.set_slot(t.get(hcls), type_::QUALNAME, q);
    }
    if dict::get_rust_str(t, t.get(hd), "__doc__")?.is_none() {
        dict::set_str(t, t.get(hd), "__doc__", Value::NONE)?;
    }
    if dict::get_rust_str(t, t.get(hd), "__module__")?.is_none() {
        if let Some(f) = t.frames.last() {
            let g = f.globals;
            if let Some(m) = dict::get_rust_str(t, g, "__name__")? {
                dict::set_str(t, t.get(hd), "__module__", m)?;
            }
        }
    }
    // __init_subclass__ and __class_getitem__ are implicit classmethods.
    for n in ["__init_subclass__", "__class_getitem__"] {
        if let Some(f) = dict::get_rust_str(t, t.get(hd), n)? {
            if function::is_function(t, f) {
                let cm = t.new_object(BuiltinType::ClassMethod.layout(), &[f, Value::NONE])?;
                dict::set_str(t, t.get(hd), n, cm)?;
            }
        }
    }
    // __new__ is an implicit staticmethod.
    if let Some(f) = dict::get_rust_str(t, t.get(hd), "__new__")? {
        if function::is_function(t, f) {
            let sm = t.new_object(BuiltinType::StaticMethod.layout(), &[f, Value::NONE])?;
            dict::set_str(t, t.get(hd), "__new__", sm)?;
        }
    }
    // Instance layout: prefix (native + inherited __slots__), own __slots__, then the
    // overflow slot and in-object attribute slots unless __slots__ forbids a __dict__.
    let b0 = tuple::get(t, t.get(hbases), 0);
    let base_layout = type_::instance_layout(t, b0);
    let bl = t.layouts.get(base_layout);
    let base_has_dict = bl.overflow_slot.is_some();
    // The native prefix: a builtin base's own layout may have no slots at all (tuple, str,
    // int... keep their payload in the object itself), but a subclass instance keeps the
    // payload in slot 0, so attributes start after `fixed_slots`.
    let prefix = bl
        .overflow_slot
        .unwrap_or(bl.num_slots)
        .max(native.fixed_slots());
    let base_in_object = bl.in_object;
    let mut no_dict = false;
    let slots = dict::get_rust_str(t, t.get(hd), "__slots__")?;
    let mut slot_names: Vec<Value> = Vec::new();
    let hslots_list = if let Some(s) = slots {
        let l = if pystr::is_str(t, s) {
            list::new_list_from(t, &[s])?
        } else {
            protocol::to_list(t, s)?
        };
        let hl = t.root(l);
        let mut wants_dict = false;
        for v in list::items(t, l) {
            if !pystr::is_str(t, v) {
                let msg = format!(
                    "__slots__ items must be strings, not '{}'",
                    type_::type_name_of(t, v)
                );
                return Err(t.type_error(&msg));
            }
            if pystr::str_eq_rust(t, v, "__dict__") {
                wants_dict = true;
            } else if !pystr::str_eq_rust(t, v, "__weakref__") {
                slot_names.push(v);
            }
        }
        no_dict = !wants_dict && !base_has_dict;
        Some(hl)
    } else {
        None
    };
    let _ = hslots_list;
    let nslots = slot_names.len() as u32;
    let hslot_names: Vec<_> = slot_names.iter().map(|v| t.root(*v)).collect();
    for (i, hn) in hslot_names.iter().enumerate() {
        let n = t.get(*hn);
        let sym = t.intern_value(n)?;
        let key = t.sym_str(sym);
        let hk = t.root(key);
        let m = crate::objects::descriptors::new_member(
            t,
            key,
            t.get(hcls),
            (prefix + i as u32) as usize,
        )?;
        dict::set(t, t.get(hd), t.get(hk), m)?;
    }
    let prefix = prefix + nslots;
    let own_attrs = init_attribute_count(t, t.get(hcls))?;
    let in_object = if no_dict {
        0
    } else {
        own_attrs.max(base_in_object).min(64)
    };
    let version = type_::version(t, t.get(hcls));
    let layout = Layout {
        type_: t.get(hcls),
        native,
        num_slots: if no_dict {
            prefix
        } else {
            prefix + 1 + in_object
        },
        overflow_slot: if no_dict { None } else { Some(prefix) },
        in_object,
        attrs: Vec::new(),
        dict_mode: false,
        add_transitions: Default::default(),
        delete_transitions: Default::default(),
        type_version: version,
        depth: 0,
    };
    let lid = t.layouts.push(layout);
    type_::set_instance_layout(t, t.get(hcls), lid);
    if no_dict {
        let f = type_::type_flags(t, t.get(hcls)) | type_::flags::NO_DICT;
        t.heap
            .set_slot(t.get(hcls), type_::FLAGS, Value::small_int(f));
    }
    // Register with the bases' subclass lists.
    for b in tuple::items(t, t.get(hbases)) {
        let subs = t.heap.slot(b, type_::SUBCLASSES);
        if list::is_list(t, subs) {
            list::append(t, subs, t.get(hcls))?;
        }
    }
    // __classcell__: point the class body's __class__ cell at the new class.
    let ck = pystr::new_str(t, "__classcell__")?;
    if let Some(cell) = dict::remove(t, t.get(hd), ck)? {
        if t.layout_of(cell) == BuiltinType::Cell.layout() {
            t.heap.set_slot(cell, 0, t.get(hcls));
        } else {
            let msg = format!(
                "__classcell__ must be a nonlocal cell, not {}",
                type_::type_name_of(t, cell)
            );
            return Err(t.type_error(&msg));
        }
    }
    // The namespace is complete: lookups cached while it was filled are stale.
    type_::invalidate(t, t.get(hcls));
    // __set_name__ on namespace values, over a copy of the namespace as CPython's
    // `type_new_set_names`: a __set_name__ may delete and re-add class attributes (enum's
    // members do), which can move the live dict's entries.
    let names = dict::copy(t, t.get(hd))?;
    let hd = t.root(names);
    let mut i = 0;
    while i < dict::nentries(t, t.get(hd)) {
        if let Some((k, v)) = dict::entry_at(t, t.get(hd), i) {
            let mark = t.handle_mark();
            let hk = t.root(k);
            let hv = t.root(v);
            let vty = t.type_of(v);
            if let Some(sn) = type_::lookup_sym(t, vty, crate::symbols::sym::__set_name__) {
                protocol::call(t, sn, &[t.get(hv), t.get(hcls), t.get(hk)])?;
            }
            t.handle_release(mark);
        }
        i += 1;
    }
    Ok(t.get(hcls))
}

/// Number of attributes `__init__` (found along the MRO) assigns on self.
fn init_attribute_count(t: &mut Thread, cls: Value) -> PyResult<u32> {
    let init = type_::lookup_sym(t, cls, crate::symbols::sym::__init__);
    match init {
        Some(f) if function::is_function(t, f) => {
            let c = t.heap.slot(f, function::CODE);
            let data = code::code_data(t, c);
            if data.is_null() {
                return Ok(0);
            }
            // SAFETY: the function and its code are reachable from the class dict (rooted by
            // the caller's handle) and nothing allocates while we read.
            Ok(unsafe { (*data).self_attributes.len() as u32 })
        }
        _ => Ok(0),
    }
}

// ----- __build_class__ -----

fn build_class(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() < 2 {
        return Err(t.type_error("__build_class__: not enough arguments"));
    }
    let func = a.get(t, 0);
    if !function::is_function(t, func) {
        return Err(t.type_error("__build_class__: func must be a function"));
    }
    let name = a.get(t, 1);
    if !pystr::is_str(t, name) {
        return Err(t.type_error("__build_class__: name is not a string"));
    }
    // Bases, with __mro_entries__ resolution.
    let raw_bases: Vec<Value> = (2..a.len()).map(|i| a.get(t, i)).collect();
    let orig = tuple::new_tuple(t, &raw_bases)?;
    let horig = t.root(orig);
    let bases = resolve_mro_entries(t, orig)?;
    let hbases = t.root(bases);
    // Keywords: metaclass and the rest.
    let mut meta = None;
    let mut kwnames = Vec::new();
    let mut kwvals = Vec::new();
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "metaclass") {
            meta = Some(v);
        } else {
            kwnames.push(t.root(k));
            kwvals.push(t.root(v));
        }
    }
    let is_class = meta.map(|m| type_::is_type(t, m)).unwrap_or(true);
    let mut meta = match meta {
        Some(m) => m,
        None => {
            if tuple::len(t, bases) == 0 {
                t.ty(BuiltinType::Type)
            } else {
                t.type_of(tuple::get(t, bases, 0))
            }
        }
    };
    if is_class {
        meta = calculate_metaclass(t, meta, bases)?;
    }
    let hmeta = t.root(meta);
    let kwn = if kwnames.is_empty() {
        Value::NONE
    } else {
        let names: Vec<Value> = kwnames.iter().map(|h| t.get(*h)).collect();
        tuple::new_tuple(t, &names)?
    };
    let hkwn = t.root(kwn);
    // __prepare__
    // Re-read: building the keyword-name tuple above may have moved the metaclass.
    let prep = match protocol::getattr_str(t, t.get(hmeta), "__prepare__") {
        Ok(p) => Some(p),
        Err(e) => {
            if t.exception_matches(BuiltinType::AttributeError) {
                t.take_exception();
                None
            } else {
                return Err(e);
            }
        }
    };
    let ns = match prep {
        Some(p) => {
            let mut args = vec![a.get(t, 1), t.get(hbases)];
            args.extend(kwvals.iter().map(|h| t.get(*h)));
            protocol::call_with_kw(t, p, &args, t.get(hkwn))?
        }
        None => dict::new_dict(t)?,
    };
    let hns = t.root(ns);
    let cell = crate::interpreter::run_class_body(t, a.get(t, 0), ns)?;
    let hcell = t.root(cell);
    if t.get(horig) != t.get(hbases) && !tuple::items(t, t.get(horig)).is_empty() {
        let changed = tuple::items(t, t.get(horig)) != tuple::items(t, t.get(hbases));
        if changed {
            let key = pystr::new_str(t, "__orig_bases__")?;
            protocol::setitem(t, t.get(hns), key, t.get(horig))?;
        }
    }
    let mut args = vec![a.get(t, 1), t.get(hbases), t.get(hns)];
    args.extend(kwvals.iter().map(|h| t.get(*h)));
    let cls = protocol::call_with_kw(t, t.get(hmeta), &args, t.get(hkwn))?;
    let cell = t.get(hcell);
    if t.layout_of(cell) == BuiltinType::Cell.layout() {
        let cur = t.heap.slot(cell, 0);
        if cur.is_unbound() {
            t.heap.set_slot(cell, 0, cls);
        }
    }
    Ok(cls)
}

fn resolve_mro_entries(t: &mut Thread, bases: Value) -> PyResult<Value> {
    let hb = t.root(bases);
    let mut changed = false;
    let mut out = Vec::new();
    for i in 0..tuple::len(t, bases) {
        let b = tuple::get(t, t.get(hb), i);
        if type_::is_type(t, b) {
            out.push(t.root(b));
            continue;
        }
        let hbase = t.root(b);
        let bt = t.type_of(b);
        match type_::lookup_sym(t, bt, crate::symbols::sym::__mro_entries__) {
            Some(m) => {
                let r = protocol::call(t, m, &[t.get(hbase), t.get(hb)])?;
                if !tuple::is_tuple(t, r) {
                    return Err(t.type_error("__mro_entries__ must return a tuple"));
                }
                for x in tuple::items(t, r) {
                    out.push(t.root(x));
                }
                changed = true;
            }
            None => out.push(hbase),
        }
    }
    if !changed {
        return Ok(t.get(hb));
    }
    let vals: Vec<Value> = out.iter().map(|h| t.get(*h)).collect();
    tuple::new_tuple(t, &vals)
}

// ----- type's attributes -----

fn type_name_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), type_::NAME))
}
fn type_name_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 1);
    if !pystr::is_str(t, v) {
        let msg = format!(
            "can only assign string to {}.__name__, not '{}'",
            type_::type_name(t, a.get(t, 0)),
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    t.heap.set_slot(a.get(t, 0), type_::NAME, v);
    Ok(Value::NONE)
}
fn type_qualname_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), type_::QUALNAME))
}
fn type_qualname_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    t.heap.set_slot(a.get(t, 0), type_::QUALNAME, a.get(t, 1));
    Ok(Value::NONE)
}
fn type_bases(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), type_::BASES))
}
fn type_base(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), type_::BASE))
}
fn type_mro_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), type_::MRO))
}
fn type_mro_method(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mro = t.heap.slot(a.get(t, 0), type_::MRO);
    let items = tuple::items(t, mro);
    list::new_list_from(t, &items)
}
fn type_module(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ty = a.get(t, 0);
    let d = type_::type_dict(t, ty);
    if let Some(m) = dict::get_rust_str(t, d, "__module__")? {
        // `type`'s own dict holds the `__module__` descriptor itself, not a module name.
        if !crate::objects::descriptors::is_getset_descriptor(t, m) {
            return Ok(m);
        }
    }
    pystr::new_str(t, "builtins")
}
fn type_module_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    let d = type_::type_dict(t, a.get(t, 0));
    dict::set_str(t, d, "__module__", a.get(t, 1))?;
    Ok(Value::NONE)
}
fn type_doc(t: &mut Thread, a: Args) -> PyResult<Value> {
    let d = type_::type_dict(t, a.get(t, 0));
    let doc = dict::get_rust_str(t, d, "__doc__")?.unwrap_or(Value::NONE);
    // `type`'s own dict holds the `__doc__` descriptor itself.
    if doc.is_none() || crate::objects::descriptors::is_getset_descriptor(t, doc) {
        return Ok(Value::NONE);
    }
    protocol::attr::descr_get(t, doc, Value::UNBOUND, a.get(t, 0))
}
/// `cls.__doc__ = v` (CPython's type_set_doc): classes only; builtin types are immutable.
fn type_doc_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    if type_::type_flags(t, cls) & type_::flags::BUILTIN != 0 {
        let msg = format!(
            "cannot set '__doc__' attribute of immutable type '{}'",
            type_::tp_name(t, cls)?
        );
        return Err(t.type_error(&msg));
    }
    type_::define(t, a.get(t, 0), "__doc__", a.get(t, 1))?;
    Ok(Value::NONE)
}
fn type_dict_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let d = type_::type_dict(t, a.get(t, 0));
    crate::objects::mappingproxy::new_mappingproxy(t, d)
}
fn type_subclasses(t: &mut Thread, a: Args) -> PyResult<Value> {
    let subs = t.heap.slot(a.get(t, 0), type_::SUBCLASSES);
    let items = if list::is_list(t, subs) {
        list::items(t, subs)
    } else {
        Vec::new()
    };
    list::new_list_from(t, &items)
}
fn type_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ty = a.get(t, 0);
    let q = pystr::to_rust_string(t, t.heap.slot(ty, type_::QUALNAME));
    let d = type_::type_dict(t, ty);
    let m = dict::get_rust_str(t, d, "__module__")?
        .filter(|m| pystr::is_str(t, *m))
        .map(|m| pystr::to_rust_string(t, m));
    let s = match m {
        Some(m) if m != "builtins" => format!("<class '{m}.{q}'>"),
        _ => format!("<class '{q}'>"),
    };
    pystr::new_str(t, &s)
}
fn type_call_method(t: &mut Thread, a: Args) -> PyResult<Value> {
    // type.__call__(cls, *args, **kw): re-lay the call out as a type call.
    let n = a.nargs + a.nkw + (a.nkw > 0) as usize;
    crate::interpreter::frame::check_stack(t, n + 2)?;
    let top = t.stack.sp;
    t.stack.push(Value::UNBOUND);
    for i in 0..n {
        let v = t.stack.slots[a.base + i];
        t.stack.push(v);
    }
    let r = type_call(t, top + 1, a.nargs - 1, a.nkw);
    t.stack.sp = top;
    r
}
fn type_init(_t: &mut Thread, _a: Args) -> PyResult<Value> {
    Ok(Value::NONE)
}
fn type_instancecheck(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__instancecheck__", 2, 2)?;
    let ty = t.type_of(a.get(t, 1));
    Ok(Value::from_bool(type_::is_subtype(t, ty, a.get(t, 0))))
}
fn type_subclasscheck(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__subclasscheck__", 2, 2)?;
    let sub = a.get(t, 1);
    if !type_::is_type(t, sub) {
        return Err(t.type_error("issubclass() arg 1 must be a class"));
    }
    Ok(Value::from_bool(type_::is_subtype(t, sub, a.get(t, 0))))
}
fn type_prepare(t: &mut Thread, _a: Args) -> PyResult<Value> {
    dict::new_dict(t)
}
fn type_flags_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    // CPython-compatible bits that programs test: HEAPTYPE 1<<9, BASETYPE 1<<10.
    let f = type_::type_flags(t, a.get(t, 0));
    let mut out = 0i64;
    if f & type_::flags::HEAPTYPE != 0 {
        out |= 1 << 9;
    }
    if f & type_::flags::BASETYPE != 0 {
        out |= 1 << 10;
    }
    if f & type_::flags::ABSTRACT != 0 {
        out |= 1 << 20;
    }
    Ok(Value::small_int(out))
}
fn type_abstractmethods(t: &mut Thread, a: Args) -> PyResult<Value> {
    let ty = a.get(t, 0);
    let d = type_::type_dict(t, ty);
    match dict::get_rust_str(t, d, "__abstractmethods__")? {
        Some(v) => Ok(v),
        None => {
            let n = pystr::new_str(t, "__abstractmethods__")?;
            Err(protocol::attr::no_attribute(t, a.get(t, 0), n))
        }
    }
}
/// `cls.__abstractmethods__ = v`: stores it and sets the ABSTRACT flag `object.__new__`
/// checks when `v` is true (CPython's type_set_abstractmethods).
fn type_abstractmethods_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    let abstract_ = protocol::truthy(t, a.get(t, 1))?;
    type_::define(t, a.get(t, 0), "__abstractmethods__", a.get(t, 1))?;
    type_::set_flag(t, a.get(t, 0), type_::flags::ABSTRACT, abstract_);
    Ok(Value::NONE)
}

pub fn init(t: &mut Thread) -> PyResult<()> {
    native::add_static(t, t.ty(BuiltinType::Type), "__new__", type_new)?;
    native::add_method(t, t.ty(BuiltinType::Type), "__init__", type_init)?;
    native::add_method(t, t.ty(BuiltinType::Type), "__call__", type_call_method)?;
    native::add_method(t, t.ty(BuiltinType::Type), "__repr__", type_repr)?;
    native::add_method(t, t.ty(BuiltinType::Type), "mro", type_mro_method)?;
    native::add_method(
        t,
        t.ty(BuiltinType::Type),
        "__subclasses__",
        type_subclasses,
    )?;
    native::add_method(
        t,
        t.ty(BuiltinType::Type),
        "__instancecheck__",
        type_instancecheck,
    )?;
    native::add_method(
        t,
        t.ty(BuiltinType::Type),
        "__subclasscheck__",
        type_subclasscheck,
    )?;
    native::add_classmethod(t, t.ty(BuiltinType::Type), "__prepare__", type_prepare)?;
    add_getset(
        t,
        t.ty(BuiltinType::Type),
        "__name__",
        type_name_get,
        Some(type_name_set),
    )?;
    add_getset(
        t,
        t.ty(BuiltinType::Type),
        "__qualname__",
        type_qualname_get,
        Some(type_qualname_set),
    )?;
    add_getset(t, t.ty(BuiltinType::Type), "__bases__", type_bases, None)?;
    add_getset(t, t.ty(BuiltinType::Type), "__base__", type_base, None)?;
    add_getset(t, t.ty(BuiltinType::Type), "__mro__", type_mro_get, None)?;
    add_getset(
        t,
        t.ty(BuiltinType::Type),
        "__module__",
        type_module,
        Some(type_module_set),
    )?;
    add_getset(t, t.ty(BuiltinType::Type), "__doc__", type_doc, Some(type_doc_set))?;
    add_getset(t, t.ty(BuiltinType::Type), "__dict__", type_dict_get, None)?;
    add_getset(
        t,
        t.ty(BuiltinType::Type),
        "__flags__",
        type_flags_get,
        None,
    )?;
    add_getset(
        t,
        t.ty(BuiltinType::Type),
        "__abstractmethods__",
        type_abstractmethods,
        Some(type_abstractmethods_set),
    )?;
    Ok(())
}

/// Registers `__build_class__` in the builtins namespace `ns`.
pub fn add_build_class(t: &mut Thread, ns: Value) -> PyResult<()> {
    native::add_function(t, ns, "builtins", "__build_class__", build_class)
}

//! Types that native modules define (`itertools.count`, `collections.deque`, ...; later the
//! types C extensions create with `PyType_FromSpec`).
//!
//! Such a type is a builtin-flagged type whose instances carry `slots` native value slots
//! (NativeKind::Record) that the module's natives read and write by index; a Python subclass
//! keeps those slots as its prefix and adds its attribute slots after them. The types live
//! in `Thread::native_types` under their qualified name, so natives that create instances
//! of a type other than their receiver's (`tee()` making `_tee` objects) can find it.
//!
//! A native type may instead derive from a builtin type (`new_native_subtype`:
//! `collections.defaultdict` from `dict`): its instances keep the builtin's native shape and
//! slots, so every builtin method and fast path applies, and carry the type's own native
//! slots right after them.
//!
//! A native type may export a buffer (`set_buffer_exporter`, `array.array`): its instances
//! then keep the exported bytes in their first native slots by the `BUF_*` convention below,
//! which is all `bytes::exporter_data` and `memoryview` need to read and write them, so the
//! vm never calls into the module that defined the type.

use ember_gc::{Format, Value};

use crate::errors::PyResult;
use crate::layout::{Layout, NativeKind};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::{self, Args};
use crate::objects::{dict, list, str as pystr, tuple, type_};
use crate::thread::Thread;

/// What a native module's type looks like.
pub struct NativeTypeSpec {
    /// `__module__` (e.g. "itertools").
    pub module: &'static str,
    /// `__name__` (e.g. "count").
    pub name: &'static str,
    /// Native value slots of each instance.
    pub slots: u32,
    /// Whether Python classes may inherit from it (CPython's Py_TPFLAGS_BASETYPE).
    pub basetype: bool,
    /// Whether its own instances have a `__dict__` (subclass instances always do unless
    /// `__slots__` says otherwise).
    pub dict: bool,
}

impl NativeTypeSpec {
    /// "module.name", the key in `Thread::native_types` and CPython's `tp_name`.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.module, self.name)
    }
}

/// Creates the type `spec` describes (a subclass of `object`) and registers it under
/// `key` (conventionally "module.name").
pub fn new_native_type(
    t: &mut Thread,
    key: &'static str,
    spec: &NativeTypeSpec,
) -> PyResult<Value> {
    let object = t.ty(BuiltinType::Object);
    create(t, key, spec, object, NativeKind::Record, 0)
}

/// Creates the type `spec` describes as a subclass of the builtin type `base`
/// (`collections.defaultdict` derives from `dict`) and registers it under `key`. Its
/// instances have the base's native shape, so the base's natives work on them unchanged, and
/// `spec.slots` further native value slots after the base's own slots (the first is
/// `native_slot(t, base, 0)`). Instances are created by the base's allocator for subclasses
/// (e.g. `dict::new_dict_of`), which starts the extra slots as None.
pub fn new_native_subtype(
    t: &mut Thread,
    key: &'static str,
    spec: &NativeTypeSpec,
    base: BuiltinType,
) -> PyResult<Value> {
    if base == BuiltinType::Object {
        return new_native_type(t, key, spec);
    }
    let native = t.layouts.get(base.layout()).native;
    let prefix = base_slots(t, base);
    let base_ty = t.ty(base);
    create(t, key, spec, base_ty, native, prefix)
}

/// Like `new_native_type`, with `base` another native-module type (`_io.BufferedReader`
/// derives from `_io._BufferedIOBase`), whose native slots must be a prefix of this type's:
/// `spec.slots` counts them all.
pub fn new_native_subtype_of(
    t: &mut Thread,
    key: &'static str,
    spec: &NativeTypeSpec,
    base: Value,
) -> PyResult<Value> {
    create(t, key, spec, base, NativeKind::Record, 0)
}

/// Index of extra native slot `i` of instances of a type made by `new_native_subtype` over
/// `base`.
pub fn native_slot(t: &Thread, base: BuiltinType, i: usize) -> usize {
    base_slots(t, base) as usize + i
}

/// Number of slots the exact instances of builtin `base` carry.
fn base_slots(t: &Thread, base: BuiltinType) -> u32 {
    let l = t.layouts.get(base.layout());
    l.overflow_slot.unwrap_or(l.num_slots)
}

fn create(
    t: &mut Thread,
    key: &'static str,
    spec: &NativeTypeSpec,
    base: Value,
    native: NativeKind,
    prefix: u32,
) -> PyResult<Value> {
    let hbase = t.root(base);
    let name = pystr::new_str(t, spec.name)?;
    let hn = t.root(name);
    let bases = tuple::new_tuple(t, &[t.get(hbase)])?;
    let hb = t.root(bases);
    let mut flags = type_::flags::BUILTIN | type_::flags::NATIVE;
    if spec.basetype {
        flags |= type_::flags::BASETYPE;
    }
    if !spec.dict {
        flags |= type_::flags::NO_DICT;
    }
    let ty = type_::alloc_type(t, BuiltinType::Type.layout(), t.get(hn), t.get(hb), flags)?;
    let hty = t.root(ty);
    let mro = type_::compute_mro(t, ty, t.get(hb))?;
    t.heap.set_slot(t.get(hty), type_::MRO, mro);
    t.heap.set_slot(t.get(hty), type_::BASE, t.get(hbase));
    let version = type_::version(t, t.get(hty));
    let slots = prefix + spec.slots;
    let (num_slots, overflow_slot) = if spec.dict {
        (slots + 1, Some(slots))
    } else {
        (slots, None)
    };
    let layout = t.layouts.push(Layout {
        type_: t.get(hty),
        native,
        num_slots,
        overflow_slot,
        in_object: 0,
        attrs: Vec::new(),
        dict_mode: false,
        add_transitions: Default::default(),
        delete_transitions: Default::default(),
        type_version: version,
        depth: 0,
    });
    type_::set_instance_layout(t, t.get(hty), layout);
    let module = pystr::new_str(t, spec.module)?;
    let d = type_::type_dict(t, t.get(hty));
    dict::set_str(t, d, "__module__", module)?;
    let subs = t.heap.slot(t.get(hbase), type_::SUBCLASSES);
    if list::is_list(t, subs) {
        list::append(t, subs, t.get(hty))?;
    }
    let ty = t.get(hty);
    t.native_types.push((key, ty));
    Ok(ty)
}

/// The native type registered under `key`, if its module has been initialised.
pub fn native_type(t: &Thread, key: &str) -> Option<Value> {
    t.native_types
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
}

/// Whether `v` is an instance of the native type `ty` or of a subclass.
pub fn is_instance(t: &Thread, v: Value, ty: Value) -> bool {
    type_::is_subtype(t, t.type_of(v), ty)
}

/// A new instance of `cls` (a native type or a subclass of one) whose native slots hold
/// `slots` (any further native slots start as None, attribute slots empty).
pub fn new_instance(t: &mut Thread, cls: Value, slots: &[Value]) -> PyResult<Value> {
    let mark = t.handle_mark();
    let hvals: Vec<_> = slots.iter().map(|v| t.root(*v)).collect();
    let layout = type_::instance_layout(t, cls);
    let l = t.layouts.get(layout);
    let n = l.num_slots as usize;
    // Native slots and the overflow slot start as None; in-object attribute slots empty.
    let prefix = l.overflow_slot.map(|o| o as usize + 1).unwrap_or(n);
    debug_assert!(slots.len() <= prefix);
    let obj = t.alloc_slots(layout, n, Value::UNBOUND)?;
    for i in 0..prefix {
        t.heap.set_slot(obj, i, Value::NONE);
    }
    for (i, h) in hvals.iter().enumerate() {
        let v = t.get(*h);
        t.heap.set_slot(obj, i, v);
    }
    t.handle_release(mark);
    Ok(obj)
}

/// A native type's `tp_iternext`: Some(item), or None (Rust) when exhausted, without
/// raising StopIteration.
pub type IterNextFn = fn(&mut Thread, Value) -> PyResult<Option<Value>>;

/// Lets `protocol::next` call `f` directly for instances of exactly `ty` (whose `__next__`
/// must run the same step), skipping the `__next__` lookup, the call and StopIteration.
/// Instances of Python subclasses, which may override `__next__`, take the generic path.
pub fn set_iternext(t: &mut Thread, ty: Value, f: IterNextFn) {
    let layout = type_::instance_layout(t, ty);
    t.native_iternext.push((layout, f));
}

/// A `__new__` for types Python code may not instantiate: "cannot create 'M.T' instances".
pub fn no_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    let name = if type_::is_type(t, cls) {
        type_::tp_name(t, cls)?
    } else {
        type_::type_name_of(t, cls)
    };
    Err(t.type_error(&format!("cannot create '{name}' instances")))
}

/// Makes `ty` non-instantiable from Python (its natives create instances with
/// `new_instance`).
pub fn forbid_new(t: &mut Thread, ty: Value) -> PyResult<()> {
    native::add_static(t, ty, "__new__", no_new)
}

/// Registers a builtin type that lives in another module than `builtins` (`types.UnionType`)
/// under its tp_name `key`, so messages name it as CPython's do.
pub fn register_builtin(t: &mut Thread, key: &'static str, ty: Value) {
    let f = type_::type_flags(t, ty);
    t.heap
        .set_slot(ty, type_::FLAGS, Value::small_int(f | type_::flags::NATIVE));
    t.native_types.push((key, ty));
}

// ----- buffer exporters -----

/// Native slot of a buffer exporter holding its storage: a Bytes-format object whose
/// first `BUF_LEN` bytes are the exported contents (the rest is spare capacity).
pub const BUF_STORAGE: usize = 0;
/// Native slot holding the number of bytes in use (SmallInt).
pub const BUF_LEN: usize = 1;
/// Native slot holding the `struct` format of one item (str, e.g. "d").
pub const BUF_FORMAT: usize = 2;
/// Native slot holding the item size in bytes (SmallInt).
pub const BUF_ITEMSIZE: usize = 3;

/// Marks the native type `ty` (made with at least 4 native slots) as a buffer exporter:
/// `bytes(x)`, `memoryview(x)`, file `write`/`readinto` and every other reader of
/// bytes-like objects accept its instances (and its subclasses'). The exported buffer is
/// writable.
pub fn set_buffer_exporter(t: &mut Thread, ty: Value) {
    type_::set_flag(t, ty, type_::flags::BUFFER, true);
}

/// The storage object and byte length of a buffer exporter whose slots are initialised
/// (an instance made by `object.__new__` of a subclass may not be).
fn buffer_storage(t: &Thread, v: Value) -> Option<(Value, usize)> {
    if !v.is_heap()
        || t.layouts.get(t.heap.layout_id(v)).native != NativeKind::Record
        || type_::type_flags(t, t.type_of(v)) & type_::flags::BUFFER == 0
        || t.heap.count(v) <= BUF_ITEMSIZE
    {
        return None;
    }
    let (s, n) = (t.heap.slot(v, BUF_STORAGE), t.heap.slot(v, BUF_LEN));
    if !s.is_heap() || t.heap.format(s) != Format::Bytes || !n.is_small_int() {
        return None;
    }
    let n = usize::try_from(n.as_small_int()).ok()?;
    (n <= t.heap.count(s)).then_some((s, n))
}

/// Whether `v` is an instance of a buffer-exporting native type.
pub fn is_buffer(t: &Thread, v: Value) -> bool {
    buffer_storage(t, v).is_some()
}

/// The exported bytes of a native buffer exporter, borrowing the heap.
pub fn buffer_data(t: &Thread, v: Value) -> Option<&[u8]> {
    let (s, n) = buffer_storage(t, v)?;
    Some(&t.heap.bytes(s)[..n])
}

/// The exported bytes of a native buffer exporter, mutably (writes through a memoryview,
/// `readinto`, `struct.pack_into`).
pub fn buffer_data_mut(t: &mut Thread, v: Value) -> Option<&mut [u8]> {
    let (s, n) = buffer_storage(t, v)?;
    Some(&mut t.heap.bytes_mut(s)[..n])
}

/// The item format and size of a native buffer exporter.
pub fn buffer_format(t: &Thread, v: Value) -> Option<(String, usize)> {
    buffer_storage(t, v)?;
    let (f, size) = (t.heap.slot(v, BUF_FORMAT), t.heap.slot(v, BUF_ITEMSIZE));
    if !pystr::is_str(t, f) || !size.is_small_int() || size.as_small_int() <= 0 {
        return None;
    }
    Some((pystr::to_rust_string(t, f), size.as_small_int() as usize))
}

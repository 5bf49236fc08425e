//! Layouts (hidden classes). Every heap object's header names a layout; the layout names the
//! object's type, its native shape (which fixed slots come first) and where each instance
//! attribute lives. Instances that gain attributes move along *add* transitions to new
//! layouts; deleting an attribute follows a *delete* transition; past a budget of layouts per
//! type, an instance goes to dictionary mode (its overflow slot holds a real dict).
//!
//! **Invariant:** the layout id in an object's header determines both its type and the
//! position of every layout-backed attribute. Inline caches key on the id alone, plus the
//! type's version (so a later class-level descriptor can shadow a cached instance slot).
//!
//! **Invariant:** builtin types' own instance layouts have fixed ids: `BuiltinType as u32`.
//! Layout ids of dynamic layouts are never reused while any object may still carry them
//! (FIXME(layout-recycling): recycle ids of dead layouts once the collector reports which
//! layouts are unreferenced).

use std::collections::HashMap;

use ember_gc::{LayoutId, Value};

use crate::objects::builtin_types::{BuiltinType, BUILTIN_TYPE_COUNT};
use crate::symbols::Symbol;

/// The fixed storage shape that prefixes an object's slots. Builtin methods check the native
/// kind (not the exact type) so that they also work on instances of subclasses.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum NativeKind {
    /// No heap representation (SmallInt, small str, None, bool...): used for the layouts of
    /// immediate-only types.
    Immediate,
    Object,
    Type,
    LargeInt,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    Tuple,
    List,
    Array,
    Dict,
    Set,
    Range,
    Slice,
    Function,
    Method,
    Code,
    Cell,
    Module,
    BuiltinFunction,
    MethodDescriptor,
    Property,
    ClassMethod,
    StaticMethod,
    Generator,
    Exception,
    Traceback,
    Super,
    SlotDescriptor,
    /// Weak references and proxies: referent (weak), callback, hash.
    WeakRef,
    /// `types.GenericAlias`: origin, args, parameters.
    GenericAlias,
    /// Iterators and views of builtin containers: a few generic slots.
    Iterator,
    /// Small internal records.
    Record,
}

impl NativeKind {
    /// Number of fixed leading slots that instances of this native shape carry, for
    /// Slots-format shapes (Bytes-format shapes return 0 and cannot be subclassed with
    /// attribute slots except through the overflow object).
    pub const fn fixed_slots(self) -> u32 {
        match self {
            NativeKind::Immediate | NativeKind::Object => 0,
            NativeKind::Type => crate::objects::type_::TYPE_SLOTS,
            NativeKind::List => 2,
            NativeKind::Dict => crate::objects::dict::DICT_SLOTS,
            NativeKind::Set => crate::objects::set::SET_SLOTS,
            NativeKind::Exception => crate::objects::exceptions::EXC_SLOTS,
            NativeKind::Module => 2,
            NativeKind::Function => crate::objects::function::FUNC_SLOTS,
            NativeKind::ByteArray => 2,
            NativeKind::WeakRef => crate::objects::weakref::WEAKREF_SLOTS,
            NativeKind::GenericAlias => 3,
            NativeKind::Property => crate::objects::descriptors::PROPERTY_SLOTS,
            // The wrapped callable.
            NativeKind::ClassMethod | NativeKind::StaticMethod => 1,
            // Bytes-format shapes keep their payload elsewhere when subclassed: a subclass
            // instance of int/float/str/bytes/tuple stores the payload in slot 0.
            NativeKind::LargeInt
            | NativeKind::Float
            | NativeKind::Complex
            | NativeKind::Str
            | NativeKind::Bytes
            | NativeKind::Tuple => 1,
            _ => 0,
        }
    }
}

/// Where a layout-backed attribute lives.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum AttrLoc {
    /// Slot index in the object itself.
    InObject(u32),
    /// Index in the overflow tuple held in the overflow slot.
    Overflow(u32),
}

/// A hidden class.
pub struct Layout {
    /// The type of objects with this layout. A root: the collector updates it.
    pub type_: Value,
    pub native: NativeKind,
    /// Total value slots of a fresh instance (fixed slots + overflow slot + in-object slots).
    pub num_slots: u32,
    /// Slot holding the overflow tuple (or the dict in dictionary mode); None if instances
    /// cannot have dynamic attributes (builtin instances, `__slots__` without `__dict__`).
    pub overflow_slot: Option<u32>,
    /// Number of in-object attribute slots, starting right after the overflow slot.
    pub in_object: u32,
    /// Attributes in insertion order (the order `__dict__` shows them).
    pub attrs: Vec<(Symbol, AttrLoc)>,
    /// Instances of this layout keep attributes in a dict in the overflow slot.
    pub dict_mode: bool,
    pub add_transitions: HashMap<Symbol, LayoutId>,
    pub delete_transitions: HashMap<Symbol, LayoutId>,
    /// The type's version when this layout was last checked; mirrors the type so caches can
    /// compare against the layout table entry they already load.
    pub type_version: u32,
    /// How many layouts hang off this layout's root (shared budget for dictionary mode).
    pub depth: u32,
}

/// Past this many attributes added one by one, instances go to dictionary mode.
pub const MAX_LAYOUT_ATTRS: u32 = 48;

impl Layout {
    pub fn lookup(&self, sym: Symbol) -> Option<AttrLoc> {
        self.attrs
            .iter()
            .find(|(s, _)| *s == sym)
            .map(|(_, loc)| *loc)
    }

    /// Number of attributes kept in the overflow tuple.
    pub fn overflow_count(&self) -> u32 {
        self.attrs
            .iter()
            .filter(|(_, l)| matches!(l, AttrLoc::Overflow(_)))
            .count() as u32
    }
}

/// All layouts, indexed by id.
pub struct LayoutTable {
    pub entries: Vec<Layout>,
}

impl LayoutTable {
    /// Creates the table with one placeholder entry per builtin type; `objects::bootstrap`
    /// fills in the type values.
    pub fn new() -> LayoutTable {
        let mut entries = Vec::with_capacity(BUILTIN_TYPE_COUNT * 2);
        for bt in BuiltinType::ALL.iter() {
            let native = bt.native_kind();
            let (num_slots, overflow_slot) = bt.instance_slots();
            entries.push(Layout {
                type_: Value::NONE,
                native,
                num_slots,
                overflow_slot,
                in_object: 0,
                attrs: Vec::new(),
                dict_mode: overflow_slot.is_some(),
                add_transitions: HashMap::new(),
                delete_transitions: HashMap::new(),
                type_version: 0,
                depth: 0,
            });
        }
        LayoutTable { entries }
    }

    #[inline]
    pub fn get(&self, id: LayoutId) -> &Layout {
        &self.entries[id.0 as usize]
    }

    #[inline]
    pub fn get_mut(&mut self, id: LayoutId) -> &mut Layout {
        &mut self.entries[id.0 as usize]
    }

    pub fn push(&mut self, layout: Layout) -> LayoutId {
        let id = LayoutId(self.entries.len() as u32);
        self.entries.push(layout);
        id
    }

    /// Visits the type values held in the table (collector roots).
    pub fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut Value)) {
        for l in self.entries.iter_mut() {
            visit(&mut l.type_);
        }
    }
}

impl Default for LayoutTable {
    fn default() -> Self {
        Self::new()
    }
}

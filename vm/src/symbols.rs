//! Interned names. Attribute and variable names are interned once into a `Symbol` (a dense
//! u32) so layouts and caches can key on a number that does not change when the collector
//! moves the string. The canonical string of every symbol is kept in `values`, a root.
//!
//! **Invariant:** a symbol's string value is the canonical (interned) str for those bytes:
//! short names are immediate small strs; longer ones are the one heap str recorded here.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use ember_gc::Value;

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(pub u32);

/// FNV-1a: names are short and trusted (they come from code and attribute access), so a
/// fast non-keyed hash beats SipHash here; name lookups sit on the attribute slow paths.
#[derive(Default)]
pub struct NameHasher(u64);

impl Hasher for NameHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Default)]
pub struct SymbolTable {
    /// The interned str of each symbol (a root).
    pub values: Vec<Value>,
    by_bytes: HashMap<Box<[u8]>, Symbol, BuildHasherDefault<NameHasher>>,
}

impl SymbolTable {
    pub fn new() -> SymbolTable {
        SymbolTable::default()
    }

    pub fn find(&self, bytes: &[u8]) -> Option<Symbol> {
        self.by_bytes.get(bytes).copied()
    }

    /// Records a new symbol whose interned str is `value` (which the caller allocated).
    pub fn insert(&mut self, bytes: &[u8], value: Value) -> Symbol {
        let sym = Symbol(self.values.len() as u32);
        self.values.push(value);
        self.by_bytes.insert(bytes.into(), sym);
        sym
    }

    #[inline]
    pub fn value(&self, sym: Symbol) -> Value {
        self.values[sym.0 as usize]
    }

    pub fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut Value)) {
        for v in self.values.iter_mut() {
            visit(v);
        }
    }
}

/// Declares the names interned first, in order, at bootstrap, so each has a fixed symbol
/// known at compile time (`sym::__init__`): hot paths look special methods up by symbol
/// and never hash a name.
macro_rules! known_symbols {
    ($($name:ident)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u32)]
        enum KnownIndex { $($name,)* }

        /// Symbols with fixed numbers (see `KNOWN`).
        #[allow(non_upper_case_globals)]
        pub mod sym {
            use super::{KnownIndex, Symbol};
            $(pub const $name: Symbol = Symbol(KnownIndex::$name as u32);)*
        }

        /// The names of the fixed symbols, in symbol order.
        pub const KNOWN: &[&str] = &[$(stringify!($name),)*];
    };
}

known_symbols! {
    __abs__ __add__ __aenter__ __aexit__ __aiter__ __and__ __anext__ __await__ __bool__
    __bytes__ __call__ __class__ __class_getitem__ __complex__ __contains__ __del__
    __delattr__ __delete__ __delitem__ __dict__ __dir__ __divmod__ __doc__ __enter__ __eq__
    __exit__ __float__ __floor__ __floordiv__ __format__ __fspath__ __ge__ __get__
    __getattr__ __getattribute__ __getitem__ __gt__ __hash__ __iadd__ __iand__
    __ifloordiv__ __ilshift__ __imatmul__ __imod__ __imul__ __index__ __init__
    __init_subclass__ __instancecheck__ __int__ __invert__ __ior__ __ipow__ __irshift__
    __isub__ __iter__ __itruediv__ __ixor__ __le__ __len__ __length_hint__ __lshift__
    __lt__ __matmul__ __missing__ __mod__ __module__ __mro_entries__ __mul__ __name__
    __ne__ __neg__ __new__ __next__ __or__ __pos__ __pow__ __qualname__ __radd__ __rand__
    __rdivmod__ __repr__ __reversed__ __rfloordiv__ __rlshift__ __rmatmul__ __rmod__
    __rmul__ __ror__ __round__ __rpow__ __rrshift__ __rshift__ __rsub__ __rtruediv__
    __rxor__ __set__ __set_name__ __setattr__ __setitem__ __slots__ __str__ __sub__
    __subclasscheck__ __truediv__ __trunc__ __xor__
}

/// The fixed symbol for `name`, if it is one of `KNOWN`: a binary search over the sorted
/// names, no hashing and no table probe.
pub fn known(name: &str) -> Option<Symbol> {
    // Binary search: KNOWN is sorted (checked by a unit test).
    KNOWN.binary_search(&name).ok().map(|i| Symbol(i as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_are_sorted_and_unique() {
        for w in KNOWN.windows(2) {
            assert!(w[0] < w[1], "{} must sort before {}", w[0], w[1]);
        }
        assert_eq!(known("__init__"), Some(sym::__init__));
        assert_eq!(known("__rxor__"), Some(sym::__rxor__));
        assert_eq!(known("__nope__"), None);
    }
}

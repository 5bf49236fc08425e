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

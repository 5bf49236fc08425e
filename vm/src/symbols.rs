//! Interned names. Attribute and variable names are interned once into a `Symbol` (a dense
//! u32) so layouts and caches can key on a number that does not change when the collector
//! moves the string. The canonical string of every symbol is kept in `values`, a root.
//!
//! **Invariant:** a symbol's string value is the canonical (interned) str for those bytes:
//! short names are immediate small strs; longer ones are the one heap str recorded here.

use std::collections::HashMap;

use ember_gc::Value;

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(pub u32);

#[derive(Default)]
pub struct SymbolTable {
    /// The interned str of each symbol (a root).
    pub values: Vec<Value>,
    by_bytes: HashMap<Box<[u8]>, Symbol>,
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

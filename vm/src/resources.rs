//! Native resources: Rust data owned by a heap object (a hash state, later OS handles and
//! C-API buffers) that cannot live in the heap itself.
//!
//! A resource is stored in `Thread::resources` under an id the object keeps in one of its
//! slots (as a SmallInt). The object is tracked by the collector (`Heap::track`) with the
//! token `RESOURCE_TOKEN | id`; when a collection finds the object dead, the resource is
//! dropped. The table holds no `Value`s, so nothing in it needs rooting.

use std::any::Any;

use ember_gc::Value;

use crate::thread::Thread;

/// Tokens of tracked objects with this bit set name resources (the rest are code objects).
pub const RESOURCE_TOKEN: u64 = 1 << 63;

#[derive(Default)]
pub struct ResourceTable {
    entries: Vec<Option<Box<dyn Any>>>,
    free: Vec<usize>,
}

impl ResourceTable {
    pub fn new() -> ResourceTable {
        ResourceTable::default()
    }

    fn insert(&mut self, data: Box<dyn Any>) -> usize {
        match self.free.pop() {
            Some(i) => {
                self.entries[i] = Some(data);
                i
            }
            None => {
                self.entries.push(Some(data));
                self.entries.len() - 1
            }
        }
    }

    /// Drops the resource `id` (its owner died).
    pub fn release(&mut self, id: usize) {
        if let Some(slot) = self.entries.get_mut(id) {
            if slot.take().is_some() {
                self.free.push(id);
            }
        }
    }

    /// Number of live resources (for tests and statistics).
    pub fn live(&self) -> usize {
        self.entries.iter().filter(|e| e.is_some()).count()
    }
}

/// Gives `obj` the resource `data`; returns its id, which the caller stores in one of the
/// object's slots. The resource is dropped when the collector finds `obj` dead.
pub fn attach<T: Any>(t: &mut Thread, obj: Value, data: T) -> usize {
    let id = t.resources.insert(Box::new(data));
    t.heap.track(obj, RESOURCE_TOKEN | id as u64);
    id
}

/// The resource `id`, if it exists and is a `T`.
pub fn get_mut<T: Any>(t: &mut Thread, id: usize) -> Option<&mut T> {
    t.resources
        .entries
        .get_mut(id)
        .and_then(|e| e.as_mut())
        .and_then(|b| b.downcast_mut::<T>())
}

/// The resource whose id is the SmallInt in `slot` of `obj`.
pub fn of<T: Any>(t: &mut Thread, obj: Value, slot: usize) -> Option<&mut T> {
    let id = t.heap.slot(obj, slot);
    if !id.is_small_int() {
        return None;
    }
    get_mut(t, id.as_small_int() as usize)
}

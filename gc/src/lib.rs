//! ember-gc: the memory of the ember VM, knowing nothing of Python.
//!
//! It owns the tagged word (`Value`), the object header (`Header`: format, count, layout
//! id, identity hash), the generational heap (a bump-allocated nursery and a chunked old
//! space, with a write barrier on every store), the moving collectors (a minor scavenge
//! that promotes nursery survivors, a major Cheney copy of the whole heap), tracking of
//! objects whose death the VM must learn of, keeping dead objects alive once for the VM to
//! finalise, stress mode and the heap verifier. The VM
//! enumerates roots through `RootVisitor` and decides when to collect via
//! `Heap::should_collect`; objects are traced by their header's format alone.

mod header;
mod heap;
mod scavenge;
mod space;
mod value;
mod verify;

pub use crate::header::{Format, Header, LayoutId};
pub use crate::heap::{Heap, HeapConfig, HeapStats, OutOfMemory};
pub use crate::scavenge::RootVisitor;
pub use crate::value::{small_int_add, small_int_mul, small_int_sub, Value};

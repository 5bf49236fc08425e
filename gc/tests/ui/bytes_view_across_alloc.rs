// A byte view borrows the heap: allocating while it is alive must not compile.
use ember_gc::{Heap, HeapConfig, LayoutId};

fn main() {
    let mut heap = Heap::new(HeapConfig::default());
    let a = heap.alloc_bytes(LayoutId(1), 8).unwrap();
    let view = heap.bytes(a);
    let _b = heap.alloc_bytes(LayoutId(1), 8).unwrap();
    println!("{}", view[0]);
}

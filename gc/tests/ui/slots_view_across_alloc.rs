// A slots view borrows the heap: allocating while it is alive must not compile.
use ember_gc::{Heap, HeapConfig, LayoutId, Value};

fn main() {
    let mut heap = Heap::new(HeapConfig::default());
    let s = heap.alloc_slots(LayoutId(2), 2, Value::NONE).unwrap();
    let view = heap.slots(s);
    let _t = heap.alloc_slots(LayoutId(2), 2, Value::NONE).unwrap();
    println!("{:?}", view[0]);
}

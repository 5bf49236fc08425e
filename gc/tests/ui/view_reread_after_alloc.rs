// The sanctioned pattern: copy what is needed out of a view, allocate, then read again.
use ember_gc::{Heap, HeapConfig, LayoutId, Value};

fn main() {
    let mut heap = Heap::new(HeapConfig::default());
    let a = heap.alloc_bytes(LayoutId(1), 8).unwrap();
    let first = heap.bytes(a)[0];
    let s = heap.alloc_slots(LayoutId(2), 2, Value::NONE).unwrap();
    let n = heap.slots(s).len();
    let _b = heap.alloc_bytes(LayoutId(1), 8).unwrap();
    assert_eq!(first, 0);
    assert_eq!(n, 2);
}

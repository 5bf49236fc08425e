//! Allocation, accessor and write-barrier tests (no collections; see scavenge/tests.rs).

use super::*;

const L: LayoutId = LayoutId(7);

fn config() -> HeapConfig {
    HeapConfig {
        nursery_bytes: 64 << 10,
        max_heap_bytes: 1 << 30,
        stress_every: 0,
        verify: true,
    }
}

/// An old object: big enough to skip the nursery.
fn old_slots(heap: &mut Heap, fill: Value) -> Value {
    let obj = heap
        .alloc_slots(L, LARGE_OBJECT_BYTES / WORD + 1, fill)
        .unwrap();
    assert!(!heap.is_young(obj));
    obj
}

#[test]
fn alloc_slots_and_accessors() {
    let mut heap = Heap::new(config());
    let obj = heap.alloc_slots(L, 3, Value::NONE).unwrap();
    assert!(obj.is_heap() && heap.is_young(obj));
    assert_eq!(heap.count(obj), 3);
    assert_eq!(heap.format(obj), Format::Slots);
    assert_eq!(heap.layout_id(obj), L);
    assert_eq!(heap.slots(obj), &[Value::NONE; 3]);
    heap.set_slot(obj, 1, Value::small_int(-9));
    heap.set_slot(obj, 2, obj);
    assert_eq!(heap.slot(obj, 0), Value::NONE);
    assert_eq!(heap.slot(obj, 1), Value::small_int(-9));
    assert_eq!(heap.slot(obj, 2), obj);
    heap.set_layout_id(obj, LayoutId::MAX);
    assert_eq!(heap.layout_id(obj), LayoutId::MAX);
    assert_eq!(heap.count(obj), 3);
    let empty = heap.alloc_slots(L, 0, Value::NONE).unwrap();
    assert_eq!(heap.count(empty), 0);
    assert!(heap.slots(empty).is_empty());
    assert_ne!(empty, obj);
    heap.verify();
}

#[test]
fn alloc_bytes_zeroed_and_writable() {
    let mut heap = Heap::new(config());
    for len in [0, 1, 7, 8, 9, 254] {
        let obj = heap.alloc_bytes(L, len).unwrap();
        assert_eq!(heap.format(obj), Format::Bytes);
        assert_eq!(heap.count(obj), len);
        assert!(heap.bytes(obj).iter().all(|&b| b == 0));
        for (i, b) in heap.bytes_mut(obj).iter_mut().enumerate() {
            *b = i as u8;
        }
        assert!(heap
            .bytes(obj)
            .iter()
            .enumerate()
            .all(|(i, &b)| b == i as u8));
    }
    heap.verify();
}

#[test]
fn overflow_counts() {
    let mut heap = Heap::new(config());
    let big = heap.alloc_slots(L, 1000, Value::small_int(5)).unwrap();
    assert!(heap.is_young(big));
    assert!(heap.header(big).has_overflow_count());
    assert_eq!(heap.count(big), 1000);
    assert_eq!(heap.layout_id(big), L);
    assert!(heap.slots(big).iter().all(|&v| v == Value::small_int(5)));
    heap.set_slot(big, 999, Value::TRUE);
    assert_eq!(heap.slot(big, 999), Value::TRUE);

    let exact = heap.alloc_slots(L, 255, Value::NONE).unwrap();
    assert_eq!(heap.count(exact), 255);
    let under = heap.alloc_slots(L, 254, Value::NONE).unwrap();
    assert!(!heap.header(under).has_overflow_count());

    let mib = heap.alloc_bytes(L, 1 << 20).unwrap();
    assert!(
        !heap.is_young(mib),
        "a 1 MiB object goes straight to the old space"
    );
    assert_eq!(heap.count(mib), 1 << 20);
    assert_eq!(heap.bytes(mib).len(), 1 << 20);
    assert!(heap.bytes(mib).iter().all(|&b| b == 0));
    heap.bytes_mut(mib)[(1 << 20) - 1] = 0xAB;
    assert_eq!(heap.bytes(mib)[(1 << 20) - 1], 0xAB);

    let odd = heap.alloc_bytes(L, 300).unwrap();
    assert_eq!(heap.count(odd), 300);
    heap.verify();
}

#[test]
fn out_of_memory_is_prompt() {
    let mut heap = Heap::new(config());
    assert_eq!(heap.alloc_bytes(L, 8 << 40), Err(OutOfMemory));
    assert_eq!(heap.alloc_slots(L, 1 << 40, Value::NONE), Err(OutOfMemory));
    assert_eq!(
        heap.alloc_slots(L, usize::MAX, Value::NONE),
        Err(OutOfMemory)
    );
    assert_eq!(heap.alloc_bytes(L, usize::MAX), Err(OutOfMemory));
    // Over the configured maximum, though the system could provide it.
    assert_eq!(heap.alloc_bytes(L, 1 << 30), Err(OutOfMemory));

    // The default configuration (half of physical memory) refuses 8 TB too.
    let mut default_heap = Heap::new(HeapConfig {
        nursery_bytes: 64 << 10,
        ..HeapConfig::default()
    });
    assert_eq!(default_heap.alloc_bytes(L, 8 << 40), Err(OutOfMemory));
    assert!(default_heap.alloc_bytes(L, 16).is_ok());
    heap.verify();
}

#[test]
fn heap_budget_is_enforced_for_old_space() {
    let mut heap = Heap::new(HeapConfig {
        nursery_bytes: 64 << 10,
        max_heap_bytes: 4 << 20,
        ..config()
    });
    let mut n = 0;
    while heap.alloc_bytes(L, 200 << 10).is_ok() {
        n += 1;
        assert!(n < 100, "the budget never ran out");
    }
    assert!(heap.stats().old_space_bytes <= 4 << 20);
    assert!(n >= 10);
}

#[test]
fn nursery_full_falls_back_to_old_space() {
    let mut heap = Heap::new(config());
    let young = heap.alloc_slots(L, 1, Value::small_int(1)).unwrap();
    let mut last = young;
    while heap.is_young(last) {
        last = heap.alloc_slots(L, 4, young).unwrap();
    }
    // The first old object was filled with a nursery reference: it must be remembered.
    assert!(heap.header(last).is_remembered());
    assert_eq!(heap.remembered, vec![last]);
    assert_eq!(heap.slot(last, 3), young);
    let bytes = heap.alloc_bytes(L, 10).unwrap();
    assert!(!heap.is_young(bytes));
    heap.verify();
}

#[test]
fn write_barrier_remembers_once() {
    let mut heap = Heap::new(config());
    let old = old_slots(&mut heap, Value::NONE);
    assert!(heap.remembered.is_empty());
    heap.set_slot(old, 0, Value::small_int(3));
    let old2 = old_slots(&mut heap, Value::NONE);
    heap.set_slot(old, 1, old2);
    assert!(
        heap.remembered.is_empty(),
        "old-to-old and non-reference stores need no barrier"
    );
    let young = heap.alloc_slots(L, 0, Value::NONE).unwrap();
    heap.set_slot(old, 2, young);
    heap.set_slot(old, 3, young);
    assert_eq!(heap.remembered, vec![old]);
    assert!(heap.header(old).is_remembered());

    heap.fill_slots(old2, 0, 4, young);
    heap.copy_slots(old2, 10, old, 2, 2);
    assert_eq!(heap.remembered, vec![old, old2]);
    heap.verify();
}

#[test]
fn barrier_through_copy_and_fill() {
    let mut heap = Heap::new(config());
    let young = heap.alloc_slots(L, 0, Value::NONE).unwrap();
    let holder = heap.alloc_slots(L, 4, young).unwrap();
    let old = old_slots(&mut heap, Value::NONE);
    heap.copy_slots(old, 5, holder, 0, 4);
    assert_eq!(heap.remembered, vec![old]);

    let old2 = old_slots(&mut heap, Value::NONE);
    heap.fill_slots(old2, 3, 3, young);
    assert_eq!(heap.remembered.len(), 1, "an empty fill stores nothing");
    heap.fill_slots(old2, 3, 6, young);
    assert_eq!(heap.remembered, vec![old, old2]);
    heap.verify();
}

#[test]
fn copy_slots_is_memmove() {
    let mut heap = Heap::new(config());
    let obj = heap.alloc_slots(L, 8, Value::NONE).unwrap();
    for i in 0..8 {
        heap.set_slot(obj, i, Value::small_int(i as i64));
    }
    heap.copy_slots(obj, 2, obj, 0, 5); // forward overlap
    let got: Vec<i64> = heap.slots(obj).iter().map(|v| v.as_small_int()).collect();
    assert_eq!(got, [0, 1, 0, 1, 2, 3, 4, 7]);
    heap.copy_slots(obj, 0, obj, 3, 5); // backward overlap
    let got: Vec<i64> = heap.slots(obj).iter().map(|v| v.as_small_int()).collect();
    assert_eq!(got, [1, 2, 3, 4, 7, 3, 4, 7]);
    heap.fill_slots(obj, 6, 8, Value::NONE);
    assert_eq!(heap.slot(obj, 5), Value::small_int(3));
    assert_eq!(&heap.slots(obj)[6..], &[Value::NONE, Value::NONE]);
    heap.copy_slots(obj, 0, obj, 0, 0);
}

#[test]
fn identity_hash_is_lazy_and_stable() {
    let mut heap = Heap::new(config());
    let a = heap.alloc_slots(L, 1, Value::NONE).unwrap();
    let b = heap.alloc_bytes(L, 3).unwrap();
    assert_eq!(heap.header(a).hash(), 0);
    let ha = heap.identity_hash(a);
    let hb = heap.identity_hash(b);
    assert!(ha != 0 && ha <= Header::HASH_MASK);
    assert!(hb != 0 && hb <= Header::HASH_MASK);
    assert_ne!(ha, hb);
    assert_eq!(heap.identity_hash(a), ha);
    assert_eq!(heap.header(a).hash() as u64, ha);
    // The hash does not disturb the rest of the header.
    assert_eq!(heap.layout_id(a), L);
    assert_eq!(heap.count(b), 3);
    heap.verify();
}

#[test]
fn should_collect_follows_the_nursery() {
    let mut heap = Heap::new(config());
    assert!(!heap.should_collect(64));
    while !heap.should_collect(64) {
        heap.alloc_slots(L, 8, Value::NONE).unwrap();
    }
    assert!(heap.stats().nursery_used > (64 << 10) - 128);
    // A large object is judged by old-space growth, which is small.
    assert!(!heap.should_collect(1 << 20));
    assert!(heap.should_collect(64 << 20));
}

#[test]
fn stress_counter() {
    let mut heap = Heap::new(HeapConfig {
        stress_every: 3,
        ..config()
    });
    let answers: Vec<bool> = (0..6).map(|_| heap.should_collect(8)).collect();
    assert_eq!(answers, [false, false, true, false, false, true]);
}

#[test]
fn stats_count_allocation() {
    let mut heap = Heap::new(config());
    let before = heap.stats();
    assert_eq!(before.bytes_allocated_total, 0);
    heap.alloc_slots(L, 2, Value::NONE).unwrap();
    heap.alloc_bytes(L, 9).unwrap();
    let s = heap.stats();
    assert_eq!(s.nursery_used, 24 + 24);
    assert_eq!(s.bytes_allocated_total, 48);
    assert_eq!(s.old_space_bytes, 0);
    heap.alloc_bytes(L, 100 << 10).unwrap();
    let s = heap.stats();
    assert!(s.old_space_bytes >= 100 << 10);
    assert_eq!(s.bytes_allocated_total, 48 + (100 << 10) + 16); // header and overflow word
}

#[test]
fn env_parsing() {
    assert_eq!(parse_stress(""), 0);
    assert_eq!(parse_stress("0"), 0);
    assert_eq!(parse_stress("1"), 1);
    assert_eq!(parse_stress(" 17 "), 17);
    assert_eq!(parse_stress("yes"), 1);
    assert!(parse_flag("1", false));
    assert!(!parse_flag("0", true));
    assert!(parse_flag("", true));
    assert!(!parse_flag("", false));
    let c = HeapConfig::from_env();
    assert!(c.max_heap_bytes > 0);
    assert_eq!(HeapConfig::default().nursery_bytes, 4 << 20);
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "out of bounds")]
fn slot_bounds_are_checked_in_debug() {
    let mut heap = Heap::new(config());
    let obj = heap.alloc_slots(L, 2, Value::NONE).unwrap();
    heap.slot(obj, 2);
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "expected a heap reference")]
fn non_heap_values_are_rejected_in_debug() {
    let heap = Heap::new(config());
    heap.header(Value::small_int(4));
}

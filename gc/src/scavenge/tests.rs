//! Collector tests: survival, forwarding, the barrier, tracking, stress mode.

use super::*;
use crate::header::LayoutId;
use crate::heap::{HeapConfig, OutOfMemory};
use crate::space::POISON;

const NODE: LayoutId = LayoutId(1);
const JUNK: LayoutId = LayoutId(2);

fn config() -> HeapConfig {
    HeapConfig {
        nursery_bytes: 256 << 10,
        max_heap_bytes: 1 << 30,
        stress_every: 0,
        verify: true,
    }
}

/// Collects with `roots` as the VM's root set.
fn collect(heap: &mut Heap, roots: &mut [Value], major: bool) {
    heap.collect(major, &mut |v: &mut dyn RootVisitor| {
        for r in roots.iter_mut() {
            v.visit(r);
        }
    });
}

/// Collects if the heap asks to, as the VM does before each allocation.
fn maybe_collect(heap: &mut Heap, roots: &mut [Value], bytes: usize) {
    if heap.should_collect(bytes) {
        collect(heap, roots, false);
    }
}

/// Pushes a node `(i, roots[0])` as the new list head `roots[0]`.
fn push_node(heap: &mut Heap, roots: &mut [Value], i: i64) {
    maybe_collect(heap, roots, 16);
    let node = heap.alloc_slots(NODE, 2, Value::NONE).unwrap();
    heap.set_slot(node, 0, Value::small_int(i));
    heap.set_slot(node, 1, roots[0]);
    roots[0] = node;
}

/// Allocates a few unreachable objects, some pointing into the live list.
fn churn(heap: &mut Heap, roots: &mut [Value], i: i64) {
    for k in 0..3 {
        maybe_collect(heap, roots, 8 * (k + 1));
        let junk = heap.alloc_slots(JUNK, k + 1, Value::small_int(i)).unwrap();
        heap.set_slot(junk, 0, roots[0]);
    }
    if i % 1000 == 0 {
        maybe_collect(heap, roots, 300);
        let b = heap.alloc_bytes(JUNK, 300).unwrap();
        heap.bytes_mut(b)[0] = 1;
    }
}

/// Checks that `head` is the list `n-1, n-2, ..., 0`.
fn check_list(heap: &Heap, head: Value, n: i64) {
    let mut cur = head;
    for expected in (0..n).rev() {
        assert_eq!(heap.layout_id(cur), NODE);
        assert_eq!(heap.count(cur), 2);
        assert_eq!(heap.slot(cur, 0), Value::small_int(expected));
        cur = heap.slot(cur, 1);
    }
    assert_eq!(cur, Value::NONE);
}

#[test]
fn linked_list_survives_churn() {
    let mut heap = Heap::new(config());
    let mut roots = [Value::NONE];
    let n = 100_000;
    for i in 0..n {
        churn(&mut heap, &mut roots, i);
        push_node(&mut heap, &mut roots, i);
        if i % 20_000 == 19_999 {
            collect(&mut heap, &mut roots, true);
            check_list(&heap, roots[0], i + 1);
        }
    }
    let s = heap.stats();
    assert!(s.minor_collections >= 20, "{s:?}");
    assert!(s.major_collections >= 5, "{s:?}");
    check_list(&heap, roots[0], n);
    for round in 0..6 {
        collect(&mut heap, &mut roots, round % 2 == 0);
        check_list(&heap, roots[0], n);
    }
    // After a major collection only the list (and nothing young) is live.
    collect(&mut heap, &mut roots, true);
    assert_eq!(heap.stats().live_bytes_after_last_major, n as usize * 24);
    heap.verify();

    roots[0] = Value::NONE;
    collect(&mut heap, &mut roots, true);
    assert_eq!(heap.stats().live_bytes_after_last_major, 0);
    assert_eq!(heap.stats().old_space_bytes, 0);
}

#[test]
fn sharing_and_cycles_are_preserved() {
    let mut heap = Heap::new(config());
    let a = heap.alloc_slots(NODE, 2, Value::NONE).unwrap();
    let b = heap.alloc_slots(NODE, 2, Value::NONE).unwrap();
    heap.set_slot(a, 0, b);
    heap.set_slot(a, 1, a);
    heap.set_slot(b, 0, a);
    heap.set_slot(b, 1, Value::small_str(b"xy").unwrap());
    let mut roots = [a, b, Value::TRUE, a, Value::small_int(3)];
    for major in [false, true, true, false] {
        collect(&mut heap, &mut roots, major);
        let (a, b) = (roots[0], roots[1]);
        assert_eq!(roots[3], a, "two roots to one object still share it");
        assert_eq!(heap.slot(a, 0), b);
        assert_eq!(heap.slot(a, 1), a);
        assert_eq!(heap.slot(b, 0), a);
        assert_eq!(heap.slot(b, 1), Value::small_str(b"xy").unwrap());
        assert_eq!(roots[2], Value::TRUE);
        assert_eq!(roots[4], Value::small_int(3));
        assert!(!heap.is_young(a) && !heap.is_young(b));
    }
}

#[test]
fn write_barrier_keeps_young_objects_alive() {
    let mut heap = Heap::new(config());
    let mut roots = [Value::NONE];
    roots[0] = heap.alloc_slots(NODE, 6, Value::NONE).unwrap();
    collect(&mut heap, &mut roots, false);
    let old = roots[0];
    assert!(!heap.is_young(old), "promoted by the minor collection");

    let y1 = heap.alloc_slots(NODE, 1, Value::small_int(41)).unwrap();
    let y2 = heap.alloc_slots(NODE, 1, Value::small_int(42)).unwrap();
    let y3 = heap.alloc_bytes(JUNK, 5).unwrap();
    heap.bytes_mut(y3).copy_from_slice(b"hello");
    heap.set_slot(old, 0, y1);
    heap.fill_slots(old, 1, 3, y2);
    let holder = heap.alloc_slots(NODE, 1, y3).unwrap();
    heap.copy_slots(old, 3, holder, 0, 1);
    assert!(heap.is_young(heap.slot(old, 0)));

    collect(&mut heap, &mut roots, false);
    let old = roots[0];
    assert!(heap.remembered.is_empty() && !heap.header(old).is_remembered());
    let (n1, n2, n3) = (heap.slot(old, 0), heap.slot(old, 1), heap.slot(old, 3));
    assert!(!heap.is_young(n1) && !heap.is_young(n2) && !heap.is_young(n3));
    assert_eq!(heap.slot(n1, 0), Value::small_int(41));
    assert_eq!(heap.slot(n2, 0), Value::small_int(42));
    assert_eq!(heap.slot(old, 2), n2);
    assert_eq!(heap.bytes(n3), b"hello");
    collect(&mut heap, &mut roots, true);
    let old = roots[0];
    assert_eq!(heap.slot(heap.slot(old, 0), 0), Value::small_int(41));
    assert_eq!(heap.bytes(heap.slot(old, 3)), b"hello");
}

#[test]
fn old_objects_made_when_the_nursery_is_full_are_scanned() {
    let mut heap = Heap::new(config());
    let mut roots = [Value::NONE, Value::NONE];
    roots[0] = heap.alloc_slots(NODE, 1, Value::small_int(7)).unwrap();
    let mut obj = roots[0];
    while heap.is_young(obj) {
        obj = heap.alloc_slots(NODE, 2, roots[0]).unwrap(); // no collection: falls back
    }
    roots[1] = obj;
    collect(&mut heap, &mut roots, false);
    assert_eq!(heap.slot(roots[1], 0), roots[0]);
    assert_eq!(heap.slot(roots[0], 0), Value::small_int(7));
}

#[test]
fn identity_hash_and_layout_survive_moves() {
    let mut heap = Heap::new(config());
    let mut roots = [
        heap.alloc_slots(NODE, 3, Value::NONE).unwrap(),
        heap.alloc_bytes(JUNK, 20).unwrap(),
    ];
    let h0 = heap.identity_hash(roots[0]);
    let h1 = heap.identity_hash(roots[1]);
    heap.set_layout_id(roots[0], LayoutId(1234));
    for major in [false, true, true] {
        collect(&mut heap, &mut roots, major);
        assert_eq!(heap.identity_hash(roots[0]), h0);
        assert_eq!(heap.identity_hash(roots[1]), h1);
        assert_eq!(heap.layout_id(roots[0]), LayoutId(1234));
        assert_eq!(heap.count(roots[0]), 3);
        assert_eq!(heap.count(roots[1]), 20);
    }
}

#[test]
fn tracked_objects_report_death() {
    let mut heap = Heap::new(config());
    let a = heap.alloc_slots(NODE, 1, Value::NONE).unwrap();
    let b = heap.alloc_slots(NODE, 1, Value::NONE).unwrap();
    heap.track(a, 1);
    heap.track(b, 2);
    let mut roots = [a];
    collect(&mut heap, &mut roots, false);
    assert_eq!(heap.take_dead_tokens(), vec![2]);
    assert_eq!(
        heap.tracked,
        vec![(roots[0], 1)],
        "the survivor's entry follows the move"
    );
    assert!(heap.take_dead_tokens().is_empty());

    roots[0] = Value::NONE;
    collect(&mut heap, &mut roots, false);
    assert!(
        heap.take_dead_tokens().is_empty(),
        "an old object only dies in a major collection"
    );
    collect(&mut heap, &mut roots, true);
    assert_eq!(heap.take_dead_tokens(), vec![1]);
    assert!(heap.tracked.is_empty());

    let c = heap.alloc_slots(NODE, 1, Value::NONE).unwrap();
    heap.track(c, 3);
    let mut roots = [c];
    collect(&mut heap, &mut roots, true);
    collect(&mut heap, &mut roots, false);
    assert!(heap.take_dead_tokens().is_empty());
    assert_eq!(heap.tracked, vec![(roots[0], 3)]);
}

#[test]
fn stress_mode_small_workload() {
    let mut heap = Heap::new(HeapConfig {
        nursery_bytes: 64 << 10,
        stress_every: 1,
        ..config()
    });
    let mut roots = [Value::NONE];
    let n = 2000;
    for i in 0..n {
        churn(&mut heap, &mut roots, i);
        push_node(&mut heap, &mut roots, i);
    }
    let s = heap.stats();
    assert!(
        s.minor_collections + s.major_collections >= 4 * n as u64,
        "{s:?}"
    );
    assert!(s.major_collections >= (4 * n as u64) / 64, "{s:?}");
    check_list(&heap, roots[0], n);
}

#[test]
fn nursery_is_poisoned_after_collection() {
    let mut heap = Heap::new(config());
    let dead = heap.alloc_slots(NODE, 2, Value::NONE).unwrap();
    let mut roots = [Value::NONE];
    collect(&mut heap, &mut roots, false);
    // SAFETY: the nursery block is still allocated; only its contents died.
    let word = unsafe { load(dead.address()) };
    assert_eq!(word, POISON);
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "stale")]
fn stale_references_fail_loudly() {
    let mut heap = Heap::new(config());
    let obj = heap.alloc_slots(NODE, 2, Value::NONE).unwrap();
    let mut roots = [Value::NONE];
    collect(&mut heap, &mut roots, false);
    heap.slot(obj, 0);
}

#[test]
fn overflow_counts_survive_collection() {
    let mut heap = Heap::new(config());
    let big = heap.alloc_slots(NODE, 1000, Value::NONE).unwrap();
    for i in 0..1000 {
        heap.set_slot(big, i, Value::small_int(i as i64 * 3));
    }
    let bytes = heap.alloc_bytes(JUNK, 300).unwrap();
    heap.bytes_mut(bytes)[299] = 9;
    let mib = heap.alloc_bytes(JUNK, 1 << 20).unwrap();
    heap.bytes_mut(mib)[12345] = 77;
    let mut roots = [big, bytes, mib];
    for major in [false, true, false, true] {
        collect(&mut heap, &mut roots, major);
        let [big, bytes, mib] = roots;
        assert_eq!(heap.count(big), 1000);
        assert!((0..1000).all(|i| heap.slot(big, i) == Value::small_int(i as i64 * 3)));
        assert_eq!(heap.count(bytes), 300);
        assert_eq!(heap.bytes(bytes)[299], 9);
        assert_eq!(heap.count(mib), 1 << 20);
        assert_eq!(heap.bytes(mib)[12345], 77);
        assert_eq!(
            heap.bytes(mib).iter().map(|&b| b as usize).sum::<usize>(),
            77
        );
    }
}

#[test]
fn large_objects_hold_young_references() {
    let mut heap = Heap::new(config());
    let n = 20_000; // 160 KB: a large object in a block of its own
    let mut roots = [heap.alloc_slots(NODE, n, Value::NONE).unwrap()];
    assert!(!heap.is_young(roots[0]));
    for i in (0..n).step_by(100) {
        let leaf = heap
            .alloc_slots(NODE, 1, Value::small_int(i as i64))
            .unwrap();
        heap.set_slot(roots[0], i, leaf);
    }
    for major in [false, true, false, true] {
        collect(&mut heap, &mut roots, major);
        for i in (0..n).step_by(100) {
            let leaf = heap.slot(roots[0], i);
            assert!(!heap.is_young(leaf));
            assert_eq!(heap.slot(leaf, 0), Value::small_int(i as i64));
        }
        if !major {
            // New young referents after a collection, through the barrier again.
            let leaf = heap.alloc_slots(NODE, 1, Value::small_int(0)).unwrap();
            heap.set_slot(roots[0], 0, leaf);
        }
    }
}

#[test]
fn major_collection_is_due_after_growth() {
    let mut heap = Heap::new(config());
    let mut roots = [Value::NONE];
    // Keep ~40 MiB of large objects reachable: the old space grows past 32 MiB.
    for _ in 0..400 {
        if heap.should_collect(100 << 10) {
            collect(&mut heap, &mut roots, false);
        }
        let obj = heap.alloc_slots(NODE, 100 << 7, Value::NONE).unwrap();
        heap.set_slot(obj, 0, roots[0]);
        roots[0] = obj;
    }
    assert!(heap.stats().major_collections >= 1, "{:?}", heap.stats());
    let live = heap.stats().live_bytes_after_last_major;
    assert!(live > 0);
    roots[0] = Value::NONE;
    collect(&mut heap, &mut roots, true);
    assert_eq!(heap.stats().old_space_bytes, 0);
}

#[test]
fn heap_limit_gives_out_of_memory_then_recovers() {
    let mut heap = Heap::new(HeapConfig {
        nursery_bytes: 64 << 10,
        max_heap_bytes: 4 << 20,
        ..config()
    });
    let mut roots = [Value::NONE];
    let mut failed = false;
    for i in 0..1_000_000 {
        maybe_collect(&mut heap, &mut roots, 16);
        match heap.alloc_slots(NODE, 2, roots[0]) {
            Ok(node) => {
                heap.set_slot(node, 0, Value::small_int(i));
                roots[0] = node;
            }
            Err(OutOfMemory) => {
                failed = true;
                break;
            }
        }
    }
    assert!(failed, "a growing live heap must hit max_heap_bytes");
    assert!(
        heap.stats().old_space_bytes <= 5 << 20,
        "{:?}",
        heap.stats()
    );
    // Dropping the data makes room again.
    roots[0] = Value::NONE;
    maybe_collect(&mut heap, &mut roots, 16);
    collect(&mut heap, &mut roots, false);
    let obj = heap.alloc_slots(NODE, 2, Value::NONE).unwrap();
    assert!(heap.is_young(obj));
}

#[test]
fn finalizable_objects_are_resurrected_once() {
    let mut heap = Heap::new(config());
    // a -> child; b stays alive; a dies while young.
    let a = heap.alloc_slots(NODE, 2, Value::NONE).unwrap();
    let child = heap.alloc_slots(NODE, 2, Value::small_int(7)).unwrap();
    heap.set_slot(a, 0, Value::small_int(1));
    heap.set_slot(a, 1, child);
    let b = heap.alloc_slots(NODE, 2, Value::small_int(2)).unwrap();
    heap.register_finalizer(a);
    heap.register_finalizer(b);
    heap.track(child, 9);
    let mut roots = [b];
    collect(&mut heap, &mut roots, false);
    assert!(
        heap.take_dead_tokens().is_empty(),
        "what a resurrected object references is not dead"
    );
    assert_eq!(
        heap.finalizable,
        vec![roots[0]],
        "the survivor follows its move"
    );
    assert!(heap.has_finalize_ready());
    // Queued objects are roots until popped.
    collect(&mut heap, &mut roots, true);
    let a = heap.pop_finalize_ready().unwrap();
    assert!(!heap.has_finalize_ready());
    assert_eq!(heap.slot(a, 0), Value::small_int(1));
    assert_eq!(heap.slot(heap.slot(a, 1), 0), Value::small_int(7));
    // Once popped and unreachable, it dies for good: no second resurrection.
    collect(&mut heap, &mut roots, true);
    assert!(!heap.has_finalize_ready());
    assert_eq!(heap.take_dead_tokens(), vec![9]);
    // An old object is resurrected by a major collection.
    roots[0] = Value::NONE;
    collect(&mut heap, &mut roots, false);
    assert!(
        !heap.has_finalize_ready(),
        "old objects only die in a major collection"
    );
    collect(&mut heap, &mut roots, true);
    let b = heap.pop_finalize_ready().unwrap();
    assert_eq!(heap.slot(b, 0), Value::small_int(2));
    assert!(heap.finalizable.is_empty());
}

#[test]
fn weak_references_follow_moves_and_clear_on_death() {
    let mut heap = Heap::new(config());
    let target = heap.alloc_slots(NODE, 2, Value::small_int(5)).unwrap();
    let other = heap.alloc_slots(NODE, 2, Value::small_int(6)).unwrap();
    // Weak object: slot 0 the referent, slot 1 non-None = queue when cleared.
    let w = heap.alloc_slots(NODE, 3, Value::NONE).unwrap();
    heap.set_slot(w, 0, target);
    heap.set_slot(w, 1, Value::TRUE);
    heap.make_weak(w);
    let quiet = heap.alloc_slots(NODE, 2, Value::NONE).unwrap();
    heap.set_slot(quiet, 0, other);
    heap.make_weak(quiet);
    // The weak objects and `target` are roots; `other` is not.
    let mut roots = [w, quiet, target];
    collect(&mut heap, &mut roots, false);
    assert_eq!(heap.slot(roots[0], 0), roots[2], "the referent moved and slot 0 followed");
    assert_eq!(heap.slot(roots[1], 0), Value::NONE, "an unreachable referent clears slot 0");
    assert!(!heap.has_weak_cleared(), "only objects with slot 1 set are queued");
    assert_eq!(heap.weak_objects().len(), 2);
    // The referent dies in a major collection (it is old now).
    roots[2] = Value::NONE;
    collect(&mut heap, &mut roots, false);
    assert_ne!(heap.slot(roots[0], 0), Value::NONE, "old objects die only in a major");
    collect(&mut heap, &mut roots, true);
    assert_eq!(heap.slot(roots[0], 0), Value::NONE);
    assert!(heap.has_pending_finalization());
    assert_eq!(heap.pop_weak_cleared(), Some(roots[0]));
    assert!(!heap.has_weak_cleared());
    // A dead weak object leaves the registry.
    roots[1] = Value::NONE;
    collect(&mut heap, &mut roots, true);
    assert_eq!(heap.weak_objects(), &[roots[0]]);
}

#[test]
fn old_weak_object_sees_young_referent() {
    let mut heap = Heap::new(config());
    let w = heap.alloc_slots(NODE, 2, Value::NONE).unwrap();
    heap.set_slot(w, 1, Value::TRUE);
    heap.make_weak(w);
    let mut roots = [w, Value::NONE];
    collect(&mut heap, &mut roots, true); // `w` is old now
    let young = heap.alloc_slots(NODE, 2, Value::small_int(1)).unwrap();
    heap.set_slot(roots[0], 0, young); // the barrier remembers `w`
    roots[1] = young;
    collect(&mut heap, &mut roots, false);
    assert_eq!(heap.slot(roots[0], 0), roots[1]);
    roots[1] = Value::NONE;
    let young = heap.alloc_slots(NODE, 2, Value::small_int(2)).unwrap();
    heap.set_slot(roots[0], 0, young);
    collect(&mut heap, &mut roots, false);
    assert_eq!(heap.slot(roots[0], 0), Value::NONE, "a dead young referent is cleared");
    assert_eq!(heap.pop_weak_cleared(), Some(roots[0]));
}

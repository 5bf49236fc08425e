//! The heap verifier: a full, read-only consistency check of every block.
//!
//! This module owns the definition of a well-formed heap as the collector sees it; it
//! changes nothing. `collect` runs it before and after each collection when
//! `HeapConfig::verify` is on. A failure is a VM or collector bug, never a Python error, so
//! it panics with a message naming the address and the broken rule.
//!
//! What is checked:
//!
//! 1. Every block (`[start, top)`) is a sequence of well-formed objects: an optional
//!    SmallInt overflow-count word (only before a header whose count field is 255, and only
//!    for counts of 255 or more), a valid header, and a body ending at or before `top`.
//! 2. Every slot of every Slots object is a SmallInt, an immediate of a defined class, or a
//!    heap reference to the header of an object in this heap (an object start, below top).
//! 3. The write-barrier invariant: an old object holding a nursery reference is remembered;
//!    nursery objects are never remembered; the remembered set lists exactly the objects
//!    whose remembered bit is set.
//! 4. Every tracked or finalizable heap value refers to an object start.

use crate::header::{Format, Header};
use crate::heap::Heap;
use crate::space::{load, object_count, WORD};
use crate::value::Value;

/// Panics with the verifier's message unless `$ok`; the message is only formatted on failure.
macro_rules! check {
    ($ok:expr, $addr:expr, $($msg:tt)+) => {
        if !$ok {
            panic!("ember-gc heap verification failed at {:#x}: {}", $addr, format_args!($($msg)+));
        }
    };
}

/// One block as the verifier sees it, with a bitmap of its object starts.
struct Region {
    start: usize,
    top: usize,
    young: bool,
    /// Bit `(addr - start) / 8` is set when `addr` holds an object's header.
    starts: Vec<u64>,
}

impl Region {
    fn new(start: usize, top: usize, young: bool) -> Region {
        let words = (top - start) / WORD;
        Region {
            start,
            top,
            young,
            starts: vec![0; words.div_ceil(64)],
        }
    }

    fn is_start(&self, addr: usize) -> bool {
        let bit = (addr - self.start) / WORD;
        self.starts[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Walks the objects of the region, checking rule 1, and calls `f` with each object's
    /// header address, header and count.
    fn walk(&self, mut f: impl FnMut(usize, Header, usize)) {
        let mut pos = self.start;
        while pos < self.top {
            // SAFETY: `pos` is aligned and below the region's top, in a live block.
            let first = unsafe { load(pos) };
            let (addr, overflow) = if Value::from_raw(first).is_small_int() {
                let n = Value::from_raw(first).as_small_int();
                check!(
                    n >= Header::COUNT_OVERFLOW as i64,
                    pos,
                    "overflow count word {n} is below 255"
                );
                check!(
                    pos + WORD < self.top,
                    pos,
                    "overflow count word at the end of its block"
                );
                (pos + WORD, Some(n as usize))
            } else {
                (pos, None)
            };
            // SAFETY: `addr < top`, checked above or by the loop condition.
            let header = Header::from_raw(unsafe { load(addr) });
            check!(
                header.is_valid(),
                addr,
                "expected an object header, found {:#x}",
                header.raw()
            );
            check!(
                header.has_overflow_count() == overflow.is_some(),
                addr,
                "count field 255 and overflow word disagree",
            );
            // SAFETY: the header is valid and its overflow word, if any, was read above.
            let count = unsafe { object_count(addr, header) };
            let body = Header::body_words(header.format(), count);
            let end = body
                .checked_mul(WORD)
                .and_then(|b| b.checked_add(addr + WORD));
            check!(
                end.is_some_and(|e| e <= self.top),
                addr,
                "object of count {count} runs past its block's top"
            );
            f(addr, header, count);
            pos = end.unwrap_or(self.top);
        }
    }
}

impl Heap {
    /// Checks the whole heap (see the module doc) and panics on the first inconsistency.
    pub fn verify(&self) {
        let mut regions = vec![Region::new(self.nursery.start, self.nursery.top, true)];
        regions.extend(
            self.old
                .blocks()
                .map(|b| Region::new(b.start, b.top, false)),
        );
        regions.sort_by_key(|r| r.start);

        // Rule 1, recording object starts.
        let mut remembered_bits = 0usize;
        for region in &mut regions {
            let mut starts = std::mem::take(&mut region.starts);
            let young = region.young;
            region.walk(|addr, header, _| {
                let bit = (addr - region.start) / WORD;
                starts[bit / 64] |= 1 << (bit % 64);
                if header.is_remembered() {
                    check!(!young, addr, "a nursery object has its remembered bit set");
                    remembered_bits += 1;
                }
            });
            region.starts = starts;
        }
        let find = |v: Value| -> Option<&Region> {
            let addr = v.address();
            let i = regions
                .partition_point(|r| r.start <= addr)
                .checked_sub(1)?;
            let r = &regions[i];
            (addr < r.top && r.is_start(addr)).then_some(r)
        };

        // Rules 2 and 3 (slots).
        for region in &regions {
            region.walk(|addr, header, count| {
                if !header.format().has_slots() {
                    return;
                }
                // A Weak object's slot 0 is checked like any slot: the collector keeps it
                // pointing at a live object or clears it.
                for i in 0..count {
                    // SAFETY: slot `i < count` of an object inside the region (rule 1).
                    let v = Value::from_raw(unsafe { load(addr + WORD + i * WORD) });
                    check_value(v, addr, i);
                    if !v.is_heap() {
                        continue;
                    }
                    let Some(target) = find(v) else {
                        panic!(
                            "ember-gc heap verification failed at {addr:#x}: slot {i} holds {v:?}, \
                             which is not an object in this heap"
                        );
                    };
                    if target.young && !region.young {
                        check!(
                            header.is_remembered(),
                            addr,
                            "old object holds nursery reference {v:?} in slot {i} \
                             but is not remembered (write barrier missed)"
                        );
                    }
                }
            });
        }

        // Rule 3 (the set itself).
        check!(
            remembered_bits == self.remembered.len(),
            0,
            "{} objects have the remembered bit but the set lists {}",
            remembered_bits,
            self.remembered.len()
        );
        for &obj in &self.remembered {
            let ok = obj.is_heap() && find(obj).is_some_and(|r| !r.young);
            check!(
                ok,
                obj.raw() as usize,
                "remembered-set entry {obj:?} is not an old object"
            );
            // SAFETY: `find` showed `obj` is an object start below its block's top.
            let header = Header::from_raw(unsafe { load(obj.address()) });
            check!(
                header.is_remembered(),
                obj.address(),
                "remembered-set entry without its remembered bit"
            );
        }

        // Rule 4.
        for &(obj, token) in &self.tracked {
            if obj.is_heap() {
                check!(
                    find(obj).is_some(),
                    obj.raw() as usize,
                    "tracked object {obj:?} (token {token}) is not an object"
                );
            }
        }
        for &obj in self.weak.iter().chain(&self.weak_cleared) {
            check!(
                find(obj).is_some() && self.header(obj).format() == Format::Weak,
                obj.raw() as usize,
                "registered weak object {obj:?} is not a Weak-format object"
            );
        }
        for &obj in self.finalizable.iter().chain(&self.finalize_ready) {
            if obj.is_heap() {
                check!(
                    find(obj).is_some(),
                    obj.raw() as usize,
                    "finalizable object {obj:?} is not an object"
                );
            }
        }
    }
}

/// Rule 2 for a non-reference word: it must be a SmallInt, a heap reference, or a defined
/// immediate.
fn check_value(v: Value, addr: usize, i: usize) {
    let w = v.raw();
    let ok = match w & 0b111 {
        0b000 | 0b010 | 0b100 | 0b110 | 0b001 => true,
        0b111 => {
            let class = (w >> 3) & 0b11;
            let kind = (w >> 5) & 0b111;
            match class {
                0b00 => true,
                0b10 => kind <= 5,
                _ => false,
            }
        }
        _ => false,
    };
    if !ok {
        panic!(
            "ember-gc heap verification failed at {addr:#x}: slot {i} holds the invalid word \
             {w:#x} (a header, poison or reserved immediate)"
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::heap::HeapConfig;
    use crate::space::{store, WORD};
    use crate::{Heap, LayoutId, Value};

    fn heap() -> Heap {
        Heap::new(HeapConfig {
            nursery_bytes: 64 << 10,
            max_heap_bytes: 1 << 30,
            stress_every: 0,
            verify: true,
        })
    }

    #[test]
    fn a_well_formed_heap_passes() {
        let mut heap = heap();
        let a = heap.alloc_slots(LayoutId(1), 300, Value::NONE).unwrap();
        let b = heap.alloc_bytes(LayoutId(2), 1000).unwrap();
        let big = heap.alloc_slots(LayoutId(3), 10_000, a).unwrap();
        heap.set_slot(a, 0, b);
        heap.set_slot(a, 1, big);
        heap.set_slot(a, 2, Value::small_str(b"abc").unwrap());
        heap.track(b, 9);
        heap.verify();
    }

    #[test]
    #[should_panic(expected = "not an object in this heap")]
    fn an_interior_pointer_is_caught() {
        let mut heap = heap();
        let bytes = heap.alloc_bytes(LayoutId(2), 64).unwrap();
        let obj = heap.alloc_slots(LayoutId(1), 1, Value::NONE).unwrap();
        // SAFETY: slot 0 of `obj` is inside the nursery; the heap is not borrowed.
        unsafe { store(obj.address() + WORD, bytes.raw() + 16) };
        heap.verify();
    }

    #[test]
    #[should_panic(expected = "write barrier missed")]
    fn a_missed_barrier_is_caught() {
        let mut heap = heap();
        let young = heap.alloc_slots(LayoutId(1), 0, Value::NONE).unwrap();
        let old = heap.alloc_slots(LayoutId(1), 10_000, Value::NONE).unwrap();
        // SAFETY: slot 0 of `old` is inside its block; the heap is not borrowed.
        unsafe { store(old.address() + WORD, young.raw()) };
        heap.verify();
    }

    #[test]
    #[should_panic(expected = "invalid word")]
    fn a_header_in_a_slot_is_caught() {
        let mut heap = heap();
        let obj = heap.alloc_slots(LayoutId(1), 2, Value::NONE).unwrap();
        // SAFETY: slot 1 of `obj` is inside the nursery; the heap is not borrowed.
        unsafe { store(obj.address() + 2 * WORD, 0b011) };
        heap.verify();
    }
}

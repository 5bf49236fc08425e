//! The collectors: the minor (nursery) scavenge and the major (whole-heap) copy.
//!
//! This module owns moving objects: evacuation, forwarding, the Cheney scan, the
//! remembered-set roots, resurrecting objects registered for finalisation, and updating
//! tracked objects. It does not enumerate roots (the VM
//! does, through `RootVisitor`) and it does not decide object layout (`header.rs`).
//!
//! Invariants, written here once:
//!
//! 1. **From-space and to-space.** A minor collection evacuates the nursery into the old
//!    space (every survivor is promoted). A major collection evacuates the nursery and the
//!    whole old space into a fresh old space, then frees the old blocks. Objects outside the
//!    from-space are never moved; references to them are left as they are.
//! 2. **Forwarding.** When an object is copied, its from-space header word is overwritten
//!    with a heap-reference-tagged pointer to the copy (low bits `001`, never a header's
//!    `011`), so every later reference to it is redirected to the same copy. The copy keeps
//!    the header (layout id, identity hash, count), with the remembered bit cleared.
//! 3. **Cheney scan.** To-space objects are scanned in allocation order: chunk by chunk from
//!    where the collection began (only the last chunk grows), then the large objects copied
//!    into blocks of their own, until no unscanned copy remains. Every reference in a
//!    scanned object then points to the to-space or outside the from-space.
//! 4. **Minor roots.** The VM's roots plus every slot of every remembered object (heap.rs
//!    invariant 2). After a minor collection the nursery is empty, so no old object holds a
//!    nursery reference and the remembered set is cleared with all remembered bits.
//! 5. **Dead memory** is poisoned in stress and verify modes before it is reused or freed.
//! 6. **Finalisation.** After the Cheney scan from the roots, every registered finalizable
//!    object still in the from-space and not forwarded is dead: it is copied (resurrected),
//!    unregistered and queued in `finalize_ready`, and the scan resumes so everything it
//!    references survives too. Queued objects are roots until the VM pops them. Tracked
//!    objects are updated only after that second scan, so an object reachable from a
//!    resurrected one is not reported dead.
//! 7. **Weak references.** Slot 0 of a Weak-format object is not traced. After the last
//!    scan (so after resurrection: an object kept alive for its finaliser is not dead), the
//!    registry of weak objects is walked: a weak object left in the from-space is dead and
//!    dropped from it; a surviving one whose referent was copied gets the new address; one
//!    whose referent was left behind gets None in slot 0 and, if its slot 1 is not None,
//!    is queued in `weak_cleared` (roots until the VM pops them).

use std::ptr;

use crate::header::{Format, Header};
use crate::heap::Heap;
use crate::space::{load, object_count, store, OldSpace, LARGE_OBJECT_BYTES, WORD};
use crate::value::{Value, HEAP_TAG, TAG_MASK};

/// What the VM calls on each of its root slots during a collection. The collector updates
/// the slot to the object's new address; non-heap values are left alone.
pub trait RootVisitor {
    fn visit(&mut self, slot: &mut Value);
}

/// The memory a collection evacuates.
enum FromSpace<'a> {
    /// Minor: the nursery `[start, end)`, allocated up to `top`.
    Nursery {
        start: usize,
        top: usize,
        end: usize,
    },
    /// Major: the nursery and every block of the previous old space.
    Everything {
        nursery_start: usize,
        nursery_top: usize,
        nursery_end: usize,
        old: &'a OldSpace,
    },
}

impl FromSpace<'_> {
    /// `Some(top)` of the from-space block containing `addr`, `None` outside the from-space.
    #[inline]
    fn locate(&self, addr: usize) -> Option<usize> {
        match *self {
            FromSpace::Nursery { start, top, end } => (start <= addr && addr < end).then_some(top),
            FromSpace::Everything {
                nursery_start,
                nursery_top,
                nursery_end,
                old,
            } => {
                if nursery_start <= addr && addr < nursery_end {
                    Some(nursery_top)
                } else {
                    old.find(addr).map(|(_, top)| top)
                }
            }
        }
    }
}

/// The copying state of one collection.
struct Evacuator<'a> {
    from: FromSpace<'a>,
    to: &'a mut OldSpace,
    /// Copies in large-object blocks not yet scanned (invariant 3).
    large_pending: Vec<usize>,
    /// Bytes copied into the to-space.
    copied_bytes: usize,
}

impl RootVisitor for Evacuator<'_> {
    #[inline]
    fn visit(&mut self, slot: &mut Value) {
        *slot = self.evacuate(*slot);
    }
}

impl<'a> Evacuator<'a> {
    fn new(from: FromSpace<'a>, to: &'a mut OldSpace) -> Evacuator<'a> {
        Evacuator {
            from,
            to,
            large_pending: Vec::new(),
            copied_bytes: 0,
        }
    }

    /// The to-space reference for `v`: `v` itself unless it refers into the from-space.
    #[inline]
    fn evacuate(&mut self, v: Value) -> Value {
        if !v.is_heap() {
            return v;
        }
        match self.from.locate(v.address()) {
            Some(top) => self.copy(v, top),
            None => v,
        }
    }

    /// Copies the from-space object `v` (in a block allocated up to `top`) unless it was
    /// copied already, and returns the reference to its copy.
    fn copy(&mut self, v: Value, top: usize) -> Value {
        let addr = v.address();
        assert!(
            addr < top,
            "ember-gc: collection reached {v:?}, past the allocated part of its block: \
             a stale reference"
        );
        // SAFETY: `addr` is aligned and below the top of a from-space block, which stays
        // allocated until the collection ends.
        let word = unsafe { load(addr) };
        if word & TAG_MASK == HEAP_TAG {
            return Value::from_raw(word); // invariant 2: already copied
        }
        let header = Header::from_raw(word);
        assert!(
            header.is_valid(),
            "ember-gc: collection reached {v:?}, which does not point at an object \
             (word {word:#x}): a stale reference"
        );
        // SAFETY: `addr` holds an intact header in initialised from-space memory.
        let count = unsafe { object_count(addr, header) };
        let prefix = if header.has_overflow_count() { WORD } else { 0 };
        let size = prefix + WORD + Header::body_words(header.format(), count) * WORD;
        let dst = self.to.alloc_in_collection(size);
        let new_addr = dst + prefix;
        // The source is the whole from-space allocation (overflow word, header, body).
        // SAFETY: the destination is a fresh to-space reservation of the same size, in a
        // different block from the source, so the two ranges do not overlap.
        unsafe {
            ptr::copy_nonoverlapping(
                ptr::with_exposed_provenance::<u64>(addr - prefix),
                ptr::with_exposed_provenance_mut::<u64>(dst),
                size / WORD,
            );
        }
        // SAFETY: `new_addr` is the copy's header word, `addr` the original's; both are in
        // live blocks and nothing borrows heap memory during a collection.
        unsafe {
            store(new_addr, header.with_remembered(false).raw());
            store(addr, new_addr as u64 | HEAP_TAG);
        }
        if size > LARGE_OBJECT_BYTES {
            self.large_pending.push(new_addr);
        }
        self.copied_bytes += size;
        // SAFETY: `new_addr` is the header of the copy just made.
        unsafe { Value::from_address(new_addr) }
    }

    /// Evacuates the referents of every slot of the object whose header is at `addr`.
    fn scan_slots(&mut self, addr: usize, header: Header) {
        // Invariant 7: slot 0 of a Weak object is not traced.
        let first = match header.format() {
            Format::Slots => 0,
            Format::Weak => 1,
            Format::Bytes => return,
        };
        // SAFETY: `addr` holds an intact header of an object in initialised memory.
        let count = unsafe { object_count(addr, header) };
        for i in first..count {
            let slot = addr + WORD + i * WORD;
            // SAFETY: slot `i < count` of a live object.
            let v = Value::from_raw(unsafe { load(slot) });
            if v.is_heap() {
                let moved = self.evacuate(v);
                if moved != v {
                    // SAFETY: as above; nothing borrows heap memory during a collection.
                    unsafe { store(slot, moved.raw()) };
                }
            }
        }
    }

    /// Scans the to-space object starting at `pos` (its overflow word or header) and returns
    /// the address just past it.
    fn scan_object(&mut self, pos: usize) -> usize {
        // SAFETY: `pos` is an object start below its chunk's top (invariant 3).
        let first = unsafe { load(pos) };
        let addr = if Value::from_raw(first).is_small_int() {
            pos + WORD
        } else {
            pos
        };
        // SAFETY: the header follows the optional overflow word.
        let header = Header::from_raw(unsafe { load(addr) });
        debug_assert!(
            header.is_valid(),
            "ember-gc: to-space walk hit {:#x} at {addr:#x}",
            header.raw()
        );
        self.scan_slots(addr, header);
        // SAFETY: as above.
        let count = unsafe { object_count(addr, header) };
        addr + WORD + Header::body_words(header.format(), count) * WORD
    }

    /// The Cheney loop (invariant 3), starting in `chunk` at `pos` (`None` = its start).
    /// Returns where it stopped, so that a later call scans only what was copied since.
    fn scan(&mut self, mut chunk: usize, mut pos: Option<usize>) -> (usize, Option<usize>) {
        loop {
            while chunk < self.to.chunks.len() {
                let (start, top) = (self.to.chunks[chunk].start, self.to.chunks[chunk].top);
                let p = pos.unwrap_or(start);
                if p < top {
                    pos = Some(self.scan_object(p));
                } else if chunk + 1 < self.to.chunks.len() {
                    chunk += 1;
                    pos = None;
                } else {
                    break; // stay on the last chunk: it may still grow
                }
            }
            match self.large_pending.pop() {
                Some(addr) => {
                    // SAFETY: `addr` is the header of a copy in a large-object block.
                    let header = Header::from_raw(unsafe { load(addr) });
                    self.scan_slots(addr, header);
                }
                None => break,
            }
        }
        (chunk, pos)
    }

    /// Invariant 6: resurrects the dead finalizable objects into `ready` and redirects the
    /// surviving ones. Returns whether anything was resurrected (the scan must resume).
    fn resurrect(&mut self, finalizable: &mut Vec<Value>, ready: &mut Vec<Value>) -> bool {
        let before = ready.len();
        finalizable.retain_mut(|obj| {
            if !obj.is_heap() {
                return false;
            }
            let Some(top) = self.from.locate(obj.address()) else {
                return true;
            };
            debug_assert!(
                obj.address() < top,
                "ember-gc: finalizable {obj:?} is stale"
            );
            // SAFETY: a registered object's header is in from-space memory, still allocated.
            let word = unsafe { load(obj.address()) };
            if word & TAG_MASK == HEAP_TAG {
                *obj = Value::from_raw(word);
                true
            } else {
                ready.push(self.copy(*obj, top));
                false
            }
        });
        ready.len() > before
    }

    /// Invariant 7: forgets dead weak objects, redirects or clears the referents of the
    /// others and queues the cleared ones that ask for it.
    fn update_weak(&self, weak: &mut Vec<Value>, cleared: &mut Vec<Value>) {
        weak.retain_mut(|obj| {
            if let Some(top) = self.from.locate(obj.address()) {
                debug_assert!(obj.address() < top, "ember-gc: weak {obj:?} is stale");
                // SAFETY: a registered object's header is in from-space memory, still
                // allocated.
                let word = unsafe { load(obj.address()) };
                if word & TAG_MASK != HEAP_TAG {
                    return false; // the weak object itself is dead
                }
                *obj = Value::from_raw(word);
            }
            let slot0 = obj.address() + WORD;
            // SAFETY: `obj` is a live Weak object (two or more slots) outside the from-space.
            let referent = Value::from_raw(unsafe { load(slot0) });
            if !referent.is_heap() {
                return true;
            }
            let Some(top) = self.from.locate(referent.address()) else {
                return true;
            };
            debug_assert!(referent.address() < top, "ember-gc: weak referent is stale");
            // SAFETY: the referent's header is in from-space memory, still allocated.
            let word = unsafe { load(referent.address()) };
            if word & TAG_MASK == HEAP_TAG {
                // SAFETY: as above; nothing borrows heap memory during a collection.
                unsafe { store(slot0, word) };
            } else {
                // SAFETY: as above.
                unsafe { store(slot0, Value::NONE.raw()) };
                // SAFETY: slot 1 of the same live object.
                let notify = Value::from_raw(unsafe { load(slot0 + WORD) });
                if !notify.is_none() {
                    cleared.push(*obj);
                }
            }
            true
        });
    }

    /// Redirects tracked objects that were copied, and reports the tokens of those left
    /// behind in the from-space (dead).
    fn update_tracked(&self, tracked: &mut Vec<(Value, u64)>, dead: &mut Vec<u64>) {
        tracked.retain_mut(|(obj, token)| {
            if !obj.is_heap() {
                return true;
            }
            let Some(top) = self.from.locate(obj.address()) else {
                return true;
            };
            debug_assert!(obj.address() < top, "ember-gc: tracked {obj:?} is stale");
            // SAFETY: a tracked object's header is in from-space memory, still allocated.
            let word = unsafe { load(obj.address()) };
            if word & TAG_MASK == HEAP_TAG {
                *obj = Value::from_raw(word);
                true
            } else {
                dead.push(*token);
                false
            }
        });
    }
}

impl Heap {
    /// Runs a minor collection, or a major one when due or when `force_major`. `roots` is
    /// called once with a visitor; it must call `visitor.visit(&mut v)` for every root value
    /// the VM holds (handle stack, interpreter value stack, runtime tables), once per slot.
    /// Non-heap values may be passed; they are ignored.
    pub fn collect(&mut self, force_major: bool, roots: &mut dyn FnMut(&mut dyn RootVisitor)) {
        if self.config.verify {
            self.verify();
        }
        if force_major || self.major_due() {
            self.major(roots);
        } else {
            self.minor(roots);
        }
        self.over_limit =
            self.old.committed.saturating_add(self.nursery.size()) > self.config.max_heap_bytes;
        self.nursery_limit = if self.over_limit {
            self.nursery.start
        } else {
            self.nursery.end
        };
        self.bump_limit = if self.config.stress_every != 0 {
            0
        } else {
            self.nursery_limit
        };
        if self.config.verify {
            self.verify();
        }
    }

    /// True when the next collection should be major: old-space growth past its threshold,
    /// a heap at or near `max_heap_bytes`, or every 64th collection in stress mode.
    fn major_due(&self) -> bool {
        let collections = self.minor_collections + self.major_collections;
        self.over_limit
            || self.old_bytes_since_major > self.major_growth_threshold()
            || self.old.committed.saturating_add(2 * self.nursery.size())
                > self.config.max_heap_bytes
            || (self.config.stress_every != 0 && collections % 64 == 63)
    }

    fn poisoning(&self) -> bool {
        self.config.stress_every != 0 || self.config.verify
    }

    fn minor(&mut self, roots: &mut dyn FnMut(&mut dyn RootVisitor)) {
        let from = FromSpace::Nursery {
            start: self.nursery.start,
            top: self.nursery.top,
            end: self.nursery.end,
        };
        let mut remembered = std::mem::take(&mut self.remembered);
        let (chunk, pos) = match self.old.chunks.last() {
            Some(last) => (self.old.chunks.len() - 1, Some(last.top)),
            None => (0, None),
        };
        let mut ev = Evacuator::new(from, &mut self.old);
        roots(&mut ev);
        for obj in &remembered {
            let addr = obj.address();
            // SAFETY: remembered objects are live old objects (heap.rs invariant 2), outside
            // the from-space, so their headers are intact.
            let header = Header::from_raw(unsafe { load(addr) });
            // SAFETY: as above; nothing borrows heap memory during a collection.
            unsafe { store(addr, header.with_remembered(false).raw()) };
            ev.scan_slots(addr, header);
        }
        for v in self.finalize_ready.iter_mut().chain(self.weak_cleared.iter_mut()) {
            ev.visit(v);
        }
        let (chunk, pos) = ev.scan(chunk, pos);
        if ev.resurrect(&mut self.finalizable, &mut self.finalize_ready) {
            ev.scan(chunk, pos);
        }
        ev.update_weak(&mut self.weak, &mut self.weak_cleared);
        ev.update_tracked(&mut self.tracked, &mut self.dead_tokens);
        self.old_bytes_since_major += ev.copied_bytes;
        remembered.clear();
        self.remembered = remembered;
        self.reset_nursery();
        self.minor_collections += 1;
    }

    fn major(&mut self, roots: &mut dyn FnMut(&mut dyn RootVisitor)) {
        let from_old = std::mem::take(&mut self.old);
        let from = FromSpace::Everything {
            nursery_start: self.nursery.start,
            nursery_top: self.nursery.top,
            nursery_end: self.nursery.end,
            old: &from_old,
        };
        let mut ev = Evacuator::new(from, &mut self.old);
        roots(&mut ev);
        for v in self.finalize_ready.iter_mut().chain(self.weak_cleared.iter_mut()) {
            ev.visit(v);
        }
        let (chunk, pos) = ev.scan(0, None);
        if ev.resurrect(&mut self.finalizable, &mut self.finalize_ready) {
            ev.scan(chunk, pos);
        }
        ev.update_weak(&mut self.weak, &mut self.weak_cleared);
        ev.update_tracked(&mut self.tracked, &mut self.dead_tokens);
        let copied = ev.copied_bytes;
        // Remembered objects were in the from-space; their copies have the bit cleared.
        self.remembered.clear();
        if self.poisoning() {
            from_old.blocks().for_each(|b| b.poison());
        }
        // FIXME(large-object space): large objects are copied like any other; a
        // non-moving large-object space would spare the copy.
        drop(from_old);
        self.reset_nursery();
        self.live_bytes_after_last_major = copied;
        self.old_bytes_since_major = 0;
        self.major_collections += 1;
    }

    /// Empties the nursery after its survivors were evacuated (poisoning it when asked).
    fn reset_nursery(&mut self) {
        if self.poisoning() {
            self.nursery.poison();
        }
        self.bytes_allocated_retired += (self.nursery.top - self.nursery.start) as u64;
        self.nursery.top = self.nursery.start;
    }
}

#[cfg(test)]
mod tests;

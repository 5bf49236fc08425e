//! The heap: its spaces, allocation, and every read and write of an object's fields.
//!
//! This module owns the nursery and the old space (whose blocks `space.rs` provides), the
//! allocation paths, the field accessors and the write barrier. It does not decide when to
//! collect (the VM asks `should_collect` and calls `collect`, so root enumeration stays in
//! the VM) and it does not move objects (`scavenge.rs` does).
//!
//! Invariants, written here once:
//!
//! 1. **Trusted references.** Every `Value` passed to an accessor (`header`, `slot`,
//!    `set_slot`, `bytes`, ...) is a heap reference to a live object of *this* heap, obtained
//!    from an allocation or a slot and not held across a collection except in a root.
//!    Violating this is a VM bug: debug builds check it (the address must lie in the
//!    initialised part of a block and point at a valid header, so a stale pointer fails at
//!    once), release builds trust it and read `address + 8 + 8 * i` directly.
//! 2. **Write barrier.** `set_slot`, `copy_slots`, `fill_slots` and the allocators are the
//!    only stores of a `Value` into the heap. When an object outside the nursery receives a
//!    reference to a nursery object, it is put in the remembered set (its header's
//!    remembered bit is set and it is pushed on `remembered`, once). So every old-to-young
//!    reference is found by a minor collection without scanning the old space.
//! 3. **Allocation never collects.** Allocation fails with `OutOfMemory` rather than
//!    collecting; when the nursery is full it falls back to the old space.

use std::fmt;
use std::ptr;

use crate::header::{Format, Header, LayoutId};
use crate::space::{
    fill_words, load, object_count, store, Block, OldSpace, LARGE_OBJECT_BYTES, WORD,
};
use crate::value::Value;

/// Old-space growth since the last major collection that makes the next one due, at least.
pub(crate) const MAJOR_MIN_GROWTH: usize = 32 << 20;
/// Smallest nursery accepted.
const MIN_NURSERY_BYTES: usize = 4 << 10;
/// Default nursery size.
const DEFAULT_NURSERY_BYTES: usize = 4 << 20;
/// `max_heap_bytes` when the amount of physical memory cannot be read.
const FALLBACK_MAX_HEAP_BYTES: usize = 4 << 30;
/// Added to the size the VM passes to `should_collect`, so that a header and an overflow
/// word are covered whether or not the VM counted them.
const HEADER_SLACK: usize = 2 * WORD;

// ----- configuration, errors, statistics -----

/// How a heap is sized and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeapConfig {
    /// Size of the nursery (default 4 MiB).
    pub nursery_bytes: usize,
    /// Allocations that would take the heap above this fail with `OutOfMemory`
    /// (default: half of physical memory).
    pub max_heap_bytes: usize,
    /// 0 = off; N = `should_collect` says yes at every N-th call, and dead memory is poisoned.
    pub stress_every: u32,
    /// Run the heap verifier before and after each collection, and poison dead memory
    /// (default: on in debug builds).
    pub verify: bool,
}

impl Default for HeapConfig {
    fn default() -> HeapConfig {
        HeapConfig {
            nursery_bytes: DEFAULT_NURSERY_BYTES,
            max_heap_bytes: default_max_heap_bytes(),
            stress_every: 0,
            verify: cfg!(debug_assertions),
        }
    }
}

impl HeapConfig {
    /// The default configuration, adjusted by `EMBER_GC_STRESS` (`1` or `N`; empty or `0` =
    /// off) and `EMBER_GC_VERIFY` (`1` = on, `0` = off).
    pub fn from_env() -> HeapConfig {
        let mut config = HeapConfig::default();
        if let Ok(s) = std::env::var("EMBER_GC_STRESS") {
            config.stress_every = parse_stress(&s);
        }
        if let Ok(s) = std::env::var("EMBER_GC_VERIFY") {
            config.verify = parse_flag(&s, config.verify);
        }
        config
    }
}

/// `EMBER_GC_STRESS`: empty or `0` = off, `N` = every N-th allocation, anything else = 1.
fn parse_stress(s: &str) -> u32 {
    let s = s.trim();
    if s.is_empty() {
        return 0;
    }
    s.parse().unwrap_or(1)
}

/// A boolean environment flag: `0` = off, empty = `default`, anything else = on.
fn parse_flag(s: &str, default: bool) -> bool {
    match s.trim() {
        "" => default,
        "0" => false,
        _ => true,
    }
}

fn default_max_heap_bytes() -> usize {
    // SAFETY: sysconf has no preconditions; it only reads system configuration.
    let (pages, page_size) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    if pages > 0 && page_size > 0 {
        (pages as usize).saturating_mul(page_size as usize) / 2
    } else {
        FALLBACK_MAX_HEAP_BYTES
    }
}

/// An allocation could not be satisfied (the VM raises MemoryError).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct OutOfMemory;

impl fmt::Display for OutOfMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("out of memory")
    }
}

impl std::error::Error for OutOfMemory {}

/// A snapshot of the heap's counters.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct HeapStats {
    pub minor_collections: u64,
    pub major_collections: u64,
    /// Bytes of every object the VM allocated, ever (promotions not counted).
    pub bytes_allocated_total: u64,
    /// Bytes copied by the last major collection.
    pub live_bytes_after_last_major: usize,
    /// Bytes of old-space blocks.
    pub old_space_bytes: usize,
    /// Bytes of objects in the nursery now.
    pub nursery_used: usize,
}

// ----- the heap -----

/// A generational heap of tagged objects: a nursery and an old space.
pub struct Heap {
    /// The nursery; `nursery.top` is the allocation pointer.
    pub(crate) nursery: Block,
    /// Allocation in the nursery stops here: `nursery.end`, or `nursery.start` while the
    /// heap is over `max_heap_bytes` (so every allocation takes the checked slow path).
    pub(crate) nursery_limit: usize,
    /// The inline bump paths' limit (`can_bump`): `nursery_limit`, or 0 in stress mode
    /// (every allocation must reach `should_collect`), so their test is one comparison.
    pub(crate) bump_limit: usize,
    pub(crate) old: OldSpace,
    /// Old objects that may hold nursery references (invariant 2).
    pub(crate) remembered: Vec<Value>,
    /// Objects whose death the VM wants to learn of, with its tokens.
    pub(crate) tracked: Vec<(Value, u64)>,
    pub(crate) dead_tokens: Vec<u64>,
    /// Objects to keep alive once more when they die, so the VM can finalise them.
    pub(crate) finalizable: Vec<Value>,
    /// Objects found dead and resurrected, waiting for the VM to finalise them (roots).
    pub(crate) finalize_ready: Vec<Value>,
    /// Every live Weak-format object (not roots: a weak object dies like any other).
    pub(crate) weak: Vec<Value>,
    /// Weak objects whose referent died and whose slot 1 is not None, waiting for the VM
    /// (roots).
    pub(crate) weak_cleared: Vec<Value>,
    pub(crate) config: HeapConfig,
    stress_counter: u32,
    hash_state: u64,
    /// Set after a collection that left the heap above `max_heap_bytes`.
    pub(crate) over_limit: bool,
    pub(crate) minor_collections: u64,
    pub(crate) major_collections: u64,
    /// Bytes allocated, not counting the nursery's current contents.
    pub(crate) bytes_allocated_retired: u64,
    pub(crate) live_bytes_after_last_major: usize,
    /// Bytes promoted or allocated into the old space since the last major collection.
    pub(crate) old_bytes_since_major: usize,
}

impl Heap {
    /// A heap with an empty nursery of `config.nursery_bytes` (at least 4 KiB) and an empty
    /// old space. Aborts if the system cannot provide the nursery.
    pub fn new(config: HeapConfig) -> Heap {
        let nursery = Block::allocate_or_abort(config.nursery_bytes.max(MIN_NURSERY_BYTES));
        Heap {
            nursery_limit: nursery.end,
            bump_limit: if config.stress_every != 0 { 0 } else { nursery.end },
            nursery,
            old: OldSpace::default(),
            remembered: Vec::new(),
            tracked: Vec::new(),
            dead_tokens: Vec::new(),
            finalizable: Vec::new(),
            finalize_ready: Vec::new(),
            weak: Vec::new(),
            weak_cleared: Vec::new(),
            config,
            stress_counter: 0,
            hash_state: 0x2545_f491_4f6c_dd1d,
            over_limit: false,
            minor_collections: 0,
            major_collections: 0,
            bytes_allocated_retired: 0,
            live_bytes_after_last_major: 0,
            old_bytes_since_major: 0,
        }
    }

    /// True when the VM should run `collect` before allocating an object of about `bytes`
    /// bytes (its slots or raw bytes; header words are accounted for here): when the nursery
    /// cannot fit it, when a stress-mode tick is due (every call counts), or, for objects that
    /// go to the old space, when old-space growth since the last major collection passes its
    /// threshold.
    #[inline]
    pub fn should_collect(&mut self, bytes: usize) -> bool {
        if self.config.stress_every != 0 {
            self.stress_counter += 1;
            if self.stress_counter >= self.config.stress_every {
                self.stress_counter = 0;
                return true;
            }
        }
        let size = bytes.saturating_add(HEADER_SLACK);
        if size <= LARGE_OBJECT_BYTES && size <= self.nursery.size() && !self.over_limit {
            return self.nursery_limit - self.nursery.top < size;
        }
        (self.over_limit && self.old.needs_new_block(size))
            || self.old_bytes_since_major.saturating_add(size) > self.major_growth_threshold()
    }

    /// Whether an allocation of `bytes` (header included) is certain to bump the nursery
    /// with no collection due: the inline test allocation fast paths make before
    /// `should_collect` (which also counts allocations in stress mode, so stress mode
    /// always answers false here).
    #[inline]
    pub fn can_bump(&self, bytes: usize) -> bool {
        bytes <= LARGE_OBJECT_BYTES - HEADER_SLACK
            && self.nursery.top + bytes + HEADER_SLACK <= self.bump_limit
    }

    /// Old-space growth since the last major collection that makes the next one due.
    pub(crate) fn major_growth_threshold(&self) -> usize {
        MAJOR_MIN_GROWTH.max(self.live_bytes_after_last_major.saturating_mul(2))
    }

    /// A Slots object of `count` slots, each set to `fill`.
    #[inline]
    pub fn alloc_slots(
        &mut self,
        layout: LayoutId,
        count: usize,
        fill: Value,
    ) -> Result<Value, OutOfMemory> {
        if count < Header::COUNT_OVERFLOW {
            let size = (count + 1) * WORD;
            let top = self.nursery.top;
            if size <= self.nursery_limit - top {
                // SAFETY: `[top, top + size)` is unused nursery memory below its limit, and the
                // heap is borrowed mutably so nothing else reads it.
                unsafe {
                    store(top, Header::new(Format::Slots, count, layout).raw());
                    fill_words(top + WORD, count, fill.raw());
                }
                self.nursery.top = top + size;
                // SAFETY: a header was just written at `top`.
                return Ok(unsafe { Value::from_address(top) });
            }
        }
        self.alloc_slow(Format::Slots, layout, count, fill)
    }

    /// A Bytes object holding exactly one 8-byte word (a float's double), bump-allocated
    /// when the nursery has room and no collection is due (`can_bump`); None otherwise,
    /// and the caller takes the general path.
    #[inline(always)]
    pub fn try_alloc_word(&mut self, layout: LayoutId, word: u64) -> Option<Value> {
        const SIZE: usize = 2 * WORD;
        if !self.can_bump(SIZE) {
            return None;
        }
        let top = self.nursery.top;
        // SAFETY: `can_bump` checked that `[top, top + SIZE)` is unused nursery memory.
        unsafe {
            store(top, Header::new(Format::Bytes, WORD, layout).raw());
            store(top + WORD, word);
        }
        self.nursery.top = top + SIZE;
        // SAFETY: a header was just written at `top`.
        Some(unsafe { Value::from_address(top) })
    }

    /// A Slots object holding `values`, bump-allocated when the nursery has room and no
    /// collection is due (`can_bump`); None otherwise, and the caller takes the general
    /// path. The object is young, so storing the values needs no write barrier.
    #[inline(always)]
    pub fn try_alloc_init(&mut self, layout: LayoutId, values: &[Value]) -> Option<Value> {
        let count = values.len();
        let size = (count + 1) * WORD;
        if count >= Header::COUNT_OVERFLOW || !self.can_bump(size) {
            return None;
        }
        let top = self.nursery.top;
        // SAFETY: `can_bump` checked that `[top, top + size)` is unused nursery memory.
        unsafe {
            store(top, Header::new(Format::Slots, count, layout).raw());
            for (i, v) in values.iter().enumerate() {
                store(top + WORD * (i + 1), v.raw());
            }
        }
        self.nursery.top = top + size;
        // SAFETY: a header was just written at `top`.
        Some(unsafe { Value::from_address(top) })
    }

    /// A Bytes object of `len` zero bytes.
    #[inline]
    pub fn alloc_bytes(&mut self, layout: LayoutId, len: usize) -> Result<Value, OutOfMemory> {
        if len < Header::COUNT_OVERFLOW {
            let words = len.div_ceil(WORD);
            let size = (words + 1) * WORD;
            let top = self.nursery.top;
            if size <= self.nursery_limit - top {
                // SAFETY: as in `alloc_slots`.
                unsafe {
                    store(top, Header::new(Format::Bytes, len, layout).raw());
                    fill_words(top + WORD, words, 0);
                }
                self.nursery.top = top + size;
                // SAFETY: a header was just written at `top`.
                return Ok(unsafe { Value::from_address(top) });
            }
        }
        self.alloc_slow(Format::Bytes, layout, len, Value::small_int(0))
    }

    /// Allocation with overflow counts, a full nursery, or an object for the old space.
    /// `fill` is the initial slot value (Slots) or ignored (Bytes, zero-filled).
    #[cold]
    #[inline(never)]
    fn alloc_slow(
        &mut self,
        format: Format,
        layout: LayoutId,
        count: usize,
        fill: Value,
    ) -> Result<Value, OutOfMemory> {
        let size = Header::allocation_bytes(format, count).ok_or(OutOfMemory)?;
        if size > self.config.max_heap_bytes || count > Value::SMALL_INT_MAX as usize {
            return Err(OutOfMemory);
        }
        let in_nursery =
            size <= LARGE_OBJECT_BYTES && size <= self.nursery_limit - self.nursery.top;
        let start = if in_nursery {
            let start = self.nursery.top;
            self.nursery.top += size;
            start
        } else {
            let budget = self
                .config
                .max_heap_bytes
                .saturating_sub(self.nursery.size());
            let start = self.old.alloc(size, budget).ok_or(OutOfMemory)?;
            self.old_bytes_since_major += size;
            self.bytes_allocated_retired += size as u64;
            start
        };
        let overflow = Header::needs_overflow(count);
        let addr = if overflow { start + WORD } else { start };
        let body_words = Header::body_words(format, count);
        let body_word = match format {
            Format::Slots | Format::Weak => fill.raw(),
            Format::Bytes => 0,
        };
        // SAFETY: `[start, start + size)` was just reserved in a live block and is ours.
        unsafe {
            if overflow {
                store(start, Value::small_int(count as i64).raw());
            }
            store(addr, Header::new(format, count, layout).raw());
            fill_words(addr + WORD, body_words, body_word);
        }
        // SAFETY: a header was just written at `addr`.
        let obj = unsafe { Value::from_address(addr) };
        if !in_nursery && format.has_slots() && count > 0 {
            self.write_barrier(obj, fill);
        }
        Ok(obj)
    }

    // ----- accessors -----

    /// True when `addr` lies in the nursery's memory.
    #[inline]
    pub(crate) fn in_nursery(&self, addr: usize) -> bool {
        addr.wrapping_sub(self.nursery.start) < self.nursery.size()
    }

    /// The `(start, top)` of the block holding `addr`, if it is heap memory.
    pub(crate) fn find_block(&self, addr: usize) -> Option<(usize, usize)> {
        if self.in_nursery(addr) {
            Some((self.nursery.start, self.nursery.top))
        } else {
            self.old.find(addr)
        }
    }

    /// Debug builds: panics unless `obj` is a reference to an object header in the
    /// initialised part of this heap (invariant 1).
    #[inline]
    fn debug_check(&self, obj: Value) {
        if cfg!(debug_assertions) {
            self.check_object(obj);
        }
    }

    #[inline(never)]
    fn check_object(&self, obj: Value) {
        assert!(
            obj.is_heap(),
            "ember-gc: expected a heap reference, got {obj:?}"
        );
        let addr = obj.address();
        let Some((_, top)) = self.find_block(addr) else {
            panic!("ember-gc: {obj:?} does not point into the heap (stale or foreign pointer)");
        };
        assert!(
            addr < top,
            "ember-gc: {obj:?} points past the allocated part of its block: \
             a stale reference to a dead object"
        );
        // SAFETY: `addr` is aligned (heap tag) and below the top of a live block.
        let word = unsafe { load(addr) };
        assert!(
            Header::from_raw(word).is_valid(),
            "ember-gc: {obj:?} does not point at an object header (word {word:#x}): stale pointer"
        );
    }

    /// The header of `obj`.
    #[inline]
    pub fn header(&self, obj: Value) -> Header {
        self.debug_check(obj);
        // SAFETY: invariant 1: `obj` is a live object, its header is initialised heap memory.
        Header::from_raw(unsafe { load(obj.address()) })
    }

    #[inline]
    fn set_header(&mut self, obj: Value, header: Header) {
        // SAFETY: invariant 1; the heap is borrowed mutably so no slice of it is alive.
        unsafe { store(obj.address(), header.raw()) }
    }

    #[inline]
    pub fn layout_id(&self, obj: Value) -> LayoutId {
        self.header(obj).layout_id()
    }

    #[inline]
    pub fn set_layout_id(&mut self, obj: Value, id: LayoutId) {
        let header = self.header(obj).with_layout_id(id);
        self.set_header(obj, header);
    }

    #[inline]
    pub fn format(&self, obj: Value) -> Format {
        self.header(obj).format()
    }

    /// Slots (Slots format) or bytes (Bytes format) of `obj`.
    #[inline]
    pub fn count(&self, obj: Value) -> usize {
        let header = self.header(obj);
        // SAFETY: invariant 1: `obj` is a live object with an intact header.
        unsafe { object_count(obj.address(), header) }
    }

    #[inline]
    fn debug_check_slots(&self, obj: Value, end: usize) {
        if cfg!(debug_assertions) {
            let header = self.header(obj);
            assert!(
                header.format().has_slots(),
                "ember-gc: slot access on a Bytes object {obj:?}"
            );
            let count = self.count(obj);
            assert!(
                end <= count,
                "ember-gc: slot index {end} out of bounds for {obj:?} with {count} slots"
            );
        }
    }

    /// Slot `i` of a Slots object.
    #[inline]
    pub fn slot(&self, obj: Value, i: usize) -> Value {
        self.debug_check_slots(obj, i + 1);
        // SAFETY: invariant 1, and `i < count` (checked in debug builds).
        Value::from_raw(unsafe { load(obj.address() + WORD + i * WORD) })
    }

    /// Stores `v` in slot `i` of a Slots object, with the write barrier.
    #[inline]
    pub fn set_slot(&mut self, obj: Value, i: usize, v: Value) {
        self.debug_check_slots(obj, i + 1);
        if cfg!(debug_assertions) && v.is_heap() {
            self.check_object(v);
        }
        // SAFETY: invariant 1, and `i < count` (checked in debug builds).
        unsafe { store(obj.address() + WORD + i * WORD, v.raw()) };
        self.write_barrier(obj, v);
    }

    /// Invariant 2: remembers `obj` if it is old and `v` is a nursery reference.
    #[inline]
    fn write_barrier(&mut self, obj: Value, v: Value) {
        if v.is_heap() && self.in_nursery(v.address()) && !self.in_nursery(obj.address()) {
            self.remember(obj);
        }
    }

    #[inline(never)]
    fn remember(&mut self, obj: Value) {
        let header = self.header(obj);
        if !header.is_remembered() {
            self.set_header(obj, header.with_remembered(true));
            self.remembered.push(obj);
        }
    }

    /// The slots of a Slots object, borrowing the heap (so no collection can move them).
    pub fn slots(&self, obj: Value) -> &[Value] {
        let count = self.count(obj);
        self.debug_check_slots(obj, count);
        let p = ptr::with_exposed_provenance::<Value>(obj.address() + WORD);
        // SAFETY: invariant 1: `count` initialised Value words follow the header; the shared
        // borrow of the heap excludes every store until the slice is dropped.
        unsafe { std::slice::from_raw_parts(p, count) }
    }

    /// Copies `n` slots from `src[src_i..]` to `dst[dst_i..]` (overlap allowed), with the
    /// write barrier.
    pub fn copy_slots(&mut self, dst: Value, dst_i: usize, src: Value, src_i: usize, n: usize) {
        self.debug_check_slots(dst, dst_i + n);
        self.debug_check_slots(src, src_i + n);
        let from = ptr::with_exposed_provenance::<u64>(src.address() + WORD + src_i * WORD);
        let to = ptr::with_exposed_provenance_mut::<u64>(dst.address() + WORD + dst_i * WORD);
        // SAFETY: both ranges are inside live objects (invariant 1, bounds checked in debug
        // builds); `ptr::copy` allows overlap.
        unsafe { ptr::copy(from, to, n) };
        if n > 0 && !self.in_nursery(dst.address()) && !self.header(dst).is_remembered() {
            for i in dst_i..dst_i + n {
                let v = self.slot(dst, i);
                if v.is_heap() && self.in_nursery(v.address()) {
                    self.remember(dst);
                    break;
                }
            }
        }
    }

    /// Stores `values` into slots `start..start + values.len()` of `obj`, with one write
    /// barrier pass for the run (a generator saving its frame, for instance).
    pub fn store_slots(&mut self, obj: Value, start: usize, values: &[Value]) {
        self.debug_check_slots(obj, start + values.len());
        let to = ptr::with_exposed_provenance_mut::<Value>(obj.address() + WORD + start * WORD);
        // SAFETY: the range is inside the live object (invariant 1, bounds checked in debug
        // builds), and `values` borrows memory outside the heap's objects or is a shared
        // borrow that cannot alias a store target while `&mut self` is held.
        unsafe { ptr::copy_nonoverlapping(values.as_ptr(), to, values.len()) };
        if !self.in_nursery(obj.address())
            && !self.header(obj).is_remembered()
            && values.iter().any(|v| v.is_heap() && self.in_nursery(v.address()))
        {
            self.remember(obj);
        }
    }

    /// Sets slots `from..to` of `obj` to `v`, with the write barrier.
    pub fn fill_slots(&mut self, obj: Value, from: usize, to: usize, v: Value) {
        debug_assert!(from <= to, "fill_slots: from {from} > to {to}");
        self.debug_check_slots(obj, to);
        if from >= to {
            return;
        }
        // SAFETY: invariant 1, with `to <= count` checked in debug builds.
        unsafe { fill_words(obj.address() + WORD + from * WORD, to - from, v.raw()) };
        self.write_barrier(obj, v);
    }

    #[inline]
    fn debug_check_bytes(&self, obj: Value) {
        if cfg!(debug_assertions) {
            assert!(
                self.format(obj) == Format::Bytes,
                "ember-gc: byte access on a Slots object {obj:?}"
            );
        }
    }

    /// The `count` raw bytes of a Bytes object.
    pub fn bytes(&self, obj: Value) -> &[u8] {
        self.debug_check_bytes(obj);
        let len = self.count(obj);
        let p = ptr::with_exposed_provenance::<u8>(obj.address() + WORD);
        // SAFETY: invariant 1: `len` initialised bytes follow the header; the shared borrow
        // of the heap excludes every store.
        unsafe { std::slice::from_raw_parts(p, len) }
    }

    /// The `i`-th 8-byte word of a Bytes object's data (native byte order), for fixed-size
    /// payloads such as a float's double.
    #[inline]
    pub fn word(&self, obj: Value, i: usize) -> u64 {
        self.debug_check_bytes(obj);
        debug_assert!((i + 1) * WORD <= self.count(obj));
        // SAFETY: invariant 1, and the word lies within the object's bytes (checked in
        // debug builds); data starts word-aligned after the header.
        unsafe { load(obj.address() + WORD + i * WORD) }
    }

    /// Stores the `i`-th 8-byte word of a Bytes object's data (bytes hold no references,
    /// so no write barrier).
    #[inline]
    pub fn set_word(&mut self, obj: Value, i: usize, w: u64) {
        self.debug_check_bytes(obj);
        debug_assert!((i + 1) * WORD <= self.count(obj));
        // SAFETY: as in `word`.
        unsafe { store(obj.address() + WORD + i * WORD, w) }
    }

    /// The `count` raw bytes of a Bytes object, writable.
    pub fn bytes_mut(&mut self, obj: Value) -> &mut [u8] {
        self.debug_check_bytes(obj);
        let len = self.count(obj);
        let p = ptr::with_exposed_provenance_mut::<u8>(obj.address() + WORD);
        // SAFETY: invariant 1: `len` initialised bytes follow the header; the exclusive
        // borrow of the heap excludes every other access.
        unsafe { std::slice::from_raw_parts_mut(p, len) }
    }

    /// The identity hash of `obj`: a nonzero 30-bit number assigned on first request and
    /// kept in the header, so it survives moves.
    pub fn identity_hash(&mut self, obj: Value) -> u64 {
        let header = self.header(obj);
        if header.hash() != 0 {
            return u64::from(header.hash());
        }
        let hash = loop {
            // xorshift64
            let mut x = self.hash_state;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.hash_state = x;
            let h = ((x >> 34) & Header::HASH_MASK) as u32;
            if h != 0 {
                break h;
            }
        };
        self.set_header(obj, header.with_hash(hash));
        u64::from(hash)
    }

    /// True when `obj` is a reference to a nursery object.
    #[inline]
    pub fn is_young(&self, obj: Value) -> bool {
        obj.is_heap() && self.in_nursery(obj.address())
    }

    pub fn stats(&self) -> HeapStats {
        let nursery_used = self.nursery.top - self.nursery.start;
        HeapStats {
            minor_collections: self.minor_collections,
            major_collections: self.major_collections,
            bytes_allocated_total: self.bytes_allocated_retired + nursery_used as u64,
            live_bytes_after_last_major: self.live_bytes_after_last_major,
            old_space_bytes: self.old.committed,
            nursery_used,
        }
    }

    /// Asks to learn of `obj`'s death: once a collection finds it unreachable, `token` comes
    /// back from `take_dead_tokens`. Tracking does not keep `obj` alive.
    pub fn track(&mut self, obj: Value, token: u64) {
        self.debug_check(obj);
        self.tracked.push((obj, token));
    }

    /// Tokens of tracked objects that collections found dead since the last call.
    pub fn take_dead_tokens(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.dead_tokens)
    }

    /// Asks for `obj` to be finalised: the first collection that finds it unreachable keeps
    /// it (and everything it references) alive and queues it for `pop_finalize_ready`; it
    /// is then no longer registered. Registration does not keep `obj` alive.
    pub fn register_finalizer(&mut self, obj: Value) {
        self.debug_check(obj);
        self.finalizable.push(obj);
    }

    /// Queues every registered object for finalisation, alive or not (the VM finalises what
    /// is left when the program ends), and unregisters them.
    pub fn queue_all_finalizable(&mut self) {
        let all = std::mem::take(&mut self.finalizable);
        self.finalize_ready.extend(all.into_iter().rev());
    }

    /// Whether dead objects wait for finalisation.
    #[inline]
    pub fn has_finalize_ready(&self) -> bool {
        !self.finalize_ready.is_empty()
    }

    /// The next dead object to finalise. It is no longer a root once returned: the caller
    /// roots it before allocating.
    pub fn pop_finalize_ready(&mut self) -> Option<Value> {
        self.finalize_ready.pop()
    }

    /// Turns the fresh Slots object `obj` (at least two slots) into a Weak one: from now on
    /// slot 0 does not keep its referent alive. When a collection finds the referent dead it
    /// sets slot 0 to None and, if slot 1 is not None, queues `obj` for `pop_weak_cleared`.
    pub fn make_weak(&mut self, obj: Value) {
        self.debug_check(obj);
        let header = self.header(obj);
        debug_assert!(
            header.format() == Format::Slots && self.count(obj) >= 2,
            "ember-gc: make_weak needs a Slots object of two or more slots, got {obj:?}"
        );
        self.set_header(obj, header.with_format(Format::Weak));
        self.weak.push(obj);
    }

    /// Every live weak object, for the VM to search (valid until the next collection).
    pub fn weak_objects(&self) -> &[Value] {
        &self.weak
    }

    /// Whether weak objects whose referents died wait for the VM.
    #[inline]
    pub fn has_weak_cleared(&self) -> bool {
        !self.weak_cleared.is_empty()
    }

    /// The next weak object whose referent died (oldest first). It is no longer a root once
    /// returned: the caller roots it before allocating.
    pub fn pop_weak_cleared(&mut self) -> Option<Value> {
        if self.weak_cleared.is_empty() {
            None
        } else {
            Some(self.weak_cleared.remove(0))
        }
    }

    /// Whether anything waits for the VM's safe-point work (finalisers, weak callbacks).
    #[inline]
    pub fn has_pending_finalization(&self) -> bool {
        !self.finalize_ready.is_empty() || !self.weak_cleared.is_empty()
    }
}

#[cfg(test)]
mod tests;

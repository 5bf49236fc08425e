//! Heap memory: raw word access, blocks from the system allocator, and the old space.
//!
//! This module owns where object memory comes from and how a word of it is read or written;
//! it knows the object layout only as far as walking needs (`object_count`). It does not
//! decide what goes where (`heap.rs`) or move anything (`scavenge.rs`).
//!
//! Invariants, written here once:
//!
//! 1. **Blocks.** Heap memory is a set of blocks owned by the heap: the nursery (one bump
//!    region) and the old space's chunks and dedicated large-object blocks. In every block,
//!    the words in `[start, top)` are initialised and hold a sequence of objects, each an
//!    optional overflow-count word, a header and a body (see `header.rs`); objects are
//!    8-aligned and nothing lies between them, so the block can be walked linearly. Words at
//!    and above `top` are never read.
//! 2. **Old-space allocation order.** Only the last chunk is bump-allocated; when an object
//!    does not fit, the rest of that chunk is abandoned and a new chunk is appended. Objects
//!    bigger than `LARGE_OBJECT_BYTES` get a block of their own, full from the start. So
//!    the objects allocated after a given point are: the rest of that chunk, every later
//!    chunk in order, and the new large blocks, which is what the Cheney scan relies on.
//! 3. **Provenance.** A block's pointer is exposed when it is allocated, and every access
//!    rebuilds a pointer from an address with `with_exposed_provenance`; addresses are
//!    plain `usize` everywhere else.

use std::alloc::{self, Layout};
use std::ptr;

use crate::header::Header;
use crate::value::Value;

/// Bytes in a word.
pub(crate) const WORD: usize = 8;
/// Size of an old-space chunk.
pub(crate) const CHUNK_BYTES: usize = 1 << 20;
/// Objects bigger than this are allocated directly in the old space, each in a block of its
/// own (so a chunk wastes at most this much at its end).
pub(crate) const LARGE_OBJECT_BYTES: usize = 64 << 10;
/// Written over dead memory in stress and verify modes. Its low bits `101` are neither a
/// header nor a forwarding word, so reading a stale object through it fails at once.
pub(crate) const POISON: u64 = 0xdead_beef_dead_beed;

const _: () = assert!(LARGE_OBJECT_BYTES <= CHUNK_BYTES);
const _: () = assert!(POISON & 0b111 == 0b101);

// ----- raw memory -----

/// Reads the word at `addr`.
///
/// # Safety
///
/// `addr` must be 8-aligned and lie in the initialised part `[start, top)` of a live block of
/// a heap (or of a block being filled by the collector, below its top).
#[inline(always)]
pub(crate) unsafe fn load(addr: usize) -> u64 {
    // SAFETY: the caller guarantees an aligned, initialised word of a live block, whose
    // provenance was exposed when the block was allocated.
    unsafe { ptr::with_exposed_provenance::<u64>(addr).read() }
}

/// Writes the word at `addr`.
///
/// # Safety
///
/// `addr` must be 8-aligned and lie inside a live block of a heap, and no reference into
/// heap memory (`slots`, `bytes`) may be alive.
#[inline(always)]
pub(crate) unsafe fn store(addr: usize, word: u64) {
    // SAFETY: the caller guarantees an aligned word inside a live block, with no outstanding
    // borrows of it.
    unsafe { ptr::with_exposed_provenance_mut::<u64>(addr).write(word) }
}

/// Writes `n` copies of `word` starting at `addr`.
///
/// # Safety
///
/// As for `store`, for every word of `[addr, addr + 8n)`.
#[inline(always)]
pub(crate) unsafe fn fill_words(addr: usize, n: usize, word: u64) {
    let p = ptr::with_exposed_provenance_mut::<u64>(addr);
    if n <= 2 {
        // Floats and other small objects: plain stores, not a call to memset.
        // SAFETY: as below.
        unsafe {
            if n >= 1 {
                p.write(word);
            }
            if n == 2 {
                p.add(1).write(word);
            }
        }
        return;
    }
    for i in 0..n {
        // SAFETY: `p + i` is inside the range the caller vouches for.
        unsafe { p.add(i).write(word) };
    }
}

/// The count of the object whose (intact) header `header` is at `addr`.
///
/// # Safety
///
/// `addr` must be the header address of an object in the initialised part of a live block,
/// so that its overflow word, if any, is readable.
#[inline]
pub(crate) unsafe fn object_count(addr: usize, header: Header) -> usize {
    if header.has_overflow_count() {
        // SAFETY: an overflow header is always preceded by its count word (header.rs).
        Value::from_raw(unsafe { load(addr - WORD) }).as_small_int() as usize
    } else {
        header.count_field()
    }
}

// ----- blocks and the old space -----

/// One block of heap memory from the system allocator. Freed on drop.
pub(crate) struct Block {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Bump pointer: `[start, top)` holds objects.
    pub(crate) top: usize,
}

impl Block {
    const ALIGN: usize = 16;

    /// A block of `bytes` bytes (rounded up to a word), or `None` if the system allocator
    /// refuses.
    pub(crate) fn allocate(bytes: usize) -> Option<Block> {
        let size = bytes.max(WORD).checked_next_multiple_of(WORD)?;
        let layout = Layout::from_size_align(size, Self::ALIGN).ok()?;
        // SAFETY: the layout's size is nonzero.
        let p = unsafe { alloc::alloc(layout) };
        if p.is_null() {
            return None;
        }
        let start = p.expose_provenance();
        Some(Block {
            start,
            end: start + size,
            top: start,
        })
    }

    /// Like `allocate`, for the collector, which cannot back out half-way: aborts through
    /// `handle_alloc_error` when the system is out of memory.
    pub(crate) fn allocate_or_abort(bytes: usize) -> Block {
        match Block::allocate(bytes) {
            Some(b) => b,
            None => alloc::handle_alloc_error(
                Layout::from_size_align(bytes, Self::ALIGN).unwrap_or(Layout::new::<u64>()),
            ),
        }
    }

    #[inline]
    pub(crate) fn size(&self) -> usize {
        self.end - self.start
    }

    /// Overwrites the used part `[start, top)` with `POISON`.
    pub(crate) fn poison(&self) {
        // SAFETY: `[start, top)` is inside this live block and nothing borrows it (poisoning
        // happens during a collection, which holds the heap mutably).
        unsafe { fill_words(self.start, (self.top - self.start) / WORD, POISON) };
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        // SAFETY: `allocate` built this size and alignment successfully, so they are valid.
        let layout = unsafe { Layout::from_size_align_unchecked(self.size(), Self::ALIGN) };
        // SAFETY: `start` came from `alloc::alloc` with this layout and is freed only here.
        unsafe { alloc::dealloc(ptr::with_exposed_provenance_mut::<u8>(self.start), layout) };
    }
}

/// Where an address lies in the old space.
#[derive(Copy, Clone)]
struct IndexEntry {
    start: usize,
    end: usize,
    /// `Some(i)` for `chunks[i]`, `None` for a large-object block (full: top == end).
    chunk: Option<usize>,
}

/// The old space: bump-allocated chunks plus one dedicated block per large object.
/// Only the last chunk is allocated into; a chunk's unused tail is abandoned.
#[derive(Default)]
pub(crate) struct OldSpace {
    pub(crate) chunks: Vec<Block>,
    pub(crate) large: Vec<Block>,
    /// Every block, sorted by start address, for `find`.
    index: Vec<IndexEntry>,
    /// Bytes of all blocks.
    pub(crate) committed: usize,
}

impl OldSpace {
    /// Reserves `size` bytes (a multiple of 8) and returns their start, or `None` if that
    /// would take the space's committed bytes above `budget` or the system refuses.
    pub(crate) fn alloc(&mut self, size: usize, budget: usize) -> Option<usize> {
        if size > LARGE_OBJECT_BYTES {
            if self.committed.checked_add(size)? > budget {
                return None;
            }
            let mut block = Block::allocate(size)?;
            block.top = block.start + size;
            let start = block.start;
            self.add_block(block, false);
            return Some(start);
        }
        if let Some(last) = self.chunks.last_mut() {
            if last.end - last.top >= size {
                let start = last.top;
                last.top += size;
                return Some(start);
            }
        }
        if self.committed.saturating_add(CHUNK_BYTES) > budget {
            return None;
        }
        let mut block = Block::allocate(CHUNK_BYTES)?;
        let start = block.start;
        block.top = start + size;
        self.add_block(block, true);
        Some(start)
    }

    /// `alloc` for the collector: no budget, and system exhaustion aborts.
    pub(crate) fn alloc_in_collection(&mut self, size: usize) -> usize {
        if let Some(start) = self.alloc(size, usize::MAX) {
            return start;
        }
        // The only failure left is the system allocator's: take the aborting path.
        let bytes = if size > LARGE_OBJECT_BYTES {
            size
        } else {
            CHUNK_BYTES
        };
        let mut block = Block::allocate_or_abort(bytes);
        let start = block.start;
        block.top = start + size;
        self.add_block(block, size <= LARGE_OBJECT_BYTES);
        start
    }

    /// True when an allocation of `size` bytes would need a new block.
    pub(crate) fn needs_new_block(&self, size: usize) -> bool {
        match self.chunks.last() {
            Some(last) if size <= LARGE_OBJECT_BYTES => last.end - last.top < size,
            _ => true,
        }
    }

    fn add_block(&mut self, block: Block, is_chunk: bool) {
        self.committed += block.size();
        let chunk = if is_chunk {
            Some(self.chunks.len())
        } else {
            None
        };
        let entry = IndexEntry {
            start: block.start,
            end: block.end,
            chunk,
        };
        let at = self.index.partition_point(|e| e.start < block.start);
        self.index.insert(at, entry);
        if is_chunk {
            self.chunks.push(block);
        } else {
            self.large.push(block);
        }
    }

    /// The `(start, top)` of the block whose memory contains `addr`, if any.
    #[inline]
    pub(crate) fn find(&self, addr: usize) -> Option<(usize, usize)> {
        let i = self
            .index
            .partition_point(|e| e.start <= addr)
            .checked_sub(1)?;
        let e = self.index[i];
        if addr >= e.end {
            return None;
        }
        let top = match e.chunk {
            Some(c) => self.chunks[c].top,
            None => e.end,
        };
        Some((e.start, top))
    }

    /// Every block, chunks first.
    pub(crate) fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.chunks.iter().chain(self.large.iter())
    }
}

//! The object header word: the one description of an object's shape the collector reads.
//!
//! This module owns the header's bit packing and the size arithmetic that follows from it.
//! It does not touch memory; `heap.rs` reads and writes headers.
//!
//! Header layout (invariants, written here once):
//!
//! ```text
//! bits 0-2   tag 0b011 (so a linear heap walk can tell a header from a Value)
//! bits 3-4   format: 0 = Slots, 1 = Bytes, 2 = Weak (3 is invalid)
//! bit  5     remembered: the object is in the remembered set (collector-internal)
//! bits 6-13  count; 255 = overflow: the real count is the SmallInt word just before the
//!            header, which belongs to the same allocation
//! bits 14-33 layout id (20 bits)
//! bits 34-63 identity hash (30 bits; 0 = not assigned yet)
//! ```
//!
//! An object of format Slots and count N is the header followed by N `Value` words, every
//! one of which the collector traces. An object of format Bytes and count N is the header
//! followed by N raw bytes, rounded up to whole words with zero padding; nothing in it is
//! traced. An object of format Weak is laid out like Slots (at least two slots) but slot 0
//! is a weak reference, which the collector does not trace (see `scavenge.rs`, invariant 7).
//! Counts of 255 and more always use the overflow word, smaller ones never do.

use std::fmt;

/// Index of an object's layout (hidden class) in the VM's layout table; 20 bits.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct LayoutId(pub u32);

impl LayoutId {
    /// The largest layout id a header can hold.
    pub const MAX: LayoutId = LayoutId((1 << 20) - 1);
}

/// How the collector sees an object's body.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
#[repr(u8)]
pub enum Format {
    /// Every body word is a `Value` and is traced.
    Slots = 0,
    /// The body is raw bytes; nothing is traced.
    Bytes = 1,
    /// Like Slots, except that slot 0 is a weak reference (not traced, cleared to None
    /// when its referent dies) and slot 1 says whether to queue the object then.
    Weak = 2,
}

impl Format {
    /// Whether the body is `Value` words (Slots or Weak).
    #[inline]
    pub const fn has_slots(self) -> bool {
        !matches!(self, Format::Bytes)
    }
}

const TAG: u64 = 0b011;
const TAG_MASK: u64 = 0b111;
const FORMAT_SHIFT: u32 = 3;
const FORMAT_MASK: u64 = 0b11;
const REMEMBERED_BIT: u64 = 1 << 5;
const COUNT_SHIFT: u32 = 6;
const COUNT_MASK: u64 = 0xff;
const LAYOUT_SHIFT: u32 = 14;
const LAYOUT_MASK: u64 = (1 << 20) - 1;
const HASH_SHIFT: u32 = 34;

/// One object header word.
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Header(u64);

const _: () = assert!(std::mem::size_of::<Header>() == 8);
const _: () = assert!(LayoutId::MAX.0 as u64 == LAYOUT_MASK);
const _: () = assert!(HASH_SHIFT + Header::HASH_BITS == 64);

impl Header {
    /// Inline count value meaning "the real count is in the word before the header".
    pub const COUNT_OVERFLOW: usize = 255;
    /// Width of the identity hash field.
    pub const HASH_BITS: u32 = 30;
    /// Mask of an identity hash value.
    pub const HASH_MASK: u64 = (1 << Self::HASH_BITS) - 1;

    /// A header with no hash and the remembered bit clear. `count` of 255 or more is stored
    /// as the overflow marker; the caller writes the real count in the word before.
    #[inline]
    pub const fn new(format: Format, count: usize, layout: LayoutId) -> Header {
        debug_assert!(layout.0 <= LayoutId::MAX.0);
        let field = if count >= Self::COUNT_OVERFLOW {
            Self::COUNT_OVERFLOW
        } else {
            count
        };
        Header(
            TAG | ((format as u64) << FORMAT_SHIFT)
                | ((field as u64) << COUNT_SHIFT)
                | (((layout.0 as u64) & LAYOUT_MASK) << LAYOUT_SHIFT),
        )
    }

    /// Reinterprets a raw word (the caller checks `is_header_word` when unsure).
    #[inline]
    pub const fn from_raw(word: u64) -> Header {
        Header(word)
    }

    #[inline]
    pub const fn raw(self) -> u64 {
        self.0
    }

    /// True when `word` carries the header tag.
    #[inline]
    pub const fn is_header_word(word: u64) -> bool {
        word & TAG_MASK == TAG
    }

    /// True when the tag is right and the format bits name a real format.
    #[inline]
    pub const fn is_valid(self) -> bool {
        Self::is_header_word(self.0) && (self.0 >> FORMAT_SHIFT) & FORMAT_MASK <= 2
    }

    #[inline]
    pub const fn format(self) -> Format {
        match (self.0 >> FORMAT_SHIFT) & FORMAT_MASK {
            0 => Format::Slots,
            1 => Format::Bytes,
            _ => Format::Weak,
        }
    }

    /// The same header with another format (for turning a fresh Slots object into a Weak
    /// one).
    #[inline]
    pub const fn with_format(self, format: Format) -> Header {
        let cleared = self.0 & !(FORMAT_MASK << FORMAT_SHIFT);
        Header(cleared | ((format as u64) << FORMAT_SHIFT))
    }

    /// The inline count field: the count itself, or `COUNT_OVERFLOW`.
    #[inline]
    pub const fn count_field(self) -> usize {
        ((self.0 >> COUNT_SHIFT) & COUNT_MASK) as usize
    }

    /// True when the real count is in the word before the header.
    #[inline]
    pub const fn has_overflow_count(self) -> bool {
        self.count_field() == Self::COUNT_OVERFLOW
    }

    /// True when an object of this count needs the overflow word.
    #[inline]
    pub const fn needs_overflow(count: usize) -> bool {
        count >= Self::COUNT_OVERFLOW
    }

    #[inline]
    pub const fn layout_id(self) -> LayoutId {
        LayoutId(((self.0 >> LAYOUT_SHIFT) & LAYOUT_MASK) as u32)
    }

    #[inline]
    pub const fn with_layout_id(self, id: LayoutId) -> Header {
        debug_assert!(id.0 <= LayoutId::MAX.0);
        let cleared = self.0 & !(LAYOUT_MASK << LAYOUT_SHIFT);
        Header(cleared | (((id.0 as u64) & LAYOUT_MASK) << LAYOUT_SHIFT))
    }

    /// The identity hash, 0 when not assigned yet.
    #[inline]
    pub const fn hash(self) -> u32 {
        (self.0 >> HASH_SHIFT) as u32
    }

    #[inline]
    pub const fn with_hash(self, hash: u32) -> Header {
        debug_assert!(hash as u64 <= Self::HASH_MASK);
        let cleared = self.0 & !(Self::HASH_MASK << HASH_SHIFT);
        Header(cleared | (((hash as u64) & Self::HASH_MASK) << HASH_SHIFT))
    }

    #[inline]
    pub const fn is_remembered(self) -> bool {
        self.0 & REMEMBERED_BIT != 0
    }

    #[inline]
    pub const fn with_remembered(self, remembered: bool) -> Header {
        if remembered {
            Header(self.0 | REMEMBERED_BIT)
        } else {
            Header(self.0 & !REMEMBERED_BIT)
        }
    }

    /// Number of words in the body of an object of this format and count.
    #[inline]
    pub const fn body_words(format: Format, count: usize) -> usize {
        match format {
            Format::Slots | Format::Weak => count,
            Format::Bytes => count.div_ceil(8),
        }
    }

    /// Total bytes of an allocation (overflow word, header, body), or `None` if it does not
    /// fit in `usize`.
    #[inline]
    pub const fn allocation_bytes(format: Format, count: usize) -> Option<usize> {
        let prefix = if Self::needs_overflow(count) { 1 } else { 0 };
        let words = match Self::body_words(format, count).checked_add(1 + prefix) {
            Some(w) => w,
            None => return None,
        };
        words.checked_mul(8)
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.is_valid() {
            return write!(f, "Header(invalid {:#x})", self.0);
        }
        f.debug_struct("Header")
            .field("format", &self.format())
            .field("count_field", &self.count_field())
            .field("layout", &self.layout_id().0)
            .field("hash", &self.hash())
            .field("remembered", &self.is_remembered())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_round_trips() {
        let h = Header::new(Format::Slots, 3, LayoutId(77));
        assert!(h.is_valid() && Header::is_header_word(h.raw()));
        assert_eq!(h.raw() & 0b111, 0b011);
        assert_eq!(h.format(), Format::Slots);
        assert_eq!(h.count_field(), 3);
        assert!(!h.has_overflow_count());
        assert_eq!(h.layout_id(), LayoutId(77));
        assert_eq!(h.hash(), 0);
        assert!(!h.is_remembered());

        let b = Header::new(Format::Bytes, 254, LayoutId::MAX);
        assert_eq!(b.format(), Format::Bytes);
        assert_eq!(b.count_field(), 254);
        assert_eq!(b.layout_id(), LayoutId::MAX);

        let h2 = h
            .with_hash(Header::HASH_MASK as u32)
            .with_remembered(true)
            .with_layout_id(LayoutId(5));
        assert_eq!(h2.hash() as u64, Header::HASH_MASK);
        assert!(h2.is_remembered());
        assert_eq!(h2.layout_id(), LayoutId(5));
        assert_eq!(h2.count_field(), 3);
        assert_eq!(h2.format(), Format::Slots);
        let h3 = h2.with_remembered(false).with_hash(1);
        assert!(!h3.is_remembered());
        assert_eq!(h3.hash(), 1);
        assert_eq!(h3.layout_id(), LayoutId(5));
        assert!(h3.is_valid());
    }

    #[test]
    fn overflow_counts() {
        assert!(!Header::needs_overflow(254));
        assert!(Header::needs_overflow(255));
        for count in [255, 1000, 1 << 20, 1 << 40] {
            let h = Header::new(Format::Slots, count, LayoutId(1));
            assert!(h.has_overflow_count());
            assert_eq!(h.count_field(), Header::COUNT_OVERFLOW);
            assert_eq!(h.layout_id(), LayoutId(1));
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(Header::allocation_bytes(Format::Slots, 0), Some(8));
        assert_eq!(Header::allocation_bytes(Format::Slots, 2), Some(24));
        assert_eq!(Header::allocation_bytes(Format::Bytes, 0), Some(8));
        assert_eq!(Header::allocation_bytes(Format::Bytes, 1), Some(16));
        assert_eq!(Header::allocation_bytes(Format::Bytes, 8), Some(16));
        assert_eq!(Header::allocation_bytes(Format::Bytes, 9), Some(24));
        assert_eq!(
            Header::allocation_bytes(Format::Slots, 1000),
            Some(8 * 1002)
        );
        assert_eq!(
            Header::allocation_bytes(Format::Bytes, 1 << 20),
            Some((1 << 20) + 16)
        );
        assert_eq!(Header::allocation_bytes(Format::Slots, usize::MAX), None);
        assert_eq!(Header::allocation_bytes(Format::Bytes, usize::MAX), None);
    }

    #[test]
    fn invalid_words() {
        assert!(!Header::from_raw(0x1001).is_valid());
        assert!(Header::from_raw(0b10_011).is_valid(), "format 2 is Weak");
        assert_eq!(Header::from_raw(0b10_011).format(), Format::Weak);
        assert!(!Header::from_raw(0b11_011).is_valid());
        let h = Header::new(Format::Slots, 2, LayoutId(9)).with_format(Format::Weak);
        assert_eq!((h.format(), h.count_field(), h.layout_id()), (Format::Weak, 2, LayoutId(9)));
        assert!(format!("{:?}", Header::from_raw(0)).contains("invalid"));
    }
}

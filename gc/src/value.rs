//! The tagged 64-bit word every Python value is made of.
//!
//! This module owns the *encoding* of a word and nothing else: it never touches heap memory,
//! so it has no `unsafe` code (`from_address` is `unsafe` only because the `Value` it builds
//! is trusted by the heap's accessors).
//!
//! Encoding, by the low bits of the word (these invariants are written here once):
//!
//! | low bits | meaning                                                                   |
//! |----------|---------------------------------------------------------------------------|
//! | `...0`   | SmallInt: 63-bit signed, `value = (word as i64) >> 1`                     |
//! | `...001` | heap reference: address of the object's header word (8-aligned) `\| 1`    |
//! | `...011` | header word; never a `Value` held by user code, found only in heap walks  |
//! | `...101` | reserved (the collector's poison pattern uses it so stale reads fail)     |
//! | `...111` | immediate; the low byte is the tag byte described below                   |
//!
//! Immediate tag byte: bits 0-2 = `111`; bits 3-4 = class; bits 5-7 = payload.
//! Class `00` is a small str (payload = length 0..=7, byte `i` at bits `8 + 8i`, unused high
//! bytes zero, so equal strings are equal words). Class `10` is a singleton (payload = kind:
//! 0 None, 1 False, 2 True, 3 NotImplemented, 4 Unbound, 5 Ellipsis). Classes `01` and `11`
//! are reserved.
//!
//! Because a SmallInt's tag bit is 0, the tagged word of `a + b` is the sum of the tagged
//! words of `a` and `b`, and 64-bit overflow of that sum is exactly 63-bit overflow of the
//! value; the `small_int_*` helpers rely on this.

use std::fmt;

/// Mask of the low three bits, which select the kind of word.
pub(crate) const TAG_MASK: u64 = 0b111;
/// Low three bits of a heap reference.
pub(crate) const HEAP_TAG: u64 = 0b001;
/// Low three bits of an immediate.
const IMMEDIATE_TAG: u64 = 0b111;
/// Low five bits (tag + class) of a small str.
const SMALL_STR_TAG: u64 = IMMEDIATE_TAG;
/// Low five bits (tag + class) of a singleton.
const SINGLETON_TAG: u64 = IMMEDIATE_TAG | (0b10 << 3);

/// Builds the word of the singleton of the given kind.
const fn singleton(kind: u64) -> Value {
    Value(SINGLETON_TAG | (kind << 5))
}

/// One tagged 64-bit word: a SmallInt, a heap reference or an immediate.
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(u64);

const _: () = assert!(std::mem::size_of::<Value>() == 8);
const _: () = assert!(std::mem::align_of::<Value>() == 8);

impl Value {
    pub const NONE: Value = singleton(0);
    pub const FALSE: Value = singleton(1);
    pub const TRUE: Value = singleton(2);
    pub const NOT_IMPLEMENTED: Value = singleton(3);
    /// Internal "no value" marker (unbound local, error return); never visible to Python.
    pub const UNBOUND: Value = singleton(4);
    pub const ELLIPSIS: Value = singleton(5);

    pub const SMALL_INT_MIN: i64 = -(1 << 62);
    pub const SMALL_INT_MAX: i64 = (1 << 62) - 1;

    /// Reinterprets a raw word. The heap trusts heap references, so only pass words that
    /// came from `raw()` of a live value.
    #[inline]
    pub const fn from_raw(bits: u64) -> Value {
        Value(bits)
    }

    /// The raw word.
    #[inline]
    pub const fn raw(self) -> u64 {
        self.0
    }

    // ----- SmallInt -----

    /// The SmallInt `i`, or `None` if `i` is outside `SMALL_INT_MIN..=SMALL_INT_MAX`.
    #[inline]
    pub const fn from_i64(i: i64) -> Option<Value> {
        if i >= Self::SMALL_INT_MIN && i <= Self::SMALL_INT_MAX {
            Some(Value((i << 1) as u64))
        } else {
            None
        }
    }

    /// The SmallInt `i`; the caller guarantees the range (checked in debug builds).
    #[inline]
    pub const fn small_int(i: i64) -> Value {
        debug_assert!(i >= Self::SMALL_INT_MIN && i <= Self::SMALL_INT_MAX);
        Value((i << 1) as u64)
    }

    #[inline]
    pub const fn is_small_int(self) -> bool {
        self.0 & 1 == 0
    }

    /// Decodes a SmallInt without checking the tag.
    #[inline]
    pub const fn as_small_int(self) -> i64 {
        (self.0 as i64) >> 1
    }

    #[inline]
    pub const fn try_small_int(self) -> Option<i64> {
        if self.is_small_int() {
            Some(self.as_small_int())
        } else {
            None
        }
    }

    // ----- singletons -----

    #[inline]
    pub const fn from_bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }

    #[inline]
    pub const fn is_bool(self) -> bool {
        self.0 == Value::TRUE.0 || self.0 == Value::FALSE.0
    }

    #[inline]
    pub const fn is_none(self) -> bool {
        self.0 == Value::NONE.0
    }

    #[inline]
    pub const fn is_true(self) -> bool {
        self.0 == Value::TRUE.0
    }

    #[inline]
    pub const fn is_false(self) -> bool {
        self.0 == Value::FALSE.0
    }

    #[inline]
    pub const fn is_unbound(self) -> bool {
        self.0 == Value::UNBOUND.0
    }

    #[inline]
    pub const fn is_not_implemented(self) -> bool {
        self.0 == Value::NOT_IMPLEMENTED.0
    }

    #[inline]
    pub const fn is_ellipsis(self) -> bool {
        self.0 == Value::ELLIPSIS.0
    }

    // ----- kinds -----

    /// True for a reference to a heap object.
    #[inline]
    pub const fn is_heap(self) -> bool {
        self.0 & TAG_MASK == HEAP_TAG
    }

    /// True for singletons and small strs (low three bits `111`).
    #[inline]
    pub const fn is_immediate(self) -> bool {
        self.0 & TAG_MASK == IMMEDIATE_TAG
    }

    // ----- small str -----

    /// A small str holding `bytes` (the str's encoding, chosen by the caller), or `None` if
    /// longer than 7 bytes.
    #[inline]
    pub const fn small_str(bytes: &[u8]) -> Option<Value> {
        if bytes.len() > 7 {
            return None;
        }
        let mut word = ((bytes.len() as u64) << 5) | SMALL_STR_TAG;
        let mut i = 0;
        while i < bytes.len() {
            word |= (bytes[i] as u64) << (8 + 8 * i);
            i += 1;
        }
        Some(Value(word))
    }

    #[inline]
    pub const fn is_small_str(self) -> bool {
        self.0 & 0b1_1111 == SMALL_STR_TAG
    }

    /// Length in bytes of a small str (unchecked: the caller knows `is_small_str`).
    #[inline]
    pub const fn small_str_len(self) -> usize {
        debug_assert!(self.is_small_str());
        ((self.0 >> 5) & 0b111) as usize
    }

    /// Copies out a small str's bytes (the first `len` of the array) and its length.
    #[inline]
    pub const fn small_str_bytes(self) -> ([u8; 8], usize) {
        debug_assert!(self.is_small_str());
        ((self.0 >> 8).to_le_bytes(), self.small_str_len())
    }

    // ----- heap references -----

    /// Address of the header word of the object a heap reference points at.
    #[inline]
    pub const fn address(self) -> usize {
        debug_assert!(self.is_heap(), "address() of a non-heap value");
        (self.0 - HEAP_TAG) as usize
    }

    /// The heap reference to the object whose header word is at `addr`.
    ///
    /// # Safety
    ///
    /// `addr` must be the (8-aligned) header address of a live object of the heap the value
    /// will be used with: the heap's accessors trust heap references without checking them in
    /// release builds.
    #[inline]
    pub const unsafe fn from_address(addr: usize) -> Value {
        debug_assert!(addr.is_multiple_of(8), "unaligned object address");
        Value(addr as u64 | HEAP_TAG)
    }

    // ----- SmallInt arithmetic on tagged words -----

    /// `a + b` for two SmallInts, or `None` on overflow of the SmallInt range.
    #[inline]
    pub fn small_int_add(a: Value, b: Value) -> Option<Value> {
        small_int_add(a, b)
    }

    /// `a - b` for two SmallInts, or `None` on overflow of the SmallInt range.
    #[inline]
    pub fn small_int_sub(a: Value, b: Value) -> Option<Value> {
        small_int_sub(a, b)
    }

    /// `a * b` for two SmallInts, or `None` on overflow of the SmallInt range.
    #[inline]
    pub fn small_int_mul(a: Value, b: Value) -> Option<Value> {
        small_int_mul(a, b)
    }
}

/// `a + b` for two SmallInts (checked in debug builds), or `None` on overflow: the sum of
/// two tagged words is the tagged sum, and it overflows `i64` exactly when the value leaves
/// the 63-bit range.
#[inline]
pub fn small_int_add(a: Value, b: Value) -> Option<Value> {
    debug_assert!(a.is_small_int() && b.is_small_int());
    (a.0 as i64)
        .checked_add(b.0 as i64)
        .map(|w| Value(w as u64))
}

/// `a - b` for two SmallInts (checked in debug builds), or `None` on overflow.
#[inline]
pub fn small_int_sub(a: Value, b: Value) -> Option<Value> {
    debug_assert!(a.is_small_int() && b.is_small_int());
    (a.0 as i64)
        .checked_sub(b.0 as i64)
        .map(|w| Value(w as u64))
}

/// `a * b` for two SmallInts (checked in debug builds), or `None` on overflow: untagging
/// one operand gives `x * 2y = 2xy`, the tagged product, which overflows `i64` exactly when
/// `xy` leaves the 63-bit range.
#[inline]
pub fn small_int_mul(a: Value, b: Value) -> Option<Value> {
    debug_assert!(a.is_small_int() && b.is_small_int());
    a.as_small_int()
        .checked_mul(b.0 as i64)
        .map(|w| Value(w as u64))
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.0;
        if self.is_small_int() {
            return write!(f, "SmallInt({})", self.as_small_int());
        }
        match w & TAG_MASK {
            HEAP_TAG => write!(f, "Heap({:#x})", w - HEAP_TAG),
            0b011 => write!(f, "Header({w:#x})"),
            0b101 => write!(f, "Reserved({w:#x})"),
            _ if self.is_small_str() => {
                let (bytes, len) = self.small_str_bytes();
                write!(f, "Str({:?})", String::from_utf8_lossy(&bytes[..len]))
            }
            _ => match *self {
                Value::NONE => f.write_str("None"),
                Value::FALSE => f.write_str("False"),
                Value::TRUE => f.write_str("True"),
                Value::NOT_IMPLEMENTED => f.write_str("NotImplemented"),
                Value::UNBOUND => f.write_str("Unbound"),
                Value::ELLIPSIS => f.write_str("Ellipsis"),
                _ => write!(f, "Immediate({w:#x})"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_int_round_trips() {
        for i in [
            0,
            1,
            -1,
            42,
            -42,
            Value::SMALL_INT_MIN,
            Value::SMALL_INT_MAX,
            1 << 40,
        ] {
            let v = Value::from_i64(i).unwrap();
            assert!(v.is_small_int());
            assert!(!v.is_heap() && !v.is_immediate());
            assert_eq!(v.as_small_int(), i);
            assert_eq!(v.try_small_int(), Some(i));
            assert_eq!(Value::small_int(i), v);
        }
        assert_eq!(Value::from_i64(Value::SMALL_INT_MAX + 1), None);
        assert_eq!(Value::from_i64(Value::SMALL_INT_MIN - 1), None);
        assert_eq!(Value::from_i64(i64::MAX), None);
        assert_eq!(Value::from_i64(i64::MIN), None);
        assert_eq!(Value::NONE.try_small_int(), None);
    }

    #[test]
    fn small_int_arithmetic() {
        let s = Value::small_int;
        assert_eq!(small_int_add(s(2), s(3)), Some(s(5)));
        assert_eq!(small_int_add(s(-2), s(3)), Some(s(1)));
        assert_eq!(small_int_add(s(Value::SMALL_INT_MAX), s(1)), None);
        assert_eq!(
            small_int_add(s(Value::SMALL_INT_MAX), s(0)),
            Some(s(Value::SMALL_INT_MAX))
        );
        assert_eq!(small_int_sub(s(Value::SMALL_INT_MIN), s(1)), None);
        assert_eq!(
            small_int_sub(s(Value::SMALL_INT_MIN + 1), s(1)),
            Some(s(Value::SMALL_INT_MIN))
        );
        assert_eq!(small_int_sub(s(7), s(10)), Some(s(-3)));
        assert_eq!(small_int_mul(s(-6), s(7)), Some(s(-42)));
        assert_eq!(small_int_mul(s(1 << 31), s(1 << 30)), Some(s(1 << 61)));
        assert_eq!(small_int_mul(s(1 << 31), s(1 << 31)), None);
        assert_eq!(
            small_int_mul(s(-(1 << 31)), s(1 << 31)),
            Some(s(Value::SMALL_INT_MIN))
        );
        assert_eq!(small_int_mul(s(Value::SMALL_INT_MIN), s(-1)), None);
        assert_eq!(Value::small_int_add(s(1), s(1)), Some(s(2)));
        assert_eq!(Value::small_int_sub(s(1), s(1)), Some(s(0)));
        assert_eq!(Value::small_int_mul(s(3), s(1)), Some(s(3)));
    }

    #[test]
    fn singletons() {
        let all = [
            Value::NONE,
            Value::FALSE,
            Value::TRUE,
            Value::NOT_IMPLEMENTED,
            Value::UNBOUND,
            Value::ELLIPSIS,
        ];
        for (i, a) in all.iter().enumerate() {
            assert!(a.is_immediate() && !a.is_heap() && !a.is_small_int() && !a.is_small_str());
            for (j, b) in all.iter().enumerate() {
                assert_eq!(i == j, a == b);
            }
        }
        assert_eq!(Value::NONE.raw() & 0xff, 0x17);
        assert!(Value::NONE.is_none());
        assert!(Value::TRUE.is_true() && Value::TRUE.is_bool() && !Value::TRUE.is_false());
        assert!(Value::FALSE.is_false() && Value::FALSE.is_bool());
        assert!(!Value::NONE.is_bool());
        assert!(Value::UNBOUND.is_unbound());
        assert!(Value::NOT_IMPLEMENTED.is_not_implemented());
        assert!(Value::ELLIPSIS.is_ellipsis());
        assert_eq!(Value::from_bool(true), Value::TRUE);
        assert_eq!(Value::from_bool(false), Value::FALSE);
    }

    #[test]
    fn small_strs() {
        let text = b"abcdefgh";
        for len in 0..=7 {
            let v = Value::small_str(&text[..len]).unwrap();
            assert!(v.is_small_str() && v.is_immediate() && !v.is_heap());
            assert_eq!(v.small_str_len(), len);
            let (bytes, n) = v.small_str_bytes();
            assert_eq!(n, len);
            assert_eq!(&bytes[..n], &text[..len]);
            assert!(bytes[n..].iter().all(|&b| b == 0));
            assert_ne!(v, Value::NONE);
        }
        assert_eq!(Value::small_str(text), None);
        assert_eq!(Value::small_str(b"ab"), Value::small_str(b"ab"));
        assert_ne!(Value::small_str(b"ab"), Value::small_str(b"ab\0"));
        let max = Value::small_str(&[0xff; 7]).unwrap();
        assert_eq!(
            max.small_str_bytes(),
            ([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0], 7)
        );
    }

    #[test]
    fn heap_refs() {
        // SAFETY: the value is only inspected, never handed to a heap.
        let v = unsafe { Value::from_address(0x1000) };
        assert!(v.is_heap() && !v.is_immediate() && !v.is_small_int());
        assert_eq!(v.address(), 0x1000);
        assert_eq!(v.raw(), 0x1001);
        assert_eq!(Value::from_raw(v.raw()), v);
    }

    #[test]
    fn debug_format() {
        assert_eq!(format!("{:?}", Value::small_int(5)), "SmallInt(5)");
        assert_eq!(format!("{:?}", Value::small_int(-5)), "SmallInt(-5)");
        assert_eq!(format!("{:?}", Value::NONE), "None");
        assert_eq!(format!("{:?}", Value::TRUE), "True");
        assert_eq!(format!("{:?}", Value::FALSE), "False");
        assert_eq!(format!("{:?}", Value::NOT_IMPLEMENTED), "NotImplemented");
        assert_eq!(format!("{:?}", Value::UNBOUND), "Unbound");
        assert_eq!(format!("{:?}", Value::ELLIPSIS), "Ellipsis");
        assert_eq!(
            format!("{:?}", Value::small_str(b"ab").unwrap()),
            "Str(\"ab\")"
        );
        assert_eq!(format!("{:?}", Value::from_raw(0x1001)), "Heap(0x1000)");
    }
}

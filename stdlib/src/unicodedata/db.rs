//! Reading the generated Unicode tables (`tables.rs`): property records, decompositions,
//! composition pairs and names, for the current database (Unicode 14.0.0) and for the
//! Unicode 3.2.0 view (`ucd_3_2_0`). Pure functions of code points; nothing here touches the
//! Python heap.
//!
//! The 3.2 view is CPython's: a character unassigned in 3.2 has no name, no decomposition
//! and default properties; an assigned one has its 3.2 properties (category, bidirectional
//! class, width, mirroring, numeric values) but the current decomposition and combining
//! class, except for the few decompositions Unicode corrected after 3.2
//! (`CORRECTIONS_3_2`).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::tables::*;

/// A two-level lookup table of u16 values: `data` holds `split` u16 block numbers (indexed
/// by `cp >> shift`), then the deduplicated blocks of `1 << shift` u16 values.
pub(super) struct Table {
    pub shift: u32,
    pub split: usize,
    pub data: &'static [u8],
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[2 * i], b[2 * i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]])
}

impl Table {
    fn get(&self, cp: u32) -> u16 {
        if cp >= 0x11_0000 {
            return 0;
        }
        let block = u16_at(self.data, (cp >> self.shift) as usize) as usize;
        let mask = (1usize << self.shift) - 1;
        u16_at(
            self.data,
            self.split + (block << self.shift) + (cp as usize & mask),
        )
    }
}

/// Which database a query reads.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(super) enum Version {
    /// Unicode 14.0.0, the module-level functions.
    Current,
    /// Unicode 3.2.0, `unicodedata.ucd_3_2_0`.
    V3_2,
}

/// The properties of one code point.
#[derive(Copy, Clone, Debug)]
pub(super) struct Record {
    pub category: u8,
    pub combining: u8,
    pub bidirectional: u8,
    pub east_asian_width: u8,
    pub flags: u8,
    pub decimal: u8,
    pub digit: u8,
    pub numeric: u8,
}

pub(super) fn record(v: Version, cp: u32) -> Record {
    let table = match v {
        Version::Current => &PROPS,
        Version::V3_2 => &PROPS_3_2,
    };
    let i = table.get(cp) as usize * 8;
    let r = &RECORDS[i..i + 8];
    Record {
        category: r[0],
        combining: r[1],
        bidirectional: r[2],
        east_asian_width: r[3],
        flags: r[4],
        decimal: r[5],
        digit: r[6],
        numeric: r[7],
    }
}

impl Record {
    pub fn category(&self) -> &'static str {
        CATEGORIES[self.category as usize]
    }
    pub fn bidirectional(&self) -> &'static str {
        BIDIRECTIONAL[self.bidirectional as usize]
    }
    pub fn east_asian_width(&self) -> &'static str {
        EAST_ASIAN_WIDTH[self.east_asian_width as usize]
    }
    pub fn mirrored(&self) -> bool {
        self.flags & MIRRORED != 0
    }
    pub fn decimal(&self) -> Option<u8> {
        (self.decimal != 255).then_some(self.decimal)
    }
    pub fn digit(&self) -> Option<u8> {
        (self.digit != 255).then_some(self.digit)
    }
    pub fn numeric(&self) -> Option<f64> {
        if self.numeric == 255 {
            return None;
        }
        let i = self.numeric as usize * 8;
        let mut b = [0u8; 8];
        b.copy_from_slice(&NUMERIC[i..i + 8]);
        Some(f64::from_le_bytes(b))
    }
}

/// Whether `cp` has no entry in database `v` (only the 3.2 view hides characters).
pub(super) fn unassigned(v: Version, cp: u32) -> bool {
    v == Version::V3_2 && record(v, cp).flags & UNASSIGNED_3_2 != 0
}

/// The canonical combining class (always the current one, as CPython's normalizer uses).
pub(super) fn combining(cp: u32) -> u8 {
    record(Version::Current, cp).combining
}

// ----- decompositions -----

/// A decomposition mapping: `prefix` indexes DECOMP_PREFIXES (0: canonical).
pub(super) struct Decomp {
    pub prefix: usize,
    start: usize,
    pub count: usize,
}

impl Decomp {
    pub fn get(&self, i: usize) -> u32 {
        u32_at(DECOMP, self.start + i)
    }
}

pub(super) fn decomposition(v: Version, cp: u32) -> Option<Decomp> {
    if unassigned(v, cp) {
        return None;
    }
    let i = DECOMP_INDEX.get(cp) as usize;
    if i == 0 {
        return None;
    }
    let head = u32_at(DECOMP, i);
    Some(Decomp {
        prefix: (head & 0xff) as usize,
        start: i + 1,
        count: (head >> 8) as usize,
    })
}

/// `unicodedata.decomposition`'s text: "<tag> XXXX XXXX" or "".
pub(super) fn decomposition_text(v: Version, cp: u32) -> String {
    let Some(d) = decomposition(v, cp) else {
        return String::new();
    };
    let mut s = String::from(DECOMP_PREFIXES[d.prefix]);
    for i in 0..d.count {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&format!("{:04X}", d.get(i)));
    }
    s
}

/// The 3.2 database's uncorrected mapping of `cp`, if Unicode corrected it later.
pub(super) fn correction_3_2(cp: u32) -> Option<u32> {
    CORRECTIONS_3_2
        .iter()
        .find(|&&(c, _)| c == cp)
        .map(|&(_, old)| old)
}

const COMPOSE_ENTRY: usize = 12;

fn compose_entry(i: usize) -> (u32, u32, u32) {
    let b = &COMPOSE[i * COMPOSE_ENTRY..];
    (u32_at(b, 0), u32_at(b, 1), u32_at(b, 2))
}

fn compose_len() -> usize {
    COMPOSE.len() / COMPOSE_ENTRY
}

/// The primary composite of `first` followed by `second`, if any.
pub(super) fn compose(first: u32, second: u32) -> Option<u32> {
    let (mut lo, mut hi) = (0, compose_len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let (a, b, c) = compose_entry(mid);
        match (a, b).cmp(&(first, second)) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(c),
        }
    }
    None
}

/// Whether `cp` starts any composition pair.
pub(super) fn composes_first(cp: u32) -> bool {
    let (mut lo, mut hi) = (0, compose_len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let a = compose_entry(mid).0;
        if a < cp {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo < compose_len() && compose_entry(lo).0 == cp
}

// ----- Hangul -----

pub(super) const S_BASE: u32 = 0xAC00;
pub(super) const L_BASE: u32 = 0x1100;
pub(super) const V_BASE: u32 = 0x1161;
pub(super) const T_BASE: u32 = 0x11A7;
pub(super) const L_COUNT: u32 = 19;
pub(super) const V_COUNT: u32 = 21;
pub(super) const T_COUNT: u32 = 28;
pub(super) const N_COUNT: u32 = V_COUNT * T_COUNT;
pub(super) const S_COUNT: u32 = L_COUNT * N_COUNT;

const JAMO_L: [&str; 19] = [
    "G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P",
    "H",
];
const JAMO_V: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
    "WI", "YU", "EU", "YI", "I",
];
const JAMO_T: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
    "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
];

// ----- names -----

fn is_unified_ideograph(cp: u32) -> bool {
    CJK_IDEOGRAPHS.iter().any(|&(lo, hi)| lo <= cp && cp <= hi)
}

fn word(i: usize) -> &'static str {
    let (a, b) = (
        u32_at(LEXICON_OFFSETS, i) as usize,
        u32_at(LEXICON_OFFSETS, i + 1) as usize,
    );
    std::str::from_utf8(&LEXICON[a..b]).unwrap_or("")
}

/// The name stored for name id `id` (1-based).
fn stored_name(id: usize) -> String {
    let (mut p, end) = (
        u32_at(NAME_OFFSETS, id - 1) as usize,
        u32_at(NAME_OFFSETS, id) as usize,
    );
    let mut s = String::new();
    while p < end {
        let b = PHRASES[p] as usize;
        let w = if b < 0x80 {
            p += 1;
            b
        } else {
            p += 2;
            ((b & 0x7f) << 8) | PHRASES[p - 1] as usize
        };
        s.push_str(word(w));
    }
    s
}

/// The character's name in database `v` (CPython's `_getucname`, without aliases).
pub(super) fn name(v: Version, cp: u32) -> Option<String> {
    if unassigned(v, cp) {
        return None;
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        let (l, vv, t) = (s / N_COUNT, (s % N_COUNT) / T_COUNT, s % T_COUNT);
        return Some(format!(
            "HANGUL SYLLABLE {}{}{}",
            JAMO_L[l as usize], JAMO_V[vv as usize], JAMO_T[t as usize]
        ));
    }
    if is_unified_ideograph(cp) {
        return Some(format!("CJK UNIFIED IDEOGRAPH-{cp:X}"));
    }
    match NAMES.get(cp) {
        0 => None,
        id => Some(stored_name(id as usize)),
    }
}

/// What a name stands for.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Named {
    /// A character's own name.
    Char(u32),
    /// A formal name alias (NameAliases.txt).
    Alias(u32),
    /// A named sequence (NamedSequences.txt).
    Sequence(Vec<u32>),
}

/// The upper-cased names of every character with a stored name, every alias and every
/// named sequence; built on the first lookup.
fn name_map() -> &'static HashMap<String, Named> {
    static MAP: OnceLock<HashMap<String, Named>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = HashMap::new();
        for cp in 0..0x11_0000u32 {
            let id = NAMES.get(cp);
            if id != 0 {
                m.insert(stored_name(id as usize), Named::Char(cp));
            }
        }
        for line in ALIASES.lines() {
            let Some((name, hex)) = line.get(1..).and_then(|l| l.split_once(';')) else {
                continue;
            };
            let cps: Vec<u32> = hex
                .split(' ')
                .filter_map(|h| u32::from_str_radix(h, 16).ok())
                .collect();
            let named = if line.starts_with('A') {
                match cps.first() {
                    Some(&c) => Named::Alias(c),
                    None => continue,
                }
            } else {
                Named::Sequence(cps)
            };
            m.insert(name.to_string(), named);
        }
        m
    })
}

/// Longest jamo short name of `column` at the start of `s` (CPython's `find_syllable`):
/// (index, length).
fn find_syllable(s: &[u8], column: &[&str]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, j) in column.iter().enumerate() {
        let len = j.len();
        if best.map_or(false, |(_, l)| len <= l) {
            continue;
        }
        if s.starts_with(j.as_bytes()) {
            best = Some((i, len));
        }
    }
    best
}

/// CPython's `_getcode`: the character, alias or named sequence called `name` in database
/// `v`. The Hangul and CJK prefixes are matched case-sensitively, other names ignoring ASCII
/// case; the 3.2 view knows neither aliases nor named sequences.
pub(super) fn lookup(v: Version, name: &[u8]) -> Option<Named> {
    if let Some(rest) = name.strip_prefix(b"HANGUL SYLLABLE ") {
        let (l, n1) = find_syllable(rest, &JAMO_L)?;
        let rest = &rest[n1..];
        let (vv, n2) = find_syllable(rest, &JAMO_V)?;
        let rest = &rest[n2..];
        let (t, n3) = find_syllable(rest, &JAMO_T)?;
        if n3 != rest.len() {
            return None;
        }
        let cp = S_BASE + (l as u32 * V_COUNT + vv as u32) * T_COUNT + t as u32;
        return Some(Named::Char(cp));
    }
    if let Some(hex) = name.strip_prefix(b"CJK UNIFIED IDEOGRAPH-") {
        if hex.len() != 4 && hex.len() != 5 {
            return None;
        }
        let mut cp = 0u32;
        for &h in hex {
            let d = match h {
                b'0'..=b'9' => h - b'0',
                b'A'..=b'F' => h - b'A' + 10,
                _ => return None,
            };
            cp = cp * 16 + d as u32;
        }
        return is_unified_ideograph(cp).then_some(Named::Char(cp));
    }
    let key = std::str::from_utf8(name).ok()?.to_ascii_uppercase();
    match name_map().get(&key)? {
        Named::Char(cp) if !unassigned(v, *cp) => Some(Named::Char(*cp)),
        other if v == Version::Current => Some(other.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties() {
        let a = record(Version::Current, 'a' as u32);
        assert_eq!(a.category(), "Ll");
        assert_eq!(a.bidirectional(), "L");
        assert_eq!(record(Version::Current, '½' as u32).numeric(), Some(0.5));
        assert_eq!(
            decomposition_text(Version::Current, 0xFB01),
            "<compat> 0066 0069"
        );
        assert_eq!(compose('A' as u32, 0x30A), Some(0xC5));
        assert!(composes_first('A' as u32));
        assert_eq!(
            name(Version::Current, 0xAC01).as_deref(),
            Some("HANGUL SYLLABLE GAG")
        );
        assert_eq!(
            name(Version::Current, 'a' as u32).as_deref(),
            Some("LATIN SMALL LETTER A")
        );
        assert_eq!(
            lookup(Version::Current, b"latin small letter a"),
            Some(Named::Char(0x61))
        );
        assert_eq!(
            lookup(Version::Current, b"HANGUL SYLLABLE GAG"),
            Some(Named::Char(0xAC01))
        );
        assert_eq!(lookup(Version::V3_2, b"LINE FEED"), None);
        assert_eq!(
            lookup(Version::Current, b"LINE FEED"),
            Some(Named::Alias(10))
        );
    }
}

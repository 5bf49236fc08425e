//! Character predicates and case mappings of the regular-expression engine, as CPython's
//! `_sre` defines them: ASCII tables for the plain categories, C-locale rules for the
//! `LOC` variants (ember has no `setlocale`, so the locale is always "C"), and CPython 3.11's
//! Unicode database for the `UNI` variants and for `unicode_tolower`/`unicode_iscased`.
//!
//! Case mappings are one code point to one code point, as CPython's `Py_UNICODE_TOLOWER`/
//! `TOUPPER` return them: the first character of the full mapping. Rust's tables are a newer
//! Unicode version, so the code points whose case changed since Unicode 14 are excluded.

use ember_vm::objects::str::{is_space, unicode};

/// `\t \n \v \f \r` and space: ASCII whitespace as `sre_char_info` defines it.
#[inline]
pub fn is_ascii_space(c: u32) -> bool {
    matches!(c, 9..=13 | 32)
}

#[inline]
pub fn is_ascii_digit(c: u32) -> bool {
    (b'0' as u32..=b'9' as u32).contains(&c)
}

#[inline]
pub fn is_ascii_word(c: u32) -> bool {
    c < 128 && ((c as u8).is_ascii_alphanumeric() || c == b'_' as u32)
}

#[inline]
pub fn is_ascii_linebreak(c: u32) -> bool {
    c == 10
}

/// `SRE_LOC_IS_WORD` in the C locale.
#[inline]
pub fn is_loc_word(c: u32) -> bool {
    is_ascii_word(c)
}

#[inline]
fn as_char(c: u32) -> Option<char> {
    char::from_u32(c)
}

/// `Py_UNICODE_ISDECIMAL`.
pub fn is_uni_digit(c: u32) -> bool {
    if c < 128 {
        return is_ascii_digit(c);
    }
    as_char(c).is_some_and(|ch| unicode::in_table(unicode::DECIMAL, ch))
}

/// `Py_UNICODE_ISSPACE`.
pub fn is_uni_space(c: u32) -> bool {
    if c < 128 {
        return matches!(c, 9..=13 | 28..=32);
    }
    as_char(c).is_some_and(is_space)
}

/// `Py_UNICODE_ISLINEBREAK`.
pub fn is_uni_linebreak(c: u32) -> bool {
    matches!(c, 10..=13 | 28..=30 | 0x85 | 0x2028 | 0x2029)
}

/// `Py_UNICODE_ISALNUM(c) || c == '_'`.
pub fn is_uni_word(c: u32) -> bool {
    if c < 128 {
        return is_ascii_word(c);
    }
    as_char(c).is_some_and(|ch| {
        unicode::in_table(unicode::ALPHA, ch) || unicode::in_table(unicode::NUMERIC, ch)
    })
}

/// `sre_category`: whether `c` belongs to category `cat` (unknown categories never match).
pub fn category(cat: u32, c: u32) -> bool {
    match cat {
        0 => is_ascii_digit(c),
        1 => !is_ascii_digit(c),
        2 => is_ascii_space(c),
        3 => !is_ascii_space(c),
        4 => is_ascii_word(c),
        5 => !is_ascii_word(c),
        6 => is_ascii_linebreak(c),
        7 => !is_ascii_linebreak(c),
        8 => is_loc_word(c),
        9 => !is_loc_word(c),
        10 => is_uni_digit(c),
        11 => !is_uni_digit(c),
        12 => is_uni_space(c),
        13 => !is_uni_space(c),
        14 => is_uni_word(c),
        15 => !is_uni_word(c),
        16 => is_uni_linebreak(c),
        17 => !is_uni_linebreak(c),
        _ => false,
    }
}

/// `sre_lower_ascii`.
#[inline]
pub fn lower_ascii(c: u32) -> u32 {
    if (b'A' as u32..=b'Z' as u32).contains(&c) {
        c + 32
    } else {
        c
    }
}

/// `sre_upper_ascii`.
#[inline]
pub fn upper_ascii(c: u32) -> u32 {
    if (b'a' as u32..=b'z' as u32).contains(&c) {
        c - 32
    } else {
        c
    }
}

/// `sre_lower_locale` in the C locale (bytes above 127 have no case there).
#[inline]
pub fn lower_locale(c: u32) -> u32 {
    lower_ascii(c)
}

#[inline]
pub fn upper_locale(c: u32) -> u32 {
    upper_ascii(c)
}

/// `char_loc_ignore`: whether `c` equals `pattern` ignoring case in the C locale.
#[inline]
pub fn char_loc_ignore(pattern: u32, c: u32) -> bool {
    c == pattern || lower_locale(c) == pattern || upper_locale(c) == pattern
}

/// Code points whose case Rust's (newer) Unicode tables know but CPython 3.11's Unicode
/// 14.0 database does not: characters added later, and old letters that gained a partner.
fn newer_than_unicode_14(c: u32) -> bool {
    matches!(
        c,
        0x19b | 0x264 | 0x1c89 | 0x1c8a | 0xa7cb..=0xa7cf | 0xa7d2..=0xa7d5 | 0xa7da..=0xa7dc
            | 0x10d50..=0x10d65 | 0x10d70..=0x10d85 | 0x16ea0..=0x16eb8 | 0x16ebb..=0x16ed3
    )
}

/// `Py_UNICODE_TOLOWER`. For characters with a multi-character full mapping CPython returns
/// its first character (only U+0130 has one for lowercase: 'i').
pub fn lower_unicode(c: u32) -> u32 {
    if c < 128 {
        return lower_ascii(c);
    }
    let Some(ch) = as_char(c) else { return c };
    if newer_than_unicode_14(c) {
        return c;
    }
    ch.to_lowercase().next().map_or(c, |l| l as u32)
}

/// `Py_UNICODE_TOUPPER`: likewise the first character of the full mapping ('ß' -> 'S').
pub fn upper_unicode(c: u32) -> u32 {
    if c < 128 {
        return upper_ascii(c);
    }
    let Some(ch) = as_char(c) else { return c };
    if newer_than_unicode_14(c) {
        return c;
    }
    ch.to_uppercase().next().map_or(c, |u| u as u32)
}

/// `unicode_iscased`: whether the character has a different simple lower or upper case.
pub fn unicode_iscased(c: u32) -> bool {
    c != lower_unicode(c) || c != upper_unicode(c)
}

/// `ascii_iscased`.
pub fn ascii_iscased(c: u32) -> bool {
    c < 128 && (c as u8).is_ascii_alphabetic()
}

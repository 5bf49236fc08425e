//! Character tests of the matcher: `AT` positions, charsets (`SRE(charset)`), the
//! pre-decoded one-item sets that `count` and the charset search scan use, and
//! `SRE(count)`.

use super::*;

enum SetKind {
    Range(u32, u32),
    Category(u32),
    Literal(u32),
    Bitmap([u32; 8]),
}

/// A pre-decoded one-item character set (see `State::simple_set`).
pub(super) struct SimpleSet {
    kind: SetKind,
    negate: bool,
}

impl SimpleSet {
    pub(super) fn literal(c: u32) -> SimpleSet {
        SimpleSet {
            kind: SetKind::Literal(c),
            negate: false,
        }
    }

    pub(super) fn category(c: u32) -> SimpleSet {
        SimpleSet {
            kind: SetKind::Category(c),
            negate: false,
        }
    }

    #[inline(always)]
    pub(super) fn contains(&self, ch: u32) -> bool {
        let hit = match &self.kind {
            SetKind::Range(lo, hi) => *lo <= ch && ch <= *hi,
            SetKind::Category(c) => chars::category(*c, ch),
            SetKind::Literal(c) => ch == *c,
            SetKind::Bitmap(bits) => {
                ch < 256 && bits[(ch >> 5) as usize] & (1u32 << (ch & 31)) != 0
            }
        };
        hit != self.negate
    }
}

impl<T: Text> State<'_, T> {
    #[inline]
    pub(super) fn is_word_at(&self, i: usize, kind: u32) -> bool {
        let c = self.text.at(i);
        match kind {
            0 => chars::is_ascii_word(c),
            1 => chars::is_loc_word(c),
            _ => chars::is_uni_word(c),
        }
    }

    /// `SRE(at)`.
    pub(super) fn at(&self, ptr: usize, code: u32) -> bool {
        let end = self.end;
        let len = self.text.len();
        match code {
            AT_BEGINNING | AT_BEGINNING_STRING => ptr == 0,
            AT_BEGINNING_LINE => {
                ptr == 0 || (ptr <= len && chars::is_ascii_linebreak(self.text.at(ptr - 1)))
            }
            AT_END => {
                (ptr + 1 == end && chars::is_ascii_linebreak(self.text.at(ptr))) || ptr == end
            }
            AT_END_LINE => {
                ptr == end || (ptr < len && chars::is_ascii_linebreak(self.text.at(ptr)))
            }
            AT_END_STRING => ptr == end,
            AT_BOUNDARY | AT_NON_BOUNDARY | AT_LOC_BOUNDARY | AT_LOC_NON_BOUNDARY
            | AT_UNI_BOUNDARY | AT_UNI_NON_BOUNDARY => {
                if end == 0 {
                    return false;
                }
                let kind = match code {
                    AT_BOUNDARY | AT_NON_BOUNDARY => 0,
                    AT_LOC_BOUNDARY | AT_LOC_NON_BOUNDARY => 1,
                    _ => 2,
                };
                let that = ptr > 0 && ptr <= len && self.is_word_at(ptr - 1, kind);
                let this = ptr < end && self.is_word_at(ptr, kind);
                let boundary = this != that;
                if matches!(code, AT_BOUNDARY | AT_LOC_BOUNDARY | AT_UNI_BOUNDARY) {
                    boundary
                } else {
                    !boundary
                }
            }
            _ => false,
        }
    }

    /// `SRE(charset)`: whether `ch` is in the set starting at code position `set`.
    pub(super) fn charset(&self, mut set: usize, ch: u32) -> bool {
        let mut ok = true;
        loop {
            let op = self.op(set);
            set += 1;
            match op {
                FAILURE => return !ok,
                LITERAL => {
                    if ch == self.op(set) {
                        return ok;
                    }
                    set += 1;
                }
                CATEGORY => {
                    if chars::category(self.op(set), ch) {
                        return ok;
                    }
                    set += 1;
                }
                CHARSET => {
                    if ch < 256 && (self.op(set + (ch as usize >> 5)) & (1u32 << (ch & 31))) != 0 {
                        return ok;
                    }
                    set += 8;
                }
                RANGE => {
                    if self.op(set) <= ch && ch <= self.op(set + 1) {
                        return ok;
                    }
                    set += 2;
                }
                RANGE_UNI_IGNORE => {
                    let (lo, hi) = (self.op(set), self.op(set + 1));
                    if lo <= ch && ch <= hi {
                        return ok;
                    }
                    let u = chars::upper_unicode(ch);
                    if lo <= u && u <= hi {
                        return ok;
                    }
                    set += 2;
                }
                NEGATE => ok = !ok,
                BIGCHARSET => {
                    let count = self.op(set) as usize;
                    set += 1;
                    if ch < 0x10000 {
                        // 256 block indices packed four to a code word (native byte order).
                        let hi = (ch >> 8) as usize;
                        let word = self.op(set + hi / 4).to_ne_bytes();
                        let block = word[hi % 4] as usize;
                        let bits = self.op(set + 64 + block * 8 + ((ch as usize & 255) >> 5));
                        if bits & (1u32 << (ch & 31)) != 0 {
                            return ok;
                        }
                    }
                    set += 64 + count * 8;
                }
                _ => return false,
            }
        }
    }

    /// The set at `set` when it is one of the shapes the compiler emits most (an optional
    /// NEGATE, then one RANGE, CATEGORY, LITERAL or CHARSET, then FAILURE), so `count` can
    /// test characters without interpreting the set each time.
    pub(super) fn simple_set(&self, mut set: usize) -> Option<SimpleSet> {
        let negate = self.op(set) == NEGATE;
        if negate {
            set += 1;
        }
        let (kind, next) = match self.op(set) {
            RANGE => (SetKind::Range(self.op(set + 1), self.op(set + 2)), set + 3),
            CATEGORY => (SetKind::Category(self.op(set + 1)), set + 2),
            LITERAL => (SetKind::Literal(self.op(set + 1)), set + 2),
            CHARSET => {
                let mut bits = [0u32; 8];
                for (i, b) in bits.iter_mut().enumerate() {
                    *b = self.op(set + 1 + i);
                }
                (SetKind::Bitmap(bits), set + 9)
            }
            _ => return None,
        };
        if self.op(next) != FAILURE {
            return None;
        }
        Some(SimpleSet { kind, negate })
    }

    pub(super) fn charset_loc_ignore(&self, set: usize, ch: u32) -> bool {
        let lo = chars::lower_locale(ch);
        if self.charset(set, lo) {
            return true;
        }
        let up = chars::upper_locale(ch);
        up != lo && self.charset(set, up)
    }

    /// `SRE(count)`: how many times the single-character item at `pc` matches from
    /// `self.ptr`, at most `maxcount` times.
    pub(super) fn count(&mut self, pc: usize, maxcount: u32) -> Result<usize, Error> {
        let start = self.ptr;
        let mut end = self.end;
        if start >= end {
            return Ok(0);
        }
        if maxcount != MAXREPEAT && (maxcount as usize) < end - start {
            end = start + maxcount as usize;
        }
        let text = self.text;
        let mut p = start;
        match self.op(pc) {
            IN => {
                // Most counts stop at once or after a few characters: decode the set only
                // once the first two characters are in it.
                while p < end && p < start + 2 && self.charset(pc + 2, text.at(p)) {
                    p += 1;
                }
                if p == start + 2 && p < end {
                    match self.simple_set(pc + 2) {
                        Some(set) => {
                            while p < end && set.contains(text.at(p)) {
                                p += 1;
                            }
                        }
                        None => {
                            while p < end && self.charset(pc + 2, text.at(p)) {
                                p += 1;
                            }
                        }
                    }
                }
            }
            ANY => {
                while p < end && !chars::is_ascii_linebreak(text.at(p)) {
                    p += 1;
                }
            }
            ANY_ALL => p = end,
            LITERAL => {
                let c = self.op(pc + 1);
                while p < end && text.at(p) == c {
                    p += 1;
                }
            }
            LITERAL_IGNORE => {
                let c = self.op(pc + 1);
                while p < end && chars::lower_ascii(text.at(p)) == c {
                    p += 1;
                }
            }
            LITERAL_UNI_IGNORE => {
                let c = self.op(pc + 1);
                while p < end && chars::lower_unicode(text.at(p)) == c {
                    p += 1;
                }
            }
            LITERAL_LOC_IGNORE => {
                let c = self.op(pc + 1);
                while p < end && chars::char_loc_ignore(c, text.at(p)) {
                    p += 1;
                }
            }
            NOT_LITERAL => {
                let c = self.op(pc + 1);
                while p < end && text.at(p) != c {
                    p += 1;
                }
            }
            NOT_LITERAL_IGNORE => {
                let c = self.op(pc + 1);
                while p < end && chars::lower_ascii(text.at(p)) != c {
                    p += 1;
                }
            }
            NOT_LITERAL_UNI_IGNORE => {
                let c = self.op(pc + 1);
                while p < end && chars::lower_unicode(text.at(p)) != c {
                    p += 1;
                }
            }
            NOT_LITERAL_LOC_IGNORE => {
                let c = self.op(pc + 1);
                while p < end && !chars::char_loc_ignore(c, text.at(p)) {
                    p += 1;
                }
            }
            _ => {
                // A general single-character item: run it as a sub-match until it fails.
                while self.ptr < end {
                    let before = self.ptr;
                    if !self.run(pc, false)? {
                        break;
                    }
                    if self.ptr <= before {
                        break;
                    }
                }
                let n = self.ptr - start;
                self.ptr = start;
                return Ok(n.min(end - start));
            }
        }
        Ok(p - start)
    }
}

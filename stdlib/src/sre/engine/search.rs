//! Finding matches: `SRE(search)` with its INFO-block prefix and charset scans, and the
//! drivers the pattern methods use (`run_once`, `find_all`), which report plain `Found`
//! data.

use super::*;

/// A successful match as plain data: the overall span, each group's span (-1, -1 when
/// the group did not participate) and `lastindex` (-1 for none).
#[derive(Clone, Debug)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub groups: Vec<(isize, isize)>,
    pub lastindex: isize,
}

impl<T: Text> State<'_, T> {
    pub(super) fn found(&self, ngroups: usize) -> Found {
        let groups = (1..=ngroups)
            .map(|g| match self.group_span(g) {
                Some((a, b)) => (a as isize, b as isize),
                None => (-1, -1),
            })
            .collect();
        Found {
            start: self.start,
            end: self.ptr,
            groups,
            lastindex: self.lastindex,
        }
    }

    /// A test every match must pass on its first character, when the code at `pc` starts
    /// with a one-character item (LITERAL, IN with a simple set, CATEGORY) or a
    /// single-character repeat of one with a minimum of at least one.
    fn first_char_filter(&self, pc: usize) -> Option<SimpleSet> {
        let item = match self.op(pc) {
            REPEAT_ONE | MIN_REPEAT_ONE | POSSESSIVE_REPEAT_ONE if self.op(pc + 2) >= 1 => pc + 4,
            LITERAL | IN | CATEGORY => pc,
            _ => return None,
        };
        match self.op(item) {
            LITERAL => Some(SimpleSet::literal(self.op(item + 1))),
            CATEGORY => Some(SimpleSet::category(self.op(item + 1))),
            IN => self.simple_set(item + 2),
            _ => None,
        }
    }

    /// `SRE(search)`: finds the first match at or after `self.start`; on success
    /// `self.start`/`self.ptr` delimit it.
    pub fn search(&mut self) -> Result<bool, Error> {
        let mut ptr = self.start;
        let mut end = self.end;
        self.match_all = false;
        if ptr > end {
            return Ok(false);
        }
        let text = self.text;
        let mut pc = 0;
        let mut flags = 0;
        let mut prefix: Option<(usize, usize, usize)> = None; // (len, skip, code pos)
        let mut charset: Option<usize> = None;
        if self.op(0) == INFO {
            flags = self.op(2);
            let min = self.op(3) as usize;
            if min != 0 && end - ptr < min {
                return Ok(false);
            }
            if min > 1 {
                end -= min - 1;
                if end <= ptr {
                    end = ptr;
                }
            }
            if flags & INFO_PREFIX != 0 {
                prefix = Some((self.op(5) as usize, self.op(6) as usize, 7));
            } else if flags & INFO_CHARSET != 0 {
                charset = Some(5);
            }
            pc = 1 + self.op(1) as usize;
        }
        let scan_end = end;

        if let Some((plen, pskip, ppos)) = prefix {
            if plen == 1 {
                let c = self.op(ppos);
                let end = self.end;
                self.must_advance = false;
                while ptr < end {
                    while text.at(ptr) != c {
                        ptr += 1;
                        if ptr >= end {
                            return Ok(false);
                        }
                    }
                    self.start = ptr;
                    self.ptr = ptr + pskip;
                    if flags & INFO_LITERAL != 0 {
                        return Ok(true);
                    }
                    if self.run(pc + 2 * pskip, false)? {
                        return Ok(true);
                    }
                    ptr += 1;
                    self.reset();
                }
                return Ok(false);
            }
            if plen > 1 {
                let end = self.end;
                if plen > end - ptr {
                    return Ok(false);
                }
                let overlap = ppos + plen - 1;
                while ptr < end {
                    let c = self.op(ppos);
                    loop {
                        let here = text.at(ptr);
                        ptr += 1;
                        if here == c {
                            break;
                        }
                        if ptr >= end {
                            return Ok(false);
                        }
                    }
                    if ptr >= end {
                        return Ok(false);
                    }
                    let mut i = 1;
                    self.must_advance = false;
                    loop {
                        if text.at(ptr) == self.op(ppos + i) {
                            i += 1;
                            if i != plen {
                                ptr += 1;
                                if ptr >= end {
                                    return Ok(false);
                                }
                                continue;
                            }
                            // A potential match.
                            self.start = ptr + 1 - plen;
                            self.ptr = ptr + 1 - plen + pskip;
                            if flags & INFO_LITERAL != 0 {
                                return Ok(true);
                            }
                            if self.run(pc + 2 * pskip, false)? {
                                return Ok(true);
                            }
                            ptr += 1;
                            if ptr >= end {
                                return Ok(false);
                            }
                            self.reset();
                        }
                        i = self.op(overlap + i) as usize;
                        if i == 0 {
                            break;
                        }
                    }
                }
                return Ok(false);
            }
        }

        if let Some(cs) = charset {
            let end = self.end;
            self.must_advance = false;
            let simple = self.simple_set(cs);
            loop {
                match &simple {
                    Some(set) => {
                        while ptr < end && !set.contains(text.at(ptr)) {
                            ptr += 1;
                        }
                    }
                    None => {
                        while ptr < end && !self.charset(cs, text.at(ptr)) {
                            ptr += 1;
                        }
                    }
                }
                if ptr >= end {
                    return Ok(false);
                }
                self.start = ptr;
                self.ptr = ptr;
                if self.run(pc, false)? {
                    return Ok(true);
                }
                ptr += 1;
                self.reset();
            }
        }

        // The general case scans up to the end adjusted by the INFO minimum length.
        let end = scan_end;
        self.start = ptr;
        self.ptr = ptr;
        let mut status = self.run(pc, true)?;
        self.must_advance = false;
        if !status
            && self.op(pc) == AT
            && matches!(self.op(pc + 1), AT_BEGINNING | AT_BEGINNING_STRING)
        {
            self.start = end;
            self.ptr = end;
            return Ok(false);
        }
        // Positions whose first character the pattern's first item rejects cannot match:
        // skip them without entering the matcher.
        let filter = self.first_char_filter(pc);
        while !status && ptr < end {
            ptr += 1;
            self.reset();
            if let Some(f) = &filter {
                if ptr >= self.end || !f.contains(text.at(ptr)) {
                    continue;
                }
            }
            self.start = ptr;
            self.ptr = ptr;
            status = self.run(pc, false)?;
        }
        Ok(status)
    }
}

/// How one attempt anchors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Match,
    FullMatch,
    Search,
}

/// One `match`/`fullmatch`/`search` from `start` (CPython's pattern methods and the
/// scanner's steps, which pass `must_advance`).
pub fn run_once<T: Text>(
    text: T,
    code: &[u8],
    start: usize,
    end: usize,
    must_advance: bool,
    mode: Mode,
    ngroups: usize,
) -> Result<Option<Found>, Error> {
    let mut st = State::new(text, code, start, end);
    st.must_advance = must_advance;
    let ok = match mode {
        Mode::Match => st.do_match(false)?,
        Mode::FullMatch => st.do_match(true)?,
        Mode::Search => st.search()?,
    };
    Ok(ok.then(|| st.found(ngroups)))
}

/// The successive non-overlapping matches of `findall`, `sub` and `split`: at most `limit`
/// of them (0 for all), an empty match never directly after the previous match's end.
pub fn find_all<T: Text>(
    text: T,
    code: &[u8],
    start: usize,
    end: usize,
    ngroups: usize,
    limit: usize,
) -> Result<Vec<Found>, Error> {
    let mut out = Vec::new();
    let mut st = State::new(text, code, start, end);
    while st.start <= st.end && (limit == 0 || out.len() < limit) {
        st.reset();
        st.ptr = st.start;
        if !st.search()? {
            break;
        }
        out.push(st.found(ngroups));
        st.must_advance = st.ptr == st.start;
        st.start = st.ptr;
    }
    Ok(out)
}

//! The matching engine: a backtracking interpreter over the code words CPython 3.11's
//! `re._compiler` produces, with the exact semantics of CPython's `sre_lib.h` (`SRE(match)`,
//! `SRE(search)`, `SRE(count)`, `SRE(charset)`, `SRE(at)`).
//!
//! **Invariant:** the engine never recurses in Rust in proportion to the subject or to the
//! pattern's nesting: every sub-match (`DO_JUMP` in CPython) pushes a `Ctx` on an explicit
//! context stack and the interpreter loop resumes the parent by its `Jump` tag when the child
//! finishes. Saved marks and zero-width-protection pointers live on a separate data stack,
//! repeat contexts on their own LIFO stack. The one Rust recursion is `count` of a
//! single-character item that is not a plain opcode, bounded by how deeply such items nest
//! in the pattern text.
//!
//! The engine knows nothing of the VM: it runs over any `Text` (bytes, code points) and the
//! code words, and reports group marks as plain indices. Code words are read through `op`,
//! which yields FAILURE past the end, so malformed code from `_sre.compile` cannot make
//! it index out of bounds.

use super::chars;

mod search;
mod sets;

pub use search::{find_all, run_once, Found, Mode};
use sets::SimpleSet;

pub const MAXREPEAT: u32 = u32::MAX;
/// "No position": an unset mark or repeat pointer.
pub const NONE: usize = usize::MAX;

// Opcodes (re._constants.OPCODES).
const FAILURE: u32 = 0;
const SUCCESS: u32 = 1;
const ANY: u32 = 2;
const ANY_ALL: u32 = 3;
const ASSERT: u32 = 4;
const ASSERT_NOT: u32 = 5;
const AT: u32 = 6;
const BRANCH: u32 = 7;
const CATEGORY: u32 = 8;
const CHARSET: u32 = 9;
const BIGCHARSET: u32 = 10;
const GROUPREF: u32 = 11;
const GROUPREF_EXISTS: u32 = 12;
const IN: u32 = 13;
const INFO: u32 = 14;
const JUMP: u32 = 15;
const LITERAL: u32 = 16;
const MARK: u32 = 17;
const MAX_UNTIL: u32 = 18;
const MIN_UNTIL: u32 = 19;
const NOT_LITERAL: u32 = 20;
const NEGATE: u32 = 21;
const RANGE: u32 = 22;
const REPEAT: u32 = 23;
const REPEAT_ONE: u32 = 24;
const MIN_REPEAT_ONE: u32 = 26;
const ATOMIC_GROUP: u32 = 27;
const POSSESSIVE_REPEAT: u32 = 28;
const POSSESSIVE_REPEAT_ONE: u32 = 29;
const GROUPREF_IGNORE: u32 = 30;
const IN_IGNORE: u32 = 31;
const LITERAL_IGNORE: u32 = 32;
const NOT_LITERAL_IGNORE: u32 = 33;
const GROUPREF_LOC_IGNORE: u32 = 34;
const IN_LOC_IGNORE: u32 = 35;
const LITERAL_LOC_IGNORE: u32 = 36;
const NOT_LITERAL_LOC_IGNORE: u32 = 37;
const GROUPREF_UNI_IGNORE: u32 = 38;
const IN_UNI_IGNORE: u32 = 39;
const LITERAL_UNI_IGNORE: u32 = 40;
const NOT_LITERAL_UNI_IGNORE: u32 = 41;
const RANGE_UNI_IGNORE: u32 = 42;

// AT codes.
const AT_BEGINNING: u32 = 0;
const AT_BEGINNING_LINE: u32 = 1;
const AT_BEGINNING_STRING: u32 = 2;
const AT_BOUNDARY: u32 = 3;
const AT_NON_BOUNDARY: u32 = 4;
const AT_END: u32 = 5;
const AT_END_LINE: u32 = 6;
const AT_END_STRING: u32 = 7;
const AT_LOC_BOUNDARY: u32 = 8;
const AT_LOC_NON_BOUNDARY: u32 = 9;
const AT_UNI_BOUNDARY: u32 = 10;
const AT_UNI_NON_BOUNDARY: u32 = 11;

// INFO flags.
const INFO_PREFIX: u32 = 1;
const INFO_LITERAL: u32 = 2;
const INFO_CHARSET: u32 = 4;

/// A subject the engine can read: code units by index.
pub trait Text: Copy {
    fn len(&self) -> usize;
    fn at(&self, i: usize) -> u32;
    /// Appends units `a..b` to `out`: bytes as they are (a bytes subject, or an ASCII
    /// str's characters), code points as UTF-8.
    fn extend_utf8(&self, a: usize, b: usize, out: &mut Vec<u8>) {
        for i in a..b {
            push_utf8(self.at(i), out);
        }
    }
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Appends the UTF-8 encoding of code point `c` (a lone surrogate becomes U+FFFD).
#[inline]
pub fn push_utf8(c: u32, out: &mut Vec<u8>) {
    if c < 0x80 {
        out.push(c as u8);
    } else {
        let ch = char::from_u32(c).unwrap_or('\u{fffd}');
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
}

impl Text for &[u8] {
    #[inline(always)]
    fn len(&self) -> usize {
        <[u8]>::len(self)
    }
    fn extend_utf8(&self, a: usize, b: usize, out: &mut Vec<u8>) {
        out.extend_from_slice(&self[a.min(b)..b]);
    }
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        self[i] as u32
    }
}

impl Text for &[u32] {
    #[inline(always)]
    fn len(&self) -> usize {
        <[u32]>::len(self)
    }
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        self[i]
    }
}

/// Code points stored as little-endian u32s in a byte buffer (a scanner's decoded subject).
#[derive(Copy, Clone)]
pub struct Wide<'a>(pub &'a [u8]);

impl Text for Wide<'_> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.0.len() / 4
    }
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        let b = &self.0[i * 4..i * 4 + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
}

/// Why a match stopped without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// Malformed code (CPython's SRE_ERROR_ILLEGAL / SRE_ERROR_STATE).
    Illegal,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Jump {
    None,
    MaxUntil1,
    MaxUntil2,
    MaxUntil3,
    MinUntil1,
    MinUntil2,
    MinUntil3,
    Repeat,
    RepeatOne1,
    RepeatOne2,
    MinRepeatOne,
    Branch,
    Assert,
    AssertNot,
    PossRepeat1,
    PossRepeat2,
    AtomicGroup,
}

/// One activation of the matcher (CPython's `match_context`).
#[derive(Clone, Copy)]
struct Ctx {
    /// Saved code position and subject position while a child runs.
    pc: usize,
    ptr: usize,
    count: isize,
    /// REPEAT_ONE's literal tail character.
    chr: u32,
    /// The repeat context (index into `State::reps`) of REPEAT/MAX_UNTIL/MIN_UNTIL.
    rep: usize,
    lastmark: isize,
    lastindex: isize,
    toplevel: bool,
    jump: Jump,
}

impl Ctx {
    fn new(jump: Jump, toplevel: bool) -> Ctx {
        Ctx {
            pc: 0,
            ptr: 0,
            count: 0,
            chr: 0,
            rep: NONE,
            lastmark: -1,
            lastindex: -1,
            toplevel,
            jump,
        }
    }
}

/// A REPEAT's context (CPython's `SRE_REPEAT`).
#[derive(Clone, Copy)]
struct Repeat {
    count: isize,
    /// Code position just after the REPEAT opcode: `<skip> <min> <max> item`.
    pc: usize,
    prev: usize,
    last_ptr: usize,
}

/// The growable buffers of a `State`, recycled through a per-thread pool so a short
/// `match` call allocates nothing.
#[derive(Default)]
struct Scratch {
    marks: Vec<usize>,
    reps: Vec<Repeat>,
    ctxs: Vec<Ctx>,
    data: Vec<usize>,
}

thread_local! {
    static POOL: std::cell::RefCell<Vec<Scratch>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The matcher state for one subject (CPython's `SRE_STATE`); positions are indices.
/// `code` is the pattern's code words as little-endian bytes, read in place.
pub struct State<'c, T: Text> {
    pub text: T,
    code: &'c [u8],
    /// Where the current attempt started (`state->start`) and where it ended (`ptr`).
    pub start: usize,
    pub ptr: usize,
    /// `endpos`, clipped to the subject.
    pub end: usize,
    pub marks: Vec<usize>,
    pub lastmark: isize,
    pub lastindex: isize,
    pub match_all: bool,
    pub must_advance: bool,
    repeat: usize,
    reps: Vec<Repeat>,
    ctxs: Vec<Ctx>,
    data: Vec<usize>,
}

impl<T: Text> Drop for State<'_, T> {
    fn drop(&mut self) {
        let mut sc = Scratch {
            marks: std::mem::take(&mut self.marks),
            reps: std::mem::take(&mut self.reps),
            ctxs: std::mem::take(&mut self.ctxs),
            data: std::mem::take(&mut self.data),
        };
        sc.marks.clear();
        sc.reps.clear();
        sc.ctxs.clear();
        sc.data.clear();
        let _ = POOL.try_with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                if p.len() < 8 {
                    p.push(sc);
                }
            }
        });
    }
}

impl<'c, T: Text> State<'c, T> {
    pub fn new(text: T, code: &'c [u8], start: usize, end: usize) -> Self {
        let sc = POOL
            .try_with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.pop()))
            .ok()
            .flatten()
            .unwrap_or_default();
        State {
            text,
            code,
            start,
            ptr: start,
            end,
            marks: sc.marks,
            lastmark: -1,
            lastindex: -1,
            match_all: false,
            must_advance: false,
            repeat: NONE,
            reps: sc.reps,
            ctxs: sc.ctxs,
            data: sc.data,
        }
    }

    /// `state_reset`: forget the marks of the previous attempt.
    pub fn reset(&mut self) {
        self.lastmark = -1;
        self.lastindex = -1;
        self.repeat = NONE;
        self.reps.clear();
        self.ctxs.clear();
        self.data.clear();
    }

    /// The span of group `g` (1-based) after a successful match, None when it did not
    /// participate (CPython's rule: both marks set and within `lastmark`).
    pub fn group_span(&self, g: usize) -> Option<(usize, usize)> {
        let j = 2 * (g - 1);
        if (j + 1) as isize <= self.lastmark {
            let (a, b) = (self.mark(j), self.mark(j + 1));
            if a != NONE && b != NONE {
                return Some((a, b));
            }
        }
        None
    }

    #[inline(always)]
    fn op(&self, i: usize) -> u32 {
        match self
            .code
            .get(i.wrapping_mul(4)..i.wrapping_mul(4).wrapping_add(4))
        {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            None => FAILURE,
        }
    }

    #[inline(always)]
    fn mark(&self, i: usize) -> usize {
        match self.marks.get(i) {
            Some(&m) => m,
            None => NONE,
        }
    }

    fn set_mark(&mut self, i: usize, v: usize) {
        if i >= self.marks.len() {
            self.marks.resize(i + 1, NONE);
        }
        self.marks[i] = v;
    }

    fn mark_push(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            for i in 0..n {
                let m = self.mark(i);
                self.data.push(m);
            }
        }
    }

    /// Restores marks `0..=lastmark` from the data stack, dropping them if `discard`.
    fn mark_pop(&mut self, lastmark: isize, discard: bool) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let base = self.data.len().saturating_sub(n);
            if self.marks.len() < n {
                self.marks.resize(n, NONE);
            }
            for i in 0..n {
                self.marks[i] = self.data.get(base + i).copied().unwrap_or(NONE);
            }
            if discard {
                self.data.truncate(base);
            }
        }
    }

    fn mark_discard(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let base = self.data.len().saturating_sub(n);
            self.data.truncate(base);
        }
    }

    /// Matches at `self.ptr` (`sre_match`); on success `self.ptr` is the end of the match.
    pub fn do_match(&mut self, match_all: bool) -> Result<bool, Error> {
        self.match_all = match_all;
        self.run(0, true)
    }

    /// `SRE(match)`: runs the code at `pc` from `self.ptr`.
    fn run(&mut self, start_pc: usize, toplevel: bool) -> Result<bool, Error> {
        let base = self.ctxs.len();
        let end = self.end;
        let text = self.text;
        self.ctxs.push(Ctx::new(Jump::None, toplevel));
        let mut pc = start_pc;
        let mut ptr: usize = 0;
        let mut ret = false;
        let mut resume: Option<Jump> = None;

        // `do_jump!('top, jump, next_pc, toplevel)`: saves pc/ptr in the current context, pushes a
        // child context and enters it at `next_pc`; the code after it runs when the
        // parent is resumed with `jump`.
        macro_rules! do_jump {
            ($l:lifetime, $jump:expr, $next:expr, $top:expr) => {{
                let top = $top;
                let next = $next;
                let c = self.ctxs.last_mut().ok_or(Error::Illegal)?;
                c.pc = pc;
                c.ptr = ptr;
                self.ctxs.push(Ctx::new($jump, top));
                pc = next;
                resume = None;
                continue $l;
            }};
        }
        macro_rules! ctx {
            () => {
                self.ctxs.last_mut().ok_or(Error::Illegal)?
            };
        }

        'top: loop {
            // Phase 1: enter a new context or resume one whose child finished. Yields true
            // to go to the exit path with `ret` set, false to dispatch opcodes at `pc`.
            let exiting: bool = 'phase: {
                let Some(jump) = resume.take() else {
                    // entrance
                    ptr = self.ptr;
                    if self.op(pc) == INFO {
                        let min = self.op(pc + 3) as usize;
                        if min != 0 && end.wrapping_sub(ptr) < min {
                            ret = false;
                            break 'phase true;
                        }
                        pc += self.op(pc + 1) as usize + 1;
                    }
                    break 'phase false;
                };
                match jump {
                    Jump::None => return Err(Error::Illegal),
                    Jump::Branch => {
                        let lastmark = ctx!().lastmark;
                        if ret {
                            if self.repeat != NONE {
                                self.mark_discard(lastmark);
                            }
                            break 'phase true;
                        }
                        if self.repeat != NONE {
                            self.mark_pop(lastmark, false);
                        }
                        let c = *ctx!();
                        self.lastmark = c.lastmark;
                        self.lastindex = c.lastindex;
                        pc += self.op(pc) as usize;
                        // Try the next alternatives.
                        while self.op(pc) != 0 {
                            if self.op(pc + 1) == LITERAL
                                && (ptr >= end || text.at(ptr) != self.op(pc + 2))
                            {
                                pc += self.op(pc) as usize;
                                continue;
                            }
                            if self.op(pc + 1) == IN
                                && (ptr >= end || !self.charset(pc + 3, text.at(ptr)))
                            {
                                pc += self.op(pc) as usize;
                                continue;
                            }
                            self.ptr = ptr;
                            let top = c.toplevel;
                            do_jump!('top, Jump::Branch, pc + 1, top);
                        }
                        if self.repeat != NONE {
                            self.mark_discard(lastmark);
                        }
                        ret = false;
                        break 'phase true;
                    }
                    Jump::RepeatOne1 | Jump::RepeatOne2 => {
                        let lastmark = ctx!().lastmark;
                        if ret {
                            if self.repeat != NONE {
                                self.mark_discard(lastmark);
                            }
                            break 'phase true;
                        }
                        if self.repeat != NONE {
                            self.mark_pop(lastmark, false);
                        }
                        let c = *ctx!();
                        self.lastmark = c.lastmark;
                        self.lastindex = c.lastindex;
                        let min = self.op(pc + 1) as isize;
                        let mut count = c.count;
                        // Back off one character and retry the tail.
                        ptr = ptr.wrapping_sub(1);
                        count -= 1;
                        if jump == Jump::RepeatOne1 {
                            while count >= min && (ptr >= end || text.at(ptr) != c.chr) {
                                ptr = ptr.wrapping_sub(1);
                                count -= 1;
                            }
                        }
                        if count >= min {
                            ctx!().count = count;
                            self.ptr = ptr;
                            let tail = pc + self.op(pc) as usize;
                            do_jump!('top, jump, tail, c.toplevel);
                        }
                        if self.repeat != NONE {
                            self.mark_discard(lastmark);
                        }
                        ret = false;
                        break 'phase true;
                    }
                    Jump::MinRepeatOne => {
                        let lastmark = ctx!().lastmark;
                        if ret {
                            if self.repeat != NONE {
                                self.mark_discard(lastmark);
                            }
                            break 'phase true;
                        }
                        if self.repeat != NONE {
                            self.mark_pop(lastmark, false);
                        }
                        let c = *ctx!();
                        self.lastmark = c.lastmark;
                        self.lastindex = c.lastindex;
                        self.ptr = ptr;
                        let n = self.count(pc + 3, 1)?;
                        if n != 0 {
                            ptr += 1;
                            let count = c.count + 1;
                            ctx!().count = count;
                            let max = self.op(pc + 2);
                            if max == MAXREPEAT || count <= max as isize {
                                self.ptr = ptr;
                                let tail = pc + self.op(pc) as usize;
                                do_jump!('top, Jump::MinRepeatOne, tail, c.toplevel);
                            }
                        }
                        if self.repeat != NONE {
                            self.mark_discard(lastmark);
                        }
                        ret = false;
                        break 'phase true;
                    }
                    Jump::Repeat => {
                        let rep = ctx!().rep;
                        if let Some(r) = self.reps.get(rep) {
                            self.repeat = r.prev;
                        }
                        self.reps.truncate(rep);
                        break 'phase true;
                    }
                    Jump::MaxUntil1 | Jump::MinUntil1 => {
                        if ret {
                            break 'phase true;
                        }
                        let c = *ctx!();
                        if let Some(r) = self.reps.get_mut(c.rep) {
                            r.count = c.count - 1;
                        }
                        self.ptr = ptr;
                        break 'phase true;
                    }
                    Jump::MaxUntil2 => {
                        let c = *ctx!();
                        let saved = self.data.pop().unwrap_or(NONE);
                        if let Some(r) = self.reps.get_mut(c.rep) {
                            r.last_ptr = saved;
                        }
                        if ret {
                            self.mark_discard(c.lastmark);
                            break 'phase true;
                        }
                        self.mark_pop(c.lastmark, true);
                        self.lastmark = c.lastmark;
                        self.lastindex = c.lastindex;
                        if let Some(r) = self.reps.get_mut(c.rep) {
                            r.count = c.count - 1;
                        }
                        self.ptr = ptr;
                        // The item cannot match once more here: try the tail.
                        self.repeat = self.reps.get(c.rep).map(|r| r.prev).unwrap_or(NONE);
                        do_jump!('top, Jump::MaxUntil3, pc, c.toplevel);
                    }
                    Jump::MaxUntil3 => {
                        let c = *ctx!();
                        self.repeat = c.rep;
                        if ret {
                            break 'phase true;
                        }
                        self.ptr = ptr;
                        break 'phase true;
                    }
                    Jump::MinUntil2 => {
                        let c = *ctx!();
                        let repeat_of_tail = self.repeat;
                        self.repeat = c.rep;
                        if ret {
                            if repeat_of_tail != NONE {
                                self.mark_discard(c.lastmark);
                            }
                            break 'phase true;
                        }
                        if repeat_of_tail != NONE {
                            self.mark_pop(c.lastmark, true);
                        }
                        self.lastmark = c.lastmark;
                        self.lastindex = c.lastindex;
                        self.ptr = ptr;
                        let Some(r) = self.reps.get(c.rep).copied() else {
                            return Err(Error::Illegal);
                        };
                        let max = self.op(r.pc + 2);
                        if (c.count >= max as isize && max != MAXREPEAT) || self.ptr == r.last_ptr {
                            ret = false;
                            break 'phase true;
                        }
                        self.data.push(r.last_ptr);
                        if let Some(r) = self.reps.get_mut(c.rep) {
                            r.count = c.count;
                            r.last_ptr = ptr;
                        }
                        do_jump!('top, Jump::MinUntil3, r.pc + 3, c.toplevel);
                    }
                    Jump::MinUntil3 => {
                        let c = *ctx!();
                        let saved = self.data.pop().unwrap_or(NONE);
                        if let Some(r) = self.reps.get_mut(c.rep) {
                            r.last_ptr = saved;
                        }
                        if ret {
                            break 'phase true;
                        }
                        if let Some(r) = self.reps.get_mut(c.rep) {
                            r.count = c.count - 1;
                        }
                        self.ptr = ptr;
                        break 'phase true;
                    }
                    Jump::PossRepeat1 => {
                        if !ret {
                            self.ptr = ptr;
                            break 'phase true;
                        }
                        let count = ctx!().count + 1;
                        ctx!().count = count;
                        if count < self.op(pc + 1) as isize {
                            do_jump!('top, Jump::PossRepeat1, pc + 3, false);
                        }
                        // Minimum reached: continue with the greedy loop.
                        ptr = NONE;
                        match self.poss_repeat_loop(pc, &mut ptr)? {
                            Some(next) => do_jump!('top, Jump::PossRepeat2, next, false),
                            None => {
                                pc += self.op(pc) as usize + 1;
                                ptr = self.ptr;
                                break 'phase false;
                            }
                        }
                    }
                    Jump::PossRepeat2 => {
                        let c = *ctx!();
                        if ret {
                            self.mark_discard(c.lastmark);
                            ctx!().count = c.count + 1;
                        } else {
                            self.mark_pop(c.lastmark, true);
                            self.lastmark = c.lastmark;
                            self.lastindex = c.lastindex;
                            self.ptr = ptr;
                            pc += self.op(pc) as usize + 1;
                            ptr = self.ptr;
                            break 'phase false;
                        }
                        match self.poss_repeat_loop(pc, &mut ptr)? {
                            Some(next) => do_jump!('top, Jump::PossRepeat2, next, false),
                            None => {
                                pc += self.op(pc) as usize + 1;
                                ptr = self.ptr;
                                break 'phase false;
                            }
                        }
                    }
                    Jump::AtomicGroup => {
                        if !ret {
                            self.ptr = ptr;
                            break 'phase true;
                        }
                        pc += self.op(pc) as usize;
                        ptr = self.ptr;
                        break 'phase false;
                    }
                    Jump::Assert => {
                        if !ret {
                            break 'phase true;
                        }
                        pc += self.op(pc) as usize;
                        break 'phase false;
                    }
                    Jump::AssertNot => {
                        let c = *ctx!();
                        if ret {
                            if self.repeat != NONE {
                                self.mark_discard(c.lastmark);
                            }
                            ret = false;
                            break 'phase true;
                        }
                        if self.repeat != NONE {
                            self.mark_pop(c.lastmark, true);
                        }
                        self.lastmark = c.lastmark;
                        self.lastindex = c.lastindex;
                        pc += self.op(pc) as usize;
                        break 'phase false;
                    }
                }
            };

            if !exiting {
                // Phase 2: dispatch opcodes until the context succeeds, fails or calls a
                // child.
                ret = loop {
                    let op = self.op(pc);
                    pc += 1;
                    match op {
                        MARK => {
                            let i = self.op(pc) as usize;
                            if i & 1 != 0 {
                                self.lastindex = (i / 2 + 1) as isize;
                            }
                            if i as isize > self.lastmark {
                                let from = (self.lastmark + 1) as usize;
                                for j in from..i {
                                    self.set_mark(j, NONE);
                                }
                                self.lastmark = i as isize;
                            }
                            self.set_mark(i, ptr);
                            pc += 1;
                        }
                        LITERAL => {
                            if ptr >= end || text.at(ptr) != self.op(pc) {
                                break false;
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        NOT_LITERAL => {
                            if ptr >= end || text.at(ptr) == self.op(pc) {
                                break false;
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        SUCCESS => {
                            let top = ctx!().toplevel;
                            if top
                                && ((self.match_all && ptr != end)
                                    || (self.must_advance && ptr == self.start))
                            {
                                break false;
                            }
                            self.ptr = ptr;
                            break true;
                        }
                        AT => {
                            if !self.at(ptr, self.op(pc)) {
                                break false;
                            }
                            pc += 1;
                        }
                        CATEGORY => {
                            if ptr >= end || !chars::category(self.op(pc), text.at(ptr)) {
                                break false;
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        ANY => {
                            if ptr >= end || chars::is_ascii_linebreak(text.at(ptr)) {
                                break false;
                            }
                            ptr += 1;
                        }
                        ANY_ALL => {
                            if ptr >= end {
                                break false;
                            }
                            ptr += 1;
                        }
                        IN => {
                            if ptr >= end || !self.charset(pc + 1, text.at(ptr)) {
                                break false;
                            }
                            pc += self.op(pc) as usize;
                            ptr += 1;
                        }
                        LITERAL_IGNORE => {
                            if ptr >= end || chars::lower_ascii(text.at(ptr)) != self.op(pc) {
                                break false;
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        LITERAL_UNI_IGNORE => {
                            if ptr >= end || chars::lower_unicode(text.at(ptr)) != self.op(pc) {
                                break false;
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        LITERAL_LOC_IGNORE => {
                            if ptr >= end || !chars::char_loc_ignore(self.op(pc), text.at(ptr)) {
                                break false;
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        NOT_LITERAL_IGNORE => {
                            if ptr >= end || chars::lower_ascii(text.at(ptr)) == self.op(pc) {
                                break false;
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        NOT_LITERAL_UNI_IGNORE => {
                            if ptr >= end || chars::lower_unicode(text.at(ptr)) == self.op(pc) {
                                break false;
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        NOT_LITERAL_LOC_IGNORE => {
                            if ptr >= end || chars::char_loc_ignore(self.op(pc), text.at(ptr)) {
                                break false;
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        IN_IGNORE => {
                            if ptr >= end || !self.charset(pc + 1, chars::lower_ascii(text.at(ptr)))
                            {
                                break false;
                            }
                            pc += self.op(pc) as usize;
                            ptr += 1;
                        }
                        IN_UNI_IGNORE => {
                            if ptr >= end
                                || !self.charset(pc + 1, chars::lower_unicode(text.at(ptr)))
                            {
                                break false;
                            }
                            pc += self.op(pc) as usize;
                            ptr += 1;
                        }
                        IN_LOC_IGNORE => {
                            if ptr >= end || !self.charset_loc_ignore(pc + 1, text.at(ptr)) {
                                break false;
                            }
                            pc += self.op(pc) as usize;
                            ptr += 1;
                        }
                        JUMP | INFO => {
                            pc += self.op(pc) as usize;
                        }
                        BRANCH => {
                            let (lm, li) = (self.lastmark, self.lastindex);
                            let c = ctx!();
                            c.lastmark = lm;
                            c.lastindex = li;
                            let top = c.toplevel;
                            if self.repeat != NONE {
                                self.mark_push(lm);
                            }
                            while self.op(pc) != 0 {
                                if self.op(pc + 1) == LITERAL
                                    && (ptr >= end || text.at(ptr) != self.op(pc + 2))
                                {
                                    pc += self.op(pc) as usize;
                                    continue;
                                }
                                if self.op(pc + 1) == IN
                                    && (ptr >= end || !self.charset(pc + 3, text.at(ptr)))
                                {
                                    pc += self.op(pc) as usize;
                                    continue;
                                }
                                self.ptr = ptr;
                                do_jump!('top, Jump::Branch, pc + 1, top);
                            }
                            if self.repeat != NONE {
                                self.mark_discard(lm);
                            }
                            break false;
                        }
                        REPEAT_ONE => {
                            // <REPEAT_ONE> <skip> <min> <max> item <SUCCESS> tail
                            let min = self.op(pc + 1) as usize;
                            if ptr > end || min > end - ptr {
                                break false;
                            }
                            self.ptr = ptr;
                            let n = self.count(pc + 3, self.op(pc + 2))?;
                            ptr += n;
                            if n < min {
                                break false;
                            }
                            let tail = pc + self.op(pc) as usize;
                            let top = ctx!().toplevel;
                            if self.op(tail) == SUCCESS
                                && ptr == end
                                && !(top && self.must_advance && ptr == self.start)
                            {
                                self.ptr = ptr;
                                break true;
                            }
                            let (lm, li) = (self.lastmark, self.lastindex);
                            let c = ctx!();
                            c.lastmark = lm;
                            c.lastindex = li;
                            c.count = n as isize;
                            if self.repeat != NONE {
                                self.mark_push(lm);
                            }
                            if self.op(tail) == LITERAL {
                                let chr = self.op(tail + 1);
                                ctx!().chr = chr;
                                let mut count = n as isize;
                                while count >= min as isize && (ptr >= end || text.at(ptr) != chr) {
                                    ptr = ptr.wrapping_sub(1);
                                    count -= 1;
                                }
                                if count >= min as isize {
                                    ctx!().count = count;
                                    self.ptr = ptr;
                                    do_jump!('top, Jump::RepeatOne1, tail, top);
                                }
                            } else {
                                self.ptr = ptr;
                                do_jump!('top, Jump::RepeatOne2, tail, top);
                            }
                            if self.repeat != NONE {
                                self.mark_discard(lm);
                            }
                            break false;
                        }
                        MIN_REPEAT_ONE => {
                            // <MIN_REPEAT_ONE> <skip> <min> <max> item <SUCCESS> tail
                            let min = self.op(pc + 1) as usize;
                            if ptr > end || min > end - ptr {
                                break false;
                            }
                            self.ptr = ptr;
                            let mut count = 0usize;
                            if min != 0 {
                                let n = self.count(pc + 3, min as u32)?;
                                if n < min {
                                    break false;
                                }
                                count = n;
                                ptr += n;
                            }
                            let tail = pc + self.op(pc) as usize;
                            let top = ctx!().toplevel;
                            if self.op(tail) == SUCCESS
                                && !(top
                                    && ((self.match_all && ptr != end)
                                        || (self.must_advance && ptr == self.start)))
                            {
                                self.ptr = ptr;
                                break true;
                            }
                            let (lm, li) = (self.lastmark, self.lastindex);
                            let c = ctx!();
                            c.lastmark = lm;
                            c.lastindex = li;
                            c.count = count as isize;
                            if self.repeat != NONE {
                                self.mark_push(lm);
                            }
                            let max = self.op(pc + 2);
                            if max == MAXREPEAT || count <= max as usize {
                                self.ptr = ptr;
                                do_jump!('top, Jump::MinRepeatOne, tail, top);
                            }
                            if self.repeat != NONE {
                                self.mark_discard(lm);
                            }
                            break false;
                        }
                        POSSESSIVE_REPEAT_ONE => {
                            let min = self.op(pc + 1) as usize;
                            if ptr > end || min > end - ptr {
                                break false;
                            }
                            self.ptr = ptr;
                            let n = self.count(pc + 3, self.op(pc + 2))?;
                            ptr += n;
                            if n < min {
                                break false;
                            }
                            pc += self.op(pc) as usize;
                            let top = ctx!().toplevel;
                            if self.op(pc) == SUCCESS
                                && ptr == end
                                && !(top && self.must_advance && ptr == self.start)
                            {
                                self.ptr = ptr;
                                break true;
                            }
                        }
                        REPEAT => {
                            // <REPEAT> <skip> <min> <max> <index> item <UNTIL> tail
                            let idx = self.reps.len();
                            self.reps.push(Repeat {
                                count: -1,
                                pc,
                                prev: self.repeat,
                                last_ptr: NONE,
                            });
                            self.repeat = idx;
                            ctx!().rep = idx;
                            self.ptr = ptr;
                            let top = ctx!().toplevel;
                            do_jump!('top, Jump::Repeat, pc + self.op(pc) as usize, top);
                        }
                        MAX_UNTIL => {
                            let rep = self.repeat;
                            let Some(r) = self.reps.get(rep).copied() else {
                                return Err(Error::Illegal);
                            };
                            self.ptr = ptr;
                            let count = r.count + 1;
                            let top = {
                                let c = ctx!();
                                c.rep = rep;
                                c.count = count;
                                c.toplevel
                            };
                            let (min, max) = (self.op(r.pc + 1), self.op(r.pc + 2));
                            if count < min as isize {
                                self.reps[rep].count = count;
                                do_jump!('top, Jump::MaxUntil1, r.pc + 3, top);
                            }
                            if (count < max as isize || max == MAXREPEAT) && self.ptr != r.last_ptr
                            {
                                // Enough matches, but try one more item.
                                self.reps[rep].count = count;
                                let (lm, li) = (self.lastmark, self.lastindex);
                                let c = ctx!();
                                c.lastmark = lm;
                                c.lastindex = li;
                                self.mark_push(lm);
                                self.data.push(r.last_ptr);
                                self.reps[rep].last_ptr = self.ptr;
                                do_jump!('top, Jump::MaxUntil2, r.pc + 3, top);
                            }
                            self.repeat = r.prev;
                            do_jump!('top, Jump::MaxUntil3, pc, top);
                        }
                        MIN_UNTIL => {
                            let rep = self.repeat;
                            let Some(r) = self.reps.get(rep).copied() else {
                                return Err(Error::Illegal);
                            };
                            self.ptr = ptr;
                            let count = r.count + 1;
                            let top = {
                                let c = ctx!();
                                c.rep = rep;
                                c.count = count;
                                c.toplevel
                            };
                            if count < self.op(r.pc + 1) as isize {
                                self.reps[rep].count = count;
                                do_jump!('top, Jump::MinUntil1, r.pc + 3, top);
                            }
                            // See whether the tail matches.
                            self.repeat = r.prev;
                            let (lm, li) = (self.lastmark, self.lastindex);
                            let c = ctx!();
                            c.lastmark = lm;
                            c.lastindex = li;
                            if self.repeat != NONE {
                                self.mark_push(lm);
                            }
                            do_jump!('top, Jump::MinUntil2, pc, top);
                        }
                        POSSESSIVE_REPEAT => {
                            // <POSSESSIVE_REPEAT> <skip> <min> <max> item <SUCCESS> tail
                            self.ptr = ptr;
                            ctx!().count = 0;
                            if self.op(pc + 1) > 0 {
                                do_jump!('top, Jump::PossRepeat1, pc + 3, false);
                            }
                            ptr = NONE;
                            match self.poss_repeat_loop(pc, &mut ptr)? {
                                Some(next) => do_jump!('top, Jump::PossRepeat2, next, false),
                                None => {
                                    pc += self.op(pc) as usize + 1;
                                    ptr = self.ptr;
                                }
                            }
                        }
                        ATOMIC_GROUP => {
                            self.ptr = ptr;
                            do_jump!('top, Jump::AtomicGroup, pc + 1, false);
                        }
                        GROUPREF | GROUPREF_IGNORE | GROUPREF_UNI_IGNORE | GROUPREF_LOC_IGNORE => {
                            let g = self.op(pc) as usize * 2;
                            if g as isize >= self.lastmark {
                                break false;
                            }
                            let (mut p, e) = (self.mark(g), self.mark(g + 1));
                            if p == NONE || e == NONE || e < p {
                                break false;
                            }
                            let mut failed = false;
                            while p < e {
                                if ptr >= end {
                                    failed = true;
                                    break;
                                }
                                let (a, b) = (text.at(ptr), text.at(p));
                                let same = match op {
                                    GROUPREF => a == b,
                                    GROUPREF_IGNORE => {
                                        chars::lower_ascii(a) == chars::lower_ascii(b)
                                    }
                                    GROUPREF_UNI_IGNORE => {
                                        chars::lower_unicode(a) == chars::lower_unicode(b)
                                    }
                                    _ => chars::lower_locale(a) == chars::lower_locale(b),
                                };
                                if !same {
                                    failed = true;
                                    break;
                                }
                                p += 1;
                                ptr += 1;
                            }
                            if failed {
                                break false;
                            }
                            pc += 1;
                        }
                        GROUPREF_EXISTS => {
                            // <GROUPREF_EXISTS> <group> <skip> codeyes <JUMP> codeno
                            let g = self.op(pc) as usize * 2;
                            let exists = (g as isize) < self.lastmark && {
                                let (p, e) = (self.mark(g), self.mark(g + 1));
                                p != NONE && e != NONE && e >= p
                            };
                            if exists {
                                pc += 2;
                            } else {
                                pc += self.op(pc + 1) as usize;
                            }
                        }
                        ASSERT => {
                            // <ASSERT> <skip> <back> pattern
                            let back = self.op(pc + 1) as usize;
                            if ptr < back {
                                break false;
                            }
                            self.ptr = ptr - back;
                            do_jump!('top, Jump::Assert, pc + 2, false);
                        }
                        ASSERT_NOT => {
                            let back = self.op(pc + 1) as usize;
                            if ptr >= back {
                                self.ptr = ptr - back;
                                let (lm, li) = (self.lastmark, self.lastindex);
                                let c = ctx!();
                                c.lastmark = lm;
                                c.lastindex = li;
                                if self.repeat != NONE {
                                    self.mark_push(lm);
                                }
                                do_jump!('top, Jump::AssertNot, pc + 2, false);
                            }
                            pc += self.op(pc) as usize;
                        }
                        FAILURE => break false,
                        _ => return Err(Error::Illegal),
                    }
                };
            }

            // Exit: pop this context and resume its parent.
            let Some(done) = self.ctxs.pop() else {
                return Err(Error::Illegal);
            };
            if self.ctxs.len() <= base {
                return Ok(ret);
            }
            let parent = self.ctxs[self.ctxs.len() - 1];
            pc = parent.pc;
            ptr = parent.ptr;
            resume = Some(done.jump);
        }
    }

    /// One turn of POSSESSIVE_REPEAT's greedy loop (the context's `count` items matched so
    /// far, `*ptr` the position before the previous attempt): Some(item pc) to try one more
    /// item, None when the loop is over (then the tail runs from `self.ptr`).
    fn poss_repeat_loop(&mut self, pc: usize, ptr: &mut usize) -> Result<Option<usize>, Error> {
        let max = self.op(pc + 2);
        let count = self.ctxs.last().ok_or(Error::Illegal)?.count;
        if (count < max as isize || max == MAXREPEAT) && self.ptr != *ptr {
            let (lm, li) = (self.lastmark, self.lastindex);
            if let Some(c) = self.ctxs.last_mut() {
                c.lastmark = lm;
                c.lastindex = li;
            }
            self.mark_push(lm);
            *ptr = self.ptr;
            return Ok(Some(pc + 3));
        }
        Ok(None)
    }
}

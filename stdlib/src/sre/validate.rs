//! The code validator `_sre.compile` runs before accepting code (CPython's `_validate`):
//! every skip stays inside its block, blocks end with the opcodes the engine expects,
//! group numbers are in range and charsets are well formed. Code that fails is rejected
//! with "RuntimeError: invalid SRE code", so the engine only sees sane code (it still
//! never indexes out of bounds on its own).
//!
//! The walk recurses once per nested block; nesting deeper than `MAX_DEPTH` (far beyond
//! what `re._parser` can produce within Python's recursion limit) is rejected too, so
//! crafted code cannot exhaust the Rust stack.

// (A repeat's max can never exceed MAXREPEAT: the code words are u32 and MAXREPEAT is
// u32::MAX, so CPython's `max > SRE_MAXREPEAT` check has nothing to reject here.)

const MAX_DEPTH: usize = 10_000;
const MAXGROUPS: usize = super::MAXGROUPS as usize;

// Opcodes and codes the validator names (re._constants).
const FAILURE: u32 = 0;
const SUCCESS: u32 = 1;

struct Invalid;

type V<T> = Result<T, Invalid>;

struct Validator<'a> {
    code: &'a [u32],
    groups: usize,
}

impl Validator<'_> {
    fn get(&self, pos: &mut usize, end: usize) -> V<u32> {
        if *pos >= end {
            return Err(Invalid);
        }
        let v = *self.code.get(*pos).ok_or(Invalid)?;
        *pos += 1;
        Ok(v)
    }

    /// GET_SKIP_ADJ: reads a skip and checks `skip - adj <= end - pos`.
    fn skip(&self, pos: &mut usize, end: usize, adj: usize) -> V<usize> {
        if *pos >= end {
            return Err(Invalid);
        }
        let skip = *self.code.get(*pos).ok_or(Invalid)? as usize;
        if skip.wrapping_sub(adj) > end - *pos {
            return Err(Invalid);
        }
        *pos += 1;
        Ok(skip)
    }

    fn charset(&self, mut pos: usize, end: usize) -> V<()> {
        while pos < end {
            match self.get(&mut pos, end)? {
                21 => {} // NEGATE
                16 => {
                    self.get(&mut pos, end)?; // LITERAL
                }
                22 | 42 => {
                    // RANGE, RANGE_UNI_IGNORE
                    self.get(&mut pos, end)?;
                    self.get(&mut pos, end)?;
                }
                9 => {
                    // CHARSET: a 256-bit bitmap
                    if 8 > end - pos {
                        return Err(Invalid);
                    }
                    pos += 8;
                }
                10 => {
                    // BIGCHARSET: <count> <256-byte block table> <count bitmaps>
                    let count = self.get(&mut pos, end)? as usize;
                    if 64 > end - pos {
                        return Err(Invalid);
                    }
                    for w in &self.code[pos..pos + 64] {
                        if w.to_ne_bytes().iter().any(|&b| b as usize >= count) {
                            return Err(Invalid);
                        }
                    }
                    pos += 64;
                    let n = count.checked_mul(8).ok_or(Invalid)?;
                    if n > end - pos {
                        return Err(Invalid);
                    }
                    pos += n;
                }
                8 => {
                    // CATEGORY
                    if self.get(&mut pos, end)? > 17 {
                        return Err(Invalid);
                    }
                }
                _ => return Err(Invalid),
            }
        }
        Ok(())
    }

    /// A nested block, which must not end with a JUMP.
    fn block(&self, pos: usize, end: usize, depth: usize) -> V<()> {
        match self.inner(pos, end, depth)? {
            false => Ok(()),
            true => Err(Invalid),
        }
    }

    /// Validates `code[pos..end]`; Ok(true) when the block's last op is a JUMP.
    fn inner(&self, mut pos: usize, end: usize, depth: usize) -> V<bool> {
        if pos > end || end > self.code.len() || depth > MAX_DEPTH {
            return Err(Invalid);
        }
        let groups = self.groups;
        while pos < end {
            let op = self.get(&mut pos, end)?;
            match op {
                17 => {
                    // MARK
                    if self.get(&mut pos, end)? as usize > 2 * groups + 1 {
                        return Err(Invalid);
                    }
                }
                16 | 20 | 32 | 33 | 40 | 41 | 36 | 37 => {
                    self.get(&mut pos, end)?;
                }
                SUCCESS | FAILURE | 2 | 3 => {}
                6 => {
                    // AT
                    if self.get(&mut pos, end)? > 11 {
                        return Err(Invalid);
                    }
                }
                13 | 31 | 39 | 35 => {
                    // IN and its IGNORE variants: <skip> set FAILURE
                    let skip = self.skip(&mut pos, end, 0)?;
                    if skip < 2 {
                        return Err(Invalid);
                    }
                    self.charset(pos, pos + skip - 2)?;
                    if self.code.get(pos + skip - 2) != Some(&FAILURE) {
                        return Err(Invalid);
                    }
                    pos += skip - 1;
                }
                14 => {
                    // INFO <skip> <flags> <min> <max> [prefix | charset]
                    let skip = self.skip(&mut pos, end, 0)?;
                    if skip < 1 {
                        return Err(Invalid);
                    }
                    let newcode = pos + skip - 1;
                    let flags = self.get(&mut pos, end)?;
                    self.get(&mut pos, end)?;
                    self.get(&mut pos, end)?;
                    if flags & !7 != 0 || (flags & 1 != 0 && flags & 4 != 0) {
                        return Err(Invalid);
                    }
                    if flags & 2 != 0 && flags & 1 == 0 {
                        return Err(Invalid);
                    }
                    if flags & 1 != 0 {
                        let plen = self.get(&mut pos, end)? as usize;
                        self.get(&mut pos, end)?;
                        if pos > newcode || plen > newcode - pos {
                            return Err(Invalid);
                        }
                        pos += plen;
                        if plen > newcode - pos {
                            return Err(Invalid);
                        }
                        if self.code[pos..pos + plen]
                            .iter()
                            .any(|&o| o as usize >= plen)
                        {
                            return Err(Invalid);
                        }
                        pos += plen;
                    }
                    if flags & 4 != 0 {
                        if newcode < 1 || pos > newcode - 1 {
                            return Err(Invalid);
                        }
                        self.charset(pos, newcode - 1)?;
                        if self.code.get(newcode - 1) != Some(&FAILURE) {
                            return Err(Invalid);
                        }
                        pos = newcode;
                    } else if pos != newcode {
                        return Err(Invalid);
                    }
                }
                7 => {
                    // BRANCH: (<skip> code JUMP <skip>)* 0
                    let mut target: Option<usize> = None;
                    loop {
                        let skip = self.skip(&mut pos, end, 0)?;
                        if skip == 0 {
                            break;
                        }
                        if skip < 3 {
                            return Err(Invalid);
                        }
                        self.block(pos, pos + skip - 3, depth + 1)?;
                        pos += skip - 3;
                        if self.get(&mut pos, end)? != 15 {
                            return Err(Invalid);
                        }
                        let skip = self.skip(&mut pos, end, 0)?;
                        let t = (pos + skip).wrapping_sub(1);
                        match target {
                            None => target = Some(t),
                            Some(x) if x != t => return Err(Invalid),
                            _ => {}
                        }
                    }
                    if Some(pos) != target {
                        return Err(Invalid);
                    }
                }
                24 | 26 | 29 => {
                    // REPEAT_ONE family: <skip> <min> <max> item SUCCESS
                    let skip = self.skip(&mut pos, end, 0)?;
                    let min = self.get(&mut pos, end)?;
                    let max = self.get(&mut pos, end)?;
                    if min > max || skip < 4 {
                        return Err(Invalid);
                    }
                    self.block(pos, pos + skip - 4, depth + 1)?;
                    pos += skip - 4;
                    if self.get(&mut pos, end)? != SUCCESS {
                        return Err(Invalid);
                    }
                }
                23 | 28 => {
                    // REPEAT / POSSESSIVE_REPEAT: <skip> <min> <max> item UNTIL|SUCCESS
                    let skip = self.skip(&mut pos, end, 0)?;
                    let min = self.get(&mut pos, end)?;
                    let max = self.get(&mut pos, end)?;
                    if min > max || skip < 3 {
                        return Err(Invalid);
                    }
                    self.block(pos, pos + skip - 3, depth + 1)?;
                    pos += skip - 3;
                    let last = self.get(&mut pos, end)?;
                    let ok = if op == 28 {
                        last == SUCCESS
                    } else {
                        last == 18 || last == 19
                    };
                    if !ok {
                        return Err(Invalid);
                    }
                }
                27 => {
                    // ATOMIC_GROUP <skip> code SUCCESS
                    let skip = self.skip(&mut pos, end, 0)?;
                    if skip < 2 {
                        return Err(Invalid);
                    }
                    self.block(pos, pos + skip - 2, depth + 1)?;
                    pos += skip - 2;
                    if self.get(&mut pos, end)? != SUCCESS {
                        return Err(Invalid);
                    }
                }
                11 | 30 | 38 | 34 => {
                    // GROUPREF family
                    if self.get(&mut pos, end)? as usize >= groups {
                        return Err(Invalid);
                    }
                }
                12 => {
                    // GROUPREF_EXISTS <group> <skip> then [JUMP <skip> else]
                    if self.get(&mut pos, end)? as usize >= groups {
                        return Err(Invalid);
                    }
                    let skip = self.skip(&mut pos, end, 1)?;
                    pos -= 1; // the skip is relative to itself
                    if skip < 2 {
                        return Err(Invalid);
                    }
                    let mut skip = skip;
                    let then_has_jump = self.inner(pos + 1, pos + skip - 1, depth + 1)?;
                    if then_has_jump {
                        pos += skip - 2;
                        skip = self.skip(&mut pos, end, 0)?;
                        if skip < 1 {
                            return Err(Invalid);
                        }
                        if self.inner(pos, pos + skip - 1, depth + 1)? {
                            return Err(Invalid);
                        }
                    }
                    pos += skip - 1;
                }
                4 | 5 => {
                    // ASSERT / ASSERT_NOT <skip> <back> code SUCCESS
                    let skip = self.skip(&mut pos, end, 0)?;
                    self.get(&mut pos, end)?;
                    pos -= 1;
                    if skip < 2 {
                        return Err(Invalid);
                    }
                    self.block(pos + 1, pos + skip - 2, depth + 1)?;
                    pos += skip - 2;
                    if self.get(&mut pos, end)? != SUCCESS {
                        return Err(Invalid);
                    }
                }
                15 => {
                    // JUMP: only as the last op of a BRANCH arm or GROUPREF_EXISTS 'then'.
                    if pos + 1 != end {
                        return Err(Invalid);
                    }
                    return Ok(true);
                }
                _ => return Err(Invalid),
            }
        }
        Ok(false)
    }
}

/// Whether `code` is acceptable for a pattern with `groups` groups (`_validate_outer`).
pub fn validate(code: &[u32], groups: i64) -> bool {
    if groups < 0 || groups as usize > MAXGROUPS || code.last() != Some(&SUCCESS) {
        return false;
    }
    let v = Validator {
        code,
        groups: groups as usize,
    };
    matches!(v.inner(0, code.len() - 1, 0), Ok(false))
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn accepts_compiled_code_and_rejects_garbage() {
        // re.compile('(a)(?P<x>b*)c') under CPython 3.11 (two groups).
        let code = [
            14, 8, 1, 2, 4294967295, 1, 0, 97, 0, 17, 0, 16, 97, 17, 1, 17, 2, 24, 6, 0,
            4294967295, 16, 98, 1, 17, 3, 16, 99, 1,
        ];
        assert!(validate(&code, 2));
        assert!(!validate(&code, 0));
        assert!(!validate(&[1, 2, 3], 0));
        assert!(!validate(&[], 0));
        assert!(!validate(&[15, 0, 1], 0));
    }
}

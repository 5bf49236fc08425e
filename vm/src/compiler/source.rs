//! Source positions: turns rustpython-parser's byte offsets (`TextSize`) into CPython's
//! positions. Instruction locations use 1-based lines and 0-based UTF-8 byte columns (as
//! `co_positions`); parser errors use 1-based character columns (as `SyntaxError.offset`).

use rustpython_parser::text_size::TextRange;

use crate::bytecode::Location;

pub(crate) struct SourceMap<'a> {
    pub text: &'a str,
    /// Byte offset of the start of each line.
    line_starts: Vec<u32>,
    /// For trees built from Python AST objects (`crate::ast::from_py`), which have no text:
    /// offset `i` of a `TextSize` is an index into this table of (0-based line, byte
    /// column). Empty for real source.
    positions: Vec<(u32, u32)>,
}

impl<'a> SourceMap<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0u32];
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' => {
                    if b.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        SourceMap {
            text,
            line_starts,
            positions: Vec::new(),
        }
    }

    /// A map with no text whose offsets index `positions` (see the field).
    pub fn synthetic(positions: Vec<(u32, u32)>) -> SourceMap<'static> {
        SourceMap {
            text: "",
            line_starts: vec![0],
            positions,
        }
    }

    /// Whether this map describes a tree built from Python AST objects (no text).
    pub fn is_synthetic(&self) -> bool {
        !self.positions.is_empty()
    }

    /// 0-based line index and byte column of a byte offset.
    pub fn line_col(&self, off: u32) -> (u32, u32) {
        if !self.positions.is_empty() {
            return self.positions.get(off as usize).copied().unwrap_or((0, 0));
        }
        let off = off.min(self.text.len() as u32);
        let line = match self.line_starts.binary_search(&off) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        (line as u32, off - self.line_starts[line])
    }

    pub fn location(&self, r: TextRange) -> Location {
        let (l1, c1) = self.line_col(u32::from(r.start()));
        let (l2, c2) = self.line_col(u32::from(r.end()));
        Location {
            line: l1 + 1,
            end_line: l2 + 1,
            col: c1,
            end_col: c2,
        }
    }

    /// The text of 1-based line `lineno`, with its line terminator (normalised to `\n`).
    pub fn line_text(&self, lineno: u32) -> Option<String> {
        let i = lineno.checked_sub(1)? as usize;
        let start = *self.line_starts.get(i)? as usize;
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e as usize);
        let s = self.text.get(start..end)?;
        let s = s.trim_end_matches(['\n', '\r']);
        Some(format!("{s}\n"))
    }

    /// 1-based character column of a byte column on 1-based line `lineno`.
    pub fn char_offset(&self, lineno: u32, byte_col: u32) -> u32 {
        let Some(i) = lineno.checked_sub(1) else {
            return byte_col + 1;
        };
        let Some(&start) = self.line_starts.get(i as usize) else {
            return byte_col + 1;
        };
        let start = start as usize;
        let end = (start + byte_col as usize).min(self.text.len());
        match self.text.get(start..end) {
            Some(s) => s.chars().count() as u32 + 1,
            None => byte_col + 1,
        }
    }

    pub fn num_lines(&self) -> u32 {
        self.line_starts.len() as u32
    }
}

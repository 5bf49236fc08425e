//! Compile errors: the internal error type the passes return, its conversion into the
//! public `CompileError` with CPython's positions, and the translation of rustpython-parser's
//! (LALRPOP-style) errors into CPython 3.11's SyntaxError messages.
//!
//! Position conventions, as CPython: parser (tokenizer/grammar) errors report 1-based
//! *character* offsets; compiler and symbol-table errors report the AST's 0-based *byte*
//! column plus one.

use rustpython_parser::lexer::LexicalErrorType;
use rustpython_parser::text_size::TextRange;
use rustpython_parser::{FStringErrorType, ParseError, ParseErrorType, Tok};

use super::source::SourceMap;
use super::{CompileError, SyntaxErrorKind};
use crate::bytecode::Location;

#[derive(Clone, Debug)]
pub(crate) enum Pos {
    /// An AST range: byte columns, reported as byte column + 1 (compiler errors).
    Range(TextRange),
    /// An instruction location (byte columns).
    Loc(Location),
    /// Already in CPython's terms: 1-based line, 1-based character offsets.
    Explicit {
        lineno: u32,
        offset: u32,
        end_lineno: u32,
        end_offset: u32,
    },
    /// A byte offset in the source, reported as a character offset (parser errors).
    CharAt { start: u32, end: u32 },
    /// As CharAt, with CPython's end_offset of -1 (reported as 0).
    CharAtNoEnd { start: u32 },
}

#[derive(Clone, Debug)]
pub(crate) struct Error {
    pub kind: SyntaxErrorKind,
    pub msg: String,
    pub pos: Pos,
    /// Compiler/symbol-table error: CPython's `compile()` leaves `text` None for these.
    pub compiler_phase: bool,
    /// Tokenizer error: `text` is the raw source line (no newline added).
    pub raw_text: bool,
    /// A Range error that CPython raises from its parser (keeps `text`).
    pub keep_text: bool,
}

impl Error {
    pub fn syntax(msg: impl Into<String>, range: TextRange) -> Error {
        Error {
            kind: SyntaxErrorKind::SyntaxError,
            msg: msg.into(),
            pos: Pos::Range(range),
            compiler_phase: true,
            raw_text: false,
            keep_text: false,
        }
    }

    pub fn at_loc(msg: impl Into<String>, loc: Location) -> Error {
        Error {
            kind: SyntaxErrorKind::SyntaxError,
            msg: msg.into(),
            pos: Pos::Loc(loc),
            compiler_phase: true,
            raw_text: false,
            keep_text: false,
        }
    }

    pub fn recursion(range: TextRange) -> Error {
        Error {
            kind: SyntaxErrorKind::RecursionError,
            msg: "maximum recursion depth exceeded during compilation".into(),
            pos: Pos::Range(range),
            compiler_phase: true,
            raw_text: false,
            keep_text: false,
        }
    }

    pub fn internal(msg: &str) -> Error {
        Error {
            kind: SyntaxErrorKind::SyntaxError,
            msg: format!("internal compiler error: {msg}"),
            pos: Pos::Explicit {
                lineno: 0,
                offset: 0,
                end_lineno: 0,
                end_offset: 0,
            },
            compiler_phase: true,
            raw_text: false,
            keep_text: false,
        }
    }

    pub fn parser(kind: SyntaxErrorKind, msg: impl Into<String>, start: u32, end: u32) -> Error {
        Error {
            kind,
            msg: msg.into(),
            pos: Pos::CharAt { start, end },
            compiler_phase: false,
            raw_text: false,
            keep_text: false,
        }
    }

    pub fn new(kind: SyntaxErrorKind, msg: impl Into<String>, pos: Pos) -> Error {
        Error {
            kind,
            msg: msg.into(),
            pos,
            compiler_phase: false,
            raw_text: false,
            keep_text: false,
        }
    }

    fn raw(mut self) -> Error {
        self.raw_text = true;
        self
    }

    pub fn into_compile_error(mut self, src: &SourceMap, filename: &str) -> CompileError {
        if matches!(self.pos, Pos::Range(_) | Pos::Loc(_)) && !self.keep_text {
            self.compiler_phase = true;
        }
        let (lineno, offset, end_lineno, end_offset) = match self.pos {
            Pos::Range(r) => {
                let l = src.location(r);
                (l.line, l.col + 1, l.end_line, l.end_col + 1)
            }
            Pos::Loc(l) => (l.line, l.col + 1, l.end_line, l.end_col + 1),
            Pos::Explicit {
                lineno,
                offset,
                end_lineno,
                end_offset,
            } => (lineno, offset, end_lineno, end_offset),
            Pos::CharAtNoEnd { start } => {
                let (l1, c1) = src.line_col(start);
                (l1 + 1, src.char_offset(l1 + 1, c1), l1 + 1, 0)
            }
            Pos::CharAt { start, end } => {
                let (l1, c1) = src.line_col(start);
                let (l2, c2) = src.line_col(end);
                (
                    l1 + 1,
                    src.char_offset(l1 + 1, c1),
                    l2 + 1,
                    src.char_offset(l2 + 1, c2),
                )
            }
        };
        let text = if self.compiler_phase {
            None
        } else if self.msg.ends_with("was never closed") {
            let last = src
                .line_col(src.text.trim_end_matches(['\n', '\r']).len() as u32)
                .0
                + 1;
            src.line_text(lineno).map(|t| {
                if lineno >= last {
                    t
                } else {
                    t.trim_end_matches('\n').to_string()
                }
            })
        } else if self.raw_text {
            // Tokenizer errors show the line without its newline, as CPython's tokenizer.
            src.line_text(lineno)
                .map(|t| t.trim_end_matches('\n').to_string())
        } else {
            src.line_text(lineno)
        };
        CompileError {
            kind: self.kind,
            msg: self.msg,
            filename: filename.to_string(),
            lineno,
            offset,
            end_lineno,
            end_offset,
            text,
        }
    }
}

/// Scans for an unclosed bracket (for "'(' was never closed") or an unmatched closer.
/// Returns (message, byte offset) of the first problem found, ignoring strings and comments.
fn bracket_problem(text: &str) -> Option<(String, u32)> {
    let b = text.as_bytes();
    let mut stack: Vec<(u8, u32)> = Vec::new();
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                i = skip_string(b, i).unwrap_or(b.len());
                continue;
            }
            b'(' | b'[' | b'{' => stack.push((c, i as u32)),
            b')' | b']' | b'}' => {
                let open = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    None => return Some((format!("unmatched '{}'", c as char), i as u32)),
                    Some((o, _)) if o != open => {
                        return Some((
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                c as char, o as char
                            ),
                            i as u32,
                        ));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack
        .first()
        .map(|&(o, at)| (format!("'{}' was never closed", o as char), at))
}

/// Skips the string literal starting at `i` (a quote); returns the index after it, or None
/// if it is unterminated.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let c = b[i];
    let triple = b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c);
    if triple {
        let mut j = i + 3;
        while j < b.len() {
            if b[j] == b'\\' {
                j += 2;
                continue;
            }
            if b[j] == c && b.get(j + 1) == Some(&c) && b.get(j + 2) == Some(&c) {
                return Some(j + 3);
            }
            j += 1;
        }
        None
    } else {
        let mut j = i + 1;
        while j < b.len() {
            match b[j] {
                b'\\' => {
                    if b.get(j + 1) == Some(&b'\r') && b.get(j + 2) == Some(&b'\n') {
                        j += 3;
                    } else {
                        j += 2;
                    }
                    continue;
                }
                b'\n' | b'\r' => return None,
                x if x == c => return Some(j + 1),
                _ => j += 1,
            }
        }
        None
    }
}

/// The first unterminated string literal: (start offset, is triple-quoted).
fn unterminated_string(text: &str) -> Option<(u32, bool)> {
    let b = text.as_bytes();
    let mut i = 0usize;
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' | b'"' => {
                let c = b[i];
                let triple = b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c);
                // Include a string prefix (r, b, f, u, ...) in the reported start.
                let mut start = i;
                while start > 0 && b[start - 1].is_ascii_alphabetic() && i - start < 2 {
                    start -= 1;
                }
                if start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_') {
                    start = i;
                }
                match skip_string(b, i) {
                    Some(j) => i = j,
                    None => return Some((start as u32, triple)),
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// Tokens of the source up to byte offset `off`: (previous token, token at `off`,
/// bracket depth before it).
/// A lexer token with its range.
type Spanned = (Tok, TextRange);

fn tokens_around(src: &str, off: u32) -> (Option<Spanned>, Option<Spanned>, u32) {
    tokens_around_matching(src, off, None)
}

/// As `tokens_around`, preferring (among tokens starting at `off`) the one of the kind the
/// parser reported: a zero-width DEDENT often shares its offset with the real culprit.
fn tokens_around_matching(
    src: &str,
    off: u32,
    want: Option<&Tok>,
) -> (Option<Spanned>, Option<Spanned>, u32) {
    let mut prev = None;
    let mut depth = 0u32;
    let mut first_at: Option<(Option<Spanned>, Spanned, u32)> = None;
    for t in rustpython_parser::lexer::lex(src, rustpython_parser::Mode::Module) {
        let Ok((tok, r)) = t else { break };
        if u32::from(r.start()) >= off {
            let same_kind =
                want.is_some_and(|w| std::mem::discriminant(w) == std::mem::discriminant(&tok));
            if want.is_none() || same_kind || u32::from(r.start()) > off {
                if !same_kind && u32::from(r.start()) > off {
                    if let Some((p, t0, d)) = first_at {
                        return (p, Some(t0), d);
                    }
                }
                return (prev, Some((tok, r)), depth);
            }
            if first_at.is_none() {
                first_at = Some((prev.clone(), (tok.clone(), r), depth));
            }
        }
        match tok {
            Tok::Lpar | Tok::Lsqb | Tok::Lbrace => depth += 1,
            Tok::Rpar | Tok::Rsqb | Tok::Rbrace => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = Some((tok, r));
    }
    if let Some((p, t0, d)) = first_at {
        return (p, Some(t0), d);
    }
    (prev, None, depth)
}

fn header_kind(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    let first = t
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    Some(match first {
        "if" => "'if' statement",
        "elif" => "'elif' statement",
        "else" => "'else' statement",
        "for" => "'for' statement",
        "while" => "'while' statement",
        "with" => "'with' statement",
        "def" => "function definition",
        "class" => "class definition",
        "try" => "'try' statement",
        "except" => {
            if t.starts_with("except*") || t.starts_with("except *") {
                "'except*' block"
            } else {
                "'except' statement"
            }
        }
        "finally" => "'finally' statement",
        "match" => "'match' statement",
        "case" => "'case' statement",
        "async" => {
            let rest = t[5..].trim_start();
            if rest.starts_with("def") {
                "function definition"
            } else if rest.starts_with("for") {
                "'for' statement"
            } else {
                "'with' statement"
            }
        }
        _ => return None,
    })
}

/// "expected an indented block after X on line N", located at the first token of the
/// line that should have been indented.
fn expected_indented_block(src: &SourceMap, header_line: u32, at_line: u32) -> Error {
    let header = src.line_text(header_line).unwrap_or_default();
    let msg = match header_kind(&header) {
        Some(k) => format!("expected an indented block after {k} on line {header_line}"),
        None => "expected an indented block".to_string(),
    };
    let t = src.line_text(at_line).unwrap_or_default();
    let ind = t.chars().take_while(|c| *c == ' ' || *c == '\t').count() as u32;
    let word = t
        .chars()
        .skip(ind as usize)
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .count()
        .max(1) as u32;
    Error::new(
        SyntaxErrorKind::IndentationError,
        msg,
        Pos::Explicit {
            lineno: at_line,
            offset: ind + 1,
            end_lineno: at_line,
            end_offset: ind + 1 + word,
        },
    )
}

/// The nearest line before 1-based `lineno` that holds code, with its number.
fn prev_code_line(src: &SourceMap, lineno: u32) -> Option<(u32, String)> {
    let mut i = lineno;
    while i > 1 {
        i -= 1;
        let t = src.line_text(i)?;
        let s = t.trim();
        if !s.is_empty() && !s.starts_with('#') {
            return Some((i, t));
        }
    }
    None
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Translates a rustpython-parser error into CPython's wording and position.
pub(crate) fn map_parse_error(e: &ParseError, src: &SourceMap) -> Error {
    use SyntaxErrorKind as K;
    let off = u32::from(e.offset);
    let text = src.text;
    match &e.error {
        ParseErrorType::Lexical(LexicalErrorType::OtherError(m))
            if m.contains("ParseBigIntError") || m.contains("ParseFloatError") =>
        {
            tokenizer_error(src, None)
                .unwrap_or_else(|| Error::parser(K::SyntaxError, "invalid syntax", off, off + 1))
        }
        ParseErrorType::Lexical(le) => map_lexical(le, off, src),
        ParseErrorType::Eof => {
            if let Some((start, triple)) = unterminated_string(text) {
                return unterminated(src, start, triple);
            }
            if let Some((msg, at)) = bracket_problem(text) {
                return bracket_error(msg, at);
            }
            // An unfinished block header at end of input.
            let last = src.line_col(text.len() as u32).0 + 1;
            if let Some((hl, h)) = prev_code_line(src, last + 1) {
                if h.trim_end().ends_with(':') && header_kind(&h).is_some() {
                    let mut e = expected_indented_block(src, hl, hl + 1);
                    // At end of input CPython points just past the last line.
                    e.pos = Pos::Explicit {
                        lineno: hl + 1,
                        offset: 0,
                        end_lineno: hl + 1,
                        end_offset: 0,
                    };
                    return e;
                }
            }
            map_unexpected_token(off, src, None)
        }
        ParseErrorType::UnrecognizedToken(tok, _) | ParseErrorType::ExtraToken(tok) => {
            map_unexpected_token(off, src, Some(tok))
        }
        ParseErrorType::InvalidToken => map_unexpected_token(off, src, None),
    }
}

fn bracket_error(msg: String, at: u32) -> Error {
    // CPython shows the line without its newline unless it is the last line.
    let last_line_rule = msg.ends_with("never closed");
    let _ = last_line_rule;
    let end = if msg.ends_with("never closed") {
        u32::MAX
    } else {
        at
    };
    let mut e = Error::parser(SyntaxErrorKind::SyntaxError, msg, at, at);
    if end == u32::MAX {
        // CPython reports end_offset -1 (+1 = 0) for unclosed brackets.
        e.pos = Pos::CharAt { start: at, end: at };
        e.raw_text = false;
        return Error {
            pos: e.pos.clone(),
            ..e
        }
        .with_end_zero();
    }
    e.raw()
}

impl Error {
    /// Marks the end offset as CPython's `-1` (reported as 0 here; `end_offset` is unsigned).
    fn with_end_zero(self) -> Error {
        let Pos::CharAt { start, .. } = self.pos else {
            return self;
        };
        Error {
            pos: Pos::CharAtNoEnd { start },
            ..self
        }
    }
}

fn unterminated(src: &SourceMap, start: u32, triple: bool) -> Error {
    let detected = if triple {
        src.line_col(src.text.len() as u32).0 + 1
    } else {
        src.line_col(start).0 + 1
    };
    let msg = if triple {
        format!("unterminated triple-quoted string literal (detected at line {detected})")
    } else {
        format!("unterminated string literal (detected at line {detected})")
    };
    Error::parser(SyntaxErrorKind::SyntaxError, msg, start, start).raw()
}

/// Errors CPython's tokenizer would report anywhere in the source; they take priority over
/// grammar errors (as `_PyPegen_tokenize_full_source_to_check_for_errors`). The first one in
/// source order wins.
fn tokenizer_error(src: &SourceMap, err_off: Option<u32>) -> Option<Error> {
    let text = src.text;
    let mut best: Option<(u32, Error)> = None;
    let mut consider = |at: u32, e: Error| {
        if best.as_ref().is_none_or(|(b, _)| at < *b) {
            best = Some((at, e));
        }
    };
    if let Some((start, triple)) = unterminated_string(text) {
        consider(start, unterminated(src, start, triple));
    }
    if let Some((msg, at)) = bracket_problem(text) {
        // An unclosed bracket is reported when the parser fails on a later line (pegen
        // reaches the end of input); otherwise the grammar error stands.
        if msg.ends_with("never closed") {
            if err_off.is_none_or(|o| src.line_col(o).0 > src.line_col(at).0) {
                consider(text.len() as u32, bracket_error(msg, at));
            }
        } else {
            consider(at, bracket_error(msg, at));
        }
    }
    if let Some((at, e)) = number_error(text) {
        consider(at, e);
    }
    best.map(|(_, e)| e)
}

/// Validates number literals as CPython's tokenizer does (leading zeros, underscores,
/// empty prefixed literals, letters glued to numbers).
fn number_error(text: &str) -> Option<(u32, Error)> {
    use SyntaxErrorKind as K;
    let b = text.as_bytes();
    let mut i = 0usize;
    let is_id = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
    while i < b.len() {
        let c = b[i];
        if c == b'#' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'\'' || c == b'"' {
            i = skip_string(b, i).unwrap_or(b.len());
            continue;
        }
        if is_id(c) && !c.is_ascii_digit() {
            // identifier (may be a string prefix: handled when the quote is reached)
            while i < b.len() && is_id(b[i]) {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let start = i;
            let err = |msg: &str, at: usize| {
                Some((
                    start as u32,
                    Error::parser(K::SyntaxError, msg, at as u32, at as u32).raw(),
                ))
            };
            if c == b'0' && matches!(b.get(i + 1), Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B')) {
                let kind = b[i + 1].to_ascii_lowercase();
                let (name, ok): (&str, fn(u8) -> bool) = match kind {
                    b'x' => ("hexadecimal", |d: u8| d.is_ascii_hexdigit()),
                    b'o' => ("octal", |d: u8| (b'0'..=b'7').contains(&d)),
                    _ => ("binary", |d: u8| d == b'0' || d == b'1'),
                };
                let mut j = i + 2;
                let mut digits = 0;
                loop {
                    if j < b.len() && b[j] == b'_' {
                        j += 1;
                    }
                    if j < b.len() && ok(b[j]) {
                        while j < b.len() && ok(b[j]) {
                            j += 1;
                            digits += 1;
                        }
                        if j < b.len() && b[j] == b'_' {
                            continue;
                        }
                    }
                    break;
                }
                if j < b.len() && b[j].is_ascii_digit() && kind != b'x' {
                    return err(
                        &format!("invalid digit '{}' in {name} literal", b[j] as char),
                        j,
                    );
                }
                if digits == 0
                    || b.get(j - 1) == Some(&b'_')
                    || (j < b.len() && (b[j].is_ascii_digit() || b[j] == b'_'))
                {
                    return err(
                        &format!("invalid {name} literal"),
                        if digits == 0 { i + 1 } else { j.min(b.len()) },
                    );
                }
                if j < b.len() && is_id(b[j]) {
                    return err(&format!("invalid {name} literal"), j);
                }
                i = j;
                continue;
            }
            // decimal / float
            let mut j = i;
            let mut prev_us = false;
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'_') {
                if b[j] == b'_' {
                    if prev_us || !b.get(j + 1).is_some_and(|d| d.is_ascii_digit()) {
                        return err("invalid decimal literal", j);
                    }
                    prev_us = true;
                } else {
                    prev_us = false;
                }
                j += 1;
            }
            let int_part = &text[i..j];
            let mut is_float = false;
            if j < b.len() && b[j] == b'.' {
                is_float = true;
                j += 1;
                while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'_') {
                    j += 1;
                }
            }
            if j < b.len() && (b[j] == b'e' || b[j] == b'E') {
                let mut k = j + 1;
                if k < b.len() && (b[k] == b'+' || b[k] == b'-') {
                    k += 1;
                }
                if k < b.len() && b[k].is_ascii_digit() {
                    is_float = true;
                    j = k;
                    while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'_') {
                        j += 1;
                    }
                } else {
                    return err("invalid decimal literal", i);
                }
            }
            if j < b.len() && (b[j] == b'j' || b[j] == b'J') {
                j += 1;
                is_float = true;
            }
            if !is_float
                && int_part.len() > 1
                && int_part.starts_with('0')
                && int_part.bytes().any(|d| d != b'0' && d != b'_')
            {
                return Some((start as u32, Error::parser(
                    K::SyntaxError,
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    start as u32,
                    start as u32 + 1,
                ).raw()));
            }
            if j < b.len()
                && is_id(b[j])
                && !(text[j..].starts_with("if")
                    || text[j..].starts_with("else")
                    || text[j..].starts_with("and")
                    || text[j..].starts_with("or")
                    || text[j..].starts_with("in")
                    || text[j..].starts_with("is")
                    || text[j..].starts_with("not")
                    || text[j..].starts_with("for"))
            {
                return err("invalid decimal literal", i);
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    None
}

/// The lexer token whose range contains byte offset `off`.
fn token_containing(src: &str, off: u32) -> Option<TextRange> {
    for t in rustpython_parser::lexer::lex(src, rustpython_parser::Mode::Module) {
        let Ok((_, r)) = t else { break };
        if u32::from(r.start()) <= off && off < u32::from(r.end()) {
            return Some(r);
        }
        if u32::from(r.start()) > off {
            break;
        }
    }
    None
}

fn map_unexpected_token(off: u32, src: &SourceMap, want: Option<&Tok>) -> Error {
    use SyntaxErrorKind as K;
    let text = src.text;
    if let Some(e) = tokenizer_error(src, Some(off)) {
        return e;
    }
    let (prev, at, depth) = tokens_around_matching(text, off, want);
    let (tok, range) = match at {
        Some(x) => x,
        None => return Error::parser(K::SyntaxError, "invalid syntax", off, off + 1),
    };
    let start = u32::from(range.start());
    let end = u32::from(range.end());
    let lineno = src.line_col(start).0 + 1;
    match tok {
        Tok::Indent => {
            // A block header right before: the indent is fine, something else is wrong.
            let t = src.line_text(lineno).unwrap_or_default();
            let ind = t.chars().take_while(|c| *c == ' ' || *c == '\t').count() as u32;
            return Error::new(
                K::IndentationError,
                "unexpected indent",
                Pos::Explicit {
                    lineno,
                    offset: ind,
                    end_lineno: lineno,
                    end_offset: 0,
                },
            );
        }
        Tok::Dedent => {
            if let Some((hl, h)) = prev_code_line(src, lineno + 1) {
                if h.trim_end().ends_with(':') && header_kind(&h).is_some() {
                    let mut e = expected_indented_block(src, hl, hl + 1);
                    e.pos = Pos::Explicit {
                        lineno: hl + 1,
                        offset: 1,
                        end_lineno: hl + 1,
                        end_offset: 0,
                    };
                    return e;
                }
            }
            return Error::new(
                K::IndentationError,
                "unexpected unindent",
                Pos::CharAt { start, end: start },
            );
        }
        _ => {}
    }
    // The statement after a block header is not indented.
    if let Some((hl, h)) = prev_code_line(src, lineno) {
        let line = src.line_text(lineno).unwrap_or_default();
        let line_start = start - src.line_col(start).1;
        if h.trim_end().ends_with(':')
            && header_kind(&h).is_some()
            && indent_of(&line) <= indent_of(&h)
            && start == line_start + indent_of(&line) as u32
            && depth == 0
        {
            return expected_indented_block(src, hl, lineno);
        }
    }
    let line_text = src.line_text(lineno).unwrap_or_default();
    let first_word = line_text
        .trim_start()
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    if matches!(tok, Tok::Newline) && depth == 0 {
        let words = line_text.split_whitespace().count();
        let complete = match first_word {
            "class" | "def" | "if" | "elif" | "while" | "for" | "with" => words >= 2,
            "async" => words >= 3,
            _ => true,
        };
        if header_kind(&line_text).is_some()
            && complete
            && !matches!(first_word, "match" | "case")
            && !line_text.trim_end().ends_with(':')
        {
            return Error::parser(K::SyntaxError, "expected ':'", start, start);
        }
    }
    // try: without except/finally
    if matches!(
        tok,
        Tok::Dedent | Tok::EndOfFile | Tok::Name { .. } | Tok::Newline
    ) && !matches!(first_word, "except" | "finally")
    {
        let at_end = matches!(tok, Tok::EndOfFile | Tok::Dedent | Tok::Newline)
            && text
                .get(start as usize..)
                .is_some_and(|r| r.trim().is_empty());
        let line_no = if at_end { src.num_lines() + 1 } else { lineno };
        let cur_ind = if at_end { 0 } else { indent_of(&line_text) };
        let mut l = line_no;
        let mut last_code: Option<(u32, String)> = None;
        while let Some((pl, pt)) = prev_code_line(src, l) {
            if last_code.is_none() {
                last_code = Some((pl, pt.clone()));
            }
            let ind = indent_of(&pt);
            if ind < cur_ind {
                break;
            }
            if ind == cur_ind {
                if pt.trim() == "try:" {
                    if let Some((ll, lt)) = last_code {
                        let n = lt.trim_end_matches('\n').chars().count() as u32;
                        return Error::new(
                            K::SyntaxError,
                            "expected 'except' or 'finally' block",
                            Pos::Explicit {
                                lineno: ll,
                                offset: n + 1,
                                end_lineno: ll,
                                end_offset: 0,
                            },
                        );
                    }
                }
                break;
            }
            l = pl;
        }
    }
    {
        let line_start = start - src.line_col(start).1;
        let before = text
            .get(line_start as usize..start as usize)
            .unwrap_or("")
            .trim_end();
        let in_params = before.trim_start().starts_with("def ")
            || before.trim_start().starts_with("async def ")
            || before.contains("lambda");
        if in_params && before.ends_with(',') {
            let b2 = before[..before.len() - 1].trim_end();
            let word_start = b2
                .trim_end_matches(|c: char| c.is_alphanumeric() || c == '_')
                .len();
            if b2[..word_start].ends_with("**") {
                return Error::parser(
                    K::SyntaxError,
                    "arguments cannot follow var-keyword argument",
                    start,
                    end,
                );
            }
            if matches!(tok, Tok::Star) {
                let params = before.split_once('(').map_or(before, |x| x.1);
                let stars = params
                    .split(',')
                    .filter(|p| {
                        let p = p.trim();
                        p.starts_with('*') && !p.starts_with("**")
                    })
                    .count();
                if stars > 0 {
                    return Error::parser(
                        K::SyntaxError,
                        "* argument may appear only once",
                        start,
                        end,
                    );
                }
            }
        }
        // else if x:
        if matches!(tok, Tok::If) && before.trim_start() == "else" {
            return Error::parser(K::SyntaxError, "expected ':'", start, end);
        }
        // except A, B:
        if matches!(tok, Tok::Comma) && depth == 0 && before.trim_start().starts_with("except") {
            let t = line_text.trim_start();
            let ind = (line_text.len() - t.len()) as u32;
            let types_start = line_start + ind + "except".len() as u32;
            let rest = text.get(types_start as usize..).unwrap_or("");
            let lead = (rest.len() - rest.trim_start().len()) as u32;
            let colon = rest.find(':').map_or(rest.trim_end().len(), |c| c);
            let mut types_end = types_start + rest[..colon].trim_end().len() as u32;
            if let Some(p) = rest[..colon].find(" as ") {
                types_end = types_start + rest[..p].trim_end().len() as u32;
            }
            return Error::parser(
                K::SyntaxError,
                "multiple exception types must be parenthesized",
                types_start + lead,
                types_end,
            );
        }
    }
    if first_word == "yield" {
        let t = line_text.trim_start();
        let ind = (line_text.len() - t.len()) as u32;
        let line_start = start - src.line_col(start).1;
        if let Some(eq) = t.find('=') {
            if !t[eq..].starts_with("==") {
                let expr_end = ind + t[..eq].trim_end().len() as u32;
                return Error::parser(
                    K::SyntaxError,
                    "assignment to yield expression not possible",
                    line_start + ind,
                    line_start + expr_end,
                );
            }
        }
    }
    // print "x" / exec "x"
    if let Some((Tok::Name { name }, pr)) = &prev {
        if (name == "print" || name == "exec") && depth == 0 {
            let ps = u32::from(pr.start());
            let line_start = ps - src.line_col(ps).1;
            let before = text.get(line_start as usize..ps as usize).unwrap_or("");
            if before.trim().is_empty() {
                let line = src.line_text(lineno).unwrap_or_default();
                let line_end = line_start + line.trim_end().len() as u32;
                let msg =
                    format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?");
                return Error::parser(K::SyntaxError, msg, ps, line_end);
            }
        }
    }
    match &tok {
        Tok::Rpar | Tok::Rsqb | Tok::Rbrace | Tok::Newline | Tok::EndOfFile => {
            if let Some((msg, at)) = bracket_problem(text) {
                return bracket_error(msg, at);
            }
        }
        Tok::Name { .. } | Tok::Int { .. } | Tok::Float { .. } => {
            // A number glued to a name: 1abc.
            if let Some((Tok::Int { .. } | Tok::Float { .. }, pr)) = &prev {
                if pr.end() == range.start() {
                    let ps = u32::from(pr.start());
                    return Error::parser(K::SyntaxError, "invalid decimal literal", ps, ps).raw();
                }
            }
        }
        _ => {}
    }
    // Two expressions side by side inside brackets: "Perhaps you forgot a comma?"
    let is_atom_start = |t: &Tok| {
        matches!(
            t,
            Tok::Name { .. }
                | Tok::Int { .. }
                | Tok::Float { .. }
                | Tok::Complex { .. }
                | Tok::String { .. }
                | Tok::Lpar
                | Tok::Lsqb
                | Tok::Lbrace
        )
    };
    let is_atom_end = |t: &Tok| {
        matches!(
            t,
            Tok::Name { .. }
                | Tok::Int { .. }
                | Tok::Float { .. }
                | Tok::Complex { .. }
                | Tok::String { .. }
                | Tok::Rpar
                | Tok::Rsqb
                | Tok::Rbrace
        )
    };
    if depth > 0 && is_atom_start(&tok) {
        if let Some((pt, pr)) = &prev {
            if is_atom_end(pt) && !matches!(pt, Tok::Name { name } if is_keyword(name)) {
                let ps = if matches!(pt, Tok::String { .. }) {
                    string_run_start(text, u32::from(pr.start()))
                } else {
                    expr_start(text, u32::from(pr.start()))
                };
                return Error::parser(
                    K::SyntaxError,
                    "invalid syntax. Perhaps you forgot a comma?",
                    ps,
                    end,
                );
            }
        }
    }
    // [x, y for x, y in z]
    if matches!(tok, Tok::For) && depth > 0 {
        if let Some(open) = innermost_open_bracket(text, start) {
            let inner = text.get(open as usize + 1..start as usize).unwrap_or("");
            if inner.contains(',')
                && matches!(text.as_bytes().get(open as usize), Some(b'[' | b'{' | b'('))
            {
                let lead = (inner.len() - inner.trim_start().len()) as u32;
                let s0 = open + 1 + lead;
                let e0 = open + 1 + inner.trim_end().len() as u32;
                return Error::parser(
                    K::SyntaxError,
                    "did you forget parentheses around the comprehension target?",
                    s0,
                    e0,
                );
            }
        }
    }
    // def f() -> :
    if matches!(tok, Tok::Colon) {
        if let Some((Tok::Rarrow, pr)) = &prev {
            return Error::parser(
                K::SyntaxError,
                "expected ':'",
                u32::from(pr.start()),
                u32::from(pr.end()),
            );
        }
    }
    // if x = 1:
    if matches!(tok, Tok::Equal) {
        let line = src.line_text(lineno).unwrap_or_default();
        let first = line
            .trim_start()
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        if matches!(first, "if" | "elif" | "while") {
            if let Some((Tok::Name { .. }, pr)) = &prev {
                let ps = u32::from(pr.start());
                let line_start = start - src.line_col(start).1;
                let rest = text.get(end as usize..).unwrap_or("");
                let stop = rest.find([':', '\n']).unwrap_or(rest.len());
                let ve = end + rest[..stop].trim_end().len() as u32;
                let _ = line_start;
                return Error::parser(
                    K::SyntaxError,
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                    ps,
                    ve,
                );
            }
        }
    }
    // a = 1 if 2   (conditional without else)
    if matches!(
        tok,
        Tok::Newline
            | Tok::EndOfFile
            | Tok::Rpar
            | Tok::Rsqb
            | Tok::Rbrace
            | Tok::Comma
            | Tok::Colon
    ) {
        let line_start = start - src.line_col(start).1;
        let line = text.get(line_start as usize..start as usize).unwrap_or("");
        if let Some(p) = find_word(line, "if") {
            if find_word(&line[p..], "else").is_none()
                && !line.trim_start().starts_with("if")
                && !line.trim_start().starts_with("elif")
            {
                // The conditional starts at its body expression.
                let body_end = line_start + line[..p].trim_end().len() as u32;
                let body_start = expr_start(text, body_end.saturating_sub(1));
                return Error::parser(
                    K::SyntaxError,
                    "expected 'else' after 'if' expression",
                    body_start,
                    start,
                );
            }
        }
    }
    if matches!(tok, Tok::Newline) {
        return Error::parser(K::SyntaxError, "invalid syntax", start, start);
    }
    Error::parser(K::SyntaxError, "invalid syntax", start, end.max(start + 1))
}

/// Start of the run of adjacent string literals ending with the one starting at `at`.
fn string_run_start(text: &str, at: u32) -> u32 {
    // Tokens up to and including the one at `at`.
    let mut toks: Vec<(bool, u32, u32)> = Vec::new();
    for t in rustpython_parser::lexer::lex(text, rustpython_parser::Mode::Module) {
        let Ok((tok, r)) = t else { break };
        let (s, e) = (u32::from(r.start()), u32::from(r.end()));
        if s > at {
            break;
        }
        toks.push((matches!(tok, Tok::String { .. }), s, e));
    }
    let mut start = at;
    for k in (0..toks.len().saturating_sub(1)).rev() {
        let (is_str, s, e) = toks[k];
        let gap = text.get(e as usize..start as usize).unwrap_or("x");
        if is_str && gap.trim().is_empty() {
            start = s;
        } else {
            break;
        }
    }
    start
}

/// Offset of the innermost unclosed bracket before `at` (strings and comments skipped).
fn innermost_open_bracket(text: &str, at: u32) -> Option<u32> {
    let b = text.as_bytes();
    let mut stack = Vec::new();
    let mut i = 0usize;
    while i < (at as usize).min(b.len()) {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                i = skip_string(b, i).unwrap_or(b.len());
                continue;
            }
            b'(' | b'[' | b'{' => stack.push(i as u32),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    stack.pop()
}

fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

fn find_word(hay: &str, w: &str) -> Option<usize> {
    let b = hay.as_bytes();
    let mut from = 0;
    while let Some(p) = hay[from..].find(w) {
        let i = from + p;
        let before_ok = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        let after = i + w.len();
        let after_ok = after >= b.len() || !(b[after].is_ascii_alphanumeric() || b[after] == b'_');
        if before_ok && after_ok {
            return Some(i);
        }
        from = i + w.len();
    }
    None
}

/// Start of the simple expression (name, number, dotted name) that contains offset `at`.
fn expr_start(text: &str, at: u32) -> u32 {
    let b = text.as_bytes();
    let mut i = (at as usize).min(b.len());
    while i > 0 {
        let c = b[i - 1];
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c >= 0x80 {
            i -= 1;
        } else {
            break;
        }
    }
    i as u32
}

fn map_lexical(le: &LexicalErrorType, off: u32, src: &SourceMap) -> Error {
    use SyntaxErrorKind as K;
    let text = src.text;
    if let LexicalErrorType::OtherError(m) = le {
        if let Some((at, e)) = number_error(text) {
            if at <= off {
                return e;
            }
        }
        if m.contains("EOL") || m.contains("unterminated") || m.contains("EOF") {
            if let Some(e) = tokenizer_error(src, None) {
                return e;
            }
        }
    }
    match le {
        LexicalErrorType::IndentationError
            if text.get(off as usize..).is_some_and(|r| r.trim().is_empty()) =>
        {
            // A block header at the very end of the input.
            let last = src.line_col(text.trim_end().len() as u32).0 + 1;
            match src.line_text(last) {
                Some(h) if h.trim_end().ends_with(':') && header_kind(&h).is_some() => {
                    let mut e = expected_indented_block(src, last, last);
                    let n = h.trim_end_matches('\n').chars().count() as u32;
                    e.pos = Pos::Explicit { lineno: last, offset: n + 1, end_lineno: last, end_offset: 0 };
                    e
                }
                _ => Error::parser(K::SyntaxError, "unexpected EOF while parsing", off, off),
            }
        }
        LexicalErrorType::IndentationError | LexicalErrorType::TabError | LexicalErrorType::TabsAfterSpaces => {
            let (l, _) = src.line_col(off);
            // The lexer may report the offset on the next line's start; find the bad line.
            let mut lineno = l + 1;
            if src.line_text(lineno).is_none_or(|t| t.trim().is_empty()) && lineno > 1 {
                lineno -= 1;
            }
            let t = src.line_text(lineno).unwrap_or_default();
            let n = t.trim_end_matches('\n').chars().count() as u32;
            let (kind, msg) = match le {
                LexicalErrorType::IndentationError => {
                    (K::IndentationError, "unindent does not match any outer indentation level")
                }
                _ => (K::TabError, "inconsistent use of tabs and spaces in indentation"),
            };
            let offset = if kind == K::TabError { 1 } else { n + 1 };
            Error::new(kind, msg, Pos::Explicit { lineno, offset, end_lineno: lineno, end_offset: 0 })
        }
        LexicalErrorType::StringError | LexicalErrorType::Eof | LexicalErrorType::UnicodeError
            if unterminated_string(text).is_some() =>
        {
            let (start, triple) = unterminated_string(text).unwrap_or((off, false));
            unterminated(src, start, triple)
        }
        LexicalErrorType::Eof | LexicalErrorType::StringError => {
            if let Some((msg, at)) = bracket_problem(text) {
                return bracket_error(msg, at);
            }
            Error::parser(K::SyntaxError, "unexpected EOF while parsing", off, off)
        }
        LexicalErrorType::NestingError => match bracket_problem(text) {
            Some((msg, at)) => bracket_error(msg, at),
            None => Error::parser(K::SyntaxError, "too many nested parentheses", off, off),
        },
        LexicalErrorType::UnrecognizedToken { tok } => {
            // The lexer reports the offset just past the character.
            let cl = tok.len_utf8() as u32;
            let at = if text.get(off.saturating_sub(cl) as usize..off as usize).is_some_and(|s| s.starts_with(*tok)) {
                off - cl
            } else {
                off
            };
            if *tok == '$' || *tok == '?' || *tok == '`' || *tok == '!' {
                Error::parser(K::SyntaxError, "invalid syntax", at, at + cl)
            } else if !tok.is_ascii() {
                let msg = if tok.is_alphanumeric() || *tok == '_' {
                    format!("invalid character '{tok}' (U+{:04X})", *tok as u32)
                } else if tok.is_whitespace() {
                    format!("invalid non-printable character U+{:04X}", *tok as u32)
                } else {
                    format!("invalid character '{tok}' (U+{:04X})", *tok as u32)
                };
                Error::parser(K::SyntaxError, msg, at, at).raw()
            } else {
                Error::parser(K::SyntaxError, "invalid syntax", at, at + cl)
            }
        }
        LexicalErrorType::LineContinuationError => Error::parser(
            K::SyntaxError,
            "unexpected character after line continuation character",
            off,
            off + 1,
        )
        .raw(),
        LexicalErrorType::DefaultArgumentError => {
            // CPython points at the parameter without a default.
            let (_, at, _) = tokens_around(text, off);
            let (s, e) = at.map(|(_, r)| (u32::from(r.start()), u32::from(r.end()))).unwrap_or((off, off + 1));
            Error::parser(K::SyntaxError, "non-default argument follows default argument", s, e)
        }
        LexicalErrorType::DuplicateArgumentError(name) => {
            let (_, at, _) = tokens_around(text, off);
            let (s, e) = at.map(|(_, r)| (u32::from(r.start()), u32::from(r.end()))).unwrap_or((off, off + 1));
            let mut err = Error::syntax(format!("duplicate argument '{name}' in function definition"), TextRange::new(s.into(), e.into()));
            err.compiler_phase = true;
            err
        }
        LexicalErrorType::PositionalArgumentError => {
            // CPython points at the token after the offending argument.
            let (_, at, _) = tokens_around(text, off);
            let after = at.and_then(|(_, r)| tokens_around(text, u32::from(r.end())).1);
            let (s, e) = after.map(|(_, r)| (u32::from(r.start()), u32::from(r.end()))).unwrap_or((off, off + 1));
            Error::parser(K::SyntaxError, "positional argument follows keyword argument", s, e)
        }
        LexicalErrorType::UnpackedArgumentError => {
            let (_, at, _) = tokens_around(text, off);
            let (s, e) = at.map(|(_, r)| (u32::from(r.start()), u32::from(r.end()))).unwrap_or((off, off + 1));
            Error::parser(K::SyntaxError, "iterable argument unpacking follows keyword argument unpacking", s, e)
        }
        LexicalErrorType::DuplicateKeywordArgumentError(name) => {
            // A compiler error in CPython, covering the whole `name=value` keyword.
            let b = text.as_bytes();
            let mut i = off as usize;
            let mut d = 0i32;
            while i < b.len() {
                match b[i] {
                    b'(' | b'[' | b'{' => d += 1,
                    b')' | b']' | b'}' if d == 0 => break,
                    b')' | b']' | b'}' => d -= 1,
                    b',' if d == 0 => break,
                    _ => {}
                }
                i += 1;
            }
            let e = off + text.get(off as usize..i).map_or(0, |s| s.trim_end().len() as u32);
            Error::syntax(format!("keyword argument repeated: {name}"), TextRange::new(off.into(), e.into()))
        }
        LexicalErrorType::FStringError(fe) => {
            let msg = match fe {
                FStringErrorType::UnclosedLbrace => "f-string: expecting '}'".to_string(),
                FStringErrorType::SingleRbrace | FStringErrorType::UnopenedRbrace => {
                    "f-string: single '}' is not allowed".to_string()
                }
                FStringErrorType::EmptyExpression => "f-string: empty expression not allowed".to_string(),
                FStringErrorType::InvalidConversionFlag => {
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'".to_string()
                }
                FStringErrorType::ExpressionCannotInclude(c) => {
                    if *c == '\\' {
                        "f-string expression part cannot include a backslash".to_string()
                    } else if *c == '#' {
                        "f-string expression part cannot include '#'".to_string()
                    } else {
                        format!("f-string expression part cannot include '{c}'")
                    }
                }
                FStringErrorType::ExpressionNestedTooDeeply => "f-string: expressions nested too deeply".to_string(),
                FStringErrorType::Unmatched(c) => format!("f-string: unmatched '{c}'"),
                FStringErrorType::MismatchedDelimiter(a, b) => {
                    format!("f-string: closing parenthesis '{b}' does not match opening parenthesis '{a}'")
                }
                FStringErrorType::UnterminatedString => "f-string: unterminated string".to_string(),
                FStringErrorType::ExpectedRbrace => "f-string: expecting '}'".to_string(),
                FStringErrorType::InvalidExpression(_) => "f-string: invalid syntax".to_string(),
            };
            // CPython points just past the f-string literal.
            let end = token_containing(text, off).map_or(off, |r| u32::from(r.end()));
            let width = u32::from(matches!(fe, FStringErrorType::InvalidConversionFlag));
            Error::parser(K::SyntaxError, msg, end, end + width)
        }
        LexicalErrorType::UnicodeError => Error::parser(
            K::SyntaxError,
            "(unicode error) 'unicodeescape' codec can't decode bytes: malformed \\N character escape",
            off,
            off + 1,
        ),
        LexicalErrorType::OtherError(m) => {
            let msg = if m.contains("Invalid Token") || m.contains("invalid") {
                // Leading zeros and friends.
                let rest = text.get(off as usize..).unwrap_or("");
                if rest.starts_with('0') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers".to_string()
                } else {
                    "invalid syntax".to_string()
                }
            } else {
                m.clone()
            };
            Error::parser(K::SyntaxError, msg, off, off + 1)
        }
    }
}

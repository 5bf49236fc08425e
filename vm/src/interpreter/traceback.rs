//! Tracebacks: the `traceback` objects the unwinder chains onto a raised exception, their
//! Python attributes, and the printing of an uncaught exception exactly as CPython 3.11's
//! `PyErr_Display` does (pythonrun.c and traceback.c: source lines, the 3.11 caret lines,
//! chained exceptions, exception groups, notes, SyntaxError details, "Did you mean"
//! suggestions and the compaction of repeated lines).
//!
//! A traceback entry is created while its frame is still alive, so it records everything
//! printing needs later (positions, globals and builtins for NameError suggestions): the
//! frame itself is gone by the time an uncaught exception is printed.
//!
//! Printing builds the whole report as a Rust string and hands it to `sys.stderr` in one
//! write, after flushing the buffered stdout. It never raises: errors from user `__str__`
//! methods and the like are cleared and replaced by CPython's fallback texts.

use std::collections::HashMap;

use ember_gc::Value;
use rustpython_parser::ast::{self, Ranged};

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::exceptions::{self, CAUSE, CONTEXT, SUPPRESS_CONTEXT, TRACEBACK};
use crate::objects::native::Args;
use crate::objects::{code, dict, int, list, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::{Handle, Thread};

// Traceback object slots.
pub const TB_NEXT: usize = 0;
pub const TB_CODE: usize = 1;
pub const TB_LASTI: usize = 2;
pub const TB_LINENO: usize = 3;
/// The frame's globals and builtins (for NameError suggestions after the frame is gone).
pub const TB_GLOBALS: usize = 4;
pub const TB_BUILTINS: usize = 5;
/// The rest of the instruction's position (the caret line).
pub const TB_END_LINENO: usize = 6;
pub const TB_COL: usize = 7;
pub const TB_END_COL: usize = 8;
const TB_SLOTS: usize = 9;

/// Whether `v` is a traceback object.
pub fn is_traceback(t: &Thread, v: Value) -> bool {
    v.is_heap() && t.heap.layout_id(v) == BuiltinType::Traceback.layout()
}

/// Prepends a traceback entry for frame `fi` (at its `lasti`) to the raised exception's
/// `__traceback__` (CPython's PyTraceBack_Here). The unwinder does not call it for
/// re-raises (RERAISE, bare `raise`), which keep the entries they already have.
pub fn add_entry(t: &mut Thread, fi: usize) {
    let exc = t.exception;
    if !exceptions::is_exception(t, exc) || fi >= t.frames.len() {
        return;
    }
    let (lasti, code_obj, globals, builtins, loc) = {
        let f = &t.frames[fi];
        let cd = f.code();
        let l = cd.location(f.lasti as u32);
        let loc = if l.line == 0 {
            // An artificial instruction reports the closest preceding line, without carets.
            let line = cd
                .linetable
                .iter()
                .take_while(|e| e.start <= f.lasti as u32)
                .filter(|e| e.loc.line != 0)
                .last()
                .map_or(cd.firstlineno, |e| e.loc.line) as i64;
            [line, line, -1, -1]
        } else {
            [
                l.line as i64,
                l.end_line as i64,
                l.col as i64,
                l.end_col as i64,
            ]
        };
        (f.lasti, f.code_obj, f.globals, f.builtins, loc)
    };
    let head = t.heap.slot(exc, TRACEBACK);
    let hexc = t.root(exc);
    let tb = t.new_object(
        BuiltinType::Traceback.layout(),
        &[
            head,
            code_obj,
            Value::small_int(lasti as i64),
            Value::small_int(loc[0]),
            globals,
            builtins,
            Value::small_int(loc[1]),
            Value::small_int(loc[2]),
            Value::small_int(loc[3]),
        ],
    );
    // If the entry cannot be allocated the original exception keeps propagating, without
    // this entry.
    let exc = t.get(hexc);
    t.exception = exc;
    if let Ok(tb) = tb {
        t.heap.set_slot(exc, TRACEBACK, tb);
    }
}

// ----- Python attributes of traceback objects -----

fn tb_self(t: &mut Thread, a: &Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    if !is_traceback(t, v) || t.heap.count(v) < TB_SLOTS {
        let msg = format!(
            "descriptor for 'traceback' objects doesn't apply to a '{}' object",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    Ok(v)
}

fn tb_next_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let tb = tb_self(t, &a)?;
    Ok(t.heap.slot(tb, TB_NEXT))
}

fn tb_next_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    let tb = tb_self(t, &a)?;
    let new = a.get(t, 1);
    if !new.is_none() && !is_traceback(t, new) {
        let msg = format!(
            "expected traceback object, got '{}'",
            type_::type_name_of(t, new)
        );
        return Err(t.type_error(&msg));
    }
    let mut cur = new;
    while is_traceback(t, cur) {
        if cur == tb {
            return Err(t.value_error("traceback loop detected"));
        }
        cur = t.heap.slot(cur, TB_NEXT);
    }
    t.heap.set_slot(tb, TB_NEXT, new);
    Ok(Value::NONE)
}

fn tb_lineno_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let tb = tb_self(t, &a)?;
    Ok(t.heap.slot(tb, TB_LINENO))
}

fn tb_lasti_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let tb = tb_self(t, &a)?;
    // CPython reports byte offsets of 2-byte code units.
    let l = t.heap.slot(tb, TB_LASTI).as_small_int();
    Ok(Value::small_int(l * 2))
}

/// `tb_frame`: a frame snapshot made from what the traceback entry recorded (code,
/// globals, builtins, line, instruction). ember keeps no frame objects alive after a frame
/// returns, so its `f_locals` is empty and `f_back` None.
fn tb_frame_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    let tb = tb_self(t, &a)?;
    let (code, globals, builtins, line, lasti) = (
        t.heap.slot(tb, TB_CODE),
        t.heap.slot(tb, TB_GLOBALS),
        t.heap.slot(tb, TB_BUILTINS),
        t.heap.slot(tb, TB_LINENO).as_small_int(),
        t.heap.slot(tb, TB_LASTI).as_small_int().max(0) as usize,
    );
    crate::objects::generator::new_frame_snapshot(
        t,
        code,
        globals,
        builtins,
        line,
        lasti,
        Value::NONE,
        Value::NONE,
    )
}

fn tb_dir(t: &mut Thread, a: Args) -> PyResult<Value> {
    tb_self(t, &a)?;
    let mut items = Vec::new();
    let mark = t.handle_mark();
    for n in ["tb_frame", "tb_next", "tb_lasti", "tb_lineno"] {
        let s = pystr::new_str(t, n)?;
        items.push(t.root(s));
    }
    let vals: Vec<Value> = items.iter().map(|h| t.get(*h)).collect();
    let l = list::new_list_from(t, &vals)?;
    t.handle_release(mark);
    Ok(l)
}

/// Adds the attributes of the `traceback` type.
pub fn init(t: &mut Thread) -> PyResult<()> {
    let ty = t.ty(BuiltinType::Traceback);
    let h = t.root(ty);
    add_getset(t, t.get(h), "tb_next", tb_next_get, Some(tb_next_set))?;
    add_getset(t, t.get(h), "tb_lineno", tb_lineno_get, None)?;
    add_getset(t, t.get(h), "tb_lasti", tb_lasti_get, None)?;
    add_getset(t, t.get(h), "tb_frame", tb_frame_get, None)?;
    crate::objects::native::add_method(t, t.get(h), "__dir__", tb_dir)?;
    Ok(())
}

// ----- printing -----

/// One traceback entry, copied out of the heap.
struct Entry {
    filename: String,
    name: String,
    lineno: i64,
    end_lineno: i64,
    col: i64,
    end_col: i64,
}

fn entries(t: &Thread, tb: Value) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut cur = tb;
    while is_traceback(t, cur) && t.heap.count(cur) >= TB_SLOTS {
        let c = t.heap.slot(cur, TB_CODE);
        let (filename, name) = if t.layout_of(c) == BuiltinType::Code.layout() {
            let f = t.heap.slot(c, code::FILENAME);
            let n = t.heap.slot(c, code::NAME);
            (str_or_empty(t, f), str_or_empty(t, n))
        } else {
            (String::new(), String::new())
        };
        let num = |i: usize| {
            let v = t.heap.slot(cur, i);
            if v.is_small_int() {
                v.as_small_int()
            } else {
                -1
            }
        };
        out.push(Entry {
            filename,
            name,
            lineno: num(TB_LINENO),
            end_lineno: num(TB_END_LINENO),
            col: num(TB_COL),
            end_col: num(TB_END_COL),
        });
        cur = t.heap.slot(cur, TB_NEXT);
    }
    out
}

fn str_or_empty(t: &Thread, v: Value) -> String {
    if pystr::is_str(t, v) {
        pystr::to_rust_string(t, v)
    } else {
        String::new()
    }
}

/// The printing state (CPython's `struct exception_print_context` plus the output).
struct Ctx {
    out: String,
    seen: Vec<Handle>,
    group_depth: usize,
    need_close: bool,
    /// Source files read so far, split into lines (None when unreadable).
    sources: HashMap<String, Option<Vec<String>>>,
}

const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;
const TB_RECURSIVE_CUTOFF: usize = 3;

impl Ctx {
    fn new() -> Ctx {
        Ctx {
            out: String::new(),
            seen: Vec::new(),
            group_depth: 0,
            need_close: false,
            sources: HashMap::new(),
        }
    }

    fn indent(&self) -> usize {
        2 * self.group_depth
    }

    fn margin(&self) -> &'static str {
        if self.group_depth > 0 {
            "| "
        } else {
            ""
        }
    }

    /// `_Py_WriteIndentedMargin(EXC_INDENT(ctx), EXC_MARGIN(ctx))`.
    fn write_margin(&mut self) {
        let (i, m) = (self.indent(), self.margin());
        self.write_indented(i, m);
    }

    fn write_indented(&mut self, indent: usize, margin: &str) {
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.out.push_str(margin);
    }

    /// The text of line `lineno` (1-based) of `filename` without its line terminator, or
    /// None when it cannot be read (`<string>`-like names are never read).
    fn source_line(&mut self, filename: &str, lineno: i64) -> Option<String> {
        if filename.starts_with('<') && filename.ends_with('>') {
            return None;
        }
        if lineno < 1 {
            return None;
        }
        let lines = self
            .sources
            .entry(filename.to_string())
            .or_insert_with(|| read_lines(filename));
        lines.as_ref()?.get(lineno as usize - 1).cloned()
    }
}

/// Reads a source file and splits it into lines with universal newlines.
fn read_lines(filename: &str) -> Option<Vec<String>> {
    let data = std::fs::read(filename).ok()?;
    let text = String::from_utf8_lossy(&data);
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => lines.push(std::mem::take(&mut cur)),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines.push(std::mem::take(&mut cur));
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    Some(lines)
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\x0c'
}

/// CPython's `_PyPegen_byte_offset_to_character_offset`.
fn byte_to_char_offset(line: &str, col: i64) -> i64 {
    let b = line.as_bytes();
    let col = (col.max(0) as usize).min(b.len() + 1);
    let prefix = &b[..col.min(b.len())];
    let extra = if col > b.len() { 1 } else { 0 };
    String::from_utf8_lossy(prefix).chars().count() as i64 + extra
}

/// CPython's `extract_anchors_from_line`: for a binary operation or a subscript, the
/// character range (relative to the line) of the operator or the subscript, and the
/// characters to use (`~` for the rest, `^` for the anchor).
fn extract_anchors(line: &str, start: i64, end: i64) -> Option<(i64, i64)> {
    let chars: Vec<char> = line.chars().collect();
    let (s, e) = (start.max(0) as usize, end.max(0) as usize);
    if s > e || e > chars.len() {
        return None;
    }
    let segment: String = chars[s..e].iter().collect();
    let parsed =
        rustpython_parser::parse(&segment, rustpython_parser::Mode::Module, "<tb>").ok()?;
    let ast::Mod::Module(m) = parsed else {
        return None;
    };
    if m.body.len() != 1 {
        return None;
    }
    let ast::Stmt::Expr(stmt) = &m.body[0] else {
        return None;
    };
    let seg = segment.as_bytes();
    let (left, right) = match stmt.value.as_ref() {
        ast::Expr::BinOp(b) => {
            let from = u32::from(b.left.range().end()) as usize;
            let to = u32::from(b.right.range().start()) as usize;
            let mut found = None;
            for i in from..to.min(seg.len()) {
                if matches!(seg[i], b' ' | b'\t' | b'\x0c') {
                    continue;
                }
                let mut r = i + 1;
                if i + 1 < to && i + 1 < seg.len() && !matches!(seg[i + 1], b' ' | b'\t' | b'\x0c')
                {
                    r += 1;
                }
                found = Some((i, r));
                break;
            }
            found?
        }
        ast::Expr::Subscript(sub) => (
            u32::from(sub.value.range().end()) as usize,
            u32::from(sub.slice.range().end()) as usize + 1,
        ),
        _ => return None,
    };
    let l = byte_to_char_offset(&segment, left as i64) + start;
    let r = byte_to_char_offset(&segment, right as i64) + start;
    Some((l, r))
}

/// CPython's `tb_displayline`.
fn display_line(ctx: &mut Ctx, e: &Entry) {
    let (indent, margin) = (ctx.indent(), ctx.margin());
    ctx.write_indented(indent, margin);
    ctx.out.push_str(&format!(
        "  File \"{}\", line {}, in {}\n",
        e.filename, e.lineno, e.name
    ));
    let Some(line) = ctx.source_line(&e.filename, e.lineno) else {
        return;
    };
    let chars: Vec<char> = line.chars().collect();
    let lead = chars.iter().take_while(|c| is_ws(**c)).count();
    ctx.write_indented(indent, margin);
    ctx.out.push_str("    ");
    ctx.out.extend(&chars[lead..]);
    ctx.out.push('\n');
    if e.lineno < 1 || e.end_lineno < 1 || e.col < 0 || e.end_col < 0 {
        return;
    }
    let start = byte_to_char_offset(&line, e.col);
    let mut end = byte_to_char_offset(&line, e.end_col);
    let mut anchors = None;
    if e.lineno == e.end_lineno {
        anchors = extract_anchors(&line, start, end);
    } else {
        // A multi-line expression is highlighted up to the last non-blank character.
        let last = chars.iter().rposition(|c| !is_ws(*c));
        end = last.map_or(0, |i| i as i64 + 1);
    }
    let stripped_len = (chars.len() - lead) as i64;
    if end - start == stripped_len && anchors.is_none() {
        return;
    }
    ctx.write_indented(indent, margin);
    let (left, right) = anchors.unwrap_or((-1, -1));
    let (primary, secondary) = if anchors.is_some() {
        ('~', '^')
    } else {
        ('^', '^')
    };
    let mut off = lead as i64 - 4;
    while {
        off += 1;
        off <= end
    } {
        let c = if off <= start {
            ' '
        } else if anchors.is_some() && left < off && off <= right {
            secondary
        } else {
            primary
        };
        ctx.out.push(c);
    }
    ctx.out.push('\n');
}

fn traceback_limit(t: &mut Thread) -> Option<i64> {
    let sys = t.globals.sys;
    if !crate::objects::module::is_module(t, sys) {
        return None;
    }
    let d = crate::objects::module::module_dict(t, sys);
    match dict::get_rust_str(t, d, "tracebacklimit") {
        Ok(Some(v)) if int::is_int(t, v) => Some(int::to_i64(t, v).unwrap_or(i64::MAX)),
        Ok(_) => None,
        Err(_) => {
            t.take_exception();
            None
        }
    }
}

/// CPython's `_PyTraceBack_Print_Indented` + `tb_printinternal`.
fn print_tb(t: &mut Thread, ctx: &mut Ctx, tb: Handle, header: &str, header_margin: &str) {
    let limit = traceback_limit(t);
    if matches!(limit, Some(l) if l <= 0) {
        return;
    }
    let all = entries(t, t.get(tb));
    let indent = ctx.indent();
    ctx.write_indented(indent, header_margin);
    ctx.out.push_str(header);
    let skip = match limit {
        Some(l) if (l as usize) < all.len() => all.len() - l as usize,
        _ => 0,
    };
    let mut last: Option<(String, i64, String)> = None;
    let mut cnt = 0usize;
    for e in &all[skip..] {
        let key = (e.filename.clone(), e.lineno, e.name.clone());
        if last.as_ref() != Some(&key) {
            if cnt > TB_RECURSIVE_CUTOFF {
                print_repeated(ctx, cnt);
            }
            last = Some(key);
            cnt = 0;
        }
        cnt += 1;
        if cnt <= TB_RECURSIVE_CUTOFF {
            display_line(ctx, e);
        }
    }
    if cnt > TB_RECURSIVE_CUTOFF {
        print_repeated(ctx, cnt);
    }
}

fn print_repeated(ctx: &mut Ctx, cnt: usize) {
    let n = cnt - TB_RECURSIVE_CUTOFF;
    if n > 1 {
        ctx.out
            .push_str(&format!("  [Previous line repeated {n} more times]\n"));
    } else {
        ctx.out
            .push_str(&format!("  [Previous line repeated {n} more time]\n"));
    }
}

/// `getattr(v, name)`, with any exception cleared (None).
fn getattr_quiet(t: &mut Thread, v: Value, name: &str) -> Option<Value> {
    match protocol::getattr_str(t, v, name) {
        Ok(x) => Some(x),
        Err(_) => {
            t.take_exception();
            None
        }
    }
}

/// `str(v)` as a Rust string, or None when it raised (cleared).
fn str_quiet(t: &mut Thread, v: Value) -> Option<String> {
    match protocol::str_string(t, v) {
        Ok(s) => Some(s),
        Err(_) => {
            t.take_exception();
            None
        }
    }
}

/// The fields of a SyntaxError that printing uses (CPython's `parse_syntax_error`).
struct SyntaxInfo {
    msg: Handle,
    filename: String,
    lineno: i64,
    offset: i64,
    end_lineno: i64,
    end_offset: i64,
    text: Option<String>,
}

fn int_attr(t: &mut Thread, v: Value) -> Option<i64> {
    if int::is_int(t, v) {
        int::to_i64(t, v)
    } else {
        None
    }
}

fn parse_syntax_error(t: &mut Thread, exc: Handle) -> Option<SyntaxInfo> {
    let msg = getattr_quiet(t, t.get(exc), "msg")?;
    let msg = t.root(msg);
    let filename = getattr_quiet(t, t.get(exc), "filename")?;
    let filename = if filename.is_none() {
        "<string>".to_string()
    } else {
        str_quiet(t, filename)?
    };
    let lineno = getattr_quiet(t, t.get(exc), "lineno")?;
    let lineno = int_attr(t, lineno)?;
    let offset = getattr_quiet(t, t.get(exc), "offset")?;
    let offset = if offset.is_none() {
        -1
    } else {
        int_attr(t, offset)?
    };
    let exact = t.type_of(t.get(exc)) == t.ty(BuiltinType::SyntaxError);
    let (end_lineno, end_offset) = if exact {
        let el = match getattr_quiet(t, t.get(exc), "end_lineno") {
            None => lineno,
            Some(v) if v.is_none() => lineno,
            Some(v) => int_attr(t, v)?,
        };
        let eo = match getattr_quiet(t, t.get(exc), "end_offset") {
            None => -1,
            Some(v) if v.is_none() => -1,
            Some(v) => int_attr(t, v)?,
        };
        (el, eo)
    } else {
        (lineno, -1)
    };
    let text = getattr_quiet(t, t.get(exc), "text")?;
    let text = if text.is_none() {
        None
    } else if pystr::is_str(t, text) {
        Some(pystr::to_rust_string(t, text))
    } else {
        return None;
    };
    Some(SyntaxInfo {
        msg,
        filename,
        lineno,
        offset,
        end_lineno,
        end_offset,
        text,
    })
}

/// CPython's `print_error_text`.
fn print_error_text(ctx: &mut Ctx, offset: i64, end_offset: i64, text: &str) {
    let caret_repetitions = if end_offset > 0 && end_offset > offset {
        (end_offset - offset) as usize
    } else {
        1
    };
    let all: Vec<char> = text.chars().collect();
    let mut offset = offset - 1;
    let mut s = 0usize;
    while s < all.len() && is_ws(all[s]) {
        s += 1;
        offset -= 1;
    }
    let mut len = (all.len() - s) as i64;
    if len > 0 && all[all.len() - 1] == '\n' {
        len -= 1;
    }
    if offset > len {
        offset = len;
    }
    while let Some(nl) = all[s..].iter().position(|c| *c == '\n') {
        let inl = nl as i64;
        if inl >= offset {
            break;
        }
        s += nl + 1;
        len -= inl + 1;
        offset -= inl + 1;
    }
    ctx.out.push_str("    ");
    ctx.out.extend(&all[s..]);
    if all.get(s + len.max(0) as usize) != Some(&'\n') {
        ctx.out.push('\n');
    }
    if offset < 0 {
        return;
    }
    ctx.out.push_str("    ");
    for _ in 0..offset {
        ctx.out.push(' ');
    }
    for _ in 0..caret_repetitions {
        ctx.out.push('^');
    }
    ctx.out.push('\n');
}

/// `type.__module__ + '.' + type.__qualname__` as the message prefix (no module for
/// builtins and `__main__`).
fn type_label(t: &mut Thread, ty: Value) -> String {
    let mut s = String::new();
    let hty = t.root(ty);
    match getattr_quiet(t, ty, "__module__") {
        Some(m) if pystr::is_str(t, m) => {
            let m = pystr::to_rust_string(t, m);
            if m != "builtins" && m != "__main__" {
                s.push_str(&m);
                s.push('.');
            }
        }
        _ => s.push_str("<unknown>."),
    }
    let ty = t.get(hty);
    let q = if type_::is_type(t, ty) {
        t.heap.slot(ty, type_::QUALNAME)
    } else {
        Value::NONE
    };
    if pystr::is_str(t, q) {
        s.push_str(&pystr::to_rust_string(t, q));
    } else {
        s.push_str("<unknown>");
    }
    s
}

/// The "Type: message" line with suggestions, and the notes (CPython's
/// `print_exception_file_and_line` + `print_exception_message` +
/// `print_exception_suggestions` + `print_exception_notes`).
fn print_message(t: &mut Thread, ctx: &mut Ctx, exc: Handle) {
    let ty = t.type_of(t.get(exc));
    let hty = t.root(ty);
    // SyntaxError: the location block, and the message replaces the exception.
    let mut value = exc;
    let has_pfl = match protocol::hasattr_str(t, t.get(exc), "print_file_and_line") {
        Ok(b) => b,
        Err(_) => {
            t.take_exception();
            false
        }
    };
    if has_pfl {
        if let Some(info) = parse_syntax_error(t, exc) {
            value = info.msg;
            ctx.write_margin();
            ctx.out.push_str(&format!(
                "  File \"{}\", line {}\n",
                info.filename, info.lineno
            ));
            if let Some(text) = &info.text {
                let line_size = text.len() as i64;
                let mut end_offset = info.end_offset;
                if info.end_lineno > info.lineno {
                    end_offset = line_size;
                }
                if end_offset > line_size + 1 {
                    end_offset = line_size + 1;
                }
                print_error_text(ctx, info.offset, end_offset, text);
            }
        }
    }
    ctx.write_margin();
    let label = type_label(t, t.get(hty));
    ctx.out.push_str(&label);
    let v = t.get(value);
    if !v.is_none() {
        match str_quiet(t, v) {
            Some(s) => {
                if !s.is_empty() {
                    ctx.out.push_str(": ");
                }
                ctx.out.push_str(&s);
            }
            None => ctx.out.push_str(": <exception str() failed>"),
        }
    }
    if value == exc {
        if let Some(s) = offer_suggestions(t, t.get(exc)) {
            ctx.out.push_str(&format!(". Did you mean: '{s}'?"));
        }
    }
    ctx.out.push('\n');
    if value == exc {
        print_notes(t, ctx, exc);
    }
}

fn print_notes(t: &mut Thread, ctx: &mut Ctx, exc: Handle) {
    let notes = match protocol::getattr_str(t, t.get(exc), "__notes__") {
        Ok(n) => n,
        Err(_) => {
            t.take_exception();
            return;
        }
    };
    let hn = t.root(notes);
    let is_seq = !dict::is_dict(t, notes)
        && match type_::lookup_str(t, t.type_of(notes), "__getitem__") {
            Ok(x) => x.is_some(),
            Err(_) => {
                t.take_exception();
                false
            }
        };
    if !is_seq {
        ctx.write_margin();
        match protocol::repr_string(t, t.get(hn)) {
            Ok(s) => ctx.out.push_str(&s),
            Err(_) => {
                t.take_exception();
                ctx.out.push_str("<__notes__ repr() failed>");
            }
        }
        ctx.out.push('\n');
        return;
    }
    let items = match exceptions::iterate_to_handles(t, t.get(hn)) {
        Ok(i) => i,
        Err(_) => {
            t.take_exception();
            return;
        }
    };
    for h in items {
        match str_quiet(t, t.get(h)) {
            None => ctx.out.push_str("<note str() failed>"),
            Some(s) => {
                for line in split_lines_keepends(&s) {
                    ctx.write_margin();
                    ctx.out.push_str(line);
                }
            }
        }
        ctx.out.push('\n');
    }
}

/// `str.splitlines(keepends=True)` for the line breaks notes use.
fn split_lines_keepends(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' || c == b'\r' {
            let mut end = i + 1;
            if c == b'\r' && i + 1 < b.len() && b[i + 1] == b'\n' {
                end += 1;
            }
            out.push(&s[start..end]);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn is_group(t: &Thread, v: Value) -> bool {
    exceptions::is_exception(t, v) && exceptions::exc_is(t, v, BuiltinType::BaseExceptionGroup)
}

/// CPython's `print_exception` for one exception (not a group's children).
fn print_one(t: &mut Thread, ctx: &mut Ctx, exc: Handle) {
    let e = t.get(exc);
    let tb = t.heap.slot(e, TRACEBACK);
    if is_traceback(t, tb) {
        let mut header = "Traceback (most recent call last):\n";
        let mut header_margin = ctx.margin();
        if is_group(t, e) {
            header = "Exception Group Traceback (most recent call last):\n";
            if ctx.group_depth == 1 {
                header_margin = "+ ";
            }
        }
        let htb = t.root(tb);
        print_tb(t, ctx, htb, header, header_margin);
    }
    print_message(t, ctx, exc);
}

fn print_group(t: &mut Thread, ctx: &mut Ctx, exc: Handle) {
    if ctx.group_depth > MAX_GROUP_DEPTH {
        ctx.write_margin();
        ctx.out
            .push_str(&format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"));
        return;
    }
    if ctx.group_depth == 0 {
        ctx.group_depth += 1;
    }
    print_one(t, ctx, exc);
    let subs = match exceptions::field(t, t.get(exc), "exceptions") {
        Ok(Some(e)) if tuple::is_tuple(t, e) => {
            let items = tuple::items(t, e);
            items.into_iter().map(|x| t.root(x)).collect::<Vec<_>>()
        }
        Ok(_) => Vec::new(),
        Err(_) => {
            t.take_exception();
            Vec::new()
        }
    };
    let num = subs.len();
    let n = if num <= MAX_GROUP_WIDTH {
        num
    } else {
        MAX_GROUP_WIDTH + 1
    };
    ctx.need_close = false;
    for i in 0..n {
        let last = i == n - 1;
        if last {
            ctx.need_close = true;
        }
        let indent = ctx.indent();
        ctx.write_indented(indent, "");
        let lead = if i == 0 { "+-" } else { "  " };
        let truncated = i >= MAX_GROUP_WIDTH;
        if truncated {
            ctx.out
                .push_str(&format!("{lead}+---------------- ... ----------------\n"));
        } else {
            ctx.out.push_str(&format!(
                "{lead}+---------------- {} ----------------\n",
                i + 1
            ));
        }
        ctx.group_depth += 1;
        if let Some(sub) = subs.get(i).filter(|_| !truncated) {
            print_recursive(t, ctx, *sub);
        } else {
            let remaining = num.saturating_sub(MAX_GROUP_WIDTH);
            ctx.write_margin();
            let s = if remaining > 1 { "s" } else { "" };
            ctx.out
                .push_str(&format!("and {remaining} more exception{s}\n"));
        }
        if last && ctx.need_close {
            let indent = ctx.indent();
            ctx.write_indented(indent, "");
            ctx.out.push_str("+------------------------------------\n");
            ctx.need_close = false;
        }
        ctx.group_depth -= 1;
    }
    if ctx.group_depth == 1 {
        ctx.group_depth -= 1;
    }
}

fn seen(t: &Thread, ctx: &Ctx, v: Value) -> bool {
    ctx.seen.iter().any(|h| t.get(*h) == v)
}

fn print_chained(t: &mut Thread, ctx: &mut Ctx, v: Handle, message: &str) {
    let need_close = ctx.need_close;
    print_recursive(t, ctx, v);
    ctx.need_close = need_close;
    ctx.write_margin();
    ctx.out.push('\n');
    ctx.write_margin();
    ctx.out.push_str(message);
    ctx.write_margin();
    ctx.out.push('\n');
}

fn print_recursive(t: &mut Thread, ctx: &mut Ctx, exc: Handle) {
    let e = t.get(exc);
    if !exceptions::is_exception(t, e) {
        ctx.out.push_str(&format!(
            "TypeError: print_exception(): Exception expected for value, {} found\n",
            type_::type_name_of(t, e)
        ));
        return;
    }
    if !seen(t, ctx, e) {
        ctx.seen.push(exc);
    }
    let cause = t.heap.slot(e, CAUSE);
    let context = t.heap.slot(e, CONTEXT);
    let suppress = t.heap.slot(e, SUPPRESS_CONTEXT).is_true();
    if exceptions::is_exception(t, cause) {
        if !seen(t, ctx, cause) {
            let hc = t.root(cause);
            print_chained(
                t,
                ctx,
                hc,
                "The above exception was the direct cause of the following exception:\n",
            );
        }
    } else if !suppress && exceptions::is_exception(t, context) && !seen(t, ctx, context) {
        let hc = t.root(context);
        print_chained(
            t,
            ctx,
            hc,
            "During handling of the above exception, another exception occurred:\n",
        );
    }
    if is_group(t, t.get(exc)) {
        print_group(t, ctx, exc);
    } else {
        print_one(t, ctx, exc);
    }
}

/// Prints `exc` with its traceback and chained exceptions to stderr, as CPython does.
pub fn print_exception(t: &mut Thread, exc: Value) {
    let saved = t.take_exception();
    let hsaved = t.root(saved);
    let he = t.root(exc);
    let mut ctx = Ctx::new();
    print_recursive(t, &mut ctx, he);
    crate::builtins::flush_stdout(t);
    crate::builtins::write_stderr(t, &ctx.out);
    t.exception = t.get(hsaved);
}

/// Reports an exception that cannot propagate (a finalizer's) as CPython's default
/// `sys.unraisablehook` does: "Exception ignored in: <obj>", then the exception's own
/// traceback and line, without chained exceptions.
pub fn print_unraisable(t: &mut Thread, exc: Value, obj: &str) {
    print_unraisable_with(t, exc, &format!("Exception ignored in: {obj}"));
}

/// `print_unraisable` with the first line given in full ("Exception ignored in atexit
/// callback: ...").
pub fn print_unraisable_with(t: &mut Thread, exc: Value, header: &str) {
    let saved = t.take_exception();
    let hsaved = t.root(saved);
    let he = t.root(exc);
    let mut ctx = Ctx::new();
    ctx.out.push_str(header);
    ctx.out.push('\n');
    print_one(t, &mut ctx, he);
    crate::builtins::flush_stdout(t);
    crate::builtins::write_stderr(t, &ctx.out);
    t.exception = t.get(hsaved);
}

/// The lines CPython's `traceback.format_exception_only(exc)` gives for an exception: the
/// SyntaxError location block, `Type: message` (with any suggestion) and the notes.
pub fn format_exception_only(t: &mut Thread, exc: Value) -> String {
    let saved = t.take_exception();
    let hsaved = t.root(saved);
    let he = t.root(exc);
    let mut ctx = Ctx::new();
    if exceptions::is_exception(t, exc) {
        print_message(t, &mut ctx, he);
    } else {
        let label = type_label(t, t.type_of(exc));
        ctx.out.push_str(&label);
        ctx.out.push('\n');
    }
    t.exception = t.get(hsaved);
    ctx.out
}

// ----- "Did you mean" suggestions (CPython 3.11's suggestions.c) -----

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

fn substitution_cost(a: u8, b: u8) -> usize {
    if (a & 31) != (b & 31) {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        return CASE_COST;
    }
    MOVE_COST
}

fn levenshtein(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let (mut a, mut b) = (a, b);
    if a == b {
        return 0;
    }
    while !a.is_empty() && !b.is_empty() && a[0] == b[0] {
        a = &a[1..];
        b = &b[1..];
    }
    while !a.is_empty() && !b.is_empty() && a[a.len() - 1] == b[b.len() - 1] {
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut buffer: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &code) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (ai, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ac);
            distance = buffer[ai];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[ai] = result;
            if result < minimum {
                minimum = result;
            }
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// CPython's `calculate_suggestions`.
fn calculate_suggestions(dir: &[String], name: &str) -> Option<String> {
    if dir.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<&String> = None;
    let mut best_distance = usize::MAX;
    for item in dir {
        if item == name {
            continue;
        }
        let max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        let max_distance = max_distance.min(best_distance.saturating_sub(1));
        let d = levenshtein(name.as_bytes(), item.as_bytes(), max_distance);
        if d > max_distance {
            continue;
        }
        if best.is_none() || d < best_distance {
            best = Some(item);
            best_distance = d;
        }
    }
    best.cloned()
}

fn str_items(t: &Thread, vals: &[Value]) -> Vec<String> {
    vals.iter()
        .filter(|v| pystr::is_str(t, **v))
        .map(|v| pystr::to_rust_string(t, *v))
        .collect()
}

fn dict_keys(t: &Thread, d: Value) -> Vec<String> {
    if !dict::is_dict(t, d) {
        return Vec::new();
    }
    let keys: Vec<Value> = dict::items(t, d).into_iter().map(|(k, _)| k).collect();
    str_items(t, &keys)
}

/// The "Did you mean" suggestion for an exact AttributeError or NameError, as CPython
/// 3.11's `_Py_Offer_Suggestions`.
pub fn offer_suggestions(t: &mut Thread, exc: Value) -> Option<String> {
    let ty = t.type_of(exc);
    let he = t.root(exc);
    if ty == t.ty(BuiltinType::AttributeError) {
        let fields = exceptions::field(t, exc, "name").and_then(|n| {
            let hn = n.map(|v| t.root(v));
            let o = exceptions::field(t, t.get(he), "obj")?;
            Ok((hn.map(|h| t.get(h)), o))
        });
        let (Some(name), Some(obj)) = (match fields {
            Ok(f) => f,
            Err(_) => {
                t.take_exception();
                return None;
            }
        }) else {
            return None;
        };
        if !pystr::is_exact_str(t, name) {
            return None;
        }
        let name = pystr::to_rust_string(t, name);
        let dir = match crate::builtins::dir_names(t, obj) {
            Ok(d) => d,
            Err(_) => {
                t.take_exception();
                return None;
            }
        };
        return calculate_suggestions(&dir, &name);
    }
    if ty == t.ty(BuiltinType::NameError) {
        let name = match exceptions::field(t, exc, "name") {
            Ok(Some(n)) if pystr::is_exact_str(t, n) => pystr::to_rust_string(t, n),
            Ok(_) => return None,
            Err(_) => {
                t.take_exception();
                return None;
            }
        };
        let mut tb = t.heap.slot(t.get(he), TRACEBACK);
        if !is_traceback(t, tb) {
            return None;
        }
        while is_traceback(t, t.heap.slot(tb, TB_NEXT)) {
            tb = t.heap.slot(tb, TB_NEXT);
        }
        let code_obj = t.heap.slot(tb, TB_CODE);
        let varnames = if t.layout_of(code_obj) == BuiltinType::Code.layout() {
            let v = t.heap.slot(code_obj, code::VARNAMES);
            if tuple::is_tuple(t, v) {
                str_items(t, &tuple::items(t, v))
            } else {
                Vec::new()
            }
        } else {
            Vec::new()
        };
        if let Some(s) = calculate_suggestions(&varnames, &name) {
            return Some(s);
        }
        let globals = dict_keys(t, t.heap.slot(tb, TB_GLOBALS));
        if let Some(s) = calculate_suggestions(&globals, &name) {
            return Some(s);
        }
        let builtins = dict_keys(t, t.heap.slot(tb, TB_BUILTINS));
        return calculate_suggestions(&builtins, &name);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_follow_cpython() {
        let dir: Vec<String> = ["balance", "deposit", "withdraw"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            calculate_suggestions(&dir, "deposti").as_deref(),
            Some("deposit")
        );
        assert_eq!(calculate_suggestions(&dir, "xyz"), None);
        let dir: Vec<String> = ["total", "values", "value"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            calculate_suggestions(&dir, "totl").as_deref(),
            Some("total")
        );
        // A case flip costs less than a substitution.
        assert!(levenshtein(b"Abc", b"abc", 10) < levenshtein(b"xbc", b"abc", 10));
    }

    #[test]
    fn notes_split_keeping_line_ends() {
        assert_eq!(split_lines_keepends("a\nb"), vec!["a\n", "b"]);
        assert_eq!(split_lines_keepends("a\r\nb\n"), vec!["a\r\n", "b\n"]);
        assert!(split_lines_keepends("").is_empty());
    }

    #[test]
    fn byte_offsets_become_char_offsets() {
        assert_eq!(byte_to_char_offset("héllo", 3), 2);
        assert_eq!(byte_to_char_offset("abc", 10), 4);
        assert_eq!(byte_to_char_offset("abc", -1), 0);
    }

    #[test]
    fn anchors_of_binary_ops_and_subscripts() {
        let line = "    return base   +   extra * 2 // 1";
        let start = line.find("extra").unwrap() as i64;
        let end = line.len() as i64;
        let (l, r) = extract_anchors(line, start, end).unwrap();
        assert_eq!(&line[l as usize..r as usize], "//");
        let line = "value = cfg[\"server\"][\"port\"]";
        let start = line.find("cfg").unwrap() as i64;
        let (l, r) = extract_anchors(line, start, line.len() as i64).unwrap();
        assert_eq!(&line[l as usize..r as usize], "[\"port\"]");
        assert!(extract_anchors("f(x)", 0, 4).is_none());
        assert!(extract_anchors("a +", 0, 3).is_none());
    }

    #[test]
    fn syntax_error_text_and_carets() {
        let mut ctx = Ctx::new();
        print_error_text(&mut ctx, 7, 10, "    key = = value\n");
        assert_eq!(ctx.out, "    key = = value\n      ^^^\n");
        let mut ctx = Ctx::new();
        print_error_text(&mut ctx, 0, -1, "x\n");
        assert_eq!(ctx.out, "    x\n");
    }
}

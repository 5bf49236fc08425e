//! A disassembler for compiled code objects, in the spirit of CPython's `dis`: one line per
//! instruction with its unit offset, source line (when it changes), opcode name, argument and
//! the argument resolved against the code object's tables (names, constants, locals, cells,
//! jump targets), followed by the exception table. Cache units are not shown. It is a
//! debugging and test aid: the format is for people, not a stable interface.

use std::fmt::Write;

use super::code::{CodeObject, Const};
use super::opcodes::{unit_arg, BinaryOp, CompareOp, Op};

/// Formats a constant roughly as Python's `repr` would.
pub fn const_repr(c: &Const) -> String {
    match c {
        Const::None => "None".into(),
        Const::Ellipsis => "Ellipsis".into(),
        Const::Bool(b) => if *b { "True" } else { "False" }.into(),
        Const::Int(i) => i.to_string(),
        Const::BigInt(b) => b.to_string(),
        Const::Float(f) => float_repr(*f),
        Const::Complex { re, im } => {
            // complex repr drops the ".0" of integral parts.
            let part = |f: f64| {
                let s = float_repr(f);
                s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
            };
            if *re == 0.0 && re.is_sign_positive() {
                format!("{}j", part(*im))
            } else {
                format!(
                    "({}{}{}j)",
                    part(*re),
                    if im.is_sign_negative() && !im.is_nan() {
                        ""
                    } else {
                        "+"
                    },
                    part(*im)
                )
            }
        }
        Const::Str(s) => str_repr(s),
        Const::Bytes(b) => {
            let q = if b.contains(&b'\'') && !b.contains(&b'"') {
                b'"'
            } else {
                b'\''
            };
            let mut s = String::from("b");
            s.push(q as char);
            for &x in b {
                match x {
                    x if x == q => {
                        s.push('\\');
                        s.push(q as char);
                    }
                    b'\\' => s.push_str("\\\\"),
                    b'\n' => s.push_str("\\n"),
                    b'\r' => s.push_str("\\r"),
                    b'\t' => s.push_str("\\t"),
                    0x20..=0x7e => s.push(x as char),
                    _ => {
                        let _ = write!(s, "\\x{x:02x}");
                    }
                }
            }
            s.push(q as char);
            s
        }
        Const::Tuple(v) => {
            let items: Vec<String> = v.iter().map(const_repr).collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
        Const::FrozenSet(v) => {
            let items: Vec<String> = v.iter().map(const_repr).collect();
            format!("frozenset({{{}}})", items.join(", "))
        }
        Const::Code(c) => format!("<code object {}, line {}>", c.name, c.firstlineno),
    }
}

/// Python's `repr` of a str (quote choice and escapes; printability approximated).
pub fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut o = String::with_capacity(s.len() + 2);
    o.push(q);
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if c == q => {
                o.push('\\');
                o.push(c);
            }
            ' ' => o.push(' '),
            c if c.is_control()
                || c.is_whitespace()
                || matches!(c as u32, 0xAD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xE000..=0xF8FF | 0xFEFF | 0xFFFE | 0xFFFF | 0xF0000..) =>
            {
                let n = c as u32;
                if n < 0x100 {
                    let _ = write!(o, "\\x{n:02x}");
                } else if n < 0x10000 {
                    let _ = write!(o, "\\u{n:04x}");
                } else {
                    let _ = write!(o, "\\U{n:08x}");
                }
            }
            c => o.push(c),
        }
    }
    o.push(q);
    o
}

/// Python's `repr` of a float: shortest round-trip digits, positional for exponents in
/// [-4, 16), scientific (`1e-06`, `1.5e+300`) otherwise.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let sci = format!("{f:e}");
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let s = format!("{f}");
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    }
}

/// Decodes `code` into (unit offset, op, full argument) triples, folding EXTENDED_ARG
/// prefixes into the argument of the instruction they prefix (the offset is the prefix's).
pub fn instructions(code: &CodeObject) -> Vec<(u32, Op, u32)> {
    let mut out = Vec::new();
    let mut i = 0usize;
    let mut ext: u32 = 0;
    let mut start: Option<u32> = None;
    while i < code.code.len() {
        let u = code.code[i];
        let op = Op::from_u8(u as u8).unwrap_or(Op::NOP);
        let arg = ext << 24 | unit_arg(u);
        let at = start.unwrap_or(i as u32);
        i += 1;
        if op == Op::EXTENDED_ARG {
            ext = arg;
            start.get_or_insert(at);
            continue;
        }
        out.push((at, op, arg));
        ext = 0;
        start = None;
        i += op.cache_units();
    }
    out
}

/// What an argument means, for the listing.
pub fn resolve_arg(code: &CodeObject, op: Op, arg: u32) -> String {
    let name = |i: u32| {
        code.names
            .get(i as usize)
            .cloned()
            .unwrap_or_else(|| "?".into())
    };
    let cell = |i: u32| {
        let i = i as usize;
        code.cellvars
            .get(i)
            .or_else(|| code.freevars.get(i.wrapping_sub(code.cellvars.len())))
            .cloned()
            .unwrap_or_else(|| "?".into())
    };
    match op {
        _ if op.is_jump() => format!("to {arg}"),
        Op::LOAD_CONST | Op::KW_NAMES => code
            .consts
            .get(arg as usize)
            .map(const_repr)
            .unwrap_or_else(|| "?".into()),
        Op::LOAD_FAST | Op::STORE_FAST | Op::DELETE_FAST => code
            .varnames
            .get(arg as usize)
            .cloned()
            .unwrap_or_else(|| "?".into()),
        Op::LOAD_DEREF
        | Op::STORE_DEREF
        | Op::DELETE_DEREF
        | Op::LOAD_CLOSURE
        | Op::LOAD_CLASSDEREF => cell(arg),
        Op::LOAD_GLOBAL => {
            if arg & 1 != 0 {
                format!("NULL + {}", name(arg >> 1))
            } else {
                name(arg >> 1)
            }
        }
        Op::LOAD_NAME
        | Op::STORE_NAME
        | Op::DELETE_NAME
        | Op::STORE_GLOBAL
        | Op::DELETE_GLOBAL
        | Op::LOAD_ATTR
        | Op::STORE_ATTR
        | Op::DELETE_ATTR
        | Op::LOAD_METHOD
        | Op::IMPORT_NAME
        | Op::IMPORT_FROM => name(arg),
        Op::BINARY_OP => BinaryOp::from_arg(arg)
            .map(|b| b.symbol().to_string())
            .unwrap_or_default(),
        Op::COMPARE_OP => CompareOp::from_arg(arg)
            .map(|c| c.symbol().to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// A full listing of `code` and, recursively, of the code objects among its constants.
pub fn disassemble(code: &CodeObject) -> String {
    let mut out = String::new();
    disassemble_into(code, &mut out, true);
    out
}

fn disassemble_into(code: &CodeObject, out: &mut String, nested: bool) {
    let instrs = instructions(code);
    let mut targets: Vec<u32> = instrs
        .iter()
        .filter(|(_, op, _)| op.is_jump())
        .map(|x| x.2)
        .collect();
    targets.extend(code.exception_table.iter().map(|e| e.target));
    let mut last_line = u32::MAX;
    for &(off, op, arg) in &instrs {
        let line = code.location(off).line;
        let line_col = if line != last_line {
            last_line = line;
            if line == 0 {
                "   -".to_string()
            } else {
                format!("{line:4}")
            }
        } else {
            "    ".to_string()
        };
        let mark = if targets.contains(&off) { ">>" } else { "  " };
        let _ = write!(out, "{line_col} {mark} {off:4} {:<22}", op.name());
        if op.has_arg() {
            let r = resolve_arg(code, op, arg);
            if r.is_empty() {
                let _ = write!(out, " {arg}");
            } else {
                let _ = write!(out, " {arg} ({r})");
            }
        }
        let t = out.trim_end().len();
        out.truncate(t);
        out.push('\n');
    }
    if !code.exception_table.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in &code.exception_table {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                e.start,
                e.end,
                e.target,
                e.depth,
                if e.push_lasti { " lasti" } else { "" }
            );
        }
    }
    if nested {
        for c in &code.consts {
            if let Const::Code(inner) = c {
                let _ = writeln!(
                    out,
                    "\nDisassembly of <code object {}, line {}>:",
                    inner.name, inner.firstlineno
                );
                disassemble_into(inner, out, true);
            }
        }
    }
}

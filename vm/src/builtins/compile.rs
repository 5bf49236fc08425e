//! `compile`, `eval` and `exec`, the conversion of compile errors into SyntaxError (and
//! friends) instances, and the snapshot of a frame's locals that `locals()`, `vars()`,
//! `dir()` and the default namespaces of `eval`/`exec` use.

use ember_gc::Value;

use crate::bytecode::CodeFlags;
use crate::compiler::{self, CompileError, Mode, SyntaxErrorKind};
use crate::errors::{PyResult, Raised};
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::Args;
use crate::objects::{code, dict, int, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

/// `compile`'s flag asking for an AST instead of code.
const PYCF_ONLY_AST: i64 = 0x400;
/// `from __future__ import annotations` in `co_flags` / compile flags.
const CO_FUTURE_ANNOTATIONS: i64 = 0x100_0000;

/// Raises the exception for a compile error: a SyntaxError (IndentationError, TabError)
/// with args `(msg, (filename, lineno, offset, text, end_lineno, end_offset))`, or the
/// RecursionError/MemoryError the compiler reports.
pub fn compile_error_to_exception(t: &mut Thread, e: &CompileError) -> Raised {
    let bt = match e.kind {
        SyntaxErrorKind::SyntaxError => BuiltinType::SyntaxError,
        SyntaxErrorKind::IndentationError => BuiltinType::IndentationError,
        SyntaxErrorKind::TabError => BuiltinType::TabError,
        SyntaxErrorKind::RecursionError => return t.raise_msg(BuiltinType::RecursionError, &e.msg),
        SyntaxErrorKind::MemoryError => return t.raise_empty(BuiltinType::MemoryError),
    };
    match build_syntax_error(t, bt, e) {
        Ok(exc) => t.raise(exc),
        Err(r) => r,
    }
}

fn build_syntax_error(t: &mut Thread, bt: BuiltinType, e: &CompileError) -> PyResult<Value> {
    let mark = t.handle_mark();
    let msg = pystr::new_str(t, &e.msg)?;
    let hmsg = t.root(msg);
    let filename = pystr::new_str(t, &e.filename)?;
    let hfile = t.root(filename);
    let text = match e
        .text
        .clone()
        .or_else(|| program_text(&e.filename, e.lineno))
    {
        Some(s) => pystr::new_str(t, &s)?,
        None => Value::NONE,
    };
    let htext = t.root(text);
    let info = [
        t.get(hfile),
        Value::small_int(e.lineno as i64),
        Value::small_int(e.offset as i64),
        t.get(htext),
        Value::small_int(e.end_lineno as i64),
        Value::small_int(e.end_offset as i64),
    ];
    let info = tuple::new_tuple(t, &info)?;
    let ty = t.ty(bt);
    let exc = protocol::call(t, ty, &[t.get(hmsg), info])?;
    t.handle_release(mark);
    Ok(exc)
}

/// Line `lineno` of the file `filename` with its newline, as CPython's
/// `PyErr_ProgramTextObject` reads it for compiler errors that carry no source text.
fn program_text(filename: &str, lineno: u32) -> Option<String> {
    if lineno == 0 {
        return None;
    }
    let data = std::fs::read(filename).ok()?;
    let line = data
        .split_inclusive(|b| *b == b'\n')
        .nth(lineno as usize - 1)?;
    Some(String::from_utf8_lossy(line).into_owned())
}

/// A snapshot dict of the current frame's locals: the locals mapping of module and class
/// bodies, or, for function frames, a new dict of the bound fast locals, cells and free
/// variables (as CPython's `frame.f_locals`).
pub fn frame_locals(t: &mut Thread) -> PyResult<Value> {
    let Some(f) = t.frames.last() else {
        return dict::new_dict(t);
    };
    if !f.locals.is_unbound() {
        return Ok(f.locals);
    }
    let fi = t.frames.len() - 1;
    let (base, names) = {
        let f = &t.frames[fi];
        let cd = f.code();
        let nlocals = cd.nlocals as usize;
        let mut names: Vec<(String, usize, bool)> = cd
            .varnames
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i, false))
            .collect();
        // Cell and free variable names come from the code object's tuples.
        let code_obj = f.code_obj;
        let mut k = nlocals;
        for slot in [code::CELLVARS, code::FREEVARS] {
            let tup = t.heap.slot(code_obj, slot);
            if tuple::is_tuple(t, tup) {
                for v in tuple::items(t, tup) {
                    names.push((pystr::to_rust_string(t, v), k, true));
                    k += 1;
                }
            }
        }
        (f.base, names)
    };
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    for (name, i, is_cell) in names {
        let mut v = t.stack.slots[base + i];
        if is_cell {
            if !v.is_heap() || t.heap.layout_id(v) != BuiltinType::Cell.layout() {
                continue;
            }
            v = t.heap.slot(v, 0);
        }
        if v.is_unbound() {
            continue;
        }
        dict::set_str(t, t.get(hd), &name, v)?;
    }
    Ok(t.get(hd))
}

/// The source text of a str, bytes or bytearray argument (None for other types).
fn source_text(t: &mut Thread, v: Value) -> PyResult<Option<String>> {
    if pystr::is_str(t, v) {
        return Ok(Some(pystr::to_rust_string(t, v)));
    }
    let native = t.layouts.get(t.layout_of(v)).native;
    if native == crate::layout::NativeKind::Bytes || native == crate::layout::NativeKind::ByteArray
    {
        let data = if native == crate::layout::NativeKind::Bytes {
            t.heap
                .bytes(crate::objects::bytes::bytes_value(t, v))
                .to_vec()
        } else {
            let bt = t.ty(BuiltinType::Bytes);
            let b = protocol::call(t, bt, &[v])?;
            t.heap
                .bytes(crate::objects::bytes::bytes_value(t, b))
                .to_vec()
        };
        let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&data);
        return Ok(Some(String::from_utf8_lossy(data).into_owned()));
    }
    Ok(None)
}

/// The `__future__` flags the calling frame passes on to code it compiles.
fn inherited_flags(t: &Thread) -> CodeFlags {
    match t.frames.last() {
        Some(f) => f.code().flags & CodeFlags::FUTURE_ANNOTATIONS,
        None => CodeFlags::empty(),
    }
}

/// Compiles source text to a code object, raising SyntaxError on failure.
fn compile_source(
    t: &mut Thread,
    source: &str,
    filename: &str,
    mode: Mode,
    flags: CodeFlags,
) -> PyResult<Value> {
    if source.contains('\0') {
        return Err(t.raise_msg(
            BuiltinType::SyntaxError,
            "source code string cannot contain null bytes",
        ));
    }
    match compiler::compile(source, filename, mode, flags) {
        Ok(co) => code::new_code(t, &co),
        Err(e) => Err(compile_error_to_exception(t, &e)),
    }
}

fn is_code(t: &Thread, v: Value) -> bool {
    t.layout_of(v) == BuiltinType::Code.layout()
}

pub(super) fn builtin_compile(t: &mut Thread, a: Args) -> PyResult<Value> {
    const NAMES: [&str; 7] = [
        "source",
        "filename",
        "mode",
        "flags",
        "dont_inherit",
        "optimize",
        "_feature_version",
    ];
    if a.len() > 6 {
        let msg = format!("compile() takes at most 6 arguments ({} given)", a.len());
        return Err(t.type_error(&msg));
    }
    for i in 0..a.nkw {
        let (k, _) = a.kw(t, i);
        if !NAMES.iter().any(|n| pystr::str_eq_rust(t, k, n)) {
            let k = pystr::to_rust_string(t, k);
            let msg = format!("compile() got an unexpected keyword argument '{k}'");
            return Err(t.type_error(&msg));
        }
    }
    let get = |t: &Thread, i: usize| a.opt(t, i).or_else(|| a.kwarg(t, NAMES[i]));
    for (i, n) in NAMES.iter().enumerate().take(3) {
        if get(t, i).is_none() {
            let msg = format!("compile() missing required argument '{n}' (pos {})", i + 1);
            return Err(t.type_error(&msg));
        }
    }
    let flags = match get(t, 3) {
        Some(f) if int::is_int(t, f) => int::to_i64(t, f).unwrap_or(0),
        Some(f) => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                type_::type_name_of(t, f)
            );
            return Err(t.type_error(&msg));
        }
        None => 0,
    };
    let only_ast = flags & PYCF_ONLY_AST != 0;
    let src = get(t, 0).unwrap_or(Value::NONE);
    let source = if crate::ast::is_ast_object(t, src)? {
        None
    } else {
        let src = get(t, 0).unwrap_or(Value::NONE);
        match source_text(t, src)? {
            Some(s) => Some(s),
            None => {
                return Err(t.type_error("compile() arg 1 must be a string, bytes or AST object"))
            }
        }
    };
    let fv = get(t, 1).unwrap_or(Value::NONE);
    let filename = if pystr::is_str(t, fv) {
        pystr::to_rust_string(t, fv)
    } else if t.layout_of(fv) == BuiltinType::Bytes.layout() {
        String::from_utf8_lossy(t.heap.bytes(fv)).into_owned()
    } else {
        let ty = t.type_of(fv);
        if type_::lookup_sym(t, ty, crate::symbols::sym::__fspath__).is_some() {
            let fv = get(t, 1).unwrap_or(Value::NONE);
            let p = protocol::call_method(t, fv, "__fspath__", &[])?;
            pystr::to_rust_string(t, p)
        } else {
            let fv = get(t, 1).unwrap_or(Value::NONE);
            let msg = format!(
                "expected str, bytes or os.PathLike object, not {}",
                type_::type_name_of(t, fv)
            );
            return Err(t.type_error(&msg));
        }
    };
    let mv = get(t, 2).unwrap_or(Value::NONE);
    if !pystr::is_str(t, mv) {
        let msg = format!(
            "compile() argument 'mode' must be str, not {}",
            type_::type_name_of(t, mv)
        );
        return Err(t.type_error(&msg));
    }
    let mode = match pystr::to_rust_string(t, mv).as_str() {
        "exec" => Mode::Exec,
        "eval" => Mode::Eval,
        "single" => Mode::Single,
        "func_type" if only_ast => {
            // FIXME(func_type): rustpython-parser has no function-type-comment grammar.
            return Err(t.raise_msg(
                BuiltinType::SyntaxError,
                "func_type mode is not supported by ember's parser",
            ));
        }
        _ if only_ast => {
            return Err(
                t.value_error("compile() mode must be 'exec', 'eval', 'single' or 'func_type'")
            )
        }
        _ => return Err(t.value_error("compile() mode must be 'exec', 'eval' or 'single'")),
    };
    let dont_inherit = match get(t, 4) {
        Some(v) => protocol::truthy(t, v)?,
        None => false,
    };
    let mut cflags = CodeFlags::empty();
    if flags & CO_FUTURE_ANNOTATIONS != 0 {
        cflags |= CodeFlags::FUTURE_ANNOTATIONS;
    }
    if !dont_inherit {
        cflags |= inherited_flags(t);
    }
    match source {
        Some(source) if only_ast => crate::ast::parse_to_object(t, &source, &filename, mode),
        Some(source) => compile_source(t, &source, &filename, mode, cflags),
        None => {
            let src = get(t, 0).unwrap_or(Value::NONE);
            crate::ast::compile_object(t, src, &filename, mode, cflags, only_ast)
        }
    }
}

fn has_getitem(t: &mut Thread, v: Value) -> PyResult<bool> {
    if dict::is_dict(t, v) {
        return Ok(true);
    }
    let ty = t.type_of(v);
    Ok(type_::lookup_sym(t, ty, crate::symbols::sym::__getitem__).is_some())
}

/// The shared part of `eval` and `exec`.
fn eval_exec(t: &mut Thread, a: &Args, is_eval: bool) -> PyResult<Value> {
    let fname = if is_eval { "eval" } else { "exec" };
    for i in 0..a.nkw {
        let (k, _) = a.kw(t, i);
        if is_eval || !pystr::str_eq_rust(t, k, "closure") {
            let k = pystr::to_rust_string(t, k);
            let msg = format!("{fname}() got an unexpected keyword argument '{k}'");
            return Err(t.type_error(&msg));
        }
    }
    a.check_positional(t, fname, 1, 3)?;
    let globals = a.opt(t, 1).unwrap_or(Value::NONE);
    if !globals.is_none() && !dict::is_dict(t, globals) {
        let msg = if is_eval {
            if has_getitem(t, globals)? {
                "globals must be a real dict; try eval(expr, {}, mapping)".to_string()
            } else {
                "globals must be a dict".to_string()
            }
        } else {
            format!(
                "exec() globals must be a dict, not {}",
                type_::type_name_of(t, a.get(t, 1))
            )
        };
        return Err(t.type_error(&msg));
    }
    let locals = a.opt(t, 2).unwrap_or(Value::NONE);
    if !locals.is_none() && !has_getitem(t, locals)? {
        let msg = if is_eval {
            "locals must be a mapping".to_string()
        } else {
            format!(
                "locals must be a mapping or None, not {}",
                type_::type_name_of(t, a.get(t, 2))
            )
        };
        return Err(t.type_error(&msg));
    }
    let globals = a.opt(t, 1).unwrap_or(Value::NONE);
    let (globals, locals) = if globals.is_none() {
        let g = match t.frames.last() {
            Some(f) => f.globals,
            None => dict::new_dict(t)?,
        };
        let hg = t.root(g);
        let l = match a.opt(t, 2).filter(|l| !l.is_none()) {
            Some(l) => l,
            None => frame_locals(t)?,
        };
        (t.get(hg), l)
    } else {
        let l = a.opt(t, 2).filter(|l| !l.is_none()).unwrap_or(globals);
        (globals, l)
    };
    let hg = t.root(globals);
    let hl = t.root(locals);
    if dict::get_rust_str(t, t.get(hg), "__builtins__")?.is_none() {
        let b = match t.frames.last() {
            Some(f) => f.builtins,
            None => t.globals.builtins,
        };
        dict::set_str(t, t.get(hg), "__builtins__", b)?;
    }
    let src = a.get(t, 0);
    let code_obj = if is_code(t, src) {
        let free = t.heap.slot(src, code::FREEVARS);
        if tuple::is_tuple(t, free) && tuple::len(t, free) > 0 {
            let msg = format!("code object passed to {fname}() may not contain free variables");
            return Err(t.type_error(&msg));
        }
        src
    } else {
        let Some(text) = source_text(t, src)? else {
            let msg = format!("{fname}() arg 1 must be a string, bytes or code object");
            return Err(t.type_error(&msg));
        };
        let text = if is_eval {
            text.trim_start_matches([' ', '\t']).to_string()
        } else {
            text
        };
        let mode = if is_eval { Mode::Eval } else { Mode::Exec };
        let flags = inherited_flags(t);
        compile_source(t, &text, "<string>", mode, flags)?
    };
    crate::interpreter::run_code(t, code_obj, t.get(hg), t.get(hl))
}

pub(super) fn builtin_eval(t: &mut Thread, a: Args) -> PyResult<Value> {
    eval_exec(t, &a, true)
}

pub(super) fn builtin_exec(t: &mut Thread, a: Args) -> PyResult<Value> {
    eval_exec(t, &a, false)?;
    Ok(Value::NONE)
}

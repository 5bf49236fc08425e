//! Console I/O of the builtins: `print` and `input`, the process's stdout buffer, and the
//! writing of error reports to `sys.stderr`. The stream objects (`open()`, `sys.stdin`/
//! `sys.stdout`/`sys.stderr`) are the `_io` module's (`vm/src/io/`); `print` to a standard
//! stream takes a fast path that appends the line's UTF-8 straight to the stdout buffer
//! (`io::std_fast_fd`), which is what the stream's own `write` would do.
//!
//! **Invariant:** everything written to the process's stdout goes through `STDOUT` (the
//! buffer `print` and `sys.stdout.write` share), so their output interleaves in program
//! order; the buffer is flushed when it fills, at each newline when stdout is a terminal,
//! before anything is written to stderr, and at exit (`flush_stdout`).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use ember_gc::Value;

use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::native::Args;
use crate::objects::{dict, module, str as pystr, type_};
use crate::protocol;
use crate::thread::{Handle, Thread};

// ----- the process's stdout buffer -----

struct StdoutBuf {
    buf: Vec<u8>,
    /// Whether stdout is a terminal (line buffering); None until first checked.
    tty: Option<bool>,
}

static STDOUT: Mutex<StdoutBuf> = Mutex::new(StdoutBuf {
    buf: Vec::new(),
    tty: None,
});

const STDOUT_CAPACITY: usize = 8192;

fn stdout_lock() -> std::sync::MutexGuard<'static, StdoutBuf> {
    STDOUT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Appends to the stdout buffer, flushing as the buffering policy says.
pub(crate) fn stdout_write(data: &[u8]) {
    let mut s = stdout_lock();
    s.buf.extend_from_slice(data);
    let tty = *s.tty.get_or_insert_with(|| std::io::stdout().is_terminal());
    if s.buf.len() >= STDOUT_CAPACITY || (tty && data.contains(&b'\n')) {
        flush_locked(&mut s);
    }
}

fn flush_locked(s: &mut StdoutBuf) {
    if s.buf.is_empty() {
        return;
    }
    let mut out = std::io::stdout().lock();
    // Errors (a closed pipe) drop the output, as CPython does at exit.
    let _ = out.write_all(&s.buf);
    let _ = out.flush();
    s.buf.clear();
}

/// Writes out the buffered stdout. The embedder calls it at exit; stderr output calls it
/// first so the two streams appear in program order on a terminal.
pub fn flush_stdout(t: &mut Thread) {
    // sys.stdout may have been replaced; flush the object there too (its errors are
    // dropped, as CPython's flush_std_files reports and ignores them).
    if let Ok(Some(f)) = sys_attr(t, "stdout") {
        if !f.is_none()
            && crate::io::std_fast_fd(t, f).is_none()
            && protocol::call_method(t, f, "flush", &[]).is_err()
        {
            t.take_exception();
        }
    } else {
        t.take_exception();
    }
    flush_stdout_raw();
}

pub(crate) fn flush_stdout_raw() {
    flush_locked(&mut stdout_lock());
}

pub(crate) fn stderr_raw(data: &[u8]) {
    flush_stdout_raw();
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(data);
    let _ = e.flush();
}

/// Writes `text` to a file-like object: straight to the process's stream for a standard
/// stream on its fast path, through its `write` method otherwise.
fn write_text(t: &mut Thread, file: Handle, text: &str) -> PyResult<()> {
    if let Some(fd) = crate::io::std_fast_fd(t, t.get(file)) {
        std_write(fd, text);
        return Ok(());
    }
    let s = pystr::new_str(t, text)?;
    protocol::call_method(t, t.get(file), "write", &[s])?;
    Ok(())
}

/// Where `print`'s fast path writes.
#[derive(Clone, Copy)]
enum Sink {
    /// A standard stream (`io::std_fast_fd`): straight to the process's stream.
    Std(i32),
    /// A TextIOWrapper over a file (`io::text_fast`): its `write` without the call.
    Text,
}

impl Sink {
    fn emit(self, t: &mut Thread, file: Handle, text: &str) -> PyResult<()> {
        match self {
            Sink::Std(fd) => {
                std_write(fd, text);
                Ok(())
            }
            Sink::Text => crate::io::write_text_fast(t, t.get(file), text),
        }
    }
}

/// Writes to a standard stream on its fast path (`io::std_fast_fd` said `fd`).
fn std_write(fd: i32, text: &str) {
    if fd == 2 {
        stderr_raw(text.as_bytes());
    } else {
        stdout_write(text.as_bytes());
    }
}

/// `sys.<name>` (None when sys or the attribute does not exist yet).
fn sys_attr(t: &mut Thread, name: &str) -> PyResult<Option<Value>> {
    let sys = t.globals.sys;
    if !module::is_module(t, sys) {
        return Ok(None);
    }
    let d = module::module_dict(t, sys);
    dict::get_rust_str(t, d, name)
}

/// Writes `text` to `sys.stderr` (the process's stderr when it is ember's own stream or
/// missing). Never raises: a failing `sys.stderr.write` falls back to the raw stream.
pub fn write_stderr(t: &mut Thread, text: &str) {
    let target = match sys_attr(t, "stderr") {
        Ok(v) => v,
        Err(_) => {
            t.take_exception();
            None
        }
    };
    if let Some(f) = target {
        if !f.is_none() && crate::io::std_fast_fd(t, f).is_none() {
            let hf = t.root(f);
            match write_text(t, hf, text) {
                Ok(()) => {
                    if protocol::call_method(t, t.get(hf), "flush", &[]).is_err() {
                        t.take_exception();
                    }
                    return;
                }
                Err(_) => {
                    t.take_exception();
                }
            }
        }
    }
    stderr_raw(text.as_bytes());
}

// ----- print / input -----

fn kw_or_none(t: &mut Thread, v: Option<Value>, what: &str) -> PyResult<Option<String>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) if pystr::is_str(t, v) => Ok(Some(pystr::to_rust_string(t, v))),
        Some(v) => {
            let msg = format!(
                "{what} must be None or a string, not {}",
                type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

pub(super) fn builtin_print(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mut sep = None;
    let mut end = None;
    let mut file = None;
    let mut flush = None;
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        let key = pystr::to_rust_string(t, k);
        match key.as_str() {
            "sep" => sep = Some(v),
            "end" => end = Some(v),
            "file" => file = Some(v),
            "flush" => flush = Some(v),
            _ => {
                let msg = format!("'{key}' is an invalid keyword argument for print()");
                return Err(t.type_error(&msg));
            }
        }
    }
    let hflush = flush.map(|f| t.root(f));
    let sep = kw_or_none(t, sep, "sep")?.unwrap_or_else(|| " ".to_string());
    let end = kw_or_none(t, end, "end")?.unwrap_or_else(|| "\n".to_string());
    let file = match file {
        Some(f) if !f.is_none() => f,
        _ => match sys_attr(t, "stdout")? {
            Some(f) => f,
            None => {
                // Before sys exists: straight to the process's stdout.
                let mut text = String::new();
                for i in 0..a.len() {
                    if i > 0 {
                        text.push_str(&sep);
                    }
                    let s = protocol::str_string(t, a.get(t, i))?;
                    text.push_str(&s);
                }
                text.push_str(&end);
                stdout_write(text.as_bytes());
                return Ok(Value::NONE);
            }
        },
    };
    if file.is_none() {
        return Ok(Value::NONE);
    }
    let hfile = t.root(file);
    let sink = match crate::io::std_fast_fd(t, file) {
        Some(fd) => Some(Sink::Std(fd)),
        None if crate::io::text_fast(t, file) => Some(Sink::Text),
        None => None,
    };
    if let Some(sink) = sink {
        // Fast path: build the whole line and write it once.
        let mut text = String::new();
        for i in 0..a.len() {
            if i > 0 {
                text.push_str(&sep);
            }
            let v = a.get(t, i);
            if pystr::is_exact_str(t, v) {
                pystr::with_str_bytes(t, v, |_, b| text.push_str(&String::from_utf8_lossy(b)));
            } else {
                match protocol::str_string(t, v) {
                    Ok(s) => text.push_str(&s),
                    Err(e) => {
                        // CPython writes each piece as it goes: what came before the
                        // failing str() is already out.
                        let exc = t.take_exception();
                        let he = t.root(exc);
                        if sink.emit(t, hfile, &text).is_err() {
                            t.take_exception();
                        }
                        t.exception = t.get(he);
                        return Err(e);
                    }
                }
            }
        }
        text.push_str(&end);
        sink.emit(t, hfile, &text)?;
    } else {
        for i in 0..a.len() {
            if i > 0 {
                write_text(t, hfile, &sep)?;
            }
            let s = protocol::str_(t, a.get(t, i))?;
            protocol::call_method(t, t.get(hfile), "write", &[s])?;
        }
        write_text(t, hfile, &end)?;
    }
    if let Some(h) = hflush {
        if protocol::truthy(t, t.get(h))? {
            protocol::call_method(t, t.get(hfile), "flush", &[])?;
        }
    }
    Ok(Value::NONE)
}

pub(super) fn builtin_input(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "input", 0, 1)?;
    let stdout = sys_attr(t, "stdout")?;
    let hstdout = stdout.map(|f| t.root(f));
    if let Some(prompt) = a.opt(t, 0) {
        let s = protocol::str_string(t, prompt)?;
        match hstdout.map(|h| t.get(h)) {
            Some(f) if !f.is_none() => {
                let hf = t.root(f);
                write_text(t, hf, &s)?;
                if crate::io::std_fast_fd(t, t.get(hf)).is_none() {
                    protocol::call_method(t, t.get(hf), "flush", &[])?;
                }
            }
            _ => stdout_write(s.as_bytes()),
        }
    }
    flush_stdout_raw();
    let line = match sys_attr(t, "stdin")? {
        Some(f) if !f.is_none() => {
            let r = protocol::call_method(t, f, "readline", &[])?;
            if !pystr::is_str(t, r) {
                return Err(t.type_error("object.readline() returned non-string"));
            }
            pystr::to_rust_string(t, r)
        }
        _ => return Err(t.runtime_error("input(): lost sys.stdin")),
    };
    if line.is_empty() {
        return Err(t.raise_msg(BuiltinType::EOFError, "EOF when reading a line"));
    }
    let line = line.strip_suffix('\n').unwrap_or(&line);
    pystr::new_str(t, line)
}

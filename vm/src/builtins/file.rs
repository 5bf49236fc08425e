//! File objects: `open()` and the objects behind `sys.stdin`/`sys.stdout`/`sys.stderr`.
//! They are instances of small native types (`_io.TextIOWrapper`, `_io.BufferedReader`,
//! `_io.BufferedWriter`) whose slot 0 indexes `FILES`, the Rust-side state (OS handle,
//! buffers); the standard streams write through the shared stdout buffer of `io.rs`.
//!
//! FIXME(io-module): this is a stand-in for the real `_io` module: no encodings besides
//! UTF-8/Latin-1/ASCII, no `newline=` control, no buffer objects, and unclosed files are
//! flushed only at exit.

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufRead, IsTerminal, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

use ember_gc::{LayoutId, Value};

use super::io::{flush_stdout_raw, stderr_raw, stdout_write, STDOUT_CAPACITY};
use crate::errors::PyResult;
use crate::layout::NativeKind;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::descriptors::add_getset;
use crate::objects::native::{self, Args, NativeFn};
use crate::objects::{bytes, dict, int, list, str as pystr, tuple, type_};
use crate::protocol;
use crate::thread::Thread;

// ----- file state -----

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Kind {
    Stdin,
    Stdout,
    Stderr,
    Disk,
}

pub(super) struct FileState {
    kind: Kind,
    file: Option<File>,
    readable: bool,
    pub(super) writable: bool,
    pub(super) binary: bool,
    pub(super) closed: bool,
    encoding: Encoding,
    /// Decoded (text) or raw (binary) content not yet consumed by reads, loaded on the first
    /// read; `rpos` is the byte position of the next read in it.
    rbuf: Option<Vec<u8>>,
    rpos: usize,
    /// Bytes written and not yet handed to the OS.
    wbuf: Vec<u8>,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Encoding {
    Utf8,
    Latin1,
    Ascii,
}

static FILES: Mutex<Vec<Option<FileState>>> = Mutex::new(Vec::new());

fn files() -> std::sync::MutexGuard<'static, Vec<Option<FileState>>> {
    FILES.lock().unwrap_or_else(|e| e.into_inner())
}

thread_local! {
    /// Instance layouts of this thread's file types: TextIOWrapper, BufferedReader,
    /// BufferedWriter.
    static FILE_LAYOUTS: RefCell<Vec<LayoutId>> = const { RefCell::new(Vec::new()) };
}

// File object slots.
const F_ID: usize = 0;
const F_NAME: usize = 1;
const F_MODE: usize = 2;

/// The `FILES` index of a file object, or None when `v` is not one.
pub(super) fn file_id(t: &Thread, v: Value) -> Option<usize> {
    if !v.is_heap() {
        return None;
    }
    let l = t.heap.layout_id(v);
    let mine = FILE_LAYOUTS.with(|f| f.borrow().contains(&l));
    if !mine || t.heap.count(v) <= F_MODE {
        return None;
    }
    let id = t.heap.slot(v, F_ID);
    id.is_small_int().then(|| id.as_small_int() as usize)
}

pub(super) fn with_file<R>(id: usize, f: impl FnOnce(&mut FileState) -> R) -> Option<R> {
    let mut g = files();
    g.get_mut(id).and_then(|s| s.as_mut()).map(f)
}

fn register(state: FileState) -> usize {
    let mut g = files();
    if let Some(i) = g.iter().position(|s| s.is_none()) {
        g[i] = Some(state);
        i
    } else {
        g.push(Some(state));
        g.len() - 1
    }
}

/// Flushes every open disk file (at exit: files are not finalized when they die).
pub fn flush_all_files() {
    let mut g = files();
    for s in g.iter_mut().flatten() {
        let _ = flush_state(s);
    }
}

fn flush_state(s: &mut FileState) -> std::io::Result<()> {
    match s.kind {
        Kind::Stdout => {
            stdout_write(&s.wbuf);
            s.wbuf.clear();
            flush_stdout_raw();
        }
        Kind::Stderr => {
            stderr_raw(&s.wbuf);
            s.wbuf.clear();
        }
        Kind::Disk => {
            if let Some(f) = s.file.as_mut() {
                if !s.wbuf.is_empty() {
                    f.write_all(&s.wbuf)?;
                    s.wbuf.clear();
                }
            }
        }
        Kind::Stdin => {}
    }
    Ok(())
}

// ----- errors -----

/// Raises the OSError subclass for an I/O error (`OSError(errno, strerror[, filename])`).
pub(super) fn raise_io_error(
    t: &mut Thread,
    e: &std::io::Error,
    filename: Option<Value>,
) -> crate::errors::Raised {
    let errno = e.raw_os_error().unwrap_or(0);
    let mut msg = e.to_string();
    if let Some(i) = msg.find(" (os error") {
        msg.truncate(i);
    }
    let hf = filename.map(|f| t.root(f));
    let m = match pystr::new_str(t, &msg) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut args = vec![Value::small_int(errno as i64), m];
    if let Some(h) = hf {
        args.push(t.get(h));
    }
    let ose = t.ty(BuiltinType::OSError);
    match protocol::call(t, ose, &args) {
        Ok(exc) => t.raise(exc),
        Err(r) => r,
    }
}

fn closed_error(t: &mut Thread) -> crate::errors::Raised {
    t.value_error("I/O operation on closed file.")
}

pub(super) fn unsupported(t: &mut Thread, what: &str) -> crate::errors::Raised {
    crate::io::unsupported(t, what)
}

// ----- reading -----

/// Why loading a file's content failed: an OS error, or undecodable bytes (the raw bytes
/// and the position of the first bad byte).
type LoadError = (Option<std::io::Error>, Option<(Vec<u8>, usize)>);

/// Loads the whole remaining content of a readable file into its read buffer (decoded and
/// with universal newlines in text mode).
fn ensure_loaded(t: &mut Thread, id: usize) -> PyResult<()> {
    let r = with_file(id, |s| -> Result<(), LoadError> {
        if s.rbuf.is_some() {
            return Ok(());
        }
        let mut raw = Vec::new();
        match s.kind {
            Kind::Stdin => {
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut raw)
                    .map_err(|e| (Some(e), None))?;
            }
            Kind::Disk => {
                if let Some(f) = s.file.as_mut() {
                    f.read_to_end(&mut raw).map_err(|e| (Some(e), None))?;
                }
            }
            _ => {}
        }
        if s.binary {
            s.rbuf = Some(raw);
        } else {
            let text = decode(&raw, s.encoding).map_err(|bad| (None, Some((raw.clone(), bad))))?;
            s.rbuf = Some(universal_newlines(&text).into_bytes());
        }
        s.rpos = 0;
        Ok(())
    });
    match r {
        Some(Ok(())) | None => Ok(()),
        Some(Err((Some(e), _))) => Err(raise_io_error(t, &e, None)),
        Some(Err((None, Some((raw, pos))))) => Err(decode_error(t, &raw, pos)),
        Some(Err((None, None))) => Err(t.system_error("file read failed")),
    }
}

fn decode_error(t: &mut Thread, raw: &[u8], pos: usize) -> crate::errors::Raised {
    let enc = match pystr::new_str(t, "utf-8") {
        Ok(v) => v,
        Err(r) => return r,
    };
    let he = t.root(enc);
    let b = match bytes::new_bytes(t, raw) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let hb = t.root(b);
    let reason = match pystr::new_str(t, "invalid start byte") {
        Ok(v) => v,
        Err(r) => return r,
    };
    let ty = t.ty(BuiltinType::UnicodeDecodeError);
    let args = [
        t.get(he),
        t.get(hb),
        Value::small_int(pos as i64),
        Value::small_int(pos as i64 + 1),
        reason,
    ];
    match protocol::call(t, ty, &args) {
        Ok(e) => t.raise(e),
        Err(r) => r,
    }
}

/// Decodes bytes; Err(position of the first undecodable byte).
fn decode(raw: &[u8], enc: Encoding) -> Result<String, usize> {
    match enc {
        Encoding::Utf8 => std::str::from_utf8(raw)
            .map(|s| s.to_string())
            .map_err(|e| e.valid_up_to()),
        Encoding::Latin1 => Ok(raw.iter().map(|b| *b as char).collect()),
        Encoding::Ascii => match raw.iter().position(|b| *b >= 0x80) {
            Some(p) => Err(p),
            None => Ok(raw.iter().map(|b| *b as char).collect()),
        },
    }
}

pub(super) fn universal_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Reads one line from the process's stdin (with its newline; empty at EOF).
pub(super) fn stdin_line() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin().lock().read_until(b'\n', &mut buf)?;
    Ok(buf)
}

/// Takes up to `n` characters (text) or bytes (binary) from the read buffer (all when
/// None), or one line when `line`.
fn take(s: &mut FileState, n: Option<usize>, line: bool) -> Vec<u8> {
    let Some(buf) = s.rbuf.as_ref() else {
        return Vec::new();
    };
    let rest = &buf[s.rpos.min(buf.len())..];
    let mut end = rest.len();
    if line {
        if let Some(i) = rest.iter().position(|b| *b == b'\n') {
            end = i + 1;
        }
    }
    if let Some(n) = n {
        if s.binary {
            end = end.min(n);
        } else {
            // n characters: find the byte index after the n-th character.
            let text = String::from_utf8_lossy(&rest[..end]);
            let idx = text.char_indices().nth(n).map_or(end, |(i, _)| i);
            end = end.min(idx);
        }
    }
    let out = rest[..end].to_vec();
    s.rpos += end;
    out
}

/// Reads from a file object: `size` None reads all; `line` reads one line.
pub(super) fn file_read(
    t: &mut Thread,
    id: usize,
    size: Option<usize>,
    line: bool,
) -> PyResult<Vec<u8>> {
    let info = with_file(id, |s| {
        (s.closed, s.readable, s.kind, s.binary, s.rbuf.is_some())
    });
    let Some((closed, readable, kind, binary, loaded)) = info else {
        return Err(closed_error(t));
    };
    if closed {
        return Err(closed_error(t));
    }
    if !readable {
        return Err(unsupported(t, "not readable"));
    }
    if kind == Kind::Stdin && line && !loaded {
        flush_stdout_raw();
        let raw = match stdin_line() {
            Ok(r) => r,
            Err(e) => return Err(raise_io_error(t, &e, None)),
        };
        if binary {
            return Ok(raw);
        }
        let text = universal_newlines(&String::from_utf8_lossy(&raw));
        return Ok(text.into_bytes());
    }
    ensure_loaded(t, id)?;
    Ok(with_file(id, |s| take(s, size, line)).unwrap_or_default())
}

fn bytes_to_value(t: &mut Thread, data: &[u8], binary: bool) -> PyResult<Value> {
    if binary {
        bytes::new_bytes(t, data)
    } else {
        let s = String::from_utf8_lossy(data);
        pystr::new_str(t, &s)
    }
}

// ----- writing -----

/// Writes text or bytes to a file object.
pub(super) fn file_write(t: &mut Thread, id: usize, data: &[u8]) -> PyResult<()> {
    let r = with_file(id, |s| -> Result<(), Option<std::io::Error>> {
        if s.closed {
            return Err(None);
        }
        match s.kind {
            Kind::Stdout => stdout_write(data),
            Kind::Stderr => stderr_raw(data),
            Kind::Disk => {
                s.wbuf.extend_from_slice(data);
                if s.wbuf.len() >= STDOUT_CAPACITY {
                    flush_state(s).map_err(Some)?;
                }
            }
            Kind::Stdin => {}
        }
        Ok(())
    });
    match r {
        Some(Ok(())) => Ok(()),
        Some(Err(Some(e))) => Err(raise_io_error(t, &e, None)),
        _ => Err(closed_error(t)),
    }
}

// ----- open -----

struct ModeInfo {
    readable: bool,
    writable: bool,
    binary: bool,
    create: bool,
    append: bool,
    truncate: bool,
    exclusive: bool,
}

fn parse_mode(t: &mut Thread, mode: &str) -> PyResult<ModeInfo> {
    let mut seen = String::new();
    for c in mode.chars() {
        if !"rwxabt+".contains(c) || seen.contains(c) {
            let msg = format!("invalid mode: '{mode}'");
            return Err(t.value_error(&msg));
        }
        seen.push(c);
    }
    let has = |c| seen.contains(c);
    if has('t') && has('b') {
        return Err(t.value_error("can't have text and binary mode at once"));
    }
    let kinds = ['r', 'w', 'x', 'a'].iter().filter(|c| has(**c)).count();
    if kinds != 1 {
        return Err(t.value_error("must have exactly one of create/read/write/append mode"));
    }
    let plus = has('+');
    Ok(ModeInfo {
        readable: has('r') || plus,
        writable: !has('r') || plus,
        binary: has('b'),
        create: has('w') || has('a') || has('x'),
        append: has('a'),
        truncate: has('w'),
        exclusive: has('x'),
    })
}

fn parse_encoding(t: &mut Thread, v: Option<Value>) -> PyResult<Encoding> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Encoding::Utf8);
    };
    if !pystr::is_str(t, v) {
        let msg = format!(
            "open() argument 'encoding' must be str or None, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    let name = pystr::to_rust_string(t, v)
        .to_ascii_lowercase()
        .replace('_', "-");
    Ok(match name.as_str() {
        "utf-8" | "utf8" | "u8" | "utf-8-sig" | "locale" => Encoding::Utf8,
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" => Encoding::Latin1,
        "ascii" | "us-ascii" => Encoding::Ascii,
        _ => {
            let msg = format!("unknown encoding: {}", pystr::to_rust_string(t, v));
            return Err(t.raise_msg(BuiltinType::LookupError, &msg));
        }
    })
}

/// The argument named `name` at position `pos` (positionally or by keyword).
fn arg(t: &Thread, a: &Args, pos: usize, name: &str) -> Option<Value> {
    a.opt(t, pos).or_else(|| a.kwarg(t, name))
}

pub fn builtin_open(t: &mut Thread, a: Args) -> PyResult<Value> {
    const NAMES: [&str; 8] = [
        "file",
        "mode",
        "buffering",
        "encoding",
        "errors",
        "newline",
        "closefd",
        "opener",
    ];
    if a.len() > NAMES.len() {
        let msg = format!(
            "open() takes at most 8 arguments ({} given)",
            a.len() + a.nkw
        );
        return Err(t.type_error(&msg));
    }
    for i in 0..a.nkw {
        let (k, _) = a.kw(t, i);
        if !NAMES.iter().any(|n| pystr::str_eq_rust(t, k, n)) {
            let k = pystr::to_rust_string(t, k);
            let msg = format!("open() got an unexpected keyword argument '{k}'");
            return Err(t.type_error(&msg));
        }
    }
    let Some(file) = arg(t, &a, 0, "file") else {
        return Err(t.type_error("open() missing required argument 'file' (pos 1)"));
    };
    let hfile = t.root(file);
    let mode = match arg(t, &a, 1, "mode") {
        None => "r".to_string(),
        Some(m) if pystr::is_str(t, m) => pystr::to_rust_string(t, m),
        Some(m) => {
            let msg = format!(
                "open() argument 'mode' must be str, not {}",
                type_::type_name_of(t, m)
            );
            return Err(t.type_error(&msg));
        }
    };
    let info = parse_mode(t, &mode)?;
    let enc_arg = arg(t, &a, 3, "encoding");
    if info.binary && enc_arg.is_some_and(|e| !e.is_none()) {
        return Err(t.value_error("binary mode doesn't take an encoding argument"));
    }
    let encoding = parse_encoding(t, enc_arg)?;
    // The path: str, bytes or os.PathLike.
    let mut pathv = t.get(hfile);
    if !pystr::is_str(t, pathv)
        && t.layout_of(pathv) != BuiltinType::Bytes.layout()
        && !int::is_int(t, pathv)
    {
        let ty = t.type_of(pathv);
        if type_::lookup_sym(t, ty, crate::symbols::sym::__fspath__).is_some() {
            pathv = protocol::call_method(t, t.get(hfile), "__fspath__", &[])?;
        } else {
            let msg = format!(
                "expected str, bytes or os.PathLike object, not {}",
                type_::type_name_of(t, t.get(hfile))
            );
            return Err(t.type_error(&msg));
        }
    }
    let hpath = t.root(pathv);
    let (path, kind) = if pystr::is_str(t, pathv) {
        (pystr::to_rust_string(t, pathv), Kind::Disk)
    } else if int::is_int(t, pathv) {
        match int::to_i64(t, pathv) {
            Some(0) => (String::new(), Kind::Stdin),
            Some(1) => (String::new(), Kind::Stdout),
            Some(2) => (String::new(), Kind::Stderr),
            _ => return Err(t.raise_msg(BuiltinType::OSError, "[Errno 9] Bad file descriptor")),
        }
    } else if t.layout_of(pathv) == BuiltinType::Bytes.layout() {
        (
            String::from_utf8_lossy(t.heap.bytes(pathv)).into_owned(),
            Kind::Disk,
        )
    } else {
        let msg = format!(
            "expected str, bytes or os.PathLike object, not {}",
            type_::type_name_of(t, pathv)
        );
        return Err(t.type_error(&msg));
    };
    if path.contains('\0') {
        return Err(t.value_error("embedded null byte"));
    }
    let file = if kind == Kind::Disk {
        let mut oo = std::fs::OpenOptions::new();
        oo.read(info.readable)
            .write(info.writable && !info.append)
            .append(info.append)
            .truncate(info.truncate)
            .create(info.create && !info.exclusive)
            .create_new(info.exclusive);
        match oo.open(&path) {
            Ok(f) => {
                if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                    let e = std::io::Error::from_raw_os_error(21);
                    return Err(raise_io_error(t, &e, Some(t.get(hpath))));
                }
                Some(f)
            }
            Err(e) => return Err(raise_io_error(t, &e, Some(t.get(hpath)))),
        }
    } else {
        None
    };
    let state = FileState {
        kind,
        file,
        readable: info.readable,
        writable: info.writable,
        binary: info.binary,
        closed: false,
        encoding,
        rbuf: None,
        rpos: 0,
        wbuf: Vec::new(),
    };
    let which = if !info.binary {
        0
    } else if info.readable && !info.writable {
        1
    } else {
        2
    };
    let mode_v = pystr::new_str(t, &mode)?;
    new_file_object(t, which, state, t.get(hfile), mode_v)
}

fn new_file_object(
    t: &mut Thread,
    which: usize,
    state: FileState,
    name: Value,
    mode: Value,
) -> PyResult<Value> {
    let hn = t.root(name);
    let hm = t.root(mode);
    let Some(layout) = FILE_LAYOUTS.with(|f| f.borrow().get(which).copied()) else {
        return Err(t.system_error("file types are not initialised"));
    };
    let id = register(state);
    let obj = t.new_object(layout, &[Value::small_int(id as i64), t.get(hn), t.get(hm)]);
    if obj.is_err() {
        files()[id] = None;
    }
    obj
}

/// A `sys.stdin` (fd 0), `sys.stdout` (1) or `sys.stderr` (2) object writing through the
/// shared buffers.
pub fn new_std_stream(t: &mut Thread, fd: i32) -> PyResult<Value> {
    let (kind, name, mode) = match fd {
        0 => (Kind::Stdin, "<stdin>", "r"),
        1 => (Kind::Stdout, "<stdout>", "w"),
        _ => (Kind::Stderr, "<stderr>", "w"),
    };
    let state = FileState {
        kind,
        file: None,
        readable: kind == Kind::Stdin,
        writable: kind != Kind::Stdin,
        binary: false,
        closed: false,
        encoding: Encoding::Utf8,
        rbuf: None,
        rpos: 0,
        wbuf: Vec::new(),
    };
    let n = pystr::new_str(t, name)?;
    let hn = t.root(n);
    let m = pystr::new_str(t, mode)?;
    new_file_object(t, 0, state, t.get(hn), m)
}

// ----- file object methods -----

fn self_file(t: &mut Thread, a: &Args, name: &str) -> PyResult<usize> {
    if a.is_empty() {
        let msg = format!("{name}() needs a file object");
        return Err(t.type_error(&msg));
    }
    let s = a.get(t, 0);
    match file_id(t, s) {
        Some(id) => Ok(id),
        None => {
            let msg = format!(
                "descriptor '{name}' for '_io.TextIOWrapper' objects doesn't apply to a '{}' object",
                type_::type_name_of(t, s)
            );
            Err(t.type_error(&msg))
        }
    }
}

fn size_arg(t: &mut Thread, v: Option<Value>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) if int::is_int(t, v) => {
            Ok(int::to_i64(t, v).filter(|n| *n >= 0).map(|n| n as usize))
        }
        Some(v) => {
            let msg = format!(
                "argument should be integer or None, not '{}'",
                type_::type_name_of(t, v)
            );
            Err(t.type_error(&msg))
        }
    }
}

fn is_binary(id: usize) -> bool {
    with_file(id, |s| s.binary).unwrap_or(false)
}

fn f_read(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "read")?;
    let n = size_arg(t, a.opt(t, 1))?;
    let data = file_read(t, id, n, false)?;
    bytes_to_value(t, &data, is_binary(id))
}

fn f_readline(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "readline")?;
    let n = size_arg(t, a.opt(t, 1))?;
    let data = file_read(t, id, n, true)?;
    bytes_to_value(t, &data, is_binary(id))
}

fn f_readlines(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "readlines")?;
    let l = list::new_list(t, 0)?;
    let hl = t.root(l);
    let binary = is_binary(id);
    loop {
        let mark = t.handle_mark();
        let data = file_read(t, id, None, true)?;
        if data.is_empty() {
            break;
        }
        let v = bytes_to_value(t, &data, binary)?;
        list::append(t, t.get(hl), v)?;
        t.handle_release(mark);
    }
    Ok(t.get(hl))
}

fn f_write(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "write", 2, 2)?;
    let id = self_file(t, &a, "write")?;
    let (closed, writable, binary) =
        with_file(id, |s| (s.closed, s.writable, s.binary)).unwrap_or((true, false, false));
    if closed {
        return Err(closed_error(t));
    }
    if !writable {
        return Err(unsupported(t, "not writable"));
    }
    let v = a.get(t, 1);
    if binary {
        let data = bytes_like(t, v)?;
        file_write(t, id, &data)?;
        return int::from_i64(t, data.len() as i64);
    }
    if !pystr::is_str(t, v) {
        let msg = format!(
            "write() argument must be str, not {}",
            type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    }
    let data = pystr::str_bytes_owned(t, v);
    let n = pystr::char_len(t, v);
    file_write(t, id, &data)?;
    int::from_i64(t, n as i64)
}

/// The bytes of a bytes-like object.
fn bytes_like(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    let l = t.layout_of(v);
    let native = t.layouts.get(l).native;
    if native == NativeKind::Bytes {
        let b = bytes::bytes_value(t, v);
        return Ok(t.heap.bytes(b).to_vec());
    }
    if native == NativeKind::ByteArray {
        let bt = t.ty(BuiltinType::Bytes);
        let b = protocol::call(t, bt, &[v])?;
        return Ok(t.heap.bytes(bytes::bytes_value(t, b)).to_vec());
    }
    let msg = format!(
        "a bytes-like object is required, not '{}'",
        type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

fn f_writelines(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "writelines", 2, 2)?;
    self_file(t, &a, "writelines")?;
    let it = protocol::iter(t, a.get(t, 1))?;
    let hit = t.root(it);
    let hs = t.root(a.get(t, 0));
    loop {
        let mark = t.handle_mark();
        let Some(line) = protocol::next(t, t.get(hit))? else {
            break;
        };
        protocol::call_method(t, t.get(hs), "write", &[line])?;
        t.handle_release(mark);
    }
    Ok(Value::NONE)
}

fn f_close(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "close")?;
    let r = with_file(id, |s| -> std::io::Result<()> {
        if s.closed {
            return Ok(());
        }
        let r = flush_state(s);
        if s.kind == Kind::Disk {
            s.closed = true;
            s.file = None;
            s.rbuf = None;
        } else if s.kind != Kind::Stdin {
            // Closing sys.stdout/stderr only marks them closed.
            s.closed = true;
        } else {
            s.closed = true;
        }
        r
    });
    match r {
        Some(Err(e)) => Err(raise_io_error(t, &e, None)),
        _ => Ok(Value::NONE),
    }
}

fn f_flush(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "flush")?;
    let r = with_file(id, |s| -> Result<(), Option<std::io::Error>> {
        if s.closed {
            return Err(None);
        }
        flush_state(s).map_err(Some)?;
        if s.kind == Kind::Disk {
            if let Some(f) = s.file.as_mut() {
                f.flush().map_err(Some)?;
            }
        }
        Ok(())
    });
    match r {
        Some(Ok(())) => Ok(Value::NONE),
        Some(Err(Some(e))) => Err(raise_io_error(t, &e, None)),
        _ => Err(closed_error(t)),
    }
}

fn check_open(t: &mut Thread, id: usize) -> PyResult<()> {
    if with_file(id, |s| s.closed).unwrap_or(true) {
        return Err(closed_error(t));
    }
    Ok(())
}

fn f_enter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "__enter__")?;
    check_open(t, id)?;
    Ok(a.get(t, 0))
}

fn f_exit(t: &mut Thread, a: Args) -> PyResult<Value> {
    let s = a.get(t, 0);
    protocol::call_method(t, s, "close", &[])?;
    Ok(Value::NONE)
}

fn f_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "__iter__")?;
    check_open(t, id)?;
    Ok(a.get(t, 0))
}

fn f_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "__next__")?;
    let data = file_read(t, id, None, true)?;
    if data.is_empty() {
        return Err(t.raise_empty(BuiltinType::StopIteration));
    }
    bytes_to_value(t, &data, is_binary(id))
}

fn f_fileno(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "fileno")?;
    check_open(t, id)?;
    let fd = with_file(id, |s| match s.kind {
        Kind::Stdin => 0,
        Kind::Stdout => 1,
        Kind::Stderr => 2,
        Kind::Disk => {
            #[cfg(unix)]
            {
                use std::os::unix::io::AsRawFd;
                s.file.as_ref().map_or(-1, |f| f.as_raw_fd() as i64)
            }
            #[cfg(not(unix))]
            {
                -1
            }
        }
    })
    .unwrap_or(-1);
    Ok(Value::small_int(fd))
}

fn f_isatty(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "isatty")?;
    check_open(t, id)?;
    let r = with_file(id, |s| match s.kind {
        Kind::Stdin => std::io::stdin().is_terminal(),
        Kind::Stdout => std::io::stdout().is_terminal(),
        Kind::Stderr => std::io::stderr().is_terminal(),
        Kind::Disk => false,
    })
    .unwrap_or(false);
    Ok(Value::from_bool(r))
}

fn f_readable(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "readable")?;
    check_open(t, id)?;
    Ok(Value::from_bool(
        with_file(id, |s| s.readable).unwrap_or(false),
    ))
}

fn f_writable(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "writable")?;
    check_open(t, id)?;
    Ok(Value::from_bool(
        with_file(id, |s| s.writable).unwrap_or(false),
    ))
}

fn f_seekable(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "seekable")?;
    check_open(t, id)?;
    Ok(Value::from_bool(
        with_file(id, |s| s.kind == Kind::Disk).unwrap_or(false),
    ))
}

fn f_tell(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "tell")?;
    check_open(t, id)?;
    let r = with_file(id, |s| -> std::io::Result<u64> {
        if let Some(buf) = s.rbuf.as_ref() {
            // Position within the loaded content (bytes of the decoded text).
            let _ = buf;
            return Ok(s.rpos as u64);
        }
        flush_state(s)?;
        match s.file.as_mut() {
            Some(f) => f.stream_position(),
            None => Ok(0),
        }
    });
    match r {
        Some(Ok(p)) => int::from_i64(t, p as i64),
        Some(Err(e)) => Err(raise_io_error(t, &e, None)),
        None => Err(closed_error(t)),
    }
}

fn f_seek(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "seek", 2, 3)?;
    let id = self_file(t, &a, "seek")?;
    check_open(t, id)?;
    let off = a.get(t, 1);
    if !int::is_int(t, off) {
        let msg = format!(
            "an integer is required (got type {})",
            type_::type_name_of(t, off)
        );
        return Err(t.type_error(&msg));
    }
    let off = int::to_i64(t, off).unwrap_or(0);
    let whence = match a.opt(t, 2) {
        Some(w) if int::is_int(t, w) => int::to_i64(t, w).unwrap_or(0),
        _ => 0,
    };
    let r = with_file(id, |s| -> std::io::Result<u64> {
        flush_state(s)?;
        if let Some(buf) = s.rbuf.as_ref() {
            let len = buf.len() as i64;
            let base = match whence {
                1 => s.rpos as i64,
                2 => len,
                _ => 0,
            };
            let p = (base + off).clamp(0, len);
            s.rpos = p as usize;
            return Ok(p as u64);
        }
        match s.file.as_mut() {
            Some(f) => {
                let from = match whence {
                    1 => SeekFrom::Current(off),
                    2 => SeekFrom::End(off),
                    _ => SeekFrom::Start(off.max(0) as u64),
                };
                f.seek(from)
            }
            None => Ok(0),
        }
    });
    match r {
        Some(Ok(p)) => int::from_i64(t, p as i64),
        Some(Err(e)) => Err(raise_io_error(t, &e, None)),
        None => Err(closed_error(t)),
    }
}

fn f_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "__repr__")?;
    let s = a.get(t, 0);
    let ty = type_::type_name_of(t, s);
    let name = t.heap.slot(s, F_NAME);
    let mode = t.heap.slot(s, F_MODE);
    let hm = t.root(mode);
    let name_r = protocol::repr_string(t, name)?;
    let (binary, closed, kind) =
        with_file(id, |s| (s.binary, s.closed, s.kind)).unwrap_or((false, true, Kind::Disk));
    if closed && kind == Kind::Disk {
        return pystr::new_str(t, &format!("<_io.{ty} name={name_r}>"));
    }
    let text = if binary {
        format!("<_io.{ty} name={name_r}>")
    } else {
        let mode_r = protocol::repr_string(t, t.get(hm))?;
        let enc = if kind == Kind::Disk { "UTF-8" } else { "utf-8" };
        format!("<_io.{ty} name={name_r} mode={mode_r} encoding='{enc}'>")
    };
    pystr::new_str(t, &text)
}

fn g_closed(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "closed")?;
    Ok(Value::from_bool(
        with_file(id, |s| s.closed).unwrap_or(true),
    ))
}

fn g_name(t: &mut Thread, a: Args) -> PyResult<Value> {
    self_file(t, &a, "name")?;
    Ok(t.heap.slot(a.get(t, 0), F_NAME))
}

fn g_mode(t: &mut Thread, a: Args) -> PyResult<Value> {
    self_file(t, &a, "mode")?;
    Ok(t.heap.slot(a.get(t, 0), F_MODE))
}

fn g_encoding(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "encoding")?;
    let (enc, kind) =
        with_file(id, |s| (s.encoding, s.kind)).unwrap_or((Encoding::Utf8, Kind::Disk));
    let name = match (enc, kind) {
        (Encoding::Utf8, Kind::Disk) => "UTF-8",
        (Encoding::Utf8, _) => "utf-8",
        (Encoding::Latin1, _) => "latin-1",
        (Encoding::Ascii, _) => "ascii",
    };
    pystr::new_str(t, name)
}

fn g_errors(t: &mut Thread, a: Args) -> PyResult<Value> {
    self_file(t, &a, "errors")?;
    pystr::new_str(t, "strict")
}

fn g_none(t: &mut Thread, a: Args) -> PyResult<Value> {
    self_file(t, &a, "newlines")?;
    Ok(Value::NONE)
}

fn g_line_buffering(t: &mut Thread, a: Args) -> PyResult<Value> {
    let id = self_file(t, &a, "line_buffering")?;
    let tty = with_file(id, |s| {
        s.kind == Kind::Stdout && std::io::stdout().is_terminal()
    })
    .unwrap_or(false);
    Ok(Value::from_bool(tty))
}

/// Creates one file type (`_io.<name>`) and records its instance layout.
fn make_file_type(t: &mut Thread, name: &str) -> PyResult<Value> {
    let n = pystr::new_str(t, name)?;
    let hn = t.root(n);
    let obj = t.ty(BuiltinType::Object);
    let bases = tuple::new_tuple(t, &[obj])?;
    let hb = t.root(bases);
    let ty = type_::alloc_type(
        t,
        BuiltinType::Type.layout(),
        t.get(hn),
        t.get(hb),
        type_::flags::BUILTIN,
    )?;
    let hty = t.root(ty);
    let mro = type_::compute_mro(t, ty, t.get(hb))?;
    t.heap.set_slot(t.get(hty), type_::MRO, mro);
    let obj = t.ty(BuiltinType::Object);
    t.heap.set_slot(t.get(hty), type_::BASE, obj);
    let layout = type_::new_instance_layout(t, t.get(hty), NativeKind::Record, 0, true);
    type_::set_instance_layout(t, t.get(hty), layout);
    FILE_LAYOUTS.with(|f| f.borrow_mut().push(layout));
    let methods: [(&'static str, NativeFn); 22] = [
        ("read", f_read),
        ("readline", f_readline),
        ("readlines", f_readlines),
        ("write", f_write),
        ("writelines", f_writelines),
        ("close", f_close),
        ("flush", f_flush),
        ("__enter__", f_enter),
        ("__exit__", f_exit),
        ("__iter__", f_iter),
        ("__next__", f_next),
        ("fileno", f_fileno),
        ("isatty", f_isatty),
        ("readable", f_readable),
        ("writable", f_writable),
        ("seekable", f_seekable),
        ("tell", f_tell),
        ("seek", f_seek),
        ("__repr__", f_repr),
        ("detach", f_unsupported_detach),
        ("truncate", f_unsupported_truncate),
        ("reconfigure", f_reconfigure),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(hty), name, f)?;
    }
    add_getset(t, t.get(hty), "closed", g_closed, None)?;
    add_getset(t, t.get(hty), "name", g_name, None)?;
    add_getset(t, t.get(hty), "mode", g_mode, None)?;
    add_getset(t, t.get(hty), "encoding", g_encoding, None)?;
    add_getset(t, t.get(hty), "errors", g_errors, None)?;
    add_getset(t, t.get(hty), "newlines", g_none, None)?;
    add_getset(t, t.get(hty), "line_buffering", g_line_buffering, None)?;
    let d = type_::type_dict(t, t.get(hty));
    let m = pystr::new_str(t, "_io")?;
    dict::set_str(t, d, "__module__", m)?;
    let subs = t.heap.slot(t.ty(BuiltinType::Object), type_::SUBCLASSES);
    if list::is_list(t, subs) {
        list::append(t, subs, t.get(hty))?;
    }
    Ok(t.get(hty))
}

fn f_unsupported_detach(t: &mut Thread, a: Args) -> PyResult<Value> {
    self_file(t, &a, "detach")?;
    Err(unsupported(t, "detach"))
}

fn f_unsupported_truncate(t: &mut Thread, a: Args) -> PyResult<Value> {
    self_file(t, &a, "truncate")?;
    Err(unsupported(t, "truncate"))
}

fn f_reconfigure(t: &mut Thread, a: Args) -> PyResult<Value> {
    self_file(t, &a, "reconfigure")?;
    Ok(Value::NONE)
}

/// The stand-in file types, by name (for the `_io` module).
pub fn file_types(t: &Thread) -> Vec<(&'static str, Value)> {
    let names = ["TextIOWrapper", "BufferedReader", "BufferedWriter"];
    FILE_LAYOUTS.with(|f| {
        f.borrow()
            .iter()
            .zip(names)
            .map(|(l, n)| (n, t.layouts.get(*l).type_))
            .collect()
    })
}

/// Creates the file types; called once by `init_builtins`.
pub(super) fn init(t: &mut Thread) -> PyResult<()> {
    FILE_LAYOUTS.with(|f| f.borrow_mut().clear());
    for name in ["TextIOWrapper", "BufferedReader", "BufferedWriter"] {
        make_file_type(t, name)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(content: &str, binary: bool) -> FileState {
        FileState {
            kind: Kind::Disk,
            file: None,
            readable: true,
            writable: false,
            binary,
            closed: false,
            encoding: Encoding::Utf8,
            rbuf: Some(content.as_bytes().to_vec()),
            rpos: 0,
            wbuf: Vec::new(),
        }
    }

    #[test]
    fn reads_lines_and_characters() {
        let mut s = state("héllo\nworld\nend", false);
        assert_eq!(take(&mut s, Some(2), false), "hé".as_bytes());
        assert_eq!(take(&mut s, None, true), b"llo\n");
        assert_eq!(take(&mut s, Some(3), true), b"wor");
        assert_eq!(take(&mut s, None, false), b"ld\nend");
        assert!(take(&mut s, None, true).is_empty());
        let mut b = state("abc", true);
        assert_eq!(take(&mut b, Some(2), false), b"ab");
    }

    #[test]
    fn decoding_and_newlines() {
        assert_eq!(universal_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(decode(b"ok", Encoding::Utf8), Ok("ok".to_string()));
        assert_eq!(decode(b"a\xffb", Encoding::Utf8), Err(1));
        assert_eq!(decode(b"\xe9", Encoding::Latin1), Ok("\u{e9}".to_string()));
        assert_eq!(decode(b"a\x80", Encoding::Ascii), Err(1));
    }
}

//! `_io.open` (also `builtins.open`): validates the mode as CPython's `_io_open_impl`
//! does and composes FileIO, a buffered type and TextIOWrapper; and the standard streams
//! `sys.stdin`/`sys.stdout`/`sys.stderr`, built the same way over fds 0, 1 and 2.

use ember_gc::Value;

use super::buffered::{self, RANDOM, READER, WRITER};
use super::{arg, check_args, fileio, index_i64, io_type, textio, DEFAULT_BUFFER_SIZE};
use crate::errors::PyResult;
use crate::objects::native::Args;
use crate::objects::{bytes, int, str as pystr, type_};
use crate::protocol;
use crate::thread::Thread;

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

pub fn io_open(t: &mut Thread, a: Args) -> PyResult<Value> {
    check_args(t, &a, "open", &NAMES, 0)?;
    let Some(file) = arg(t, &a, 0, "file") else {
        return Err(t.type_error("open() missing required argument 'file' (pos 1)"));
    };
    if !int::is_int(t, file)
        && !pystr::is_str(t, file)
        && !bytes::is_bytes(t, file)
        && type_::lookup_sym(t, t.type_of(file), crate::symbols::sym::__fspath__).is_none()
    {
        let msg = format!(
            "expected str, bytes or os.PathLike object, not {}",
            type_::type_name_of(t, file)
        );
        return Err(t.type_error(&msg));
    }
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
    let mut buffering = match arg(t, &a, 2, "buffering") {
        None => -1,
        Some(b) => {
            if crate::objects::float::is_float(t, b) {
                return Err(t.type_error("'float' object cannot be interpreted as an integer"));
            }
            let n = if int::is_int(t, b) && int::to_i64(t, b).is_none() {
                i64::MAX
            } else {
                index_i64(t, b, false)?
            };
            if i32::try_from(n).is_err() {
                let msg = if n > 0 {
                    "Python int too large to convert to C int"
                } else {
                    "Python int too small to convert to C int"
                };
                return Err(t.overflow_error(msg));
            }
            n
        }
    };
    for (i, n) in [(3, "encoding"), (4, "errors"), (5, "newline")] {
        if let Some(v) = arg(t, &a, i, n) {
            if !v.is_none() && !pystr::is_str(t, v) {
                let msg = format!(
                    "open() argument '{n}' must be str or None, not {}",
                    type_::type_name_of(t, v)
                );
                return Err(t.type_error(&msg));
            }
        }
    }
    let (mut creating, mut reading, mut writing, mut appending, mut updating) =
        (false, false, false, false, false);
    let (mut text, mut binary) = (false, false);
    let chars: Vec<char> = mode.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let flag = match c {
            'x' => &mut creating,
            'r' => &mut reading,
            'w' => &mut writing,
            'a' => &mut appending,
            '+' => &mut updating,
            't' => &mut text,
            'b' => &mut binary,
            _ => return Err(t.value_error(&format!("invalid mode: '{mode}'"))),
        };
        *flag = true;
        if chars[i + 1..].contains(c) {
            return Err(t.value_error(&format!("invalid mode: '{mode}'")));
        }
    }
    let mut rawmode = String::new();
    for (f, c) in [
        (creating, 'x'),
        (reading, 'r'),
        (writing, 'w'),
        (appending, 'a'),
        (updating, '+'),
    ] {
        if f {
            rawmode.push(c);
        }
    }
    if text && binary {
        return Err(t.value_error("can't have text and binary mode at once"));
    }
    if [creating, reading, writing, appending]
        .iter()
        .filter(|b| **b)
        .count()
        > 1
    {
        return Err(t.value_error("must have exactly one of create/read/write/append mode"));
    }
    let given = |t: &Thread, i: usize, n: &str| arg(t, &a, i, n).is_some_and(|v| !v.is_none());
    if binary && given(t, 3, "encoding") {
        return Err(t.value_error("binary mode doesn't take an encoding argument"));
    }
    if binary && given(t, 4, "errors") {
        return Err(t.value_error("binary mode doesn't take an errors argument"));
    }
    if binary && given(t, 5, "newline") {
        return Err(t.value_error("binary mode doesn't take a newline argument"));
    }
    // The raw file.
    let rm = pystr::new_str(t, &rawmode)?;
    let hrm = t.root(rm);
    let closefd = arg(t, &a, 6, "closefd").unwrap_or(Value::TRUE);
    let hcfd = t.root(closefd);
    let opener = arg(t, &a, 7, "opener").unwrap_or(Value::NONE);
    let hop = t.root(opener);
    let file = arg(t, &a, 0, "file").unwrap_or(Value::NONE);
    let fio = io_type(t, fileio::KEY);
    let raw = protocol::call(t, fio, &[file, t.get(hrm), t.get(hcfd), t.get(hop)])?;
    let hraw = t.root(raw);
    let result = (|| -> PyResult<Value> {
        let mut line_buffering = false;
        if buffering == 1 || buffering < 0 {
            let tty = protocol::call_method(t, t.get(hraw), "isatty", &[])?;
            if buffering == 1 || protocol::truthy(t, tty)? {
                buffering = -1;
                line_buffering = true;
            }
        }
        if buffering < 0 {
            let b = protocol::getattr_str(t, t.get(hraw), "_blksize")?;
            buffering = int::to_i64(t, b).unwrap_or(DEFAULT_BUFFER_SIZE as i64);
            if buffering <= 1 {
                buffering = DEFAULT_BUFFER_SIZE as i64;
            }
        }
        if buffering == 0 {
            if binary {
                return Ok(t.get(hraw));
            }
            return Err(t.value_error("can't have unbuffered text I/O"));
        }
        let key = if updating {
            RANDOM
        } else if creating || writing || appending {
            WRITER
        } else if reading {
            READER
        } else {
            return Err(t.value_error(&format!("unknown mode: '{mode}'")));
        };
        let cls = io_type(t, key);
        let size = Value::small_int(buffering.min(super::MAX_POS));
        let buffer = protocol::call(t, cls, &[t.get(hraw), size])?;
        if binary {
            return Ok(buffer);
        }
        let hbuf = t.root(buffer);
        let enc = arg(t, &a, 3, "encoding").unwrap_or(Value::NONE);
        let he = t.root(enc);
        let errs = arg(t, &a, 4, "errors").unwrap_or(Value::NONE);
        let her = t.root(errs);
        let nl = arg(t, &a, 5, "newline").unwrap_or(Value::NONE);
        let tw = io_type(t, textio::KEY);
        let wrapper = protocol::call(
            t,
            tw,
            &[
                t.get(hbuf),
                t.get(he),
                t.get(her),
                nl,
                Value::from_bool(line_buffering),
            ],
        )?;
        let hw = t.root(wrapper);
        let m = pystr::new_str(t, &mode)?;
        crate::protocol::attr::set_instance_attr_str(t, t.get(hw), "mode", m)?;
        Ok(t.get(hw))
    })();
    if result.is_err() {
        // Close the raw file, keeping the original exception.
        let e = t.take_exception();
        let he = t.root(e);
        if protocol::call_method(t, t.get(hraw), "close", &[]).is_err() {
            t.take_exception();
        }
        return Err(t.raise(t.get(he)));
    }
    result
}

/// `sys.stdin` (fd 0), `sys.stdout` (1) or `sys.stderr` (2): a TextIOWrapper over a
/// BufferedReader/BufferedWriter over FileIO(fd, closefd=False), encoding utf-8 (the
/// behaviour of PYTHONIOENCODING=utf-8, and of CPython's UTF-8 mode), errors 'strict'
/// ('backslashreplace' for stderr), line buffered when a terminal (stderr always).
pub fn new_std_stream(t: &mut Thread, fd: i32) -> PyResult<Value> {
    let (mode, rawmode, name) = match fd {
        0 => ("r", "rb", "<stdin>"),
        1 => ("w", "wb", "<stdout>"),
        _ => ("w", "wb", "<stderr>"),
    };
    let rm = pystr::new_str(t, rawmode)?;
    let fio = io_type(t, fileio::KEY);
    let raw = protocol::call(t, fio, &[Value::small_int(fd as i64), rm, Value::FALSE])?;
    let hraw = t.root(raw);
    let n = pystr::new_str(t, name)?;
    crate::protocol::attr::set_instance_attr_str(t, t.get(hraw), "name", n)?;
    let key = if fd == 0 { READER } else { WRITER };
    let cls = io_type(t, key);
    let size = Value::small_int(DEFAULT_BUFFER_SIZE as i64);
    let buffer = protocol::call(t, cls, &[t.get(hraw), size])?;
    let hbuf = t.root(buffer);
    if fd != 0 {
        buffered::set_std(t, t.get(hbuf));
    }
    let enc = pystr::new_str(t, "utf-8")?;
    let he = t.root(enc);
    let errors = pystr::new_str(
        t,
        if fd == 2 {
            "backslashreplace"
        } else {
            "strict"
        },
    )?;
    let her = t.root(errors);
    let tty = fileio::isatty_fd(fd);
    let nl = pystr::new_str(t, "\n")?;
    let hnl = t.root(nl);
    let tw = io_type(t, textio::KEY);
    // CPython's create_stdio uses newline "\n" for all three on POSIX: no translation.
    let newline = t.get(hnl);
    let w = protocol::call(
        t,
        tw,
        &[
            t.get(hbuf),
            t.get(he),
            t.get(her),
            newline,
            Value::from_bool(fd == 2 || tty),
        ],
    )?;
    let hw = t.root(w);
    let m = pystr::new_str(t, mode)?;
    crate::protocol::attr::set_instance_attr_str(t, t.get(hw), "mode", m)?;
    Ok(t.get(hw))
}

//! The `_stat` module: the file-type and permission bits of `st_mode` (`S_IF*`, `S_I*`,
//! and the BSD/macOS flag constants CPython defines everywhere), the `S_IS*` predicates,
//! `S_IMODE`, `S_IFMT` and `filemode`. `stat.py` re-exports it.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{dict, int, module, str as pystr};
use ember_vm::thread::Thread;

/// The constants of CPython's `_stat` on Linux, in its order.
const CONSTANTS: &[(&str, i64)] = &[
    ("S_IFDIR", 16384),
    ("S_IFCHR", 8192),
    ("S_IFBLK", 24576),
    ("S_IFREG", 32768),
    ("S_IFIFO", 4096),
    ("S_IFLNK", 40960),
    ("S_IFSOCK", 49152),
    ("S_IFDOOR", 0),
    ("S_IFPORT", 0),
    ("S_IFWHT", 0),
    ("S_ISUID", 2048),
    ("S_ISGID", 1024),
    ("S_ISVTX", 512),
    ("S_ENFMT", 1024),
    ("S_IREAD", 256),
    ("S_IWRITE", 128),
    ("S_IEXEC", 64),
    ("S_IRWXU", 448),
    ("S_IRUSR", 256),
    ("S_IWUSR", 128),
    ("S_IXUSR", 64),
    ("S_IRWXG", 56),
    ("S_IRGRP", 32),
    ("S_IWGRP", 16),
    ("S_IXGRP", 8),
    ("S_IRWXO", 7),
    ("S_IROTH", 4),
    ("S_IWOTH", 2),
    ("S_IXOTH", 1),
    ("UF_NODUMP", 1),
    ("UF_IMMUTABLE", 2),
    ("UF_APPEND", 4),
    ("UF_OPAQUE", 8),
    ("UF_NOUNLINK", 16),
    ("UF_COMPRESSED", 32),
    ("UF_HIDDEN", 32768),
    ("SF_ARCHIVED", 65536),
    ("SF_IMMUTABLE", 131072),
    ("SF_APPEND", 262144),
    ("SF_NOUNLINK", 1048576),
    ("SF_SNAPSHOT", 2097152),
    ("ST_MODE", 0),
    ("ST_INO", 1),
    ("ST_DEV", 2),
    ("ST_NLINK", 3),
    ("ST_UID", 4),
    ("ST_GID", 5),
    ("ST_SIZE", 6),
    ("ST_ATIME", 7),
    ("ST_MTIME", 8),
    ("ST_CTIME", 9),
];

const DOC: &str = "S_IFMT_: file type bits
S_IFDIR: directory
S_IFCHR: character device
S_IFBLK: block device
S_IFREG: regular file
S_IFIFO: fifo (named pipe)
S_IFLNK: symbolic link
S_IFSOCK: socket file
S_IFDOOR: door
S_IFPORT: event port
S_IFWHT: whiteout

S_ISUID: set UID bit
S_ISGID: set GID bit
S_ENFMT: file locking enforcement
S_ISVTX: sticky bit
S_IREAD: Unix V7 synonym for S_IRUSR
S_IWRITE: Unix V7 synonym for S_IWUSR
S_IEXEC: Unix V7 synonym for S_IXUSR
S_IRWXU: mask for owner permissions
S_IRUSR: read by owner
S_IWUSR: write by owner
S_IXUSR: execute by owner
S_IRWXG: mask for group permissions
S_IRGRP: read by group
S_IWGRP: write by group
S_IXGRP: execute by group
S_IRWXO: mask for others (not in group) permissions
S_IROTH: read by others
S_IWOTH: write by others
S_IXOTH: execute by others

UF_NODUMP: do not dump file
UF_IMMUTABLE: file may not be changed
UF_APPEND: file may only be appended to
UF_OPAQUE: directory is opaque when viewed through a union stack
UF_NOUNLINK: file may not be renamed or deleted
UF_COMPRESSED: OS X: file is hfs-compressed
UF_HIDDEN: OS X: file should not be displayed
SF_ARCHIVED: file may be archived
SF_IMMUTABLE: file may not be changed
SF_APPEND: file may only be appended to
SF_NOUNLINK: file may not be renamed or deleted
SF_SNAPSHOT: file is a snapshot file

ST_MODE
ST_INO
ST_DEV
ST_NLINK
ST_UID
ST_GID
ST_SIZE
ST_ATIME
ST_MTIME
ST_CTIME

FILE_ATTRIBUTE_*: Windows file attribute constants
                   (only present on Windows)
";

const S_IFMT: u32 = 0o170000;

/// CPython's `_PyLong_AsMode_t`: an int (no `__index__`) that fits a `mode_t`.
fn mode_arg(t: &mut Thread, a: &Args, name: &str) -> PyResult<u32> {
    let qual = format!("_stat.{name}");
    a.no_kwargs(t, &qual)?;
    a.check_positional(t, &qual, 1, 1)?;
    let v = a.get(t, 0);
    if !int::is_int(t, v) {
        return Err(t.type_error("an integer is required"));
    }
    let b = int::to_bigint(t, int::int_value(t, v));
    if b.sign() == num_bigint::Sign::Minus {
        return Err(t.overflow_error("can't convert negative value to unsigned int"));
    }
    match u64::try_from(&b) {
        Ok(m) if m <= u32::MAX as u64 => Ok(m as u32),
        Ok(_) => Err(t.overflow_error("mode out of range")),
        Err(_) => Err(t.overflow_error("Python int too large to convert to C unsigned long")),
    }
}

macro_rules! is_type {
    ($fn:ident, $name:literal, $bits:expr) => {
        fn $fn(t: &mut Thread, a: Args) -> PyResult<Value> {
            let m = mode_arg(t, &a, $name)?;
            Ok(Value::from_bool($bits != 0 && m & S_IFMT == $bits))
        }
    };
}

is_type!(s_isdir, "S_ISDIR", 0o040000);
is_type!(s_ischr, "S_ISCHR", 0o020000);
is_type!(s_isblk, "S_ISBLK", 0o060000);
is_type!(s_isreg, "S_ISREG", 0o100000);
is_type!(s_isfifo, "S_ISFIFO", 0o010000);
is_type!(s_islnk, "S_ISLNK", 0o120000);
is_type!(s_issock, "S_ISSOCK", 0o140000);
// Solaris doors, event ports and BSD whiteouts do not exist on Linux (their S_IF* are 0).
is_type!(s_isdoor, "S_ISDOOR", 0);
is_type!(s_isport, "S_ISPORT", 0);
is_type!(s_iswht, "S_ISWHT", 0);

/// `S_IMODE(mode)`: the permission bits `os.chmod` can set.
fn s_imode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = mode_arg(t, &a, "S_IMODE")?;
    Ok(Value::small_int((m & 0o7777) as i64))
}

/// `S_IFMT(mode)`: the file-type bits.
fn s_ifmt(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = mode_arg(t, &a, "S_IFMT")?;
    Ok(Value::small_int((m & S_IFMT) as i64))
}

/// CPython's `filemode`: "-rwxr-xr-x" and friends.
pub fn filemode_text(m: u32) -> String {
    let kind = match m & S_IFMT {
        0o100000 => '-',
        0o040000 => 'd',
        0o120000 => 'l',
        0o060000 => 'b',
        0o020000 => 'c',
        0o010000 => 'p',
        0o140000 => 's',
        _ => '?',
    };
    let mut s = String::with_capacity(10);
    s.push(kind);
    let bit = |mask: u32, c: char| if m & mask != 0 { c } else { '-' };
    // owner, group, other; the execute column shows setuid/setgid/sticky.
    let special = [(0o4000, 's', 'S'), (0o2000, 's', 'S'), (0o1000, 't', 'T')];
    for (i, (sbit, on, off)) in special.iter().enumerate() {
        let shift = 6 - 3 * i as u32;
        s.push(bit(0o4 << shift, 'r'));
        s.push(bit(0o2 << shift, 'w'));
        let x = m & (0o1 << shift) != 0;
        s.push(match (m & sbit != 0, x) {
            (true, true) => *on,
            (true, false) => *off,
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    s
}

/// `filemode(mode)`.
fn filemode(t: &mut Thread, a: Args) -> PyResult<Value> {
    let m = mode_arg(t, &a, "filemode")?;
    pystr::new_str(t, &filemode_text(m))
}

pub fn init_stat(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_stat")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let doc = pystr::new_str(t, DOC)?;
    dict::set_str(t, t.get(hd), "__doc__", doc)?;
    let fns: &[(&'static str, native::NativeFn)] = &[
        ("S_ISDIR", s_isdir),
        ("S_ISCHR", s_ischr),
        ("S_ISBLK", s_isblk),
        ("S_ISREG", s_isreg),
        ("S_ISFIFO", s_isfifo),
        ("S_ISLNK", s_islnk),
        ("S_ISSOCK", s_issock),
        ("S_ISDOOR", s_isdoor),
        ("S_ISPORT", s_isport),
        ("S_ISWHT", s_iswht),
        ("S_IMODE", s_imode),
        ("S_IFMT", s_ifmt),
        ("filemode", filemode),
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "_stat", name, *f)?;
    }
    for &(name, v) in CONSTANTS {
        dict::set_str(t, t.get(hd), name, Value::small_int(v))?;
    }
    Ok(t.get(hm))
}

#[cfg(test)]
mod tests {
    use super::filemode_text;

    #[test]
    fn filemode_matches_cpython() {
        assert_eq!(filemode_text(0o100644), "-rw-r--r--");
        assert_eq!(filemode_text(0o040755), "drwxr-xr-x");
        assert_eq!(filemode_text(0o104755), "-rwsr-xr-x");
        assert_eq!(filemode_text(0o102644), "-rw-r-Sr--");
        assert_eq!(filemode_text(0o041777), "drwxrwxrwt");
        assert_eq!(filemode_text(0o041776), "drwxrwxrwT");
        assert_eq!(filemode_text(0o120777), "lrwxrwxrwx");
        assert_eq!(filemode_text(0o7777), "?rwsrwsrwt");
    }
}

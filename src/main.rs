//! The `ember` command line, compatible with `python3`'s: `ember FILE [args]`, `ember -c CODE`,
//! `ember -m MODULE`, a script on stdin (`ember -` or no arguments with piped input), with
//! `-X gc-stress` mirroring `EMBER_GC_STRESS=1`. This is the one place where the crates meet:
//! it registers the stdlib crate's native modules with the VM and runs the main module on a
//! thread with a large stack (the parser and native re-entry recurse).

use std::io::Read;
use std::process::ExitCode;

use ember_gc::{HeapConfig, Value};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::{dict, int, module, str as pystr};
use ember_vm::thread::Thread;

/// Stack size of the interpreter thread.
const STACK_BYTES: usize = 1 << 30;

enum Target {
    File(String),
    Command(String),
    Module(String),
    Stdin,
}

struct Options {
    target: Target,
    args: Vec<String>,
    stress: bool,
    ignore_env: bool,
}

fn usage() -> ! {
    eprintln!("usage: ember [-c cmd | -m mod | file | -] [arg] ...");
    std::process::exit(2);
}

fn parse_args() -> Options {
    let argv: Vec<String> = std::env::args().collect();
    let mut i = 1;
    let mut stress = false;
    let mut ignore_env = false;
    while i < argv.len() {
        let a = &argv[i];
        match a.as_str() {
            "-c" => {
                let Some(code) = argv.get(i + 1) else { usage() };
                let mut args = vec!["-c".to_string()];
                args.extend(argv[i + 2..].iter().cloned());
                return Options {
                    target: Target::Command(code.clone()),
                    args,
                    stress,
                    ignore_env,
                };
            }
            "-m" => {
                let Some(m) = argv.get(i + 1) else { usage() };
                let mut args = vec![m.clone()];
                args.extend(argv[i + 2..].iter().cloned());
                return Options {
                    target: Target::Module(m.clone()),
                    args,
                    stress,
                    ignore_env,
                };
            }
            "-" => {
                let mut args = vec!["-".to_string()];
                args.extend(argv[i + 1..].iter().cloned());
                return Options {
                    target: Target::Stdin,
                    args,
                    stress,
                    ignore_env,
                };
            }
            "-X" => {
                if argv.get(i + 1).map(|s| s.as_str()) == Some("gc-stress") {
                    stress = true;
                }
                i += 2;
                continue;
            }
            "-V" | "--version" => {
                println!("Python 3.11.7");
                std::process::exit(0);
            }
            "-h" | "--help" => usage(),
            "-E" | "-I" => {
                ignore_env = true;
                i += 1;
                continue;
            }
            s if s.starts_with("-X") => {
                if &s[2..] == "gc-stress" {
                    stress = true;
                }
                i += 1;
                continue;
            }
            s if s.starts_with('-') && s.len() > 1 => {
                // -u, -B, -S, -s, -O and friends: accepted and ignored for now.
                i += 1;
                continue;
            }
            _ => {
                let args = argv[i..].to_vec();
                return Options {
                    target: Target::File(a.clone()),
                    args,
                    stress,
                    ignore_env,
                };
            }
        }
    }
    Options {
        target: Target::Stdin,
        args: vec![String::new()],
        stress,
        ignore_env,
    }
}

/// Where CPython 3.11's pure-Python standard library is.
fn stdlib_dir(ignore_env: bool) -> Option<String> {
    if !ignore_env {
        if let Ok(p) = std::env::var("EMBER_STDLIB") {
            if !p.is_empty() {
                return Some(p);
            }
        }
    }
    let built = env!("EMBER_DEFAULT_STDLIB");
    let candidates = [built, "/usr/lib/python3.11", "/usr/local/lib/python3.11"];
    candidates
        .iter()
        .find(|c| !c.is_empty() && std::path::Path::new(c).join("os.py").is_file())
        .map(|s| s.to_string())
}

/// Set when the program ended with an uncaught KeyboardInterrupt.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn main() -> ExitCode {
    let opts = parse_args();
    let child = std::thread::Builder::new()
        .name("ember-main".into())
        .stack_size(STACK_BYTES)
        .spawn(move || run(opts));
    match child.map(|h| h.join()) {
        Ok(Ok(code)) => {
            if INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
                // As CPython after an uncaught KeyboardInterrupt: die of SIGINT, so the
                // parent sees the interrupt (status 130 in a shell).
                let _ = ember_vm::signals::set_disposition(libc::SIGINT, libc::SIG_DFL);
                // SAFETY: getpid and kill have no memory-safety preconditions.
                unsafe {
                    libc::kill(libc::getpid(), libc::SIGINT);
                }
            }
            ExitCode::from(code)
        }
        _ => {
            eprintln!("Fatal Python error: the interpreter thread failed");
            ExitCode::from(1)
        }
    }
}

fn run(opts: Options) -> u8 {
    let mut config = HeapConfig::from_env();
    if opts.stress {
        config.stress_every = 1;
    }
    let mut t = Thread::new(config);
    t.native_modules.extend(ember_stdlib::native_modules());
    // As CPython: Ctrl-C raises KeyboardInterrupt in the running code.
    ember_vm::signals::install_default_sigint(&mut t);
    if ember_vm::sysmodule::set_builtin_module_names(&mut t).is_err() {
        return report(&mut t);
    }
    // sys.path: the script's directory (or '' for -c/-m/stdin), PYTHONPATH, the stdlib.
    let mut path = Vec::new();
    match &opts.target {
        Target::File(f) => {
            let dir = std::path::Path::new(f)
                .parent()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            let dir = if dir.is_empty() {
                std::env::current_dir()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default()
            } else {
                std::fs::canonicalize(&dir)
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or(dir)
            };
            path.push(dir);
        }
        _ => path.push(String::new()),
    }
    if !opts.ignore_env {
        if let Ok(pp) = std::env::var("PYTHONPATH") {
            path.extend(
                pp.split(':')
                    .filter(|s| !s.is_empty())
                    .map(|s| s.to_string()),
            );
        }
    }
    if let Some(std) = stdlib_dir(opts.ignore_env) {
        path.push(std.clone());
        path.push(format!("{std}/lib-dynload"));
    }
    if ember_vm::sysmodule::set_argv_and_path(&mut t, &opts.args, &path).is_err() {
        return report(&mut t);
    }
    if ember_stdlib::imp::install_meta_path(&mut t).is_err() {
        return report(&mut t);
    }
    let result = match &opts.target {
        Target::File(f) => match std::fs::read(f) {
            // As CPython since 3.9: the script's `__file__` and code filename are
            // absolute (cwd + the path as given, not normalised); sys.argv[0] is not.
            Ok(bytes) => run_main_source(&mut t, &decode(bytes), &absolute_path(f)),
            Err(e) => {
                eprintln!(
                    "ember: can't open file '{}': [Errno {}] {}",
                    f,
                    e.raw_os_error().unwrap_or(0),
                    e.kind_message()
                );
                return 2;
            }
        },
        Target::Command(c) => run_main_source(&mut t, c, "<string>"),
        Target::Stdin => {
            let mut buf = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut buf);
            run_main_source(&mut t, &decode(buf), "<stdin>")
        }
        Target::Module(m) => run_main_module(&mut t, m),
    };
    let status = match result {
        Ok(()) => {
            ember_vm::builtins::flush_stdout(&mut t);
            0
        }
        Err(()) => report(&mut t),
    };
    ember_stdlib::atexit::run_exitfuncs(&mut t);
    ember_vm::interpreter::generator::close_generators_at_exit(&mut t);
    ember_vm::builtins::flush_stdout(&mut t);
    status
}

trait KindMessage {
    fn kind_message(&self) -> String;
}

impl KindMessage for std::io::Error {
    fn kind_message(&self) -> String {
        match self.kind() {
            std::io::ErrorKind::NotFound => "No such file or directory".into(),
            std::io::ErrorKind::PermissionDenied => "Permission denied".into(),
            _ => self.to_string(),
        }
    }
}

fn decode(bytes: Vec<u8>) -> String {
    let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    String::from_utf8_lossy(b).into_owned()
}

fn main_module(t: &mut Thread, file: Option<&str>) -> Result<Value, ()> {
    let m = module::new_module(t, "__main__").map_err(|_| ())?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let b = t.globals.builtins_module;
    dict::set_str(t, t.get(hd), "__builtins__", b).map_err(|_| ())?;
    if let Some(f) = file {
        let fv = pystr::new_str(t, f).map_err(|_| ())?;
        dict::set_str(t, t.get(hd), "__file__", fv).map_err(|_| ())?;
    }
    let mods = t.globals.modules;
    dict::set_str(t, mods, "__main__", t.get(hm)).map_err(|_| ())?;
    Ok(t.get(hd))
}

/// `path` made absolute by prefixing the working directory, without normalising it.
fn absolute_path(path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    match std::env::current_dir() {
        Ok(cwd) => format!("{}/{path}", cwd.display()),
        Err(_) => path.to_string(),
    }
}

fn run_main_source(t: &mut Thread, source: &str, filename: &str) -> Result<(), ()> {
    let file = (!filename.starts_with('<')).then_some(filename);
    let globals = main_module(t, file)?;
    ember_vm::import::run_source(t, source, filename, globals)
        .map(|_| ())
        .map_err(|_| ())
}

fn run_main_module(t: &mut Thread, name: &str) -> Result<(), ()> {
    // Import the parent package, then run the module's file as __main__.
    if let Some((parent, _)) = name.rsplit_once('.') {
        ember_vm::import::import_dotted(t, parent).map_err(|_| ())?;
    }
    let found = find_module_file(t, name);
    let Some(file) = found else {
        ember_vm::builtins::flush_stdout(t);
        eprintln!(
            "{}: No module named {}",
            std::env::args().next().unwrap_or_else(|| "ember".into()),
            name
        );
        std::process::exit(1);
    };
    let source = match ember_vm::import::read_source(&file) {
        Ok(s) => s,
        Err(_) => return Err(()),
    };
    // `-m pkg` runs pkg/__main__.py inside the package (imported first); `-m pkg.mod` runs
    // the module inside its parent package; both set `__package__` for relative imports.
    let is_package = file.ends_with("/__main__.py") && !name.ends_with("__main__");
    let package = if is_package {
        ember_vm::import::import_dotted(t, name).map_err(|_| ())?;
        name.to_string()
    } else {
        name.rsplit_once('.').map(|(p, _)| p.to_string()).unwrap_or_default()
    };
    let globals = main_module(t, Some(&file))?;
    let hg = t.root(globals);
    let pv = pystr::new_str(t, &package).map_err(|_| ())?;
    dict::set_str(t, t.get(hg), "__package__", pv).map_err(|_| ())?;
    ember_vm::import::run_source(t, &source, &file, t.get(hg))
        .map(|_| ())
        .map_err(|_| ())
}

fn find_module_file(t: &mut Thread, name: &str) -> Option<String> {
    let sys = t.globals.sys;
    let d = module::module_dict(t, sys);
    let p = dict::get_rust_str(t, d, "path").ok()??;
    let items = ember_vm::objects::list::items(t, p);
    let rel = name.replace('.', "/");
    for it in items {
        if !pystr::is_str(t, it) {
            continue;
        }
        let dir = pystr::to_rust_string(t, it);
        let base = if dir.is_empty() { ".".into() } else { dir };
        let f = format!("{base}/{rel}.py");
        if std::path::Path::new(&f).is_file() {
            return Some(f);
        }
        let f = format!("{base}/{rel}/__main__.py");
        if std::path::Path::new(&f).is_file() {
            return Some(f);
        }
    }
    None
}

/// Reports an uncaught exception through `sys.excepthook` (the builtin one prints the
/// traceback directly); a failing hook is reported as CPython does, then the original.
fn print_uncaught(t: &mut Thread, h: ember_vm::thread::Handle) {
    let sys = t.globals.sys;
    let hook = ember_vm::protocol::getattr_str(t, sys, "excepthook").ok();
    if hook.is_none() {
        t.take_exception();
    }
    let builtin = {
        let sys = t.globals.sys;
        ember_vm::protocol::getattr_str(t, sys, "__excepthook__").ok()
    };
    match hook {
        Some(f) if Some(f) != builtin => {
            let hf = t.root(f);
            let exc = t.get(h);
            let ty = t.type_of(exc);
            let tb = ember_vm::protocol::getattr_str(t, exc, "__traceback__").unwrap_or(Value::NONE);
            let exc = t.get(h);
            if ember_vm::protocol::call(t, t.get(hf), &[ty, exc, tb]).is_err() {
                let err = t.take_exception();
                let he = t.root(err);
                ember_vm::builtins::write_stderr(t, "Error in sys.excepthook:\n");
                ember_vm::interpreter::traceback::print_exception(t, t.get(he));
                ember_vm::builtins::write_stderr(t, "\nOriginal exception was:\n");
                ember_vm::interpreter::traceback::print_exception(t, t.get(h));
            }
        }
        _ => {
            let exc = t.get(h);
            ember_vm::interpreter::traceback::print_exception(t, exc);
        }
    }
}

/// Handles the exception that ended the program: SystemExit's code, or the traceback.
fn report(t: &mut Thread) -> u8 {
    let exc = t.take_exception();
    if exc.is_unbound() {
        ember_vm::builtins::flush_stdout(t);
        return 1;
    }
    // Flushing may run Python code (a replaced sys.stdout): keep the exception rooted.
    let h = t.root(exc);
    ember_vm::builtins::flush_stdout(t);
    let exc = t.get(h);
    let sysexit = t.ty(BuiltinType::SystemExit);
    let ety = t.type_of(exc);
    if ember_vm::objects::type_::is_subtype(t, ety, sysexit) {
        // CPython takes the status from the `code` attribute (settable after creation).
        let code = match ember_vm::protocol::getattr_str(t, exc, "code") {
            Ok(c) => c,
            Err(_) => {
                t.take_exception();
                Value::NONE
            }
        };
        if code.is_none() {
            return 0;
        }
        if int::is_int(t, code) {
            return int::to_i64(t, code).map(|c| c as u8).unwrap_or(255);
        }
        let s = ember_vm::protocol::str_string(t, code).unwrap_or_default();
        ember_vm::builtins::flush_stdout(t);
        ember_vm::builtins::write_stderr(t, &format!("{s}\n"));
        return 1;
    }
    print_uncaught(t, h);
    let exc = t.get(h);
    let kbi = t.ty(BuiltinType::KeyboardInterrupt);
    let ety = t.type_of(exc);
    if ember_vm::objects::type_::is_subtype(t, ety, kbi) {
        INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
        return 130;
    }
    1
}

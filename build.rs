//! Build script of the `ember` binary: exports the C-API symbols from the executable so
//! dlopen'ed extensions resolve them, and records where CPython 3.11's pure-Python standard
//! library is installed on the build machine (the run-time default; `EMBER_STDLIB` overrides).

use std::process::Command;

fn main() {
    println!("cargo:rustc-link-arg-bins=-Wl,--export-dynamic-symbol=Py*");
    println!("cargo:rustc-link-arg-bins=-Wl,--export-dynamic-symbol=_Py*");
    let mut stdlib = String::new();
    for py in ["python3.11", "python3"] {
        let out = Command::new(py)
            .args([
                "-c",
                "import sys, sysconfig; print(sysconfig.get_paths()['stdlib'] if sys.version_info[:2] == (3, 11) else '')",
            ])
            .output();
        if let Ok(o) = out {
            let s = String::from_utf8_lossy(&o.stdout).trim().to_string();
            if !s.is_empty() {
                stdlib = s;
                break;
            }
        }
    }
    println!("cargo:rustc-env=EMBER_DEFAULT_STDLIB={stdlib}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PATH");
}

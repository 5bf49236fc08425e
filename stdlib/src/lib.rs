//! ember-stdlib: the standard-library modules CPython writes in C, written in Rust
//! (`math`, `time`, `gc`, ...). Each module exposes an `init_*` function that `main.rs`
//! registers in the VM's native module table; nothing here is reachable from `vm`.

pub mod errno;
pub mod gc;
pub mod math;
pub mod posix;
mod posix_conf;
mod posix_fd;
mod posix_fs;
mod posix_fsmeta;
mod posix_ident;
mod posix_iov;
mod posix_linux;
mod posix_proc;
mod posix_scandir;
mod posix_statresult;
pub mod stat;
pub mod time;
pub mod weakref;

use ember_vm::import::NativeModuleInit;

/// The native modules this crate provides, by import name.
pub fn native_modules() -> Vec<(&'static str, NativeModuleInit)> {
    vec![
        ("math", math::init_math as NativeModuleInit),
        ("time", time::init_time as NativeModuleInit),
        ("gc", gc::init_gc),
        ("_weakref", weakref::init_weakref),
        ("errno", errno::init_errno),
        ("posix", posix::init_posix),
        ("_stat", stat::init_stat),
    ]
}

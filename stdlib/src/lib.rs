//! ember-stdlib: the standard-library modules CPython writes in C, written in Rust
//! (`math`, `time`, `gc`, ...). Each module exposes an `init_*` function that `main.rs`
//! registers in the VM's native module table; nothing here is reachable from `vm`.

pub mod gc;
pub mod math;
pub mod sre;
pub mod string;
pub mod struct_;
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
        ("_string", string::init_string),
        ("_struct", struct_::init_struct),
        ("_sre", sre::init_sre),
    ]
}

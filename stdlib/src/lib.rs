//! ember-stdlib: the standard-library modules CPython writes in C, written in Rust
//! (`math`, `time`, `gc`, ...). Each module exposes an `init_*` function that `main.rs`
//! registers in the VM's native module table; nothing here is reachable from `vm`.

pub mod array;
pub mod atexit;
pub mod binascii;
pub mod cmath;
pub mod blake2;
pub mod codecs;
pub mod contextvars;
pub mod collections;
pub mod errno;
pub mod gc;
pub mod hashes;
pub mod imp;
pub mod itertools;
pub mod marshal;
pub mod math;
pub mod operator;
pub mod posix_exec;
pub mod pwd;
pub mod random;
pub mod select;
pub mod signal;
pub mod sre;
pub mod string;
pub mod struct_;
pub mod thread;
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
pub mod unicodedata;
pub mod weakref;
pub mod zlib;

use ember_vm::import::NativeModuleInit;

/// The native modules this crate provides, by import name.
pub fn native_modules() -> Vec<(&'static str, NativeModuleInit)> {
    vec![
        ("math", math::init_math as NativeModuleInit),
        ("cmath", cmath::init_cmath),
        ("time", time::init_time as NativeModuleInit),
        ("gc", gc::init_gc),
        ("_weakref", weakref::init_weakref),
        ("_string", string::init_string),
        ("_struct", struct_::init_struct),
        ("_contextvars", contextvars::init_contextvars),
        ("_codecs", codecs::init_codecs),
        ("_random", random::init_random),
        ("array", array::init_array),
        ("atexit", atexit::init_atexit),
        ("binascii", binascii::init_binascii),
        ("_signal", signal::init_signal),
        ("pwd", pwd::init_pwd),
        ("grp", pwd::init_grp),
        ("select", select::init_select),
        ("_posixsubprocess", posix_exec::init_posixsubprocess),
        ("_operator", operator::init_operator),
        ("zlib", zlib::init_zlib),
        ("_imp", imp::init_imp),
        ("_warnings", imp::init_warnings),
        ("marshal", marshal::init_marshal),
        ("_ember_importer", imp::init_ember_importer),
        ("_md5", hashes::init_md5),
        ("_sha1", hashes::init_sha1),
        ("_sha256", hashes::init_sha256),
        ("_sha512", hashes::init_sha512),
        ("_sha3", hashes::init_sha3),
        ("_blake2", hashes::init_blake2),
        ("itertools", itertools::init_itertools),
        ("_collections", collections::init_collections),
        ("_thread", thread::init_thread),
        ("errno", errno::init_errno),
        ("posix", posix::init_posix),
        ("_stat", stat::init_stat),
        ("_sre", sre::init_sre),
        ("unicodedata", unicodedata::init_unicodedata),
    ]
}

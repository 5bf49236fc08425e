//! ember-vm: the object model (types, layouts), the compiler from Python source to ember
//! bytecode, the interpreter with its inline caches, the core builtin types, imports and
//! exceptions. It builds on `ember-gc` and never depends on `ember-stdlib` or `ember-capi`:
//! those register themselves through the hooks this crate offers.

pub mod ast;
pub mod builtins;
pub mod bytecode;
pub mod compiler;
pub mod errors;
pub mod import;
pub mod interpreter;
pub mod io;
pub mod layout;
pub mod objects;
pub mod protocol;
pub mod resources;
pub mod signals;
pub mod symbols;
pub mod sysmodule;
pub mod thread;

//! Opcode handlers by family. The loop in `interpreter/mod.rs` inlines the few hottest
//! instructions and calls these for the rest.

pub mod attr;
pub mod binary;
pub mod build;
pub mod call;
pub mod exc;
pub mod import;
pub mod misc;
pub mod names;
pub mod pattern;

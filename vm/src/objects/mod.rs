//! The builtin types, one file per type (its layout constants, accessors and methods), the
//! one table of builtin types (`builtin_types.rs`) and the bootstrap that creates them.

pub mod async_generator;
pub mod bootstrap;
pub mod builtin_types;
pub mod bytearray;
pub mod bytes;
pub mod code;
pub mod complex;
pub mod descriptors;
pub mod dict;
pub mod exceptions;
pub mod float;
pub mod float_convert;
pub mod float_format;
pub mod format_spec;
pub mod function;
pub mod generator;
pub mod generic_alias;
pub mod int;
pub mod int_format;
pub mod iterators;
pub mod list;
pub mod mappingproxy;
pub mod memoryview;
pub mod module;
pub mod namespace;
pub mod native;
pub mod native_type;
pub mod numeric;
pub mod object;
pub mod range;
pub mod sequence;
pub mod set;
pub mod slice;
pub mod str;
pub mod structseq;
pub mod tuple;
pub mod type_;
pub mod type_new;
pub mod union;
pub mod weakref;

use crate::errors::PyResult;
use crate::thread::Thread;

/// Fills the namespaces of the builtin types with their methods. Each type's file owns its
/// `init`.
pub fn init_all(t: &mut Thread) -> PyResult<()> {
    object::init(t)?;
    type_new::init(t)?;
    function::init(t)?;
    module::init(t)?;
    code::init(t)?;
    int::init(t)?;
    float::init(t)?;
    complex::init(t)?;
    str::init(t)?;
    bytes::init(t)?;
    bytearray::init(t)?;
    tuple::init(t)?;
    list::init(t)?;
    dict::init(t)?;
    set::init(t)?;
    range::init(t)?;
    slice::init(t)?;
    iterators::init(t)?;
    mappingproxy::init(t)?;
    generic_alias::init(t)?;
    memoryview::init(t)?;
    namespace::init(t)?;
    union::init(t)?;
    weakref::init(t)?;
    descriptors::init(t)?;
    exceptions::init(t)?;
    crate::interpreter::generator::init(t)?;
    Ok(())
}

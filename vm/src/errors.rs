//! Python errors as Rust results. `PyResult<T> = Result<T, Raised>`; `Raised` is a zero-sized
//! token proving that an exception is set on the thread (`Thread::exception`). Only the raise
//! functions here create it, so an `Err` always has an exception behind it.

use ember_gc::Value;

use crate::objects::builtin_types::BuiltinType;
use crate::thread::Thread;

/// Proof that the thread has a raised exception.
#[must_use]
#[derive(Debug)]
pub struct Raised(());

impl Raised {
    /// Only for code that has just stored an exception in `Thread::exception`.
    pub(crate) fn new() -> Raised {
        Raised(())
    }
}

pub type PyResult<T> = Result<T, Raised>;

impl Thread {
    /// Raises the exception instance `exc`, setting its `__context__` to the exception
    /// being handled, as CPython's `_PyErr_SetObject` does (re-raising assigns
    /// `Thread::exception` directly and keeps the context).
    pub fn raise(&mut self, exc: Value) -> Raised {
        crate::interpreter::set_context(self, exc);
        self.exception = exc;
        Raised::new()
    }

    /// Raises `ty(msg)`.
    #[cold]
    pub fn raise_msg(&mut self, ty: BuiltinType, msg: &str) -> Raised {
        let tyv = self.ty(ty);
        self.raise_type_msg(tyv, msg)
    }

    /// Raises an instance of the type object `ty` with one str argument.
    #[cold]
    pub fn raise_type_msg(&mut self, ty: Value, msg: &str) -> Raised {
        let h = self.root(ty);
        let s = match crate::objects::str::new_str(self, msg) {
            Ok(s) => s,
            Err(r) => return r,
        };
        let ty = self.get(h);
        match crate::objects::exceptions::new_exception(self, ty, &[s]) {
            Ok(e) => self.raise(e),
            Err(r) => r,
        }
    }

    /// Raises `ty()` with no arguments.
    #[cold]
    pub fn raise_empty(&mut self, ty: BuiltinType) -> Raised {
        let tyv = self.ty(ty);
        match crate::objects::exceptions::new_exception(self, tyv, &[]) {
            Ok(e) => self.raise(e),
            Err(r) => r,
        }
    }

    /// Raises `ty(*args)` (`new_exception` roots its inputs).
    #[cold]
    pub fn raise_with_args(&mut self, ty: BuiltinType, args: &[Value]) -> Raised {
        let tyv = self.ty(ty);
        match crate::objects::exceptions::new_exception(self, tyv, args) {
            Ok(e) => self.raise(e),
            Err(r) => r,
        }
    }

    #[cold]
    pub fn type_error(&mut self, msg: &str) -> Raised {
        self.raise_msg(BuiltinType::TypeError, msg)
    }

    #[cold]
    pub fn value_error(&mut self, msg: &str) -> Raised {
        self.raise_msg(BuiltinType::ValueError, msg)
    }

    #[cold]
    pub fn index_error(&mut self, msg: &str) -> Raised {
        self.raise_msg(BuiltinType::IndexError, msg)
    }

    #[cold]
    pub fn overflow_error(&mut self, msg: &str) -> Raised {
        self.raise_msg(BuiltinType::OverflowError, msg)
    }

    #[cold]
    pub fn zero_division(&mut self, msg: &str) -> Raised {
        self.raise_msg(BuiltinType::ZeroDivisionError, msg)
    }

    #[cold]
    pub fn runtime_error(&mut self, msg: &str) -> Raised {
        self.raise_msg(BuiltinType::RuntimeError, msg)
    }

    #[cold]
    pub fn system_error(&mut self, msg: &str) -> Raised {
        self.raise_msg(BuiltinType::SystemError, msg)
    }

    /// `KeyError(key)`.
    #[cold]
    pub fn key_error(&mut self, key: Value) -> Raised {
        self.raise_with_args(BuiltinType::KeyError, &[key])
    }

    /// Clears and returns the raised exception.
    pub fn take_exception(&mut self) -> Value {
        std::mem::replace(&mut self.exception, Value::UNBOUND)
    }

    /// Whether the raised exception is an instance of builtin type `ty` (or a subclass).
    pub fn exception_matches(&self, ty: BuiltinType) -> bool {
        let e = self.exception;
        if e.is_unbound() {
            return false;
        }
        let et = self.type_of(e);
        crate::objects::type_::is_subtype(self, et, self.ty(ty))
    }
}

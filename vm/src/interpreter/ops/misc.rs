//! Rarely executed opcodes.

use crate::errors::PyResult;
use crate::thread::Thread;

/// PRINT_EXPR: `sys.displayhook(TOS)`.
pub fn print_expr(t: &mut Thread) -> PyResult<()> {
    let v = t.stack.pop();
    let hv = t.root(v);
    let sys = t.globals.sys;
    let hook = crate::protocol::getattr_str(t, sys, "displayhook")?;
    crate::protocol::call(t, hook, &[t.get(hv)])?;
    Ok(())
}

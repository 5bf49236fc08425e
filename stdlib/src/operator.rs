//! The `_operator` module: only `_compare_digest`, which `hmac` and `secrets` import from
//! it directly; `operator` itself keeps its pure-Python functions.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{bytes, dict, module, str as pystr, type_};
use ember_vm::thread::Thread;

/// `_compare_digest(a, b)`: equality in time independent of where the inputs differ.
fn compare_digest(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "_compare_digest", 2, 2)?;
    let (x, y) = (a.get(t, 0), a.get(t, 1));
    let (xb, yb) = if pystr::is_str(t, x) && pystr::is_str(t, y) {
        let (xs, ys) = (pystr::to_rust_string(t, x), pystr::to_rust_string(t, y));
        if !xs.is_ascii() || !ys.is_ascii() {
            return Err(t.type_error(
                "comparing strings with non-ASCII characters is not supported",
            ));
        }
        (xs.into_bytes(), ys.into_bytes())
    } else {
        match (bytes::bytes_owned(t, x), bytes::bytes_owned(t, y)) {
            (Some(xb), Some(yb)) if !pystr::is_str(t, x) && !pystr::is_str(t, y) => (xb, yb),
            _ => {
                let msg = format!(
                    "unsupported operand types(s) or combination of types: '{}' and '{}'",
                    type_::type_name_of(t, x),
                    type_::type_name_of(t, y)
                );
                return Err(t.type_error(&msg));
            }
        }
    };
    // Walk all of `b` whatever happens, so the time depends only on its length.
    let mut diff = (xb.len() != yb.len()) as u8;
    let left = if xb.len() == yb.len() { &xb } else { &yb };
    for (i, c) in yb.iter().enumerate() {
        diff |= left[i] ^ c;
    }
    Ok(Value::from_bool(diff == 0))
}

pub fn init_operator(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_operator")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    native::add_function(t, t.get(hd), "_operator", "_compare_digest", compare_digest)?;
    let doc = pystr::new_str(t, "Operator interface.")?;
    dict::set_str(t, t.get(hd), "__doc__", doc)?;
    Ok(t.get(hm))
}

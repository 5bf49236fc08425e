//! The `_contextvars` module: `ContextVar`, `Token`, `Context` and `copy_context` (PEP 567).
//!
//! A Context holds an ordinary dict from variables to values. Contexts are immutable from
//! Python's point of view: `ContextVar.set` replaces the current context's dict with an
//! updated copy instead of editing it, so `copy()` can share the dict (CPython uses a HAMT
//! for the same effect; a copy per `set` is cheap for the handful of variables programs use).
//! The current context is `Thread::context`, created on first use.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::{dict, list, module, str as pystr, tuple};
use ember_vm::protocol;
use ember_vm::thread::Thread;

const VAR: &str = "_contextvars.ContextVar";
const TOKEN: &str = "_contextvars.Token";
const CONTEXT: &str = "_contextvars.Context";
/// The `Token.MISSING` marker's type.
const MISSING_TYPE: &str = "Token.MISSING";

// ContextVar slots.
const V_NAME: usize = 0;
/// The default, or UNBOUND-free marker: the MISSING object when there is none.
const V_DEFAULT: usize = 1;
// Token slots.
const T_CONTEXT: usize = 0;
const T_VAR: usize = 1;
const T_OLD: usize = 2;
const T_USED: usize = 3;
// Context slots.
const C_VARS: usize = 0;
const C_PREV: usize = 1;
const C_ENTERED: usize = 2;

fn ty(t: &mut Thread, key: &str) -> PyResult<Value> {
    match native_type::native_type(t, key) {
        Some(v) => Ok(v),
        None => Err(t.system_error("_contextvars is not initialised")),
    }
}

/// `Token.MISSING`, the one instance of its type.
fn missing(t: &mut Thread) -> PyResult<Value> {
    let tok = ty(t, TOKEN)?;
    let d = ember_vm::objects::type_::type_dict(t, tok);
    match dict::get_rust_str(t, d, "MISSING")? {
        Some(m) => Ok(m),
        None => Err(t.system_error("Token.MISSING is missing")),
    }
}

fn new_context(t: &mut Thread, vars: Value) -> PyResult<Value> {
    let hv = t.root(vars);
    let cls = ty(t, CONTEXT)?;
    native_type::new_instance(t, cls, &[t.get(hv), Value::NONE, Value::FALSE])
}

/// The current context, made on first use.
fn current(t: &mut Thread) -> PyResult<Value> {
    if t.context.is_none() {
        let d = dict::new_dict(t)?;
        let c = new_context(t, d)?;
        t.context = c;
    }
    Ok(t.context)
}

fn check_instance(t: &mut Thread, v: Value, key: &str, what: &str) -> PyResult<()> {
    let cls = ty(t, key)?;
    if native_type::is_instance(t, v, cls) {
        return Ok(());
    }
    let msg = format!(
        "an instance of {what} was expected, got {}",
        ember_vm::objects::type_::type_name_of(t, v)
    );
    Err(t.type_error(&msg))
}

// ----- ContextVar -----

fn var_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    let hcls = t.root(cls);
    if a.len() != 2 {
        let msg = format!(
            "ContextVar() takes exactly 1 positional argument ({} given)",
            a.len() - 1
        );
        return Err(t.type_error(&msg));
    }
    let name = a.get(t, 1);
    if !pystr::is_str(t, name) {
        return Err(t.type_error("context variable name must be a str"));
    }
    let mut default = missing(t)?;
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "default") {
            default = v;
        } else {
            let msg = format!(
                "ContextVar() got an unexpected keyword argument '{}'",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        }
    }
    native_type::new_instance(t, t.get(hcls), &[a.get(t, 1), default])
}

fn var_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 2 {
        let msg = format!("get expected at most 1 argument, got {}", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let ctx = current(t)?;
    let vars = t.heap.slot(ctx, C_VARS);
    if let Some(v) = dict::get(t, vars, a.get(t, 0))? {
        return Ok(v);
    }
    if let Some(d) = a.opt(t, 1) {
        return Ok(d);
    }
    let default = t.heap.slot(a.get(t, 0), V_DEFAULT);
    if default != missing(t)? {
        return Ok(default);
    }
    Err(t.raise_with_args(BuiltinType::LookupError, &[a.get(t, 0)]))
}

fn var_set(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "set", 2, 2)?;
    let ctx = current(t)?;
    let hctx = t.root(ctx);
    let vars = t.heap.slot(ctx, C_VARS);
    let old = match dict::get(t, vars, a.get(t, 0))? {
        Some(v) => v,
        None => missing(t)?,
    };
    let hold = t.root(old);
    let vars = t.heap.slot(t.get(hctx), C_VARS);
    let copy = dict::copy(t, vars)?;
    let hcopy = t.root(copy);
    dict::set(t, copy, a.get(t, 0), a.get(t, 1))?;
    t.heap.set_slot(t.get(hctx), C_VARS, t.get(hcopy));
    let cls = ty(t, TOKEN)?;
    native_type::new_instance(
        t,
        cls,
        &[t.get(hctx), a.get(t, 0), t.get(hold), Value::FALSE],
    )
}

fn token_repr_string(t: &mut Thread, tok: Value) -> PyResult<String> {
    let r = protocol::repr_string(t, tok)?;
    Ok(r)
}

fn var_reset(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "reset", 2, 2)?;
    let tok = a.get(t, 1);
    check_instance(t, tok, TOKEN, "Token")?;
    if t.heap.slot(tok, T_USED).is_true() {
        let r = token_repr_string(t, a.get(t, 1))?;
        return Err(t.runtime_error(&format!("{r} has already been used once")));
    }
    let tok = a.get(t, 1);
    if t.heap.slot(tok, T_VAR) != a.get(t, 0) {
        let r = token_repr_string(t, a.get(t, 1))?;
        return Err(t.value_error(&format!("{r} was created by a different ContextVar")));
    }
    let ctx = current(t)?;
    let tok = a.get(t, 1);
    if t.heap.slot(tok, T_CONTEXT) != ctx {
        let r = token_repr_string(t, a.get(t, 1))?;
        return Err(t.value_error(&format!("{r} was created in a different Context")));
    }
    t.heap.set_slot(tok, T_USED, Value::TRUE);
    let hctx = t.root(ctx);
    let old = t.heap.slot(tok, T_OLD);
    let hold = t.root(old);
    let vars = t.heap.slot(ctx, C_VARS);
    let copy = dict::copy(t, vars)?;
    let hcopy = t.root(copy);
    if t.get(hold) == missing(t)? {
        dict::remove(t, copy, a.get(t, 0))?;
    } else {
        dict::set(t, copy, a.get(t, 0), t.get(hold))?;
    }
    t.heap.set_slot(t.get(hctx), C_VARS, t.get(hcopy));
    Ok(Value::NONE)
}

fn var_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let v = a.get(t, 0);
    let name = protocol::repr_string(t, t.heap.slot(v, V_NAME))?;
    let default = t.heap.slot(a.get(t, 0), V_DEFAULT);
    let mut s = format!("<ContextVar name={name}");
    if default != missing(t)? {
        let d = protocol::repr_string(t, default)?;
        s.push_str(&format!(" default={d}"));
    }
    let id = protocol::identity(t, a.get(t, 0));
    s.push_str(&format!(" at {id:#x}>"));
    pystr::new_str(t, &s)
}

fn var_name(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), V_NAME))
}

// ----- Token -----

fn token_var(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), T_VAR))
}

fn token_old_value(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), T_OLD))
}

fn token_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let tok = a.get(t, 0);
    let used = t.heap.slot(tok, T_USED).is_true();
    let var = protocol::repr_string(t, t.heap.slot(tok, T_VAR))?;
    let id = protocol::identity(t, a.get(t, 0));
    let s = format!(
        "<Token{} var={var} at {id:#x}>",
        if used { " used" } else { "" }
    );
    pystr::new_str(t, &s)
}

fn missing_repr(t: &mut Thread, _a: Args) -> PyResult<Value> {
    pystr::new_str(t, "<Token.MISSING>")
}

// ----- Context -----

fn ctx_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() > 1 || a.nkw > 0 {
        return Err(t.type_error("Context() does not accept any arguments"));
    }
    let d = dict::new_dict(t)?;
    let hd = t.root(d);
    native_type::new_instance(t, a.get(t, 0), &[t.get(hd), Value::NONE, Value::FALSE])
}

fn ctx_run(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.len() < 2 {
        return Err(t.type_error("run() missing 1 required positional argument"));
    }
    let ctx = a.get(t, 0);
    if t.heap.slot(ctx, C_ENTERED).is_true() {
        let r = protocol::repr_string(t, ctx)?;
        return Err(t.runtime_error(&format!(
            "cannot enter context: {r} is already entered"
        )));
    }
    let prev = current(t)?;
    let ctx = a.get(t, 0);
    t.heap.set_slot(ctx, C_PREV, prev);
    t.heap.set_slot(ctx, C_ENTERED, Value::TRUE);
    t.context = ctx;
    let callee = a.get(t, 1);
    let hc = t.root(callee);
    let mut args: Vec<Value> = (2..a.len()).map(|i| a.get(t, i)).collect();
    let r = if a.nkw == 0 {
        protocol::call(t, t.get(hc), &args)
    } else {
        for i in 0..a.nkw {
            args.push(a.kw(t, i).1);
        }
        let names = a.kwnames(t);
        protocol::call::call_with_kw(t, t.get(hc), &args, names)
    };
    let ctx = a.get(t, 0);
    t.context = t.heap.slot(ctx, C_PREV);
    t.heap.set_slot(ctx, C_PREV, Value::NONE);
    t.heap.set_slot(ctx, C_ENTERED, Value::FALSE);
    r
}

fn ctx_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "copy", 1, 1)?;
    // Dicts are never edited once a context holds them, so the copy shares it.
    let vars = t.heap.slot(a.get(t, 0), C_VARS);
    new_context(t, vars)
}

fn copy_context(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "copy_context", 0, 0)?;
    let ctx = current(t)?;
    let vars = t.heap.slot(ctx, C_VARS);
    new_context(t, vars)
}

fn vars_of(t: &mut Thread, a: &Args) -> Value {
    t.heap.slot(a.get(t, 0), C_VARS)
}

fn ctx_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__getitem__", 2, 2)?;
    check_instance(t, a.get(t, 1), VAR, "ContextVar")?;
    let vars = vars_of(t, &a);
    match dict::get(t, vars, a.get(t, 1))? {
        Some(v) => Ok(v),
        None => Err(t.key_error(a.get(t, 1))),
    }
}

fn ctx_get(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "get", 2, 3)?;
    check_instance(t, a.get(t, 1), VAR, "ContextVar")?;
    let vars = vars_of(t, &a);
    match dict::get(t, vars, a.get(t, 1))? {
        Some(v) => Ok(v),
        None => Ok(a.opt(t, 2).unwrap_or(Value::NONE)),
    }
}

fn ctx_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "__contains__", 2, 2)?;
    check_instance(t, a.get(t, 1), VAR, "ContextVar")?;
    let vars = vars_of(t, &a);
    Ok(Value::from_bool(dict::get(t, vars, a.get(t, 1))?.is_some()))
}

fn ctx_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    let vars = vars_of(t, &a);
    Ok(Value::small_int(dict::len(t, vars) as i64))
}

fn ctx_items_list(t: &mut Thread, a: &Args, which: u8) -> PyResult<Value> {
    let vars = vars_of(t, a);
    let hv = t.root(vars);
    let out = list::new_list(t, 0)?;
    let ho = t.root(out);
    let mut i = 0;
    while i < dict::nentries(t, t.get(hv)) {
        let entry = dict::entry_at(t, t.get(hv), i);
        i += 1;
        let Some((k, v)) = entry else { continue };
        let item = match which {
            0 => k,
            1 => v,
            _ => tuple::new_tuple(t, &[k, v])?,
        };
        list::append(t, t.get(ho), item)?;
    }
    Ok(t.get(ho))
}

fn ctx_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    let l = ctx_items_list(t, &a, 0)?;
    protocol::iter(t, l)
}

fn ctx_keys(t: &mut Thread, a: Args) -> PyResult<Value> {
    ctx_items_list(t, &a, 0)
}

fn ctx_values(t: &mut Thread, a: Args) -> PyResult<Value> {
    ctx_items_list(t, &a, 1)
}

fn ctx_items(t: &mut Thread, a: Args) -> PyResult<Value> {
    ctx_items_list(t, &a, 2)
}

fn make_type(
    t: &mut Thread,
    key: &'static str,
    name: &'static str,
    slots: u32,
    methods: &[(&'static str, native::NativeFn)],
) -> PyResult<Value> {
    if let Some(ty) = native_type::native_type(t, key) {
        return Ok(ty);
    }
    let spec = NativeTypeSpec {
        module: "_contextvars",
        name,
        slots,
        basetype: false,
        dict: false,
    };
    let ty = native_type::new_native_type(t, key, &spec)?;
    let h = t.root(ty);
    for (n, f) in methods {
        native::add_method(t, t.get(h), n, *f)?;
    }
    Ok(t.get(h))
}

fn class_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    ember_vm::objects::generic_alias::class_getitem(t, a)
}

fn already_init(t: &Thread) -> bool {
    native_type::native_type(t, VAR).is_some()
}

pub fn init_contextvars(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_contextvars")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    if !already_init(t) {
        let var = make_type(
            t,
            VAR,
            "ContextVar",
            2,
            &[
                ("get", var_get),
                ("set", var_set),
                ("reset", var_reset),
                ("__repr__", var_repr),
            ],
        )?;
        let hv = t.root(var);
        native::add_static(t, t.get(hv), "__new__", var_new)?;
        native::add_classmethod(t, t.get(hv), "__class_getitem__", class_getitem)?;
        ember_vm::objects::descriptors::add_getset(t, t.get(hv), "name", var_name, None)?;
        let tok = make_type(t, TOKEN, "Token", 4, &[("__repr__", token_repr)])?;
        let htok = t.root(tok);
        native_type::forbid_new(t, tok)?;
        native::add_classmethod(t, t.get(htok), "__class_getitem__", class_getitem)?;
        ember_vm::objects::descriptors::add_getset(t, t.get(htok), "var", token_var, None)?;
        ember_vm::objects::descriptors::add_getset(
            t,
            t.get(htok),
            "old_value",
            token_old_value,
            None,
        )?;
        // Token.MISSING: the one instance of a small marker type.
        let mty = make_type(t, MISSING_TYPE, "Token.MISSING", 0, &[("__repr__", missing_repr)])?;
        native_type::forbid_new(t, mty)?;
        let marker = native_type::new_instance(t, mty, &[])?;
        let tdict = ember_vm::objects::type_::type_dict(t, t.get(htok));
        dict::set_str(t, tdict, "MISSING", marker)?;
        let ctx = make_type(
            t,
            CONTEXT,
            "Context",
            3,
            &[
                ("run", ctx_run),
                ("copy", ctx_copy),
                ("__getitem__", ctx_getitem),
                ("get", ctx_get),
                ("__contains__", ctx_contains),
                ("__len__", ctx_len),
                ("__iter__", ctx_iter),
                ("keys", ctx_keys),
                ("values", ctx_values),
                ("items", ctx_items),
            ],
        )?;
        native::add_static(t, ctx, "__new__", ctx_new)?;
    }
    for (name, key) in [("ContextVar", VAR), ("Token", TOKEN), ("Context", CONTEXT)] {
        let ty = ty(t, key)?;
        dict::set_str(t, t.get(hd), name, ty)?;
    }
    native::add_function(t, t.get(hd), "_contextvars", "copy_context", copy_context)?;
    Ok(t.get(hm))
}

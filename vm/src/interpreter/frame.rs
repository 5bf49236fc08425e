//! Frames. A frame's locals, cells and temporaries live in the thread's contiguous value
//! stack (`ValueStack`), starting at `base`; the `Frame` record beside it holds the code
//! pointer, the program counter and the frame's roots (function, globals, builtins, locals
//! mapping). Calling a Python function binds arguments in place: the arguments the caller
//! pushed become the callee's first locals, so no argument tuple is allocated.

use ember_gc::Value;

use crate::bytecode::CodeFlags;
use crate::errors::PyResult;
use crate::objects::code::{self, CodeData};
use crate::objects::{dict, function, str as pystr, tuple};
use crate::thread::Thread;

pub struct Frame {
    /// The running code's data; valid while `code_obj` is alive (it is a root here).
    pub code: *mut CodeData,
    pub code_obj: Value,
    /// The function being run (None for module and class bodies run by exec).
    pub func: Value,
    pub globals: Value,
    pub builtins: Value,
    /// The locals mapping for module/class bodies (`LOAD_NAME`), else UNBOUND.
    pub locals: Value,
    pub consts: Value,
    /// Stack index of local 0.
    pub base: usize,
    /// Stack index of the first temporary (base + locals + cells + frees).
    pub stack_base: usize,
    /// The stack height to restore on return (the caller's call site base).
    pub ret_sp: usize,
    /// Next instruction.
    pub pc: usize,
    /// The instruction being executed (for tracebacks and exception handlers).
    pub lasti: usize,
    /// Return to the Rust caller when this frame finishes.
    pub entry: bool,
    /// The generator/coroutine running in this frame, or None.
    pub generator: Value,
    /// For an `__init__` frame pushed by a class call (`ops::call`): the new instance, which
    /// the call returns once `__init__` returned None; UNBOUND otherwise.
    pub init_self: Value,
}

impl Frame {
    pub fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut Value)) {
        visit(&mut self.code_obj);
        visit(&mut self.func);
        visit(&mut self.globals);
        visit(&mut self.builtins);
        visit(&mut self.locals);
        visit(&mut self.consts);
        visit(&mut self.generator);
        visit(&mut self.init_self);
    }

    /// The code data.
    #[inline]
    pub fn code(&self) -> &CodeData {
        // SAFETY: `code` points at the CodeData of `code_obj`, which this frame roots, and
        // CodeData is only freed after its code object dies.
        unsafe { &*self.code }
    }
}

/// Room to leave at the top of the value stack for native calls and error handling.
const STACK_SLACK: usize = 256;

/// Checks that `need` more stack slots fit; raises RecursionError (CPython's message for
/// runaway recursion) when they do not.
pub fn check_stack(t: &mut Thread, need: usize) -> PyResult<()> {
    if t.stack.sp + need + STACK_SLACK > t.stack.capacity() {
        return Err(t.raise_msg(
            crate::objects::builtin_types::BuiltinType::RecursionError,
            "maximum recursion depth exceeded",
        ));
    }
    Ok(())
}

/// Creates the frame for calling `func` whose arguments are on the stack at
/// `fslot + 1 ..` (`nargs` positional, then `nkw` keyword values and the kwnames tuple).
/// On success the frame is pushed on `t.frames`; `ret_sp` is where the result goes.
pub fn push_function_frame(
    t: &mut Thread,
    fslot: usize,
    nargs: usize,
    nkw: usize,
    ret_sp: usize,
) -> PyResult<()> {
    if t.depth >= t.recursion_limit {
        return Err(t.raise_msg(
            crate::objects::builtin_types::BuiltinType::RecursionError,
            "maximum recursion depth exceeded",
        ));
    }
    let func = t.stack.slots[fslot];
    let code_obj = t.heap.slot(func, function::CODE);
    let data = code::code_data(t, code_obj);
    if data.is_null() {
        return Err(t.system_error("code object without data"));
    }
    // SAFETY: `data` is the CodeData of `code_obj`, referenced by `func` which sits in the
    // value stack (a root) for the whole call.
    let cd = unsafe { &*data };
    let base = fslot + 1;
    let nlocalsplus = cd.nlocalsplus();
    check_stack(t, nlocalsplus + cd.stacksize as usize)?;
    let argcount = cd.argcount as usize;
    let simple = nkw == 0
        && nargs == argcount
        && cd.kwonlyargcount == 0
        && !cd
            .flags
            .intersects(CodeFlags::VARARGS | CodeFlags::VARKEYWORDS);
    let defaults_only = nkw == 0
        && nargs < argcount
        && cd.kwonlyargcount == 0
        && !cd
            .flags
            .intersects(CodeFlags::VARARGS | CodeFlags::VARKEYWORDS)
        && argcount - nargs <= defaults_len(t, func);
    if simple {
        for i in base + nargs..base + cd.nlocals as usize {
            t.stack.slots[i] = Value::UNBOUND;
        }
        t.stack.sp = base + cd.nlocals as usize;
    } else if defaults_only {
        // Positional arguments with the missing trailing ones taken from the defaults: no
        // allocation, so the general binder's rooting is not needed.
        let defaults = t.heap.slot(func, function::DEFAULTS);
        let ndefaults = defaults_len(t, func);
        for i in nargs..argcount {
            t.stack.slots[base + i] = tuple::get(t, defaults, i + ndefaults - argcount);
        }
        for i in base + argcount..base + cd.nlocals as usize {
            t.stack.slots[i] = Value::UNBOUND;
        }
        t.stack.sp = base + cd.nlocals as usize;
    } else {
        bind_general(t, fslot, nargs, nkw)?;
    }
    // Re-read after possible allocation in bind_general.
    let func = t.stack.slots[fslot];
    let code_obj = t.heap.slot(func, function::CODE);
    // SAFETY: as above; the CodeData does not move.
    let cd = unsafe { &*data };
    // Cells and free variables.
    let nlocals = cd.nlocals as usize;
    let ncells = cd.ncells as usize;
    let nfree = cd.nfree as usize;
    t.stack.sp = base + nlocals + ncells + nfree;
    // The free-variable slots too: they are below `sp`, so a collection in `new_cell` scans
    // them, and they still hold whatever an earlier frame left there.
    for i in 0..ncells + nfree {
        t.stack.slots[base + nlocals + i] = Value::NONE;
    }
    for i in 0..ncells {
        let init = match cd.cell2arg.get(i).copied().flatten() {
            Some(a) => {
                let v = t.stack.slots[base + a as usize];
                t.stack.slots[base + a as usize] = Value::UNBOUND;
                v
            }
            None => Value::UNBOUND,
        };
        let cell = function::new_cell(t, init)?;
        t.stack.slots[base + nlocals + i] = cell;
    }
    if nfree > 0 {
        let func = t.stack.slots[fslot];
        let closure = t.heap.slot(func, function::CLOSURE);
        for i in 0..nfree {
            let c = tuple::get(t, closure, i);
            t.stack.slots[base + nlocals + ncells + i] = c;
        }
    }
    let func = t.stack.slots[fslot];
    let code_obj2 = t.heap.slot(func, function::CODE);
    debug_assert!(code_obj2 == code_obj || ncells > 0);
    let frame = Frame {
        code: data,
        code_obj: code_obj2,
        func,
        globals: t.heap.slot(func, function::GLOBALS),
        builtins: t.heap.slot(func, function::BUILTINS),
        locals: Value::UNBOUND,
        consts: t.heap.slot(code_obj2, code::CONSTS),
        base,
        stack_base: t.stack.sp,
        ret_sp,
        pc: 0,
        lasti: 0,
        entry: false,
        generator: Value::NONE,
        init_self: Value::UNBOUND,
    };
    t.frames.push(frame);
    t.depth += 1;
    Ok(())
}

/// The general argument binder: defaults, keyword arguments, `*args`, `**kwargs`, with
/// CPython's error messages. Leaves `nlocals` bound locals at `fslot + 1`.
fn bind_general(t: &mut Thread, fslot: usize, nargs: usize, nkw: usize) -> PyResult<()> {
    let func = t.stack.slots[fslot];
    let code_obj = t.heap.slot(func, function::CODE);
    let data = code::code_data(t, code_obj);
    // SAFETY: the function (and so its code) is rooted in the value stack slot `fslot`.
    let cd = unsafe { &*data };
    let base = fslot + 1;
    let argcount = cd.argcount as usize;
    let posonly = cd.posonlyargcount as usize;
    let kwonly = cd.kwonlyargcount as usize;
    let nlocals = cd.nlocals as usize;
    let has_varargs = cd.flags.contains(CodeFlags::VARARGS);
    let has_varkw = cd.flags.contains(CodeFlags::VARKEYWORDS);
    // Borrowed from the CodeData, which stays put while the function is on the stack.
    let qualname = &cd.qualname;
    let varnames = &cd.varnames;

    // Save the incoming arguments in handles (they are overwritten as locals are laid out).
    let mark = t.handle_mark();
    let pos: Vec<_> = (0..nargs)
        .map(|i| t.root(t.stack.slots[base + i]))
        .collect();
    let kwv: Vec<_> = (0..nkw)
        .map(|i| t.root(t.stack.slots[base + nargs + i]))
        .collect();
    let kwnames = if nkw > 0 {
        t.root(t.stack.slots[base + nargs + nkw])
    } else {
        t.root(Value::NONE)
    };
    let needed = nlocals.max(nargs + nkw + 1);
    check_stack(t, needed)?;
    for i in 0..nlocals {
        t.stack.slots[base + i] = Value::UNBOUND;
    }
    t.stack.sp = base + nlocals;

    // Positional parameters.
    let take = nargs.min(argcount);
    for (i, h) in pos.iter().enumerate().take(take) {
        t.stack.slots[base + i] = t.get(*h);
    }
    let varargs_index = argcount + kwonly;
    let varkw_index = varargs_index + has_varargs as usize;
    if has_varargs {
        let extra: Vec<Value> = pos[take..].iter().map(|h| t.get(*h)).collect();
        let tup = tuple::new_tuple(t, &extra)?;
        t.stack.slots[base + varargs_index] = tup;
    } else if nargs > argcount {
        let given_kwonly = (0..nkw)
            .filter(|i| {
                let k = tuple::get(t, t.get(kwnames), *i);
                varnames[argcount..argcount + kwonly]
                    .iter()
                    .any(|n| pystr::str_eq_rust(t, k, n))
            })
            .count();
        let func = t.stack.slots[fslot];
        let ndefaults = defaults_len(t, func);
        let takes = if ndefaults > 0 {
            format!("from {} to {}", argcount - ndefaults, argcount)
        } else {
            argcount.to_string()
        };
        let plural = if argcount == 1 && ndefaults == 0 {
            ""
        } else {
            "s"
        };
        let msg = if given_kwonly > 0 {
            format!(
                "{qualname}() takes {takes} positional argument{plural} but {nargs} positional argument{} (and {given_kwonly} keyword-only argument{}) were given",
                if nargs == 1 { "" } else { "s" },
                if given_kwonly == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{qualname}() takes {takes} positional argument{plural} but {nargs} {} given",
                if nargs == 1 { "was" } else { "were" }
            )
        };
        t.handle_release(mark);
        return Err(t.type_error(&msg));
    }
    let kwdict = if has_varkw {
        let d = dict::new_dict(t)?;
        t.stack.slots[base + varkw_index] = d;
        Some(d)
    } else {
        None
    };
    let _ = kwdict;

    // Keyword arguments.
    let mut posonly_as_kw: Vec<String> = Vec::new();
    for (i, hv) in kwv.iter().enumerate() {
        let name = tuple::get(t, t.get(kwnames), i);
        let found =
            (posonly..argcount + kwonly).find(|j| pystr::str_eq_rust(t, name, &varnames[*j]));
        match found {
            Some(j) => {
                if !t.stack.slots[base + j].is_unbound() {
                    let msg = format!(
                        "{qualname}() got multiple values for argument '{}'",
                        varnames[j]
                    );
                    t.handle_release(mark);
                    return Err(t.type_error(&msg));
                }
                t.stack.slots[base + j] = t.get(*hv);
            }
            None => {
                if has_varkw {
                    let d = t.stack.slots[base + varkw_index];
                    dict::set(t, d, name, t.get(*hv))?;
                } else {
                    let n = pystr::to_rust_string(t, name);
                    if varnames[..posonly].contains(&n) {
                        posonly_as_kw.push(n);
                        continue;
                    }
                    let msg = format!("{qualname}() got an unexpected keyword argument '{n}'");
                    t.handle_release(mark);
                    return Err(t.type_error(&msg));
                }
            }
        }
    }
    if !posonly_as_kw.is_empty() {
        let msg = format!(
            "{qualname}() got some positional-only arguments passed as keyword arguments: '{}'",
            posonly_as_kw.join(", ")
        );
        t.handle_release(mark);
        return Err(t.type_error(&msg));
    }

    // Defaults for missing positional parameters.
    let func = t.stack.slots[fslot];
    let defaults = t.heap.slot(func, function::DEFAULTS);
    let ndefaults = defaults_len(t, func);
    let mut missing: Vec<String> = Vec::new();
    for i in nargs.min(argcount)..argcount {
        if !t.stack.slots[base + i].is_unbound() {
            continue;
        }
        let di = i as isize - (argcount - ndefaults) as isize;
        if di >= 0 {
            t.stack.slots[base + i] = tuple::get(t, defaults, di as usize);
        } else {
            missing.push(format!("'{}'", varnames[i]));
        }
    }
    if !missing.is_empty() {
        let msg = format!(
            "{qualname}() missing {} required positional argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            join_names(&missing)
        );
        t.handle_release(mark);
        return Err(t.type_error(&msg));
    }
    // Keyword-only defaults.
    for (i, name) in varnames.iter().enumerate().skip(argcount).take(kwonly) {
        if !t.stack.slots[base + i].is_unbound() {
            continue;
        }
        // Re-read every time: looking up a long name allocates a str, which may move the
        // dict (the function in its stack slot is a root and stays current).
        let kwdefaults = t.heap.slot(t.stack.slots[fslot], function::KWDEFAULTS);
        let dv = if kwdefaults.is_none() {
            None
        } else {
            dict::get_rust_str(t, kwdefaults, name)?
        };
        match dv {
            Some(v) => t.stack.slots[base + i] = v,
            None => missing.push(format!("'{}'", name)),
        }
    }
    if !missing.is_empty() {
        let msg = format!(
            "{qualname}() missing {} required keyword-only argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            join_names(&missing)
        );
        t.handle_release(mark);
        return Err(t.type_error(&msg));
    }
    t.handle_release(mark);
    Ok(())
}

fn defaults_len(t: &Thread, func: Value) -> usize {
    let d = t.heap.slot(func, function::DEFAULTS);
    if d.is_none() {
        0
    } else {
        tuple::len(t, d)
    }
}

/// `'a', 'b' and 'c'` as CPython lists missing arguments.
fn join_names(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        n => format!("{}, and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// Pushes a frame that runs `code_obj` with the given globals and locals mapping (module
/// bodies, class bodies, exec/eval).
pub fn push_code_frame(
    t: &mut Thread,
    code_obj: Value,
    globals: Value,
    locals: Value,
    closure: Value,
) -> PyResult<()> {
    let data = code::code_data(t, code_obj);
    if data.is_null() {
        return Err(t.system_error("code object without data"));
    }
    // SAFETY: code_obj is rooted by the caller and then by the frame.
    let cd = unsafe { &*data };
    let n = cd.nlocalsplus();
    check_stack(t, n + cd.stacksize as usize + 1)?;
    let hc = t.root(code_obj);
    let hg = t.root(globals);
    let hl = t.root(locals);
    let hcl = t.root(closure);
    // Builtins: globals['__builtins__'] if it is a module or dict, else the VM's.
    let mut builtins = t.globals.builtins;
    if let Some(b) = dict::get_rust_str(t, t.get(hg), "__builtins__")? {
        if dict::is_dict(t, b) {
            builtins = b;
        } else if crate::objects::module::is_module(t, b) {
            builtins = crate::objects::module::module_dict(t, b);
        }
    }
    let hb = t.root(builtins);
    // Slot for the (absent) function, then locals.
    let fslot = t.stack.sp;
    t.stack.push(Value::NONE);
    let base = t.stack.sp;
    for _ in 0..cd.nlocals {
        t.stack.push(Value::UNBOUND);
    }
    for _ in 0..cd.ncells {
        let cell = function::new_cell(t, Value::UNBOUND)?;
        t.stack.push(cell);
    }
    let closure = t.get(hcl);
    for i in 0..cd.nfree as usize {
        let c = tuple::get(t, closure, i);
        t.stack.push(c);
    }
    let code_obj = t.get(hc);
    t.frames.push(Frame {
        code: data,
        code_obj,
        func: Value::NONE,
        globals: t.get(hg),
        builtins: t.get(hb),
        locals: t.get(hl),
        consts: t.heap.slot(code_obj, code::CONSTS),
        base,
        stack_base: t.stack.sp,
        ret_sp: fslot,
        pc: 0,
        lasti: 0,
        entry: false,
        generator: Value::NONE,
        init_self: Value::UNBOUND,
    });
    t.depth += 1;
    Ok(())
}

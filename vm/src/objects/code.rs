//! `code`: compiled code. A code object is a small heap object (slot CODE_ID names its
//! `CodeData`, the rest are the Python-visible `co_*` values); the instructions, inline
//! caches, line table and exception table live outside the moving heap in `CodeData`, so the
//! interpreter can keep a raw instruction pointer across allocations and quicken in place.
//!
//! **Invariant:** a `CodeData` lives exactly as long as its code object: the code object is
//! tracked by the collector (`Heap::track`) and its data is freed when the collector reports
//! it dead. Frames root their code object, so running code is never freed.

use ember_gc::Value;

use crate::bytecode::{CodeFlags, CodeObject, Const, ExceptionEntry, LineEntry, Location};
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::{str as pystr, tuple};
use crate::symbols::Symbol;
use crate::thread::Thread;

pub const CODE_ID: usize = 0;
pub const CONSTS: usize = 1;
pub const NAMES: usize = 2;
pub const VARNAMES: usize = 3;
pub const CELLVARS: usize = 4;
pub const FREEVARS: usize = 5;
pub const FILENAME: usize = 6;
pub const NAME: usize = 7;
pub const QUALNAME: usize = 8;
pub const FIRSTLINENO: usize = 9;
pub const CODE_SLOTS: usize = 10;

/// The part of a code object the interpreter runs.
pub struct CodeData {
    /// Instruction and cache units; quickening rewrites them in place.
    pub code: Vec<u32>,
    pub flags: CodeFlags,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub nlocals: u32,
    pub ncells: u32,
    pub nfree: u32,
    pub stacksize: u32,
    pub cell2arg: Vec<Option<u32>>,
    /// `co_names` interned.
    pub name_syms: Vec<Symbol>,
    /// Polymorphic attribute-cache entries: an attribute site whose cache saw a second
    /// receiver layout moves its entry here (see `interpreter::ops::attr`).
    pub poly_caches: Vec<[[u32; 3]; crate::interpreter::ops::attr::POLY_WAYS]>,
    pub varnames: Vec<String>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub linetable: Vec<LineEntry>,
    pub exception_table: Vec<ExceptionEntry>,
    pub firstlineno: u32,
    pub name: String,
    pub qualname: String,
    pub filename: String,
    /// Number of attributes `__init__`-like functions assign on self (layout sizing).
    pub self_attributes: Vec<String>,
}

impl CodeData {
    /// Number of local, cell and free slots of a frame.
    #[inline]
    pub fn nlocalsplus(&self) -> usize {
        (self.nlocals + self.ncells + self.nfree) as usize
    }

    /// Name of cell/free variable `i` (cellvars ++ freevars indexing).
    pub fn name_of_cell(&self, i: usize) -> String {
        if i < self.cellvars.len() {
            self.cellvars[i].clone()
        } else {
            self.freevars
                .get(i - self.cellvars.len())
                .cloned()
                .unwrap_or_default()
        }
    }

    pub fn location(&self, pc: u32) -> Location {
        match self.linetable.binary_search_by(|e| e.start.cmp(&pc)) {
            Ok(i) => self.linetable[i].loc,
            Err(0) => Location::default(),
            Err(i) => self.linetable[i - 1].loc,
        }
    }

    pub fn handler_for(&self, pc: u32) -> Option<ExceptionEntry> {
        let i = self.exception_table.partition_point(|e| e.end <= pc);
        self.exception_table
            .get(i)
            .filter(|e| e.start <= pc && pc < e.end)
            .copied()
    }
}

#[derive(Default)]
pub struct CodeTable {
    pub entries: Vec<Option<Box<CodeData>>>,
    free: Vec<u32>,
}

impl CodeTable {
    pub fn new() -> CodeTable {
        CodeTable::default()
    }

    fn insert(&mut self, data: CodeData) -> u32 {
        if let Some(i) = self.free.pop() {
            self.entries[i as usize] = Some(Box::new(data));
            i
        } else {
            self.entries.push(Some(Box::new(data)));
            (self.entries.len() - 1) as u32
        }
    }

    /// Frees the data of a dead code object (token = id).
    pub fn release(&mut self, token: u64) {
        if let Some(slot) = self.entries.get_mut(token as usize) {
            if slot.take().is_some() {
                self.free.push(token as u32);
            }
        }
    }

    pub fn visit_roots(&mut self, _visit: &mut dyn FnMut(&mut Value)) {}
}

/// The `CodeData` of a code object. The pointer stays valid while the code object is alive
/// (the Box never moves and is freed only after the object dies).
#[inline]
pub fn code_data(t: &Thread, code: Value) -> *mut CodeData {
    let id = t.heap.slot(code, CODE_ID).as_small_int() as usize;
    match t.codes.entries.get(id) {
        Some(Some(b)) => &**b as *const CodeData as *mut CodeData,
        _ => std::ptr::null_mut(),
    }
}

/// Converts the compiler's output into a heap code object (recursively for nested code).
pub fn new_code(t: &mut Thread, co: &CodeObject) -> PyResult<Value> {
    let mark = t.handle_mark();
    let consts = {
        let n = co.consts.len();
        let tup = tuple::new_tuple_uninit(t, n)?;
        let h = t.root(tup);
        for (i, c) in co.consts.iter().enumerate() {
            let v = const_value(t, c)?;
            t.heap.set_slot(t.get(h), i, v);
        }
        h
    };
    let names = str_tuple(t, &co.names)?;
    let varnames = str_tuple(t, &co.varnames)?;
    let cellvars = str_tuple(t, &co.cellvars)?;
    let freevars = str_tuple(t, &co.freevars)?;
    let filename = pystr::new_str(t, &co.filename)?;
    let hfile = t.root(filename);
    let name = pystr::new_str(t, &co.name)?;
    let hname = t.root(name);
    let qualname = pystr::new_str(t, &co.qualname)?;
    let hqual = t.root(qualname);
    let mut name_syms = Vec::with_capacity(co.names.len());
    for n in &co.names {
        name_syms.push(t.intern(n)?);
    }
    let mut units = co.code.clone();
    crate::bytecode::opcodes::quicken(&mut units);
    let data = CodeData {
        code: units,
        flags: co.flags,
        argcount: co.argcount,
        posonlyargcount: co.posonlyargcount,
        kwonlyargcount: co.kwonlyargcount,
        nlocals: co.varnames.len() as u32,
        ncells: co.cellvars.len() as u32,
        nfree: co.freevars.len() as u32,
        stacksize: co.stacksize,
        cell2arg: co.cell2arg.clone(),
        name_syms,
        poly_caches: Vec::new(),
        varnames: co.varnames.clone(),
        cellvars: co.cellvars.clone(),
        freevars: co.freevars.clone(),
        linetable: co.linetable.clone(),
        exception_table: co.exception_table.clone(),
        firstlineno: co.firstlineno,
        name: co.name.clone(),
        qualname: co.qualname.clone(),
        filename: co.filename.clone(),
        self_attributes: co.self_attributes.clone(),
    };
    let id = t.codes.insert(data);
    let obj = t.new_object(
        BuiltinType::Code.layout(),
        &[
            Value::small_int(id as i64),
            t.get(consts),
            t.get(names),
            t.get(varnames),
            t.get(cellvars),
            t.get(freevars),
            t.get(hfile),
            t.get(hname),
            t.get(hqual),
            Value::small_int(co.firstlineno as i64),
        ],
    );
    let obj = match obj {
        Ok(o) => o,
        Err(e) => {
            t.codes.release(id as u64);
            t.handle_release(mark);
            return Err(e);
        }
    };
    t.heap.track(obj, id as u64);
    t.handle_release(mark);
    Ok(obj)
}

fn str_tuple(t: &mut Thread, items: &[String]) -> PyResult<crate::thread::Handle> {
    let tup = tuple::new_tuple_uninit(t, items.len())?;
    let h = t.root(tup);
    for (i, s) in items.iter().enumerate() {
        let sym = t.intern(s)?;
        let v = t.sym_str(sym);
        t.heap.set_slot(t.get(h), i, v);
    }
    Ok(h)
}

/// Materialises a compile-time constant.
pub fn const_value(t: &mut Thread, c: &Const) -> PyResult<Value> {
    Ok(match c {
        Const::None => Value::NONE,
        Const::Ellipsis => Value::ELLIPSIS,
        Const::Bool(b) => Value::from_bool(*b),
        Const::Int(i) => crate::objects::int::from_i64(t, *i)?,
        Const::BigInt(b) => crate::objects::int::from_bigint(t, b)?,
        Const::Float(f) => crate::objects::float::new_float(t, *f)?,
        Const::Complex { re, im } => crate::objects::complex::new_complex(t, *re, *im)?,
        Const::Str(s) => {
            // Identifier-like strs are interned, as CPython does for constants.
            if s.len() <= 40 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                let sym = t.intern(s)?;
                t.sym_str(sym)
            } else {
                pystr::new_str(t, s)?
            }
        }
        Const::Bytes(b) => crate::objects::bytes::new_bytes(t, b)?,
        Const::Tuple(items) => {
            let tup = tuple::new_tuple_uninit(t, items.len())?;
            let h = t.root(tup);
            for (i, c) in items.iter().enumerate() {
                let v = const_value(t, c)?;
                t.heap.set_slot(t.get(h), i, v);
            }
            t.get(h)
        }
        Const::FrozenSet(items) => {
            let mut vals = Vec::new();
            let mark = t.handle_mark();
            for c in items {
                let v = const_value(t, c)?;
                vals.push(t.root(v));
            }
            let raw: Vec<Value> = vals.iter().map(|h| t.get(*h)).collect();
            let tup = tuple::new_tuple(t, &raw)?;
            let fs = crate::objects::set::new_frozenset_from(t, tup)?;
            t.handle_release(mark);
            fs
        }
        Const::Code(co) => new_code(t, co)?,
    })
}

// ----- Python-visible attributes -----

use crate::objects::descriptors::add_getset;
use crate::objects::native::Args;

macro_rules! code_slot {
    ($name:ident, $slot:expr) => {
        fn $name(t: &mut Thread, a: Args) -> PyResult<Value> {
            Ok(t.heap.slot(a.get(t, 0), $slot))
        }
    };
}
code_slot!(co_consts, CONSTS);
code_slot!(co_names, NAMES);
code_slot!(co_varnames, VARNAMES);
code_slot!(co_cellvars, CELLVARS);
code_slot!(co_freevars, FREEVARS);
code_slot!(co_filename, FILENAME);
code_slot!(co_name, NAME);
code_slot!(co_qualname, QUALNAME);
code_slot!(co_firstlineno, FIRSTLINENO);

fn data_of(t: &mut Thread, a: &Args) -> PyResult<&'static CodeData> {
    let p = code_data(t, a.get(t, 0));
    if p.is_null() {
        return Err(t.system_error("code object without data"));
    }
    // The reference is only used within the calling native function.
    // SAFETY: the code object is an argument of this native call (rooted in the value
    // stack), so its CodeData stays alive until the call returns.
    Ok(unsafe { &*p })
}
fn co_argcount(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(data_of(t, &a)?.argcount as i64))
}
fn co_posonlyargcount(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(data_of(t, &a)?.posonlyargcount as i64))
}
fn co_kwonlyargcount(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(data_of(t, &a)?.kwonlyargcount as i64))
}
fn co_nlocals(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(data_of(t, &a)?.nlocals as i64))
}
fn co_flags(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(data_of(t, &a)?.flags.bits() as i64))
}
/// `co_positions()`: one `(line, end_line, col, end_col)` per code unit (instruction or
/// cache), None for what has no location, as `traceback` indexes it by `tb_lasti // 2`.
fn co_positions(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cd = data_of(t, &a)?;
    let locs: Vec<Location> = (0..cd.code.len() as u32).map(|u| cd.location(u)).collect();
    let l = crate::objects::list::new_list(t, locs.len())?;
    let hl = t.root(l);
    let opt = |x: u32, ok: bool| {
        if ok {
            Value::small_int(x as i64)
        } else {
            Value::NONE
        }
    };
    for loc in locs {
        let has_line = loc.line != 0;
        let has_col = has_line && loc.end_col != 0;
        let tup = crate::objects::tuple::new_tuple(
            t,
            &[
                opt(loc.line, has_line),
                opt(loc.end_line, has_line),
                opt(loc.col, has_col),
                opt(loc.end_col, has_col),
            ],
        )?;
        crate::objects::list::append(t, t.get(hl), tup)?;
    }
    crate::protocol::iter(t, t.get(hl))
}

fn co_stacksize(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(Value::small_int(data_of(t, &a)?.stacksize as i64))
}
fn co_code(t: &mut Thread, a: Args) -> PyResult<Value> {
    let mut units = data_of(t, &a)?.code.clone();
    crate::bytecode::opcodes::dequicken(&mut units);
    let mut b = Vec::with_capacity(units.len() * 4);
    for u in units {
        b.extend_from_slice(&u.to_le_bytes());
    }
    crate::objects::bytes::new_bytes(t, &b)
}
fn code_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    let c = a.get(t, 0);
    let name = pystr::to_rust_string(t, t.heap.slot(c, NAME));
    let file = pystr::to_rust_string(t, t.heap.slot(c, FILENAME));
    let line = t.heap.slot(c, FIRSTLINENO).as_small_int();
    let id = crate::protocol::identity(t, c);
    pystr::new_str(
        t,
        &format!("<code object {name} at {id:#x}, file \"{file}\", line {line}>"),
    )
}

pub fn init(t: &mut Thread) -> PyResult<()> {
    let c = t.ty(BuiltinType::Code);
    let getters: [(&'static str, crate::objects::native::NativeFn); 18] = [
        ("co_consts", co_consts),
        ("co_names", co_names),
        ("co_varnames", co_varnames),
        ("co_cellvars", co_cellvars),
        ("co_freevars", co_freevars),
        ("co_filename", co_filename),
        ("co_name", co_name),
        ("co_qualname", co_qualname),
        ("co_firstlineno", co_firstlineno),
        ("co_argcount", co_argcount),
        ("co_posonlyargcount", co_posonlyargcount),
        ("co_kwonlyargcount", co_kwonlyargcount),
        ("co_nlocals", co_nlocals),
        ("co_flags", co_flags),
        ("co_stacksize", co_stacksize),
        ("co_code", co_code),
        ("_co_code_units", co_code),
        ("co_lnotab", co_code),
    ];
    for (n, f) in getters {
        let c = t.ty(BuiltinType::Code);
        add_getset(t, c, n, f, None)?;
    }
    crate::objects::native::add_method(t, c, "__repr__", code_repr)?;
    let c = t.ty(BuiltinType::Code);
    crate::objects::native::add_method(t, c, "co_positions", co_positions)?;
    Ok(())
}

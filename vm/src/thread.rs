//! The thread: the one mutable context every VM operation takes. It owns the heap, the
//! roots (handle stack, interpreter value stack, runtime tables) and the raised exception.
//!
//! # Rooting rules (the invariant this file enforces)
//!
//! A raw `Value` that refers to a heap object is valid only until the next allocation,
//! because any allocation may run the moving collector. Therefore:
//!
//! 1. Allocation takes `&mut Thread`. Borrowed views into the heap (`&[u8]`, `&[Value]`
//!    returned by `Heap::bytes`/`slots`) borrow the thread, so the borrow checker rejects
//!    holding them across an allocation.
//! 2. A `Value` that must survive an allocation lives in a root: a handle (`Thread::root`,
//!    an index into the handle stack that the collector rewrites), a slot of the
//!    interpreter's value stack (arguments of native functions live there), or a runtime
//!    table visited by `visit_roots`.
//! 3. `Thread::new_object(layout, &[values])` and friends root their inputs before
//!    allocating, so building an object from raw values is safe.
//! 4. Handles are released in LIFO order: the interpreter truncates the handle stack after
//!    each native call; long-running Rust loops use `handle_mark`/`handle_release`.
//!
//! What the compiler cannot see (a raw `Value` kept in a local across a call that allocates)
//! the stress mode catches: with `EMBER_GC_STRESS=1` every allocation moves every young
//! object and poisons the space it left, so a stale value fails at its next use.

use ember_gc::{Heap, HeapConfig, LayoutId, RootVisitor, Value};

use crate::errors::{PyResult, Raised};
use crate::layout::LayoutTable;
use crate::objects::builtin_types::BuiltinType;
use crate::symbols::{Symbol, SymbolTable};

/// A handle: a rooted reference to a value, valid until the handle stack is released below
/// it. Copy it freely; read it with `Thread::get`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Handle(u32);

/// Saved handle-stack height (see `handle_mark`).
#[derive(Copy, Clone, Debug)]
pub struct HandleMark(u32);

/// Runtime-wide values the VM needs fast access to (all roots).
pub struct Globals {
    /// `builtins` module dict.
    pub builtins: Value,
    /// The `builtins` module.
    pub builtins_module: Value,
    /// `sys.modules`.
    pub modules: Value,
    /// The `sys` module.
    pub sys: Value,
    /// The preallocated MemoryError instance raised when allocation fails (allocating a
    /// fresh one could fail too).
    pub memory_error: Value,
    /// The native `builtins.__import__` (IMPORT_NAME bypasses it unless replaced).
    pub import_fn: Value,
    /// Empty tuple singleton.
    pub empty_tuple: Value,
    /// `builtins.__build_class__` etc. are looked up through `builtins`; this holds other
    /// values native code caches (by index, see `extra_roots`).
    pub extra: Vec<Value>,
}

impl Globals {
    fn visit(&mut self, visit: &mut dyn FnMut(&mut Value)) {
        visit(&mut self.builtins);
        visit(&mut self.builtins_module);
        visit(&mut self.modules);
        visit(&mut self.sys);
        visit(&mut self.memory_error);
        visit(&mut self.empty_tuple);
        visit(&mut self.import_fn);
        for v in self.extra.iter_mut() {
            visit(v);
        }
    }
}

/// The interpreter's contiguous value stack: frames' locals and temporaries, scanned
/// precisely up to `sp`. It never reallocates, so indexes stay valid.
pub struct ValueStack {
    pub slots: Box<[Value]>,
    pub sp: usize,
}

impl ValueStack {
    fn new(capacity: usize) -> ValueStack {
        // Value(0) is SmallInt 0, so a zeroed allocation is a valid (lazily committed) stack.
        let slots = vec![Value::small_int(0); capacity].into_boxed_slice();
        ValueStack { slots, sp: 0 }
    }

    #[inline]
    pub fn push(&mut self, v: Value) {
        self.slots[self.sp] = v;
        self.sp += 1;
    }

    /// Pushes without a bounds check: for the interpreter loop, whose frames reserved
    /// their maximum stack depth (`frame::check_stack`) when they were pushed.
    ///
    /// # Safety
    /// `sp` must be below the capacity.
    #[inline(always)]
    pub unsafe fn push_unchecked(&mut self, v: Value) {
        debug_assert!(self.sp < self.slots.len());
        // SAFETY: guaranteed by the caller.
        unsafe { *self.slots.get_unchecked_mut(self.sp) = v };
        self.sp += 1;
    }

    #[inline(always)]
    pub fn pop(&mut self) -> Value {
        debug_assert!(self.sp > 0 && self.sp <= self.slots.len());
        self.sp -= 1;
        // SAFETY: `sp <= capacity` always holds (pushes are checked or reserved), and the
        // compiler's stack-depth accounting never pops an empty stack.
        unsafe { *self.slots.get_unchecked(self.sp) }
    }

    #[inline(always)]
    pub fn top(&self) -> Value {
        self.peek(1)
    }

    /// The value `n` slots below the top (`peek(1)` is the top).
    #[inline(always)]
    pub fn peek(&self, n: usize) -> Value {
        debug_assert!(n >= 1 && n <= self.sp && self.sp <= self.slots.len());
        // SAFETY: as in `pop`: `sp - n` is a live slot.
        unsafe { *self.slots.get_unchecked(self.sp - n) }
    }

    /// Replaces the value `n` slots below the top.
    #[inline(always)]
    pub fn set_peek(&mut self, n: usize, v: Value) {
        debug_assert!(n >= 1 && n <= self.sp && self.sp <= self.slots.len());
        // SAFETY: as in `peek`.
        unsafe { *self.slots.get_unchecked_mut(self.sp - n) = v };
    }

    /// The slot at absolute index `i`, which must be below `sp` (a frame's local).
    #[inline(always)]
    pub fn at(&self, i: usize) -> Value {
        debug_assert!(i < self.sp);
        // SAFETY: `i < sp <= capacity`.
        unsafe { *self.slots.get_unchecked(i) }
    }

    /// Stores into the slot at absolute index `i`, which must be below `sp`.
    #[inline(always)]
    pub fn set_at(&mut self, i: usize, v: Value) {
        debug_assert!(i < self.sp);
        // SAFETY: `i < sp <= capacity`.
        unsafe { *self.slots.get_unchecked_mut(i) = v };
    }

    pub fn capacity(&self) -> usize {
        self.slots.len()
    }
}

/// The VM's thread state. There is one per OS thread running Python code (one for now).
pub struct Thread {
    pub heap: Heap,
    handles: Vec<Value>,
    pub stack: ValueStack,
    pub layouts: LayoutTable,
    pub symbols: SymbolTable,
    /// The type object of every builtin type, indexed by `BuiltinType as usize` (roots).
    pub types: Vec<Value>,
    pub globals: Globals,
    /// The exception being raised (`Value::UNBOUND` when none). A root.
    pub exception: Value,
    /// While non-zero, allocation never collects (nothing moves). Type and native-module
    /// initialisers run paused (`Thread::paused`), so their registration code may hold the
    /// type or module object in a local across the allocations that fill it.
    pub gc_paused: u32,
    /// Set while dead generators are being closed (`interpreter::generator::
    /// close_queued_generators`), which must not re-enter itself.
    pub finalizing: bool,
    /// Set by re-raising instructions (RERAISE, bare `raise`): the next unwind step must not
    /// add a traceback entry for the current frame (CPython jumps to `exception_unwind`).
    pub reraise: bool,
    /// The exception currently being handled (`sys.exc_info()`), None when none. A root.
    pub handled: Value,
    /// Registry of native functions (see `objects::native`).
    pub natives: crate::objects::native::NativeRegistry,
    /// Rust-side code data (see `objects::code`).
    pub codes: crate::objects::code::CodeTable,
    /// Frames of the running interpreter activations.
    pub frames: Vec<crate::interpreter::frame::Frame>,
    /// Python recursion limit and the current depth of Python frames plus native re-entries.
    pub recursion_limit: usize,
    pub depth: usize,
    /// Source for `dict` key-set versions (see `objects::dict`): every change to a dict's set
    /// of keys gives the dict a fresh version, so caches can depend on "this key is at this
    /// index" without holding references.
    pub next_dict_version: u32,
    /// Next type version number (see `objects::type_`).
    pub next_type_version: u32,
    /// The type-attribute cache (see `objects::type_::lookup_sym`).
    pub type_cache: Box<[crate::objects::type_::TypeCacheEntry]>,
    /// Hooks that `main.rs` wires: native module initialisers, by module name.
    pub native_modules: Vec<(&'static str, crate::import::NativeModuleInit)>,
    /// Types created by native modules (`objects::native_type`) by qualified name, and the
    /// few other objects native modules keep for the process (registries). Roots.
    pub native_types: Vec<(&'static str, Value)>,
    /// The current `contextvars.Context` (None until `_contextvars` makes one). A root.
    pub context: Value,
    /// Rust data owned by heap objects (`crate::resources`).
    pub resources: crate::resources::ResourceTable,
    /// Python-level signal handlers by signal number (`crate::signals`). Roots.
    pub signal_handlers: Vec<Value>,
    /// The `tp_iternext` of native types, by the instance layout of the exact type
    /// (`objects::native_type::set_iternext`); `protocol::next` calls it directly.
    pub native_iternext: Vec<(LayoutId, crate::objects::native_type::IterNextFn)>,
    /// Command-line state visible as sys attributes.
    pub argv: Vec<String>,
    pub stdlib_paths: Vec<String>,
}

impl Thread {
    /// Creates a thread with a fresh heap and the builtin types, `builtins` and `sys` set up.
    pub fn new(config: HeapConfig) -> Box<Thread> {
        let mut t = Box::new(Thread {
            heap: Heap::new(config),
            handles: Vec::with_capacity(1024),
            stack: ValueStack::new(4 << 20),
            layouts: LayoutTable::new(),
            symbols: SymbolTable::new(),
            types: vec![Value::NONE; BuiltinType::ALL.len()],
            globals: Globals {
                builtins: Value::NONE,
                builtins_module: Value::NONE,
                modules: Value::NONE,
                sys: Value::NONE,
                memory_error: Value::NONE,
                empty_tuple: Value::NONE,
                import_fn: Value::NONE,
                extra: Vec::new(),
            },
            exception: Value::UNBOUND,
            handled: Value::NONE,
            reraise: false,
            gc_paused: 0,
            finalizing: false,
            natives: crate::objects::native::NativeRegistry::new(),
            codes: crate::objects::code::CodeTable::new(),
            frames: Vec::with_capacity(256),
            recursion_limit: 1000,
            depth: 0,
            next_dict_version: 1,
            next_type_version: 1,
            type_cache: vec![Default::default(); crate::objects::type_::TYPE_CACHE_SIZE]
                .into_boxed_slice(),
            // `_io` and `_ast` are the vm's own native modules (builtins.open, sys.std* and
            // compile() need them).
            native_modules: vec![
                (
                    "_io",
                    crate::io::init_io_module as crate::import::NativeModuleInit,
                ),
                ("_ast", crate::ast::init_ast as crate::import::NativeModuleInit),
            ],
            native_types: Vec::new(),
            context: Value::NONE,
            resources: crate::resources::ResourceTable::new(),
            signal_handlers: vec![Value::NONE; crate::signals::NSIG],
            native_iternext: Vec::new(),
            argv: Vec::new(),
            stdlib_paths: Vec::new(),
        });
        crate::objects::bootstrap::bootstrap(&mut t);
        t
    }

    // ----- handles -----

    /// Roots `v` until the handle stack is released below the returned handle.
    #[inline]
    pub fn root(&mut self, v: Value) -> Handle {
        let h = Handle(self.handles.len() as u32);
        self.handles.push(v);
        h
    }

    #[inline]
    pub fn get(&self, h: Handle) -> Value {
        debug_assert!(
            (h.0 as usize) < self.handles.len(),
            "use of a released handle"
        );
        self.handles[h.0 as usize]
    }

    #[inline]
    pub fn set(&mut self, h: Handle, v: Value) {
        debug_assert!(
            (h.0 as usize) < self.handles.len(),
            "use of a released handle"
        );
        self.handles[h.0 as usize] = v;
    }

    #[inline]
    pub fn handle_mark(&self) -> HandleMark {
        HandleMark(self.handles.len() as u32)
    }

    /// The value of the `i`-th handle rooted since `mark` (for a run of consecutive roots).
    #[inline]
    pub fn handle_at(&self, mark: HandleMark, i: usize) -> Value {
        self.handles[mark.0 as usize + i]
    }

    #[inline]
    pub fn handle_release(&mut self, mark: HandleMark) {
        self.handles.truncate(mark.0 as usize);
    }

    // ----- allocation -----

    /// Runs the collector over every root the thread holds.
    pub fn collect(&mut self, force_major: bool) {
        let Thread {
            heap,
            handles,
            stack,
            layouts,
            symbols,
            types,
            globals,
            exception,
            handled,
            natives,
            codes,
            frames,
            native_types,
            context,
            signal_handlers,
            ..
        } = self;
        heap.collect(force_major, &mut |rv: &mut dyn RootVisitor| {
            let mut visit = |v: &mut Value| rv.visit(v);
            for v in handles.iter_mut() {
                visit(v);
            }
            for v in stack.slots[..stack.sp].iter_mut() {
                visit(v);
            }
            layouts.visit_roots(&mut visit);
            symbols.visit_roots(&mut visit);
            for v in types.iter_mut() {
                visit(v);
            }
            globals.visit(&mut visit);
            visit(exception);
            visit(handled);
            natives.visit_roots(&mut visit);
            codes.visit_roots(&mut visit);
            for f in frames.iter_mut() {
                f.visit_roots(&mut visit);
            }
            for (_, v) in native_types.iter_mut() {
                visit(v);
            }
            visit(context);
            for v in signal_handlers.iter_mut() {
                visit(v);
            }
        });
        let dead = self.heap.take_dead_tokens();
        for token in dead {
            if token & crate::resources::RESOURCE_TOKEN != 0 {
                let id = (token & !crate::resources::RESOURCE_TOKEN) as usize;
                self.resources.release(id);
            } else {
                self.codes.release(token);
            }
        }
    }

    #[inline]
    fn prepare_alloc(&mut self, bytes: usize) {
        if self.heap.can_bump(bytes) {
            return;
        }
        if self.heap.should_collect(bytes) && self.gc_paused == 0 {
            self.collect(false);
        }
    }

    /// Runs `f` with collection paused (see `gc_paused`). Only for bounded one-time
    /// initialisation: the heap grows instead of collecting meanwhile.
    pub fn paused<R>(&mut self, f: impl FnOnce(&mut Thread) -> R) -> R {
        self.gc_paused += 1;
        let r = f(self);
        self.gc_paused -= 1;
        r
    }

    /// Allocates an object of `count` slots, all set to the immediate `fill`.
    #[inline]
    pub fn alloc_slots(&mut self, layout: LayoutId, count: usize, fill: Value) -> PyResult<Value> {
        debug_assert!(
            !fill.is_heap(),
            "fill must be an immediate (it is not rooted)"
        );
        self.prepare_alloc(8 + count.saturating_mul(8));
        match self.heap.alloc_slots(layout, count, fill) {
            Ok(v) => Ok(v),
            Err(_) => Err(self.raise_memory_error()),
        }
    }

    /// Allocates a zero-filled raw-bytes object of `len` bytes.
    #[inline]
    pub fn alloc_bytes(&mut self, layout: LayoutId, len: usize) -> PyResult<Value> {
        self.prepare_alloc(8 + len);
        match self.heap.alloc_bytes(layout, len) {
            Ok(v) => Ok(v),
            Err(_) => Err(self.raise_memory_error()),
        }
    }

    /// Allocates an object whose slots are `values` (rooted across the allocation).
    pub fn new_object(&mut self, layout: LayoutId, values: &[Value]) -> PyResult<Value> {
        if let Some(obj) = self.heap.try_alloc_init(layout, values) {
            return Ok(obj);
        }
        let base = self.handles.len();
        self.handles.extend_from_slice(values);
        let r = self.alloc_slots(layout, values.len(), Value::NONE);
        let obj = match r {
            Ok(o) => o,
            Err(e) => {
                self.handles.truncate(base);
                return Err(e);
            }
        };
        for i in 0..values.len() {
            let v = self.handles[base + i];
            self.heap.set_slot(obj, i, v);
        }
        self.handles.truncate(base);
        Ok(obj)
    }

    /// Allocates an object with `values` as its first slots followed by `extra` slots of
    /// `fill` (an immediate).
    pub fn new_object_with(
        &mut self,
        layout: LayoutId,
        values: &[Value],
        extra: usize,
        fill: Value,
    ) -> PyResult<Value> {
        let base = self.handles.len();
        self.handles.extend_from_slice(values);
        let r = self.alloc_slots(layout, values.len() + extra, fill);
        let obj = match r {
            Ok(o) => o,
            Err(e) => {
                self.handles.truncate(base);
                return Err(e);
            }
        };
        for i in 0..values.len() {
            let v = self.handles[base + i];
            self.heap.set_slot(obj, i, v);
        }
        self.handles.truncate(base);
        Ok(obj)
    }

    // ----- quick accessors -----

    /// The type object of a builtin type.
    #[inline]
    pub fn ty(&self, bt: BuiltinType) -> Value {
        self.types[bt as usize]
    }

    /// The layout id of any value (immediates map to their type's layout).
    #[inline]
    pub fn layout_of(&self, v: Value) -> LayoutId {
        if v.is_heap() {
            self.heap.layout_id(v)
        } else {
            immediate_layout(v)
        }
    }

    /// `type(v)`.
    #[inline]
    pub fn type_of(&self, v: Value) -> Value {
        self.layouts.get(self.layout_of(v)).type_
    }

    /// The interned str of a symbol.
    #[inline]
    pub fn sym_str(&self, s: Symbol) -> Value {
        self.symbols.value(s)
    }

    /// Interns `name`, allocating its str if new.
    pub fn intern(&mut self, name: &str) -> PyResult<Symbol> {
        if let Some(s) = self.symbols.find(name.as_bytes()) {
            return Ok(s);
        }
        let v = crate::objects::str::new_str(self, name)?;
        Ok(self.symbols.insert(name.as_bytes(), v))
    }

    /// Interns a str value (its bytes), returning its symbol.
    pub fn intern_value(&mut self, s: Value) -> PyResult<Symbol> {
        let found = crate::objects::str::with_str_bytes(self, s, |t, b| t.symbols.find(b));
        if let Some(sym) = found {
            return Ok(sym);
        }
        let bytes = crate::objects::str::str_bytes_owned(self, s);
        Ok(self.symbols.insert(&bytes, s))
    }

    /// The symbol of a str value if it was ever interned (no allocation).
    pub fn find_symbol(&self, s: Value) -> Option<Symbol> {
        crate::objects::str::with_str_bytes(self, s, |t, b| t.symbols.find(b))
    }

    fn raise_memory_error(&mut self) -> Raised {
        let e = self.globals.memory_error;
        self.exception = e;
        Raised::new()
    }
}

/// Layout ids of immediates.
#[inline]
pub fn immediate_layout(v: Value) -> LayoutId {
    if v.is_small_int() {
        BuiltinType::Int.layout()
    } else if v.is_small_str() {
        BuiltinType::Str.layout()
    } else if v.is_none() {
        BuiltinType::NoneType.layout()
    } else if v.is_bool() {
        BuiltinType::Bool.layout()
    } else if v.is_not_implemented() {
        BuiltinType::NotImplementedType.layout()
    } else if v.is_ellipsis() {
        BuiltinType::Ellipsis.layout()
    } else {
        // Unbound never reaches Python code; treat it as object for robustness.
        BuiltinType::Object.layout()
    }
}

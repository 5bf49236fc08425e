//! The `_collections` module: `deque` (this file), `defaultdict`, `_count_elements` and
//! `_tuplegetter` (`collections_dict.rs`). The pure-Python `collections` package builds
//! `Counter`, `namedtuple` and `OrderedDict` on top of these; `OrderedDict` is left to its
//! pure-Python fallback.
//!
//! A deque is a `collections.deque` native instance whose slots hold a ring buffer: an
//! `_array` (slot BUF, capacity = its slot count), the physical index of the first item
//! (HEAD), the item count (LEN), the bound (MAXLEN: None or a SmallInt) and a mutation
//! counter (STATE) that iterators compare against, as CPython's `deque->state`.
//!
//! **Invariant:** the array slots outside the live range `head .. head + len` (mod capacity)
//! hold None, so a popped item is never kept alive and no stale reference survives.
//! **Invariant:** STATE changes whenever items move between physical positions or the count
//! changes (append/pop/rotate/insert/delete/clear), never on `d[i] = v` or `reverse()`
//! (CPython's rule, which iterators observe).

use ember_gc::Value;
use ember_vm::bytecode::{BinaryOp, CompareOp};
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::descriptors;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::sequence::{self, Key, Repeat};
use ember_vm::objects::{dict, list, module, str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

#[path = "collections_dict.rs"]
mod collections_dict;

const BUF: usize = 0;
const HEAD: usize = 1;
const LEN: usize = 2;
const MAXLEN: usize = 3;
const STATE: usize = 4;
const DEQUE_SLOTS: u32 = 5;

/// Initial capacity of a deque's ring buffer.
const MIN_CAP: usize = 8;

const DEQUE: &str = "collections.deque";
const ITER: &str = "_collections._deque_iterator";
const REVITER: &str = "_collections._deque_reverse_iterator";

// Iterator slots.
const IT_DEQUE: usize = 0;
const IT_STATE: usize = 1;
const IT_COUNTER: usize = 2;

// ----- the ring buffer -----

fn deque_type(t: &mut Thread) -> PyResult<Value> {
    match native_type::native_type(t, DEQUE) {
        Some(ty) => Ok(ty),
        None => Err(t.system_error("collections.deque is not initialised")),
    }
}

/// Whether `v` is a deque (or subclass instance) whose slots are initialised.
fn is_deque(t: &Thread, v: Value) -> bool {
    let Some(ty) = native_type::native_type(t, DEQUE) else {
        return false;
    };
    native_type::is_instance(t, v, ty) && is_valid(t, v)
}

/// Whether the native slots hold a ring buffer (an instance made by `object.__new__` of a
/// Python subclass has not been through `deque.__new__`).
fn is_valid(t: &Thread, d: Value) -> bool {
    let buf = t.heap.slot(d, BUF);
    buf.is_heap()
        && t.heap.layout_id(buf) == BuiltinType::Array.layout()
        && t.heap.slot(d, HEAD).is_small_int()
        && t.heap.slot(d, LEN).is_small_int()
        && t.heap.slot(d, STATE).is_small_int()
        && t.heap.count(buf) > 0
}

/// The receiver of a deque method (the call machinery has checked its type).
fn this(t: &mut Thread, a: &Args) -> PyResult<Value> {
    let d = a.get(t, 0);
    if is_valid(t, d) {
        return Ok(d);
    }
    Err(t.type_error("deque object is not initialized (deque.__new__ was not called)"))
}

#[inline]
fn len(t: &Thread, d: Value) -> usize {
    t.heap.slot(d, LEN).as_small_int() as usize
}

#[inline]
fn cap(t: &Thread, d: Value) -> usize {
    t.heap.count(t.heap.slot(d, BUF))
}

#[inline]
fn phys(t: &Thread, d: Value, i: usize) -> usize {
    (t.heap.slot(d, HEAD).as_small_int() as usize + i) % cap(t, d)
}

/// Item `i` (0 = leftmost); `i < len`.
#[inline]
fn get(t: &Thread, d: Value, i: usize) -> Value {
    let p = phys(t, d, i);
    t.heap.slot(t.heap.slot(d, BUF), p)
}

#[inline]
fn set(t: &mut Thread, d: Value, i: usize, v: Value) {
    let p = phys(t, d, i);
    let buf = t.heap.slot(d, BUF);
    t.heap.set_slot(buf, p, v);
}

fn set_len(t: &mut Thread, d: Value, n: usize) {
    t.heap.set_slot(d, LEN, Value::small_int(n as i64));
}

fn set_head(t: &mut Thread, d: Value, h: usize) {
    t.heap.set_slot(d, HEAD, Value::small_int(h as i64));
}

fn state(t: &Thread, d: Value) -> i64 {
    t.heap.slot(d, STATE).as_small_int()
}

/// Records a mutation that invalidates iterators.
fn bump(t: &mut Thread, d: Value) {
    let s = (state(t, d) + 1) & ((1 << 40) - 1);
    t.heap.set_slot(d, STATE, Value::small_int(s));
}

fn maxlen(t: &Thread, d: Value) -> Option<usize> {
    let m = t.heap.slot(d, MAXLEN);
    m.is_small_int().then(|| m.as_small_int() as usize)
}

/// Moves the items to the start of a new buffer of `new_cap` (>= len) slots.
fn resize(t: &mut Thread, d: Value, new_cap: usize) -> PyResult<()> {
    let hd = t.root(d);
    let nb = t.alloc_slots(BuiltinType::Array.layout(), new_cap, Value::NONE)?;
    let d = t.get(hd);
    let (n, c) = (len(t, d), cap(t, d));
    let old = t.heap.slot(d, BUF);
    let head = t.heap.slot(d, HEAD).as_small_int() as usize;
    let first = n.min(c - head);
    t.heap.copy_slots(nb, 0, old, head, first);
    t.heap.copy_slots(nb, first, old, 0, n - first);
    t.heap.set_slot(d, BUF, nb);
    set_head(t, d, 0);
    Ok(())
}

/// Makes room for one more item, doubling the buffer.
fn reserve_one(t: &mut Thread, d: Value) -> PyResult<()> {
    let (n, c) = (len(t, d), cap(t, d));
    if n < c {
        return Ok(());
    }
    let new_cap = c.saturating_mul(2).max(MIN_CAP);
    sequence::check_repeat_size(t, new_cap, 1)?;
    resize(t, d, new_cap)
}

/// Appends on the right without trimming or recording a mutation; `d` and `v` are rooted
/// across the possible growth.
fn push_back(t: &mut Thread, d: Value, v: Value) -> PyResult<Value> {
    let hd = t.root(d);
    let hv = t.root(v);
    reserve_one(t, d)?;
    let d = t.get(hd);
    let n = len(t, d);
    set_len(t, d, n + 1);
    set(t, d, n, t.get(hv));
    Ok(d)
}

/// Appends on the left; as `push_back`.
fn push_front(t: &mut Thread, d: Value, v: Value) -> PyResult<Value> {
    let hd = t.root(d);
    let hv = t.root(v);
    reserve_one(t, d)?;
    let d = t.get(hd);
    let c = cap(t, d);
    let head = t.heap.slot(d, HEAD).as_small_int() as usize;
    let nh = (head + c - 1) % c;
    set_head(t, d, nh);
    set_len(t, d, len(t, d) + 1);
    set(t, d, 0, t.get(hv));
    Ok(d)
}

/// Removes the rightmost item (the deque is not empty).
fn take_back(t: &mut Thread, d: Value) -> Value {
    let n = len(t, d);
    let v = get(t, d, n - 1);
    set(t, d, n - 1, Value::NONE);
    set_len(t, d, n - 1);
    v
}

/// Removes the leftmost item (the deque is not empty).
fn take_front(t: &mut Thread, d: Value) -> Value {
    let v = get(t, d, 0);
    set(t, d, 0, Value::NONE);
    let c = cap(t, d);
    let head = t.heap.slot(d, HEAD).as_small_int() as usize;
    set_head(t, d, (head + 1) % c);
    set_len(t, d, len(t, d) - 1);
    v
}

/// `d.append(v)`: a bounded deque drops its leftmost item.
fn append(t: &mut Thread, d: Value, v: Value) -> PyResult<()> {
    let d = push_back(t, d, v)?;
    if maxlen(t, d).is_some_and(|m| len(t, d) > m) {
        take_front(t, d);
    }
    bump(t, d);
    Ok(())
}

/// `d.appendleft(v)`: a bounded deque drops its rightmost item.
fn appendleft(t: &mut Thread, d: Value, v: Value) -> PyResult<()> {
    let d = push_front(t, d, v)?;
    if maxlen(t, d).is_some_and(|m| len(t, d) > m) {
        take_back(t, d);
    }
    bump(t, d);
    Ok(())
}

/// Rotates `n` steps to the right (negative: left) without allocating.
fn rotate(t: &mut Thread, d: Value, n: i64) {
    let l = len(t, d);
    if l <= 1 {
        return;
    }
    bump(t, d);
    let k = n.rem_euclid(l as i64) as usize;
    if k == 0 {
        return;
    }
    let c = cap(t, d);
    if l == c {
        let head = t.heap.slot(d, HEAD).as_small_int() as usize;
        set_head(t, d, (head + c - k) % c);
        return;
    }
    // Each step frees a slot before using one, so the buffer never grows.
    if k <= l / 2 {
        for _ in 0..k {
            let v = take_back(t, d);
            let head = t.heap.slot(d, HEAD).as_small_int() as usize;
            set_head(t, d, (head + c - 1) % c);
            set_len(t, d, len(t, d) + 1);
            set(t, d, 0, v);
        }
    } else {
        for _ in 0..(l - k) {
            let v = take_front(t, d);
            let m = len(t, d);
            set_len(t, d, m + 1);
            set(t, d, m, v);
        }
    }
}

/// Removes item `i` (`i < len`), shifting the shorter side.
fn delete_at(t: &mut Thread, d: Value, i: usize) {
    let n = len(t, d);
    if i < n / 2 {
        for j in (0..i).rev() {
            let v = get(t, d, j);
            set(t, d, j + 1, v);
        }
        take_front(t, d);
    } else {
        for j in i..n - 1 {
            let v = get(t, d, j + 1);
            set(t, d, j, v);
        }
        take_back(t, d);
    }
    bump(t, d);
}

/// Halves a buffer that is at most a quarter full, so a deque that grew large and drained
/// gives its memory back (CPython frees emptied blocks).
fn shrink(t: &mut Thread, d: Value) -> PyResult<()> {
    let (n, c) = (len(t, d), cap(t, d));
    if c <= 4 * MIN_CAP || n > c / 4 {
        return Ok(());
    }
    resize(t, d, c / 2)
}

/// Empties the deque, giving it a fresh small buffer (an empty deque is left alone, so its
/// iterators stay valid, as in CPython).
fn clear(t: &mut Thread, d: Value) -> PyResult<()> {
    if len(t, d) == 0 {
        return Ok(());
    }
    let hd = t.root(d);
    let nb = t.alloc_slots(BuiltinType::Array.layout(), MIN_CAP, Value::NONE)?;
    let d = t.get(hd);
    t.heap.set_slot(d, BUF, nb);
    set_head(t, d, 0);
    set_len(t, d, 0);
    bump(t, d);
    Ok(())
}

/// The items as a new list (a snapshot).
fn to_list(t: &mut Thread, d: Value) -> PyResult<Value> {
    let hd = t.root(d);
    let n = len(t, d);
    let l = list::new_list(t, n)?;
    let hl = t.root(l);
    for i in 0..n {
        let v = get(t, t.get(hd), i);
        list::append(t, t.get(hl), v)?;
    }
    Ok(t.get(hl))
}

/// A new empty deque of class `cls` (deque or a subclass).
fn new_deque(t: &mut Thread, cls: Value, maxlen: Value) -> PyResult<Value> {
    let hc = t.root(cls);
    let hm = t.root(maxlen);
    let buf = t.alloc_slots(BuiltinType::Array.layout(), MIN_CAP, Value::NONE)?;
    native_type::new_instance(
        t,
        t.get(hc),
        &[
            buf,
            Value::small_int(0),
            Value::small_int(0),
            t.get(hm),
            Value::small_int(0),
        ],
    )
}

/// `d.extend(iterable)` (`left`: `extendleft`).
fn extend(t: &mut Thread, d: Value, iterable: Value, left: bool) -> PyResult<()> {
    let hd = t.root(d);
    let src = if d == iterable {
        to_list(t, d)?
    } else {
        iterable
    };
    let it = protocol::iter(t, src)?;
    let hit = t.root(it);
    loop {
        let mark = t.handle_mark();
        let Some(v) = protocol::next(t, t.get(hit))? else {
            break;
        };
        let d = t.get(hd);
        if maxlen(t, d) != Some(0) {
            if left {
                appendleft(t, d, v)?;
            } else {
                append(t, d, v)?;
            }
        }
        t.handle_release(mark);
    }
    Ok(())
}

/// A shallow copy: `deque(d, maxlen)` for exact deques, `type(d)(d[, maxlen])` otherwise.
fn copy(t: &mut Thread, d: Value) -> PyResult<Value> {
    let hd = t.root(d);
    let dty = deque_type(t)?;
    let cls = t.type_of(d);
    let m = t.heap.slot(d, MAXLEN);
    if cls == dty {
        let out = new_deque(t, dty, m)?;
        let ho = t.root(out);
        extend(t, out, t.get(hd), false)?;
        return Ok(t.get(ho));
    }
    let r = if m.is_none() {
        protocol::call(t, cls, &[d])?
    } else {
        protocol::call(t, cls, &[d, m])?
    };
    let dty = deque_type(t)?;
    if !native_type::is_instance(t, r, dty) {
        let name = type_::tp_name(t, t.type_of(t.get(hd)))?;
        let msg = format!(
            "{name}() must return a deque, not {}",
            type_::type_name_of(t, r)
        );
        return Err(t.type_error(&msg));
    }
    Ok(r)
}

/// `d *= n` in place (CPython's `deque_inplace_repeat`).
fn inplace_repeat(t: &mut Thread, d: Value, n: i64) -> PyResult<()> {
    let hd = t.root(d);
    let size = len(t, d);
    if size == 0 || n == 1 {
        return Ok(());
    }
    if n <= 0 {
        return clear(t, d);
    }
    let mut n = n as usize;
    if size > 1
        && size
            .checked_mul(n)
            .is_none_or(|total| total > isize::MAX as usize)
    {
        return Err(t.raise_empty(BuiltinType::MemoryError));
    }
    // A bounded deque only needs enough repetitions to fill it.
    match maxlen(t, d) {
        Some(m) if n.saturating_mul(size) > m => n = m.div_ceil(size),
        Some(_) => {}
        None => {
            sequence::check_repeat_size(t, size, n)?;
        }
    }
    let items = to_list(t, d)?;
    let hl = t.root(items);
    for _ in 1..n {
        extend(t, t.get(hd), t.get(hl), false)?;
    }
    Ok(())
}

/// The first index in `start..stop` of an item equal to `x`, raising "deque mutated during
/// iteration" when a comparison mutates the deque (RuntimeError; IndexError for `remove`,
/// as CPython 3.11 does).
fn find(
    t: &mut Thread,
    d: Value,
    x: Value,
    (start, stop): (usize, usize),
    mutated: BuiltinType,
) -> PyResult<Option<usize>> {
    let hd = t.root(d);
    let hx = t.root(x);
    let st = state(t, d);
    for i in start..stop {
        let d = t.get(hd);
        if i >= len(t, d) {
            break;
        }
        let item = get(t, d, i);
        let mark = t.handle_mark();
        let found = protocol::eq(t, item, t.get(hx))?;
        t.handle_release(mark);
        if found {
            return Ok(Some(i));
        }
        if state(t, t.get(hd)) != st {
            return Err(t.raise_msg(mutated, "deque mutated during iteration"));
        }
    }
    Ok(None)
}

// ----- natives -----

fn deque_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    if a.is_empty() {
        return Err(t.type_error("collections.deque.__new__(): not enough arguments"));
    }
    let cls = a.get(t, 0);
    let dty = deque_type(t)?;
    if !type_::is_type(t, cls) {
        let msg = format!(
            "collections.deque.__new__(X): X is not a type object ({})",
            type_::type_name_of(t, cls)
        );
        return Err(t.type_error(&msg));
    }
    if !type_::is_subtype(t, cls, dty) {
        let c = type_::type_name(t, cls);
        let msg =
            format!("collections.deque.__new__({c}): {c} is not a subtype of collections.deque");
        return Err(t.type_error(&msg));
    }
    new_deque(t, a.get(t, 0), Value::NONE)
}

fn deque_init(t: &mut Thread, a: Args) -> PyResult<Value> {
    this(t, &a)?;
    let n = a.len() - 1;
    if n > 2 {
        let msg = format!("deque() takes at most 2 arguments ({} given)", n + a.nkw);
        return Err(t.type_error(&msg));
    }
    let mut iterable = a.opt(t, 1).map(|_| 1usize);
    let mut maxlen_arg = a.opt(t, 2).map(|_| 2usize);
    // Keyword values are addressed by their stack position after the positionals.
    for i in 0..a.nkw {
        let (k, _) = a.kw(t, i);
        let pos = a.len() + i;
        let which = if pystr::str_eq_rust(t, k, "iterable") {
            (&mut iterable, "iterable", 1)
        } else if pystr::str_eq_rust(t, k, "maxlen") {
            (&mut maxlen_arg, "maxlen", 2)
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for deque()",
                pystr::to_rust_string(t, k)
            );
            return Err(t.type_error(&msg));
        };
        if which.0.is_some() {
            let msg = format!(
                "argument for deque() given by name ('{}') and position ({})",
                which.1, which.2
            );
            return Err(t.type_error(&msg));
        }
        *which.0 = Some(pos);
    }
    // Positional and keyword values are consecutive in the (rooted) argument area.
    let arg = |t: &Thread, pos: usize| t.stack.slots[a.base + pos];
    let mut m = Value::NONE;
    if let Some(p) = maxlen_arg {
        let v = arg(t, p);
        if !v.is_none() {
            if !ember_vm::objects::int::is_int(t, v) {
                return Err(t.type_error("an integer is required"));
            }
            let i = match ember_vm::objects::int::to_i64(t, v) {
                Some(i) if i <= isize::MAX as i64 => i,
                _ => return Err(t.overflow_error("Python int too large to convert to C ssize_t")),
            };
            if i < 0 {
                return Err(t.value_error("maxlen must be non-negative"));
            }
            if i >= 1 << 60 {
                return Err(t.overflow_error("Python int too large to convert to C ssize_t"));
            }
            m = Value::small_int(i);
        }
    }
    let d = a.get(t, 0);
    t.heap.set_slot(d, MAXLEN, m);
    if len(t, d) > 0 {
        clear(t, d)?;
    }
    if let Some(p) = iterable {
        let it = arg(t, p);
        extend(t, a.get(t, 0), it, false)?;
    }
    Ok(Value::NONE)
}

fn deque_append(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.append")?;
    let d = this(t, &a)?;
    append(t, d, a.get(t, 1))?;
    Ok(Value::NONE)
}

fn deque_appendleft(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.appendleft")?;
    let d = this(t, &a)?;
    appendleft(t, d, a.get(t, 1))?;
    Ok(Value::NONE)
}

fn deque_pop(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.pop")?;
    let d = this(t, &a)?;
    if len(t, d) == 0 {
        return Err(t.index_error("pop from an empty deque"));
    }
    let v = take_back(t, d);
    bump(t, d);
    let hv = t.root(v);
    shrink(t, d)?;
    Ok(t.get(hv))
}

fn deque_popleft(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.popleft")?;
    let d = this(t, &a)?;
    if len(t, d) == 0 {
        return Err(t.index_error("pop from an empty deque"));
    }
    let v = take_front(t, d);
    bump(t, d);
    let hv = t.root(v);
    shrink(t, d)?;
    Ok(t.get(hv))
}

fn deque_extend(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.extend")?;
    let d = this(t, &a)?;
    extend(t, d, a.get(t, 1), false)?;
    Ok(Value::NONE)
}

fn deque_extendleft(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.extendleft")?;
    let d = this(t, &a)?;
    extend(t, d, a.get(t, 1), true)?;
    Ok(Value::NONE)
}

fn deque_rotate(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "deque.rotate", 0, 1)?;
    this(t, &a)?;
    let n = match a.opt(t, 1) {
        Some(v) => sequence::index_arg(t, v)?,
        None => 1,
    };
    let d = a.get(t, 0);
    rotate(t, d, n);
    Ok(Value::NONE)
}

fn deque_clear(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.clear")?;
    let d = this(t, &a)?;
    clear(t, d)?;
    Ok(Value::NONE)
}

fn deque_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.copy")?;
    let d = this(t, &a)?;
    copy(t, d)
}

fn deque_copy_dunder(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.__copy__")?;
    let d = this(t, &a)?;
    copy(t, d)
}

fn deque_count(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.count")?;
    let d = this(t, &a)?;
    let hd = t.root(d);
    let st = state(t, d);
    let mut count = 0i64;
    let mut i = 0;
    while i < len(t, t.get(hd)) {
        let item = get(t, t.get(hd), i);
        let mark = t.handle_mark();
        if protocol::eq(t, item, a.get(t, 1))? {
            count += 1;
        }
        t.handle_release(mark);
        if state(t, t.get(hd)) != st {
            return Err(t.runtime_error("deque mutated during iteration"));
        }
        i += 1;
    }
    Ok(Value::small_int(count))
}

fn deque_contains(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__contains__")?;
    let d = this(t, &a)?;
    let n = len(t, d);
    let found = find(t, d, a.get(t, 1), (0, n), BuiltinType::RuntimeError)?;
    Ok(Value::from_bool(found.is_some()))
}

fn deque_index(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "index")?;
    let n = a.len() - 1;
    if n == 0 {
        return Err(t.type_error("index() takes at least 1 argument (0 given)"));
    }
    if n > 3 {
        let msg = format!("index() takes at most 3 arguments ({n} given)");
        return Err(t.type_error(&msg));
    }
    this(t, &a)?;
    let slice_arg = |t: &mut Thread, v: Option<Value>, default: i64| -> PyResult<i64> {
        match v {
            None => Ok(default),
            Some(v) => match sequence::to_index(t, v)? {
                Some((i, _)) => Ok(i),
                None => {
                    Err(t.type_error("slice indices must be integers or have an __index__ method"))
                }
            },
        }
    };
    let size = len(t, a.get(t, 0)) as i64;
    let mut start = slice_arg(t, a.opt(t, 2), 0)?;
    let mut stop = slice_arg(t, a.opt(t, 3), size)?;
    let size = len(t, a.get(t, 0)) as i64;
    if start < 0 {
        start = (start + size).max(0);
    }
    if stop < 0 {
        stop = (stop + size).max(0);
    }
    stop = stop.min(size);
    start = start.min(stop);
    let d = a.get(t, 0);
    let range = (start as usize, stop as usize);
    match find(t, d, a.get(t, 1), range, BuiltinType::RuntimeError)? {
        Some(i) => Ok(Value::small_int(i as i64)),
        None => {
            let r = protocol::repr_string(t, a.get(t, 1))?;
            Err(t.value_error(&format!("{r} is not in deque")))
        }
    }
}

fn deque_insert(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.no_kwargs(t, "insert")?;
    if a.len() != 3 {
        let msg = format!("insert() takes exactly 2 arguments ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    this(t, &a)?;
    let index = sequence::index_arg(t, a.get(t, 1))?;
    let d = a.get(t, 0);
    let n = len(t, d);
    if maxlen(t, d) == Some(n) {
        return Err(t.index_error("deque already at its maximum size"));
    }
    let ni = n as i64;
    if index >= ni {
        append(t, d, a.get(t, 2))?;
        return Ok(Value::NONE);
    }
    if index <= -ni || index == 0 {
        appendleft(t, d, a.get(t, 2))?;
        return Ok(Value::NONE);
    }
    let pos = if index < 0 { index + ni } else { index } as usize;
    let d = push_back(t, d, a.get(t, 2))?;
    for j in (pos..n).rev() {
        let v = get(t, d, j);
        set(t, d, j + 1, v);
    }
    set(t, d, pos, a.get(t, 2));
    bump(t, d);
    Ok(Value::NONE)
}

fn deque_remove(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.remove")?;
    let d = this(t, &a)?;
    let n = len(t, d);
    match find(t, d, a.get(t, 1), (0, n), BuiltinType::IndexError)? {
        Some(i) => {
            let d = a.get(t, 0);
            delete_at(t, d, i);
            shrink(t, d)?;
            Ok(Value::NONE)
        }
        None => {
            let r = protocol::repr_string(t, a.get(t, 1))?;
            Err(t.value_error(&format!("{r} is not in deque")))
        }
    }
}

fn deque_reverse(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.reverse")?;
    let d = this(t, &a)?;
    let n = len(t, d);
    for i in 0..n / 2 {
        let (x, y) = (get(t, d, i), get(t, d, n - 1 - i));
        set(t, d, i, y);
        set(t, d, n - 1 - i, x);
    }
    Ok(Value::NONE)
}

fn deque_len(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.__len__")?;
    let d = this(t, &a)?;
    Ok(Value::small_int(len(t, d) as i64))
}

/// The index of `d[key]`: an int in range (negative counts from the right).
fn item_index(t: &mut Thread, d: Value, key: Value) -> PyResult<usize> {
    let hd = t.root(d);
    let i = match sequence::classify_key(t, key)? {
        Key::Index(i) => i,
        Key::Overflow => return Err(sequence::index_overflow(t)),
        Key::Slice => {
            return Err(t.type_error("sequence index must be integer, not 'slice'"));
        }
        Key::Other(name) => {
            let msg = format!("sequence index must be integer, not '{name}'");
            return Err(t.type_error(&msg));
        }
    };
    let n = len(t, t.get(hd));
    let i = if i < 0 { i + n as i64 } else { i };
    if i < 0 || i >= n as i64 {
        return Err(t.index_error("deque index out of range"));
    }
    Ok(i as usize)
}

fn deque_getitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__getitem__")?;
    let d = this(t, &a)?;
    let i = item_index(t, d, a.get(t, 1))?;
    Ok(get(t, a.get(t, 0), i))
}

fn deque_setitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_range(t, a, "__setitem__", 2, 2)?;
    let d = this(t, &a)?;
    let i = item_index(t, d, a.get(t, 1))?;
    let d = a.get(t, 0);
    set(t, d, i, a.get(t, 2));
    Ok(Value::NONE)
}

fn deque_delitem(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__delitem__")?;
    let d = this(t, &a)?;
    let i = item_index(t, d, a.get(t, 1))?;
    let d = a.get(t, 0);
    delete_at(t, d, i);
    shrink(t, d)?;
    Ok(Value::NONE)
}

fn new_iter(t: &mut Thread, d: Value, key: &str) -> PyResult<Value> {
    let hd = t.root(d);
    let Some(ty) = native_type::native_type(t, key) else {
        return Err(t.system_error("deque iterators are not initialised"));
    };
    let d = t.get(hd);
    let (s, n) = (state(t, d), len(t, d));
    native_type::new_instance(t, ty, &[d, Value::small_int(s), Value::small_int(n as i64)])
}

fn deque_iter(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.__iter__")?;
    let d = this(t, &a)?;
    new_iter(t, d, ITER)
}

fn deque_reversed(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.__reversed__")?;
    let d = this(t, &a)?;
    new_iter(t, d, REVITER)
}

fn deque_repr(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.__repr__")?;
    let d = this(t, &a)?;
    if !sequence::repr_enter(t, d)? {
        return pystr::new_str(t, "[...]");
    }
    let r = deque_repr_body(t, a);
    sequence::repr_leave(t, a.get(t, 0));
    r
}

fn deque_repr_body(t: &mut Thread, a: Args) -> PyResult<Value> {
    let l = to_list(t, a.get(t, 0))?;
    let items = protocol::repr_string(t, l)?;
    let d = a.get(t, 0);
    let name = type_::type_name(t, t.type_of(d));
    let s = match maxlen(t, d) {
        Some(m) => format!("{name}({items}, maxlen={m})"),
        None => format!("{name}({items})"),
    };
    pystr::new_str(t, &s)
}

fn compare(t: &mut Thread, a: Args, op: CompareOp) -> PyResult<Value> {
    let (v, w) = (a.get(t, 0), a.get(t, 1));
    if !is_deque(t, v) || !is_deque(t, w) {
        return Ok(Value::NOT_IMPLEMENTED);
    }
    let (vs, ws) = (len(t, v), len(t, w));
    match op {
        CompareOp::Eq if v == w => return Ok(Value::TRUE),
        CompareOp::Eq if vs != ws => return Ok(Value::FALSE),
        CompareOp::Ne if v == w => return Ok(Value::FALSE),
        CompareOp::Ne if vs != ws => return Ok(Value::TRUE),
        _ => {}
    }
    sequence::check_recursion(t, " in comparison")?;
    let x = to_list(t, v)?;
    let hx = t.root(x);
    let y = to_list(t, a.get(t, 1))?;
    let hy = t.root(y);
    let mut i = 0;
    loop {
        let (x, y) = (t.get(hx), t.get(hy));
        if i >= list::len(t, x) || i >= list::len(t, y) {
            break;
        }
        let (xi, yi) = (list::get(t, x, i), list::get(t, y, i));
        let hxi = t.root(xi);
        let hyi = t.root(yi);
        if !protocol::eq(t, xi, yi)? {
            let r = protocol::rich_compare(t, t.get(hxi), t.get(hyi), op)?;
            return Ok(Value::from_bool(protocol::truthy(t, r)?));
        }
        i += 1;
    }
    let (xl, yl) = (list::len(t, t.get(hx)), list::len(t, t.get(hy)));
    let (xe, ye) = (i >= xl, i >= yl);
    let r = match op {
        CompareOp::Lt => !ye,
        CompareOp::Le => xe,
        CompareOp::Eq => xe == ye,
        CompareOp::Ne => xe != ye,
        CompareOp::Gt => !xe,
        CompareOp::Ge => ye,
    };
    Ok(Value::from_bool(r))
}

fn deque_eq(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__eq__")?;
    compare(t, a, CompareOp::Eq)
}
fn deque_ne(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__ne__")?;
    compare(t, a, CompareOp::Ne)
}
fn deque_lt(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__lt__")?;
    compare(t, a, CompareOp::Lt)
}
fn deque_le(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__le__")?;
    compare(t, a, CompareOp::Le)
}
fn deque_gt(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__gt__")?;
    compare(t, a, CompareOp::Gt)
}
fn deque_ge(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__ge__")?;
    compare(t, a, CompareOp::Ge)
}

fn deque_add(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__add__")?;
    this(t, &a)?;
    let other = a.get(t, 1);
    if !is_deque(t, other) {
        if sequence::reflects(t, other, "__radd__")? {
            return Ok(Value::NOT_IMPLEMENTED);
        }
        let msg = format!(
            "can only concatenate deque (not \"{}\") to deque",
            type_::type_name_of(t, a.get(t, 1))
        );
        return Err(t.type_error(&msg));
    }
    let out = copy(t, a.get(t, 0))?;
    let ho = t.root(out);
    extend(t, out, a.get(t, 1), false)?;
    Ok(t.get(ho))
}

fn deque_iadd(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__iadd__")?;
    let d = this(t, &a)?;
    extend(t, d, a.get(t, 1), false)?;
    Ok(a.get(t, 0))
}

fn deque_mul(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__mul__")?;
    this(t, &a)?;
    let n = match sequence::repeat_arg(t, a.get(t, 1))? {
        Repeat::Count(n) => n,
        Repeat::Done(v) => return Ok(v),
    };
    let out = copy(t, a.get(t, 0))?;
    let ho = t.root(out);
    inplace_repeat(t, out, n)?;
    Ok(t.get(ho))
}

fn deque_imul(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_one(t, a, "deque.__imul__")?;
    this(t, &a)?;
    let n = match sequence::repeat_arg(t, a.get(t, 1))? {
        Repeat::Count(n) => n,
        Repeat::Done(v) => return Ok(v),
    };
    inplace_repeat(t, a.get(t, 0), n)?;
    Ok(a.get(t, 0))
}

fn deque_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.__reduce__")?;
    let d = this(t, &a)?;
    let state = match protocol::getattr_str(t, d, "__dict__") {
        Ok(v) => v,
        Err(e) => {
            if !t.exception_matches(BuiltinType::AttributeError) {
                return Err(e);
            }
            t.take_exception();
            Value::NONE
        }
    };
    let hs = t.root(state);
    let it = new_iter(t, a.get(t, 0), ITER)?;
    let hit = t.root(it);
    let empty = tuple::new_tuple(t, &[])?;
    let args = match maxlen(t, a.get(t, 0)) {
        Some(m) => tuple::new_tuple(t, &[empty, Value::small_int(m as i64)])?,
        None => empty,
    };
    let cls = t.type_of(a.get(t, 0));
    tuple::new_tuple(t, &[cls, args, t.get(hs), t.get(hit)])
}

fn deque_maxlen(t: &mut Thread, a: Args) -> PyResult<Value> {
    let d = this(t, &a)?;
    Ok(t.heap.slot(d, MAXLEN))
}

fn deque_sizeof(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "deque.__sizeof__")?;
    let d = this(t, &a)?;
    Ok(Value::small_int(48 + 8 * cap(t, d) as i64))
}

// ----- iterators -----

fn iter_this(t: &mut Thread, a: &Args) -> PyResult<Value> {
    let it = a.get(t, 0);
    let d = t.heap.slot(it, IT_DEQUE);
    if is_deque(t, d) && t.heap.slot(it, IT_COUNTER).is_small_int() {
        return Ok(it);
    }
    Err(t.type_error("deque iterator is not initialized"))
}

fn iter_next_impl(t: &mut Thread, a: Args, reverse: bool) -> PyResult<Value> {
    let it = iter_this(t, &a)?;
    let d = t.heap.slot(it, IT_DEQUE);
    let counter = t.heap.slot(it, IT_COUNTER).as_small_int() as usize;
    let changed = state(t, d) != t.heap.slot(it, IT_STATE).as_small_int();
    // CPython's forward iterator checks the state first, the reverse one the count first.
    if changed && (!reverse || counter > 0) {
        t.heap.set_slot(it, IT_COUNTER, Value::small_int(0));
        return Err(t.runtime_error("deque mutated during iteration"));
    }
    if counter == 0 {
        return Err(t.raise_empty(BuiltinType::StopIteration));
    }
    let n = len(t, d);
    let v = if reverse {
        get(t, d, counter - 1)
    } else {
        get(t, d, n - counter)
    };
    t.heap
        .set_slot(it, IT_COUNTER, Value::small_int(counter as i64 - 1));
    Ok(v)
}

fn iter_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "_deque_iterator.__next__")?;
    iter_next_impl(t, a, false)
}

fn reviter_next(t: &mut Thread, a: Args) -> PyResult<Value> {
    sequence::check_noargs(t, a, "_deque_reverse_iterator.__next__")?;
    iter_next_impl(t, a, true)
}

fn iter_self(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(a.get(t, 0))
}

fn iter_length_hint(t: &mut Thread, a: Args) -> PyResult<Value> {
    let it = iter_this(t, &a)?;
    Ok(t.heap.slot(it, IT_COUNTER))
}

fn iter_reduce(t: &mut Thread, a: Args) -> PyResult<Value> {
    let it = iter_this(t, &a)?;
    let d = t.heap.slot(it, IT_DEQUE);
    let done = len(t, d) as i64 - t.heap.slot(it, IT_COUNTER).as_small_int();
    let args = tuple::new_tuple(t, &[d, Value::small_int(done)])?;
    let cls = t.type_of(a.get(t, 0));
    tuple::new_tuple(t, &[cls, args])
}

/// `_deque_iterator(deque, index=0)`: an iterator that has already produced `index` items.
fn iter_new_impl(t: &mut Thread, a: Args, key: &'static str, name: &str) -> PyResult<Value> {
    a.no_kwargs(t, name)?;
    let n = a.len() - 1;
    if !(1..=2).contains(&n) {
        let msg = if n == 0 {
            format!("{name} expected at least 1 argument, got 0")
        } else {
            format!("{name} expected at most 2 arguments, got {n}")
        };
        return Err(t.type_error(&msg));
    }
    let d = a.get(t, 1);
    if !is_deque(t, d) {
        let msg = format!(
            "{name}() argument 1 must be collections.deque, not {}",
            type_::type_name_of(t, d)
        );
        return Err(t.type_error(&msg));
    }
    let index = match a.opt(t, 2) {
        Some(v) => sequence::index_arg(t, v)?,
        None => 0,
    };
    let it = new_iter(t, a.get(t, 1), key)?;
    let c = t.heap.slot(it, IT_COUNTER).as_small_int();
    let skip = index.clamp(0, c);
    t.heap.set_slot(it, IT_COUNTER, Value::small_int(c - skip));
    Ok(it)
}

fn iter_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    iter_new_impl(t, a, ITER, "_deque_iterator")
}

fn reviter_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    iter_new_impl(t, a, REVITER, "_deque_reverse_iterator")
}

// ----- module -----

/// Stores the already registered native types `(key, attribute name)` in the module
/// namespace `md`; false when the module's types have not been created yet. A re-import
/// (after `del sys.modules[...]`) shares the first import's types, as CPython's static
/// types are shared.
pub(crate) fn reuse_types(t: &mut Thread, md: Value, types: &[(&str, &str)]) -> PyResult<bool> {
    let hmd = t.root(md);
    if types
        .iter()
        .any(|(key, _)| native_type::native_type(t, key).is_none())
    {
        return Ok(false);
    }
    for (key, name) in types {
        if let Some(ty) = native_type::native_type(t, key) {
            dict::set_str(t, t.get(hmd), name, ty)?;
        }
    }
    Ok(true)
}

fn init_deque(t: &mut Thread, md: Value) -> PyResult<()> {
    let hmd = t.root(md);
    if reuse_types(
        t,
        md,
        &[
            (DEQUE, "deque"),
            (ITER, "_deque_iterator"),
            (REVITER, "_deque_reverse_iterator"),
        ],
    )? {
        return Ok(());
    }
    let spec = NativeTypeSpec {
        module: "collections",
        name: "deque",
        slots: DEQUE_SLOTS,
        basetype: true,
        dict: false,
    };
    let ty = native_type::new_native_type(t, DEQUE, &spec)?;
    // Sequence patterns match deques, as CPython's Py_TPFLAGS_SEQUENCE says.
    ember_vm::objects::type_::set_flag(t, ty, ember_vm::objects::type_::flags::SEQUENCE, true);
    let hty = t.root(ty);
    native::add_static(t, ty, "__new__", deque_new)?;
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("__init__", deque_init),
        ("append", deque_append),
        ("appendleft", deque_appendleft),
        ("pop", deque_pop),
        ("popleft", deque_popleft),
        ("extend", deque_extend),
        ("extendleft", deque_extendleft),
        ("rotate", deque_rotate),
        ("clear", deque_clear),
        ("copy", deque_copy),
        ("__copy__", deque_copy_dunder),
        ("count", deque_count),
        ("index", deque_index),
        ("insert", deque_insert),
        ("remove", deque_remove),
        ("reverse", deque_reverse),
        ("__len__", deque_len),
        ("__getitem__", deque_getitem),
        ("__setitem__", deque_setitem),
        ("__delitem__", deque_delitem),
        ("__contains__", deque_contains),
        ("__iter__", deque_iter),
        ("__reversed__", deque_reversed),
        ("__repr__", deque_repr),
        ("__eq__", deque_eq),
        ("__ne__", deque_ne),
        ("__lt__", deque_lt),
        ("__le__", deque_le),
        ("__gt__", deque_gt),
        ("__ge__", deque_ge),
        ("__add__", deque_add),
        ("__iadd__", deque_iadd),
        ("__mul__", deque_mul),
        ("__rmul__", deque_mul),
        ("__imul__", deque_imul),
        ("__reduce__", deque_reduce),
        ("__sizeof__", deque_sizeof),
    ];
    for (name, f) in methods {
        native::add_method(t, t.get(hty), name, *f)?;
    }
    descriptors::add_getset(t, t.get(hty), "maxlen", deque_maxlen, None)?;
    sequence::add_class_getitem(t, t.get(hty))?;
    let d = type_::type_dict(t, t.get(hty));
    dict::set_str(t, d, "__hash__", Value::NONE)?;
    let doc = pystr::new_str(
        t,
        "deque([iterable[, maxlen]]) --> deque object\n\nA list-like sequence optimized for data accesses near its endpoints.",
    )?;
    let d = type_::type_dict(t, t.get(hty));
    dict::set_str(t, d, "__doc__", doc)?;
    dict::set_str(t, t.get(hmd), "deque", t.get(hty))?;

    for (key, name, next, new) in [
        (
            ITER,
            "_deque_iterator",
            iter_next as native::NativeFn,
            iter_new as native::NativeFn,
        ),
        (
            REVITER,
            "_deque_reverse_iterator",
            reviter_next,
            reviter_new,
        ),
    ] {
        let spec = NativeTypeSpec {
            module: "_collections",
            name,
            slots: 3,
            basetype: false,
            dict: false,
        };
        let ity = native_type::new_native_type(t, key, &spec)?;
        let hi = t.root(ity);
        native::add_static(t, ity, "__new__", new)?;
        native::add_method(t, t.get(hi), "__next__", next)?;
        native::add_method(t, t.get(hi), "__iter__", iter_self)?;
        native::add_method(t, t.get(hi), "__length_hint__", iter_length_hint)?;
        native::add_method(t, t.get(hi), "__reduce__", iter_reduce)?;
        dict::set_str(t, t.get(hmd), name, t.get(hi))?;
    }
    Ok(())
}

pub fn init_collections(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_collections")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let doc = pystr::new_str(
        t,
        "High performance data structures.\n- deque:        ordered collection accessible from endpoints only\n- defaultdict:  dict subclass with a default value factory\n",
    )?;
    dict::set_str(t, t.get(hd), "__doc__", doc)?;
    init_deque(t, t.get(hd))?;
    collections_dict::init(t, t.get(hd))?;
    Ok(t.get(hm))
}

/// `a + 1` for `_count_elements`.
pub(crate) fn add_one(t: &mut Thread, v: Value) -> PyResult<Value> {
    protocol::number::binary_op(t, v, Value::small_int(1), BinaryOp::Add)
}

//! The `_random` module: `_random.Random`, the Mersenne Twister (MT19937) that `random`
//! builds on, bit-for-bit CPython's: the same seeding from ints (all their bits, as 32-bit
//! words for `init_by_array`), the same `random()` (53 bits from two draws) and
//! `getrandbits`, and the same state tuples for `getstate`/`setstate`.
//!
//! The 624-word state lives in the heap (a Bytes-format object in slot 0, the next index in
//! slot 1), so generators survive moves like any object.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::{dict, float, int, module, sequence, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;
use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};

const N: usize = 624;
const M: usize = 397;
const RANDOM_TYPE: &str = "_random.Random";
// Slots.
const STATE: usize = 0;
const INDEX: usize = 1;

/// The generator's words, read out of the heap.
fn load(t: &Thread, r: Value) -> ([u32; N], usize) {
    let b = t.heap.bytes(t.heap.slot(r, STATE));
    let mut mt = [0u32; N];
    for (i, w) in mt.iter_mut().enumerate() {
        *w = u32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
    }
    (mt, t.heap.slot(r, INDEX).as_small_int() as usize)
}

fn store(t: &mut Thread, r: Value, mt: &[u32; N], index: usize) {
    let state = t.heap.slot(r, STATE);
    let b = t.heap.bytes_mut(state);
    for (i, w) in mt.iter().enumerate() {
        b[4 * i..4 * i + 4].copy_from_slice(&w.to_le_bytes());
    }
    t.heap.set_slot(r, INDEX, Value::small_int(index as i64));
}

fn init_genrand(mt: &mut [u32; N], s: u32) {
    mt[0] = s;
    for i in 1..N {
        mt[i] = 1812433253u32
            .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
            .wrapping_add(i as u32);
    }
}

/// The reference `init_by_array`; returns the state with index N (regenerate on next draw).
fn init_by_array(key: &[u32]) -> [u32; N] {
    let mut mt = [0u32; N];
    init_genrand(&mut mt, 19650218);
    let (mut i, mut j) = (1usize, 0usize);
    let klen = key.len().max(1);
    for _ in 0..N.max(klen) {
        mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1664525))
            .wrapping_add(*key.get(j).unwrap_or(&0))
            .wrapping_add(j as u32);
        i += 1;
        j += 1;
        if i >= N {
            mt[0] = mt[N - 1];
            i = 1;
        }
        if j >= klen {
            j = 0;
        }
    }
    for _ in 0..N - 1 {
        mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1566083941))
            .wrapping_sub(i as u32);
        i += 1;
        if i >= N {
            mt[0] = mt[N - 1];
            i = 1;
        }
    }
    mt[0] = 0x8000_0000;
    mt
}

/// Regenerates the 624 words (the twist).
fn twist(mt: &mut [u32; N]) {
    const UPPER: u32 = 0x8000_0000;
    const LOWER: u32 = 0x7fff_ffff;
    const MATRIX_A: u32 = 0x9908_b0df;
    for kk in 0..N {
        let y = (mt[kk] & UPPER) | (mt[(kk + 1) % N] & LOWER);
        let mag = if y & 1 != 0 { MATRIX_A } else { 0 };
        mt[kk] = mt[(kk + M) % N] ^ (y >> 1) ^ mag;
    }
}

fn next_u32(mt: &mut [u32; N], index: &mut usize) -> u32 {
    if *index >= N {
        twist(mt);
        *index = 0;
    }
    let mut y = mt[*index];
    *index += 1;
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c_5680;
    y ^= (y << 15) & 0xefc6_0000;
    y ^ (y >> 18)
}

/// The 32-bit words of |n|, least significant first ([0] for 0).
fn key_of(n: &BigInt) -> Vec<u32> {
    if n.is_zero() {
        return vec![0];
    }
    n.abs().to_u32_digits().1
}

fn seed_from_os() -> Vec<u32> {
    let mut buf = [0u8; N * 4];
    // SAFETY: `buf` is a valid writable buffer of the given length.
    let got = unsafe { libc::getrandom(buf.as_mut_ptr().cast(), buf.len(), 0) };
    if got != buf.len() as isize {
        // Fall back to time and address entropy, as CPython's random_seed_time_pid.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        return vec![now as u32, (now >> 32) as u32, std::process::id()];
    }
    buf.chunks(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// `seed(n)`: None → OS entropy; int → its absolute value; anything else → its hash.
fn seed(t: &mut Thread, r: Value, arg: Option<Value>) -> PyResult<()> {
    let hr = t.root(r);
    let key = match arg {
        None => seed_from_os(),
        Some(v) if v.is_none() => seed_from_os(),
        Some(v) if int::is_int(t, v) => key_of(&int::to_bigint(t, v)),
        Some(v) => {
            // The hash as an unsigned machine word, as CPython's `(size_t)hash`.
            let h = protocol::hash(t, v)?;
            key_of(&BigInt::from(h as u64))
        }
    };
    let mt = init_by_array(&key);
    store(t, t.get(hr), &mt, N);
    Ok(())
}

fn new_generator(t: &mut Thread, cls: Value) -> PyResult<Value> {
    let hcls = t.root(cls);
    let state = t.alloc_bytes(BuiltinType::Array.layout(), N * 4)?;
    native_type::new_instance(t, t.get(hcls), &[state, Value::small_int(N as i64)])
}

fn r_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    let exact = native_type::native_type(t, RANDOM_TYPE) == Some(cls);
    if exact && a.nkw > 0 {
        return Err(t.type_error("Random() takes no keyword arguments"));
    }
    if a.len() > 2 {
        let msg = format!("Random() expected at most 1 argument, got {}", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let r = new_generator(t, cls)?;
    let hr = t.root(r);
    seed(t, r, a.opt(t, 1))?;
    Ok(t.get(hr))
}

fn r_seed(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "seed", 1, 2)?;
    seed(t, a.get(t, 0), a.opt(t, 1))?;
    Ok(Value::NONE)
}

fn r_random(t: &mut Thread, a: Args) -> PyResult<Value> {
    let r = a.get(t, 0);
    let (mut mt, mut index) = load(t, r);
    let hi = (next_u32(&mut mt, &mut index) >> 5) as f64;
    let lo = (next_u32(&mut mt, &mut index) >> 6) as f64;
    store(t, r, &mt, index);
    float::new_float(t, (hi * 67108864.0 + lo) * (1.0 / 9007199254740992.0))
}

fn r_getrandbits(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getrandbits", 2, 2)?;
    let k = sequence::index_arg(t, a.get(t, 1))?;
    if k < 0 {
        return Err(t.value_error("number of bits must be non-negative"));
    }
    if k == 0 {
        return Ok(Value::small_int(0));
    }
    let r = a.get(t, 0);
    let (mut mt, mut index) = load(t, r);
    if k <= 32 {
        let v = next_u32(&mut mt, &mut index) >> (32 - k);
        store(t, r, &mt, index);
        return Ok(Value::small_int(v as i64));
    }
    let words = ((k - 1) / 32 + 1) as usize;
    let mut digits = Vec::with_capacity(words);
    let mut left = k;
    for _ in 0..words {
        let mut w = next_u32(&mut mt, &mut index);
        if left < 32 {
            w >>= 32 - left;
        }
        digits.push(w);
        left -= 32;
    }
    store(t, r, &mt, index);
    let n = BigInt::from_slice(Sign::Plus, &digits);
    int::from_bigint(t, &n)
}

fn r_getstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "getstate", 1, 1)?;
    let (mt, index) = load(t, a.get(t, 0));
    let tup = tuple::new_tuple_uninit(t, N + 1)?;
    for (i, w) in mt.iter().enumerate() {
        t.heap.set_slot(tup, i, Value::small_int(*w as i64));
    }
    t.heap.set_slot(tup, N, Value::small_int(index as i64));
    Ok(tup)
}

fn r_setstate(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "setstate", 2, 2)?;
    let st = a.get(t, 1);
    if !tuple::is_tuple(t, st) {
        return Err(t.type_error("state vector must be a tuple"));
    }
    if tuple::len(t, st) != N + 1 {
        return Err(t.value_error("state vector is the wrong size"));
    }
    let mut mt = [0u32; N];
    for (i, w) in mt.iter_mut().enumerate() {
        let v = tuple::get(t, a.get(t, 1), i);
        if !int::is_int(t, v) {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                type_::type_name_of(t, v)
            );
            return Err(t.type_error(&msg));
        }
        let n = int::to_bigint(t, v);
        let Some(u) = n.to_u64().filter(|_| !n.is_negative()) else {
            return Err(t.overflow_error(
                "Python int too large to convert to C unsigned long",
            ));
        };
        *w = u as u32;
    }
    let last = tuple::get(t, a.get(t, 1), N);
    let index = sequence::index_arg(t, last)?;
    if !(0..=N as i64).contains(&index) {
        return Err(t.value_error("invalid state"));
    }
    store(t, a.get(t, 0), &mt, index as usize);
    Ok(Value::NONE)
}

pub fn init_random(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_random")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let ty = match native_type::native_type(t, RANDOM_TYPE) {
        Some(ty) => ty,
        None => {
            let spec = NativeTypeSpec {
                module: "_random",
                name: "Random",
                slots: 2,
                basetype: true,
                dict: false,
            };
            let ty = native_type::new_native_type(t, RANDOM_TYPE, &spec)?;
            let hty = t.root(ty);
            native::add_static(t, t.get(hty), "__new__", r_new)?;
            let methods: &[(&'static str, native::NativeFn)] = &[
                ("seed", r_seed),
                ("random", r_random),
                ("getrandbits", r_getrandbits),
                ("getstate", r_getstate),
                ("setstate", r_setstate),
            ];
            for (name, f) in methods {
                native::add_method(t, t.get(hty), name, *f)?;
            }
            t.get(hty)
        }
    };
    dict::set_str(t, t.get(hd), "Random", ty)?;
    Ok(t.get(hm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_outputs() {
        // The MT19937 reference: init_by_array({0x123, 0x234, 0x345, 0x456}) first output.
        let mut mt = init_by_array(&[0x123, 0x234, 0x345, 0x456]);
        let mut index = N;
        assert_eq!(next_u32(&mut mt, &mut index), 1067595299);
        // CPython: random.Random(0).getrandbits(32) == 3626764237.
        let mut mt = init_by_array(&key_of(&BigInt::from(0)));
        let mut index = N;
        assert_eq!(next_u32(&mut mt, &mut index), 3626764237);
    }
}

//! `list.sort(key=None, reverse=False)`: a stable sort shaped like CPython's timsort (runs
//! found by `count_run`, short runs extended to `minrun` by binary insertion, runs merged
//! under the classic stack invariants), comparing only with `<` through
//! `protocol::rich_compare`.
//!
//! **Invariant:** while sorting, the list is empty and owns a fresh zero-capacity array; the
//! items and keys being sorted live in rooted arrays and the sort permutes plain indices,
//! so a comparison that allocates (or runs Python code) never invalidates what the sort
//! holds. Afterwards the list gets the items in sorted order back — even after an error,
//! as CPython's does — and any change made to it meanwhile is discarded with
//! `ValueError: list modified during sort`.
//!
//! FIXME(timsort-galloping): merges are plain stable merges without galloping, so for
//! lists of 64 items or more the sequence of comparisons (visible only to `__lt__` methods
//! with side effects) differs from CPython's; results are identical.

use ember_gc::Value;

use crate::bytecode::CompareOp;
use crate::errors::PyResult;
use crate::objects::builtin_types::BuiltinType;
use crate::objects::list::{ITEMS, LEN};
use crate::objects::{float, str as pystr};
use crate::protocol;
use crate::thread::{Handle, Thread};

/// Sorts `list` in place.
pub fn sort(t: &mut Thread, list: Value, key: Value, reverse: bool) -> PyResult<()> {
    let hl = t.root(list);
    let hkey = t.root(key);
    let n = super::len(t, list);
    let items = t.heap.slot(list, ITEMS);
    let hitems = t.root(items);
    let empty = t.alloc_slots(BuiltinType::Array.layout(), 0, Value::NONE)?;
    let hempty = t.root(empty);
    let list = t.get(hl);
    t.heap.set_slot(list, ITEMS, empty);
    t.heap.set_slot(list, LEN, Value::small_int(0));

    // Keys (the items themselves without a key function).
    let hkeys = if t.get(hkey).is_none() {
        hitems
    } else {
        match compute_keys(t, hkey, hitems, n) {
            Ok(h) => h,
            Err(e) => {
                restore(t, hl, hitems, n);
                return Err(e);
            }
        }
    };

    let mut perm: Vec<usize> = (0..n).collect();
    if reverse {
        perm.reverse();
    }
    let r = timsort(&mut perm, &mut |a, b| key_lt(t, hkeys, a, b));
    if reverse {
        perm.reverse();
    }

    // Rebuild the items in sorted order; a failed allocation leaves the original order.
    let sorted = match t.alloc_slots(BuiltinType::Array.layout(), n, Value::NONE) {
        Ok(v) => v,
        Err(e) => {
            restore(t, hl, hitems, n);
            return Err(e);
        }
    };
    let items = t.get(hitems);
    for (i, &p) in perm.iter().enumerate() {
        let v = t.heap.slot(items, p);
        t.heap.set_slot(sorted, i, v);
    }
    let list = t.get(hl);
    let modified =
        t.heap.slot(list, ITEMS) != t.get(hempty) || t.heap.slot(list, LEN).as_small_int() != 0;
    t.heap.set_slot(list, ITEMS, sorted);
    t.heap.set_slot(list, LEN, Value::small_int(n as i64));
    r?;
    if modified {
        return Err(t.value_error("list modified during sort"));
    }
    Ok(())
}

/// Gives the list back its original items (after the key function failed).
fn restore(t: &mut Thread, hl: Handle, hitems: Handle, n: usize) {
    let list = t.get(hl);
    let items = t.get(hitems);
    t.heap.set_slot(list, ITEMS, items);
    t.heap.set_slot(list, LEN, Value::small_int(n as i64));
}

/// Calls the key function on every item, into a new rooted array.
fn compute_keys(t: &mut Thread, hkey: Handle, hitems: Handle, n: usize) -> PyResult<Handle> {
    let keys = t.alloc_slots(BuiltinType::Array.layout(), n, Value::NONE)?;
    let hkeys = t.root(keys);
    for i in 0..n {
        let mark = t.handle_mark();
        let item = t.heap.slot(t.get(hitems), i);
        let k = protocol::call(t, t.get(hkey), &[item])?;
        let keys = t.get(hkeys);
        t.heap.set_slot(keys, i, k);
        t.handle_release(mark);
    }
    Ok(hkeys)
}

/// `keys[a] < keys[b]`, without a Python call for ints, floats and strs.
fn key_lt(t: &mut Thread, hkeys: Handle, a: usize, b: usize) -> PyResult<bool> {
    let keys = t.get(hkeys);
    let (x, y) = (t.heap.slot(keys, a), t.heap.slot(keys, b));
    if x.is_small_int() && y.is_small_int() {
        return Ok(x.as_small_int() < y.as_small_int());
    }
    if pystr::is_exact_str(t, x) && pystr::is_exact_str(t, y) {
        return Ok(pystr::compare(t, x, y) == std::cmp::Ordering::Less);
    }
    if float::is_exact_float(t, x) && float::is_exact_float(t, y) {
        return Ok(float::float_value(t, x) < float::float_value(t, y));
    }
    let mark = t.handle_mark();
    let r = protocol::rich_compare(t, x, y, CompareOp::Lt)?;
    let lt = if r.is_bool() {
        r.is_true()
    } else {
        protocol::truthy(t, r)?
    };
    t.handle_release(mark);
    Ok(lt)
}

/// CPython's `merge_compute_minrun`.
fn compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// Sorts the index permutation `perm` stably with the strict order `lt`. On error `perm`
/// is still a permutation (partly sorted), as CPython leaves the list.
pub fn timsort<E>(
    perm: &mut [usize],
    lt: &mut impl FnMut(usize, usize) -> Result<bool, E>,
) -> Result<(), E> {
    let n = perm.len();
    if n < 2 {
        return Ok(());
    }
    let minrun = compute_minrun(n);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut lo = 0;
    while lo < n {
        let (mut run, descending) = count_run(perm, lo, n, lt)?;
        if descending {
            perm[lo..lo + run].reverse();
        }
        if run < minrun {
            let force = (n - lo).min(minrun);
            binarysort(perm, lo, lo + force, lo + run, lt)?;
            run = force;
        }
        runs.push((lo, run));
        merge_collapse(perm, &mut runs, lt)?;
        lo += run;
    }
    while runs.len() > 1 {
        let mut i = runs.len() - 2;
        if i > 0 && runs[i - 1].1 < runs[i + 1].1 {
            i -= 1;
        }
        merge_at(perm, &mut runs, i, lt)?;
    }
    Ok(())
}

/// Length of the run starting at `lo` and whether it is strictly descending.
fn count_run<E>(
    perm: &[usize],
    lo: usize,
    hi: usize,
    lt: &mut impl FnMut(usize, usize) -> Result<bool, E>,
) -> Result<(usize, bool), E> {
    if lo + 1 == hi {
        return Ok((1, false));
    }
    let mut n = 2;
    let mut i = lo + 2;
    if lt(perm[lo + 1], perm[lo])? {
        while i < hi && lt(perm[i], perm[i - 1])? {
            i += 1;
            n += 1;
        }
        Ok((n, true))
    } else {
        while i < hi && !lt(perm[i], perm[i - 1])? {
            i += 1;
            n += 1;
        }
        Ok((n, false))
    }
}

/// Binary insertion sort of `perm[lo..hi]` whose prefix `lo..start` is already sorted.
fn binarysort<E>(
    perm: &mut [usize],
    lo: usize,
    hi: usize,
    mut start: usize,
    lt: &mut impl FnMut(usize, usize) -> Result<bool, E>,
) -> Result<(), E> {
    if start == lo {
        start += 1;
    }
    while start < hi {
        let pivot = perm[start];
        let (mut l, mut r) = (lo, start);
        while l < r {
            let p = l + ((r - l) >> 1);
            if lt(pivot, perm[p])? {
                r = p;
            } else {
                l = p + 1;
            }
        }
        perm.copy_within(l..start, l + 1);
        perm[l] = pivot;
        start += 1;
    }
    Ok(())
}

fn merge_collapse<E>(
    perm: &mut [usize],
    runs: &mut Vec<(usize, usize)>,
    lt: &mut impl FnMut(usize, usize) -> Result<bool, E>,
) -> Result<(), E> {
    while runs.len() > 1 {
        let mut n = runs.len() - 2;
        let len = |i: usize, runs: &Vec<(usize, usize)>| runs[i].1;
        if (n > 0 && len(n - 1, runs) <= len(n, runs) + len(n + 1, runs))
            || (n > 1 && len(n - 2, runs) <= len(n - 1, runs) + len(n, runs))
        {
            if len(n - 1, runs) < len(n + 1, runs) {
                n -= 1;
            }
            merge_at(perm, runs, n, lt)?;
        } else if len(n, runs) <= len(n + 1, runs) {
            merge_at(perm, runs, n, lt)?;
        } else {
            break;
        }
    }
    Ok(())
}

/// Merges runs `i` and `i + 1` (adjacent) stably.
fn merge_at<E>(
    perm: &mut [usize],
    runs: &mut Vec<(usize, usize)>,
    i: usize,
    lt: &mut impl FnMut(usize, usize) -> Result<bool, E>,
) -> Result<(), E> {
    let (base, la) = runs[i];
    let (_, lb) = runs[i + 1];
    let mid = base + la;
    let end = mid + lb;
    let mut out = Vec::with_capacity(la + lb);
    let (mut x, mut y) = (base, mid);
    while x < mid && y < end {
        // Take from the right run only when strictly smaller: stability.
        if lt(perm[y], perm[x])? {
            out.push(perm[y]);
            y += 1;
        } else {
            out.push(perm[x]);
            x += 1;
        }
    }
    out.extend_from_slice(&perm[x..mid]);
    out.extend_from_slice(&perm[y..end]);
    perm[base..end].copy_from_slice(&out);
    runs[i] = (base, la + lb);
    runs.remove(i + 1);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sort_keys(keys: &[i64]) -> Vec<usize> {
        let mut perm: Vec<usize> = (0..keys.len()).collect();
        let r: Result<(), ()> = timsort(&mut perm, &mut |a, b| Ok(keys[a] < keys[b]));
        assert!(r.is_ok());
        perm
    }

    #[test]
    fn minrun_matches_cpython() {
        assert_eq!(compute_minrun(63), 63);
        assert_eq!(compute_minrun(64), 32);
        assert_eq!(compute_minrun(65), 33);
        assert_eq!(compute_minrun(2112), 33);
    }

    #[test]
    fn sorts_and_is_stable() {
        let mut seed = 12345u64;
        for n in [0usize, 1, 2, 3, 10, 63, 64, 65, 200, 1000, 5000] {
            let keys: Vec<i64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 50) as i64
                })
                .collect();
            let perm = sort_keys(&keys);
            for w in perm.windows(2) {
                assert!(keys[w[0]] < keys[w[1]] || (keys[w[0]] == keys[w[1]] && w[0] < w[1]));
            }
            let mut seen = perm.clone();
            seen.sort_unstable();
            assert_eq!(seen, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn descending_runs_are_reversed_stably() {
        let keys = [5, 4, 4, 3, 2, 1];
        let perm = sort_keys(&keys);
        assert_eq!(perm, vec![5, 4, 3, 1, 2, 0]);
    }

    #[test]
    fn error_leaves_a_permutation() {
        let mut perm: Vec<usize> = (0..10).rev().collect();
        let mut calls = 0;
        let r: Result<(), &str> = timsort(&mut perm, &mut |a, b| {
            calls += 1;
            if calls > 5 {
                Err("boom")
            } else {
                Ok(a < b)
            }
        });
        assert!(r.is_err());
        let mut seen = perm.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
    }
}

//! The Unicode normalization forms (UAX #15) over code point vectors: full canonical or
//! compatibility decomposition, canonical ordering, then (for NFC/NFKC) canonical
//! composition, with Hangul syllables handled arithmetically. For the 3.2 view, characters
//! unassigned in 3.2 do not decompose and the corrected decompositions use their 3.2 form,
//! as CPython's `nfd_nfkd` does; ordering and composition use the current data in both.

use super::db::{self, Version};
use super::db::{L_BASE, L_COUNT, N_COUNT, S_BASE, S_COUNT, T_BASE, T_COUNT, V_BASE, V_COUNT};

/// NFD (`compat` false) or NFKD (`compat` true) of `input`.
pub(super) fn decompose(v: Version, input: &[u32], compat: bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(input.len());
    let mut stack = Vec::new();
    for &c in input {
        stack.push(c);
        while let Some(code) = stack.pop() {
            if (S_BASE..S_BASE + S_COUNT).contains(&code) {
                let s = code - S_BASE;
                out.push(L_BASE + s / N_COUNT);
                out.push(V_BASE + (s % N_COUNT) / T_COUNT);
                let t = T_BASE + s % T_COUNT;
                if t != T_BASE {
                    out.push(t);
                }
                continue;
            }
            if v == Version::V3_2 {
                if let Some(old) = db::correction_3_2(code) {
                    stack.push(old);
                    continue;
                }
            }
            match db::decomposition(v, code) {
                Some(d) if d.prefix == 0 || compat => {
                    for i in (0..d.count).rev() {
                        stack.push(d.get(i));
                    }
                }
                _ => out.push(code),
            }
        }
    }
    canonical_order(&mut out);
    out
}

/// Sorts every run of non-starters by combining class, keeping equal classes in order.
fn canonical_order(s: &mut [u32]) {
    let mut i = 0;
    while i < s.len() {
        if db::combining(s[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < s.len() && db::combining(s[i]) != 0 {
            i += 1;
        }
        if i - start > 1 {
            s[start..i].sort_by_key(|&c| db::combining(c));
        }
    }
}

/// NFC (`compat` false) or NFKC (`compat` true) of `input`.
pub(super) fn compose(v: Version, input: &[u32], compat: bool) -> Vec<u32> {
    let s = decompose(v, input, compat);
    let n = s.len();
    let mut used = vec![false; n];
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        if used[i] {
            i += 1;
            continue;
        }
        let c = s[i];
        // Hangul: L V (T) → syllable. The input is decomposed, so there are no LV + T pairs.
        if (L_BASE..L_BASE + L_COUNT).contains(&c)
            && i + 1 < n
            && (V_BASE..V_BASE + V_COUNT).contains(&s[i + 1])
        {
            let mut code = S_BASE + ((c - L_BASE) * V_COUNT + (s[i + 1] - V_BASE)) * T_COUNT;
            i += 2;
            if i < n && T_BASE < s[i] && s[i] < T_BASE + T_COUNT {
                code += s[i] - T_BASE;
                i += 1;
            }
            out.push(code);
            continue;
        }
        if !db::composes_first(c) {
            out.push(c);
            i += 1;
            continue;
        }
        // Combine with every following character that is not blocked: blocked means a
        // character between them (not yet combined) has class 0 or a class >= its own.
        let mut cur = c;
        let mut last_class = 0u8;
        let mut j = i + 1;
        while j < n {
            let c1 = s[j];
            let class = db::combining(c1);
            if last_class != 0 {
                if class == 0 {
                    break;
                }
                if last_class >= class {
                    j += 1;
                    continue;
                }
            }
            match db::compose(cur, c1) {
                Some(composite) => {
                    cur = composite;
                    used[j] = true;
                    j += 1;
                    if !db::composes_first(cur) {
                        break;
                    }
                }
                None => {
                    if class == 0 {
                        break;
                    }
                    last_class = class;
                    j += 1;
                }
            }
        }
        out.push(cur);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    #[test]
    fn forms() {
        let v = Version::Current;
        assert_eq!(decompose(v, &cps("\u{C5}"), false), cps("A\u{30A}"));
        assert_eq!(compose(v, &cps("A\u{30A}"), false), cps("\u{C5}"));
        assert_eq!(compose(v, &cps("\u{FB01}"), true), cps("fi"));
        assert_eq!(
            decompose(v, &cps("\u{AC01}"), false),
            vec![0x1100, 0x1161, 0x11A8]
        );
        assert_eq!(compose(v, &[0x1100, 0x1161, 0x11A8], false), vec![0xAC01]);
        // Canonical reordering: dot below (220) before acute (230).
        assert_eq!(
            decompose(v, &cps("a\u{301}\u{323}"), false),
            cps("a\u{323}\u{301}")
        );
    }
}

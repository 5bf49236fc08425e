//! BLAKE2b and BLAKE2s (RFC 7693) with the full parameter block CPython's `_blake2`
//! exposes: digest size, key, salt, personalisation and the tree-hashing fields (fanout,
//! depth, leaf size, node offset, node depth, inner size, last node). Written here because
//! the crates do not offer the tree parameters.

const B_IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

const S_IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

const SIGMA: [[usize; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

/// Which BLAKE2: b (64-bit words, 128-byte blocks) or s (32-bit words, 64-byte blocks).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Variant {
    B,
    S,
}

impl Variant {
    pub fn block_size(self) -> usize {
        match self {
            Variant::B => 128,
            Variant::S => 64,
        }
    }
    pub fn max_digest(self) -> usize {
        match self {
            Variant::B => 64,
            Variant::S => 32,
        }
    }
    pub fn salt_size(self) -> usize {
        match self {
            Variant::B => 16,
            Variant::S => 8,
        }
    }
}

/// The parameter block's fields.
#[derive(Clone, Debug)]
pub struct Params {
    pub digest_size: usize,
    pub key: Vec<u8>,
    pub salt: Vec<u8>,
    pub person: Vec<u8>,
    pub fanout: u8,
    pub depth: u8,
    pub leaf_size: u32,
    pub node_offset: u64,
    pub node_depth: u8,
    pub inner_size: u8,
    pub last_node: bool,
}

#[derive(Clone, Debug)]
pub struct State {
    variant: Variant,
    h: [u64; 8],
    /// Bytes hashed so far (128-bit counter).
    t: u128,
    buf: Vec<u8>,
    digest_size: usize,
    last_node: bool,
}

impl State {
    pub fn new(variant: Variant, p: &Params) -> State {
        let mut block = vec![0u8; if variant == Variant::B { 64 } else { 32 }];
        block[0] = p.digest_size as u8;
        block[1] = p.key.len() as u8;
        block[2] = p.fanout;
        block[3] = p.depth;
        block[4..8].copy_from_slice(&p.leaf_size.to_le_bytes());
        let salt_at;
        match variant {
            Variant::B => {
                block[8..16].copy_from_slice(&p.node_offset.to_le_bytes());
                block[16] = p.node_depth;
                block[17] = p.inner_size;
                salt_at = 32;
            }
            Variant::S => {
                block[8..14].copy_from_slice(&p.node_offset.to_le_bytes()[..6]);
                block[14] = p.node_depth;
                block[15] = p.inner_size;
                salt_at = 16;
            }
        }
        let ss = variant.salt_size();
        block[salt_at..salt_at + p.salt.len()].copy_from_slice(&p.salt);
        block[salt_at + ss..salt_at + ss + p.person.len()].copy_from_slice(&p.person);
        let mut h = [0u64; 8];
        for (i, w) in h.iter_mut().enumerate() {
            *w = match variant {
                Variant::B => {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(&block[8 * i..8 * i + 8]);
                    B_IV[i] ^ u64::from_le_bytes(b)
                }
                Variant::S => {
                    let mut b = [0u8; 4];
                    b.copy_from_slice(&block[4 * i..4 * i + 4]);
                    (S_IV[i] ^ u32::from_le_bytes(b)) as u64
                }
            };
        }
        let mut s = State {
            variant,
            h,
            t: 0,
            buf: Vec::with_capacity(variant.block_size()),
            digest_size: p.digest_size,
            last_node: p.last_node,
        };
        if !p.key.is_empty() {
            let mut k = p.key.clone();
            k.resize(variant.block_size(), 0);
            s.update(&k);
        }
        s
    }

    pub fn digest_size(&self) -> usize {
        self.digest_size
    }

    pub fn update(&mut self, mut data: &[u8]) {
        let bs = self.variant.block_size();
        while !data.is_empty() {
            // Keep the last block buffered: it is compressed with the final flag.
            if self.buf.len() == bs {
                self.t += bs as u128;
                let block = std::mem::take(&mut self.buf);
                self.compress(&block, false);
                self.buf = block;
                self.buf.clear();
            }
            let take = (bs - self.buf.len()).min(data.len());
            self.buf.extend_from_slice(&data[..take]);
            data = &data[take..];
        }
    }

    pub fn finalize(&self) -> Vec<u8> {
        let mut s = self.clone();
        s.t += s.buf.len() as u128;
        let mut block = s.buf.clone();
        block.resize(s.variant.block_size(), 0);
        s.compress(&block, true);
        let mut out = Vec::with_capacity(64);
        for w in s.h.iter() {
            match s.variant {
                Variant::B => out.extend_from_slice(&w.to_le_bytes()),
                Variant::S => out.extend_from_slice(&(*w as u32).to_le_bytes()),
            }
        }
        out.truncate(s.digest_size);
        out
    }

    fn compress(&mut self, block: &[u8], last: bool) {
        match self.variant {
            Variant::B => self.compress_b(block, last),
            Variant::S => self.compress_s(block, last),
        }
    }

    fn compress_b(&mut self, block: &[u8], last: bool) {
        let mut m = [0u64; 16];
        for (i, w) in m.iter_mut().enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&block[8 * i..8 * i + 8]);
            *w = u64::from_le_bytes(b);
        }
        let mut v = [0u64; 16];
        v[..8].copy_from_slice(&self.h);
        v[8..].copy_from_slice(&B_IV);
        v[12] ^= self.t as u64;
        v[13] ^= (self.t >> 64) as u64;
        if last {
            v[14] = !v[14];
            if self.last_node {
                v[15] = !v[15];
            }
        }
        fn g(v: &mut [u64; 16], a: usize, b: usize, c: usize, d: usize, x: u64, y: u64) {
            v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
            v[d] = (v[d] ^ v[a]).rotate_right(32);
            v[c] = v[c].wrapping_add(v[d]);
            v[b] = (v[b] ^ v[c]).rotate_right(24);
            v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
            v[d] = (v[d] ^ v[a]).rotate_right(16);
            v[c] = v[c].wrapping_add(v[d]);
            v[b] = (v[b] ^ v[c]).rotate_right(63);
        }
        for r in 0..12 {
            let s = &SIGMA[r % 10];
            g(&mut v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            g(&mut v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            g(&mut v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            g(&mut v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            g(&mut v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            g(&mut v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            g(&mut v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            g(&mut v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for i in 0..8 {
            self.h[i] ^= v[i] ^ v[i + 8];
        }
    }

    fn compress_s(&mut self, block: &[u8], last: bool) {
        let mut m = [0u32; 16];
        for (i, w) in m.iter_mut().enumerate() {
            let mut b = [0u8; 4];
            b.copy_from_slice(&block[4 * i..4 * i + 4]);
            *w = u32::from_le_bytes(b);
        }
        let mut v = [0u32; 16];
        for i in 0..8 {
            v[i] = self.h[i] as u32;
        }
        v[8..].copy_from_slice(&S_IV);
        v[12] ^= self.t as u32;
        v[13] ^= (self.t >> 32) as u32;
        if last {
            v[14] = !v[14];
            if self.last_node {
                v[15] = !v[15];
            }
        }
        fn g(v: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize, x: u32, y: u32) {
            v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
            v[d] = (v[d] ^ v[a]).rotate_right(16);
            v[c] = v[c].wrapping_add(v[d]);
            v[b] = (v[b] ^ v[c]).rotate_right(12);
            v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
            v[d] = (v[d] ^ v[a]).rotate_right(8);
            v[c] = v[c].wrapping_add(v[d]);
            v[b] = (v[b] ^ v[c]).rotate_right(7);
        }
        for s in SIGMA.iter() {
            g(&mut v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            g(&mut v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            g(&mut v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            g(&mut v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            g(&mut v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            g(&mut v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            g(&mut v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            g(&mut v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for i in 0..8 {
            self.h[i] = ((self.h[i] as u32) ^ v[i] ^ v[i + 8]) as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(variant: Variant) -> Params {
        Params {
            digest_size: variant.max_digest(),
            key: vec![],
            salt: vec![],
            person: vec![],
            fanout: 1,
            depth: 1,
            leaf_size: 0,
            node_offset: 0,
            node_depth: 0,
            inner_size: 0,
            last_node: false,
        }
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn rfc_7693_abc() {
        let mut s = State::new(Variant::B, &plain(Variant::B));
        s.update(b"abc");
        assert!(hex(&s.finalize()).starts_with("ba80a53f981c4d0d6a2797b69f12f6e9"));
        let mut s = State::new(Variant::S, &plain(Variant::S));
        s.update(b"abc");
        assert!(hex(&s.finalize()).starts_with("508c5e8c327c14e2e1a72ba34eeb452f"));
    }

    #[test]
    fn block_boundaries() {
        // One update or many must agree, including exactly one block of input.
        for n in [0usize, 1, 127, 128, 129, 256, 300] {
            let data: Vec<u8> = (0..n).map(|i| i as u8).collect();
            let mut a = State::new(Variant::B, &plain(Variant::B));
            a.update(&data);
            let mut b = State::new(Variant::B, &plain(Variant::B));
            for c in data.chunks(7) {
                b.update(c);
            }
            assert_eq!(a.finalize(), b.finalize(), "n = {n}");
        }
    }
}

//! The builtin hash modules `hashlib` falls back on: `_md5`, `_sha1`, `_sha256` (sha224,
//! sha256), `_sha512` (sha384, sha512), `_sha3` (sha3_*, shake_*) and `_blake2`.
//!
//! MD5, SHA-1, SHA-2 and SHA-3 come from the RustCrypto crates; BLAKE2 is `blake2.rs`.
//! A hash object keeps its running state as a native resource (`ember_vm::resources`):
//! the state is plain Rust data, dropped when the collector finds the object dead.

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::native_type::{self, NativeTypeSpec};
use ember_vm::objects::{bytes, dict, int, module, sequence, str as pystr, type_};
use ember_vm::protocol;
use ember_vm::resources;
use ember_vm::thread::Thread;

use sha3::digest::{ExtendableOutput, Update, XofReader};
use sha2::Digest;

use crate::blake2;

/// A running hash.
#[derive(Clone)]
enum Hasher {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha3_224(sha3::Sha3_224),
    Sha3_256(sha3::Sha3_256),
    Sha3_384(sha3::Sha3_384),
    Sha3_512(sha3::Sha3_512),
    Shake128(sha3::Shake128),
    Shake256(sha3::Shake256),
    Blake2(blake2::State),
}

impl Hasher {
    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Md5(h) => Digest::update(h, data),
            Hasher::Sha1(h) => Digest::update(h, data),
            Hasher::Sha224(h) => Digest::update(h, data),
            Hasher::Sha256(h) => Digest::update(h, data),
            Hasher::Sha384(h) => Digest::update(h, data),
            Hasher::Sha512(h) => Digest::update(h, data),
            Hasher::Sha3_224(h) => Digest::update(h, data),
            Hasher::Sha3_256(h) => Digest::update(h, data),
            Hasher::Sha3_384(h) => Digest::update(h, data),
            Hasher::Sha3_512(h) => Digest::update(h, data),
            Hasher::Shake128(h) => Update::update(h, data),
            Hasher::Shake256(h) => Update::update(h, data),
            Hasher::Blake2(s) => s.update(data),
        }
    }

    /// The digest so far (`length` bytes for the SHAKEs); the state is not consumed.
    fn digest(&self, length: usize) -> Vec<u8> {
        match self.clone() {
            Hasher::Md5(h) => h.finalize().to_vec(),
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha224(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
            Hasher::Sha384(h) => h.finalize().to_vec(),
            Hasher::Sha512(h) => h.finalize().to_vec(),
            Hasher::Sha3_224(h) => h.finalize().to_vec(),
            Hasher::Sha3_256(h) => h.finalize().to_vec(),
            Hasher::Sha3_384(h) => h.finalize().to_vec(),
            Hasher::Sha3_512(h) => h.finalize().to_vec(),
            Hasher::Shake128(h) => {
                let mut out = vec![0u8; length];
                h.finalize_xof().read(&mut out);
                out
            }
            Hasher::Shake256(h) => {
                let mut out = vec![0u8; length];
                h.finalize_xof().read(&mut out);
                out
            }
            Hasher::Blake2(s) => s.finalize(),
        }
    }
}

/// One algorithm: its Python name, module, type key, sizes and a fresh state.
struct Algo {
    name: &'static str,
    module: &'static str,
    key: &'static str,
    digest_size: usize,
    block_size: usize,
    shake: bool,
}

const ALGOS: &[Algo] = &[
    Algo { name: "md5", module: "_md5", key: "_md5.md5", digest_size: 16, block_size: 64, shake: false },
    Algo { name: "sha1", module: "_sha1", key: "_sha1.sha1", digest_size: 20, block_size: 64, shake: false },
    Algo { name: "sha224", module: "_sha256", key: "_sha256.sha224", digest_size: 28, block_size: 64, shake: false },
    Algo { name: "sha256", module: "_sha256", key: "_sha256.sha256", digest_size: 32, block_size: 64, shake: false },
    Algo { name: "sha384", module: "_sha512", key: "_sha512.sha384", digest_size: 48, block_size: 128, shake: false },
    Algo { name: "sha512", module: "_sha512", key: "_sha512.sha512", digest_size: 64, block_size: 128, shake: false },
    Algo { name: "sha3_224", module: "_sha3", key: "_sha3.sha3_224", digest_size: 28, block_size: 144, shake: false },
    Algo { name: "sha3_256", module: "_sha3", key: "_sha3.sha3_256", digest_size: 32, block_size: 136, shake: false },
    Algo { name: "sha3_384", module: "_sha3", key: "_sha3.sha3_384", digest_size: 48, block_size: 104, shake: false },
    Algo { name: "sha3_512", module: "_sha3", key: "_sha3.sha3_512", digest_size: 64, block_size: 72, shake: false },
    Algo { name: "shake_128", module: "_sha3", key: "_sha3.shake_128", digest_size: 0, block_size: 168, shake: true },
    Algo { name: "shake_256", module: "_sha3", key: "_sha3.shake_256", digest_size: 0, block_size: 136, shake: true },
    Algo { name: "blake2b", module: "_blake2", key: "_blake2.blake2b", digest_size: 64, block_size: 128, shake: false },
    Algo { name: "blake2s", module: "_blake2", key: "_blake2.blake2s", digest_size: 32, block_size: 64, shake: false },
];

fn algo(name: &str) -> &'static Algo {
    ALGOS.iter().find(|a| a.name == name).unwrap_or(&ALGOS[0])
}

fn fresh(name: &str) -> Hasher {
    match name {
        "md5" => Hasher::Md5(md5::Md5::new()),
        "sha1" => Hasher::Sha1(sha1::Sha1::new()),
        "sha224" => Hasher::Sha224(sha2::Sha224::new()),
        "sha256" => Hasher::Sha256(sha2::Sha256::new()),
        "sha384" => Hasher::Sha384(sha2::Sha384::new()),
        "sha512" => Hasher::Sha512(sha2::Sha512::new()),
        "sha3_224" => Hasher::Sha3_224(sha3::Sha3_224::new()),
        "sha3_256" => Hasher::Sha3_256(sha3::Sha3_256::new()),
        "sha3_384" => Hasher::Sha3_384(sha3::Sha3_384::new()),
        "sha3_512" => Hasher::Sha3_512(sha3::Sha3_512::new()),
        "shake_128" => Hasher::Shake128(sha3::Shake128::default()),
        _ => Hasher::Shake256(sha3::Shake256::default()),
    }
}

// Hash object slots: 0 = resource id, 1 = algorithm name (str).
const RES: usize = 0;
const NAME: usize = 1;

fn hash_type(t: &mut Thread, name: &str) -> PyResult<Value> {
    let a = algo(name);
    match native_type::native_type(t, a.key) {
        Some(ty) => Ok(ty),
        None => Err(t.system_error("hash types are not initialised")),
    }
}

/// A new hash object of class `cls` holding `state`.
fn new_hash(t: &mut Thread, cls: Value, name: &str, state: Hasher) -> PyResult<Value> {
    let hcls = t.root(cls);
    let n = pystr::new_str(t, name)?;
    let obj = native_type::new_instance(t, t.get(hcls), &[Value::NONE, n])?;
    let id = resources::attach(t, obj, state);
    t.heap.set_slot(obj, RES, Value::small_int(id as i64));
    Ok(obj)
}

fn state<'a>(t: &'a mut Thread, obj: Value) -> PyResult<&'a mut Hasher> {
    if resources::of::<Hasher>(t, obj, RES).is_none() {
        return Err(t.system_error("hash object without state"));
    }
    Ok(resources::of::<Hasher>(t, obj, RES).expect("checked above"))
}

/// The bytes of a hashed argument: buffers only ("Strings must be encoded" for str).
fn data_arg(t: &mut Thread, v: Value) -> PyResult<Vec<u8>> {
    if pystr::is_str(t, v) {
        return Err(t.type_error("Strings must be encoded before hashing"));
    }
    match bytes::bytes_owned(t, v) {
        Some(b) => Ok(b),
        None => Err(t.type_error("object supporting the buffer API required")),
    }
}

fn obj_name(t: &Thread, obj: Value) -> String {
    pystr::to_rust_string(t, t.heap.slot(obj, NAME))
}

fn h_update(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "update", 2, 2)?;
    let data = data_arg(t, a.get(t, 1))?;
    state(t, a.get(t, 0))?.update(&data);
    Ok(Value::NONE)
}

fn digest_length(t: &mut Thread, a: &Args, method: &str) -> PyResult<usize> {
    let name = obj_name(t, a.get(t, 0));
    if !algo(&name).shake {
        a.check(t, method, 1, 1)?;
        return Ok(0);
    }
    let mut len = a.opt(t, 1);
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        if pystr::str_eq_rust(t, k, "length") && len.is_none() {
            len = Some(v);
        }
    }
    let Some(len) = len else {
        let msg = format!("{name}.{method}() takes exactly one argument (0 given)");
        return Err(t.type_error(&msg));
    };
    let n = sequence::index_arg(t, len)?;
    if n < 0 {
        return Err(t.value_error("negative digest length"));
    }
    if n >= (1 << 29) {
        return Err(t.value_error("digest length is too large"));
    }
    Ok(n as usize)
}

fn h_digest(t: &mut Thread, a: Args) -> PyResult<Value> {
    let n = digest_length(t, &a, "digest")?;
    let d = state(t, a.get(t, 0))?.digest(n);
    bytes::new_bytes(t, &d)
}

fn h_hexdigest(t: &mut Thread, a: Args) -> PyResult<Value> {
    let n = digest_length(t, &a, "hexdigest")?;
    let d = state(t, a.get(t, 0))?.digest(n);
    let s: String = d.iter().map(|b| format!("{b:02x}")).collect();
    pystr::new_str(t, &s)
}

fn h_copy(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "copy", 1, 1)?;
    let st = state(t, a.get(t, 0))?.clone();
    let cls = t.type_of(a.get(t, 0));
    let name = obj_name(t, a.get(t, 0));
    new_hash(t, cls, &name, st)
}

fn h_name(t: &mut Thread, a: Args) -> PyResult<Value> {
    Ok(t.heap.slot(a.get(t, 0), NAME))
}

fn h_digest_size(t: &mut Thread, a: Args) -> PyResult<Value> {
    let name = obj_name(t, a.get(t, 0));
    let n = match state(t, a.get(t, 0))? {
        Hasher::Blake2(s) => s.digest_size(),
        _ => algo(&name).digest_size,
    };
    Ok(Value::small_int(n as i64))
}

fn h_block_size(t: &mut Thread, a: Args) -> PyResult<Value> {
    let name = obj_name(t, a.get(t, 0));
    Ok(Value::small_int(algo(&name).block_size as i64))
}

/// `(data, usedforsecurity)` of a constructor whose data parameter is `data_kw` (None: the
/// data is positional-only).
fn ctor_data(t: &mut Thread, a: &Args, first: usize, fname: &str, data_kw: Option<&str>) -> PyResult<Option<Vec<u8>>> {
    let mut data = a.opt(t, first);
    if a.len() > first + 1 {
        let msg = format!(
            "{fname}() takes at most 1 argument ({} given)",
            a.len() - first
        );
        return Err(t.type_error(&msg));
    }
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        let k = pystr::to_rust_string(t, k);
        if Some(k.as_str()) == data_kw && data.is_none() {
            data = Some(v);
        } else if k != "usedforsecurity" {
            let msg = format!("{fname}() got an unexpected keyword argument '{k}'");
            return Err(t.type_error(&msg));
        }
    }
    match data {
        None => Ok(None),
        Some(v) => Ok(Some(data_arg(t, v)?)),
    }
}

/// The constructor functions of `_md5`, `_sha1`, `_sha256`, `_sha512`: `sha256(string=b'')`.
fn make_ctor(t: &mut Thread, a: &Args, name: &str) -> PyResult<Value> {
    let data = ctor_data(t, a, 0, name, Some("string"))?;
    let mut st = fresh(name);
    if let Some(d) = data {
        st.update(&d);
    }
    let cls = hash_type(t, name)?;
    new_hash(t, cls, name, st)
}

macro_rules! ctor_fns {
    ($($f:ident $name:literal;)*) => {
        $(fn $f(t: &mut Thread, a: Args) -> PyResult<Value> { make_ctor(t, &a, $name) })*
    };
}

ctor_fns! {
    new_md5 "md5";
    new_sha1 "sha1";
    new_sha224 "sha224";
    new_sha256 "sha256";
    new_sha384 "sha384";
    new_sha512 "sha512";
}

/// `_sha3.sha3_256(data=b'', /, *, usedforsecurity=True)`: the types are the constructors.
fn sha3_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    let hcls = t.root(cls);
    let name = ALGOS
        .iter()
        .filter(|al| al.module == "_sha3")
        .find(|al| native_type::native_type(t, al.key).is_some_and(|ty| type_::is_subtype(t, cls, ty)))
        .map(|al| al.name)
        .unwrap_or("sha3_256");
    let data = ctor_data(t, &a, 1, name, None)?;
    let mut st = fresh(name);
    if let Some(d) = data {
        st.update(&d);
    }
    new_hash(t, t.get(hcls), name, st)
}

fn int_kw(t: &mut Thread, v: Value, name: &str) -> PyResult<i64> {
    if !int::is_int(t, v) {
        let msg = format!(
            "'{}' object cannot be interpreted as an integer",
            type_::type_name_of(t, v)
        );
        let _ = name;
        return Err(t.type_error(&msg));
    }
    Ok(int::to_i64(t, v).unwrap_or(i64::MAX))
}

/// `_blake2.blake2b(data=b'', /, *, digest_size, key, salt, person, fanout, depth, leaf_size,
/// node_offset, node_depth, inner_size, last_node, usedforsecurity)`.
fn blake2_new(t: &mut Thread, a: Args) -> PyResult<Value> {
    let cls = a.get(t, 0);
    let hcls = t.root(cls);
    let bty = native_type::native_type(t, "_blake2.blake2b");
    let variant = if bty.is_some_and(|b| type_::is_subtype(t, cls, b)) {
        blake2::Variant::B
    } else {
        blake2::Variant::S
    };
    let name = if variant == blake2::Variant::B {
        "blake2b"
    } else {
        "blake2s"
    };
    if a.len() > 2 {
        let msg = format!("{name}() takes at most 1 positional argument ({} given)", a.len() - 1);
        return Err(t.type_error(&msg));
    }
    let mut p = blake2::Params {
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
    };
    let mut data = a.opt(t, 1);
    let max = variant.max_digest() as i64;
    let ss = variant.salt_size();
    for i in 0..a.nkw {
        let (k, v) = a.kw(t, i);
        let k = pystr::to_rust_string(t, k);
        match k.as_str() {
            "data" if data.is_none() => data = Some(v),
            "digest_size" => {
                let n = int_kw(t, v, &k)?;
                if !(1..=max).contains(&n) {
                    let msg = format!("digest_size must be between 1 and {max} bytes");
                    return Err(t.value_error(&msg));
                }
                p.digest_size = n as usize;
            }
            "key" | "salt" | "person" => {
                let b = data_arg(t, v)?;
                let limit = if k == "key" { max as usize } else { ss };
                if b.len() > limit {
                    let msg = format!("maximum {k} length is {limit} bytes");
                    return Err(t.value_error(&msg));
                }
                match k.as_str() {
                    "key" => p.key = b,
                    "salt" => p.salt = b,
                    _ => p.person = b,
                }
            }
            "fanout" | "depth" | "node_depth" => {
                let n = int_kw(t, v, &k)?;
                let lo = if k == "depth" { 1 } else { 0 };
                if !(lo..=255).contains(&n) {
                    let msg = format!("{k} must be between {lo} and 255");
                    return Err(t.value_error(&msg));
                }
                match k.as_str() {
                    "fanout" => p.fanout = n as u8,
                    "depth" => p.depth = n as u8,
                    _ => p.node_depth = n as u8,
                }
            }
            "leaf_size" => {
                let n = int_kw(t, v, &k)?;
                if !(0..=u32::MAX as i64).contains(&n) {
                    return Err(t.overflow_error("leaf_size is too large"));
                }
                p.leaf_size = n as u32;
            }
            "node_offset" => {
                let n = int::to_bigint(t, v);
                let limit: u64 = if variant == blake2::Variant::B {
                    u64::MAX
                } else {
                    (1 << 48) - 1
                };
                match num_traits::ToPrimitive::to_u64(&n).filter(|x| *x <= limit) {
                    Some(x) => p.node_offset = x,
                    None => return Err(t.overflow_error("node_offset is too large")),
                }
            }
            "inner_size" => {
                let n = int_kw(t, v, &k)?;
                if !(0..=max).contains(&n) {
                    let msg = format!("inner_size must be between 0 and is {max}");
                    return Err(t.value_error(&msg));
                }
                p.inner_size = n as u8;
            }
            "last_node" => p.last_node = protocol::truthy(t, v)?,
            "usedforsecurity" => {}
            _ => {
                let msg = format!("{name}() got an unexpected keyword argument '{k}'");
                return Err(t.type_error(&msg));
            }
        }
    }
    let mut st = blake2::State::new(variant, &p);
    if let Some(d) = data {
        let d = data_arg(t, d)?;
        st.update(&d);
    }
    new_hash(t, t.get(hcls), name, Hasher::Blake2(st))
}

fn make_type(t: &mut Thread, al: &Algo, new: Option<native::NativeFn>) -> PyResult<Value> {
    if let Some(ty) = native_type::native_type(t, al.key) {
        return Ok(ty);
    }
    let spec = NativeTypeSpec {
        module: al.module,
        name: al.name,
        slots: 2,
        basetype: new.is_some() && al.module == "_blake2",
        dict: false,
    };
    let ty = native_type::new_native_type(t, al.key, &spec)?;
    let h = t.root(ty);
    match new {
        Some(f) => native::add_static(t, t.get(h), "__new__", f)?,
        None => native_type::forbid_new(t, t.get(h))?,
    }
    let methods: &[(&'static str, native::NativeFn)] = &[
        ("update", h_update),
        ("digest", h_digest),
        ("hexdigest", h_hexdigest),
        ("copy", h_copy),
    ];
    for (n, f) in methods {
        native::add_method(t, t.get(h), n, *f)?;
    }
    for (n, f) in [
        ("name", h_name as native::NativeFn),
        ("digest_size", h_digest_size),
        ("block_size", h_block_size),
    ] {
        ember_vm::objects::descriptors::add_getset(t, t.get(h), n, f, None)?;
    }
    Ok(t.get(h))
}

fn module_with(
    t: &mut Thread,
    name: &str,
    types: &[(&str, &'static str)],
    fns: &[(&'static str, native::NativeFn)],
) -> PyResult<Value> {
    let m = module::new_module(t, name)?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    for (alias, algo_name) in types {
        let ty = make_type(t, algo(algo_name), None)?;
        dict::set_str(t, t.get(hd), alias, ty)?;
    }
    for (n, f) in fns {
        native::add_function(t, t.get(hd), name_static(name), n, *f)?;
    }
    Ok(t.get(hm))
}

fn name_static(name: &str) -> &'static str {
    ALGOS
        .iter()
        .find(|a| a.module == name)
        .map(|a| a.module)
        .unwrap_or("_hash")
}

pub fn init_md5(t: &mut Thread) -> PyResult<Value> {
    module_with(t, "_md5", &[("MD5Type", "md5")], &[("md5", new_md5)])
}

pub fn init_sha1(t: &mut Thread) -> PyResult<Value> {
    module_with(t, "_sha1", &[("SHA1Type", "sha1")], &[("sha1", new_sha1)])
}

pub fn init_sha256(t: &mut Thread) -> PyResult<Value> {
    module_with(
        t,
        "_sha256",
        &[("SHA224Type", "sha224"), ("SHA256Type", "sha256")],
        &[("sha224", new_sha224), ("sha256", new_sha256)],
    )
}

pub fn init_sha512(t: &mut Thread) -> PyResult<Value> {
    module_with(
        t,
        "_sha512",
        &[("SHA384Type", "sha384"), ("SHA512Type", "sha512")],
        &[("sha384", new_sha384), ("sha512", new_sha512)],
    )
}

pub fn init_sha3(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_sha3")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    for name in ["sha3_224", "sha3_256", "sha3_384", "sha3_512", "shake_128", "shake_256"] {
        let ty = make_type(t, algo(name), Some(sha3_new))?;
        dict::set_str(t, t.get(hd), name, ty)?;
    }
    let imp = pystr::new_str(t, "RustCrypto sha3")?;
    dict::set_str(t, t.get(hd), "implementation", imp)?;
    dict::set_str(t, t.get(hd), "keccakopt", Value::small_int(64))?;
    Ok(t.get(hm))
}

pub fn init_blake2(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "_blake2")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    for (name, variant) in [("blake2b", blake2::Variant::B), ("blake2s", blake2::Variant::S)] {
        let ty = make_type(t, algo(name), Some(blake2_new))?;
        let hty = t.root(ty);
        let consts = [
            ("SALT_SIZE", variant.salt_size()),
            ("PERSON_SIZE", variant.salt_size()),
            ("MAX_KEY_SIZE", variant.max_digest()),
            ("MAX_DIGEST_SIZE", variant.max_digest()),
        ];
        for (c, v) in consts {
            let td = type_::type_dict(t, t.get(hty));
            dict::set_str(t, td, c, Value::small_int(v as i64))?;
            let upper = name.to_uppercase();
            let key = format!("{upper}_{c}");
            dict::set_str(t, t.get(hd), &key, Value::small_int(v as i64))?;
        }
        dict::set_str(t, t.get(hd), name, t.get(hty))?;
    }
    Ok(t.get(hm))
}

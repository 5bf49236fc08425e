//! The `marshal` module for the value types (None, booleans, ints, floats, complex, str,
//! bytes, tuples, lists, dicts, sets, frozensets, Ellipsis, StopIteration) in CPython's
//! format version 4. `loads` reads CPython's output, back-references included; `dumps`
//! writes no back-references (CPython marks objects by their reference count, which ember
//! does not have), so its bytes can differ from CPython's where CPython would share.
//! Code objects are not marshallable here: ember never writes or reads `.pyc` files.

use ember_gc::Value;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{bytes, complex, dict, float, int, list, module, set, str as pystr, tuple};
use ember_vm::objects::type_;
use ember_vm::protocol;
use ember_vm::thread::{Handle, Thread};
use num_bigint::{BigInt, Sign};
use num_traits::{ToPrimitive, Zero};

const VERSION: i64 = 4;
const FLAG_REF: u8 = 0x80;

fn unmarshallable(t: &mut Thread) -> Raised {
    t.value_error("unmarshallable object")
}

fn w_long(out: &mut Vec<u8>, n: i32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn dump(t: &mut Thread, v: Value, out: &mut Vec<u8>, depth: u32) -> PyResult<()> {
    if depth > 2000 {
        return Err(t.value_error("object too deeply nested to marshal"));
    }
    if v.is_none() {
        out.push(b'N');
        return Ok(());
    }
    if v == Value::TRUE {
        out.push(b'T');
        return Ok(());
    }
    if v == Value::FALSE {
        out.push(b'F');
        return Ok(());
    }
    if v.is_ellipsis() {
        out.push(b'.');
        return Ok(());
    }
    if v == t.ty(BuiltinType::StopIteration) {
        out.push(b'S');
        return Ok(());
    }
    if int::is_exact_int(t, v) {
        let n = int::to_bigint(t, v);
        if let Some(i) = n.to_i32() {
            out.push(b'i');
            w_long(out, i);
        } else {
            out.push(b'l');
            let (sign, mag) = n.to_u32_digits();
            // Base 2**15 digits, least significant first.
            let mut digits: Vec<u16> = Vec::new();
            let mut m = BigInt::from_slice(Sign::Plus, &mag);
            while !m.is_zero() {
                digits.push((&m & BigInt::from(0x7fff)).to_u16().unwrap_or(0));
                m >>= 15;
            }
            let count = digits.len() as i32;
            w_long(out, if sign == Sign::Minus { -count } else { count });
            for d in digits {
                out.extend_from_slice(&d.to_le_bytes());
            }
        }
        return Ok(());
    }
    if float::is_exact_float(t, v) {
        out.push(b'g');
        out.extend_from_slice(&float::float_value(t, v).to_le_bytes());
        return Ok(());
    }
    if complex::is_exact_complex(t, v) {
        let (re, im) = complex::complex_value(t, v);
        out.push(b'y');
        out.extend_from_slice(&re.to_le_bytes());
        out.extend_from_slice(&im.to_le_bytes());
        return Ok(());
    }
    if pystr::is_exact_str(t, v) {
        let s = pystr::to_rust_string(t, v);
        if s.is_ascii() && s.len() < 256 {
            out.push(b'z');
            out.push(s.len() as u8);
        } else if s.is_ascii() {
            out.push(b'a');
            w_long(out, s.len() as i32);
        } else {
            out.push(b'u');
            w_long(out, s.len() as i32);
        }
        out.extend_from_slice(s.as_bytes());
        return Ok(());
    }
    if t.heap.layout_id(v) == BuiltinType::Bytes.layout()
        || t.heap.layout_id(v) == BuiltinType::ByteArray.layout()
        || ember_vm::objects::memoryview::is_memoryview(t, v)
    {
        let b = bytes::bytes_owned(t, v).unwrap_or_default();
        out.push(b's');
        w_long(out, b.len() as i32);
        out.extend_from_slice(&b);
        return Ok(());
    }
    let hv = t.root(v);
    if tuple::is_exact_tuple(t, v) || list::is_exact_list(t, v) {
        let items = if tuple::is_exact_tuple(t, v) {
            tuple::items(t, v)
        } else {
            list::items(t, v)
        };
        let n = items.len();
        if tuple::is_exact_tuple(t, t.get(hv)) && n < 256 {
            out.push(b')');
            out.push(n as u8);
        } else {
            out.push(if tuple::is_exact_tuple(t, t.get(hv)) { b'(' } else { b'[' });
            w_long(out, n as i32);
        }
        let hs: Vec<Handle> = items.iter().map(|x| t.root(*x)).collect();
        for h in hs {
            dump(t, t.get(h), out, depth + 1)?;
        }
        return Ok(());
    }
    if dict::is_exact_dict(t, v) {
        out.push(b'{');
        let items = dict::items(t, v);
        let hs: Vec<(Handle, Handle)> = items.iter().map(|(k, x)| (t.root(*k), t.root(*x))).collect();
        for (hk, hx) in hs {
            dump(t, t.get(hk), out, depth + 1)?;
            dump(t, t.get(hx), out, depth + 1)?;
        }
        out.push(b'0');
        return Ok(());
    }
    let l = t.heap.layout_id(v);
    if l == BuiltinType::Set.layout() || l == BuiltinType::FrozenSet.layout() {
        out.push(if l == BuiltinType::Set.layout() { b'<' } else { b'>' });
        let items = set::items(t, v);
        w_long(out, items.len() as i32);
        let hs: Vec<Handle> = items.iter().map(|x| t.root(*x)).collect();
        for h in hs {
            dump(t, t.get(h), out, depth + 1)?;
        }
        return Ok(());
    }
    let _ = type_::type_name_of(t, t.get(hv));
    Err(unmarshallable(t))
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    refs: Vec<Handle>,
}

fn eof(t: &mut Thread) -> Raised {
    t.raise_msg(BuiltinType::EOFError, "marshal data too short")
}

impl Reader<'_> {
    fn byte(&mut self, t: &mut Thread) -> PyResult<u8> {
        let b = *self.data.get(self.pos).ok_or_else(|| eof(t))?;
        self.pos += 1;
        Ok(b)
    }
    fn take(&mut self, t: &mut Thread, n: usize) -> PyResult<&[u8]> {
        if self.pos + n > self.data.len() {
            return Err(eof(t));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn long(&mut self, t: &mut Thread) -> PyResult<i32> {
        let b = self.take(t, 4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn size(&mut self, t: &mut Thread) -> PyResult<usize> {
        let n = self.long(t)?;
        if n < 0 {
            return Err(t.value_error("bad marshal data (size out of range)"));
        }
        Ok(n as usize)
    }
}

fn load(t: &mut Thread, r: &mut Reader, depth: u32) -> PyResult<Value> {
    if depth > 2000 {
        return Err(t.value_error("recursion limit exceeded"));
    }
    let code = r.byte(t)?;
    let flag = code & FLAG_REF != 0;
    let ty = code & !FLAG_REF;
    // Reserve the reference slot before the contents (containers may refer to themselves).
    let slot = if flag {
        let h = t.root(Value::NONE);
        r.refs.push(h);
        Some(r.refs.len() - 1)
    } else {
        None
    };
    let v = match ty {
        b'N' => Value::NONE,
        b'T' => Value::TRUE,
        b'F' => Value::FALSE,
        b'.' => Value::ELLIPSIS,
        b'S' => t.ty(BuiltinType::StopIteration),
        b'i' => {
            let n = r.long(t)?;
            int::from_i64(t, n as i64)?
        }
        b'l' => {
            let n = r.long(t)?;
            let count = n.unsigned_abs() as usize;
            let mut m = BigInt::zero();
            let raw = r.take(t, count * 2)?.to_vec();
            for k in (0..count).rev() {
                let d = u16::from_le_bytes([raw[2 * k], raw[2 * k + 1]]);
                if d > 0x7fff {
                    return Err(t.value_error("bad marshal data (digit out of range in long)"));
                }
                m = (m << 15) + BigInt::from(d);
            }
            if n < 0 {
                m = -m;
            }
            int::from_bigint(t, &m)?
        }
        b'g' => {
            let b = r.take(t, 8)?;
            let f = f64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
            float::new_float(t, f)?
        }
        b'y' => {
            let b = r.take(t, 16)?.to_vec();
            let re = f64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]));
            let im = f64::from_le_bytes(b[8..].try_into().unwrap_or([0; 8]));
            complex::new_complex(t, re, im)?
        }
        b's' => {
            let n = r.size(t)?;
            let b = r.take(t, n)?.to_vec();
            bytes::new_bytes(t, &b)?
        }
        b'u' | b't' | b'a' | b'A' | b'z' | b'Z' => {
            let n = if ty == b'z' || ty == b'Z' {
                r.byte(t)? as usize
            } else {
                r.size(t)?
            };
            let b = r.take(t, n)?.to_vec();
            let s = if ty == b'u' || ty == b't' {
                match String::from_utf8(b) {
                    Ok(s) => s,
                    Err(_) => return Err(t.value_error("bad marshal data (invalid UTF-8)")),
                }
            } else {
                b.iter().map(|c| *c as char).collect()
            };
            pystr::new_str(t, &s)?
        }
        b'(' | b')' | b'[' | b'<' | b'>' => {
            let n = if ty == b')' {
                r.byte(t)? as usize
            } else {
                r.size(t)?
            };
            let l = list::new_list(t, n.min(1 << 16))?;
            let hl = t.root(l);
            for _ in 0..n {
                let x = load(t, r, depth + 1)?;
                list::append(t, t.get(hl), x)?;
            }
            match ty {
                b'[' => t.get(hl),
                b'<' => set::set_from_iterable(t, t.get(hl))?,
                b'>' => {
                    let tup = protocol::to_tuple(t, t.get(hl))?;
                    set::new_frozenset_from(t, tup)?
                }
                _ => protocol::to_tuple(t, t.get(hl))?,
            }
        }
        b'{' => {
            let d = dict::new_dict(t)?;
            let hd = t.root(d);
            loop {
                if r.data.get(r.pos) == Some(&b'0') {
                    r.pos += 1;
                    break;
                }
                let k = load(t, r, depth + 1)?;
                let hk = t.root(k);
                let x = load(t, r, depth + 1)?;
                dict::set(t, t.get(hd), t.get(hk), x)?;
            }
            t.get(hd)
        }
        b'r' => {
            let n = r.size(t)?;
            match r.refs.get(n) {
                Some(h) => t.get(*h),
                None => return Err(t.value_error("bad marshal data (invalid reference)")),
            }
        }
        b'c' => {
            return Err(t.value_error(
                "bad marshal data (code objects are not supported by ember)",
            ))
        }
        _ => return Err(t.value_error("bad marshal data (unknown type code)")),
    };
    if let Some(i) = slot {
        let h = r.refs[i];
        t.set(h, v);
    }
    Ok(v)
}

fn m_dumps(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "dumps", 1, 2)?;
    let mut out = Vec::new();
    dump(t, a.get(t, 0), &mut out, 0)?;
    bytes::new_bytes(t, &out)
}

fn m_loads(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "loads", 1, 1)?;
    let data = match bytes::bytes_owned(t, a.get(t, 0)) {
        Some(d) => d,
        None => {
            let msg = format!(
                "a bytes-like object is required, not '{}'",
                type_::type_name_of(t, a.get(t, 0))
            );
            return Err(t.type_error(&msg));
        }
    };
    let mut r = Reader { data: &data, pos: 0, refs: Vec::new() };
    load(t, &mut r, 0)
}

fn m_dump(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "dump", 2, 3)?;
    let mut out = Vec::new();
    dump(t, a.get(t, 0), &mut out, 0)?;
    let b = bytes::new_bytes(t, &out)?;
    protocol::call_method(t, a.get(t, 1), "write", &[b])?;
    Ok(Value::NONE)
}

fn m_load(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "load", 1, 1)?;
    let data = protocol::call_method(t, a.get(t, 0), "read", &[])?;
    let d = bytes::bytes_owned(t, data).unwrap_or_default();
    let mut r = Reader { data: &d, pos: 0, refs: Vec::new() };
    load(t, &mut r, 0)
}

pub fn init_marshal(t: &mut Thread) -> PyResult<Value> {
    let m = module::new_module(t, "marshal")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    for (n, f) in [
        ("dumps", m_dumps as native::NativeFn),
        ("loads", m_loads),
        ("dump", m_dump),
        ("load", m_load),
    ] {
        native::add_function(t, t.get(hd), "marshal", n, f)?;
    }
    dict::set_str(t, t.get(hd), "version", Value::small_int(VERSION))?;
    Ok(t.get(hm))
}

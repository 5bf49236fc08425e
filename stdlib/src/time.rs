//! The `time` module: clocks (`time`, `monotonic`, `perf_counter`, `process_time` and their
//! `_ns` forms), `sleep`, and calendar time through the C library: `struct_time`, `gmtime`,
//! `localtime`, `mktime`, `strftime`, `asctime`, `ctime` and the `timezone` constants.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ember_gc::Value;
use ember_vm::errors::{PyResult, Raised};
use ember_vm::objects::builtin_types::BuiltinType;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::structseq::{self, StructSeqDesc};
use ember_vm::objects::{float, int, module, str as pystr, tuple, type_};
use ember_vm::protocol;
use ember_vm::thread::Thread;

fn epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
}

fn monotonic_base() -> Instant {
    use std::sync::OnceLock;
    static BASE: OnceLock<Instant> = OnceLock::new();
    *BASE.get_or_init(Instant::now)
}

fn process_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own; CLOCK_PROCESS_CPUTIME_ID is
    // supported on Linux.
    let r = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if r != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn no_args(t: &mut Thread, a: &Args, name: &str) -> PyResult<()> {
    a.check(t, name, 0, 0)
}

fn time_time(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "time")?;
    float::new_float(t, epoch().as_secs_f64())
}
fn time_time_ns(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "time_ns")?;
    int::from_i64(t, epoch().as_nanos() as i64)
}
fn time_monotonic(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "monotonic")?;
    float::new_float(t, monotonic_base().elapsed().as_secs_f64())
}
fn time_monotonic_ns(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "monotonic_ns")?;
    int::from_i64(t, monotonic_base().elapsed().as_nanos() as i64)
}
fn time_process_time(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "process_time")?;
    float::new_float(t, process_cpu().as_secs_f64())
}
fn time_process_time_ns(t: &mut Thread, a: Args) -> PyResult<Value> {
    no_args(t, &a, "process_time_ns")?;
    int::from_i64(t, process_cpu().as_nanos() as i64)
}

fn time_sleep(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "sleep", 1, 1)?;
    let v = a.get(t, 0);
    let secs = if float::is_float(t, v) {
        float::float_value(t, v)
    } else if int::is_int(t, v) {
        int::to_i64(t, v).unwrap_or(i64::MAX) as f64
    } else {
        let msg = format!(
            "'{}' object cannot be interpreted as an integer",
            ember_vm::objects::type_::type_name_of(t, v)
        );
        return Err(t.type_error(&msg));
    };
    if secs.is_nan() {
        return Err(t.value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(t.value_error("sleep length must be non-negative"));
    }
    std::thread::sleep(Duration::from_secs_f64(secs.min(1e9)));
    Ok(Value::NONE)
}

// ----- calendar time -----

const STRUCT_TIME: StructSeqDesc = StructSeqDesc {
    module: "time",
    name: "struct_time",
    doc: "The time value as returned by gmtime(), localtime(), and strptime(), and\n \
          accepted by asctime(), mktime() and strftime().  May be considered as a\n \
          sequence of 9 integers.",
    fields: &[
        "tm_year",
        "tm_mon",
        "tm_mday",
        "tm_hour",
        "tm_min",
        "tm_sec",
        "tm_wday",
        "tm_yday",
        "tm_isdst",
        "tm_zone",
        "tm_gmtoff",
    ],
    n_in_sequence: 9,
    instantiable: true,
};

/// Index in `t.globals.extra` of the `struct_time` type (set by `init_time`).
static STRUCT_TIME_TYPE: AtomicUsize = AtomicUsize::new(usize::MAX);

fn struct_time_type(t: &mut Thread) -> PyResult<Value> {
    let i = STRUCT_TIME_TYPE.load(Ordering::Relaxed);
    match t.globals.extra.get(i) {
        Some(&ty) if type_::is_type(t, ty) => Ok(ty),
        _ => Err(t.system_error("time.struct_time is not initialised")),
    }
}

fn empty_tm() -> libc::tm {
    libc::tm {
        tm_sec: 0,
        tm_min: 0,
        tm_hour: 0,
        tm_mday: 0,
        tm_mon: 0,
        tm_year: 0,
        tm_wday: 0,
        tm_yday: 0,
        tm_isdst: 0,
        tm_gmtoff: 0,
        tm_zone: std::ptr::null(),
    }
}

/// Raises `OSError(errno, strerror)` for the last C library error.
fn os_error(t: &mut Thread) -> Raised {
    let e = std::io::Error::last_os_error();
    let errno = e.raw_os_error().unwrap_or(0);
    let mut msg = e.to_string();
    if let Some(i) = msg.find(" (os error") {
        msg.truncate(i);
    }
    let m = match pystr::new_str(t, &msg) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let ose = t.ty(BuiltinType::OSError);
    match protocol::call(t, ose, &[Value::small_int(errno as i64), m]) {
        Ok(exc) => t.raise(exc),
        Err(r) => r,
    }
}

/// The `secs` argument of gmtime/localtime/ctime as a `time_t`, rounding floats toward
/// negative infinity (CPython's `_PyTime_ObjectToTime_t` with `_PyTime_ROUND_FLOOR`);
/// None or a missing argument is the current time.
fn secs_arg(t: &mut Thread, v: Option<Value>) -> PyResult<libc::time_t> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(epoch().as_secs() as libc::time_t);
    };
    let out_of_range =
        |t: &mut Thread| t.overflow_error("timestamp out of range for platform time_t");
    if float::is_float(t, v) {
        let f = float::float_value(t, v);
        if f.is_nan() {
            return Err(t.value_error("Invalid value NaN (not a number)"));
        }
        let f = f.floor();
        if !(f >= libc::time_t::MIN as f64 && f < libc::time_t::MAX as f64) {
            return Err(out_of_range(t));
        }
        return Ok(f as libc::time_t);
    }
    let i = ember_vm::objects::numeric::index(t, v)?;
    match int::to_i64(t, i) {
        Some(i) => Ok(i as libc::time_t),
        None => Err(out_of_range(t)),
    }
}

/// A `struct_time` from a C `tm`.
fn tm_to_struct_time(t: &mut Thread, tm: &libc::tm) -> PyResult<Value> {
    let zone = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: a non-null tm_zone set by gmtime_r/localtime_r points at a NUL-terminated
        // string owned by the C library that outlives this call.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    let zone = pystr::new_str(t, &zone)?;
    let hzone = t.root(zone);
    let ints = [
        tm.tm_year as i64 + 1900,
        tm.tm_mon as i64 + 1,
        tm.tm_mday as i64,
        tm.tm_hour as i64,
        tm.tm_min as i64,
        tm.tm_sec as i64,
        (tm.tm_wday as i64 + 6) % 7,
        tm.tm_yday as i64 + 1,
        tm.tm_isdst as i64,
    ];
    let mut vals: Vec<Value> = ints.iter().map(|i| Value::small_int(*i)).collect();
    vals.push(t.get(hzone));
    vals.push(Value::small_int(tm.tm_gmtoff as i64));
    let ty = struct_time_type(t)?;
    structseq::new(t, ty, &vals)
}

fn convert_time(t: &mut Thread, a: &Args, name: &str, local: bool) -> PyResult<Value> {
    a.check(t, name, 0, 1)?;
    let when = secs_arg(t, a.opt(t, 0))?;
    let mut tm = empty_tm();
    // SAFETY: gmtime_r/localtime_r read `when` and write the tm we own.
    let r = unsafe {
        if local {
            libc::localtime_r(&when, &mut tm)
        } else {
            libc::gmtime_r(&when, &mut tm)
        }
    };
    if r.is_null() {
        return Err(os_error(t));
    }
    tm_to_struct_time(t, &tm)
}

fn time_gmtime(t: &mut Thread, a: Args) -> PyResult<Value> {
    convert_time(t, &a, "gmtime", false)
}

fn time_localtime(t: &mut Thread, a: Args) -> PyResult<Value> {
    convert_time(t, &a, "localtime", true)
}

/// A C `tm` from a 9-tuple or `struct_time` (CPython's `gettmarg`): month and day are made
/// 0-based, the weekday Sunday-based.
fn tuple_to_tm(t: &mut Thread, v: Value, func: &str) -> PyResult<libc::tm> {
    if !tuple::is_tuple(t, v) {
        return Err(t.type_error("Tuple or struct_time argument required"));
    }
    let hv = t.root(v);
    let n = tuple::len(t, tuple::tuple_value(t, v));
    if n != 9 {
        return Err(t.type_error(&format!("{func}(): illegal time tuple argument")));
    }
    let mut f = [0i64; 9];
    for (i, slot) in f.iter_mut().enumerate() {
        let item = tuple::get(t, tuple::tuple_value(t, t.get(hv)), i);
        let idx = ember_vm::objects::numeric::index(t, item)?;
        *slot = match int::to_i64(t, idx) {
            Some(x) if x >= i32::MIN as i64 && x <= i32::MAX as i64 => x,
            _ => return Err(t.overflow_error("Python int too large to convert to C int")),
        };
    }
    let mut tm = empty_tm();
    tm.tm_year = (f[0] - 1900) as i32;
    tm.tm_mon = (f[1] - 1) as i32;
    tm.tm_mday = f[2] as i32;
    tm.tm_hour = f[3] as i32;
    tm.tm_min = f[4] as i32;
    tm.tm_sec = f[5] as i32;
    tm.tm_wday = ((f[6] + 1) % 7) as i32;
    tm.tm_yday = (f[7] - 1) as i32;
    tm.tm_isdst = f[8] as i32;
    // A struct_time also carries the zone fields.
    let obj = t.get(hv);
    if !tuple::is_exact_tuple(t, obj) {
        let off = protocol::getattr_str(t, obj, "tm_gmtoff")?;
        if int::is_int(t, off) {
            if let Some(o) = int::to_i64(t, off) {
                tm.tm_gmtoff = o as _;
            }
        }
    }
    Ok(tm)
}

/// CPython's `checktm`: the ranges asctime and strftime accept.
fn check_tm(t: &mut Thread, tm: &libc::tm) -> PyResult<()> {
    let err = if !(0..=11).contains(&tm.tm_mon) {
        "month out of range"
    } else if !(1..=31).contains(&tm.tm_mday) {
        "day of month out of range"
    } else if !(0..=23).contains(&tm.tm_hour) {
        "hour out of range"
    } else if !(0..=59).contains(&tm.tm_min) {
        "minute out of range"
    } else if !(0..=61).contains(&tm.tm_sec) {
        "seconds out of range"
    } else if tm.tm_wday < 0 {
        "day of week out of range"
    } else if !(0..=365).contains(&tm.tm_yday) {
        "day of year out of range"
    } else {
        return Ok(());
    };
    Err(t.value_error(err))
}

/// The time argument of strftime/asctime: the given tuple, or the current local time.
fn tm_arg(t: &mut Thread, v: Option<Value>, func: &str) -> PyResult<libc::tm> {
    match v {
        Some(v) => tuple_to_tm(t, v, func),
        None => {
            let now = epoch().as_secs() as libc::time_t;
            let mut tm = empty_tm();
            // SAFETY: as in convert_time.
            let r = unsafe { libc::localtime_r(&now, &mut tm) };
            if r.is_null() {
                return Err(os_error(t));
            }
            Ok(tm)
        }
    }
}

fn time_strftime(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "strftime", 1, 2)?;
    let fmt = a.get(t, 0);
    if !pystr::is_str(t, fmt) {
        let msg = format!(
            "strftime() argument 1 must be str, not {}",
            type_::type_name_of(t, fmt)
        );
        return Err(t.type_error(&msg));
    }
    let fmt = pystr::to_rust_string(t, fmt);
    let mut tm = tm_arg(t, a.opt(t, 1), "strftime")?;
    // strftime accepts 0 for the month and day fields (CPython normalises them to 1).
    if tm.tm_mon == -1 {
        tm.tm_mon = 0;
    }
    if tm.tm_mday == 0 {
        tm.tm_mday = 1;
    }
    if tm.tm_yday == -1 {
        tm.tm_yday = 0;
    }
    check_tm(t, &tm)?;
    // tm_isdst outside -1..=1 confuses some C libraries; CPython clamps it the same way.
    tm.tm_isdst = tm.tm_isdst.clamp(-1, 1);
    if fmt.contains('\0') {
        return Err(t.value_error("embedded null character"));
    }
    if fmt.is_empty() {
        return pystr::new_str(t, "");
    }
    let cfmt = std::ffi::CString::new(fmt.as_bytes()).unwrap_or_default();
    // A zero-length result is ambiguous (an empty expansion or a short buffer): grow the
    // buffer as CPython does, up to 256 times the format's length.
    let mut size = 1024usize.max(fmt.len() * 2);
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: buf has `size` writable bytes, cfmt is NUL-terminated, tm is initialised.
        let n = unsafe {
            libc::strftime(
                buf.as_mut_ptr() as *mut libc::c_char,
                size,
                cfmt.as_ptr(),
                &tm,
            )
        };
        if n > 0 || size >= 256 * fmt.len().max(4) {
            buf.truncate(n);
            let s = String::from_utf8_lossy(&buf).into_owned();
            return pystr::new_str(t, &s);
        }
        size *= 2;
    }
}

const WDAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MON_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// CPython's `_asctime`: "Sun Sep  9 01:46:40 2001" (always English, as C's asctime).
fn asctime_text(tm: &libc::tm) -> String {
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        WDAY_NAMES[tm.tm_wday.rem_euclid(7) as usize],
        MON_NAMES[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        1900 + tm.tm_year as i64
    )
}

fn time_asctime(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "asctime", 0, 1)?;
    let tm = tm_arg(t, a.opt(t, 0), "asctime")?;
    check_tm(t, &tm)?;
    pystr::new_str(t, &asctime_text(&tm))
}

fn time_ctime(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "ctime", 0, 1)?;
    let when = secs_arg(t, a.opt(t, 0))?;
    let mut tm = empty_tm();
    // SAFETY: as in convert_time.
    let r = unsafe { libc::localtime_r(&when, &mut tm) };
    if r.is_null() {
        return Err(t.overflow_error("ctime argument out of range"));
    }
    pystr::new_str(t, &asctime_text(&tm))
}

fn time_mktime(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "mktime", 1, 1)?;
    let mut tm = tuple_to_tm(t, a.get(t, 0), "mktime")?;
    // A weekday outside 0..6 after the call tells an error from a legitimate -1.
    tm.tm_wday = -1;
    // SAFETY: mktime reads and normalises the tm we own.
    let r = unsafe { libc::mktime(&mut tm) };
    if r == -1 && tm.tm_wday == -1 {
        return Err(t.overflow_error("mktime argument out of range"));
    }
    float::new_float(t, r as f64)
}

/// Makes the C library re-read the TZ environment variable. The libc crate does not bind
/// `tzset` on Unix, but POSIX specifies that `mktime` behaves as though it called `tzset`.
fn refresh_tz() {
    let mut tm = empty_tm();
    tm.tm_year = 70;
    tm.tm_mday = 1;
    // SAFETY: mktime reads and normalises the tm we own.
    unsafe { libc::mktime(&mut tm) };
}

/// CPython's `init_timezone`: the offsets and names of January and July of this year.
fn timezone_values() -> (i64, i64, bool, String, String) {
    const YEAR: libc::time_t = (365 * 24 + 6) * 3600;
    let now = epoch().as_secs() as libc::time_t;
    let jan = (now / YEAR) * YEAR;
    let probe = |when: libc::time_t| {
        let mut tm = empty_tm();
        // SAFETY: as in convert_time.
        let ok = unsafe { !libc::localtime_r(&when, &mut tm).is_null() };
        let name = if ok && !tm.tm_zone.is_null() {
            // SAFETY: see tm_to_struct_time.
            unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
                .to_string_lossy()
                .into_owned()
        } else {
            String::new()
        };
        (-(tm.tm_gmtoff as i64), name)
    };
    refresh_tz();
    let (janzone, janname) = probe(jan);
    let (julyzone, julyname) = probe(jan + YEAR / 2);
    if janzone < julyzone {
        // DST is reversed in the southern hemisphere.
        (julyzone, janzone, janzone != julyzone, julyname, janname)
    } else {
        (janzone, julyzone, janzone != julyzone, janname, julyname)
    }
}

pub fn init_time(t: &mut Thread) -> PyResult<Value> {
    monotonic_base();
    let m = module::new_module(t, "time")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let fns: [(&'static str, native::NativeFn); 17] = [
        ("time", time_time),
        ("time_ns", time_time_ns),
        ("monotonic", time_monotonic),
        ("monotonic_ns", time_monotonic_ns),
        ("perf_counter", time_monotonic),
        ("perf_counter_ns", time_monotonic_ns),
        ("process_time", time_process_time),
        ("process_time_ns", time_process_time_ns),
        ("sleep", time_sleep),
        ("thread_time", time_process_time),
        ("gmtime", time_gmtime),
        ("localtime", time_localtime),
        ("mktime", time_mktime),
        ("strftime", time_strftime),
        ("asctime", time_asctime),
        ("ctime", time_ctime),
        ("tzset", time_tzset),
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "time", name, f)?;
    }
    let ty = structseq::new_type(t, &STRUCT_TIME)?;
    t.globals.extra.push(ty);
    STRUCT_TIME_TYPE.store(t.globals.extra.len() - 1, Ordering::Relaxed);
    ember_vm::objects::dict::set_str(t, t.get(hd), "struct_time", ty)?;
    set_timezone(t, t.get(hd))?;
    Ok(t.get(hm))
}

/// Sets `timezone`, `altzone`, `daylight` and `tzname` in the module namespace `d`.
fn set_timezone(t: &mut Thread, d: Value) -> PyResult<()> {
    use ember_vm::objects::dict;
    let hd = t.root(d);
    let (tz, alt, daylight, std_name, dst_name) = timezone_values();
    dict::set_str(t, t.get(hd), "timezone", Value::small_int(tz))?;
    dict::set_str(t, t.get(hd), "altzone", Value::small_int(alt))?;
    dict::set_str(t, t.get(hd), "daylight", Value::small_int(daylight as i64))?;
    let a = pystr::new_str(t, &std_name)?;
    let ha = t.root(a);
    let b = pystr::new_str(t, &dst_name)?;
    let names = tuple::new_tuple(t, &[t.get(ha), b])?;
    dict::set_str(t, t.get(hd), "tzname", names)
}

/// `time.tzset()`: re-read TZ and refresh the module's timezone constants.
fn time_tzset(t: &mut Thread, a: Args) -> PyResult<Value> {
    a.check(t, "tzset", 0, 0)?;
    let Some(m) = ember_vm::import::get_module(t, "time")? else {
        return Ok(Value::NONE);
    };
    let d = module::module_dict(t, m);
    set_timezone(t, d)?;
    Ok(Value::NONE)
}

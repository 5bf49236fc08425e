//! The `time` module: clocks (`time`, `monotonic`, `perf_counter`, `process_time` and their
//! `_ns` forms), `sleep`, and `struct_time`-free helpers. FIXME(struct_time): `localtime`,
//! `gmtime`, `strftime` and `struct_time` come with the rest of the standard library.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ember_gc::Value;
use ember_vm::errors::PyResult;
use ember_vm::objects::native::{self, Args};
use ember_vm::objects::{float, int, module};
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

pub fn init_time(t: &mut Thread) -> PyResult<Value> {
    monotonic_base();
    let m = module::new_module(t, "time")?;
    let hm = t.root(m);
    let d = module::module_dict(t, m);
    let hd = t.root(d);
    let fns: [(&'static str, native::NativeFn); 10] = [
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
    ];
    for (name, f) in fns {
        native::add_function(t, t.get(hd), "time", name, f)?;
    }
    Ok(t.get(hm))
}

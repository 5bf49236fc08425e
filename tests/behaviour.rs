//! Behaviour tests: run every `tests/py/<area>/<name>.py` under ember and compare
//! stdout, stderr and the exit status with the `<name>.out` that CPython 3.11
//! produced through `tests/bless.py`.
//!
//! This file owns only the comparison; the expected output is owned by the
//! bless script, and the two must agree on how a program is run. The rules
//! (stated once more in `tests/bless.py`; change both together):
//!
//! * A test is `tests/py/<area>/<name>.py` whose name does not start with `_`.
//!   `_`-prefixed files beside it and subdirectories are helper modules and
//!   packages that tests import; they are never run on their own.
//! * Each program runs with cwd = its directory, argv = `[ember, "<name>.py"]`,
//!   stdin = /dev/null, the caller's environment minus every `PYTHON*`
//!   variable, plus `PYTHONHASHSEED=0`, `PYTHONDONTWRITEBYTECODE=1`,
//!   `PYTHONIOENCODING=utf-8`.
//! * Every occurrence of "<absolute test dir>/" in stdout and stderr is
//!   removed (CPython prints the main script's path absolute), so tracebacks
//!   read `File "name.py", line N`.
//! * The `.out` format is the exact stdout; then, only if stderr is non-empty
//!   or the exit status is non-zero, `--- stderr ---`, the exact stderr and
//!   `--- exit N ---` (a newline is added before a marker if needed; N is
//!   negative for death by signal N).
//!
//! Every program runs twice: normally and with `EMBER_GC_STRESS=1`. A program
//! whose first line is `# ember: no-stress (reason)` skips the stress run.
//!
//! `tests/py/xfail.txt` lists expected failures, one `area/name.py # reason`
//! per line. An xfail test that passes (both runs) fails the suite with
//! "unexpected pass", so the list only shrinks. A test without its `.out`, an
//! orphan `.out`, and an xfail entry naming no test also fail the suite.
//!
//! Knobs (environment):
//! * `EMBER_TEST_FILTER=substr` runs only tests whose path contains `substr`.
//! * `EMBER_TEST_TIMEOUT=secs` per-program timeout (default 30; stress runs get 4x).
//! * `EMBER_TEST_BUDGET=secs` for the whole suite (default 1800); programs not
//!   started by then are reported as failures, so CI stays inside its hour.
//! * `EMBER_TEST_JOBS=n` parallel programs (default: number of cores).
//! * `EMBER_TEST_STRESS=0` skips the GC-stress runs (local iteration only; CI runs them).
//! * `EMBER_TEST_BIN=path` runs another interpreter instead of ember (for
//!   checking the harness itself, e.g. `EMBER_TEST_BIN=python3`).
//!
//! Only std is used, so this test builds with nothing but the workspace.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::env;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// The first line a program uses to opt out of the GC-stress run.
const NO_STRESS_MARKER: &str = "# ember: no-stress";
/// Diff lines shown per failing run; the rest is summarised.
const MAX_DIFF_LINES: usize = 160;

struct TestCase {
    /// Path relative to tests/py with `/` separators, e.g. `basics/hello.py`.
    rel: String,
    dir: PathBuf,
    file_name: String,
    expected: Option<Vec<u8>>,
    no_stress: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Mode {
    Normal,
    Stress,
}

impl Mode {
    fn label(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Stress => "EMBER_GC_STRESS=1",
        }
    }
}

/// Result of one run of one program: `None` if it matched, else a report.
type RunResult = Option<String>;

fn py_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("py")
}

fn is_test_name(area: &str, name: &str) -> bool {
    name.ends_with(".py")
        && !name.starts_with('_')
        && !area.starts_with('.')
        && !area.starts_with('_')
}

/// Finds all tests, plus problems with the tree itself (orphan `.out` files).
fn discover(root: &Path, problems: &mut Vec<String>) -> Vec<TestCase> {
    let mut tests = Vec::new();
    let mut areas: Vec<_> = match fs::read_dir(root) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect(),
        Err(e) => {
            problems.push(format!("cannot read {}: {e}", root.display()));
            return tests;
        }
    };
    areas.sort();
    for adir in areas {
        let area = adir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut names: Vec<String> = fs::read_dir(&adir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter(|e| e.path().is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        for name in &names {
            if let Some(stem) = name.strip_suffix(".out") {
                if !names.iter().any(|n| n == &format!("{stem}.py")) {
                    problems.push(format!("orphan {area}/{name}: no matching .py (delete it)"));
                }
            }
            if !is_test_name(&area, name) {
                continue;
            }
            let path = adir.join(name);
            let source = fs::read(&path).unwrap_or_default();
            let first_line = source.split(|&b| b == b'\n').next().unwrap_or_default();
            let no_stress = String::from_utf8_lossy(first_line)
                .trim_start()
                .starts_with(NO_STRESS_MARKER);
            let expected = fs::read(adir.join(format!("{}.out", &name[..name.len() - 3]))).ok();
            tests.push(TestCase {
                rel: format!("{area}/{name}"),
                dir: adir.clone(),
                file_name: name.clone(),
                expected,
                no_stress,
            });
        }
    }
    tests
}

/// Parses `xfail.txt`: `area/name.py # reason` per line; blank and `#` lines ignored.
fn read_xfail(root: &Path, problems: &mut Vec<String>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let text = match fs::read_to_string(root.join("xfail.txt")) {
        Ok(t) => t,
        Err(_) => return map,
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (path, reason) = match line.split_once('#') {
            Some((p, r)) => (p.trim(), r.trim()),
            None => (line, ""),
        };
        if reason.is_empty() {
            problems.push(format!("xfail.txt:{}: `{path}` has no `# reason`", i + 1));
        }
        if map.insert(path.to_string(), reason.to_string()).is_some() {
            problems.push(format!("xfail.txt:{}: duplicate entry `{path}`", i + 1));
        }
    }
    map
}

fn child_env(cmd: &mut Command, mode: Mode) {
    let python_vars: Vec<OsString> = env::vars_os()
        .map(|(k, _)| k)
        .filter(|k| k.to_string_lossy().starts_with("PYTHON"))
        .collect();
    for k in python_vars {
        cmd.env_remove(k);
    }
    cmd.env("PYTHONHASHSEED", "0");
    cmd.env("PYTHONDONTWRITEBYTECODE", "1");
    cmd.env("PYTHONIOENCODING", "utf-8");
    match mode {
        Mode::Normal => cmd.env_remove("EMBER_GC_STRESS"),
        Mode::Stress => cmd.env("EMBER_GC_STRESS", "1"),
    };
}

fn replace_all(data: &[u8], needle: &[u8]) -> Vec<u8> {
    if needle.is_empty() {
        return data.to_vec();
    }
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i..].starts_with(needle) {
            i += needle.len();
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    out
}

/// Removes "<dir>/" (as given and canonicalised), longest first, as bless.py does.
fn normalise(data: &[u8], dir: &Path) -> Vec<u8> {
    let mut dirs: Vec<String> = vec![dir.to_string_lossy().into_owned()];
    if let Ok(c) = dir.canonicalize() {
        let c = c.to_string_lossy().into_owned();
        if !dirs.contains(&c) {
            dirs.push(c);
        }
    }
    dirs.sort_by_key(|d| std::cmp::Reverse(d.len()));
    let mut out = data.to_vec();
    for d in dirs {
        out = replace_all(&out, format!("{d}/").as_bytes());
    }
    out
}

fn format_out(stdout: &[u8], stderr: &[u8], code: i32) -> Vec<u8> {
    let mut out = stdout.to_vec();
    if !stderr.is_empty() || code != 0 {
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(b"--- stderr ---\n");
        out.extend_from_slice(stderr);
        if !stderr.is_empty() && !stderr.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(format!("--- exit {code} ---\n").as_bytes());
    }
    out
}

fn exit_code(status: std::process::ExitStatus) -> i32 {
    if let Some(c) = status.code() {
        return c;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return -sig;
        }
    }
    -1000
}

fn reader<R: Read + Send + 'static>(r: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut r) = r {
            let _ = r.read_to_end(&mut buf);
        }
        buf
    })
}

/// Waits for `child` up to `timeout`; kills it after. Returns the status, or None on timeout.
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    let mut nap = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) => {}
            Err(_) => return None,
        }
        if start.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(nap);
        nap = (nap * 2).min(Duration::from_millis(20));
    }
}

fn run_one(bin: &OsString, t: &TestCase, mode: Mode, timeout: Duration) -> RunResult {
    let expected = t.expected.as_deref().unwrap_or_default();
    let mut cmd = Command::new(bin);
    cmd.arg(&t.file_name)
        .current_dir(&t.dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    child_env(&mut cmd, mode);
    let started = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return Some(format!("cannot start {}: {e}\n", Path::new(bin).display())),
    };
    let out = reader(child.stdout.take());
    let err = reader(child.stderr.take());
    let status = wait_with_timeout(&mut child, timeout);
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let Some(status) = status else {
        let mut report = format!(
            "TIMEOUT: killed after {:.0} s\n--- stdout so far (last lines) ---\n{}--- stderr so far (last lines) ---\n{}",
            started.elapsed().as_secs_f64(),
            tail(&stdout, 15),
            tail(&stderr, 15)
        );
        report.push('\n');
        return Some(report);
    };
    let actual = format_out(
        &normalise(&stdout, &t.dir),
        &normalise(&stderr, &t.dir),
        exit_code(status),
    );
    if actual == expected {
        None
    } else {
        Some(unified_diff(expected, &actual, &t.rel))
    }
}

fn tail(data: &[u8], n: usize) -> String {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(n);
    let mut s = String::new();
    for l in &lines[start..] {
        let _ = writeln!(s, "{l}");
    }
    s
}

/// Splits into lines keeping the terminator, so a missing final newline shows.
fn split_lines(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    text.split_inclusive('\n').map(|s| s.to_string()).collect()
}

enum Edit {
    Keep(usize, usize),
    Del(usize),
    Ins(usize),
}

/// Line diff by longest common subsequence; falls back to "all replaced" past a size cap.
fn diff_edits(a: &[String], b: &[String]) -> Vec<Edit> {
    // Trim the common prefix and suffix first: most failures differ in a few lines.
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && a[pre] == b[pre] {
        pre += 1;
    }
    let mut suf = 0;
    while suf < a.len() - pre && suf < b.len() - pre && a[a.len() - 1 - suf] == b[b.len() - 1 - suf]
    {
        suf += 1;
    }
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut edits: Vec<Edit> = (0..pre).map(|i| Edit::Keep(i, i)).collect();
    let (n, m) = (am.len(), bm.len());
    if n.saturating_mul(m) <= 4_000_000 {
        // lcs[i][j] = LCS length of am[i..] and bm[j..].
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * (m + 1) + j] = if am[i] == bm[j] {
                    lcs[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                edits.push(Edit::Keep(pre + i, pre + j));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
                // Deletions first, as `diff -u` prints them.
                edits.push(Edit::Del(pre + i));
                i += 1;
            } else {
                edits.push(Edit::Ins(pre + j));
                j += 1;
            }
        }
    } else {
        edits.extend((0..n).map(|i| Edit::Del(pre + i)));
        edits.extend((0..m).map(|j| Edit::Ins(pre + j)));
    }
    edits.extend((0..suf).map(|k| Edit::Keep(a.len() - suf + k, b.len() - suf + k)));
    edits
}

fn show_line(prefix: char, line: &str, out: &mut String) {
    match line.strip_suffix('\n') {
        Some(l) => {
            let _ = writeln!(out, "{prefix}{l}");
        }
        None => {
            let _ = writeln!(out, "{prefix}{line}");
            let _ = writeln!(out, "\\ No newline at end of file");
        }
    }
}

fn unified_diff(expected: &[u8], actual: &[u8], rel: &str) -> String {
    const CONTEXT: usize = 3;
    let a = split_lines(expected);
    let b = split_lines(actual);
    let edits = diff_edits(&a, &b);
    let mut out = format!(
        "--- expected ({}.out)\n+++ actual (ember)\n",
        &rel[..rel.len() - 3]
    );
    // Group changes into hunks with CONTEXT lines around them.
    let changed: Vec<usize> = edits
        .iter()
        .enumerate()
        .filter(|(_, e)| !matches!(e, Edit::Keep(..)))
        .map(|(k, _)| k)
        .collect();
    let mut shown = 0;
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 2 * CONTEXT + 1 {
            end = changed[k];
            k += 1;
        }
        let end = (end + CONTEXT + 1).min(edits.len());
        let (mut a0, mut b0, mut alen, mut blen) = (None, None, 0, 0);
        for e in &edits[start..end] {
            match *e {
                Edit::Keep(i, j) => {
                    a0.get_or_insert(i);
                    b0.get_or_insert(j);
                    alen += 1;
                    blen += 1;
                }
                Edit::Del(i) => {
                    a0.get_or_insert(i);
                    alen += 1;
                }
                Edit::Ins(j) => {
                    b0.get_or_insert(j);
                    blen += 1;
                }
            }
        }
        let _ = writeln!(
            out,
            "@@ -{},{} +{},{} @@",
            a0.map_or(0, |x| x + 1),
            alen,
            b0.map_or(0, |x| x + 1),
            blen
        );
        for e in &edits[start..end] {
            if shown >= MAX_DIFF_LINES {
                let _ = writeln!(
                    out,
                    "... diff truncated ({} lines expected, {} actual)",
                    a.len(),
                    b.len()
                );
                return out;
            }
            shown += 1;
            match *e {
                Edit::Keep(i, _) => show_line(' ', &a[i], &mut out),
                Edit::Del(i) => show_line('-', &a[i], &mut out),
                Edit::Ins(j) => show_line('+', &b[j], &mut out),
            }
        }
    }
    out
}

fn env_num(name: &str, default: u64) -> u64 {
    env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

#[test]
fn behaviour() {
    let root = py_root();
    let mut problems = Vec::new();
    let all_tests = discover(&root, &mut problems);
    let xfail = read_xfail(&root, &mut problems);
    let known: BTreeSet<&str> = all_tests.iter().map(|t| t.rel.as_str()).collect();
    for path in xfail.keys() {
        if !known.contains(path.as_str()) {
            problems.push(format!("xfail.txt names `{path}`, which is not a test"));
        }
    }

    let filter = env::var("EMBER_TEST_FILTER").unwrap_or_default();
    let tests: Vec<TestCase> = all_tests
        .into_iter()
        .filter(|t| t.rel.contains(&filter))
        .collect();
    let bin: OsString =
        env::var_os("EMBER_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_ember").into());
    let timeout = Duration::from_secs(env_num("EMBER_TEST_TIMEOUT", 30));
    let stress_timeout = timeout * 4;
    // Bounds the whole suite (CI has an hour); programs not started by then fail.
    let budget = Duration::from_secs(env_num("EMBER_TEST_BUDGET", 1800));
    let stress = env::var("EMBER_TEST_STRESS").map_or(true, |v| v != "0");
    let jobs = env_num(
        "EMBER_TEST_JOBS",
        thread::available_parallelism().map_or(2, |n| n.get() as u64),
    )
    .max(1) as usize;

    // One job per (test, mode); a test without its .out is not run at all.
    let mut queue = VecDeque::new();
    for (idx, t) in tests.iter().enumerate() {
        if t.expected.is_none() {
            continue;
        }
        queue.push_back((idx, Mode::Normal));
        if stress && !t.no_stress {
            queue.push_back((idx, Mode::Stress));
        }
    }
    let total_jobs = queue.len();
    let queue = Mutex::new(queue);
    let results: Mutex<Vec<(usize, Mode, RunResult)>> = Mutex::new(Vec::new());
    let done = AtomicUsize::new(0);
    let started = Instant::now();
    thread::scope(|s| {
        for _ in 0..jobs.min(total_jobs.max(1)) {
            s.spawn(|| loop {
                let next = queue.lock().unwrap().pop_front();
                let Some((idx, mode)) = next else { break };
                let t = &tests[idx];
                let limit = if mode == Mode::Stress {
                    stress_timeout
                } else {
                    timeout
                };
                let r = if started.elapsed() > budget {
                    Some(format!(
                        "not run: the suite's EMBER_TEST_BUDGET of {} s is used up\n",
                        budget.as_secs()
                    ))
                } else {
                    run_one(&bin, t, mode, limit)
                };
                results.lock().unwrap().push((idx, mode, r));
                done.fetch_add(1, Ordering::Relaxed);
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(idx, mode, _)| (*idx, *mode));

    let mut failed_runs: BTreeMap<usize, Vec<(Mode, String)>> = BTreeMap::new();
    for (idx, mode, r) in results {
        if let Some(report) = r {
            failed_runs.entry(idx).or_default().push((mode, report));
        }
    }

    let (mut passed, mut xfailed) = (0, 0);
    let mut failures: Vec<String> = Vec::new();
    let mut report = String::new();
    for (idx, t) in tests.iter().enumerate() {
        let is_xfail = xfail.contains_key(&t.rel);
        if t.expected.is_none() {
            failures.push(t.rel.clone());
            let _ = writeln!(
                report,
                "FAIL {}: no {}.out (run `python3 tests/bless.py {}`)\n",
                t.rel,
                &t.rel[..t.rel.len() - 3],
                t.rel
            );
            continue;
        }
        match (failed_runs.get(&idx), is_xfail) {
            (None, false) => passed += 1,
            (Some(runs), true) => {
                xfailed += 1;
                if runs.iter().all(|(mode, _)| *mode == Mode::Stress) {
                    let _ = writeln!(
                        report,
                        "note: xfail {} passes normally and fails only under EMBER_GC_STRESS=1\n",
                        t.rel
                    );
                }
            }
            (None, true) => {
                failures.push(t.rel.clone());
                let _ = writeln!(
                    report,
                    "FAIL {}: unexpected pass: remove it from xfail.txt (reason was: {})\n",
                    t.rel, xfail[&t.rel]
                );
            }
            (Some(runs), false) => {
                failures.push(t.rel.clone());
                for (mode, r) in runs {
                    let _ = writeln!(report, "FAIL {} [{}]\n{}", t.rel, mode.label(), r);
                }
            }
        }
    }

    for p in &problems {
        let _ = writeln!(report, "PROBLEM {p}");
    }
    let summary = format!(
        "behaviour: {} passed, {} xfailed, {} failed, {} problems ({} programs, {} runs, {} jobs, {:.1} s){}",
        passed,
        xfailed,
        failures.len(),
        problems.len(),
        tests.len(),
        done.load(Ordering::Relaxed),
        jobs,
        started.elapsed().as_secs_f64(),
        if filter.is_empty() { String::new() } else { format!(", filter {filter:?}") }
    );
    print!("{report}");
    if !failures.is_empty() {
        println!("failed tests:");
        for f in &failures {
            println!("    {f}");
        }
    }
    println!("{summary}");
    assert!(failures.is_empty() && problems.is_empty(), "{summary}");
}

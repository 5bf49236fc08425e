#!/usr/bin/env python3
"""Run pyperformance workloads under ember and CPython, interleaved, and compare.

    python3 bench/run.py [--ember PATH] [--python python3] [--rounds N]
                         [--repeat N] [--loops-scale F] [--timeout S] [workload ...]

Runs on the host CPython; only the benchmark processes run on the VM under test.
On first use it installs pyperformance 1.14.0 from PyPI into bench/.cache (git-ignored);
benchmark files are never copied into the repository. Each workload's
`run_benchmark.py` runs as the main script with PYTHONPATH=bench/shim:<bm dir>, so
`import pyperf` finds bench/shim/pyperf.py, which prints
`RESULT <name> loops=<N> times=<t1,...>`.

Rounds alternate the VMs (ember, python3, ember, python3, ...) because the reference
box is noisy; the best time over all rounds and repeats is kept, and the table
reports ratio = python3 time / ember time (> 1 means ember is faster) and the
geometric mean of the ratios. A workload that fails under ember is reported as
FAILED with the tail of its stderr and left out of the mean; the exit status is
still 0.
"""

import argparse
import math
import os
import shutil
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
SHIM_DIR = os.path.join(BENCH_DIR, "shim")
CACHE_DIR = os.path.join(BENCH_DIR, ".cache", "pyperformance")
PYPERFORMANCE_VERSION = "1.14.0"
BENCHMARKS_DIR = os.path.join(CACHE_DIR, "pyperformance", "data-files", "benchmarks")

# name -> (pyperformance benchmark directory, loops per timed run).
# Loops are sized to about 0.6-1.0 s per timed run on CPython 3.11 on the
# reference box (see shared/research/benchmarks-and-cpython-tests.md, 1.4).
WORKLOADS = {
    "richards": ("bm_richards", 21),
    "nbody": ("bm_nbody", 13),
    "fannkuch": ("bm_fannkuch", 2),
    "float": ("bm_float", 10),
    "spectral_norm": ("bm_spectral_norm", 11),
    "nqueens": ("bm_nqueens", 11),
    "deltablue": ("bm_deltablue", 190),
    "unpack_sequence": ("bm_unpack_sequence", 75000),
    "coroutines": ("bm_coroutines", 40),
}


def ensure_pyperformance():
    dist_info = os.path.join(CACHE_DIR, "pyperformance-%s.dist-info" % PYPERFORMANCE_VERSION)
    if os.path.isdir(BENCHMARKS_DIR) and os.path.isdir(dist_info):
        return
    if os.path.isdir(CACHE_DIR):
        shutil.rmtree(CACHE_DIR)
    print("installing pyperformance %s into %s" % (PYPERFORMANCE_VERSION, os.path.relpath(CACHE_DIR, ROOT)), flush=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--target", CACHE_DIR, "--no-deps", "pyperformance==%s" % PYPERFORMANCE_VERSION],
        check=True,
    )
    if not os.path.isdir(BENCHMARKS_DIR):
        sys.exit("run.py: pyperformance installed but %s is missing" % BENCHMARKS_DIR)


def resolve_vm(path):
    if os.sep in path:
        return os.path.abspath(path)
    return shutil.which(path) or path


def tail(text, n=12):
    lines = text.rstrip("\n").splitlines()
    return "\n".join("        " + line for line in lines[-n:])


def run_workload(vm, name, loops, repeat, timeout):
    """Runs one benchmark process. Returns (list of seconds, None) or (None, error text)."""
    bm_dir = os.path.join(BENCHMARKS_DIR, WORKLOADS[name][0])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = SHIM_DIR + os.pathsep + bm_dir
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["EMBER_BENCH_LOOPS"] = str(loops)
    env["EMBER_BENCH_REPEAT"] = str(repeat)
    try:
        p = subprocess.run([vm, "run_benchmark.py", "--ember-loops=%d" % loops, "--ember-repeat=%d" % repeat], cwd=bm_dir, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except FileNotFoundError:
        return None, "cannot run %s: no such file" % vm
    except PermissionError:
        return None, "cannot run %s: permission denied" % vm
    except subprocess.TimeoutExpired as e:
        err = (e.stderr or b"").decode("utf-8", "replace")
        return None, "timed out after %d s\n%s" % (timeout, tail(err))
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    times = []
    for line in out.splitlines():
        if line.startswith("RESULT "):
            for field in line.split()[2:]:
                if field.startswith("times="):
                    try:
                        times.extend(float(t) for t in field[len("times="):].split(",") if t)
                    except ValueError:
                        return None, "unparsable RESULT line: %r" % line
    if p.returncode != 0:
        return None, "exit status %d\n%s" % (p.returncode, tail(err or out))
    if not times:
        return None, "no RESULT line in output\n%s" % tail(err or out)
    return times, None


def fmt_secs(v):
    return "%.4f" % v if v is not None else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ember", default=os.path.join(ROOT, "target", "release", "ember"),
                    help="VM under test (default: target/release/ember)")
    ap.add_argument("--python", default="python3", help="reference interpreter (default: python3)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds per workload (default 3)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per process, after one warm-up (default 3)")
    ap.add_argument("--loops-scale", type=float, default=1.0, help="multiply every workload's loops by F")
    ap.add_argument("--timeout", type=float, default=900, help="seconds allowed per benchmark process")
    ap.add_argument("--list", action="store_true", help="list the workloads and exit")
    ap.add_argument("workloads", nargs="*", metavar="workload", help="default: all")
    args = ap.parse_args()

    if args.list:
        for name, (bm, loops) in WORKLOADS.items():
            print("%-16s %-20s loops=%d" % (name, bm, loops))
        return 0
    for w in args.workloads:
        if w not in WORKLOADS:
            sys.exit("run.py: unknown workload %r (known: %s)" % (w, ", ".join(WORKLOADS)))
    names = args.workloads or list(WORKLOADS)
    ensure_pyperformance()
    ember = resolve_vm(args.ember)
    python = resolve_vm(args.python)
    vms = [("ember", ember), ("python3", python)]
    print("ember   = %s" % ember)
    print("python3 = %s" % python)
    print("rounds=%d repeat=%d loops-scale=%g" % (args.rounds, args.repeat, args.loops_scale), flush=True)

    best = {}      # (workload, vm label) -> best seconds
    errors = {}    # (workload, vm label) -> error text
    loops_used = {}
    started = time.time()
    for name in names:
        loops = max(1, int(round(WORKLOADS[name][1] * args.loops_scale)))
        loops_used[name] = loops
        for rnd in range(args.rounds):
            for label, vm in vms:
                if (name, label) in errors:
                    continue
                times, err = run_workload(vm, name, loops, args.repeat, args.timeout)
                if err is not None:
                    errors[(name, label)] = err
                    print("  %-16s round %d/%d  %-7s FAILED" % (name, rnd + 1, args.rounds, label), flush=True)
                    continue
                t = min(times)
                if (name, label) not in best or t < best[(name, label)]:
                    best[(name, label)] = t
                print("  %-16s round %d/%d  %-7s min %.4f s  (%s)"
                      % (name, rnd + 1, args.rounds, label, t, ", ".join("%.4f" % x for x in times)), flush=True)

    print()
    print("%-16s %9s %12s %12s %8s" % ("workload", "loops", "ember s", "python3 s", "ratio"))
    print("-" * 61)
    ratios = []
    failed = []
    for name in names:
        e = best.get((name, "ember"))
        p = best.get((name, "python3"))
        if (name, "ember") in errors:
            failed.append(name)
        if e is not None and p is not None and e > 0:
            ratio = p / e
            ratios.append(ratio)
            rtext = "%.2f" % ratio
        else:
            rtext = "-"
        etext = "FAILED" if (name, "ember") in errors else fmt_secs(e)
        ptext = "FAILED" if (name, "python3") in errors else fmt_secs(p)
        print("%-16s %9d %12s %12s %8s" % (name, loops_used[name], etext, ptext, rtext))
    print("-" * 61)
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print("geometric mean of ratios (python3 / ember, >1 = ember faster) over %d workloads: %.3f"
              % (len(ratios), geo))
    else:
        print("geometric mean: n/a (no workload ran under both VMs)")
    for name in names:
        for label, _ in vms:
            if (name, label) in errors:
                print()
                print("%s FAILED under %s: %s" % (name, label, errors[(name, label)]))
    print()
    print("%d of %d workloads failed under ember; %d failed under python3; %.0f s total"
          % (len(failed), len(names), sum(1 for (n, l) in errors if l == "python3"), time.time() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())

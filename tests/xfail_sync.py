#!/usr/bin/env python3
"""Brings tests/py/xfail.txt in line with what ember does today.

Runs every behaviour test under ember exactly as tests/behaviour.rs does (normally, then with
EMBER_GC_STRESS=1 unless the test opts out), then rewrites xfail.txt: tests that now pass are
removed, tests that fail are listed, keeping an existing reason or writing one that says how
the test fails (normal run or stress-only) and the first differing line. Review the diff of
xfail.txt before committing: every new line is a regression or a known gap, and should say
which.

usage: python3 tests/xfail_sync.py [--ember target/release/ember] [--jobs N]
"""

import argparse
import concurrent.futures
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
PY = os.path.join(ROOT, "py")
XFAIL = os.path.join(PY, "xfail.txt")


def tests():
    for area in sorted(os.listdir(PY)):
        d = os.path.join(PY, area)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".py") and not name.startswith("_"):
                yield f"{area}/{name}"


def expected(rel):
    with open(os.path.join(PY, rel[:-3] + ".out"), encoding="utf-8", errors="replace") as f:
        return f.read()


def run(ember, rel, stress, timeout):
    d = os.path.join(PY, os.path.dirname(rel))
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1",
               PYTHONIOENCODING="utf-8")
    if stress:
        env["EMBER_GC_STRESS"] = "1"
    else:
        env.pop("EMBER_GC_STRESS", None)
    try:
        p = subprocess.run([ember, os.path.basename(rel)], cwd=d, env=env,
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "<timeout>"
    prefix = d + "/"
    out = p.stdout.decode("utf-8", "replace").replace(prefix, "")
    err = p.stderr.decode("utf-8", "replace").replace(prefix, "")
    if err or p.returncode:
        if out and not out.endswith("\n"):
            out += "\n"
        out += "--- stderr ---\n" + err + f"--- exit {p.returncode} ---\n"
    return out


def first_difference(exp, act):
    e, a = exp.splitlines(), act.splitlines()
    for i in range(max(len(e), len(a))):
        x = e[i] if i < len(e) else "<end>"
        y = a[i] if i < len(a) else "<end>"
        if x != y:
            return f"line {i + 1}: expected {x[:60]!r}, got {y[:60]!r}"
    return "output differs"


def check(ember, rel):
    exp = expected(rel)
    act = run(ember, rel, False, 30)
    if act != exp:
        return rel, "fails: " + first_difference(exp, act)
    with open(os.path.join(PY, rel), encoding="utf-8", errors="replace") as f:
        first = f.readline()
    if "ember: no-stress" in first:
        return rel, None
    act = run(ember, rel, True, 120)
    if act != exp:
        return rel, "fails only under EMBER_GC_STRESS=1: " + first_difference(exp, act)
    return rel, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ember", default=os.path.join(ROOT, "..", "target", "release", "ember"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    old = {}
    if os.path.exists(XFAIL):
        for line in open(XFAIL, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                path, _, reason = line.partition("#")
                old[path.strip()] = reason.strip()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        results = dict(ex.map(lambda r: check(args.ember, r), tests()))
    lines = []
    for rel in sorted(results):
        why = results[rel]
        if why is None:
            continue
        reason = old.get(rel)
        if not reason or reason == "not yet run by ember":
            reason = why
        lines.append(f"{rel} # {reason}")
    header = ("# Behaviour tests ember does not pass yet, one per line with the reason.\n"
              "# A listed test that passes fails the suite: delete its line. Regenerate\n"
              "# with `python3 tests/xfail_sync.py` and review the diff.\n")
    with open(XFAIL, "w", encoding="utf-8") as f:
        f.write(header + "\n".join(lines) + ("\n" if lines else ""))
    passed = sum(1 for v in results.values() if v is None)
    print(f"{passed} pass, {len(lines)} listed in xfail.txt", file=sys.stderr)


if __name__ == "__main__":
    main()

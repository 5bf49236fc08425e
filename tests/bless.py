#!/usr/bin/env python3
"""Bless ember's behaviour tests: run each test under CPython 3.11, write its `.out`.

Usage:
    python3 tests/bless.py                     # re-bless every test
    python3 tests/bless.py basics control      # whole areas
    python3 tests/bless.py tests/py/basics/hello.py errors/deep_traceback.py
    python3 tests/bless.py --python /usr/bin/python3.11 ...

The `.out` files are the spec that `tests/behaviour.rs` compares ember against,
byte for byte.  They are produced ONLY by this script; never edit one by hand.

Conventions (mirrored exactly by tests/behaviour.rs; change both together):

* A test is a file `tests/py/<area>/<name>.py` whose name does not start with
  `_`.  Helper modules that tests import live next to them with a leading `_`
  (`tests/py/modules/_helper.py`), and helper packages are subdirectories
  (`tests/py/modules/pkg_demo/`).  Neither is run on its own.
* Each test runs with cwd = its own directory, argv = [python3, "<name>.py"],
  stdin = /dev/null and an environment that is the caller's minus every
  `PYTHON*` variable, plus PYTHONHASHSEED=0, PYTHONDONTWRITEBYTECODE=1 and
  PYTHONIOENCODING=utf-8.
* CPython 3.9+ makes the main script's path absolute (`__file__`, traceback
  `File "..."` lines), so every occurrence of "<absolute test dir>/" in stdout
  and stderr is replaced by "" before comparing.  Traceback lines thus read
  `File "name.py", line N` (or `File "pkg_demo/sub.py"` for helpers), and a VM
  that prints the relative path directly matches too.
* `.out` format: the exact stdout; then, only if stderr is non-empty or the
  exit status is non-zero, a line `--- stderr ---`, the exact stderr, and a
  line `--- exit N ---` (N is negative for death by signal N).  If stdout or
  stderr does not end in a newline, one is added before the marker line.
"""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
PY_DIR = os.path.join(ROOT, "py")
TIMEOUT = 60


def is_test(path):
    """True if `path` (absolute) is a test file by the convention above."""
    rel = os.path.relpath(path, PY_DIR)
    parts = rel.split(os.sep)
    return (
        len(parts) == 2
        and parts[1].endswith(".py")
        and not parts[1].startswith("_")
        and not parts[0].startswith((".", "_"))
    )


def all_tests():
    out = []
    for area in sorted(os.listdir(PY_DIR)):
        adir = os.path.join(PY_DIR, area)
        if not os.path.isdir(adir):
            continue
        for name in sorted(os.listdir(adir)):
            p = os.path.join(adir, name)
            if os.path.isfile(p) and is_test(p):
                out.append(p)
    return out


def select(args):
    tests = all_tests()
    if not args:
        return tests
    chosen = []
    for a in args:
        cands = [a, os.path.join(PY_DIR, a)]
        hit = None
        for c in cands:
            c = os.path.abspath(c)
            if os.path.isdir(c):
                hit = [t for t in tests if t.startswith(c + os.sep)]
                break
            if os.path.isfile(c):
                if not is_test(c):
                    sys.exit("bless.py: %s is not a test (helper module?)" % a)
                hit = [c]
                break
        if hit is None:
            sys.exit("bless.py: no such test or area: %s" % a)
        for t in hit:
            if t not in chosen:
                chosen.append(t)
    return chosen


def child_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def normalise(data, dirs):
    for d in dirs:
        data = data.replace(d.encode() + b"/", b"")
    return data


def format_out(stdout, stderr, code):
    out = stdout
    if stderr or code != 0:
        if out and not out.endswith(b"\n"):
            out += b"\n"
        out += b"--- stderr ---\n" + stderr
        if stderr and not stderr.endswith(b"\n"):
            out += b"\n"
        out += b"--- exit %d ---\n" % code
    return out


def run_one(python, test):
    d = os.path.dirname(test)
    dirs = sorted({d, os.path.realpath(d)}, key=len, reverse=True)
    try:
        p = subprocess.run(
            [python, os.path.basename(test)],
            cwd=d,
            env=child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        sys.exit("bless.py: %s timed out after %ds" % (test, TIMEOUT))
    return format_out(normalise(p.stdout, dirs), normalise(p.stderr, dirs), p.returncode)


def resolve_python(python):
    """Resolve a pyenv shim or PATH name to the real interpreter, check it is 3.11."""
    try:
        info = subprocess.run(
            [python, "-c", "import sys; print(sys.executable); print(sys.implementation.name, *sys.version_info[:2])"],
            stdout=subprocess.PIPE, check=True, text=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("bless.py: cannot run %s: %s" % (python, e))
    exe, ver = info[0], info[1]
    if ver != "cpython 3 11":
        sys.exit("bless.py: the oracle must be CPython 3.11, %s is %s" % (python, ver))
    return exe


def main(argv):
    python = "python3"
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--python":
            python = argv[i + 1]
            i += 2
        elif argv[i] in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            args.append(argv[i])
            i += 1
    exe = resolve_python(python)
    tests = select(args)
    changed = new = same = 0
    for t in tests:
        rel = os.path.relpath(t, PY_DIR)
        data = run_one(exe, t)
        out_path = t[:-3] + ".out"
        old = None
        if os.path.exists(out_path):
            with open(out_path, "rb") as f:
                old = f.read()
        if old == data:
            same += 1
            continue
        with open(out_path, "wb") as f:
            f.write(data)
        if old is None:
            new += 1
            print("new      %s" % rel)
        else:
            changed += 1
            print("changed  %s" % rel)
            import difflib
            diff = difflib.unified_diff(
                old.decode("utf-8", "replace").splitlines(True),
                data.decode("utf-8", "replace").splitlines(True),
                "old/" + rel[:-3] + ".out", "new/" + rel[:-3] + ".out",
            )
            sys.stdout.writelines("    " + line if line.endswith("\n") else "    " + line + "\n" for line in diff)
    # .out files whose test is gone are stale; report them (never delete silently).
    for area in sorted(os.listdir(PY_DIR)):
        adir = os.path.join(PY_DIR, area)
        if os.path.isdir(adir):
            for name in sorted(os.listdir(adir)):
                if name.endswith(".out") and not os.path.exists(os.path.join(adir, name[:-4] + ".py")):
                    print("orphan   %s/%s (no matching .py; delete it)" % (area, name))
    print("bless: %d tests, %d new, %d changed, %d unchanged (oracle %s)" % (len(tests), new, changed, same, exe))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

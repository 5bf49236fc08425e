"""A small stand-in for pyperf, so pyperformance benchmark files run unchanged on ember.

Each pyperformance `run_benchmark.py` does `import pyperf`, builds a `pyperf.Runner`
and hands it a function to time. This module is found first on `PYTHONPATH`
(`bench/run.py` sets it) and does just enough of that API to time the function:

* loops per timed run come from the environment variable EMBER_BENCH_LOOPS
  (default 1) and timed runs from EMBER_BENCH_REPEAT (default 3); one untimed
  warm-up run comes first;
* each benchmark prints one line on stdout:
  `RESULT <name> loops=<N> times=<t1,t2,...>` with the seconds of each timed
  run (all N loops together).

It must run on a young VM, so it sticks to plain functions and classes, string
concatenation (no f-strings, format specs or `**` unpacking), and imports only
`sys` and `time` at the top. Reading the environment needs one more module: the
native `posix` (what `os` is built on), imported lazily; `os` is the fallback.
"""

import sys
import time

perf_counter = time.perf_counter


def python_implementation():
    return sys.implementation.name


def _getenv(name, default):
    try:
        import posix
        value = posix.environ.get(name.encode())
        if value is not None:
            return value.decode()
        return default
    except ImportError:
        import os
        return os.environ.get(name, default)


def _argv_setting(name):
    # bench/run.py passes `--ember-loops=N --ember-repeat=N` on the command line, so the
    # shim needs nothing beyond sys (a young VM may not have os/posix yet).
    prefix = "--" + name + "="
    for a in sys.argv[1:]:
        if a.startswith(prefix):
            return a[len(prefix):]
    return None


def _settings():
    loops = _argv_setting("ember-loops")
    if loops is None:
        loops = _getenv("EMBER_BENCH_LOOPS", "1")
    repeat = _argv_setting("ember-repeat")
    if repeat is None:
        repeat = _getenv("EMBER_BENCH_REPEAT", "3")
    loops = int(loops)
    repeat = int(repeat)
    if loops < 1:
        loops = 1
    if repeat < 1:
        repeat = 1
    return loops, repeat


class _Namespace:
    pass


class _ArgParser:
    """Records add_argument() calls; parse_args() returns their defaults."""

    def __init__(self):
        self.dests = []

    def add_argument(self, *names, type=None, default=None, choices=None, nargs=None,
                     action=None, help=None, metavar=None, dest=None):
        if dest is None:
            dest = names[0]
            for n in names:
                if n.startswith("--"):
                    dest = n
                    break
            dest = dest.lstrip("-").replace("-", "_")
        if action == "store_true" and default is None:
            default = False
        elif action == "store_false" and default is None:
            default = True
        elif nargs in ("*", "+") and default is None:
            default = []
        if type is not None and isinstance(default, str):
            default = type(default)
        self.dests.append((dest, default))


class Runner:
    def __init__(self, values=None, processes=None, loops=0, min_time=0.1, metadata=None,
                 show_name=True, program_args=None, add_cmdline_args=None, _argparser=None,
                 warmups=1):
        self.metadata = {}
        if metadata is not None:
            for key in metadata:
                self.metadata[key] = metadata[key]
        self.argparser = _ArgParser()
        self.args = None

    def parse_args(self, args=None):
        ns = _Namespace()
        for pair in self.argparser.dests:
            setattr(ns, pair[0], pair[1])
        self.args = ns
        return ns

    def _run(self, name, timed_run):
        if self.args is None:
            self.parse_args()
        settings = _settings()
        loops = settings[0]
        repeat = settings[1]
        timed_run(loops)
        times = []
        for i in range(repeat):
            times.append(str(timed_run(loops)))
        print("RESULT " + name + " loops=" + str(loops) + " times=" + ",".join(times))
        sys.stdout.flush()

    def bench_func(self, name, func, *args, inner_loops=None):
        def timed_run(loops):
            t0 = perf_counter()
            for i in range(loops):
                func(*args)
            return perf_counter() - t0
        self._run(name, timed_run)

    def bench_time_func(self, name, func, *args, inner_loops=None):
        def timed_run(loops):
            return func(loops, *args)
        self._run(name, timed_run)

    def bench_async_func(self, name, func, *args, inner_loops=None):
        raise NotImplementedError("bench_async_func needs an event loop; not supported by the ember shim")

    def bench_command(self, name, command):
        raise NotImplementedError("bench_command is not supported by the ember shim")

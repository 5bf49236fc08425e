"""A small benchmark of the _sre engine that runs unchanged under CPython 3.11 and ember
(it drives _sre.compile with code lists CPython's compiler produced, so it needs no `re`):

    python3 stdlib/src/sre/bench_sre.py
    $CARGO_TARGET_DIR/release/ember stdlib/src/sre/bench_sre.py

Each line is the best of 3 runs, in seconds.
"""
import _sre
import time

ARGS = [('\\w+', 32, [14, 4, 0, 1, 4294967295, 24, 9, 1, 4294967295, 13, 4, 8, 14, 0, 1, 1], 0, {}, (None,)), ('(\\w+)@(\\w+)\\.com', 32, [14, 4, 0, 7, 4294967295, 17, 0, 24, 9, 1, 4294967295, 13, 4, 8, 14, 0, 1, 17, 1, 16, 64, 17, 2, 24, 9, 1, 4294967295, 13, 4, 8, 14, 0, 1, 17, 3, 16, 46, 16, 99, 16, 111, 16, 109, 1], 2, {}, (None, None, None)), ('[aeiou]{2}', 32, [14, 4, 0, 2, 2, 24, 16, 2, 2, 13, 11, 9, 0, 0, 0, 2130466, 0, 0, 0, 0, 0, 1, 1], 0, {}, (None,)), ('\\bthe\\b', 32, [14, 4, 0, 3, 3, 6, 10, 16, 116, 16, 104, 16, 101, 6, 10, 1], 0, {}, (None,)), ('(?i)THE', 34, [14, 4, 0, 3, 3, 40, 116, 40, 104, 40, 101, 1], 0, {}, (None,)), ('\\d+\\.\\d+', 32, [14, 4, 0, 3, 4294967295, 24, 9, 1, 4294967295, 13, 4, 8, 10, 0, 1, 16, 46, 24, 9, 1, 4294967295, 13, 4, 8, 10, 0, 1, 1], 0, {}, (None,))]

WORDS = ["alpha", "beta", "the", "gamma", "x@y.com", "3.14", "delta", "queue", "aeon"]
TEXT = " ".join(WORDS[i % len(WORDS)] for i in range(180000))[:1000000]
UTEXT = TEXT.replace("alpha", "\u00e4lpha")


def best(f):
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        r = f()
        times.append(time.perf_counter() - t0)
    return min(times), r


def main():
    print("subject: %d chars" % len(TEXT))
    for args in ARGS:
        p = _sre.compile(*args)
        t, r = best(lambda: p.findall(TEXT))
        print("findall  %-20s %7d matches  %.4f" % (args[0], len(r), t))
    w = _sre.compile(*ARGS[0])
    for name, f in [
        ("finditer+group", lambda: [m.group() for m in w.finditer(TEXT)]),
        ("sub", lambda: w.sub("W", TEXT)),
        ("split", lambda: w.split(TEXT)),
        ("findall non-ASCII", lambda: w.findall(UTEXT)),
        ("finditer+group non-ASCII", lambda: [m.group() for m in w.finditer(UTEXT)]),
        ("match x 180k short strs", lambda: sum(1 for s in WORDS * 20000 if w.match(s))),
    ]:
        t, r = best(f)
        print("%-33s %7d  %.4f" % (name, len(r) if not isinstance(r, int) else r, t))


main()

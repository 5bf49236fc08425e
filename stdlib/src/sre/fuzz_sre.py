"""Differential fuzzer for ember's _sre against CPython 3.11 (a development tool).

Prints a program that compiles random patterns with CPython's re compiler into _sre code
lists and runs match/search/fullmatch/findall/finditer/split/subn over random subjects.
Run the program under both and compare:

    python3 stdlib/src/sre/fuzz_sre.py SEED COUNT [bytes] > /tmp/f.py
    python3 /tmp/f.py > /tmp/cp.out; $CARGO_TARGET_DIR/release/ember /tmp/f.py > /tmp/em.out
    diff /tmp/cp.out /tmp/em.out

Some seeds produce catastrophically backtracking patterns; run CPython under `timeout`.
"""
import random, sys, re
from re import _parser, _compiler
seed = int(sys.argv[1]); n = int(sys.argv[2])
BYTES = len(sys.argv) > 3 and sys.argv[3] == "bytes"
R = random.Random(seed)
def atom(d, groups):
    r = R.random()
    if d > 3 or r < 0.35:
        return R.choice(["a", "b", "c", ".", "[ab]", "[^a]", r"\w", r"\W", r"\d", "x", "A", "[a-c]", r"\s"])
    if r < 0.45:
        return R.choice([r"\b", r"\B", "^", "$", r"\A", r"\Z"])
    if r < 0.55:
        return "(?=%s)" % alt(d + 1, groups) if R.random() < .5 else "(?!%s)" % alt(d + 1, groups)
    if r < 0.6:
        return R.choice(["(?<=a)", "(?<!b)", "(?<=ab)", "(?<!a|b)", "(?<=(a))"])
    if r < 0.75:
        groups.append(1)
        return "(%s)" % alt(d + 1, groups)
    if r < 0.82:
        return "(?:%s)" % alt(d + 1, groups)
    if r < 0.86:
        return "(?>%s)" % alt(d + 1, groups)
    if r < 0.93 and groups:
        return "\\%d" % R.randint(1, len(groups))
    if groups:
        return "(?(%d)%s|%s)" % (R.randint(1, len(groups)), seq(d + 1, groups), seq(d + 1, groups))
    return "a"
def quant(x):
    r = R.random()
    if r < 0.6: return x
    q = R.choice(["*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}"])
    m = R.choice(["", "", "?", "+"])
    return x + q + m
def seq(d, groups):
    return "".join(quant(atom(d, groups)) for _ in range(R.randint(1, 3)))
def alt(d, groups):
    return "|".join(seq(d, groups) for _ in range(R.randint(1, 2)))
cases = []
while len(cases) < n:
    g = []
    p = alt(0, g)
    flags = R.choice([0, 0, re.I, re.M, re.S, re.I | re.M] + ([re.L, re.L | re.I] if BYTES else []))
    if BYTES:
        p = p.encode()
    try:
        pp = _parser.parse(p, flags)
        code = [int(c) for c in _compiler._code(pp, flags)]
    except Exception:
        continue
    gi = dict(pp.state.groupdict); ig = [None] * pp.state.groups
    if BYTES:
        subs = [bytes(R.choice(b"aabbcx A\n1_\xe9\xc9\xff") for _ in range(R.randint(0, 12))) for _ in range(4)]
    else:
        subs = ["".join(R.choice("aabbcx A\n1éÉßſKk\u212a_") for _ in range(R.randint(0, 12))) for _ in range(4)]
    cases.append(((p, int(flags | pp.state.flags), code, pp.state.groups - 1, gi, tuple(ig)), subs))
print("import _sre")
print("CASES = %r" % cases)
print('''
def show(m):
    return None if m is None else (m.span(), m.groups(), m.lastindex)
for args, subs in CASES:
    try:
        p = _sre.compile(*args)
    except Exception as e:
        print(repr(args[0]), "compile", type(e).__name__); continue
    for s in subs:
        out = []
        for f in (lambda: show(p.match(s)), lambda: show(p.search(s)), lambda: show(p.fullmatch(s)),
                  lambda: p.findall(s), lambda: [show(m) for m in p.finditer(s, 1)],
                  lambda: p.split(s), lambda: p.subn(s[:0] + (b"-" if isinstance(s, bytes) else "-"), s), lambda: show(p.search(s, 2, 9))):
            try:
                out.append(f())
            except Exception as e:
                out.append(type(e).__name__)
        print(repr(args[0]), args[1], repr(s), out)
''')

"""Generates tests/py/stdlib/sre_engine.py (run with CPython 3.11 from the repository root:
`python3 stdlib/src/sre/gen_sre_engine_test.py > tests/py/stdlib/sre_engine.py`).

The generated test drives `_sre.compile` directly with the code lists CPython 3.11's
compiler produces, so it needs neither `re` nor python3 at run time, and runs unchanged
under CPython (whose `_sre` accepts the same code) to bless its output.
"""
import re
from re import _compiler, _parser

CASES = [
    # (pattern, flags, [(method, subject, *args)])
    (r"abc", 0, [("search", "xxabcxx"), ("match", "abc"), ("match", "xabc"), ("fullmatch", "abcd"), ("findall", "abcabc")]),
    (r"a|b|cd", 0, [("findall", "xacdbz"), ("search", "zzcd")]),
    (r"(a+)(?P<x>b*)c", 0, [("search", "xaabbc"), ("search", "ac"), ("findall", "abc aac c"), ("split", "1abc2ac3")]),
    (r"(a|b)*c", 0, [("match", "ababc"), ("match", "c"), ("search", "xxabx")]),
    (r"(a|ab)(c|bcd)(d*)", 0, [("match", "abcd")]),
    (r"(?:a*)*b", 0, [("match", "aaab"), ("match", "aaa")]),
    (r"(a*)+b", 0, [("match", "aab")]),
    (r"(a*?)+?b", 0, [("match", "aab")]),
    (r"(?:x|(y))*z", 0, [("match", "xyxz"), ("match", "yxz")]),
    (r"(a)|(b)", 0, [("match", "b"), ("finditer", "ab")]),
    (r"a.c", 0, [("findall", "abc a\nc a c")]),
    (r"a.c", re.S, [("findall", "abc a\nc a c")]),
    (r"^\w+$", re.M, [("findall", "foo\nbar baz\nqux\n")]),
    (r"^", re.M, [("findall", "a\nb\n"), ("sub", "#", "a\nb\n")]),
    (r"$", 0, [("findall", "a\nb\n"), ("search", "ab\n")]),
    (r"\Aab\Z", 0, [("search", "ab"), ("search", "ab\n")]),
    (r"\bfoo\b", 0, [("findall", "foo foobar (foo) barfoo foo")]),
    (r"\Bo\B", 0, [("findall", "foo boo o")]),
    (r"\d+", 0, [("findall", "a12b345c\u0661\u0662"), ("findall", "٣4")]),
    (r"\d+", re.A, [("findall", "a12b345c\u0661\u0662")]),
    (r"\s+", 0, [("split", "a b\tc\u2003d\x1ce")]),
    (r"\s+", re.A, [("split", "a b\tc\u2003d\x1ce")]),
    (r"\w+", 0, [("findall", "héllo wörld_1 ĳ ǅ ٣ ½")]),
    (r"\w+", re.A, [("findall", "héllo wörld_1")]),
    (r"\W+", 0, [("split", "a, b;c")]),
    (r"[a-z]+", 0, [("findall", "Hello World")]),
    (r"[a-z]+", re.I, [("findall", "Hello World ſ K")]),
    (r"[^a-z ]+", 0, [("findall", "Hello World 42!")]),
    (r"[\d\s]+", 0, [("findall", "a 1 2b")]),
    (r"[\u0400-\u04ff]+", 0, [("findall", "abc привет мир")]),
    (r"[\u0400-\u04ff]+", re.I, [("findall", "ПРИВЕТ мир")]),
    (r"[α-ω]+", re.I, [("findall", "ΑΒΓ δεζ Σς")]),
    (r"[ǅ-ǆ]", re.I, [("findall", "Ǆǅǆ")]),
    (r"[\U0001F600-\U0001F64F]", 0, [("findall", "a😀b😎c🙏")]),
    (r"[ab\u1234\U00012345]", 0, [("findall", "a\u1234\U00012345c")]),
    ("[" + "".join(chr(c) for c in range(0x100, 0x2000, 37)) + "]+", 0, [("findall", "".join(chr(c) for c in range(0x100, 0x400)))]),
    (r"[^\u0100-\u0200]+", 0, [("findall", "ab\u0150cd\u0300")]),
    (r"hello", re.I, [("search", "Say HELLO"), ("findall", "hElLo HELLO hello")]),
    (r"straße", re.I, [("search", "STRASSE"), ("search", "STRAßE")]),
    (r"i", re.I, [("findall", "iIİı")]),
    (r"K", re.I, [("findall", "kK\u212a")]),
    (r"\u0130", re.I, [("findall", "iIİı")]),
    (r"ſ", re.I, [("findall", "sSſ")]),
    (r"σ", re.I, [("findall", "σςΣ")]),
    (r"(a)(b)?\2", 0, [("search", "aa abb ab")]),
    (r"(\w+) \1", 0, [("findall", "hello hello world world foo bar")]),
    (r"(\w+) \1", re.I, [("findall", "Hello HELLO ÉTÉ été")]),
    (r"(?P<q>['\"]).*?(?P=q)", 0, [("findall", "say 'hi' and \"bye\"")]),
    (r"(a)?(?(1)b|c)", 0, [("findall", "ab c ac b")]),
    (r"(?P<o><)?\w+(?(o)>)", 0, [("findall", "<a> b <c d>")]),
    (r"foo(?=bar)", 0, [("search", "foobaz foobar")]),
    (r"foo(?!bar)", 0, [("search", "foobar foobaz")]),
    (r"(?<=\$)\d+", 0, [("findall", "$10 20 $30")]),
    (r"(?<!\$)\b\d+", 0, [("findall", "$10 20 $30")]),
    (r"(?<=(a))b", 0, [("search", "ab")]),
    (r"(?<!(a))b", 0, [("search", "cb")]),
    (r"a*?b", 0, [("match", "aaab")]),
    (r"a+?", 0, [("findall", "aaa")]),
    (r"a{2,3}", 0, [("findall", "aaaaaaa")]),
    (r"a{2,3}?", 0, [("findall", "aaaaaaa")]),
    (r"(ab){2,}", 0, [("search", "abababab")]),
    (r"(ab){2,3}?c", 0, [("search", "abababc")]),
    (r"(?:ab){0,2}?b", 0, [("match", "ababb")]),
    (r"a*+a", 0, [("match", "aaa")]),
    (r"a++b", 0, [("match", "aab")]),
    (r"(?:ab)*+ab", 0, [("match", "ababab")]),
    (r"(?:ab)*+c", 0, [("match", "ababc")]),
    (r"(ab|a)*+b", 0, [("match", "abab")]),
    (r"(?>ab|a)b", 0, [("match", "ab"), ("match", "abb")]),
    (r"(?>a+)b", 0, [("match", "aab")]),
    (r"(?>(a+))a", 0, [("match", "aaa")]),
    (r"x{2}+", 0, [("findall", "xxxxx")]),
    (r"(?:a|b)?+c", 0, [("findall", "ac bc c")]),
    (r"", 0, [("findall", "abc"), ("split", "abc"), ("sub", "-", "abc")]),
    (r"x*", 0, [("findall", "axxb"), ("split", "axxb"), ("sub", "-", "axxb"), ("subn", "-", "axxb")]),
    (r"\b", 0, [("split", "ab cd"), ("findall", "ab cd")]),
    (r"(?m)$", 0, [("sub", "!", "a\nb\nc")]),
    (r"(x)|(y)", 0, [("split", "axbyc"), ("sub", "", "axbyc")]),
    (r"(,)", 0, [("split", "a,b,c", 1), ("split", "a,b,c", 0), ("split", "a,b,c", -1)]),
    (r"a", 0, [("sub", "b", "aaa", 2), ("subn", "b", "aaa", -1), ("subn", "b", "xyz")]),
    (r"\d", 0, [("subcall", "a1b22c333")]),
    (r"(?P<w>\w)(\w)?", 0, [("subcall", "ab c de")]),
    (r"[aeiou]", 0, [("subcall", "education")]),
    (r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", 0, [("search", "abcdefghijk")]),
    (r"(?:(a)|b)+", 0, [("match", "ab"), ("match", "ba")]),
    (r"(?:(a)|(b))+", 0, [("match", "abab")]),
    (r"((a)|b)+", 0, [("match", "ab")]),
    (r"(a|b)*?c", 0, [("match", "abac")]),
    (r"((?:a|b)*?)(c+)", 0, [("match", "abcc")]),
    (r"^(?:(\d+)\.)?(\d+)$", 0, [("match", "12.34"), ("match", "56")]),
    (r"(?i)(?:[a-c]|d)+", 0, [("findall", "ABCDxabcd")]),
    (r"(?x) a  b # comment\n c", 0, [("search", "abc")]),
    (r"(?s:.)(?-s:.)", 0, [("findall", "\n\na\n")]),
    (r"(?i:a)b", 0, [("findall", "ab Ab aB AB")]),
    (r"[\w-]+@[\w.]+", 0, [("findall", "mail bob@x.org, ann-l@y.co.uk.")]),
    (r"(\d{4})-(\d{2})-(\d{2})", 0, [("finditer", "2020-01-02 and 1999-12-31")]),
    (r"(?P<key>\w+)=(?P<val>[^;]*);?", 0, [("finditer", "a=1;bb=;c=33")]),
    (r"a|", 0, [("findall", "bab")]),
    (r"(?:a|())*", 0, [("match", "aa")]),
    (r"(a?)*", 0, [("match", "aa")]),
    (r"(a?)+?", 0, [("match", "aa")]),
    (r"((a)|(b))*?c", 0, [("match", "abc")]),
    (r"(?:(?=a)a)+", 0, [("findall", "aaba")]),
    (r"\n\t\x41\u0042\U00000043\101", 0, [("search", "\n\tABCA")]),
    (r"[\]\-\^]+", 0, [("findall", "a]-^b")]),
    (r"(?#comment)x", 0, [("findall", "xx")]),
    (r".*", 0, [("findall", "ab\ncd")]),
    (r".*?", 0, [("findall", "ab")]),
    (r"(?:.*)*", 0, [("match", "abc")]),
    (r"(.)(?=(.))", 0, [("findall", "abc")]),
    (r"\Z", 0, [("search", "ab")]),
    (r"(?<=ab)c|(?<=x)y", 0, [("findall", "abc xy ac")]),
    (r"[^\W\d_]+", 0, [("findall", "ab1_cd é")]),
    (b"ab+", 0, [("search", b"xabbb"), ("findall", b"ab abb a"), ("search", bytearray(b"xab"))]),
    (b"[\\x80-\\xff]+", 0, [("findall", b"a\x80\xffb\x7f")]),
    (b"\\w+", 0, [("findall", b"caf\xe9 ok_1")]),
    (b"\\w+", re.L, [("findall", b"caf\xe9 OK_1")]),
    (b"ok", re.L | re.I, [("findall", b"OK ok Ok")]),
    (b"[a-z]+", re.L | re.I, [("findall", b"ABC def")]),
    (b"(a)\\1", re.L | re.I, [("findall", b"aA Aa")]),
    (b"\\bx\\b", re.L, [("findall", b"x xx x")]),
    (b"\\s+", 0, [("split", b"a b\tc\x1cd")]),
    (b"(x)(y)?", 0, [("subcall", b"axbxyc")]),
    (b"a", 0, [("sub", b"b", b"aca"), ("sub", b"b", bytearray(b"aca"))]),
    (r"\u00e9", re.I, [("findall", "éÉ")]),
    (r"[\u00e0-\u00ff]+", re.I, [("findall", "ÀÉÎõü")]),
    (r"(?u)\w+", 0, [("findall", "ab€cd")]),
    (r"[^a]", re.I, [("findall", "aAbB")]),
    (r"[^ab]+", re.I, [("findall", "ABcdAB")]),
    (r"[\s\S]", 0, [("findall", "a\n")]),
    (r"(?:a+|b+)*c", 0, [("match", "aabbac")]),
    (r"(?:a+|b+)*?c", 0, [("match", "aabbac")]),
    (r"(a)b(?=c)|(a)(?=b)", 0, [("finditer", "abc ab")]),
    # CPython's engine leaves a group ending before it starts here, and says so.
    (r"..|((\sa*+|((?>\dA{2}?|\d)(?<=a)?)){1,3}?|.{1,3}){2,}+(?<=a)*", 0,
     [("fullmatch", "ékÉax\néßAx"), ("findall", "ékÉax\néßAx"), ("split", "ékÉax\néßAx"),
      ("subn", "-", "ékÉax\néßAx")]),
]


def compile_args(p, flags):
    pp = _parser.parse(p, flags)
    code = [int(c) for c in _compiler._code(pp, flags)]
    groupindex = dict(pp.state.groupdict)
    indexgroup = [None] * pp.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (p, int(flags | pp.state.flags), code, pp.state.groups - 1, groupindex, tuple(indexgroup))


MUTANTS_SRC = """
def mutants(code):
    for i in range(len(code)):
        for v in (0, 1, (code[i] + 1) & 0xFFFFFFFF, code[i] - 1 if code[i] else 7, 0xFFFFFFFF):
            c = list(code)
            c[i] = v
            yield c
    for n in range(len(code)):
        yield code[:n]
"""


def crashing_mutants(args):
    """Indices of the mutants of args' code that crash CPython's validator."""
    import subprocess, sys
    pattern, flags, code, groups, gi, ig = args
    crash = set()
    start = 0
    while True:
        prog = MUTANTS_SRC + (
            "import _sre, sys\n"
            "for j, c in enumerate(mutants(%r)):\n"
            "    if j < %d or j in %r: continue\n"
            "    try: _sre.compile(%r, %r, c, %r, %r, %r)\n"
            "    except RuntimeError: pass\n"
            "    print(j, flush=True)\n" % (code, start, crash, pattern, flags, groups, gi, ig))
        r = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True)
        done = [int(x) for x in r.stdout.split()]
        if r.returncode == 0:
            return sorted(crash)
        bad = (done[-1] + 1) if done else start
        while bad in crash:
            bad += 1
        crash.add(bad)
        start = bad + 1


def main():
    out = []
    w = out.append
    w("# Generated by stdlib/src/sre/gen_sre_engine_test.py from CPython 3.11's re compiler;")
    w("# do not edit. Drives _sre directly (no `re` import), so it also runs under CPython.")
    w("import _sre")
    w("")
    w("CASES = [")
    for p, flags, ops in CASES:
        w("    (%r, %r)," % (compile_args(p, flags), ops))
    w("]")
    w("")
    w("# (case index, mutant indices that crash CPython's validator)")
    w("MUTATE = [")
    for k in range(0, len(CASES), 4):
        w("    (%d, %r)," % (k, crashing_mutants(compile_args(*CASES[k][:2]))))
    w("]")
    w(DRIVER)
    print("\n".join(out))


DRIVER = r'''

def show(m):
    if m is None:
        return "None"
    return "%r span=%r groups=%r lastindex=%r lastgroup=%r gd=%r" % (
        m.group(), m.span(), m.groups(), m.lastindex, m.lastgroup, m.groupdict())


def subcall(m):
    return "<" + "|".join(str(g) for g in m.groups("-")) + ":" + str(m.span()) + ">" if isinstance(m.string, str) else b"<" + m.group() + b">"


def run(p, op):
    name, subj, *rest = op
    if name in ("search", "match", "fullmatch"):
        return show(getattr(p, name)(subj, *rest))
    if name == "finditer":
        return [show(m) for m in p.finditer(subj, *rest)]
    if name == "findall":
        return p.findall(subj, *rest)
    if name == "split":
        return p.split(subj, *rest)
    if name in ("sub", "subn"):
        return getattr(p, name)(subj, rest[0], *rest[1:])
    if name == "subcall":
        return p.subn(subcall, subj)
    raise ValueError(name)


for args, ops in CASES:
    p = _sre.compile(*args)
    print(repr(p), p.groups, sorted(p.groupindex.items()))
    for op in ops:
        try:
            print("  ", op[0], repr(op[1])[:40], "->", run(p, op))
        except Exception as e:
            print("  ", op[0], "raised", type(e).__name__, e)


# Case tables: digests over every code point.
lo = [c for c in range(0x110000) if _sre.unicode_tolower(c) != c]
print("tolower", len(lo), sum(lo), sum(_sre.unicode_tolower(c) for c in lo))
ic = [c for c in range(0x110000) if _sre.unicode_iscased(c)]
print("iscased", len(ic), sum(ic))
print("ascii", [c for c in range(300) if _sre.ascii_iscased(c)] == list(range(65, 91)) + list(range(97, 123)),
      [_sre.ascii_tolower(c) for c in (65, 90, 97, 0xC0, 0x130)])
print(_sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS, _sre.getcodesize())

# The code validator: mutate every word of some compiled patterns and record which
# variants _sre.compile accepts. CPython's own validator crashes on a few mutants (it
# trusts some skips); the generator found those and they are skipped here.
def mutants(code):
    for i in range(len(code)):
        for v in (0, 1, (code[i] + 1) & 0xFFFFFFFF, code[i] - 1 if code[i] else 7, 0xFFFFFFFF):
            c = list(code)
            c[i] = v
            yield c
    for n in range(len(code)):
        yield code[:n]

for k, skip in MUTATE:
    pattern, flags, code, groups, gi, ig = CASES[k][0]
    sig = []
    for j, c in enumerate(mutants(code)):
        if j in skip:
            sig.append("-")
            continue
        try:
            _sre.compile(pattern, flags, c, groups, gi, ig)
            sig.append("1")
        except RuntimeError:
            sig.append("0")
    print(repr(pattern)[:30], "".join(sig))
for bad in ([1, 2, 3], [], [15, 0, 1], [17, 0, 1], [6, 99, 1], [8, 99, 1], [13, 2, 1]):
    try:
        _sre.compile("x", 0, bad, 0, {}, ())
        print(bad, "accepted")
    except RuntimeError as e:
        print(bad, type(e).__name__, e)

# Argument errors.
def attempt(f, *a, **k):
    try:
        return f(*a, **k)
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)
good = CASES[2][0]
print(attempt(_sre.compile, "a", 0, (1,), 0, {}, ()), attempt(_sre.compile, "a", 0, [-1], 0, {}, ()))
print(attempt(_sre.compile, "a", 0, [2**32], 0, {}, ()), attempt(_sre.compile, "a", 0, ["x"], 0, {}, ()))
print(attempt(_sre.compile, "a", 0, [1], 0, [], ()), attempt(_sre.compile, "a", 0, [1], 0, {}, []))
print(attempt(_sre.compile), attempt(_sre.compile, 1, 0, [1], 0, {}, ()))
print(attempt(_sre.compile, pattern="a", flags=0, code=[1], groups=0, groupindex={}, indexgroup=()))
p = _sre.compile(*good)
print(attempt(p.match), attempt(p.match, 1), attempt(p.match, b"a"), attempt(p.match, "a", "b"))
print(attempt(p.search, "a", 0, 1, 3), attempt(p.search, "a", pos=None), attempt(p.findall, string="xac"))
print(attempt(p.split, "a", "x"), attempt(p.sub, "x"), attempt(p.subn, "x", "ac", count="1"))
m = p.search("xaabbc")
print(attempt(m.group, 5), attempt(m.group, "nope"), attempt(m.group, 1.0), attempt(m.start, 9))
print(attempt(m.__getitem__, slice(1)), m.group(True), m["x"], attempt(m.span, "x", 2))
print(attempt(_sre.ascii_tolower, "a"), attempt(_sre.unicode_iscased, 2**40), _sre.unicode_tolower(0x130))
print(_sre.unicode_tolower(-1), _sre.ascii_tolower(-5), _sre.unicode_iscased(-1), _sre.ascii_iscased(-1),
      _sre.unicode_tolower(0x10FFFF + 5), _sre.ascii_tolower(2**31 - 1), attempt(_sre.unicode_tolower, 2**31))
bp = _sre.compile(*CASES[-20][0]) if isinstance(CASES[-20][0][0], bytes) else None
print(type(p).__name__, type(m).__name__, type(p.scanner("")).__name__)
for name in ("Pattern", "Match", "SRE_Scanner"):
    try:
        ({"Pattern": type(p), "Match": type(m), "SRE_Scanner": type(p.scanner(""))}[name])()
    except TypeError as e:
        print(e)

# Long non-ASCII subjects: decoded once, sliced through byte offsets.
words = ["älpha", "beta", "thé", "γάμμα", "x@y.com", "3.14", "😀smile", "queue"]
text = " ".join(words[i % len(words)] for i in range(3000))
w = _sre.compile(*CASES[22][0])  # \w+
ms = list(w.finditer(text))
print(len(ms), [m.group() for m in ms[:9]], ms[-1].span(), ms[-1].group())
print([(m.group(), m.span()) for m in (w.search(text, k) for k in (0, 5, 999, 7000, 20000, 30000)) if m])
print([w.match(text, k) and w.match(text, k).group() for k in range(0, 40, 3)])
pos, toks = 0, []
while True:
    m = w.search(text, pos)
    if m is None:
        break
    toks.append(m.group())
    junk = [str(i) * 3 for i in range(20)]  # allocate between calls
    pos = m.end()
print(len(toks), toks[-3:], toks == [m.group() for m in ms])
print(w.findall(text)[-4:], len(w.split(text)), w.sub("·", text)[-20:])
g = _sre.compile(*CASES[2][0])
print([(m.group(1), m.group("x"), m.span(2)) for m in g.finditer("é" * 300 + "aabbc ac")])

# Long subjects and deep backtracking must not overflow any stack.
s = "ab" * 50000
print(len(_sre.compile(*CASES[3][0]).match(s + "c").group()))
p = _sre.compile(*CASES[3][0])
print(p.match(s + "c").span(1))
print(_sre.compile(*CASES[1][0]).findall("cd" * 1000)[-1])
'''

if __name__ == "__main__":
    main()

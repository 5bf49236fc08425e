# The re module end to end: re's pure-Python parser and compiler over ember's _sre.
import re
import copy


def show(m):
    if m is None:
        return None
    return (m.group(), m.span(), m.groups(), m.groupdict(), m.lastindex, m.lastgroup)


def attempt(f, *args, **kw):
    try:
        return f(*args, **kw)
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)


# search / match / fullmatch
print(show(re.search(r"(\d+)-(\d+)", "tel 555-1234 x")))
print(show(re.match(r"\w+", "hello world")))
print(show(re.match(r"world", "hello world")))
print(show(re.fullmatch(r"\w+", "hello")), show(re.fullmatch(r"\w+", "hello world")))
print(show(re.fullmatch(r"a|ab", "ab")))
p = re.compile(r"o")
print(show(p.search("foo boo", 3)), show(p.search("foo boo", 3, 5)), show(p.match("foo", 1)))
print(show(p.search("foo", -10, 100)), show(p.search("foo", 2, 1)))

# findall / finditer
print(re.findall(r"\b\w", "the quick brown fox"))
print(re.findall(r"(\w)(\w)?", "abc"))
print(re.findall(r"(a)|b", "ab"))
print(re.findall(r"", "abc"))
print([m.span() for m in re.finditer(r"\w+", "one two  three")])
print([show(m) for m in re.finditer(r"(?P<k>\w)=(?P<v>\d)?", "a=1 b= c=3")])
it = re.finditer(r"a", "aXa")
print(type(it).__name__, next(it).span(), next(it).span(), next(it, "done"))

# sub / subn with templates, backreferences and callables
print(re.sub(r"(\w+) (\w+)", r"\2 \1", "hello world, good morning"))
print(re.sub(r"(?P<first>\w)(?P<rest>\w*)", r"\g<rest>\g<first>ay", "pig latin words"))
print(re.sub(r"(\w)", r"\g<0>\g<1>", "ab"))
print(re.sub(r"a", r"\n", "banana") == "b\nn\nn\n")
print(re.sub(r"x*", "-", "abxd"))
print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "1 2 30"))
print(re.subn(r"o", "0", "foo boo"), re.subn(r"o", "0", "foo boo", count=2))
print(re.sub(r"a", "b", "aaa", 1), re.sub("(?i)A", "x", "aAa"))
print(re.sub(r"(a)|b", r"[\1]", "ab"))
print(re.sub(b"(a)", rb"<\1>", b"banana"))
print(attempt(re.sub, r"(a)", r"\2", "a"))
print(attempt(re.sub, r"a", r"\g<x>", "a"))
print(attempt(re.sub, r"a", lambda m: 5, "a"))
print(attempt(re.sub, "a", b"x", "a"))

# split
print(re.split(r"\W+", "Words, words, words."))
print(re.split(r"(\W+)", "Words, words, words."))
print(re.split(r"\W+", "Words, words, words.", maxsplit=1))
print(re.split(r"x*", "axbc"), re.split(r"\b", "a b"))
print(re.split(r"(a)|(b)", "1a2b3"))
print(re.split(rb",", b"a,b,,c"))

# groups, named groups, Match API
m = re.match(r"(?P<first>\w+) (?P<last>\w+)(?P<opt>!)?", "Jane Doe")
print(m.group(0), m.group(1, 2), m.group("last"), m["first"], m[2])
print(m.groups(), m.groups("-"), m.groupdict(), m.groupdict(0))
print(m.start(), m.end(1), m.span("last"), m.span(3), m.start("opt"))
print(m.lastindex, m.lastgroup, m.pos, m.endpos, m.string, m.re.pattern, m.regs)
print(m.expand(r"\g<last>, \1"), repr(m))
print(attempt(m.group, 4), attempt(m.group, "nope"), attempt(m.start, 7))
print(copy.copy(m) is m, copy.deepcopy(m) is m)
print(repr(re.match("a" * 60, "a" * 60)))
print(repr(re.match(b"x+", b"xxx")))
mm = re.match(r"(a)(b)?", "a")
print(mm.lastindex, mm.lastgroup, mm.span(2), mm.group(2))
print(re.match(r"(?:(a)|b)+", "ab").groups(), re.match(r"(a)(?:(b)|c)", "ac").lastindex)

# Pattern API
p = re.compile(r"(?P<w>\w+)\s(\d+)", re.I)
print(p.pattern, p.groups, dict(p.groupindex), type(p.groupindex).__name__, int(p.flags))
print(repr(p), repr(re.compile(r"a+", re.I | re.M)), repr(re.compile(b"x")), repr(re.compile("x", re.A)))
print(repr(re.compile("y" * 250))[-20:])
print(p == re.compile(r"(?P<w>\w+)\s(\d+)", re.I), p == re.compile(r"(?P<w>\w+)\s(\d+)"), p != 1)
print(hash(p) == hash(re.compile(r"(?P<w>\w+)\s(\d+)", re.I)))
print(re.compile("abc") is re.compile("abc"), copy.copy(p) is p, copy.deepcopy(p) is p)
print(re.Pattern[str], re.Match[bytes], type(p) is re.Pattern, type(m) is re.Match)
print(attempt(re.Pattern), attempt(re.Match))
print(show(p.scanner("a 1 b 2").search()), p.scanner("x").pattern is p)
sc = re.compile(r"\d").scanner("1a2")
print(show(sc.match()), show(sc.match()), show(sc.search()), show(sc.search()))

# lookahead / lookbehind, non-greedy, possessive, atomic, conditionals
print(re.findall(r"\w+(?=,)", "a, b, c"), re.findall(r"\w+(?!,)\b", "a, b, c"))
print(re.findall(r"(?<=-)\w+", "x-a y-b"), re.findall(r"(?<!-)\b\w+", "x-a y-b"))
print(re.findall(r"<.*?>", "<a><b>"), re.findall(r"<.*>", "<a><b>"), re.findall(r"a{2,}?", "aaaa"))
print(re.match(r"a*+a", "aaa"), re.match(r"(?>a*)a", "aaa"), re.match(r"a*a", "aaa").span())
print(re.findall(r"(<)?\w+(?(1)>|$)", "<a> b <c"))
print(attempt(re.compile, r"(?<=a+)b"))

# flags
print(re.findall(r"^\w", "ab\ncd", re.M), re.findall(r"^\w", "ab\ncd"))
print(re.findall(r"a.b", "a\nb", re.S), re.findall(r"a.b", "a\nb"))
print(re.findall(r"""\d +  # digits
                     [a-z]""", "12a 3 b 4c", re.X))
print(re.findall(r"\w+", "héllo ça", re.A), re.findall(r"\w+", "héllo ça"))
print(re.findall(r"(?i)straße", "STRASSE Straße"), re.findall(r"[a-zé]+", "ÉtÉ", re.I))
print(re.findall(r"(?i)[^k]", "kK\u212a"), re.search(r"(?i)\u212a", "k").span())
print(re.findall(rb"[a-z]+", b"ABC def", re.I))
print(re.findall(r"\d", "1\u0662", re.A), re.findall(r"\d", "1\u0662"))
print(re.match(r"(?i:ab)c", "ABc"), re.match(r"(?i:ab)c", "ABC"))
print(attempt(re.compile, "a", re.L), attempt(re.compile, b"a", re.U))

# escape
print(re.escape("a.b*c?d[e]f(g)h{i}|j^k$l\\m n\t"), re.escape(b"a.b"))
print(re.findall(re.escape("1+1=2"), "is 1+1=2?"))

# errors from the parser
for bad in ["(", "a)", "[a", "*a", "a{2,1}", "(?P<1>a)", r"\1", "(?<=a|bb)c", "(?P=x)"]:
    e = attempt(re.compile, bad)
    print(repr(bad), e)
err = None
try:
    re.compile("ab(")
except re.error as ex:
    err = ex
print(type(err).__name__, err.msg, err.pos, err.lineno, err.colno)

# type errors from the engine
print(attempt(re.search, "a", b"a"), attempt(re.search, b"a", "a"), attempt(re.search, "a", 1))
print(attempt(re.compile("a").match), attempt(re.compile("a").search, "a", "x"))

# bytes-like subjects
print(show(re.search(b"b+", bytearray(b"abbc"))), show(re.search(b"b+", memoryview(b"abbc"))))
print(attempt(re.findall, b".", memoryview(b"xyz")[::2]))

# purge, template cache and big inputs
re.purge()
text = "word " * 20000
print(len(re.findall(r"\w+", text)), len(re.sub(r"o", "0", text)), len(re.split(r"\s+", text)))
print(re.match(r"(?:a|b)*c", "ab" * 20000 + "c").end(), re.match(r"(a|b)*?c", "ab" * 5000 + "c").span(1))
print(re.search(r"(x+x+)+y", "x" * 18) is None)
print(re.fullmatch(r"(" * 90 + "a" + ")" * 90, "a").lastindex)

# re.Scanner, fullmatch windows, lookahead-only findall, Unicode case
def s_ident(scanner, token): return ("id", token)
def s_num(scanner, token): return ("num", int(token))
sc = re.Scanner([(r"[a-zA-Z_]\w*", s_ident), (r"\d+", s_num), (r"=|\+|-", lambda s, t: ("op", t)), (r"\s+", None)])
print(sc.scan("x = 10 + y2 - 3 ?"))
p = re.compile(r"(?P<a>\d)(?P<b>\w)?")
print(p.fullmatch("1x", 0, 2), p.fullmatch("1xy", 0, 2), p.fullmatch("1xy", 1))
m = p.search("..1x..")
print(m["a"], m["b"], m.start("b"), m.end("a"), m.span(0), m.re is p)
print(re.findall(rb"\d", b"a1b2"), re.sub(r"(?P<d>\d)", r"<\g<d>>", "a1b22"))
print(re.split(r"(?<=,)", "a,b,c"), re.split(r"", "abc"))
print([m.group() for m in re.finditer(r"(?=(\w\w))", "abcd")], re.findall(r"(?=(\w\w))", "abcd"))
print(re.sub(r"\w", lambda m: m.group().upper() * 2, "ab c", count=2))
print(re.fullmatch(r"(?x) \d+ (?: \. \d+ )?", "3.14").span(), re.search(r"(?s)a.b", "a\nb").group())
print(re.compile(r"\w+", re.ASCII).findall("naïve café"), re.compile(r"[^\W\d]+").findall("a1é2_"))
print(re.match(r"(?i)ǅ", "ǆ"), re.match(r"(?i)[ǅ]", "ǆ"), re.match(r"(?i)Ϊ", "ΐ"))
print(re.escape("ünicode ⁂"), re.purge(), len(re._cache) if hasattr(re, "_cache") else -1)

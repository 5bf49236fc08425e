"""Exhaustive check of ember's `unicodedata` against CPython 3.11's.

    python3 stdlib/src/unicodedata/compare_all.py /tmp/ud-cpython
    ember   stdlib/src/unicodedata/compare_all.py /tmp/ud-ember
    diff -r /tmp/ud-cpython /tmp/ud-ember && echo identical

Writes one file per (database, property) with the answer for every code point except the
surrogates (which ember's str cannot hold), the lookup of every name, alias and named
sequence, and the four normalization forms of every character and of pseudo-random strings
built from the characters normalization cares about.
"""

import os
import sys
import unicodedata

out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
CPS = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000]


def dump(name, lines):
    with open(os.path.join(out_dir, name), "w") as f:
        f.write("\n".join(lines))
        f.write("\n")


def r(f, *args):
    try:
        return repr(f(*args))
    except Exception as e:
        return type(e).__name__ + ":" + str(e)


for label, db in (("cur", unicodedata), ("ucd32", unicodedata.ucd_3_2_0)):
    for prop in ("category", "bidirectional", "combining", "east_asian_width", "mirrored",
                 "decomposition"):
        f = getattr(db, prop)
        dump(label + "." + prop, ["%X %s" % (c, f(chr(c))) for c in CPS])
    for prop in ("decimal", "digit", "numeric", "name"):
        f = getattr(db, prop)
        dump(label + "." + prop, ["%X %r" % (c, f(chr(c), None)) for c in CPS])
    lines = []
    for c in CPS:
        n = unicodedata.name(chr(c), None)
        if n is not None:
            lines.append("%X %s %s" % (c, r(db.lookup, n), r(db.lookup, n.lower())))
    dump(label + ".lookup", lines)
    with open(os.path.join(here, "data", "aliases.txt"), encoding="ascii") as f:
        names = [line[1:].split(";")[0] for line in f if line.strip()]
    dump(label + ".lookup_aliases", ["%s %s" % (n, r(db.lookup, n)) for n in names])
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        lines = []
        for c in CPS:
            s = db.normalize(form, chr(c))
            if s != chr(c):
                lines.append("%X %s" % (c, " ".join("%X" % ord(x) for x in s)))
        dump(label + ".normalize1." + form, lines)

# Pseudo-random strings over the characters that take part in normalization.
pool = [c for c in CPS if unicodedata.decomposition(chr(c)) or unicodedata.combining(chr(c))
        or 0x1100 <= c < 0x1200 or 0xAC00 <= c < 0xAC40]
pool += [0x41, 0x61, 0x20, 0x3B1]
seed = 12345


def rand(n):
    global seed
    seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    return seed % n


lines = []
for i in range(40000):
    s = "".join(chr(pool[rand(len(pool))]) for _ in range(1 + rand(8)))
    for label, db in (("cur", unicodedata), ("ucd32", unicodedata.ucd_3_2_0)):
        for form in ("NFC", "NFD", "NFKC", "NFKD"):
            n = db.normalize(form, s)
            lines.append("%s %s %s %s %s" % (label, form, " ".join("%X" % ord(x) for x in s),
                                             " ".join("%X" % ord(x) for x in n),
                                             db.is_normalized(form, s)))
dump("normalize_random", lines)
print("done")

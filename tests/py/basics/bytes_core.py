# bytes and bytearray: construction, indexing, methods, formatting, codecs.
def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

b = b"hello world"
print(b, len(b), b[0], b[-1], b[1:5], b[::-1], b[::3], b"abc"[5:], list(b[:3]), b[2:3] == b"l")
print(bytes(), bytes(3), bytes([65, 66]), bytes(range(3)), bytes(b"xy"), bytes(bytearray(b"ba")), bytes("é", "utf-8"), bytes("a", encoding="ascii"))
check(lambda: bytes("a"))
check(lambda: bytes(-1))
check(lambda: bytes([256]))
check(lambda: bytes([1, "a"]))
check(lambda: bytes(1.5))
check(lambda: bytes(b"x", "ascii"))
check(lambda: bytes("é", "ascii"))
check(lambda: b"a"[5])
one = 1.0
check(lambda: b"a"[one])
print(b"ab" + b"cd", b"ab" * 2, 2 * b"x", b"ab" + bytearray(b"!"), b"a" == b"a", b"a" < b"b", b"ab" > b"a", b"a" == "a", b"a" == bytearray(b"a"))
check(lambda: b"a" + "b")
check(lambda: b"a" * 1.5)
print(b"ll" in b, 104 in b, 300 in b"x" if False else "skip", b"" in b"", bytearray(b"l") in b)
check(lambda: "h" in b)
check(lambda: 300 in b)
print(hash(b"abc") == hash("abc"), hash(b""), hash(b"abc"), {b"k": 1}[b"k"])
print(repr(b"'"), repr(b'"'), repr(b"'\""), repr(b"\x00\x7f\x80\xff\n\t\\"), str(b"s"), repr(bytearray(b"x'y")))
print(b.upper(), b.title(), b.capitalize(), b"AbC".swapcase(), b"Ab".lower(), b.split(), b.split(b"o"), b"a,b,c".rsplit(b",", 1), b"x\ny\r\nz".splitlines())
print(b.find(b"o"), b.find(111), b.rfind(b"o"), b.index(b"w"), b.count(b"l"), b.count(108), b.startswith(b"he"), b.endswith((b"x", b"ld")), b.find(b"o", 5, 6))
check(lambda: b.index(b"zz"))
check(lambda: b.find("o"))
check(lambda: b.startswith("h"))
print(b"  pad  ".strip(), b"xxhixx".strip(b"x"), b" a ".lstrip(), b" a ".rstrip(), b"ab".center(6, b"*"), b"ab".ljust(4), b"ab".rjust(4, b"0"), b"-5".zfill(4))
check(lambda: b"a".center(4, "x"))
print(b"a-b-c".partition(b"-"), b"a-b-c".rpartition(b"-"), b"abc".partition(b"x"), b"aaa".replace(b"a", b"bb", 2), b"abc".replace(b"", b"."))
print(b"-".join([b"a", bytearray(b"b"), b"c"]), b"".join([]), b"pre_x".removeprefix(b"pre_"), b"x.py".removesuffix(b".py"))
check(lambda: b"-".join([b"a", "b"]))
print(b"abc".isalpha(), b"ab1".isalnum(), b"123".isdigit(), b" \t".isspace(), b"AB".isupper(), b"ab".islower(), b"Ab Cd".istitle(), b"\x80".isascii(), b"".isalpha())
print(b"\xde\xad".hex(), b"\x01\x02\x03".hex(":"), b"\x01\x02\x03".hex("-", 2), bytes.fromhex("de ad be ef"), bytearray.fromhex("0a"), b"tab\tx".expandtabs(4))
check(lambda: bytes.fromhex("zz"))
check(lambda: bytes.fromhex("abc"))
print(b"caf\xc3\xa9".decode(), b"caf\xc3\xa9".decode("utf-8"), b"\xe9".decode("latin-1"), b"abc".decode("ascii"), b"\xff\xfe".decode("utf-8", "replace"), b"a\xffb".decode("utf-8", "ignore"), b"\xff".decode("utf-8", "backslashreplace"))
check(lambda: b"\xff".decode())
check(lambda: b"a\xc3".decode())
check(lambda: b"\xe2\x82\x28".decode())
check(lambda: b"\x80".decode("ascii"))
check(lambda: b"x".decode("bogus"))
print(b"\x03\x26".decode("utf-16-le"), "snow☃".encode("utf-16").decode("utf-16"), "😀".encode("utf-32-le").decode("utf-32-le"))
print(b"%s-%d-%x-%c-%r-%a-%b" % (b"s", 5, 255, 65, b"r", "é", bytearray(b"ba")), b"%05.1f|%-4s|" % (2.25, b"ab"), b"%(k)s" % {b"k": b"v"})
check(lambda: b"%s" % "str")
check(lambda: b"%c" % b"xy")
check(lambda: b"%c" % 256)
print(bytes.maketrans(b"ab", b"xy")[97:99], b"abcd".translate(bytes.maketrans(b"ab", b"xy"), b"d"), b"abc".translate(None, b"b"))
it = iter(b"hi")
print(next(it), list(it), type(it).__name__, list(b"\x00\xff"))
ba = bytearray(b"hello")
ba[0] = 72
ba[1:3] = b"EY"
ba.append(33)
ba.extend(b"??")
ba.extend([65, 66])
ba += b"+"
print(ba, len(ba), ba[0], ba[-1], ba[1:4], bytes(ba), ba.pop(), ba.pop(0), ba)
ba.insert(0, 95)
ba.remove(63)
ba.reverse()
print(ba, ba.copy(), ba.upper(), type(ba.upper()).__name__, ba.find(b"Y"), ba.split(b"Y"))
del ba[0]
del ba[::2]
print(ba)
ba[::2] = b"xy"[: len(ba[::2])]
print(ba)
ba.clear()
print(ba, bytearray(3), bytearray([1, 2]), bytearray("é", "utf-8"), bytearray(b"ab") * 2, bytearray(b"x") + b"y")
check(lambda: bytearray().pop())
check(lambda: bytearray(b"a").remove(98))
check(lambda: bytearray().append(256))
check(lambda: bytearray().append("a"))
check(lambda: bytearray().extend(5))
check(lambda: bytearray().extend(["a"]))
check(lambda: hash(bytearray()))
def seti(v, k, x):
    v[k] = x
    return v
check(lambda: seti(bytearray(b"ab"), 5, 1))
check(lambda: seti(bytearray(b"ab"), 0, 256))
check(lambda: seti(bytearray(b"ab"), "a", 1))
check(lambda: seti(bytearray(b"ab"), slice(0, 1), 5))
check(lambda: seti(bytearray(b"abcd"), slice(0, 4, 2), b"x"))
check(lambda: seti(bytearray(b"ab"), slice(0, 1), [1, 2]))
class B(bytes):
    pass
class BA(bytearray):
    pass
print(B(b"sub"), repr(B(b"x")), BA(b"y"), type(B(b"x") + b"y").__name__, len(BA(b"abc")), isinstance(B(), bytes))
print(b"abc" * 0, bytearray(b"x") * -1, b"".split(), bytearray(b"a b").split(), b"a" in bytearray(b"cab"))

# str: indexing, slicing, operators, comparisons, hashing, repr, iteration, constructors.
def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

s = "héllo wörld ☃"
print(s, len(s), s[0], s[1], s[-1], s[2:7], s[::-1], s[::3], s[-5:], s[100:], s[3:1], s[1:10:2])
print("abcdefghij"[2:8:2], "abcdefghij"[8:2:-2], "abc"[-100:100], "x"[0], ""[:])
check(lambda: "abc"[3])
check(lambda: "abc"[-4])
fl, nn = 1.5, None
check(lambda: "abc"[fl])
check(lambda: "abc"[nn])
check(lambda: "abc"[2 ** 100])
print("ab" + "cd", "ab" * 3, 3 * "ab", "ab" * 0, "ab" * -2, "" * 10)
check(lambda: "a" + 1)
check(lambda: "a" * 1.5)
check(lambda: "a" * "b")
check(lambda: "ab" * 2 ** 62)
check(lambda: "ab" * 2 ** 64)
print("a" < "b", "a" < "ab", "B" < "a", "é" > "z", "☃" > "é", "abc" == "abc", "abc" != "abd", "" < "a", "a" <= "a", "b" >= "a")
check(lambda: "a" < 1)
print("ll" in "hello", "" in "x", "z" not in "abc", "☃" in s, "lö" in s)
check(lambda: 1 in "abc")
print(hash("") == 0, hash("abc") == hash("ab" + "c"), hash("a") == hash("a"[0]))
print(hash("abc"), hash("hello world!"), hash("é"), hash("☃x"), hash("a" * 20))
print(repr("a'b"), repr('a"b'), repr("a'\"b"), repr("\n\t\r\\"), repr("\x00\x1f\x7f\x80\xa0\xad"), repr("é☃😀"))
print(repr("\u2028\u200b\ufeff\U000e0001"), repr("\ud7ff"), ascii("é☃😀x"), ascii([1, "é"]))
print(str(), str(5), str(-1.5), str([1, "a"]), str(None), str(b"x"), str(b"\xc3\xa9", "utf-8"), str(b"abc", encoding="ascii"))
check(lambda: str(b"\xff", "utf-8"))
check(lambda: str("x", "utf-8"))
check(lambda: str(5, "utf-8"))
check(lambda: str(b"x", "nope"))
check(lambda: str(x=1))
print(str(object="kw"), str(b"\xff", "utf-8", "replace"), str(b"\xff", errors="ignore"))
print(list("ab☃"), [c for c in "héé"], tuple("xyz"), "".join(reversed("abc")), sorted("cab"))
it = iter("hé")
print(next(it), next(it), next(it, "end"), type(iter("ab")).__name__)
class S(str):
    def shout(self):
        return self.upper() + "!"
x = S("hey")
print(x, repr(x), x.shout(), len(x), x + "you", x[1], type(x[1]).__name__, type(x + "").__name__, isinstance(x, str))
print(x == "hey", "hey" == x, hash(x) == hash("hey"), {x: 1}["hey"], str(x), type(str(x)).__name__)
print("%s|%r" % (x, x), "{}".format(x), f"{x}", x.upper(), type(x.upper()).__name__)
long = "abc" * 1000
print(len(long), long[2999], long[1500:1506], long.count("ca"), hash(long) == hash("abc" * 1000))
print("".join(["a", "b"]) is not None, "a".__len__(), "ab".__getitem__(1), "ab".__contains__("b"))
print(ord("a"), chr(9731), ord("☃"), "\N{SNOWMAN}" == "☃", "\u00e9" == "é", len("\U0001f600"))

# dict: construction, methods, views, operators, ordering, __missing__.
def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

d = {"one": 1, "two": 2}
d["three"] = 3
print(d, len(d), d["two"], d.get("four"), d.get("four", 4), "one" in d, 1 in d)
print(dict(), dict(a=1), dict([("x", 1), ("y", 2)]), dict({"k": "v"}, extra=True), dict(zip("ab", (1, 2))))
print(dict.fromkeys("abc"), dict.fromkeys([1, 2], []), dict.fromkeys(range(3), 0))
check(lambda: dict(1))
check(lambda: dict([1]))
check(lambda: dict([(1, 2, 3)]))
check(lambda: dict([[1, 2]], [3]))
check(lambda: d["missing"])
check(lambda: {}[[]])
check(lambda: {[]: 1})
check(lambda: hash({}))
print(d.pop("one"), d.pop("zzz", None), d)
check(lambda: d.pop("zzz"))
print(d.setdefault("two", 0), d.setdefault("new", [1]), d)
print(d.popitem(), d.popitem(), d)
check(lambda: {}.popitem())
d.update(a=1)
d.update({"b": 2}, c=3)
d.update([("d", 4)])
print(d)
check(lambda: d.update(1))
check(lambda: d.update({}, {}))
print(d.keys(), d.values(), d.items())
print(list(d), list(d.keys()), list(d.values()), list(d.items()))
k = d.keys()
d["later"] = 9
print(k, len(k), "later" in k, ("later", 9) in d.items(), 9 in d.values(), ("later", 8) in d.items())
print(k & {"a", "zzz"}, k | {"q"} == set(d) | {"q"}, k - {"a", "b"} == set(d) - {"a", "b"}, sorted(k ^ {"a", "x"}))
print({"a": 1}.keys() == {"a"}, {"a": 1}.items() == {("a", 1)}, {"a": 1}.keys() < {"a", "b"}, {1: 2}.values() == {1: 2}.values())
print({"x": 1, "y": 2}.keys() & {"y": 0}.keys(), {"x": 1}.keys().isdisjoint(["y"]), {"x": 1}.items() | {("z", 2)} == {("x", 1), ("z", 2)})
print(list(reversed({"a": 1, "b": 2, "c": 3})), list(reversed({"a": 1}.items())), list(reversed({"a": 1, "b": 2}.values())))
e = {1: "a", 2: "b"}
f = {2: "B", 3: "C"}
print(e | f, f | e, e == {2: "b", 1: "a"}, e != f)
e |= f
e |= [(4, "D")]
print(e)
check(lambda: e | [(5, 6)])
check(lambda: {} < {})
del e[1]
print(e)
def delmissing():
    del e[100]
check(delmissing)
c = e.copy()
c[99] = 99
print(len(e), len(c), c)
c.clear()
print(c, bool(c), bool(e))
print({1: 1, 1.0: 2, True: 3}, {0: "a", False: "b"}, {(1, 2): 3}, {None: None})
r = {}
r[1] = r
print(r, {"self": [r]})
class D(dict):
    def __missing__(self, key):
        return key * 2
dd = D(a=1)
print(dd["a"], dd["zz"], dd.get("zz"), "zz" in dd, dd, type(dd).__name__, isinstance(dd, dict))
class Counter(dict):
    def __missing__(self, key):
        self[key] = 0
        return 0
cnt = Counter()
for ch in "mississippi":
    cnt[ch] += 1
print(cnt, sorted(cnt.items()))
big = {}
for i in range(2000):
    big[i] = i * i
for i in range(0, 2000, 3):
    del big[i]
print(len(big), list(big)[:6], big[1999], sum(big.values()) % 1000003)
order = {}
order["z"] = 1
order["a"] = 2
order["m"] = 3
del order["a"]
order["a"] = 4
print(list(order), order)
try:
    for key in order:
        order["new" + key] = 0
except RuntimeError as ex:
    print("RuntimeError:", ex)
try:
    dd2 = {1: 1, 2: 2}
    for key in dd2:
        del dd2[key]
        dd2[key + 10] = 0
except RuntimeError as ex:
    print("RuntimeError:", ex)
it = iter({"p": 1})
print(next(it), next(it, "end"), type(it).__name__, type({}.values().__iter__()).__name__, type(iter({}.items())).__name__)
print(type({}.keys()).__name__, type({}.values()).__name__, type({}.items()).__name__)
print({k: v for k, v in zip("abc", range(3))}, {i: i % 3 for i in range(7)})
print(dict(sorted({"b": 1, "a": 2}.items())), sorted({"b": 1, "a": 2}, key=lambda k: -ord(k)))
class K:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return hash(self.v)
    def __eq__(self, other):
        return isinstance(other, K) and self.v == other.v
m = {K(1): "one", K(2): "two"}
print(m[K(1)], K(3) in m, len(m))
m[K(1)] = "uno"
print(len(m), m[K(1)])

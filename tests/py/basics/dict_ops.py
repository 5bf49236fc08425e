# dict methods, views, ordering and reprs.
d = {"b": 1, "a": 2}
d["c"] = 3
d["b"] = 10
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, "z" not in d)
print(list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values(), d.items())
del d["a"]
d["a"] = 5
print(d)
print(d.pop("b"), d.pop("nope", "default"), d)
print(d.setdefault("c", 0), d.setdefault("n", []), d)
d["n"].append(1)
print(d.popitem(), d)
d.update({"x": 1}, y=2)
d.update([("z", 3)])
print(d)
print(dict(a=1, b=2), dict([(1, 2), (3, 4)]), dict(zip("abc", range(3))), dict.fromkeys([1, 2], 0), dict.fromkeys("ab"))
e = {1: "one", 2: "two"}
f = {2: "TWO", 3: "three"}
print(e | f, f | e, {**e, **f})
e |= f
print(e)
print({i: i * i for i in range(6)}, {k: v for k, v in e.items() if k > 1})
print({(1, 2): "t", 3.5: "f", None: "n", True: "b", 1: "one?"})
print({1: "a", 1.0: "b", True: "c"})
nested = {"a": {"b": {"c": [1, 2]}}, "l": [{"x": 1}]}
print(nested, nested["a"]["b"]["c"][1])
r = {}
r["self"] = r
print(r)
c = d.copy()
c["new"] = 1
print(len(d), len(c), d == c, {1: 2} == {1: 2}, {1: 2, 3: 4} == {3: 4, 1: 2})
keys = d.keys()
d["late"] = 0
print(list(keys), "late" in keys, len(keys))
print(sorted({"q": 1, "b": 2, "m": 3}), sorted({"q": 1, "b": 2}.items(), key=lambda kv: kv[1]))
print({"a": 1}.keys() & {"a", "b"} == {"a"}, {"a": 1}.items() == {("a", 1)} or "x")
counts = {}
for w in "the cat and the hat and the bat".split():
    counts[w] = counts.get(w, 0) + 1
print(counts, max(counts, key=counts.get), sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
it = iter({"p": 1, "q": 2})
print(next(it), next(it), list(reversed({"p": 1, "q": 2, "r": 3})))
big = {i: str(i) for i in range(1000)}
for i in range(0, 1000, 2):
    del big[i]
print(len(big), list(big)[:5], big[999], sum(big))
big.clear()
print(big, {} == dict(), bool({}), bool({0: 0}))
try:
    for k in d:
        d["boom"] = 1
except RuntimeError as e:
    print("RuntimeError:", e)

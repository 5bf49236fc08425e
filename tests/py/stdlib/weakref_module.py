import weakref, gc
class K:
    def __init__(self, n): self.n = n
    def __repr__(self): return f"K({self.n})"
ks = [K(i) for i in range(5)]
wv = weakref.WeakValueDictionary((i, k) for i, k in enumerate(ks))
wk = weakref.WeakKeyDictionary((k, k.n * 10) for k in ks)
ws = weakref.WeakSet(ks)
print(len(wv), len(wk), len(ws), sorted(wv.keys()), wv[2], wk[ks[3]], ks[1] in ws)
del ks[1:3]
gc.collect()
print(len(wv), len(wk), len(ws), sorted(wv.keys()), sorted(v for v in wk.values()), sorted(k.n for k in ws))
class M:
    def m(self): return "called"
o = M()
wm = weakref.WeakMethod(o.m)
print(wm()(), isinstance(wm, weakref.ref))
del o; gc.collect()
print(wm())
calls = []
x = K(9)
f = weakref.finalize(x, calls.append, "fin")
print(f.alive)
del x; gc.collect()
print(calls, f.alive)
p = weakref.proxy(K(1)) if False else None
print(type(weakref.ref(K)).__name__)

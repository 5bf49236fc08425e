import _weakref, gc
class A:
    def __init__(self, n): self.n = n
    def __repr__(self): return f"A({self.n})"
a = A(1)
r = _weakref.ref(a)
print(r() is a, r.__callback__, _weakref.getweakrefcount(a), type(r).__name__, type(r).__module__)
log = []
def cb(w): log.append(("cb", w() is None))
r2 = _weakref.ref(a, cb)
print(r2.__callback__ is cb, _weakref.getweakrefcount(a), len(_weakref.getweakrefs(a)))
print(hash(r) == hash(a), r == r2, r != r2)
del a
gc.collect()
print(r(), r2(), log, r2.__callback__)
try: hash(r)
except TypeError as e: print(e)
for bad in [1, "s", (1,), [], {}, None, 2.5]:
    try: _weakref.ref(bad)
    except TypeError as e: print(e)
def f(): pass
print(_weakref.ref(f)() is f, _weakref.ref(A)() is A, _weakref.ref(frozenset({1}))() in (None, frozenset({1})))
class L(list): pass
print(_weakref.ref(L())() in (None, []))
b = A(2)
p = _weakref.proxy(b)
print(p.n, str(p), type(p).__name__)
p.n = 5; print(b.n)
c = _weakref.proxy(f); print(type(c).__name__, c() is None)
del b; gc.collect()
try: p.n
except ReferenceError as e: print("ReferenceError:", e)
class K(_weakref.ref):
    __slots__ = ("key",)
    def __new__(cls, ob, callback, key):
        self = super().__new__(cls, ob, callback)
        self.key = key
        return self
    def __init__(self, ob, callback, key):
        super().__init__(ob, callback)
x = A(3)
k = K(x, None, "kk")
print(k() is x, k.key, isinstance(k, _weakref.ref))
d = {"a": k}
_weakref._remove_dead_weakref(d, "a"); print(len(d))
del x; gc.collect()
_weakref._remove_dead_weakref(d, "a"); print(len(d))
class BadCb:
    def __call__(self, w): raise ValueError("boom")
    def __repr__(self): return "<BadCb>"
bad_cb = BadCb()
y = A(4); ry = _weakref.ref(y, bad_cb); del y
gc.collect()
print("after")
print(_weakref.ref[int])
# Callbacks run after the collection that finds the referent dead, oldest first.
order = []
objs = [A(i) for i in range(3)]
refs = [_weakref.ref(o, lambda w, i=i: order.append(i)) for i, o in enumerate(objs)]
del objs
gc.collect()
print(sorted(order), [r() for r in refs])
# A weak reference that dies with its referent calls nothing.
z = A(9)
zr = _weakref.ref(z, lambda w: print("never"))
del zr, z
gc.collect()
print("done")
for base in (int, str, bytes, tuple, float, list, dict, set, frozenset, complex, Exception, bytearray):
    class S(base): pass
    try: _weakref.ref(S()); print(base.__name__, 'ok')
    except TypeError as e: print(base.__name__, e)

import sys, types
print(type(sys.implementation), type(sys.implementation.name), sorted(vars(sys.implementation)))
print(types.SimpleNamespace(a=1,b='x'))
class N(types.SimpleNamespace): pass
print(N(a=1))
n=types.SimpleNamespace(); n.n=n; print(n)
try: types.SimpleNamespace(1)
except TypeError as e: print(e)
print(types.SimpleNamespace(a=1)==types.SimpleNamespace(a=1), types.SimpleNamespace(a=1)=={'a':1}, types.SimpleNamespace(a=1)!=types.SimpleNamespace(a=2), types.SimpleNamespace.__hash__, types.SimpleNamespace(x=2).__reduce__())
print(types.SimpleNamespace.__module__, types.SimpleNamespace.__name__, types.SimpleNamespace.__qualname__)
s=types.SimpleNamespace(x=1); s.y=2; del s.x; print(s, vars(s), s.__dict__)
try: hash(s)
except TypeError as e: print(e)

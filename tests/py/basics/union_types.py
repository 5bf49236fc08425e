u=int|str|None; print(u, u.__args__, type(u), int|int, (int|str)==(str|int), hash(int|str)==hash(str|int), isinstance(3,u), issubclass(bool,u), int|list[int], list[int]|None)
print(u.__parameters__, (int|str)|(str|float), None|int, isinstance(None, u), isinstance(2.0, u))
try: isinstance(1, str|list[int])
except TypeError as e: print(e)
try: int|3
except TypeError as e: print(e)
import types; print(types.UnionType.__module__, types.UnionType.__name__, type(int|str) is types.UnionType)
class A: pass
print(A|None, list[int]|list[int], (int|str) != (int|float))
try:
    class B(types.UnionType): pass
except TypeError as e: print(e)

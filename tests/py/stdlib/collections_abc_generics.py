import _collections_abc as cabc
c = cabc.Callable[[int, str], float]
print(c, type(c).__name__, c.__args__, c.__origin__)
print(cabc.Iterable[int], isinstance([], cabc.Iterable), issubclass(list, cabc.Sequence), isinstance({}, cabc.Mapping))
class G(type(list[int])): pass
g = G(list, (int,))
print(g, type(g).__name__, g.__origin__, g == list[int])
try: raise ExceptionGroup("x", [ValueError(1)])
except* ValueError as e: print(repr(e.exceptions))
print(ExceptionGroup[int])

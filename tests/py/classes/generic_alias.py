# types.GenericAlias: list[int] and friends (repr, attributes, calls, bases, errors).
GenericAlias = type(list[int])
a = list[int]
print(a, dict[str, int], tuple[int, ...], list[list[int]], tuple[()], list["x"], list[5])
print(type(a), type(a) is GenericAlias, a.__origin__, a.__args__, a.__parameters__)
print(a == list[int], a != list[str], a == list, hash(a) == hash(list[int]), a.__name__)
print(a([1, 2]), a(), a.__mro_entries__(()), a.__reduce__())
class L(list[int]):
    pass
print(L.__bases__, L([3]))
try:
    isinstance([], list[int])
except TypeError as e:
    print("TypeError:", e)
try:
    issubclass(list, list[int])
except TypeError as e:
    print("TypeError:", e)
try:
    list[int][str]
except TypeError as e:
    print("TypeError:", e)
print(GenericAlias(list, int), GenericAlias(dict, (str, int)))
print(frozenset[int], set[str], type.__repr__(type(a)))
class Bag:
    pass
print(list[Bag], dict[str, list[Bag]])
print(a.append is list.append, getattr(a, "__unpacked__"), a.__class__.__name__)

# Defaults, keyword-only, positional-only, *args and **kwargs.
def f(a, b=2, *args, c, d=4, **kwargs):
    return a, b, args, c, d, kwargs


print(f(1, c=3))
print(f(1, 5, 6, 7, c=8, e=9, d=0))
print(f(a=1, c=2, z=3))


def pos_only(a, b, /, c, *, d):
    return a, b, c, d


print(pos_only(1, 2, 3, d=4), pos_only(1, 2, c=3, d=4))


def po_kw_same_name(a, /, **kw):
    return a, kw


print(po_kw_same_name(1, a=2))


def mutable_default(item, into=[]):
    into.append(item)
    return into


print(mutable_default(1), mutable_default(2), mutable_default(3, []))
counter = [0]


def default_time(x=counter.append(1) or len(counter)):
    return x


counter.append(2)
print(default_time(), counter)


def all_kinds(p, /, q, *rest, k, **extra):
    return "p=%r q=%r rest=%r k=%r extra=%r" % (p, q, rest, k, extra)


print(all_kinds(1, 2, 3, 4, k=5, z=6))
print(all_kinds(1, q=2, k=3))
args = (10, 20)
kwargs = {"k": 30, "w": 40}
print(all_kinds(*args, **kwargs))


def kw_defaults(*, x=1, y):
    return x, y


print(kw_defaults(y=2), kw_defaults(y=3, x=4))
print(f.__defaults__, f.__kwdefaults__, kw_defaults.__kwdefaults__, pos_only.__code__.co_argcount)
print(f.__code__.co_posonlyargcount, pos_only.__code__.co_posonlyargcount, pos_only.__code__.co_kwonlyargcount)
print(f.__code__.co_varnames[:6], f.__name__, f.__qualname__)


def star_only(*args):
    return len(args), args


print(star_only(), star_only(*range(5)), star_only(*"ab", *[1]))


def kw_only_collect(**kw):
    return sorted(kw.items())


print(kw_only_collect(b=1, a=2), kw_only_collect(**{"x": 1}, y=2))


def annotated(a: int, b: "str" = "x") -> list:
    return [a, b]


print(annotated(1), annotated.__annotations__)
print((lambda *a, **k: (a, k))(1, x=2), (lambda x, /, y=5: x + y)(1))


def nested_defaults(a, b=[1, 2], c={"k": "v"}, d=(1,), e=None):
    return a, b, c, d, e


print(nested_defaults(0))


def outer(x):
    def inner(y=x * 2):
        return y
    return inner


print(outer(5)(), outer(5)(1))
print(max(3, 7, key=lambda v: -v), sorted([3, 1, 2], reverse=True), print("sep", "end", sep="|", end="!\n"))
print("a", "b", sep="")
print("no newline", end="")
print()
print(*[], sep="x")
print(1, 2, 3, sep=", ", end=".\n")

# with statements and custom context managers.
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc, tb is not None)
        return self.suppress


with CM("a") as v:
    print("body", v)
with CM("outer"), CM("inner") as w:
    print("two managers", w)
with CM("sup", suppress=True):
    raise ValueError("suppressed")
print("after suppress")
try:
    with CM("nosup"):
        raise KeyError("propagates")
except KeyError as e:
    print("caught", repr(e))
try:
    with CM("o"):
        with CM("i", suppress=True):
            raise RuntimeError("inner only")
        print("after inner with")
        raise TypeError("outer")
except TypeError as e:
    print("outer caught", e)


def returns_inside():
    with CM("ret"):
        return "returned"


print(returns_inside())
for i in range(3):
    with CM("loop%d" % i):
        if i == 1:
            continue
        if i == 2:
            break
        print("loop body", i)


class Resource:
    def __init__(self):
        self.log = []

    def __enter__(self):
        self.log.append("open")
        return self

    def __exit__(self, *args):
        self.log.append("close")


r = Resource()
with r as same:
    print(same is r)
print(r.log)


class EnterFails:
    def __enter__(self):
        raise OSError("cannot enter")

    def __exit__(self, *a):
        print("never called")


try:
    with EnterFails():
        print("never")
except OSError as e:
    print("enter failed:", e)


class ExitRaises:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        raise ValueError("from exit")


try:
    with ExitRaises():
        raise KeyError("original")
except ValueError as e:
    print("exit replaced:", e, "context:", repr(e.__context__))
with (CM("paren1") as p1,
      CM("paren2") as p2):
    print(p1, p2)
try:
    with 42:
        pass
except TypeError as e:
    print("TypeError:", e)

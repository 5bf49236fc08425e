# yield from: throw/close forwarding to generators and to foreign iterators, return values,
# gi_yieldfrom, and errors raised by sub-iterators.


def inner():
    try:
        x = yield "i1"
        print("inner got", x)
        yield "i2"
    except KeyError as e:
        print("inner caught", repr(e))
        yield "i-recovered"
        return "inner-ret-after-catch"
    finally:
        print("inner finally")
    return "inner-ret"


def outer():
    try:
        r = yield from inner()
        print("outer: inner returned", r)
        yield "o-after"
    except ValueError as e:
        print("outer caught", repr(e))
        yield "o-recovered"


g = outer()
print(next(g))
print(g.gi_yieldfrom.__name__, g.gi_yieldfrom.gi_running)
print(g.throw(KeyError("k")))
print(next(g))
print(g.gi_yieldfrom)
print(next(g, "end"))

g = outer()
next(g)
print(g.throw(ValueError("v")))
print(g.gi_yieldfrom)

g = outer()
next(g)
g.close()
print("closed, frames:", g.gi_frame, g.gi_yieldfrom)


class Foreign:
    """An iterator with send/throw/close methods, not a generator."""

    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i > 3:
            raise StopIteration("foreign done")
        return "f%d" % self.i

    def send(self, v):
        print("Foreign.send", v)
        return self.__next__()

    def throw(self, typ, val=None, tb=None):
        print("Foreign.throw", typ.__name__ if isinstance(typ, type) else repr(typ), val)
        if typ is KeyError or isinstance(typ, KeyError):
            raise StopIteration("stopped by throw")
        raise typ if val is None else val

    def close(self):
        print("Foreign.close")


def deleg():
    r = yield from Foreign()
    print("deleg got", r)
    yield "deleg-end"


g = deleg()
print(next(g), g.send("x"), g.send(None))
print(next(g))
print(next(g, "exhausted"))

g = deleg()
next(g)
print(g.throw(KeyError))
g = deleg()
next(g)
try:
    g.throw(ValueError("v"))
except ValueError as e:
    print("propagated", repr(e))
g = deleg()
next(g)
g.close()
print("closed foreign delegation")


class NoThrow:
    def __iter__(self):
        return self

    def __next__(self):
        return 1


def deleg2():
    try:
        yield from NoThrow()
    except IndexError as e:
        print("deleg2 caught", repr(e))
        yield "ok"


g = deleg2()
next(g)
print(g.throw(IndexError("direct")))


class NoSend:
    def __iter__(self):
        return self

    def __next__(self):
        return 2


def deleg3():
    yield from NoSend()


g = deleg3()
next(g)
try:
    g.send("value")
except AttributeError as e:
    print("AttributeError:", e)


def sub_raises():
    yield 1
    raise LookupError("sub")


def catches_sub():
    try:
        yield from sub_raises()
    except LookupError as e:
        print("caught from sub:", e)
    yield "after"


print(list(catches_sub()))


def sub_throw_returns():
    try:
        yield 1
    except ZeroDivisionError:
        return "handled-in-sub"


def top():
    v = yield from sub_throw_returns()
    yield "top got " + v


g = top()
next(g)
print(g.throw(ZeroDivisionError))


def chain3():
    yield from chain2()


def chain2():
    yield from chain1()


def chain1():
    try:
        yield "deep"
    except GeneratorExit:
        print("chain1 GeneratorExit")
        raise


g = chain3()
print(next(g))
g.close()


def closer_raises():
    try:
        yield 1
    finally:
        raise OSError("in sub finally")


def wraps_closer():
    try:
        yield from closer_raises()
    except OSError as e:
        print("wrapper saw", e)
        yield "wrapper-continues"


g = wraps_closer()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)

try:
    def bad():
        yield from 5
    next(bad())
except TypeError as e:
    print("TypeError:", e)


def yf_gen_expr():
    yield from (i * i for i in range(4))
    return "done"


def collect():
    r = yield from yf_gen_expr()
    yield r


print(list(collect()))
g = collect()
next(g)
ge = g.gi_yieldfrom.gi_yieldfrom
print(type(ge).__name__, ge.__name__)

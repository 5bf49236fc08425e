# Generator protocol details: send/throw/close edge cases, PEP 479, attributes, errors.
import sys


def counter():
    n = 0
    while True:
        got = yield n
        n += 1 if got is None else got


c = counter()
print(next(c), c.send(10), next(c), c.send(-5))
print(c.gi_running, c.gi_suspended, c.gi_yieldfrom)
c.close()
print(c.gi_suspended, c.gi_frame is None)


def just_started():
    yield 1


g = just_started()
try:
    g.send(5)
except TypeError as e:
    print("TypeError:", e)
print(g.send(None))


def reentrant():
    yield gen_ref.send(None)


gen_ref = reentrant()
try:
    next(gen_ref)
except ValueError as e:
    print("ValueError:", e)
print(gen_ref.gi_frame is None)


def running_flag():
    yield me.gi_running


me = running_flag()
print("gi_running inside:", next(me))


# PEP 479 in its different shapes.
def raises_stop():
    yield 1
    raise StopIteration(42)


g = raises_stop()
next(g)
try:
    next(g)
except RuntimeError as e:
    print("RuntimeError:", e, "|", type(e.__cause__).__name__, e.__cause__.args,
          e.__suppress_context__, e.__context__ is e.__cause__)


def next_on_empty():
    yield next(iter([]))


try:
    list(next_on_empty())
except RuntimeError as e:
    print("RuntimeError:", e)


def returns_value():
    yield 1
    return [1, 2]


g = returns_value()
next(g)
try:
    next(g)
except StopIteration as e:
    print("return value:", e.value, e.args)


def returns_tuple():
    return (1, 2)
    yield


try:
    next(returns_tuple())
except StopIteration as e:
    print("tuple return:", e.value, e.args)


def returns_exc():
    return ValueError("v")
    yield


try:
    next(returns_exc())
except StopIteration as e:
    print("exception return:", repr(e.value))

# Exhausted generators.
g = returns_value()
list(g)
print(next(g, "default"), list(g))
try:
    g.send(1)
except StopIteration as e:
    print("send to exhausted:", e.args)
try:
    g.throw(KeyError("after end"))
except KeyError as e:
    print("throw to exhausted:", repr(e))
g.close()

# throw argument forms.


def catch_all():
    while True:
        try:
            yield
        except Exception as e:
            print("  caught", type(e).__name__, e.args)


g = catch_all()
next(g)
g.throw(ValueError)
g.throw(ValueError, "msg")
g.throw(ValueError, ("a", "b"))
g.throw(ValueError, None)
g.throw(ValueError("inst"))
g.throw(ValueError, ValueError("same class"))
g.throw(LookupError, KeyError("subclass instance"))
g.throw(ValueError, KeyError("other instance"))
g.throw(ValueError("x"), None)
for bad in [(1,), (ValueError("x"), 1), (ValueError, 1, 2), (list,)]:
    try:
        g.throw(*bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    g.throw()
except TypeError as e:
    print("TypeError:", e)
try:
    g.throw(1, 2, 3, 4)
except TypeError as e:
    print("TypeError:", e)
try:
    g.send()
except TypeError as e:
    print("TypeError:", e)
try:
    g.close(1)
except TypeError as e:
    print("TypeError:", e)
g.close()

# throw into a generator that has not started.


def never_started():
    try:
        yield 1
    finally:
        print("not printed")


g = never_started()
try:
    g.throw(KeyError("early"))
except KeyError as e:
    print("early throw:", repr(e), g.gi_frame is None)
g = never_started()
g.close()
print("closed before start:", next(g, "exhausted"))

# close() details.


def close_returns():
    try:
        yield 1
    except GeneratorExit:
        return "ignored value"


g = close_returns()
next(g)
print("close ->", g.close())


def close_raises():
    try:
        yield 1
    except GeneratorExit:
        raise ValueError("from close")


g = close_raises()
next(g)
try:
    g.close()
except ValueError as e:
    print("close raised:", e, type(e.__context__).__name__)


def close_stopiteration():
    try:
        yield 1
    except GeneratorExit:
        raise StopIteration


g = close_stopiteration()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)

# Attributes.


def named():
    yield


g = named()
print(g.__name__, g.__qualname__, g.gi_code is named.__code__, g.gi_code.co_name)
g.__name__ = "renamed"
g.__qualname__ = "Q.renamed"
print(g.__name__, g.__qualname__, named.__name__)
try:
    g.__name__ = 5
except TypeError as e:
    print("TypeError:", e)
r = repr(g)
print(r.startswith("<generator object Q.renamed at 0x"), r.endswith(">"))


class K:
    def meth(self):
        yield self


print(K().meth().__qualname__, (x for x in ()).__qualname__, (x for x in ()).__name__)
print(type(g).__name__, type(g).__module__, type(g).send.__name__)
try:
    type(g).send(1, 2)
except TypeError as e:
    print("TypeError:", e)
print(sorted(n for n in dir(g) if n.startswith("gi_")))

# Locals survive suspension; many generators interleave.


def window(seq, n):
    buf = []
    for item in seq:
        buf.append(item)
        if len(buf) > n:
            buf.pop(0)
        if len(buf) == n:
            yield tuple(buf)


print(list(window(range(6), 3)))
gens = [counter() for _ in range(3)]
for g in gens:
    next(g)
print([g.send(i) for i, g in enumerate(gens)])
print(sum(x * x for x in range(100) if x % 3), max((len(w), w) for w in "a bb ccc".split()))


def closure_gen():
    total = 0

    def add(x):
        nonlocal total
        total += x
        return total

    for i in range(4):
        yield add(i)


print(list(closure_gen()))


def deep(n):
    if n:
        yield from deep(n - 1)
    yield n


print(sum(deep(200)))
print(sys.getrecursionlimit() > 0)

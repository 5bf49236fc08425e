# Generators: iteration, send, throw, close, return values.
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done %d" % n


print(list(count_up(4)))
g = count_up(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value, e.args)
print(next(g, "exhausted"))


def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            received.append(x)
    except GeneratorExit:
        print("GeneratorExit, received", received)
        raise


e = echo()
print(e.send(None), e.send("a"), e.send("b"))
e.close()
e.close()
try:
    e.send("late")
except StopIteration:
    print("send after close -> StopIteration")
try:
    echo().send("x")
except TypeError as err:
    print("TypeError:", err)


def catcher():
    while True:
        try:
            yield "waiting"
        except ValueError as err:
            print("caught in generator:", err)
            yield "recovered"


c = catcher()
print(next(c))
print(c.throw(ValueError("boom")))
print(next(c))
try:
    c.throw(KeyError("unhandled"))
except KeyError as err:
    print("propagated:", repr(err))
print(next(c, "closed after error"))


def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("generator finally")


w = with_finally()
print(next(w))
w.close()
print(list(with_finally()))


def ignore_exit():
    try:
        yield 1
    except GeneratorExit:
        yield "bad"


ig = ignore_exit()
next(ig)
try:
    ig.close()
except RuntimeError as err:
    print("RuntimeError:", err)


def fib_gen():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


f = fib_gen()
print([next(f) for _ in range(15)])


def stop_inside():
    yield 1
    raise StopIteration("inner")


try:
    list(stop_inside())
except RuntimeError as err:
    print("RuntimeError:", err, "cause:", repr(err.__cause__))


def gen_state():
    yield 1


gs = gen_state()
print(gs.__name__, gs.__qualname__, type(gs).__name__, iter(gs) is gs)
print(gs.gi_frame is not None, gs.gi_running)
list(gs)
print(gs.gi_frame is None)


def pipeline():
    nums = (i for i in range(10))
    evens = (n for n in nums if n % 2 == 0)
    squares = (n * n for n in evens)
    return list(squares)


print(pipeline())


def lazy_eval():
    print("started")
    yield "first"


lg = lazy_eval()
print("created")
print(next(lg))


def running_sum():
    total = 0
    while True:
        value = yield total
        if value is None:
            return total
        total += value


rs = running_sum()
next(rs)
for v in [5, 10, 20]:
    print("sum", rs.send(v))
try:
    rs.send(None)
except StopIteration as s:
    print("final", s.value)

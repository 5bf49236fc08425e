# Coroutines driven by hand with send/throw/close: await chains, cr_* attributes, the
# coroutine_wrapper, and await errors.


class Suspend:
    """Awaitable that yields its tag to the driver and returns what the driver sends."""

    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        got = yield self.tag
        return got


async def leaf(x):
    got = await Suspend(("leaf", x))
    return x, got


async def middle():
    a = await leaf(1)
    b = await leaf(2)
    return [a, b]


c = middle()
print(type(c).__name__, c.cr_running, c.cr_suspended, c.cr_await, c.cr_origin)
print(c.send(None))
aw = c.cr_await
print(type(aw).__name__, aw.__name__, type(aw.cr_await).__name__)
print(c.send("first"))
try:
    c.send("second")
except StopIteration as e:
    print("result:", e.value)
print(c.cr_frame, c.cr_await, c.cr_suspended)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
c.close()
print("close of finished coroutine is quiet")

# throw into an awaiting coroutine reaches the innermost await.


async def guarded():
    try:
        await Suspend("waiting")
    except KeyError as e:
        return "guarded caught " + repr(e)


c = guarded()
c.send(None)
try:
    c.throw(KeyError("k"))
except StopIteration as e:
    print(e.value)

c = guarded()
c.send(None)
try:
    c.throw(ValueError("not caught"))
except ValueError as e:
    print("escaped:", repr(e))
print(c.cr_frame)

# close() runs finally blocks through the await chain.


async def with_cleanup(name):
    try:
        await Suspend(name)
    finally:
        print("cleanup", name)


async def outer_cleanup():
    try:
        await with_cleanup("inner")
    finally:
        print("cleanup outer")


c = outer_cleanup()
print(c.send(None))
c.close()
c = outer_cleanup()
c.close()
print("never-started close prints nothing")

# __await__ and the coroutine wrapper.


async def value(v):
    return v


w = value(7).__await__()
print(type(w).__name__, iter(w) is w)
try:
    next(w)
except StopIteration as e:
    print("wrapper next:", e.value)
w = middle().__await__()
print(w.send(None))
print(w.send("x"))
try:
    w.throw(IndexError("via wrapper"))
except IndexError as e:
    print("wrapper throw:", repr(e))
w.close()

# await errors.


async def await_int():
    await 5


try:
    await_int().send(None)
except TypeError as e:
    print("TypeError:", e)


class BadAwait:
    def __await__(self):
        return 5


async def await_bad():
    await BadAwait()


try:
    await_bad().send(None)
except TypeError as e:
    print("TypeError:", e)


made = []


class CoroAwait:
    def __await__(self):
        made.append(value(1))
        return made[-1]


async def await_coro_from_await():
    await CoroAwait()


try:
    await_coro_from_await().send(None)
except TypeError as e:
    print("TypeError:", e)

shared = leaf(9)


async def await_shared():
    return await shared


first = await_shared()
print(first.send(None))
second = await_shared()
try:
    second.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
first.close()
second.close()

done = value(3)
try:
    done.send(None)
except StopIteration as e:
    print("done:", e.value)


async def reawait():
    return await done


try:
    reawait().send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

made.append(value(1))
try:
    made[-1].send(5)
except TypeError as e:
    print("TypeError:", e)
c = value(1)
print(repr(c).startswith("<coroutine object value at 0x"))
try:
    iter(c)
except TypeError as e:
    print("TypeError:", e)
try:
    next(c)
except TypeError as e:
    print("TypeError:", e)
c.close()


def plain_gen():
    yield 1


async def yield_from_in_coro():
    pass


def bad_delegate():
    made.append(yield_from_in_coro())
    yield from made[-1]


try:
    next(bad_delegate())
except TypeError as e:
    print("TypeError:", e)
for m in made:
    m.close()


async def raise_stop():
    raise StopIteration("inside")


try:
    raise_stop().send(None)
except RuntimeError as e:
    print("RuntimeError:", e, repr(e.__cause__))


# A round-robin scheduler over several coroutines.
async def worker(name, n):
    total = 0
    for i in range(n):
        total += await Suspend((name, i))
    return name, total


tasks = [worker("a", 2), worker("b", 3), worker("c", 1)]
pending = {t: None for t in tasks}
results = []
step = 0
while pending:
    for t in list(pending):
        try:
            req = t.send(pending[t])
            print("step", step, req)
            pending[t] = step
        except StopIteration as e:
            results.append(e.value)
            del pending[t]
        step += 1
print(results)

# Async generators driven by hand: __anext__/asend/athrow/aclose awaitables, async for,
# StopAsyncIteration, and the errors CPython reports.


class Suspend:
    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        got = yield self.tag
        return got


def run(coro, replies=()):
    """Drive `coro` to completion, answering its suspensions with `replies`."""
    replies = list(replies)
    trace = []
    value = None
    while True:
        try:
            request = coro.send(value)
        except StopIteration as e:
            return e.value, trace
        trace.append(request)
        value = replies.pop(0) if replies else None


def step(awaitable):
    """Run one awaitable that should not suspend: its result or its exception."""
    try:
        awaitable.send(None)
    except StopIteration as e:
        return "value", e.value
    except Exception as e:
        return "raised", repr(e)
    return "suspended", None


async def ticker(n):
    for i in range(n):
        got = await Suspend(("tick", i))
        yield i, got
    print("ticker done")


async def consume():
    out = []
    async for item in ticker(3):
        out.append(item)
    return out


print(run(consume(), replies=["r0", "r1", "r2"]))


async def counter(n):
    try:
        for i in range(n):
            received = yield i
            if received is not None:
                print("  counter received", received)
    finally:
        print("  counter finally")


ag = counter(3)
print(type(ag).__name__, ag.__aiter__() is ag, ag.ag_running, ag.ag_await, ag.ag_frame is not None)
print(ag.__name__, ag.__qualname__, ag.ag_code.co_name, repr(ag).startswith("<async_generator object counter at 0x"))
print(step(ag.__anext__()))
print(step(ag.asend("hello")))
a = ag.__anext__()
print(type(a).__name__, a.__await__() is a, iter(a) is a)
print(step(a))
print(step(a))
print(step(ag.__anext__()))
print(step(ag.__anext__()))

# athrow: caught inside, or propagating.


async def resilient():
    while True:
        try:
            yield "ready"
        except ValueError as e:
            print("  resilient caught", repr(e))


ag = resilient()
print(step(ag.__anext__()))
print(step(ag.athrow(ValueError("v1"))))
print(step(ag.athrow(KeyError("k"))))
print(step(ag.__anext__()))

ag = resilient()
print(step(ag.athrow(ValueError("before start"))))
print(step(ag.__anext__()))

# aclose.
ag = counter(5)
print(step(ag.__anext__()))
print(step(ag.aclose()))
print(step(ag.aclose()))
print(step(ag.__anext__()))
ag = counter(5)
print(step(ag.aclose()))
print(step(ag.__anext__()))


async def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2


ag = stubborn()
step(ag.__anext__())
print(step(ag.aclose()))


async def awaits_in_finally():
    try:
        yield 1
    finally:
        got = await Suspend("cleanup")
        print("  cleanup got", got)


ag = awaits_in_finally()
step(ag.__anext__())
closer = ag.aclose()
print(closer.send(None))
try:
    closer.send("ack")
except StopIteration:
    print("aclose completed after await")

async def plain_counter(n):
    for i in range(n):
        yield i


# Reusing awaitables and running state.
ag = plain_counter(2)
a = ag.__anext__()
print(step(a))
print(step(a))
ag2 = ticker(2)
first = ag2.__anext__()
print(first.send(None))
print(ag2.ag_running)
print(step(ag2.__anext__()))
print(step(ag2.aclose()))
try:
    first.send("r")
except StopIteration as e:
    print("first completes:", e.value)
print(ag2.ag_running)
t = ag2.athrow(ValueError)
print(step(t), step(t))


async def bad_stop():
    yield 1
    raise StopAsyncIteration


ag = bad_stop()
step(ag.__anext__())
print(step(ag.__anext__()))


async def bad_stop_iter():
    raise StopIteration
    yield


print(step(bad_stop_iter().__anext__()))


async def returns_early():
    return
    yield


print(step(returns_early().__anext__()))

# Errors from async for and async with setups.


async def iterate(obj):
    async for x in obj:
        pass


for obj in [[1, 2], 5]:
    try:
        run(iterate(obj))
    except TypeError as e:
        print("TypeError:", e)


class AiterNoAnext:
    def __aiter__(self):
        return self


try:
    run(iterate(AiterNoAnext()))
except TypeError as e:
    print("TypeError:", e)


class BadAnext:
    def __aiter__(self):
        return self

    def __anext__(self):
        return 5


try:
    run(iterate(BadAnext()))
except TypeError as e:
    print("TypeError:", e, "| cause:", repr(e.__cause__))


class NoAwaitEnter:
    def __aenter__(self):
        return 1

    async def __aexit__(self, *a):
        pass


class NoAwaitExit:
    async def __aenter__(self):
        return 1

    def __aexit__(self, *a):
        return 2


async def use(cm):
    async with cm:
        pass


for cm in [NoAwaitEnter(), NoAwaitExit()]:
    try:
        run(use(cm))
    except TypeError as e:
        print("TypeError:", e)


async def async_comprehensions():
    squares = [x * x async for x in counter(4)]
    evens = {x async for x in counter(6) if x % 2 == 0}
    pairs = [(x, y) async for x in counter(2) for y in "ab"]
    return squares, sorted(evens), pairs


print(run(async_comprehensions()))


async def break_early():
    async for x in ticker(10):
        if x[0] == 1:
            break
    return "broke at " + str(x)


print(run(break_early()))


async def raise_in_body():
    try:
        async for x in plain_counter(3):
            raise KeyError(x)
    except KeyError as e:
        return "body raised " + repr(e)


print(run(raise_in_body()))


async def agen_delegates():
    value = await middle_coro()
    yield value
    yield await middle_coro()


async def middle_coro():
    return await Suspend("mid")


async def collect(ag):
    return [x async for x in ag]


print(run(collect(agen_delegates()), replies=["one", "two"]))

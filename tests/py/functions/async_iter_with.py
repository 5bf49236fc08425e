# async for, async with and async generators, driven by coroutine.send.
def run(coro):
    """Drive a coroutine that never really suspends (or yields plain values)."""
    trace = []
    value = None
    while True:
        try:
            yielded = coro.send(value)
        except StopIteration as e:
            return e.value, trace
        trace.append(yielded)
        value = "resumed"


class Tick:
    def __await__(self):
        got = yield "tick"
        return got


class AsyncRange:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        await Tick()
        self.i += 1
        return self.i - 1


class AsyncCM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    async def __aenter__(self):
        print("aenter", self.name)
        await Tick()
        return self.name * 2

    async def __aexit__(self, et, ev, tb):
        print("aexit", self.name, et.__name__ if et else None, ev)
        return self.suppress


async def agen(n):
    for i in range(n):
        got = await Tick()
        yield i * 10, got
    print("agen done")


async def main():
    out = []
    async for v in AsyncRange(3):
        out.append(v)
    print("async for over iterator:", out)
    async with AsyncCM("cm") as v:
        print("inside async with", v)
    async with AsyncCM("sup", suppress=True):
        raise ValueError("swallowed")
    try:
        async with AsyncCM("nosup"):
            raise KeyError("escapes")
    except KeyError as e:
        print("caught", repr(e))
    items = []
    async for pair in agen(3):
        items.append(pair)
    print("async gen items:", items)
    comp = [x async for x in AsyncRange(4) if x % 2 == 0]
    print("async comprehension:", comp)
    async for x in AsyncRange(10):
        if x == 2:
            break
    else:
        print("not reached")
    print("broke out of async for at", x)
    return "main result"


result, trace = run(main())
print(result, len(trace), trace[:3])


async def agen2():
    try:
        yield 1
        yield 2
    finally:
        print("agen2 finally")


ag = agen2()
print(type(ag).__name__, ag.__aiter__() is ag)
step = ag.__anext__()
try:
    step.send(None)
except StopIteration as e:
    print("first value via __anext__:", e.value)
step = ag.asend(None)
try:
    step.send(None)
except StopIteration as e:
    print("second value via asend:", e.value)
closer = ag.aclose()
try:
    closer.send(None)
except StopIteration:
    print("aclose finished")


async def no_await():
    return 42


print(run(no_await()))

# async def / await driven by a tiny hand-written event loop (no asyncio).
class Sleep:
    """Awaitable that suspends the coroutine for `ticks` scheduler rounds."""

    def __init__(self, ticks):
        self.ticks = ticks

    def __await__(self):
        yield ("sleep", self.ticks)
        return "slept %d" % self.ticks


class Loop:
    def __init__(self):
        self.ready = []
        self.sleeping = []
        self.now = 0
        self.results = {}

    def spawn(self, name, coro):
        self.ready.append((name, coro, None))

    def run(self):
        while self.ready or self.sleeping:
            if not self.ready:
                self.now += 1
                still = []
                for wake, name, coro in self.sleeping:
                    if wake <= self.now:
                        self.ready.append((name, coro, None))
                    else:
                        still.append((wake, name, coro))
                self.sleeping = still
                continue
            name, coro, value = self.ready.pop(0)
            try:
                request = coro.send(value)
            except StopIteration as e:
                self.results[name] = e.value
                print("t=%d %s finished -> %r" % (self.now, name, e.value))
                continue
            kind, ticks = request
            self.sleeping.append((self.now + ticks, name, coro))


async def add(a, b):
    return a + b


async def worker(name, delays):
    total = 0
    for d in delays:
        msg = await Sleep(d)
        print("t=%d %s: %s" % (loop.now, name, msg))
        total += await add(d, 0)
    return total


async def nested(depth):
    if depth == 0:
        await Sleep(1)
        return 0
    return 1 + await nested(depth - 1)


loop = Loop()
loop.spawn("A", worker("A", [1, 2]))
loop.spawn("B", worker("B", [2, 1]))
loop.spawn("N", nested(4))
loop.run()
print(sorted(loop.results.items()))
c = add(1, 2)
print(type(c).__name__, c.__name__, c.__qualname__)
try:
    c.send(None)
except StopIteration as e:
    print("direct send result", e.value)
c2 = worker("X", [1])
print(c2.send(None))
c2.close()
print("closed coroutine")


async def raiser():
    await Sleep(1)
    raise ValueError("inside coroutine")


r = raiser()
r.send(None)
try:
    r.send(None)
except ValueError as e:
    print("ValueError:", e)


async def catches():
    try:
        await Sleep(5)
    except KeyError as e:
        return "caught " + repr(e)


k = catches()
k.send(None)
try:
    k.throw(KeyError("thrown in"))
except StopIteration as e:
    print(e.value)
aw = add(1, 1).__await__()
try:
    next(aw)
except StopIteration as e:
    print("via __await__ iterator:", e.value)


async def fib(n):
    if n <= 1:
        return n
    return await fib(n - 1) + await fib(n - 2)


coro = fib(15)
try:
    while True:
        coro.send(None)
except StopIteration as e:
    print("fib(15) =", e.value)

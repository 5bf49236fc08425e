# Suspended generators are closed when they become garbage (here: at gc.collect(), which
# ember needs to notice the death; CPython closes them at `del` already) and at exit.
import gc


def gen(name):
    try:
        yield 1
        yield 2
    finally:
        print("  finally of", name)


g = gen("plain")
next(g)
del g
gc.collect()
print("after plain")


class Manager:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        print("  __exit__ with", exc[0].__name__)


def with_block():
    with Manager():
        yield "inside"


w = with_block()
next(w)
w = None
gc.collect()
print("after with")


def outer():
    got = yield from gen("inner")
    print("  not reached", got)


o = outer()
next(o)
o = None
gc.collect()
print("after delegation")


def no_handler():
    yield 1
    print("  never printed")


n = no_handler()
next(n)
n = None
unstarted = gen("unstarted")
unstarted = None
done = gen("exhausted")
print(list(done))
done = None
gc.collect()
print("nothing closed above except the exhausted one, while it ran")


def catches():
    while True:
        try:
            yield 1
        except GeneratorExit:
            print("  GeneratorExit caught, returning")
            return


c = catches()
next(c)
c = None
gc.collect()
print("after catches")
keep = gen("alive at exit")
next(keep)
print("end of module")

# Nested functions, closures, nonlocal, global, class scopes.
counter = 0


def bump():
    global counter
    counter += 1
    return counter


bump()
bump()
print("counter", counter)


def make_counter(start):
    count = start

    def inc(step=1):
        nonlocal count
        count += step
        return count

    def get():
        return count

    return inc, get


inc, get = make_counter(10)
inc()
inc(5)
print(get(), inc(), get())
inc2, get2 = make_counter(0)
inc2()
print(get(), get2())
adders = [lambda x, i=i: x + i for i in range(3)]
late = [lambda x: x + i for i in range(3)]
print([f(10) for f in adders], [f(10) for f in late])


def outer():
    x = "outer"

    def middle():
        def inner():
            return x

        return inner()

    x = "rebound"
    return middle()


print(outer())


def cell_shared():
    fs = []
    for name in ["a", "b"]:
        def show():
            return name
        fs.append(show)
    return [f() for f in fs]


print(cell_shared())
x = "global x"


class C:
    x = "class x"
    y = x + "!"
    z = [x for _ in range(1)]

    def method(self):
        return x


print(C.y, C.z, C().method())


def shadow():
    print = lambda *a: None
    print("not shown")
    return "shadowed print"


print(shadow())


def nonlocal_chain():
    a = 1

    def lvl1():
        nonlocal a
        a += 10

        def lvl2():
            nonlocal a
            a *= 2

        lvl2()

    lvl1()
    return a


print(nonlocal_chain())


def make_global():
    global created_later
    created_later = "made in function"


make_global()
print(created_later)


def closure_over_param(n):
    return lambda: n * 2


print(closure_over_param(21)(), closure_over_param.__name__)


def freevars_demo():
    a = 1
    b = 2

    def g():
        return a + b

    return g


g = freevars_demo()
print(g(), g.__code__.co_freevars, len(g.__closure__), [c.cell_contents for c in g.__closure__])


def gen_scope():
    v = "captured"
    return (v + str(i) for i in range(2))


print(list(gen_scope()))

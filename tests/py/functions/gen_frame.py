# gi_frame / cr_frame / ag_frame: a live view of the suspended frame.
def g(a, b=2):
    c = a + b
    yield c
    d = c * 2
    yield d


it = g(1)
f = it.gi_frame
print(f.f_lineno, f.f_lasti, f.f_code is g.__code__, f.f_back, sorted(f.f_locals.items()))
next(it)
print(f.f_lineno, sorted(f.f_locals.items()), f.f_globals is globals())
next(it)
print(f.f_lineno, sorted(f.f_locals.items()), it.gi_frame is not None)


def me():
    yield me_gen.gi_frame.f_lineno


me_gen = me()
print(next(me_gen))
print(repr(f).startswith("<frame at 0x"), repr(f).endswith(", line 5, code g>"))
list(it)
print(it.gi_frame)


def outer():
    x = 1

    def inner():
        return x

    yield inner


o = outer()
next(o)
print(sorted(o.gi_frame.f_locals))


async def coro():
    pass


c = coro()
print(c.cr_frame.f_code.co_name, c.cr_frame.f_lineno)
c.close()
print(c.cr_frame)


async def agen():
    yield 1


ag = agen()
print(ag.ag_frame.f_code.co_name)

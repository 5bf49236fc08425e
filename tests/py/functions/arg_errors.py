# Errors from calling with the wrong arguments.
def f(a, b, c=3, *, d, e=5):
    return a


def g(x, /, y):
    return x


def h():
    return 0


class K:
    def m(self, v):
        return v


def check(label, fn):
    try:
        fn()
        print(label, "no error")
    except TypeError as e:
        print(label, "TypeError:", e)


check("too few", lambda: f(1, d=4))
check("too many", lambda: f(1, 2, 3, 4, d=5))
check("missing kw-only", lambda: f(1, 2))
check("unexpected kw", lambda: f(1, 2, d=4, z=6))
check("multiple values", lambda: f(1, 2, a=3, d=4))
check("pos-only as kw", lambda: g(x=1, y=2))
check("zero args given one", lambda: h(1))
check("method too many", lambda: K().m(1, 2))
check("method too few", lambda: K().m())
check("unbound method", lambda: K.m(1))
check("missing two", lambda: f(d=1))
check("missing three", lambda: (lambda a, b, c: 0)())
check("two kw-only missing", lambda: (lambda *, p, q: 0)())
check("kwargs not mapping", lambda: f(1, 2, **[1]))
check("star not iterable", lambda: f(*1))
check("kw must be str", lambda: f(1, 2, **{1: 2}))
check("dup kw via dict", lambda: f(1, 2, d=1, **{"d": 2}))
check("builtin len", lambda: len())
check("builtin len 2", lambda: len(1, 2))
check("builtin int kw", lambda: int("1", bas=2))
check("builtin pos-only", lambda: divmod(a=1, b=2))
check("ok call", lambda: f(1, 2, d=0))
five, nothing, text = 5, None, "abc"
check("call int", lambda: five())
check("call None", lambda: nothing())
check("call str", lambda: text(1))

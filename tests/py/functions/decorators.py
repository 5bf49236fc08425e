# Function and class decorators; function attributes.
log = []


def trace(fn):
    def wrapper(*args, **kwargs):
        log.append("call %s%r" % (fn.__name__, args))
        result = fn(*args, **kwargs)
        log.append("ret %r" % (result,))
        return result
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.wrapped = fn
    return wrapper


@trace
def add(a, b):
    """Add two things."""
    return a + b


print(add(1, 2), add("x", "y"), add.__name__, add.__doc__, add.wrapped.__name__)
print(log)


def repeat(times):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(times)]
        return wrapper
    return deco


@repeat(3)
def hello(name):
    return "hi " + name


print(hello("ember"))


def tag(label):
    def deco(fn):
        def wrapper():
            return "<%s>%s</%s>" % (label, fn(), label)
        return wrapper
    return deco


@tag("b")
@tag("i")
def text():
    return "words"


print(text())
registry = {}


def register(cls):
    registry[cls.__name__] = cls
    cls.registered = True
    return cls


@register
class Plugin:
    pass


print(sorted(registry), Plugin.registered)


def singleton(cls):
    instances = {}

    def get(*args):
        if cls not in instances:
            instances[cls] = cls(*args)
        return instances[cls]
    return get


@singleton
class Config:
    def __init__(self, v):
        self.v = v


print(Config(1).v, Config(2).v, Config(3) is Config(4))


class CountCalls:
    def __init__(self, fn):
        self.fn = fn
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        return self.fn(*args)


@CountCalls
def square(x):
    return x * x


print(square(3), square(4), square.calls)
print(add.__module__, text.__qualname__, hello.__qualname__)


def documented():
    """Docstring here."""


def undocumented():
    pass


print(documented.__doc__, undocumented.__doc__, documented() is None)
documented.custom = 42
print(documented.custom, sorted(k for k in documented.__dict__))
deco_expr = [trace]


@deco_expr[0]
def sub(a, b):
    return a - b


print(sub(5, 3), log[-2:])

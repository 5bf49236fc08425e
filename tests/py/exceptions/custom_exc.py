# Custom exception classes.
class AppError(Exception):
    """Base for this program's errors."""


class ConfigError(AppError):
    def __init__(self, key, reason):
        super().__init__(key, reason)
        self.key = key
        self.reason = reason

    def __str__(self):
        return "bad config %r: %s" % (self.key, self.reason)


class RetryError(AppError):
    def __init__(self, attempts):
        self.attempts = attempts


class Quiet(Exception):
    def __repr__(self):
        return "Quiet!"


try:
    raise ConfigError("port", "not a number")
except AppError as e:
    print(type(e).__name__, e, repr(e), e.args, e.key)
try:
    raise RetryError(3)
except AppError as e:
    print(type(e).__name__, repr(str(e)), repr(e), e.args, e.attempts)
print(repr(Quiet("x")), str(Quiet("x")), AppError.__doc__)


def risky(n):
    if n == 0:
        raise ConfigError("zero", "must be positive")
    if n < 0:
        raise RetryError(-n)
    return n


for n in [1, 0, -2]:
    try:
        print("ok", risky(n))
    except ConfigError as e:
        print("config:", e)
    except RetryError as e:
        print("retry:", e.attempts)


class WithState(ValueError):
    count = 0

    def __init__(self, *args):
        super().__init__(*args)
        WithState.count += 1


for i in range(3):
    try:
        raise WithState("n", i)
    except ValueError as e:
        last = e
print(WithState.count, last.args, isinstance(last, WithState), str(last))


class NoInitCall(Exception):
    def __init__(self, x):
        self.x = x


e = NoInitCall(5)
print(e.args, str(e), repr(e), e.x)


class Pickled(Exception):
    def __reduce__(self):
        return (Pickled, self.args)


print(repr(Pickled(1, "two")))
raise ConfigError("timeout", "must be below 60")

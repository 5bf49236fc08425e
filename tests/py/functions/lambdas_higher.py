# Lambdas and higher-order functions.
square = lambda x: x * x
print(square(7), (lambda: "no args")(), (lambda a, b=2: a + b)(1), square.__name__)
compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
print(compose(square, inc)(3), compose(inc, square)(3))


def apply_n(f, n, x):
    for _ in range(n):
        x = f(x)
    return x


print(apply_n(inc, 10, 0), apply_n(lambda s: s + "!", 3, "hey"))


def curry(f):
    return lambda a: lambda b: f(a, b)


print(curry(lambda a, b: a * b)(6)(7))
people = [("alice", 30), ("bob", 25), ("carol", 35), ("dave", 25)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(list(map(lambda p: p[0].title(), people)))
print(list(filter(lambda p: p[1] > 26, people)))


def reduce(f, items, init):
    acc = init
    for it in items:
        acc = f(acc, it)
    return acc


print(reduce(lambda a, b: a + b, range(10), 0), reduce(lambda a, b: a * b, range(1, 8), 1))
print(reduce(lambda acc, w: acc + [len(w)], ["a", "bb", "ccc"], []))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
print([ops[o](6, 3) for o in "+-*"])


def make_multipliers():
    return [lambda x, k=k: x * k for k in range(1, 4)]


print([m(10) for m in make_multipliers()])
print((lambda *args: sum(args))(1, 2, 3), (lambda **kw: sorted(kw))(b=1, a=2))
fact = lambda n: 1 if n <= 1 else n * fact(n - 1)
print(fact(10))
print(max(people, key=lambda p: p[1]), min(people, key=lambda p: len(p[0])))
memo = {}


def memoize(f):
    def wrapper(n):
        if n not in memo:
            memo[n] = f(n)
        return memo[n]
    return wrapper


@memoize
def slow_fib(n):
    return n if n < 2 else slow_fib(n - 1) + slow_fib(n - 2)


print(slow_fib(80), len(memo))
print(list(map(lambda x, y: (x, y), "ab", [1, 2])), callable(square))
pipeline = [str.strip, str.lower, lambda s: s.replace(" ", "_")]
value = "  Hello World  "
for step in pipeline:
    value = step(value)
print(value)

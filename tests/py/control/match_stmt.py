# The match statement with every pattern kind.
class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Color:
    RED = "red"
    GREEN = "green"


def describe(subject):
    match subject:
        case 0:
            return "literal zero"
        case None:
            return "None"
        case True:
            return "True"
        case "hello" | "hi":
            return "greeting"
        case -1 | 1.5 | 2j:
            return "odd literal %r" % (subject,)
        case Color.RED:
            return "value pattern red"
        case int(n) if n > 100:
            return "big int %d" % n
        case int() | float() as num:
            return "number %r" % (num,)
        case []:
            return "empty sequence"
        case [x]:
            return "one element %r" % (x,)
        case [1, *rest]:
            return "starts with 1, rest %r" % (rest,)
        case [first, *_, last] if first == last:
            return "same ends %r" % (first,)
        case (a, b, c):
            return "triple %r %r %r" % (a, b, c)
        case {"type": "circle", "r": r}:
            return "circle r=%r" % r
        case {"type": "rect", **others}:
            return "rect with %r" % sorted(others)
        case Point(x=0, y=0):
            return "origin"
        case Point(0, y):
            return "on y axis at %r" % y
        case Point(x, y) if x == y:
            return "diagonal %r" % x
        case Point(x=px):
            return "point with x=%r" % px
        case str() as s if len(s) > 3:
            return "long string %s" % s
        case {"nested": [_, {"k": (v1, v2)}]}:
            return "deep %r %r" % (v1, v2)
        case _:
            return "wildcard %r" % (subject,)


tests = [0, None, True, False, "hello", "hi", -1, 1.5, 2j, "red", 500, 7, 2.5, [], [9], [1, 2, 3],
         [5, 6, 5], (4, 5, 6), {"type": "circle", "r": 3}, {"type": "rect", "w": 1, "h": 2},
         Point(0, 0), Point(0, 7), Point(3, 3), Point(1, 2), "long one", "abc",
         {"nested": [0, {"k": (1, 2)}]}, [1], (1,), "xy", {"type": "tri"}, range(3), b"ab"]
for t in tests:
    print(describe(t))


def seq_kinds(s):
    match s:
        case [int(), int()]:
            return "two ints"
        case [str(), *_]:
            return "starts with str"
        case (x, (y, z)):
            return "nested %r %r %r" % (x, y, z)
        case _:
            return "other"


for s in [[1, 2], (3, 4), ["a", 1, 2], (1, (2, 3)), "ab", [1, [2, 3]], {1: 2}]:
    print(seq_kinds(s))
command = "go north"
match command.split():
    case ["go", direction] if direction in ("north", "south"):
        print("going", direction)
    case ["go", _]:
        print("bad direction")
    case _:
        print("unknown")
match {"a": 1, "b": 2, "c": 3}:
    case {"a": 1, **rest}:
        print("rest", rest)
match 42:
    case x:
        print("capture binds", x)
match [1, 2, 3, 4, 5]:
    case [a, b, *middle, e]:
        print(a, b, middle, e)
match Point(1, 5):
    case Point(x=1) as p:
        print("as binding", p.y)

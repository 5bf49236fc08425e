# RecursionError and sys.setrecursionlimit.
import sys

print(sys.getrecursionlimit())


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(500))


def infinite(n):
    return infinite(n + 1)


try:
    infinite(0)
except RecursionError as e:
    print(type(e).__name__, e, isinstance(e, RuntimeError))
deepest = 0


def probe(n):
    global deepest
    deepest = n
    probe(n + 1)


sys.setrecursionlimit(100)
print(sys.getrecursionlimit())
try:
    probe(1)
except RecursionError:
    print("limit 100 respected:", 50 < deepest < 100)
try:
    depth(200)
except RecursionError:
    print("depth(200) fails under limit 100")
sys.setrecursionlimit(5000)
deepest = 0
try:
    probe(1)
except RecursionError:
    print("limit 5000 respected:", 4900 < deepest < 5000)
print(depth(4000))


class Node:
    def __init__(self, child=None):
        self.child = child

    def __repr__(self):
        return "Node(%r)" % (self.child,)


n = None
for _ in range(10000):
    n = Node(n)
try:
    repr(n)
except RecursionError as e:
    print("deep repr:", type(e).__name__)
sys.setrecursionlimit(1000)
print("recovered:", depth(10))
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print("ValueError:", e)

# print() to sys.stdout, sys.stderr and user objects with write(); sep/end/flush, and
# sys.stdout.write interleaving with print.
import sys


class Collector:
    def __init__(self):
        self.parts = []
        self.flushed = 0

    def write(self, s):
        self.parts.append(s)
        return len(s)

    def flush(self):
        self.flushed += 1


c = Collector()
print("a", 1, None, sep="-", end="!\n", file=c)
print(file=c)
print("x", "y", sep=None, end=None, file=c, flush=True)
print(c.parts, c.flushed)
print("one", end="")
sys.stdout.write(" two")
print(" three")
sys.stdout.write("written %d\n" % sys.stdout.write(""))
print("to stderr", file=sys.stderr)
print(sys.stdout.writable(), sys.stdout.readable(), sys.stdin.readable())
print(repr(sys.stdout.name), repr(sys.stderr.name), sys.stdout.encoding)


class NoWrite:
    pass


for label, kwargs in [("sep int", {"sep": 3}), ("end list", {"end": []}), ("file no write", {"file": NoWrite()}),
                      ("unknown kw", {"color": "red"})]:
    try:
        print("v", **kwargs)
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


class Loud:
    def __str__(self):
        return "LOUD"


class BadStr:
    def __str__(self):
        raise ValueError("no str for you")


print(Loud(), [Loud()] == [Loud()])
try:
    print("before", BadStr(), "after")
except ValueError as e:
    print("ValueError:", e)
old = sys.stdout
sys.stdout = Collector()
print("captured", 42)
captured = sys.stdout.parts
sys.stdout = old
print("restored", captured)
sys.stdout = None
print("dropped")
sys.stdout = old
try:
    input()
except EOFError as e:
    print("EOFError:", e)

import atexit
def a(x, y=0): print("a", x, y)
def b(): print("b")
class Bad:
    def __call__(self): raise ValueError("in atexit")
    def __repr__(self): return "<Bad>"
atexit.register(a, 1, y=2)
atexit.register(b)
atexit.register(Bad())
atexit.register(b)
atexit.unregister(b)

try: atexit.register(1)
except TypeError as e: print(e)
print("main done")
raise SystemExit(3)

# BaseException's methods and data descriptors: args, with_traceback, add_note, the
# chaining attributes and their type checks, __reduce__, __setstate__.
def show(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


e = ValueError(1)
print(e.__cause__, e.__context__, e.__suppress_context__, e.__traceback__)
e.__cause__ = None
print("cause=None sets suppress:", e.__suppress_context__)
e.__suppress_context__ = False
show("suppress = 1", lambda: setattr(e, "__suppress_context__", 1))
show("traceback = 1", lambda: setattr(e, "__traceback__", 1))
show("context = 1", lambda: setattr(e, "__context__", 1))
show("cause = 1", lambda: setattr(e, "__cause__", 1))
e.__context__ = KeyError("k")
print(repr(e.__context__))
e.args = [1, 2]
print(e.args, str(e), repr(e))
e.args = "ab"
print(e.args)
show("args = 5", lambda: setattr(e, "args", 5))
show("with_traceback(5)", lambda: ValueError("x").with_traceback(5))
x = ValueError("x")
print(x.with_traceback(None) is x)
show("add_note(5)", lambda: ValueError("x").add_note(5))
n = ValueError()
n.__notes__ = 5
show("add_note with bad __notes__", lambda: n.add_note("x"))
n = ValueError()
n.add_note("first")
n.add_note("second")
print(n.__notes__, "__notes__" in n.__dict__)
print(ValueError(1, 2).__reduce__())
r = ValueError(1)
r.extra = 2
print(r.__reduce__())
s = ValueError()
s.__setstate__({"a": 1, "b": 2})
print(s.a, s.b)
show("BaseException.__new__(int)", lambda: BaseException.__new__(int))
show("BaseException.__new__(5)", lambda: BaseException.__new__(5))
print(repr(ValueError()), repr(ValueError("a", 1)), repr(ValueError(("t",))), str(ValueError(("t",))))
print(str(KeyError("k")), str(KeyError()), str(KeyError(1, 2)), repr(KeyError("k")))


class NoInit(Exception):
    def __init__(self, x):
        self.x = x


ni = NoInit(5)
print(ni.args, str(ni), ni.x)


class NewOverride(Exception):
    def __new__(cls, *args):
        self = super().__new__(cls, "from new")
        return self


print(NewOverride(1, 2).args)
try:
    raise ValueError("tb")
except ValueError as caught:
    tb = caught.__traceback__
    print(type(tb).__name__, tb.tb_lineno, tb.tb_next)
    fresh = KeyError("other").with_traceback(tb)
    print(fresh.__traceback__ is tb)

# BaseExceptionGroup/ExceptionGroup: construction rules, split, subgroup, derive, and the
# metadata (traceback, cause, context, notes) derived groups inherit.
def show(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


show("message not str", lambda: ExceptionGroup(1, [ValueError()]))
show("one argument", lambda: ExceptionGroup("a"))
show("item not exception", lambda: ExceptionGroup("a", [1]))
show("dict", lambda: ExceptionGroup("a", {1: 2}))
show("str sequence", lambda: ExceptionGroup("a", "xy"))
show("empty", lambda: ExceptionGroup("a", []))
show("set", lambda: ExceptionGroup("a", {ValueError()}))
show("nest base in EG", lambda: ExceptionGroup("a", [KeyboardInterrupt()]))
show("BEG of base", lambda: BaseExceptionGroup("a", (KeyboardInterrupt(),)))
show("BEG of exceptions", lambda: type(BaseExceptionGroup("a", [ValueError()])).__name__)


class MyEG(ExceptionGroup):
    pass


class MyBEG(BaseExceptionGroup):
    pass


show("MyEG of base", lambda: MyEG("a", [KeyboardInterrupt()]))
show("MyBEG of base", lambda: type(MyBEG("a", [KeyboardInterrupt()])).__name__)
show("MyBEG of exceptions", lambda: type(MyBEG("a", [ValueError()])).__name__)
show("MyEG derive", lambda: MyEG("a", [ValueError(1)]).derive([KeyError()]))
eg = ExceptionGroup("x", (ValueError(1), TypeError(2)))
print(eg.message, eg.exceptions, eg.args, str(eg))
print(str(ExceptionGroup("one", [ValueError()])))
eg = ExceptionGroup("x", [ValueError(1), TypeError(2), ExceptionGroup("inner", [ValueError(3), KeyError(4)])])
eg.add_note("n1")
eg.__cause__ = KeyError("cause")
eg.__context__ = IndexError("ctx")
m, r = eg.split(ValueError)
print(repr(m), repr(r))
print(m.__notes__, m.__suppress_context__, repr(m.__cause__), repr(m.__context__))
print(m.__notes__ is eg.__notes__)
print(eg.split(lambda e: True)[0] is eg, eg.split(OSError))
print(repr(eg.subgroup((KeyError, TypeError))), eg.subgroup(OSError))
print(repr(eg.subgroup(lambda e: isinstance(e, ExceptionGroup) and e.message == "inner")))
show("split(5)", lambda: eg.split(5))
show("split((ValueError, 5))", lambda: eg.split((ValueError, 5)))
show("subgroup(int)", lambda: eg.subgroup(int))


class Derived(ExceptionGroup):
    def derive(self, excs):
        return Derived(self.message + "!", excs)


d = Derived("d", [ValueError(1), KeyError(2)])
print(repr(d.split(KeyError)))


class BadDerive(ExceptionGroup):
    def derive(self, excs):
        return 42


show("bad derive", lambda: BadDerive("b", [ValueError(1), KeyError(2)]).split(KeyError))
print(isinstance(eg, Exception), ExceptionGroup.__mro__[1:])

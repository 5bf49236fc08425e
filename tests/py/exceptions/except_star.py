# ExceptionGroup and except*.
eg = ExceptionGroup("several", [ValueError(1), TypeError("t"), ValueError(2), KeyError("k")])
print(str(eg), repr(eg), eg.message, len(eg.exceptions), [type(e).__name__ for e in eg.exceptions])
print(isinstance(eg, Exception), type(eg).__mro__[1].__name__, repr(BaseExceptionGroup("b", [KeyboardInterrupt()])))
print(type(BaseExceptionGroup("m", [ValueError()])).__name__)
match, rest = eg.split(ValueError)
print(repr(match), repr(rest))
print(repr(eg.subgroup(lambda e: isinstance(e, LookupError))), eg.subgroup(OSError))
try:
    raise eg
except* ValueError as g:
    print("caught ValueErrors:", repr(g))
except* (TypeError, KeyError) as g:
    print("caught Type/Key:", repr(g), type(g).__name__)
try:
    raise ExceptionGroup("outer", [ValueError("a"), ExceptionGroup("inner", [TypeError("b"), ValueError("c")])])
except* ValueError as g:
    print("nested ValueErrors:", repr(g))
except* TypeError as g:
    print("nested TypeErrors:", repr(g))
try:
    try:
        raise ExceptionGroup("partial", [ValueError("handled"), OSError("unhandled")])
    except* ValueError:
        print("handled the ValueError part")
except ExceptionGroup as rest:
    print("rest propagated:", repr(rest))
try:
    raise TypeError("naked")
except* TypeError as g:
    print("naked exception wrapped:", repr(g), type(g).__name__)
try:
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError:
        raise KeyError("raised in except*")
except ExceptionGroup as g:
    print("new exception:", repr(g), repr(g.exceptions[0].__context__))
except KeyError as k:
    print("raised KeyError:", repr(k))


def flatten(g, depth=0):
    for e in g.exceptions:
        if isinstance(e, BaseExceptionGroup):
            print("  " * depth + "group:", e.message)
            flatten(e, depth + 1)
        else:
            print("  " * depth + "leaf:", repr(e))


flatten(ExceptionGroup("top", [ValueError(1), ExceptionGroup("mid", [KeyError(2), ExceptionGroup("low", [OSError(3)])])]))
try:
    ExceptionGroup("empty", [])
except ValueError as e:
    print("ValueError:", e)
try:
    ExceptionGroup("not a list", 5)
except TypeError as e:
    print("TypeError:", e)
eg2 = ExceptionGroup("derive", [ValueError(1)])
print(repr(eg2.derive([KeyError(5)])))

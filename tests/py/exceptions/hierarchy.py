# The builtin exception hierarchy; args, str and repr of exceptions.
names = [ZeroDivisionError, OverflowError, KeyError, IndexError, ModuleNotFoundError, UnboundLocalError,
         RecursionError, NotImplementedError, StopIteration, StopAsyncIteration, GeneratorExit, KeyboardInterrupt,
         SystemExit, FileNotFoundError, TimeoutError, UnicodeDecodeError, TabError, AssertionError, ExceptionGroup]
for exc in names:
    print(exc.__name__, "->", [k.__name__ for k in exc.__mro__[1:]])
print(issubclass(KeyError, LookupError), issubclass(StopIteration, Exception), issubclass(GeneratorExit, Exception))
print(issubclass(SystemExit, Exception), issubclass(KeyboardInterrupt, BaseException), issubclass(BaseExceptionGroup, BaseException))
print(issubclass(IOError, OSError), IOError is OSError, EnvironmentError is OSError)
for e in [ValueError(), ValueError("one"), ValueError("a", 2), KeyError("k"), KeyError(), KeyError(1, 2),
          IndexError("list index out of range"), Exception(None), OSError(2, "No such file"), StopIteration(5),
          SystemExit(3), UnicodeError("u"), AttributeError("attr"), NameError("nm"), ArithmeticError(1.5)]:
    print(type(e).__name__, "args=%r" % (e.args,), "str=%r" % str(e), "repr=%r" % repr(e))
e = OSError(2, "No such file", "f.txt")
print(e.errno, e.strerror, e.filename, str(e), type(e).__name__)
print(StopIteration(7).value, StopIteration().value, SystemExit(4).code, SystemExit().code, SystemExit(1, 2).code)
ki = KeyError("quote's")
print(str(ki), repr(ki), str(KeyError("")), str(KeyError(None)))
try:
    raise ValueError
except ValueError as caught:
    print("raised class:", repr(caught), caught.args)
exc = RuntimeError("first")
exc.args = ("changed", 2)
print(str(exc), repr(exc))
print(BaseException("b").with_traceback(None) is not None, isinstance(ValueError(), BaseException))
for kind in [KeyError, LookupError, Exception, BaseException]:
    try:
        {}["missing"]
    except kind as err:
        print("caught KeyError as", kind.__name__, repr(err))
nie = NotImplementedError("todo")
print(isinstance(nie, RuntimeError), NotImplemented is not NotImplementedError)
err = Exception("note target")
err.add_note("first note")
err.add_note("second note")
print(err.__notes__, str(err))
print(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"))
print(str(UnicodeEncodeError("ascii", "é", 0, 1, "ordinal not in range(128)")))

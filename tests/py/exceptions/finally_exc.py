# Exceptions raised in finally/except blocks, bare raise, sys.exc_info.
import sys


def in_finally():
    try:
        raise ValueError("try")
    finally:
        raise TypeError("finally")


try:
    in_finally()
except TypeError as e:
    print(repr(e), repr(e.__context__))


def in_except():
    try:
        raise ValueError("try")
    except ValueError:
        raise KeyError("except")


try:
    in_except()
except KeyError as e:
    print(repr(e), repr(e.__context__))
print(sys.exc_info())
try:
    raise IndexError("current")
except IndexError:
    t, v, tb = sys.exc_info()
    print(t.__name__, repr(v), tb is not None, tb.tb_lineno)
    print(repr(sys.exception()))
print(sys.exc_info() == (None, None, None))


def bare_raise_outside():
    raise


try:
    bare_raise_outside()
except RuntimeError as e:
    print("RuntimeError:", e)


def nested_handlers():
    try:
        raise ValueError("outer")
    except ValueError:
        try:
            raise KeyError("inner")
        except KeyError:
            pass
        print("after inner handler:", repr(sys.exc_info()[1]))
        raise


try:
    nested_handlers()
except ValueError as e:
    print("re-raised the outer one:", repr(e))


def finally_return_discards():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            if i == 2:
                return "discarded %d" % i
            continue


print(finally_return_discards())


def cleanup_order():
    log = []
    try:
        try:
            log.append("body")
            raise OSError("disk")
        finally:
            log.append("inner finally")
    except OSError:
        log.append("handler")
    finally:
        log.append("outer finally")
    return log


print(cleanup_order())


def exception_var_cleared():
    e = "before"
    try:
        raise ValueError
    except ValueError as e:
        pass
    return "e" in locals()


print(exception_var_cleared())
try:
    try:
        raise ValueError("v")
    except ValueError as err:
        err.add_note("noted in handler")
        raise
except ValueError as err:
    print(err.__notes__)


def gen_finally():
    try:
        yield 1
    finally:
        print("generator cleanup during exception")


try:
    for v in gen_finally():
        raise RuntimeError("stop loop")
except RuntimeError as e:
    print("caught", e)

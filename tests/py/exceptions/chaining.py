# Exception chaining: __context__, __cause__, __suppress_context__, raise from None.
def show(e):
    print(type(e).__name__, repr(str(e)),
          "cause=%r" % (e.__cause__,), "context=%r" % (e.__context__,), "suppress=%r" % e.__suppress_context__)


try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("implicit")
except ValueError as e:
    show(e)
try:
    try:
        {}["k"]
    except KeyError as k:
        raise RuntimeError("explicit") from k
except RuntimeError as e:
    show(e)
try:
    try:
        [][0]
    except IndexError:
        raise TypeError("hidden") from None
except TypeError as e:
    show(e)
try:
    raise OSError("direct") from ValueError("made up cause")
except OSError as e:
    show(e)
    show(e.__cause__)
try:
    try:
        raise KeyError("a")
    except KeyError:
        try:
            raise ValueError("b")
        except ValueError:
            raise TypeError("c")
except TypeError as e:
    chain = []
    cur = e
    while cur is not None:
        chain.append(repr(cur))
        cur = cur.__context__
    print(" <- ".join(chain))
try:
    raise ValueError("no context")
except ValueError as e:
    show(e)
e = ValueError("manual")
e.__cause__ = KeyError("set by hand")
print(e.__suppress_context__, repr(e.__cause__))
try:
    raise e
except ValueError as again:
    print(again is e, repr(again.__cause__), again.__suppress_context__)


def reraise_in_handler():
    try:
        raise ValueError("original")
    except ValueError as err:
        raise err


try:
    reraise_in_handler()
except ValueError as e:
    show(e)
try:
    try:
        raise ValueError("inner")
    finally:
        print("finally runs during propagation")
except ValueError as e:
    show(e)
try:
    try:
        raise ValueError("first")
    finally:
        raise KeyError("from finally")
except KeyError as e:
    show(e)
try:
    raise RuntimeError("with cause") from KeyError
except RuntimeError as e:
    print(repr(e.__cause__), type(e.__cause__).__name__)
try:
    raise ValueError from 5
except TypeError as e:
    print("TypeError:", e)

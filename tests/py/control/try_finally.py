# try/except/else/finally ordering, return/break/continue in finally.
def f(kind):
    try:
        print("  try", kind)
        if kind == "raise":
            raise ValueError("v")
        if kind == "return":
            return "from try"
    except ValueError as e:
        print("  except", e)
        return "from except"
    else:
        print("  else")
    finally:
        print("  finally")
    return "after"


for k in ["ok", "raise", "return"]:
    print(k, "->", f(k))


def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"


print(finally_overrides())


def finally_swallows():
    try:
        raise KeyError("lost")
    finally:
        return "swallowed"


print(finally_swallows())


def break_in_finally():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            break
    return i


print(break_in_finally())


def continue_in_finally():
    out = []
    for i in range(3):
        try:
            if i == 1:
                raise RuntimeError
            out.append(i)
        finally:
            out.append("f%d" % i)
            continue
    return out


print(continue_in_finally())


def nested():
    try:
        try:
            raise TypeError("inner")
        except ValueError:
            print("wrong handler")
        finally:
            print("inner finally")
    except TypeError as e:
        print("outer caught", e)
    finally:
        print("outer finally")


nested()


def return_value_evaluated_before_finally():
    x = [1]
    try:
        return x
    finally:
        x.append(2)


print(return_value_evaluated_before_finally())
for exc in [ValueError, KeyError, IndexError, ZeroDivisionError]:
    try:
        raise exc("boom")
    except (KeyError, IndexError) as e:
        print("tuple handler", type(e).__name__)
    except ArithmeticError as e:
        print("base handler", type(e).__name__)
    except Exception as e:
        print("generic handler", type(e).__name__, e)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        print("re-raising")
        raise
except ZeroDivisionError as e:
    print("caught re-raised:", e)
try:
    pass
except Exception:
    print("never")
else:
    print("else without exception")
e = "outer"
try:
    raise ValueError("x")
except ValueError as e:
    pass
try:
    print(e)
except NameError as err:
    print("NameError:", err)
i = 0
while i < 3:
    try:
        i += 1
        if i == 2:
            continue
        print("loop body", i)
    finally:
        print("loop finally", i)

# Traceback objects: tb_next chains from the outermost to the innermost frame, tb_lineno,
# and re-raising keeps the original entries.
import sys


def inner():
    raise ValueError("deep")


def middle():
    inner()


def outer():
    middle()


try:
    outer()
except ValueError as e:
    tb = e.__traceback__
    lines = []
    while tb is not None:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    print("lines:", lines)
    print(sys.exc_info()[2] is e.__traceback__, type(e.__traceback__).__name__)


def reraiser():
    try:
        inner()
    except ValueError:
        raise


try:
    reraiser()
except ValueError as e:
    tb = e.__traceback__
    n = 0
    while tb is not None:
        n += 1
        last = tb.tb_lineno
        tb = tb.tb_next
    print("entries after bare raise:", n, "innermost line:", last)


def raise_again(exc):
    raise exc


saved = None
try:
    inner()
except ValueError as e:
    saved = e
try:
    raise_again(saved)
except ValueError as e:
    tb = e.__traceback__
    seen = []
    while tb is not None:
        seen.append(tb.tb_lineno)
        tb = tb.tb_next
    print("re-raised elsewhere:", seen)
try:
    raise TypeError("x")
except TypeError as e:
    tb = e.__traceback__
    print(tb.tb_next is None, isinstance(tb.tb_lasti, int))
    try:
        tb.tb_next = 5
    except TypeError as err:
        print("TypeError:", err)
    try:
        tb.tb_next = tb
    except ValueError as err:
        print("ValueError:", err)

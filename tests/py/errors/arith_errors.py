# ZeroDivisionError, OverflowError and math domain errors.
import math


def show(label, fn):
    try:
        print(label, "->", fn())
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


show("1 / 0", lambda: 1 / 0)
show("1 // 0", lambda: 1 // 0)
show("1 % 0", lambda: 1 % 0)
show("divmod(1, 0)", lambda: divmod(1, 0))
show("1.0 / 0", lambda: 1.0 / 0)
show("1 / 0.0", lambda: 1 / 0.0)
show("1.0 // 0.0", lambda: 1.0 // 0.0)
show("1.5 % 0", lambda: 1.5 % 0)
show("divmod(1.0, 0)", lambda: divmod(1.0, 0))
show("0 ** -1", lambda: 0 ** -1)
show("0.0 ** -1", lambda: 0.0 ** -1)
show("2 ** 10000 big / 0", lambda: 2 ** 10000 // 0)
show("1j / 0", lambda: 1j / 0)
show("pow(2, -1, 4)", lambda: pow(2, -1, 4))
show("pow(2, 3, 0)", lambda: pow(2, 3, 0))
show("2.0 ** 10000", lambda: 2.0 ** 10000)
show("float(2 ** 1024)", lambda: float(2 ** 1024))
show("2 ** 1024 / 1", lambda: 2 ** 1024 / 1)
show("(2 ** 1024) / (2 ** 1023)", lambda: (2 ** 1024) / (2 ** 1023))
show("int(inf)", lambda: int(float("inf")))
show("int(nan)", lambda: int(float("nan")))
show("math.sqrt(-1)", lambda: math.sqrt(-1))
show("math.log(0)", lambda: math.log(0))
show("math.exp(1000)", lambda: math.exp(1000))
show("math.factorial(-1)", lambda: math.factorial(-1))
show("1 << -1", lambda: 1 << -1)
show("1 >> -1", lambda: 1 >> -1)
show("round(inf)", lambda: round(float("inf")))
show("(1.5).as_integer_ratio of nan", lambda: float("nan").as_integer_ratio())
show("10 ** 3", lambda: 10 ** 3)
show("1e308 * 10", lambda: 1e308 * 10)
show("chr(-1)", lambda: chr(-1))
show("chr(0x110000)", lambda: chr(0x110000))
show("range step 0", lambda: range(1, 2, 0))
print(issubclass(ZeroDivisionError, ArithmeticError), issubclass(OverflowError, ArithmeticError))

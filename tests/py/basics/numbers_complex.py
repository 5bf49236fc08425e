# complex: construction and parsing, repr, arithmetic (division, small-int and general
# powers), equality with other numbers, errors, methods.


def check(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
    else:
        print(repr(r))


inf = float("inf")
nan = float("nan")
vals = [1 + 2j, 1 - 2j, -1 - 2j, 2j, -2j, 0j, -0j, complex(-0.0, 0.0), complex(0.0, -0.0), complex(1, nan),
        complex(inf, -inf), 1e20j, 1.5 + 0j, complex(-1.5, 1e-20), complex(1e16, 1e-16), 3 + 4j]
for v in vals:
    print(repr(v), str(v), v.real, v.imag, v.conjugate(), abs(v), bool(v), -v, +v)
a, b = 3 + 4j, 1 - 2j
print(a + b, a - b, a * b, a / b, a ** 2, a ** -1, a ** 0.5, a ** b, 2 ** a, a + 1, 1 - a, a * 2.5, 2.5 / a)
print((1j) ** 2, (1j) ** 3, (1 + 1j) ** 10, (2 + 0j) ** 100, (1 + 1j) ** 101, (1j) ** 0, (0j) ** 0, (0j) ** 2, (1 + 2j) ** -3)
print(a == 3 + 4j, a != b, 1 + 0j == 1, 1 + 0j == 1.0, 1j == 1, 2 ** 53 + 1 == complex(2 ** 53, 0), complex(1, 0) == True)
print(complex(1, 2), complex(1.5), complex("1+2j"), complex(" ( 1e3-2.5J ) "), complex("j"), complex("-J"), complex("2"))
print(complex("1_0+2_0j"), complex("nan+nanj"), complex("-infj"), complex("1-j"), complex(real=1, imag=2), complex(imag=3))
print(complex(1j, 1j), complex(1 + 2j, 3 + 4j), complex(2.5, 1j), complex(True, False), complex(10 ** 20, -1), complex())
for bad in ["", "1e", "(1+2j", "1+2j)", "1+", "1 + 2j", "j1", "1__0j", "abc", "1+2", "1+2i"]:
    check(lambda: complex(bad))
check(lambda: complex("1+2j", 1))
check(lambda: complex(1, "2"))
check(lambda: complex(None))
check(lambda: complex([]))
check(lambda: complex(1, []))
check(lambda: complex(1, 2, 3))
check(lambda: complex(x=1))
check(lambda: 1j / 0)
check(lambda: 1j / 0j)
check(lambda: 0j ** -1)
check(lambda: 0j ** 1j)
check(lambda: (1 + 2j) ** 1000)
check(lambda: pow(1j, 2, 3))
check(lambda: 1j // 2)
check(lambda: 1j % 2)
check(lambda: divmod(1j, 2))
check(lambda: 1j < 2j)
check(lambda: 1j > 1)
check(lambda: int(1j))
check(lambda: float(1j))
check(lambda: round(1j))
check(lambda: abs(complex(1e308, 1e308)))
print(hash(1 + 2j), hash(complex(-1, 0)), hash(1j), hash(2 + 0j) == hash(2), hash(complex(1.5, -2.5)))
print((1 + 2j).__getnewargs__(), (1j).__sizeof__(), (1 + 2j).__complex__(), (1j).__add__(1), (1j).__radd__(1.5), (1j).__rsub__(2))
print((1j).__rtruediv__(2), (1j).__rpow__(2), (1j).__eq__(1j), (1j).__ne__(1), (1j).__eq__("a"), (1j).__add__("a"))


class MyComplex(complex):
    pass


c = MyComplex(1, 2)
print(c, type(c).__name__, c + 1, type(c + 1).__name__, MyComplex("3-4j"), c.real, abs(MyComplex(3, 4)), complex(c))


class Cx:
    def __complex__(self):
        return 1 + 1j


class Flt:
    def __float__(self):
        return 2.5


class Idx:
    def __index__(self):
        return 7


class BadCx:
    def __complex__(self):
        return 1


print(complex(Cx()), complex(Flt(), Idx()), complex(Idx()), complex(Flt()))
check(lambda: complex(BadCx()))

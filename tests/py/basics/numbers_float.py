# float: repr/str (shortest round-trip), arithmetic with CPython's sign rules for // and %,
# pow special cases, round(), conversions, float() parsing, hex/fromhex and methods.


def check(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
    else:
        print(repr(r))


inf = float("inf")
nan = float("nan")
reprs = [0.0, -0.0, 1.0, -1.5, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e16, 1e15, 9999999999999998.0, 1e22, 1e23,
         123456789012345678.0, 1e-4, 1e-5, 0.0001234, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
         2.0 ** 53, 2.0 ** 53 + 2, 2.0 ** 60, 2.0 ** -25, 630431581333226.25, 4.35, 0.1 + 0.2, 1.1 * 3,
         100.0, 1e100, 1.5e300 * 1.5e300, -1e-300 * 1e-300, 12345.678, 3.141592653589793, 2.5e-7, 7e22, 9.5]
for v in reprs:
    print(repr(v), str(v), v.hex(), float.fromhex(v.hex()) == v or v != v)
print(inf, -inf, nan, repr(-nan), inf.hex(), (-inf).hex(), nan.hex())
pairs = [(7.5, 2.0), (-7.5, 2.0), (7.5, -2.0), (-7.5, -2.0), (1.0, 0.1), (5.0, 2.5), (-0.0, 1.0), (0.0, -1.0),
         (1e308, 1e-308), (3.0, inf), (-3.0, inf), (inf, 3.0), (nan, 1.0), (1e-320, 3.0), (6.0, 3)]
for a, b in pairs:
    print(a + b, a - b, a * b, a / b, a // b, a % b, divmod(a, b), a < b, a == b)
print(0.1 + 0.2 == 0.3, 0.5 + 0.25, 1e16 + 1, 1e16 + 2, 2.0 ** 0.5, 10.0 ** 20, 4 ** 0.5, 2.0 ** -1074, 2.0 ** -1075)
print(-0.0 + 0.0, 0.0 * -1, -0.0 * -0.0, abs(-0.0), -(0.0), +(-0.0), inf - inf, inf * 0, inf / inf, nan + 1)
print((-8.0) ** (1 / 3), (-2.0) ** 0.5, (-2) ** 0.5, (-1.0) ** 0.5, 2.0 ** 3, (-2.0) ** 3, (-2.0) ** -2)
print(1.0 ** nan, nan ** 0, inf ** 0, 0.0 ** 0.0, (-1.0) ** inf, 0.5 ** inf, 2.0 ** -inf, (-inf) ** 3, (-inf) ** -3, (-inf) ** 2)
print(0.0 ** 3, (-0.0) ** 3, (-0.0) ** 2, 1.5 ** 2, 10 ** -1, 3 ** -1.5)
check(lambda: 1.0 / 0)
check(lambda: 1.0 // 0.0)
check(lambda: 1.0 % 0)
check(lambda: divmod(1.0, 0))
check(lambda: 0.0 ** -1)
check(lambda: 0 ** -1.0)
check(lambda: 2.0 ** 5000)
check(lambda: 10.0 ** 400)
check(lambda: (-10.0) ** 401)
check(lambda: pow(2.0, 1, 4))
check(lambda: 1.5 + "a")
check(lambda: 1.5 & 1)
check(lambda: 1.5 << 1)
check(lambda: ~1.5)
print(1 == 1.0, 2 ** 53 + 1 == 2.0 ** 53, 2 ** 53 + 1 > 2.0 ** 53, 10 ** 400 > 1e308, -(10 ** 400) < -1e308, 10 ** 400 < inf)
print(nan == nan, nan != nan, nan < 1, nan >= 1, 1 < nan, [nan] == [nan], 3 == 3.0000000000000004, 2 ** 63 == 2.0 ** 63)
print(0.5 < 1, 1 < 1.5, -1 > -1.5, True == 1.0, 1.0 == True, 9007199254740993 == 9007199254740992.0)
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(-0.5), round(2.675, 2), round(1234.5678, -2), round(1250.0, -2))
print(round(7.0), type(round(7.0)).__name__, round(7.25, 1), round(-0.4, 0), round(0.125, 2), round(0.375, 2), round(1e300, -299))
print(round(1.5, 400), round(1.5, -400), round(-1.5, -400), round(inf, 2), round(nan, 2), round(1.23456e-300, 305), round(5e-324, 323))
check(lambda: round(inf))
check(lambda: round(nan))
check(lambda: round(1.7976931348623157e308, -308))
check(lambda: round(1.5, 1.5))
check(lambda: round(1.5, "a"))
print(int(3.99), int(-3.99), int(1e20), int(-1e300) == -(10 ** 300) or int(-1e300) < 0, float(7), float(-0), float(2 ** 80))
print(float("3.5"), float("-1e3"), float("  .5 "), float("5."), float("1_0.5"), float(" -12.5e2 "), float("1.e5"), float("+1E-2"))
print(float("inf"), float("-Infinity"), float("nAn"), float("1e500"), float("-1e500"), float("1e-500"), float(b"1.5"), float(bytearray(b"2")))
print(float("\u0663.\u0665"), float("\u3000 7 \u3000"), float(True), float(10 ** 20), float(" 0_1.2_5e1_0 "))
for bad in ["", " ", "abc", "1.5.2", "1__0", "_1", "1_", "1e", "e5", ".", "0x10", "infinit", "nan_", "1,5", "- 1", "1.5\x1c"]:
    check(lambda: float(bad))
check(lambda: float(b"x"))
check(lambda: float(None))
check(lambda: float([]))
check(lambda: float(1, 2))
check(lambda: float(x=1))
check(lambda: float(2 ** 1024))
print((0.75).as_integer_ratio(), (-0.1).as_integer_ratio(), (1e300).as_integer_ratio()[1], (5e-324).as_integer_ratio()[1] == 2 ** 1074)
print((3.0).is_integer(), (3.5).is_integer(), inf.is_integer(), nan.is_integer(), (-0.0).is_integer())
check(lambda: nan.as_integer_ratio())
check(lambda: inf.as_integer_ratio())
print(float.fromhex("0x1.8p1"), float.fromhex(" -0X.8p-1 "), float.fromhex("1"), float.fromhex("0x1p-1074"), float.fromhex("0x1p-1075"), float.fromhex("0x1.8p-1074"))
print(float.fromhex("inf"), float.fromhex("-infinity"), float.fromhex("nan"), float.fromhex("0x1.fffffffffffff8p1022"), float.fromhex("0x.0000000000001p-1022"))
check(lambda: float.fromhex("0x1p1024"))
check(lambda: float.fromhex("0x1.fffffffffffff8p1023"))
check(lambda: float.fromhex("zz"))
check(lambda: float.fromhex("0x"))
check(lambda: float.fromhex(1))
print((0.1).hex(), (1.5).hex(), (-2.0).hex(), (5e-324).hex(), (1e-310).hex(), (0.0).hex(), (-0.0).hex())
print((2.5).__trunc__(), (2.5).__floor__(), (-2.5).__ceil__(), (2.5).__int__(), (2.5).__float__(), (2.5).__bool__(), (0.0).__bool__())
print((2.5).__round__(), (3.5).__round__(), (2.55).__round__(1), (2.5).__getnewargs__(), (2.5).__sizeof__(), (2.5).conjugate(), (2.5).real, (2.5).imag)
print((2.5).__add__(1), (2.5).__radd__(1), (2.5).__rsub__(1), (2.5).__rtruediv__(1), (2.5).__rpow__(2), (2.5).__rdivmod__(7), (2.5).__add__("a"))
print((2.5).__eq__(2.5), (2.0).__eq__(2), (2.5).__lt__(3), (2.5).__gt__(True), nan.__eq__(nan), nan.__ne__(nan), (1.0).__eq__("1"))
print(float.__getformat__("double"), float.__getformat__("float"))
check(lambda: float.__getformat__("x"))
check(lambda: (2.5).__pow__(2, 3))
check(lambda: (2.5).is_integer(1))
check(lambda: float.__new__(int))
print(hash(1.5), hash(-1.0), hash(1e300), hash(inf), hash(-inf), hash(0.0) == hash(-0.0) == hash(0), hash(2.0) == hash(2), hash(1e100))
print(hash(1.5e-300), hash(2.0 ** 70) == hash(2 ** 70), hash(-0.5), hash(123456.789))


class MyFloat(float):
    pass


f = MyFloat(2.5)
print(f, repr(f), f + 1, type(f + 1).__name__, type(f).__name__, MyFloat("1e3") * 2, MyFloat(), float(f), type(float(f)).__name__)
print(MyFloat.fromhex("0x1p-2"), type(MyFloat.fromhex("0x1p-2")).__name__, f.real, type(f.real).__name__, f.hex(), -f, abs(MyFloat(-1)))


class Flt:
    def __float__(self):
        return 2.5


class Idx:
    def __index__(self):
        return 7


class BadFloat:
    def __float__(self):
        return 1


print(float(Flt()), float(Idx()))
check(lambda: float(BadFloat()))
print(sum([0.1] * 10), max(1.5, 2), min(-0.0, 0.0), sorted([3.5, -1, 2, 0.5, True]), [x / 10 for x in range(11)])

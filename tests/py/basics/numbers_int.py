# int and bool: arithmetic (SmallInt and big), sign rules, shifts, bitwise ops, pow,
# conversions, int() parsing, methods and their error messages.


def check(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
    else:
        print(repr(r))


S = 2 ** 62  # just past the SmallInt range
vals = [0, 1, -1, 7, -7, 3, -3, S - 1, S, -S, -S - 1, 2 ** 64 + 5, -(2 ** 100) - 3, 10 ** 30 + 7]
for a in vals:
    for b in vals:
        print(a + b, a - b, a * b, a & b, a | b, a ^ b, a < b, a == b, a >= b)
        if b:
            print(" ", a // b, a % b, divmod(a, b), a / b)
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7 % 3, -7 % 3, 7 % -3, -7 % -3)
print((S - 1) + 1, -S - 1, S * S, -(-S), abs(-S), ~S, ~(-S - 1), -(S - 1) - 2)
print(1 << 62, 1 << 63, 1 << 200, -1 << 70, 5 >> 1, -5 >> 1, -5 >> 100, 5 >> 100, (2 ** 100) >> 98, -(2 ** 100) >> 98)
print((1 << 200) >> 199, 12345678901234567890 >> 3, 3 << 0, 0 << 10 ** 20, -1 >> 10 ** 20)
print(2 ** 10, 2 ** 62, 2 ** 63, 2 ** 64, (-2) ** 63, (-3) ** 3, 3 ** 40, 7 ** 0, 0 ** 0, 0 ** 5, (-1) ** (10 ** 20 + 1))
print(2 ** -1, 2 ** -2, (-2) ** -3, 10 ** -5, type(2 ** -1).__name__)
print(pow(2, 10, 1000), pow(3, 200, 10 ** 9 + 7), pow(-3, 3, 7), pow(3, 2, -5), pow(3, -1, 7), pow(3, -2, -5), pow(2 ** 100, 2 ** 100, 97))
print(10 ** 20 // 3, 10 ** 20 % 3, -(10 ** 20) // 3, -(10 ** 20) % 3, divmod(-(10 ** 20), 7), divmod(10 ** 20, -7))
print(1 / 3, 2 / 3, 10 / 4, -1 / 3, 7 / 7, (2 ** 60 + 1) / 3, 10 ** 30 / 10 ** 10, -(10 ** 300) / 7, 1 / 10 ** 400)
print(2 ** 1023 * 2 // 2 ** 1024, (2 ** 1024 - 2 ** 970) / 1 if False else 0, (2 ** 53 + 1) / 1, (2 ** 54 + 3) / 1)
print(-0 == 0, abs(-5), +5, -(-5), ~5, ~-1, -True, ~True, +True, abs(False))
print(True + True, True * 3, True / 2, True // 1, True - False, True & True, True | False, True ^ True, False ^ False)
print(type(True & True).__name__, type(True & 1).__name__, type(True + 0).__name__, True == 1, False == 0)
print(int(True), int(-3.99), int(3.99), int(1e20), int(-1e20), int(2.5e-3), int(float(2 ** 80)))
print(int("42"), int(" -17 "), int("+5"), int("1_000"), int("ff", 16), int("FF", 16), int("0xff", 16), int("0xff", 0))
print(int("0o17", 0), int("0b101", 0), int("z", 36), int("Z", 36), int("777", 8), int("-101", 2), int("10", base=3))
print(int("0_0", 0), int("00", 0), int("  0x_1f  ", 0), int(b"12"), int(bytearray(b" 77 ")), int("\u0663\u0664"), int("\u3000 42 \u3000"))
print(int("9" * 100), int("-" + "1" * 50), int("1" * 1000, 2) == 2 ** 1000 - 1)
for bad in ["", " ", "abc", "1.5", "1__0", "_1", "1_", "0x", "010", "12a", "- 5", "1e5", "٣x", "\x1c12"]:
    check(lambda: int(bad))
check(lambda: int("010", 0))
check(lambda: int("0x1g", 16))
check(lambda: int("12", 1))
check(lambda: int("12", 37))
check(lambda: int("12", -1))
check(lambda: int(12, 10))
check(lambda: int(1.5, 10))
check(lambda: int(None))
check(lambda: int([1]))
check(lambda: int(b"abc"))
check(lambda: int("x" * 300))
check(lambda: int(float("nan")))
check(lambda: int(float("inf")))
check(lambda: int(float("-inf")))
check(lambda: int("1" * 5000))
check(lambda: len(str(10 ** 4299)))
check(lambda: int(x=5))
check(lambda: int("5", base=2.5))
check(lambda: int(base=10))
check(lambda: int(1, 2, 3))
check(lambda: 1 / 0)
check(lambda: 1 // 0)
check(lambda: 1 % 0)
check(lambda: divmod(1, 0))
check(lambda: (10 ** 30) // 0)
check(lambda: 0 ** -1)
check(lambda: pow(2, -1, 4))
check(lambda: pow(0, -1, 5))
check(lambda: pow(3, 2, 0))
check(lambda: 1 << -1)
check(lambda: 1 >> -1)
check(lambda: 1 << (1 << 62))
check(lambda: 10 ** 400 / 1)
check(lambda: float(10 ** 400))
check(lambda: 10 ** 400 + 1.0)
check(lambda: 1 @ 2)
check(lambda: 1 + "a")
check(lambda: "a" + 1)
check(lambda: 1 ^ 1.5)
check(lambda: ~1.5)
check(lambda: -"a")
print((255).bit_length(), (-256).bit_length(), (0).bit_length(), (2 ** 100).bit_length(), (S).bit_length())
print((255).bit_count(), (-255).bit_count(), (2 ** 100 - 1).bit_count(), (0).bit_count())
print((1024).to_bytes(2, "big"), (1024).to_bytes(2, "little"), (1024).to_bytes(4), (-1).to_bytes(2, "big", signed=True))
print((255).to_bytes(1, "big"), (-128).to_bytes(1, "little", signed=True), (0).to_bytes(0, "big"), (2 ** 70).to_bytes(9, "big"))
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\x01\x00", "little"), int.from_bytes(b"\xff\xfe", "big", signed=True))
print(int.from_bytes([1, 2, 3], "little"), int.from_bytes(b"", "big"), int.from_bytes(bytearray(b"\x80"), "big", signed=True))
check(lambda: (256).to_bytes(1, "big"))
check(lambda: (-1).to_bytes(2, "big"))
check(lambda: (128).to_bytes(1, "big", signed=True))
check(lambda: (1).to_bytes(-1, "big"))
check(lambda: (1).to_bytes(1, "middle"))
check(lambda: (1).to_bytes(1, 5))
check(lambda: (1).to_bytes(1, "big", True))
check(lambda: int.from_bytes("ab", "big"))
check(lambda: int.from_bytes([256], "big"))
check(lambda: int.from_bytes())
print((7).as_integer_ratio(), (-7).conjugate(), (7).real, (7).imag, (7).numerator, (7).denominator, True.real, True.numerator)
print((7).__index__(), (7).__int__(), (7).__float__(), (7).__trunc__(), (7).__floor__(), (7).__ceil__(), (7).__bool__(), (0).__bool__())
print((7).__round__(), (17).__round__(-1), (15).__round__(-1), (25).__round__(-1), (-25).__round__(-1), (7).__round__(3), round(12345, -2))
print(round(2 ** 100 + 5, -1), round(5, -100), round(True), type(round(True)).__name__, round(-0), round(150, -2), round(250, -2))
print((7).__getnewargs__(), (0).__sizeof__(), (1).__sizeof__(), (2 ** 100).__sizeof__(), True.__sizeof__())
print((1).__add__(2), (1).__add__(2.0), (5).__rsub__(2), (2).__rpow__(3), (2).__pow__(10, 7), (5).__rdivmod__(17), (1).__eq__("a"))
print((3).__lt__(4), (3).__ge__(4), (3).__ne__(3), (3).__eq__(3.0), (3).__radd__(True), (3).__rlshift__(1), (6).__rtruediv__(3))
check(lambda: (1).__add__())
check(lambda: (1).__add__(1, 2))
check(lambda: (1).__neg__(1))
check(lambda: (1).bit_length(1))
check(lambda: (5).__round__("a"))
check(lambda: (5).__round__(1, 2))
check(lambda: (5).__format__(1))
print(hash(0), hash(1), hash(-1), hash(-2), hash(2 ** 61 - 2), hash(2 ** 61 - 1), hash(2 ** 61), hash(-(2 ** 61)), hash(10 ** 100), hash(-(10 ** 100)))
print(hash(True), hash(False), hash(S), hash(-S - 1), (5).__hash__(), (-1).__hash__())
print(bool(0), bool(-1), bool(S), bool(10 ** 30), bool(True), bool(), int(), bool(1.5), bool(""), bool("0"))
check(lambda: bool(1, 2))
check(lambda: bool(x=1))
check(lambda: int.__new__(float))
check(lambda: int.__new__(bool))
check(lambda: int.__new__(1))
check(lambda: bool.__new__(int))


class MyInt(int):
    def __repr__(self):
        return "MyInt(" + str(int(self)) + ")"


m = MyInt(42)
print(m, repr(m), str(m), m + 1, type(m + 1).__name__, m * m, -m, type(-m).__name__, m == 42, hash(m) == hash(42))
print(MyInt("ff", 16), MyInt(3.9), MyInt(), isinstance(m, int), int(m), type(int(m)).__name__, m.real, type(m.real).__name__)
print(m.bit_length(), m.to_bytes(2, "big"), MyInt.from_bytes(b"\x05", "big"), type(MyInt.from_bytes(b"\x05", "big")).__name__)
print(format(m, "x"), f"{m:>6}", round(m), abs(MyInt(-3)), divmod(m, 5), m.__index__(), type(m.__index__()).__name__)


class Idx:
    def __index__(self):
        return 7


class IntM:
    def __int__(self):
        return 9


class BadInt:
    def __int__(self):
        return "x"


print(int(IntM()), [10, 20, 30, 40, 50, 60, 70, 80][Idx()], bin(Idx()), hex(Idx()), oct(Idx()), int(Idx()))
check(lambda: int(BadInt()))
print(bin(0), bin(-5), bin(2 ** 70), oct(8), oct(-8), hex(255), hex(-255), hex(2 ** 64))

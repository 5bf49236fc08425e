# int(), float(), str(), bool() conversions, isinstance/issubclass and hash of ints/tuples.
print(int("42"), int(" -17 "), int("+5"), int("1_000"), int("ff", 16), int("0xff", 16), int("0xff", 0), int("0o17", 0), int("0b101", 0))
print(int("z", 36), int("777", 8), int("-101", 2), int(3.9), int(-3.9), int(True), int("10", base=3))
print(float("3.5"), float("-1e3"), float(2), float("  .5 "), float("5."), float("1_0.5"), float(True))
print(str(42), str(-0.5), str(True), str(None), str([1, "x"]), str((1,)), str({1: "a"}), str(b"b"), str(1e100))
print(repr(42), repr("x"), repr(1.0), repr(None), repr([None]), repr((1.5, "a")))
print(bool(0), bool(""), bool("False"), bool([None]), bool(0.0), bool(-1))
print(list("abc"), tuple([1, 2]), set((1, 1)), dict([("k", "v")]), list({1: 2}), frozenset("aa"))
print(int(10 ** 20), int(-2 ** 63), int("9" * 30), float("9" * 20), int(float("1e18")))
print(chr(955), ord("λ"), hex(ord("λ")), "%c" % 955, str(0.1 + 0.7))
print(hash(0), hash(1), hash(-1), hash(-2), hash(10 ** 6), hash(2 ** 61 - 2), hash(2 ** 61 - 1), hash(2 ** 100), hash(-(2 ** 100)))
print(hash(()), hash((1,)), hash((1, 2)), hash((1, (2, 3))), hash((-1,)), hash((0, 0)), hash(((), ())))
print(hash(1.0), hash(0.5), hash(-2.5), hash(1e100), hash(float("inf")), hash(float("-inf")), hash(True), hash(None) == hash(None))
print(hash((1, 2.0, True)) == hash((1, 2, 1)), hash(frozenset()), hash(frozenset({1, 2, 3})))
print(isinstance(1, int), isinstance(True, int), isinstance(1, bool), isinstance(1.0, (int, float)), isinstance([], (list, tuple)))
print(isinstance(None, type(None)), isinstance(int, type), isinstance(type, type), isinstance(object, type), isinstance(type, object))
print(issubclass(bool, int), issubclass(int, bool), issubclass(int, (float, object)), issubclass(ZeroDivisionError, ArithmeticError))
print(int.__name__, float.__name__, type(1).__name__, type(int).__name__, int.__mro__, bool.__bases__)
print(type(1 + 1.0).__name__, type(1 + 1j).__name__, type(True + 1).__name__, type(3 / 1).__name__, type(6 // 2).__name__)
for v in ["12", "-0", "٣", "1e5", "inf", "0x10", " 7 ", "1_2"]:
    try:
        print(repr(v), "int ->", int(v))
    except ValueError as e:
        print(repr(v), "int ValueError:", e)
    try:
        print(repr(v), "float ->", float(v))
    except ValueError as e:
        print(repr(v), "float ValueError:", e)
print(int(), float(), str(), bool(), list(), tuple(), dict(), complex())
print(round(2.5), round(3.5), round(-0.5), round(1.5), round(25, -1), round(35, -1), round(-25, -1))
print(abs(-7), abs(2.5), abs(-3 + 4j), int(abs(-(10 ** 20))))
print(str(12345678901234567890) == "12345678901234567890", int("000123"), int("-0"), float("-0"))
print(format(1234.5), format(10, "b"), str(1.0e-10), str(123456789.0), str(1234567890123456789.0))

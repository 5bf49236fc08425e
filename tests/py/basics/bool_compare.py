# Boolean operators, truthiness, comparisons and chaining, bit operations.
print(True and False, True or False, not True, not 0, not "")
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, "" or "x", [] or {} or None)
print(None and 1, "a" and "b" and "c", 0 or "" or [])


def t(name, v):
    print("eval", name)
    return v


print(t("a", 0) and t("b", 1))
print(t("c", 1) or t("d", 1))
print(t("e", 1) and t("f", 0) or t("g", 2))
for v in [0, 1, -1, 0.0, 0.5, "", "0", [], [0], (), {}, {0: 0}, set(), None, 0j, range(0), range(1)]:
    print(repr(v), bool(v))
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1 > 0, 1 == 1.0 == True, 1 < 2 > 0)
print(t("x", 1) < t("y", 0) < t("z", 5))
print(1 != 2, 2 <= 2, 3 >= 4, "a" < "b", "abc" < "abd", "Z" < "a", "" < "a")
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, "a") < (1, "b"), (2,) > (1, 99))
print([1, 2] == [1, 2], [1, 2] == (1, 2), {1: 2} == {1: 2}, {1, 2} == {2, 1})
print({1, 2} < {1, 2, 3}, {1, 2} <= {1, 2}, {1, 4} > {1}, {1, 2} < {3})
one = 1
print(None is None, None == None, one is not None, [] is [], type(None).__name__)
print(True == 1, False == 0, True + True, True * 10, -True, ~True, True is True)
print(isinstance(True, int), issubclass(bool, int), bool.__mro__)
print(str(True), repr(False), int(True), float(False), True / 2)
print(0b1010 & 0b0110, 0b1010 | 0b0110, 0b1010 ^ 0b0110, ~0b1010, 1 << 10, 1024 >> 3, -16 >> 2)
print(0xFF, 0o17, 0b11, 1_000_000, 0x_ff, -0x10)
print(5 & -3, -5 | 3, -5 ^ -3, ~-1, ~0)
print(True & False, True | False, True ^ True, type(True & True).__name__, type(True & 2).__name__)
x = 5
print(0 < x < 10, 0 < x > 3, x == 5 != 6)
print(max(True, 0), min(False, True), sorted([True, False, True]))
print(1 in [1, 2], 3 not in [1, 2], "ell" in "hello", "x" not in "hello", 2 in {2: 3}, 3 in range(0, 10, 3))

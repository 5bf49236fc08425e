# Sign rules of //, %, divmod and pow for ints (floor semantics).
pairs = [(7, 3), (-7, 3), (7, -3), (-7, -3), (0, 5), (6, 3), (-6, 3), (1, 10), (-1, 10)]
for a, b in pairs:
    print(a, b, a // b, a % b, divmod(a, b), a / b)
for a, b in [(7.0, 3), (-7, 3.0), (7, -3.0), (-7.0, -3.0), (5.5, -2)]:
    print(a, b, a // b, a % b, divmod(a, b))
print(2 ** 10, 2 ** 0, 0 ** 0, (-2) ** 3, (-2) ** 4, -2 ** 4)
print(2 ** -1, 2 ** -2, (-2) ** -3, 10 ** -3)
print(pow(2, 10), pow(2, -2), pow(3, 4, 5), pow(-3, 3, 7), pow(3, -1, 7), pow(38, -1, 97))
print(pow(2, 0, 1), pow(0, 0), pow(5, 3, -7), pow(-5, 3, -7))
print(pow(2.0, 3), pow(4, 0.5), pow(-1, 0.5) == complex(-1) ** 0.5)
print(type(2 ** 3).__name__, type(2 ** -3).__name__, type(4 ** 0.5).__name__)
print(-7 // 2 * 2 + -7 % 2, 7 // -2 * -2 + 7 % -2)
print(-(7 // 2), -7 // 2, -(-7 // 2))
print(13 % 1, -13 % 1, 1 % 13, -1 % 13)
print(abs(-5), abs(5), abs(-5.5), abs(0))
x = 10
x //= 3
print(x)
x **= 3
print(x)
x %= 7
print(x)
x -= 10
x //= 4
print(x)
print(divmod(2 ** 65, -3), divmod(-(2 ** 65), 3))
print(True // 2, True % 2, divmod(True, True), False ** 0)

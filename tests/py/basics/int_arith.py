# The first program ember runs: small ints, loops, calls, recursion.
print(1 + 2)
print(7 - 10)
print(6 * 7)
print(17 // 5)
print(17 % 5)
print(3 < 4)
print(4 == 5)
a = 40
b = 2
print(a + b, a - b, a * b, a // b, a % b)
print(a < b, a == b, a > b)
total = 0
i = 1
while i <= 100:
    total = total + i
    i = i + 1
print(total)


def add(x, y):
    return x + y


print(add(a, b))


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(15))

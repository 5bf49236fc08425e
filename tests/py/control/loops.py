# if/elif/else, while/else, for/else, break and continue.
for n in [-5, 0, 3, 10, 100]:
    if n < 0:
        kind = "negative"
    elif n == 0:
        kind = "zero"
    elif n < 10:
        kind = "small"
    else:
        kind = "large"
    print(n, kind)
i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    print("while", i)
else:
    print("while finished normally")
i = 0
while True:
    i += 1
    if i > 3:
        break
print("broke at", i)
while i < 0:
    print("never")
else:
    print("while-else on false condition")
for x in range(3):
    print("for", x)
else:
    print("for-else ran")
for x in range(10):
    if x == 4:
        print("break at", x)
        break
else:
    print("not printed")
primes = []
for n in range(2, 40):
    for p in primes:
        if n % p == 0:
            break
    else:
        primes.append(n)
print(primes)
for i in range(3):
    for j in range(3):
        if j == i:
            continue
        if j > 1:
            break
        print("pair", i, j)
count = 0
for _ in []:
    count += 1
else:
    print("empty for-else, count =", count)
x = 10
while x:
    x -= 3 if x > 3 else x
print("x =", x)
result = "yes" if 3 > 2 else "no"
print(result, "a" if 0 else "b" if 1 else "c")
for i, ch in enumerate("abc"):
    if ch == "b":
        pass
    print(i, ch)
n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("collatz steps", steps)
items = [1, 2, 3]
for it in items:
    if it == 1:
        items.append(4)
    print("iter", it)
for loopvar in range(5):
    pass
print("loop var after loop", loopvar)

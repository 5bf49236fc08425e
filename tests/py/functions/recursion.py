# Recursive functions.
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print([fib(i) for i in range(20)])


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print(fact(25), fact(0))


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


print(ackermann(2, 3), ackermann(3, 3))


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


print(is_even(100), is_odd(77), is_even(7))
moves = []


def hanoi(n, src, dst, via):
    if n:
        hanoi(n - 1, src, via, dst)
        moves.append((src, dst))
        hanoi(n - 1, via, dst, src)


hanoi(4, "A", "C", "B")
print(len(moves), moves[:5])


def flatten(x):
    if isinstance(x, list):
        out = []
        for item in x:
            out.extend(flatten(item))
        return out
    return [x]


print(flatten([1, [2, [3, [4, [5]]]], [], [[6]]]))


def permutations(items):
    if len(items) <= 1:
        return [items]
    result = []
    for i in range(len(items)):
        for p in permutations(items[:i] + items[i + 1:]):
            result.append(items[i:i + 1] + p)
    return result


print(permutations("abc"), len(permutations([1, 2, 3, 4, 5])))


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(900))


def memo_fib(n, memo={}):
    if n in memo:
        return memo[n]
    r = n if n < 2 else memo_fib(n - 1) + memo_fib(n - 2)
    memo[n] = r
    return r


print(memo_fib(300))


def quicksort(xs):
    if len(xs) <= 1:
        return xs
    pivot, rest = xs[0], xs[1:]
    return quicksort([x for x in rest if x < pivot]) + [pivot] + quicksort([x for x in rest if x >= pivot])


print(quicksort([5, 3, 9, 1, 5, 7, 2, 8, 0, 6, 4]))


def power_set(s):
    if not s:
        return [[]]
    sub = power_set(s[1:])
    return sub + [[s[0]] + x for x in sub]


print(power_set([1, 2, 3]))

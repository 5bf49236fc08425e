# Adjacent local loads/stores run as one superinstruction; errors in either half keep
# their own line numbers, and jumps may land on the second half.

def pair(flag):
    if flag:
        y = 2
    x = 1
    return (x,
            y)

def lines(exc):
    tb = exc.__traceback__
    out = []
    while tb is not None:
        out.append(tb.tb_lineno)
        tb = tb.tb_next
    return out

print(pair(True))
try:
    pair(False)
except UnboundLocalError as e:
    print(type(e).__name__, e, lines(e))

def first_unbound(flag):
    if flag:
        a = 1
    b = 2
    return (a,
            b)
try:
    first_unbound(False)
except UnboundLocalError as e:
    print(type(e).__name__, e, lines(e))

def swap_loop(n):
    a, b = 0, 1
    i = 0
    while i < n:
        a, b = b, a + b
        i = i + 1
    return a, b

print(swap_loop(10))

def const_then_local(v):
    s = 0
    for k in range(3):
        s = s + 2 * v + k
        t2 = s
        s = t2
    return s, 10 - v

print(const_then_local(4))
print(len(pair.__code__.co_code) > 0)

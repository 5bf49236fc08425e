# Huge repetitions fail cleanly (MemoryError/OverflowError) without allocating.
def check(f):
    try:
        r = f()
        print(type(r).__name__, len(r))
    except Exception as e:
        print(type(e).__name__ + ":", e)

check(lambda: [0] * 10 ** 12)
check(lambda: [0, 1] * 2 ** 62)
check(lambda: [0] * 2 ** 64)
check(lambda: (0,) * 10 ** 12)
check(lambda: "ab" * 10 ** 12)
check(lambda: "ab" * 2 ** 62)
check(lambda: b"ab" * 10 ** 12)
check(lambda: bytearray(b"ab") * 10 ** 12)
check(lambda: [0] * 10 ** 6)
x = [1, 2]
try:
    x *= 10 ** 12
except MemoryError:
    print("MemoryError", len(x))
check(lambda: bytes(10 ** 12))
check(lambda: range(10 ** 30))
print(len(range(10 ** 6)), len([None] * 1000), len("x" * 100000))

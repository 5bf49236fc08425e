# Slicing and slice objects on str, list, tuple, range; slice assignment and deletion.
s = "abcdefghij"
print(s[2:5], s[:3], s[7:], s[-3:], s[:-3], s[::2], s[1::3], s[::-1], s[-2:2:-2], s[5:2])
print(s[100:], s[-100:3], s[3:-100], s[::-3], s[8:1:-2], s[0:0])
L = list(range(10))
print(L[2:8:2], L[::-1], L[-1:-4:-1], L[:], L[:] is L, L[1:1])
t = tuple(range(6))
print(t[1:4], t[::-2], t[10:], type(t[1:2]).__name__)
r = range(0, 20, 3)
print(r[2:5], r[::-1], r[-2:], list(r[1::2]), r[3], r[-1], len(r[::2]))
sl = slice(1, 8, 2)
print(sl, sl.start, sl.stop, sl.step, s[sl], L[sl], slice(5), slice(None, None, -1))
print(sl.indices(5), slice(-3, None).indices(10), slice(None, None, -1).indices(4))
print(slice(1, 2) == slice(1, 2), slice(1, 2) == slice(1, 3))
L[2:4] = ["x", "y", "z"]
print(L)
L[::3] = [0, 0, 0, 0]
print(L)
L[1:3] = []
print(L)
del L[::2]
print(L)
del L[1:]
print(L)
L[:0] = [7, 8]
print(L)
L[len(L):] = [9]
print(L)
L[-1:] = "ab"
print(L)
try:
    L[::2] = [1]
except ValueError as e:
    print("ValueError", e)
b = bytearray(b"hello")
b[1:3] = b"EE"
print(b, b[::-1], bytes(b[1:4]))
m = [[1, 2], [3, 4]]
c = m[:]
c[0].append(9)
c.append(5)
print(m, c)
print("abc"[1:][::-1], [1, 2, 3][-2:][0])


class Probe:
    def __getitem__(self, key):
        return key


p = Probe()
print(p[1:2], p[::3], p[1:2, 3], p[...], p[:, None], p["k"])

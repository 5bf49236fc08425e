import _random
r = _random.Random(42); print(r.random(), r.getrandbits(70)); s = r.getstate(); print(type(s), len(s), s[:3], s[-1])
r.seed(2**100+5); print(r.random())
r.seed(-7); print(r.random())
for bad in [3.5, (1, 2), [1]]:
    try: r.seed(bad); print('seeded', r.random())
    except TypeError as e: print(e)
r.seed(); print(type(r.random()))
r2 = _random.Random(); r2.setstate(_random.Random(5).getstate()); print(r2.random())
print(r.getrandbits(0))
try: r.getrandbits(-1)
except ValueError as e: print(e)
class R(_random.Random): pass
print(R(1).random(), _random.Random.__module__)
for bad in [(1,2), 5, tuple(range(625)), tuple([2**32]*624+[0])]:
    try: r.setstate(bad); print('ok')
    except (TypeError, ValueError, OverflowError) as e: print(type(e).__name__, e)
print(_random.Random(0).getrandbits(32), _random.Random(0).getrandbits(64), _random.Random(2**32).random(), _random.Random(True).random())
g = _random.Random(12345); print([g.getrandbits(k) for k in (1, 5, 31, 32, 33, 64, 65, 100)])
print(sum(g.random() for _ in range(10000)))

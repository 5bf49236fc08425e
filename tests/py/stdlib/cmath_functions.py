# cmath: every function on ordinary arguments, printed exactly (repr round-trips doubles).
import cmath

print(cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.nan, cmath.infj, cmath.nanj)
print(type(cmath.infj).__name__, type(cmath.nan).__name__)

points = [0j, 1 + 0j, -1 + 0j, 1j, -1j, 0.5 + 0.25j, -2.5 + 3j, 3 - 4j, 1e-8 + 1e-8j,
          1e10 - 2e10j, 700 + 1j, -700 + 0.5j, 1e-320 + 1e-320j, 1e308 + 1e308j, 2 + 0j,
          complex(-0.0, 0.0), complex(0.0, -0.0), complex(-1.0, -0.0), 0.9 + 0.3j]
names = ['sqrt', 'exp', 'log', 'log10', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan',
         'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh']
for name in names:
    f = getattr(cmath, name)
    results = []
    for z in points:
        try:
            results.append(repr(f(z)))
        except (ValueError, OverflowError) as e:
            results.append(type(e).__name__)
    print(name, ' '.join(results))

for z in [0j, 1j, -1 + 0j, complex(-1, -0.0), 3 + 4j, -3 - 4j, 1e-300 + 1e300j]:
    print(z, cmath.phase(z), cmath.polar(z))
for r, phi in [(1, 0), (2, cmath.pi / 2), (1.5, -0.0), (-1, 1), (0, 3), (1e300, 1e-300), (3, 10)]:
    print(r, phi, cmath.rect(r, phi))

# log with a base.
for z, base in [(8, 2), (100, 10), (1j, 1j), (-8, 2), (2 + 3j, 1 - 1j), (0, 1j), (5, 0.5)]:
    print(z, base, cmath.log(z, base))

# Argument kinds: complex, float, int, bool, big int, __complex__, __float__, __index__.
class C:
    def __complex__(self):
        return 3 + 4j

class F:
    def __float__(self):
        return 2.25

class I:
    def __index__(self):
        return 9

class Sub(complex):
    pass

for arg in [4, 4.0, 4 + 0j, True, 10 ** 20, C(), F(), I(), Sub(-4, 0)]:
    print(type(arg).__name__, cmath.sqrt(arg), cmath.phase(arg), cmath.isfinite(arg))

# isclose.
print(cmath.isclose(1 + 1j, 1 + 1j), cmath.isclose(1, 1 + 1e-10j), cmath.isclose(1, 1 + 1e-8j))
print(cmath.isclose(1, 1.1, rel_tol=0.1), cmath.isclose(0, 1e-10j), cmath.isclose(0, 1e-10j, abs_tol=1e-9))
print(cmath.isclose(a=1j, b=1j), cmath.isclose(complex('inf'), complex('inf')),
      cmath.isclose(complex('inf'), complex('-inf')), cmath.isclose(cmath.nanj, cmath.nanj))

# Predicates.
for z in [1 + 1j, complex('inf'), complex(1, float('inf')), complex(float('nan'), 1), cmath.nanj]:
    print(z, cmath.isfinite(z), cmath.isinf(z), cmath.isnan(z))

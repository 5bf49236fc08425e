# The deterministic parts of math.
import math

print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
print(math.sqrt(16), math.sqrt(2), math.isqrt(17), math.isqrt(10 ** 30))
print(math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1), math.trunc(-3.9), type(math.floor(1.5)).__name__)
print(math.fabs(-3), math.copysign(3, -0.0), math.fmod(7, -3), math.fmod(-7, 3), math.remainder(7, 3))
print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(2 ** 100, 6 ** 50), math.lcm(4, 6), math.gcd())
print(math.factorial(20), math.factorial(0), math.comb(10, 3), math.perm(5, 2), math.comb(100, 50))
print(math.isnan(math.nan), math.isinf(-math.inf), math.isfinite(1e308), math.isfinite(math.inf))
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1, 1.1), math.isclose(1, 1.05, rel_tol=0.1))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]), math.prod([]))
print(math.hypot(3, 4), math.hypot(3, 4, 12), math.dist((0, 0), (3, 4)))
print(math.log(8, 2), math.log2(1024), math.log10(1000), math.log(1), math.exp(0))
print(math.pow(2, 10), math.pow(2, 0.5) == math.sqrt(2), math.ldexp(1.5, 4), math.frexp(24.0), math.modf(3.25))
print(math.degrees(math.pi), math.radians(180) == math.pi, math.sin(0), math.cos(0), math.tan(0))
print(round(math.sin(math.pi / 6), 12), round(math.cos(math.pi / 3), 12), round(math.atan2(1, 1) * 4, 12))
print(round(math.asin(1), 12), round(math.acos(0), 12), round(math.atan(1), 12))
print(round(math.sinh(1), 10), round(math.cosh(1), 10), round(math.tanh(0.5), 10))
print(round(math.exp(1), 12), round(math.log(10), 12), round(math.sqrt(3), 12), round(math.erf(1), 10), round(math.gamma(5.5), 6))
print(math.floor(10 ** 20 + 0.5), math.ceil(-0.5), math.trunc(2 ** 70), math.floor(-0.0))
print(math.nextafter(1.0, 2.0), math.ulp(1.0), math.nextafter(0.0, 1.0))
from math import sqrt, pi as PI

print(sqrt(81), PI == math.pi, math.__name__, type(math).__name__)
try:
    math.sqrt("4")
except TypeError as e:
    print("TypeError:", e)
try:
    math.isqrt(-1)
except ValueError as e:
    print("ValueError:", e)

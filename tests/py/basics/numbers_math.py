# The math module: every function on a spread of arguments (results must agree with
# CPython to the last bit), special values, exact integer functions, logs of big ints, and
# the error messages.
import math


def call(f, *a):
    try:
        return repr(f(*a))
    except Exception as e:
        return type(e).__name__ + ": " + str(e)


def check(f):
    print(call(f))


XS = [13.6959, 23.2379, 12.9969, -1.019333, -8.0, 1.6398, 3.73038e-12, 76138600000000.0, 1e-300, -3.0216e+25, 0.5, 22.0477, 6.0, -2.82495e-23, -2.62037e-07, -17.9311, -11.0128, 1.471202, -1.838052, -1.922317, 171.5, 27.6208, 0.25, -1.2036e+21, 1.46156e-16, -21.8337, 5.7292, -1.72306e-07, 26.4031, 27.0, 0.5, -17.5854, 2.93644e+26, 1.599479, -15.8589, -1.217413, 0.780169, -26.4188, 28.3209, -1.716609, -21.854, -43.5359, 23.4608, 2.0, -16.6058, 12.1527, 1e-20, -2.5, 14.4839, 1.0, -1.776934, 1.31818, 1.0, 2.0, 0.335744, 1.61175e-25, 528576.0, -1.06626e-30, -1.271009, 1.429395, float('inf'), float('-inf'), float('nan')]
YS = [56199.9, -1.47734e-19, 13.9559, 1.02851e-06, 0.25, 8.77283e+22, -0.4084, 6.0, -29.1065, -29.8246, 0.027545, 7.09434e-18, -0.2153, 0.25, 0.5886, -9248600000.0, 0.417883, 1.181738, 27.4262, -1.898853, 26.8348, -1.354422, 0.25, 1.25, 1.081059, -0.29717, 171.5, 3786090000.0, 1e+308, -0.729615, 0.5, 0.335229, 26.5964, -0.000110213, -1.076275, -1.502308, 4.3889, 17.3112, 5e-324, -8.60275e+23, -0.572599, -7.72801e-07, 0.005432, 1.290734, 5e-324, -1.9556, 27.6023, 0.0126224, -14.8672, 1e-300, 0.072049, -195079000000.0, 0.5, 171.5, 0.429866, 0.591539, -13.0873, 1.564369, 6.0, 28.0, 1.20721e-24, 6.56485e+29, 1.0]
VS = [[1.225216, 171.5, 1.413369, -18.4467], [1.0, -23.9859, 0.99875], [-1.0, 0.336005, 0.599661, 0.777231], [2.04943e-10, 12.0524, 15.1154], [], [-1.442487, 0.023796, 1e-300, -2.5], [3.42295e-23], [1.47369e-15], [1.07802e+29, -27.9802, 0.851501, -12.5307, 1e-20], [-0.0, -1.71459e-19, -185665000.0], [26.3676, 0.947402, 1e+308, -0.241508], [128961000000000.0, -13.0969], [18315600000.0, -17.3814, 14.9645, 0.55029, 0.7699], [4.7519, -5527570000000.0], [-1.0925e-15, 0.490012], [-0.618926, -1.939091, -11.0912, -0.866167], [29.0547, -0.066505, -1.784978], [6.27854e-09], [-5.1049, -0.629792, -2.61162e-30], [-7814260000000.0, 1e-300, -1.535696, 0.25, -6.2212], [7.7786e+20, 171.5, 1e+308], [], [-1.64153e-26, -8.0], [-385410000.0, -1.08915, -1.552606, 0.098131], [-6.69446e-21, -1.941304, -1.7582, 28.5655, 0.064098], [], [-0.0], [6.0, -0.519421], [-0.988916], [], [2.2679, 15.1675, 0.5, 6.0], [-2.3742, 6.0], [-1.164032, 1.115832, 17.0222], [], [-1.679135], [6.44156e+22], [1.314306], [-3242060000000000.0, 171.5, 1.281641, 0.5], [-18.2456], [1.845148, -5.65985e-06, 5e-324]]
names1 = ["acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "cos", "cosh", "erf", "erfc", "exp", "exp2",
          "expm1", "fabs", "gamma", "lgamma", "log", "log10", "log1p", "log2", "sin", "sinh", "sqrt", "tan", "tanh",
          "degrees", "radians", "floor", "ceil", "trunc", "frexp", "modf", "ulp", "isfinite", "isinf", "isnan"]
names2 = ["atan2", "copysign", "fmod", "remainder", "pow", "hypot", "nextafter", "isclose", "log"]
for x in XS:
    print(x, [call(getattr(math, n), x) for n in names1])
for x, y in zip(XS, YS):
    print(x, y, [call(getattr(math, n), x, y) for n in names2], call(math.dist, (x, y), (y, x)))
    print(" ", call(math.ldexp, x, int(y) if math.isfinite(y) and abs(y) < 2000 else 3))
for v in VS:
    print(v, call(math.hypot, *v), call(math.fsum, v), call(math.prod, v))
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan, type(math.pi).__name__)
print(math.fsum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]), math.fsum([1e-16, 1, 1e16]), math.fsum([]))
print(math.fsum(iter([1, 2.5, True])), math.fsum([2 ** 53, 1, 1]), math.fsum((x / 7 for x in range(100))))
for n in range(0, 45, 3):
    print(n, math.factorial(n), math.comb(44, n), math.perm(44, n), math.perm(n), math.isqrt(n ** 7), math.gcd(n, 360), math.lcm(n, 84))
print(math.factorial(300) % 10 ** 40, math.comb(1000, 500) % 10 ** 30, math.isqrt(10 ** 200), math.isqrt(2 ** 127 - 1))
print(math.gcd(), math.gcd(0, 0), math.gcd(-12, 18), math.gcd(2 ** 100, 6 ** 50), math.gcd(12, 18, 27), math.lcm(), math.lcm(4, 6, 10), math.lcm(-4, 6), math.lcm(0, 5))
print(math.comb(10 ** 20, 2), math.perm(10 ** 20, 2), math.comb(5, 7), math.perm(5, 7), math.perm(5, None), math.comb(True, False))
for k in range(1, 40, 4):
    print(math.log(10 ** k), math.log2(2 ** k + 1), math.log10(10 ** k), math.log(3 ** (k * 20), 7), math.log(2 ** (k * 40)))
print(math.log(10 ** 1000), math.log(10 ** 1000, 10), math.log2(2 ** 1000 + 1), math.log10(10 ** 500), math.log(True), math.log(8, 2))
print(math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1), math.trunc(-3.9), math.floor(10 ** 20 + 0.5), math.ceil(-0.5))
print(math.floor(True), math.ceil(10 ** 30), math.trunc(2 ** 70), math.floor(-0.0), type(math.floor(1.5)).__name__)
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1, 1.1), math.isclose(1, 1.05, rel_tol=0.1), math.isclose(0, 1e-10, abs_tol=1e-9))
print(math.isclose(math.inf, math.inf), math.isclose(math.nan, math.nan), math.isclose(a=1, b=1))
print(math.nextafter(1.0, 2.0), math.nextafter(0.0, -1), math.nextafter(math.inf, 0), math.ulp(1.0), math.ulp(0.0), math.ulp(1e308))
print(math.remainder(5, 2), math.remainder(7, 2), math.remainder(-7, 2), math.remainder(1e300, 3), math.fmod(-7, 3), math.fmod(7, -3))
print(math.gamma(0.5) ** 2, math.lgamma(0.5), math.gamma(-1.5), math.gamma(171.5), math.gamma(1e-300), math.lgamma(-2.5))
print(math.degrees(math.pi), math.radians(180) == math.pi, math.copysign(3, -0.0), math.copysign(1, math.nan), math.fabs(-0.0))
print(math.frexp(24.0), math.frexp(-5e-324), math.modf(-2.5), math.modf(math.inf), math.ldexp(1.5, -1074), math.ldexp(1.0, -10 ** 30))
print(math.sqrt(True), math.sqrt(2 ** 1000), math.sqrt(10 ** 300), math.exp(-1000), math.pow(2, 0.5), math.pow(-8, 3))
for bad in [lambda: math.sqrt(-1), lambda: math.sqrt("4"), lambda: math.sqrt(1, 2), lambda: math.sqrt(),
            lambda: math.log(0), lambda: math.log(-1), lambda: math.log(0.0), lambda: math.log(-(2 ** 2000)),
            lambda: math.log(1, 1), lambda: math.log(), lambda: math.log(1, 2, 3), lambda: math.log("a"),
            lambda: math.exp(1000), lambda: math.acos(2), lambda: math.atanh(1), lambda: math.cosh(1000),
            lambda: math.gamma(0), lambda: math.gamma(-1), lambda: math.gamma(171.7), lambda: math.lgamma(0),
            lambda: math.pow(0, -1), lambda: math.pow(-8, 1 / 3), lambda: math.pow(10, 400), lambda: math.fmod(1, 0),
            lambda: math.fmod(math.inf, 1), lambda: math.remainder(1, 0), lambda: math.remainder(math.inf, 1),
            lambda: math.copysign(1), lambda: math.atan2(1), lambda: math.pow(1), lambda: math.nextafter(1),
            lambda: math.factorial(5.0), lambda: math.factorial(-1), lambda: math.factorial(10 ** 30),
            lambda: math.isqrt(-1), lambda: math.isqrt(2.0), lambda: math.comb(5), lambda: math.comb(-1, 2),
            lambda: math.comb(5, -2), lambda: math.perm(-5), lambda: math.comb(10 ** 20, 10 ** 19), lambda: math.gcd(1.5),
            lambda: math.isclose(1, 2, rel_tol=-1), lambda: math.isclose(1, 2, 3), lambda: math.isclose(1),
            lambda: math.isclose(1, 2, foo=1), lambda: math.ldexp(1.0, 1.5), lambda: math.ldexp(1.0, 10 ** 30),
            lambda: math.ldexp(1.0, 1024), lambda: math.fsum([1e308, 1e308]), lambda: math.fsum([math.inf, -math.inf]),
            lambda: math.fsum(["a"]), lambda: math.fsum(1), lambda: math.prod(), lambda: math.prod([1], 2),
            lambda: math.prod([1], foo=2), lambda: math.prod(["a", "b"]), lambda: math.dist([1], [1, 2]),
            lambda: math.dist(1, 2), lambda: math.hypot(3, "a"), lambda: math.floor("a"), lambda: math.trunc("a"),
            lambda: math.floor(math.inf), lambda: math.ceil(math.nan), lambda: math.isfinite("a"),
            lambda: math.isinf(10 ** 400), lambda: math.sqrt(x=1), lambda: math.sumprod]:
    check(bad)
print(math.prod([1, 2, 3, 4]), math.prod([]), math.prod([1, 2], start=3), math.prod([2, "ab"]), math.prod([], start="x"), math.prod(range(1, 20)))
print(math.hypot(), math.hypot(-3), math.hypot(3, 4), math.hypot(3, 4, 12), math.hypot(1e308, 1e308), math.hypot(1e-320, 1e-320))
print(math.dist((0, 0), (3, 4)), math.dist([1, 2], (4, 6)), math.dist(iter([1.5]), [0.5]), math.hypot(math.inf, math.nan))


class Flt:
    def __float__(self):
        return 2.25


class Idx:
    def __index__(self):
        return 9


class Fl:
    def __floor__(self):
        return "floor!"

    def __ceil__(self):
        return "ceil!"

    def __trunc__(self):
        return "trunc!"


print(math.sqrt(Flt()), math.sqrt(Idx()), math.factorial(Idx()), math.floor(Fl()), math.ceil(Fl()), math.trunc(Fl()), math.floor(Flt()))
print(math.sqrt(81), math.__name__, type(math).__name__, math.sqrt.__name__, len([n for n in dir(math) if not n.startswith("_")]))

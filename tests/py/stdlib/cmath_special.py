# cmath: C99 Annex G special values (infinities, NaNs, signed zeros) and the errors.
import cmath

inf, nan = float('inf'), float('nan')
values = [-inf, -2.0, -0.0, 0.0, 2.0, inf, nan]

def show(x):
    if isinstance(x, complex):
        return '(%s,%s)' % (show(x.real), show(x.imag))
    if x != x:
        return 'nan'
    if x == 0:
        return '-0' if str(x).startswith('-') else '0'
    return repr(x)

for name in ['sqrt', 'exp', 'log', 'log10', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan',
             'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh']:
    f = getattr(cmath, name)
    row = []
    for re in values:
        for im in values:
            if re not in (-inf, inf) and im not in (-inf, inf) and re == re and im == im \
                    and re != 0 and im != 0:
                continue
            try:
                row.append(show(f(complex(re, im))))
            except ValueError:
                row.append('VE')
            except OverflowError:
                row.append('OE')
    print(name, ' '.join(row))

row = []
for r in values:
    for phi in values:
        try:
            row.append(show(cmath.rect(r, phi)))
        except ValueError:
            row.append('VE')
print('rect', ' '.join(row))
print([show(cmath.phase(complex(a, b))) for a in (-0.0, 0.0) for b in (-0.0, 0.0)])
print(cmath.polar(complex(inf, nan)), cmath.polar(complex(nan, 1)))

def err(thunk):
    try:
        print(show(thunk()))
    except Exception as e:
        print(type(e).__name__, e)

# Domain and range errors.
err(lambda: cmath.log(0))
err(lambda: cmath.log10(0j))
err(lambda: cmath.log(1, 0))
err(lambda: cmath.log(2, 1))
err(lambda: cmath.log(0, 2))
err(lambda: cmath.atanh(1))
err(lambda: cmath.atanh(-1))
err(lambda: cmath.exp(1000))
err(lambda: cmath.exp(complex(1, inf)))
err(lambda: cmath.cosh(800 + 1j))
err(lambda: cmath.sinh(complex(1, inf)))
err(lambda: cmath.tanh(complex(0, inf)))
err(lambda: cmath.rect(1, inf))
err(lambda: cmath.polar(1e308 + 1e308j))
err(lambda: cmath.polar(complex(1.7e308, 1.7e308)))
err(lambda: cmath.phase(1e300 + 1e-300j))

# Argument errors.
class Bad:
    def __complex__(self):
        return 1

err(lambda: cmath.sqrt('a'))
err(lambda: cmath.sqrt(None))
err(lambda: cmath.sqrt(Bad()))
err(lambda: cmath.sqrt())
err(lambda: cmath.sqrt(1, 2))
err(lambda: cmath.sqrt(z=1))
err(lambda: cmath.log())
err(lambda: cmath.log(1, 2, 3))
err(lambda: cmath.log(x=1))
err(lambda: cmath.log(1, 'a'))
err(lambda: cmath.rect(1))
err(lambda: cmath.rect(1, 1j))
err(lambda: cmath.rect(r=1, phi=2))
err(lambda: cmath.phase())
err(lambda: cmath.isclose(1))
err(lambda: cmath.isclose(1, 2, 3))
err(lambda: cmath.isclose(1, 2, rel_tol=-1))
err(lambda: cmath.isclose(1, 2, abs_tol=-1))
err(lambda: cmath.isclose(1, 2, foo=1))
err(lambda: cmath.isclose(1, 'x'))
err(lambda: cmath.sqrt(10 ** 400))

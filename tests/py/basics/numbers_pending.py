# Number behaviours that depend on code outside the numeric types (see xfail.txt):
# three-argument pow() through the reflected slot, and the int/str conversion limit on
# str()/repr()/print of huge ints.


def check(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
    else:
        print(repr(r) if len(repr(r)) < 200 else len(repr(r)))


check(lambda: pow(3, 2.0, 5))
check(lambda: pow(2, 3, 5.0))
check(lambda: pow(2, 3j, 5))
check(lambda: format(10 ** 5000, ""))
check(lambda: f"{10 ** 5000}")
check(lambda: str(10 ** 5000))
check(lambda: repr(10 ** 5000))
check(lambda: str(-(10 ** 4300)))
check(lambda: str(10 ** 4299))

# The format-spec mini-language for int, bool, float and complex: fill/align/sign/z/#/0/
# width/grouping/precision/type, and its error messages.


def check(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
    else:
        print(repr(r))


int_specs = ["", "d", "5", "<5", "^7", "=+8", "08", "+", " ", "-", ",", "_", "_x", "_b", "#b", "#o", "#x", "#X",
             "#_b", "c", "n", "e", ".2f", "%", ".3g", "G", "10.2%", "x<10,", "*^12,", "=^3", "#010x", "+#o",
             "010,", "012_", ">+10,", "^-9", "0=12", "3d"]
for spec in int_specs:
    print(spec, [format(v, spec) if not (spec in ("c",) and v < 0) else None for v in (0, 1, -1, 42, 255, -1234567)])
for spec in ["", "d", ",", "x", "#b", "c", "08", "e"]:
    print(spec, [format(v, spec) for v in (True, False, 2 ** 70, -(2 ** 70), 10 ** 25)] if spec != "c" else format(True, spec))
float_specs = ["", "e", ".3e", "E", "f", ".0f", "#.0f", "F", "g", ".10g", "#g", "G", "%", ".1%", "n", ",.2f", "_f",
               "015.3f", "<12", "^12.3", "+", " .2", "z.1f", "z", ".3", "#", ",g", "=12", ".0e", "#.0e", ".50f",
               ".1", ".17g", ".20e", "#.3g", "*>+14,.3f", "010", "0<10", ".0%", ".2n", "-z.0f"]
for spec in float_specs:
    print(spec, [format(v, spec) for v in (0.0, -0.0, 1.0, -1.5, 3.14159, 1e20, 1.5e-7, 123456.789, 1e16, 0.1, 2.5, 0.05)])
    print(" ", [format(v, spec) for v in (float("inf"), -float("inf"), float("nan"))])
complex_specs = ["", ".2f", "^20", "+.3e", "g", ".0f", "10", ">20.2f", "z.1f", ",.2f", "#", ".3", "<25g", "*^30.1e", "-", " "]
for spec in complex_specs:
    print(spec, [format(v, spec) for v in (1 + 2j, -1.5 - 0.5j, 2j, complex(-0.0, -1), 0j, 1e20 + 1e-20j, complex(float("inf"), float("nan")))])
print(f"{3.5!r:>10} {42:*^10} {1e100:.3} {-0.0:z} {7:+05} {255:#_x} {1234567.891:,.2f} {0.25:.0%} {12:{'>'}{6}}")
print(f"{1 + 2j:.1f} {True:>5} {False!r:>7} {2 ** 100:_} {-7:08b} {65:c} {0x10ffff:x}")
print(format(1234567), format(1.5), format(2j), format(True), format(10 ** 30, ","), "{:,}".format(-1234.5), "{0:^{1}}".format(7, 5))
bad = [(1, "abc"), (1.5, "abc"), (1j, "abc"), (1, ".2"), (1, ".2d"), (1, "z"), (1, "zd"), (1, ",c"), (1, "+c"), (1, "#c"),
       (1.5, ",n"), (1, "_,"), (1, ",_"), (1, "."), (1, "99999999999999999999999"), (1.5, ".99999999999d"), (1.5, "d"),
       (1.5, "x"), (1.5, "c"), (1, "s"), (1, "_n"), (1, ",x"), (1.5, ".3000000000f"), (1j, "%"), (1j, "010"), (1j, "=10"),
       (1j, "d"), (-1, "c"), (0x110000, "c"), (2 ** 70, "c"), (1, "\x01"), (1.5, "_c"), (True, "s"), (1, "=^")]
for v, spec in bad:
    check(lambda: format(v, spec))
check(lambda: format(1.5, 1))
check(lambda: (1).__format__(1))
check(lambda: (1.5).__format__())
check(lambda: (1j).__format__(".2f"))

# f-strings with format specs, %-formatting and str.format.
x, y, name = 3.14159, 42, "ember"
print(f"{x}", f"{x:.2f}", f"{x:10.3f}|", f"{x:<10.1f}|", f"{x:^10.2f}|", f"{x:+.1e}", f"{x:g}")
print(f"{y:5d}|", f"{y:<5}|", f"{y:^5}|", f"{y:05d}", f"{y:+d}", f"{-y: d}", f"{y:x}", f"{y:#x}", f"{y:X}", f"{y:o}", f"{y:#o}", f"{y:b}", f"{y:#b}")
print(f"{1234567:,}", f"{1234567:_}", f"{1234567.891:,.2f}", f"{0.25:%}", f"{0.25:.0%}", f"{12:c}")
print(f"{name!r}", f"{name!s}", f"{name:>8}", f"{name:*^11}", f"{name:.3}", f"{name!r:>10}")
print(f"{y=}", f"{x = :.1f}", f"{name=!s}", f"{1 + 1 = }")
print(f"{{literal}}", f"{'nested'}", f"{[1, 2][1]}", f"{ {'a': 1}['a'] }")
width, prec = 12, 3
print(f"{x:{width}.{prec}f}|", f"{name:{'>'}{width}}|")
print(f"{1e20:f}", f"{1e-7:f}", f"{1e-7:e}", f"{123.456:.0f}", f"{2.5:.0f}", f"{3.5:.0f}", f"{1e100:g}", f"{1e-5:g}", f"{0.0001:g}")
print(f"{float('inf'):f}", f"{float('nan'):F}", f"{-0.0:.1f}", f"{1/3:.15g}", f"{100:.2e}")
print(f"{3:.2f}", f"{True}", f"{None}", f"{3+4j}", f"{(1, 2)}")
print("%s %r %d %i %5.2f %-6s| %06.2f %x %X %o %e %g %%" % ("s", "r", 42, 7, 3.14159, "ab", 3.14159, 255, 255, 8, 12345.678, 0.00001))
print("%c%c" % (72, "i"), "%(a)s-%(b)03d" % {"a": "k", "b": 5}, "%5s|%-5s|" % ("r", "l"), "%.3s" % "abcdef")
print("%+d %+d % d" % (5, -5, 5), "%#x %#o" % (255, 8), "%*d|%-*d|" % (5, 1, 4, 2), "%.*f" % (2, 1.23456))
print("%s" % [1, 2], "%s" % (1,), "%s %s" % (None, True), "%d" % 3.99, "%s" % 2 ** 70)
print("{} {} {}".format(1, "two", 3.0), "{0}{1}{0}".format("a", "b"), "{x}-{y}".format(x=1, y=2))
print("{:>6}|{:<6}|{:^6}|".format("r", "l", "c"), "{:08.3f}".format(-3.14159), "{:,d}".format(10 ** 9))
print("{0[1]} {1[k]} {2.real}".format([5, 6], {"k": "v"}, 3 + 4j), "{!r:>6}".format("q"))
print("{:{w}.{p}f}".format(2.71828, w=10, p=2), "{{}}".format(), format(255, "08b"), format(1.5, ".3e"), format("s", "^5"))


class Money:
    def __init__(self, v):
        self.v = v

    def __format__(self, spec):
        if spec == "usd":
            return "$%.2f" % self.v
        return format(self.v, spec)

    def __str__(self):
        return "Money(%s)" % self.v

    def __repr__(self):
        return "M<%r>" % self.v


m = Money(12.5)
print(f"{m}", f"{m:usd}", f"{m:>8.1f}", f"{m!s}", f"{m!r}", "{:usd}".format(m), format(m, "usd"))
rows = [("apple", 3, 0.5), ("banana", 12, 0.25), ("cherry", 100, 12.0)]
for n, q, p in rows:
    print(f"{n:<10}|{q:>5}|{p:>8.2f}|{q * p:>9.3f}")
print(f"{'multi'}"
      f"{'part':>6}")
print(f"{'a' 'b'}", f"{x!r:>12}", f"{-5:=+6}", f"{5:=6}", f"{-1.5:010.2f}")

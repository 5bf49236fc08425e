# Conversion errors, including the int/str digit limit (4300 digits in 3.11).
import sys


def show(label, fn):
    try:
        r = fn()
        if isinstance(r, int) and r.bit_length() > 100:
            r = "an int of %d bits" % r.bit_length()
        elif isinstance(r, str) and len(r) > 60:
            r = "a str of %d chars" % len(r)
        print(label, "->", r)
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


show("int('abc')", lambda: int("abc"))
show("int('')", lambda: int(""))
show("int('1.5')", lambda: int("1.5"))
show("int('12', 2)", lambda: int("12", 2))
show("int('z', 37)", lambda: int("z", 37))
show("int(None)", lambda: int(None))
show("int([1])", lambda: int([1]))
show("int('1__0')", lambda: int("1__0"))
show("float('abc')", lambda: float("abc"))
show("float('')", lambda: float(""))
show("float([])", lambda: float([]))
show("complex('1+')", lambda: complex("1+"))
show("int(3+4j)", lambda: int(3 + 4j))
show("ord('ab')", lambda: ord("ab"))
show("bytes([256])", lambda: bytes([256]))
show("b'\\xff'.decode()", lambda: b"\xff".decode())
show("'é'.encode('ascii')", lambda: "é".encode("ascii"))
show("str(10 ** 4299)", lambda: str(10 ** 4299))
show("str(10 ** 4300)", lambda: str(10 ** 4300))
show("int('1' * 4300)", lambda: int("1" * 4300))
show("int('1' * 4301)", lambda: int("1" * 4301))
show("hex(10 ** 5000)", lambda: hex(10 ** 5000))
show("int(hex-5000-digits, 16)", lambda: int("f" * 5000, 16))
print(sys.get_int_max_str_digits(), sys.int_info.default_max_str_digits, sys.int_info.str_digits_check_threshold)
sys.set_int_max_str_digits(5000)
show("str(10 ** 4300) with limit 5000", lambda: str(10 ** 4300))
sys.set_int_max_str_digits(0)
show("str(10 ** 6000) unlimited", lambda: len(str(10 ** 6000)))
show("set limit 100", lambda: sys.set_int_max_str_digits(100))
sys.set_int_max_str_digits(4300)
show("f-string of big int", lambda: f"{10 ** 4400}")
show("'%d' of big int", lambda: "%d" % 10 ** 4400)
show("float('1e400')", lambda: float("1e400"))
show("int('  42  ')", lambda: int("  42  "))
show("bool('False')", lambda: bool("False"))
show("list(5)", lambda: list(5))
show("dict([1, 2])", lambda: dict([1, 2]))
show("dict([(1, 2, 3)])", lambda: dict([(1, 2, 3)]))

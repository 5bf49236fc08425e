# Struct sequences: sys.version_info/float_info/hash_info/int_info and time.struct_time.
import sys
import time

print(repr(sys.float_info))
print(repr(sys.int_info))
print(sys.hash_info.width, sys.hash_info.algorithm, sys.hash_info[:5])
vi = sys.version_info
print(vi[:2], vi.major, vi > (3,), isinstance(vi, tuple), type(vi).__name__, type(vi).__module__)
print(type(vi), type(vi).__mro__, type(vi).n_fields, type(vi).n_sequence_fields)
print(type(type(vi).major).__name__, vi.__reduce__()[1][1], len(vi), list(vi)[:2])
try:
    type(vi)()
except TypeError as e:
    print("TypeError:", e)
try:
    vi.major = 4
except AttributeError as e:
    print("AttributeError:", e)
try:
    type(vi).extra = 1
except TypeError as e:
    print("TypeError:", e)

g = time.gmtime(0)
print(g, g.tm_gmtoff, g.__reduce__()[1][0], time.struct_time(g) == g)
print(time.struct_time((1,) * 11).tm_zone, time.struct_time((1,) * 9).tm_zone)
print(time.struct_time((1,) * 9, {"tm_zone": "Z", "tm_gmtoff": 60}).tm_gmtoff)
for bad in ((1, 2), (1,) * 12, 5):
    try:
        time.struct_time(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    g.tm_year = 5
except AttributeError as e:
    print("AttributeError:", e)
print(time.struct_time.__match_args__, time.struct_time.n_fields, time.struct_time.n_unnamed_fields)
print(time.gmtime(-1.5), time.gmtime(1.9).tm_sec, time.gmtime(10**9)[:6])
for bad in (float("nan"), "x", 1e30):
    try:
        time.gmtime(bad)
    except (ValueError, TypeError, OverflowError) as e:
        print(type(e).__name__, e)
print(time.strftime("%Y-%m-%d %H:%M:%S %a %b %j %%", time.gmtime(10**9)))
print(time.strftime("%Y %m %d", (2000, 0, 0, 0, 0, 0, 0, 0, 0)), repr(time.strftime("")))
print(time.asctime((2000, 1, 1, 0, 0, 0, 0, 1, 0)), time.asctime(time.gmtime(0)))
for args in (("%Y", (1, 2)), ("%Y", 5), (5,), ("%Y", (2000, 13, 1, 0, 0, 0, 0, 1, 0)), ("a\0b",)):
    try:
        time.strftime(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    time.mktime((1, 2))
except TypeError as e:
    print("TypeError:", e)
print(time.mktime(time.localtime(12345678)), type(time.timezone).__name__, type(time.tzname).__name__)
print(time.ctime(0) == time.asctime(time.localtime(0)))
import sys
for c in (int, type(sys.stdout), type(sys), type(len)):
    try:
        c.x = 1
    except TypeError as e:
        print(e)
    try:
        del c.x
    except TypeError as e:
        print(e)

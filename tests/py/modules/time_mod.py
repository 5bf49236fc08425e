# The deterministic parts of time.
import time

t0 = time.time()
p0 = time.perf_counter()
m0 = time.monotonic()
n0 = time.perf_counter_ns()
print(type(t0).__name__, t0 > 1.6e9, type(p0).__name__, type(n0).__name__)
total = 0
for i in range(10000):
    total += i
time.sleep(0.01)
p1 = time.perf_counter()
m1 = time.monotonic()
print(total, p1 - p0 >= 0.009, m1 >= m0, time.perf_counter_ns() >= n0, time.time() >= t0)
g = time.gmtime(0)
print(g)
print(g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_wday, g.tm_yday, tuple(g))
g2 = time.gmtime(1_000_000_000)
print(time.strftime("%Y-%m-%d %H:%M:%S", g2), time.strftime("%a %b %j", g2))
print(time.asctime(g2), time.mktime(time.localtime(1_000_000_000)) == 1_000_000_000.0)
print(time.gmtime(86400 * 365.25 * 30).tm_year, len(time.gmtime()), isinstance(time.gmtime(), time.struct_time))
print(time.time_ns() > 10 ** 18, time.process_time() >= 0, type(time.timezone).__name__)

# SystemExit with None (and catching then re-raising it) exits with status 0.
import sys

try:
    sys.exit(5)
except SystemExit as e:
    print("caught SystemExit with code", e.code, e.args)
try:
    raise SystemExit
except SystemExit as e:
    print("bare SystemExit code:", e.code)
print(issubclass(SystemExit, Exception), issubclass(SystemExit, BaseException))


def deep():
    try:
        sys.exit()
    except Exception:
        print("not caught by except Exception")


deep()
print("not reached")

# sys.exit with an int: no traceback, that exit status; finally blocks run.
import sys

print("before exit")
try:
    sys.exit(3)
finally:
    print("finally runs on SystemExit")
print("not reached")

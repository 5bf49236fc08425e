# SystemExit with a code that is neither int nor None prints its str on stderr and exits 1.
# stdout ends without a newline here, so the .out marker line gets one added.
import sys

print("stdout is flushed before exit")
sys.stdout.write("partial line without newline")
sys.exit(["list", "code", 42])

# __name__ == "__main__", sys.argv and module identity.
import sys


def main(argv):
    print("main called with", argv)
    return 0


print("__name__ is", __name__)
print("argv:", sys.argv, len(sys.argv))
print(__file__.endswith("main_guard.py"), __doc__, __spec__, __package__)
print(sorted(k for k in globals() if k.startswith("__") and k not in ("__annotations__", "__cached__")))
import _helper

print("helper's __name__:", _helper.__name__)
if __name__ == "__main__":
    status = main(sys.argv[1:])
    print("status", status)
else:
    print("imported, not run")

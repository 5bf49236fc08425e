"""Helper module imported by the modules/ tests (not a test: the name starts with _)."""
print("_helper: executing module body, __name__ =", __name__)
CONSTANT = 42
_private = "private"
calls = []


def greet(name):
    calls.append(name)
    return "hello, " + name


class Widget:
    def __init__(self, size):
        self.size = size

    def __repr__(self):
        return "Widget(%d)" % self.size


if __name__ == "__main__":
    print("_helper run as a script")

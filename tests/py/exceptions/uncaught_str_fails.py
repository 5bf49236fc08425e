# The message line when str() of the exception is empty or fails, and the module prefix of
# exception classes.
class Empty(Exception):
    def __str__(self):
        return ""


class Broken(Exception):
    def __str__(self):
        raise RuntimeError("no str")


class Outer:
    class Nested(Exception):
        pass


try:
    try:
        raise Empty("ignored")
    except Empty:
        raise Outer.Nested("qualified name")
except Outer.Nested:
    raise Broken()

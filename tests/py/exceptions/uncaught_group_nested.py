# Nested exception groups, chaining inside a group, and the truncation past 15
# sub-exceptions in the printed tree.
def fail(i):
    raise ValueError(f"task {i}")


def gather(n):
    errs = []
    for i in range(n):
        try:
            fail(i)
        except ValueError as e:
            errs.append(e)
    return errs


try:
    raise KeyError("cause of inner")
except KeyError as k:
    inner = ExceptionGroup("inner", [TypeError("t")])
    inner.__cause__ = k
big = ExceptionGroup("big", gather(17))
raise ExceptionGroup("outer", [inner, big, OSError(2, "No such file", "x.txt")])

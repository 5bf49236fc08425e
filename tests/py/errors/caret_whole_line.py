# No caret line when the failing expression is the whole line; carets when it is a part.
def f():
    raise ValueError("whole statement")


def g(items):
    return items[3]


try:
    f()
except ValueError as e:
    print("caught", e)
g([1])

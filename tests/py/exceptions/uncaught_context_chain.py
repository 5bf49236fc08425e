# Implicit and explicit chaining in an uncaught exception: the context of a cause, a
# suppressed context (raise ... from None), and an explicitly set __context__.
def stage1():
    raise KeyError("stage1")


def stage2():
    try:
        stage1()
    except KeyError as e:
        raise ValueError("stage2") from e


def stage3():
    try:
        stage2()
    except ValueError:
        try:
            raise IndexError("hidden")
        except IndexError:
            raise TypeError("stage3") from None


def stage4():
    try:
        stage3()
    except TypeError as e:
        err = RuntimeError("stage4")
        err.__context__ = e
        raise err


stage4()

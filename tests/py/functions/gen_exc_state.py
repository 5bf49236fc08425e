# The exception being handled (sys.exc_info, implicit chaining) across yields.
import sys


def show(tag):
    print(tag, repr(sys.exc_info()[1]))


def gen():
    show("gen start:")
    try:
        raise KeyError("in gen")
    except KeyError:
        show("gen handling:")
        yield 1
        show("gen resumed in except:")
    show("gen after except:")
    yield 2
    show("gen end:")


g = gen()
next(g)
show("caller after first yield:")
next(g)
show("caller after second yield:")
try:
    raise ValueError("caller")
except ValueError:
    next(g, None)
    show("caller still handling:")
show("caller done:")


# A generator suspended inside its own except block, resumed while the caller handles
# another exception: after the block it sees the caller's exception again.
g = gen()
next(g)
try:
    raise ValueError("caller")
except ValueError:
    next(g)
    show("caller handling:")
show("caller done:")
next(g, None)


def gen2():
    yield
    show("gen2 sees caller's:")
    raise IndexError("from gen2")


try:
    raise ValueError("outer")
except ValueError:
    g2 = gen2()
    next(g2)
    try:
        next(g2)
    except IndexError as e:
        print("context:", repr(e.__context__))


def gen3():
    try:
        raise KeyError("gen3 own")
    except KeyError:
        yield


g3 = gen3()
next(g3)
try:
    g3.throw(TypeError("thrown"))
except TypeError as e:
    print("thrown context:", repr(e.__context__))


def gen4():
    try:
        yield
    except TypeError as e:
        print("gen4 caught, context:", repr(e.__context__))
        show("gen4 handling:")
        yield
    show("gen4 after:")


g4 = gen4()
next(g4)
try:
    raise RuntimeError("while throwing")
except RuntimeError:
    g4.throw(TypeError("t"))
    show("caller after throw:")
next(g4, None)


def gen5():
    while True:
        try:
            yield
        finally:
            show("gen5 finally:")


g5 = gen5()
next(g5)
try:
    raise OSError("os")
except OSError:
    next(g5)
g5.close()
show("end:")

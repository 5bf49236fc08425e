# KeyError, IndexError and ValueError messages from lookups.
def show(label, fn):
    try:
        print(label, "->", fn())
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e, "| repr:", repr(e))


d = {"a": 1}
show("d['b']", lambda: d["b"])
show("d[('t', 1)]", lambda: d[("t", 1)])
show("d[()]", lambda: d[()])
show("d[None]", lambda: d[None])
show("d[1.5]", lambda: d[1.5])
show("d.pop('x')", lambda: d.pop("x"))
show("{}.popitem()", lambda: {}.popitem())
show("set().pop()", lambda: set().pop())
show("{1}.remove(2)", lambda: {1}.remove(2))
show("[][0]", lambda: [][0])
show("[1, 2][5]", lambda: [1, 2][5])
show("[1, 2][-3]", lambda: [1, 2][-3])
show("(1,)[1]", lambda: (1,)[1])
show("'abc'[10]", lambda: "abc"[10])
show("b'x'[3]", lambda: b"x"[3])
show("range(3)[3]", lambda: range(3)[3])
show("[].pop()", lambda: [].pop())
show("[1].pop(4)", lambda: [1].pop(4))
show("[1, 2].index(3)", lambda: [1, 2].index(3))
show("[1, 2].remove(3)", lambda: [1, 2].remove(3))
show("(1,).index(2)", lambda: (1,).index(2))
show("'abc'.index('z')", lambda: "abc".index("z"))
show("'abc'.find('z')", lambda: "abc".find("z"))
show("range(3).index(7)", lambda: range(3).index(7))
lst = [1, 2, 3]
show("lst[1:100]", lambda: lst[1:100])
show("lst[3] = 0", lambda: exec("lst[3] = 0", {"lst": lst}))
show("del lst[5]", lambda: exec("del lst[5]", {"lst": lst}))
show("'a b'.split('')", lambda: "a b".split(""))
show("'%(x)s' % {}", lambda: "%(x)s" % {})
show("'{0} {1}'.format(1)", lambda: "{0} {1}".format(1))
show("'{x}'.format()", lambda: "{x}".format())
show("next(iter([]))", lambda: next(iter([])))
show("int.from_bytes(b'', 'middle')", lambda: int.from_bytes(b"", "middle"))
show("(1000).to_bytes(1, 'big')", lambda: (1000).to_bytes(1, "big"))
show("'x'.center(5, 'ab')", lambda: "x".center(5, "ab"))
try:
    raise KeyError("explicit", "two args")
except KeyError as e:
    print(str(e), repr(e), e.args)
print(issubclass(KeyError, LookupError), issubclass(IndexError, LookupError), issubclass(StopIteration, LookupError))

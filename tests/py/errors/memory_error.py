# Impossible allocations raise MemoryError or OverflowError instead of crashing.
# (10**15 elements: beyond any address space, so the result does not depend on
# the machine's overcommit policy the way 10**12 would.)
def show(label, fn):
    try:
        fn()
        print(label, "-> no error")
    except (MemoryError, OverflowError) as e:
        print(label, "->", type(e).__name__, repr(str(e)))


show("[0] * 10**15", lambda: [0] * 10 ** 15)
show("[0] * 2**62", lambda: [0] * 2 ** 62)
show("[0, 1] * 2**62", lambda: [0, 1] * 2 ** 62)
show("'x' * 2**62", lambda: "x" * 2 ** 62)
show("b'x' * 2**62", lambda: b"x" * 2 ** 62)
show("(0,) * 2**62", lambda: (0,) * 2 ** 62)
show("[0] * 10**30", lambda: [0] * 10 ** 30)
show("bytearray(2**62)", lambda: bytearray(2 ** 62))
show("range(2**64)[0]", lambda: range(2 ** 64)[0])
show("len(range(2**64))", lambda: len(range(2 ** 64)))
small = [0] * 10 ** 6
print("a million is fine:", len(small))

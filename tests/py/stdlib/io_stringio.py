# io.StringIO: reading, writing, seeking, newline modes, iteration and closed errors.
import io


def show(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


s = io.StringIO("héllo\nwörld\nlast")
print(s.read(3), s.tell(), repr(s.readline()), s.tell())
print(s.readlines())
print(repr(s.read()), s.tell())
s.seek(0)
print([line for line in s])
print(s.seek(0, 2), s.write("!"), s.getvalue())
s.seek(2)
s.write("LL")
print(repr(s.getvalue()), s.tell())
s.seek(30)
s.write("x")
print(repr(s.getvalue()), len(s.getvalue()))
print(s.truncate(5), repr(s.getvalue()), s.tell())
s.seek(0)
print(s.truncate(), repr(s.getvalue()))
print(s.readable(), s.writable(), s.seekable(), s.isatty(), s.line_buffering)
print(s.encoding, s.errors, s.newlines)

for nl in [None, "", "\n", "\r", "\r\n"]:
    f = io.StringIO("a\r\nb\rc\nd", newline=nl)
    print(repr(nl), repr(f.getvalue()), f.readlines(), f.newlines)
    f = io.StringIO(newline=nl)
    f.write("x\ny\r\n")
    print("  write", repr(f.getvalue()))

w = io.StringIO()
print(w.write("abc"), w.write(""), w.writelines(["d", "e\n"]), repr(w.getvalue()))
print(repr(w.read(-1)), w.read(None), w.readline(1))
w.seek(0)
print(repr(w.readline(2)), repr(w.readline(-1)), repr(w.readline()))

show("bad initial", lambda: io.StringIO(5))
show("bad newline", lambda: io.StringIO("", "x"))
show("bad newline type", lambda: io.StringIO("", 5))
show("write bytes", lambda: w.write(b"x"))
show("read str", lambda: w.read("x"))
show("seek whence", lambda: w.seek(0, 3))
show("seek negative", lambda: w.seek(-1))
show("seek cur", lambda: w.seek(1, 1))
show("seek end", lambda: w.seek(1, 2))
show("truncate negative", lambda: w.truncate(-1))
show("seek float", lambda: w.seek(1.5))
show("fileno", lambda: w.fileno())
show("detach", lambda: w.detach())
u = io.StringIO.__new__(io.StringIO)
show("uninitialized read", lambda: u.read())
show("uninitialized closed", lambda: u.closed)

with io.StringIO("data") as f:
    print(f.read(), f.closed)
print(f.closed)
for name in ["read", "getvalue", "tell", "readline", "readable", "__iter__"]:
    show("closed " + name, getattr(f, name))
show("closed write", lambda: f.write("x"))
show("closed seek", lambda: f.seek(0))
show("enter closed", lambda: f.__enter__())
f.close()


class Upper(io.StringIO):
    def write(self, s):
        return super().write(s.upper())


u = Upper()
print("a", "b", file=u)
u.extra = 1
print(repr(u.getvalue()), u.extra, isinstance(u, io.TextIOBase), type(u).__mro__[1].__name__)
print(io.StringIO.__module__, io.StringIO.__name__, issubclass(io.StringIO, io.IOBase))
print(__import__("io").StringIO("a\nb\nc\n").readlines(2))

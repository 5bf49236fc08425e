# io.BytesIO: reading, writing, seeking past the end, readinto, getbuffer and closed errors.
import io


def show(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


b = io.BytesIO(b"line1\nline2\nrest")
print(b.read(2), b.tell(), b.readline(), b.read1(3), b.readlines())
print(b.read(), b.tell(), b.seek(0), list(b))
b.seek(0)
print(b.readline(3), b.readline(-1), b.readlines(2))
print(b.seek(-2, 2), b.read(), b.seek(-100, 1), b.seek(3, 0))
print(b.write(b"XY"), b.getvalue(), b.tell())
b.seek(20)
print(b.write(bytearray(b"end")), b.getvalue(), b.tell())
print(b.truncate(8), b.getvalue(), b.tell())
print(b.truncate(), b.getvalue())
ba = bytearray(4)
b.seek(1)
print(b.readinto(ba), ba, b.readinto(bytearray(10)))
mv = memoryview(bytearray(3))
b.seek(0)
print(b.readinto(mv), bytes(mv))
print(b.readable(), b.writable(), b.seekable(), b.isatty(), b.flush())

w = io.BytesIO()
w.write(b"abc")
w.writelines([b"d", bytearray(b"e"), memoryview(b"f")])
print(w.getvalue(), w.tell(), w.read(), w.read(None), w.read(-1))
view = w.getbuffer()
print(len(view), bytes(view[:2]))
view[0] = ord("A")
print(w.getvalue())
del view

print(io.BytesIO.__new__(io.BytesIO).read(), io.BytesIO(None).getvalue())
print(io.BytesIO(bytearray(b"ba")).getvalue(), io.BytesIO(memoryview(b"mv")).read())

show("init str", lambda: io.BytesIO("x"))
show("write str", lambda: w.write("x"))
show("read str", lambda: w.read("x"))
show("seek negative", lambda: w.seek(-1))
show("seek whence", lambda: w.seek(0, 3))
show("seek float", lambda: w.seek(1.5))
show("truncate negative", lambda: w.truncate(-1))
show("readinto bytes", lambda: w.readinto(b"xx"))
show("fileno", lambda: w.fileno())
show("detach", lambda: w.detach())

with io.BytesIO(b"x") as f:
    print(f.read(), f.closed)
print(f.closed)
for name in ["read", "getvalue", "tell", "readline", "getbuffer", "flush", "isatty", "readable"]:
    show("closed " + name, getattr(f, name))
show("closed write", lambda: f.write(b""))
show("closed seek", lambda: f.seek(0))
f.close()


class Counting(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.reads = 0

    def read(self, n=-1):
        self.reads += 1
        return super().read(n)


c = Counting(b"abc")
print(c.read(1), c.read(), c.reads, isinstance(c, io.BufferedIOBase), isinstance(c, io.RawIOBase))
print(io.BytesIO.__module__, issubclass(io.BytesIO, io.IOBase))

# The buffered and text layers over in-memory and Python-defined streams.
p = io.BufferedRWPair(io.BytesIO(b"abc\ndef"), io.BytesIO())
print(p.readline(), p.read(1), p.peek()[:1], p.write(b"x"), p.readable(), p.writable())
print(p.closed, p.isatty(), repr(p).startswith("<_io.BufferedRWPair object at "))
p.close()
print(p.closed)
show("pair read closed", lambda: p.read())
show("pair buffer size", lambda: io.BufferedRWPair(io.BytesIO(), io.BytesIO(), 0))


class Raw(io.RawIOBase):
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def readable(self):
        return True

    def readinto(self, b):
        n = min(len(b), 3, len(self.data) - self.pos)
        b[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


r = io.BufferedReader(Raw(b"hello\nworld\nfoo"))
print(r.readline(), r.read(2), r.peek(1)[:1], r.read(), repr(r.raw)[:6])
t = io.TextIOWrapper(io.BufferedReader(Raw("héllo\r\nwörld".encode())), encoding="utf-8")
print(repr(t.readline()), repr(t.read()), t.newlines)
t = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
print(t.write("a\r\nb\n"), t.tell(), t.seek(0), t.readlines(), t.newlines, t.tell())
d = io.IncrementalNewlineDecoder(None, True)
print(repr(d.decode("a\r")), repr(d.decode("\nb\r", final=True)), d.newlines, d.getstate())
print(repr(io.StringIO())[:20], repr(io.BytesIO())[:19])

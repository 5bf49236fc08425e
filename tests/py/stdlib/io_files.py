# open() over real files: text and binary modes, write/read/append/seek/tell/readline,
# iteration, newline handling, buffering=0 and the object layers. The files live beside
# this test (no `os` to make a directory or delete them) and are overwritten each run; the
# GC-stress run uses its own names so the two runs may go in parallel.
import io
import sys

try:
    with open("/proc/self/environ", "rb") as env:
        stress = b"EMBER_GC_STRESS=1" in env.read()
except OSError:
    stress = False
tag = "_s" if stress else ""
TXT = "_io_files_text" + tag + ".tmp"
BIN = "_io_files_bin" + tag + ".tmp"

with open(TXT, "w") as f:
    print(type(f).__name__, f.mode, f.encoding, f.errors, f.line_buffering, f.newlines)
    print(f.write("first line\n"), f.write("second: héllo\n"), f.writelines(["3\n", "4"]))
    print(f.tell(), f.writable(), f.readable(), f.seekable(), f.closed)
print(f.closed)

with open(TXT) as f:
    print(repr(f.readline()), f.tell())
    print(repr(f.read(8)), f.tell())
    print(f.readlines())
    print(repr(f.read()), repr(f.readline()))
    print(f.seek(0), repr(f.read(5)), f.seek(0, 2), f.tell())
    f.seek(11)
    print([line for line in f])

with open(TXT, "a") as f:
    print(f.tell(), f.write("\nappended\n"))
with open(TXT, encoding="utf-8") as f:
    print(sum(1 for _ in f), f.buffer.name == TXT, type(f.buffer).__name__, type(f.buffer.raw).__name__)

with open(BIN, "wb") as f:
    print(type(f).__name__, f.mode, f.write(b"\x00\x01binary\r\nline\rcr\n"), f.tell())
    print(f.write(bytearray(b"ba")), f.write(memoryview(b"mv")))
with open(BIN, "rb") as f:
    print(f.read(3), f.peek(1)[:1], f.read1(2), f.tell(), f.readline(), f.readlines())
    print(f.seek(-4, 2), f.read(), f.seek(2), f.seek(3, 1), f.read(4))
    b = bytearray(5)
    f.seek(0)
    print(f.readinto(b), b, f.raw.mode, f.raw.closefd)

for nl in [None, "", "\n", "\r", "\r\n"]:
    with open(BIN, newline=nl) as f:
        print(repr(nl), f.readlines(), f.newlines)
with open(TXT, "w", newline="\r\n") as f:
    f.write("a\nb\n")
with open(TXT, "rb") as f:
    print(f.read())
with open(TXT, "w", newline="\r") as f:
    f.write("a\nb\n")
with open(TXT, "rb") as f:
    print(f.read())

with open(TXT, "w+") as f:
    f.write("0123456789")
    f.seek(3)
    print(repr(f.read(3)), f.tell())
    f.seek(0, 2)
    f.write("ab")
    f.seek(0)
    print(repr(f.read()))
    print(f.truncate(4), f.tell())
    f.seek(0)
    print(repr(f.read()))

with open(BIN, "r+b") as f:
    f.seek(2)
    f.write(b"XY")
    f.seek(0)
    print(type(f).__name__, f.read(6), f.tell())
    f.truncate(3)
    f.seek(0)
    print(f.read())

raw = open(BIN, "rb", buffering=0)
print(type(raw).__name__, raw.read(2), raw.readall(), raw.read(), raw.seek(0), raw.tell())
raw.close()
print(raw.closed)

with open(TXT, "w", encoding="latin-1") as f:
    f.write("café")
with open(TXT, "rb") as f:
    print(f.read())
with open(TXT, encoding="latin-1") as f:
    print(f.read(), f.encoding)
with open(TXT, "w", encoding="ascii", errors="replace") as f:
    f.write("naïve")
with open(TXT) as f:
    print(f.read())
with open(TXT, "w", encoding="utf-16") as f:
    f.write("ab")
    f.write("c")
with open(TXT, "rb") as f:
    print(f.read())
with open(TXT, encoding="utf-16") as f:
    print(repr(f.read()))

big = "".join("line %d é\n" % i for i in range(3000))
with open(TXT, "w") as f:
    f.write(big)
with open(TXT) as f:
    lines = f.readlines()
    print(len(lines), lines[-1], f.tell())
    f.seek(0)
    print(f.read() == big)

w = open(TXT, "w")
w.write("unflushed")
w.flush()
print(open(TXT).read())
w.close()
with open(TXT, "rb") as f:
    t = io.TextIOWrapper(f, encoding="utf-8")
    print(t.read(), t.buffer is f)
    d = t.detach()
    print(d is f)
sys.stdout.write("via sys.stdout\n")
sys.stdout.flush()
sys.stdout.buffer.write(b"via the buffer\n")
sys.stdout.buffer.flush()
print("flushed", flush=True)


class Bad:
    def __str__(self):
        raise RuntimeError("boom")


with open(TXT, "w") as f:
    print("a", 1, sep="-", end="!\n", file=f)
    try:
        print("before", Bad(), "after", file=f)
    except RuntimeError as e:
        print("error", e)
    print("line", file=f, flush=True)
with open(TXT) as f:
    print(repr(f.read()))
f = open(TXT, "w")
f.close()
try:
    print("x", file=f)
except ValueError as e:
    print(e)

# utf-8-sig and BOMs: written once at the start, not when appending, skipped on reading.
with open(TXT, "w", encoding="utf-8-sig") as f:
    f.write("héllo\n")
    f.write("more\n")
with open(TXT, "a", encoding="utf-8-sig") as f:
    f.write("app\n")
with open(TXT, "rb") as f:
    print(f.read())
with open(TXT, encoding="utf-8-sig") as f:
    print(repr(f.readline()), f.tell(), repr(f.read()), f.encoding)
with open(TXT, encoding="utf-8") as f:
    print(repr(f.read(2)))
print(repr(io.TextIOWrapper(io.BytesIO(b"\xef\xbb"), encoding="utf-8-sig").read()))
with open(TXT, "w", encoding="utf-16") as f:
    f.write("a")
with open(TXT, "a", encoding="utf-16") as f:
    f.write("b")
with open(TXT, "rb") as f:
    print(f.read())

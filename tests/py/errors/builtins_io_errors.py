# open() and file objects: argument errors, missing files, closed files, reading a helper
# data file line by line.
def show(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


show("missing file", lambda: open("/nonexistent/dir/x.txt"))
show("directory", lambda: open("/"))
show("bad mode rw", lambda: open("_io_data.txt", "rw"))
show("bad mode rz", lambda: open("_io_data.txt", "rz"))
show("bad mode tb", lambda: open("_io_data.txt", "rtb"))
show("binary with encoding", lambda: open("_io_data.txt", "rb", encoding="utf-8"))
show("float path", lambda: open(5.5))
try:
    open("/nonexistent/x")
except FileNotFoundError as e:
    print(e.errno, e.strerror, e.filename, isinstance(e, OSError))
with open("_io_data.txt") as f:
    print(f.readline(), end="")
    print(repr(f.read(5)))
    rest = f.readlines()
    print(rest)
    print(f.read() == "", f.closed, f.name, f.mode)
print(f.closed)
show("read closed", lambda: f.read())
show("iterate closed", lambda: next(iter(f)))
with open("_io_data.txt") as f:
    print([line.rstrip("\n") for line in f])
with open("_io_data.txt", "rb") as f:
    data = f.read()
    print(type(data).__name__, len(data), data[:5])
r = open("_io_data.txt")
show("write to read-only", lambda: r.write("x"))
r.close()
w = open("/dev/null", "w")
show("write int", lambda: w.write(5))
print(w.write("text"), w.writable(), w.readable())
w.close()
show("write closed", lambda: w.write("x"))

# Attributes, str() and repr() of the exception classes with extra fields, and the
# argument checking of their constructors.
def show(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


show("ValueError(x=1)", lambda: ValueError(x=1))
show("KeyError(1, y=2)", lambda: KeyError(1, y=2))
show("ImportError(foo=)", lambda: ImportError("m", foo=1))
show("ModuleNotFoundError(foo=)", lambda: ModuleNotFoundError(foo=1))
show("NameError(obj=)", lambda: NameError("a", obj=1))
show("AttributeError(foo=)", lambda: AttributeError(foo=2))
show("SyntaxError(x=)", lambda: SyntaxError(x=1))


class Flexible(Exception):
    def __init__(self, **kw):
        super().__init__(*sorted(kw))


class Strict(Exception):
    pass


show("Flexible(a=1)", lambda: Flexible(b=1, a=2).args)
show("Strict(a=1)", lambda: Strict(a=1))

print("-- StopIteration / SystemExit")
print(StopIteration().value, StopIteration(7).value, StopIteration(1, 2).value)
print(SystemExit().code, SystemExit(4).code, SystemExit(1, 2).code, SystemExit("msg").code)

print("-- ImportError")
e = ImportError("no module", name="pkg", path="/x/pkg.py")
print(e.msg, e.name, e.path, str(e), repr(e), e.args)
print(repr(str(ImportError())), str(ImportError(1)), str(ImportError("a", "b")), ImportError("a", "b").msg)
print(ModuleNotFoundError("m", name="m").name)

print("-- NameError / AttributeError")
print(NameError("n", name="x").name, NameError().name)
ae = AttributeError("a", name="attr", obj=[1])
print(ae.name, ae.obj, AttributeError().name, AttributeError().obj)

print("-- OSError")
for args in [(), ("msg",), (2, "No such file"), (2, "No such file", "f.txt"),
             (2, "x", "f1", None, "f2"), (2, "x", None, None, "f2"), (None, None), (1, None),
             (13, "denied"), (17, "exists"), (110, "timeout"), (11, "again"), (32, "pipe"),
             (99999, "unknown"), (1, 2, 3, 4, 5)]:
    e = OSError(*args)
    print(type(e).__name__, e.args, repr(str(e)), e.errno, e.strerror, e.filename, e.filename2)
print(FileNotFoundError(1, "a").errno, type(FileNotFoundError(13, "x")).__name__)
b = BlockingIOError(11, "again", 5)
print(b.characters_written, b.filename, b.args)


class MyOSError(OSError):
    def __init__(self, code, text):
        super().__init__(code, text)
        self.extra = (code, text)


m = MyOSError(2, "gone")
print(type(m).__name__, m.errno, m.strerror, m.extra, m.args, str(m))

print("-- SyntaxError")
print(repr(str(SyntaxError())), str(SyntaxError("m")), SyntaxError("m").lineno)
s = SyntaxError("bad", ("dir/file.py", 3, 5, "text line\n", 3, 9))
print(str(s), s.msg, s.filename, s.lineno, s.offset, repr(s.text), s.end_lineno, s.end_offset)
print(repr(s), s.args, s.print_file_and_line)
print(str(SyntaxError("m", ("/a/b/f.py", 1, 2, "t"))), SyntaxError("m", ("f", 1, 2, "t")).end_offset)
print(str(SyntaxError("m", (None, None, None, None))), str(SyntaxError("m", ("f", None, 1, "x"))),
      str(SyntaxError("m", (None, 4, 1, "x"))))
show("SyntaxError info too short", lambda: SyntaxError("m", (1, 2)))
show("SyntaxError info too long", lambda: SyntaxError("m", (1, 2, 3, 4, 5, 6, 7)))
show("SyntaxError end_lineno only", lambda: SyntaxError("m", (1, 2, 3, 4, 5)))
show("SyntaxError info not iterable", lambda: SyntaxError("m", 5))
print(issubclass(TabError, IndentationError), IndentationError("i").msg)

print("-- UnicodeError family")
d = UnicodeDecodeError("utf-8", b"\xffabc", 0, 1, "invalid start byte")
print(str(d), d.encoding, d.object, d.start, d.end, d.reason)
print(str(UnicodeDecodeError("utf-8", b"abc", 0, 3, "bad")))
print(str(UnicodeEncodeError("ascii", "caf\xe9", 3, 4, "ordinal not in range(128)")))
print(str(UnicodeEncodeError("utf-8", "\U0001f600", 0, 1, "r")), str(UnicodeEncodeError("utf-8", "\u1234", 0, 1, "r")))
print(str(UnicodeEncodeError("ascii", "abc", 0, 2, "r")))
print(str(UnicodeTranslateError("\u1234", 0, 1, "r")), "|", str(UnicodeTranslateError("ab", 0, 2, "r")))
print(UnicodeTranslateError("x", 0, 1, "r").encoding, repr(str(UnicodeError())))
show("UnicodeDecodeError(1)", lambda: UnicodeDecodeError(1))
show("UnicodeDecodeError(str object)", lambda: UnicodeDecodeError("utf-8", "str", 0, 1, "r"))
show("UnicodeDecodeError(int encoding)", lambda: UnicodeDecodeError(1, b"", 1, 2, "r"))
show("UnicodeEncodeError(bytes object)", lambda: UnicodeEncodeError("a", b"", 1, 2, "r"))

# SyntaxError raised by compile()/eval()/exec() can be caught and inspected.
sources = [
    "x = (1, 2",
    "def f(:\n    pass",
    "if True\n    pass",
    "return 5",
    "1 = x",
    "f(x for x in y, 1)",
    "x = 1 +",
    "print 'hello'",
    "a b",
    "  indented = 1",
    "if x:\npass",
    "for x in range(3):\n    pass\n  else:\n    pass",
    "break",
    "def g():\n    nonlocal q",
    "class C:\n    yield 1",
    "x = [1, 2,, 3]",
    "'unterminated",
    "\"\"\"never closed",
    "f(**x, *y)",
    "lambda: (yield)",
    "del f()",
    "None = 1",
    "x += 1 = 2",
    "import",
    "def f(a, a): pass",
]
for src in sources:
    try:
        compile(src, "<snippet>", "exec")
        print(repr(src), "-> compiled")
    except SyntaxError as e:
        print(repr(src), "->", type(e).__name__, repr(e.msg), "line", e.lineno, "offset", e.offset, "text", repr(e.text))
try:
    eval("1 +* 2")
except SyntaxError as e:
    print("eval:", e.msg, e.filename, e.lineno, e.offset)
try:
    exec("def broken(\n")
except SyntaxError as e:
    print("exec:", e.msg, e.filename, e.lineno)
print(str(SyntaxError("custom", ("file.py", 3, 4, "text here", 3, 8))))
print(issubclass(IndentationError, SyntaxError), issubclass(TabError, IndentationError))

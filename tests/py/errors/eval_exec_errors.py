# Errors from compile(), eval() and exec(): argument checking, SyntaxError details of
# compiled snippets, exceptions raised by evaluated code and their tracebacks.
def show(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


show("eval(5)", lambda: eval(5))
show("eval globals int", lambda: eval("1", 5))
show("eval locals int", lambda: eval("1", {}, 5))
show("exec globals int", lambda: exec("1", 5))
show("exec locals int", lambda: exec("1", {}, 5))
show("exec(5)", lambda: exec(5))
show("compile bad mode", lambda: compile("1", "f", "bad"))
show("compile(5)", lambda: compile(5, "f", "exec"))
show("compile null byte", lambda: compile("a\0b", "f", "exec"))
show("eval null byte", lambda: eval("a\0b"))
show("eval leading spaces", lambda: eval("   1 + 1"))
show("eval bytes", lambda: eval(b"2 * 21"))
show("eval statement", lambda: eval("x = 1"))
show("exec expression value", lambda: exec("40 + 2"))
show("eval code object", lambda: eval(compile("3 * 3", "<c>", "eval")))
show("exec single", lambda: exec(compile("y = 5", "<s>", "single"), {}))
for src, mode in [("def f(:\n    pass", "exec"), ("return 1", "exec"),
                  ("for x in y:\n\tpass\n        pass", "exec"), ("x = (", "exec"), ("a b c", "exec")]:
    try:
        compile(src, "snippet.py", mode)
        print(repr(src), "compiled")
    except SyntaxError as e:
        print(type(e).__name__, e.msg, e.filename, e.lineno, e.offset, repr(e.text), e.end_lineno, e.end_offset)
        print("  str:", str(e))
try:
    exec("def inner():\n    raise KeyError('from exec')\ninner()", {})
except KeyError as e:
    tb = e.__traceback__
    lines = []
    while tb is not None:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    print("KeyError", e, lines)


def caller():
    x = 10
    y = 20
    return eval("x + y"), sorted(locals()), eval("x", {"x": 1})


print(caller())
g = {}
exec("import_time = 1", g)
print(sorted(k for k in g if not k.startswith("__")), "__builtins__" in g)
exec("raise ValueError('uncaught from exec')")

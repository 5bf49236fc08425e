# eval and exec with explicit dicts, compile.
print(eval("1 + 2 * 3"))
print(eval("x * y", {"x": 6, "y": 7}))
print(eval("a + b", {"a": 1}, {"b": 10}))
g = {"base": 100}
exec("result = base + 1\ndef helper(v):\n    return v * base\n", g)
print(g["result"], g["helper"](2), "__builtins__" in g)
loc = {}
exec("p = 1\nq = p + 1", {}, loc)
print(sorted(loc.items()))
ns = {}
exec("""
class Made:
    kind = "made"
    def hello(self):
        return "hello from " + self.kind
obj = Made()
""", ns)
print(ns["obj"].hello(), ns["Made"].__name__, ns["Made"].__module__)
code = compile("x + 1", "<expr>", "eval")
print(eval(code, {"x": 41}), code.co_filename)
code2 = compile("for i in range(3): out.append(i * i)", "<stmts>", "exec")
out = []
exec(code2, {"out": out})
print(out)
print(eval("[i for i in range(n)]", {"n": 4}))
print(eval("len('abc')"), eval("abs(v)", {"v": -3}))
print(exec("1 + 1"))


def uses_eval():
    local_var = 5
    return eval("local_var * 2")


print(uses_eval())
counter = {"n": 0}
exec("n += 1", counter)
exec("n += 1", counter)
print(counter["n"])
try:
    eval("undefined_thing", {})
except NameError as e:
    print("NameError:", e)
try:
    exec("raise ValueError('from exec')")
except ValueError as e:
    print("ValueError:", e)
print(eval("lambda z: z + 1")(1), eval("(1, 'two', [3])"), eval(" 7 "))
env = {"__builtins__": {"len": len}}
print(eval("len([1, 2])", env))
try:
    eval("print('x')", env)
except NameError as e:
    print("NameError:", e)
src = "def sq(v):\n    return v * v\n"
mod = {"__name__": "fake_module"}
exec(src, mod)
print(mod["sq"](9), mod["sq"].__module__)

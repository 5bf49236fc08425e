# ast.parse: CPython 3.11 fields and positions over many snippets, unparse, literal_eval.
import ast
SNIPS = [
"x = 1", "a, b = c", "x += 1", "x: int = 3", "del a[0], b.c",
"@dec\n@dec2(1)\ndef f(a, b: int = 2, *args, c, d=4, **kw) -> None:\n    '''doc'''\n    return a\n",
"async def g():\n    await x\n    async for i in y:\n        pass\n    async with a as b, c:\n        pass\n",
"class C(B, metaclass=M):\n    x = 1\n    def m(self): pass\n",
"@d\nclass D: pass\n",
"for i in range(10):\n    break\nelse:\n    continue\n",
"while x:\n    pass\nelse:\n    pass\n",
"if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n",
"with open(f) as g: pass",
"try:\n    pass\nexcept E as e:\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
"try:\n    pass\nexcept* E:\n    pass\n",
"raise X from Y", "assert x, 'msg'", "import a.b as c, d", "from .. import x as y, z", "from m import *",
"global a, b", "nonlocal q", "pass", "x if y else z", "lambda x, *y, **z: x",
"a and b or c", "not a", "-a + ~b", "a < b <= c != d in e not in f is g is not h",
"f(a, *b, c=d, **e)", "a.b.c", "a[1:2, ::3]", "a[...]", "[x for x in y if z]", "{x: y for x, y in z}",
"{x for x in y}", "(x for x in y)", "[1, *a]", "{1, 2}", "{1: 2, **d}", "(a := 1)", "yield", "yield x", "yield from x",
"f'{x}'", "f'a{x!r}b{y:>{w}}c'", "f'{x=}'", "'a' 'b'", "u'x'", "b'x' b'y'", "'a' f'{b}' 'c'",
"1.5", "1j", "10**100", "True, False, None, ...",
"match x:\n    case 1 | 2:\n        pass\n    case [a, *rest]:\n        pass\n    case {'k': v, **r}:\n        pass\n    case P(1, y=2) as z if z:\n        pass\n    case None:\n        pass\n    case _:\n        pass\n",
"x = 'héllo' + ñ", "ñame = f'{ñ}é'\n", "def f(*, a): pass", "def f(a, /): pass",
"x = (\n  1 +\n  2)\n", "print(*a, sep='')", "a.b = c[d] = e", "a[b] += 1", "(yield)",
]
for s in SNIPS:
    try:
        tree = ast.parse(s)
        print(ast.dump(tree, include_attributes=True))
        print(ast.unparse(tree))
    except SyntaxError as e:
        print("SyntaxError", e)
for s in ["x+1", "f(*a)", "(1, 'ü', b'\\x00')"]:
    print(ast.dump(ast.parse(s, mode='eval'), include_attributes=True))
print(ast.dump(ast.parse("x = 1", mode='single'), include_attributes=True))
print(ast.dump(compile("y = 2", "<s>", "exec", ast.PyCF_ONLY_AST)))
print(ast.dump(ast.parse("x", type_comments=True, feature_version=(3, 8))))
for s in ["[1, 2.5, 'x', (1,), {1: -2}, None, b'z', 1+2j, {3}, -1.5, True]", "set()", "f(x)", "1 +", "x"]:
    try:
        print(repr(ast.literal_eval(s)))
    except (ValueError, SyntaxError) as e:
        print(type(e).__name__)
tree = ast.parse("a = 1\nb = a + 2\n")
print([type(n).__name__ for n in ast.walk(tree)])
for s in ["1 +", "def f(:", "x = = 1"]:
    try:
        ast.parse(s)
    except SyntaxError as e:
        print("SyntaxError", e.msg, e.lineno, e.offset)
class V(ast.NodeVisitor):
    def visit_Name(self, node):
        print("name", node.id, node.col_offset)
        self.generic_visit(node)
V().visit(ast.parse("a + b * c(d)"))

# Unicode columns (UTF-8 byte offsets), implicit concatenation, nested f-strings, syntax
# CPython 3.11 rejects (3.12 type parameters), grammar checks ast.parse makes.
MORE = [
"é = 'ñ'; b = é + 'x'", "f('日本語', x)", "s = '''a\nb''' + c", "x = 1 + \\\n  2", "# c\nx = 1  # d\n",
"f'{x:{y}}'", "f'{a}{b}' f'{c}'", "f'{x!s}' 'lit'", "x = f'''\n{y}\n'''",
"def f(a=1, *, b=2): return", "*a, b = c", "{**a, 'b': 1}", "f(**k, *a)", "x[1:2:3]", "x[:, None]",
"a = 1; b = 2", "if x: pass", "while 1: break", "class A(): pass", "f()", "(a)", "(a, b)", "()", "[]", "{}",
"-1", "+x", "a if b else c if d else e", "0x10 + 1_000 + 1e10 + 0o7", "x = not a in b", "[y := f(x) for x in z]",
"async def f():\n    return [x async for x in y]\n", "async def f():\n    await g(f'{await h()}')\n",
"with (a as b, c as d):\n    pass\n", "del (a), [b]", "lambda: (yield)", "def f():\n    '''doc'''\n",
"try:\n    pass\nexcept (A, B):\n    pass\n", "x = y = z = 0", "a.b[c](d).e", "print(1,)", "x = (1,)", "x = 1,",
"global x\nx = 1", "@a.b(c)\n@d\nasync def f(): pass", "for (a, b) in c: pass", "x = [1,\n     2,\n]",
"if a:\n    pass\nelif b:\n    pass\n", "assert (a, b)", "raise", "return_ = 1", "match = 1\ncase = 2",
"match p:\n    case {1: _, **kw}: pass\n    case Point(x=0) | Point(y=0): pass\n    case [1, 2, *_]: pass\n    case -1: pass\n    case 1+2j: pass\n    case a.b: pass\n    case (x, y): pass\n    case str() as s: pass\n    case True: pass\n",
"x = 'a' 'b' \\\n 'c'", "b'\\x00\\xff'", "u'é' 'x'", "x = -2**3", "~x ** -y", "a @ b", "a //= b", "x = ..., Ellipsis",
"def f[T](x): pass", "type X = int", "print(f'{x=!r:^20}')", "f'{{}}'", "'\\N{BULLET} é'",
"from __future__ import braces", "f() = 1", "nonlocal x", "return 1",
]
for s in MORE:
    try:
        print(ast.dump(ast.parse(s), include_attributes=True))
    except SyntaxError as e:
        print("SyntaxError", e.msg)
# Contexts and operators are shared instances, as in CPython.
a, b = ast.parse('x = a + b < c'), ast.parse('del y; z - w >= v')
print(a.body[0].value.left.left.ctx is b.body[1].value.left.right.ctx,
      a.body[0].value.left.op is ast.parse('q + r').body[0].value.op,
      type(a.body[0].targets[0].ctx) is ast.Store, type(b.body[0].targets[0].ctx) is ast.Del)
# A generator expression that is a call's sole argument spans the call's parentheses.
for s in ["f((x for x in y))", "f(x for x in y)", "f((a, b) for a in y)", "f( x for x in g() )",
          "f(\n  (a)\n  for a in y\n)", "f(x for x in y)(z for z in w)"]:
    g = ast.parse(s).body[0].value.args[0]
    print(g.lineno, g.col_offset, g.end_lineno, g.end_col_offset)
# Parse, compile the tree and round-trip through unparse, on a larger program.
src = '''
import os
def walk(top, *, depth=0):
    """doc"""
    for name in sorted(os.listdir(top)) if depth < 1 else []:
        yield from (f"{depth}:{name!r}" for _ in [0])
class K(dict, metaclass=type):
    def __getitem__(self, k):
        try:
            return super().__getitem__(k)
        except KeyError as e:
            raise LookupError(k) from e
        finally:
            pass
print(sum(x * y for x, y in zip(range(4), range(4))), K(a=1)['a'])
'''
tree = ast.parse(src)
exec(compile(tree, '<tree>', 'exec'), {})
print(ast.dump(ast.parse(ast.unparse(tree))) == ast.dump(tree))

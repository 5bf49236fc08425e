# compile() of AST objects: parse -> compile -> exec, NodeTransformer, and CPython's errors.
import ast
src = """
def f(a, b=2, *c, d, e=5, **g):
    return a + b + sum(c) + d + e + len(g)
print(f(1, 2, 3, d=4))
class C:
    x = [i * 2 for i in range(3) if i]
    def m(self): return {k: v for k, v in zip('ab', (1, 2))}
print(C.x, C().m())
try:
    1/0
except ZeroDivisionError as e:
    print('caught', type(e).__name__)
finally:
    print('fin')
with open('/dev/null') as fh: print(fh.read() == '')
match [1, 2, 3]:
    case [1, *rest]: print('rest', rest)
x = f'{1+1!r:>4}|{"s"}'
print(x, (lambda: 0)(), (y := 5), y)
import os.path as p
from os import sep
assert p and sep
print(*[1, 2], sep='-')
"""
tree = ast.parse(src)
code = compile(tree, '<ast>', 'exec')
exec(code, {})
class T(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, int) and not isinstance(node.value, bool):
            return ast.copy_location(ast.Constant(node.value * 10), node)
        return node
t2 = ast.fix_missing_locations(T().visit(ast.parse("print(1 + 2, 'a')")))
exec(compile(t2, '<t>', 'exec'))

e = ast.Expression(body=ast.BinOp(left=ast.Constant(2), op=ast.Mult(), right=ast.Constant(21)))
print(eval(compile(ast.fix_missing_locations(e), '<e>', 'eval')))
def t(f):
    try: f(); print('ok')
    except Exception as e: print(type(e).__name__, e)
t(lambda: compile(ast.Expression(body=ast.Name('x', ast.Load())), 'f', 'exec'))
t(lambda: compile(ast.Module(body=[ast.Pass()], type_ignores=[]), 'f', 'exec'))
t(lambda: compile(ast.fix_missing_locations(ast.Module(body=[ast.Expr(ast.Name())],type_ignores=[])), 'f', 'exec'))
t(lambda: compile(ast.fix_missing_locations(ast.Module(body=[ast.Expr(ast.Name(3, ast.Load()))],type_ignores=[])), 'f', 'exec'))
t(lambda: compile(ast.fix_missing_locations(ast.Module(body=[ast.Expr(ast.Constant([]))],type_ignores=[])), 'f', 'exec'))
t(lambda: compile(ast.fix_missing_locations(ast.Module(body=[ast.Expr(3)],type_ignores=[])), 'f', 'exec'))
t(lambda: compile(ast.fix_missing_locations(ast.Module(body=3,type_ignores=[])), 'f', 'exec'))
t(lambda: compile(ast.Name('x', ast.Load()), 'f', 'eval'))
t(lambda: compile(ast.Module(body=[], type_ignores=[]), 'f', 'eval'))
t(lambda: print(type(compile(ast.Module(body=[], type_ignores=[]), 'f', 'exec', ast.PyCF_ONLY_AST)).__name__))
t(lambda: compile('x', 'f', 'bad', ast.PyCF_ONLY_AST))
t(lambda: exec(compile(ast.parse("def g():\n    raise ValueError('boom')\ng()"), 'gen.py', 'exec')))
# Deep and cyclic trees raise RecursionError, as CPython's obj2ast does.
n = ast.Constant(1, lineno=1, col_offset=0)
for i in range(3000):
    n = ast.UnaryOp(ast.USub(), n, lineno=1, col_offset=0)
t(lambda: compile(ast.Expression(n), 'f', 'eval'))
e = ast.BinOp(ast.Constant(1, lineno=1, col_offset=0), ast.Add(), None, lineno=1, col_offset=0)
e.right = e
t(lambda: compile(ast.Expression(e), 'f', 'eval'))
n = ast.Constant(1, lineno=1, col_offset=0)
for i in range(50):
    n = ast.UnaryOp(ast.USub(), n, lineno=1, col_offset=0)
print(eval(compile(ast.Expression(n), 'f', 'eval')))
t(lambda: ast.parse("1 + " * 5000 + "1"))
t(lambda: ast.parse("(" * 250 + ")" * 250))

# Validation as CPython: positions, contexts, None in lists, required fields, int fields.
def mk(expr, **pos):
    m = ast.Module([ast.Expr(expr, lineno=pos.get('l', 1), col_offset=pos.get('c', 0), end_lineno=pos.get('el', 1), end_col_offset=pos.get('ec', 0))], [])
    return m
t(lambda: compile(mk(ast.Constant(1, lineno=5, col_offset=9, end_lineno=1, end_col_offset=0), l=5, c=9), 'f', 'exec'))
t(lambda: compile(mk(ast.Constant(1, lineno=-5, col_offset=-9, end_lineno=-1, end_col_offset=-3), l=-1, c=-1), 'f', 'exec'))
t(lambda: compile(mk(ast.Constant(1, lineno=10**30, col_offset=0)), 'f', 'exec'))
t(lambda: compile(mk(ast.Constant(1, lineno=2**40, col_offset=2**40, end_lineno=2**41, end_col_offset=3)), 'f', 'exec'))
t(lambda: compile(mk(ast.Constant(1, lineno='x', col_offset=0)), 'f', 'exec'))
t(lambda: compile(mk(ast.Constant((1, (2, 'a')), lineno=1, col_offset=0)), 'f', 'exec'))
t(lambda: compile(mk(ast.Name('x', ast.Store(), lineno=1, col_offset=0)), 'f', 'exec'))
t(lambda: compile(mk(ast.Starred(ast.Name('x', ast.Load(), lineno=1, col_offset=0), ast.Load(), lineno=1, col_offset=0)), 'f', 'exec'))
t(lambda: compile(ast.Module([ast.Assign([ast.Name('x', ast.Load(), lineno=1, col_offset=0)], ast.Constant(1, lineno=1, col_offset=0), lineno=1, col_offset=0)], []), 'f', 'exec'))
t(lambda: compile(ast.Module([ast.Return(None, lineno=1, col_offset=0)], []), 'f', 'exec'))
t(lambda: compile(ast.Module([ast.ImportFrom('os', [ast.alias('path', lineno=1, col_offset=0)], -1, lineno=1, col_offset=0)], []), 'f', 'exec'))
t(lambda: compile(ast.Module([ast.FunctionDef('f', ast.arguments([], [], None, [], [], None, [ast.Constant(1, lineno=1, col_offset=0)]), [ast.Pass(lineno=1, col_offset=0)], [], lineno=1, col_offset=0)], []), 'f', 'exec'))
t(lambda: compile(ast.Module([ast.Expr(ast.Call(ast.Name('print', ast.Load(), lineno=1, col_offset=0), [ast.Constant('hi', lineno=1, col_offset=0)], [], lineno=1, col_offset=0), lineno=1, col_offset=0)], []), 'f', 'exec'))
t(lambda: compile(ast.Interactive([ast.Expr(ast.Constant(7, lineno=1, col_offset=0), lineno=1, col_offset=0)]), 'f', 'single'))
t(lambda: exec(compile(ast.Interactive([ast.Expr(ast.Constant(7, lineno=1, col_offset=0), lineno=1, col_offset=0)]), 'f', 'single')))
t(lambda: compile(ast.Module([ast.Expr(ast.Constant(1, lineno=1, col_offset=0), lineno=1, col_offset=0)], [], foo=1), 'f', 'exec'))
t(lambda: compile(ast.Module([ast.Pass(lineno=True, col_offset=False)], 5), 'f', 'exec'))
t(lambda: compile(ast.Module([None], []), 'f', 'exec'))
t(lambda: compile(ast.Module([ast.Expr(None, lineno=1, col_offset=0)], []), 'f', 'exec'))


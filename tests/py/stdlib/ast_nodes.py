# _ast node classes: hierarchy, _fields/_attributes, constructors and their errors.
import ast
import _ast

print([n for n in dir(_ast) if not n.startswith('__')])
print(_ast.PyCF_ONLY_AST, _ast.PyCF_TYPE_COMMENTS, _ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
for name in ['AST', 'mod', 'Module', 'stmt', 'FunctionDef', 'expr', 'Name', 'Constant',
             'arguments', 'arg', 'keyword', 'alias', 'withitem', 'match_case', 'MatchAs',
             'comprehension', 'ExceptHandler', 'TypeIgnore', 'Load', 'Add']:
    c = getattr(ast, name)
    print(name, c.__module__, [b.__name__ for b in c.__mro__], c._fields,
          getattr(c, '_attributes', None), c.__match_args__ if '__match_args__' in vars(c) else '-')
print(ast.Return.__doc__)
print(ast.Return().value, ast.Constant(1).kind, ast.arg('a').annotation)
n = ast.Name('x', ast.Load(), lineno=3)
print(n.id, type(n.ctx).__name__, n.lineno, n.end_lineno, vars(n).keys())
print(hasattr(ast.Module(), 'body'), hasattr(ast.Name(), 'id'))
print(isinstance(ast.Name(), ast.expr), isinstance(ast.Pass(), ast.stmt),
      isinstance(ast.Add(), ast.operator), issubclass(ast.Load, ast.expr_context),
      isinstance(ast.Name(), ast.stmt))
for args, kw in [((1, 2, 3), {}), ((1,), {'id': 2}), ((1, 2), {})]:
    try:
        ast.Name(*args, **kw)
        print('ok')
    except TypeError as e:
        print('TypeError', e)
for cls, args in [(ast.Module, (1, 2, 3)), (ast.Return, (1, 2)), (ast.Add, (1,)), (ast.AST, (1,))]:
    try:
        cls(*args)
    except TypeError as e:
        print('TypeError', e)

class MyName(ast.Name):
    pass

m = MyName('y', ast.Store())
print(type(m).__name__, m.id, isinstance(m, ast.Name), m._fields)
try:
    MyName(1, 2, 3)
except TypeError as e:
    print(e)
print(ast.Name('x').__reduce__()[0] is ast.Name)
print(ast.dump(ast.Module([ast.Expr(ast.Constant(1))], [])))
print(ast.Num, issubclass(ast.Num, ast.Constant), ast.Suite, ast.Param)
match ast.BinOp(ast.Constant(1), ast.Add(), ast.Constant(2)):
    case ast.BinOp(ast.Constant(a), ast.Add(), ast.Constant(b)):
        print('matched', a, b)
import copy
t = ast.parse('a + f(b, *c)')
t2 = copy.deepcopy(t)
print(ast.dump(t2, include_attributes=True) == ast.dump(t, include_attributes=True), t2.body[0] is not t.body[0])
c = copy.copy(ast.Name('x', ast.Load()))
print(c.id, type(c.ctx).__name__)
# ast.parse builds the original classes even if the module attribute is rebound.
saved = _ast.Name
_ast.Name = 3
print(type(ast.parse('x').body[0].value).__name__)
_ast.Name = saved

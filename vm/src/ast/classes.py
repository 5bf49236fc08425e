# The `_ast` module's node classes, executed by `vm/src/ast/classes.rs` in the module's
# namespace. Generated from CPython 3.11's `_ast` (names, bases, `_fields`, `_attributes`,
# docs, and the class-level None defaults of optional fields); helpers are deleted at the end.

PyCF_ONLY_AST = 1024
PyCF_TYPE_COMMENTS = 4096
PyCF_ALLOW_TOP_LEVEL_AWAIT = 8192


def __init__(self, *args, **kwargs):
    cls = type(self)
    fields = getattr(cls, '_fields', ())
    n = len(fields)
    if len(args) > n:
        raise TypeError(f"{cls.__name__} constructor takes at most {n} positional argument{'' if n == 1 else 's'}")
    for name, value in zip(fields, args):
        setattr(self, name, value)
    for name, value in kwargs.items():
        if name in fields[:len(args)]:
            raise TypeError(f"{cls.__name__} got multiple values for argument '{name}'")
        setattr(self, name, value)


def __reduce__(self):
    d = getattr(self, '__dict__', None)
    if d:
        return type(self), (), d
    return type(self), ()


# FIXME(reduce_ex): CPython's AST has no __reduce_ex__ of its own; object.__reduce_ex__
# finds __reduce__ there. ember's object.__reduce_ex__ cannot yet, so copy.copy/deepcopy
# of nodes go through this one.
def __reduce_ex__(self, protocol):
    return self.__reduce__()


AST = type('AST', (), {'__module__': 'ast', '__init__': __init__, '__reduce__': __reduce__,
                       '__reduce_ex__': __reduce_ex__,
                       '_fields': (), '_attributes': (), '__match_args__': (), '__doc__': None})
del __init__, __reduce__, __reduce_ex__


def _mk(name, base, fields, attributes, doc, optional):
    ns = {'__module__': 'ast', '__doc__': doc, '_fields': fields, '__match_args__': fields}
    if attributes is not None:
        ns['_attributes'] = attributes
    for f in optional:
        ns[f] = None
    return type(name, (base,), ns)


operator = _mk('operator', AST, (), (), 'operator = Add | Sub | Mult | MatMult | Div | Mod | Pow | LShift | RShift | BitOr | BitXor | BitAnd | FloorDiv', ())
Add = _mk('Add', operator, (), None, 'Add', ())
boolop = _mk('boolop', AST, (), (), 'boolop = And | Or', ())
And = _mk('And', boolop, (), None, 'And', ())
stmt = _mk('stmt', AST, (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), 'stmt = FunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment)\n     | AsyncFunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment)\n     | ClassDef(identifier name, expr* bases, keyword* keywords, stmt* body, expr* decorator_list)\n     | Return(expr? value)\n     | Delete(expr* targets)\n     | Assign(expr* targets, expr value, string? type_comment)\n     | AugAssign(expr target, operator op, expr value)\n     | AnnAssign(expr target, expr annotation, expr? value, int simple)\n     | For(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)\n     | AsyncFor(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)\n     | While(expr test, stmt* body, stmt* orelse)\n     | If(expr test, stmt* body, stmt* orelse)\n     | With(withitem* items, stmt* body, string? type_comment)\n     | AsyncWith(withitem* items, stmt* body, string? type_comment)\n     | Match(expr subject, match_case* cases)\n     | Raise(expr? exc, expr? cause)\n     | Try(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)\n     | TryStar(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)\n     | Assert(expr test, expr? msg)\n     | Import(alias* names)\n     | ImportFrom(identifier? module, alias* names, int? level)\n     | Global(identifier* names)\n     | Nonlocal(identifier* names)\n     | Expr(expr value)\n     | Pass\n     | Break\n     | Continue', ('end_lineno', 'end_col_offset'))
AnnAssign = _mk('AnnAssign', stmt, ('target', 'annotation', 'value', 'simple'), None, 'AnnAssign(expr target, expr annotation, expr? value, int simple)', ('value',))
Assert = _mk('Assert', stmt, ('test', 'msg'), None, 'Assert(expr test, expr? msg)', ('msg',))
Assign = _mk('Assign', stmt, ('targets', 'value', 'type_comment'), None, 'Assign(expr* targets, expr value, string? type_comment)', ('type_comment',))
AsyncFor = _mk('AsyncFor', stmt, ('target', 'iter', 'body', 'orelse', 'type_comment'), None, 'AsyncFor(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)', ('type_comment',))
AsyncFunctionDef = _mk('AsyncFunctionDef', stmt, ('name', 'args', 'body', 'decorator_list', 'returns', 'type_comment'), None, 'AsyncFunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment)', ('returns', 'type_comment'))
AsyncWith = _mk('AsyncWith', stmt, ('items', 'body', 'type_comment'), None, 'AsyncWith(withitem* items, stmt* body, string? type_comment)', ('type_comment',))
expr = _mk('expr', AST, (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), 'expr = BoolOp(boolop op, expr* values)\n     | NamedExpr(expr target, expr value)\n     | BinOp(expr left, operator op, expr right)\n     | UnaryOp(unaryop op, expr operand)\n     | Lambda(arguments args, expr body)\n     | IfExp(expr test, expr body, expr orelse)\n     | Dict(expr* keys, expr* values)\n     | Set(expr* elts)\n     | ListComp(expr elt, comprehension* generators)\n     | SetComp(expr elt, comprehension* generators)\n     | DictComp(expr key, expr value, comprehension* generators)\n     | GeneratorExp(expr elt, comprehension* generators)\n     | Await(expr value)\n     | Yield(expr? value)\n     | YieldFrom(expr value)\n     | Compare(expr left, cmpop* ops, expr* comparators)\n     | Call(expr func, expr* args, keyword* keywords)\n     | FormattedValue(expr value, int conversion, expr? format_spec)\n     | JoinedStr(expr* values)\n     | Constant(constant value, string? kind)\n     | Attribute(expr value, identifier attr, expr_context ctx)\n     | Subscript(expr value, expr slice, expr_context ctx)\n     | Starred(expr value, expr_context ctx)\n     | Name(identifier id, expr_context ctx)\n     | List(expr* elts, expr_context ctx)\n     | Tuple(expr* elts, expr_context ctx)\n     | Slice(expr? lower, expr? upper, expr? step)', ('end_lineno', 'end_col_offset'))
Attribute = _mk('Attribute', expr, ('value', 'attr', 'ctx'), None, 'Attribute(expr value, identifier attr, expr_context ctx)', ())
AugAssign = _mk('AugAssign', stmt, ('target', 'op', 'value'), None, 'AugAssign(expr target, operator op, expr value)', ())
Await = _mk('Await', expr, ('value',), None, 'Await(expr value)', ())
BinOp = _mk('BinOp', expr, ('left', 'op', 'right'), None, 'BinOp(expr left, operator op, expr right)', ())
BitAnd = _mk('BitAnd', operator, (), None, 'BitAnd', ())
BitOr = _mk('BitOr', operator, (), None, 'BitOr', ())
BitXor = _mk('BitXor', operator, (), None, 'BitXor', ())
BoolOp = _mk('BoolOp', expr, ('op', 'values'), None, 'BoolOp(boolop op, expr* values)', ())
Break = _mk('Break', stmt, (), None, 'Break', ())
Call = _mk('Call', expr, ('func', 'args', 'keywords'), None, 'Call(expr func, expr* args, keyword* keywords)', ())
ClassDef = _mk('ClassDef', stmt, ('name', 'bases', 'keywords', 'body', 'decorator_list'), None, 'ClassDef(identifier name, expr* bases, keyword* keywords, stmt* body, expr* decorator_list)', ())
Compare = _mk('Compare', expr, ('left', 'ops', 'comparators'), None, 'Compare(expr left, cmpop* ops, expr* comparators)', ())
Constant = _mk('Constant', expr, ('value', 'kind'), None, 'Constant(constant value, string? kind)', ('kind',))
Continue = _mk('Continue', stmt, (), None, 'Continue', ())
expr_context = _mk('expr_context', AST, (), (), 'expr_context = Load | Store | Del', ())
Del = _mk('Del', expr_context, (), None, 'Del', ())
Delete = _mk('Delete', stmt, ('targets',), None, 'Delete(expr* targets)', ())
Dict = _mk('Dict', expr, ('keys', 'values'), None, 'Dict(expr* keys, expr* values)', ())
DictComp = _mk('DictComp', expr, ('key', 'value', 'generators'), None, 'DictComp(expr key, expr value, comprehension* generators)', ())
Div = _mk('Div', operator, (), None, 'Div', ())
cmpop = _mk('cmpop', AST, (), (), 'cmpop = Eq | NotEq | Lt | LtE | Gt | GtE | Is | IsNot | In | NotIn', ())
Eq = _mk('Eq', cmpop, (), None, 'Eq', ())
excepthandler = _mk('excepthandler', AST, (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), 'excepthandler = ExceptHandler(expr? type, identifier? name, stmt* body)', ('end_lineno', 'end_col_offset'))
ExceptHandler = _mk('ExceptHandler', excepthandler, ('type', 'name', 'body'), None, 'ExceptHandler(expr? type, identifier? name, stmt* body)', ('type', 'name'))
Expr = _mk('Expr', stmt, ('value',), None, 'Expr(expr value)', ())
mod = _mk('mod', AST, (), (), 'mod = Module(stmt* body, type_ignore* type_ignores)\n    | Interactive(stmt* body)\n    | Expression(expr body)\n    | FunctionType(expr* argtypes, expr returns)', ())
Expression = _mk('Expression', mod, ('body',), None, 'Expression(expr body)', ())
FloorDiv = _mk('FloorDiv', operator, (), None, 'FloorDiv', ())
For = _mk('For', stmt, ('target', 'iter', 'body', 'orelse', 'type_comment'), None, 'For(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)', ('type_comment',))
FormattedValue = _mk('FormattedValue', expr, ('value', 'conversion', 'format_spec'), None, 'FormattedValue(expr value, int conversion, expr? format_spec)', ('format_spec',))
FunctionDef = _mk('FunctionDef', stmt, ('name', 'args', 'body', 'decorator_list', 'returns', 'type_comment'), None, 'FunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment)', ('returns', 'type_comment'))
FunctionType = _mk('FunctionType', mod, ('argtypes', 'returns'), None, 'FunctionType(expr* argtypes, expr returns)', ())
GeneratorExp = _mk('GeneratorExp', expr, ('elt', 'generators'), None, 'GeneratorExp(expr elt, comprehension* generators)', ())
Global = _mk('Global', stmt, ('names',), None, 'Global(identifier* names)', ())
Gt = _mk('Gt', cmpop, (), None, 'Gt', ())
GtE = _mk('GtE', cmpop, (), None, 'GtE', ())
If = _mk('If', stmt, ('test', 'body', 'orelse'), None, 'If(expr test, stmt* body, stmt* orelse)', ())
IfExp = _mk('IfExp', expr, ('test', 'body', 'orelse'), None, 'IfExp(expr test, expr body, expr orelse)', ())
Import = _mk('Import', stmt, ('names',), None, 'Import(alias* names)', ())
ImportFrom = _mk('ImportFrom', stmt, ('module', 'names', 'level'), None, 'ImportFrom(identifier? module, alias* names, int? level)', ('module', 'level'))
In = _mk('In', cmpop, (), None, 'In', ())
Interactive = _mk('Interactive', mod, ('body',), None, 'Interactive(stmt* body)', ())
unaryop = _mk('unaryop', AST, (), (), 'unaryop = Invert | Not | UAdd | USub', ())
Invert = _mk('Invert', unaryop, (), None, 'Invert', ())
Is = _mk('Is', cmpop, (), None, 'Is', ())
IsNot = _mk('IsNot', cmpop, (), None, 'IsNot', ())
JoinedStr = _mk('JoinedStr', expr, ('values',), None, 'JoinedStr(expr* values)', ())
LShift = _mk('LShift', operator, (), None, 'LShift', ())
Lambda = _mk('Lambda', expr, ('args', 'body'), None, 'Lambda(arguments args, expr body)', ())
List = _mk('List', expr, ('elts', 'ctx'), None, 'List(expr* elts, expr_context ctx)', ())
ListComp = _mk('ListComp', expr, ('elt', 'generators'), None, 'ListComp(expr elt, comprehension* generators)', ())
Load = _mk('Load', expr_context, (), None, 'Load', ())
Lt = _mk('Lt', cmpop, (), None, 'Lt', ())
LtE = _mk('LtE', cmpop, (), None, 'LtE', ())
MatMult = _mk('MatMult', operator, (), None, 'MatMult', ())
Match = _mk('Match', stmt, ('subject', 'cases'), None, 'Match(expr subject, match_case* cases)', ())
pattern = _mk('pattern', AST, (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), 'pattern = MatchValue(expr value)\n        | MatchSingleton(constant value)\n        | MatchSequence(pattern* patterns)\n        | MatchMapping(expr* keys, pattern* patterns, identifier? rest)\n        | MatchClass(expr cls, pattern* patterns, identifier* kwd_attrs, pattern* kwd_patterns)\n        | MatchStar(identifier? name)\n        | MatchAs(pattern? pattern, identifier? name)\n        | MatchOr(pattern* patterns)', ())
MatchAs = _mk('MatchAs', pattern, ('pattern', 'name'), None, 'MatchAs(pattern? pattern, identifier? name)', ('pattern', 'name'))
MatchClass = _mk('MatchClass', pattern, ('cls', 'patterns', 'kwd_attrs', 'kwd_patterns'), None, 'MatchClass(expr cls, pattern* patterns, identifier* kwd_attrs, pattern* kwd_patterns)', ())
MatchMapping = _mk('MatchMapping', pattern, ('keys', 'patterns', 'rest'), None, 'MatchMapping(expr* keys, pattern* patterns, identifier? rest)', ('rest',))
MatchOr = _mk('MatchOr', pattern, ('patterns',), None, 'MatchOr(pattern* patterns)', ())
MatchSequence = _mk('MatchSequence', pattern, ('patterns',), None, 'MatchSequence(pattern* patterns)', ())
MatchSingleton = _mk('MatchSingleton', pattern, ('value',), None, 'MatchSingleton(constant value)', ())
MatchStar = _mk('MatchStar', pattern, ('name',), None, 'MatchStar(identifier? name)', ('name',))
MatchValue = _mk('MatchValue', pattern, ('value',), None, 'MatchValue(expr value)', ())
Mod = _mk('Mod', operator, (), None, 'Mod', ())
Module = _mk('Module', mod, ('body', 'type_ignores'), None, 'Module(stmt* body, type_ignore* type_ignores)', ())
Mult = _mk('Mult', operator, (), None, 'Mult', ())
Name = _mk('Name', expr, ('id', 'ctx'), None, 'Name(identifier id, expr_context ctx)', ())
NamedExpr = _mk('NamedExpr', expr, ('target', 'value'), None, 'NamedExpr(expr target, expr value)', ())
Nonlocal = _mk('Nonlocal', stmt, ('names',), None, 'Nonlocal(identifier* names)', ())
Not = _mk('Not', unaryop, (), None, 'Not', ())
NotEq = _mk('NotEq', cmpop, (), None, 'NotEq', ())
NotIn = _mk('NotIn', cmpop, (), None, 'NotIn', ())
Or = _mk('Or', boolop, (), None, 'Or', ())
Pass = _mk('Pass', stmt, (), None, 'Pass', ())
Pow = _mk('Pow', operator, (), None, 'Pow', ())
RShift = _mk('RShift', operator, (), None, 'RShift', ())
Raise = _mk('Raise', stmt, ('exc', 'cause'), None, 'Raise(expr? exc, expr? cause)', ('exc', 'cause'))
Return = _mk('Return', stmt, ('value',), None, 'Return(expr? value)', ('value',))
Set = _mk('Set', expr, ('elts',), None, 'Set(expr* elts)', ())
SetComp = _mk('SetComp', expr, ('elt', 'generators'), None, 'SetComp(expr elt, comprehension* generators)', ())
Slice = _mk('Slice', expr, ('lower', 'upper', 'step'), None, 'Slice(expr? lower, expr? upper, expr? step)', ('lower', 'upper', 'step'))
Starred = _mk('Starred', expr, ('value', 'ctx'), None, 'Starred(expr value, expr_context ctx)', ())
Store = _mk('Store', expr_context, (), None, 'Store', ())
Sub = _mk('Sub', operator, (), None, 'Sub', ())
Subscript = _mk('Subscript', expr, ('value', 'slice', 'ctx'), None, 'Subscript(expr value, expr slice, expr_context ctx)', ())
Try = _mk('Try', stmt, ('body', 'handlers', 'orelse', 'finalbody'), None, 'Try(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)', ())
TryStar = _mk('TryStar', stmt, ('body', 'handlers', 'orelse', 'finalbody'), None, 'TryStar(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)', ())
Tuple = _mk('Tuple', expr, ('elts', 'ctx'), None, 'Tuple(expr* elts, expr_context ctx)', ())
type_ignore = _mk('type_ignore', AST, (), (), 'type_ignore = TypeIgnore(int lineno, string tag)', ())
TypeIgnore = _mk('TypeIgnore', type_ignore, ('lineno', 'tag'), None, 'TypeIgnore(int lineno, string tag)', ())
UAdd = _mk('UAdd', unaryop, (), None, 'UAdd', ())
USub = _mk('USub', unaryop, (), None, 'USub', ())
UnaryOp = _mk('UnaryOp', expr, ('op', 'operand'), None, 'UnaryOp(unaryop op, expr operand)', ())
While = _mk('While', stmt, ('test', 'body', 'orelse'), None, 'While(expr test, stmt* body, stmt* orelse)', ())
With = _mk('With', stmt, ('items', 'body', 'type_comment'), None, 'With(withitem* items, stmt* body, string? type_comment)', ('type_comment',))
Yield = _mk('Yield', expr, ('value',), None, 'Yield(expr? value)', ('value',))
YieldFrom = _mk('YieldFrom', expr, ('value',), None, 'YieldFrom(expr value)', ())
alias = _mk('alias', AST, ('name', 'asname'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), 'alias(identifier name, identifier? asname)', ('asname', 'end_lineno', 'end_col_offset'))
arg = _mk('arg', AST, ('arg', 'annotation', 'type_comment'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), 'arg(identifier arg, expr? annotation, string? type_comment)', ('annotation', 'type_comment', 'end_lineno', 'end_col_offset'))
arguments = _mk('arguments', AST, ('posonlyargs', 'args', 'vararg', 'kwonlyargs', 'kw_defaults', 'kwarg', 'defaults'), (), 'arguments(arg* posonlyargs, arg* args, arg? vararg, arg* kwonlyargs, expr* kw_defaults, arg? kwarg, expr* defaults)', ('vararg', 'kwarg'))
comprehension = _mk('comprehension', AST, ('target', 'iter', 'ifs', 'is_async'), (), 'comprehension(expr target, expr iter, expr* ifs, int is_async)', ())
keyword = _mk('keyword', AST, ('arg', 'value'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), 'keyword(identifier? arg, expr value)', ('arg', 'end_lineno', 'end_col_offset'))
match_case = _mk('match_case', AST, ('pattern', 'guard', 'body'), (), 'match_case(pattern pattern, expr? guard, stmt* body)', ('guard',))
withitem = _mk('withitem', AST, ('context_expr', 'optional_vars'), (), 'withitem(expr context_expr, expr? optional_vars)', ('optional_vars',))

del _mk

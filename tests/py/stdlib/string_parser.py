import _string
for s in ['a{{b}}c{0!r:>{w}} d', '', '{}', 'x{a.b[c]}y', '{:}', '{!s}', 'abc', '{0:{1}}{2}', 'é{ü}ß']:
    print(repr(s), list(_string.formatter_parser(s)))
for bad in ['{', '}', 'a{0', '{0!}', '{0!x', '{0!rr}', '{[}', 'ok{}then}']:
    it = _string.formatter_parser(bad)
    got = []
    try:
        for x in it: got.append(x)
    except ValueError as e: print(repr(bad), got, e)
f, it = _string.formatter_field_name_split('a.b[0][x].c'); print(repr(f), list(it))
f, it = _string.formatter_field_name_split('0.x[1]'); print(repr(f), list(it))
f, it = _string.formatter_field_name_split(''); print(repr(f), list(it))
for bad in ['a[]', 'a.', 'a[0]x', 'a[0', 'a..b']:
    f, it = _string.formatter_field_name_split(bad)
    try: print(list(it))
    except ValueError as e: print(repr(bad), e)
try: _string.formatter_parser(1)
except TypeError as e: print(e)
print(type(_string.formatter_parser('')).__name__, type(it).__name__)

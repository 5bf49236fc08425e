# unicodedata: per-character properties of the Unicode 14.0.0 database and their errors.
import unicodedata as u

print(u.unidata_version, type(u.unidata_version).__name__)
chars = ['A', 'a', '5', '\u00bd', '\u0301', '\u0661', '\u00c5', '\ufb01', '(', ' ', '\u3000',
         '\u0600', '\u200d', '\ue000', '\U0001f600', '\U000e0001', '\u2167', '\u00b2',
         '\U00030000', '\U00031350', '\u0378', '\u05d0', '\u1e9e', '\uac00', '\u4e00', '\u00df']
for c in chars:
    print('U+%04X' % ord(c), u.category(c), u.bidirectional(c) or '-', u.combining(c),
          u.east_asian_width(c), u.mirrored(c), u.decimal(c, None), u.digit(c, None),
          u.numeric(c, None), repr(u.decomposition(c)))

# Numeric values of several kinds.
for c in '0\u0f33\u2189\U00012432\u5146\u216c\u00be\u2152':
    print('U+%04X' % ord(c), u.numeric(c), u.digit(c, 'no digit'), u.decimal(c, 'no decimal'))

# Defaults are returned as given, not converted.
print(u.decimal('x', 'dflt'), u.digit('x', [1]), u.numeric('x', -1), u.name('\x00', 0))

# Missing values raise ValueError with CPython's messages.
for f, arg in [(u.decimal, 'a'), (u.digit, '\u00bd'), (u.numeric, 'a'), (u.name, '\x00')]:
    try:
        f(arg)
    except ValueError as e:
        print(f.__name__, 'ValueError', e)

# Argument checking.
def show(thunk):
    try:
        print(repr(thunk()))
    except Exception as e:
        print(type(e).__name__, e)

show(lambda: u.category('ab'))
show(lambda: u.category(''))
show(lambda: u.category(65))
show(lambda: u.combining(b'a'))
show(lambda: u.name('ab'))
show(lambda: u.decimal(5))
show(lambda: u.category())
show(lambda: u.category('a', 'b'))
show(lambda: u.category(chr='a'))
show(lambda: u.name())
show(lambda: u.name('a', 'b', 'c'))
show(lambda: u.name('a', default=1))
show(lambda: u.numeric())
show(lambda: u.mirrored('['))
show(lambda: u.east_asian_width('\uff21'))

class S(str):
    pass

print(u.category(S('Z')), u.name(S('Z')))
print(sorted(n for n in dir(u) if not n.startswith('_')))

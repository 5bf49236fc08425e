# unicodedata.ucd_3_2_0 (Unicode 3.2.0, used by stringprep and the idna codec) and the UCD type.
import unicodedata as u

d = u.ucd_3_2_0
print(d.unidata_version, type(d).__name__, type(d).__module__, type(d) is u.UCD)
print(sorted(n for n in dir(d) if not n.startswith('_')))

def show(thunk):
    try:
        print(repr(thunk()))
    except Exception as e:
        print(type(e).__name__, e)

# Characters added after 3.2 are unassigned there.
for c in ['a', '\u0221', '\u0237', '\u20ac', '\u4e00', '\u9fbb', '\u9fa6', '\U00020000',
          '\U00030000', '\U0001f600', '\u2b50', '\u0e33', '\u00bd', '\u1d7ca'[0]]:
    print('U+%04X' % ord(c), d.category(c), u.category(c), d.bidirectional(c) or '-',
          d.east_asian_width(c), d.mirrored(c), d.combining(c), d.numeric(c, None),
          d.name(c, None), repr(d.decomposition(c)))

# Normalization: unassigned characters stay as they are; a corrected mapping uses 3.2's.
for s in ['\u00c5', '\ufb01', '\u2f868'[0], '\U0002f868', '\U0002f874', '\u0221\u0301',
          '\uac00', '\u1e9b\u0323', 'Stra\u00dfe']:
    print(' '.join('%04X' % ord(c) for c in s), '->',
          [' '.join('%04X' % ord(c) for c in d.normalize(f, s)) for f in ('NFC', 'NFD', 'NFKC', 'NFKD')],
          d.is_normalized('NFC', s))

# lookup: no aliases or named sequences; algorithmic names are not version-checked.
for name in ['LATIN SMALL LETTER A', 'LINE FEED', 'EURO SIGN', 'LATIN SMALL LETTER DOTLESS J',
             'CJK UNIFIED IDEOGRAPH-9FBB', 'CJK UNIFIED IDEOGRAPH-20000', 'HANGUL SYLLABLE GA',
             'LATIN CAPITAL LETTER A WITH MACRON AND GRAVE']:
    show(lambda: d.lookup(name))

# Method binding and errors name the UCD type.
print(u.UCD.category(d, 'a'), u.UCD.name(d, 'b'))
show(lambda: u.UCD.category('x', 'a'))
show(lambda: u.UCD())
show(lambda: d.category())
show(lambda: d.name())
show(lambda: d.normalize('NFC'))
show(lambda: d.lookup())
show(lambda: d.name('a', x=1))
show(lambda: d.category('ab'))
show(lambda: d.decimal('a'))
try:
    d.unidata_version = '4.0'
except AttributeError as e:
    print('AttributeError', e, d.unidata_version)
try:
    d.extra = 1
except AttributeError as e:
    print('AttributeError', e)

# What the idna codec does with it.
print('b\u00fccher.de'.encode('idna'), b'xn--bcher-kva.de'.decode('idna'))
print('STRASSE.example'.encode('idna'), '\u00c5ngstr\u00f6m.se'.encode('idna'))
import stringprep
print(stringprep.in_table_a1('\u0221'), stringprep.in_table_a1('a'), stringprep.in_table_b1('\u00ad'),
      stringprep.map_table_b2('\u00c5'), stringprep.in_table_d1('\u05d0'), stringprep.in_table_d2('a'))

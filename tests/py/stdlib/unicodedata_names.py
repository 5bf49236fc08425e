# unicodedata: character names, lookup (aliases, named sequences, Hangul, CJK) and errors.
import unicodedata as u

def show(thunk):
    try:
        r = thunk()
        print(repr(r), ['%04X' % ord(c) for c in r] if isinstance(r, str) else '')
    except Exception as e:
        print(type(e).__name__, e)

for c in ['a', ' ', '\u00e9', '\u0301', '\uac00', '\uac01', '\ud7a3', '\u4e00', '\u9fff',
          '\U00020000', '\U0003134a', '\uf900', '\U0002f800', '\U00017000', '\U00018b00',
          '\U0001b170', '\U0001f600', '\ufdfa', '\u1f80', '\U000e01ef', '\x7f', '\ue000']:
    print('U+%04X' % ord(c), u.name(c, None))

for name in ['LATIN SMALL LETTER A', 'latin small letter a', 'Latin Capital Letter A With Grave',
             'HANGUL SYLLABLE GA', 'HANGUL SYLLABLE GAG', 'HANGUL SYLLABLE HIH',
             'HANGUL SYLLABLE A', 'CJK UNIFIED IDEOGRAPH-4E00', 'CJK UNIFIED IDEOGRAPH-20000',
             'CJK COMPATIBILITY IDEOGRAPH-F900', 'GRINNING FACE', 'SNOWMAN',
             'ARABIC LIGATURE SALLALLAHOU ALAYHE WASALLAM']:
    show(lambda: u.lookup(name))

# Formal aliases and named sequences resolve; name() never returns them.
for name in ['LINE FEED', 'NULL', 'BYTE ORDER MARK', 'ZWNJ', 'LATIN CAPITAL LETTER GHA',
             'latin capital letter a with macron and grave', 'TAMIL SYLLABLE KSSA',
             'KEYCAP NUMBER SIGN']:
    show(lambda: u.lookup(name))
print(u.name('\n', None), u.name('\ufeff'))

# Names that are not there, including the case-sensitive algorithmic prefixes.
for name in ['', 'foo', 'hangul syllable ga', 'HANGUL SYLLABLE GAX', 'HANGUL SYLLABLE',
             'CJK UNIFIED IDEOGRAPH-4e00', 'CJK UNIFIED IDEOGRAPH-4E0',
             'CJK UNIFIED IDEOGRAPH-04E00', 'CJK UNIFIED IDEOGRAPH-3134B',
             'TANGUT IDEOGRAPH-17000', 'LATIN SMALL LETTER A\0', 'LATIN SMALL LETTER \u00c9',
             'a' * 256, 'a' * 257]:
    show(lambda: u.lookup(name))

# lookup accepts bytes, refuses other types.
show(lambda: u.lookup(b'LATIN SMALL LETTER B'))
show(lambda: u.lookup(bytearray(b'x')))
show(lambda: u.lookup(3))
show(lambda: u.lookup())
show(lambda: u.lookup('a', 'b'))

# name and lookup agree on a range of characters.
ok = 0
for cp in range(0x20, 0x3000):
    n = u.name(chr(cp), None)
    if n is not None:
        assert u.lookup(n) == chr(cp), hex(cp)
        assert u.lookup(n.lower()) == chr(cp), hex(cp)
        ok += 1
print('round trips', ok)

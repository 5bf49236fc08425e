# unicodedata: the four normalization forms and is_normalized.
import unicodedata as u

def cps(s):
    return ' '.join('%04X' % ord(c) for c in s)

samples = ['', 'abc', '\u00c5', 'A\u030a', '\u212b', '\ufb01', '\u1e9b\u0323', 'a\u0301\u0323',
           'a\u0323\u0301', '\uac00', '\uac01', '\u1100\u1161', '\u1100\u1161\u11a8',
           '\u1100\u1161\u11a7', '\u00bd', '\u2460', '\u3300', '\ufdfa', '\u0958', '\u0344',
           'e\u0301\u0301', '\u0b47\u0b3e', '\u1026\u102e', 'Ǆ', '\U0001d15e', '\uf951',
           '\u00e9\u0327', 'ex\u0301', '\u0041\u0300\u0316\u0301', '\u0301a', '\u0f73']
for s in samples:
    row = [cps(s) or '-']
    for form in ('NFC', 'NFD', 'NFKC', 'NFKD'):
        r = u.normalize(form, s)
        row.append(form + '=' + (cps(r) or '-') + ('' if u.is_normalized(form, s) else '*'))
    print(' | '.join(row))

# Forms are checked (after the empty-string shortcut), and arguments are typed.
def show(thunk):
    try:
        print(repr(thunk()))
    except Exception as e:
        print(type(e).__name__, e)

show(lambda: u.normalize('nfc', 'a'))
show(lambda: u.normalize('NFX', 'a'))
show(lambda: u.normalize('NFX', ''))
show(lambda: u.is_normalized('NFX', ''))
show(lambda: u.is_normalized('NFX', 'a'))
show(lambda: u.normalize(b'NFC', 'a'))
show(lambda: u.normalize('NFC', b'a'))
show(lambda: u.normalize('NFC'))
show(lambda: u.is_normalized('NFC', 'a', 'b'))
show(lambda: u.normalize(form='NFC', unistr='a'))

# An already normalized str comes back as the same object.
s = 'plain ascii text'
print(u.normalize('NFC', s) is s, u.normalize('NFKD', s) == s)

# A long mixed string: decomposition then recomposition is stable.
text = ''.join(chr(c) for c in range(0xc0, 0x180)) + '\uac00\ud7a3\u1e00\u1ef9'
nfd = u.normalize('NFD', text)
print(len(text), len(nfd), u.normalize('NFC', nfd) == text, u.is_normalized('NFD', nfd))
print(len(u.normalize('NFKC', '\ufdfa' * 3)), u.normalize('NFKD', '\u2474\u00b2\u2126'))

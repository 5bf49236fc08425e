import binascii as b
print(b.b2a_base64(b'hello'), b.b2a_base64(b'hi', newline=False), b.a2b_base64(b'aGVsbG8=\n'), b.a2b_base64('aGk='), b.a2b_base64(b'a G\nV s b G 8 ='))
for bad in [b'aGVsbG8', b'aGVsbG', b'a', b'=', b'aGk=x', b'aGVsbG8x9']:
    try: print(b.a2b_base64(bad))
    except b.Error as e: print('Error', e)
for bad in [b'aGk=x', b'aG k=', b'=aGk', b'aGk==', b'aG=k']:
    try: print(b.a2b_base64(bad, strict_mode=True))
    except b.Error as e: print('strict', e)
print(b.hexlify(b'\x01\xab'), b.hexlify(b'abcdef', '-', 2), b.unhexlify('01ab'), b.b2a_hex(b'x'), b.a2b_hex(b'7a'))
for bad in ['0', 'zz', 'é']:
    try: print(b.unhexlify(bad))
    except (b.Error, ValueError) as e: print(type(e).__name__, e)
print(b.crc32(b'hello'), b.crc32(b'world', b.crc32(b'hello ')), b.crc_hqx(b'hello', 0), b.crc_hqx(b'x', 0xffff))
print(b.b2a_uu(b'hello'), b.a2b_uu(b.b2a_uu(b'hello')), b.b2a_uu(b'', backtick=True), b.b2a_uu(b'hi', backtick=True), b.b2a_uu(b''), b.a2b_uu(b''), b.a2b_uu(b'\n'), b.a2b_uu(b' '))
for f in [lambda: b.b2a_uu(b'x'*46), lambda: b.a2b_uu(b'#86)C\x01')]:
    try: f()
    except b.Error as e: print(e)
print(b.a2b_uu(b'"8   '), b.a2b_uu(b'#86)C'))
try: b.crc32('s')
except TypeError as e: print(e)
print(b.crc32(b'', 0xffffffff), b.crc32(b'a', -1), b.crc_hqx(b'', 0x12345))
print(b.Error.__mro__, b.Incomplete.__mro__)

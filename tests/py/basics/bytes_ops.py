# bytes and bytearray.
b = b"hello world"
print(b, repr(b), len(b), b[0], b[-1], b[1:4], b[::-1], list(b[:3]))
print(b.upper(), b.split(), b.replace(b"o", b"0"), b.find(b"wor"), b.count(b"l"), b.startswith(b"he"))
print(b + b"!", b * 2, b"x" in b, b"wor" in b, 104 in b, b.index(b"o"))
print(bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes("é", "utf-8"), b"\x00\xff\n\t'\"")
print(b.hex(), bytes.fromhex("de ad be ef"), b"abc".hex("-"), b.decode(), b"caf\xc3\xa9".decode("utf-8"))
print(b"a,b,c".split(b","), b"-".join([b"x", b"y"]), b"  s  ".strip(), b"abc".center(7, b"*"))
print(b"abc" == b"abc", b"abc" < b"abd", b"abc" == "abc", hash(b"") == hash(""), bytes(b) is not b)
print(b.isalpha(), b"123".isdigit(), b"Ab".islower(), b"hello".title(), b"a\nb".splitlines())
ba = bytearray(b"abc")
ba.append(100)
ba.extend(b"ef")
ba[0] = 65
ba += b"!"
print(ba, len(ba), ba.pop(), ba, bytes(ba), ba.decode())
ba.insert(1, 95)
ba.remove(ord("c"))
ba.reverse()
print(ba, ba[::2], ba * 2, bytearray(3), bytearray([1, 2]), bytearray("xy", "ascii"))
del ba[0]
del ba[1:3]
print(ba, ba.hex(), ba == b"dA" or ba, bytearray(b"xyz").upper())
ba2 = bytearray(b"copy")
ba3 = ba2
ba2 *= 2
print(ba3, ba2 is ba3)
print("%s|%r" % (b"x", b"y"), b"%d-%s" % (5, b"q"), b"%5b|" % b"ab", b"%x" % 255)
print(list(bytearray(b"\x01\x02\xff")), tuple(b"AB"), [chr(c) for c in b"hi"])
print(bytes([x ^ 0x20 for x in b"Hello"]), int.from_bytes(b"\x00\x10", "big"), (4096).to_bytes(2, "little"))
print(b"".join(bytes([i]) for i in range(65, 70)), sorted(b"hello"), max(b"az"), sum(b"\x01\x02"))
print(memoryview(b"abc")[1], bytes(memoryview(b"abcdef")[2:4]), memoryview(b"xy").tobytes())
try:
    b[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    bytearray(b"x")[0] = 256
except ValueError as e:
    print("ValueError:", e)

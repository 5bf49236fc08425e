import zlib
print(zlib.compress(b'hello hello hello'), zlib.decompress(zlib.compress(b'abc')), zlib.crc32(b'abc'), zlib.adler32(b'abc'), zlib.crc32(b'x', 5), zlib.adler32(b''))
c = zlib.compressobj(9, zlib.DEFLATED, -15); d = c.compress(b'x'*100) + c.flush(); print(d, zlib.decompress(d, -15))
do = zlib.decompressobj(); print(do.decompress(zlib.compress(b'data')+b'extra'), do.unused_data, do.eof)
try: zlib.decompress(b'garbage')
except zlib.error as e: print(e)
try: zlib.decompress(zlib.compress(b'abcdef')[:-3])
except zlib.error as e: print(e)
print(type(c).__name__, type(do).__name__, zlib.error.__mro__)
big = bytes(range(256)) * 1000
comp = zlib.compress(big, 6); print(len(comp), zlib.decompress(comp) == big)
do = zlib.decompressobj(); parts = [do.decompress(comp[i:i+100]) for i in range(0, len(comp), 100)]; print(b''.join(parts) == big, do.eof)
do = zlib.decompressobj(); first = do.decompress(comp, 1000); print(len(first), len(do.unconsumed_tail) > 0)
co = zlib.compressobj(); out = co.compress(b'a' * 10) + co.flush(zlib.Z_SYNC_FLUSH) + co.compress(b'b') + co.flush(); print(zlib.decompress(out))
import gzip
g = gzip.compress(b'gzipped', mtime=0); print(g[:10], gzip.decompress(g))
print(zlib.compress(b'', 0), zlib.decompress(zlib.compress(b'q' * 5, 1)))

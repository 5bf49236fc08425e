m=memoryview(b'abcdef'); print(m.format, m.shape, m.strides, m.suboffsets, m[::2].strides, m[::2].contiguous, m.cast('H').tolist())
try: memoryview(1)
except TypeError as e: print(e)
try: m[1]=2
except TypeError as e: print(e)
m.release()
try: len(m)
except ValueError as e: print(e)
print(hash(memoryview(b'ab'))==hash(b'ab'))
print(memoryview(b'ab')==b'ab', memoryview(bytearray(b'ab'))==memoryview(b'ab'))
print(repr(m).startswith('<released memory at 0x'))
try: hash(memoryview(bytearray(2)))
except ValueError as e: print(e)
m=memoryview(bytearray(b'abcdefgh'))
print(type(iter(m)).__name__)
try: m[10]
except IndexError as e: print(e)
try: m['a']
except TypeError as e: print(e)
try: m[1]=300
except ValueError as e: print(e)
try: m[1:3]=b'xyz'
except ValueError as e: print(e)
try: m.cast('I').cast('H')
except TypeError as e: print(e)
try: m.cast('x')
except ValueError as e: print(e)
try: m[::2].cast('B')
except TypeError as e: print(e)
c=m.cast('B',(2,4)); print(c.tolist(), c.shape, c.strides, c[1,2])
try: c[1]
except NotImplementedError as e: print(e)
print(len(memoryview(b'abcd').cast('I',())))
z=memoryview(b'abcd').cast('I',()); print(z[()], z.tolist(), z[...] is z, z.ndim, z.shape, z.strides)
f=memoryview(bytearray(8)).cast('d'); f[0]=1.5; print(f[0], f.tolist())
try: f[0]='x'
except TypeError as e: print(e)
print(memoryview(b'ab').cast('c').tolist(), memoryview(b'ab').cast('?').tolist(), memoryview(b'\xff\xfe').cast('b').tolist())
print(m.hex(), m.hex(':',2), m[::-1].tobytes(), list(m[::-3]))
print(memoryview(b'abc') == memoryview(b'abc').cast('c'), memoryview(b'abc')==[97,98,99], memoryview(b'abc') != b'abd')
try: memoryview(b'ab')< memoryview(b'ac')
except TypeError as e: print(e)
print(memoryview(b'x').toreadonly().readonly)
m=memoryview(b'abcdabcd')
for f in ['@b','@c','@H','@?','@d','@B','@e','f','d','@P','P','e','@q']:
  try: x=m.cast(f); print(f, x.format, x.itemsize, x.nbytes, x.tolist())
  except Exception as e: print(f, type(e).__name__, e)
print(memoryview(b'abcd').cast('I')==memoryview(b'abcd').cast('i'), memoryview(b'\x00\x00\xc0\x7f').cast('f')==memoryview(b'\x00\x00\xc0\x7f').cast('f'))
print(hash(memoryview(b'ab').cast('c'))==hash(b'ab'))
try: hash(memoryview(b'abcd').cast('I'))
except ValueError as e: print(e)
m=memoryview(bytearray(4)); m[1:3]=memoryview(b'xyz')[1:]; print(m.tobytes())
try: m[0:2]=memoryview(b'xyzw').cast('H')[:1]
except ValueError as e: print(e)
mm = memoryview(bytearray(4)).cast('H'); mm[0:1]=memoryview(b'ab').cast('H'); print(mm.tobytes())
print(memoryview(b'abcd')[1:3].obj, memoryview(memoryview(b'ab')).obj)
print(bytes(memoryview(b'abcd').cast('I')), bytearray(memoryview(b'abcdef')[::2]))
print(b'x'+memoryview(b'yz'), b'-'.join([memoryview(b'a'), b'b']), memoryview(b'abc')[::-1].tolist())
print(str(memoryview(b'hi'), 'ascii'))
print(memoryview(b'abcd').cast('B', [2,2]).tolist(), memoryview(b'abcd').cast('B',[2,2]).cast('c').tolist())
print(memoryview(b'abcd').cast('B',[2,2])[1,0])
try: memoryview(b'abcd').cast('B',[2,2])[1,0,1]
except TypeError as e: print(e)
try: memoryview(b'abcd').cast('B',[2,2])[1:]
except NotImplementedError as e: print(e)
print(list(reversed(memoryview(b'abc'))), 98 in memoryview(b'abc'))
ba=bytearray(b'hello'); v=memoryview(ba); v[0]=ord('J'); v[1:3]=b'EL'; print(ba)
with memoryview(b'abc') as w: print(w[0])
try: w[0]
except ValueError as e: print(e)
print(memoryview(b'abc').tobytes(order='F'), memoryview(b'abcdef').cast('B',[2,3]).tobytes('F'))
print(memoryview(b'abcdef').cast('B',[2,3]).f_contiguous, memoryview(b'abcdef').cast('B',[2,3]).c_contiguous)
try: memoryview()
except TypeError as e: print(e)
print(memoryview(object=b'q').tolist())
try:
  class X(memoryview): pass
except TypeError as e: print(e)
try: del memoryview(bytearray(2))[0]
except TypeError as e: print(e)
v=memoryview(bytearray(8)).cast('f')
try: v[0]=1e300
except ValueError as e: print(e)
v=memoryview(bytearray(8)).cast('q'); v[0]=-5; print(v[0], v.tolist())
try: v[0]=2**63
except ValueError as e: print(e)
try: v[0]=1.5
except TypeError as e: print(e)
print(int.from_bytes(memoryview(b'\x01\x02'), 'big'), b'abc'.startswith(memoryview(b'ab')))
print(memoryview(b'').tolist(), memoryview(b'')[::-1].tobytes(), memoryview(b'abc')[5:].tobytes(), len(memoryview(b'abc')[::2]))
print(memoryview(b'abcdef')[1:5][::2].tobytes(), memoryview(b'abcdef')[::-1][1::2].tolist())
n=memoryview(b'abcdef').cast('B',[3,2])
print(n[1:].tolist(), n[::-1].tolist(), n[::2].shape, n[::2].strides, n[::-1].c_contiguous, n[1:].c_contiguous)
try: memoryview(bytearray(6)).cast('B',[3,2])[1:] = b'ab'
except NotImplementedError as e: print(e)

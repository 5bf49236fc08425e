try: list(iter(range(-2**64, 2**64)))
except Exception as e: print(type(e), e)
class A:
    def __iter__(self): return iter([1,2])
    def __len__(self): print("len called"); return 2
print(list(A()))
class B:
    def __iter__(self): return iter([1,2])
    def __length_hint__(self): print("hint"); return NotImplemented
print(list(B()))
class C:
    def __iter__(self): return iter([1,2])
    def __len__(self): raise TypeError("x")
print(list(C()))
class D:
    def __iter__(self): return iter([1,2])
    def __len__(self): return -1
try: print(list(D()))
except Exception as e: print(type(e), e)
class E:
    def __iter__(self): return iter([1,2])
    def __length_hint__(self): return -1
try: print(list(E()))
except Exception as e: print(type(e), e)
class F:
    def __iter__(self): return iter([1,2])
    def __length_hint__(self): return "a"
try: print(list(F()))
except Exception as e: print(type(e), e)
try: print(list(reversed(range(-2**62, 2**62-1))))
except Exception as e: print(type(e), e)
try: print(list(range(2**64)))
except Exception as e: print(type(e), e)
class G:
    def __iter__(self): return iter(range(3))
    def __length_hint__(self): return 1000
x = list(G()); print(x, len(x))
l = [1]; l.extend(B()); print(l)

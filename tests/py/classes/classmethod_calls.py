class A:
    @classmethod
    def make(cls, x): return (cls.__name__, x)
    @staticmethod
    def st(x): return x * 2
    def plain(self): return "plain"
class B(A): pass
for i in range(3):
    print(A.make(i), B.make(i), A.st(i), B.st(i))
def f(c): return c.make(1)
for c in [A, B, A, B]:
    print(f(c))
A.make = classmethod(lambda cls, x: ("new", cls.__name__, x))
print(A.make(5), B.make(6))
B.make = staticmethod(lambda x: ("st", x))
print(A.make(7), B.make(8))
class M(type):
    def make(cls, x): return "meta"
class C(metaclass=M):
    @classmethod
    def make(cls, x): return ("C", x)
print(C.make(1))
m = A.make
print(m(9), A.plain(A()))

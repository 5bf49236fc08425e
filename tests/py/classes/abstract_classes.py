import abc
class Base(abc.ABC):
    @abc.abstractmethod
    def m(self): ...
    @abc.abstractmethod
    def a(self): ...
try: Base()
except TypeError as e: print(e)
class Half(Base):
    def m(self): return 1
try: Half()
except TypeError as e: print(e)
class Full(Half):
    def a(self): return 2
print(Full().m(), Full().a())
class P:
    pass
P.__abstractmethods__ = frozenset({'x'})
try: P()
except TypeError as e: print(e)
del P.__abstractmethods__
print(type(P()).__name__)
class D(dict): pass
try: object.__new__(D)
except TypeError as e: print(e)
class E(Exception): pass
try: object.__new__(E)
except TypeError as e: print(e)
try: object.__new__(int)
except TypeError as e: print(e)
print(type(object.__new__(P)).__name__)

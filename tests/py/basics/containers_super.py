# super() calls into builtin container methods (LOAD_METHOD on a super object).
class Ordered(dict):
    def __repr__(self):
        return "Ordered(" + super().__repr__() + ")"
print(Ordered(z=1, a=2))
class S(set):
    def __init__(self, it=(), extra=None):
        super().__init__(it)
        self.extra = extra
s = S([3, 1], extra="e")
print(s, s.extra)
class L(list):
    def append(self, v):
        super().append(v * 2)
l = L()
l.append(5)
print(l)
class D(dict):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self["init"] = True
print(D(x=1), D([(1, 2)]))

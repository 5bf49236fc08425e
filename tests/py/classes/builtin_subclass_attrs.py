class CI(tuple):
    def __new__(cls, a, b, name=None, *, flag=None):
        self = tuple.__new__(cls, (a, b))
        self.name = name
        return self
r = CI(1, 2, name='n')
print(len(r), r[0], r.name, r)
for base, arg in [(str, 'abc'), (int, 7), (float, 1.5), (bytes, b'xy'), (complex, 1j), (tuple, (1,)), (frozenset, {1})]:
    class S(base): pass
    s = S(arg); s.x = 1; s.y = 2
    print(base.__name__, s, s.x, s.y, vars(s))
class T(CI): pass
t2 = T(3, 4, name='m'); t2.z = 5; print(t2, t2.name, t2.z)

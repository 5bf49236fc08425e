# Method resolution order: diamonds, cooperative super(), MRO errors.
class A:
    def who(self):
        return ["A"]


class B(A):
    def who(self):
        return ["B"] + super().who()


class C(A):
    def who(self):
        return ["C"] + super().who()


class D(B, C):
    def who(self):
        return ["D"] + super().who()


print(D.__mro__)
print([k.__name__ for k in D.mro()])
print(D().who())


class O:
    pass


class F(O):
    pass


class E(O):
    pass


class Dk(O):
    pass


class Ck(Dk, F):
    pass


class Bk(Dk, E):
    pass


class Ak(Bk, Ck, E):
    pass


print([k.__name__ for k in Ak.__mro__])
try:
    class Bad(A, B):
        pass
except TypeError as e:
    print("TypeError:", e)


class Mixin1:
    def __init__(self, **kw):
        print("Mixin1 init", sorted(kw))
        self.m1 = kw.pop("m1", None)
        super().__init__(**kw)


class Mixin2:
    def __init__(self, **kw):
        print("Mixin2 init", sorted(kw))
        self.m2 = kw.pop("m2", None)
        super().__init__(**kw)


class Widget(Mixin1, Mixin2):
    def __init__(self, **kw):
        print("Widget init", sorted(kw))
        super().__init__(**kw)


w = Widget(m1=1, m2=2)
print(w.m1, w.m2, [k.__name__ for k in Widget.__mro__])


class X:
    attr = "X"


class Y(X):
    pass


class Z(X):
    attr = "Z"


class W(Y, Z):
    pass


print(W.attr, W.__mro__[1:3], super(Y, W()).attr)


class Meth:
    def m(self):
        return "Meth.m"


class Override(Meth):
    def m(self):
        return "Override.m -> " + super(Override, self).m()


print(Override().m(), super(Override, Override()).m())
print(type.mro(D) == list(D.__mro__), object.__mro__, int.__mro__, bool.__mro__)


class Ex(ValueError, KeyError):
    pass


print([k.__name__ for k in Ex.__mro__])

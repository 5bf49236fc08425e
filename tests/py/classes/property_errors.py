# property: missing getter/setter/deleter messages, __set_name__, copies, subclasses.
class Owner:
    class Inner:
        ro = property(lambda self: "ro value")
        wo = property(None, lambda self, v: print("set", v))


i = Owner.Inner()
for action in (lambda: setattr(i, "ro", 1), lambda: delattr(i, "ro"), lambda: i.wo):
    try:
        action()
    except AttributeError as e:
        print("AttributeError:", e)
i.wo = 5

anonymous = property(lambda self: 1)


class Late:
    pass


Late.attr = anonymous
try:
    Late().attr = 2
except AttributeError as e:
    print("AttributeError:", e)
anonymous.__set_name__(Late, "named_later")
try:
    Late().attr = 2
except AttributeError as e:
    print("AttributeError:", e)
copy = anonymous.getter(lambda self: 3)
Late.copy = copy
print(Late().copy)
try:
    Late().copy = 4
except AttributeError as e:
    print("AttributeError:", e)
try:
    property.__set__(anonymous, 10, 20)
except AttributeError as e:
    print("AttributeError:", e)
try:
    property.__delete__(anonymous, 10)
except AttributeError as e:
    print("AttributeError:", e)


class Logged(property):
    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        print("Logged.__get__")
        return super().__get__(obj, owner)


class Plain(property):
    pass


class UsesThem:
    @Logged
    def a(self):
        return "a value"

    @Plain
    def b(self):
        return "b value"

    @b.setter
    def b(self, v):
        print("b setter", v)


u = UsesThem()
print(u.a, u.b, type(UsesThem.b).__name__)
u.b = 7
try:
    u.a = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    del u.b
except AttributeError as e:
    print("AttributeError:", e)
Plain.extra = "class attribute on a property subclass"
print(UsesThem.b.extra)


def f():
    return "f"


sm = staticmethod(f)
sm.note = "attribute on a staticmethod"
cm = classmethod(f)
cm.note = "attribute on a classmethod"
print(sm.note, cm.note, sm.__func__ is f, cm.__func__ is f)


class MyStatic(staticmethod):
    pass


class MyClassMethod(classmethod):
    pass


class Holder:
    s = MyStatic(f)
    c = MyClassMethod(lambda cls: cls.__name__)


print(Holder.s(), Holder().s(), Holder.c(), Holder().c())

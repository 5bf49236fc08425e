# Metaclasses, __init_subclass__, __set_name__, __class_getitem__.
class Meta(type):
    def __new__(mcls, name, bases, ns, **kwargs):
        print("Meta.__new__", name, [b.__name__ for b in bases], sorted(k for k in ns if not k.startswith("__")), kwargs)
        cls = super().__new__(mcls, name, bases, ns)
        cls.created_by = mcls.__name__
        return cls

    def __init__(cls, name, bases, ns, **kwargs):
        print("Meta.__init__", name)
        super().__init__(name, bases, ns)

    def __call__(cls, *args):
        print("Meta.__call__", cls.__name__, args)
        return super().__call__(*args)

    def __repr__(cls):
        return "<class %s via Meta>" % cls.__name__

    def describe(cls):
        return "I am " + cls.__name__


class Thing(metaclass=Meta, flavour="spicy"):
    x = 1

    def __init__(self, v):
        self.v = v

    def method(self):
        return self.v


t = Thing(5)
print(t.v, Thing.created_by, type(Thing).__name__, repr(Thing), Thing.describe())
print(isinstance(Thing, Meta), isinstance(Thing, type), type(type), type(Meta))


class SubThing(Thing):
    pass


print(type(SubThing).__name__, SubThing.describe())


class Registry:
    plugins = []

    def __init_subclass__(cls, name=None, **kw):
        super().__init_subclass__(**kw)
        cls.plugin_name = name or cls.__name__.lower()
        Registry.plugins.append(cls.plugin_name)


class Alpha(Registry, name="alpha-plugin"):
    pass


class Beta(Registry):
    pass


class Gamma(Beta):
    pass


print(Registry.plugins, Gamma.plugin_name)


class Field:
    def __set_name__(self, owner, name):
        print("__set_name__", owner.__name__, name)
        self.name = name
        self.private = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.private, "unset")

    def __set__(self, obj, value):
        setattr(obj, self.private, value)


class Record:
    title = Field()
    year = Field()


r = Record()
print(r.title)
r.title = "Dune"
r.year = 1965
print(r.title, r.year, Record.title.name, sorted(vars(r)))


class Box:
    def __class_getitem__(cls, item):
        return "Box[%s]" % (item.__name__ if isinstance(item, type) else item)


print(Box[int], Box["x"], list[int], dict[str, int])
Dyn = type("Dyn", (Thing,), {"y": 2})
print(type(Dyn).__name__, Dyn.y, Dyn.x)
Plain = type("Plain", (), {"hello": lambda self: "hi from Plain"})
print(Plain().hello(), Plain.__name__, Plain.__bases__)


class PrepMeta(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        print("__prepare__", name)
        return {"injected": 42}


class Prepared(metaclass=PrepMeta):
    pass


print(Prepared.injected)


class Singleton(type):
    instances = {}

    def __call__(cls, *a):
        if cls not in Singleton.instances:
            Singleton.instances[cls] = super().__call__(*a)
        return Singleton.instances[cls]


class Conn(metaclass=Singleton):
    def __init__(self, host):
        self.host = host


print(Conn("a").host, Conn("b").host, Conn("c") is Conn("d"))

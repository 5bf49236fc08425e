# __getattr__, __getattribute__, __setattr__, __delattr__.
class Dynamic:
    def __init__(self):
        self.real = "real value"

    def __getattr__(self, name):
        if name.startswith("auto_"):
            return "auto:" + name[5:]
        raise AttributeError("no attribute %r" % name)


d = Dynamic()
print(d.real, d.auto_x, getattr(d, "auto_y"), hasattr(d, "nope"), getattr(d, "nope", "fallback"))
try:
    d.missing
except AttributeError as e:
    print("AttributeError:", e)


class Logged:
    def __init__(self):
        self.a = 1

    def __getattribute__(self, name):
        if not name.startswith("__"):
            print("  get", name)
        return object.__getattribute__(self, name)

    def __setattr__(self, name, value):
        print("  set", name, value)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        print("  del", name)
        object.__delattr__(self, name)

    def method(self):
        return "method result"


lg = Logged()
lg.b = 2
print(lg.a + lg.b)
print(lg.method())
del lg.a
print(hasattr(lg, "a"))


class Frozen:
    def __init__(self, v):
        object.__setattr__(self, "v", v)

    def __setattr__(self, name, value):
        raise AttributeError("Frozen is read-only (%s)" % name)

    def __delattr__(self, name):
        raise AttributeError("cannot delete " + name)


f = Frozen(3)
print(f.v)
for action in (lambda: setattr(f, "v", 4), lambda: delattr(f, "v")):
    try:
        action()
    except AttributeError as e:
        print("AttributeError:", e)


class Both:
    x = "class x"

    def __getattribute__(self, name):
        if name == "boom":
            raise AttributeError("boom is special")
        return super().__getattribute__(name)

    def __getattr__(self, name):
        return "fallback for " + name


b = Both()
print(b.x, b.boom, b.other)


class Proxy:
    def __init__(self, target):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", [])

    def __getattr__(self, name):
        self._log.append(name)
        return getattr(self._target, name)

    def __setattr__(self, name, value):
        self._log.append("set " + name)
        setattr(self._target, name, value)


class Target:
    def __init__(self):
        self.value = 10

    def double(self):
        return self.value * 2


t = Target()
p = Proxy(t)
print(p.value, p.double())
p.value = 21
print(t.value, p.double(), p._log)


class Counted:
    def __init__(self):
        self.__dict__["hits"] = {}

    def __getattr__(self, name):
        self.hits[name] = self.hits.get(name, 0) + 1
        return len(name)


c = Counted()
print(c.abc, c.abcdef, c.abc, c.hits)


class Private:
    def __init__(self):
        self.__secret = "mangled"

    def reveal(self):
        return self.__secret


pv = Private()
print(pv.reveal(), pv._Private__secret, hasattr(pv, "__secret"), sorted(vars(pv)))
print(getattr(Private, "reveal").__name__, hasattr(Private, "reveal"))
try:
    getattr(pv, 5)
except TypeError as e:
    print("TypeError:", e)

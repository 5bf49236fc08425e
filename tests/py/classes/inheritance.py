# Inheritance, overriding, super() and isinstance.
class Animal:
    kind = "animal"
    count = 0

    def __init__(self, name):
        self.name = name
        Animal.count += 1

    def speak(self):
        return "%s makes a sound" % self.name

    def describe(self):
        return "%s is a %s: %s" % (self.name, self.kind, self.speak())


class Dog(Animal):
    kind = "dog"

    def speak(self):
        return "%s barks" % self.name


class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age

    def speak(self):
        return super().speak() + " softly"


class Cat(Animal):
    kind = "cat"

    def speak(self):
        return Animal.speak(self) + " (meow)"


pets = [Animal("generic"), Dog("rex"), Puppy("bit", 1), Cat("tom")]
for p in pets:
    print(p.describe())
print(Animal.count, Puppy.count, pets[2].age)
print(isinstance(pets[2], Dog), isinstance(pets[2], Animal), isinstance(pets[1], Puppy), isinstance(pets[3], (Dog, Cat)))
print(issubclass(Puppy, Animal), issubclass(Cat, Dog), Puppy.__bases__, Puppy.__base__, Animal.__bases__)
print(Puppy.__name__, Puppy.__qualname__, Puppy.__module__, type(pets[2]) is Puppy, pets[2].__class__.__name__)
print(Dog.speak is Animal.speak, Puppy.describe is Animal.describe, "speak" in Dog.__dict__, "describe" in Dog.__dict__)
Dog.kind = "hound"
print(pets[1].describe(), pets[2].kind)
pets[1].kind = "instance kind"
print(pets[1].kind, Dog.kind, pets[2].kind)
del pets[1].kind
print(pets[1].kind)


class Base:
    def __init__(self):
        self.log = ["Base"]

    def hook(self):
        return "base hook"

    def template(self):
        return "template calls " + self.hook()


class Derived(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Derived")

    def hook(self):
        return "derived hook"


d = Derived()
print(d.log, d.template(), Base().template())


class WithClassMethod:
    registry = []

    @classmethod
    def create(cls, *args):
        obj = cls(*args)
        cls.registry.append(cls.__name__)
        return obj

    def __init__(self, v=0):
        self.v = v


class Sub(WithClassMethod):
    pass


print(type(Sub.create(5)).__name__, WithClassMethod.create().v, WithClassMethod.registry)


class Explicit(Dog):
    def speak(self):
        return super(Dog, self).speak() + " [skipped Dog]"


print(Explicit("x").speak())
print(object.__subclasses__ is not None, sorted(c.__name__ for c in Animal.__subclasses__()))


class Empty:
    pass


e = Empty()
print(type(e).__name__, isinstance(e, object), Empty.__bases__, Empty.__mro__)

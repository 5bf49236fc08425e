# import inspect and dataclasses (both need ast); signature() and a few dataclasses.
import inspect
import dataclasses
from dataclasses import dataclass, field


def f(a, b: int = 2, *args, c, d='x', **kw) -> str:
    return 'r'


sig = inspect.signature(f)
print(sig)
print(list(sig.parameters), sig.return_annotation)
for p in sig.parameters.values():
    print(p.name, p.kind, p.default is inspect.Parameter.empty, p.annotation)
print(inspect.signature(lambda x, /, y=1: None))
print(inspect.isfunction(f), inspect.isclass(int), inspect.ismodule(inspect))


@dataclass
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list)


p = Point(1)
print(p, p == Point(1, 0, []), p != Point(2))
print([f.name for f in dataclasses.fields(Point)])
print(dataclasses.asdict(Point(3, 4, ['a'])), dataclasses.astuple(p))
print(inspect.signature(Point))


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0


print(Version(1, 2) < Version(1, 3), sorted([Version(2), Version(1, 5), Version(1)]))
try:
    Version(1).major = 3
except dataclasses.FrozenInstanceError as e:
    print('FrozenInstanceError', e)
print(hash(Version(1, 2)) == hash(Version(1, 2)))
print(dataclasses.replace(Version(1, 2), minor=9))
print(dataclasses.is_dataclass(p), dataclasses.is_dataclass(3))

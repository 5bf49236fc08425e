# Importing a sibling module: module objects, attributes, caching in sys.modules.
import sys

print("before import, in sys.modules:", "_helper" in sys.modules)
import _helper

print("after import, in sys.modules:", "_helper" in sys.modules, sys.modules["_helper"] is _helper)
import _helper as again
from _helper import greet, CONSTANT as C, Widget

print(again is _helper, C, greet("ember"), Widget(3), _helper.calls)
print(type(_helper).__name__, _helper.__name__, _helper.__doc__)
print(_helper.__file__.endswith("_helper.py"), sorted(n for n in vars(_helper) if not n.startswith("__")))
print(hasattr(_helper, "_private"), _helper.Widget.__module__, greet.__module__, greet.__globals__ is vars(_helper))
_helper.CONSTANT = 43
from _helper import CONSTANT

print("rebinding module attribute is visible:", CONSTANT)
from _star import *

print(exported, also_exported, "not_listed" in dir())
import _cycle_a

print("cycle done:", _cycle_a.A_VALUE, _cycle_a._cycle_b.B_VALUE)
print(__name__, "__main__" in sys.modules, sys.modules["__main__"].__name__, sys.modules[__name__] is sys.modules["__main__"])
import math as m1
import math as m2

print(m1 is m2, m1.__name__, "math" in sys.modules)
del sys.modules["_helper"]
import _helper as fresh

print("re-import after deleting from sys.modules gives a new module:", fresh is not _helper, fresh.calls)

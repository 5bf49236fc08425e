# Import errors: missing modules, missing names, errors during import.
import sys

try:
    import definitely_not_a_module
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name, isinstance(e, ImportError))
try:
    from definitely_not_a_module import thing
except ImportError as e:
    print(type(e).__name__, e)
try:
    import math.nope_submodule
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
try:
    from _helper import does_not_exist
except ImportError as e:
    print(type(e).__name__, e, e.name)
try:
    from math import no_such_function
except ImportError as e:
    print(type(e).__name__, e.name, str(e).startswith("cannot import name 'no_such_function' from 'math' ("))
try:
    import _broken
except ZeroDivisionError as e:
    print("error inside imported module:", type(e).__name__, e)
print("failed module not cached:", "_broken" in sys.modules)
try:
    from . import sibling
except ImportError as e:
    print(type(e).__name__, e)
try:
    __import__("")
except ValueError as e:
    print(type(e).__name__, e)
mod = __import__("_helper")
print(mod.CONSTANT, __import__("math").floor(2.5))

# ImportError.name and .path from a failed `from m import x`.
import sys

fake = type(sys)("fake_module_for_test")
sys.modules["fake_module_for_test"] = fake
try:
    from fake_module_for_test import nope
except ImportError as e:
    print(repr(e.name), repr(e.path), e)
fake.__file__ = "/nowhere/fake.py"
try:
    from fake_module_for_test import nope
except ImportError as e:
    print(repr(e.name), repr(e.path), e)
del fake.__name__
try:
    from fake_module_for_test import nope
except ImportError as e:
    print(repr(e.name), e)
fake.__name__ = "fake_module_for_test"
sub = type(sys)("fake_module_for_test.sub")
sys.modules["fake_module_for_test.sub"] = sub
from fake_module_for_test import sub as found
print(found is sub)

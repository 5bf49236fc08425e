# Packages, submodules, relative imports, __all__ and star imports.
import sys

import pkg_demo

print(pkg_demo.VERSION, pkg_demo.double(21), pkg_demo.deep_value, pkg_demo.util.package_version())
print(pkg_demo.__name__, pkg_demo.__package__, pkg_demo.util.__name__, pkg_demo.inner.__name__)
print(pkg_demo.__file__.endswith("__init__.py"), pkg_demo.__path__[0].endswith("pkg_demo"))
print(sorted(k for k in sys.modules if k.startswith("pkg_demo")))
import pkg_demo.inner.leaf as leaf
from pkg_demo.inner import leaf_value
from pkg_demo import util as u

print(leaf.leaf_value, leaf_value, u.double("ab"), leaf.parent_util is u)
from pkg_demo import *

print(double(4), VERSION, "util" in dir(), "deep_value" in dir())
import pkg_demo.util

print(pkg_demo.util is u, hasattr(pkg_demo, "inner"), pkg_demo.inner.leaf is leaf)
try:
    from pkg_demo import no_such_name
except ImportError as e:
    print(type(e).__name__, e)
try:
    import pkg_demo.no_such_module
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name)

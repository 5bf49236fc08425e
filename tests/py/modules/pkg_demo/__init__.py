"""A package used by modules/packages.py."""
print("pkg_demo/__init__: __name__ =", __name__, "__package__ =", __package__)
from . import util
from .util import double
from .inner import deep_value

VERSION = "1.0"
__all__ = ["double", "VERSION"]

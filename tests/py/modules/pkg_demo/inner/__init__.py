print("pkg_demo.inner/__init__: __name__ =", __name__)
from .leaf import leaf_value
from ..util import double

deep_value = double(leaf_value)

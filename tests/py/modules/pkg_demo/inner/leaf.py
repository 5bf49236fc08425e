print("pkg_demo.inner.leaf: __name__ =", __name__, "__package__ =", __package__)
from .. import util as parent_util

leaf_value = parent_util.double(10)

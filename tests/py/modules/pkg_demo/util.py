print("pkg_demo.util: __name__ =", __name__, "__package__ =", __package__)


def double(x):
    return x * 2


def package_version():
    from . import VERSION
    return VERSION

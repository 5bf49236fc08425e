# NameError, UnboundLocalError and AttributeError messages.
def show(fn):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__ + ":", e)


show(lambda: undefined_variable)


def unbound():
    print(x)
    x = 1


show(unbound)
counter = 0


def forgot_global():
    counter += 1


show(forgot_global)


def free_var_unbound():
    def inner():
        return later
    result = inner
    later = 1
    del later
    return result()


show(free_var_unbound)


class C:
    def __init__(self):
        self.present = 1


show(lambda: C().absent)
show(lambda: C.absent)
show(lambda: (5).real_part)
show(lambda: "s".nope)
show(lambda: None.attr)
show(lambda: [].push(1))
import math
show(lambda: math.nope)
show(lambda: setattr(5, "x", 1))
show(lambda: setattr(object(), "x", 1))
show(lambda: delattr(C(), "absent"))
show(lambda: int.new_attr)


def use_before_def():
    return helper_defined_later()


show(use_before_def)


def helper_defined_later():
    return "now defined"


print(use_before_def())
e = NameError("custom", name="custom_name")
print(e.name, e.args)
try:
    y_undefined
except NameError as err:
    print(repr(err.name))
try:
    C().gone
except AttributeError as err:
    print(repr(err.name), type(err.obj).__name__)

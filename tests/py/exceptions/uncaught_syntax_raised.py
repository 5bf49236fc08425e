# A SyntaxError raised by hand prints its location block like a compile error.
def check(src):
    raise SyntaxError("unexpected thing", ("config.cfg", 4, 7, "    key = = value\n", 4, 10))


print("checking")
check("x")

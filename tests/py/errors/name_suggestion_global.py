# Uncaught NameError: suggestions come from the function's locals, then globals, then
# builtins.
counter_total = 0


def report():
    return counter_totl + lenn([])


print("before")
report()

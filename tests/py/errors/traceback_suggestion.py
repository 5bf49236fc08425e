# Uncaught NameError: 3.11 tracebacks suggest a similar name.
def compute(values):
    total = 0
    for value in values:
        total += value
    return totl


print("computing")
compute([1, 2, 3])

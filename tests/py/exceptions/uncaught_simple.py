# An uncaught exception prints a traceback on stderr and exits with status 1.
def parse(text):
    return int(text)


def load(values):
    return [parse(v) for v in values]


print("loading")
print(load(["1", "2"]))
print(load(["3", "four", "5"]))
print("not reached")

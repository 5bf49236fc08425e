# A failing call whose expression spans several lines: the first line is shown, highlighted
# up to its last non-blank character.
def build(a, b, c):
    return a + b + c


def make():
    return build(1,
                 2,
                 None)


print(make())

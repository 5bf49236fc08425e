print("never printed")


def check(x)
    return x > 0

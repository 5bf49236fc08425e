print("never printed")
x = 1
if x:
    return x

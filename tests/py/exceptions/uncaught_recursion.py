# An uncaught RecursionError: repeated traceback lines are compacted.
def countdown(n):
    return countdown(n + 1)


print("start")
countdown(0)

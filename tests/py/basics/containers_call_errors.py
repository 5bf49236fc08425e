# Errors raised by calls with * and ** arguments (CALL_FUNCTION_EX).
def args(*a, **k):
    return a, k
for f in (lambda: args(*1), lambda: args(**1), lambda: args(*None, **{})):
    try:
        f()
    except TypeError as e:
        print("TypeError:", e)

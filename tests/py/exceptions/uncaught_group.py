# An uncaught ExceptionGroup is printed as a tree.
def task(n):
    if n % 2:
        raise ValueError("odd task %d" % n)
    raise TypeError("even task %d" % n)


errors = []
for i in range(3):
    try:
        task(i)
    except Exception as e:
        errors.append(e)
print("collected", len(errors))
raise ExceptionGroup("tasks failed", errors)

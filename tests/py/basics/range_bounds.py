M = 2**62 - 1
for args in [(5,), (-5,), (0, 10, -1), (10, 0, -3), (3, 17, 4), (-M-1, M), (-M-1, M, 2), (M,), (0, M, M), (-M-1, M, -1), (True,), (1, 2**70, 3)]:
    r = range(*args)
    print(r, len(r) if len(str(r)) < 60 and r.__len__() < 2**63 else "big", list(reversed(r))[:3], list(r)[:3] if len(r) < 100 else r[:3], list(reversed(r[:4])))
try: range(1, 2, 0)
except ValueError as e: print(e)
try: len(range(-M-1, M, 1)); print("ok")
except OverflowError as e: print(e)
print(list(reversed(range(-M-1, M, M))))

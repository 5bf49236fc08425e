# A syntax error anywhere means nothing runs: not even this print.
print("never printed")
values = [1, 2, 3
total = sum(values)
print(total)

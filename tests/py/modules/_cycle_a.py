print("_cycle_a: start")
import _cycle_b

A_VALUE = "a"
print("_cycle_a: end, sees _cycle_b.B_VALUE =", _cycle_b.B_VALUE)

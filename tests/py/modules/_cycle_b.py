print("_cycle_b: start")
import _cycle_a

B_VALUE = "b"
print("_cycle_b: _cycle_a partially initialised, has A_VALUE:", hasattr(_cycle_a, "A_VALUE"))

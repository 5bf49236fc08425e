import sys, traceback, warnings
def f():
    x = 5
    fr = sys._getframe(); return fr.f_code.co_name, fr.f_lineno, fr.f_locals['x'], fr.f_back.f_code.co_name, fr.f_globals is globals()
print(f())
try: sys._getframe(1000)
except ValueError as e: print(e)
def g(): int('x')
try: g()
except Exception as e:
    print(traceback.format_exc())
    tb = e.__traceback__
    print(tb.tb_frame.f_code.co_name, tb.tb_next.tb_frame.f_code.co_name, tb.tb_lineno)
print(traceback.extract_stack()[-1].name, len(traceback.format_stack()) > 0)
def deprecated():
    warnings.warn("old api", DeprecationWarning, stacklevel=2)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    deprecated()
    print(len(w), w[0].category.__name__, str(w[0].message), w[0].lineno)
warnings.warn("visible warning")
print(sys.flags.int_max_str_digits, sys.flags.dont_write_bytecode)

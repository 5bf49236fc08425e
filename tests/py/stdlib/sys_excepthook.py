import sys
print(sys.excepthook is sys.__excepthook__, type[int], type[int, str] if False else '')
def hook(t, v, tb):
    print("hook:", t.__name__, v, tb is not None)
sys.excepthook = hook
raise ValueError("boom")

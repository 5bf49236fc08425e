# _thread on one thread: locks, RLocks, _local, identity, module functions and errors.
import _thread


def attempt(label, f):
    try:
        r = f()
        print(label, "->", repr(r))
    except BaseException as e:
        print(label, "!!", type(e).__name__, e)


def strip_addr(s):
    return s[: s.index(" at 0x")] + ">" if " at 0x" in s else s


# lock
l = _thread.allocate_lock()
print(type(l), type(l).__name__, type(l).__module__, _thread.LockType is type(l))
print(strip_addr(repr(l)), l.locked())
print(l.acquire(), l.locked(), strip_addr(repr(l)))
print(l.acquire(False), l.acquire(blocking=False), l.acquire(0))
print(l.acquire(timeout=0), l.acquire(True, 0), l.acquire(timeout=0.01), l.acquire(1, 1e-9))
print(l.release(), l.locked())
attempt("release unlocked", l.release)
print(l.acquire_lock(), l.locked_lock(), l.release_lock(), l.locked_lock())
with l as entered:
    print("inside", entered, l.locked())
print("after", l.locked())
try:
    with l:
        raise ValueError("boom")
except ValueError as e:
    print("caught", e, l.locked())
l.acquire()
l._at_fork_reinit()
print("reinit", l.locked())
print(l.acquire(timeout=-1), l.acquire(False, -1), l.acquire(timeout=True))
l.release()
a2 = _thread.allocate()
s = _thread._set_sentinel()
print(type(a2).__name__, type(s).__name__, a2.locked(), s.locked())

# acquire argument errors (on a held lock)
l.acquire()
attempt("nonblocking timeout", lambda: l.acquire(False, 1))
attempt("negative timeout", lambda: l.acquire(True, -2))
attempt("tiny negative", lambda: l.acquire(timeout=-1e-10))
attempt("nan timeout", lambda: l.acquire(timeout=float("nan")))
attempt("huge float", lambda: l.acquire(timeout=1e20))
attempt("huge int", lambda: l.acquire(timeout=2**70))
attempt("big int", lambda: l.acquire(timeout=9223372037))
attempt("str timeout", lambda: l.acquire(timeout="a"))
attempt("str blocking", lambda: l.acquire(""))
attempt("None blocking", lambda: l.acquire(None))
attempt("3 args", lambda: l.acquire(1, 2, 3))
attempt("bad kw", lambda: l.acquire(x=1))
attempt("dup kw", lambda: l.acquire(True, blocking=True))
attempt("release arg", lambda: l.release(1))
attempt("locked arg", lambda: l.locked(1))
attempt("new lock", lambda: _thread.LockType())
attempt("subclass lock", lambda: type("Y", (_thread.LockType,), {}))
print(l.__exit__(1, 2, 3, 4), l.locked())

# RLock
R = _thread.RLock
r = R()
print(type(r), R.__module__, strip_addr(repr(r)))
attempt("release unowned", r.release)
print(r._is_owned(), r._recursion_count())
print(r.acquire(), r.acquire(), r.acquire(False), r._is_owned(), r._recursion_count())
print(strip_addr(repr(r)).replace(str(_thread.get_ident()), "ME"))
saved = r._release_save()
print(saved[0], saved[1] == _thread.get_ident(), r._is_owned(), r._recursion_count())
attempt("release_save unowned", r._release_save)
r._acquire_restore(saved)
print(r._is_owned(), r._recursion_count())
r.release()
r.release()
attempt("release too often", r.release)
with r:
    with r:
        print("nested", r._recursion_count())
print("out", r._recursion_count(), r._is_owned())
attempt("restore int", lambda: r._acquire_restore(5))
attempt("restore short", lambda: r._acquire_restore((1,)))
attempt("rlock timeout", lambda: r.acquire(timeout=-3))
attempt("rlock release arg", lambda: r.release(1))
attempt("is_owned arg", lambda: r._is_owned(1))


class MyRLock(R):
    pass


m = MyRLock(1, 2, x=3)
print(strip_addr(repr(m)), m.acquire(), isinstance(m, R))
m._at_fork_reinit()
print(m._is_owned())

# An RLock restored with another owner is held by "someone else"
other = R()
other._acquire_restore((1, 12345))
print(other._is_owned(), other.acquire(False), other.acquire(timeout=0.01))
attempt("release other's", other.release)

# _local
loc = _thread._local()
loc.x = 1
print(loc.x, type(loc), loc.__dict__)
attempt("missing attr", lambda: loc.y)
attempt("init args", lambda: _thread._local(1))
attempt("init kwargs", lambda: _thread._local(a=1))
del loc.x
print(loc.__dict__)


class L(_thread._local):
    def __init__(self, a):
        self.a = a


print(L(5).a, L(a=6).__dict__)

# identity and module functions
ident = _thread.get_ident()
print(type(ident).__name__, ident > 0, ident == _thread.get_ident())
print(_thread.get_native_id() > 0, _thread._count())
print(_thread.TIMEOUT_MAX, _thread.error is RuntimeError)
print(_thread.stack_size(), _thread.stack_size(32768), _thread.stack_size(0), _thread.stack_size())
attempt("stack small", lambda: _thread.stack_size(100))
attempt("stack negative", lambda: _thread.stack_size(-1))
attempt("stack str", lambda: _thread.stack_size("a"))
attempt("stack 2 args", lambda: _thread.stack_size(1, 2))
attempt("interrupt_main", _thread.interrupt_main)
attempt("interrupt_main SIGINT", lambda: _thread.interrupt_main(2))
attempt("interrupt_main 0", lambda: _thread.interrupt_main(0))
attempt("interrupt_main 100", lambda: _thread.interrupt_main(100))
attempt("exit", _thread.exit)
attempt("exit_thread", _thread.exit_thread)
attempt("exit arg", lambda: _thread.exit(1))
attempt("get_ident arg", lambda: _thread.get_ident(1))
attempt("allocate_lock arg", lambda: _thread.allocate_lock(1))
attempt("start 1 arg", lambda: _thread.start_new_thread(print))
attempt("start 4 args", lambda: _thread.start_new_thread(print, (), {}, 1))
attempt("start not callable", lambda: _thread.start_new_thread(1, ()))
attempt("start args not tuple", lambda: _thread.start_new_thread(print, [1]))
attempt("start kwargs not dict", lambda: _thread.start_new_thread(print, (), 1))
attempt("start_new kwargs None", lambda: _thread.start_new(print, (), None))
print(_thread.get_ident.__module__, _thread.LockType.__name__)

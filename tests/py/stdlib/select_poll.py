import select, os
print(sorted(n for n in dir(select) if not n.startswith('__')))
p = select.poll(); print(type(p).__name__, type(p).__module__)
e = select.epoll(); print(type(e).__name__, e.closed); e.close(); print(e.closed)
try: e.poll()
except ValueError as x: print(x)
try: select.select([], [], [], -1)
except ValueError as x: print(x)
try: select.select([object()], [], [], 0)
except TypeError as x: print(x)
try: p.unregister(99)
except KeyError as x: print(repr(x))
try: p.modify(99, 1)
except OSError as x: print(x)
print(select.select([], [], [], 0))
r, w = os.pipe()
print(select.select([r], [w], [], 0) == ([], [w], []))
os.write(w, b'x')
print(select.select([r], [], [], 1.0) == ([r], [], []))
p.register(r, select.POLLIN); print(p.poll(0) == [(r, select.POLLIN)])
p.unregister(r); print(p.poll(0))
with select.epoll() as ep:
    ep.register(r, select.EPOLLIN)
    print(ep.poll(0.5) == [(r, select.EPOLLIN)])
    ep.modify(r, select.EPOLLOUT); print(ep.poll(0))
    ep.unregister(r)
print(ep.closed)
class F:
    def __init__(self, fd): self.fd = fd
    def fileno(self): return self.fd
print(select.select([F(r)], [], [], 0)[0][0].fd == r)
os.close(r); os.close(w)



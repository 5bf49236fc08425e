import errno

names = sorted(n for n in dir(errno) if n.startswith('E'))
print(len(names))
for n in names:
    print(n, getattr(errno, n))

print(type(errno.errorcode).__name__, len(errno.errorcode))
for code in sorted(errno.errorcode):
    print(code, errno.errorcode[code])

print(errno.errorcode[errno.EAGAIN], errno.errorcode[errno.EDEADLK], errno.errorcode[errno.ENOTSUP])
print(errno.EWOULDBLOCK == errno.EAGAIN, errno.EOPNOTSUPP == errno.ENOTSUP)
try:
    open('/nonexistent-dir/file')
except OSError as e:
    print(e.errno == errno.ENOENT, errno.errorcode[e.errno])

import _stat
import stat

names = sorted(n for n in dir(_stat) if not n.startswith('_'))
print(names)
for n in names:
    v = getattr(_stat, n)
    if isinstance(v, int):
        print(n, v, oct(v))
print(stat.S_IFMT is _stat.S_IFMT, stat.filemode is _stat.filemode)

modes = [0o100644, 0o040755, 0o104755, 0o102644, 0o041777, 0o041776, 0o120777, 0o7777,
         0o020620, 0o060660, 0o010600, 0o140755, 0, 0o177777, 0o4000, 0o2010, 0o1001]
for m in modes:
    print(oct(m), stat.filemode(m), stat.S_IMODE(m), stat.S_IFMT(m),
          [f.__name__ for f in (stat.S_ISDIR, stat.S_ISCHR, stat.S_ISBLK, stat.S_ISREG,
                                stat.S_ISFIFO, stat.S_ISLNK, stat.S_ISSOCK, stat.S_ISDOOR,
                                stat.S_ISPORT, stat.S_ISWHT) if f(m)])
print(stat.S_ISDIR(True), stat.S_IMODE(False), stat.filemode(2 ** 32 - 1))

for f, arg in [(stat.S_ISDIR, 'a'), (stat.S_ISDIR, -1), (stat.S_ISDIR, 2 ** 40), (stat.S_ISDIR, 2 ** 70),
               (stat.filemode, 1.5), (stat.S_IMODE, None), (stat.S_IFMT, 2 ** 32)]:
    try:
        f(arg)
    except Exception as e:
        print(f.__name__, type(e).__name__, e)
for call in [lambda: stat.S_ISDIR(), lambda: stat.S_ISDIR(mode=1), lambda: stat.filemode(1, 2)]:
    try:
        call()
    except TypeError as e:
        print('TypeError', e)

import os
st = os.stat('.')
print(stat.S_ISDIR(st.st_mode), stat.filemode(st.st_mode)[0], stat.S_ISREG(os.stat('posix_stat.py')[stat.ST_MODE]))

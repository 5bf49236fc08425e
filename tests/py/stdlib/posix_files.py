import os
import stat

base = '_posix_files_tmp_%d' % os.getpid()
os.mkdir(base)
try:
    print(os.path.isdir(base), os.listdir(base))
    p = os.path.join(base, 'data.txt')
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    print(type(fd).__name__, os.get_inheritable(fd), os.get_blocking(fd), os.isatty(fd))
    print(os.write(fd, b'hello world\n'), os.write(fd, bytearray(b'second line\n')))
    print(os.lseek(fd, 0, os.SEEK_CUR), os.lseek(fd, 0, os.SEEK_END))
    os.fsync(fd)
    st = os.fstat(fd)
    print(stat.S_ISREG(st.st_mode), st.st_size, st[6], len(st))
    os.close(fd)

    fd = os.open(p, os.O_RDONLY)
    print(os.read(fd, 5), os.read(fd, 100), os.read(fd, 10))
    print(os.lseek(fd, 6, os.SEEK_SET), os.read(fd, 5))
    os.close(fd)

    st = os.stat(p)
    print(stat.S_IMODE(st.st_mode) & 0o600 == 0o600, st.st_size, st.st_nlink)
    print(type(st).__name__, type(st.st_mtime).__name__, type(st[8]).__name__, type(st.st_mtime_ns).__name__)
    print(st.st_mtime_ns // 10**9 == st[8] == int(st.st_mtime))
    print(os.stat(p.encode()).st_size, os.lstat(p).st_size)
    print(stat.filemode(os.stat(base).st_mode)[0], stat.filemode(st.st_mode)[0])

    # bytes in, bytes out
    print(sorted(os.listdir(base)), sorted(os.listdir(base.encode())))
    os.mkdir(os.path.join(base, 'sub'))
    os.mkdir(os.path.join(base, 'sub', 'deeper'), 0o755)
    with open(os.path.join(base, 'sub', 'f.bin'), 'wb') as f:
        f.write(b'\x00\x01\x02')

    # scandir
    with os.scandir(base) as it:
        entries = sorted(it, key=lambda e: e.name)
    for e in entries:
        print(repr(e), e.name, e.path == os.path.join(base, e.name),
              e.is_dir(), e.is_file(), e.is_symlink(), e.stat().st_size if e.is_file() else '-',
              type(e.inode()).__name__, os.fspath(e) == e.path)
    print(sorted(e.name for e in os.scandir(base.encode())))
    print([type(e.path).__name__ for e in os.scandir(base.encode())][:1])
    it = os.scandir(base)
    it.close()
    print(list(it))

    # symlinks
    link = os.path.join(base, 'link')
    os.symlink('data.txt', link)
    print(os.readlink(link), os.readlink(link.encode()), os.path.islink(link))
    print(os.stat(link).st_size == os.stat(p).st_size, stat.S_ISLNK(os.lstat(link).st_mode))
    for e in sorted(os.scandir(base), key=lambda e: e.name):
        if e.name == 'link':
            print(e.is_symlink(), e.is_file(), e.is_file(follow_symlinks=False),
                  stat.S_ISLNK(e.stat(follow_symlinks=False).st_mode))
    hard = os.path.join(base, 'hard')
    os.link(p, hard)
    print(os.stat(p).st_nlink, os.path.samefile(p, hard))

    # rename, replace, access, chmod, utime, truncate
    q = os.path.join(base, 'renamed.txt')
    os.rename(p, q)
    print(os.path.exists(p), os.path.exists(q))
    os.replace(q, p)
    print(os.access(p, os.F_OK), os.access(p, os.R_OK), os.access(q, os.F_OK))
    os.chmod(p, 0o600)
    print(oct(stat.S_IMODE(os.stat(p).st_mode)))
    os.utime(p, (1000000000, 1200000000))
    st = os.stat(p)
    print(st.st_atime, st.st_mtime, st[7], st[8], st.st_mtime_ns)
    os.utime(p, ns=(5 * 10**9 + 5, 6 * 10**9 + 123456789))
    print(os.stat(p).st_mtime_ns, os.stat(p).st_atime_ns)
    os.utime(p, (1.5, 2.25))
    print(os.stat(p).st_atime, os.stat(p).st_mtime)
    os.truncate(p, 4)
    print(os.path.getsize(p))
    fd = os.open(p, os.O_RDWR)
    os.ftruncate(fd, 2)
    print(os.fstat(fd).st_size)
    fd2 = os.dup(fd)
    print(fd2 != fd, os.get_inheritable(fd2))
    os.set_inheritable(fd2, True)
    print(os.get_inheritable(fd2))
    os.set_blocking(fd2, False)
    print(os.get_blocking(fd2))
    os.close(fd2)
    os.close(fd)

    # pipes
    r, w = os.pipe()
    os.write(w, b'through the pipe')
    os.close(w)
    print(os.read(r, 100), os.read(r, 100))
    os.close(r)

    # chdir / getcwd
    here = os.getcwd()
    os.chdir(base)
    print(os.path.basename(os.getcwd()) == base, os.getcwdb() == os.getcwd().encode())
    print(sorted(os.listdir()), sorted(os.listdir(None)) == sorted(os.listdir('.')))
    os.chdir('..')
    print(os.getcwd() == here)

    # os.walk over the tree
    for root, dirs, files in os.walk(base):
        dirs.sort()
        print(root.replace(base, 'BASE'), sorted(dirs), sorted(files))
finally:
    for root, dirs, files in os.walk(base, topdown=False):
        for f in files:
            os.unlink(os.path.join(root, f))
        for d in dirs:
            full = os.path.join(root, d)
            if os.path.islink(full):
                os.remove(full)
            else:
                os.rmdir(full)
    os.rmdir(base)
print(os.path.exists(base))

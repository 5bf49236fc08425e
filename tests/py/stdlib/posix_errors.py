import errno
import os


def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(type(e).__name__, '|', e, '|', getattr(e, 'errno', '-'), repr(getattr(e, 'filename', '-')),
              repr(getattr(e, 'filename2', '-')))
    else:
        print('ok', repr(r))


class P:
    def __init__(self, p):
        self.p = p
    def __fspath__(self):
        return self.p


missing = 'no_such_file_for_posix_errors'

# FileNotFoundError and friends, with the filename(s)
show(os.stat, missing)
show(os.stat, missing.encode())
show(os.stat, P(missing))
show(os.lstat, missing)
show(os.listdir, missing)
show(os.listdir, missing.encode())
show(os.scandir, missing)
show(os.unlink, missing)
show(os.remove, missing)
show(os.rmdir, missing)
show(os.chdir, missing)
show(os.readlink, missing)
show(os.chmod, missing, 0o644)
show(os.open, missing, os.O_RDONLY)
show(os.rename, missing, missing + '2')
show(os.replace, missing, b'other')
show(os.link, missing, missing + '2')
show(os.truncate, missing, 0)
show(os.utime, missing)
show(os.mkdir, '.')
show(os.mkdir, missing + '/a/b')
show(os.rmdir, 'posix_errors.py')
show(os.listdir, 'posix_errors.py')
show(os.readlink, 'posix_errors.py')
show(os.symlink, 'x', 'posix_errors.py')
print(os.access(missing, os.F_OK), os.access('posix_errors.py', os.F_OK))

# bad file descriptors
show(os.close, 987654)
show(os.read, 987654, 1)
show(os.write, 987654, b'x')
show(os.fstat, 987654)
show(os.lseek, 987654, 0, 0)
show(os.dup, 987654)
show(os.get_inheritable, 987654)
show(os.get_blocking, 987654)
show(os.read, 0, -1)
show(os.isatty, 987654)

# errors are OSError subclasses chosen by errno
try:
    os.stat(missing)
except OSError as e:
    print(type(e) is FileNotFoundError, e.errno == errno.ENOENT, e.strerror, e.args)
try:
    os.mkdir('.')
except FileExistsError as e:
    print(e.errno == errno.EEXIST, e.args)
print(os.error is OSError)

# bad argument types
show(os.stat, 1.5)
show(os.stat, None)
show(os.stat, [])
show(os.listdir, 1.5)
show(os.mkdir, 1.5)
show(os.access, 1.5, os.F_OK)
show(os.unlink, None)
show(os.rename, 1, 'x')
show(os.stat, 'a\0b')
show(os.stat, b'a\0b')
show(os.stat, P(3))
show(os.fspath, 3)
show(os.fspath, P(3))
show(os.fspath, P(None))
show(os.fspath)
show(os.stat)
show(os.stat, 'x', 'y')
show(os.stat, 'x', foo=1)
show(os.stat, 'x', dir_fd='a')
show(os.stat, path='x', dir_fd=None, follow_symlinks=True)
show(os.stat, 2 ** 70)
show(os.stat, -2 ** 70)
show(os.open, missing)
show(os.open, missing, 'r')
show(os.open, missing, flags=os.O_RDONLY)
show(os.close, 'a')
show(os.close, 2 ** 70)
show(os.close, fd='a')
show(os.close)
show(os.read, 0)
show(os.read, 'a', 1)
show(os.read, 0, 'a')
show(os.read, fd=0, length=1)
show(os.write, 1, 'str')
show(os.write, 1)
show(os.lseek, 0, 0)
show(os.getcwd, 1)
show(os.getcwd, x=1)
show(os.getpid, 1)
show(os.strerror, 'a')
show(os.strerror)
show(os.umask, 'a')
show(os.kill, 0, 'a')
show(os.kill, 2 ** 40, 0)
show(os.urandom, -1)
show(os.urandom, 'a')
show(os.putenv, 'a=b', 'c')
show(os.putenv, '', 'c')
show(os.putenv, 'a\0', 'c')
show(os.putenv, 1, 'c')
show(os.putenv, 'a', 1)
show(os.unsetenv, 'a=b')
show(os.waitstatus_to_exitcode, 0x7f)
show(os.waitstatus_to_exitcode, 0x137f)
show(os.waitstatus_to_exitcode, 'a')
show(os.utime, 'x', 5)
show(os.utime, 'x', ns=5)
show(os.utime, 'x', (1, 2), ns=(1, 2))
show(os.mkdir, 'x', 'mode')
show(os.mkdir, 'x', 0o777, 3)
show(os.listdir, 'a', 'b')
show(os.scandir, 1.5)
show(os.chmod, 'x')
show(os.device_encoding, 'a')
show(os.get_terminal_size, 987654)
show(os.fsync, 'a')
show(os.fsync, -1)
show(os.dup2, 987654, 987655)
show(os.set_inheritable, 0)
show(os.stat_result, (1, 2))
show(os.stat_result, 5)
show(os.DirEntry)
show(type(os.scandir('.')))
e = next(iter(os.scandir('.')))
show(e.is_dir, True)
show(e.is_dir, follow=True)
show(e.stat, 1)
show(e.inode, 1)
show(os.WIFEXITED)
show(os.WCOREDUMP, status=1)

# fd -1 is CPython's "no fd" marker: no path at all
show(os.stat, -1)
show(os.chdir, -1)
show(os.chmod, -1, 0o644)
show(os.stat, -1, dir_fd=3)
show(os.utime, -1)
# (other tests create and remove directories here meanwhile: look for this file only)
print('posix_errors.py' in os.listdir(-1), './posix_errors.py' in [e.path for e in os.scandir(-1)])

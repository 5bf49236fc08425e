# posix calls beyond the file basics: configuration queries, statvfs, ownership with -1,
# fifos, positional I/O, sendfile, pipe2, device numbers, wait statuses.
import os
import stat


def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(type(e).__name__, '|', e)
    else:
        print('ok', repr(r))


print(os.sysconf('SC_PAGE_SIZE') == os.sysconf(os.sysconf_names['SC_PAGE_SIZE']) > 0)
print(os.sysconf('SC_OPEN_MAX') > 0, os.sysconf('SC_CLK_TCK'))
print(os.pathconf('.', 'PC_NAME_MAX'), os.fpathconf(0, 'PC_NAME_MAX') if False else '-')
print(os.confstr('CS_PATH'), os.confstr(os.confstr_names['CS_PATH']))
print(sorted(os.pathconf_names.items())[:3], len(os.sysconf_names) > 100, len(os.confstr_names) > 20)
show(os.sysconf, 'SC_NO_SUCH_NAME')
show(os.sysconf, 1.5)
show(os.sysconf, 99999)
show(os.pathconf, 'no_such_file_posix_misc', 'PC_NAME_MAX')
show(os.pathconf, '.', 99999)
show(os.confstr, 'CS_NO_SUCH')
show(os.fpathconf, 987654, 'PC_NAME_MAX')

st = os.statvfs('.')
print(type(st).__name__, len(st), st.f_bsize > 0, st.f_namemax, st[9] == st.f_namemax, type(st.f_fsid).__name__)
print(os.fstatvfs(0).f_bsize > 0 if os.path.exists('/dev/null') else True)
show(os.statvfs, 'no_such_file_posix_misc')

base = '_posix_misc_tmp_%d' % os.getpid()
os.mkdir(base)
try:
    p = os.path.join(base, 'data')
    fd = os.open(p, os.O_RDWR | os.O_CREAT, 0o600)
    print(os.pwrite(fd, b'hello world', 0), os.pwrite(fd, b'W', 6), os.lseek(fd, 0, os.SEEK_CUR))
    print(os.pread(fd, 5, 6), os.pread(fd, 100, 0), os.pread(fd, 3, 100))
    r, w = os.pipe2(os.O_CLOEXEC | os.O_NONBLOCK)
    print(os.get_inheritable(r), os.get_blocking(w))
    print(os.sendfile(w, fd, 0, 5), os.read(r, 10))
    os.lseek(fd, 6, os.SEEK_SET)
    print(os.sendfile(w, fd, None, 100), os.read(r, 10), os.lseek(fd, 0, os.SEEK_CUR))
    try:
        os.read(r, 10)
    except BlockingIOError as e:
        print('BlockingIOError', e.errno)
    for x in (r, w, fd):
        os.close(x)

    os.chown(p, -1, -1)
    os.lchown(p, -1, -1)
    fd = os.open(p, os.O_RDONLY)
    os.fchown(fd, -1, -1)
    os.fchmod(fd, 0o644)
    print(oct(stat.S_IMODE(os.fstat(fd).st_mode)))
    os.close(fd)
    show(os.chown, p, 'a', -1)
    show(os.chown, p, -1, 1.5)
    show(os.chown, p, -2, -1)
    show(os.chown, p, 2 ** 40, -1)
    show(os.chown, p, 2 ** 70, -1)

    fifo = os.path.join(base, 'fifo')
    os.mkfifo(fifo, 0o600)
    print(stat.S_ISFIFO(os.stat(fifo).st_mode), stat.filemode(os.stat(fifo).st_mode))
    show(os.mkfifo, fifo)
    os.mknod(os.path.join(base, 'node'), stat.S_IFREG | 0o600)
    print(stat.S_ISREG(os.stat(os.path.join(base, 'node')).st_mode))
    print(sorted(os.listdir(base)))
    show(os.mknod, os.path.join(base, 'node'))
finally:
    for n in os.listdir(base):
        os.unlink(os.path.join(base, n))
    os.rmdir(base)

print(os.major(0x1234567), os.minor(0x1234567), os.makedev(0x123, 0x4567))
print(os.makedev(os.major(12345678), os.minor(12345678)) == 12345678)
show(os.major, -1)
show(os.major, 2 ** 64)
show(os.major, 'a')

for status in (0, 256, 0x7f00, 9, 0x8b, 0x137f, 0xffff):
    print(status, os.WIFEXITED(status), os.WEXITSTATUS(status), os.WIFSIGNALED(status),
          os.WTERMSIG(status), os.WIFSTOPPED(status), os.WSTOPSIG(status),
          os.WCOREDUMP(status), os.WIFCONTINUED(status))
    show(os.waitstatus_to_exitcode, status)
print(type(os.getgroups()).__name__, os.sched_yield(), len(os.getloadavg()))
show(os.ttyname, 987654)
show(os.nice, 'a')
print(os.system('exit 3') >> 8, os.waitstatus_to_exitcode(os.system('exit 5')))
print(os.get_terminal_size.__name__, os.terminal_size.__module__, os.uname_result.__module__)
show(os.get_terminal_size, 987654)

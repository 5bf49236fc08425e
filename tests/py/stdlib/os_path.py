import os
import os.path
import posixpath

print(os.path is posixpath, os.name, os.sep, os.curdir, os.pardir, os.extsep, os.altsep, os.pathsep, os.linesep == '\n')
print(os.devnull, os.defpath)

print(os.path.join('a', 'b', 'c'), os.path.join('/a', '/b'), os.path.join('a/', 'b'), os.path.join(b'x', b'y'))
print(os.path.join('', 'a'), os.path.join('a', ''))
print(os.path.split('/usr/lib/python'), os.path.split('file'), os.path.split('/'), os.path.split(b'a/b'))
print(os.path.splitext('archive.tar.gz'), os.path.splitext('.bashrc'), os.path.splitext('a/b.c/d'), os.path.splitext(b'f.txt'))
print(os.path.basename('/a/b/c.txt'), os.path.dirname('/a/b/c.txt'), os.path.basename('dir/'), os.path.dirname('x'))
print(os.path.normpath('a//b/./c/../d'), os.path.normpath('/../x'), os.path.normpath(''), os.path.normpath('//a'), os.path.normpath('///a'))
print(os.path.normpath(b'a/./b/../c'))
print(os.path.isabs('/x'), os.path.isabs('x'), os.path.isabs(b'/'))
print(os.path.commonprefix(['/usr/lib', '/usr/local']), os.path.commonpath(['/usr/lib', '/usr/local']))
print(os.path.relpath('/a/b/c', '/a'), os.path.relpath('/a', '/a/b/c'))
print(os.path.splitdrive('/x/y'), os.path.normcase('AbC'))

here = os.getcwd()
print(os.path.abspath('x') == os.path.join(here, 'x'))
print(os.path.abspath('.') == here, os.path.abspath('a/../b') == os.path.join(here, 'b'))
print(os.path.abspath(b'x') == os.path.join(here.encode(), b'x'))
print(os.path.isabs(os.path.abspath('rel')), os.path.realpath('.') == os.path.realpath(here))

print(os.path.exists('os_path.py'), os.path.exists('no_such_file_here'), os.path.exists(b'os_path.py'))
print(os.path.isfile('os_path.py'), os.path.isfile('.'), os.path.isdir('.'), os.path.isdir('os_path.py'))
print(os.path.islink('os_path.py'), os.path.lexists('os_path.py'), os.path.ismount('/'))
print(os.path.getsize('os_path.py') > 0, os.path.exists(''), os.path.isdir(''))

os.environ['HOME'] = '/home/tester'
print(os.path.expanduser('~'), os.path.expanduser('~/docs'), os.path.expanduser('no/tilde'))
print(os.path.expanduser(b'~/b'))
os.environ['EMBER_TEST_VAR'] = 'value'
print(os.environ.get('EMBER_TEST_VAR'), os.getenv('EMBER_TEST_VAR'), 'EMBER_TEST_VAR' in os.environ)
print(os.environb[b'EMBER_TEST_VAR'], os.getenvb(b'EMBER_TEST_VAR'))
del os.environ['EMBER_TEST_VAR']
print(os.getenv('EMBER_TEST_VAR', 'gone'), 'EMBER_TEST_VAR' in os.environ)
print(type(os.environ).__name__, isinstance(os.environ['HOME'], str))

class P:
    def __init__(self, p):
        self.p = p
    def __fspath__(self):
        return self.p

print(os.fspath('s'), os.fspath(b'b'), os.fspath(P('pathlike')), os.fspath(P(b'bp')))
print(os.path.join(P('a'), 'b'), os.path.exists(P('os_path.py')), os.path.basename(P('x/y')))
print(os.fsencode('abc'), os.fsdecode(b'abc'), os.fsencode(P('q')))
print(isinstance(P('x'), os.PathLike), isinstance('x', os.PathLike))
print(os.supports_bytes_environ, os.stat in os.supports_fd, os.stat in os.supports_dir_fd,
      os.stat in os.supports_follow_symlinks, os.listdir in os.supports_fd)
print(os.SEEK_SET, os.SEEK_CUR, os.SEEK_END, os.F_OK, os.R_OK, os.W_OK, os.X_OK)
print(os.O_RDONLY, os.O_WRONLY, os.O_RDWR, os.O_CREAT, os.O_EXCL, os.O_TRUNC, os.O_APPEND)
print(os.EX_OK, os.EX_USAGE, os.EX_CONFIG, os.error is OSError)
print(os.strerror(2), os.strerror(13))
print(os.waitstatus_to_exitcode(256), os.waitstatus_to_exitcode(9), os.WIFEXITED(256), os.WEXITSTATUS(512))
print(len(os.urandom(16)), os.urandom(0), type(os.cpu_count()).__name__)
u = os.uname()
print(type(u).__name__, len(u), u.sysname, u[0] == u.sysname)
t = os.times()
print(type(t).__name__, len(t), t.user >= 0, t[4] == t.elapsed)
print(os.getpid() > 0, os.getppid() > 0, os.getuid() == os.geteuid(), os.getgid() >= 0)
print(os.device_encoding(0))
old = os.umask(0o22)
print(os.umask(old) == 0o22)
print(os.terminal_size((80, 24)), os.terminal_size((80, 24)).columns)
print(repr(os.stat_result(tuple(range(10)))))
st = os.stat_result(tuple(range(10)))
print(st.st_atime, st.st_mtime, st.st_ctime, st.st_atime_ns, st.st_blksize)
st = os.stat_result(tuple(range(10)), {'st_mtime': 2.5, 'st_rdev': 7})
print(st.st_atime, st.st_mtime, st.st_rdev)

# posixpath.normpath runs on posix._path_normpath: compare with the rules over many inputs.
import posix
alpha = ['/', '.', 'a', '..', 'b/', '.a', '\u00e9']
seen = []
def gen(prefix, n):
    seen.append((prefix, posix._path_normpath(prefix)))
    if n:
        for c in alpha:
            gen(prefix + c, n - 1)
gen('', 4)
print(len(seen), sum(len(r) * (i % 7) for i, (p, r) in enumerate(seen)))
print([r for p, r in seen[:40]])
print(os.path.normpath(''), os.path.normpath(b''), os.path.normpath('./'), posix._path_normpath('./'))
try:
    posix._path_normpath(b'x')
except TypeError as e:
    print(e)

# os.stat_result: 10 items (the integer times unnamed), 9 attribute-only fields
st = os.stat_result(tuple(range(10)), {'st_atime_ns': 5, 'st_mtime': 2.5})
print(st, st.st_atime, st.st_mtime, st.st_ctime, st.st_atime_ns, st.st_rdev)
print(os.stat_result.__match_args__, os.stat_result.n_fields, os.stat_result.n_sequence_fields,
      os.stat_result.n_unnamed_fields)
print(st.__reduce__())
for bad in [(tuple(range(9)),), (tuple(range(20)),), (tuple(range(10)), None), (5,), ()]:
    try:
        os.stat_result(*bad)
    except TypeError as e:
        print('TypeError', e)
match os.stat('.'):
    case os.stat_result(st_mode=mode):
        print('matched', type(mode).__name__)

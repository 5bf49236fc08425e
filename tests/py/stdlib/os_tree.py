# os.py's tree helpers over posix: makedirs, removedirs, renames, walk, fwalk, and the
# dir_fd / fd forms of the posix calls they use.
import os
import stat

base = '_os_tree_tmp_%d' % os.getpid()
os.makedirs(os.path.join(base, 'a', 'b', 'c'))
os.makedirs(os.path.join(base, 'a', 'b'), exist_ok=True)
try:
    os.makedirs(os.path.join(base, 'a'))
except FileExistsError as e:
    print('FileExistsError', e.errno, e.filename == os.path.join(base, 'a'))
with open(os.path.join(base, 'a', 'f.txt'), 'w') as f:
    f.write('hello')
with open(os.path.join(base, 'a', 'b', 'g.txt'), 'w') as f:
    f.write('world!')

def rel(p):
    return p.replace(base, 'BASE')

for root, dirs, files in os.walk(base):
    dirs.sort()
    print('walk', rel(root), dirs, sorted(files))
for root, dirs, files in os.walk(base, topdown=False):
    print('up', rel(root), sorted(dirs), sorted(files))
for root, dirs, files, rootfd in os.fwalk(base):
    dirs.sort()
    sizes = sorted((n, os.stat(n, dir_fd=rootfd).st_size) for n in files)
    print('fwalk', rel(root), dirs, sizes, type(rootfd).__name__)
errors = []
print(list(os.walk(os.path.join(base, 'missing'), onerror=errors.append)),
      [type(e).__name__ for e in errors])

# dir_fd forms
dfd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
try:
    print(sorted(os.listdir(dfd)), sorted(e.name for e in os.scandir(dfd)))
    print([e.path for e in os.scandir(dfd)] == [e.name for e in os.scandir(dfd)])
    os.mkdir('made', dir_fd=dfd)
    fd = os.open('made/x.txt', os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=dfd)
    os.write(fd, b'12345')
    os.close(fd)
    print(os.stat('made/x.txt', dir_fd=dfd).st_size, os.access('made/x.txt', os.R_OK, dir_fd=dfd))
    os.symlink('x.txt', 'made/y', dir_fd=dfd)
    print(os.readlink('made/y', dir_fd=dfd), stat.S_ISLNK(os.stat('made/y', dir_fd=dfd, follow_symlinks=False).st_mode))
    os.rename('made/x.txt', 'made/z.txt', src_dir_fd=dfd, dst_dir_fd=dfd)
    os.link('made/z.txt', 'made/w.txt', src_dir_fd=dfd, dst_dir_fd=dfd)
    print(sorted(os.listdir(os.path.join(base, 'made'))))
    os.chmod('made/z.txt', 0o640, dir_fd=dfd)
    print(oct(stat.S_IMODE(os.stat('made/z.txt', dir_fd=dfd).st_mode)))
    os.utime('made/z.txt', ns=(10**9, 2 * 10**9), dir_fd=dfd)
    print(os.stat('made/w.txt', dir_fd=dfd).st_mtime_ns)
    for n in ('made/y', 'made/z.txt', 'made/w.txt'):
        os.unlink(n, dir_fd=dfd)
    os.rmdir('made', dir_fd=dfd)
    print(sorted(os.listdir(dfd)))
    os.stat(dfd)
    print(stat.S_ISDIR(os.stat(dfd).st_mode), stat.S_ISDIR(os.fstat(dfd).st_mode))
    here = os.getcwd()
    os.chdir(dfd)
    print(sorted(os.listdir()))
    os.chdir(here)
    os.fchdir(dfd)
    print(sorted(os.listdir('.')))
    os.chdir(here)
finally:
    os.close(dfd)

os.renames(os.path.join(base, 'a', 'f.txt'), os.path.join(base, 'n', 'm', 'f.txt'))
print(sorted(os.listdir(base)), os.listdir(os.path.join(base, 'n', 'm')))
os.unlink(os.path.join(base, 'a', 'b', 'g.txt'))
os.removedirs(os.path.join(base, 'a', 'b', 'c'))
print(sorted(os.listdir(base)))
os.unlink(os.path.join(base, 'n', 'm', 'f.txt'))
os.removedirs(os.path.join(base, 'n', 'm'))
print(os.path.exists(base))

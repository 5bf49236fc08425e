import random, hmac, secrets, statistics, tempfile, os, operator
random.seed(12345)
print(random.random(), random.randint(1, 100), random.choice("abcdef"), random.sample(range(100), 5), round(random.gauss(0, 1), 6))
l = list(range(10)); random.shuffle(l); print(l)
print(hmac.new(b"key", b"msg", "sha256").hexdigest()[:16], hmac.compare_digest(b"a", b"a"), hmac.compare_digest("a", "b"), len(secrets.token_hex(8)))
try: hmac.compare_digest(1, 2)
except TypeError as e: print(e)
print(statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]), statistics.stdev([1, 2, 3, 4]))
with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, "f.txt")
    with open(p, "w") as f: f.write("hi")
    print(os.listdir(d), open(p).read())
print(os.path.exists(d), operator.add(2, 3))
calls = []
os.register_at_fork(before=lambda: calls.append("before"), after_in_parent=lambda: calls.append("parent"), after_in_child=lambda: calls.append("child"))
pid = os.fork()
if pid == 0:
    os._exit(0 if calls == ["before", "child"] else 1)
print(calls, os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))

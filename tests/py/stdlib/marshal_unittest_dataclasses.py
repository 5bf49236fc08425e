import marshal, unittest, dataclasses, pprint, importlib
for v in [None, True, 1, -5, 2**100, -2**70, 1.5, 2+3j, "abc", "é€", b"xy", (1, "a"), [1, [2]], {"k": (1,)}, {1, 2}, frozenset({3}), ..., StopIteration]:
    assert marshal.loads(marshal.dumps(v)) == v, v
print(marshal.loads(b'\xe9\x03\x00\x00\x00'), marshal.version)
try: marshal.dumps(object())
except ValueError as e: print(e)
@dataclasses.dataclass(order=True)
class P:
    x: int
    y: int = 0
print(P(1, 2), P(1) < P(2), dataclasses.asdict(P(3, 4)), dataclasses.fields(P)[1].name)
pprint.pprint({"b": list(range(30)), "a": {"nested": [1, 2, 3]}})
class T(unittest.TestCase):
    def test_ok(self): self.assertEqual(1 + 1, 2)
    def test_fail(self): self.assertIn(3, [1, 2])
import io
stream = io.StringIO()
r = unittest.TextTestRunner(stream=stream, verbosity=0).run(unittest.defaultTestLoader.loadTestsFromTestCase(T))
print(r.testsRun, len(r.failures), r.wasSuccessful())
print(importlib.import_module("json").dumps([1]))

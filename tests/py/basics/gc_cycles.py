# Reference cycles and object graphs that a collector must keep intact.
class Node:
    def __init__(self, name):
        self.name = name
        self.edges = []

    def __repr__(self):
        return "Node(%s)" % self.name


nodes = [Node("n%d" % i) for i in range(200)]
for i, n in enumerate(nodes):
    n.edges.append(nodes[(i + 1) % len(nodes)])
    n.edges.append(nodes[(i * 7) % len(nodes)])
    n.self_ref = n
seen = set()
stack = [0]
while stack:
    i = stack.pop()
    if i in seen:
        continue
    seen.add(i)
    for e in nodes[i].edges:
        stack.append(int(e.name[1:]))
print("reachable", len(seen), nodes[5].edges, nodes[5].self_ref is nodes[5])
for round in range(50):
    garbage = [Node("g") for _ in range(50)]
    for a, b in zip(garbage, garbage[1:]):
        a.edges.append(b)
        b.edges.append(a)
    garbage = None
print("made 2500 cyclic garbage nodes")
l = []
l.append(l)
d = {}
d["d"] = d
print(l, d, l[0] is l, d["d"] is d)
cells = []
for i in range(300):
    cells.append((lambda v: lambda: v)(i))
print(sum(f() for f in cells))
matrix = {}
for i in range(100):
    matrix[(i, i % 7)] = [str(i)] * 3
print(len(matrix), matrix[(99, 1)], sorted(matrix)[:3])
chain = None
for i in range(2000):
    chain = [i, chain]
depth = 0
while chain is not None:
    depth += 1
    chain = chain[1]
print("chain depth", depth)
strings = ["x" * i for i in range(300)]
print(sum(len(s) for s in strings), strings[299][:5])

# ember: no-stress (allocates about a million objects; a collection per allocation would take hours)
# Allocation-heavy program: many short-lived and some long-lived objects.
class Node:
    __slots__ = ("value", "next")

    def __init__(self, value, next=None):
        self.value = value
        self.next = next


head = None
for i in range(100000):
    head = Node(i, head)
total = 0
node = head
while node is not None:
    total += node.value
    node = node.next
print("linked list sum", total)
keep = []
for i in range(200000):
    t = (i, str(i), [i])
    if i % 1000 == 0:
        keep.append(t)
print("kept", len(keep), keep[-1])
d = {}
for i in range(100000):
    d[i] = {"k": i, "s": "v%d" % i}
    if i >= 50:
        del d[i - 50]
print("dict size", len(d), d[99999])
words = " ".join("w%d" % (i % 997) for i in range(100000)).split()
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print("distinct words", len(counts), counts["w0"], counts["w996"])
big = [[j for j in range(10)] for i in range(20000)]
print("nested lists", len(big), sum(map(sum, big)))
s = ""
for i in range(20000):
    s += "ab"
print("string length", len(s))

# A traceback through generators, a method, a lambda and a nested function.
def numbers():
    yield 1
    yield 2
    yield from failing()


def failing():
    yield 3
    raise KeyError("missing")


class Consumer:
    def run(self, gen):
        out = []
        apply = lambda g: [out.append(v) for v in g]

        def inner():
            return apply(gen)

        inner()
        return out


print(Consumer().run(iter([9])))
print(Consumer().run(numbers()))

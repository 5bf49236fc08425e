# Uncaught chained exceptions print every link of the chain.
class Store:
    def __init__(self):
        self.data = {"a": 1}

    def get(self, key):
        try:
            return self.data[key]
        except KeyError as e:
            raise LookupError("no key %r in store" % key) from e


def handler():
    try:
        Store().get("b")
    except LookupError:
        return 1 / 0


print("start")
handler()

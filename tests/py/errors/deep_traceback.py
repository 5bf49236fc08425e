# An uncaught error deep in a call chain: the traceback shows every frame.
class Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0

    def parse(self):
        return self.expr()

    def expr(self):
        left = self.term()
        while self.peek() == "+":
            self.pos += 1
            left = left + self.term()
        return left

    def term(self):
        tok = self.peek()
        self.pos += 1
        return convert(tok)

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None


def convert(tok):
    handlers = {"num": lambda t: int(t)}
    return handlers["num"](tok)


print(Parser(["1", "+", "2"]).parse())
print(Parser(["1", "+", "2", "+", "x"]).parse())

# 3.11 caret lines for a failing binary operation: ~ under the operands, ^ under the operator.
def total(prices, extra):
    base = sum(prices)
    return base   +   extra * 2 // 1


print(total([1, 2], 3))
print(total([1, 2], "x"))

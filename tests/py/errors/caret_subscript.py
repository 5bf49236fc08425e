# 3.11 caret lines for a failing subscript inside a longer line.
config = {"server": {"host": "localhost"}}


def port_of(cfg):
    value = cfg["server"]["port"]
    return value


print(port_of(config))

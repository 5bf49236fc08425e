# Notes added with add_note() are printed after the message of an uncaught exception.
class ConfigError(Exception):
    pass


def load():
    try:
        raise ConfigError("missing key 'port'")
    except ConfigError as e:
        e.add_note("while loading settings.toml")
        e.add_note("hint: set PORT\nor pass --port")
        raise


load()

__all__ = ["exported", "also_exported"]
exported = "exported value"
also_exported = "also exported"
not_listed = "hidden by __all__"

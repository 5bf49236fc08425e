print("_broken: about to fail during import")
value = 1 / 0

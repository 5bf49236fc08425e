# SystemExit with a string prints it on stderr and exits with status 1.
print("about to fail")
raise SystemExit("fatal: configuration missing")

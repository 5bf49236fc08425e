# Oversized str/bytes results fail with MemoryError/OverflowError/ValueError, as CPython.
def e(f):
    try:
        r = f()
        print("OK", len(r))
    except BaseException as x:
        print(type(x).__name__ + ":", x)
e(lambda: 'x'.ljust(10**15))
e(lambda: 'x'.ljust(2**62))
e(lambda: 'x'.center(2**63-1))
e(lambda: 'x'.zfill(10**15))
e(lambda: '\tx'.expandtabs(10**15))
e(lambda: '\tx'.expandtabs(2**62))
e(lambda: format('a', '1000000000000'))
e(lambda: format('a', '10000000000000000000000'))
e(lambda: '%1000000000000d' % 1)
e(lambda: '%*d' % (10**15, 1))
e(lambda: ('a' * 1000).replace('a', 'x' * 10**9))
e(lambda: b'x'.ljust(10**15))
e(lambda: '{:>1000000000000}'.format('a'))
e(lambda: '%.1000000000000s' % 'a')
e(lambda: '%.1000000000000d' % 1)

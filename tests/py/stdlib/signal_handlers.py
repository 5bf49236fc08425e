import signal, _signal as s
print(s.getsignal(s.SIGINT), s.getsignal(s.SIGTERM), s.getsignal(s.SIGUSR2), s.NSIG, s.SIG_DFL, s.SIG_IGN)
try: s.signal(s.SIGKILL, s.SIG_IGN)
except OSError as e: print(e)
try: s.signal(0, s.SIG_IGN)
except ValueError as e: print(e)
try: s.signal(s.SIGUSR1, 5)
except TypeError as e: print(e)
print(s.strsignal(2), s.strsignal(60), len(s.valid_signals()))
try: s.strsignal(1000)
except ValueError as e: print(e)
try: s.default_int_handler(2, None)
except KeyboardInterrupt as e: print('KI', repr(e))
h = lambda n, f: print('got', n)
print(s.signal(s.SIGUSR1, h)); s.raise_signal(s.SIGUSR1); print('after')
print(s.getsignal(s.SIGUSR1) is h, s.signal(s.SIGUSR1, s.SIG_IGN) is h)
s.raise_signal(s.SIGUSR1); print('ignored')
print(s.ItimerError.__mro__[:2], signal.Signals.SIGINT, signal.Signals(15).name, signal.SIGTERM == 15, signal.Handlers.SIG_DFL)
def boom(n, f): raise ValueError("from handler")
signal.signal(signal.SIGUSR2, boom)
try:
    signal.raise_signal(signal.SIGUSR2)
except ValueError as e: print("handler raised", e)
print(signal.alarm(0), signal.getitimer(signal.ITIMER_REAL))
old = signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1]); print(old, signal.SIGUSR1 in signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1]))
try: signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt: print("KeyboardInterrupt from raise_signal")
n = 0
def tick(sig, f):
    global n
    n += 1
signal.signal(signal.SIGALRM, tick)
signal.setitimer(signal.ITIMER_REAL, 0.01)
import time
while n == 0:
    pass
print("alarm handled", n)

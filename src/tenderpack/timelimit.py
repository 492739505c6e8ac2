"""Stop a block of Python code that runs past its time: one mechanism for every time limit.

Used for a clause's rendering (CLAUSE_RENDER_SECONDS) and for a document rendered in the main
process (DOCUMENT_RENDER_SECONDS). ``within(seconds, Error)`` raises ``Error`` inside the block
once the time is up, at the Python instruction it has reached, so the traceback shows where it
was (a clause's line, say):

- in the main thread, a SIGALRM timer (setitimer); it also interrupts a sleep or a wait on a
  file. An enclosing timer (a limit inside a limit) keeps what was left of its time.
- in any other thread, where no signal handler can run, a watchdog thread raises the error
  in it (CPython's PyThreadState_SetAsyncExc).

Until the block ends the error is raised again at ``again`` seconds, in case code under it
(C code that prints and goes on, a broad ``except``) swallowed the first one. One long call
into C cannot be interrupted: that is why the sandbox also bounds every operation by size.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def within(seconds: float, error: type[BaseException], again: float = 0.5) -> Iterator[None]:
    """Raise ``error`` in this block once ``seconds`` have passed (and every ``again`` after)."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _signal_timer(seconds, error, again):
            yield
    else:
        with _watchdog(seconds, error, again):
            yield


@contextmanager
def _signal_timer(seconds: float, error: type[BaseException], again: float) -> Iterator[None]:
    armed = True

    def ring(signum, frame):
        if armed:
            raise error()

    previous = signal.signal(signal.SIGALRM, ring)
    outer = signal.setitimer(signal.ITIMER_REAL, seconds, again)
    started = time.monotonic()
    try:
        yield
    finally:
        armed = False   # first, and a plain store: a ring from now on does nothing
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        if outer[0]:   # an enclosing timer keeps what was left of its time
            left = max(outer[0] - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, outer[1])


@contextmanager
def _watchdog(seconds: float, error: type[BaseException], again: float) -> Iterator[None]:
    import ctypes

    raise_in = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)
    if raise_in is None:   # not CPython: the size limits still hold, time is not bounded
        yield
        return
    target = ctypes.c_ulong(threading.get_ident())
    wake, lock = threading.Event(), threading.Lock()
    done, rang = [False], []

    def watch() -> None:
        delay = seconds
        while not wake.wait(delay):
            with lock:
                if done[0]:
                    return
                rang.append(True)
                raise_in(target, ctypes.py_object(error))
            delay = again

    watcher = threading.Thread(target=watch, name="tenderpack-time-limit", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done[0] = True   # first, and a plain store: no new error is raised from now on
        with lock:       # a raise under way finishes first
            wake.set()
        watcher.join()
        if rang:
            # Not delivered yet? Withdraw it, so that it cannot surface after this block, and raise it here.
            raise_in(target, None)
            raise error()

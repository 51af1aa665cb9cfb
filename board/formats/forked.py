"""Part of a large backup's reading or writing on a second core.

Reading and writing a backup are pure work on text and records, so a
forked child process can do part of it (the second half of the
interactions, say) while this process does the rest, and hand its part back
as bytes through a pipe.

Only where that is safe and can help: a system with ``fork``, more than one
core to run on, and a process with no other thread (a fork copies only the
calling thread; a lock another thread held would stay held in the child).
So the command line forks; the app, whose workers run in threads, does not.
Wherever there is no child, or the child fails in any way, the caller does
that part itself: the result is always the same, only the time differs.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
from collections.abc import Callable, Iterator

#: Work smaller than this (items of a list) is not worth a process.
MIN_ITEMS = 20_000


def can_fork() -> bool:
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return (len(cores) if cores is not None else os.cpu_count() or 1) > 1


@contextlib.contextmanager
def forked(work: Callable[[], bytes]) -> Iterator[Callable[[], bytes | None]]:
    """Start ``work`` in a child process; yield a function that waits for
    the bytes it returns (None if there is no child, or it failed: then do
    the work here).  Leaving the block ends a child still running."""
    if not can_fork():
        yield lambda: None
        return
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        yield lambda: None
        return
    if pid == 0:  # the child: do the work, hand it over, and go (never return)
        status = 1
        try:
            gc.disable()  # (it would touch, and so copy, every page of the parent's heap)
            os.close(read_end)
            data = work()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    waited = False

    def result() -> bytes | None:
        nonlocal waited
        with os.fdopen(read_end, "rb", closefd=False) as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        waited = True
        return data if os.waitstatus_to_exitcode(status) == 0 else None

    try:
        yield result
    finally:
        os.close(read_end)
        if not waited:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)

"""The extraction worker processes of a bulk ingest, which never outlive it.

Workers wait on a pipe their siblings also hold open, so when the ingest is killed (SIGKILL,
the OOM killer) they never see it close and would idle on forever with their models loaded,
about 200 MB each. On Linux the kernel signals them when the parent dies (PR_SET_PDEATHSIG);
everywhere a watcher thread also notices the parent is gone within a second.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_INTERVAL = 1.0


def extraction_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers load the models first and exit when this process dies."""
    return ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(os.getpid(),))


def _init_worker(parent: int) -> None:
    exit_with_parent(parent)
    from bot.nlp import natasha  # the models, once per worker, before the first article

    natasha()


def exit_with_parent(parent: int) -> None:
    """End this process when `parent` dies, even if it dies before this call."""
    if sys.platform.startswith("linux"):
        # Without prctl (an odd libc) the watcher below still does it.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it died already, before the signal could be asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    os._exit(1)

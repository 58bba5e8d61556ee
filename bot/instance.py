"""One bot process per database: a second one refuses to start instead of sending digests twice.

Two processes on one file would both poll Telegram (which hands each update to one of them) and
both run the digest schedule. The lock is an advisory lock on `<database>.lock`, held for the
life of the process; the kernel releases it when the process dies in any way, SIGKILL included,
so a crashed bot never blocks its own restart.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # not on this platform: the delivery log's leases still prevent doubles
    fcntl = None  # type: ignore[assignment]


class AlreadyRunning(RuntimeError):
    """Another live process holds the database; the message says which and what to do."""


class InstanceLock:
    def __init__(self, database: str | Path) -> None:
        self.database = Path(database)
        self.path = Path(f"{database}.lock")
        self._file: IO[str] | None = None

    def acquire(self) -> InstanceLock:
        if fcntl is None or str(self.database) == ":memory:":
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise AlreadyRunning(
                f"Another bot process ({holder}) is already running on {self.database}. "
                "Stop it first, or give this one its own DATABASE_PATH."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
        handle.flush()
        self._file = handle
        return self

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the descriptor releases the lock
            self._file = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()

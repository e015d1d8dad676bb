"""Run python-calamine in a reused child process with an address-space limit and a timeout.

python-calamine is fast but native: on hostile input it can abort the whole process (an
allocation of 512 GiB for one cell at XFD1048576) or spin for minutes. The guard in
`guard.py` refuses the known shapes of that before we get here; this module makes sure that
whatever it misses (.xls BIFF files, inventive XML) kills at most a worker, never the caller.

The worker is started once (forkserver, or spawn where forkserver is missing) and reused, so
the per-file cost is one pipe round-trip; it is restarted after a crash or a timeout.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.connection import Connection
from typing import Any

from . import _calamine_read

DEFAULT_TIMEOUT = 30.0
DEFAULT_MEMORY_LIMIT = 2 * 1024 * 1024 * 1024


class ReaderFailed(Exception):
    """The reader crashed, ran out of memory or time (`reason` says which)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _serve(conn: Connection, memory_limit: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    except (ImportError, ValueError, OSError):  # pragma: no cover - non-POSIX
        pass
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: Any = ("ok", _calamine_read.read_sheets(*request))
        except MemoryError:
            result = ("error", "MemoryError", "")
        except Exception as exc:  # reported to the parent as data, never re-raised here
            result = ("error", type(exc).__name__, str(exc)[:500])
        conn.send(result)


class _Worker:
    def __init__(self, memory_limit: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, memory_limit), daemon=True, name="cmrt-reader")
        self.proc.start()
        child.close()

    def call(self, request: tuple[Any, ...], timeout: float) -> Any:
        try:
            self.conn.send(request)
            if not self.conn.poll(timeout):
                self.kill()
                raise ReaderFailed("timeout")
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self.kill()
            raise ReaderFailed("crash") from exc

    def alive(self) -> bool:
        return self.proc.is_alive()

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)
        self.conn.close()


_lock = threading.Lock()
_worker: _Worker | None = None
_worker_pid: int | None = None


def read_sheets_isolated(
    source: str | bytes,
    sheets: dict[str, int],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
) -> Any:
    """Read `sheets` (name -> last column) in the worker; raise ReaderFailed if it dies or stalls."""
    global _worker, _worker_pid
    with _lock:
        if _worker is None or not _worker.alive() or _worker_pid != os.getpid():
            _worker = _Worker(memory_limit)
            _worker_pid = os.getpid()
        worker = _worker
        try:
            status, *payload = worker.call((source, sheets), timeout)
        except ReaderFailed:
            _worker = None
            raise
    if status == "ok":
        return payload[0]
    name, message = payload
    if name == "MemoryError":
        raise ReaderFailed("memory")
    raise _calamine_read.ReaderError(name, message)


def shutdown() -> None:
    """Stop the worker (tests and long-lived processes that want their memory back)."""
    global _worker
    with _lock:
        if _worker is not None:
            _worker.kill()
            _worker = None

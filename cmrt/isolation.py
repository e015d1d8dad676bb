"""Run python-calamine in a reused child process with an address-space limit and a timeout.

python-calamine is fast but native: on hostile input it can abort the whole process (an
allocation of 512 GiB for one cell at XFD1048576) or spin for minutes. The guard in
`guard.py` refuses the known shapes of that before we get here; this module makes sure that
whatever it misses (.xls BIFF files, inventive XML) kills at most a worker, never the caller.

The worker is a plain `python -c` subprocess (not multiprocessing: that would re-import the
caller's __main__, Django settings and all, in the child) speaking length-prefixed pickles
over its stdin/stdout. It is started once and reused, so the per-file cost is one pipe
round-trip (~2 ms for a 1.6 MB CMRT); it is restarted after a crash or a timeout.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from ._calamine_read import ReaderError, read_sheets

DEFAULT_TIMEOUT = 30.0
DEFAULT_MEMORY_LIMIT = 2 * 1024 * 1024 * 1024
_HEADER = struct.Struct("!Q")
# The directory that holds this package, and this module's own dotted name: the child imports the
# library from wherever it is installed, not from a path written here.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[len(__name__.split(".")) - 1])


class ReaderFailed(Exception):
    """The reader crashed, ran out of memory or time (`reason` says which)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def write_message(stream: IO[bytes], obj: Any) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def _read_exact(stream: IO[bytes], n: int) -> bytes:
    chunks = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


class _CellUnpickler(pickle.Unpickler):
    """Unpickles plain data only. The child parses hostile files, so even its answers are treated as
    untrusted: besides built-in containers and scalars, only the date and time types calamine returns
    may be rebuilt (https://docs.python.org/3/library/pickle.html#restricting-globals)."""

    ALLOWED = frozenset({("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"),
                         ("datetime", "timedelta")})  # fmt: skip

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a reader message")


def read_message(stream: IO[bytes]) -> Any:
    (size,) = _HEADER.unpack(_read_exact(stream, _HEADER.size))
    return _CellUnpickler(io.BytesIO(_read_exact(stream, size))).load()


def serve(memory_limit: int) -> None:
    """Child main loop: one request (source, sheets) in, one ("ok", data)|("error", kind, msg) out."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    except (ImportError, ValueError, OSError):  # pragma: no cover - non-POSIX
        pass
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but our frames may reach the parent's pipe
    while True:
        try:
            source, sheets = read_message(stdin)
        except EOFError:
            return
        try:
            result: Any = ("ok", read_sheets(source, sheets))
        except MemoryError:
            result = ("error", "MemoryError", "")
        except ReaderError as exc:  # reported to the parent as data
            result = ("error", exc.kind, exc.message)
        write_message(stdout, result)


class _Worker:
    def __init__(self, memory_limit: int) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = _PACKAGE_ROOT + os.pathsep + env.get("PYTHONPATH", "")
        code = f"from {__name__} import serve; serve({int(memory_limit)})"
        self.proc = subprocess.Popen(
            [sys.executable, "-s", "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=_PACKAGE_ROOT,
        )

    def call(self, request: tuple[Any, ...], timeout: float, meanwhile: Callable[[], None] | None = None) -> Any:
        """Send `request`, run `meanwhile` here while the child reads, then wait for the answer.

        If `meanwhile` raises (the guard refused the file), the child is killed unheard: it may be
        chewing on a decompression bomb, and its answer must not be used anyway.
        """
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            write_message(self.proc.stdin, request)
        except (OSError, BrokenPipeError) as exc:
            self.kill()
            raise ReaderFailed("crash") from exc
        deadline = time.monotonic() + timeout
        if meanwhile is not None:
            try:
                meanwhile()
            except BaseException:
                self.kill()
                raise
        try:
            ready, _, _ = select.select([self.proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                self.kill()
                raise ReaderFailed("timeout")
            return read_message(self.proc.stdout)
        except (EOFError, OSError, pickle.UnpicklingError, struct.error) as exc:
            self.kill()
            raise ReaderFailed("crash") from exc

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


_lock = threading.Lock()
_worker: _Worker | None = None
_worker_pid: int | None = None


def read_sheets_isolated(
    source: str | bytes,
    sheets: dict[str, int],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
    meanwhile: Callable[[], None] | None = None,
) -> Any:
    """Read `sheets` (name -> last column) in the worker; raise ReaderFailed if it dies or stalls.

    `meanwhile` runs in this process while the worker reads (used for the guard, so the two
    overlap on a multi-core machine); whatever it raises is re-raised and the read discarded.
    """
    global _worker, _worker_pid
    with _lock:
        if _worker is None or not _worker.alive() or _worker_pid != os.getpid():
            _worker = _Worker(memory_limit)
            _worker_pid = os.getpid()
        worker = _worker
        try:
            status, *payload = worker.call((source, sheets), timeout, meanwhile)
        finally:
            if not worker.alive():
                _worker = None
    if status == "ok":
        return payload[0]
    kind, message = payload
    if kind == "MemoryError":
        raise ReaderFailed("memory")
    raise ReaderError(kind, message)


def warm_up(memory_limit: int = DEFAULT_MEMORY_LIMIT) -> None:
    """Start the worker now (e.g. from an AppConfig.ready or a Celery worker_process_init) so the
    first upload does not pay its 0.2-0.6 s start-up."""
    global _worker, _worker_pid
    with _lock:
        if _worker is None or not _worker.alive() or _worker_pid != os.getpid():
            _worker = _Worker(memory_limit)
            _worker_pid = os.getpid()


def shutdown() -> None:
    """Stop the worker (tests, and long-lived processes that want the memory back)."""
    global _worker
    with _lock:
        if _worker is not None:
            _worker.kill()
            _worker = None

"""Test-only hook, imported by the workers that tests start (`celery worker --include tests.worker_hooks`).

The portal never imports this module. It lets a test kill the very pool process that is checking a
file: each check writes `checking-<pid>` into CMRT_TEST_HOOK_DIR once it has counted its attempt and
is about to read the workbook, and waits there for as long as a file named `hold` exists.
"""

import os
import time
from pathlib import Path
from typing import Any

import cmrt

HOOK_DIR = Path(os.environ["CMRT_TEST_HOOK_DIR"])
_read = cmrt.inspect_workbook


def _inspect_when_released(*args: Any, **kwargs: Any) -> Any:
    (HOOK_DIR / f"checking-{os.getpid()}").touch()
    deadline = time.monotonic() + 120  # never hang a forgotten worker for good
    while (HOOK_DIR / "hold").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return _read(*args, **kwargs)


cmrt.inspect_workbook = _inspect_when_released

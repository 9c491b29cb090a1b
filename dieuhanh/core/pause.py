"""Test-only pause points, to kill a process at a chosen moment and check what it leaves.

`pause_point("report_submit")` does nothing unless the environment names that point in
DIEUHANH_TEST_PAUSE; then it writes `<name>.paused` (holding the process id) into
DIEUHANH_TEST_PAUSE_DIR and sleeps, so a test can `kill -9` the process mid-transaction."""

from __future__ import annotations

import os
import time
from pathlib import Path


def pause_point(name: str) -> None:
    wanted = os.environ.get("DIEUHANH_TEST_PAUSE")
    if not wanted or name not in wanted.split(","):
        return
    folder = Path(os.environ.get("DIEUHANH_TEST_PAUSE_DIR") or ".")
    (folder / f"{name}.paused").write_text(str(os.getpid()))
    time.sleep(float(os.environ.get("DIEUHANH_TEST_PAUSE_SECONDS", "600")))

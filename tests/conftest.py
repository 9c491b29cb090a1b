"""Cross-app tests: the access matrix reports what it covered at the end of the run."""

from __future__ import annotations

from tests import access_table


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    covered = config.stash.get(access_table.COVERED, None)
    if covered:
        requests = config.stash.get(access_table.REQUESTS, [0])[0]
        urls = len({url for url, _ in covered})
        terminalreporter.write_line(
            f"access matrix: {len(covered)} (URL, role) pairs, {urls} URLs, {requests} requests"
        )

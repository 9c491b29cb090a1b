"""schemathesis against the API, signed in as the administrator and as a unit's reporter: every
response matches the declared schema, invalid requests are refused (422), valid ones accepted,
every status declared.

It runs the schemathesis command line (coverage, fuzzing and stateful phases, every check) against
a live server on the test database, with the repository's schemathesis.toml, as an operator would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


@pytest.fixture
def indicator_with_values(world):  # type: ignore[no-untyped-def]
    """The demo's indicator code (schemathesis.toml names it), with two years at the province."""
    from dieuhanh.indicators.aggregation import registry_forget, rollup_nodes_forget
    from dieuhanh.indicators.hierarchy import hierarchy_forget
    from dieuhanh.indicators.tests.factories import indicator, put

    for forget in (hierarchy_forget, registry_forget, rollup_nodes_forget):
        forget()
    ind = indicator("XH_UDKHCN", name="Xếp hạng ứng dụng KHCN", unit_of_measure="hạng")
    put(ind, world.units["hp"], "2024", 12)
    put(ind, world.units["hp"], "2025", 9)
    return ind


@pytest.fixture
def draft(world, reporting):  # type: ignore[no-untyped-def]
    """The Board's June draft: the stateful phase follows the list's links to it, so the report
    operations are tried on a report that exists, and its writes by its own reporter."""
    from dieuhanh.reporting.services import report_open

    return report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])


# The administrator reads everything and may write no report; the Board's reporter writes its
# draft, so the writes are tried past their role check (If-Match, the body, the rules).
@pytest.mark.parametrize("who", ["admin", "bql"])
@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure_in_the_api(world, indicator_with_values, draft, live_server, who):
    client = Client()
    client.force_login(world.users[who])
    client.get("/")  # a page with a form sets the CSRF cookie; its secret is not kept server-side
    env = {
        **os.environ,
        "DIEUHANH_API_SESSION": client.cookies["sessionid"].value,
        "DIEUHANH_API_CSRF": client.cookies["csrftoken"].value,
        "NO_COLOR": "1",
    }
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(ROOT / "schemathesis.toml"),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            os.environ.get("DIEUHANH_SCHEMATHESIS_EXAMPLES", "25"),
            "--workers",
            "1",
            "--no-color",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary = result.stdout[result.stdout.find("SUMMARY") - 40 :] if "SUMMARY" in result.stdout else ""
    print(result.stdout[-6000:] if result.returncode or "No issues" not in result.stdout else summary)
    print(result.stderr[-2000:])
    # Exit code 0: no failure and no error. Warnings (e.g. an operation with no test data yet)
    # are printed above but do not fail the suite.
    assert result.returncode == 0, result.stdout[-6000:]
    last = result.stdout.strip().splitlines()[-1]
    assert "failure" not in last and "error" not in last, last

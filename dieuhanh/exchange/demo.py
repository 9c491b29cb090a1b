"""Demo of the exchange: the DHIS2 mapping of the shared samples' ids, loaded from the same
kind of file an administrator would import (data/demo_mapping.json)."""

from __future__ import annotations

import json
from pathlib import Path

from dieuhanh.exchange.services import dhis2_mapping_import

DEMO_MAPPING = Path(__file__).parent / "data" / "demo_mapping.json"


def exchange_load_demo() -> dict[str, int]:
    report = dhis2_mapping_import(payload=json.loads(DEMO_MAPPING.read_text(encoding="utf-8")))
    assert report.ok, report.errors
    return {"Ánh xạ mã DHIS2": report.data_elements + report.org_units + report.combos}

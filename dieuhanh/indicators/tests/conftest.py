"""Indicator tests start from a clean slate of process caches (a rollback removes derived
rows the caches would otherwise still believe in)."""

from __future__ import annotations

import pytest

from dieuhanh.indicators.aggregation import registry_forget, rollup_nodes_forget
from dieuhanh.indicators.hierarchy import hierarchy_forget


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    hierarchy_forget()
    registry_forget()
    rollup_nodes_forget()

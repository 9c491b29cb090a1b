"""The Hải Dương programme (Resolution 57-NQ/TW → … → the Industrial Zones Board's plan) as demo
data: `programme_load_demo()` loads it; the data lives in `documents` and `tasks`."""

from __future__ import annotations

from dieuhanh.plans.demo.loader import MissingUnitsError, programme_load_demo

__all__ = ["MissingUnitsError", "programme_load_demo"]

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class UnitRef(Schema):
    id: int
    code: str
    name: str


class TaskOut(Schema):
    id: int
    code: str
    section: str
    group: str
    text: str
    issuer_role: str
    lead_unit: UnitRef | None
    lead_text: str
    partner_units: list[UnitRef]
    deliverable: str
    deadline_text: str
    due: dt.date | None
    recurrence: str
    condition: str
    completed_on: dt.date | None
    status: str
    status_label: str


Verdict = Literal["achieved", "on_track", "at_risk", "off_track", "insufficient_data"]


class VerdictFields(Schema):
    """The one verdict on a target (steering.verdicts), the same on every page and endpoint."""

    verdict: Verdict
    verdict_label: str
    reasons: list[str]
    probability: float | None


class TargetOut(VerdictFields):
    id: int
    code: str
    name: str
    text: str
    comparator: str
    value: float | None
    unit_of_measure: str
    horizon_year: int
    baseline_value: float | None
    baseline_year: int | None
    document: str

"""What a report carries, as plug-ins of the one report engine.

The engine (`reporting.services`) owns the workflow — open, save under a row lock with a
version check, submit (one frozen version per submission), return with a comment, accept —
and the texts every report has (highlights, difficulties, proposals). Everything else a
report carries is a *section*: the task updates and indicator values of the programme's
reports (`reporting.content`), the enterprise's figures (`zones.report_figures`). A section
says when it applies, creates its rows, validates and writes its input, says what still
blocks submission, freezes itself into the version, compares two versions, and does its
part when the report is accepted. Sections register once, from their app's `ready()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError

from dieuhanh.reporting.models import Report, ReportRegime, TaskProgress
from dieuhanh.units.models import Unit

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from dieuhanh.accounts.models import User


@dataclass(frozen=True)
class TaskUpdateInput:
    task_id: int
    progress: str = TaskProgress.NOT_STARTED
    percent: int = 0
    result: str = ""
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class IndicatorValueInput:
    indicator_id: int
    value: float | None = None
    comment: str = ""


@dataclass(frozen=True)
class ReportInput:
    """One save of a report: the common texts and the programme's two sections. Plug-in
    sections' inputs travel beside it (`report_save(sections={key: input})`)."""

    highlights: str = ""
    difficulties: str = ""
    proposals: str = ""
    updates: list[TaskUpdateInput] = field(default_factory=list)
    indicator_values: list[IndicatorValueInput] = field(default_factory=list)


class FieldErrors(ValidationError):
    """Problems of a save or a submission, each also under the form field it belongs to
    ("u-12-percent", "iv-3-value"), so the page marks every one in place at once."""

    def __init__(self, messages: list[str], fields: Mapping[str, str]):
        super().__init__(messages)
        self.fields = dict(fields)


def form_field(kind: str, row_id: int, name: str) -> str:
    """The report page's name of a row's field: ("u", 12, "percent") → "u-12-percent"."""
    return f"{kind}-{row_id}-{name}"


@dataclass(frozen=True)
class Change:
    """One difference between two submitted versions."""

    where: str
    field: str
    before: str
    after: str


def change_text(value: Any) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def rows_diff(
    before: dict[str, Any], after: dict[str, Any], key: str, where: str, labels: dict[str, str]
) -> list[Change]:
    """Changes of a snapshot's list of rows (each with a "code"), row by row and field by field."""
    old_rows = {r["code"]: r for r in before.get(key, [])}
    changes: list[Change] = []
    for row in after.get(key, []):
        old = old_rows.get(row["code"], {})
        changes += [
            Change(f"{where} {row['code']}", label, change_text(old.get(k, "")), change_text(row.get(k, "")))
            for k, label in labels.items()
            if old.get(k, "") != row.get(k, "")
        ]
    return changes


class ReportSection[InputT]:
    """A part of a report's content. Subclasses override what they need; the defaults do nothing."""

    key: ClassVar[str]
    order: ClassVar[int] = 100
    input_type: ClassVar[type | None] = None

    def applies(self, *, regime: ReportRegime, unit: Unit) -> bool:
        return True

    def open(self, *, report: Report) -> None:
        """Create the section's rows for a new (or reopened) draft; must be idempotent."""

    def input_of(self, data: ReportInput, extra: Mapping[str, object]) -> InputT | None:
        """The section's part of a save (from `extra`, under its key); None when untouched."""
        value = extra.get(self.key)
        if value is not None and self.input_type is not None and not isinstance(value, self.input_type):
            raise TypeError(f"section {self.key!r} expects {self.input_type.__name__}")
        return value  # type: ignore[return-value]

    def save(self, *, report: Report, value: InputT, today: dt.date) -> None:
        """Validate `value` whole (raise ValidationError listing every problem), then write."""

    def missing(self, *, report: Report) -> list[str]:
        """What still blocks submission, in Vietnamese."""
        return list(self.missing_fields(report=report).values())

    def missing_fields(self, *, report: Report) -> dict[str, str]:
        """The same, each under its form field (`form_field`); a section whose problems have
        no field overrides `missing` instead."""
        return {}

    def snapshot(self, *, report: Report) -> dict[str, object]:
        """The section's part of a submitted version, as plain JSON data."""
        return {}

    def diff(self, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
        """What changed between two versions' snapshots (either may predate the section)."""
        return []

    def accept(self, *, report: Report, user: User, today: dt.date) -> None:
        """The section's effect once the report is accepted (registry figures, data values…)."""

    def history(self, *, report: Report) -> list[tuple[QuerySet[Any], str]]:
        """Audit history querysets of the section's rows, each with its label."""
        return []


_SECTIONS: dict[str, ReportSection[Any]] = {}


def section_register(section: ReportSection[Any]) -> ReportSection[Any]:
    """Register a section once (a second registration under the same key replaces it, so
    reloading an app in tests does not double it)."""
    _SECTIONS[section.key] = section
    return section


def all_sections() -> list[ReportSection[Any]]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def sections_for(*, regime: ReportRegime, unit: Unit) -> list[ReportSection[Any]]:
    return [s for s in all_sections() if s.applies(regime=regime, unit=unit)]

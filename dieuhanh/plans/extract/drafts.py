"""What the extractor reads out of a plan: drafts of the document, groups, tasks and targets.

Plain dataclasses, so the reader runs without Django; `to_contract()` gives the JSON of
contracts/plan-extract.schema.json exactly (key names, nulls, ISO dates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dieuhanh.plans.deadlines import Deadline

LEAD = "lead"
COORDINATE = "coordinate"


@dataclass
class DocumentDraft:
    title: str | None = None
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    # What the plan calls its issuer later on ("Ban Quản lý"), read from "… (Ban Quản lý) ban hành".
    issuer_alias: str | None = None
    kind: str | None = None  # "plan", "programme"… (plans.models.Document.Kind)

    def to_contract(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
        }


@dataclass
class ReportingRule:
    frequency: str  # monthly, quarterly, half-yearly, yearly
    day: int | None = None
    to: str | None = None

    def to_contract(self) -> dict[str, Any]:
        return {"frequency": self.frequency, "day": self.day, "to": self.to}


@dataclass
class GroupDraft:
    number: str
    title: str

    def to_contract(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title}


@dataclass
class TaskDraft:
    text: str
    deadline: Deadline
    section: str | None = None
    group: str | None = None
    number: str | None = None
    role: str | None = None
    lead: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    deliverable: str | None = None
    # Where it was read, for the reviewer: "đoạn 57" or "bảng 1, dòng 4".
    source: str = ""

    def to_contract(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "section": self.section,
            "group": self.group,
            "text": self.text,
            "role": self.role,
            "lead": list(self.lead),
            "partners": list(self.partners),
            "deliverable": self.deliverable,
            "deadline": self.deadline.to_contract(),
        }


@dataclass
class TargetDraft:
    text: str
    comparator: str
    value: float | None
    unit: str | None
    horizon: int | None
    source: str = ""
    # The body that monitors it ("Cơ quan chủ trì theo dõi, đánh giá"); kept for the review,
    # not part of the extraction contract.
    monitor: str | None = None

    def to_contract(self) -> dict[str, Any]:
        return {
            "horizon": self.horizon,
            "text": self.text,
            "comparator": self.comparator,
            "value": self.value,
            "unit": self.unit,
        }


@dataclass
class PlanDraft:
    document: DocumentDraft
    reporting_rule: ReportingRule | None = None
    groups: list[GroupDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    targets: list[TargetDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The text as read (one paragraph or table row a line), shown beside the drafts.
    source_lines: list[str] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        return {
            "document": self.document.to_contract(),
            "reporting_rule": self.reporting_rule.to_contract() if self.reporting_rule else None,
            "groups": [g.to_contract() for g in self.groups],
            "tasks": [t.to_contract() for t in self.tasks],
            "targets": [t.to_contract() for t in self.targets],
            "warnings": list(self.warnings),
        }

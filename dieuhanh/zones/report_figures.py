"""The enterprise's figures in its quarterly report (projects and labour): a section of the
reporting engine's reports under an enterprise regime. The workflow — open, save, submit,
return, accept, versions, chasing, reminders — is the engine's; this is only the content."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from dieuhanh.accounts.models import User
from dieuhanh.core.text import format_number
from dieuhanh.reporting.models import Audience, Report, ReportRegime
from dieuhanh.reporting.sections import Change, ReportSection, section_register
from dieuhanh.units.models import Unit
from dieuhanh.zones.models import Enterprise, QuarterlyFigures

KEY = "figures"
COUNTS = (
    ("workers", "Tổng số lao động"),
    ("foreign_workers", "Lao động nước ngoài"),
    ("new_hires", "Lao động tuyển mới"),
)
AMOUNTS = (
    ("disbursed_vnd", "Vốn giải ngân trong kỳ (đồng)"),
    ("disbursed_usd", "Vốn giải ngân trong kỳ (USD)"),
    ("revenue_vnd", "Doanh thu trong kỳ (đồng)"),
    ("export_usd", "Kim ngạch xuất khẩu (USD)"),
)


@dataclass(frozen=True)
class FiguresInput:
    workers: int = 0
    foreign_workers: int = 0
    new_hires: int = 0
    disbursed_vnd: Decimal = Decimal(0)
    disbursed_usd: Decimal = Decimal(0)
    revenue_vnd: Decimal = Decimal(0)
    export_usd: Decimal = Decimal(0)


def figures_errors(data: FiguresInput) -> list[str]:
    errors = [f"{label} không được âm." for name, label in COUNTS if getattr(data, name) < 0]
    if data.foreign_workers > data.workers:
        errors.append(
            f"Lao động nước ngoài ({format_number(data.foreign_workers)}) không được nhiều hơn tổng số "
            f"lao động ({format_number(data.workers)})."
        )
    return errors + [f"{label} không được âm." for name, label in AMOUNTS if getattr(data, name) < 0]


def _shown(value: str | None) -> str:
    """A frozen figure ("250000.50") as people read it ("250.000,5"); missing: empty."""
    return "" if value is None else format_number(Decimal(value))


def figures_of(report: Report) -> QuarterlyFigures:
    figures, _ = QuarterlyFigures.objects.get_or_create(report=report)
    return figures


class EnterpriseFigures(ReportSection[FiguresInput]):
    key = KEY
    order = 30
    input_type = FiguresInput

    def applies(self, *, regime: ReportRegime, unit: Unit) -> bool:
        return regime.audience == Audience.ENTERPRISES

    def open(self, *, report: Report) -> None:
        figures_of(report)

    def save(self, *, report: Report, value: FiguresInput, today: dt.date) -> None:
        errors = figures_errors(value)
        if errors:
            raise ValidationError(errors)
        figures = figures_of(report)
        for name, amount in asdict(value).items():
            setattr(figures, name, amount)
        figures.save()

    def missing(self, *, report: Report) -> list[str]:
        if figures_of(report).workers == 0 and not report.highlights:
            return ["Báo cáo chưa có số liệu: hãy nhập số lao động và tình hình thực hiện dự án."]
        return []

    def snapshot(self, *, report: Report) -> dict[str, object]:
        figures = figures_of(report)
        return {KEY: {name: str(getattr(figures, name)) for name, _ in COUNTS + AMOUNTS}}

    def diff(self, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
        old, new = before.get(KEY, {}), after.get(KEY, {})
        return [
            Change("Số liệu", label, _shown(old.get(name)), _shown(new.get(name)))
            for name, label in COUNTS + AMOUNTS
            if new and old.get(name) != new.get(name)
        ]

    def accept(self, *, report: Report, user: User, today: dt.date) -> None:
        """The accepted labour figures become the registry's (kept in its history)."""
        figures = figures_of(report)
        enterprise = Enterprise.objects.get(unit_id=report.unit_id)
        enterprise.workers, enterprise.foreign_workers = figures.workers, figures.foreign_workers
        enterprise.save(update_fields=["workers", "foreign_workers", "updated_at"])

    def history(self, *, report: Report) -> list[tuple[QuerySet[Any], str]]:
        figures = QuarterlyFigures.objects.filter(report=report).first()  # reading writes nothing
        return [(figures.history.select_related("history_user"), "Số liệu")] if figures else []


def register() -> None:
    section_register(EnterpriseFigures())

"""The steering loop as a section of the one report engine: when a report is accepted, each
of its proposals becomes an item someone must answer."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from dieuhanh.reporting.models import Report, ReportRegime
from dieuhanh.reporting.sections import ReportSection
from dieuhanh.steering.models import Proposal
from dieuhanh.units.models import Unit

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from dieuhanh.accounts.models import User


class ProposalsSection(ReportSection[None]):
    key = "steering_proposals"
    order = 900

    def applies(self, *, regime: ReportRegime, unit: Unit) -> bool:
        return unit.kind != Unit.Kind.ENTERPRISE  # enterprises' requests go to the Board (zones)

    def accept(self, *, report: Report, user: User, today: dt.date) -> None:
        from dieuhanh.steering.services import proposals_from_report

        proposals_from_report(report=report, today=today)

    def history(self, *, report: Report) -> list[tuple[QuerySet[Any], str]]:
        return [(Proposal.history.filter(report_id=report.pk), "Kiến nghị")]  # type: ignore[attr-defined]

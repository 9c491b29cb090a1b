"""Platform measures read the unit's own records and its predecessors' (lineage)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from dieuhanh.evaluation.measures import Scope, days_late, measure
from dieuhanh.evaluation.rubric import CriterionSpec, Params
from dieuhanh.reporting.models import Report, ReportStatus
from dieuhanh.units.structure import unit_lineage_ids

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def reports_criterion(source: str) -> CriterionSpec:
    return CriterionSpec(
        code="I.3",
        name="Báo cáo",
        max=Decimal(3),
        rule={
            "kind": "yes_no",
            "all_of_vi": ["đủ số lượng", "đủ nội dung", "đúng hạn"],
            "yes_points": 3,
            "no_points": 0,
        },
        measure={"source": source, "frequencies": ["monthly"]},
    )


def test_reports_are_counted_across_the_merger_sent_accepted_and_on_time(world, reporting) -> None:  # type: ignore[no-untyped-def]
    u = world.units
    # June 2025 filed by the Hải Dương board, on time and accepted;
    # July by its successor, late and not yet accepted.
    Report.objects.create(
        period=reporting.june,
        unit=u["hd_bql"],
        status=ReportStatus.ACCEPTED,
        first_submitted_at=dt.datetime(2025, 6, 14, 9, tzinfo=VN),
    )
    Report.objects.create(
        period=reporting.july,
        unit=u["hp_bql"],
        status=ReportStatus.SUBMITTED,
        first_submitted_at=dt.datetime(2025, 7, 18, 9, tzinfo=VN),
    )
    scope = Scope(
        unit=u["hp_bql"],
        lineage=unit_lineage_ids(unit=u["hp_bql"]),
        year=2025,
        on=dt.date(2025, 12, 15),
        params=Params(),
    )
    got = measure(reports_criterion("reporting.periodic_reports"), scope)
    assert got is not None
    assert got.inputs == {
        "conditions": [True, False, False],
        "expected": 2,
        "sent": 2,
        "accepted": 1,
        "on_time": 1,
    }
    share = measure(reports_criterion("reporting.on_time_share"), scope)
    assert share is not None and share.inputs["value"] == 50.0


def test_a_unit_with_nothing_on_the_platform_enters_the_figure_itself(world, reporting) -> None:  # type: ignore[no-untyped-def]
    u = world.units
    scope = Scope(
        unit=u["hp_ubnd"], lineage={u["hp_ubnd"].pk}, year=2025, on=dt.date(2025, 12, 15), params=Params()
    )
    assert measure(reports_criterion("reporting.periodic_reports"), scope) is None


def test_days_late_are_whole_days_in_vietnam() -> None:
    due = dt.date(2025, 12, 10)
    # 23:30 UTC on the 11th is already the 12th in Hà Nội: two days late.
    assert days_late(dt.datetime(2025, 12, 11, 23, 30, tzinfo=dt.UTC), due) == 2
    assert days_late(dt.datetime(2025, 12, 10, 16, 0, tzinfo=VN), due) == 0
    assert days_late(None, due) == 0

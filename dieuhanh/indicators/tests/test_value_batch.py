"""A batch of values recorded set-based (batch.py): the rows it leaves, worked out by hand, on
SQLite and on PostgreSQL alike, and nothing at all when one row of the file is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dieuhanh.core.periods import Period
from dieuhanh.indicators.importers import RawRow, data_values_import
from dieuhanh.indicators.models import DataValue
from dieuhanh.indicators.services import ValueInput, data_value_record, data_values_apply
from dieuhanh.indicators.tests.factories import indicator

pytestmark = pytest.mark.django_db
MAY, JUNE = Period.parse("202505"), Period.parse("202506")


def rows() -> set[tuple[str, str, str, float, str, bool, float | None]]:
    """Every stored value: (unit code, period, source, value, comment, current, value it corrects)."""
    return {
        (
            v.unit.code,
            v.period,
            v.source,
            v.value,
            v.comment,
            v.is_current,
            v.corrects.value if v.corrects else None,
        )
        for v in DataValue.objects.select_related("unit", "corrects")
    }


def history(after: int = 0) -> list[tuple[str, str, str, float, bool]]:
    """History rows written after row `after`: (type, unit code, source, value, current as written)."""
    return sorted(
        (h.history_type, h.unit.code, h.source, h.value, h.is_current)
        for h in DataValue.history.filter(history_id__gt=after).select_related("unit")
    )


def test_a_batch_leaves_exactly_the_rows_worked_out_by_hand(world) -> None:  # type: ignore[no-untyped-def]
    u, admin = world.units, world.users["admin"]
    hs = indicator("HS")
    start = timezone.now() - dt.timedelta(hours=1)

    def record(unit: str, value: float, source: str, minutes: int) -> None:
        data_value_record(
            indicator=hs,
            unit=u[unit],
            period=MAY,
            value=value,
            source=source,
            user=admin,
            recorded_at=start + dt.timedelta(minutes=minutes),
        )

    record("hd_khcn", 10, "import", 1)  # to be corrected by the batch
    record("hd_bql", 7, "report", 2)  # another source: the batch's first value of the cell
    record("hd_tc", 5, "import", 3)  # displaced by the report below, then repeated by the batch
    record("hd_tc", 6, "report", 4)
    mark = DataValue.history.order_by("-history_id").values_list("history_id", flat=True)[0]

    result = data_values_apply(
        items=[
            ValueInput(hs, u["hd_khcn"], MAY, 12, comment="đính chính"),
            ValueInput(hs, u["hd_bql"], MAY, 7),
            ValueInput(hs, u["hd_tc"], MAY, 5),
            ValueInput(hs, u["hd_khcn"], JUNE, 3),
        ],
        source="import",
        user=admin,
        source_ref="thang-5.csv",
    )

    assert (result.created, result.updated) == (2, 2)  # hd_bql May, hd_khcn June; hd_khcn and hd_tc May
    assert rows() == {
        ("hd:so-khcn", "202505", "import", 10.0, "", False, None),
        ("hd:so-khcn", "202505", "import", 12.0, "đính chính", True, 10.0),
        ("hd:bql-kcn", "202505", "report", 7.0, "", False, None),
        ("hd:bql-kcn", "202505", "import", 7.0, "", True, None),
        ("hd:so-tc", "202505", "import", 5.0, "", True, None),  # counted again, not re-recorded
        ("hd:so-tc", "202505", "report", 6.0, "", False, None),
        ("hd:so-khcn", "202506", "import", 3.0, "", True, None),
    }
    new = DataValue.objects.filter(is_current=True, source="import").exclude(unit=u["hd_tc"])
    assert set(new.values_list("source_ref", "recorded_by__username")) == {("thang-5.csv", "alice")}
    assert history(after=mark) == [
        ("+", "hd:bql-kcn", "import", 7.0, True),
        ("+", "hd:so-khcn", "import", 3.0, True),
        ("+", "hd:so-khcn", "import", 12.0, True),
        ("~", "hd:bql-kcn", "report", 7.0, False),
        ("~", "hd:so-khcn", "import", 10.0, False),
        ("~", "hd:so-tc", "import", 5.0, True),
        ("~", "hd:so-tc", "report", 6.0, False),
    ]
    written = DataValue.history.filter(history_id__gt=mark)
    assert set(written.values_list("history_user__username", flat=True)) == {"alice"}


def test_the_same_batch_again_records_nothing_new(world) -> None:  # type: ignore[no-untyped-def]
    u, admin = world.units, world.users["admin"]
    hs = indicator("HS")
    items = [ValueInput(hs, u["hd_khcn"], MAY, 1), ValueInput(hs, u["hd_bql"], MAY, 2)]
    data_values_apply(items=items, source="import", user=admin)
    again = data_values_apply(items=items, source="import", user=admin)
    assert (again.created, again.updated) == (0, 2)
    assert DataValue.objects.count() == 2
    assert DataValue.history.count() == 2  # the two "+" of the first batch only


def test_one_refused_row_of_a_file_saves_nothing_and_leaves_the_stored_values_as_they_were(world) -> None:  # type: ignore[no-untyped-def]
    u, admin = world.units, world.users["admin"]
    hs = indicator("HS", value_kind="percent")
    data_values_apply(items=[ValueInput(hs, u["hd_khcn"], MAY, 40)], source="import", user=admin)
    before, before_history = rows(), history()
    file_rows = [
        RawRow("Dòng 2", {"indicator": "HS", "unit": "hd:so-khcn", "period": "202505", "value": "41"}),
        RawRow("Dòng 3", {"indicator": "HS", "unit": "hd:bql-kcn", "period": "202505", "value": "42"}),
        RawRow("Dòng 4", {"indicator": "HS", "unit": "hd:so-tc", "period": "202505", "value": "140"}),
    ]
    report = data_values_import(rows=file_rows, user=admin, source="import")
    assert report.errors == ["Dòng 4: tỷ lệ phải từ 0 đến 100 %, không phải 140."]
    assert rows() == before
    assert history() == before_history

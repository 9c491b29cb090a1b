"""The hot reads by SQL built once (core.rawread) give the same instances as the ORM: every
field converted as the ORM converts it, the joined rows cached on their foreign keys, an empty
foreign key as None, and no query when the joined rows are then read."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dieuhanh.core import rawread
from dieuhanh.reporting import services
from dieuhanh.reporting.models import Report, TaskUpdate

pytestmark = pytest.mark.django_db


def fields_of(obj) -> dict:  # type: ignore[no-untyped-def]
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


@pytest.fixture
def report(world, reporting) -> Report:  # type: ignore[no-untyped-def]
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    Report.objects.filter(pk=report.pk).update(typed={"raw": {"highlights": "Đã ký 2 thỏa thuận"}})
    return report


def test_a_report_read_with_its_period_regime_and_unit_equals_the_orms(report):
    related = ("period__regime__receiving_unit", "unit")
    [raw] = rawread.fetch(Report, where="t0.id = %s", params=[report.pk], related=related)
    orm = Report.objects.select_related(*related).get(pk=report.pk)
    assert fields_of(raw) == fields_of(orm)
    assert raw.typed == {"raw": {"highlights": "Đã ký 2 thỏa thuận"}}  # JSON decoded, not text
    assert raw.updated_at == orm.updated_at and raw.updated_at.tzinfo is not None
    with CaptureQueriesContext(connection) as queries:
        chain = (raw.period, raw.period.regime, raw.period.regime.receiving_unit, raw.unit)
    assert queries.captured_queries == []
    expected = (orm.period, orm.period.regime, orm.period.regime.receiving_unit, orm.unit)
    assert [fields_of(o) for o in chain] == [fields_of(o) for o in expected]


def test_an_empty_foreign_key_reads_as_none_without_a_query(report):
    assert Report.objects.get(pk=report.pk).reviewed_by_id is None
    [raw] = rawread.fetch(Report, where="t0.id = %s", params=[report.pk], related=("reviewed_by",))
    with CaptureQueriesContext(connection) as queries:
        assert raw.reviewed_by is None
    assert queries.captured_queries == []


def test_rows_come_in_the_asked_order_and_only_those_asked(report):
    ids = sorted(report.task_updates.values_list("pk", flat=True))
    assert len(ids) >= 2
    asked = [ids[-1], ids[0]]
    rows = rawread.fetch(
        TaskUpdate,
        where="t0.report_id = %s AND t0.id IN (%s, %s)",
        params=[report.pk, *asked],
        related=("task",),
        order_by="t0.id DESC",
    )
    assert [r.pk for r in rows] == [ids[-1], ids[0]]
    assert [r.task.code for r in rows] == [TaskUpdate.objects.get(pk=pk).task.code for pk in asked]


def test_nothing_found_is_an_empty_list(report):
    assert rawread.fetch(Report, where="t0.id = %s", params=[-1]) == []


def test_a_path_that_is_not_a_foreign_key_is_refused(report):
    with pytest.raises(TypeError):
        rawread.fetch(Report, where="t0.id = %s", params=[report.pk], related=("typed",))

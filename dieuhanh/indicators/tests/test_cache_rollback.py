"""The aggregation's process-wide memos never believe in rows a rolled-back transaction
removed: no test here forgets them by hand."""

from __future__ import annotations

import pytest
from django.db import transaction

from dieuhanh.core.periods import Period
from dieuhanh.indicators.aggregation import registry, values_at
from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.units.models import Unit, UnitParent

MAY = Period.parse("202505")
ON = MAY.end


class Rollback(Exception):
    pass


def _small_province() -> tuple[Unit, Unit]:
    province = Unit.objects.create(code="t:p", kind=Unit.Kind.PROVINCE, name="Tỉnh Thử")
    commune = Unit.objects.create(code="t:x1", kind=Unit.Kind.COMMUNE, name="Xã Một")
    UnitParent.objects.create(child=commune, parent=province)
    return province, commune


def _total(ind_pk: int, province: Unit) -> float | None:
    return values_at(indicators=[ind_pk], unit=province, periods=[MAY], on=ON)[(ind_pk, MAY.code)]


@pytest.mark.django_db(transaction=True)
def test_after_a_rolled_back_transaction_the_province_total_forgets_its_rows() -> None:
    province, commune = _small_province()
    ind = indicator("HS")
    put(ind, commune, MAY.code, 10)
    assert _total(ind.pk, province) == 10  # remembered from committed rows
    with pytest.raises(Rollback), transaction.atomic():
        second = Unit.objects.create(code="t:x2", kind=Unit.Kind.COMMUNE, name="Xã Hai")
        UnitParent.objects.create(child=second, parent=province)
        put(ind, second, MAY.code, 5)
        indicator("PHANTOM")
        assert "PHANTOM" in registry().by_code
        assert _total(ind.pk, province) == 15  # 10 + 5, inside the transaction
        raise Rollback
    assert "PHANTOM" not in registry().by_code
    assert _total(ind.pk, province) == 10


@pytest.mark.django_db
def test_after_a_rolled_back_savepoint_the_province_total_forgets_its_rows() -> None:
    province, commune = _small_province()
    ind = indicator("HS")
    put(ind, commune, MAY.code, 10)
    assert _total(ind.pk, province) == 10
    with pytest.raises(Rollback), transaction.atomic():
        second = Unit.objects.create(code="t:x2", kind=Unit.Kind.COMMUNE, name="Xã Hai")
        UnitParent.objects.create(child=second, parent=province)
        put(ind, second, MAY.code, 5)
        assert _total(ind.pk, province) == 15
        raise Rollback
    assert _total(ind.pk, province) == 10

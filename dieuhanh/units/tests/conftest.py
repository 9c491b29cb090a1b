"""Real units are slow to load for every test, so each module loads them once, committed,
and removes them when it is done (other apps' tests expect an empty unit table)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pytest_django import DjangoDbBlocker

from dieuhanh.units.admin_data import units_load_administrative
from dieuhanh.units.agencies import units_load_agencies
from dieuhanh.units.demo import province_load_demo
from dieuhanh.units.models import Province, Unit, UnitParent, UnitSuccession

BEFORE_MERGER = dt.date(2025, 6, 30)
AFTER_MERGER = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def hai_phong_units(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Hải Phòng since 01/07/2025, Hải Dương and Hải Phòng of 2024, and the demo agencies."""
    with django_db_blocker.unblock():
        units_load_administrative(provinces=["31"])
        units_load_agencies()
        province_load_demo()
    yield
    with django_db_blocker.unblock():
        _remove_units()


@pytest.fixture(scope="module")
def all_units(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """All 34 provinces and 3,321 communes, plus the 2024 units of Hải Dương and Hải Phòng."""
    with django_db_blocker.unblock():
        units_load_administrative()
    yield
    with django_db_blocker.unblock():
        _remove_units()


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _remove_units() -> None:
    Province.objects.all().delete()
    UnitSuccession.objects.all().delete()
    UnitParent.objects.all().delete()
    Unit.objects.all().delete()

"""The standard cast for tests (healthchecks' alice/bob/charlie, our way).

A small world: two Hải Dương agencies merged into their Hải Phòng successors, a third agency
whose work nobody in the cast may see, a commune, two enterprises, and one user per role.
The builders are plain functions so a module can build the cast once (see tests/test_access_matrix.py).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

MERGER = dt.date(2025, 7, 1)


@dataclass
class World:
    units: dict
    users: dict
    tasks: dict
    document: object
    group: object


def _unit(code: str, kind: str, name: str, **extra):  # type: ignore[no-untyped-def]
    from dieuhanh.units.models import Unit

    return Unit.objects.create(code=code, kind=kind, name=name, **extra)


def _build_units() -> dict:
    from dieuhanh.units.models import UnitParent, UnitSuccession
    from dieuhanh.zones.demo import demo_tax_code

    end = dt.date(2025, 6, 30)
    u = {
        "hd": _unit("vn2024:p:30", "province", "Tỉnh Hải Dương", valid_to=end),
        "hp": _unit("vn2025:p:31", "province", "Thành phố Hải Phòng", valid_from=MERGER),
        "hd_khcn": _unit("hd:so-khcn", "agency", "Sở Khoa học và Công nghệ tỉnh Hải Dương", valid_to=end),
        "hd_bql": _unit(
            "hd:bql-kcn", "agency", "Ban Quản lý các khu công nghiệp tỉnh Hải Dương", valid_to=end
        ),
        "hd_tc": _unit("hd:so-tc", "agency", "Sở Tài chính tỉnh Hải Dương", valid_to=end),
        "hp_khcn": _unit("hp:so-khcn", "agency", "Sở Khoa học và Công nghệ thành phố Hải Phòng"),
        "hp_bql": _unit("hp:bql-kkt", "agency", "Ban Quản lý Khu kinh tế Hải Phòng"),
        "hp_ubnd": _unit("hp:ubnd", "agency", "Ủy ban nhân dân thành phố Hải Phòng"),
        "commune": _unit(
            "vn2025:w:10507", "commune", "Phường Thành Đông", subtype="Phường", valid_from=MERGER
        ),
        "enterprise": _unit("demo:dn-001", "enterprise", "Công ty TNHH KH&CN Minh họa"),
        # The zones cast registers enterprise B on this unit (its code is what the registry gives B).
        "enterprise_b": _unit(f"dn:{demo_tax_code(2)}", "enterprise", "Công ty B Minh họa"),
    }
    for child in ("hd_khcn", "hd_bql", "hd_tc"):
        UnitParent.objects.create(child=u[child], parent=u["hd"], valid_to=end)
    for child in ("hp_khcn", "hp_bql", "hp_ubnd", "commune"):
        UnitParent.objects.create(child=u[child], parent=u["hp"], valid_from=MERGER)
    for old, new in (("hd_khcn", "hp_khcn"), ("hd_bql", "hp_bql"), ("hd", "hp")):
        UnitSuccession.objects.create(predecessor=u[old], successor=u[new], effective_on=MERGER)
    _build_province(u)
    return u


def _build_province(u: dict) -> None:
    """The cast's province record, as the demo's: Hải Dương, then Hải Phòng; the Board's two units."""
    from dieuhanh.units.models import Province

    province = Province.objects.create(
        name="Thành phố Hải Phòng",
        root_before=u["hd"],
        root_after=u["hp"],
        map_before="hai-duong-pre2025-districts.geojson",
        map_before_kind="district",
        map_after="hai-phong-2025-wards.geojson",
        map_after_kind="commune",
        map_before_attribution="Ranh giới huyện: daohoangson/dvhcvn (GPL-3.0)",
        map_after_attribution="Ranh giới xã, phường: lamngockhuong/vietnam-3d-map (MIT)",
        number_symbol="/BC-SKHCN",
    )
    province.board_units.set([u["hd_bql"], u["hp_bql"]])


def _build_programme(u: dict) -> tuple:
    from dieuhanh.plans.models import Document, Target, Task, TaskGroup

    plan = Document.objects.create(
        kind="plan",
        number="726/KH-UBND",
        issued_on=dt.date(2025, 2, 20),
        issuer_name="UBND tỉnh Hải Dương",
        title="Kế hoạch thực hiện Nghị quyết 03/NQ-CP",
    )
    group = TaskGroup.objects.create(document=plan, number="2.3", title="Phát triển dịch vụ công", order=3)
    Target.objects.create(
        document=plan,
        code="CT-DVC",
        name="Sử dụng dịch vụ công trực tuyến",
        text="…đạt 100%",
        comparator=">=",
        value=100,
        unit_of_measure="%",
        horizon_year=2030,
    )

    def task(code: str, lead: object, due: dt.date, partners: tuple = (), **extra):  # type: ignore[no-untyped-def]
        t = Task.objects.create(
            document=plan,
            group=group,
            code=code,
            text=f"Nhiệm vụ {code} về dịch vụ công",
            lead_unit=lead,
            due=due,
            deadline_text=f"hoàn thành trong tháng {due:%m/%Y}",
            **extra,
        )
        t.partner_units.set(partners)
        return t

    tasks = {
        "bql_overdue": task("T-BQL-1", u["hd_bql"], dt.date(2025, 6, 30)),
        "bql_done_late": task(
            "T-BQL-2", u["hd_bql"], dt.date(2025, 5, 31), completed_on=dt.date(2025, 6, 12)
        ),
        "khcn_with_bql": task(
            "T-KHCN-1",
            u["hd_khcn"],
            dt.date(2025, 3, 31),
            partners=(u["hd_bql"],),
            completed_on=dt.date(2025, 3, 20),
        ),
        "tc_only": task("T-TC-1", u["hd_tc"], dt.date(2025, 12, 31)),
    }
    return plan, group, tasks


def _build_users(u: dict) -> dict:
    from dieuhanh.accounts.models import Role, User

    def user(name: str, role: str, unit: object, **extra):  # type: ignore[no-untyped-def]
        return User.objects.create_user(username=name, password="pw-" + name, role=role, unit=unit, **extra)

    return {
        "admin": user("alice", Role.ADMIN, u["hp_khcn"], is_staff=True),
        "leader": user("leo", Role.LEADER, u["hp_ubnd"]),
        "bql": user("bob", Role.AGENCY_REPORTER, u["hp_bql"]),
        "khcn": user("kim", Role.AGENCY_REPORTER, u["hp_khcn"]),
        "commune": user("cam", Role.COMMUNE_REPORTER, u["commune"]),
        "enterprise": user("eve", Role.ENTERPRISE, u["enterprise"]),
        "enterprise_b": user("bert", Role.ENTERPRISE, u["enterprise_b"]),
        "nobody": user("nora", Role.NONE, None),
    }


def build_world() -> World:
    units = _build_units()
    document, group, tasks = _build_programme(units)
    return World(units=units, users=_build_users(units), tasks=tasks, document=document, group=group)


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@dataclass
class Reporting:
    regime: object
    june: object
    july: object
    old_commune: object


@pytest.fixture
def reporting(world) -> Reporting:  # type: ignore[no-untyped-def]
    """A monthly regime over the cast: the Hải Dương agencies and one old commune until
    30/06/2025, their Hải Phòng successors from 01/07/2025."""
    return build_reporting(world)


def build_reporting(world: World) -> Reporting:
    from dieuhanh.reporting.models import Frequency, RegimeMembership, ReportRegime
    from dieuhanh.reporting.services import period_ensure
    from dieuhanh.units.models import Province, Unit, UnitParent, UnitSuccession

    end = dt.date(2025, 6, 30)
    u = world.units
    old_commune = Unit.objects.create(
        code="vn2024:w:10510", kind="commune", name="Phường Bình Hàn", valid_to=end
    )
    UnitParent.objects.create(child=old_commune, parent=u["hd"], valid_to=end)
    UnitSuccession.objects.create(predecessor=old_commune, successor=u["commune"], effective_on=MERGER)
    regime = ReportRegime.objects.create(
        name="Báo cáo tháng",
        content="Kết quả thực hiện",
        receiving_unit=u["hp_khcn"],
        frequency=Frequency.MONTHLY,
        starts_on=dt.date(2025, 2, 1),
    )
    for key in ("hd_bql", "hd_khcn", "hd_tc"):
        RegimeMembership.objects.create(regime=regime, unit=u[key], valid_to=end)
    RegimeMembership.objects.create(regime=regime, unit=old_commune, valid_to=end)
    for key in ("hp_bql", "hp_khcn", "commune"):
        RegimeMembership.objects.create(regime=regime, unit=u[key], valid_from=MERGER)
    Province.objects.filter(is_deployed=True).update(monthly_regime=regime)
    return Reporting(
        regime=regime,
        june=period_ensure(regime=regime, year=2025, number=6),
        july=period_ensure(regime=regime, year=2025, number=7),
        old_commune=old_commune,
    )


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    """Set the clock the views and services read: `clock(dt.date(2026, 11, 23))`.

    Services take `today=`/`now=`; a test that goes through views or commands, where no date
    can be passed, travels instead. The clock ticks from noon of that day in Hải Phòng."""
    from zoneinfo import ZoneInfo

    import time_machine

    travellers: list = []

    def travel(day: dt.date | dt.datetime):  # type: ignore[no-untyped-def]
        when = day if isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time(12))
        if when.tzinfo is None:
            when = when.replace(tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        traveller = time_machine.travel(when, tick=True)
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in reversed(travellers):
        traveller.stop()


pytest_plugins = ["tests.browser", "tests.oidc"]


def pytest_report_header(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"dieuhanh database: {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('HOST') or db['NAME']})"

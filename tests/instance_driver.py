"""Runs one step of a real instance in its own process (for the backup and crash tests):

    python tests/instance_driver.py fill              # the standard cast, an accepted report with
                                                      # evidence, values, a plan awaiting registration
    python tests/instance_driver.py plan_register     # register the pending plan
    python tests/instance_driver.py data_import       # import a batch of values (CSV rows)
    python tests/instance_driver.py report_submit     # the July report of the board, sent
    python tests/instance_driver.py enqueue_reminders # queue the reminders job for the worker
    python tests/instance_driver.py session           # print a session cookie for the administrator

The environment chooses the instance (DIEUHANH_VAR_DIR, DATABASE_URL) and, for the crash
tests, where to stop (DIEUHANH_TEST_PAUSE, see dieuhanh/core/pause.py)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

import conftest  # noqa: E402
from dieuhanh.accounts.models import User  # noqa: E402
from dieuhanh.units.models import Unit  # noqa: E402

PLAN = ROOT / "dieuhanh" / "plans" / "tests" / "fixtures" / "province_plan.md"
IMPORT_ROWS = 6


def fill() -> None:
    from dieuhanh.indicators.models import Indicator
    from dieuhanh.indicators.services import data_value_record
    from dieuhanh.plans import importing
    from dieuhanh.reporting import services
    from dieuhanh.reporting.evidence import evidence_add
    from dieuhanh.reporting.models import Frequency, RegimeMembership, ReportRegime

    units = conftest._build_units()
    conftest._build_programme(units)
    users = conftest._build_users(units)
    regime = ReportRegime.objects.create(
        name="Báo cáo tháng",
        content="Kết quả thực hiện",
        receiving_unit=units["hp_khcn"],
        frequency=Frequency.MONTHLY,
        starts_on=dt.date(2025, 2, 1),
    )
    RegimeMembership.objects.create(regime=regime, unit=units["hd_bql"], valid_to=dt.date(2025, 6, 30))
    for key in ("hp_bql", "hp_khcn", "commune"):
        RegimeMembership.objects.create(regime=regime, unit=units[key], valid_from=conftest.MERGER)
    june = services.period_ensure(regime=regime, year=2025, number=6)
    services.period_ensure(regime=regime, year=2025, number=7)
    bob, alice = users["bql"], users["admin"]
    report = services.report_open(user=bob, period=june, unit=units["hd_bql"])
    for update in report.task_updates.all():
        pdf = SimpleUploadedFile(
            f"minh-chung-{update.task.code}.pdf", b"%PDF-1.7 " + update.task.code.encode()
        )
        evidence_add(task_update=update, user=bob, upload=pdf)
    report.refresh_from_db()
    services.report_submit(report_id=report.pk, user=bob, version=report.version)
    services.report_accept(report_id=report.pk, user=alice)
    indicator = Indicator.objects.create(code="HS", name="Hồ sơ trực tuyến", periodicity="M")
    kw = {"indicator": indicator, "unit": units["hd_bql"], "period": "202506", "source": "import"}
    data_value_record(value=40, user=alice, **kw)
    data_value_record(value=42, user=alice, comment="Đã rà soát", **kw)
    importing.plan_import_create(data=PLAN.read_bytes(), file_name="ke-hoach.md", user=alice)
    print("filled")


def plan_register() -> None:
    from dieuhanh.plans import importing
    from dieuhanh.plans.models_import import PlanImport

    pending = PlanImport.objects.get(status=PlanImport.Status.DRAFT)
    document = importing.plan_import_register(plan_import=pending, user=_admin())
    print(f"registered {document.pk}")


def data_import() -> None:
    from dieuhanh.indicators.importers import RawRow, data_values_import

    unit = Unit.objects.get(code="hp:bql-kkt")
    rows = [
        RawRow(
            where=f"dòng {n + 2}",
            data={"indicator": "HS", "unit": unit.code, "period": f"2025{n + 1:02d}", "value": 10 + n},
        )
        for n in range(IMPORT_ROWS)
    ]
    report = data_values_import(rows=rows, user=_admin(), source="import")
    if report.errors:
        raise SystemExit("; ".join(report.errors))
    print(f"imported {report.created}")


def report_submit() -> None:
    from dieuhanh.reporting import services
    from dieuhanh.reporting.models import Period

    bob = User.objects.get(username="bob")
    july = Period.objects.get(year=2025, number=7)
    report = services.report_open(user=bob, period=july, unit=Unit.objects.get(code="hp:bql-kkt"))
    report = services.report_submit(report_id=report.pk, user=bob, version=report.version)
    print(f"submitted {report.pk}")


def enqueue_reminders() -> None:
    """A period that fell due ten days ago, which nobody reported, and the reminders job."""
    from django.utils import timezone

    from dieuhanh.reporting.models import Period, ReportRegime
    from dieuhanh.reporting.tasks import send_reminders_task

    today = timezone.localdate()
    Period.objects.create(
        regime=ReportRegime.objects.get(),
        year=today.year,
        number=99,
        label="Kỳ kiểm thử",
        starts_on=today - dt.timedelta(days=55),
        ends_on=today - dt.timedelta(days=25),
        due_on=today - dt.timedelta(days=10),
    )
    result = send_reminders_task.enqueue()
    print(result.id)


def session() -> None:
    from django.contrib.sessions.backends.db import SessionStore

    user = _admin()
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "dieuhanh.accounts.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    print(store.session_key)


def _admin() -> User:
    return User.objects.get(username="alice")


if __name__ == "__main__":
    globals()[sys.argv[1]]()

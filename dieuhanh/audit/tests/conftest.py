"""An accepted June report of the Hải Dương industrial zones board, with evidence, and a data
value the province revised once — the records an inspector expects to find untouched."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

D_PDF = b"%PDF-1.7 minh chung"


@dataclass
class Sealed:
    report: object
    version: object
    evidence: object
    value: object
    correction: object


@pytest.fixture
def sealed(world, reporting, settings, tmp_path) -> Sealed:  # type: ignore[no-untyped-def]
    from dieuhanh.indicators.models import Indicator
    from dieuhanh.indicators.services import data_value_record
    from dieuhanh.reporting import services
    from dieuhanh.reporting.evidence import evidence_add

    settings.MEDIA_ROOT = tmp_path / "media"
    bob, alice = world.users["bql"], world.users["admin"]
    report = services.report_open(user=bob, period=reporting.june, unit=world.units["hd_bql"])
    update = report.task_updates.first()
    assert update is not None
    evidence = evidence_add(
        task_update=update, user=bob, upload=SimpleUploadedFile("ke-hoach.pdf", D_PDF, "application/pdf")
    )
    report.refresh_from_db()
    services.report_submit(report_id=report.pk, user=bob, version=report.version)
    services.report_accept(report_id=report.pk, user=alice)
    report.refresh_from_db()
    indicator = Indicator.objects.create(code="HS", name="Hồ sơ trực tuyến", periodicity="M")
    kw = {"indicator": indicator, "unit": world.units["hd_bql"], "period": "202506", "source": "import"}
    value = data_value_record(value=40, user=alice, **kw)
    correction = data_value_record(value=42, user=alice, comment="Số liệu đã rà soát", **kw)
    value.refresh_from_db()
    return Sealed(report, report.versions.get(), evidence, value, correction)

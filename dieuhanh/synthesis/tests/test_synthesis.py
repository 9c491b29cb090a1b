"""The synthesis of June 2025 over the standard cast: figures against the database, only
accepted reports, escaping, determinism, the package, and who may download it."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from lxml import etree
from openpyxl import load_workbook

from dieuhanh.reporting.models import Report, ReportStatus
from dieuhanh.synthesis.excel import synthesis_xlsx
from dieuhanh.synthesis.selectors import synthesis_build
from dieuhanh.synthesis.word import synthesis_docx, vi_date_words

pytestmark = pytest.mark.django_db
ISSUED = dt.date(2025, 6, 18)


def _sent(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))


@pytest.fixture
def june(world, reporting):  # type: ignore[no-untyped-def]
    """Sở KH&CN (renamed so its name carries an ampersand) accepted on time, the Board
    accepted late, Finance submitted but not yet accepted, the old commune never filed."""
    u = world.units
    u["hd_khcn"].name = "Sở KH&CN tỉnh Hải Dương"
    u["hd_khcn"].save()
    period = reporting.june

    def report(unit, status, day, **text):  # type: ignore[no-untyped-def]
        return Report.objects.create(
            period=period, unit=unit, status=status, first_submitted_at=_sent(day), **text
        )

    report(
        u["hd_khcn"],
        ReportStatus.ACCEPTED,
        dt.date(2025, 6, 14),
        difficulties="Chờ hướng dẫn của Bộ KH&CN <về tiêu chí>.\nThiếu nhân lực chuyên trách.",
        proposals="Đề nghị Sở KH&CN tổ chức tập huấn.",
    )
    report(
        u["hd_bql"],
        ReportStatus.ACCEPTED,
        dt.date(2025, 6, 20),
        difficulties="Thiếu nhân lực chuyên trách.",
    )
    report(
        u["hd_tc"],
        ReportStatus.SUBMITTED,
        dt.date(2025, 6, 15),
        difficulties="CHƯA DUYỆT: không được tổng hợp",
    )
    return period


def build(world, period):  # type: ignore[no-untyped-def]
    return synthesis_build(user=world.users["admin"], period=period, issued_on=ISSUED)


# The cast's four tasks when June's window closes (14/06/2025), worked out by hand:
# T-KHCN-1 done 20/03 (due 31/03) on time; T-BQL-2 done 12/06 (due 31/05) late;
# T-BQL-1 due 30/06, not done: due soon, not yet overdue; T-TC-1 due 31/12: not yet due.
JUNE_COUNTS = {"total": 4, "on_time": 1, "late": 1, "overdue": 0}


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_it_counts_tasks_as_the_register_stands_when_the_period_closes(world, june):
    s = build(world, june)
    expected = JUNE_COUNTS
    assert (s.totals.total, s.totals.on_time, s.totals.late, s.totals.overdue) == (
        expected["total"],
        expected["on_time"],
        expected["late"],
        expected["overdue"],
    )
    # T-BQL-2 was completed on 12/06/2025, inside the window 15/05–14/06/2025.
    assert s.totals.done_in_period == 1
    assert [g.done_in_period for g in s.groups] == [["T-BQL-2"]]


def test_it_gathers_difficulties_and_proposals_from_accepted_reports_only(world, june):
    s = build(world, june)
    texts = [g.text for g in s.difficulties]
    assert texts[0] == "Thiếu nhân lực chuyên trách."
    assert s.difficulties[0].units == [
        "Ban Quản lý các khu công nghiệp tỉnh Hải Dương",
        "Sở KH&CN tỉnh Hải Dương",
    ]
    assert "CHƯA DUYỆT: không được tổng hợp" not in texts
    assert [g.text for g in s.proposals] == ["Đề nghị Sở KH&CN tổ chức tập huấn."]


def test_it_lists_units_that_reported_late_or_not_at_all(world, june, reporting):
    s = build(world, june)
    assert (s.expected, s.received, s.on_time, s.accepted) == (4, 3, 2, 2)
    assert [x.unit for x in s.late_units] == ["Ban Quản lý các khu công nghiệp tỉnh Hải Dương"]
    assert [x.unit for x in s.missing_units] == [reporting.old_commune.name]


def test_the_docx_prints_the_database_figures_in_the_decree_30_layout(world, june):
    s = build(world, june)
    data = synthesis_docx(s)
    doc = Document(io.BytesIO(data))
    text = docx_text(data)
    for must in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:       /BC-SKHCN",
        "BÁO CÁO",
        "Nơi nhận:",
        "GIÁM ĐỐC",
        f"Hải Dương, {vi_date_words(ISSUED)}",  # the province on the day it is issued,
        "đã nhận 3 báo cáo (75,0 %), đúng hạn 2 (50,0 %); đã duyệt 2",
    ):
        assert must in text, must
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14
    # Annex I's total row, against the register.
    expected = JUNE_COUNTS
    annex_one = doc.tables[2]
    total_row = [c.text for c in annex_one.rows[-1].cells]
    assert total_row[1] == "Tổng cộng"
    assert total_row[2:6] == [str(expected[k]) for k in ("total", "on_time", "late", "overdue")]


def test_it_prints_an_ampersand_as_written_never_escaped_twice(world, june):
    data = synthesis_docx(build(world, june))
    text = docx_text(data)
    assert "Sở KH&CN tỉnh Hải Dương" in text
    assert "Chờ hướng dẫn của Bộ KH&CN <về tiêu chí>." in text
    assert "&amp;" not in text and "&lt;" not in text
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "KH&amp;CN" in xml and "&amp;amp;" not in xml
    xlsx = load_workbook(io.BytesIO(synthesis_xlsx(build(world, june))))
    units = [row[1] for row in xlsx["Phụ lục V"].iter_rows(min_row=4, values_only=True)]
    assert "Sở KH&CN tỉnh Hải Dương" in units


def test_the_same_inputs_give_the_same_bytes(world, june):
    first, second = build(world, june), build(world, june)
    assert synthesis_docx(first) == synthesis_docx(second)
    assert synthesis_xlsx(first) == synthesis_xlsx(second)


def test_the_docx_is_a_valid_package(world, june):
    data = synthesis_docx(build(world, june))
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.testzip() is None
    names = package.namelist()
    assert "[Content_Types].xml" in names and "word/document.xml" in names
    for name in names:
        if name.endswith((".xml", ".rels")):
            etree.fromstring(package.read(name))
    core = package.read("docProps/core.xml").decode()
    assert "2025-06-18T08:00:00" in core


@pytest.mark.skipif(
    not (shutil.which("libreoffice") or shutil.which("soffice")) or not shutil.which("pdftotext"),
    reason="Không có LibreOffice hoặc poppler (pdftotext) trên máy này.",
)
def test_libreoffice_prints_the_report_then_each_annex_on_pages_of_its_own(world, june, tmp_path: Path):
    source = tmp_path / "tong-hop.docx"
    source.write_bytes(synthesis_docx(build(world, june)))
    office = shutil.which("libreoffice") or shutil.which("soffice") or "libreoffice"
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=120,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "tong-hop.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode()
    pages = [page for page in text.split("\f") if page.strip()]
    # The letterhead and the counts worked out by hand (JUNE_COUNTS; 3 of 4 reports received).
    first = re.sub(r"\s+", " ", pages[0])
    for must in ("ỦY BAN NHÂN DÂN", "BÁO CÁO", "/BC-SKHCN", "Hải Dương, ngày 18 tháng 6 năm 2025"):
        assert must in first, must
    body = re.sub(r"\s+", " ", "".join(pages))
    assert "đã nhận 3 báo cáo (75,0 %), đúng hạn 2 (50,0 %); đã duyệt 2" in body
    assert "KH&CN" in body and "KH&amp;CN" not in body  # escaped once, printed as written
    # Five short annexes after the report, each starting a page of its own and fitting on it.
    starts = [
        next(i for i, page in enumerate(pages) if re.search(rf"^\s*Phụ lục {n}\s*$", page, re.M))
        for n in ("I", "II", "III", "IV", "V")
    ]
    assert starts[0] >= 1
    assert starts == list(range(starts[0], starts[0] + 5))
    assert len(pages) == starts[-1] + 1


def test_the_xlsx_annexes_match_the_docx_annexes(world, june):
    s = build(world, june)
    wb = load_workbook(io.BytesIO(synthesis_xlsx(s)))
    assert wb.sheetnames == ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV", "Phụ lục V"]
    total = list(wb["Phụ lục I"].iter_rows(values_only=True))[-1]
    assert total[1:6] == (
        "Tổng cộng",
        s.totals.total,
        s.totals.on_time,
        s.totals.late,
        s.totals.overdue,
    )


def test_vietnamese_document_dates_follow_decree_30():
    assert vi_date_words(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert vi_date_words(dt.date(2025, 12, 16)) == "ngày 16 tháng 12 năm 2025"


# --- pages and access ----------------------------------------------------------------------


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def urls(period) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        reverse("synthesis:index"),
        reverse("synthesis:docx", args=[period.pk]),
        reverse("synthesis:xlsx", args=[period.pk]),
    ]


def test_anonymous_visitors_go_to_the_login_page(world, june):
    for url in urls(june):
        response = Client().get(url)
        assert response.status_code == 302 and "dang-nhap" in response["Location"]


@pytest.mark.parametrize("who", ["nobody", "bql", "khcn", "commune", "enterprise"])
def test_it_refuses_the_synthesis_to_users_without_the_right(world, june, who):
    for url in urls(june):
        assert client_for(world.users[who]).get(url).status_code == 403


@pytest.mark.parametrize("who", ["admin", "leader"])
def test_it_offers_the_synthesis_in_one_click_to_the_programme(world, june, who):
    client = client_for(world.users[who])
    page = client.get(reverse("synthesis:index"), {"ky": june.pk, "ngay": "18/06/2025"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Sở KH&amp;CN tỉnh Hải Dương" in body  # escaped once by the template, shown as "KH&CN"
    assert f'href="{reverse("synthesis:docx", args=[june.pk])}?ngay=18/06/2025"' in body
    response = client.get(reverse("synthesis:docx", args=[june.pk]), {"ngay": "18/06/2025"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tong-hop-thang-2025-06.docx"'
    assert "Sở KH&CN tỉnh Hải Dương" in docx_text(response.content)
    assert client.get(reverse("synthesis:xlsx", args=[june.pk])).status_code == 200


def test_it_refuses_a_period_whose_reports_are_not_yet_due(world, reporting):
    from dieuhanh.reporting.services import period_ensure

    future = period_ensure(regime=reporting.regime, year=timezone.localdate().year + 1, number=1)
    url = reverse("synthesis:docx", args=[future.pk])
    assert client_for(world.users["admin"]).get(url).status_code == 404


def test_a_target_at_risk_in_the_docx_links_to_its_sources_on_the_platform(world, june):
    import dataclasses

    from dieuhanh.synthesis.selectors import TargetLine

    at_risk = TargetLine(
        code="CT-2030-04",
        name="Quy mô kinh tế số",
        goal="≥ 30 % GRDP",
        horizon_year=2030,
        current="17,3 % GRDP (2025)",
        status="Có nguy cơ không đạt",
        risk="Theo xu hướng 2021–2025 sẽ đạt 26,6 % GRDP năm 2030.",
        indicator_code="KTS_GRDP",
    )
    s = dataclasses.replace(build(world, june), targets=[at_risk])
    doc = Document(io.BytesIO(synthesis_docx(s, link_base="https://dieuhanh.example.vn")))
    links = [r.target_ref for r in doc.part.rels.values() if r.is_external]
    assert links == [f"https://dieuhanh.example.vn/chi-so/KTS_GRDP/nguon/?ngay={s.as_of:%d/%m/%Y}"]
    assert "nguồn số liệu" in doc.element.xml
    plain = Document(io.BytesIO(synthesis_docx(s)))
    assert [r for r in plain.part.rels.values() if r.is_external] == []

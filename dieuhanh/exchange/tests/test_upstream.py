"""One entry, every upstream: the June synthesis and a unit's June report in Nghị định
09/2019's outline and data-table templates. The figures below are worked out by hand from the
cast (root conftest): June's data window is 15/05/2025–14/06/2025."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from dieuhanh.exchange import upstream
from dieuhanh.indicators.models import Indicator
from dieuhanh.reporting.models import Report, ReportIndicatorValue, ReportStatus, TaskProgress, TaskUpdate

FOLDER = Path(upstream.__file__).parent / "upstreams" / "nd09"


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def docx_tables(data: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def docx_paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


@pytest.fixture
def june_report(world, reporting):  # type: ignore[no-untyped-def]
    u, t = world.units, world.tasks
    report = Report.objects.create(
        period=reporting.june,
        unit=u["hd_khcn"],
        status=ReportStatus.ACCEPTED,
        highlights="Khai trương Trung tâm ĐMST.",
        difficulties="Thiếu nhân lực chuyên trách.",
        proposals="Đề nghị bổ sung biên chế.",
    )
    hs = Indicator.objects.create(code="HS", name="Số hồ sơ trực tuyến", unit_of_measure="hồ sơ", order=1)
    tl = Indicator.objects.create(code="TL", name="Tỷ lệ hồ sơ trực tuyến", unit_of_measure="%", order=2)
    ReportIndicatorValue.objects.create(report=report, indicator=hs, value=12345.0, comment="cổng DVC")
    ReportIndicatorValue.objects.create(report=report, indicator=tl, value=87.9)
    TaskUpdate.objects.create(report=report, task=t["khcn_with_bql"], progress=TaskProgress.DONE, percent=100)
    return report


def test_the_template_keeps_its_source_and_says_it_is_not_verified_word_for_word():
    template = json.loads((FOLDER / "template.json").read_text())
    assert template["source"]["url"].startswith("https://thuvienphapluat.vn/")
    assert template["source"]["date"] == "2019-01-24"
    assert "Điều 15" in template["source"]["licence"]
    assert template["source"]["verified"] is False
    assert "Luật Sở hữu trí tuệ" in (FOLDER / "SOURCE.md").read_text()


def test_a_units_report_exports_its_figures_in_the_data_table(world, june_report):
    bql_admin = client_for(world.users["admin"])
    answer = bql_admin.get(f"/trao-doi/cap-tren/nd09/bao-cao/{june_report.pk}.docx")
    assert answer.status_code == 200
    tables = docx_tables(answer.content)
    indicators = tables[1]  # after the letterhead
    assert indicators[0] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu kỳ báo cáo", "Ghi chú"]
    assert indicators[1] == ["A", "B", "C", "1", "2"]
    assert indicators[2] == ["1", "Số hồ sơ trực tuyến", "hồ sơ", "12.345", "cổng DVC"]
    assert indicators[3] == ["2", "Tỷ lệ hồ sơ trực tuyến", "%", "87,9", ""]
    tasks = tables[3]
    assert tasks[2] == ["1", "T-KHCN-1. Nhiệm vụ T-KHCN-1 về dịch vụ công", "%", "100", "Đã hoàn thành"]
    text = "\n".join(docx_paragraphs(answer.content))
    assert "Kỳ báo cáo: Tháng 6/2025" in text
    assert "Thời gian chốt số liệu: từ ngày 15/05/2025 đến ngày 14/06/2025" in text
    assert "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN\nThiếu nhân lực chuyên trách." in text


def test_the_xlsx_keeps_numbers_as_numbers(world, june_report):
    answer = client_for(world.users["khcn"]).get(f"/trao-doi/cap-tren/nd09/bao-cao/{june_report.pk}.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content))["Biểu 1"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu kỳ báo cáo", "Ghi chú"))
    assert rows[header + 2] == (1, "Số hồ sơ trực tuyến", "hồ sơ", 12345.0, "cổng DVC")
    assert rows[header + 3][3] == 87.9


def test_the_synthesis_counts_tasks_as_they_stood_at_the_june_cut_off(world, reporting):
    # Done on 15/06, one day after June's window closed: July's figure, not June's.
    task = world.tasks["bql_overdue"]
    task.completed_on = dt.date(2025, 6, 15)
    task.save()
    answer = client_for(world.users["leader"]).get(
        f"/trao-doi/cap-tren/nd09/tong-hop/{reporting.june.pk}.xlsx"
    )
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    groups = [r for r in book["Biểu 2"].iter_rows(values_only=True) if r and r[0] == "2.3"]
    # T-KHCN-1 (20/03) and T-BQL-2 (12/06) are done by 14/06; T-BQL-1 (15/06) is not yet.
    assert groups[0][:4] == ("2.3", "Phát triển dịch vụ công", "nhiệm vụ", 2)
    targets = [r for r in book["Biểu 1"].iter_rows(values_only=True) if r and r[0] == 1]
    assert targets[0][1] == "Sử dụng dịch vụ công trực tuyến"
    assert str(targets[0][2]).endswith("(2030)")
    docx = client_for(world.users["admin"]).get(f"/trao-doi/cap-tren/nd09/tong-hop/{reporting.june.pk}.docx")
    text = "\n".join(docx_paragraphs(docx.content))
    assert "Đến ngày 14/06/2025 (ngày chốt số liệu), nhiệm vụ: tổng số 4; hoàn thành 2 (50,0 %)" in text


def test_reporters_get_another_units_report_as_404_and_roles_without_the_right_403(world, june_report):
    url = f"/trao-doi/cap-tren/nd09/bao-cao/{june_report.pk}.docx"
    assert client_for(world.users["bql"]).get(url).status_code == 404
    assert client_for(world.users["enterprise"]).get(url).status_code == 403
    assert client_for(world.users["nobody"]).get(url).status_code == 403
    synthesis = f"/trao-doi/cap-tren/nd09/tong-hop/{june_report.period.pk}.docx"
    assert client_for(world.users["khcn"]).get(synthesis).status_code == 403
    assert client_for(world.users["admin"]).get(url.replace("nd09", "khong-co")).status_code == 404
    assert client_for(world.users["admin"]).get(url.replace(".docx", ".pdf")).status_code == 404


def test_a_new_upstream_is_a_folder_of_json_not_code(world, june_report, tmp_path, monkeypatch):
    target = tmp_path / "nq57"
    shutil.copytree(FOLDER, target)
    template = json.loads((target / "template.json").read_text())
    template["data_table"]["columns"][3]["header"] = "Giá trị"
    (target / "template.json").write_text(json.dumps(template, ensure_ascii=False))
    monkeypatch.setattr(upstream, "UPSTREAMS", tmp_path)
    upstream.upstream_get.cache_clear()
    try:
        answer = client_for(world.users["admin"]).get(
            f"/trao-doi/cap-tren/nq57/bao-cao/{june_report.pk}.docx"
        )
        assert docx_tables(answer.content)[1][0][3] == "Giá trị"
    finally:
        upstream.upstream_get.cache_clear()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_renders_the_report_docx_to_pdf(world, june_report, tmp_path):
    answer = client_for(world.users["admin"]).get(f"/trao-doi/cap-tren/nd09/bao-cao/{june_report.pk}.docx")
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(answer.content)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = (tmp_path / "bao-cao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    artifacts = Path(__file__).resolve().parents[3] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "nd09-bao-cao.pdf").write_bytes(pdf)


def test_the_exchange_page_links_each_report_in_the_upstream_templates(world, june_report):
    page = client_for(world.users["khcn"]).get("/trao-doi/").content.decode()
    assert f"/trao-doi/cap-tren/nd09/bao-cao/{june_report.pk}.docx" in page
    assert (
        "/trao-doi/cap-tren/nd09/bao-cao/"
        not in client_for(world.users["bql"]).get("/trao-doi/").content.decode()
    )


def test_the_exchange_page_is_in_the_navigation_of_those_who_may_use_it(world):  # type: ignore[no-untyped-def]
    link = '<a href="/trao-doi/"'
    for who in ("admin", "leader", "bql", "commune"):
        assert link in client_for(world.users[who]).get("/").content.decode(), who
    for who in ("enterprise", "nobody"):
        assert link not in client_for(world.users[who]).get("/").content.decode(), who


def test_the_upstream_lists_name_the_template_and_each_regimes_quarter_once(world, clock):  # type: ignore[no-untyped-def]
    from dieuhanh.reporting.models import Frequency, ReportRegime
    from dieuhanh.reporting.services import period_ensure

    clock(dt.date(2026, 12, 1))
    regimes = [
        ReportRegime.objects.create(
            name=name,
            content="Kết quả thực hiện",
            receiving_unit=world.units["hp_khcn"],
            frequency=Frequency.QUARTERLY,
            starts_on=dt.date(2026, 1, 1),
        )
        for name in ("Báo cáo quý của chương trình", "Báo cáo quý của doanh nghiệp")
    ]
    for regime in regimes:
        period_ensure(regime=regime, year=2026, number=3)
    page = client_for(world.users["admin"]).get("/trao-doi/").content.decode()
    assert "Tổng hợp — Mẫu đề cương báo cáo và mẫu biểu số liệu báo cáo (Phụ lục Nghị định 09/2019" in page
    assert "(nd09)" not in page
    for regime in regimes:
        assert f"Hằng quý · {regime.name}" in page
        listed = page.split(f'data-upstream-periods="{regime.pk}"')[1].split("</ul>")[0]
        assert listed.count("Quý III/2026") == 1
    assert page.count("Quý III/2026") == 2

"""The synthesis prints: the decree's header lines on one line each, annexes on landscape
pages with columns sized to their content and header rows repeated, and the demo month's
synthesis on at most 25 pages — counted through LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx.shared import Cm

from dieuhanh.synthesis.word import LANDSCAPE_WIDTH, column_widths, synthesis_docx

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")
needs_office = pytest.mark.skipif(OFFICE is None, reason="Không có LibreOffice trên máy này.")


def test_short_columns_get_what_their_longest_text_needs_and_the_long_ones_share_the_rest() -> None:
    header = ["Mã", "Nhiệm vụ", "Hạn", "Kết quả"]
    rows = [
        ["KCN-2.3.06", "Tham mưu xây dựng kế hoạch nâng cao chất lượng dịch vụ công " * 2, "31/03/2025", "—"],
        ["KCN-2.4.01", "Nâng cấp mạng nội bộ", "30/06/2025", "Đã phối hợp với Sở KH&CN hoàn thiện dự thảo"],
    ]
    widths = [w / Cm(1) for w in column_widths(header, rows, LANDSCAPE_WIDTH)]
    assert sum(widths) == pytest.approx(LANDSCAPE_WIDTH / Cm(1))
    # 10 characters of Times 11 pt need about 2,3 cm with the padding: the code never wraps.
    assert widths[0] >= 2.29 and widths[2] >= 2.29
    # The task text is on average longer than the result (empty cells do not count): it gets more.
    assert widths[1] > widths[3] > 3.0


def _document_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()


@pytest.mark.django_db
def test_annex_tables_repeat_their_header_row_and_sit_on_landscape_pages(world, reporting) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.synthesis.selectors import synthesis_build

    s = synthesis_build(user=world.users["admin"], period=reporting.june, issued_on=dt.date(2025, 6, 18))
    xml = _document_xml(synthesis_docx(s))
    assert xml.count('<w:tblHeader w:val="true"/>') == 5  # one per annex table
    assert 'w:orient="landscape"' in xml
    assert xml.count('<w:tblLayout w:type="fixed"/>') == 7  # the two layout tables and five annexes


def _pdf(tmp_path: Path, data: bytes) -> bytes:
    source = tmp_path / "tong-hop.docx"
    source.write_bytes(data)
    subprocess.run(
        [str(OFFICE), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return (tmp_path / "tong-hop.pdf").read_bytes()


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def _text(tmp_path: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    out = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "tong-hop.pdf"), "-"], capture_output=True, check=True
    )
    return out.stdout.decode()


@needs_office
@pytest.mark.django_db(transaction=True)
def test_the_demo_months_synthesis_prints_on_at_most_25_pages_with_one_line_headers(tmp_path: Path) -> None:
    from dieuhanh.accounts.models import User
    from dieuhanh.reporting.models import Period
    from dieuhanh.site.demo import demo_load
    from dieuhanh.synthesis.selectors import synthesis_build

    demo_load(history_until=dt.date(2025, 8, 1))
    period = Period.objects.get(regime__frequency="monthly", year=2025, number=7)
    s = synthesis_build(
        user=User.objects.get(username="quantri"), period=period, issued_on=dt.date(2025, 7, 20)
    )
    pdf = _pdf(tmp_path, synthesis_docx(s))
    assert pdf.startswith(b"%PDF")
    assert 3 <= _pages(pdf) <= 25
    text = _text(tmp_path)
    if text is not None:  # the rendered text, where poppler is installed (CI installs it)
        lines = [line.strip() for line in text.splitlines()]
        assert any(line.endswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for line in lines)
        assert any(line.endswith("Hải Phòng, ngày 20 tháng 7 năm 2025") for line in lines)
        assert "Phụ lục IV" in text and "TIẾN ĐỘ TỪNG NHIỆM VỤ" in text

"""Input as it really arrives: decomposed Unicode, legacy encodings, stray markup, paragraphs
cut at page breaks — and files that are not plans at all, which get a Vietnamese error."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dieuhanh.plans.extract import ExtractError, extract_bytes, extract_path
from dieuhanh.plans.extract.cleaning import _TCVN3
from dieuhanh.plans.extract.targets import to_number

ROOT = Path(__file__).resolve().parents[3]
PLAN = """KẾ HOẠCH
Thực hiện chuyển đổi số năm 2025

II. NỘI DUNG

1. Chỉ tiêu

- Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt trên 40% trong tổng số doanh nghiệp.

2. Nhiệm vụ cụ thể

2.1. Hạ tầng số

Ban Quản lý thực hiện phối hợp trong các công tác:

- Chuẩn hóa cơ sở dữ liệu quản lý tài sản công toàn tỉnh để đồng bộ với cơ sở dữ liệu quốc gia, \
*hoàn thành trong tháng 12/2025*.

- Rà soát, đảm bảo kinh phí thực hiện các nhiệm vụ về chuyển đổi số, **thực hiện trước tháng 10 hàng năm**.
"""
EXPECTED = [
    (
        "Chuẩn hóa cơ sở dữ liệu quản lý tài sản công toàn tỉnh để đồng bộ với cơ sở dữ liệu quốc gia",
        "2025-12-31",
    ),
    ("Rà soát, đảm bảo kinh phí thực hiện các nhiệm vụ về chuyển đổi số", None),
]


def _tasks(data: bytes, name: str = "ke-hoach.txt") -> list[tuple[str, str | None]]:
    draft = extract_bytes(data, name=name).to_contract()
    return [(t["text"], t["deadline"]["due"]) for t in draft["tasks"]]


def test_decomposed_unicode_reads_like_composed():
    assert _tasks(unicodedata.normalize("NFD", PLAN).encode()) == EXPECTED


def test_utf8_read_as_windows_1252_is_repaired():
    garbled = "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in PLAN.encode()
    )
    assert _tasks(garbled.encode()) == EXPECTED


def test_tcvn3_text_from_old_vntime_fonts_is_converted():
    reverse = {v: k for k, v in _TCVN3.items()}
    legacy = "".join(reverse.get(ch, ch) for ch in PLAN)
    assert _tasks(legacy.encode()) == EXPECTED


def test_a_windows_1258_file_is_decoded():
    # cp1258 writes tone marks as combining characters after the base letter.
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in PLAN:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    assert _tasks("".join(out).encode("cp1258")) == EXPECTED


def test_a_paragraph_cut_by_a_page_break_is_joined_and_the_page_number_dropped():
    cut = PLAN.replace("toàn tỉnh để đồng bộ", "toàn tỉnh\n\n12\n\nđể đồng bộ")
    assert _tasks(cut.encode()) == EXPECTED


def test_markdown_headings_and_bullets_are_read_like_plain_text():
    markdown = PLAN.replace("2. Nhiệm vụ cụ thể", "## 2. Nhiệm vụ cụ thể").replace("\n- ", "\n* ")
    assert _tasks(markdown.encode(), name="ke-hoach.md") == EXPECTED


@pytest.mark.parametrize(
    ("raw", "value"), [("1.717.420", 1717420), ("0,8", 0.8), ("12", 12), ("01", 1), ("70,5", 70.5)]
)
def test_it_reads_numbers_with_vietnamese_separators(raw, value):
    assert to_number(raw) == value


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["TT", "Nhiệm vụ"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "rỗng"),
        (b"  \n\n ", "rỗng"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "ảnh PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(200), "ảnh JPEG"),
        (b"%PDF-1.7\n", "PDF"),
        (_xlsx(), "bảng tính Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "Office 97-2003"),
        (bytes(range(256)) * 20, "không phải văn bản"),
        (
            "Biên bản họp chi bộ tháng 3.\nNội dung: trao đổi công tác.".encode(),
            "không có nhiệm vụ hay chỉ tiêu",
        ),
        (b"PK\x03\x04garbage", "bị hỏng"),
    ],
)
def test_a_file_that_is_not_a_plan_gets_a_vietnamese_error(data, message):
    with pytest.raises(ExtractError, match=message):
        extract_bytes(data, name="tep")


def test_a_missing_file_gets_a_vietnamese_error(tmp_path: Path):
    with pytest.raises(ExtractError, match="Không tìm thấy tệp"):
        extract_path(tmp_path / "khong-co.docx")


def test_the_command_exits_non_zero_with_the_message_and_no_traceback(tmp_path: Path):
    image = tmp_path / "anh.docx"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_plan", str(image), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ảnh PNG" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_the_command_prints_contract_json(tmp_path: Path, capsys):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(PLAN, encoding="utf-8")
    call_command("extract_plan", str(path), "--format", "json")
    out = capsys.readouterr().out
    assert '"tasks"' in out and '"warnings"' in out


def test_the_command_raises_a_command_error_for_an_empty_file(tmp_path: Path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="rỗng"):
        call_command("extract_plan", str(path), "--format", "json")

"""A national annex waiting for review in the import screen (what the Sở KH&CN officer meets
when the Government's programme arrives): the Government's header table, a task table whose
rows were cut by page breaks, ministry-led rows and rows in which the provinces have a role,
and the NQ 57 target table. Left as a draft: registering it is the officer's step."""

from __future__ import annotations

import datetime as dt

from dieuhanh.plans.importing import plan_import_create
from dieuhanh.plans.models_import import PlanImport

FILE_NAME = "phu-luc-nq-03-NQ-CP (mẫu).md"
LOCAL = "UBND các tỉnh, thành phố trực thuộc Trung ương"

HEADER = """CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
| Độc lập - Tự do - Hạnh phúc
Số: 03/NQ-CP | Hà Nội, ngày 09 tháng 01 năm 2025

NGHỊ QUYẾT
BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NGÀY 22 THÁNG 12
NĂM 2024 CỦA BỘ CHÍNH TRỊ VỀ ĐỘT PHÁ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN
ĐỔI SỐ QUỐC GIA

Phụ lục
"""
COLUMNS = ("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời hạn hoàn thành")
# A row with no TT is the rest of the row above, cut by a page break; the header row is repeated.
TASKS = (
    ("I", "Nâng cao nhận thức, đột phá về đổi mới tư duy", "", "", "", ""),
    ("1", "Tổ chức quán triệt Nghị quyết số 57-NQ/TW đến cán bộ, đảng viên",
     "Bộ Khoa học và Công nghệ", "Các bộ, ngành, địa phương", "Hội nghị", "Quý I/2025"),
    ("2", "Ban hành kế hoạch thực hiện Nghị quyết, bảo đảm rõ người, rõ việc", LOCAL,
     "Bộ Khoa học và Công nghệ", "Kế hoạch", "Tháng 3/2025"),
    ("", "Chương trình hành động của Chính phủ, gắn với kế hoạch phát triển kinh tế - xã hội",
     "", "", "", ""),
    COLUMNS,
    ("II", "Hoàn thiện thể chế", "", "", "", ""),
    ("3", "Xây dựng Luật Khoa học, công nghệ và đổi mới sáng tạo (sửa đổi)", "Bộ KH&CN", "Bộ Tư pháp", "Luật",
     "Tháng 5/2025"),
    ("4", "Bảo đảm an ninh mạng cho hệ thống thông tin quan trọng quốc gia", "Bộ Công An", "Bộ Quốc phòng",
     "Báo cáo", "Thường xuyên"),
    ("5", "Ban hành chính sách hỗ trợ doanh nghiệp đổi mới công nghệ trên địa bàn", LOCAL,
     "Sở Khoa học và Công nghệ", "Nghị quyết", "Năm 2025"),
    ("6", "Chuyển đổi số trong quản lý lao động, việc làm", "Bộ LĐ-TB&XH", "Bộ TT&TT; Các địa phương",
     "Cơ sở dữ liệu", "Quý IV/2025"),
)  # fmt: skip
TARGET_COLUMNS = ("TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi, đánh giá")
TARGETS = (
    ("I", "Đến năm 2030", "", "", ""),
    ("1", "Xếp hạng năng lực cạnh tranh số và chỉ số phát triển Chính phủ điện tử", "Thứ hạng",
     "≤ 3 Đông Nam Á; ≤ 50 Thế giới", "Bộ Khoa học và Công nghệ"),
    ("2", "Tỷ trọng kinh tế số trong GDP", "%", "Tối thiểu 30", "Bộ Tài chính"),
    ("II", "Đến năm 2045", "", "", ""),
    ("3", "Tỷ trọng kinh tế số trong GDP", "%", "Tối thiểu 50", "Bộ Tài chính"),
)  # fmt: skip


def _table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


TEXT = (
    HEADER
    + "\n"
    + _table(COLUMNS, TASKS)
    + "\nDANH MỤC CÁC CHỈ TIÊU CỤ THỂ\n\n"
    + _table(TARGET_COLUMNS, TARGETS)
)


def annex_load_demo(*, today: dt.date | None = None) -> int:
    """The draft import, once (found again by its file name)."""
    if PlanImport.objects.filter(file_name=FILE_NAME).exists():
        return 1
    plan_import_create(data=TEXT.encode(), file_name=FILE_NAME, user=None, today=today)
    return 1

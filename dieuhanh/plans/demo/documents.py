"""The document chain, targets and task groups of the Hải Dương programme, as data.

Sources: seed 000 (the province's overview of Plan 726/KH-UBND) and seed 001 (the Industrial
Zones Board's plan). Quoted texts keep the seed's wording, typos included ("phân đầu" for
"phấn đấu"); the short names are ours.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

BQL_KCN = "hd:bql-kcn"
SO_KHCN = "hd:so-khcn"
UBND = "hd:ubnd"
TINH_UY = "hd:tinh-uy"
REQUIRED_UNITS = (BQL_KCN, SO_KHCN, UBND, TINH_UY)

_TOPIC = "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"


@dataclass(frozen=True)
class DocumentSpec:
    key: str  # ours, to refer to it below
    kind: str
    number: str
    issued_on: dt.date
    issuer_name: str
    issuer_code: str | None
    title: str
    implements: str | None


_ON_57 = f"thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị {_TOPIC}"
# Plan 726/KH-UBND and the Board's plan carry the same title.
_PLAN_TITLE = (
    "Kế hoạch thực hiện Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ và Chương trình hành động số "
    f"113-CTr/TU ngày 18/02/2025 của Tỉnh ủy {_ON_57} trên địa bàn tỉnh Hải Dương"
)

DOCUMENTS = (
    DocumentSpec(
        key="57",
        kind="resolution",
        number="57-NQ/TW",
        issued_on=dt.date(2024, 12, 22),
        issuer_name="Bộ Chính trị",
        issuer_code=None,
        title="V" + _TOPIC[1:],
        implements=None,
    ),
    DocumentSpec(
        key="03",
        kind="resolution",
        number="03/NQ-CP",
        issued_on=dt.date(2025, 1, 9),
        issuer_name="Chính phủ",
        issuer_code=None,
        title=f"Ban hành Chương trình hành động {_ON_57}",
        implements="57",
    ),
    DocumentSpec(
        key="113",
        kind="programme",
        number="113-CTr/TU",
        issued_on=dt.date(2025, 2, 18),
        issuer_name="Tỉnh ủy Hải Dương",
        issuer_code=TINH_UY,
        title=f"Chương trình hành động {_ON_57}",
        implements="03",
    ),
    DocumentSpec(
        key="726",
        kind="plan",
        number="726/KH-UBND",
        issued_on=dt.date(2025, 2, 20),
        issuer_name="Ủy ban nhân dân tỉnh Hải Dương",
        issuer_code=UBND,
        title=_PLAN_TITLE,
        implements="113",
    ),
    # The seed reads "Số: /KH-KCN" and "ngày tháng 02 năm 2025": number and day are left blank,
    # so the number stays empty and the day is the month's last (28/02/2025).
    DocumentSpec(
        key="kcn",
        kind="plan",
        number="",
        issued_on=dt.date(2025, 2, 28),
        issuer_name="Ban Quản lý các khu công nghiệp tỉnh Hải Dương",
        issuer_code=BQL_KCN,
        title=_PLAN_TITLE,
        implements="726",
    ),
)
# Seed 000 says the targets and the 10 task groups are the province's (Plan 726/KH-UBND).
TARGETS_DOCUMENT = "726"
GROUPS_DOCUMENT = "726"
TASKS_DOCUMENT = "kcn"


@dataclass(frozen=True)
class TargetSpec:
    code: str
    name: str
    text: str
    comparator: str
    value: Decimal
    unit_of_measure: str
    horizon_year: int
    source_ref: str


_S11 = "KH-KCN §1.1"
_S12 = "KH-KCN §1.2"

TARGETS = (
    TargetSpec(
        "CT-2030-01",
        "Thuộc nhóm 20 địa phương dẫn đầu về ứng dụng, chuyển giao KHCN, ĐMST",
        "Hải Dương thuộc nhóm 20 địa phương dẫn đầu cả nước về ứng dụng, chuyển giao khoa học, công nghệ và "
        "đổi mới sáng tạo với tiềm lực, trình độ khoa học, công nghệ và đổi mới sáng tạo đạt mức tiên tiến "
        "ở một số lĩnh vực quan trọng",
        "top",
        Decimal(20),
        "hạng",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-02",
        "Tăng trưởng GRDP bình quân giai đoạn 2025-2030",
        "Duy trì mục tiêu tăng trưởng GRDP trung bình giai đoạn 2025-2030 của tỉnh đạt 12% trở lên",
        ">=",
        Decimal(12),
        "%",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-03",
        "Đóng góp của TFP vào tăng trưởng kinh tế",
        "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế ở mức từ 55% trở lên",
        ">=",
        Decimal(55),
        "%",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-04",
        "Quy mô kinh tế số năm 2030",
        "Quy mô kinh tế số đạt từ 30% GRDP trở lên",
        ">=",
        Decimal(30),
        "% GRDP",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-05",
        "Tỷ lệ sử dụng dịch vụ công trực tuyến",
        "Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp đạt 100%",
        "=",
        Decimal(100),
        "%",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-06",
        "Giao dịch không dùng tiền mặt",
        "giao dịch không dùng tiền mặt đạt 90%",
        "=",
        Decimal(90),
        "%",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-07",
        "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo",
        "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt trên 40% trong tổng số doanh nghiệp",
        ">",
        Decimal(40),
        "%",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-08",
        "Chỉ số phát triển con người (HDI)",
        "Khoa học, công nghệ và đổi mới sáng tạo góp phần quan trọng xây dựng, phát triển giá trị văn hoá, "
        "xã hội, con người Việt Nam, đóng góp vào chỉ số phát triển con người (HDI) phân đầu đạt 0,8",
        "=",
        Decimal("0.8"),
        "chỉ số",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-09",
        "Kinh phí chi cho nghiên cứu phát triển (R&D)",
        "Kinh phí chi cho nghiên cứu phát triển (R&D) phân đầu đạt 2% GRDP",
        "=",
        Decimal(2),
        "% GRDP",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-10",
        "Tỷ trọng kinh phí R&D từ xã hội",
        "trong đó tỷ trọng kinh phí từ xã hội chiếm trên 60%",
        ">",
        Decimal(60),
        "%",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-11",
        "Chi ngân sách cho KHCN, ĐMST và CĐS",
        "Phân đầu bố trí ít nhất 3% tổng chi ngân sách hằng năm cho phát triển khoa học, công nghệ, đổi mới "
        "sáng tạo, chuyển đổi số và tăng dần theo yêu cầu phát triển của tỉnh",
        ">=",
        Decimal(3),
        "% ngân sách",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-12",
        "Phủ sóng 5G toàn tỉnh",
        "Phủ sóng 5G toàn tỉnh",
        "=",
        Decimal(100),
        "%",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-13",
        "Đô thị thông minh tại 2 thành phố",
        "Hoàn thành xây dựng đô thị thông minh tại 2 thành phố Hải Dương và thành phố Chí Linh",
        "=",
        Decimal(2),
        "đô thị",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2030-14",
        "Thu hút tổ chức, doanh nghiệp công nghệ số có uy tín",
        "Thu hút ít nhất 01 tổ chức, doanh nghiệp có uy tín về công nghệ số đầu tư nghiên cứu, sản xuất tại "
        "tỉnh",
        ">=",
        Decimal(1),
        "tổ chức",
        2030,
        _S11,
    ),
    TargetSpec(
        "CT-2035-01",
        "Chỉ số đổi mới sáng tạo thuộc nhóm 15 tỉnh dẫn đầu",
        "chỉ số đổi mới sáng tạo được cải thiện, nâng lên mức thuộc nhóm 15 tỉnh dẫn đầu vào năm 2035",
        "top",
        Decimal(15),
        "hạng",
        2035,
        _S12,
    ),
    TargetSpec(
        "CT-2045-01",
        "Chỉ số đổi mới sáng tạo thuộc nhóm 10 tỉnh đứng đầu",
        "chỉ số đổi mới sáng tạo được cải thiện, nâng lên mức thuộc nhóm 15 tỉnh dẫn đầu vào năm 2035 và "
        "nhóm 10 tỉnh đứng đầu cả nước năm 2045",
        "top",
        Decimal(10),
        "hạng",
        2045,
        _S12,
    ),
    TargetSpec(
        "CT-2045-02",
        "Quy mô kinh tế số năm 2045",
        "Hải Dương có quy mô kinh tế số đạt từ 50% GRDP trở lên",
        ">=",
        Decimal(50),
        "% GRDP",
        2045,
        _S12,
    ),
)

# (number, title as written in seed 001 §2, without the trailing colon)
GROUPS = (
    (
        "2.1",
        "Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị mạnh mẽ, quyết liệt "
        "lãnh đạo, chỉ đạo",
    ),
    (
        "2.2",
        "Hoàn thiện thể chế; tạo lợi thế cạnh tranh trong phát triển khoa học, công nghệ, đổi mới sáng tạo "
        "và chuyển đổi số",
    ),
    (
        "2.3",
        "Phát triển dịch vụ công, nâng cao hiệu quả giải quyết thủ tục hành chính trên môi trường điện tử",
    ),
    (
        "2.4",
        "Tăng cường đầu tư, hoàn thiện hạ tầng công nghệ thông tin",
    ),
    (
        "2.5",
        "Đẩy mạnh hoàn thiện các Cơ sở dữ liệu, ứng dụng dữ liệu vào các tiện ích cho người dân, doanh "
        "nghiệp, phục vụ quản lý, điều hành của tỉnh",
    ),
    (
        "2.6",
        "Đảm bảo an ninh an toàn, bảo mật hệ thống, dữ liệu cá nhân",
    ),
    (
        "2.7",
        "Phát triển, trọng dụng nhân lực chất lượng cao, nhân tài đáp ứng yêu cầu phát triển khoa học, công "
        "nghệ, đổi mới sáng tạo và chuyển đổi số; Tập trung nguồn lực đầu tư phục vụ chuyển đổi số",
    ),
    (
        "2.8",
        "Đẩy mạnh chuyển đổi số, ứng dụng khoa học, công nghệ, đổi mới sáng tạo trong hoạt động của một số "
        "lĩnh vực trọng tâm",
    ),
    (
        "2.9",
        "Thúc đẩy mạnh mẽ hoạt động khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số trong doanh "
        "nghiệp",
    ),
    (
        "2.10",
        "Tăng cường hợp tác quốc tế trong phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
    ),
)

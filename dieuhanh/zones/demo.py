"""Demo data: the industrial zones of the former Hải Dương province with illustrative
enterprises. Zone names are real; areas are approximate and flagged "số liệu minh họa";
enterprise names and tax codes are invented (valid check digits, "(dữ liệu mẫu)" in the name)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dieuhanh.reporting.expectations import latest_closed_period
from dieuhanh.reporting.models import (
    Audience,
    Frequency,
    Report,
    ReportRegime,
    ReportStatus,
    ReportVersion,
)
from dieuhanh.reporting.services import periods_open_until, report_snapshot
from dieuhanh.units.models import Province, Unit
from dieuhanh.zones.assessment import assessment_scores, questionnaire_load_v1
from dieuhanh.zones.models import (
    Answer,
    Assessment,
    Department,
    Enterprise,
    Ownership,
    QuarterlyFigures,
    Size,
    Zone,
)
from dieuhanh.zones.services import (
    ContactInput,
    EnterpriseInput,
    ProjectInput,
    enterprise_attach_unit,
    enterprise_upsert,
    project_upsert,
)
from dieuhanh.zones.validators import tax_check_digit

BOARD_UNIT = "hp:bql-kkt"
# The regime enterprises report under; the province record points to it (enterprise_regime).
QUARTERLY_REGIME_NAME = "Báo cáo tình hình thực hiện dự án đầu tư và sử dụng lao động của doanh nghiệp"
REGIME_START = dt.date(2025, 7, 1)

# (code, name, planned ha, land for lease ha, leased ha, status) — approximate, illustrative.
ZONES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("dai-an", "KCN Đại An", "174", "125", "123", Zone.Status.OPERATING),
    ("dai-an-mo-rong", "KCN Đại An mở rộng", "397", "280", "250", Zone.Status.OPERATING),
    ("phuc-dien", "KCN Phúc Điền", "87", "64", "63", Zone.Status.OPERATING),
    ("nam-sach", "KCN Nam Sách", "63", "45", "44", Zone.Status.OPERATING),
    ("viet-hoa-kenmark", "KCN Việt Hòa - Kenmark", "46", "33", "31", Zone.Status.OPERATING),
    ("tan-truong", "KCN Tân Trường", "198", "140", "128", Zone.Status.OPERATING),
    ("lai-vu", "KCN Lai Vu", "290", "200", "150", Zone.Status.OPERATING),
    ("cong-hoa", "KCN Cộng Hòa", "357", "250", "110", Zone.Status.OPERATING),
    ("lai-cach", "KCN Lai Cách", "131", "92", "70", Zone.Status.OPERATING),
    ("cam-dien-luong-dien", "KCN Cẩm Điền - Lương Điền", "197", "140", "95", Zone.Status.OPERATING),
    ("phu-thai", "KCN Phú Thái", "56", "40", "38", Zone.Status.OPERATING),
    ("an-phat", "KCN An Phát", "200", "140", "60", Zone.Status.BUILDING),
    ("kim-thanh", "KCN Kim Thành", "163", "115", "30", Zone.Status.BUILDING),
    ("gia-loc", "KCN Gia Lộc", "197", "138", "20", Zone.Status.BUILDING),
    ("hoang-dieu", "KCN Hoàng Diệu", "100", "70", "0", Zone.Status.PLANNED),
)

DEPARTMENTS = (
    ("Văn phòng Ban", "Tiếp nhận chung, hành chính, tổng hợp"),
    ("Phòng Quản lý đầu tư", "Dự án đầu tư, giấy chứng nhận đăng ký đầu tư, vốn"),
    ("Phòng Quản lý doanh nghiệp và lao động", "Lao động, giấy phép lao động người nước ngoài, báo cáo"),
    ("Phòng Quản lý quy hoạch, xây dựng và môi trường", "Quy hoạch, xây dựng, môi trường trong khu"),
)

# zone | name (after "Công ty") | VSIC | ownership | investor country | size | workers | foreign
# | registered capital: tỷ đồng | triệu USD | disbursed share
ENTERPRISES_TABLE = """
dai-an | TNHH Điện tử Sao Mai | 2610 | fdi | Nhật Bản | large | 2400 | 35 | 0 | 120 | 0.85
dai-an | CP Nhựa kỹ thuật Đông Á | 2220 | domestic | | medium | 320 | 0 | 180 | 0 | 0.9
dai-an-mo-rong | TNHH Linh kiện ô tô Hòa Bình | 2930 | fdi | Hàn Quốc | large | 1500 | 22 | 0 | 65 | 0.7
dai-an-mo-rong | TNHH Thiết bị viễn thông Việt Nhật | 2630 | fdi | Nhật Bản | large | 900 | 12 | 0 | 48 | 0.6
phuc-dien | TNHH May mặc Thành Công | 1410 | domestic | | large | 1800 | 0 | 95 | 0 | 1
phuc-dien | TNHH Giày dép Phúc An | 1520 | fdi | Đài Loan | large | 3100 | 28 | 0 | 40 | 0.95
nam-sach | CP Cơ khí chính xác Nam Sách | 2592 | domestic | | small | 85 | 0 | 35 | 0 | 0.8
tan-truong | TNHH Dây cáp điện Tân Phú | 2732 | fdi | Singapore | medium | 260 | 6 | 0 | 18 | 0.75
tan-truong | CP Thực phẩm Hồng Hà | 1079 | domestic | | medium | 210 | 0 | 120 | 0 | 0.65
lai-vu | TNHH Điện tử gia dụng Kim Long | 2640 | fdi | Trung Quốc | large | 1200 | 40 | 0 | 75 | 0.5
cong-hoa | TNHH Kho vận Chí Linh | 5210 | domestic | | small | 60 | 0 | 70 | 0 | 0.4
lai-cach | TNHH Phần mềm công nghiệp Lai Cách | 6201 | domestic | | micro | 9 | 0 | 2 | 0 | 1
cam-dien-luong-dien | TNHH Phụ tùng xe máy Cẩm Điền | 2930 | fdi | Đài Loan | medium | 540 | 9 | 0 | 25 | 0.6
phu-thai | CP Gia công kim loại Phú Thái | 2592 | domestic | | small | 110 | 0 | 28 | 0 | 0.9
"""


@dataclass(frozen=True)
class DemoEnterprise:
    zone: str
    name: str
    vsic: str
    ownership: str
    country: str
    size: str
    workers: int
    foreign: int
    billion_vnd: int
    million_usd: int
    disbursed: Decimal


def demo_enterprises() -> list[DemoEnterprise]:
    rows = [[c.strip() for c in line.split("|")] for line in ENTERPRISES_TABLE.strip().splitlines()]
    return [
        DemoEnterprise(
            r[0], f"Công ty {r[1]} Minh họa", r[2], r[3], r[4].replace("Đài Loan", "Đài Loan (Trung Quốc)"),
            r[5], int(r[6]), int(r[7]), int(r[8]), int(r[9]), Decimal(r[10]),
        )
        for r in rows
    ]  # fmt: skip


# The enterprise unit that already exists (user "doanhnghiep") becomes this registry entry.
DEMO_UNIT_CODE = "demo:dn-001"
DEMO_ENTERPRISE = DemoEnterprise(
    "dai-an", "", "2610", "fdi", "Nhật Bản", "medium", 450, 8, 0, 30, Decimal("0.7")
)


def demo_tax_code(n: int) -> str:
    """An invented 10-digit tax code with a valid check digit, in a range we pick ourselves."""
    while True:
        base = f"0899{n:05d}"
        check = tax_check_digit(base)
        if check is not None:
            return f"{base}{check}"
        n += 50_000  # skip bases no check digit can make valid


def _zones_load() -> dict[str, Zone]:
    zones: dict[str, Zone] = {}
    for code, name, planned, leasable, leased, status in ZONES:
        zones[code], _ = Zone.objects.update_or_create(
            code=code,
            defaults={
                "kind": Zone.Kind.KCN,
                "name": name,
                "planned_area_ha": Decimal(planned),
                "leasable_area_ha": Decimal(leasable),
                "leased_area_ha": Decimal(leased),
                "status": status,
                "illustrative": True,
                "note": "Số liệu minh họa: diện tích gần đúng, cần Ban Quản lý cập nhật theo hồ sơ.",
            },
        )
    return zones


def _regime_load() -> ReportRegime | None:
    board = Unit.objects.filter(code=BOARD_UNIT).first()
    if board is None:
        return None
    regime, _ = ReportRegime.objects.update_or_create(
        name=QUARTERLY_REGIME_NAME,
        defaults={
            "content": "Tình hình thực hiện dự án đầu tư (vốn giải ngân, tiến độ), doanh thu, xuất khẩu "
            "và sử dụng lao động (tổng số, lao động nước ngoài, tuyển mới) của doanh nghiệp trong khu "
            "công nghiệp.",
            "receiving_unit": board,
            "frequency": Frequency.QUARTERLY,
            "due_day": 20,
            "cutoff_day": 15,
            "asks_task_updates": False,
            "audience": Audience.ENTERPRISES,
            "outline_template": "I. Tình hình thực hiện dự án. II. Lao động. III. Khó khăn, vướng mắc. "
            "IV. Đề xuất, kiến nghị.",
            "data_table_template": "Biểu: lao động cuối kỳ, lao động nước ngoài, tuyển mới; vốn giải ngân "
            "trong kỳ (đồng, USD); doanh thu (đồng); xuất khẩu (USD).",
            "starts_on": REGIME_START,
            "legal_basis": "Luật Đầu tư 2020 (chế độ báo cáo hoạt động đầu tư); yêu cầu của Ban Quản lý",
            "channel": "Cổng doanh nghiệp của Hệ thống quản lý các khu công nghiệp (dieuhanh)",
        },
    )
    Province.objects.filter(is_deployed=True).update(enterprise_regime=regime)
    return regime


def _input(row: DemoEnterprise, tax_code: str, zone: Zone, index: int) -> EnterpriseInput:
    return EnterpriseInput(
        tax_code=tax_code,
        name=f"{row.name} (dữ liệu mẫu)",
        vsic=row.vsic,
        ownership=Ownership(row.ownership),
        zone=zone,
        investor_country=row.country,
        size=Size(row.size),
        workers=row.workers,
        foreign_workers=row.foreign,
        address=f"Lô {chr(65 + index % 6)}{index + 1}, {zone.name}",
        illustrative=True,
        contacts=[
            ContactInput(
                full_name=f"Người liên hệ số {index + 1} (minh họa)",
                position="Trưởng phòng Hành chính - Nhân sự",
                phone=f"0220 3{index:06d}",
                email=f"lienhe{index + 1}@vi-du.invalid",
                is_primary=True,
            )
        ],
    )


def _project(enterprise: Enterprise, row: DemoEnterprise, index: int) -> None:
    vnd = Decimal(row.billion_vnd) * 10**9 if row.billion_vnd else None
    usd = Decimal(row.million_usd) * 10**6 if row.million_usd else None
    project_upsert(
        enterprise=enterprise,
        data=ProjectInput(
            name=f"Dự án nhà máy {enterprise.name.split(' (')[0].removeprefix('Công ty ')}",
            certificate_number=f"MH-{index + 1:04d}",
            certificate_date=dt.date(2016 + index % 8, 1 + index % 12, 10),
            registered_vnd=vnd,
            registered_usd=usd,
            disbursed_vnd=(vnd * row.disbursed).quantize(Decimal(1)) if vnd else None,
            disbursed_usd=(usd * row.disbursed).quantize(Decimal("0.01")) if usd else None,
        ),
    )


def _enterprises_load(zones: dict[str, Zone]) -> list[Enterprise]:
    out: list[Enterprise] = []
    for index, row in enumerate(demo_enterprises()):
        enterprise = enterprise_upsert(data=_input(row, demo_tax_code(index + 1), zones[row.zone], index))
        _project(enterprise, row, index)
        out.append(enterprise)
    unit = Unit.objects.filter(code=DEMO_UNIT_CODE).first()
    if unit is not None:
        index = len(out)
        row = DEMO_ENTERPRISE
        row = DemoEnterprise(**{**row.__dict__, "name": unit.name.replace(" (dữ liệu mẫu)", "")})
        data = _input(row, demo_tax_code(index + 1), zones[row.zone], index)
        enterprise = enterprise_attach_unit(unit=unit, data=data)
        _project(enterprise, row, index)
        out.append(enterprise)
    return out


def _assessments_load(enterprises: list[Enterprise], rng: random.Random) -> int:
    questionnaire = questionnaire_load_v1()
    questions = list(questionnaire.pillars.all().prefetch_related("questions__choices"))
    made = 0
    for enterprise in enterprises[:-1]:  # the demo account's enterprise answers it itself
        if enterprise.assessments.exists() or rng.random() < 0.25:
            continue
        base = {"large": 3, "medium": 2, "small": 1, "micro": 1}[enterprise.size]
        assessment = Assessment.objects.create(enterprise=enterprise, questionnaire=questionnaire)
        for pillar in questions:
            for question in pillar.questions.all():
                score = max(0, min(5, base + rng.choice((-1, 0, 0, 1))))
                choice = next(c for c in question.choices.all() if c.score == score)
                Answer.objects.create(assessment=assessment, question=question, choice=choice)
        pillar_scores, overall, level = assessment_scores(assessment)
        assessment.pillar_scores = {k: str(v) for k, v in pillar_scores.items()}
        assessment.score, assessment.level = overall, level
        assessment.status, assessment.submitted_at = Assessment.Status.SUBMITTED, timezone.now()
        assessment.save()
        made += 1
    return made


def _reports_load(
    regime: ReportRegime, enterprises: list[Enterprise], rng: random.Random, today: dt.date
) -> int:
    """The last closed quarter, filed by most enterprises (some late, some not at all)."""
    periods_open_until(regime=regime, on=today)
    period = latest_closed_period(regime=regime, on=today)
    if period is None:
        return 0
    filed = 0
    for enterprise in enterprises[:-1]:
        if rng.random() < 0.3 or Report.objects.filter(period=period, unit=enterprise.unit).exists():
            continue
        late = rng.random() < 0.2
        sent = timezone.make_aware(
            dt.datetime.combine(period.due_on + dt.timedelta(days=3 if late else -2), dt.time(9))
        )
        report = Report.objects.create(
            period=period,
            unit=enterprise.unit,
            status=ReportStatus.ACCEPTED,
            highlights="Dự án hoạt động ổn định, đúng tiến độ đăng ký.",
            first_submitted_at=sent,
            submitted_at=sent,
            reviewed_at=sent + dt.timedelta(days=2),
        )
        QuarterlyFigures.objects.create(
            report=report,
            workers=enterprise.workers,
            foreign_workers=enterprise.foreign_workers,
            new_hires=enterprise.workers // 20,
            revenue_vnd=Decimal(enterprise.workers) * 150_000_000,
        )
        ReportVersion.objects.create(
            report=report, number=1, content=report_snapshot(report), submitted_at=sent
        )
        filed += 1
    return filed


def _departments_load() -> int:
    for order, (name, duties) in enumerate(DEPARTMENTS, start=1):
        Department.objects.update_or_create(name=name, defaults={"duties": duties, "order": order})
    return len(DEPARTMENTS)


@transaction.atomic
def zones_load_demo(*, today: dt.date | None = None) -> dict[str, int]:
    """Zones, departments, the quarterly regime, enterprises with projects and contacts, the
    draft questionnaire, some self-assessments and the last closed quarter's reports."""
    rng = random.Random(2025)
    zones = _zones_load()
    regime = _regime_load()  # before the enterprises, so they join it
    enterprises = _enterprises_load(zones)
    return {
        "Khu công nghiệp": len(zones),
        "Phòng chuyên môn của Ban": _departments_load(),
        "Doanh nghiệp trong khu công nghiệp": len(enterprises),
        "Kết quả tự đánh giá CĐS mẫu": _assessments_load(enterprises, rng),
        "Báo cáo quý của doanh nghiệp mẫu": (
            _reports_load(regime, enterprises, rng, today or timezone.localdate()) if regime else 0
        ),
    }

"""The open-data files: each published indicator's series and the published targets, as CSV
and JSON with documented columns under one licence. The columns are declared once here, and
the catalogue page, the JSON "fields" and the CKAN resources all read the same declaration."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from dataclasses import dataclass
from typing import Any

from dieuhanh.indicators.models import Indicator
from dieuhanh.opendata.selectors import PublicIndicator
from dieuhanh.steering.verdicts import TargetStanding


@dataclass(frozen=True)
class Licence:
    code: str  # CKAN's license_id
    title: str
    url: str


LICENCE = Licence(
    "cc-by",
    "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
    "https://creativecommons.org/licenses/by/4.0/",
)
# Stable identifiers: the same indicator code gives the same id in every export, on every host.
NAMESPACE = uuid.UUID("6f1c1f0e-5b1e-4c57-9a43-0d5c3f1b2a19")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema types: string, number, integer, date
    title: str
    description: str


SERIES_COLUMNS = (
    Column(
        "indicator_code", "string", "Mã chỉ số", "Mã của chỉ số trong bộ chỉ số, không đổi theo thời gian."
    ),
    Column("indicator_name", "string", "Tên chỉ số", "Tên đầy đủ của chỉ số."),
    Column("unit_code", "string", "Mã đơn vị hành chính", "Mã đơn vị của số liệu (toàn tỉnh/thành phố)."),
    Column("unit_name", "string", "Đơn vị hành chính", "Tên tỉnh/thành phố tại ngày số liệu."),
    Column(
        "period",
        "string",
        "Mã kỳ",
        "Mã kỳ theo DHIS2: 202504 (tháng), 2025Q2 (quý), 2025S1 (6 tháng), 2025 (năm).",
    ),
    Column("period_label", "string", "Kỳ", "Tên kỳ bằng tiếng Việt."),
    Column("period_start", "date", "Từ ngày", "Ngày đầu kỳ (YYYY-MM-DD)."),
    Column("period_end", "date", "Đến ngày", "Ngày cuối kỳ (YYYY-MM-DD)."),
    Column(
        "value",
        "number",
        "Giá trị",
        "Giá trị đã cộng gộp toàn tỉnh; dấu chấm thập phân; để trống khi chưa có số liệu.",
    ),
    Column("unit_of_measure", "string", "Đơn vị tính", "Đơn vị tính của giá trị."),
)
TARGET_COLUMNS = (
    Column(
        "target_id",
        "integer",
        "Số hiệu chỉ tiêu",
        "Số hiệu không đổi của chỉ tiêu (trong đường dẫn trang công khai).",
    ),
    Column("target_code", "string", "Mã chỉ tiêu", "Mã chỉ tiêu theo văn bản."),
    Column("target_name", "string", "Tên chỉ tiêu", "Tên ngắn của chỉ tiêu."),
    Column("target_text", "string", "Nội dung chỉ tiêu", "Nội dung chỉ tiêu như văn bản ghi."),
    Column("document", "string", "Văn bản", "Số, ký hiệu và trích yếu văn bản giao chỉ tiêu."),
    Column("comparator", "string", "So sánh", "Cách so với mục tiêu: >=, >, <=, <, = hoặc top (thứ hạng)."),
    Column("goal_value", "number", "Mục tiêu", "Giá trị mục tiêu; dấu chấm thập phân."),
    Column("unit_of_measure", "string", "Đơn vị tính", "Đơn vị tính của mục tiêu."),
    Column("horizon_year", "integer", "Năm đạt", "Năm phải đạt mục tiêu."),
    Column(
        "indicator_code",
        "string",
        "Mã chỉ số theo dõi",
        "Chỉ số dùng để theo dõi chỉ tiêu; trống khi chưa gắn.",
    ),
    Column("current_value", "number", "Giá trị hiện tại", "Giá trị năm gần nhất có số liệu."),
    Column("current_year", "integer", "Năm hiện tại", "Năm của giá trị hiện tại."),
    Column(
        "verdict", "string", "Mã đánh giá", "achieved, on_track, at_risk, off_track hoặc insufficient_data."
    ),
    Column("verdict_label", "string", "Đánh giá", "Đánh giá tiến độ bằng tiếng Việt."),
    Column("verdict_reasons", "string", "Lý do", "Các lý do của đánh giá, ngăn cách bằng dấu chấm phẩy."),
    Column(
        "forecast_value",
        "number",
        "Dự báo năm đạt",
        "Giá trị dự báo năm đạt theo xu thế; dấu chấm thập phân.",
    ),
    Column("forecast_low", "number", "Cận dưới dự báo", "Cận dưới khoảng dự báo 80 %."),
    Column("forecast_high", "number", "Cận trên dự báo", "Cận trên khoảng dự báo 80 %."),
    Column("probability", "number", "Xác suất đạt", "Xác suất đạt mục tiêu theo dự báo, từ 0 đến 1."),
    Column("as_of", "date", "Tại ngày", "Ngày tính đánh giá (YYYY-MM-DD)."),
)


def dataset_name(indicator: Indicator) -> str:
    """CKAN's package name: lower-case letters, digits, '-' and '_'."""
    return "chi-so-" + re.sub(r"[^a-z0-9_-]+", "-", indicator.code.lower()).strip("-")


def dataset_id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


TARGETS_DATASET = "chi-tieu"


def series_rows(public: PublicIndicator) -> list[dict[str, Any]]:
    ind, unit = public.indicator, public.province
    return [
        {
            "indicator_code": ind.code,
            "indicator_name": ind.name,
            "unit_code": unit.code if unit else "",
            "unit_name": unit.name if unit else "",
            "period": p.code,
            "period_label": p.label(),
            "period_start": p.start.isoformat(),
            "period_end": p.end.isoformat(),
            "value": None if v is None else round(v, max(ind.decimals, 1) + 2),
            "unit_of_measure": ind.unit_of_measure,
        }
        for p, v in public.series
    ]


def target_rows(standings: list[TargetStanding], *, on: dt.date) -> list[dict[str, Any]]:
    return [_target_row(s, on) for s in standings]


def _target_row(s: TargetStanding, on: dt.date) -> dict[str, Any]:
    t, progress, projection = s.target, s.progress, s.projection
    doc = t.document
    return {
        "target_id": t.pk,
        "target_code": t.code,
        "target_name": t.name,
        "target_text": t.text,
        "document": " ".join(x for x in (doc.number, doc.title) if x),
        "comparator": t.comparator,
        "goal_value": None if t.value is None else float(t.value),
        "unit_of_measure": t.unit_of_measure,
        "horizon_year": t.horizon_year,
        "indicator_code": s.indicator.code if s.indicator else "",
        "current_value": progress.current_value if progress else None,
        "current_year": progress.current_year if progress else None,
        "verdict": s.verdict.code,
        "verdict_label": s.verdict.label,
        "verdict_reasons": "; ".join(s.verdict.reasons),
        "forecast_value": round(projection.value, 4) if projection else None,
        "forecast_low": round(projection.low, 4) if projection else None,
        "forecast_high": round(projection.high, 4) if projection else None,
        "probability": None if s.verdict.probability is None else round(s.verdict.probability, 4),
        "as_of": on.isoformat(),
    }


def to_csv(columns: tuple[Column, ...], rows: list[dict[str, Any]]) -> str:
    """RFC 4180 CSV in UTF-8, header = the column names; an empty cell for a missing value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow(["" if row[c.name] is None else row[c.name] for c in columns])
    return out.getvalue()


def table_schema(columns: tuple[Column, ...]) -> dict[str, Any]:
    """The columns as a Frictionless Table Schema, for the JSON files and the catalogue."""
    return {
        "fields": [
            {"name": c.name, "type": c.type, "title": c.title, "description": c.description} for c in columns
        ]
    }


def licence_json() -> dict[str, str]:
    return {"id": LICENCE.code, "title": LICENCE.title, "url": LICENCE.url}

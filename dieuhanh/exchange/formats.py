"""DHIS2's aggregate exchange formats, read and written: dataValueSets as JSON, CSV and XML,
and ADX (IHE QRPH, XML). Readers give the rows the one indicator importer validates
(`indicators.importers`); writers take `Dhis2Value`s. XML is parsed with defusedxml: a file
from outside never expands entities or fetches anything."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from dieuhanh.core.periods import Period, PeriodError
from dieuhanh.core.spreadsheets import csv_cell
from dieuhanh.exchange.periods import adx_period, adx_period_text
from dieuhanh.indicators import importers
from dieuhanh.indicators.importers import ImportFileError, RawRow

DXF = "http://dhis2.org/schema/dxf/2.0"
ADX = "urn:ihe:qrph:adx:2015"
FORMATS = ("json", "csv", "xml", "adx")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "adx": "application/adx+xml; charset=utf-8",
}
# The sample's own header (dhis2-core's dataValueSetB.csv), so DHIS2 reads our CSV back.
CSV_HEADER = [
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "timestamp",
    "comment",
    "followup",
]
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Dhis2Value:
    """One value in DHIS2's identifiers; empty combos are DHIS2's "default"."""

    data_element: str
    period: Period
    org_unit: str
    category_option_combo: str
    attribute_option_combo: str
    value: str
    stored_by: str
    last_updated: dt.datetime
    comment: str


# ---- reading --------------------------------------------------------------------------------


def read(content: bytes, fmt: str, name: str = "tệp") -> list[RawRow]:
    """Rows of a DHIS2 file of format `fmt` (json, csv, xml, adx); ImportFileError if unreadable."""
    if len(content) > MAX_BYTES:
        raise ImportFileError("Tệp lớn hơn 5 MB; hãy chia nhỏ tệp.")
    if fmt == "json":
        return _read_json(content)
    if fmt == "csv":
        return importers.rows_from_csv(content, name)[0]
    if fmt in ("xml", "adx"):
        root = _parse_xml(content)
        return _read_adx(root) if fmt == "adx" else _read_xml(root)
    raise ImportFileError(f"Định dạng “{fmt}” không được hỗ trợ: chọn json, csv, xml hoặc adx.")


def guess_format(name: str, content: bytes) -> str:
    """The format from the file name, else from the first bytes (ADX's root is <adx>)."""
    lower = name.lower()
    for fmt in ("json", "csv"):
        if lower.endswith("." + fmt):
            return fmt
    head = content[:2048].decode("utf-8", "replace")
    if "<adx" in head:
        return "adx"
    if lower.endswith(".xml") or head.lstrip().startswith("<"):
        return "xml"
    return "json" if head.lstrip().startswith("{") else "csv"


def _read_json(content: bytes) -> list[RawRow]:
    try:
        payload = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFileError(f"Tệp không phải JSON hợp lệ ({_json_where(exc)}).") from None
    return importers.rows_from_dhis2(payload)


def _json_where(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"dòng {exc.lineno}, cột {exc.colno}"
    return "không phải UTF-8"


def _parse_xml(content: bytes) -> Element:
    try:
        return SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise ImportFileError(
            "Tệp XML có khai báo DTD hoặc thực thể; DHIS2 không dùng chúng, hãy bỏ đi."
        ) from None
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ImportFileError(f"Tệp không phải XML hợp lệ (dòng {line}, cột {column + 1}).") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_xml(root: Element) -> list[RawRow]:
    if _local(root.tag) != "dataValueSet":
        raise ImportFileError(f"Phần tử gốc là <{_local(root.tag)}>, cần <dataValueSet> của DHIS2.")
    top = root.attrib
    rows = []
    values = [e for e in root if _local(e.tag) == "dataValue"]
    for n, e in enumerate(values, start=1):
        a = e.attrib
        data = {
            "indicator": a.get("dataElement"),
            "unit": a.get("orgUnit", top.get("orgUnit")),
            "period": a.get("period", top.get("period")),
            "value": a.get("value"),
            "disaggregation": a.get("categoryOptionCombo"),
            "attribute": a.get("attributeOptionCombo", top.get("attributeOptionCombo")),
            "comment": a.get("comment"),
        }
        rows.append(RawRow(f"dataValue thứ {n}", data))
    return rows


def _read_adx(root: Element) -> list[RawRow]:
    if _local(root.tag) != "adx":
        raise ImportFileError(f"Phần tử gốc là <{_local(root.tag)}>, cần <adx> (IHE ADX).")
    rows = []
    groups = [g for g in root if _local(g.tag) == "group"]
    for g_no, group in enumerate(groups, start=1):
        g = group.attrib
        period: Any = g.get("period")
        try:
            period = adx_period(period).code if period else None
        except PeriodError as exc:
            raise ImportFileError(f"Nhóm (group) thứ {g_no}: {exc}") from None
        values = [e for e in group if _local(e.tag) == "dataValue"]
        for n, e in enumerate(values, start=1):
            a = e.attrib
            note = next((c.text or "" for c in e if _local(c.tag) == "annotation"), None)
            data = {
                "indicator": a.get("dataElement"),
                "unit": g.get("orgUnit"),
                "period": period,
                "value": a.get("value"),
                "disaggregation": a.get("categoryOptionCombo"),
                "attribute": g.get("attributeOptionCombo"),
                "comment": note.strip() if note else None,
            }
            rows.append(RawRow(f"Nhóm {g_no}, dataValue thứ {n}", data))
    return rows


# ---- writing --------------------------------------------------------------------------------


def value_text(value: float) -> str:
    """As DHIS2 writes numbers: 10001, 12.5 (no grouping, a point for decimals)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000%z")


def write(values: list[Dhis2Value], fmt: str, *, data_set: str = "", exported: dt.datetime) -> bytes:
    if fmt == "json":
        return _write_json(values)
    if fmt == "csv":
        return _write_csv(values)
    if fmt == "xml":
        return _write_xml(values, data_set)
    return _write_adx(values, data_set, exported)


def _write_json(values: list[Dhis2Value]) -> bytes:
    out = []
    for v in values:
        item: dict[str, object] = {
            "dataElement": v.data_element,
            "period": v.period.code,
            "orgUnit": v.org_unit,
        }
        if v.category_option_combo:
            item["categoryOptionCombo"] = v.category_option_combo
        if v.attribute_option_combo:
            item["attributeOptionCombo"] = v.attribute_option_combo
        item |= {"value": v.value, "storedBy": v.stored_by, "lastUpdated": _stamp(v.last_updated)}
        item |= {"comment": v.comment or None, "followup": False}
        out.append(item)
    return json.dumps({"dataValues": out}, ensure_ascii=False, indent=2).encode()


def _csv_value(text: str) -> str:
    """A number stays as DHIS2 reads it ("-5" is a value, not a formula); any other text that
    a spreadsheet would take for a formula gets an apostrophe in front (core.spreadsheets)."""
    try:
        float(text)
    except ValueError:
        return csv_cell(text)
    return text


def _write_csv(values: list[Dhis2Value]) -> bytes:
    """DHIS2's CSV layout; the text fields (storedBy, comment, a text value) are neutralised
    like every CSV the platform writes, since the file is often opened in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for v in values:
        writer.writerow(
            [
                v.data_element,
                v.period.code,
                v.org_unit,
                v.category_option_combo,
                v.attribute_option_combo,
                _csv_value(v.value),
                csv_cell(v.stored_by),
                _stamp(v.last_updated),
                csv_cell(v.comment),
                "false",
            ]
        )
    return buffer.getvalue().encode()


def _attrs(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {k: v for k, v in pairs if v}


def _write_xml(values: list[Dhis2Value], data_set: str) -> bytes:
    root = Element("dataValueSet", _attrs([("xmlns", DXF), ("dataSet", data_set)]))
    for v in values:
        attrs = [
            ("dataElement", v.data_element),
            ("period", v.period.code),
            ("orgUnit", v.org_unit),
            ("categoryOptionCombo", v.category_option_combo),
            ("attributeOptionCombo", v.attribute_option_combo),
            ("value", v.value),
            ("storedBy", v.stored_by),
            ("lastUpdated", _stamp(v.last_updated)),
            ("comment", v.comment),
        ]
        SubElement(root, "dataValue", _attrs(attrs) | {"followup": "false"})
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


def _write_adx(values: list[Dhis2Value], data_set: str, exported: dt.datetime) -> bytes:
    root = Element("adx", {"xmlns": ADX, "exported": exported.strftime("%Y-%m-%dT%H:%M:%S%z")})
    groups: dict[tuple[str, Period, str], Element] = {}
    for v in values:
        key = (v.org_unit, v.period, v.attribute_option_combo)
        if key not in groups:
            attrs = [
                ("orgUnit", v.org_unit),
                ("period", adx_period_text(v.period)),
                ("dataSet", data_set or "dieuhanh"),
                ("attributeOptionCombo", v.attribute_option_combo),
            ]
            groups[key] = SubElement(root, "group", _attrs(attrs))
        attrs = [
            ("dataElement", v.data_element),
            ("value", v.value),
            ("categoryOptionCombo", v.category_option_combo),
        ]
        element = SubElement(groups[key], "dataValue", _attrs(attrs))
        if v.comment:
            SubElement(element, "annotation").text = v.comment
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")

"""DHIS2 exchange: the shared samples (dhis2-core's own files) round-trip through import and
export. Expected values come from the sample parsed here with json/csv/lxml directly, and
our export is parsed the same way — never compared with our own writer's output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from lxml import etree

from dieuhanh.exchange.models import Dhis2Combo
from dieuhanh.indicators.models import CodeMapping, DataValue, Indicator, ValueKind

SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "dhis2"
if not SAMPLES.exists():  # the worktree layout: /work/wt/<name>/ beside /work/shared/
    SAMPLES = Path("/work/shared/data/dhis2")
DEFAULT = {"", "default", "HllvX50cXC0"}
URL = {
    "json": "/api/dhis2/dataValueSets.json",
    "csv": "/api/dhis2/dataValueSets.csv",
    "xml": "/api/dhis2/dataValueSets.xml",
    "adx": "/api/dhis2/adx.xml",
}
FIELDS = (
    "dataElement",
    "period",
    "orgUnit",
    "categoryOptionCombo",
    "attributeOptionCombo",
    "value",
    "comment",
)


def _norm(value: object) -> str:
    text = "" if value is None else str(value)
    return "" if text in DEFAULT else text


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def parse_json(content: bytes) -> set[tuple[str, ...]]:
    data = json.loads(content)
    return {
        tuple((_norm if f.endswith("Combo") else _plain)(v.get(f)) for f in FIELDS)
        for v in data["dataValues"]
    }


def parse_csv(content: bytes) -> set[tuple[str, ...]]:
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    keys = (
        "dataelement",
        "period",
        "orgunit",
        "categoryoptioncombo",
        "attributeoptioncombo",
        "value",
        "comment",
    )
    return {tuple(_norm(r[k]) if "combo" in k else r[k] for k in keys) for r in rows}


def parse_xml(content: bytes) -> set[tuple[str, ...]]:
    root = etree.fromstring(content)
    out: set[tuple[str, ...]] = set()
    for e in root.iter("{http://dhis2.org/schema/dxf/2.0}dataValue"):
        out.add(tuple(_norm(e.get(f)) if f.endswith("Combo") else _plain(e.get(f)) for f in FIELDS))
    return out


def parse_adx(content: bytes) -> set[tuple[str, ...]]:
    ns = {"a": "urn:ihe:qrph:adx:2015"}
    root = etree.fromstring(content)
    out: set[tuple[str, ...]] = set()
    for g in root.findall("a:group", ns):
        for e in g.findall("a:dataValue", ns):
            note = e.findtext("a:annotation", default="", namespaces=ns).strip()
            out.add(
                (
                    e.get("dataElement"),
                    g.get("period"),
                    g.get("orgUnit"),
                    _norm(e.get("categoryOptionCombo")),
                    _norm(g.get("attributeOptionCombo")),
                    e.get("value"),
                    note,
                )
            )
    return out


PARSERS = {"json": parse_json, "csv": parse_csv, "xml": parse_xml, "adx": parse_adx}


@pytest.fixture
def mapped(world):  # type: ignore[no-untyped-def]
    """Indicators and units answering to the samples' DHIS2 ids, as an administrator maps them."""
    for uid in ("f7n9E0hX8qk", "Ix2HsbDMLea", "eY5ehpbEsB7", "MAL01", "MAL02", "MAL03", "MAL04"):
        Indicator.objects.create(
            code=f"T_{uid}", name=f"Chỉ số {uid}", periodicity="M", value_kind=ValueKind.COUNT, dhis2_id=uid
        )
    u = world.units
    for external, unit in (
        ("DiszpKrYNg8", u["hp_khcn"]),
        ("BdfsJfj87js", u["hp_bql"]),
        ("342", u["hp_ubnd"]),
    ):
        CodeMapping.objects.create(kind=CodeMapping.Kind.UNIT, external_id=external, unit=unit)
    Dhis2Combo.objects.create(attribute_option_combo="McDonalds", disaggregation="tài trợ: McDonalds")
    Dhis2Combo.objects.create(
        category_option_combo="McDonalds",
        attribute_option_combo="McDonalds",
        disaggregation="McDonalds × tài trợ: McDonalds",
    )
    return world


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, fmt: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(URL[fmt], data=content, content_type="application/octet-stream")


SAMPLE_FILES = [
    ("dataValueSetJ.json", "json"),
    ("dataValueSetCreateDate.json", "json"),
    ("dataValueSetB.csv", "csv"),
    ("dataValueSetA.xml", "xml"),
    ("adx_data_sample1.xml", "adx"),
]


@pytest.mark.parametrize(("name", "fmt"), SAMPLE_FILES)
def test_each_shared_sample_round_trips_value_by_value(mapped, name, fmt):
    content = (SAMPLES / name).read_bytes()
    admin = client_for(mapped.users["admin"])
    answer = post(admin, fmt, content)
    assert answer.status_code == 200, answer.content.decode()
    exported = admin.get(URL[fmt])
    assert exported.status_code == 200
    assert PARSERS[fmt](exported.content) == PARSERS[fmt](content)


def test_the_csv_sample_holds_twelve_values_and_exports_them_as_json_too(mapped):
    admin = client_for(mapped.users["admin"])
    assert (
        post(admin, "csv", (SAMPLES / "dataValueSetB.csv").read_bytes()).json()["importCount"]["imported"]
        == 12
    )
    values = json.loads(admin.get(URL["json"]).content)["dataValues"]
    by_key = {(v["dataElement"], v["period"], v["orgUnit"]): v["value"] for v in values}
    assert by_key[("eY5ehpbEsB7", "201202", "BdfsJfj87js")] == "10012"
    assert by_key[("f7n9E0hX8qk", "201201", "DiszpKrYNg8")] == "10001"
    assert len(by_key) == 12


def test_the_adx_sample_keeps_its_attribute_combo_and_annotation(mapped):
    admin = client_for(mapped.users["admin"])
    assert post(admin, "adx", (SAMPLES / "adx_data_sample1.xml").read_bytes()).status_code == 200
    # Group 1: MAL01, MAL02, MAL04 under McDonalds, MAL04 × McDonalds; group 2: MAL01–MAL04 → 8 values.
    assert DataValue.objects.filter(is_current=True).count() == 8
    mal03 = DataValue.objects.get(indicator__code="T_MAL03")
    assert (mal03.period, mal03.value, mal03.comment) == (
        "201501",
        0.0,
        "Some qualifying text here on the datavalue",
    )
    assert DataValue.objects.filter(disaggregation="tài trợ: McDonalds").count() == 3


def test_a_reporter_exports_only_their_own_unit(mapped):
    admin = client_for(mapped.users["admin"])
    post(admin, "csv", (SAMPLES / "dataValueSetB.csv").read_bytes())
    bob = client_for(mapped.users["bql"])
    units = {v["orgUnit"] for v in json.loads(bob.get(URL["json"]).content)["dataValues"]}
    assert units == {"BdfsJfj87js"}
    assert bob.get(URL["json"], {"orgUnit": "DiszpKrYNg8"}).status_code == 404
    assert bob.get(URL["json"], {"orgUnit": "BdfsJfj87js"}).status_code == 200


def test_roles_without_the_right_get_403_and_anonymous_401(mapped):
    content = (SAMPLES / "dataValueSetJ.json").read_bytes()
    for who in ("enterprise", "nobody"):
        client = client_for(mapped.users[who])
        assert client.get(URL["adx"]).status_code == 403
        assert post(client, "json", content).status_code == 403
    assert post(client_for(mapped.users["leader"]), "json", content).status_code == 403
    assert Client().get(URL["csv"]).status_code == 401
    assert DataValue.objects.count() == 0


def test_a_reporter_cannot_send_another_units_value_and_nothing_is_saved(mapped):
    bob = client_for(mapped.users["bql"])
    answer = post(bob, "csv", (SAMPLES / "dataValueSetB.csv").read_bytes())
    assert answer.status_code == 409
    body = answer.json()
    assert body["status"] == "ERROR"
    assert any(
        "Dòng 2" in c["value"] and "không được nhập số liệu cho đơn vị" in c["value"]
        for c in body["conflicts"]
    )
    assert DataValue.objects.count() == 0


def test_weekly_and_daily_periods_are_refused_by_name_in_vietnamese(mapped):
    payload = {
        "dataValues": [
            {"dataElement": "f7n9E0hX8qk", "period": "201201", "orgUnit": "DiszpKrYNg8", "value": "1"},
            {"dataElement": "f7n9E0hX8qk", "period": "2012W5", "orgUnit": "DiszpKrYNg8", "value": "2"},
            {"dataElement": "f7n9E0hX8qk", "period": "20120105", "orgUnit": "DiszpKrYNg8", "value": "3"},
            {"dataElement": "f7n9E0hX8qk", "period": "2012April", "orgUnit": "DiszpKrYNg8", "value": "4"},
        ]
    }
    answer = post(client_for(mapped.users["admin"]), "json", json.dumps(payload).encode())
    assert answer.status_code == 409
    conflicts = [c["value"] for c in answer.json()["conflicts"]]
    assert conflicts[0].startswith(
        "Phần tử 2: Kỳ “2012W5” là kỳ theo tuần (YYYYWn) của DHIS2, nền tảng chưa hỗ trợ"
    )
    assert conflicts[1].startswith("Phần tử 3: Kỳ “20120105” là kỳ theo ngày")
    assert conflicts[2].startswith("Phần tử 4: Kỳ “2012April” là năm tài chính")
    assert DataValue.objects.count() == 0


def test_an_adx_period_that_is_not_a_calendar_period_is_named_with_its_group(mapped):
    adx = (
        (SAMPLES / "adx_data_sample1.xml")
        .read_bytes()
        .replace(b'period="2015-01-01/P1M" >', b'period="2015-01-01/P7D" >')
    )
    answer = post(client_for(mapped.users["admin"]), "adx", adx)
    assert answer.status_code == 422
    assert (
        answer.json()["detail"] == "Nhóm (group) thứ 2: Kỳ ADX “2015-01-01/P7D” không đọc được: cần dạng "
        "ngày-bắt-đầu/thời-lượng như 2025-04-01/P1M (tháng), 2025-04-01/P3M (quý), "
        "2025-01-01/P6M (6 tháng), 2025-01-01/P1Y (năm)."
    )


def test_an_unmapped_attribute_option_combo_is_named_and_nothing_is_saved(mapped):
    Dhis2Combo.objects.all().delete()
    answer = post(client_for(mapped.users["admin"]), "adx", (SAMPLES / "adx_data_sample1.xml").read_bytes())
    assert answer.status_code == 409
    first = answer.json()["conflicts"][0]["value"]
    assert first == (
        "Nhóm 1, dataValue thứ 1: cặp categoryOptionCombo “default” × attributeOptionCombo "
        "“McDonalds” chưa có trong bảng ánh xạ tổ hợp phân tổ DHIS2."
    )
    assert DataValue.objects.count() == 0


def test_a_file_that_is_not_xml_gets_a_vietnamese_message(mapped):
    answer = post(client_for(mapped.users["admin"]), "xml", b"<dataValueSet><dataValue")
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("Tệp không phải XML hợp lệ (dòng 1")


def test_xml_with_an_entity_declaration_is_refused(mapped):
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><dataValueSet/>'
    answer = post(client_for(mapped.users["admin"]), "xml", evil)
    assert answer.status_code == 422
    assert "DTD" in answer.json()["detail"]


def test_the_command_exports_and_imports_as_a_named_user(mapped, tmp_path):
    call_command("dhis2", "import", str(SAMPLES / "dataValueSetA.xml"), "--user", "alice")
    out = tmp_path / "out.csv"
    call_command("dhis2", "export", "--user", "bob", "--format", "csv", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [(r["orgunit"], r["period"], r["value"]) for r in rows] == [("BdfsJfj87js", "201201", "10002")]
    with pytest.raises(CommandError, match="không có quyền xuất"):
        call_command("dhis2", "export", "--user", "nora")


def test_the_mapping_file_round_trips_and_a_bad_entry_is_named(mapped, tmp_path):
    out = tmp_path / "mapping.json"
    call_command("dhis2", "mapping-export", "--user", "alice", "-o", str(out))
    mapping = json.loads(out.read_text())
    assert {"id": "342", "unit": "hp:ubnd"} in mapping["orgUnits"]
    mapping["dataElements"].append({"id": "X1", "indicator": "KHONG_CO"})
    out.write_text(json.dumps(mapping))
    with pytest.raises(CommandError, match="dataElements thứ 8: không tìm thấy chỉ số “KHONG_CO”"):
        call_command("dhis2", "mapping-import", str(out))
    assert not Indicator.objects.filter(dhis2_id="X1").exists()


def test_the_exchange_page_imports_a_sample_and_refuses_roles_without_the_right(mapped):
    admin = client_for(mapped.users["admin"])
    with (SAMPLES / "dataValueSetB.csv").open("rb") as f:
        page = admin.post("/trao-doi/", {"tep": f})
    assert page.status_code == 200
    assert "Đã nhập 12 giá trị: 12 mới" in page.content.decode()
    assert client_for(mapped.users["nobody"]).get("/trao-doi/").status_code == 403
    assert client_for(mapped.users["enterprise"]).get("/trao-doi/").status_code == 403
    leader = client_for(mapped.users["leader"])
    assert leader.get("/trao-doi/").status_code == 200
    with (SAMPLES / "dataValueSetB.csv").open("rb") as f:
        assert leader.post("/trao-doi/", {"tep": f}).status_code == 403


def test_children_true_exports_the_org_unit_and_every_unit_below_it(mapped):
    admin = client_for(mapped.users["admin"])
    post(admin, "csv", (SAMPLES / "dataValueSetB.csv").read_bytes())  # 6 values on each of 2 agencies
    CodeMapping.objects.create(kind=CodeMapping.Kind.UNIT, external_id="CITY", unit=mapped.units["hp"])

    def units(**query: str) -> set[str]:
        answer = admin.get(URL["json"], {"orgUnit": "CITY", **query})
        return {v["orgUnit"] for v in json.loads(answer.content)["dataValues"]}

    assert units() == set()  # the city itself reported nothing
    assert units(children="true") == {"DiszpKrYNg8", "BdfsJfj87js"}  # both are the city's agencies
    bob = client_for(mapped.users["bql"])  # the city is outside a reporter's scope
    assert bob.get(URL["json"], {"orgUnit": "CITY", "children": "true"}).status_code == 404


def test_the_csv_export_never_writes_a_comment_as_a_live_formula(mapped):
    admin = client_for(mapped.users["admin"])
    post(admin, "csv", (SAMPLES / "dataValueSetB.csv").read_bytes())
    DataValue.objects.filter(is_current=True).update(comment='=HYPERLINK("http://x","bấm")')
    DataValue.objects.filter(is_current=True, indicator__dhis2_id="f7n9E0hX8qk").update(value=-5)
    rows = list(csv.DictReader(io.StringIO(admin.get(URL["csv"]).content.decode())))
    assert {r["comment"] for r in rows} == {'\'=HYPERLINK("http://x","bấm")'}
    assert "-5" in {r["value"] for r in rows}  # a negative number stays a number

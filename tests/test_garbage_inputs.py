"""Garbage into every form and import, as the role that may use it: never a 500.

The forms are found on the pages themselves (each <form>, its method, action and fields), so a
form added to a page is covered without touching this test. Values are random text, numbers in
odd shapes and known troublemakers (NaN, 1e309, 31/02/2026, NUL…); files are random bytes, a
truncated Office file or a ZIP signature over junk, under names with the accepted extensions.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dieuhanh.zones.tests.conftest import zones  # noqa: F401  (the zones cast, as a fixture)

pytestmark = pytest.mark.django_db
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.S | re.I)
SKIP_TYPES = {"submit", "button", "reset", "image"}

TROUBLE = [
    "",
    " ",
    "NaN",
    "-Infinity",
    "1e309",
    "-1",
    "0",
    "99999999999999999999999",
    "1.234.567,5",
    "31/02/2026",
    "00/00/0000",
    "2026-13-45",
    "²",
    "٣",
    "abc",
    "=1+1",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "a" * 5000,
    "\x00",
    "Đã triển khai\r\n- xong",
]
TEXT = st.one_of(
    st.sampled_from(TROUBLE),
    st.text(max_size=40),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def _docx_prefix() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document xmlns:w='urn:w'><w:body/></w:document>" * 50)
    return out.getvalue()


DOCX = _docx_prefix()
BYTES = st.one_of(
    st.binary(max_size=2048),
    st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b),
    st.integers(min_value=1, max_value=len(DOCX) - 1).map(lambda n: DOCX[:n]),
    st.just(b"%PDF-1.4 garbage"),
)
NAMES = st.sampled_from(["tep.docx", "tep.xlsx", "tep.csv", "tep.pdf", "tep.txt", "tep.md", "tep", "ảnh.png"])


@dataclass
class FormSpec:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name → the page's own value
    files: list[str] = field(default_factory=list)


def _attr(text: str, name: str) -> str | None:
    match = re.search(rf'\b{name}\s*=\s*"([^"]*)"', text, re.I)
    return html.unescape(match.group(1)) if match else None


def forms_on(page: str, url: str) -> list[FormSpec]:
    specs = []
    for attrs, body in FORM.findall(page):
        spec = FormSpec(
            method=(_attr(attrs, "method") or "get").lower(), action=_attr(attrs, "action") or url
        )
        if spec.action.startswith(("http", "//")) or "dang-xuat" in spec.action:
            continue  # leaving the site, or signing out (which would end the session mid-test)
        for _, field_attrs in FIELD.findall(body):
            name, kind = _attr(field_attrs, "name"), (_attr(field_attrs, "type") or "text").lower()
            if not name or kind in SKIP_TYPES:
                continue
            if kind == "file":
                spec.files.append(name)
            else:
                spec.fields[name] = _attr(field_attrs, "value") or ""
        if spec.fields or spec.files:
            specs.append(spec)
    return specs


def hammer(client: Client, url: str, *, examples: int = 12) -> int:
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    page_url = response.request["PATH_INFO"]
    specs = forms_on(response.content.decode(), page_url)
    assert specs, f"no form found on {url}"

    @settings(
        max_examples=examples * len(specs),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one_request(data: st.DataObject) -> None:
        spec = data.draw(st.sampled_from(specs))
        values: dict[str, object] = {}
        for name, own in spec.fields.items():
            # Keep the hidden bookkeeping (csrf, version) sometimes, so the garbage reaches the checks.
            keep = name == "csrfmiddlewaretoken" or data.draw(st.booleans())
            values[name] = own if keep and name in ("csrfmiddlewaretoken", "version") else data.draw(TEXT)
        for name in spec.files:
            values[name] = SimpleUploadedFile(data.draw(NAMES), data.draw(BYTES))
        if spec.method == "post":
            answer = client.post(spec.action, values)
        else:
            answer = client.get(spec.action, {k: v for k, v in values.items() if isinstance(v, str)})
        assert answer.status_code < 500, (spec.action, values)

    one_request()
    return len(specs)


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/nhap-ke-hoach/",
        "/chi-so/nhap-du-lieu/",
        "/nhiem-vu/",
        "/dieu-hanh/",
        "/chi-so/",
        "/chi-so/chi-tieu/",
        "/don-vi/",
        "/tong-hop/",
    ],
)
def test_the_administrators_forms_and_imports_never_answer_500(world, url):
    hammer(signed_in(world.users["admin"]), url)


def test_the_reporters_report_form_evidence_and_excel_upload_never_answer_500(world, reporting):
    client = signed_in(world.users["bql"])
    client.post(f"/bao-cao/ky/{reporting.july.pk}/")  # "Bắt đầu báo cáo": the draft exists from here
    assert hammer(client, f"/bao-cao/ky/{reporting.july.pk}/") >= 2


@pytest.mark.parametrize(
    "url",
    [
        "/khu-cong-nghiep/cua-toi/ho-so/",
        "/khu-cong-nghiep/kien-nghi/gui/",
        "/khu-cong-nghiep/kien-nghi/",
        "/khu-cong-nghiep/tu-danh-gia/",
    ],
)
def test_the_enterprises_forms_never_answer_500(zones, url):  # noqa: F811
    hammer(signed_in(zones.users["enterprise"]), url)


def test_the_enterprises_quarterly_report_never_answers_500(zones):  # noqa: F811
    import datetime as dt

    from dieuhanh.zones.services import enterprise_periods

    period = enterprise_periods(enterprise=zones.a, on=dt.date(2026, 11, 23))[0]
    client = signed_in(zones.users["enterprise"])
    client.post(f"/khu-cong-nghiep/bao-cao/ky/{period.pk}/")  # "Bắt đầu báo cáo"
    hammer(client, f"/khu-cong-nghiep/bao-cao/ky/{period.pk}/")


def test_the_boards_import_never_answers_500(zones):  # noqa: F811
    hammer(signed_in(zones.users["bql"]), "/khu-cong-nghiep/nhap-excel/")

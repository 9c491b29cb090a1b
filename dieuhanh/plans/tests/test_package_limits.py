"""A .docx is a ZIP: the plan reader refuses one that unpacks without bound before python-docx
inflates anything, and never names an exception class to the user."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.test import Client

from dieuhanh.core.packages import check_package
from dieuhanh.plans.extract.readers import ExtractError, read_bytes

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx_with_part(size: int) -> bytes:
    """A package whose word/document.xml unpacks to `size` bytes of whitespace inside a body:
    a few hundred KB on disk, streamed so the test itself never holds the big part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            head = b'<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body>'
            tail = b"</w:body></w:document>"
            part.write(head)
            chunk = b" " * (1024 * 1024)
            left = size - len(head) - len(tail)
            while left > 0:
                part.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            part.write(tail)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return docx_with_part(300 * 1024 * 1024)


def test_a_small_docx_with_a_300_mb_part_is_refused_without_unpacking_it(bomb):
    assert len(bomb) < 1024 * 1024  # well under a megabyte on disk
    tracemalloc.start()
    try:
        with pytest.raises(ExtractError) as refused:
            read_bytes(bomb, name="ke-hoach.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(refused.value)
    assert "ke-hoach.docx" in message and "word/document.xml" in message
    assert "tệp hỏng hoặc không đúng định dạng" in message
    assert peak < 20 * 1024 * 1024  # the 300 MB part was never inflated


def test_the_plan_import_page_refuses_the_bomb_with_a_vietnamese_message(world, bomb):
    client = Client()
    client.force_login(world.users["admin"])
    upload = io.BytesIO(bomb)
    upload.name = "ke-hoach.docx"
    response = client.post("/nhap-ke-hoach/", {"file": upload})
    body = response.content.decode()
    assert response.status_code == 422
    assert "word/document.xml" in body and ("vượt giới hạn" in body or "nén bất thường" in body)


def test_a_package_with_too_many_parts_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in range(2001):
            z.writestr(f"word/media/p{n}.xml", "<a/>")
    with pytest.raises(Exception) as refused:
        check_package(out.getvalue(), label="Tệp x.docx")
    assert "2001 phần" in " ".join(getattr(refused.value, "messages", [str(refused.value)]))


def test_an_entity_declaration_in_a_part_is_refused_before_parsing():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            "<w:document xmlns:w='urn:w'><w:body>&b;</w:body></w:document>",
        )
    with pytest.raises(ExtractError) as refused:
        read_bytes(out.getvalue(), name="ke-hoach.docx")
    assert "DOCTYPE" in str(refused.value)


def test_a_damaged_word_document_is_described_without_an_exception_class():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(ExtractError) as refused:
        read_bytes(out.getvalue(), name="hong.docx")
    message = str(refused.value)
    assert "hong.docx" in message and "không đúng định dạng" in message
    for name in ("KeyError", "XMLSyntaxError", "PackageNotFoundError", "Error)"):
        assert name not in message

"""Office files are zip packages; python-docx and openpyxl stamp each entry with the current
time. Rewriting the package with fixed stamps (and the entries in their given order) makes
the same content give the same bytes."""

from __future__ import annotations

import io
import zipfile
from typing import Any

FIXED_STAMP = (1980, 1, 1, 0, 0, 0)


def package_normalise(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def package_bytes(document: Any) -> bytes:
    """A python-docx document or an openpyxl workbook, saved and normalised."""
    out = io.BytesIO()
    document.save(out)
    return package_normalise(out.getvalue())

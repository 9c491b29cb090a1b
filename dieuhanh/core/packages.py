"""Office packages (.docx, .xlsx) checked before any parser opens them.

A .docx or .xlsx is a ZIP of XML parts. A small file can unpack to gigabytes (a "zip bomb", or
one 300 MB XML part in a 349 KB file) and an XML part can declare entities that expand on
parsing. Here only the ZIP's directory is read — no part is decompressed unless it must be
scanned for a DOCTYPE, and then in bounded chunks — so a hostile file is refused in milliseconds
without memory growth. Python's zipfile never inflates a part beyond the size its directory
declares (it fails the CRC instead), so the declared sizes are a real bound.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError

from dieuhanh.core.text import format_number

BROKEN = "tệp hỏng hoặc không đúng định dạng"


@dataclass(frozen=True)
class PackageLimits:
    max_parts: int = 2_000
    max_part_bytes: int = 40 * 1024 * 1024  # one uncompressed XML part
    max_total_bytes: int = 150 * 1024 * 1024  # the whole package, uncompressed
    max_ratio: int = 200  # uncompressed / compressed, for parts above 1 MB


DEFAULT_LIMITS = PackageLimits()
_SCAN_BYTES = 64 * 1024  # a DOCTYPE can only come before the root element


def _mb(n: int) -> str:
    return format_number(round(n / 1024 / 1024, 1), 1)


def check_package(source: bytes | IO[bytes], *, label: str, limits: PackageLimits = DEFAULT_LIMITS) -> None:
    """Raise ValidationError (Vietnamese, naming the file and the part) for a package that is not
    a well-formed, bounded Office file."""
    stream: IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    position = stream.tell() if stream.seekable() else 0
    try:
        with zipfile.ZipFile(stream) as package:
            infos = package.infolist()
            _check_sizes(infos, label, limits)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and info.file_size:
                    _refuse_doctype(package, info, label)
    except zipfile.BadZipFile:
        raise ValidationError(f"{label}: {BROKEN} (không mở được tệp nén Office).") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError):
        raise ValidationError(f"{label}: {BROKEN} (tệp nén Office không đọc được).") from None
    finally:
        if stream.seekable():
            stream.seek(position)


def _check_sizes(infos: list[zipfile.ZipInfo], label: str, limits: PackageLimits) -> None:
    if len(infos) > limits.max_parts:
        raise ValidationError(
            f"{label}: {BROKEN} — gồm {len(infos)} phần, vượt giới hạn {limits.max_parts} phần."
        )
    total = 0
    for info in infos:
        if info.file_size > limits.max_part_bytes:
            raise ValidationError(
                f"{label}: {BROKEN} — phần “{info.filename}” giải nén ra {_mb(info.file_size)} MB, "
                f"vượt giới hạn {_mb(limits.max_part_bytes)} MB cho một phần."
            )
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(1, info.compress_size):
            raise ValidationError(
                f"{label}: {BROKEN} — phần “{info.filename}” bị nén bất thường "
                f"({_mb(info.compress_size)} MB giải nén ra {_mb(info.file_size)} MB)."
            )
        total += info.file_size
    if total > limits.max_total_bytes:
        raise ValidationError(
            f"{label}: {BROKEN} — giải nén ra {_mb(total)} MB, "
            f"vượt giới hạn {_mb(limits.max_total_bytes)} MB."
        )


def _refuse_doctype(package: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> None:
    """Office never writes a DOCTYPE; one in a part can only be there to declare entities."""
    with package.open(info) as part:
        head = part.read(_SCAN_BYTES)
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise ValidationError(
            f"{label}: {BROKEN} — phần “{info.filename}” khai báo DOCTYPE/ENTITY, "
            "điều mà tệp Office không có."
        )

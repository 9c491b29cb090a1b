"""Making a line of a plan readable: Unicode NFC, legacy encodings undone, markup dropped.

Plans travel through old fonts (TCVN3 ".VnTime"), wrong code pages ("Háº£i DÆ°Æ¡ng"), PDF
copy-paste (NFD, page numbers, paragraphs cut at page breaks) and Markdown editors.
"""

from __future__ import annotations

import re
import unicodedata

# --- legacy encodings -------------------------------------------------------------------

# TCVN3 (ABC), the pre-Unicode Vietnamese standard: one byte per accented letter.
_TCVN3 = dict(
    zip(
        "¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ",
        "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
        strict=True,
    )
)
# Letters TCVN3 text is full of and Unicode Vietnamese never uses.
_TCVN3_ONLY = set("µ¶·¸¹»¼½¾ÆÇËÎÏÐÑÖ×ØÜÞß¨©ª«¬®÷þ\xad")
_UNICODE_VI = set("ăâêôơưđĂÂÊÔƠƯĐạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
# UTF-8 read as Windows-1252: "áº", "Æ°", "Ä‘", "Ã".
_MOJIBAKE = re.compile(
    r"[ÃÄÆá»][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


def repair_encoding(text: str, *, tcvn3: bool | None = None) -> str:
    if _MOJIBAKE.search(text):
        text = _undo_mojibake(text)
    if tcvn3 if tcvn3 is not None else looks_tcvn3(text):
        text = "".join(_TCVN3.get(ch, ch) for ch in text)
    return text


def looks_tcvn3(text: str) -> bool:
    """Whether text was typed in a TCVN3 font: its tell-tale letters outnumber real Vietnamese
    Unicode ones. Judge a whole document when you can; a short line says little."""
    # Lines of UTF-8 misread as Windows-1252 are full of the same Latin-1 letters; skip them.
    text = "\n".join(line for line in text.splitlines() if not _MOJIBAKE.search(line))
    legacy = sum(1 for ch in text if ch in _TCVN3_ONLY)
    unicode_vi = sum(1 for ch in text if ch in _UNICODE_VI)
    return legacy >= 2 and legacy > unicode_vi


def _undo_mojibake(text: str) -> str:
    raw = bytearray()
    for ch in text:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                raw.append(ord(ch))
            else:
                return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


# --- markup and spacing -----------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\xad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_BULLET = re.compile(r"^\s*[*+•●▪◦·]\s+")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_EMPHASIS = re.compile(r"\*+|(?<!\w)__|__(?!\w)")


def clean_line(text: str, *, markdown: bool = False, tcvn3: bool | None = None) -> str:
    """One line, readable: NFC, encodings repaired, `*`/`**`/`__` and Markdown markers dropped,
    bullets as "- ", whitespace collapsed."""
    text = repair_encoding(unicodedata.normalize("NFC", text), tcvn3=tcvn3)
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = _MD_QUOTE.sub("", text) if markdown else text
    text = _MD_HEADING.sub("", text)
    text = _MD_BULLET.sub("- ", text)
    text = _EMPHASIS.sub("", text)
    text = re.sub(r"^\s*[–—]\s+", "- ", text)
    return _SPACES.sub(" ", text).strip()


# --- page-break artefacts ---------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?$", re.IGNORECASE)


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))

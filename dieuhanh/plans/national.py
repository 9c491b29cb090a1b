"""Central bodies (Quốc hội, Chính phủ, the ministries, the Party's central organs…) and the
province's place in a higher-level plan.

A national plan names ministries as leads ("Bộ Khoa học và Công nghệ", "Bộ KH&CN", "Bộ Công
An"); they are never units of the province, so the import must not suggest a department for
them. The register is data (`data/national_bodies.json`), with the 2025 reorganisation: a
merged ministry keeps its old names and points to its successor.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dieuhanh.core.text import fold

_DATA = Path(__file__).parent / "data" / "national_bodies.json"


@dataclass(frozen=True)
class NationalBody:
    name: str
    until: dt.date | None = None
    successor: str | None = None

    @property
    def current_name(self) -> str:
        """The body that does its work today (after the 2025 mergers)."""
        return self.successor or self.name


def key(name: str) -> str:
    """ "Bộ Công An", "bộ công an", "Bộ KH&CN" → the same comparison key for the same writing."""
    folded = fold(name).replace("&", " va ").replace("-", " ")
    return " ".join(re.sub(r"[^\w ]", " ", folded).split())


@cache
def _register() -> dict[str, NationalBody]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    out: dict[str, NationalBody] = {}
    for entry in data["bodies"]:
        until = dt.date.fromisoformat(entry["until"]) if entry.get("until") else None
        body = NationalBody(entry["name"], until, entry.get("successor"))
        for name in [entry["name"], *entry.get("aliases", [])]:
            out.setdefault(key(name), body)
    return out


def national_body(name: str) -> NationalBody | None:
    """The register's entry for a name as a plan writes it, or None."""
    return _register().get(key(_strip_role(name)))


# Central by their wording: "Bộ …" (a ministry; "Bộ Chỉ huy Quân sự tỉnh" is the province's),
# "các bộ, ngành", "… Trung ương", a state group ("Tập đoàn …").
_CENTRAL = re.compile(
    r"^(?:cac\s+)?bo(?!\s+chi\s+huy)\b|^(?:cac\s+)?co\s+quan\s+(?:ngang\s+bo|trung\s+uong|thuoc\s+chinh\s+phu)"
    r"|\btrung\s+uong$|^tap\s+doan\b|^(?:cac\s+)?nganh\s+trung\s+uong"
)


def is_national(name: str) -> bool:
    """Whether a lead or partner named in a plan is a central body, never a unit of a province."""
    if national_body(name) is not None:
        return True
    return bool(_CENTRAL.search(key(_strip_role(name)))) and not mentions_locality(name)


def _strip_role(name: str) -> str:
    return re.sub(r"\s*\((?:chủ\s+trì|phối\s+hợp|thường\s+trực)\)\s*$", "", name, flags=re.IGNORECASE).strip()


def canonical(name: str) -> str:
    """How the register writes a central body ("Bộ Công An" → "Bộ Công an"); other names as given."""
    body = national_body(name)
    return body.name if body else name


# The province's share in a national task: "UBND các tỉnh, thành phố", "các địa phương",
# "các bộ, ngành, địa phương", "tỉnh, thành phố trực thuộc Trung ương".
_LOCALITY = re.compile(
    r"\bdia\s+phuong\b|\b(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+(?:cac\s+)?(?:tinh|thanh\s+pho)\b"
    r"|\bcac\s+tinh\b|\btinh\s*,?\s*thanh\s+pho\s+truc\s+thuoc\b"
)


def mentions_locality(text: str) -> bool:
    return bool(_LOCALITY.search(fold(text)))


def is_national_issuer(issuer: str | None) -> bool:
    """Whether a document comes from above the province (its tasks are not all the province's)."""
    return bool(issuer) and is_national(issuer or "")

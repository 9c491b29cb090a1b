"""The catalogue of the open data in the two shapes a national portal harvests: DCAT-AP as
JSON-LD (at /du-lieu-mo/catalog.jsonld) and CKAN's action API (package_list, package_show,
package_search). Both describe the same datasets: one per published indicator (its series as
CSV and JSON) and one for the published targets with their verdicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from dieuhanh.indicators import aggregation
from dieuhanh.indicators.models import DataValue, Indicator
from dieuhanh.opendata import data
from dieuhanh.opendata.selectors import public_indicators, public_targets
from dieuhanh.units.structure import province_issuer

Absolute = Callable[[str], str]  # request.build_absolute_uri


@dataclass(frozen=True)
class Resource:
    name: str
    format: str  # CSV, JSON
    media_type: str
    url: str  # a path; made absolute by the caller


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    page: str
    keywords: tuple[str, ...]
    modified: dt.datetime | None
    resources: tuple[Resource, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return data.dataset_id(self.name)


def publisher() -> str:
    """The body that publishes the data: the province record's issuer by its full name (a
    national portal lists every province's), unless the deployment names another."""
    configured = getattr(settings, "OPENDATA_PUBLISHER", "")
    if configured:
        return str(configured)
    unit = province_issuer(on=timezone.localdate())
    return unit.name if unit else "Cơ quan công bố dữ liệu"


def publisher_slug() -> str:
    """The publisher as a CKAN organization name: its unit code ("hp:so-khcn" → "hp-so-khcn")."""
    unit = province_issuer(on=timezone.localdate())
    return slugify(unit.code.replace(":", "-")) if unit else "co-quan-cong-bo"


def datasets(*, user: object) -> list[Dataset]:
    """Every published dataset, in the register's order, in a fixed number of queries."""
    changes = _last_changes()
    found = [_indicator_dataset(i, changes) for i in public_indicators(user=user)]
    if public_targets(user=user).exists():
        found.append(_targets_dataset())
    return found


def dataset_names(*, user: object) -> list[str]:
    names = [data.dataset_name(i) for i in public_indicators(user=user)]
    return names + ([data.TARGETS_DATASET] if public_targets(user=user).exists() else [])


def dataset_get(name_or_id: str, *, user: object) -> Dataset | None:
    for indicator in public_indicators(user=user):
        name = data.dataset_name(indicator)
        if name_or_id in (name, data.dataset_id(name)):
            return _indicator_dataset(indicator, _last_changes())
    if (
        name_or_id in (data.TARGETS_DATASET, data.dataset_id(data.TARGETS_DATASET))
        and public_targets(user=user).exists()
    ):
        return _targets_dataset()
    return None


def _indicator_dataset(indicator: Indicator, changes: dict[int, dt.datetime]) -> Dataset:
    name = data.dataset_name(indicator)
    description = indicator.description or indicator.name
    if indicator.unit_of_measure:
        description += f" Đơn vị tính: {indicator.unit_of_measure}."
    return Dataset(
        name=name,
        title=f"{indicator.code}. {indicator.name}",
        description=description,
        page=reverse("opendata:indicator", args=[indicator.code]),
        keywords=("chỉ số", indicator.get_periodicity_display().lower()),
        modified=_last_change(indicator, changes),
        resources=(
            Resource(
                f"{indicator.code}.csv",
                "CSV",
                "text/csv",
                reverse("opendata:series_csv", args=[indicator.code]),
            ),
            Resource(
                f"{indicator.code}.json",
                "JSON",
                "application/json",
                reverse("opendata:series_json", args=[indicator.code]),
            ),
        ),
    )


def _targets_dataset() -> Dataset:
    changed = DataValue.objects.filter(indicator__targets__publication__isnull=False).aggregate(
        m=Max("recorded_at")
    )
    return Dataset(
        name=data.TARGETS_DATASET,
        title="Chỉ tiêu của chương trình và đánh giá tiến độ",
        description="Các chỉ tiêu được công khai, giá trị hiện tại, dự báo năm đạt và đánh giá tiến độ "
        "(đạt, đúng tiến độ, có nguy cơ, chậm, chưa đủ số liệu) cùng lý do.",
        page=reverse("opendata:overview"),
        keywords=("chỉ tiêu", "đánh giá tiến độ"),
        modified=changed["m"],
        resources=(
            Resource("chi-tieu.csv", "CSV", "text/csv", reverse("opendata:targets_csv")),
            Resource("chi-tieu.json", "JSON", "application/json", reverse("opendata:targets_json")),
        ),
    )


def _last_changes() -> dict[int, dt.datetime]:
    """When each entered indicator's values last changed, in one query."""
    rows = DataValue.objects.values("indicator_id").annotate(m=Max("recorded_at")).order_by()
    return {r["indicator_id"]: r["m"] for r in rows}


def _last_change(indicator: Indicator, changes: dict[int, dt.datetime]) -> dt.datetime | None:
    """A computed indicator changes when any indicator of its formula does."""
    found = [changes[i] for i in aggregation.entered_ids(indicator=indicator) if i in changes]
    return max(found) if found else None


def _iso(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment or timezone.now()).replace(microsecond=0).isoformat()


# --- CKAN -----------------------------------------------------------------------------------


def ckan_package(ds: Dataset, absolute: Absolute) -> dict[str, Any]:
    """A dataset as CKAN's package_show returns it (the fields a CKAN harvester reads)."""
    modified = _iso(ds.modified)
    return {
        "id": ds.id,
        "name": ds.name,
        "title": ds.title,
        "notes": ds.description,
        "type": "dataset",
        "state": "active",
        "private": False,
        "url": absolute(ds.page),
        "license_id": data.LICENCE.code,
        "license_title": data.LICENCE.title,
        "license_url": data.LICENCE.url,
        "author": publisher(),
        "maintainer": publisher(),
        "organization": {
            "name": publisher_slug(),
            "title": publisher(),
            "type": "organization",
            "is_organization": True,
        },
        "metadata_created": modified,
        "metadata_modified": modified,
        "tags": [{"name": k, "display_name": k} for k in ds.keywords],
        "num_tags": len(ds.keywords),
        "num_resources": len(ds.resources),
        "resources": [
            {
                "id": data.dataset_id(f"{ds.name}/{r.format.lower()}"),
                "package_id": ds.id,
                "name": r.name,
                "url": absolute(r.url),
                "format": r.format,
                "mimetype": r.media_type,
                "description": f"{ds.title} ({r.format}, {data.LICENCE.title})",
                "last_modified": modified,
                "position": position,
                "state": "active",
            }
            for position, r in enumerate(ds.resources)
        ],
        "extras": [],
    }


# --- DCAT-AP ------------------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dct:issued": {"@type": "xsd:dateTime"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "dct:license": {"@type": "@id"},
}


def dcat_catalogue(absolute: Absolute, *, user: object) -> dict[str, Any]:
    """The catalogue as DCAT-AP 2 JSON-LD, with its context inline so no consumer fetches one."""
    agent = {"@id": absolute("/du-lieu-mo/#publisher"), "@type": "foaf:Agent", "foaf:name": publisher()}
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalogue_jsonld")),
        "@type": "dcat:Catalog",
        "dct:title": {"@value": "Dữ liệu mở: chương trình KHCN, ĐMST và CĐS", "@language": "vi"},
        "dct:description": {
            "@value": "Chỉ tiêu, chỉ số và đánh giá tiến độ của chương trình phát triển khoa học, công nghệ, "
            "đổi mới sáng tạo và chuyển đổi số được công khai.",
            "@language": "vi",
        },
        "dct:publisher": agent,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
        "dct:license": data.LICENCE.url,
        "foaf:homepage": {"@id": absolute(reverse("opendata:data_index"))},
        "dcat:dataset": [_dcat_dataset(ds, agent, absolute) for ds in datasets(user=user)],
    }


def _dcat_dataset(ds: Dataset, agent: dict[str, Any], absolute: Absolute) -> dict[str, Any]:
    modified = _iso(ds.modified)
    return {
        "@id": absolute(ds.page) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": ds.id,
        "dct:title": {"@value": ds.title, "@language": "vi"},
        "dct:description": {"@value": ds.description, "@language": "vi"},
        "dcat:keyword": [{"@value": k, "@language": "vi"} for k in ds.keywords],
        "dct:publisher": {"@id": agent["@id"]},
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": publisher()},
        "dcat:landingPage": absolute(ds.page),
        "dct:modified": modified,
        "dcat:distribution": [
            {
                "@id": absolute(r.url),
                "@type": "dcat:Distribution",
                "dct:title": {"@value": r.name, "@language": "vi"},
                "dcat:accessURL": absolute(r.url),
                "dcat:downloadURL": absolute(r.url),
                "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{r.media_type}"},
                "dct:format": {
                    "@id": f"http://publications.europa.eu/resource/authority/file-type/{r.format}"
                },
                "dct:license": data.LICENCE.url,
                "dct:modified": modified,
            }
            for r in ds.resources
        ],
    }

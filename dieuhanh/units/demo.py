"""The demo's province record: Hải Phòng from 01/07/2025, Hải Dương before (their units come
from `units_load_administrative` and `units_load_agencies`). The regimes are attached by the
loaders that create them (reporting, zones)."""

from __future__ import annotations

from django.db import transaction

from dieuhanh.units.models import Province, Unit

DEMO_PROVINCE = "Thành phố Hải Phòng"
ROOT_BEFORE, ROOT_AFTER = "vn2024:p:30", "vn2025:p:31"
ISSUER = "hp:so-khcn"
BOARD = ("hp:bql-kkt", "hd:bql-kcn")


@transaction.atomic
def province_load_demo() -> dict[str, int]:
    units = Unit.objects.in_bulk([ROOT_BEFORE, ROOT_AFTER, ISSUER, *BOARD], field_name="code")
    province = Province.objects.filter(is_deployed=True).first() or Province(is_deployed=True)
    province.name = DEMO_PROVINCE
    province.root_before = units.get(ROOT_BEFORE)
    province.root_after = units.get(ROOT_AFTER)
    province.map_before = "hai-duong-pre2025-districts.geojson"
    province.map_before_kind = Unit.Kind.DISTRICT
    province.map_before_attribution = (
        "Ranh giới huyện (trước 2025): daohoangson/dvhcvn (GPL-3.0), nguồn gis.chinhphu.vn"
    )
    province.map_after = "hai-phong-2025-wards.geojson"
    province.map_after_kind = Unit.Kind.COMMUNE
    province.map_after_attribution = (
        "Ranh giới xã, phường: lamngockhuong/vietnam-3d-map (MIT), nguồn gis.vn, sapnhap.bando.com.vn"
    )
    province.issuer = units.get(ISSUER)
    province.number_symbol = "/BC-SKHCN"
    province.save()
    province.board_units.set([units[c] for c in BOARD if c in units])
    return {"Tỉnh, thành phố triển khai": 1}

"""Every polygon of the map belongs to a unit: the 114 wards of 2025 and Hải Dương's districts."""

from __future__ import annotations

import pytest

from dieuhanh.dashboard.geo import _features, feature_unit
from dieuhanh.units.admin_data import units_load_administrative
from dieuhanh.units.models import Unit

pytestmark = pytest.mark.django_db

# The layers the demo's province record names (units.demo).
AFTER_MERGER = ("hai-phong-2025-wards.geojson", Unit.Kind.COMMUNE)
BEFORE_MERGER = ("hai-duong-pre2025-districts.geojson", Unit.Kind.DISTRICT)


@pytest.mark.parametrize(("layer", "prefix"), [(AFTER_MERGER, "vn2025:"), (BEFORE_MERGER, "vn2024:")])
def test_no_map_feature_is_left_without_its_unit(layer, prefix) -> None:  # type: ignore[no-untyped-def]
    units_load_administrative(provinces=["31"])
    filename, kind = layer
    units = {
        u.admin_code: u
        for u in Unit.objects.filter(kind=kind, code__startswith=prefix).exclude(admin_code="")
    }
    features = _features(filename)
    linked = {f["properties"]["code"]: feature_unit(f, units) for f in features}
    assert [code for code, unit in linked.items() if unit is None] == []
    assert len({u.pk for u in linked.values() if u is not None}) == len(features)  # one unit each


def test_the_five_wards_whose_map_code_differs_find_their_unit_by_name() -> None:
    units_load_administrative(provinces=["31"])
    filename, kind = AFTER_MERGER
    units = {u.admin_code: u for u in Unit.objects.filter(kind=kind, code__startswith="vn2025:")}
    by_map_code = {f["properties"]["code"]: f for f in _features(filename)}
    # geo/README.md: the five wards whose codes differ between the two registries.
    for code, name in (
        ("10510", "Phường Thành Đông"),
        ("10540", "Phường Tứ Minh"),
        ("10672", "Phường Nam Đồng"),
        ("10777", "Xã An Thành"),
        ("11341", "Phường Ngô Quyền"),
    ):
        unit = feature_unit(by_map_code[code], units)
        assert unit is not None and unit.name == name

"""The demo agencies of Hải Dương and Hải Phòng, and their two reorganisations of 2025.

Basis:
- 01/03/2025, sắp xếp bộ máy (Nghị định 45/2025/NĐ-CP ngày 28/02/2025 on the specialised
  agencies of provincial People's Committees): Sở TT&TT into Sở KH&CN, Sở KH&ĐT into Sở Tài
  chính, Sở GTVT into Sở Xây dựng, Sở TN&MT and Sở NN&PTNT into the new Sở NN&MT, Sở LĐ-TB&XH
  into Sở Nội vụ. Parts of some went elsewhere (e.g. social protection to Sở Y tế, the press
  to Sở VH-TT&DL); the table keeps the main successor with weight 1.
- 01/07/2025, hợp nhất tỉnh Hải Dương vào thành phố Hải Phòng (Nghị quyết 202/2025/QH15 ngày
  12/06/2025): each Hải Dương body still existing on 30/06/2025 went into its Hải Phòng
  counterpart. Post and telecoms branches (Bưu điện, VNPT, Viettel) are organised per
  province, so their Hải Phòng branches are added as counterparts. Báo Hải Dương, Đài Phát
  thanh và Truyền hình Hải Dương and the State Bank branch are left WITHOUT successor: their
  reorganisation (press merger, regional State Bank branches) is not modelled here.

Codes are referenced by other apps and by the seeds: change names freely, codes never.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from dieuhanh.units.models import Unit, UnitSuccession
from dieuhanh.units.sync import (
    EdgeSpec,
    LoadResult,
    SuccessionSpec,
    UnitSpec,
    sync_edges,
    sync_successions,
    sync_units,
    units_by_code,
)

DEPARTMENT_MERGE_DAY = dt.date(2025, 3, 1)
PROVINCE_MERGE_DAY = dt.date(2025, 7, 1)
BEFORE_DEPARTMENT_MERGE = dt.date(2025, 2, 28)
BEFORE_PROVINCE_MERGE = dt.date(2025, 6, 30)
DEPARTMENT_BASIS = "sắp xếp bộ máy 01/03/2025 (Nghị định 45/2025/NĐ-CP)"
PROVINCE_BASIS = "hợp nhất tỉnh Hải Dương vào thành phố Hải Phòng 01/07/2025 (Nghị quyết 202/2025/QH15)"
SOURCE = "dữ liệu mẫu dieuhanh"
LABELS = {"agency": "Cơ quan, đơn vị mẫu", "succession": "Quan hệ kế thừa cơ quan"}

HD_PROVINCE = "vn2024:p:30"
HP_PROVINCE_OLD = "vn2024:p:31"
HP_PROVINCE_NEW = "vn2025:p:31"

# code, name, short name, subtype. All hang under the old province and end on 30/06/2025,
# except the departments merged on 01/03/2025 (DEPARTMENT_MERGES) and those created then.
HAI_DUONG: tuple[tuple[str, str, str, str], ...] = (
    ("hd:ubnd", "Ủy ban nhân dân tỉnh Hải Dương", "UBND tỉnh Hải Dương", "Ủy ban nhân dân"),
    ("hd:tinh-uy", "Tỉnh ủy Hải Dương", "Tỉnh ủy Hải Dương", "Tỉnh ủy"),
    ("hd:vp-ubnd", "Văn phòng Ủy ban nhân dân tỉnh Hải Dương", "VP UBND tỉnh Hải Dương", "Văn phòng"),
    ("hd:so-khcn", "Sở Khoa học và Công nghệ tỉnh Hải Dương", "Sở KH&CN Hải Dương", "Sở"),
    ("hd:so-tttt", "Sở Thông tin và Truyền thông tỉnh Hải Dương", "Sở TT&TT Hải Dương", "Sở"),
    ("hd:so-khdt", "Sở Kế hoạch và Đầu tư tỉnh Hải Dương", "Sở KH&ĐT Hải Dương", "Sở"),
    ("hd:so-tc", "Sở Tài chính tỉnh Hải Dương", "Sở Tài chính Hải Dương", "Sở"),
    ("hd:so-gtvt", "Sở Giao thông vận tải tỉnh Hải Dương", "Sở GTVT Hải Dương", "Sở"),
    ("hd:so-xd", "Sở Xây dựng tỉnh Hải Dương", "Sở Xây dựng Hải Dương", "Sở"),
    ("hd:so-tnmt", "Sở Tài nguyên và Môi trường tỉnh Hải Dương", "Sở TN&MT Hải Dương", "Sở"),
    ("hd:so-nnptnt", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Hải Dương", "Sở NN&PTNT Hải Dương", "Sở"),
    ("hd:so-nnmt", "Sở Nông nghiệp và Môi trường tỉnh Hải Dương", "Sở NN&MT Hải Dương", "Sở"),
    ("hd:so-ldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Hải Dương", "Sở LĐ-TB&XH Hải Dương", "Sở"),
    ("hd:so-noivu", "Sở Nội vụ tỉnh Hải Dương", "Sở Nội vụ Hải Dương", "Sở"),
    ("hd:so-ct", "Sở Công Thương tỉnh Hải Dương", "Sở Công Thương Hải Dương", "Sở"),
    ("hd:so-gddt", "Sở Giáo dục và Đào tạo tỉnh Hải Dương", "Sở GD&ĐT Hải Dương", "Sở"),
    ("hd:so-yt", "Sở Y tế tỉnh Hải Dương", "Sở Y tế Hải Dương", "Sở"),
    ("hd:so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch tỉnh Hải Dương", "Sở VH-TT&DL Hải Dương", "Sở"),
    ("hd:so-tp", "Sở Tư pháp tỉnh Hải Dương", "Sở Tư pháp Hải Dương", "Sở"),
    ("hd:thanh-tra", "Thanh tra tỉnh Hải Dương", "Thanh tra tỉnh Hải Dương", "Thanh tra"),
    ("hd:ca", "Công an tỉnh Hải Dương", "Công an tỉnh Hải Dương", "Công an"),
    ("hd:bql-kcn", "Ban Quản lý các khu công nghiệp tỉnh Hải Dương", "BQL các KCN Hải Dương", "Ban"),
    ("hd:dai-ptth", "Đài Phát thanh và Truyền hình Hải Dương", "Đài PT-TH Hải Dương", "Đơn vị sự nghiệp"),
    ("hd:bao", "Báo Hải Dương", "Báo Hải Dương", "Cơ quan báo chí"),
    ("hd:nhnn", "Ngân hàng Nhà nước chi nhánh tỉnh Hải Dương", "NHNN Hải Dương", "Cơ quan trung ương"),
    ("hd:buu-dien", "Bưu điện tỉnh Hải Dương", "Bưu điện Hải Dương", "Doanh nghiệp"),
    ("hd:vnpt", "VNPT Hải Dương", "VNPT Hải Dương", "Doanh nghiệp"),
    ("hd:viettel", "Viettel Hải Dương", "Viettel Hải Dương", "Doanh nghiệp"),
)
CREATED_0103 = {"hd:so-nnmt"}

# code, name, short name, subtype; valid throughout, under the old then the new city.
HAI_PHONG: tuple[tuple[str, str, str, str], ...] = (
    ("hp:ubnd", "Ủy ban nhân dân thành phố Hải Phòng", "UBND thành phố Hải Phòng", "Ủy ban nhân dân"),
    ("hp:thanh-uy", "Thành ủy Hải Phòng", "Thành ủy Hải Phòng", "Thành ủy"),
    (
        "hp:vp-ubnd",
        "Văn phòng Ủy ban nhân dân thành phố Hải Phòng",
        "VP UBND thành phố Hải Phòng",
        "Văn phòng",
    ),
    ("hp:so-khcn", "Sở Khoa học và Công nghệ thành phố Hải Phòng", "Sở KH&CN Hải Phòng", "Sở"),
    ("hp:so-tc", "Sở Tài chính thành phố Hải Phòng", "Sở Tài chính Hải Phòng", "Sở"),
    ("hp:so-xd", "Sở Xây dựng thành phố Hải Phòng", "Sở Xây dựng Hải Phòng", "Sở"),
    ("hp:so-nnmt", "Sở Nông nghiệp và Môi trường thành phố Hải Phòng", "Sở NN&MT Hải Phòng", "Sở"),
    ("hp:so-noivu", "Sở Nội vụ thành phố Hải Phòng", "Sở Nội vụ Hải Phòng", "Sở"),
    ("hp:so-ct", "Sở Công Thương thành phố Hải Phòng", "Sở Công Thương Hải Phòng", "Sở"),
    ("hp:so-gddt", "Sở Giáo dục và Đào tạo thành phố Hải Phòng", "Sở GD&ĐT Hải Phòng", "Sở"),
    ("hp:so-yt", "Sở Y tế thành phố Hải Phòng", "Sở Y tế Hải Phòng", "Sở"),
    ("hp:so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch thành phố Hải Phòng", "Sở VH-TT&DL Hải Phòng", "Sở"),
    ("hp:so-tp", "Sở Tư pháp thành phố Hải Phòng", "Sở Tư pháp Hải Phòng", "Sở"),
    ("hp:thanh-tra", "Thanh tra thành phố Hải Phòng", "Thanh tra thành phố Hải Phòng", "Thanh tra"),
    ("hp:ca", "Công an thành phố Hải Phòng", "Công an thành phố Hải Phòng", "Công an"),
    ("hp:bql-kkt", "Ban Quản lý Khu kinh tế Hải Phòng", "BQL Khu kinh tế Hải Phòng", "Ban"),
    ("hp:buu-dien", "Bưu điện thành phố Hải Phòng", "Bưu điện Hải Phòng", "Doanh nghiệp"),
    ("hp:vnpt", "VNPT Hải Phòng", "VNPT Hải Phòng", "Doanh nghiệp"),
    ("hp:viettel", "Viettel Hải Phòng", "Viettel Hải Phòng", "Doanh nghiệp"),
)

# predecessor → successor on 01/03/2025, within Hải Dương.
DEPARTMENT_MERGES: tuple[tuple[str, str], ...] = (
    ("hd:so-tttt", "hd:so-khcn"),
    ("hd:so-khdt", "hd:so-tc"),
    ("hd:so-gtvt", "hd:so-xd"),
    ("hd:so-tnmt", "hd:so-nnmt"),
    ("hd:so-nnptnt", "hd:so-nnmt"),
    ("hd:so-ldtbxh", "hd:so-noivu"),
)

# Hải Dương body → Hải Phòng counterpart on 01/07/2025, where the name alone does not tell.
COUNTERPART_EXCEPTIONS = {"hd:tinh-uy": "hp:thanh-uy", "hd:bql-kcn": "hp:bql-kkt"}
WITHOUT_COUNTERPART = {
    "hd:bao": "sắp xếp cơ quan báo chí chưa được mô hình hóa",
    "hd:dai-ptth": "sắp xếp cơ quan báo chí chưa được mô hình hóa",
    "hd:nhnn": "Ngân hàng Nhà nước tổ chức lại theo khu vực, chưa được mô hình hóa",
}


class ProvincesNotLoaded(LookupError):
    """The agencies hang under province units that the administrative loader creates."""


@transaction.atomic
def units_load_agencies() -> LoadResult:
    """Load the demo agencies, their parents and successions. Idempotent. Needs the
    provinces of `units_load_administrative` (vn2024:p:30, vn2024:p:31, vn2025:p:31)."""
    provinces = _provinces()
    specs = _hai_duong_specs() + _hai_phong_specs()
    units, result_units = sync_units(specs)
    units.update(provinces)
    result = LoadResult(loaded={"agency": len(specs)}, labels=LABELS, units=result_units)
    result.parents = sync_edges(_edges(), units)
    successions = _successions()
    result.successions = sync_successions(successions, units)
    result.loaded["succession"] = len(successions)
    result.without_successor = dict(WITHOUT_COUNTERPART)
    return result


def hai_phong_counterpart(code: str) -> str | None:
    """The Hải Phòng body that took over a Hải Dương one on 01/07/2025, if any."""
    if code in WITHOUT_COUNTERPART:
        return None
    return COUNTERPART_EXCEPTIONS.get(code, "hp:" + code.removeprefix("hd:"))


def _provinces() -> dict[str, Unit]:
    codes = (HD_PROVINCE, HP_PROVINCE_OLD, HP_PROVINCE_NEW)
    found = units_by_code(codes)
    missing = [c for c in codes if c not in found]
    if missing:
        raise ProvincesNotLoaded(
            f"Chưa có đơn vị hành chính {', '.join(missing)}: hãy nạp đơn vị hành chính "
            "(lệnh load_units) trước khi nạp cơ quan."
        )
    return found


def _hai_duong_specs() -> list[UnitSpec]:
    specs = []
    for code, name, short, subtype in HAI_DUONG:
        valid_from, valid_to = _hai_duong_validity(code)
        specs.append(
            UnitSpec(
                code=code,
                kind=Unit.Kind.AGENCY,
                name=name,
                short_name=short,
                subtype=subtype,
                valid_from=valid_from,
                valid_to=valid_to,
                source=SOURCE,
            )
        )
    return specs


def _hai_duong_validity(code: str) -> tuple[dt.date | None, dt.date]:
    merged_away = {old for old, _ in DEPARTMENT_MERGES}
    valid_from = DEPARTMENT_MERGE_DAY if code in CREATED_0103 else None
    return valid_from, BEFORE_DEPARTMENT_MERGE if code in merged_away else BEFORE_PROVINCE_MERGE


def _hai_phong_specs() -> list[UnitSpec]:
    return [
        UnitSpec(
            code=code, kind=Unit.Kind.AGENCY, name=name, short_name=short, subtype=subtype, source=SOURCE
        )
        for code, name, short, subtype in HAI_PHONG
    ]


def _edges() -> list[EdgeSpec]:
    edges = [
        EdgeSpec(
            child=code,
            parent=HD_PROVINCE,
            valid_from=_hai_duong_validity(code)[0],
            valid_to=_hai_duong_validity(code)[1],
        )
        for code, *_ in HAI_DUONG
    ]
    for code, *_ in HAI_PHONG:
        edges.append(EdgeSpec(child=code, parent=HP_PROVINCE_OLD, valid_to=BEFORE_PROVINCE_MERGE))
        edges.append(EdgeSpec(child=code, parent=HP_PROVINCE_NEW, valid_from=PROVINCE_MERGE_DAY))
    return edges


def _successions() -> list[SuccessionSpec]:
    merges = [_merge(old, new, DEPARTMENT_MERGE_DAY, DEPARTMENT_BASIS) for old, new in DEPARTMENT_MERGES]
    for code, *_ in HAI_DUONG:
        counterpart = hai_phong_counterpart(code)
        if _hai_duong_validity(code)[1] == BEFORE_PROVINCE_MERGE and counterpart is not None:
            merges.append(_merge(code, counterpart, PROVINCE_MERGE_DAY, PROVINCE_BASIS))
    return merges


def _merge(old: str, new: str, on: dt.date, basis: str) -> SuccessionSpec:
    return SuccessionSpec(
        predecessor=old,
        successor=new,
        effective_on=on,
        kind=UnitSuccession.Kind.MERGE,
        weight=Decimal(1),
        basis=basis,
    )

"""Demo indicators: one behind every target of Plan 726/KH-UBND (seed 001 §1) and the figures
of seeds 002 and 003, with monthly history.

Figures from the seeds are exact at the month they were reported (04/2025): 1.717.420
electronic-identity records, 1.295.020 activated accounts, 8.389 and 5.365 of them in the
month, 13.091 citizen-ID records in the month, online dossiers near 88 % of the 25 essential
public services. Everything else is ILLUSTRATIVE ("dữ liệu minh họa"): plausible series that
end at those figures, generated with a fixed seed. Province-level series are recorded under
the province of the day (Hải Dương until 30/06/2025, then the city of Hải Phòng, continuing
the Hải Dương programme); dossier counts are recorded by the 2024 communes of Hải Dương until
06/2025 and by the communes that succeeded them since 07/2025, so the demo exercises the
reorganisation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from dieuhanh.core.periods import Period, period_range
from dieuhanh.indicators.aggregation import registry_forget, rollup_invalidate
from dieuhanh.indicators.models import DataValue, Indicator, Source, ValueKind
from dieuhanh.plans.models import Target
from dieuhanh.units.models import Unit, UnitParent, UnitSuccession

HD = "vn2024:p:30"
HP = "vn2025:p:31"
MERGER = dt.date(2025, 7, 1)
FIRST_MONTH = Period.month(2022, 1)
SEED_MONTH = Period.month(2025, 4)
NOTE_SEED = "Số liệu theo bài viết (seed 002), tháng 4/2025; các tháng khác là dữ liệu minh họa"
NOTE_DEMO = "Dữ liệu minh họa"


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    uom: str
    periodicity: str = "Y"
    direction: str = "positive"
    unit_aggregation: str = "none"
    time_aggregation: str = "last"
    decimals: int = 1
    formula: str = ""
    targets: tuple[str, ...] = ()
    note: str = NOTE_DEMO
    # The value rules (validation.py): a kind other than the one the unit implies, own bounds, a whole.
    kind: str = ""
    min_value: float | None = None
    max_value: float | None = None
    whole: str = ""

    @property
    def value_kind(self) -> str:
        if self.kind:
            return self.kind
        if self.uom.startswith("%"):
            return ValueKind.PERCENT
        return ValueKind.COUNT if self.decimals == 0 else ValueKind.NUMBER


SPECS = (
    Spec(
        "XH_UDKHCN",
        "Xếp hạng của tỉnh về ứng dụng, chuyển giao KHCN và ĐMST",
        "hạng",
        direction="negative",
        decimals=0,
        targets=("CT-2030-01",),
    ),
    # A growth rate may be negative; TFP's share of growth may fall below 0 or pass 100.
    Spec("GRDP_TT", "Tốc độ tăng trưởng GRDP", "%", min_value=-100, targets=("CT-2030-02",)),
    Spec(
        "TFP_DG",
        "Đóng góp của TFP vào tăng trưởng kinh tế",
        "%",
        min_value=-100,
        max_value=200,
        targets=("CT-2030-03",),
    ),
    Spec("KTS_GRDP", "Tỷ trọng kinh tế số trong GRDP", "% GRDP", targets=("CT-2030-04", "CT-2045-02")),
    Spec(
        "DVC_HS",
        "Số hồ sơ của 25 dịch vụ công thiết yếu",
        "hồ sơ",
        periodicity="M",
        unit_aggregation="sum",
        time_aggregation="sum",
        decimals=0,
    ),
    Spec(
        "DVC_HS_TT",
        "Số hồ sơ nộp trực tuyến của 25 dịch vụ công thiết yếu",
        "hồ sơ",
        whole="DVC_HS",
        periodicity="M",
        unit_aggregation="sum",
        time_aggregation="sum",
        decimals=0,
    ),
    Spec(
        "DVC_TL_TT",
        "Tỷ lệ hồ sơ nộp trực tuyến (25 dịch vụ công thiết yếu)",
        "%",
        periodicity="M",
        formula="DVC_HS_TT / DVC_HS * 100",
        targets=("CT-2030-05",),
        note=NOTE_SEED,
    ),
    Spec(
        "TT_KDTM",
        "Tỷ lệ giao dịch không dùng tiền mặt",
        "%",
        periodicity="M",
        time_aggregation="mean",
        targets=("CT-2030-06",),
    ),
    Spec("DN_DMST", "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", "%", targets=("CT-2030-07",)),
    # An index: a bare number, no unit word ("0,8", not "0,8 chỉ số").
    Spec("HDI", "Chỉ số phát triển con người (HDI)", "", decimals=3, targets=("CT-2030-08",)),
    Spec("RD_GRDP", "Chi cho nghiên cứu và phát triển (R&D)", "% GRDP", decimals=2, targets=("CT-2030-09",)),
    Spec("RD_XH", "Tỷ trọng kinh phí R&D từ xã hội", "%", targets=("CT-2030-10",)),
    Spec(
        "NS_KHCN",
        "Tỷ lệ chi ngân sách cho KHCN, ĐMST và CĐS",
        "% ngân sách",
        decimals=2,
        targets=("CT-2030-11",),
    ),
    Spec("PS_5G", "Tỷ lệ dân số được phủ sóng 5G", "%", periodicity="M", targets=("CT-2030-12",)),
    Spec(
        "DTTM",
        "Số đô thị hoàn thành xây dựng đô thị thông minh",
        "đô thị",
        decimals=0,
        targets=("CT-2030-13",),
    ),
    Spec(
        "DN_CNS_UT",
        "Số tổ chức, doanh nghiệp công nghệ số có uy tín đầu tư tại tỉnh",
        "tổ chức",
        decimals=0,
        targets=("CT-2030-14",),
    ),
    Spec(
        "PII_XH",
        "Xếp hạng Chỉ số đổi mới sáng tạo cấp địa phương (PII)",
        "hạng",
        direction="negative",
        decimals=0,
        targets=("CT-2035-01", "CT-2045-01"),
    ),
    Spec(
        "DDDT_HS",
        "Lũy kế hồ sơ định danh điện tử đã thu nhận",
        "hồ sơ",
        periodicity="M",
        unit_aggregation="sum",
        decimals=0,
        note=NOTE_SEED,
    ),
    Spec(
        "DDDT_HS_THANG",
        "Hồ sơ định danh điện tử thu nhận trong tháng",
        "hồ sơ",
        periodicity="M",
        unit_aggregation="sum",
        time_aggregation="sum",
        decimals=0,
        note=NOTE_SEED,
    ),
    Spec(
        "DDDT_TK",
        "Lũy kế tài khoản định danh điện tử đã kích hoạt",
        "tài khoản",
        periodicity="M",
        unit_aggregation="sum",
        decimals=0,
        note=NOTE_SEED,
    ),
    Spec(
        "DDDT_TK_THANG",
        "Tài khoản định danh điện tử kích hoạt trong tháng",
        "tài khoản",
        periodicity="M",
        unit_aggregation="sum",
        time_aggregation="sum",
        decimals=0,
        note=NOTE_SEED,
    ),
    Spec(
        "DDDT_TL_KH",
        "Tỷ lệ tài khoản định danh điện tử đã kích hoạt trên hồ sơ thu nhận",
        "%",
        periodicity="M",
        formula="DDDT_TK / DDDT_HS * 100",
    ),
    Spec(
        "CC_HS_THANG",
        "Hồ sơ căn cước thu nhận trong tháng",
        "hồ sơ",
        periodicity="M",
        unit_aggregation="sum",
        time_aggregation="sum",
        decimals=0,
        note=NOTE_SEED,
    ),
    Spec(
        "APP_SMART",
        "Số lượt cài đặt ứng dụng Smart Hải Dương",
        "lượt",
        periodicity="M",
        unit_aggregation="sum",
        decimals=0,
        note="Khoảng 150.000 lượt (seed 003, năm 2022); các tháng khác là dữ liệu minh họa",
    ),
)

# Yearly figures (illustrative), 2021 → 2025.
YEARLY: dict[str, list[float | None]] = {
    "XH_UDKHCN": [29, 27, 25, 24, 22],
    "GRDP_TT": [8.8, 10.1, 8.8, 10.2, 10.9],
    "TFP_DG": [40.5, 42.0, 44.1, 45.8, 47.2],
    "KTS_GRDP": [10.5, 12.1, 13.8, 15.6, 17.3],
    "DN_DMST": [18.0, 20.1, 22.4, 24.0, 25.5],
    "HDI": [0.738, 0.742, 0.747, 0.752, 0.756],
    "RD_GRDP": [0.45, 0.50, 0.52, 0.58, 0.66],
    "RD_XH": [35.0, 38.0, 40.5, 44.0, 47.0],
    "NS_KHCN": [1.20, 1.35, 1.50, 2.10, 3.05],
    "DTTM": [0, 0, 0, 0, 1],
    "DN_CNS_UT": [0, 0, 0, 0, 1],
    "PII_XH": [None, None, 31, 27, 24],
}


@transaction.atomic
def indicators_load_demo(*, until: Period | None = None) -> dict[str, int]:
    """Create the demo indicators and their values (idempotent: demo values are replaced).
    Needs the units and the programme demo (targets of 726/KH-UBND) loaded first."""
    last = until or Period.containing("M", timezone.localdate()).shift(-1)
    indicators = {s.code: _indicator(s, order) for order, s in enumerate(SPECS, start=1)}
    registry_forget()
    DataValue.objects.filter(source=Source.DEMO).delete()
    rng = np.random.default_rng(726)
    rows = (
        _yearly_rows(indicators, last)
        + _monthly_rows(indicators, last, rng)
        + _commune_rows(indicators, last, rng)
    )
    bulk_create_with_history(rows, DataValue, batch_size=2000)
    rollup_invalidate(indicator_ids=[i.pk for i in indicators.values()])
    return {"Chỉ số": len(indicators), "Số liệu chỉ số (mẫu)": len(rows)}


def _indicator(spec: Spec, order: int) -> Indicator:
    obj, _ = Indicator.objects.update_or_create(
        code=spec.code,
        defaults={
            "name": spec.name,
            "unit_of_measure": spec.uom,
            "periodicity": spec.periodicity,
            "direction": spec.direction,
            "unit_aggregation": spec.unit_aggregation,
            "time_aggregation": spec.time_aggregation,
            "decimals": spec.decimals,
            "formula": spec.formula,
            "source_note": spec.note,
            "order": order,
            "value_kind": spec.value_kind,
            "min_value": spec.min_value,
            "max_value": spec.max_value,
            "whole": Indicator.objects.get(code=spec.whole) if spec.whole else None,
        },
    )
    targets = Target.objects.filter(document__number="726/KH-UBND", code__in=spec.targets)
    obj.targets.set(targets)
    if spec.code in YEARLY:
        first = next((i for i, v in enumerate(YEARLY[spec.code]) if v is not None), 0)
        obj.baseline_year = 2021 + first
        obj.baseline_value = YEARLY[spec.code][first]
        obj.save(update_fields=["baseline_year", "baseline_value"])
    return obj


def _province(period: Period) -> Unit:
    return Unit.objects.get(code=HD if period.end < MERGER else HP)


def _value(indicator: Indicator, unit: Unit, period: Period, value: float) -> DataValue:
    return DataValue(
        indicator=indicator,
        unit=unit,
        period=period.code,
        value=float(value),
        source=Source.DEMO,
        source_ref="indicators_load_demo",
        recorded_at=_recorded_at(period),
    )


def _recorded_at(period: Period) -> dt.datetime:
    """Half a month after the period closes, as agencies send figures — never after now."""
    usual = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=15), dt.time(9)))
    return min(usual, timezone.now())


def _yearly_rows(indicators: dict[str, Indicator], last: Period) -> list[DataValue]:
    rows = []
    for code, values in YEARLY.items():
        for year, value in enumerate(values, start=2021):
            period = Period("Y", year, 1)
            if value is not None and period.end <= last.end:
                rows.append(_value(indicators[code], _province(period), period, value))
    return rows


def _monthly_rows(
    indicators: dict[str, Indicator], last: Period, rng: np.random.Generator
) -> list[DataValue]:
    months = period_range(FIRST_MONTH, last)
    series: dict[str, list[float | None]] = {
        "TT_KDTM": _trend(months, 42.0, 68.0, rng, noise=0.8),
        "PS_5G": _ramp(months, Period.month(2024, 10), 12.0, 3.1, 100.0),
        "APP_SMART": _cumulative(months, Period.month(2022, 6), 150_000, lambda m: 4200 * 0.985**m, rng),
        **_identity_series(months, rng),
    }
    rows = []
    for code, values in series.items():
        for period, value in zip(months, values, strict=True):
            if value is not None:
                rows.append(_value(indicators[code], _province(period), period, round(value, 1)))
    return rows


def _trend(
    months: list[Period], start: float, end: float, rng: np.random.Generator, noise: float
) -> list[float | None]:
    steps = np.linspace(start, end, len(months))
    return list(np.round(steps + rng.normal(0, noise, len(months)), 1))


def _ramp(
    months: list[Period], begin: Period, first: float, per_month: float, cap: float
) -> list[float | None]:
    out: list[float | None] = []
    for p in months:
        if p < begin:
            out.append(None)
            continue
        n = (p.year - begin.year) * 12 + p.number - begin.number
        out.append(min(cap, first + per_month * n))
    return out


def _cumulative(months, anchor: Period, anchor_total: float, monthly, rng) -> list[float | None]:  # type: ignore[no-untyped-def]
    """A running total equal to `anchor_total` at `anchor`, growing by `monthly(i)` (noisy)."""
    flows = [max(0.0, monthly(i) * (1 + rng.normal(0, 0.05))) for i in range(len(months))]
    i_anchor = months.index(anchor)
    start = anchor_total - sum(flows[: i_anchor + 1])
    return list(np.round(start + np.cumsum(flows)))


def _identity_series(months: list[Period], rng: np.random.Generator) -> dict[str, list[float | None]]:
    """E-identity records and accounts (Đề án 06): monthly flows fall off as coverage nears its
    ceiling; the running totals are exact at 04/2025 (seed 002), and so are that month's flows."""
    i = months.index(SEED_MONTH)
    n = len(months)
    decay = np.array([0.96 ** (k - i) for k in range(n)])
    records = np.round(8389 * decay * (1 + rng.normal(0, 0.04, n)))
    accounts = np.round(5365 * decay * (1 + rng.normal(0, 0.04, n)))
    ids = np.round(13091 * np.array([0.985 ** (k - i) for k in range(n)]) * (1 + rng.normal(0, 0.05, n)))
    records[i], accounts[i], ids[i] = 8389, 5365, 13091
    # The latest month of citizen-ID records jumps (a mobile campaign): the early warning shows it.
    ids[-1] = round(ids[-2] * 2.6)
    records_total = 1_717_420 - records[: i + 1].sum() + np.cumsum(records)
    accounts_total = 1_295_020 - accounts[: i + 1].sum() + np.cumsum(accounts)
    return {
        "DDDT_HS_THANG": list(records),
        "DDDT_TK_THANG": list(accounts),
        "CC_HS_THANG": list(ids),
        "DDDT_HS": list(records_total),
        "DDDT_TK": list(accounts_total),
    }


def _commune_rows(
    indicators: dict[str, Indicator], last: Period, rng: np.random.Generator
) -> list[DataValue]:
    """Dossiers of the 25 essential services, by commune: 2024 communes of Hải Dương until
    06/2025, their successors since. The province's online share reaches about 88 % in 04/2025."""
    legacy = _legacy_communes()
    size = {u.pk: float(rng.lognormal(mean=0, sigma=0.35)) for u in legacy}
    scale = 30_000 / sum(size.values())
    successors = _successor_sizes(legacy, size)
    months = period_range(FIRST_MONTH, last)
    i_seed = months.index(SEED_MONTH)
    share = np.clip(
        np.linspace(0.55, 0.55 + (0.879 - 0.55) * (len(months) - 1) / i_seed, len(months)), 0, 0.97
    )
    rows = []
    for k, period in enumerate(months):
        reporters = [(u, size[u.pk]) for u in legacy] if period.end < MERGER else successors
        season = 1 + 0.08 * np.sin(2 * np.pi * (period.number - 3) / 12)
        for unit, weight in reporters:
            total = round(weight * scale * season * (1 + rng.normal(0, 0.06)))
            online = round(total * min(0.99, max(0.0, share[k] + rng.normal(0, 0.015))))
            rows.append(_value(indicators["DVC_HS"], unit, period, total))
            rows.append(_value(indicators["DVC_HS_TT"], unit, period, online))
    return rows


def _legacy_communes() -> list[Unit]:
    districts = UnitParent.objects.filter(parent__code=HD, child__kind=Unit.Kind.DISTRICT).values("child_id")
    ids = UnitParent.objects.filter(parent_id__in=districts, child__kind=Unit.Kind.COMMUNE).values("child_id")
    return list(Unit.objects.filter(id__in=ids).order_by("code"))


def _successor_sizes(legacy: list[Unit], size: dict[int, float]) -> list[tuple[Unit, float]]:
    """The new communes that took over Hải Dương's, each sized by the shares it received."""
    received: dict[int, float] = {}
    for pred, succ, weight in UnitSuccession.objects.filter(predecessor__in=legacy).values_list(
        "predecessor_id", "successor_id", "weight"
    ):
        received[succ] = received.get(succ, 0.0) + size[pred] * float(weight)
    units = Unit.objects.in_bulk(list(received))
    return [(units[k], v) for k, v in sorted(received.items())]

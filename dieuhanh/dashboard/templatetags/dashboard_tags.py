from __future__ import annotations

from django import template

from dieuhanh.indicators.figures import TargetRow

register = template.Library()


@register.filter
def trend(row: TargetRow) -> dict[str, str]:
    """The direction of the last two yearly values, and whether that is good for the target."""
    values = [v for _, v in row.annual if v is not None]
    if len(values) < 2 or row.indicator is None:
        return {"arrow": "·", "tone": "muted", "label": "Chưa đủ số liệu"}
    change = values[-1] - values[-2]
    if change == 0:
        return {"arrow": "→", "tone": "info", "label": "Không đổi so với năm trước"}
    good = (change > 0) == (row.indicator.direction == "positive")
    arrow = "↑" if change > 0 else "↓"
    return {"arrow": arrow, "tone": "ok" if good else "bad", "label": "Tốt lên" if good else "Xấu đi"}

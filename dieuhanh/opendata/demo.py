"""The demo publishes the programme's targets and the indicators that track them; the other
indicators stay internal, so the demo also shows what is not public."""

from __future__ import annotations

from django.db import transaction

from dieuhanh.indicators.models import Indicator
from dieuhanh.opendata.models import PublishedIndicator, PublishedTarget
from dieuhanh.plans.models import Target


@transaction.atomic
def opendata_load_demo() -> dict[str, int]:
    targets = list(Target.objects.all())
    for target in targets:
        PublishedTarget.objects.get_or_create(target=target, defaults={"note": "Dữ liệu mẫu"})
    indicators = list(Indicator.objects.filter(targets__in=targets).distinct())
    for indicator in indicators:
        PublishedIndicator.objects.get_or_create(indicator=indicator, defaults={"note": "Dữ liệu mẫu"})
    return {"Chỉ tiêu công khai": len(targets), "Chỉ số công khai": len(indicators)}

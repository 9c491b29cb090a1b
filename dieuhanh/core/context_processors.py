from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict[str, object]:
    from dieuhanh.units.structure import issuer_name, issuer_short_name

    return {
        "SITE_NAME": "Điều hành KHCN, ĐMST và CĐS",
        "SITE_SHORT": "dieuhanh",
        # The body units report to, from the province record; read only by pages that say it.
        "ISSUER_NAME": SimpleLazyObject(lambda: issuer_name(on=timezone.localdate())),
        "ISSUER_SHORT": SimpleLazyObject(lambda: issuer_short_name(on=timezone.localdate())),
    }

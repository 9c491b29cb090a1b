from django.contrib import admin
from django.urls import include, path

from dieuhanh.exchange.urls import api_urlpatterns as exchange_api

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("tai-khoan/", include("dieuhanh.accounts.urls")),
    path("", include("dieuhanh.plans.urls")),
    path("", include("dieuhanh.units.urls")),
    path("bao-cao/", include("dieuhanh.reporting.urls")),
    path("chi-so/", include("dieuhanh.steering.urls")),
    path("chi-so/", include("dieuhanh.indicators.urls")),
    path("tong-hop/", include("dieuhanh.synthesis.urls")),
    path("dieu-hanh/", include("dieuhanh.steering.loop_urls")),
    path("dieu-hanh/", include("dieuhanh.dashboard.urls")),
    path("khu-cong-nghiep/", include("dieuhanh.zones.urls")),
    path("danh-gia/", include("dieuhanh.evaluation.urls")),
    path("kiem-tra/", include("dieuhanh.audit.urls")),
    path("", include("dieuhanh.site.urls")),
    path("", include("dieuhanh.core.urls")),
    path("", include("dieuhanh.opendata.urls")),
    path("trao-doi/", include("dieuhanh.exchange.urls")),
    path("api/dhis2/", include((exchange_api, "exchange-api"))),
    path("api/", include("dieuhanh.api.urls")),
]

# Vietnamese error pages (JSON under /api/), never Django's technical ones: dieuhanh.core.errors.
handler400 = "dieuhanh.core.errors.bad_request"
handler403 = "dieuhanh.core.errors.permission_denied"
handler404 = "dieuhanh.core.errors.page_not_found"
handler500 = "dieuhanh.core.errors.server_error"

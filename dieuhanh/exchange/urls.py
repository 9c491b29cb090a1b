from django.urls import path

from dieuhanh.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.exchange_page, name="index"),
    path(
        "cap-tren/<slug:upstream_name>/tong-hop/<int:period_id>.<str:ext>",
        views.upstream_synthesis,
        name="upstream-synthesis",
    ),
    path(
        "cap-tren/<slug:upstream_name>/bao-cao/<int:report_id>.<str:ext>",
        views.upstream_report,
        name="upstream-report",
    ),
]

# Mounted at /api/dhis2/ (config/urls.py): DHIS2's resource names, one per format.
api_urlpatterns = [
    path("dataValueSets.json", views.dhis2_endpoint, {"fmt": "json"}, name="dhis2-json"),
    path("dataValueSets.csv", views.dhis2_endpoint, {"fmt": "csv"}, name="dhis2-csv"),
    path("dataValueSets.xml", views.dhis2_endpoint, {"fmt": "xml"}, name="dhis2-xml"),
    path("adx.xml", views.dhis2_endpoint, {"fmt": "adx"}, name="dhis2-adx"),
]

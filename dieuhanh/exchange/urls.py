from django.urls import path

from dieuhanh.exchange import views

app_name = "exchange"

urlpatterns = [path("", views.exchange_page, name="index")]

# Mounted at /api/dhis2/ (config/urls.py): DHIS2's resource names, one per format.
api_urlpatterns = [
    path("dataValueSets.json", views.dhis2_endpoint, {"fmt": "json"}, name="dhis2-json"),
    path("dataValueSets.csv", views.dhis2_endpoint, {"fmt": "csv"}, name="dhis2-csv"),
    path("dataValueSets.xml", views.dhis2_endpoint, {"fmt": "xml"}, name="dhis2-xml"),
    path("adx.xml", views.dhis2_endpoint, {"fmt": "adx"}, name="dhis2-adx"),
]

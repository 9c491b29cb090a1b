from django.urls import path

from dieuhanh.opendata import ckan, views

app_name = "opendata"
urlpatterns = [
    path("cong-khai/", views.overview, name="overview"),
    path("cong-khai/chi-tieu/<int:target_id>/", views.target, name="target"),
    path("cong-khai/chi-so/<str:code>/", views.indicator, name="indicator"),
    path("du-lieu-mo/", views.data_index, name="data_index"),
    path("du-lieu-mo/catalog.jsonld", views.catalogue_jsonld, name="catalogue_jsonld"),
    path("du-lieu-mo/chi-tieu.csv", views.targets_csv, name="targets_csv"),
    path("du-lieu-mo/chi-tieu.json", views.targets_json, name="targets_json"),
    path("du-lieu-mo/chi-so/<str:code>.csv", views.series_csv, name="series_csv"),
    path("du-lieu-mo/chi-so/<str:code>.json", views.series_json, name="series_json"),
    path("api/3/action/package_list", ckan.package_list, name="ckan_package_list"),
    path("api/3/action/package_show", ckan.package_show, name="ckan_package_show"),
    path("api/3/action/package_search", ckan.package_search, name="ckan_package_search"),
    path("api/3/action/status_show", ckan.status_show, name="ckan_status_show"),
]

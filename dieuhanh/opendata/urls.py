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
]

# CKAN answers its action API at /api/3/action/ and, unversioned, at /api/action/ (which the
# ckanapi client calls); both are served.
_CKAN = (
    ("package_list", ckan.package_list),
    ("package_show", ckan.package_show),
    ("package_search", ckan.package_search),
    ("status_show", ckan.status_show),
)
for _prefix, _suffix in (("api/3/action/", ""), ("api/action/", "_unversioned")):
    urlpatterns += [path(_prefix + name, view, name=f"ckan_{name}{_suffix}") for name, view in _CKAN]

from django.urls import path

from dieuhanh.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("nhap-du-lieu/", views.data_import, name="data_import"),
    path("nhap-du-lieu/loi.csv", views.data_import_errors, name="data_import_errors"),
    path("<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("<str:code>/nguon/", views.value_sources, name="value_sources"),
]

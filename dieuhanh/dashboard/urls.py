from django.urls import path

from dieuhanh.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard_index, name="index"),
    path("man-hinh/", views.dashboard_wall, name="wall"),
    path("ban-do.json", views.dashboard_map, name="map_data"),
    path("don-vi/<int:unit_id>/", views.dashboard_unit, name="unit"),
    path("lanh-dao/", views.dashboard_leader, name="leader"),
    path("lanh-dao/sw.js", views.dashboard_leader_worker, name="leader_worker"),
]

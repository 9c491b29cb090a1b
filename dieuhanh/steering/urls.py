from django.urls import path

from dieuhanh.steering import views

app_name = "steering"
urlpatterns = [
    path("chi-tieu/", views.target_progress, name="target_progress"),
    path("canh-bao/", views.warning_list, name="warning_list"),
]

from django.urls import path

from dieuhanh.units import views

app_name = "units"
urlpatterns = [path("don-vi/", views.unit_tree, name="unit_tree")]

from django.urls import path

from dieuhanh.core import views

app_name = "core"
urlpatterns = [
    path("suc-khoe/", views.health, name="health"),
]

from django.urls import URLPattern

app_name = "zones"
urlpatterns: list[URLPattern] = []

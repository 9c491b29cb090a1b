from django.urls import path

from dieuhanh.audit import views

app_name = "audit"
urlpatterns = [path("nhat-ky/", views.audit_log_page, name="log")]

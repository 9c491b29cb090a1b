from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quản trị hệ thống điều hành KHCN, ĐMST và CĐS"
admin.site.site_title = "Quản trị dieuhanh"
admin.site.index_title = "Danh mục quản trị"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("tai-khoan/", include("dieuhanh.accounts.urls")),
    path("", include("dieuhanh.plans.urls")),
    path("", include("dieuhanh.core.urls")),
]

from django.urls import path

from dieuhanh.plans import views, views_import

app_name = "plans"
urlpatterns = [
    path("nhiem-vu/", views.task_register, name="task_register"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("chi-tieu/", views.target_list, name="target_list"),
    path("nhap-ke-hoach/", views_import.import_upload, name="import_upload"),
    path("nhap-ke-hoach/<int:pk>/", views_import.import_review, name="import_review"),
]

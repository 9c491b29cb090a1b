from django.urls import path

from dieuhanh.plans import views

app_name = "plans"
urlpatterns = [
    path("nhiem-vu/", views.task_register, name="task_register"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("chi-tieu/", views.target_list, name="target_list"),
]

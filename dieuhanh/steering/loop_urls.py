"""The steering loop's pages, under /dieu-hanh/ beside the dashboard (namespace `loop`)."""

from django.urls import path

from dieuhanh.steering import views

app_name = "loop"
urlpatterns = [
    path("hop/", views.meeting_index, name="meetings"),
    path("hop/<int:pk>/", views.meeting_detail, name="meeting"),
    path("hop/<int:pk>/ket-luan/", views.conclusion_add, name="conclusion_add"),
    path("hop/<int:pk>/nhap-thong-bao/", views.notice_import, name="notice_import"),
    path("hop/<int:pk>/tai-lieu.docx", views.meeting_docx, name="meeting_docx"),
    path("kien-nghi/", views.proposal_list, name="proposals"),
    path("kien-nghi/<int:pk>/", views.proposal_act, name="proposal_act"),
    path("tin-cay/", views.confidence_page, name="confidence"),
    path("giai-trinh/", views.explanation_list, name="explanations"),
    path("giai-trinh/<int:pk>/", views.explanation_answer, name="explanation_answer"),
    path("do-moi/", views.freshness, name="freshness"),
]

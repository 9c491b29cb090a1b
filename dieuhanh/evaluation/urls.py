from __future__ import annotations

from django.urls import path

from dieuhanh.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluation_index, name="index"),
    path("<int:round_id>/", views.evaluation_ranking, name="ranking"),
    path("<int:round_id>/xep-hang.xlsx", views.evaluation_xlsx, name="xlsx"),
    path("<int:round_id>/bao-cao.docx", views.evaluation_docx, name="docx"),
    path("<int:round_id>/cong-bo/", views.evaluation_publish, name="publish"),
    path("<int:round_id>/nguoi-dung-dau/", views.evaluation_heads, name="heads"),
    path("<int:round_id>/don-vi/<int:unit_id>/", views.evaluation_scorecard, name="scorecard"),
    path("<int:round_id>/don-vi/<int:unit_id>/nguoi-dung-dau/", views.evaluation_head, name="head"),
    path("<int:round_id>/don-vi/<int:unit_id>/tieu-chi/<str:code>/", views.evaluation_entry, name="entry"),
    path(
        "<int:round_id>/don-vi/<int:unit_id>/minh-chung/<int:evidence_id>/",
        views.evaluation_evidence,
        name="evidence",
    ),
    path("<int:round_id>/don-vi/<int:unit_id>/<str:action>/", views.evaluation_action, name="action"),
]

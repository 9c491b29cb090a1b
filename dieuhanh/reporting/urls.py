from django.urls import path

from dieuhanh.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("don-doc/", views.chasing, name="chasing"),
    path("don-doc/<int:period_id>/nhac/<int:unit_id>/", views.remind_now_view, name="remind_now"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("ky/<int:period_id>/", views.report_open_for_period, name="open_period"),
    path("<int:report_id>/", views.report_detail, name="report"),
    path("<int:report_id>/luu/", views.report_save, name="save"),
    path("<int:report_id>/duyet/", views.report_accept, name="accept"),
    path("<int:report_id>/tra-lai/", views.report_return, name="return"),
    path("<int:report_id>/excel/", views.report_excel, name="excel"),
    path("<int:report_id>/so-sanh/", views.report_compare, name="compare"),
    path(
        "<int:report_id>/nhiem-vu/<int:update_id>/minh-chung/", views.evidence_upload, name="evidence_upload"
    ),
    path("minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
]

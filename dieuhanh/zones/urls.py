from django.urls import path

from dieuhanh.zones import views, views_import, views_portal

app_name = "zones"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("khu/<slug:code>/", views.zone_detail, name="zone"),
    path("doanh-nghiep/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("doanh-nghiep/<int:pk>/moi/", views.enterprise_invite, name="invite"),
    path("bao-cao/", views.report_chasing, name="chasing"),
    path("chuyen-doi-so/", views.dx_results, name="dx_results"),
    path("nhap-excel/", views_import.import_upload, name="import"),
    path("nhap-excel/mau.xlsx", views_import.import_template_view, name="import_template"),
    path("nhap-excel/loi.csv", views_import.import_errors_view, name="import_errors"),
    path("cua-toi/", views_portal.portal, name="portal"),
    path("cua-toi/ho-so/", views_portal.profile_edit, name="profile"),
    path("tu-danh-gia/", views_portal.assessment, name="assessment"),
    path("kien-nghi/", views_portal.request_list, name="requests"),
    path("kien-nghi/gui/", views_portal.request_new, name="request_new"),
    path("kien-nghi/<int:pk>/", views_portal.request_detail, name="request"),
    path("kien-nghi/<int:pk>/tra-loi/", views_portal.request_answer_view, name="request_answer"),
    path("kien-nghi/<int:pk>/tiep-nhan/", views_portal.request_receive_view, name="request_receive"),
    path("tep/<int:pk>/", views_portal.attachment_download, name="attachment"),
    path("bao-cao/ky/<int:period_id>/", views_portal.report_open_view, name="report_open"),
    path("bao-cao/<int:report_id>/", views_portal.report_detail, name="report"),
    path("bao-cao/<int:report_id>/luu/", views_portal.report_save_view, name="report_save"),
    path("bao-cao/<int:report_id>/duyet/", views_portal.report_accept_view, name="report_accept"),
    path("bao-cao/<int:report_id>/tra-lai/", views_portal.report_return_view, name="report_return"),
    path("loi-moi/<str:token>/", views_portal.invitation, name="invitation"),
]

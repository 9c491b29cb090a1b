from django.urls import path

from dieuhanh.synthesis import views

app_name = "synthesis"
urlpatterns = [
    path("", views.synthesis_index, name="index"),
    path("<int:period_id>/bao-cao.docx", views.synthesis_docx_download, name="docx"),
    path("<int:period_id>/phu-luc.xlsx", views.synthesis_xlsx_download, name="xlsx"),
]

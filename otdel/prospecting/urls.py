from django.urls import path

from . import views

app_name = "prospecting"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/commit/", views.import_commit, name="commit"),
    path("<int:pk>/progress/", views.import_progress, name="progress"),
    path("<int:pk>/checked.pdf", views.checked_list, {"fmt": "pdf"}, name="checked_pdf"),
    path("<int:pk>/checked.xlsx", views.checked_list, {"fmt": "xlsx"}, name="checked_xlsx"),
    path("<int:pk>/report.csv", views.import_report, {"fmt": "csv"}, name="report_csv"),
    path("<int:pk>/report.xlsx", views.import_report, {"fmt": "xlsx"}, name="report_xlsx"),
]

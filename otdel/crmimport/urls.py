from django.urls import path

from . import views

app_name = "crmimport"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("sample.csv", views.sample, name="sample"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/commit/", views.commit, name="commit"),
    path("<int:pk>/not-taken.xlsx", views.report, {"fmt": "xlsx"}, name="report_xlsx"),
    path("<int:pk>/not-taken.csv", views.report, {"fmt": "csv"}, name="report_csv"),
]

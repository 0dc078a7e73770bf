from django.urls import path

from . import views

app_name = "base"
urlpatterns = [
    path("", views.company_list, name="company_list"),
    path("filters/", views.saved_filter_save, name="saved_filter_save"),
    path("filters/<int:pk>/delete/", views.saved_filter_delete, name="saved_filter_delete"),
    path("export.csv", views.company_export, {"fmt": "csv"}, name="company_export_csv"),
    path("export.xlsx", views.company_export, {"fmt": "xlsx"}, name="company_export_xlsx"),
    path("<int:pk>/", views.company_detail, name="company_detail"),
    path("<int:pk>/edit/", views.company_edit, name="company_edit"),
    path("<int:pk>/merge/", views.company_merge, name="company_merge"),
    path("<int:company_pk>/contacts/new/", views.contact_edit, name="contact_create"),
    path("<int:company_pk>/contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path(
        "<int:company_pk>/contacts/<int:pk>/archive/", views.contact_archive, name="contact_archive"
    ),
    path("<int:company_pk>/history/<int:pk>/restore/", views.event_restore, name="event_restore"),
]

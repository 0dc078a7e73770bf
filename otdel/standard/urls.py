from django.urls import path

from . import views

app_name = "standard"
urlpatterns = [
    path("", views.page, name="page"),
    path("download/", views.download, name="download"),
    path("apply/", views.apply, name="apply"),
]

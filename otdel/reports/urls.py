from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.funnel, name="funnel"),
    path("week/", views.weekly, name="weekly"),
]

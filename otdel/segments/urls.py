from django.urls import path

from . import views

app_name = "segments"
urlpatterns = [
    path("", views.report, name="report"),
    path("run/", views.run_now, name="run"),
    path("moved/", views.moved, name="moved"),
    path("company/<int:pk>/", views.company_override, name="company_override"),
]

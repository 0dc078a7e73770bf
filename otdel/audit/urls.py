from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.audit, name="audit"),
    path("report.pdf", views.audit_pdf, name="pdf"),
    path("<slug:code>/", views.evidence, name="evidence"),
]

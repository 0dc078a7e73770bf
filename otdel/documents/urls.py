from django.urls import path

from . import views

# Pages of a deal's documents, in the deals namespace (otdel/urls.py joins them).
deal_urlpatterns = [
    path("<int:pk>/documents/", views.document_issue, name="document_issue"),
    path("documents/<int:pk>.pdf", views.document_pdf, name="document_pdf"),
    path("documents/<int:pk>/sign/", views.document_sign, name="document_sign"),
    path("documents/<int:pk>.docx", views.document_docx, name="document_docx"),
    path("<int:pk>/send/", views.document_send, name="document_send"),
    path(
        "companies/<int:pk>/proposal-from-needs/",
        views.proposal_from_needs,
        name="proposal_from_needs",
    ),
    path("documents/template.docx", views.docx_template, name="docx_template"),
]

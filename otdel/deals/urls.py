from django.urls import path

from . import views

app_name = "deals"
urlpatterns = [
    path("", views.deal_list, name="list"),
    path("new/<int:company_pk>/", views.deal_create, name="create"),
    path("<int:pk>/", views.deal_detail, name="detail"),
    path("<int:pk>/lines/", views.item_add, name="item_add"),
    path("<int:pk>/lines/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/state/", views.state_set, name="state"),
    path("<int:pk>/lose/", views.lose, name="lose"),
    path("<int:pk>/shipments/", views.shipment_add, name="shipment_add"),
    path("<int:pk>/documents/", views.document_issue, name="document_issue"),
    path("documents/<int:pk>.pdf", views.document_pdf, name="document_pdf"),
    path("documents/<int:pk>/sign/", views.document_sign, name="document_sign"),
    path("documents/<int:pk>.docx", views.document_docx, name="document_docx"),
    path("<int:pk>/send/", views.document_send, name="document_send"),
    path("documents/template.docx", views.docx_template, name="docx_template"),
    path("invoices/<int:pk>/payments/", views.payment_add, name="payment_add"),
]

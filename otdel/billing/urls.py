from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [path("", views.receivables, name="receivables")]

# The payment form of a deal's page, in the deals namespace (otdel/urls.py joins it).
deal_urlpatterns = [path("invoices/<int:pk>/payments/", views.payment_add, name="payment_add")]

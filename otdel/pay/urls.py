from django.urls import path

from . import views

app_name = "pay"
urlpatterns = [
    path("", views.my_pay, name="mine"),
    path("payroll/", views.payroll_page, name="payroll"),
]

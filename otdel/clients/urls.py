from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("<int:pk>/step/", views.client_step_done, name="step_done"),
]

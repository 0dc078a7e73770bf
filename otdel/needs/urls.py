from django.urls import path

from . import views

app_name = "needs"
urlpatterns = [path("companies/<int:pk>/", views.needs_edit, name="edit")]

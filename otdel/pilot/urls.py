from django.urls import path

from . import views

app_name = "pilot"
urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("new/", views.pilot_new, name="new"),
    path("<int:pk>/", views.pilot_detail, name="detail"),
    path("<int:pk>/fix/", views.pilot_fix, name="fix"),
    path("<int:pk>/roll-back/", views.pilot_roll_back, name="roll_back"),
]

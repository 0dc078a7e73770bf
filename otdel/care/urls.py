from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("complaints/", views.complaint_list, name="complaints"),
    path("companies/<int:pk>/complaints/", views.complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/close/", views.complaint_close, name="complaint_close"),
    path("companies/<int:pk>/choice/", views.choice_record, name="choice_record"),
    path("big-fish/", views.big_fish, name="big_fish"),
    path("big-fish/<int:pk>/plan/", views.plan_save, name="plan_save"),
]

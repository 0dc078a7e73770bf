from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_update, name="update"),
    path("<int:pk>/decisions/", views.meeting_decide, name="decide"),
    path("reviews/", views.reviews, name="reviews"),
    path("calls/<int:pk>/", views.recording, name="recording"),
    path("calls/<int:pk>/audio/", views.recording_file, name="recording_file"),
    path("calls/<int:pk>/flag/", views.call_flag, name="flag"),
    path("calls/<int:pk>/review/", views.call_review, name="review"),
    path("joint/<int:pk>/", views.joint_plan, name="joint_plan"),
    path("joint/<int:pk>/attended/", views.joint_attended, name="joint_attended"),
]

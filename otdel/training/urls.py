from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.courses, name="courses"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/lessons/", views.lesson_add, name="lesson_add"),
    path("courses/<int:pk>/questions/", views.question_add, name="question_add"),
    path("courses/<int:pk>/remove/", views.course_item_remove, name="item_remove"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.record, name="record"),
]

from django.urls import path

from . import views

app_name = "control"
urlpatterns = [
    path("", views.home, name="home"),
    path("work/", views.my_work, name="my_work"),
    path("work/board/", views.board, name="board"),
    path("work/call-round/", views.call_round, name="call_round"),
    path("control/", views.control, name="control"),
    path("control/review/<int:pk>/", views.review, name="review"),
    path("search/", views.search, name="search"),
    path("plans/<int:pk>/facts/", views.plan_facts, name="facts"),
]

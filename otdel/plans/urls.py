from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/approve/", views.plan_approve, name="approve"),
    path("<int:pk>/reopen/", views.plan_reopen, name="reopen"),
    path("<int:pk>/copy/", views.plan_copy, name="copy"),
    path("<int:pk>/lines/<int:line_pk>/weeks/", views.line_weeks, name="weeks"),
]

from django.urls import path

from . import views

app_name = "hiring"
urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("vacancies/new/", views.vacancy_new, name="vacancy_new"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy"),
    path("vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy_edit"),
    path("vacancies/<int:pk>/expenses/", views.expense_add, name="expense_add"),
    path("vacancies/<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/move/", views.candidate_move, name="candidate_move"),
    path("candidates/<int:pk>/refuse/", views.candidate_refuse, name="candidate_refuse"),
    path("candidates/<int:pk>/record/", views.candidate_record, name="candidate_record"),
    path("candidates/<int:pk>/score/", views.candidate_score, name="candidate_score"),
    path("candidates/<int:pk>/hire/", views.candidate_hire, name="candidate_hire"),
    path("candidates/<int:pk>/cv/", views.candidate_cv, name="candidate_cv"),
    path("onboarding/", views.onboarding, name="onboarding"),
    path("onboarding/mine/", views.onboarding_mine, name="onboarding_mine"),
    path("onboarding/items/<int:pk>/", views.onboarding_tick, name="onboarding_tick"),
    path("settings/<slug:kind>/", views.setup, name="setup"),
]

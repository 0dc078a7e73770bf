from django.urls import path

from . import views

app_name = "playbook"
urlpatterns = [
    path("scripts/", views.scripts, name="scripts"),
    path("scripts/standard/", views.standard_save, name="standard"),
    path("objections/", views.objection_list, name="objections"),
    path("objections/search/", views.objection_search, name="search"),
    path("objections/install/", views.install_defaults, name="install"),
    path("objections/<int:pk>/", views.objection_detail, name="objection"),
    path("objections/<int:pk>/answers/", views.answer_add, name="answer_add"),
    path("answers/", views.answers_report, name="answers"),
    path("answers/<int:pk>/", views.answer_edit, name="answer"),
    path("companies/<int:company>/answers/<int:pk>/use/", views.answer_use, name="answer_use"),
    path("drills/", views.drills, name="drills"),
    path("drills/<int:pk>/", views.drill_detail, name="drill"),
    path("drills/<int:pk>/answer/", views.drill_answer, name="drill_answer"),
    path("drills/<int:pk>/score/", views.drill_score, name="drill_score"),
]

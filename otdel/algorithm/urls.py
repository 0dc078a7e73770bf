from django.urls import path

from . import views

app_name = "algorithm"
urlpatterns = [
    path("companies/new/", views.company_create, name="company_create"),
    path("companies/bulk/", views.companies_bulk, name="bulk"),
    path("companies/<int:pk>/claim/", views.company_claim, name="claim"),
    path("companies/<int:pk>/move/", views.company_move, name="move"),
    path("companies/<int:pk>/triage/", views.company_triage, name="triage"),
    path("companies/<int:pk>/assign/", views.company_assign, name="assign"),
    path("companies/<int:pk>/checklist/", views.stage_checklist, name="stage_checklist"),
    path("companies/<int:pk>/call/", views.call_log, name="call_log"),
    path("companies/<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("activities/<int:pk>/complete/", views.activity_complete, name="activity_complete"),
    path("activities/<int:pk>/prepare/", views.activity_prepare, name="activity_prepare"),
]

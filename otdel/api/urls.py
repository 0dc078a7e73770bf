from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("companies", views.CompanyViewSet, basename="company")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("users", views.UserViewSet, basename="user")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("imports", views.ImportBatchViewSet, basename="import")
router.register("deals", views.DealViewSet, basename="deal")
router.register("invoices", views.InvoiceViewSet, basename="invoice")
router.register("segmentations", views.SegmentationViewSet, basename="segmentation")
router.register("plans", views.SalesPlanViewSet, basename="plan")

urlpatterns = [
    path("working-list/", views.WorkingListView.as_view(), name="working-list"),
    path("triage-queue/", views.TriageQueueView.as_view(), name="triage-queue"),
    path("reassignment-queue/", views.ReassignmentQueueView.as_view(), name="reassignment-queue"),
    path("call-round/", views.CallRoundView.as_view(), name="call-round"),
    *router.urls,
]

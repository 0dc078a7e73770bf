"""The API's routes under /api/v1/: each app's viewsets and views, from its own `api.py`.

The schema and its docs are served from otdel/urls.py (/api/schema/, /api/docs/); the shared
handling of refusals (409) and input (400) is otdel/apiutils.py.
"""

from django.urls import path
from rest_framework.routers import DefaultRouter

from otdel.algorithm import api as algorithm
from otdel.base import api as base
from otdel.billing import api as billing
from otdel.documents import api as documents
from otdel.org import api as org
from otdel.plans import api as plans
from otdel.prospecting import api as prospecting
from otdel.segments import api as segments

router = DefaultRouter()
router.register("companies", algorithm.CompanyViewSet, basename="company")
router.register("contacts", base.ContactViewSet, basename="contact")
router.register("activities", algorithm.ActivityViewSet, basename="activity")
router.register("users", org.UserViewSet, basename="user")
router.register("departments", org.DepartmentViewSet, basename="department")
router.register("imports", prospecting.ImportBatchViewSet, basename="import")
router.register("deals", documents.DealViewSet, basename="deal")
router.register("invoices", billing.InvoiceViewSet, basename="invoice")
router.register("segmentations", segments.SegmentationViewSet, basename="segmentation")
router.register("plans", plans.SalesPlanViewSet, basename="plan")

urlpatterns = [
    path("working-list/", algorithm.WorkingListView.as_view(), name="working-list"),
    path("triage-queue/", algorithm.TriageQueueView.as_view(), name="triage-queue"),
    path(
        "reassignment-queue/", algorithm.ReassignmentQueueView.as_view(), name="reassignment-queue"
    ),
    path("call-round/", algorithm.CallRoundView.as_view(), name="call-round"),
    *router.urls,
]

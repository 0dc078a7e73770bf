from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from otdel.billing import urls as billing_urls
from otdel.deals import urls as deals_urls
from otdel.documents import urls as documents_urls
from otdel.org.security import with_inline_styles
from otdel.org.views import language_set
from otdel.setup.security import two_factor_verify

admin.site.site_header = _("Otdel settings")
admin.site.site_title = _("Otdel settings")
admin.site.index_title = _("Reference lists and people")

# A deal's page posts to its documents and payments too: one "deals" namespace for the three
# apps, each declaring its own pages (deals sits below billing and documents).
deal_pages = (
    deals_urls.urlpatterns + documents_urls.deal_urlpatterns + billing_urls.deal_urlpatterns,
    deals_urls.app_name,
)

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/two-factor/", two_factor_verify, name="two_factor_verify"),
    path("i18n/setlang/", language_set, name="set_language"),
    path("companies/", include("otdel.base.urls")),
    path("", include("otdel.algorithm.urls")),
    path("", include("otdel.control.urls")),
    path("prospects/", include("otdel.prospecting.urls")),
    path("crm-import/", include("otdel.crmimport.urls")),
    path("deals/", include(deal_pages)),
    path("payments/", include("otdel.billing.urls")),
    path("segments/", include("otdel.segments.urls")),
    path("clients/", include("otdel.clients.urls")),
    path("pay/", include("otdel.pay.urls")),
    path("plans/", include("otdel.plans.urls")),
    path("care/", include("otdel.care.urls")),
    path("meetings/", include("otdel.meetings.urls")),
    path("reports/", include("otdel.reports.urls")),
    path("settings/standard/", include("otdel.standard.urls")),
    path("settings/", include("otdel.setup.urls")),
    path("audit/", include("otdel.audit.urls")),
    path("materials/", include("otdel.materials.urls")),
    path("training/", include("otdel.training.urls")),
    path("playbook/", include("otdel.playbook.urls")),
    path("needs/", include("otdel.needs.urls")),
    path("pilot/", include("otdel.pilot.urls")),
    path("hiring/", include("otdel.hiring.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("otdel.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        with_inline_styles(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
]

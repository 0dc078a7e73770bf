"""The client department's writes from My work; its reads are parts of My work and Control."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.base.selectors import access_company
from otdel.days import day
from otdel.refusal import RuleRefused

from . import services
from .forms import StepDoneForm


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else "/work/"


@login_required
@require_POST
def client_step_done(request: HttpRequest, pk: int) -> HttpResponse:
    """A step of the client algorithm done, with the client's next step."""
    company = access_company(request.user, pk, for_edit=True)
    form = StepDoneForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "; ".join(
                f"{form.fields[name].label}: {' '.join(e)}" for name, e in form.errors.items()
            ),
        )
        return redirect(_back(request))
    try:
        plan = services.client_step_done(
            company=company,
            result=form.cleaned_data["result"],
            next_step=form.cleaned_data["next_step"],
            due_on=form.cleaned_data["due_on"],
            acting_user=request.user,
        )
    except RuleRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Done. Next step with %(client)s: %(step)s on %(day)s.")
            % {"client": company.display_name, "step": plan.step, "day": day(plan.due_on)},
        )
    return redirect(_back(request))

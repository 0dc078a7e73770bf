"""Settings inside the app: what the owner and the head of sales change (issue 14, item 4).

The pages sit above every app they change (the control layer) because one page saves into
many apps; each save goes through the owning app's service, which validates the row, saves it
in a transaction and logs who changed what (org.services.settings_row_save). The Django admin
stays for the rare rest; staff find it from the hub.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.algorithm.models import RefusalReason, RuleSettings
from otdel.algorithm.services import (
    playbook_update,
    refusal_reason_save,
    rule_settings_update,
    stage_save,
)
from otdel.care.models import CareSettings
from otdel.care.services import care_settings_update
from otdel.catalog.models import PriceList
from otdel.catalog.services import discount_limits_set, price_list_save
from otdel.clients.models import ClientStep
from otdel.clients.services import client_step_save
from otdel.documents.models import Seller
from otdel.documents.services import document_template_set, seller_update
from otdel.org.models import Department, SettingsSection, User
from otdel.org.selectors import locked_usernames
from otdel.org.services import department_save, user_create, user_set_password, user_update
from otdel.pay.models import PayScheme
from otdel.pay.services import pay_assignment_set, pay_scheme_save
from otdel.segments.models import SegmentSettings
from otdel.segments.services import segment_settings_update
from otdel.stages.models import Stage

from . import forms, selectors


def configurer_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not selectors.may_configure(request.user):
            raise PermissionDenied(_("Settings are for the owner and the head of sales."))
        return view(request, *args, **kwargs)

    return wrapper


def _saved(request: HttpRequest, form: Form, save: Callable[[], object]) -> bool:
    """Whether the form was valid and its service saved it; a refusal of the service lands
    on the field it names."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    messages.success(request, _("Saved."))
    return True


def _page(request: HttpRequest, template: str, section: str, **context) -> HttpResponse:
    return render(
        request,
        template,
        {
            "section": section,
            "section_label": SettingsSection(section).label,
            "changes": selectors.recent_changes(section=section),
            **context,
        },
    )


@configurer_only
def hub(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "setup/hub.html",
        {
            "rules": RuleSettings.load(),
            "segment_settings": SegmentSettings.load(),
            "care_settings": CareSettings.load(),
            "seller": Seller.load(),
            "stage_count": Stage.objects.count(),
            "scheme_count": PayScheme.objects.count(),
            "price_list_count": PriceList.objects.count(),
            "user_count": User.objects.filter(is_active=True).count(),
            "department_count": Department.objects.count(),
            "changes": selectors.recent_changes(),
        },
    )


@configurer_only
def rules(request: HttpRequest) -> HttpResponse:
    form = forms.RuleSettingsForm(request.POST or None, instance=RuleSettings.load())

    def save():
        return rule_settings_update(changes=forms.model_changes(form), acting_user=request.user)

    if _saved(request, form, save):
        return redirect("setup:rules")
    return _page(
        request,
        "setup/form.html",
        SettingsSection.RULES,
        form=form,
        title=_("Limits of the method"),
        lead=_("METHOD 4: the working list, the time with a new client, the three-month rule."),
    )


@configurer_only
def stages(request: HttpRequest) -> HttpResponse:
    form = forms.StageForm(request.POST or None, prefix="new")

    def save():
        return stage_save(
            stage=None,
            changes=forms.model_changes(form),
            moves_to=form.cleaned_data["moves_to"],
            acting_user=request.user,
        )

    if _saved(request, form, save):
        return redirect("setup:stages")
    return _page(
        request,
        "setup/stages.html",
        SettingsSection.ALGORITHM,
        stages=selectors.stages_with_moves(),
        reasons=selectors.refusal_reasons(),
        form=form,
    )


@configurer_only
def stage(request: HttpRequest, pk: int) -> HttpResponse:
    stage = get_object_or_404(Stage, pk=pk)
    part = request.POST.get("part")
    data = request.POST or None
    form = forms.StageForm(data if part == "stage" else None, instance=stage)
    playbook = forms.PlaybookForm(
        data if part == "playbook" else None, instance=selectors.playbook_of(stage)
    )
    saved = _saved(
        request,
        form,
        lambda: stage_save(
            stage=stage,
            changes=forms.model_changes(form),
            moves_to=form.cleaned_data["moves_to"],
            acting_user=request.user,
        ),
    ) or _saved(
        request,
        playbook,
        lambda: playbook_update(
            stage=stage, changes=forms.model_changes(playbook), acting_user=request.user
        ),
    )
    if saved:
        return redirect("setup:stage", pk=pk)
    return _page(
        request,
        "setup/stage.html",
        SettingsSection.ALGORITHM,
        stage=stage,
        form=form,
        playbook=playbook,
    )


@configurer_only
def refusal_reason(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    reason = get_object_or_404(RefusalReason, pk=pk) if pk else None
    form = forms.RefusalReasonForm(request.POST or None, instance=reason)

    def save():
        return refusal_reason_save(
            reason=reason, changes=forms.model_changes(form), acting_user=request.user
        )

    if _saved(request, form, save):
        return redirect("setup:stages")
    return _page(
        request,
        "setup/form.html",
        SettingsSection.ALGORITHM,
        form=form,
        title=str(reason) if reason else _("New refusal reason"),
        lead=_("The reason decides the section a refused company goes to (METHOD 3)."),
        back="setup:stages",
    )


@configurer_only
def client_steps(request: HttpRequest) -> HttpResponse:
    """The client algorithm (METHOD 5): the cycle of steps a farmer repeats with each client."""
    form = forms.ClientStepForm(request.POST or None, prefix="new")

    def save():
        return client_step_save(
            step=None, changes=forms.model_changes(form), acting_user=request.user
        )

    if _saved(request, form, save):
        return redirect("setup:client_steps")
    return _page(
        request,
        "setup/client_steps.html",
        SettingsSection.ALGORITHM,
        steps=ClientStep.objects.order_by("position", "pk"),
        form=form,
    )


@configurer_only
def client_step(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_object_or_404(ClientStep, pk=pk)
    form = forms.ClientStepForm(request.POST or None, instance=step)

    def save():
        return client_step_save(
            step=step, changes=forms.model_changes(form), acting_user=request.user
        )

    if _saved(request, form, save):
        return redirect("setup:client_steps")
    return _page(
        request,
        "setup/form.html",
        SettingsSection.ALGORITHM,
        form=form,
        title=step.name,
        lead=_("A step of the client algorithm: what the farmer does, and when after the last."),
        back="setup:client_steps",
    )


@configurer_only
def segments(request: HttpRequest) -> HttpResponse:
    form = forms.SegmentSettingsForm(request.POST or None, instance=SegmentSettings.load())

    def save():
        return segment_settings_update(changes=forms.model_changes(form), acting_user=request.user)

    if _saved(request, form, save):
        return redirect("setup:segments")
    return _page(
        request,
        "setup/form.html",
        SettingsSection.SEGMENTS,
        form=form,
        title=_("ABC(D) and hand-off"),
        lead=_(
            "METHOD 7: the revenue shares of A and B and the weights of the other criteria; "
            "METHOD 5: when a client passes from the hunter to a farmer."
        ),
    )


@configurer_only
def care(request: HttpRequest) -> HttpResponse:
    form = forms.CareSettingsForm(request.POST or None, instance=CareSettings.load())

    def save():
        return care_settings_update(changes=forms.model_changes(form), acting_user=request.user)

    if _saved(request, form, save):
        return redirect("setup:care")
    return _page(
        request,
        "setup/form.html",
        SettingsSection.SEGMENTS,
        form=form,
        title=_("Big fish"),
        lead=_(
            "METHOD 1: the development department grows the big fish of the base; a client or "
            "prospect is one above either size, or of high potential."
        ),
    )


@configurer_only
def pay(request: HttpRequest) -> HttpResponse:
    form = forms.PayAssignmentForm(request.POST or None)

    def save():
        return pay_assignment_set(**form.cleaned_data, acting_user=request.user)

    if _saved(request, form, save):
        return redirect("setup:pay")
    return _page(
        request,
        "setup/pay.html",
        SettingsSection.PAY,
        schemes=selectors.schemes(),
        people=selectors.people_on_schemes(),
        form=form,
    )


@configurer_only
def pay_scheme(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scheme = get_object_or_404(PayScheme, pk=pk) if pk else None
    form = forms.PaySchemeForm(request.POST or None, instance=scheme)

    def save():
        return pay_scheme_save(
            scheme=scheme, changes=forms.model_changes(form), acting_user=request.user
        )

    if _saved(request, form, save):
        return redirect("setup:pay")
    return _page(
        request,
        "setup/form.html",
        SettingsSection.PAY,
        form=form,
        title=str(scheme) if scheme else _("New pay scheme"),
        back="setup:pay",
    )


@configurer_only
def prices(request: HttpRequest) -> HttpResponse:
    form = forms.DiscountLimitsForm(request.POST or None, limits=selectors.discount_limits())

    def save():
        return discount_limits_set(limits=form.cleaned_data, acting_user=request.user)

    if _saved(request, form, save):
        return redirect("setup:prices")
    return _page(
        request,
        "setup/prices.html",
        SettingsSection.PRICES,
        price_lists=selectors.price_lists(),
        form=form,
    )


@configurer_only
def price_list(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    price_list = get_object_or_404(PriceList, pk=pk) if pk else None
    form = forms.PriceListForm(
        request.POST or None,
        instance=price_list,
        products=selectors.products_sold(),
        prices=selectors.prices_of(price_list),
    )

    def save():
        return price_list_save(
            price_list=price_list,
            changes=forms.model_changes(form),
            prices=form.prices(),
            acting_user=request.user,
        )

    if _saved(request, form, save):
        return redirect("setup:prices")
    return _page(
        request, "setup/price_list.html", SettingsSection.PRICES, form=form, price_list=price_list
    )


@configurer_only
def company(request: HttpRequest) -> HttpResponse:
    form = forms.SellerForm(request.POST or None, instance=Seller.load())

    def save():
        return seller_update(changes=forms.model_changes(form), acting_user=request.user)

    if _saved(request, form, save):
        return redirect("setup:company")
    return _page(
        request,
        "setup/company.html",
        SettingsSection.COMPANY,
        form=form,
        templates=selectors.templates_by_kind(),
    )


@configurer_only
@require_POST
def document_template(request: HttpRequest) -> HttpResponse:
    form = forms.DocumentTemplateForm(request.POST, request.FILES)

    def save() -> None:
        upload = form.cleaned_data["docx_file"]
        document_template_set(
            kind=form.cleaned_data["kind"],
            docx=None if form.cleaned_data["to_default"] else upload.read(),
            acting_user=request.user,
        )

    if not _saved(request, form, save):
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("setup:company")


@configurer_only
def people(request: HttpRequest) -> HttpResponse:
    form = forms.DepartmentForm(request.POST or None, prefix="new")

    def save():
        return department_save(
            department=None, changes=forms.model_changes(form), acting_user=request.user
        )

    if _saved(request, form, save):
        return redirect("setup:people")
    return _page(
        request,
        "setup/people.html",
        SettingsSection.PEOPLE,
        users=selectors.users(),
        departments=selectors.departments(),
        form=form,
    )


@configurer_only
def user_new(request: HttpRequest) -> HttpResponse:
    form = forms.NewUserForm(request.POST or None)

    def save():
        return user_create(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            changes=forms.model_changes(form),
            acting_user=request.user,
        )

    if _saved(request, form, save):
        return redirect("setup:people")
    return _page(
        request,
        "setup/form.html",
        SettingsSection.PEOPLE,
        form=form,
        title=_("New user"),
        back="setup:people",
    )


@configurer_only
def user(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = forms.UserForm(request.POST or None, instance=person)

    def save():
        return user_update(user=person, changes=forms.model_changes(form), acting_user=request.user)

    if _saved(request, form, save):
        return redirect("setup:people")
    return _page(
        request,
        "setup/user.html",
        SettingsSection.PEOPLE,
        form=form,
        person=person,
        password_form=forms.PasswordForm(),
        locked=person.username in locked_usernames(),
    )


@configurer_only
@require_POST
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = forms.PasswordForm(request.POST)

    def save():
        return user_set_password(
            user=person, password=form.cleaned_data["password"], acting_user=request.user
        )

    if _saved(request, form, save):
        return redirect("setup:user", pk=pk)
    return _page(
        request,
        "setup/user.html",
        SettingsSection.PEOPLE,
        form=forms.UserForm(instance=person),
        person=person,
        password_form=form,
    )


@configurer_only
def department(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Department, pk=pk)
    form = forms.DepartmentForm(request.POST or None, instance=row)

    def save():
        return department_save(
            department=row, changes=forms.model_changes(form), acting_user=request.user
        )

    if _saved(request, form, save):
        return redirect("setup:people")
    return _page(
        request,
        "setup/form.html",
        SettingsSection.PEOPLE,
        form=form,
        title=str(row),
        back="setup:people",
    )

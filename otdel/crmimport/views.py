from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.algorithm.services import RuleRefused
from otdel.exports import csv_response, xlsx_response
from otdel.prospecting.files import FileRejected, check_size
from otdel.prospecting.forms import ColumnsForm
from otdel.recorded import shown

from .forms import FIELD_LABELS, StagesForm, UploadForm
from .models import Export
from .rules import COUNT_LABELS
from .samples import export_bytes, make_export
from .selectors import (
    access_import,
    export_table,
    import_plan,
    may_import,
    same_file_imported,
    visible_imports,
)
from .services import (
    crm_import_commit,
    crm_import_preview,
    crm_import_recheck,
    crm_import_set_columns,
    stage_mappings_save,
)

ROWS_SHOWN = 1000


def _check(request: HttpRequest) -> None:
    if not may_import(request.user):
        raise PermissionDenied(_("Only the owner and the department heads import a CRM."))


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _check(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.name, upload.size)
            crm_import = crm_import_preview(
                data=upload.read(),
                filename=upload.name,
                source=form.cleaned_data["source"],
                acting_user=request.user,
            )
        except FileRejected as error:
            form.add_error("file", str(error))
        else:
            return redirect("crmimport:detail", pk=crm_import.pk)
    return render(
        request,
        "crmimport/upload.html",
        {"form": form, "imports": visible_imports(request.user)[:50]},
    )


def _counts(result: dict) -> list[tuple[str, int]]:
    counts = result.get("counts", {})
    return [(str(label), counts[key]) for key, label in COUNT_LABELS.items() if key in counts]


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    crm_import = access_import(request.user, pk)
    context: dict[str, object] = {"crm_import": crm_import, "shown": ROWS_SHOWN}
    # An import done shows what it did; one not done yet, what it would do now.
    result: dict = crm_import.result
    if not crm_import.committed:
        table = export_table(crm_import)
        post = request.POST if request.method == "POST" else None
        action = request.POST.get("action")
        columns_form = ColumnsForm(
            post if action == "columns" else None,
            headers=table.headers,
            labels=FIELD_LABELS,
            required=(),
            initial=crm_import.columns,
        )
        if action == "columns" and columns_form.is_valid():
            try:
                crm_import_set_columns(
                    crm_import=crm_import, columns=columns_form.columns(), acting_user=request.user
                )
            except FileRejected as error:
                columns_form.add_error(None, str(error))
            else:
                messages.success(request, _("Columns saved; the export was checked again."))
                return redirect("crmimport:detail", pk=pk)
        context["columns_form"] = columns_form
        if not crm_import.result.get("error"):
            plan = import_plan(crm_import, request.user, table)
            stages_form = StagesForm(post if action == "stages" else None, stages=plan.stages)
            if action == "stages" and stages_form.is_valid():
                try:
                    stage_mappings_save(
                        source=crm_import.source,
                        stages=stages_form.stages(),
                        acting_user=request.user,
                    )
                except RuleRefused as error:
                    messages.error(request, str(error))
                else:
                    crm_import_recheck(crm_import=crm_import, acting_user=request.user)
                    messages.success(request, _("Stages saved; the export was checked again."))
                return redirect("crmimport:detail", pk=pk)
            context |= {
                "stages_form": stages_form,
                "managers": sorted(plan.managers.values(), key=lambda m: m.name),
            }
            result = {
                "counts": plan.counts(),
                "not_taken": plan.not_taken(),
                "present": plan.present(),
            }
        context["same_file"] = same_file_imported(crm_import)
    context |= {
        "present": result.get("present", [])[:ROWS_SHOWN],
        "counts": _counts(result),
        "not_taken": result.get("not_taken", [])[:ROWS_SHOWN],
        "not_taken_count": len(result.get("not_taken", [])),
        "error": result.get("error", ""),
    }
    return render(request, "crmimport/detail.html", context)


@login_required
@require_POST
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    crm_import = access_import(request.user, pk)
    try:
        crm_import = crm_import_commit(crm_import=crm_import, acting_user=request.user)
    except RuleRefused as error:
        messages.error(request, str(error))
    else:
        counts = crm_import.result["counts"]
        messages.success(
            request,
            _("Imported: %(taken)s rows of %(rows)s; %(not_taken)s not taken.") % counts,
        )
    return redirect("crmimport:detail", pk=pk)


@login_required
def report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The rows not taken with their reasons, as the last check or the import found them."""
    crm_import = access_import(request.user, pk)
    respond = xlsx_response if fmt == "xlsx" else csv_response
    return respond(
        f"crm-import-{crm_import.pk}-not-taken",
        [_("Row"), _("Reason")],
        [(line["row"], shown(line["reason"])) for line in crm_import.result.get("not_taken", [])],
    )


@login_required
def sample(request: HttpRequest) -> HttpResponse:
    """An amoCRM export made up to try the import on (otdel/crmimport/samples.py)."""
    _check(request)
    headers, rows, _expected = make_export(Export.AMOCRM, rows=300)
    response = HttpResponse(export_bytes(headers, rows, "utf-8"), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="amocrm-sample.csv"'
    return response

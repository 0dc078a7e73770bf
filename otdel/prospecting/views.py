from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.algorithm.services import RuleRefused
from otdel.exports import csv_response, xlsx_response
from otdel.org.rules import sells
from otdel.pdf import pdf_response

from .checked import HEAD, MANAGER, checked_document, checked_table
from .files import FileRejected, check_size
from .forms import ColumnsForm, ImportForm
from .models import ImportBatch
from .rules import REPORT_HEADER
from .selectors import (
    access_batch,
    batch_headers,
    batch_report_rows,
    may_change_batch,
    visible_batches,
)
from .services import batch_preview, batch_set_columns, batch_start_commit
from .tasks import job_resume_if_interrupted, progress

LINES_SHOWN = 1000


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        owner = form.cleaned_data["owner"]
        if not request.user.leads_people:
            # A manager's list goes into his own work; one who does not sell leaves it in
            # "to call" for those who do.
            owner = request.user if sells(request.user.position) else None
        try:
            check_size(upload.name, upload.size)
            batch = batch_preview(
                data=upload.read(),
                filename=upload.name,
                acting_user=request.user,
                owner=owner,
                source=form.cleaned_data["source"],
            )
        except FileRejected as error:
            form.add_error("file", str(error))
        else:
            return redirect("prospecting:detail", pk=batch.pk)
    return render(
        request,
        "prospecting/import_list.html",
        {"form": form, "batches": visible_batches(request.user)[:50]},
    )


def _say_if_interrupted(request: HttpRequest, batch: ImportBatch) -> None:
    if job_resume_if_interrupted(batch):
        messages.warning(
            request,
            _("The check of this list was interrupted and has started again.")
            if batch.job
            else _(
                "The import of this list was interrupted (the server restarted): nothing of it "
                "was written. Start it again."
            ),
        )


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access_batch(request.user, pk, for_change=request.method == "POST")
    _say_if_interrupted(request, batch)
    may_change = may_change_batch(request.user, batch)
    columns_form = None
    headers = batch.headers or batch_headers(batch)
    if may_change and not batch.committed and not batch.job and headers:
        columns_form = ColumnsForm(request.POST or None, headers=headers, initial=batch.mapping)
        if request.method == "POST" and columns_form.is_valid():
            try:
                batch_set_columns(batch=batch, columns=columns_form.columns())
            except FileRejected as error:
                columns_form.add_error(None, str(error))
            else:
                messages.success(request, _("Columns saved; the list was checked again."))
                return redirect("prospecting:detail", pk=pk)
    lines = list(batch.lines.all()[:LINES_SHOWN])
    return render(
        request,
        "prospecting/import_detail.html",
        {
            "batch": batch,
            "lines": lines,
            "columns_form": columns_form,
            "shown": LINES_SHOWN,
            "checked": bool(lines),
            "may_change": may_change,
            "progress": progress(batch.pk) if batch.job else 0,
            "few": batch.rows - batch.rejected - batch.conflicts < 100,
        },
    )


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by the page while a job runs on the list; reloads the page when it ends."""
    batch = access_batch(request.user, pk)
    _say_if_interrupted(request, batch)
    if not batch.job:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request, "prospecting/progress.html", {"batch": batch, "progress": progress(batch.pk)}
    )


@login_required
@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access_batch(request.user, pk, for_change=True)
    try:
        batch = batch_start_commit(batch=batch, acting_user=request.user)
    except RuleRefused as error:
        messages.error(request, str(error))
    else:
        if batch.committed:
            messages.success(
                request,
                _(
                    "Imported: %(created)s new, %(merged)s merged, %(conflicts)s struck off, "
                    "%(rejected)s rejected."
                )
                % {
                    "created": batch.created,
                    "merged": batch.merged,
                    "conflicts": batch.conflicts,
                    "rejected": batch.rejected,
                },
            )
    return redirect("prospecting:detail", pk=pk)


@login_required
def import_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    batch = access_batch(request.user, pk)
    respond = xlsx_response if fmt == "xlsx" else csv_response
    return respond(f"report-{batch.pk}", REPORT_HEADER, batch_report_rows(batch))


@login_required
def checked_list(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    batch = access_batch(request.user, pk)
    audience = (
        HEAD
        if request.GET.get("for", HEAD if request.user.leads_people else MANAGER) == HEAD
        else MANAGER
    )
    name = f"checked-{batch.pk}-{audience}"
    if fmt == "pdf":
        return pdf_response(name, "checked_list.typ", checked_document(batch, audience))
    return xlsx_response(name, *checked_table(batch, audience))

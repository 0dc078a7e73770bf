from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.algorithm.services import RuleRefused
from otdel.exports import csv_response, xlsx_response
from otdel.org.models import User

from .files import FileRejected, check_size
from .forms import ImportForm
from .models import ImportBatch, ImportRow, Outcome
from .services import REPORT_HEADER, commit_preview, preview_import, replan, report_rows


def _batches(user: User) -> QuerySet[ImportBatch]:
    batches = ImportBatch.objects.select_related("created_by", "owner", "source")
    return batches if user.leads_people else batches.filter(created_by=user)


def _batch(user: User, pk: int) -> ImportBatch:
    try:
        return _batches(user).get(pk=pk)
    except ImportBatch.DoesNotExist:
        raise Http404("No such list") from None


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        owner = form.cleaned_data["owner"] if request.user.leads_people else request.user
        try:
            check_size(upload.name, upload.size)
            batch, _rows = preview_import(data=upload.read(), filename=upload.name,
                                          acting_user=request.user, owner=owner,
                                          source=form.cleaned_data["source"])  # fmt: skip
        except FileRejected as error:
            form.add_error("file", str(error))
        else:
            return redirect("prospecting:detail", pk=batch.pk)
    return render(request, "prospecting/import_list.html",
                  {"form": form, "batches": _batches(request.user)[:50]})  # fmt: skip


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request.user, pk)
    if batch.committed:
        lines = [(line.number, line.name, line.outcome, line.get_outcome_display(), line.reason,
                  line.score, line.company_id) for line in batch.lines.all()[:1000]]  # fmt: skip
    else:
        lines = [(r.number, r.name, r.outcome, Outcome(r.outcome).label,
                  "; ".join([r.reason, *r.notes]).strip("; "), r.score, r.company_id)
                 for r in replan(batch)[:1000]]  # fmt: skip
    return render(request, "prospecting/import_detail.html",
                  {"batch": batch, "lines": lines,
                   "few": batch.rows - batch.rejected - batch.conflicts < 100})  # fmt: skip


@login_required
@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request.user, pk)
    try:
        batch = commit_preview(batch=batch, acting_user=request.user)
    except RuleRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Imported: %(created)s new, %(merged)s merged, %(conflicts)s struck off, "
              "%(rejected)s rejected.")
            % {"created": batch.created, "merged": batch.merged, "conflicts": batch.conflicts,
               "rejected": batch.rejected},
        )  # fmt: skip
    return redirect("prospecting:detail", pk=pk)


@login_required
def import_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    batch = _batch(request.user, pk)
    if batch.committed:
        rows = [(line.number, line.name, line.get_outcome_display(), line.reason)
                for line in ImportRow.objects.filter(
                    batch=batch, outcome__in=[Outcome.REJECTED, Outcome.CONFLICT])]  # fmt: skip
    else:
        rows = report_rows(replan(batch))
    respond = xlsx_response if fmt == "xlsx" else csv_response
    return respond(f"report-{batch.pk}", REPORT_HEADER, rows)

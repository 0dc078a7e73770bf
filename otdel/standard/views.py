"""Settings → The standard: download this installation's standard, upload one to see what it
would change, and apply it (the same service as `otdel standard import`)."""

import hashlib

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.setup.views import configurer_only

from . import forms, selectors, services
from .rules import diff_lines
from .sections import StandardRefused, sections

SESSION_KEY = "otdel_standard_upload"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@configurer_only
def page(request: HttpRequest) -> HttpResponse:
    version = selectors.current_version()
    upload = forms.UploadForm(request.POST or None, request.FILES or None)
    preview = refusal = None
    if request.method == "POST" and upload.is_valid():
        text = upload.cleaned_data["file"]
        try:
            preview = services.standard_import(text=text, acting_user=request.user, dry_run=True)
        except StandardRefused as error:
            refusal = str(error)
        else:
            request.session[SESSION_KEY] = text
    return render(
        request,
        "standard/page.html",
        {
            "section": "standard",
            "version": version,
            "download": forms.DownloadForm(initial={"version": version}),
            "upload": upload,
            "preview": preview,
            "lines": diff_lines(preview.diffs) if preview else [],
            "digest": _digest(request.session.get(SESSION_KEY, "")) if preview else "",
            "refusal": refusal,
            "sections": sections(),
        },
    )


@configurer_only
def download(request: HttpRequest) -> HttpResponse:
    form = forms.DownloadForm(request.GET or None)
    version = form.cleaned_data["version"] if form.is_valid() else None
    text = selectors.standard_text(version=version)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    number = selectors.current_version() if version is None else version
    response["Content-Disposition"] = f'attachment; filename="otdel-standard-v{number}.yaml"'
    return response


@configurer_only
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    text = request.session.get(SESSION_KEY)
    if not text or request.POST.get("digest") != _digest(text):
        messages.error(request, _("Upload the standard again: the one previewed is gone."))
        return redirect("standard:page")
    try:
        report = services.standard_import(text=text, acting_user=request.user)
    except StandardRefused as error:
        messages.error(request, str(error))
        return redirect("standard:page")
    del request.session[SESSION_KEY]
    if report.changed:
        messages.success(
            request,
            _("Standard version %(version)s applied.") % {"version": report.version},
        )
    else:
        messages.info(request, _("The system already follows this standard."))
    return redirect("standard:page")

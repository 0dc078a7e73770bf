"""PDF documents from typst templates (otdel/templates/typst). The data goes in as JSON through
typst's sys.inputs, never into the markup, so a company called "#eval(...)" or "*bold*" prints
as it is written."""

import json
from pathlib import Path
from typing import Any

import typst
from django.http import HttpResponse

TEMPLATES = Path(__file__).parent / "templates" / "typst"


def render_pdf(template: str, data: dict[str, Any]) -> bytes:
    return render_pdf_source((TEMPLATES / template).read_text(encoding="utf-8"), data)


def render_pdf_source(source: str, data: dict[str, Any]) -> bytes:
    """A PDF from typst markup (a template the company may have edited) and its data."""
    pdf = typst.compile(
        source.encode("utf-8"),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
    )
    return pdf if isinstance(pdf, bytes) else b"".join(pdf)


def pdf_response(filename: str, template: str, data: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(render_pdf(template, data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response

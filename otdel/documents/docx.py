"""Editable DOCX copies of the documents (docxtpl): from the company's own Word template, or
from the default one built here, filled with the same data the PDF printed."""

from io import BytesIO
from typing import Any

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate

from .models import DocumentTemplate


def default_template() -> bytes:
    """A plain Word template with docxtpl's tags: download it, change it in Word, upload it
    in Settings -> Document templates."""
    word = WordDocument()
    word.styles["Normal"].font.name = "Times New Roman"
    word.styles["Normal"].font.size = Pt(10)
    bank = word.add_table(rows=1, cols=2)
    bank.style = "Table Grid"
    bank.rows[0].cells[0].text = "{%tr for label, value in bank %}"
    bank.add_row().cells[0].text = "{{ label }}"
    bank.rows[1].cells[1].text = "{{ value }}"
    bank.add_row().cells[0].text = "{%tr endfor %}"
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("{{ title }}").bold = True
    for party in ("seller", "buyer"):
        line = word.add_paragraph()
        line.add_run(f"{{{{ {party}.label }}}}: ").bold = True
        line.add_run(
            f"{{{{ {party}.name }}}}{{% for l in {party}.lines %}}, {{{{ l }}}}{{% endfor %}}"
        )
    word.add_paragraph("{{ intro }}")
    word.add_paragraph(
        "{% if needs %}{{ needs_title }}: {% for label, value in needs %}{{ label }}: "
        "{{ value }}. {% endfor %}{% endif %}"
    )
    lines = word.add_table(rows=3, cols=7)
    lines.style = "Table Grid"
    for n in range(7):
        lines.rows[0].cells[n].text = f"{{{{ header[{n}] }}}}"
        lines.rows[2].cells[n].text = f"{{{{ row[{n}] }}}}"
    lines.rows[1].cells[0].text = "{%tr for row in rows %}"
    lines.add_row().cells[0].text = "{%tr endfor %}"
    word.add_paragraph("{% for label, value in totals %}{{ label }}: {{ value }}    {% endfor %}")
    word.add_paragraph("{{ words }}")
    word.add_paragraph(
        "{% for role, name in signatures %}{{ role }} ____________ {{ name }}    {% endfor %}"
    )
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def template_for(kind: str) -> bytes:
    own = DocumentTemplate.objects.filter(kind=kind).exclude(docx=b"").first()
    return bytes(own.docx) if own else default_template()


def render_docx(template: bytes, data: dict[str, Any]) -> bytes:
    document = DocxTemplate(BytesIO(template))
    document.render(data, autoescape=True)
    out = BytesIO()
    document.save(out)
    return out.getvalue()

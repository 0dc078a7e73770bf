"""The checked list of an import (METHOD 4: the list, checked against the base, goes to the
head and to the manager), as a printable PDF and as XLSX, from the stored row outcomes."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from otdel.days import moment
from otdel.recorded import shown

from .models import ImportBatch, Outcome

HEAD, MANAGER = "head", "manager"
_CONTACT_FIELDS = ("tax_id", "contact", "phones", "emails", "website")


def checked_table(batch: ImportBatch, audience: str) -> tuple[list[str], list[list[object]]]:
    """(header, rows). The head sees every row with its outcome and reason; the manager the
    companies to call (new and already in the base, not those worked by others) with their
    contacts."""
    lines = batch.lines.all()
    if audience == HEAD:
        header = [_("Row"), _("Company"), _("Outcome"), _("Match, %"), _("Reason")]
        rows = [
            [
                line.number,
                line.name,
                str(line.get_outcome_display()),
                line.score if line.score is not None else "",
                shown(line.reason),
            ]
            for line in lines
        ]
        return header, rows
    header = [
        _("Row"),
        _("Company"),
        _("Tax id"),
        _("Contact person"),
        _("Phones"),
        _("E-mails"),
        _("Website"),
        _("Note"),
    ]
    rows = [
        [
            line.number,
            line.name,
            *(line.values.get(f, "") for f in _CONTACT_FIELDS),
            shown(line.reason),
        ]
        for line in lines.filter(outcome__in=[Outcome.NEW, Outcome.DUPLICATE])
    ]
    return header, rows


def checked_document(batch: ImportBatch, audience: str) -> dict[str, object]:
    """The data of the PDF (templates/typst/checked_list.typ)."""
    header, rows = checked_table(batch, audience)
    title = (
        _("Checked list for the head: %(file)s")
        if audience == HEAD
        else _("Companies to call: %(file)s")
    ) % {"file": batch.filename}
    about = [
        _("Imported by %(user)s on %(date)s")
        % {
            "user": batch.created_by,
            "date": moment(batch.created_at),
        }
        if batch.committed
        else _("Checked, not imported yet"),
        _(
            "%(rows)s rows: %(created)s new, %(merged)s already in the base, %(conflicts)s worked "
            "by other managers (struck off), %(rejected)s rejected."
        )
        % {
            "rows": batch.rows,
            "created": batch.created,
            "merged": batch.merged,
            "conflicts": batch.conflicts,
            "rejected": batch.rejected,
        },
    ]
    if batch.source:
        about.append(_("Source: %(source)s") % {"source": batch.source})
    if batch.owner:
        about.append(_("Into the working list of %(owner)s") % {"owner": batch.owner})
    # Relative widths of the columns; 0 = as wide as the content.
    widths = [0, 6, 4, 0, 8] if audience == HEAD else [0, 6, 3, 4, 4, 4, 3, 5]
    return {
        "title": title,
        "about": about,
        "header": header,
        "rows": rows,
        "widths": widths,
        "lang": (get_language() or "ru")[:2],
        "footer": f"Otdel · {batch.filename} · SHA-256 {batch.file_sha256[:12]}",
    }

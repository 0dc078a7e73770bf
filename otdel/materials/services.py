"""The write paths of the materials library: a material with its first file, its changes, a
new version of its file, and sending it to a company (a done activity on the company, and the
file by e-mail when asked). Uploads are checked by their content, as call recordings are."""

import smtplib
import zipfile
from collections.abc import Iterable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from otdel.algorithm.models import Activity, ActivityKind
from otdel.algorithm.services import activity_complete, activity_plan
from otdel.base.models import Company
from otdel.catalog.models import Product
from otdel.org.models import User
from otdel.refusal import RuleRefused
from otdel.stages import config

from . import rules, selectors
from .models import Material, MaterialKind, MaterialState, MaterialVersion


def _allowed() -> str:
    return _("PDF, Word, PowerPoint, Excel or an image (PNG, JPEG, GIF, WebP)")


def _max_bytes() -> int:
    return int(settings.OTDEL_MATERIAL_MAX_BYTES)


def _office_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = set(archive.namelist())
            if "[Content_Types].xml" not in members:
                return None
            declared = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return rules.office_type(members, declared)


def check_upload(upload: UploadedFile) -> str:
    """The upload's type by its content; refused, saying why, when it is empty, too big, not
    one of the kinds a material may be, or named as another kind."""
    name = upload.name or ""
    limit = _max_bytes()
    if not upload.size:
        raise RuleRefused(_("%(name)s is empty.") % {"name": name}, field="file")
    if upload.size > limit:
        raise RuleRefused(
            _("The file is too big: at most %(mb)s MB.") % {"mb": round(limit / 1024 / 1024, 1)},
            field="file",
        )
    upload.seek(0)
    kind = rules.sniff(upload.read(rules.HEAD_BYTES))
    upload.seek(0)
    if kind == rules.ZIP:
        kind = _office_type(upload)
    if kind is None:
        raise RuleRefused(
            _("%(name)s is not a file a material may be: %(allowed)s.")
            % {"name": name, "allowed": _allowed()},
            field="file",
        )
    if not rules.name_fits(name, kind):
        raise RuleRefused(
            _("%(name)s is named as another kind of file than it is (%(kind)s): rename it.")
            % {"name": name, "kind": kind},
            field="file",
        )
    return kind


def _states_checked(states: Iterable[str]) -> list[str]:
    known = {stage.code for stage in config.current().company_states()}
    chosen = list(dict.fromkeys(states))
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise RuleRefused(
            _("No such stage: %(codes)s.") % {"codes": ", ".join(unknown)}, field="states"
        )
    return chosen


def _check_keeper(user: User | None) -> None:
    """None: the installation itself (an import of the standard), which may."""
    if user is not None and not selectors.keeps_materials(user):
        raise RuleRefused(_("Heads and those who configure the sales system keep the materials."))


def _version_save(
    *, material: Material, upload: UploadedFile, note: str, acting_user: User | None
) -> MaterialVersion:
    kind = check_upload(upload)
    # The material's row is locked: two uploads at once get two numbers, never one twice.
    Material.objects.select_for_update().filter(pk=material.pk).first()
    last = material.versions.aggregate(last=Max("number"))["last"] or 0
    version = MaterialVersion(
        material=material,
        number=last + 1,
        filename=(upload.name or "file")[:255],
        size=upload.size or 0,
        content_type=kind,
        uploaded_by=acting_user,
        note=note.strip()[:300],
    )
    version.file.save(upload.name or "file", upload, save=False)
    version.save()
    return version


def _fields_checked(title: str, kind: str) -> None:
    if not title.strip():
        raise RuleRefused(_("Give the material a title."), field="title")
    if kind not in MaterialKind.values:
        raise RuleRefused(_("Choose the kind of material."), field="kind")


@transaction.atomic
def material_create(
    *,
    title: str,
    kind: str,
    upload: UploadedFile | None,
    acting_user: User | None,
    description: str = "",
    tags: str = "",
    products: Iterable[Product] = (),
    states: Iterable[str] = (),
    note: str = "",
    without_file: bool = False,
) -> Material:
    """A new material with its first file; `without_file`: an import of the standard, which
    carries no files, adds it for its file to be uploaded in the library."""
    _check_keeper(acting_user)
    _fields_checked(title, kind)
    if upload is None and not without_file:
        raise RuleRefused(_("Upload the material's file."), field="file")
    chosen = _states_checked(states)
    material = Material.objects.create(
        title=title.strip(),
        kind=kind,
        description=description.strip(),
        tags=", ".join(rules.tags_of(tags)),
    )
    material.products.set(products)
    MaterialState.objects.bulk_create(MaterialState(material=material, state=s) for s in chosen)
    if upload is not None:
        _version_save(material=material, upload=upload, note=note, acting_user=acting_user)
    return material


@transaction.atomic
def material_update(
    *,
    material: Material,
    title: str,
    kind: str,
    description: str,
    tags: str,
    products: Iterable[Product],
    states: Iterable[str],
    active: bool | None,
    acting_user: User | None,
) -> Material:
    """The material's description, tags, products and stages; whether it is active is decided
    by those who configure the sales system (None: left as it is). `acting_user` None: the
    installation itself (an import of the standard)."""
    _check_keeper(acting_user)
    _fields_checked(title, kind)
    chosen = _states_checked(states)
    locked = Material.objects.select_for_update().get(pk=material.pk)
    locked.title, locked.kind = title.strip(), kind
    locked.description = description.strip()
    locked.tags = ", ".join(rules.tags_of(tags))
    if active is not None:
        if acting_user is not None and not acting_user.configures:
            raise RuleRefused(_("Only those who configure the sales system retire materials."))
        locked.active = active
    locked.save()
    locked.products.set(products)
    locked.states.exclude(state__in=chosen).delete()
    kept = set(locked.states.values_list("state", flat=True))
    MaterialState.objects.bulk_create(
        MaterialState(material=locked, state=s) for s in chosen if s not in kept
    )
    return locked


@transaction.atomic
def material_version_add(
    *, material: Material, upload: UploadedFile | None, note: str, acting_user: User
) -> MaterialVersion:
    """A new file of the material: it becomes the current one, the old ones are kept."""
    _check_keeper(acting_user)
    if upload is None:
        raise RuleRefused(_("Upload the material's file."), field="file")
    return _version_save(material=material, upload=upload, note=note, acting_user=acting_user)


def _email(version: MaterialVersion, to: str, company: Company, acting_user: User) -> EmailMessage:
    email = EmailMessage(
        version.material.title,
        _("Good day! Please find attached: %(title)s.") % {"title": version.material.title},
        to=[to],
        reply_to=[acting_user.email] if acting_user.email else None,
    )
    with version.file.open("rb") as stored:
        email.attach(version.filename, stored.read(), version.content_type)
    return email


@transaction.atomic
def material_send(
    *, material: Material, company: Company, email_to: str, acting_user: User
) -> Activity:
    """The manager sent the material's current version to the company: a done activity on
    the company names it and its version; with an address of the company the file goes to it
    by e-mail, and when the mail server refuses it nothing is recorded."""
    if not selectors.reads_materials(acting_user):
        raise RuleRefused(_("Only those who sell and their heads send materials."))
    visible = selectors.visible_materials(acting_user).filter(pk=material.pk, active=True)
    if not visible.exists():
        raise RuleRefused(_("This material is not in the library any more."))
    version = material.versions.select_related("material").first()
    if version is None:
        raise RuleRefused(_("The material has no file yet."))
    email_to = email_to.strip()
    if email_to and email_to not in selectors.company_emails(company):
        raise RuleRefused(_("Choose one of the company's e-mail addresses."), field="email_to")
    subject = _("Material sent: %(title)s (v%(number)s)") % {
        "title": material.title,
        "number": version.number,
    }
    activity = activity_plan(
        company=company,
        kind=ActivityKind.EMAIL,
        subject=subject[:300],
        due_at=None,
        assignee=acting_user,
        acting_user=acting_user,
    )
    result = (
        _("Sent by e-mail to %(to)s: %(file)s") % {"to": email_to, "file": version.filename}
        if email_to
        else _("Sent: %(file)s") % {"file": version.filename}
    )
    activity_complete(activity=activity, result=result, acting_user=acting_user, next_step=None)
    if email_to:
        # Sent last, inside the transaction: a mail server that refuses rolls the record of
        # the sending back, so that the card never says "sent" of a letter that was not.
        try:
            _email(version, email_to, company, acting_user).send()
        except (OSError, smtplib.SMTPException) as error:
            raise RuleRefused(
                _(
                    "The e-mail was not sent (the mail server did not take it), so nothing is recorded: %(error)s"
                )
                % {"error": error}
            ) from error
    return activity

"""The standard's sections of how the method is taught (issue 19): the materials index and the
playbook's scripts and objection library.

The materials index carries each material's description, kind, tags and stages, not its
products (the catalog is the installation's data, not its system) nor its files (a standard is a text file, and a price list of one company is not another's): a
material the installation lacks is added to the library without a file, and the import says
so, for its file to be uploaded. Objections are matched by the client's words and answers by
their text, so an import never deletes an answer: its uses (which answers win) are kept.

These sections write through the apps' own services, as the library's and the playbook's pages
do (an import from the command line may run as nobody: acting_user None); a service's refusal
is named by its place in the standard."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.materials.models import Material, MaterialKind
from otdel.materials.rules import tags_of
from otdel.materials.services import material_create, material_update
from otdel.playbook.models import CallKind, CallStandard, Objection, Script
from otdel.playbook.services import answer_save, call_standard_save, objection_save, script_save
from otdel.refusal import RuleRefused
from otdel.stages import config

from .sections import Data, Field, Group, StandardRefused, register_section

Notes = list[str]


@contextmanager
def _refused_at(*place: str) -> Iterator[None]:
    """A service's refusal, named by its place in the standard (and the field it names)."""
    try:
        yield
    except RuleRefused as error:
        raise StandardRefused(str(error), place=(*place, error.field)) from error


def materials_standard() -> Data:
    index: Data = {}
    for material in Material.objects.order_by("title", "pk").prefetch_related("states", "products"):
        key = material.title if material.title not in index else f"{material.title} #{material.pk}"
        index[key] = {
            "kind": material.kind,
            "description": material.description,
            "tags": tags_of(material.tags),
            "states": [s.state for s in material.states.all()],
            "active": material.active,
        }
    return {"index": index}


def _states(codes: list[str], place: tuple[str, ...]) -> list[str]:
    algorithm = config.current()
    unknown = [code for code in codes if algorithm.stage(code) is None]
    if unknown:
        raise StandardRefused(
            _("No such stage here: %(codes)s.") % {"codes": ", ".join(unknown)}, place=place
        )
    return list(dict.fromkeys(codes))


def materials_standard_apply(data: Data, acting_user: Any) -> Notes:
    notes: Notes = []
    existing = {m.title: m for m in Material.objects.order_by("-pk")}
    for title, item in data["index"].items():
        place = ("materials", "index", title)
        if item["kind"] not in MaterialKind.values:
            raise StandardRefused(_("No such kind of material."), place=(*place, "kind"))
        states = _states(item["states"], (*place, "states"))
        fields = {
            "kind": item["kind"],
            "description": item["description"],
            "tags": ", ".join(item["tags"]),
            "states": states,
        }
        material = existing.get(title)
        with _refused_at(*place):
            if material is None:
                material = material_create(
                    title=title, upload=None, without_file=True, acting_user=acting_user, **fields
                )
                notes.append(
                    _("%(title)s: added to the library without a file; upload it there.")
                    % {"title": title}
                )
            # Whether it is active, a new one too: only the update sets it.
            material_update(
                material=material,
                title=material.title,
                products=material.products.all(),
                active=item["active"],
                acting_user=acting_user,
                **fields,
            )
    return notes


def playbook_standard() -> Data:
    standard = CallStandard.objects.filter(pk=1).first()
    return {
        "cold_call": {"text": standard.text if standard else ""},
        "scripts": {
            f"{s.state} {s.call_kind}": {"text": s.text}
            for s in Script.objects.order_by("state", "call_kind")
        },
        "objections": {
            o.words: {
                "states": [code for code in o.states.split(",") if code],
                "tags": o.tags,
                "answers": [
                    [a.text, a.case_client, a.case_story]
                    for a in sorted(o.answers.all(), key=lambda a: (a.position, a.pk))
                ],
            }
            for o in Objection.objects.order_by("words").prefetch_related("answers")
        },
    }


def playbook_standard_apply(data: Data, acting_user: Any) -> Notes:
    with _refused_at("playbook", "cold_call"):
        call_standard_save(text=data["cold_call"]["text"], acting_user=acting_user)
    for key, item in data["scripts"].items():
        state, _space, call_kind = key.partition(" ")
        place = ("playbook", "scripts", key)
        _states([state], place)
        if call_kind not in CallKind.values:
            raise StandardRefused(_("No such kind of call."), place=place)
        with _refused_at(*place):
            script_save(
                state=state, call_kind=call_kind, text=item["text"], acting_user=acting_user
            )
    for words, item in data["objections"].items():
        place = ("playbook", "objections", words)
        states = _states(item["states"], (*place, "states"))
        with _refused_at(*place):
            objection = objection_save(
                objection=Objection.objects.filter(words=" ".join(words.split())).first(),
                words=words,
                states=states,
                tags=item["tags"],
                acting_user=acting_user,
            )
        answers = {a.text: a for a in objection.answers.all()}
        for position, answer in enumerate(item["answers"]):
            if not isinstance(answer, list) or len(answer) != 3:
                raise StandardRefused(
                    _("An answer is its text, the case's client and the case's story."),
                    place=(*place, "answers", str(position + 1)),
                )
            text, case_client, case_story = (str(part) for part in answer)
            with _refused_at(*place, "answers", str(position + 1)):
                answer_save(
                    objection=objection,
                    answer=answers.get(text.strip()),
                    text=text,
                    case_client=case_client,
                    case_story=case_story,
                    position=position,
                    acting_user=acting_user,
                )
    return []


def register() -> None:
    register_section(
        "materials",
        title=gettext_lazy("Materials index"),
        export=materials_standard,
        apply=materials_standard_apply,
        order=800,
        groups=[
            Group(
                "index",
                [
                    Field("kind", str),
                    Field("description", str),
                    Field("tags", list),
                    Field("states", list),
                    Field("active", bool),
                ],
            )
        ],
    )
    register_section(
        "playbook",
        title=gettext_lazy("Scripts and objections"),
        export=playbook_standard,
        apply=playbook_standard_apply,
        order=850,
        groups=[
            Group("cold_call", [Field("text", str)], row=True),
            Group("scripts", [Field("text", str)]),
            Group(
                "objections", [Field("states", list), Field("tags", str), Field("answers", list)]
            ),
        ],
    )

"""The standard's sections of how the method is taught (issue 19): the materials index and the
playbook's scripts and objection library.

The materials index carries each material's description, kind, tags and stages, not its
products (the catalog is the installation's data, not its system) nor its files (a standard is a text file, and a price list of one company is not another's): a
material the installation lacks is added to the library without a file, and the import says
so, for its file to be uploaded. Objections are matched by the client's words and answers by
their text, so an import never deletes an answer: its uses (which answers win) are kept.

These sections write the models directly: the apps' own services refuse anyone who does not
configure the sales system, and an import from the command line may run as nobody."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.materials.models import Material, MaterialKind, MaterialState
from otdel.materials.rules import tags_of
from otdel.playbook import rules as playbook_rules
from otdel.playbook.models import Answer, CallKind, CallStandard, Objection, Script
from otdel.stages import config

from .sections import Data, Field, Group, StandardRefused, register_section

Notes = list[str]


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
        material = existing.get(title) or Material(title=title)
        if material.pk is None:
            notes.append(
                _("%(title)s: added to the library without a file; upload it there.")
                % {"title": title}
            )
        material.kind = item["kind"]
        material.description = item["description"]
        material.tags = ", ".join(tags_of(", ".join(item["tags"])))
        material.active = item["active"]
        material.save()
        material.states.exclude(state__in=states).delete()
        kept = set(material.states.values_list("state", flat=True))
        MaterialState.objects.bulk_create(
            MaterialState(material=material, state=s) for s in states if s not in kept
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
    CallStandard.objects.update_or_create(pk=1, defaults={"text": data["cold_call"]["text"]})
    for key, item in data["scripts"].items():
        state, _space, call_kind = key.partition(" ")
        place = ("playbook", "scripts", key)
        _states([state], place)
        if call_kind not in CallKind.values:
            raise StandardRefused(_("No such kind of call."), place=place)
        Script.objects.update_or_create(
            state=state, call_kind=call_kind, defaults={"text": item["text"]}
        )
    for words, item in data["objections"].items():
        place = ("playbook", "objections", words)
        states = _states(item["states"], (*place, "states"))
        objection = Objection.objects.filter(words=words).first() or Objection(words=words)
        objection.states = playbook_rules.states_field(states)
        objection.tags = item["tags"]
        objection.search_text = playbook_rules.normalise(f"{words} {item['tags']}")
        objection.save()
        answers = {a.text: a for a in objection.answers.all()}
        for position, answer in enumerate(item["answers"]):
            if not isinstance(answer, list) or len(answer) != 3:
                raise StandardRefused(
                    _("An answer is its text, the case's client and the case's story."),
                    place=(*place, "answers", str(position + 1)),
                )
            text, case_client, case_story = (str(part) for part in answer)
            row = answers.get(text) or Answer(objection=objection, text=text)
            row.case_client, row.case_story, row.position = case_client, case_story, position
            row.save()
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

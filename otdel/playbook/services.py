"""The write paths of the playbook: each checks who may, in one transaction.

Scripts and the objection library are the company's settings: those who configure change them.
An answer's use is recorded by whoever may change the company it was used on; a drill is given
and scored by the manager's leaders and answered by the manager alone."""

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel.algorithm.models import Activity, ActivityKind
from otdel.base.models import Company
from otdel.base.selectors import can_edit_company
from otdel.org.models import User
from otdel.refusal import RuleRefused
from otdel.stages import config

from . import presets, rules, selectors
from .models import Answer, AnswerUse, CallKind, CallStandard, Drill, Objection, Script, Worked


def _configures(user: User | None) -> None:
    """None: the installation itself (an import of the standard, a command), which may."""
    if user is not None and not user.configures:
        raise RuleRefused(_("Only the owner and the head of sales change the playbook."))


@transaction.atomic
def call_standard_save(*, text: str, acting_user: User | None) -> CallStandard:
    _configures(acting_user)
    standard = CallStandard.objects.select_for_update().filter(pk=1).first() or CallStandard(pk=1)
    standard.text = text.strip()
    standard.updated_by = acting_user
    standard.save()
    return standard


@transaction.atomic
def script_save(
    *, state: str, call_kind: str, text: str, acting_user: User | None
) -> Script | None:
    """The script of a stage and kind of call; an empty text removes it."""
    _configures(acting_user)
    if config.current().stage(state) is None:
        raise RuleRefused(_("Choose a stage of the algorithm."), field="state")
    if call_kind not in CallKind.values:
        raise RuleRefused(_("Choose the kind of call."), field="call_kind")
    if not text.strip():
        Script.objects.filter(state=state, call_kind=call_kind).delete()
        return None
    script, _created = Script.objects.update_or_create(
        state=state,
        call_kind=call_kind,
        defaults={"text": text.strip(), "updated_by": acting_user},
    )
    return script


@transaction.atomic
def objection_save(
    *,
    objection: Objection | None,
    words: str,
    states: Iterable[str],
    tags: str,
    acting_user: User | None,
) -> Objection:
    """A new objection or a changed one, its search text made from its words and tags."""
    _configures(acting_user)
    words = " ".join(words.split())
    if not words:
        raise RuleRefused(_("Write what the client says."), field="words")
    known = config.current()
    codes = list(states)
    if any(known.stage(code) is None for code in codes):
        raise RuleRefused(_("Choose stages of the algorithm."), field="states")
    row = objection or Objection()
    row.words = words
    row.states = rules.states_field(codes)
    row.tags = ", ".join(t.strip() for t in tags.split(",") if t.strip())
    row.search_text = rules.normalise(f"{row.words} {row.tags}")
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise RuleRefused(_("This objection is in the library already."), field="words") from None
    return row


@transaction.atomic
def answer_save(
    *,
    objection: Objection,
    answer: Answer | None,
    text: str,
    case_client: str = "",
    case_story: str = "",
    position: int | None = None,
    acting_user: User | None,
) -> Answer:
    """A new answer (last unless `position` says where) or a changed one (`position` None:
    where it is)."""
    _configures(acting_user)
    if not text.strip():
        raise RuleRefused(_("Write the answer."), field="text")
    if answer is None:
        answer = Answer(objection=objection, position=objection.answers.count())
    elif answer.objection_id != objection.pk:
        raise RuleRefused(_("The answer is another objection's."))
    answer.text = text.strip()
    answer.case_client = case_client.strip()
    answer.case_story = case_story.strip()
    if position is not None:
        answer.position = position
    answer.save()
    return answer


@transaction.atomic
def answer_use_record(
    *,
    answer: Answer,
    company: Company,
    worked: str,
    acting_user: User,
    activity: Activity | None = None,
    now: datetime | None = None,
) -> AnswerUse:
    """The manager used this answer with the company, and it worked or not (or it is not known
    yet); linked to the call he logged with the company today unless another is named.

    One use per answer and call: a second mark of the same answer by the same manager on the
    same call (a second click, or "worked" changed to "did not work") changes that use's
    outcome and adds none. A use without a call stands alone: nothing tells a second click
    from a second use then, so marks without a call are each counted (the report's tests mark
    one answer several times on one company the same day, and mean several uses)."""
    if not can_edit_company(acting_user, company):
        raise RuleRefused(_("This company is read-only for you."))
    if worked not in Worked.values:
        raise RuleRefused(_("Say whether the answer worked."), field="worked")
    if activity is not None and (
        activity.company_id != company.pk or activity.kind != ActivityKind.CALL
    ):
        raise RuleRefused(_("Choose one of this company's calls."), field="activity")
    if activity is None:
        activity = selectors.call_to_link(acting_user, company, now or timezone.now())
    if activity is not None:
        # Two clicks on one call wait for each other here, so the second finds the first.
        list(Activity.objects.select_for_update().filter(pk=activity.pk).values_list("pk"))
        marked = (
            AnswerUse.objects.filter(answer=answer, user=acting_user, activity=activity)
            .order_by("pk")
            .first()
        )
        if marked is not None:
            if marked.worked != worked:
                marked.worked = worked
                marked.save(update_fields=["worked"])
            return marked
    return AnswerUse.objects.create(
        answer=answer, user=acting_user, company=company, activity=activity, worked=worked
    )


@transaction.atomic
def drill_create(*, objection: Objection, manager: User, acting_user: User) -> Drill:
    """The head plays the objection to one of his managers (METHOD 8: objection drills)."""
    if not selectors.trains(acting_user, manager):
        raise RuleRefused(_("Give drills to the managers you lead."), field="manager")
    return Drill.objects.create(objection=objection, manager=manager, trainer=acting_user)


@transaction.atomic
def drill_answer(*, drill: Drill, text: str, acting_user: User) -> Drill:
    if drill.manager_id != acting_user.pk:
        raise RuleRefused(_("Only the drilled manager answers."))
    drill = Drill.objects.select_for_update().get(pk=drill.pk)
    if drill.scored_at is not None:
        raise RuleRefused(_("The drill is scored: its answer stays as it was."))
    if not text.strip():
        raise RuleRefused(_("Write your answer."), field="text")
    drill.answer_text = text.strip()
    drill.answered_at = timezone.now()
    drill.save(update_fields=["answer_text", "answered_at"])
    return drill


@transaction.atomic
def drill_score(*, drill: Drill, score: int, comment: str, acting_user: User) -> Drill:
    """The head scores the manager's answer from 1 to 5, with a comment."""
    if not selectors.trains(acting_user, drill.manager):
        raise RuleRefused(_("Only the manager's leaders score his drills."))
    drill = Drill.objects.select_for_update().get(pk=drill.pk)
    if drill.answered_at is None:
        raise RuleRefused(_("The manager has not answered yet."))
    if not rules.valid_score(score):
        raise RuleRefused(_("Score from 1 to 5."), field="score")
    drill.score = score
    drill.comment = comment.strip()
    drill.scored_by = acting_user
    drill.scored_at = timezone.now()
    drill.save(update_fields=["score", "comment", "scored_by", "scored_at"])
    return drill


@transaction.atomic
def playbook_install_defaults(*, acting_user: User | None = None) -> int:
    """The library of presets.py: the standard when empty, the scripts and objections that are
    not there yet (by stage and kind, by the client's words), none changed. Returns how many
    objections were added. `acting_user` None: the installation itself (the demo, a command)."""
    if acting_user is not None:
        _configures(acting_user)
    standard = CallStandard.load()
    if not standard.text:
        standard.text = presets.STANDARD
        standard.save(update_fields=["text"])
    for state, kind, text in presets.SCRIPTS:
        Script.objects.get_or_create(state=state, call_kind=kind, defaults={"text": text})
    known = set(Objection.objects.values_list("words", flat=True))
    added = 0
    for words, states, tags, answers in presets.OBJECTIONS:
        if words in known:
            continue
        objection = Objection.objects.create(
            words=words,
            states=rules.states_field(states),
            tags=tags,
            search_text=rules.normalise(f"{words} {tags}"),
        )
        Answer.objects.bulk_create(
            Answer(objection=objection, text=text, case_client=client, case_story=story, position=i)
            for i, (text, client, story) in enumerate(answers)
        )
        added += 1
    return added

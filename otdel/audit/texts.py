"""What the audit says to its reader: each finding's title, what it measures, METHOD's remedy
with the Otdel setting that applies it, and the steps of the plan of changes."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Text:
    title: Promise
    measured: Promise  # what the value is, with its unit
    remedy: Promise  # METHOD's answer and the Otdel feature that gives it
    unit: str  # "%", "" (heads, runs)


FINDINGS: dict[str, Text] = {
    "no_personal_plans": Text(
        _("Managers without a personal plan"),
        _("managers with no line in an approved plan for today"),
        _(
            "Split the owner's financial plan into a plan for every manager, with responsibility "
            "for it: Plans, a plan line per manager, approved."
        ),
        "",
    ),
    "no_abc": Text(
        _("No ABC(D) segmentation"),
        _("segmentations in the last 90 days"),
        _(
            "Segment the clients by revenue, potential and fit; find more like A, grow C to B, "
            "stop spending time on D: ABC(D) runs every night from the order history."
        ),
        "",
    ),
    "monthly_reporting_only": Text(
        _("Plans by the month only"),
        _("% of managers' plan lines with figures by week"),
        _(
            "A month-only report is an autopsy: give every plan its weeks and control plan and "
            "KPI each week: the plan's week breakdown."
        ),
        "%",
    ),
    "hunters_serving_clients": Text(
        _("Hunters serving existing clients"),
        _("% of hunters' activities on existing clients, last quarter"),
        _(
            "Hand the client to a farmer by a written rule (after the 2nd order, a volume), so "
            "that hunters find new clients: the hand-off rule in ABC(D) and hand-off."
        ),
        "%",
    ),
    "base_without_contracts": Text(
        _("A base without contracts"),
        _("% of the base with a paid order or a signed contract"),
        _(
            "Sort the base into its sections (to call, refusal with follow-up, strategic "
            "archive, hard refusal) and work the lists by the algorithm: refusal reasons decide "
            "the section."
        ),
        "%",
    ),
    "time_on_d_clients": Text(
        _("Time spent on C and D clients"),
        _("% of activities on C/D clients (the threshold: their % of revenue)"),
        _(
            "D clients are not worth the managers' time: the segmentation marks them and the "
            "ABC(D) page shows who spends time on them."
        ),
        "%",
    ),
    "working_lists_over_cap": Text(
        _("Working lists over the cap"),
        _("managers with more companies in work than the cap"),
        _(
            "A manager keeps 50-90 companies in active work; more causes mistakes: the working "
            "list cap in the limits of the method."
        ),
        "",
    ),
    "stale_prospects": Text(
        _("Prospects kept past the deadline"),
        _("% of companies in work past their maximum time"),
        _(
            "Either you sell in time, or you move it and find a new one: the maximum time with a "
            "new client, triage and the three-month rule."
        ),
        "%",
    ),
    "no_next_step": Text(
        _("Companies with no next step"),
        _("% of companies in work with no open activity"),
        _(
            "Every call ends with its result, its outcome and the next step: the call log and "
            "the algorithm's stages."
        ),
        "%",
    ),
    "lost_without_reason": Text(
        _("Deals lost without a reason"),
        _("% of lost deals with no reason"),
        _(
            "The reason of a refusal decides its section (non-core, or follow-up later): the "
            "refusal reasons of the algorithm."
        ),
        "%",
    ),
}


@dataclass(frozen=True)
class Step:
    title: Promise
    what: Promise
    setting: str  # the URL name of the page in Otdel that applies it
    setting_label: Promise


STEPS: dict[str, Step] = {
    "sections": Step(
        _("Base sections"),
        _("Every company in its section, with its size tag, category and source."),
        "setup:stages",
        _("Settings → Algorithm and playbook: refusal reasons and their sections"),
    ),
    "algorithm": Step(
        _("Algorithm"),
        _("The stages of a sale, what is done and sent at each, the next step of every call."),
        "setup:stages",
        _("Settings → Algorithm and playbook"),
    ),
    "limits": Step(
        _("Limits"),
        _("Working list cap, maximum time with a new client, the three-month rule."),
        "setup:rules",
        _("Settings → Limits of the method"),
    ),
    "handoff": Step(
        _("Hand-off"),
        _("A written rule passing a client from the hunter to a farmer."),
        "setup:segments",
        _("Settings → ABC(D) and hand-off"),
    ),
    "abc": Step(
        _("ABC(D)"),
        _("Clients by class, by revenue and potential; action on each class."),
        "setup:segments",
        _("Settings → ABC(D) and hand-off"),
    ),
    "plans": Step(
        _("Plans and pay"),
        _("A personal plan with weeks for every manager; pay anyone can compute."),
        "setup:pay",
        _("Settings → Pay schemes and Plans"),
    ),
    "control": Step(
        _("Control"),
        _("Daily working lists, weekly plan and fact, monthly results."),
        "control:control",
        _("Control"),
    ),
}

SEVERITY = {
    3: pgettext_lazy("severity", "high"),
    2: pgettext_lazy("severity", "medium"),
    1: pgettext_lazy("severity", "low"),
}

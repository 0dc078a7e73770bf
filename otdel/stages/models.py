"""The stages of the company's sales algorithm (METHOD 3) and the moves allowed between them.

They sit beneath base: a company's state is a stage code, so base places new companies and
labels states by them, and every app above reads them through `config`.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class StageKind(models.TextChoices):
    """What a stage means to the rules, whatever the company calls it."""

    PREPARATION = "preparation", _("Preparation (department, not a company state)")
    NEW = "new", _("New, not yet worked")
    CONTACT = "contact", _("Contact: warming up, proposal, persuading")
    DEAL = "deal", _("Deal: contract, invoice, payment")
    SUPPORT = "support", _("Deal support: shipping, documents")
    CLIENT = "client", _("Client")
    REFUSAL = "refusal", _("Refusal")
    RESERVE = "reserve", _("Strategic reserve")
    CALL_ROUND = "call_round", _("Call-round")


class Stage(models.Model):
    """A state of the company's sales algorithm (METHOD 3); the head names and orders them."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    position = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=StageKind.choices)

    class Meta:
        # The table kept its name when the model left the algorithm app (a state-only move).
        db_table = "algorithm_stage"
        ordering = ["position", "pk"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self) -> str:
        return self.name


class Transition(models.Model):
    """An allowed move between two stages; moves not listed are refused with the reason."""

    source = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="moves_out", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="moves_in", verbose_name=_("to")
    )

    class Meta:
        db_table = "algorithm_transition"
        ordering = ["source__position", "target__position"]
        verbose_name = _("allowed move")
        verbose_name_plural = _("allowed moves")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="transition_unique"),
            models.CheckConstraint(name="transition_moves", condition=~Q(source=F("target"))),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

"""The standard's own state: the version number of the standard this installation follows."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StandardState(models.Model):
    """One row: the version of the last standard imported (or set by the head); an export
    writes it unless told another."""

    version = models.PositiveIntegerField(_("version of the standard"), default=1)

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standard")
        constraints = [models.CheckConstraint(name="standard_state_singleton", condition=Q(pk=1))]

    def __str__(self) -> str:
        return f"v{self.version}"

    @classmethod
    def load(cls) -> "StandardState":
        return cls.objects.get_or_create(pk=1)[0]

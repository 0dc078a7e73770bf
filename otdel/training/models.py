"""Training (METHOD 8: the method is taught): courses of lessons (text, a material of the
library) and test questions, a passing score; every attempt of a manager is kept."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    ALL = "all", _("Everyone who sells")
    HUNTERS = "hunters", _("Hunters (active sales)")
    FARMERS = "farmers", _("Farmers (client department)")


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("for whom"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    passing_score = models.PositiveSmallIntegerField(
        _("passing score, %"), default=80, validators=[MaxValueValidator(100)]
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                name="course_passing_score_percent", condition=models.Q(passing_score__lte=100)
            )
        ]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    material = models.ForeignKey(
        "materials.Material",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("material"),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)
    multiple = models.BooleanField(_("several answers"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("answer"), max_length=300)
    correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class TestAttempt(models.Model):
    """A manager's test of a course: the answers he chose, his score and whether he passed
    (against the passing score of the day)."""

    __test__ = False  # not a test class, whatever pytest reads in its name

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attempts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="test_attempts",
        verbose_name=_("person"),
    )
    taken_at = models.DateTimeField(_("taken"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("score, %"))
    passed = models.BooleanField(_("passed"))
    # {question id: [chosen option ids]}
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        indexes = [models.Index(fields=["person", "-taken_at"], name="attempt_person")]

    def __str__(self) -> str:
        return f"{self.person} {self.course} {self.score}%"

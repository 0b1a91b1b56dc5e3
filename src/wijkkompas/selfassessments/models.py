"""Self-assessment rounds (zelfevaluatie): the eleven choice questions of the knowledge
circle, answered per measurement round by a municipality (or a team), each twice: as it is
and as we want it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import ASSESSMENT_ROLES, ASSESSMENT_TEAM_ROLES, AssessmentStatus


class Questionnaire(models.Model):
    """A versioned set of choice questions (reference data shipped with the product).

    The eleven questions of appendix 1 of the Kenniskring document are shipped by a data
    migration; another set can be added as data, without a change of code.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    source = models.CharField(_("source"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """One choice question on a five-point scale between two poles."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    code = models.SlugField(_("code"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=200)
    left_pole = models.CharField(_("left pole (1)"), max_length=100)
    right_pole = models.CharField(_("right pole (5)"), max_length=100)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="question_unique_code_per_questionnaire"
            )
        ]

    def __str__(self) -> str:
        return self.text


class MeasurementRound(models.Model):
    """A measurement round (nulmeting, éénmeting, …) of the knowledge circle.

    Rounds are the same for every municipality, so that the answers can be compared: only
    the operator of the platform (a superuser) adds them. ``open``: answers may be saved,
    submitted and reopened only while the round is open.
    """

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    held_on = models.DateField(_("date"))
    order = models.PositiveSmallIntegerField(_("order"))
    open = models.BooleanField(
        _("open"), default=True, help_text=_("Municipalities and teams can fill in this round.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("measurement round")
        verbose_name_plural = _("measurement rounds")
        ordering = ["order", "held_on", "pk"]

    def __str__(self) -> str:
        return self.name


def _assessment_policy(prefix: str = "") -> AccessPolicy:
    """Who sees and fills in an assessment (``prefix``: the lookup to it): the policy
    officer in the municipality, the team lead in their teams; researchers read those of
    municipalities that share their aggregates."""
    return AccessPolicy(
        tenant=f"{prefix}municipality_id",
        team=f"{prefix}team_id",
        view=ASSESSMENT_ROLES,
        change=ASSESSMENT_ROLES,
        view_team=ASSESSMENT_TEAM_ROLES,
        change_team=ASSESSMENT_TEAM_ROLES,
        shared=f"{prefix}municipality__shares_aggregates",
    )


class SelfAssessment(models.Model):
    """The self-assessment of one municipality (or one of its teams) in one round."""

    round = models.ForeignKey(
        MeasurementRound,
        verbose_name=_("measurement round"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the assessment of the municipality."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    filled_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filled in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _assessment_policy()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["round__order", "municipality__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"],
                condition=Q(team__isnull=True),
                name="selfassessment_once_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["round", "team"],
                condition=Q(team__isnull=False),
                name="selfassessment_once_per_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.team or self.municipality}"

    @property
    def submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class SelfAssessmentAnswer(models.Model):
    """The answer to one question: reality and wish on the scale (1–5), and a comment.

    A draft may leave a score empty; a submitted assessment has both for every question.
    """

    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name=_("self-assessment"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    reality = models.PositiveSmallIntegerField(
        _("as it is"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    wish = models.PositiveSmallIntegerField(
        _("as we want it"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _assessment_policy("assessment__")

    class Meta:
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        ordering = ["assessment", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="selfassessment_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.reality}/{self.wish}"

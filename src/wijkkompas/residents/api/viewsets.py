"""/api/v1/households/, residents/, consents/ and risk-signals/: the residents' files the
user may see, with the scope of the pages (consent to the user's team or organisation,
per part of the file), every read logged with its purpose and the residents concerned."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from wijkkompas.accounts.constants import Action
from wijkkompas.api.constants import ScopeFamily
from wijkkompas.api.viewsets import (
    CreateMixin,
    ExportMixin,
    ListMixin,
    RetrieveMixin,
    ScopedViewSet,
    UpdateMixin,
    change_with_if_match,
    problem_responses,
)
from wijkkompas.areas.models import Neighbourhood
from wijkkompas.audit.constants import Purpose
from wijkkompas.organisations.models import Organisation
from wijkkompas.teams.models import Team

from .. import selectors, services
from ..constants import Urgency
from ..models import Consent, Household, Resident, RiskSignal
from .serializers import (
    CloseInputSerializer,
    ConsentInputSerializer,
    ConsentSerializer,
    HouseholdSerializer,
    ResidentDetailSerializer,
    ResidentInputSerializer,
    ResidentSerializer,
    ResolveInputSerializer,
    RiskSignalInputSerializer,
    RiskSignalSerializer,
)


def _tags(name: str, **summaries: str) -> Any:
    return extend_schema_view(
        **{view: extend_schema(summary=text, tags=[name]) for view, text in summaries.items()}
    )


@_tags(
    "households",
    list="Households (cases) the user may see",
    retrieve="One household",
    close="Close the case of a household",
    export="Export households",
)
class HouseholdViewSet(ListMixin, RetrieveMixin, ExportMixin, ScopedViewSet):
    access_model = Household
    scope_family = ScopeFamily.CASES
    purpose = Purpose.SUPPORT
    serializer_class = HouseholdSerializer
    filterset_fields = {
        "team": ["exact"],
        "neighbourhood": ["exact"],
        "opened_on": ["exact", "gte", "lte"],
        "closed_on": ["exact", "gte", "lte", "isnull"],
    }
    ordering_fields = ["pk", "opened_on", "label"]
    ordering = ["label", "pk"]

    def base_queryset(self) -> QuerySet[Household]:
        members: Any = Prefetch(
            "residents",
            queryset=Resident.objects.visible_to(self.request.user).order_by("name", "pk"),
            to_attr="visible_members",
        )
        return Household.objects.prefetch_related(members)

    def subjects_of(self, objects: Any) -> list[int]:
        """Household data is about every member of the household (as on the page)."""
        return selectors._household_subjects(obj.pk for obj in objects)

    @extend_schema(
        request=CloseInputSerializer,
        responses={200: HouseholdSerializer, **problem_responses(404, 412, 428)},
    )
    @action(detail=True, methods=["post"], url_path="close")
    def close(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Close the case (``If-Match`` with its ETag), as on the page "Close the case"."""

        def write(household: Household, data: dict[str, Any]) -> Household:
            services.household_close(
                user=request.user, household=household, closed_on=data["closed_on"], request=request
            )
            return self.base_queryset().get(pk=household.pk)

        return change_with_if_match(self, request, write, CloseInputSerializer)


@_tags(
    "residents",
    list="Residents the user may see",
    retrieve="One resident",
    update="Change a resident's personal details",
    partial_update="Change part of a resident's personal details",
    export="Export residents",
)
class ResidentViewSet(ListMixin, RetrieveMixin, UpdateMixin, ExportMixin, ScopedViewSet):
    access_model = Resident
    scope_family = ScopeFamily.CASES
    purpose = Purpose.SUPPORT
    subject_field = "pk"
    serializer_class = ResidentSerializer
    filterset_fields = {
        "household": ["exact"],
        "household__team": ["exact"],
        "neighbourhood": ["exact"],
        "birth_year": ["exact", "gte", "lte"],
    }
    ordering_fields = ["pk", "name", "birth_year"]
    ordering = ["name", "pk"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:  # type: ignore[override]
        request = getattr(self, "request", None)
        if request is not None and request.method not in SAFE_METHODS:
            if not getattr(self, "_output", False):
                return ResidentInputSerializer
        if getattr(self, "action", None) in ("retrieve", "update", "partial_update"):
            return ResidentDetailSerializer
        return ResidentSerializer

    def base_queryset(self) -> QuerySet[Resident]:
        return Resident.objects.select_related("household")

    def perform_update(self, instance: Resident, data: dict[str, Any]) -> Resident:
        values: dict[str, Any] = {
            name: getattr(instance, name)
            for name in ("name", "birth_year", "neighbourhood", "phone", "email", "address")
        }
        if "neighbourhood" in data:
            pk = data.pop("neighbourhood")
            values["neighbourhood"] = None
            if pk is not None:
                values["neighbourhood"] = Neighbourhood.objects.filter(
                    pk=pk, district__municipality_id=instance.household.municipality_id
                ).first()
                if values["neighbourhood"] is None:
                    raise serializers.ValidationError(
                        {"neighbourhood": [_("Choose a neighbourhood of the team's municipality.")]}
                    )
        values.update(data)
        return services.resident_update(
            user=self.request.user, resident=instance, request=self.request, **values
        )


@_tags(
    "consents",
    list="Consents the user may see",
    retrieve="One consent",
    withdraw="Withdraw a consent",
    export="Export consents",
)
@extend_schema_view(
    create=extend_schema(
        summary="Record a consent",
        tags=["consents"],
        responses={201: ConsentSerializer, **problem_responses(404)},
    )
)
class ConsentViewSet(ListMixin, RetrieveMixin, CreateMixin, ExportMixin, ScopedViewSet):
    access_model = Consent
    scope_family = ScopeFamily.CASES
    purpose = Purpose.CONSENT
    subject_field = "resident_id"
    serializer_class = ConsentSerializer
    input_serializer_class = ConsentInputSerializer
    filterset_fields = {
        "resident": ["exact"],
        "household": ["exact"],
        "team": ["exact"],
        "organisation": ["exact"],
        "purpose": ["exact"],
        "valid_from": ["exact", "gte", "lte"],
        "valid_until": ["exact", "gte", "lte", "isnull"],
        "withdrawn_at": ["isnull"],
    }
    ordering_fields = ["pk", "valid_from"]
    ordering = ["-valid_from", "-pk"]

    def base_queryset(self) -> QuerySet[Consent]:
        return Consent.objects.all()

    def perform_create(self, data: dict[str, Any]) -> Consent:
        user = self.request.user
        resident = selectors.resident_get(
            user=user,
            pk=data["resident"],
            action=Action.CHANGE,
            purpose=Purpose.CONSENT,
            request=self.request,
        )
        # A team or organisation of another municipality does not exist for the user.
        municipality_id = resident.household.municipality_id
        team = organisation = None
        if data.get("team") is not None:
            team = Team.objects.filter(pk=data["team"], municipality_id=municipality_id).first()
            if team is None:
                raise serializers.ValidationError(
                    {"team": [_("The team must work in the resident's municipality.")]}
                )
        if data.get("organisation") is not None:
            organisation = Organisation.objects.filter(
                pk=data["organisation"], municipality_id=municipality_id
            ).first()
            if organisation is None:
                raise serializers.ValidationError(
                    {
                        "organisation": [
                            _("The organisation must work in the resident's municipality.")
                        ]
                    }
                )
        return services.consent_record(
            user=user,
            resident=resident,
            consent=services.ConsentInput(
                team=team,
                organisation=organisation,
                parts=set(data.get("parts") or ()),
                purpose=data["consent_purpose"],
                form=data["consent_form"],
                valid_from=data.get("valid_from"),
                valid_until=data.get("valid_until"),
            ),
            request=self.request,
        )

    @extend_schema(
        request=None, responses={200: ConsentSerializer, **problem_responses(404, 412, 428)}
    )
    @action(detail=True, methods=["post"], url_path="withdraw")
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Withdraw the consent (``If-Match`` with its ETag): access based on it ends at
        once, as with the page's "Withdraw" button."""
        return change_with_if_match(
            self,
            request,
            lambda consent, data: services.consent_withdraw(
                user=request.user, consent=consent, request=request
            ),
        )


@_tags(
    "risk-signals",
    list="Risk signals the user may see",
    retrieve="One risk signal",
    update="Change an open risk signal",
    partial_update="Change part of an open risk signal",
    resolve="Resolve a risk signal",
    export="Export risk signals",
)
@extend_schema_view(
    create=extend_schema(
        summary="Raise a risk signal",
        tags=["risk-signals"],
        responses={201: RiskSignalSerializer, **problem_responses(404)},
    )
)
class RiskSignalViewSet(
    ListMixin, RetrieveMixin, CreateMixin, UpdateMixin, ExportMixin, ScopedViewSet
):
    access_model = RiskSignal
    scope_family = ScopeFamily.CASES
    purpose = Purpose.RISK
    serializer_class = RiskSignalSerializer
    input_serializer_class = RiskSignalInputSerializer
    filterset_fields = {
        "household": ["exact"],
        "kind": ["exact"],
        "urgency": ["exact", "gte"],
        "raised_on": ["exact", "gte", "lte"],
        "resolved_on": ["exact", "gte", "lte", "isnull"],
    }
    ordering_fields = ["pk", "raised_on", "urgency"]
    ordering = ["-urgency", "raised_on", "pk"]

    def base_queryset(self) -> QuerySet[RiskSignal]:
        return RiskSignal.objects.all()

    def subjects_of(self, objects: Any) -> list[int]:
        """A signal about one resident concerns that resident; else the whole household."""
        return selectors._signal_subjects(objects)

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        # Name the residents the signals are about, as the page does: only a member the
        # user may see is named (one query per page).
        if args and args[0] is not None:
            rows = args[0] if isinstance(args[0], list) else [args[0]]
            if rows and isinstance(rows[0], RiskSignal):
                selectors._name_residents(self.request.user, rows)
        return super().get_serializer(*args, **kwargs)

    def perform_create(self, data: dict[str, Any]) -> RiskSignal:
        user = self.request.user
        household = selectors.household_get(
            user=user,
            pk=data["household"],
            action=Action.CHANGE,
            purpose=Purpose.RISK,
            request=self.request,
        )
        resident = None
        if data.get("resident") is not None:
            resident = (
                Resident.objects.visible_to(user)
                .filter(pk=data["resident"], household_id=household.pk)
                .first()
            )
            if resident is None:
                raise serializers.ValidationError(
                    {"resident": [_("The resident is not a member of this household.")]}
                )
        return services.risk_signal_raise(
            user=user,
            household=household,
            resident=resident,
            kind=data["risk_kind"],
            description=data["description"],
            urgency=data.get("urgency", Urgency.MEDIUM),
            review_on=data.get("review_on"),
            meldcode_step=data.get("meldcode_step"),
            request=self.request,
        )

    def perform_update(self, instance: RiskSignal, data: dict[str, Any]) -> RiskSignal:
        values: dict[str, Any] = {
            "urgency": instance.urgency,
            "description": instance.description,
            "review_on": instance.review_on,
            "meldcode_step": instance.meldcode_step,
        }
        values.update(data)
        return services.risk_signal_update(
            user=self.request.user, signal=instance, request=self.request, **values
        )

    @extend_schema(
        request=ResolveInputSerializer,
        responses={200: RiskSignalSerializer, **problem_responses(404, 412, 428)},
    )
    @action(detail=True, methods=["post"], url_path="resolve")
    def resolve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Mark the signal resolved (``If-Match`` with its ETag), as on the page."""
        return change_with_if_match(
            self,
            request,
            lambda signal, data: services.risk_signal_resolve(
                user=request.user,
                signal=signal,
                resolved_on=data.get("resolved_on"),
                request=request,
            ),
            ResolveInputSerializer,
        )

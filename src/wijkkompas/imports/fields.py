"""The columns of each kind of import: what each field is, how a column is recognised by
its header (Dutch or English), and how a cell becomes a value.

Every problem with a cell is reported with the field it belongs to and a message that
quotes nothing from the file (row and column are added by the caller).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkkompas.conversations.constants import FindingPlace, LifeDomain, Outcome
from wijkkompas.initiatives.constants import Origin, Stage, TransformationLevel
from wijkkompas.residents.constants import ConsentForm, ConsentPurpose

from .constants import EXTERNAL_ID_MAX, ImportKind

TEXT = "text"
DATE = "date"
INT = "int"
DECIMAL = "decimal"
BOOL = "bool"
CHOICE = "choice"
CHOICES = "choices"
NEIGHBOURHOOD = "neighbourhood"
NEIGHBOURHOODS = "neighbourhoods"
ID = "id"


@dataclass(frozen=True)
class Field:
    """One field an import fills: its name in the service, its label, its type, whether a
    column for it is required, and the header names it is recognised by."""

    name: str
    label: str | Promise
    kind: str = TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: type[models.Choices] | None = None


def _f(name: str, label: Promise, kind: str = TEXT, *aliases: str, **kw: Any) -> Field:
    return Field(name=name, label=label, kind=kind, aliases=aliases, **kw)


EXTERNAL_ID = _f(
    "external_id",
    gettext_lazy("Id in the other system"),
    ID,
    "id",
    "extern id",
    "external id",
    "nummer",
    "registratienummer",
    "gespreksnummer",
    "gesprek id",
    "initiatiefnummer",
    required=True,
)
RESIDENT_ID = _f(
    "resident_external_id",
    gettext_lazy("Id of the resident in the other system"),
    ID,
    "inwoner",
    "inwoner id",
    "inwonernummer",
    "client",
    "client id",
    "clientnummer",
    "resident",
    "resident id",
    "bsn-loos clientnummer",
    required=True,
)

FIELDS: dict[str, tuple[Field, ...]] = {
    ImportKind.RESIDENTS: (
        Field(
            name="external_id",
            label=EXTERNAL_ID.label,
            kind=ID,
            required=True,
            aliases=(*EXTERNAL_ID.aliases, *RESIDENT_ID.aliases),
        ),
        _f("name", gettext_lazy("Name"), TEXT, "naam", "volledige naam", "name", required=True),
        _f("household", gettext_lazy("Household"), TEXT, "huishouden", "gezin", "household"),
        _f("birth_year", gettext_lazy("Year of birth"), INT, "geboortejaar", "birth year"),
        _f(
            "neighbourhood",
            gettext_lazy("Neighbourhood (CBS code or name)"),
            NEIGHBOURHOOD,
            "buurt",
            "buurtcode",
            "neighbourhood",
        ),
        _f("phone", gettext_lazy("Phone"), TEXT, "telefoon", "telefoonnummer", "phone"),
        _f("email", gettext_lazy("Email"), TEXT, "e-mail", "email", "e-mailadres", "mail"),
        _f("address", gettext_lazy("Address"), TEXT, "adres", "address"),
        _f("bsn", gettext_lazy("BSN"), TEXT, "bsn", "burgerservicenummer"),
        _f(
            "consent_conversations",
            gettext_lazy("Consent: conversations"),
            BOOL,
            "toestemming gesprekken",
            "consent conversations",
        ),
        _f(
            "consent_assessments",
            gettext_lazy("Consent: scores"),
            BOOL,
            "toestemming scores",
            "toestemming zrm",
            "consent scores",
        ),
        _f(
            "consent_plan",
            gettext_lazy("Consent: plan and risk signals"),
            BOOL,
            "toestemming plan",
            "consent plan",
        ),
        _f(
            "consent_case_discussion",
            gettext_lazy("Consent: case discussions"),
            BOOL,
            "toestemming casusoverleg",
            "toestemming mdo",
            "consent case discussion",
        ),
        _f(
            "consent_purpose",
            gettext_lazy("Consent: purpose"),
            CHOICE,
            "toestemming doel",
            "doel",
            "consent purpose",
            choices=ConsentPurpose,
        ),
        _f(
            "consent_form",
            gettext_lazy("Consent: how given"),
            CHOICE,
            "toestemming vorm",
            "vorm",
            "consent form",
            choices=ConsentForm,
        ),
        _f(
            "consent_valid_from",
            gettext_lazy("Consent: valid from"),
            DATE,
            "toestemming vanaf",
            "toestemming geldig vanaf",
            "consent valid from",
        ),
        _f(
            "consent_valid_until",
            gettext_lazy("Consent: valid until"),
            DATE,
            "toestemming tot",
            "toestemming geldig tot",
            "consent valid until",
        ),
    ),
    ImportKind.CONVERSATIONS: (
        EXTERNAL_ID,
        RESIDENT_ID,
        _f("held_on", gettext_lazy("Date"), DATE, "datum", "gespreksdatum", "date", required=True),
        _f(
            "place",
            gettext_lazy("Place (vindplek)"),
            CHOICE,
            "vindplek",
            "plek",
            "locatie",
            "place",
            required=True,
            choices=FindingPlace,
        ),
        _f(
            "question",
            gettext_lazy("The question"),
            TEXT,
            "vraag",
            "hulpvraag",
            "ondersteuningsvraag",
            "question",
            required=True,
        ),
        _f(
            "outcome",
            gettext_lazy("Outcome"),
            CHOICE,
            "uitkomst",
            "resultaat",
            "outcome",
            required=True,
            choices=Outcome,
        ),
        _f(
            "participants",
            gettext_lazy("Participants"),
            TEXT,
            "deelnemers",
            "aanwezigen",
            "participants",
        ),
        _f(
            "question_behind",
            gettext_lazy("The question behind the question"),
            TEXT,
            "vraag achter de vraag",
            "question behind",
        ),
        _f(
            "life_domains",
            gettext_lazy("Life domains"),
            CHOICES,
            "leefgebieden",
            "levensdomeinen",
            "life domains",
            choices=LifeDomain,
        ),
        _f("own_strength", gettext_lazy("Own strength"), TEXT, "eigen kracht", "own strength"),
        _f("network", gettext_lazy("Network"), TEXT, "netwerk", "network"),
        _f(
            "collective_opportunity",
            gettext_lazy("Opportunity for the collective"),
            TEXT,
            "kans voor het collectief",
            "kans",
            "collective opportunity",
        ),
        _f(
            "resident_idea",
            gettext_lazy("The resident's ambition or idea"),
            TEXT,
            "idee",
            "ambitie",
            "idee of ambitie",
            "resident idea",
        ),
        _f(
            "is_wmo_report",
            gettext_lazy("Wmo report (melding)"),
            BOOL,
            "wmo melding",
            "melding",
            "wmo report",
        ),
        _f("reported_on", gettext_lazy("Date of the report"), DATE, "datum melding", "reported on"),
        _f(
            "investigation_done_on",
            gettext_lazy("Investigation completed on"),
            DATE,
            "onderzoek afgerond",
            "datum onderzoek",
            "investigation done on",
        ),
        _f(
            "applied_on",
            gettext_lazy("Date of the application"),
            DATE,
            "datum aanvraag",
            "aanvraag",
            "applied on",
        ),
        _f(
            "decided_on",
            gettext_lazy("Decision taken on"),
            DATE,
            "datum beschikking",
            "datum besluit",
            "decided on",
        ),
    ),
    ImportKind.ASSESSMENTS: (
        _f(
            "external_id",
            gettext_lazy("Id of the assessment in the other system"),
            ID,
            "id",
            "meting",
            "meting id",
            "assessment id",
            "extern id",
            required=True,
        ),
        RESIDENT_ID,
        _f(
            "instrument",
            gettext_lazy("Instrument (code, e.g. zrm)"),
            TEXT,
            "instrument",
            "meetinstrument",
            required=True,
        ),
        _f(
            "assessed_on",
            gettext_lazy("Date"),
            DATE,
            "datum",
            "meetdatum",
            "date",
            "assessed on",
            required=True,
        ),
        _f("domain", gettext_lazy("Domain"), TEXT, "domein", "leefgebied", "domain", required=True),
        _f(
            "score",
            gettext_lazy("Score"),
            INT,
            "score",
            "waarde",
            "niveau",
            "trede",
            "value",
            required=True,
        ),
    ),
    ImportKind.INITIATIVES: (
        EXTERNAL_ID,
        _f("name", gettext_lazy("Name"), TEXT, "naam", "name", "titel", required=True),
        _f(
            "level",
            gettext_lazy("Transformation level"),
            CHOICE,
            "niveau",
            "transformatieniveau",
            "level",
            required=True,
            choices=TransformationLevel,
        ),
        _f(
            "origin",
            gettext_lazy("Origin"),
            CHOICE,
            "herkomst",
            "oorsprong",
            "origin",
            required=True,
            choices=Origin,
        ),
        _f("stage", gettext_lazy("Stage"), CHOICE, "fase", "stage", choices=Stage),
        _f(
            "description",
            gettext_lazy("Description"),
            TEXT,
            "omschrijving",
            "beschrijving",
            "description",
        ),
        _f(
            "lesson_learned",
            gettext_lazy("Lesson learned"),
            TEXT,
            "les",
            "geleerde les",
            "lesson learned",
        ),
        _f("budget", gettext_lazy("Budget (euro)"), DECIMAL, "budget", "begroting"),
        _f(
            "participants_count",
            gettext_lazy("Participants"),
            INT,
            "deelnemers",
            "aantal deelnemers",
            "participants",
        ),
        _f(
            "other_partners",
            gettext_lazy("Other partners"),
            TEXT,
            "partners",
            "andere partners",
            "other partners",
        ),
        _f("public", gettext_lazy("Public"), BOOL, "openbaar", "publiek", "public"),
        _f(
            "how_to_join",
            gettext_lazy("How to join"),
            TEXT,
            "meedoen",
            "hoe meedoen",
            "how to join",
        ),
        _f(
            "neighbourhoods",
            gettext_lazy("Neighbourhoods (CBS codes or names)"),
            NEIGHBOURHOODS,
            "buurten",
            "buurt",
            "neighbourhoods",
        ),
    ),
}


def fields_of(kind: str) -> tuple[Field, ...]:
    return FIELDS[kind]


def normalise(text: Any) -> str:
    """Lower case, without accents, punctuation or repeated spaces: 'Cliëntnummer' →
    'clientnummer', 'E-mail' → 'e mail'."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def guess_mapping(kind: str, headers: list[str]) -> dict[str, int]:
    """Field name → column number, guessed from the headers: the field's name, its label
    (English and Dutch) or one of its aliases; each column used once."""
    normal = [normalise(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for field in fields_of(kind):
        names = {normalise(field.name), normalise(str(field.label)), *map(normalise, field.aliases)}
        with translation.override("nl"):
            names.add(normalise(str(field.label)))
        for index, header in enumerate(normal):
            if index not in used and header in names:
                mapping[field.name] = index
                used.add(index)
                break
    return mapping


# --- cells ------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_NUMERIC = re.compile(r"^[\d\s.,/()+\-]*$")
_TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
_FALSE = {"nee", "n", "no", "false", "onwaar", "0", ""}


class CellError(Exception):
    """A cell that cannot be read; the message says why without quoting it."""


def looks_like_formula(value: str) -> bool:
    """A text that a spreadsheet would run: '=' or '@' followed by anything, '+' or '-'
    followed by anything but a number, or a leading tab or carriage return."""
    if not value:
        return False
    if value[0] in "\t\r":
        return True
    if value[0] in "=@":
        return True
    return value[0] in "+-" and not _NUMERIC.match(value[1:])


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _ISO.match(text)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None:
        match = _DUTCH.match(text)
        if match:
            parts = (match.group(3), match.group(2), match.group(1))
    if parts is None:
        raise CellError(_("This is not a date: write it as dd-mm-jjjj or jjjj-mm-dd."))
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise CellError(_("This date does not exist.")) from None


class Parser:
    """Turns the cells of one row into the values of the fields, for one kind and mapping.
    ``neighbourhoods``: the municipality's neighbourhoods by normalised CBS code and name."""

    def __init__(
        self,
        kind: str,
        mapping: dict[str, int],
        neighbourhoods: dict[str, Any] | None = None,
    ) -> None:
        self.fields = [(f, mapping[f.name]) for f in fields_of(kind) if f.name in mapping]
        self.neighbourhoods = neighbourhoods or {}
        self._choices: dict[str, dict[str, str]] = {}
        for field, _column in self.fields:
            if field.choices is not None:
                self._choices[field.name] = _choice_lookup(field.choices)
        self._convert: dict[str, Callable[[Field, Any], Any]] = {
            TEXT: self._text,
            ID: self._id,
            DATE: lambda _f, v: parse_date(v),
            INT: self._int,
            DECIMAL: self._decimal,
            BOOL: self._bool,
            CHOICE: self._choice,
            CHOICES: self._many_choices,
            NEIGHBOURHOOD: self._neighbourhood,
            NEIGHBOURHOODS: self._many_neighbourhoods,
        }

    def parse(self, cells: list[Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The values of the row, and every problem as (field name, message)."""
        values: dict[str, Any] = {}
        errors: list[tuple[str, str]] = []
        width = len(cells)
        for field, column in self.fields:
            raw = cells[column] if column < width else ""
            if isinstance(raw, str):
                if looks_like_formula(raw):
                    errors.append(
                        (
                            field.name,
                            _("This cell looks like a spreadsheet formula; it is refused."),
                        )
                    )
                    continue
                raw = raw.strip()
            if field.required and (raw == "" or raw is None):
                errors.append((field.name, _("This cell is empty, but the column is required.")))
                continue
            try:
                values[field.name] = self._convert[field.kind](field, raw)
            except CellError as error:
                errors.append((field.name, str(error)))
        return values, errors

    def _text(self, _field: Field, value: Any) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def _id(self, field: Field, value: Any) -> str:
        text = self._text(field, value)
        if len(text) > EXTERNAL_ID_MAX:
            raise CellError(_("An id has at most %(n)s characters.") % {"n": EXTERNAL_ID_MAX})
        return text

    def _int(self, _field: Field, value: Any) -> int | None:
        text = str(value).strip()
        if not text:
            return None
        if not re.fullmatch(r"-?\d{1,12}", text):
            raise CellError(_("This is not a whole number."))
        return int(text)

    def _decimal(self, _field: Field, value: Any) -> Decimal | None:
        text = str(value).strip().replace("€", "").replace(" ", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(_("This is not an amount (write e.g. 1250,50).")) from None
        if not number.is_finite():
            raise CellError(_("This is not an amount (write e.g. 1250,50)."))
        return number.quantize(Decimal("0.01"))

    def _bool(self, _field: Field, value: Any) -> bool:
        text = normalise(value)
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CellError(_("Write ja or nee."))

    def _choice(self, field: Field, value: Any) -> str:
        text = normalise(value)
        if not text:
            return ""
        code = self._choices[field.name].get(text)
        if code is None:
            raise CellError(_("This value is not one of the choices of this column."))
        return code

    def _many_choices(self, field: Field, value: Any) -> list[str]:
        return [
            self._choice(field, part) for part in re.split(r"[,;|]", str(value)) if part.strip()
        ]

    def _neighbourhood(self, _field: Field, value: Any) -> Any:
        text = normalise(value)
        if not text:
            return None
        found = self.neighbourhoods.get(text)
        if found is None:
            raise CellError(_("No neighbourhood with this CBS code or name in the municipality."))
        return found

    def _many_neighbourhoods(self, field: Field, value: Any) -> list[Any]:
        return [
            self._neighbourhood(field, part)
            for part in re.split(r"[,;|]", str(value))
            if part.strip()
        ]


def _choice_lookup(choices: type[models.Choices]) -> dict[str, str]:
    """Normalised code, English label and Dutch label → code."""
    lookup: dict[str, str] = {}
    for code, label in choices.choices:
        lookup[normalise(code)] = code
        for language in ("en", "nl"):
            with translation.override(language):
                text = str(label)
            lookup[normalise(text)] = code
            # "Verbal, recorded by the professional" → "verbal"; "Team office (walk-in)" too.
            lookup.setdefault(normalise(re.split(r"[,(:]", text)[0]), code)
    for word, code in SYNONYMS.items():
        if code in choices.values:
            lookup.setdefault(word, code)
    return lookup


#: Words other systems use for a choice (normalised) → its code.
SYNONYMS = {
    "mondeling": "verbal",
    "schriftelijk": "written",
    "thuis": "home",
    "keukentafel": "home",
    "huisbezoek": "home",
    "buurthuis": "community_centre",
    "wijkcentrum": "community_centre",
    "spreekuur": "team_office",
    "school": "school",
    "huisarts": "gp",
    "straat": "street",
    "telefonisch": "phone",
    "elders": "other",
    "anders": "other",
    "eigen netwerk": "own_network",
    "collectief": "collective",
    "algemene voorziening": "general",
    "maatwerk": "wmo",
    "wmo": "wmo",
    "tweede lijn": "second_line",
    "doorverwijzing": "second_line",
    "ondersteuning": "support",
    "regie": "coordination",
    "casusoverleg": "case_discussion",
    "verwijzing": "referral",
    "financien": "finances",
    "werk": "work",
    "wonen": "housing",
    "huisvesting": "housing",
    "opvoeding": "parenting",
    "psychische gezondheid": "mental_health",
    "lichamelijke gezondheid": "physical_health",
    "verslaving": "addiction",
    "middelengebruik": "addiction",
    "sociaal netwerk": "social_network",
    "eenzaamheid": "social_network",
    "participatie": "participation",
    "veiligheid": "safety",
    "taal": "language",
    "bewonersidee": "resident_idea",
    "signaal": "team_signal",
    "partner": "partner",
}


def neighbourhood_lookup(neighbourhoods: Any) -> dict[str, Any]:
    lookup: dict[str, Any] = {}
    for neighbourhood in neighbourhoods:
        lookup[normalise(neighbourhood.code)] = neighbourhood
        lookup.setdefault(normalise(neighbourhood.name), neighbourhood)
    return lookup

"""The joint action (actie) and its validation; every error is a Dutch sentence.

An action has a title, a kind (:mod:`geo.campaign.kinds`), a date or a period, an optional
place (a point, or only a wijk), the partners involved with their role, an optional number
of people reached, an optional funding source and amount, notes and a state. Its
municipality and wijk follow from the point (:func:`place_action`); an action with only a
wijk belongs to that wijk's municipality. ``bereikt_wijk`` marks that the action reaches its
wijk: Dekking then shows that wijk as *bereikt door een actie*.

>>> action, errors = validate_action({"titel": "Infoavond autodelen", "soort": "infomoment",
...     "datum": "2026-03-12", "gemeente_nis": "12025", "partners": [("p1", "organiseert mee")]})
>>> errors, action.partners[0].rol
([], 'organiseert mee')
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any, Iterable, Mapping

from geo import texts
from geo.campaign.kinds import ActionKind, load_action_kinds, match_kind
from geo.partners import checked_coordinates as _coordinates
from geo.partners import checked_text as _text
from geo.partners import parse_number

STATES = ("gepland", "gedaan", "geannuleerd")
ROLES = ("communiceert mee", "organiseert mee")
# Not shown on a share link (nor in its HTML, messages or downloads).
PRIVATE_FIELDS = ("notities", "financiering", "bedrag")
MAX_TITLE = 200
MAX_NOTES = 2000
MAX_PEOPLE = 10_000_000
MAX_AMOUNT = 100_000_000
MAX_PARTNERS = 100
_WIJK = re.compile(r"[0-9A-Za-z_-]{1,40}")


@dataclass(frozen=True)
class ActionPartner:
    """A partner taking part in an action, and its role (:data:`ROLES`)."""

    partner_id: str
    rol: str = ROLES[0]

    def __str__(self) -> str:
        return f"{self.partner_id} ({self.rol})"


@dataclass(frozen=True)
class Action:
    """One joint action. ``datum``/``einddatum`` are ISO dates (``einddatum`` empty: one day);
    ``lat``/``lon`` WGS84 degrees."""

    titel: str
    soort: str
    datum: str
    gemeente_nis: str = ""
    einddatum: str = ""
    status: str = "gepland"
    lat: float | None = None
    lon: float | None = None
    wijk_code: str = ""
    bereikt_wijk: bool = False
    partners: tuple[ActionPartner, ...] = ()
    bereikt: int | None = None
    financiering: str = ""
    bedrag: float | None = None
    notities: str = ""
    id: str = ""
    versie: int = 0
    aangemaakt: str = ""
    gewijzigd: str = ""

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def periode(self) -> str:
        """``2026-03-12`` or ``2026-03-12 – 2026-03-20``."""
        return f"{self.datum} – {self.einddatum}" if self.einddatum and self.einddatum != self.datum else self.datum

    @property
    def laatste_dag(self) -> str:
        return self.einddatum or self.datum

    def partner_ids(self) -> tuple[str, ...]:
        return tuple(p.partner_id for p in self.partners)

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["partners"] = [asdict(p) for p in self.partners]
        return values

    def public_copy(self) -> "Action":
        """The action without notes and funding (for a share link)."""
        return replace(self, notities="", financiering="", bedrag=None)


ACTION_FIELDS = tuple(f.name for f in fields(Action))
# The columns of the table ``actie`` (the partners are rows of ``actie_partner``).
ACTION_COLUMNS = tuple(f for f in ACTION_FIELDS if f != "partners")
EDITABLE_FIELDS = ("titel", "soort", "datum", "einddatum", "status", "lat", "lon", "wijk_code", "bereikt_wijk",
                   "partners", "bereikt", "financiering", "bedrag", "notities")


def validate_action(data: Mapping[str, Any], kinds: Mapping[str, ActionKind] | None = None,
                    base: Action | None = None) -> tuple[Action | None, list[str]]:
    """Check user input and build an :class:`Action`; errors are Dutch sentences.

    ``partners`` is a sequence of ``(partner_id, rol)`` pairs or :class:`ActionPartner`.
    ``soort`` may be a code, a label or an alias. ``base`` is the stored action being edited:
    its id, version and timestamps are kept. The wijk and municipality of a point are filled
    in by :func:`place_action`.
    """
    kinds = kinds if kinds is not None else load_action_kinds()
    errors: list[str] = []
    values: dict[str, Any] = {}
    values["titel"] = _text(data.get("titel"), "titel", MAX_TITLE, errors)
    if not values["titel"]:
        errors.append(texts.ACTIE_TITEL_VERPLICHT)
    given_kind = str(data.get("soort") or "").strip()
    values["soort"] = match_kind(given_kind, dict(kinds)) or given_kind
    if values["soort"] not in kinds:
        errors.append(texts.ACTIE_SOORT_ONBEKEND.format(waarde=given_kind[:60], toegelaten=", ".join(kinds)))
    values["datum"] = _date(data.get("datum"), "datum", errors, required=True)
    values["einddatum"] = _date(data.get("einddatum"), "einddatum", errors)
    if values["einddatum"] and values["datum"] and values["einddatum"] < values["datum"]:
        errors.append(texts.ACTIE_PERIODE_OMGEKEERD.format(van=values["datum"], tot=values["einddatum"]))
    if values["einddatum"] == values["datum"]:
        values["einddatum"] = ""
    values["status"] = str(data.get("status") or STATES[0]).strip().casefold()
    if values["status"] not in STATES:
        errors.append(texts.ACTIE_STATUS_ONBEKEND.format(waarde=values["status"][:60], toegelaten=", ".join(STATES)))
    values["lat"], values["lon"] = _coordinates(data.get("lat"), data.get("lon"), errors)
    values["wijk_code"] = str(data.get("wijk_code") or "").strip()
    if values["wijk_code"] and not _WIJK.fullmatch(values["wijk_code"]):
        errors.append(texts.ACTIE_WIJK_ONBEKEND.format(waarde=values["wijk_code"][:60]))
    values["bereikt_wijk"] = _yes(data.get("bereikt_wijk"))
    values["partners"] = partner_links(data.get("partners") or (), errors)
    values["bereikt"] = _whole(data.get("bereikt"), "bereikt", MAX_PEOPLE, errors)
    values["financiering"] = _text(data.get("financiering"), "financiering", MAX_TITLE, errors)
    values["bedrag"] = _amount(data.get("bedrag"), errors)
    values["notities"] = _text(data.get("notities"), "notities", MAX_NOTES, errors)
    values["gemeente_nis"] = str(data.get("gemeente_nis") or (base.gemeente_nis if base else "") or "").strip()
    if errors:
        return None, errors
    if base is not None:
        return replace(base, **values), []
    return Action(**values), []


def place_action(action: Action, boundaries) -> tuple[Action | None, list[str]]:
    """Derive municipality and wijk: from the point, else from the wijk, else the municipality given.

    A point outside every wijk, an unknown wijk, or no municipality at all is refused. The
    mark *reaches its wijk* needs a wijk.
    """
    if action.has_location:
        found = boundaries.locate(action.lon, action.lat)
        if found is None:
            return None, [texts.BUITEN_GEBIED.format(lat=action.lat, lon=action.lon)]
        placed = replace(action, gemeente_nis=found[0], wijk_code=found[1])
    elif action.wijk_code:
        wijken = boundaries.wijken
        match = wijken.loc[wijken["wijk_code"] == action.wijk_code, "gemeente_nis"]
        if match.empty:
            return None, [texts.ACTIE_WIJK_ONBEKEND.format(waarde=action.wijk_code)]
        placed = replace(action, gemeente_nis=str(match.iloc[0]))
    else:
        if not action.gemeente_nis:
            return None, [texts.ACTIE_GEMEENTE_NODIG]
        if boundaries.find_gemeente(action.gemeente_nis) != action.gemeente_nis:
            return None, [texts.GEMEENTE_ONBEKEND.format(waarde=action.gemeente_nis)]
        placed = action
    if placed.bereikt_wijk and not placed.wijk_code:
        return None, [texts.ACTIE_BEREIKT_ZONDER_WIJK]
    return placed, []


def parse_partners(text: str) -> list[tuple[str, str]]:
    """``naam (organiseert mee); naam`` as ``(naam, rol)`` pairs (the import and export format)."""
    pairs = []
    for part in str(text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        role = ROLES[0]
        found = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", part)
        if found and found.group(2).strip().casefold() in ROLES:
            part, role = found.group(1).strip(), found.group(2).strip().casefold()
        pairs.append((part, role))
    return pairs


def partner_links(given: Iterable[Any], errors: list[str]) -> tuple[ActionPartner, ...]:
    """``(partner_id, rol)`` pairs (or :class:`ActionPartner`) checked; a partner named twice keeps the larger role."""
    result: dict[str, ActionPartner] = {}
    for item in given:
        partner = item if isinstance(item, ActionPartner) else ActionPartner(*item)
        partner_id, role = str(partner.partner_id).strip(), str(partner.rol).strip().casefold()
        if not partner_id:
            continue
        if role not in ROLES:
            errors.append(texts.ACTIE_ROL_ONBEKEND.format(waarde=role[:60], toegelaten=", ".join(ROLES)))
            continue
        if partner_id not in result or role == "organiseert mee":  # named twice: the larger role
            result[partner_id] = ActionPartner(partner_id, role)
    if len(result) > MAX_PARTNERS:
        errors.append(texts.ACTIE_TE_VEEL_PARTNERS.format(max=MAX_PARTNERS))
    return tuple(result.values())


def _date(value: Any, name: str, errors: list[str], required: bool = False) -> str:
    """An ISO date from a date, ``2026-03-12``, ``12/03/2026`` or ``12-03-2026``."""
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()
    if not text:
        if required:
            errors.append(texts.ACTIE_DATUM_VERPLICHT)
        return ""
    try:
        return parse_day(text).isoformat()
    except ValueError:
        errors.append(texts.ACTIE_DATUM_ONGELDIG.format(veld=name, waarde=text[:40]))
        return ""


def parse_day(text: str) -> date:
    """A date from ``2026-03-12`` (a time after it is ignored), ``12/03/2026``, ``12-03-2026`` or
    ``12.03.2026``; ``ValueError`` otherwise."""
    text = text.strip()
    text = text[:10] if re.match(r"\d{4}-\d{2}-\d{2}[ T]", text) else text
    found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    return date(int(found[3]), int(found[2]), int(found[1])) if found else date.fromisoformat(text)


def _whole(value: Any, name: str, limit: int, errors: list[str]) -> int | None:
    try:
        number = parse_number(value)
    except ValueError:
        number = math.nan
    if number is None:
        return None
    if not (math.isfinite(number) and 0 <= number <= limit and number == int(number)):
        errors.append(texts.ACTIE_AANTAL_ONGELDIG.format(veld=name, max=limit))
        return None
    return int(number)


def _amount(value: Any, errors: list[str]) -> float | None:
    text = value
    if isinstance(value, str):
        text = value.replace("€", "").replace("EUR", "").strip()
        if text.count(".") and text.count(","):  # 1.250,50
            text = text.replace(".", "")
    try:
        number = parse_number(text)
    except ValueError:
        number = math.nan
    if number is None:
        return None
    if not (math.isfinite(number) and 0 <= number <= MAX_AMOUNT):
        errors.append(texts.ACTIE_BEDRAG_ONGELDIG.format(max=MAX_AMOUNT))
        return None
    return round(number, 2)


def _yes(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().casefold() in ("ja", "yes", "true", "1", "waar", "x", "oui")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))

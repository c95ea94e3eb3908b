"""The partner model and its validation.

A partner is a local organisation that can help launch car sharing. Its municipality
and wijk are derived from its location (never typed); a partner without a location
belongs to the municipality it was entered for.

>>> draft, errors = validate_partner({"naam": "Chiro Ter Elst", "categorie": "jeugdbeweging",
...                                   "status": "te contacteren", "gemeente_nis": "12025"})
>>> errors
[]
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Mapping

from geo import texts
from geo.categories import Category, load_categories

STATUSES = ("te contacteren", "gecontacteerd", "communiceert mee", "zet zich mee in", "haakt af")
TRUSTED_STATUSES = ("communiceert mee", "zet zich mee in")
PRIVATE_FIELDS = ("contactpersoon", "email", "telefoon", "notities")
# The area a partner serves: "" (the default of its category), "cirkel" (its reach radius),
# "gemeente" (the whole municipality) or "wijken:<code>,<code>" (those wijken).
SERVED_AREAS = ("", "cirkel", "gemeente")
SERVED_WIJKEN = "wijken:"

MAX_TEXT = 200
MAX_NOTES = 2000
MAX_REACH_M = 50_000
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_PHONE = re.compile(r"^[0-9+()/.\s-]+$")
_POSTCODE = re.compile(r"^[1-9][0-9]{3}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # control characters other than tab and newline


@dataclass(frozen=True)
class Partner:
    """One partner organisation. ``lat``/``lon`` are WGS84 degrees."""

    naam: str
    categorie: str
    status: str = "te contacteren"
    organisatie: str = ""
    straat: str = ""
    huisnummer: str = ""
    postcode: str = ""
    plaats: str = ""
    lat: float | None = None
    lon: float | None = None
    gemeente_nis: str = ""
    wijk_code: str = ""
    contactpersoon: str = ""
    email: str = ""
    telefoon: str = ""
    notities: str = ""
    bereik_m: int | None = None
    bediend_gebied: str = ""
    demo: bool = False
    id: str = ""
    versie: int = 0
    aangemaakt: str = ""
    gewijzigd: str = ""

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def served_wijken(self) -> tuple[str, ...]:
        """The wijk codes of an explicit served area (``wijken:<code>,<code>``), else empty."""
        if not self.bediend_gebied.startswith(SERVED_WIJKEN):
            return ()
        return tuple(c for c in self.bediend_gebied[len(SERVED_WIJKEN):].split(",") if c)

    @property
    def adres(self) -> str:
        street = " ".join(p for p in (self.straat, self.huisnummer) if p)
        town = " ".join(p for p in (self.postcode, self.plaats) if p)
        return ", ".join(p for p in (street, town) if p)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def public_dict(self) -> dict[str, Any]:
        """The fields that may be shown to anyone (no contact data, no notes)."""
        return {k: v for k, v in asdict(self).items() if k not in PRIVATE_FIELDS}

    def with_changes(self, **changes: Any) -> "Partner":
        return replace(self, **changes)


PARTNER_FIELDS = tuple(f.name for f in fields(Partner))
EDITABLE_FIELDS = ("naam", "categorie", "status", "organisatie", "straat", "huisnummer", "postcode", "plaats",
                   "lat", "lon", "contactpersoon", "email", "telefoon", "notities", "bereik_m", "bediend_gebied")


def validate_partner(data: Mapping[str, Any], categories: Mapping[str, Category] | None = None,
                     base: Partner | None = None, *, wijk_code: str = "") -> tuple[Partner | None, list[str]]:
    """Check user input and build a :class:`Partner`; errors are Dutch sentences.

    ``base`` is the stored partner being edited; its id, version and timestamps are kept.
    Location-derived fields (``gemeente_nis``, ``wijk_code``) are filled in by
    :func:`place_partner`, not here; a caller that already located many rows at once
    (the importer) passes the derived ``wijk_code`` and ``gemeente_nis`` along.
    """
    categories = categories if categories is not None else load_categories()
    errors: list[str] = []
    values: dict[str, Any] = {}
    for name in ("naam", "organisatie", "straat", "huisnummer", "postcode", "plaats", "contactpersoon",
                 "email", "telefoon"):
        values[name] = _text(data.get(name), name, MAX_TEXT, errors)
    values["notities"] = _text(data.get("notities"), "notities", MAX_NOTES, errors)
    if not values["naam"]:
        errors.append(texts.NAAM_VERPLICHT)
    values["categorie"] = str(data.get("categorie") or "").strip()
    if values["categorie"] not in categories:
        errors.append(texts.CATEGORIE_ONBEKEND.format(waarde=values["categorie"]))
    values["status"] = str(data.get("status") or "te contacteren").strip()
    if values["status"] not in STATUSES:
        errors.append(texts.STATUS_ONBEKEND.format(waarde=values["status"], toegelaten=", ".join(STATUSES)))
    if values["email"] and not _EMAIL.match(values["email"]):
        errors.append(texts.EMAIL_ONGELDIG.format(waarde=values["email"]))
    if values["telefoon"] and (not _PHONE.match(values["telefoon"]) or sum(c.isdigit() for c in values["telefoon"]) < 6):
        errors.append(texts.TELEFOON_ONGELDIG.format(waarde=values["telefoon"]))
    if values["postcode"] and not _POSTCODE.match(values["postcode"]):
        errors.append(texts.POSTCODE_ONGELDIG.format(waarde=values["postcode"]))
    values["lat"], values["lon"] = _coordinates(data.get("lat"), data.get("lon"), errors)
    values["bereik_m"] = _reach(data.get("bereik_m"), errors)
    values["bediend_gebied"] = _served_area(data.get("bediend_gebied"), errors)
    values["gemeente_nis"] = str(data.get("gemeente_nis") or (base.gemeente_nis if base else "") or "").strip()
    if errors:
        return None, errors
    if base is not None:
        return replace(base, **values), []
    return Partner(**values, wijk_code=wijk_code, demo=bool(data.get("demo", False))), []


def place_partner(partner: Partner, boundaries) -> tuple[Partner | None, list[str]]:
    """Derive the municipality and wijk from the location.

    A partner with a location outside every wijk of Flanders and Brussels is refused;
    one without a location keeps the municipality it was entered for and has no wijk.
    """
    if not partner.has_location:
        if not partner.gemeente_nis:
            return None, [texts.GEMEENTE_OF_LOCATIE_NODIG]
        if boundaries.find_gemeente(partner.gemeente_nis) != partner.gemeente_nis:
            return None, [texts.GEMEENTE_ONBEKEND.format(waarde=partner.gemeente_nis)]
        placed = replace(partner, wijk_code="")
    else:
        found = boundaries.locate(partner.lon, partner.lat)
        if found is None:
            return None, [texts.BUITEN_GEBIED.format(lat=partner.lat, lon=partner.lon)]
        placed = replace(partner, gemeente_nis=found[0], wijk_code=found[1])
    errors = _unknown_served_wijken(placed, boundaries)
    return (None, errors) if errors else (placed, [])


def parse_number(value: Any) -> float | None:
    """A float from user text: decimal comma or point; None for blank."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    return float(text)


def _text(value: Any, name: str, limit: int, errors: list[str]) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, float) and math.isnan(value):
        return ""
    else:
        text = str(value).strip()
    if len(text) > limit:
        errors.append(texts.TE_LANG.format(veld=name, max=limit))
    if text and _CONTROL.search(text):
        errors.append(texts.STUURTEKENS.format(veld=name))
    return text


def _coordinates(lat: Any, lon: Any, errors: list[str]) -> tuple[float | None, float | None]:
    try:
        lat_value, lon_value = parse_number(lat), parse_number(lon)
    except ValueError:
        errors.append(texts.COORDINAAT_GEEN_GETAL)
        return None, None
    if (lat_value is None) != (lon_value is None):
        errors.append(texts.COORDINAAT_HALF)
        return None, None
    if lat_value is None:
        return None, None
    if not (-90 <= lat_value <= 90 and -180 <= lon_value <= 180) or not (math.isfinite(lat_value) and math.isfinite(lon_value)):
        errors.append(texts.COORDINAAT_BEREIK.format(lat=lat_value, lon=lon_value))
        return None, None
    return round(lat_value, 7), round(lon_value, 7)


def _served_area(value: Any, errors: list[str]) -> str:
    text = "" if value is None else str(value).strip()
    if text in SERVED_AREAS:
        return text
    if text.startswith(SERVED_WIJKEN):
        codes = [c.strip() for c in text[len(SERVED_WIJKEN):].split(",") if c.strip()]
        if codes and all(re.fullmatch(r"[0-9A-Za-z_-]{1,40}", c) for c in codes):
            return SERVED_WIJKEN + ",".join(dict.fromkeys(codes))
    errors.append(texts.GEBIED_ONGELDIG.format(waarde=text[:60]))
    return ""


def _unknown_served_wijken(partner: Partner, boundaries) -> list[str]:
    codes = partner.served_wijken
    if not codes:
        return []
    known = set(boundaries.wijken["wijk_code"])
    unknown = [c for c in codes if c not in known]
    return [texts.GEBIED_WIJK_ONBEKEND.format(codes=", ".join(unknown))] if unknown else []


def _reach(value: Any, errors: list[str]) -> int | None:
    try:
        number = parse_number(value)
    except ValueError:
        errors.append(texts.BEREIK_ONGELDIG.format(max=MAX_REACH_M))
        return None
    if number is None or number == 0:
        return None
    if not (0 < number <= MAX_REACH_M) or round(number) < 1:  # 0,4 m would be stored as 0
        errors.append(texts.BEREIK_ONGELDIG.format(max=MAX_REACH_M))
        return None
    return int(round(number))

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
from typing import Any, Callable, Mapping, Sequence

import numpy as np

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
_PHONE_SIX_DIGITS = re.compile(r"^(?=(?:[^0-9]*[0-9]){6})[0-9+()/.\s-]+$")  # _PHONE and at least 6 digits
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
_TEXT_FIELDS = ("naam", "organisatie", "straat", "huisnummer", "postcode", "plaats", "contactpersoon", "email",
                "telefoon")
_BUILT_FIELDS = PARTNER_FIELDS[:PARTNER_FIELDS.index("demo") + 1]  # what validate_partner fills in, in order
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


def validate_partners(columns: Mapping[str, Sequence[Any]], count: int,
                      categories: Mapping[str, Category] | None = None, *,
                      wijk_codes: Sequence[str] | None = None) -> tuple[list[Partner | None], dict[int, list[str]]]:
    """:func:`validate_partner` for ``count`` new partners at once, given as columns.

    ``columns`` maps the keys of :func:`validate_partner`'s ``data`` to sequences of
    ``count`` values (None where a row has no value); ``wijk_codes`` holds the wijk each
    row was located in. Returns the partner per row (None when refused) and the errors of
    the refused rows by position: exactly what :func:`validate_partner` gives per row. The
    checks run once per column, rows that pass all of them are built directly, and every
    row that may have a problem goes through :func:`validate_partner` itself, so its
    reasons are the same sentences in the same order. The importer uses this for files of
    100,000 rows, where a call per row was most of the time.

    >>> partners, errors = validate_partners({"naam": ["Chiro Ter Elst", " "],
    ...     "categorie": ["jeugdbeweging"] * 2, "gemeente_nis": ["12025"] * 2}, 2)
    >>> partners[0].naam, partners[1], errors
    ('Chiro Ter Elst', None, {1: ['De naam is verplicht.']})
    """
    categories = categories if categories is not None else load_categories()
    blank: list[Any] = [None] * count
    suspect = bytearray(count)  # 1: the row is built by validate_partner

    def column(name: str) -> Sequence[Any]:
        found = columns.get(name)
        return blank if found is None else found

    limits = {**dict.fromkeys(_TEXT_FIELDS, MAX_TEXT), "notities": MAX_NOTES}
    values = {name: [""] * count if columns.get(name) is None else _text_column(columns[name], limit, suspect)
              for name, limit in limits.items()}
    _mark(suspect, [i for i, v in enumerate(values["naam"]) if not v])
    values["categorie"] = [str(v or "").strip() for v in column("categorie")]
    _mark(suspect, [i for i, v in enumerate(values["categorie"]) if v not in categories])
    values["status"] = [str(v or "te contacteren").strip() for v in column("status")]
    _mark(suspect, [i for i, v in enumerate(values["status"]) if v not in STATUSES])
    for name, pattern in (("email", _EMAIL), ("telefoon", _PHONE_SIX_DIGITS)):
        matches = list(map(pattern.match, values[name]))
        if None in matches:  # a blank or a wrong value somewhere: only then row by row
            _mark(suspect, [i for i, match in enumerate(matches) if match is None and values[name][i]])
    wrong_postcodes = {v for v in set(values["postcode"]) if v and not _POSTCODE.match(v)}  # few distinct ones
    if wrong_postcodes:
        _mark(suspect, [i for i, v in enumerate(values["postcode"]) if v in wrong_postcodes])
    values["lat"], values["lon"] = _coordinate_columns(column("lat"), column("lon"), suspect)
    values["bereik_m"] = _checked_column(columns.get("bereik_m"), _reach, None, count, suspect)
    values["bediend_gebied"] = _checked_column(columns.get("bediend_gebied"), _served_area, "", count, suspect)
    values["gemeente_nis"] = [str(v or "").strip() for v in column("gemeente_nis")]
    values["wijk_code"] = list(wijk_codes) if wijk_codes is not None else [""] * count
    values["demo"] = [bool(v) for v in column("demo")]
    partners = list(map(_new_partner, zip(*(values[name] for name in _BUILT_FIELDS))))
    refused: dict[int, list[str]] = {}
    for index in (i for i, flag in enumerate(suspect) if flag):
        data = {name: given[index] for name, given in columns.items()}
        partners[index], errors = validate_partner(data, categories, wijk_code=values["wijk_code"][index])
        if errors:
            refused[index] = errors
    return partners, refused


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


_DEFAULTS = tuple(f.default for f in fields(Partner))[len(_BUILT_FIELDS):]  # id, versie, aangemaakt, gewijzigd


def _new_partner(values: tuple, new: Callable = object.__new__) -> Partner:
    """``Partner(*values)`` for the fields up to ``demo``, at a third of the cost.

    The ``__init__`` of a frozen dataclass sets each of the 23 fields through
    ``object.__setattr__``; for 100,000 rows that was a tenth of an import. The object is
    the same: every field in the instance dictionary, nothing else.
    """
    partner = new(Partner)
    partner.__dict__.update(zip(PARTNER_FIELDS, values + _DEFAULTS))
    return partner


def _text_column(values: Sequence[Any], limit: int, suspect: bytearray) -> list[str]:
    """:func:`_text` for a column; rows that are too long or hold control characters are marked.

    Each check runs once over the whole column in C; only a column with a hit is gone
    through row by row.
    """
    try:
        found = list(map(str.strip, values))
    except TypeError:  # not all text (a number from Excel, None)
        found = [_text(v, "", limit, []) for v in values]  # the errors are found again below
    if found and max(map(len, found)) > limit:
        _mark(suspect, [i for i, v in enumerate(found) if len(v) > limit])
    joined = "".join(found)
    if not joined.isprintable() and _CONTROL.search(joined):  # printable text holds no control character
        _mark(suspect, [i for i, v in enumerate(found) if _CONTROL.search(v)])
    return found


def _mark(suspect: bytearray, indices: Sequence[int]) -> None:
    for index in indices:
        suspect[index] = 1


def _coordinate_columns(lats: Sequence[Any], lons: Sequence[Any], suspect: bytearray) -> tuple[list, list]:
    """Rounded coordinates where both are finite floats in range or both None; other rows marked.

    Float arrays (the importer's, from :func:`geo.coordinates.to_wgs84`) are checked and rounded
    at once, NaN standing for None.
    """
    if isinstance(lats, np.ndarray) and isinstance(lons, np.ndarray) and lats.dtype.kind == lons.dtype.kind == "f":
        ok = (np.abs(lats) <= 90) & (np.abs(lons) <= 180)  # NaN fails both tests
        _mark(suspect, np.flatnonzero(~ok & ~(np.isnan(lats) & np.isnan(lons))).tolist())
        lat_out, lon_out = np.round(lats, 7).tolist(), np.round(lons, 7).tolist()  # as geo.coordinates rounds
        for index in np.flatnonzero(~ok).tolist():  # no location (NaN) or refused
            lat_out[index] = lon_out[index] = None
        return lat_out, lon_out
    lat_out: list[float | None] = []
    lon_out: list[float | None] = []
    for index, (lat, lon) in enumerate(zip(lats, lons)):
        if lat is None and lon is None:
            lat_out.append(None), lon_out.append(None)
        elif type(lat) is float and type(lon) is float and -90 <= lat <= 90 and -180 <= lon <= 180:
            lat_out.append(round(lat, 7)), lon_out.append(round(lon, 7))  # NaN fails the range test
        else:
            suspect[index] = 1
            lat_out.append(None), lon_out.append(None)
    return lat_out, lon_out


def _checked_column(values: Sequence[Any] | None, check: Callable[[Any, list[str]], Any], default: Any, count: int,
                    suspect: bytearray) -> list:
    """``check`` (:func:`_reach`, :func:`_served_area`) per value of an optional column; rows with errors marked."""
    if values is None:
        return [default] * count
    found = []
    for index, value in enumerate(values):
        errors: list[str] = []
        found.append(check(value, errors))
        if errors:
            suspect[index] = 1
    return found


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


# The checks of a free text and of a coordinate pair, shared with joint actions (geo.campaign.records).
checked_text = _text
checked_coordinates = _coordinates

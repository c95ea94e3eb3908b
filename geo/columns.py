"""Recognise which column of an uploaded table holds which partner field.

Headers are compared after :func:`normalise_header` (case, accents and punctuation
ignored) with Dutch, French and English aliases. A header that is an alias wins over
one that only contains an alias ("Naam contactpersoon" is the contact person, not the
name); every field is used by at most one column.

>>> detect_mapping(["Naam", "Soort", "Straat", "Nr", "Postcode", "Gemeente", "E-mail"])
{'Naam': 'naam', 'Soort': 'categorie', 'Straat': 'straat', 'Nr': 'huisnummer', 'Postcode': 'postcode', \
'Gemeente': 'plaats', 'E-mail': 'email'}
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping

from rapidfuzz import fuzz

from geo import texts

#: The fields an import can fill. ``adres`` is one column with the whole address, ``x``/``y``
#: are projected (Lambert) coordinates, ``id`` an identifier of the partner in the source.
FIELDS = ("id", "naam", "categorie", "organisatie", "straat", "huisnummer", "postcode", "plaats", "lat", "lon",
          "x", "y", "adres", "contactpersoon", "email", "telefoon", "notities", "status", "bereik_m")

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "identifier", "code", "nummer id", "partner id", "partnerid", "ref", "referentie", "reference",
           "uuid", "key", "sleutel", "identifiant"),
    "naam": ("naam", "name", "nom", "organisatienaam", "naam organisatie", "naam van de organisatie",
             "organisatie naam", "naam partner", "partnernaam", "partner naam", "naam vereniging",
             "verenigingsnaam", "vereniging", "partner", "titel", "benaming", "nom de l organisation",
             "organisation name", "organization name", "nom de l association"),
    "categorie": ("categorie", "category", "categorie partner", "type", "soort", "soort partner", "type partner",
                  "type organisatie", "soort organisatie", "sector", "doelgroep categorie", "genre", "kind",
                  "type d organisation"),
    "organisatie": ("organisatie", "organisation", "organization", "koepel", "koepelorganisatie", "federatie",
                    "federation", "umbrella", "umbrella organisation", "umbrella organization", "netwerk",
                    "overkoepelende organisatie", "moederorganisatie", "afdeling van", "koepel organisatie"),
    "straat": ("straat", "street", "rue", "straatnaam", "straat nr", "straat en nummer", "straat en huisnummer",
               "straat huisnummer", "straat nummer", "adresregel", "adres lijn 1", "adresregel 1", "address line 1",
               "street address", "street name", "nom de rue", "voie"),
    "huisnummer": ("nr", "huisnummer", "huisnr", "nummer", "number", "numero", "no", "n", "house number",
                   "housenumber", "huis nr", "busnummer nr", "num"),
    "postcode": ("postcode", "zip", "zipcode", "zip code", "code postal", "postal code", "postnummer", "pc",
                 "post code", "cp", "postcode gemeente"),
    "plaats": ("gemeente", "stad", "plaats", "city", "commune", "ville", "woonplaats", "deelgemeente",
               "plaatsnaam", "town", "localite", "municipality", "gemeentenaam", "stad gemeente", "locatie gemeente"),
    "lat": ("lat", "breedtegraad", "latitude", "lat wgs84", "wgs84 lat", "breedte", "lat wgs 84",
            "latitude wgs84", "breedtegraad wgs84", "y wgs84", "gps lat"),
    "lon": ("lon", "lng", "long", "lengtegraad", "longitude", "lon wgs84", "lng wgs84", "wgs84 lon", "lengte",
            "longitude wgs84", "lengtegraad wgs84", "x wgs84", "gps lon", "gps lng"),
    "x": ("x", "x lambert", "lambert x", "x coord", "x coordinaat", "coord x", "xcoord", "x l72", "x lambert72",
          "x lambert 72", "lambert72 x", "x 31370", "x lambert 2008", "x l08", "easting", "oost"),
    "y": ("y", "y lambert", "lambert y", "y coord", "y coordinaat", "coord y", "ycoord", "y l72", "y lambert72",
          "y lambert 72", "lambert72 y", "y 31370", "y lambert 2008", "y l08", "northing", "noord"),
    "adres": ("adres", "address", "adresse", "volledig adres", "full address", "adres volledig", "locatie",
              "location", "adres partner", "adresse complete"),
    "contactpersoon": ("contactpersoon", "contact", "contactpersoon naam", "naam contactpersoon", "naam contact",
                       "contact naam", "contact name", "contact person", "personne de contact", "contactpersonen",
                       "verantwoordelijke", "aanspreekpunt", "nom du contact", "voornaam en naam contactpersoon"),
    "email": ("e mail", "email", "mail", "courriel", "e mailadres", "emailadres", "mailadres", "email address",
              "e mail address", "adresse email", "adresse e mail", "e mail contactpersoon", "email contactpersoon"),
    "telefoon": ("telefoon", "tel", "gsm", "phone", "telephone", "telefoonnummer", "gsm nummer", "mobiel",
                 "mobile", "tel nr", "telnr", "phone number", "portable", "telefoon contactpersoon", "tel gsm"),
    "notities": ("notities", "opmerkingen", "opmerking", "notes", "note", "remarques", "remarque", "commentaar",
                 "comment", "comments", "commentaire", "info", "extra info", "toelichting", "beschrijving",
                 "memo"),
    "status": ("status", "stand", "engagement", "stand van zaken", "fase", "opvolging", "stadium", "etat",
               "statut", "status partner", "engagement status"),
    "bereik_m": ("bereik", "straal", "radius", "bereik m", "straal m", "bereik in meter", "straal in meter",
                 "reikwijdte", "bereik meter", "radius m", "rayon", "reach", "range"),
}

#: Headers that mean "name" when there is no other name column, else the umbrella organisation.
AMBIGUOUS_NAME = frozenset({"organisatie", "organisation", "organization"})

# When a header only contains aliases of several fields, the more specific field wins.
_CONTAINS_PRIORITY = ("email", "telefoon", "postcode", "huisnummer", "lat", "lon", "x", "y", "bereik_m", "status",
                      "categorie", "contactpersoon", "id", "adres", "straat", "plaats", "organisatie", "notities",
                      "naam")
_EXACT, _COMPACT, _CONTAINS, _FUZZY_MIN = 100.0, 97.0, 80.0, 88.0
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(header: str) -> str:
    """Lower case, no accents, words separated by one space: ``"Straal (m)"`` → ``"straal m"``."""
    decomposed = unicodedata.normalize("NFKD", str(header).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", plain).strip()


def detect_mapping(columns: Iterable[str]) -> dict[str, str | None]:
    """Source column → partner field (or None), each field used at most once.

    The best-scoring (column, field) pairs are taken first; on equal scores the column
    further to the left wins. ``organisatie`` is the name when no column names the partner
    otherwise, and the umbrella organisation when one does.

    >>> detect_mapping(["organisatie", "adres"])
    {'organisatie': 'naam', 'adres': 'adres'}
    >>> detect_mapping(["naam", "organisatie"])
    {'naam': 'naam', 'organisatie': 'organisatie'}
    """
    columns = list(columns)
    scores = [_scores(normalise_header(column)) for column in columns]
    mapping = _assign(columns, scores)
    if "naam" not in mapping.values():
        ambiguous = [i for i, c in enumerate(columns) if normalise_header(c) in AMBIGUOUS_NAME]
        if ambiguous:
            scores[ambiguous[0]] = [(_EXACT + 1, "naam")]
            mapping = _assign(columns, scores)
    return mapping


def mapping_key(columns: Iterable[str]) -> str:
    """A stable key for a header, to remember the mapping a user chose for files like this one.

    >>> mapping_key(["Naam", " E-mail ", "Straal (m)"])
    'naam|e mail|straal m'
    """
    return "|".join(normalise_header(column) for column in columns)


def validate_mapping(mapping: Mapping[str, str | None]) -> list[str]:
    """Dutch problems that make a mapping unusable; empty when it can be imported.

    >>> validate_mapping({"Naam": "naam", "Lat": "lat"})
    ['Duid zowel de kolom voor de breedtegraad (lat) als die voor de lengtegraad (lon) aan, of geen van beide.']
    """
    problems: list[str] = []
    by_field: dict[str, list[str]] = {}
    for column, name in mapping.items():
        if name is None:
            continue
        if name not in FIELDS:
            problems.append(texts.KOLOM_VELD_ONBEKEND.format(veld=name, kolom=column))
            continue
        by_field.setdefault(name, []).append(column)
    for name, columns in by_field.items():
        if len(columns) > 1:
            problems.append(texts.KOLOM_DUBBEL.format(
                veld=texts.IMPORT_VELDEN.get(name, name), kolommen=", ".join(f"'{c}'" for c in columns)))
    if "naam" not in by_field:
        problems.append(texts.KOLOM_GEEN_NAAM)
    if ("lat" in by_field) != ("lon" in by_field):
        problems.append(texts.KOLOM_LATLON_HALF)
    if ("x" in by_field) != ("y" in by_field):
        problems.append(texts.KOLOM_XY_HALF)
    return problems


def _assign(columns: list[str], scores: list[list[tuple[float, str]]]) -> dict[str, str | None]:
    """Greedy: the best (column, field) pairs first, the leftmost column on equal scores."""
    candidates = sorted((-score, position, name) for position, found in enumerate(scores) for score, name in found)
    mapping: dict[str, str | None] = {column: None for column in columns}
    used: set[str] = set()
    for _, position, name in candidates:
        column = columns[position]
        if mapping[column] is None and name not in used:
            mapping[column] = name
            used.add(name)
    return mapping


def _scores(header: str) -> list[tuple[float, str]]:
    """(score, field) for every field the normalised header could mean, best first."""
    if not header:
        return []
    compact = header.replace(" ", "")
    words = f" {header} "
    found: dict[str, float] = {}
    for name, aliases in _NORMALISED.items():
        best = 0.0
        for alias in aliases:
            if header == alias:
                best = _EXACT
                break
            if compact == alias.replace(" ", ""):
                best = max(best, _COMPACT)
            elif len(alias) >= 2 and f" {alias} " in words:
                # Contained as whole words; a more specific field outranks a generic one.
                best = max(best, _CONTAINS + (len(_CONTAINS_PRIORITY) - _CONTAINS_PRIORITY.index(name)) / 2)
            elif len(alias) >= 5 and len(header) >= 5:
                ratio = fuzz.ratio(header, alias)
                if ratio >= _FUZZY_MIN:
                    best = max(best, ratio * 0.75)  # typos rank below any exact or contained match
        if best:
            found[name] = best
    return sorted(((score, name) for name, score in found.items()), reverse=True)


_NORMALISED = {name: tuple(dict.fromkeys(normalise_header(a) for a in aliases)) for name, aliases in ALIASES.items()}

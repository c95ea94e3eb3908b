"""Recognise a partner's category and engagement status in free text.

Imported files say "Chiro Sint-Jan", "natuurvereniging" or "gemaild op 3/5" where the
app needs a category code and one of :data:`geo.partners.STATUSES`. Exact names and
aliases are trusted; a name found inside the text is trusted when it points to one
category only; a fuzzy (typo) match or anything unrecognised is flagged so the user can
confirm it. Results are cached per distinct text: a column of 100,000 cells with 20
distinct values costs 20 matches.

>>> from geo.categories import load_categories
>>> match_category("Natuurpunt Mechelen", load_categories())
CategoryMatch(code='natuur_milieu', score=90.0, method='alias', needs_confirmation=False)
>>> match_status("gemaild")
('gecontacteerd', False)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal, Mapping

from rapidfuzz import fuzz, process

from geo.categories import FALLBACK, Category, load_categories
from geo.partners import STATUSES

FUZZY_THRESHOLD = 85.0
_FUZZY_MIN_CHARS = 5  # shorter names ("GO!", "KSA", "Sint-") only count when found whole
_CACHE_SIZE = 8192
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

Method = Literal["code", "label", "alias", "fuzzy", "onbekend"]


@dataclass(frozen=True)
class CategoryMatch:
    """The category code found for a text, how it was found and whether to ask the user."""

    code: str
    score: float
    method: Method
    needs_confirmation: bool


#: Free-text ways of saying each engagement status (normalised when used).
STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    "te contacteren": (
        "te contacteren", "nog te contacteren", "nog contacteren", "contacteren", "todo", "to do", "te doen",
        "nieuw", "new", "open", "nog niet gecontacteerd", "niet gecontacteerd", "nog niet", "nog te doen",
        "a contacter", "to contact", "not contacted", "potentieel", "kandidaat", "prospect", "idee",
        "nog te bellen", "nog te mailen"),
    "gecontacteerd": (
        "gecontacteerd", "contact opgenomen", "contacted", "gemaild", "mail gestuurd", "e mail gestuurd",
        "mail verstuurd", "gebeld", "aangeschreven", "uitgenodigd", "contacte", "wacht op antwoord",
        "in afwachting", "afwachten", "aangesproken", "benaderd", "brief gestuurd", "bericht gestuurd",
        "geen antwoord", "nog geen antwoord", "in contact", "eerste contact", "waiting"),
    "communiceert mee": (
        "communiceert mee", "communiceert", "communicatie", "deelt info", "deelt informatie", "deelt",
        "helpt communiceren", "verspreidt", "verspreidt info", "info delen", "nieuwsbrief", "flyert",
        "hangt affiches", "affiches", "communicates", "shares info", "sharing", "communique", "relais",
        "diffuse", "promoot", "promotie"),
    "zet zich mee in": (
        "zet zich mee in", "zet zich in", "co organisator", "coorganisator", "mede organisator",
        "medeorganisator", "engaged", "doet mee", "partner", "actief", "betrokken", "engage", "organiseert mee",
        "trekker", "actieve partner", "helpt mee", "werkt mee", "committed", "active", "participe"),
    "haakt af": (
        "haakt af", "afgehaakt", "haakte af", "geen interesse", "niet geinteresseerd", "nee", "neen", "no",
        "stopt", "gestopt", "stop", "weigert", "geweigerd", "niet", "niet meer", "doet niet mee", "declined",
        "not interested", "refuse", "refused", "pas interesse", "pas interesse", "geen tijd", "afgewezen",
        "negatief", "dropped", "geen"),
}


def normalise_text(text: str) -> str:
    """Lower case, no accents, words separated by one space: ``"Oudercomité!"`` → ``"oudercomite"``."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", plain).strip()


def match_category(text: str | None, categories: Mapping[str, Category] | None = None) -> CategoryMatch:
    """The category a free text means; unknown text becomes ``andere`` and is flagged.

    In order: the code, the label or an alias exactly (case, accents and punctuation
    ignored); an alias found as whole words in the text ("Natuurpunt Mechelen"), the
    earliest and then longest one winning, flagged when the text names several categories
    and does not start with one of them ("Chiro Sint-Jan" is a Chiro); a fuzzy
    match (rapidfuzz WRatio ≥ 85) over labels and aliases, flagged. A blank text is
    ``andere`` without a flag (nothing was claimed).

    >>> from geo.categories import load_categories
    >>> match_category("Jeugbeweging", load_categories()).method
    'fuzzy'
    """
    matcher = _matcher_for(categories if categories is not None else load_categories())
    return _match_category("" if text is None else str(text), matcher)


def match_categories(values: Iterable[str | None], categories: Mapping[str, Category] | None = None,
                     ) -> list[CategoryMatch]:
    """:func:`match_category` for a whole column, matching each distinct text once."""
    matcher = _matcher_for(categories if categories is not None else load_categories())
    found: dict[str | None, CategoryMatch] = {}
    result = []
    for value in values:
        match = found.get(value)
        if match is None:
            match = found[value] = _match_category("" if value is None else str(value), matcher)
        result.append(match)
    return result


def match_status(text: str | None) -> tuple[str | None, bool]:
    """``(status, needs_confirmation)`` for free text; ``(None, True)`` when unrecognised.

    Blank means "te contacteren" (the default of a new partner). A status or alias
    exactly is trusted; aliases found as whole words are trusted unless the text also
    names another status elsewhere ("communiceert niet"); a fuzzy match is flagged.

    >>> match_status("Nog niet gecontacteerd"), match_status("doet niet mee"), match_status("??")
    (('te contacteren', False), ('haakt af', False), (None, True))
    """
    return _match_status("" if text is None else str(text))


def match_statuses(values: Iterable[str | None]) -> list[tuple[str | None, bool]]:
    """:func:`match_status` for a whole column, matching each distinct text once."""
    found: dict[str | None, tuple[str | None, bool]] = {}
    return [found[v] if v in found else found.setdefault(v, match_status(v)) for v in values]


# Categories -----------------------------------------------------------------------------------

class _CategoryMatcher:
    """Normalised names of one set of categories; hashed by identity for the caches."""

    def __init__(self, categories: tuple[Category, ...]) -> None:
        self.categories = categories
        self.exact: dict[str, tuple[str, Method]] = {}
        for method in ("alias", "label", "code"):  # later entries win: code over label over alias
            for category in categories:
                names = {"code": [category.code], "label": [category.label], "alias": category.aliassen}[method]
                for name in names:
                    key = normalise_text(name)
                    if key:
                        self.exact[key] = (category.code, method)
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # first word -> (words, code)
        self.choices: list[str] = []
        self.choice_codes: list[str] = []
        for key, (code, _) in self.exact.items():
            words = tuple(key.split())
            self.phrases.setdefault(words[0], []).append((words, code))
            if len(key.replace(" ", "")) >= _FUZZY_MIN_CHARS:
                self.choices.append(key)
                self.choice_codes.append(code)
        self.fallback = FALLBACK if any(c.code == FALLBACK for c in categories) else categories[-1].code


_MATCHERS: dict[tuple[str, ...], _CategoryMatcher] = {}


def _matcher_for(categories: Mapping[str, Category]) -> _CategoryMatcher:
    if not categories:
        raise ValueError("No categories to match against")
    values = tuple(categories.values())
    matcher = _MATCHERS.get(tuple(categories))
    if matcher is None or matcher.categories != values:  # same objects: an identity comparison
        matcher = _MATCHERS[tuple(categories)] = _CategoryMatcher(values)
    return matcher


@lru_cache(maxsize=_CACHE_SIZE)
def _match_category(raw: str, matcher: _CategoryMatcher) -> CategoryMatch:
    text = normalise_text(raw)
    if not text:
        return CategoryMatch(matcher.fallback, 0.0, "onbekend", bool(raw.strip()))
    exact = matcher.exact.get(text)
    if exact is not None:
        return CategoryMatch(exact[0], 100.0, exact[1], False)
    found = [(start, -len(phrase), code) for start, phrase, code in _phrase_hits(text.split(), matcher.phrases)]
    if found:
        found.sort()
        start, _, code = found[0]
        if len({c for _, _, c in found}) == 1:
            return CategoryMatch(code, 90.0, "alias", False)
        # Several categories named: a name that starts with one ("Chiro Sint-Jan") is that kind.
        return CategoryMatch(code, 85.0, "alias", False) if start == 0 else CategoryMatch(code, 75.0, "alias", True)
    if matcher.choices:
        best = process.extractOne(text, matcher.choices, scorer=fuzz.WRatio, score_cutoff=FUZZY_THRESHOLD)
        if best is not None:
            return CategoryMatch(matcher.choice_codes[best[2]], round(float(best[1]), 1), "fuzzy", True)
    return CategoryMatch(matcher.fallback, 0.0, "onbekend", True)


def _phrase_hits(words: list[str], phrases: Mapping[str, list[tuple[tuple[str, ...], str]]]):
    """``(start, phrase, value)`` for every phrase (indexed by its first word) found as consecutive whole words."""
    return [(start, phrase, value) for start, word in enumerate(words) for phrase, value in phrases.get(word, ())
            if tuple(words[start:start + len(phrase)]) == phrase]


# Statuses -------------------------------------------------------------------------------------

_STATUS_EXACT: dict[str, str] = {}
for _status in STATUSES:
    for _alias in (_status, *STATUS_ALIASES.get(_status, ())):
        _STATUS_EXACT.setdefault(normalise_text(_alias), _status)
_STATUS_PHRASES: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _key, _status in _STATUS_EXACT.items():
    _STATUS_PHRASES.setdefault(_key.split()[0], []).append((tuple(_key.split()), _status))
_STATUS_CHOICES = [key for key in _STATUS_EXACT if len(key.replace(" ", "")) >= _FUZZY_MIN_CHARS]


@lru_cache(maxsize=_CACHE_SIZE)
def _match_status(raw: str) -> tuple[str | None, bool]:
    text = normalise_text(raw)
    if not text:
        return (None, True) if raw.strip() else (STATUSES[0], False)
    if text in _STATUS_EXACT:
        return _STATUS_EXACT[text], False
    spans = [(start, start + len(phrase), status) for start, phrase, status in _phrase_hits(text.split(), _STATUS_PHRASES)]
    if spans:
        start, end, status = max(spans, key=lambda s: (s[1] - s[0], -s[0]))
        elsewhere = {other for s, e, other in spans if other != status and (s < start or e > end)}
        return status, bool(elsewhere)
    best = process.extractOne(text, _STATUS_CHOICES, scorer=fuzz.WRatio, score_cutoff=FUZZY_THRESHOLD)
    if best is not None:
        return _STATUS_EXACT[best[0]], True
    return None, True

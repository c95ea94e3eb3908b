"""The view in the URL: which query parameters exist, which values they may take, the share link.

A view (page, municipality, metric, filters, selected wijk, map layers) lives in the URL
so that a link reproduces it. Everything in a URL comes from outside: :func:`parse_view`
checks every parameter against the options the page offers right now and returns the
clean values plus a Dutch warning for each value it had to drop (the default is used
instead; it never raises). :func:`encode_view` is the way back (defaults left out), and
:func:`share_url` builds the link. Plain Python: the pages do the Streamlit side.

Example
-------
>>> options = ViewOptions(metrics=["gedekt_aandeel", "partners"], wijken=["12025W01"])
>>> values, warnings = parse_view({"metriek": "partners", "wijk": "99999X"}, options)
>>> values["metriek"], values["wijk"], len(warnings)
('partners', None, 1)
>>> share_url("http://localhost:8501", "dekking", {"gemeente": "12025", "metriek": "partners"})
'http://localhost:8501/dekking?gemeente=12025&metriek=partners'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence
from urllib.parse import urlencode

from geo import texts
from geo.campaign.dates import EARLIEST

GEMEENTE = "gemeente"
METRIEK = "metriek"
SOORTEN = "soorten"
STATUSSEN = "statussen"
WIJK = "wijk"
BEREIK = "bereik"
PARTNERS = "partners"
SINDS = "sinds"
DEEL = "deel"

LAYERS = (BEREIK, PARTNERS)
"""Map layers with a URL switch (``true``/``false``), in the order of a link."""

PARAMETERS = (GEMEENTE, METRIEK, SOORTEN, STATUSSEN, WIJK, BEREIK, PARTNERS, SINDS, DEEL)
"""Every parameter the app reads, in the order a link lists them. ``gemeente`` is checked
by the municipality picker, ``deel`` (a read-only share token) by the access control."""

IGNORED = ("embed", "embed_options")
"""Streamlit's own URL parameters: not ours to check."""

DEFAULT_METRIC = "gedekt_aandeel"
DEFAULTS: dict[str, object] = {METRIEK: DEFAULT_METRIC, SOORTEN: (), STATUSSEN: (), WIJK: None,
                               BEREIK: False, PARTNERS: True, SINDS: None}
"""The value of a parameter that is absent (or invalid); :func:`encode_view` leaves these out."""

_BOOLEANS = {"true": True, "false": False}
_MAX_SHOWN = 60  # characters of a rejected value repeated in a warning


@dataclass(frozen=True)
class ViewOptions:
    """What the current page offers; a parameter whose options are None is not on the page
    (it is then neither checked nor returned)."""

    metrics: Sequence[str] | None = None
    categories: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    wijken: Sequence[str] | None = None
    layers: Sequence[str] = ()
    since_before: date | None = None  # Voortgang's "sinds": an ISO date before this day


def parse_view(query: Mapping[str, str | Sequence[str]], options: ViewOptions) -> tuple[dict[str, object], list[str]]:
    """Check raw query parameters against the page's options.

    ``query`` maps a parameter name to its value, or to all its values when it is repeated
    (``?soorten=school&soorten=buurt``); list values may also be comma-separated
    (``?soorten=school,buurt``). Returns ``(values, warnings)``: ``values`` has an entry for
    every parameter the page offers (the URL's value, else the default), ``warnings`` one
    Dutch sentence per rejected value or unknown parameter name. Empty values count as absent.
    """
    values: dict[str, object] = {}
    warnings: list[str] = []
    for name in query:
        if name not in PARAMETERS and name not in IGNORED:
            warnings.append(texts.URL_PARAMETER_ONBEKEND.format(naam=_shown(name)))
    if options.metrics is not None:
        values[METRIEK] = _one_of(query, METRIEK, options.metrics, warnings)
    if options.categories is not None:
        values[SOORTEN] = _some_of(query, SOORTEN, options.categories, warnings)
    if options.statuses is not None:
        values[STATUSSEN] = _some_of(query, STATUSSEN, options.statuses, warnings)
    if options.wijken is not None:
        values[WIJK] = _wijk(query, options.wijken, warnings)
    for layer in options.layers:
        values[layer] = _switch(query, layer, warnings)
    if options.since_before is not None:
        values[SINDS] = _since(query, options.since_before, warnings)
    return values, warnings


def encode_view(values: Mapping[str, object]) -> dict[str, str | list[str]]:
    """Query parameters for view values, defaults and empty values left out.

    Booleans become ``true``/``false``, lists and tuples repeated parameters, dates ISO text.

    >>> encode_view({"metriek": "gedekt_aandeel", "soorten": ["school"], "bereik": True, "wijk": None})
    {'soorten': ['school'], 'bereik': 'true'}
    """
    encoded: dict[str, str | list[str]] = {}
    for name, value in values.items():
        if value is None or (name in DEFAULTS and _same(value, DEFAULTS[name])):
            continue
        if isinstance(value, bool):
            encoded[name] = "true" if value else "false"
        elif isinstance(value, date):
            encoded[name] = value.isoformat()
        elif isinstance(value, (list, tuple)):
            if value:
                encoded[name] = [str(v) for v in value]
        elif str(value):
            encoded[name] = str(value)
    return encoded


def share_url(base: str, page_path: str, params: Mapping[str, str | Sequence[str]]) -> str:
    """The full link to a view: the app's base URL, the page's URL path and the parameters.

    Parameters are listed in :data:`PARAMETERS` order (others after, sorted), repeated for a
    list, percent-encoded; empty values are left out. ``base`` may end in a slash; an empty
    ``page_path`` is the default page (``/``).

    >>> share_url("https://example.org/partnerkaart/", "witte_vlekken",
    ...           {"statussen": ["zet zich mee in"], "gemeente": "12025"})
    'https://example.org/partnerkaart/witte_vlekken?gemeente=12025&statussen=zet+zich+mee+in'
    """
    order = {name: i for i, name in enumerate(PARAMETERS)}
    pairs: list[tuple[str, str]] = []
    for name in sorted(params, key=lambda n: (order.get(n, len(order)), n)):
        value = params[name]
        for item in [value] if isinstance(value, str) else list(value):
            if str(item):
                pairs.append((name, str(item)))
    url = base.rstrip("/") + "/" + page_path.strip("/")
    if not page_path.strip("/") and not pairs:
        return url
    return url + ("?" + urlencode(pairs) if pairs else "")


def app_base(current_url: str, page_path: str) -> str:
    """The app's base URL from the URL of one of its pages (``st.context.url``: no query).

    >>> app_base("http://localhost:8501/dekking", "dekking")
    'http://localhost:8501'
    """
    url = current_url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    suffix = "/" + page_path.strip("/")
    if page_path.strip("/") and url.endswith(suffix):
        url = url[: -len(suffix)]
    return url


def _values(query: Mapping[str, str | Sequence[str]], name: str) -> list[str]:
    raw = query.get(name)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return [str(item).strip() for item in items if str(item).strip()]


def _one_of(query, name: str, allowed: Sequence[str], warnings: list[str]) -> object:
    given = _values(query, name)
    if not given:
        return DEFAULTS[name]
    value = given[-1]  # a repeated single-value parameter: the last one counts, as in Streamlit
    if value in allowed:
        return value
    warnings.append(texts.URL_WAARDE_ONGELDIG.format(
        parameter=name, waarde=_shown(value), toegestaan=", ".join(allowed)))
    return DEFAULTS[name]


def _some_of(query, name: str, allowed: Sequence[str], warnings: list[str]) -> tuple[str, ...]:
    chosen: list[str] = []
    rejected: list[str] = []
    for given in _values(query, name):
        for item in ([given] if given in allowed else [part.strip() for part in given.split(",") if part.strip()]):
            if item not in allowed:
                rejected.append(item)
            elif item not in chosen:
                chosen.append(item)
    if rejected:
        warnings.append(texts.URL_WAARDEN_ONGELDIG.format(
            parameter=name, waarden=", ".join(_shown(r) for r in rejected), toegestaan=", ".join(allowed)))
    return tuple(chosen)


def _wijk(query, allowed: Sequence[str], warnings: list[str]) -> str | None:
    given = _values(query, WIJK)
    if not given:
        return None
    if given[-1] in allowed:
        return given[-1]
    warnings.append(texts.URL_WIJK_ONGELDIG.format(waarde=_shown(given[-1])))
    return None


def _switch(query, name: str, warnings: list[str]) -> bool:
    given = _values(query, name)
    if not given:
        return bool(DEFAULTS[name])
    value = _BOOLEANS.get(given[-1].lower())
    if value is None:
        warnings.append(texts.URL_SCHAKELAAR_ONGELDIG.format(
            parameter=name, waarde=_shown(given[-1]), standaard="true" if DEFAULTS[name] else "false"))
        return bool(DEFAULTS[name])
    return value


def _since(query, before: date, warnings: list[str]) -> date | None:
    given = _values(query, SINDS)
    if not given:
        return None
    try:
        day = date.fromisoformat(given[-1])
    except ValueError:
        warnings.append(texts.URL_SINDS_ONGELDIG.format(waarde=_shown(given[-1])))
        return None
    if len(given[-1]) != 10 or not EARLIEST <= day < before:
        warnings.append(texts.URL_SINDS_ONGELDIG.format(waarde=_shown(given[-1])))
        return None
    return day


def _same(value: object, default: object) -> bool:
    if isinstance(default, tuple):
        return isinstance(value, (list, tuple)) and tuple(value) == default
    return value == default


def _shown(value: str) -> str:
    return value if len(value) <= _MAX_SHOWN else value[: _MAX_SHOWN - 1] + "…"

"""What the report says: coverage, white spots and advice of one municipality as table rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

import geopandas as gpd
import shapely

from geo import texts
from geo.context.analysis import format_distance
from geo.context.per_wijk import WijkContext, with_context
from geo.context.records import ContextLayer

NEAR_M = 2000.0  # context objects this far around the municipality's bounding box are drawn (like the web map)
# ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe.
SHARE_CLASSES = ((0.0, 0.25, "#ffffcc"), (0.25, 0.5, "#a1dab4"), (0.5, 0.75, "#41b6c4"), (0.75, 0.9, "#2c7fb8"),
                 (0.9, 1.0001, "#253494"))


@dataclass(frozen=True)
class ReportContent:
    """Everything a report shows; built by :func:`coverage_report`, drawn by :mod:`geo.report.render`.

    ``wijken``: GeoDataFrame in EPSG:31370 with wijk_code, wijk_naam, gedekt_aandeel,
    witte_vlek. ``partners``: GeoDataFrame in EPSG:31370 with naam and vertrouwd (bool).
    ``white_spots``, ``advice`` and ``table``: table rows (already formatted strings),
    all of them; the overview shows the first ones. ``surroundings``: the neighbouring
    municipalities (EPSG:31370), drawn in grey where the map has room around the
    municipality. ``context_layers``: the context layers with objects near the municipality
    (legend, sources); ``context_points``: those objects as points (EPSG:31370, with
    ``laag_id``), drawn in their layer's colour with its symbol. ``actions``: the joint actions
    in the municipality as table rows (date, title, kind, state, wijk, partners), after the
    table of all wijken. ``progress``: what changed since a date, as sentences under
    ``progress_title``, with the covered share and white spots per date (``progress_rows``).
    """

    title: str
    gemeente: str
    wijken: gpd.GeoDataFrame
    partners: gpd.GeoDataFrame
    white_spot_header: Sequence[str]
    white_spots: Sequence[Sequence[str]]
    advice_header: Sequence[str]
    advice: Sequence[Sequence[str]]
    table_header: Sequence[str]
    table: Sequence[Sequence[str]]
    attribution: Sequence[str]
    settings_line: str = ""
    made_on: date | None = None
    surroundings: gpd.GeoDataFrame | None = None
    context_layers: Sequence[ContextLayer] = ()
    context_points: gpd.GeoDataFrame | None = None
    actions_header: Sequence[str] = ()
    actions: Sequence[Sequence[str]] = ()
    progress_title: str = ""
    progress: Sequence[str] = ()
    progress_header: Sequence[str] = ()
    progress_rows: Sequence[Sequence[str]] = ()


def coverage_report(boundaries, nis: str, partners, categories, settings, k: int = 5, population=None,
                    made_on: date | None = None, context: WijkContext | None = None,
                    actions: Sequence = (), progress=None, sources: Sequence[str] = ()) -> ReportContent:
    """Compute coverage, white spots and advice for one municipality and lay them out.

    The CLI (``python -m geo rapport``) and the Dekking page both call this, then
    :func:`geo.report.render_pdf` or :func:`geo.report.render_png`. With ``context``
    (:func:`geo.context.per_wijk.municipality_context` of the layers the reader may see) the
    map shows the layers' objects near the municipality, the table of all wijken gets the
    column *Dichtste deelauto* when shared cars are known, and the sources name each layer
    shown; without it the report is as before. ``actions`` (those the reader may see, see
    :func:`geo.campaign.views.visible_actions`) are listed in a table of their own; ``progress``
    (a :class:`geo.campaign.progress.Progress`) adds the section *Voortgang sinds <datum>*.
    ``sources`` are further attributions, such as the open data some partners came from
    (:func:`geo.candidates.records.partner_attribution`).
    """
    from geo.advice import advise, white_spots
    from geo.coverage import wijk_coverage

    coverage = with_context(wijk_coverage(boundaries, nis, partners, categories, settings, population), context)
    cars = context is not None and context.has_cars
    spots = white_spots(coverage, partners, boundaries, settings)
    advice = advise(boundaries, nis, partners, categories, settings, k, population)
    labels = {code: category.label for code, category in categories.items()}
    located = [p for p in partners if p.has_location and p.gemeente_nis == nis]
    points = gpd.GeoDataFrame(
        {"naam": [p.naam for p in located], "vertrouwd": [p.status in settings.trusted_statuses for p in located]},
        geometry=gpd.points_from_xy([p.lon for p in located], [p.lat for p in located]), crs=4326).to_crs(31370)
    unit_people = "inwoners" in coverage and coverage["inwoners"].notna().any()
    spot_rows = [[row.wijk_naam, _percent(row.gedekt_aandeel),
                  _number(row.ongedekte_inwoners) if unit_people else f"{_decimal(row.ongedekt_km2)} km²",
                  ", ".join(labels.get(c, c) for c in row.ontbrekende_categorieen[:3]),
                  ", ".join(f"{n} ({_distance(d)})" for n, d in zip(row.prospecten[:2], row.prospect_afstanden_m[:2]))]
                 for row in spots.itertuples()]
    advice_rows = [[str(i), a.naam, labels.get(a.categorie, a.categorie),
                    texts.RAPPORT_INWONERS.format(aantal=_number(a.gain)) if a.eenheid == "inwoners"
                    else f"{_decimal(a.gain)} km²", a.reason]
                   for i, a in enumerate(advice, start=1)]
    table_rows = [[row.wijk_code, row.wijk_naam, str(row.partners), str(row.vertrouwde_partners),
                   _percent(row.gedekt_aandeel), texts.RAPPORT_JA if row.witte_vlek else texts.RAPPORT_NEE,
                   "" if row.dichtste_vertrouwde in (None, "") or row.afstand_m != row.afstand_m
                   else f"{row.dichtste_vertrouwde} ({_distance(row.afstand_m)})",
                   *([format_distance(row.afstand_deelauto_m)] if cars else []),
                   "" if row.inwoners_gedekt != row.inwoners_gedekt else _number(row.inwoners_gedekt)]
                  for row in coverage.itertuples()]
    table_header = list(texts.RAPPORT_TABEL_KOLOMMEN)
    if cars:  # after "Dichtste vertrouwde": the nearest trusted partner and the nearest shared car side by side
        table_header.insert(7, texts.RAPPORT_KOLOM_DEELAUTO)
    layers, near = _context_near(context, coverage)
    return ReportContent(
        title=texts.RAPPORT_TITEL,
        gemeente=boundaries.gemeente_naam(nis),
        wijken=coverage,
        partners=points,
        white_spot_header=list(texts.RAPPORT_VLEKKEN_KOLOMMEN),
        white_spots=spot_rows,
        advice_header=list(texts.RAPPORT_ADVIES_KOLOMMEN),
        advice=advice_rows,
        table_header=table_header,
        table=table_rows,
        attribution=[*boundaries.attribution, *_population_sources(population), *_layer_sources(layers), *sources],
        settings_line=texts.RAPPORT_INSTELLINGEN.format(statussen=", ".join(settings.trusted_statuses),
                                                        drempel=_percent(settings.threshold)),
        made_on=made_on,
        surroundings=_surroundings(boundaries, nis, coverage),
        context_layers=layers,
        context_points=near,
        actions_header=list(texts.RAPPORT_ACTIES_KOLOMMEN),
        actions=_action_rows(actions, partners, coverage),
        **_progress_section(progress),
    )


def _progress_section(progress) -> dict:
    """The report fields of the voortgang section (none without ``progress``)."""
    if progress is None:
        return {}
    from geo.campaign.sentences import dutch_date, percent, progress_sentences

    share = "gedekt_inwoners" if progress.op_inwoners else "gedekt_oppervlakte"
    return {"progress_title": texts.RAPPORT_VOORTGANG_KOP.format(datum=dutch_date(progress.sinds)),
            "progress": progress_sentences(progress), "progress_header": list(texts.RAPPORT_VOORTGANG_KOLOMMEN),
            "progress_rows": [[dutch_date(row.datum), percent(getattr(row, share)), str(row.witte_vlekken),
                               str(row.vertrouwde_partners)] for row in progress.reeks.itertuples()]}


def _population_sources(population) -> list[str]:
    """Where the inhabitants come from (source and year, with Statbel's attribution), when known."""
    from geo.population.builtin import population_source

    found = population_source(population)
    return [found[1]] if found else []


def _action_rows(actions: Sequence, partners, coverage) -> list[list[str]]:
    """The actions as report rows, oldest first: date, title, kind, state, wijk, partners (with role)."""
    from geo.campaign.kinds import kind_label, load_action_kinds

    if not actions:
        return []
    kinds = load_action_kinds()
    names = {p.id: p.naam for p in partners}
    wijken = dict(zip(coverage["wijk_code"], coverage["wijk_naam"]))
    return [[a.periode, a.titel, kind_label(a.soort, kinds), a.status, wijken.get(a.wijk_code, a.wijk_code),
             "; ".join(f"{names[link.partner_id]} ({link.rol})" for link in a.partners if link.partner_id in names)]
            for a in sorted(actions, key=lambda a: (a.datum, a.titel))]


def share_class(share: float) -> tuple[str, str]:
    """(colour, label) of the legend class of a covered share."""
    for low, high, colour in SHARE_CLASSES:
        if low <= share < high:
            return colour, f"{round(low * 100)}–{min(round(high * 100), 100)} %"
    return SHARE_CLASSES[0][2], "0–25 %"


def _context_near(context: WijkContext | None, wijken: gpd.GeoDataFrame
                  ) -> tuple[tuple[ContextLayer, ...], gpd.GeoDataFrame | None]:
    """The layers with objects within :data:`NEAR_M` of the municipality's bounding box, and those objects."""
    if context is None or not len(context.points):
        return (), None
    west, south, east, north = wijken.total_bounds
    points = context.points
    box = shapely.box(west - NEAR_M, south - NEAR_M, east + NEAR_M, north + NEAR_M)
    near = points.iloc[sorted(points.sindex.query(box, predicate="intersects"))]
    present = set(near["laag_id"].tolist())
    layers = tuple(layer for layer in context.layers if layer.id in present)
    return layers, near[["laag_id", "geometry"]].reset_index(drop=True)


def _layer_sources(layers: Sequence[ContextLayer]) -> list[str]:
    """Each layer's source once, named as the maps' attribution names it."""
    return list(dict.fromkeys(texts.LAAG_BRON.format(naam=layer.naam, bron=layer.bronvermelding or layer.url
                                                     or layer.bestand) for layer in layers))


def _surroundings(boundaries, nis: str, wijken: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The other municipalities near this one, cut to a box that any map of it can show."""
    west, south, east, north = wijken.total_bounds
    reach = max(east - west, north - south)
    box = shapely.box(west - reach, south - reach, east + reach, north + reach)
    others = boundaries.gemeenten[boundaries.gemeenten["gemeente_nis"] != nis]
    near = others.iloc[others.sindex.query(box, predicate="intersects")]
    return gpd.GeoDataFrame(geometry=near.geometry.intersection(box).to_numpy(), crs=boundaries.gemeenten.crs)


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def _decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if value == value else ""


def _distance(metres: float) -> str:
    if metres != metres:
        return ""
    return f"{metres / 1000:.1f} km".replace(".", ",") if metres >= 1000 else f"{metres:.0f} m"

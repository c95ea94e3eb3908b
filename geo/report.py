"""The printable coverage report for the mobility council: A4 landscape, PDF and PNG.

Drawn with matplotlib in Belgian Lambert 72, so the scale bar is exact and nothing is
fetched from the network (there is no basemap). Page 1: title, municipality, date, the
choropleth of the covered share with a classed legend, white spots hatched (they read in
black-and-white print), partners, scale bar, north arrow, the main white spots and the
top-k advice, and the sources. Further pages: the full table per wijk.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Sequence

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.patches import FancyArrow, Patch, Rectangle  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

A4_LANDSCAPE = (11.69, 8.27)
# ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe.
SHARE_CLASSES = ((0.0, 0.25, "#ffffcc"), (0.25, 0.5, "#a1dab4"), (0.5, 0.75, "#41b6c4"), (0.75, 0.9, "#2c7fb8"),
                 (0.9, 1.0001, "#253494"))
TABLE_ROWS_PER_PAGE = 28

matplotlib.rcParams.update({"pdf.fonttype": 42, "ps.fonttype": 42, "font.family": "DejaVu Sans", "font.size": 8})


@dataclass(frozen=True)
class ReportContent:
    """Everything a report shows; built by the coverage functions, drawn here.

    ``wijken``: GeoDataFrame in EPSG:31370 with wijk_code, wijk_naam, gedekt_aandeel,
    witte_vlek. ``partners``: GeoDataFrame in EPSG:31370 with naam and vertrouwd (bool).
    ``white_spots`` and ``advice``: lists of table rows (already formatted strings).
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


def render_pdf(content: ReportContent) -> bytes:
    """The report as a PDF: the overview page plus pages with the full table."""
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": f"{content.title} - {content.gemeente}", "Creator": "Partnerkaart"}) as pdf:
        figure = _overview_page(content)
        pdf.savefig(figure)
        plt.close(figure)
        for number, start in enumerate(range(0, len(content.table), TABLE_ROWS_PER_PAGE), start=2):
            figure = _table_page(content, content.table[start:start + TABLE_ROWS_PER_PAGE], number)
            pdf.savefig(figure)
            plt.close(figure)
    return buffer.getvalue()


def render_png(content: ReportContent, dpi: int = 150) -> bytes:
    """The overview page as a PNG (A4 landscape at ``dpi``)."""
    figure = _overview_page(content)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    return buffer.getvalue()


def share_class(share: float) -> tuple[str, str]:
    """(colour, label) of the legend class of a covered share."""
    for low, high, colour in SHARE_CLASSES:
        if low <= share < high:
            return colour, f"{round(low * 100)}–{min(round(high * 100), 100)} %"
    return SHARE_CLASSES[0][2], "0–25 %"


def _overview_page(content: ReportContent):
    figure = plt.figure(figsize=A4_LANDSCAPE)
    made_on = (content.made_on or date.today()).strftime("%d-%m-%Y")
    figure.text(0.03, 0.955, content.title, fontsize=15, fontweight="bold")
    # The name of an own area is user text: never read as math (``$…$``), which could even fail to parse.
    figure.text(0.03, 0.925, f"{content.gemeente} · {made_on}", fontsize=10, parse_math=False)
    if content.settings_line:
        figure.text(0.03, 0.905, content.settings_line, fontsize=7, color="#444444")
    axes = figure.add_axes((0.03, 0.1, 0.52, 0.78))
    _draw_map(axes, content)
    _tables(figure, content)
    figure.text(0.03, 0.025, "Bronnen: " + " · ".join(content.attribution), fontsize=6.5, color="#333333", wrap=True,
                parse_math=False)  # an own area's sources name its file
    return figure


def _draw_map(axes, content: ReportContent) -> None:
    wijken = content.wijken
    colours = [share_class(float(s))[0] for s in wijken["gedekt_aandeel"].fillna(0)]
    wijken.plot(ax=axes, color=colours, edgecolor="#333333", linewidth=0.6)
    spots = wijken[wijken["witte_vlek"].astype(bool)]
    if len(spots):
        spots.plot(ax=axes, facecolor="none", edgecolor="#000000", hatch="///", linewidth=1.2)
    if len(content.partners):
        trusted = content.partners[content.partners["vertrouwd"].astype(bool)]
        others = content.partners[~content.partners["vertrouwd"].astype(bool)]
        if len(others):
            others.plot(ax=axes, marker="o", markersize=18, facecolor="white", edgecolor="#000000", linewidth=0.8)
        if len(trusted):
            trusted.plot(ax=axes, marker="o", markersize=22, color="#000000")
    west, south, east, north = wijken.total_bounds
    pad = max(east - west, north - south) * 0.04
    axes.set_xlim(west - pad, east + pad)
    axes.set_ylim(south - pad, north + pad)
    axes.set_aspect("equal")
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_xlabel("")
    axes.set_ylabel("")
    _scale_bar(axes)
    _north_arrow(axes)
    handles = [Patch(facecolor=colour, edgecolor="#333333", label=share_class(low)[1]) for low, _, colour in SHARE_CLASSES]
    handles.append(Patch(facecolor="white", edgecolor="#000000", hatch="///", label="witte vlek"))
    handles.append(Line2D([], [], marker="o", color="#000000", linestyle="", label="vertrouwde partner"))
    handles.append(Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor="#000000", linestyle="",
                          label="andere partner"))
    axes.legend(handles=handles, title="Gedekt aandeel van de wijk", loc="lower left", fontsize=7, title_fontsize=7,
                framealpha=0.92)


def _scale_bar(axes) -> None:
    """A scale bar in metres (the axes are in Lambert 72, so one unit is one metre)."""
    west, east = axes.get_xlim()
    south, north = axes.get_ylim()
    target = (east - west) / 5
    length = next(v for v in (100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000) if v >= target * 0.6)
    x0, y0 = east - (east - west) * 0.05 - length, south + (north - south) * 0.04
    height = (north - south) * 0.008
    axes.add_patch(Rectangle((x0, y0), length / 2, height, facecolor="#000000", edgecolor="#000000"))
    axes.add_patch(Rectangle((x0 + length / 2, y0), length / 2, height, facecolor="white", edgecolor="#000000"))
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length} m"
    axes.text(x0 + length / 2, y0 + height * 2.2, label, ha="center", va="bottom", fontsize=7)


def _north_arrow(axes) -> None:
    west, east = axes.get_xlim()
    south, north = axes.get_ylim()
    x, y = east - (east - west) * 0.06, north - (north - south) * 0.14
    size = (north - south) * 0.07
    axes.add_patch(FancyArrow(x, y, 0, size, width=size * 0.12, head_width=size * 0.4, head_length=size * 0.4,
                              color="#000000"))
    axes.text(x, y + size * 1.15, "N", ha="center", va="bottom", fontsize=10, fontweight="bold")


def _tables(figure, content: ReportContent) -> None:
    figure.text(0.58, 0.87, "Witte vlekken en zwak gedekte wijken", fontsize=10, fontweight="bold")
    _table(figure, (0.58, 0.53, 0.4, 0.32), content.white_spot_header, list(content.white_spots)[:10],
           empty="Geen witte vlekken.")
    figure.text(0.58, 0.48, "Wie eerst contacteren?", fontsize=10, fontweight="bold")
    _table(figure, (0.58, 0.1, 0.4, 0.36), content.advice_header, list(content.advice)[:10],
           empty="Geen kandidaten (te contacteren of gecontacteerd) die de dekking verbeteren.")


def _table(figure, box, header: Sequence[str], rows: list[Sequence[str]], empty: str) -> None:
    axes = figure.add_axes(box)
    axes.axis("off")
    if not rows:
        axes.text(0, 1, empty, va="top", fontsize=8)
        return
    table = axes.table(cellText=[[_short(c) for c in row] for row in rows], colLabels=list(header), loc="upper left",
                       cellLoc="left", colLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(6.5)
    table.scale(1, 1.25)
    for (row, _), cell in table.get_celld().items():
        cell.set_linewidth(0.3)
        if row == 0:
            cell.set_facecolor("#e8e8e8")
            cell.set_text_props(fontweight="bold")


def _table_page(content: ReportContent, rows: Sequence[Sequence[str]], number: int):
    figure = plt.figure(figsize=A4_LANDSCAPE)
    figure.text(0.03, 0.955, f"{content.title}: alle wijken van {content.gemeente}", fontsize=12, fontweight="bold",
                parse_math=False)
    figure.text(0.97, 0.955, f"p. {number}", ha="right", fontsize=8)
    _table(figure, (0.03, 0.08, 0.94, 0.84), content.table_header, list(rows), empty="")
    figure.text(0.03, 0.025, "Bronnen: " + " · ".join(content.attribution), fontsize=6.5, color="#333333",
                parse_math=False)
    return figure


def _short(value: object, limit: int = 60) -> str:
    """Shortened cell text; ``$`` escaped so matplotlib never reads user text as math."""
    text = str(value)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("$", "\\$")


def coverage_report(boundaries, nis: str, partners, categories, settings, k: int = 5, population=None,
                    made_on: date | None = None) -> ReportContent:
    """Compute coverage, white spots and advice for one municipality and lay them out."""
    from geo.advice import advise, white_spots
    from geo.coverage import wijk_coverage

    coverage = wijk_coverage(boundaries, nis, partners, categories, settings, population)
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
                    (_number(a.gain) + " inw.") if a.eenheid == "inwoners" else f"{_decimal(a.gain)} km²", a.reason]
                   for i, a in enumerate(advice, start=1)]
    table_rows = [[row.wijk_code, row.wijk_naam, str(row.partners), str(row.vertrouwde_partners),
                   _percent(row.gedekt_aandeel), "ja" if row.witte_vlek else "nee",
                   "" if row.dichtste_vertrouwde in (None, "") or row.afstand_m != row.afstand_m
                   else f"{row.dichtste_vertrouwde} ({_distance(row.afstand_m)})",
                   "" if row.inwoners_gedekt != row.inwoners_gedekt else _number(row.inwoners_gedekt)]
                  for row in coverage.itertuples()]
    return ReportContent(
        title="Dekking door vertrouwde partners",
        gemeente=boundaries.gemeente_naam(nis),
        wijken=coverage,
        partners=points,
        white_spot_header=["Wijk", "Gedekt", "Ongedekt", "Ontbrekende soorten", "Dichtste kandidaten"],
        white_spots=spot_rows,
        advice_header=["#", "Kandidaat", "Soort", "Winst", "Waarom"],
        advice=advice_rows,
        table_header=["Code", "Wijk", "Partners", "Vertrouwd", "Gedekt", "Witte vlek", "Dichtste vertrouwde",
                      "Inwoners gedekt"],
        table=table_rows,
        attribution=boundaries.attribution,
        settings_line=(f"Vertrouwd: {', '.join(settings.trusted_statuses)} · witte vlek onder "
                       f"{_percent(settings.threshold)} gedekt · bereik in meter, berekend in Lambert 72"),
        made_on=made_on,
    )


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

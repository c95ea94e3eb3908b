"""The Importeren page in Chromium: upload a CSV, review it, read it in, see it on the map, undo it.

The file (``;``, cp1252, decimal commas) holds five organisations in Wijnegem: four with
coordinates inside its wijken (representative points, jittered), one with only an address.
One row has an unknown kind, one a name that is HTML with an event handler. The session
server has no geocoder (``PARTNERKAART_GEOCODER=none``), so nothing is looked up anywhere.
Names and the file name carry a random tag: reruns and other tests never collide.
"""

from __future__ import annotations

import random
import re
import uuid

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, expect
from pyproj import Transformer
from shapely.geometry import Point

from geo import texts
from geo.store import open_store

WIJNEGEM = "11050"
WAIT_MS = 60_000
UNKNOWN_KIND = "ruimteschip"
INJECTED = "b[onmouseover]"
MIN_GAP_M = 150.0  # from every other partner: the hostile marker is hovered on its own


def _store_partners(db_path, nis: str | None = None):
    store = open_store(str(db_path))
    try:
        return store.list_partners(nis)
    finally:
        store.close()


def _store_imports(db_path):
    store = open_store(str(db_path))
    try:
        return store.list_imports()
    finally:
        store.close()


def _points_in_wijnegem(boundaries, existing, count: int, seed: str) -> list[tuple[float, float]]:
    """``count`` (lat, lon) inside Wijnegem's wijken, round the wijken's representative points.

    Jittered by up to 400 m, kept 30 m inside the wijk and ``MIN_GAP_M`` from each other and
    from every stored partner, so every marker can be hovered on its own.
    """
    rng = random.Random(seed)
    to_lambert = Transformer.from_crs(4326, 31370, always_xy=True)
    to_wgs84 = Transformer.from_crs(31370, 4326, always_xy=True)
    taken = [Point(*to_lambert.transform(p.lon, p.lat)) for p in existing if p.has_location]
    wijken = list(boundaries.wijken_of(WIJNEGEM).geometry)
    assert len(wijken) >= 2, "Wijnegem has two wijken"
    points = []
    for index in range(count):
        wijk = wijken[index % len(wijken)]
        inside = wijk.buffer(-30)
        centre = wijk.representative_point()
        for _ in range(5_000):
            candidate = Point(centre.x + rng.uniform(-400, 400), centre.y + rng.uniform(-400, 400))
            if inside.contains(candidate) and all(candidate.distance(other) >= MIN_GAP_M for other in taken):
                break
        else:
            raise AssertionError(f"no free point found in wijk {index % len(wijken)} of Wijnegem")
        taken.append(candidate)
        lon, lat = to_wgs84.transform(candidate.x, candidate.y)
        points.append((lat, lon))
    return points


def _decimal_comma(value: float) -> str:
    return f"{value:.6f}".replace(".", ",")


def _write_file(tmp_path, boundaries, existing, tag: str):
    """The CSV and what the test expects of it: names, hostile row, located rows."""
    names = {
        "chiro": f"Chiro Sint-Martinus {tag}",
        "natuur": f"Natuurpunt Schijnvallei {tag}",
        "hostile": f"<b onmouseover=alert(9)>Vet {tag}</b>",
        "unknown": f"Ruimteclub Zoniënwoud {tag}",
        "address": f"Gezinsbond Wijnegem {tag}",
    }
    points = _points_in_wijnegem(boundaries, existing, 4, tag)
    located = dict(zip(["chiro", "natuur", "hostile", "unknown"], points))
    lines = ["naam;soort;straat;huisnummer;postcode;gemeente;lat;lon"]
    kinds = {"chiro": "Chiro", "natuur": "natuur", "hostile": "school", "unknown": UNKNOWN_KIND}
    for key, (lat, lon) in located.items():
        lines.append(f"{names[key]};{kinds[key]};;;2110;Wijnegem;{_decimal_comma(lat)};{_decimal_comma(lon)}")
    lines.append(f"{names['address']};ledenorganisatie;Turnhoutsebaan;292;2110;Wijnegem;;")
    path = tmp_path / f"import-{tag}.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    for key, point in located.items():
        assert boundaries.locate(point[1], point[0])[0] == WIJNEGEM, (key, point)
    return path, names, located, len(lines) - 1


def _metric(page, label: str) -> Locator:
    """The value of the Streamlit metric labelled exactly ``label``."""
    metric = page.page.locator('[data-testid="stMetric"]').filter(
        has=page.page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))
    return metric.locator('[data-testid="stMetricValue"]')


def _click_until(page, button: Locator, done: Locator, attempts: int = 4) -> None:
    """Click ``button`` until ``done`` is visible (a click can be lost when a rerun re-renders it)."""
    for _ in range(attempts):
        page.idle()
        if done.count() and done.first.is_visible():
            return
        try:
            button.click(timeout=15_000)
            expect(done.first).to_be_visible(timeout=20_000)
            return
        except (AssertionError, PlaywrightError):
            continue
    page.idle()
    expect(done.first).to_be_visible(timeout=WAIT_MS)


def _kaart_markers(page, expected: int) -> None:
    page.goto(f"/?gemeente={WIJNEGEM}")
    page.wait_for_map()
    expect(page.partner_markers).to_have_count(expected, timeout=WAIT_MS)


def _hover_until_tooltip(page, point, name: str) -> Locator:
    """Hover ``point`` on the map until the tooltip shows ``name``; else try every partner marker."""
    tooltip = page.map.locator(".leaflet-tooltip").filter(has_text=name)
    for _ in range(3):
        page.center_map()
        x, y = page.point_of(*point)
        page.page.mouse.move(x - 20, y - 20)
        page.page.mouse.move(x, y, steps=4)
        try:
            expect(tooltip).to_have_count(1, timeout=5_000)
            return tooltip
        except AssertionError:
            continue
    seen = []
    markers = page.partner_markers
    for index in range(markers.count()):
        try:
            markers.nth(index).hover(timeout=5_000)
            expect(tooltip).to_have_count(1, timeout=2_000)
            return tooltip
        except (AssertionError, PlaywrightError):
            seen.append(page.map.locator(".leaflet-tooltip").all_inner_texts())
    raise AssertionError(f"no marker has the tooltip {name!r}; tooltips seen: {seen}; dialogs: {page.dialogs}")


def _assert_no_injected_markup(page) -> None:
    for frame in page.page.frames:
        assert frame.locator(INJECTED).count() == 0, f"the hostile name became markup in {frame.url}"


def test_csv_import_is_reviewed_read_in_drawn_and_undone(page, app_db, boundaries, tmp_path):
    tag = uuid.uuid4().hex[:8]
    existing = _store_partners(app_db)
    before = [p for p in existing if p.gemeente_nis == WIJNEGEM]
    located_before = sum(p.has_location for p in before)
    path, names, located, data_rows = _write_file(tmp_path, boundaries, existing, tag)
    assert data_rows == 5

    # Kaart before: the markers of Wijnegem's stored partners.
    _kaart_markers(page, located_before)

    # Importeren: upload through the file input; the columns are recognised.
    page.goto(f"/importeren?gemeente={WIJNEGEM}")
    uploader = page.page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.wait_for(state="attached", timeout=WAIT_MS)
    page.idle()
    expect(page.page.get_by_role("combobox", name=texts.UI_IMPORT_GEMEENTE, exact=True)).to_have_value(
        f"Wijnegem ({WIJNEGEM})")
    uploader.set_input_files(str(path))
    read = texts.UI_IMPORT_GELEZEN.format(rijen=data_rows, kolommen=8, codering="cp1252", scheiding=";")
    expect(page.page.get_by_text(read, exact=True)).to_be_visible(timeout=WAIT_MS)
    mapping = page.page.locator('[data-testid="stDataFrame"]').first
    expect(mapping.locator("td").filter(has_text=re.compile(r"^soort$"))).to_have_count(1, timeout=WAIT_MS)
    expect(mapping.locator("td").filter(has_text=re.compile(r"^categorie$"))).to_have_count(1)
    page.idle()
    lookup = page.page.get_by_role("checkbox", name=texts.UI_IMPORT_GEOCODEREN, exact=True)
    expect(lookup).not_to_be_checked()  # no geocoder on this server: nothing is looked up anywhere
    expect(lookup).to_be_disabled()

    # Nakijken: counts and the rows that need attention; nothing stored yet.
    _click_until(page, page.page.get_by_role("button", name=texts.UI_IMPORT_NAKIJKEN, exact=True),
                 _metric(page, texts.UI_IMPORT_RIJEN))
    expect(_metric(page, texts.UI_IMPORT_RIJEN)).to_have_text(str(data_rows))
    expect(_metric(page, texts.UI_IMPORT_OK)).to_have_text("3")
    expect(_metric(page, texts.UI_IMPORT_WAARSCHUWING)).to_have_text("2")
    expect(_metric(page, texts.UI_IMPORT_GEWEIGERD)).to_have_text("0")
    expect(_metric(page, texts.UI_IMPORT_ZONDER_LOCATIE)).to_have_text("1")
    expect(_metric(page, texts.UI_IMPORT_GEOCODEERD)).to_have_text("0")
    actions = texts.UI_IMPORT_ACTIES.format(toevoegen=5, bijwerken=0, verwijderen=0)
    expect(page.page.get_by_text(actions)).to_be_visible()
    report = page.page.locator('[data-testid="stDataFrame"]').locator("td")
    unknown = texts.IMPORT_CATEGORIE_ONBEKEND.format(waarde=UNKNOWN_KIND)
    expect(report.filter(has_text=unknown)).to_have_count(1, timeout=WAIT_MS)
    expect(report.filter(has_text=names["unknown"])).to_have_count(1)
    expect(report.filter(has_text=texts.IMPORT_LOCATIE_ONTBREEKT.format(gemeente="Wijnegem"))).to_have_count(1)
    assert _store_partners(app_db, WIJNEGEM) == before, "reviewing stored something"
    assert not [run for run in _store_imports(app_db) if run.bestand == path.name]

    # Inlezen: one import in the history, five partners more in Wijnegem.
    success = page.page.locator('[data-testid="stAlertContentSuccess"]').filter(
        has_text=texts.UI_IMPORT_GELUKT.format(toegevoegd=5, bijgewerkt=0, verwijderd=0))
    _click_until(page, page.page.get_by_role("button", name=texts.UI_IMPORT_INLEZEN, exact=True), success)
    page.idle()
    runs = [run for run in _store_imports(app_db) if run.bestand == path.name]
    assert len(runs) == 1, runs  # read in exactly once
    run = runs[0]
    assert (run.modus, run.gemeente_nis, run.toegevoegd, run.bijgewerkt, run.verwijderd, run.geweigerd) == (
        "toevoegen", WIJNEGEM, 5, 0, 0, 0)
    assert not run.ongedaan
    history = page.page.locator('[data-testid="stText"]').filter(has_text=path.name)
    expect(history).to_have_count(1)
    expect(history).to_contain_text(f"#{run.id} ")
    expect(history).to_contain_text("+5 / ~0 / -0")
    stored = {p.naam: p for p in _store_partners(app_db, WIJNEGEM) if tag in p.naam}
    assert set(stored) == set(names.values())
    assert stored[names["unknown"]].categorie == "andere"
    assert not stored[names["address"]].has_location
    for key, (lat, lon) in located.items():
        partner = stored[names[key]]
        assert partner.wijk_code.startswith(WIJNEGEM)
        assert abs(partner.lat - lat) < 1e-5 and abs(partner.lon - lon) < 1e-5

    # Kaart: four markers more (the row without coordinates has none); the hostile name is text.
    _kaart_markers(page, located_before + len(located))
    page.idle()
    page.map.locator(".partnerkaart-legend summary").click()  # fold the legend: it covers the lower right
    tooltip = _hover_until_tooltip(page, located["hostile"], names["hostile"])
    assert tooltip.inner_text().strip() == names["hostile"] + " (School of oudercomité)"  # name and kind
    x, y = page.point_of(*located["hostile"])
    page.page.mouse.click(x, y)
    popup = page.map.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(names["hostile"])
    popup.hover()
    _assert_no_injected_markup(page)
    assert page.dialogs == []

    # Undo on Importeren: the import is marked undone, the partners are gone.
    page.goto(f"/importeren?gemeente={WIJNEGEM}")
    undone = page.page.locator('[data-testid="stAlertContentSuccess"]').filter(
        has_text=texts.UI_IMPORT_ONGEDAAN.format(id=run.id))
    undo = page.page.locator(f".st-key-undo-{run.id}").get_by_role("button", name=texts.UI_IMPORT_ONGEDAAN_MAKEN)
    expect(undo).to_be_visible(timeout=WAIT_MS)
    _click_until(page, undo, undone)
    page.idle()
    expect(page.page.locator(f".st-key-undo-{run.id}")).to_have_count(0)
    expect(history).to_contain_text("ongedaan gemaakt op")

    _kaart_markers(page, located_before)
    page.idle()

    after = _store_partners(app_db, WIJNEGEM)
    assert not [p.naam for p in after if tag in p.naam]
    assert sorted(p.id for p in after) == sorted(p.id for p in before)
    [undone_run] = [r for r in _store_imports(app_db) if r.id == run.id]
    assert undone_run.ongedaan and undone_run.bestand == path.name

    _assert_no_injected_markup(page)
    page.assert_clean()

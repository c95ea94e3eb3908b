"""The security list in Chromium: injected text stays text, share links stay read-only and
inside their municipality, private fields never reach a reader, uploads are refused safely,
exports neutralise formulas.

One server of its own (module scope) runs on a prepared store and settings:

* the demo set, plus partners whose e-mail, phone, contact person and notes are unique
  markers (:data:`PRIVATE`), in every status, in Mechelen and in Wijnegem;
* a partner whose name, organisation, street, contact person and notes are HTML/script
  injections, of the kind ``school`` whose label in the configured categories file
  (``PARTNERKAART_CATEGORIEEN``) is an injection too; a partner named like a formula;
* its own boundary cache (the session's prepared layers copied in), holding one custom
  area already, so uploads never reach the other tests;
* an upload limit of 1 MB (``PARTNERKAART_MAX_UPLOAD_MB`` and Streamlit's
  ``server.maxUploadSize``, as ``make run`` passes it).

An injection that became markup would run: every ``alert`` opens a dialog and every
``<img src=x>`` fetches ``x`` (a 404); the page fixture records both and
:meth:`Watch.assert_clean` fails on them.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Response, WebSocket, expect

from geo import texts
from geo.access import PUBLIC_STATUSES
from geo.categories import CATEGORIES_FILE
from geo.demo import load_demo
from geo.editing import save_partner
from geo.store import open_store
from geo.uploads.areas import build_area, delete_area, list_areas, save_area
from geo.uploads.boundary_files import read_boundary_file
from tests.browser.conftest import MAP_IFRAME

MECHELEN, WIJNEGEM = "12025", "11050"
WAIT_MS = 60_000
REPO_ROOT = Path(__file__).resolve().parents[2]

XSS_LABEL = "<img src=x onerror=alert(7)>"            # the label of the kind "school"
XSS = {
    "naam": "<img src=x onerror=alert(1)> school",
    "organisatie": "<script>alert(2)</script>",
    "straat": '"><svg onload=alert(3)>',
    "contactpersoon": "<img src=x onerror=alert(4)>",
    "notities": "<script>alert(5)</script><b onmouseover=alert(6)>notitie</b>",
}
XSS_PUNT = (51.0282, 4.4777)  # in Mechelen
XSS_WIJKEN = ("<img src=x onerror=alert(8)>", "<script>alert(9)</script>")
XSS_TITEL = '"><svg onload=alert(10)>'
XSS_BESTAND = "<img src=x onerror=alert(11)>.geojson"
FORMULA_NAAM = '=HYPERLINK("http://x")'
INJECTED = "img[src='x'], img[onerror], svg[onload], b[onmouseover]"

# Partners with unique private markers: (naam, status, gemeente, lat, lon, contact, e-mail, telefoon, notities)
PRIVATE = [
    ("Buurtcomité Vertrouwd (test)", "zet zich mee in", MECHELEN, 51.0300, 4.4700,
     "Contactpersoon Qwertz Een", "qwertz.een@voorbeeld.be", "015 97 31 01", "Notitie Qwertz een"),
    ("Sportclub Meedoen (test)", "communiceert mee", MECHELEN, 51.0250, 4.4850,
     "Contactpersoon Qwertz Twee", "qwertz.twee@voorbeeld.be", "015 97 31 02", "Notitie Qwertz twee"),
    ("Verborgen Prospect Alfa (test)", "te contacteren", MECHELEN, 51.0330, 4.4900,
     "Contactpersoon Qwertz Drie", "qwertz.drie@voorbeeld.be", "015 97 31 03", "Notitie Qwertz drie"),
    ("Verborgen Prospect Beta (test)", "gecontacteerd", MECHELEN, 51.0200, 4.4650,
     "Contactpersoon Qwertz Vier", "qwertz.vier@voorbeeld.be", "015 97 31 04", "Notitie Qwertz vier"),
    ("Verborgen Afhaker Gamma (test)", "haakt af", MECHELEN, 51.0280, 4.4950,
     "Contactpersoon Qwertz Vijf", "qwertz.vijf@voorbeeld.be", "015 97 31 05", "Notitie Qwertz vijf"),
    ("Wijnegemse Vereniging Delta (test)", "zet zich mee in", WIJNEGEM, 51.2340, 4.5000,
     "Contactpersoon Qwertz Zes", "qwertz.zes@voorbeeld.be", "03 597 31 06", "Notitie Qwertz zes"),
]
GEHEIM_GEBIED = "Geheim Gebied Omega"  # a custom area that no share link may list


# -- the server ------------------------------------------------------------------------------


@dataclass
class SecureServer:
    server: object
    db: Path
    areas: Path
    partners: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    def private_values(self) -> list[str]:
        """Every contact person, e-mail, phone number and note in the store."""
        values = {getattr(p, name) for p in self.partners for name in ("contactpersoon", "email", "telefoon", "notities")}
        return sorted(v for v in values if v)

    def hidden_names(self) -> list[str]:
        """Names of partners a share link never shows (statuses that did not agree to take part)."""
        return sorted(p.naam for p in self.partners if p.status not in PUBLIC_STATUSES)


def _square(west: float, south: float, size: float = 0.004) -> list:
    east, north = west + size, south + size
    return [[[west, south], [east, south], [east, north], [west, north], [west, south]]]


def _geojson(names, west: float = 4.470, south: float = 51.020, size: float = 0.004, **extra) -> bytes:
    features = [{"type": "Feature", "properties": {"naam": name, **extra},
                 "geometry": {"type": "Polygon", "coordinates": _square(west + i * size, south, size)}}
                for i, name in enumerate(names)]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


@pytest.fixture(scope="module")
def secure(start_streamlit, boundaries, boundary_cache, tmp_path_factory) -> SecureServer:
    folder = tmp_path_factory.mktemp("security")
    categories = json.loads(CATEGORIES_FILE.read_text(encoding="utf-8"))
    for item in categories["categorieen"]:
        if item["code"] == "school":
            item["label"] = XSS_LABEL
    categories_file = folder / "categorieen.json"
    categories_file.write_text(json.dumps(categories, ensure_ascii=False), encoding="utf-8")

    cache = folder / "cache"
    shutil.copytree(boundary_cache / "prepared", cache / "prepared")
    areas = cache / "eigen-gebieden"
    uploaded = read_boundary_file(_geojson(["Geheime Wijk Een", "Geheime Wijk Twee"], west=4.40), "geheim.geojson",
                                  1024 * 1024)
    save_area(build_area(uploaded, "naam", GEHEIM_GEBIED), areas)

    db = folder / "partnerkaart.sqlite"
    store = open_store(str(db))
    try:
        assert load_demo(store, boundaries) > 0
        rows = [{**XSS, "categorie": "school", "status": "communiceert mee", "email": "xss.school@voorbeeld.be",
                 "telefoon": "015 97 31 99", "plaats": "Mechelen", "lat": XSS_PUNT[0], "lon": XSS_PUNT[1]},
                {"naam": FORMULA_NAAM, "categorie": "andere", "status": "zet zich mee in", "organisatie": "+SUM(1;2)",
                 "lat": 51.0310, "lon": 4.4760}]
        rows += [{"naam": naam, "categorie": "buurt", "status": status, "lat": lat, "lon": lon, "contactpersoon": contact,
                  "email": email, "telefoon": phone, "notities": notes}
                 for naam, status, _, lat, lon, contact, email, phone, notes in PRIVATE]
        for row in rows:
            stored, errors = save_partner(store, boundaries, row)
            assert not errors, (row["naam"], errors)
        by_name = {p.naam: p for p in store.list_partners()}
        for naam, _, gemeente, *_ in PRIVATE:
            assert by_name[naam].gemeente_nis == gemeente, naam
        assert by_name[XSS["naam"]].gemeente_nis == MECHELEN
        partners = store.list_partners()
    finally:
        store.close()
    server = start_streamlit(PARTNERKAART_DB=str(db), PARTNERKAART_CATEGORIEEN=str(categories_file),
                             PARTNERKAART_CACHE=str(cache), PARTNERKAART_MAX_UPLOAD_MB="1",
                             STREAMLIT_SERVER_MAX_UPLOAD_SIZE="1")
    return SecureServer(server, db, areas, partners)


def _open(open_page, secure: SecureServer, who: str | None = "beheerder"):
    return open_page(secure.url, server=secure.server, who=who)


def _share_query(page, **override) -> str:
    params = {**page.share_params, **override}
    return "?" + "&".join(f"{key}={value}" for key, value in params.items())


# -- recording what reaches the browser ------------------------------------------------------


class Traffic:
    """Every websocket frame and (readable) response body a browser page receives."""

    def __init__(self, watch) -> None:
        self.watch = watch
        self.frames: list[bytes] = []
        self.bodies: dict[str, bytes] = {}
        self.downloads: dict[str, bytes] = {}
        self._pending: list[Response] = []
        watch.page.on("websocket", self._on_socket)
        watch.page.on("response", lambda response: self._pending.append(response))

    def _on_socket(self, socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: self.frames.append(
            payload if isinstance(payload, bytes) else payload.encode("utf-8")))

    def settle(self) -> None:
        """Wait for the script run to finish, then read the bodies of the responses so far."""
        self.watch.idle()
        pending, self._pending[:] = list(self._pending), []
        for response in pending:
            try:
                self.bodies[f"{len(self.bodies)} {response.url}"] = response.body()
            except PlaywrightError:  # redirects, aborted or evicted responses have no body
                continue

    def snapshot_dom(self) -> None:
        """Keep the HTML of the page and every frame (the map's iframe included)."""
        for frame in self.watch.page.frames:
            try:
                self.bodies[f"dom {len(self.bodies)} {frame.url}"] = frame.content().encode("utf-8")
            except PlaywrightError:
                continue

    def download(self, button: Locator) -> bytes:
        with self.watch.page.expect_download(timeout=WAIT_MS) as info:
            button.click()
        data = Path(info.value.path()).read_bytes()
        self.downloads[info.value.suggested_filename] = data
        return data

    def everything(self) -> list[tuple[str, bytes]]:
        return ([(f"frame {i}", frame) for i, frame in enumerate(self.frames)] + list(self.bodies.items())
                + [(f"download {name}", data) for name, data in self.downloads.items()])

    def find(self, values) -> dict[str, list[str]]:
        """``{value: [where it was found]}``, in whatever escaping the page carried it.

        Text reaches the browser raw (protobuf, Arrow), JSON-escaped, HTML-escaped, or
        several of these nested (an escaped name in a folium script in a component's
        JSON arguments): each capture is searched raw and after undoing those escapes.
        """
        found: dict[str, list[str]] = {}
        for where, data in self.everything():
            readable = None
            for value in values:
                if value.encode("utf-8") in data:
                    found.setdefault(value, []).append(where[:120])
                    continue
                if readable is None:
                    readable = _readable(data)
                if value in readable:
                    found.setdefault(value, []).append(where[:120])
        return found


_UNICODE_ESCAPE = re.compile(r"\\+u([0-9a-fA-F]{4})")
_ESCAPED_CHAR = re.compile(r"\\+([\"'/])")


def _readable(data: bytes) -> str:
    """``data`` as text with JSON (``\\u003c``, ``\\"``, doubled backslashes) and HTML escapes undone."""
    text = data.decode("utf-8", errors="replace")
    for _ in range(3):
        text = _UNICODE_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)
        text = _ESCAPED_CHAR.sub(r"\1", text)
        text = html.unescape(text)
    return text


# -- small page helpers ----------------------------------------------------------------------


def _title(page) -> Locator:
    return page.page.locator("h1")


def _wait_title(page, text: str) -> None:
    expect(_title(page).filter(has_text=text).first).to_be_visible(timeout=WAIT_MS)
    page.idle()


def _sidebar(page) -> Locator:
    return page.page.locator('[data-testid="stSidebar"]')


def _nav(page) -> list[str]:
    """The page titles in the sidebar navigation (without their icon names)."""
    links = _sidebar(page).locator('[data-testid="stSidebarNavLink"]').all()
    return [link.inner_text().strip().splitlines()[-1].strip() for link in links]


NOT_FOUND = "The page that you have requested does not seem to exist"


def _take_page_not_found(page) -> int:
    """Count and drop Streamlit's console error for a page that is not in the navigation."""
    refused = [m for m in page.console_errors if m.text.startswith(NOT_FOUND)]
    page.console_errors[:] = [m for m in page.console_errors if m not in refused]
    return len(refused)


def _assert_no_injected_elements(page) -> None:
    for frame in page.page.frames:
        assert frame.locator(INJECTED).count() == 0, f"an injection became markup in {frame.url}"


def _assert_no_edit_widgets(page) -> None:
    p = page.page
    assert p.get_by_role("button", name=texts.UI_BEWAREN, exact=True).count() == 0
    assert p.locator('[data-testid="stFileUploader"], input[type="file"]').count() == 0
    assert p.locator('input[type="password"]').count() == 0
    assert p.locator('[data-testid="stForm"]').count() == 0
    sidebar = _sidebar(page)
    for label in (texts.UI_AFMELDEN, texts.UI_DEMO_VERWIJDEREN, texts.UI_DEMO_LADEN, texts.UI_BEWERK_PARTNER,
                  texts.UI_NIEUWE_PARTNER):
        assert p.get_by_role("button", name=label).count() == 0, label
    assert sidebar.get_by_text(texts.UI_DEMO_KOP).count() == 0


def _wijk_names(boundaries, nis: str) -> list[str]:
    return [str(name) for name in boundaries.wijk_table(nis)["wijk_naam"]]


# -- 2. a share link cannot reach the edit functions -----------------------------------------


EDIT_PAGES = ("partners", "importeren", "beheer", "instellingen", "delen", "logboek", "gebied", "vlaanderen")


def test_a_share_link_reaches_no_edit_page_and_no_edit_widget(open_page, secure):
    page = _open(open_page, secure, who=f"lezer:{MECHELEN}")
    token = page.share_params["deel"]
    assert page.share_params["gemeente"] == MECHELEN and token

    page.goto("/" + _share_query(page))
    _wait_title(page, texts.UI_KAART_TITEL)
    page.wait_for_map()
    expect(_sidebar(page).get_by_text(texts.UI_ALLEEN_LEZEN)).to_be_visible()
    nav = _nav(page)
    assert nav == [texts.UI_NAV_KAART, texts.UI_NAV_DEKKING, texts.UI_NAV_WITTE_VLEKKEN, texts.UI_NAV_VOORTGANG], nav
    _assert_no_edit_widgets(page)

    for name in EDIT_PAGES:
        page.goto(f"/{name}" + _share_query(page))
        # The page is not in this session's navigation: Streamlit runs the default page, the read-only map.
        _wait_title(page, texts.UI_KAART_TITEL)
        page.wait_for_map()
        _assert_no_edit_widgets(page)
        for title in (texts.UI_PARTNERS_TITEL, texts.UI_IMPORT_TITEL, texts.UI_GEBIED_TITEL):
            assert _title(page).filter(has_text=title).count() == 0, (name, title)
        expect(_sidebar(page).get_by_text(texts.UI_ALLEEN_LEZEN)).to_be_visible()
    _assert_no_injected_elements(page)
    assert page.dialogs == []
    assert _take_page_not_found(page) == len(EDIT_PAGES)  # Streamlit's own "no such page", once per page
    page.assert_clean()


@pytest.mark.parametrize("path", ["/", "/dekking", "/witte_vlekken", "/partners"])
def test_a_share_link_for_another_municipality_shows_the_refusal_and_no_map(open_page, secure, path):
    page = _open(open_page, secure, who=f"lezer:{MECHELEN}")
    page.goto(path + _share_query(page, gemeente=WIJNEGEM))

    alert = page.page.locator('[data-testid="stAlert"]').filter(has_text=texts.DEELLINK_ANDERE_GEMEENTE)
    expect(alert).to_be_visible(timeout=WAIT_MS)
    page.idle()
    expect(_title(page).filter(has_text=texts.APP_TITEL)).to_be_visible()  # the landing page
    assert page.page.locator(MAP_IFRAME).count() == 0
    assert page.page.locator('[data-testid="stDataFrame"]').count() == 0
    assert page.page.get_by_role("combobox", name=texts.UI_KIES_GEMEENTE, exact=True).count() == 0
    nav = _nav(page)
    assert texts.UI_NAV_KAART not in nav and texts.UI_NAV_PARTNERS not in nav, nav
    for label in (texts.UI_AFMELDEN, texts.UI_DEMO_VERWIJDEREN, texts.UI_BEWAREN):
        assert page.page.get_by_role("button", name=label, exact=True).count() == 0, label
    body = page.page.locator("body").inner_text()
    for partner in secure.partners:
        if partner.gemeente_nis in (MECHELEN, WIJNEGEM) and partner.naam.endswith("(test)"):
            assert partner.naam not in body
    assert page.dialogs == []
    assert _take_page_not_found(page) == (0 if path == "/" else 1)  # the landing page is the only page
    page.assert_clean()


def test_a_share_link_cannot_open_a_custom_area_or_a_forged_token(open_page, secure):
    [(code, title)] = [(c, t) for c, t in list_areas(secure.areas) if t == GEHEIM_GEBIED]
    page = _open(open_page, secure, who=f"lezer:{MECHELEN}")
    token = page.share_params["deel"]

    page.goto("/" + _share_query(page, gemeente=code))
    expect(page.page.get_by_text(texts.DEELLINK_ANDERE_GEMEENTE)).to_be_visible(timeout=WAIT_MS)
    page.idle()
    assert page.page.locator(MAP_IFRAME).count() == 0
    assert title not in page.page.locator("body").inner_text()

    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    page.goto(f"/?gemeente={MECHELEN}&deel={forged}")
    expect(page.page.get_by_text(texts.DEELLINK_ONGELDIG)).to_be_visible(timeout=WAIT_MS)
    page.idle()
    assert page.page.locator(MAP_IFRAME).count() == 0
    assert page.dialogs == []
    page.assert_clean()


# -- 3. a Wijnegem link shows nothing of Mechelen ---------------------------------------------


def test_a_wijnegem_link_shows_nothing_of_mechelen(open_page, secure, boundaries):
    wijnegem_texts = set(_wijk_names(boundaries, WIJNEGEM)) | {p.naam for p in secure.partners if p.gemeente_nis == WIJNEGEM}
    mechelen_wijken = [name for name in _wijk_names(boundaries, MECHELEN)
                       if not any(name in other for other in wijnegem_texts)]
    mechelen_partners = [p.naam for p in secure.partners if p.gemeente_nis == MECHELEN]
    assert len(mechelen_wijken) >= 10 and len(mechelen_partners) >= 20
    areas = [title for _, title in list_areas(secure.areas)]
    assert GEHEIM_GEBIED in areas

    page = _open(open_page, secure, who=f"lezer:{WIJNEGEM}")
    traffic = Traffic(page)
    for path in ("/", "/dekking"):
        page.goto(path + _share_query(page))
        page.wait_for_map()
        traffic.settle()
        # The link's one municipality is named; there is no picker that could offer another.
        expect(page.page.get_by_text(f"Gemeente: Wijnegem ({WIJNEGEM})", exact=True)).to_be_visible()
        assert page.gemeente_box().count() == 0 and page.page.get_by_role("option").count() == 0
        traffic.snapshot_dom()
    page.idle()

    assert len(traffic.frames) > 10 and traffic.bodies
    # The capture works: Wijnegem's own wijken and trusted partners are in it.
    wijnegem_public = [p.naam for p in secure.partners if p.gemeente_nis == WIJNEGEM and p.status in PUBLIC_STATUSES]
    assert set(traffic.find(_wijk_names(boundaries, WIJNEGEM) + wijnegem_public)) == set(
        _wijk_names(boundaries, WIJNEGEM) + wijnegem_public)
    leaked = traffic.find(mechelen_wijken + mechelen_partners + ["Mechelen (12025)", *areas, "Geheime Wijk"])
    assert leaked == {}, f"Mechelen reached a Wijnegem share session: {leaked}"
    assert page.dialogs == []
    page.assert_clean()


# -- 4. private fields and hidden partners never reach a reader --------------------------------


def test_a_reader_receives_no_contact_data_notes_or_hidden_partners(open_page, secure):
    private = secure.private_values()
    hidden = secure.hidden_names()
    wijnegem = [p.naam for p in secure.partners if p.gemeente_nis == WIJNEGEM]
    assert {"qwertz.een@voorbeeld.be", "015 97 31 01", "Contactpersoon Qwertz Een", "Notitie Qwertz een"} <= set(private)
    assert "Verborgen Prospect Alfa (test)" in hidden and any(n.endswith("(demo)") for n in hidden)

    page = _open(open_page, secure, who=f"lezer:{MECHELEN}")
    traffic = Traffic(page)
    page.goto("/" + _share_query(page))
    page.wait_for_map()
    traffic.settle()
    traffic.snapshot_dom()

    page.goto("/dekking" + _share_query(page))
    page.wait_for_map()
    traffic.settle()
    csv_data = traffic.download(page.page.get_by_role("button", name="CSV", exact=True))
    geojson_data = traffic.download(page.page.get_by_role("button", name="GeoJSON", exact=True))
    assert csv_data.startswith("\ufeffwijk_code;".encode()) and b"FeatureCollection" in geojson_data
    traffic.settle()
    traffic.snapshot_dom()

    page.goto("/witte_vlekken" + _share_query(page))
    _wait_title(page, texts.UI_WITTE_VLEKKEN_TITEL)
    traffic.settle()
    traffic.snapshot_dom()
    assert page.page.get_by_text(texts.UI_ADVIES_TITEL).count() == 0

    assert len(traffic.frames) > 10 and any(url.split(" ", 1)[1].startswith(secure.url) for url in traffic.bodies)
    visible = [p.naam for p in secure.partners if p.gemeente_nis == MECHELEN and p.status in PUBLIC_STATUSES]
    assert set(traffic.find(visible)) == set(visible), "the capture misses what the reader may see"
    leaked = traffic.find(private + hidden + wijnegem)
    assert leaked == {}, f"a share session received private data: {leaked}"
    assert page.dialogs == []
    page.assert_clean()


def test_the_capture_finds_contact_data_in_an_organisers_session(open_page, secure):
    page = _open(open_page, secure, who="beheerder")
    traffic = Traffic(page)
    page.goto(f"/partners?gemeente={MECHELEN}")
    expect(page.page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=WAIT_MS)
    traffic.settle()
    found = traffic.find(secure.private_values())
    assert "qwertz.een@voorbeeld.be" in found and "qwertz.drie@voorbeeld.be" in found, found
    assert "qwertz.zes@voorbeeld.be" not in found  # Wijnegem's partners are not on Mechelen's page
    page.assert_clean()


# -- 6. the partners CSV neutralises formulas --------------------------------------------------


def test_the_partners_csv_neutralises_a_formula_name(open_page, secure):
    page = _open(open_page, secure)
    traffic = Traffic(page)
    page.goto(f"/partners?gemeente={MECHELEN}")
    button = page.page.get_by_role("button", name=texts.UI_PARTNERS_DOWNLOAD)
    expect(button).to_be_visible(timeout=WAIT_MS)
    page.idle()
    data = traffic.download(button)

    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    [row] = [r for r in rows if "HYPERLINK" in (r["naam"] or "")]
    assert row["naam"] == "'" + FORMULA_NAAM
    assert row["organisatie"] == "'+SUM(1;2)"
    cells = [cell for r in rows for cell in r.values() if isinstance(cell, str)]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    page.assert_clean()


# -- 5. hostile uploads are refused and store nothing ------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _uploader(page) -> Locator:
    uploader = page.page.locator('[data-testid="stFileUploader"] input[type="file"]').first
    uploader.wait_for(state="attached", timeout=WAIT_MS)
    return uploader


def _remove_upload(page) -> None:
    page.page.locator('[data-testid="stFileChipDeleteBtn"] button').first.click()
    expect(page.page.locator('[data-testid="stFileChip"]')).to_have_count(0)
    page.idle()


def _refused_as_too_large(page, name: str) -> None:
    """Streamlit's uploader refuses the file in the browser (widget limit ``max_upload_size``)."""
    chip = page.page.locator('[data-testid="stFileChip"][aria-invalid="true"]').filter(has_text=name)
    expect(chip).to_have_count(1, timeout=WAIT_MS)
    expect(chip.get_by_role("alert")).to_have_text(re.compile(r"File must be 1(\.0)? ?MB or smaller"))
    expect(page.page.locator('[data-testid="stFileChip"]')).to_have_count(1)
    page.idle()


def _slip_targets(name: str) -> list[Path]:
    return [REPO_ROOT / name, REPO_ROOT.parent / name, REPO_ROOT.parent.parent / name, Path("/tmp") / name]


def test_hostile_boundary_files_are_refused_on_eigen_gebied(open_page, secure):
    before = sorted(p.name for p in secure.areas.iterdir())
    slip = f"zipslip-{uuid.uuid4().hex[:8]}.txt"
    page = _open(open_page, secure)
    page.goto("/gebied")
    _wait_title(page, texts.UI_GEBIED_TITEL)

    _uploader(page).set_input_files(files=[{"name": "grenzen.zip", "mimeType": "application/zip", "buffer": _zip({
        "grenzen.shp": b"\0" * 100, "grenzen.shx": b"\0" * 100, "grenzen.dbf": b"\0" * 10,
        f"../../{slip}": b"pwned"})}])
    error = page.page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("onveilige bestandsnaam", timeout=WAIT_MS)
    expect(error).to_contain_text(f"../../{slip}")
    page.idle()
    assert page.page.get_by_role("button", name=texts.UI_GEBIED_BEWAREN).count() == 0
    _remove_upload(page)

    big = _geojson(["Groot"], filler="x" * (3 * 1024 * 1024 // 2))
    _uploader(page).set_input_files(files=[{"name": "groot.geojson", "mimeType": "application/geo+json", "buffer": big}])
    _refused_as_too_large(page, "groot.geojson")
    assert page.page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.page.get_by_text(texts.UI_GEBIED_GELEZEN.split("}", 1)[1].split("(")[0]).count() == 0  # not read
    assert page.page.get_by_role("button", name=texts.UI_GEBIED_BEWAREN).count() == 0

    assert sorted(p.name for p in secure.areas.iterdir()) == before
    assert not any(target.exists() for target in _slip_targets(slip))
    page.assert_clean()


def test_hostile_tables_are_refused_on_importeren(open_page, secure):
    store = open_store(str(secure.db))
    try:
        partners_before, imports_before = store.count_partners(), len(store.list_imports())
    finally:
        store.close()
    slip = f"zipslip-{uuid.uuid4().hex[:8]}.txt"
    page = _open(open_page, secure)
    page.goto(f"/importeren?gemeente={MECHELEN}")
    _wait_title(page, texts.UI_IMPORT_TITEL)

    _uploader(page).set_input_files(files=[{"name": "partners.xlsx", "buffer": _zip({
        f"../../{slip}": b"pwned", "/etc/evil.xml": b"<x/>"}),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    error = page.page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text(texts.TABEL_ONLEESBAAR.format(bestand="partners.xlsx", formaat="Excel (.xlsx)"),
                                  timeout=WAIT_MS)
    page.idle()
    assert page.page.get_by_role("button", name=texts.UI_IMPORT_NAKIJKEN).count() == 0
    _remove_upload(page)

    big = ("naam;plaats\r\n" + "Vereniging;Mechelen\r\n" * 80_000).encode()
    assert len(big) > 1024 * 1024
    _uploader(page).set_input_files(files=[{"name": "groot.csv", "mimeType": "text/csv", "buffer": big}])
    _refused_as_too_large(page, "groot.csv")
    assert page.page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.page.get_by_role("button", name=texts.UI_IMPORT_NAKIJKEN).count() == 0

    store = open_store(str(secure.db))
    try:
        assert (store.count_partners(), len(store.list_imports())) == (partners_before, imports_before)
    finally:
        store.close()
    assert not any(target.exists() for target in _slip_targets(slip))
    page.assert_clean()


# -- 1. injected texts stay text -------------------------------------------------------------


def test_injected_partner_texts_and_category_label_stay_text(open_page, secure):
    page = _open(open_page, secure)

    # Kaart: the legend and the popup show the label, name, organisation and street as text.
    page.goto(f"/?gemeente={MECHELEN}")
    page.wait_for_map()
    legend = page.map.locator(".partnerkaart-legend")
    expect(legend).to_contain_text(XSS_LABEL)
    marker, _ = page.hover_partner_named(XSS["naam"])
    marker.click()
    popup = page.map.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    for value in (XSS["naam"], XSS["organisatie"], XSS["straat"], XSS_LABEL):
        assert value in popup.inner_text(), value
    page.idle()
    _assert_no_injected_elements(page)

    # Partners: the table shows label and contact person as text; the form shows the notes as text.
    page.goto(f"/partners?gemeente={MECHELEN}")
    table = page.page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible(timeout=WAIT_MS)
    search = page.page.get_by_role("textbox", name=texts.UI_FILTER_ZOEK, exact=True)
    search.fill("onerror=alert(1)")
    search.press("Enter")
    expect(page.page.get_by_text(re.compile(r"^1 van \d+ partners getoond"))).to_be_visible(timeout=WAIT_MS)
    for value in (XSS["naam"], XSS_LABEL):  # (the grid draws only the columns in view)
        expect(table.locator("td").filter(has_text=value)).to_have_count(1)
    page.idle()
    choose = page.page.get_by_role("combobox", name=texts.UI_KIES_PARTNER)
    choose.click()
    page.page.get_by_role("option").filter(has_text=XSS["naam"]).click()
    page.idle()
    page.page.get_by_role("button", name=texts.UI_BEWERK_PARTNER).click()
    notes = page.page.get_by_role("textbox", name=texts.UI_VELD_NOTITIES)
    expect(notes).to_have_value(XSS["notities"], timeout=WAIT_MS)
    expect(page.page.get_by_role("textbox", name=texts.UI_KOLOM_CONTACT, exact=True)).to_have_value(XSS["contactpersoon"])
    page.idle()
    _assert_no_injected_elements(page)

    # Dekking and the share link's map: the label in the legend and in the wijk's list.
    page.goto(f"/dekking?gemeente={MECHELEN}")
    page.wait_for_map()
    page.idle()
    _assert_no_injected_elements(page)
    assert page.dialogs == []
    page.assert_clean()

    reader = _open(open_page, secure, who=f"lezer:{MECHELEN}")
    reader.goto("/" + _share_query(reader))
    reader.wait_for_map()
    expect(reader.map.locator(".partnerkaart-legend")).to_contain_text(XSS_LABEL)
    reader.idle()
    _assert_no_injected_elements(reader)
    assert reader.dialogs == []
    reader.assert_clean()


def test_injected_names_in_an_uploaded_boundary_file_stay_text(open_page, secure):
    page = _open(open_page, secure)
    page.goto("/gebied")
    _wait_title(page, texts.UI_GEBIED_TITEL)
    _uploader(page).set_input_files(files=[{"name": XSS_BESTAND, "mimeType": "application/geo+json",
                                            "buffer": _geojson(XSS_WIJKEN, west=4.460, south=51.000)}])
    expect(page.page.get_by_text(texts.UI_GEBIED_GELEZEN.format(aantal=2, crs="EPSG:4326"))).to_be_visible(
        timeout=WAIT_MS)
    page.idle()
    preview = page.page.locator('[data-testid="stDataFrame"]').first
    for name in XSS_WIJKEN:
        expect(preview.locator("td").filter(has_text=name)).to_have_count(1)
    title = page.page.get_by_role("textbox", name=texts.UI_GEBIED_NAAM)
    expect(title).to_have_value(XSS_BESTAND.rsplit(".", 1)[0])
    title.fill(XSS_TITEL)
    page.page.get_by_role("button", name=texts.UI_GEBIED_BEWAREN).click()

    # Saved and opened on the Kaart page: picker, wijk tooltips, table and sources are text.
    page.page.wait_for_url(re.compile(r"[?&]gemeente=eigen-[0-9a-f]{10}"), timeout=WAIT_MS)
    page.wait_for_map()
    [(code, saved_title)] = [(c, t) for c, t in list_areas(secure.areas) if t != GEHEIM_GEBIED]
    try:
        assert saved_title == XSS_TITEL
        expect(page.gemeente_box()).to_have_value(f"{XSS_TITEL} (eigen gebied)")
        expect(page.wijk_paths).to_have_count(2)
        page.center_map()
        tooltip = page.map.locator(".leaflet-tooltip")
        for index, name in enumerate(XSS_WIJKEN):
            page.wijk_paths.nth(index).hover()
            expect(tooltip.filter(has_text=name)).to_have_count(1)
        expect(page.map.locator(".leaflet-control-attribution")).to_contain_text(XSS_BESTAND)
        table = page.page.locator('[data-testid="stDataFrame"]').last
        for name in XSS_WIJKEN:
            expect(table.locator("td").filter(has_text=name)).to_have_count(1)
        page.idle()
        _assert_no_injected_elements(page)

        # Dekking of the area: the choropleth's tooltips; Eigen gebied: the list of areas.
        page.goto(f"/dekking?gemeente={code}")
        page.wait_for_map()
        page.center_map()
        page.map.locator("path.leaflet-interactive").first.hover()
        expect(page.map.locator(".leaflet-tooltip").filter(
            has_text=re.compile("|".join(re.escape(n) for n in XSS_WIJKEN)))).to_have_count(1)
        page.idle()
        _assert_no_injected_elements(page)
        page.goto("/gebied")
        _wait_title(page, texts.UI_GEBIED_TITEL)
        expect(page.page.get_by_text(XSS_TITEL, exact=True)).to_be_visible()
        _assert_no_injected_elements(page)
        assert page.dialogs == []
        page.assert_clean()
    finally:
        delete_area(secure.areas, code)

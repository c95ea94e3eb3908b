"""The view in the URL under AppTest: a link opens Dekking, Witte vlekken and Kaart with its metric,
filters, wijk and layers; invalid values get a Dutch warning and the default; the widgets write the
view back into the URL; "Kopieer link" holds exactly that view."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace

from streamlit.testing.v1 import AppTest

from geo import texts
from geo.categories import load_categories
from geo.coverage import wijk_coverage
from geo.preferences import load_coverage_settings
from geo.sharing import SHARE_PARAM, create_link
from geo.viewstate import share_url
from pages.ui import plain
from tests.pages.helpers import figures, map_script, run

MECHELEN = "12025"
WIJNEGEM = "11050"
BASE = "http://localhost:8501"


def open_link(app, page: str, params: dict, url_path: str) -> AppTest:
    """The app opened from a link to ``page`` with ``params``, as the browser reports its URL."""
    at = app({"gemeente": params.get("gemeente", MECHELEN)})
    at.query_params.clear()
    at.query_params.update(params)
    at.context["url"] = f"{BASE}/{url_path}".rstrip("/")
    return run(at.switch_page(page))


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def copied_link(at: AppTest) -> str:
    """The URL the "Kopieer link" button copies: the value of the link field beside it."""
    rows = [e for e in at.get("html") if e.proto.body.startswith('<div class="pk-link"')]
    assert len(rows) == 1, rows
    return html.unescape(re.search(r'<input [^>]*value="([^"]*)"', rows[0].proto.body).group(1))


def map_layers(at: AppTest) -> list[str]:
    """The overlay names of the map's layer control."""
    overlays = re.search(r"overlays :\s*\{(.*?)\}", map_script(at), re.S).group(1)
    return re.findall(r'"([^"]+)" :', overlays)


def legend_title(at: AppTest) -> str:
    for match in re.finditer(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', map_script(at)):
        found = re.search(r'<div class="pk-title">(.*?)</div>', json.loads(match.group(1)))
        if found:
            return found.group(1)
    raise AssertionError("no legend in the map")


def mechelen_wijk(boundaries, index: int = 2) -> tuple[str, str]:
    row = boundaries.wijk_table(MECHELEN).iloc[index]
    return row["wijk_code"], row["wijk_naam"]


def test_a_dekking_link_opens_with_its_metric_wijk_filters_and_layers(app, boundaries, open_db):
    code, name = mechelen_wijk(boundaries)
    params = {"gemeente": MECHELEN, "metriek": "partners", "wijk": code, "soorten": ["school", "jeugdbeweging"],
              "statussen": ["zet zich mee in", "communiceert mee"], "bereik": "true", "partners": "false"}

    at = open_link(app, "pages/dekking.py", params, "dekking")

    assert warnings(at) == []
    assert at.pills(key="metriek").value == "partners"
    assert at.selectbox(key=f"wijk-{MECHELEN}").value == code
    assert at.multiselect(key="filter_soorten").value == ["school", "jeugdbeweging"]
    assert at.multiselect(key="filter_statussen").value == ["zet zich mee in", "communiceert mee"]
    assert at.toggle(key="dekking_bereik").value is True and at.toggle(key="dekking_partners").value is False
    # ... and the page shows that view: legend, layers, wijk details, filtered coverage
    assert legend_title(at) == texts.UI_PARTNERS
    assert map_layers(at) == ["Dekking per wijk", "Bereik vertrouwde partners"]
    assert plain(name) in [h.value for h in at.subheader]
    store = open_db()
    chosen = replace(load_coverage_settings(store), categories=["school", "jeugdbeweging"],
                     statuses=["zet zich mee in", "communiceert mee"])
    expected = wijk_coverage(boundaries, MECHELEN, store.list_partners(), load_categories(), chosen)
    trusted = figures(at)[texts.UI_VERTROUWD]
    assert trusted == str(int(expected["vertrouwde_partners"].sum()))
    # The URL keeps the view, and the copied link is the same view on the same page.
    assert at.query_params == params
    assert copied_link(at) == share_url(BASE, "dekking", params)


def test_an_invalid_metric_gets_a_dutch_warning_and_the_default(app):
    at = open_link(app, "pages/dekking.py", {"gemeente": MECHELEN, "metriek": "xyz"}, "dekking")

    expected = texts.URL_WAARDE_ONGELDIG.format(parameter="metriek", waarde="xyz",
                                                toegestaan="gedekt_aandeel, vertrouwde_partners, partners")
    assert warnings(at) == [plain(expected)]
    assert at.pills(key="metriek").value == "gedekt_aandeel"
    assert legend_title(at) == texts.UI_METRIEK_AANDEEL
    assert "metriek" not in at.query_params
    assert copied_link(at) == f"{BASE}/dekking?gemeente={MECHELEN}"

    at = run(at)  # the warning was about the link; it does not come back on the next run
    assert warnings(at) == []


def test_every_invalid_parameter_warns_and_falls_back_without_an_exception(app, boundaries):
    antwerpen_wijk = boundaries.wijk_table("11002")["wijk_code"].iloc[0]
    params = {"gemeente": MECHELEN, "metriek": "inwoners_gedekt", "soorten": ["school", "ufo"],
              "statussen": "slaapt", "wijk": antwerpen_wijk, "bereik": "ja", "partners": "", "kleur": "rood"}

    at = open_link(app, "pages/dekking.py", params, "dekking")

    shown = warnings(at)
    assert len(shown) == 6, shown
    assert plain(texts.URL_PARAMETER_ONBEKEND.format(naam="kleur")) in shown
    assert plain(texts.URL_WIJK_ONGELDIG.format(waarde=antwerpen_wijk)) in shown
    assert any("metriek" in w and "inwoners\\_gedekt" in w for w in shown)  # no population uploaded
    assert any("soorten" in w and "ufo" in w for w in shown)
    assert any("statussen" in w and "slaapt" in w for w in shown)
    assert plain(texts.URL_SCHAKELAAR_ONGELDIG.format(parameter="bereik", waarde="ja", standaard="false")) in shown
    assert at.pills(key="metriek").value == "gedekt_aandeel"
    assert at.multiselect(key="filter_soorten").value == ["school"]
    assert at.multiselect(key="filter_statussen").value == []
    assert at.selectbox(key=f"wijk-{MECHELEN}").value is None
    assert at.toggle(key="dekking_bereik").value is False and at.toggle(key="dekking_partners").value is True
    assert {k: v for k, v in at.query_params.items()} == {"gemeente": MECHELEN, "soorten": "school", "kleur": "rood"}


def test_changing_the_view_rewrites_the_url_and_the_link(app, boundaries):
    code, _ = mechelen_wijk(boundaries, 5)
    at = open_link(app, "pages/dekking.py", {"gemeente": MECHELEN}, "dekking")
    assert at.query_params == {"gemeente": MECHELEN}
    assert copied_link(at) == f"{BASE}/dekking?gemeente={MECHELEN}"

    at = run(at.pills(key="metriek").set_value("vertrouwde_partners"))
    at = run(at.selectbox(key=f"wijk-{MECHELEN}").set_value(code))
    at = run(at.multiselect(key="filter_statussen").set_value(["gecontacteerd"]))
    at = run(at.toggle(key="dekking_bereik").set_value(True))

    expected = {"gemeente": MECHELEN, "metriek": "vertrouwde_partners", "statussen": "gecontacteerd", "wijk": code,
                "bereik": "true"}
    assert at.query_params == expected
    assert copied_link(at) == share_url(BASE, "dekking", expected)
    assert warnings(at) == []

    at = run(at.pills(key="metriek").set_value("gedekt_aandeel"))  # the default leaves the URL
    assert "metriek" not in at.query_params and at.query_params["wijk"] == code


def test_a_new_url_value_wins_over_the_widget(app):
    """The browser's back button or an edited address bar changes the URL under a running session."""
    at = open_link(app, "pages/dekking.py", {"gemeente": MECHELEN}, "dekking")
    at = run(at.pills(key="metriek").set_value("vertrouwde_partners"))

    at.query_params["metriek"] = "partners"
    at = run(at)
    assert at.pills(key="metriek").value == "partners"

    del at.query_params["metriek"]
    at = run(at)
    assert at.pills(key="metriek").value == "gedekt_aandeel"
    assert warnings(at) == []


def test_another_municipality_drops_the_wijk_without_a_warning(app, boundaries):
    code, _ = mechelen_wijk(boundaries)
    at = open_link(app, "pages/dekking.py", {"gemeente": MECHELEN, "wijk": code}, "dekking")
    assert at.selectbox(key=f"wijk-{MECHELEN}").value == code

    at = run(at.selectbox[0].set_value(WIJNEGEM))

    assert warnings(at) == []
    assert at.selectbox(key=f"wijk-{WIJNEGEM}").value is None
    assert at.query_params == {"gemeente": WIJNEGEM}


def test_a_share_session_puts_its_token_in_the_link(app, open_db):
    """A read-only share session (a real share link of the store) copies links that keep its token."""
    _, token = create_link(open_db(), MECHELEN, "test")
    params = {"gemeente": MECHELEN, "metriek": "partners", SHARE_PARAM: token}
    at = app({"gemeente": MECHELEN})
    at.session_state["deellink_token"] = token  # what the access control keeps for a share session
    at.query_params.clear()
    at.query_params.update(params)
    at.context["url"] = f"{BASE}/dekking"
    at = run(at.switch_page("pages/dekking.py"))

    assert warnings(at) == []
    assert copied_link(at) == share_url(BASE, "dekking", params)
    assert f"&deel={token}" in copied_link(at)


def test_witte_vlekken_link_keeps_its_filters(app):
    params = {"gemeente": MECHELEN, "soorten": ["buurt", "school"], "statussen": "zet zich mee in"}

    at = open_link(app, "pages/witte_vlekken.py", params, "witte_vlekken")

    assert warnings(at) == []
    assert at.multiselect(key="filter_soorten").value == ["buurt", "school"]
    assert at.multiselect(key="filter_statussen").value == ["zet zich mee in"]
    assert at.query_params == params
    assert copied_link(at) == share_url(BASE, "witte_vlekken", params)

    at = run(at.multiselect(key="filter_soorten").set_value([]))
    assert at.query_params == {"gemeente": MECHELEN, "statussen": "zet zich mee in"}


def test_kaart_link_switches_the_partner_layer(app):
    at = app({"gemeente": MECHELEN, "partners": "false"})

    assert warnings(at) == []
    assert at.toggle(key="kaart_partners").value is False
    assert map_layers(at) == ["Wijken"]
    assert copied_link(at) == f"/?gemeente={MECHELEN}&partners=false"  # no browser: no base URL

    at = run(at.toggle(key="kaart_partners").set_value(True))
    assert map_layers(at) == ["Wijken", "Partners"]
    assert at.query_params == {"gemeente": MECHELEN}

    at = app({"gemeente": MECHELEN, "partners": "nee"})
    assert warnings(at) == [plain(texts.URL_SCHAKELAAR_ONGELDIG.format(parameter="partners", waarde="nee",
                                                                       standaard="true"))]
    assert at.toggle(key="kaart_partners").value is True


def test_the_filters_go_along_to_the_other_coverage_page(app):
    at = open_link(app, "pages/dekking.py", {"gemeente": MECHELEN, "soorten": "school", "metriek": "partners"}, "dekking")
    at.query_params.clear()
    at.query_params["gemeente"] = MECHELEN  # the sidebar navigation drops the other parameters

    at = run(at.switch_page("pages/witte_vlekken.py"))

    assert warnings(at) == []
    assert at.multiselect(key="filter_soorten").value == ["school"]
    assert at.query_params == {"gemeente": MECHELEN, "soorten": "school"}

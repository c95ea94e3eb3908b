"""The view in the URL: every parameter checked against the page's real options (the categories of
``data/categorieen.json``, the partner statuses, Mechelen's wijk codes), defaults left out of a
link, and share links percent-encoded."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from geo import texts
from geo.categories import load_categories
from geo.partners import STATUSES
from geo.viewstate import (DEFAULTS, LAYERS, PARAMETERS, ViewOptions, app_base, encode_view, parse_view,
                           share_url)

MECHELEN = "12025"
METRICS = ["gedekt_aandeel", "vertrouwde_partners", "partners"]


@pytest.fixture(scope="module")
def mechelen_wijken(boundaries) -> list[str]:
    return list(boundaries.wijk_table(MECHELEN)["wijk_code"])


@pytest.fixture(scope="module")
def options(mechelen_wijken) -> ViewOptions:
    return ViewOptions(metrics=METRICS, categories=list(load_categories()), statuses=STATUSES,
                       wijken=mechelen_wijken, layers=LAYERS)


def test_a_valid_link_gives_its_values_and_no_warning(options, mechelen_wijken):
    wijk = mechelen_wijken[3]
    values, warnings = parse_view({"gemeente": MECHELEN, "metriek": "partners", "wijk": wijk,
                                   "soorten": ["school", "jeugdbeweging"], "statussen": "zet zich mee in",
                                   "bereik": "true", "partners": "False"}, options)

    assert warnings == []
    assert values == {"metriek": "partners", "soorten": ("school", "jeugdbeweging"),
                      "statussen": ("zet zich mee in",), "wijk": wijk, "bereik": True, "partners": False}


def test_an_empty_link_gives_the_defaults(options):
    values, warnings = parse_view({}, options)

    assert warnings == []
    assert values == {name: DEFAULTS[name] for name in ("metriek", "soorten", "statussen", "wijk", "bereik", "partners")}
    assert values["metriek"] == "gedekt_aandeel" and values["partners"] is True and values["bereik"] is False


def test_an_unknown_metric_warns_in_dutch_and_falls_back_to_the_default(options):
    values, warnings = parse_view({"metriek": "xyz"}, options)

    assert values["metriek"] == "gedekt_aandeel"
    assert warnings == [texts.URL_WAARDE_ONGELDIG.format(parameter="metriek", waarde="xyz",
                                                         toegestaan="gedekt_aandeel, vertrouwde_partners, partners")]
    assert "ongeldige waarde voor 'metriek': 'xyz'" in warnings[0]


def test_the_population_metric_is_only_valid_when_the_page_offers_it(options):
    without, warnings = parse_view({"metriek": "inwoners_gedekt"}, options)
    assert without["metriek"] == "gedekt_aandeel" and len(warnings) == 1

    offered = ViewOptions(metrics=METRICS + ["inwoners_gedekt"])
    with_population, warnings = parse_view({"metriek": "inwoners_gedekt"}, offered)
    assert with_population == {"metriek": "inwoners_gedekt"} and warnings == []


def test_lists_take_repeated_and_comma_separated_values_and_drop_unknown_ones(options):
    values, warnings = parse_view({"soorten": ["school,buurt", "ufo", "school"],
                                   "statussen": ["gecontacteerd", "slaapt"]}, options)

    assert values["soorten"] == ("school", "buurt")  # order kept, duplicate dropped
    assert values["statussen"] == ("gecontacteerd",)
    assert len(warnings) == 2
    assert "'soorten': ufo;" in warnings[0] and "natuur_milieu" in warnings[0]
    assert "'statussen': slaapt;" in warnings[1] and "zet zich mee in" in warnings[1]


def test_a_wijk_of_another_municipality_is_ignored_with_a_warning(options, boundaries):
    antwerpen_wijk = boundaries.wijk_table("11002")["wijk_code"].iloc[0]

    values, warnings = parse_view({"wijk": antwerpen_wijk}, options)

    assert values["wijk"] is None
    assert warnings == [texts.URL_WIJK_ONGELDIG.format(waarde=antwerpen_wijk)]
    assert "hoort niet bij deze gemeente" in warnings[0]


def test_a_layer_switch_takes_only_true_or_false(options):
    values, warnings = parse_view({"bereik": "ja", "partners": "TRUE"}, options)

    assert values["bereik"] is False and values["partners"] is True
    assert warnings == [texts.URL_SCHAKELAAR_ONGELDIG.format(parameter="bereik", waarde="ja", standaard="false")]


def test_unknown_parameter_names_are_reported_but_streamlits_own_are_not(options):
    values, warnings = parse_view({"kleur": "rood", "embed": "true", "deel": "abc", "gemeente": "Mechelen"}, options)

    assert warnings == [texts.URL_PARAMETER_ONBEKEND.format(naam="kleur")]
    assert values["metriek"] == "gedekt_aandeel"


def test_parameters_not_on_the_page_are_neither_checked_nor_returned():
    values, warnings = parse_view({"metriek": "xyz", "wijk": "nergens", "bereik": "misschien", "partners": "false"},
                                  ViewOptions(layers=["partners"]))

    assert values == {"partners": False}
    assert warnings == []


def test_empty_values_count_as_absent_and_long_values_are_shortened_in_the_warning(options):
    values, warnings = parse_view({"metriek": "", "wijk": " ", "soorten": []}, options)
    assert values["metriek"] == "gedekt_aandeel" and values["wijk"] is None and values["soorten"] == ()
    assert warnings == []

    _, warnings = parse_view({"metriek": "x" * 500}, options)
    assert len(warnings) == 1 and "x" * 500 not in warnings[0] and "…" in warnings[0]


def test_encoding_leaves_defaults_out_and_parses_back_to_the_same_view(options, mechelen_wijken):
    view = {"metriek": "vertrouwde_partners", "soorten": ["buurt", "school"], "statussen": [],
            "wijk": mechelen_wijken[0], "bereik": True, "partners": True}

    encoded = encode_view(view)

    assert encoded == {"metriek": "vertrouwde_partners", "soorten": ["buurt", "school"], "wijk": mechelen_wijken[0],
                       "bereik": "true"}
    values, warnings = parse_view(encoded, options)
    assert warnings == []
    assert values == {**view, "soorten": ("buurt", "school"), "statussen": ()}
    assert encode_view({name: DEFAULTS[name] for name in DEFAULTS}) == {}
    assert encode_view({"partners": False}) == {"partners": "false"}


def test_a_share_url_is_percent_encoded_and_lists_parameters_in_a_stable_order():
    url = share_url("http://localhost:8501/", "dekking",
                    {"wijk": "12025W01", "statussen": ["zet zich mee in", "communiceert mee"], "gemeente": "12025",
                     "deel": "t&k=1 #x", "metriek": "partners", "soorten": []})

    assert url == ("http://localhost:8501/dekking?gemeente=12025&metriek=partners"
                   "&statussen=zet+zich+mee+in&statussen=communiceert+mee&wijk=12025W01&deel=t%26k%3D1+%23x")
    parts = urlsplit(url)
    assert parse_qs(parts.query) == {"gemeente": ["12025"], "metriek": ["partners"], "wijk": ["12025W01"],
                                     "statussen": ["zet zich mee in", "communiceert mee"], "deel": ["t&k=1 #x"]}
    assert list(parse_qs(parts.query)) == [p for p in PARAMETERS if p in parse_qs(parts.query)]


def test_a_share_url_for_the_default_page_and_under_a_sub_path():
    assert share_url("http://localhost:8501", "", {"gemeente": "12025"}) == "http://localhost:8501/?gemeente=12025"
    assert share_url("https://example.org/partnerkaart", "witte_vlekken", {}) == \
        "https://example.org/partnerkaart/witte_vlekken"


def test_the_app_base_is_the_page_url_without_the_page_path():
    assert app_base("http://localhost:8501/dekking", "dekking") == "http://localhost:8501"
    assert app_base("https://example.org/partnerkaart/witte_vlekken/", "witte_vlekken") == \
        "https://example.org/partnerkaart"
    assert app_base("http://localhost:8501", "") == "http://localhost:8501"
    assert app_base("http://localhost:8501/dekking?metriek=x#top", "dekking") == "http://localhost:8501"
    assert app_base("", "dekking") == ""


def test_sinds_takes_an_iso_date_before_today_and_warns_about_anything_else():
    from datetime import date

    options = ViewOptions(since_before=date(2026, 12, 6))

    assert parse_view({"sinds": "2026-09-06"}, options) == ({"sinds": date(2026, 9, 6)}, [])
    assert parse_view({}, options) == ({"sinds": None}, [])
    for wrong in ("2026-12-06", "2027-01-01", "1999-12-31", "06/09/2026", "20260906", "gisteren"):
        values, warnings = parse_view({"sinds": wrong}, options)
        assert values == {"sinds": None} and warnings == [texts.URL_SINDS_ONGELDIG.format(waarde=wrong)], wrong
    assert encode_view({"sinds": date(2026, 9, 6)}) == {"sinds": "2026-09-06"} and encode_view({"sinds": None}) == {}
    assert "sinds" not in parse_view({"sinds": "2026-09-06"}, ViewOptions())[0]  # only Voortgang offers it

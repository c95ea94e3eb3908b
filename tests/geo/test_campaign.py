"""Joint actions in ``geo/campaign``: kinds as data, validation and placement, save and delete with
the rights and concurrency check, what a session sees, filters, wijken reached, and the CSV/XLSX
import (all or nothing, through the bounded reader) and export (formulas neutralised)."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest

from geo import texts
from geo.access import Access
from geo.campaign.actions import delete_action, form_values, save_action
from geo.campaign.kinds import load_action_kinds, match_kind
from geo.campaign.records import Action, ActionPartner, parse_partners, place_action, validate_action
from geo.campaign.table_io import ActionImportError, action_frame, export_bytes, import_actions, recognise_columns
from geo.campaign.views import coverage_with_actions, filter_actions, reached_wijken, visible_actions
from geo.partners import Partner
from geo.uploads.bounded import Budget
from geo.uploads.tables import TableError, TableLimits

MECHELEN_POINT = {"lat": "51,0282", "lon": "4,4777"}


def data(**changes) -> dict:
    return {"titel": "Infoavond", "soort": "infomoment", "datum": "2026-03-12", "gemeente_nis": "12025", **changes}


# -- kinds and validation ---------------------------------------------------------------------


def test_the_kinds_are_data_with_a_symbol_and_a_colour(tmp_path):
    kinds = load_action_kinds()
    assert list(kinds) == ["infomoment", "autodeelsalon", "stand", "artikel", "proefrit", "ander"]
    assert kinds["stand"].label == "Stand op markt of event" and kinds["stand"].symbool == "M"
    assert match_kind("stand op markt of event", kinds) == "stand" and match_kind("Nieuwsbrief", kinds) == "artikel"
    own = tmp_path / "soorten.json"
    own.write_text(json.dumps({"soorten": [{"code": "x", "label": "X", "symbool": "XYZ", "kleur": "#000000"}]}))
    with pytest.raises(ValueError, match="symbool"):
        load_action_kinds(own)


def test_validation_reads_dutch_dates_amounts_and_roles():
    _, errors = validate_action(data(partners=[("b", "vriend")]))
    assert errors == [texts.ACTIE_ROL_ONBEKEND.format(waarde="vriend", toegelaten="communiceert mee, organiseert mee")]
    action, errors = validate_action(data(soort="Proefritten", datum="9/5/2026", einddatum="10-05-2026",
                                          bedrag="€ 1.250,50", bereikt="40", bereikt_wijk="ja",
                                          partners=[("a", "communiceert mee"), ("a", "organiseert mee")]))
    assert errors == []
    assert (action.soort, action.datum, action.einddatum, action.bedrag, action.bereikt, action.bereikt_wijk) == (
        "proefrit", "2026-05-09", "2026-05-10", 1250.5, 40, True)
    assert action.partners == (ActionPartner("a", "organiseert mee"),)  # named twice: the larger role


@pytest.mark.parametrize("changes, message", [
    ({"titel": "  "}, texts.ACTIE_TITEL_VERPLICHT),
    ({"datum": ""}, texts.ACTIE_DATUM_VERPLICHT),
    ({"datum": "31/02/2026"}, texts.ACTIE_DATUM_ONGELDIG.format(veld="datum", waarde="31/02/2026")),
    ({"einddatum": "2026-03-01"}, texts.ACTIE_PERIODE_OMGEKEERD.format(van="2026-03-12", tot="2026-03-01")),
    ({"status": "misschien"}, texts.ACTIE_STATUS_ONBEKEND.format(waarde="misschien", toegelaten="gepland, gedaan, geannuleerd")),
    ({"bedrag": "-5"}, texts.ACTIE_BEDRAG_ONGELDIG.format(max=100_000_000)),
    ({"bereikt": "2,5"}, texts.ACTIE_AANTAL_ONGELDIG.format(veld="bereikt", max=10_000_000)),
    ({"titel": "a\x00b"}, texts.STUURTEKENS.format(veld="titel")),
    ({"lat": "51"}, texts.COORDINAAT_HALF),
])
def test_wrong_input_is_refused_with_a_dutch_reason(changes, message):
    action, errors = validate_action(data(**changes))
    assert action is None and message in errors


def test_placement_follows_the_point_else_the_wijk(boundaries):
    by_point, _ = validate_action(data(gemeente_nis="11002", **MECHELEN_POINT))
    placed, errors = place_action(by_point, boundaries)
    assert errors == [] and placed.gemeente_nis == "12025" and placed.wijk_code == boundaries.locate(4.4777, 51.0282)[1]
    wijk = boundaries.wijk_table("11050")["wijk_code"].iloc[0]
    by_wijk, _ = validate_action(data(wijk_code=wijk, bereikt_wijk=True))
    assert place_action(by_wijk, boundaries)[0].gemeente_nis == "11050"
    reaching_nothing, _ = validate_action(data(bereikt_wijk=True))
    assert place_action(reaching_nothing, boundaries) == (None, [texts.ACTIE_BEREIKT_ZONDER_WIJK])
    outside, _ = validate_action(data(lat="48,85", lon="2,35"))
    assert place_action(outside, boundaries)[0] is None


def test_parse_partners_reads_names_with_roles():
    assert parse_partners("Chiro (organiseert mee); KWB ;Scouts (vzw)") == [
        ("Chiro", "organiseert mee"), ("KWB", "communiceert mee"), ("Scouts (vzw)", "communiceert mee")]


# -- save and delete ---------------------------------------------------------------------------


def test_save_checks_rights_partners_and_the_version(sqlite_store, boundaries):
    store = sqlite_store
    chiro = store.add_partner(Partner("Chiro", "jeugdbeweging", gemeente_nis="12025"))
    organiser = Access("organisator", "an@example.be", frozenset({"11050"}))

    refused, errors = save_action(store, boundaries, data(**MECHELEN_POINT), door="an", may_edit=organiser.can_edit)
    assert refused is None and errors == [texts.ACTIE_GEEN_RECHTEN.format(gemeente="12025")]
    missing, errors = save_action(store, boundaries, data(partners=[("bestaat-niet", "organiseert mee")]))
    assert missing is None and errors == [texts.ACTIE_PARTNER_ONBEKEND.format(waarde="bestaat-niet")]
    assert store.action_list() == []

    stored, errors = save_action(store, boundaries, data(partners=[(chiro.id, "organiseert mee")], **MECHELEN_POINT),
                                 door="an")
    assert errors == [] and stored.versie == 1 and stored.wijk_code
    theirs, _ = save_action(store, boundaries, {**form_values(stored), "status": "gedaan"}, base=stored, door="bo")
    late, errors = save_action(store, boundaries, {**form_values(stored), "titel": "Later"}, base=stored, door="an")
    assert late is None and "bo" in errors[0] and "status: 'gepland' → 'gedaan'" in errors[0]
    assert store.action_get(stored.id) == theirs

    assert delete_action(store, stored.id, may_edit=organiser.can_edit) == [
        texts.ACTIE_GEEN_RECHTEN.format(gemeente="12025")]
    assert delete_action(store, stored.id, door="an") == [] and store.action_get(stored.id) is None
    assert delete_action(store, stored.id) == [texts.ACTIE_WEG]


# -- who sees what, filters, reached wijken -----------------------------------------------------


def test_a_share_link_sees_actions_without_private_fields_cancelled_ones_or_hidden_partners():
    trusted = Partner("Chiro", "jeugdbeweging", status="zet zich mee in", gemeente_nis="12025", id="p1")
    action = Action("Salon", "autodeelsalon", "2026-03-12", "12025", notities="geheim", financiering="Subsidie",
                    bedrag=10.0, partners=(ActionPartner("p1", "organiseert mee"), ActionPartner("p2")), id="a1")
    cancelled = replace(action, id="a2", status="geannuleerd")
    elsewhere = replace(action, id="a3", gemeente_nis="11050")

    shown = visible_actions(Access.reader("12025", "link"), [action, cancelled, elsewhere], [trusted])

    assert [a.id for a in shown] == ["a1"]
    assert (shown[0].notities, shown[0].financiering, shown[0].bedrag) == ("", "", None)
    assert shown[0].partners == (ActionPartner("p1", "organiseert mee"),)
    editor = Access("organisator", "an", frozenset({"12025"}))
    assert visible_actions(editor, [action, cancelled], []) == [action, cancelled]


def test_filters_and_the_wijken_reached():
    actions = [Action("A", "infomoment", "2026-03-12", "1", wijk_code="W1", bereikt_wijk=True, partners=(ActionPartner("p"),)),
               Action("B", "stand", "2026-05-01", "1", einddatum="2026-05-31", wijk_code="W2", bereikt_wijk=True,
                      status="geannuleerd"),
               Action("C", "stand", "2025-01-01", "1", wijk_code="W3", status="gedaan")]
    titles = lambda found: [a.titel for a in found]  # noqa: E731
    assert titles(filter_actions(actions, kinds=["stand"])) == ["B", "C"]
    assert titles(filter_actions(actions, states=["gedaan"])) == ["C"]
    assert titles(filter_actions(actions, start="2026-05-15", end="2026-06-01")) == ["B"]  # the period overlaps
    assert titles(filter_actions(actions, partner_id="p")) == ["A"]
    assert {code: titles(found) for code, found in reached_wijken(actions).items()} == {"W1": ["A"]}
    coverage = pd.DataFrame({"wijk_code": ["W1", "W2", "W3"], "witte_vlek": [False, True, True]})
    assert coverage_with_actions(coverage, actions)["actie_bereikt"].tolist() == [3, 0, 0]


# -- import and export -------------------------------------------------------------------------


def test_an_import_stores_all_rows_or_none(sqlite_store, boundaries):
    store = sqlite_store
    chiro = store.add_partner(Partner("Chiro Ter Elst", "jeugdbeweging", gemeente_nis="12025"))
    store.add_partner(Partner("Dubbel", "buurt", gemeente_nis="12025"))
    store.add_partner(Partner("Dubbel", "buurt", gemeente_nis="12025"))
    wrong = ("Title;Type;Date;Partenaires;Montant\n"
             "Infoavond;infomoment;2026-03-12;Chiro Ter Elst (organiseert mee);250\n"
             "Tweede;proefrit;2026-03-13;Dubbel;\n"
             "Derde;proefrit;gisteren;Onbekend;\n").encode("utf-8")
    before = store.dump_tables()

    with pytest.raises(ActionImportError) as refused:
        import_actions(store, boundaries, wrong, "acties.csv", "12025", door="an")

    message = str(refused.value)
    assert "2 rij(en)" in message and "Rij 3" in message and "Rij 4" in message and "Rij 2" not in message
    assert "Dubbel" in message and texts.ACTIE_DATUM_ONGELDIG.format(veld="datum", waarde="gisteren") in message
    assert store.dump_tables() == before
    good = wrong.split(b"\n")[0] + b"\n" + wrong.split(b"\n")[1] + b"\n"
    [added] = import_actions(store, boundaries, good, "acties.csv", "12025", door="an")
    assert added.partners == (ActionPartner(chiro.id, "organiseert mee"),) and added.bedrag == 250.0


def test_an_import_needs_the_required_columns_and_keeps_to_the_limits(sqlite_store, boundaries):
    with pytest.raises(ActionImportError, match="datum"):
        import_actions(sqlite_store, boundaries, b"titel;soort\nx;infomoment\n", "a.csv", "12025")
    big = ("titel;soort;datum\n" + "x;infomoment;2026-01-01\n" * 50).encode()
    with pytest.raises(TableError):
        import_actions(sqlite_store, boundaries, big, "a.csv", "12025", limits=TableLimits(max_rows=10))
    assert recognise_columns(["Titre", "Genre", "Date de fin", "Wijk code"]) == {"titel": 0, "soort": 1,
                                                                                "einddatum": 2, "wijk_code": 3}
    assert sqlite_store.action_list() == []


def test_an_xlsx_import_runs_in_the_upload_worker(sqlite_store, boundaries):
    book = openpyxl.Workbook()
    book.active.append(["titel", "soort", "datum", "lat", "lon"])
    book.active.append(["Stand", "Stand op markt of event", "2026-06-01", 51.0282, 4.4777])
    buffer = io.BytesIO()
    book.save(buffer)

    [added] = import_actions(sqlite_store, boundaries, buffer.getvalue(), "acties.xlsx", "11002",
                             budget=Budget(seconds=30, memory_mb=1024))

    assert (added.soort, added.gemeente_nis, added.lat) == ("stand", "12025", 51.0282)


def test_the_export_neutralises_formulas_and_hides_private_fields_when_asked():
    action = Action("=cmd|' /C calc'!A0", "infomoment", "2026-03-12", "12025", notities="@SUM(A1)", bedrag=5.0,
                    partners=(ActionPartner("p1", "organiseert mee"), ActionPartner("weg", "communiceert mee")))
    partners = {"p1": Partner("+Chiro", "jeugdbeweging", id="p1")}
    frame = action_frame([action], partners)
    assert frame.loc[0, "partners"] == "+Chiro (organiseert mee); weg (communiceert mee)"
    text = export_bytes(frame, "csv", ["Bron"]).decode("utf-8-sig")
    assert "'=cmd" in text and "'@SUM" in text and "'+Chiro" in text and text.rstrip().endswith("# Bronnen: Bron")
    sheet = openpyxl.load_workbook(io.BytesIO(export_bytes(frame, "xlsx"))).active
    assert {c.value for c in sheet[2]} >= {"'=cmd|' /C calc'!A0", "'@SUM(A1)"}
    public = action_frame([action], partners, include_private=False)
    assert not {"notities", "financiering", "bedrag"} & set(public.columns)
    with pytest.raises(ValueError):
        export_bytes(frame, "pdf")

"""A six-month campaign in Mechelen replayed through a real store: the funnel, coverage at each
date (as the partners stood then) and the "sinds" sentences."""

from __future__ import annotations

from datetime import date, datetime, timezone

import numpy as np
import pytest

from geo.campaign.dates import day_end, month_ends
from geo.campaign.history import active_at, funnel, versions
from geo.campaign.progress import coverage_series, progress_since
from geo.campaign.records import Action, ActionPartner
from geo.campaign.sentences import dutch_date, funnel_sentence, progress_sentences
from geo.coverage import wijk_coverage
from geo.partners import Partner
from geo.reach import CoverageSettings
from tests.geo.clock import set_clock

NIS = "12025"
SETTINGS = CoverageSettings()
# A point inside each wijk used (representative points of the shared boundaries).
PLACES = {"Leest": (51.02545, 4.40533), "Hombeek": (51.01204, 4.42152), "Muizen": (51.01081, 4.51677),
          "Centrum": (51.02635, 4.47663), "Walem": (51.06824, 4.4452)}


def partner(naam: str, categorie: str, place: str, status: str = "te contacteren") -> Partner:
    lat, lon = PLACES[place]
    return Partner(naam=naam, categorie=categorie, status=status, lat=lat, lon=lon, gemeente_nis=NIS,
                   wijk_code="", notities="privé")


def on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def campaign(store, boundaries, categories, monkeypatch):
    """Replay the campaign; returns the store and, per month end, the live coverage and partners then."""
    live = {}

    def snapshot(day: date) -> None:
        partners = store.list_partners(NIS)
        table = wijk_coverage(boundaries, NIS, partners, categories, SETTINGS)
        live[day] = (table, {p.status for p in partners}, partners)

    def write(day: date, change) -> None:
        set_clock(monkeypatch, on(day))
        change()

    found = {}
    write(date(2026, 3, 2), lambda: found.update({p.naam: p for p in store.add_partners([
        partner("Chiro Leest", "jeugdbeweging", "Leest"), partner("Basisschool Hombeek", "school", "Hombeek"),
        partner("Natuurpunt Muizen", "natuur_milieu", "Muizen", "communiceert mee"),
        partner("Buurtcomité Centrum", "buurt", "Centrum", "gecontacteerd")], door="an")}))
    snapshot(date(2026, 3, 31))

    def status(naam: str, value: str) -> None:
        found[naam] = store.update_partner(found[naam].with_changes(status=value), door="an")

    write(date(2026, 4, 10), lambda: (status("Chiro Leest", "gecontacteerd"), status("Basisschool Hombeek", "gecontacteerd")))
    write(date(2026, 4, 20), lambda: found.update({"Chiro Leest": store.update_partner(  # no status change
        found["Chiro Leest"].with_changes(notities="bellen na de zomer"), door="an")}))
    snapshot(date(2026, 4, 30))
    write(date(2026, 5, 15), lambda: status("Chiro Leest", "zet zich mee in"))
    snapshot(date(2026, 5, 31))
    write(date(2026, 6, 20), lambda: (status("Basisschool Hombeek", "communiceert mee"),
                                      status("Buurtcomité Centrum", "haakt af")))
    snapshot(date(2026, 6, 30))
    write(date(2026, 7, 5), lambda: found.update(walem=store.add_partner(
        partner("Repair Café Walem", "deelinitiatief", "Walem", "communiceert mee"), door="an")))
    snapshot(date(2026, 7, 31))
    write(date(2026, 8, 25), lambda: store.delete_partner(found["walem"].id, door="an"))
    snapshot(date(2026, 8, 31))

    chiro, school = found["Chiro Leest"].id, found["Basisschool Hombeek"].id
    for titel, datum, state, reached in (("Infoavond", "2026-05-20", "gedaan", 40),
                                         ("Autodeelsalon", "2026-06-01", "gedaan", 120),
                                         ("Stand op de markt", "2026-03-10", "gedaan", 15),
                                         ("Proefrit", "2026-09-10", "gepland", None)):
        store.action_add(Action(titel=titel, soort="infomoment", datum=datum, status=state, gemeente_nis=NIS,
                                bereikt=reached, partners=(ActionPartner(chiro, "organiseert mee"),
                                                           ActionPartner(school, "communiceert mee"))), door="an")
    return store, live


def test_the_funnel_at_each_month_end_is_the_partners_as_they_stood_then(campaign):
    store, live = campaign
    frame = versions(store.history_frame(NIS))

    here = (frame["gemeente_nis"] == NIS).to_numpy()
    counts = {day: funnel(frame, here & active_at(frame, day_end(day))) for day in live}

    for day, (_, _, partners) in live.items():
        assert counts[day] == {s: sum(p.status == s for p in partners) for s in counts[day]}, day
    assert counts[date(2026, 3, 31)] == {"te contacteren": 2, "gecontacteerd": 1, "communiceert mee": 1,
                                         "zet zich mee in": 0, "haakt af": 0}
    assert counts[date(2026, 8, 31)] == {"te contacteren": 0, "gecontacteerd": 0, "communiceert mee": 2,
                                         "zet zich mee in": 1, "haakt af": 1}
    assert counts[date(2026, 7, 31)]["communiceert mee"] == 3  # the repair café, removed in August


def test_coverage_at_each_date_equals_the_coverage_computed_then(campaign, boundaries, categories):
    store, live = campaign

    series = coverage_series(boundaries, NIS, store.history_frame(NIS), list(live), categories, SETTINGS)

    for row in series.itertuples():
        table = live[row.datum][0]
        assert row.witte_vlek_codes == tuple(table.loc[table["witte_vlek"], "wijk_code"]), row.datum
        expected = (table["gedekt_aandeel"] * table["oppervlakte_km2"]).sum() / table["oppervlakte_km2"].sum()
        assert row.gedekt_oppervlakte == pytest.approx(expected, abs=1e-9)
        assert row.witte_vlekken == int(table["witte_vlek"].sum())
    white = dict(zip(series["datum"], series["witte_vlek_codes"]))
    assert {"12025W05", "12025W06"} <= set(white[date(2026, 3, 31)])  # Hombeek and Leest: no trusted partner yet
    assert not {"12025W05", "12025W06"} & set(white[date(2026, 8, 31)])
    assert "12025W12" not in white[date(2026, 7, 31)] and "12025W12" in white[date(2026, 8, 31)]  # Walem lost its café


def test_progress_since_the_last_council_meeting_in_sentences(campaign, boundaries, categories):
    store, live = campaign
    march, august = live[date(2026, 3, 31)][0], live[date(2026, 8, 31)][0]

    progress = progress_since(boundaries, NIS, store.history_frame(NIS), store.action_list(NIS), date(2026, 3, 31),
                              date(2026, 8, 31), categories, SETTINGS, days=month_ends(date(2026, 3, 31), date(2026, 8, 31)))
    lines = progress_sentences(progress)

    gone = sorted(set(march.loc[march["witte_vlek"], "wijk_naam"]) - set(august.loc[august["witte_vlek"], "wijk_naam"]),
                  key=str.casefold)
    assert lines[0] == "2 nieuwe vertrouwde partners: Basisschool Hombeek, Chiro Leest."
    assert f"{len(gone)} witte vlekken minder: {', '.join(gone)}." in lines
    assert {"Hombeek (Mechelen)", "Leest (Mechelen)"} <= set(gone)
    assert "2 acties gedaan, samen 160 mensen bereikt." in lines  # not the March stand, not the planned test drive
    assert lines[-1] == ("Trechter nu: 0 te contacteren (−2), 0 gecontacteerd (−1), 2 communiceren mee (+1), "
                         "1 zet zich mee in (+1), 1 haakt af (+1).")
    assert list(progress.reeks["datum"]) == month_ends(date(2026, 3, 31), date(2026, 8, 31))
    assert progress.gedekt_nu > progress.gedekt_toen and not progress.op_inwoners


def test_a_partner_in_a_white_spot_who_drops_out_brings_the_white_spot_back(campaign, boundaries, categories,
                                                                            monkeypatch):
    store, _ = campaign
    chiro = next(p for p in store.list_partners(NIS) if p.naam == "Chiro Leest")
    set_clock(monkeypatch, on(date(2026, 9, 15)))
    store.update_partner(chiro.with_changes(status="haakt af"), door="an")

    progress = progress_since(boundaries, NIS, store.history_frame(NIS), [], date(2026, 8, 31), date(2026, 9, 30),
                              categories, SETTINGS)

    assert progress.niet_meer_vertrouwd == ("Chiro Leest",)
    assert "Leest (Mechelen)" in progress.witte_vlekken_nieuw
    assert "1 partner is niet langer vertrouwd: Chiro Leest." in progress_sentences(progress)


def test_inhabitants_weigh_the_covered_share_when_known(campaign, boundaries, categories):
    store, live = campaign
    codes = boundaries.wijken.loc[boundaries.wijken["gemeente_nis"] == NIS, "wijk_code"]
    population = __import__("pandas").DataFrame({"wijk_code": codes, "inwoners": np.where(codes == "12025W09", 9000, 1)})

    series = coverage_series(boundaries, NIS, store.history_frame(NIS), [date(2026, 3, 31)], categories, SETTINGS,
                             population)

    table = live[date(2026, 3, 31)][0].set_index("wijk_code")
    assert series["gedekt_inwoners"].iat[0] == pytest.approx(
        (table["gedekt_aandeel"] * population.set_index("wijk_code")["inwoners"]).sum() / population["inwoners"].sum())
    assert series["gedekt_inwoners"].iat[0] > 0.5  # Muizen, where nearly everyone lives here, is covered


def test_sentences_name_the_singular_and_shorten_long_lists():
    assert dutch_date(date(2026, 9, 6)) == "6 september 2026"
    assert funnel_sentence({"te contacteren": 1, "haakt af": 3}) == "Trechter nu: 1 te contacteren, 3 haken af."
    from geo.campaign.sentences import _counted
    from geo import texts

    names = [f"Partner {i}" for i in range(11)]
    assert _counted(texts.VOORTGANG_NIEUWE_PARTNERS, names) == (
        "11 nieuwe vertrouwde partners: " + ", ".join(names[:8]) + " en 3 andere.")
    assert _counted(texts.VOORTGANG_NIEUWE_PARTNERS, []) == "Geen nieuwe vertrouwde partners."


def test_an_own_area_counts_the_partners_located_inside_it(campaign):
    """An uploaded area (``eigen-…``) has no partners of its own code: those inside it are its own."""
    from types import SimpleNamespace

    import geopandas as gpd
    import shapely

    from geo.campaign.progress import members
    from geo.reach import to_lambert_xy

    store, _ = campaign
    x, y = to_lambert_xy(np.array([PLACES["Leest"][1]]), np.array([PLACES["Leest"][0]]))
    area = SimpleNamespace(wijken=gpd.GeoDataFrame({"wijk_code": ["eigen-test-001"], "gemeente_nis": ["eigen-test"]},
                                                   geometry=[shapely.box(x[0] - 500, y[0] - 500, x[0] + 500, y[0] + 500)],
                                                   crs=31370))
    frame = versions(store.history_frame(NIS))

    inside = members(frame, area, "eigen-test")

    assert set(frame.loc[inside, "naam"]) == {"Chiro Leest"}
    assert funnel(frame, inside & active_at(frame, day_end(date(2026, 8, 31))))["zet zich mee in"] == 1
    assert (members(frame, area, NIS) == (frame["gemeente_nis"] == NIS).to_numpy()).all()  # official: by its code


def test_a_share_link_counts_but_does_not_name_partners_it_may_not_see(campaign, boundaries, categories, monkeypatch):
    """Dropped-out partners are counted, not named; coverage counts what the link may see, as Dekking does."""
    from geo.access import Access, visible_partners

    store, _ = campaign
    chiro = next(p for p in store.list_partners(NIS) if p.naam == "Chiro Leest")
    set_clock(monkeypatch, on(date(2026, 9, 15)))
    store.update_partner(chiro.with_changes(status="haakt af"), door="an")
    reader = Access.reader(NIS, "deellink 1")
    wide = CoverageSettings(trusted_statuses=("gecontacteerd", "communiceert mee", "zet zich mee in"))
    history = store.history_frame(NIS)

    progress = progress_since(boundaries, NIS, history, [], date(2026, 8, 31), date(2026, 9, 30), categories, SETTINGS,
                              access=reader)
    assert progress.niet_meer_vertrouwd == () and progress.niet_meer_vertrouwd_aantal == 1
    assert "1 partner is niet langer vertrouwd." in progress_sentences(progress)
    assert not any("Chiro" in line for line in progress_sentences(progress))

    # A beheerder who counts "gecontacteerd" as trusted: the link still sees only those that agreed.
    april = progress_since(boundaries, NIS, history, [], date(2026, 3, 31), date(2026, 4, 30), categories, wide,
                           access=reader)
    assert "Basisschool Hombeek" not in " ".join(progress_sentences(april))
    then = [p for p in store.list_partners(NIS) if p.naam != "Repair Café Walem"]
    as_of_april = [p.with_changes(status={"Chiro Leest": "gecontacteerd", "Basisschool Hombeek": "gecontacteerd",
                                          "Buurtcomité Centrum": "gecontacteerd"}.get(p.naam, p.status)) for p in then]
    table = wijk_coverage(boundaries, NIS, visible_partners(reader, as_of_april), categories, wide)
    white = april.reeks.loc[april.reeks["datum"] == date(2026, 4, 30), "witte_vlek_codes"].iloc[0]
    assert white == tuple(table.loc[table["witte_vlek"], "wijk_code"])
    everyone = progress_since(boundaries, NIS, history, [], date(2026, 3, 31), date(2026, 4, 30), categories, wide)
    assert "Basisschool Hombeek" in everyone.nieuwe_vertrouwde  # the control: without the link it is named

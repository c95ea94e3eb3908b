"""A share link's session: read-only pages, no private fields, no hidden statuses, one municipality.

Everything the server sends for a page is in AppTest's element tree (the folium map's HTML
included, as a component argument); these tests search all of it, serialised.
"""

from __future__ import annotations

import pytest

from geo.access import PUBLIC_STATUSES
from geo.editing import save_partner
from geo.partners import PRIVATE_FIELDS

READ_ONLY_PAGES = ("pages/kaart.py", "pages/dekking.py", "pages/witte_vlekken.py", "pages/voortgang.py")


def sent(at) -> str:
    """Every element the script produced, serialised (what would go over the WebSocket)."""
    chunks, stack = [], [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "SerializeToString"):
            chunks.append(proto.SerializeToString().decode("utf-8", errors="replace"))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            stack.extend(children.values())
    return "\n".join(chunks)


@pytest.fixture
def private_partner(open_db, boundaries):
    """A Mechelen partner that agreed, with contact data, and one in the same wijk still being contacted."""
    store = open_db()
    agreed, errors = save_partner(store, boundaries, dict(
        naam="Fietsbieb Nekker", categorie="deelinitiatief", status="zet zich mee in", lat=51.0279, lon=4.4801,
        gemeente_nis="12025", contactpersoon="Griet Geheim", email="griet.geheim@example.be", telefoon="015 99 88 77",
        notities="Vertrouwelijk: alleen op dinsdag"))
    assert not errors, errors
    pending, errors = save_partner(store, boundaries, dict(
        naam="Nog Niet Akkoord vzw", categorie="jeugdbeweging", status="te contacteren", lat=51.0280, lon=4.4802,
        gemeente_nis="12025", email="nog.niet@example.be"))
    assert not errors, errors
    assert agreed.wijk_code == pending.wijk_code != ""
    return agreed, pending


@pytest.mark.parametrize("page", READ_ONLY_PAGES)
def test_private_fields_and_unagreed_partners_never_reach_a_reader(app, private_partner, page):
    agreed, pending = private_partner
    at = app({}, who="lezer:12025")
    at.switch_page(page).run()
    assert not at.exception, at.exception
    everything = sent(at)

    assert agreed.naam in everything or page == "pages/witte_vlekken.py"  # the agreed partner is public
    for field in PRIVATE_FIELDS:
        assert getattr(agreed, field) not in everything, field
    assert pending.naam not in everything
    assert not at.get("file_uploader") and not at.get("form")


def test_the_same_pages_show_private_data_to_the_organiser(app, private_partner):
    """The control: the search above finds these values when they are sent."""
    agreed, pending = private_partner
    at = app({"gemeente": "12025"}, who="organisator:12025")
    at.switch_page("pages/partners.py").run()
    everything = sent(at)
    assert agreed.email in everything and pending.naam in everything


def test_an_organiser_sees_another_municipality_like_the_public(app, private_partner):
    agreed, pending = private_partner
    at = app({"gemeente": "12025"}, who="organisator:11050")
    at.switch_page("pages/partners.py").run()
    everything = sent(at)
    assert agreed.naam in everything and agreed.email not in everything and pending.naam not in everything
    assert "nieuw" not in [b.key for b in at.button]


def test_a_reader_sees_only_agreed_statuses_in_the_wijk_table(app, private_partner):
    agreed, pending = private_partner
    at = app({"wijk": agreed.wijk_code}, who="lezer:12025")
    at.switch_page("pages/dekking.py").run()
    tables = [frame.value for frame in at.dataframe if "Status" in frame.value.columns]
    assert tables and agreed.naam in set(tables[0].iloc[:, 0])
    assert set(tables[0]["Status"]) <= set(PUBLIC_STATUSES)

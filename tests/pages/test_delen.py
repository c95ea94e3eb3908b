"""The Delen page: making a read-only share link, listing it, revoking it; who may use the page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from geo import texts
from geo.sharing import SHARE_PARAM, ShareLinkError, check_token
from tests.pages.helpers import labelled, run, shown

MAKE = "FormSubmitter:deellink_maken-" + texts.UI_DELEN_MAKEN
ME = "beheerder-alles@example.be"  # the account the ``app`` fixture logs in with (conftest.log_in)


def delen(app, who: str = "beheerder", gemeente: str = "12025") -> AppTest:
    at = app({"gemeente": gemeente}, who=who)
    return run(at.switch_page("pages/delen.py"))


def links_table(at: AppTest):
    tables = [d.value for d in at.dataframe if texts.UI_DELEN_DOOR in d.value.columns]
    assert len(tables) == 1
    return tables[0]


def make_link(at: AppTest, description: str = "mobiliteitsraad maart") -> tuple[AppTest, str]:
    """Make a link with ``description``; returns the app and the URL shown."""
    labelled(at.text_input, texts.UI_DELEN_OMSCHRIJVING).input(description)
    at = run(at.button(key=MAKE).click())
    assert shown(at.success) == [texts.UI_DELEN_GEMAAKT]
    assert len(at.code) == 1
    return at, at.code[0].value


def test_a_new_link_is_shown_once_and_gives_read_only_access_to_its_municipality(app, open_db):
    at = delen(app)
    assert shown(at.info) == [texts.UI_DELEN_GEEN]

    at, url = make_link(at)

    assert url.startswith("http://localhost:8501/?")  # PARTNERKAART_BASIS_URL when the browser address is unknown
    query = parse_qs(urlsplit(url).query)
    assert query["gemeente"] == ["12025"]
    token = query[SHARE_PARAM][0]
    link = check_token(open_db(), token, "12025")
    assert link.gemeente_nis == "12025" and link.aangemaakt_door == ME
    assert link.omschrijving == "mobiliteitsraad maart"
    assert link.verloopt == (date.today() + timedelta(days=90)).isoformat()
    with pytest.raises(ShareLinkError):
        check_token(open_db(), token, "11050")  # not for another municipality
    assert token not in str(links_table(at).to_numpy())  # the list never shows the token
    # shown once: the next run no longer shows the address
    at = run(at)
    assert not at.code


def test_the_list_shows_the_link_as_actief_and_revoking_ends_it(app, open_db):
    at, url = make_link(delen(app))
    token = parse_qs(urlsplit(url).query)[SHARE_PARAM][0]
    link = check_token(open_db(), token)

    table = links_table(at)
    row = table[table[texts.UI_KOLOM_NR] == link.id].iloc[0]
    assert row[texts.UI_KOLOM_STATUS] == "actief"
    assert row[texts.UI_DELEN_OMSCHRIJVING] == "mobiliteitsraad maart"
    assert row[texts.UI_DELEN_DOOR] == ME

    at = run(labelled(at.selectbox, texts.UI_DELEN_INTREKKEN_KIES).set_value(link.id))
    at = run(labelled(at.button, texts.UI_DELEN_INTREKKEN).click())

    with pytest.raises(ShareLinkError, match=re.escape(texts.DEELLINK_INGETROKKEN)):
        check_token(open_db(), token)
    table = links_table(at)
    assert table[table[texts.UI_KOLOM_NR] == link.id].iloc[0][texts.UI_KOLOM_STATUS] == "ingetrokken"
    assert texts.UI_DELEN_INTREKKEN_KIES not in [s.label for s in at.selectbox]  # nothing active left to revoke


def test_a_link_without_end_date(app, open_db):
    at = delen(app)
    labelled(at.toggle, texts.UI_DELEN_MET_EINDDATUM).set_value(False)

    at, url = make_link(at, "zonder einde")

    link = check_token(open_db(), parse_qs(urlsplit(url).query)[SHARE_PARAM][0])
    assert link.verloopt is None
    assert links_table(at).iloc[0][texts.UI_DELEN_EINDDATUM] == "-"


def test_a_reader_does_not_get_the_page(app, open_db):
    at = app({"gemeente": "12025"}, who="lezer:12025")

    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/delen.py")  # the navigation of a share link has no Delen page
    at._page_hash = calc_hash("delen")  # asking for its URL (/delen) as a browser can
    at = run(at)
    assert [t.value for t in at.title] == [texts.UI_KAART_TITEL]  # the default page instead
    assert MAKE not in [b.key for b in at.button] and not at.code
    assert texts.UI_DELEN_INTREKKEN not in [b.label for b in at.button]
    assert [link.aangemaakt_door for link in open_db().share_list()] == ["test"]  # only the reader's own link


def test_an_organiser_of_another_municipality_cannot_make_links_for_it(app, open_db):
    at = delen(app, who="organisator:11050", gemeente="12025")

    assert shown(at.error) == [texts.UI_GEEN_RECHTEN]
    assert MAKE not in [b.key for b in at.button]
    assert not open_db().share_list()


def test_an_organiser_makes_links_for_their_own_municipality(app, open_db):
    at, url = make_link(delen(app, who="organisator:11050", gemeente="11050"))

    link = check_token(open_db(), parse_qs(urlsplit(url).query)[SHARE_PARAM][0], "11050")
    assert link.aangemaakt_door == "organisator-11050@example.be"

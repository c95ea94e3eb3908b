"""The Beheer page: accounts (add, role, password, remove), who may open it, backup and restore."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from geo import texts
from geo.access import Access
from geo.accounts import MIN_PASSWORD, add_user, password_matches, resume_session, start_session
from geo.backup import backup_gpkg, restore_gpkg
from geo.store import open_store
from pages.ui import ACCESS_KEY
from tests.pages.helpers import RecordingMediaStorage, record_media, run, shown  # noqa: F401 (fixture)

PAGE = "pages/beheer.py"
ME = "beheerder-alles@example.be"  # the account the ``app`` fixture logs in with (conftest.log_in)
NEW_PASSWORD = "een-heel-nieuw-wachtwoord"
GPKG = "application/geopackage+sqlite3"
BEHEER_KEYS = {"nieuw_email", "nieuw_wachtwoord", "nieuw_wachtwoord_herhaal", "beheer_account", "backup_maken",
               "herstel_bestand", "herstel_knop", "account_toevoegen_knop"}


pytestmark = pytest.mark.usefixtures("record_media")


def beheer(app, who: str = "beheerder") -> AppTest:
    at = app({"gemeente": "12025"}, who=who)
    return run(visit(at, PAGE))


def visit(at: AppTest, page: str) -> AppTest:
    """Open ``page`` by its URL (``/beheer``), as a browser does, also when the navigation hides it.

    ``AppTest.switch_page`` refuses a page the navigation does not list; a browser can still
    ask for its URL, so the request is made with the page hash that URL stands for.
    """
    try:
        return at.switch_page(page)
    except ValueError:
        return by_url(at, page)


def by_url(at: AppTest, page: str) -> AppTest:
    at._page_hash = calc_hash(Path(page).stem)  # what st.Page(page) is registered under: its URL path
    return at


def accounts_table(at: AppTest):
    tables = [d.value for d in at.dataframe if texts.UI_BEHEER_KOLOM_ROL in d.value.columns]
    assert len(tables) == 1
    return tables[0]


def keys(at: AppTest) -> set[str]:
    widgets = [*at.text_input, *at.button, *at.selectbox, *at.multiselect, *at.checkbox, *at.get("file_uploader")]
    return {w.key for w in widgets if w.key}


def protos(node):
    """Every element of the page (recursively), as its protobuf text."""
    if getattr(node, "proto", None) is not None:
        yield str(node.proto)
    for child in getattr(node, "children", {}).values():
        yield from protos(child)


def add_account(at: AppTest, email: str, password: str, again: str | None = None, naam: str = "An Peeters",
                rol: str = "organisator", gemeenten=("12025",)) -> AppTest:
    at.text_input(key="nieuw_email").input(email)
    at.text_input(key="nieuw_naam").input(naam)
    at.selectbox(key="nieuw_rol").set_value(rol)
    at.multiselect(key="nieuw_gemeenten").set_value(list(gemeenten))
    at.text_input(key="nieuw_wachtwoord").input(password)
    at.text_input(key="nieuw_wachtwoord_herhaal").input(password if again is None else again)
    return run(at.button(key="account_toevoegen_knop").click())


def choose(at: AppTest, email: str) -> AppTest:
    return run(at.selectbox(key="beheer_account").set_value(email))


def downloads(at: AppTest) -> dict[str, tuple[str | None, bytes]]:
    """key → (file name, bytes) the download buttons serve."""
    storage = RecordingMediaStorage.made[-1]
    files = {}
    for button in at.get("download_button"):
        stored = storage.get_file(button.proto.url.rsplit("/", 1)[1])
        files[button.key] = (stored.filename, stored.content)
    return files


def backup_with_partners(tmp_path: Path, partners) -> bytes:
    """A backup of another store (an SQLite file of this test) holding ``partners``."""
    other = open_store(str(tmp_path / "andere.sqlite"))
    try:
        other.add_partners(partners, door="elders@example.be")
        add_user(other, "elders@example.be", "Elders", "een-lang-wachtwoord", "organisator", ["11050"])
        return backup_gpkg(other, "test")
    finally:
        other.close()


# -- accounts ---------------------------------------------------------------------------


def test_a_beheerder_adds_an_organiser_account_with_a_hashed_password(app, open_db):
    at = beheer(app)
    assert list(accounts_table(at)[texts.UI_EMAIL]) == [ME]
    password = "een-lang-wachtwoord-voor-an"

    at = add_account(at, "An@Example.be ", password, gemeenten=("12025", "11050"))

    assert not at.error
    user = open_db().user_get("an@example.be")
    assert user is not None and user.rol == "organisator" and user.naam == "An Peeters"
    assert set(user.gemeenten) == {"12025", "11050"}
    assert user.wachtwoord.startswith("$argon2id$") and password not in user.wachtwoord
    assert password_matches(user.wachtwoord, password)
    assert shown(at.success) == [texts.UI_BEHEER_TOEGEVOEGD.format(email="an@example.be", rol="organisator")]
    table = accounts_table(at)
    assert list(table[texts.UI_EMAIL]) == ["an@example.be", ME]
    row = table[table[texts.UI_EMAIL] == "an@example.be"].iloc[0]
    assert row[texts.UI_BEHEER_KOLOM_GEMEENTEN] == "Mechelen (12025), Wijnegem (11050)"
    assert row[texts.UI_BEHEER_KOLOM_AANGEMAAKT] == user.aangemaakt
    assert table[table[texts.UI_EMAIL] == ME].iloc[0][texts.UI_BEHEER_KOLOM_GEMEENTEN] == texts.UI_BEHEER_ALLE_GEMEENTEN


def test_no_element_of_the_page_holds_a_password_hash(app, open_db):
    add_user(open_db(), "an@example.be", "An", "een-lang-wachtwoord", "organisator", ["12025"])
    at = choose(beheer(app), "an@example.be")

    assert open_db().user_get("an@example.be").wachtwoord.startswith("$argon2")
    table = accounts_table(at)
    assert len(table) == 2
    assert not any("argon2" in str(value) for value in table.to_numpy().ravel())
    elements = list(protos(at._tree))
    assert len(elements) > 20
    assert not any("$argon2" in element for element in elements)


@pytest.mark.parametrize("password, again, message", [
    ("te-kort", None, texts.WACHTWOORD_TE_KORT.format(minimum=MIN_PASSWORD)),
    ("een-lang-wachtwoord", "een-ander-wachtwoord", texts.WACHTWOORDEN_VERSCHILLEN),
])
def test_a_bad_password_is_refused_in_dutch_and_creates_nothing(app, open_db, password, again, message):
    at = add_account(beheer(app), "an@example.be", password, again)

    assert shown(at.error) == [message]
    assert open_db().user_get("an@example.be") is None
    assert list(accounts_table(at)[texts.UI_EMAIL]) == [ME]


@pytest.mark.parametrize("email, rol, gemeenten, message", [
    ("geen-adres", "organisator", ("12025",), texts.ACCOUNT_EMAIL_ONGELDIG.format(email="geen-adres")),
    ("an@example.be", "organisator", (), texts.ORGANISATOR_ZONDER_GEMEENTE),
    (ME, "beheerder", (), texts.GEBRUIKER_BESTAAT.format(email=ME)),
])
def test_bad_account_details_are_refused_in_dutch(app, open_db, email, rol, gemeenten, message):
    at = add_account(beheer(app), email, "een-lang-wachtwoord", rol=rol, gemeenten=gemeenten)

    assert shown(at.error) == [message]
    assert [u.email for u in open_db().user_list()] == [ME]


def test_changing_role_and_municipalities(app, open_db):
    add_user(open_db(), "an@example.be", "An", "een-lang-wachtwoord", "organisator", ["12025"])
    at = choose(beheer(app), "an@example.be")
    user = open_db().user_get("an@example.be")
    assert at.selectbox(key=f"rol_{user.id}").value == "organisator"
    assert at.multiselect(key=f"gemeenten_{user.id}").value == ["12025"]

    at.multiselect(key=f"gemeenten_{user.id}").set_value(["11050"])
    at = run(at.button(key="rol_bewaren").click())

    assert not at.error
    assert open_db().user_get("an@example.be").gemeenten == ("11050",)
    table = accounts_table(at).set_index(texts.UI_EMAIL)
    assert table.loc["an@example.be", texts.UI_BEHEER_KOLOM_GEMEENTEN] == "Wijnegem (11050)"

    at.selectbox(key=f"rol_{user.id}").set_value("beheerder")
    at = run(at.button(key="rol_bewaren").click())

    changed = open_db().user_get("an@example.be")
    assert changed.rol == "beheerder" and changed.gemeenten == ()
    assert shown(at.success) == [texts.UI_BEHEER_ROL_GEWIJZIGD.format(email="an@example.be", rol="beheerder",
                                                                     gemeenten="")]


def test_a_beheerder_cannot_change_their_own_role(app, open_db):
    at = beheer(app)
    me = open_db().user_get(ME)
    at = choose(at, ME)

    at.selectbox(key=f"rol_{me.id}").set_value("organisator")
    at.multiselect(key=f"gemeenten_{me.id}").set_value(["12025"])
    at = run(at.button(key="rol_bewaren").click())

    assert shown(at.error) == [texts.UI_BEHEER_EIGEN_ROL]
    assert open_db().user_get(ME).rol == "beheerder"


def test_setting_a_new_password_replaces_the_hash_and_ends_the_sessions(app, open_db):
    old = "een-lang-oud-wachtwoord"
    user = add_user(open_db(), "an@example.be", "An", old, "organisator", ["12025"])
    session = start_session(open_db(), user, hours=1)
    at = choose(beheer(app), "an@example.be")

    at.text_input(key="wachtwoord_nieuw").input(NEW_PASSWORD)
    at.text_input(key="wachtwoord_herhaal").input(NEW_PASSWORD)
    at = run(at.button(key="wachtwoord_bewaren").click())

    assert not at.error
    stored = open_db().user_get("an@example.be").wachtwoord
    assert stored.startswith("$argon2id$") and NEW_PASSWORD not in stored
    assert password_matches(stored, NEW_PASSWORD) and not password_matches(stored, old)
    assert resume_session(open_db(), session, idle_minutes=60) is None
    assert shown(at.success) == [texts.UI_BEHEER_WACHTWOORD_GEWIJZIGD.format(email="an@example.be")]


def test_a_too_short_new_password_is_refused_and_the_old_one_stays(app, open_db):
    old = "een-lang-oud-wachtwoord"
    add_user(open_db(), "an@example.be", "An", old, "organisator", ["12025"])
    at = choose(beheer(app), "an@example.be")

    at.text_input(key="wachtwoord_nieuw").input("kort")
    at.text_input(key="wachtwoord_herhaal").input("kort")
    at = run(at.button(key="wachtwoord_bewaren").click())

    assert shown(at.error) == [texts.WACHTWOORD_TE_KORT.format(minimum=MIN_PASSWORD)]
    assert password_matches(open_db().user_get("an@example.be").wachtwoord, old)


def test_removing_an_account_needs_the_confirmation(app, open_db):
    add_user(open_db(), "an@example.be", "An", "een-lang-wachtwoord", "organisator", ["12025"])
    at = choose(beheer(app), "an@example.be")

    at = run(at.button(key="verwijder_account").click())
    assert shown(at.error) == [texts.UI_BEHEER_VERWIJDEREN_NIET_BEVESTIGD]
    assert open_db().user_get("an@example.be") is not None

    at.checkbox(key="verwijder_bevestig").check()
    at = run(at.button(key="verwijder_account").click())

    assert open_db().user_get("an@example.be") is None
    assert shown(at.success) == [texts.UI_BEHEER_VERWIJDERD.format(email="an@example.be")]
    assert list(accounts_table(at)[texts.UI_EMAIL]) == [ME]
    assert at.selectbox(key="beheer_account").value is None


def test_a_beheerder_cannot_remove_their_own_account(app, open_db):
    at = choose(beheer(app), ME)

    at.checkbox(key="verwijder_bevestig").check()
    at = run(at.button(key="verwijder_account").click())

    assert shown(at.error) == [texts.UI_BEHEER_EIGEN_ACCOUNT]
    assert open_db().user_get(ME) is not None
    assert list(accounts_table(at)[texts.UI_EMAIL]) == [ME]


# -- who may open the page --------------------------------------------------------------


@pytest.mark.parametrize("who", ["organisator:12025", "lezer:12025"])
def test_an_organiser_or_a_reader_cannot_open_beheer(app, open_db, who):
    add_user(open_db(), "an@example.be", "An", "een-lang-wachtwoord", "organisator", ["12025"])
    at = beheer(app, who)

    assert [t.value for t in at.title] == [texts.UI_KAART_TITEL]  # the default page instead
    assert not keys(at) & BEHEER_KEYS
    assert not [t for t in at.text_input if t.proto.type == t.proto.PASSWORD]
    assert not [d for d in at.dataframe if texts.UI_BEHEER_KOLOM_ROL in d.value.columns]
    assert not any("an@example.be" in element for element in protos(at._tree))


def test_a_beheerder_opens_beheer_by_its_url(app):
    """The URL visit of the test above reaches the page when the navigation lists it."""
    at = run(by_url(app({"gemeente": "12025"}), PAGE))

    assert [t.value for t in at.title] == [texts.UI_BEHEER_TITEL]
    assert BEHEER_KEYS <= keys(at) | {"beheer_account"}


def test_the_page_itself_refuses_an_organiser(db_url):
    """The second lock: even run outside the navigation, the page stops for a non-beheerder."""
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / PAGE), default_timeout=60)
    at.session_state[ACCESS_KEY] = Access(rol="organisator", wie="an@example.be", gemeenten=frozenset({"12025"}))
    at = run(at)

    assert [e.value for e in at.error] == [texts.UI_GEEN_RECHTEN]
    assert not keys(at) & BEHEER_KEYS
    assert not at.dataframe


# -- backup and restore -----------------------------------------------------------------


def test_the_backup_is_made_on_request_and_restores_into_a_fresh_store(app, open_db, tmp_path):
    at = beheer(app)
    assert not at.get("download_button")  # nothing is built before "Backup maken"
    partners = open_db().list_partners()
    assert partners  # the demo set

    at = run(at.button(key="backup_maken").click())

    name, data = downloads(at)["backup_download"]
    assert any(f": {len(partners)} partner(s)." in c.value for c in at.caption)
    assert name == f"partnerkaart-backup-{date.today().isoformat()}.gpkg"
    assert data.startswith(b"SQLite format 3\x00")
    fresh = open_store(str(tmp_path / "vers.sqlite"))
    try:
        counts = restore_gpkg(fresh, data, door="test")
        assert counts["partner"] == len(partners) and counts["gebruiker"] == 1
        assert sorted(p.id for p in fresh.list_partners()) == sorted(p.id for p in partners)
        assert fresh.user_get(ME).wachtwoord == open_db().user_get(ME).wachtwoord
    finally:
        fresh.close()
    # the backup stays offered on the next run without being built again
    at = run(at.checkbox(key="herstel_bevestig").check())
    assert downloads(at)["backup_download"][1] == data


def test_a_backup_is_restored_into_the_empty_store_through_the_upload(app, open_db, monkeypatch, tmp_path, demo):
    monkeypatch.setenv("PARTNERKAART_DEMO", "nee")
    data = backup_with_partners(tmp_path, demo)
    at = beheer(app)
    assert open_db().count_partners() == 0

    at.file_uploader(key="herstel_bestand").set_value([("b.gpkg", data, GPKG)])
    at = run(at.button(key="herstel_knop").click())
    assert shown(at.error) == [texts.UI_BEHEER_HERSTEL_NIET_BEVESTIGD]
    assert open_db().count_partners() == 0

    at.checkbox(key="herstel_bevestig").check()
    at = run(at.button(key="herstel_knop").click())

    assert not at.error
    db = open_db()
    assert db.count_partners() == len(demo)
    assert db.user_get("elders@example.be") is not None
    message = shown(at.success)[0]
    assert message.startswith(texts.UI_BEHEER_HERSTELD)
    assert f"partners: {len(demo)}" in message and "accounts: 1" in message
    restored = db.audit_list(actie="hersteld uit backup")
    assert [e.gebruiker for e in restored] == [ME]
    assert list(accounts_table(at)[texts.UI_EMAIL]) == [ME, "elders@example.be"]  # the table is up to date
    assert at.checkbox(key="herstel_bevestig").value is False  # a second click needs a new confirmation


def test_a_restore_into_a_store_with_data_is_refused_in_dutch(app, open_db, tmp_path, demo):
    data = backup_with_partners(tmp_path, demo[:3])
    at = beheer(app)
    open_db().add_partner(demo[0].with_changes(naam="Echte partner", demo=False), door="an@example.be")
    before = open_db().count_partners()
    assert before == len(demo) + 1  # the demo set (which a restore may replace) and one real partner

    at.file_uploader(key="herstel_bestand").set_value([("b.gpkg", data, GPKG)])
    at.checkbox(key="herstel_bevestig").check()
    at = run(at.button(key="herstel_knop").click())

    assert shown(at.error) == [texts.HERSTEL_NIET_LEEG]
    assert open_db().count_partners() == before
    assert open_db().user_get("elders@example.be") is None


def test_a_file_that_is_no_backup_is_refused_in_dutch(app, open_db, monkeypatch):
    monkeypatch.setenv("PARTNERKAART_DEMO", "nee")
    at = beheer(app)

    at.file_uploader(key="herstel_bestand").set_value([("b.gpkg", b"geen geopackage" * 10, GPKG)])
    at.checkbox(key="herstel_bevestig").check()
    at = run(at.button(key="herstel_knop").click())

    assert len(at.error) == 1 and "Er is niets gewijzigd" in shown(at.error)[0]
    assert open_db().count_partners() == 0 and not open_db().audit_list()

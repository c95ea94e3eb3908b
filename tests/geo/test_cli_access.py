"""``python -m geo gebruiker …`` and ``python -m geo deellink …`` as an administrator runs them.

A real subprocess in the repository with this test's store, as the ``cli`` fixture does;
passwords go in on stdin (``--wachtwoord-stdin``), as a script would pass them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.parse
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from geo import texts
from geo.accounts import AccountError, authenticate, resume_session, start_session
from geo.setup_link import check_setup_token
from geo.sharing import ShareLinkError, check_token
from geo.store import open_store
from tests.conftest import NO_POPULATION_URL

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct paard batterij"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def geo_cli(cli, tmp_path, SHARED_GEBIEDEN, boundary_cache):
    """``geo_cli.run(*args, stdin="")``: the ``cli`` fixture's command and settings, with input on stdin."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERKAART_")}
    env.update({
        "PARTNERKAART_GEBIEDEN": str(SHARED_GEBIEDEN),
        "PARTNERKAART_CACHE": str(boundary_cache),
        "PARTNERKAART_DB": str(cli.db),
        "PARTNERKAART_GEOCODER": "none",
        "PARTNERKAART_DEMO": "nee",
        "PARTNERKAART_TEGELS": "none",
        "PARTNERKAART_INSTELLINGEN": str(tmp_path / "bestaat-niet.toml"),
        "PARTNERKAART_BEVOLKING_URL": NO_POPULATION_URL,
    })

    def run(*args: str, stdin: str = "", **settings: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO_ROOT, env={**env, **settings},
                              input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=120)

    def store():
        return open_store(str(cli.db))

    return SimpleNamespace(run=run, db=cli.db, store=store)


def add(geo_cli, email="an@example.be", rol="organisator", *gemeenten, password=PASSWORD):
    args = ["gebruiker", "toevoegen", "--email", email, "--naam", "An Peeters", "--rol", rol, "--wachtwoord-stdin"]
    for gemeente in gemeenten:
        args += ["--gemeente", gemeente]
    return geo_cli.run(*args, stdin=password + "\n")


def users(geo_cli) -> list:
    store = geo_cli.store()
    try:
        return store.user_list()
    finally:
        store.close()


def refused(done: subprocess.CompletedProcess, message: str) -> bool:
    return done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


# -- gebruiker ----------------------------------------------------------------------------------


def test_controle_on_an_empty_store_explains_how_to_make_the_first_beheerder(geo_cli):
    done = geo_cli.run("controle")

    assert done.returncode == 0, done.stderr
    assert texts.CLI_EERSTE_BEHEERDER in done.stdout

    assert add(geo_cli, "chef@example.be", "beheerder").returncode == 0
    again = geo_cli.run("controle")
    assert again.returncode == 0, again.stderr
    assert texts.CLI_EERSTE_BEHEERDER not in again.stdout


def test_opzetlink_prints_a_working_setup_link_only_while_there_is_no_account(geo_cli):
    done = geo_cli.run("opzetlink", "--basis-url", "https://partnerkaart.voorbeeld.be")

    assert done.returncode == 0, done.stderr
    [token] = re.findall(r"https://partnerkaart\.voorbeeld\.be/\?opzet=([A-Za-z0-9_-]{43})", done.stdout)
    store = geo_cli.store()
    try:
        check_setup_token(store, token)  # valid in the store the app uses
    finally:
        store.close()
    assert add(geo_cli, "chef@example.be", "beheerder").returncode == 0
    assert refused(geo_cli.run("opzetlink"), texts.CLI_OPZET_NIET_NODIG)


def test_gebruiker_toevoegen_makes_an_account_that_can_log_in(geo_cli):
    done = add(geo_cli, "An@Example.be", "organisator", "Mechelen", "11050")

    assert done.returncode == 0, done.stderr
    assert texts.CLI_GEBRUIKER_TOEGEVOEGD.format(email="an@example.be", rol="organisator",
                                                 gemeenten="12025, 11050") in done.stdout
    assert PASSWORD not in done.stdout + done.stderr
    [user] = users(geo_cli)
    assert (user.email, user.rol, user.gemeenten) == ("an@example.be", "organisator", ("12025", "11050"))
    assert user.wachtwoord.startswith("$argon2id$") and PASSWORD not in user.wachtwoord
    store = geo_cli.store()
    try:
        assert authenticate(store, "an@example.be", PASSWORD, now=NOW).id == user.id
    finally:
        store.close()


def test_a_beheerder_gets_every_municipality(geo_cli):
    done = add(geo_cli, "chef@example.be", "beheerder")

    assert done.returncode == 0, done.stderr
    assert texts.CLI_GEBRUIKER_TOEGEVOEGD.format(email="chef@example.be", rol="beheerder",
                                                 gemeenten=texts.CLI_ALLE_GEMEENTEN) in done.stdout
    assert [(u.rol, u.gemeenten) for u in users(geo_cli)] == [("beheerder", ())]


def test_gebruiker_toevoegen_with_an_unknown_municipality_exits_2(geo_cli):
    done = add(geo_cli, "an@example.be", "organisator", "Atlantis")

    assert refused(done, texts.CLI_GEMEENTE_ONBEKEND.format(waarde="Atlantis"))
    assert users(geo_cli) == []


@pytest.mark.parametrize("gemeenten, password, message", [
    ((), PASSWORD, texts.ORGANISATOR_ZONDER_GEMEENTE),
    (("Mechelen",), "te kort", texts.WACHTWOORD_TE_KORT.format(minimum=12)),
    (("Mechelen",), "", texts.WACHTWOORD_TE_KORT.format(minimum=12)),
])
def test_gebruiker_toevoegen_refuses_bad_input_in_dutch(geo_cli, gemeenten, password, message):
    done = add(geo_cli, "an@example.be", "organisator", *gemeenten, password=password)

    assert refused(done, message)
    assert users(geo_cli) == []


def test_an_address_can_be_used_once(geo_cli):
    assert add(geo_cli, "an@example.be", "beheerder").returncode == 0

    done = add(geo_cli, "AN@example.be", "beheerder")

    assert refused(done, texts.GEBRUIKER_BESTAAT.format(email="an@example.be"))
    assert len(users(geo_cli)) == 1


def test_gebruiker_lijst_never_prints_hashes_or_passwords(geo_cli):
    empty = geo_cli.run("gebruiker", "lijst")
    assert empty.returncode == 0 and texts.CLI_GEEN_GEBRUIKERS in empty.stdout
    add(geo_cli, "chef@example.be", "beheerder")
    add(geo_cli, "an@example.be", "organisator", "12025")

    done = geo_cli.run("gebruiker", "lijst")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split("\t")[:3] for line in lines] == [["an@example.be", "organisator", "12025"],
                                                       ["chef@example.be", "beheerder", "*"]]
    assert "argon2" not in done.stdout and "$" not in done.stdout and PASSWORD not in done.stdout
    assert all(u.wachtwoord not in done.stdout for u in users(geo_cli))


def test_gebruiker_wachtwoord_sets_a_new_password_and_ends_sessions(geo_cli):
    add(geo_cli, "an@example.be", "organisator", "12025")
    store = geo_cli.store()
    try:
        token = start_session(store, store.user_get("an@example.be"), hours=12, now=NOW)
    finally:
        store.close()

    done = geo_cli.run("gebruiker", "wachtwoord", "--email", "AN@example.be", "--wachtwoord-stdin",
                       stdin="een heel nieuw wachtwoord\n")

    assert done.returncode == 0, done.stderr
    assert texts.CLI_WACHTWOORD_GEWIJZIGD.format(email="an@example.be") in done.stdout
    store = geo_cli.store()
    try:
        assert resume_session(store, token, 120, now=NOW + timedelta(minutes=1)) is None
        with pytest.raises(AccountError):
            authenticate(store, "an@example.be", PASSWORD, now=NOW)
        assert authenticate(store, "an@example.be", "een heel nieuw wachtwoord", now=NOW).email == "an@example.be"
    finally:
        store.close()


def test_gebruiker_wachtwoord_for_an_unknown_address_exits_2(geo_cli):
    done = geo_cli.run("gebruiker", "wachtwoord", "--email", "niemand@example.be", "--wachtwoord-stdin",
                       stdin=PASSWORD + "\n")

    assert refused(done, texts.GEBRUIKER_ONBEKEND.format(email="niemand@example.be"))


def test_gebruiker_verwijderen(geo_cli):
    add(geo_cli, "an@example.be", "organisator", "12025")
    add(geo_cli, "chef@example.be", "beheerder")

    done = geo_cli.run("gebruiker", "verwijderen", "--email", "An@example.be")

    assert done.returncode == 0, done.stderr
    assert texts.CLI_GEBRUIKER_VERWIJDERD.format(email="an@example.be") in done.stdout
    assert [u.email for u in users(geo_cli)] == ["chef@example.be"]
    again = geo_cli.run("gebruiker", "verwijderen", "--email", "an@example.be")
    assert refused(again, texts.GEBRUIKER_ONBEKEND.format(email="an@example.be"))


# -- deellink -----------------------------------------------------------------------------------


def make_link(geo_cli, *extra: str, **settings: str) -> subprocess.CompletedProcess:
    return geo_cli.run("deellink", "maken", "--gemeente", "Mechelen", *extra, **settings)


def token_of(url: str) -> str:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["gemeente"] == ["12025"]
    return query["deel"][0]


def test_deellink_maken_prints_a_url_whose_token_works(geo_cli):
    end = date.today() + timedelta(days=30)

    done = make_link(geo_cli, "--verloopt", end.isoformat(), "--basis-url", "https://kaart.example.org/partnerkaart/",
                     "--omschrijving", "mobiliteitsraad maart")

    assert done.returncode == 0, done.stderr
    [url] = done.stdout.splitlines()
    assert url.startswith("https://kaart.example.org/partnerkaart/?")
    token = token_of(url)
    store = geo_cli.store()
    try:
        link = check_token(store, token, "12025")
        assert (link.verloopt, link.omschrijving, link.aangemaakt_door) == (end.isoformat(), "mobiliteitsraad maart",
                                                                           "opdrachtregel")
        assert token not in json.dumps(store.dump_tables(), default=str)
    finally:
        store.close()
    assert texts.CLI_DEELLINK_GEMAAKT.format(id=link.id, verloopt=end.isoformat()) in done.stderr


def test_deellink_maken_uses_the_basis_url_setting(geo_cli):
    done = make_link(geo_cli, PARTNERKAART_BASIS_URL="https://raad.example.be")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("https://raad.example.be/?gemeente=12025&deel=")
    assert texts.CLI_DEELLINK_GEMAAKT.format(id=1, verloopt=texts.CLI_NOOIT) in done.stderr


def test_deellink_intrekken_stops_the_link(geo_cli):
    token = token_of(make_link(geo_cli).stdout.strip())
    store = geo_cli.store()
    try:
        [link] = store.share_list()
    finally:
        store.close()

    done = geo_cli.run("deellink", "intrekken", str(link.id))

    assert done.returncode == 0, done.stderr
    assert texts.CLI_DEELLINK_INGETROKKEN.format(id=link.id, gemeente="12025") in done.stdout
    store = geo_cli.store()
    try:
        with pytest.raises(ShareLinkError) as stopped:
            check_token(store, token, "12025")
        assert str(stopped.value) == texts.DEELLINK_INGETROKKEN
    finally:
        store.close()
    assert refused(geo_cli.run("deellink", "intrekken", "4242"), texts.DEELLINK_ONBEKEND.format(id=4242))


def test_deellink_lijst_shows_states_but_no_tokens(geo_cli):
    assert texts.CLI_GEEN_DEELLINKS in geo_cli.run("deellink", "lijst").stdout
    tokens = [token_of(make_link(geo_cli, "--omschrijving", f"raad {i}").stdout.strip()) for i in (1, 2)]
    assert geo_cli.run("deellink", "maken", "--gemeente", "11050").returncode == 0
    geo_cli.run("deellink", "intrekken", "1")

    done = geo_cli.run("deellink", "lijst")
    mechelen = geo_cli.run("deellink", "lijst", "--gemeente", "Mechelen")

    assert done.returncode == 0 and mechelen.returncode == 0, done.stderr + mechelen.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert [(r[0], r[1], r[2], r[6]) for r in rows] == [("3", "11050", "actief", ""),
                                                        ("2", "12025", "actief", "raad 2"),
                                                        ("1", "12025", "ingetrokken", "raad 1")]
    assert [line.split("\t")[0] for line in mechelen.stdout.splitlines()] == ["2", "1"]
    store = geo_cli.store()
    try:
        hashes = [link.token_hash for link in store.share_list()]
    finally:
        store.close()
    assert all(secret not in done.stdout for secret in tokens + hashes)


@pytest.mark.parametrize("extra, message", [
    (("--verloopt", "30/06/2027"), texts.DEELLINK_DATUM_ONGELDIG.format(waarde="30/06/2027")),
    (("--verloopt", "2020-01-01"), texts.DEELLINK_VERLOOPT_IN_VERLEDEN.format(datum="2020-01-01")),
    (("--basis-url", "kaart.example.org"), texts.CLI_BASIS_URL_ONGELDIG.format(waarde="kaart.example.org")),
])
def test_deellink_maken_refuses_bad_input_and_stores_nothing(geo_cli, extra, message):
    done = make_link(geo_cli, *extra)

    assert refused(done, message)
    assert done.stdout == ""
    if geo_cli.db.exists():
        store = geo_cli.store()
        try:
            assert store.share_list() == []
        finally:
            store.close()


def test_deellink_maken_for_an_unknown_municipality_exits_2(geo_cli):
    done = geo_cli.run("deellink", "maken", "--gemeente", "Atlantis")

    assert refused(done, texts.CLI_GEMEENTE_ONBEKEND.format(waarde="Atlantis"))
    assert done.stdout == ""

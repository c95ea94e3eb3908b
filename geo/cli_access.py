"""Command-line management of accounts and share links (part of ``python -m geo``).

- ``gebruiker toevoegen --email E --naam N --rol beheerder|organisator [--gemeente G …]``
- ``gebruiker wachtwoord --email E``, ``gebruiker verwijderen --email E``, ``gebruiker lijst``
- ``deellink maken --gemeente G [--verloopt JJJJ-MM-DD] [--basis-url URL] [--omschrijving T]``
- ``deellink lijst [--gemeente G]``, ``deellink intrekken ID``

Passwords are asked twice without echo (``getpass``); scripts can pipe one line on stdin
with ``--wachtwoord-stdin``. There is no default password anywhere.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from geo import texts
from geo.accounts import AccountError, add_user, remove_user, set_password
from geo.config import load_settings
from geo.sharing import create_link, link_state, link_url, parse_expiry, revoke_link
from geo.store import open_store


def register(commands) -> None:
    """Add the ``gebruiker`` and ``deellink`` commands to the ``python -m geo`` parser."""
    user = commands.add_parser("gebruiker", help="accounts van organisatoren en beheerders")
    actions = user.add_subparsers(required=True, metavar="actie")
    add = actions.add_parser("toevoegen", help="een account aanmaken")
    add.add_argument("--email", required=True)
    add.add_argument("--naam", default="")
    add.add_argument("--rol", required=True, choices=("beheerder", "organisator"))
    add.add_argument("--gemeente", action="append", default=[], help="NIS-code of naam (herhaalbaar; voor organisatoren)")
    add.add_argument("--wachtwoord-stdin", action="store_true", help="lees het wachtwoord van stdin")
    add.set_defaults(handler=user_add_command)
    password = actions.add_parser("wachtwoord", help="een nieuw wachtwoord instellen (sessies stoppen)")
    password.add_argument("--email", required=True)
    password.add_argument("--wachtwoord-stdin", action="store_true")
    password.set_defaults(handler=user_password_command)
    remove = actions.add_parser("verwijderen", help="een account verwijderen")
    remove.add_argument("--email", required=True)
    remove.set_defaults(handler=user_remove_command)
    listing = actions.add_parser("lijst", help="alle accounts")
    listing.set_defaults(handler=user_list_command)

    link = commands.add_parser("deellink", help="alleen-lezen links voor de mobiliteitsraad")
    actions = link.add_subparsers(required=True, metavar="actie")
    make = actions.add_parser("maken", help="een deellink maken en tonen")
    make.add_argument("--gemeente", required=True, help="NIS-code of naam")
    make.add_argument("--verloopt", help="laatste geldige dag, JJJJ-MM-DD")
    make.add_argument("--basis-url", help="adres van de app (standaard: instelling basis_url)")
    make.add_argument("--omschrijving", default="", help="bv. 'mobiliteitsraad maart'")
    make.add_argument("--door", default="opdrachtregel", help="naam in de lijst van deellinks")
    make.set_defaults(handler=link_make_command)
    listing = actions.add_parser("lijst", help="alle deellinks met hun status")
    listing.add_argument("--gemeente", help="alleen deze gemeente (NIS-code of naam)")
    listing.set_defaults(handler=link_list_command)
    revoke = actions.add_parser("intrekken", help="een deellink meteen laten stoppen")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(handler=link_revoke_command)


def user_add_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    codes = [_gemeente(settings, g) for g in args.gemeente]
    password = _password(args.wachtwoord_stdin)
    with _store(settings) as store:
        user = add_user(store, args.email, args.naam, password, args.rol, codes)
    print(texts.CLI_GEBRUIKER_TOEGEVOEGD.format(email=user.email, rol=user.rol,
                                                gemeenten=", ".join(user.gemeenten) or texts.CLI_ALLE_GEMEENTEN))
    return 0


def user_password_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    with _store(settings) as store:
        if store.user_get(args.email.strip().lower()) is None:
            raise AccountError(texts.GEBRUIKER_ONBEKEND.format(email=args.email))
        user = set_password(store, args.email, _password(args.wachtwoord_stdin))
    print(texts.CLI_WACHTWOORD_GEWIJZIGD.format(email=user.email))
    return 0


def user_remove_command(args: argparse.Namespace) -> int:
    with _store(load_settings()) as store:
        remove_user(store, args.email)
    print(texts.CLI_GEBRUIKER_VERWIJDERD.format(email=args.email.strip().lower()))
    return 0


def user_list_command(args: argparse.Namespace) -> int:
    with _store(load_settings()) as store:
        users = store.user_list()
    if not users:
        print(texts.CLI_GEEN_GEBRUIKERS)
    for user in users:
        print(f"{user.email}\t{user.rol}\t{','.join(user.gemeenten) or '*'}\t{user.naam}")
    return 0


def link_make_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    nis = _gemeente(settings, args.gemeente)
    base = (args.basis_url or settings.basis_url).rstrip("/")
    if not base.lower().startswith(("http://", "https://")):
        raise ValueError(texts.CLI_BASIS_URL_ONGELDIG.format(waarde=base))
    with _store(settings) as store:
        link, token = create_link(store, nis, args.door, parse_expiry(args.verloopt), args.omschrijving)
    print(link_url(base, nis, token))
    print(texts.CLI_DEELLINK_GEMAAKT.format(id=link.id, verloopt=link.verloopt or texts.CLI_NOOIT), file=sys.stderr)
    return 0


def link_list_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    codes = [_gemeente(settings, args.gemeente)] if args.gemeente else None
    with _store(settings) as store:
        links = store.share_list(codes)
    if not links:
        print(texts.CLI_GEEN_DEELLINKS)
    for link in links:
        print(f"{link.id}\t{link.gemeente_nis}\t{link_state(link)}\t{link.verloopt or '-'}\t{link.aangemaakt}\t"
              f"{link.aangemaakt_door}\t{link.omschrijving}")
    return 0


def link_revoke_command(args: argparse.Namespace) -> int:
    with _store(load_settings()) as store:
        link = revoke_link(store, args.id)
    print(texts.CLI_DEELLINK_INGETROKKEN.format(id=link.id, gemeente=link.gemeente_nis))
    return 0


class _store:
    """``with _store(settings) as store``: open the configured store and close it again."""

    def __init__(self, settings):
        self.store = open_store(settings.db)

    def __enter__(self):
        return self.store

    def __exit__(self, *exc) -> None:
        self.store.close()


def _gemeente(settings, value: str) -> str:
    """The NIS code of a municipality given by code or name (checked against the boundaries)."""
    from geo.boundaries import load_boundaries

    nis = load_boundaries(settings).find_gemeente(value)
    if nis is None:
        raise ValueError(texts.CLI_GEMEENTE_ONBEKEND.format(waarde=value))
    return nis


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(texts.CLI_WACHTWOORD_VRAAG)
    if getpass.getpass(texts.CLI_WACHTWOORD_HERHAAL) != first:
        raise AccountError(texts.WACHTWOORDEN_VERSCHILLEN)
    return first

"""The one-time setup link: how the first beheerder is made in the browser.

While the store has no account, every start of the app (``python -m geo start``, which
``make run`` uses) prints a link ``<base>/?opzet=<token>``, as Jupyter and Jenkins do. The
token holds 256 random bits; the store keeps only its SHA-256 hash. A link works for
:data:`VALID_HOURS` hours and only until the first beheerder exists: the account is made
in the same transaction that uses up every setup link, so a second beheerder can never be
made this way. ``python -m geo opzetlink`` prints a fresh link without a restart.

>>> link = issue_setup_link(store, "http://localhost:8501")     # doctest: +SKIP
>>> link.split("?")[1][:6]                                        # doctest: +SKIP
'opzet='
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from geo import texts
from geo.accounts import AccountError, check_password, hash_password, new_token, normalise_email, token_hash
from geo.store.records import UserRecord

SETUP_PARAM = "opzet"
VALID_HOURS = 24
MAX_TOKEN = 128  # a real token is 43 characters; anything much longer is not worth hashing


class SetupLinkError(AccountError):
    """A setup link or its form was refused; the message is Dutch and meant for the user."""


def issue_setup_link(store, base_url: str, now: datetime | None = None) -> str | None:
    """A new setup link for ``base_url`` while the store has no account, else None."""
    if store.user_count() > 0:
        return None
    now = now or datetime.now(timezone.utc)
    token = new_token()
    store.setup_token_add(token_hash(token), _stamp(now), _stamp(now + timedelta(hours=VALID_HOURS)))
    return f"{base_url.rstrip('/')}/?{SETUP_PARAM}={token}"


def check_setup_token(store, token: str, now: datetime | None = None) -> None:
    """Raise :class:`SetupLinkError` (why, in Dutch) unless ``token`` may make the first beheerder now."""
    if store.user_count() > 0:
        raise SetupLinkError(texts.OPZET_AL_GEBRUIKT)
    expiry = store.setup_token_expiry(token_hash(token)) if token and len(token) <= MAX_TOKEN else None
    if expiry is None:
        raise SetupLinkError(texts.OPZET_ONGELDIG)
    if datetime.fromisoformat(expiry) <= (now or datetime.now(timezone.utc)):
        raise SetupLinkError(texts.OPZET_VERLOPEN.format(uren=VALID_HOURS))


def create_first_admin(store, token: str, naam: str, email: str, password: str, password_again: str,
                       gemeente_nis: str = "", now: datetime | None = None) -> UserRecord:
    """Make the first beheerder through a setup link, with the same password rules as the CLI.

    ``gemeente_nis`` becomes the municipality the account opens by default. Raises
    :class:`geo.accounts.AccountError` (e.g. :class:`SetupLinkError`) or, when another
    browser used the link a moment earlier, :class:`geo.store.StoreError`; the message is
    Dutch and nothing is written.
    """
    now = now or datetime.now(timezone.utc)
    check_setup_token(store, token, now)
    address = normalise_email(email)
    if password != password_again:
        raise AccountError(texts.WACHTWOORDEN_VERSCHILLEN)
    check_password(password)
    user = UserRecord(email=address, naam=(naam or "").strip() or address, wachtwoord=hash_password(password),
                      rol="beheerder", standaard_gemeente=gemeente_nis)
    return store.first_admin_add(token_hash(token), _stamp(now), user)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")

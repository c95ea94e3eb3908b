"""Organiser accounts: password hashes, roles, login with throttling, login sessions.

Passwords are hashed with Argon2id (``argon2-cffi``); the store never sees a password.
After :data:`FREE_FAILURES` failed logins in a row for an e-mail address, every next try
must wait longer (doubling, at most :data:`MAX_WAIT_S`). A login gives a random session
token; the store keeps only its SHA-256 hash, with an absolute expiry and an idle limit.

The pages and ``python -m geo gebruiker …`` call these functions.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta, timezone
from typing import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geo import texts
from geo.store.errors import NotFoundError
from geo.store.records import SessionRecord, UserRecord

ROLES = ("beheerder", "organisator")
MIN_PASSWORD = 12
MAX_PASSWORD = 256
FREE_FAILURES = 5
FIRST_WAIT_S = 2
MAX_WAIT_S = 15 * 60
TOUCH_EVERY_S = 60  # a session's "last seen" is written at most once a minute
SESSION_COOKIE = "partnerkaart_sessie"  # the browser cookie that carries a login's session token
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
_NIS = re.compile(r"^[0-9]{5}$")
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("geen-account-maar-even-traag")


class AccountError(ValueError):
    """Bad account input or a refused login; the message is Dutch and meant for the user."""


class LoginThrottled(AccountError):
    """Too many failed logins: try again after ``wait_s`` seconds."""

    def __init__(self, message: str, wait_s: int):
        super().__init__(message)
        self.wait_s = wait_s


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (after checking its length)."""
    check_password(password)
    return _HASHER.hash(password)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(texts.WACHTWOORD_TE_KORT.format(minimum=MIN_PASSWORD))
    if len(password) > MAX_PASSWORD:
        raise AccountError(texts.WACHTWOORD_TE_LANG.format(maximum=MAX_PASSWORD))


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    """``email`` trimmed and lower-cased; :class:`AccountError` when it is not an address."""
    cleaned = (email or "").strip().lower()
    if not _EMAIL.match(cleaned) or len(cleaned) > 254:
        raise AccountError(texts.ACCOUNT_EMAIL_ONGELDIG.format(email=email))
    return cleaned


def add_user(store, email: str, naam: str, password: str, rol: str, gemeenten: Iterable[str] = (),
             known_gemeenten: Iterable[str] | None = None) -> UserRecord:
    """Create an account; an ``organisator`` needs at least one municipality (NIS code)."""
    codes = _check_role(rol, gemeenten, known_gemeenten)
    email = normalise_email(email)
    return store.user_add(UserRecord(email=email, naam=(naam or "").strip() or email,
                                     wachtwoord=hash_password(password), rol=rol, gemeenten=codes))


def change_user(store, email: str, rol: str, gemeenten: Iterable[str] = (),
                known_gemeenten: Iterable[str] | None = None) -> UserRecord:
    codes = _check_role(rol, gemeenten, known_gemeenten)
    return store.user_update(normalise_email(email), rol=rol, gemeenten=codes)


def set_password(store, email: str, password: str) -> UserRecord:
    """Give an account a new password; its open sessions end."""
    return store.user_update(normalise_email(email), wachtwoord=hash_password(password))


def remove_user(store, email: str) -> None:
    store.user_delete(normalise_email(email))


def authenticate(store, email: str, password: str, now: datetime | None = None) -> UserRecord:
    """The account when ``password`` is right; otherwise :class:`AccountError` (Dutch).

    The message never tells whether the address exists. When the address had too many
    failures, :class:`LoginThrottled` says how long to wait, and the password is not even
    checked.
    """
    now = now or datetime.now(timezone.utc)
    try:
        key = normalise_email(email)
    except AccountError:
        raise AccountError(texts.LOGIN_MISLUKT) from None
    wait = throttle_wait(store, key, now)
    if wait > 0:
        raise LoginThrottled(texts.LOGIN_TE_VEEL.format(seconden=wait), wait)
    user = store.user_get(key)
    if user is None:
        password_matches(_DUMMY_HASH, password or "")  # the same time as for a real account
        ok = False
    else:
        ok = password_matches(user.wachtwoord, password or "")
    if not ok:
        store.login_failed(key, now.isoformat(timespec="seconds"))
        raise AccountError(texts.LOGIN_MISLUKT)
    store.login_succeeded(key)
    if _HASHER.check_needs_rehash(user.wachtwoord):
        store.user_update(key, keep_sessions=True, wachtwoord=_HASHER.hash(password))
    return user


def throttle_wait(store, key: str, now: datetime) -> int:
    """Seconds to wait before the next login for ``key`` may be tried (0: go ahead)."""
    failures, last = store.login_failures(key)
    if failures < FREE_FAILURES or last is None:
        return 0
    delay = min(FIRST_WAIT_S * 2 ** (failures - FREE_FAILURES), MAX_WAIT_S)
    remaining = (datetime.fromisoformat(last) + timedelta(seconds=delay) - now).total_seconds()
    return max(0, int(remaining + 0.999))


def token_hash(token: str) -> str:
    """How a session or share-link token is stored: its SHA-256 (tokens are 256 random bits)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def start_session(store, user: UserRecord, hours: float, now: datetime | None = None) -> str:
    """Open a login session for ``user``; returns the token for the browser."""
    now = now or datetime.now(timezone.utc)
    token = new_token()
    stamp = now.isoformat(timespec="seconds")
    store.session_add(SessionRecord(token_hash(token), user.id, stamp,
                                    (now + timedelta(hours=hours)).isoformat(timespec="seconds"), stamp))
    return token


def resume_session(store, token: str, idle_minutes: float, now: datetime | None = None) -> UserRecord | None:
    """The account of a live session, or None when it is unknown, expired or idle too long."""
    if not token or len(token) > 128:
        return None
    now = now or datetime.now(timezone.utc)
    hashed = token_hash(token)
    session = store.session_get(hashed)
    if session is None:
        return None
    last_seen = datetime.fromisoformat(session.laatst_gezien)
    if datetime.fromisoformat(session.verloopt) <= now or last_seen + timedelta(minutes=idle_minutes) <= now:
        store.session_delete(hashed)
        return None
    if (now - last_seen).total_seconds() >= TOUCH_EVERY_S:
        store.session_touch(hashed, now.isoformat(timespec="seconds"))
    return store.user_by_id(session.gebruiker_id)


def end_session(store, token: str) -> None:
    if token:
        store.session_delete(token_hash(token))


def _check_role(rol: str, gemeenten: Iterable[str], known: Iterable[str] | None) -> tuple[str, ...]:
    if rol not in ROLES:
        raise AccountError(texts.ROL_ONBEKEND.format(rol=rol, rollen=", ".join(ROLES)))
    codes = tuple(dict.fromkeys(c.strip() for c in gemeenten if c and c.strip()))
    bad = [c for c in codes if not _NIS.match(c) and not c.startswith("eigen-")]
    known_set = set(known) if known is not None else None
    if known_set is not None:
        bad += [c for c in codes if c not in known_set and c not in bad]
    if bad:
        raise AccountError(texts.GEMEENTE_CODES_ONBEKEND.format(codes=", ".join(bad)))
    if rol == "organisator" and not codes:
        raise AccountError(texts.ORGANISATOR_ZONDER_GEMEENTE)
    return codes if rol == "organisator" else ()


__all__ = ["AccountError", "LoginThrottled", "NotFoundError", "ROLES", "add_user", "authenticate", "change_user",
           "end_session", "hash_password", "normalise_email", "remove_user", "resume_session", "set_password",
           "start_session", "throttle_wait", "token_hash"]

"""Facilitator accounts: creation with checks, password verification (scrypt via Werkzeug), and
ending every session of an account (sign-out, a new password)."""
from __future__ import annotations

import functools
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .models import User

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def create_user(session: Session, email: str, name: str, password: str) -> User:
    email, name = normalise_email(email), (name or "").strip()
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError("Enter a valid email address.")
    if not name or len(name) > 120:
        raise AccountError("Enter your name (up to 120 characters).")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    if find_user(session, email) is not None:
        raise AccountError("There is already an account with that email.")
    user = User(email=email, name=name, password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


@functools.cache
def _unknown_account_hash() -> str:
    """A hash made like every account's (same method and cost), of a password nobody has."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The account, or None. An unknown email costs the same hash as a wrong password, so the
    answer's timing does not tell which emails have accounts."""
    user = find_user(session, email)
    stored = user.password_hash if user is not None else _unknown_account_hash()
    if not check_password_hash(stored, password or "") or user is None:
        return None
    return user


def end_sessions(user: User) -> None:
    """Every session and remember-me cookie of this account stops working (the id they carry names
    the old token); the caller signs the current browser in again if it should stay."""
    user.session_token = secrets.token_hex(16)


def set_password(user: User, password: str) -> None:
    """A new password ends every session of the account."""
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    user.password_hash = generate_password_hash(password)
    end_sessions(user)


def any_user(session: Session) -> bool:
    return (session.scalar(select(func.count()).select_from(User)) or 0) > 0

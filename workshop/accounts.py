"""Facilitator accounts: creation with checks, and password verification (scrypt via Werkzeug)."""
from __future__ import annotations

import re

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


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user(session, email)
    if user is None or not check_password_hash(user.password_hash, password or ""):
        return None
    return user


def any_user(session: Session) -> bool:
    return (session.scalar(select(func.count()).select_from(User)) or 0) > 0

"""Sign in and out, a new password, and the one-time set-up page shown only while no account exists.

Sessions are revocable: the id Flask-Login keeps in the session and the remember-me cookie is
"<user id>:<session token>" (User.get_id), and the loader accepts only the account's current token.
Signing out and a new password replace it, so every copy of an earlier cookie stops working."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import accounts
from ..db import db
from ..engine.envelope import is_id
from ..extensions import limiter, login_manager
from ..models import User
from . import live

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token or not is_id(int(user_id)):
        return None  # malformed, or a cookie from before sessions could be ended
    with db.session() as s:
        user = s.get(User, int(user_id))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("facilitator.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT"], methods=["POST"],
               deduct_when=lambda response: response.status_code == 401)
def login():
    with db.session() as s:
        if not accounts.any_user(s):
            return redirect(url_for("auth.setup"))
        if request.method == "POST":
            user = accounts.authenticate(s, request.form.get("email", ""), request.form.get("password", ""))
            if user is not None:
                login_user(user, remember=True)
                return redirect(_safe_next(request.args.get("next")))
            flash("That email and password don't match an account.", "error")
    return render_template("login.html", email=request.form.get("email", "")), 200 if request.method == "GET" else 401


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends this account's sessions everywhere: a copied session or remember-me cookie, or another
    browser still signed in, is signed out too."""
    with db.session(write=True) as s:
        user = s.get(User, current_user.id)
        if user is not None:
            accounts.end_sessions(user)
    live.end_account_sockets(current_user.id)
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/setup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT"], methods=["POST"],
               deduct_when=lambda response: response.status_code == 400)
def setup():
    """First run: create the first facilitator account. Gone as soon as one exists."""
    with db.session(write=True) as s:
        if accounts.any_user(s):
            return redirect(url_for("auth.login"))
        error = None
        if request.method == "POST":
            try:
                user = accounts.create_user(s, request.form.get("email", ""), request.form.get("name", ""),
                                            request.form.get("password", ""))
            except accounts.AccountError as exc:
                error = str(exc)
            else:
                login_user(user, remember=True)
                flash("Your account is ready. Create your first workshop.", "info")
                return redirect(url_for("facilitator.dashboard"))
    return render_template("setup.html", error=error, form=request.form), 400 if error else 200


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT"], methods=["POST"],
               deduct_when=lambda response: response.status_code == 400)
def password():
    """A new password: every other session of the account ends; this browser stays signed in."""
    error = None
    if request.method == "POST":
        with db.session(write=True) as s:
            user = s.get(User, current_user.id)
            try:
                if accounts.authenticate(s, user.email, request.form.get("current", "")) is None:
                    raise accounts.AccountError("Your current password is not right.")
                if request.form.get("new", "") != request.form.get("again", ""):
                    raise accounts.AccountError("The two new passwords are not the same.")
                accounts.set_password(user, request.form.get("new", ""))
            except accounts.AccountError as exc:
                error = str(exc)
        if error is None:
            live.end_account_sockets(user.id)  # this browser's console reconnects with its new cookie
            login_user(user, remember=True)  # under the new token
            flash("Password changed. Anywhere else this account was signed in is now signed out.", "info")
            return redirect(url_for("facilitator.dashboard"))
    return render_template("account_password.html", error=error), 400 if error else 200

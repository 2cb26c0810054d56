"""Sign in and out, and the one-time set-up page shown only while no account exists."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user

from .. import accounts
from ..db import db
from ..extensions import limiter, login_manager
from ..models import User

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    with db.session() as s:
        return s.get(User, int(user_id)) if user_id.isdigit() else None


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

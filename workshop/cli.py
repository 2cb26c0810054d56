"""`workshop serve | create-user | set-password | list | demo | export | import | partnership`.

Nothing heavy is imported at module level: `serve` monkey-patches for eventlet or gevent first.
"""
from __future__ import annotations

import getpass
import os
import socket
import sys
import warnings
from pathlib import Path

import click

from .config import DEFAULT_ASYNC_MODE
from .join_codes import format_code


def _patch(mode: str) -> None:
    if mode == "eventlet":
        # Still supported and tested; its deprecation notice (bugfix-only upstream) is said once in
        # the README, where the default (gevent) is explained, not on every start.
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
    elif mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    elif mode != "threading":
        raise click.BadParameter("async mode must be eventlet, gevent or threading")


def _lan_address() -> str | None:
    """The address phones on the same network can reach (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return None


SETTINGS_FILE = "/etc/workshop/workshop.env"  # where the README puts a deployment's settings


def _app(async_mode: str = "threading", existing: bool = False):
    """The app; commands other than `serve` run no server, so they need no green threads.
    `existing`: the command works on data that must already be there, so a SQLite database that
    does not exist means the settings were not loaded (refused, rather than a new empty database)."""
    from . import create_app

    if existing:
        _refuse_missing_database()
    return create_app({"ASYNC_MODE": async_mode})


def _refuse_missing_database() -> None:
    from .config import database_url, instance_dir

    url = database_url(instance_dir())
    if not url.startswith("sqlite:///"):
        return
    path = Path(url.removeprefix("sqlite:///"))
    if path.exists():
        return
    hint = f"`workshop --env-file {SETTINGS_FILE} ...`" if Path(SETTINGS_FILE).exists() else \
        "`workshop --env-file FILE ...` (or set WORKSHOP_DATABASE_URL / WORKSHOP_INSTANCE)"
    raise click.ClickException(
        f"There is no database at {path}: are the settings loaded? The server's settings come from "
        f"its environment; give the same here with {hint}. Nothing was created.")


def _note_new_database() -> None:
    """A first account may start a new SQLite database, but never silently: on a deployed machine
    it means the settings were not loaded and the account would be made where no server looks."""
    from .config import database_url, instance_dir

    url = database_url(instance_dir())
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        click.echo(f"Note: no database at {url.removeprefix('sqlite:///')} yet; making a new one. For a "
                   f"deployment's database give its settings: `workshop --env-file {SETTINGS_FILE} ...`.",
                   err=True)


def _without_password(url: str) -> str:
    """A database URL fit for a log: the start banner ends up in journald and run.sh's output."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy reads: say nothing of it
        return "(set)"


def _load_settings(_ctx, _param, path: str | None) -> str | None:
    """KEY=VALUE lines (deploy/workshop.env, systemd's EnvironmentFile) into the environment; a
    variable already set in the environment wins."""
    if path:
        from dotenv import load_dotenv

        load_dotenv(path, override=False)
    return path


@click.group()
@click.option("--env-file", type=click.Path(exists=True, dir_okay=False), envvar="WORKSHOP_ENV_FILE",
              callback=_load_settings, expose_value=False, is_eager=True,
              help=f"Read settings from this file first, as the server does (e.g. {SETTINGS_FILE}); "
                   "variables already in the environment win. Or set WORKSHOP_ENV_FILE.")
def main() -> None:
    """Workshop: live facilitation of SPP improvement workshops."""


@main.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--async-mode", type=click.Choice(["eventlet", "gevent", "threading"]),
              default=lambda: os.environ.get("WORKSHOP_ASYNC_MODE", DEFAULT_ASYNC_MODE), show_default=DEFAULT_ASYNC_MODE)
def serve(host: str, port: int, async_mode: str) -> None:
    """Start the server (one process)."""
    _patch(async_mode)
    app = _app(async_mode)
    from .accounts import any_user
    from .db import db
    from .extensions import socketio

    with db.session() as s:
        has_user = any_user(s)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    public = (app.config.get("PUBLIC_URL") or "").rstrip("/")
    address = public or f"http://{shown}:{port}"  # behind a proxy, the address people use
    click.echo(f"Workshop is running ({async_mode}) on {shown}:{port}, at {address}/")
    lan = _lan_address() if host in ("0.0.0.0", "::") and not public else None
    if lan and lan != "127.0.0.1":
        click.echo(f"Phones on the same network join at http://{lan}:{port}/")
    if has_user:
        click.echo(f"Sign in at {address}/login")
    else:
        click.echo(f"No account yet: create the first one at {address}/setup "
                   "(or run `workshop create-user`).")
    click.echo(f"Database: {_without_password(app.config['DATABASE_URL'])}")
    app.config["SERVE_HOST"] = host  # the console warns when phones cannot reach a loopback-only server
    if host in ("127.0.0.1", "localhost", "::1") and not app.config.get("PUBLIC_URL"):
        click.echo("Only this computer can reach it: phones need `workshop serve --host 0.0.0.0` "
                   "(or WORKSHOP_PUBLIC_URL behind a proxy).")
    extra = {"allow_unsafe_werkzeug": True} if async_mode == "threading" else {}
    if async_mode == "eventlet" and app.config.get("MAX_CONNECTIONS"):
        extra["max_size"] = app.config["MAX_CONNECTIONS"]  # eventlet's cap on open connections (1024)
    socketio.run(app, host=host, port=port, debug=False, use_reloader=False, log_output=False, **extra)


@main.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", envvar="WORKSHOP_PASSWORD", help="Or set WORKSHOP_PASSWORD; asked for if absent.")
def create_user(email: str, name: str, password: str | None) -> None:
    """Create a facilitator account."""
    if not password:
        if not sys.stdin.isatty():
            raise click.UsageError("Give --password or WORKSHOP_PASSWORD when not at a terminal.")
        password = getpass.getpass("Password (10+ characters): ")
    _note_new_database()
    _app()
    from .accounts import AccountError, create_user as make
    from .db import db

    try:
        with db.session(write=True) as s:
            user = make(s, email, name, password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created facilitator {user.email} (id {user.id}).")


@main.command("set-password")
@click.option("--email", prompt=True)
@click.option("--password", envvar="WORKSHOP_PASSWORD", help="Or set WORKSHOP_PASSWORD; asked for if absent.")
def set_password(email: str, password: str | None) -> None:
    """Give a facilitator a new password (a forgotten one); signs the account out everywhere."""
    if not password:
        if not sys.stdin.isatty():
            raise click.UsageError("Give --password or WORKSHOP_PASSWORD when not at a terminal.")
        password = getpass.getpass("New password (10+ characters): ")
    _app(existing=True)
    from .accounts import AccountError, find_user, set_password as change
    from .db import db

    try:
        with db.session(write=True) as s:
            user = find_user(s, email)
            if user is None:
                raise AccountError(f"There is no account {email}.")
            change(user, password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"New password set for {user.email}; every session of the account has ended.")


@main.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include archived workshops.")
def list_workshops(show_all: bool) -> None:
    """One workshop per line: id, status, join code, date, school."""
    _app(existing=True)
    from sqlalchemy import select

    from .db import db
    from .models import Workshop

    with db.session() as s:
        query = select(Workshop).order_by(Workshop.id)
        if not show_all:
            query = query.where(Workshop.archived.is_(False))
        for w in s.scalars(query):
            click.echo("\t".join([str(w.id), w.status, format_code(w.join_code) or "-",
                                  w.date.isoformat() if w.date else "-", w.school]))


@main.command()
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Where the server will be reached, for the printed links.")
def demo(base_url: str) -> None:
    """Seed a sign-in and a realistic sample workshop; print the links."""
    app = _app()
    from .demo import seed

    with app.test_request_context(base_url=base_url):
        info = seed()
    base = base_url.rstrip("/")
    click.echo("Demo workshop ready.")
    click.echo(f"  Sign in:      {base}/login   email {info['email']}   password {info['password']}")
    click.echo(f"  Facilitator:  {base}/w/{info['workshop']}/run")
    click.echo(f"  Board:        {base}/w/{info['workshop']}/board?key={info['board_key']}")
    click.echo(f"  Join:         {base}/j/{info['code']}   (or type code {format_code(info['code'])} at {base}/)")
    click.echo(f"  Partnership:  {base}/partnerships/{info['partnership']}")
    click.echo("Start the server with `workshop serve` if it is not running.")


FORMATS = ("pdf", "docx", "csv", "xlsx", "json")


def _write_atomically(path: str, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    import tempfile
    from pathlib import Path

    target = Path(path)
    if not target.parent.is_dir():
        raise click.ClickException(f"There is no folder {target.parent}.")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


@main.command("export")
@click.argument("workshop_id", type=int)
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="pdf, docx, csv, xlsx: the summary record; json: the whole workshop (a backup).")
@click.option("--checkin", is_flag=True, help="The 90-day check-in (actions with their progress) instead.")
@click.option("-o", "--output", required=True, help="The file to write.")
def export(workshop_id: int, fmt: str, checkin: bool, output: str) -> None:
    """Write a workshop's summary record (or a JSON backup of the whole workshop) to a file."""
    _app(existing=True)
    from .db import db
    from .record import NotFound, backup, build
    from .web.record import render_file

    try:
        with db.session() as s:
            if fmt == "json":
                data = backup.dumps(backup.export(s, workshop_id))
            else:
                data = render_file(build(s, workshop_id), fmt, checkin)
    except NotFound:
        raise click.ClickException(f"There is no workshop {workshop_id} (see `workshop list --all`).") from None
    _write_atomically(output, data)
    click.echo(f"Wrote {output} ({len(data):,} bytes).")


@main.group()
def partnership() -> None:
    """The partnerships: list them; export one's asks and offers or its 90-day picture."""


@partnership.command("list")
def list_partnerships() -> None:
    """One partnership per line: id, name, how many schools."""
    _app(existing=True)
    from sqlalchemy import func, select

    from .db import db
    from .models import Partnership, PartnerSchool

    with db.session() as s:
        schools = dict(s.execute(select(PartnerSchool.partnership_id, func.count()).group_by(
            PartnerSchool.partnership_id)).all())
        for p in s.scalars(select(Partnership).order_by(Partnership.id)):
            n = schools.get(p.id, 0)
            click.echo(f"{p.id}  {p.name} ({n} school{'' if n == 1 else 's'})")


@partnership.command("export")
@click.argument("partnership_id", type=int)
@click.option("--format", "fmt", type=click.Choice(("csv", "xlsx", "pdf")), required=True,
              help="csv, xlsx: the asks and offers; pdf: the 90-day picture.")
@click.option("-o", "--output", required=True, help="The file to write.")
def export_partnership(partnership_id: int, fmt: str, output: str) -> None:
    """Write a partnership's asks and offers (CSV, XLSX) or its 90-day picture (PDF) to a file."""
    _app(existing=True)
    from . import partnership_exports as exports
    from . import partnerships, picture90
    from .db import db
    from .models import Partnership

    with db.session() as s:
        if s.get(Partnership, partnership_id) is None:
            raise click.ClickException(
                f"There is no partnership {partnership_id} (see `workshop partnership list`).")
        if fmt == "pdf":
            data = exports.picture_pdf(picture90.picture(s, partnership_id))
        else:
            asks = partnerships.asks(s, partnership_id)
            data = exports.to_csv(asks) if fmt == "csv" else exports.to_xlsx(asks)
    _write_atomically(output, data)
    click.echo(f"Wrote {output} ({len(data):,} bytes).")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--owner", help="Email of the facilitator who will own it (default: the first account).")
def import_(file: str, owner: str | None) -> None:
    """Restore a workshop from a JSON backup made by `workshop export --format json`."""
    _app(existing=True)
    from sqlalchemy import select

    from .accounts import find_user
    from .db import db
    from .models import User
    from .record import backup

    with open(file, "rb") as f:
        raw = f.read()
    try:
        doc = backup.loads(raw)
        with db.session(write=True) as s:
            user = find_user(s, owner) if owner else s.scalar(select(User).order_by(User.id).limit(1))
            if user is None:
                raise click.ClickException("No such facilitator account: create one with `workshop create-user`.")
            workshop = backup.import_workshop(s, doc, user)
    except backup.BackupError as exc:
        raise click.ClickException(f"Nothing imported: {exc}") from None
    click.echo(f"Imported workshop {workshop.id}: {workshop.title} (owner {user.email}, status {workshop.status}).")


if __name__ == "__main__":
    main()

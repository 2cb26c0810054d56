"""The command line and the server's settings (issue 11 §6): `--env-file` reads the same file the
server does; without settings, a command that needs existing data refuses instead of silently
making a new SQLite database; the start banner shows WORKSHOP_PUBLIC_URL."""
from __future__ import annotations

from click.testing import CliRunner

from workshop import cli
from workshop.cli import main

SETTINGS = ("WORKSHOP_INSTANCE", "WORKSHOP_DATABASE_URL", "WORKSHOP_PUBLIC_URL", "SECRET_KEY", "WORKSHOP_ENV_FILE")


def run(*args, **env):
    # None: unset for the call and put back afterwards, so what --env-file loads does not leak
    clean = {name: None for name in SETTINGS}
    return CliRunner().invoke(main, list(args), env={**clean, **env}, catch_exceptions=False)


def test_list_without_settings_refuses_and_creates_nothing(tmp_path):
    listed = run("list", WORKSHOP_INSTANCE=str(tmp_path))
    assert listed.exit_code != 0
    assert f"There is no database at {tmp_path / 'workshop.db'}" in listed.output
    assert "--env-file" in listed.output
    assert not (tmp_path / "workshop.db").exists()


def test_the_env_file_gives_the_commands_the_servers_database(tmp_path):
    deployed = tmp_path / "deployed"
    env_file = tmp_path / "workshop.env"
    env_file.write_text(f"# as deploy/workshop.env\nSECRET_KEY=same-as-the-server\nWORKSHOP_INSTANCE={deployed}\n")
    made = run("--env-file", str(env_file), "create-user", "--email", "ic@example.org", "--name", "Priya",
               "--password", "long enough password", WORKSHOP_INSTANCE=None)
    assert made.exit_code == 0, made.output
    assert (deployed / "workshop.db").exists()
    assert run("--env-file", str(env_file), "demo").exit_code == 0

    listed = run("list", WORKSHOP_ENV_FILE=str(env_file))
    assert listed.exit_code == 0, listed.output
    assert "Riverside Academy" in listed.output
    # a variable set in the environment wins over the file
    elsewhere = run("--env-file", str(env_file), "list", WORKSHOP_INSTANCE=str(tmp_path / "other"))
    assert elsewhere.exit_code != 0 and "There is no database" in elsewhere.output


def test_a_first_account_may_make_the_database_but_says_so(tmp_path):
    made = run("create-user", "--email", "ic@example.org", "--name", "Priya", "--password", "long enough password",
               WORKSHOP_INSTANCE=str(tmp_path))
    assert made.exit_code == 0
    assert f"no database at {tmp_path / 'workshop.db'} yet" in made.output
    again = run("create-user", "--email", "b@example.org", "--name", "B", "--password", "long enough password",
                WORKSHOP_INSTANCE=str(tmp_path))
    assert again.exit_code == 0 and "no database" not in again.output


def test_the_start_banner_shows_the_public_address(tmp_path, monkeypatch):
    from workshop.extensions import socketio

    monkeypatch.setattr(cli, "_patch", lambda mode: None)
    monkeypatch.setattr(socketio, "run", lambda *a, **k: None)  # the banner, not the server
    shown = run("serve", "--host", "127.0.0.1", "--port", "5001", "--async-mode", "threading",
                WORKSHOP_INSTANCE=str(tmp_path), WORKSHOP_PUBLIC_URL="https://workshop.example.gov.uk/")
    assert shown.exit_code == 0, shown.output
    assert "at https://workshop.example.gov.uk/" in shown.output
    assert "https://workshop.example.gov.uk/setup" in shown.output
    assert "http://127.0.0.1:5001/" not in shown.output

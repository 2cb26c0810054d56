"""create_app(config): configuration, database, extensions, blueprints and socket handlers."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, jsonify, render_template
from sqlalchemy import exc as sa_exc
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import config as config_module
from . import security, tools
from .db import UNAVAILABLE_RETRY_AFTER_S, db, unavailable as database_unavailable
from .engine.envelope import MAX_ID
from .engine.limits import client_limits
from .extensions import csrf, login_manager, socketio
from .join_codes import format_code


class BoundedId(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(config_module.from_environment())
    app.config.from_mapping(overrides or {})

    db.configure(app.config["DATABASE_URL"], pool_size=app.config.get("DB_POOL_SIZE"))
    if app.config.get("AUTO_MIGRATE", True):
        db.upgrade()

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    csrf.init_app(app)
    security.init_app(app)  # rate limits, security headers (CSP), cookie flags

    from .web import auth, facilitator, join, live  # noqa: F401  (live registers socket handlers)
    from .web import partnership as partnership_pages
    from .web import record as record_pages
    from .web import partnership_asks, partnership_picture
    from .engine import push as live_push

    # Ids in URLs are 32-bit like the database's: a bigger number is "not found" (404), not an
    # OverflowError (500) from the database driver.
    app.url_map.converters["int"] = BoundedId
    app.register_blueprint(auth.bp)
    app.register_blueprint(facilitator.bp)
    app.register_blueprint(join.bp)
    app.register_blueprint(record_pages.bp)
    app.register_blueprint(partnership_pages.bp)
    app.register_blueprint(partnership_asks.bp)
    app.register_blueprint(partnership_picture.bp)

    origins = app.config["ALLOWED_ORIGINS"] or None  # None: the server's own origin only
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"], message_queue=app.config["MESSAGE_QUEUE"],
                      channel=app.config.get("MESSAGE_QUEUE_CHANNEL") or "flask-socketio",
                      cors_allowed_origins=origins, max_http_buffer_size=64 * 1024,
                      logger=False, engineio_logger=False)
    live_push.heal_after_queue_reconnects(app)  # a restarted Redis: re-push what was missed
    hops = app.config.get("TRUSTED_PROXIES") or 0
    if hops:  # behind nginx: the client's address (rate limits) and scheme come from its headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    # Each tool may style its own screens in static/css/tools/<tool>.css.
    styles_dir = Path(app.static_folder) / "css" / "tools"
    tool_styles = [name for name in tools.REGISTRY if (styles_dir / f"{name}.css").exists()]
    app.context_processor(lambda: {"tool_styles": tool_styles, "client_limits": client_limits()})
    # Live pages embed the limits (base.html); outside clients read them here. Nothing secret.
    app.add_url_rule("/limits.json", "limits", lambda: jsonify(client_limits()))
    app.jinja_env.filters["join_code"] = format_code  # K7M2-QX4P, as the board shows it

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("error.html", title="Not found",
                               message="There is nothing at this address."), 404

    @app.errorhandler(sa_exc.SQLAlchemyError)
    def database_error(error):
        # The database stopped or restarting (a redeploy, a failover): say "busy, try again" with
        # Retry-After, as the socket answers `busy`, rather than a 500 that reads as a bug.
        if not database_unavailable(error):
            raise error
        return render_template("unavailable.html"), 503, {"Retry-After": str(UNAVAILABLE_RETRY_AFTER_S)}

    @app.errorhandler(500)
    def server_error(_error):
        return render_template("error.html", title="Something went wrong",
                               message="The server hit a problem. Please try again."), 500

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return app

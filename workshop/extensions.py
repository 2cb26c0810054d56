"""Extensions, made once and bound to the app in create_app (init_app)."""
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_talisman import Talisman
from flask_wtf import CSRFProtect

socketio = SocketIO()
login_manager = LoginManager()
csrf = CSRFProtect()


def _client_address() -> str:
    from .security import client_address

    return client_address()


# HTTP rate limits (only the routes that declare one); set up in security.init_app.
limiter = Limiter(key_func=_client_address)
class _Talisman(Talisman):
    """Talisman, except that a page which sets its own Referrer-Policy keeps it (the head's
    plan link sends none at all)."""

    def _set_referrer_policy_headers(self, headers):
        if "Referrer-Policy" not in headers:
            super()._set_referrer_policy_headers(headers)


# Security headers and the Content-Security-Policy; set up in security.init_app.
talisman = _Talisman()

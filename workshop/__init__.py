"""Workshop: live facilitation of SPP improvement workshops.

The factory lives in workshop.app; it is imported lazily so that ``workshop serve`` can
monkey-patch for eventlet/gevent before Flask, SQLAlchemy or threading are imported.
"""


def create_app(overrides: dict | None = None):
    from .app import create_app as _create_app

    return _create_app(overrides)

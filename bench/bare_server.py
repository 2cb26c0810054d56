"""The floor: a bare python-socketio server (through Flask-SocketIO's `run`, so each async mode
gets exactly the web server stack `workshop serve` uses) that only relays: every `intent` bumps a
counter, is acknowledged, and a `state` of the size the real server sent at that version (per
audience, recorded by the real run) goes to each audience's room. No database, no reducer, no
views.  `python -m bench.bare_server --async-mode eventlet --port 5099 --sizes sizes.json`
"""
from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "gevent", "threading"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sizes", help="JSON {version: {role: bytes}} recorded from the real server")
    parser.add_argument("--start-version", type=int, default=0)
    args = parser.parse_args(argv)
    if args.async_mode == "eventlet":
        import eventlet

        eventlet.monkey_patch()
    elif args.async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    import warnings

    warnings.filterwarnings("ignore", message=".*Eventlet is deprecated.*")
    from flask import Flask, request
    from flask_socketio import SocketIO, emit, join_room

    sizes: dict[int, dict[str, int]] = {}
    if args.sizes:
        with open(args.sizes) as f:
            sizes = {int(k): v for k, v in json.load(f).items()}
    known = sorted(sizes)
    app = Flask(__name__)
    sio = SocketIO(app, async_mode=args.async_mode, max_http_buffer_size=64 * 1024, logger=False,
                   engineio_logger=False)
    counter = {"version": args.start_version}

    def size_of(version: int, role: str) -> int:
        if not known:
            return 200
        at = max((v for v in known if v <= version), default=known[0])
        return sizes[at].get(role, 200)

    def state(version: int, role: str) -> dict:
        body = {"protocol": 1, "version": version, "role": role, "pad": ""}
        body["pad"] = "x" * max(0, size_of(version, role) - len(json.dumps(body)))
        return body

    roles = {}

    @sio.on("connect")
    def on_connect(auth=None):
        role = auth.get("role") if isinstance(auth, dict) else None
        if role not in ("facilitator", "board", "participant"):
            return False
        roles[request.sid] = role
        join_room(role)
        emit("state", state(counter["version"], role))
        return None

    @sio.on("disconnect")
    def on_disconnect(*_):
        roles.pop(request.sid, None)

    @sio.on("intent")
    def on_intent(data=None):
        counter["version"] += 1
        version = counter["version"]
        for role in ("facilitator", "board", "participant"):
            sio.emit("state", state(version, role), to=role)
        ack = {"ok": True, "version": version, "duplicate": False}
        if roles.get(request.sid) == "participant":
            ack["private"] = {"activity": 1, "mine": []}
        return ack

    @sio.on("sync")
    def on_sync(data=None):
        return {"ok": True, "version": counter["version"]}

    print(f"bare server ({args.async_mode}) on {args.port}", file=sys.stderr, flush=True)
    sio.run(app, host="127.0.0.1", port=args.port, debug=False, use_reloader=False, log_output=False,
            **({"allow_unsafe_werkzeug": True} if args.async_mode == "threading" else {}))


if __name__ == "__main__":
    main()

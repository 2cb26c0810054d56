"""Blueprints: auth (sign in, first-run set-up), facilitator pages, join and phone pages, live sockets."""

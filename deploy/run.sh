#!/usr/bin/env bash
# Several Workshop processes without systemd: `deploy/run.sh [N] [FIRST_PORT]` starts N processes
# (default: one per core; give N, one fewer, when PostgreSQL shares the machine) on
# 127.0.0.1:FIRST_PORT.. (default 5001), with the settings from the
# environment (see deploy/workshop.env: `set -a; . /etc/workshop/workshop.env; set +a`), and stops
# them all on Ctrl-C or SIGTERM. A process that dies is started again after a second.
set -euo pipefail
cd "$(dirname "$0")/.."

count="${1:-$(nproc)}"
first="${2:-5001}"
: "${WORKSHOP_DATABASE_URL:?set WORKSHOP_DATABASE_URL (PostgreSQL) so the processes share one database}"
: "${WORKSHOP_MESSAGE_QUEUE:?set WORKSHOP_MESSAGE_QUEUE (redis://...) so the processes share rooms}"
: "${SECRET_KEY:?set SECRET_KEY: every process must sign sessions with the same key}"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# Migrate once before the processes start (each would otherwise wait its turn for the lock).
.venv/bin/python -c "from workshop import create_app; create_app({'ASYNC_MODE': 'threading'})"

run_one() {  # one port: start, and start again after a crash, until told to stop
  local port=$1 child=""
  trap '[ -n "$child" ] && kill "$child" 2>/dev/null; wait; exit 0' INT TERM
  while true; do
    .venv/bin/workshop serve --host 127.0.0.1 --port "$port" &
    child=$!
    wait "$child" || true
    echo "workshop on port $port stopped; starting it again" >&2
    sleep 1
  done
}

pids=()
stop() { trap - INT TERM; kill "${pids[@]}" 2>/dev/null || true; wait; exit 0; }
trap stop INT TERM

for ((n = 0; n < count; n++)); do
  port=$((first + n))
  run_one "$port" &
  pids+=("$!")
  echo "workshop process on 127.0.0.1:$port"
done
wait

#!/usr/bin/env bash
# make run: the whole platform on this machine, in the foreground, data kept under .run/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stack.sh

STATE=$PWD/.run
NATS_PORT=${MC_NATS_PORT:-14222}
PG_PORT=${MC_PG_PORT:-15432}
HTTP_PORT=${MC_HTTP_PORT:-8080}
mkdir -p "$STATE/logs"
if stack_is_running "$STATE"; then
  echo "run: Microcourt is already running from this checkout (.run/*.pid); stop it first" >&2
  exit 1
fi
require_free_port "$NATS_PORT" nats
require_free_port "$PG_PORT" pg
require_free_port "$HTTP_PORT" http

trap 'echo; echo "stopping"; stop_stack "$STATE"; trap - EXIT; exit 0' INT TERM
trap 'stop_stack "$STATE"' EXIT
scripts/face-assets.sh >/dev/null 2>&1 || echo "run: face models not fetched; face sign-in answers unavailable"
stack_env "$STATE" "$NATS_PORT" "$PG_PORT" "$HTTP_PORT"
start_nats "$STATE" "$NATS_PORT"
start_pg "$STATE" "$PG_PORT"
start_services "$STATE"
wait_healthy "http://127.0.0.1:$HTTP_PORT" || { stop_stack "$STATE"; exit 1; }
kill -0 "$(cat "$STATE/gateway.pid")" 2>/dev/null || {
  echo "run: the gateway exited; see .run/logs/gateway.log" >&2; stop_stack "$STATE"; exit 1; }
seed_staff
echo "Microcourt is up: http://127.0.0.1:$HTTP_PORT  (logs in .run/logs, Ctrl-C stops)"
echo "NATS $NATS_URL  PostgreSQL 127.0.0.1:$PG_PORT"
echo "Staff accounts clerk1, judge1, officer1 (court 浙0203) and clerk9 (浙0212), password"
echo "'correct horse battery'; SMS codes go to .run/outbox/sms.log. 'make demo' walks a lawsuit."
wait

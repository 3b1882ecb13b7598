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

trap 'echo; echo "stopping"; stop_stack "$STATE"; exit 0' INT TERM
scripts/face-assets.sh >/dev/null 2>&1 || echo "run: face models not fetched; face sign-in answers unavailable"
stack_env "$STATE" "$NATS_PORT" "$PG_PORT" "$HTTP_PORT"
start_nats "$STATE" "$NATS_PORT"
start_pg "$STATE" "$PG_PORT"
start_services "$STATE"
wait_healthy "http://127.0.0.1:$HTTP_PORT"
echo "Microcourt is up: http://127.0.0.1:$HTTP_PORT  (logs in .run/logs, Ctrl-C stops)"
echo "NATS $NATS_URL  PostgreSQL 127.0.0.1:$PG_PORT"
wait

#!/usr/bin/env bash
# Breaks and mends parts of a running stack, for fault tests: scripts/fault.sh STATE ACTION [SVC]
#   kill SVC      SIGKILL one service          start SVC   start it again (same environment)
#   pg-stop       PostgreSQL immediate stop    pg-start    start it again on the same port
#   nats-stop     SIGKILL nats-server          nats-start  start it again (same config, same data)
# The caller's environment must be the stack's (test.sh exports it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stack.sh
STATE=$1 ACTION=$2 SVC=${3:-}

case "$ACTION" in
  kill)
    kill -9 "$(cat "$STATE/$SVC.pid")" 2>/dev/null || true ;;
  start)
    "$BIN/mc-$SVC" >>"$STATE/logs/$SVC.log" 2>&1 &
    echo $! > "$STATE/$SVC.pid" ;;
  pg-stop)
    as_pg "$PG_BIN/pg_ctl" -D "$(cat "$STATE/pg.dir")/data" -m immediate -w stop >/dev/null 2>&1 ;;
  pg-start)
    dir=$(cat "$STATE/pg.dir")
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $(cat "$STATE/pg.port") -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" \
      start >/dev/null 2>&1 ;;
  nats-stop)
    kill -9 "$(cat "$STATE/nats.pid")" 2>/dev/null || true ;;
  nats-start)
    nats-server -c "$STATE/nats.conf" >>"$STATE/logs/nats.log" 2>&1 &
    echo $! > "$STATE/nats.pid"
    wait_tcp "$(cat "$STATE/nats.port")" nats-server ;;
  *) echo "fault.sh: unknown action $ACTION" >&2; exit 2 ;;
esac
